"""The month's export: every item the digest counts or lists, one row each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session

from bot.models import Goal, Item, Person
from bot.services.digest.items import _resolved_condition
from bot.services.digest.needs import _needs_condition
from bot.services.digest.period import Period
from bot.services.digest.sql import _between, _in_area, _unit_names
from bot.services.history import AsOf


@dataclass(frozen=True)
class ExportRow:
    """One item in the month's export (the author is None for anonymous items)."""

    item_id: int
    created_at: datetime
    kind: str
    status: str
    level: str | None
    goal: str | None
    units: tuple[str, ...]
    author_name: str | None
    anonymous: bool
    text: str
    citizen_situation: str | None
    resolution_note: str | None
    escalated_at: datetime | None
    closed_at: datetime | None
    sections: tuple[str, ...]  # "new", "resolved", "needs"


def export_rows(
    *, session: Session, team_id: str, period: Period, area_id: int | None = None
) -> list[ExportRow]:
    """Every item the month's digest counts or lists: new, resolved, needing the directors."""
    scope = and_(Item.team_id == team_id, _in_area(area_id))
    as_of = AsOf(team_id=team_id, at=period.end)
    then = as_of.columns
    is_new = _between(Item.created_at, period)
    is_resolved = _resolved_condition(period, as_of)
    is_needed = _needs_condition(period, area_id, as_of)
    author = case((Item.anonymous.is_(True), None), else_=Person.name)
    query = select(
        Item.id,
        Item.created_at,
        Item.kind,
        then.status,
        then.level,
        Goal.title,
        author,
        Item.anonymous,
        Item.text,
        Item.citizen_situation,
        then.note,
        then.escalated_at,
        then.closed_at,
        case((is_new, 1), else_=0),
        case((is_resolved, 1), else_=0),
        case((is_needed, 1), else_=0),
    ).select_from(Item)
    rows = session.execute(
        as_of.join(query)
        .outerjoin(Goal, Goal.id == Item.goal_id)
        .outerjoin(
            Person,
            and_(
                Person.team_id == Item.team_id,
                Person.user_id == Item.author_id,
                Item.anonymous.is_(False),
            ),
        )
        .where(scope, or_(is_new, is_resolved, is_needed))
        .order_by(Item.created_at, Item.id)
    ).all()
    names = _unit_names(session, [row[0] for row in rows])
    found = []
    for row in rows:
        flags = (("new", row[13]), ("resolved", row[14]), ("needs", row[15]))
        found.append(
            ExportRow(
                item_id=row[0],
                created_at=row[1],
                kind=row[2],
                status=row[3],
                level=row[4],
                goal=row[5],
                units=names.get(row[0], ()),
                author_name=None if row[7] else row[6],
                anonymous=bool(row[7]),
                text=row[8] or "",
                citizen_situation=row[9],
                resolution_note=row[10],
                escalated_at=row[11],
                closed_at=row[12],
                sections=tuple(name for name, flag in flags if flag),
            )
        )
    return found
