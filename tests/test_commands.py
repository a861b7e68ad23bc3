"""Parsing `/barriere` text: keywords, kinds, and everything else kept as the barrier's text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.commands import Action, parse
from bot.models import ItemKind


def test_keywords() -> None:
    assert parse("").action is Action.MODAL
    assert parse("  hjælp ").action is Action.HELP
    assert parse("HELP").action is Action.HELP
    assert parse("mine").action is Action.MINE
    assert parse("potentiale") == parse("Potentiale:")
    assert parse("dilemma").kind is ItemKind.DILEMMA and parse("dilemma").action is Action.MODAL


def test_kind_with_text_logs_that_kind() -> None:
    parsed = parse("potentiale:\nFælles indgang for unge")
    assert (parsed.action, parsed.kind, parsed.text) == (
        Action.LOG,
        ItemKind.POTENTIAL,
        "Fælles indgang for unge",
    )


def test_mine_data_asks_for_my_data() -> None:
    assert parse("mine data").action is Action.MY_DATA
    assert parse("Mine DATA").action is Action.MY_DATA
    assert parse("mine data er spredt over tre systemer").action is Action.LOG


def test_a_keyword_inside_a_sentence_is_just_text() -> None:
    parsed = parse("mine børn venter på PPR")
    assert (parsed.action, parsed.kind, parsed.text) == (
        Action.LOG,
        ItemKind.BARRIER,
        "mine børn venter på PPR",
    )


@given(st.text())
def test_parse_never_fails_and_never_loses_words(text: str) -> None:
    parsed = parse(text)
    if parsed.action is Action.LOG:
        assert parsed.text.strip() == parsed.text
        assert parsed.text
        # Only a leading kind keyword may be dropped; every other word survives in order.
        assert parsed.text.split() == text.split()[-len(parsed.text.split()) :]
    else:
        assert parsed.text == ""
        # Only `overblik <month>` and `mine data` are more than one word.
        two_words = parsed.action in (Action.OVERVIEW, Action.MY_DATA)
        assert len(text.split()) <= (2 if two_words else 1)


@given(st.sampled_from(["barriere", "potentiale", "dilemma"]), st.text(min_size=1))
def test_a_kind_word_then_text_keeps_all_the_text(word: str, rest: str) -> None:
    parsed = parse(f"{word} {rest}")
    if rest.strip():
        assert parsed.action is Action.LOG
        assert parsed.text == rest.strip()
