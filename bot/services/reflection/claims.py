"""The claim that makes each weekly prompt go out once, its outcome, and stale claims."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import PromptState, ReflectionPrompt
from bot.services.reflection.planning import Due
from bot.services.reflection.policy import KIND_WEEKLY, Policy, _team

log = logging.getLogger(__name__)


def claim(*, session: Session, due: Due, now: datetime) -> ReflectionPrompt | None:
    """Claim a due prompt for this sender; None when another clock has it. Commit before sending."""
    if due.prompt_id is None:
        prompt = ReflectionPrompt(
            team_id=due.team_id,
            user_id=due.user_id,
            kind=KIND_WEEKLY,
            period=due.period,
            state=PromptState.CLAIMED.value,
            attempts=1,
            due_at=due.due_at,
            claimed_at=now,
            replies=[],
        )
        try:
            with session.begin_nested():
                session.add(prompt)
        except IntegrityError:
            return None
        return prompt
    result = session.execute(
        update(ReflectionPrompt)
        .where(
            ReflectionPrompt.id == due.prompt_id, ReflectionPrompt.state == PromptState.RETRY.value
        )
        .values(
            state=PromptState.CLAIMED.value,
            attempts=ReflectionPrompt.attempts + 1,
            claimed_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return session.get(ReflectionPrompt, due.prompt_id, populate_existing=True)


def record_sent(
    *, session: Session, prompt_id: int, channel_id: str, ts: str, now: datetime
) -> None:
    """The prompt is in the manager's DM: keep where, so replies and the reminder find it."""
    session.execute(
        update(ReflectionPrompt)
        .where(ReflectionPrompt.id == prompt_id)
        .values(
            state=PromptState.SENT.value,
            channel_id=channel_id,
            message_ts=ts,
            sent_at=now,
            error=None,
        )
        .execution_options(synchronize_session=False)
    )


def record_refused(*, session: Session, prompt_id: int, error: str) -> None:
    """Slack refused for certain (nothing posted): a later tick may try again."""
    session.execute(
        update(ReflectionPrompt)
        .where(
            ReflectionPrompt.id == prompt_id, ReflectionPrompt.state == PromptState.CLAIMED.value
        )
        .values(state=PromptState.RETRY.value, error=error[:64])
        .execution_options(synchronize_session=False)
    )


def record_unknown(*, session: Session, prompt_id: int, error: str) -> None:
    """No usable answer: Slack may have posted it, so it is never sent again."""
    session.execute(
        update(ReflectionPrompt)
        .where(
            ReflectionPrompt.id == prompt_id, ReflectionPrompt.state == PromptState.CLAIMED.value
        )
        .values(state=PromptState.UNKNOWN.value, error=error[:64])
        .execution_options(synchronize_session=False)
    )


def stale_claims(
    *, session: Session, now: datetime, policy: Policy, team_id: str | None = None
) -> list[tuple[int, str]]:
    """(prompt id, user id) of claims whose sender never recorded an outcome."""
    cutoff = now - policy.stale_after
    rows = session.execute(
        select(ReflectionPrompt.id, ReflectionPrompt.user_id).where(
            ReflectionPrompt.state == PromptState.CLAIMED.value,
            ReflectionPrompt.claimed_at < cutoff,
            _team(ReflectionPrompt.team_id, team_id),
        )
    ).all()
    return [(int(row.id), str(row.user_id)) for row in rows]


def expire_stale_claims(
    *, session: Session, now: datetime, policy: Policy, team_id: str | None = None
) -> int:
    """Mark claims whose sender never recorded an outcome as unknown (not resent); log each."""
    cutoff = now - policy.stale_after
    stale = session.scalars(
        select(ReflectionPrompt).where(
            ReflectionPrompt.state == PromptState.CLAIMED.value,
            ReflectionPrompt.claimed_at < cutoff,
            _team(ReflectionPrompt.team_id, team_id),
        )
    ).all()
    for prompt in stale:
        prompt.state = PromptState.UNKNOWN.value
        prompt.error = "sender_died"
        log.warning(
            "weekly prompt %s for %s in %s was claimed at %s and never recorded as sent: the "
            "sender died (or lost the database) mid-send, so it may or may not be in their DM; "
            "it is not sent again",
            prompt.period,
            prompt.user_id,
            prompt.team_id,
            prompt.claimed_at.isoformat() if prompt.claimed_at else "?",
        )
    reminders = session.scalars(
        select(ReflectionPrompt).where(
            ReflectionPrompt.reminder_state == PromptState.CLAIMED.value,
            ReflectionPrompt.reminder_claimed_at < cutoff,
            _team(ReflectionPrompt.team_id, team_id),
        )
    ).all()
    for prompt in reminders:
        prompt.reminder_state = PromptState.UNKNOWN.value
        log.warning(
            "reminder for %s's weekly prompt %s in %s was claimed and never recorded as sent; "
            "it is not sent again",
            prompt.user_id,
            prompt.period,
            prompt.team_id,
        )
    return len(stale) + len(reminders)
