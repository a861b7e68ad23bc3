"""Cross-unit threads: which items belong together, who is asked, follow-ups and their answers.

The job (jobs/cross_unit_threads.py) and the follow-up buttons (handlers/threads.py) call these
functions; nothing here talks to Slack. Every post is claimed in the database first: a group by
its key (and each item by its primary key in cross_unit_thread_items, so an item is in one thread
at most, ever), a follow-up by a conditional UPDATE, an answer by a compare-and-set on the
thread's outcome. Two clocks, or two people clicking at once, therefore have one effect.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, false, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.authz import Do, allowed
from bot.config import Settings
from bot.errors import NotAllowed, TvaersError
from bot.models import (
    CrossUnitChannelProblem,
    CrossUnitPair,
    CrossUnitRun,
    CrossUnitThread,
    CrossUnitThreadItem,
    Delivery,
    Item,
    ItemStatus,
    Person,
    Role,
    ThreadOutcome,
    Unit,
    Workspace,
    utcnow,
)
from bot.services.items import MAX_NOTE, OPEN_STATUSES, apply_status, check_text, record_event
from bot.services.matching import (
    Candidate,
    Group,
    Thresholds,
    explain,
    group_items,
    relations,
)
from bot.services.suggestions import dismissed_pairs

# A claim whose post never got its ts recorded (the process died mid-post) is released after this.
STALE_CLAIM = timedelta(hours=1)
# The job retries director DMs the button handler could not send, after this long.
NOTIFY_GRACE = timedelta(minutes=10)
PAIRING_MEMORY = timedelta(days=183)
MAX_MENTIONS_PER_UNIT = 3

# Which answers may follow which: "in progress" can later become resolved or escalated.
_ALLOWED_FROM: dict[str, tuple[str | None, ...]] = {
    ThreadOutcome.IN_PROGRESS: (None,),
    ThreadOutcome.RESOLVED: (None, ThreadOutcome.IN_PROGRESS.value),
    ThreadOutcome.TOP_MANAGEMENT: (None, ThreadOutcome.IN_PROGRESS.value),
    ThreadOutcome.NOT_RELEVANT: (None,),
}
_ITEM_STATUS = {
    ThreadOutcome.RESOLVED: ItemStatus.RESOLVED.value,
    ThreadOutcome.IN_PROGRESS: ItemStatus.IN_PROGRESS.value,
    ThreadOutcome.NOT_RELEVANT: ItemStatus.DROPPED.value,
}
GROWING_OUTCOMES = (None, ThreadOutcome.IN_PROGRESS.value)


class ThreadGone(TvaersError):
    """The thread was removed from the database (or belongs to another workspace)."""

    key = "threads.gone"


@dataclass(frozen=True)
class ThreadOptions:
    """The settings the cross-unit job runs with."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    follow_up_days: int = 14
    pairing: bool = False
    reminder_days: int = 14

    @classmethod
    def from_settings(cls, settings: Settings) -> ThreadOptions:
        """The options the environment asks for."""
        return cls(
            thresholds=Thresholds(
                link=settings.cross_unit_similarity, max_items=settings.cross_unit_max_items
            ),
            follow_up_days=settings.cross_unit_follow_up_days,
            pairing=settings.cross_unit_pairing,
            reminder_days=settings.decision_reminder_days,
        )


# -- matching ---------------------------------------------------------------------------------


def item_unit_ids(item: Item) -> frozenset[int]:
    """Every unit an item involves: the ones it names and its author's."""
    units = {link.unit_id for link in item.links}
    if item.unit_id is not None:
        units.add(item.unit_id)
    return frozenset(units)


def candidate(item: Item, thread_id: int | None = None) -> Candidate | None:
    """An item as the matcher sees it (None while nobody knows its unit)."""
    units = item_unit_ids(item)
    if not units:
        return None  # nobody knows which unit it belongs to: an admin places it first
    return Candidate(
        item_id=item.id,
        home_unit=item.unit_id if item.unit_id is not None else min(units),
        unit_ids=units,
        text=item.text or "",
        situation=item.citizen_situation,
        goal_id=item.goal_id,
        thread_id=thread_id,
        author_id=item.author_id,
    )


