"""Matching on Danish text as managers write it (no Slack, no database).

Each language effect the matcher handles has a fixed example here: an inflection, a compound,
a synonym or everyday word, an abbreviation, and near-misses that share words but not the
citizen's situation. The figures on a whole labelled set are in bench/README.md.
"""

from __future__ import annotations

import pytest

from bot.services.matching import (
    STOP_WORDS,
    Candidate,
    Pool,
    Thesaurus,
    Thresholds,
    explain,
    group_items,
    related_to,
    relations,
    stem,
    terms,
    thesaurus,
)

JOBCENTRET, UNGEINDSATSEN, SOCIALPSYKIATRIEN, BYG, HJEMMEPLEJEN, MISBRUG, BOLIG = range(1, 8)


def item(item_id: int, unit: int, text: str, **fields: object) -> Candidate:
    """An item from one manager of `unit` (one author per unit unless `author_id` is given)."""
    values: dict[str, object] = {"author_id": f"U{unit}", "unit_ids": frozenset({unit})}
    values.update(fields)
    return Candidate(item_id=item_id, home_unit=unit, text=text, **values)  # type: ignore[arg-type]


def similarity(a: Candidate, b: Candidate) -> float:
    """The matcher's score for two items compared on their own."""
    return Pool.of([a, b]).similarity(0, 1, Thresholds())


def related(*candidates: Candidate) -> list[tuple[int, int]]:
    return [(r.a, r.b) for r in relations(candidates, Thresholds())]


def test_the_stemmer_is_snowball_danish() -> None:
    # The words the hand-written stemmer got wrong; these are the Snowball algorithm's stems.
    assert [stem(w) for w in ("komme", "klasse", "gemme")] == ["kom", "klas", "gem"]
    assert {stem(w) for w in ("borger", "borgere", "borgeren", "borgerne")} == {"borg"}
    assert stem("udredningen") == stem("udredning")


def test_terms_drop_stop_words_shorthand_and_numbers() -> None:
    assert terms("Borger m. misbrug ift. boligen, 3 uger!") == ["misbrug", "bol", "uger"]
    assert terms("§ 85 og §85") == ["§85", "§85"]
    assert {"i", "på", "pga", "ift"} <= STOP_WORDS
    assert terms(None) == [] and terms("og i på") == []


def test_an_inflection_matches() -> None:
    a = item(1, JOBCENTRET, "Familien bliver udsat af boligselskabet")
    b = item(2, BOLIG, "Familier der udsættes fra deres bolig")
    assert related(a, b) == [(1, 2)]


def test_a_compound_matches_its_parts() -> None:
    a = item(1, MISBRUG, "Hashmisbruget fylder, og behandlingen starter for sent")
    b = item(2, JOBCENTRET, "Misbrug af hash gør at praktikken går i stå")
    assert related(a, b) == [(1, 2)]
    long = item(3, JOBCENTRET, "Sygedagpengeforløbet trækker ud for den unge")
    split = item(4, SOCIALPSYKIATRIEN, "Forløbet på sygedagpenge trækker ud for unge")
    assert related(long, split) == [(3, 4)]


def test_synonyms_and_everyday_words_match() -> None:
    cannabis = item(1, JOBCENTRET, "Ledige der ryger cannabis hver dag falder fra praktikken")
    hash_ = item(2, MISBRUG, "Borgere i behandling for hash skal stå til rådighed")
    assert related(cannabis, hash_) == [(1, 2)]
    thrown_out = item(3, BOLIG, "Mor og to børn er smidt ud af lejligheden")
    evicted = item(4, JOBCENTRET, "Familie med børn udsat pga. huslejerestance")
    assert related(thrown_out, evicted) == [(3, 4)]


def test_an_abbreviation_matches_the_word() -> None:
    a = item(1, JOBCENTRET, "Sdp.-forløb for unge med angst trækker ud")
    b = item(2, SOCIALPSYKIATRIEN, "Unge sygemeldte med angst tør ikke møde op")
    assert related(a, b) == [(1, 2)]


def test_near_misses_that_share_words_do_not_match() -> None:
    citizen = item(1, JOBCENTRET, "Ventetiden på udredning er lang for unge med angst")
    # The same "ventetiden ... er lang", about buildings: words shared, situation not.
    permits = item(2, BYG, "Ventetiden på byggetilladelser til nye boliger er lang")
    # About the organisation: "mangler tid", "samarbejde", "møde" are in every item.
    generic = item(3, HJEMMEPLEJEN, "Vi mangler tid til samarbejde og møder med andre afdelinger")
    assert related(citizen, permits, generic) == []
    assert similarity(citizen, generic) < 0.1


def test_one_managers_items_alone_never_make_a_thread() -> None:
    a = item(1, JOBCENTRET, "Unge med angst på sygedagpenge", author_id="U0ANNA")
    b = item(2, UNGEINDSATSEN, "Unge med angst på sygedagpenge", author_id="U0ANNA")
    assert relations([a, b], Thresholds()) == []
    assert group_items([a, b], Thresholds()) == []
    # An item that names two units is suggested to them, but it is no thread on its own.
    alone = item(3, HJEMMEPLEJEN, "Træning før første fald", unit_ids=frozenset({5, 6}))
    assert group_items([alone], Thresholds()) == []


