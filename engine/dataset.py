"""Reading datasets of relationships, row by row: CSV (or TSV), JSON Lines, a YAML/JSON list, or Parquet.

Every format is streamed, so memory stays flat however long the file. Every
row comes out exactly once, either as a checked profile or with the located
problems that make it unusable; a bad row never stops the reading. Bytes are
decoded here, line by line, so a byte that is not UTF-8 costs only its row
(CSV, JSON Lines); a YAML or JSON list that breaks off keeps every row before
the break, and the break is one more row.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .document import (
    CheckedText,
    Document,
    not_utf8,
    open_bytes,
    parse_json,
    stream_json_items,
    stream_yaml_items,
    unique_pairs,
)
from .errors import InputError, Location, Problem, UsageError, did_you_mean
from .schemas import check_profile, profile_is_valid
from .vocabulary import fields

FORMATS = ("csv", "tsv", "jsonl", "yaml", "json", "parquet")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".parquet": "parquet",
}
_CHUNK = 1 << 16
_BOM = b"\xef\xbb\xbf"


@dataclass
class Row:
    """One input row: its number (from 1), the line it starts on, and its profile or problems."""

    number: int
    line: int | None
    profile: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)
    partial: dict[str, Any] | None = None  # what could be read of a bad row, to name it

    @property
    def identity(self) -> tuple[str | None, list[str] | None]:
        """The row's id and parties (in the input's order), as far as they can be read."""
        data = self.profile or self.partial or {}
        ident = data.get("id")
        parties = data.get("parties")
        ok_parties = isinstance(parties, list) and all(isinstance(p, str) for p in parties)
        return (ident if isinstance(ident, str) else None, list(parties) if ok_parties and parties else None)

    @property
    def ok(self) -> bool:
        return self.profile is not None and not self.problems


def _looks_like_csv_header(line: str) -> bool:
    """A first line that names columns: comma-separated names, or one name of the vocabulary.

    YAML's first line has a ':' (a mapping) or starts with an indicator (a list
    item, a comment, a document marker); a lone name would be a YAML string,
    which is no dataset.
    """
    line = line.strip()
    if not line or ":" in line or line[0] in "-#[{!&*%?|>@`":
        return False
    return "," in line or line in fields()


def input_format(path: str, fmt: str | None, sample: str = "") -> str:
    """The format of a dataset: as given, else by file extension, else by its first characters."""
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    head = sample.lstrip("\ufeff \t\r\n")
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "jsonl"
    first = head.splitlines()[0] if head else ""
    if _looks_like_csv_header(first):
        return "csv"
    if "\t" in first and _looks_like_csv_header(first.replace("\t", ",")):
        return "tsv"
    if path == "-":
        return "yaml"
    raise UsageError(
        Problem(
            f"cannot tell the format of '{path}'",
            Location(path),
            f"name it .csv, .tsv, .jsonl, .yaml, .json or .parquet, or state its format ({', '.join(FORMATS)})",
            option="input_format",
        )
    )


#: The first bytes of a Parquet file.
PARQUET_MAGIC = b"PAR1"

_FORMAT_NAMES = {
    "jsonl": "JSON Lines",
    "json": "JSON",
    "yaml": "YAML",
    "csv": "CSV",
    "tsv": "TSV",
    "parquet": "Parquet",
}


def read_rows(
    path: str,
    fmt: str | None = None,
    *,
    ignore_unknown_columns: bool = False,
    delimiter: str | None = None,
) -> Iterator[Row]:
    """The rows of a dataset file ('-' for standard input), in order.

    ``delimiter`` separates the cells of a CSV file (by default ',' for CSV and
    a tab for TSV). Parquet needs pyarrow (``pip install 'amity[parquet]'``).
    """
    if fmt == "parquet" or (fmt is None and Path(path).suffix.lower() == ".parquet"):
        from .tables import parquet_rows

        if delimiter is not None:
            raise _no_delimiter("<stdin>" if path == "-" else path, "parquet")

        yield from parquet_rows(path, ignore_unknown_columns=ignore_unknown_columns)
        return
    name = "<stdin>" if path == "-" else path
    handle = open_bytes(path, name)
    try:
        sniff = fmt is None and (path == "-" or Path(path).suffix.lower() not in _EXTENSIONS)
        sample = handle.read(4096) if sniff else b""
        if sample.startswith(PARQUET_MAGIC):  # Parquet without its extension, e.g. on standard input
            from .tables import parquet_rows

            whole = io.BytesIO(sample + handle.read())
            yield from parquet_rows(path, ignore_unknown_columns=ignore_unknown_columns, handle=whole)
            return
        fmt = input_format(path, fmt, sample.decode("utf-8", "replace"))
        if delimiter is not None and fmt not in ("csv", "tsv"):
            raise _no_delimiter(name, fmt)
        source = _Bytes(sample, handle)
        if fmt in ("csv", "tsv"):
            yield from _csv_rows(source, name, ignore_unknown_columns, delimiter or ("\t" if fmt == "tsv" else ","))
        elif fmt == "jsonl":
            yield from _jsonl_rows(source, name)
        else:
            yield from _document_rows(source, name, fmt)
    finally:
        if path != "-":
            handle.close()


def _no_delimiter(name: str, fmt: str) -> UsageError:
    return UsageError(
        Problem(
            f"a delimiter separates the cells of CSV and TSV input; {name} is read as {_FORMAT_NAMES[fmt]}",
            Location(name),
            "leave out the delimiter, or state that the input is CSV",
            option="delimiter",
        )
    )


class _Bytes:
    """A byte stream whose first bytes were already read (to sniff the format)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest
        self._read = getattr(rest, "read1", rest.read)  # what is there, without waiting for a whole chunk

    def read(self, size: int) -> bytes:
        if self._head:
            data, self._head = self._head, b""
            return data
        return self._read(size)


