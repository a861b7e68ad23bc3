"""Bad input gets a clean answer: over-long DM replies, characters no database stores, and
spreadsheet formulas in exports."""

from __future__ import annotations

import csv
import io

from tests.conftest import RunningApp
from tests.test_privacy import _files_for
from tests.test_reflection_dm import (  # noqa: F401
    bot_posts_after_prompts,
    org_app,
    prompted,
    reactions_on,
    replies,
    write,
)

ANNA = "U0ANNA"


def test_an_over_long_dm_reply_is_refused_politely_and_not_stored(
    prompted: RunningApp,  # noqa: F811
) -> None:
    message, _event = write(prompted, "Boligen " * 500)  # 4,000 characters
    assert replies(prompted) == []
    assert reactions_on(prompted, message) == []
    [notice] = bot_posts_after_prompts(prompted)
    assert "ikke* gemt" in notice["text"] and "3999 tegn" in notice["text"]
    assert "3000" in notice["text"]


def test_a_lone_surrogate_in_a_dm_is_no_error(prompted: RunningApp) -> None:  # noqa: F811
    write(prompted, "Boligen \ud800 spiller ind")  # write() asserts a 200
    assert [r.text for r in replies(prompted)] == ["Boligen \ufffd spiller ind"]


def test_a_nul_byte_in_a_dm_is_no_error(prompted: RunningApp) -> None:  # noqa: F811
    write(prompted, "Boligen\x00 spiller ind")
    assert [r.text for r in replies(prompted)] == ["Boligen spiller ind"]


def test_the_own_data_csv_keeps_formulas_as_text(org_app: RunningApp) -> None:  # noqa: F811
    formula = '=HYPERLINK("https://example.invalid","Klik")'
    org_app.sender.command(f"{formula} om ventetid i psykiatrien", user_id=ANNA)
    org_app.sender.command("mine data", user_id=ANNA)
    rows = list(csv.reader(io.StringIO(_files_for(org_app, ANNA)["tvaers-mine-data.csv"].decode())))
    texts = [row[-1] for row in rows[1:]]
    assert any(text.startswith("'=HYPERLINK(") for text in texts), texts
    assert not any(text.startswith("=") for text in texts)


def _lines(answer: dict[str, object]) -> list[str]:
    """Every line of mrkdwn text in an answer's blocks."""
    import json

    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
                found.extend(str(node["text"]).split("\n"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(json.dumps(answer)))
    return found


def test_a_line_break_in_an_item_cannot_start_a_line_of_the_bots(
    org_app: RunningApp,  # noqa: F811
) -> None:
    posing = ":white_check_mark: *Løst af direktionen*"
    org_app.sender.command(f"barriere Ventetid i psykiatrien\n{posing}", user_id=ANNA)
    answer = org_app.sender.command("mine", user_id=ANNA).json()
    lines = _lines(answer)
    assert any("Ventetid i psykiatrien" in line for line in lines), lines
    assert posing not in lines
    assert f"> {posing}" in lines
