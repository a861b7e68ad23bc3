"""The word list: one word for an item, declined plurals, »…« quotes, no English in Danish."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot.texts import TEXTS, count_of, plural_form, tn

ROOT = Path(__file__).resolve().parent.parent

# Placeholders that carry a bare number a person counts (bounds such as {limit}, {low}, {high}
# are constants well above one; {days}, {items}, ... carry count_of()'s "3 dage", "1 punkt").
NUMBERS = {"count", "n", "total"}
BOUNDS = {"limit", "low", "high"}
# Words after a number that are not nouns, or nouns that are the same in singular and plural.
NOT_DECLINED = {
    "da": {"af", "i", "til", "og", "er", "fra", "for", "mere", "tegn", "svar", "mål", "kl"},
    # "characters" follows a length above the limit, never one
    "en": {"of", "in", "to", "and", "is", "from", "for", "more", "at", "characters"},
}
_NUMBER_NOUN = re.compile(r"\{(\w+)\}\s+([A-Za-zæøåÆØÅ]+)")


def test_a_number_before_a_noun_has_a_plural_form() -> None:
    for lang, table in TEXTS.items():
        for key, template in table.items():
            if key.endswith("_one"):
                continue
            plurals = {text.split()[-1] for k, text in table.items() if k.startswith("count.")}
            for name, word in _NUMBER_NOUN.findall(template):
                if word.lower() in NOT_DECLINED[lang] or name in BOUNDS:
                    continue
                if name not in NUMBERS and word not in plurals:
                    continue
                assert f"{key}_one" in table, f"{lang} {key}: »{{{name}}} {word}« has no _one form"


def test_no_hand_made_plurals() -> None:
    for lang, table in TEXTS.items():
        for key, template in table.items():
            assert not re.search(r"\w\((er|e|s)\)", template), f"{lang} {key}: {template}"


def test_plural_keys_are_formatted_with_the_plural_function() -> None:
    """`t("key", count=...)` on a key with a _one form would never show the singular."""
    plural = {key for key in TEXTS["da"] if f"{key}_one" in TEXTS["da"]}
    for path in [
        *ROOT.glob("bot/**/*.py"),
        *ROOT.glob("handlers/**/*.py"),
        *ROOT.glob("jobs/**/*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t"):
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and first.value in plural:
                raise AssertionError(f"{path.name}:{node.lineno} uses t() for {first.value}")


def test_plurals_read_right_in_both_languages() -> None:
    assert [count_of("item", "da", n) for n in (0, 1, 2)] == ["0 punkter", "1 punkt", "2 punkter"]
    assert count_of("reflection", "da", 1) == "1 refleksion"
    assert count_of("reflection", "da", 2) == "2 refleksioner"
    assert count_of("message", "da", 1) == "1 besked"
    assert count_of("message", "da", 2) == "2 beskeder"
    assert count_of("item", "en", 1) == "1 item"
    assert count_of("item", "en", 2) == "2 items"
    assert tn("threads.more_items", "da", 1) == "… og 1 punkt mere."
    assert tn("threads.more_items", "da", 4) == "… og 4 punkter mere."
    assert plural_form(1, "da") == "one" and plural_form(0, "da") == "other"


def test_one_word_for_an_item() -> None:
    """In a municipality a *sag* is a journalised citizen case: Tværs says *punkt*."""
    sag = re.compile(r"\b[Ss]ag(en|er|erne|s)?\b")
    case = re.compile(r"\b[Cc]ases?\b")
    for key, template in TEXTS["da"].items():
        assert not sag.search(template), f"da {key}: {template}"
    for key, template in TEXTS["en"].items():
        assert not case.search(template), f"en {key}: {template}"


def test_danish_quotes_are_guillemets() -> None:
    for key, template in TEXTS["da"].items():
        prose = re.sub(r"`[^`]*`|<[^>]*>", "", template)
        assert not re.search(r"(^|\s)'[^']+'", prose), f"da {key}: {template}"
        assert not re.search(r'(^|\s)"[^"]+"', prose), f"da {key}: {template}"


def test_the_bot_speaks_as_tvaers_not_as_jeg() -> None:
    me = re.compile(r"\b([Jj]eg|mig|min|mit|mine)\b")
    user_speaks = {
        "modal.anonymous_option",
        "reflection.pause_until",
        "reflection.shareable_option",
        "privacy.erase_button",
    }
    for key, template in TEXTS["da"].items():
        if key in user_speaks or key.startswith("help."):
            continue
        prose = re.sub(r"`[^`]*`", "", template)
        assert not me.search(prose), f"da {key}: {template}"


ENGLISH = re.compile(
    r"\b(the|and|you|your|is|are|not|with|will|has|this|that|please|click|failed)\b"
)


def test_no_english_in_danish_texts() -> None:
    for key, template in TEXTS["da"].items():
        prose = re.sub(r"`[^`]*`|<[^>]*>|\{[^}]*\}|:[a-z_]+:", "", template)
        assert not ENGLISH.search(prose), f"da {key}: {template}"
