"""The offline demo: the real app on the Slack sandbox, walking Tværby Kommune through its month.

Everything goes over real HTTP exactly as in production: signed requests to POST /slack/events,
Web API calls to the local stand-in. What each person would have seen is written as Markdown.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot import clock
from bot.app import build_app, runtime_of
from bot.config import Settings
from bot.db import make_engine, make_session_factory, migrate, session_scope
from bot.models import utcnow
from bot.services.org_import import apply_org, format_report, parse_org_file
from bot.slack_client import email_lookup
from bot.wsgi import create_wsgi_app
from sandbox import FakeSlack, SlackSender, fill, render_message, render_view
from sandbox.appserver import AppServer
from sandbox.statbank import FakeStatbank, add_tables

EXAMPLE_ORG = Path(__file__).resolve().parents[1] / "examples" / "org.yaml"
CHANNELS = {"C0DIREKTION": "direktionen", "C0TVAERS": "tvaers", "C0GENERAL": "general"}


@dataclass
class Transcript:
    """What each person saw, in order, plus a narrator's running story."""

    names: dict[str, str]
    story: list[str] = field(default_factory=list)
    seen: dict[str, list[str]] = field(default_factory=dict)
    # Files people got (the digest's chart, an export), written beside the story.
    attachments: dict[str, bytes] = field(default_factory=dict)

    def scene(self, title: str, text: str = "") -> None:
        """Start a new scene in the story."""
        self.story.append(f"\n## {title}\n" + (f"\n{text}\n" if text else ""))

    def show(self, who: str, heading: str, body: str, *, story: bool = True) -> None:
        """Record that `who` saw something (in their own file; in the story unless story=False)."""
        name = self.names.get(who, who)
        entry = f"### {heading}\n\n{_quote(body)}\n"
        self.seen.setdefault(who, []).append(entry)
        if story:
            self.story.append(f"**{name}** – {heading}\n\n{_quote(body)}\n")

    def write(self, out: Path) -> None:
        """Write README.md (the whole story) and one file per person or channel."""
        out.mkdir(parents=True, exist_ok=True)
        index = ["# Tværs demo: Tværby Kommune", "", "What each person saw, in order.", ""]
        files = []
        for who, entries in self.seen.items():
            name = self.names.get(who, who)
            filename = _slug(name) + ".md"
            files.append(f"* [{name}]({filename})")
            (out / filename).write_text(f"# {name}\n\n" + "\n".join(entries), encoding="utf-8")
        index += ["## Per person and channel", "", *sorted(files), "", "# The story", *self.story]
        (out / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
        for filename, data in self.attachments.items():
            (out / filename).write_bytes(data)

    def attach(self, filename: str, data: bytes) -> str:
        """Keep a file someone got (uploaded to the sandbox) to write beside the story."""
        self.attachments[filename] = data
        return filename


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in (text or "(empty)").splitlines())


def _slug(name: str) -> str:
    keep = "".join(c.lower() if c.isalnum() else "-" for c in name)
    return "-".join(part for part in keep.split("-") if part) or "someone"


