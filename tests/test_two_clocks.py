"""Scale-out: nothing relies on there being only one clock.

Two workspaces are installed through "Add to Slack", each with an organisation that gives every
scheduled job real work. Then every job is run by TWO real clock processes at once
(`python -m jobs run NAME --at ...`, as two `clock` dynos would), against one database, with a
slow Slack so that the two are busy at the same time. What people would notice is checked:
each manager gets one prompt and one reminder, each group one thread and one follow-up, each
channel one digest a month, the directors one DM, the admins one new person and a clean status,
all in the right workspace with that workspace's own token.

On PostgreSQL the two clocks are also held at their first write (a lock on job_runs) until both
are there, so they start each job at the same moment. On SQLite they race for the one writer
lock (busy_timeout) instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import Engine, func, select, text

from bot import clock
from bot.db import session_scope
from bot.models import AuditLog, CrossUnitThread, JobRun, Person, Unit
from bot.services import admin as admin_service
from bot.services.calendar import DEFAULT
from bot.services.items import Draft, log_item
from bot.services.org_import import apply_org, parse_org_file
from sandbox import FakeSlack, fill
from tests.conftest import OAUTH_ENV, ROOT, OAuthApp

# Slack answers every call this much later: long enough for the two clocks to overlap.
LATENCY = 0.05
CLOCK_TIMEOUT = 90.0
CPH = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class Town:
    """One installed workspace; its user and channel ids carry its own letter."""

    team_id: str
    name: str
    letter: str  # "A" or "O": U0A..., C0A...

    def user(self, name: str) -> str:
        return f"U0{self.letter}{name}"

    def channel(self, name: str) -> str:
        return f"C0{self.letter}{name}"

    @property
    def managers(self) -> list[str]:
        """The managers after the user group sync (NINA joins through it)."""
        return [self.user(n) for n in ("ANNA", "BO", "DAVID", "GUSTAV", "NIELS", "NINA")]

    @property
    def directors(self) -> list[str]:
        return [self.user("SOFIE"), self.user("TOBIAS")]


AARHUS = Town("T0AARHUS", "Aarhus Kommune", "A")
ODENSE = Town("T0ODENSE", "Odense Kommune", "O")
TOWNS = (AARHUS, ODENSE)

SOCIAL, WORK, TECH = (
    "Social- og Sundhedsforvaltningen",
    "Beskæftigelsesforvaltningen",
    "Teknik- og Miljøforvaltningen",
)


def _org_file(town: Town) -> str:
    """The organisation file an admin would import (one area has its own digest channel)."""
    people = [
        ("ANNA", "Anna Holm", "Jobcentret", "manager"),
        ("BO", "Bo Jensen", "Hjemmeplejen", "manager"),
        ("DAVID", "David Øster", "Socialpsykiatrien", "manager"),
        ("GUSTAV", "Gustav Bæk", "Ungeindsatsen", "manager"),
        ("NIELS", "Niels Aagaard", "Byg og Miljø", "manager"),
        ("SOFIE", "Sofie Mikkelsen", "Hjemmeplejen", "director"),
        ("TOBIAS", "Tobias Skov", "Jobcentret", "director"),
        ("ADMIN", "Asger IT", None, "admin"),
    ]
    org = {
        "workspace": {
            "name": town.name,
            "language": "da",
            "timezone": "Europe/Copenhagen",
            "digest_channel": town.channel("DIREKTION"),
            "cross_unit_channel": town.channel("TVAERS"),
            "weekly_prompt": {"day": "monday", "time": "09:00"},
        },
        "areas": [
            {"name": SOCIAL, "units": ["Hjemmeplejen", "Socialpsykiatrien"]},
            {
                "name": WORK,
                "digest_channel": town.channel("BESK"),
                "units": ["Jobcentret", "Ungeindsatsen"],
            },
            {"name": TECH, "units": ["Byg og Miljø"]},
        ],
        "people": [
            {"user": town.user(key), "name": name, "role": role} | ({"unit": unit} if unit else {})
            for key, name, unit, role in people
        ],
        "goals": [
            {
                "title": "Flere borgere i job eller uddannelse",
                "indicators": [
                    {
                        "name": "Unge 18-24 år i job eller uddannelse",
                        "unit": "procent",
                        "higher_is_better": True,
                        "target": 90,
                    }
                ],
            }
        ],
    }
    return yaml.safe_dump(org, allow_unicode=True, sort_keys=False)


# Two managers from different areas describe the same young citizen (one group); a third names
# Hjemmeplejen in an item that Hjemmeplejen's manager describes too (a second group: one
# manager's item alone makes no thread).
YOUNG = Draft(
    text="Unge med angst falder ud af uddannelse, fordi ventetiden på en psykiatrisk udredning "
    "er lang",
    citizen_situation="En ung på 19 uden job eller uddannelse, som bor alene og har angst",
)
ANXIOUS = Draft(
    text="Vi kan ikke starte behandling af unge med angst, før jobcentrets forløb er afklaret "
    "– og jobcentret venter på os",
    citizen_situation="En ung på 19 med angst, som er droppet ud af uddannelse og bor alene",
)
PERMITS = "Ventetiden på byggetilladelser til handicapboliger holder borgere på plejehjem"
STUCK = Draft(text="Borgere bliver boende på plejehjem, fordi der ikke bygges handicapboliger")


def _set_up(app: OAuthApp, town: Town) -> str:
    """Install Tværs in the town's workspace and give every job something to do; the token."""
    fake = app.fake
    admin = town.user("ADMIN")
    fake.add_user(admin, name="Asger IT", team_id=town.team_id)
    token = app.install(town.team_id, town.name, user_id=admin)
    spec = parse_org_file(_org_file(town))
    for person in spec.people:
        assert person.user_id is not None
        fake.add_user(person.user_id, name=person.name or person.user_id, team_id=town.team_id)
    # Nina is in Slack and in the job centre's user group, not in the organisation file.
    fake.add_user(town.user("NINA"), name="Nina Ny", team_id=town.team_id)
    fake.add_usergroup(
        f"S0{town.letter}JOB",
        "jobcentret",
        [town.user("ANNA"), town.user("NINA")],
        team_id=town.team_id,
    )
    fake.add_channel(town.channel("DIREKTION"), "direktionen", is_member=True, team_id=town.team_id)
    fake.add_channel(town.channel("BESK"), "beskaeftigelse", is_member=True, team_id=town.team_id)
    # Public, not joined yet: the thread job joins it.
    fake.add_channel(town.channel("TVAERS"), "tvaers", team_id=town.team_id)
    with session_scope(app.sessions) as session:
        apply_org(session=session, spec=spec, team_id=town.team_id, lookup_email=None)
        units = {
            u.name: u for u in session.scalars(select(Unit).where(Unit.team_id == town.team_id))
        }
        units["Jobcentret"].usergroup_id = f"S0{town.letter}JOB"
        for author, draft in (
            ("GUSTAV", YOUNG),
            ("DAVID", ANXIOUS),
            (
                "NIELS",
                Draft(
                    text=PERMITS,
                    unit_ids=(units["Byg og Miljø"].id, units["Hjemmeplejen"].id),
                ),
            ),
            ("BO", STUCK),
        ):
            log_item(
                session=session, team_id=town.team_id, author_id=town.user(author), draft=draft
            )
    return token


