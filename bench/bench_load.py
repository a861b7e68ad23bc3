"""Benchmark: a mixed open-loop load on /slack/events through gunicorn, in OAuth mode.

Starts the Slack sandbox in this process and the Procfile's `web` command as a subprocess,
installs several workspaces through "Add to Slack" (/slack/install, /slack/oauth_redirect),
imports an organisation into each and sends every manager the weekly reflection prompt. Then it
sends a fixed rate of signed requests from many users in all workspaces: quick `/barriere <text>`
commands, submissions of the /barriere modal (each opened by a real `/barriere` first) and
replies written in the reflection DM (Events API `message.im`), with a few Slack retries and
double-clicked submits among them. Latency is measured from each request's *scheduled* send
time (open loop), so a slow server shows as queueing instead of as fewer requests.

Every request carries a unique marker; afterwards the database must hold each accepted one
exactly once (none lost, none doubled, retries included).

    python bench/bench_load.py                            # 100 requests/s for 60 s, 5 workspaces
    python bench/bench_load.py --rate 150 --duration 30 --check
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import json
import math
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import clock  # noqa: E402
from bot.app import build_app, runtime_of  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db import make_engine, make_session_factory, migrate, session_scope  # noqa: E402
from bot.ids import Barrier  # noqa: E402
from bot.installations import new_key  # noqa: E402
from bot.models import Item, ReflectionPrompt, ReflectionReply  # noqa: E402
from bot.services.org_import import apply_org, parse_org_file  # noqa: E402
from bot.slack_client import make_client  # noqa: E402
from jobs.scheduler import run_job  # noqa: E402
from sandbox import FakeSlack, SlackSender  # noqa: E402
from sandbox.signer import FORM, JSON  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_load"
CLIENT_ID = "3333333333.4444444444"
CPH = ZoneInfo("Europe/Copenhagen")
KINDS = ("command", "modal", "dm")
# Slack gives up on an answer after 3 seconds (and retries an event); later is a failure.
SLACK_TIMEOUT_S = 3.0
PERCENTILES = {"p50": 0.5, "p90": 0.9, "p99": 0.99, "max": 1.0}
MARKER_RE = re.compile(r"\[L([cmd])(\d{6})\]")

FIRST_NAMES = ["Anna", "Bo", "Camilla", "David", "Emma", "Freja", "Gustav", "Hanne", "Ida"]
LAST_NAMES = ["Holm", "Jensen", "Nørgaard", "Øster", "Lund", "Krogh", "Bæk", "Damgaard"]
BARRIERS = [
    "Ventetid mellem Jobcentret og PPR, når en ung skal have en samlet plan",
    "Hjemmeplejen og Sundhedscentret ser ikke hinandens aftaler med borgeren",
    "Familieafdelingen og Skoleafdelingen holder hver sit møde om samme barn",
    "Ydelseskontoret kan ikke se, at borgeren allerede er i et forløb hos Socialpsykiatrien",
    "Vi mangler en fælles kontaktperson, når en borger flytter mellem to forvaltninger",
    "Reglerne for deling af oplysninger bliver tolket forskelligt i to afdelinger",
]
REPLIES = [
    "Jeg ser et behov for en fælles indgang for unge mellem skole og job",
    "Barrieren er, at vi ikke må dele journalnotater uden samtykke",
    "Jeg kan invitere PPR med på vores næste teammøde",
    "Borgerne oplever at fortælle deres historie tre gange",
]


# -- the organisation of each workspace -------------------------------------------------------


@dataclass(frozen=True)
class User:
    """A manager in one workspace."""

    team_id: str
    user_id: str
    name: str
    unit: str


@dataclass
class Workspace:
    """A workspace: its team, its installer (an admin) and its managers."""

    team_id: str
    name: str
    admin: str
    users: list[User] = field(default_factory=list)


def plan_workspaces(count: int, users: int) -> list[Workspace]:
    """`count` workspaces sharing `users` managers between them, each with the example's units."""
    example = yaml.safe_load((ROOT / "examples" / "org.yaml").read_text(encoding="utf-8"))
    units = [unit for area in example["areas"] for unit in area["units"]]
    spaces = []
    for number in range(1, count + 1):
        team_id = f"T0LOAD{number:02d}"
        spaces.append(Workspace(team_id, f"Belastning {number} Kommune", f"U{number:02d}ADMIN"))
    for index in range(users):
        space = spaces[index % count]
        user_id = f"U{int(space.team_id[-2:]):02d}M{index:05d}"
        name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[index % len(LAST_NAMES)]}"
        space.users.append(User(space.team_id, user_id, name, units[index % len(units)]))
    return spaces


