"""Replies written in the bot's DM: stored as part of the week's answer, confirmed or refused."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.later import later
from bot.models import ReflectionPrompt, utcnow
from bot.services import reflection as service
from bot.services.reflection import DmMessage, ReplyOutcome, ReplyResult
from bot.slack_text import to_plain
from bot.texts import t
from bot.views import reflection as views
from handlers.context import language as _lang
from handlers.reflection.prompt import redraw

log = logging.getLogger(__name__)


CONFIRM_REACTION = "white_check_mark"


def _in_a_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im"


def on_dm_message(
    event: dict[str, Any],
    body: dict[str, Any],
    context: BoltContext,
    session: Session,
    client: WebClient,
) -> None:
    """A message in the bot's DM: a new, edited or deleted part of a week's answer."""
    subtype = event.get("subtype")
    team_id = context.team_id or str(body.get("team_id") or "")
    if subtype is None:
        _new_message(event, team_id, context, session, client)
    elif subtype == "message_changed":
        _changed_message(event, team_id, context, session, client)
    elif subtype == "message_deleted":
        result = service.remove_reply(
            session=session,
            team_id=team_id,
            channel_id=str(event.get("channel") or ""),
            ts=str(event.get("deleted_ts") or ""),
        )
        if result.prompt is not None:
            _redraw_later(result.prompt.id, context, client)
    # bot_message, message_replied, file_share, joins and the rest are not answers.


def _from_a_person(message: dict[str, Any], context: BoltContext) -> bool:
    user = message.get("user")
    return bool(user) and not message.get("bot_id") and user != context.bot_user_id


def _dm_message(message: dict[str, Any], team_id: str, channel_id: str) -> DmMessage:
    ts = str(message.get("ts") or "")
    thread_ts = message.get("thread_ts")
    return DmMessage(
        team_id=team_id,
        user_id=str(message["user"]),
        channel_id=channel_id,
        ts=ts,
        # Message text is Slack-encoded (&amp;, <@U…>); answers are stored as the person typed.
        text=to_plain(str(message.get("text") or "")),
        thread_ts=str(thread_ts) if thread_ts and thread_ts != ts else None,
        client_msg_id=message.get("client_msg_id"),
    )


def _new_message(
    event: dict[str, Any], team_id: str, context: BoltContext, session: Session, client: WebClient
) -> None:
    if not _from_a_person(event, context):
        return
    message = _dm_message(event, team_id, str(event.get("channel") or ""))
    result = service.add_reply(session=session, message=message, now=utcnow())
    _after(result, message, context, session, client, new=True)


def _changed_message(
    event: dict[str, Any], team_id: str, context: BoltContext, session: Session, client: WebClient
) -> None:
    changed = event.get("message") or {}
    if not isinstance(changed, dict) or not _from_a_person(changed, context):
        return
    previous = event.get("previous_message") or {}
    message = _dm_message(changed, team_id, str(event.get("channel") or ""))
    previous_text = to_plain(str(previous.get("text") or "")) if isinstance(previous, dict) else ""
    result = service.edit_reply(
        session=session, message=message, previous_text=previous_text, now=utcnow()
    )
    _after(result, message, context, session, client, new=False)


def _redraw_later(prompt_id: int, context: BoltContext, client: WebClient) -> None:
    def draw(session: Session) -> None:
        prompt = session.get(ReflectionPrompt, prompt_id)
        if prompt is not None:
            redraw(session=session, client=client, context=context, prompt=prompt)

    later(context, draw)


def _after(
    result: ReplyResult,
    message: DmMessage,
    context: BoltContext,
    session: Session,
    client: WebClient,
    *,
    new: bool,
) -> None:
    """What the person sees follows Slack's answer (bot.later): each is a Web API call."""
    outcome = result.outcome
    prompt_id = result.prompt.id if result.prompt is not None else None

    def tell(later_session: Session) -> None:
        prompt = later_session.get(ReflectionPrompt, prompt_id) if prompt_id else None
        _tell(outcome, prompt, message, context, later_session, client, new=new)

    later(context, tell)


def _tell(
    outcome: ReplyOutcome,
    prompt: ReflectionPrompt | None,
    message: DmMessage,
    context: BoltContext,
    session: Session,
    client: WebClient,
    *,
    new: bool,
) -> None:
    """Confirm with a reaction, refuse a CPR number, or point someone with no prompt on."""
    if outcome is ReplyOutcome.STORED:
        try:
            client.reactions_add(
                channel=message.channel_id, timestamp=message.ts, name=CONFIRM_REACTION
            )
        except SlackApiError as exc:
            # already_reacted after an edit that re-stored it, or a message gone meanwhile.
            log.info("could not confirm a reply with a reaction (%s)", exc.response.get("error"))
    if outcome is ReplyOutcome.REFUSED_CPR:
        lang = _lang(session, context)
        # Said in the DM, without echoing the number; nothing about the text is logged.
        client.chat_postMessage(
            channel=message.channel_id,
            thread_ts=message.thread_ts,
            **views.dm_notice(t("reflection.dm_cpr", lang)),
        )
    if outcome is ReplyOutcome.REFUSED_LONG:
        lang = _lang(session, context)
        # The message itself stays in Slack as written: the manager can split it up there.
        client.chat_postMessage(
            channel=message.channel_id,
            thread_ts=message.thread_ts,
            **views.dm_notice(
                t(
                    "reflection.dm_too_long",
                    lang,
                    count=len(message.text.strip()),
                    limit=service.MAX_ANSWER,
                )
            ),
        )
    if (
        outcome is ReplyOutcome.NO_PROMPT
        and new
        and service.first_hint_today(
            session=session, team_id=message.team_id, user_id=message.user_id, now=utcnow()
        )
    ):
        lang = _lang(session, context)
        client.chat_postMessage(
            channel=message.channel_id,
            thread_ts=message.thread_ts,
            **views.dm_notice(t("reflection.dm_no_prompt", lang)),
        )
    if prompt is not None and outcome in (
        ReplyOutcome.STORED,
        ReplyOutcome.REMOVED,
        ReplyOutcome.REFUSED_CPR,
        ReplyOutcome.REFUSED_LONG,
    ):
        redraw(session=session, client=client, context=context, prompt=prompt)
