"""What each person saw, in order, and the story around it: the demo's Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Transcript:
    """What each person saw, in order, plus a narrator's running story."""

    names: dict[str, str]
    story: list[str] = field(default_factory=list)
    seen: dict[str, list[str]] = field(default_factory=dict)
    # Files people got (the digest's chart, an export), written beside the story.
    attachments: dict[str, bytes] = field(default_factory=dict)

    def scene(self, title: str, text: str = "") -> None:
        """Start a new scene in the story."""
        self.story.append(f"\n## {title}\n" + (f"\n{text}\n" if text else ""))

    def show(self, who: str, heading: str, body: str, *, story: bool = True) -> None:
        """Record that `who` saw something (in their own file; in the story unless story=False)."""
        name = self.names.get(who, who)
        entry = f"### {heading}\n\n{_quote(body)}\n"
        self.seen.setdefault(who, []).append(entry)
        if story:
            self.story.append(f"**{name}** – {heading}\n\n{_quote(body)}\n")

    def write(self, out: Path) -> None:
        """Write README.md (the whole story) and one file per person or channel."""
        out.mkdir(parents=True, exist_ok=True)
        index = ["# Tværs demo: Tværby Kommune", "", "What each person saw, in order.", ""]
        files = []
        for who, entries in self.seen.items():
            name = self.names.get(who, who)
            filename = _slug(name) + ".md"
            files.append(f"* [{name}]({filename})")
            (out / filename).write_text(f"# {name}\n\n" + "\n".join(entries), encoding="utf-8")
        index += ["## Per person and channel", "", *sorted(files), "", "# The story", *self.story]
        (out / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
        for filename, data in self.attachments.items():
            (out / filename).write_bytes(data)

    def attach(self, filename: str, data: bytes) -> str:
        """Keep a file someone got (uploaded to the sandbox) to write beside the story."""
        self.attachments[filename] = data
        return filename


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in (text or "(empty)").splitlines())


def _slug(name: str) -> str:
    keep = "".join(c.lower() if c.isalnum() else "-" for c in name)
    return "-".join(part for part in keep.split("-") if part) or "someone"
