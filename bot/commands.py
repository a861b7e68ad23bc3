"""Parsing `/barriere` text: a few keywords, and everything else is the text of a barrier."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.models import ItemKind


class Action(StrEnum):
    """What a `/barriere` invocation asks for."""

    MODAL = "modal"  # open the form
    LOG = "log"  # store the text at once
    MINE = "mine"  # list my open items
    HELP = "help"


# Keywords are matched on the first word only, case-insensitively; Danish first.
_KINDS = {
    "barriere": ItemKind.BARRIER,
    "barrier": ItemKind.BARRIER,
    "potentiale": ItemKind.POTENTIAL,
    "potential": ItemKind.POTENTIAL,
    "dilemma": ItemKind.DILEMMA,
}
_HELP = {"hjælp", "hjaelp", "help", "?", "-h", "--help"}


@dataclass(frozen=True)
class Parsed:
    """The result of parsing: an action, the kind, and the remaining text (plain)."""

    action: Action
    kind: ItemKind = ItemKind.BARRIER
    text: str = ""


def parse(text: str) -> Parsed:
    """Parse the text after `/barriere`; an unknown first word is simply part of the barrier."""
    stripped = (text or "").strip()
    if not stripped:
        return Parsed(Action.MODAL)
    parts = stripped.split(maxsplit=1)
    word = parts[0].lower().rstrip(":")
    rest = parts[1].strip() if len(parts) > 1 else ""
    if not rest:
        if word in _HELP:
            return Parsed(Action.HELP)
        if word == "mine":
            return Parsed(Action.MINE)
        if word in _KINDS:
            return Parsed(Action.MODAL, _KINDS[word])
    elif word in _KINDS:
        return Parsed(Action.LOG, _KINDS[word], rest)
    return Parsed(Action.LOG, ItemKind.BARRIER, stripped)
