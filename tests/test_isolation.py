"""Two workspaces side by side: nothing of one ever appears in the other (issue #9).

Aarhus and Odense install Tværs through "Add to Slack" on one running app and one database,
import the example organisation under their own names, and use every feature at the same time:
quick and modal items, `/barriere mine`, the weekly reflection (the form and a reply in the DM),
cross-unit threads with a reply, the follow-up and an escalation to the directors, an effect
value, an admin change, the jobs' status, the monthly digest and `/barriere overblik` with its
CSV export, App Home for a manager, directors and the admin, `/barriere mine data` and
`export-org`. Then one workspace sends the other's ids in clicks and forms, one person erases
their data in one workspace, and one workspace uninstalls and is purged.

The people of the example organisation keep the same Slack user ids in both workspaces, as
Enterprise Grid gives a person one id in every workspace: a query that finds a person's items or
prompts by user id and forgets the workspace is caught. Everything else a person could see –
names, units, areas, goals, indicators, channels and every text typed – carries the city's name,
so "odense" must never turn up in anything Slack got for Aarhus, in Aarhus's exports or in its
rows in the database, nor "aarhus" in Odense's. Counts are checked exactly where a digest or
App Home shows them (both towns have the same numbers, so a leak doubles them), and each surface
must show its own town's words, so the test cannot pass because nothing was shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from slack_sdk import WebClient
from sqlalchemy import Table, func, select

from bot.app import Runtime
from bot.db import session_scope
from bot.models import Base, CrossUnitThread, Indicator, Item, ReflectionPrompt, Unit, utcnow
from bot.services import schedule
from bot.services.calendar import DEFAULT
from bot.services.digest import local_month, month_start, post_time
from bot.services.effect import EffectFileError, import_effect
from bot.services.org_export import export_org
from bot.services.org_import import apply_org, parse_org_file
from bot.slack_client import email_lookup
from jobs.scheduler import run_job
from sandbox import FakeSlack, SlackSender, fill, render_message, render_view
from sandbox.signer import Response
from tests.conftest import EXAMPLE_ORG, OAuthApp
from tests.test_oauth import oauth_app_runtime, runtime_client

TZ = "Europe/Copenhagen"
CPH = ZoneInfo(TZ)
# People of the example organisation, with the same user id in both workspaces.
ANNA, BO, GUSTAV, DAVID, RIKKE = "U0ANNA", "U0BO", "U0GUSTAV", "U0DAVID", "U0RIKKE"
SOFIE, TOBIAS, KOMDIR, ADMIN = "U0SOFIE", "U0TOBIAS", "U0KOMDIR", "U0ADMIN"

QUICK = "Borgere venter for længe på en samtale i jobcentret"
ANSWER = "Vi må ikke se hinandens journaler"
YOUNG = {
    "barrier_text": "Unge med angst falder ud af uddannelse, fordi ventetiden på en psykiatrisk "
    "udredning er lang",
    "barrier_situation": "En ung på 19 uden job eller uddannelse, som bor alene og har angst",
}
ANXIOUS = {
    "barrier_text": "Vi kan ikke starte behandling af unge med angst, før jobcentrets forløb er "
    "afklaret – og jobcentret venter på os",
    "barrier_situation": "En ung på 19 med angst, som er droppet ud af uddannelse og bor alene",
}


@dataclass
class Town:
    """One workspace, and every answer the app gave to requests from it."""

    team: str
    city: str
    token: str = ""
    sender: SlackSender | None = None
    # The bodies of the app's HTTP answers (ephemeral messages, modal errors, updated views).
    answers: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.city.upper()

    @property
    def digest_channel(self) -> str:
        return f"C0{self.code}DIR"

    @property
    def area_channel(self) -> str:
        return f"C0{self.code}BESK"

    @property
    def cross_channel(self) -> str:
        return f"C0{self.code}TVAERS"

    def mark(self, text: str) -> str:
        """A text this town's people write: it names their city."""
        return f"{text} i {self.city}"

    def send(self) -> SlackSender:
        assert self.sender is not None
        return self.sender

    def command(self, text: str, *, user: str) -> dict[str, Any]:
        """`/barriere text` from someone in this workspace; the app's answer."""
        return self._keep(self.send().command(text, user_id=user))

    def action(self, **kwargs: Any) -> dict[str, Any]:
        """A click in this workspace (the arguments of SlackSender.block_action)."""
        return self._keep(self.send().block_action(**kwargs))

    def poke(self, **kwargs: Any) -> None:
        """A forged click: whatever the app answers is kept, nothing is expected of it."""
        self.answers.append(self.send().block_action(**kwargs).text)

    def submit(self, view: dict[str, Any], *, user: str, answers: dict[str, Any]) -> dict[str, Any]:
        """Fill in and submit a modal the bot opened in this workspace."""
        return self._keep(
            self.send().view_submission(view, user_id=user, values=fill(view, answers))
        )

    def event(self, event: dict[str, Any]) -> None:
        self._keep(self.send().event(event))

    def _keep(self, answer: Response) -> dict[str, Any]:
        assert answer.status == 200, answer.text
        self.answers.append(answer.text)
        return answer.json() if answer.body else {}


