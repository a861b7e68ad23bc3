"""Small Block Kit pieces every view builder uses."""

from __future__ import annotations

from typing import Any

from bot.ids import input_action
from bot.slack_text import truncate


def plain(text: str, limit: int = 150) -> dict[str, Any]:
    """A plain_text object cut to `limit` characters (Slack refuses longer ones)."""
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def option(label: str, value: str) -> dict[str, Any]:
    """A select / radio / checkbox option; Slack allows 75 characters of label."""
    return {"text": plain(label, 75), "value": value}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    """A button with a value (and "primary" / "danger" style when given)."""
    block: dict[str, Any] = {
        "type": "button",
        "text": plain(text, 75),
        "action_id": action_id,
        "value": value,
    }
    if style:
        block["style"] = style
    return block


def input_block(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
) -> dict[str, Any]:
    """An input block holding one element, whose action_id is derived from the block id."""
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "optional": optional,
        "element": {**element, "action_id": input_action(block_id)},
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block
