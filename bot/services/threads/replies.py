"""Replies counted in a thread, and a root message deleted in Slack."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, update
from sqlalchemy.orm import Session

from bot.models import CrossUnitThread


def _by_ts(team_id: str, channel_id: str, ts: str) -> ColumnElement[bool]:
    return and_(
        CrossUnitThread.team_id == team_id,
        CrossUnitThread.channel_id == channel_id,
        or_(CrossUnitThread.root_ts == ts, CrossUnitThread.follow_up_ts == ts),
    )


def count_reply(
    *, session: Session, team_id: str, channel_id: str, thread_ts: str, now: datetime, delta: int
) -> bool:
    """Count one reply more (or fewer) in the thread with this root; False if it is not ours."""
    values: dict[str, object] = {"reply_count": CrossUnitThread.reply_count + delta}
    if delta > 0:
        values["last_reply_at"] = now
    condition = _by_ts(team_id, channel_id, thread_ts)
    if delta < 0:
        condition = and_(condition, CrossUnitThread.reply_count > 0)
    result = session.execute(
        update(CrossUnitThread)
        .where(condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def mark_root_deleted(
    *, session: Session, team_id: str, channel_id: str, ts: str, now: datetime
) -> bool:
    """Note that a thread's root message was deleted; True when it was one of ours."""
    result = session.execute(
        update(CrossUnitThread)
        .where(
            CrossUnitThread.team_id == team_id,
            CrossUnitThread.channel_id == channel_id,
            CrossUnitThread.root_ts == ts,
            CrossUnitThread.root_deleted_at.is_(None),
        )
        .values(root_deleted_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def anchor_ts(thread: CrossUnitThread) -> str | None:
    """Where to post into the thread now: its root, or the follow-up that replaced it."""
    if thread.root_deleted_at is None:
        return thread.root_ts
    return thread.follow_up_ts
