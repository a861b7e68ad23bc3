"""The admin section of App Home, driven through the sandbox as Slack sends it: every action
and every modal, with validation errors as Danish field errors, the audit log, and a non-admin
crafting the same payloads (refused, nothing changed)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.models import (
    Area,
    AuditLog,
    Goal,
    Indicator,
    Item,
    ItemStatus,
    ItemUnit,
    Person,
    Unit,
    Workspace,
)
from sandbox import fill, render_view
from tests.conftest import RunningApp, add_org_users, import_example_org

ADMIN, ANNA, BO, RIKKE, SOFIE, VIKAR = (
    "U0ADMIN",
    "U0ANNA",
    "U0BO",
    "U0RIKKE",
    "U0SOFIE",
    "U0VIKAR",
)


@pytest.fixture
def org_app(app: RunningApp) -> RunningApp:
    """The app with Tværby Kommune imported and its channels in the sandbox."""
    add_org_users(app.fake)
    app.fake.add_user(VIKAR, name="Vibeke Vikar")
    for channel_id, name in (("C0DIREKTION", "direktionen"), ("C0TVAERS", "tvaers")):
        app.fake.add_channel(channel_id, name, is_member=True)
    import_example_org(app.sessions, app.fake)
    return app


# -- helpers shared by the admin test modules ----------------------------------------------


def open_home(app: RunningApp, user: str) -> dict[str, Any]:
    """The user opens App Home; returns the view the bot published."""
    event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
    assert app.sender.event(event).status == 200
    view = app.fake.home_view(user)
    assert view is not None, "the bot published no App Home"
    return view


def home_text(app: RunningApp, user: str) -> str:
    """The user's App Home as one string (reopened first)."""
    return json.dumps(open_home(app, user), ensure_ascii=False)


def click(
    app: RunningApp,
    user: str,
    view: dict[str, Any],
    action_id: str,
    *,
    block_id: str | None = None,
    option: str | None = None,
    selected_user: str | None = None,
) -> dict[str, Any] | None:
    """Click a button or pick an option in a view; returns the modal the bot opened, if any."""
    before = len(app.fake.calls_to("views.open")) + len(app.fake.calls_to("views.push"))
    extra = {"selected_user": selected_user} if selected_user else None
    answer = app.sender.block_action(
        user_id=user,
        action_id=action_id,
        view=view,
        block_id=block_id,
        selected_option=option,
        extra_action=extra,
    )
    assert answer.status == 200
    opened = [c for c in app.fake.calls if c.method in ("views.open", "views.push")]
    if len(opened) == before:
        return None
    assert opened[-1].ok, opened[-1].response
    result: dict[str, Any] = opened[-1].response["view"]
    return result


def submit(app: RunningApp, user: str, view: dict[str, Any], answers: dict[str, Any]) -> Any:
    """Fill in a modal and press its submit button; returns the parsed answer ({} when closed)."""
    answer = app.sender.view_submission(view, user_id=user, values=fill(view, answers))
    assert answer.status == 200
    return answer.json() if answer.body else {}


def admin_modal(
    app: RunningApp,
    action_id: str,
    *,
    user: str = ADMIN,
    block_id: str | None = None,
    option: str | None = None,
    selected_user: str | None = None,
) -> dict[str, Any]:
    """Open an admin modal from the admin's App Home."""
    home = open_home(app, ADMIN)
    modal = click(
        app,
        user,
        home,
        action_id,
        block_id=block_id,
        option=option,
        selected_user=selected_user,
    )
    assert modal is not None, f"{action_id} opened no modal"
    return modal


def audit_rows(app: RunningApp) -> list[AuditLog]:
    """Every audit entry, oldest first."""
    with app.session() as session:
        return list(session.scalars(select(AuditLog).order_by(AuditLog.id)))


