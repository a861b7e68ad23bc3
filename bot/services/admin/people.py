"""People: an admin sets a person's unit, role and whether they are active; and the first run,
where a Slack admin becomes Tværs's first admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, selectinload

from bot.errors import InputError, NotAllowed
from bot.models import Item, ItemUnit, Person, Role, Unit
from bot.services.admin.audit import audit, require_admin
from bot.services.admin.units import get_unit
from bot.services.admin.validation import lock_workspace
from bot.services.items import OPEN_STATUSES
from bot.services.org import get_person
from bot.services.org_import import USER_ID

# -- people --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonChange:
    """What an admin set for one person."""

    user_id: str
    unit_id: int | None
    role: str
    active: bool
    name: str | None = None
    tz: str | None = None


@dataclass(frozen=True)
class PersonResult:
    """The person after the change, and how many of their waiting items were placed."""

    person: Person
    created: bool
    placed_items: int


def set_person(
    *, session: Session, team_id: str, actor_id: str, change: PersonChange
) -> PersonResult:
    """Set a person's unit, role and whether they are active; adds someone Tværs did not know."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    if not USER_ID.match(change.user_id or ""):
        raise InputError("admin.err_person", field="unit")
    if change.role not in {r.value for r in Role}:
        raise InputError("admin.err_role", field="role")
    unit = get_unit(session, team_id, change.unit_id) if change.unit_id is not None else None
    lock_workspace(session, team_id)
    person = get_person(session=session, team_id=team_id, user_id=change.user_id)
    created = person is None
    was_admin = person is not None and person.active and person.role == Role.ADMIN.value
    stays_admin = change.active and change.role == Role.ADMIN.value
    if was_admin and not stays_admin and _other_admins(session, team_id, change.user_id) == 0:
        raise InputError("admin.err_last_admin", field="role")
    subject = change.user_id
    if person is None:
        person = Person(
            team_id=team_id,
            user_id=change.user_id,
            name=change.name,
            tz=change.tz,
            unit_id=unit.id if unit else None,
            role=change.role,
            active=change.active,
        )
        session.add(person)
        audit(
            session,
            team_id=team_id,
            actor_id=actor_id,
            action="person.added",
            subject=subject,
            field="role",
            after=change.role,
        )
        if unit is not None:
            audit(
                session,
                team_id=team_id,
                actor_id=actor_id,
                action="person.unit",
                subject=subject,
                after=unit.name,
            )
    else:
        new_unit = unit.id if unit else None
        if new_unit != person.unit_id:
            before = person.unit.name if person.unit else None
            audit(
                session,
                team_id=team_id,
                actor_id=actor_id,
                action="person.unit",
                subject=subject,
                before=before,
                after=unit.name if unit else None,
            )
            person.unit_id = new_unit
        if change.role != person.role:
            audit(
                session,
                team_id=team_id,
                actor_id=actor_id,
                action="person.role",
                subject=subject,
                field="role",
                before=person.role,
                after=change.role,
            )
            person.role = change.role
        if change.active != person.active:
            action = "person.reactivated" if change.active else "person.deactivated"
            audit(session, team_id=team_id, actor_id=actor_id, action=action, subject=subject)
            person.active = change.active
        if change.name and not person.name:
            person.name = change.name
    session.flush()
    placed = 0
    if person.active and unit is not None:
        placed = _place_waiting_items(session, team_id, person.user_id, unit.id)
    session.expire(person, ["unit"])
    return PersonResult(person=person, created=created, placed_items=placed)


def _other_admins(session: Session, team_id: str, user_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Person)
            .where(
                Person.team_id == team_id,
                Person.role == Role.ADMIN.value,
                Person.active.is_(True),
                Person.user_id != user_id,
            )
        )
        or 0
    )


def waiting_items_of(*, session: Session, team_id: str, user_id: str) -> int:
    """Open items a person logged that have no unit yet (they get the unit an admin sets)."""
    count = session.scalar(
        select(func.count())
        .select_from(Item)
        .where(
            Item.team_id == team_id,
            Item.author_id == user_id,
            Item.unit_id.is_(None),
            Item.status.in_(OPEN_STATUSES),
        )
    )
    return int(count or 0)


def _place_waiting_items(session: Session, team_id: str, user_id: str, unit_id: int) -> int:
    """Open items this person logged before Tværs knew their unit now belong to it."""
    waiting = session.scalars(
        select(Item)
        .where(
            Item.team_id == team_id,
            Item.author_id == user_id,
            Item.unit_id.is_(None),
            Item.status.in_(OPEN_STATUSES),
        )
        .options(selectinload(Item.links))
    ).all()
    for item in waiting:
        item.unit_id = unit_id
        if not item.links:
            item.links.append(ItemUnit(team_id=team_id, unit_id=unit_id))
    session.flush()
    return len(waiting)


# -- first run -----------------------------------------------------------------------------


def organisation_is_empty(*, session: Session, team_id: str) -> bool:
    """True when the workspace has no units and no people yet (nothing was set up)."""
    has_units = session.scalar(select(exists().where(Unit.team_id == team_id)))
    has_people = session.scalar(select(exists().where(Person.team_id == team_id)))
    return not has_units and not has_people


def claim_first_admin(
    *, session: Session, team_id: str, user_id: str, slack_admin: bool, name: str | None = None
) -> Person:
    """Make a Slack workspace admin or owner Tværs's first admin, while nothing is set up."""
    if not slack_admin:
        raise NotAllowed("admin.err_not_slack_admin")
    lock_workspace(session, team_id)
    if not organisation_is_empty(session=session, team_id=team_id):
        raise NotAllowed("admin.err_already_set_up")
    person = Person(team_id=team_id, user_id=user_id, name=name, role=Role.ADMIN.value)
    session.add(person)
    audit(session, team_id=team_id, actor_id=user_id, action="first_admin", subject=user_id)
    session.flush()
    return person
