"""Finding open items that belong together across units, in Danish as managers write it.

Managers describe the same citizen in their own words: "sygedagpengeforløbet" and "forløbet på
sygedagpenge", "hashmisbrug" and "ryger cannabis", "smidt ud af lejligheden" and "udsat". An item
is therefore read as a bag of *features*, each weighted by TF-IDF over the items compared:

* `w:` each content word's Snowball Danish stem (`snowballstemmer`), so inflections meet;
* `w:` also the parts of a compound, split against the words the items themselves use
  ("hashmisbrug" -> "hash" + "misbrug"), weaker than a whole word;
* `c:` the concepts of the municipal thesaurus (`thesaurus_da.yaml`, reviewable data), so
  synonyms, everyday words and abbreviations meet ("sdp.", "sygemeldt", "sygedagpenge"); a
  concept's broader concept weaker still.

Two items relate when their cosine, plus a bonus for strong structured evidence (the same goal;
one names the other's unit), reaches `Thresholds.link`, and they come from different units and
different authors: one manager's items alone never make a thread. Pairs are found through an
inverted index of the rarer features, never by comparing every pair. Related items are joined
strongest-first into groups of at most `max_items`; items already in an open thread are fixed to
it, so a new item that relates to them grows that thread instead of starting a second one.

`explain()` says in words what a group shares, from the same features: thesaurus labels (our
words, never an author's) and the shared goal.

Thresholds and weights were chosen on the tuning half of `bench/data/` only; the held-out half's
figures are in bench/README.md (`python bench/bench_matching.py`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

import numpy as np
import snowballstemmer
import yaml
from scipy import sparse

# Danish function words and the managers' shorthand for them: they say nothing about a citizen.
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
    m ift pga jf ca bla mht evt osv dvs inkl kl nr mv vha iflg ang vedr tlf etc
    borger borgere borgeren borgerne borgers borgerens vores os
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Words about the organisation and the work, not about the citizen: every unit writes them
# ("vi venter på en plan", "ingen kontakt", "mangler tid"), so they weigh little.
_ORGANISATION_WORDS = """
    vente venter ventet ventetid ventetiden venteliste ventelisten ventelister tid tiden
    mangle mangler manglende plan planen planer samarbejde samarbejdet møde møder mødet
    opfølgning opfølgningen kontakt kontakten ansvar ansvaret personale personalet
    medarbejder medarbejdere medarbejderne kollega kolleger kommune kommunen kommunens
    afdeling afdelingen afdelinger enhed enheden leder ledere ledelsen opgave opgaven opgaver
    system systemet mail mails telefon info information besked uge ugen uger måned måneden
    måneder dag dage dagen år året gang gange ofte først lang langt længe svært svære
    problem problemet problemer brug behov hjælp hjælpe hjælper tilbud tilbuddet indsats
    indsatsen forløb forløbet sagsbehandler sagsbehandlere sagsbehandleren regler reglerne
    står går få får giver gøre mere flere folk nogle hele andet andre fælles
"""
ORGANISATION_WORDS = frozenset(_ORGANISATION_WORDS.split())
ORGANISATION_WEIGHT = 0.3

# A word, or a paragraph of the law ("§ 85", "§85"): "§ 85" and "§85" are one token.
_TOKEN = re.compile(r"§\s*\d+[a-z]?|[^\W\d_]+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("danish")
_MIN_PART = 3  # the shortest word a compound may be split into ("hash", "sdp" are 3–4)
_MIN_COMPOUND = 7
_LINKS = ("", "s", "e")  # Danish linking letters between the parts of a compound

# Feature weights (tuned on the tuning half only).
WORD_WEIGHT = 1.0
PART_WEIGHT = 0.8
CONCEPT_WEIGHT = 3.0
BROADER_WEIGHT = 1.0
SITUATION_WEIGHT = 1.0


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Danish stem of one lower-case word."""
    return str(_STEMMER.stemWord(word))


