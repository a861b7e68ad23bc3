"""Tests for the personal data guard (CPR numbers in free text)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.guard import (
    CPR_MASK,
    Finding,
    contains_personal_data,
    find_personal_data,
    mask,
)

POSITIVES = [
    "010190-1234",
    "0101901234",
    "010190 1234",
    "010190\u00a01234",  # non-breaking space
    "010190\u20131234",  # en dash, as Word writes it
    "010190\u20111234",  # non-breaking hyphen
    "311299-0001",
    "311299-3999",
    "010100-4000",  # 2000
    "010137-4000",  # 1937
    "010158-5000",  # 1858
    "010157-8000",  # 2057
    "290200-4123",  # 2000 is a leap year; digit 4 and YY <= 36 give 2000
    "290200-9123",
    "290200-5123",
    "290236-4123",  # 2036
    "290240-4123",  # 1940
    "290204-1123",  # 1904
    "290296-0123",  # 1996
    "290296-5123",  # 1896
    "290260-5123",  # 1860
    "290288-9999",  # 1988
]

IN_CONTEXT = [
    ("Borgeren (010190-1234) har brug for hjælp.", "010190-1234"),
    ("CPR: 0101901234", "0101901234"),
    ("cpr-nr. 010190-1234, søster til ...", "010190-1234"),
    ("010190 1234 er født på Ærø", "010190 1234"),
    ("Jørgen Ålund, 311299-0001.", "311299-0001"),
    ("«150385-2468»", "150385-2468"),
    ("[150385-2468]", "150385-2468"),
    ("Hun har CPR 150385-2468!", "150385-2468"),
    ("nr.150385-2468", "150385-2468"),
    ("Se 150385-2468\nNæste linje", "150385-2468"),
    ("tlf 12345678 og cpr 150385-2468", "150385-2468"),
    ("mor 010190-1234 og barn 020215-4321", "010190-1234"),
    ("😀150385-2468😀", "150385-2468"),
    ("cprnr0101901234", "0101901234"),
    ("+0101901234", "0101901234"),
    # shapes people paste
    ("Borgeren 010190 - 1234 er flyttet", "010190 - 1234"),
    ("cpr 010190 – 1234", "010190 – 1234"),
    ("CPR: 01.01.90-1234", "01.01.90-1234"),
    ("Mor 010190/1234 ringer", "010190/1234"),
    ("Børnene 010190-1234/020215-4321", "010190-1234"),
    ("cpr 0101\u00ad90-1234", "0101\u00ad90-1234"),  # soft hyphen
    ("cpr 010190\u200b1234", "010190\u200b1234"),  # zero-width space
    ("cpr ０１０１９０-１２３４", "０１０１９０-１２３４"),  # fullwidth
    ("Familien 170655 4810 2 børn", "170655 4810"),
    ("Barnet 010190-1234² er nævnt", "010190-1234"),
    ("Møde om cpr 120324 1400", "120324 1400"),  # "cpr" wins over the meeting word
]

NEGATIVES = [
    # invalid dates
    "320190-1234",
    "000190-1234",
    "310490-1234",  # April has 30 days
    "311190-1234",
    "300290-1234",
    "011390-1234",
    "010090-1234",
    "290290-4123",  # digit 4, YY 90 > 36: 1990, not a leap year
    "290290-0123",
    "290200-0123",  # digit 0: 1900, not a leap year
    "290200-3123",
    "290297-5123",  # digit 5, YY 97 > 57: 1897, not a leap year
    "290201-4123",  # 2001
    "290261-5123",  # 1861
    # dates and times
    "01-02-2024",
    "01.02.24",
    "1/2-2024",
    "01022024",
    "2024-02-01",
    "kl. 10:30-12:00",
    "010224",
    # phone numbers
    "12345678",
    "12 34 56 78",
    "+45 12 34 56 78",
    "+4512345678",
    "+45 1234 5678",
    "0045 12345678",
    # case and journal numbers
    "2024-123456",
    "2024-010190-1234",
    "27.12.01-G01-3-24",
    "00.01.00-A00-1-24",
    "12.010190-1234",
    "12/010190-1234",
    "010190-1234-5",
    "010190-1234/2",
    "010190-1234.5",
    # longer digit runs and grouped numbers
    "12345678901",
    "01019012345",
    "10101901234",
    "010190123456789",
    "1 010190 1234",
    "010190 1234 5678",
    "DK5000400440116243",
    "DK50 0040 0440 1162 43",
    "4571 2345 6789 0123",
    # amounts and years
    "1.234.567 kr",
    "1.234.567,50 kr.",
    "kr. 250.000",
    "i 2024 og 2025",
    "1990-2024",
    # 6-4 that is not a date
    "123456-7890",
    "999999-9999",
    "",
    "Ingen tal her, kun æøå.",
    # what staff write that is CPR-shaped, cleared by the words before it
    "Møde 120324 1400",
    "Netværksmøde 070221 1715 med skole og PPR",
    "P-nr. 1012345678",
    "P-nummer: 1211037316",
    "Udbetales til reg. 1234 konto 0101901234",
    "Varenr. 221121-7325",
    "12/010190-1234",
]


@pytest.mark.parametrize("text", POSITIVES)
def test_bare_cpr_is_found(text: str) -> None:
    assert find_personal_data(text) == [Finding("cpr", 0, len(text))]


@pytest.mark.parametrize(("text", "cpr"), IN_CONTEXT)
def test_cpr_in_context_is_found_with_its_span(text: str, cpr: str) -> None:
    findings = find_personal_data(text)
    assert findings
    first = findings[0]
    assert first.kind == "cpr"
    assert text[first.start : first.end] == cpr
    assert contains_personal_data(text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_lookalikes_are_not_found(text: str) -> None:
    assert find_personal_data(text) == []
    assert not contains_personal_data(text)
    assert mask(text) == text


def test_two_numbers_joined_by_a_slash_are_both_found() -> None:
    text = "Forældrene er 0610099389/1205025982"
    assert [text[f.start : f.end] for f in find_personal_data(text)] == [
        "0610099389",
        "1205025982",
    ]
    assert mask(text) == "Forældrene er [CPR]/[CPR]"


def test_spans_are_in_the_original_text() -> None:
    # Normalising removes characters; what is masked is still exactly the number as written.
    text = "A ０１０１９０\u00ad-１２３４ B"
    assert mask(text) == "A [CPR] B"


def test_several_findings_in_order() -> None:
    text = "Mor 010190-1234, far 0202851234 og barn 030315 4321."
    findings = find_personal_data(text)
    assert [text[f.start : f.end] for f in findings] == [
        "010190-1234",
        "0202851234",
        "030315 4321",
    ]
    assert mask(text) == "Mor [CPR], far [CPR] og barn [CPR]."


def test_mask_frees_a_neighbour_only_refused_for_its_context() -> None:
    # The spaced one is refused next to a digit, but is a CPR number once that digit is masked.
    assert mask("0101901234 020290 1234") == "[CPR] [CPR]"


def test_finding_is_frozen() -> None:
    finding = Finding("cpr", 0, 11)
    with pytest.raises(AttributeError):
        finding.start = 1  # type: ignore[misc]


# --- properties -----------------------------------------------------------------------------------


def _seventh_digits(year: int) -> list[int]:
    """The 7th digits that put a birth in this year, by the CPR Office's century table."""
    yy = year % 100
    if 1858 <= year <= 1899:
        return [5, 6, 7, 8]
    if 1900 <= year <= 1999:
        return [0, 1, 2, 3] + ([4, 9] if yy > 36 else [])
    if 2000 <= year <= 2036:
        return [4, 9, 5, 6, 7, 8]
    return [5, 6, 7, 8]


