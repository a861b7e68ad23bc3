"""Effect indicators' monthly values: recorded in App Home or imported from a CSV file.

A value belongs to one indicator and one month ("YYYY-MM"); recording it again replaces it, so
both the form and the import are safe to repeat. The import is all or nothing: a file with any
bad line changes nothing and every problem is reported with its line number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.models import Goal, Indicator, IndicatorValue, utcnow
from bot.services.guard import contains_personal_data
from bot.services.org import ensure_workspace

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
# Values are what a municipality measures (shares, counts, rates): anything beyond this is a typo.
MAX_ABS_VALUE = 1e12
MAX_IMPORT_LINES = 10_000
SOURCES = ("home", "import")

# Accepted column names, Danish and English, for the import file's header row.
_COLUMNS = {
    "goal": ("goal", "mål", "maal"),
    "indicator": ("indicator", "indikator"),
    "month": ("month", "måned", "maaned"),
    "value": ("value", "værdi", "vaerdi"),
}


def parse_month(text: str) -> str:
    """'2026-11' (or '2026-1') -> '2026-11'; ValueError for anything else."""
    match = MONTH.match((text or "").strip())
    if not match:
        raise ValueError(text)
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValueError(text)
    return f"{year:04d}-{month:02d}"


def shift_month(month: str, delta: int) -> str:
    """The month `delta` months after (or before) `month`."""
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + number - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def current_month(now: datetime, tz: str) -> str:
    """The month it is now in the time zone `tz`."""
    return now.astimezone(ZoneInfo(tz)).strftime("%Y-%m")


def parse_value(text: str) -> float:
    """A number as people type it: '62,5', '62.5', '1.234,5', '1,234.5', '15 %'; else ValueError."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not cleaned:
        raise ValueError(text)
    if "," in cleaned and "." in cleaned:
        # Whichever comes last is the decimal mark: '1.234,5' (Danish) or '1,234.5' (English).
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", cleaned):
        raise ValueError(text)
    value = float(cleaned)
    if abs(value) > MAX_ABS_VALUE:
        raise ValueError(text)
    return value


# -- recording one value -------------------------------------------------------------------------


def _indicator(session: Session, team_id: str, indicator_id: int) -> Indicator:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None or indicator.team_id != team_id or not indicator.active:
        raise InputError("effect.err_indicator_gone", field="indicator")
    return indicator


def record_value(
    *,
    session: Session,
    team_id: str,
    indicator_id: int,
    month: str,
    value: float,
    recorded_by: str | None,
    source: str,
    now: datetime | None = None,
    tz: str = "Europe/Copenhagen",
) -> str:
    """Store the indicator's value for the month; returns 'new', 'changed' or 'unchanged'."""
    if source not in SOURCES:
        raise ValueError(source)
    try:
        month = parse_month(month)
    except ValueError:
        raise InputError("effect.err_month", field="month") from None
    if month > current_month(now or utcnow(), tz):
        raise InputError("effect.err_future", field="month")
    if abs(value) > MAX_ABS_VALUE or value != value:  # NaN is not equal to itself
        raise InputError("effect.err_value", field="value")
    _indicator(session, team_id, indicator_id)
    return _put(session, team_id, indicator_id, month, value, recorded_by, source, now or utcnow())


