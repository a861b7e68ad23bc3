"""What the reflection's listeners share: who clicked, which prompt, and redrawing its message."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.models import ReflectionPrompt, utcnow
from bot.services import org
from bot.services import reflection as service
from bot.views import reflection as views
from handlers.context import language as _lang

log = logging.getLogger(__name__)


def _prompt_id(action: dict[str, Any]) -> int:
    value = str(action.get("value") or "")
    if value.isdigit():
        return int(value)
    # A select's value is the choice; the prompt is named in the actions block's id.
    tail = str(action.get("block_id") or "").rsplit("_", 1)[-1]
    if tail.isdigit():
        return int(tail)
    raise service.PromptGone()


def _user(body: dict[str, Any]) -> str:
    return str(body["user"]["id"])


def redraw(
    *, session: Session, client: WebClient, context: BoltContext, prompt: ReflectionPrompt
) -> None:
    """Draw the prompt message again from its current state (answered, skipped, paused)."""
    if not (prompt.channel_id and prompt.message_ts):
        return
    session.flush()
    lang = context.get("lang") or _lang(session, context)
    person = org.get_person(session=session, team_id=prompt.team_id, user_id=prompt.user_id)
    pause = service.pause_info(
        session=session,
        team_id=prompt.team_id,
        user_id=prompt.user_id,
        now=utcnow(),
        default_tz=context["settings"].timezone,
    )
    message = views.prompt_message(
        prompt=prompt, name=person.name if person else None, lang=lang, pause=pause
    )
    try:
        client.chat_update(channel=prompt.channel_id, ts=prompt.message_ts, **message)
    except SlackApiError as exc:
        # The answer is saved all the same; only the picture in the DM is behind.
        log.info("could not redraw a weekly prompt (%s)", exc.response.get("error"))


def _picked_day(action: dict[str, Any]) -> date:
    """The day a datepicker sent; a malformed one is refused like any unknown choice."""
    try:
        return date.fromisoformat(str(action.get("selected_date") or ""))
    except ValueError:
        raise InputError("reflection.err_choice") from None
