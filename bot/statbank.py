"""Danmarks Statistik's Statistikbank API (api.statbank.dk/v1): `tableinfo` and `data`.

As documented at dst.dk (Statistikbank API): every call is a POST of a JSON object to
`{base}/tableinfo` or `{base}/data`; `tableinfo` answers with the table's variables and their
values (`{"id", "text", "unit", "updated", "variables": [{"id", "text", "time", "values":
[{"id", "text"}]}]}`), and `data` in the format asked for. We ask for `BULK` (semicolon-separated
text, one line per cell, codes with `valuePresentation: "Code"`), which streams and needs a
value for every variable. An error is an HTTP 4xx whose body is
`{"errorTypeCode": "...", "message": "..."}`.

Periods are the table's own codes: `2026M09` (month), `2026K3` (quarter), `2026` (year); each
maps to the month it ends in ("2026-09"), which is how values are keyed in the database.
"""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

DEFAULT_URL = "https://api.statbank.dk/v1"
TIMEOUT = 20.0
_PERIOD = re.compile(r"^(\d{4})(?:(M)(\d{2})|(K|Q)([1-4]))?$")


class StatbankError(Exception):
    """The API could not be used; `kind` says which way (the admins' status explains it)."""

    def __init__(self, kind: str, detail: str = "", *, status: int | None = None) -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind  # "refused" (4xx), "server" (5xx), "timeout", "unreachable", "format"
        self.detail = detail
        self.status = status


@dataclass(frozen=True)
class Variable:
    """One variable of a table, with its values' codes and texts."""

    id: str
    text: str
    time: bool
    values: tuple[tuple[str, str], ...]  # (code, text)

    def has(self, code: str) -> bool:
        """True when `code` is one of the variable's values."""
        return any(value == code for value, _ in self.values)

    def text_of(self, code: str) -> str:
        """The value's text, or its code."""
        return next((text for value, text in self.values if value == code), code)


@dataclass(frozen=True)
class TableInfo:
    """What `tableinfo` says about a table."""

    id: str
    text: str
    unit: str
    variables: tuple[Variable, ...]

    def variable(self, code: str) -> Variable | None:
        """The variable with this id (case-insensitive, as the API treats them)."""
        return next((v for v in self.variables if v.id.casefold() == code.casefold()), None)

    @property
    def time(self) -> Variable | None:
        """The time variable (`Tid`)."""
        return next((v for v in self.variables if v.time), None)


def period_month(period: str) -> str:
    """'2026M09' -> '2026-09', '2026K3' -> '2026-09', '2026' -> '2026-12'; ValueError else."""
    match = _PERIOD.match(period.strip())
    if not match:
        raise ValueError(period)
    year = int(match.group(1))
    if match.group(2):
        month = int(match.group(3))
        if not 1 <= month <= 12:
            raise ValueError(period)
    elif match.group(4):
        month = int(match.group(5)) * 3
    else:
        month = 12
    return f"{year:04d}-{month:02d}"


def frequency(period: str) -> str:
    """'month', 'quarter' or 'year' for a period code."""
    match = _PERIOD.match(period.strip())
    if not match:
        raise ValueError(period)
    return "month" if match.group(2) else "quarter" if match.group(4) else "year"


class StatbankClient:
    """A small client for `tableinfo` and `data`; every failure is a StatbankError."""

    def __init__(self, base_url: str = DEFAULT_URL, *, timeout: float = TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _post(self, function: str, body: dict[str, Any]) -> bytes:
        request = urllib.request.Request(
            f"{self.base_url}/{function}",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as error:
            raw = error.read()
            message = ""
            try:
                answer = json.loads(raw.decode("utf-8"))
                message = str(answer.get("message") or answer.get("errorTypeCode") or "")
            except (ValueError, AttributeError):
                pass
            kind = "server" if error.code >= 500 else "refused"
            raise StatbankError(kind, message[:300], status=error.code) from None
        except TimeoutError:
            raise StatbankError("timeout") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise StatbankError("timeout") from None
            raise StatbankError("unreachable", str(error.reason)[:200]) from None
        except OSError as error:
            raise StatbankError("unreachable", type(error).__name__) from None

    def tableinfo(self, table: str, *, lang: str = "da") -> TableInfo:
        """The table's variables and values."""
        raw = self._post("tableinfo", {"table": table, "format": "JSON", "lang": lang})
        try:
            answer = json.loads(raw.decode("utf-8"))
            return TableInfo(
                id=str(answer["id"]),
                text=str(answer.get("text") or ""),
                unit=str(answer.get("unit") or ""),
                variables=tuple(
                    Variable(
                        id=str(v["id"]),
                        text=str(v.get("text") or v["id"]),
                        time=bool(v.get("time")),
                        values=tuple(
                            (str(x["id"]), str(x.get("text") or x["id"])) for x in v["values"]
                        ),
                    )
                    for v in answer["variables"]
                ),
            )
        except (ValueError, KeyError, TypeError):
            raise StatbankError("format", "tableinfo") from None

    def series(
        self, table: str, selection: dict[str, list[str]], *, periods: list[str] | None = None
    ) -> dict[str, dict[str, float]]:
        """{area or '': {period: value}}: the sum over the selected cells for each period.

        `selection` names every non-time variable; a variable whose values include `OMRÅDE`
        codes keeps them apart (the first key of the answer per area), so one call fetches the
        municipality and its comparisons. Periods default to all ("*")."""
        variables = [{"code": code, "values": values} for code, values in selection.items()]
        variables.append({"code": "Tid", "values": periods or ["*"]})
        raw = self._post(
            "data",
            {
                "table": table,
                "format": "BULK",
                "lang": "da",
                "valuePresentation": "Code",
                "variables": variables,
            },
        )
        return parse_bulk(raw.decode("utf-8-sig"), area_variable=_area_key(selection))


def _area_key(selection: dict[str, list[str]]) -> str | None:
    return next((code for code in selection if code.casefold() == "område"), None)


def parse_bulk(text: str, *, area_variable: str | None) -> dict[str, dict[str, float]]:
    """Sum BULK/CSV lines per (area, period); '..' (not published) cells are left out."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return {}
    header = [cell.strip().casefold() for cell in lines[0].split(";")]
    try:
        time_at = header.index("tid")
        value_at = header.index("indhold")
    except ValueError:
        raise StatbankError("format", "data header") from None
    area_at = header.index(area_variable.casefold()) if area_variable else None
    result: dict[str, dict[str, float]] = {}
    for line in lines[1:]:
        cells = [cell.strip().strip('"') for cell in line.split(";")]
        if len(cells) != len(header):
            raise StatbankError("format", "data line")
        raw = cells[value_at].replace(" ", "")
        if raw in ("..", ".", "-", ""):
            continue
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            raise StatbankError("format", "data value") from None
        area = cells[area_at] if area_at is not None else ""
        per_area = result.setdefault(area, {})
        per_area[cells[time_at]] = per_area.get(cells[time_at], 0.0) + value
    return result
