"""Test bed: a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL), the Slack sandbox over
real HTTP, and the app served by a real WSGI server on 127.0.0.1.

The whole suite runs at one chosen moment: `TEST_NOW` (ISO 8601 with an offset, e.g.
`TEST_NOW=2026-12-24T08:30:00+01:00`) starts the one clock (`bot.clock`) there, for this process
and every `python -m ...` child; without it the suite runs at the wall clock's moment. CI runs it
on several fixed dates as well, so a test that only passes on some days cannot land."""

from __future__ import annotations

import copy
import fcntl
import functools
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot import clock
from bot.app import build_app, runtime_of
from bot.config import Settings
from bot.db import make_engine, make_session_factory, migrate
from bot.models import Base
from bot.wsgi import create_wsgi_app
from sandbox import FakeSlack, SlackSender
from sandbox.appserver import AppServer

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT.parent / "shared" / "slack-specs"
EXAMPLE_ORG = ROOT / "examples" / "org.yaml"
SIGNING_SECRET = "test-signing-secret-0123456789"
BOT_TOKEN = "xoxb-sandbox"
# OAuth mode: the app's credentials as the sandbox checks them, and a fixed encryption key.
CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "test-client-secret"
STATE_SECRET = "test-state-secret"
TOKEN_KEY = "3q2-7wGs_LJUnlUQOtNcZzo-sDLKUoxZ7Tc8OfOc6qw="
# The same as environment variables, for `python -m bot` / `python -m jobs` subprocesses.
OAUTH_ENV = {
    "SLACK_CLIENT_ID": CLIENT_ID,
    "SLACK_CLIENT_SECRET": CLIENT_SECRET,
    "SLACK_STATE_SECRET": STATE_SECRET,
    "TOKEN_ENCRYPTION_KEY": TOKEN_KEY,
    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
}


def pytest_configure(config: pytest.Config) -> None:
    """Start the one clock at TEST_NOW, here and in every child process the tests start."""
    config.addinivalue_line(
        "markers",
        "alone: the test measures time and runs while no other worker runs a test (see below)",
    )
    value = os.environ.get("TEST_NOW", "").strip()
    if value:
        clock.start_at(clock.parse_moment(value))
        os.environ.update(clock.environment())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`alone` tests first, while every other worker is on its first test.

    An `alone` test waits for the tests running beside it to end; at the start those are short,
    later one of them may be a long one. The order is the same in every worker, as pytest-xdist
    requires.
    """
    items.sort(key=lambda item: item.get_closest_marker("alone") is None)


def pytest_report_header(config: pytest.Config) -> str:
    """Say which moment the suite runs at, so a failure can be run again at the same moment."""
    return f"tvaers clock: {clock.now().isoformat(timespec='seconds')} (TEST_NOW to choose)"


@pytest.fixture(scope="session")
def _turnstile() -> Iterator[tuple[int, int] | None]:
    """Two lock files shared by this run's workers (none when the suite runs in one process)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        yield None
        return
    folder = Path(tempfile.gettempdir()) / f"tvaers-turnstile-{run}"
    folder.mkdir(exist_ok=True)
    gate = os.open(folder / "gate", os.O_RDWR | os.O_CREAT, 0o600)
    room = os.open(folder / "room", os.O_RDWR | os.O_CREAT, 0o600)
    yield gate, room
    os.close(gate)
    os.close(room)


@pytest.fixture(autouse=True)
def _share_of_the_machine(
    request: pytest.FixtureRequest, _turnstile: tuple[int, int] | None
) -> Iterator[None]:
    """A test marked `alone` has the machine to itself; every other test shares it.

    Such a test asserts how fast Slack gets its answer (Slack's latency switched on). On a
    2-core CI machine, three other workers starting servers and subprocesses beside it would
    measure them, not the app. Every test holds `room` shared while it runs; an `alone` test
    closes `gate` (no test starts) and waits for `room` on its own. Set up before the test's
    other fixtures and torn down after them, so their work is inside too.
    """
    if _turnstile is None:
        yield
        return
    gate, room = _turnstile
    if request.node.get_closest_marker("alone") is not None:
        fcntl.flock(gate, fcntl.LOCK_EX)
        fcntl.flock(room, fcntl.LOCK_EX)
        fcntl.flock(gate, fcntl.LOCK_UN)
    else:
        fcntl.flock(gate, fcntl.LOCK_SH)
        fcntl.flock(gate, fcntl.LOCK_UN)
        fcntl.flock(room, fcntl.LOCK_SH)
    try:
        yield
    finally:
        fcntl.flock(room, fcntl.LOCK_UN)


