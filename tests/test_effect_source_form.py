"""An admin connects an indicator to Danmarks Statistik from App Home, as Slack sends it: the
table first, then its variables' values picked from tableinfo, a preview before saving, and
plain Danish errors for a wrong table, a missing value or a Statistikbank that cannot be had."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.models import AuditLog, Indicator, StatbankSource
from bot.statbank import TableInfo, Variable
from bot.views.effect_source import values_modal
from sandbox.signer import SlackSender
from sandbox.statbank import FakeStatbank
from tests.conftest import (
    RunningApp,
)
from tests.statbank_tables import AGES
from tests.test_admin import ADMIN, ANNA, admin_modal, goal_block, submit
from tests.test_effect_sync import statbank, statbank_app

JOB = "Flere borgere i job eller uddannelse"
YOUNG = "Unge 18-24 år i job eller uddannelse"
SHARE = "Andel 16-64-årige på offentlig forsørgelse"


def _indicator_id(app: RunningApp, name: str) -> int:
    with app.session() as session:
        found = session.scalar(select(Indicator.id).where(Indicator.name == name))
        assert found is not None
        return int(found)


def _open_source(app: RunningApp, name: str) -> dict[str, Any]:
    option = f"source:{_indicator_id(app, name)}"
    return admin_modal(app, "admin_goal_menu", block_id=goal_block(app, JOB), option=option)


def _source(app: RunningApp, name: str) -> StatbankSource | None:
    with app.session() as session:
        return session.scalar(
            select(StatbankSource).where(StatbankSource.indicator_id == _indicator_id(app, name))
        )


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each input block of a view by its label."""
    return {b["label"]["text"]: b for b in view["blocks"] if b.get("type") == "input"}


def _initial(block: dict[str, Any]) -> list[str]:
    return [o["value"] for o in block["element"].get("initial_options") or []]


def _text(view: dict[str, Any]) -> str:
    return json.dumps(view, ensure_ascii=False)


def _step_two(app: RunningApp, table: str = "AUK01", per: str = "FOLK1A") -> dict[str, Any]:
    modal = _open_source(app, YOUNG)
    answer = submit(app, ADMIN, modal, {"admin_source_table": table, "admin_source_per": per})
    assert answer["response_action"] == "update", answer
    # Slack shows the new view in the same modal (the sandbox keeps its id and hash).
    view: dict[str, Any] = {**answer["view"], "id": modal["id"], "hash": modal["hash"]}
    return view


def test_an_indicator_is_connected_by_picking_from_the_tables_own_values(
    statbank_app: RunningApp, statbank: FakeStatbank
) -> None:
    modal = _open_source(statbank_app, YOUNG)
    assert "Skriv tabelkoden; bagefter vælger du tallene" in _text(modal)
    view = _step_two(statbank_app)
    inputs = _inputs(view)
    # The variables and values come from tableinfo; each starts where a new source should:
    # the municipality the workspace's other source names, and each variable's total.
    area = inputs["Område (OMRÅDE)"]
    assert {o["text"]["text"] for o in area["element"]["options"]} >= {
        "Odense (461)",
        "Hele landet (000)",
    }
    assert _initial(area) == ["461"]
    assert _initial(inputs["Ydelsestype (YDELSESTYPE)"]) == ["TOT"]
    assert "*Delt med FOLK1A*: Folketal den 1. i kvartalet" in _text(view)
    assert "perioder fra 2019K2" not in _text(view)  # periods read as people read them
    assert "perioder fra 2. kvt. 2019 til 3. kvt. 2026" in _text(view)
    folk_age = [b for label, b in inputs.items() if label == "Alder (ALDER)"][-1]
    assert _initial(folk_age) == ["IALT"]
    answers = {
        "admin_source_codes_1": "ALDER=16..64",
        "admin_source_compare": ["000", "751"],
    }
    saved = submit(statbank_app, ADMIN, view, answers)
    assert saved["response_action"] == "update"
    # 7,420 of 49,000 16-64-year-olds in 3rd quarter 2026 (the stand-in's own figures).
    said = _text(saved["view"])
    assert "Gemt. *Unge 18-24 år i job eller uddannelse* hentes nu hver dag" in said
    assert "3. kvt. 2026: 15,14" in said
    source = _source(statbank_app, YOUNG)
    assert source is not None
    assert source.table_id == "AUK01" and source.denominator_table == "FOLK1A"
    assert source.selection == {
        "OMRÅDE": ["461"],
        "YDELSESTYPE": ["TOT"],
        "KØN": ["TOT"],
        "ALDER": ["TOT"],
    }
    assert source.denominator_selection is not None
    assert source.denominator_selection["ALDER"] == AGES
    assert source.comparison == ["000", "751"]
    with statbank_app.session() as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.field == "source")).all()
        assert [(r.subject, r.after) for r in rows] == [(YOUNG, "AUK01, FOLK1A")]


