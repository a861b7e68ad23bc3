"""Administration inside Slack: each change is authorised, validated and written to the audit log.

Every public function that changes something takes the acting user's id and checks, here on the
server, that they are an active admin of the workspace, whatever the Slack payload claimed.
Nothing is deleted: units, areas, goals and indicators are retired (active = False) and people
are deactivated, so their history stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.authz import Do, allowed, may
from bot.errors import InputError, NotAllowed
from bot.models import (
    Area,
    AuditLog,
    ChannelCheck,
    Item,
    ItemKind,
    ItemStatus,
    ItemUnit,
    JobRun,
    Person,
    PromptState,
    ReflectionPrompt,
    Role,
    Unit,
    UsergroupMember,
    Workspace,
    utcnow,
)
from bot.services import calendar as calendar_service
from bot.services.guard import contains_personal_data
from bot.services.items import OPEN_STATUSES
from bot.services.org import ensure_workspace, get_person
from bot.services.org_import import CHANNEL_ID, TIME, USER_ID
from bot.services.schedule import period_of

USERGROUP_ID = re.compile(r"^S[A-Z0-9]{2,20}$")
SYNC_ACTOR = "usergroup-sync"
MAX_NAME = 200
MAX_MEASURE_UNIT = 50
MAX_DESCRIPTION = 1000
MIN_REMINDER_DAYS, MAX_REMINDER_DAYS = 1, 6
# Days an escalation may wait for the directors before one reminder.
MIN_DECISION_DAYS, MAX_DECISION_DAYS = 1, 365
# Below three, "anonymous" group figures could point at one or two people.
MIN_THRESHOLD, MAX_THRESHOLD = 3, 50
JOB_RUN_DAYS = 30
AUDIT_VALUE = 200


# -- who may administer ----------------------------------------------------------------------


def is_admin(*, session: Session, team_id: str, user_id: str) -> bool:
    """True when the user is an active admin of the workspace (see bot.authz)."""
    return may(Do.ADMINISTER, session=session, team_id=team_id, user_id=user_id)


def require_admin(*, session: Session, team_id: str, user_id: str) -> Person:
    """The acting admin; NotAllowed for anyone else, whatever their payload said."""
    person = get_person(session=session, team_id=team_id, user_id=user_id)
    role = person.role if person is not None and person.active else None
    if person is None or not allowed(Do.ADMINISTER, role=role):
        raise NotAllowed("admin.err_not_admin")
    return person


def audit(
    session: Session,
    *,
    team_id: str,
    actor_id: str,
    action: str,
    subject: str | None = None,
    field: str | None = None,
    before: object = None,
    after: object = None,
    at: datetime | None = None,
) -> AuditLog:
    """Record one change: who, what, when (values are kept short; no free text of managers)."""
    entry = AuditLog(
        team_id=team_id,
        actor_id=actor_id,
        action=action,
        subject=_short(subject),
        field=field,
        before=_short(before),
        after=_short(after),
        at=at or utcnow(),
    )
    session.add(entry)
    return entry


def _short(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= AUDIT_VALUE else text[: AUDIT_VALUE - 1] + "…"


def audit_entries(*, session: Session, team_id: str, limit: int = 50) -> list[AuditLog]:
    """The newest audit entries of the workspace, newest first."""
    return list(
        session.scalars(
            select(AuditLog)
            .where(AuditLog.team_id == team_id)
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(limit)
        )
    )


# -- validation helpers --------------------------------------------------------------------


def _name(value: str | None, *, field: str, limit: int = MAX_NAME) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InputError("admin.err_name_empty", field=field)
    if len(cleaned) > limit:
        raise InputError("admin.err_name_long", field=field, limit=limit, count=len(cleaned))
    if contains_personal_data(cleaned):
        raise InputError("admin.err_cpr", field=field)
    return cleaned


def _channel(value: str | None, *, field: str) -> str | None:
    if value in (None, ""):
        return None
    if not CHANNEL_ID.match(str(value)):
        raise InputError("admin.err_channel", field=field)
    return str(value)


def _valid_id(value: object) -> bool:
    # A crafted id outside the INTEGER range would be a database error, not "not found".
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def _rename(
    session: Session, row: Any, attr: str, new: str, *, team_id: str, actor_id: str, kind: str
) -> None:
    """Rename an area, unit or goal unless another of the workspace has that name; audited."""
    old = getattr(row, attr)
    if new == old:
        return
    model = type(row)
    others = session.scalars(
        select(model).where(model.team_id == team_id, model.id != row.id)
    ).all()
    if any(_same_name(getattr(other, attr), new) for other in others):
        raise InputError(f"admin.err_{kind}_exists", field=attr, **{attr: new})
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action=f"{kind}.renamed",
        subject=new,
        before=old,
        after=new,
    )
    setattr(row, attr, new)


def _same_name(a: str, b: str) -> bool:
    # In Python, not SQL: SQLite's lower() leaves Æ, Ø and Å alone.
    return a.casefold() == b.casefold()


def _lock_workspace(session: Session, team_id: str) -> Workspace:
    """The workspace row, locked on PostgreSQL so two admins' checks-then-writes queue up."""
    ensure_workspace(session=session, team_id=team_id)
    workspace = session.get(Workspace, team_id, with_for_update=True, populate_existing=True)
    assert workspace is not None
    return workspace


