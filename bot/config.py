"""Settings: one frozen object, read once from the environment (and `.env`, never overriding it)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///tvaers.db"
DEFAULT_STATBANK_URL = "https://api.statbank.dk/v1"

_WHERE_TOKENS = "api.slack.com/apps → your app"


class ConfigError(Exception):
    """A missing or malformed setting; the message is one line naming the variable and the fix."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment. Secrets are left out of repr()."""

    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    # OAuth (multi-workspace) mode: set instead of SLACK_BOT_TOKEN.
    slack_client_id: str | None = None
    slack_client_secret: str | None = field(default=None, repr=False)
    slack_state_secret: str | None = field(default=None, repr=False)
    token_encryption_key: str | None = field(default=None, repr=False)
    slack_api_url: str = DEFAULT_API_URL
    # Danmarks Statistik's Statistikbank API, for indicators fed from official statistics.
    statbank_api_url: str = DEFAULT_STATBANK_URL
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)
    port: int = 3000
    language: str = "da"
    timezone: str = "Europe/Copenhagen"
    log_level: str = "INFO"
    # Weekly reflection: how long after its due time a missed prompt is still caught up.
    reflection_catchup_hours: int = 48
    # Cross-unit threads: when the weekly job runs, how alike items must be, when to follow up.
    cross_unit_schedule: str = "mon 08:00"
    cross_unit_follow_up_days: int = 14
    # Days an escalation may wait for the directors before they get one reminder.
    decision_reminder_days: int = 14
    # How alike two items must be (the matcher's score: cosine plus structured evidence); the
    # default was chosen on the tuning half of bench/data (bench/README.md has the figures).
    cross_unit_similarity: float = 0.38
    cross_unit_max_items: int = 8
    cross_unit_pairing: bool = False
    # Privacy: free text older than this is removed; an uninstalled workspace's data is deleted
    # this many days after the uninstall unless the app comes back.
    retention_months: int = 24
    uninstall_grace_days: int = 30

    @property
    def socket_mode(self) -> bool:
        """True when Slack reaches the bot over a Socket Mode websocket."""
        return bool(self.slack_app_token)

    @property
    def oauth_mode(self) -> bool:
        """True when workspaces install the app with "Add to Slack" (tokens in the database)."""
        return bool(self.slack_client_id)

    @property
    def safe_database_url(self) -> str:
        """The database URL with any password hidden, for logs and messages."""
        return make_url(self.database_url).render_as_string(hide_password=True)

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with some fields changed (tests and the demo use this)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _require(env: Mapping[str, str], name: str, how: str) -> str:
    value = _get(env, name)
    if value is None:
        raise ConfigError(f"{name} is not set. {how}")
    return value


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    dotenv_path: str | Path | None = ".env",
    require_slack: bool = True,
) -> Settings:
    """Read and validate settings; raise ConfigError with one helpful line on the first problem."""
    if environ is None:
        if dotenv_path is not None and Path(dotenv_path).is_file():
            from dotenv import load_dotenv

            load_dotenv(dotenv_path, override=False)
        environ = os.environ
    env = environ

    values: dict[str, object] = {}

    api_url = _get(env, "SLACK_API_URL") or DEFAULT_API_URL
    parsed = urlparse(api_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_API_URL}, got {api_url!r}."
        )
    values["slack_api_url"] = api_url if api_url.endswith("/") else api_url + "/"

    statbank_url = _get(env, "STATBANK_API_URL") or DEFAULT_STATBANK_URL
    parsed = urlparse(statbank_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"STATBANK_API_URL must be an http(s) URL such as {DEFAULT_STATBANK_URL}, "
            f"got {statbank_url!r}."
        )
    values["statbank_api_url"] = statbank_url.rstrip("/")

    database_url = _get(env, "DATABASE_URL") or DEFAULT_DATABASE_URL
    if database_url.startswith("postgres://"):
        # Heroku-style URLs name no driver; psycopg 3 is the one we ship.
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    try:
        backend = make_url(database_url).get_backend_name()
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a database URL. Use sqlite:///tvaers.db or "
            "postgresql+psycopg://user:password@host:5432/dbname."
        ) from None
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"DATABASE_URL uses {backend!r}; Tværs supports sqlite and postgresql (psycopg)."
        )
    values["database_url"] = database_url

    port_text = _get(env, "PORT") or "3000"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PORT must be a number between 1 and 65535, got {port_text!r}.")
    values["port"] = int(port_text)

    language = (_get(env, "BOT_LANGUAGE") or "da").lower()
    if language not in ("da", "en"):
        raise ConfigError(f"BOT_LANGUAGE must be 'da' or 'en', got {language!r}.")
    values["language"] = language

    timezone = _get(env, "BOT_TIMEZONE") or "Europe/Copenhagen"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"BOT_TIMEZONE {timezone!r} is not a known time zone; use e.g. Europe/Copenhagen."
        ) from None
    values["timezone"] = timezone

    log_level = (_get(env, "LOG_LEVEL") or "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {log_level!r}.")
    values["log_level"] = log_level

    catchup = _get(env, "REFLECTION_CATCHUP_HOURS") or "48"
    if not catchup.isdigit() or not 1 <= int(catchup) <= 144:
        raise ConfigError(
            f"REFLECTION_CATCHUP_HOURS must be a whole number of hours from 1 to 144, "
            f"got {catchup!r}."
        )
    values["reflection_catchup_hours"] = int(catchup)

    values.update(_cross_unit_settings(env))
    values["retention_months"] = _whole(env, "RETENTION_MONTHS", 24, 1, 240)
    values["uninstall_grace_days"] = _whole(env, "UNINSTALL_GRACE_DAYS", 30, 0, 365)

    app_token = _get(env, "SLACK_APP_TOKEN")
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN must start with 'xapp-' (Basic Information → App-Level Tokens, "
            "scope connections:write), or be left unset for HTTP mode."
        )
    values["slack_app_token"] = app_token

    values.update(_oauth_settings(env, require_slack=require_slack))
    if require_slack and values["slack_client_id"] is None:
        token = _require(
            env,
            "SLACK_BOT_TOKEN",
            f"Copy the Bot User OAuth Token (xoxb-…) from {_WHERE_TOKENS} → OAuth & Permissions "
            "into .env, or run the offline demo with `python -m bot demo`.",
        )
        if not token.startswith("xoxb-"):
            raise ConfigError(
                "SLACK_BOT_TOKEN must be a bot token starting with 'xoxb-' "
                "(OAuth & Permissions → Bot User OAuth Token)."
            )
        values["slack_bot_token"] = token
    else:
        values["slack_bot_token"] = _get(env, "SLACK_BOT_TOKEN")  # None in OAuth mode
    # HTTP needs the signing secret; Socket Mode does not (OAuth mode is always HTTP).
    if require_slack and app_token is None:
        values["slack_signing_secret"] = _require(
            env,
            "SLACK_SIGNING_SECRET",
            f"Copy the Signing Secret from {_WHERE_TOKENS} → Basic Information into .env.",
        )
    else:
        values["slack_signing_secret"] = _get(env, "SLACK_SIGNING_SECRET")

    return Settings(**values)  # type: ignore[arg-type]


