"""Related items the moment one is saved, over the sandbox with Slack's latency switched on.

Managers of Tværby Kommune log items through /barriere as Slack sends it; the confirmation
shows related open items of other units (and what others learned), and *Følg*, *Tag kontakt*
and *Ikke relateret* are clicked as Slack would send the clicks.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select

from bot import clock
from bot.db import session_scope
from bot.models import (
    CrossUnitThread,
    FollowNotice,
    Item,
    ItemDismissal,
    ItemFollow,
    Workspace,
)
from bot.services import privacy
from jobs import cross_unit_threads
from jobs.follow_notices import send_follow_notices
from sandbox import fill
from tests.conftest import BOT_TOKEN, RunningApp, add_org_users, import_example_org
from tests.test_threads import working

ANNA, RIKKE, DAVID, BO, EMMA, FREJA = "U0ANNA", "U0RIKKE", "U0DAVID", "U0BO", "U0EMMA", "U0FREJA"
CAMILLA, STRANGER = "U0CAMILLA", "U0STRANGER"
CHANNEL = "C0TVAERS"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# Slack answers in hundreds of milliseconds: every Web API call and response_url waits this.
LATENCY = 0.4
SLACK_LIMIT = 3.0

DAVIDS = (
    "Unge med angst på sygedagpenge venter måneder på psykiatrisk behandling, så de falder ud "
    "af arbejdsmarkedet"
)
ANNAS = (
    "Vores borgere på sygedagpenge med angst kan ikke få behandling i psykiatrien før om et "
    "halvt år"
)
DEMENTIA = (
    "Ældre med demens bliver indlagt igen, fordi hjemmeplejen ikke ved, hvad sygehuset har aftalt"
)
READMITTED = "Genindlæggelser af ældre borgere med demens – vi får ikke besked fra sygehuset"
PERMITS = "Lang ventetid på byggetilladelser til handicapboliger"


@pytest.fixture
def org_app(app: RunningApp) -> RunningApp:
    """Tværby Kommune with a cross-unit channel, and Slack as slow as the real one."""
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    app.fake.add_channel(CHANNEL, "tvaers", is_member=True)
    with session_scope(app.sessions) as session:
        workspace = session.get(Workspace, app.fake.team_id)
        assert workspace is not None
        workspace.cross_unit_channel = CHANNEL
    return app


def slow(app: RunningApp) -> None:
    app.fake.latency = LATENCY


def quick(app: RunningApp, user: str, text: str) -> dict[str, Any]:
    """Log with `/barriere TEXT`: the confirmation must come within Slack's 3 seconds. The
    message that follows it with the related items, or the confirmation when none follows."""
    before = len(app.fake.calls_to("response_url"))
    answer = app.sender.command(text, user_id=user)
    assert answer.seconds < SLACK_LIMIT
    assert answer.status == 200
    confirmation: dict[str, Any] = answer.json()
    assert "gemt" in confirmation["text"] and not suggested(confirmation)
    after = app.fake.calls_to("response_url")[before:]
    assert len(after) <= 1  # one message with the related items, never a second
    return dict(after[0].args) if after else confirmation


def item_id(app: RunningApp, text: str) -> int:
    with app.session() as session:
        found = session.scalar(select(Item.id).where(Item.text == text))
        assert found is not None
        return int(found)


def suggested(message: dict[str, Any]) -> list[int]:
    """The related items a message shows, by the ids in their buttons."""
    ids = []
    for block in message.get("blocks") or []:
        if block.get("type") == "actions" and block["block_id"].startswith("suggest_actions_"):
            ids.append(int(block["block_id"].rsplit("_", 1)[1]))
    return ids


def click(
    app: RunningApp, user: str, message: dict[str, Any], action_id: str, other: int
) -> tuple[Any, float]:
    """Click a suggestion's button under `message` (the one about item `other`)."""
    block = next(
        b
        for b in message["blocks"]
        if b.get("type") == "actions" and b["block_id"].endswith(f"_{other}")
        if any(e["action_id"] == action_id for e in b["elements"])
    )
    started = time.monotonic()
    answer = app.sender.block_action(
        user_id=user,
        action_id=action_id,
        block_id=block["block_id"],
        message=message,
        channel_id="C0GENERAL",
    )
    return answer, time.monotonic() - started


def replaced(app: RunningApp) -> dict[str, Any]:
    """The message a click put in place of the one clicked (via response_url)."""
    call = app.fake.last("response_url")
    assert call is not None and call.args.get("replace_original") is True
    return dict(call.args)


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False)


# -- shown at once ---------------------------------------------------------------------------


