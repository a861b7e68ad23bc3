"""Saying why: what a group's items share, in the thesaurus's own words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.services.matching.concepts import thesaurus
from bot.services.matching.text import tokens


@dataclass(frozen=True)
class Evidence:
    """What a group's items share, in words Tværs may show: thesaurus labels and the goal."""

    concepts: tuple[str, ...]  # labels, most shared first
    goal: str | None = None


def explain(
    texts: Sequence[tuple[str | None, str | None]],
    goal: str | None = None,
    most: int = 3,
    lang: str = "da",
) -> Evidence:
    """The concepts at least two of the items name (text or situation), most shared and most
    specific first. Only the thesaurus's own labels are used, never an author's words."""
    lexicon = thesaurus()
    seen: Counter[str] = Counter()
    for text, situation in texts:
        words = tokens(text) + tokens(situation)
        direct = set(lexicon.concepts_in(words))
        broader = {b for key in direct for b in lexicon.concepts[key].broader}
        seen.update(direct | broader)
    shared = [key for key, count in seen.items() if count >= 2]
    # A broader concept adds nothing beside its narrower one ("hash" says "rusmidler" too).
    narrower_of = {b for key in shared for b in lexicon.concepts[key].broader}
    shared = [key for key in shared if key not in narrower_of]
    # Most shared first; a general concept (a low weight: børn, ældre) after a specific one.
    shared.sort(key=lambda key: (-seen[key], -lexicon.concepts[key].weight, key))
    return Evidence(tuple(lexicon.concepts[key].name(lang) for key in shared[:most]), goal)
