"""Themes: what an item or an answer is about, counted in SQL from a fixed list of words."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

THEME_LIMIT = 5

# Themes: words (matched at the start of a word, any case) that say what an item or an answer
# is about. One fixed list, so a theme means the same in every month, area and section. Words
# are separated by |; "it " ends with a space so that it matches the word "it" alone.
_THEME_WORDS = {
    "waiting": "vente|wait|queue|delay",
    "sharing": (
        "oplysning|samtykke|gdpr|journal|tavshedspligt|videregiv|datadeling|deling|"
        "dele oplysninger|information|consent"
    ),
    "systems": "system|fagsystem|it |kalender|adgang|login|software",
    "housing": "bolig|husløs|hjemløs|udsættelse|lejlighed|housing|homeless",
    "mental_health": "psykiatri|psykisk|psykolog|mistrivsel|misbrug|udredning|mental",
    "work": "job|beskæftigelse|ledig|arbejde|uddannelse|praktik|fleksjob|ressourceforløb|employ",
    "families": "barn|børn|Børn|famili|forældre|skole|elev|dagtilbud|child",
    "elderly_health": (
        "ældre|Ældre|fald|genoptræn|træning|hjemmepleje|indlæggelse|genindlæggelse|"
        "sygehus|hospital|læge|sundhed|elderly"
    ),
    "coordination": (
        "koordin|plan|handleplan|sagsbehandl|kontaktperson|samarbejd|overgang|"
        "overlevering|visitation|to gange"
    ),
    "rules_money": (
        "regel|regler|lovgiv|paragraf|§|jura|økonomi|Økonomi|budget|finansier|bevilling|takst"
    ),
    "capacity": "kapacitet|personale|medarbejder|rekrutter|normering|travl|ressource|staff",
}
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (key, tuple(words.split("|"))) for key, words in _THEME_WORDS.items()
)
THEME_KEYS = tuple(key for key, _ in THEMES)


def _haystack(*columns: Any) -> ColumnElement[str]:
    """The columns as one lower-case text with a space before every word (word-start matching).

    SQLite lowers only A–Z, so THEMES also lists words that begin with Æ, Ø or Å capitalised.
    """
    text: ColumnElement[str] = literal(" ")
    for column in columns:
        text = text + " " + func.coalesce(column, "")
    for mark in ("\n", "(", "/", '"', "-", ".", ","):
        text = func.replace(text, mark, " ")
    return func.lower(text)


def _texts(rows: Any) -> Any:
    """The rows' texts computed once each: a CTE the theme sums below read many times.

    MATERIALIZED, because otherwise both SQLite and PostgreSQL inline the text expression into
    every one of the ~70 word matches.
    """
    return rows.cte("texts").prefix_with("MATERIALIZED")


class _Contains(FunctionElement[bool]):
    """True when the first text contains the second: instr() on SQLite, strpos() elsewhere.

    Plain substring search, several times faster than LIKE '%…%' (which folds case as it goes)
    on the already lower-cased texts.
    """

    type = Boolean()
    inherit_cache = True
    name = "contains"


@compiles(_Contains, "sqlite")
def _contains_sqlite(element: _Contains, compiler: SQLCompiler, **kw: Any) -> str:
    text, word = (compiler.process(c, **kw) for c in element.clauses)
    return f"(instr({text}, {word}) > 0)"


@compiles(_Contains)
def _contains_default(element: _Contains, compiler: SQLCompiler, **kw: Any) -> str:
    text, word = (compiler.process(c, **kw) for c in element.clauses)
    return f"(strpos({text}, {word}) > 0)"


def _theme_flags(haystack: Any) -> list[ColumnElement[int]]:
    """One column per theme: 1 when the text mentions any of its words, else 0."""
    return [
        case((or_(*(_Contains(haystack, f" {word}") for word in words)), 1), else_=0).label(key)
        for key, words in THEMES
    ]


def _theme_counts(
    session: Session, haystack: ColumnElement[str], condition: ColumnElement[bool]
) -> tuple[tuple[str, int], ...]:
    """How many rows matching `condition` mention each theme, most frequent first."""
    texts = _texts(select(haystack.label("hay")).where(condition))
    flags = select(*_theme_flags(texts.c.hay)).subquery()
    row = session.execute(
        select(*(func.coalesce(func.sum(flags.c[key]), 0).label(key) for key in THEME_KEYS))
    ).first()
    return _ranked_themes(row)


def _ranked_themes(row: Any) -> tuple[tuple[str, int], ...]:
    counts = [(key, int(getattr(row, key) or 0)) for key in THEME_KEYS] if row else []
    ranked = sorted((c for c in counts if c[1] > 0), key=lambda c: (-c[1], THEME_KEYS.index(c[0])))
    return tuple(ranked[:THEME_LIMIT])
