"""Scenes of the items: barriers logged and resolved, a cross-unit thread, a director's decision."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from bot import clock
from bot.models import utcnow
from sandbox import render_message
from sandbox.demo.driver import Demo


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
            return cast(dict[str, Any], message)
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


# In the order the month unfolds.
SCENES: list[Callable[[Demo], None]] = [
    _first_meetings,
    _barriers,
    _resolve,
    _cross_unit_thread,
    _decision,
]
