"""What comes in from Slack: is it signed by Slack, and is it in the shape Slack sends?

Both are checked on the raw bytes, before Bolt parses, routes or logs anything.

Slack signs `v0:{timestamp}:{body}` with the app's signing secret (HMAC-SHA256) and sends the
timestamp and signature as headers. A request is Slack's only when both headers are there in
exactly Slack's shape (the timestamp whole seconds in ASCII digits, the signature `v0=` and 64
hex digits), the timestamp is within five minutes, and the signature matches. Anything else is
refused the same way, whatever was wrong: slack_sdk's own verifier calls `int()` on the timestamp
and raises on `abc`, `12.5` or an empty header, which Bolt would hand to the error handler along
with a body nobody vouched for.

The age is measured on the wall clock, as Slack's signing clock is: it is transport time, not the
product's moment (bot.clock), so slack_sdk's own Clock reads it, as Bolt's verifier did.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.signature import Clock

__all__ = ["MAX_AGE_SECONDS", "is_signed_by_slack", "malformed", "slack_headers"]

MAX_AGE_SECONDS = 5 * 60

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_WALL = Clock()


def is_signed_by_slack(
    *, secret: str | None, body: bytes, timestamp: str | None, signature: str | None
) -> bool:
    """True only when `body` carries a valid, fresh Slack signature for `secret`."""
    if not secret or timestamp is None or signature is None:
        return False
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return False
    if abs(_WALL.now() - int(timestamp)) > MAX_AGE_SECONDS:
        return False
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def slack_headers(headers: Mapping[str, object]) -> tuple[str | None, str | None]:
    """(timestamp, signature) from lower-cased headers whose values are a str or a list of str."""

    def first(name: str) -> str | None:
        value = headers.get(name)
        if isinstance(value, list | tuple):
            value = value[0] if len(value) == 1 else None  # two of a header is not Slack's shape
        return value if isinstance(value, str) else None

    return first("x-slack-request-timestamp"), first("x-slack-signature")


# The two content types Slack posts: Events API JSON, and forms (slash commands, interactivity).
_CONTENT_TYPES = ("application/json", "application/x-www-form-urlencoded")
# Fields Slack always sends, by kind; without them no listener can do its work. Strings unless
# said otherwise. Kinds not listed are left to Bolt, which answers 404 to what nobody handles.
_COMMAND = ("command", "text", "user_id", "team_id", "channel_id", "response_url", "trigger_id")
_EVENTS: dict[str, tuple[str, ...]] = {
    "app_home_opened": ("user", "tab"),
    "message": ("channel", "ts"),
}


def malformed(raw: bytes, content_type: str) -> str | None:
    """Why a signed body is not one Slack would send (None when it is), without quoting it."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind not in _CONTENT_TYPES:
        return "unexpected content type"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    try:
        if kind == "application/json":
            document: Any = json.loads(text)
        else:
            fields = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
            if any(len(values) != 1 for values in fields.values()):
                return "a form field given twice"
            document = {key: values[0] for key, values in fields.items()}
            if "payload" in document:
                document = json.loads(document["payload"])
            elif not _strings(document, _COMMAND):
                return "a form that is neither a slash command nor a payload"
    except ValueError:
        return "body cannot be parsed"
    if not isinstance(document, dict):
        return "body is not an object"
    return _shape_problem(document)


def _shape_problem(body: dict[str, Any]) -> str | None:
    kind = body.get("type")
    if "command" in body:
        return None  # checked with the form fields above
    if not isinstance(kind, str):
        return "no type"
    if kind == "url_verification":
        return None if _strings(body, ("challenge",)) else "no challenge"
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not _strings(event, ("type",)):
            return "an event without its event"
        if not _strings(body, ("team_id",)):
            return "an event without team_id"
        if not _strings(event, _EVENTS.get(event["type"], ())):
            return f"a {event['type']} event without its fields"
        return None
    if kind in ("block_actions", "view_submission", "view_closed", "block_suggestion"):
        user, team = body.get("user"), body.get("team")
        if not isinstance(user, dict) or not _strings(user, ("id",)):
            return "a payload without its user"
        if not isinstance(team, dict) or not _strings(team, ("id",)):
            return "a payload without its team"
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            return "block_actions without actions"
        if not all(isinstance(a, dict) and _strings(a, ("action_id",)) for a in actions):
            return "an action without action_id"
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if not isinstance(view, dict) or not _strings(view, ("id", "callback_id")):
            return "a view payload without its view"
        if kind == "view_submission":
            state = view.get("state")
            if not isinstance(state, dict) or not isinstance(state.get("values"), dict):
                return "a view_submission without state.values"
    if kind == "block_suggestion" and not _strings(body, ("action_id", "value")):
        return "block_suggestion without action_id or value"
    return None


def _strings(document: Mapping[str, Any], names: tuple[str, ...]) -> bool:
    return all(isinstance(document.get(name), str) for name in names)


# The header a Socket Mode request carries its envelope id in (set by bot.socket_mode), so a
# redelivered envelope is recognised and has no second effect.
ENVELOPE_HEADER = "x-tvaers-envelope-id"
