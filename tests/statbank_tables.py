"""Statistikbank tables for the stand-in: AUK01 (people on public benefits, full-time) and FOLK1A
(population), quarterly, for the municipality 461 and two comparison municipalities."""

from __future__ import annotations

from bot.sandbox.statbank import FakeStatbank, FakeTable, quarters

AREAS = [("000", "Hele landet"), ("461", "Odense"), ("751", "Aarhus"), ("101", "København")]
AGES = [str(age) for age in range(16, 65)]
LAST = "2026K3"


def benefits(combo: dict[str, str], period: str) -> float | None:
    """Full-time people on benefits: falls by 20 a quarter in 461."""
    index = int(period[:4]) * 4 + int(period[5]) - 1 - (2019 * 4 + 1)  # 2019K2 is 0
    base = {"000": 600_000, "461": 8_000, "751": 12_000, "101": 20_000}[combo["OMRÅDE"]]
    return float(base - 20 * index)


def population(combo: dict[str, str], period: str) -> float | None:
    """1,000 people of each age in 461 (49,000 aged 16-64); other areas scaled."""
    scale = {"000": 75, "461": 1, "751": 1.5, "101": 2.5}[combo["OMRÅDE"]]
    if combo["ALDER"] == "IALT":
        return 1000.0 * 100 * scale
    return 1000.0 * scale


def add_tables(stand_in: FakeStatbank, *, periods: int = 30) -> None:
    """Publish AUK01 and FOLK1A with `periods` quarters ending LAST."""
    shown = quarters(LAST, periods)
    stand_in.add_table(
        FakeTable(
            id="AUK01",
            text="Offentligt forsørgede (fuldtidspersoner) efter område, ydelsestype, køn og alder",
            unit="Antal",
            variables={
                "OMRÅDE": AREAS,
                "YDELSESTYPE": [("TOT", "Offentligt forsørgede i alt")],
                "KØN": [("TOT", "I alt")],
                "ALDER": [("TOT", "Alder i alt")],
            },
            periods=list(shown),
            cell=benefits,
        )
    )
    stand_in.add_table(
        FakeTable(
            id="FOLK1A",
            text="Folketal den 1. i kvartalet efter område, køn, alder og civilstand",
            unit="Antal",
            variables={
                "OMRÅDE": AREAS,
                "KØN": [("TOT", "I alt")],
                "ALDER": [("IALT", "Alder i alt"), *((a, f"{a} år") for a in AGES)],
                "CIVILSTAND": [("TOT", "I alt")],
            },
            periods=list(shown),
            cell=population,
        )
    )
