"""Benchmark: every command, button and form acknowledged while Slack answers in 0.4 s a call.

Five years of history (bench/digest_data.py) on PostgreSQL, the Slack sandbox in this process
with every Web API call, response_url post and upload delayed 0.4 s, and the web process as the
Procfile runs it (gunicorn, 2 workers x 8 threads). Each round, a manager, a director and an
admin use the app as a person would: every `/barriere` command, App Home, a DM reply; then they
press every button, pick every menu and date they are shown (in messages, App Home and modals),
and fill and submit every modal that opens. Each request is timed to its HTTP answer, the
acknowledgement Slack waits for (3 s at most). The report gives p50/p99/max over all of them, the
slowest per listener, and which registered listeners were never reached.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE bench_ack'     # once
    python bench/bench_ack.py                  # generates the five years first (about 5 min)
    python bench/bench_ack.py --reuse          # on the data already generated
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The benchmarks' shared helpers live in the first one that needed them.
from bench.bench_barriere import _free_port, _load, _wait_healthy  # noqa: E402
from sandbox import FakeSlack, SlackSender, fill  # noqa: E402
from sandbox.signer import Response  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_ack"
TEAM = "T0BENCH"
DIGEST_CHANNEL = "C0DIREKTION"
THREADS_CHANNEL = "C0TVAERS"
LATENCY = 0.4
GOAL_P99 = 1.0
VERBOSE = "-v" in sys.argv
QUIET = 1.2  # seconds without a Web API call: the work after an answer is done
# The week's prompts go out on Monday (the default), the month's digest on the 1st.
PROMPTS_AT = "2026-11-30T09:05:00+01:00"
DIGEST_AT = "2026-12-01T08:05:00+01:00"
THREADS_AT = "2026-11-16T08:00:00+01:00"
FOLLOW_AT = "2026-12-04T08:30:00+01:00"
COMMANDS = (
    "",
    "hjælp",
    "mine",
    "potentiale",
    "Ventetid på udredning, når jobcentret og psykiatrien ikke taler sammen",
    "dilemma Samtykke til deling af oplysninger mellem skole og børnepsykiatri",
    "overblik",
    "overblik 2026-10",
    "dagsorden",
    "mine data",
)
# Pressed after everything else: they take away what the other presses work on.
LAST = ("submit privacy_erase_modal", "action item_delete")
# These end the workspace's installation; the rest of the round could not go on.
NOT_PRESSED = {"app_uninstalled", "tokens_revoked"}


@dataclass
class Surface:
    """Something on screen with elements to press: a message, App Home or a modal."""

    kind: str  # "message", "ephemeral", "home", "modal"
    blocks: list[dict[str, Any]]
    view: dict[str, Any] | None = None
    message: dict[str, Any] | None = None
    channel: str | None = None


@dataclass
class Timing:
    listener: str
    seconds: float
    status: int


@dataclass
class Person:
    """One person's round: what they saw and pressed."""

    user: str
    seen: set[str] = field(default_factory=set)