@pytest.fixture
def travel() -> Iterator[Callable[[datetime], None]]:
    """`travel(moment)` moves the one clock to `moment` for this test (the app's listeners, the
    sandbox and child processes see it too); the suite's moment comes back afterwards."""
    saved = clock.offset()

    def to(moment: datetime) -> None:
        clock.start_at(moment)
        os.environ.update(clock.environment())

    yield to
    clock.set_offset(saved)
    os.environ.pop(clock.ENV, None)
    os.environ.update(clock.environment())


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """TEST_DATABASE_URL when set (CI sets PostgreSQL), else a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        return _worker_database(url, worker) if worker else url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'tvaers-test.db'}"


def _worker_database(url: str, worker: str) -> str:
    """Under pytest-xdist each worker gets its own PostgreSQL database beside the given one
    (test -> test_gw0), created on first use, since each wipes its database between tests."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if found is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


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
        sender = SlackSender(
            server.events_url,
            SIGNING_SECRET,
            team_id=fake.team_id,
            fake=fake,
            settle=runtime_of(bolt_app).later.wait,
        )
        yield RunningApp(server.events_url, fake, sender, settings, db, engine)


def make_oauth_settings(fake: FakeSlack, database_url: str, **overrides: Any) -> Settings:
    """Settings for OAuth (multi-workspace) mode against the sandbox: no bot token at all."""
    settings = Settings(
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_state_secret=STATE_SECRET,
        token_encryption_key=TOKEN_KEY,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.base_url,
        database_url=database_url,
    )
    return settings.with_overrides(**overrides) if overrides else settings


@dataclass
class OAuthApp(RunningApp):
    """A RunningApp in OAuth mode, with the server's base URL for /slack/install."""

    base_url: str = ""

    def sender_for(self, team_id: str) -> SlackSender:
        """A signed sender for requests from another workspace."""
        return SlackSender(
            self.url, SIGNING_SECRET, team_id=team_id, fake=self.fake, settle=self.sender.settle
        )

    def install(self, team_id: str, team_name: str, *, user_id: str = "U0INSTALLER") -> str:
        """Go through "Add to Slack" as a browser would; returns the bot token Slack issued."""
        code = f"code-{team_id}-{len(self.fake.calls_to('oauth.v2.access'))}"
        self.fake.add_oauth_code(code, team_id, team_name, user_id=user_id)
        state, cookie = start_install(self.base_url)
        status, page = http_get(
            f"{self.base_url}/slack/oauth_redirect?code={code}&state={state}", cookie=cookie
        )
        assert status == 200, page
        access = self.fake.last("oauth.v2.access")
        assert access is not None and access.ok
        return str(access.response["access_token"])


