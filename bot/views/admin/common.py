"""Small pieces the admin views share: channels, times and weekdays as admins read them, a
channel select, text fitted to Slack's limit, and the notice modal."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.ids import Admin
from bot.texts import t
from bot.views.blocks import modal as _modal
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section

MAX_OPTIONS = 100  # per select, and per option group


def channel_ref(channel_id: str | None, lang: str) -> str:
    """A channel as Slack renders it, or a dash when none is set."""
    return f"<#{channel_id}>" if channel_id else t("admin.none", lang)


def local_time(moment: datetime, tz: str) -> str:
    """A moment as the workspace reads it: 28.11. kl. 09:05."""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%d.%m.} {local:%H:%M}"


def weekday_name(day: int, lang: str) -> str:
    """Monday is 0."""
    return t(f"admin.weekday.{day}", lang) if day in range(7) else str(day)


def fit(lines: list[str], limit: int = 2900) -> str:
    """Join lines, dropping the tail (with a note) when they would pass Slack's limit."""
    text = ""
    for index, line in enumerate(lines):
        if len(text) + len(line) + 1 > limit:
            return text + f"\n… (+{len(lines) - index})"
        text = f"{text}\n{line}" if text else line
    return text


def notice_modal(*, text: str, lang: str) -> dict[str, Any]:
    """A small modal that explains why something could not be done."""
    return _modal(Admin.NOTICE_MODAL, "Tværs", [_section(text)], lang)


def channel_select(initial: str | None, lang: str) -> dict[str, Any]:
    """A channel picker (public and private channels), with the current one chosen."""
    element: dict[str, Any] = {
        "type": "conversations_select",
        "placeholder": _plain(t("admin.channel_placeholder", lang)),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if initial:
        element["initial_conversation"] = initial
    return element
