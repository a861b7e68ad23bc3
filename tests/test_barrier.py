"""/barriere through the sandbox over real HTTP: quick logging, the modal, the item lifecycle."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text, update

from bot.models import Item, ItemEvent, ItemUnit, Unit, Workspace
from sandbox import fill, render_message
from tests.conftest import RunningApp, add_org_users, import_example_org

ANNA, BO, ADMIN, STRANGER = "U0ANNA", "U0BO", "U0ADMIN", "U0STRANGER"


@pytest.fixture
def org_app(app: RunningApp) -> RunningApp:
    """The app with Tværby Kommune imported."""
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    return app


def _items(app: RunningApp) -> list[Item]:
    with app.session() as session:
        items = list(session.scalars(select(Item).order_by(Item.id)))
        for item in items:
            _ = [u.name for u in item.units]
        return items


def _count(app: RunningApp) -> int:
    with app.session() as session:
        return int(session.scalar(select(func.count()).select_from(Item)) or 0)


def _open_modal(app: RunningApp, user: str, text: str = "") -> dict[str, Any]:
    before = len(app.fake.calls_to("views.open"))
    answer = app.sender.command(text, user_id=user)
    assert answer.status == 200
    calls = app.fake.calls_to("views.open")
    assert len(calls) == before + 1, "the bot opened no modal"
    assert calls[-1].ok
    view: dict[str, Any] = calls[-1].response["view"]
    return view


def _submit(app: RunningApp, user: str, view: dict[str, Any], answers: dict[str, Any]) -> Any:
    return app.sender.view_submission(view, user_id=user, values=fill(view, answers))


def _buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for block in message.get("blocks", []):
        if block.get("type") == "actions":
            for element in block["elements"]:
                found[element["action_id"]] = {**element, "block_id": block["block_id"]}
    return found


def _click(app: RunningApp, user: str, message: dict[str, Any], action_id: str) -> Any:
    button = _buttons(message)[action_id]
    return app.sender.block_action(
        user_id=user,
        action_id=action_id,
        value=button["value"],
        block_id=button["block_id"],
        message=message,
        channel_id="C0GENERAL",
    )


# -- the quick path ------------------------------------------------------------------------


def test_quick_text_is_stored_at_once_with_the_authors_unit(org_app: RunningApp) -> None:
    answer = org_app.sender.command("Ventetid på PPR-udredning stopper skolestart", user_id=ANNA)
    body = answer.json()
    assert body["response_type"] == "ephemeral"
    assert "Barriere gemt" in body["text"]
    assert {"item_edit", "item_undo"} <= set(_buttons(body))
    [item] = _items(org_app)
    assert (item.kind, item.status, item.author_id) == ("barrier", "open", ANNA)
    assert item.text == "Ventetid på PPR-udredning stopper skolestart"
    assert [u.name for u in item.units] == ["Jobcentret"]


@pytest.mark.parametrize(("word", "kind"), [("potentiale", "potential"), ("Dilemma:", "dilemma")])
def test_quick_kinds(org_app: RunningApp, word: str, kind: str) -> None:
    org_app.sender.command(f"{word} Fælles indgang for unge", user_id=ANNA)
    [item] = _items(org_app)
    assert (item.kind, item.text) == (kind, "Fælles indgang for unge")


def test_an_unknown_first_word_is_barrier_text(org_app: RunningApp) -> None:
    org_app.sender.command("overblik over ventelister mangler", user_id=ANNA)
    [item] = _items(org_app)
    assert (item.kind, item.text) == ("barrier", "overblik over ventelister mangler")


def test_whitespace_only_opens_the_form_and_stores_nothing(org_app: RunningApp) -> None:
    _open_modal(org_app, ANNA, "   \n\t ")
    assert _count(org_app) == 0


def test_text_over_3000_characters_is_refused_with_the_count_and_given_back(
    org_app: RunningApp,
) -> None:
    long = "æ" * 3001
    body = org_app.sender.command(long, user_id=ANNA).json()
    assert "3001" in body["text"] and "3000" in body["text"]
    assert long in body["text"]
    assert _count(org_app) == 0


def test_a_cpr_number_is_refused_and_stored_nowhere(
    org_app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    caplog.set_level(logging.DEBUG, logger="handlers")
    body = org_app.sender.command("Borger 010190-1234 venter på bolig", user_id=ANNA).json()
    assert "CPR" in body["text"]
    assert "010190-1234" not in body["text"]
    assert "Borger [CPR] venter på bolig" in body["text"]
    assert _count(org_app) == 0
    assert all("010190" not in record.getMessage() for record in caplog.records)


def test_danish_letters_emoji_and_mentions_are_kept_and_shown_harmless(
    org_app: RunningApp,
) -> None:
    # Slack encodes the slash command text: mentions as control sequences, a typed < as &lt;.
    typed = "Ældre &lt;3 går ud 🎉 <!channel> spørg <@U0BO|bo> og <!subteam^S1|@ledere>"
    body = org_app.sender.command(typed, user_id=ANNA).json()
    [item] = _items(org_app)
    assert item.text is not None
    assert "Ældre <3 går ud 🎉" in item.text
    shown = json.dumps(body, ensure_ascii=False)
    for live in ("<!channel>", "<@U0BO", "<!subteam", "<3"):
        assert live not in shown
    assert "Ældre &lt;3 går ud 🎉" in shown


def test_undo_deletes_the_item_for_its_author_only(org_app: RunningApp) -> None:
    body = org_app.sender.command("Fortrydes straks", user_id=ANNA).json()
    refused = _click(org_app, BO, body, "item_undo")
    assert refused.status == 200
    assert _count(org_app) == 1
    said = org_app.fake.last("response_url")
    assert said is not None and "Kun den der har noteret punktet" in said.args["text"]
    _click(org_app, ANNA, body, "item_undo")
    assert _count(org_app) == 0
    said = org_app.fake.last("response_url")
    assert said is not None and said.args["replace_original"] is True
    assert "Fortrudt" in said.args["text"]


def test_undo_is_refused_after_ten_minutes(org_app: RunningApp) -> None:
    body = org_app.sender.command("Gammel barriere", user_id=ANNA).json()
    with org_app.session() as session:
        item = session.scalars(select(Item)).one()
        item.created_at -= timedelta(minutes=11)
        session.commit()
    _click(org_app, ANNA, body, "item_undo")
    assert _count(org_app) == 1
    said = org_app.fake.last("response_url")
    assert said is not None and "/barriere mine" in said.args["text"]


def test_help_explains_the_command(org_app: RunningApp) -> None:
    body = org_app.sender.command("hjælp", user_id=ANNA).json()
    assert "/barriere mine" in body["text"] and "potentiale" in body["text"]
    assert _count(org_app) == 0


# -- the modal -----------------------------------------------------------------------------


def test_the_form_stores_every_detail(org_app: RunningApp) -> None:
    view = _open_modal(org_app, BO)
    assert view["callback_id"] == "barrier_modal"
    units = next(b for b in view["blocks"] if b["block_id"] == "barrier_units")
    assert [o["text"]["text"] for o in units["element"]["initial_options"]] == ["Hjemmeplejen"]
    answer = _submit(
        org_app,
        BO,
        view,
        {
            "barrier_kind": "potential",
            "barrier_text": "Træning før første fald",
            "barrier_units": ["Hjemmeplejen", "Sundhedscentret"],
            "barrier_situation": "En 82-årig der bor alene og går dårligere",
            "barrier_goal": "Ældre klarer sig selv længere",
            "barrier_level": "across_units",
            "barrier_anonymous": ["anonymous"],
        },
    )
    assert answer.status == 200 and answer.body in (b"", b"{}")
    [item] = _items(org_app)
    assert item.kind == "potential" and item.anonymous is True
    assert item.level == "across_units"
    assert item.citizen_situation == "En 82-årig der bor alene og går dårligere"
    assert sorted(u.name for u in item.units) == ["Hjemmeplejen", "Sundhedscentret"]
    with org_app.session() as session:
        links = session.scalars(select(ItemUnit)).all()
        assert {link.team_id for link in links} == {org_app.fake.team_id}
        assert item.goal_id is not None
    confirmed = org_app.fake.last("response_url")
    assert confirmed is not None and "Potentiale gemt" in confirmed.args["text"]


def test_the_kind_word_preselects_the_kind(org_app: RunningApp) -> None:
    view = _open_modal(org_app, ANNA, "dilemma")
    kind = next(b for b in view["blocks"] if b["block_id"] == "barrier_kind")
    assert kind["element"]["initial_option"]["value"] == "dilemma"


def test_a_whitespace_description_gets_a_field_error(org_app: RunningApp) -> None:
    view = _open_modal(org_app, ANNA)
    answer = _submit(org_app, ANNA, view, {"barrier_text": "   "})
    assert answer.json()["response_action"] == "errors"
    assert "barrier_text" in answer.json()["errors"]
    assert _count(org_app) == 0


@pytest.mark.parametrize("field", ["barrier_text", "barrier_situation"])
def test_a_cpr_number_in_any_field_gets_a_danish_field_error(
    org_app: RunningApp, field: str
) -> None:
    view = _open_modal(org_app, ANNA)
    answers = {"barrier_text": "Fin beskrivelse", field: "Borgeren 0101901234 mangler bolig"}
    answer = _submit(org_app, ANNA, view, answers).json()
    assert answer["response_action"] == "errors"
    assert "CPR-nummer" in answer["errors"][field]
    assert _count(org_app) == 0


def test_a_double_clicked_submit_stores_one_item(org_app: RunningApp) -> None:
    view = _open_modal(org_app, ANNA)
    values = fill(view, {"barrier_text": "Klikket to gange"})
    first = org_app.sender.view_submission(view, user_id=ANNA, values=values)
    second = org_app.sender.view_submission(view, user_id=ANNA, values=values)
    assert (first.status, second.status) == (200, 200)
    assert _count(org_app) == 1
    assert len(org_app.fake.calls_to("response_url")) == 1


def test_text_typed_in_the_form_is_stored_as_typed_and_shown_escaped(
    org_app: RunningApp,
) -> None:
    view = _open_modal(org_app, ANNA)
    typed = "Ring til <!channel> & <@U0BO> – æøå 😀"
    _submit(org_app, ANNA, view, {"barrier_text": typed})
    [item] = _items(org_app)
    assert item.text == typed
    listing = json.dumps(org_app.sender.command("mine", user_id=ANNA).json(), ensure_ascii=False)
    # Mention codes read as words but cannot notify (a word joiner follows the @).
    assert "Ring til @\u2060channel &amp; @\u2060U0BO – æøå 😀" in listing
    assert "<!channel>" not in listing and "<@U0BO>" not in listing


def test_add_details_prefills_the_form_and_updates_the_same_message(org_app: RunningApp) -> None:
    body = org_app.sender.command("Hurtig note", user_id=ANNA).json()
    _click(org_app, ANNA, body, "item_edit")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    text_block = next(b for b in view["blocks"] if b["block_id"] == "barrier_text")
    assert text_block["element"]["initial_value"] == "Hurtig note"
    _submit(
        org_app,
        ANNA,
        view,
        {"barrier_text": "Hurtig note, nu med detaljer", "barrier_situation": "Ung på 19 uden job"},
    )
    [item] = _items(org_app)
    assert item.text == "Hurtig note, nu med detaljer"
    assert item.citizen_situation == "Ung på 19 uden job"
    updated = org_app.fake.last("response_url")
    assert updated is not None and updated.args["replace_original"] is True


def test_a_submission_for_a_deleted_item_keeps_the_text(org_app: RunningApp) -> None:
    body = org_app.sender.command("Snart slettet", user_id=ANNA).json()
    _click(org_app, ANNA, body, "item_edit")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    _click(org_app, ANNA, body, "item_undo")
    answer = _submit(org_app, ANNA, view, {"barrier_text": "Mine ændringer"}).json()
    assert answer["response_action"] == "update"
    assert "Mine ændringer" in json.dumps(answer["view"], ensure_ascii=False)
    assert _count(org_app) == 0


# -- the confirmation: what was saved, and only what is missing ---------------------------


def test_a_full_form_confirms_what_was_saved_and_offers_nothing_more(org_app: RunningApp) -> None:
    view = _open_modal(org_app, BO)
    _submit(
        org_app,
        BO,
        view,
        {
            "barrier_kind": "potential",
            "barrier_text": "Træning før første fald",
            "barrier_units": ["Hjemmeplejen", "Sundhedscentret"],
            "barrier_situation": "En 82-årig der bor alene og går dårligere",
            "barrier_goal": "Ældre klarer sig selv længere",
        },
    )
    confirmed = org_app.fake.last("response_url")
    assert confirmed is not None
    seen = render_message(confirmed.args)
    assert "Potentiale gemt" in seen
    assert "Enheder: Hjemmeplejen, Sundhedscentret" in seen
    assert "Borgersituation: En 82-årig der bor alene og går dårligere" in seen
    assert "Mål: Ældre klarer sig selv længere" in seen
    assert "Tilføj" not in seen
    # Nothing is missing, so there is nothing to add: only the undo of the save.
    buttons = _buttons(confirmed.args)
    assert list(buttons) == ["item_undo"] and buttons["item_undo"]["text"]["text"] == "Fortryd"


def test_a_part_filled_form_offers_only_what_is_missing(org_app: RunningApp) -> None:
    view = _open_modal(org_app, BO)
    _submit(
        org_app,
        BO,
        view,
        {"barrier_text": "Ingen fælles plan", "barrier_goal": "Ældre klarer sig selv længere"},
    )
    confirmed = org_app.fake.last("response_url")
    assert confirmed is not None
    seen = render_message(confirmed.args)
    assert "Enheder: Hjemmeplejen" in seen and "Mål: Ældre klarer sig selv længere" in seen
    assert "Tilføj borgerens situation, så Tværs kan finde dem, der deler det." in seen
    assert list(_buttons(confirmed.args)) == ["item_edit", "item_undo"]
    assert _buttons(confirmed.args)["item_edit"]["text"]["text"] == "Tilføj detaljer"


def test_the_quick_path_offers_what_is_missing_and_adding_it_says_so(
    org_app: RunningApp,
) -> None:
    body = org_app.sender.command("Ventelister på tværs", user_id=ANNA).json()
    seen = render_message(body)
    assert "Enheder: Jobcentret" in seen  # the author's own unit, set at once
    assert "Tilføj borgerens situation og et mål, så Tværs kan finde dem" in seen
    assert list(_buttons(body)) == ["item_edit", "item_undo"]
    _click(org_app, ANNA, body, "item_edit")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    _submit(org_app, ANNA, view, {"barrier_situation": "Ung på 19 uden job"})
    updated = org_app.fake.last("response_url")
    assert updated is not None and updated.args["replace_original"] is True
    seen = render_message(updated.args)
    assert "Borgersituation: Ung på 19 uden job" in seen
    assert "Tilføj et mål, så Tværs kan finde dem" in seen
    [item] = _items(org_app)
    assert item.citizen_situation == "Ung på 19 uden job" and item.goal_id is None


def test_without_units_or_goals_only_the_situation_is_offered(app: RunningApp) -> None:
    body = app.sender.command("Ingen organisation endnu", user_id=STRANGER).json()
    seen = render_message(body)
    assert "Tilføj borgerens situation, så Tværs" in seen
    assert "enheder" not in seen and "mål" not in seen


def test_the_confirmation_speaks_english_too(org_app: RunningApp) -> None:
    with org_app.session() as session:
        session.execute(update(Workspace).values(language="en"))
        session.commit()
    body = org_app.sender.command("Waiting lists across units", user_id=ANNA).json()
    seen = render_message(body)
    assert "Units: Jobcentret" in seen
    assert "Add the citizen's situation and a goal, so Tværs can find who shares it." in seen


def test_the_delete_dialog_cancels_with_annuller(org_app: RunningApp) -> None:
    org_app.sender.command("Noget der måske skal slettes", user_id=ANNA)
    listing = org_app.sender.command("mine", user_id=ANNA).json()
    confirm = _buttons(listing)["item_delete"]["confirm"]
    assert (confirm["confirm"]["text"], confirm["deny"]["text"]) == ("Slet", "Annullér")


# -- following an item ---------------------------------------------------------------------


def test_mine_lists_only_open_items_with_their_buttons(org_app: RunningApp) -> None:
    org_app.sender.command("Første", user_id=ANNA)
    org_app.sender.command("Anden", user_id=ANNA)
    org_app.sender.command("Bos egen", user_id=BO)
    body = org_app.sender.command("mine", user_id=ANNA).json()
    shown = json.dumps(body, ensure_ascii=False)
    assert "Første" in shown and "Anden" in shown and "Bos egen" not in shown
    assert {"item_edit", "item_resolve", "item_delete"} <= set(_buttons(body))
    assert "(2)" in body["text"]


def test_mine_with_nothing_open_says_how_to_start(org_app: RunningApp) -> None:
    body = org_app.sender.command("mine", user_id=ANNA).json()
    assert "/barriere din tekst" in body["text"]


def _resolve(app: RunningApp, user: str, answers: dict[str, Any]) -> Any:
    body = app.sender.command("mine", user_id=user).json()
    _click(app, user, body, "item_resolve")
    view = app.fake.calls_to("views.open")[-1].response["view"]
    return _submit(app, user, view, answers)


def test_resolving_records_the_note_who_and_when(org_app: RunningApp) -> None:
    org_app.sender.command("Ventetid i psykiatrien", user_id=ANNA)
    answer = _resolve(
        org_app, ANNA, {"barrier_status": "resolved", "barrier_note": "Fast ugentlig tid"}
    )
    assert answer.status == 200
    [item] = _items(org_app)
    assert (item.status, item.resolution_note) == ("resolved", "Fast ugentlig tid")
    assert item.status_changed_by == ANNA and item.closed_at is not None
    with org_app.session() as session:
        events = session.scalars(select(ItemEvent.action).order_by(ItemEvent.id)).all()
    assert list(events) == ["created", "status"]
    refreshed = org_app.fake.last("response_url")
    assert refreshed is not None and "Løst" in refreshed.args["text"]
    home_list = org_app.sender.command("mine", user_id=ANNA).json()
    assert "Ventetid i psykiatrien" not in json.dumps(home_list, ensure_ascii=False)


def test_resolving_without_a_note_asks_for_one(org_app: RunningApp) -> None:
    org_app.sender.command("Uden note", user_id=ANNA)
    answer = _resolve(org_app, ANNA, {"barrier_status": "resolved"}).json()
    assert answer["response_action"] == "errors" and "barrier_note" in answer["errors"]
    [item] = _items(org_app)
    assert item.status == "open"


def test_escalating_marks_the_item_for_top_management(org_app: RunningApp) -> None:
    org_app.sender.command("Kræver en beslutning om fælles budget", user_id=ANNA)
    answers = {
        "barrier_status": "in_progress",
        "barrier_escalate": ["escalate"],
        "barrier_question": "Vi beder direktionen om at fordele budgettet",
    }
    _resolve(org_app, ANNA, answers)
    [item] = _items(org_app)
    assert item.status == "in_progress" and item.escalated_at is not None
    assert item.level == "top_management"


def test_someone_else_pressing_resolve_is_refused_and_nothing_changes(
    org_app: RunningApp,
) -> None:
    org_app.sender.command("Annas punkt", user_id=ANNA)
    listing = org_app.sender.command("mine", user_id=ANNA).json()
    opened = len(org_app.fake.calls_to("views.open"))
    answer = _click(org_app, BO, listing, "item_resolve")
    assert answer.status == 200
    assert len(org_app.fake.calls_to("views.open")) == opened
    said = org_app.fake.last("response_url")
    assert said is not None and "Kun den der har noteret punktet" in said.args["text"]
    # A crafted submission of the status modal is refused on the server as well.
    [item] = _items(org_app)
    _click(org_app, ANNA, listing, "item_resolve")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    answer = _submit(org_app, BO, view, {"barrier_status": "dropped"}).json()
    assert answer["response_action"] == "errors"
    [after] = _items(org_app)
    assert (after.status, after.status_changed_by) == (item.status, item.status_changed_by)


def test_an_admin_may_change_someone_elses_item(org_app: RunningApp) -> None:
    org_app.sender.command("Annas punkt", user_id=ANNA)
    listing = org_app.sender.command("mine", user_id=ANNA).json()
    _click(org_app, ADMIN, listing, "item_resolve")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    _submit(org_app, ADMIN, view, {"barrier_status": "dropped"})
    [item] = _items(org_app)
    assert (item.status, item.status_changed_by) == ("dropped", ADMIN)


def test_delete_removes_the_text_for_real(org_app: RunningApp) -> None:
    org_app.sender.command("Hemmelig formulering der skal væk", user_id=ANNA)
    listing = org_app.sender.command("mine", user_id=ANNA).json()
    assert _buttons(listing)["item_delete"]["confirm"]["style"] == "danger"
    _click(org_app, ANNA, listing, "item_delete")
    assert _count(org_app) == 0
    with org_app.session() as session:
        leftovers = session.execute(text("SELECT COUNT(*) FROM item_events")).scalar()
        assert leftovers == 0
        assert session.scalar(select(func.count()).select_from(ItemUnit)) == 0


def test_someone_the_bot_has_never_seen_can_log_and_admins_see_it(org_app: RunningApp) -> None:
    org_app.fake.add_user(STRANGER, name="Vikar")
    org_app.sender.command("Vikarer kan ikke se kalendere", user_id=STRANGER)
    [item] = _items(org_app)
    assert item.unit_id is None and item.units == []
    org_app.sender.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"})
    home = org_app.fake.last("views.publish")
    assert home is not None
    shown = json.dumps(home.args["view"], ensure_ascii=False)
    assert "Punkter fra folk uden enhed (1)" in shown and "Vikarer kan ikke se" in shown


def test_app_home_shows_open_and_resolved_items_with_buttons(org_app: RunningApp) -> None:
    org_app.sender.command("Åbent punkt", user_id=ANNA)
    org_app.sender.command("Løst punkt", user_id=ANNA)
    with org_app.session() as session:
        session.execute(
            update(Item)
            .where(Item.text == "Løst punkt")
            .values(status="resolved", resolution_note="Et fælles møde")
        )
        session.commit()
    org_app.sender.event({"type": "app_home_opened", "user": ANNA, "tab": "home"})
    home = org_app.fake.last("views.publish")
    assert home is not None
    shown = json.dumps(home.args["view"], ensure_ascii=False)
    assert "Åbent punkt" in shown and "Senest løste" in shown and "Et fælles møde" in shown
    assert "item_resolve" in shown


def test_resolving_from_app_home_refreshes_app_home(org_app: RunningApp) -> None:
    org_app.sender.command("Fra hjem", user_id=ANNA)
    [item] = _items(org_app)
    org_app.sender.block_action(
        user_id=ANNA,
        action_id="item_resolve",
        value=str(item.id),
        view={"id": "VHOME", "type": "home", "blocks": []},
        container={"type": "view", "view_id": "VHOME"},
    )
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    published = len(org_app.fake.calls_to("views.publish"))
    _submit(org_app, ANNA, view, {"barrier_status": "resolved", "barrier_note": "Løst i hjem"})
    assert len(org_app.fake.calls_to("views.publish")) == published + 1


def test_unit_names_in_the_form_come_from_the_organisation(org_app: RunningApp) -> None:
    view = _open_modal(org_app, ANNA)
    units = next(b for b in view["blocks"] if b["block_id"] == "barrier_units")
    with org_app.session() as session:
        names = sorted(session.scalars(select(Unit.name)))
    assert [o["text"]["text"] for o in units["element"]["options"]] == names
