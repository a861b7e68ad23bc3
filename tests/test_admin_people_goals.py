"""Admin changes to people, goals and indicators through App Home, as Slack sends them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from bot.models import Goal, Indicator, Item
from tests.conftest import RunningApp
from tests.test_admin import (
    ADMIN,
    BO,
    VIKAR,
    admin_modal,
    audit_rows,
    goal_block,
    home_text,
    org_app,
    person,
    snapshot,
    submit,
)

__all__ = ["org_app"]  # the fixture, shared with tests/test_admin.py


# -- people --------------------------------------------------------------------------------


def test_a_person_gets_a_new_unit_and_role(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_person_pick", selected_user=BO)
    assert "<@U0BO> – Bo Jensen" in json.dumps(modal, ensure_ascii=False)
    answers = {"admin_unit": "Sundhedscentret", "admin_role": "director"}
    assert submit(org_app, ADMIN, modal, answers) == {}
    bo = person(org_app, BO)
    assert bo.unit is not None and (bo.unit.name, bo.role, bo.active) == (
        "Sundhedscentret",
        "director",
        True,
    )
    rows = [(r.action, r.subject, r.before, r.after) for r in audit_rows(org_app)]
    assert rows == [
        ("person.unit", BO, "Hjemmeplejen", "Sundhedscentret"),
        ("person.role", BO, "manager", "director"),
    ]
    shown = home_text(org_app, ADMIN)
    assert "ændrede rollen for <@U0BO>: leder → direktør/chef" in shown


def test_a_person_is_deactivated_not_deleted(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_person_pick", selected_user=BO)
    assert submit(org_app, ADMIN, modal, {"admin_active": []}) == {}
    bo = person(org_app, BO)
    assert bo.active is False and bo.unit is not None  # still there, with their unit
    assert audit_rows(org_app)[-1].action == "person.deactivated"
    assert "Tværs kender dig ikke endnu" in home_text(org_app, BO)


def test_someone_unknown_is_added_and_their_waiting_items_get_the_unit(
    org_app: RunningApp,
) -> None:
    org_app.sender.command("Vi kan ikke se hinandens kalendere", user_id=VIKAR)
    assert "fra personer uden enhed: 1" in home_text(org_app, ADMIN)
    modal = admin_modal(org_app, "admin_person_pick", selected_user=VIKAR)
    text = json.dumps(modal, ensure_ascii=False)
    assert "Tværs kender ikke <@U0VIKAR> endnu" in text
    assert "Åbne punkter fra personen, der venter på en enhed: 1" in text
    assert submit(org_app, ADMIN, modal, {"admin_unit": "Dagtilbud"}) == {}
    vikar = person(org_app, VIKAR)
    assert vikar.name == "Vibeke Vikar" and vikar.role == "manager"
    assert vikar.unit is not None and vikar.unit.name == "Dagtilbud"
    with org_app.session() as session:
        item = session.scalars(select(Item)).one()
        assert item.unit_id == vikar.unit_id
        assert [u.name for u in item.units] == ["Dagtilbud"]
    assert "Ingen punkter venter på en administrator" in home_text(org_app, ADMIN)
    assert [r.action for r in audit_rows(org_app)] == ["person.added", "person.unit"]


def test_a_bot_cannot_be_added_as_a_person(org_app: RunningApp) -> None:
    org_app.fake.add_user("U0ROBOT", name="robot", is_bot=True)
    before = snapshot(org_app)
    modal = admin_modal(org_app, "admin_person_pick", selected_user="U0ROBOT")
    answer = submit(org_app, ADMIN, modal, {"admin_unit": "Dagtilbud"})
    assert "ikke en bot" in answer["errors"]["admin_role"]
    assert snapshot(org_app) == before


def test_the_last_admin_cannot_step_down(org_app: RunningApp) -> None:
    before = snapshot(org_app)
    modal = admin_modal(org_app, "admin_person_pick", selected_user=ADMIN)
    answer = submit(org_app, ADMIN, modal, {"admin_role": "manager"})
    assert "mindst én aktiv administrator" in answer["errors"]["admin_role"]
    answer = submit(org_app, ADMIN, modal, {"admin_active": []})
    assert "mindst én aktiv administrator" in answer["errors"]["admin_role"]
    assert snapshot(org_app) == before
    # With a second admin, stepping down is fine.
    modal = admin_modal(org_app, "admin_person_pick", selected_user=BO)
    submit(org_app, ADMIN, modal, {"admin_role": "admin"})
    modal = admin_modal(org_app, "admin_person_pick", selected_user=ADMIN)
    assert submit(org_app, ADMIN, modal, {"admin_role": "manager"}) == {}
    assert "Administration" not in home_text(org_app, ADMIN)
    assert "Administration" in home_text(org_app, BO)


# -- goals and indicators ------------------------------------------------------------------


def _new_goal(app: RunningApp, title: str, **extra: str) -> Any:
    modal = admin_modal(app, "admin_goal_new")
    answers = {
        "admin_title": title,
        "admin_indicator_name": f"Effekt for {title}",
        "admin_measure_unit": "procent",
        **extra,
    }
    return submit(app, ADMIN, modal, answers)


def test_a_goal_is_added_with_its_first_indicator(org_app: RunningApp) -> None:
    answer = _new_goal(
        org_app,
        "Færre borgere i hjemløshed",
        admin_description="Alle har et sted at bo.",
        admin_direction="lower",
        admin_target="2,5",
    )
    assert answer == {}
    with org_app.session() as session:
        goal = session.scalars(select(Goal).where(Goal.title.like("Færre%"))).one()
        assert (goal.description, goal.position, goal.active) == (
            "Alle har et sted at bo.",
            3,
            True,
        )
        [indicator] = goal.indicators
        assert (indicator.measure_unit, indicator.higher_is_better, indicator.target) == (
            "procent",
            False,
            2.5,
        )
    assert [r.action for r in audit_rows(org_app)] == ["goal.added", "indicator.added"]
    assert "Tværgående mål (4 af højst 5)" in home_text(org_app, ADMIN)


def test_a_sixth_goal_is_refused(org_app: RunningApp) -> None:
    assert _new_goal(org_app, "Mål fire") == {}
    assert _new_goal(org_app, "Mål fem") == {}
    before = snapshot(org_app)
    modal = admin_modal(org_app, "admin_goal_new")
    assert "5 af højst 5 mål er aktive" in json.dumps(modal, ensure_ascii=False)
    answer = submit(
        org_app,
        ADMIN,
        modal,
        {"admin_title": "Mål seks", "admin_indicator_name": "x", "admin_measure_unit": "y"},
    )
    assert answer["response_action"] == "errors"
    assert answer["errors"]["admin_title"].startswith("Der er allerede 5 aktive mål")
    assert snapshot(org_app) == before
    with org_app.session() as session:
        active = session.scalar(select(func.count()).select_from(Goal).where(Goal.active))
        assert active == 5


def test_a_goal_is_renamed_and_retired_and_makes_room(org_app: RunningApp) -> None:
    _new_goal(org_app, "Mål fire")
    _new_goal(org_app, "Mål fem")
    block = goal_block(org_app, "Ældre klarer sig selv længere")
    modal = admin_modal(org_app, "admin_goal_menu", block_id=block, option="Redigér målet")
    answer = submit(
        org_app,
        ADMIN,
        modal,
        {"admin_title": "Ældre lever et selvstændigt liv længere", "admin_retire": ["retire"]},
    )
    assert answer == {}
    with org_app.session() as session:
        goals = session.scalars(select(Goal).order_by(Goal.position, Goal.id)).all()
        active = [(g.title, g.position) for g in goals if g.active]
        assert active == [
            ("Flere borgere i job eller uddannelse", 0),
            ("Børn og unge trives og lærer", 1),
            ("Mål fire", 2),
            ("Mål fem", 3),
        ]
        retired = [g.title for g in goals if not g.active]
        assert retired == ["Ældre lever et selvstændigt liv længere"]
    assert [r.action for r in audit_rows(org_app)][-2:] == ["goal.renamed", "goal.retired"]
    assert _new_goal(org_app, "Mål seks") == {}


def test_indicators_are_added_changed_and_retired_but_never_the_last(
    org_app: RunningApp,
) -> None:
    title = "Flere borgere i job eller uddannelse"
    block = goal_block(org_app, title)
    modal = admin_modal(org_app, "admin_goal_menu", block_id=block, option="Tilføj effektindikator")
    assert modal["callback_id"] == "admin_indicator_modal"
    answer = submit(
        org_app,
        ADMIN,
        modal,
        {
            "admin_indicator_name": "Ledige i job efter 6 måneder",
            "admin_measure_unit": "procent",
            "admin_target": "mange",
        },
    )
    assert "som et tal" in answer["errors"]["admin_target"]
    answers = {
        "admin_indicator_name": "Ledige i job efter 6 måneder",
        "admin_measure_unit": "procent",
        "admin_target": "60",
    }
    assert submit(org_app, ADMIN, modal, answers) == {}
    # Change an existing one.
    modal = admin_modal(
        org_app,
        "admin_goal_menu",
        block_id=block,
        option="Indikator: Unge 18-24 år i job eller uddannelse",
    )
    assert submit(org_app, ADMIN, modal, {"admin_target": "92"}) == {}
    changed = audit_rows(org_app)[-1]
    assert (changed.action, changed.field, changed.before, changed.after) == (
        "indicator.changed",
        "target",
        "90.0",
        "92.0",
    )
    # Retire down to one; the last one stays.
    for name in ("Unge 18-24 år i job eller uddannelse", "Ledige i job efter 6 måneder"):
        modal = admin_modal(org_app, "admin_goal_menu", block_id=block, option=f"Indikator: {name}")
        assert submit(org_app, ADMIN, modal, {"admin_retire": ["retire"]}) == {}
    modal = admin_modal(
        org_app,
        "admin_goal_menu",
        block_id=block,
        option="Indikator: Andel 16-64-årige på offentlig forsørgelse",
    )
    answer = submit(org_app, ADMIN, modal, {"admin_retire": ["retire"]})
    assert "mindst én effektindikator" in answer["errors"]["admin_retire"]
    with org_app.session() as session:
        names = session.scalars(
            select(Indicator.name).where(Indicator.active, Indicator.goal.has(Goal.title == title))
        ).all()
        assert names == ["Andel 16-64-årige på offentlig forsørgelse"]
