"""A local stand-in for Slack's Web API: a real HTTP server the bot's WebClient talks to.

It keeps per-workspace state (users, channels, messages, views, files), answers with the JSON
fields real Slack returns, enforces Slack's argument, channel and Block Kit rules, records every
request as a `Call`, and can inject rate limits and server errors. Standard library plus
slack_sdk only; every public method is safe to call from several threads.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import itertools
import json
import logging
import math
import mimetypes
import re
import secrets
import threading
import time
import uuid
import zoneinfo
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar, cast
from urllib.parse import parse_qsl, urlsplit

from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot import clock
from sandbox.jsondata import copy_json

T = TypeVar("T")

_log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Block Kit validation. slack_sdk's models validate only the top level of a block (nested
# buttons, options and fields are not checked) and skip several limits Slack enforces, so both
# are added here.
# ---------------------------------------------------------------------------------------------

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELD_TEXT = 2000
MAX_SECTION_FIELDS = 10
MAX_INPUT_LENGTH = 3000
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_PRIVATE_METADATA = 3000
MAX_ATTACHMENTS = 100

_TEXT_OBJECT_TYPES = frozenset({"plain_text", "mrkdwn"})
_TEXT_INPUTS = frozenset({"plain_text_input", "email_text_input", "url_text_input"})


def block_errors(
    blocks: Any, *, limit: int = MAX_MESSAGE_BLOCKS, where: str = "blocks"
) -> list[str]:
    """Reasons Slack would reject this list of blocks (empty if it is valid)."""
    if not isinstance(blocks, list):
        return [f"{where} must be a JSON array, got {type(blocks).__name__}"]
    errors: list[str] = []
    if len(blocks) > limit:
        errors.append(f"{where}: no more than {limit} items allowed, got {len(blocks)}")
    seen_block_ids: set[str] = set()
    for index, raw in enumerate(blocks):
        path = f"{where}[{index}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            errors.append(f"{path}: a block must be an object with a type")
            continue
        try:
            key = json.dumps(raw, sort_keys=True)
        except (TypeError, ValueError):
            errors.append(f"{path}: a block must be JSON")
            continue
        errors.extend(error.replace(_HERE, path) for error in _one_block_errors(key))
        block_id = raw.get("block_id")
        if isinstance(block_id, str) and block_id:
            if block_id in seen_block_ids:
                errors.append(f"{path}.block_id: duplicate block_id {block_id!r}")
            seen_block_ids.add(block_id)
    return errors


_HERE = "\x00block"


@functools.lru_cache(maxsize=4096)
def _one_block_errors(raw_json: str) -> tuple[str, ...]:
    """What is wrong with one block (given as JSON), its path written _HERE.

    Remembered: a bot sends the same blocks again and again (App Home, forms), and slack_sdk's
    parsing and validation of a block was the sandbox's dearest work."""
    raw = json.loads(raw_json)
    errors: list[str] = []
    try:
        parsed = Block.parse(raw)
    except Exception as exc:  # slack_sdk raises TypeError/ValueError on odd shapes
        return (f"{_HERE}: {exc}",)
    if parsed is None:
        return (f"{_HERE}: unknown block type {raw['type']!r}",)
    _sdk_errors(parsed, _HERE, errors)
    _raw_block_errors(raw, _HERE, errors)
    return tuple(errors)


def message_errors(args: dict[str, Any]) -> list[str]:
    """Reasons Slack would reject a message's blocks, attachments or text length."""
    errors: list[str] = []
    text = args.get("text")
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        errors.append(f"text: must be at most {MAX_MESSAGE_TEXT} characters, got {len(text)}")
    if args.get("blocks") not in (None, ""):
        errors.extend(block_errors(args["blocks"]))
    attachments = args.get("attachments")
    if attachments not in (None, ""):
        if not isinstance(attachments, list):
            errors.append("attachments must be a JSON array")
        else:
            if len(attachments) > MAX_ATTACHMENTS:
                errors.append(f"attachments: no more than {MAX_ATTACHMENTS} items allowed")
            for index, attachment in enumerate(attachments):
                if not isinstance(attachment, dict):
                    errors.append(f"attachments[{index}] must be an object")
                elif "blocks" in attachment:
                    errors.extend(
                        block_errors(attachment["blocks"], where=f"attachments[{index}].blocks")
                    )
    return errors


def view_errors(view: Any) -> list[str]:
    """Reasons Slack would reject this modal or Home tab view."""
    if not isinstance(view, dict):
        return ["view must be a JSON object"]
    errors: list[str] = []
    if view.get("type") not in ("modal", "home"):
        errors.append(f"view.type must be 'modal' or 'home', got {view.get('type')!r}")
    try:
        View(**view).validate_json()
    except Exception as exc:
        errors.append(f"view: {exc}")
    metadata = view.get("private_metadata")
    if isinstance(metadata, str) and len(metadata) > MAX_PRIVATE_METADATA:
        errors.append(f"view.private_metadata: must be at most {MAX_PRIVATE_METADATA} characters")
    errors.extend(block_errors(view.get("blocks", []), limit=MAX_VIEW_BLOCKS, where="view.blocks"))
    return errors


def _sdk_errors(obj: Any, path: str, errors: list[str]) -> None:
    """Run slack_sdk's validators on a parsed block and on everything nested in it."""
    if isinstance(obj, JsonObject):
        try:
            obj.validate_json()
        except Exception as exc:
            errors.append(f"{path}: {exc}")
        for name, value in vars(obj).items():
            if not name.startswith("_"):
                _sdk_errors(value, f"{path}.{name}", errors)
    elif isinstance(obj, list | tuple):
        for index, item in enumerate(obj):
            _sdk_errors(item, f"{path}[{index}]", errors)


def _raw_block_errors(raw: Any, path: str, errors: list[str]) -> None:
    """Limits slack_sdk does not check, walked over the raw JSON."""
    if isinstance(raw, list):
        for index, item in enumerate(raw):
            _raw_block_errors(item, f"{path}[{index}]", errors)
        return
    if not isinstance(raw, dict):
        return
    kind = raw.get("type")
    if kind in _TEXT_OBJECT_TYPES and (not isinstance(raw.get("text"), str) or not raw["text"]):
        errors.append(f"{path}.text: must be a non-empty string")
    if kind == "section":
        text = raw.get("text")
        if isinstance(text, dict) and len(str(text.get("text", ""))) > MAX_SECTION_TEXT:
            errors.append(
                f"{path}.text: must be at most {MAX_SECTION_TEXT} characters, "
                f"got {len(str(text['text']))}"
            )
        fields = raw.get("fields")
        if isinstance(fields, list):
            if len(fields) > MAX_SECTION_FIELDS:
                errors.append(f"{path}.fields: no more than {MAX_SECTION_FIELDS} items allowed")
            for index, item in enumerate(fields):
                if isinstance(item, dict) and len(str(item.get("text", ""))) > (
                    MAX_SECTION_FIELD_TEXT
                ):
                    errors.append(
                        f"{path}.fields[{index}].text: must be at most "
                        f"{MAX_SECTION_FIELD_TEXT} characters"
                    )
    if kind in _TEXT_INPUTS:
        for key in ("max_length", "min_length"):
            value = raw.get(key)
            if isinstance(value, int) and value > MAX_INPUT_LENGTH:
                errors.append(f"{path}.{key}: must be at most {MAX_INPUT_LENGTH}, got {value}")
    if "value" in raw and "text" in raw and isinstance(raw.get("text"), dict) and not kind:
        _option_errors(raw, path, errors)
    _action_id_duplicates(raw, path, errors)
    for key, value in raw.items():
        if isinstance(value, dict | list):
            _raw_block_errors(value, f"{path}.{key}", errors)


def _option_errors(option: dict[str, Any], path: str, errors: list[str]) -> None:
    """Option objects: Slack caps the label at 75 and the value at 150 characters."""
    text = option["text"].get("text")
    if isinstance(text, str) and len(text) > MAX_OPTION_TEXT:
        errors.append(f"{path}.text: must be at most {MAX_OPTION_TEXT} characters")
    value = option.get("value")
    if isinstance(value, str) and len(value) > MAX_OPTION_VALUE:
        errors.append(f"{path}.value: must be at most {MAX_OPTION_VALUE} characters")


def _action_id_duplicates(raw: dict[str, Any], path: str, errors: list[str]) -> None:
    """Slack rejects two interactive elements with the same action_id in one block."""
    elements = raw.get("elements") if raw.get("type") == "actions" else None
    if not isinstance(elements, list):
        return
    seen: set[str] = set()
    for index, element in enumerate(elements):
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if isinstance(action_id, str):
            if action_id in seen:
                errors.append(f"{path}.elements[{index}].action_id: duplicate {action_id!r}")
            seen.add(action_id)


# ---------------------------------------------------------------------------------------------
# Recording
# ---------------------------------------------------------------------------------------------