def snapshot(app: RunningApp) -> dict[str, Any]:
    """Everything an admin can change, to prove that nothing did."""
    with app.session() as session:
        return {
            "workspace": [
                (w.digest_channel, w.cross_unit_channel, w.prompt_weekday, w.prompt_time)
                for w in session.scalars(select(Workspace))
            ],
            "workspace_settings": [
                (w.reminder_days, w.anonymity_threshold, w.language)
                for w in session.scalars(select(Workspace))
            ],
            "areas": sorted(
                (a.name, a.active, a.digest_channel) for a in session.scalars(select(Area))
            ),
            "units": sorted(
                (u.name, u.active, u.area_id, u.usergroup_id) for u in session.scalars(select(Unit))
            ),
            "people": sorted(
                (p.user_id, p.unit_id, p.role, p.active) for p in session.scalars(select(Person))
            ),
            "goals": sorted((g.title, g.active, g.position) for g in session.scalars(select(Goal))),
            "indicators": sorted(
                (i.name, i.active, i.target) for i in session.scalars(select(Indicator))
            ),
            "links": sorted(
                (link.item_id, link.unit_id) for link in session.scalars(select(ItemUnit))
            ),
            "audit": session.scalar(select(func.count()).select_from(AuditLog)),
        }


def unit_by_name(app: RunningApp, name: str) -> Unit:
    """The unit with this name."""
    with app.session() as session:
        unit = session.scalars(select(Unit).where(Unit.name == name)).one()
        _ = unit.area
        return unit


def person(app: RunningApp, user_id: str) -> Person:
    """The person with this user id."""
    with app.session() as session:
        found = session.scalars(select(Person).where(Person.user_id == user_id)).one()
        _ = found.unit
        return found


def goal_block(app: RunningApp, title: str) -> str:
    """The block_id of a goal's section in the admin's App Home."""
    with app.session() as session:
        goal = session.scalars(select(Goal).where(Goal.title == title)).one()
        return f"admin_goal_{goal.id}"


# -- who sees it ---------------------------------------------------------------------------


def test_only_admins_see_the_admin_section(org_app: RunningApp) -> None:
    admin = home_text(org_app, ADMIN)
    assert "Administration" in admin and "admin_settings" in admin
    assert "Tværgående mål (3 af højst 5)" in admin
    assert "Ændringslog" in admin and "Driftsstatus" in admin
    for user in (ANNA, SOFIE):
        text = home_text(org_app, user)
        assert "Administration" not in text
        assert '"action_id": "admin_' not in text


def test_the_admin_section_lists_areas_units_people_and_settings(org_app: RunningApp) -> None:
    text = home_text(org_app, ADMIN)
    assert "Områder og enheder (områder: 6, enheder: 16)" in text
    assert "*Beskæftigelsesforvaltningen*: Jobcentret, Ungeindsatsen, Ydelseskontoret" in text
    assert "<#C0DIREKTION>" in text and "mandag kl. 09:00" in text
    assert "Ledere: 17 · Direktører/chefer: 7 · Administratorer: 1" in text


def test_app_home_points_an_admin_to_the_forms_and_to_the_file_only_after_them(
    org_app: RunningApp,
) -> None:
    with org_app.session() as session:
        workspace = session.get(Workspace, org_app.fake.team_id)
        assert workspace is not None
        workspace.cross_unit_channel = None  # the notice that asks for the channel shows too
        session.commit()
    seen = render_view(open_home(org_app, ADMIN))
    assert "Som administrator sætter du Tværs op under *Administration* herunder" in seen
    assert "Vælg kanalen under *Indstillinger* herunder." in seen
    assert "organisationsfil" not in seen and "import-org FIL.yaml`" in seen
    # The file is offered once, for many at once, after the forms that add units and people.
    assert seen.count("import-org") == 1
    file_at = seen.index("Mange enheder og personer på én gang?")
    for form in ("Indstillinger", "[Ny enhed]", "Vælg en person…"):
        assert seen.index(form) < file_at, form
    # Effect values too: the buttons record one, the file is for many, after the buttons.
    assert seen.index("[Registrér]") < seen.index("Mange værdier på én gang?")


