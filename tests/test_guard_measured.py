"""The CPR guard on its labelled set (bench/cpr_data.py): no CPR number missed on the held-out
half, and at most 1 % of ordinary numbers refused. The figures are printed (pytest -s) and kept
in bench/README.md ("CPR guard")."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from bench.cpr_data import DATA, halves
from bot.services.guard import contains_personal_data


def _load(name: str) -> list[dict[str, Any]]:
    return list(json.loads((DATA / f"cpr_{name}.json").read_text(encoding="utf-8")))


def _measure(items: list[dict[str, Any]]) -> dict[str, Any]:
    missed = [i for i in items if i["cpr"] and not contains_personal_data(i["text"])]
    refused = [i for i in items if not i["cpr"] and contains_personal_data(i["text"])]
    negatives = sum(not i["cpr"] for i in items)
    return {
        "positives": len(items) - negatives,
        "negatives": negatives,
        "fn": len(missed),
        "fp": len(refused),
        "fp_rate": len(refused) / negatives,
        "fn_by_shape": Counter(i["shape"] for i in missed),
        "fp_by_shape": Counter(i["shape"] for i in refused),
    }


def test_the_stored_halves_are_what_the_generator_makes() -> None:
    # The figures are on exactly the set bench/cpr_data.py makes with its fixed seed.
    tuning, heldout = halves()
    assert _load("tuning") == tuning
    assert _load("heldout") == heldout


@pytest.mark.parametrize("half", ["tuning", "heldout"])
def test_the_guard_on_the_labelled_set(half: str, capsys: pytest.CaptureFixture[str]) -> None:
    figures = _measure(_load(half))
    with capsys.disabled():
        print(
            f"\nCPR guard, {half} half: {figures['positives']} with a CPR number, "
            f"{figures['fn']} missed (FN); {figures['negatives']} without, {figures['fp']} "
            f"refused (FP {figures['fp_rate']:.2%}); FN by shape {dict(figures['fn_by_shape'])}, "
            f"FP by shape {dict(figures['fp_by_shape'])}"
        )
    if half == "heldout":
        assert figures["fn"] == 0, figures["fn_by_shape"]
        assert figures["fp_rate"] <= 0.01, figures["fp_by_shape"]
