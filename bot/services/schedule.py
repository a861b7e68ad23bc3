"""When a weekly prompt is due: local day and time, daylight saving, Danish public holidays.

Pure functions of the moment they are given (`now`, `base`); nothing here reads the clock, so
the job and the tests can reason about any moment.

* A manager's slot is a weekday and a local time in their own time zone. The due moment is that
  wall-clock time on that day, converted to UTC with the zone's rules for that very day, so 09:00
  stays 09:00 on both sides of a daylight-saving change.
* Which days are working days is the workspace's calendar (bot.services.calendar: public
  holidays, the usual closing days, the workspace's own). A prompt whose day is closed moves to
  the next working day, into the next week if need be: the week's prompt is the first working
  day in the seven days from its slot. Only when those seven days are all closed does it go
  back to the last working day of its own week before the slot (unless the previous week's
  prompt has moved onto that very day); a week with no working day at all has no prompt. So
  prompts never fall on a closed day, two never fall on one day, and each one comes before the
  next week's (see tests/test_calendar.py, which checks it for every slot over 2025–2035).
* A week is named by its ISO week, "2026-W14"; that name is the period of the claim key.
* Late sends (the clock was down) go out only on working days between 08:00 and 18:00 local
  time, and not at all after the catch-up cut-off: a prompt at 3 a.m. is worse than none.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.services.calendar import DEFAULT, WorkCalendar, public_holidays

# A send this soon after its due moment is on time, whatever the local hour (a tick every few
# minutes, or a clock that restarted a little late).
ON_TIME = timedelta(hours=1)
# Late sends (catch-up after a down clock) and reminders go out only in these local hours.
DAY_START = time(8, 0)
DAY_END = time(18, 0)
# Times a manager may choose in App Home: working hours, every half hour.
CHOOSABLE_TIMES = tuple(f"{hour:02d}:{minute:02d}" for hour in range(7, 18) for minute in (0, 30))
WORKDAYS = range(5)  # Monday to Friday, the weekdays a manager may choose


def is_holiday(day: date) -> bool:
    """True on a Danish public holiday."""
    return day in public_holidays(day.year)


def monday_of(day: date) -> date:
    """The Monday of the ISO week `day` is in."""
    return day - timedelta(days=day.weekday())


def period_of(day: date) -> str:
    """The ISO week of `day` as a period key, e.g. "2026-W14"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_number(period: str) -> int:
    """The week number in a period key ("2026-W14" -> 14)."""
    return int(period.rsplit("W", 1)[1])


def prompt_day(monday: date, weekday: int, calendar: WorkCalendar = DEFAULT) -> date | None:
    """The day the prompt of the week starting `monday` goes out; None if the week has none.

    The first working day in the seven days from the slot; if those are all closed, the last
    working day of the week before the slot, unless the previous week's prompt took it.
    """
    slot = monday + timedelta(days=weekday)
    forward = calendar.next_working_day(slot)
    if forward < slot + timedelta(days=7):
        return forward
    previous = calendar.next_working_day(slot - timedelta(days=7))
    day = slot - timedelta(days=1)
    while day >= monday:
        if calendar.is_working_day(day):
            return None if day == previous else day
        day -= timedelta(days=1)
    return None


def parse_hhmm(text: str) -> time:
    """ "09:00" -> time(9, 0); ValueError for anything else."""
    hour, _, minute = text.partition(":")
    if not (hour.isdigit() and minute.isdigit() and len(minute) == 2):
        raise ValueError(f"not a time of day: {text!r}")
    return time(int(hour), int(minute))


def zone_or_default(name: str | None, default: str) -> ZoneInfo:
    """The named time zone, or `default` when the name is missing or unknown."""
    for candidate in (name, default, "Europe/Copenhagen"):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment of a wall-clock time on a day in a zone (that day's offset applies)."""
    # fold=0: a time skipped by the spring change (02:30) lands an hour later, one repeated in
    # autumn is taken the first time; neither can be chosen in App Home.
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class Slot:
    """A manager's weekly slot: weekday (0 = Monday), local time, and their time zone."""

    weekday: int
    at: time
    zone: ZoneInfo
    calendar: WorkCalendar = DEFAULT

    def due_in_week(self, monday: date) -> datetime | None:
        """The UTC moment the prompt of the week starting `monday` is due (None: no prompt)."""
        day = prompt_day(monday, self.weekday, self.calendar)
        return None if day is None else local_moment(day, self.at, self.zone)

    def latest_due(self, now: datetime) -> tuple[str, datetime] | None:
        """The period and due moment of the most recent prompt due at or before `now`."""
        monday = monday_of(now.astimezone(self.zone).date())
        for weeks_back in range(3):
            week = monday - timedelta(weeks=weeks_back)
            due = self.due_in_week(week)
            if due is not None and due <= now:
                return period_of(week), due
        return None

    def next_due(
        self, after: datetime, *, not_before: datetime | None = None, done: Collection[str] = ()
    ) -> tuple[str, datetime] | None:
        """The first prompt due after `after` (and not before `not_before`), skipping `done`."""
        monday = monday_of(after.astimezone(self.zone).date())
        for weeks_ahead in range(-1, 60):
            week = monday + timedelta(weeks=weeks_ahead)
            due = self.due_in_week(week)
            if due is None or due <= after or period_of(week) in done:
                continue
            if not_before is not None and due < not_before:
                continue
            return period_of(week), due
        return None

    def pause_end(self, base: datetime, weeks: int) -> datetime:
        """When a pause of the next `weeks` prompts after `base` ends (local Monday 00:00)."""
        monday = monday_of(base.astimezone(self.zone).date())
        this_week = self.due_in_week(monday)
        first = monday if this_week is not None and this_week > base else monday + timedelta(days=7)
        return local_moment(first + timedelta(weeks=weeks), time(0, 0), self.zone)


class Decision(Enum):
    """What a tick does with something due: send it now, wait for working hours, or give up."""

    SEND = "send"
    WAIT = "wait"
    TOO_LATE = "too_late"


def decide(
    now: datetime,
    due: datetime,
    zone: ZoneInfo,
    *,
    cutoff: timedelta,
    calendar: WorkCalendar = DEFAULT,
) -> Decision:
    """Send on time; catch up late only in working hours of working days; never after the
    cut-off."""
    if now >= due + cutoff:
        return Decision.TOO_LATE
    if now - due <= ON_TIME:
        return Decision.SEND
    local = now.astimezone(zone)
    if calendar.is_working_day(local.date()) and DAY_START <= local.time() < DAY_END:
        return Decision.SEND
    return Decision.WAIT


def reminder_due(
    sent_at: datetime,
    zone: ZoneInfo,
    days: int,
    *,
    calendar: WorkCalendar = DEFAULT,
    closes: datetime | None = None,
) -> tuple[datetime, datetime] | None:
    """When a prompt sent at `sent_at` gets its reminder, and the end of its window.

    `days` later at the same local time, moved to the next working day; the window closes at
    `closes` (the manager's next prompt), at most a week after the send, so a reminder never
    meets the next prompt. None when the next prompt comes first: that prompt is the reminder.
    """
    local = sent_at.astimezone(zone)
    window_end = sent_at + timedelta(days=7)
    if closes is not None:
        window_end = min(window_end, closes)
    day = calendar.next_working_day(local.date() + timedelta(days=max(1, days)))
    due = local_moment(day, local.time(), zone)
    if due >= window_end:
        return None
    return due, window_end