def test_items_from_the_same_unit_are_not_a_cross_unit_group() -> None:
    a = item(1, UNGEINDSATSEN, "Unge med angst dropper ud af FGU", author_id="U1")
    b = item(2, UNGEINDSATSEN, "Unge med angst dropper ud af FGU", author_id="U2")
    assert group_items([a, b], Thresholds()) == []


def test_naming_the_other_unit_and_the_same_goal_are_evidence() -> None:
    a = item(1, JOBCENTRET, "Borgere efter blodprop står hos os uden plan", goal_id=7)
    b = item(2, HJEMMEPLEJEN, "Borgere efter blodprop mangler en plan", goal_id=7)
    named = item(2, HJEMMEPLEJEN, b.text, goal_id=7, unit_ids=frozenset({HJEMMEPLEJEN, 1}))
    plain = item(2, HJEMMEPLEJEN, b.text)
    assert similarity(a, named) > similarity(a, b) > similarity(a, plain) > 0


def test_a_chain_of_pairs_does_not_make_one_thread_of_two_situations() -> None:
    diabetes = [
        item(1, HJEMMEPLEJEN, "Barn med diabetes i børnehaven skal have insulin"),
        item(2, BYG, "Pædagogerne tør ikke måle blodsukker på barnet med sukkersyge"),
    ]
    adhd = [
        item(3, UNGEINDSATSEN, "Barn i børnehaven med ADHD venter på udredning"),
        item(4, SOCIALPSYKIATRIEN, "Udredning for ADHD tager et år for små børn"),
    ]
    groups = [g.item_ids for g in group_items([*diabetes, *adhd], Thresholds())]
    assert groups == [[1, 2], [3, 4]]


def test_a_new_item_grows_its_thread_and_two_threads_are_never_merged() -> None:
    text = "Unge med angst på sygedagpenge møder ikke op"
    in_thread = [
        item(1, UNGEINDSATSEN, text, thread_id=70),
        item(2, SOCIALPSYKIATRIEN, "Sygemeldte unge med angst tør ikke gå ud", thread_id=70),
    ]
    newcomer = item(5, JOBCENTRET, "Unge sygemeldte med angst kommer ikke til samtaler")
    [group] = group_items([*in_thread, newcomer], Thresholds())
    assert (group.thread_id, group.new_item_ids, group.item_ids) == (70, [5], [1, 2, 5])
    assert group_items(in_thread, Thresholds()) == []
    other_thread = item(6, JOBCENTRET, newcomer.text, thread_id=71)
    assert group_items([*in_thread, other_thread], Thresholds()) == []


def test_groups_are_capped_so_one_theme_cannot_swallow_everything() -> None:
    crowd = [
        item(i, 100 + i, "Ældre der bor alene falder i hjemmet", situation="Ensom ældre med fald")
        for i in range(1, 8)
    ]
    groups = group_items(crowd, Thresholds(max_items=3))
    assert [len(g.item_ids) for g in groups] == [3, 3]
    assert len({i for g in groups for i in g.item_ids}) == 6  # no item in two groups


def test_related_to_finds_the_closest_items_from_other_units_first() -> None:
    mine = item(1, JOBCENTRET, "Ledige der ryger hash dagligt falder fra praktikken")
    others = [
        item(2, MISBRUG, "Borgere i behandling for hashmisbrug falder fra jobcentrets praktik"),
        item(3, BYG, "Byggetilladelser til nye boliger tager for lang tid"),
        item(4, JOBCENTRET, "Ledige der ryger hash", author_id="U9"),  # same unit: never
        item(5, SOCIALPSYKIATRIEN, "Cannabis og praktik: borgerne falder fra"),
    ]
    found = related_to(mine, others, Thresholds())
    assert {r.b for r in found} == {2, 5} and all(r.a == 1 for r in found)
    assert found == sorted(found, key=lambda r: -r.score)


def test_explain_says_what_items_share_in_the_thesaurus_own_words() -> None:
    why = explain(
        [
            ("Sdp.-forløb for de unge trækker ud, de har angst", None),
            ("Unge sygemeldte med angst møder ikke op", "Ung på sygedagpenge med nervøsitet"),
        ]
    )
    assert set(why.concepts) == {"sygedagpenge", "angst", "unge"}
    # Only labels the thesaurus defines: never a word an author wrote that it does not know.
    labels = {c.label for c in thesaurus().concepts.values()}
    assert set(why.concepts) <= labels
    assert explain([("Byggetilladelser", None), ("Vejarbejde", None)]).concepts == ()


def test_a_short_infix_is_refused_when_the_thesaurus_is_read() -> None:
    with pytest.raises(ValueError, match="4 letters"):
        Thesaurus.from_data({"kol": {"label": "KOL", "words": ["*kol*"]}})


def test_every_thesaurus_entry_reads() -> None:
    lexicon = thesaurus()
    assert len(lexicon.concepts) >= 40
    for concept in lexicon.concepts.values():
        assert concept.label and concept.label == concept.label.strip()
        assert all(b in lexicon.concepts for b in concept.broader), concept.key
        assert 0 < concept.weight <= 1
