"""Indicator sources: values fetched from Danmarks Statistik's Statistikbank by `effect-sync`.

An indicator's source is manual (App Home), csv (`import-effect`) or a Statistikbank table with
a selection of values for each of its variables (the municipality's `OMRÅDE` code and any
others; several values of one variable are summed), optionally divided by a second table's
selection for a share (x 100). A source is checked against `tableinfo` before it is saved.

The sync (bot.services.statbank_sync) fetches the periods not yet fetched (the first run
backfills the latest BACKFILL) and the latest REVISE again (Danmarks Statistik revises them; a
revision replaces the value), and stores each value under the month its period ends in: the
unique key (indicator, month) makes two clocks, a retry or a re-run store a value once. A value
typed in by hand is never overwritten: the sync keeps it and records the difference for the
admins. Every failure is recorded on the source (what went wrong, when it last worked); the
digest marks it stale.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.models import Goal, Indicator, StatbankSource
from bot.statbank import StatbankClient, StatbankError, TableInfo

BACKFILL = 24
# Danmarks Statistik revises its latest figures: each sync asks again for this many of the
# latest periods already stored, and a revised value replaces the one fetched before.
REVISE = 4
MANUAL_SOURCES = ("home", "import")
_EXAMPLES = 4


@dataclass(frozen=True)
class SourceSpec:
    """A Statistikbank source as an admin or the organisation file gives it."""

    table: str
    selection: dict[str, list[str]]
    denominator_table: str | None = None
    denominator_selection: dict[str, list[str]] | None = None
    # OMRÅDE codes to compare with: 000 is the whole country, the rest comparable municipalities.
    comparison: tuple[str, ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        """The table ids involved (the numerator's first)."""
        return (self.table,) + ((self.denominator_table,) if self.denominator_table else ())


def _examples(info: TableInfo, variable: str) -> str:
    found = info.variable(variable)
    values = found.values[:_EXAMPLES] if found else ()
    return ", ".join(f"{code} ({text})" for code, text in values)


def check_selection(info: TableInfo, selection: dict[str, list[str]]) -> None:
    """InputError (in plain Danish) when the selection does not fit the table's variables."""
    for variable, codes in selection.items():
        if variable.casefold() == "tid":
            raise InputError("statbank.err_time", field="selection", table=info.id)
        found = info.variable(variable)
        if found is None or found.time:
            known = ", ".join(v.id for v in info.variables if not v.time)
            raise InputError(
                "statbank.err_variable", field="selection", table=info.id, variable=variable,
                known=known,
            )  # fmt: skip
        for code in codes:
            if not found.has(code):
                if "-" in code or "." in code or " " in code:
                    raise InputError(
                        "statbank.err_range", field="selection", table=info.id,
                        variable=found.id, code=code, examples=_examples(info, found.id),
                    )  # fmt: skip
                raise InputError(
                    "statbank.err_code", field="selection", table=info.id, variable=found.id,
                    code=code, examples=_examples(info, found.id),
                )  # fmt: skip
    chosen = {v.casefold() for v in selection}
    for each in info.variables:
        if not each.time and each.id.casefold() not in chosen:
            raise InputError(
                "statbank.err_missing", field="selection", table=info.id, variable=each.id,
                examples=_examples(info, each.id),
            )  # fmt: skip


def table_info(client: StatbankClient, table: str, *, field: str = "table") -> TableInfo:
    """`tableinfo` for `table`; InputError on `field`, in plain Danish, when it cannot be had."""
    try:
        return client.tableinfo(table)
    except StatbankError as exc:
        if exc.kind == "refused":
            raise InputError("statbank.err_table", field=field, table=table) from None
        key = {"timeout": "statbank.err_timeout", "server": "statbank.err_server"}.get(
            exc.kind, "statbank.err_unreachable"
        )
        raise InputError(key, field=field) from None


def check(spec: SourceSpec, infos: list[TableInfo]) -> None:
    """InputError when the spec's selections do not fit the tables' `tableinfo`; its `part` says
    which: 0 the table, 1 the one divided by (they may be the same table)."""
    parts = [(infos[0], spec.selection)]
    if spec.denominator_table:
        parts.append((infos[1], spec.denominator_selection or {}))
    for part, (info, selection) in enumerate(parts):
        try:
            check_selection(info, selection)
        except InputError as error:
            raise InputError(error.key, **{**error.values, "part": part}) from None


def validate(spec: SourceSpec, *, client: StatbankClient) -> list[TableInfo]:
    """Check a source against `tableinfo`; InputError with a Danish message when it is wrong."""
    infos = [table_info(client, spec.table)]
    if spec.denominator_table:
        infos.append(table_info(client, spec.denominator_table, field="per"))
    check(spec, infos)
    return infos


def connect(
    *,
    session: Session,
    team_id: str,
    indicator_id: int,
    spec: SourceSpec,
    client: StatbankClient,
    infos: list[TableInfo] | None = None,
) -> StatbankSource:
    """Validate `spec` (against `infos` when the caller has just fetched them) and make it the
    indicator's source (replacing any earlier one)."""
    indicator = session.get(Indicator, indicator_id)
    if indicator is None or indicator.team_id != team_id:
        raise InputError("effect.err_indicator_gone", field="indicator")
    if infos is None:
        validate(spec, client=client)
    else:
        check(spec, infos)
    source = session.scalar(
        select(StatbankSource).where(StatbankSource.indicator_id == indicator_id)
    )
    if source is None:
        source = StatbankSource(team_id=team_id, indicator_id=indicator_id)
        session.add(source)
    source.table_id = spec.table.upper()
    source.selection = {k: list(v) for k, v in spec.selection.items()}
    source.denominator_table = spec.denominator_table.upper() if spec.denominator_table else None
    source.denominator_selection = (
        {k: list(v) for k, v in spec.denominator_selection.items()}
        if spec.denominator_table and spec.denominator_selection
        else None
    )
    source.comparison = list(spec.comparison) or None
    source.error_kind = source.error_detail = None
    session.flush()
    return source


def spec_of(source: StatbankSource) -> SourceSpec:
    """The stored source as a spec."""
    return SourceSpec(
        table=source.table_id,
        selection=dict(source.selection),
        denominator_table=source.denominator_table,
        denominator_selection=dict(source.denominator_selection or {}) or None,
        comparison=tuple(source.comparison or ()),
    )


def fetch_series(spec: SourceSpec, *, client: StatbankClient, periods: list[str] | None = None
) -> dict[str, float]:  # fmt: skip
    """{period: value}: the selection summed per period, as a share of the denominator's when
    there is one (periods the denominator lacks, or where it is 0, are left out)."""
    if not spec.denominator_table:
        return _total(client.series(spec.table, spec.selection, periods=periods))
    with ThreadPoolExecutor(max_workers=2) as pool:  # both asked at once
        top = pool.submit(client.series, spec.table, spec.selection, periods=periods)
        bottom = pool.submit(
            client.series, spec.denominator_table, spec.denominator_selection or {},
            periods=periods,
        )  # fmt: skip
        numerator, denominator = _total(top.result()), _total(bottom.result())
    return {
        period: round(value / denominator[period] * 100, 6)
        for period, value in numerator.items()
        if denominator.get(period)
    }


def _with_areas(selection: dict[str, list[str]], areas: tuple[str, ...]) -> dict[str, list[str]]:
    key = next((k for k in selection if k.casefold() == "område"), None)
    if key is None or not areas:
        return selection
    return {**selection, key: [*selection[key], *(a for a in areas if a not in selection[key])]}


def fetch_comparison(
    spec: SourceSpec, *, client: StatbankClient, periods: list[str] | None = None
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """({period: own value}, {area: {period: value}}): the municipality and each comparison
    area, from the same calls (the area's OMRÅDE code in place of the municipality's)."""
    own_areas = next((v for k, v in spec.selection.items() if k.casefold() == "område"), [])
    areas = tuple(a for a in spec.comparison if a not in own_areas)
    numerator = client.series(spec.table, _with_areas(spec.selection, areas), periods=periods)
    denominator = (
        client.series(
            spec.denominator_table,
            _with_areas(spec.denominator_selection or {}, areas),
            periods=periods,
        )
        if spec.denominator_table
        else None
    )

    def share(keys: list[str] | tuple[str, ...]) -> dict[str, float]:
        top = _total({k: numerator.get(k, {}) for k in keys})
        if denominator is None:
            return top
        bottom = _total({k: denominator.get(k, {}) for k in keys})
        return {p: round(v / bottom[p] * 100, 6) for p, v in top.items() if bottom.get(p)}

    own = share(own_areas) if own_areas else share(list(numerator))
    return own, {area: share([area]) for area in areas}


def _total(by_area: dict[str, dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for series in by_area.values():
        for period, value in series.items():
            total[period] = total.get(period, 0.0) + value
    return total


def sources(*, session: Session, team_id: str) -> list[StatbankSource]:
    """The workspace's sources of active indicators of active goals."""
    return list(
        session.scalars(
            select(StatbankSource)
            .join(Indicator, Indicator.id == StatbankSource.indicator_id)
            .join(Goal, Goal.id == Indicator.goal_id)
            .where(
                StatbankSource.team_id == team_id,
                Indicator.active.is_(True),
                Goal.active.is_(True),
            )
            .order_by(Goal.position, Goal.id, Indicator.id)
        )
    )


@dataclass(frozen=True)
class SourceStatus:
    """A source as the admins' status shows it."""

    indicator_id: int
    indicator: str
    tables: tuple[str, ...]
    latest_period: str | None
    error_kind: str | None
    error_detail: str | None
    last_success_at: datetime | None
    conflicts: tuple[tuple[str, float, float], ...]


def source_statuses(*, session: Session, team_id: str) -> list[SourceStatus]:
    """Every source of an active indicator, with how its last sync went."""
    found = []
    for source in sources(session=session, team_id=team_id):
        indicator = session.get(Indicator, source.indicator_id)
        found.append(
            SourceStatus(
                indicator_id=source.indicator_id,
                indicator=indicator.name if indicator else "",
                tables=spec_of(source).tables,
                latest_period=source.latest_period,
                error_kind=source.error_kind,
                error_detail=source.error_detail,
                last_success_at=source.last_success_at,
                conflicts=tuple(
                    (str(p), float(m), float(s)) for p, m, s in (source.conflicts or [])
                ),
            )
        )
    return found


def parse_codes(text: str) -> dict[str, list[str]]:
    """'OMRÅDE=461; ALDER=16..64' -> {'OMRÅDE': ['461'], 'ALDER': ['16', ..., '64']}."""
    found: dict[str, list[str]] = {}
    for part in (text or "").replace("\n", ";").split(";"):
        if not part.strip():
            continue
        variable, sep, codes = part.partition("=")
        if not sep or not variable.strip() or not codes.strip():
            raise InputError("statbank.err_codes", field="selection")
        values: list[str] = []
        for code in codes.split(","):
            code = code.strip()
            low, dots, high = code.partition("..")
            if dots and low.isdigit() and high.isdigit() and int(low) <= int(high):
                values.extend(str(n) for n in range(int(low), int(high) + 1))
            elif code:
                values.append(code)
        found[variable.strip().upper()] = values
    if not found:
        raise InputError("statbank.err_codes", field="selection")
    return found


def preview(
    spec: SourceSpec, *, client: StatbankClient, count: int = 4, info: TableInfo | None = None
) -> dict[str, float]:
    """The latest `count` values of a source, as the sync would store them (`info` is the
    numerator's `tableinfo` when the caller has it)."""
    info = info or client.tableinfo(spec.table)
    periods = [code for code, _ in info.time.values][-count:] if info.time else []
    return fetch_series(spec, client=client, periods=periods) if periods else {}


def source_of(*, session: Session, indicator_id: int) -> StatbankSource | None:
    """The indicator's Statistikbank source, if it has one."""
    return session.scalar(select(StatbankSource).where(StatbankSource.indicator_id == indicator_id))


def area_codes(*, session: Session, team_id: str) -> list[str]:
    """The OMRÅDE codes the workspace's sources use, the most used first: a new source starts
    with the municipality the others already name."""
    counts: dict[str, int] = {}
    for source in sources(session=session, team_id=team_id):
        for variable, codes in source.selection.items():
            if variable.casefold() == "område":
                for code in codes:
                    counts[code] = counts.get(code, 0) + 1
    return sorted(counts, key=lambda code: -counts[code])
