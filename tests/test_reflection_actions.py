"""The prompt's buttons, its modal, "Gem som barriere", pause and resume, the single reminder and
the App Home section, through the app over real HTTP with the clock's ticks at frozen moments."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.models import Item, ReflectionPrefs, Workspace
from bot.texts import prose_date
from bot.views.reflection import format_moment
from sandbox import fill
from tests.conftest import RunningApp, add_org_users, import_example_org
from tests.test_reflection import (
    ANNA,
    BO,
    CAMILLA,
    CPH,
    DAVID,
    MANAGERS,
    at_local,
    local,
    prompts_to,
    reminders_to,
    tick,
    upcoming_monday,
)
from tests.test_reflection_dm import MONDAY, dm_channel, prompt_row, shown_prompt, write


@pytest.fixture
def org_app(app: RunningApp) -> RunningApp:
    """The app with Tværby Kommune imported."""
    add_org_users(app.fake)
    import_example_org(app.sessions, app.fake)
    return app


@pytest.fixture
def prompted(org_app: RunningApp) -> RunningApp:
    """Every manager got the prompt of week 50."""
    tick(org_app.sessions, org_app.fake, MONDAY)
    return org_app


def _latest_prompt(app: RunningApp, user: str = ANNA) -> dict[str, Any]:
    return prompts_to(app.fake, user)[-1]


def click(
    app: RunningApp,
    action_id: str,
    *,
    user: str = ANNA,
    owner: str | None = None,
    option: str | None = None,
    message: dict[str, Any] | None = None,
) -> Any:
    """`user` clicks a button (or picks an option) on the latest prompt in `owner`'s DM."""
    owner = owner or user
    message = message or _latest_prompt(app, owner)
    return app.sender.block_action(
        user_id=user,
        action_id=action_id,
        message=message,
        channel_id=dm_channel(app, owner),
        selected_option=option,
    )


def opened_view(app: RunningApp) -> dict[str, Any]:
    """The last modal the bot opened."""
    call = app.fake.last("views.open")
    assert call is not None and call.ok
    view: dict[str, Any] = call.response["view"]
    return view


def submit(app: RunningApp, answers: dict[str, str], user: str = ANNA) -> Any:
    """Fill in the open modal and submit it."""
    view = opened_view(app)
    return app.sender.view_submission(view, user_id=user, values=fill(view, answers))


def home(app: RunningApp, user: str = ANNA) -> dict[str, Any]:
    """The user opens App Home; the view the bot published."""
    app.sender.event({"type": "app_home_opened", "user": user, "tab": "home"})
    view = app.fake.home_view(user)
    assert view is not None
    return view


def home_click(app: RunningApp, action_id: str, option: str | None = None) -> None:
    """Anna uses a control in her App Home."""
    view = app.fake.home_view(ANNA) or home(app)
    app.sender.block_action(user_id=ANNA, action_id=action_id, view=view, selected_option=option)


# -- the modal --------------------------------------------------------------------------------


def test_the_answer_modal_needs_one_answer_refuses_cpr_and_saves(prompted: RunningApp) -> None:
    click(prompted, "reflection_answer")
    view = opened_view(prompted)
    assert view["callback_id"] == "reflection_modal"
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == [
        "Hvor ser du et særligt behov for en tværgående løsning?",
        "Hvilke barrierer ser du?",
        "Hvad kan du gøre for at hjælpe løsningen på vej?",
        "Direktionens overblik",  # may the answer be quoted (without a name)? off by default
    ]
    empty = submit(prompted, {}).json()
    assert empty["response_action"] == "errors" and "reflection_need" in empty["errors"]
    cpr = submit(prompted, {"reflection_barriers": "Borger 010190-1234 mangler bolig"}).json()
    assert "CPR-nummer" in cpr["errors"]["reflection_barriers"]
    assert "010190" not in json.dumps(cpr)
    assert prompt_row(prompted).answered_at is None
    ok = submit(
        prompted,
        {
            "reflection_need": "Unge mellem skole og job",
            "reflection_barriers": "Vi må ikke se hinandens journaler",
        },
    )
    assert ok.status == 200 and ok.body in (b"", b"{}")
    row = prompt_row(prompted)
    assert (row.answer_need, row.answer_barriers, row.answer_action) == (
        "Unge mellem skole og job",
        "Vi må ikke se hinandens journaler",
        None,
    )
    shown = shown_prompt(prompted)
    assert "Tak – dit svar for uge 50 er gemt" in shown and "Vi må ikke se hinandens" in shown
    assert "Redigér svar" in shown and "Gem som barriere" in shown


