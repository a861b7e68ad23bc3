"""Data generator for bench_digest.py: a municipality with five years of Tværs history.

2,000 managers in 200 units and 12 areas (two of them small, so the digest merges them),
5 goals with 2 indicators each (monthly values), ~500,000 items (1–3 units each, most closed
after a few weeks, some escalated or anonymous), cross-unit threads with reply counts, and the
weekly reflection: one prompt per manager per week (520,000) with ~2,000,000 answers in all,
counted as the three questions of each answered prompt plus the replies written in the DM.

Deterministic (a fixed seed); rows go in with executemany in batches and explicit ids, so the
generator never holds more than one batch in memory.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, func, insert, select, text

from bot import models
from bot.db import migrate
from bot.models import (
    Area,
    Goal,
    Indicator,
    IndicatorValue,
    Item,
    ItemUnit,
    Person,
    Unit,
    Workspace,
)
from bot.services.digest import month_start
from bot.services.effect import shift_month

TEAM = "T0BENCH"
TZ = "Europe/Copenhagen"
BATCH = 20_000

# Words the themes know, and words they do not, so the theme sums have work to do.
_TOPICS = [
    "ventetid på udredning",
    "venteliste til bolig",
    "deling af oplysninger mellem forvaltninger",
    "samtykke til at dele journal",
    "fagsystemer der ikke taler sammen",
    "adgang til hinandens kalendere",
    "psykisk sårbare unge",
    "misbrugsbehandling og job",
    "ressourceforløb og fleksjob",
    "uddannelse efter folkeskolen",
    "familier med mange sager",
    "skolefravær og trivsel",
    "ældre der falder derhjemme",
    "genoptræning efter indlæggelse",
    "koordinering af handleplaner",
    "overgangen fra barn til voksen",
    "regler om bevilling",
    "økonomi på tværs af budgetter",
    "kapacitet og personale",
    "transport til behandling",
    "tolkebistand",
    "digitale breve der ikke bliver læst",
]
_OPENINGS = ["Borgere oplever", "Vi ser", "Der mangler", "Det er svært med", "Udfordring:"]
_SITUATIONS = [
    "En ung på 19 uden job, der bor alene",
    "En familie med tre børn og sager i to forvaltninger",
    "En 82-årig der er holdt op med at handle selv",
    "En borger i ressourceforløb med angst",
    "En enlig far på sygedagpenge",
]


@dataclass(frozen=True)
class Size:
    """How big the generated municipality is."""

    managers: int = 2_000
    units: int = 200
    areas: int = 12
    months: int = 60
    items: int = 500_000
    answers: int = 2_000_000
    end_month: str = "2026-10"  # the last month with history (the benchmark's digest month)


def _batches(rows: Iterator[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load(engine: Engine, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    for batch in _batches(rows):
        with engine.begin() as connection:
            connection.execute(insert(table), batch)
        count += len(batch)
    return count


def reset(engine: Engine) -> None:
    """An empty database at the newest schema."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            for table in reversed(models.Base.metadata.sorted_tables):
                connection.execute(text(f'DROP TABLE IF EXISTS "{table.name}"'))
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    migrate(engine)


