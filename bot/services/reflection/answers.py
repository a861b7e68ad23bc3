"""The manager's answers in the modal, skipping a week, and the prompt they act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.authz import Do, allowed
from bot.errors import InputError, NotAllowed, TvaersError
from bot.models import ReflectionPrompt
from bot.services.guard import contains_personal_data
from bot.services.reflection.policy import KIND_WEEKLY

MAX_ANSWER = 3000


class PromptGone(TvaersError):
    """The prompt does not exist (any more) in this workspace."""

    key = "reflection.err_gone"


def own_prompt(*, session: Session, team_id: str, user_id: str, prompt_id: int) -> ReflectionPrompt:
    """A prompt the user may act on; PromptGone or NotAllowed otherwise."""
    prompt = session.get(
        ReflectionPrompt, prompt_id, options=[selectinload(ReflectionPrompt.replies)]
    )
    if prompt is None or prompt.team_id != team_id:
        raise PromptGone()
    if not allowed(Do.ANSWER_REFLECTION, role=None, own=prompt.user_id == user_id):
        raise NotAllowed("reflection.err_not_yours")
    return prompt


def latest_prompt(*, session: Session, team_id: str, user_id: str) -> ReflectionPrompt | None:
    """The newest prompt the manager got in their DM."""
    return session.scalar(
        select(ReflectionPrompt)
        .where(
            ReflectionPrompt.team_id == team_id,
            ReflectionPrompt.user_id == user_id,
            ReflectionPrompt.kind == KIND_WEEKLY,
            ReflectionPrompt.message_ts.is_not(None),
        )
        .order_by(ReflectionPrompt.due_at.desc())
        .limit(1)
    )


def latest_due(*, session: Session, team_id: str, user_id: str) -> datetime | None:
    """When the newest prompt the manager got was due."""
    prompt = latest_prompt(session=session, team_id=team_id, user_id=user_id)
    return prompt.due_at if prompt is not None else None


@dataclass(frozen=True)
class Answers:
    """The modal's three answers as typed (None or blank for an empty field)."""

    need: str | None = None
    barriers: str | None = None
    action: str | None = None
    shareable: bool = False  # may be quoted, without a name, in the directors' digest


ANSWER_FIELDS = ("need", "barriers", "action")


def _check(text: str | None, field_name: str) -> str | None:
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if len(cleaned) > MAX_ANSWER:
        raise InputError(
            "reflection.err_too_long", field=field_name, count=len(cleaned), limit=MAX_ANSWER
        )
    if contains_personal_data(cleaned):
        raise InputError("reflection.err_cpr", field=field_name)
    return cleaned


def validate_answers(answers: Answers) -> Answers:
    """At least one answer, none too long, none with a CPR number; InputError names the field."""
    checked = Answers(
        need=_check(answers.need, "need"),
        barriers=_check(answers.barriers, "barriers"),
        action=_check(answers.action, "action"),
        shareable=answers.shareable,
    )
    if not (checked.need or checked.barriers or checked.action):
        raise InputError("reflection.err_empty", field="need")
    return checked


def save_answers(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    prompt_id: int,
    answers: Answers,
    now: datetime,
) -> ReflectionPrompt:
    """Store (or replace) the modal's answers to a week's prompt."""
    checked = validate_answers(answers)
    prompt = own_prompt(session=session, team_id=team_id, user_id=user_id, prompt_id=prompt_id)
    prompt.answer_need = checked.need
    prompt.answer_barriers = checked.barriers
    prompt.answer_action = checked.action
    prompt.shareable = checked.shareable
    prompt.answered_at = prompt.answered_at or now
    return prompt


def skip(
    *, session: Session, team_id: str, user_id: str, prompt_id: int, now: datetime
) -> ReflectionPrompt:
    """The manager skips this week: no reminder, and nothing held against them."""
    prompt = own_prompt(session=session, team_id=team_id, user_id=user_id, prompt_id=prompt_id)
    prompt.skipped_at = prompt.skipped_at or now
    return prompt


def has_answer(prompt: ReflectionPrompt) -> bool:
    """True when the week has any answer: the modal's or a reply in the DM."""
    return bool(
        prompt.answer_need or prompt.answer_barriers or prompt.answer_action or prompt.replies
    )


def barrier_text(prompt: ReflectionPrompt) -> str | None:
    """What "Gem som barriere" prefills: answer 2, or else what they wrote in the DM."""
    text = prompt.answer_barriers or "\n\n".join(r.text for r in prompt.replies)
    return text[:MAX_ANSWER] if text else None