def test_an_answer_is_private_unless_marked_shareable(prompted: RunningApp) -> None:
    click(prompted, "reflection_answer")
    submit(prompted, {"reflection_need": "Unge mellem skole og job"})
    assert prompt_row(prompted).shareable is False
    click(prompted, "reflection_answer")
    submit(
        prompted,
        {"reflection_need": "Unge mellem skole og job", "reflection_shareable": ["shareable"]},
    )
    assert prompt_row(prompted).shareable is True
    click(prompted, "reflection_answer")
    box = next(
        b for b in opened_view(prompted)["blocks"] if b["block_id"] == "reflection_shareable"
    )
    assert box["element"]["initial_options"][0]["value"] == "shareable"


def test_editing_the_answer_prefills_the_modal(prompted: RunningApp) -> None:
    click(prompted, "reflection_answer")
    submit(prompted, {"reflection_action": "Ringe til PPR"})
    click(prompted, "reflection_answer")
    action = next(
        b for b in opened_view(prompted)["blocks"] if b["block_id"] == "reflection_action"
    )
    assert action["element"]["initial_value"] == "Ringe til PPR"
    submit(prompted, {"reflection_action": "Ringe til PPR i morgen"})
    assert prompt_row(prompted).answer_action == "Ringe til PPR i morgen"


def test_gem_som_barriere_opens_barriere_prefilled_with_answer_two(prompted: RunningApp) -> None:
    click(prompted, "reflection_answer")
    submit(prompted, {"reflection_barriers": "Journalsystemerne taler ikke sammen"})
    click(prompted, "reflection_to_barrier")
    view = opened_view(prompted)
    assert view["callback_id"] == "barrier_modal"
    text = next(b for b in view["blocks"] if b["block_id"] == "barrier_text")
    assert text["element"]["initial_value"] == "Journalsystemerne taler ikke sammen"
    units = next(b for b in view["blocks"] if b["block_id"] == "barrier_units")
    assert [o["text"]["text"] for o in units["element"]["initial_options"]] == ["Jobcentret"]
    assert submit(prompted, {}).status == 200
    with prompted.session() as session:
        [item] = session.scalars(select(Item)).all()
        assert (item.author_id, item.kind, item.text) == (
            ANNA,
            "barrier",
            "Journalsystemerne taler ikke sammen",
        )
    confirmed = prompted.fake.last("response_url")
    assert confirmed is not None and "Barriere gemt" in confirmed.args["text"]


def test_gem_som_barriere_after_a_reply_in_the_dm_uses_what_was_written(
    prompted: RunningApp,
) -> None:
    write(prompted, "Ventetid på udredning")
    click(prompted, "reflection_to_barrier")
    text = next(b for b in opened_view(prompted)["blocks"] if b["block_id"] == "barrier_text")
    assert text["element"]["initial_value"] == "Ventetid på udredning"


def test_someone_elses_prompt_is_not_theirs_to_answer(prompted: RunningApp) -> None:
    before = len(prompted.fake.calls_to("views.open"))
    click(prompted, "reflection_answer", user=BO, owner=ANNA)
    assert len(prompted.fake.calls_to("views.open")) == before
    said = prompted.fake.last("response_url")
    assert said is not None and "ikke din refleksion" in said.args["text"]
    click(prompted, "reflection_skip", user=BO, owner=ANNA)
    assert prompt_row(prompted).skipped_at is None


# -- skip, pause, resume, and the single reminder ------------------------------------------


def test_skip_marks_the_week(prompted: RunningApp) -> None:
    click(prompted, "reflection_skip")
    assert prompt_row(prompted).skipped_at is not None
    shown = shown_prompt(prompted)
    assert "Du har sprunget uge 50 over" in shown and "reflection_skip" not in shown
    assert "reflection_answer" in shown  # answering anyway is still possible


