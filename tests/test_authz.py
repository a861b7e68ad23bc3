"""Who may do what: the table itself, and each action tried as each role with a crafted payload.

A payload can claim anything; these tests send what a curious user could forge (a button value,
a modal's private_metadata) and check on the server side that only the right people get through.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot import clock
from bot.authz import RULES, Do, allowed
from bot.db import session_scope
from bot.models import Indicator, Item, ReflectionPrompt
from tests.conftest import RunningApp, add_org_users, import_example_org

AUTHOR, MANAGER, DIRECTOR, ADMIN, UNKNOWN = "U0ANNA", "U0BO", "U0SOFIE", "U0ADMIN", "U0STRANGER"
ROLES = {MANAGER: "manager", DIRECTOR: "director", ADMIN: "admin", UNKNOWN: None}


def test_the_table() -> None:
    expected = {
        Do.LOG_ITEM: {"manager", "director", "admin", None},
        Do.CHANGE_ITEM: {"admin"},
        Do.UNDO_ITEM: set(),
        Do.OWN_DATA: {"manager", "director", "admin", None},
        Do.ANSWER_REFLECTION: set(),
        Do.ANSWER_THREAD: {"admin"},
        Do.SEE_DIGEST: {"director", "admin"},
        Do.EXPORT_ITEMS: {"director", "admin"},
        Do.RECORD_EFFECT: {"director", "admin"},
        Do.ADMINISTER: {"admin"},
    }
    assert set(expected) == set(RULES)
    for action, roles in expected.items():
        got = {
            role for role in ("manager", "director", "admin", None) if allowed(action, role=role)
        }
        assert got == roles, action
    assert allowed(Do.CHANGE_ITEM, role=None, author=True)
    assert allowed(Do.UNDO_ITEM, role="manager", author=True)
    assert not allowed(Do.UNDO_ITEM, role="admin")
    assert allowed(Do.ANSWER_REFLECTION, role=None, own=True)
    assert allowed(Do.ANSWER_THREAD, role="manager", involved=True)
    assert not allowed(Do.ANSWER_THREAD, role="manager")


@pytest.fixture
def org_app(app: RunningApp) -> RunningApp:
    """Tværby Kommune, with one item by Anna."""
    add_org_users(app.fake)
    app.fake.add_user(UNKNOWN, name="Ukendt")
    import_example_org(app.sessions, app.fake)
    app.sender.command("Annas barriere", user_id=AUTHOR)
    return app


def _item_id(app: RunningApp) -> int:
    with app.session() as session:
        return int(session.scalars(select(Item.id)).one())


def _crafted_view(callback_id: str, metadata: dict[str, object]) -> dict[str, object]:
    return {
        "id": "V0CRAFTED",
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": json.dumps(metadata),
        "hash": "1.crafted",
        "blocks": [],
        "title": {"type": "plain_text", "text": "x"},
    }


@pytest.mark.parametrize("user", [AUTHOR, MANAGER, DIRECTOR, ADMIN, UNKNOWN])
def test_changing_an_item(org_app: RunningApp, user: str) -> None:
    view = _crafted_view("barrier_status_modal", {"item_id": _item_id(org_app), "home": True})
    values = {
        "barrier_status": {
            "barrier_status_input": {
                "type": "radio_buttons",
                "selected_option": {"value": "dropped"},
            }
        }
    }
    org_app.sender.view_submission(view, user_id=user, values=values)
    with org_app.session() as session:
        status = session.scalars(select(Item.status)).one()
    should = user in (AUTHOR, ADMIN)
    assert (status == "dropped") is should


@pytest.mark.parametrize("user", [AUTHOR, MANAGER, DIRECTOR, ADMIN, UNKNOWN])
def test_undoing_an_item(org_app: RunningApp, user: str) -> None:
    org_app.sender.block_action(
        user_id=user,
        action_id="item_undo",
        value=str(_item_id(org_app)),
        channel_id="C0GENERAL",
        message={"ts": "1.1", "blocks": []},
    )
    with org_app.session() as session:
        left = session.scalar(select(func.count()).select_from(Item))
    assert (left == 0) is (user == AUTHOR)


@pytest.mark.parametrize("user", [MANAGER, DIRECTOR, ADMIN, UNKNOWN])
def test_the_digest_on_demand(org_app: RunningApp, user: str) -> None:
    from bot.texts import t

    text = org_app.sender.command("overblik", user_id=user).text
    refused = t("digest.not_allowed", "da").split("\n")[0][:40]
    assert (refused in json.loads(text)["text"]) is (ROLES[user] not in ("director", "admin"))


@pytest.mark.parametrize("user", [MANAGER, DIRECTOR, ADMIN, UNKNOWN])
def test_exporting_the_months_items(org_app: RunningApp, user: str) -> None:
    month = clock.now().strftime("%Y-%m")
    org_app.sender.block_action(
        user_id=user,
        action_id="digest_export",
        value=month,
        channel_id="C0DIREKTION",
        message={"ts": "1.1", "blocks": []},
    )
    uploads = org_app.fake.calls_to("files.completeUploadExternal")
    assert bool(uploads) is (ROLES[user] in ("director", "admin"))


@pytest.mark.parametrize("user", [MANAGER, DIRECTOR, ADMIN, UNKNOWN])
def test_recording_an_effect_value(org_app: RunningApp, user: str) -> None:
    with org_app.session() as session:
        indicator = session.scalars(select(Indicator.id).order_by(Indicator.id)).first()
    org_app.sender.block_action(
        user_id=user,
        action_id="effect_value_open",
        value=str(indicator),
        view={"id": "VHOME", "type": "home", "blocks": []},
        container={"type": "view", "view_id": "VHOME"},
    )
    # Others are told no in a small modal; only directors and admins get the value form.
    forms = [
        c
        for c in org_app.fake.calls_to("views.open")
        if c.args["view"].get("callback_id") != "admin_notice_modal"
    ]
    assert bool(forms) is (ROLES[user] in ("director", "admin"))


@pytest.mark.parametrize("user", [MANAGER, DIRECTOR, ADMIN, UNKNOWN])
def test_administering(org_app: RunningApp, user: str) -> None:
    org_app.sender.block_action(
        user_id=user,
        action_id="admin_settings",
        value="settings",
        view={"id": "VHOME", "type": "home", "blocks": []},
        container={"type": "view", "view_id": "VHOME"},
    )
    # Others may be told no in a small modal; only an admin gets the settings form.
    forms = [
        c
        for c in org_app.fake.calls_to("views.open")
        if c.args["view"].get("callback_id") == "admin_settings_modal"
    ]
    assert bool(forms) is (ROLES[user] == "admin")


@pytest.mark.parametrize("user", [AUTHOR, MANAGER, DIRECTOR, ADMIN, UNKNOWN])
def test_answering_someone_elses_reflection(org_app: RunningApp, user: str) -> None:
    with session_scope(org_app.sessions) as session:
        prompt = ReflectionPrompt(
            team_id=org_app.fake.team_id,
            user_id=AUTHOR,
            period="2026-W48",
            state="sent",
            due_at=datetime(2026, 11, 23, 8, tzinfo=UTC),
            channel_id="D0ANNA",
            message_ts="1.000100",
        )
        session.add(prompt)
        session.flush()
        prompt_id = prompt.id
    org_app.sender.block_action(
        user_id=user,
        action_id="reflection_skip",
        value=str(prompt_id),
        channel_id="D0ANNA",
        message={"ts": "1.000100", "blocks": []},
    )
    with org_app.session() as session:
        skipped = session.get(ReflectionPrompt, prompt_id)
        assert skipped is not None
        assert (skipped.skipped_at is not None) is (user == AUTHOR)


@pytest.mark.parametrize("user", [AUTHOR, UNKNOWN])
def test_anyone_may_log_and_see_their_own_data(org_app: RunningApp, user: str) -> None:
    assert "gemt" in org_app.sender.command("Endnu en", user_id=user).text
    answer = org_app.sender.command("mine data", user_id=user).json()
    assert answer["response_type"] == "ephemeral"
    assert org_app.fake.calls_to("files.completeUploadExternal")
