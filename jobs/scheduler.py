"""The clock: APScheduler running each job in its own database session."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.db import session_scope
from bot.models import utcnow
from bot.services.admin import record_job_end, record_job_start
from bot.services.deliveries import TokenRefused
from bot.services.org import installed_workspaces
from jobs import HOUSEKEEPING, JOBS, trigger_of
from jobs.summary import NeedsAttention, Summary, part, parts_of

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


class JobFailed(RuntimeError):
    """A job failed in one or more workspaces (the others ran); the message names them."""


def run_job(  # type: ignore[no-untyped-def]
    name: str, runtime: Runtime, client: WebClient, now=None, *, team_id: str | None = None
) -> str:
    """Run one job now (or as if at `now`) and return its summary.

    A workspace job runs for each installed workspace (or just `team_id`) in its own
    transaction, with that workspace's client; a failure is recorded for that workspace's
    admins and the rest still run, then JobFailed says which failed.
    """
    job, _trigger = JOBS[name]
    now = now or utcnow()
    if name in HOUSEKEEPING:
        return _run_once(name, runtime, None, lambda session: job(session, client, now))
    teams = [team_id] if team_id else _installed(runtime)
    if not teams:
        return "no workspace has Tværs installed"
    lines, failed = [], []
    for team in teams:
        summary = _run_for(name, runtime, client, now, team)
        if summary is None:
            failed.append(team)
        else:
            lines.append(summary if len(teams) == 1 else f"{team}: {summary}")
    if failed:
        raise JobFailed(f"job {name} failed in workspace(s) {', '.join(failed)}")
    return "\n".join(lines)


def _installed(runtime: Runtime) -> list[str]:
    with session_scope(runtime.session_factory) as session:
        return [w.team_id for w in installed_workspaces(session=session)]


def _run_for(
    name: str, runtime: Runtime, client: WebClient, now: datetime, team: str
) -> str | None:
    """One workspace's run; None when it failed (recorded, logged, not raised)."""
    job, _trigger = JOBS[name]
    try:
        # Looked up before the job's transaction: on SQLite, one transaction at a time.
        team_client = runtime.client_for(team, client)
    except Exception as exc:  # e.g. TOKEN_ENCRYPTION_KEY lacks the key the token was stored with
        log.error("job %s: no usable token for workspace %s (%s)", name, team, exc)
        _record_failure(
            runtime,
            name,
            team,
            Summary(f"failed: the stored token is unreadable ({exc})", [part("token_unreadable")]),
        )
        return None
    if team_client is None:
        log.warning("job %s: no Slack token for workspace %s; skipped", name, team)
        if runtime.installations is not None:
            reason = Summary("failed: no stored token (reinstall Tværs)", [part("no_token")])
        else:
            reason = Summary(
                "failed: SLACK_BOT_TOKEN belongs to another workspace", [part("foreign_token")]
            )
        _record_failure(runtime, name, team, reason)
        return None
    if runtime.installations is not None and (refused := _token_refused(team_client)):
        # A stored token Slack no longer takes (revoked, workspace gone): say so once per run
        # instead of failing every call the job would make.
        log.warning("job %s: Slack refused the token of workspace %s (%s)", name, team, refused)
        _record_failure(
            runtime,
            name,
            team,
            Summary(
                f"failed: Slack refused the stored token ({refused}); reinstall",
                [part("token_refused", error=refused)],
            ),
        )
        return None
    try:
        return _run_once(
            name, runtime, team, lambda session: job(session, team_client, now, team_id=team)
        )
    except TokenRefused as exc:
        # Recorded for the admins by _run_once; no traceback, it is not a bug.
        log.warning("job %s stopped in workspace %s: %s", name, team, exc)
        return None
    except Exception:
        log.exception("job %s failed in workspace %s; it runs again at its next tick", name, team)
        return None


