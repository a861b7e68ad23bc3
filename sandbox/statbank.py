"""A local stand-in for Danmarks Statistik's Statistikbank API, on 127.0.0.1 over real HTTP.

It answers `POST /tableinfo` and `POST /data` as the documented API does (JSON bodies in,
`tableinfo` as JSON, `data` as BULK/CSV: semicolon-separated, a header of variable ids, `TID`
and `INDHOLD`, decimal comma, codes with `valuePresentation: "Code"`), and errors as HTTP 400
with `{"errorTypeCode": ..., "message": ...}`. Faults on demand: `fail(status, times)` answers
the next calls with that status, `delay` slows every answer, `remove_period` makes a period
disappear, `drop_variable` changes a table's variables. Used by the tests and the demo; nothing
in the product imports it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Cell = Callable[[dict[str, str], str], float | None]


@dataclass
class FakeTable:
    """A table: its variables (id -> [(code, text)]), periods, and a value for every cell."""

    id: str
    text: str
    unit: str
    variables: dict[str, list[tuple[str, str]]]
    periods: list[str]
    cell: Cell
    variable_texts: dict[str, str] = field(default_factory=dict)


def _error(code: str, message: str) -> tuple[int, bytes, str]:
    body = json.dumps({"errorTypeCode": code, "message": message}, ensure_ascii=False)
    return 400, body.encode("utf-8"), "application/json; charset=utf-8"


def _number(value: float) -> str:
    text = f"{value:.1f}" if value != int(value) else str(int(value))
    return text.replace(".", ",")


class FakeStatbank:
    """The stand-in server; `base_url` is what STATBANK_API_URL points at."""

    def __init__(self) -> None:
        self.tables: dict[str, FakeTable] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.delay = 0.0
        self._failures: list[int] = []
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw.decode("utf-8") or "{}")
                except ValueError:
                    body = {}
                status, payload, kind = stand_in.answer(self.path.rstrip("/"), body)
                if stand_in.delay:
                    time.sleep(stand_in.delay)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_port}/v1"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- life --------------------------------------------------------------------------------

    def start(self) -> FakeStatbank:
        """Serve in the background."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeStatbank:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- set-up and faults -------------------------------------------------------------------

    def add_table(self, table: FakeTable) -> None:
        """Publish a table."""
        self.tables[table.id.upper()] = table

    def fail(self, status: int, times: int = 1) -> None:
        """Answer the next `times` calls with HTTP `status`."""
        with self._lock:
            self._failures.extend([status] * times)

    def remove_period(self, table: str, period: str) -> None:
        """A period disappears from a table (Danmarks Statistik withdrew it)."""
        self.tables[table.upper()].periods.remove(period)

    def add_period(self, table: str, period: str) -> None:
        """A new period is published."""
        self.tables[table.upper()].periods.append(period)

    def drop_variable(self, table: str, variable: str) -> None:
        """The table changed: a variable is gone."""
        del self.tables[table.upper()].variables[variable]

    def data_calls(self) -> list[dict[str, Any]]:
        """The bodies of every `data` call so far."""
        return [body for function, body in self.calls if function == "data"]

    # -- answers -----------------------------------------------------------------------------

    def answer(self, path: str, body: dict[str, Any]) -> tuple[int, bytes, str]:
        """(status, body, content type) for one request."""
        function = path.rsplit("/", 1)[-1].lower()
        with self._lock:
            self.calls.append((function, body))
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            return failure, b'{"message": "Intern fejl"}', "application/json"
        table = self.tables.get(str(body.get("table") or "").upper())
        if table is None:
            return _error("TABLE-NOTFOUND", f'Tabellen "{body.get("table")}" findes ikke.')
        if function == "tableinfo":
            return 200, self._tableinfo(table), "application/json; charset=utf-8"
        if function == "data":
            return self._data(table, body)
        return 404, b"{}", "application/json"

    def _tableinfo(self, table: FakeTable) -> bytes:
        variables = [
            {
                "id": code,
                "text": table.variable_texts.get(code, code.lower()),
                "elimination": True,
                "time": False,
                "values": [{"id": value, "text": text} for value, text in values],
            }
            for code, values in table.variables.items()
        ]
        variables.append(
            {
                "id": "Tid",
                "text": "tid",
                "elimination": False,
                "time": True,
                "values": [{"id": p, "text": p} for p in table.periods],
            }
        )
        answer = {
            "id": table.id,
            "text": table.text,
            "description": table.text,
            "unit": table.unit,
            "updated": "2026-11-10T08:00:00",
            "active": True,
            "variables": variables,
        }
        return json.dumps(answer, ensure_ascii=False).encode("utf-8")

    def _data(self, table: FakeTable, body: dict[str, Any]) -> tuple[int, bytes, str]:
        chosen: dict[str, list[str]] = {}
        periods = list(table.periods)
        for selection in body.get("variables") or []:
            code = str(selection.get("code") or "")
            values = [str(v) for v in selection.get("values") or []]
            if code.casefold() == "tid":
                if values != ["*"]:
                    missing = [v for v in values if v not in table.periods]
                    if missing:
                        return _error(
                            "EXTRACT-NOTFOUND",
                            f'Værdien "{missing[0]}" findes ikke for variablen "Tid".',
                        )
                    periods = values
                continue
            known = next((k for k in table.variables if k.casefold() == code.casefold()), None)
            if known is None:
                return _error("EXTRACT-NOTFOUND", f'Variablen "{code}" findes ikke.')
            codes = [v for v, _ in table.variables[known]]
            if values == ["*"]:
                values = codes
            missing = [v for v in values if v not in codes]
            if missing:
                return _error(
                    "EXTRACT-NOTFOUND",
                    f'Værdien "{missing[0]}" findes ikke for variablen "{known}".',
                )
            chosen[known] = values
        if body.get("format") == "BULK" and set(chosen) != set(table.variables):
            return _error("EXTRACT-INVALIDREQUEST", "BULK kræver en værdi for hver variabel.")
        names = list(chosen)
        lines = [";".join([*(n.upper() for n in names), "TID", "INDHOLD"])]

        def combos(index: int) -> list[dict[str, str]]:
            if index == len(names):
                return [{}]
            rest = combos(index + 1)
            return [{names[index]: v, **r} for v in chosen[names[index]] for r in rest]

        for period in periods:
            for combo in combos(0):
                value = table.cell(combo, period)
                cells = [combo[n] for n in names]
                lines.append(";".join([*cells, period, ".." if value is None else _number(value)]))
        text = "\ufeff" + "\r\n".join(lines) + "\r\n"
        return 200, text.encode("utf-8"), "text/csv; charset=utf-8"


