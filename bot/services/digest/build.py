"""Building one month's digest from its sections."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.models import Area, Workspace
from bot.services.decisions import decided_between
from bot.services.digest.indicators import effect_section
from bot.services.digest.items import items_summary
from bot.services.digest.needs import needs_directors
from bot.services.digest.parts import Activity, DecidedLine, Digest
from bot.services.digest.period import Period
from bot.services.digest.reflection import reflection_summary
from bot.services.digest.threads import thread_counts

LIST_LIMIT = 8  # items listed under "Kræver direktionen"; the rest are in the export
DEFAULT_THRESHOLD = 5  # used when the workspace has no anonymity threshold of its own


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
