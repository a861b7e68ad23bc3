"""Scenes of the weekly reflection: the prompts, answers in the DM, a reminder, later weeks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot import clock
from bot.models import utcnow
from sandbox.demo.driver import Demo, _click_home

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


# In the order the weeks unfold.
SCENES: list[Callable[[Demo], None]] = [
    _reflection_first_week,
    _reflection_reminder,
    _reflection_later_weeks,
]
