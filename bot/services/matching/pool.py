"""Which items relate: a pool of candidates read once, and the pairs in it that reach the link."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from bot.services.matching.features import Analyser, Vector, cosine, tfidf


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
    allowed: np.ndarray = (
        (codes.home[rows] != codes.home[cols])
        & (codes.thread[rows] != codes.thread[cols])
        & (codes.author[rows] != codes.author[cols])
    )
    return allowed


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
