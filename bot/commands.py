"""Parsing `/barriere` text: a few keywords, and everything else is the text of a barrier."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.models import ItemKind


class Action(StrEnum):
    """What a `/barriere` invocation asks for."""

    MODAL = "modal"  # open the form
    LOG = "log"  # store the text at once
    MINE = "mine"  # list my open items
    HELP = "help"
    OVERVIEW = "overview"  # the monthly digest on demand (directors and admins)
    MY_DATA = "my_data"  # everything the bot holds about me, with a way to erase it
    AGENDA = "agenda"  # open escalations for the next direktionsmøde (directors)


# Keywords are matched on the first word only, case-insensitively; Danish first.
_KINDS = {
    "barriere": ItemKind.BARRIER,
    "barrier": ItemKind.BARRIER,
    "potentiale": ItemKind.POTENTIAL,
    "potential": ItemKind.POTENTIAL,
    "dilemma": ItemKind.DILEMMA,
}
_HELP = {"hjælp", "hjaelp", "help", "?", "-h", "--help"}
_OVERVIEW = {"overblik", "overview"}
# What may follow "overblik" as a month: "2026-11" and near misses the handler explains.
# Anything else ("overblik over ventelister ...") is the text of a barrier.
_MONTHISH = re.compile(r"^\d{1,4}[-/.]\d{1,4}$")
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("marts", "march", "mar"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class Parsed:
    """The result of parsing: an action, the kind, and the remaining text (plain)."""

    action: Action
    kind: ItemKind = ItemKind.BARRIER
    text: str = ""
    month: str = ""  # overview: the month asked for as typed ("" = this month so far)


def parse(text: str) -> Parsed:
    """Parse the text after `/barriere`; an unknown first word is simply part of the barrier."""
    stripped = (text or "").strip()
    if not stripped:
        return Parsed(Action.MODAL)
    parts = stripped.split(maxsplit=1)
    word = parts[0].lower().rstrip(":")
    rest = parts[1].strip() if len(parts) > 1 else ""
    if word in _OVERVIEW and (not rest or _MONTHISH.match(rest) or rest.lower() in MONTH_NAMES):
        return Parsed(Action.OVERVIEW, month=rest)
    if word == "mine" and rest.lower() in ("data", "data.", "my data"):
        return Parsed(Action.MY_DATA)
    if not rest:
        if word in _HELP:
            return Parsed(Action.HELP)
        if word == "mine":
            return Parsed(Action.MINE)
        if word in ("dagsorden", "agenda"):
            return Parsed(Action.AGENDA)
        if word in _KINDS:
            return Parsed(Action.MODAL, _KINDS[word])
    elif word in _KINDS:
        return Parsed(Action.LOG, _KINDS[word], rest)
    return Parsed(Action.LOG, ItemKind.BARRIER, stripped)
