"""Putting user-written text into Slack mrkdwn without pings and without broken formatting.

Two encodings meet here, and each function says which one it expects:

* **plain** text is what a person typed, character for character. Modal inputs
  (``plain_text_input``) arrive like this, and the bot stores all free text like this.
* **Slack-encoded** text is what Slack sends in message events and slash commands: a typed ``&``,
  ``<`` and ``>`` arrive as ``&amp;``, ``&lt;`` and ``&gt;``, while mentions and links arrive as
  control sequences such as ``<@U123>``, ``<!here>``, ``<!subteam^S1|@team>``, ``<#C1|general>``
  and ``<https://x.dk|x.dk>``. :func:`to_plain` turns it into plain text before it is stored.

Views call :func:`safe_mrkdwn` for every piece of stored text that goes into a ``mrkdwn`` field,
and :func:`truncate` for ``plain_text`` fields (which never ping, but have length limits).

Decision on mentions: control sequences become the words a reader saw (``@channel``, ``@U123``,
``@jens``, ``#general``, a link's label), and every ``@`` that starts a word gets an invisible
WORD JOINER (U+2060) after it. Plain ``@here`` is not enough on its own: a ``mrkdwn`` text object
with ``verbatim: false`` (Slack's default) "automatically parses certain mentions", so a typed
``@channel`` could notify a whole channel. The joiner breaks that match while the text still reads
``@channel``; unlike a zero-width space it also never lets a line wrap between ``@`` and the name.
``@`` inside a word (``jens@kommune.dk``) is left alone so e-mail addresses still work; a
word-initial ``@`` inside a URL (``https://x.dk/@jens``) is broken too: safety beats a rare link.
Setting ``verbatim: true`` on such text objects is still good practice; this does not rely on it.

mrkdwn styling characters (``*``, ``_``, ``~``, backticks) are left as typed: mrkdwn has no escape
for them, a styled word is harmless, and an unclosed marker only affects its own text object.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = [
    "ELLIPSIS",
    "MENTION_BREAK",
    "escape",
    "neutralise",
    "one_line",
    "quoted",
    "safe_mrkdwn",
    "to_plain",
    "truncate",
    "unescape",
]

ELLIPSIS = "…"
MENTION_BREAK = "\u2060"  # WORD JOINER: invisible, and not a word character, so "@⁠here" is inert

_AT = "@" + MENTION_BREAK
_ENTITY = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
_ENTITY_RE = re.compile(r"&(?:amp|lt|gt);")
_LONGEST_ENTITY = max(len(e) for e in _ENTITY)
# Slack encodes every typed < and >, so in encoded text any <...> is a control sequence.
_CONTROL_RE = re.compile(r"<([^<>]*)>")
_ID_RE = re.compile(r"[A-Za-z0-9]+")
_SPECIAL_NAME_RE = re.compile(r"[a-z]\S*")
_URL_TARGET_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s|]+")
# "group" is Slack's legacy alias of "channel"; all four notify many people at once.
_BROADCASTS = frozenset({"channel", "here", "everyone", "group"})
# Where an "@" may start a mention: not right after a letter or digit (that is an e-mail address).
_MENTION_AT_RE = re.compile(r"(?<![^\W_])@(?=\w)")


def escape(text: str) -> str:
    """Escape &, < and > in plain text for Slack, always (``&amp;`` typed shows as typed)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Decode Slack's three entities (&amp; &lt; &gt;) in one pass, the inverse of escape."""
    return _ENTITY_RE.sub(lambda m: _ENTITY[m.group(0)], text)


def _sanitise_encoded(text: str) -> str:
    # Encoded text should only hold &, < and > as entities; fix any stray ones rather than trust it.
    text = re.sub(r"&(?!(?:amp|lt|gt);)", "&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _control_text(content: str, at: str) -> str | None:
    """What a reader sees for one control sequence (in the input's encoding), or None if not one."""
    target, _, label = content.partition("|")
    if target.startswith("!"):
        name = target[1:]
        if not _SPECIAL_NAME_RE.fullmatch(name):
            return None
        if name in _BROADCASTS:
            # The label is the sender's; the notification is decided by the name, so show that.
            return at + name
        if name.startswith("subteam^"):
            return at + (label.lstrip("@") or name.removeprefix("subteam^"))
        # e.g. <!date^1392734382^{date_short}|Feb 18, 2014>: the label is the readable fallback.
        return label or name
    if target.startswith("@") and _ID_RE.fullmatch(target[1:]):
        return at + (label.lstrip("@") or target[1:])
    if target.startswith("#") and _ID_RE.fullmatch(target[1:]):
        return "#" + (label.lstrip("#") or target[1:])
    if _URL_TARGET_RE.fullmatch(target):
        return label or target
    return None


def _convert(text: str, *, at: str, segment: Callable[[str], str]) -> str:
    """Replace control sequences by their reader text; pass every other piece through segment."""
    parts: list[str] = []
    pos = 0
    for match in _CONTROL_RE.finditer(text):
        shown = _control_text(match.group(1), at)
        if shown is None:
            continue
        parts.append(segment(text[pos : match.start()]))
        parts.append(segment(shown))
        pos = match.end()
    parts.append(segment(text[pos:]))
    return "".join(parts)


def _break_mentions(mrkdwn: str) -> str:
    """Put MENTION_BREAK after every word-initial @."""
    return _MENTION_AT_RE.sub(_AT, mrkdwn)


def to_plain(encoded: str) -> str:
    """Turn Slack-encoded text (events, slash commands) into plain text as the person typed it."""
    return _convert(encoded, at="@", segment=unescape)


def neutralise(encoded: str) -> str:
    """Turn Slack-encoded text into display-safe mrkdwn: no pings, entities kept, not re-escaped."""
    return _break_mentions(_convert(encoded, at=_AT, segment=_sanitise_encoded))


def safe_mrkdwn(text: str, *, limit: int | None = None) -> str:
    """Plain text to display-safe mrkdwn: mentions neutralised, the rest escaped, then truncated."""
    out = _break_mentions(_convert(text, at=_AT, segment=escape))
    if limit is None or len(out) <= limit:
        return out
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    cut = out[: limit - 1]
    # Every & in the output starts an entity; never leave half of one before the ellipsis.
    amp = cut.rfind("&", max(0, len(cut) - _LONGEST_ENTITY + 1))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + ELLIPSIS


def quoted(text: str, *, limit: int | None = None) -> str:
    """User text as a block quote, every line marked, so no line of it can pose as the bot's."""
    return "\n".join("> " + line for line in safe_mrkdwn(text, limit=limit).split("\n"))


def one_line(text: str, *, limit: int | None = None) -> str:
    """User text inside a line of the bot's own: its line breaks become spaces."""
    return safe_mrkdwn(" ".join(text.split()), limit=limit)


def truncate(text: str, limit: int) -> str:
    """Shorten text to at most limit characters, ending in an ellipsis when it was cut."""
    if len(text) <= limit:
        return text
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    return text[: limit - 1].rstrip() + ELLIPSIS


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_input(value: Any) -> Any:
    """A request body with every string storable: no NUL bytes, no lone surrogates.

    JSON may carry "\\u0000" or half a surrogate pair ("\\ud800"); neither can be stored
    (SQLite's UTF-8, PostgreSQL's text), so both are dropped or replaced (U+FFFD) on the way in.
    """
    if isinstance(value, str):
        if "\x00" in value:
            value = value.replace("\x00", "")
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {clean_input(k): clean_input(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_input(v) for v in value]
    return value