class Demo:
    """Drives the running app as the people of Tværby Kommune would."""

    def __init__(self, fake: FakeSlack, sender: SlackSender, transcript: Transcript) -> None:
        self.fake = fake
        self.sender = sender
        self.transcript = transcript
        self._mark = 0
        self.app: Any = None  # the running Bolt app, for jobs (set by run_demo)

    def _new_calls(self) -> list[Any]:
        calls = self.fake.calls
        new, self._mark = calls[self._mark :], len(calls)
        return new

    def _who(self, channel: str) -> str:
        """A user id for a DM (by user id or by its D… channel id), else "#channel"."""
        if channel.startswith("U"):
            return channel
        record = self.fake.channel(channel)
        if record is not None and record.get("is_im") and record.get("user"):
            return str(record["user"])
        return f"#{CHANNELS.get(channel, channel)}"

    def settle(self, actor: str | None = None, *, featured: Collection[str] | None = None) -> None:
        """Route every Web API call made since the last settle to the person who saw it.

        With `featured`, messages to anyone else go to their own file but not into the story
        (a fan-out to every manager would drown it).
        """
        for call in self._new_calls():
            args = call.args
            if call.method == "views.publish":
                self.transcript.show(args["user_id"], "opens App Home", render_view(args["view"]))
            elif call.method in ("views.open", "views.update", "views.push") and actor:
                self.transcript.show(actor, "sees a modal", render_view(args["view"]))
            elif call.method == "response_url" and actor:
                how = "sees (only visible to them)"
                if args.get("replace_original") in (True, "true"):
                    how = "sees the message update (only visible to them)"
                self.transcript.show(actor, how, render_message(args))
            elif call.method == "chat.postMessage":
                who = self._who(str(args.get("channel")))
                how = "gets a reply in a thread" if args.get("thread_ts") else "gets a message"
                story = featured is None or who in featured
                self.transcript.show(who, how, render_message(args), story=story)
            elif call.method == "chat.update" and call.ok:
                who = self._who(str(args.get("channel")))
                story = featured is None or who in featured
                self.transcript.show(
                    who, "sees a message update", render_message(args), story=story
                )
            elif call.method == "reactions.add" and call.ok:
                who = self._who(str(args.get("channel")))
                reacted = f"Tværs reacts to their message with :{args.get('name')}:"
                self.transcript.show(who, "sees a reaction", reacted)

    def command(self, user: str, text: str) -> dict[str, Any]:
        """The user types `/barriere <text>`; returns what they see (empty when a form opens)."""
        self.settle()
        answer = self.sender.command(text, user_id=user)
        typed = f"`/barriere {text}`" if text else "`/barriere`"
        shown = render_message(answer.json()) if answer.body else "(a form opens)"
        self.transcript.show(user, f"types {typed} and sees (only visible to them)", shown)
        self.settle(user)
        body: dict[str, Any] = answer.json() if answer.body else {}
        return body

    def home(self, user: str) -> None:
        """The user opens the bot's Home tab."""
        self.settle()
        event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
        self.sender.event(event)
        self.settle(user)

    def last_view(self) -> dict[str, Any]:
        """The last modal the bot opened, as Slack would hold it (with its id)."""
        call = self.fake.last("views.open")
        assert call is not None and call.ok, "the bot opened no modal"
        view: dict[str, Any] = call.response["view"]
        return view

    def submit(self, user: str, answers: dict[str, Any]) -> None:
        """The user fills the open modal and presses the submit button."""
        view = self.last_view()
        answer = self.sender.view_submission(view, user_id=user, values=fill(view, answers))
        if answer.body and answer.json().get("response_action") == "errors":
            errors = answer.json()["errors"]
            self.transcript.show(user, "sees the form refuse", "\n".join(errors.values()))
        self.settle(user)

    def job(self, name: str, at: datetime, *, featured: Collection[str] | None = None) -> str:
        """The clock runs a job as if at `at`; the story shows the command and its summary."""
        from jobs.scheduler import run_job

        self.settle()
        # As the clock runs it, so the admins' job status shows the run too.
        summary = run_job(name, runtime_of(self.app), self.app.client, at)
        local = at.astimezone(ZoneInfo("Europe/Copenhagen"))
        command = f"python -m jobs run {name} --at {local.isoformat(timespec='minutes')}"
        self.transcript.story.append(f"`{command}`\n\n```\n{summary}\n```\n")
        self.settle(featured=featured)
        return summary

    def click(self, user: str, message: dict[str, Any], action_id: str) -> None:
        """The user clicks a button in a message only they can see."""
        for block in message.get("blocks", []):
            for element in block.get("elements", []) if block.get("type") == "actions" else []:
                if element.get("action_id") == action_id:
                    self.sender.block_action(
                        user_id=user,
                        action_id=action_id,
                        value=element.get("value"),
                        block_id=block.get("block_id"),
                        message=message,
                        channel_id="C0GENERAL",
                    )
                    self.settle(user)
                    return
        raise LookupError(f"no {action_id} button in the message")


@contextlib.contextmanager
def _transport(fake: FakeSlack, settings: Settings, engine: Any, socket_mode: bool) -> Any:
    """A built app and a sender playing Slack: signed HTTP requests, or Socket Mode envelopes."""
    if not socket_mode:
        app = build_app(settings, engine=engine)
        with AppServer(create_wsgi_app(app)) as server:
            yield (
                app,
                SlackSender(server.events_url, settings.slack_signing_secret or "", fake=fake),
            )
        return
    from bot.socket_mode import SocketModeRunner
    from sandbox.socketmode import FakeSocketMode, SocketSender

    token = "xapp-1-A0TVAERS-1-demo"
    app = build_app(settings.with_overrides(slack_app_token=token), engine=engine)
    with FakeSocketMode(fake, app_token=token) as stand_in:
        runner = SocketModeRunner(app, token)
        runner.start()
        try:
            stand_in.wait_connected()
            yield app, SocketSender(stand_in)
        finally:
            runner.stop()


