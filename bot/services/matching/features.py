"""Items as features: stems, compound parts and thesaurus concepts, weighted by TF-IDF."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.services.matching.concepts import Thesaurus, thesaurus
from bot.services.matching.text import (
    ORGANISATION_WEIGHT,
    ORGANISATION_WORDS,
    _content,
    stem,
    tokens,
)

_MIN_PART = 3  # the shortest word a compound may be split into ("hash", "sdp" are 3–4)
_MIN_COMPOUND = 7
_LINKS = ("", "s", "e")  # Danish linking letters between the parts of a compound

# Feature weights (tuned on the tuning half only).
WORD_WEIGHT = 1.0
PART_WEIGHT = 0.8
CONCEPT_WEIGHT = 3.0
BROADER_WEIGHT = 1.0
SITUATION_WEIGHT = 1.0

Vector = dict[str, float]
Features = defaultdict[str, float]


class Analyser:
    """Turns the texts of one pool of items into features; the pool's words split compounds."""

    def __init__(self, texts: Iterable[str], lexicon: Thesaurus | None = None) -> None:
        self.thesaurus = lexicon or thesaurus()
        words: set[str] = set(self.thesaurus.words)
        for text in texts:
            words.update(_compound_words(text or ""))
        self.words = frozenset(words)
        self.stems = frozenset(stem(w) for w in words)
        self._parts: dict[str, tuple[str, ...]] = {}

    def parts(self, word: str) -> tuple[str, ...]:
        """A compound's parts, as stems ("hashmisbrug" -> ("hash", "misbrug")), or ()."""
        if word not in self._parts:
            self._parts[word] = self._split(word, depth=2)
        return self._parts[word]

    def _split(self, word: str, depth: int) -> tuple[str, ...]:
        if depth == 0 or len(word) < _MIN_COMPOUND:
            return ()
        # The longest known first part leaves the most telling rest ("sygedagpenge|forløbet").
        for i in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
            head, tail = word[:i], word[i:]
            for link in _LINKS:
                if link and not head.endswith(link):
                    continue
                first = head[: len(head) - len(link)] if link else head
                if len(first) < _MIN_PART or first not in self.words:
                    continue
                if tail in self.words or stem(tail) in self.stems:
                    return (stem(first), stem(tail))
                rest = self._split(tail, depth - 1)
                if rest:
                    return (stem(first), *rest)
        return ()

    def features(self, text: str | None, weight: float = 1.0) -> Features:
        """Weighted feature counts of one text."""
        found: Features = defaultdict(float)
        words = _words(text or "")
        for word in words:
            if not _content(word):
                continue
            common = ORGANISATION_WEIGHT if word in ORGANISATION_WORDS else 1.0
            found["w:" + stem(word)] += WORD_WEIGHT * weight * common
            for part in self.parts(word):
                found["w:" + part] += PART_WEIGHT * weight
        for key, count in self.thesaurus.concept_counts(words):
            concept = self.thesaurus.concepts[key]
            found["c:" + key] += CONCEPT_WEIGHT * concept.weight * weight * count
            for broader in concept.broader:
                found["c:" + broader] += (
                    BROADER_WEIGHT * self.thesaurus.concepts[broader].weight * weight
                )
        return found

    def item_features(self, text: str | None, situation: str | None) -> Features:
        """An item's features: its text and its citizen situation."""
        found = self.features(text)
        for feature, value in self.features(situation, SITUATION_WEIGHT).items():
            found[feature] += value
        return found


# A save reads the texts of a pool of up to 2,500 items (a text and a situation each), mostly
# the same as at the last save: each text is read once per process, not once per save.
_TEXTS_KEPT = 8192


@lru_cache(maxsize=_TEXTS_KEPT)
def _read(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A text's words, and those that may be part of a compound elsewhere in the pool."""
    words = tuple(tokens(text))
    return words, frozenset(w for w in words if len(w) >= _MIN_PART and _content(w))


def _words(text: str) -> tuple[str, ...]:
    return _read(text)[0]


def _compound_words(text: str) -> frozenset[str]:
    return _read(text)[1]


def tfidf(features: Sequence[Features]) -> tuple[list[Vector], Counter[str]]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) and each feature's df."""
    n = len(features)
    df: Counter[str] = Counter()
    for doc in features:
        df.update(doc.keys())
    # A pool of a handful of items says little about which words are rare: pretend there are
    # some more items that share none of them, so idf does not swing on one or two counts.
    pseudo = n + 20
    idf = {f: math.log((1 + pseudo) / (1 + count)) + 1.0 for f, count in df.items()}
    vectors: list[Vector] = []
    for doc in features:
        vector = {f: (1.0 + math.log(c) if c >= 1 else c) * idf[f] for f, c in doc.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        vectors.append({f: v / norm for f, v in vector.items()} if norm else {})
    return vectors, df


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two normalised vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())