# -- two clock processes ----------------------------------------------------------------------


@dataclass
class Clock:
    """What one `python -m jobs run` process printed, and how it ended."""

    returncode: int
    stdout: str
    stderr: str

    def summary(self, town: Town) -> str:
        """The summary line(s) the job printed for one workspace."""
        lines = self.stdout.splitlines()
        found, taking = [], False
        for line in lines:
            if re.match(r"^T0[A-Z0-9]+: ", line):
                taking = line.startswith(f"{town.team_id}: ")
            if taking:
                found.append(line)
        assert found, f"no summary for {town.team_id} in {self.stdout!r}"
        return "\n".join(found)


def _clock_env(app: OAuthApp, database_url: str) -> dict[str, str]:
    """The clock's environment in OAuth mode: app credentials, no bot token."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "TOKEN_", "DATABASE_", "CROSS_UNIT_", "REFLECTION_"))
    }
    env.update(
        OAUTH_ENV,
        PYTHONPATH=str(ROOT),
        SLACK_API_URL=app.fake.base_url,
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
    )
    return env


@contextmanager
def _held_at_first_write(engine: Engine) -> Iterator[Any]:
    """PostgreSQL: block inserts into job_runs (every run's first write) until released."""
    if engine.dialect.name != "postgresql":
        yield None
        return
    with engine.connect() as connection:
        connection.execute(text("LOCK TABLE job_runs IN SHARE MODE"))
        try:
            yield connection
        finally:
            connection.rollback()


def _waiting_on_job_runs(connection: Any) -> int:
    return int(
        connection.execute(
            text(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'job_runs' AND NOT l.granted AND l.database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        ).scalar_one()
    )


def two_clocks(app: OAuthApp, env: dict[str, str], workdir: Path, job: str, at: str) -> list[Clock]:
    """Start two clock processes running `job` as if at `at`, together; wait for both."""
    command = [sys.executable, "-m", "jobs", "run", job, "--at", at]
    outputs = [
        (workdir / f"{job}-{at[:10]}-{n}.out", workdir / f"{job}-{at[:10]}-{n}.err")
        for n in range(2)
    ]
    with _held_at_first_write(app.engine) as gate:
        processes = []
        for out, err in outputs:
            with out.open("w") as stdout, err.open("w") as stderr:
                processes.append(
                    subprocess.Popen(command, cwd=workdir, env=env, stdout=stdout, stderr=stderr)
                )
        try:
            if gate is not None:
                deadline = time.monotonic() + CLOCK_TIMEOUT
                while _waiting_on_job_runs(gate) < 2:
                    stopped = [p for p in processes if p.poll() is not None]
                    assert not stopped and time.monotonic() < deadline, (
                        f"{job}: the two clocks never both reached their first write; "
                        + " | ".join(e.read_text() for _, e in outputs)
                    )
                    time.sleep(0.02)
        except BaseException:
            for process in processes:
                process.kill()
            raise
    clocks = []
    for process, (out, err) in zip(processes, outputs, strict=True):
        try:
            process.wait(timeout=CLOCK_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        clocks.append(Clock(process.returncode, out.read_text(), err.read_text()))
    for run in clocks:
        assert run.returncode == 0, f"{job} at {at} failed:\n{run.stdout}\n{run.stderr}"
    return clocks


def _total(clocks: list[Clock], town: Town, pattern: str) -> int:
    """A count from the workspace's summaries of both clocks (absent: 0)."""
    found = [re.search(pattern, c.summary(town)) for c in clocks]
    return sum(int(f.group(1)) for f in found if f)


# -- what people see --------------------------------------------------------------------------


def _dm(fake: FakeSlack, town: Town, user: str, starts: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages(user, team_id=town.team_id)
        if m.get("bot_id") and m.get("text", "").startswith(starts)
    ]


def _top_level(fake: FakeSlack, town: Town, channel: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages(channel, team_id=town.team_id)
        if m.get("thread_ts") in (None, m["ts"])
    ]


def _replies(fake: FakeSlack, town: Town, channel: str, root: dict[str, Any]) -> list[Any]:
    return [
        m
        for m in fake.messages(channel, team_id=town.team_id)
        if m.get("thread_ts") == root["ts"] and m["ts"] != root["ts"]
    ]


def _posts(fake: FakeSlack) -> list[Any]:
    return [c for c in fake.calls_to("chat.postMessage") if c.ok]


def _check_tokens(fake: FakeSlack, tokens: dict[str, str]) -> None:
    """Everything the clocks did in Slack, each workspace with its own stored token."""
    for call in fake.calls:
        if call.method == "upload_url":
            continue  # the chart's bytes go to a URL Slack gave for one file; no token
        assert call.token in tokens.values(), (call.method, call.token)
        assert call.team_id is not None and tokens[call.team_id] == call.token


def _escalate_while_dms_fail(app: OAuthApp, town: Town) -> None:
    """Gustav clicks "Kræver direktionen" under the follow-up; the directors' DMs are refused."""
    fake, channel = app.fake, town.channel("TVAERS")
    follow_up = next(
        m
        for root in _top_level(fake, town, channel)
        if "Unge med angst" in str(root.get("blocks"))
        for m in _replies(fake, town, channel, root)
    )
    [action_id] = [
        e["action_id"]
        for b in follow_up["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == "Kræver direktionen"
    ]
    sender = app.sender_for(town.team_id)
    answer = sender.block_action(
        user_id=town.user("GUSTAV"), action_id=action_id, message=follow_up, channel_id=channel
    )
    assert answer.status == 200
    # The click asks what the directors are asked; the question is sent with the answer.
    opened = fake.last("views.open")
    assert opened is not None and opened.ok
    view = opened.response["view"]
    asked = {"thread_question": "Vi beder direktionen om at afklare, hvem der betaler"}
    fake.fail("chat.postMessage", error="fatal_error", times=len(town.directors))
    answer = sender.view_submission(view, user_id=town.user("GUSTAV"), values=fill(view, asked))
    assert answer.status == 200
    fake.clear_faults()
    for director in town.directors:
        assert _dm(fake, town, director, "En tråd på tværs") == []


def _slow(fake: FakeSlack) -> None:
    # Every call answered normally, LATENCY seconds late: Slack at a bad moment.
    fake.latency = LATENCY


def _calendar() -> tuple[str, date, date]:
    """This month ("2026-11"), the first working day of the next (when its digest is due), and
    the first Monday after that which starts a week of working days."""
    today = clock.now().astimezone(CPH).date()
    following = today.replace(day=1) + timedelta(days=32)
    first = DEFAULT.first_working_day(following.year, following.month)
    monday = first + timedelta(days=7 - first.weekday())
    while not all(DEFAULT.is_working_day(monday + timedelta(days=d)) for d in range(5)):
        monday += timedelta(weeks=1)
    return f"{today:%Y-%m}", first, monday


def at(day: date, hhmm: str) -> str:
    """`--at` for a Copenhagen wall-clock time on `day`."""
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=CPH).isoformat()


# -- the test ---------------------------------------------------------------------------------


def test_two_clock_processes_run_every_job_once_in_each_workspace(
    oauth_app: OAuthApp, database_url: str, tmp_path: Path
) -> None:
    fake = oauth_app.fake
    tokens = {town.team_id: _set_up(oauth_app, town) for town in TOWNS}
    # The items were logged this month; every clock runs later than now, as the clicks in
    # between are handled at the real time.
    month, first, monday = _calendar()
    env = _clock_env(oauth_app, database_url)

    def run(job: str, moment: str) -> list[Clock]:
        fake.clear_faults()
        fake.clear_calls()
        _slow(fake)
        clocks = two_clocks(oauth_app, env, tmp_path, job, moment)
        fake.clear_faults()
        _check_tokens(fake, tokens)
        return clocks

    # The 1st of next month, 07:00: Nina, in the job centre's user group, becomes a manager, once.
    run("usergroup-sync", at(first, "07:00"))
    with oauth_app.session() as session:
        for town in TOWNS:
            [nina] = session.scalars(
                select(Person).where(
                    Person.team_id == town.team_id, Person.user_id == town.user("NINA")
                )
            ).all()
            assert nina.active and nina.role == "manager"
            assert nina.unit is not None and nina.unit.name == "Jobcentret"
            added = session.scalars(
                select(AuditLog.subject).where(
                    AuditLog.team_id == town.team_id, AuditLog.action == "person.added"
                )
            ).all()
            assert added == [town.user("NINA")]

    # 08:00 on the first working day: this month's digest, once in each digest channel of each
    # workspace, with that workspace's own items (four in all, one in the employment area).
    clocks = run("monthly-digest", at(first, "08:00"))
    assert len(_posts(fake)) == 4
    for town in TOWNS:
        for channel, new in ((town.channel("DIREKTION"), 4), (town.channel("BESK"), 1)):
            [digest] = _top_level(fake, town, channel)
            assert re.match(rf"Månedens overblik for \w+ \d{{4}}: {new} nye", digest["text"])
            posted = [c.summary(town).count(f"{month} posted to {channel}") for c in clocks]
            assert sorted(posted) == [0, 1], [c.summary(town) for c in clocks]

    # The Monday after, 08:00: one thread per group, in each workspace's own channel.
    clocks = run("cross-unit-threads", at(monday, "08:00"))
    assert len(_posts(fake)) == 4
    with oauth_app.session() as session:
        for town in TOWNS:
            assert _total(clocks, town, r"opened (\d+) thread") == 2
            roots = _top_level(fake, town, town.channel("TVAERS"))
            assert len(roots) == 2
            # Each thread asks the workspace's own managers, nobody from the other town.
            mentioned = {u for r in roots for u in re.findall(r"<@(U\w+)>", str(r["blocks"]))}
            assert town.user("GUSTAV") in mentioned and town.user("NIELS") in mentioned
            assert all(u.startswith(town.user("")) for u in mentioned), mentioned
            threads = session.scalar(
                select(func.count())
                .select_from(CrossUnitThread)
                .where(CrossUnitThread.team_id == town.team_id)
            )
            assert threads == 2

    # 09:05: every manager's weekly reflection, once; Nina's too, and no director's.
    clocks = run("weekly-prompts", at(monday, "09:05"))
    assert len(_posts(fake)) == 12
    for town in TOWNS:
        assert _total(clocks, town, r"prompts: (\d+) sent") == 6
        for manager in town.managers:
            assert len(_dm(fake, town, manager, "Ugens refleksion")) == 1, manager
        for director in town.directors:
            assert _dm(fake, town, director, "Ugens refleksion") == []

    # 12:00: the channel check finds every configured channel usable (the bot joined #tvaers).
    run("channel-check", at(monday, "12:00"))
    with oauth_app.session() as session:
        for town in TOWNS:
            status = admin_service.channel_status(session=session, team_id=town.team_id)
            assert {s.channel_id for s in status} == {
                town.channel("DIREKTION"),
                town.channel("BESK"),
                town.channel("TVAERS"),
            }
            assert all(s.checked_at is not None and not s.broken for s in status), status

    # Thursday 09:05: nobody answered, so each manager gets one reminder in the prompt's thread.
    clocks = run("weekly-prompts", at(monday + timedelta(days=3), "09:05"))
    assert len(_posts(fake)) == 12
    for town in TOWNS:
        assert _total(clocks, town, r"reminders: (\d+) sent") == 6
        for manager in town.managers:
            [prompt] = _dm(fake, town, manager, "Ugens refleksion")
            [reminder] = _dm(fake, town, manager, "Lille påmindelse")
            assert reminder["thread_ts"] == prompt["ts"]

    # Fourteen days on, 08:30: one follow-up in each thread.
    clocks = run("cross-unit-follow-up", at(monday + timedelta(days=14), "08:30"))
    assert len(_posts(fake)) == 4
    for town in TOWNS:
        assert _total(clocks, town, r"posted (\d+) follow-up") == 2
        for root in _top_level(fake, town, town.channel("TVAERS")):
            assert len(_replies(fake, town, town.channel("TVAERS"), root)) == 1

    # Gustav answers "Kræver direktionen" while Slack refuses the directors' DMs; the next
    # morning's run tells the directors of both areas involved, once each.
    for town in TOWNS:
        _escalate_while_dms_fail(oauth_app, town)
    clocks = run("cross-unit-follow-up", at(monday + timedelta(days=15), "08:30"))
    assert len(_posts(fake)) == 4
    for town in TOWNS:
        assert _total(clocks, town, r"told directors about (\d+) escalated") == 1
        for director in town.directors:
            assert len(_dm(fake, town, director, "En tråd på tværs kræver direktionen")) == 1

    # Over the whole month nothing was sent twice, and every run the admins see went well.
    for town in TOWNS:
        for manager in town.managers:
            assert len(_dm(fake, town, manager, "Ugens refleksion")) == 1
            assert len(_dm(fake, town, manager, "Lille påmindelse")) == 1
        for channel in (town.channel("DIREKTION"), town.channel("BESK")):
            assert len(_top_level(fake, town, channel)) == 1
        for root in _top_level(fake, town, town.channel("TVAERS")):
            assert len(_replies(fake, town, town.channel("TVAERS"), root)) == 1
    with oauth_app.session() as session:
        runs = session.scalars(select(JobRun)).all()
    assert len(runs) == 8 * 2 * len(TOWNS)  # eight jobs, two clocks, each workspace
    assert [(r.name, r.team_id, r.summary) for r in runs if not r.ok] == []
