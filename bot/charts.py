"""The digest's chart: new vs resolved items per goal by month, and units sharing items.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no global state, no display),
so it is safe in a web worker or the clock; matplotlib is imported only when a chart is drawn.
The chart shows counts only: no names of people.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from bot.services.digest import ChartData
from bot.texts import count_of, t

MAX_ALT_TEXT = 1000  # Slack's limit for a file's alt text
NEW_COLOUR = "#1d4e89"
RESOLVED_COLOUR = "#3a9d5d"
DPI = 110


@dataclass(frozen=True)
class Chart:
    """A rendered chart: PNG bytes, a title, and alt text that says what it shows."""

    png: bytes
    title: str
    alt_text: str
    filename: str


def _month_tick(month: str, lang: str, *, first: bool = False) -> str:
    """A short month label; the year is added in January and on the first bar."""
    name = t(f"digest.month_{int(month[5:7])}", lang)[:3]
    return f"{name}\n{month[:4]}" if first or month.endswith("-01") else name


def _month_long(month: str, lang: str) -> str:
    return f"{t(f'digest.month_{int(month[5:7])}', lang)} {month[:4]}"


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_chart(data: ChartData, *, lang: str, title: str, scope: str, filename: str) -> Chart:
    """Draw the chart as PNG bytes, with alt text for screen readers."""
    # Imported here, not at module import: only a process that draws pays for matplotlib.
    import matplotlib

    matplotlib.use("Agg")  # before anything else from matplotlib: never look for a display
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    panels = max(1, len(data.series))
    # Laid out by hand in inches (no "tight" bounding box): it is fast and always the same.
    width, panel, gap, top, bottom = 13.0, 1.0, 0.5, 0.85, 0.65
    needed = top + bottom + panels * panel + (panels - 1) * gap
    height = max(5.4 if data.units else 2.8, needed)
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.text(
        0.3 / width, 1 - 0.3 / height, t("chart.trend_title", lang), fontsize=11, weight="bold"
    )
    figure.text(1 - 0.3 / width, 1 - 0.3 / height, title, fontsize=9, ha="right", color="#555555")
    months = data.months
    positions = list(range(len(months)))
    ticks = [_month_tick(m, lang, first=i == 0) for i, m in enumerate(months)]
    bar = 0.4
    for row, series in enumerate(data.series):
        y = height - top - (row + 1) * panel - row * gap
        axis = figure.add_axes((0.7 / width, y / height, 5.6 / width, panel / height))
        axis.bar([p - bar / 2 for p in positions], series.new, bar, color=NEW_COLOUR)
        axis.bar([p + bar / 2 for p in positions], series.resolved, bar, color=RESOLVED_COLOUR)
        axis.set_title(_short(series.title or t("chart.no_goal", lang), 70), fontsize=9, loc="left")
        axis.spines[["top", "right"]].set_visible(False)
        axis.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        axis.set_ylim(0, max(1, *series.new, *series.resolved) * 1.15)
        axis.set_xlim(-0.6, len(months) - 0.4)
        axis.set_xticks(positions, ticks)
        # The panels share the months: only the bottom one names them.
        axis.tick_params(labelbottom=row == panels - 1, labelsize=7)
        if row == 0:
            axis.legend(
                [t("chart.new", lang), t("chart.resolved", lang)],
                fontsize=7,
                frameon=False,
                loc="lower right",
                bbox_to_anchor=(1.0, 1.0),
                ncols=2,
            )
    # About half an inch per unit, so two units do not fill the page.
    side = min(4.2, height - top - bottom - 0.6, 1.2 + 0.45 * len(data.units))
    left = 8.0
    matrix = figure.add_axes(
        (left / width, (height - top - side) / height, side / width, side / height)
    )
    first_label, last_label = _month_long(months[0], lang), _month_long(months[-1], lang)
    heading = t("chart.matrix_title", lang, first=first_label, last=last_label)
    figure.text(
        (left - 1.4) / width, (height - top + 0.25) / height, heading, fontsize=10, va="bottom"
    )
    if data.units:
        size = len(data.units)
        image = matrix.imshow(data.matrix, cmap="Blues", vmin=0, aspect="auto")
        labels = [_short(u, 20) for u in data.units]
        matrix.set_xticks(range(size), labels, rotation=55, ha="right", fontsize=7)
        matrix.set_yticks(range(size), labels, fontsize=7)
        peak = max((max(row) for row in data.matrix), default=0) or 1
        for i in range(size):
            for j in range(size):
                value = data.matrix[i][j]
                if value:
                    colour = "white" if value > peak * 0.6 else "#222222"
                    matrix.text(
                        j, i, str(value), ha="center", va="center", fontsize=6, color=colour
                    )
        scale = figure.add_axes(
            (
                (left + side + 0.15) / width,
                (height - top - side) / height,
                0.12 / width,
                side / height,
            )
        )
        bar_scale = figure.colorbar(image, cax=scale, ticks=MaxNLocator(nbins=5, integer=True))
        bar_scale.ax.tick_params(labelsize=7)
    else:
        matrix.axis("off")
        matrix.text(0.0, 0.9, t("chart.matrix_empty", lang), va="top", fontsize=10)
    buffer = io.BytesIO()
    # No metadata beyond the defaults: nothing about people goes into the file.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return Chart(
        png=buffer.getvalue(),
        title=title,
        alt_text=alt_text(data, lang=lang, scope=scope),
        filename=filename,
    )


def alt_text(data: ChartData, *, lang: str, scope: str) -> str:
    """What the chart shows, in words, within Slack's 1,000 characters."""
    first, last = _month_long(data.months[0], lang), _month_long(data.months[-1], lang)
    series = " ".join(
        t(
            "chart.alt_series",
            lang,
            title=_short(s.title or t("chart.no_goal", lang), 60),
            new=sum(s.new),
            resolved=sum(s.resolved),
        )
        for s in data.series
    )
    if data.units:
        best = max(
            (
                (data.matrix[i][j], data.units[i], data.units[j])
                for i in range(len(data.units))
                for j in range(i + 1, len(data.units))
            ),
            default=(0, "", ""),
        )
        units = count_of("unit", lang, len(data.units))
        matrix = t("chart.alt_matrix", lang, units=units, a=best[1], b=best[2], n=best[0])
    else:
        matrix = t("chart.alt_matrix_empty", lang)
    text = t("chart.alt", lang, scope=scope, first=first, last=last, series=series, matrix=matrix)
    return text if len(text) <= MAX_ALT_TEXT else text[: MAX_ALT_TEXT - 1] + "…"