@dataclass(frozen=True, slots=True)
class _Line:
    """One physical line, decoded, with where it starts and its first byte that is not UTF-8."""

    text: str
    number: int
    bad: Problem | None


def _lines(source: _Bytes, file: str, *, universal: bool) -> Iterator[_Line]:
    """The lines of a byte stream, each decoded on its own.

    With ``universal``, a line ends at \\n, \\r\\n or \\r (as Python's csv module
    wants them); else only at \\n (JSON Lines, where a \\r is blank space). A
    byte that is not UTF-8 is kept (as a lone surrogate) and named in ``bad``.
    """
    number, offset, size = 0, 0, _CHUNK
    rest = b""
    first = True
    while True:
        data = source.read(size)
        if first:
            first = False
            if data.startswith(_BOM):
                data, offset = data[len(_BOM) :], len(_BOM)
        if data:
            data = rest + data if rest else data
            if universal:
                parts = data.splitlines(keepends=True)
                rest = parts.pop() if parts else b""  # may be cut (or a \r before a \n): wait for more
            else:
                parts = data.split(b"\n")
                rest = parts.pop()
                parts = [p + b"\n" for p in parts]
            size = _CHUNK if parts else size * 2  # a long line: read in growing steps, not quadratically
        else:
            parts, rest = ([rest] if rest else []), b""
        for raw in parts:
            number += 1
            bad = None
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = raw.decode("utf-8", "surrogateescape")
                column = len(raw[: exc.start].decode("utf-8", "surrogateescape")) + 1
                bad = not_utf8(raw[exc.start : exc.start + 4], Location(file, number, column), offset + exc.start)
            yield _Line(text, number, bad)
            offset += len(raw)
        if not data:
            return


# --------------------------------------------------------------------------- checking


def _checked(row: Row, doc: Document, prefix: str = "") -> Row:
    row.partial = doc.data if isinstance(doc.data, dict) else None
    try:
        check_profile(doc)
    except InputError as exc:
        row.problems.extend(p.under(prefix) for p in exc.problems)
        return row
    row.profile = doc.data
    return row


# --------------------------------------------------------------------------- CSV

_LISTED = 20  # unknown columns named one by one (with "did you mean"); the rest are counted, by ranges


