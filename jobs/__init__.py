"""Scheduled work. Each job is a plain function (session, client, now) -> one-line summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from jobs import maintenance

Job = Callable[[Session, WebClient, datetime], str]

# name -> (function, APScheduler trigger arguments for the clock)
JOBS: dict[str, tuple[Job, dict[str, object]]] = {
    "prune-events": (maintenance.prune_events, {"trigger": "interval", "hours": 1}),
}
