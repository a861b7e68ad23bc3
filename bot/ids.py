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
    # Each input block holds one element; its action_id is the block's with "_input".
    EDIT = "item_edit"
    UNDO = "item_undo"
    RESOLVE = "item_resolve"
    DELETE = "item_delete"
    OPEN_MODAL = "item_new"


def input_action(block_id: str) -> str:
    """The action_id of the one element inside an input block."""
    return f"{block_id}_input"
