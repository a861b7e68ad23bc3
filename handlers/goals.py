"""The admins' forms for cross-cutting goals and their effect indicators in App Home: a goal
with its first indicator, more indicators, and an indicator fed from Danmarks Statistik's
Statistikbank (checked against tableinfo, previewed, saved).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.ids import Admin
from bot.services import goals as goals_service
from bot.services import org
from bot.views import goals as views
from handlers import effect_source
from handlers.admin_forms import (
    checked as _checked,
)
from handlers.admin_forms import (
    meta_id as _meta_id,
)
from handlers.admin_forms import (
    open_admin_modal as _open,
)
from handlers.admin_forms import (
    selected as _selected,
)
from handlers.admin_forms import (
    submit_admin_form as _submit,
)
from handlers.admin_forms import (
    text_of as _text,
)
from handlers.admin_forms import (
    whole_number as _int,
)

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


def register(app: App, runtime: Runtime) -> None:
    """Register the goal menu's actions and the goal and indicator forms."""
    app.action(Admin.GOAL_NEW)(open_goal_new)
    app.action(Admin.GOAL_MENU)(open_goal_menu)
    app.view(Admin.GOAL_MODAL)(submit_goal)
    app.view(Admin.INDICATOR_MODAL)(submit_indicator)


def open_goal_new(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Open the form for a new goal (the five-goal ceiling is checked when it is saved)."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        count = len(org.active_goals(session=session, team_id=team_id))
        return views.goal_modal(goal=None, active_goals=count, lang=lang)

    _open(ack, body, context, session, client, build)


def open_goal_menu(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """A goal's menu: edit the goal, add an indicator, or edit one."""

    def build(team_id: str, _user: str, lang: str) -> dict[str, Any]:
        value = str((action.get("selected_option") or {}).get("value") or "")
        kind, _, raw_id = value.partition(":")
        object_id = _int(raw_id)
        if kind == "indicator":
            indicator = goals_service.get_indicator(session, team_id, object_id)
            return views.indicator_modal(goal=indicator.goal, indicator=indicator, lang=lang)
        if kind == "source":
            indicator = goals_service.get_indicator(session, team_id, object_id)
            return effect_source.opening_view(
                session=session, context=context, indicator=indicator, lang=lang
            )
        goal = goals_service.get_goal(session, team_id, object_id)
        if kind == "add":
            return views.indicator_modal(goal=goal, indicator=None, lang=lang)
        count = len(org.active_goals(session=session, team_id=team_id))
        return views.goal_modal(goal=goal, active_goals=count, lang=lang)

    _open(ack, body, context, session, client, build)


def _indicator_draft(values: dict[str, Any]) -> goals_service.IndicatorDraft:
    return goals_service.IndicatorDraft(
        name=_text(values, Admin.INDICATOR_NAME),
        measure_unit=_text(values, Admin.MEASURE_UNIT),
        higher_is_better=_selected(values, Admin.DIRECTION) != "lower",
        target=_text(values, Admin.TARGET) or None,
    )


def submit_goal(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Add a goal with its first indicator, or save (or retire) an existing one."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], meta: Any, _lang: str) -> None:
        goal_id = _meta_id(meta, "goal_id")
        title = _text(values, Admin.TITLE)
        description = _text(values, Admin.DESCRIPTION) or None
        if goal_id is None:
            goals_service.add_goal(
                session=session,
                team_id=team_id,
                actor_id=user_id,
                title=title,
                description=description,
                indicator=_indicator_draft(values),
            )
        else:
            goals_service.update_goal(
                session=session,
                team_id=team_id,
                actor_id=user_id,
                goal_id=goal_id,
                title=title,
                description=description,
                retire=_checked(values, Admin.RETIRE),
            )

    _submit(ack, body, view, context, session, client, apply)


def submit_indicator(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Add an indicator to a goal, or save (or retire) one."""

    def apply(team_id: str, user_id: str, values: dict[str, Any], meta: Any, _lang: str) -> None:
        indicator_id = _meta_id(meta, "indicator_id")
        if indicator_id is None:
            goals_service.add_indicator(
                session=session,
                team_id=team_id,
                actor_id=user_id,
                goal_id=_meta_id(meta, "goal_id") or 0,
                draft=_indicator_draft(values),
            )
        else:
            goals_service.update_indicator(
                session=session,
                team_id=team_id,
                actor_id=user_id,
                indicator_id=indicator_id,
                draft=_indicator_draft(values),
                retire=_checked(values, Admin.RETIRE),
            )

    _submit(ack, body, view, context, session, client, apply)
