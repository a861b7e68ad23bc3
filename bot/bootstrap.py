"""Start-up shared by the CLI, the WSGI entry point, gunicorn's config and `python -m jobs`:
read settings, set up logging, migrate, build the app."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.app import build_app
from bot.config import ConfigError, Settings, load_settings, secret_values
from bot.db import make_engine, migrate
from bot.logs import setup_logging
from bot.runtime import Runtime, runtime_of

log = logging.getLogger("bot")


def settings_from_env(require_slack: bool = True) -> Settings:
    settings = load_settings(require_slack=require_slack)
    setup_logging(settings.log_level, secret_values(settings))
    return settings


def migrate_from_env() -> None:
    """Migrate the configured database to the newest schema."""
    settings = settings_from_env(require_slack=False)
    migrate(make_engine(settings.database_url))
    log.info("database %s is at the newest schema", settings.safe_database_url)


def prepare(*, migrate_schema: bool = True) -> tuple[App, Runtime]:
    """Read settings, migrate, and build the app (used by `serve` and by bot.wsgi)."""
    settings = settings_from_env()
    engine = make_engine(settings.database_url)
    if migrate_schema:
        migrate(engine)
    app = build_app(settings, engine=engine)
    runtime = runtime_of(app)
    if runtime.installations is not None and not runtime.installations.readable():
        raise ConfigError(
            "TOKEN_ENCRYPTION_KEY cannot decrypt the Slack tokens stored in the database: list "
            "the key they were stored with after the new one (new,old), start again, then run "
            "`python -m bot rotate-keys`."
        )
    return app, runtime