class Round:
    """One person using the app, timing each request's acknowledgement."""

    def __init__(self, fake: FakeSlack, sender: SlackSender, timings: list[Timing]) -> None:
        self.fake = fake
        self.sender = sender
        self.timings = timings
        self._mark = len(fake.calls)

    def settle(self) -> list[Surface]:
        """Wait until the work after the answer is done; what it showed, as surfaces."""
        last, quiet_since = len(self.fake.calls), time.monotonic()
        while time.monotonic() - quiet_since < QUIET:
            time.sleep(0.05)
            if len(self.fake.calls) != last:
                last, quiet_since = len(self.fake.calls), time.monotonic()
        calls, self._mark = self.fake.calls[self._mark :], last
        shown: list[Surface] = []
        for call in calls:
            if not call.ok and call.method != "response_url":
                continue
            args, answer = call.args, call.response
            if call.method in ("views.open", "views.push", "views.update"):
                view = answer.get("view") or {}
                if view.get("type") == "modal":
                    shown.append(Surface("modal", view.get("blocks") or [], view=view))
            elif call.method == "views.publish":
                view = answer.get("view") or args.get("view") or {}
                if isinstance(view, str):
                    view = json.loads(view)
                shown.append(Surface("home", view.get("blocks") or [], view=view))
            elif call.method in ("chat.postMessage", "chat.update"):
                message = dict(answer.get("message") or {})
                message.setdefault("ts", answer.get("ts"))
                shown.append(
                    Surface("message", _blocks(args), message=message, channel=answer["channel"])
                )
            elif call.method in ("response_url", "chat.postEphemeral"):
                channel = str(args.get("channel") or "C0GENERAL")
                shown.append(Surface("ephemeral", _blocks(args), message=None, channel=channel))
        return shown

    def timed(self, listener: str, send: Callable[[], Response]) -> Response:
        answer = send()
        self.timings.append(Timing(listener, answer.seconds, answer.status))
        if VERBOSE:
            print(f"  {answer.seconds * 1000:6.0f} ms  {answer.status}  {listener}", flush=True)
        return answer

    def visit(self, person: Person, first: list[Surface], budget: int) -> int:
        """Press everything reachable from `first`, breadth first; returns the presses made."""
        queue = list(first)
        presses = 0
        deferred: list[tuple[Surface, tuple[str, Callable[[], Response]]]] = []
        while (queue or deferred) and presses < budget:
            if queue:
                surface = queue.pop(0)
                candidates = list(self._presses(person, surface))
            else:
                surface, candidate = deferred.pop(0)
                candidates = [candidate]
            for listener, press in candidates:
                if listener in person.seen or presses >= budget:
                    continue
                if queue and listener.startswith(LAST):
                    deferred.append((surface, (listener, press)))
                    continue
                person.seen.add(listener)
                try:
                    answer = self.timed(listener, press)
                except (LookupError, ValueError):
                    continue  # e.g. a required input the bench cannot answer
                presses += 1
                queue.extend(self._answered(answer, surface))
                queue.extend(self.settle())
        return presses

    def _answered(self, answer: Response, surface: Surface) -> list[Surface]:
        if not answer.body or not answer.headers.get("Content-Type", "").startswith(
            "application/json"
        ):
            return []
        body = answer.json()
        if body.get("response_action") in ("update", "push") and body.get("view"):
            return [Surface("modal", body["view"].get("blocks") or [], view=body["view"])]
        if body.get("blocks"):
            return [Surface("ephemeral", body["blocks"], channel=surface.channel or "C0GENERAL")]
        return []

    def _presses(
        self, person: Person, surface: Surface
    ) -> Iterator[tuple[str, Callable[[], Response]]]:
        user = person.user
        for block in surface.blocks:
            if block.get("type") == "input" and not block.get("dispatch_action"):
                continue
            for element in _elements(block):
                action_id = element.get("action_id")
                if not action_id:
                    continue
                for label, extra in _choices(element, user):
                    yield (
                        f"action {_generic(action_id)}{label}",
                        self._press(surface, user, block, element, extra),
                    )
        if surface.kind == "modal" and surface.view and surface.view.get("submit"):
            view = surface.view
            callback = str(view.get("callback_id"))
            yield (
                f"submit {callback}",
                lambda: self.sender.view_submission(
                    view, user_id=user, values=fill(view, _answers(view, user))
                ),
            )

    def _press(
        self,
        surface: Surface,
        user: str,
        block: dict[str, Any],
        element: dict[str, Any],
        extra: dict[str, Any],
    ) -> Callable[[], Response]:
        action_id = str(element["action_id"])
        block_id = block.get("block_id")
        option = extra.pop("selected_option", None)

        def press() -> Response:
            if surface.kind in ("modal", "home"):
                return self.sender.block_action(
                    user_id=user,
                    action_id=action_id,
                    block_id=block_id,
                    view=surface.view,
                    container={"type": "view", "view_id": (surface.view or {}).get("id")},
                    selected_option=option,
                    extra_action=dict(extra),
                )
            message = surface.message or {"blocks": surface.blocks}
            if "ts" not in message:
                message = {**message, "blocks": surface.blocks}
            return self.sender.block_action(
                user_id=user,
                action_id=action_id,
                block_id=block_id,
                message=message,
                channel_id=surface.channel or "C0GENERAL",
                selected_option=option,
                extra_action=dict(extra),
            )

        return press