# -- setting up two municipalities --------------------------------------------------------------


def org_file(town: Town) -> str:
    """examples/org.yaml as the town's own: the same people, every name carrying the city."""
    data = yaml.safe_load(EXAMPLE_ORG.read_text(encoding="utf-8"))
    city = town.city
    data["workspace"].update(
        team_id=town.team,
        name=f"{city} Kommune",
        digest_channel=town.digest_channel,
        cross_unit_channel=town.cross_channel,
    )
    for area in data["areas"]:
        if area["name"] == "Beskæftigelsesforvaltningen":
            area["digest_channel"] = town.area_channel
        area["name"] = f"{area['name']} {city}"
        area["units"] = [f"{unit} {city}" for unit in area["units"]]
    for person in data["people"]:
        person["name"] = f"{person['name']} fra {city}"
        if "unit" in person:
            person["unit"] = f"{person['unit']} {city}"
        if "email" in person:
            person["email"] = person["email"].replace("tvaerby", city.lower())
    for goal in data["goals"]:
        goal["title"] = f"{goal['title']} i {city}"
        goal["description"] = f"{goal['description']} ({city})"
        for indicator in goal["indicators"]:
            indicator["name"] = f"{indicator['name']} i {city}"
    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def set_up(app: OAuthApp, town: Town) -> None:
    """Install Tværs in the town's workspace, give Slack its people and channels, and import
    the town's organisation (people named by e-mail are looked up with the town's token)."""
    fake = app.fake
    town.token = app.install(town.team, f"{town.city} Kommune", user_id=f"U0{town.code}IT")
    town.sender = app.sender_for(town.team)
    spec = parse_org_file(org_file(town))
    for index, person in enumerate(spec.people):
        user_id = person.user_id or f"U0{town.code}MAIL{index}"
        fake.add_user(user_id, name=person.name or user_id, email=person.email, team_id=town.team)
    code = town.code.lower()
    fake.add_channel(town.digest_channel, f"direktion-{code}", is_member=True, team_id=town.team)
    fake.add_channel(town.area_channel, f"besk-{code}", is_member=True, team_id=town.team)
    fake.add_channel(town.cross_channel, f"tvaers-{code}", team_id=town.team)
    lookup = email_lookup(WebClient(token=town.token, base_url=fake.base_url))
    with session_scope(app.sessions) as session:
        apply_org(session=session, spec=spec, team_id=town.team, lookup_email=lookup)


def two_towns(app: OAuthApp) -> tuple[Town, Town]:
    """Aarhus and Odense, installed and organised on the same app and database."""
    towns = Town("T0AARHUS", "Aarhus"), Town("T0ODENSE", "Odense")
    for town in towns:
        set_up(app, town)
    return towns


# -- when the jobs run --------------------------------------------------------------------------


def this_month(now: datetime) -> str:
    return local_month(now, TZ)


def prompt_moment(now: datetime) -> datetime:
    """09:05 on the Monday of this month's first week without holidays: the weekly prompts are
    due then (Monday 09:00 in the file), they count in this month's digest, and the reminder
    comes on Thursday."""
    day = month_start(this_month(now), TZ).astimezone(CPH).date()
    while day.weekday() != 0 or not all(
        DEFAULT.is_working_day(day + timedelta(k)) for k in range(5)
    ):
        day += timedelta(days=1)
    return schedule.local_moment(day, schedule.parse_hhmm("09:05"), CPH)


