"""The cross-unit channel: joined when needed, and a problem with it reported once."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.services import threads as service
from jobs.cross_unit_threads.report import _Report

log = logging.getLogger(__name__)


def _channel_broken(
    session: Session,
    team_id: str,
    channel: str,
    problem: str,
    now: datetime,
    report: _Report,
    waiting: int,
) -> None:
    first = service.record_channel_problem(
        session=session, team_id=team_id, channel_id=channel, problem=problem, now=now
    )
    session.commit()
    if first:
        log.warning("the cross-unit channel %s cannot be used (%s)", channel, problem)
    report.problem(
        f"channel {channel} cannot be used ({problem}): {waiting} post(s) wait; "
        "reported to admins in App Home",
        "posts_wait",
        count=waiting,
        channel=channel,
        error=problem,
    )
