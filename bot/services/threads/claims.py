"""Claims in the database: a group for its thread, the thread's growth, once-a-period work.

A second run (or a second clock) finds the claim and does nothing; the thread and its items are
read back from the same rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.errors import TvaersError
from bot.models import CrossUnitRun, CrossUnitThread, CrossUnitThreadItem, Delivery, Item
from bot.services.matching import Group

# A claim whose post never got its ts recorded (the process died mid-post) is released after this.
STALE_CLAIM = timedelta(hours=1)


class ThreadGone(TvaersError):
    """The thread was removed from the database (or belongs to another workspace)."""

    key = "threads.gone"


def group_key(item_ids: Iterable[int]) -> str:
    """A stable key for a set of items: the same group found twice has the same key."""
    text = ",".join(str(i) for i in sorted(set(item_ids)))
    return hashlib.sha256(text.encode()).hexdigest()


def claim_group(
    *, session: Session, team_id: str, channel_id: str, group: Group, now: datetime
) -> CrossUnitThread | None:
    """Claim a new group for posting; None when another run claimed it (or any of its items)."""
    thread = CrossUnitThread(
        team_id=team_id,
        group_key=group_key(group.item_ids),
        channel_id=channel_id,
        reasons=",".join(sorted(group.reasons)),
        claimed_at=now,
    )
    thread.links = [
        CrossUnitThreadItem(item_id=item_id, team_id=team_id, added_at=now)
        for item_id in group.item_ids
    ]
    try:
        with session.begin_nested():
            session.add(thread)
            session.flush()
    except IntegrityError:
        return None
    return thread


def mark_posted(*, thread: CrossUnitThread, root_ts: str, now: datetime) -> None:
    """Record the root message of a claimed thread."""
    thread.root_ts = root_ts
    thread.posted_at = now


def release(*, session: Session, thread: CrossUnitThread) -> None:
    """Give up a claim whose post failed, so its items can be grouped again next time."""
    session.execute(delete(CrossUnitThread).where(CrossUnitThread.id == thread.id))


def release_stale_claims(*, session: Session, team_id: str, now: datetime) -> int:
    """Release claims left by a run that died between claiming and posting; never one whose
    root may have reached Slack (its delivery is claimed, sent or unknown in the ledger)."""
    maybe_posted = (
        select(Delivery.id)
        .where(
            Delivery.kind == "thread-root",
            Delivery.ref_id == CrossUnitThread.id,
            Delivery.state != "failed",
        )
        .exists()
    )
    result = session.execute(
        delete(CrossUnitThread)
        .where(
            CrossUnitThread.team_id == team_id,
            CrossUnitThread.root_ts.is_(None),
            CrossUnitThread.claimed_at < now - STALE_CLAIM,
            ~maybe_posted,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def grow(
    *, session: Session, thread_id: int, team_id: str, item_ids: Sequence[int], now: datetime
) -> list[int]:
    """Add items to a thread; returns those added (an item another run took is skipped)."""
    added = []
    for item_id in item_ids:
        try:
            with session.begin_nested():
                session.add(
                    CrossUnitThreadItem(
                        item_id=item_id, thread_id=thread_id, team_id=team_id, added_at=now
                    )
                )
                session.flush()
        except IntegrityError:
            continue
        added.append(item_id)
    return added


def ungrow(*, session: Session, item_ids: Sequence[int]) -> None:
    """Take items back out of a thread (their note could not be posted)."""
    if item_ids:
        session.execute(
            delete(CrossUnitThreadItem).where(CrossUnitThreadItem.item_id.in_(list(item_ids)))
        )


def get_thread(*, session: Session, team_id: str, thread_id: int) -> CrossUnitThread:
    """The thread, or ThreadGone."""
    thread = session.scalar(
        select(CrossUnitThread).where(
            CrossUnitThread.team_id == team_id, CrossUnitThread.id == thread_id
        )
    )
    if thread is None:
        raise ThreadGone()
    return thread


def thread_of_items(*, session: Session, item_ids: Sequence[int]) -> dict[int, CrossUnitThread]:
    """The thread each of these items is in (items in none are left out)."""
    rows = session.execute(
        select(CrossUnitThreadItem.item_id, CrossUnitThread)
        .join(CrossUnitThread, CrossUnitThread.id == CrossUnitThreadItem.thread_id)
        .where(CrossUnitThreadItem.item_id.in_(list(item_ids)))
    )
    return {item_id: thread for item_id, thread in rows}


def thread_items(*, session: Session, thread_id: int) -> list[Item]:
    """A thread's items, oldest first, with their units and goal."""
    return list(
        session.scalars(
            select(Item)
            .join(CrossUnitThreadItem, CrossUnitThreadItem.item_id == Item.id)
            .where(CrossUnitThreadItem.thread_id == thread_id)
            .options(selectinload(Item.links), selectinload(Item.goal))
            .order_by(Item.id)
        )
    )


def claim_period(*, session: Session, team_id: str, kind: str, period: str, now: datetime) -> bool:
    """Claim once-per-period work (the month's pairing); False when it was already done."""
    try:
        with session.begin_nested():
            session.add(CrossUnitRun(team_id=team_id, kind=kind, period=period, at=now))
            session.flush()
    except IntegrityError:
        return False
    return True