def normalise(text: str | None) -> str:
    """Text as the matcher reads it: NFKC, lower case, no invisible format characters."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def tokens(text: str | None) -> list[str]:
    """Every word of a text in order, lower case, stop words kept (phrases need them)."""
    return [re.sub(r"\s+", "", t) for t in _TOKEN.findall(normalise(text))]


def terms(text: str | None) -> list[str]:
    """The stemmed content words of a text, in order (stop words and numbers left out)."""
    return [stem(w) for w in tokens(text) if _content(w)]


def _content(word: str) -> bool:
    return (len(word) > 1 or word.startswith("§")) and word not in STOP_WORDS


# -- the thesaurus ------------------------------------------------------------------------------


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

    def __hash__(self) -> int:
        return id(self)


def tokens_keep_stars(text: str) -> list[str]:
    """The words of a thesaurus entry, keeping its * marks and "§ 85" as one word."""
    return [re.sub(r"\s+", "", t) for t in re.findall(r"§\s*\d+[a-z]?|[*\w-]+", normalise(text))]


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


# -- items as features --------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """How alike two items must be to belong together (cosine plus bonuses, 0–1 and a bit)."""

    link: float = 0.38
    # Two groups join only when their items are this alike on average, so a chain of pairs
    # (diabetes - "børn" - ADHD) does not make one thread of three situations.
    cohesion: float = 0.28
    goal_bonus: float = 0.10
    unit_bonus: float = 0.05
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
    author_id: str | None = None  # None: not known (two such items may still relate)


@dataclass(frozen=True)
class Relation:
    """Why two items belong together, and how strongly."""

    a: int
    b: int
    score: float
    reason: str  # "situation", "text", "goal" or "units": the strongest evidence


@dataclass
class Group:
    """Items that belong together; `thread_id` is set when they grow an existing thread."""

    item_ids: list[int]
    unit_ids: set[int]
    reasons: set[str] = field(default_factory=set)
    thread_id: int | None = None
    new_item_ids: list[int] = field(default_factory=list)


Vector = dict[str, float]
Features = defaultdict[str, float]


class Analyser:
    """Turns the texts of one pool of items into features; the pool's words split compounds."""

    def __init__(self, texts: Iterable[str], lexicon: Thesaurus | None = None) -> None:
        self.thesaurus = lexicon or thesaurus()
        words: set[str] = set(self.thesaurus.words)
        for text in texts:
            words.update(w for w in tokens(text) if len(w) >= _MIN_PART and _content(w))
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
        words = tokens(text)
        for word in words:
            if not _content(word):
                continue
            common = ORGANISATION_WEIGHT if word in ORGANISATION_WORDS else 1.0
            found["w:" + stem(word)] += WORD_WEIGHT * weight * common
            for part in self.parts(word):
                found["w:" + part] += PART_WEIGHT * weight
        concepts = self.thesaurus.concepts_in(words)
        for key, count in concepts.items():
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


@dataclass
class Pool:
    """A set of candidates read once: their features and normalised vectors."""

    candidates: list[Candidate]
    analyser: Analyser
    vectors: list[Vector]
    df: Counter[str]

    @classmethod
    def of(cls, candidates: Sequence[Candidate]) -> Pool:
        """Analyse every candidate once."""
        items = list(candidates)
        analyser = Analyser(t for c in items for t in (c.text, c.situation or ""))
        vectors, df = tfidf([analyser.item_features(c.text, c.situation) for c in items])
        return cls(items, analyser, vectors, df)

    def matrix(self) -> sparse.csr_matrix:
        """The vectors as a sparse matrix, one row per candidate."""
        columns = {feature: k for k, feature in enumerate(self.df)}
        indptr: list[int] = [0]
        indices: list[int] = []
        data: list[float] = []
        for vector in self.vectors:
            indices.extend(columns[f] for f in vector)
            data.extend(vector.values())
            indptr.append(len(indices))
        shape = (len(self.vectors), max(1, len(columns)))
        return sparse.csr_matrix((data, indices, indptr), shape=shape, dtype=np.float64)

    @cached_property
    def codes(self) -> _Codes:
        """The candidates' structured fields as arrays, for the rules on many pairs at once."""
        return _Codes.of(self.candidates)

    def similarity(self, i: int, j: int, thresholds: Thresholds) -> float:
        """Cosine of candidates i and j plus the structured bonuses (0 when no word is shared)."""
        text = cosine(self.vectors[i], self.vectors[j])
        if text <= 0:
            return 0.0
        score, _names = _with_bonuses(
            self, np.asarray([i]), np.asarray([j]), np.asarray([text]), thresholds
        )
        return float(score[0])

    def score(self, i: int, j: int, thresholds: Thresholds) -> Relation | None:
        """How candidates i and j relate, or None when they may not or do not."""
        text = cosine(self.vectors[i], self.vectors[j])
        found = _relations_among(
            self, np.asarray([i]), np.asarray([j]), np.asarray([text]), thresholds
        )
        return found[0] if found else None


