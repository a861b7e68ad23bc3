"""Small Block Kit pieces every view builder uses."""

from __future__ import annotations

import json
from typing import Any

from bot.ids import input_action
from bot.slack_text import truncate
from bot.texts import t


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


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object, verbatim (no auto-linking), cut to Slack's 3,000 characters."""
    return {"type": "mrkdwn", "text": text[:3000], "verbatim": True}


def section(text: str, **extra: Any) -> dict[str, Any]:
    """A section block of mrkdwn text."""
    return {"type": "section", "text": mrkdwn(text), **extra}


def context(text: str) -> dict[str, Any]:
    """A context block of one mrkdwn text."""
    return {"type": "context", "elements": [mrkdwn(text)]}


def text_input(initial: str | None, *, max_length: int, multiline: bool = False) -> dict[str, Any]:
    """A plain-text input with its limit (and its current value when there is one)."""
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "max_length": max_length,
        "multiline": multiline,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    return element


def modal(
    callback_id: str,
    title: str,
    blocks: list[dict[str, Any]],
    lang: str,
    *,
    metadata: dict[str, Any] | None = None,
    submit: str | None = None,
) -> dict[str, Any]:
    """A modal with Tværs's cancel/close button and its metadata as JSON (at most 100 blocks)."""
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "close": plain(t("admin.close" if submit is None else "admin.cancel", lang), 24),
        "private_metadata": json.dumps(metadata or {}),
        "blocks": blocks[:100],
    }
    if submit is not None:
        view["submit"] = plain(submit, 24)
    return view
