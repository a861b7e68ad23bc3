"""No request waits on another's Slack call: the database is never held while the bot waits.

Slack answers a Web API call in hundreds of milliseconds. A handler that keeps its transaction
(on SQLite: the process's writer lock) open across `views.open` makes every other request wait
those milliseconds too, and under a few concurrent forms the acknowledgements pass a second and
then Slack's three. Here Slack is as slow as the real one, managers open forms, log items and
list their own at the same time, and the weekly cross-unit job runs beside them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

import pytest

from bot.db import session_scope
from bot.ids import Decisions, Digest
from bot.models import Item, Workspace
from bot.texts import t
from jobs import cross_unit_threads
from sandbox import SlackSender
from sandbox.signer import Response
from tests.conftest import SIGNING_SECRET, RunningApp, add_org_users, import_example_org
from tests.test_threads import MONDAY, client

# Real Slack answers a Web API call in a few hundred milliseconds.
LATENCY = 0.4
# Slack shows the user an error when the acknowledgement takes longer. Held across Slack calls,
# the writer lock made the six forms wait for each other: 6 x 0.4 s of waiting alone, and 3.6 s
# for the slowest at 0.3 s. Waiting on its own calls only, the slowest form took 0.8-1.0 s on an
# idle machine and 1.8 s on a loaded CI machine. How far under a second it stays is a goal for a
# benchmark on a quiet machine, not for this test (bench/README.md).
SLACK_LIMIT = 3.0
ROUNDS = 1
CHANNEL = "C0TVAERS"
SOFIE = "U0SOFIE"  # a director
MANAGERS = ("U0ANNA", "U0RIKKE", "U0DAVID", "U0BO", "U0EMMA", "U0FREJA")


def _timed(results: list[tuple[str, float, int]], kind: str, send: Callable[[], Response]) -> None:
    # The answer alone: what Slack waits for (the sender then settles the work handed on).
    answer = send()
    results.append((kind, answer.seconds, answer.status))


@pytest.mark.alone
def test_acknowledgements_stay_inside_slacks_limit_while_slack_is_slow(app: RunningApp) -> None:
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    app.fake.add_channel(CHANNEL, "tvaers", is_member=True)
    with session_scope(app.sessions) as session:
        workspace = session.get(Workspace, app.fake.team_id)
        assert workspace is not None
        workspace.cross_unit_channel = CHANNEL
    # A running app: Bolt has its auth.test, and the first save has loaded the matcher's word lists.
    for warm_up in ("hjælp", "", "Opvarmning af hurtig registrering", "mine"):
        app.sender.command(warm_up, user_id=MANAGERS[0])
    app.fake.latency = LATENCY

    results: list[tuple[str, float, int]] = []
    senders: list[threading.Thread] = []
    for round_ in range(ROUNDS):
        for k, user in enumerate(MANAGERS):
            text = f"Borgere med angst venter på behandling, runde {round_} fra {k}"
            jobs: list[tuple[str, Callable[[], Response]]] = [
                ("form", lambda u=user: app.sender.command("", user_id=u)),
                ("quick", lambda u=user, t=text: app.sender.command(t, user_id=u)),
                ("mine", lambda u=user: app.sender.command("mine", user_id=u)),
            ]
            for kind, send in jobs:
                senders.append(threading.Thread(target=_timed, args=(results, kind, send)))
    job = threading.Thread(target=_weekly_job, args=(app, MONDAY))
    job.start()
    for sender in senders:
        sender.start()
        time.sleep(0.02)
    for sender in senders:
        sender.join(30)
    job.join(60)

    assert len(results) == len(senders)
    assert all(status == 200 for _kind, _seconds, status in results)
    slowest = {kind: max(s for k, s, _ in results if k == kind) for kind in ("form", "quick")}
    slowest["mine"] = max(s for k, s, _ in results if k == "mine")
    assert max(slowest.values()) < SLACK_LIMIT, slowest
    with app.session() as session:
        logged = session.query(Item).filter(Item.text.like("Borgere med angst venter%")).count()
    assert logged == ROUNDS * len(MANAGERS)  # every quick entry stored, once


def _weekly_job(app: RunningApp, now: datetime) -> None:
    with session_scope(app.sessions) as session:
        cross_unit_threads.run(session, client(app), now, settings=app.settings)


def test_files_follow_the_answer_instead_of_holding_it(app: RunningApp) -> None:
    """`/barriere mine data`, the digest's export and the agenda's CSV each take four Web API
    calls or more. At 0.4 s a call, doing them before answering took 4.5 s for the data
    (Slack had given up at 3): the answer comes first, and the files follow."""
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    app.fake.latency = LATENCY
    # This sender does not wait for the work after the answer, as Slack does not.
    slack = SlackSender(app.url, SIGNING_SECRET, team_id=app.fake.team_id, fake=app.fake)
    settle = app.sender.settle
    assert settle is not None

    answer = slack.command("mine data", user_id="U0ANNA")
    assert answer.status == 200 and answer.seconds < SLACK_LIMIT
    assert "om et øjeblik" in answer.json()["text"]
    assert app.fake.files == {}  # the answer did not wait for the upload
    settle()
    assert sorted(f["name"] for f in app.fake.files.values()) == [
        "tvaers-mine-data.csv",
        "tvaers-mine-data.json",
    ]
    assert slack.command("mine data", user_id="U0ANNA").json()["text"] == (
        ":package: Dine data er sendt til din DM for et øjeblik siden."
    )
    settle()
    assert len(app.fake.files) == 2  # sent twice: one set of files

    digest = slack.command("overblik", user_id=SOFIE)
    assert digest.status == 200
    answer = slack.block_action(
        user_id=SOFIE, action_id=Digest.EXPORT, message=digest.json(), channel_id="C0GENERAL"
    )
    assert answer.status == 200 and answer.seconds < SLACK_LIMIT
    assert len(app.fake.files) == 2
    settle()
    assert len(app.fake.files) == 3
    told = app.fake.last("response_url")
    assert told is not None and "ligger i din DM med Tværs" in told.args["text"]

    answer = slack.block_action(
        user_id=SOFIE, action_id=Decisions.AGENDA_CSV, channel_id="C0GENERAL"
    )
    assert answer.status == 200 and answer.seconds < SLACK_LIMIT
    settle()
    assert [f["name"] for f in app.fake.files.values()][-1].startswith("tvaers-dagsorden-")
    told = app.fake.last("response_url")
    assert told is not None and told.args["text"] == "CSV-filen ligger i din besked fra Tværs."


def test_work_after_the_answer_that_fails_is_told_and_can_be_asked_again(
    app: RunningApp,
) -> None:
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    app.fake.fail("files.completeUploadExternal", error="internal_error")
    answer = app.sender.command("mine data", user_id="U0ANNA")
    assert answer.status == 200 and "om et øjeblik" in answer.json()["text"]
    told = app.fake.last("response_url")
    assert told is not None and told.args["response_type"] == "ephemeral"
    assert told.args["text"] == t("error.generic", "da")
    assert not any(f["completed"] for f in app.fake.files.values())
    # Slack refused it, so nothing was shared: asking again sends the files.
    answer = app.sender.command("mine data", user_id="U0ANNA")
    assert "om et øjeblik" in answer.json()["text"]
    assert sum(1 for f in app.fake.files.values() if f["completed"]) == 2


def test_a_request_that_only_reads_waits_for_no_writer(app: RunningApp) -> None:
    """On SQLite only the first write of a transaction takes the writer lock: a manager
    listing their items is answered while a long job holds the lock with its writes."""
    if app.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL readers never wait for writers")
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    app.sender.command("Ventetid på udredning hos psykiatrien", user_id=MANAGERS[0])
    app.sender.command("mine", user_id=MANAGERS[0])  # a first visit may store who they are
    answers: list[Response] = []
    with app.session() as writer:
        workspace = writer.get(Workspace, app.fake.team_id)
        assert workspace is not None
        workspace.cross_unit_channel = CHANNEL
        writer.flush()  # the writer lock is held until this session ends
        reader = threading.Thread(
            target=lambda: answers.append(app.sender.command("mine", user_id=MANAGERS[0]))
        )
        reader.start()
        reader.join(10)
        assert answers, "the list waited for the writer"
        writer.rollback()
    [answer] = answers
    assert isinstance(answer, Response) and answer.status == 200
    assert answer.json()["text"] == "Dine åbne punkter (1)"