def generate(engine: Engine, size: Size, log: Callable[[str], None] = print) -> dict[str, int]:
    """Fill an empty, migrated database; returns the row counts."""
    rng = random.Random(20261101)
    started = time.perf_counter()
    counts: dict[str, int] = {}
    first_month = shift_month(size.end_month, 1 - size.months)
    start = month_start(first_month, TZ)
    end = month_start(shift_month(size.end_month, 1), TZ)
    span = (end - start).total_seconds()
    with engine.begin() as connection:
        connection.execute(
            insert(Workspace),
            [
                {
                    "team_id": TEAM,
                    "name": "Benchmark Kommune",
                    "timezone": TZ,
                    "language": "da",
                    "digest_channel": "C0DIREKTION",
                    "created_at": start,
                    "updated_at": start,
                }
            ],
        )
    # Areas: ten big ones and two small ones (4 and 3 units' worth of managers, merged).
    areas = [
        {"id": i + 1, "team_id": TEAM, "name": f"Område {i + 1:02d}"} for i in range(size.areas)
    ]
    counts["areas"] = _load(engine, Area.__table__, iter(areas))  # type: ignore[arg-type]
    units = []
    for index in range(size.units):
        area = 1 + index % (size.areas - 2) if index >= 2 else size.areas - index
        units.append(
            {"id": index + 1, "team_id": TEAM, "name": f"Enhed {index + 1:03d}", "area_id": area}
        )
    counts["units"] = _load(engine, Unit.__table__, iter(units))  # type: ignore[arg-type]
    small_units = {1, 2}  # in the two small areas

    def unit_of_manager(index: int) -> int:
        # The two small areas' units get 3 managers each; the rest share the others.
        if index < 6:
            return 1 + index // 3
        return 3 + (index - 6) % (size.units - 2)

    people = []
    for index in range(size.managers):
        people.append(
            {
                "id": index + 1,
                "team_id": TEAM,
                "user_id": f"U{index:07d}",
                "name": f"Leder {index}",
                "unit_id": unit_of_manager(index),
                "role": "manager",
                "active": True,
                "tz": TZ,
                "created_at": start,
                "updated_at": start,
            }
        )
    for index in range(40):
        people.append(
            {
                "id": size.managers + index + 1,
                "team_id": TEAM,
                "user_id": f"UD{index:06d}",
                "name": f"Direktør {index}",
                "unit_id": 3 + index,
                "role": "director",
                "active": True,
                "tz": TZ,
                "created_at": start,
                "updated_at": start,
            }
        )
    counts["people"] = _load(engine, Person.__table__, iter(people))  # type: ignore[arg-type]
    goals = [
        {"id": g + 1, "team_id": TEAM, "title": f"Mål {g + 1}", "position": g, "active": True}
        for g in range(5)
    ]
    counts["goals"] = _load(engine, Goal.__table__, iter(goals))  # type: ignore[arg-type]
    indicators = [
        {
            "id": i + 1,
            "team_id": TEAM,
            "goal_id": i // 2 + 1,
            "name": f"Indikator {i + 1}",
            "measure_unit": "procent",
            "higher_is_better": i % 2 == 0,
            "target": 50.0,
            "active": True,
        }
        for i in range(10)
    ]
    counts["indicators"] = _load(engine, Indicator.__table__, iter(indicators))  # type: ignore[arg-type]
    counts["indicator_values"] = _load(
        engine,
        IndicatorValue.__table__,  # type: ignore[arg-type]
        (
            {
                "team_id": TEAM,
                "indicator_id": indicator["id"],
                "month": shift_month(first_month, m),
                "value": round(40 + 10 * rng.random() + m * 0.05, 1),
                "source": "import",
                "recorded_at": start,
            }
            for indicator in indicators
            for m in range(size.months)
        ),
    )
    log(f"  organisation: {counts}")

    # -- items and their units -------------------------------------------------------------
    manager_units = [person["unit_id"] for person in people[: size.managers]]

    def items() -> Iterator[dict[str, Any]]:
        for item_id in range(1, size.items + 1):
            created = start + timedelta(seconds=rng.random() * span)
            author = rng.randrange(size.managers)
            age_days = (end - created).days
            status, closed, note = "open", None, None
            if rng.random() < (0.97 if age_days > 180 else 0.75 if age_days > 30 else 0.35):
                closed = created + timedelta(days=rng.expovariate(1 / 30))
                if closed >= end:
                    closed = None
                elif rng.random() < 0.82:
                    status, note = "resolved", f"Fælles aftale om {rng.choice(_TOPICS)}"
                else:
                    status = "dropped"
            level = rng.choices(
                [None, "own_unit", "across_units", "top_management"], [55, 10, 30, 5]
            )[0]
            escalated = None
            if status == "open" and rng.random() < 0.02:
                escalated = created + timedelta(days=rng.uniform(1, 20))
                escalated = min(escalated, end - timedelta(minutes=1))
                level = "top_management"
            yield {
                "id": item_id,
                "team_id": TEAM,
                "author_id": f"U{author:07d}",
                "unit_id": manager_units[author],
                "kind": rng.choices(["barrier", "potential", "dilemma"], [70, 20, 10])[0],
                "text": f"{rng.choice(_OPENINGS)} {rng.choice(_TOPICS)} og {rng.choice(_TOPICS)}",
                "citizen_situation": rng.choice(_SITUATIONS) if rng.random() < 0.5 else None,
                "goal_id": rng.randrange(1, 6) if rng.random() < 0.7 else None,
                "level": level,
                "anonymous": rng.random() < 0.08,
                "status": status,
                "escalated_at": escalated,
                "resolution_note": note,
                "source_key": None,
                "created_at": created,
                "updated_at": closed or created,
                "status_changed_at": closed or created,
                "status_changed_by": f"U{author:07d}",
                "closed_at": closed,
            }

    counts["items"] = _load(engine, Item.__table__, items())  # type: ignore[arg-type]
    log(f"  items: {counts['items']} ({time.perf_counter() - started:.0f} s)")

    def links() -> Iterator[dict[str, Any]]:
        rng_links = random.Random(7)
        for item_id in range(1, size.items + 1):
            own = manager_units[rng_links.randrange(size.managers)]
            chosen = {own}
            extra = rng_links.choices([0, 1, 2], [65, 28, 7])[0]
            while len(chosen) < 1 + extra:
                # Neighbouring units work together more often than far ones.
                near = own + rng_links.randint(-6, 6)
                candidate = near if 1 <= near <= size.units else rng_links.randint(1, size.units)
                if candidate not in small_units or rng_links.random() < 0.2:
                    chosen.add(candidate)
            for unit_id in chosen:
                yield {"item_id": item_id, "unit_id": unit_id, "team_id": TEAM}

    counts["item_units"] = _load(engine, ItemUnit.__table__, links())  # type: ignore[arg-type]
    log(f"  item units: {counts['item_units']} ({time.perf_counter() - started:.0f} s)")
    _threads(engine, size, rng, start, span, counts)
    _reflection(engine, size, rng, start, end, counts, log)
    _analyze(engine)
    log(f"  done in {time.perf_counter() - started:.0f} s: {counts}")
    return counts


