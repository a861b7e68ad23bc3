"""Escalations to top management and the directors' decisions on them.

Only a director decides (the role is read from the database, never from the payload). The first
decision counts: `escalations.decided_at` is set by a compare-and-set, so a double click has one
effect. A later change is a new decision row (append-only), never an overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.authz import role_of
from bot.errors import InputError, NotAllowed
from bot.models import (
    CrossUnitThread,
    CrossUnitThreadItem,
    Decision,
    DecisionKind,
    Escalation,
    Item,
    Person,
    Role,
    Workspace,
)
from bot.services.guard import contains_personal_data

# Long enough for a real answer, short enough for a Slack section.
MAX_TEXT = 2000
# What the directors are asked: one short paragraph.
MAX_QUESTION = 500


@dataclass(frozen=True)
class Decided:
    """The decision that counts now, and whether this call made it."""

    escalation: Escalation
    decision: Decision
    fresh: bool


def clean_text(text: str | None, *, field: str, required: bool) -> str | None:
    """Trimmed text, or an InputError naming the field (empty, too long, a CPR number)."""
    value = (text or "").strip()
    if not value:
        if required:
            raise InputError("decisions.error.empty", field=field)
        return None
    if len(value) > MAX_TEXT:
        raise InputError("decisions.error.too_long", field=field, limit=MAX_TEXT)
    if contains_personal_data(value):
        raise InputError("decisions.error.cpr", field=field)
    return value


def clean_question(text: str | None) -> str:
    """What the directors are asked, required: trimmed, short, no CPR number."""
    value = (text or "").strip()
    if not value:
        raise InputError("decisions.error.no_question", field="question")
    if len(value) > MAX_QUESTION:
        raise InputError("decisions.error.too_long", field="question", limit=MAX_QUESTION)
    if contains_personal_data(value):
        raise InputError("decisions.error.cpr", field="question")
    return value


def reminder_days(*, session: Session, team_id: str, default: int) -> int:
    """Days an escalation may wait before its one reminder: the workspace's, else `default`."""
    workspace = session.get(Workspace, team_id)
    days = workspace.decision_reminder_days if workspace is not None else None
    return days if days else default


def escalation_for_item(*, session: Session, team_id: str, item_id: int) -> Escalation | None:
    """The escalation of one item raised on its own, if it was raised."""
    return session.scalar(
        select(Escalation).where(Escalation.team_id == team_id, Escalation.item_id == item_id)
    )


def open_item_escalation(
    *, session: Session, item: Item, raised_by: str, now: datetime, question: str
) -> Escalation:
    """The item's one escalation, created on the first call; a question fills in later."""
    found = escalation_for_item(session=session, team_id=item.team_id, item_id=item.id)
    if found is None:
        fresh = Escalation(
            team_id=item.team_id,
            item_id=item.id,
            raised_by=raised_by,
            raised_at=now,
            question=question,
        )
        try:
            with session.begin_nested():
                session.add(fresh)
                session.flush()
            return fresh
        except IntegrityError:
            # The same form sent twice at once: the other request raised it.
            found = escalation_for_item(session=session, team_id=item.team_id, item_id=item.id)
            assert found is not None
            return found
    if not found.question:
        found.question = question
    session.flush()
    return found


def items_pending(*, session: Session, team_id: str, before: datetime) -> list[Escalation]:
    """Items raised on their own before `before` whose directors were not all told."""
    return list(
        session.scalars(
            select(Escalation)
            .where(
                Escalation.team_id == team_id,
                Escalation.item_id.is_not(None),
                Escalation.notified_at.is_(None),
                Escalation.raised_at <= before,
            )
            .order_by(Escalation.raised_at, Escalation.id)
        )
    )