@dataclass
class Call:
    """One request the fake received, as decoded, with the answer it gave."""

    method: str
    args: dict[str, Any]
    token: str | None
    team_id: str | None
    response: dict[str, Any]
    http_status: int = 200
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the fake answered ok: true."""
        return self.response.get("ok") is True

    @property
    def error(self) -> str | None:
        """The Slack error code of a failed call."""
        error = self.response.get("error")
        return error if isinstance(error, str) else None


class _ApiError(Exception):
    """A Slack error answer raised from inside a method handler."""

    def __init__(self, error: str, *, messages: list[str] | None = None, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.extra = extra


@dataclass
class _Fault:
    status: int | None
    retry_after: int
    error: str | None
    delay: float
    # Do the work first, then answer the failure (a post that landed although Slack said 500).
    processed: bool = False


@dataclass
class _Bucket:
    """Token bucket: `rate` requests per second with bursts up to `capacity`."""

    rate: float
    capacity: float
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """Consume a token; returns 0 when allowed, otherwise seconds until the next token."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class _Team:
    id: str
    name: str
    domain: str
    bot_user_id: str
    bot_id: str
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    usergroups: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    dms: dict[str, str] = field(default_factory=dict)
    mpims: dict[tuple[str, ...], str] = field(default_factory=dict)
    home_views: dict[str, str] = field(default_factory=dict)
    external_ids: dict[str, str] = field(default_factory=dict)


@dataclass
class _Token:
    team_id: str
    user_id: str
    revoked: bool = False


# Fields Slack accepts as JSON-encoded strings inside form posts.
_JSON_FIELDS = frozenset({"blocks", "attachments", "view", "files", "metadata", "profile"})

# Required arguments per method, as Slack answers "invalid_arguments" for them. Each entry is a
# group of alternatives: at least one name of every group must be present. Arguments Slack's
# spec marks optional but a method still needs (chat.delete's channel, say) are checked by the
# handler and answered with the semantic error real Slack gives (channel_not_found, ...).
REQUIRED_ARGS: dict[str, tuple[tuple[str, ...], ...]] = {
    "apps.connections.open": (),
    "auth.test": (),
    "team.info": (),
    "chat.postMessage": (("channel",),),
    "chat.postEphemeral": (("channel",), ("user",)),
    "chat.update": (("channel",), ("ts",)),
    "chat.delete": (),
    "chat.getPermalink": (("channel",), ("message_ts",)),
    "conversations.open": (),
    "conversations.join": (),
    "conversations.info": (),
    "conversations.replies": (),
    "conversations.history": (),
    "reactions.add": (("channel",), ("name",), ("timestamp",)),
    "reactions.remove": (("name",),),
    "users.info": (),
    "users.lookupByEmail": (("email",),),
    "users.list": (),
    # Slack accepts an interactivity_pointer in place of a trigger_id nowadays.
    "views.open": (("trigger_id", "interactivity_pointer"), ("view",)),
    "views.push": (("trigger_id", "interactivity_pointer"), ("view",)),
    # api.slack.com lists view as required; the 2021 OpenAPI spec is stale there.
    "views.update": (("view",),),
    "views.publish": (("user_id",), ("view",)),
    "usergroups.list": (),
    "usergroups.users.list": (("usergroup",),),
    "files.getUploadURLExternal": (("filename",), ("length",)),
    "files.completeUploadExternal": (("files",),),
    "files.info": (),
    "oauth.v2.access": (("code",),),
}

_HTTP_ERRORS = {
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}
_TZ_LABELS = {
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "WET": "Western European Time",
    "WEST": "Western European Summer Time",
    "EET": "Eastern European Time",
    "EEST": "Eastern European Summer Time",
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "UTC": "Coordinated Universal Time",
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
}
# Real Slack lets a response_url be used five times within 30 minutes.
_RESPONSE_URL_USES = 5
_FIRST_TS_MICROS = 1_764_300_000_000_100


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("1", "true"))


def _domain_for(name: str) -> str:
    """Slack-style workspace subdomain from a display name ("Tværby Kommune" -> tvaerby-kommune)."""
    folded = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "workspace"


def _tz_fields(tz: str) -> dict[str, Any]:
    """tz_label and tz_offset as Slack computes them: for the current moment, so DST applies."""
    try:
        now = clock.now().astimezone(zoneinfo.ZoneInfo(tz))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return {"tz": tz, "tz_label": tz, "tz_offset": 0}
    offset = now.utcoffset()
    name = now.tzname() or tz
    return {
        "tz": tz,
        "tz_label": _TZ_LABELS.get(name, name),
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
    }


# ---------------------------------------------------------------------------------------------
# The fake
# ---------------------------------------------------------------------------------------------