def digest_moment(now: datetime) -> datetime:
    """08:05 on the first working day of next month, when this month's digest is due."""
    return post_time(this_month(now), TZ) + timedelta(minutes=5)


def working_moment(now: datetime) -> datetime:
    """`now`, or 09:00 on the next working day when that day is closed (threads mention
    people)."""
    today = now.astimezone(CPH).date()
    if DEFAULT.is_working_day(today):
        return now
    day = DEFAULT.next_working_day(today)
    return schedule.local_moment(day, schedule.parse_hhmm("09:00"), CPH)


def run(app: OAuthApp, runtime: Runtime, name: str, now: datetime | None = None) -> str:
    """Run a job as the clock does: once per installed workspace, with that one's token."""
    return run_job(name, runtime, runtime_client(app), now)


# -- what people do -----------------------------------------------------------------------------


def opened_view(fake: FakeSlack, town: Town) -> dict[str, Any]:
    """The modal the bot opened last in the town's workspace."""
    call = next(
        c
        for c in reversed(fake.calls)
        if c.method in ("views.open", "views.push") and c.team_id == town.team
    )
    assert call.ok, call.response
    view: dict[str, Any] = call.response["view"]
    return view


def log_items(app: OAuthApp, town: Town) -> None:
    """Two quick items from the command line, and two related ones through the form."""
    saved = town.command(town.mark(QUICK), user=ANNA)
    assert "gemt" in json.dumps(saved, ensure_ascii=False)
    town.command("potentiale " + town.mark("Fælles træning før første fald"), user=BO)
    for user, answers in ((GUSTAV, YOUNG), (DAVID, ANXIOUS)):
        town.command("", user=user)
        marked = {key: town.mark(text) for key, text in answers.items()}
        marked["barrier_goal"] = f"Flere borgere i job eller uddannelse i {town.city}"
        assert town.submit(opened_view(app.fake, town), user=user, answers=marked) == {}


def dm_of(app: OAuthApp, town: Town, user: str) -> str:
    """The bot's DM with a manager, as recorded when the weekly prompt went out."""
    with app.session() as session:
        channel = session.scalar(
            select(ReflectionPrompt.channel_id).where(
                ReflectionPrompt.team_id == town.team, ReflectionPrompt.user_id == user
            )
        )
    assert channel is not None
    return channel


def reflect(app: OAuthApp, town: Town) -> None:
    """Anna answers the weekly prompt in its form; Rikke replies in the DM."""
    fake = app.fake
    [prompt] = [
        m
        for m in fake.messages(ANNA, team_id=town.team)
        if m.get("bot_id") and m.get("text", "").startswith("Ugens refleksion")
    ]
    channel = dm_of(app, town, ANNA)
    town.action(user_id=ANNA, action_id="reflection_answer", message=prompt, channel_id=channel)
    answers = {
        "reflection_need": town.mark("Unge mellem skole og job"),
        "reflection_barriers": town.mark(ANSWER),
        "reflection_shareable": ["shareable"],
    }
    assert town.submit(opened_view(fake, town), user=ANNA, answers=answers) == {}
    channel = dm_of(app, town, RIKKE)
    text = town.mark("Boligen er det største problem")
    message = fake.add_message(channel, user=RIKKE, text=text, team_id=town.team)
    town.event(
        {
            "type": "message",
            "channel": channel,
            "channel_type": "im",
            "user": RIKKE,
            "text": text,
            "ts": message["ts"],
            "client_msg_id": message["client_msg_id"],
            "team": town.team,
        }
    )


def thread_messages(fake: FakeSlack, town: Town) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The one thread the cross-unit job opened in the town's channel: root and replies."""
    messages = fake.messages(town.cross_channel, team_id=town.team)
    [root] = [m for m in messages if m.get("bot_id") and m.get("thread_ts") in (None, m["ts"])]
    replies = [m for m in messages if m.get("thread_ts") == root["ts"] and m["ts"] != root["ts"]]
    return root, replies


def discuss(app: OAuthApp, town: Town) -> None:
    """David replies in the thread the bot opened (the bot counts it, never keeps the text)."""
    root, _ = thread_messages(app.fake, town)
    text = town.mark("Vi tager den på næste møde")
    reply = app.fake.add_message(
        town.cross_channel, user=DAVID, text=text, thread_ts=root["ts"], team_id=town.team
    )
    town.event(
        {
            "type": "message",
            "channel": town.cross_channel,
            "channel_type": "channel",
            "user": DAVID,
            "text": text,
            "ts": reply["ts"],
            "thread_ts": root["ts"],
            "team": town.team,
        }
    )


