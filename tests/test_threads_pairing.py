"""Monthly pairing of managers whose items relate (off by default), through the sandbox."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.config import load_settings
from bot.models import CrossUnitPair
from tests.conftest import RunningApp
from tests.test_threads import (
    ANNA,
    ANXIOUS,
    DAVID,
    GUSTAV,
    MONDAY,
    YOUNG,
    log,
    org_app,
    shown,
    weekly,
)

__all__ = ["org_app"]  # the fixture, shared with test_threads.py

PAIRING = {"cross_unit_pairing": True}


def _group_dms(app: RunningApp) -> list[tuple[str, str]]:
    """(users, channel) of every group DM the bot opened."""
    return [
        (str(c.args["users"]), c.response["channel"]["id"])
        for c in app.fake.calls_to("conversations.open")
        if c.ok and "," in str(c.args.get("users", ""))
    ]


def test_pairing_is_off_by_default(org_app: RunningApp) -> None:
    assert load_settings({}, require_slack=False).cross_unit_pairing is False
    log(org_app, GUSTAV, YOUNG)
    log(org_app, DAVID, ANXIOUS)
    summary = weekly(org_app)
    assert "pairing off" in summary
    assert org_app.fake.calls_to("conversations.open") == []


def test_two_managers_whose_items_relate_meet_in_a_group_dm_with_the_three_questions(
    org_app: RunningApp,
) -> None:
    log(org_app, GUSTAV, YOUNG)
    log(org_app, DAVID, ANXIOUS)
    summary = weekly(org_app, **PAIRING)
    assert "paired 1 pair(s)" in summary
    [(users, channel)] = _group_dms(org_app)
    assert sorted(users.split(",")) == [DAVID, GUSTAV]
    [intro] = org_app.fake.messages(channel)
    text = shown(intro)
    assert f"<@{DAVID}>" in text and f"<@{GUSTAV}>" in text
    assert "Socialpsykiatrien" in text and "Ungeindsatsen" in text
    for question in (
        "Hvor ser du et særligt behov for en tværgående løsning?",
        "Hvilke barrierer ser du?",
        "Hvad kan du gøre for at hjælpe løsningen på vej?",
    ):
        assert question in text
    # Nothing from the items is quoted in the DM.
    assert "angst" not in text


def test_pairing_happens_once_a_month_and_not_with_the_same_two_for_six_months(
    org_app: RunningApp,
) -> None:
    log(org_app, GUSTAV, YOUNG)
    log(org_app, DAVID, ANXIOUS)
    weekly(org_app, **PAIRING)
    again = weekly(org_app, MONDAY + timedelta(days=7), **PAIRING)
    assert "pairing for 2026-12 was done already" in again
    next_month = weekly(org_app, MONDAY + timedelta(days=35), **PAIRING)
    assert "paired 0 pair(s)" in next_month
    assert len(_group_dms(org_app)) == 1
    # A third manager with a related item is paired with one of them next month instead.
    log(
        org_app,
        ANNA,
        {
            "barrier_text": "Unge med angst kommer ikke i gang med job eller uddannelse",
            "barrier_situation": "En ung på 19 med angst, uden job og uddannelse, bor alene",
        },
    )
    weekly(org_app, MONDAY + timedelta(days=63), **PAIRING)
    pairs = [sorted(users.split(",")) for users, _ in _group_dms(org_app)]
    assert len(pairs) == 2 and ANNA in pairs[1]
    # After six months Gustav and David may meet again.
    later = MONDAY + timedelta(days=190)
    weekly(org_app, later, **PAIRING)
    with org_app.session() as session:
        again_pairs = session.scalar(
            select(func.count())
            .select_from(CrossUnitPair)
            .where(CrossUnitPair.user_a == DAVID, CrossUnitPair.user_b == GUSTAV)
        )
    assert again_pairs == 2


def test_anonymous_items_never_lead_to_a_pairing(org_app: RunningApp) -> None:
    log(org_app, GUSTAV, {**YOUNG, "barrier_anonymous": ["anonymous"]})
    log(org_app, DAVID, ANXIOUS)
    assert "paired 0 pair(s)" in weekly(org_app, **PAIRING)
    assert _group_dms(org_app) == []