def run_demo(out: Path | None = None, *, socket_mode: bool = False) -> Path:
    """Run the whole scripted demo and return the folder it wrote (over Socket Mode if asked)."""
    out = out or Path(tempfile.mkdtemp(prefix="tvaers-demo-"))
    spec = parse_org_file(EXAMPLE_ORG.read_text(encoding="utf-8"))
    names = {p.user_id or "": p.name or "" for p in spec.people if p.user_id}
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeSlack() as fake,
        FakeStatbank() as statbank,
        _environment(STATBANK_API_URL=statbank.base_url),
    ):
        add_tables(statbank)
        for index, person in enumerate(spec.people):
            user_id = person.user_id or f"U0MAIL{index}"
            names[user_id] = person.name or user_id
            fake.add_user(user_id, name=person.name or user_id, email=person.email)
        fake.add_user("U0VIKAR", name="Vibeke Vikar")
        names["U0VIKAR"] = "Vibeke Vikar (not in the organisation file)"
        for channel_id, name in CHANNELS.items():
            fake.add_channel(channel_id, name, is_member=True)
        settings = Settings(
            slack_bot_token="xoxb-sandbox",
            slack_signing_secret=secrets.token_hex(16),
            slack_api_url=fake.base_url,
            database_url=f"sqlite:///{tmp}/demo.db",
        )
        engine = make_engine(settings.database_url)
        migrate(engine)
        transcript = Transcript(names)
        with _transport(fake, settings, engine, socket_mode) as (app, sender):
            demo = Demo(fake, sender, transcript)
            demo.app = app
            # Install day: these scenes see the workspace before any organisation exists.
            for scene in BEFORE_IMPORT:
                scene(demo)
            demo.settle()
            transcript.scene(
                "The administrator imports the organisation",
                "`python -m bot import-org examples/org.yaml` (two people are found by e-mail):",
            )
            lookup = email_lookup(WebClient(token="xoxb-sandbox", base_url=fake.base_url))
            with session_scope(make_session_factory(engine)) as session:
                report = apply_org(
                    session=session, spec=spec, team_id=fake.team_id, lookup_email=lookup
                )
            transcript.story.append("```\n" + format_report(report) + "\n```\n")
            for scene in SCENES:
                scene(demo)
            demo.settle()
        engine.dispose()
    transcript.write(out)
    return out


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the demo (the effect-sync job reads STATBANK_API_URL)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _first_meetings(demo: Demo) -> None:
    demo.transcript.scene("Monday morning: a manager and a director open Tværs")
    demo.home("U0ANNA")
    demo.home("U0SOFIE")


def _barriers(demo: Demo) -> None:
    t = demo.transcript
    t.scene("Anna logs a barrier in seconds, from any channel")
    demo.command(
        "U0ANNA",
        "Borgere i ressourceforløb venter 6 uger på en psykiatrisk udredning, "
        "så jobplanen står stille imens",
    )
    t.scene("Bo opens the form and logs a potential across units, anonymously")
    demo.command("U0BO", "potentiale")
    demo.submit(
        "U0BO",
        {
            "barrier_text": "Hjemmeplejen ser tidligt når en ældre borger begynder at falde. "
            "Sundhedscentret kunne tilbyde træning før første fald i stedet for efter.",
            "barrier_units": ["Hjemmeplejen", "Sundhedscentret"],
            "barrier_situation": "En 82-årig der bor alene, går dårligere og er holdt op med "
            "at handle selv",
            "barrier_goal": "Ældre klarer sig selv længere",
            "barrier_level": "across_units",
            "barrier_anonymous": ["anonymous"],
        },
    )
    t.scene(
        "Emma, in Sundhedscentret, logs the same older citizen in her own words",
        "She writes 'faldtræning' and 'hoftebrud', Bo wrote 'falde' and 'træning': the matcher "
        "reads both as the same situation, and the moment she saves hers Tværs shows her Bo's "
        "potential from Hjemmeplejen (without his name: he logged it anonymously).",
    )
    saved = demo.command(
        "U0EMMA",
        "Ældre kommer først til faldtræning hos os efter hoftebruddet. Vi kunne tage dem "
        "før, hvis hjemmeplejen sagde til, når de begynder at gå dårligt.",
    )
    t.scene("Emma presses *Følg* on it: she will hear when it moves")
    demo.click("U0EMMA", saved, "suggest_follow")
    t.scene("Camilla's dilemma is refused: it contains a CPR number")
    demo.command(
        "U0CAMILLA",
        "dilemma Familien med CPR 010190-1234 har sager i både Familieafdelingen og "
        "Jobcentret, men vi må ikke dele oplysninger",
    )
    t.scene("Camilla writes it again without the number")
    demo.command(
        "U0CAMILLA",
        "dilemma En familie har sager i både Familieafdelingen og Jobcentret. Vi har hver "
        "vores plan, og forældrene skal fortælle deres historie to gange.",
    )
    t.scene("A substitute the organisation does not know logs a barrier too")
    demo.command("U0VIKAR", "Vi kan ikke se hinandens kalendere på tværs af forvaltninger")


