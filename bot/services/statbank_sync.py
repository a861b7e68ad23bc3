"""effect-sync's work on one Statistikbank source: fetch the periods not yet stored (and the
latest again, for revisions), store each once, keep values typed in by hand, record how it went.

See bot.services.effect_sources for the sources themselves (what a source is, how it is checked
against `tableinfo`, and how its series are fetched).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.errors import InputError
from bot.models import ComparisonValue, IndicatorValue, StatbankSource
from bot.services.effect_sources import (
    BACKFILL,
    MANUAL_SOURCES,
    REVISE,
    SourceSpec,
    check_selection,
    fetch_comparison,
    fetch_series,
    spec_of,
)
from bot.statbank import StatbankClient, StatbankError, TableInfo, period_month
from bot.texts import t


@dataclass
class SyncResult:
    """What one source's sync did."""

    indicator_id: int
    table: str
    new: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    error: str | None = None

    def line(self) -> str:
        """One line for the job's summary (no user text: table ids and periods only)."""
        head = f"indicator {self.indicator_id} ({self.table})"
        if self.error:
            return f"{head}: failed ({self.error})"
        text = f"{head}: {len(self.new)} new" + (f", up to {self.new[-1]}" if self.new else "")
        if self.revised:
            text += f"; {len(self.revised)} revised"
        if self.conflicts:
            text += f"; kept {len(self.conflicts)} value(s) typed in by hand"
        return text


def _mismatch(infos: list[TableInfo], spec: SourceSpec) -> str | None:
    """What in the source no longer fits its tables, in plain Danish, or None."""
    pairs = [(infos[0], spec.selection)]
    if spec.denominator_table and len(infos) > 1:
        pairs.append((infos[1], spec.denominator_selection or {}))
    for info, selection in pairs:
        try:
            check_selection(info, selection)
        except InputError as exc:
            return t(exc.key, "da", **exc.values)
    return None


def sync_source(
    *,
    session: Session,
    source: StatbankSource,
    client: StatbankClient,
    now: datetime,
    backfill: int = BACKFILL,
) -> SyncResult:
    """Fetch the periods not yet fetched (and the latest again, for revisions) and store each
    once; record how it went."""
    spec = spec_of(source)
    result = SyncResult(indicator_id=source.indicator_id, table=source.table_id)
    fetched = {
        month: period
        for month, period in session.execute(
            select(IndicatorValue.month, IndicatorValue.period).where(
                IndicatorValue.indicator_id == source.indicator_id
            )
        )
    }
    # Nothing is held while Danmarks Statistik answers.
    session.commit()
    warning: tuple[str, str] | None = None
    try:
        infos = [client.tableinfo(t) for t in spec.tables]
        problem = _mismatch(infos, spec)
        if problem:
            # Never worked: the configuration is wrong; worked before: the table changed.
            raise StatbankError("changed" if source.last_success_at else "config", problem)
        time = infos[0].time
        available = [code for code, _ in time.values] if time else []
        if spec.denominator_table and len(infos) > 1 and infos[1].time:
            theirs = {code for code, _ in infos[1].time.values}
            available = [p for p in available if p in theirs]
        wanted = available[-backfill:]
        gone = [p for p in fetched.values() if p and p not in available]
        if gone:
            warning = ("period_gone", sorted(gone)[-1])
        missing = [p for p in wanted if fetched.get(period_month(p)) is None]
        stored = [p for p in wanted if fetched.get(period_month(p)) == p]
        asked = sorted({*missing, *stored[-REVISE:]}, key=wanted.index)
        others: dict[str, dict[str, float]] = {}
        if asked and spec.comparison:
            values, others = fetch_comparison(spec, client=client, periods=asked)
        else:
            values = fetch_series(spec, client=client, periods=asked) if asked else {}
    except StatbankError as exc:
        source.last_attempt_at = now
        source.error_kind = exc.kind
        source.error_detail = (exc.detail or "")[:300] or None
        result.error = exc.kind
        return result
    conflicts = {str(c[0]): c for c in source.conflicts or []}
    for period in asked:
        if period not in values:
            continue  # not published for this selection (".."): asked again next time
        outcome = _store(session, source, period, values[period], now)
        if outcome == "new":
            result.new.append(period)
        elif outcome == "revised":
            result.revised.append(period)
        elif isinstance(outcome, float):
            known = conflicts.get(period)
            if known is None or abs(float(known[2]) - values[period]) > 1e-9:
                result.conflicts.append(period)  # said once, and again if revised
            conflicts[period] = [period, outcome, values[period]]
    for area, series in others.items():
        for period, value in series.items():
            _store_comparison(session, source, area, period, value)
    source.last_attempt_at = now
    source.last_success_at = now
    source.latest_period = wanted[-1] if wanted else source.latest_period
    source.error_kind, source.error_detail = warning if warning else (None, None)
    source.conflicts = sorted(conflicts.values()) or None
    return result


def _store_comparison(
    session: Session, source: StatbankSource, area: str, period: str, value: float
) -> None:
    """Store another area's value once (a second clock's stands), or its revision."""
    month = period_month(period)
    found = session.scalar(
        select(ComparisonValue).where(
            ComparisonValue.indicator_id == source.indicator_id,
            ComparisonValue.area == area,
            ComparisonValue.month == month,
        )
    )
    if found is not None:
        if found.period == period and abs(found.value - value) > 1e-9:
            found.value = value
        return
    try:
        with session.begin_nested():
            session.add(
                ComparisonValue(
                    team_id=source.team_id,
                    indicator_id=source.indicator_id,
                    area=area,
                    month=month,
                    period=period,
                    value=value,
                )
            )
    except IntegrityError:
        pass  # another clock stored it at the same moment


def _store(
    session: Session, source: StatbankSource, period: str, value: float, now: datetime
) -> str | float:
    """'new', 'revised' (Danmarks Statistik changed a value it gave before), 'same', or the
    manual value kept instead of Danmarks Statistik's."""
    month = period_month(period)

    def existing() -> IndicatorValue | None:
        return session.scalar(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == source.indicator_id, IndicatorValue.month == month
            )
        )

    row = existing()
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    IndicatorValue(
                        team_id=source.team_id,
                        indicator_id=source.indicator_id,
                        month=month,
                        value=value,
                        source="statbank",
                        period=period,
                        recorded_by=None,
                        recorded_at=now,
                    )
                )
            return "new"
        except IntegrityError:
            # Another clock stored it at the same moment: theirs stands.
            row = existing()
            if row is None:
                raise
    row.period = period  # fetched: asked again only while it is among the latest
    if abs(row.value - value) <= 1e-9:
        return "same"
    if row.source in MANUAL_SOURCES:
        return row.value
    if row.source == "statbank":
        row.value, row.recorded_at = value, now
        return "revised"
    return "same"