def test_one_gentle_reminder_in_the_thread_and_never_a_second(prompted: RunningApp) -> None:
    write(prompted, "Et svar i DM'en")  # Anna answered
    click(prompted, "reflection_skip", user=BO)  # Bo skipped
    click(prompted, "reflection_pause", user=CAMILLA, option="2")  # Camilla paused
    tick(prompted.sessions, prompted.fake, local("2026-12-10 08:55"))
    assert reminders_to(prompted.fake, DAVID) == []
    summary = tick(prompted.sessions, prompted.fake, local("2026-12-10 09:00"))
    assert f"reminders: {MANAGERS - 3} sent" in summary
    [reminder] = reminders_to(prompted.fake, DAVID)
    assert reminder["thread_ts"] == prompt_row(prompted, DAVID).message_ts
    assert "påmindelse" in reminder["text"]
    for user in (ANNA, BO, CAMILLA):
        assert reminders_to(prompted.fake, user) == [], user
    for later in ("2026-12-10 09:05", "2026-12-11 09:00", "2026-12-13 12:00"):
        tick(prompted.sessions, prompted.fake, local(later))
    assert len(reminders_to(prompted.fake, DAVID)) == 1
    # Next week's prompt has its own (single) reminder.
    tick(prompted.sessions, prompted.fake, local("2026-12-14 09:00"))
    tick(prompted.sessions, prompted.fake, local("2026-12-17 09:00"))
    tick(prompted.sessions, prompted.fake, local("2026-12-18 09:00"))
    assert len(reminders_to(prompted.fake, DAVID)) == 2
    assert len(prompted.fake.calls_to("chat.postMessage")) == (
        MANAGERS + (MANAGERS - 3) + (MANAGERS - 1) + (MANAGERS - 1)
    )


def test_the_reminder_waits_for_the_workspaces_setting(prompted: RunningApp) -> None:
    with prompted.session() as session:
        workspace = session.get(Workspace, prompted.fake.team_id)
        assert workspace is not None
        if not hasattr(workspace, "reminder_days"):
            return  # the admin setting is not in this build: the default of 3 days applies
        workspace.reminder_days = 1
        session.commit()
    tick(prompted.sessions, prompted.fake, local("2026-12-08 09:00"))
    assert len(reminders_to(prompted.fake, ANNA)) == 1


def test_pause_for_two_weeks_from_the_prompt_then_it_comes_back(org_app: RunningApp) -> None:
    monday = upcoming_monday()
    tick(org_app.sessions, org_app.fake, at_local(monday, "09:00"))
    click(org_app, "reflection_pause", option="2")
    shown = shown_prompt(org_app)
    back = format_moment(at_local(monday + timedelta(weeks=3), "09:00").astimezone(CPH), "da")
    assert f"Tværs skriver igen {back}" in shown
    assert "reflection_resume" in shown and "reflection_pause" not in shown
    for week in (1, 2):
        tick(org_app.sessions, org_app.fake, at_local(monday + timedelta(weeks=week), "09:05"))
        tick(org_app.sessions, org_app.fake, at_local(monday + timedelta(weeks=week), "12:00"))
    assert len(prompts_to(org_app.fake, ANNA)) == 1
    assert len(prompts_to(org_app.fake, BO)) == 3
    assert reminders_to(org_app.fake, ANNA) == []
    tick(org_app.sessions, org_app.fake, at_local(monday + timedelta(weeks=3), "09:00"))
    assert len(prompts_to(org_app.fake, ANNA)) == 2


def test_pause_until_resumed_then_resume_catches_up_this_week(org_app: RunningApp) -> None:
    monday = upcoming_monday()
    tick(org_app.sessions, org_app.fake, at_local(monday, "09:00"))
    click(org_app, "reflection_pause", option="until")
    assert "indtil du genoptager" in shown_prompt(org_app)
    next_week = monday + timedelta(weeks=1)
    tick(org_app.sessions, org_app.fake, at_local(next_week, "09:00"))
    assert len(prompts_to(org_app.fake, ANNA)) == 1
    # Resumed on Tuesday morning: this week's prompt comes with the next tick.
    click(org_app, "reflection_resume")
    with org_app.session() as session:
        prefs = session.scalars(select(ReflectionPrefs)).one()
        assert (prefs.paused_indefinitely, prefs.paused_until) == (False, None)
    assert "reflection_pause" in shown_prompt(org_app)
    tick(org_app.sessions, org_app.fake, at_local(next_week + timedelta(days=1), "10:00"))
    assert len(prompts_to(org_app.fake, ANNA)) == 2


