"""The effect section: each active goal's indicators with their values and how they moved."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import ComparisonValue, Goal, Indicator, IndicatorValue, StatbankSource
from bot.services.digest.parts import GoalEffect, IndicatorEffect
from bot.services.effect import shift_month
from bot.statbank import frequency

EFFECT_LOOKBACK = 24  # months searched for an indicator's latest value
CHART_PERIODS = 24  # periods of each indicator in the effect chart
# A source whose latest fetch failed this way is stale: its latest value is not current.
STALE_KINDS = frozenset(
    {"refused", "server", "timeout", "unreachable", "format", "changed", "config"}
)


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
