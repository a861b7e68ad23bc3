"""The answers to a follow-up: one wins a race, and moves the thread's open items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import false, or_, select, update
from sqlalchemy.orm import Session, selectinload

from bot.errors import NotAllowed
from bot.models import CrossUnitThread, Item, ItemStatus, Person, Role, ThreadOutcome, Unit, utcnow
from bot.services.items import MAX_NOTE, OPEN_STATUSES, apply_status, check_text, record_event
from bot.services.threads.claims import get_thread, thread_items
from bot.services.threads.people import may_answer

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