# -- settings ------------------------------------------------------------------------------


def test_settings_are_saved_audited_and_shown(org_app: RunningApp) -> None:
    org_app.fake.add_channel("C0NYDIR", "ny-direktion", is_member=True)
    modal = admin_modal(org_app, "admin_settings")
    assert modal["callback_id"] == "admin_settings_modal"
    answer = submit(
        org_app,
        ADMIN,
        modal,
        {
            "admin_digest_channel": "C0NYDIR",
            "admin_weekday": "onsdag",
            "admin_time": "10:30",
            "admin_reminder_days": "2",
            "admin_threshold": "7",
        },
    )
    assert answer == {}
    with org_app.session() as session:
        workspace = session.get(Workspace, org_app.fake.team_id)
        assert workspace is not None
        assert workspace.digest_channel == "C0NYDIR"
        assert (workspace.prompt_weekday, workspace.prompt_time) == (2, "10:30")
        assert (workspace.reminder_days, workspace.anonymity_threshold) == (2, 7)
        assert workspace.cross_unit_channel == "C0TVAERS"  # untouched
    changed = {(row.actor_id, row.field, row.before, row.after) for row in audit_rows(org_app)}
    assert changed == {
        (ADMIN, "digest_channel", "C0DIREKTION", "C0NYDIR"),
        (ADMIN, "prompt_weekday", "0", "2"),
        (ADMIN, "prompt_time", "09:00", "10:30"),
        (ADMIN, "reminder_days", "3", "2"),
        (ADMIN, "anonymity_threshold", "5", "7"),
    }
    # App Home is refreshed at once, with the change at the top of the log.
    shown = json.dumps(org_app.fake.home_view(ADMIN), ensure_ascii=False)
    assert "onsdag kl. 10:30" in shown and "én påmindelse efter 2 dage" in shown
    assert "ændrede direktionens kanal: <#C0DIREKTION> → <#C0NYDIR>" in shown


