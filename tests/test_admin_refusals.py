"""A non-admin crafting the admin's own payloads (block_actions and view_submission, as Slack
sends them) is refused on the server, and nothing changes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.models import Person
from tests.conftest import RunningApp
from tests.test_admin import (
    ADMIN,
    ANNA,
    BO,
    admin_modal,
    click,
    goal_block,
    open_home,
    org_app,
    snapshot,
    submit,
)

__all__ = ["org_app"]  # the fixture, shared with tests/test_admin.py


# -- a non-admin crafting the admin's payloads ---------------------------------------------

_SUBMISSIONS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("admin_settings", {}, {"admin_reminder_days": "1", "admin_language": "en"}),
    ("admin_area_new", {}, {"admin_name": "Skyggeområde"}),
    ("admin_area_pick", {"option": "PPR"}, {"admin_name": "Hacket"}),
    ("admin_unit_new", {}, {"admin_name": "Skyggeenhed"}),
    ("admin_unit_pick", {"option": "Jobcentret"}, {"admin_name": "Hacket"}),
    ("admin_person_pick", {"selected_user": ANNA}, {"admin_role": "admin"}),
    (
        "admin_goal_new",
        {},
        {"admin_title": "Skyggemål", "admin_indicator_name": "x", "admin_measure_unit": "y"},
    ),
    ("admin_goal_menu", {"option": "Redigér målet"}, {"admin_retire": ["retire"]}),
    (
        "admin_goal_menu",
        {"option": "Tilføj effektindikator"},
        {"admin_indicator_name": "x", "admin_measure_unit": "y"},
    ),
]


@pytest.mark.parametrize(("action_id", "pick", "answers"), _SUBMISSIONS)
def test_a_non_admin_submitting_an_admin_form_changes_nothing(
    org_app: RunningApp, action_id: str, pick: dict[str, Any], answers: dict[str, Any]
) -> None:
    if action_id == "admin_area_pick":
        pick = {"option": "Børne- og Familieforvaltningen"}
    if action_id == "admin_goal_menu":
        pick = {**pick, "block_id": goal_block(org_app, "Børn og unge trives og lærer")}
    modal = admin_modal(org_app, action_id, **pick)
    before = snapshot(org_app)
    answer = submit(org_app, ANNA, modal, answers)
    assert answer["response_action"] == "errors"
    assert "kræver, at du er administrator" in next(iter(answer["errors"].values()))
    assert snapshot(org_app) == before


@pytest.mark.parametrize("retire", ["admin_unit", "admin_area"])
def test_a_non_admin_cannot_retire_or_merge(org_app: RunningApp, retire: str) -> None:
    pick = "admin_unit_pick" if retire == "admin_unit" else "admin_area_pick"
    name = "Jobcentret" if retire == "admin_unit" else "Beskæftigelsesforvaltningen"
    modal = admin_modal(org_app, pick, option=name)
    confirm = click(org_app, ADMIN, modal, f"{retire}_retire_open")
    assert confirm is not None
    before = snapshot(org_app)
    other = "Ydelseskontoret" if retire == "admin_unit" else "Børne- og Familieforvaltningen"
    answer = submit(org_app, BO, confirm, {"admin_merge_into": other})
    assert "kræver, at du er administrator" in answer["errors"]["admin_merge_into"]
    # Pushing the step from the admin's open form is refused as well.
    refused = click(org_app, BO, modal, f"{retire}_retire_open")
    assert refused is not None and refused["callback_id"] == "admin_notice_modal"
    assert snapshot(org_app) == before


@pytest.mark.parametrize(
    ("action_id", "pick"),
    [
        ("admin_settings", {}),
        ("admin_area_new", {}),
        ("admin_area_pick", {"option": "PPR"}),
        ("admin_unit_new", {}),
        ("admin_unit_pick", {"option": "Jobcentret"}),
        ("admin_person_pick", {"selected_user": BO}),
        ("admin_goal_new", {}),
        ("admin_audit", {}),
    ],
)
def test_a_non_admin_clicking_admin_buttons_gets_a_polite_no(
    org_app: RunningApp, action_id: str, pick: dict[str, Any]
) -> None:
    if action_id == "admin_area_pick":
        pick = {"option": "Beskæftigelsesforvaltningen"}
    home = open_home(org_app, ADMIN)
    before = snapshot(org_app)
    modal = click(org_app, ANNA, home, action_id, **pick)
    assert modal is not None and modal["callback_id"] == "admin_notice_modal"
    assert "kræver, at du er administrator" in json.dumps(modal, ensure_ascii=False)
    assert snapshot(org_app) == before


def test_a_deactivated_admin_is_refused(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_unit_new")
    with org_app.session() as session:
        admin = session.scalars(select(Person).where(Person.user_id == ADMIN)).one()
        admin.active = False
        session.commit()
    before = snapshot(org_app)
    answer = submit(org_app, ADMIN, modal, {"admin_name": "Sent"})
    assert "kræver, at du er administrator" in answer["errors"]["admin_name"]
    assert snapshot(org_app) == before


def test_forged_ids_in_the_form_metadata_are_refused(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_unit_pick", option="Jobcentret")
    before = snapshot(org_app)
    for forged in (999_999, "1; DROP TABLE units", True, -5):
        tampered = {**modal, "private_metadata": json.dumps({"unit_id": forged})}
        answer = submit(org_app, ADMIN, tampered, {"admin_name": "Forfalsket"})
        assert "findes ikke længere" in answer["errors"]["admin_name"]
    assert snapshot(org_app) == before


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "-3", "0"])
def test_a_crafted_option_value_is_not_found_rather_than_an_error(
    org_app: RunningApp, value: str
) -> None:
    home = open_home(org_app, ADMIN)
    forged = {"text": {"type": "plain_text", "text": "x"}, "value": value}
    org_app.sender.block_action(
        user_id=ADMIN,
        action_id="admin_unit_pick",
        view=home,
        selected_option=forged,
    )
    opened = org_app.fake.last("views.open")
    assert opened is not None and opened.ok
    assert "Enheden findes ikke længere" in json.dumps(opened.args["view"], ensure_ascii=False)
