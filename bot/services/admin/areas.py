"""Areas: add (or bring back), rename, give their own digest channel, retire or merge."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.models import Area, Unit
from bot.services.admin.audit import audit, require_admin
from bot.services.admin.validation import (
    clean_channel,
    clean_name,
    lock_workspace,
    rename,
    same_name,
    valid_id,
)


def get_area(session: Session, team_id: str, area_id: int | None, *, active: bool = True) -> Area:
    """An active area of the workspace; InputError when it is gone."""
    area = session.get(Area, area_id) if valid_id(area_id) else None
    if area is None or area.team_id != team_id or (active and not area.active):
        raise InputError("admin.err_area_gone", field="area")
    return area


def add_area(
    *, session: Session, team_id: str, actor_id: str, name: str, digest_channel: str | None = None
) -> Area:
    """Add an area, or bring back a retired one of the same name (its history continues)."""
    require_admin(session=session, team_id=team_id, user_id=actor_id)
    name = clean_name(name, field="name")
    channel = clean_channel(digest_channel, field="channel")
    lock_workspace(session, team_id)
    areas = session.scalars(select(Area).where(Area.team_id == team_id)).all()
    same = next((a for a in areas if same_name(a.name, name)), None)
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
    name = clean_name(name, field="name")
    channel = clean_channel(digest_channel, field="channel")
    area = get_area(session, team_id, area_id)
    rename(session, area, "name", name, team_id=team_id, actor_id=actor_id, kind="area")
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


def units_in_area(*, session: Session, area_id: int) -> int:
    """How many active units an area has."""
    count = session.scalar(
        select(func.count()).select_from(Unit).where(Unit.area_id == area_id, Unit.active.is_(True))
    )
    return int(count or 0)
