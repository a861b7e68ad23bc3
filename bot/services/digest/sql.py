"""SQL helpers the digest's sections share: days between, the area's items, the period, units."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, exists, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from bot import models
from bot.models import Item, ItemUnit, Unit
from bot.services.digest.period import Period


class _DaysBetween(FunctionElement[float]):
    """Days (fractional) from the first timestamp to the second, in SQL on either backend."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(_DaysBetween, "sqlite")
def _days_sqlite(element: _DaysBetween, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


@compiles(_DaysBetween)
def _days_default(element: _DaysBetween, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


class _AmongIds(FunctionElement[bool]):
    """True when the id is one the subquery selects: `= ANY(ARRAY(…))` on PostgreSQL, IN elsewhere.

    PostgreSQL computes the array once and probes the index with it; given IN (or a join) it
    prefers hashing the whole other table, however few ids the subquery selects. Untyped: typed
    Boolean, SQLite would be given `(… IN …) = 1`, which its planner cannot use for the index.
    """

    inherit_cache = True
    name = "among_ids"


@compiles(_AmongIds)
def _among_default(element: _AmongIds, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = (compiler.process(c, **kw) for c in element.clauses)
    return f"({column} IN {ids})"


@compiles(_AmongIds, "postgresql")
def _among_postgresql(element: _AmongIds, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = (compiler.process(c, **kw) for c in element.clauses)
    return f"({column} = ANY(ARRAY{ids}))"


def area_units(area_id: int) -> Any:
    """The ids of the area's units, as a subquery."""
    return select(Unit.id).where(Unit.area_id == area_id).scalar_subquery()


def _in_area(area_id: int | None) -> ColumnElement[bool]:
    """Items of the area: logged by someone in it, or naming one of its units."""
    if area_id is None:
        return true()
    units = area_units(area_id)
    return or_(
        Item.unit_id.in_(units),
        exists().where(ItemUnit.item_id == Item.id, ItemUnit.unit_id.in_(units)),
    )


def _model(name: str) -> Any:
    """A model another feature defines, or None while that feature is not in this build."""
    return getattr(models, name, None)


def _between(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.start, column < period.end)


def _unit_names(session: Session, item_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The names of each item's units, by name (for the few items a digest lists)."""
    if not item_ids:
        return {}
    names: dict[int, list[str]] = {}
    for item_id, name in session.execute(
        select(ItemUnit.item_id, Unit.name)
        .join(Unit, Unit.id == ItemUnit.unit_id)
        .where(ItemUnit.item_id.in_(list(item_ids)))
        .order_by(ItemUnit.item_id, Unit.name)
    ):
        names.setdefault(item_id, []).append(name)
    return {item_id: tuple(units) for item_id, units in names.items()}
