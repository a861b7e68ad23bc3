"""Units: add (or bring back), rename, move to an area, map to a Slack user group, retire or
merge (their people and open items move along)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.models import Area, Item, ItemUnit, Person, Unit, UsergroupMember
from bot.services.admin.areas import get_area
from bot.services.admin.audit import audit, require_admin
from bot.services.admin.validation import clean_name, lock_workspace, rename, same_name, valid_id
from bot.services.items import OPEN_STATUSES

USERGROUP_ID = re.compile(r"^S[A-Z0-9]{2,20}$")


def get_unit(session: Session, team_id: str, unit_id: int | None, *, active: bool = True) -> Unit:
    """An active unit of the workspace; InputError when it is gone."""
    unit = session.get(Unit, unit_id) if valid_id(unit_id) else None
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
    name = clean_name(name, field="name")
    lock_workspace(session, team_id)
    area_id = _area_id(session, team_id, area_id)
    units = session.scalars(select(Unit).where(Unit.team_id == team_id)).all()
    same = next((u for u in units if same_name(u.name, name)), None)
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
    name = clean_name(name, field="name")
    unit = get_unit(session, team_id, unit_id)
    area_id = _area_id(session, team_id, area_id)
    rename(session, unit, "name", name, team_id=team_id, actor_id=actor_id, kind="unit")
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
