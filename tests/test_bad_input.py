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