def _resolve(demo: Demo) -> None:
    t = demo.transcript
    t.scene("Three weeks later Anna resolves her barrier, with what moved it")
    demo.settle()
    listing = demo.sender.command("mine", user_id="U0ANNA").json()
    t.show("U0ANNA", "types `/barriere mine` and sees", render_message(listing))
    demo.click("U0ANNA", listing, "item_resolve")
    demo.submit(
        "U0ANNA",
        {
            "barrier_status": "resolved",
            "barrier_note": "Fast tid hver uge hos Socialpsykiatrien til borgere i "
            "ressourceforløb; ventetiden er nu 10 dage",
        },
    )
    t.scene("The administrator sees what needs placing; Anna sees her resolved item")
    demo.home("U0ADMIN")
    demo.home("U0ANNA")
    t.scene(
        "Freja, in Ydelseskontoret, meets the same wait – and learns what moved it in Jobcentret",
        "A barrier solved in one unit helps the next unit that meets it: Anna's note comes "
        "with the related item.",
    )
    demo.command(
        "U0FREJA",
        "Borgere på sygedagpenge venter i ugevis på en psykiatrisk udredning, så vi kan ikke "
        "afklare deres forløb",
    )


def _thread_message(demo: Demo, *, has: str, action_id: str) -> dict[str, Any]:
    """The newest message in #tvaers that has this text and this button."""
    for message in reversed(demo.fake.messages("C0TVAERS")):
        ids = {
            element.get("action_id")
            for block in message.get("blocks", [])
            if block.get("type") == "actions"
            for element in block.get("elements", [])
        }
        if action_id in ids and has in render_message(message):
            return message
    raise LookupError(f"no message in #tvaers with {has!r} and a {action_id} button")


def _monday_morning_weeks_ago(weeks: int) -> datetime:
    """08:00 Copenhagen time on the Monday `weeks` weeks before this week's (so clicks made
    now come after the follow-up the story shows), or on the next working day when that Monday
    is closed (the cross-unit job mentions nobody on a holiday)."""
    from bot.services.calendar import DEFAULT

    zone = ZoneInfo("Europe/Copenhagen")
    today = utcnow().astimezone(zone)
    monday = (today - timedelta(days=today.weekday(), weeks=weeks)).date()
    day = DEFAULT.next_working_day(monday)
    return datetime.combine(day, time(8, 0), tzinfo=zone).astimezone(UTC)


def _cross_unit_thread(demo: Demo) -> None:
    t = demo.transcript
    t.scene(
        "Two managers in two areas describe the same young citizen",
        "Gustav (Ungeindsatsen, Beskæftigelsesforvaltningen) and David (Socialpsykiatrien, "
        "Social- og Sundhedsforvaltningen) each log a barrier; neither knows about the other's.",
    )
    demo.command("U0GUSTAV", "")
    demo.submit(
        "U0GUSTAV",
        {
            "barrier_text": "Unge med angst falder ud af uddannelse, fordi ventetiden på en "
            "psykiatrisk udredning er lang, og vi må ikke starte et forløb imens",
            "barrier_situation": "En ung på 19 uden job eller uddannelse, som bor alene og "
            "har angst",
            "barrier_goal": "Flere borgere i job eller uddannelse",
        },
    )
    demo.command("U0DAVID", "")
    demo.submit(
        "U0DAVID",
        {
            "barrier_text": "Vi kan ikke starte behandling af unge med angst, før jobcentrets "
            "forløb er afklaret – og jobcentret venter på os",
            "barrier_situation": "En ung på 19 med angst, som er droppet ud af uddannelse og "
            "bor alene",
        },
    )
    t.scene(
        "Monday 08:00: the weekly cross-unit job brings the right managers together",
        "Tværs reads the open items' Danish (stems, compounds and a municipal thesaurus, "
        "offline) and opens one thread per group in #tvaers, saying what the items share. Bo "
        "is Hjemmeplejen's only manager and his potential is anonymous, so the thread asks the "
        "area's director for Hjemmeplejen instead of naming him.",
    )
    monday = _monday_morning_weeks_ago(2)
    demo.job("cross-unit-threads", monday)
    t.scene("David answers in the thread", "Tværs counts the reply; it stores none of the text.")
    root = next(
        m
        for m in demo.fake.messages("C0TVAERS")
        if "Ungeindsatsen" in render_message(m) and not m.get("thread_ts")
    )
    text = "Vi kan tage hende ind til en samtale i næste uge, hvis Gustav kan være med."
    reply = demo.fake.add_message("C0TVAERS", user="U0DAVID", text=text, thread_ts=root["ts"])
    demo.sender.event(
        {
            "type": "message",
            "channel": "C0TVAERS",
            "channel_type": "channel",
            "user": "U0DAVID",
            "text": text,
            "ts": reply["ts"],
            "thread_ts": root["ts"],
        }
    )
    t.show("#tvaers", "David replies in the thread", text)
    t.scene("Fourteen days later Tværs follows up in each thread")
    demo.job("cross-unit-follow-up", monday + timedelta(days=14, minutes=30))
    t.scene(
        "Bo says they are on it; Gustav says the young citizen's case needs top management",
        "The first click counts for every open item in the thread. 'Kræver direktionen' "
        "asks what the directors are asked, escalates the items for the next digest and tells "
        "the directors of both areas, with the question and three buttons.",
    )
    falls = _thread_message(demo, has="Sundhedscentret", action_id="thread_in_progress")
    demo.sender.block_action(
        user_id="U0BO", action_id="thread_in_progress", message=falls, channel_id="C0TVAERS"
    )
    demo.settle("U0BO")
    t.scene("Emma follows Bo's potential, so she hears that it moved")
    demo.job("follow-notices", monday + timedelta(days=14, minutes=40), featured={"U0EMMA"})
    young = _thread_message(demo, has="Ungeindsatsen", action_id="thread_top_management")
    demo.sender.block_action(
        user_id="U0GUSTAV",
        action_id="thread_top_management",
        message=young,
        channel_id="C0TVAERS",
    )
    demo.settle("U0GUSTAV")
    demo.submit(
        "U0GUSTAV",
        {
            "thread_question": "Vi beder direktionen om at afklare, om jobcentret eller "
            "psykiatrien betaler for et fælles forløb for de unge, mens de venter på udredning"
        },
    )
    t.scene("David clicks a moment later: one answer counts, and he is told")
    demo.sender.block_action(
        user_id="U0DAVID", action_id="thread_resolved", message=young, channel_id="C0TVAERS"
    )
    demo.settle("U0DAVID")