def _csv_cell(name: str, text: str) -> tuple[Any, str | None, str | None]:
    """A cell's value (None: unknown), or a problem and a suggestion."""
    spec = fields()[name]
    text = text.strip()
    if text == "":
        return None, None, None
    if name == "parties":
        return [p.strip() for p in text.split(";")], None, None
    if name == "sources":
        if text == "[]":
            return [], None, None
        return [{"url": u.strip()} for u in text.split(";") if u.strip()], None, None
    if spec.kind == "set":
        if text == "[]":
            return [], None, None
        items = [i.strip() for i in text.split(";")]
        if "" in items:
            return None, "an empty item in a ';'-joined list", "write items as a;b;c, or [] for none"
        return items, None, None
    if spec.kind == "boolean":
        if text.lower() in ("true", "false"):
            return text.lower() == "true", None, None
        return None, f"expected true or false, got '{text}'", did_you_mean(text, ["true", "false"])
    if spec.kind in ("integer", "number"):
        try:
            return int(text), None, None
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None, f"expected a number, got '{text}'", None
        if not math.isfinite(number):
            return None, f"expected a finite number, got '{text}'", "leave the cell empty if it is unknown"
        if spec.kind == "integer" and not number.is_integer():
            return None, f"expected a whole number, got '{text}'", None
        return (int(number) if spec.kind == "integer" else number), None, None
    return text, None, None


class _Record:
    """Lines for csv.reader, remembering those of the record being read."""

    def __init__(self, lines: Iterator[_Line]) -> None:
        self._lines = lines
        self.lines: list[_Line] = []

    def __iter__(self) -> _Record:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.lines.append(line)
        return line.text

    def take(self) -> list[_Line]:
        """The lines of the record just read (or failed)."""
        lines, self.lines = self.lines, []
        return lines


def _quote_column(text: str, delimiter: str = ",") -> int | None:
    """The column of the quote that opens a cell left open at the end of the line, or closed too early."""
    opened, i, n = None, 0, len(text)
    at_start = True
    while i < n:
        char = text[i]
        if opened is None:
            if char == '"' and at_start:
                opened = i
            at_start = char == delimiter
        elif char == '"':
            if i + 1 < n and text[i + 1] == '"':
                i += 1  # a doubled quote inside the cell
            elif i + 1 < n and text[i + 1] not in (delimiter, "\r", "\n"):
                return opened + 1  # text after the closing quote
            else:
                opened, at_start = None, False
        i += 1
    return opened + 1 if opened is not None else None


def _csv_problem(exc: csv.Error, span: list[_Line], file: str, delimiter: str = ",") -> Problem:
    first, last = span[0], span[-1]
    column = _quote_column(first.text, delimiter)
    where = Location(file, first.number, column)
    quoting = 'a quote inside a quoted cell is written twice ("")'
    message = str(exc)
    if message == "unexpected end of data":
        return Problem("the quote opened here is never closed", where, f"close it; {quoting}")
    if "expected after" in message:
        on = f" (on line {last.number})" if last.number != first.number else ""
        return Problem(f"text after the closing quote of a quoted cell{on}", where, quoting)
    if "field larger than field limit" in message:
        more = ": is a quote never closed?" if last.number != first.number else ""
        return Problem(f"a cell longer than {csv.field_size_limit():,} characters{more}", where, quoting)
    return Problem(f"malformed CSV: {message}", where)


def _shown(name: str) -> str:
    return name if len(name) <= 40 else name[:39] + "…"


def _ranges(columns: list[int], most: int = _LISTED) -> str:
    """Column numbers (from 0) as 1-based ranges: 2-5, 7, 9-12 (the first `most` of them, then a count)."""
    spans: list[tuple[int, int]] = []
    for c in columns:
        if spans and spans[-1][1] == c - 1:
            spans[-1] = (spans[-1][0], c)
        else:
            spans.append((c, c))
    text = ", ".join(f"{a + 1}" if a == b else f"{a + 1}-{b + 1}" for a, b in spans[:most])
    return text + (f" and {len(spans) - most:,} more ranges" if len(spans) > most else "")


def _csv_header(header: list[str], file: str, ignore_unknown: bool) -> tuple[list[tuple[int, str]], list[Problem]]:
    """The known columns (index, field) of a header, and its problems: fast and compact for any width."""
    known = fields()
    columns: list[tuple[int, str]] = []
    where: dict[str, list[int]] = {}
    unknown: list[int] = []
    for i, name in enumerate(header):
        if name in known:
            where.setdefault(name, []).append(i)
            columns.append((i, name))
        else:
            unknown.append(i)
    problems = [
        Problem(
            f"column '{name}' appears {len(at):,} times: columns {', '.join(str(i + 1) for i in at[:_LISTED])}"
            + (", …" if len(at) > _LISTED else ""),
            Location(file, 1, at[1] + 1),
            "keep one of them",
        )
        for name, at in where.items()
        if len(at) > 1
    ]
    if unknown and not ignore_unknown:
        for i in unknown[:_LISTED]:
            close = did_you_mean(header[i], known)
            problems.append(
                Problem(
                    f"column '{_shown(header[i])}' is not a field of the vocabulary",
                    Location(file, 1, i + 1),
                    (f"{close}; " if close else "") + "or ignore the columns that are not fields",
                    option="ignore_unknown_columns",
                )
            )
        rest = unknown[_LISTED:]
        if rest:
            problems.append(
                Problem(
                    f"{len(rest):,} more columns are not fields of the vocabulary: columns {_ranges(rest)}",
                    Location(file, 1, rest[0] + 1),
                    "ignore the columns that are not fields",
                    option="ignore_unknown_columns",
                )
            )
    if "parties" not in where:
        problems.append(Problem("no 'parties' column: every row needs its two parties", Location(file, 1)))
    return columns, problems


