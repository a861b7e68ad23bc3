"""The offline demo: the real app on the Slack sandbox, walking Tværby Kommune through its month.

Everything goes over real HTTP exactly as in production: signed requests to POST /slack/events,
Web API calls to the local stand-in. What each person would have seen is written as Markdown.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from bot.app import build_app
from bot.config import Settings
from bot.db import make_engine, make_session_factory, migrate, session_scope
from bot.sandbox import FakeSlack, SlackSender, fill, render_message, render_view
from bot.sandbox.appserver import AppServer
from bot.services.org_import import apply_org, format_report, parse_org_file
from bot.slack_client import email_lookup
from bot.wsgi import create_wsgi_app

EXAMPLE_ORG = Path(__file__).resolve().parents[1] / "examples" / "org.yaml"
CHANNELS = {"C0DIREKTION": "direktionen", "C0TVAERS": "tvaers", "C0GENERAL": "general"}


@dataclass
class Transcript:
    """What each person saw, in order, plus a narrator's running story."""

    names: dict[str, str]
    story: list[str] = field(default_factory=list)
    seen: dict[str, list[str]] = field(default_factory=dict)

    def scene(self, title: str, text: str = "") -> None:
        """Start a new scene in the story."""
        self.story.append(f"\n## {title}\n" + (f"\n{text}\n" if text else ""))

    def show(self, who: str, heading: str, body: str) -> None:
        """Record that `who` saw something."""
        name = self.names.get(who, who)
        entry = f"### {heading}\n\n{_quote(body)}\n"
        self.seen.setdefault(who, []).append(entry)
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

    def _new_calls(self) -> list[Any]:
        calls = self.fake.calls
        new, self._mark = calls[self._mark :], len(calls)
        return new

    def settle(self, actor: str | None = None) -> None:
        """Route every Web API call made since the last settle to the person who saw it."""
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
                channel = str(args.get("channel"))
                who = channel if channel.startswith("U") else f"#{CHANNELS.get(channel, channel)}"
                self.transcript.show(who, "gets a message", render_message(args))

    def command(self, user: str, text: str) -> None:
        """The user types `/barriere <text>`."""
        self.settle()
        answer = self.sender.command(text, user_id=user)
        typed = f"`/barriere {text}`" if text else "`/barriere`"
        shown = render_message(answer.json()) if answer.body else "(a form opens)"
        self.transcript.show(user, f"types {typed} and sees (only visible to them)", shown)
        self.settle(user)

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


def run_demo(out: Path | None = None) -> Path:
    """Run the whole scripted demo and return the folder it wrote."""
    out = out or Path(tempfile.mkdtemp(prefix="tvaers-demo-"))
    spec = parse_org_file(EXAMPLE_ORG.read_text(encoding="utf-8"))
    names = {p.user_id or "": p.name or "" for p in spec.people if p.user_id}
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
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
        app = build_app(settings, engine=engine)
        with AppServer(create_wsgi_app(app)) as server:
            sender = SlackSender(server.events_url, settings.slack_signing_secret or "", fake=fake)
            demo = Demo(fake, sender, transcript)
            for scene in SCENES:
                scene(demo)
            demo.settle()
        engine.dispose()
    transcript.write(out)
    return out


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


# Each later feature adds its scenes here, in the order the month unfolds.
SCENES: list[Callable[[Demo], None]] = [_first_meetings, _barriers, _resolve]
