"""The status form submitted twice at once (two clicks, two requests in flight): the status and
the escalation are written, and their history kept, once. On PostgreSQL both requests read the
old status; on SQLite they take turns."""

from __future__ import annotations

import threading

from sqlalchemy import select

from bot.models import Escalation, Item, ItemEvent
from sandbox import fill
from tests.test_barrier import ANNA, RunningApp, _click, org_app

__all__ = ["org_app"]


def test_a_status_form_submitted_twice_at_once_writes_its_history_once(
    org_app: RunningApp,
) -> None:
    org_app.sender.command("Kræver en beslutning om fælles budget", user_id=ANNA)
    body = org_app.sender.command("mine", user_id=ANNA).json()
    _click(org_app, ANNA, body, "item_resolve")
    view = org_app.fake.calls_to("views.open")[-1].response["view"]
    values = fill(
        view,
        {
            "barrier_status": "in_progress",
            "barrier_escalate": ["escalate"],
            "barrier_question": "Vi beder direktionen om at fordele budgettet",
        },
    )
    # The answer to the first is slow, so the second arrives while the first is still open.
    org_app.fake.fail("*", delay=0.3, times=4)
    start = threading.Barrier(2)
    answers: list[int] = []

    def submit() -> None:
        start.wait()
        answers.append(org_app.sender.view_submission(view, user_id=ANNA, values=values).status)

    clicks = [threading.Thread(target=submit) for _ in range(2)]
    for c in clicks:
        c.start()
    for c in clicks:
        c.join()
    assert answers == [200, 200]
    with org_app.session() as session:
        [item] = session.scalars(select(Item))
        assert item.status == "in_progress" and item.level == "top_management"
        events = session.scalars(select(ItemEvent.action).order_by(ItemEvent.id)).all()
    assert list(events) == ["created", "status", "escalated"]
    with org_app.session() as session:
        assert len(session.scalars(select(Escalation)).all()) == 1