# -- workspace settings --------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsChange:
    """The workspace settings as the admin submitted them."""

    digest_channel: str | None
    cross_unit_channel: str | None
    prompt_weekday: int
    prompt_time: str
    reminder_days: int
    anonymity_threshold: int
    language: str
    decision_reminder_days: int | None = None  # None: unchanged


def update_settings(
    *, session: Session, team_id: str, actor_id: str, change: SettingsChange
) -> list[str]:
    """Validate and save the workspace settings; returns the names of the fields changed."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    values: dict[str, object] = {
        "digest_channel": _channel(change.digest_channel, field="digest_channel"),
        "cross_unit_channel": _channel(change.cross_unit_channel, field="cross_unit_channel"),
    }
    if change.prompt_weekday not in range(7):
        raise InputError("admin.err_weekday", field="prompt_weekday")
    values["prompt_weekday"] = change.prompt_weekday
    if not TIME.match(change.prompt_time or ""):
        raise InputError("admin.err_time", field="prompt_time")
    values["prompt_time"] = change.prompt_time
    if not MIN_REMINDER_DAYS <= change.reminder_days <= MAX_REMINDER_DAYS:
        raise InputError(
            "admin.err_reminder_days",
            field="reminder_days",
            low=MIN_REMINDER_DAYS,
            high=MAX_REMINDER_DAYS,
        )
    values["reminder_days"] = change.reminder_days
    if not MIN_THRESHOLD <= change.anonymity_threshold <= MAX_THRESHOLD:
        raise InputError(
            "admin.err_threshold",
            field="anonymity_threshold",
            low=MIN_THRESHOLD,
            high=MAX_THRESHOLD,
        )
    values["anonymity_threshold"] = change.anonymity_threshold
    if change.decision_reminder_days is not None:
        if not MIN_DECISION_DAYS <= change.decision_reminder_days <= MAX_DECISION_DAYS:
            raise InputError(
                "admin.err_decision_days",
                field="decision_reminder_days",
                low=MIN_DECISION_DAYS,
                high=MAX_DECISION_DAYS,
            )
        values["decision_reminder_days"] = change.decision_reminder_days
    if change.language not in ("da", "en"):
        raise InputError("admin.err_language", field="language")
    values["language"] = change.language
    workspace = _lock_workspace(session, team_id)
    changed = []
    for name, value in values.items():
        before = getattr(workspace, name)
        if before != value:
            setattr(workspace, name, value)
            audit(
                session,
                team_id=team_id,
                actor_id=actor_id,
                action="settings.changed",
                field=name,
                before=before,
                after=value,
            )
            changed.append(name)
    session.flush()
    return changed


# -- working days -------------------------------------------------------------------------


def add_closing_day(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    start: date | None,
    end: date | None,
    name: str | None,
    now: datetime,
) -> None:
    """Add a closing day or range (e.g. the Christmas closure); audited."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    closure = calendar_service.validate_closure(start, end, name)
    if contains_personal_data(closure.name):
        raise InputError("admin.err_cpr", field="name")
    _lock_workspace(session, team_id)
    calendar_service.add_closure(
        session=session, team_id=team_id, closure=closure, actor_id=actor_id, now=now
    )
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action="closing_day.added",
        subject=closure.name,
        after=f"{closure.start.isoformat()}..{closure.end.isoformat()}",
        at=now,
    )


