"""The organisation file's vocabulary: id and time patterns, weekday names, the validated spec."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.services.effect_sources import SourceSpec

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,20}$")
TEAM_ID = re.compile(r"^T[A-Z0-9]{2,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = {
    "mandag": 0,
    "tirsdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lørdag": 5,
    "søndag": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_LINE = "__line__"


class OrgFileError(Exception):
    """The file cannot be imported; `errors` lists every problem with its line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class PersonSpec:
    """One person as the file gives them."""

    line: int
    user_id: str | None
    email: str | None
    name: str | None
    unit: str | None
    role: str


@dataclass
class IndicatorSpec:
    """One effect indicator of a goal."""

    line: int
    name: str
    measure_unit: str
    higher_is_better: bool
    target: float | None
    # Fed from Statistikbanken (`source:` in the file); None: values are typed in or imported.
    source: SourceSpec | None = None


@dataclass
class GoalSpec:
    """One cross-cutting goal."""

    line: int
    title: str
    description: str | None
    indicators: list[IndicatorSpec]


@dataclass
class OrgSpec:
    """A validated organisation file."""

    team_id: str | None = None
    name: str | None = None
    language: str | None = None
    timezone: str | None = None
    digest_channel: str | None = None
    cross_unit_channel: str | None = None
    prompt_weekday: int = 0
    prompt_time: str = "09:00"
    areas: dict[str, str | None] = field(default_factory=dict)  # name -> digest channel
    units: dict[str, str | None] = field(default_factory=dict)  # name -> area name
    people: list[PersonSpec] = field(default_factory=list)
    goals: list[GoalSpec] = field(default_factory=list)