def _threads(
    engine: Engine,
    size: Size,
    rng: random.Random,
    start: datetime,
    span: float,
    counts: dict[str, int],
) -> None:
    thread_model = getattr(models, "CrossUnitThread", None)
    link_model = getattr(models, "CrossUnitThreadItem", None)
    if thread_model is None or link_model is None:
        return
    threads = size.months * 87  # about twenty a week
    used: set[int] = set()
    thread_rows, link_rows = [], []
    for thread_id in range(1, threads + 1):
        posted = start + timedelta(seconds=rng.random() * span)
        thread_rows.append(
            {
                "id": thread_id,
                "team_id": TEAM,
                "group_key": f"g{thread_id}",
                "channel_id": "C0TVAERS",
                "reasons": "units",
                "claimed_at": posted,
                "root_ts": f"{posted.timestamp():.6f}",
                "posted_at": posted,
                "follow_up_skipped": False,
                "reply_count": rng.randint(0, 12),
            }
        )
        for _ in range(rng.randint(2, 4)):
            item_id = rng.randint(1, size.items)
            if item_id not in used:
                used.add(item_id)
                link_rows.append(
                    {
                        "item_id": item_id,
                        "thread_id": thread_id,
                        "team_id": TEAM,
                        "added_at": posted,
                    }
                )
    counts["threads"] = _load(engine, thread_model.__table__, iter(thread_rows))
    counts["thread_items"] = _load(engine, link_model.__table__, iter(link_rows))