def test_the_latest_values_are_shown_before_anything_is_saved(statbank_app: RunningApp) -> None:
    view = _step_two(statbank_app, per="")
    state = SlackSender.fill(view, {"admin_source_value_0_0": ["461", "751"]})
    before = len(statbank_app.fake.calls_to("views.update"))
    answer = statbank_app.sender.block_action(
        user_id=ADMIN, action_id="admin_source_preview", view=view, state_values=state
    )
    assert answer.status == 200
    [update] = statbank_app.fake.calls_to("views.update")[before:]
    assert update.ok, update.response
    shown = _text(update.args["view"])
    # Odense's 7,420 and Aarhus's 11,420 full-time people on benefits, added up.
    assert "3. kvt. 2026: 18.840" in shown and "Intet er gemt endnu" in shown
    # What the admin picked is still picked, and nothing was stored.
    area = _inputs(update.args["view"])["Område (OMRÅDE)"]
    assert _initial(area) == ["461", "751"]
    assert _source(statbank_app, YOUNG) is None


def test_an_existing_source_opens_with_its_own_choices(statbank_app: RunningApp) -> None:
    view = _open_source(statbank_app, SHARE)
    inputs = _inputs(view)
    assert _initial(inputs["Område (OMRÅDE)"]) == ["461"]
    assert _initial(inputs["Sammenlign med (valgfri)"]) == ["000", "751", "851"]
    folk_age = [b for label, b in inputs.items() if label == "Alder (ALDER)"][-1]
    assert _initial(folk_age) == AGES
    # Back to step 1 keeps the tables.
    before = len(statbank_app.fake.calls_to("views.update"))
    statbank_app.sender.block_action(user_id=ADMIN, action_id="admin_source_back", view=view)
    [update] = statbank_app.fake.calls_to("views.update")[before:]
    step_one = _inputs(update.args["view"])
    assert step_one["Tabelkode"]["element"]["initial_value"] == "AUK01"


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("unknown", "Tabellen »AUK99« findes ikke i Statistikbanken"),
        ("server", "Danmarks Statistik havde en fejl"),
        ("slow", "Statistikbanken svarede ikke i tide"),
    ],
)
def test_a_wrong_or_unreachable_table_is_said_on_its_field_and_nothing_is_saved(
    statbank_app: RunningApp, statbank: FakeStatbank, fault: str, says: str
) -> None:
    modal = _open_source(statbank_app, YOUNG)
    table = "AUK99" if fault == "unknown" else "AUK01"
    if fault == "server":
        statbank.fail(500)
    if fault == "slow":
        statbank.delay = 2.5  # past the form's 2 seconds
    answer = submit(statbank_app, ADMIN, modal, {"admin_source_table": table})
    statbank.delay = 0.0
    assert answer["response_action"] == "errors"
    assert says in answer["errors"]["admin_source_table"]
    assert _source(statbank_app, YOUNG) is None


def test_a_variable_left_empty_is_said_on_its_own_select(statbank_app: RunningApp) -> None:
    view = _step_two(statbank_app, per="")
    answer = submit(statbank_app, ADMIN, view, {"admin_source_value_0_0": []})
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        "admin_source_value_0_0": "Vælg en værdi for OMRÅDE i AUK01, fx 000 (Hele landet), "
        "461 (Odense), 751 (Aarhus), 851 (Aalborg)."
    }
    bad = submit(statbank_app, ADMIN, view, {"admin_source_codes_0": "KØN=X"})
    assert "»X« er ikke en værdi for KØN i AUK01" in bad["errors"]["admin_source_value_0_2"]
    assert _source(statbank_app, YOUNG) is None


def test_someone_not_admin_saves_nothing(statbank_app: RunningApp) -> None:
    view = _step_two(statbank_app, per="")
    answer = submit(statbank_app, ANNA, view, {})
    assert answer["response_action"] == "errors"
    assert _source(statbank_app, YOUNG) is None
    # A crafted preview click by someone else gets a notice, not the table's figures.
    before = len(statbank_app.fake.calls_to("views.update"))
    statbank_app.sender.block_action(user_id=ANNA, action_id="admin_source_preview", view=view)
    [update] = statbank_app.fake.calls_to("views.update")[before:]
    assert "3. kvt. 2026" not in _text(update.args["view"])


def test_a_variable_with_more_than_a_hundred_values_is_grouped() -> None:
    many = tuple((f"{n:03d}", f"Kommune {n}") for n in range(250))
    info = TableInfo(
        id="X1",
        text="En stor tabel",
        unit="Antal",
        variables=(
            Variable("OMRÅDE", "område", False, many),
            Variable("Tid", "tid", True, (("2026K3", "2026K3"),)),
        ),
    )
    indicator = Indicator(id=1, name="Noget", measure_unit="antal", higher_is_better=True)
    view = values_modal(indicator=indicator, infos=[info], chosen=[{"OMRÅDE": ["101"]}], lang="da")
    element = _inputs(view)["Område (OMRÅDE)"]["element"]
    groups = element["option_groups"]
    assert [len(g["options"]) for g in groups] == [100, 100, 50]
    assert all(len(g["label"]["text"]) <= 75 for g in groups)
    assert _initial({"element": element}) == ["101"]
    state = SlackSender.fill(view, {"admin_source_value_0_0": ["249"]})
    assert (
        state["admin_source_value_0_0"]["admin_source_value_0_0_input"]["selected_options"][0][
            "value"
        ]
        == "249"
    )


