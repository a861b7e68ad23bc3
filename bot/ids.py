"""Every callback_id, block_id and action_id the bot uses, in one place."""

from __future__ import annotations

import enum


class Command(enum.StrEnum):
    """Slash commands."""

    BARRIERE = "/barriere"


class Home(enum.StrEnum):
    """App Home blocks and actions."""

    HEADER = "home_header"
    PROFILE = "home_profile"
    GOALS = "home_goals"


class Barrier(enum.StrEnum):
    """The /barriere modal, its blocks, and the buttons on items."""

    MODAL = "barrier_modal"
    STATUS_MODAL = "barrier_status_modal"
    GONE_MODAL = "barrier_gone_modal"
    KIND = "barrier_kind"
    TEXT = "barrier_text"
    UNITS = "barrier_units"
    SITUATION = "barrier_situation"
    GOAL = "barrier_goal"
    LEVEL = "barrier_level"
    ANONYMOUS = "barrier_anonymous"
    STATUS = "barrier_status"
    NOTE = "barrier_note"
    ESCALATE = "barrier_escalate"
    QUESTION = "barrier_question"  # what the directors are asked (form and status modal)
    # Each input block holds one element; its action_id is the block's with "_input".
    EDIT = "item_edit"
    UNDO = "item_undo"
    RESOLVE = "item_resolve"
    DELETE = "item_delete"
    OPEN_MODAL = "item_new"


class Suggest(enum.StrEnum):
    """Related items under a saved item and in App Home; value "<own item id>:<other id>"."""

    BLOCK = "suggest"  # block_id prefix: suggest_<own>_<other>
    FOLLOW = "suggest_follow"
    CONTACT = "suggest_contact"
    UNRELATED = "suggest_unrelated"
    UNFOLLOW = "suggest_unfollow"  # in a follow notice; value: the followed item's id
    SHOW = "suggest_show"  # App Home: open the related items of one own item in a modal
    MODAL = "suggest_modal"
    # The first block of the message that follows a quick save with its related items.
    INTRO = "suggest_intro"


def input_action(block_id: str) -> str:
    """The action_id of the one element inside an input block."""
    return f"{block_id}_input"


class Threads(enum.StrEnum):
    """Cross-unit threads: the follow-up buttons and the admins' App Home notice."""

    FOLLOW_UP = "thread_follow_up"  # block_id prefix of the buttons: thread_follow_up_<id>
    RESOLVED = "thread_resolved"
    RESOLVED_MODAL = "thread_resolved_modal"  # *Løst*: what moved it, before it is stored
    RESOLVED_NOTE = "thread_resolved_note"
    RESOLVED_TAKEN = "thread_resolved_taken"  # shown when someone else answered first
    IN_PROGRESS = "thread_in_progress"
    TOP_MANAGEMENT = "thread_top_management"
    NOT_RELEVANT = "thread_not_relevant"
    # "Kræver direktionen" opens this modal for what the directors are asked.
    ESCALATE_MODAL = "thread_escalate_modal"
    QUESTION = "thread_question"
    HOME_NOTICE = "home_cross_unit"
    RETRY_CHANNEL = "thread_retry_channel"


class Decisions(enum.StrEnum):
    """The directors' answers to an escalation: DM/App Home buttons and the decision modal."""

    ACTIONS = "decision_actions"  # block_id prefix of the buttons: decision_actions_<id>
    TAKE = "decision_take"
    ANSWER = "decision_answer"
    NOT_OURS = "decision_not_ours"
    MODAL = "decision_modal"
    OWNER = "decision_owner"
    DUE = "decision_due"
    NOTE = "decision_note"
    # A director changes the decision that counts: value "<escalation>:<kind>:<decision>".
    CHANGE = "decision_change"
    AGENDA_CSV = "decision_agenda_csv"  # /barriere dagsorden: the same list as a CSV file