def test_a_quick_item_shows_the_related_item_of_another_unit_and_why(org_app: RunningApp) -> None:
    quick(org_app, DAVID, DAVIDS)
    quick(org_app, RIKKE, "Vi mangler et fælles sprog om angst blandt ledige")  # Anna's own unit
    quick(org_app, EMMA, PERMITS)
    slow(org_app)
    body = quick(org_app, ANNA, ANNAS)
    assert body["response_type"] == "ephemeral" and body["replace_original"] is False
    assert suggested(body) == [item_id(org_app, DAVIDS)]
    shown = text_of(body)
    assert "Dit punkt: »Vores borgere på sygedagpenge med angst" in shown
    assert "Socialpsykiatrien" in shown and f"<@{DAVID}>" in shown
    assert "I skriver begge om" in shown and "angst" in shown
    assert "Byg" not in shown and "byggetilladelser" not in shown
    assert {"suggest_follow", "suggest_contact", "suggest_unrelated"} <= {
        e["action_id"] for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]
    }


def test_related_items_found_too_late_are_not_shown_but_app_home_has_them(
    org_app: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handlers.suggest

    quick(org_app, DAVID, DAVIDS)
    # A bot so busy that no related items are found within the bound after the answer.
    monkeypatch.setattr(handlers.suggest, "RELATED_WITHIN", -1.0)
    body = quick(org_app, ANNA, ANNAS)
    assert "gemt" in body["text"] and not suggested(body)  # the confirmation, nothing after it
    monkeypatch.undo()
    org_app.sender.event({"type": "app_home_opened", "user": ANNA, "tab": "home"})
    home = org_app.fake.home_view(ANNA)
    assert home is not None and "Beslægtet: Socialpsykiatrien" in text_of(home)


def test_an_anonymous_related_item_never_shows_its_author(org_app: RunningApp) -> None:
    view = open_form(org_app, CAMILLA)
    answers = {"barrier_text": DEMENTIA, "barrier_anonymous": ["anonymous"]}
    org_app.sender.view_submission(view, user_id=CAMILLA, values=fill(view, answers))
    body = quick(org_app, BO, READMITTED)
    assert suggested(body) == [item_id(org_app, DEMENTIA)]
    assert CAMILLA not in text_of(body)
    assert "Familieafdelingen" in text_of(body)


def test_the_form_confirmation_shows_related_items_within_three_seconds(
    org_app: RunningApp,
) -> None:
    quick(org_app, DAVID, DAVIDS)
    slow(org_app)
    view = open_form(org_app, ANNA)
    started = time.monotonic()
    answer = org_app.sender.view_submission(
        view, user_id=ANNA, values=fill(view, {"barrier_text": ANNAS})
    )
    assert time.monotonic() - started < SLACK_LIMIT
    assert answer.status == 200
    assert suggested(replaced_or_posted(org_app)) == [item_id(org_app, DAVIDS)]


def test_a_manager_the_organisation_does_not_know_still_gets_suggestions(
    org_app: RunningApp,
) -> None:
    org_app.fake.add_user(STRANGER, name="Ny Leder")
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, STRANGER, ANNAS)
    assert suggested(body) == [item_id(org_app, DAVIDS)]


def test_a_near_miss_sharing_a_word_is_not_suggested(org_app: RunningApp) -> None:
    quick(org_app, FREJA, "Vi mangler lægeattester fra de praktiserende læger i opfølgningen")
    body = quick(org_app, ANNA, ANNAS)
    assert suggested(body) == []


def test_what_others_learned_shows_the_resolution_note(org_app: RunningApp) -> None:
    quick(org_app, BO, DEMENTIA)
    resolve(org_app, BO, "Fast ugentlig tid hos sygehusets udskrivningskoordinator")
    body = quick(org_app, EMMA, READMITTED)
    assert suggested(body) == [item_id(org_app, DEMENTIA)]
    shown = text_of(body)
    assert "Det har andre enheder lært" in shown and "Løst i Hjemmeplejen i" in shown
    assert "Fast ugentlig tid hos sygehusets udskrivningskoordinator" in shown
    actions = [
        e["action_id"]
        for b in body["blocks"]
        if b["type"] == "actions" and b["block_id"].startswith("suggest")
        for e in b["elements"]
    ]
    assert actions == ["suggest_unrelated"]  # nothing to follow or join: it is solved


# -- Ikke relateret ------------------------------------------------------------------------------


