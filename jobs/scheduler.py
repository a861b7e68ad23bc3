"""The clock: APScheduler running each job in its own database session."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.db import session_scope
from bot.models import utcnow
from bot.services.admin import record_job_end, record_job_start
from jobs import JOBS

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)


def run_job(name: str, runtime: Runtime, client: WebClient, now=None) -> str:  # type: ignore[no-untyped-def]
    """Run one job now (or as if at `now`) in its own transaction and return its summary."""
    job, _trigger = JOBS[name]
    run_id = _record_start(runtime, name)
    try:
        with session_scope(runtime.session_factory) as session:
            summary = job(session, client, now or utcnow())
    except Exception as exc:
        # Only the type: an exception's message may quote data. The caller logs the traceback.
        _record_end(runtime, run_id, ok=False, summary=f"failed: {type(exc).__name__}")
        raise
    _record_end(runtime, run_id, ok=True, summary=summary)
    log.info("job %s: %s", name, summary)
    return summary


def _record_start(runtime: Runtime, name: str) -> int | None:
    """Note the run for the admins' status (in its own transaction, so a failed job shows)."""
    try:
        with session_scope(runtime.session_factory) as session:
            return record_job_start(session, name=name)
    except SQLAlchemyError:  # the status is a convenience: the job itself still runs
        log.warning("could not record the start of job %s", name)
        return None


def _record_end(runtime: Runtime, run_id: int | None, *, ok: bool, summary: str) -> None:
    if run_id is None:
        return
    try:
        with session_scope(runtime.session_factory) as session:
            record_job_end(session, run_id=run_id, ok=ok, summary=summary)
    except SQLAlchemyError:
        log.warning("could not record the end of a job run")


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