def org_file(space: Workspace) -> str:
    """The import-org YAML of one workspace: examples/org.yaml's areas and goals, our people."""
    example = yaml.safe_load((ROOT / "examples" / "org.yaml").read_text(encoding="utf-8"))
    people: list[dict[str, str]] = [
        {"user": u.user_id, "name": u.name, "unit": u.unit, "role": "manager"} for u in space.users
    ]
    people.append({"user": space.admin, "name": "Admin IT", "role": "admin"})
    document = {
        "workspace": {
            "team_id": space.team_id,
            "name": space.name,
            "language": "da",
            "timezone": "Europe/Copenhagen",
            "weekly_prompt": {"day": "monday", "time": "09:00"},
        },
        "areas": example["areas"],
        "people": people,
        "goals": example["goals"],
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


# -- the web process ----------------------------------------------------------------------------


def web_command(procfile: Path) -> str:
    """The Procfile's `web:` command, as the platform would run it."""
    for line in procfile.read_text(encoding="utf-8").splitlines():
        name, _, command = line.partition(":")
        if name.strip() == "web" and command.strip():
            return command.strip()
    raise SystemExit(f"{procfile} has no web: line")


def start_web(command: str, env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Run the web command through a shell (as Procfile runners do) with this venv first on PATH."""
    env = {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"}
    with log_path.open("wb") as log:
        return subprocess.Popen(
            ["sh", "-c", f"exec {command}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_web(server: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn gracefully (SIGTERM to the master), then for good."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def wait_healthy(base_url: str, server: subprocess.Popen[bytes], log_path: Path) -> None:
    """Wait for /healthz; show the server's output if it died or never answered."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise SystemExit(f"the web process did not become healthy at {base_url}:\n{tail}")


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children (Linux /proc),
    exited children included."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(value) for value in fields[11:15]) / tick
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(child) for child in children)
    return total


def postgres_cpu() -> float:
    """CPU seconds used so far by every PostgreSQL process on the machine, including backends
    that have exited (the postmaster's reaped children)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, _, rest = (entry / "stat").read_text().rpartition(")")
        except OSError:
            continue
        if head.partition("(")[2] in ("postgres", "postmaster"):
            fields = rest.split()
            total += sum(int(value) for value in fields[11:15]) / tick
    return total


def database_sessions(database_url: str) -> int:
    """How many connections PostgreSQL has accepted to this database so far (PostgreSQL 14+)."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        if engine.dialect.name != "postgresql":
            return 0
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
            ).scalar()
        return int(found or 0)
    finally:
        engine.dispose()


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values) - idle), float(sum(values))


# -- "Add to Slack" -----------------------------------------------------------------------------


def install(base_url: str, fake: FakeSlack, space: Workspace) -> None:
    """Go through /slack/install and /slack/oauth_redirect as the workspace's admin would."""
    code = f"code-{space.team_id}-{secrets.token_hex(4)}"
    fake.add_oauth_code(code, space.team_id, space.name, user_id=space.admin)
    with urllib.request.urlopen(f"{base_url}/slack/install", timeout=10) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        page = response.read().decode("utf-8")
    found = re.search(r"state=([^&\"]+)", page)
    if not found:
        raise SystemExit(f"no state in the install page: {page[:500]}")
    request = urllib.request.Request(
        f"{base_url}/slack/oauth_redirect?code={code}&state={found.group(1)}",
        headers={"Cookie": cookie},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"installing {space.team_id} answered HTTP {status}")


def last_monday_0905(now: datetime) -> datetime:
    """This week's prompt time (Monday 09:05 in Copenhagen), or last week's if still ahead."""
    local = now.astimezone(CPH)
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=9, minute=5, second=0, microsecond=0
    )
    if monday > local:
        monday -= timedelta(days=7)
    return monday.astimezone(UTC)


# -- the load -----------------------------------------------------------------------------------


