"""Units synced from Slack user groups (usergroups.list / usergroups.users.list) by the
usergroup-sync job: joins put people in the unit, leaves deactivate them (never delete)."""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy import func, select

from bot.app import Runtime
from bot.models import AuditLog, Item, Person
from jobs.scheduler import run_job
from tests.conftest import BOT_TOKEN, RunningApp
from tests.test_admin import (
    ADMIN,
    ANNA,
    RIKKE,
    admin_modal,
    home_text,
    org_app,
    person,
    submit,
)

__all__ = ["org_app"]  # the fixture, shared with tests/test_admin.py

FREJA, NINA = "U0FREJA", "U0NINA"


def _sync(app: RunningApp) -> str:
    client = WebClient(token=BOT_TOKEN, base_url=app.fake.base_url)
    return run_job("usergroup-sync", Runtime(app.settings, app.engine, app.sessions), client)


def _map(app: RunningApp, unit: str, group: str) -> None:
    modal = admin_modal(app, "admin_unit_pick", option=unit)
    assert submit(app, ADMIN, modal, {"admin_usergroup": group}) == {}


def _where(app: RunningApp, user_id: str) -> tuple[str | None, bool]:
    found = person(app, user_id)
    return (found.unit.name if found.unit else None), found.active


def test_nothing_to_do_without_mapped_units(org_app: RunningApp) -> None:
    assert _sync(org_app) == "no units are mapped to a user group"
    assert org_app.fake.calls_to("usergroups.users.list") == []


def test_members_of_the_group_join_the_unit(org_app: RunningApp) -> None:
    org_app.fake.add_user(NINA, name="Nina Ny", tz="America/New_York")
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, RIKKE, NINA, FREJA])
    _map(org_app, "Jobcentret", "S0JOB")
    summary = _sync(org_app)
    assert summary == (
        "1 unit(s) synced from user groups: 2 joined (1 new), 0 left (0 deactivated)"
    )
    nina = person(org_app, NINA)
    assert (nina.name, nina.tz, nina.role) == ("Nina Ny", "America/New_York", "manager")
    assert _where(org_app, NINA) == ("Jobcentret", True)
    # Freja's unit (Ydelseskontoret) is not synced from a group: the group moves her.
    assert _where(org_app, FREJA) == ("Jobcentret", True)
    with org_app.session() as session:
        by_sync = session.scalars(
            select(AuditLog.action).where(AuditLog.actor_id == "usergroup-sync")
        ).all()
        assert sorted(by_sync) == ["person.added", "person.joined_group", "person.joined_group"]
    # A second run changes nothing.
    assert _sync(org_app).startswith("1 unit(s) synced from user groups: 0 joined")
    text = home_text(org_app, ADMIN)
    assert "`usergroup-sync`" in text and "0 kommet til (0 nye)" in text
    assert "Synkroniseringen satte <@U0FREJA> i Jobcentret (med i brugergruppen)" in text


def test_someone_who_leaves_the_group_is_deactivated_not_deleted(org_app: RunningApp) -> None:
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, RIKKE])
    _map(org_app, "Jobcentret", "S0JOB")
    _sync(org_app)
    org_app.sender.command("Ventetid på psykiatrisk udredning", user_id=RIKKE)
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA])
    assert "1 left (1 deactivated)" in _sync(org_app)
    assert _where(org_app, RIKKE) == ("Jobcentret", False)
    assert _where(org_app, ANNA) == ("Jobcentret", True)
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(Item)) == 1  # her item stays
    assert "deaktiverede <@U0RIKKE>, der forlod brugergruppen for Jobcentret" in home_text(
        org_app, ADMIN
    )
    # Back in the group, back in the unit.
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, RIKKE])
    assert "1 joined (0 new)" in _sync(org_app)
    assert _where(org_app, RIKKE) == ("Jobcentret", True)


def test_an_admins_own_change_stands_until_the_group_changes(org_app: RunningApp) -> None:
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, RIKKE])
    _map(org_app, "Jobcentret", "S0JOB")
    _sync(org_app)
    modal = admin_modal(org_app, "admin_person_pick", selected_user=ANNA)
    submit(org_app, ADMIN, modal, {"admin_active": []})
    modal = admin_modal(org_app, "admin_person_pick", selected_user=RIKKE)
    submit(org_app, ADMIN, modal, {"admin_unit": "PPR"})
    _sync(org_app)
    assert _where(org_app, ANNA) == ("Jobcentret", False)
    assert _where(org_app, RIKKE) == ("PPR", True)
    # Rikke leaves the Jobcentret group: she is no longer there, so she stays active in PPR.
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA])
    assert "1 left (0 deactivated)" in _sync(org_app)
    assert _where(org_app, RIKKE) == ("PPR", True)


def test_moving_between_two_synced_groups(org_app: RunningApp) -> None:
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, RIKKE])
    org_app.fake.add_usergroup("S0YDE", "ydelse", [FREJA])
    _map(org_app, "Jobcentret", "S0JOB")
    _map(org_app, "Ydelseskontoret", "S0YDE")
    _sync(org_app)
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA])
    org_app.fake.add_usergroup("S0YDE", "ydelse", [FREJA, RIKKE])
    _sync(org_app)
    assert _where(org_app, RIKKE) == ("Ydelseskontoret", True)
    # Listed in both groups at once: the unit she is in now wins, and the admins are told.
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, RIKKE])
    summary = _sync(org_app)
    assert "1 listed in two synced groups (kept where they are)" in summary
    assert _where(org_app, RIKKE) == ("Ydelseskontoret", True)


def test_a_group_slack_cannot_read_is_left_alone(org_app: RunningApp) -> None:
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, RIKKE])
    _map(org_app, "Jobcentret", "S0JOB")
    _sync(org_app)
    org_app.fake.fail("usergroups.users.list", error="no_such_subteam")
    summary = _sync(org_app)
    assert summary.endswith("not synced: Jobcentret (no_such_subteam)")
    assert _where(org_app, ANNA) == ("Jobcentret", True)
    assert _where(org_app, RIKKE) == ("Jobcentret", True)
    org_app.fake.fail("usergroups.list", error="missing_scope")
    assert _sync(org_app) == "user groups not synced: usergroups.list answered missing_scope"


def test_bots_and_deleted_users_in_a_group_are_not_added(org_app: RunningApp) -> None:
    org_app.fake.add_user("U0ROBOT", name="robot", is_bot=True)
    org_app.fake.add_user("U0GAMMEL", name="Gammel Konto", deleted=True)
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, "U0ROBOT", "U0GAMMEL"])
    _map(org_app, "Jobcentret", "S0JOB")
    assert "0 joined (0 new)" in _sync(org_app)  # Anna was in Jobcentret already
    with org_app.session() as session:
        ids = set(session.scalars(select(Person.user_id)))
        assert "U0ROBOT" not in ids and "U0GAMMEL" not in ids


def test_unmapping_stops_the_sync_and_deactivates_nobody(org_app: RunningApp) -> None:
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, RIKKE])
    _map(org_app, "Jobcentret", "S0JOB")
    _sync(org_app)
    modal = admin_modal(org_app, "admin_unit_pick", option="Jobcentret")
    values = org_app.sender.fill(modal, {})
    values["admin_usergroup"]["admin_usergroup_input"]["selected_option"] = None
    org_app.sender.view_submission(modal, user_id=ADMIN, values=values)
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [])
    assert _sync(org_app) == "no units are mapped to a user group"
    assert _where(org_app, RIKKE) == ("Jobcentret", True)
