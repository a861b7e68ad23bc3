"""The items section: new and resolved items, days to resolve, themes and unit pairs."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session, aliased

from bot.models import Item, ItemKind, ItemStatus, ItemUnit, Unit
from bot.services.digest.parts import ItemsSummary, ResolvedItem
from bot.services.digest.period import Period
from bot.services.digest.sql import _AmongIds, _between, _DaysBetween, _in_area, _unit_names
from bot.services.digest.themes import _haystack, _theme_counts
from bot.services.history import AsOf, Columns

RESOLVED_LIMIT = 5  # resolved items shown with what moved them
PAIR_LIMIT = 3


def _resolved_condition(period: Period, as_of: AsOf) -> ColumnElement[bool]:
    """Items resolved in the period and still resolved at its end."""

    def resolved(c: Columns) -> ColumnElement[bool]:
        return and_(c.status == ItemStatus.RESOLVED.value, _between(c.closed_at, period))

    return Item.id.in_(as_of.ids(resolved))


def items_summary(
    *, session: Session, team_id: str, period: Period, area_id: int | None = None
) -> ItemsSummary:
    """New and resolved items, median days to resolve, themes, unit pairs, what moved them."""
    scope = and_(Item.team_id == team_id, _in_area(area_id))
    created = and_(scope, _between(Item.created_at, period))
    new_by_kind = {kind.value: 0 for kind in ItemKind}
    for kind, count in session.execute(
        select(Item.kind, func.count()).where(created).group_by(Item.kind)
    ):
        new_by_kind[kind] = int(count)
    as_of = AsOf(team_id=team_id, at=period.end)
    resolved_condition = and_(scope, _resolved_condition(period, as_of))
    resolved = int(
        session.scalar(select(func.count()).select_from(Item).where(resolved_condition)) or 0
    )
    days = _DaysBetween(Item.created_at, as_of.columns.closed_at)
    median = None
    if resolved:
        # The middle one (or two) of the sorted durations: a median on both backends.
        middle = session.scalars(
            as_of.join(select(days).select_from(Item))
            .where(resolved_condition)
            .order_by(days)
            .offset((resolved - 1) // 2)
            .limit(2 - resolved % 2)
        ).all()
        median = round(sum(float(d) for d in middle) / len(middle), 1)
    themes: tuple[tuple[str, int], ...] = ()
    if sum(new_by_kind.values()):
        themes = _theme_counts(session, _haystack(Item.text, Item.citizen_situation), created)
    return ItemsSummary(
        new_by_kind=new_by_kind,
        resolved=resolved,
        median_days=median,
        themes=themes,
        unit_pairs=unit_pairs(session=session, condition=created, limit=PAIR_LIMIT),
        resolved_items=_resolved_items(session, resolved_condition, days, as_of),
    )


def _resolved_items(
    session: Session, condition: ColumnElement[bool], days: ColumnElement[float], as_of: AsOf
) -> tuple[ResolvedItem, ...]:
    then = as_of.columns
    rows = session.execute(
        as_of.join(select(Item.id, Item.kind, Item.text, then.note, days))
        .where(condition, then.note.is_not(None))
        .order_by(then.closed_at.desc(), Item.id.desc())
        .limit(RESOLVED_LIMIT)
    ).all()
    names = _unit_names(session, [row[0] for row in rows])
    return tuple(
        ResolvedItem(
            item_id=item_id,
            kind=kind,
            text=text or "",
            note=note or "",
            units=names.get(item_id, ()),
            days_to_resolve=int(float(duration or 0)),
        )
        for item_id, kind, text, note, duration in rows
    )


def unit_pairs(
    *, session: Session, condition: ColumnElement[bool], limit: int
) -> tuple[tuple[str, str, int], ...]:
    """The pairs of units that share most of the items matching `condition`.

    Each pair reads alphabetically ("Jobcentret + Socialpsykiatrien"); ties go alphabetically.
    """
    # The matching items' ids first (through the items' own indexes), then only their links:
    # joined from items, PostgreSQL hashed every item_units row ever stored (issue #20).
    ids = select(Item.id).where(condition).scalar_subquery()
    links = (
        select(ItemUnit.item_id, ItemUnit.unit_id)
        .where(_AmongIds(ItemUnit.item_id, ids))
        .cte("pair_links")
        .prefix_with("MATERIALIZED")
    )
    first, second = aliased(links), aliased(links)
    # Counted by unit ids first; the names are looked up for the pairs only.
    pairs = (
        select(
            first.c.unit_id.label("a"),
            second.c.unit_id.label("b"),
            func.count().label("shared"),
        )
        .select_from(first)
        .join(second, and_(second.c.item_id == first.c.item_id, second.c.unit_id > first.c.unit_id))
        .group_by(first.c.unit_id, second.c.unit_id)
        .subquery()
    )
    unit_a, unit_b = aliased(Unit), aliased(Unit)
    name_1 = case((unit_a.name <= unit_b.name, unit_a.name), else_=unit_b.name).label("name_1")
    name_2 = case((unit_a.name <= unit_b.name, unit_b.name), else_=unit_a.name).label("name_2")
    rows = session.execute(
        select(name_1, name_2, pairs.c.shared)
        .join(unit_a, unit_a.id == pairs.c.a)
        .join(unit_b, unit_b.id == pairs.c.b)
        .order_by(pairs.c.shared.desc(), name_1, name_2)
        .limit(limit)
    ).all()
    return tuple((a, b, int(n)) for a, b, n in rows)
