"""`/barriere overblik` and the export button, over real HTTP: directors and admins see the
digest on demand and get the month's items as CSV in a DM; everyone else gets a polite no."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.models import Item, utcnow
from bot.services.digest import local_month
from bot.services.effect import shift_month
from bot.views.digest import month_label
from sandbox.server import message_errors
from tests.conftest import RunningApp, add_org_users, import_example_org
from tests.test_digest_world import (
    ADMIN,
    ANNA,
    BO,
    BO_NAME,
    SOFIE,
    TZ,
    World,
    build_world,
    has_threads,
)


@pytest.fixture
def month() -> str:
    """Last month, as the clock says it is now: on-demand digests use the real time."""
    return shift_month(local_month(utcnow(), TZ), -1)


@pytest.fixture
def world(app: RunningApp, month: str) -> World:
    """Tværby Kommune with last month's known data."""
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    return build_world(app.sessions, month)


def _items(app: RunningApp) -> int:
    with app.session() as session:
        return int(session.scalar(select(func.count()).select_from(Item)) or 0)


def _overview(app: RunningApp, user: str, text: str = "overblik") -> dict[str, Any]:
    answer = app.sender.command(text, user_id=user)
    assert answer.status == 200
    body: dict[str, Any] = answer.json()
    return body


def test_a_director_gets_last_months_digest_on_demand(
    world: World, app: RunningApp, month: str
) -> None:
    body = _overview(app, SOFIE, f"overblik {month}")
    assert body["response_type"] == "ephemeral"
    assert message_errors(body) == []
    assert len(body["blocks"]) <= 50
    assert body["blocks"][0]["text"]["text"] == f"Månedens overblik · {month_label(month, 'da')}"
    text = json.dumps(body, ensure_ascii=False)
    assert "*15,2 procent*" in text
    assert "*2. Kræver direktionen*  ·  3 punkter" in text
    assert "*Nye*\\n5 (3 barrierer · 1 potentiale · 1 dilemma)" in text
    assert "*Løst*\\n3" in text and "*Median til løsning*\\n18 dage" in text
    if has_threads():
        # The thread link is built from the workspace's domain in the command.
        assert "slack.com/archives/C0TVAERS/p1764000003000100|Se tråden>" in text
    assert BO_NAME not in text and f"<@{BO}>" not in text
    assert {"digest_export"} <= {
        e["action_id"] for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]
    }


def test_without_a_month_it_is_the_month_so_far(world: World, app: RunningApp) -> None:
    body = _overview(app, ADMIN)
    this_month = local_month(utcnow(), TZ)
    assert (
        body["blocks"][0]["text"]["text"] == f"Overblik indtil nu · {month_label(this_month, 'da')}"
    )
    assert "Måneden indtil nu: 1.–" in json.dumps(body, ensure_ascii=False)


def test_a_month_name_works_too(world: World, app: RunningApp, month: str) -> None:
    name = month_label(month, "da").split()[0]
    body = _overview(app, SOFIE, f"overblik {name}")
    assert body["blocks"][0]["text"]["text"] == f"Månedens overblik · {month_label(month, 'da')}"


def test_a_manager_gets_a_polite_no_and_nothing_is_logged(world: World, app: RunningApp) -> None:
    before = _items(app)
    body = _overview(app, ANNA, "overblik 2026-11")
    assert body == {
        "response_type": "ephemeral",
        "text": (
            "Overblikket er for direktører og administratorer. Spørg din direktør, eller se dine "
            "egne punkter med `/barriere mine`."
        ),
    }
    assert _items(app) == before


def test_someone_tvaers_does_not_know_gets_the_same_no(world: World, app: RunningApp) -> None:
    body = _overview(app, "U0STRANGER")
    assert body["text"].startswith("Overblikket er for direktører og administratorer.")


def test_a_month_that_cannot_be_read_or_has_not_begun(
    world: World, app: RunningApp, month: str
) -> None:
    before = _items(app)
    body = _overview(app, SOFIE, "overblik 2026-13")
    assert body["text"] == (
        "Tværs forstår ikke måneden *2026-13*. Skriv den som år-måned, fx "
        f"`/barriere overblik {month}`."
    )
    future = shift_month(month, 3)
    body = _overview(app, SOFIE, f"overblik {future}")
    assert body["text"] == f"{future} er ikke begyndt endnu. Prøv fx `/barriere overblik {month}`."
    assert _items(app) == before


def _click_export(app: RunningApp, user: str, message: dict[str, Any]) -> Any:
    return app.sender.block_action(
        user_id=user, action_id="digest_export", message=message, channel_id="C0GENERAL"
    )


def test_the_export_sends_the_months_items_as_csv_to_the_directors_dm(
    world: World, app: RunningApp, month: str
) -> None:
    digest = _overview(app, SOFIE, f"overblik {month}")
    answer = _click_export(app, SOFIE, digest)
    assert answer.status == 200
    [upload] = app.fake.files.values()
    assert upload["name"] == f"tvaers-{month}.csv"
    dm = app.fake.last("conversations.open")
    assert dm is not None and dm.ok and upload["channel"] == dm.response["channel"]["id"]
    assert upload["channel"].startswith("D")
    note = app.fake.last("response_url")
    assert note is not None
    assert note.args["text"] == (
        f":inbox_tray: Eksporten for {month_label(month, 'da')} (9 punkter) "
        "ligger i din DM med Tværs."
    )
    content = upload["content"].decode("utf-8")
    assert content.startswith("\ufeff")  # so a spreadsheet reads æ, ø and å right
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 9
    by_id = {int(row["id"]): row for row in rows}
    assert set(by_id) == {
        world.items[key]
        for key in (
            "waiting",
            "housing",
            "falls",
            "twice",
            "ppr",
            "october",
            "escalated_old",
            "top_level",
            "escalated_now",
        )
    }
    assert by_id[world.items["waiting"]]["i overblikket som"] == "ny, løst"
    assert by_id[world.items["october"]]["i overblikket som"] == "løst"
    assert by_id[world.items["top_level"]]["i overblikket som"] == "kræver direktionen"
    assert by_id[world.items["waiting"]]["noteret af"] == "Anna Holm"
    assert by_id[world.items["waiting"]]["hvad gjorde forskellen"] == (
        "Fast tid hver uge hos Socialpsykiatrien"
    )
    assert by_id[world.items["falls"]]["noteret af"] == "anonym"
    assert by_id[world.items["escalated_old"]]["noteret af"] == "anonym"
    assert BO_NAME not in content and BO not in content


def test_a_manager_cannot_export(world: World, app: RunningApp, month: str) -> None:
    digest = _overview(app, SOFIE, f"overblik {month}")
    _click_export(app, ANNA, digest)
    assert app.fake.files == {}
    note = app.fake.last("response_url")
    assert note is not None
    assert note.args["text"].startswith("Overblikket er for direktører og administratorer.")
    assert note.args.get("response_type") == "ephemeral"


def test_an_export_that_slack_refuses_says_so(world: World, app: RunningApp, month: str) -> None:
    digest = _overview(app, SOFIE, f"overblik {month}")
    app.fake.fail("files.getUploadURLExternal", error="ratelimited")
    _click_export(app, SOFIE, digest)
    note = app.fake.last("response_url")
    assert note is not None
    assert note.args["text"] == (
        ":warning: Eksporten kunne ikke sendes til din DM (ratelimited). Prøv igen om lidt."
    )
