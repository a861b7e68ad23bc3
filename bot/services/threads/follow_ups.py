"""A thread's follow-up when it falls due, and the directors' notice once it is escalated."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models import CrossUnitThread, ThreadOutcome

# The job retries director DMs the button handler could not send, after this long.
NOTIFY_GRACE = timedelta(minutes=10)


def due_follow_ups(
    *, session: Session, team_id: str, now: datetime, days: int
) -> list[CrossUnitThread]:
    """Posted threads not yet followed up or answered, opened at least `days` days ago."""
    return list(
        session.scalars(
            select(CrossUnitThread)
            .where(
                CrossUnitThread.team_id == team_id,
                CrossUnitThread.root_ts.is_not(None),
                CrossUnitThread.follow_up_claimed_at.is_(None),
                CrossUnitThread.follow_up_skipped.is_(False),
                CrossUnitThread.outcome.is_(None),
                CrossUnitThread.posted_at <= now - timedelta(days=days),
            )
            .order_by(CrossUnitThread.id)
        )
    )


def claim_follow_up(*, session: Session, thread: CrossUnitThread, now: datetime) -> bool:
    """Claim the one follow-up of a thread; False when another run has it."""
    result = session.execute(
        update(CrossUnitThread)
        .where(CrossUnitThread.id == thread.id, CrossUnitThread.follow_up_claimed_at.is_(None))
        .values(follow_up_claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return False
    thread.follow_up_claimed_at = now
    return True


def unclaim_follow_up(*, session: Session, thread: CrossUnitThread) -> None:
    """The follow-up could not be posted: let the next run try again."""
    session.execute(
        update(CrossUnitThread)
        .where(CrossUnitThread.id == thread.id)
        .values(follow_up_claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    thread.follow_up_claimed_at = None


def skip_follow_up(*, thread: CrossUnitThread) -> None:
    """Every item was closed before the follow-up was due: nothing to ask."""
    thread.follow_up_skipped = True


def directors_pending(*, session: Session, team_id: str, now: datetime) -> list[CrossUnitThread]:
    """Escalated threads whose directors were not told (the click's DMs failed)."""
    return list(
        session.scalars(
            select(CrossUnitThread).where(
                CrossUnitThread.team_id == team_id,
                CrossUnitThread.outcome == ThreadOutcome.TOP_MANAGEMENT.value,
                CrossUnitThread.directors_notified_at.is_(None),
                CrossUnitThread.outcome_at <= now - NOTIFY_GRACE,
            )
        )
    )


def claim_directors_notice(*, session: Session, thread: CrossUnitThread, now: datetime) -> bool:
    """Claim telling the directors about an escalated thread; False when another run has it.

    Only the row is claimed: `thread.directors_notified_at` stays None in this session until
    every director has been told (notify_directors sets it).
    """
    result = session.execute(
        update(CrossUnitThread)
        .where(CrossUnitThread.id == thread.id, CrossUnitThread.directors_notified_at.is_(None))
        .values(directors_notified_at=now)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def unclaim_directors_notice(*, session: Session, thread: CrossUnitThread) -> None:
    """Not every director could be told: let the next run try again."""
    session.execute(
        update(CrossUnitThread)
        .where(CrossUnitThread.id == thread.id)
        .values(directors_notified_at=None)
        .execution_options(synchronize_session=False)
    )
