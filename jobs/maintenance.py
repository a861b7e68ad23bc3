"""Housekeeping jobs."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.models import ProcessedEvent
from jobs.summary import Summary, part

DEDUP_HOURS = 24


def prune_events(session: Session, client: WebClient, now: datetime) -> str:
    """Forget handled event ids older than a day; Slack stops retrying after about an hour."""
    cutoff = now - timedelta(hours=DEDUP_HOURS)
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.seen_at < cutoff))
    count = getattr(result, "rowcount", 0) or 0
    return Summary(
        f"pruned {count} handled event ids older than {cutoff:%Y-%m-%d %H:%M} UTC",
        [part("pruned_events", count=count, hours=DEDUP_HOURS)],
    )