# Each later feature adds its scenes here, in the order the month unfolds.
SCENES: list[Callable[[Demo], None]] = [_first_meetings, _barriers, _resolve]
SCENES.append(_cross_unit_thread)


def _decision(demo: Demo) -> None:
    """Sofie answers the escalation from her DM: the thread and Gustav hear the decision."""
    t = demo.transcript
    t.scene(
        "Sofie, director of the social area, takes the escalation in her DM",
        "Only a director may decide and the first decision counts; it is posted in the thread "
        "and sent to the managers who raised it, and the digest lists it under *Besluttet i*.",
    )
    demo.settle()
    dm = next(
        (
            c
            for c in reversed(demo.fake.calls_to("chat.postMessage"))
            if c.ok
            and c.args.get("channel") == "U0SOFIE"
            and "decision_take" in json.dumps(c.args.get("blocks") or [])
        ),
        None,
    )
    if dm is None:
        return
    message = {**dm.response["message"], "channel": dm.response["channel"]}
    button = next(
        e
        for b in message.get("blocks", [])
        if b.get("type") == "actions"
        for e in b["elements"]
        if e.get("action_id") == "decision_take"
    )
    demo.sender.block_action(
        user_id="U0SOFIE",
        action_id="decision_take",
        value=button["value"],
        message=message,
        channel_id=dm.response["channel"],
    )
    demo.settle("U0SOFIE")
    due = (clock.now() + timedelta(days=21)).date().isoformat()
    demo.submit(
        "U0SOFIE",
        {
            "decision_owner": "U0SOFIE",
            "decision_due": due,
            "decision_note": "Vi tager ventetiden på udredning op med regionen",
        },
    )


SCENES.append(_decision)


def _click_home(demo: Demo, user: str, action_id: str, option: str | None = None) -> None:
    """The user clicks a button (or picks an option) in their App Home."""
    demo.settle()
    view = demo.fake.home_view(user)
    assert view is not None, f"{user} has not opened App Home"
    demo.sender.block_action(user_id=user, action_id=action_id, view=view, selected_option=option)
    demo.settle(user)


def _run_job(demo: Demo, name: str) -> None:
    """The clock runs a job now, recorded like every scheduled run (admins see it in App Home)."""
    from jobs.scheduler import run_job

    demo.settle()
    summary = run_job(name, runtime_of(demo.app), demo.app.client)
    demo.transcript.story.append(f"`python -m jobs run {name}`\n\n```\n{summary}\n```\n")
    demo.settle()


def _install_day(demo: Demo) -> None:
    t = demo.transcript
    t.scene(
        "Install day: Asger opens Tværs before anything is set up",
        "No units and no people exist yet, so App Home shows a short set-up guide instead of an "
        "empty page. Asger is an admin of the Slack workspace, so he may start right here.",
    )
    # The sandbox's add_user has no admin flag; Asger administers the Slack workspace.
    demo.fake._teams[demo.fake.team_id].users["U0ADMIN"]["is_admin"] = True
    demo.home("U0ADMIN")
    t.scene(
        "Asger clicks *Start her* and becomes Tværs's first administrator",
        "App Home now shows the admin section, with a checklist of what is still missing.",
    )
    _click_home(demo, "U0ADMIN", "admin_claim")


