"""The working-day calendar: every scheduled send lands on a working day, for every slot.

The property tests are pure (the schedule functions, no Slack, no database) over 2025–2035; the
end-to-end tests run the real jobs against the sandbox at chosen moments.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.db import session_scope
from bot.errors import InputError
from bot.ids import Admin
from bot.models import Workspace
from bot.services import schedule
from bot.services.calendar import (
    DEFAULT,
    Closure,
    WorkCalendar,
    add_closure,
    calendar_for,
    validate_closure,
)
from bot.services.digest import latest_due_month, post_time
from bot.services.effect import shift_month
from sandbox import FakeSlack
from tests.conftest import RunningApp
from tests.test_admin import ADMIN, admin_modal, audit_rows, click, home_text, open_home, submit
from tests.test_admin import org_app as admin_app_fixture
from tests.test_reflection import ANNA, local, prompts_to, tick
from tests.test_reflection import org as org  # the fixture
from tests.test_threads import daily, roots, two_areas, weekly
from tests.test_threads import org_app as org_app  # the fixture

admin_app = admin_app_fixture
CPH = ZoneInfo("Europe/Copenhagen")
FIRST, LAST = date(2025, 1, 1), date(2035, 12, 31)
TEAM = "T0TVAERS"


def _christmas_closures() -> tuple[Closure, ...]:
    return tuple(
        Closure(date(year, 12, 23), date(year + 1, 1, 2), "Juleluk") for year in range(2024, 2036)
    )


def _random_closures(seed: int) -> tuple[Closure, ...]:
    rng = random.Random(seed)
    found = []
    for _ in range(40):
        start = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days))
        found.append(Closure(start, start + timedelta(days=rng.randrange(12)), f"Lukket {seed}"))
    return tuple(found)


CALENDARS = {
    "default": DEFAULT,
    "1 May": WorkCalendar(may_day=True),
    "Christmas closure": WorkCalendar(closures=_christmas_closures()),
    **{f"random {seed}": WorkCalendar(closures=_random_closures(seed)) for seed in range(3)},
}


def _mondays() -> list[date]:
    monday = schedule.monday_of(FIRST)
    found = []
    while monday <= LAST:
        found.append(monday)
        monday += timedelta(weeks=1)
    return found


# -- the pure calendar ---------------------------------------------------------------------------


def test_the_usual_closing_days_are_closed_and_1_may_is_an_option() -> None:
    for day, why in [
        (date(2029, 12, 24), "Juleaftensdag"),
        (date(2029, 12, 31), "Nytårsaftensdag"),
        (date(2029, 6, 5), "Grundlovsdag"),
        (date(2029, 5, 11), "Fredag efter Kristi himmelfartsdag"),  # Ascension: 10 May 2029
        (date(2029, 5, 10), "Kristi himmelfartsdag"),
        (date(2027, 1, 1), "Nytårsdag"),
        (date(2027, 1, 2), "weekend"),
    ]:
        assert DEFAULT.closed_because(day) == why, day
    assert DEFAULT.is_working_day(date(2029, 5, 1))
    assert WorkCalendar(may_day=True).closed_because(date(2029, 5, 1)) == "1. maj"
    own = WorkCalendar(closures=(Closure(date(2026, 12, 23), date(2027, 1, 2), "Juleluk"),))
    assert own.closed_because(date(2026, 12, 28)) == "Juleluk"
    assert own.next_working_day(date(2026, 12, 23)) == date(2027, 1, 4)


def test_the_findings_of_issue_17() -> None:
    # The default Monday prompt: not on 24 or 31 December 2029, but on the next working day.
    assert schedule.prompt_day(date(2029, 12, 24), 0) == date(2029, 12, 27)
    assert schedule.prompt_day(date(2029, 12, 31), 0) == date(2030, 1, 2)
    # Thursday after Ascension, then its Friday: the Monday after, not the closed Friday.
    assert schedule.prompt_day(date(2029, 5, 7), 3) == date(2029, 5, 14)
    # Grundlovsdag on a Tuesday: Wednesday.
    assert schedule.prompt_day(date(2029, 6, 4), 1) == date(2029, 6, 6)
    # The reminder three days after Monday 21 December 2026 fell on 24 December; the next
    # working day is Monday 28th, when the next prompt comes: that prompt is the reminder.
    assert schedule.reminder_due(local("2026-12-21 09:00"), CPH, 3) is None


@pytest.mark.parametrize("name", ["default", "Christmas closure"])
def test_reminders_land_on_working_days_before_the_next_prompt(name: str) -> None:
    calendar = CALENDARS[name]
    for weekday in range(5):
        slot = schedule.Slot(weekday=weekday, at=time(9, 0), zone=CPH, calendar=calendar)
        for monday in _mondays():
            due = slot.due_in_week(monday)
            if due is None:
                continue
            following = slot.next_due(due)
            closes = following[1] if following is not None else None
            for days in range(1, 7):
                window = schedule.reminder_due(due, CPH, days, calendar=calendar, closes=closes)
                if window is None:
                    continue
                assert calendar.is_working_day(window[0].astimezone(CPH).date())
                assert due < window[0] < window[1] and (closes is None or window[1] <= closes)


@pytest.mark.parametrize("name", list(CALENDARS))
def test_every_slot_gets_one_prompt_a_week_on_a_working_day(name: str) -> None:
    calendar = CALENDARS[name]
    mondays = _mondays()
    for weekday in range(7):  # Monday..Friday may be chosen; an admin may set a weekend day
        days = {monday: schedule.prompt_day(monday, weekday, calendar) for monday in mondays}
        sent = [day for day in days.values() if day is not None]
        # Never on a closed day, and never two on one day: each comes after the one before.
        assert all(calendar.is_working_day(day) for day in sent)
        assert all(a < b for a, b in pairwise(sent)), (name, weekday)
        for monday, day in days.items():
            slot = monday + timedelta(days=weekday)
            week = [monday + timedelta(days=k) for k in range(7)]
            if day is not None:
                # In its own week, or moved forward, at most six days past its slot.
                assert monday <= day <= slot + timedelta(days=6), (name, weekday, monday)
            elif any(calendar.is_working_day(d) for d in week):
                # Never left without a prompt silently: the week's working day has the
                # previous week's moved one.
                assert any(d in sent for d in week), (name, weekday, monday)
        if weekday < 5 and name in ("default", "1 May", "Christmas closure"):
            # Real calendars and the slots a manager may choose: every week that has a working
            # day has a prompt of its own.
            for monday, day in days.items():
                week_open = any(calendar.is_working_day(monday + timedelta(k)) for k in range(7))
                assert day is not None or not week_open, (name, weekday, monday)


@pytest.mark.parametrize("name", ["default", "Christmas closure"])
def test_the_slot_walks_from_prompt_to_prompt_without_skipping(name: str) -> None:
    slot = schedule.Slot(weekday=3, at=time(9, 0), zone=CPH, calendar=CALENDARS[name])
    moment = schedule.local_moment(FIRST, time(0, 0), CPH)
    periods = []
    while moment.year < 2031:
        found = slot.next_due(moment)
        assert found is not None
        period, due = found
        local_day = due.astimezone(CPH).date()
        assert slot.calendar.is_working_day(local_day) and due.astimezone(CPH).time() == time(9)
        # What the tick sees right then is this very prompt.
        assert slot.latest_due(due) == (period, due)
        periods.append(period)
        moment = due
    assert len(periods) == len(set(periods))


@pytest.mark.parametrize("name", ["default", "1 May", "Christmas closure"])
def test_every_month_has_one_digest_on_its_first_working_day(name: str) -> None:
    calendar = CALENDARS[name]
    tz = "Europe/Copenhagen"
    month, posts = "2024-12", []
    while month < "2035-12":
        when = post_time(month, tz, calendar)
        day = when.astimezone(CPH).date()
        following = shift_month(month, 1)
        assert f"{day:%Y-%m}" == following
        assert calendar.is_working_day(day) and day == calendar.first_working_day(
            day.year, day.month
        )
        assert when.astimezone(CPH).time() == time(8, 0)
        assert latest_due_month(when - timedelta(minutes=1), tz, calendar) == shift_month(month, -1)
        assert latest_due_month(when, tz, calendar) == month
        posts.append(day)
        month = following
    assert len(posts) == len(set(posts)) == 132
    assert post_time("2026-12", tz) == datetime(2027, 1, 4, 7, 0, tzinfo=ZoneInfo("UTC"))


def test_closing_days_as_admins_type_them() -> None:
    closure = validate_closure(date(2026, 12, 23), date(2027, 1, 2), "  Juleluk ")
    assert closure == Closure(date(2026, 12, 23), date(2027, 1, 2), "Juleluk")
    assert validate_closure(date(2027, 7, 1), None, "Sommer").end == date(2027, 7, 1)
    for start, end, name in [
        (date(2027, 1, 2), date(2027, 1, 1), "Bagvendt"),
        (date(2027, 1, 1), date(2027, 3, 1), "For lang"),
        (None, None, "Ingen dag"),
        (date(2027, 1, 1), None, " "),
    ]:
        with pytest.raises(InputError):
            validate_closure(start, end, name)


# -- end to end, over the sandbox ---------------------------------------------------------------


def test_no_prompt_on_christmas_eve_2029_and_the_next_working_day_gets_it(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    tick(org, fake, local("2029-12-24 09:05"))
    assert prompts_to(fake, ANNA) == []
    tick(org, fake, local("2029-12-27 08:55"))
    assert prompts_to(fake, ANNA) == []
    tick(org, fake, local("2029-12-27 09:05"))
    assert len(prompts_to(fake, ANNA)) == 1
    # New Year's Eve, then New Year's Day: the next week's comes on 2 January, once.
    for moment in ("2029-12-31 09:05", "2030-01-01 09:05"):
        tick(org, fake, local(moment))
    assert len(prompts_to(fake, ANNA)) == 1
    tick(org, fake, local("2030-01-02 09:05"))
    tick(org, fake, local("2030-01-02 09:10"))
    assert len(prompts_to(fake, ANNA)) == 2


def test_a_local_closure_moves_the_prompt_and_the_week_without_working_days_has_none(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    with session_scope(org) as session:
        add_closure(
            session=session,
            team_id=TEAM,
            closure=Closure(date(2029, 12, 27), date(2029, 12, 28), "Juleluk"),
            actor_id="U0ADMIN",
            now=local("2029-12-01 09:00"),
        )
        assert not calendar_for(session=session, team_id=TEAM).is_working_day(date(2029, 12, 27))
    for moment in ("2029-12-24 09:05", "2029-12-27 09:05", "2029-12-28 09:05", "2029-12-31 09:05"):
        tick(org, fake, local(moment))
    assert prompts_to(fake, ANNA) == []
    tick(org, fake, local("2030-01-02 09:05"))
    assert len(prompts_to(fake, ANNA)) == 1


def test_thursday_slots_after_ascension_come_on_monday(
    org: sessionmaker[Session], fake: FakeSlack
) -> None:
    with session_scope(org) as session:
        workspace = session.get(Workspace, TEAM)
        assert workspace is not None
        workspace.prompt_weekday = 3
    # Ascension Day 2029 is Thursday 10 May, the Friday after is closed.
    for moment in ("2029-05-10 09:05", "2029-05-11 09:05"):
        tick(org, fake, local(moment))
    assert prompts_to(fake, ANNA) == []
    tick(org, fake, local("2029-05-14 09:05"))
    assert len(prompts_to(fake, ANNA)) == 1
    tick(org, fake, local("2029-05-17 09:05"))  # that week's own, on its Thursday
    assert len(prompts_to(fake, ANNA)) == 2


def test_the_cross_unit_run_waits_for_a_working_day(org_app: RunningApp) -> None:
    two_areas(org_app)
    # Easter Monday 2027: the weekly run mentions nobody.
    easter_monday = datetime(2027, 3, 29, 6, 0, tzinfo=ZoneInfo("UTC"))
    summary = weekly(org_app, easter_monday)
    assert "is not a working day (Anden påskedag)" in summary and "2027-03-30" in summary
    assert roots(org_app) == []
    # The daily pass on Tuesday does the week's run, once.
    tuesday = easter_monday + timedelta(days=1, hours=1)
    assert "the weekly run of 2027-W13 was done now" in daily(org_app, tuesday)
    assert len(roots(org_app)) == 1
    assert "opened" not in daily(org_app, tuesday + timedelta(days=1))
    assert len(roots(org_app)) == 1


# -- App Home: the admins' working days and the first digest ------------------------------------


def test_admins_add_and_remove_closing_days_and_close_1_may(admin_app: RunningApp) -> None:
    app = admin_app
    text = home_text(app, ADMIN)
    assert "Arbejdsdage" in text and "1. maj er en arbejdsdag." in text
    assert "Egne lukkedage: ingen" in text
    modal = admin_modal(app, Admin.CLOSING)
    # The last day before the first: a Danish field error, nothing stored.
    answer = submit(
        app,
        ADMIN,
        modal,
        {
            Admin.CLOSING_START: date(2027, 1, 2),
            Admin.CLOSING_END: date(2026, 12, 23),
            Admin.NAME: "Juleluk",
        },
    )
    assert answer["errors"] == {Admin.CLOSING_END: "Den sidste dag kan ikke ligge før den første."}
    answer = submit(
        app,
        ADMIN,
        modal,
        {
            Admin.CLOSING_START: date(2030, 12, 23),
            Admin.CLOSING_END: date(2031, 1, 2),
            Admin.NAME: "Juleluk",
            Admin.MAY_DAY: ["closed"],
        },
    )
    assert answer == {}
    with app.session() as session:
        calendar = calendar_for(session=session, team_id=TEAM)
    assert calendar.may_day and calendar.closed_because(date(2030, 12, 30)) == "Juleluk"
    text = home_text(app, ADMIN)
    assert "Egne lukkedage: 23.12.2030–02.01.2031 Juleluk" in text
    assert "1. maj er lukket." in text
    assert [r.action for r in audit_rows(app)][-2:] == ["closing_day.added", "settings.changed"]
    # Remove it from the modal: the modal and App Home show it gone.
    modal = admin_modal(app, Admin.CLOSING)
    [button] = [b["accessory"] for b in modal["blocks"] if "accessory" in b]
    app.sender.block_action(
        user_id=ADMIN, action_id=Admin.CLOSING_REMOVE, view=modal, value=button["value"]
    )
    [update] = app.fake.calls_to("views.update")
    assert update.ok and "Ingen egne lukkedage endnu." in str(update.response)
    assert "Egne lukkedage: ingen" in home_text(app, ADMIN)
    assert audit_rows(app)[-1].action == "closing_day.removed"


def test_only_admins_change_closing_days(admin_app: RunningApp) -> None:
    app = admin_app
    home = open_home(app, ADMIN)
    modal = click(app, ANNA, home, Admin.CLOSING)
    assert modal is not None and modal["callback_id"] == Admin.NOTICE_MODAL
    with app.session() as session:
        calendar = calendar_for(session=session, team_id=TEAM)
    assert calendar == DEFAULT


def test_app_home_says_when_the_first_digest_comes(admin_app: RunningApp, travel: Any) -> None:
    app = admin_app
    travel(local("2026-12-10 10:00"))
    text = home_text(app, ADMIN)
    assert "Det første månedsoverblik kommer den første arbejdsdag i måneden efter" in text
    app.sender.command("Ventetid på tolk", user_id=ANNA)
    # December's digest comes on the first working day of January 2027: Monday the 4th.
    assert "Det første månedsoverblik kommer mandag 4. januar 2027." in home_text(app, ADMIN)
