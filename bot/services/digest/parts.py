"""The digest's parts: plain dataclasses the views and the chart read (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.models import utcnow
from bot.services.digest.period import Period


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