def test_not_related_is_remembered_for_suggestions_and_the_weekly_run(
    org_app: RunningApp,
) -> None:
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    davids = item_id(org_app, DAVIDS)
    slow(org_app)
    answer, took = click(org_app, ANNA, body, "suggest_unrelated", davids)
    assert answer.status == 200 and took < SLACK_LIMIT
    again, _ = click(org_app, ANNA, body, "suggest_unrelated", davids)  # a double click
    assert again.status == 200
    shown = replaced(org_app)
    assert suggested(shown) == [] and "ikke relateret" in text_of(shown)
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(ItemDismissal)) == 1
    org_app.fake.clear_faults()
    # The weekly run does not put the two in one thread either.
    with session_scope(org_app.sessions) as session:
        cross_unit_threads.run(
            session, client(org_app), working(clock.now()), settings=org_app.settings
        )
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(CrossUnitThread)) == 0


# -- Følg ----------------------------------------------------------------------------------------


def test_follow_tells_the_follower_once_when_the_item_moves(org_app: RunningApp) -> None:
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    davids = item_id(org_app, DAVIDS)
    slow(org_app)
    first, took = click(org_app, ANNA, body, "suggest_follow", davids)
    assert first.status == 200 and took < SLACK_LIMIT
    click(org_app, ANNA, body, "suggest_follow", davids)  # a double click
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(ItemFollow)) == 1
    assert "Du følger" in text_of(replaced(org_app))
    org_app.fake.clear_faults()

    resolve(org_app, DAVID, "Psykiatrien giver jobcentret en fast ugentlig konsultationstid")
    notices(org_app)
    notices(org_app)  # a second run (or a second clock) sends nothing more
    dms = dms_to(org_app, ANNA)
    assert len(dms) == 1
    shown = text_of(dms[0])
    assert "Et punkt, du følger, har flyttet sig" in shown and "Løst" in shown
    assert "fast ugentlig konsultationstid" in shown
    # The author's own change is not news to the author.
    assert dms_to(org_app, DAVID) == []


def test_stop_following_from_the_notice_ends_the_notices(org_app: RunningApp) -> None:
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    click(org_app, ANNA, body, "suggest_follow", item_id(org_app, DAVIDS))
    resolve(org_app, DAVID, "Vi har aftalt et møde", status="in_progress")
    notices(org_app)
    [notice] = dms_to(org_app, ANNA)
    assert "I gang" in text_of(notice)
    channel = client(org_app).conversations_open(users=ANNA)["channel"]["id"]
    org_app.sender.block_action(
        user_id=ANNA, action_id="suggest_unfollow", message=notice, channel_id=channel
    )
    assert "ikke længere" in text_of(org_app.fake.last("response_url").args)  # type: ignore[union-attr]
    resolve(org_app, DAVID, "Fast tid")
    notices(org_app)
    assert len(dms_to(org_app, ANNA)) == 1


def test_a_notice_whose_answer_was_lost_is_found_in_the_dm_not_sent_twice(
    org_app: RunningApp,
) -> None:
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    click(org_app, ANNA, body, "suggest_follow", item_id(org_app, DAVIDS))
    resolve(org_app, DAVID, "Fast tid")
    # Slack posts it, then answers 500: the bot must look in the DM before sending again.
    org_app.fake.fail("chat.postMessage", status=500, processed=True)
    notices(org_app)
    notices(org_app)
    assert len(dms_to(org_app, ANNA)) == 1
    with org_app.session() as session:
        assert session.scalars(select(FollowNotice.state)).all() == ["sent"]


def test_a_notice_slack_did_not_post_is_sent_on_the_next_run(org_app: RunningApp) -> None:
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    click(org_app, ANNA, body, "suggest_follow", item_id(org_app, DAVIDS))
    resolve(org_app, DAVID, "Fast tid")
    org_app.fake.fail("chat.postMessage", status=503)
    notices(org_app)
    assert dms_to(org_app, ANNA) == []
    notices(org_app)
    assert len(dms_to(org_app, ANNA)) == 1


# -- Tag kontakt ---------------------------------------------------------------------------------


