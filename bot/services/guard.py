"""Refusing personal data in free text before it is stored or logged.

Managers write about citizens' situations, so a CPR number (the Danish personal identity number)
is the one thing that must never reach the database or the logs. A CPR number is a real date
DDMMYY and a four-digit serial. The modulus-11 check is deliberately not used: numbers issued
since 2007 need not pass it. The seventh digit gives the century, which only matters for
29 February (the CPR Office's table):

    7th digit 0-3: 1900s
    7th digit 4, 9: 2000s if YY <= 36, else 1900s
    7th digit 5-8:  2000s if YY <= 57, else 1800s

Text is read as a person sees it: normalised to NFKC (fullwidth digits are digits, a
non-breaking space is a space; superscripts and other "No" numbers stay what they are) with format
characters (category Cf: a soft hyphen, a zero-width
space) taken out, so nothing pasted between the digits hides a number. Spans are given back in
the original text.

The shapes found: DDMMYY-SSSS (any of the hyphen's Unicode cousins), DDMMYYSSSS, DDMMYY SSSS,
DDMMYY - SSSS, DDMMYY/SSSS and DD.MM.YY-SSSS; two of them joined by ``/`` are both found.

Precision matters as much as recall: a guard that refuses ordinary sentences teaches people to stop
using the tool. So a candidate must stand alone: no digit right before or after it, and no digit
joined by ``-`` or ``.`` on either side (``2024-010190-1234``, ``12.010190-1234``,
``010190-1234-5`` are longer identifiers); joined by ``/`` only to another CPR number. The spaced
form DDMMYY SSSS is stricter still: no digit one space before it, and no group of three or more
digits one space after it, since long numbers are often written in spaced groups (a count after
it, "170655 4810 2 børn", does not save it). Two kinds of context also clear a candidate, unless
"cpr" is written shortly before it:

* a label naming another identifier right before it ("P-nr. 1012345678", "konto 0123456789",
  "varenr.", "bilag", "faktura", "EAN", "CVR", "sagsnr.", "journalnr."): 10-digit P-numbers and
  bank accounts are CPR-shaped about one time in eight;
* a date followed by a time of day (HHMM) after a word about meeting or time shortly before it
  ("Møde 120324 1400", "mødet d. 040424 0910", "kl.", "frist", "booket").

"+45" needs no rule: the Danish number after it has 8 digits. Lookalikes that never match: dates
(01-02-2024, 01.02.24), phone numbers (12345678, 12 34 56 78, +45 12 34 56 78), case numbers
(2024-123456), KLE journal numbers (27.12.01-G01-3-24), times, amounts (1.234.567 kr) and years.
Letters right next to the number do not stop a match (``cpr0101901234``). The figures on a
labelled set of real shapes are in bench/README.md ("CPR guard").

No other check is made, by choice. Names, addresses, health details and phone numbers cannot be
told from the ordinary text of a municipality (street names in place names, staff phone numbers,
"sygemeldt" in a sentence about a team) without refusing far too much. Card numbers (Luhn) are
precise but not what this text is about. CPR is both the most harmful and the only precise one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["CPR_MASK", "Finding", "contains_personal_data", "find_personal_data", "mask"]

CPR_MASK = "[CPR]"

# A typed hyphen is often turned into one of its Unicode cousins by Word or a phone keyboard.
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2212"
_HY = f"[{_HYPHENS}]"

_CPR_RE = re.compile(
    rf"""
    (?<!\d)               # not the tail of a longer number
    (?<!\d[{_HYPHENS}.])  # not after 2024- or 12.
    (?:
        (?P<date>[0-9]{{6}})(?P<sep>/|[ ]?{_HY}[ ]?)?(?P<serial>[0-9]{{4}})
      |
        (?<!\d[ ])
        (?P<sdate>[0-9]{{6}})[ ](?P<sserial>[0-9]{{4}})
        (?![ ][0-9]{{3}})  # not the start of a number in spaced groups
      |
        (?P<dd>[0-9]{{2}})\.(?P<mm>[0-9]{{2}})\.(?P<yy>[0-9]{{2}})[ ]?{_HY}[ ]?
        (?P<dserial>[0-9]{{4}})
    )
    (?!\d)                # not the head of a longer number
    (?![{_HYPHENS}.]\d)   # not before -5 or .5
    """,
    re.VERBOSE,
)

_CPR_LABEL = re.compile(r"cpr", re.IGNORECASE)
# A label naming another identifier, right before the number (a reg. no. may come between).
_OTHER_LABEL = re.compile(
    r"""(?:\b(?:p|p-|p\.)(?:nr|nummer)|\bproduktionsenhed(?:en|s)?|\bkonto(?:nr|nummer)?
    |\breg(?:\.?\s?nr)?|\bvare(?:nr|nummer)|\bbilag(?:snr|snummer)?|\bordre(?:nr|nummer)
    |\bfaktura(?:nr|nummer)?|\bean(?:-?nr|-?nummer)?|\bcvr(?:-?nr|-?nummer)?
    |\bsags?(?:nr|nummer)|\bjournal(?:nr|nummer))
    [.:]?\s*(?:[0-9]{4}[\s-]+)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_TIME_WORD = re.compile(
    # "møde" also ends compounds: netværksmøde, statusmøde, opfølgningsmøde.
    r"møde\w*|\b(?:mødes|ses|kl|klokken|tid|tidspunkt|frist|deadline|aftale\w*|booke\w*)\b",
    re.IGNORECASE,
)
_LOOK_BACK = 40  # characters before a candidate that its context is read from


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind and its span text[start:end]."""

    kind: str
    start: int
    end: int


def _century(yy: int, seventh: int) -> int:
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def _is_cpr(date: str, serial: str) -> bool:
    dd, mm, yy = int(date[0:2]), int(date[2:4]), int(date[4:6])
    try:
        dt.date(_century(yy, int(serial[0])) + yy, mm, dd)
    except ValueError:
        return False
    return True


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFKC without format characters, and for each character the index it came from."""
    if text.isascii():
        # ASCII is its own NFKC form and holds no format character: the common case, at once.
        return text, list(range(len(text)))
    pieces = [char if char < "\x80" else _normal_char(char) for char in text]
    if all(len(piece) == 1 for piece in pieces):
        return "".join(pieces), list(range(len(text)))
    origin = [index for index, piece in enumerate(pieces) for _ in piece]
    return "".join(pieces), origin


