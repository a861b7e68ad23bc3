"""Items as they stood at a moment, read from their append-only events: a past month's digest
gives the same figures whenever it is built.

As of the moment (a month's end): an item's status, when it closed (if it was closed by then),
when it was escalated (if by then), its level and its resolution note (what moved it). Current:
what describes the item — kind, text, citizen situation, goal, units, author, anonymity — since
a correction applies to the item's whole life, and an erasure must win: "Slet mine data" and
the retention job blank the note in the events with the item's own text, so history keeps
statuses, levels and moments only, never text that was erased. A deleted item goes with its
history.

Every change writes an event (bot.services.items.record_event), so only an item with an event
at or after the moment ("moved") can differ from its current columns. Those few are rebuilt from
their latest event before the moment; every other item is read from the items table through its
indexes, as before — and for the month so far nothing has moved at all. A moved item with no
event before the moment (stored before events held its state) keeps its current columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    or_,
    select,
    type_coerce,
    union,
    union_all,
)
from sqlalchemy.orm import aliased

from bot.models import Item, ItemEvent, UTCDateTime
from bot.services.items import OPEN_STATUSES


@dataclass(frozen=True)
class Columns:
    """An item's columns that change over its life, as SQL expressions."""

    id: Any
    created_at: Any
    status: Any
    closed_at: Any
    escalated_at: Any
    level: Any
    note: Any


CURRENT = Columns(
    Item.id,
    Item.created_at,
    Item.status,
    Item.closed_at,
    Item.escalated_at,
    Item.level,
    Item.resolution_note,
)


class AsOf:
    """The items of one workspace as they stood at `at` (exclusive: an event at `at` is later)."""

    def __init__(self, *, team_id: str, at: datetime) -> None:
        self.team_id = team_id
        self.at = at
        self.moved = select(ItemEvent.item_id).where(
            ItemEvent.team_id == team_id, ItemEvent.at >= at
        )
        self.state = _states(team_id, at, self.moved)
        s = self.state.c
        self.rebuilt = Columns(
            s.id, s.created_at, s.status, s.closed_at, s.escalated_at, s.level, s.note
        )
        # For a query on Item inner-joined to the rebuilt states (see each()).
        self.joined = Columns(
            Item.id, Item.created_at, s.status, s.closed_at, s.escalated_at, s.level, s.note
        )
        # For a query on Item outer-joined to the rebuilt states (see join()).
        moved = s.id.is_not(None)
        self.columns = Columns(
            Item.id,
            Item.created_at,
            case((moved, s.status), else_=Item.status),
            type_coerce(case((moved, s.closed_at), else_=Item.closed_at), UTCDateTime()),
            type_coerce(case((moved, s.escalated_at), else_=Item.escalated_at), UTCDateTime()),
            case((moved, s.level), else_=Item.level),
            case((moved, s.note), else_=Item.resolution_note),
        )

    def join(self, query: Select[Any]) -> Select[Any]:
        """The query (on Item) with the rebuilt states beside it, for `columns`."""
        return query.outerjoin(self.state, self.state.c.id == Item.id)

    def ids(self, *conditions: Callable[[Columns], ColumnElement[bool]]) -> Any:
        """The ids of the workspace's items for which any condition held at `at`.

        Each condition is given the columns to test (the item's own, or its rebuilt state) and
        is selected on its own, joined by UNION: an OR would keep the planners from the indexes.
        """
        unmoved = Item.id.not_in(self.moved)
        selects = [
            select(Item.id).where(Item.team_id == self.team_id, unmoved, condition(CURRENT))
            for condition in conditions
        ]
        selects += [
            select(self.state.c.id).where(condition(self.rebuilt)) for condition in conditions
        ]
        return union(*selects)

    def each(self, build: Callable[[Columns], Select[Any]]) -> Any:
        """The query (on Item) built twice and joined by UNION ALL: once on the unmoved items'
        own columns (through the items' indexes), once on the moved items' rebuilt state."""
        unmoved = build(CURRENT).where(Item.id.not_in(self.moved))
        rebuilt = build(self.joined).join_from(Item, self.state, self.state.c.id == Item.id)
        return union_all(unmoved, rebuilt)


def _states(team_id: str, at: datetime, moved: Select[Any]) -> Any:
    """Each moved item's state at `at`: from its latest event before, else its own columns."""
    item = aliased(Item, name="then_items")
    last, changed = aliased(ItemEvent, name="last_event"), aliased(ItemEvent, name="changes")
    latest = (
        select(last.id)
        .where(last.item_id == item.id, last.at < at)
        .order_by(last.at.desc(), last.id.desc())
        .limit(1)
        .correlate(item)
        .scalar_subquery()
    )
    event = aliased(ItemEvent, name="event")
    # When the status last moved before `at`: the item closed then, if it was closed at `at`.
    closed_then = (
        select(func.max(changed.at))
        .where(
            changed.item_id == item.id,
            changed.at < at,
            or_(changed.from_status.is_(None), changed.from_status != changed.to_status),
        )
        .correlate(item)
        .scalar_subquery()
    )
    found = event.id.is_not(None)
    status = case((and_(found, event.to_status.is_not(None)), event.to_status), else_=item.status)
    closed = case(
        (found, case((status.not_in(OPEN_STATUSES), closed_then), else_=None)),
        else_=item.closed_at,
    )
    return (
        select(
            item.id.label("id"),
            item.created_at.label("created_at"),
            status.label("status"),
            type_coerce(closed, UTCDateTime()).label("closed_at"),
            type_coerce(
                case((item.escalated_at < at, item.escalated_at), else_=None), UTCDateTime()
            ).label("escalated_at"),
            case((found, event.level), else_=item.level).label("level"),
            case((found, event.note), else_=item.resolution_note).label("note"),
        )
        .outerjoin(event, event.id == latest)
        .where(item.team_id == team_id, item.created_at < at, item.id.in_(moved))
        .subquery("then_state")
    )