def test_a_new_language_applies_to_app_home(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_settings")
    submit(org_app, ADMIN, modal, {"admin_language": "en"})
    shown = json.dumps(org_app.fake.home_view(ADMIN), ensure_ascii=False)
    assert "Change log" in shown and "Settings" in shown


@pytest.mark.parametrize(
    ("answers", "block", "says"),
    [
        ({"admin_reminder_days": "9"}, "admin_reminder_days", "efter 1 til 6 dage"),
        ({"admin_reminder_days": "tre"}, "admin_reminder_days", "efter 1 til 6 dage"),
        ({"admin_threshold": "2"}, "admin_threshold", "mellem 3 og 50 ledere"),
        ({"admin_digest_channel": "D0DIRECT"}, "admin_digest_channel", "ikke en direkte besked"),
        ({"admin_time": "25:00"}, "admin_time", "klokkeslæt"),
    ],
)
def test_bad_settings_get_danish_field_errors_and_change_nothing(
    org_app: RunningApp, answers: dict[str, str], block: str, says: str
) -> None:
    before = snapshot(org_app)
    modal = admin_modal(org_app, "admin_settings")
    answer = submit(org_app, ADMIN, modal, answers)
    assert answer["response_action"] == "errors"
    assert says in answer["errors"][block]
    assert snapshot(org_app) == before


def test_a_channel_the_bot_cannot_post_in_shows_in_the_status_at_once(
    org_app: RunningApp,
) -> None:
    org_app.fake.add_channel("C0UDEN", "uden-bot", is_member=False)
    modal = admin_modal(org_app, "admin_settings")
    submit(org_app, ADMIN, modal, {"admin_cross_channel": "C0UDEN"})
    shown = json.dumps(org_app.fake.home_view(ADMIN), ensure_ascii=False)
    assert "Tværs kan ikke skrive i <#C0UDEN> (tværgående tråde)" in shown
    assert "/invite @Tværs" in shown


# -- areas ---------------------------------------------------------------------------------


def test_an_area_is_added_renamed_and_given_its_own_digest_channel(org_app: RunningApp) -> None:
    org_app.fake.add_channel("C0KLIMA", "klima", is_member=True)
    modal = admin_modal(org_app, "admin_area_new")
    assert submit(org_app, ADMIN, modal, {"admin_name": "  Klima og   Natur "}) == {}
    modal = admin_modal(org_app, "admin_area_pick", option="Klima og Natur")
    answers = {"admin_name": "Klima- og Naturforvaltningen", "admin_channel": "C0KLIMA"}
    assert submit(org_app, ADMIN, modal, answers) == {}
    with org_app.session() as session:
        area = session.scalars(select(Area).where(Area.name.like("Klima%"))).one()
        assert (area.name, area.digest_channel, area.active) == (
            "Klima- og Naturforvaltningen",
            "C0KLIMA",
            True,
        )
    assert [row.action for row in audit_rows(org_app)] == [
        "area.added",
        "area.renamed",
        "area.channel",
    ]


def test_a_duplicate_area_name_is_refused(org_app: RunningApp) -> None:
    before = snapshot(org_app)
    modal = admin_modal(org_app, "admin_area_new")
    answer = submit(org_app, ADMIN, modal, {"admin_name": "teknik- og miljøforvaltningen"})
    assert answer["response_action"] == "errors"
    assert "Der findes allerede et område" in answer["errors"]["admin_name"]
    assert snapshot(org_app) == before


def test_an_area_with_units_is_merged_into_another(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_area_pick", option="Kultur- og Fritidsforvaltningen")
    retire = click(org_app, ADMIN, modal, "admin_area_retire_open")
    assert retire is not None and retire["callback_id"] == "admin_area_retire_modal"
    assert org_app.fake.last("views.push") is not None
    # Without a target, an area that still has units is not retired.
    answer = submit(org_app, ADMIN, retire, {})
    assert "stadig aktive enheder (2)" in answer["errors"]["admin_merge_into"]
    answer = submit(org_app, ADMIN, retire, {"admin_merge_into": "Børne- og Familieforvaltningen"})
    assert answer == {"response_action": "clear"}
    assert unit_by_name(org_app, "Bibliotekerne").area.name == "Børne- og Familieforvaltningen"
    with org_app.session() as session:
        old = session.scalars(select(Area).where(Area.name.like("Kultur%"))).one()
        assert old.active is False  # retired, not deleted
    assert audit_rows(org_app)[-1].action == "area.merged"


# -- units ---------------------------------------------------------------------------------


def test_a_unit_is_added_in_an_area(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_unit_new")
    answers = {"admin_name": "Misbrugscentret", "admin_area": "Social- og Sundhedsforvaltningen"}
    assert submit(org_app, ADMIN, modal, answers) == {}
    unit = unit_by_name(org_app, "Misbrugscentret")
    assert unit.area is not None and unit.area.name == "Social- og Sundhedsforvaltningen"
    [row] = audit_rows(org_app)
    assert (row.action, row.subject, row.after) == (
        "unit.added",
        "Misbrugscentret",
        "Social- og Sundhedsforvaltningen",
    )


def test_a_duplicate_unit_name_is_refused_whatever_its_case(org_app: RunningApp) -> None:
    before = snapshot(org_app)
    modal = admin_modal(org_app, "admin_unit_new")
    answer = submit(org_app, ADMIN, modal, {"admin_name": "JOBCENTRET"})
    assert answer["response_action"] == "errors"
    assert answer["errors"]["admin_name"] == (
        "Der findes allerede en enhed, der hedder Jobcentret. Vælg et andet navn."
    )
    # Renaming another unit to an existing name is refused the same way.
    modal = admin_modal(org_app, "admin_unit_pick", option="PPR")
    answer = submit(org_app, ADMIN, modal, {"admin_name": "Sundhedsplejen"})
    assert "Der findes allerede en enhed" in answer["errors"]["admin_name"]
    assert snapshot(org_app) == before


def test_a_blank_or_cpr_name_gets_a_field_error(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_unit_new")
    assert "tomt" in submit(org_app, ADMIN, modal, {"admin_name": "   "})["errors"]["admin_name"]
    answer = submit(org_app, ADMIN, modal, {"admin_name": "Team 010190-1234"})
    assert "CPR-nummer" in answer["errors"]["admin_name"]


def test_a_unit_is_renamed_and_moved_and_people_follow_the_name(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_unit_pick", option="Jobcentret")
    assert modal["callback_id"] == "admin_unit_modal"
    answers = {"admin_name": "Jobcenter Tværby", "admin_area": "Social- og Sundhedsforvaltningen"}
    assert submit(org_app, ADMIN, modal, answers) == {}
    assert person(org_app, ANNA).unit.name == "Jobcenter Tværby"  # type: ignore[union-attr]
    assert "Jobcenter Tværby" in home_text(org_app, ANNA)
    actions = [(row.action, row.before, row.after) for row in audit_rows(org_app)]
    assert actions == [
        ("unit.renamed", "Jobcentret", "Jobcenter Tværby"),
        ("unit.area", "Beskæftigelsesforvaltningen", "Social- og Sundhedsforvaltningen"),
    ]


def _log_items(app: RunningApp) -> tuple[int, int]:
    """Anna logs two items in Jobcentret and resolves one; returns (open id, resolved id)."""
    app.sender.command("Ventetid på udredning", user_id=ANNA)
    app.sender.command("Løst barriere", user_id=ANNA)
    with app.session() as session:
        first, second = session.scalars(select(Item).order_by(Item.id)).all()
        second.status = ItemStatus.RESOLVED.value
        session.commit()
        return first.id, second.id


def test_a_unit_with_people_is_merged_and_its_open_items_follow(org_app: RunningApp) -> None:
    open_id, resolved_id = _log_items(org_app)
    jobcentret = unit_by_name(org_app, "Jobcentret")
    target = unit_by_name(org_app, "Ydelseskontoret")
    modal = admin_modal(org_app, "admin_unit_pick", option="Jobcentret")
    retire = click(org_app, ADMIN, modal, "admin_unit_retire_open")
    assert retire is not None
    text = json.dumps(retire, ensure_ascii=False)
    assert "Aktive personer: 3 · åbne punkter: 1" in text
    answer = submit(org_app, ADMIN, retire, {})
    assert answer["errors"]["admin_merge_into"] == (
        "Der er stadig aktive personer i enheden (3). Vælg en enhed at flytte dem til."
    )
    assert submit(org_app, ADMIN, retire, {"admin_merge_into": "Ydelseskontoret"}) == {
        "response_action": "clear"
    }
    with org_app.session() as session:
        old = session.get(Unit, jobcentret.id)
        assert old is not None and old.active is False and old.merged_into_id == target.id
        moved = session.scalars(select(Person.user_id).where(Person.unit_id == target.id)).all()
        assert {ANNA, RIKKE, "U0TOBIAS", "U0FREJA"} <= set(moved)
        links = {row.item_id: row.unit_id for row in session.scalars(select(ItemUnit))}
        # The open item follows the merge; the resolved one keeps its history.
        assert links == {open_id: target.id, resolved_id: jobcentret.id}
    assert audit_rows(org_app)[-1].action == "unit.merged"
    assert "Jobcentret" not in json.dumps(
        [b for b in open_home(org_app, ADMIN)["blocks"] if b.get("block_id") == "admin_org"]
    )


def test_an_empty_unit_is_retired_after_confirmation(org_app: RunningApp) -> None:
    submit(org_app, ADMIN, admin_modal(org_app, "admin_unit_new"), {"admin_name": "Projekt X"})
    modal = admin_modal(org_app, "admin_unit_pick", option="Projekt X")
    retire = click(org_app, ADMIN, modal, "admin_unit_retire_open")
    assert retire is not None
    assert submit(org_app, ADMIN, retire, {}) == {"response_action": "clear"}
    assert unit_by_name(org_app, "Projekt X").active is False
    # The name can be brought back later; the unit's history continues.
    submit(org_app, ADMIN, admin_modal(org_app, "admin_unit_new"), {"admin_name": "projekt x"})
    unit = unit_by_name(org_app, "projekt x")
    assert unit.active is True
    assert [r.action for r in audit_rows(org_app)] == [
        "unit.added",
        "unit.retired",
        "unit.reactivated",
    ]


def test_a_unit_is_mapped_to_one_slack_user_group(org_app: RunningApp) -> None:
    org_app.fake.add_usergroup("S0JOB", "jobcentret", [ANNA, RIKKE], name="Jobcentret")
    modal = admin_modal(org_app, "admin_unit_pick", option="Jobcentret")
    answer = submit(org_app, ADMIN, modal, {"admin_usergroup": "S0JOB"})
    assert answer == {}
    assert unit_by_name(org_app, "Jobcentret").usergroup_id == "S0JOB"
    row = audit_rows(org_app)[-1]
    assert (row.action, row.after) == ("unit.usergroup", "S0JOB")
    assert "<!subteam^S0JOB>" in home_text(org_app, ADMIN)  # shown in the log, not pinged
    # The same group cannot feed a second unit.
    modal = admin_modal(org_app, "admin_unit_pick", option="Ydelseskontoret")
    answer = submit(org_app, ADMIN, modal, {"admin_usergroup": "S0JOB"})
    assert "allerede koblet til enheden Jobcentret" in answer["errors"]["admin_usergroup"]
    # Unmapping is a change too.
    modal = admin_modal(org_app, "admin_unit_pick", option="Jobcentret")
    values = fill(modal, {})
    values["admin_usergroup"]["admin_usergroup_input"]["selected_option"] = None
    org_app.sender.view_submission(modal, user_id=ADMIN, values=values)
    assert unit_by_name(org_app, "Jobcentret").usergroup_id is None


def test_a_unit_form_without_slack_user_groups_leaves_the_mapping_alone(
    org_app: RunningApp,
) -> None:
    org_app.fake.fail("usergroups.list", error="missing_scope")
    modal = admin_modal(org_app, "admin_unit_pick", option="Jobcentret")
    assert "kunne ikke hentes" in json.dumps(modal, ensure_ascii=False)
    assert submit(org_app, ADMIN, modal, {"admin_name": "Jobcentret Nord"}) == {}
    assert unit_by_name(org_app, "Jobcentret Nord").usergroup_id is None


# -- the audit log -------------------------------------------------------------------------


def test_the_whole_audit_log_opens_in_a_modal(org_app: RunningApp) -> None:
    submit(org_app, ADMIN, admin_modal(org_app, "admin_unit_new"), {"admin_name": "Projekt Y"})
    modal = admin_modal(org_app, "admin_audit")
    assert modal["callback_id"] == "admin_audit_modal" and modal.get("submit") is None
    text = json.dumps(modal, ensure_ascii=False)
    assert "<@U0ADMIN> oprettede enheden *Projekt Y* (område: –)" in text


def test_a_change_stands_when_app_home_cannot_be_refreshed(org_app: RunningApp) -> None:
    modal = admin_modal(org_app, "admin_unit_new")
    org_app.fake.fail("views.publish", error="internal_error")
    assert submit(org_app, ADMIN, modal, {"admin_name": "Projekt Z"}) == {}
    assert unit_by_name(org_app, "Projekt Z").active is True
    assert audit_rows(org_app)[-1].action == "unit.added"
