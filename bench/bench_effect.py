"""Benchmark: what effect-sync and the effect chart cost.

* effect-sync against the local Statistikbank stand-in (sandbox/statbank.py) on SQLite in
  /tmp: the first run (tableinfo for AUK01 and FOLK1A, then one `data` call each backfilling 24
  quarters, 24 rows stored), a second run with nothing new (tableinfo only), and a run with one
  new quarter. The stand-in answers on 127.0.0.1, so this is Tværs's own cost; the real
  api.statbank.dk adds its network time per call (4 calls on the first run, 2 a day after).
* the effect chart: importing `bot.effect_chart` (no matplotlib), the first draw in a fresh
  process (matplotlib imported), and later draws, for 3 goals with 24 periods each.

    python bench/bench_effect.py

Not part of the test suite; figures go in bench/README.md.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNS = 5
NOW = datetime(2026, 12, 3, 8, 10, tzinfo=UTC)


def _sync_once(sessions, client, now) -> float:  # type: ignore[no-untyped-def]
    from bot.db import session_scope
    from bot.services import effect_sources, statbank_sync

    started = time.perf_counter()
    with session_scope(sessions) as session:
        for source in effect_sources.sources(session=session, team_id="T0TVAERS"):
            statbank_sync.sync_source(session=session, source=source, client=client, now=now)
    return time.perf_counter() - started


def bench_sync() -> dict[str, list[float]]:
    """Fresh database each round: first run, nothing new, one new quarter."""
    from bot.db import make_engine, make_session_factory, migrate, session_scope
    from bot.services.org_import import apply_org, parse_org_file
    from bot.statbank import StatbankClient
    from sandbox.statbank import FakeStatbank, add_tables

    spec = parse_org_file((ROOT / "examples" / "org.yaml").read_text(encoding="utf-8"))
    times: dict[str, list[float]] = {"first": [], "nothing new": [], "one new": []}
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp, FakeStatbank() as stand_in:
            add_tables(stand_in)
            engine = make_engine(f"sqlite:///{tmp}/bench.db")
            migrate(engine)
            sessions = make_session_factory(engine)
            with session_scope(sessions) as session:
                apply_org(session=session, spec=spec, team_id="T0TVAERS")
            client = StatbankClient(stand_in.base_url)
            times["first"].append(_sync_once(sessions, client, NOW))
            times["nothing new"].append(_sync_once(sessions, client, NOW))
            stand_in.add_period("AUK01", "2026K4")
            stand_in.add_period("FOLK1A", "2026K4")
            times["one new"].append(_sync_once(sessions, client, NOW))
            engine.dispose()
    return times


CHART = """
import time, sys
sys.path.insert(0, {root!r})
started = time.perf_counter()
import bot.effect_chart as chart
imported = time.perf_counter() - started
from bot.services.digest import GoalEffect, IndicatorEffect
from sandbox.statbank import quarters
def indicator(name, step, start):
    months = [f"{{2019 + (i * step) // 12:04d}}-{{(i * step) % 12 + 1:02d}}" for i in range(24)]
    history = tuple((m, None, start - 0.05 * i) for i, m in enumerate(months))
    return IndicatorEffect(name, "procent", False, start - 2, months[-1], history[-1][2],
                           history[-2][2], history[-13][2], step=step, history=history)
effect = tuple(GoalEffect(f"Mål {{g}}", (indicator("A", 3, 16.0), indicator("B", 1, 80.0)))
               for g in range(3))
draws = []
for _ in range({runs}):
    started = time.perf_counter()
    chart.render_effect_chart(effect, lang="da", title="Effekt", scope="Tværby",
                              filename="x.png")
    draws.append(time.perf_counter() - started)
print(imported, " ".join(str(d) for d in draws))
"""


def bench_chart() -> tuple[list[float], list[float], list[float]]:
    """(import times, first draws, later draws), each process fresh."""
    imports, firsts, laters = [], [], []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", CHART.format(root=str(ROOT), runs=4)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        imports.append(float(out[0]))
        firsts.append(float(out[1]))
        laters.extend(float(x) for x in out[2:])
    return imports, firsts, laters


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms (max {max(values) * 1000:.0f} ms)"


def main() -> None:
    """Print the figures for bench/README.md."""
    for label, values in bench_sync().items():
        print(f"effect-sync, {label}: {_ms(values)}")
    imports, firsts, laters = bench_chart()
    print(f"import bot.effect_chart: {_ms(imports)}")
    print(f"effect chart, first draw (imports matplotlib): {_ms(firsts)}")
    print(f"effect chart, later draws: {_ms(laters)}")


if __name__ == "__main__":
    main()
