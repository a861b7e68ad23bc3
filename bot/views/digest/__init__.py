"""The monthly digest as Block Kit, its CSV export, and the App Home effect form.

Pure functions of the service's dataclasses: no database, no Slack calls. A digest message stays
within Slack's 50 blocks and its text limits; long lists end with "… og N mere" and the full
list is in the export.
"""

from bot.views.digest.effect_home import MAX_HOME_INDICATORS, effect_home_section, value_modal
from bot.views.digest.export import export_csv
from bot.views.digest.format import (
    MAX_SECTION_TEXT,
    fmt_change,
    fmt_date,
    fmt_number,
    fmt_share,
    month_label,
    month_name,
    n_,
)
from bot.views.digest.indicators import MARKS, period_of
from bot.views.digest.message import MAX_BLOCKS, MAX_FALLBACK_TEXT, digest_message, thread_links
from bot.views.digest.sections import MAX_FIELD_TEXT

__all__ = [
    "MARKS",
    "MAX_BLOCKS",
    "MAX_FALLBACK_TEXT",
    "MAX_FIELD_TEXT",
    "MAX_HOME_INDICATORS",
    "MAX_SECTION_TEXT",
    "digest_message",
    "effect_home_section",
    "export_csv",
    "fmt_change",
    "fmt_date",
    "fmt_number",
    "fmt_share",
    "month_label",
    "month_name",
    "n_",
    "period_of",
    "thread_links",
    "value_modal",
]