@dataclass
class Request:
    """One scheduled request: when, what, and the marker its entry carries."""

    at: float  # seconds after the start of the run
    kind: str
    marker: str
    user: User
    warmup: bool
    repeat: bool = False  # a Slack retry or a double-clicked submit of an earlier request
    body: bytes = b""
    content_type: str = FORM
    view: dict[str, Any] | None = None
    # filled in by the run
    started: float = 0.0
    done: float = 0.0
    status: int = 0
    error: str = ""


def plan_load(
    spaces: Sequence[Workspace],
    *,
    rate: float,
    duration: float,
    warmup: float,
    mix: Sequence[float],
    repeat_share: float,
    seed: int,
) -> list[Request]:
    """The schedule: evenly spaced requests, kinds and users drawn at random (seeded)."""
    rng = random.Random(seed)
    users = [user for space in spaces for user in space.users]
    plan: list[Request] = []
    originals: dict[str, list[Request]] = defaultdict(list)
    sent_at: dict[str, list[float]] = defaultdict(list)
    # A modal is double-clicked a moment after the first click; Slack retries an event after
    # its 3 s timeout.
    repeat_after = {"modal": 0.3, "dm": SLACK_TIMEOUT_S}
    total = round(rate * (warmup + duration))
    for index in range(total):
        at = index / rate
        kind = rng.choices(KINDS, weights=mix)[0]
        # One of the last 50 sent at least that long ago.
        sent = bisect.bisect_right(sent_at[kind], at - repeat_after.get(kind, 0))
        earlier = originals[kind][max(0, sent - 50) : sent]
        if kind in repeat_after and earlier and rng.random() < repeat_share:
            first = rng.choice(earlier)
            plan.append(
                Request(at, kind, first.marker, first.user, at < warmup, repeat=True, view=None)
            )
            continue
        marker = f"[L{kind[0]}{index:06d}]"
        request = Request(at, kind, marker, rng.choice(users), at < warmup)
        originals[kind].append(request)
        sent_at[kind].append(at)
        plan.append(request)
    return plan


def open_modals(
    sender: SlackSender, fake: FakeSlack, plan: list[Request], threads: int
) -> list[float]:
    """Open one /barriere modal per planned submission (a real `/barriere` with no text)."""
    wanted = [r for r in plan if r.kind == "modal" and not r.repeat]
    triggers: dict[str, Request] = {}
    lock = threading.Lock()

    def open_one(request: Request) -> float:
        trigger = fake.new_trigger_id(user_id=request.user.user_id)
        with lock:
            triggers[trigger] = request
        started = time.perf_counter()
        answer = sender.command(
            "", user_id=request.user.user_id, team_id=request.user.team_id, trigger_id=trigger
        )
        elapsed = time.perf_counter() - started
        if answer.status != 200:
            raise SystemExit(f"/barriere (opening the modal) answered HTTP {answer.status}")
        return elapsed

    with ThreadPoolExecutor(threads) as pool:
        timings = list(pool.map(open_one, wanted))
    for call in fake.calls_to("views.open"):
        request = triggers.get(str(call.args.get("trigger_id")))
        if request is not None and call.ok:
            request.view = call.response["view"]
    missing = [r for r in wanted if r.view is None]
    if missing:
        raise SystemExit(f"{len(missing)} modals were not opened")
    return timings


