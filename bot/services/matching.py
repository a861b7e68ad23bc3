"""Grouping open items that belong together across units, offline and in plain Python.

Similar wording is measured with TF-IDF cosine similarity on the Danish text itself: words are
lower-cased, Danish stop words dropped, and each word reduced to its stem with the Snowball
Danish algorithm (so "borgeren", "borgere" and "borgerne" count as one word). The inverse
document frequency is taken over the open items being compared, so words every unit uses
("borger", "ventetid") weigh less than the words that make two items the same case.

Two items relate when they come from different units and
* describe the citizen's situation in similar words (`situation` threshold), or
* describe the barrier in similar words (`text` threshold), or
* serve the same goal and are at least loosely similar (`goal` threshold; 0 = the goal alone).

An item that names two or more units is a cross-unit group on its own. Related items are joined
strongest-first (single linkage) into groups of at most `max_items`, so one popular theme does
not swallow every item in the municipality. Items already in an open thread are fixed to it: a
new item that relates to them grows that thread instead of starting a second one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

# Danish stop words: function words that say nothing about what a case is about.
_STOP_WORDS = """
    ad af aldrig alle alt alting altid anden andet andre at bag bare begge bl blandt blev blive
    bliver da de dem den denne dens der derefter deres derfor derfra deri dermed derpå derved
    det dette dig din dine disse dit dog du efter egen eller ellers en end endnu ene eneste enhver
    ens er et f far fem fik fire flere fleste for foran fordi forrige fra fx få får før først
    gennem gjorde gjort god godt gør gøre gørende ham han hans har havde have hej hel heller
    hen hende hendes henover her herefter heri hermed herpå hos hun hvad hvem hver hvilke hvilken
    hvilket hvis hvor hvordan hvorefter hvorfor hvorfra hvorhen hvori hvorimod hvornår hvorved
    i igen igennem ikke imellem imens imod ind indtil ingen intet jeg jer jeres jo kan kom
    komme kommer kun kunne lad lav lidt lige lille man mange med meget mellem men mens mere
    mig min mindre mine mit mod må måske ned nej nemlig ni nogen nogensinde noget nogle nok nu
    ny nyt nær næste næsten og også om omkring op os otte over overalt på samme sammen se seks
    selv selvom senere ser ses sig sige sin sine sit skal skulle som stadig stor store synes
    syntes syv så sådan således tag tage temmelig thi ti til tit to tre ud uden udover under
    undtagen var ved vi via vil ville vor vore vores vær være været øvrigt
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_VOWELS = frozenset("aeiouyæåø")
_S_ENDING = frozenset("abcdfghjklmnoprtvyzå")
_STEP1_ENDINGS = """hed ethed ered e erede ende erende ene erne ere en heden eren er heder erer
    heds es endes erendes enes ernes eres ens hedens erens ers ets erets et eret"""
_STEP1 = sorted(_STEP1_ENDINGS.split(), key=len, reverse=True)
_STEP2 = ("gd", "dt", "gt", "kt")
_STEP3 = ("elig", "lig", "els", "ig")


def _r1(word: str) -> int:
    """Start of Snowball's R1: after the first non-vowel following a vowel, at least 3 in."""
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)


def stem(word: str) -> str:
    """The Snowball Danish stem of one lower-case word."""
    r1 = _r1(word)
    # Step 1: the longest inflection ending inside R1, or an s after a valid s-ending.
    for suffix in _STEP1:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and len(word) > 1 and word[-2] in _S_ENDING:
            word = word[:-1]
    word = _step2(word, r1)
    # Step 3: derivational endings.
    if word.endswith("igst"):
        word = word[:-2]
    for suffix in _STEP3:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = _step2(word[: -len(suffix)], r1)
            break
    else:
        if word.endswith("løst") and len(word) - 4 >= r1:
            word = word[:-1]
    # Step 4: undouble a final consonant inside R1.
    if (
        len(word) >= 2
        and len(word) - 2 >= r1
        and word[-1] == word[-2]
        and word[-1] not in _VOWELS
        and word[-1].isalpha()
    ):
        word = word[:-1]
    return word


def _step2(word: str, r1: int) -> str:
    for suffix in _STEP2:
        if word.endswith(suffix) and len(word) - 2 >= r1:
            return word[:-1]
    return word


def terms(text: str | None) -> list[str]:
    """The stemmed content words of a text, in order (stop words and numbers left out)."""
    if not text:
        return []
    words = (w.lower() for w in _WORD.findall(text))
    return [stem(w) for w in words if len(w) > 1 and w not in STOP_WORDS]


Vector = dict[str, float]


