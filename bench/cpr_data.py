"""The CPR guard's labelled set: Danish sentences with and without a CPR number in them.

    python bench/cpr_data.py          # write bench/data/cpr_{tuning,heldout}.json again

Positives are valid CPR numbers made with `stdnum.dk.cpr` as the oracle (a real birth date and
the century digit that goes with it; modulus 11 is not asked for, as numbers issued since 2007
need not pass it), written in the shapes people paste them in, inside sentences as managers and
caseworkers write them. Negatives are the numbers municipal staff write every day that are not
CPR numbers: phone numbers, dates, times, sums, KLE journal numbers, case numbers, P-numbers,
CVR and EAN numbers, bank accounts, meetings written as date and time. Each item is
{"text", "cpr": bool, "shape"}; the set is shuffled with a fixed seed and cut in two halves, one
for tuning and one held out, which is the one whose figures are quoted.

The set was written before the guard was tuned, and is not changed to suit it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from stdnum.dk import cpr as stdnum_cpr

SEED = 16
DATA = Path(__file__).resolve().parent / "data"
PER_SHAPE = 120  # items per shape; every shape is equally represented

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# Sentences as people write them about a citizen; {x} is where the number goes.
_ABOUT_A_CITIZEN = [
    "Borgeren ({x}) har brug for hjælp til at komme videre.",
    "CPR: {x}",
    "cpr-nr. {x}, søster til den anden borger fra i går",
    "Kan I tjekke {x}? Hun er flyttet til kommunen.",
    "{x} har ikke fået sin ydelse i to måneder",
    "Mor {x} venter stadig på svar fra jobcentret",
    "Vedr. borger {x} – mangler papirer fra lægen",
    "Drengen er {x} og går i 3. klasse",
    "Han hedder Jens og har cpr {x}.",
    "Borger med cprnr {x} er blevet sygemeldt igen",
    "Hej, det drejer sig om {x}, kan du ringe?",
    "Se venligst {x}\nDer er ikke sket noget siden mødet.",
    "Kvinde, {x}, ønsker at flytte til botilbud",
    "Barnets CPR er {x} – skolen har ikke fået besked",
    "Vi har to henvendelser om {x} fra samme uge.",
    "Jobcentret og ydelseskontoret har begge kontakt til {x}",
    "Far (cpr {x}) har ikke hørt fra kommunen",
    "Ang. {x}: hjemmeplejen kommer ikke om aftenen",
]

_FAMILY = [
    "Forældrene er {x}",
    "Mor og far: {x}",
    "Begge børn ({x}) skal have ny skole",
    "cpr {x} – tvillinger",
]


def _birth(rng: random.Random) -> str:
    """A valid CPR number for someone alive in a municipality today (born 1920-2024)."""
    while True:
        day = dt.date(1920, 1, 1) + dt.timedelta(days=rng.randrange(365 * 105))
        yy = day.year % 100
        if day.year < 2000:
            sevenths = [0, 1, 2, 3] + ([4, 9] if yy >= 37 else [])
        else:
            sevenths = [4, 9, 5, 6, 7, 8]
        number = f"{day:%d%m%y}{rng.choice(sevenths)}{rng.randrange(1000):03d}"
        if stdnum_cpr.is_valid(number) and stdnum_cpr.get_birth_date(number) == day:
            return number


def _split(number: str) -> tuple[str, str]:
    return number[:6], number[6:]


def _positive(rng: random.Random, shape: str) -> str:
    number = _birth(rng)
    date, serial = _split(number)
    if shape == "hyphen":
        x = f"{date}-{serial}"
    elif shape == "compact":
        x = number
    elif shape == "space":
        x = f"{date} {serial}"
    elif shape == "nbsp":
        x = f"{date}\u00a0{serial}"
    elif shape == "en dash":
        x = f"{date}\u2013{serial}"
    elif shape == "spaced hyphen":
        x = f"{date} {rng.choice(['-', '–'])} {serial}"
    elif shape == "dotted date":
        x = f"{date[:2]}.{date[2:4]}.{date[4:]}-{serial}"
    elif shape == "slash":
        x = f"{date}/{serial}"
    elif shape == "two joined by slash":
        other = _birth(rng)
        sep = rng.choice(["-", ""])
        x = f"{date}{sep}{serial}/{other[:6]}{sep}{other[6:]}"
        return rng.choice(_FAMILY).format(x=x)
    elif shape == "soft hyphen inside":
        text = f"{date}-{serial}" if rng.random() < 0.5 else number
        at = rng.randrange(1, len(text))
        x = text[:at] + "\u00ad" + text[at:]
    elif shape == "zero-width space inside":
        text = f"{date}-{serial}" if rng.random() < 0.5 else number
        at = rng.randrange(1, len(text))
        x = text[:at] + "\u200b" + text[at:]
    elif shape == "fullwidth digits":
        x = rng.choice([f"{date}-{serial}", number]).translate(_FULLWIDTH)
    elif shape == "spaced, then other digits":
        tail = rng.choice(["2 børn", "3 gange i år", "1 gang om ugen", "4 uger", "12 timer"])
        return rng.choice(
            [
                f"Familien {date} {serial} {tail}",
                f"cpr {date} {serial} {tail}",
                f"Borger {date} {serial} {tail} uden hjælp",
            ]
        )
    else:
        raise ValueError(shape)
    return rng.choice(_ABOUT_A_CITIZEN).format(x=x)


POSITIVE_SHAPES = [
    "hyphen",
    "compact",
    "space",
    "nbsp",
    "en dash",
    "spaced hyphen",
    "dotted date",
    "slash",
    "two joined by slash",
    "soft hyphen inside",
    "zero-width space inside",
    "fullwidth digits",
    "spaced, then other digits",
]


def _d(n: int, rng: random.Random) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _recent_day(rng: random.Random) -> dt.date:
    return dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(365 * 9))


def _clock(rng: random.Random) -> tuple[int, int]:
    return rng.randrange(7, 18), rng.choice([0, 0, 15, 30, 45, 10, 20, 40, 50])


def _negative(rng: random.Random, shape: str) -> str:
    day = _recent_day(rng)
    if shape == "phone":
        n = f"{rng.randrange(2, 10)}{_d(7, rng)}"
        form = rng.choice(
            [
                f"+45 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
                n,
                f"+45{n}",
                f"{n[:4]} {n[4:]}",
                f"0045 {n}",
                f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
            ]
        )
        return rng.choice(
            [
                f"Ring til mig på {form}",
                f"Tlf. {form} (hverdage 8-15)",
                f"Kontakt jobcentret på {form} eller skriv til mig",
                f"Hendes nye nummer er {form}",
                f"Sagsbehandleren kan træffes på {form} mellem 9 og 12",
            ]
        )
    if shape == "date":
        form = rng.choice(
            [
                f"{day:%d.%m.%Y}",
                f"{day:%d-%m-%Y}",
                f"{day.day}/{day.month}-{day.year}",
                f"{day:%Y-%m-%d}",
                f"{day:%d%m%y}",
                f"{day:%d.%m.%y}",
                f"{day:%d%m%Y}",
            ]
        )
        return rng.choice(
            [
                f"Mødet er flyttet til {form}",
                f"Frist: {form}",
                f"Vi hørte sidst fra hende {form}",
                f"Bevilget fra {form} og et halvt år frem",
                f"Henvendelse modtaget {form} via Digital Post",
            ]
        )
    if shape == "time":
        h, m = _clock(rng)
        h2 = min(h + rng.randrange(1, 4), 23)
        form = rng.choice(
            [
                f"kl. {h:02d}.{m:02d}",
                f"kl. {h}:{m:02d}-{h2}:{m:02d}",
                f"{h:02d}{m:02d}-{h2:02d}{m:02d}",
                f"kl {h:02d}{m:02d}",
            ]
        )
        return rng.choice([f"Vi mødes {form} i rådhuset", f"Åbent {form} på hverdage"])
    if shape == "date and time":
        h, m = _clock(rng)
        form = rng.choice(
            [
                f"{day:%d%m%y} {h:02d}{m:02d}",
                f"{day:%d.%m.%y} kl. {h:02d}.{m:02d}",
                f"{day:%d%m%y} kl. {h:02d}{m:02d}",
                f"{day:%d.%m.%Y} {h:02d}:{m:02d}",
            ]
        )
        return rng.choice(
            [
                f"Møde {form}",
                f"Mødet {form} i lokale 2.14",
                f"Netværksmøde {form} med skole og PPR",
                f"Næste møde: {form}",
                f"Vi har booket {form} til opfølgning",
                f"Møde med familien {form} hos sundhedsplejen",
            ]
        )
    if shape == "sum":
        form = rng.choice(
            [
                f"kr. {rng.randrange(1, 99)}.{rng.randrange(1000):03d}",
                f"{rng.randrange(1, 9)}.{rng.randrange(1000):03d}.{rng.randrange(1000):03d} kr",
                f"kr. {rng.randrange(100, 999)}.{rng.randrange(1000):03d},{rng.randrange(100):02d}",
                f"{rng.randrange(1, 99)}.{rng.randrange(1000):03d},-",
                f"{rng.randrange(100000, 9999999)} kr.",
            ]
        )
        return rng.choice(
            [
                f"Der er bevilget {form} til indsatsen",
                f"Udgiften er {form} om året",
                f"Budgettet for {day.year} er {form}",
            ]
        )
    if shape == "journal number":
        form = (
            f"{rng.randrange(100):02d}.{rng.randrange(100):02d}.{rng.randrange(100):02d}"
            f"-{rng.choice('ABCDGHKPS')}{rng.randrange(100):02d}-{rng.randrange(1, 20)}"
            f"-{rng.randrange(15, 27)}"
        )
        return rng.choice([f"Journalnr. {form}", f"Se {form} i ESDH", f"KLE {form} er brugt"])
    if shape == "case number":
        form = rng.choice(
            [
                f"{day.year}-{_d(6, rng)}",
                f"{day.year % 100}/{_d(5, rng)}",
                f"S{day.year}-{_d(7, rng)}",
                f"{day.year}-{_d(4, rng)}-{_d(2, rng)}",
                f"{_d(2, rng)}-{day.year}-{_d(5, rng)}",
            ]
        )
        return rng.choice(
            [
                f"Sagsnr. {form}",
                f"Se {form} for det hele",
                f"Klagen har nummer {form}",
                f"Henvendelsen er oprettet som {form}",
            ]
        )
    if shape == "P-number":
        form = f"1{_d(9, rng)}"
        return rng.choice(
            [
                f"P-nummer {form}",
                f"P-nr. {form}",
                f"Arbejdsstedet har p-nr {form}",
                f"Virksomheden (CVR {_d(8, rng)}, P-nr. {form}) vil ansætte to i løntilskud",
                f"produktionsenhed {form}",
                f"P-nummer: {form} – virksomhedspraktik",
            ]
        )
    if shape == "CVR":
        form = f"{rng.randrange(1, 10)}{_d(7, rng)}"
        return rng.choice([f"CVR {form}", f"CVR-nr. {form}", f"Firmaet har cvr {form}"])
    if shape == "EAN":
        form = f"5798{_d(9, rng)}"
        return rng.choice([f"EAN {form}", f"Faktura til EAN-nr. {form}", f"EAN: {form}"])
    if shape == "bank account":
        reg, account = _d(4, rng), _d(10, rng)
        return rng.choice(
            [
                f"Udbetales til reg. {reg} konto {account}",
                f"Reg.nr. {reg} kontonr. {account}",
                f"Kontonummer {reg} {account}",
                f"konto {reg}-{account}",
            ]
        )
    if shape == "IBAN":
        form = f"DK{_d(2, rng)} {_d(4, rng)} {_d(4, rng)} {_d(4, rng)} {_d(2, rng)}"
        return f"IBAN {form}"
    if shape == "address and postcode":
        return rng.choice(
            [
                f"Vestergade {rng.randrange(1, 200)}, {rng.randrange(1, 6)}. th., "
                f"{rng.randrange(1000, 9990)} Byen",
                f"Flyttet til {rng.randrange(1000, 9990)} {rng.choice(['Aarhus C', 'Odense'])}",
            ]
        )
    if shape == "counts and years":
        a, b = rng.randrange(1990, 2020), rng.randrange(2020, 2027)
        return rng.choice(
            [
                f"Fra {a}-{b} steg tallet med {rng.randrange(2, 40)} %",
                f"{rng.randrange(2, 500)} borgere i {b}, mod {rng.randrange(2, 500)} i {a}",
                f"Uge {rng.randrange(1, 53)}, {b}: {rng.randrange(10, 99)} henvendelser",
            ]
        )
    if shape == "order and item numbers":
        return rng.choice(
            [
                f"Ordrenr. 45{_d(8, rng)}",
                f"Varenr. {_d(6, rng)}-{_d(4, rng)}",
                f"Bilag {_d(10, rng)} er sendt til økonomi",
                f"Faktura {rng.randrange(10**5, 10**6)} af {day:%d.%m.%Y}",
            ]
        )
    raise ValueError(shape)


NEGATIVE_SHAPES = [
    "phone",
    "date",
    "time",
    "date and time",
    "sum",
    "journal number",
    "case number",
    "P-number",
    "CVR",
    "EAN",
    "bank account",
    "IBAN",
    "address and postcode",
    "counts and years",
    "order and item numbers",
]


def labelled_set(seed: int = SEED) -> list[dict[str, Any]]:
    """Every item, shuffled with `seed`."""
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    for shape in POSITIVE_SHAPES:
        items += [
            {"text": _positive(rng, shape), "cpr": True, "shape": shape} for _ in range(PER_SHAPE)
        ]
    for shape in NEGATIVE_SHAPES:
        # Twice as many negatives per shape: most of what people write holds no CPR number.
        items += [
            {"text": _negative(rng, shape), "cpr": False, "shape": shape}
            for _ in range(2 * PER_SHAPE)
        ]
    rng.shuffle(items)
    return items


def halves(seed: int = SEED) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(tuning, held-out): the shuffled set cut in two."""
    items = labelled_set(seed)
    return items[::2], items[1::2]


def main() -> None:
    """Write both halves to bench/data."""
    tuning, heldout = halves()
    for name, items in (("tuning", tuning), ("heldout", heldout)):
        path = DATA / f"cpr_{name}.json"
        path.write_text(json.dumps(items, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{path}: {len(items)} items, {sum(i['cpr'] for i in items)} with a CPR number")


if __name__ == "__main__":
    main()