def _oauth_settings(env: Mapping[str, str], *, require_slack: bool) -> dict[str, object]:
    """SLACK_CLIENT_ID and its companions: all of them, or none (then SLACK_BOT_TOKEN)."""
    from bot.installations import check_keys

    client_id = _get(env, "SLACK_CLIENT_ID")
    values: dict[str, object] = {
        "slack_client_id": client_id,
        "slack_client_secret": _get(env, "SLACK_CLIENT_SECRET"),
        "slack_state_secret": _get(env, "SLACK_STATE_SECRET"),
        "token_encryption_key": _get(env, "TOKEN_ENCRYPTION_KEY"),
    }
    key = values["token_encryption_key"]
    if key is not None and (problem := check_keys(str(key))):
        raise ConfigError(f"TOKEN_ENCRYPTION_KEY is not valid: {problem}.")
    if client_id is None:
        secrets = ("SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET")
        stray = [name for name in secrets if _get(env, name) is not None]
        if stray:
            raise ConfigError(
                f"{stray[0]} is set but SLACK_CLIENT_ID is not: for OAuth (multi-workspace) mode "
                f"copy the Client ID from {_WHERE_TOKENS} → Basic Information → App Credentials."
            )
        return values
    if _get(env, "SLACK_BOT_TOKEN") is not None:
        raise ConfigError(
            "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: use SLACK_BOT_TOKEN for one "
            "workspace, or SLACK_CLIENT_ID (OAuth, tokens stored per workspace), not both."
        )
    if _get(env, "SLACK_APP_TOKEN") is not None:
        raise ConfigError(
            "SLACK_APP_TOKEN is set with SLACK_CLIENT_ID: OAuth mode serves /slack/install over "
            "HTTP, so unset SLACK_APP_TOKEN (Socket Mode is for one workspace)."
        )
    if require_slack:
        where = f"{_WHERE_TOKENS} → Basic Information → App Credentials"
        _require(env, "SLACK_CLIENT_SECRET", f"Copy the Client Secret from {where}.")
        _require(
            env,
            "SLACK_STATE_SECRET",
            "Set it to a long random string, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`.",
        )
        _require(
            env,
            "TOKEN_ENCRYPTION_KEY",
            "Generate one with `python -m bot new-key`; keep it safe, tokens are unreadable "
            "without it.",
        )
    return values