def _open_items(session: Session, team_id: str) -> list[Item]:
    return list(
        session.scalars(
            select(Item)
            .where(Item.team_id == team_id, Item.status.in_(OPEN_STATUSES))
            .options(selectinload(Item.links))
            .order_by(Item.id)
        )
    )


def plan(*, session: Session, team_id: str, options: ThreadOptions) -> list[Group]:
    """New groups to open threads for, and new items that grow a thread still under way.

    Items already in a thread that is answered or not yet posted stay out: an item is never
    put in a second thread. A thread whose root was deleted still grows (its follow-up shows
    the new items).
    """
    membership = dict(
        session.execute(
            select(CrossUnitThreadItem.item_id, CrossUnitThreadItem.thread_id).where(
                CrossUnitThreadItem.team_id == team_id
            )
        ).all()
    )
    growing = set(
        session.scalars(
            select(CrossUnitThread.id).where(
                CrossUnitThread.team_id == team_id,
                CrossUnitThread.root_ts.is_not(None),
                or_(
                    CrossUnitThread.outcome.is_(None),
                    CrossUnitThread.outcome == ThreadOutcome.IN_PROGRESS.value,
                ),
            )
        )
    )
    candidates = []
    for item in _open_items(session, team_id):
        thread_id = membership.get(item.id)
        if thread_id is not None and thread_id not in growing:
            continue
        found = candidate(item, thread_id)
        if found is not None:
            candidates.append(found)
    apart = dismissed_pairs(session=session, team_id=team_id)
    # The matching reads nothing more from the database: end the transaction first, so a
    # long run over many items holds no lock (on SQLite, the one writer lock) while it thinks.
    session.commit()
    return group_items(candidates, options.thresholds, apart)


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


# -- who is asked -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitPeople:
    """Everyone who could answer for one unit, before Slack says who is still there."""

    unit_id: int
    unit_name: str
    area_name: str | None
    authors: tuple[str, ...]  # who logged a (named) item from this unit
    managers: tuple[str, ...]  # the unit's active managers, by name
    directors: tuple[str, ...]  # the active directors of the unit's area
    # An item from this unit is anonymous: its only manager is never named (that names them).
    anonymous: bool = False


@dataclass(frozen=True)
class Contact:
    """Who is mentioned for one unit, and whether it is the area's director standing in."""

    unit_name: str
    area_name: str | None
    user_ids: tuple[str, ...]
    via_director: bool = False
    # The director stands in for a unit whose one manager would be named by an anonymous item.
    for_anonymity: bool = False


@dataclass(frozen=True)
class CardItem:
    """One item as a thread shows it: an anonymous item has no author here at all."""

    item_id: int
    kind: str
    status: str
    text: str
    situation: str | None
    units: tuple[str, ...]
    author_id: str | None
    goal: str | None


@dataclass(frozen=True)
class Card:
    """Everything a thread message shows, read from the database in one go."""

    items: tuple[CardItem, ...]
    units: tuple[UnitPeople, ...]
    area_names: tuple[str, ...]
    reasons: tuple[str, ...]
    goal: str | None
    # What the items share, in the thesaurus's own words (never an author's), per language.
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _people(session: Session, team_id: str, unit_ids: set[int]) -> list[Person]:
    units = list(
        session.scalars(select(Unit).where(Unit.team_id == team_id, Unit.id.in_(unit_ids)))
    )
    area_ids = {u.area_id for u in units if u.area_id is not None}
    return list(
        session.scalars(
            select(Person)
            .join(Unit, Person.unit_id == Unit.id)
            .where(
                Person.team_id == team_id,
                Person.active.is_(True),
                Person.role.in_([Role.MANAGER.value, Role.DIRECTOR.value]),
                or_(Unit.id.in_(unit_ids), Unit.area_id.in_(area_ids) if area_ids else false()),
            )
            .options(selectinload(Person.unit))
            .order_by(Person.name, Person.user_id)
        )
    )


