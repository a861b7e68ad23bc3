"""Tests for escaping and neutralising user text shown in Slack mrkdwn."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack_text import (
    ELLIPSIS,
    MENTION_BREAK,
    escape,
    neutralise,
    safe_mrkdwn,
    to_plain,
    truncate,
    unescape,
)

AT = "@" + MENTION_BREAK
BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt);)")
LIVE_MENTION = re.compile(r"(?<![^\W_])@\w")

FRAGMENTS = [
    "<!channel>",
    "<!here>",
    "<!here|here>",
    "<!here|@here>",
    "<!everyone>",
    "<!group>",
    "<!subteam^S1|@x>",
    "<!subteam^S1>",
    "<@U123>",
    "<@U123|jens>",
    "<@W9>",
    "<#C1>",
    "<#C1|general>",
    "<#C1|>",
    "<https://x.dk|label>",
    "<https://x.dk>",
    "<https://x.dk/@channel>",
    "<mailto:a@b.dk|a@b.dk>",
    "<!date^1392734382^{date_short}|18. feb>",
    "&",
    "&amp;",
    "&lt;",
    "&gt;",
    "&amp",
    "&#64;",
    "<",
    ">",
    "<>",
    "@",
    "@channel",
    "@here",
    "@everyone",
    "|",
    "!",
    "^",
    "æøå",
    "ÆØÅ",
    "😀",
    "👩‍👩‍👧",
    " ",
    "\n",
    "_",
    "*",
    "jens@kommune.dk",
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)),
    max_size=12,
).map("".join)


def assert_display_safe(out: str) -> None:
    for needle in ("<!", "<@", "<#", "<", ">"):
        assert needle not in out
    assert BARE_AMP.search(out) is None, out
    assert LIVE_MENTION.search(out) is None, out


# --- examples -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
        ("&amp;", "&amp;amp;"),  # stored as typed, so a typed entity shows as typed
        ("<b>", "&lt;b&gt;"),
        ("æøå 😀", "æøå 😀"),
        ("", ""),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        ("<!channel>", f"{AT}channel"),
        ("<!here|@here>", f"{AT}here"),
        ("<!here|jeg er en løgner>", f"{AT}here"),
        ("<!everyone>", f"{AT}everyone"),
        ("<!subteam^S123|@team>", f"{AT}team"),
        ("<!subteam^S123>", f"{AT}S123"),
        ("<@U123>", f"{AT}U123"),
        ("<@U123|jens>", f"{AT}jens"),
        ("<#C123|general>", "#general"),
        ("<#C123>", "#C123"),
        ("<#C123|>", "#C123"),
        ("<https://x.dk|label>", "label"),
        ("<https://x.dk>", "https://x.dk"),
        ("<https://x.dk?a=1&amp;b=2>", "https://x.dk?a=1&amp;b=2"),
        ("<https://x.dk|R&amp;D>", "R&amp;D"),
        ("<mailto:a@b.dk|a@b.dk>", "a@b.dk"),
        ("<!date^1392734382^{date_short}|18. feb>", "18. feb"),
        ("a &amp; b &lt;3 &gt;", "a &amp; b &lt;3 &gt;"),
        ("&lt;!channel&gt;", "&lt;!channel&gt;"),  # typed literally: shown literally
        ("stray & and < >", "stray &amp; and &lt; &gt;"),
        ("hej @channel og @here", f"hej {AT}channel og {AT}here"),
        ("jens@kommune.dk", "jens@kommune.dk"),
        ("Hej<!here>!", f"Hej{AT}here!"),
    ],
)
def test_neutralise(encoded: str, expected: str) -> None:
    assert neutralise(encoded) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R&D <3", "R&amp;D &lt;3"),
        ("&amp; &lt;", "&amp;amp; &amp;lt;"),
        ("<!channel> se her", f"{AT}channel se her"),
        ("<@U123|jens> & <#C1|general>", f"{AT}jens &amp; #general"),
        ("@channel", f"{AT}channel"),
        ("(@here)", f"({AT}here)"),
        ("_@everyone_", f"_{AT}everyone_"),
        ("@@channel", f"@{AT}channel"),
        ("skriv til jens@kommune.dk", "skriv til jens@kommune.dk"),
        ("x < y > z", "x &lt; y &gt; z"),
        ("<b>fed</b>", "&lt;b&gt;fed&lt;/b&gt;"),
        ("*fed* og _kursiv_", "*fed* og _kursiv_"),
        ("Ærø 👩‍👩‍👧", "Ærø 👩‍👩‍👧"),
    ],
)
def test_safe_mrkdwn(text: str, expected: str) -> None:
    assert safe_mrkdwn(text) == expected


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("abc&def", 100, "abc&amp;def"),
        ("abc&def", 11, "abc&amp;def"),
        ("abc&def", 10, "abc&amp;d…"),
        ("abc&def", 9, "abc&amp;…"),
        ("abc&def", 8, "abc…"),  # "abc&amp" + … would cut the entity
        ("abc&def", 5, "abc…"),
        ("abc&def", 4, "abc…"),
        ("a & b", 4, "a…"),
        ("hello world", 7, "hello…"),  # no space before the ellipsis
        ("hello", 1, ELLIPSIS),
        ("<!channel> og mere", 9, f"{AT}channe…"),
    ],
)
def test_safe_mrkdwn_limit(text: str, limit: int, expected: str) -> None:
    assert safe_mrkdwn(text, limit=limit) == expected


def test_safe_mrkdwn_rejects_a_useless_limit() -> None:
    with pytest.raises(ValueError):
        safe_mrkdwn("abc", limit=0)
    assert safe_mrkdwn("", limit=0) == ""


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("hello", 5, "hello"),
        ("hello", 10, "hello"),
        ("hello world", 6, "hello…"),
        ("hello world", 7, "hello…"),
        ("æøå😀x", 4, "æøå…"),
        ("hello", 1, ELLIPSIS),
    ],
)
def test_truncate(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected


def test_truncate_rejects_a_useless_limit() -> None:
    with pytest.raises(ValueError):
        truncate("abc", 0)


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        ("<!here|@here> se <@U123|jens>", "@here se @jens"),
        ("<#C1|general> og <https://x.dk|x.dk>", "#general og x.dk"),
        ("R&amp;D &lt;3 &amp;lt;", "R&D <3 &lt;"),
        ("&lt;!channel&gt;", "<!channel>"),
    ],
)
def test_to_plain(encoded: str, expected: str) -> None:
    assert to_plain(encoded) == expected


# --- properties -----------------------------------------------------------------------------------


@given(texts)
def test_safe_mrkdwn_is_display_safe(text: str) -> None:
    assert_display_safe(safe_mrkdwn(text))


@given(texts)
def test_neutralise_is_display_safe(text: str) -> None:
    assert_display_safe(neutralise(text))


@given(texts, st.integers(min_value=1, max_value=40))
def test_truncated_safe_mrkdwn_respects_limit_and_stays_safe(text: str, limit: int) -> None:
    full = safe_mrkdwn(text)
    out = safe_mrkdwn(text, limit=limit)
    assert len(out) <= limit
    assert_display_safe(out)
    if out != full:
        assert out.endswith(ELLIPSIS)
        assert full.startswith(out[: -len(ELLIPSIS)])


@given(st.text(), st.integers(min_value=1, max_value=40))
def test_truncate_respects_limit(text: str, limit: int) -> None:
    out = truncate(text, limit)
    assert len(out) <= limit
    assert out == text or (out.endswith(ELLIPSIS) and text.startswith(out[: -len(ELLIPSIS)]))


@given(texts)
def test_escape_round_trips(text: str) -> None:
    assert unescape(escape(text)) == text
    assert to_plain(escape(text)) == text


texts_without_lt = st.lists(
    st.one_of(
        st.sampled_from([f for f in FRAGMENTS if "<" not in f]),
        st.text(alphabet=st.characters(exclude_characters="<"), max_size=6),
    ),
    max_size=12,
).map("".join)


@given(texts_without_lt)
def test_neutralise_of_encoded_equals_safe_mrkdwn_of_plain(text: str) -> None:
    # Slack encodes a typed "<", so plain text without one means the same in both encodings.
    assert neutralise(escape(text)) == safe_mrkdwn(text)
