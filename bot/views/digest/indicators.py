"""The effect section's lines: each indicator's value, how it moved, its target and source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.services.digest import GoalEffect, IndicatorEffect
from bot.services.effect import shift_month
from bot.slack_text import safe_mrkdwn
from bot.texts import t
from bot.views.digest.format import (
    _context,
    _section,
    _with_unit,
    fmt_change,
    fmt_number,
    month_label,
    month_name,
)
from bot.views.effect import period_label

MARKS = {"better": ":large_green_circle:", "worse": ":red_circle:", "same": ":white_circle:"}


def _effect_blocks(effect: Sequence[GoalEffect], month: str, lang: str) -> list[dict[str, Any]]:
    if not effect:
        return [_context(t("digest.effect_no_goals", lang))]
    blocks = []
    for goal in effect:
        lines = [f"*{safe_mrkdwn(goal.title, limit=200)}*"]
        lines += [_indicator_line(indicator, month, lang) for indicator in goal.indicators]
        blocks.append(_section("\n".join(lines)))
    if not any(i.value is not None for goal in effect for i in goal.indicators):
        blocks.append(_context(t("digest.effect_no_values", lang)))
    return blocks


def period_of(month: str, step: int, lang: str) -> str:
    """A month, quarter or year as people say it: 'november 2026', '3. kvt. 2026', '2026'."""
    if step == 3:
        return period_label(f"{month[:4]}K{(int(month[5:7]) + 2) // 3}", lang)
    if step == 12:
        return month[:4]
    return month_label(month, lang)


def _indicator_line(indicator: IndicatorEffect, month: str, lang: str) -> str:
    """One indicator: value, change since the period before and last year, and the target;
    a figure from Danmarks Statistik names its table and period."""
    name = safe_mrkdwn(indicator.name, limit=200)
    unit = safe_mrkdwn(indicator.measure_unit, limit=50)
    if indicator.value is None or indicator.month is None:
        return f"• {name}: _{t('digest.effect_none', lang)}_"
    value = _with_unit(indicator.value, unit, lang)
    step = indicator.step
    if indicator.stale:
        shown = period_of(indicator.month, step, lang) + " – " + t("statbank.stale", lang)
        parts = [t("digest.effect_value_old", lang, value=value, month=shown)]
    elif indicator.month == month and step == 1:
        parts = [t("digest.effect_value", lang, value=value)]
    else:
        shown = period_of(indicator.month, step, lang)
        parts = [t("digest.effect_value_old", lang, value=value, month=shown)]
    for key, change, then in (
        ("digest.effect_vs_month", indicator.change_month, shift_month(indicator.month, -step)),
        ("digest.effect_vs_year", indicator.change_year, shift_month(indicator.month, -12)),
    ):
        verdict = indicator.verdict(change)
        if change is None or verdict is None or (key.endswith("year") and step == 12):
            continue
        if step == 1:
            then_label = (
                month_name(then, lang)
                if then[:4] == indicator.month[:4]
                else month_label(then, lang)
            )
        else:
            then_label = period_of(then, step, lang)
        parts.append(
            t(
                key,
                lang,
                arrow="↑" if change > 0 else "↓" if change < 0 else "→",
                change=fmt_change(change, unit, lang),
                month=then_label,
                mark=MARKS[verdict],
                verdict=t(f"digest.verdict.{verdict}", lang),
            )
        )
    gap = indicator.to_target
    if gap is not None and indicator.target is not None:
        target = _with_unit(indicator.target, unit, lang)
        if gap > 0:
            parts.append(
                t("digest.effect_target_left", lang, gap=fmt_change(gap, unit, lang), target=target)
            )
        else:
            parts.append(t("digest.effect_target_met", lang, target=target))
    for key in ("000", "group"):
        other = indicator.compared(key)
        if other is None:
            continue
        own = indicator.value
        verdict = (
            "same"
            if round(own - other, 6) == 0
            else "better"
            if (own > other) == indicator.higher_is_better
            else "worse"
        )
        parts.append(
            t(
                f"statbank.compare_{key}",
                lang,
                value=fmt_number(other, lang),
                verdict=t(f"statbank.compare_{verdict}", lang),
            )
        )
    line = f"• {name}: " + "  ·  ".join(parts)
    if indicator.tables:
        period = indicator.period or indicator.month
        label = period_label(period, lang) if indicator.period else period_of(period, step, lang)
        source = t("statbank.source_line", lang, tables=_and(indicator.tables, lang), period=label)
        line += f"\n   _{source}_"
    return line


def _and(tables: Sequence[str], lang: str) -> str:
    return (" og " if lang == "da" else " and ").join(tables)