def _admin_change(demo: Demo) -> None:
    t = demo.transcript
    t.scene(
        "Asger keeps the organisation right from App Home",
        "A new unit may not take a name that exists already, whatever its case:",
    )
    _click_home(demo, "U0ADMIN", "admin_unit_new")
    demo.submit("U0ADMIN", {"admin_name": "jobcentret"})
    t.scene(
        "Asger links Jobcentret to the Slack user group @jobcentret",
        "From now on the hourly sync puts the group's members in the unit. Nanna was just hired "
        "and added to the group in Slack; she becomes a manager in Jobcentret without anyone "
        "typing her in.",
    )
    demo.fake.add_user("U0NANNA", name="Nanna Nyansat")
    t.names["U0NANNA"] = "Nanna Nyansat (new in Jobcentret)"
    members = ["U0ANNA", "U0RIKKE", "U0TOBIAS", "U0NANNA"]
    demo.fake.add_usergroup("S0JOB", "jobcentret", members, name="Jobcentret")
    _click_home(demo, "U0ADMIN", "admin_unit_pick", option="Jobcentret")
    demo.submit("U0ADMIN", {"admin_usergroup": "S0JOB"})
    _run_job(demo, "usergroup-sync")
    _run_job(demo, "channel-check")
    t.scene(
        "The change log and the status in Asger's App Home; Nanna's first look at Tværs",
        "Every change says who made it and when; the sync signs its own.",
    )
    demo.home("U0ADMIN")
    demo.home("U0NANNA")


# Scenes that run before the organisation file is imported (the first-run guide).
BEFORE_IMPORT: list[Callable[[Demo], None]] = [_install_day]
SCENES.append(_admin_change)


# -- The weekly reflection ---------------------------------------------------------------------

_CPH = ZoneInfo("Europe/Copenhagen")
_FEATURED = ("U0ANNA", "U0BO", "U0CAMILLA", "U0DAVID", "U0EMMA")


def _reflection_due(week: int, weekday: int = 0, at: str = "09:00") -> datetime | None:
    """When a slot's prompt is due in the `week`th week from next week (holidays moved)."""
    from bot.services.schedule import Slot, monday_of, parse_hhmm

    monday = monday_of(utcnow().astimezone(_CPH).date()) + timedelta(weeks=1 + week)
    return Slot(weekday=weekday, at=parse_hhmm(at), zone=_CPH).due_in_week(monday)


def _dm(demo: Demo, user: str) -> str:
    """The bot's DM channel with `user`, as Slack answered the first prompt."""
    for call in reversed(demo.fake.calls_to("chat.postMessage")):
        if call.args.get("channel") == user and call.ok:
            return str(call.response["channel"])
    raise LookupError(f"{user} has had no prompt")


def _latest_prompt(demo: Demo, user: str) -> dict[str, Any]:
    prompts = [
        m
        for m in demo.fake.messages(user)
        if m.get("bot_id") and str(m.get("text", "")).startswith(("Ugens refleksion", "The week"))
    ]
    return prompts[-1]


def _dm_click(demo: Demo, user: str, action_id: str, option: str | None = None) -> None:
    """The manager clicks a button (or picks from a menu) on their latest prompt."""
    demo.settle()
    demo.sender.block_action(
        user_id=user,
        action_id=action_id,
        message=_latest_prompt(demo, user),
        channel_id=_dm(demo, user),
        selected_option=option,
    )
    demo.settle(user)


def _dm_write(demo: Demo, user: str, text: str, *, in_thread: bool = False) -> dict[str, Any]:
    """The manager writes in the bot's DM (in the prompt's thread, or at the top level)."""
    demo.settle()
    channel = _dm(demo, user)
    thread_ts = _latest_prompt(demo, user)["ts"] if in_thread else None
    message = demo.fake.add_message(channel, user=user, text=text, thread_ts=thread_ts)
    event = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": message["ts"],
        "client_msg_id": message["client_msg_id"],
        "channel_type": "im",
        **({"thread_ts": thread_ts} if thread_ts else {}),
    }
    where = "in the prompt's thread" if in_thread else "in the DM"
    demo.transcript.show(user, f"writes {where}", text)
    demo.sender.event(event)
    demo.settle(user)
    return event


def _dm_edit(demo: Demo, event: dict[str, Any], text: str) -> None:
    """The manager edits a message they wrote in the DM."""
    demo.settle()
    ts = f"{clock.timestamp():.6f}"
    old = {k: v for k, v in event.items() if k not in ("channel", "channel_type")}
    demo.transcript.show(event["user"], "edits their message to", text)
    demo.sender.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": event["channel"],
            "hidden": True,
            "channel_type": "im",
            "message": {**old, "text": text, "edited": {"user": event["user"], "ts": ts}},
            "previous_message": old,
            "ts": ts,
        }
    )
    demo.settle(event["user"])