class FakeSlack:
    """An in-process HTTP server answering Slack Web API calls like slack.com does.

    strict=True (the default) rejects what Slack rejects: invalid blocks and views, unknown or
    reused trigger_ids. strict=False still records the same problems in Call.errors (see
    invalid_calls()) but lets the calls succeed, which suits demos. Missing required arguments
    are rejected in both modes.
    """

    def __init__(
        self,
        *,
        team_id: str = "T0TVAERS",
        team_name: str = "Tværby Kommune",
        bot_user_id: str = "U0BOT",
        bot_token: str = "xoxb-sandbox",
        strict: bool = True,
        app_id: str = "A0TVAERS",
        bot_name: str = "tvaers",
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
    ) -> None:
        self.team_id = team_id
        # Seconds every call waits before it is answered (Web API, response_url, file upload):
        # real Slack answers in hundreds of milliseconds, not one. May be changed at any time.
        self.latency = latency
        self.bot_user_id = bot_user_id
        self.bot_token = bot_token
        self.strict = strict
        self.app_id = app_id
        self.bot_name = bot_name
        # Real Slack expires trigger_ids after 3 s; None keeps slow CI machines from flaking.
        self.trigger_ttl: float | None = None
        self._host = host
        self._port = port
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._counter = itertools.count(1)
        self._ts_micros = _FIRST_TS_MICROS
        self._calls: list[Call] = []
        self._teams: dict[str, _Team] = {}
        self._tokens: dict[str, _Token] = {}
        self._views: dict[str, dict[str, Any]] = {}
        self._view_teams: dict[str, str] = {}
        self._files: dict[str, dict[str, Any]] = {}
        self._triggers: dict[str, dict[str, Any]] = {}
        self._response_urls: dict[str, dict[str, Any]] = {}
        self._oauth_codes: dict[str, dict[str, Any]] = {}
        self._oauth_client: tuple[str, str] | None = None
        self._faults: dict[str, deque[_Fault]] = {}
        self._limits: dict[str, _Bucket] = {}
        # App-level tokens (xapp-...) and what issues their Socket Mode URLs (a FakeSocketMode).
        self._app_tokens: dict[str, Callable[[], str]] = {}
        self._handlers: dict[str, Callable[[_Team, dict[str, Any], Call], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "team.info": self._team_info,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "conversations.open": self._conversations_open,
            "conversations.join": self._conversations_join,
            "conversations.info": self._conversations_info,
            "conversations.replies": self._conversations_replies,
            "conversations.history": self._conversations_history,
            "reactions.add": self._reactions_add,
            "reactions.remove": self._reactions_remove,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "users.list": self._users_list,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "usergroups.list": self._usergroups_list,
            "usergroups.users.list": self._usergroups_users_list,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "files.info": self._files_info,
        }
        self.add_token(bot_token, team_id, team_name=team_name, bot_user_id=bot_user_id)
        # Every workspace has a #general the bot has not joined: replying there without
        # conversations.join fails with not_in_channel, exactly as in production.
        self.add_channel("C0GENERAL", "general", team_id=team_id)
        self._teams[team_id].channels["C0GENERAL"]["is_general"] = True

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        """Start serving on a background thread; returns self."""
        with self._lock:
            if self._server is not None:
                return self
            server = _Server((self._host, self._port), _make_handler(self))
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"fake-slack-{server.server_address[1]}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on (after start())."""
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return int(self._server.server_address[1])

    @property
    def root_url(self) -> str:
        """http://127.0.0.1:<port>"""
        return f"http://{self._host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The WebClient base_url: http://127.0.0.1:<port>/api/"""
        return f"{self.root_url}/api/"

    @property
    def supported_methods(self) -> list[str]:
        """The Web API methods this fake answers (anything else gets unknown_method)."""
        return sorted([*self._handlers, "oauth.v2.access", "apps.connections.open"])

    # -- state set-up ---------------------------------------------------------------------

    def add_token(
        self,
        token: str,
        team_id: str,
        *,
        team_name: str | None = None,
        bot_user_id: str | None = None,
    ) -> None:
        """Accept `token` as the bot token of workspace `team_id` (created if new)."""
        with self._lock:
            team = self._ensure_team(team_id, team_name=team_name, bot_user_id=bot_user_id)
            self._tokens[token] = _Token(team_id=team.id, user_id=team.bot_user_id)

    def add_app_token(self, token: str, issue_url: Callable[[], str]) -> None:
        """Accept an app-level token for apps.connections.open; issue_url makes each ws:// URL."""
        with self._lock:
            self._app_tokens[token] = issue_url

    def revoke_token(self, token: str) -> None:
        """Make every later call with `token` fail with token_revoked."""
        with self._lock:
            if token in self._tokens:
                self._tokens[token].revoked = True
            else:
                self._tokens[token] = _Token(team_id="", user_id="", revoked=True)

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        email: str | None = None,
        tz: str = "Europe/Copenhagen",
        real_name: str | None = None,
        is_bot: bool = False,
        team_id: str | None = None,
        display_name: str | None = None,
        deleted: bool = False,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """Add (or replace) a workspace member; returns the stored user object."""
        with self._lock:
            team = self._ensure_team(team_id or self.team_id)
            real = real_name if real_name is not None else name
            profile: dict[str, Any] = {
                "real_name": real,
                "real_name_normalized": real,
                "display_name": display_name if display_name is not None else name,
                "display_name_normalized": display_name if display_name is not None else name,
                "team": team.id,
                "image_48": f"https://avatars.slack-edge.invalid/{user_id}_48.png",
            }
            if email is not None:
                profile["email"] = email
            user: dict[str, Any] = {
                "id": user_id,
                "team_id": team.id,
                "name": name,
                "deleted": deleted,
                "color": "9f69e7",
                "real_name": real,
                "tz": tz,
                "profile": profile,
                "is_admin": False,
                "is_owner": False,
                "is_primary_owner": False,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": is_bot,
                "is_app_user": False,
                "updated": 1_764_000_000,
                "is_email_confirmed": email is not None,
                "locale": locale,
            }
            team.users[user_id] = user
            return copy_json(user)

    def add_channel(
        self,
        channel_id: str,
        name: str,
        *,
        is_member: bool = False,
        is_archived: bool = False,
        is_private: bool = False,
        team_id: str | None = None,
        members: Iterable[str] | None = None,
    ) -> dict[str, Any]:
        """Add (or replace) a channel; `members` enables user_not_in_channel checks."""
        with self._lock:
            team = self._ensure_team(team_id or self.team_id)
            channel: dict[str, Any] = {
                "id": channel_id,
                "name": name,
                "name_normalized": name,
                "is_channel": not is_private,
                "is_group": is_private,
                "is_im": False,
                "is_mpim": False,
                "is_private": is_private,
                "is_archived": is_archived,
                "is_general": False,
                "is_shared": False,
                "is_ext_shared": False,
                "is_org_shared": False,
                "is_member": is_member,
                "created": 1_700_000_000,
                "creator": "U0ADMIN",
                "context_team_id": team.id,
                "topic": {"value": "", "creator": "", "last_set": 0},
                "purpose": {"value": "", "creator": "", "last_set": 0},
            }
            if members is not None:
                channel["_members"] = set(members)
            team.channels[channel_id] = channel
            team.messages.setdefault(channel_id, [])
            return _public(channel)

    def add_usergroup(
        self,
        usergroup_id: str,
        handle: str,
        users: Iterable[str],
        *,
        name: str | None = None,
        team_id: str | None = None,
    ) -> None:
        """Add (or replace) a user group (@handle) with its members."""
        with self._lock:
            team = self._ensure_team(team_id or self.team_id)
            team.usergroups[usergroup_id] = {
                "id": usergroup_id,
                "team_id": team.id,
                "is_usergroup": True,
                "is_subteam": True,
                "name": name or handle,
                "description": "",
                "handle": handle,
                "is_external": False,
                "date_create": 1_700_000_000,
                "date_update": 1_700_000_000,
                "date_delete": 0,
                "auto_type": None,
                "created_by": "U0ADMIN",
                "updated_by": "U0ADMIN",
                "deleted_by": None,
                "prefs": {"channels": [], "groups": []},
                "users": list(users),
            }

    def add_message(
        self,
        channel: str,
        *,
        user: str,
        text: str,
        thread_ts: str | None = None,
        team_id: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Store a message a person posted (so conversations.replies sees it); returns it."""
        with self._lock:
            team = self._ensure_team(team_id or self.team_id)
            message: dict[str, Any] = {
                "type": "message",
                "user": user,
                "text": text,
                "ts": self._next_ts(),
                "team": team.id,
                "client_msg_id": str(uuid.uuid4()),
            }
            if blocks is not None:
                message["blocks"] = blocks
            self._store_message(team, channel, message, thread_ts)
            return copy_json(message)

    def add_oauth_code(
        self,
        code: str,
        team_id: str,
        team_name: str,
        *,
        user_id: str = "U0INSTALLER",
        scope: str = "chat:write,commands,users:read,users:read.email,im:write",
        redirect_uri: str | None = None,
    ) -> None:
        """Prepare a one-time OAuth code that oauth.v2.access exchanges for a new bot token."""
        with self._lock:
            self._oauth_codes[code] = {
                "team_id": team_id,
                "team_name": team_name,
                "user_id": user_id,
                "scope": scope,
                "redirect_uri": redirect_uri,
            }

    def set_oauth_client(self, client_id: str, client_secret: str) -> None:
        """Make oauth.v2.access check the client credentials (otherwise any are accepted)."""
        with self._lock:
            self._oauth_client = (client_id, client_secret)

    def new_trigger_id(self, *, user_id: str | None = None, view_id: str | None = None) -> str:
        """A fresh trigger_id the fake will accept once for views.open/views.push."""
        with self._lock:
            trigger_id = f"{next(self._counter)}.{int(clock.timestamp())}.{secrets.token_hex(16)}"
            self._triggers[trigger_id] = {
                "created": time.monotonic(),
                "used": False,
                "user_id": user_id,
                "view_id": view_id,
            }
            return trigger_id

    def new_response_url(
        self,
        *,
        channel_id: str | None = None,
        message_ts: str | None = None,
        team_id: str | None = None,
        user_id: str | None = None,
    ) -> str:
        """A response_url on this server; POSTs to it are recorded as method "response_url"."""
        with self._lock:
            hook_id = f"{next(self._counter)}{secrets.token_hex(8)}"
            self._response_urls[hook_id] = {
                "channel_id": channel_id,
                "message_ts": message_ts,
                "team_id": team_id or self.team_id,
                "user_id": user_id,
                "uses": 0,
            }
        return f"{self.root_url}/response/{hook_id}"

    # -- fault injection ------------------------------------------------------------------

    def fail(
        self,
        method: str,
        *,
        status: int | None = None,
        retry_after: int = 1,
        error: str | None = None,
        times: int = 1,
        delay: float = 0.0,
        processed: bool = False,
    ) -> None:
        """Make the next `times` calls of `method` ("*" for any) fail.

        status=429 answers ratelimited with a Retry-After header, 5xx answers that status,
        error="x" answers HTTP 200 {"ok": false, "error": "x"}. `delay` (seconds) is waited
        before answering, to exercise client timeouts. processed=True carries the call out
        first and only then answers the failure, as Slack sometimes does after a 5xx.
        """
        if status is None and error is None and delay <= 0:
            raise ValueError("fail() needs a status, an error or a delay")
        with self._lock:
            queue = self._faults.setdefault(method, deque())
            for _ in range(times):
                queue.append(
                    _Fault(
                        status=status,
                        retry_after=retry_after,
                        error=error,
                        delay=delay,
                        processed=processed,
                    )
                )

    def rate_limit(self, method: str, per_second: float, *, burst: int | None = None) -> None:
        """Answer 429 + Retry-After when `method` ("*" for any) is called faster than that."""
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        capacity = float(burst if burst is not None else max(1, int(per_second)))
        with self._lock:
            self._limits[method] = _Bucket(
                rate=per_second, capacity=capacity, tokens=capacity, updated=time.monotonic()
            )

    def clear_faults(self) -> None:
        """Forget queued failures and rate limits."""
        with self._lock:
            self._faults.clear()
            self._limits.clear()

    # -- inspection -----------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """A snapshot of every request received so far, oldest first."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """Calls of one method (e.g. "chat.postMessage" or "response_url"), oldest first."""
        with self._lock:
            return [call for call in self._calls if call.method == method]

    def last(self, method: str) -> Call | None:
        """The most recent call of `method`, if any."""
        with self._lock:
            for call in reversed(self._calls):
                if call.method == method:
                    return call
        return None

    def clear_calls(self) -> None:
        """Forget the recorded calls (state such as messages and views is kept)."""
        with self._lock:
            self._calls.clear()

    def invalid_calls(self) -> list[Call]:
        """Calls that broke Slack's rules (bad blocks, missing arguments, unknown methods)."""
        with self._lock:
            return [call for call in self._calls if call.errors]

    def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,
        *,
        interval: float = 0.01,
        message: str | None = None,
    ) -> T:
        """Poll `predicate` until it returns something truthy, and return that.

        Lookup errors inside the predicate (a call not made yet) count as "not yet". On
        timeout raises AssertionError listing the calls received, to show what happened.
        """
        deadline = time.monotonic() + timeout
        last_error: BaseException | None = None
        while True:
            try:
                value = predicate()
            except (LookupError, AttributeError, TypeError) as exc:
                value, last_error = None, exc
            else:
                if value:
                    return value
            if time.monotonic() >= deadline:
                break
            time.sleep(interval)
        lines = [f"timed out after {timeout}s waiting for {message or _describe(predicate)}"]
        if last_error is not None:
            lines.append(f"last error in predicate: {last_error!r}")
        lines.append("calls received:" if self._calls else "no calls received")
        lines.extend(f"  {_summary(call)}" for call in self.calls[-20:])
        raise AssertionError("\n".join(lines))

    def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
    ) -> Call:
        """Wait for a call of `method` (matching `predicate`, if given) and return it."""

        def find() -> Call | None:
            for call in self.calls_to(method):
                if predicate is None or predicate(call):
                    return call
            return None

        found = self.wait_for(find, timeout, message=f"a call to {method}")
        assert found is not None  # wait_for returns only truthy values
        return found

    def messages(self, channel: str, *, team_id: str | None = None) -> list[dict[str, Any]]:
        """Messages stored in a channel (replies included), oldest first.

        `channel` may be a user id, meaning the bot's DM with that user.
        """
        with self._lock:
            found: list[dict[str, Any]] = []
            for team in self._teams_for(team_id):
                channel_id = team.dms.get(channel, channel) if channel.startswith("U") else channel
                found.extend(team.messages.get(channel_id, []))
            return [copy_json(message) for message in sorted(found, key=_ts_key)]

    def home_view(self, user_id: str, *, team_id: str | None = None) -> dict[str, Any] | None:
        """The Home tab last published for `user_id`, or None."""
        with self._lock:
            for team in self._teams_for(team_id):
                view_id = team.home_views.get(user_id)
                if view_id is not None:
                    return copy_json(self._views[view_id])
        return None

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        """Every modal and Home tab view by id, as last opened/updated/published."""
        with self._lock:
            return copy_json(self._views)

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        """Uploaded files by id: name, title, alt_txt, content (bytes), channel, thread_ts, ..."""
        with self._lock:
            return copy_json(self._files)

    def channel(self, channel_id: str, *, team_id: str | None = None) -> dict[str, Any] | None:
        """A stored channel record (is_member etc.), or None."""
        with self._lock:
            for team in self._teams_for(team_id):
                if channel_id in team.channels:
                    return _public(team.channels[channel_id])
        return None

    # -- HTTP entry points (called from the request handler threads) ------------------------

    def _handle_api(
        self, method: str, args: dict[str, Any], token: str | None, basic: tuple[str, str] | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Answer one Web API request; returns (status, JSON body, extra headers)."""
        call = Call(method=method, args=args, token=token, team_id=None, response={})
        fault = self._take_fault(method)
        if fault is not None and not fault.processed:
            return self._answer_fault(call, fault)
        if fault is not None:
            # The failure below is what the caller gets, whatever the work itself answered.
            with self._lock, contextlib.suppress(_ApiError):
                self._dispatch(method, args, token, basic, call)
            return self._answer_fault(call, fault)
        with self._lock:
            wait = self._rate_limited(method)
            if wait:
                retry_after = max(1, math.ceil(wait))
                call.http_status = 429
                call.response = {"ok": False, "error": "ratelimited"}
                self._calls.append(call)
                return 429, call.response, {"Retry-After": str(retry_after)}
            try:
                call.response = self._dispatch(method, args, token, basic, call)
            except _ApiError as exc:
                call.response = {"ok": False, "error": exc.error, **exc.extra}
                if exc.messages:
                    call.response["response_metadata"] = {"messages": exc.messages}
            self._calls.append(call)
            return call.http_status, call.response, {}

    def _dispatch(
        self,
        method: str,
        args: dict[str, Any],
        token: str | None,
        basic: tuple[str, str] | None,
        call: Call,
    ) -> dict[str, Any]:
        if method == "oauth.v2.access":
            self._check_required(method, args, call)
            return self._oauth_v2_access(args, basic)
        if method == "apps.connections.open":
            return self._apps_connections_open(token)
        handler = self._handlers.get(method)
        if handler is None:
            call.errors.append(f"unknown method {method!r} (not implemented by FakeSlack)")
            raise _ApiError("unknown_method")
        if not token:
            raise _ApiError("not_authed")
        record = self._tokens.get(token)
        if record is None:
            raise _ApiError("invalid_auth")
        if record.revoked:
            raise _ApiError("token_revoked")
        call.team_id = record.team_id
        self._check_required(method, args, call)
        response = handler(self._teams[record.team_id], args, call)
        return {"ok": True, **response}

    def _apps_connections_open(self, token: str | None) -> dict[str, Any]:
        # Only an app-level token opens a Socket Mode connection; a bot token is the wrong kind.
        if not token:
            raise _ApiError("not_authed")
        if token in self._tokens:
            raise _ApiError("not_allowed_token_type")
        issue_url = self._app_tokens.get(token)
        if issue_url is None:
            raise _ApiError("invalid_auth")
        return {"ok": True, "url": issue_url()}

    def _check_required(self, method: str, args: dict[str, Any], call: Call) -> None:
        messages = []
        for group in REQUIRED_ARGS.get(method, ()):
            if not any(_present(args.get(name)) for name in group):
                messages.append(f"[ERROR] missing required field: {' or '.join(group)}")
        if messages:
            call.errors.extend(messages)
            raise _ApiError("invalid_arguments", messages=messages)

    def _take_fault(self, method: str) -> _Fault | None:
        """Pop the next queued fault for `method`; waits out its delay (outside the lock).

        Returns the fault only when it must replace the answer (status or error given). Every
        call first waits out the sandbox's latency.
        """
        if self.latency > 0:
            time.sleep(self.latency)
        with self._lock:
            fault = None
            for key in (method, "*"):
                queue = self._faults.get(key)
                if queue:
                    fault = queue.popleft()
                    break
        if fault is None:
            return None
        if fault.delay > 0:
            time.sleep(fault.delay)
        return fault if fault.status is not None or fault.error is not None else None

    def _answer_fault(
        self, call: Call, fault: _Fault
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        headers: dict[str, str] = {}
        if fault.status == 429:
            call.http_status = 429
            call.response = {"ok": False, "error": "ratelimited"}
            headers["Retry-After"] = str(fault.retry_after)
        elif fault.status is not None:
            call.http_status = fault.status
            call.response = {"ok": False, "error": _HTTP_ERRORS.get(fault.status, "http_error")}
        else:
            call.response = {"ok": False, "error": fault.error}
        with self._lock:
            if call.team_id is None and call.token in self._tokens:
                call.team_id = self._tokens[call.token].team_id
            self._calls.append(call)
        return call.http_status, call.response, headers

    def _rate_limited(self, method: str) -> float:
        bucket = self._limits.get(method) or self._limits.get("*")
        return bucket.take(time.monotonic()) if bucket is not None else 0.0

    def _handle_response_url(self, hook_id: str, body: dict[str, Any], url: str) -> tuple[int, str]:
        """A POST to a response_url: record it and apply replace/delete/in_channel."""
        call = Call(
            method="response_url", args={**body, "url": url}, token=None, team_id=None, response={}
        )
        fault = self._take_fault("response_url")
        if fault is not None:
            status, response, _ = self._answer_fault(call, fault)
            return status, json.dumps(response)
        with self._lock:
            self._calls.append(call)
            hook = self._response_urls.get(hook_id)
            if hook is None:
                return self._hook_answer(call, 404, "expired_url")
            call.team_id = hook["team_id"]
            hook["uses"] += 1
            if hook["uses"] > _RESPONSE_URL_USES:
                return self._hook_answer(call, 404, "used_url")
            errors = message_errors(body)
            if errors:
                call.errors.extend(errors)
                if self.strict:
                    return self._hook_answer(call, 400, "invalid_blocks")
            delete = _truthy(body.get("delete_original"))
            if not delete and not any(_present(body.get(k)) for k in ("text", "blocks")):
                call.errors.append("response_url: no text or blocks")
                return self._hook_answer(call, 400, "no_text")
            team = self._ensure_team(hook["team_id"])
            channel_id, message_ts = hook["channel_id"], hook["message_ts"]
            original = self._find_message(team, channel_id, message_ts) if message_ts else None
            if delete and original is not None:
                team.messages[channel_id].remove(original)
            elif _truthy(body.get("replace_original")) and original is not None:
                # Unlike chat.update, this replaces the whole message: absent blocks go away.
                for key in ("text", "blocks", "attachments"):
                    if _present(body.get(key)):
                        original[key] = copy_json(body[key])
                    else:
                        original.pop(key, None)
                original.setdefault("text", "")
                _fill_block_ids(original.get("blocks"))
            elif body.get("response_type") == "in_channel" and channel_id:
                message = self._bot_message(team, body)
                self._store_message(team, channel_id, message, body.get("thread_ts"))
            return self._hook_answer(call, 200, None)

    @staticmethod
    def _hook_answer(call: Call, status: int, error: str | None) -> tuple[int, str]:
        call.http_status = status
        call.response = {"ok": True} if error is None else {"ok": False, "error": error}
        return status, json.dumps(call.response) if error is None else error

    def _handle_upload(self, file_id: str, content: bytes, url: str) -> tuple[int, str]:
        """The upload_url step of files_upload_v2: store the raw bytes."""
        call = Call(
            method="upload_url",
            args={"url": url, "file_id": file_id, "length": len(content)},
            token=None,
            team_id=None,
            response={},
        )
        fault = self._take_fault("upload_url")
        if fault is not None:
            status, response, _ = self._answer_fault(call, fault)
            return status, json.dumps(response)
        with self._lock:
            self._calls.append(call)
            record = self._files.get(file_id)
            if record is None:
                call.http_status, call.response = 404, {"ok": False, "error": "file_not_found"}
                return 404, "file_not_found"
            call.team_id = record["team_id"]
            if record["length"] != len(content):
                call.errors.append(
                    f"upload_url: announced length {record['length']} but received {len(content)}"
                )
            record["content"] = content
            record["uploaded"] = True
            call.response = {"ok": True}
            return 200, f"OK - {len(content)}"

    def _download(self, file_id: str, token: str | None) -> tuple[int, bytes]:
        """GET of a file's url_private: needs a valid token of the file's workspace."""
        with self._lock:
            record = self._files.get(file_id)
            token_record = self._tokens.get(token or "")
            if record is None or not record.get("uploaded"):
                return 404, b"file_not_found"
            if token_record is None or token_record.revoked:
                return 403, b"not_authed"
            return 200, bytes(record["content"])

    # -- helpers ----------------------------------------------------------------------------

    def _ensure_team(
        self, team_id: str, *, team_name: str | None = None, bot_user_id: str | None = None
    ) -> _Team:
        team = self._teams.get(team_id)
        if team is not None:
            if team_name:
                team.name = team_name
            return team
        index = len(self._teams) + 1
        name = team_name or team_id
        bot_user = bot_user_id or (self.bot_user_id if index == 1 else f"{self.bot_user_id}{index}")
        team = _Team(
            id=team_id,
            name=name,
            domain=_domain_for(name),
            bot_user_id=bot_user,
            bot_id=f"B{team_id[1:]}",
        )
        self._teams[team_id] = team
        self.add_user(bot_user, name=self.bot_name, is_bot=True, team_id=team_id, real_name="Tværs")
        team.users[bot_user]["profile"]["bot_id"] = team.bot_id
        team.users[bot_user]["profile"]["api_app_id"] = self.app_id
        # Slackbot is listed by users.list with is_bot false: bots that DM "everyone" must skip it.
        self.add_user("USLACKBOT", name="slackbot", real_name="Slackbot", team_id=team_id)
        return team

    def _teams_for(self, team_id: str | None) -> list[_Team]:
        if team_id is not None:
            return [self._teams[team_id]] if team_id in self._teams else []
        main = self._teams[self.team_id]
        return [main, *[team for team in self._teams.values() if team is not main]]

    def _next_ts(self) -> str:
        self._ts_micros += 100
        return f"{self._ts_micros // 1_000_000}.{self._ts_micros % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter):09d}"

    def _dm_for(self, team: _Team, user_id: str) -> dict[str, Any]:
        channel_id = team.dms.get(user_id)
        if channel_id is None:
            channel_id = self._next_id("D")
            team.dms[user_id] = channel_id
            team.channels[channel_id] = _dm_record(channel_id, user_id)
            team.messages.setdefault(channel_id, [])
        return team.channels[channel_id]

    def _resolve(self, team: _Team, channel_id: Any) -> dict[str, Any]:
        """The channel record for an id; a user id means the DM with that user."""
        if not isinstance(channel_id, str) or not channel_id:
            raise _ApiError("channel_not_found")
        if channel_id.startswith(("U", "W")):
            return self._dm_for(team, channel_id)
        channel = team.channels.get(channel_id)
        if channel is None and channel_id.startswith("D"):
            # DM ids arrive in events the test makes up: accept them as Slack would.
            channel = team.channels[channel_id] = _dm_record(channel_id, None)
            team.messages.setdefault(channel_id, [])
        if channel is None:
            raise _ApiError("channel_not_found")
        return channel

    def _readable(self, team: _Team, channel_id: Any) -> dict[str, Any]:
        channel = self._resolve(team, channel_id)
        if channel["is_im"] or channel["is_mpim"]:
            return channel
        if channel["is_private"] and not channel["is_member"]:
            raise _ApiError("channel_not_found")
        return channel

    def _postable(self, team: _Team, channel_id: Any) -> dict[str, Any]:
        channel = self._readable(team, channel_id)
        if channel["is_im"] or channel["is_mpim"]:
            return channel
        if channel["is_archived"]:
            raise _ApiError("is_archived")
        if not channel["is_member"]:
            raise _ApiError("not_in_channel")
        return channel

    def _find_message(self, team: _Team, channel_id: str | None, ts: Any) -> dict[str, Any] | None:
        for message in team.messages.get(channel_id or "", []):
            if message["ts"] == ts:
                return message
        return None

    def _bot_message(self, team: _Team, args: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": team.bot_user_id,
            "bot_id": team.bot_id,
            "app_id": self.app_id,
            "text": args.get("text") or "",
            "ts": self._next_ts(),
            "team": team.id,
            "bot_profile": {
                "id": team.bot_id,
                "app_id": self.app_id,
                "name": "Tværs",
                "deleted": False,
                "team_id": team.id,
            },
        }
        for key in ("blocks", "attachments", "metadata"):
            if _present(args.get(key)):
                message[key] = copy_json(args[key])
        _fill_block_ids(message.get("blocks"))
        return message

    def _store_message(
        self, team: _Team, channel_id: str, message: dict[str, Any], thread_ts: Any
    ) -> None:
        if _present(thread_ts):
            message["thread_ts"] = thread_ts
            parent = self._find_message(team, channel_id, thread_ts)
            if parent is not None:
                parent["thread_ts"] = thread_ts
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                users = parent.setdefault("reply_users", [])
                if message.get("user") not in users:
                    users.append(message.get("user"))
                parent["reply_users_count"] = len(users)
                parent["latest_reply"] = message["ts"]
                message["parent_user_id"] = parent.get("user")
        team.messages.setdefault(channel_id, []).append(message)

    def _check_message(self, args: dict[str, Any], call: Call) -> None:
        """Content rules shared by postMessage, postEphemeral and update."""
        if not any(_present(args.get(k)) for k in ("text", "blocks", "attachments")) and not (
            _present(args.get("markdown_text"))
        ):
            raise _ApiError("no_text")
        errors = message_errors(args)
        if not errors:
            return
        call.errors.extend(errors)
        if not self.strict:
            return
        text = args.get("text")
        if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
            raise _ApiError("msg_too_long")
        raise _ApiError(
            "invalid_blocks",
            messages=[f"[ERROR] {error}" for error in errors],
            errors=list(errors),
        )

    # -- Web API methods ------------------------------------------------------------------
    # Each takes (team, args, call) and returns the fields after "ok": true, or raises _ApiError.

    def _auth_test(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        return {
            "url": f"https://{team.domain}.slack.com/",
            "team": team.name,
            "user": self.bot_name,
            "team_id": team.id,
            "user_id": team.bot_user_id,
            "bot_id": team.bot_id,
            "is_enterprise_install": False,
        }

    def _team_info(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        return {
            "team": {
                "id": team.id,
                "name": team.name,
                "url": f"https://{team.domain}.slack.com/",
                "domain": team.domain,
                "email_domain": "",
                "icon": {"image_default": True},
                "avatar_base_url": "https://ca.slack-edge.invalid/",
                "is_verified": False,
            }
        }

    def _chat_post_message(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        channel = self._postable(team, args.get("channel"))
        self._check_message(args, call)
        message = self._bot_message(team, args)
        self._store_message(team, channel["id"], message, args.get("thread_ts"))
        return {"channel": channel["id"], "ts": message["ts"], "message": copy_json(message)}

    def _chat_post_ephemeral(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        channel = self._postable(team, args.get("channel"))
        members = channel.get("_members")
        if members is not None and args["user"] not in members:
            raise _ApiError("user_not_in_channel")
        self._check_message(args, call)
        # Ephemeral messages are not part of the channel history, so they are not stored.
        return {"message_ts": self._next_ts()}

    def _chat_update(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        channel = self._readable(team, args.get("channel"))
        message = self._find_message(team, channel["id"], args.get("ts"))
        if message is None:
            raise _ApiError("message_not_found")
        if message.get("bot_id") != team.bot_id:
            raise _ApiError("cant_update_message")
        self._check_message(args, call)
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in args:
                message[key] = copy_json(args[key])
        _fill_block_ids(message.get("blocks"))
        message["edited"] = {"user": team.bot_user_id, "ts": self._next_ts()}
        return {
            "channel": channel["id"],
            "ts": message["ts"],
            "text": message.get("text", ""),
            "message": copy_json(message),
        }

    def _chat_delete(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        channel = self._readable(team, args.get("channel"))
        message = self._find_message(team, channel["id"], args.get("ts"))
        if message is None:
            raise _ApiError("message_not_found")
        if message.get("bot_id") != team.bot_id:
            raise _ApiError("cant_delete_message")
        team.messages[channel["id"]].remove(message)
        return {"channel": channel["id"], "ts": message["ts"]}

    def _chat_get_permalink(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        channel = self._readable(team, args["channel"])
        message = self._find_message(team, channel["id"], args["message_ts"])
        if message is None:
            raise _ApiError("message_not_found")
        link = (
            f"https://{team.domain}.slack.com/archives/{channel['id']}/"
            f"p{message['ts'].replace('.', '')}"
        )
        thread_ts = message.get("thread_ts")
        if thread_ts and thread_ts != message["ts"]:
            link += f"?thread_ts={thread_ts}&cid={channel['id']}"
        return {"channel": channel["id"], "permalink": link}

    def _conversations_open(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        if _present(args.get("channel")):
            channel = self._readable(team, args["channel"])
            return {"no_op": True, "already_open": True, "channel": {"id": channel["id"]}}
        users = args.get("users")
        if isinstance(users, list):
            users = ",".join(users)
        if not _present(users):
            raise _ApiError("users_list_not_supplied")
        user_ids = [u.strip() for u in str(users).split(",") if u.strip()]
        if len(user_ids) > 8:
            raise _ApiError("too_many_users")
        for user_id in user_ids:
            user = team.users.get(user_id)
            if user is not None and user["deleted"]:
                raise _ApiError("user_disabled")
        if len(user_ids) == 1:
            already = user_ids[0] in team.dms
            channel = self._dm_for(team, user_ids[0])
        else:
            key = tuple(sorted(user_ids))
            already = key in team.mpims
            if not already:
                channel_id = self._next_id("G")
                team.mpims[key] = channel_id
                team.channels[channel_id] = {
                    **_dm_record(channel_id, None),
                    "is_im": False,
                    "is_mpim": True,
                    "is_group": True,
                    "name": "mpdm-" + "--".join(key) + "-1",
                }
                team.messages.setdefault(channel_id, [])
            channel = team.channels[team.mpims[key]]
        result: dict[str, Any] = {"no_op": already, "already_open": already}
        result["channel"] = (
            _public(channel) if _truthy(args.get("return_im")) else {"id": channel["id"]}
        )
        return result

    def _conversations_join(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        channel = self._resolve(team, args.get("channel"))
        if channel["is_im"] or channel["is_mpim"] or channel["is_private"]:
            if channel["is_private"] and not channel["is_member"]:
                raise _ApiError("channel_not_found")
            raise _ApiError("method_not_supported_for_channel_type")
        if channel["is_archived"]:
            raise _ApiError("is_archived")
        result: dict[str, Any] = {}
        if channel["is_member"]:
            result["warning"] = "already_in_channel"
            result["response_metadata"] = {"warnings": ["already_in_channel"]}
        channel["is_member"] = True
        if channel.get("_members") is not None:
            channel["_members"].add(team.bot_user_id)
        return {"channel": _public(channel), **result}

    def _conversations_info(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        channel = _public(self._readable(team, args.get("channel")))
        if _truthy(args.get("include_num_members")) and not channel["is_im"]:
            members = self._resolve(team, channel["id"]).get("_members")
            channel["num_members"] = len(members) if members is not None else 0
        if _truthy(args.get("include_locale")):
            channel["locale"] = "en-US"
        return {"channel": channel}

    def _conversations_replies(
        self, team: _Team, args: dict[str, Any], call: Call
    ) -> dict[str, Any]:
        channel = self._readable(team, args.get("channel"))
        if not (channel["is_im"] or channel["is_mpim"] or channel["is_member"]):
            raise _ApiError("not_in_channel")
        ts = args.get("ts")
        message = self._find_message(team, channel["id"], ts)
        if message is None:
            raise _ApiError("thread_not_found")
        if message.get("thread_ts") not in (None, ts):
            thread = [message]  # a reply's ts returns just that reply, as Slack does
        else:
            thread = [
                m for m in team.messages[channel["id"]] if m["ts"] == ts or m.get("thread_ts") == ts
            ]
        thread.sort(key=_ts_key)
        limit = int(args.get("limit") or 1000)
        page = thread[:limit]
        return {
            "messages": copy_json(page),
            "has_more": len(thread) > limit,
            "response_metadata": {"next_cursor": ""},
        }

    def _conversations_history(
        self, team: _Team, args: dict[str, Any], call: Call
    ) -> dict[str, Any]:
        channel = self._readable(team, args.get("channel"))
        if not (channel["is_im"] or channel["is_mpim"] or channel["is_member"]):
            raise _ApiError("not_in_channel")
        oldest = float(args.get("oldest") or 0)
        latest = float(args["latest"]) if _present(args.get("latest")) else float("inf")
        found = [
            m
            for m in team.messages[channel["id"]]
            if m.get("thread_ts") in (None, m["ts"]) and oldest < float(m["ts"]) < latest
        ]
        found.sort(key=_ts_key, reverse=True)  # newest first, as Slack answers
        limit = int(args.get("limit") or 100)
        page = copy_json(found[:limit])
        if not _truthy(args.get("include_all_metadata")):
            for message in page:
                message.pop("metadata", None)
        return {
            "messages": page,
            "has_more": len(found) > limit,
            "response_metadata": {"next_cursor": ""},
        }

    def _reaction_target(self, team: _Team, args: dict[str, Any]) -> dict[str, Any]:
        if not _present(args.get("channel")) or not _present(args.get("timestamp")):
            raise _ApiError("no_item_specified")
        name = str(args.get("name"))
        if ":" in name or " " in name:
            raise _ApiError("invalid_name")
        channel = self._readable(team, args["channel"])
        message = self._find_message(team, channel["id"], args["timestamp"])
        if message is None:
            raise _ApiError("message_not_found")
        return message

    def _reactions_add(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        message = self._reaction_target(team, args)
        reactions = message.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["name"] == args["name"]:
                if team.bot_user_id in reaction["users"]:
                    raise _ApiError("already_reacted")
                reaction["users"].append(team.bot_user_id)
                reaction["count"] += 1
                return {}
        reactions.append({"name": args["name"], "users": [team.bot_user_id], "count": 1})
        return {}

    def _reactions_remove(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        message = self._reaction_target(team, args)
        for reaction in message.get("reactions", []):
            if reaction["name"] == args["name"] and team.bot_user_id in reaction["users"]:
                reaction["users"].remove(team.bot_user_id)
                reaction["count"] -= 1
                if reaction["count"] == 0:
                    message["reactions"].remove(reaction)
                return {}
        raise _ApiError("no_reaction")

    def _user_object(self, user: dict[str, Any], include_locale: bool) -> dict[str, Any]:
        result = copy_json(user)
        result.update(_tz_fields(user["tz"]))
        if not include_locale:
            result.pop("locale", None)
        return result

    def _users_info(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        user = team.users.get(args.get("user") or "")
        if user is None:
            raise _ApiError("user_not_found")
        return {"user": self._user_object(user, _truthy(args.get("include_locale")))}

    def _users_lookup_by_email(
        self, team: _Team, args: dict[str, Any], call: Call
    ) -> dict[str, Any]:
        wanted = str(args["email"]).strip().lower()
        for user in team.users.values():
            if str(user["profile"].get("email", "")).lower() == wanted:
                return {"user": self._user_object(user, False)}
        raise _ApiError("users_not_found")

    def _users_list(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        users = list(team.users.values())
        start = 0
        cursor = args.get("cursor")
        if _present(cursor):
            try:
                start = int(base64.b64decode(str(cursor)).decode().removeprefix("offset:"))
            except ValueError as exc:
                raise _ApiError("invalid_cursor") from exc
        limit = int(args.get("limit") or 0) or len(users)
        page = users[start : start + limit]
        end = start + len(page)
        next_cursor = (
            base64.b64encode(f"offset:{end}".encode()).decode() if end < len(users) else ""
        )
        include_locale = _truthy(args.get("include_locale"))
        return {
            "members": [self._user_object(u, include_locale) for u in page],
            "cache_ts": int(clock.timestamp()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _usergroups_list(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        groups = []
        for group in team.usergroups.values():
            item = copy_json(group)
            item["user_count"] = len(group["users"])
            if not _truthy(args.get("include_users")):
                item.pop("users")
            groups.append(item)
        return {"usergroups": groups}

    def _usergroups_users_list(
        self, team: _Team, args: dict[str, Any], call: Call
    ) -> dict[str, Any]:
        group = team.usergroups.get(str(args["usergroup"]))
        if group is None:
            raise _ApiError("no_such_subteam")
        return {"users": list(group["users"])}

    # -- views ------------------------------------------------------------------------------

    def _check_view(self, view: Any, call: Call, *, kind: str) -> dict[str, Any]:
        errors = view_errors(view)
        if (
            isinstance(view, dict)
            and view.get("type") in ("modal", "home")
            and view["type"] != kind
        ):
            errors.append(f"view.type must be {kind!r} for {call.method}")
        if errors:
            call.errors.extend(errors)
            if self.strict or not isinstance(view, dict):
                raise _ApiError(
                    "invalid_arguments", messages=[f"[ERROR] {error}" for error in errors]
                )
        return cast(dict[str, Any], view)

    def _use_trigger(self, args: dict[str, Any], call: Call) -> dict[str, Any]:
        trigger_id = args.get("trigger_id") or args.get("interactivity_pointer")
        trigger = self._triggers.get(str(trigger_id))
        if trigger is None:
            call.errors.append(f"trigger_id {trigger_id!r} was not issued by FakeSlack")
            if self.strict:
                raise _ApiError("invalid_trigger_id")
            return {"user_id": None, "view_id": None}
        if trigger["used"]:
            raise _ApiError("exchanged_trigger_id")
        if self.trigger_ttl is not None and time.monotonic() - trigger["created"] > (
            self.trigger_ttl
        ):
            raise _ApiError("expired_trigger_id")
        trigger["used"] = True
        return trigger

    def _store_view(
        self,
        team: _Team,
        view: dict[str, Any],
        *,
        view_id: str | None = None,
        root_view_id: str | None = None,
        previous_view_id: str | None = None,
    ) -> dict[str, Any]:
        external_id = view.get("external_id") or ""
        if external_id and team.external_ids.get(external_id, view_id) != view_id:
            raise _ApiError("duplicate_external_id")
        view_id = view_id or self._next_id("V")
        stored: dict[str, Any] = {
            "id": view_id,
            "team_id": team.id,
            "type": view.get("type"),
            "blocks": copy_json(view.get("blocks", [])),
            "private_metadata": view.get("private_metadata") or "",
            "callback_id": view.get("callback_id") or "",
            "state": {"values": {}},
            "hash": f"{int(clock.timestamp())}.{secrets.token_hex(4)}",
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": previous_view_id,
            "root_view_id": root_view_id or view_id,
            "app_id": self.app_id,
            "external_id": external_id,
            "app_installed_team_id": team.id,
            "bot_id": team.bot_id,
        }
        if "title" in view:
            stored["title"] = copy_json(view["title"])
        stored["submit_disabled"] = bool(view.get("submit_disabled", False))
        _fill_block_ids(stored["blocks"])
        if external_id:
            team.external_ids[external_id] = view_id
        self._views[view_id] = stored
        self._view_teams[view_id] = team.id
        return copy_json(stored)

    def _views_open(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        view = self._check_view(args["view"], call, kind="modal")
        self._use_trigger(args, call)
        return {"view": self._store_view(team, view)}

    def _views_push(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        view = self._check_view(args["view"], call, kind="modal")
        trigger = self._use_trigger(args, call)
        below = self._views.get(trigger.get("view_id") or "")
        if below is not None:
            depth, cursor = 1, below
            while cursor.get("previous_view_id"):
                depth += 1
                cursor = self._views[cursor["previous_view_id"]]
            if depth >= 3:
                raise _ApiError("push_limit_reached")
            return {
                "view": self._store_view(
                    team, view, root_view_id=below["root_view_id"], previous_view_id=below["id"]
                )
            }
        return {"view": self._store_view(team, view)}

    def _views_update(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        view_id = args.get("view_id")
        if not _present(view_id) and _present(args.get("external_id")):
            view_id = team.external_ids.get(str(args["external_id"]))
            if view_id is None:
                raise _ApiError("not_found")
        if not _present(view_id):
            call.errors.append("views.update needs view_id or external_id")
            raise _ApiError(
                "invalid_arguments",
                messages=["[ERROR] either view_id or external_id is required"],
            )
        current = self._views.get(str(view_id))
        if current is None or self._view_teams.get(str(view_id)) != team.id:
            raise _ApiError("not_found")
        view = self._check_view(args["view"], call, kind=current["type"])
        if _present(args.get("hash")) and args["hash"] != current["hash"]:
            raise _ApiError("hash_conflict")
        if not view.get("external_id") and current["external_id"]:
            view = {**view, "external_id": current["external_id"]}
        return {
            "view": self._store_view(
                team,
                view,
                view_id=current["id"],
                root_view_id=current["root_view_id"],
                previous_view_id=current["previous_view_id"],
            )
        }

    def _views_publish(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        view = self._check_view(args["view"], call, kind="home")
        user_id = str(args["user_id"])
        current_id = team.home_views.get(user_id)
        current = self._views.get(current_id or "")
        if _present(args.get("hash")) and (current is None or args["hash"] != current["hash"]):
            raise _ApiError("hash_conflict")
        stored = self._store_view(team, view, view_id=current_id)
        team.home_views[user_id] = stored["id"]
        return {"view": stored}

    # -- files ------------------------------------------------------------------------------

    def _files_get_upload_url(
        self, team: _Team, args: dict[str, Any], call: Call
    ) -> dict[str, Any]:
        try:
            length = int(args["length"])
        except (TypeError, ValueError) as exc:
            raise _ApiError("invalid_arguments") from exc
        if length <= 0:
            raise _ApiError("invalid_length")
        file_id = self._next_id("F")
        name = str(args["filename"])
        self._files[file_id] = {
            "id": file_id,
            "team_id": team.id,
            "name": name,
            "title": name,
            "alt_txt": args.get("alt_txt"),
            "snippet_type": args.get("snippet_type"),
            "length": length,
            "content": b"",
            "uploaded": False,
            "completed": False,
            "channel": None,
            "thread_ts": None,
            "initial_comment": None,
            "message_ts": None,
            "user": team.bot_user_id,
            "created": int(clock.timestamp()),
        }
        return {"upload_url": f"{self.root_url}/upload/{file_id}", "file_id": file_id}

    def _file_object(self, team: _Team, record: dict[str, Any], *, shares: bool) -> dict[str, Any]:
        name = record["name"]
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else "binary"
        url = f"{self.root_url}/files-pri/{team.id}-{record['id']}/{name}"
        obj: dict[str, Any] = {
            "id": record["id"],
            "created": record["created"],
            "timestamp": record["created"],
            "name": name,
            "title": record["title"],
            "mimetype": mimetype,
            "filetype": extension,
            "pretty_type": extension.upper(),
            "user": record["user"],
            "user_team": team.id,
            "editable": False,
            "size": len(record["content"]),
            "mode": "hosted",
            "is_external": False,
            "is_public": False,
            "public_url_shared": False,
            "display_as_bot": False,
            "url_private": url,
            "url_private_download": url.rsplit("/", 1)[0] + f"/download/{name}",
            "permalink": f"https://{team.domain}.slack.com/files/{record['user']}/{record['id']}/{name}",
            "comments_count": 0,
            "shares": {},
            "channels": [],
            "groups": [],
            "ims": [],
            "has_rich_preview": False,
            "file_access": "visible",
        }
        if record.get("alt_txt"):
            obj["alt_txt"] = record["alt_txt"]
        if shares and record["channel"]:
            channel = team.channels.get(record["channel"], {})
            kind = "private" if channel.get("is_private") or channel.get("is_im") else "public"
            share: dict[str, Any] = {
                "ts": record["message_ts"],
                "channel_name": channel.get("name", ""),
                "team_id": team.id,
                "share_user_id": record["user"],
                "source": "UNKNOWN",
            }
            if record["thread_ts"]:
                share["thread_ts"] = record["thread_ts"]
            obj["shares"] = {kind: {record["channel"]: [share]}}
            bucket = (
                "ims" if channel.get("is_im") else "groups" if kind == "private" else "channels"
            )
            obj[bucket] = [record["channel"]]
        return obj

    def _files_complete_upload(
        self, team: _Team, args: dict[str, Any], call: Call
    ) -> dict[str, Any]:
        items = args["files"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            call.errors.append("files must be a JSON array of {id, title}")
            raise _ApiError("invalid_arguments")
        records = []
        for item in items:
            record = self._files.get(str(item.get("id")))
            if record is None or record["team_id"] != team.id or not record["uploaded"]:
                raise _ApiError("file_not_found")
            records.append((record, item))
        channel_id = args.get("channel_id")
        if not _present(channel_id) and _present(args.get("channels")):
            channel_id = str(args["channels"]).split(",")[0]
        channel = self._postable(team, channel_id) if _present(channel_id) else None
        for record, item in records:
            record["title"] = item.get("title") or record["name"]
            record["completed"] = True
        if channel is not None:
            message = self._bot_message(team, {"text": args.get("initial_comment") or ""})
            message["upload"] = True
            message["display_as_bot"] = False
            self._store_message(team, channel["id"], message, args.get("thread_ts"))
            for record, _ in records:
                record.update(
                    channel=channel["id"],
                    thread_ts=args.get("thread_ts") or None,
                    initial_comment=args.get("initial_comment"),
                    message_ts=message["ts"],
                )
            message["files"] = [self._file_object(team, r, shares=False) for r, _ in records]
        # Slack shares the file asynchronously: the answer's shares/channels are still empty,
        # so a bot must not read the message ts from here (files.info has it later).
        return {"files": [self._file_object(team, r, shares=False) for r, _ in records]}

    def _files_info(self, team: _Team, args: dict[str, Any], call: Call) -> dict[str, Any]:
        record = self._files.get(str(args.get("file")))
        if record is None or record["team_id"] != team.id or not record["completed"]:
            raise _ApiError("file_not_found")
        return {"file": self._file_object(team, record, shares=True), "comments": []}

    # -- OAuth ------------------------------------------------------------------------------

    def _oauth_v2_access(
        self, args: dict[str, Any], basic: tuple[str, str] | None
    ) -> dict[str, Any]:
        client_id, client_secret = basic or (args.get("client_id"), args.get("client_secret"))
        if not _present(client_id):
            raise _ApiError("invalid_client_id")
        if self._oauth_client is not None:
            if client_id != self._oauth_client[0]:
                raise _ApiError("invalid_client_id")
            if client_secret != self._oauth_client[1]:
                raise _ApiError("bad_client_secret")
        grant = self._oauth_codes.pop(str(args["code"]), None)
        if grant is None:
            raise _ApiError("invalid_code")
        if grant["redirect_uri"] and args.get("redirect_uri") != grant["redirect_uri"]:
            raise _ApiError("bad_redirect_uri")
        team_id = grant["team_id"]
        token = f"xoxb-{team_id}-{next(self._counter)}-{secrets.token_hex(12)}"
        self.add_token(token, team_id, team_name=grant["team_name"])
        team = self._teams[team_id]
        if grant["user_id"] not in team.users:
            self.add_user(grant["user_id"], name="installer", team_id=team_id)
        return {
            "ok": True,
            "app_id": self.app_id,
            "authed_user": {"id": grant["user_id"]},
            "scope": grant["scope"],
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": team.bot_user_id,
            "team": {"id": team.id, "name": team.name},
            "enterprise": None,
            "is_enterprise_install": False,
        }


# ---------------------------------------------------------------------------------------------
# HTTP plumbing
# ---------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops connections when a bot fans out from many threads, and
    # the client then waits a full second for the SYN retry.
    request_queue_size = 128


def _make_handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "FakeSlack/1.0"
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; without TCP_NODELAY, delayed ACKs
        # add ~40 ms to every call.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            _log.debug("%s - %s", self.address_string(), format % args)

        def do_GET(self) -> None:
            self._route(b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._route(self.rfile.read(length) if length else b"")

        def _route(self, body: bytes) -> None:
            parts = urlsplit(self.path)
            path = parts.path
            url = f"{fake.root_url}{path}"
            try:
                if path.startswith("/api/"):
                    self._api(path[len("/api/") :], parts.query, body)
                elif path.startswith("/response/") and self.command == "POST":
                    try:
                        payload = json.loads(body or b"{}")
                    except ValueError:
                        payload = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
                        if "payload" in payload:
                            payload = json.loads(payload["payload"])
                    if not isinstance(payload, dict):
                        payload = {"_raw": payload}
                    status, text = fake._handle_response_url(
                        path[len("/response/") :], payload, url
                    )
                    self._send(status, text.encode(), _content_type(text))
                elif path.startswith("/upload/") and self.command == "POST":
                    status, text = fake._handle_upload(path[len("/upload/") :], body, url)
                    self._send(status, text.encode(), "text/plain; charset=utf-8")
                elif path.startswith("/files-pri/"):
                    file_id = path[len("/files-pri/") :].split("/", 1)[0].split("-", 1)[-1]
                    status, data = fake._download(file_id, self._bearer())
                    self._send(status, data, "application/octet-stream")
                else:
                    self._send(404, b"not_found", "text/plain")
            except Exception as exc:  # a bug in the fake must not look like a hung Slack
                _log.exception("FakeSlack failed on %s", self.path)
                self._send(500, json.dumps({"ok": False, "error": f"fake_crashed: {exc}"}).encode())

        def _bearer(self) -> str | None:
            header = self.headers.get("Authorization") or ""
            return header[7:].strip() if header.startswith("Bearer ") else None

        def _api(self, method: str, query: str, body: bytes) -> None:
            args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if body:
                if content_type == "application/json":
                    try:
                        decoded = json.loads(body)
                    except ValueError:
                        self._json(200, {"ok": False, "error": "invalid_json"})
                        return
                    if not isinstance(decoded, dict):
                        self._json(200, {"ok": False, "error": "json_not_object"})
                        return
                    args.update(decoded)
                elif content_type in ("application/x-www-form-urlencoded", ""):
                    args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
                else:
                    self._json(200, {"ok": False, "error": "invalid_form_data"})
                    return
            for key in _JSON_FIELDS.intersection(args):
                value = args[key]
                if isinstance(value, str) and value[:1] in ("[", "{"):
                    # Invalid JSON stays a string: validation then reports it.
                    with contextlib.suppress(ValueError):
                        args[key] = json.loads(value)
            token = self._bearer()
            form_token = args.pop("token", None)
            if token is None and isinstance(form_token, str):
                token = form_token
            basic = None
            header = self.headers.get("Authorization") or ""
            if header.startswith("Basic "):
                try:
                    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
                    basic = (user, password)
                except ValueError:
                    basic = None
            status, response, headers = fake._handle_api(method, args, token, basic)
            self._json(status, response, headers)

        def _json(
            self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            self._send(status, json.dumps(body).encode(), headers=headers)

        def _send(
            self,
            status: int,
            data: bytes,
            content_type: str = "application/json; charset=utf-8",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _content_type(text: str) -> str:
    return "application/json; charset=utf-8" if text.startswith("{") else "text/plain"


def _dm_record(channel_id: str, user_id: str | None) -> dict[str, Any]:
    return {
        "id": channel_id,
        "created": 1_700_000_000,
        "is_channel": False,
        "is_group": False,
        "is_im": True,
        "is_mpim": False,
        "is_private": True,
        "is_archived": False,
        "is_member": True,
        "is_org_shared": False,
        "user": user_id,
        "is_user_deleted": False,
        "priority": 0,
    }


def _public(channel: dict[str, Any]) -> dict[str, Any]:
    """A channel record without the fake's private bookkeeping keys."""
    return {k: copy_json(v) for k, v in channel.items() if not k.startswith("_")}


def _fill_block_ids(blocks: Any) -> None:
    """Slack gives every block a block_id and every element an action_id if the app did not."""
    if not isinstance(blocks, list):
        return
    for block in blocks:
        if not isinstance(block, dict):
            continue
        block.setdefault("block_id", secrets.token_urlsafe(4))
        elements: list[Any] = []
        if block.get("type") == "actions" and isinstance(block.get("elements"), list):
            elements.extend(block["elements"])
        for key in ("element", "accessory"):
            if isinstance(block.get(key), dict):
                elements.append(block[key])
        for element in elements:
            if isinstance(element, dict) and element.get("type") not in ("image", None):
                element.setdefault("action_id", secrets.token_urlsafe(4))


def _ts_key(message: dict[str, Any]) -> tuple[int, int]:
    seconds, _, micros = str(message.get("ts", "0.0")).partition(".")
    return int(seconds), int(micros or 0)


def _describe(predicate: Callable[..., Any]) -> str:
    name = getattr(predicate, "__name__", "predicate")
    code = getattr(predicate, "__code__", None)
    if name == "<lambda>" and code is not None:
        return f"lambda at {code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno}"
    return name


def _summary(call: Call) -> str:
    status = "ok" if call.ok else f"error={call.error}"
    extra = f" errors={call.errors}" if call.errors else ""
    target = call.args.get("channel") or call.args.get("user_id") or call.args.get("url") or ""
    return f"{call.method} {target} -> HTTP {call.http_status} {status}{extra}".replace("  ", " ")