def _names_the_other(a: Candidate, b: Candidate) -> bool:
    return a.home_unit in b.unit_ids or b.home_unit in a.unit_ids


def relations(candidates: Sequence[Candidate], thresholds: Thresholds) -> list[Relation]:
    """Every pair of items that relate, strongest first."""
    return pool_relations(Pool.of(candidates), thresholds)


def _codes(values: Sequence[object]) -> np.ndarray:
    """One integer per distinct value; None never equals anything (each gets its own code)."""
    known: dict[object, int] = {}
    codes = [
        -(k + 1) if value is None else known.setdefault(value, len(known))
        for k, value in enumerate(values)
    ]
    return np.asarray(codes, dtype=np.int64)


_REASONS = ("text", "situation", "units")


@dataclass(frozen=True)
class Pairs:
    """Every related pair of a pool as arrays (positions in the pool), strongest first."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray
    reason: np.ndarray  # index into _REASONS

    def __len__(self) -> int:
        return len(self.score)


def pool_relations(pool: Pool, thresholds: Thresholds) -> list[Relation]:
    """`relations()` on a pool already read."""
    pairs = related_pairs(pool, thresholds)
    ids = [c.item_id for c in pool.candidates]
    return [
        Relation(ids[a], ids[b], float(score), _REASONS[reason])
        for a, b, score, reason in zip(
            pairs.a.tolist(),
            pairs.b.tolist(),
            pairs.score.tolist(),
            pairs.reason.tolist(),
            strict=True,
        )
    ]


@dataclass(frozen=True)
class _Codes:
    """A pool's structured fields as arrays: the one coding of the rules on pairs."""

    home: np.ndarray
    author: np.ndarray
    thread: np.ndarray
    goal: np.ndarray
    situated: np.ndarray
    # Only an item that names units beyond its own can name the other's (same units never
    # relate): those few pairs are looked at one by one.
    names_more: np.ndarray

    @classmethod
    def of(cls, candidates: Sequence[Candidate]) -> _Codes:
        """Code the candidates once."""
        return cls(
            home=_codes([c.home_unit for c in candidates]),
            author=_codes([c.author_id for c in candidates]),
            thread=_codes([c.thread_id for c in candidates]),
            goal=_codes([c.goal_id for c in candidates]),
            situated=np.asarray([bool(c.situation) for c in candidates], dtype=bool),
            names_more=np.asarray([bool(c.unit_ids - {c.home_unit}) for c in candidates]),
        )