@functools.lru_cache(maxsize=4096)
def _normal_char(char: str) -> str:
    """One character's NFKC form without format characters (may be empty, or longer)."""
    # Superscripts, fractions and circled numbers (No) are not digits to a reader: a footnote
    # mark after a number ("010190-1234²") must not hide it.
    normal = char if unicodedata.category(char) == "No" else unicodedata.normalize("NFKC", char)
    return "".join(c for c in normal if unicodedata.category(c) != "Cf")


def _cleared_by_context(before: str, serial: str, sep: str | None) -> bool:
    """True when the words right before a candidate say it is another kind of number."""
    line = before.rsplit("\n", 1)[-1][-_LOOK_BACK:]
    if _CPR_LABEL.search(line):
        return False
    if _OTHER_LABEL.search(line):
        return True
    hh, mm = int(serial[:2]), int(serial[2:])
    is_time = hh <= 23 and mm <= 59 and sep != "/"
    return is_time and bool(_TIME_WORD.search(line))


def _candidates(text: str) -> list[tuple[int, int]]:
    """Spans in normalised text that read as a CPR number on their own."""
    found: list[tuple[int, int, str, str | None]] = []
    for m in _CPR_RE.finditer(text):
        if m.group("dd"):
            date, serial, sep = m.group("dd") + m.group("mm") + m.group("yy"), m["dserial"], "-"
        elif m.group("date"):
            date, serial, sep = m.group("date"), m.group("serial"), m.group("sep")
        else:
            date, serial, sep = m.group("sdate"), m.group("sserial"), " "
        if _is_cpr(date, serial) and not _cleared_by_context(text[: m.start()], serial, sep):
            found.append((m.start(), m.end(), date, sep))
    starts = {start for start, *_ in found}
    ends = {end for _, end, *_ in found}
    spans = []
    for start, end, *_ in found:
        # Joined by "/" to a digit: only another CPR number may be on the other side.
        joined_before = start >= 2 and text[start - 1] == "/" and text[start - 2].isdigit()
        if joined_before and start - 1 not in ends:
            continue
        joined_after = end + 1 < len(text) and text[end] == "/" and text[end + 1].isdigit()
        if joined_after and end + 1 not in starts:
            continue
        spans.append((start, end))
    return spans


def find_personal_data(text: str) -> list[Finding]:
    """Every CPR number in text, in order, as Finding(kind="cpr", start, end) of `text` itself."""
    normal, origin = _normalise(text)
    return [Finding("cpr", origin[s], origin[e - 1] + 1) for s, e in _candidates(normal)]


def contains_personal_data(text: str) -> bool:
    """True when text holds anything find_personal_data reports."""
    return bool(find_personal_data(text))


def mask(text: str) -> str:
    """Text with every finding replaced by "[CPR]", safe to log or echo back."""
    # Masking can free a neighbour that was only refused for its context ("0101901234 020290
    # 1234"), so repeat until nothing is left; each round removes digits, so this ends.
    while findings := find_personal_data(text):
        for f in reversed(findings):
            text = text[: f.start] + CPR_MASK + text[f.end :]
    return text
