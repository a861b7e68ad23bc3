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

_WHERE_TOKENS = "api.slack.com/apps → your app"


class ConfigError(Exception):
    """A missing or malformed setting; the message is one line naming the variable and the fix."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment. Secrets are left out of repr()."""

    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_api_url: str = DEFAULT_API_URL
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)
    port: int = 3000
    language: str = "da"
    timezone: str = "Europe/Copenhagen"
    log_level: str = "INFO"

    @property
    def socket_mode(self) -> bool:
        """True when Slack reaches the bot over a Socket Mode websocket."""
        return bool(self.slack_app_token)

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

    app_token = _get(env, "SLACK_APP_TOKEN")
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN must start with 'xapp-' (Basic Information → App-Level Tokens, "
            "scope connections:write), or be left unset for HTTP mode."
        )
    values["slack_app_token"] = app_token

    if _get(env, "SLACK_CLIENT_ID") is not None:
        # Multi-workspace OAuth install is planned (see the README); refuse rather than half-work.
        raise ConfigError(
            "SLACK_CLIENT_ID is set, but OAuth (multi-workspace) mode is not available yet: "
            "unset it and use SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET."
        )
    if require_slack:
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
        if app_token is None:
            values["slack_signing_secret"] = _require(
                env,
                "SLACK_SIGNING_SECRET",
                f"Copy the Signing Secret from {_WHERE_TOKENS} → Basic Information into .env.",
            )
        else:
            values["slack_signing_secret"] = _get(env, "SLACK_SIGNING_SECRET")
    else:
        values["slack_bot_token"] = _get(env, "SLACK_BOT_TOKEN")
        values["slack_signing_secret"] = _get(env, "SLACK_SIGNING_SECRET")

    return Settings(**values)  # type: ignore[arg-type]


def secret_values(settings: Settings) -> list[str]:
    """Every secret in the settings, so log filters can scrub them."""
    hidden = [f.name for f in fields(settings) if not f.repr and f.name != "database_url"]
    secrets = [str(getattr(settings, name)) for name in hidden if getattr(settings, name)]
    password = make_url(settings.database_url).password
    if password:
        secrets.append(str(password))
    return secrets
