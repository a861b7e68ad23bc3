"""The offline demo runs the whole scripted month, and its logs hold no secrets or user text."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.logs import setup_logging
from sandbox.demo import run_demo


@pytest.fixture(scope="module", params=["http", "socket"])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[str]]:
    """Run the demo once per transport (`--socket-mode` for the second), capturing every log
    line as production would emit it at DEBUG."""
    out = tmp_path_factory.mktemp("demo")
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    setup_logging("DEBUG")
    collector = Collect(level=logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        run_demo(out, socket_mode=request.param == "socket")
    finally:
        root.removeHandler(collector)
        setup_logging("WARNING")
    lines = []
    for record in records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return out, lines


def test_the_demo_writes_a_readable_story(demo: tuple[Path, list[str]]) -> None:
    out, _ = demo
    story = (out / "README.md").read_text(encoding="utf-8")
    assert story.startswith("# Tværs demo")
    assert "Barriere gemt" in story and "Potentiale gemt" in story and "Dilemma gemt" in story
    assert "CPR-nummer" in story and "010190-1234" not in story.split("Ikke gemt")[1][:400]
    assert "Status er opdateret: *Løst*" in story
    assert (out / "anna-holm.md").exists()
    # The loop from escalation to decision: the thread and Gustav hear Sofie's decision.
    assert "Direktionen har truffet en beslutning" in story
    assert "Direktionen har svaret på det, du løftede" in story


def test_the_demo_logs_no_tokens_secrets_cpr_or_typed_text(demo: tuple[Path, list[str]]) -> None:
    out, lines = demo
    story = (out / "README.md").read_text(encoding="utf-8")
    typed = re.findall(r"types `/barriere (?:\w+ )?([^`]{25,})`", story)
    assert len(typed) >= 4
    text = "\n".join(lines)
    assert "xoxb-" not in text and "xapp-" not in text
    assert not re.search(r"\b\d{6}-?\d{4}\b", text), "something like a CPR number was logged"
    for phrase in typed:
        assert phrase[:25] not in text, f"user text was logged: {phrase[:25]!r}"
