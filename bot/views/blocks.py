"""Small Block Kit pieces every view builder uses."""

from __future__ import annotations

from typing import Any

from bot.slack_text import truncate


def plain(text: str, limit: int = 150) -> dict[str, Any]:
    """A plain_text object cut to `limit` characters (Slack refuses longer ones)."""
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def option(label: str, value: str) -> dict[str, Any]:
    """A select / radio / checkbox option; Slack allows 75 characters of label."""
    return {"text": plain(label, 75), "value": value}