def _reflection(
    engine: Engine,
    size: Size,
    rng: random.Random,
    start: datetime,
    end: datetime,
    counts: dict[str, int],
    log: Callable[[str], None],
) -> None:
    prompt_model = getattr(models, "ReflectionPrompt", None)
    reply_model = getattr(models, "ReflectionReply", None)
    if prompt_model is None:
        log("  no reflection tables in this build: no reflection answers generated")
        return
    weeks = int((end - start).days // 7)
    answered_share = 0.8
    phrases = [f"{rng.choice(_OPENINGS)} {topic}" for topic in _TOPICS]

    def prompts() -> Iterator[dict[str, Any]]:
        prompt_id = 0
        for week in range(weeks):
            due = start + timedelta(days=7 * week + 2, hours=8)
            period = due.astimezone(UTC).strftime("%G-W%V")
            for manager in range(size.managers):
                prompt_id += 1
                state = "sent" if rng.random() < 0.97 else "failed"
                row: dict[str, Any] = {
                    "id": prompt_id,
                    "team_id": TEAM,
                    "user_id": f"U{manager:07d}",
                    "kind": "weekly",
                    "period": period,
                    "state": state,
                    "attempts": 1,
                    "due_at": due,
                    "claimed_at": due,
                    "sent_at": due if state == "sent" else None,
                    "answer_need": None,
                    "answer_barriers": None,
                    "answer_action": None,
                    "answered_at": None,
                }
                if state == "sent" and rng.random() < answered_share:
                    row.update(
                        answer_need=rng.choice(phrases),
                        answer_barriers=rng.choice(phrases),
                        answer_action=rng.choice(phrases),
                        answered_at=due + timedelta(hours=3),
                    )
                yield row

    counts["reflection_prompts"] = _load(engine, prompt_model.__table__, prompts())
    with engine.connect() as connection:
        answered = int(
            connection.execute(
                select(func.count()).where(prompt_model.answered_at.is_not(None))
            ).scalar_one()
        )
    wanted = max(0, size.answers - answered * 3) if reply_model is not None else 0
    per_prompt = wanted / max(1, answered)

    def replies() -> Iterator[dict[str, Any]]:
        # The answered prompts, read back in id order a batch at a time (a second pass, so
        # every reply's prompt exists before the reply does).
        reply_id, last = 0, 0
        while True:
            with engine.connect() as connection:
                rows = connection.execute(
                    select(prompt_model.id, prompt_model.user_id, prompt_model.due_at)
                    .where(prompt_model.answered_at.is_not(None), prompt_model.id > last)
                    .order_by(prompt_model.id)
                    .limit(BATCH)
                ).all()
            if not rows:
                return
            for prompt_id, user_id, due in rows:
                whole = int(per_prompt)
                for _ in range(whole + (1 if rng.random() < per_prompt - whole else 0)):
                    reply_id += 1
                    yield {
                        "id": reply_id,
                        "team_id": TEAM,
                        "prompt_id": prompt_id,
                        "user_id": user_id,
                        "channel_id": f"D{user_id}",
                        "message_ts": f"{reply_id}.000100",
                        "text": rng.choice(phrases),
                        "created_at": due + timedelta(hours=4),
                    }
            last = rows[-1][0]

    counts["reflection_replies"] = (
        _load(engine, reply_model.__table__, replies()) if reply_model is not None else 0
    )
    counts["reflection_answers"] = answered * 3 + counts["reflection_replies"]
    log(
        f"  reflection: {counts['reflection_prompts']} prompts, {answered} answered "
        f"(x3 questions) + {counts['reflection_replies']} DM replies = "
        f"{counts['reflection_answers']} answers"
    )


# Tables whose ids the generator set itself: PostgreSQL's sequences must move past them.
_SEQUENCED = (
    "areas",
    "units",
    "people",
    "goals",
    "indicators",
    "items",
    "cross_unit_threads",
    "reflection_prompts",
    "reflection_replies",
)


def _analyze(engine: Engine) -> None:
    """Planner statistics as a database that has lived for five years would have them."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            existing = set(
                connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).scalars()
            )
            for table in _SEQUENCED:
                if table in existing:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT coalesce(max(id), 1) FROM {table}))"
                        )
                    )
        connection.execute(text("ANALYZE"))
