"""Messages a manager writes in the bot's DM, stored as part of that week's answer."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import ProcessedEvent, PromptState, ReflectionPrompt, ReflectionReply
from bot.services.guard import contains_personal_data
from bot.services.reflection.answers import MAX_ANSWER, has_answer
from bot.services.reflection.policy import KIND_WEEKLY


class ReplyOutcome(enum.Enum):
    """What happened to a message in the DM."""

    STORED = "stored"
    UPDATED = "updated"
    REMOVED = "removed"
    DUPLICATE = "duplicate"
    REFUSED_CPR = "refused_cpr"
    REFUSED_LONG = "refused_long"
    NO_PROMPT = "no_prompt"
    IGNORED = "ignored"


@dataclass(frozen=True)
class ReplyResult:
    """A message's outcome, and the prompt it changed (to redraw)."""

    outcome: ReplyOutcome
    prompt: ReflectionPrompt | None = None


@dataclass(frozen=True)
class DmMessage:
    """A manager's message in the bot's DM, text already plain (bot.slack_text.to_plain)."""

    team_id: str
    user_id: str
    channel_id: str
    ts: str
    text: str
    thread_ts: str | None = None
    client_msg_id: str | None = None


def prompt_for_message(
    *, session: Session, team_id: str, user_id: str, channel_id: str, thread_ts: str | None
) -> ReflectionPrompt | None:
    """The prompt a DM message belongs to: its thread's, or else the latest one sent."""
    if thread_ts:
        prompt = session.scalar(
            select(ReflectionPrompt).where(
                ReflectionPrompt.team_id == team_id,
                ReflectionPrompt.channel_id == channel_id,
                ReflectionPrompt.message_ts == thread_ts,
                ReflectionPrompt.user_id == user_id,
            )
        )
        if prompt is not None:
            return prompt
    return session.scalar(
        select(ReflectionPrompt)
        .where(
            ReflectionPrompt.team_id == team_id,
            ReflectionPrompt.user_id == user_id,
            ReflectionPrompt.kind == KIND_WEEKLY,
            ReflectionPrompt.state.in_([PromptState.SENT.value, PromptState.UNKNOWN.value]),
        )
        .order_by(ReflectionPrompt.due_at.desc())
        .limit(1)
    )


def _find_reply(session: Session, message: DmMessage) -> ReflectionReply | None:
    return session.scalar(
        select(ReflectionReply).where(
            ReflectionReply.team_id == message.team_id,
            ReflectionReply.channel_id == message.channel_id,
            ReflectionReply.message_ts == message.ts,
        )
    )


def _first_sight(session: Session, message: DmMessage) -> bool:
    """Mark a DM message as seen; False when it was already (a doubled delivery)."""
    key = f"dm:{message.client_msg_id or message.channel_id + ':' + message.ts}"
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(team_id=message.team_id, event_key=key[:200]))
    except IntegrityError:
        return False
    return True


def first_hint_today(*, session: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """True the first time today that someone with no prompt writes in the DM (hint once a day)."""
    key = f"dm-hint:{user_id}:{now.date().isoformat()}"
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(team_id=team_id, event_key=key))
    except IntegrityError:
        return False
    return True


def add_reply(*, session: Session, message: DmMessage, now: datetime) -> ReplyResult:
    """Store a new DM message as part of its week's answer (once, and never with a CPR number)."""
    if not _first_sight(session, message):
        return ReplyResult(ReplyOutcome.DUPLICATE)
    return _store(session, message, now)


def _store(session: Session, message: DmMessage, now: datetime) -> ReplyResult:
    text = message.text.strip()
    if not text:
        return ReplyResult(ReplyOutcome.IGNORED)
    if contains_personal_data(text):
        return ReplyResult(ReplyOutcome.REFUSED_CPR)
    if len(text) > MAX_ANSWER:
        return ReplyResult(ReplyOutcome.REFUSED_LONG)
    prompt = prompt_for_message(
        session=session,
        team_id=message.team_id,
        user_id=message.user_id,
        channel_id=message.channel_id,
        thread_ts=message.thread_ts,
    )
    if prompt is None:
        return ReplyResult(ReplyOutcome.NO_PROMPT)
    reply = ReflectionReply(
        team_id=message.team_id,
        prompt_id=prompt.id,
        user_id=message.user_id,
        channel_id=message.channel_id,
        message_ts=message.ts,
        client_msg_id=message.client_msg_id,
        text=text,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(reply)
    except IntegrityError:
        return ReplyResult(ReplyOutcome.DUPLICATE)
    prompt.answered_at = prompt.answered_at or now
    session.refresh(prompt, attribute_names=["replies"])
    return ReplyResult(ReplyOutcome.STORED, prompt)


def edit_reply(
    *, session: Session, message: DmMessage, previous_text: str | None, now: datetime
) -> ReplyResult:
    """A DM message was edited: update its stored text, or store it now if it was refused."""
    reply = _find_reply(session, message)
    text = message.text.strip()
    if reply is None:
        if text == (previous_text or "").strip():
            return ReplyResult(ReplyOutcome.IGNORED)  # an unfurl or thread bookkeeping, no edit
        return _store(session, message, now)
    if reply.user_id != message.user_id:
        return ReplyResult(ReplyOutcome.IGNORED)
    if not text or contains_personal_data(text) or len(text) > MAX_ANSWER:
        result = _remove(session, reply)
        if not text:
            refused = ReplyOutcome.REMOVED
        elif len(text) > MAX_ANSWER and not contains_personal_data(text):
            refused = ReplyOutcome.REFUSED_LONG
        else:
            refused = ReplyOutcome.REFUSED_CPR
        return ReplyResult(refused, result.prompt)
    if text == reply.text:
        return ReplyResult(ReplyOutcome.IGNORED)
    reply.text = text
    reply.edited_at = now
    return ReplyResult(ReplyOutcome.UPDATED, reply.prompt)


def remove_reply(*, session: Session, team_id: str, channel_id: str, ts: str) -> ReplyResult:
    """A DM message was deleted: it is no longer part of the answer."""
    reply = session.scalar(
        select(ReflectionReply).where(
            ReflectionReply.team_id == team_id,
            ReflectionReply.channel_id == channel_id,
            ReflectionReply.message_ts == ts,
        )
    )
    if reply is None:
        return ReplyResult(ReplyOutcome.IGNORED)
    return _remove(session, reply)


def _remove(session: Session, reply: ReflectionReply) -> ReplyResult:
    prompt = reply.prompt
    session.delete(reply)
    session.flush()
    session.refresh(prompt, attribute_names=["replies"])
    if not has_answer(prompt):
        prompt.answered_at = None
    return ReplyResult(ReplyOutcome.REMOVED, prompt)
