"""Escalating asks what the directors are asked, from a thread, from /barriere mine and from the
form; the directors get it with the buttons, can change a decision visibly, and take the agenda
to their meeting as a CSV. What a user sees is read through the sandbox."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.models import Escalation, Item, Workspace
from sandbox import fill
from tests.conftest import RunningApp
from tests.test_decisions import decisions, director_dms, errors, press
from tests.test_threads import (
    CHANNEL,
    GUSTAV,
    QUESTION,
    RIKKE,
    SOFIE,
    TOBIAS,
    buttons,
    click,
    daily,
    followed_up,
    org_app,  # noqa: F401  (the fixture)
    replies,
    shown,
    working,
)

ASKED = "Vi beder direktionen om at afgøre, hvem der betaler for mentorstøtten"


def opened_view(app: RunningApp, before: int) -> dict[str, Any]:
    calls = app.fake.calls_to("views.open")[before:]
    assert calls and calls[-1].ok, "no modal opened"
    view: dict[str, Any] = calls[-1].response["view"]
    return view


def escalations(app: RunningApp) -> list[Escalation]:
    with app.session() as session:
        return list(session.scalars(select(Escalation).order_by(Escalation.id)))


def dm_texts(app: RunningApp, user: str) -> list[str]:
    return [
        shown(c.args)
        for c in app.fake.calls_to("chat.postMessage")
        if c.ok and c.args.get("channel") == user
    ]


def raise_from_mine(app: RunningApp, user: str, answers: dict[str, Any]) -> Any:
    """The manager opens /barriere mine, presses the status button and submits the modal."""
    listing = app.sender.command("mine", user_id=user).json()
    [action] = [
        e
        for b in listing["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "item_resolve"
    ]
    before = len(app.fake.calls_to("views.open"))
    app.sender.block_action(
        user_id=user,
        action_id="item_resolve",
        value=action["value"],
        message=listing,
        channel_id="C0GENERAL",
    )
    view = opened_view(app, before)
    return app.sender.view_submission(view, user_id=user, values=fill(view, answers))


# -- from a thread ---------------------------------------------------------------------------


def test_kraever_direktionen_in_a_thread_asks_the_question_and_the_directors_get_it(
    org_app: RunningApp,  # noqa: F811
) -> None:
    _root, follow_up = followed_up(org_app)
    before = len(org_app.fake.calls_to("views.open"))
    org_app.sender.block_action(
        user_id=GUSTAV,
        action_id=buttons(follow_up)["Kræver direktionen"],
        message=follow_up,
        channel_id=CHANNEL,
    )
    view = opened_view(org_app, before)
    assert view["callback_id"] == "thread_escalate_modal"
    # Nothing is raised by the click alone, and an empty or CPR question is refused.
    assert escalations(org_app) == []
    for typed, said in (("  ", "Skriv kort"), ("Borger 010190-1234 venter", "CPR-nummer")):
        values = fill(view, {"thread_question": "pladsholder"})
        values["thread_question"]["thread_question"]["value"] = typed
        answer = org_app.sender.view_submission(view, user_id=GUSTAV, values=values)
        assert said in errors(answer), answer.text
    assert escalations(org_app) == [] and director_dms(org_app) == {}

    answer = org_app.sender.view_submission(
        view, user_id=GUSTAV, values=fill(view, {"thread_question": ASKED})
    )
    assert answer.status == 200 and not answer.body
    [escalation] = escalations(org_app)
    assert (escalation.question, escalation.raised_by) == (ASKED, GUSTAV)
    dms = director_dms(org_app)
    assert set(dms) == {SOFIE, TOBIAS}
    for dm in dms.values():
        assert f"Spørgsmålet til direktionen:* »{ASKED}«" in shown(dm)
    # The month's overview lists it with what is asked and how long it has waited.
    overview = shown(org_app.sender.command("overblik", user_id=SOFIE).json())
    assert f"»{ASKED}«" in overview and "har ventet 0 dage på direktionen" in overview
    # The follow-up shows the answer for everyone.
    current = next(m for m in org_app.fake.messages(CHANNEL) if m["ts"] == follow_up["ts"])
    assert "Kræver direktionen" in shown(current) and "løftet af" in shown(current)


# -- one item, from /barriere mine and from the form ------------------------------------------


def test_raising_an_item_from_mine_needs_a_question_and_tells_its_areas_director(
    org_app: RunningApp,  # noqa: F811
) -> None:
    org_app.sender.command("Mentorstøtte til unge i job falder mellem to budgetter", user_id=RIKKE)
    refused = raise_from_mine(
        org_app, RIKKE, {"barrier_status": "in_progress", "barrier_escalate": ["escalate"]}
    )
    assert "Skriv kort, hvad direktionen skal beslutte" in errors(refused)
    closed = raise_from_mine(
        org_app,
        RIKKE,
        {
            "barrier_status": "resolved",
            "barrier_note": "Aftalt",
            "barrier_escalate": ["escalate"],
            "barrier_question": ASKED,
        },
    )
    assert "kan ikke løftes til direktionen" in errors(closed)
    with org_app.session() as session:
        [item] = session.scalars(select(Item))
        assert (item.status, item.escalated_at) == ("open", None)
    assert escalations(org_app) == []

    answer = raise_from_mine(
        org_app,
        RIKKE,
        {
            "barrier_status": "in_progress",
            "barrier_escalate": ["escalate"],
            "barrier_question": ASKED,
        },
    )
    assert answer.status == 200 and not answer.body
    [escalation] = escalations(org_app)
    assert escalation.item_id is not None and escalation.thread_id is None
    assert escalation.notified_at is not None
    # The job centre is in the employment area: its director is told, with the buttons.
    dms = director_dms(org_app)
    assert set(dms) == {TOBIAS}
    text = shown(dms[TOBIAS])
    assert "Et punkt kræver direktionen" in text and f"<@{RIKKE}> har løftet et punkt" in text
    assert f"»{ASKED}«" in text and "Mentorstøtte" in text

    # Rikke's list says it waits for the directors.
    listing = shown(org_app.sender.command("mine", user_id=RIKKE).json())
    assert "Venter på direktionen siden" in listing

    # Tobias answers; Rikke is told, and her list shows the answer.
    press(org_app, TOBIAS, dms[TOBIAS], "Send tilbage med svar")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    org_app.sender.view_submission(
        view, user_id=TOBIAS, values=fill(view, {"decision_note": "Jobcentret betaler i 2027"})
    )
    assert any("Direktionen har svaret på det, du løftede" in t for t in dm_texts(org_app, RIKKE))
    listing = shown(org_app.sender.command("mine", user_id=RIKKE).json())
    assert "Direktionen har svaret" in listing and "Jobcentret betaler i 2027" in listing


def test_the_forms_level_direktionen_raises_the_item_with_its_question(
    org_app: RunningApp,  # noqa: F811
) -> None:
    before = len(org_app.fake.calls_to("views.open"))
    org_app.sender.command("", user_id=RIKKE)
    view = opened_view(org_app, before)
    text = "Mentorstøtte falder mellem to budgetter"
    # A question without the level would never reach the directors: the form says so.
    answer = org_app.sender.view_submission(
        view,
        user_id=RIKKE,
        values=fill(view, {"barrier_text": text, "barrier_question": ASKED}),
    )
    assert "Vælg »Direktionen«" in errors(answer)
    # The level without a question is refused too; nothing is stored either time.
    answer = org_app.sender.view_submission(
        view,
        user_id=RIKKE,
        values=fill(view, {"barrier_text": text, "barrier_level": "top_management"}),
    )
    assert "Skriv kort" in errors(answer)
    with org_app.session() as session:
        assert session.scalars(select(Item)).all() == []

    answer = org_app.sender.view_submission(
        view,
        user_id=RIKKE,
        values=fill(
            view,
            {"barrier_text": text, "barrier_level": "top_management", "barrier_question": ASKED},
        ),
    )
    assert answer.status == 200 and not answer.body
    with org_app.session() as session:
        [item] = session.scalars(select(Item))
        assert item.escalated_at is not None
    [escalation] = escalations(org_app)
    assert escalation.question == ASKED and escalation.item_id == item.id
    assert set(director_dms(org_app)) == {TOBIAS}


def test_an_item_escalation_is_reminded_once_after_the_workspaces_own_wait(
    org_app: RunningApp,  # noqa: F811
) -> None:
    with org_app.session() as session:
        workspace = session.get(Workspace, org_app.fake.team_id)
        assert workspace is not None
        workspace.decision_reminder_days = 5
        session.commit()
    org_app.sender.command("Mentorstøtte falder mellem to budgetter", user_id=RIKKE)
    raise_from_mine(
        org_app,
        RIKKE,
        {
            "barrier_status": "in_progress",
            "barrier_escalate": ["escalate"],
            "barrier_question": ASKED,
        },
    )
    [escalation] = escalations(org_app)

    def reminded() -> list[str]:
        return [
            c.args["channel"]
            for c in org_app.fake.calls_to("chat.postMessage")
            if c.ok and "Påmindelse" in shown(c.args)
        ]

    daily(org_app, escalation.raised_at + timedelta(days=4))
    assert reminded() == []
    day5 = working(escalation.raised_at + timedelta(days=5))
    daily(org_app, day5)
    assert reminded() == [TOBIAS]
    daily(org_app, working(day5 + timedelta(days=1)))
    assert reminded() == [TOBIAS]


def test_directors_not_told_at_the_click_are_told_by_the_daily_pass_once(
    org_app: RunningApp,  # noqa: F811
) -> None:
    org_app.sender.command("Mentorstøtte falder mellem to budgetter", user_id=RIKKE)
    org_app.fake.fail("chat.postMessage", error="fatal_error", times=1)
    raise_from_mine(
        org_app,
        RIKKE,
        {
            "barrier_status": "in_progress",
            "barrier_escalate": ["escalate"],
            "barrier_question": ASKED,
        },
    )
    org_app.fake.clear_faults()
    [escalation] = escalations(org_app)
    assert escalation.notified_at is None and director_dms(org_app) == {}
    later = working(escalation.raised_at + timedelta(hours=20))
    daily(org_app, later)
    daily(org_app, later + timedelta(hours=1))
    told = [
        c.args["channel"]
        for c in org_app.fake.calls_to("chat.postMessage")
        if c.ok and "Et punkt kræver direktionen" in shown(c.args)
    ]
    assert told == [TOBIAS]
    [escalation] = escalations(org_app)
    assert escalation.notified_at is not None


# -- changing a decision, and the agenda as a file --------------------------------------------


def test_a_decision_is_changed_as_a_new_visible_decision_once(
    org_app: RunningApp,  # noqa: F811
) -> None:
    root, follow_up = followed_up(org_app)
    click(org_app, GUSTAV, follow_up, "Kræver direktionen")
    dms = director_dms(org_app)
    press(org_app, SOFIE, dms[SOFIE], "Vi tager den")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    # The owner select shows the directors by name, not by user id.
    owners = next(b for b in view["blocks"] if b["block_id"] == "decision_owner")
    labels = [o["text"]["text"] for o in owners["element"]["options"]]
    assert "Sofie Mikkelsen" in labels and SOFIE not in labels
    org_app.sender.view_submission(view, user_id=SOFIE, values=fill(view, {}))

    # Tobias clicks later: he is told Sofie decided, and may change it.
    press(org_app, TOBIAS, dms[TOBIAS], "Send tilbage med svar")
    said = org_app.fake.last("response_url")
    assert said is not None and f"<@{SOFIE}> har allerede besluttet" in said.args["text"]
    [change] = [e for b in said.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert change["text"]["text"] == "Ændr til »Send tilbage med svar«"
    before = len(org_app.fake.calls_to("views.open"))
    org_app.sender.block_action(
        user_id=TOBIAS,
        action_id=change["action_id"],
        value=change["value"],
        message=said.args,
        channel_id="D0TOBIAS",
    )
    view = opened_view(org_app, before)
    answer = {"decision_note": "Det løser I bedst selv med en fælles visitation"}
    for _ in range(2):  # a double submit
        org_app.sender.view_submission(view, user_id=TOBIAS, values=fill(view, answer))
    rows = decisions(org_app)
    assert [(d.kind, d.decided_by) for d in rows] == [("taken", SOFIE), ("answered", TOBIAS)]
    posted = [shown(m) for m in replies(org_app, root)]
    assert sum("Beslutningen er ændret" in p for p in posted) == 1, posted
    # A manager cannot change it with the same payload.
    org_app.sender.block_action(
        user_id=GUSTAV,
        action_id=change["action_id"],
        value=change["value"],
        message=said.args,
        channel_id="D0TOBIAS",
    )
    assert len(decisions(org_app)) == 2


def test_the_agenda_comes_as_a_csv_in_the_directors_dm(
    org_app: RunningApp,  # noqa: F811
) -> None:
    _root, follow_up = followed_up(org_app)
    click(org_app, GUSTAV, follow_up, "Kræver direktionen")
    agenda = org_app.sender.command("dagsorden", user_id=SOFIE).json()
    [button] = [e for b in agenda["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["text"]["text"] == "Hent som CSV"
    for _ in range(2):  # a double click sends one file
        org_app.sender.block_action(
            user_id=SOFIE,
            action_id=button["action_id"],
            value=button["value"],
            message=agenda,
            channel_id="C0GENERAL",
        )
    [upload] = org_app.fake.files.values()
    assert upload["channel"].startswith("D") and upload["name"].endswith(".csv")
    rows = list(csv.reader(io.StringIO(upload["content"].decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Nr.",
        "Løftet",
        "Ventet (dage)",
        "Involverede enheder",
        "Løftet af",
        "Spørgsmålet til direktionen",
    ]
    assert rows[1][0] == "1" and rows[1][4] == "Gustav Bæk" and rows[1][5] == QUESTION
    # A manager pressing the same button gets nothing.
    org_app.sender.block_action(
        user_id=GUSTAV,
        action_id=button["action_id"],
        value=button["value"],
        message=agenda,
        channel_id="C0GENERAL",
    )
    assert len(org_app.fake.files) == 1
    assert decisions(org_app) == []


def test_a_director_decides_from_app_home_too(
    org_app: RunningApp,  # noqa: F811
) -> None:
    org_app.sender.command("Mentorstøtte falder mellem to budgetter", user_id=RIKKE)
    raise_from_mine(
        org_app,
        RIKKE,
        {
            "barrier_status": "in_progress",
            "barrier_escalate": ["escalate"],
            "barrier_question": ASKED,
        },
    )

    def home(user: str) -> dict[str, Any]:
        event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
        org_app.sender.event(event)
        view = org_app.fake.home_view(user)
        assert view is not None
        return view

    view = stale = home(TOBIAS)
    assert f"»{ASKED}«" in shown(view)
    [take] = [
        e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == "Vi tager den"
    ]
    before = len(org_app.fake.calls_to("views.open"))
    org_app.sender.block_action(
        user_id=TOBIAS, action_id=take["action_id"], value=take["value"], view=view
    )
    modal = opened_view(org_app, before)
    org_app.sender.view_submission(modal, user_id=TOBIAS, values=fill(modal, {}))
    assert [(d.kind, d.decided_by) for d in decisions(org_app)] == [("taken", TOBIAS)]
    # Home now says what was decided, without the buttons; a stale click gets a modal.
    view = home(TOBIAS)
    assert "Direktionen tager den" in shown(view)
    assert not any(
        e["text"]["text"] == "Vi tager den"
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )
    before = len(org_app.fake.calls_to("views.open"))
    org_app.sender.block_action(
        user_id=TOBIAS, action_id=take["action_id"], value=take["value"], view=stale
    )
    said = opened_view(org_app, before)
    assert "har allerede besluttet" in shown(said)
    assert len(decisions(org_app)) == 1