def _blocks(args: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = args.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return list(blocks)


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = [e for e in block.get("elements") or [] if isinstance(e, dict)]
    found.extend(block[key] for key in ("accessory", "element") if isinstance(block.get(key), dict))
    return found


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def _choices(element: dict[str, Any], user: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """What a person can do with one element: each option of a menu, a day, a time, a user."""
    kind = element.get("type")
    soon = (date.today() + timedelta(days=14)).isoformat()
    if kind == "button":
        yield "", {}
    elif kind in ("static_select", "overflow", "radio_buttons"):
        for option in _options(element)[:4]:
            yield f" = {_generic(str(option.get('value')))}", {"selected_option": option}
    elif kind == "datepicker":
        yield "", {"selected_date": soon}
    elif kind == "timepicker":
        yield "", {"selected_time": "08:30"}
    elif kind == "users_select":
        yield "", {"selected_user": user}
    elif kind in ("conversations_select", "channels_select"):
        yield "", {"selected_conversation": DIGEST_CHANNEL, "selected_channel": DIGEST_CHANNEL}
    elif kind == "checkboxes":
        yield "", {"selected_options": _options(element)[:1]}


def _generic(name: str) -> str:
    """An id without the row it is about: suggest_12_40 and suggest_13_41 are one listener."""
    return re.sub(r"[_:]?\d+", "", name)


def _answers(view: dict[str, Any], user: str) -> dict[str, Any]:
    """Plausible answers to every input of a modal that has no value yet."""
    answers: dict[str, Any] = {}
    soon = date.today() + timedelta(days=14)
    for block in view.get("blocks") or []:
        element = block.get("element")
        if block.get("type") != "input" or not isinstance(element, dict):
            continue
        kind, block_id = element.get("type"), str(block.get("block_id"))
        initial = any(
            element.get(key)
            for key in (
                "initial_value",
                "initial_option",
                "initial_options",
                "initial_date",
                "initial_time",
                "initial_user",
                "initial_conversation",
                "initial_channel",
            )
        )
        if initial:
            continue
        options = _options(element)
        if kind == "plain_text_input":
            text = "Borgere venter på udredning, fordi jobcentret og psykiatrien ikke deler planer"
            answers[block_id] = text[: element.get("max_length", len(text))]
        elif kind == "number_input":
            answers[block_id] = "42"
        elif kind in ("static_select", "radio_buttons") and options:
            answers[block_id] = options[0]
        elif kind in ("multi_static_select", "checkboxes") and options:
            answers[block_id] = options[:2] if kind == "multi_static_select" else options[:1]
        elif kind == "datepicker":
            answers[block_id] = soon
        elif kind == "timepicker":
            answers[block_id] = "08:30"
        elif kind in ("users_select", "multi_users_select"):
            answers[block_id] = user
        elif kind in ("conversations_select", "channels_select"):
            answers[block_id] = DIGEST_CHANNEL
    return answers


def registered_listeners() -> set[str]:
    """Every listener the app registers, as this report names them."""

    class Recorder:
        def __init__(self) -> None:
            self.found: set[str] = set()

        def __getattr__(self, method: str) -> Callable[..., Callable[[Any], Any]]:
            def register(constraint: Any = None, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
                if method in ("action", "view", "command", "event"):
                    name = getattr(constraint, "pattern", constraint)
                    word = {"action": "action", "view": "submit"}.get(method, method)
                    self.found.add(f"{word} {_generic(str(name))}")
                return lambda listener: listener

            return register

    import handlers

    recorder = Recorder()
    handlers.register(recorder, None)  # type: ignore[arg-type]
    return recorder.found


def _prepare(database_url: str, reuse: bool, size: Any) -> None:
    from sqlalchemy import func, select, text

    from bench.digest_data import generate, reset
    from bot.db import make_engine
    from bot.models import Item

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(Item)).scalar_one()
    except Exception:  # no tables yet
        count = 0
    if not (reuse and count):
        print("generating five years of history ...", flush=True)
        reset(engine)
        generate(engine, size, log=lambda line: print(line, flush=True))
    with engine.begin() as connection:
        # Three admins (one a round) among the managers, and the channels the rounds use.
        connection.execute(
            text(
                "UPDATE people SET role = 'admin' "
                "WHERE user_id IN ('U0001997', 'U0001998', 'U0001999')"
            )
        )
        connection.execute(
            text("UPDATE workspaces SET cross_unit_channel = 'C0TVAERS' WHERE team_id = :team"),
            {"team": TEAM},
        )
    engine.dispose()


def _people(rounds: int) -> list[list[str]]:
    return [[f"U{100 + r:07d}", f"UD{r:06d}", f"U{1997 + r % 3:07d}"] for r in range(rounds)]


def _job(env: dict[str, str], name: str, at: str, limit: float) -> str:
    """Run one job as the clock would at `at`; how long it took, or that it was stopped."""
    started = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "-m", "jobs", "run", name, "--at", at],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return f"stopped after {limit:.0f} s (what it sent by then is used)"
    return f"{time.perf_counter() - started:.0f} s"


def main() -> int:
    """Prepare, run the rounds, print the figures; exit 1 unless p99 < 1 s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reuse", action="store_true", help="keep the history already generated")
    parser.add_argument(
        "--rounds", type=int, default=3, help="each with a new manager and director"
    )
    parser.add_argument("--items", type=int, default=500_000, help="history's size (a trial)")
    parser.add_argument("--answers", type=int, default=2_000_000)
    parser.add_argument("--job-limit", type=float, default=180, help="seconds a job may take")
    parser.add_argument("-v", action="store_true", help="print each request as it is answered")
    parser.add_argument("--latency", type=float, default=LATENCY)
    parser.add_argument("--budget", type=int, default=150, help="presses per person at most")
    args = parser.parse_args()
    from bench.digest_data import Size

    _prepare(args.database_url, args.reuse, Size(items=args.items, answers=args.answers))
    secret = secrets.token_hex(16)
    port = _free_port()
    rounds = _people(args.rounds)
    timings: list[Timing] = []
    with FakeSlack(team_id=TEAM, strict=True) as fake:
        for channel, name in ((DIGEST_CHANNEL, "direktionen"), (THREADS_CHANNEL, "tvaers")):
            fake.add_channel(channel, name, is_member=True)
        for index in range(2_000):
            fake.add_user(f"U{index:07d}", name=f"leder{index}", real_name=f"Leder {index}")
        for index in range(40):
            fake.add_user(f"UD{index:06d}", name=f"direktoer{index}", real_name=f"Direktør {index}")
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": secret,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": args.database_url,
            "PORT": str(port),
            "LOG_LEVEL": "WARNING",
            # The Procfile's `python` is this interpreter (a virtualenv need not be active).
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        env.pop("SLACK_APP_TOKEN", None)
        # What the jobs send, before Slack is made slow: the week's prompts, the month's digest,
        # threads opened two weeks ago and followed up today (their buttons).
        for job, at in (
            ("weekly-prompts", PROMPTS_AT),
            ("monthly-digest", DIGEST_AT),
            ("cross-unit-threads", THREADS_AT),
            ("cross-unit-follow-up", FOLLOW_AT),
        ):
            print(f"{job}: {_job(env, job, at, args.job_limit)}", flush=True)
        web = subprocess.Popen(
            shlex.split(_procfile("web")),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            _wait_healthy(f"http://127.0.0.1:{port}/healthz", timeout=60)
            sender = SlackSender(
                f"http://127.0.0.1:{port}/slack/events", secret, team_id=TEAM, fake=fake
            )
            warm = Round(fake, sender, [])
            for user in ("U0000050", "UD000039"):
                sender.command("hjælp", user_id=user)
                sender.event(
                    {"type": "app_home_opened", "user": user, "channel": "D0H", "tab": "home"}
                )
            warm.settle()
            fake.latency = args.latency
            print(f"load average before: {_load()}", flush=True)
            for number, people in enumerate(rounds, start=1):
                for user in people:
                    presses = _use(fake, sender, timings, user, args.budget)
                    print(f"round {number}, {user}: {presses} requests", flush=True)
            print(f"load average after: {_load()}")
        finally:
            fake.latency = 0
            web.terminate()
            web.wait(timeout=30)
        invalid = fake.invalid_calls()
    return _report(timings, registered_listeners(), len(invalid))


def _use(
    fake: FakeSlack, sender: SlackSender, timings: list[Timing], user: str, budget: int
) -> int:
    """One person: every command, App Home, a DM reply, then everything they were shown."""
    person = Person(user)
    used = Round(fake, sender, timings)
    shown: list[Surface] = []
    # What the jobs sent them before the round: the week's prompt, the month's digest.
    dm = fake._dm_for(fake._ensure_team(TEAM), user)["id"]
    for channel, latest in ((dm, 3), (DIGEST_CHANNEL, 3), (THREADS_CHANNEL, 6)):
        for message in fake.messages(channel, team_id=TEAM)[-latest:]:
            if message.get("blocks"):
                shown.append(
                    Surface("message", message["blocks"], message=message, channel=channel)
                )
    for text in COMMANDS:
        words = text.split()
        name = f"command /barriere {' '.join(words) if len(words) < 3 else '<text>'}"
        answer = used.timed(name.strip(), lambda t=text: sender.command(t, user_id=user))
        if answer.body and answer.json().get("blocks"):
            shown.append(Surface("ephemeral", answer.json()["blocks"], channel="C0GENERAL"))
        shown.extend(used.settle())
    home = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
    used.timed("event app_home_opened", lambda: sender.event(home))
    shown.extend(used.settle())
    reply = {
        "type": "message",
        "channel_type": "im",
        "channel": dm,
        "user": user,
        "text": "Vi mangler en fælles plan mellem skole og PPR for børn med højt fravær",
        "ts": f"{time.time():.6f}",
        "client_msg_id": secrets.token_hex(8),
    }
    used.timed("event message", lambda: sender.event(reply))
    shown.extend(used.settle())
    return len(COMMANDS) + 2 + used.visit(person, shown, budget)


def _report(timings: list[Timing], registered: set[str], invalid: int) -> int:
    seconds = sorted(t.seconds for t in timings)
    p99 = seconds[max(0, round(len(seconds) * 0.99) - 1)]
    bad = [t for t in timings if t.status != 200]
    print(
        f"{len(seconds)} acknowledgements: p50 {statistics.median(seconds) * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms, max {seconds[-1] * 1000:.0f} ms; "
        f"{len(bad)} not 200, {invalid} invalid Web API calls"
    )
    slowest: dict[str, float] = {}
    for timing in timings:
        slowest[timing.listener] = max(slowest.get(timing.listener, 0.0), timing.seconds)
    print("slowest acknowledgement per listener (ms):")
    for name, value in sorted(slowest.items(), key=lambda kv: -kv[1]):
        print(f"  {value * 1000:7.0f}  {name}")
    reached = {re.sub(r"^(command \S+).*| = .*", r"\1", name) for name in slowest}
    missing = sorted(registered - reached - {f"event {e}" for e in NOT_PRESSED})
    print(f"listeners reached: {len(registered) - len(missing)} of {len(registered)}")
    for name in missing:
        print(f"  not reached: {name}")
    ok = p99 < GOAL_P99 and not bad and not invalid
    print("goal met (p99 < 1 s)" if ok else "goal NOT met")
    return 0 if ok else 1


def _procfile(process: str) -> str:
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process:
            return command.strip()
    raise LookupError(process)


if __name__ == "__main__":
    sys.exit(main())