def _delimited(header: list[str], delimiter: str) -> str | None:
    """The delimiter a one-column header seems to be written with instead, if any."""
    if len(header) != 1:
        return None
    known = fields()
    for other in (";", "\t", "|", ","):
        names = [n.strip() for n in header[0].split(other)]
        if other != delimiter and len(names) > 1 and sum(n in known for n in names) * 2 > len(names):
            return other
    return None


_SEPARATORS = {"\t": "a tab", ";": "';'", "|": "'|'", ",": "','"}


def _csv_rows(source: _Bytes, file: str, ignore_unknown: bool, delimiter: str = ",") -> Iterator[Row]:
    record = _Record(_lines(source, file, universal=True))
    reader = csv.reader(record, strict=True, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(
            Problem("the file is empty", Location(file), "expected a header row naming the fields")
        ) from None
    except csv.Error as exc:
        raise InputError(_csv_problem(exc, record.take(), file, delimiter)) from None
    bad = [line.bad for line in record.take() if line.bad is not None]
    if bad:
        raise InputError(bad[0])
    header = [h.strip() for h in header]
    other = _delimited(header, delimiter)
    if other is not None:
        flag = "--delimiter tab" if other == "\t" else f"--delimiter '{other}'"
        raise InputError(
            Problem(
                f"the header is one column, '{_shown(header[0])}': its names look separated by "
                f"{_SEPARATORS[other]}, not by {_SEPARATORS.get(delimiter, repr(delimiter))}",
                Location(file, 1, 1),
                f"pass {flag}" + (" (or name the file .tsv)" if other == "\t" else ""),
                option="delimiter",
            )
        )
    columns, problems = _csv_header(header, file, ignore_unknown)
    if problems:
        raise InputError(problems)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            span = record.take()
            number += 1
            yield Row(number, span[0].number, problems=[_csv_problem(exc, span, file, delimiter)])
            # the lines a broken quote ran over are read again, each on its own: none vanishes
            for line in span[1:]:
                try:
                    cells = next(csv.reader([line.text], strict=True, delimiter=delimiter))
                except csv.Error as again:
                    number += 1
                    yield Row(number, line.number, problems=[_csv_problem(again, [line], file, delimiter)])
                    continue
                if _blank(cells):
                    continue
                number += 1
                yield _csv_row(Row(number, line.number), cells, [line], file, columns, len(header))
            continue
        span = record.take()
        if _blank(cells):
            continue  # an empty line is not a row (a line of empty cells is one)
        number += 1
        yield _csv_row(Row(number, span[0].number), cells, span, file, columns, len(header))


def _blank(cells: list[str]) -> bool:
    return not cells or (len(cells) == 1 and not cells[0].strip())


def _csv_row(
    row: Row, cells: list[str], span: list[_Line], file: str, columns: list[tuple[int, str]], width: int
) -> Row:
    line = row.line
    bad = [ln.bad for ln in span if ln.bad is not None]
    if bad:
        row.problems.append(bad[0])  # nothing undecodable goes further, not even to name the row
        return row
    if len(cells) != width:
        row.problems.append(
            Problem(
                f"expected {width} cells as in the header, got {len(cells)}",
                Location(file, line),
                "check the quoting of cells with commas",
            )
        )
        # name the row as far as its cells can be read
        row.partial = {
            name: cells[i].strip() for i, name in columns if i < len(cells) and name in ("id", "declared_label")
        }
        return row
    profile: dict[str, Any] = {}
    for i, name in columns:
        value, problem, hint = _csv_cell(name, cells[i])
        if problem:
            row.problems.append(Problem(problem, Location(file, line, i + 1, f"/{name}"), hint))
        elif value is not None:
            profile[name] = value
    positions = {f"/{name}": (line or 1, i + 1) for i, name in columns}
    positions[""] = (line or 1, 1)
    if row.problems:  # the cells that could be read are checked too: every problem of the row at once
        unread, row.problems = row.problems, []
        _checked(row, Document(profile, file, positions, positions))
        row.problems = sorted([*unread, *row.problems], key=lambda p: p.location.column or 0)
        row.profile, row.partial = None, profile
        return row
    return _checked(row, Document(profile, file, positions, positions))


# --------------------------------------------------------------------------- JSON Lines


def _lenient(text: str) -> dict[str, Any] | None:
    """What can be read of a bad line, to name its row (repeated keys: the last wins)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _jsonl_rows(source: _Bytes, file: str) -> Iterator[Row]:
    number = 0
    for line in _lines(source, file, universal=False):
        text = line.text
        if not text.strip():
            continue
        number += 1
        row = Row(number, line.number)
        if line.bad is not None:
            row.problems.append(line.bad)
            yield row
            continue
        try:
            data = json.loads(text, object_pairs_hook=unique_pairs)
        except (ValueError, RecursionError):  # malformed, a repeated key, too deep, a number too long
            data = None
        if isinstance(data, dict) and profile_is_valid(data):
            row.profile = data
            yield row
            continue
        try:  # the slow path, for located messages
            doc = parse_json(text.rstrip("\r\n"), file, line_offset=line.number - 1)
        except InputError as exc:
            row.problems.extend(exc.problems)
            row.partial = _lenient(text)
            yield row
            continue
        if not isinstance(doc.data, dict):
            row.problems.append(
                Problem("expected a profile (a JSON object) on each line", Location(file, line.number, 1))
            )
            yield row
            continue
        yield _checked(row, doc)


# --------------------------------------------------------------------------- YAML / JSON documents


def _document_rows(source: _Bytes, file: str, fmt: str) -> Iterator[Row]:
    """Rows of a YAML or JSON list, read one item at a time.

    A list that breaks off (a syntax error, a byte that is not UTF-8) keeps every
    row before the break; the break is one more row, and reading stops there.
    A file that breaks before its first row is unreadable (InputError).
    """
    number = 0
    try:
        for row in _items(CheckedText(source, file, yaml_rules=fmt == "yaml"), file, fmt):
            number = row.number
            yield row
    except InputError as exc:
        if number == 0:
            raise
        stop = " (reading stops here: the rest of the file is not read)"
        problems = [Problem(p.message + stop, p.location, p.suggestion) for p in exc.problems]
        yield Row(number + 1, problems[0].location.line, problems=problems)


def _items(stream: CheckedText, file: str, fmt: str) -> Iterator[Row]:
    if fmt == "yaml":
        for i, (doc, problems) in enumerate(stream_yaml_items(stream, file)):
            row = Row(i + 1, doc.locate("").line if doc else None)
            if problems or doc is None or not isinstance(doc.data, dict):
                row.problems.extend(p.under(f"/{i}") for p in problems)
                row.partial = doc.data if doc is not None and isinstance(doc.data, dict) else None
                if not problems:
                    row.problems.append(
                        Problem("expected a profile (a mapping)", Location(file, row.line, None, f"/{i}"))
                    )
                yield row
                continue
            yield _checked(row, doc, f"/{i}")
        return
    for i, (value, text, line, column, clean) in enumerate(stream_json_items(stream, file)):
        row = Row(i + 1, line)
        if clean and isinstance(value, dict) and profile_is_valid(value):
            row.profile = value
            yield row
            continue
        try:
            doc = parse_json(text, file, line_offset=line - 1, column_offset=column - 1)
        except InputError as exc:  # a repeated key
            row.problems.extend(p.under(f"/{i}") for p in exc.problems)
            row.partial = value if isinstance(value, dict) else None
            yield row
            continue
        if not isinstance(doc.data, dict):
            row.problems.append(Problem("expected a profile (a mapping)", Location(file, line, column, f"/{i}")))
            yield row
            continue
        yield _checked(row, doc, f"/{i}")


__all__ = ["FORMATS", "Row", "input_format", "read_rows"]
