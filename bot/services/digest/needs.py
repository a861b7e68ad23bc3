"""Items that need the directors: open at top management level long enough, or escalated."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import Session

from bot.models import Item, ItemLevel, Person
from bot.services import decisions
from bot.services.digest.parts import NeedsItem
from bot.services.digest.period import Period
from bot.services.digest.sql import _in_area, _model, _unit_names
from bot.services.history import AsOf, Columns
from bot.services.items import OPEN_STATUSES

# An item at "top management" level needs the directors once it has been open this long.
NEEDS_DAYS = 60


def _needs_condition(period: Period, area_id: int | None, as_of: AsOf) -> ColumnElement[bool]:
    """Items open at the period's end that were escalated to top management by then, or at that
    level and open NEEDS_DAYS or more.

    Written as two index-friendly selections of ids: a single OR makes the planners fall back
    on scanning every item ever created before the month's end.
    """
    old_enough = period.end - timedelta(days=NEEDS_DAYS)

    # No condition on created_at here (an item is escalated after it is created): with one,
    # SQLite's planner prefers the created_at index and reads every item ever logged.
    def escalated(c: Columns) -> ColumnElement[bool]:
        return and_(c.escalated_at < period.end, c.status.in_(OPEN_STATUSES))

    def top_level(c: Columns) -> ColumnElement[bool]:
        return and_(
            c.level == ItemLevel.TOP_MANAGEMENT.value,
            c.status.in_(OPEN_STATUSES),
            c.created_at <= old_enough,
        )

    return and_(Item.id.in_(as_of.ids(escalated, top_level)), _in_area(area_id))


def needs_directors(
    *, session: Session, team_id: str, period: Period, area_id: int | None = None, limit: int
) -> tuple[tuple[NeedsItem, ...], int]:
    """The oldest items that need the directors (up to `limit`), and how many there are."""
    condition = _needs_condition(period, area_id, AsOf(team_id=team_id, at=period.end))
    total = int(session.scalar(select(func.count()).select_from(Item).where(condition)) or 0)
    if not total:
        return (), 0
    # The author's name is selected only for items that are not anonymous.
    author = case((Item.anonymous.is_(True), None), else_=Person.name)
    columns: list[Any] = [
        Item.id,
        Item.kind,
        Item.text,
        Item.anonymous,
        Item.created_at,
        _escalated_by(period.end),
        author.label("author_name"),
    ]
    query = select(*columns).outerjoin(
        Person,
        and_(
            Person.team_id == Item.team_id,
            Person.user_id == Item.author_id,
            Item.anonymous.is_(False),
        ),
    )
    thread, link = _model("CrossUnitThread"), _model("CrossUnitThreadItem")
    if thread is not None and link is not None:
        # The item's cross-unit thread, where the conversation about it is.
        query = query.add_columns(
            thread.channel_id,
            case((thread.root_deleted_at.is_(None), thread.root_ts), else_=thread.follow_up_ts),
        )
        query = query.outerjoin(link, link.item_id == Item.id).outerjoin(
            thread, and_(thread.id == link.thread_id, thread.root_ts.is_not(None))
        )
    else:
        query = query.add_columns(literal(None), literal(None))
    rows = session.execute(
        query.where(condition).order_by(Item.created_at, Item.id).limit(limit)
    ).all()
    names = _unit_names(session, [row[0] for row in rows])
    asked = decisions.standings_by_id(
        session=session, team_id=team_id, ids=[row[0] for row in rows if row[5] is not None]
    )
    found = []
    for row in rows:
        item_id, kind, text, anonymous, created, escalated, name, channel, ts = row
        standing = asked.get(item_id)
        found.append(
            NeedsItem(
                item_id=item_id,
                kind=kind,
                text=text or "",
                units=names.get(item_id, ()),
                author_name=None if anonymous else name,
                anonymous=bool(anonymous),
                created_at=created,
                escalated_at=escalated,
                days_open=max(0, (period.end - created).days),
                thread_channel=channel if ts else None,
                thread_ts=ts,
                question=standing.escalation.question if standing else None,
                waited_days=max(0, (period.end - escalated).days) if escalated else None,
            )
        )
    return tuple(found), total


def _escalated_by(end: datetime) -> ColumnElement[datetime | None]:
    """When the item was escalated, if it was before `end` (escalated_at is set only once)."""
    return case((Item.escalated_at < end, Item.escalated_at), else_=None)
