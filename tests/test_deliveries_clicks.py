"""Clicked deliveries on the ledger: a double click (or Slack retrying the request) sends one
file; a deliberate click a minute later sends again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from bot import clock
from tests.conftest import RunningApp
from tests.test_digest_slack import SOFIE, World, _click_export, _overview, month, world
from tests.test_privacy import ANNA
from tests.test_privacy import org_app as privacy_app

__all__ = ["month", "privacy_app", "world"]


def test_clicking_the_digest_export_twice_sends_one_file(
    world: World, app: RunningApp, month: str, travel: Callable[[datetime], None]
) -> None:
    travel(clock.now())
    digest = _overview(app, SOFIE, f"overblik {month}")
    assert _click_export(app, SOFIE, digest).status == 200
    assert _click_export(app, SOFIE, digest).status == 200
    assert len(app.fake.files) == 1
    note = app.fake.last("response_url")
    assert note is not None and "sendt til din DM for et øjeblik siden" in note.args["text"]
    travel(clock.now() + timedelta(minutes=2))
    _click_export(app, SOFIE, digest)
    assert len(app.fake.files) == 2


def test_two_export_clicks_at_once_send_one_file(world: World, app: RunningApp, month: str) -> None:
    digest = _overview(app, SOFIE, f"overblik {month}")
    start = threading.Barrier(2)

    def click() -> None:
        start.wait()
        _click_export(app, SOFIE, digest)

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for c in clicks:
        c.start()
    for c in clicks:
        c.join()
    assert len(app.fake.files) == 1


def test_mine_data_sent_twice_sends_one_set_of_files(
    privacy_app: RunningApp, travel: Callable[[datetime], None]
) -> None:
    travel(clock.now())
    first = privacy_app.sender.command("mine data", user_id=ANNA).json()
    second = privacy_app.sender.command("mine data", user_id=ANNA).json()
    assert "Slet mine data" in str(first)
    assert second["text"].startswith(":package: Dine data er sendt til din DM for et øjeblik")
    names = sorted(f["name"] for f in privacy_app.fake.files.values())
    assert names == ["tvaers-mine-data.csv", "tvaers-mine-data.json"]
