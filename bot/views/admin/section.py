"""The admin section of App Home: settings, working days, organisation, goals, status, log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.ids import Admin
from bot.models import Goal, Indicator, Role
from bot.services.org import MAX_ACTIVE_GOALS
from bot.slack_text import safe_mrkdwn
from bot.texts import t
from bot.views.admin.audit import audit_text
from bot.views.admin.common import MAX_OPTIONS, fit
from bot.views.admin.days import working_days_text
from bot.views.admin.organisation import organisation_text, people_text, unit_options
from bot.views.admin.overview import AdminOverview
from bot.views.admin.settings import first_digest_text, settings_text
from bot.views.admin.status import status_text
from bot.views.blocks import button as _button
from bot.views.blocks import context as _context
from bot.views.blocks import option as _option
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.goals import plain_number

MAX_AUDIT_IN_HOME = 5


def admin_section(overview: AdminOverview, lang: str) -> list[dict[str, Any]]:
    """The admins' part of App Home: settings, organisation, goals, status and the log."""
    o = overview
    blocks: list[dict[str, Any]] = [
        {"type": "header", "block_id": Admin.SECTION, "text": _plain(t("admin.title", lang))}
    ]
    missing = _missing(o, lang)
    if missing:
        blocks.append(_section(t("admin.checklist", lang, missing=missing)))
    blocks.append(
        _section(
            settings_text(o, lang),
            block_id=f"{Admin.SETTINGS}_section",
            accessory=_button(t("admin.edit", lang), Admin.SETTINGS, "settings"),
        )
    )
    first_digest = first_digest_text(o, lang)
    if first_digest:
        blocks.append(_context(first_digest))
    blocks.append(
        _section(
            working_days_text(o, lang),
            block_id=f"{Admin.CLOSING}_section",
            accessory=_button(t("admin.days_button", lang), Admin.CLOSING, "closing"),
        )
    )
    blocks.append(_section(organisation_text(o, lang), block_id="admin_org"))
    org_actions: list[dict[str, Any]] = [
        _button(t("admin.area_new", lang), Admin.AREA_NEW, "new"),
        _button(t("admin.unit_new", lang), Admin.UNIT_NEW, "new"),
    ]
    if o.areas:
        org_actions.append(
            {
                "type": "static_select",
                "action_id": Admin.AREA_PICK,
                "placeholder": _plain(t("admin.area_pick", lang)),
                "options": [_option(a.name, str(a.id)) for a in o.areas[:MAX_OPTIONS]],
            }
        )
    if o.units:
        org_actions.append(
            {
                "type": "static_select",
                "action_id": Admin.UNIT_PICK,
                "placeholder": _plain(t("admin.unit_pick", lang)),
                **unit_options(o.units, lang),
            }
        )
    blocks.append({"type": "actions", "block_id": "admin_org_actions", "elements": org_actions})
    blocks.append(_section(people_text(o.counts, lang), block_id="admin_people"))
    blocks.append(
        {
            "type": "actions",
            "block_id": "admin_people_actions",
            "elements": [
                {
                    "type": "users_select",
                    "action_id": Admin.PERSON_PICK,
                    "placeholder": _plain(t("admin.person_pick", lang)),
                }
            ],
        }
    )
    # The forms above do it all; the file is an option for many at once, after them.
    blocks.append(_context(t("admin.bulk_hint", lang)))
    blocks.extend(_goal_blocks(o.goals, lang))
    blocks.append(_section(status_text(o, lang), block_id=Admin.STATUS))
    blocks.append(
        _section(
            audit_text(o.audit[:MAX_AUDIT_IN_HOME], o.tz, lang),
            block_id=f"{Admin.AUDIT}_section",
            accessory=_button(t("admin.audit_all", lang), Admin.AUDIT, "audit"),
        )
    )
    return blocks


def _missing(o: AdminOverview, lang: str) -> str:
    steps = []
    if not o.units:
        steps.append(t("admin.missing_units", lang))
    if not o.workspace.digest_channel:
        steps.append(t("admin.missing_digest", lang))
    if not o.goals:
        steps.append(t("admin.missing_goals", lang))
    if not o.counts.roles.get(Role.MANAGER.value):
        steps.append(t("admin.missing_managers", lang))
    return ", ".join(steps)


def _goal_blocks(goals: Sequence[Goal], lang: str) -> list[dict[str, Any]]:
    head = t("admin.goals_title", lang, count=len(goals), limit=MAX_ACTIVE_GOALS)
    blocks: list[dict[str, Any]] = [
        _section(
            f"*{head}*",
            block_id="admin_goals",
            accessory=_button(t("admin.goal_new", lang), Admin.GOAL_NEW, "new"),
        )
    ]
    for goal in goals:
        indicators = [i for i in goal.indicators if i.active]
        lines = [f"*{safe_mrkdwn(goal.title)}*"]
        for ind in indicators:
            lines.append("• " + indicator_line(ind, lang))
        options = [
            _option(t("admin.goal_edit", lang), f"goal:{goal.id}"),
            _option(t("admin.indicator_new", lang), f"add:{goal.id}"),
        ]
        options += [
            _option(t("admin.indicator_edit", lang, name=ind.name), f"indicator:{ind.id}")
            for ind in indicators[: (MAX_OPTIONS - 2) // 2]
        ]
        options += [
            _option(t("statbank.menu", lang, name=ind.name), f"source:{ind.id}")
            for ind in indicators[: (MAX_OPTIONS - 2) // 2]
        ]
        blocks.append(
            _section(
                fit(lines),
                block_id=f"admin_goal_{goal.id}",
                accessory={
                    "type": "static_select",
                    "action_id": Admin.GOAL_MENU,
                    "placeholder": _plain(t("admin.edit_menu", lang)),
                    "options": options,
                },
            )
        )
    return blocks


def indicator_line(indicator: Indicator, lang: str) -> str:
    """An indicator with its unit, direction and target."""
    direction = t("admin.higher" if indicator.higher_is_better else "admin.lower", lang)
    text = f"{safe_mrkdwn(indicator.name)} ({safe_mrkdwn(indicator.measure_unit)}, {direction}"
    if indicator.target is not None:
        text += ", " + t("admin.target", lang, target=plain_number(indicator.target))
    return text + ")"