# -- App Home ---------------------------------------------------------------------------------


def _home_text(view: dict[str, Any]) -> str:
    return json.dumps(view, ensure_ascii=False)


def test_app_home_shows_the_next_prompt_and_the_managers_own_day_and_time(
    org_app: RunningApp, travel: Callable[[datetime], None]
) -> None:
    # A Sunday: the whole week ahead is still to come, whatever day the suite runs on.
    monday = upcoming_monday()
    travel(at_local(monday - timedelta(days=1), "12:00"))
    shown = _home_text(home(org_app))
    assert "Ugentlig refleksion" in shown and "Næste refleksion" in shown
    assert "mandag" in shown and "kl. 09:00" in shown and "Europe/Copenhagen" in shown
    home_click(org_app, "home_reflection_day", "2")
    home_click(org_app, "home_reflection_time", "08:30")
    shown = _home_text(org_app.fake.home_view(ANNA) or {})
    assert "Næste refleksion: *onsdag" in shown and "kl. 08:30" in shown
    assert "Brug fællesindstillingen" in shown
    tick(org_app.sessions, org_app.fake, at_local(monday, "09:00"))
    assert prompts_to(org_app.fake, ANNA) == [] and len(prompts_to(org_app.fake, BO)) == 1
    tick(org_app.sessions, org_app.fake, at_local(monday + timedelta(days=2), "08:25"))
    assert prompts_to(org_app.fake, ANNA) == []
    tick(org_app.sessions, org_app.fake, at_local(monday + timedelta(days=2), "08:30"))
    assert len(prompts_to(org_app.fake, ANNA)) == 1
    home_click(org_app, "home_reflection_reset")
    assert "Næste refleksion: *mandag" in _home_text(org_app.fake.home_view(ANNA) or {})


def test_pause_and_resume_from_app_home(
    org_app: RunningApp, travel: Callable[[datetime], None]
) -> None:
    # On a Sunday: resuming then brings "Næste refleksion", not this week's prompt on its way.
    travel(at_local(upcoming_monday() - timedelta(days=1), "12:00"))
    home(org_app)
    home_click(org_app, "home_reflection_pause", "4")
    shown = _home_text(org_app.fake.home_view(ANNA) or {})
    assert "På pause" in shown and "home_reflection_resume" in shown
    home_click(org_app, "home_reflection_resume")
    shown = _home_text(org_app.fake.home_view(ANNA) or {})
    assert "På pause" not in shown and "Næste refleksion" in shown


def test_app_home_lists_the_latest_answers_harmlessly(prompted: RunningApp) -> None:
    click(prompted, "reflection_answer")
    submit(prompted, {"reflection_need": "Fælles <!channel> indgang & én plan"})
    shown = _home_text(home(prompted))
    assert "Dine seneste svar" in shown and "Uge 50" in shown
    assert "Fælles @\u2060channel indgang &amp; én plan" in shown
    assert "<!channel>" not in shown


def test_directors_have_no_reflection_section(org_app: RunningApp) -> None:
    assert "Ugentlig refleksion" not in _home_text(home(org_app, "U0SOFIE"))


def test_a_home_choice_outside_the_offered_ones_changes_nothing(org_app: RunningApp) -> None:
    view = home(org_app)
    org_app.sender.block_action(
        user_id=ANNA,
        action_id="home_reflection_time",
        view=view,
        selected_option={"text": {"type": "plain_text", "text": "03:00"}, "value": "03:00"},
    )
    with org_app.session() as session:
        assert session.scalars(select(ReflectionPrefs.time)).all() in ([], [None])


def test_the_prompt_of_a_week_is_only_sent_once_even_after_changing_the_day(
    prompted: RunningApp,
) -> None:
    home(prompted)
    home_click(prompted, "home_reflection_day", "2")  # Wednesday, after Monday's prompt
    tick(prompted.sessions, prompted.fake, MONDAY + timedelta(days=2))
    assert len(prompts_to(prompted.fake, ANNA)) == 1