def card(
    *, session: Session, team_id: str, items: Sequence[Item], reasons: Iterable[str] = ()
) -> Card:
    """Read what a thread message about these items needs to show."""
    unit_ids: set[int] = set()
    for item in items:
        unit_ids |= item_unit_ids(item)
    units = list(
        session.scalars(
            select(Unit)
            .where(Unit.team_id == team_id, Unit.id.in_(unit_ids))
            .options(selectinload(Unit.area))
            .order_by(Unit.name)
        )
    )
    names = {u.id: u.name for u in units}
    people = _people(session, team_id, unit_ids) if unit_ids else []
    by_user = {p.user_id: p for p in people}
    unit_people = []
    for unit in units:
        authors = tuple(
            dict.fromkeys(
                item.author_id
                for item in items
                if not item.anonymous
                and item.unit_id == unit.id
                and item.author_id in by_user
                and by_user[item.author_id].unit_id == unit.id
            )
        )
        managers = tuple(
            p.user_id for p in people if p.unit_id == unit.id and p.role == Role.MANAGER.value
        )
        directors = tuple(
            p.user_id
            for p in people
            if p.role == Role.DIRECTOR.value
            and p.unit is not None
            and unit.area_id is not None
            and p.unit.area_id == unit.area_id
        )
        unit_people.append(
            UnitPeople(
                unit_id=unit.id,
                unit_name=unit.name,
                area_name=unit.area.name if unit.area else None,
                authors=authors,
                managers=managers,
                directors=directors,
                anonymous=any(item.anonymous and item.unit_id == unit.id for item in items),
            )
        )
    card_items = tuple(
        CardItem(
            item_id=item.id,
            kind=item.kind,
            status=item.status,
            text=item.text or "",
            situation=item.citizen_situation,
            units=tuple(
                names[u]
                for u in sorted(item_unit_ids(item), key=lambda u: names.get(u, ""))
                if u in names
            ),
            author_id=None if item.anonymous else item.author_id,
            goal=item.goal.title if item.goal is not None else None,
        )
        for item in items
    )
    goals = {i.goal for i in card_items if i.goal}
    areas = sorted({u.area.name for u in units if u.area is not None})
    texts = [(item.text, item.citizen_situation) for item in items]
    return Card(
        items=card_items,
        units=tuple(unit_people),
        area_names=tuple(areas),
        reasons=tuple(sorted(set(reasons))),
        goal=goals.pop() if len(goals) == 1 else None,
        shared={lang: explain(texts, lang=lang).concepts for lang in ("da", "en")},
    )


def contacts(card: Card, reachable: Callable[[str], bool]) -> list[Contact]:
    """Who to mention for each unit: the named authors, else its other active managers, else
    the directors of its area. `reachable` says whether Slack still has the user."""
    found = []
    for unit in card.units:
        # Mentioning a unit's one manager beside an anonymous item from it would name the
        # author: the area's director is asked instead.
        managers = () if unit.anonymous and len(unit.managers) == 1 else unit.managers
        for group, via_director in (
            (unit.authors, False),
            (managers, False),
            (unit.directors, True),
        ):
            people = tuple(u for u in group if reachable(u))[:MAX_MENTIONS_PER_UNIT]
            if people:
                hidden = via_director and managers != unit.managers
                found.append(Contact(unit.unit_name, unit.area_name, people, via_director, hidden))
                break
        else:
            found.append(Contact(unit.unit_name, unit.area_name, ()))
    return found


def directors_to_tell(
    *, session: Session, team_id: str, items: Sequence[Item], reachable: Callable[[str], bool]
) -> list[str]:
    """The active directors of the areas the items involve (else those with no unit: the top)."""
    unit_ids: set[int] = set()
    for item in items:
        unit_ids |= item_unit_ids(item)
    area_ids = set(
        session.scalars(
            select(Unit.area_id).where(
                Unit.team_id == team_id, Unit.id.in_(unit_ids), Unit.area_id.is_not(None)
            )
        )
    )
    directors = select(Person.user_id).where(
        Person.team_id == team_id,
        Person.active.is_(True),
        Person.role == Role.DIRECTOR.value,
    )
    found: list[str] = []
    if area_ids:
        found = list(
            session.scalars(
                directors.join(Unit, Person.unit_id == Unit.id)
                .where(Unit.area_id.in_(area_ids))
                .order_by(Person.name, Person.user_id)
            )
        )
    found = [u for u in found if reachable(u)]
    if not found:
        top = session.scalars(directors.where(Person.unit_id.is_(None)).order_by(Person.user_id))
        found = [u for u in top if reachable(u)]
    return list(dict.fromkeys(found))