def test_a_source_opened_while_statistikbanken_is_away_says_so_and_keeps_its_tables(
    statbank_app: RunningApp, statbank: FakeStatbank
) -> None:
    statbank.fail(503)
    view = _open_source(statbank_app, SHARE)
    assert "Danmarks Statistik havde en fejl" in _text(view)
    step_one = _inputs(view)
    assert step_one["Tabelkode"]["element"]["initial_value"] == "AUK01"
    assert step_one["Delt med tabel (valgfri)"]["element"]["initial_value"] == "FOLK1A"


def test_a_choice_the_table_has_no_figures_for_is_not_saved(
    statbank_app: RunningApp, statbank: FakeStatbank
) -> None:
    table = statbank.tables["AUK01"]
    first = table.cell
    table.cell = lambda combo, period: None if combo["OMRÅDE"] == "101" else first(combo, period)
    view = _step_two(statbank_app, per="")
    answer = submit(statbank_app, ADMIN, view, {"admin_source_value_0_0": ["101"]})
    assert answer["errors"] == {
        "admin_source_value_0_0": "Tabellen har ingen tal for det valg. Vælg andre værdier; "
        "intet er gemt."
    }
    assert _source(statbank_app, YOUNG) is None


def test_an_error_in_the_table_divided_by_shows_under_its_own_select(
    statbank_app: RunningApp,
) -> None:
    # The same table on both sides (a share of a whole): the error is the divided-by part's.
    view = _step_two(statbank_app, per="AUK01")
    answer = submit(statbank_app, ADMIN, view, {"admin_source_value_1_0": []})
    assert list(answer["errors"]) == ["admin_source_value_1_0"]
    assert "Vælg en værdi for OMRÅDE i AUK01" in answer["errors"]["admin_source_value_1_0"]
    # Someone not an admin is told on the form's first field, every time.
    modal = _open_source(statbank_app, YOUNG)
    for _ in range(3):
        refused = submit(statbank_app, ANNA, modal, {"admin_source_table": "AUK01"})
        assert list(refused["errors"]) == ["admin_source_table"]


def test_a_long_value_keeps_its_code_in_the_list() -> None:
    long = "Personer der modtager personlig pleje efter serviceloven § 83, stk. 1, nr. 1, i "
    info = TableInfo(
        id="X2",
        text="Pleje",
        unit="Antal",
        variables=(
            Variable(
                "YDELSE", "ydelse", False, (("P1", long + "eget hjem"), ("P2", long + "plejebolig"))
            ),
            Variable("Tid", "tid", True, (("2025", "2025"),)),
        ),
    )
    indicator = Indicator(id=1, name="Noget", measure_unit="antal", higher_is_better=True)
    view = values_modal(indicator=indicator, infos=[info], chosen=[{}], lang="da")
    labels = [o["text"]["text"] for o in _inputs(view)["Ydelse (YDELSE)"]["element"]["options"]]
    assert [label.rsplit(" ", 1)[-1] for label in labels] == ["(P1)", "(P2)"]
    assert all(len(label) <= 75 for label in labels)


__all__ = ["statbank", "statbank_app"]  # the fixtures, shared with tests/test_effect_sync.py


def test_going_back_to_the_tables_keeps_the_picks_of_a_table_chosen_again(
    statbank_app: RunningApp,
) -> None:
    view = _step_two(statbank_app, per="")
    picks = {"admin_source_value_0_0": ["461", "751"], "admin_source_compare": ["000"]}
    state = SlackSender.fill(view, picks)
    before = len(statbank_app.fake.calls_to("views.update"))
    statbank_app.sender.block_action(
        user_id=ADMIN, action_id="admin_source_back", view=view, state_values=state
    )
    [update] = statbank_app.fake.calls_to("views.update")[before:]
    step_one = update.response["view"]
    # The same table again: what was picked is still picked.
    again = submit(statbank_app, ADMIN, step_one, {"admin_source_table": "AUK01"})
    inputs = _inputs(again["view"])
    assert _initial(inputs["Område (OMRÅDE)"]) == ["461", "751"]
    assert _initial(inputs["Sammenlign med (valgfri)"]) == ["000"]
    # Another table starts over, where a new source starts.
    other = submit(statbank_app, ADMIN, step_one, {"admin_source_table": "FOLK1A"})
    assert _initial(_inputs(other["view"])["Område (OMRÅDE)"]) == ["461"]
    assert _source(statbank_app, YOUNG) is None