def quarters(last: str, count: int) -> list[str]:
    """`count` quarter codes ending with `last` ('2026K3'), oldest first."""
    year, quarter = int(last[:4]), int(last[5])
    index = year * 4 + quarter - 1
    return [f"{i // 4}K{i % 4 + 1}" for i in range(index - count + 1, index + 1)]


# -- the tables the demo and the tests publish ---------------------------------------------------
# AUK01 (full-time people on public benefits) and FOLK1A (population on the 1st of the quarter),
# quarterly, with the variables the real tables have; Tværby borrows Odense's code 461.

AREAS = [
    ("000", "Hele landet"),
    ("461", "Odense"),
    ("751", "Aarhus"),
    ("851", "Aalborg"),
    ("101", "København"),
]
AGES = [str(age) for age in range(16, 65)]
LAST = "2026K3"


def benefits(combo: dict[str, str], period: str) -> float | None:
    """Full-time people on benefits: falls by 20 a quarter in 461."""
    index = int(period[:4]) * 4 + int(period[5]) - 1 - (2019 * 4 + 1)  # 2019K2 is 0
    base = {"000": 600_000, "461": 8_000, "751": 12_000, "851": 7_000, "101": 20_000}[
        combo["OMRÅDE"]
    ]
    return float(base - 20 * index)


def population(combo: dict[str, str], period: str) -> float | None:
    """1,000 people of each age in 461 (49,000 aged 16-64); other areas scaled."""
    scale = {"000": 75, "461": 1, "751": 1.5, "851": 1.0, "101": 2.5}[combo["OMRÅDE"]]
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
