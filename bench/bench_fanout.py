"""Benchmark: the weekly fan-out, 2,000 managers due at once, chat.postMessage rate-limited.

The Slack sandbox answers chat.postMessage with 429 + Retry-After whenever it is called faster
than --rate per second (a token bucket with --burst tokens). One tick of the weekly-prompts job
(or --clocks tick at the same moment, each with its own engine as separate processes would) must
send every manager exactly one prompt. Reports the wall time against the floor the rate limit
sets, (managers - burst) / rate, and checks the outcome in Slack and in the database.

    python bench/bench_fanout.py                                   # SQLite in a temp folder
    python bench/bench_fanout.py --clocks 2
    python bench/bench_fanout.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

Not part of the test suite; figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import collections
import logging
import platform
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.db import make_engine, make_session_factory, migrate, session_scope  # noqa: E402
from bot.models import Person, ReflectionPrompt, Role, Workspace  # noqa: E402
from bot.services.reflection import Policy  # noqa: E402
from jobs.weekly_prompts import SEND_WORKERS, send_weekly_prompts  # noqa: E402
from sandbox import FakeSlack  # noqa: E402

TEAM = "T0TVAERS"
# Monday 7 December 2026, 09:05 in Copenhagen: everyone's 09:00 prompt is due.
NOW = datetime(2026, 12, 7, 9, 5, tzinfo=ZoneInfo("Europe/Copenhagen")).astimezone(UTC)


def _prepare(database_url: str, managers: int) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    with session_scope(make_session_factory(engine)) as session:
        session.add(Workspace(team_id=TEAM, name="Benchmark Kommune", timezone="Europe/Copenhagen"))
        session.flush()
        # Time zones are known (users.info is asked once per person, the first week only).
        session.execute(
            insert(Person),
            [
                {
                    "team_id": TEAM,
                    "user_id": f"U{index:07d}",
                    "name": f"Leder {index}",
                    "role": Role.MANAGER.value,
                    "tz": "Europe/Copenhagen",
                    "active": True,
                }
                for index in range(managers)
            ],
        )
    engine.dispose()


def run(
    database_url: str, managers: int, rate: float, burst: int, workers: int, clocks: int
) -> dict[str, float]:
    """One fan-out; returns its figures (and raises if anyone got none or two)."""
    _prepare(database_url, managers)
    with FakeSlack() as fake:
        fake.rate_limit("chat.postMessage", rate, burst=burst)
        summaries: list[str] = []
        errors: list[BaseException] = []
        start = threading.Barrier(clocks)

        def clock() -> None:
            engine = make_engine(database_url)
            client = WebClient(token="xoxb-sandbox", base_url=fake.base_url)
            try:
                start.wait()
                with session_scope(make_session_factory(engine)) as session:
                    summaries.append(
                        send_weekly_prompts(session, client, NOW, policy=Policy(), workers=workers)
                    )
            except BaseException as exc:  # reported below
                errors.append(exc)
            finally:
                engine.dispose()

        threads = [threading.Thread(target=clock) for _ in range(clocks)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
        if errors:
            raise errors[0]
        calls = fake.calls_to("chat.postMessage")
        posted = collections.Counter(str(c.args["channel"]) for c in calls if c.ok)
        limited = sum(1 for c in calls if c.http_status == 429)
        invalid = len(fake.invalid_calls())
    engine = make_engine(database_url)
    with engine.connect() as connection:
        sent_rows = connection.execute(
            select(func.count())
            .select_from(ReflectionPrompt)
            .where(ReflectionPrompt.state == "sent", ReflectionPrompt.message_ts.is_not(None))
        ).scalar_one()
    engine.dispose()
    doubled = sum(1 for n in posted.values() if n > 1)
    missing = managers - len(posted)
    if doubled or missing or sent_rows != managers or invalid:
        raise SystemExit(
            f"FAILED: {missing} managers got no prompt, {doubled} got more than one, "
            f"{sent_rows} rows recorded as sent, {invalid} invalid calls; {summaries}"
        )
    floor = max(0.0, (managers - burst) / rate)
    return {
        "managers": managers,
        "clocks": clocks,
        "workers": workers,
        "wall_s": wall,
        "floor_s": floor,
        "over_floor_pct": 100 * (wall - floor) / floor if floor else 0.0,
        "per_second": managers / wall,
        "answered_429": limited,
    }


def main() -> int:
    """Parse arguments, run, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    parser.add_argument("--managers", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=50.0, help="chat.postMessage per second")
    parser.add_argument("--burst", type=int, default=50, help="token bucket size")
    parser.add_argument("--workers", type=int, default=SEND_WORKERS, help="sending threads")
    parser.add_argument("--clocks", type=int, default=1, help="clocks ticking at once")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    # The sandbox serves each request on a thread; slack_sdk logs nothing at ERROR for 429s.
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        figures = run(url, args.managers, args.rate, args.burst, args.workers, args.clocks)
    backend = url.split(":", 1)[0].split("+", 1)[0]
    print(
        f"fan-out: {figures['managers']} managers, {figures['clocks']} clock(s) x "
        f"{figures['workers']} sending threads, {backend}, chat.postMessage limited to "
        f"{args.rate:g}/s (burst {args.burst})"
    )
    print(f"  every manager got exactly one prompt; {figures['answered_429']} calls answered 429")
    print(
        f"  wall {figures['wall_s']:.1f} s   floor {figures['floor_s']:.1f} s   "
        f"over the floor {figures['over_floor_pct']:.1f} %   {figures['per_second']:.1f} prompts/s"
    )
    print(f"  machine: {platform.machine()}, Python {platform.python_version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
