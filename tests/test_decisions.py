"""Directors answer escalations in Slack: the decision is stored once and everyone is told."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from bot.models import Decision, Escalation
from sandbox import fill
from tests.conftest import RunningApp
from tests.test_threads import (
    DAVID,
    GUSTAV,
    SOFIE,
    TOBIAS,
    click,
    daily,
    followed_up,
    org_app,  # noqa: F401  (the fixture)
    replies,
    shown,
    working,
)


def director_dms(app: RunningApp) -> dict[str, dict[str, Any]]:
    """user -> the DM message the bot sent them about an escalation (as Slack has it)."""
    found: dict[str, dict[str, Any]] = {}
    for call in app.fake.calls_to("chat.postMessage"):
        if call.ok and str(call.args["channel"]).startswith("U") and _labels(call.args):
            found[call.args["channel"]] = {
                **call.response["message"],
                "channel": call.response["channel"],
            }
    return found


def _labels(message: dict[str, Any]) -> list[str]:
    return [
        e["text"]["text"]
        for b in message.get("blocks", [])
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def press(app: RunningApp, user: str, dm: dict[str, Any], label: str) -> Any:
    """The user clicks one of the decision buttons in a director's DM."""
    [button] = [
        e
        for b in dm.get("blocks", [])
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == label
    ]
    return app.sender.block_action(
        user_id=user,
        action_id=button["action_id"],
        value=button["value"],
        message=dm,
        channel_id=dm["channel"],
    )


def escalated(app: RunningApp) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    root, question = followed_up(app)
    click(app, GUSTAV, question, "Kræver direktionen")
    return root, director_dms(app)


def errors(answer: Any) -> str:
    """The field errors a modal shows after submitting."""
    return " ".join(json.loads(answer.text)["errors"].values())


def decisions(app: RunningApp) -> list[Decision]:
    with app.session() as session:
        return list(session.scalars(select(Decision).order_by(Decision.id)))


def test_a_director_takes_it_with_a_date_and_the_thread_and_managers_are_told(
    org_app: RunningApp,  # noqa: F811
) -> None:
    root, dms = escalated(org_app)
    assert set(dms) == {SOFIE, TOBIAS}
    assert _labels(dms[SOFIE]) == [
        "Vi tager den",
        "Send tilbage med svar",
        "Ikke et direktionsanliggende",
    ]
    answer = press(org_app, SOFIE, dms[SOFIE], "Vi tager den")
    assert answer.status == 200
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    submitted = org_app.sender.view_submission(
        view,
        user_id=SOFIE,
        values=fill(
            view,
            {
                "decision_owner": SOFIE,
                "decision_due": "2027-01-15",
                "decision_note": "Vi tager det op på direktionsmødet",
            },
        ),
    )
    assert submitted.status == 200 and not submitted.body, submitted.body
    [decision] = decisions(org_app)
    assert (decision.kind, decision.decided_by, decision.owner_id, decision.due_on) == (
        "taken",
        SOFIE,
        SOFIE,
        date(2027, 1, 15),
    )
    # The thread hears it, and so do the managers who raised it.
    posted = [shown(m) for m in replies(org_app, root)]
    assert any("Direktionen tager den" in p and "15. januar 2027" in p for p in posted), posted
    told = {
        c.args["channel"]
        for c in org_app.fake.calls_to("chat.postMessage")
        if c.ok and "Direktionen har svaret på det, du løftede" in shown(c.args)
    }
    assert told == {GUSTAV, DAVID}
    # The digest lists it as the directors' output.
    overview = org_app.sender.command("overblik", user_id=SOFIE)
    assert overview.status == 200
    digest = shown(overview.json())
    assert "Besluttet i" in digest and "direktionens output" in digest, digest
    assert f"<@{SOFIE}> – *Vi tager den*" in digest

    # A second director (or a double click) changes nothing and is told who decided.
    press(org_app, TOBIAS, dms[TOBIAS], "Send tilbage med svar")
    said = org_app.fake.last("response_url")
    assert said is not None and f"<@{SOFIE}> har allerede besluttet" in said.args["text"]
    again = org_app.sender.view_submission(
        view, user_id=SOFIE, values=fill(view, {"decision_note": "Igen"})
    )
    assert again.status == 200
    assert len(decisions(org_app)) == 1
    with org_app.session() as session:
        [escalation] = session.scalars(select(Escalation))
        assert escalation.decided_at is not None


