"""Block Kit builders for set-up and administration: the App Home sections and the admin modals.

Pure functions from what the handler loaded to view dicts; nothing here touches the database
or Slack.
"""

from bot.views.admin.audit import audit_line, audit_modal
from bot.views.admin.common import MAX_OPTIONS, channel_ref, local_time, notice_modal, weekday_name
from bot.views.admin.days import (
    MAX_CLOSING_IN_HOME,
    MAX_CLOSING_IN_MODAL,
    closing_modal,
    long_date,
    short_range,
)
from bot.views.admin.directors import director_section
from bot.views.admin.first_run import first_run_home
from bot.views.admin.organisation import (
    UsergroupChoice,
    area_modal,
    area_retire_modal,
    person_modal,
    unit_modal,
    unit_options,
    unit_retire_modal,
)
from bot.views.admin.overview import AdminOverview, SocketLine
from bot.views.admin.section import MAX_AUDIT_IN_HOME, admin_section, indicator_line
from bot.views.admin.settings import settings_modal
from bot.views.admin.status import MAX_JOB_SUMMARY, STUCK_AFTER_HOURS, job_summary

__all__ = [
    "MAX_AUDIT_IN_HOME",
    "MAX_CLOSING_IN_HOME",
    "MAX_CLOSING_IN_MODAL",
    "MAX_JOB_SUMMARY",
    "MAX_OPTIONS",
    "STUCK_AFTER_HOURS",
    "AdminOverview",
    "SocketLine",
    "UsergroupChoice",
    "admin_section",
    "area_modal",
    "area_retire_modal",
    "audit_line",
    "audit_modal",
    "channel_ref",
    "closing_modal",
    "director_section",
    "first_run_home",
    "indicator_line",
    "job_summary",
    "local_time",
    "long_date",
    "notice_modal",
    "person_modal",
    "settings_modal",
    "short_range",
    "unit_modal",
    "unit_options",
    "unit_retire_modal",
    "weekday_name",
]
