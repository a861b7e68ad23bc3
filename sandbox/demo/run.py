"""Running the demo: a fresh database, the stand-ins for Slack and Statistikbanken, the app
over HTTP or Socket Mode, and every scene in the order the month unfolds."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from bot.app import build_app, runtime_of
from bot.config import Settings
from bot.db import make_engine, make_session_factory, migrate, session_scope
from bot.services.org_import import apply_org, format_report, parse_org_file
from bot.slack_client import email_lookup
from bot.wsgi import create_wsgi_app
from sandbox import FakeSlack, SlackSender
from sandbox.appserver import AppServer
from sandbox.demo import admin, items, month_end, reflection
from sandbox.demo.driver import CHANNELS, Demo
from sandbox.demo.transcript import Transcript
from sandbox.statbank import FakeStatbank, add_tables

EXAMPLE_ORG = Path(__file__).resolve().parents[2] / "examples" / "org.yaml"

# Scenes that run before the organisation file is imported (the first-run guide).
BEFORE_IMPORT: list[Callable[[Demo], None]] = admin.BEFORE_IMPORT
# Each feature adds its scenes in its own module, in the order the month unfolds.
SCENES: list[Callable[[Demo], None]] = [
    *items.SCENES,
    *admin.SCENES,
    *reflection.SCENES,
    *month_end.SCENES,
]


@contextlib.contextmanager
def _transport(fake: FakeSlack, settings: Settings, engine: Any, socket_mode: bool) -> Any:
    """A built app and a sender playing Slack: signed HTTP requests, or Socket Mode envelopes."""
    if not socket_mode:
        app = build_app(settings, engine=engine)
        with AppServer(create_wsgi_app(app)) as server:
            yield (
                app,
                SlackSender(
                    server.events_url,
                    settings.slack_signing_secret or "",
                    fake=fake,
                    settle=runtime_of(app).later.wait,
                ),
            )
        return
    from bot.socket_mode import SocketModeRunner
    from sandbox.socketmode import FakeSocketMode, SocketSender

    token = "xapp-1-A0TVAERS-1-demo"
    app = build_app(settings.with_overrides(slack_app_token=token), engine=engine)
    with FakeSocketMode(fake, app_token=token) as stand_in:
        runner = SocketModeRunner(app, token)
        runner.start()
        try:
            stand_in.wait_connected()
            yield app, SocketSender(stand_in, settle=runtime_of(app).later.wait)
        finally:
            runner.stop()


def run_demo(out: Path | None = None, *, socket_mode: bool = False) -> Path:
    """Run the whole scripted demo and return the folder it wrote (over Socket Mode if asked)."""
    out = out or Path(tempfile.mkdtemp(prefix="tvaers-demo-"))
    spec = parse_org_file(EXAMPLE_ORG.read_text(encoding="utf-8"))
    names = {p.user_id or "": p.name or "" for p in spec.people if p.user_id}
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeSlack() as fake,
        FakeStatbank() as statbank,
        _environment(STATBANK_API_URL=statbank.base_url),
    ):
        add_tables(statbank)
        for index, person in enumerate(spec.people):
            user_id = person.user_id or f"U0MAIL{index}"
            names[user_id] = person.name or user_id
            fake.add_user(user_id, name=person.name or user_id, email=person.email)
        fake.add_user("U0VIKAR", name="Vibeke Vikar")
        names["U0VIKAR"] = "Vibeke Vikar (not in the organisation file)"
        for channel_id, name in CHANNELS.items():
            fake.add_channel(channel_id, name, is_member=True)
        settings = Settings(
            slack_bot_token="xoxb-sandbox",
            slack_signing_secret=secrets.token_hex(16),
            slack_api_url=fake.base_url,
            database_url=f"sqlite:///{tmp}/demo.db",
        )
        engine = make_engine(settings.database_url)
        migrate(engine)
        transcript = Transcript(names)
        with _transport(fake, settings, engine, socket_mode) as (app, sender):
            demo = Demo(fake, sender, transcript)
            demo.app = app
            # Install day: these scenes see the workspace before any organisation exists.
            for scene in BEFORE_IMPORT:
                scene(demo)
            demo.settle()
            transcript.scene(
                "The administrator imports the organisation",
                "`python -m bot import-org examples/org.yaml` (two people are found by e-mail):",
            )
            lookup = email_lookup(WebClient(token="xoxb-sandbox", base_url=fake.base_url))
            with session_scope(make_session_factory(engine)) as session:
                report = apply_org(
                    session=session, spec=spec, team_id=fake.team_id, lookup_email=lookup
                )
            transcript.story.append("```\n" + format_report(report) + "\n```\n")
            for scene in SCENES:
                scene(demo)
            demo.settle()
        engine.dispose()
    transcript.write(out)
    return out


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the demo (the effect-sync job reads STATBANK_API_URL)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
