"""The cross-unit channel: a problem with it is recorded once, and shown to admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import CrossUnitChannelProblem, Workspace


def channel_problem(
    *, session: Session, team_id: str, channel_id: str
) -> CrossUnitChannelProblem | None:
    """The recorded problem with this channel, if any."""
    return session.scalar(
        select(CrossUnitChannelProblem).where(
            CrossUnitChannelProblem.team_id == team_id,
            CrossUnitChannelProblem.channel_id == channel_id,
        )
    )


def record_channel_problem(
    *, session: Session, team_id: str, channel_id: str, problem: str, now: datetime
) -> bool:
    """Remember that the channel cannot be used; True the first time (the one report)."""
    if channel_problem(session=session, team_id=team_id, channel_id=channel_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                CrossUnitChannelProblem(
                    team_id=team_id, channel_id=channel_id, problem=problem[:40], noticed_at=now
                )
            )
            session.flush()
    except IntegrityError:
        return False
    return True


def clear_channel_problems(*, session: Session, team_id: str) -> int:
    """Forget every recorded channel problem, so the next run tries again."""
    result = session.execute(
        delete(CrossUnitChannelProblem).where(CrossUnitChannelProblem.team_id == team_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class ChannelNotice:
    """What admins see in App Home about the cross-unit channel."""

    channel_id: str | None
    problem: str | None


def admin_notice(*, session: Session, team_id: str) -> ChannelNotice | None:
    """None when threads can be posted; otherwise why not: a channel's problem, or no channel."""
    problem = session.scalar(
        select(CrossUnitChannelProblem)
        .where(CrossUnitChannelProblem.team_id == team_id)
        .order_by(CrossUnitChannelProblem.noticed_at.desc(), CrossUnitChannelProblem.id.desc())
        .limit(1)
    )
    if problem is not None:
        return ChannelNotice(problem.channel_id, problem.problem)
    workspace = session.get(Workspace, team_id)
    if workspace is None or workspace.cross_unit_channel is None:
        return ChannelNotice(None, None)
    return None