def may_answer(*, session: Session, thread: CrossUnitThread, user_id: str) -> bool:
    """Authors of the items, managers and directors of the units and areas involved, admins."""
    person = session.scalar(
        select(Person)
        .where(Person.team_id == thread.team_id, Person.user_id == user_id)
        .options(selectinload(Person.unit))
    )
    items = thread_items(session=session, thread_id=thread.id)
    author = any(item.author_id == user_id for item in items)
    role = person.role if person is not None and person.active else None
    return allowed(
        Do.ANSWER_THREAD,
        role=role,
        author=author,
        involved=role is not None and _involved(session, person, items),
    )


def _involved(session: Session, person: Person | None, items: list[Item]) -> bool:
    """A manager or director of a unit in the thread, or a director of one of their areas."""
    if person is None:
        return False
    unit_ids: set[int] = set()
    for item in items:
        unit_ids |= item_unit_ids(item)
    if person.unit_id in unit_ids:
        return True
    if person.role == Role.DIRECTOR.value:
        if person.unit_id is None:
            return True  # the chief executive
        area_ids = set(session.scalars(select(Unit.area_id).where(Unit.id.in_(unit_ids))))
        return person.unit is not None and person.unit.area_id in area_ids
    return False


# -- follow-up and answers --------------------------------------------------------------------


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


@dataclass
class Answer:
    """The result of a click: whether it changed anything, and the thread as it now stands."""

    thread: CrossUnitThread
    changed: bool
    changed_items: list[Item] = field(default_factory=list)
    escalated_items: list[Item] = field(default_factory=list)
    # *Ikke relevant* closed only the clicker's unit's items; the thread goes on for the others.
    partial: bool = False