def _put(
    session: Session,
    team_id: str,
    indicator_id: int,
    month: str,
    value: float,
    recorded_by: str | None,
    source: str,
    now: datetime,
    stored: dict[tuple[int, str], IndicatorValue] | None = None,
) -> str:
    if stored is not None:
        existing = stored.get((indicator_id, month))
    else:
        existing = session.scalar(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == indicator_id, IndicatorValue.month == month
            )
        )
    if existing is None:
        try:
            with session.begin_nested():
                session.add(
                    IndicatorValue(
                        team_id=team_id,
                        indicator_id=indicator_id,
                        month=month,
                        value=value,
                        source=source,
                        recorded_by=recorded_by,
                        recorded_at=now,
                    )
                )
            return "new"
        except IntegrityError:
            # Someone recorded the same month at the same moment; ours replaces theirs below.
            existing = session.scalar(
                select(IndicatorValue).where(
                    IndicatorValue.indicator_id == indicator_id, IndicatorValue.month == month
                )
            )
            if existing is None:
                raise
    if existing.value == value:
        return "unchanged"
    existing.value = value
    existing.source = source
    existing.recorded_by = recorded_by
    existing.recorded_at = now
    return "changed"


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator as the App Home form shows it: its goal, unit and latest values."""

    indicator_id: int
    goal_title: str
    name: str
    measure_unit: str
    higher_is_better: bool
    target: float | None
    latest: tuple[tuple[str, float], ...]  # (month, value), newest first


def indicator_statuses(
    *, session: Session, team_id: str, per_indicator: int = 3
) -> list[IndicatorStatus]:
    """Every active indicator of the active goals, with its newest few values."""
    rows = session.execute(
        select(Indicator, Goal.title)
        .join(Goal, Goal.id == Indicator.goal_id)
        .where(Goal.team_id == team_id, Goal.active.is_(True), Indicator.active.is_(True))
        .order_by(Goal.position, Goal.id, Indicator.id)
    ).all()
    if not rows:
        return []
    ids = [indicator.id for indicator, _ in rows]
    # Newest values first, a few per indicator: a window function, so one query for all.
    ranked = (
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.month,
            IndicatorValue.value,
            func.row_number()
            .over(partition_by=IndicatorValue.indicator_id, order_by=IndicatorValue.month.desc())
            .label("rank"),
        )
        .where(IndicatorValue.indicator_id.in_(ids))
        .subquery()
    )
    latest: dict[int, list[tuple[str, float]]] = {i: [] for i in ids}
    for indicator_id, month, value in session.execute(
        select(ranked.c.indicator_id, ranked.c.month, ranked.c.value)
        .where(ranked.c.rank <= per_indicator)
        .order_by(ranked.c.indicator_id, ranked.c.month.desc())
    ):
        latest[indicator_id].append((month, value))
    return [
        IndicatorStatus(
            indicator_id=indicator.id,
            goal_title=title,
            name=indicator.name,
            measure_unit=indicator.measure_unit,
            higher_is_better=indicator.higher_is_better,
            target=indicator.target,
            latest=tuple(latest[indicator.id]),
        )
        for indicator, title in rows
    ]


def indicator_status(*, session: Session, team_id: str, indicator_id: int) -> IndicatorStatus:
    """One active indicator with its newest values (InputError when it is gone)."""
    _indicator(session, team_id, indicator_id)
    for status in indicator_statuses(session=session, team_id=team_id):
        if status.indicator_id == indicator_id:
            return status
    # Active, but its goal was retired.
    raise InputError("effect.err_indicator_gone", field="indicator")


# -- importing a CSV file ------------------------------------------------------------------------


class EffectFileError(Exception):
    """The file cannot be imported; `errors` lists every problem with its line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass(frozen=True)
class EffectRow:
    """One line of the import file, checked for form (names are resolved later)."""

    line: int
    goal: str
    indicator: str
    month: str
    value: float


