"""The month's items as CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.csv_cells import formula_safe
from bot.services.digest import ExportRow
from bot.texts import t

_EXPORT_COLUMNS = (
    "id",
    "created",
    "kind",
    "status",
    "level",
    "goal",
    "units",
    "author",
    "text",
    "situation",
    "note",
    "escalated",
    "closed",
    "sections",
)


def _cell(value: str) -> str:
    return formula_safe(value)


def export_csv(rows: Sequence[ExportRow], *, lang: str, tz: str) -> bytes:
    """The month's items as CSV for a spreadsheet: UTF-8 with BOM, semicolons, one row each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"export.{column}", lang) for column in _EXPORT_COLUMNS])

    def day(moment: datetime | None) -> str:
        return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d") if moment else ""

    for row in rows:
        author = t("export.anonymous", lang) if row.anonymous else (row.author_name or "")
        cells = [
            str(row.item_id),
            day(row.created_at),
            t(f"kind.{row.kind}", lang),
            t(f"status.{row.status}", lang),
            t(f"level.{row.level}", lang) if row.level else "",
            row.goal or "",
            ", ".join(row.units),
            author,
            row.text,
            row.citizen_situation or "",
            row.resolution_note or "",
            day(row.escalated_at),
            day(row.closed_at),
            ", ".join(t(f"export.section.{s}", lang) for s in row.sections),
        ]
        writer.writerow([_cell(cell) for cell in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