def answer(
    *,
    session: Session,
    team_id: str,
    thread_id: int,
    user_id: str,
    outcome: str,
    now: datetime,
    note: str | None = None,
) -> Answer:
    """Record a follow-up answer and move the thread's open items; one answer wins a race.

    `note` (with *Løst*: what moved it) is stored on each item it resolves, as the status
    modal of `/barriere mine` stores it; a CPR number in it is refused before anything changes.
    """
    chosen = ThreadOutcome(outcome)
    outcome = chosen.value
    if chosen is ThreadOutcome.RESOLVED:
        note = check_text(note, limit=MAX_NOTE, field="note", required=False)
    else:
        note = None
    thread = get_thread(session=session, team_id=team_id, thread_id=thread_id)
    if not may_answer(session=session, thread=thread, user_id=user_id):
        raise NotAllowed("threads.err_not_involved")
    if chosen is ThreadOutcome.NOT_RELEVANT:
        partial = _not_relevant_for(session, thread, user_id)
        if partial is not None:
            return partial
    allowed = _ALLOWED_FROM[outcome]
    condition = or_(
        CrossUnitThread.outcome.is_(None) if None in allowed else false(),
        CrossUnitThread.outcome.in_([a for a in allowed if a is not None]),
    )
    # Compare-and-set: a second click (or a second person at the same moment) finds the
    # outcome already moved on and changes nothing.
    result = session.execute(
        update(CrossUnitThread)
        .where(CrossUnitThread.id == thread.id, condition)
        .values(outcome=outcome, outcome_by=user_id, outcome_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(thread)
    if getattr(result, "rowcount", 0) != 1:
        return Answer(thread=thread, changed=False)
    changed, escalated = [], []
    for item in thread_items(session=session, thread_id=thread.id):
        if item.status not in OPEN_STATUSES:
            continue
        before = (item.status, item.escalated_at)
        status = _ITEM_STATUS.get(chosen, item.status)
        apply_status(
            session=session,
            item=item,
            user_id=user_id,
            status=status,
            note=note,
            escalate=outcome == ThreadOutcome.TOP_MANAGEMENT.value,
        )
        if (item.status, item.escalated_at) != before:
            changed.append(item)
        if before[1] is None and item.escalated_at is not None:
            escalated.append(item)
    return Answer(thread=thread, changed=True, changed_items=changed, escalated_items=escalated)


def can_answer(thread: CrossUnitThread, outcome: str) -> bool:
    """Whether the thread, as it stands, still takes this answer (a later click may not)."""
    return thread.outcome in _ALLOWED_FROM[ThreadOutcome(outcome).value]


def resolution_note(thread: CrossUnitThread, items: Iterable[Item]) -> str | None:
    """What moved a resolved thread on: the note its *Løst* stored on the items it closed."""
    if thread.outcome != ThreadOutcome.RESOLVED.value:
        return None
    for item in items:
        resolved_here = item.status_changed_by == thread.outcome_by
        if item.status == ItemStatus.RESOLVED.value and resolved_here and item.resolution_note:
            return item.resolution_note
    return None


def _answer_scope(session: Session, team_id: str, user_id: str) -> set[int] | None:
    """The units one person answers *Ikke relevant* for: a manager their own unit, a director
    the units of their area; None (the whole thread) for the chief executive and admins."""
    person = session.scalar(
        select(Person)
        .where(Person.team_id == team_id, Person.user_id == user_id, Person.active.is_(True))
        .options(selectinload(Person.unit))
    )
    if person is None or person.unit_id is None or person.role == Role.ADMIN.value:
        return None
    if person.role == Role.DIRECTOR.value and person.unit is not None and person.unit.area_id:
        area = person.unit.area_id
        return set(session.scalars(select(Unit.id).where(Unit.area_id == area)))
    return {person.unit_id}


def _not_relevant_for(session: Session, thread: CrossUnitThread, user_id: str) -> Answer | None:
    """*Ikke relevant* from one unit closes that unit's items only. None when it closes the
    whole thread (nothing else is open, or the person answers for all of it)."""
    scope = _answer_scope(session, thread.team_id, user_id)
    if scope is None or thread.outcome is not None:
        return None
    items = open_items(thread_items(session=session, thread_id=thread.id))
    mine = [i for i in items if i.author_id == user_id or (i.unit_id in scope)]
    if len(mine) == len(items):
        return None  # the last open unit: the whole thread is not relevant any more
    changed = []
    for item in mine:
        before = item.status
        at = utcnow()
        # Guarded by the status it was read with: a second click at once changes nothing.
        result = session.execute(
            update(Item)
            .where(Item.id == item.id, Item.status == before)
            .values(
                status=ItemStatus.DROPPED.value,
                status_changed_at=at,
                status_changed_by=user_id,
                closed_at=at,
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            continue
        session.refresh(item)
        record_event(
            session=session, item=item, actor_id=user_id, action="status", at=at, from_status=before
        )
        changed.append(item)
    return Answer(thread=thread, changed=bool(changed), changed_items=changed, partial=True)


def open_items(items: Iterable[Item]) -> list[Item]:
    """The items still open or in progress."""
    return [item for item in items if item.status in OPEN_STATUSES]


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


# -- replies and deleted roots ----------------------------------------------------------------


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


# -- the channel ------------------------------------------------------------------------------


def channel_problem(
    *, session: Session, team_id: str, channel_id: str
) -> CrossUnitChannelProblem | None:
    """The recorded problem with this channel, if any."""
    return session.scalar(
        select(CrossUnitChannelProblem).where(
            CrossUnitChannelProblem.team_id == team_id,
            CrossUnitChannelProblem.channel_id == channel_id,
        )
    )


def record_channel_problem(
    *, session: Session, team_id: str, channel_id: str, problem: str, now: datetime
) -> bool:
    """Remember that the channel cannot be used; True the first time (the one report)."""
    if channel_problem(session=session, team_id=team_id, channel_id=channel_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                CrossUnitChannelProblem(
                    team_id=team_id, channel_id=channel_id, problem=problem[:40], noticed_at=now
                )
            )
            session.flush()
    except IntegrityError:
        return False
    return True


def clear_channel_problems(*, session: Session, team_id: str) -> int:
    """Forget every recorded channel problem, so the next run tries again."""
    result = session.execute(
        delete(CrossUnitChannelProblem).where(CrossUnitChannelProblem.team_id == team_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class ChannelNotice:
    """What admins see in App Home about the cross-unit channel."""

    channel_id: str | None
    problem: str | None


def admin_notice(*, session: Session, team_id: str) -> ChannelNotice | None:
    """None when threads can be posted; otherwise why not: a channel's problem, or no channel."""
    problem = session.scalar(
        select(CrossUnitChannelProblem)
        .where(CrossUnitChannelProblem.team_id == team_id)
        .order_by(CrossUnitChannelProblem.noticed_at.desc(), CrossUnitChannelProblem.id.desc())
        .limit(1)
    )
    if problem is not None:
        return ChannelNotice(problem.channel_id, problem.problem)
    workspace = session.get(Workspace, team_id)
    if workspace is None or workspace.cross_unit_channel is None:
        return ChannelNotice(None, None)
    return None


# -- pairing ----------------------------------------------------------------------------------


def claim_period(*, session: Session, team_id: str, kind: str, period: str, now: datetime) -> bool:
    """Claim once-per-period work (the month's pairing); False when it was already done."""
    try:
        with session.begin_nested():
            session.add(CrossUnitRun(team_id=team_id, kind=kind, period=period, at=now))
            session.flush()
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class PairSuggestion:
    """Two managers from different units whose items relate."""

    user_a: str
    user_b: str
    unit_a: str
    unit_b: str
    score: float


def pair_suggestions(
    *, session: Session, team_id: str, options: ThreadOptions, now: datetime
) -> list[PairSuggestion]:
    """Managers to introduce this month: strongest relation first, each at most once, and
    never two who were paired in the last six months. Anonymous items are left out, so a
    pairing never tells anyone who wrote one."""
    managers = {
        p.user_id: p
        for p in session.scalars(
            select(Person)
            .where(
                Person.team_id == team_id,
                Person.active.is_(True),
                Person.role == Role.MANAGER.value,
                Person.unit_id.is_not(None),
            )
            .options(selectinload(Person.unit))
        )
    }
    items = [
        item
        for item in _open_items(session, team_id)
        if not item.anonymous
        and item.author_id in managers
        and item.unit_id == managers[item.author_id].unit_id
    ]
    candidates = [c for c in (candidate(item) for item in items) if c is not None]
    author = {item.id: item.author_id for item in items}
    recent = {
        (a, b)
        for a, b in session.execute(
            select(CrossUnitPair.user_a, CrossUnitPair.user_b).where(
                CrossUnitPair.team_id == team_id, CrossUnitPair.paired_at > now - PAIRING_MEMORY
            )
        ).all()
    }
    used: set[str] = set()
    found = []
    for relation in relations(candidates, options.thresholds):
        a, b = sorted((author[relation.a], author[relation.b]))
        if a == b or a in used or b in used or (a, b) in recent:
            continue
        used |= {a, b}
        unit_a, unit_b = managers[a].unit, managers[b].unit
        found.append(
            PairSuggestion(
                user_a=a,
                user_b=b,
                unit_a=unit_a.name if unit_a else "",
                unit_b=unit_b.name if unit_b else "",
                score=relation.score,
            )
        )
    return found


def record_pair(
    *,
    session: Session,
    team_id: str,
    period: str,
    pair: PairSuggestion,
    channel_id: str | None,
    now: datetime,
) -> None:
    """Remember a pairing, so the two are not paired again for six months."""
    session.add(
        CrossUnitPair(
            team_id=team_id,
            period=period,
            user_a=pair.user_a,
            user_b=pair.user_b,
            paired_at=now,
            channel_id=channel_id,
        )
    )
    session.flush()