def escalate(app: OAuthApp, town: Town) -> None:
    """At the follow-up, Gustav answers *Kræver direktionen*: the areas' directors get a DM."""
    _, replies = thread_messages(app.fake, town)
    [question] = [m for m in replies if m.get("bot_id")]
    labels = {
        e["text"]["text"]: e["action_id"]
        for b in question["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    }
    town.action(
        user_id=GUSTAV,
        action_id=labels["Kræver direktionen"],
        message=question,
        channel_id=town.cross_channel,
    )
    asked = {"thread_question": "Vi beder direktionen om at afklare, hvem der betaler"}
    town.submit(opened_view(app.fake, town), user=GUSTAV, answers=asked)


def home(app: OAuthApp, town: Town, user: str) -> dict[str, Any]:
    """The user opens App Home in the town's workspace; the view the bot published."""
    town.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"})
    view = app.fake.home_view(user, team_id=town.team)
    assert view is not None
    return view


def record_effect(app: OAuthApp, town: Town, value: str) -> None:
    """Sofie (a director) records a value of the first indicator in App Home."""
    view = home(app, town, SOFIE)
    first = next(
        b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith("effect_value_o")
    )
    town.action(user_id=SOFIE, action_id="effect_value_open", view=view, block_id=first)
    form = opened_view(app.fake, town)
    assert town.submit(form, user=SOFIE, answers={"effect_value": value}) == {}


def rename_unit(app: OAuthApp, town: Town) -> None:
    """The admin renames Anna's unit in App Home (an audited change)."""
    view = home(app, town, ADMIN)
    unit = f"Jobcentret {town.city}"
    town.action(user_id=ADMIN, action_id="admin_unit_pick", view=view, selected_option=unit)
    modal = opened_view(app.fake, town)
    assert town.submit(modal, user=ADMIN, answers={"admin_name": f"{unit} Midtby"}) == {}


def files_in_dm(app: OAuthApp, town: Town, user: str) -> dict[str, bytes]:
    """Files the bot uploaded to its DM with `user` in the town's workspace, by name."""
    dms = {
        c.response["channel"]["id"]
        for c in app.fake.calls_to("conversations.open")
        if c.team_id == town.team and c.ok and c.args.get("users") == user
    }
    return {
        f["name"]: f["content"]
        for f in app.fake.files.values()
        if f["team_id"] == town.team and f["channel"] in dms
    }


@dataclass
class Seen:
    """What one town's people saw or took away: raw (JSON, file text) and as shown."""

    raw: dict[str, str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)

    def view(self, name: str, view: dict[str, Any]) -> None:
        self.raw[name], self.shown[name] = dumps(view), render_view(view)

    def messages(self, name: str, messages: list[dict[str, Any]]) -> None:
        self.raw[name] = dumps(messages)
        self.shown[name] = "\n\n".join(render_message(m) for m in messages)

    def text(self, name: str, text: str) -> None:
        self.raw[name] = self.shown[name] = text


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def side_by_side(app: OAuthApp) -> tuple[Town, Town, dict[str, Seen]]:
    """Both towns use every feature, interleaved; returns what each town's people saw."""
    fake = app.fake
    towns = two_towns(app)
    runtime = oauth_app_runtime(app)
    now = utcnow()
    for town in towns:
        log_items(app, town)
    run(app, runtime, "weekly-prompts", prompt_moment(now))
    for town in towns:
        reflect(app, town)
    # Thursday: those who did not answer get one reminder in the prompt's thread.
    run(app, runtime, "weekly-prompts", prompt_moment(now) + timedelta(days=3))
    run(app, runtime, "cross-unit-threads", working_moment(now))
    for town in towns:
        discuss(app, town)
    run(app, runtime, "cross-unit-follow-up", working_moment(now + timedelta(days=15)))
    for town in towns:
        escalate(app, town)
    for town, value in zip(towns, ("15,2", "42,7"), strict=True):
        record_effect(app, town, value)
        rename_unit(app, town)
    for name in ("channel-check", "usergroup-sync"):
        run(app, runtime, name)
    run(app, runtime, "monthly-digest", digest_moment(now))

    seen: dict[str, Seen] = {}
    for town in towns:
        got = seen[town.team] = Seen()
        got.messages("mine", [town.command("mine", user=ANNA)])
        overview = town.command("overblik", user=SOFIE)
        got.messages("overblik", [overview])
        town.action(
            user_id=SOFIE, action_id="digest_export", message=overview, channel_id="C0GENERAL"
        )
        csv_file = files_in_dm(app, town, SOFIE)[f"tvaers-{this_month(now)}.csv"]
        got.text("digest csv", csv_file.decode("utf-8"))
        for user in (ANNA, SOFIE, TOBIAS, KOMDIR, ADMIN):
            got.view(f"home {user}", home(app, town, user))
        for user in (ANNA, BO, SOFIE, TOBIAS):
            got.messages(f"dm {user}", fake.messages(user, team_id=town.team))
        for channel in (town.digest_channel, town.area_channel, town.cross_channel):
            got.messages(channel, fake.messages(channel, team_id=town.team))
        for user in (ANNA, ADMIN):
            town.command("mine data", user=user)
            for name, content in files_in_dm(app, town, user).items():
                if name.startswith("tvaers-mine-data"):
                    got.text(f"{name} {user}", content.decode("utf-8"))
        with app.session() as session:
            got.text("export-org", export_org(session=session, team_id=town.team))
    return towns[0], towns[1], seen


# -- looking for the other town -----------------------------------------------------------------


def mentions(text: str, city: str) -> list[str]:
    """Each place `text` names `city` (any case), with a little context around it."""
    lower, word = text.lower(), city.lower()
    found: list[str] = []
    start = lower.find(word)
    while start != -1 and len(found) < 3:
        found.append(text[max(0, start - 100) : start + 60])
        start = lower.find(word, start + 1)
    return found


def slack_side(fake: FakeSlack, town: Town) -> dict[str, str]:
    """Everything Slack got and gave for the town: each Web API call and response_url post
    made with its token or for its requests, each uploaded file, and the app's answers."""
    found = {
        f"call {i} {c.method}": dumps([c.method, c.args, c.response])
        for i, c in enumerate(fake.calls)
        if c.team_id == town.team
    }
    for file_id, upload in fake.files.items():
        if upload["team_id"] == town.team:
            content = upload["content"]
            shown = "" if content.startswith(b"\x89PNG") else content.decode("utf-8")
            about = [upload.get(k) for k in ("name", "title", "alt_txt", "initial_comment")]
            found[f"file {file_id} {upload['name']}"] = dumps(about) + shown
    for i, answer in enumerate(town.answers):
        found[f"answer {i}"] = answer
    return found


def our_tables() -> list[Table]:
    """Tables with a team_id, except slack_sdk's token tables (ciphertext only)."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if "team_id" in table.c and not table.name.startswith("slack_")
    ]


def stored_rows(app: OAuthApp, team: str) -> dict[str, list[str]]:
    """Every row the workspace owns, as text, by table."""
    rows: dict[str, list[str]] = {}
    with app.session() as session:
        for table in our_tables():
            found = session.execute(select(table).where(table.c.team_id == team)).all()
            rows[table.name] = sorted(repr(tuple(row)) for row in found)
    return rows


def links_across_workspaces(app: OAuthApp) -> list[str]:
    """Foreign keys from a row of one workspace to a row of another (there must be none)."""
    found = []
    with app.session() as session:
        for table in our_tables():
            for key in table.foreign_keys:
                target = key.column.table
                if key.parent.name == "team_id" or "team_id" not in target.c:
                    continue
                other = target.alias()
                joined = table.join(other, key.parent == other.c[key.column.name])
                count = session.scalar(
                    select(func.count())
                    .select_from(joined)
                    .where(table.c.team_id != other.c.team_id)
                )
                if count:
                    found.append(f"{table.name}.{key.parent.name} -> {target.name}: {count}")
    return found


def assert_nothing_of(other: Town, app: OAuthApp, town: Town) -> None:
    """Nothing Slack got for `town`, nothing the app answered it, nothing stored for it
    names `other`'s city."""
    for what, text in slack_side(app.fake, town).items():
        assert not mentions(text, other.city), (town.city, what, mentions(text, other.city))
    for table, rows in stored_rows(app, town.team).items():
        for row in rows:
            assert not mentions(row, other.city), (town.city, table, row)


# -- the tests ----------------------------------------------------------------------------------


def test_two_workspaces_used_side_by_side_never_see_each_other(
    oauth_app: OAuthApp, travel: Callable[[datetime], None]
) -> None:
    # The story happens on the Friday of the month's first prompt week, so the prompts, the
    # reminder and the answers are all in "the month so far" when the overview is asked for.
    travel(prompt_moment(utcnow()) + timedelta(days=4))
    aarhus, odense, seen = side_by_side(oauth_app)
    fake = oauth_app.fake
    for town, other, value, other_value in (
        (aarhus, odense, "15,2", "42,7"),
        (odense, aarhus, "42,7", "15,2"),
    ):
        city = town.city
        shown = seen[town.team].shown
        digest = {"4 (3 barrierer · 1 potentiale)", "(2 af 17)"}
        digest |= {"Kræver direktionen*  ·  2 punkter"}
        digest |= {"4 punkter noteret  ·  1 tråd på tværs åbnet  ·  1 svar i trådene"}
        # Each surface shows the town's own people, organisation, words and counts ...
        expected = {
            "mine": {town.mark(QUICK)},
            "overblik": digest | {f"*{value} procent*"},
            "digest csv": {town.mark(QUICK), town.mark(YOUNG["barrier_text"])},
            f"home {ANNA}": {"*Dine åbne punkter* (1)", town.mark(QUICK), town.mark(ANSWER)},
            f"home {SOFIE}": {
                "Kræver direktionen (1)*",
                "Barrierer: 1 · :seedling: Potentialer: 1",
                town.mark(ANXIOUS["barrier_text"]),
                f"Seneste: {value} procent",
            },
            f"home {KOMDIR}": {
                "Kræver direktionen (2)*",
                "Barrierer: 3 · :seedling: Potentialer: 1",
                town.mark(YOUNG["barrier_text"]),
            },
            f"home {ADMIN}": {
                f"Jobcentret {city} Midtby",
                "Ledere: 17 · Direktører/chefer: 7 · Administratorer: 1",
                "(områder: 6, enheder: 16)",
                "1 tråd åbnet",  # the run of its own workspace, in Danish
            },
            f"dm {ANNA}": {town.mark(ANSWER)},
            f"dm {BO}": {"Her er ugens refleksion (uge ", "Lille påmindelse :seedling:"},
            f"dm {SOFIE}": {
                "En tråd på tværs kræver direktionen",
                town.mark(YOUNG["barrier_text"]),
            },
            f"dm {TOBIAS}": {"En tråd på tværs kræver direktionen"},
            town.digest_channel: digest | {f"Flere borgere i job eller uddannelse i {city}"},
            town.area_channel: {f"Kun punkter i Beskæftigelsesforvaltningen {city}"},
            town.cross_channel: {
                town.mark(YOUNG["barrier_situation"]),
                town.mark(ANXIOUS["barrier_text"]),
            },
            f"tvaers-mine-data.json {ANNA}": {town.mark(QUICK), town.mark(ANSWER)},
            f"tvaers-mine-data.json {ADMIN}": {f"Jobcentret {city} Midtby"},
            "export-org": {f"Jobcentret {city} Midtby", f"name: {city} Kommune"},
        }
        for surface, words in expected.items():
            for word in words:
                assert word in shown[surface], (city, surface, word, shown[surface][:4000])
        # ... and nothing of the other town: not its words, not its effect value.
        for surface, text in seen[town.team].raw.items():
            assert not mentions(text, other.city), (city, surface, mentions(text, other.city))
            # The value as a number of its own: a CSV row's "15,2026-…" (an id, then a date)
            # is not the other town's 15,2.
            value_alone = rf"(?<![\d,]){re.escape(other_value)}(?!\d)"
            assert not re.search(value_alone, text), (city, surface)
        assert_nothing_of(other, oauth_app, town)
        # Every call for the town was made with its own token, and Slack took every one.
        calls = [c for c in fake.calls if c.team_id == town.team]
        assert {c.token for c in calls if c.token} == {town.token}
        assert [(c.method, c.error) for c in calls if not c.ok] == []
    assert {c.method for c in fake.calls if c.team_id is None} == {"oauth.v2.access"}
    assert links_across_workspaces(oauth_app) == []


@dataclass
class Ids:
    """Database ids of one town's things, as a forged payload from elsewhere would name them."""

    item: int
    thread: int
    thread_channel: str
    root_ts: str
    prompt: int
    prompt_channel: str
    prompt_ts: str
    unit: int
    area: int
    goal: int
    indicator: int


def ids_of(app: OAuthApp, town: Town) -> Ids:
    team = town.team
    with app.session() as session:
        item = session.scalars(select(Item).where(Item.team_id == team, Item.author_id == ANNA))
        thread = session.scalars(select(CrossUnitThread).where(CrossUnitThread.team_id == team))
        prompt = session.scalars(
            select(ReflectionPrompt).where(
                ReflectionPrompt.team_id == team, ReflectionPrompt.user_id == ANNA
            )
        ).one()
        unit = session.scalars(
            select(Unit).where(Unit.team_id == team, Unit.name == f"Jobcentret {town.city}")
        ).one()
        indicator = session.scalars(
            select(Indicator).where(Indicator.team_id == team).order_by(Indicator.id)
        ).first()
        [thread_row] = thread.all()
        assert indicator is not None and unit.area_id is not None and thread_row.root_ts
        assert prompt.channel_id is not None and prompt.message_ts is not None
        return Ids(
            item=item.one().id,
            thread=thread_row.id,
            thread_channel=thread_row.channel_id,
            root_ts=thread_row.root_ts,
            prompt=prompt.id,
            prompt_channel=prompt.channel_id,
            prompt_ts=prompt.message_ts,
            unit=unit.id,
            area=unit.area_id,
            goal=indicator.goal_id,
            indicator=indicator.id,
        )


def option(value: str, label: str = "valgt") -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label}, "value": value}