def _reflection_first_week(demo: Demo) -> None:
    t = demo.transcript
    monday = _reflection_due(0)
    assert monday is not None
    t.scene(
        "The weekly reflection: Monday 09:05, every manager gets the three questions",
        "The clock ticks every five minutes. At 09:05 it finds every manager due (each at 09:00 "
        "in their own time zone), claims each prompt in the database and only then sends it. "
        "The story shows Anna's; every other manager got the same in their own DM.",
    )
    demo.job("weekly-prompts", monday + timedelta(minutes=5), featured={"U0ANNA"})
    t.scene(
        "Anna just writes back in the DM",
        "No form needed: a message at the top level and one in the prompt's thread both become "
        "this week's answer. Tværs confirms with a reaction, not another message, and the "
        "prompt now offers *Gem som barriere*.",
    )
    _dm_write(
        demo,
        "U0ANNA",
        "Unge i ressourceforløb, der også har en sag i Socialpsykiatrien. De skal fortælle "
        "deres historie to gange.",
    )
    _dm_write(
        demo,
        "U0ANNA",
        "Barrieren er, at vi ikke må se hinandens planer. Jeg tager det op med David.",
        in_thread=True,
    )
    t.scene(
        "Bo answers with the form, then saves his barrier for the directors",
        "*Gem som barriere* opens `/barriere`'s form filled in with his answer to question 2.",
    )
    _dm_click(demo, "U0BO", "reflection_answer")
    demo.submit(
        "U0BO",
        {
            "reflection_need": "Ældre der udskrives fra sygehuset en fredag eftermiddag",
            "reflection_barriers": "Hjemmeplejen får først besked om udskrivelsen samme dag, "
            "så hjælpemidlerne er der ikke, når borgeren kommer hjem",
            "reflection_action": "Aftale med sygehusets udskrivningskoordinator om besked "
            "dagen før",
        },
    )
    _dm_click(demo, "U0BO", "reflection_to_barrier")
    demo.submit("U0BO", {"barrier_level": "across_units"})
    t.scene("Camilla has no time this week, and David takes a break for two weeks")
    _dm_click(demo, "U0CAMILLA", "reflection_skip")
    _dm_click(demo, "U0DAVID", "reflection_pause", option="2")
    t.scene(
        "Emma's answer names a citizen's CPR number",
        "Nothing is stored; Tværs says so in the DM without repeating the number.",
    )
    emma = _dm_write(
        demo, "U0EMMA", "Borgeren 010190-1234 venter på træning efter sin hofteoperation"
    )
    demo.transcript.scene("Emma edits her message and takes the number out; now it is saved")
    _dm_edit(demo, emma, "En borger venter fire uger på træning efter sin hofteoperation")


def _reflection_reminder(demo: Demo) -> None:
    t = demo.transcript
    first = _reflection_due(0)
    assert first is not None
    thursday = first + timedelta(days=3, minutes=5)
    t.scene(
        "Thursday: one gentle reminder, in the prompt's thread",
        "Only to managers who have not answered, skipped or paused; never a second one. The "
        "story shows Freja's.",
    )
    demo.job("weekly-prompts", thursday, featured={"U0FREJA"})
    demo.job("weekly-prompts", thursday + timedelta(days=1), featured=_FEATURED)


def _reflection_later_weeks(demo: Demo) -> None:
    t = demo.transcript
    t.scene(
        "Anna moves her reflection to Wednesday morning in App Home",
        "Her own day and time, in her own time zone; the workspace's Monday 09:00 is the default.",
    )
    demo.home("U0ANNA")
    _click_home(demo, "U0ANNA", "home_reflection_day", option="2")
    _click_home(demo, "U0ANNA", "home_reflection_time", option="08:30")
    for week in (1, 2, 3):
        t.scene(
            f"Week {week + 1}: the prompts go out again",
            "David's pause covers this week and the next."
            if week < 3
            else "David is back from his pause.",
        )
        for due, featured in (
            (_reflection_due(week), "U0DAVID"),
            (_reflection_due(week, 2, "08:30"), "U0ANNA"),
        ):
            if due is not None:
                demo.job("weekly-prompts", due + timedelta(minutes=5), featured={featured})
    t.scene(
        "Four weeks on, Anna's App Home",
        "Her next reflection, her own day and time, and her latest answers.",
    )
    demo.home("U0ANNA")


SCENES.extend([_reflection_first_week, _reflection_reminder, _reflection_later_weeks])


# -- The monthly digest (keep these scenes last: the month ends with its digest) -----------------


def _uploads(demo: Demo, seen: set[str]) -> list[dict[str, Any]]:
    """Files uploaded to the sandbox since `seen`, oldest first (and mark them seen)."""
    new = [f for f in demo.fake.files.values() if f["id"] not in seen and f.get("completed")]
    seen.update(f["id"] for f in new)
    return sorted(new, key=lambda f: f["created"])


def _effect_csv(month: str) -> str:
    """A year of figures for three indicators, as a municipality's BI team would export them."""
    from bot.services.effect import shift_month

    lines = ["mål;indikator;måned;værdi"]
    series = [
        ("Flere borgere i job eller uddannelse", "Unge 18-24 år i job eller uddannelse", 84.0, 0.4),
        ("Ældre klarer sig selv længere", "Forebyggelige genindlæggelser", 47.0, -0.5),
        ("Børn og unge trives og lærer", "Elever med højt skolefravær", 10.4, 0.1),
    ]
    for goal, indicator, start, step in series:
        for back in range(12, -1, -1):
            value = str(round(start + step * (12 - back), 1)).replace(".", ",")
            lines.append(f"{goal};{indicator};{shift_month(month, -back)};{value}")
    return "\n".join(lines) + "\n"


