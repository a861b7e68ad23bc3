"""The clock: APScheduler running each job in its own database session."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from slack_sdk import WebClient

from bot.db import session_scope
from bot.models import utcnow
from jobs import JOBS

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)


def run_job(name: str, runtime: Runtime, client: WebClient, now=None) -> str:  # type: ignore[no-untyped-def]
    """Run one job now (or as if at `now`) in its own transaction and return its summary."""
    job, _trigger = JOBS[name]
    with session_scope(runtime.session_factory) as session:
        summary = job(session, client, now or utcnow())
    log.info("job %s: %s", name, summary)
    return summary


def build_scheduler(
    runtime: Runtime, client: WebClient, *, blocking: bool = False
) -> BackgroundScheduler | BlockingScheduler:
    """A scheduler with every job registered; correctness never relies on there being one."""
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(timezone=runtime.settings.timezone)
    for name, (_job, trigger) in JOBS.items():
        scheduler.add_job(
            _safe_run,
            args=(name, runtime, client),
            id=name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=300,
            **trigger,
        )
    return scheduler


def _safe_run(name: str, runtime: Runtime, client: WebClient) -> None:
    try:
        run_job(name, runtime, client)
    except Exception:  # a failed run is logged and retried at the next tick, not fatal
        log.exception("job %s failed; it runs again at its next tick", name)
