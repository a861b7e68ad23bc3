"""Escalations to top management and the directors' decisions on them.

Only a director decides (the role is read from the database, never from the payload). The first
decision counts: `escalations.decided_at` is set by a compare-and-set, so a double click has one
effect. A later change is a new decision row (append-only), never an overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.authz import role_of
from bot.errors import InputError, NotAllowed
from bot.models import CrossUnitThread, Decision, DecisionKind, Escalation, Person, Role
from bot.services.guard import contains_personal_data

# Long enough for a real answer, short enough for a Slack section.
MAX_TEXT = 2000


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
    change: bool = False,
) -> Decided:
    """Record a director's decision; the first counts, a repeat returns it unchanged.

    With `change`, a decided escalation gets a new, visible decision row.
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
    if not change:
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
    return list(
        session.scalars(
            select(Escalation)
            .join(CrossUnitThread, CrossUnitThread.id == Escalation.thread_id)
            .where(
                CrossUnitThread.directors_notified_at.is_not(None),
                CrossUnitThread.directors_notified_at <= before,
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
        thread = (
            session.get(CrossUnitThread, escalation.thread_id) if escalation.thread_id else None
        )
        units = [u for item in (thread.items if thread else []) for u in item.units]
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
