"""The weekly run and the daily pass: each workspace in turn, on its working days only."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings, load_settings, parse_weekly
from bot.directors import reachability
from bot.services import threads as service
from bot.services.calendar import calendar_for
from bot.services.org import installed_workspaces
from bot.services.schedule import local_moment, monday_of, parse_hhmm, period_of, zone_or_default
from jobs.cross_unit_threads.escalations import _decision_reminders, _owed_directors
from jobs.cross_unit_threads.follow_ups import _follow_ups
from jobs.cross_unit_threads.opening import _open_and_grow
from jobs.cross_unit_threads.pairing import _pairing
from jobs.cross_unit_threads.report import _Report
from jobs.summary import NeedsAttention, Summary, joined, part


def _settings() -> Settings:
    return load_settings(require_slack=False)


_CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _last_weekly(schedule: str, now: datetime, zone: ZoneInfo) -> datetime:
    """The latest moment at or before `now` that CROSS_UNIT_SCHEDULE names (local time)."""
    day, hour, minute = parse_weekly(schedule)
    today = now.astimezone(zone).date()
    start = monday_of(today) + timedelta(days=_CRON_DAYS.index(day))
    moment = local_moment(start, parse_hhmm(f"{hour:02d}:{minute:02d}"), zone)
    return moment if moment <= now else moment - timedelta(weeks=1)


def weekly_trigger(settings: Settings) -> dict[str, object]:
    """APScheduler cron arguments from CROSS_UNIT_SCHEDULE (default Monday 08:00)."""
    day, hour, minute = parse_weekly(settings.cross_unit_schedule)
    return {"trigger": "cron", "day_of_week": day, "hour": hour, "minute": minute}


def run(
    session: Session,
    client: WebClient,
    now: datetime,
    *,
    settings: Settings | None = None,
    team_id: str | None = None,
) -> str:
    """The weekly run: new threads, grown threads, due follow-ups, and the month's pairs."""
    return _each_workspace(session, client, now, settings or _settings(), team_id, weekly=True)


def follow_up(
    session: Session,
    client: WebClient,
    now: datetime,
    *,
    settings: Settings | None = None,
    team_id: str | None = None,
) -> str:
    """The daily pass: follow-ups that fell due, and director DMs still owed."""
    return _each_workspace(session, client, now, settings or _settings(), team_id, weekly=False)


def _each_workspace(
    session: Session,
    client: WebClient,
    now: datetime,
    settings: Settings,
    team_id: str | None,
    *,
    weekly: bool,
) -> str:
    options = service.ThreadOptions.from_settings(settings)
    workspaces = installed_workspaces(session=session, team_id=team_id)
    session.commit()
    lines: list[str] = []
    trouble = False
    for workspace in workspaces:
        lang = workspace.language or settings.language
        report = _Report(name=workspace.name or workspace.team_id)
        reachable = reachability(client)
        team = workspace.team_id
        zone = zone_or_default(workspace.timezone, settings.timezone)
        today = now.astimezone(zone).date()
        calendar = calendar_for(session=session, team_id=team)
        closed = calendar.closed_because(today)
        session.commit()
        if closed is not None:
            moved = calendar.next_working_day(today)
            lines.append(
                Summary(
                    f"{report.name}: {today} is not a working day ({closed}); nothing posted, "
                    f"people are written to on {moved}",
                    [
                        part(
                            "closed_day",
                            day=today.isoformat(),
                            reason=closed,
                            moved_day=moved.isoformat(),
                        )
                    ],
                )
            )
            continue
        # The week's run is done once: by the weekly trigger, or (when its day was closed or the
        # clock was down) by the first daily pass on a working day after it.
        week = period_of(_last_weekly(settings.cross_unit_schedule, now, zone).date())
        claimed = service.claim_period(
            session=session, team_id=team, kind="weekly", period=week, now=now
        )
        session.commit()
        weekly_part = weekly or claimed
        if weekly_part and not weekly:
            report.note(
                f"the weekly run of {week} was done now (its day was closed)",
                "weekly_run_late",
                week=week,
            )
        if weekly_part:
            _open_and_grow(session, client, workspace, now, options, lang, reachable, report)
        _follow_ups(session, client, team, now, options, lang, reachable, report)
        _owed_directors(session, client, team, now, lang, reachable, report)
        _decision_reminders(session, client, team, now, today, options, lang, reachable, report)
        if weekly_part and options.pairing:
            _pairing(session, client, team, now, options, lang, reachable, report)
        lines.append(report.line(weekly=weekly_part))
        trouble = trouble or report.trouble
    if not lines:
        return Summary("no workspace has Tværs yet", [part("no_workspace")])
    summary = joined(lines)
    return NeedsAttention(summary) if trouble else summary
