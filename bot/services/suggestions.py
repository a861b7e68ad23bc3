"""Related items the moment one is saved: other units' open items and what others learned.

When a manager saves an item, the matcher (bot/services/matching/) compares it with the open
items of other units, and with items other units resolved in the last year that say what moved
them. The confirmation and App Home show up to three, with *Følg* (be told when it moves), *Tag
kontakt* (a cross-unit thread now) and *Ikke relateret* (remembered: the pair is never suggested
or threaded together again). Nothing here talks to Slack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.models import (
    CrossUnitThread,
    CrossUnitThreadItem,
    FollowNotice,
    Item,
    ItemDismissal,
    ItemEvent,
    ItemFollow,
    ItemStatus,
    ItemUnit,
    Unit,
    utcnow,
)
from bot.services.items import OPEN_STATUSES
from bot.services.matching import Candidate, Thresholds, explain, related_many

MAX_SUGGESTIONS = 3
# Only the newest are compared, so a save answers well inside Slack's 3 seconds however much
# history a workspace has (bench/bench_matching.py --suggest measures it).
OPEN_CANDIDATES = 2000
LEARNED_CANDIDATES = 500
LEARNED_WINDOW = timedelta(days=365)
# Ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters.
_IN_CHUNK = 900


@dataclass(frozen=True)
class Suggestion:
    """One related item as a manager may see it: no author when it is anonymous."""

    item_id: int
    kind: str
    status: str
    unit: str | None  # the unit it came from
    text: str
    author_id: str | None
    resolution_note: str | None
    closed_at: datetime | None
    shared: dict[str, tuple[str, ...]]  # what both items are about, per language
    followed: bool = False
    # The channel of the cross-unit thread both items are already in (*Tag kontakt* is done).
    together_in: str | None = None

    @property
    def learned(self) -> bool:
        """Resolved elsewhere, with what moved it: *what others learned*."""
        return self.status == ItemStatus.RESOLVED.value and bool(self.resolution_note)


def _candidate(item: Item) -> Candidate:
    units = {link.unit_id for link in item.links}
    return _as_candidate(
        item.id,
        item.unit_id,
        units,
        item.text,
        item.citizen_situation,
        item.goal_id,
        item.author_id,
    )


def _as_candidate(
    item_id: int,
    unit_id: int | None,
    units: set[int],
    text: str | None,
    situation: str | None,
    goal_id: int | None,
    author_id: str,
) -> Candidate:
    if unit_id is not None:
        units = {*units, unit_id}
    # An item nobody has placed yet still gets suggestions: -id is a unit of its own.
    home = unit_id if unit_id is not None else (min(units) if units else -item_id)
    return Candidate(
        item_id=item_id,
        home_unit=home,
        unit_ids=frozenset(units),
        text=text or "",
        situation=situation,
        goal_id=goal_id,
        author_id=author_id,
    )


def _pool(session: Session, team_id: str, exclude_author: str, now: datetime) -> list[Candidate]:
    """The newest open items and recently resolved items with a note, not the manager's own,
    as the matcher reads them: only the columns it needs, no objects (a pool is thousands)."""
    columns = (
        Item.id,
        Item.unit_id,
        Item.text,
        Item.citizen_situation,
        Item.goal_id,
        Item.author_id,
    )
    base = select(*columns).where(Item.team_id == team_id, Item.author_id != exclude_author)
    open_rows = session.execute(
        base.where(Item.status.in_(OPEN_STATUSES))
        .order_by(Item.created_at.desc(), Item.id.desc())
        .limit(OPEN_CANDIDATES)
    ).all()
    learned_rows = session.execute(
        base.where(
            Item.status == ItemStatus.RESOLVED.value,
            Item.resolution_note.is_not(None),
            Item.closed_at >= now - LEARNED_WINDOW,
        )
        .order_by(Item.closed_at.desc(), Item.id.desc())
        .limit(LEARNED_CANDIDATES)
    ).all()
    rows = [*open_rows, *learned_rows]
    units: dict[int, set[int]] = {}
    ids = [row.id for row in rows]
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        for item_id, unit_id in session.execute(
            select(ItemUnit.item_id, ItemUnit.unit_id).where(ItemUnit.item_id.in_(chunk))
        ):
            units.setdefault(item_id, set()).add(unit_id)
    return [
        _as_candidate(
            row.id,
            row.unit_id,
            units.get(row.id, set()),
            row.text,
            row.citizen_situation,
            row.goal_id,
            row.author_id,
        )
        for row in rows
    ]


def _threads(session: Session, item_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """The thread (id, channel) each of these items is in."""
    if not item_ids:
        return {}
    rows = session.execute(
        select(
            CrossUnitThreadItem.item_id, CrossUnitThreadItem.thread_id, CrossUnitThread.channel_id
        )
        .join(CrossUnitThread, CrossUnitThread.id == CrossUnitThreadItem.thread_id)
        .where(CrossUnitThreadItem.item_id.in_(list(item_ids)))
    )
    return {item_id: (thread_id, channel) for item_id, thread_id, channel in rows}


def dismissed_pairs(
    *, session: Session, team_id: str, item_ids: Sequence[int] | None = None
) -> frozenset[frozenset[int]]:
    """Pairs marked *Ikke relateret* (those touching `item_ids`, or all of the workspace)."""
    query = select(ItemDismissal.item_id, ItemDismissal.other_id).where(
        ItemDismissal.team_id == team_id
    )
    if item_ids is not None:
        ids = list(item_ids)
        query = query.where(or_(ItemDismissal.item_id.in_(ids), ItemDismissal.other_id.in_(ids)))
    return frozenset(frozenset(pair) for pair in session.execute(query))


def for_items(
    *,
    session: Session,
    items: Sequence[Item],
    user_id: str,
    thresholds: Thresholds | None = None,
    limit: int = MAX_SUGGESTIONS,
) -> dict[int, list[Suggestion]]:
    """For each of one manager's items, the related items of other units, strongest first."""
    if not items:
        return {}
    team_id = items[0].team_id
    ids = [i.id for i in items]
    own = set(ids)
    others = [o for o in _pool(session, team_id, user_id, utcnow()) if o.item_id not in own]
    apart = dismissed_pairs(session=session, team_id=team_id, item_ids=ids)
    # Two items already in one thread still relate: the manager sees that they are together.
    found = related_many(
        [_candidate(i) for i in items], others, thresholds or Thresholds(), limit, apart
    )
    shown = sorted({r.b for relations in found.values() for r in relations})
    # Only the few shown are read as objects, with what a suggestion says about them.
    by_id = {
        o.id: o
        for o in session.scalars(
            select(Item).where(Item.id.in_(shown or [0])).options(selectinload(Item.unit))
        )
    }
    threads = _threads(session, [*ids, *shown])
    mine = {i.id: i for i in items}
    followed = set(
        session.scalars(
            select(ItemFollow.item_id).where(
                ItemFollow.team_id == team_id,
                ItemFollow.user_id == user_id,
                ItemFollow.item_id.in_(shown or [0]),
            )
        )
    )
    result: dict[int, list[Suggestion]] = {}
    for item_id, relations in found.items():
        result[item_id] = []
        for relation in relations:
            ours, theirs = threads.get(item_id), threads.get(relation.b)
            together = ours[1] if ours is not None and ours == theirs else None
            suggestion = _suggestion(mine[item_id], by_id[relation.b], relation.b in followed)
            result[item_id].append(replace(suggestion, together_in=together))
    return result


