"""Sends requests to the running app exactly as Slack does: signed slash commands,
interactivity payloads and Events API envelopes, over real HTTP (standard library only).

Field names follow the payload samples in slack-specs/payload-samples. Keys Slack only sends in
one context are sent only there: `view` for actions inside a modal or Home tab, `message`,
`channel` and `response_url` for actions on a message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import http.client
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from bot import clock
from sandbox.jsondata import copy_json

if TYPE_CHECKING:
    from sandbox.server import FakeSlack

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

_TEXT_INPUTS = frozenset({"plain_text_input", "email_text_input", "url_text_input", "number_input"})
_SINGLE_SELECTS = frozenset({"static_select", "radio_buttons", "external_select"})
_MULTI_SELECTS = frozenset({"multi_static_select", "checkboxes", "multi_external_select"})
_ID_SELECTS = {
    "users_select": ("selected_user", "initial_user"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "channels_select": ("selected_channel", "initial_channel"),
}
_MULTI_ID_SELECTS = {
    "multi_users_select": ("selected_users", "initial_users"),
    "multi_conversations_select": ("selected_conversations", "initial_conversations"),
    "multi_channels_select": ("selected_channels", "initial_channels"),
}


@dataclass
class Response:
    """What the app answered; 4xx and 5xx are returned, not raised."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # Seconds from sending the request to the app's whole answer: what Slack waits for.
    seconds: float = 0.0

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