def test_get_in_touch_opens_one_thread_now_even_on_a_double_click(org_app: RunningApp) -> None:
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    davids = item_id(org_app, DAVIDS)
    slow(org_app)
    first, took = click(org_app, ANNA, body, "suggest_contact", davids)
    assert first.status == 200 and took < SLACK_LIMIT
    second, took = click(org_app, ANNA, body, "suggest_contact", davids)
    assert second.status == 200 and took < SLACK_LIMIT
    roots = [c for c in org_app.fake.calls_to("chat.postMessage") if c.args["channel"] == CHANNEL]
    assert len(roots) == 1
    root = text_of(roots[0].args)
    assert f"<@{DAVID}>" in root and f"<@{ANNA}>" in root
    assert "angst" in root
    after = replaced(org_app)
    assert f"<#{CHANNEL}>" in text_of(after)
    # The related item stays in view, now as "in the same thread", with nothing left to open.
    assert suggested(after) == [davids] and "I er i samme tråd" in text_of(after)
    assert "suggest_contact" not in text_of(after)
    org_app.fake.clear_faults()
    # The weekly run finds the pair already in a thread: nothing new is posted.
    with session_scope(org_app.sessions) as session:
        cross_unit_threads.run(
            session, client(org_app), working(clock.now()), settings=org_app.settings
        )
    roots = [c for c in org_app.fake.calls_to("chat.postMessage") if c.args["channel"] == CHANNEL]
    assert len(roots) == 1


def test_get_in_touch_joins_the_thread_the_other_item_is_already_in(
    org_app: RunningApp,
) -> None:
    quick(org_app, DAVID, DAVIDS)
    quick(org_app, "U0GUSTAV", "Unge med angst på sygedagpenge mister kontakten til uddannelse")
    with session_scope(org_app.sessions) as session:
        cross_unit_threads.run(
            session, client(org_app), working(clock.now()), settings=org_app.settings
        )
    with org_app.session() as session:
        [thread] = session.scalars(select(CrossUnitThread)).all()
        root_ts = thread.root_ts
    body = quick(org_app, ANNA, ANNAS)
    davids = item_id(org_app, DAVIDS)
    assert davids in suggested(body)
    click(org_app, ANNA, body, "suggest_contact", davids)
    note = org_app.fake.last("chat.postMessage")
    assert note is not None and note.args.get("thread_ts") == root_ts
    assert f"<@{ANNA}>" in text_of(note.args)
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(CrossUnitThread)) == 1


def test_get_in_touch_without_a_channel_says_who_can_set_it(org_app: RunningApp) -> None:
    with session_scope(org_app.sessions) as session:
        workspace = session.get(Workspace, org_app.fake.team_id)
        assert workspace is not None
        workspace.cross_unit_channel = None
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    click(org_app, ANNA, body, "suggest_contact", item_id(org_app, DAVIDS))
    assert "administrator" in text_of(replaced(org_app))
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(CrossUnitThread)) == 0


def test_only_the_author_can_use_the_buttons_under_their_item(org_app: RunningApp) -> None:
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    answer, _ = click(org_app, BO, body, "suggest_follow", item_id(org_app, DAVIDS))
    assert answer.status == 200
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(ItemFollow)) == 0


# -- App Home ------------------------------------------------------------------------------------


def test_app_home_lists_related_items_beside_each_own_item(org_app: RunningApp) -> None:
    quick(org_app, DAVID, DAVIDS)
    quick(org_app, ANNA, ANNAS)
    slow(org_app)
    org_app.sender.event({"type": "app_home_opened", "user": ANNA, "tab": "home"})
    home = org_app.fake.home_view(ANNA)
    assert home is not None and "Beslægtet: Socialpsykiatrien" in text_of(home)
    button = next(
        e
        for b in home["blocks"]
        if b.get("accessory", {}).get("action_id") == "suggest_show"
        for e in [b["accessory"]]
    )
    started = time.monotonic()
    org_app.sender.block_action(user_id=ANNA, action_id="suggest_show", view=home)
    assert time.monotonic() - started < SLACK_LIMIT
    assert button["value"] == str(item_id(org_app, ANNAS))
    modal = org_app.fake.calls_to("views.open")[-1].response["view"]
    davids = item_id(org_app, DAVIDS)
    assert suggested(modal) == [davids]
    block = next(
        b for b in modal["blocks"] if b["block_id"] == f"suggest_actions_{button['value']}_{davids}"
    )
    org_app.sender.block_action(
        user_id=ANNA, action_id="suggest_unrelated", block_id=block["block_id"], view=modal
    )
    updated = org_app.fake.calls_to("views.update")[-1].args["view"]
    assert suggested(updated) == [] and "ikke relateret" in text_of(updated)


# -- helpers -------------------------------------------------------------------------------------


def open_form(app: RunningApp, user: str) -> dict[str, Any]:
    before = len(app.fake.calls_to("views.open"))
    app.sender.command("", user_id=user)
    calls = app.fake.calls_to("views.open")
    assert len(calls) == before + 1
    return dict(calls[-1].response["view"])


def replaced_or_posted(app: RunningApp) -> dict[str, Any]:
    call = app.fake.last("response_url")
    assert call is not None
    return dict(call.args)


