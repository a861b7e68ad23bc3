"""The one clock: every part of Tværs that needs the current moment asks `now()` here.

Nothing else in the product reads the wall clock (durations use `time.monotonic`, which is not
a moment). Tests, the demo and the sandbox choose the moment: `start_at(moment)` makes the clock
read `moment` now and run on from there, in this process; the environment variable
`TVAERS_CLOCK_START` (an ISO 8601 moment with its offset) does the same for a process when it
starts. `environment()` gives a child process the same clock exactly (the moment, anchored to the
wall-clock second it was read at), so a `python -m jobs` or `python -m bot` child of a test lives at
the test's moment too. Production leaves both alone and the clock is the wall clock.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime, timedelta

ENV = "TVAERS_CLOCK_START"

_lock = threading.Lock()
_offset = timedelta(0)


def _wall() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    """The current moment, timezone-aware in UTC."""
    return _wall() + _offset


def timestamp() -> float:
    """The current moment as seconds since the epoch (for Slack-style `ts` values)."""
    return now().timestamp()


def parse_moment(value: str) -> datetime:
    """An ISO 8601 moment with an offset (`Z` allowed), as an aware datetime in UTC."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{ENV} needs an offset, e.g. 2026-12-24T09:00:00+01:00")
    return moment.astimezone(UTC)


def start_at(moment: datetime | None) -> None:
    """Make the clock read `moment` now and run on from it; None goes back to the wall clock."""
    global _offset
    with _lock:
        _offset = timedelta(0) if moment is None else moment.astimezone(UTC) - _wall()


def offset() -> timedelta:
    """How far the clock is from the wall clock (zero in production)."""
    return _offset


def set_offset(value: timedelta) -> None:
    """Put the clock back at an `offset()` read earlier."""
    global _offset
    with _lock:
        _offset = value


def environment() -> dict[str, str]:
    """`TVAERS_CLOCK_START` for a child process that must share this clock ({} on the wall)."""
    if not _offset:
        return {}
    wall = _wall()
    return {ENV: f"{(wall + _offset).isoformat()}@{wall.timestamp():.6f}"}


def _from_environment() -> None:
    value = os.environ.get(ENV, "").strip()
    if not value:
        return
    moment, _, anchor = value.partition("@")
    if anchor:  # the moment the clock read at that wall-clock second: keep the same offset
        global _offset
        _offset = parse_moment(moment) - datetime.fromtimestamp(float(anchor), UTC)
    else:
        start_at(parse_moment(moment))


_from_environment()
