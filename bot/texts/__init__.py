"""Every user-facing string, Danish first and English second, with the same keys in both.

Each feature keeps its strings in its own module with a `DA` and an `EN` dict; they are merged
here. `t("key", lang, **values)` formats one; a missing key or placeholder is a bug that the
tests catch, so at run time it falls back to Danish rather than showing nothing.
"""

from __future__ import annotations

from types import ModuleType

from bot.texts import (
    admin,
    barrier,
    core,
    decisions,
    digest,
    install,
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
    reflection,
    digest,
    privacy,
    install,
    statbank,
    decisions,
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