@st.composite
def cprs(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=dt.date(1858, 1, 1), max_value=dt.date(2057, 12, 31)))
    seventh = draw(st.sampled_from(_seventh_digits(day.year)))
    rest = draw(st.integers(min_value=0, max_value=999))
    sep = draw(st.sampled_from(["-", "", " ", "\u2013"]))
    return f"{day:%d%m%y}{sep}{seventh}{rest:03d}"


non_digit_text = st.text(alphabet=st.characters(exclude_categories=["Nd", "Cs"]), max_size=30)


@given(prefix=non_digit_text, cpr=cprs(), suffix=non_digit_text)
def test_any_valid_cpr_between_non_digits_is_found(prefix: str, cpr: str, suffix: str) -> None:
    text = prefix + cpr + suffix
    assert Finding("cpr", len(prefix), len(prefix) + len(cpr)) in find_personal_data(text)
    assert CPR_MASK in mask(text)
    assert cpr not in mask(text)


@given(st.text(max_size=200))
def test_arbitrary_unicode_does_not_crash(text: str) -> None:
    findings = find_personal_data(text)
    assert contains_personal_data(text) == bool(findings)
    assert find_personal_data(mask(text)) == []


@given(st.text(alphabet=st.characters(categories=["L"]), max_size=100))
def test_letters_only_never_match(text: str) -> None:
    assert find_personal_data(text) == []


