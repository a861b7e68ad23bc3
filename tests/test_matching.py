"""Matching on Danish text: the stemmer, TF-IDF similarity, and grouping rules (no Slack, no DB)."""

from __future__ import annotations

import pytest

from bot.services.matching import (
    STOP_WORDS,
    Candidate,
    Thresholds,
    cosine,
    group_items,
    relations,
    stem,
    terms,
    tfidf_vectors,
)

JOBCENTRET, UNGEINDSATSEN, SOCIALPSYKIATRIEN, BYG, HJEMMEPLEJEN, SUNDHED = 1, 2, 3, 4, 5, 6

# Two managers describing the same young citizen from two areas: this must match.
YOUNG_JOBLESS = Candidate(
    item_id=1,
    home_unit=UNGEINDSATSEN,
    unit_ids=frozenset({UNGEINDSATSEN}),
    text="Unge med angst falder ud af uddannelse, fordi ventetiden på udredning er lang",
    situation="En ung på 19 uden job eller uddannelse, som bor alene og har angst",
)
YOUNG_ANXIOUS = Candidate(
    item_id=2,
    home_unit=SOCIALPSYKIATRIEN,
    unit_ids=frozenset({SOCIALPSYKIATRIEN}),
    text="Vi kan ikke starte behandling af unge med angst, før jobcentrets forløb er afklaret",
    situation="En ung på 19 med angst, som er droppet ud af uddannelse og bor alene",
)
# The near-miss: it shares "ventetiden ... er lang" and "borgere", and is about something else.
BUILDING_PERMITS = Candidate(
    item_id=3,
    home_unit=BYG,
    unit_ids=frozenset({BYG}),
    text="Ventetiden på byggetilladelser til handicapboliger er lang, så borgere bliver boende "
    "for længe på plejehjem",
    situation="En borger i kørestol der venter på en handicapvenlig bolig",
)


def test_the_stemmer_folds_danish_inflections_together() -> None:
    assert {stem(w) for w in ("borger", "borgere", "borgeren", "borgerne")} == {"borg"}
    assert stem("udredningen") == stem("udredning")
    assert stem("familien") == stem("familier")
    assert stem("psykiatriske") == stem("psykiatrisk")
    assert stem("ventetiden") == stem("ventetid")


def test_terms_drop_stop_words_numbers_and_punctuation() -> None:
    words = terms("Borgere i ressourceforløb venter 6 uger på en udredning, så planen står stille!")
    assert words == [
        "borg",
        "ressourceforløb",
        "vent",
        "uger",
        "udredning",
        "plan",
        "står",
        "still",
    ]
    assert {"i", "på", "en", "så"} <= STOP_WORDS
    assert terms(None) == [] and terms("og i på") == []


def test_cosine_of_identical_texts_is_one_and_of_unrelated_texts_zero() -> None:
    a, b, c = tfidf_vectors(
        [terms("ældre borgere falder"), terms("ældre i hjemmeplejen"), terms("skolefravær")]
    )
    assert cosine(a, a) == pytest.approx(1.0)
    assert cosine(a, c) == 0.0
    assert 0 < cosine(a, b) < 1


def test_the_same_citizen_situation_from_two_units_matches() -> None:
    found = relations([YOUNG_JOBLESS, YOUNG_ANXIOUS], Thresholds())
    assert [(r.a, r.b, r.reason) for r in found] == [(1, 2, "situation")]
    [group] = group_items([YOUNG_JOBLESS, YOUNG_ANXIOUS], Thresholds())
    assert group.item_ids == [1, 2]
    assert group.unit_ids == {UNGEINDSATSEN, SOCIALPSYKIATRIEN}
    assert group.reasons == {"situation"}


def test_a_near_miss_with_shared_everyday_words_does_not_match() -> None:
    candidates = [YOUNG_JOBLESS, YOUNG_ANXIOUS, BUILDING_PERMITS]
    assert [(r.a, r.b) for r in relations(candidates, Thresholds())] == [(1, 2)]
    groups = group_items(candidates, Thresholds())
    assert [g.item_ids for g in groups] == [[1, 2]]


def test_the_thresholds_are_what_decides() -> None:
    strict = Thresholds(text=0.99, situation=0.99, goal=0.99)
    assert group_items([YOUNG_JOBLESS, YOUNG_ANXIOUS], strict) == []
    loose = Thresholds(text=0.1, situation=0.99, goal=0.99)
    groups = group_items([YOUNG_JOBLESS, BUILDING_PERMITS], loose)
    assert [g.item_ids for g in groups] == [[1, 3]]