def for_item(
    *, session: Session, item: Item, thresholds: Thresholds | None = None
) -> list[Suggestion]:
    """The related items to show when `item` is saved (at most three)."""
    return for_items(
        session=session, items=[item], user_id=item.author_id, thresholds=thresholds
    ).get(item.id, [])


def _suggestion(mine: Item, other: Item, followed: bool) -> Suggestion:
    texts = [(mine.text, mine.citizen_situation), (other.text, other.citizen_situation)]
    unit: Unit | None = other.unit
    return Suggestion(
        item_id=other.id,
        kind=other.kind,
        status=other.status,
        unit=unit.name if unit is not None else None,
        text=other.text or "",
        author_id=None if other.anonymous else other.author_id,
        resolution_note=other.resolution_note if other.status == ItemStatus.RESOLVED else None,
        closed_at=other.closed_at,
        shared={lang: explain(texts, lang=lang).concepts for lang in ("da", "en")},
        followed=followed,
    )


def follow(*, session: Session, team_id: str, item_id: int, user_id: str) -> bool:
    """Follow an item; False when the manager already did (a double click has one effect)."""
    try:
        with session.begin_nested():
            session.add(ItemFollow(team_id=team_id, item_id=item_id, user_id=user_id))
            session.flush()
    except IntegrityError:
        return False
    return True


