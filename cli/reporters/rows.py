"""Writers of dataset results, one record per input row: CSV, TSV, Parquet, JSON Lines, JSON.

CSV, TSV and Parquet hold the tidy table of ``amity.engine.tidy`` (one column
per value); JSON Lines and JSON hold each row's record as ``RowResult.as_dict``
gives it (with its trace under ``--explain``).
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
from collections.abc import Callable
from functools import partial
from typing import IO, Any

from amity.engine.document import CONTROL_CHARACTER
from amity.engine.tables import require_pyarrow
from amity.engine.tidy import FILE_COLUMNS, tidy_row, tidy_values
from amity.engine.validation import RowAssessment, RowResult

from .json_reporter import encode, json_lines

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
    if cell.startswith(FORMULA_STARTS):
        cell = "'" + cell
    if not cell.isprintable() and CONTROL_CHARACTER.search(cell):  # the fast test first: a line break is not printable
        cell = _escaped(cell)
    return cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell


def _escaped(cell: str) -> str:
    """A cell's control characters as JSON writes them (\\u0000): a CSV or TSV cell never holds one raw."""
    return CONTROL_CHARACTER.sub(lambda m: f"\\u{ord(m.group()):04x}", cell)


def _unicode(row: dict[str, Any]) -> dict[str, Any]:
    """A row whose strings are Unicode text: a lone surrogate (from a JSON escape such as "\\ud800") as JSON writes it."""
    return {
        k: _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", v) if isinstance(v, str) else v for k, v in row.items()
    }


_SURROGATE = re.compile("[\ud800-\udfff]")


#: The columns whose text comes from the input or the pack (ids, parties, labels, the pack's entries,
#: sentences, errors). The others hold the vocabulary's own words (levels, verdicts, ratings, field
#: names, ok/error, true/false), numbers or a boolean, none of which starts a formula or holds a \r.
_FREE_TEXT = ("id", "parties", "declared_label", "lexicon_entry", "decided_by", "reasons", "errors")
#: of which the pack's own text, which holds no control character (YAML has none, and a pack is YAML):
#: not scanned for one (the reasons are long, and scanning them was a twentieth of a row's work)
_PACK_TEXT = ("lexicon_entry", "decided_by", "reasons")
_FREE = tuple((CSV_COLUMNS.index(name), name not in _PACK_TEXT) for name in _FREE_TEXT)
_HEDGING = CSV_COLUMNS.index("hedging")
_TRUTH = {True: "true", False: "false", None: ""}


def csv_cells(rec: RowResult) -> list[Any]:
    """A record as CSV cells: the tidy row, booleans as true/false, empty cells for missing values.

    Text cells (ids, parties, labels, levels, reasons, errors) are neutralised against
    formula injection; numbers and booleans are written as they are.
    """
    values = tidy_values(rec)
    for i, _ in _FREE:
        v = values[i]
        if v is not None:
            values[i] = _text(v)
    values[_HEDGING] = _TRUTH[values[_HEDGING]]
    return ["" if v is None else v for v in values]


def _lines(records: list[RowResult], delimiter: str) -> str:
    """Records as lines of a CSV (or TSV) file, as ``csv.writer(lineterminator="\\n")`` writes ``csv_cells``.

    The writer quotes a cell holding the delimiter, a quote or a newline (doubling its
    quotes). Only the free-text columns can: the others hold the vocabulary's own words
    and numbers (a test holds the two ways of writing equal, byte for byte). An
    assessment that rows share (a batch shares those of a decided label without reasons)
    has the cells after a row's identity written once, from the second row that has it.
    """
    lines = []
    tails, seen = _TAILS.setdefault(delimiter, ({}, set()))
    for rec in records:
        a = rec.assessment
        if a is not None and not a.reasons and a.explanation is None:
            tail = tails.get(id(a))  # the entry holds ``a``: its id names no other object meanwhile
            if tail is not None:
                lines.append(delimiter.join(_head(rec, delimiter)) + delimiter + tail[1])
                continue
            cells = _cells(rec, delimiter)
            if id(a) in seen:  # a second row with it (or another object since, by the same id: no harm)
                if len(tails) >= _TAILS_KEPT:
                    tails.clear()
                tails[id(a)] = (a, delimiter.join(cells[4:]))
            else:
                if len(seen) >= _TAILS_KEPT:
                    seen.clear()
                seen.add(id(a))
            lines.append(delimiter.join(cells))
        else:
            lines.append(delimiter.join(_cells(rec, delimiter)))
    lines.append("")
    return "\n".join(lines)


