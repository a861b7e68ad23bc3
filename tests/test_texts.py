"""Danish and English texts have the same keys and the same placeholders."""

from __future__ import annotations

import string

from bot.texts import TEXTS, t


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_same_keys_in_both_languages() -> None:
    assert TEXTS["da"].keys() == TEXTS["en"].keys()


def test_same_placeholders_in_both_languages() -> None:
    for key, danish in TEXTS["da"].items():
        assert _placeholders(danish) == _placeholders(TEXTS["en"][key]), key


def test_every_text_formats_with_its_placeholders() -> None:
    for lang, table in TEXTS.items():
        for key, template in table.items():
            values = {name: "x" for name in _placeholders(template)}
            assert t(key, lang, **values)


def test_danish_is_the_default_and_the_fallback() -> None:
    assert t("home.title") == TEXTS["da"]["home.title"]
    assert t("error.generic", "fr") == TEXTS["da"]["error.generic"]
