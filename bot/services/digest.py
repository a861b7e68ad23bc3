"""The monthly digest for directors: effect first, then what needs them, then activity.

Everything is counted in SQL, on a month's worth of rows found through indexes (items by
created_at and closed_at, prompts by due_at), and the answer is a plain dataclass: the view and
the chart never touch the database. Python only ever sees a handful of aggregated rows.

Sections appear as their data does. The reflection and cross-unit thread figures come from
tables other features own; each is read through a seam (`reflection_summary`,
`thread_counts`) that returns None while that table is not in this build, and the view then
leaves the section (or the figure) out.

Anonymity: an anonymous item's author is never selected at all (the name column is NULLed in
SQL), so no digest, chart or export can show it. Reflection figures are shown only for groups
of at least the workspace's anonymity threshold of managers; smaller areas are merged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from bot import models
from bot.commands import MONTH_NAMES
from bot.models import (
    Area,
    ComparisonValue,
    DigestClaim,
    DigestState,
    Goal,
    Indicator,
    IndicatorValue,
    Item,
    ItemKind,
    ItemLevel,
    ItemStatus,
    ItemUnit,
    Person,
    ReflectionPrompt,
    StatbankSource,
    Unit,
    Workspace,
    utcnow,
)
from bot.services import decisions
from bot.services.calendar import DEFAULT, WorkCalendar
from bot.services.decisions import decided_between
from bot.services.effect import parse_month, shift_month
from bot.services.history import AsOf, Columns
from bot.services.items import OPEN_STATUSES
from bot.statbank import frequency

# An item at "top management" level needs the directors once it has been open this long.
NEEDS_DAYS = 60
LIST_LIMIT = 8  # items listed under "Kræver direktionen"; the rest are in the export
RESOLVED_LIMIT = 5  # resolved items shown with what moved them
THEME_LIMIT = 5
PAIR_LIMIT = 3
QUOTE_LIMIT = 3
DEFAULT_THRESHOLD = 5  # used when the workspace has no anonymity threshold of its own
CHART_MONTHS = 12
MIN_CHART_MONTHS = 6
MATRIX_UNITS = 10
EFFECT_LOOKBACK = 24  # months searched for an indicator's latest value
CHART_PERIODS = 24  # periods of each indicator in the effect chart
# A source whose latest fetch failed this way is stale: its latest value is not current.
STALE_KINDS = frozenset(
    {"refused", "server", "timeout", "unreachable", "format", "changed", "config"}
)
MAX_CATCH_UP = 3  # months a stopped clock still posts when it comes back
MAX_ATTEMPTS = 24  # posts Slack refused (hourly runs: about a day of trying)
POST_HOUR = 8  # digests go out at 08:00 local time on the 1st

# Themes: words (matched at the start of a word, any case) that say what an item or an answer
# is about. One fixed list, so a theme means the same in every month, area and section. Words
# are separated by |; "it " ends with a space so that it matches the word "it" alone.
_THEME_WORDS = {
    "waiting": "vente|wait|queue|delay",
    "sharing": (
        "oplysning|samtykke|gdpr|journal|tavshedspligt|videregiv|datadeling|deling|"
        "dele oplysninger|information|consent"
    ),
    "systems": "system|fagsystem|it |kalender|adgang|login|software",
    "housing": "bolig|husløs|hjemløs|udsættelse|lejlighed|housing|homeless",
    "mental_health": "psykiatri|psykisk|psykolog|mistrivsel|misbrug|udredning|mental",
    "work": "job|beskæftigelse|ledig|arbejde|uddannelse|praktik|fleksjob|ressourceforløb|employ",
    "families": "barn|børn|Børn|famili|forældre|skole|elev|dagtilbud|child",
    "elderly_health": (
        "ældre|Ældre|fald|genoptræn|træning|hjemmepleje|indlæggelse|genindlæggelse|"
        "sygehus|hospital|læge|sundhed|elderly"
    ),
    "coordination": (
        "koordin|plan|handleplan|sagsbehandl|kontaktperson|samarbejd|overgang|"
        "overlevering|visitation|to gange"
    ),
    "rules_money": (
        "regel|regler|lovgiv|paragraf|§|jura|økonomi|Økonomi|budget|finansier|bevilling|takst"
    ),
    "capacity": "kapacitet|personale|medarbejder|rekrutter|normering|travl|ressource|staff",
}
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (key, tuple(words.split("|"))) for key, words in _THEME_WORDS.items()
)
THEME_KEYS = tuple(key for key, _ in THEMES)


# -- periods -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A calendar month in a time zone, or the part of the current month that has passed."""

    month: str  # "YYYY-MM"
    start: datetime  # aware UTC, inclusive
    end: datetime  # aware UTC, exclusive: the 1st of the next month, or now
    so_far: bool
    tz: str


