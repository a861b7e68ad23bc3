"""Test bed: a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL), the Slack sandbox over
real HTTP, and the app served by a real WSGI server on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.app import build_app
from bot.config import Settings
from bot.db import make_engine, make_session_factory, migrate
from bot.models import Base
from bot.sandbox import FakeSlack, SlackSender
from bot.sandbox.appserver import AppServer
from bot.wsgi import create_wsgi_app

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT.parent / "shared" / "slack-specs"
EXAMPLE_ORG = ROOT / "examples" / "org.yaml"
SIGNING_SECRET = "test-signing-secret-0123456789"
BOT_TOKEN = "xoxb-sandbox"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """TEST_DATABASE_URL when set (CI sets PostgreSQL), else a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'tvaers-test.db'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """One engine for the run, migrated to head from an empty database."""
    engine = make_engine(database_url)
    _drop_everything(engine)
    migrate(engine)
    yield engine
    engine.dispose()


def _drop_everything(engine: Engine) -> None:
    # A previous run may have left tables behind on a shared PostgreSQL database.
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def wipe(engine: Engine) -> None:
    """Delete every row, children first, so each test starts from an empty database."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def db(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """A session factory on an empty database."""
    wipe(engine)
    yield make_session_factory(engine)
    wipe(engine)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """The Slack Web API stand-in; every test using it must make only valid calls."""
    slack = FakeSlack(bot_token=BOT_TOKEN)
    slack.start()
    yield slack
    slack.stop()
    invalid = slack.invalid_calls()
    assert not invalid, f"the bot made invalid Web API calls: {invalid}"


@dataclass
class RunningApp:
    """The app served over HTTP, with the sandbox and a signed sender aimed at it."""

    url: str
    fake: FakeSlack
    sender: SlackSender
    settings: Settings
    sessions: sessionmaker[Session]
    engine: Engine

    def session(self) -> Session:
        """A fresh session for looking at what the app stored."""
        return self.sessions()


def make_settings(fake: FakeSlack, database_url: str, **overrides: Any) -> Settings:
    """Settings pointing the app at the sandbox and the test database."""
    settings = Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.base_url,
        database_url=database_url,
    )
    return settings.with_overrides(**overrides) if overrides else settings


@pytest.fixture
def app(
    fake: FakeSlack, db: sessionmaker[Session], engine: Engine, database_url: str
) -> Iterator[RunningApp]:
    """The real app over real HTTP, talking to the sandbox and the test database."""
    settings = make_settings(fake, database_url)
    bolt_app = build_app(settings, engine=engine)
    with AppServer(create_wsgi_app(bolt_app)) as server:
        sender = SlackSender(server.events_url, SIGNING_SECRET, team_id=fake.team_id, fake=fake)
        yield RunningApp(server.events_url, fake, sender, settings, db, engine)


def add_org_users(fake: FakeSlack) -> None:
    """Give the sandbox the Slack users of examples/org.yaml (two are found only by e-mail)."""
    from bot.services.org_import import parse_org_file

    spec = parse_org_file(EXAMPLE_ORG.read_text(encoding="utf-8"))
    for index, person in enumerate(spec.people):
        user_id = person.user_id or f"U0MAIL{index}"
        fake.add_user(user_id, name=person.name or user_id, email=person.email)


def import_example_org(sessions: sessionmaker[Session], fake: FakeSlack | None = None) -> Any:
    """Import examples/org.yaml into the sandbox workspace and return the report."""
    from bot.db import session_scope
    from bot.services.org_import import apply_org, parse_org_file
    from bot.slack_client import email_lookup

    spec = parse_org_file(EXAMPLE_ORG.read_text(encoding="utf-8"))
    lookup = email_lookup(WebClient(token=BOT_TOKEN, base_url=fake.base_url)) if fake else None
    with session_scope(sessions) as session:
        return apply_org(
            session=session, spec=spec, team_id=spec.team_id or "T0TVAERS", lookup_email=lookup
        )
