"""CSV cells that a spreadsheet shows as text, never runs as a formula."""

from __future__ import annotations

# A cell starting with one of these is a formula (or turns into one) in Excel and LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: str) -> str:
    """The cell as text: a leading apostrophe when the spreadsheet would read a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