def test_a_manager_replaying_a_directors_payload_is_refused_and_nothing_changes(
    org_app: RunningApp,  # noqa: F811
) -> None:
    _root, dms = escalated(org_app)
    opened = len(org_app.fake.calls_to("views.open"))
    press(org_app, GUSTAV, dms[SOFIE], "Vi tager den")
    assert len(org_app.fake.calls_to("views.open")) == opened
    said = org_app.fake.last("response_url")
    assert said is not None and "Kun en direktør kan træffe beslutningen" in said.args["text"]
    # Sofie opens the modal; Gustav submits her view as his own.
    press(org_app, SOFIE, dms[SOFIE], "Send tilbage med svar")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    answer = org_app.sender.view_submission(
        view, user_id=GUSTAV, values=fill(view, {"decision_note": "Det klarer vi selv"})
    )
    assert answer.status == 200
    assert "Kun en direktør" in errors(answer)
    assert decisions(org_app) == []


def test_an_empty_long_or_cpr_answer_gets_a_clear_danish_answer(
    org_app: RunningApp,  # noqa: F811
) -> None:
    _root, dms = escalated(org_app)
    press(org_app, SOFIE, dms[SOFIE], "Ikke et direktionsanliggende")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    for note, said in (
        ("x" * 100_000, "for lang"),
        ("Borgeren har CPR 010190-1234 og bor alene", "CPR-nummer"),
        ("   ", "Skriv et par ord"),
    ):
        values = fill(view, {"decision_note": "pladsholder"})
        values["decision_note"]["decision_note"]["value"] = note
        answer = org_app.sender.view_submission(view, user_id=SOFIE, values=values)
        assert answer.status == 200
        assert said in errors(answer), answer.text
    assert decisions(org_app) == []


def reminders(app: RunningApp) -> list[str]:
    return [
        c.args["channel"]
        for c in app.fake.calls_to("chat.postMessage")
        if c.ok and "Påmindelse" in shown(c.args)
    ]


def test_an_undecided_escalation_is_reminded_once_on_day_14_and_a_passed_date_nudged_once(
    org_app: RunningApp,  # noqa: F811
) -> None:
    escalated(org_app)
    with org_app.session() as session:
        [escalation] = session.scalars(select(Escalation))
        raised = escalation.raised_at
    # Day 13 itself (a closed day posts nothing anyway; moving it to the next working day could
    # pass day 14, as at Easter).
    daily(org_app, raised + timedelta(days=13))
    assert reminders(org_app) == []
    day14 = working(raised + timedelta(days=14))
    daily(org_app, day14)
    assert sorted(reminders(org_app)) == sorted([SOFIE, TOBIAS])
    daily(org_app, working(day14 + timedelta(days=1)))
    assert len(reminders(org_app)) == 2

    # Sofie takes it from the reminder with a date; the day after it passes she is nudged once.
    dms = director_dms(org_app)
    press(org_app, SOFIE, dms[SOFIE], "Vi tager den")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    due = (day14 + timedelta(days=7)).date()
    org_app.sender.view_submission(
        view,
        user_id=SOFIE,
        values=fill(view, {"decision_owner": SOFIE, "decision_due": due.isoformat()}),
    )
    later = working(day14 + timedelta(days=9))
    daily(org_app, later)
    daily(org_app, working(later + timedelta(days=1)))
    nudged = [
        c.args["channel"]
        for c in org_app.fake.calls_to("chat.postMessage")
        if c.ok and "Datoen er passeret" in shown(c.args)
    ]
    assert nudged == [SOFIE]


def test_the_agenda_lists_open_escalations_for_a_director_and_refuses_a_manager(
    org_app: RunningApp,  # noqa: F811
) -> None:
    escalated(org_app)
    answer = org_app.sender.command("dagsorden", user_id=SOFIE)
    assert answer.status == 200
    text = shown(answer.json())
    assert "Til dagsordenen for næste direktionsmøde" in text
    assert f"løftet af <@{GUSTAV}>" in text
    refused = org_app.sender.command("dagsorden", user_id=GUSTAV)
    assert "kun for direktører" in refused.json()["text"]
