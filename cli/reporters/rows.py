"""Writers of dataset results, one record per input row: CSV, JSON Lines, JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from typing import IO, Any

from amity.engine.errors import Problem
from amity.engine.validation import RowResult
from amity.engine.vocabulary import RISKS

CSV_COLUMNS = (
    "row", "line", "id", "parties", "status", "declared_label", "declared_level", "decided_by", "level",
    "possible_levels", "deciding_facts", "verdict", *RISKS, "hedging", "reasons", "errors",
)  # fmt: skip


def _join(items: Sequence[Any] | None) -> str:
    return ";".join(str(i) for i in items) if items else ""


def _error_text(p: Problem) -> str:
    loc = p.location
    where = ":".join(str(x) for x in (loc.line, loc.column) if x is not None)
    text = (f"{where}: " if where else "") + (f"{loc.pointer}: " if loc.pointer else "") + p.message
    return text + (f" ({p.suggestion})" if p.suggestion else "")


def csv_cells(rec: RowResult) -> list[Any]:
    """A record as CSV cells. An undecided risk lists its possible ratings, ';'-joined."""
    a = rec.assessment
    head = [rec.row, rec.line if rec.line is not None else "", rec.id or "", _join(rec.parties), rec.status]
    if a is None:
        return [
            *head,
            rec.declared_label or "",
            *[""] * (len(CSV_COLUMNS) - 7),
            " | ".join(map(_error_text, rec.errors)),
        ]
    hedging = a.hedging.value
    return [
        *head,
        a.declared_label or "",
        a.declared_level or "",
        a.decided_by or "",
        a.level.value or "",
        _join(a.level.possible),
        _join(a.level.deciding),
        a.verdict or "",
        *((a.risks[r].value or _join(a.risks[r].possible)) for r in RISKS),
        "" if hedging is None else str(hedging).lower(),
        " | ".join(a.reasons),
        "",
    ]


class RowWriter:
    """Writes records as they come, in one of the formats."""

    def __init__(self, fmt: str, out: IO[str]) -> None:
        self.out = out
        self.fmt = fmt
        self.count = 0
        self._table = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        self.write: Callable[[RowResult], None] = getattr(self, f"_{fmt}")
        if self._table is not None:
            self._table.writerow(CSV_COLUMNS)
        elif fmt == "json":
            out.write("[")

    def _csv(self, rec: RowResult) -> None:
        assert self._table is not None
        self._table.writerow(csv_cells(rec))

    def _jsonl(self, rec: RowResult) -> None:
        self.out.write(json.dumps(rec.as_dict(), ensure_ascii=False) + "\n")

    def _json(self, rec: RowResult) -> None:
        self.out.write(("\n  " if self.count == 0 else ",\n  ") + json.dumps(rec.as_dict(), ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")


FORMATS = ("csv", "jsonl", "json")
