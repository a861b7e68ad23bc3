"""The same journeys over both transports Slack offers: signed HTTP requests, and Socket Mode
envelopes on the app's own WebSocket (sandbox/socketmode.py). Same assertions for both."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from sqlalchemy import select

from bot.models import Item, ProcessedEvent, ReflectionReply
from sandbox import fill
from tests.conftest import RunningApp, SocketApp
from tests.test_reflection_dm import prompted, write
from tests.test_threads import GUSTAV, click, followed_up, item_rows, org_app

__all__ = ["org_app", "prompted"]  # fixtures, shared with the modules they come from

ANNA, BO = "U0ANNA", "U0BO"
# Slack shows the user an error when the ack takes longer than this.
SLACK_LIMIT = 3.0


@pytest.fixture
def app(any_app: RunningApp) -> RunningApp:
    """Every fixture built on `app` (org_app, prompted) runs over HTTP and over Socket Mode."""
    return any_app


def _timed(call: Any, *args: Any, **kwargs: Any) -> Any:
    started = time.monotonic()
    answer = call(*args, **kwargs)
    assert time.monotonic() - started < SLACK_LIMIT, "acknowledged after Slack's 3 seconds"
    assert answer.status == 200
    return answer


def _items(app: RunningApp) -> list[Item]:
    with app.session() as session:
        return list(session.scalars(select(Item).order_by(Item.id)))


def _buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for block in message.get("blocks", []):
        if block.get("type") == "actions":
            for element in block["elements"]:
                found[element["action_id"]] = {**element, "block_id": block["block_id"]}
    return found


def test_a_quick_barrier_is_stored_once_and_confirmed(org_app: RunningApp) -> None:
    body = _timed(org_app.sender.command, "Ventetid på PPR-udredning", user_id=ANNA).json()
    assert body["response_type"] == "ephemeral" and "Barriere gemt" in body["text"]
    [item] = _items(org_app)
    assert (item.kind, item.author_id, item.text) == ("barrier", ANNA, "Ventetid på PPR-udredning")


def test_the_form_opens_refuses_an_empty_text_in_the_ack_and_stores_once(
    org_app: RunningApp,
) -> None:
    _timed(org_app.sender.command, "", user_id=BO)
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    # A field error travels back in the acknowledgement itself (response_action).
    refused = _timed(
        org_app.sender.view_submission,
        view,
        user_id=BO,
        values=fill(view, {"barrier_kind": "barrier", "barrier_text": "   "}),
    ).json()
    assert refused["response_action"] == "errors" and "barrier_text" in refused["errors"]
    assert _items(org_app) == []
    answers = {"barrier_kind": "potential", "barrier_text": "Træning før første fald"}
    _timed(org_app.sender.view_submission, view, user_id=BO, values=fill(view, answers))
    [item] = _items(org_app)
    assert (item.kind, item.text) == ("potential", "Træning før første fald")


def test_mine_and_its_resolve_button(org_app: RunningApp) -> None:
    org_app.sender.command("Ventetid i psykiatrien", user_id=ANNA)
    listing = _timed(org_app.sender.command, "mine", user_id=ANNA).json()
    button = _buttons(listing)["item_resolve"]
    _timed(
        org_app.sender.block_action,
        user_id=ANNA,
        action_id="item_resolve",
        value=button["value"],
        block_id=button["block_id"],
        message=listing,
        channel_id="C0GENERAL",
    )
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    answers = {"barrier_status": "resolved", "barrier_note": "Fast ugentlig tid"}
    _timed(org_app.sender.view_submission, view, user_id=ANNA, values=fill(view, answers))
    [item] = _items(org_app)
    assert (item.status, item.resolution_note) == ("resolved", "Fast ugentlig tid")


def test_a_dm_reply_is_stored_once(prompted: RunningApp) -> None:
    write(prompted, "Unge mangler én indgang")
    with prompted.session() as session:
        assert session.scalars(select(ReflectionReply.text)).all() == ["Unge mangler én indgang"]


def test_app_home_is_published_when_opened(org_app: RunningApp) -> None:
    event = {"type": "app_home_opened", "user": ANNA, "channel": "D0HOME", "tab": "home"}
    _timed(org_app.sender.event, event)
    call = org_app.fake.wait_for_call("views.publish", lambda c: c.args.get("user_id") == ANNA)
    assert call.ok and "home" in json.dumps(call.args["view"])


def test_a_follow_up_click_in_a_thread(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    _timed(click, org_app, GUSTAV, question, "Løst")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    answers = {"thread_resolved_note": "Fast møde hver uge"}
    _timed(org_app.sender.view_submission, view, user_id=GUSTAV, values=fill(view, answers))
    assert "resolved" in {i.status for i in item_rows(org_app) if i.author_id == GUSTAV}


def test_a_retried_event_has_one_effect(org_app: RunningApp) -> None:
    event = {"type": "app_home_opened", "user": ANNA, "channel": "D0HOME", "tab": "home"}
    org_app.sender.event(event, event_id="Ev0TWICE")
    again = org_app.sender.event(event, event_id="Ev0TWICE", retry_num=1, retry_reason="timeout")
    assert again.status == 200
    assert len(org_app.fake.calls_to("views.publish")) == 1


def test_uninstall_is_acknowledged(org_app: RunningApp) -> None:
    _timed(org_app.sender.event, {"type": "app_uninstalled"})
    # Nothing a user would notice goes out to a workspace that removed the app.
    assert org_app.fake.calls_to("chat.postMessage") == []


# -- Socket Mode only: what HTTP has no counterpart for ---------------------------------------


def test_a_redelivered_command_envelope_has_one_effect(org_app: RunningApp) -> None:
    if not isinstance(org_app, SocketApp):
        pytest.skip("Slack redelivers envelopes only over Socket Mode")
    org_app.sender.command("Kun én gang", user_id=ANNA)
    again = org_app.sender.redeliver()
    assert again.status == 200
    assert [i.text for i in _items(org_app)] == ["Kun én gang"]
    with org_app.session() as session:
        keys = session.scalars(select(ProcessedEvent.event_key)).all()
    assert len([k for k in keys if k.startswith("envelope:")]) == 1
