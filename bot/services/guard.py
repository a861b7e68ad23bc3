"""Refusing personal data in free text before it is stored or logged.

Managers write about citizens' situations, so a CPR number (the Danish personal identity number)
is the one thing that must never reach the database or the logs. A CPR number is DDMMYY-SSSS,
DDMMYYSSSS or DDMMYY SSSS, where DDMMYY is a real date. The modulus-11 check is deliberately not
used: numbers issued since 2007 need not pass it. The seventh digit gives the century, which only
matters for 29 February (the CPR Office's table):

    7th digit 0-3: 1900s
    7th digit 4, 9: 2000s if YY <= 36, else 1900s
    7th digit 5-8:  2000s if YY <= 57, else 1800s

(1800+YY, 1900+YY and 2000+YY differ in leap years only for YY = 00, so in effect the table decides
one thing: 290200-SSSS is a CPR number unless its 7th digit is 0-3. It is applied in full anyway.)

Precision matters as much as recall: a guard that refuses ordinary sentences teaches people to stop
using the tool. So a candidate must stand alone: no digit right before or after it, and no digit
joined by ``-``, ``.`` or ``/`` on either side (``2024-010190-1234``, ``12.010190-1234``,
``010190-1234-5`` are longer identifiers, not CPR numbers). The spaced form DDMMYY SSSS is
stricter still: no digit one space away on either side, since long numbers are often written in
spaced groups. "+45" needs no rule: the Danish number after it has 8 digits, and glued to the 45 it
would need day 45. Lookalikes that never match: dates (01-02-2024,
01.02.24), phone numbers (12345678, 12 34 56 78, +45 12 34 56 78), case numbers (2024-123456),
KLE journal numbers (27.12.01-G01-3-24), times, amounts (1.234.567 kr) and years. The hyphen may
be one of its Unicode cousins (Word's en dash) and the space a non-breaking one; letters right next
to the number do not stop a match (``cpr0101901234``).

No other check is made, by choice. Names, addresses, health details and phone numbers cannot be
told from the ordinary text of a municipality (street names in place names, staff phone numbers,
"sygemeldt" in a sentence about a team) without refusing far too much. Card numbers (Luhn) are
precise but not what this text is about. CPR is both the most harmful and the only precise one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["CPR_MASK", "Finding", "contains_personal_data", "find_personal_data", "mask"]

CPR_MASK = "[CPR]"

# A typed hyphen is often turned into one of its Unicode cousins by Word or a phone keyboard.
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2212"
_SPACES = " \u00a0"
_JOINERS = _HYPHENS + "./"

_CPR_RE = re.compile(
    rf"""
    (?<!\d)               # not the tail of a longer number
    (?<!\d[{_JOINERS}])   # not after 2024- or 12. or 12/
    (?:
        (?P<date>[0-9]{{6}})[{_HYPHENS}]?(?P<serial>[0-9]{{4}})
      |
        (?<!\d[{_SPACES}])
        (?P<sdate>[0-9]{{6}})[{_SPACES}](?P<sserial>[0-9]{{4}})
        (?![{_SPACES}]\d)
    )
    (?!\d)                # not the head of a longer number
    (?![{_JOINERS}]\d)    # not before -5 or .5 or /5
    """,
    re.VERBOSE,
)


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


def find_personal_data(text: str) -> list[Finding]:
    """Every CPR number in text, in order, as Finding(kind="cpr", start, end)."""
    findings: list[Finding] = []
    for m in _CPR_RE.finditer(text):
        date = m.group("date") or m.group("sdate")
        serial = m.group("serial") or m.group("sserial")
        if _is_cpr(date, serial):
            findings.append(Finding("cpr", m.start(), m.end()))
    return findings


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
