"""The manager's reflection controls in App Home: own day and time, pause and resume."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.later import later
from bot.models import utcnow
from bot.services import reflection as service
from handlers.context import language as _lang
from handlers.home import publish_home
from handlers.reflection.prompt import _picked_day, _user, redraw


def _home_change(
    ack: Ack,
    body: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
    change: Any,
    *,
    pausing: bool = False,
) -> None:
    ack()
    _lang(session, context)
    team_id, user_id = context.team_id or "", _user(body)
    change(team_id, user_id)

    def show(later_session: Session) -> None:
        # After the answer: each is a Web API call (bot.later).
        if pausing:
            # The latest prompt shows the pause (and its resume button); keep it in step.
            latest = service.latest_prompt(session=later_session, team_id=team_id, user_id=user_id)
            if latest is not None:
                redraw(session=later_session, client=client, context=context, prompt=latest)
        publish_home(session=later_session, client=client, context=context, user_id=user_id)

    later(context, show)


def _selected(action: dict[str, Any]) -> str:
    return str((action.get("selected_option") or {}).get("value") or "")


def on_home_day(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """The manager picks their own weekday."""
    choice = _selected(action)
    weekday = int(choice) if choice.isdigit() else -1
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.set_weekday(
            session=session, team_id=team_id, user_id=user_id, weekday=weekday
        ),
    )


def on_home_time(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """The manager picks their own time of day."""
    choice = _selected(action)
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.set_time(
            session=session, team_id=team_id, user_id=user_id, at=choice
        ),
    )


def on_home_pause(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Pause from App Home: the next 2 or 4 prompts from now, or until resumed."""
    choice = _selected(action)
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.pause(
            session=session,
            team_id=team_id,
            user_id=user_id,
            choice=choice,
            base=utcnow(),
            default_tz=context["settings"].timezone,
        ),
        pausing=True,
    )


def on_home_pause_date(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """Pause from App Home until the day picked."""
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.pause_to(
            session=session,
            team_id=team_id,
            user_id=user_id,
            day=_picked_day(action),
            now=utcnow(),
            default_tz=context["settings"].timezone,
        ),
        pausing=True,
    )


def on_home_resume(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Resume from App Home."""
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.resume(session=session, team_id=team_id, user_id=user_id),
        pausing=True,
    )


def on_home_reset(
    ack: Ack, body: dict[str, Any], context: BoltContext, session: Session, client: WebClient
) -> None:
    """Go back to the workspace's day and time."""
    _home_change(
        ack,
        body,
        context,
        session,
        client,
        lambda team_id, user_id: service.reset_slot(
            session=session, team_id=team_id, user_id=user_id
        ),
    )