#: by delimiter: the cells after the identity of rows that share an assessment, by that object (held),
#: and the ids of the assessments seen once
_TAILS: dict[str, tuple[dict[int, tuple[RowAssessment, str]], set[int]]] = {}
_TAILS_KEPT = 4096


def _cells(rec: RowResult, delimiter: str) -> list[str]:
    values = tidy_values(rec)
    for i, from_input in _FREE:
        v = values[i]
        if v is not None:
            values[i] = _written(v, delimiter, from_input)
    values[_HEDGING] = _TRUTH[values[_HEDGING]]
    values[0] = str(values[0])
    values[1] = "" if values[1] is None else str(values[1])
    return ["" if v is None else v for v in values]


def _head(rec: RowResult, delimiter: str) -> list[str]:
    """The cells of a row's identity (row, line, id, parties), as ``_cells`` writes them."""
    return [
        str(rec.row),
        "" if rec.line is None else str(rec.line),
        "" if rec.id is None else _written(rec.id, delimiter),
        _written(";".join(rec.parties), delimiter) if rec.parties else "",
    ]


def _written(v: str, delimiter: str, from_input: bool = True) -> str:
    """A free-text cell as the csv writer writes it, neutralised against formulas (``from_input``: and
    against control characters, which the pack's own text does not hold)."""
    if (
        v.startswith(FORMULA_STARTS)
        or "\r" in v
        or (from_input and not v.isprintable() and CONTROL_CHARACTER.search(v) is not None)
    ):
        v = _text(v)
    if delimiter in v or '"' in v or "\n" in v:
        v = '"' + v.replace('"', '""') + '"'
    return v


def render_csv(records: list[RowResult]) -> str:
    """Records as the lines of a CSV file."""
    return _lines(records, ",")


def render_tsv(records: list[RowResult]) -> str:
    """Records as the lines of a TSV file."""
    return _lines(records, "\t")


def render_jsonl(records: list[RowResult]) -> str:
    """Records as JSON Lines."""
    return json_lines([rec.as_dict() for rec in records])


def render_json(records: list[RowResult]) -> str:
    """Records as items of a JSON array, each on its line, without the array's brackets."""
    return ",\n  ".join([encode(rec.as_dict()) for rec in records])


def render_parquet(records: list[RowResult]) -> list[dict[str, Any]]:
    """Records as the tidy rows a Parquet file is written from."""
    return [tidy_row(rec) for rec in records]


#: format -> how a batch of records is rendered for RowWriter.write_batch (in any process: module functions)
RENDER: dict[str, Callable[[list[RowResult]], Any]] = {
    "csv": render_csv,
    "tsv": render_tsv,
    "jsonl": render_jsonl,
    "json": render_json,
    "parquet": render_parquet,
}


def _encoded(render: Callable[[list[RowResult]], str], records: list[RowResult]) -> bytes:
    return render(records).encode("utf-8", "backslashreplace")  # as amity's outputs write text (``cli.run``)


#: the text formats whose batches can be rendered straight to UTF-8: a worker process then hands back
#: bytes, which travel and are written as they are (text would be encoded to travel, decoded, encoded again)
ENCODED: dict[str, Callable[[list[RowResult]], bytes]] = {
    fmt: partial(_encoded, RENDER[fmt]) for fmt in ("csv", "tsv", "jsonl")
}