def tfidf_vectors(documents: Sequence[list[str]]) -> list[Vector]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) for tokenised documents."""
    n = len(documents)
    df: Counter[str] = Counter()
    for doc in documents:
        df.update(set(doc))
    idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
    vectors: list[Vector] = []
    for doc in documents:
        counts = Counter(doc)
        vector = {term: (1.0 + math.log(c)) * idf[term] for term, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        vectors.append({term: v / norm for term, v in vector.items()} if norm else {})
    return vectors


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two normalised vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


@dataclass(frozen=True)
class Thresholds:
    """How alike two items must be to belong together (cosine similarity, 0–1)."""

    text: float = 0.35
    situation: float = 0.30
    goal: float = 0.15
    max_items: int = 8


@dataclass(frozen=True)
class Candidate:
    """An open item as matching sees it."""

    item_id: int
    home_unit: int  # the author's unit, or the first unit the item names
    unit_ids: frozenset[int]
    text: str = ""
    situation: str | None = None
    goal_id: int | None = None
    thread_id: int | None = None  # the open thread the item is already in, if any


@dataclass(frozen=True)
class Relation:
    """Why two items belong together, and how strongly."""

    a: int
    b: int
    score: float
    reason: str  # "situation", "text" or "goal"


@dataclass
class Group:
    """Items that belong together; `thread_id` is set when they grow an existing thread."""

    item_ids: list[int]
    unit_ids: set[int]
    reasons: set[str] = field(default_factory=set)
    thread_id: int | None = None
    new_item_ids: list[int] = field(default_factory=list)


def relations(candidates: Sequence[Candidate], thresholds: Thresholds) -> list[Relation]:
    """Every pair of items from different units that relate, strongest first."""
    texts = tfidf_vectors([terms(c.text) for c in candidates])
    situations = tfidf_vectors([terms(c.situation) for c in candidates])
    found: list[Relation] = []
    for i, a in enumerate(candidates):
        for j in range(i + 1, len(candidates)):
            b = candidates[j]
            if a.home_unit == b.home_unit:
                continue
            if a.thread_id is not None and a.thread_id == b.thread_id:
                continue
            relation = _relate(a, b, cosine(texts[i], texts[j]), _sim(situations, i, j), thresholds)
            if relation is not None:
                found.append(relation)
    found.sort(key=lambda r: (-r.score, r.a, r.b))
    return found


def _sim(vectors: list[Vector], i: int, j: int) -> float:
    return cosine(vectors[i], vectors[j]) if vectors[i] and vectors[j] else 0.0


def _relate(
    a: Candidate, b: Candidate, text: float, situation: float, thresholds: Thresholds
) -> Relation | None:
    if situation >= thresholds.situation and situation > 0:
        return Relation(a.item_id, b.item_id, situation, "situation")
    if text >= thresholds.text and text > 0:
        return Relation(a.item_id, b.item_id, text, "text")
    if a.goal_id is not None and a.goal_id == b.goal_id:
        best = max(text, situation)
        if best >= thresholds.goal:
            return Relation(a.item_id, b.item_id, best, "goal")
    return None


def group_items(candidates: Sequence[Candidate], thresholds: Thresholds) -> list[Group]:
    """New cross-unit groups, and the new items that grow existing threads.

    A group is returned when it spans two or more units and holds at least one item that is
    not yet in a thread. Items of one thread start joined; two threads are never merged.
    """
    by_id = {c.item_id: c for c in candidates}
    parent = {c.item_id: c.item_id for c in candidates}
    members: dict[int, list[int]] = {c.item_id: [c.item_id] for c in candidates}
    thread_of: dict[int, int | None] = {c.item_id: c.thread_id for c in candidates}
    reasons: dict[int, set[str]] = {c.item_id: set() for c in candidates}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: int, b: int) -> int:
        ra, rb = root(a), root(b)
        if ra == rb:
            return ra
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members.pop(rb))
        reasons[ra] |= reasons.pop(rb)
        thread_of[ra] = thread_of[ra] or thread_of[rb]
        return ra

    threads: dict[int, int] = {}
    for candidate in sorted(candidates, key=lambda c: c.item_id):
        if candidate.thread_id is None:
            continue
        first = threads.setdefault(candidate.thread_id, candidate.item_id)
        join(first, candidate.item_id)

    for relation in relations(candidates, thresholds):
        ra, rb = root(relation.a), root(relation.b)
        if ra == rb:
            reasons[ra].add(relation.reason)
            continue
        threaded = thread_of[ra] is not None or thread_of[rb] is not None
        if thread_of[ra] is not None and thread_of[rb] is not None:
            continue  # two threads stay two threads
        # A thread may grow past the size of a new group, but not without end.
        limit = thresholds.max_items * (2 if threaded else 1)
        if len(members[ra]) + len(members[rb]) > limit:
            continue
        joined = join(ra, rb)
        reasons[joined].add(relation.reason)

    groups: list[Group] = []
    for top, ids in members.items():
        ids = sorted(ids)
        units: set[int] = set()
        for item_id in ids:
            units |= by_id[item_id].unit_ids
        new = [i for i in ids if by_id[i].thread_id is None]
        if not new or len(units) < 2:
            continue
        why = set(reasons[top])
        if any(len(by_id[i].unit_ids) >= 2 for i in new):
            why.add("units")
        groups.append(
            Group(
                item_ids=ids,
                unit_ids=units,
                reasons=why,
                thread_id=thread_of.get(top),
                new_item_ids=new,
            )
        )
    groups.sort(key=lambda g: g.item_ids[0])
    return groups