def remove_closing_day(
    *, session: Session, team_id: str, actor_id: str, closure_id: int, now: datetime
) -> bool:
    """Remove one of the workspace's closing days; False when it was gone already."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    if not _valid_id(closure_id):
        return False
    row = calendar_service.remove_closure(session=session, team_id=team_id, closure_id=closure_id)
    if row is None:
        return False
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action="closing_day.removed",
        subject=row.name,
        before=f"{row.start_date.isoformat()}..{row.end_date.isoformat()}",
        at=now,
    )
    return True


def set_may_day(*, session: Session, team_id: str, actor_id: str, closed: bool) -> bool:
    """Close (or open) 1 May for the workspace; True when it changed."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    workspace = _lock_workspace(session, team_id)
    if bool(workspace.may_day_closed) == closed:
        return False
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action="settings.changed",
        field="may_day_closed",
        before=bool(workspace.may_day_closed),
        after=closed,
    )
    workspace.may_day_closed = closed
    return True


# -- areas ---------------------------------------------------------------------------------


def get_area(session: Session, team_id: str, area_id: int | None, *, active: bool = True) -> Area:
    """An active area of the workspace; InputError when it is gone."""
    area = session.get(Area, area_id) if _valid_id(area_id) else None
    if area is None or area.team_id != team_id or (active and not area.active):
        raise InputError("admin.err_area_gone", field="area")
    return area


def add_area(
    *, session: Session, team_id: str, actor_id: str, name: str, digest_channel: str | None = None
) -> Area:
    """Add an area, or bring back a retired one of the same name (its history continues)."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    name = _name(name, field="name")
    channel = _channel(digest_channel, field="channel")
    _lock_workspace(session, team_id)
    areas = session.scalars(select(Area).where(Area.team_id == team_id)).all()
    same = next((a for a in areas if _same_name(a.name, name)), None)
    if same is not None and same.active:
        raise InputError("admin.err_area_exists", field="name", name=same.name)
    if same is not None:
        same.active = True
        same.name = name
        same.digest_channel = channel
        audit(session, team_id=team_id, actor_id=actor_id, action="area.reactivated", subject=name)
        session.flush()
        return same
    area = Area(team_id=team_id, name=name, digest_channel=channel)
    session.add(area)
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action="area.added",
        subject=name,
        after=channel,
    )
    session.flush()
    return area


def update_area(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    area_id: int,
    name: str,
    digest_channel: str | None,
) -> Area:
    """Rename an area and set its own digest channel."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    name = _name(name, field="name")
    channel = _channel(digest_channel, field="channel")
    area = get_area(session, team_id, area_id)
    _rename(session, area, "name", name, team_id=team_id, actor_id=actor_id, kind="area")
    if channel != area.digest_channel:
        audit(
            session,
            team_id=team_id,
            actor_id=actor_id,
            action="area.channel",
            subject=area.name,
            field="digest_channel",
            before=area.digest_channel,
            after=channel,
        )
        area.digest_channel = channel
    session.flush()
    return area


