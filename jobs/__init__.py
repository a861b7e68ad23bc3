"""Scheduled work. Each job is a plain function (session, client, now) -> one-line summary.

Most jobs work for one workspace at a time: the clock calls them with `team_id=` and a client
carrying that workspace's token, so a workspace whose token is revoked or whose channel is gone
fails alone. HOUSEKEEPING jobs touch no Slack workspace and run once for all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.config import Settings
from jobs import (
    cross_unit_threads,
    effect_sync,
    follow_notices,
    maintenance,
    monthly_digest,
    retention,
    usergroup_sync,
    weekly_prompts,
)

# (session, client, now, *, team_id=None) -> summary; housekeeping jobs take no team_id.
Job = Callable[..., str]
# APScheduler trigger arguments, or a function of the clock's settings giving them (read when
# the clock starts: importing jobs reads no setting and no .env).
Trigger = dict[str, object] | Callable[[Settings], dict[str, object]]

# name -> (function, trigger for the clock)
JOBS: dict[str, tuple[Job, Trigger]] = {
    "prune-events": (maintenance.prune_events, {"trigger": "interval", "hours": 1}),
    # A tick: whoever is due gets this week's reflection (claimed first), then due reminders.
    "weekly-prompts": (
        weekly_prompts.send_weekly_prompts,
        {"trigger": "interval", "minutes": 5},
    ),
    "usergroup-sync": (usergroup_sync.sync_usergroups, {"trigger": "interval", "hours": 1}),
    "channel-check": (usergroup_sync.check_channels, {"trigger": "interval", "hours": 6}),
    # Weekly at CROSS_UNIT_SCHEDULE (default Monday 08:00); follow-ups also fall due daily.
    "cross-unit-threads": (cross_unit_threads.run, cross_unit_threads.weekly_trigger),
    "cross-unit-follow-up": (
        cross_unit_threads.follow_up,
        {"trigger": "cron", "hour": 8, "minute": 30},
    ),
    # Followers of an item hear within minutes that it moved (claimed first, never doubled).
    "follow-notices": (follow_notices.send_follow_notices, {"trigger": "interval", "minutes": 10}),
    # Hourly; posts on the 1st from 08:00 local time (claimed first), and catches up missed runs.
    "monthly-digest": (monthly_digest.post_monthly_digests, monthly_digest.TRIGGER),
    # Daily, after Danmarks Statistik publishes: new values of indicators fed from Statistikbanken.
    "effect-sync": (effect_sync.sync_effect, effect_sync.TRIGGER),
    # Daily: free text older than RETENTION_MONTHS goes; uninstalled workspaces past their
    # grace period are deleted.
    "retention": (retention.retention, {"trigger": "cron", "hour": 3, "minute": 15}),
}


def trigger_of(name: str, settings: Settings) -> dict[str, object]:
    """The APScheduler trigger arguments of a job, for these settings."""
    trigger = JOBS[name][1]
    return trigger(settings) if callable(trigger) else dict(trigger)


# Run once for every workspace together: they call no Slack API.
HOUSEKEEPING = frozenset({"prune-events", "retention"})
