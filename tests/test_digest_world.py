"""A month of Tværby Kommune with known numbers, shared by the digest tests (no tests here).

`build_world(sessions, month)` stores, around `month`, items with exact timestamps, effect
indicator values, cross-unit threads and weekly reflection prompts; EXPECTED says what the
digest for that month must show. Every figure below is worked out by hand in the comments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import models
from bot.db import session_scope
from bot.models import (
    Area,
    Goal,
    Indicator,
    IndicatorValue,
    Item,
    ItemUnit,
    Person,
    Unit,
)
from bot.services.digest import month_start
from bot.services.effect import shift_month

TEAM = "T0TVAERS"
TZ = "Europe/Copenhagen"
ANNA, RIKKE, BO, DAVID, CAMILLA, HANNE = (
    "U0ANNA",
    "U0RIKKE",
    "U0BO",
    "U0DAVID",
    "U0CAMILLA",
    "U0HANNE",
)
SOFIE, ADMIN = "U0SOFIE", "U0ADMIN"
BO_NAME = "Bo Jensen"  # Bo's items are all anonymous: his name must never appear
GOAL_JOB = "Flere borgere i job eller uddannelse"
GOAL_OLD = "Ældre klarer sig selv længere"
GOAL_KIDS = "Børn og unge trives og lærer"
SOCIAL = "Social- og Sundhedsforvaltningen"
WORK = "Beskæftigelsesforvaltningen"
FAMILY = "Børne- og Familieforvaltningen"
THREADS = "C0TVAERS"


@dataclass
class World:
    """What build_world stored: the month, and item ids by their name in this file."""

    month: str
    start: datetime
    end: datetime
    items: dict[str, int] = field(default_factory=dict)
    thread_ts: str | None = None


def _item(
    session: Session,
    units: dict[str, int],
    goals: dict[str, int],
    *,
    author: str,
    author_unit: str | None,
    text: str,
    unit_names: list[str],
    created: datetime,
    kind: str = "barrier",
    goal: str | None = None,
    status: str = "open",
    closed: datetime | None = None,
    note: str | None = None,
    level: str | None = None,
    anonymous: bool = False,
    escalated: datetime | None = None,
    situation: str | None = None,
) -> Item:
    item = Item(
        team_id=TEAM,
        author_id=author,
        unit_id=units[author_unit] if author_unit else None,
        kind=kind,
        text=text,
        citizen_situation=situation,
        goal_id=goals[goal] if goal else None,
        level=level,
        anonymous=anonymous,
        status=status,
        escalated_at=escalated,
        resolution_note=note,
        created_at=created,
        updated_at=created,
        status_changed_at=closed or created,
        status_changed_by=author,
        closed_at=closed,
    )
    item.links = [ItemUnit(team_id=TEAM, unit_id=units[name]) for name in unit_names]
    session.add(item)
    session.flush()
    return item


def build_world(
    sessions: sessionmaker[Session], month: str = "2026-11", *, root_ts: str | None = None
) -> World:
    """Store the known month (the example organisation must be imported first)."""
    start, end = month_start(month, TZ), month_start(shift_month(month, 1), TZ)
    world = World(month=month, start=start, end=end, thread_ts=root_ts)
    day = timedelta(days=1)
    with session_scope(sessions) as session:
        units = {u.name: u.id for u in session.scalars(select(Unit).where(Unit.team_id == TEAM))}
        goals = {g.title: g.id for g in session.scalars(select(Goal).where(Goal.team_id == TEAM))}

        def add(key: str, **values: object) -> Item:
            item = _item(session, units, goals, **values)  # type: ignore[arg-type]
            world.items[key] = item.id
            return item

        # -- new this month: 3 barriers, 1 potential, 1 dilemma --------------------------------
        add(
            "waiting",
            author=ANNA,
            author_unit="Jobcentret",
            text="Ventetid på psykiatrisk udredning",
            unit_names=["Jobcentret", "Socialpsykiatrien"],
            created=start + 2 * day + timedelta(hours=10),
            goal=GOAL_JOB,
            status="resolved",
            closed=start + 20 * day + timedelta(hours=10),  # exactly 18 days
            note="Fast tid hver uge hos Socialpsykiatrien",
        )
        add(
            "housing",
            author=RIKKE,
            author_unit="Jobcentret",
            text="Borgere venter på en bolig",
            unit_names=["Jobcentret", "Socialpsykiatrien"],
            created=start + 5 * day,
            goal=GOAL_JOB,
        )
        add(
            "falls",
            author=BO,
            author_unit="Hjemmeplejen",
            kind="potential",
            text="Træning før første fald",
            situation="En 82-årig der bor alene",
            unit_names=["Hjemmeplejen", "Socialpsykiatrien"],
            created=start + 6 * day,
            goal=GOAL_OLD,
            level="across_units",
            anonymous=True,
        )
        add(
            "twice",
            author=CAMILLA,
            author_unit="Familieafdelingen",
            kind="dilemma",
            text="Familien skal fortælle deres historie to gange",
            unit_names=["Familieafdelingen", "Jobcentret"],
            created=start + 9 * day + timedelta(hours=12),
            goal=GOAL_KIDS,
            status="resolved",
            closed=end - timedelta(minutes=30),  # 23:30 on the last day: still this month
            note="Fælles handleplan",
        )
        add(
            "ppr",
            author=HANNE,
            author_unit="PPR",
            text="Ventetid hos PPR",
            unit_names=["Familieafdelingen", "PPR"],
            created=start + timedelta(minutes=30),  # 00:30 on the 1st: this month
        )
        # -- around the month's edges ----------------------------------------------------------
        add(
            "october",
            author=ANNA,
            author_unit="Jobcentret",
            text="Ny aftale om sygedagpenge",
            unit_names=["Jobcentret"],
            created=start - timedelta(minutes=30),  # 23:30 the day before: last month
            status="resolved",
            closed=start + 5 * day - timedelta(minutes=30),  # resolved this month, in 5 days
            note="Ny aftale",
        )
        add(
            "next_month",
            author=ANNA,
            author_unit="Jobcentret",
            text="Næste måned",
            unit_names=["Jobcentret"],
            created=end + timedelta(minutes=30),
        )
        # -- what needs the directors ----------------------------------------------------------
        add(
            "escalated_old",
            author=BO,
            author_unit="Hjemmeplejen",
            text="Ingen kan bevilge hjælpemidler på tværs af forvaltninger",
            unit_names=["Hjemmeplejen"],
            created=start - 92 * day,
            escalated=start - 61 * day,
            level="top_management",
            anonymous=True,
        )
        add(
            "top_level",
            author=DAVID,
            author_unit="Socialpsykiatrien",
            kind="dilemma",
            text="Misbrugsbehandling og job kan ikke ske samtidig efter reglerne",
            unit_names=["Socialpsykiatrien", "Jobcentret"],
            created=start - 61 * day,
            level="top_management",
        )
        add(
            "top_level_young",  # at top level for only 46 days: not yet
            author=DAVID,
            author_unit="Socialpsykiatrien",
            text="For ny til direktionen",
            unit_names=["Socialpsykiatrien"],
            created=end - 46 * day,
            level="top_management",
        )
        add(
            "escalated_now",
            author=RIKKE,
            author_unit="Jobcentret",
            text="Vi mangler en fælles indgang for unge",
            unit_names=["Jobcentret"],
            created=start - 10 * day,
            escalated=start + 19 * day,
            level="top_management",
        )
        add(
            "escalated_resolved",
            author=RIKKE,
            author_unit="Jobcentret",
            text="Løst før måneden",
            unit_names=["Jobcentret"],
            created=start - 40 * day,
            escalated=start - 30 * day,
            level="top_management",
            status="resolved",
            closed=start - 20 * day,
            note="Klaret",
        )
        add(
            "escalated_later",
            author=RIKKE,
            author_unit="Jobcentret",
            text="Eskaleret efter måneden",
            unit_names=["Jobcentret"],
            created=start - 5 * day,
            escalated=end + day,
            level="top_management",
        )
        _effect(session, month)
        _threads(session, world)
        _reflection(session, world)
    return world


def _effect(session: Session, month: str) -> None:
    """Values for three indicators around the month; the other three have none."""
    indicators = {
        i.name: i.id for i in session.scalars(select(Indicator).where(Indicator.team_id == TEAM))
    }
    values = [
        # Lower is better, target 14: 15.2 now, 15.5 a month ago, 16.3 a year ago.
        ("Andel 16-64-årige på offentlig forsørgelse", month, 15.2),
        ("Andel 16-64-årige på offentlig forsørgelse", shift_month(month, -1), 15.5),
        ("Andel 16-64-årige på offentlig forsørgelse", shift_month(month, -12), 16.3),
        # Higher is better, target 90: only a value two months ago.
        ("Unge 18-24 år i job eller uddannelse", shift_month(month, -2), 84.0),
        # Higher is better, target 85: 86.5 now, 87 a month ago (worse, target met).
        ("Borgere over 75 år uden hjemmehjælp", month, 86.5),
        ("Borgere over 75 år uden hjemmehjælp", shift_month(month, -1), 87.0),
    ]
    for name, value_month, value in values:
        session.add(
            IndicatorValue(
                team_id=TEAM,
                indicator_id=indicators[name],
                month=value_month,
                value=value,
                source="import",
            )
        )


def _threads(session: Session, world: World) -> None:
    """Two threads opened this month (4 and 3 replies), one last month (9 replies)."""
    thread_model = getattr(models, "CrossUnitThread", None)
    link_model = getattr(models, "CrossUnitThreadItem", None)
    if thread_model is None or link_model is None:
        return
    day = timedelta(days=1)
    for key, posted, replies, item, ts in (
        ("t1", world.start + 4 * day, 4, "waiting", "1764000001.000100"),
        ("t2", world.start + 11 * day, 3, "falls", "1764000002.000100"),
        ("t3", world.start - 5 * day, 9, "top_level", world.thread_ts or "1764000003.000100"),
    ):
        thread = thread_model(
            team_id=TEAM,
            group_key=key,
            channel_id=THREADS,
            reasons="units",
            claimed_at=posted,
            root_ts=ts,
            posted_at=posted,
            reply_count=replies,
        )
        session.add(thread)
        session.flush()
        session.add(link_model(item_id=world.items[item], thread_id=thread.id, team_id=TEAM))


def _reflection(session: Session, world: World) -> None:
    """Twelve managers asked this month, eight answered (see test_digest for the sums)."""
    prompt_model = getattr(models, "ReflectionPrompt", None)
    reply_model = getattr(models, "ReflectionReply", None)
    if prompt_model is None:
        return
    jobcentret = session.scalar(select(Unit.id).where(Unit.name == "Jobcentret"))
    for user in ("U0X1", "U0X2", "U0X3"):
        session.add(Person(team_id=TEAM, user_id=user, name=f"Vikar {user}", unit_id=jobcentret))
    day = timedelta(days=1)
    week_a, week_b = world.start + 2 * day, world.start + 9 * day

    def prompt(user: str, due: datetime, state: str = "sent", **answers: str) -> object:
        row = prompt_model(
            team_id=TEAM,
            user_id=user,
            kind="weekly",
            period=due.strftime("%G-W%V"),
            state=state,
            due_at=due,
            claimed_at=due,
            sent_at=due if state == "sent" else None,
            channel_id=f"D{user}",
            message_ts=f"{due.timestamp():.6f}",
            answered_at=due + timedelta(hours=2) if answers else None,
            **{f"answer_{k}": v for k, v in answers.items()},
        )
        session.add(row)
        session.flush()
        return row

    # Beskæftigelsesforvaltningen: 7 asked, 5 answered.
    prompt(ANNA, week_a, barriers="Ventetid på udredning")
    prompt(ANNA, week_b)  # the same manager again, unanswered: still one who answered
    prompt(RIKKE, week_a, need="Boliger til unge")
    prompt("U0FREJA", week_a, action="Kortere ventelister")
    prompt("U0GUSTAV", week_a)
    prompt("U0X1", week_a, need="Samarbejde med skolen")
    replied = prompt("U0X2", week_b)  # answered in the DM only
    if reply_model is not None:
        session.add(
            reply_model(
                team_id=TEAM,
                prompt_id=replied.id,  # type: ignore[attr-defined]
                user_id="U0X2",
                channel_id="DU0X2",
                message_ts="1764100000.000200",
                text="Vi venter på psykiatrien",
            )
        )
    prompt("U0X3", week_b)
    # Social- og Sundhedsforvaltningen: 3 asked, 2 answered (under the threshold: merged).
    prompt(BO, week_a, barriers="Fald hos ældre borgere")
    prompt(DAVID, week_a, barriers="Misbrug og bolig")
    prompt("U0EMMA", week_a)
    prompt("U0EMMA", world.start - 7 * day, barriers="Ventetid")  # last month: not counted
    # Børne- og Familieforvaltningen: 2 asked, 1 answered (merged too).
    prompt(CAMILLA, week_b, need="Familier med mange sager")
    prompt(HANNE, week_b)
    # Skole- og Dagtilbud: the prompt never reached Lars, so he was not asked.
    prompt("U0LARS", week_a, state="failed")


def area_id(sessions: sessionmaker[Session], name: str) -> int:
    """The id of an area of the example organisation."""
    with sessions() as session:
        found = session.scalar(select(Area.id).where(Area.team_id == TEAM, Area.name == name))
        assert found is not None
        return found


def set_area_channel(sessions: sessionmaker[Session], name: str, channel: str) -> int:
    """Give an area its own digest channel; returns the area's id."""
    with session_scope(sessions) as session:
        area = session.scalar(select(Area).where(Area.team_id == TEAM, Area.name == name))
        assert area is not None
        area.digest_channel = channel
        return area.id


def has_threads() -> bool:
    """True when the cross-unit threads feature is in this build."""
    return getattr(models, "CrossUnitThread", None) is not None


def has_reflection() -> bool:
    """True when the weekly reflection feature is in this build."""
    return getattr(models, "ReflectionPrompt", None) is not None


def make_now(month: str) -> datetime:
    """08:00 local time on the 1st of the month after `month` (when its digest is due)."""
    return month_start(shift_month(month, 1), TZ) + timedelta(hours=8)