def unfollow(*, session: Session, team_id: str, item_id: int, user_id: str) -> None:
    """Stop following an item."""
    found = session.scalar(
        select(ItemFollow).where(
            ItemFollow.team_id == team_id,
            ItemFollow.item_id == item_id,
            ItemFollow.user_id == user_id,
        )
    )
    if found is not None:
        session.delete(found)


def dismiss(*, session: Session, team_id: str, item_id: int, other_id: int, user_id: str) -> bool:
    """Mark two items *Ikke relateret*; False when the pair already was."""
    low, high = sorted((item_id, other_id))
    try:
        with session.begin_nested():
            session.add(ItemDismissal(team_id=team_id, item_id=low, other_id=high, user_id=user_id))
            session.flush()
    except IntegrityError:
        return False
    return True


def followers_of(*, session: Session, team_id: str, item_id: int) -> list[str]:
    """Who follows an item."""
    return list(
        session.scalars(
            select(ItemFollow.user_id)
            .where(ItemFollow.team_id == team_id, ItemFollow.item_id == item_id)
            .order_by(ItemFollow.id)
        )
    )


# -- telling followers ---------------------------------------------------------------------------

# A move older than this when the job first sees it is not worth a DM any more (longer than a
# Christmas closure, during which notices wait).
NOTICE_WINDOW = timedelta(days=21)
# A claim with no outcome recorded after this (the sender died) is settled by looking in the DM.
STALE_NOTICE = timedelta(minutes=30)


@dataclass(frozen=True)
class NoticeDue:
    """A follower to tell that an item moved (one status change or escalation)."""

    event_id: int
    item_id: int
    user_id: str
    action: str  # "status" or "escalated"
    to_status: str | None


def due_notices(*, session: Session, team_id: str, now: datetime) -> list[NoticeDue]:
    """Moves of followed items since the follow began that no follower was told of yet."""
    told = select(FollowNotice.id).where(
        FollowNotice.event_id == ItemEvent.id, FollowNotice.user_id == ItemFollow.user_id
    )
    rows = session.execute(
        select(ItemEvent.id, ItemEvent.item_id, ItemFollow.user_id, ItemEvent.action)
        .add_columns(ItemEvent.to_status)
        .join(ItemFollow, and_(ItemFollow.item_id == ItemEvent.item_id))
        .where(
            ItemEvent.team_id == team_id,
            ItemFollow.team_id == team_id,
            ItemEvent.action.in_(("status", "escalated")),
            ItemEvent.at > ItemFollow.created_at,
            ItemEvent.at >= now - NOTICE_WINDOW,
            ItemEvent.actor_id != ItemFollow.user_id,
            ~told.exists(),
        )
        .order_by(ItemEvent.id, ItemFollow.user_id)
    )
    return [NoticeDue(*row) for row in rows]


def claim_notice(*, session: Session, team_id: str, due: NoticeDue, now: datetime) -> int | None:
    """Claim one notice before it is sent; None when another run has it."""
    notice = FollowNotice(
        team_id=team_id,
        event_id=due.event_id,
        item_id=due.item_id,
        user_id=due.user_id,
        state="claimed",
        claimed_at=now,
    )
    try:
        with session.begin_nested():
            session.add(notice)
            session.flush()
    except IntegrityError:
        return None
    return notice.id


def record_notice(
    *,
    session: Session,
    notice_id: int,
    state: str,
    now: datetime,
    channel_id: str | None = None,
    ts: str | None = None,
    error: str | None = None,
) -> None:
    """What became of a claimed notice: sent, failed (refused) or unknown (never resent)."""
    notice = session.get(FollowNotice, notice_id)
    if notice is None:
        return
    notice.state = state
    notice.error = error
    if state == "sent":
        notice.sent_at = now
        notice.channel_id = channel_id
        notice.message_ts = ts


def release_notice(*, session: Session, notice_id: int) -> None:
    """Give up a claim whose notice surely was not posted, so the next run sends it."""
    session.execute(delete(FollowNotice).where(FollowNotice.id == notice_id))


def stale_notices(*, session: Session, team_id: str, now: datetime) -> list[tuple[int, str]]:
    """Claims a sender left without an outcome: (notice id, user id)."""
    rows = session.execute(
        select(FollowNotice.id, FollowNotice.user_id).where(
            FollowNotice.team_id == team_id,
            FollowNotice.state == "claimed",
            FollowNotice.claimed_at < now - STALE_NOTICE,
        )
    )
    return [(notice_id, user_id) for notice_id, user_id in rows]