def retire_area(
    *, session: Session, team_id: str, actor_id: str, area_id: int, merge_into_id: int | None
) -> Area:
    """Retire an area; with merge_into_id its units move to that area first."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    area = get_area(session, team_id, area_id)
    units = session.scalars(
        select(Unit).where(Unit.area_id == area.id, Unit.active.is_(True))
    ).all()
    if merge_into_id is not None:
        target = get_area(session, team_id, merge_into_id)
        if target.id == area.id:
            raise InputError("admin.err_merge_self", field="merge_into")
        for unit in units:
            unit.area_id = target.id
        area.active = False
        audit(
            session,
            team_id=team_id,
            actor_id=actor_id,
            action="area.merged",
            subject=area.name,
            after=target.name,
        )
    else:
        if units:
            raise InputError("admin.err_area_has_units", field="merge_into", count=len(units))
        area.active = False
        audit(session, team_id=team_id, actor_id=actor_id, action="area.retired", subject=area.name)
    session.flush()
    return area


# -- units ---------------------------------------------------------------------------------


def get_unit(session: Session, team_id: str, unit_id: int | None, *, active: bool = True) -> Unit:
    """An active unit of the workspace; InputError when it is gone."""
    unit = session.get(Unit, unit_id) if _valid_id(unit_id) else None
    if unit is None or unit.team_id != team_id or (active and not unit.active):
        raise InputError("admin.err_unit_gone", field="unit")
    return unit


def _area_id(session: Session, team_id: str, area_id: int | None) -> int | None:
    if area_id is None:
        return None
    return get_area(session, team_id, area_id).id


def add_unit(
    *, session: Session, team_id: str, actor_id: str, name: str, area_id: int | None
) -> Unit:
    """Add a unit, or bring back a retired one of the same name (its history continues)."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    name = _name(name, field="name")
    _lock_workspace(session, team_id)
    area_id = _area_id(session, team_id, area_id)
    units = session.scalars(select(Unit).where(Unit.team_id == team_id)).all()
    same = next((u for u in units if _same_name(u.name, name)), None)
    if same is not None and same.active:
        raise InputError("admin.err_unit_exists", field="name", name=same.name)
    if same is not None:
        same.active = True
        same.name = name
        same.area_id = area_id
        same.merged_into_id = None
        audit(session, team_id=team_id, actor_id=actor_id, action="unit.reactivated", subject=name)
        session.flush()
        return same
    unit = Unit(team_id=team_id, name=name, area_id=area_id)
    session.add(unit)
    session.flush()
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action="unit.added",
        subject=name,
        after=_area_name(session, area_id),
    )
    return unit


def _area_name(session: Session, area_id: int | None) -> str | None:
    area = session.get(Area, area_id) if area_id is not None else None
    return area.name if area is not None else None


def update_unit(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    unit_id: int,
    name: str,
    area_id: int | None,
    usergroup_id: str | None = None,
    known_usergroups: Sequence[str] | None = None,
) -> Unit:
    """Rename a unit, move it to an area, and map it to a Slack user group (or unmap it).

    known_usergroups: the ids Slack listed when the form opened, or None when Slack could not
    be asked (the mapping is then left as it is).
    """
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    name = _name(name, field="name")
    unit = get_unit(session, team_id, unit_id)
    area_id = _area_id(session, team_id, area_id)
    _rename(session, unit, "name", name, team_id=team_id, actor_id=actor_id, kind="unit")
    if area_id != unit.area_id:
        audit(
            session,
            team_id=team_id,
            actor_id=actor_id,
            action="unit.area",
            subject=unit.name,
            before=_area_name(session, unit.area_id),
            after=_area_name(session, area_id),
        )
        unit.area_id = area_id
    if known_usergroups is not None and usergroup_id != unit.usergroup_id:
        set_unit_usergroup(
            session=session,
            team_id=team_id,
            actor_id=actor_id,
            unit=unit,
            usergroup_id=usergroup_id,
            known=known_usergroups,
        )
    session.flush()
    return unit


