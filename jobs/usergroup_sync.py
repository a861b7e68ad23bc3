"""Keeping Tværs in step with Slack: units synced from user groups, and channel health.

`usergroup-sync` reads each mapped unit's Slack user group and applies who joined and left
(see bot/services/usergroups.py). `channel-check` asks Slack whether the bot can still post in
every channel the organisation configured, so admins see a broken channel before a digest
fails. Both only read from Slack.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.services import admin as admin_service
from bot.services import usergroups
from bot.services.org import installed_workspaces
from bot.slack_reads import channel_problem, fetch_usergroups
from jobs.summary import Part, Summary, part

log = logging.getLogger(__name__)

# Members looked up with users.info per run; the rest wait for the next run (bounded work).
MAX_LOOKUPS = 200


def sync_usergroups(
    session: Session, client: WebClient, now: datetime, *, team_id: str | None = None
) -> str:
    """Apply every mapped user group's current members to its unit."""
    units = usergroups.mapped_units(session=session, team_id=team_id)
    if not units:
        return Summary("no units are mapped to a user group", [part("no_usergroups")])
    try:
        groups = fetch_usergroups(client)
    except SlackApiError as exc:
        error = str(exc.response.get("error"))
        return Summary(
            f"user groups not synced: usergroups.list answered {error}",
            [part("usergroups_unread", error=error)],
        )
    installed = {w.team_id for w in installed_workspaces(session=session, team_id=team_id)}
    by_team: dict[str, list[Any]] = defaultdict(list)
    for unit in units:
        if unit.team_id in installed:
            by_team[unit.team_id].append(unit)
    total = usergroups.SyncResult()
    failed: list[str] = []
    not_synced: list[Part] = []
    raced = 0
    for team_id, team_units in by_team.items():
        members: dict[int, list[str]] = {}
        for unit in team_units:
            group = groups.get(unit.usergroup_id or "")
            if group is None or group.get("date_delete"):
                # A deleted or disabled group says nothing about who is in the unit.
                failed.append(f"{unit.name} (group {unit.usergroup_id} is gone or disabled)")
                not_synced.append(part("unit_group_gone", unit=unit.name))
                continue
            try:
                answer = client.usergroups_users_list(usergroup=unit.usergroup_id)
            except SlackApiError as exc:
                error = str(exc.response.get("error"))
                failed.append(f"{unit.name} ({error})")
                not_synced.append(part("unit_not_synced", unit=unit.name, error=error))
                continue
            members[unit.id] = [str(user) for user in answer.get("users") or []]
        new = usergroups.unknown_members(session=session, team_id=team_id, members=members)
        profiles, ignored = _look_up(client, new)
        try:
            with session.begin_nested():
                result = usergroups.sync_workspace(
                    session=session,
                    team_id=team_id,
                    members=members,
                    profiles=profiles,
                    ignored=ignored,
                    now=now,
                )
        except IntegrityError:
            # A second clock syncing at the same moment: its insert of the same new member
            # committed first, so these very changes are already made.
            log.info("user groups of %s were synced by another clock just now", team_id)
            raced += 1
            continue
        total.units += result.units
        for name in ("joined", "created", "deactivated", "left", "conflicts"):
            getattr(total, name).extend(getattr(result, name))
    text = usergroups.summary(total, failed)
    parts = [
        part("units_synced", count=total.units),
        part("members_joined", count=len(total.joined), new=len(total.created)),
        part("members_left", count=len(total.left), deactivated=len(total.deactivated)),
    ]
    if total.conflicts:
        parts.append(part("members_in_two", count=len(total.conflicts)))
    parts.extend(not_synced)
    if raced:
        text += f"; {raced} workspace(s) synced by another clock at the same moment"
        parts.append(part("synced_elsewhere", count=raced))
    return Summary(text, parts)


def _look_up(
    client: WebClient, user_ids: set[str]
) -> tuple[dict[str, usergroups.Profile], set[str]]:
    """Names and time zones of new members; bots, deleted users and the overflow are ignored."""
    profiles: dict[str, usergroups.Profile] = {}
    ignored: set[str] = set()
    for index, user_id in enumerate(sorted(user_ids)):
        if index >= MAX_LOOKUPS:
            ignored.add(user_id)  # looked up on a later run
            continue
        try:
            user = client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            log.info("users.info for a user group member failed (%s)", exc.response.get("error"))
            ignored.add(user_id)
            continue
        if user.get("is_bot") or user.get("deleted") or user_id == "USLACKBOT":
            ignored.add(user_id)
            continue
        profile = user.get("profile") or {}
        name = user.get("real_name") or profile.get("real_name") or user.get("name")
        profiles[user_id] = usergroups.Profile(user_id, name or None, user.get("tz"))
    return profiles, ignored


def check_channels(
    session: Session, client: WebClient, now: datetime, *, team_id: str | None = None
) -> str:
    """Record, for every configured channel, whether the bot can post there."""
    checked, problems, unknown = 0, 0, 0
    for team in [w.team_id for w in installed_workspaces(session=session, team_id=team_id)]:
        channels = admin_service.configured_channels(session=session, team_id=team)
        for channel_id in channels:
            known, problem = channel_problem(client, channel_id)
            if not known:
                unknown += 1
                continue
            admin_service.record_channel_check(
                session, team_id=team, channel_id=channel_id, problem=problem, now=now
            )
            checked += 1
            problems += problem is not None
    text = f"checked {checked} channel(s); {problems} the bot cannot post in"
    parts = [part("channels_checked", count=checked), part("channels_broken", count=problems)]
    if unknown:
        text += f"; {unknown} could not be checked now"
        parts.append(part("channels_unknown", count=unknown))
    return Summary(text, parts)
