"""Related items joined strongest-first into cross-unit groups, growing the threads under way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.services.matching.pool import _REASONS, Candidate, Pool, Thresholds, related_pairs


@dataclass
class Group:
    """Items that belong together; `thread_id` is set when they grow an existing thread."""

    item_ids: list[int]
    unit_ids: set[int]
    reasons: set[str] = field(default_factory=set)
    thread_id: int | None = None
    new_item_ids: list[int] = field(default_factory=list)


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