class FutureMonth(ValueError):
    """The month has not begun yet."""


def month_start(month: str, tz: str) -> datetime:
    """Midnight on the 1st of the month in `tz`, as an aware UTC datetime."""
    local = datetime(int(month[:4]), int(month[5:7]), 1, tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC)


def period_for(month: str, *, tz: str, now: datetime) -> Period:
    """The month as a period; the current month ends now ("so far"). FutureMonth if ahead."""
    month = parse_month(month)
    start, end = month_start(month, tz), month_start(shift_month(month, 1), tz)
    if start > now:
        raise FutureMonth(month)
    if end > now:
        return Period(month, start, now.astimezone(UTC), True, tz)
    return Period(month, start, end, False, tz)


def resolve_month(text: str, *, now: datetime, tz: str) -> str:
    """A month as a director typed it after `overblik`, as "YYYY-MM"; ValueError if unclear.

    "" is this month; "2026-11", "11-2026" and "11/2026" name one; "november" is the latest
    November that has begun.
    """
    text = text.strip().lower()
    this_month = local_month(now, tz)
    if not text:
        return this_month
    if text in MONTH_NAMES:
        candidate = f"{this_month[:4]}-{MONTH_NAMES[text]:02d}"
        return candidate if candidate <= this_month else shift_month(candidate, -12)
    parts = re.split(r"[-/.]", text)
    if len(parts) == 2 and all(part.isdigit() for part in parts):
        first, second = parts
        if len(first) == 4:
            return parse_month(f"{first}-{second}")
        if len(second) == 4:
            return parse_month(f"{second}-{first}")
    raise ValueError(text)


def local_month(now: datetime, tz: str) -> str:
    """The month it is at `now` in `tz`."""
    return now.astimezone(ZoneInfo(tz)).strftime("%Y-%m")