@dataclass
class EffectReport:
    """What an import did."""

    team_id: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    months: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many values the file held."""
        return self.new + self.changed + self.unchanged


def _header_map(header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    errors: list[str] = []
    for index, raw in enumerate(header):
        name = raw.strip().lstrip("\ufeff").lower()
        for key, names in _COLUMNS.items():
            if name in names:
                if key in found:
                    errors.append(f"line 1: the column {raw.strip()!r} appears twice")
                found[key] = index
    missing = [key for key in _COLUMNS if key not in found]
    if missing:
        errors.append(
            "line 1: the header must name the columns goal, indicator, month, value "
            f"(or mål, indikator, måned, værdi); missing: {', '.join(missing)}"
        )
    return found, errors


def parse_effect_csv(text: str, *, this_month: str) -> list[EffectRow]:
    """Parse an import file (comma, semicolon or tab separated, with a header row)."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise EffectFileError(["the file is empty"])
    first = lines[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise EffectFileError(["line 1: the header row cannot be read"]) from None
    columns, errors = _header_map(header)
    if errors:
        raise EffectFileError(errors)
    rows: list[EffectRow] = []
    seen: dict[tuple[str, str, str], tuple[int, float]] = {}
    try:
        records = list(reader)
    except csv.Error as exc:
        raise EffectFileError([f"line {reader.line_num}: {exc}"]) from None
    if len(records) > MAX_IMPORT_LINES:
        raise EffectFileError([f"the file has more than {MAX_IMPORT_LINES} lines; split it up"])
    for offset, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank lines are harmless
        if len(record) <= max(columns.values()):
            errors.append(
                f"line {offset}: expected {len(header)} columns separated by "
                f"{_delimiter_name(delimiter)}, found {len(record)}"
            )
            continue
        if any(contains_personal_data(cell) for cell in record):
            # Said without the cell: errors are printed, and a value is never a person.
            errors.append(f"line {offset}: holds a CPR number; take it out")
            continue
        goal = record[columns["goal"]].strip()
        indicator = record[columns["indicator"]].strip()
        month_text = record[columns["month"]].strip()
        value_text = record[columns["value"]].strip()
        problems = []
        if not goal:
            problems.append("the goal is empty")
        if not indicator:
            problems.append("the indicator is empty")
        month = ""
        try:
            month = parse_month(month_text)
            if month > this_month:
                problems.append(f"the month {month} has not begun yet")
        except ValueError:
            problems.append(f"the month {month_text!r} is not YYYY-MM (e.g. 2026-11)")
        value = 0.0
        try:
            value = parse_value(value_text)
        except ValueError:
            problems.append(f"the value {value_text!r} is not a number (e.g. 62,5 or 62.5)")
        if problems:
            errors.append(f"line {offset}: " + "; ".join(problems))
            continue
        key = (goal.casefold(), indicator.casefold(), month)
        if key in seen:
            if seen[key][1] != value:
                errors.append(
                    f"line {offset}: {indicator} for {month} is also on line {seen[key][0]} "
                    "with another value; keep one"
                )
            continue  # the same value twice is harmless
        seen[key] = (offset, value)
        rows.append(EffectRow(offset, goal, indicator, month, value))
    if errors:
        raise EffectFileError(errors)
    if not rows:
        raise EffectFileError(["the file has a header but no values"])
    return rows


def _delimiter_name(delimiter: str) -> str:
    return {";": "semicolons", ",": "commas", "\t": "tabs"}[delimiter]


def import_effect(
    *, session: Session, team_id: str, text: str, now: datetime | None = None, tz: str
) -> EffectReport:
    """Import a CSV of indicator values: all lines or none; re-importing changes nothing."""
    now = now or utcnow()
    rows = parse_effect_csv(text, this_month=current_month(now, tz))
    ensure_workspace(session=session, team_id=team_id)
    goals = {
        goal.title.strip().casefold(): goal
        for goal in session.scalars(select(Goal).where(Goal.team_id == team_id))
    }
    errors: list[str] = []
    resolved: list[tuple[EffectRow, Indicator]] = []
    for row in rows:
        goal = goals.get(row.goal.casefold())
        if goal is None:
            known = "; ".join(sorted(g.title for g in goals.values() if g.active)) or "none"
            errors.append(f"line {row.line}: no goal is called {row.goal!r} (goals: {known})")
            continue
        indicators = {i.name.strip().casefold(): i for i in goal.indicators}
        indicator = indicators.get(row.indicator.casefold())
        if indicator is None:
            known = "; ".join(i.name for i in goal.indicators if i.active) or "none"
            errors.append(
                f"line {row.line}: the goal {goal.title!r} has no indicator called "
                f"{row.indicator!r} (its indicators: {known})"
            )
            continue
        if not goal.active or not indicator.active:
            errors.append(f"line {row.line}: {indicator.name!r} is retired; values are not kept")
            continue
        resolved.append((row, indicator))
    if errors:
        raise EffectFileError(errors)
    report = EffectReport(team_id=team_id)
    # The values already stored for these indicators and months, in one query.
    months = sorted({row.month for row, _ in resolved})
    stored = {
        (value.indicator_id, value.month): value
        for value in session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id.in_({i.id for _, i in resolved}),
                IndicatorValue.month >= months[0],
                IndicatorValue.month <= months[-1],
            )
        )
    }
    for row, indicator in resolved:
        outcome = _put(
            session, team_id, indicator.id, row.month, row.value, None, "import", now, stored
        )
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.months = months
    return report


def format_effect_report(report: EffectReport) -> str:
    """A short human summary of an import."""
    months = report.months
    span = months[0] if len(months) == 1 else f"{months[0]} to {months[-1]}"
    return (
        f"Imported {report.total} indicator values ({span}) into workspace {report.team_id}: "
        f"{report.new} new, {report.changed} changed, {report.unchanged} unchanged."
    )
