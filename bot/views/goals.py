"""Block Kit builders for the cross-cutting goals and their effect indicators: the admins'
forms for a goal, an indicator, and an indicator's source in Danmarks Statistik's Statistikbank.

Pure functions from what the handler loaded to view dicts; nothing here touches the database
or Slack.
"""

from __future__ import annotations

from typing import Any

from bot.ids import Admin
from bot.models import Goal, Indicator
from bot.services.admin import MAX_DESCRIPTION, MAX_MEASURE_UNIT, MAX_NAME
from bot.services.org import MAX_ACTIVE_GOALS
from bot.slack_text import safe_mrkdwn
from bot.texts import t
from bot.views.blocks import context as _context
from bot.views.blocks import input_block as _input
from bot.views.blocks import modal as _modal
from bot.views.blocks import option as _option
from bot.views.blocks import section as _section
from bot.views.blocks import text_input as _text_input


def plain_number(value: float) -> str:
    """A target as typed in a form: 14 rather than 14.0."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _direction(higher_is_better: bool, lang: str) -> dict[str, Any]:
    options = [
        _option(t("admin.higher_option", lang), "higher"),
        _option(t("admin.lower_option", lang), "lower"),
    ]
    return {
        "type": "radio_buttons",
        "options": options,
        "initial_option": options[0 if higher_is_better else 1],
    }


def _indicator_inputs(indicator: Indicator | None, lang: str) -> list[dict[str, Any]]:
    target = None
    if indicator is not None and indicator.target is not None:
        target = plain_number(indicator.target)
    return [
        _input(
            Admin.INDICATOR_NAME,
            t("admin.indicator_name", lang),
            _text_input(indicator.name if indicator else None, max_length=MAX_NAME),
            hint=t("admin.indicator_name_hint", lang),
        ),
        _input(
            Admin.MEASURE_UNIT,
            t("admin.measure_unit", lang),
            _text_input(indicator.measure_unit if indicator else None, max_length=MAX_MEASURE_UNIT),
            hint=t("admin.measure_unit_hint", lang),
        ),
        _input(
            Admin.DIRECTION,
            t("admin.direction", lang),
            _direction(indicator.higher_is_better if indicator else True, lang),
        ),
        _input(
            Admin.TARGET,
            t("admin.target_label", lang),
            _text_input(target, max_length=30),
            optional=True,
            hint=t("admin.target_hint", lang),
        ),
    ]


def _retire_input(label: str, option: str) -> dict[str, Any]:
    return _input(
        Admin.RETIRE,
        label,
        {"type": "checkboxes", "options": [_option(option, "retire")]},
        optional=True,
    )


def goal_modal(*, goal: Goal | None, active_goals: int, lang: str) -> dict[str, Any]:
    """A new goal with its first effect indicator, or an existing goal's title and description."""
    blocks: list[dict[str, Any]] = []
    if goal is None:
        blocks.append(
            _context(t("admin.goal_count", lang, count=active_goals, limit=MAX_ACTIVE_GOALS))
        )
    blocks += [
        _input(
            Admin.TITLE,
            t("admin.goal_title", lang),
            _text_input(goal.title if goal else None, max_length=MAX_NAME),
            hint=t("admin.goal_title_hint", lang),
        ),
        _input(
            Admin.DESCRIPTION,
            t("admin.goal_description", lang),
            _text_input(
                goal.description if goal else None, max_length=MAX_DESCRIPTION, multiline=True
            ),
            optional=True,
        ),
    ]
    if goal is None:
        blocks.append(_section(f"*{t('admin.first_indicator', lang)}*"))
        blocks += _indicator_inputs(None, lang)
    else:
        blocks.append(
            _retire_input(t("admin.goal_retire_label", lang), t("admin.goal_retire_option", lang))
        )
    title = t("admin.goal_edit_title" if goal else "admin.goal_new_title", lang)
    return _modal(
        Admin.GOAL_MODAL,
        title,
        blocks,
        lang,
        metadata={"goal_id": goal.id if goal else None},
        submit=t("admin.save", lang),
    )


def indicator_modal(*, goal: Goal, indicator: Indicator | None, lang: str) -> dict[str, Any]:
    """Add an effect indicator to a goal, or change or retire one."""
    blocks: list[dict[str, Any]] = [
        _section(t("admin.indicator_goal", lang, goal=safe_mrkdwn(goal.title))),
        *_indicator_inputs(indicator, lang),
    ]
    if indicator is not None:
        blocks.append(
            _retire_input(
                t("admin.indicator_retire_label", lang), t("admin.indicator_retire_option", lang)
            )
        )
    meta = {"goal_id": goal.id, "indicator_id": indicator.id if indicator else None}
    title = t("admin.indicator_edit_title" if indicator else "admin.indicator_new_title", lang)
    return _modal(
        Admin.INDICATOR_MODAL, title, blocks, lang, metadata=meta, submit=t("admin.save", lang)
    )
