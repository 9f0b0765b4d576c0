"""Writers of dataset results, one record per input row: CSV, TSV, Parquet, JSON Lines, JSON.

CSV, TSV and Parquet hold the tidy table of ``amity.engine.tidy`` (one column
per value); JSON Lines and JSON hold each row's record as ``RowResult.as_dict``
gives it (with its trace under ``--explain``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import IO, Any

from amity.engine.tables import require_pyarrow
from amity.engine.tidy import FILE_COLUMNS, tidy_row
from amity.engine.validation import RowResult

#: format name -> the file extensions that choose it
FORMATS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "tsv": (".tsv", ".tab"),
    "jsonl": (".jsonl", ".ndjson"),
    "json": (".json",),
    "parquet": (".parquet",),
}
BINARY = frozenset({"parquet"})
CSV_COLUMNS = tuple(FILE_COLUMNS)
_PARQUET_BATCH = 8_192


def format_of(path: str) -> str | None:
    """The results format an output file's extension names, or None."""
    lowered = path.lower()
    for fmt, suffixes in FORMATS.items():
        if lowered.endswith(suffixes):
            return fmt
    return None


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet will show as text: a leading formula character gets a ' before it.

    The OWASP rule, for text cells only: numbers are written as numbers.
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _text(cell: str) -> str:
    # a bare carriage return is not quoted by the csv module and breaks readers: write it as a newline
    return neutralise(cell).replace("\r\n", "\n").replace("\r", "\n")


def csv_cells(rec: RowResult) -> list[Any]:
    """A record as CSV cells: the tidy row, booleans as true/false, empty cells for missing values.

    Text cells (ids, parties, labels, levels, reasons, errors) are neutralised against
    formula injection; numbers and booleans are written as they are.
    """
    return [_text(v) if isinstance(v, str) else _cell(v) for v in tidy_row(rec).values()]


class RowWriter:
    """Writes records as they come, in one of the formats (Parquet to ``out.buffer``, in batches)."""

    def __init__(self, fmt: str, out: IO[str]) -> None:
        self.out = out
        self.fmt = fmt
        self.count = 0
        self._table = None
        self._arrow: Any = None
        self._pending: list[dict[str, Any]] = []
        if fmt in ("csv", "tsv"):
            self._table = csv.writer(out, lineterminator="\n", delimiter="\t" if fmt == "tsv" else ",")
            self._table.writerow(CSV_COLUMNS)
        elif fmt == "json":
            out.write("[")
        elif fmt == "parquet":
            self._schema = _arrow_schema()
        self.write: Callable[[RowResult], None] = getattr(self, f"_{'csv' if fmt == 'tsv' else fmt}")

    def _csv(self, rec: RowResult) -> None:
        assert self._table is not None
        self._table.writerow(csv_cells(rec))

    def _jsonl(self, rec: RowResult) -> None:
        self.out.write(json.dumps(rec.as_dict(), ensure_ascii=False) + "\n")

    def _json(self, rec: RowResult) -> None:
        self.out.write(("\n  " if self.count == 0 else ",\n  ") + json.dumps(rec.as_dict(), ensure_ascii=False))
        self.count += 1

    def _parquet(self, rec: RowResult) -> None:
        self._pending.append(tidy_row(rec))
        if len(self._pending) >= _PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._arrow is None:
            self.out.flush()
            self._arrow = pq.ParquetWriter(self.out.buffer, self._schema)  # type: ignore[attr-defined]
        if self._pending:
            self._arrow.write_table(pa.Table.from_pylist(self._pending, schema=self._schema))
            self._pending = []

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        elif self.fmt == "parquet":
            self._flush()  # a file with no rows still has its columns
            self._arrow.close()


def _arrow_schema() -> Any:
    """The results' Arrow schema, with the pandas metadata that makes ``pd.read_parquet`` give each column's dtype."""
    require_pyarrow("writing Parquet")
    import pyarrow as pa

    types = {"string": (pa.string(), "object"), "boolean": (pa.bool_(), "bool"), "Int64": (pa.int64(), "int64")}
    pandas = {
        "index_columns": [],
        "column_indexes": [],
        "columns": [
            {"name": n, "field_name": n, "pandas_type": types[d][1], "numpy_type": d, "metadata": None}
            for n, d in FILE_COLUMNS.items()
        ],
        "creator": {"library": "amity"},
        "pandas_version": "2.0.0",
    }
    return pa.schema(
        [pa.field(name, types[dtype][0]) for name, dtype in FILE_COLUMNS.items()],
        metadata={"pandas": json.dumps(pandas)},
    )
