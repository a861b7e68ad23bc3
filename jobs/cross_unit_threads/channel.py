"""The cross-unit channel: joined when needed, and a problem with it reported once."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.services import threads as service
from jobs.cross_unit_threads.report import _Report

log = logging.getLogger(__name__)


# Slack errors that mean the channel itself cannot be used: reported once, not retried.
_CHANNEL_PROBLEMS = {
    "is_archived": "is_archived",
    "channel_not_found": "channel_not_found",
    "not_in_channel": "private",
    "method_not_supported_for_channel_type": "private",
}


def _ensure_channel(client: WebClient, channel: str) -> str | None:
    """Join the public channel if needed; a problem name when it cannot be used."""
    try:
        info = client.conversations_info(channel=channel).get("channel") or {}
    except SlackApiError as error:
        name = error.response.get("error")
        if name in _CHANNEL_PROBLEMS:
            return _CHANNEL_PROBLEMS[name]
        log.warning("could not look up the cross-unit channel (%s); trying to post", name)
        return None
    if info.get("is_archived"):
        return "is_archived"
    if info.get("is_member"):
        return None
    if info.get("is_private"):
        return "private"
    try:
        client.conversations_join(channel=channel)
    except SlackApiError as error:
        name = error.response.get("error")
        return _CHANNEL_PROBLEMS.get(str(name), str(name))
    return None


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
