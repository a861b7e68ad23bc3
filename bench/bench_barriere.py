"""Benchmark: the quick `/barriere <text>` path through gunicorn, as Slack would call it.

Starts the Slack sandbox, a gunicorn `web` process as the Procfile runs it (gthread workers,
eight threads each), and N concurrent senders posting signed slash commands. Reports the time to
the HTTP response (median, p99), requests per second, and checks the database afterwards: every
command stored exactly once.

Each run is a pair: a bare Bolt app that only acknowledges (bench/bare_bolt.py, the same
gunicorn shape and senders) first, then Tværs; the ratio of their p99s is the figure.

    python bench/bench_barriere.py                       # SQLite in a temp folder
    python bench/bench_barriere.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.db import make_engine, make_session_factory, migrate, session_scope  # noqa: E402
from bot.models import Item  # noqa: E402
from bot.services.org_import import apply_org, parse_org_file  # noqa: E402
from sandbox import FakeSlack, SlackSender  # noqa: E402

MANAGERS = ["U0ANNA", "U0BO", "U0CAMILLA", "U0DAVID", "U0EMMA", "U0FREJA", "U0GUSTAV", "U0HANNE"]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _reset(database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        # Each run starts from an empty file, as PostgreSQL's starts from an empty schema.
        path = Path(database_url.removeprefix("sqlite:///"))
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    spec = parse_org_file((ROOT / "examples" / "org.yaml").read_text(encoding="utf-8"))
    with session_scope(make_session_factory(engine)) as session:
        apply_org(session=session, spec=spec, team_id="T0TVAERS")
    engine.dispose()


def _wait_healthy(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not become healthy at {url}")


def run(
    database_url: str,
    senders: int,
    per_sender: int,
    warmup: int,
    workers: int,
    *,
    floor: bool = False,
) -> dict[str, float]:
    """Run the benchmark once and return its figures; `floor`: against bare Bolt instead."""
    if not floor:
        _reset(database_url)
    secret = secrets.token_hex(16)
    port = _free_port()
    with FakeSlack() as fake:
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": "xoxb-sandbox",
            "SLACK_SIGNING_SECRET": secret,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": database_url,
            "PORT": str(port),
            "LOG_LEVEL": "WARNING",
            "WEB_CONCURRENCY": str(workers),
        }
        env.pop("SLACK_APP_TOKEN", None)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:bot.gunicorn_conf",
                "bench.bare_bolt:app" if floor else "bot.wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_healthy(f"http://127.0.0.1:{port}/healthz")
            sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", secret, fake=fake)
            for index in range(warmup):
                sender.command(f"Opvarmning {index}", user_id=MANAGERS[index % len(MANAGERS)])
            latencies: list[float] = []
            failures: list[int] = []
            lock = threading.Lock()

            def work(worker: int) -> None:
                for index in range(per_sender):
                    user = MANAGERS[(worker + index) % len(MANAGERS)]
                    started = time.perf_counter()
                    answer = sender.command(
                        f"Barriere {worker}-{index}: ventetid på tværs af Jobcenter og PPR",
                        user_id=user,
                    )
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies.append(elapsed)
                        if answer.status != 200 or "emt" not in answer.text:
                            failures.append(answer.status)

            threads = [threading.Thread(target=work, args=(n,)) for n in range(senders)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    sent = senders * per_sender
    latencies.sort()
    figures = {
        "requests": sent,
        "errors": len(failures),
        "stored": sent,
        "distinct_texts": sent,
        "median_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "max_ms": latencies[-1] * 1000,
        "rps": sent / wall,
    }
    if floor:
        return figures  # bare Bolt stores nothing
    engine = make_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Item)).scalar_one()
        distinct = connection.execute(select(func.count(func.distinct(Item.text)))).scalar_one()
    engine.dispose()
    return {**figures, "stored": stored - warmup, "distinct_texts": distinct - warmup}


def main() -> int:
    """Parse arguments, run, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--per-sender", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument(
        "--workers",
        type=int,
        help="gunicorn workers (8 threads each); default 1 on SQLite (the embedded shape: "
        "one writer process), 2 on PostgreSQL (the Procfile's web shape)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="interleaved pairs: bare Bolt (the floor), then Tværs, this many times",
    )
    args = parser.parse_args()
    ok = True
    ratios: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        workers = args.workers or (1 if url.startswith("sqlite") else 2)
        backend = url.split(":", 1)[0]
        print(
            f"{backend}, {workers} gunicorn worker(s) x 8 threads, {args.senders} concurrent "
            f"senders x {args.per_sender}; load average before: {_load()}"
        )
        for number in range(1, args.runs + 1):
            floor = run(url, args.senders, args.per_sender, args.warmup, workers, floor=True)
            figures = run(url, args.senders, args.per_sender, args.warmup, workers)
            ratio = figures["p99_ms"] / floor["p99_ms"]
            ratios.append(ratio)
            print(f"run {number}: bare Bolt  {_line(floor)}")
            print(
                f"run {number}: Tværs      {_line(figures)}; stored {figures['stored']} "
                f"({figures['distinct_texts']} distinct); p99 {ratio:.1f}x bare Bolt's"
            )
            stored_once = figures["stored"] == figures["distinct_texts"] == figures["requests"]
            ok = ok and figures["errors"] == 0 and floor["errors"] == 0 and stored_once
    print(
        f"p99 / bare Bolt's p99: {min(ratios):.1f}-{max(ratios):.1f}x over {len(ratios)} runs; "
        f"load average after: {_load()}"
    )
    return 0 if ok else 1


def _line(figures: dict[str, float]) -> str:
    return (
        f"{figures['requests']:.0f} requests, {figures['errors']:.0f} errors; "
        f"median {figures['median_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, "
        f"max {figures['max_ms']:.1f} ms, {figures['rps']:.0f} requests/s"
    )


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
