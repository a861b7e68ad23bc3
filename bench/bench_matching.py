"""How well and how fast the cross-unit matcher brings together what belongs together.

    python bench/bench_matching.py                 # both halves, then the scale runs
    python bench/bench_matching.py --quality       # only the two halves
    python bench/bench_matching.py --groups        # also list every group found
    python bench/bench_matching.py --tune          # grid search, on the tuning half ONLY
    python bench/bench_matching.py --scale 1000 10000 50000
    python bench/bench_matching.py --suggest       # the matching behind one save's suggestions

The labelled set is bench/data/matching_{tuning,heldout}.json: Danish items as managers write
them, from 22 units, grouped by hand into citizen situations before any tuning, a third of them
singletons that share words with a group but not its situation. Every threshold and weight in
bot/services/matching.py was chosen on the tuning half; the held-out half is the figure to quote.

Quality is pairwise: a pair of items is "found" when the weekly run puts both in one thread,
"related" when a person put them in one situation. Precision and recall count pairs; average
precision ranks every pair the matcher may join (other unit, other author) by its score.

Scale runs time one weekly run (`plan`'s matching: features, the sparse cosine product, the
pairs, groups) over synthetic open items built from the set's own words, each size in a fresh
process, and report the wall time and the process's peak memory. `--suggest` times what a save
adds before Slack gets its answer: one new item against the candidates the suggestions read
(bot/services/suggestions.py caps them, however large the workspace).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.services import matching  # noqa: E402
from bot.services.matching import (  # noqa: E402
    Candidate,
    Pool,
    Thresholds,
    features,
    group_items,
    related_many,
)

DATA = ROOT / "bench" / "data"
HALVES = ("tuning", "heldout")


@dataclass
class LabelledSet:
    """One half of the labelled set, as candidates with their hand-made situations."""

    half: str
    candidates: list[Candidate]
    truth: dict[int, str | None]  # item id -> situation (None: a singleton)
    raw: dict[int, dict[str, Any]]
    unit_names: dict[int, str]


def load(half: str) -> LabelledSet:
    """Read one half; units and goals get ids, items keep their order."""
    data = json.loads((DATA / f"matching_{half}.json").read_text("utf-8"))
    units = {u["key"]: i + 1 for i, u in enumerate(data["units"])}
    goals = {g["key"]: i + 1 for i, g in enumerate(data["goals"])}
    candidates, truth, raw = [], {}, {}
    for n, item in enumerate(data["items"], start=1):
        home = units[item["unit"]]
        named = {units[u] for u in item.get("units") or () if u in units}
        candidates.append(
            Candidate(
                item_id=n,
                home_unit=home,
                unit_ids=frozenset({home, *named}),
                text=item["text"],
                situation=item.get("situation"),
                goal_id=goals.get(item.get("goal") or ""),
                author_id=item["author"],
            )
        )
        truth[n] = item.get("group")
        raw[n] = item
    names = {i: u["name"] for u, i in zip(data["units"], units.values(), strict=True)}
    return LabelledSet(half, candidates, truth, raw, names)


def pairs_of(groups: list[list[int]]) -> set[tuple[int, int]]:
    """Every unordered pair of items inside the same group."""
    return {(a, b) for g in groups for a, b in itertools.combinations(sorted(g), 2)}


def true_pairs(labelled: LabelledSet) -> set[tuple[int, int]]:
    """The pairs a person put in one situation."""
    by_group: dict[str, list[int]] = {}
    for item_id, group in labelled.truth.items():
        if group is not None:
            by_group.setdefault(group, []).append(item_id)
    return pairs_of(list(by_group.values()))


@dataclass(frozen=True)
class Quality:
    """Pairwise figures for one half."""

    precision: float
    recall: float
    f1: float
    average_precision: float
    found: int
    related: int
    groups: int


def evaluate(
    labelled: LabelledSet, thresholds: Thresholds, ap: bool = True
) -> tuple[Quality, list[list[int]]]:
    """Run the weekly grouping on one half and compare it with the hand-made situations."""
    groups = [g.item_ids for g in group_items(labelled.candidates, thresholds)]
    found, related = pairs_of(groups), true_pairs(labelled)
    hits = len(found & related)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(related) if related else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (
        Quality(
            precision,
            recall,
            f1,
            average_precision(labelled) if ap else float("nan"),
            len(found),
            len(related),
            len(groups),
        ),
        groups,
    )


def average_precision(labelled: LabelledSet) -> float:
    """AP of every pair the matcher may join, ranked by its score, against the related pairs
    (related pairs it may never join, such as one author's two items, count as missed)."""
    pool = Pool.of(labelled.candidates)
    anything = replace(Thresholds(), link=-1.0)
    scored = []
    n = len(pool.candidates)
    for i in range(n):
        for j in range(i + 1, n):
            relation = pool.score(i, j, anything)
            if relation is not None:
                scored.append((relation.score, relation.a, relation.b))
    scored.sort(reverse=True)
    related = true_pairs(labelled)
    hits, total = 0, 0.0
    for rank, (_score, a, b) in enumerate(scored, start=1):
        if (min(a, b), max(a, b)) in related:
            hits += 1
            total += hits / rank
    return total / len(related) if related else 1.0


def show_groups(labelled: LabelledSet, groups: list[list[int]]) -> None:
    """Each group found, with its items' hand-made situation and units (✓ where it is one)."""
    for ids in groups:
        labels = {labelled.truth[i] for i in ids}
        mark = "✓" if len(labels) == 1 and None not in labels else "✗"
        texts = [(labelled.raw[i]["text"], labelled.raw[i].get("situation")) for i in ids]
        why = matching.explain(texts).concepts
        print(f"  {mark} {len(ids)} items · shares: {', '.join(why) or '—'}")
        for i in ids:
            unit = labelled.unit_names[labelled.candidates[i - 1].home_unit]
            print(
                f"      [{labelled.truth[i] or 'singleton'}] {unit}: {labelled.raw[i]['text'][:90]}"
            )


def report(thresholds: Thresholds, groups: bool, halves: tuple[str, ...] = HALVES) -> None:
    """Print the figures for each half asked for."""
    print(f"thresholds: {thresholds}")
    header = f"{'half':8} {'precision':>9} {'recall':>7} {'F1':>6} {'AP':>6}"
    print(f"{header}  pairs found/related  groups")
    for half in halves:
        labelled = load(half)
        quality, found = evaluate(labelled, thresholds)
        print(
            f"{half:8} {quality.precision:9.2f} {quality.recall:7.2f} {quality.f1:6.2f} "
            f"{quality.average_precision:6.2f}  {quality.found:5d} / {quality.related:<5d}       "
            f"{quality.groups}"
        )
        if groups:
            show_groups(labelled, found)


WEIGHTS = ("PART_WEIGHT", "CONCEPT_WEIGHT", "BROADER_WEIGHT", "SITUATION_WEIGHT")


def tune_weights() -> None:
    """The feature weights with the best average precision on the tuning half (ranking alone,
    no threshold); they are set on the module for the threshold search that follows."""
    labelled = load("tuning")
    best: tuple[float, tuple[float, ...]] | None = None
    for values in itertools.product(
        (0.3, 0.5, 0.8), (1.0, 1.5, 2.0, 3.0), (0.0, 0.5, 1.0), (0.5, 1.0, 1.5)
    ):
        for name, value in zip(WEIGHTS, values, strict=True):
            setattr(features, name, value)
        ap = average_precision(labelled)
        if best is None or ap > best[0]:
            best = (ap, values)
            print(f"  {dict(zip(WEIGHTS, values, strict=True))}: AP {ap:.3f}")
    assert best is not None
    for name, value in zip(WEIGHTS, best[1], strict=True):
        setattr(features, name, value)


def tune() -> Thresholds:
    """Grid search on the tuning half only: the best F1 with precision ≥ 0.8, else best F1."""
    tune_weights()
    labelled = load("tuning")
    best: tuple[tuple[bool, float], Thresholds] | None = None
    for link, cohesion, goal, unit in itertools.product(
        [x / 100 for x in range(14, 42, 2)],
        [x / 100 for x in range(6, 32, 2)],
        (0.0, 0.05, 0.10),
        (0.0, 0.05, 0.10, 0.15),
    ):
        if cohesion > link:
            continue
        thresholds = Thresholds(link=link, cohesion=cohesion, goal_bonus=goal, unit_bonus=unit)
        quality, _ = evaluate(labelled, thresholds, ap=False)
        key = (quality.precision >= 0.8, quality.f1)
        if best is None or key > best[0]:
            best = (key, thresholds)
            figures = f"P {quality.precision:.2f} R {quality.recall:.2f} F1 {quality.f1:.2f}"
            print(f"  {thresholds}: {figures}")
    assert best is not None
    return best[1]


# -- scale --------------------------------------------------------------------------------------


def synthetic(n: int, seed: int = 7) -> list[Candidate]:
    """n open items built from the set's sentences: each a set item with a third of its words
    swapped for others from a vocabulary as wide as a real municipality's (about 20,000 words),
    in one of 60 units, by one of 600 managers."""
    rng = random.Random(seed)
    base = [c for half in HALVES for c in load(half).candidates]
    words = sorted({w for c in base for w in matching.tokens(c.text)})
    # Made-up words stand in for the long tail of a real vocabulary (names of places, systems).
    syllables = ["ka", "mo", "ri", "sten", "lund", "berg", "vej", "hus", "tek", "plan", "sy", "ne"]
    tail = sorted({"".join(rng.choices(syllables, k=3)) for _ in range(30_000)})
    found = []
    for i in range(n):
        seedling = rng.choice(base)
        text = []
        for word in matching.tokens(seedling.text):
            roll = rng.random()
            text.append(word if roll < 0.66 else rng.choice(words if roll < 0.8 else tail))
        unit = rng.randrange(1, 61)
        found.append(
            replace(
                seedling,
                item_id=i + 1,
                home_unit=unit,
                unit_ids=frozenset({unit}),
                text=" ".join(text),
                situation=seedling.situation if rng.random() < 0.5 else None,
                author_id=f"U{unit:02d}{rng.randrange(10)}",
            )
        )
    return found


def run_scale(n: int) -> dict[str, float]:
    """One weekly run over n items in this process: seconds and peak memory (MB)."""
    candidates = synthetic(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    groups = group_items(candidates, Thresholds())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "items": n,
        "seconds": round(seconds, 2),
        "peak_mb": round(peak / 1024, 1),
        "added_mb": round((peak - before) / 1024, 1),
        "groups": len(groups),
    }


def scale(sizes: list[int]) -> None:
    """Each size in a fresh process, so one run's memory does not hide the next one's."""
    print(f"{'open items':>10} {'seconds':>8} {'peak MB':>8} {'run MB':>7} {'groups':>7}")
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        row = json.loads(out.strip().splitlines()[-1])
        print(
            f"{row['items']:>10} {row['seconds']:>8} {row['peak_mb']:>8} {row['added_mb']:>7} "
            f"{row['groups']:>7}"
        )


def suggest_timing(runs: int = 20) -> None:
    """One save's matching against the capped candidates: the first (thesaurus and caches
    cold) and the median of the next `runs`."""
    from bot.services.suggestions import LEARNED_CANDIDATES, OPEN_CANDIDATES

    pool = synthetic(OPEN_CANDIDATES + LEARNED_CANDIDATES + runs + 1)
    started = time.perf_counter()
    related_many(pool[:1], pool[runs + 1 :], Thresholds())
    cold = time.perf_counter() - started
    times = []
    for k in range(1, runs + 1):
        started = time.perf_counter()
        related_many(pool[k : k + 1], pool[runs + 1 :], Thresholds())
        times.append(time.perf_counter() - started)
    times.sort()
    others = len(pool) - runs - 1
    print(
        f"one save against {others} candidates: first {cold:.2f} s, median {times[runs // 2]:.2f} s"
    )


def main() -> None:
    """Parse the command line and run what it asks for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", action="store_true", help="only the two halves")
    parser.add_argument("--groups", action="store_true", help="list the groups found")
    parser.add_argument("--tune", action="store_true", help="grid search on the tuning half")
    parser.add_argument("--scale", nargs="*", type=int, help="sizes for the scale runs")
    parser.add_argument("--half", choices=HALVES, help="only this half (tune on 'tuning' alone)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--suggest", action="store_true", help="time one save's suggestions")
    args = parser.parse_args()
    if args.suggest:
        suggest_timing()
        return
    if args.one:
        print(json.dumps(run_scale(args.one)))
        return
    thresholds = tune() if args.tune else Thresholds()
    report(thresholds, args.groups, (args.half,) if args.half else HALVES)
    if not args.quality:
        print()
        scale(args.scale or [1_000, 10_000, 50_000])


if __name__ == "__main__":
    main()
