"""The director's overview in App Home: escalations and the month so far, for their area."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.models import Item, ItemKind, ItemStatus, ItemUnit, Unit
from bot.services.items import OPEN_STATUSES
from bot.services.org import get_person


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