def _token_refused(client: WebClient) -> str | None:
    """Slack's error when it refuses the client's token, else None (unreachable counts as
    usable: the job's own calls retry and report)."""
    try:
        client.auth_test()
    except SlackApiError as exc:
        error = str(exc.response.get("error"))
        return error if error in _TOKEN_ERRORS else None
    except OSError:
        return None
    return None


_TOKEN_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
    | {"team_disabled", "org_login_required", "ekm_access_denied"}
)


def _run_once(name: str, runtime: Runtime, team: str | None, work: Callable[[Session], str]) -> str:
    """Run `work` in its own transaction, recorded as a job run (for `team`, or for all)."""
    run_id = _record_start(runtime, name, team)
    try:
        with session_scope(runtime.session_factory) as session:
            summary = work(session)
    except Exception as exc:
        # What Slack refused, or only the type: an exception's message may quote data.
        _record_end(runtime, run_id, ok=False, summary=_reason(exc))
        raise
    # A run that finished but could not do part of its work shows as failed to the admins.
    _record_end(runtime, run_id, ok=not isinstance(summary, NeedsAttention), summary=summary)
    log.info("job %s%s: %s", name, f" in {team}" if team else "", summary)
    return summary


def _reason(exc: Exception) -> Summary:
    if isinstance(exc, TokenRefused):
        return Summary(f"failed: {exc}", [part("token_refused", error=exc.error)])
    if isinstance(exc, SlackApiError):
        error = str(exc.response.get("error"))
        return Summary(f"failed: Slack answered {error}", [part("slack_error", error=error)])
    name = type(exc).__name__
    return Summary(f"failed: {name}", [part("crashed", error=name)])


def _record_failure(runtime: Runtime, name: str, team: str, summary: str) -> None:
    _record_end(runtime, _record_start(runtime, name, team), ok=False, summary=summary)


def _record_start(runtime: Runtime, name: str, team: str | None) -> int | None:
    """Note the run for the admins' status (in its own transaction, so a failed job shows)."""
    try:
        with session_scope(runtime.session_factory) as session:
            return record_job_start(session, name=name, team_id=team)
    except SQLAlchemyError:  # the status is a convenience: the job itself still runs
        log.warning("could not record the start of job %s", name)
        return None


def _record_end(runtime: Runtime, run_id: int | None, *, ok: bool, summary: str) -> None:
    if run_id is None:
        return
    try:
        with session_scope(runtime.session_factory) as session:
            record_job_end(
                session, run_id=run_id, ok=ok, summary=summary, details=parts_of(summary)
            )
    except SQLAlchemyError:
        log.warning("could not record the end of a job run")


def build_scheduler(
    runtime: Runtime, client: WebClient, *, blocking: bool = False
) -> BackgroundScheduler | BlockingScheduler:
    """A scheduler with every job registered; correctness never relies on there being one."""
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(timezone=runtime.settings.timezone)
    for name in JOBS:
        scheduler.add_job(
            _safe_run,
            args=(name, runtime, client),
            id=name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=300,
            **trigger_of(name, runtime.settings),
        )
    # One weekly-prompts tick as soon as the scheduler starts (a date trigger without a date is
    # "now" to APScheduler): a process started, or restarted, when prompts are due sends them at
    # once instead of at its first 5-minute tick. Every prompt is claimed first, so a tick more
    # does no harm.
    scheduler.add_job(
        _safe_run,
        args=("weekly-prompts", runtime, client),
        id="weekly-prompts-at-start",
        trigger="date",
        misfire_grace_time=300,
    )
    return scheduler


def _safe_run(name: str, runtime: Runtime, client: WebClient) -> None:
    try:
        run_job(name, runtime, client)
    except JobFailed as exc:  # each workspace's failure is already logged with its traceback
        log.warning("%s", exc)
    except Exception:  # a failed run is logged and retried at the next tick, not fatal
        log.exception("job %s failed; it runs again at its next tick", name)