def claim_item_notice(*, session: Session, escalation: Escalation, now: datetime) -> bool:
    """Claim telling the directors about an item (compare-and-set); False when another has it.

    The row is claimed; `escalation.notified_at` stays None in this session until every
    director was told (bot.directors.notify_item sets it).
    """
    result = session.execute(
        update(Escalation)
        .where(Escalation.id == escalation.id, Escalation.notified_at.is_(None))
        .values(notified_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def unclaim_item_notice(*, session: Session, escalation: Escalation) -> None:
    """Not every director could be told: the next run tries again."""
    session.execute(
        update(Escalation)
        .where(Escalation.id == escalation.id)
        .values(notified_at=None)
        .execution_options(synchronize_session=False)
    )


def items_of(session: Session, escalation: Escalation) -> list[Item]:
    """What the escalation is about: the thread's items, or the one item."""
    if escalation.thread_id is not None:
        thread = session.get(CrossUnitThread, escalation.thread_id)
        return list(thread.items) if thread is not None else []
    if escalation.item_id is not None:
        item = session.get(Item, escalation.item_id)
        return [item] if item is not None else []
    return []


@dataclass(frozen=True)
class Standing:
    """Where an item stands with the directors: its escalation and the decision that counts."""

    escalation: Escalation
    decision: Decision | None


def standings(*, session: Session, team_id: str, items: list[Item]) -> dict[int, Standing]:
    """For each escalated item, its escalation (the item's own, else its thread's)."""
    return standings_by_id(
        session=session, team_id=team_id, ids=[i.id for i in items if i.escalated_at is not None]
    )


def standings_by_id(*, session: Session, team_id: str, ids: list[int]) -> dict[int, Standing]:
    """For each of these item ids that was escalated, its escalation and current decision."""
    if not ids:
        return {}
    found: dict[int, Standing] = {}
    own = session.scalars(
        select(Escalation).where(Escalation.team_id == team_id, Escalation.item_id.in_(ids))
    )
    for escalation in own:
        assert escalation.item_id is not None
        found[escalation.item_id] = Standing(escalation, current(escalation))
    by_thread = session.execute(
        select(CrossUnitThreadItem.item_id, Escalation)
        .join(Escalation, Escalation.thread_id == CrossUnitThreadItem.thread_id)
        .where(Escalation.team_id == team_id, CrossUnitThreadItem.item_id.in_(ids))
        .order_by(Escalation.raised_at, Escalation.id)
    )
    for item_id, escalation in by_thread:
        found.setdefault(item_id, Standing(escalation, current(escalation)))
    return found


def threads_of(*, session: Session, team_id: str, item_ids: list[int]) -> dict[int, str]:
    """item id -> the channel of the cross-unit thread the item is in (an item is in one)."""
    if not item_ids:
        return {}
    rows = session.execute(
        select(CrossUnitThreadItem.item_id, CrossUnitThread.channel_id)
        .join(CrossUnitThread, CrossUnitThread.id == CrossUnitThreadItem.thread_id)
        .where(
            CrossUnitThreadItem.team_id == team_id,
            CrossUnitThreadItem.item_id.in_(item_ids),
            CrossUnitThread.root_ts.is_not(None),
        )
    )
    return {item_id: channel for item_id, channel in rows}


def escalation_for_thread(*, session: Session, team_id: str, thread_id: int) -> Escalation | None:
    """The escalation of this thread, if it was raised."""
    return session.scalar(
        select(Escalation).where(Escalation.team_id == team_id, Escalation.thread_id == thread_id)
    )


def open_escalation(
    *,
    session: Session,
    team_id: str,
    thread_id: int,
    raised_by: str,
    now: datetime,
    question: str | None = None,
) -> Escalation:
    """The thread's one escalation, created on the first call; a question fills in later."""
    found = escalation_for_thread(session=session, team_id=team_id, thread_id=thread_id)
    if found is None:
        found = Escalation(team_id=team_id, thread_id=thread_id, raised_by=raised_by, raised_at=now)
        session.add(found)
    if question and not found.question:
        found.question = question
    session.flush()
    return found


def require_director(
    *, session: Session, team_id: str, user_id: str, key: str = "decisions.error.not_director"
) -> None:
    """Raise NotAllowed unless the user is an active director (from the database)."""
    if role_of(session=session, team_id=team_id, user_id=user_id) != Role.DIRECTOR.value:
        raise NotAllowed(key)


def current(escalation: Escalation) -> Decision | None:
    """The decision that counts: the latest row."""
    return escalation.decisions[-1] if escalation.decisions else None


def decide(
    *,
    session: Session,
    team_id: str,
    escalation_id: int,
    user_id: str,
    kind: str,
    now: datetime,
    note: str | None = None,
    owner_id: str | None = None,
    due_on: date | None = None,
    replaces: int | None = None,
) -> Decided:
    """Record a director's decision; the first counts, a repeat returns it unchanged.

    With `replaces` (the id of the decision that counts now), a decided escalation gets a new,
    visible decision row; a repeat (the decision was already replaced) changes nothing.
    """
    require_director(session=session, team_id=team_id, user_id=user_id)
    escalation = session.scalar(
        select(Escalation).where(Escalation.team_id == team_id, Escalation.id == escalation_id)
    )
    if escalation is None:
        raise InputError("decisions.error.gone")
    decision_kind = DecisionKind(kind)
    text = clean_text(note, field="note", required=decision_kind is not DecisionKind.TAKEN)
    if decision_kind is DecisionKind.TAKEN:
        owner_id = owner_id or user_id
        require_director(session=session, team_id=team_id, user_id=owner_id)
    else:
        owner_id, due_on = None, None
    if replaces is not None:
        # The escalation's row is locked (PostgreSQL; SQLite has one writer), so two changes
        # at once add one row: the second finds the decision already replaced.
        session.execute(
            select(Escalation.id).where(Escalation.id == escalation.id).with_for_update()
        )
        session.refresh(escalation)
        now_counts = current(escalation)
        if now_counts is None or now_counts.id != replaces:
            if now_counts is None:
                raise InputError("decisions.error.gone")
            return Decided(escalation, now_counts, fresh=False)
    else:
        claimed = session.execute(
            update(Escalation)
            .where(Escalation.id == escalation.id, Escalation.decided_at.is_(None))
            .values(decided_at=now)
            .execution_options(synchronize_session=False)
        )
        if not getattr(claimed, "rowcount", 0):
            session.refresh(escalation)
            first = current(escalation)
            if first is not None:
                return Decided(escalation, first, fresh=False)
    decision = Decision(
        team_id=team_id,
        escalation_id=escalation.id,
        kind=decision_kind.value,
        decided_by=user_id,
        decided_at=now,
        owner_id=owner_id,
        due_on=due_on,
        note=text,
    )
    session.add(decision)
    session.flush()
    session.refresh(escalation)
    return Decided(escalation, decision, fresh=True)


def decided_between(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[Decision]:
    """Decisions made in [start, end), oldest first: the digest's *Besluttet i <måned>*."""
    return list(
        session.scalars(
            select(Decision)
            .where(
                Decision.team_id == team_id,
                Decision.decided_at >= start,
                Decision.decided_at < end,
            )
            .order_by(Decision.decided_at, Decision.id)
        )
    )


def waiting(*, session: Session, team_id: str, at: datetime) -> list[Escalation]:
    """Escalations raised before `at` with no decision by then, oldest first."""
    return list(
        session.scalars(
            select(Escalation)
            .where(
                Escalation.team_id == team_id,
                Escalation.raised_at < at,
                (Escalation.decided_at.is_(None)) | (Escalation.decided_at >= at),
            )
            .order_by(Escalation.raised_at, Escalation.id)
        )
    )


def due_reminders(*, session: Session, team_id: str, before: datetime) -> list[Escalation]:
    """Undecided escalations whose directors were told before `before`, never reminded."""
    told = func.coalesce(CrossUnitThread.directors_notified_at, Escalation.notified_at)
    return list(
        session.scalars(
            select(Escalation)
            .outerjoin(CrossUnitThread, CrossUnitThread.id == Escalation.thread_id)
            .where(
                told.is_not(None),
                told <= before,
                Escalation.team_id == team_id,
                Escalation.decided_at.is_(None),
                Escalation.reminded_at.is_(None),
                Escalation.raised_at <= before,
            )
            .order_by(Escalation.raised_at, Escalation.id)
        )
    )


def claim_reminder(*, session: Session, escalation: Escalation, now: datetime) -> bool:
    """Claim the one reminder (compare-and-set); False when another run has it."""
    result = session.execute(
        update(Escalation)
        .where(Escalation.id == escalation.id, Escalation.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def due_nudges(*, session: Session, team_id: str, today: date) -> list[Decision]:
    """Taken decisions whose date passed, still the decision that counts, never nudged."""
    found = session.scalars(
        select(Decision)
        .where(
            Decision.team_id == team_id,
            Decision.kind == DecisionKind.TAKEN.value,
            Decision.due_on < today,
            Decision.nudged_at.is_(None),
            Decision.owner_id.is_not(None),
        )
        .order_by(Decision.id)
    )
    return [d for d in found if current(d.escalation) is d]


def claim_nudge(*, session: Session, decision: Decision, now: datetime) -> bool:
    """Claim the one nudge to the owner (compare-and-set)."""
    result = session.execute(
        update(Decision)
        .where(Decision.id == decision.id, Decision.nudged_at.is_(None))
        .values(nudged_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


@dataclass(frozen=True)
class AgendaLine:
    """One open escalation on a director's agenda."""

    escalation_id: int
    raised_at: datetime
    raised_by: str
    question: str | None
    units: tuple[str, ...]


def agenda(*, session: Session, team_id: str, user_id: str) -> list[AgendaLine]:
    """Open escalations for the director's area (all of them for a director with no unit),
    oldest first."""
    me = session.scalar(select(Person).where(Person.team_id == team_id, Person.user_id == user_id))
    area_id = me.unit.area_id if me is not None and me.unit is not None else None
    lines = []
    for escalation in session.scalars(
        select(Escalation)
        .where(Escalation.team_id == team_id, Escalation.decided_at.is_(None))
        .order_by(Escalation.raised_at, Escalation.id)
    ):
        units = [u for item in items_of(session, escalation) for u in item.units]
        if area_id is not None and not any(u.area_id == area_id for u in units):
            continue
        names = tuple(sorted({u.name for u in units}))
        lines.append(
            AgendaLine(
                escalation.id,
                escalation.raised_at,
                escalation.raised_by,
                escalation.question,
                names,
            )
        )
    return lines