_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("mon", "monday", "man", "mandag"),
            ("tue", "tuesday", "tir", "tirsdag"),
            ("wed", "wednesday", "ons", "onsdag"),
            ("thu", "thursday", "tor", "torsdag"),
            ("fri", "friday", "fre", "fredag"),
            ("sat", "saturday", "lør", "lørdag"),
            ("sun", "sunday", "søn", "søndag"),
        ]
    )
    for name in names
}
_CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_weekly(text: str) -> tuple[str, int, int]:
    """'mon 08:00' (or 'mandag 8:00') -> ('mon', 8, 0); ValueError when it is not like that."""
    parts = text.strip().lower().split()
    if len(parts) != 2 or parts[0] not in _WEEKDAYS or ":" not in parts[1]:
        raise ValueError(text)
    hour_text, _, minute_text = parts[1].partition(":")
    if not (hour_text.isdigit() and minute_text.isdigit() and len(minute_text) == 2):
        raise ValueError(text)
    hour, minute = int(hour_text), int(minute_text)
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return _CRON_DAYS[_WEEKDAYS[parts[0]]], hour, minute


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    text = _get(env, name)
    if text is None:
        return default
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise ConfigError(f"{name} must be a number from {low:g} to {high:g}, got {text!r}.")
    return value


def _whole(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = _get(env, name)
    if text is None:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, got {text!r}.")
    return int(text)


def _cross_unit_settings(env: Mapping[str, str]) -> dict[str, object]:
    schedule = _get(env, "CROSS_UNIT_SCHEDULE") or "mon 08:00"
    try:
        parse_weekly(schedule)
    except ValueError:
        raise ConfigError(
            f"CROSS_UNIT_SCHEDULE must be a weekday and a time such as 'mon 08:00' "
            f"(or 'mandag 08:00'), got {schedule!r}."
        ) from None
    for old in (
        "CROSS_UNIT_TEXT_SIMILARITY",
        "CROSS_UNIT_SITUATION_SIMILARITY",
        "CROSS_UNIT_GOAL_SIMILARITY",
    ):
        if _get(env, old):
            raise ConfigError(
                f"{old} is no longer used: the matcher weighs text, citizen situation, goal and "
                "named units together, with one bar, CROSS_UNIT_SIMILARITY (default 0.38). "
                f"Remove {old} (and set CROSS_UNIT_SIMILARITY only if the default does not fit)."
            )
    pairing = (_get(env, "CROSS_UNIT_PAIRING") or "off").lower()
    if pairing not in ("on", "off", "true", "false", "1", "0", "yes", "no", "ja", "nej"):
        raise ConfigError(f"CROSS_UNIT_PAIRING must be 'on' or 'off', got {pairing!r}.")
    return {
        "cross_unit_schedule": schedule,
        "cross_unit_follow_up_days": _whole(env, "CROSS_UNIT_FOLLOW_UP_DAYS", 14, 1, 365),
        "decision_reminder_days": _whole(env, "DECISION_REMINDER_DAYS", 14, 1, 365),
        "cross_unit_similarity": _number(env, "CROSS_UNIT_SIMILARITY", 0.38, 0.05, 2),
        "cross_unit_max_items": _whole(env, "CROSS_UNIT_MAX_ITEMS", 8, 2, 20),
        "cross_unit_pairing": pairing in ("on", "true", "1", "yes", "ja"),
    }


def secret_values(settings: Settings) -> list[str]:
    """Every secret in the settings, so log filters can scrub them."""
    hidden = [f.name for f in fields(settings) if not f.repr and f.name != "database_url"]
    secrets = [str(getattr(settings, name)) for name in hidden if getattr(settings, name)]
    password = make_url(settings.database_url).password
    if password:
        secrets.append(str(password))
    return secrets