def build_bodies(
    sender: SlackSender,
    fake: FakeSlack,
    plan: list[Request],
    units: dict[str, list[str]],
    goals: list[str],
    prompts: dict[tuple[str, str], tuple[str, str]],
) -> None:
    """Make each request's body as Slack would send it (signed only when it is sent)."""
    first: dict[str, Request] = {}
    rng = random.Random(len(plan))
    for request in plan:
        user = request.user
        if request.repeat:
            original = first[request.marker]
            request.body, request.content_type = original.body, original.content_type
            continue
        first[request.marker] = request
        if request.kind == "command":
            words = f"{rng.choice(BARRIERS)} {request.marker}"
            fields = sender.command_payload(words, user_id=user.user_id, team_id=user.team_id)
            request.body, request.content_type = urlencode(fields).encode(), FORM
        elif request.kind == "modal":
            assert request.view is not None
            other = rng.choice([u for u in units[user.team_id] if u != user.unit])
            answers: dict[str, Any] = {
                Barrier.KIND: rng.choice(["barrier", "potential", "dilemma"]),
                Barrier.TEXT: f"{rng.choice(BARRIERS)} {request.marker}",
                Barrier.UNITS: [user.unit, other],
                Barrier.SITUATION: "En borger med flere samtidige forløb",
                Barrier.GOAL: rng.choice(goals),
            }
            payload = sender.view_submission_payload(
                request.view, user_id=user.user_id, answers=answers, team_id=user.team_id
            )
            request.body = urlencode({"payload": json.dumps(payload)}).encode()
            request.content_type = FORM
        else:
            channel, prompt_ts = prompts[(user.team_id, user.user_id)]
            thread_ts = prompt_ts if rng.random() < 0.3 else None
            words = f"{rng.choice(REPLIES)} {request.marker}"
            # The message is in Slack before its event reaches the app (the reaction needs it).
            message = fake.add_message(
                channel, user=user.user_id, text=words, thread_ts=thread_ts, team_id=user.team_id
            )
            event: dict[str, Any] = {
                "type": "message",
                "channel": channel,
                "user": user.user_id,
                "text": words,
                "ts": message["ts"],
                "client_msg_id": message["client_msg_id"],
                "team": user.team_id,
                "channel_type": "im",
                "event_ts": message["ts"],
            }
            if thread_ts:
                event["thread_ts"] = thread_ts
                event["parent_user_id"] = fake._teams[user.team_id].bot_user_id
            envelope = sender.event_envelope(event, team_id=user.team_id)
            request.body, request.content_type = json.dumps(envelope).encode(), JSON


def succeeded(request: Request, body: bytes) -> bool:
    """Did the app accept it, as the user would see it?"""
    if request.status != 200:
        return False
    if request.kind == "command":
        return b"gemt" in body  # the ephemeral "Barriere gemt" answer
    if request.kind == "modal":
        return b"response_action" not in body  # an empty ack closes the modal
    return True


def send_all(sender: SlackSender, plan: list[Request], connections: int) -> float:
    """Send the plan open loop from `connections` threads; returns the start time."""
    counter = itertools.count()
    # The plan and the sandbox's records are hundreds of thousands of objects: keep the garbage
    # collector from walking them in the middle of the load (a pause of this process would show
    # as server latency).
    gc.collect()
    gc.freeze()
    start = time.perf_counter() + 0.5

    def worker() -> None:
        while True:
            index = next(counter)
            if index >= len(plan):
                return
            request = plan[index]
            wait = start + request.at - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            request.started = time.perf_counter()
            try:
                answer = sender.post(
                    request.body,
                    request.content_type,
                    retry_num=1 if request.repeat and request.kind == "dm" else None,
                )
            except OSError as exc:
                request.error = type(exc).__name__
            else:
                request.status = answer.status
                if not succeeded(request, answer.body):
                    request.error = f"HTTP {answer.status}: {answer.text[:120]}"
            request.done = time.perf_counter()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return start


# -- the check in the database ------------------------------------------------------------------


@dataclass
class Check:
    """What the database holds compared with what was accepted."""

    accepted: int = 0
    refused: int = 0
    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    misfiled: list[str] = field(default_factory=list)


def check_database(database_url: str, plan: list[Request]) -> Check:
    """Every accepted marker stored exactly once, in the right table, and nothing else."""
    engine = make_engine(database_url)
    found: Counter[str] = Counter()
    where: dict[str, str] = {}
    with engine.connect() as connection:
        rows = connection.execute(select(Item.text, Item.source_key)).all()
        for words, source_key in rows:
            for kind, number in MARKER_RE.findall(words or ""):
                marker = f"[L{kind}{number}]"
                found[marker] += 1
                where[marker] = "command" if str(source_key).startswith("cmd:") else "modal"
        for (words,) in connection.execute(select(ReflectionReply.text)):
            for kind, number in MARKER_RE.findall(words or ""):
                marker = f"[L{kind}{number}]"
                found[marker] += 1
                where[marker] = "dm"
    engine.dispose()
    result = Check()
    outcome: dict[str, tuple[str, bool]] = {}
    for request in plan:
        kind, ok = outcome.get(request.marker, (request.kind, False))
        outcome[request.marker] = (kind, ok or not request.error)
    for marker, (kind, ok) in outcome.items():
        if not ok:
            result.refused += 1
            if found[marker] > 1:
                result.doubled.append(marker)
            continue
        result.accepted += 1
        if found[marker] == 0:
            result.lost.append(marker)
        elif found[marker] > 1:
            result.doubled.append(marker)
        elif where[marker] != kind:
            result.misfiled.append(marker)
    result.unexpected = sorted(set(found) - set(outcome))
    return result


