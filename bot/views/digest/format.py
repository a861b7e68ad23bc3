"""How the digest writes numbers, shares, months and dates, and its basic mrkdwn blocks."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.slack_text import truncate
from bot.texts import is_percent, points, prose_date, t, tn

MAX_SECTION_TEXT = 3000


def fmt_number(value: float, lang: str) -> str:
    """A number as people read it: '1.234,5' in Danish, '1,234.5' in English, no stray zeros."""
    if round(value, 2) == 0:
        return "0"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", "−")


def fmt_share(share: float, lang: str) -> str:
    """A share 0–1 as a whole percentage."""
    percent = round(share * 100)
    return f"{percent} %" if lang == "da" else f"{percent}%"


def month_name(month: str, lang: str) -> str:
    """'2026-11' -> 'november' (the month alone)."""
    return t(f"digest.month_{int(month[5:7])}", lang)


def month_label(month: str, lang: str) -> str:
    """'2026-11' -> 'november 2026'."""
    return t("digest.month_year", lang, month=month_name(month, lang), year=month[:4])


def fmt_date(moment: datetime, tz: str, lang: str = "da") -> str:
    """A day in running text, in the workspace's time zone: "3. november 2026"."""
    return prose_date(moment.astimezone(ZoneInfo(tz)).date(), lang)


def _with_unit(value: float, unit: str, lang: str) -> str:
    number = fmt_number(value, lang)
    return f"{number} {unit}".strip() if unit not in ("%",) else f"{number} %"


def fmt_change(change: float, unit: str, lang: str) -> str:
    """The size of a change (no sign): a percentage moves in points ("0,9 procentpoint")."""
    number = fmt_number(abs(change), lang)
    return points(number, change, lang) if is_percent(unit) else number


def n_(key: str, lang: str, count: int, **values: Any) -> str:
    """The text for a count, by the language's plural rules (see `bot.texts.tn`)."""
    return tn(key, lang, count, **values)


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(truncate(text, MAX_SECTION_TEXT)), **extra}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [_mrkdwn(truncate(text, MAX_SECTION_TEXT))]}