def test_items_from_the_same_unit_are_not_a_cross_unit_group() -> None:
    twin = Candidate(
        item_id=9,
        home_unit=UNGEINDSATSEN,
        unit_ids=frozenset({UNGEINDSATSEN}),
        text=YOUNG_JOBLESS.text,
        situation=YOUNG_JOBLESS.situation,
    )
    assert relations([YOUNG_JOBLESS, twin], Thresholds()) == []
    assert group_items([YOUNG_JOBLESS, twin], Thresholds()) == []


def test_an_item_naming_two_units_is_a_group_on_its_own() -> None:
    falls = Candidate(
        item_id=4,
        home_unit=HJEMMEPLEJEN,
        unit_ids=frozenset({HJEMMEPLEJEN, SUNDHED}),
        text="Træning før første fald",
    )
    [group] = group_items([falls, BUILDING_PERMITS], Thresholds())
    assert group.item_ids == [4] and group.reasons == {"units"}


def test_a_shared_goal_lowers_the_bar_for_wording() -> None:
    a = Candidate(1, JOBCENTRET, frozenset({JOBCENTRET}), "Ledige unge mangler praktikpladser")
    b = Candidate(2, BYG, frozenset({BYG}), "Få praktikpladser til unge i kommunens byggeprojekter")
    assert group_items([a, b], Thresholds(text=0.9)) == []
    with_goal = [
        Candidate(1, JOBCENTRET, frozenset({JOBCENTRET}), a.text, goal_id=7),
        Candidate(2, BYG, frozenset({BYG}), b.text, goal_id=7),
    ]
    [group] = group_items(with_goal, Thresholds(text=0.9, goal=0.1))
    assert group.reasons == {"goal"}
    # 0 means the shared goal alone is enough.
    unrelated = [
        Candidate(1, JOBCENTRET, frozenset({JOBCENTRET}), "Ledige", goal_id=7),
        Candidate(2, BYG, frozenset({BYG}), "Byggetilladelser", goal_id=7),
    ]
    assert len(group_items(unrelated, Thresholds(goal=0.0))) == 1
    assert group_items(unrelated, Thresholds(goal=0.1)) == []


def test_a_new_item_grows_its_thread_and_two_threads_are_never_merged() -> None:
    in_thread = [
        Candidate(1, UNGEINDSATSEN, frozenset({UNGEINDSATSEN}), YOUNG_JOBLESS.text,
                  YOUNG_JOBLESS.situation, thread_id=70),
        Candidate(2, SOCIALPSYKIATRIEN, frozenset({SOCIALPSYKIATRIEN}), YOUNG_ANXIOUS.text,
                  YOUNG_ANXIOUS.situation, thread_id=70),
    ]  # fmt: skip
    newcomer = Candidate(
        item_id=5,
        home_unit=JOBCENTRET,
        unit_ids=frozenset({JOBCENTRET}),
        text="Unge med angst kommer ikke i gang med job",
        situation="En ung på 19 med angst, uden job og uddannelse, som bor alene",
    )
    [group] = group_items([*in_thread, newcomer], Thresholds())
    assert (group.thread_id, group.new_item_ids, group.item_ids) == (70, [5], [1, 2, 5])
    # A thread with nothing new is no group at all.
    assert group_items(in_thread, Thresholds()) == []
    other_thread = Candidate(
        item_id=6,
        home_unit=JOBCENTRET,
        unit_ids=frozenset({JOBCENTRET}),
        text=newcomer.text,
        situation=newcomer.situation,
        thread_id=71,
    )
    assert group_items([*in_thread, other_thread], Thresholds()) == []


def test_groups_are_capped_so_one_theme_cannot_swallow_everything() -> None:
    situation = "En ældre borger der bor alene og er faldet i hjemmet"
    crowd = [
        Candidate(i, 100 + i, frozenset({100 + i}), "Ældre falder i hjemmet", situation)
        for i in range(1, 8)
    ]
    groups = group_items(crowd, Thresholds(max_items=3))
    sizes = [len(g.item_ids) for g in groups]
    assert sizes == [3, 3]
    assert len({i for g in groups for i in g.item_ids}) == 6  # no item in two groups