class Admin(enum.StrEnum):
    """Set-up and administration: App Home admin section, its modals and their inputs."""

    # App Home: buttons and pickers
    SECTION = "admin_section"
    SETTINGS = "admin_settings"
    AREA_NEW = "admin_area_new"
    AREA_PICK = "admin_area_pick"
    UNIT_NEW = "admin_unit_new"
    UNIT_PICK = "admin_unit_pick"
    PERSON_PICK = "admin_person_pick"
    GOAL_NEW = "admin_goal_new"
    GOAL_MENU = "admin_goal_menu"  # block_id prefix: admin_goal_<id>
    AUDIT = "admin_audit"
    CLOSING = "admin_closing"  # the working days' button
    CLOSING_REMOVE = "admin_closing_remove"  # in the modal; the value is the closing day's id
    STATUS = "admin_status"
    CLAIM = "admin_claim"  # the first-run guide's "start here"
    DIRECTOR = "home_director"
    # Buttons inside a modal that push the retire/merge step
    AREA_RETIRE_OPEN = "admin_area_retire_open"
    UNIT_RETIRE_OPEN = "admin_unit_retire_open"
    # Modals (callback ids)
    SETTINGS_MODAL = "admin_settings_modal"
    AREA_MODAL = "admin_area_modal"
    AREA_RETIRE_MODAL = "admin_area_retire_modal"
    UNIT_MODAL = "admin_unit_modal"
    UNIT_RETIRE_MODAL = "admin_unit_retire_modal"
    PERSON_MODAL = "admin_person_modal"
    GOAL_MODAL = "admin_goal_modal"
    INDICATOR_MODAL = "admin_indicator_modal"
    # An indicator fed from Statistikbanken: step 1 its table (and one to divide by), step 2
    # each variable's values (block SOURCE_VALUE_<part>_<n>), codes as text, the comparison.
    SOURCE_MODAL = "admin_source_modal"
    SOURCE_TABLE = "admin_source_table"
    SOURCE_PER = "admin_source_per"
    SOURCE_VALUE = "admin_source_value"
    SOURCE_CODES = "admin_source_codes"
    SOURCE_COMPARE = "admin_source_compare"
    SOURCE_ACTIONS = "admin_source_actions"
    SOURCE_NOTICE = "admin_source_notice"
    SOURCE_PREVIEW = "admin_source_preview"
    SOURCE_BACK = "admin_source_back"
    AUDIT_MODAL = "admin_audit_modal"
    NOTICE_MODAL = "admin_notice_modal"
    CLOSING_MODAL = "admin_closing_modal"
    # Input blocks (each element's action_id is input_action(block_id))
    DIGEST_CHANNEL = "admin_digest_channel"
    CROSS_CHANNEL = "admin_cross_channel"
    WEEKDAY = "admin_weekday"
    TIME = "admin_time"
    REMINDER_DAYS = "admin_reminder_days"
    THRESHOLD = "admin_threshold"
    DECISION_DAYS = "admin_decision_days"
    LANGUAGE = "admin_language"
    NAME = "admin_name"
    CHANNEL = "admin_channel"
    AREA = "admin_area"
    USERGROUP = "admin_usergroup"
    MERGE_INTO = "admin_merge_into"
    UNIT = "admin_unit"
    ROLE = "admin_role"
    ACTIVE = "admin_active"
    TITLE = "admin_title"
    DESCRIPTION = "admin_description"
    INDICATOR_NAME = "admin_indicator_name"
    MEASURE_UNIT = "admin_measure_unit"
    DIRECTION = "admin_direction"
    TARGET = "admin_target"
    RETIRE = "admin_retire"
    CLOSING_START = "admin_closing_start"
    CLOSING_END = "admin_closing_end"
    MAY_DAY = "admin_may_day"


class Reflection(enum.StrEnum):
    """The weekly reflection: the prompt's buttons, its modal, and the App Home controls."""

    # On the prompt (and the reminder); a button's value, or the block_id's tail, is the prompt id.
    ACTIONS = "reflection_actions"  # block_id prefix: reflection_actions_<prompt id>
    ANSWER = "reflection_answer"
    SKIP = "reflection_skip"
    PAUSE = "reflection_pause"
    PAUSE_DATE = "reflection_pause_date"  # a datepicker: pause until that day
    RESUME = "reflection_resume"
    TO_BARRIER = "reflection_to_barrier"
    # The modal with the three questions; each input block holds one element (input_action).
    MODAL = "reflection_modal"
    NEED = "reflection_need"
    BARRIERS = "reflection_barriers"
    ACTION = "reflection_action"
    SHAREABLE = "reflection_shareable"
    # App Home.
    HOME = "home_reflection"
    HOME_CONTROLS = "home_reflection_controls"
    HOME_DAY = "home_reflection_day"
    HOME_TIME = "home_reflection_time"
    HOME_PAUSE = "home_reflection_pause"
    HOME_PAUSE_DATE = "home_reflection_pause_date"
    HOME_RESUME = "home_reflection_resume"
    HOME_RESET = "home_reflection_reset"


class Digest(enum.StrEnum):
    """The monthly digest's export button, and recording effect values in App Home."""

    EXPORT = "digest_export"
    HOME = "home_effect"
    VALUE_OPEN = "effect_value_open"  # block_id prefix of each indicator: effect_value_open_<id>
    VALUE_MODAL = "effect_value_modal"
    VALUE_MONTH = "effect_value_month"
    VALUE = "effect_value"


class Privacy(enum.StrEnum):
    """A person's own data: the erase button and its confirmation."""

    ACTIONS = "privacy_actions"
    ERASE = "privacy_erase"
    CONFIRM_MODAL = "privacy_erase_modal"
    DONE_MODAL = "privacy_done_modal"