def post_time(month: str, tz: str, calendar: WorkCalendar = DEFAULT) -> datetime:
    """When the month's digest is due: 08:00 local time on the first working day of the next
    month (UTC)."""
    following = shift_month(month, 1)
    day = calendar.first_working_day(int(following[:4]), int(following[5:7]))
    return datetime.combine(day, time(POST_HOUR), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def latest_due_month(now: datetime, tz: str, calendar: WorkCalendar = DEFAULT) -> str:
    """The newest month whose digest is due: the one before, from its post time."""
    previous = shift_month(local_month(now, tz), -1)
    return previous if now >= post_time(previous, tz, calendar) else shift_month(previous, -1)


def first_month(*, session: Session, team_id: str, tz: str) -> str | None:
    """The first month the workspace has anything to show (an item, a weekly prompt sent; both
    come after it was installed); None while it has nothing. No digest is for a month before."""
    starts = [
        session.scalar(select(func.min(Item.created_at)).where(Item.team_id == team_id)),
        session.scalar(
            select(func.min(ReflectionPrompt.sent_at)).where(ReflectionPrompt.team_id == team_id)
        ),
    ]
    found = [moment for moment in starts if moment is not None]
    if not found:
        return None
    return local_month(_aware(min(found)), tz)


def first_digest_at(
    *, session: Session, team_id: str, now: datetime, tz: str, calendar: WorkCalendar
) -> datetime | None:
    """When the workspace's first digest comes, while none was posted: the post time of its
    first month with data (or of the month due now, when that is later); None while it has no
    data at all, or once a digest was posted."""
    posted = session.scalar(
        select(DigestClaim.id)
        .where(DigestClaim.team_id == team_id, DigestClaim.state == DigestState.SENT.value)
        .limit(1)
    )
    since = first_month(session=session, team_id=team_id, tz=tz)
    if posted is not None or since is None:
        return None
    month = max(since, latest_due_month(now, tz, calendar))
    return max(post_time(month, tz, calendar), now)


def _aware(moment: datetime) -> datetime:
    # func.min() comes back without the column's type decorator on SQLite.
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# -- SQL helpers ---------------------------------------------------------------------------------


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


def _haystack(*columns: Any) -> ColumnElement[str]:
    """The columns as one lower-case text with a space before every word (word-start matching).

    SQLite lowers only A–Z, so THEMES also lists words that begin with Æ, Ø or Å capitalised.
    """
    text: ColumnElement[str] = literal(" ")
    for column in columns:
        text = text + " " + func.coalesce(column, "")
    for mark in ("\n", "(", "/", '"', "-", ".", ","):
        text = func.replace(text, mark, " ")
    return func.lower(text)


def _texts(rows: Any) -> Any:
    """The rows' texts computed once each: a CTE the theme sums below read many times.

    MATERIALIZED, because otherwise both SQLite and PostgreSQL inline the text expression into
    every one of the ~70 word matches.
    """
    return rows.cte("texts").prefix_with("MATERIALIZED")


class _Contains(FunctionElement[bool]):
    """True when the first text contains the second: instr() on SQLite, strpos() elsewhere.

    Plain substring search, several times faster than LIKE '%…%' (which folds case as it goes)
    on the already lower-cased texts.
    """

    type = Boolean()
    inherit_cache = True
    name = "contains"


@compiles(_Contains, "sqlite")
def _contains_sqlite(element: _Contains, compiler: SQLCompiler, **kw: Any) -> str:
    text, word = (compiler.process(c, **kw) for c in element.clauses)
    return f"(instr({text}, {word}) > 0)"


@compiles(_Contains)
def _contains_default(element: _Contains, compiler: SQLCompiler, **kw: Any) -> str:
    text, word = (compiler.process(c, **kw) for c in element.clauses)
    return f"(strpos({text}, {word}) > 0)"


def _theme_flags(haystack: Any) -> list[ColumnElement[int]]:
    """One column per theme: 1 when the text mentions any of its words, else 0."""
    return [
        case((or_(*(_Contains(haystack, f" {word}") for word in words)), 1), else_=0).label(key)
        for key, words in THEMES
    ]


def _theme_counts(
    session: Session, haystack: ColumnElement[str], condition: ColumnElement[bool]
) -> tuple[tuple[str, int], ...]:
    """How many rows matching `condition` mention each theme, most frequent first."""
    texts = _texts(select(haystack.label("hay")).where(condition))
    flags = select(*_theme_flags(texts.c.hay)).subquery()
    row = session.execute(
        select(*(func.coalesce(func.sum(flags.c[key]), 0).label(key) for key in THEME_KEYS))
    ).first()
    return _ranked_themes(row)


def _ranked_themes(row: Any) -> tuple[tuple[str, int], ...]:
    counts = [(key, int(getattr(row, key) or 0)) for key in THEME_KEYS] if row else []
    ranked = sorted((c for c in counts if c[1] > 0), key=lambda c: (-c[1], THEME_KEYS.index(c[0])))
    return tuple(ranked[:THEME_LIMIT])


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


# -- the digest's parts --------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorEffect:
    """One indicator: its value for the month (or the latest before), and how it moved."""

    name: str
    measure_unit: str
    higher_is_better: bool
    target: float | None
    month: str | None  # the month `value` is for; None when nothing is recorded
    value: float | None
    previous: float | None  # the period before `month`'s (a month, quarter or year before)
    last_year: float | None  # the same month a year before
    # Fed from Statistikbanken: the source's own period code for `month` ("2026K3"), its
    # tables (named under the figure), and whether the latest fetch failed (stale).
    period: str | None = None
    tables: tuple[str, ...] = ()
    stale: bool = False
    step: int = 1  # months from one period to the next: 1, 3 (quarters) or 12 (years)
    # Up to CHART_PERIODS values up to `month`, oldest first: (month, period or None, value).
    history: tuple[tuple[str, str | None, float], ...] = ()
    # The whole country ("000") and the mean of the comparable municipalities ("group"), each
    # as ((month, value), ...) oldest first, over the same months as `history`.
    comparisons: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()

    def compared(self, which: str) -> float | None:
        """The comparison's value for `month` (None when there is none)."""
        for key, series in self.comparisons:
            if key == which:
                return next((v for m, v in series if m == self.month), None)
        return None

    @property
    def change_month(self) -> float | None:
        """The change since the month before."""
        return _delta(self.value, self.previous)

    @property
    def change_year(self) -> float | None:
        """The change since the same month last year."""
        return _delta(self.value, self.last_year)

    @property
    def to_target(self) -> float | None:
        """How far the value is from the target (positive: still to go)."""
        if self.value is None or self.target is None:
            return None
        gap = self.target - self.value if self.higher_is_better else self.value - self.target
        return round(gap, 6)

    def verdict(self, change: float | None) -> str | None:
        """'better', 'worse' or 'same' for a change, given which way is good."""
        if change is None:
            return None
        if change == 0:
            return "same"
        return "better" if (change > 0) == self.higher_is_better else "worse"


def _delta(value: float | None, before: float | None) -> float | None:
    return None if value is None or before is None else round(value - before, 6)


@dataclass(frozen=True)
class GoalEffect:
    """A goal and its indicators."""

    title: str
    indicators: tuple[IndicatorEffect, ...]


@dataclass(frozen=True)
class NeedsItem:
    """An open item that only top management can move."""

    item_id: int
    kind: str
    text: str
    units: tuple[str, ...]
    author_name: str | None  # None for anonymous items (never selected) and unknown authors
    anonymous: bool
    created_at: datetime
    escalated_at: datetime | None
    days_open: int
    thread_channel: str | None
    thread_ts: str | None
    # What the directors are asked (the item's or its thread's escalation), and days waited.
    question: str | None = None
    waited_days: int | None = None


@dataclass(frozen=True)
class ResolvedItem:
    """An item resolved in the month, with what moved it."""

    item_id: int
    kind: str
    text: str
    note: str
    units: tuple[str, ...]
    days_to_resolve: int


@dataclass(frozen=True)
class ItemsSummary:
    """Barriers, potentials and dilemmas in the month."""

    new_by_kind: dict[str, int]
    resolved: int
    median_days: float | None
    themes: tuple[tuple[str, int], ...]
    unit_pairs: tuple[tuple[str, str, int], ...]
    resolved_items: tuple[ResolvedItem, ...]

    @property
    def new_total(self) -> int:
        """All new items of every kind."""
        return sum(self.new_by_kind.values())


@dataclass(frozen=True)
class ParticipationGroup:
    """The share of managers who answered, for one area or a merge of small ones."""

    label: str | None  # the area's name; None for a merged group
    areas: tuple[str, ...]  # every area in the group (one unless merged)
    asked: int
    answered: int

    @property
    def share(self) -> float:
        """Answered / asked, 0 to 1."""
        return self.answered / self.asked if self.asked else 0.0


@dataclass(frozen=True)
class ReflectionSummary:
    """The month's weekly reflection, at group level only."""

    threshold: int
    asked: int
    answered: int
    groups: tuple[ParticipationGroup, ...]  # empty when even all together are too few
    themes: tuple[tuple[str, int], ...]
    quotes: tuple[str, ...]

    @property
    def shown(self) -> bool:
        """False when too few managers were asked for any figure to be shown."""
        return self.asked >= self.threshold


@dataclass(frozen=True)
class Activity:
    """Output, not effect: what was done in the month."""

    items_logged: int
    threads_opened: int | None  # None while cross-unit threads are not in this build
    replies: int | None
    reflections_answered: int | None


@dataclass(frozen=True)
class DecidedLine:
    """One decision the directors made in the month: their output, not the managers'."""

    kind: str
    decided_by: str
    decided_at: datetime
    owner_id: str | None
    note: str | None


@dataclass(frozen=True)
class Digest:
    """Everything one month's digest shows, for the workspace or one area."""

    team_id: str
    workspace_name: str | None
    period: Period
    area_id: int | None
    area_name: str | None
    effect: tuple[GoalEffect, ...]
    needs: tuple[NeedsItem, ...]
    needs_total: int
    items: ItemsSummary
    reflection: ReflectionSummary | None
    activity: Activity
    generated_at: datetime = field(default_factory=utcnow)
    # Decisions are append-only rows with their moment, so a past month's list never moves.
    decided: tuple[DecidedLine, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing at all happened in the month."""
        return (
            self.items.new_total == 0
            and self.items.resolved == 0
            and self.needs_total == 0
            and not any(i.value is not None for g in self.effect for i in g.indicators)
        )


# -- building it ---------------------------------------------------------------------------------


def threshold_of(workspace: Workspace | None) -> int:
    """The workspace's anonymity threshold (an admin setting), or the default."""
    value = getattr(workspace, "anonymity_threshold", None)
    return int(value) if isinstance(value, int) and value > 0 else DEFAULT_THRESHOLD


def build_digest(
    *,
    session: Session,
    team_id: str,
    period: Period,
    area_id: int | None = None,
    list_limit: int = LIST_LIMIT,
) -> Digest:
    """Compute one month's digest (for one area when `area_id` is given)."""
    workspace = session.get(Workspace, team_id)
    area = session.get(Area, area_id) if area_id is not None else None
    if area is not None and area.team_id != team_id:
        raise ValueError("area of another workspace")
    items = items_summary(session=session, team_id=team_id, period=period, area_id=area_id)
    needs, needs_total = needs_directors(
        session=session, team_id=team_id, period=period, area_id=area_id, limit=list_limit
    )
    reflection = reflection_summary(
        session=session,
        team_id=team_id,
        period=period,
        area_id=area_id,
        threshold=threshold_of(workspace),
    )
    threads = thread_counts(session=session, team_id=team_id, period=period, area_id=area_id)
    activity = Activity(
        items_logged=items.new_total,
        threads_opened=threads[0] if threads else None,
        replies=threads[1] if threads else None,
        reflections_answered=reflection.answered if reflection is not None else None,
    )
    return Digest(
        team_id=team_id,
        workspace_name=workspace.name if workspace else None,
        period=period,
        area_id=area_id,
        area_name=area.name if area else None,
        effect=effect_section(session=session, team_id=team_id, month=period.month),
        needs=needs,
        needs_total=needs_total,
        items=items,
        reflection=reflection,
        activity=activity,
        decided=decided_in(session=session, team_id=team_id, period=period),
    )


def decided_in(*, session: Session, team_id: str, period: Period) -> tuple[DecidedLine, ...]:
    """The directors' decisions made in the period, oldest first."""
    rows = decided_between(session=session, team_id=team_id, start=period.start, end=period.end)
    return tuple(DecidedLine(d.kind, d.decided_by, d.decided_at, d.owner_id, d.note) for d in rows)


def effect_section(*, session: Session, team_id: str, month: str) -> tuple[GoalEffect, ...]:
    """Each active goal's active indicators with their value, changes and distance to target;
    indicators fed from Statistikbanken move by their own period (quarter, year)."""
    rows = session.execute(
        select(Goal.id, Goal.title, Indicator)
        .join(Indicator, Indicator.goal_id == Goal.id)
        .where(Goal.team_id == team_id, Goal.active.is_(True), Indicator.active.is_(True))
        .order_by(Goal.position, Goal.id, Indicator.id)
    ).all()
    if not rows:
        return ()
    ids = [row[2].id for row in rows]
    sources = {
        source.indicator_id: source
        for source in session.scalars(
            select(StatbankSource).where(StatbankSource.indicator_id.in_(ids))
        )
    }
    # Far enough back for CHART_PERIODS years of a yearly table.
    oldest = shift_month(month, -12 * CHART_PERIODS)
    values: dict[tuple[int, str], tuple[float, str | None]] = {
        (indicator_id, value_month): (value, period)
        for indicator_id, value_month, value, period in session.execute(
            select(
                IndicatorValue.indicator_id,
                IndicatorValue.month,
                IndicatorValue.value,
                IndicatorValue.period,
            ).where(
                IndicatorValue.indicator_id.in_(ids),
                IndicatorValue.month >= oldest,
                IndicatorValue.month <= month,
            )
        )
    }
    compared: dict[tuple[int, str], dict[str, float]] = {}
    for indicator_id, area, value_month, value in session.execute(
        select(
            ComparisonValue.indicator_id,
            ComparisonValue.area,
            ComparisonValue.month,
            ComparisonValue.value,
        ).where(
            ComparisonValue.indicator_id.in_(ids),
            ComparisonValue.month >= oldest,
            ComparisonValue.month <= month,
        )
    ):
        key = "000" if area == "000" else "group"
        compared.setdefault((indicator_id, key), {}).setdefault(value_month, 0.0)
        compared[(indicator_id, key)][value_month] += value
    counts: dict[int, int] = {}
    for fed in sources.values():
        counts[fed.indicator_id] = len([a for a in fed.comparison or [] if a != "000"])
    by_indicator: dict[int, list[str]] = {}
    for indicator_id, value_month in sorted(values):
        by_indicator.setdefault(indicator_id, []).append(value_month)
    goals: dict[int, tuple[str, list[IndicatorEffect]]] = {}
    for goal_id, title, indicator in rows:
        source = sources.get(indicator.id)
        step = _step(source.latest_period if source else None)
        months = by_indicator.get(indicator.id, [])
        shown = months[-1] if months else None
        if shown is not None and step == 1 and shown < shift_month(month, -EFFECT_LOOKBACK):
            shown = None

        def value_at(at: str | None, indicator_id: int = indicator.id) -> float | None:
            found = values.get((indicator_id, at)) if at else None
            return found[0] if found else None

        first = shift_month(shown, -step * (CHART_PERIODS - 1)) if shown else month
        history = tuple(
            (m, values[(indicator.id, m)][1], values[(indicator.id, m)][0])
            for m in months
            if shown and first <= m <= shown
        )
        effect = IndicatorEffect(
            name=indicator.name,
            measure_unit=indicator.measure_unit,
            higher_is_better=indicator.higher_is_better,
            target=indicator.target,
            month=shown,
            value=value_at(shown),
            previous=value_at(shift_month(shown, -step)) if shown else None,
            last_year=value_at(shift_month(shown, -12)) if shown else None,
            period=values[(indicator.id, shown)][1] if shown else None,
            tables=(source.table_id,)
            + ((source.denominator_table,) if source.denominator_table else ())
            if source
            else (),
            stale=bool(source and source.error_kind in STALE_KINDS),
            step=step,
            history=history,
            comparisons=tuple(
                (
                    key,
                    tuple(
                        (m, v / (1 if key == "000" else max(1, counts.get(indicator.id, 1))))
                        for m, v in sorted(compared[(indicator.id, key)].items())
                        if m >= first
                    ),
                )
                for key in ("000", "group")
                if (indicator.id, key) in compared
            ),
        )
        goals.setdefault(goal_id, (title, []))[1].append(effect)
    return tuple(GoalEffect(title, tuple(effects)) for title, effects in goals.values())


def _step(period: str | None) -> int:
    if not period:
        return 1
    try:
        return {"month": 1, "quarter": 3, "year": 12}[frequency(period)]
    except ValueError:
        return 1


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


def _resolved_condition(period: Period, as_of: AsOf) -> ColumnElement[bool]:
    """Items resolved in the period and still resolved at its end."""

    def resolved(c: Columns) -> ColumnElement[bool]:
        return and_(c.status == ItemStatus.RESOLVED.value, _between(c.closed_at, period))

    return Item.id.in_(as_of.ids(resolved))


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
    first, second = aliased(ItemUnit), aliased(ItemUnit)
    # Counted by unit ids first; the names are looked up for the pairs only.
    pairs = (
        select(
            first.unit_id.label("a"),
            second.unit_id.label("b"),
            func.count().label("shared"),
        )
        .select_from(Item)
        .join(first, first.item_id == Item.id)
        .join(second, and_(second.item_id == Item.id, second.unit_id > first.unit_id))
        .where(condition)
        .group_by(first.unit_id, second.unit_id)
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


# -- reflection (the weekly reflection feature's tables) -----------------------------------------


def reflection_summary(
    *, session: Session, team_id: str, period: Period, area_id: int | None, threshold: int
) -> ReflectionSummary | None:
    """Who answered the weekly reflection, by area, with small areas merged; None to hide.

    None while the reflection tables are not in this build, or when nobody was asked in the
    month. A manager counts as asked when a prompt due in the month reached them, and as
    answered when any of those prompts has an answer (the form's or a reply in the DM).
    """
    prompt, reply = _model("ReflectionPrompt"), _model("ReflectionReply")
    if prompt is None:
        return None
    reached = or_(prompt.state == "sent", prompt.answered_at.is_not(None))
    has_reply = exists().where(reply.prompt_id == prompt.id) if reply is not None else false()
    answered_prompt = or_(prompt.answered_at.is_not(None), has_reply)
    base = [prompt.team_id == team_id, _between(prompt.due_at, period), reached]
    if area_id is not None:
        base.append(
            prompt.user_id.in_(
                select(Person.user_id)
                .join(Unit, Unit.id == Person.unit_id)
                .where(Person.team_id == team_id, Unit.area_id == area_id)
            )
        )
    # One row per manager (with their area): did any of their prompts this month get an answer?
    per_manager = (
        select(
            prompt.user_id.label("user_id"),
            Unit.area_id.label("area_id"),
            func.max(case((answered_prompt, 1), else_=0)).label("answered"),
        )
        .select_from(prompt)
        .outerjoin(Person, and_(Person.team_id == prompt.team_id, Person.user_id == prompt.user_id))
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(*base)
        .group_by(prompt.user_id, Unit.area_id)
        .subquery()
    )
    by_area = session.execute(
        select(
            per_manager.c.area_id,
            func.count().label("asked"),
            func.coalesce(func.sum(per_manager.c.answered), 0).label("answered"),
        ).group_by(per_manager.c.area_id)
    ).all()
    asked = sum(int(row.asked) for row in by_area)
    if not asked:
        return None
    answered = sum(int(row.answered) for row in by_area)
    names = {
        row.id: row.name
        for row in session.execute(select(Area.id, Area.name).where(Area.team_id == team_id))
    }
    sizes = [
        (
            names.get(row.area_id) if row.area_id is not None else None,
            int(row.asked),
            int(row.answered),
        )
        for row in by_area
    ]
    groups = merge_small_groups(sizes, threshold=threshold) if asked >= threshold else ()
    themes: tuple[tuple[str, int], ...] = ()
    quotes: tuple[str, ...] = ()
    if answered >= threshold:
        themes = _reflection_themes(session, prompt, reply, base)
        quotes = shareable_quotes(session=session, base=base)
    return ReflectionSummary(
        threshold=threshold,
        asked=asked,
        answered=answered,
        groups=groups,
        themes=themes,
        quotes=quotes,
    )


def _reflection_themes(
    session: Session, prompt: Any, reply: Any, base: Sequence[Any]
) -> tuple[tuple[str, int], ...]:
    """How many managers' answers (in the form or in the DM) touched each theme."""
    answers = select(
        prompt.user_id.label("user_id"),
        _haystack(prompt.answer_need, prompt.answer_barriers, prompt.answer_action).label("hay"),
    ).where(*base, prompt.answered_at.is_not(None))
    if reply is not None:
        replies = (
            select(prompt.user_id.label("user_id"), _haystack(reply.text).label("hay"))
            .join(prompt, prompt.id == reply.prompt_id)
            .where(*base)
        )
        texts = _texts(union_all(answers, replies))
    else:
        texts = _texts(answers)
    flags = select(texts.c.user_id, *_theme_flags(texts.c.hay)).subquery()
    per_manager = (
        select(flags.c.user_id, *(func.max(flags.c[key]).label(key) for key in THEME_KEYS))
        .group_by(flags.c.user_id)
        .subquery()
    )
    row = session.execute(
        select(*(func.coalesce(func.sum(per_manager.c[key]), 0).label(key) for key in THEME_KEYS))
    ).first()
    return _ranked_themes(row)


def shareable_quotes(*, session: Session, base: Sequence[Any]) -> tuple[str, ...]:
    """Answers their managers marked as shareable, newest first; () while no answer can be.

    The reflection feature does not (yet) let a manager mark an answer as shareable: until a
    boolean `shareable` column exists on its prompts, no quote is ever shown.
    """
    prompt = _model("ReflectionPrompt")
    flag = getattr(prompt, "shareable", None) if prompt is not None else None
    if flag is None:
        return ()
    rows = session.execute(
        select(prompt.answer_need, prompt.answer_barriers, prompt.answer_action)
        .where(*base, flag.is_(True))
        .order_by(prompt.answered_at.desc())
        .limit(QUOTE_LIMIT)
    ).all()
    return tuple(next(a for a in row if a) for row in rows if any(row))


def merge_small_groups(
    sizes: Sequence[tuple[str | None, int, int]], *, threshold: int
) -> tuple[ParticipationGroup, ...]:
    """Groups of at least `threshold` asked managers: small areas are merged until they are.

    `sizes` holds (area name or None for "no area", asked, answered). Areas big enough stand
    alone; the small ones are pooled. If the pool is still too small, the smallest standing
    area joins it, so no group under the threshold can be read off, not even by subtracting
    the shown groups from the total. Empty when all of them together are too few.
    """
    if sum(asked for _, asked, _ in sizes) < threshold:
        return ()
    alone = sorted(
        (s for s in sizes if s[0] is not None and s[1] >= threshold),
        key=lambda s: (s[1], s[0] or ""),
    )
    pool = [s for s in sizes if s not in alone]
    while pool and sum(s[1] for s in pool) < threshold and alone:
        pool.append(alone.pop(0))
    groups = [
        ParticipationGroup(name, (name or "",), asked, answered) for name, asked, answered in alone
    ]
    if pool:
        names = tuple(sorted(name for name, _, _ in pool if name is not None))
        label = names[0] if len(pool) == 1 and names else None
        groups.append(
            ParticipationGroup(
                label=label,
                areas=names,
                asked=sum(s[1] for s in pool),
                answered=sum(s[2] for s in pool),
            )
        )
    named = sorted((g for g in groups if g.label is not None), key=lambda g: g.label or "")
    merged = [g for g in groups if g.label is None]
    return tuple(named + merged)


# -- cross-unit threads (the threads feature's table) --------------------------------------------


def thread_counts(
    *, session: Session, team_id: str, period: Period, area_id: int | None
) -> tuple[int, int] | None:
    """(threads opened in the month, replies in them); None while threads are not built."""
    thread, link = _model("CrossUnitThread"), _model("CrossUnitThreadItem")
    if thread is None or link is None:
        return None
    conditions = [thread.team_id == team_id, _between(thread.posted_at, period)]
    if area_id is not None:
        units = area_units(area_id)
        conditions.append(
            exists().where(
                link.thread_id == thread.id,
                ItemUnit.item_id == link.item_id,
                ItemUnit.unit_id.in_(units),
            )
        )
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(thread.reply_count), 0)).where(*conditions)
    ).one()
    return int(row[0]), int(row[1])