HYPHENS = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2212"]
SPACES = [" ", "\u00a0"]

fragments = st.lists(
    st.one_of(
        cprs(),
        st.text(alphabet="0123456789", min_size=1, max_size=12),
        st.sampled_from(["010190", "1234", "290200", "01.01.90", "123", "+45", "x", "æ", "\n"]),
        st.sampled_from([*HYPHENS, *SPACES, ".", "/", "+", " - ", " \u2013 "]),
    ),
    max_size=10,
).map("".join)


@given(fragments)
def test_mask_leaves_no_finding(text: str) -> None:
    masked = mask(text)
    assert find_personal_data(masked) == []
    assert masked.count(CPR_MASK) >= len(find_personal_data(text))


def _oracle(text: str) -> list[tuple[int, int]]:
    """A slow, independent reading of the rules in guard's docstring (text without Cf/NFKC
    work to do, apart from the non-breaking space, which reads as a space)."""
    text = text.replace("\u00a0", " ")
    hyphen_seps = [*HYPHENS, *(f" {h}" for h in HYPHENS), *(f"{h} " for h in HYPHENS)]
    hyphen_seps += [f" {h} " for h in HYPHENS]
    forms = [("plain", sep) for sep in ["", "/", " ", *hyphen_seps]]
    forms += [("dotted", sep) for sep in hyphen_seps]
    found = []
    for i in range(len(text)):
        for form, sep in forms:
            head = 8 if form == "dotted" else 6
            end = i + head + len(sep) + 4
            candidate = text[i:end]
            if len(candidate) < end - i or candidate[head : head + len(sep)] != sep:
                continue
            date, serial = candidate[:head], candidate[head + len(sep) :]
            if form == "dotted":
                if date[2] != "." or date[5] != ".":
                    continue
                date = date[:2] + date[3:5] + date[6:]
            if not (date + serial).isascii() or not (date + serial).isdigit():
                continue
            left, right = text[:i], text[end:]
            if left[-1:].isdigit() or right[:1].isdigit():
                continue
            joiners = [*HYPHENS, "."]
            if len(left) >= 2 and left[-1] in joiners and left[-2].isdigit():
                continue
            if len(right) >= 2 and right[0] in joiners and right[1].isdigit():
                continue
            if sep == " ":
                if len(left) >= 2 and left[-1] == " " and left[-2].isdigit():
                    continue
                if len(right) >= 4 and right[0] == " " and right[1:4].isdigit():
                    continue
            yy, seventh = int(date[4:]), int(serial[0])
            if seventh <= 3:
                century = 1900
            elif seventh in (4, 9):
                century = 2000 if yy <= 36 else 1900
            else:
                century = 2000 if yy <= 57 else 1800
            try:
                dt.date(century + yy, int(date[2:4]), int(date[:2]))
            except ValueError:
                continue
            found.append((i, end))
    starts, ends = {s for s, _ in found}, {e for _, e in found}
    spans = []
    for start, end in found:
        slash_before = start >= 2 and text[start - 1] == "/" and text[start - 2].isdigit()
        slash_after = end + 1 < len(text) and text[end] == "/" and text[end + 1].isdigit()
        if (slash_before and start - 1 not in ends) or (slash_after and end + 1 not in starts):
            continue
        spans.append((start, end))
    return spans


@given(fragments)
def test_finder_agrees_with_a_brute_force_oracle(text: str) -> None:
    assert [(f.start, f.end) for f in find_personal_data(text)] == _oracle(text)