# -- the report -----------------------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), math.ceil(share * len(sorted_values))))
    return sorted_values[rank - 1]


def latency_row(name: str, requests: Sequence[Request], start: float) -> str:
    """One table row: count, errors and latency from the scheduled time, in milliseconds."""
    values = sorted((r.done - (start + r.at)) * 1000 for r in requests)
    errors = sum(1 for r in requests if r.error)
    repeats = sum(1 for r in requests if r.repeat)
    cells = [f"{percentile(values, share):8.1f}" for share in PERCENTILES.values()]
    return f"| {name:<8} | {len(requests):>6} | {repeats:>7} | {errors:>6} | " + " | ".join(cells)


def report(
    args: argparse.Namespace,
    plan: list[Request],
    start: float,
    check: Check,
    extra: dict[str, Any],
) -> bool:
    """Print the figures; True when the goal is met."""
    measured = [r for r in plan if not r.warmup]
    first = start + min(r.at for r in measured)
    last = max(r.done for r in measured)
    achieved = len(measured) / (last - first)
    lateness = sorted((r.started - (start + r.at)) * 1000 for r in measured)
    slow = sum(1 for r in measured if r.done - (start + r.at) > SLACK_TIMEOUT_S)
    errors = [r for r in plan if r.error]
    print()
    print(
        f"{extra['command']}  ({extra['workers']} workers x {extra['threads']} threads), "
        f"{args.workspaces} workspaces, {args.users} users, {args.connections} connections"
    )
    print(
        f"target {args.rate:g} requests/s for {args.duration:g} s (+{args.warmup:g} s warm-up); "
        f"sent {len(measured)} measured requests, achieved {achieved:.1f} requests/s"
    )
    print()
    print("latency from the scheduled send time, ms")
    header = ["kind    ", "  sent", "repeats", "errors", *(f"{p:>8}" for p in PERCENTILES)]
    print("| " + " | ".join(header))
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind in KINDS:
        print(latency_row(kind, [r for r in measured if r.kind == kind], start))
    print(latency_row("all", measured, start))
    print()
    service = sorted((r.done - r.started) * 1000 for r in measured)
    print(
        f"send lateness (generator behind schedule): p99 {percentile(lateness, 0.99):.1f} ms, "
        f"max {lateness[-1]:.1f} ms; time on the wire alone: p50 {percentile(service, 0.5):.1f} "
        f"ms, p99 {percentile(service, 0.99):.1f} ms"
    )
    print(f"errors (whole run, warm-up included): {len(errors)}; answered after 3 s: {slow}")
    for kind, count in Counter(r.error[:80] for r in errors).most_common(5):
        print(f"  {count} x {kind}")
    print(
        f"database: {check.accepted} accepted entries, {len(check.lost)} lost, "
        f"{len(check.doubled)} doubled, {len(check.misfiled)} in the wrong place, "
        f"{len(check.unexpected)} unexpected; {check.refused} refused (not expected stored)"
    )
    cores = os.cpu_count() or 1
    ours = extra["cpu_web"] + extra["cpu_bench"] + extra["cpu_pg"]
    other = max(0.0, extra["machine_busy"] * cores - ours)
    print(
        f"Slack calls by the app during the load: {extra['slack_calls']} "
        f"({extra['slack_failed']} failed, {extra['slack_invalid']} invalid)"
    )
    print(
        f"CPU in cores during the measured window ({extra['window']:.0f} s): web processes "
        f"{extra['cpu_web']:.2f}, this process (load generator + Slack sandbox) "
        f"{extra['cpu_bench']:.2f}, PostgreSQL {extra['cpu_pg']:.2f}, anything else {other:.2f}; "
        f"the machine's {cores} cores were {extra['machine_busy']:.0%} busy"
    )
    print(
        f"PostgreSQL connections opened during the load: {extra['new_sessions']} "
        "(a pool that is too small opens and closes one for many requests)"
    )
    if extra["open_ms"]:
        opens = sorted(extra["open_ms"])
        print(
            f"setup: {len(opens)} modals opened with `/barriere` ({args.setup_threads} at a time), "
            f"p50 {percentile(opens, 0.5):.1f} ms, p99 {percentile(opens, 0.99):.1f} ms"
        )
    p99 = percentile(sorted((r.done - (start + r.at)) * 1000 for r in measured), 0.99)
    met = (
        p99 < args.goal_ms
        and not errors
        and not slow
        and not check.lost
        and not check.doubled
        and not check.misfiled
        and not check.unexpected
        and achieved >= 0.97 * args.rate
    )
    verdict = "met" if met else "NOT met"
    print(
        f"goal (p99 < {args.goal_ms:g} ms at {args.rate:g}/s, no errors, none lost or doubled): "
        f"{verdict}"
    )
    return met


