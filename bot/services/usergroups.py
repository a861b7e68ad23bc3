"""Units kept in step with Slack user groups.

A unit may be mapped to one Slack user group. The sync compares the group's members with who
it saw last time (UsergroupMember) and acts only on changes, so an admin's own edits stand
until the group itself changes:

* someone who joins the group is put in the unit (created as a manager if Tværs did not know
  them, reactivated if they were deactivated, moved if their unit is not itself synced from a
  group that still lists them);
* someone who leaves the group is deactivated if they are still in that unit: never deleted,
  so what they logged keeps its history.

Leaves are applied before joins, so someone who moves from one group to another in Slack ends
up active in the new unit. A group Slack could not be asked about is left alone entirely:
a failed call is never taken for an empty group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Person, Role, Unit, UsergroupMember
from bot.services.admin import SYNC_ACTOR, audit


@dataclass(frozen=True)
class Profile:
    """What Slack says about a member the organisation does not know yet."""

    user_id: str
    name: str | None = None
    tz: str | None = None


@dataclass
class SyncResult:
    """What one sync of a workspace changed, by user id."""

    units: int = 0
    # Put in the unit by this sync (new, moved or reactivated); those already there are not.
    joined: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anyone joined or left."""
        return bool(self.joined or self.left)


def mapped_units(*, session: Session, team_id: str | None = None) -> list[Unit]:
    """Active units mapped to a user group (in one workspace, or in all)."""
    query = select(Unit).where(Unit.active.is_(True), Unit.usergroup_id.is_not(None))
    if team_id is not None:
        query = query.where(Unit.team_id == team_id)
    return list(session.scalars(query.order_by(Unit.team_id, Unit.name)))


def unknown_members(
    *, session: Session, team_id: str, members: Mapping[int, Sequence[str]]
) -> set[str]:
    """Group members Tværs has no person for yet (the caller looks them up in Slack)."""
    everyone = {user for users in members.values() for user in users}
    if not everyone:
        return set()
    known = set(
        session.scalars(
            select(Person.user_id).where(
                Person.team_id == team_id, Person.user_id.in_(sorted(everyone))
            )
        )
    )
    return everyone - known


def sync_workspace(
    *,
    session: Session,
    team_id: str,
    members: Mapping[int, Sequence[str]],
    profiles: Mapping[str, Profile],
    ignored: set[str],
    now: datetime,
) -> SyncResult:
    """Apply the current members of each unit's group (unit id -> user ids) to the organisation.

    Units missing from `members` (Slack could not be asked) are not touched. `ignored` are
    bots, deleted users and members not looked up yet: they are neither added nor counted.
    """
    result = SyncResult()
    units = {
        unit.id: unit
        for unit in session.scalars(
            select(Unit).where(Unit.team_id == team_id, Unit.id.in_(list(members)))
        )
        if unit.active and unit.usergroup_id
    }
    rows: dict[int, dict[str, UsergroupMember]] = {unit_id: {} for unit_id in units}
    for row in session.scalars(
        select(UsergroupMember).where(UsergroupMember.unit_id.in_(list(units)))
    ):
        rows[row.unit_id][row.user_id] = row
    people = {
        p.user_id: p for p in session.scalars(select(Person).where(Person.team_id == team_id))
    }
    result.units = len(units)

    for unit_id, unit in units.items():
        # Everyone still listed stays, looked up or not: only absence from the group is a leave.
        listed = set(members[unit_id])
        for user_id, row in rows[unit_id].items():
            if row.active and user_id not in listed:
                row.active, row.left_at = False, now
                result.left.append(user_id)
                person = people.get(user_id)
                deactivate = person is not None and person.active and person.unit_id == unit_id
                if deactivate:
                    assert person is not None
                    person.active = False
                    result.deactivated.append(user_id)
                audit(
                    session,
                    team_id=team_id,
                    actor_id=SYNC_ACTOR,
                    action="person.left_deactivated" if deactivate else "person.left_group",
                    subject=user_id,
                    before=unit.name,
                    at=now,
                )

    for unit_id, unit in units.items():
        for user_id in sorted(set(members[unit_id]) - ignored):
            seen = rows[unit_id].get(user_id)
            if seen is not None and seen.active:
                continue
            if seen is None:
                seen = UsergroupMember(team_id=team_id, unit_id=unit_id, user_id=user_id)
                session.add(seen)
                rows[unit_id][user_id] = seen
            seen.active, seen.joined_at, seen.left_at = True, now, None
            _join(session, team_id, unit, user_id, people, rows, profiles, result, now)
    session.flush()
    return result


def _join(
    session: Session,
    team_id: str,
    unit: Unit,
    user_id: str,
    people: dict[str, Person],
    rows: dict[int, dict[str, UsergroupMember]],
    profiles: Mapping[str, Profile],
    result: SyncResult,
    now: datetime,
) -> None:
    person = people.get(user_id)
    if person is None:
        profile = profiles.get(user_id, Profile(user_id))
        person = Person(
            team_id=team_id,
            user_id=user_id,
            name=profile.name,
            tz=profile.tz,
            unit_id=unit.id,
            role=Role.MANAGER.value,
        )
        session.add(person)
        people[user_id] = person
        result.created.append(user_id)
        audit(
            session,
            team_id=team_id,
            actor_id=SYNC_ACTOR,
            action="person.added",
            subject=user_id,
            field="role",
            after=Role.MANAGER.value,
            at=now,
        )
    elif person.active and person.unit_id == unit.id:
        return
    elif person.active and person.unit_id is not None and _held_elsewhere(person, unit, rows):
        # Listed in two synced groups: the unit they are in now wins until an admin decides.
        result.conflicts.append(user_id)
        return
    else:
        person.active = True
        person.unit_id = unit.id
    result.joined.append(user_id)
    audit(
        session,
        team_id=team_id,
        actor_id=SYNC_ACTOR,
        action="person.joined_group",
        subject=user_id,
        after=unit.name,
        at=now,
    )


def _held_elsewhere(
    person: Person, unit: Unit, rows: dict[int, dict[str, UsergroupMember]]
) -> bool:
    """True when the person's current unit is synced from a group that still lists them."""
    other = rows.get(person.unit_id or 0, {}).get(person.user_id)
    if other is not None and other.active:
        return True
    own = person.unit
    # A synced unit whose group could not be read this time keeps its people too.
    return own is not None and own.active and bool(own.usergroup_id) and own.id not in rows


def summary(result: SyncResult, failed: Sequence[str] = ()) -> str:
    """One line for the job log and the admins' status."""
    text = (
        f"{result.units} unit(s) synced from user groups: {len(result.joined)} joined "
        f"({len(result.created)} new), {len(result.left)} left "
        f"({len(result.deactivated)} deactivated)"
    )
    if result.conflicts:
        text += f", {len(result.conflicts)} listed in two synced groups (kept where they are)"
    if failed:
        text += f"; not synced: {', '.join(failed)}"
    return text