# -- pause until a day ------------------------------------------------------------------------


def _pick_day(app: RunningApp, action_id: str, day: date, *, view: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """Anna picks `day` in a datepicker: on her latest prompt, or in App Home (`view`)."""
    picked = {"selected_date": day.isoformat()}
    if view is not None:
        return app.sender.block_action(
            user_id=ANNA, action_id=action_id, view=view, extra_action=picked
        )
    return app.sender.block_action(
        user_id=ANNA,
        action_id=action_id,
        message=_latest_prompt(app),
        channel_id=dm_channel(app, ANNA),
        extra_action=picked,
    )


def test_pause_until_a_day_then_the_first_slot_on_or_after_it_comes_and_nothing_is_caught_up(
    org_app: RunningApp,
) -> None:
    monday = upcoming_monday()
    tick(org_app.sessions, org_app.fake, at_local(monday, "09:00"))
    back_on = monday + timedelta(weeks=2, days=2)  # a Wednesday: the slot is Monday 09:00
    _pick_day(org_app, "reflection_pause_date", back_on)
    with org_app.session() as session:
        prefs = session.scalars(select(ReflectionPrefs)).one()
        assert prefs.paused_to == back_on and prefs.paused_indefinitely is False
        # The day starts at midnight where Anna is.
        assert prefs.paused_until == at_local(back_on, "00:00")
    shown = shown_prompt(org_app)
    first_back = at_local(monday + timedelta(weeks=3), "09:00")
    assert f"på pause til {prose_date(back_on, 'da')}" in shown
    assert f"Tværs skriver igen {format_moment(first_back.astimezone(CPH), 'da')}" in shown
    assert "reflection_resume" in shown and "reflection_pause_date" not in shown
    # The paused weeks: no prompt, no reminder (Thursday), not even on the day itself
    # (its week's slot was before it), and none is caught up afterwards.
    for week in (0, 1, 2):
        for day, at in ((0, "09:05"), (0, "12:00"), (2, "09:00"), (3, "09:05"), (4, "13:00")):
            tick(
                org_app.sessions,
                org_app.fake,
                at_local(monday + timedelta(weeks=week, days=day), at),
            )
    assert len(prompts_to(org_app.fake, ANNA)) == 1 and reminders_to(org_app.fake, ANNA) == []
    assert len(prompts_to(org_app.fake, BO)) == 3
    tick(org_app.sessions, org_app.fake, first_back)
    assert len(prompts_to(org_app.fake, ANNA)) == 2
    tick(org_app.sessions, org_app.fake, first_back + timedelta(minutes=5))
    assert len(prompts_to(org_app.fake, ANNA)) == 2


def test_a_pause_until_the_slots_own_day_ends_with_that_days_prompt(org_app: RunningApp) -> None:
    monday = upcoming_monday()
    tick(org_app.sessions, org_app.fake, at_local(monday, "09:00"))
    _pick_day(org_app, "reflection_pause_date", monday + timedelta(weeks=1))
    tick(org_app.sessions, org_app.fake, at_local(monday + timedelta(weeks=1), "09:00"))
    assert len(prompts_to(org_app.fake, ANNA)) == 2


def test_pause_until_a_day_from_app_home_shows_the_day_and_resume_clears_it(
    org_app: RunningApp, travel: Callable[[datetime], None]
) -> None:
    monday = upcoming_monday()
    travel(at_local(monday - timedelta(days=1), "12:00"))
    view = home(org_app)
    assert "home_reflection_pause_date" in _home_text(view)
    back_on = monday + timedelta(weeks=4, days=1)  # a Tuesday
    _pick_day(org_app, "home_reflection_pause_date", back_on, view=view)
    shown = _home_text(org_app.fake.home_view(ANNA) or {})
    first_back = at_local(monday + timedelta(weeks=5), "09:00").astimezone(CPH)
    assert f"Pause til {prose_date(back_on, 'da')}. Tværs skriver igen *" in shown
    assert format_moment(first_back, "da") in shown
    assert "home_reflection_resume" in shown and "home_reflection_pause_date" not in shown
    home_click(org_app, "home_reflection_resume")
    shown = _home_text(org_app.fake.home_view(ANNA) or {})
    assert f"Pause til {prose_date(back_on, 'da')}" not in shown and "Næste refleksion" in shown
    with org_app.session() as session:
        prefs = session.scalars(select(ReflectionPrefs)).one()
        assert (prefs.paused_to, prefs.paused_until) == (None, None)


def test_pause_until_a_day_in_english(
    org_app: RunningApp, travel: Callable[[datetime], None]
) -> None:
    with org_app.session() as session:
        workspace = session.get(Workspace, org_app.fake.team_id)
        assert workspace is not None
        workspace.language = "en"
        session.commit()
    monday = upcoming_monday()
    travel(at_local(monday - timedelta(days=1), "12:00"))
    back_on = monday + timedelta(weeks=1)
    _pick_day(org_app, "home_reflection_pause_date", back_on, view=home(org_app))
    shown = _home_text(org_app.fake.home_view(ANNA) or {})
    assert f"Paused until {prose_date(back_on, 'en')}. Tværs writes again *" in shown


def test_a_past_or_far_day_is_refused_with_a_clear_message(
    org_app: RunningApp, travel: Callable[[datetime], None]
) -> None:
    monday = upcoming_monday()
    travel(at_local(monday, "10:00"))
    today = monday
    for day, message in (
        (today, "Vælg en dag efter i dag – pausen kan ikke slutte i dag eller før."),
        (today - timedelta(days=3), "Vælg en dag efter i dag"),
        (
            today + timedelta(days=366),
            "En pause kan højst vare et år. Vælg en dag til og med "
            f"{prose_date(today + timedelta(days=365), 'da')}.",
        ),
    ):
        _pick_day(org_app, "home_reflection_pause_date", day, view=home(org_app))
        notice = org_app.fake.last("views.open")
        assert notice is not None and message in json.dumps(notice.args, ensure_ascii=False)
    with org_app.session() as session:
        assert session.scalars(select(ReflectionPrefs.paused_until)).all() in ([], [None])
    # A year ahead to the day is allowed.
    _pick_day(
        org_app, "home_reflection_pause_date", today + timedelta(days=365), view=home(org_app)
    )
    with org_app.session() as session:
        assert session.scalars(select(ReflectionPrefs.paused_to)).one() == today + timedelta(
            days=365
        )


def test_a_pause_until_a_day_ends_at_midnight_in_the_managers_own_time_zone(
    org_app: RunningApp,
) -> None:
    from zoneinfo import ZoneInfo

    from bot.models import Person
    from bot.services import reflection as service
    from bot.services.schedule import local_moment, parse_hhmm

    new_york = ZoneInfo("America/New_York")
    with org_app.session() as session:
        anna = session.scalars(select(Person).where(Person.user_id == ANNA)).one()
        anna.tz = "America/New_York"
        session.commit()
    monday = upcoming_monday()
    tick(org_app.sessions, org_app.fake, local_moment(monday, parse_hhmm("09:00"), new_york))
    back_on = monday + timedelta(weeks=2)
    _pick_day(org_app, "reflection_pause_date", back_on)
    midnight = local_moment(back_on, parse_hhmm("00:00"), new_york)
    with org_app.session() as session:
        prefs = session.scalars(select(ReflectionPrefs)).one()
        assert (prefs.paused_to, prefs.paused_until) == (back_on, midnight)
    # Her prompt that day comes at 09:00 in New York, not before.
    tick(org_app.sessions, org_app.fake, at_local(back_on, "09:00"))
    assert len(prompts_to(org_app.fake, ANNA)) == 1
    tick(org_app.sessions, org_app.fake, local_moment(back_on, parse_hhmm("09:00"), new_york))
    assert len(prompts_to(org_app.fake, ANNA)) == 2
    # When Slack reports that she moved, the day ends at midnight where she is now.
    with org_app.session() as session:
        service.store_tz(session=session, team_id=org_app.fake.team_id, user_id=ANNA, tz="UTC")
        session.commit()
        prefs = session.scalars(select(ReflectionPrefs)).one()
        assert prefs.paused_until == datetime.combine(back_on, datetime.min.time(), tzinfo=UTC)
