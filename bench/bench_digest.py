"""Benchmark: the monthly digest of a big municipality, on SQLite and on PostgreSQL.

Generates (bench/digest_data.py) 2,000 managers with five years of history — about 500,000
items and 2,000,000 reflection answers — then, in a fresh process, computes the digest for the
last month as the job and `/barriere overblik` do, and reports the time and the process's peak
memory (max RSS, imports included). Goal: under 2 s and under 300 MB.

    python bench/bench_digest.py                       # SQLite in /tmp (kept for --reuse)
    python bench/bench_digest.py --reuse               # measure again without regenerating
    python bench/bench_digest.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

Not part of the test suite; figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "sqlite:////tmp/tvaers-bench-digest.db"
RUNS = 5
GOAL_SECONDS, GOAL_MB = 2.0, 300


def measure(database_url: str, month: str) -> dict[str, object]:
    """Compute the digest (this runs in its own process, so its peak memory is the digest's)."""
    import resource

    started = time.perf_counter()
    from bench.digest_data import TEAM, TZ
    from bot.charts import render_chart
    from bot.db import make_engine, make_session_factory
    from bot.services import digest as service
    from bot.views.digest import digest_message, export_csv

    imported = time.perf_counter() - started
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    period = service.period_for(month, tz=TZ, now=service.post_time(month, TZ))
    figures: dict[str, object] = {"imports_s": round(imported, 3)}
    totals: list[float] = []
    parts: dict[str, list[float]] = {"digest": [], "chart_data": [], "blocks": []}
    digest = None
    data = None
    for _ in range(RUNS):
        with sessions() as session:
            t0 = time.perf_counter()
            digest = service.build_digest(session=session, team_id=TEAM, period=period)
            t1 = time.perf_counter()
            data = service.chart_data(session=session, team_id=TEAM, period=period)
            t2 = time.perf_counter()
            message = digest_message(digest, lang="da")
            t3 = time.perf_counter()
        parts["digest"].append(t1 - t0)
        parts["chart_data"].append(t2 - t1)
        parts["blocks"].append(t3 - t2)
        totals.append(t3 - t0)
    assert digest is not None and data is not None
    figures["first_s"] = round(totals[0], 3)
    figures["median_s"] = round(statistics.median(totals), 3)
    for name, values in parts.items():
        figures[f"{name}_median_s"] = round(statistics.median(values), 3)
    t0 = time.perf_counter()
    chart = render_chart(
        data, lang="da", title="Tværs", scope="Benchmark Kommune", filename="b.png"
    )
    figures["chart_png_s"] = round(time.perf_counter() - t0, 3)
    with sessions() as session:
        t0 = time.perf_counter()
        rows = service.export_rows(session=session, team_id=TEAM, period=period)
        csv_bytes = export_csv(rows, lang="da", tz=TZ)
        figures["export_s"] = round(time.perf_counter() - t0, 3)
        # Area 1 is one of the big ones; the generator's small areas are the last two.
        t0 = time.perf_counter()
        area = service.build_digest(session=session, team_id=TEAM, period=period, area_id=1)
        figures["area_digest_s"] = round(time.perf_counter() - t0, 3)
        # `/barriere overblik` on the 16th: the month so far.
        now = service.month_start(month, TZ) + timedelta(days=15, hours=12)
        so_far = service.period_for(month, tz=TZ, now=now)
        t0 = time.perf_counter()
        service.build_digest(session=session, team_id=TEAM, period=so_far)
        figures["month_so_far_s"] = round(time.perf_counter() - t0, 3)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    reflection = digest.reflection
    figures["check"] = {
        "new_items": digest.items.new_total,
        "resolved": digest.items.resolved,
        "median_days": digest.items.median_days,
        "needs_total": digest.needs_total,
        "themes": [key for key, _ in digest.items.themes],
        "unit_pairs": len(digest.items.unit_pairs),
        "reflection_asked": reflection.asked if reflection else None,
        "reflection_answered": reflection.answered if reflection else None,
        "reflection_groups": [g.label or "merged" for g in reflection.groups]
        if reflection
        else None,
        "threads": digest.activity.threads_opened,
        "replies": digest.activity.replies,
        "blocks": len(message["blocks"]),
        "chart_months": len(data.months),
        "chart_units": len(data.units),
        "chart_png_bytes": len(chart.png),
        "export_rows": len(rows),
        "export_bytes": len(csv_bytes),
        "area_new_items": area.items.new_total,
    }
    engine.dispose()
    return figures


def _count(database_url: str) -> int:
    from sqlalchemy import func, select

    from bot.db import make_engine
    from bot.models import Item

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(Item)).scalar_one())
    except Exception:  # no tables yet: generate
        return 0
    finally:
        engine.dispose()


def main() -> int:
    """Generate (unless --reuse), measure in a fresh process, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reuse", action="store_true", help="keep the data already generated")
    parser.add_argument("--items", type=int, default=500_000)
    parser.add_argument("--answers", type=int, default=2_000_000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: the child process
    args = parser.parse_args()
    from bench.digest_data import Size, generate, reset

    size = Size(items=args.items, answers=args.answers)
    if args.measure:
        print(json.dumps(measure(args.database_url, args.measure)))
        return 0
    if not (args.reuse and _count(args.database_url) > 0):
        from bot.db import make_engine

        engine = make_engine(args.database_url)
        print(f"generating into {args.database_url.split('@')[-1]} ...", flush=True)
        reset(engine)
        generate(engine, size, log=lambda line: print(line, flush=True))
        engine.dispose()
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--database-url",
            args.database_url,
            "--measure",
            size.end_month,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if child.returncode != 0:
        print(child.stderr, file=sys.stderr)
        return 2
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    backend = args.database_url.split(":", 1)[0].split("+")[0]
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    print(f"{backend}, digest for {size.end_month} ({machine}):")
    for key, value in figures.items():
        print(f"  {key}: {value}")
    ok = float(figures["median_s"]) < GOAL_SECONDS and float(figures["peak_rss_mb"]) < GOAL_MB
    print("goal met" if ok else f"goal NOT met (< {GOAL_SECONDS} s and < {GOAL_MB} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
