"""What one run did in one workspace: its counts and notes, as the job's summary line."""

from __future__ import annotations

from dataclasses import dataclass, field

from jobs.summary import Part, Summary, part


@dataclass
class _Report:
    """What one run did in one workspace, for the summary line."""

    name: str
    opened: list[str] = field(default_factory=list)
    grown: int = 0
    follow_ups: int = 0
    skipped: int = 0
    notified: int = 0
    notified_items: int = 0
    paired: int | None = None
    notes: list[str] = field(default_factory=list)
    # The notes as text keys and values, for the admins' language (jobs.summary).
    note_parts: list[Part] = field(default_factory=list)
    # Something the workspace's admins must fix (a channel), not just news.
    trouble: bool = False

    def note(self, note: str, key: str, **values: str | int) -> None:
        """Note something the run did besides its counts."""
        self.notes.append(note)
        self.note_parts.append(part(key, **values))

    def problem(self, note: str, key: str, **values: str | int) -> None:
        """Note something that kept the run from posting."""
        self.note(note, key, **values)
        self.trouble = True

    def line(self, *, weekly: bool) -> Summary:
        parts = []
        shown: list[Part] = []
        if weekly:
            threads = "; ".join(self.opened)
            parts.append(
                f"opened {len(self.opened)} thread(s)" + (f" (items {threads})" if threads else "")
            )
            parts.append(f"grew {self.grown} thread(s)")
            shown += [
                part("threads_opened", count=len(self.opened)),
                part("threads_grown", count=self.grown),
            ]
        parts.append(f"posted {self.follow_ups} follow-up(s)")
        shown.append(part("follow_ups_posted", count=self.follow_ups))
        if self.skipped:
            parts.append(f"skipped {self.skipped} follow-up(s) (every item already closed)")
            shown.append(part("follow_ups_skipped", count=self.skipped))
        if self.notified:
            parts.append(f"told directors about {self.notified} escalated thread(s)")
            shown.append(part("directors_told", count=self.notified))
        if self.notified_items:
            parts.append(f"told directors about {self.notified_items} escalated item(s)")
            shown.append(part("directors_told_items", count=self.notified_items))
        if weekly:
            parts.append("pairing off" if self.paired is None else f"paired {self.paired} pair(s)")
            shown.append(
                part("pairing_off") if self.paired is None else part("paired", count=self.paired)
            )
        text = f"{self.name}: " + ", ".join(parts)
        text += "".join(f"\n  ! {note}" for note in self.notes)
        return Summary(text, shown + self.note_parts)