def resolve(app: RunningApp, user: str, note: str, status: str = "resolved") -> None:
    """The author resolves their (only open) item from `/barriere mine` with a note."""
    body = app.sender.command("mine", user_id=user).json()
    block = next(b for b in body["blocks"] if b["type"] == "actions")
    app.sender.block_action(
        user_id=user,
        action_id="item_resolve",
        block_id=block["block_id"],
        message=body,
        channel_id="C0GENERAL",
    )
    view = app.fake.calls_to("views.open")[-1].response["view"]
    answers = {"barrier_status": status, "barrier_note": note}
    answer = app.sender.view_submission(view, user_id=user, values=fill(view, answers))
    assert answer.status == 200


def client(app: RunningApp) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=app.fake.base_url)


def notices(app: RunningApp) -> str:
    """The follow-notices job, now or (on a closed day) on the next working day."""
    with session_scope(app.sessions) as session:
        return send_follow_notices(session, client(app), working(clock.now()))


def dms_to(app: RunningApp, user: str) -> list[dict[str, Any]]:
    """The bot's messages in its DM with `user`, as Slack holds them (landed, whatever the
    answer said)."""
    channel = client(app).conversations_open(users=user)["channel"]["id"]
    return [m for m in app.fake.messages(channel) if m.get("bot_id") or m.get("metadata")]


def test_own_data_lists_what_one_follows_and_erasure_removes_it(org_app: RunningApp) -> None:
    quick(org_app, DAVID, DAVIDS)
    quick(org_app, EMMA, READMITTED)
    quick(org_app, BO, DEMENTIA)
    body = quick(org_app, ANNA, ANNAS)
    davids = item_id(org_app, DAVIDS)
    click(org_app, ANNA, body, "suggest_follow", davids)
    later = quick(org_app, CAMILLA, DEMENTIA.replace("Ældre", "Gamle"))
    click(org_app, CAMILLA, later, "suggest_unrelated", item_id(org_app, DEMENTIA))
    with session_scope(org_app.sessions) as session:
        data = privacy.export_person(session=session, team_id=org_app.fake.team_id, user_id=ANNA)
        assert [f["item"] for f in data["following"]] == [davids]
        privacy.erase_person(session=session, team_id=org_app.fake.team_id, user_id=ANNA)
        privacy.erase_person(session=session, team_id=org_app.fake.team_id, user_id=CAMILLA)
    with org_app.session() as session:
        assert session.scalar(select(func.count()).select_from(ItemFollow)) == 0
        # The pair stays apart, without who said so.
        assert session.scalars(select(ItemDismissal.user_id)).all() == [privacy.ERASED]


def test_follow_notices_wait_for_a_working_day(
    org_app: RunningApp, travel: Callable[[datetime], None]
) -> None:
    travel(datetime(2026, 12, 23, 10, 0, tzinfo=COPENHAGEN))
    quick(org_app, DAVID, DAVIDS)
    body = quick(org_app, ANNA, ANNAS)
    click(org_app, ANNA, body, "suggest_follow", item_id(org_app, DAVIDS))
    resolve(org_app, DAVID, "Fast tid")
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=COPENHAGEN)
    with session_scope(org_app.sessions) as session:
        summary = send_follow_notices(session, client(org_app), christmas_eve)
    assert "closed" in summary and "2026-12-28" in summary
    assert dms_to(org_app, ANNA) == []
    monday = datetime(2026, 12, 28, 9, 0, tzinfo=COPENHAGEN)
    with session_scope(org_app.sessions) as session:
        send_follow_notices(session, client(org_app), monday)
    assert len(dms_to(org_app, ANNA)) == 1


def test_an_anonymous_author_who_gets_in_touch_is_told_the_thread_does_not_name_them(
    org_app: RunningApp,
) -> None:
    quick(org_app, DAVID, DAVIDS)
    view = open_form(org_app, ANNA)
    answers = {"barrier_text": ANNAS, "barrier_anonymous": ["anonymous"]}
    org_app.sender.view_submission(view, user_id=ANNA, values=fill(view, answers))
    body = replaced_or_posted(org_app)
    click(org_app, ANNA, body, "suggest_contact", item_id(org_app, DAVIDS))
    [root] = [c for c in org_app.fake.calls_to("chat.postMessage") if c.args["channel"] == CHANNEL]
    # Jobcentret is asked through all its managers, so nobody can tell which one wrote it.
    shown = text_of(root.args)
    assert f"noteret af <@{ANNA}>" not in shown and f"<@{ANNA}>, <@{RIKKE}> (Jobcentret)" in shown
    assert "Dit punkt er anonymt, så tråden nævner dig ikke" in text_of(replaced(org_app))