# -- the chart's data ----------------------------------------------------------------------------


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


# -- the export ----------------------------------------------------------------------------------


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


# -- exactly once: claims ------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A channel that gets a digest: the workspace's, or an area's own with its items only."""

    channel_id: str
    area_id: int | None
    area_name: str | None


def targets(*, session: Session, team_id: str) -> list[Target]:
    """The workspace's digest channel and each active area's own channel (each once)."""
    workspace = session.get(Workspace, team_id)
    found: list[Target] = []
    seen: set[str] = set()
    if workspace is not None and workspace.digest_channel:
        found.append(Target(workspace.digest_channel, None, None))
        seen.add(workspace.digest_channel)
    for area in session.scalars(
        select(Area)
        .where(Area.team_id == team_id, Area.active.is_(True), Area.digest_channel.is_not(None))
        .order_by(Area.name)
    ):
        if area.digest_channel and area.digest_channel not in seen:
            found.append(Target(area.digest_channel, area.id, area.name))
            seen.add(area.digest_channel)
    return found


def months_to_post(
    *, session: Session, team_id: str, channel_id: str, due: str, since: str | None
) -> list[str]:
    """The months this channel should get now, oldest first: the due month, and the months a
    stopped clock missed since the channel's first digest (at most MAX_CATCH_UP back); none
    before `since`, the workspace's first month with data (None: no data, no digest)."""
    if since is None or due < since:
        return []
    first = session.scalar(
        select(func.min(DigestClaim.month)).where(
            DigestClaim.team_id == team_id, DigestClaim.channel_id == channel_id
        )
    )
    if first is None:
        return [due]  # a new channel starts with the latest month, not with history
    window = [shift_month(due, offset) for offset in range(1 - MAX_CATCH_UP, 1)]
    return [month for month in window if month >= max(first, since)]