def http_get(url: str, *, cookie: str | None = None) -> tuple[int, str]:
    """GET a page as a browser would (no redirects followed); returns (status, body)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def start_install(base_url: str) -> tuple[str, str]:
    """Open /slack/install; returns the state in the "Add to Slack" link and the cookie set."""
    import re
    import urllib.request

    with urllib.request.urlopen(f"{base_url}/slack/install", timeout=10) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        page = response.read().decode("utf-8")
    found = re.search(r"state=([^&\"]+)", page)
    assert found, page
    return found.group(1), cookie


@pytest.fixture
def oauth_app(
    fake: FakeSlack, db: sessionmaker[Session], engine: Engine, database_url: str
) -> Iterator[OAuthApp]:
    """The real app in OAuth mode over real HTTP; workspaces come in with `install()`."""
    fake.set_oauth_client(CLIENT_ID, CLIENT_SECRET)
    settings = make_oauth_settings(fake, database_url)
    bolt_app = build_app(settings, engine=engine)
    with AppServer(create_wsgi_app(bolt_app)) as server:
        sender = SlackSender(
            server.events_url,
            SIGNING_SECRET,
            team_id=fake.team_id,
            fake=fake,
            settle=runtime_of(bolt_app).later.wait,
        )
        yield OAuthApp(
            server.events_url, fake, sender, settings, db, engine, base_url=server.base_url
        )


def example_org_with_team(team_id: str = "T0TVAERS") -> str:
    """examples/org.yaml naming a workspace (the example itself leaves team_id out)."""
    text = EXAMPLE_ORG.read_text(encoding="utf-8")
    assert "\n  team_id:" not in text
    return text.replace("workspace:\n", f"workspace:\n  team_id: {team_id}\n", 1)


@functools.cache
def _example_org() -> Any:
    """examples/org.yaml parsed, once per worker (most tests start from it; parsing, with the
    CPR guard over every value, is the dearest part of their set-up). Tests of the parser read
    the file themselves."""
    from bot.services.org_import import parse_org_file

    return parse_org_file(EXAMPLE_ORG.read_text(encoding="utf-8"))


def add_org_users(fake: FakeSlack) -> None:
    """Give the sandbox the Slack users of examples/org.yaml (two are found only by e-mail)."""
    spec = _example_org()
    for index, person in enumerate(spec.people):
        user_id = person.user_id or f"U0MAIL{index}"
        fake.add_user(user_id, name=person.name or user_id, email=person.email)


def import_example_org(sessions: sessionmaker[Session], fake: FakeSlack | None = None) -> Any:
    """Import examples/org.yaml into the sandbox workspace and return the report."""
    from bot.db import session_scope
    from bot.services.org_import import apply_org
    from bot.slack_client import email_lookup

    spec = copy.deepcopy(_example_org())  # a copy: nothing done to it reaches the next test
    lookup = email_lookup(WebClient(token=BOT_TOKEN, base_url=fake.base_url)) if fake else None
    with session_scope(sessions) as session:
        return apply_org(
            session=session, spec=spec, team_id=spec.team_id or "T0TVAERS", lookup_email=lookup
        )


APP_TOKEN = "xapp-1-A0TVAERS-1-sandbox"


@dataclass
class SocketApp(RunningApp):
    """A RunningApp served over Socket Mode: `sender` sends envelopes on the app's socket."""

    socket: Any = None
    runner: Any = None


@contextmanager
def socket_mode_app(
    fake: FakeSlack, engine: Engine, database_url: str, db: sessionmaker[Session], **socket: Any
) -> Iterator[SocketApp]:
    """The real app connected over Socket Mode to the stand-in beside `fake`."""
    from bot.socket_mode import SocketModeRunner
    from sandbox.socketmode import FakeSocketMode, SocketSender

    settings = make_settings(fake, database_url, slack_app_token=APP_TOKEN)
    bolt_app = build_app(settings, engine=engine)
    with FakeSocketMode(fake, app_token=APP_TOKEN, **socket) as stand_in:
        runner = SocketModeRunner(bolt_app, APP_TOKEN)
        runner.start()
        try:
            stand_in.wait_connected()
            sender = SocketSender(
                stand_in, team_id=fake.team_id, settle=runtime_of(bolt_app).later.wait
            )
            yield SocketApp(
                "socket-mode://", fake, sender, settings, db, engine, socket=stand_in, runner=runner
            )
        finally:
            runner.stop()


@pytest.fixture(params=["http", "socket"])
def any_app(
    request: pytest.FixtureRequest,
    fake: FakeSlack,
    db: sessionmaker[Session],
    engine: Engine,
    database_url: str,
) -> Iterator[RunningApp]:
    """The real app over each transport Slack offers: HTTP requests, then Socket Mode."""
    if request.param == "http":
        settings = make_settings(fake, database_url)
        bolt_app = build_app(settings, engine=engine)
        with AppServer(create_wsgi_app(bolt_app)) as server:
            sender = SlackSender(
                server.events_url,
                SIGNING_SECRET,
                team_id=fake.team_id,
                fake=fake,
                settle=runtime_of(bolt_app).later.wait,
            )
            yield RunningApp(server.events_url, fake, sender, settings, db, engine)
    else:
        with socket_mode_app(fake, engine, database_url, db) as app:
            yield app
