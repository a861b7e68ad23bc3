"""Effect figures from Danmarks Statistik as people read them: real periods, sources named."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.services.effect_sources import SourceStatus
from bot.slack_text import safe_mrkdwn
from bot.statbank import frequency
from bot.texts import t


def period_label(period: str, lang: str) -> str:
    """'2026K3' -> '3. kvt. 2026', '2026M09' -> 'september 2026', '2026' -> '2026'."""
    kind = frequency(period)
    if kind == "quarter":
        return t("statbank.period_quarter", lang, quarter=period[5], year=period[:4])
    if kind == "month":
        return f"{t(f'digest.month_{int(period[5:7])}', lang)} {period[:4]}"
    return period[:4]


def source_line(tables: Sequence[str], period: str | None, lang: str) -> str:
    """'Kilde: Danmarks Statistik, AUK01, 3. kvt. 2026' (CC BY 4.0 asks for the source)."""
    return t(
        "statbank.source_line",
        lang,
        tables=" og ".join(tables) if lang == "da" else " and ".join(tables),
        period=period_label(period, lang) if period else "",
    ).rstrip(", ")


def _when(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%d.%m.%Y %H:%M")


def source_status_lines(statuses: Sequence[SourceStatus], *, tz: str, lang: str) -> list[str]:
    """One line per source for the admins' status: what to fix, and when it last worked."""
    lines = []
    for status in statuses:
        name = safe_mrkdwn(status.indicator)
        last = (
            t("statbank.last_ok", lang, when=_when(status.last_success_at, tz))
            if status.last_success_at
            else t("statbank.never_ok", lang)
        )
        if status.error_kind:
            fix = t(
                f"statbank.fix_{status.error_kind}",
                lang,
                table=status.tables[0],
                detail=safe_mrkdwn(status.error_detail or ""),
            )
            lines.append(f":warning: {name}: {fix} {last}")
        else:
            lines.append(
                f"{name}: {source_line(status.tables, status.latest_period, lang)}. {last}"
            )
        for period, manual, fetched in status.conflicts:
            lines.append(
                "   "
                + t(
                    "statbank.conflict",
                    lang,
                    period=period_label(period, lang),
                    manual=_number(manual, lang),
                    statbank=_number(fetched, lang),
                )
            )
    return lines


def _number(value: float, lang: str) -> str:
    text = f"{value:.1f}" if round(value, 1) != int(value) else str(int(value))
    return text.replace(".", ",") if lang == "da" else text