# An App Home as a forged action would carry it: the sender then takes any action id.
BLANK_HOME = {"id": "V0FORGED", "type": "home", "blocks": []}


def forge(app: OAuthApp, town: Town, theirs: Ids) -> None:
    """People of `town` send clicks, forms and events naming another workspace's ids (as a
    stale or forged payload could): items, a thread, a prompt, an indicator, an area, a unit,
    a goal, and a shared channel's thread and DM."""
    fake = app.fake
    for action_id in ("item_edit", "item_resolve", "item_undo", "item_delete"):
        town.poke(user_id=ANNA, action_id=action_id, value=str(theirs.item))
    for action_id in ("thread_top_management", "thread_resolved"):
        town.poke(
            user_id=GUSTAV,
            action_id=action_id,
            value=str(theirs.thread),
            channel_id=town.cross_channel,
        )
    for action_id in ("reflection_answer", "reflection_skip", "reflection_to_barrier"):
        town.poke(user_id=ANNA, action_id=action_id, value=str(theirs.prompt))
    town.poke(
        user_id=ANNA,
        action_id="reflection_pause",
        block_id=f"reflection_actions_{theirs.prompt}",
        selected_option=option("2w"),
    )
    town.poke(
        user_id=SOFIE, action_id="effect_value_open", value=str(theirs.indicator), view=BLANK_HOME
    )
    month = this_month(utcnow())
    town.poke(user_id=SOFIE, action_id="digest_export", value=f"{month}:{theirs.area}")
    for action_id, picked in (
        ("admin_unit_pick", str(theirs.unit)),
        ("admin_area_pick", str(theirs.area)),
        ("admin_goal_menu", f"goal:{theirs.goal}"),
        ("admin_goal_menu", f"add:{theirs.goal}"),
        ("admin_goal_menu", f"indicator:{theirs.indicator}"),
    ):
        town.poke(
            user_id=ADMIN, action_id=action_id, view=BLANK_HOME, selected_option=option(picked)
        )
    # The town's own forms, sent back with the other workspace's ids inside.
    own = home(app, town, ADMIN)
    unit = f"Jobcentret {town.city}"
    town.action(user_id=ADMIN, action_id="admin_unit_pick", view=own, selected_option=unit)
    form = opened_view(fake, town)
    form["private_metadata"] = json.dumps({"unit_id": theirs.unit})
    town.submit(form, user=ADMIN, answers={"admin_name": town.mark("Overtaget enhed")})
    town.command("", user=ANNA)
    form = opened_view(fake, town)
    values = fill(form, {"barrier_text": town.mark("Fremmede enheder og mål")})
    values["barrier_units"]["barrier_units_input"]["selected_options"] = [option(str(theirs.unit))]
    values["barrier_goal"]["barrier_goal_input"]["selected_option"] = option(str(theirs.goal))
    town.answers.append(town.send().view_submission(form, user_id=ANNA, values=values).text)
    # Messages in the other workspace's thread and DM, as if their channels were shared.
    for channel, thread_ts, kind in (
        (theirs.thread_channel, theirs.root_ts, "channel"),
        (theirs.prompt_channel, theirs.prompt_ts, "im"),
    ):
        text = town.mark(f"Et svar i en fremmed tråd ({kind})")
        message = fake.add_message(channel, user=ANNA, text=text, team_id=town.team)
        town.event(
            {
                "type": "message",
                "channel": channel,
                "channel_type": kind,
                "user": ANNA,
                "text": text,
                "ts": message["ts"],
                "thread_ts": thread_ts,
                "client_msg_id": message["client_msg_id"],
                "team": town.team,
            }
        )


