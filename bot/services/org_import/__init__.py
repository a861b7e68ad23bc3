"""Import the organisation from a YAML file: validate everything first, then upsert idempotently.

The file is the source of truth: re-running it changes nothing; people, units, areas, goals and
indicators missing from it are deactivated (never deleted, so their history stays).
"""

from __future__ import annotations

from bot.services.org_import.apply import EmailLookup, ImportReport, apply_org, format_report
from bot.services.org_import.parse import parse_org_file
from bot.services.org_import.spec import (
    CHANNEL_ID,
    EMAIL,
    TEAM_ID,
    TIME,
    USER_ID,
    WEEKDAY_NAMES,
    WEEKDAYS,
    GoalSpec,
    IndicatorSpec,
    OrgFileError,
    OrgSpec,
    PersonSpec,
)

__all__ = [
    "CHANNEL_ID",
    "EMAIL",
    "TEAM_ID",
    "TIME",
    "USER_ID",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "EmailLookup",
    "GoalSpec",
    "ImportReport",
    "IndicatorSpec",
    "OrgFileError",
    "OrgSpec",
    "PersonSpec",
    "apply_org",
    "format_report",
    "parse_org_file",
]