def _utf_8_as_is(out: Any) -> bool:
    """Whether UTF-8 bytes written under a text stream are what it would write of the same text.

    So for a file amity opens (UTF-8, a string that is not Unicode text escaped, newlines as
    they are); not, say, for a standard output in another encoding, or one that writes
    newlines as CRLF. (Where a strict stream would fail on a lone surrogate, the bytes have it escaped.)
    """
    if not hasattr(out, "write_bytes") or getattr(out, "buffer", None) is None:
        return False
    try:
        encoding = codecs.lookup(out.encoding).name
    except (AttributeError, LookupError, TypeError):
        return False
    return encoding == "utf-8" and getattr(out, "errors", None) in ("strict", "backslashreplace") and os.linesep == "\n"


class RowWriter:
    """Writes records as they come, in one of the formats (Parquet to ``out.buffer``, in batches).

    ``write`` takes one record; ``write_batch`` takes a batch of them as ``RENDER[fmt]`` rendered it
    (possibly in a worker process). Both write the same bytes.

    Nothing is written before the first record, or before ``close()`` ends a run that had
    none: the CSV header and the JSON array's ``[`` go out with the first record. A run
    that fails before any (an unreadable file or header, an empty file, a ``--strict``
    stop at the first row) then leaves standard output empty, rather than holding what
    a reader would take for a valid, empty result.
    """

    def __init__(self, fmt: str, out: IO[str]) -> None:
        self.out = out
        self.fmt = fmt
        self.count = 0
        self.started = False  # whether anything has been written (or, for Parquet, is waiting to be)
        self._arrow: Any = None
        self._pending: list[dict[str, Any]] = []
        self.render = RENDER[fmt]
        if fmt in ENCODED and _utf_8_as_is(out):
            self.render = ENCODED[fmt]  # written under the text stream (``output._Checked.write_bytes``)
        if fmt == "parquet":
            self._schema = _arrow_schema()

    def _start(self) -> None:
        """The output's head: the CSV or TSV header, the JSON array's '['; once, before the first record."""
        if self.started:
            return
        self.started = True
        if self.fmt in ("csv", "tsv"):
            delimiter = "\t" if self.fmt == "tsv" else ","
            csv.writer(self.out, lineterminator="\n", delimiter=delimiter).writerow(CSV_COLUMNS)
        elif self.fmt == "json":
            self.out.write("[")

    def write(self, rec: RowResult) -> None:
        self.write_batch(self.render([rec]))

    def write_batch(self, rendered: Any) -> None:
        """A batch of records, as ``self.render`` rendered them."""
        if not rendered:
            return
        self._start()
        if self.fmt == "parquet":
            self._pending.extend(rendered)
            while len(self._pending) >= _PARQUET_BATCH:  # row groups of the same size however rows arrive
                self._flush(_PARQUET_BATCH)
            return
        if self.fmt == "json":
            self.out.write(("\n  " if self.count == 0 else ",\n  ") + rendered)
            self.count += 1
        elif isinstance(rendered, bytes):
            self.out.write_bytes(rendered)  # type: ignore[attr-defined]
        else:
            self.out.write(rendered)

    def _flush(self, most: int | None = None) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._arrow is None:
            self.out.flush()
            self._arrow = pq.ParquetWriter(self.out.buffer, self._schema)  # type: ignore[attr-defined]
        if self._pending:
            rows, self._pending = self._pending[:most], self._pending[len(self._pending) if most is None else most :]
            try:
                table = pa.Table.from_pylist(rows, schema=self._schema)
            except UnicodeEncodeError:  # a string that is not Unicode text (a lone surrogate): as JSON writes it
                table = pa.Table.from_pylist([_unicode(row) for row in rows], schema=self._schema)
            self._arrow.write_table(table)

    def close(self, *, complete: bool = True) -> None:
        """End the output: ``complete`` after a run that succeeded, even with no record (a header, ``[]``).

        After a failure (``complete=False``), an output that holds records is still ended well
        formed (a JSON array is closed, a Parquet file gets its footer); one that holds none stays empty.
        """
        if not complete and not self.started:
            return
        self._start()
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