def claim(
    *,
    session: Session,
    team_id: str,
    channel_id: str,
    month: str,
    area_id: int | None,
    now: datetime,
) -> DigestClaim | None:
    """Claim the month's digest for the channel; None when it is already posted (or may be).

    The insert is the claim: a second clock's insert fails on the unique key. A digest Slack
    refused for certain (state failed) is re-claimed by a guarded update, so again one wins.
    """
    try:
        with session.begin_nested():
            row = DigestClaim(
                team_id=team_id,
                channel_id=channel_id,
                month=month,
                area_id=area_id,
                state=DigestState.CLAIMED.value,
                attempts=1,
                claimed_at=now,
            )
            session.add(row)
        return row
    except IntegrityError:
        pass
    existing = existing_claim(session=session, team_id=team_id, channel_id=channel_id, month=month)
    if existing is None or existing.state != DigestState.FAILED.value:
        return None
    if existing.attempts >= MAX_ATTEMPTS:
        return None
    result = session.execute(
        update(DigestClaim)
        .where(
            DigestClaim.id == existing.id,
            DigestClaim.state == DigestState.FAILED.value,
            DigestClaim.attempts == existing.attempts,
        )
        .values(
            state=DigestState.CLAIMED.value,
            attempts=existing.attempts + 1,
            claimed_at=now,
            error=None,
        )
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return None
    session.refresh(existing)
    return existing


def existing_claim(
    *, session: Session, team_id: str, channel_id: str, month: str
) -> DigestClaim | None:
    """The claim row for the channel and month, if any."""
    return session.scalar(
        select(DigestClaim).where(
            DigestClaim.team_id == team_id,
            DigestClaim.channel_id == channel_id,
            DigestClaim.month == month,
        )
    )


def record_sent(*, claim_row: DigestClaim, ts: str, now: datetime) -> None:
    """Slack posted it."""
    claim_row.state = DigestState.SENT.value
    claim_row.message_ts = ts
    claim_row.posted_at = now
    claim_row.error = None


def record_refused(*, claim_row: DigestClaim, error: str) -> None:
    """Slack refused it for certain: nothing was posted, so a later run may try again."""
    claim_row.state = DigestState.FAILED.value
    claim_row.error = error[:64]


def record_unknown(*, claim_row: DigestClaim, error: str) -> None:
    """No usable answer: it may have been posted, so it is never sent again."""
    claim_row.state = DigestState.UNKNOWN.value
    claim_row.error = error[:64]


def release(*, session: Session, claim_row: DigestClaim) -> None:
    """Give a claim back when nothing was sent (building the digest failed)."""
    session.delete(claim_row)
