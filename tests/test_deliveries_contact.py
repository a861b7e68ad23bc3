"""*Tag kontakt* on the ledger: a root Slack posted before answering 500 is one thread, and
the weekly run after it posts nothing more."""

from __future__ import annotations

from bot import clock
from bot.db import session_scope
from jobs import cross_unit_threads
from tests.test_suggestions import (
    ANNA,
    ANNAS,
    CHANNEL,
    DAVID,
    DAVIDS,
    RunningApp,
    click,
    client,
    item_id,
    org_app,
    quick,
)
from tests.test_threads import working

__all__ = ["org_app"]


def _roots(app: RunningApp) -> list[dict[str, object]]:
    return [m for m in app.fake.messages(CHANNEL) if m.get("thread_ts") in (None, m["ts"])]


def test_get_in_touch_after_a_500_slack_had_posted_opens_one_thread(org_app: RunningApp) -> None:
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    davids = item_id(org_app, DAVIDS)
    org_app.fake.fail("chat.postMessage", status=500, processed=True)
    first, _took = click(org_app, ANNA, body, "suggest_contact", davids)
    assert first.status == 200
    click(org_app, ANNA, body, "suggest_contact", davids)
    with session_scope(org_app.sessions) as session:
        cross_unit_threads.run(
            session, client(org_app), working(clock.now()), settings=org_app.settings
        )
    assert len(_roots(org_app)) == 1