# -- main ----------------------------------------------------------------------------------------


def reset_database(database_url: str) -> None:
    """An empty database at the newest schema."""
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    engine.dispose()


def run(args: argparse.Namespace, database_url: str, tmp: Path) -> bool:
    """Set everything up, send the load, check the database, report."""
    spaces = plan_workspaces(args.workspaces, args.users)
    reset_database(database_url)
    secret = secrets.token_hex(16)
    client_secret, state_secret, token_key = secrets.token_hex(16), secrets.token_hex(16), new_key()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = web_command(Path(args.procfile))
    log_path = tmp / "web.log"
    with FakeSlack() as fake:
        fake.set_oauth_client(CLIENT_ID, client_secret)
        for space in spaces:
            fake.add_user(space.admin, name="Admin IT", team_id=space.team_id)
            for user in space.users:
                fake.add_user(user.user_id, name=user.name, team_id=user.team_id)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "GUNICORN_CMD_ARGS")
        }
        env.update(
            {
                "SLACK_CLIENT_ID": CLIENT_ID,
                "SLACK_CLIENT_SECRET": client_secret,
                "SLACK_STATE_SECRET": state_secret,
                "TOKEN_ENCRYPTION_KEY": token_key,
                "SLACK_SIGNING_SECRET": secret,
                "SLACK_API_URL": fake.base_url,
                "DATABASE_URL": database_url,
                "PORT": str(port),
                "LOG_LEVEL": "WARNING",
            }
        )
        if args.web_concurrency:
            env["WEB_CONCURRENCY"] = str(args.web_concurrency)
        if args.web_threads:
            env["WEB_THREADS"] = str(args.web_threads)
        workers, threads = env.get("WEB_CONCURRENCY", "2"), env.get("WEB_THREADS", "8")
        print(f"web: {command}  (WEB_CONCURRENCY={workers}, WEB_THREADS={threads})")
        server = start_web(command, env, log_path)
        try:
            wait_healthy(base_url, server, log_path)
            return _run_against(
                args, spaces, fake, server, base_url, secret, database_url, env, command
            )
        finally:
            stop_web(server)