class SlackSender:
    """Plays Slack's side of the Events API, slash commands and interactivity.

    Pass `fake=` (a started FakeSlack) so response_urls and trigger_ids are ones the fake
    issued, and the bot user / team domain match the fake's workspace.
    """

    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        *,
        team_id: str = "T0TVAERS",
        api_app_id: str = "A0TVAERS",
        enterprise_id: str | None = None,
        fake: FakeSlack | None = None,
        verification_token: str = "sandbox-verification-token",
        timeout: float = 10.0,
        settle: Callable[[], object] | None = None,
    ) -> None:
        self.app_url = app_url
        # Called after each answer, before post() returns: a test hands the app's "after the
        # answer" wait here, so what the app does once Slack has its answer is done when the
        # test looks. Response.seconds still measures the answer alone.
        self.settle = settle
        self.signing_secret = signing_secret
        self.team_id = team_id
        self.api_app_id = api_app_id
        self.enterprise_id = enterprise_id
        self.fake = fake
        self.verification_token = verification_token
        self.timeout = timeout

    # -- low level ------------------------------------------------------------------------

    def sign(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """X-Slack-Request-Timestamp and X-Slack-Signature headers for `body`."""
        # Transport time, as slack_sdk's verifier checks it: the wall clock, not the test's moment.
        ts = str(int(time.time()) if timestamp is None else timestamp)
        base = b"v0:" + ts.encode() + b":" + body
        digest = hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """POST a raw body, signed unless `signature` overrides it (to forge one)."""
        sent = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        sent.update(self.sign(body, timestamp))
        if signature is not None:
            sent["X-Slack-Signature"] = signature
        if retry_num is not None:
            sent["X-Slack-Retry-Num"] = str(retry_num)
            sent["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
        sent.update(headers or {})
        # http.client rather than urllib.request: an app that refuses a big body answers 413
        # before reading it all, and only a raw connection can still read that answer after
        # the upload broke off.
        url = urlsplit(self.app_url)
        connection_class = (
            http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(url.netloc, timeout=self.timeout)
        path = url.path or "/"
        if url.query:
            path += f"?{url.query}"
        started = time.monotonic()
        try:
            # If the app stopped reading, its answer may already be waiting.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                connection.request("POST", path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, dict(answer.getheaders()), answer.read())
            response.seconds = time.monotonic() - started
        finally:
            connection.close()
        if self.settle is not None:
            self.settle()
        return response

    def post_form(self, fields: dict[str, Any], **kwargs: Any) -> Response:
        """POST form fields (slash commands, interactivity)."""
        return self.post(urlencode(fields).encode(), FORM, **kwargs)

    def post_json(self, payload: dict[str, Any], **kwargs: Any) -> Response:
        """POST a JSON document (Events API)."""
        return self.post(json.dumps(payload).encode(), JSON, **kwargs)

    # -- slash commands -------------------------------------------------------------------

    def command(
        self,
        text: str = "",
        *,
        command: str = "/barriere",
        user_id: str,
        user_name: str | None = None,
        channel_id: str = "C0GENERAL",
        channel_name: str = "general",
        response_url: str | None = None,
        trigger_id: str | None = None,
        team_id: str | None = None,
    ) -> Response:
        """Send a slash command, form-encoded like Slack."""
        return self.post_form(
            self.command_payload(
                text,
                command=command,
                user_id=user_id,
                user_name=user_name,
                channel_id=channel_id,
                channel_name=channel_name,
                response_url=response_url,
                trigger_id=trigger_id,
                team_id=team_id,
            )
        )

    def command_payload(
        self,
        text: str = "",
        *,
        command: str = "/barriere",
        user_id: str,
        user_name: str | None = None,
        channel_id: str = "C0GENERAL",
        channel_name: str = "general",
        response_url: str | None = None,
        trigger_id: str | None = None,
        team_id: str | None = None,
    ) -> dict[str, str]:
        """The form fields of a slash command (what command() posts)."""
        team = team_id or self.team_id
        return {
            "token": self.verification_token,
            "team_id": team,
            "team_domain": self._domain(team),
            "enterprise_id": self.enterprise_id or "",
            "enterprise_name": "",
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_name or self._user_name(user_id, team),
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": response_url
            or self._response_url(channel_id=channel_id, team_id=team, user_id=user_id),
            "trigger_id": trigger_id or self._trigger_id(user_id=user_id),
        }

    # -- interactivity --------------------------------------------------------------------

    def block_action(
        self,
        *,
        user_id: str,
        action_id: str,
        value: str | None = None,
        block_id: str | None = None,
        container: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        message: dict[str, Any] | None = None,
        channel_id: str | None = None,
        response_url: str | None = None,
        trigger_id: str | None = None,
        selected_option: dict[str, Any] | str | None = None,
        extra_action: dict[str, Any] | None = None,
        state_values: dict[str, Any] | None = None,
        team_id: str | None = None,
    ) -> Response:
        """Click a button / pick an option, as a block_actions payload."""
        payload = self.block_action_payload(
            user_id=user_id,
            action_id=action_id,
            value=value,
            block_id=block_id,
            container=container,
            view=view,
            message=message,
            channel_id=channel_id,
            response_url=response_url,
            trigger_id=trigger_id,
            selected_option=selected_option,
            extra_action=extra_action,
            state_values=state_values,
            team_id=team_id,
        )
        return self.post_form({"payload": json.dumps(payload)})

    def block_action_payload(
        self,
        *,
        user_id: str,
        action_id: str,
        value: str | None = None,
        block_id: str | None = None,
        container: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        message: dict[str, Any] | None = None,
        channel_id: str | None = None,
        response_url: str | None = None,
        trigger_id: str | None = None,
        selected_option: dict[str, Any] | str | None = None,
        extra_action: dict[str, Any] | None = None,
        state_values: dict[str, Any] | None = None,
        team_id: str | None = None,
    ) -> dict[str, Any]:
        """The block_actions payload block_action() posts.

        When `view` or `message` carries blocks, the action must exist in them (so a test can
        only click what the bot really sent); its type, block_id, text and value are taken
        from there. `block_id` picks among several elements sharing one action_id.
        """
        team = team_id or self.team_id
        blocks = (view or message or {}).get("blocks") or []
        found_block, element = _find_element(blocks, action_id, block_id)
        if blocks and element is None:
            known = sorted(_action_ids(blocks))
            raise LookupError(f"no element with action_id {action_id!r} in the blocks: {known}")
        action: dict[str, Any] = {
            "action_id": action_id,
            "block_id": (found_block or {}).get("block_id") or block_id or "b",
            "type": (element or {}).get("type")
            or ("static_select" if selected_option is not None else "button"),
            "action_ts": _ts(),
        }
        if element is not None and isinstance(element.get("text"), dict):
            action["text"] = element["text"]
        if action["type"] == "button":
            chosen = value if value is not None else (element or {}).get("value")
            if chosen is not None:
                action["value"] = chosen
            if element is not None and element.get("style"):
                action["style"] = element["style"]
        elif value is not None:
            action["value"] = value
        if selected_option is not None:
            if isinstance(selected_option, str):
                selected_option = _option(element or {}, selected_option)
            action["selected_option"] = selected_option
        action.update(extra_action or {})

        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user_id, team),
            "api_app_id": self.api_app_id,
            "token": self.verification_token,
            "container": container,
            "trigger_id": trigger_id,
            "team": {"id": team, "domain": self._domain(team)},
            "enterprise": self._enterprise(),
            "is_enterprise_install": False,
        }
        if view is not None:
            shown = copy_json(view)
            shown.setdefault("state", {})["values"] = state_values or {}
            payload["container"] = container or {"type": "view", "view_id": view.get("id")}
            payload["view"] = shown
            payload["trigger_id"] = trigger_id or self._trigger_id(
                user_id=user_id, view_id=view.get("id")
            )
        else:
            message_ts = (message or {}).get("ts")
            channel = channel_id or (message or {}).get("channel")
            if channel is None and message is not None:
                # chat.postMessage's answer has the channel beside the message, not inside it.
                raise ValueError("block_action on a message needs channel_id")
            channel = channel or "C0GENERAL"
            payload["container"] = container or {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": channel, "name": self._channel_name(channel, team)}
            if message is not None:
                payload["message"] = copy_json(message)
            payload["state"] = {"values": state_values or {}}
            payload["response_url"] = response_url or self._response_url(
                channel_id=channel, message_ts=message_ts, team_id=team, user_id=user_id
            )
            payload["trigger_id"] = trigger_id or self._trigger_id(user_id=user_id)
        payload["actions"] = [action]
        # The payload samples also list keys for workflow functions and link unfurls; they go
        # out as null so every sample key is present, and Bolt ignores null values.
        payload.update(_UNUSED_INTERACTIVITY_KEYS)
        payload["app_unfurl"] = None
        return payload

    def view_submission(
        self,
        view: dict[str, Any],
        *,
        user_id: str,
        values: dict[str, Any] | None = None,
        answers: dict[str, Any] | None = None,
        trigger_id: str | None = None,
        team_id: str | None = None,
    ) -> Response:
        """Submit a modal: `values` is state.values, or give `answers` to fill() it."""
        payload = self.view_submission_payload(
            view,
            user_id=user_id,
            values=values,
            answers=answers,
            trigger_id=trigger_id,
            team_id=team_id,
        )
        return self.post_form({"payload": json.dumps(payload)})

    def view_submission_payload(
        self,
        view: dict[str, Any],
        *,
        user_id: str,
        values: dict[str, Any] | None = None,
        answers: dict[str, Any] | None = None,
        trigger_id: str | None = None,
        team_id: str | None = None,
    ) -> dict[str, Any]:
        """The view_submission payload view_submission() posts."""
        if values is None:
            values = fill(view, answers or {})
        elif answers is not None:
            raise ValueError("give either values or answers, not both")
        team = team_id or self.team_id
        submitted = copy_json(view)
        submitted["state"] = {"values": values}
        return {
            "type": "view_submission",
            "team": {"id": team, "domain": self._domain(team)},
            "user": self._user(user_id, team),
            "api_app_id": self.api_app_id,
            "token": self.verification_token,
            "trigger_id": trigger_id or self._trigger_id(user_id=user_id, view_id=view.get("id")),
            "view": submitted,
            "response_urls": [],
            "enterprise": self._enterprise(),
            "is_enterprise_install": False,
            "is_cleared": False,
            **_UNUSED_INTERACTIVITY_KEYS,
        }

    def view_closed(
        self, view: dict[str, Any], *, user_id: str, team_id: str | None = None
    ) -> Response:
        """Close a modal (sent only if the view has notify_on_close)."""
        team = team_id or self.team_id
        payload = {
            "type": "view_closed",
            "team": {"id": team, "domain": self._domain(team)},
            "user": self._user(user_id, team),
            "api_app_id": self.api_app_id,
            "token": self.verification_token,
            "view": copy_json(view),
            "enterprise": self._enterprise(),
            "is_enterprise_install": False,
            "is_cleared": False,
            **_UNUSED_INTERACTIVITY_KEYS,
        }
        return self.post_form({"payload": json.dumps(payload)})

    # -- Events API -----------------------------------------------------------------------

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        event_time: int | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        team_id: str | None = None,
    ) -> Response:
        """Deliver an Events API event_callback (with retry headers if given)."""
        envelope = self.event_envelope(
            event, event_id=event_id, event_time=event_time, team_id=team_id
        )
        return self.post_json(envelope, retry_num=retry_num, retry_reason=retry_reason)

    def event_envelope(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        event_time: int | None = None,
        team_id: str | None = None,
    ) -> dict[str, Any]:
        """The event_callback envelope event() posts; fills event_ts (and ts) if missing."""
        team = team_id or self.team_id
        inner = copy_json(event)
        inner.setdefault("event_ts", _ts())
        if inner.get("type") in ("message", "app_mention") and "ts" not in inner:
            inner["ts"] = inner["event_ts"]
        bot_user = self._bot_user(team)
        return {
            "token": self.verification_token,
            "team_id": team,
            "enterprise_id": self.enterprise_id,
            "context_team_id": team,
            "context_enterprise_id": self.enterprise_id,
            "api_app_id": self.api_app_id,
            "event": inner,
            "type": "event_callback",
            "event_id": event_id or f"Ev{secrets.token_hex(5).upper()}",
            "event_time": event_time if event_time is not None else int(clock.timestamp()),
            "authorizations": [
                {
                    "enterprise_id": self.enterprise_id,
                    "team_id": team,
                    "user_id": bot_user,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{secrets.token_urlsafe(24)}",
            # Deprecated, truncated to one entry by Slack, but still sent.
            "authed_users": [bot_user],
            "authed_teams": [team],
        }

    def url_verification(self, challenge: str) -> Response:
        """Slack's endpoint check when the Request URL is saved."""
        return self.post_json(
            {"token": self.verification_token, "challenge": challenge, "type": "url_verification"}
        )

    @staticmethod
    def fill(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
        """view.state.values for `view` from answers keyed by block_id (see module fill())."""
        return fill(view, answers)

    # -- helpers --------------------------------------------------------------------------

    def _enterprise(self) -> dict[str, str] | None:
        return {"id": self.enterprise_id, "name": ""} if self.enterprise_id else None

    def _response_url(self, **kwargs: Any) -> str:
        if self.fake is not None:
            return self.fake.new_response_url(**kwargs)
        return (
            f"https://hooks.slack.com/actions/{kwargs.get('team_id') or self.team_id}/"
            f"{secrets.randbelow(10**12)}/{secrets.token_urlsafe(18)}"
        )

    def _trigger_id(self, *, user_id: str | None = None, view_id: str | None = None) -> str:
        if self.fake is not None:
            return self.fake.new_trigger_id(user_id=user_id, view_id=view_id)
        return f"{secrets.randbelow(10**11)}.{int(clock.timestamp())}.{secrets.token_hex(16)}"

    def _team_record(self, team_id: str) -> Any:
        if self.fake is None:
            return None
        return self.fake._teams.get(team_id)

    def _domain(self, team_id: str) -> str:
        team = self._team_record(team_id)
        return team.domain if team is not None else "tvaerby-kommune"

    def _bot_user(self, team_id: str) -> str:
        team = self._team_record(team_id)
        return team.bot_user_id if team is not None else "U0BOT"

    def _user_name(self, user_id: str, team_id: str) -> str:
        team = self._team_record(team_id)
        user = team.users.get(user_id) if team is not None else None
        return str(user["name"]) if user is not None else user_id.lower()

    def _channel_name(self, channel_id: str, team_id: str) -> str:
        team = self._team_record(team_id)
        channel = team.channels.get(channel_id) if team is not None else None
        if channel is not None and channel.get("name"):
            return str(channel["name"])
        return "directmessage" if channel_id.startswith("D") else channel_id.lower()

    def _user(self, user_id: str, team_id: str) -> dict[str, str]:
        name = self._user_name(user_id, team_id)
        return {"id": user_id, "username": name, "name": name, "team_id": team_id}


# Present in the payload samples; only workflow functions fill them in.
_UNUSED_INTERACTIVITY_KEYS: dict[str, Any] = {
    "bot_access_token": None,
    "function_data": None,
    "interactivity": None,
}


def fill(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Build view.state.values for `view` from answers keyed by block_id (or action_id).

    Works on the view the bot really sent: each answer is shaped by the input element's type
    and select answers must be one of its options (by value or label). Inputs not answered
    get their initial value, or an empty one, as Slack sends them; leaving a required input
    empty raises, as the Slack client would not let the user submit.
    """
    values: dict[str, Any] = {}
    used: set[str] = set()
    for block in view.get("blocks", []):
        if block.get("type") != "input" or not isinstance(block.get("element"), dict):
            continue
        element = block["element"]
        block_id, action_id = block.get("block_id"), element.get("action_id")
        key = block_id if block_id in answers else action_id if action_id in answers else None
        if key is None:
            state = _initial_state(element)
            if not block.get("optional", False) and not _has_value(state):
                label = (block.get("label") or {}).get("text", block_id)
                raise ValueError(f"required input {block_id!r} ({label}) was not answered")
        else:
            used.add(str(key))
            state = _answer_state(element, answers[key], str(block_id))
        values[str(block_id)] = {str(action_id): state}
    unknown = set(answers) - used
    if unknown:
        known = [b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"]
        raise KeyError(f"no input block for {sorted(unknown)}; the view has {known}")
    return values


def _answer_state(element: dict[str, Any], answer: Any, block_id: str) -> dict[str, Any]:
    kind = element.get("type")
    state: dict[str, Any] = {"type": kind}
    if kind in _TEXT_INPUTS:
        text = str(answer)
        # The Slack client refuses to submit text outside these bounds.
        if len(text) < element.get("min_length", 0):
            raise ValueError(f"{block_id}: answer shorter than min_length={element['min_length']}")
        if len(text) > element.get("max_length", len(text)):
            raise ValueError(f"{block_id}: answer longer than max_length={element['max_length']}")
        state["value"] = text
    elif kind in _SINGLE_SELECTS:
        state["selected_option"] = answer if isinstance(answer, dict) else _option(element, answer)
    elif kind in _MULTI_SELECTS:
        items = [answer] if isinstance(answer, str | dict) else list(answer)
        state["selected_options"] = [
            item if isinstance(item, dict) else _option(element, item) for item in items
        ]
    elif kind in _ID_SELECTS:
        state[_ID_SELECTS[kind][0]] = str(answer)
    elif kind in _MULTI_ID_SELECTS:
        state[_MULTI_ID_SELECTS[kind][0]] = [answer] if isinstance(answer, str) else list(answer)
    elif kind == "datepicker":
        state["selected_date"] = answer.isoformat() if isinstance(answer, dt.date) else answer
    elif kind == "timepicker":
        state["selected_time"] = answer.strftime("%H:%M") if isinstance(answer, dt.time) else answer
    elif kind == "datetimepicker":
        state["selected_date_time"] = (
            int(answer.timestamp()) if isinstance(answer, dt.datetime) else int(answer)
        )
    else:
        raise ValueError(f"{block_id}: fill() does not know element type {kind!r}")
    return state


def _initial_state(element: dict[str, Any]) -> dict[str, Any]:
    """What Slack reports for an input the user left untouched."""
    kind = element.get("type")
    state: dict[str, Any] = {"type": kind}
    if kind in _TEXT_INPUTS:
        state["value"] = element.get("initial_value")
    elif kind in _SINGLE_SELECTS:
        state["selected_option"] = element.get("initial_option")
    elif kind in _MULTI_SELECTS:
        state["selected_options"] = element.get("initial_options") or []
    elif kind in _ID_SELECTS:
        selected, initial = _ID_SELECTS[kind]
        state[selected] = element.get(initial)
    elif kind in _MULTI_ID_SELECTS:
        selected, initial = _MULTI_ID_SELECTS[kind]
        state[selected] = element.get(initial) or []
    elif kind == "datepicker":
        state["selected_date"] = element.get("initial_date")
    elif kind == "timepicker":
        state["selected_time"] = element.get("initial_time")
    elif kind == "datetimepicker":
        state["selected_date_time"] = element.get("initial_date_time")
    return state


def _has_value(state: dict[str, Any]) -> bool:
    return any(v not in (None, "", []) for k, v in state.items() if k != "type")


def _option(element: dict[str, Any], wanted: str) -> dict[str, Any]:
    """The option of a select/radio/checkbox element whose value (or label) is `wanted`."""
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    for match_label in (False, True):
        for option in options:
            label = (option.get("text") or {}).get("text")
            if (label if match_label else option.get("value")) == wanted:
                return copy_json(option)
    available = [option.get("value") for option in options]
    raise LookupError(f"{element.get('action_id')}: no option {wanted!r}; options: {available}")


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = [e for e in block.get("elements") or [] if isinstance(e, dict)]
    found.extend(block[key] for key in ("accessory", "element") if isinstance(block.get(key), dict))
    return found


def _find_element(
    blocks: list[dict[str, Any]], action_id: str, block_id: str | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    for block in blocks:
        if block_id is not None and block.get("block_id") != block_id:
            continue
        for element in _elements(block):
            if element.get("action_id") == action_id:
                return block, element
    return None, None


def _action_ids(blocks: list[dict[str, Any]]) -> set[str]:
    return {str(e.get("action_id")) for b in blocks for e in _elements(b) if e.get("action_id")}


def _ts() -> str:
    now = clock.timestamp()
    return f"{int(now)}.{int((now % 1) * 1_000_000):06d}"
