"""The chart's data: months of new vs resolved items per goal, and units sharing items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import Session

from bot.models import Goal, Item, ItemStatus
from bot.services.digest.items import unit_pairs
from bot.services.digest.period import Period, local_month, month_start
from bot.services.digest.sql import _in_area
from bot.services.effect import shift_month
from bot.services.history import AsOf, Columns

CHART_MONTHS = 12
MIN_CHART_MONTHS = 6
MATRIX_UNITS = 10


@dataclass(frozen=True)
class GoalSeries:
    """New and resolved items per month for one goal (or for items with no goal)."""

    title: str | None  # None: items with no active goal
    new: tuple[int, ...]
    resolved: tuple[int, ...]


@dataclass(frozen=True)
class ChartData:
    """What the digest's chart draws: months of new vs resolved, and shared items by unit."""

    months: tuple[str, ...]
    series: tuple[GoalSeries, ...]
    units: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]  # symmetric; matrix[i][j]: items units i and j share

    @property
    def drawable(self) -> bool:
        """False when there is nothing to draw at all."""
        return any(any(s.new) or any(s.resolved) for s in self.series) or bool(self.units)


def _bucket(column: Any, bounds: Sequence[datetime]) -> ColumnElement[int]:
    """The index of the month a timestamp falls in (bounds are the months' starts and end)."""
    whens = [(column < bound, index) for index, bound in enumerate(bounds[1:])]
    return case(*whens, else_=-1)


def chart_data(
    *, session: Session, team_id: str, period: Period, area_id: int | None = None
) -> ChartData:
    """The last 6 to 12 months up to the period's month: new and resolved per goal, and the
    unit pairs sharing items in that time."""
    first = session.scalar(
        select(func.min(Item.created_at)).where(Item.team_id == team_id, _in_area(area_id))
    )
    count = CHART_MONTHS
    if first is not None:
        first_month = local_month(first, period.tz)
        span = _months_between(first_month, period.month) + 1
        count = max(MIN_CHART_MONTHS, min(CHART_MONTHS, span))
    months = tuple(shift_month(period.month, offset) for offset in range(1 - count, 1))
    bounds = [month_start(m, period.tz) for m in months] + [period.end]
    since, until = bounds[0], bounds[-1]
    goals = session.execute(
        select(Goal.id, Goal.title)
        .where(Goal.team_id == team_id, Goal.active.is_(True))
        .order_by(Goal.position, Goal.id)
    ).all()
    active = [goal_id for goal_id, _ in goals]
    goal_key = case((Item.goal_id.in_(active), Item.goal_id), else_=-1) if active else literal(-1)
    scope = and_(Item.team_id == team_id, _in_area(area_id))
    counts: dict[tuple[str, int, int], int] = {}

    def resolved(c: Columns) -> Any:
        # As the items stood at the period's end (bot.services.history).
        return select(goal_key.label("goal"), _bucket(c.closed_at, bounds).label("month")).where(
            scope, c.status == ItemStatus.RESOLVED.value, c.closed_at >= since, c.closed_at < until
        )

    new = select(goal_key.label("goal"), _bucket(Item.created_at, bounds).label("month")).where(
        scope, Item.created_at >= since, Item.created_at < until
    )
    as_of = AsOf(team_id=team_id, at=period.end)
    # Grouped in an outer query: PostgreSQL cannot match a parameterised CASE in SELECT with the
    # same CASE in GROUP BY.
    for which, keyed in (("new", new.subquery()), ("resolved", as_of.each(resolved).subquery())):
        for goal_id, index, number in session.execute(
            select(keyed.c.goal, keyed.c.month, func.count()).group_by(keyed.c.goal, keyed.c.month)
        ):
            counts[(which, int(goal_id), int(index))] = int(number)
    series = [
        GoalSeries(
            title=title,
            new=tuple(counts.get(("new", goal_id, i), 0) for i in range(len(months))),
            resolved=tuple(counts.get(("resolved", goal_id, i), 0) for i in range(len(months))),
        )
        for goal_id, title in [*goals, (-1, None)]
    ]
    if not any(series[-1].new) and not any(series[-1].resolved):
        series = series[:-1]  # no items without a goal: no empty panel for them
    created = and_(scope, Item.created_at >= since, Item.created_at < until)
    pairs = unit_pairs(session=session, condition=created, limit=MATRIX_UNITS * MATRIX_UNITS)
    units, matrix = _matrix(pairs)
    return ChartData(months=months, series=tuple(series), units=units, matrix=matrix)


def _months_between(first: str, last: str) -> int:
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])


def _matrix(
    pairs: Sequence[tuple[str, str, int]],
) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
    """The units that share most items, and the symmetric matrix of what they share."""
    totals: dict[str, int] = {}
    for a, b, n in pairs:
        totals[a] = totals.get(a, 0) + n
        totals[b] = totals.get(b, 0) + n
    units = tuple(sorted(sorted(totals), key=lambda u: -totals[u])[:MATRIX_UNITS])
    index = {unit: i for i, unit in enumerate(units)}
    grid = [[0] * len(units) for _ in units]
    for a, b, n in pairs:
        if a in index and b in index:
            grid[index[a]][index[b]] = grid[index[b]][index[a]] = n
    return units, tuple(tuple(row) for row in grid)
