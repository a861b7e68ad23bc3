"""The municipal thesaurus (thesaurus_da.yaml): concepts and the words and phrases naming them."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from bot.services.matching.text import normalise, stem


@dataclass(frozen=True)
class _Pattern:
    """One word of a thesaurus entry: a stem to equal, or a prefix / infix to hold."""

    text: str
    how: str  # "stem", "prefix" or "infix"

    def matches(self, word: str) -> bool:
        if self.how == "stem":
            return stem(word) == self.text or word == self.text
        if self.how == "prefix":
            return word.startswith(self.text)
        return self.text in word


def _pattern(raw: str) -> _Pattern:
    word = normalise(raw).strip()
    if word.startswith("*") and word.endswith("*") and len(word) > 2:
        inner = word.strip("*")
        if len(inner) < 4:  # "*kol*" would find "skole": a short infix finds everything
            raise ValueError(f"thesaurus entry {raw!r}: an *infix* needs at least 4 letters")
        return _Pattern(inner, "infix")
    if word.endswith("*"):
        return _Pattern(word.rstrip("*"), "prefix")
    return _Pattern(stem(word), "stem")


@dataclass(frozen=True)
class Concept:
    """A thing in a citizen's life, as the thesaurus names it."""

    key: str
    label: str
    broader: tuple[str, ...] = ()
    weight: float = 1.0
    label_en: str = ""

    def name(self, lang: str) -> str:
        """The label in the workspace's language."""
        return self.label_en if lang == "en" and self.label_en else self.label


@dataclass
class Thesaurus:
    """The thesaurus compiled for fast look-up: single words by stem, prefix and infix; phrases."""

    concepts: dict[str, Concept]
    by_stem: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    prefixes: list[tuple[str, str]] = field(default_factory=list)
    infixes: list[tuple[str, str]] = field(default_factory=list)
    phrases: list[tuple[tuple[_Pattern, ...], str]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)  # whole words it names (a compound lexicon)
    # Each distinct word pattern of a phrase gets a number; phrases by their first pattern's.
    phrase_patterns: dict[_Pattern, int] = field(default_factory=dict)
    by_first: dict[int, list[tuple[tuple[int, ...], str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Thesaurus:
        """Compile the YAML structure documented at the top of thesaurus_da.yaml."""
        concepts = {
            key: Concept(
                key,
                str(entry["label"]),
                tuple(entry.get("broader") or ()),
                float(entry.get("weight", 1.0)),
                str(entry.get("label_en") or ""),
            )
            for key, entry in data.items()
        }
        found = cls(concepts=concepts)
        for key, entry in data.items():
            for raw in entry.get("words") or ():
                patterns = tuple(_pattern(part) for part in tokens_keep_stars(str(raw)))
                if not patterns:
                    continue
                if len(patterns) > 1:
                    found.phrases.append((patterns, key))
                    ids = tuple(
                        found.phrase_patterns.setdefault(p, len(found.phrase_patterns))
                        for p in patterns
                    )
                    found.by_first[ids[0]].append((ids, key))
                    continue
                pattern = patterns[0]
                if pattern.how == "stem":
                    found.by_stem[pattern.text].add(key)
                    found.words.add(normalise(str(raw)))
                elif pattern.how == "prefix":
                    found.prefixes.append((pattern.text, key))
                    found.words.add(pattern.text)
                else:
                    found.infixes.append((pattern.text, key))
                    found.words.add(pattern.text)
        return found

    def word_concepts(self, word: str) -> frozenset[str]:
        """The concepts one word names."""
        return _word_concepts(self, word)

    def concepts_in(self, words: Sequence[str]) -> Counter[str]:
        """Every concept a text names, phrases included, with how often."""
        found: Counter[str] = Counter()
        for word in words:
            found.update(self.word_concepts(word))
        # Which phrase words each word is (cached per word), then only the phrases whose first
        # word occurs are tried: a text costs its length, not the thesaurus's size.
        matched = [_word_patterns(self, word) for word in words]
        seen: set[tuple[tuple[int, ...], str]] = set()
        for i, ids in enumerate(matched):
            for first in ids:
                for phrase in self.by_first.get(first, ()):
                    pattern_ids, key = phrase
                    if phrase in seen or i + len(pattern_ids) > len(words):
                        continue
                    if all(p in matched[i + k] for k, p in enumerate(pattern_ids)):
                        seen.add(phrase)
                        found[key] += 1
        return found

    def concept_counts(self, words: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
        """`concepts_in()` as pairs, kept per text: a pool reads mostly the same texts."""
        return _concept_counts(self, words)

    def __hash__(self) -> int:
        return id(self)


def tokens_keep_stars(text: str) -> list[str]:
    """The words of a thesaurus entry, keeping its * marks and "§ 85" as one word."""
    return [re.sub(r"\s+", "", t) for t in re.findall(r"§\s*\d+[a-z]?|[*\w-]+", normalise(text))]


@lru_cache(maxsize=8192)
def _concept_counts(thesaurus: Thesaurus, words: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    return tuple(thesaurus.concepts_in(words).items())


@lru_cache(maxsize=200_000)
def _word_concepts(thesaurus: Thesaurus, word: str) -> frozenset[str]:
    found = set(thesaurus.by_stem.get(stem(word), ()))
    found.update(key for prefix, key in thesaurus.prefixes if word.startswith(prefix))
    if len(word) >= 5:
        found.update(key for infix, key in thesaurus.infixes if infix in word)
    return frozenset(found)


@lru_cache(maxsize=200_000)
def _word_patterns(thesaurus: Thesaurus, word: str) -> frozenset[int]:
    return frozenset(i for p, i in thesaurus.phrase_patterns.items() if p.matches(word))


@cache
def thesaurus() -> Thesaurus:
    """The municipal thesaurus that ships with Tværs."""
    text = resources.files("bot.services").joinpath("thesaurus_da.yaml").read_text("utf-8")
    return Thesaurus.from_data(yaml.safe_load(text))
