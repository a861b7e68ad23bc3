"""The digest's main picture: effect. One panel per goal (and per measure unit within a goal, so
a percentage and a rate per 1,000 never share one axis), each indicator's last periods as a line,
its target as a dashed line, and the latest value labelled; the alt text says the trend in words.

matplotlib is imported inside `render_effect_chart` only (object API on the Agg canvas, no
pyplot): importing this module costs nothing, and the clock or a web worker pays for matplotlib
only when a chart is drawn.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from bot.charts import MAX_ALT_TEXT, Chart
from bot.services.digest import GoalEffect, IndicatorEffect
from bot.texts import is_percent, t
from bot.views.digest import fmt_change, fmt_number, period_of

COLOURS = ("#1d4e89", "#c8553d", "#3a9d5d", "#7b5ea7")
DPI = 110


def drawable(effect: Sequence[GoalEffect]) -> bool:
    """True when at least one indicator has a value to draw."""
    return any(i.history for goal in effect for i in goal.indicators)


@dataclass(frozen=True)
class Panel:
    """One panel: the goal's title on its first panel, one measure unit, its indicators."""

    title: str | None
    unit: str | None
    indicators: tuple[IndicatorEffect, ...]


def panels(effect: Sequence[GoalEffect]) -> list[Panel]:
    """The chart's panels, top to bottom: each goal's indicators with values, one panel per
    measure unit (in the order the indicators come); a goal without values gets one empty."""
    found: list[Panel] = []
    for goal in effect:
        units: dict[str, list[IndicatorEffect]] = {}
        for indicator in goal.indicators:
            if indicator.history:
                units.setdefault(indicator.measure_unit.casefold(), []).append(indicator)
        if not units:
            found.append(Panel(goal.title, None, ()))
        for number, group in enumerate(units.values()):
            title = goal.title if number == 0 else None
            found.append(Panel(title, group[0].measure_unit, tuple(group)))
    return found


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _months(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _tick(step: int, index: int, lang: str) -> str:
    """A short label under the axis: '3. kvt.\n2026', 'sep\n2026', '2026'."""
    month = f"{index // 12:04d}-{index % 12 + 1:02d}"
    if step == 3:
        return period_of(month, 3, lang).replace(" 20", "\n20", 1)
    if step == 12:
        return month[:4]
    return f"{t(f'digest.month_{int(month[5:7])}', lang)[:3]}\n{month[:4]}"


def render_effect_chart(
    effect: Sequence[GoalEffect], *, lang: str, title: str, scope: str, filename: str
) -> Chart:
    """Draw the panels (a goal without any value gets a short note) as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")  # never look for a display
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = panels(effect) or [Panel(t("chart.effect_no_goals", lang), None, ())]
    width, panel, gap, top, bottom = 11.0, 1.9, 0.75, 0.8, 0.45
    height = top + bottom + len(rows) * panel + (len(rows) - 1) * gap
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.text(
        0.3 / width, 1 - 0.3 / height, t("chart.effect_title", lang), fontsize=11, weight="bold"
    )
    figure.text(1 - 0.3 / width, 1 - 0.3 / height, title, fontsize=9, ha="right", color="#555555")
    for row, shown in enumerate(rows):
        y = height - top - (row + 1) * panel - row * gap
        axis = figure.add_axes((0.8 / width, y / height, 6.4 / width, panel / height))
        if shown.title is not None:
            axis.set_title(_short(shown.title, 80), fontsize=9, loc="left", weight="bold")
        axis.spines[["top", "right"]].set_visible(False)
        drawn = list(shown.indicators)
        if not drawn:
            axis.axis("off")
            axis.text(0.0, 0.5, t("chart.effect_no_values", lang), fontsize=9, va="center")
            continue
        axis.set_ylabel(_short(shown.unit or "", 30), fontsize=7, color="#555555")
        # Indicators of one goal may be monthly and quarterly: x is time, in months.
        first = min(_months(m) for i in drawn for m, _p, _v in i.history)
        last = max(_months(m) for i in drawn for m, _p, _v in i.history)
        handles, legend = [], []
        for number, indicator in enumerate(drawn[: len(COLOURS)]):
            colour = COLOURS[number]
            xs = [_months(m) - first for m, _p, _v in indicator.history]
            ys = [v for _m, _p, v in indicator.history]
            style = "--" if indicator.stale else "-"
            (line,) = axis.plot(
                xs, ys, style, color=colour, linewidth=1.8, marker="o", markersize=2.5
            )
            handles.append(line)
            legend.append(_short(f"{indicator.name} ({indicator.measure_unit})", 52))
            for key, series in indicator.comparisons:
                if not series:
                    continue
                (other,) = axis.plot(
                    [_months(m) - first for m, _v in series],
                    [v for _m, v in series],
                    ":" if key == "000" else "-.",
                    color=colour,
                    alpha=0.55,
                    linewidth=1.1,
                )
                handles.append(other)
                name = t(f"chart.effect_{'country' if key == '000' else 'group'}", lang)
                legend.append(_short(f"{indicator.name}: {name}", 52))
            if indicator.target is not None:
                axis.axhline(indicator.target, color=colour, linestyle=":", linewidth=1.1)
                axis.text(
                    0,
                    indicator.target,
                    t("chart.effect_target", lang, value=fmt_number(indicator.target, lang)),
                    fontsize=7,
                    color=colour,
                    va="bottom",
                )
            axis.annotate(
                fmt_number(ys[-1], lang),
                (xs[-1], ys[-1]),
                textcoords="offset points",
                xytext=(6, 4),
                fontsize=8,
                weight="bold",
                color=colour,
            )
        axis.legend(
            handles, legend, fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0)
        )
        axis.yaxis.set_major_locator(MaxNLocator(nbins=4))
        axis.tick_params(labelsize=7)
        step = min(i.step for i in drawn)
        span = last - first
        every = max(step, (span // 7 // step + 1) * step)
        ticks = list(range(span % every, span + 1, every))
        axis.set_xticks(ticks, [_tick(step, first + n, lang) for n in ticks])
        axis.set_xlim(-1, span + max(3, span // 8))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return Chart(
        png=buffer.getvalue(),
        title=title,
        alt_text=effect_alt_text(effect, lang=lang, scope=scope),
        filename=filename,
    )


def _trend(indicator: IndicatorEffect, lang: str) -> str:
    first_month, _p, first = indicator.history[0]
    last_month, _q, last = indicator.history[-1]
    key = "rose" if last > first else "fell" if last < first else "same"
    # A percentage moves in points, said as such: "faldt 0,9 procentpoint fra 16 til 15,1".
    by_points = key != "same" and is_percent(indicator.measure_unit)
    text = t(
        f"chart.effect_alt_{key}" + ("_points" if by_points else ""),
        lang,
        change=fmt_change(last - first, indicator.measure_unit, lang),
        name=indicator.name,
        first=fmt_number(first, lang),
        last=fmt_number(last, lang),
        unit=indicator.measure_unit,
        since=period_of(first_month, indicator.step, lang),
        until=period_of(last_month, indicator.step, lang),
    )
    if indicator.target is not None:
        text += t("chart.effect_alt_target", lang, target=fmt_number(indicator.target, lang))
    for key in ("000", "group"):
        other = indicator.compared(key)
        if other is not None:
            name = t(f"chart.effect_{'country' if key == '000' else 'group'}", lang)
            text += f"; {name} {fmt_number(other, lang)}"
    if indicator.stale:
        text += " (" + t("statbank.stale", lang) + ")"
    return text + "."


def effect_alt_text(effect: Sequence[GoalEffect], *, lang: str, scope: str) -> str:
    """The trend of every indicator in words, within Slack's 1,000 characters."""
    parts = [t("chart.effect_alt_intro", lang, scope=scope)]
    for goal in effect:
        lines = [_trend(i, lang) for i in goal.indicators if i.history]
        missing = [i.name for i in goal.indicators if not i.history]
        if missing:
            lines.append(t("chart.effect_alt_missing", lang, names=", ".join(missing)))
        parts.append(f"{goal.title}: " + " ".join(lines))
    text = " ".join(parts)
    return text if len(text) <= MAX_ALT_TEXT else text[: MAX_ALT_TEXT - 1] + "…"