def _allowed(codes: _Codes, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Which pairs can be in one thread: other units, other authors, not already one thread."""
    return (
        (codes.home[rows] != codes.home[cols])
        & (codes.thread[rows] != codes.thread[cols])
        & (codes.author[rows] != codes.author[cols])
    )


def _with_bonuses(
    pool: Pool, rows: np.ndarray, cols: np.ndarray, text: np.ndarray, thresholds: Thresholds
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs' text cosines plus the goal and unit bonuses, and which pairs name each
    other's unit."""
    codes = pool.codes
    score = text + np.where(codes.goal[rows] == codes.goal[cols], thresholds.goal_bonus, 0.0)
    names = np.zeros(len(rows), dtype=bool)
    for k in np.flatnonzero(codes.names_more[rows] | codes.names_more[cols]).tolist():
        names[k] = _names_the_other(pool.candidates[rows[k]], pool.candidates[cols[k]])
    return score + np.where(names, thresholds.unit_bonus, 0.0), names


def _reasons(codes: _Codes, rows: np.ndarray, cols: np.ndarray, names: np.ndarray) -> np.ndarray:
    """The strongest evidence of each pair, as an index into _REASONS."""
    both = codes.situated[rows] & codes.situated[cols]
    return np.where(names, 2, np.where(both, 1, 0)).astype(np.int8)


def _scored(
    pool: Pool, rows: np.ndarray, cols: np.ndarray, text: np.ndarray, thresholds: Thresholds
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (text cosine given) that may and do relate: rows, cols, score and reason."""
    keep = (text > 0) & _allowed(pool.codes, rows, cols)
    rows, cols, text = rows[keep], cols[keep], text[keep]
    score, names = _with_bonuses(pool, rows, cols, text, thresholds)
    score = np.round(score, 6)
    keep = score >= thresholds.link
    rows, cols, score, names = rows[keep], cols[keep], score[keep], names[keep]
    return rows, cols, score, _reasons(pool.codes, rows, cols, names)


def _relations_among(
    pool: Pool, rows: np.ndarray, cols: np.ndarray, text: np.ndarray, thresholds: Thresholds
) -> list[Relation]:
    """`_scored()` as relations, `a` always the row's item."""
    rows, cols, score, reason = _scored(pool, rows, cols, text, thresholds)
    ids = [c.item_id for c in pool.candidates]
    return [
        Relation(ids[a], ids[b], float(value), _REASONS[code])
        for a, b, value, code in zip(
            rows.tolist(), cols.tolist(), score.tolist(), reason.tolist(), strict=True
        )
    ]


def related_pairs(pool: Pool, thresholds: Thresholds) -> Pairs:
    """Every pair that relates: all cosines at once, as a sparse matrix product in blocks of
    rows (pairs that share no feature are never looked at), then the rules of `_scored`."""
    n = len(pool.candidates)
    empty = np.zeros(0, dtype=np.int64)
    if n < 2:
        return Pairs(empty, empty, np.zeros(0), empty)
    matrix = pool.matrix()
    transposed = matrix.T.tocsc()
    # The lowest cosine that can still reach the threshold with every bonus.
    floor = thresholds.link - thresholds.goal_bonus - thresholds.unit_bonus
    parts: list[tuple[np.ndarray, ...]] = []
    # Rows per product: a product holds up to rows x n cosines, so fewer rows on a large pool.
    rows_per_block = max(50, _CELLS_PER_BLOCK // n)
    for start in range(0, n, rows_per_block):
        block = (matrix[start : start + rows_per_block] @ transposed).tocoo()
        rows, cols, values = block.row.astype(np.int64) + start, block.col, block.data
        keep = (cols > rows) & (values >= floor)
        rows, cols, values = rows[keep], cols[keep].astype(np.int64), values[keep]
        rows, cols, score, reason = _scored(pool, rows, cols, values, thresholds)
        keep = _strongest_per_row(rows, score, _PER_ITEM * thresholds.max_items)
        rows, cols, score, reason = rows[keep], cols[keep], score[keep], reason[keep]
        parts.append((rows.astype(np.int32), cols.astype(np.int32), score, reason))
    if not parts:
        return Pairs(empty, empty, np.zeros(0), empty)
    a, b, score, reason = (np.concatenate(column) for column in zip(*parts, strict=True))
    ids = np.asarray([c.item_id for c in pool.candidates], dtype=np.int64)
    order = np.lexsort((ids[b], ids[a], -score))
    return Pairs(a[order], b[order], score[order], reason[order])


# Cells per matrix product (rows x pool size): bounds the memory one product takes.
_CELLS_PER_BLOCK = 4_000_000
# Each item keeps its strongest pairs with later items, this many times a group's size: a
# group holds at most max_items, so weaker pairs past these only cost memory (bench/README.md).
_PER_ITEM = 3


def _strongest_per_row(rows: np.ndarray, score: np.ndarray, most: int) -> np.ndarray:
    """A mask keeping each row's `most` strongest pairs."""
    if len(rows) <= most:
        return np.ones(len(rows), dtype=bool)
    order = np.lexsort((-score, rows))
    ranked = rows[order]
    first = np.searchsorted(ranked, ranked, side="left")
    keep = np.zeros(len(rows), dtype=bool)
    keep[order[np.arange(len(rows)) - first < most]] = True
    return keep


def related_to(
    item: Candidate, others: Sequence[Candidate], thresholds: Thresholds, limit: int = 3
) -> list[Relation]:
    """The items from other units that relate most to `item` (for a suggestion the moment it
    is saved), strongest first; `a` is always `item`."""
    return related_many([item], others, thresholds, limit)[item.item_id]


def related_many(
    items: Sequence[Candidate],
    others: Sequence[Candidate],
    thresholds: Thresholds,
    limit: int = 3,
    apart: frozenset[frozenset[int]] = frozenset(),
) -> dict[int, list[Relation]]:
    """`related_to()` for several items read in one pool (a manager's App Home): for each
    item, the others that relate most, strongest first. Pairs in `apart` never relate."""
    pool = Pool.of([*items, *others])
    found: dict[int, list[Relation]] = {}
    matrix = pool.matrix()
    others_at = np.arange(len(items), len(pool.candidates), dtype=np.int64)
    cosines = (matrix[: len(items)] @ matrix[len(items) :].T).toarray()
    for i, item in enumerate(items):
        rows = np.full(len(others_at), i, dtype=np.int64)
        mine = [
            relation
            for relation in _relations_among(pool, rows, others_at, cosines[i], thresholds)
            if relation.b != item.item_id and frozenset((item.item_id, relation.b)) not in apart
        ]
        mine.sort(key=lambda r: (-r.score, r.b))
        found[item.item_id] = mine[:limit]
    return found


def group_items(
    candidates: Sequence[Candidate],
    thresholds: Thresholds,
    apart: frozenset[frozenset[int]] = frozenset(),
) -> list[Group]:
    """New cross-unit groups, and the new items that grow existing threads.

    A group is returned when it spans two or more units and holds at least one item that is
    not yet in a thread. Items of one thread start joined; two threads are never merged. Two
    items in `apart` (a manager said *Ikke relateret*) never end up in one group.
    """
    pool = Pool.of(candidates)
    position = {c.item_id: i for i, c in enumerate(pool.candidates)}
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

    def kept_apart(ra: int, rb: int) -> bool:
        return bool(apart) and any(
            frozenset((x, y)) in apart for x in members[ra] for y in members[rb]
        )

    def cohesive(ra: int, rb: int) -> bool:
        total = sum(
            pool.similarity(position[x], position[y], thresholds)
            for x in members[ra]
            for y in members[rb]
        )
        return total / (len(members[ra]) * len(members[rb])) >= thresholds.cohesion

    pairs = related_pairs(pool, thresholds)
    ids = [c.item_id for c in pool.candidates]
    for a, b, code in zip(pairs.a.tolist(), pairs.b.tolist(), pairs.reason.tolist(), strict=True):
        evidence = _REASONS[code]
        ra, rb = root(ids[a]), root(ids[b])
        if ra == rb:
            reasons[ra].add(evidence)
            continue
        threaded = thread_of[ra] is not None or thread_of[rb] is not None
        if thread_of[ra] is not None and thread_of[rb] is not None:
            continue  # two threads stay two threads
        # A thread may grow past the size of a new group, but not without end.
        limit = thresholds.max_items * (2 if threaded else 1)
        if len(members[ra]) + len(members[rb]) > limit or kept_apart(ra, rb):
            continue
        if not cohesive(ra, rb):
            continue
        joined = join(ra, rb)
        reasons[joined].add(evidence)

    groups: list[Group] = []
    for top, ids in members.items():
        ids = sorted(ids)
        units: set[int] = set()
        for item_id in ids:
            units |= by_id[item_id].unit_ids
        new = [i for i in ids if by_id[i].thread_id is None]
        if not new or len(units) < 2 or not _two_voices(by_id, ids):
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


def _two_voices(by_id: dict[int, Candidate], ids: Sequence[int]) -> bool:
    """A thread needs items from two managers: one manager's items alone never make one (an
    item that names other units is suggested to them at once, and *Tag kontakt* opens it)."""
    authors = [by_id[i].author_id for i in ids]
    return len(ids) >= 2 and (None in authors or len(set(authors)) >= 2)


# -- saying why ---------------------------------------------------------------------------------


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
