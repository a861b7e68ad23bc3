"""Cross-unit threads after they open: the follow-up, its answers, escalation, replies, deletion."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot import clock
from bot.models import CrossUnitThread, Item, ItemEvent
from bot.services import digest as digest_service
from bot.services import items as item_service
from sandbox import fill, render_view
from tests.conftest import RunningApp
from tests.test_threads import (
    ANNA,
    CHANNEL,
    DAVID,
    GUSTAV,
    JONAS,
    MONDAY,
    NIELS,
    QUESTION,
    SOFIE,
    TOBIAS,
    YOUNG,
    buttons,
    click,
    client,
    current,
    daily,
    followed_up,
    item_rows,
    log,
    opened_thread,
    org_app,
    replies,
    resolve,
    resolved_form,
    roots,
    shown,
    weekly,
    working,
)

__all__ = ["org_app"]  # the fixture, shared with test_threads.py


# -- follow-up -------------------------------------------------------------------------------


def test_the_follow_up_comes_after_fourteen_days_with_four_answers(org_app: RunningApp) -> None:
    root = opened_thread(org_app)
    # Friday, day 11 (day 13 is a Sunday: nobody is written to then).
    assert "posted 0 follow-up(s)" in daily(org_app, MONDAY + timedelta(days=11))
    assert replies(org_app, root) == []
    assert "posted 1 follow-up(s)" in daily(org_app, MONDAY + timedelta(days=14))
    [question] = replies(org_app, root)
    text = shown(question)
    assert f"<@{GUSTAV}>" in text and f"<@{DAVID}>" in text and "Hvor står det nu?" in text
    assert list(buttons(question)) == [
        "Løst",
        "Vi er i gang",
        "Kræver direktionen",
        "Ikke relevant",
    ]
    # Once only, whichever job runs next.
    daily(org_app, MONDAY + timedelta(days=15))
    weekly(org_app, MONDAY + timedelta(days=21))
    assert len(replies(org_app, root)) == 1


def test_the_follow_up_days_are_a_setting(org_app: RunningApp) -> None:
    root = opened_thread(org_app)
    daily(org_app, MONDAY + timedelta(days=3), cross_unit_follow_up_days=3)
    assert len(replies(org_app, root)) == 1


def test_no_follow_up_when_every_item_was_resolved_before(org_app: RunningApp) -> None:
    root = opened_thread(org_app)
    with org_app.session() as session:
        for item in session.scalars(select(Item).where(Item.author_id.in_([GUSTAV, DAVID]))):
            item_service.change_status(
                session=session,
                team_id=item.team_id,
                item_id=item.id,
                user_id=item.author_id,
                status="resolved",
                note="Fælles møde hver uge",
            )
        session.commit()
    summary = daily(org_app, MONDAY + timedelta(days=14))
    assert "skipped 1 follow-up(s) (every item already closed)" in summary
    assert replies(org_app, root) == []
    daily(org_app, MONDAY + timedelta(days=15))
    assert replies(org_app, root) == []


# -- answers ---------------------------------------------------------------------------------


def test_resolved_closes_the_items_records_who_and_shows_the_answer(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    answer = resolve(org_app, GUSTAV, question)
    assert answer.status == 200
    threaded = [i for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)]
    assert {(i.status, i.status_changed_by) for i in threaded} == {("resolved", GUSTAV)}
    assert all(i.closed_at is not None for i in threaded)
    assert [i.status for i in item_rows(org_app) if i.author_id == NIELS] == ["open"]
    now = current(org_app, question)
    assert f"*Løst* – markeret af <@{GUSTAV}>" in shown(now)
    assert buttons(now) == {}


def _thread(app: RunningApp) -> CrossUnitThread:
    with app.session() as session:
        [thread] = session.scalars(select(CrossUnitThread)).all()
        return thread


def test_resolved_asks_what_made_it_work_and_stores_it_like_a_status_note(
    org_app: RunningApp,
) -> None:
    _root, question = followed_up(org_app)
    form = resolved_form(org_app, GUSTAV, question)
    seen = render_view(form)
    assert "Hvad fik det til at lykkes?" in seen
    assert "et par ord hjælper andre med at gøre det samme" in seen and "CPR" in seen
    assert "[Annullér] [Markér som løst]" in seen
    # Nothing is stored before the form is sent: a cancelled form changes nothing.
    assert {i.status for i in item_rows(org_app)} == {"open"} and _thread(org_app).outcome is None
    answer = org_app.sender.view_submission(
        form,
        user_id=GUSTAV,
        values=fill(
            form,
            {
                "thread_resolved_note": "Fast møde hver uge mellem Ungeindsatsen og "
                "Socialpsykiatrien"
            },
        ),
    )
    assert answer.status == 200 and answer.body in (b"", b"{}")
    note = "Fast møde hver uge mellem Ungeindsatsen og Socialpsykiatrien"
    threaded = [i for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)]
    assert {(i.status, i.status_changed_by, i.resolution_note) for i in threaded} == {
        ("resolved", GUSTAV, note)
    }
    assert [i.resolution_note for i in item_rows(org_app) if i.author_id == NIELS] == [None]
    assert [e[1:] for e in _events(org_app)] == [("status", "resolved")] * 2
    # The thread sees the usual answer, with what moved it.
    now = shown(current(org_app, question))
    assert f"*Løst* – markeret af <@{GUSTAV}>" in now and f"Det gjorde forskellen: »{note}«" in now
    assert buttons(current(org_app, question)) == {}
    # ... and the month's digest has the reason, as for an item resolved with /barriere mine.
    closed = threaded[0].closed_at
    assert closed is not None
    with org_app.session() as session:
        period = digest_service.period_for(
            closed.astimezone(ZoneInfo("Europe/Copenhagen")).strftime("%Y-%m"),
            tz="Europe/Copenhagen",
            now=closed + timedelta(seconds=1),
        )
        summary = digest_service.items_summary(
            session=session, team_id=org_app.fake.team_id, period=period
        )
    assert {(r.item_id, r.note) for r in summary.resolved_items} == {(i.id, note) for i in threaded}


def test_resolved_with_nothing_written_is_stored_without_a_note(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    assert resolve(org_app, DAVID, question).status == 200
    threaded = [i for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)]
    assert {(i.status, i.resolution_note) for i in threaded} == {("resolved", None)}
    now = shown(current(org_app, question))
    assert f"*Løst* – markeret af <@{DAVID}>" in now and "Det gjorde forskellen" not in now


def test_a_cpr_number_in_what_made_it_work_is_refused_and_nothing_changes(
    org_app: RunningApp,
) -> None:
    _root, question = followed_up(org_app)
    form = resolved_form(org_app, GUSTAV, question)
    typed = "Borgeren 010190-1234 fik en fast kontaktperson"
    answer = org_app.sender.view_submission(
        form, user_id=GUSTAV, values=fill(form, {"thread_resolved_note": typed})
    ).json()
    assert answer["response_action"] == "errors"
    assert "CPR-nummer" in answer["errors"]["thread_resolved_note"]
    assert {i.status for i in item_rows(org_app)} == {"open"}
    assert all(i.resolution_note is None for i in item_rows(org_app))
    assert _thread(org_app).outcome is None and _events(org_app) == []
    assert "010190" not in json.dumps(org_app.fake.calls_to("chat.update")[-1:], default=str)
    # The buttons are still there: fixed and sent again, it goes through.
    assert "Løst" in buttons(current(org_app, question))
    fixed = fill(form, {"thread_resolved_note": "En fast kontaktperson"})
    org_app.sender.view_submission(form, user_id=GUSTAV, values=fixed)
    assert {i.resolution_note for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)} == {
        "En fast kontaktperson"
    }


def test_the_form_sent_twice_has_one_effect(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    form = resolved_form(org_app, GUSTAV, question)
    values = fill(form, {"thread_resolved_note": "Fælles visitation"})
    updates = len(org_app.fake.calls_to("chat.update"))
    told = len(org_app.fake.calls_to("response_url"))
    first = org_app.sender.view_submission(form, user_id=GUSTAV, values=values)
    second = org_app.sender.view_submission(form, user_id=GUSTAV, values=values)
    assert (first.status, second.status) == (200, 200)
    assert second.body in (b"", b"{}")  # closes quietly: the first one did it all
    assert len(_events(org_app)) == 2
    assert len(org_app.fake.calls_to("chat.update")) == updates + 1
    assert len(org_app.fake.calls_to("response_url")) == told  # nobody is told "already"


def test_in_progress_while_the_form_is_open_still_lets_it_be_resolved(
    org_app: RunningApp,
) -> None:
    _root, question = followed_up(org_app)
    form = resolved_form(org_app, GUSTAV, question)
    click(org_app, DAVID, question, "Vi er i gang")
    values = fill(form, {"thread_resolved_note": "Fælles visitation"})
    org_app.sender.view_submission(form, user_id=GUSTAV, values=values)
    threaded = [i for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)]
    assert {(i.status, i.resolution_note) for i in threaded} == {("resolved", "Fælles visitation")}
    assert f"*Løst* – markeret af <@{GUSTAV}>" in shown(current(org_app, question))


def test_an_escalation_while_the_form_is_open_counts_and_the_words_come_back(
    org_app: RunningApp,
) -> None:
    _root, question = followed_up(org_app)
    form = resolved_form(org_app, GUSTAV, question)
    click(org_app, DAVID, question, "Kræver direktionen")
    late = org_app.sender.view_submission(
        form, user_id=GUSTAV, values=fill(form, {"thread_resolved_note": "Fælles visitation"})
    ).json()
    assert late["response_action"] == "update"
    taken = render_view(late["view"])
    assert f"<@{DAVID}> nåede at svare *Kræver direktionen* først" in taken
    assert "Her er din tekst, så intet går tabt:" in taken and "Fælles visitation" in taken
    assert {i.status for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)} == {"open"}
    assert all(i.resolution_note is None for i in item_rows(org_app))
    assert "*Kræver direktionen* – løftet af" in shown(current(org_app, question))


def test_someone_not_involved_gets_no_form(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    opened = len(org_app.fake.calls_to("views.open"))
    click(org_app, JONAS, question, "Løst")
    assert len(org_app.fake.calls_to("views.open")) == opened
    told = org_app.fake.last("response_url")
    assert told is not None and "Kun lederne i de involverede enheder" in told.args["text"]


def _events(app: RunningApp) -> list[tuple[int, str, str | None]]:
    with app.session() as session:
        rows = session.execute(
            select(ItemEvent.item_id, ItemEvent.action, ItemEvent.to_status)
            .where(ItemEvent.action != "created")
            .order_by(ItemEvent.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_double_click_changes_the_status_once_and_the_second_click_is_told(
    org_app: RunningApp,
) -> None:
    _root, question = followed_up(org_app)
    resolve(org_app, GUSTAV, question)
    click(org_app, GUSTAV, question, "Løst")  # a stale copy of the buttons: no form opens
    click(org_app, DAVID, question, "Ikke relevant")
    assert len(_events(org_app)) == 2  # one status change for each of the two items
    assert {i.status for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)} == {"resolved"}
    told = org_app.fake.last("response_url")
    assert told is not None and told.args["response_type"] == "ephemeral"
    assert f"<@{GUSTAV}> har allerede svaret *Løst*" in told.args["text"]


def test_two_people_clicking_at_once_make_one_change_and_both_see_it(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    form = resolved_form(org_app, GUSTAV, question)
    start = threading.Barrier(2)
    answers: dict[str, Any] = {}

    def send_form() -> None:
        values = fill(form, {"thread_resolved_note": "Fast møde hver uge"})
        start.wait()
        answers[GUSTAV] = org_app.sender.view_submission(form, user_id=GUSTAV, values=values)

    def press() -> None:
        start.wait()
        answers[DAVID] = click(org_app, DAVID, question, "Kræver direktionen")

    people = [threading.Thread(target=send_form), threading.Thread(target=press)]
    for p in people:
        p.start()
    for p in people:
        p.join()
    assert {answers[GUSTAV].status, answers[DAVID].status} == {200}
    statuses = {i.status for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)}
    assert statuses in ({"resolved"}, {"open"})  # resolved, or escalated and still open
    assert len(_events(org_app)) == 2
    winner = GUSTAV if statuses == {"resolved"} else DAVID
    # Both see the answer that counts in the message; the one who lost the race is told so.
    assert f"af <@{winner}>" in shown(current(org_app, question))
    told = [c for c in org_app.fake.calls_to("response_url") if "allerede svaret" in c.args["text"]]
    if winner == GUSTAV:
        if told:  # David clicked after Gustav's answer: told at the click
            assert len(told) == 1 and f"<@{GUSTAV}> har allerede svaret" in told[0].args["text"]
        else:  # David's question form was open: it turns into the answer that counts
            taken = render_view(answers[DAVID].json()["view"])
            assert f"<@{GUSTAV}> nåede at svare *Løst* først" in taken
            assert QUESTION in taken  # his words given back
    else:
        # Gustav's form turns into the answer that counts, with his words given back.
        assert told == []
        taken = render_view(answers[GUSTAV].json()["view"])
        assert f"<@{DAVID}> nåede at svare *Kræver direktionen* først" in taken
        assert "Fast møde hver uge" in taken
        assert all(i.resolution_note is None for i in item_rows(org_app))


def test_not_relevant_closes_only_the_clickers_units_items(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    click(org_app, DAVID, question, "Ikke relevant")
    status = {i.author_id: i.status for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)}
    assert status == {DAVID: "dropped", GUSTAV: "open"}
    told = org_app.fake.last("response_url")
    assert told is not None and "De andre enheders punkter er stadig åbne" in told.args["text"]
    # The others can still answer for theirs; a second click from David changes nothing.
    assert "Løst" in buttons(current(org_app, question))
    click(org_app, DAVID, question, "Ikke relevant")
    assert len(_events(org_app)) == 1
    resolve(org_app, GUSTAV, question)
    status = {i.author_id: i.status for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)}
    assert status == {DAVID: "dropped", GUSTAV: "resolved"}
    assert f"*Løst* – markeret af <@{GUSTAV}>" in shown(current(org_app, question))


def test_not_relevant_from_the_last_open_unit_closes_the_thread(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    click(org_app, DAVID, question, "Ikke relevant")
    click(org_app, GUSTAV, question, "Ikke relevant")
    assert {i.status for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)} == {"dropped"}
    assert buttons(current(org_app, question)) == {}


def test_in_progress_can_later_become_resolved(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    click(org_app, DAVID, question, "Vi er i gang")
    assert {i.status for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)} == {
        "in_progress"
    }
    now = current(org_app, question)
    assert "*Vi er i gang* – markeret af" in shown(now)
    assert list(buttons(now)) == ["Løst", "Kræver direktionen"]
    resolve(org_app, GUSTAV, now)
    assert {i.status for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)} == {"resolved"}


def test_needs_top_management_escalates_and_tells_the_areas_directors(
    org_app: RunningApp,
) -> None:
    root, question = followed_up(org_app)
    click(org_app, GUSTAV, question, "Kræver direktionen")
    threaded = [i for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)]
    assert all(i.escalated_at is not None and i.level == "top_management" for i in threaded)
    assert {i.status for i in threaded} == {"open"}
    permalink = org_app.fake.last("chat.getPermalink")
    assert permalink is not None and permalink.args["message_ts"] == root["ts"]
    link = permalink.response["permalink"]
    # Sofie directs the social area, Tobias employment; nobody else is told.
    dms = {
        c.args["channel"]: c
        for c in org_app.fake.calls_to("chat.postMessage")
        if str(c.args["channel"]).startswith("U")
    }
    assert set(dms) == {SOFIE, TOBIAS}
    text = shown(dms[SOFIE].args)
    assert "En tråd på tværs kræver direktionen" in text
    assert f"<@{GUSTAV}> har løftet 2 punkter" in text
    assert f"<{link}|Se tråden>" in text
    assert "Unge med angst falder ud af uddannelse" in text
    assert "*Kræver direktionen* – løftet af" in shown(current(org_app, question))
    # A second click tells nobody again.
    click(org_app, DAVID, question, "Kræver direktionen")
    assert (
        len([c for c in org_app.fake.calls_to("chat.postMessage") if c.args["channel"] in dms]) == 2
    )


def test_escalation_dms_that_failed_are_sent_by_the_next_daily_run(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    org_app.fake.fail("chat.postMessage", error="fatal_error", times=2)
    click(org_app, GUSTAV, question, "Kræver direktionen")
    org_app.fake.clear_faults()
    assert all(i.escalated_at for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID))
    next_pass = working(clock.now() + timedelta(hours=1))
    summary = daily(org_app, next_pass)
    assert "told directors about 1 escalated thread(s)" in summary
    told = {
        c.args["channel"]
        for c in org_app.fake.calls_to("chat.postMessage")
        if c.ok and str(c.args["channel"]).startswith("U")
    }
    assert told == {SOFIE, TOBIAS}
    assert "told directors" not in daily(org_app, next_pass + timedelta(hours=1))


def test_someone_not_involved_cannot_answer(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    click(org_app, JONAS, question, "Ikke relevant")
    assert {i.status for i in item_rows(org_app)} == {"open"}
    told = org_app.fake.last("response_url")
    assert told is not None and "Kun lederne i de involverede enheder" in told.args["text"]
    assert buttons(current(org_app, question))


def test_the_areas_director_may_answer(org_app: RunningApp) -> None:
    _root, question = followed_up(org_app)
    click(org_app, SOFIE, question, "Vi er i gang")
    assert {i.status for i in item_rows(org_app) if i.author_id in (GUSTAV, DAVID)} == {
        "in_progress"
    }


# -- replies and a deleted root --------------------------------------------------------------


def _reply(app: RunningApp, root: dict[str, Any], user: str, text: str, **extra: Any) -> Any:
    message = app.fake.add_message(CHANNEL, user=user, text=text, thread_ts=root["ts"])
    event = {
        "type": "message",
        "channel": CHANNEL,
        "channel_type": "channel",
        "user": user,
        "text": text,
        "ts": message["ts"],
        "thread_ts": root["ts"],
        **extra,
    }
    return app.sender.event(event)


def _count(app: RunningApp) -> int:
    with app.session() as session:
        return int(session.scalar(select(CrossUnitThread.reply_count)) or 0)


def _all_stored_text(app: RunningApp) -> str:
    from bot.models import Base

    with app.engine.connect() as connection:
        return repr(
            [list(connection.execute(table.select())) for table in Base.metadata.sorted_tables]
        )


def test_replies_are_counted_but_their_text_is_not_stored(org_app: RunningApp) -> None:
    root = opened_thread(org_app)
    secret = "Vi kan tage hende ind i næste uge – ring til mig på 12345678"
    _reply(org_app, root, DAVID, secret)
    _reply(org_app, root, GUSTAV, "Godt, jeg booker et fælles møde")
    assert _count(org_app) == 2
    assert "ring til mig" not in _all_stored_text(org_app)
    assert "fælles møde" not in _all_stored_text(org_app)


def test_what_is_not_a_reply_in_our_thread_is_not_counted(org_app: RunningApp) -> None:
    root = opened_thread(org_app)
    # The bot's own message, another bot, a top-level message, an edit, another thread.
    _reply(org_app, root, "U0BOT", "Tværs her", bot_id="B0TVAERS")
    _reply(org_app, root, "U0OTHERBOT", "Automatisk", subtype="bot_message", bot_id="B0OTHER")
    org_app.sender.event(
        {"type": "message", "channel": CHANNEL, "channel_type": "channel", "user": DAVID,
         "text": "Hej alle", "ts": "1765000000.000100"}
    )  # fmt: skip
    org_app.sender.event(
        {"type": "message", "subtype": "message_changed", "channel": CHANNEL,
         "channel_type": "channel", "hidden": True,
         "message": {"type": "message", "user": DAVID, "text": "rettet", "ts": "1765000000.000200",
                     "thread_ts": root["ts"]}}
    )  # fmt: skip
    other = org_app.fake.add_message(CHANNEL, user=DAVID, text="Andet emne")
    _reply(org_app, other, GUSTAV, "Svar i en anden tråd")
    assert _count(org_app) == 0


def test_a_retried_event_is_counted_once_and_a_deleted_reply_is_uncounted(
    org_app: RunningApp,
) -> None:
    root = opened_thread(org_app)
    message = org_app.fake.add_message(
        CHANNEL, user=DAVID, text="Vi ser på det", thread_ts=root["ts"]
    )
    event = {
        "type": "message",
        "channel": CHANNEL,
        "channel_type": "channel",
        "user": DAVID,
        "text": "Vi ser på det",
        "ts": message["ts"],
        "thread_ts": root["ts"],
    }
    org_app.sender.event(event, event_id="EvREPLY1")
    org_app.sender.event(event, event_id="EvREPLY1", retry_num=1, retry_reason="http_timeout")
    assert _count(org_app) == 1
    org_app.sender.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": CHANNEL,
            "channel_type": "channel",
            "hidden": True,
            "deleted_ts": message["ts"],
            "previous_message": {
                "type": "message",
                "user": DAVID,
                "text": "Vi ser på det",
                "ts": message["ts"],
                "thread_ts": root["ts"],
            },
        }
    )
    assert _count(org_app) == 0


def test_a_deleted_root_gets_its_follow_up_as_a_new_message(org_app: RunningApp) -> None:
    root = opened_thread(org_app)
    client(org_app).chat_delete(channel=CHANNEL, ts=root["ts"])  # e.g. an admin tidying up
    assert roots(org_app) == []
    summary = daily(org_app, MONDAY + timedelta(days=14))
    assert "posted 1 follow-up(s)" in summary
    [question] = roots(org_app)
    assert "thread_ts" not in question or question["thread_ts"] == question["ts"]
    text = shown(question)
    assert "Den oprindelige besked er slettet" in text
    assert "Unge med angst falder ud af uddannelse" in text and f"<@{DAVID}>" in text
    assert "Løst" in buttons(question)
    # Replies now gather under the follow-up, and are counted there.
    _reply(org_app, question, DAVID, "Vi tager den herfra")
    assert _count(org_app) == 1
    # The answer and the escalation link point at the follow-up.
    click(org_app, GUSTAV, question, "Kræver direktionen")
    permalink = org_app.fake.last("chat.getPermalink")
    assert permalink is not None and permalink.args["message_ts"] == question["ts"]


def test_a_root_replaced_by_a_tombstone_is_noticed_from_the_event(org_app: RunningApp) -> None:
    root = opened_thread(org_app)
    org_app.sender.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": CHANNEL,
            "channel_type": "channel",
            "hidden": True,
            "message": {
                "type": "message",
                "subtype": "tombstone",
                "user": "USLACKBOT",
                "text": "Denne besked blev slettet.",
                "ts": root["ts"],
                "thread_ts": root["ts"],
                "hidden": True,
            },
            "previous_message": {"type": "message", "user": "U0BOT", "ts": root["ts"]},
        }
    )
    with org_app.session() as session:
        thread = session.scalars(select(CrossUnitThread)).one()
        assert thread.root_deleted_at is not None
    # No note goes into a thread nobody can see; the new item waits for the follow-up.
    log(org_app, ANNA, {**YOUNG, "barrier_text": "Unge med angst venter på udredning"})
    weekly(org_app, MONDAY + timedelta(days=7))
    assert replies(org_app, root) == []
    daily(org_app, MONDAY + timedelta(days=14))
    [question] = [m for m in roots(org_app) if m["ts"] != root["ts"]]
    assert "Den oprindelige besked er slettet" in shown(question)
    assert "Unge med angst venter på udredning" in shown(question)


def test_a_channel_archived_after_the_thread_opened_is_reported_once_not_retried_daily(
    org_app: RunningApp,
) -> None:
    opened_thread(org_app)
    org_app.fake.add_channel(CHANNEL, "tvaers", is_member=True, is_archived=True)
    first = daily(org_app, MONDAY + timedelta(days=14))
    assert "cannot be used (is_archived)" in first and "reported to admins" in first
    attempts = len(org_app.fake.calls_to("chat.postMessage"))
    second = daily(org_app, MONDAY + timedelta(days=15))
    assert "a follow-up waits" in second
    assert len(org_app.fake.calls_to("chat.postMessage")) == attempts
    org_app.sender.event({"type": "app_home_opened", "user": "U0ADMIN", "tab": "home"})
    assert "kanalen er arkiveret" in shown(org_app.fake.home_view("U0ADMIN") or {})