def _run_against(
    args: argparse.Namespace,
    spaces: list[Workspace],
    fake: FakeSlack,
    server: subprocess.Popen[bytes],
    base_url: str,
    secret: str,
    database_url: str,
    env: dict[str, str],
    command: str,
) -> bool:
    step = _stepper()
    for space in spaces:
        install(base_url, fake, space)
    step(f"installed {len(spaces)} workspaces through /slack/install")

    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    for space in spaces:
        with session_scope(sessions) as session:
            apply_org(session=session, spec=parse_org_file(org_file(space)), team_id=space.team_id)
    settings = Settings(
        slack_client_id=env["SLACK_CLIENT_ID"],
        slack_client_secret=env["SLACK_CLIENT_SECRET"],
        slack_state_secret=env["SLACK_STATE_SECRET"],
        token_encryption_key=env["TOKEN_ENCRYPTION_KEY"],
        slack_signing_secret=secret,
        slack_api_url=fake.base_url,
        database_url=database_url,
    )
    runtime = runtime_of(build_app(settings, engine=engine))
    run_job("weekly-prompts", runtime, make_client(settings), last_monday_0905(clock.now()))
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                ReflectionPrompt.team_id,
                ReflectionPrompt.user_id,
                ReflectionPrompt.channel_id,
                ReflectionPrompt.message_ts,
            ).where(ReflectionPrompt.state == "sent")
        ).all()
        prompts = {(t, u): (str(c), str(ts)) for t, u, c, ts in rows}
    engine.dispose()
    if len(prompts) != args.users:
        raise SystemExit(f"{len(prompts)} weekly prompts sent, expected {args.users}")
    step(f"imported the organisations and sent {len(prompts)} weekly prompts")

    units_of = {space.team_id: sorted({u.unit for u in space.users}) for space in spaces}
    example = yaml.safe_load((ROOT / "examples" / "org.yaml").read_text(encoding="utf-8"))
    goals = [goal["title"] for goal in example["goals"]]
    sender = SlackSender(f"{base_url}/slack/events", secret, fake=fake, timeout=10)
    plan = plan_load(
        spaces,
        rate=args.rate,
        duration=args.duration,
        warmup=args.warmup,
        mix=[float(share) for share in args.mix.split(",")],
        repeat_share=args.repeat,
        seed=args.seed,
    )
    open_seconds = open_modals(sender, fake, plan, args.setup_threads)
    build_bodies(sender, fake, plan, units_of, goals, prompts)
    step(f"planned {len(plan)} requests and opened {len(open_seconds)} modals for them")

    calls_before = len(fake.calls)
    cpu_web, cpu_bench, cpu_pg = process_tree_cpu(server.pid), time.process_time(), postgres_cpu()
    busy_before = machine_busy()
    sessions_before = database_sessions(database_url)
    start = send_all(sender, plan, args.connections)
    window = time.perf_counter() - start
    busy_after = machine_busy()
    # The sessions counter is sent to the statistics a moment after a connection ends.
    time.sleep(1)
    new_sessions = database_sessions(database_url) - sessions_before - 1
    cpu = {
        "cpu_web": (process_tree_cpu(server.pid) - cpu_web) / window,
        "cpu_bench": (time.process_time() - cpu_bench) / window,
        "cpu_pg": (postgres_cpu() - cpu_pg) / window,
        "machine_busy": (busy_after[0] - busy_before[0]) / (busy_after[1] - busy_before[1]),
        "window": window,
    }
    step("load sent")
    calls = fake.calls[calls_before:]
    check = check_database(database_url, plan)
    extra = {
        "command": command,
        "workers": env.get("WEB_CONCURRENCY", "2"),
        "threads": env.get("WEB_THREADS", "8"),
        "slack_calls": dict(Counter(call.method for call in calls)),
        "slack_failed": sum(1 for call in calls if not call.ok),
        "slack_invalid": sum(1 for call in calls if call.errors),
        "open_ms": [seconds * 1000 for seconds in open_seconds],
        "new_sessions": new_sessions,
        **cpu,
    }
    return report(args, plan, start, check, extra)


def _stepper() -> Callable[[str], None]:
    began = time.perf_counter()

    def step(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f} s] {message}", flush=True)

    return step


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    """Parse arguments, run, print the figures; with --check, exit 1 when the goal is missed."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="PostgreSQL database whose public schema is dropped and re-created "
        "(or 'sqlite' for a file in a temporary folder)",
    )
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second")
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds sent before measuring")
    parser.add_argument("--workspaces", type=int, default=5)
    parser.add_argument("--users", type=int, default=1000, help="managers, across workspaces")
    parser.add_argument(
        "--mix", default="50,25,25", help="shares of slash commands, modal submissions, DM replies"
    )
    parser.add_argument(
        "--repeat",
        type=float,
        default=0.02,
        help="share of modal submits and DM events sent again (double-click, Slack retry)",
    )
    parser.add_argument("--connections", type=int, default=64, help="sending threads")
    parser.add_argument("--setup-threads", type=int, default=8)
    parser.add_argument("--web-concurrency", type=int, help="WEB_CONCURRENCY for the web process")
    parser.add_argument("--web-threads", type=int, help="WEB_THREADS for the web process")
    parser.add_argument("--procfile", default=str(ROOT / "Procfile"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--goal-ms", type=float, default=200.0, help="p99 goal")
    parser.add_argument("--check", action="store_true", help="exit 1 when the goal is missed")
    args = parser.parse_args()
    if args.users < args.workspaces:
        parser.error("--users must be at least --workspaces")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url
        if url == "sqlite":
            url = f"sqlite:///{tmp}/bench.db"
        met = run(args, url, Path(tmp))
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