def set_unit_usergroup(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    unit: Unit,
    usergroup_id: str | None,
    known: Sequence[str],
) -> None:
    """Map the unit to a user group (one group per unit), or unmap it (members stay as they are)."""
    if usergroup_id is not None:
        if not USERGROUP_ID.match(usergroup_id) or usergroup_id not in known:
            raise InputError("admin.err_usergroup", field="usergroup")
        taken = session.scalar(
            select(Unit).where(
                Unit.team_id == team_id,
                Unit.usergroup_id == usergroup_id,
                Unit.active.is_(True),
                Unit.id != unit.id,
            )
        )
        if taken is not None:
            raise InputError("admin.err_usergroup_taken", field="usergroup", unit=taken.name)
    else:
        # Unmapped: the unit is managed by hand again; forget who the sync saw.
        session.execute(delete(UsergroupMember).where(UsergroupMember.unit_id == unit.id))
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action="unit.usergroup",
        subject=unit.name,
        field="usergroup",
        before=unit.usergroup_id,
        after=usergroup_id,
    )
    unit.usergroup_id = usergroup_id


def retire_unit(
    *, session: Session, team_id: str, actor_id: str, unit_id: int, merge_into_id: int | None
) -> Unit:
    """Retire a unit. With merge_into_id its active people and open items move there first.

    Closed items keep pointing at the retired unit, so the history reads as it happened.
    """
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    unit = get_unit(session, team_id, unit_id)
    people = session.scalars(
        select(Person).where(Person.unit_id == unit.id, Person.active.is_(True))
    ).all()
    if merge_into_id is None:
        if people:
            raise InputError("admin.err_unit_has_people", field="merge_into", count=len(people))
        action, target_name = "unit.retired", None
    else:
        target = get_unit(session, team_id, merge_into_id)
        if target.id == unit.id:
            raise InputError("admin.err_merge_self", field="merge_into")
        for person in people:
            person.unit_id = target.id
        _move_open_links(session, team_id, unit.id, target.id)
        unit.merged_into_id = target.id
        action, target_name = "unit.merged", target.name
    unit.active = False
    if unit.usergroup_id is not None:
        unit.usergroup_id = None
        session.execute(delete(UsergroupMember).where(UsergroupMember.unit_id == unit.id))
    audit(
        session,
        team_id=team_id,
        actor_id=actor_id,
        action=action,
        subject=unit.name,
        after=target_name,
    )
    session.flush()
    return unit


def unit_load(*, session: Session, unit_id: int) -> tuple[int, int]:
    """How many active people a unit has, and how many open items involve it."""
    people = session.scalar(
        select(func.count())
        .select_from(Person)
        .where(Person.unit_id == unit_id, Person.active.is_(True))
    )
    items = session.scalar(
        select(func.count())
        .select_from(Item)
        .where(
            Item.status.in_(OPEN_STATUSES),
            exists().where(ItemUnit.item_id == Item.id, ItemUnit.unit_id == unit_id),
        )
    )
    return int(people or 0), int(items or 0)


def units_in_area(*, session: Session, area_id: int) -> int:
    """How many active units an area has."""
    count = session.scalar(
        select(func.count()).select_from(Unit).where(Unit.area_id == area_id, Unit.active.is_(True))
    )
    return int(count or 0)


