"""Working days: the closing days in the admin section and the modal that adds and removes
them (and closes 1 May)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.ids import Admin
from bot.models import ClosingDay
from bot.slack_text import safe_mrkdwn
from bot.texts import t, table_date
from bot.views.admin.common import weekday_name
from bot.views.admin.overview import AdminOverview
from bot.views.blocks import button as _button
from bot.views.blocks import input_block as _input
from bot.views.blocks import modal as _modal
from bot.views.blocks import option as _option
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.blocks import text_input as _text_input

MAX_CLOSING_IN_HOME = 5
MAX_CLOSING_IN_MODAL = 40


def long_date(day: date, lang: str) -> str:
    """A day as people write it: "mandag 4. januar 2027" / "Monday 4 January 2027"."""
    weekday = weekday_name(day.weekday(), lang)
    month = t(f"digest.month_{day.month}", lang)
    if lang == "da":
        return f"{weekday} {day.day}. {month} {day.year}"
    return f"{weekday} {day.day} {month} {day.year}"


def short_range(start: date, end: date) -> str:
    """23.12.2026–02.01.2027, or 05.06.2027 for a single day (the table form)."""
    first = table_date(start)
    return first if start == end else f"{first}–{table_date(end)}"


def working_days_text(o: AdminOverview, lang: str) -> str:
    """The working-day rule, 1 May and the workspace's own next closing days."""
    own = [
        f"{short_range(c.start_date, c.end_date)} {safe_mrkdwn(c.name, limit=80)}"
        for c in o.closing_days[:MAX_CLOSING_IN_HOME]
    ]
    if len(o.closing_days) > MAX_CLOSING_IN_HOME:
        own.append("…")
    may = "admin.days_may_closed" if o.workspace.may_day_closed else "admin.days_may_open"
    return "\n".join(
        [
            f"*{t('admin.days_title', lang)}*",
            t("admin.days_rule", lang) + " " + t(may, lang),
            t("admin.days_own", lang, days=", ".join(own))
            if own
            else t("admin.days_own_none", lang),
        ]
    )


def closing_modal(
    *, closing_days: Sequence[ClosingDay], may_day_closed: bool, lang: str
) -> dict[str, Any]:
    """Add a closing day or range, see and remove the workspace's own, and toggle 1 May."""
    blocks: list[dict[str, Any]] = []
    for closing in closing_days[:MAX_CLOSING_IN_MODAL]:
        blocks.append(
            _section(
                f"{short_range(closing.start_date, closing.end_date)} · "
                f"{safe_mrkdwn(closing.name, limit=80)}",
                block_id=f"admin_closing_{closing.id}",
                accessory=_button(
                    t("admin.days_remove", lang), Admin.CLOSING_REMOVE, str(closing.id)
                ),
            )
        )
    if not blocks:
        blocks.append(_section(t("admin.days_list_empty", lang)))
    blocks.append({"type": "divider"})
    blocks.append(_section(t("admin.days_new", lang)))
    blocks.append(
        _input(
            Admin.CLOSING_START, t("admin.days_start", lang), {"type": "datepicker"}, optional=True
        )
    )
    blocks.append(
        _input(Admin.CLOSING_END, t("admin.days_end", lang), {"type": "datepicker"}, optional=True)
    )
    blocks.append(
        _input(
            Admin.NAME,
            t("admin.days_name", lang),
            {
                **_text_input(None, max_length=80),
                "placeholder": _plain(t("admin.days_name_hint", lang)),
            },
            optional=True,
        )
    )
    may_option = _option(t("admin.days_may_option", lang), "closed")
    may: dict[str, Any] = {"type": "checkboxes", "options": [may_option]}
    if may_day_closed:
        may["initial_options"] = [may_option]
    blocks.append(_input(Admin.MAY_DAY, t("admin.days_may", lang), may, optional=True))
    return _modal(
        Admin.CLOSING_MODAL,
        t("admin.days_modal_title", lang),
        blocks,
        lang,
        submit=t("admin.save", lang),
    )
