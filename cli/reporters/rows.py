"""Writers of dataset results, one record per input row: CSV, JSON Lines, JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import IO, Any

from amity.engine.vocabulary import RISKS

CSV_COLUMNS = (
    "row", "line", "id", "parties", "status", "declared_label", "declared_level", "level",
    "possible_levels", "deciding_facts", "verdict", *RISKS, "hedging", "reasons", "errors",
)  # fmt: skip


def _join(items: list[Any] | None) -> str:
    return ";".join(str(i) for i in items) if items else ""


def _error_text(e: dict[str, Any]) -> str:
    where = ":".join(str(x) for x in (e["line"], e["column"]) if x is not None)
    text = (f"{where}: " if where else "") + (f"{e['pointer']}: " if e["pointer"] else "") + e["message"]
    return text + (f" ({e['suggestion']})" if e["suggestion"] else "")


def csv_cells(rec: dict[str, Any]) -> list[Any]:
    """A record as CSV cells. An undecided risk lists its possible ratings, ';'-joined."""
    risks = rec["risks"] or {}
    hedging = rec["hedging"]
    return [
        rec["row"],
        rec["line"] if rec["line"] is not None else "",
        rec["id"] or "",
        _join(rec["parties"]),
        rec["status"],
        rec["declared_label"] or "",
        rec["declared_level"] or "",
        rec["level"] or "",
        _join(rec["possible_levels"]),
        _join(rec["deciding_facts"]),
        rec["verdict"] or "",
        *((risks[r]["rating"] or _join(risks[r]["possible_ratings"])) if r in risks else "" for r in RISKS),
        "" if hedging is None else str(hedging).lower(),
        " | ".join(rec["reasons"] or []),
        " | ".join(_error_text(e) for e in rec["errors"]),
    ]


class RowWriter:
    """Writes records as they come, in one of the formats."""

    def __init__(self, fmt: str, out: IO[str]) -> None:
        self.out = out
        self.fmt = fmt
        self.count = 0
        self._table = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        self.write: Callable[[dict[str, Any]], None] = getattr(self, f"_{fmt}")
        if self._table is not None:
            self._table.writerow(CSV_COLUMNS)
        elif fmt == "json":
            out.write("[")

    def _csv(self, rec: dict[str, Any]) -> None:
        assert self._table is not None
        self._table.writerow(csv_cells(rec))

    def _jsonl(self, rec: dict[str, Any]) -> None:
        self.out.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def _json(self, rec: dict[str, Any]) -> None:
        self.out.write(("\n  " if self.count == 0 else ",\n  ") + json.dumps(rec, ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")


FORMATS = ("csv", "jsonl", "json")
