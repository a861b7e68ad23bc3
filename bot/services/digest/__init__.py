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

from bot.services.digest.build import (
    DEFAULT_THRESHOLD,
    LIST_LIMIT,
    build_digest,
    decided_in,
    threshold_of,
)
from bot.services.digest.chart import (
    CHART_MONTHS,
    MATRIX_UNITS,
    MIN_CHART_MONTHS,
    ChartData,
    GoalSeries,
    chart_data,
)
from bot.services.digest.claims import (
    MAX_ATTEMPTS,
    MAX_CATCH_UP,
    Target,
    any_posted,
    claim,
    existing_claim,
    months_to_post,
    release,
    targets,
)
from bot.services.digest.export import ExportRow, export_rows
from bot.services.digest.indicators import (
    CHART_PERIODS,
    EFFECT_LOOKBACK,
    STALE_KINDS,
    effect_section,
)
from bot.services.digest.items import PAIR_LIMIT, RESOLVED_LIMIT, items_summary, unit_pairs
from bot.services.digest.needs import NEEDS_DAYS, needs_directors
from bot.services.digest.parts import (
    Activity,
    DecidedLine,
    Digest,
    GoalEffect,
    IndicatorEffect,
    ItemsSummary,
    NeedsItem,
    ParticipationGroup,
    ReflectionSummary,
    ResolvedItem,
)
from bot.services.digest.period import (
    POST_HOUR,
    FutureMonth,
    Period,
    first_digest_at,
    first_month,
    latest_due_month,
    local_month,
    month_start,
    period_for,
    post_time,
    resolve_month,
)
from bot.services.digest.reflection import (
    QUOTE_LIMIT,
    merge_small_groups,
    reflection_summary,
    shareable_quotes,
)
from bot.services.digest.sql import area_units
from bot.services.digest.themes import THEME_KEYS, THEME_LIMIT, THEMES
from bot.services.digest.threads import thread_counts

__all__ = [
    "CHART_MONTHS",
    "CHART_PERIODS",
    "DEFAULT_THRESHOLD",
    "EFFECT_LOOKBACK",
    "LIST_LIMIT",
    "MATRIX_UNITS",
    "MAX_ATTEMPTS",
    "MAX_CATCH_UP",
    "MIN_CHART_MONTHS",
    "NEEDS_DAYS",
    "PAIR_LIMIT",
    "POST_HOUR",
    "QUOTE_LIMIT",
    "RESOLVED_LIMIT",
    "STALE_KINDS",
    "THEMES",
    "THEME_KEYS",
    "THEME_LIMIT",
    "Activity",
    "ChartData",
    "DecidedLine",
    "Digest",
    "ExportRow",
    "FutureMonth",
    "GoalEffect",
    "GoalSeries",
    "IndicatorEffect",
    "ItemsSummary",
    "NeedsItem",
    "ParticipationGroup",
    "Period",
    "ReflectionSummary",
    "ResolvedItem",
    "Target",
    "any_posted",
    "area_units",
    "build_digest",
    "chart_data",
    "claim",
    "decided_in",
    "effect_section",
    "existing_claim",
    "export_rows",
    "first_digest_at",
    "first_month",
    "items_summary",
    "latest_due_month",
    "local_month",
    "merge_small_groups",
    "month_start",
    "months_to_post",
    "needs_directors",
    "period_for",
    "post_time",
    "reflection_summary",
    "release",
    "resolve_month",
    "shareable_quotes",
    "targets",
    "thread_counts",
    "threshold_of",
    "unit_pairs",
]