def _move_open_links(session: Session, team_id: str, source: int, target: int) -> None:
    """Open items that involved the source unit involve the target instead."""
    session.flush()  # the bulk statements below must see the people moved above
    open_items = select(Item.id).where(Item.team_id == team_id, Item.status.in_(OPEN_STATUSES))
    has_target = select(ItemUnit.item_id).where(ItemUnit.unit_id == target)
    session.execute(
        delete(ItemUnit)
        .where(
            ItemUnit.unit_id == source,
            ItemUnit.item_id.in_(open_items),
            ItemUnit.item_id.in_(has_target),
        )
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(ItemUnit)
        .where(ItemUnit.unit_id == source, ItemUnit.item_id.in_(open_items))
        .values(unit_id=target)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()


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
    _lock_workspace(session, team_id)
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
    _lock_workspace(session, team_id)
    if not organisation_is_empty(session=session, team_id=team_id):
        raise NotAllowed("admin.err_already_set_up")
    person = Person(team_id=team_id, user_id=user_id, name=name, role=Role.ADMIN.value)
    session.add(person)
    audit(session, team_id=team_id, actor_id=user_id, action="first_admin", subject=user_id)
    session.flush()
    return person


# -- status for admins ---------------------------------------------------------------------


def record_job_start(
    session: Session, *, name: str, team_id: str | None = None, started_at: datetime | None = None
) -> int:
    """Note that a job started (for one workspace, or all); returns the id for record_job_end."""
    run = JobRun(name=name, team_id=team_id, started_at=started_at or utcnow())
    session.add(run)
    session.flush()
    return run.id


def record_job_end(
    session: Session,
    *,
    run_id: int,
    ok: bool,
    summary: str,
    details: Sequence[tuple[str, Mapping[str, str | int]]] = (),
    finished_at: datetime | None = None,
) -> None:
    """Note how a job run ended (the English line, and its parts as text keys and values),
    and forget runs of that job older than a month."""
    run = session.get(JobRun, run_id)
    if run is None:
        return
    now = finished_at or utcnow()
    run.finished_at = now
    run.ok = ok
    run.summary = _short_summary(summary)
    run.details = [[key, dict(values)] for key, values in details[:MAX_JOB_PARTS]] or None
    session.execute(
        delete(JobRun).where(
            JobRun.name == run.name, JobRun.started_at < now - timedelta(days=JOB_RUN_DAYS)
        )
    )


MAX_JOB_PARTS = 40  # App Home shows the first few; the rest is in the log


def _short_summary(summary: str) -> str:
    return summary if len(summary) <= 500 else summary[:499] + "…"


@dataclass(frozen=True)
class JobStatus:
    """The last run of one job, and when it last succeeded."""

    name: str
    last: JobRun | None
    last_ok_at: datetime | None


def job_status(*, session: Session, team_id: str, names: Sequence[str]) -> list[JobStatus]:
    """The last run of each named job for this workspace (or for all, for housekeeping)."""
    found = []
    for name in names:
        # A workspace sees its own runs and the housekeeping runs, never another's.
        mine = and_(JobRun.name == name, or_(JobRun.team_id == team_id, JobRun.team_id.is_(None)))
        last = session.scalar(
            select(JobRun).where(mine).order_by(JobRun.started_at.desc()).limit(1)
        )
        last_ok_at = session.scalar(
            select(func.max(JobRun.finished_at)).where(mine, JobRun.ok.is_(True))
        )
        found.append(JobStatus(name, last, last_ok_at))
    return found


@dataclass(frozen=True)
class WaitingItems:
    """Open items that need an admin before they can reach the right people."""

    unknown_authors: int
    without_units: int


def waiting_items(*, session: Session, team_id: str) -> WaitingItems:
    """Open items from people Tværs does not know (or deactivated), and items with no unit."""
    known = exists().where(
        Person.team_id == Item.team_id,
        Person.user_id == Item.author_id,
        Person.active.is_(True),
        Person.unit_id.is_not(None),
    )
    is_open = and_(Item.team_id == team_id, Item.status.in_(OPEN_STATUSES))
    unknown = session.scalar(select(func.count()).select_from(Item).where(is_open, ~known))
    linked = exists().where(ItemUnit.item_id == Item.id)
    no_units = session.scalar(select(func.count()).select_from(Item).where(is_open, ~linked))
    return WaitingItems(int(unknown or 0), int(no_units or 0))


def configured_channels(*, session: Session, team_id: str) -> dict[str, list[str]]:
    """Every channel the organisation configured, with what each is for ("digest", an area...)."""
    channels: dict[str, list[str]] = {}
    workspace = session.get(Workspace, team_id)
    if workspace is not None:
        if workspace.digest_channel:
            channels.setdefault(workspace.digest_channel, []).append("digest")
        if workspace.cross_unit_channel:
            channels.setdefault(workspace.cross_unit_channel, []).append("cross_unit")
    for area in session.scalars(
        select(Area)
        .where(Area.team_id == team_id, Area.active.is_(True), Area.digest_channel.is_not(None))
        .order_by(Area.name)
    ):
        assert area.digest_channel is not None
        channels.setdefault(area.digest_channel, []).append(f"area:{area.name}")
    return channels


def record_channel_check(
    session: Session, *, team_id: str, channel_id: str, problem: str | None, now: datetime
) -> None:
    """Store whether the bot can post in a channel (problem None) or why not."""
    query = select(ChannelCheck).where(
        ChannelCheck.team_id == team_id, ChannelCheck.channel_id == channel_id
    )
    check = session.scalar(query)
    if check is None:
        try:
            with session.begin_nested():
                session.add(
                    ChannelCheck(
                        team_id=team_id, channel_id=channel_id, checked_at=now, problem=problem
                    )
                )
            return
        except IntegrityError:
            # Another clock (or an admin's check) recorded this channel first, a moment ago.
            check = session.scalars(query).one()
    check.checked_at, check.problem = now, problem
    session.flush()


@dataclass(frozen=True)
class ChannelStatus:
    """A configured channel, what it is for, and whether the bot could post there when checked."""

    channel_id: str
    uses: list[str]
    problem: str | None
    checked_at: datetime | None

    @property
    def broken(self) -> bool:
        """True when the last check found the bot cannot post there."""
        return self.problem is not None


def channel_status(*, session: Session, team_id: str) -> list[ChannelStatus]:
    """Every configured channel with its last check (checked_at None: not checked yet)."""
    configured = configured_channels(session=session, team_id=team_id)
    if not configured:
        return []
    checks = {
        c.channel_id: c
        for c in session.scalars(
            select(ChannelCheck).where(
                ChannelCheck.team_id == team_id, ChannelCheck.channel_id.in_(list(configured))
            )
        )
    }
    found = []
    for channel_id, uses in configured.items():
        check = checks.get(channel_id)
        found.append(
            ChannelStatus(
                channel_id,
                uses,
                check.problem if check else None,
                check.checked_at if check else None,
            )
        )
    return found


@dataclass(frozen=True)
class PromptWeek:
    """This week's weekly prompts: sent, failed (or lost), still on their way, and answered."""

    period: str
    sent: int
    failed: int
    pending: int
    answered: int

    @property
    def any(self) -> bool:
        """True when any prompt was claimed this week."""
        return bool(self.sent or self.failed or self.pending)


def prompt_week(*, session: Session, team_id: str, now: datetime, tz: str) -> PromptWeek:
    """How this week's reflection prompts went (the ISO week as the workspace reads it)."""
    period = period_of(now.astimezone(ZoneInfo(tz)).date())
    rows = session.execute(
        select(ReflectionPrompt.state, func.count())
        .where(
            ReflectionPrompt.team_id == team_id,
            ReflectionPrompt.kind == "weekly",
            ReflectionPrompt.period == period,
        )
        .group_by(ReflectionPrompt.state)
    ).all()
    counts = {state: int(count) for state, count in rows}
    answered = session.scalar(
        select(func.count())
        .select_from(ReflectionPrompt)
        .where(
            ReflectionPrompt.team_id == team_id,
            ReflectionPrompt.kind == "weekly",
            ReflectionPrompt.period == period,
            ReflectionPrompt.answered_at.is_not(None),
        )
    )
    lost = (PromptState.FAILED, PromptState.UNKNOWN, PromptState.MISSED)
    return PromptWeek(
        period=period,
        sent=counts.get(PromptState.SENT.value, 0),
        failed=sum(counts.get(state.value, 0) for state in lost),
        pending=counts.get(PromptState.CLAIMED.value, 0) + counts.get(PromptState.RETRY.value, 0),
        answered=int(answered or 0),
    )


@dataclass(frozen=True)
class OrgCounts:
    """How many people of each role are active, and how many are deactivated."""

    roles: dict[str, int]
    inactive: int


def org_counts(*, session: Session, team_id: str) -> OrgCounts:
    """Active people per role, and deactivated people."""
    rows = session.execute(
        select(Person.role, Person.active, func.count())
        .where(Person.team_id == team_id)
        .group_by(Person.role, Person.active)
    ).all()
    roles: dict[str, int] = {}
    inactive = 0
    for role, active, count in rows:
        if active:
            roles[role] = roles.get(role, 0) + int(count)
        else:
            inactive += int(count)
    return OrgCounts(roles, inactive)


# -- the director's overview ---------------------------------------------------------------


@dataclass
class DirectorOverview:
    """What a director sees in App Home: escalations and the month so far, for their areas."""

    area_names: list[str]
    whole_organisation: bool
    escalated: list[Item] = field(default_factory=list)
    escalated_total: int = 0
    month_start: datetime | None = None
    new_by_kind: dict[str, int] = field(default_factory=dict)
    resolved: int = 0
    escalated_this_month: int = 0


def director_overview(
    *, session: Session, team_id: str, user_id: str, now: datetime, tz: str, limit: int = 8
) -> DirectorOverview:
    """Escalated open items and this month's numbers for the director's area (or everything)."""
    person = get_person(session=session, team_id=team_id, user_id=user_id)
    area = person.unit.area if person and person.unit and person.unit.area else None
    local = now.astimezone(ZoneInfo(tz))
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    overview = DirectorOverview(
        area_names=[area.name] if area else [],
        whole_organisation=area is None,
        month_start=month_start,
    )
    scope = [Item.team_id == team_id]
    if area is not None:
        area_units = select(Unit.id).where(Unit.area_id == area.id)
        scope.append(
            or_(
                Item.unit_id.in_(area_units),
                exists().where(ItemUnit.item_id == Item.id, ItemUnit.unit_id.in_(area_units)),
            )
        )
    escalated = and_(*scope, Item.escalated_at.is_not(None), Item.status.in_(OPEN_STATUSES))
    overview.escalated = list(
        session.scalars(
            select(Item)
            .where(escalated)
            .options(selectinload(Item.units))
            .order_by(Item.escalated_at, Item.id)
            .limit(limit)
        )
    )
    overview.escalated_total = int(
        session.scalar(select(func.count()).select_from(Item).where(escalated)) or 0
    )
    rows = session.execute(
        select(Item.kind, func.count())
        .where(*scope, Item.created_at >= month_start)
        .group_by(Item.kind)
    ).all()
    overview.new_by_kind = {kind: int(count) for kind, count in rows}
    for kind in ItemKind:
        overview.new_by_kind.setdefault(kind.value, 0)
    overview.resolved = int(
        session.scalar(
            select(func.count())
            .select_from(Item)
            .where(
                *scope,
                Item.status == ItemStatus.RESOLVED.value,
                Item.closed_at >= month_start,
            )
        )
        or 0
    )
    overview.escalated_this_month = int(
        session.scalar(
            select(func.count()).select_from(Item).where(*scope, Item.escalated_at >= month_start)
        )
        or 0
    )
    return overview
