"""Finding open items that belong together across units, in Danish as managers write it.

Managers describe the same citizen in their own words: "sygedagpengeforløbet" and "forløbet på
sygedagpenge", "hashmisbrug" and "ryger cannabis", "smidt ud af lejligheden" and "udsat". An item
is therefore read as a bag of *features*, each weighted by TF-IDF over the items compared:

* `w:` each content word's Snowball Danish stem (`snowballstemmer`), so inflections meet;
* `w:` also the parts of a compound, split against the words the items themselves use
  ("hashmisbrug" -> "hash" + "misbrug"), weaker than a whole word;
* `c:` the concepts of the municipal thesaurus (`thesaurus_da.yaml`, reviewable data), so
  synonyms, everyday words and abbreviations meet ("sdp.", "sygemeldt", "sygedagpenge"); a
  concept's broader concept weaker still.

Two items relate when their cosine, plus a bonus for strong structured evidence (the same goal;
one names the other's unit), reaches `Thresholds.link`, and they come from different units and
different authors: one manager's items alone never make a thread. Pairs are found through an
inverted index of the rarer features, never by comparing every pair. Related items are joined
strongest-first into groups of at most `max_items`; items already in an open thread are fixed to
it, so a new item that relates to them grows that thread instead of starting a second one.

`explain()` says in words what a group shares, from the same features: thesaurus labels (our
words, never an author's) and the shared goal.

Thresholds and weights were chosen on the tuning half of `bench/data/` only; the held-out half's
figures are in bench/README.md (`python bench/bench_matching.py`).
"""

from __future__ import annotations

from bot.services.matching.concepts import Concept, Thesaurus, thesaurus, tokens_keep_stars
from bot.services.matching.evidence import Evidence, explain
from bot.services.matching.features import Analyser, Features, Vector, cosine, tfidf
from bot.services.matching.grouping import Group, group_items
from bot.services.matching.pool import (
    Candidate,
    Pairs,
    Pool,
    Relation,
    Thresholds,
    pool_relations,
    related_many,
    related_pairs,
    related_to,
    relations,
)
from bot.services.matching.text import (
    ORGANISATION_WORDS,
    STOP_WORDS,
    normalise,
    stem,
    terms,
    tokens,
)

__all__ = [
    "ORGANISATION_WORDS",
    "STOP_WORDS",
    "Analyser",
    "Candidate",
    "Concept",
    "Evidence",
    "Features",
    "Group",
    "Pairs",
    "Pool",
    "Relation",
    "Thesaurus",
    "Thresholds",
    "Vector",
    "cosine",
    "explain",
    "group_items",
    "normalise",
    "pool_relations",
    "related_many",
    "related_pairs",
    "related_to",
    "relations",
    "stem",
    "terms",
    "tfidf",
    "thesaurus",
    "tokens",
    "tokens_keep_stars",
]
