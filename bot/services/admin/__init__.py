"""Administration inside Slack: each change is authorised, validated and written to the audit log.

Every public function that changes something takes the acting user's id and checks, here on the
server, that they are an active admin of the workspace, whatever the Slack payload claimed.
Nothing is deleted: units, areas, goals and indicators are retired (active = False) and people
are deactivated, so their history stays readable.
"""

from bot.services.admin.areas import add_area, get_area, retire_area, units_in_area, update_area
from bot.services.admin.audit import (
    AUDIT_VALUE,
    SYNC_ACTOR,
    audit,
    audit_entries,
    is_admin,
    require_admin,
)
from bot.services.admin.directors import DirectorOverview, director_overview
from bot.services.admin.people import (
    PersonChange,
    PersonResult,
    claim_first_admin,
    organisation_is_empty,
    set_person,
    waiting_items_of,
)
from bot.services.admin.settings import (
    MAX_DECISION_DAYS,
    MAX_REMINDER_DAYS,
    MAX_THRESHOLD,
    MIN_DECISION_DAYS,
    MIN_REMINDER_DAYS,
    MIN_THRESHOLD,
    SettingsChange,
    add_closing_day,
    remove_closing_day,
    set_may_day,
    update_settings,
)
from bot.services.admin.status import (
    JOB_RUN_DAYS,
    MAX_JOB_PARTS,
    ChannelStatus,
    JobStatus,
    OrgCounts,
    PromptWeek,
    WaitingItems,
    channel_status,
    configured_channels,
    job_status,
    org_counts,
    prompt_week,
    record_channel_check,
    record_job_end,
    record_job_start,
    waiting_items,
)
from bot.services.admin.units import (
    USERGROUP_ID,
    add_unit,
    get_unit,
    retire_unit,
    set_unit_usergroup,
    unit_load,
    update_unit,
)
from bot.services.admin.validation import MAX_DESCRIPTION, MAX_MEASURE_UNIT, MAX_NAME
from bot.services.org_import import USER_ID

__all__ = [
    "AUDIT_VALUE",
    "JOB_RUN_DAYS",
    "MAX_DECISION_DAYS",
    "MAX_DESCRIPTION",
    "MAX_JOB_PARTS",
    "MAX_MEASURE_UNIT",
    "MAX_NAME",
    "MAX_REMINDER_DAYS",
    "MAX_THRESHOLD",
    "MIN_DECISION_DAYS",
    "MIN_REMINDER_DAYS",
    "MIN_THRESHOLD",
    "SYNC_ACTOR",
    "USERGROUP_ID",
    "USER_ID",
    "ChannelStatus",
    "DirectorOverview",
    "JobStatus",
    "OrgCounts",
    "PersonChange",
    "PersonResult",
    "PromptWeek",
    "SettingsChange",
    "WaitingItems",
    "add_area",
    "add_closing_day",
    "add_unit",
    "audit",
    "audit_entries",
    "channel_status",
    "claim_first_admin",
    "configured_channels",
    "director_overview",
    "get_area",
    "get_unit",
    "is_admin",
    "job_status",
    "org_counts",
    "organisation_is_empty",
    "prompt_week",
    "record_channel_check",
    "record_job_end",
    "record_job_start",
    "remove_closing_day",
    "require_admin",
    "retire_area",
    "retire_unit",
    "set_may_day",
    "set_person",
    "set_unit_usergroup",
    "unit_load",
    "units_in_area",
    "update_area",
    "update_settings",
    "update_unit",
    "waiting_items",
    "waiting_items_of",
]
