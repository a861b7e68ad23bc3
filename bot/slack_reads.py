"""Reads of Slack that handlers and jobs share: a channel the bot should post in, and the
workspace's user groups. Only reads; a failure to read is said, never guessed at.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

# Answers that say something about the channel itself; anything else is a passing failure.
CHANNEL_PROBLEMS = {"channel_not_found", "missing_scope", "not_authed", "invalid_auth"}


def fetch_usergroups(client: WebClient) -> dict[str, dict[str, Any]]:
    """The workspace's user groups by id, disabled ones included (raises SlackApiError)."""
    answer = client.usergroups_list(include_disabled=True, include_count=False)
    return {group["id"]: group for group in answer.get("usergroups") or []}


def channel_problem(client: WebClient, channel_id: str) -> tuple[bool, str | None]:
    """(known, problem): whether Slack answered, and why the bot cannot post there (or None)."""
    try:
        channel = client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "")
        if error in CHANNEL_PROBLEMS:
            return True, error
        log.info("conversations.info failed (%s); the channel is checked again later", error)
        return False, None
    if channel.get("is_archived"):
        return True, "is_archived"
    if not channel.get("is_member"):
        return True, "not_in_channel"
    return True, None
