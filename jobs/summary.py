"""What a job run says: a plain summary, or one that needs the workspace's admins.

A summary is the English line the CLI prints and the log keeps (scripts and tests read it), and
the same said as parts: text keys (`job.<key>` in bot/texts/jobs.py) with their values, stored
with the run so App Home says it in the workspace's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

# (key, values): values are counts (`count` picks the plural), codes, names, ISO dates.
Part = tuple[str, dict[str, str | int]]


def part(key: str, **values: str | int) -> Part:
    """One part of a summary: `job.<key>` with its values."""
    return key, values


class Summary(str):
    """The English line, with its parts; a plain str where only the line matters."""

    parts: tuple[Part, ...]

    def __new__(cls, text: str, parts: Iterable[Part] | None = None) -> Self:
        summary = super().__new__(cls, text)
        # Re-wrapping a summary (as NeedsAttention) keeps its parts.
        summary.parts = tuple(parts) if parts is not None else tuple(getattr(text, "parts", ()))
        return summary


def parts_of(summary: str) -> tuple[Part, ...]:
    """The parts of a summary (none for a plain str)."""
    return tuple(getattr(summary, "parts", ()))


def joined(lines: Iterable[str], separator: str = "\n") -> Summary:
    """Several summaries as one: the lines joined, the parts in order."""
    lines = list(lines)
    return Summary(separator.join(lines), [p for line in lines for p in parts_of(line)])


class NeedsAttention(Summary):
    """A summary of a run that finished but could not do part of its work (a channel gone, a
    post refused): recorded as failed, so the workspace's admins see it in App Home."""
