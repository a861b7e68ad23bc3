"""Cross-unit thread messages as pure builders, and the settings and schedule that drive the job."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.config import ConfigError, Settings, load_settings, parse_weekly
from bot.services.threads import Card, CardItem, ChannelNotice, Contact, ThreadOptions, UnitPeople
from bot.slack_text import MENTION_BREAK
from bot.views import threads as views
from jobs import JOBS, cross_unit_threads, trigger_of
from sandbox import message_errors, view_errors


def _card(units: int, items: int, *, text: str = "Ventetid", anonymous: bool = False) -> Card:
    unit_names = [f"Enhed nummer {i} med et meget langt navn " + "x" * 150 for i in range(units)]
    return Card(
        items=tuple(
            CardItem(
                item_id=i,
                kind="barrier",
                status="open",
                text=text,
                situation=f"Borger {i}: " + "bor alene " * 100,
                units=tuple(unit_names),
                author_id=None if anonymous else f"U0AUTHOR{i}",
                goal=None,
            )
            for i in range(items)
        ),
        units=tuple(
            UnitPeople(i, name, "Område " * 30, ("U0A", "U0B"), ("U0C",), ("U0D",))
            for i, name in enumerate(unit_names)
        ),
        area_names=tuple(f"Område {i}" for i in range(units)),
        reasons=("goal", "situation", "text", "units"),
        goal="Flere borgere i job",
    )


def _contacts(card: Card) -> list[Contact]:
    return [
        Contact(u.unit_name, u.area_name, ("U0A1", "U0A2", "U0A3"), via_director=i % 2 == 0)
        for i, u in enumerate(card.units)
    ]


@pytest.mark.parametrize(("units", "items"), [(2, 2), (20, 40)])
def test_every_thread_message_is_valid_block_kit_whatever_its_size(units: int, items: int) -> None:
    card = _card(units, items, text="Lang tekst & <b> " * 200)
    contacts = _contacts(card)
    messages = [
        views.root_message(card=card, contacts=contacts, days=14, lang="da"),
        views.growth_note(items=card.items, contacts=contacts, lang="da"),
        views.follow_up_message(
            thread_id=7, items=card.items, contacts=contacts, days=14, lang="en", root_deleted=True
        ),
        views.director_dm(
            card=card,
            escalated=card.items,
            by="U0GUSTAV",
            permalink="https://x.slack.com/archives/C1/p1",
            channel_id="C0TVAERS",
            lang="da",
        ),
    ]
    for outcome in ("resolved", "in_progress", "top_management", "not_relevant"):
        messages.append(
            views.answered_message(
                thread_id=7,
                items=card.items,
                outcome=outcome,
                by="U0BO",
                at=datetime(2026, 12, 21, 23, 30, tzinfo=UTC),
                lang="da",
            )
        )
    for message in messages:
        assert message_errors(message) == [], message_errors(message)
        assert len(message["blocks"]) <= 50
        assert "<b>" not in json.dumps(message)
        for block in message["blocks"]:
            # Shorter than the limit: the builders budgeted, nothing was cut mid-mention.
            text = (block.get("text") or {}).get("text", "")
            assert len(text) < views.SECTION_LIMIT


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_resolved_form_and_its_answers_are_valid_however_much_they_hold(lang: str) -> None:
    card = _card(units=30, items=40, text="<!channel> " + "lang tekst " * 300)
    form = views.resolved_modal(
        thread_id=7, items=card.items, lang=lang, metadata={"channel": "C1", "ts": "1.2"}
    )
    taken = views.taken_modal(outcome="top_management", by="U0BO", typed="ø" * 1000, lang=lang)
    for view in (form, taken):
        assert view_errors(view) == [], view_errors(view)
        assert "<!channel>" not in json.dumps(view)
    assert json.loads(form["private_metadata"]) == {"channel": "C1", "ts": "1.2", "thread": 7}
    [note] = [b for b in form["blocks"] if b["type"] == "input"]
    assert note["optional"] is True and note["element"]["max_length"] == 1000
    answered = views.answered_message(
        thread_id=7,
        items=card.items,
        outcome="resolved",
        by="U0BO",
        at=datetime(2026, 12, 21, 9, 0, tzinfo=UTC),
        lang=lang,
        note="<!here> " + "fælles møde " * 200,
    )
    assert message_errors(answered) == [], message_errors(answered)
    assert "<!here>" not in json.dumps(answered)


def test_the_date_of_an_answer_is_the_workspaces_date() -> None:
    late = datetime(2026, 12, 21, 23, 30, tzinfo=UTC)  # already the 22nd in Copenhagen
    message = views.answered_message(
        thread_id=1, items=(), outcome="resolved", by="U0BO", at=late, lang="da"
    )
    assert "den 22. december 2026" in message["blocks"][0]["text"]["text"]


def test_user_text_cannot_mention_anyone_but_the_people_the_bot_chose() -> None:
    card = _card(2, 1, text="Se her <!channel> @here <@U0BOSS>")
    message = views.root_message(card=card, contacts=_contacts(card), days=14, lang="da")
    blob = json.dumps(message, ensure_ascii=False)
    assert "<!channel>" not in blob and "<@U0BOSS>" not in blob
    assert f"@{MENTION_BREAK}here" in blob
    assert "<@U0A1>" in blob  # the bot's own mentions stay live


def test_an_anonymous_item_has_no_author_anywhere() -> None:
    card = _card(2, 1, anonymous=True)
    for message in (
        views.root_message(card=card, contacts=[], days=14, lang="da"),
        views.director_dm(
            card=card, escalated=card.items, by="U0X", permalink=None, channel_id="C1", lang="da"
        ),
    ):
        text = json.dumps(message, ensure_ascii=False)
        assert "U0AUTHOR" not in text and "anonym" in text


def test_the_admin_notice_names_the_problem_and_offers_a_retry() -> None:
    [block] = views.admin_home_section(notice=ChannelNotice("C0TVAERS", "is_archived"), lang="da")
    assert "arkiveret" in block["text"]["text"] and "<#C0TVAERS>" in block["text"]["text"]
    assert block["accessory"]["action_id"] == "thread_retry_channel"
    [block] = views.admin_home_section(notice=ChannelNotice(None, None), lang="en")
    assert "*Settings*" in block["text"]["text"] and "accessory" not in block


def test_settings_have_sensible_defaults_and_refuse_nonsense_in_one_line() -> None:
    settings = load_settings({}, require_slack=False)
    options = ThreadOptions.from_settings(settings)
    assert (options.follow_up_days, options.pairing) == (14, False)
    assert (options.thresholds.link, options.thresholds.max_items) == (0.38, 8)
    custom = load_settings(
        {
            "CROSS_UNIT_FOLLOW_UP_DAYS": "10",
            "CROSS_UNIT_SIMILARITY": "0,5",
            "CROSS_UNIT_MAX_ITEMS": "5",
            "CROSS_UNIT_PAIRING": "on",
            "CROSS_UNIT_SCHEDULE": "tirsdag 7:30",
        },
        require_slack=False,
    )
    options = ThreadOptions.from_settings(custom)
    assert (options.follow_up_days, options.pairing) == (10, True)
    assert (options.thresholds.link, options.thresholds.max_items) == (0.5, 5)
    for name, value in (
        ("CROSS_UNIT_FOLLOW_UP_DAYS", "0"),
        ("CROSS_UNIT_SIMILARITY", "2.5"),
        ("CROSS_UNIT_SIMILARITY", "lidt"),
        # The three old bars are gone: a file that still sets one is told so, not ignored.
        ("CROSS_UNIT_TEXT_SIMILARITY", "0.35"),
        ("CROSS_UNIT_SITUATION_SIMILARITY", "0.35"),
        ("CROSS_UNIT_GOAL_SIMILARITY", "0.15"),
        ("CROSS_UNIT_MAX_ITEMS", "1"),
        ("CROSS_UNIT_PAIRING", "måske"),
        ("CROSS_UNIT_SCHEDULE", "hver mandag"),
    ):
        with pytest.raises(ConfigError) as caught:
            load_settings({name: value}, require_slack=False)
        assert name in str(caught.value) and "\n" not in str(caught.value)


def test_the_job_is_weekly_by_default_and_the_schedule_is_a_setting() -> None:
    assert parse_weekly("mon 08:00") == ("mon", 8, 0)
    assert parse_weekly("Søndag 23:59") == ("sun", 23, 59)
    assert JOBS["cross-unit-threads"][0] is cross_unit_threads.run
    assert JOBS["cross-unit-follow-up"][0] is cross_unit_threads.follow_up
    assert trigger_of("cross-unit-threads", Settings()) == {
        "trigger": "cron",
        "day_of_week": "mon",
        "hour": 8,
        "minute": 0,
    }
    friday = load_settings({"CROSS_UNIT_SCHEDULE": "fredag 14:15"}, require_slack=False)
    assert trigger_of("cross-unit-threads", friday) == {
        "trigger": "cron",
        "day_of_week": "fri",
        "hour": 14,
        "minute": 15,
    }
