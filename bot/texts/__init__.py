"""Every user-facing string, Danish first and English second, with the same keys in both.

Each feature keeps its strings in its own module with a `DA` and an `EN` dict; they are merged
here. `t("key", lang, **values)` formats one; a missing key or placeholder is a bug that the
tests catch, so at run time it falls back to Danish rather than showing nothing.

A text with a number before a noun is plural-aware: `key` holds the plural ("other") form and
`key_one` the singular, and `tn("key", lang, count)` picks one by the language's CLDR plural
rules (babel), so Danish gets "1 punkt" and "2 punkter". `count_of("item", lang, n)` is the
number with its noun ("3 punkter"), for texts that hold several counts.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from types import ModuleType

from babel import Locale
from babel.dates import format_date

from bot.texts import (
    admin,
    admin_org,
    barrier,
    core,
    decisions,
    digest,
    goals,
    install,
    jobs,
    privacy,
    reflection,
    statbank,
    suggest,
    threads,
)

LANGUAGES = ("da", "en")
_MODULES: list[ModuleType] = [
    core,
    barrier,
    suggest,
    threads,
    admin,
    admin_org,
    goals,
    reflection,
    digest,
    privacy,
    install,
    statbank,
    decisions,
    jobs,
]


def _merge(modules: list[ModuleType]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for module in modules:
        for lang in LANGUAGES:
            table: dict[str, str] = getattr(module, lang.upper())
            clash = merged[lang].keys() & table.keys()
            if clash:
                raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
            merged[lang].update(table)
    return merged


TEXTS = _merge(_MODULES)


def t(key: str, lang: str | None = "da", /, **values: object) -> str:
    """The text for `key` in `lang` (Danish when unknown), with `values` filled in."""
    table = TEXTS.get(lang or "da", TEXTS["da"])
    template = table.get(key) or TEXTS["da"][key]
    return template.format(**values) if values else template


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang if lang in LANGUAGES else "da")


def plural_form(count: float, lang: str | None = "da") -> str:
    """The CLDR plural category of `count` in `lang`: "one" or "other" for Danish and English."""
    return str(_locale(lang or "da").plural_form(abs(count)))


def tn(key: str, lang: str | None, count: float, /, **values: object) -> str:
    """The text for `count` of something: `key`_one or `key` (the plural) by the plural rules."""
    table = TEXTS.get(lang or "da", TEXTS["da"])
    form = f"{key}_{plural_form(count, lang)}"
    return t(form if form in table else key, lang, count=count, **values)


def count_of(noun: str, lang: str | None, count: float) -> str:
    """A number with its noun, declined: count_of("item", "da", 1) == "1 punkt"."""
    return tn(f"count.{noun}", lang, count)


PERCENT_UNITS = frozenset({"%", "procent", "pct", "pct.", "percent", "per cent", "procentdel"})


def is_percent(unit: str | None) -> bool:
    """Whether a unit of measure is a percentage ("procent", "%"): its changes are points."""
    return (unit or "").strip().casefold() in PERCENT_UNITS


def points(number: str, count: float, lang: str | None) -> str:
    """A change of a percentage, already formatted: "0,9 procentpoint", "1 percentage point"."""
    return tn("change.points", lang, abs(count), number=number)


def prose_date(day: date, lang: str | None = "da") -> str:
    """A date in running text: "2. december 2026" (Danish), "2 December 2026" (English)."""
    return format_date(
        day, "d. MMMM y" if lang != "en" else "d MMMM y", locale=_locale(lang or "da")
    )


def table_date(day: date, lang: str | None = "da") -> str:
    """A date in a table or a list line: "02.12.2026" (Danish), "2026-12-02" (English)."""
    return format_date(day, "dd.MM.y" if lang != "en" else "y-MM-dd", locale=_locale(lang or "da"))