def test_ids_of_another_workspace_reach_nothing_and_leaving_takes_only_your_own(
    oauth_app: OAuthApp,
) -> None:
    fake = oauth_app.fake
    aarhus, odense = two_towns(oauth_app)
    runtime = oauth_app_runtime(oauth_app)
    now = utcnow()
    for town in (aarhus, odense):
        log_items(oauth_app, town)
    run(oauth_app, runtime, "weekly-prompts", prompt_moment(now))
    for town in (aarhus, odense):
        reflect(oauth_app, town)
    run(oauth_app, runtime, "cross-unit-threads", working_moment(now))
    before = stored_rows(oauth_app, aarhus.team)
    assert [len(before[t]) for t in ("people", "items", "reflection_replies")] == [25, 4, 1]

    forge(oauth_app, odense, ids_of(oauth_app, aarhus))
    # An effect file naming Aarhus's goal is refused in Odense, listing Odense's goals only.
    goal, indicator = f"Flere borgere i job eller uddannelse i {aarhus.city}", "Unge i job"
    sheet = f"mål;indikator;måned;værdi\n{goal};{indicator};{this_month(now)};12\n"
    with pytest.raises(EffectFileError) as refused, session_scope(oauth_app.sessions) as session:
        import_effect(session=session, team_id=odense.team, text=sheet, tz=TZ)
    [error] = refused.value.errors
    assert error.startswith(f"line 2: no goal is called {goal!r} (goals: ")
    goals = error.split("(goals: ")[1]
    assert goals.count(odense.city) == 3 and not mentions(goals, aarhus.city)
    # Nothing of Aarhus changed, and nothing of it reached Odense.
    assert stored_rows(oauth_app, aarhus.team) == before
    assert_nothing_of(aarhus, oauth_app, odense)
    assert links_across_workspaces(oauth_app) == []

    # Anna erases her data in Odense: what she wrote in Aarhus stays.
    answer = odense.command("mine data", user=ANNA)
    odense.action(
        user_id=ANNA, action_id="privacy_erase", value="erase", message=answer, channel_id="C0G"
    )
    odense.submit(opened_view(fake, odense), user=ANNA, answers={})
    with oauth_app.session() as session:
        annas = session.scalars(select(Item).where(Item.author_id.in_([ANNA, "erased"])))
        texts = {(item.team_id, item.author_id, item.text) for item in annas}
    assert texts == {(aarhus.team, ANNA, aarhus.mark(QUICK)), (odense.team, "erased", None)}
    assert stored_rows(oauth_app, aarhus.team) == before

    # Odense uninstalls; after the grace period all of its data goes, and only its own.
    fake.revoke_token(odense.token)
    odense.event({"type": "app_uninstalled"})
    run(oauth_app, runtime, "retention", now + timedelta(days=31))
    assert {name: rows for name, rows in stored_rows(oauth_app, odense.team).items() if rows} == {}
    assert stored_rows(oauth_app, aarhus.team) == before
    assert runtime.installations is not None
    assert runtime.installations.latest_bot(odense.team) is None
    assert runtime.installations.latest_bot(aarhus.team) is not None
    # Aarhus carries on.
    assert "gemt" in dumps(aarhus.command(aarhus.mark("Stadig i gang"), user=ANNA))
    assert run(oauth_app, runtime, "channel-check").startswith("checked 3 channel(s)")