def _monthly_digest(demo: Demo) -> None:
    from bot.services.digest import local_month, post_time
    from bot.services.effect import format_effect_report, import_effect

    t = demo.transcript
    tz = "Europe/Copenhagen"
    month = local_month(utcnow(), tz)
    seen: set[str] = set(demo.fake.files)
    t.scene(
        "Effect figures arrive by themselves: effect-sync fetches them from Danmarks Statistik",
        "The share of 16-64-year-olds on public benefits is fed from Statistikbanken (AUK01, "
        "full-time people on benefits, per FOLK1A, the population aged 16-64; quarterly). The "
        "daily `effect-sync` job checks both tables' tableinfo, backfills the latest 24 "
        "quarters the first time and afterwards fetches only new ones (here from the local "
        "stand-in for api.statbank.dk).",
    )
    demo.job("effect-sync", utcnow())
    t.scene("A second run the same day fetches nothing new")
    demo.job("effect-sync", utcnow() + timedelta(minutes=5))
    demo.home("U0SOFIE")
    t.scene(
        "Asger loads a year of figures from the statistics team's file",
        "`python -m bot import-effect effekt.csv` (goal, indicator, month, value; re-running it "
        "changes nothing; a bad line stops the import and names the line). The file is "
        "[effekt.csv](effekt.csv).",
    )
    text = _effect_csv(month)
    t.attach("effekt.csv", text.encode("utf-8"))
    with session_scope(demo.app.runtime.session_factory) as session:
        report = import_effect(session=session, team_id=demo.fake.team_id, text=text, tz=tz)
    t.story.append("```\n" + format_effect_report(report) + "\n```\n")
    t.scene(
        "The first working day at 08:00: the month's digest in #direktionen",
        "Effect first, then what only top management can move, then activity, labelled as "
        "output. The thread opens with the effect chart (one panel per goal, the latest 24 "
        "periods against the target, the source named); the activity chart follows it.",
    )
    demo.job("monthly-digest", post_time(month, tz))
    for upload in _uploads(demo, seen):
        name = t.attach(f"digest-{upload['name']}", upload["content"])
        t.show(
            "#direktionen",
            "gets a chart in the digest's thread",
            f"{upload['title']}\n![{upload.get('alt_txt') or ''}]({name})",
        )
    t.scene("A second clock, or a re-run, posts nothing and says so")
    demo.job("monthly-digest", post_time(month, tz) + timedelta(minutes=5))
    t.scene(
        "Sofie asks for the overview herself and exports the month's items",
        "`/barriere overblik` shows the same digest to her alone; the export button sends the "
        "month's items as CSV to her DM (anonymous items have no name).",
    )
    demo.settle()
    answer = demo.sender.command(f"overblik {month}", user_id="U0SOFIE").json()
    t.show(
        "U0SOFIE",
        f"types `/barriere overblik {month}` and sees (only visible to her)",
        render_message(answer),
        story=False,
    )
    t.story.append(f"**{t.names.get('U0SOFIE')}** types `/barriere overblik {month}`.\n")
    demo.click("U0SOFIE", answer, "digest_export")
    for upload in _uploads(demo, seen):
        name = t.attach(f"sofie-{upload['name']}", upload["content"])
        t.show("U0SOFIE", "gets a file in her DM", f"{upload['title']}: [{name}]({name})")
    t.scene("Anna tries the overview too, and gets a polite no")
    demo.command("U0ANNA", "overblik")


def _own_data(demo: Demo) -> None:
    t = demo.transcript
    t.scene(
        "Vibeke asks what Tværs holds about her, and has it deleted",
        "Directors' digests already posted stay as they are; only counts that identify nobody "
        "remain.",
    )
    seen = {f["id"] for f in demo.fake.files.values()}
    demo.settle()
    answer = demo.sender.command("mine data", user_id="U0VIKAR").json()
    t.show(
        "U0VIKAR",
        "types `/barriere mine data` and sees (only visible to her)",
        render_message(answer),
    )
    for upload in _uploads(demo, seen):
        name = t.attach(f"vibeke-{upload['name']}", upload["content"])
        t.show("U0VIKAR", "gets a file in her DM", f"{upload['title']}: [{name}]({name})")
    demo.click("U0VIKAR", answer, "privacy_erase")
    view = demo.last_view()
    done = demo.sender.view_submission(view, user_id="U0VIKAR", values=fill(view, {})).json()
    t.show("U0VIKAR", "confirms, and the form says", render_view(done["view"]))


SCENES.append(_own_data)
SCENES.append(_monthly_digest)  # keep last: the month ends with its digest
