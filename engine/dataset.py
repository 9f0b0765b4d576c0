"""Reading datasets of relationships, row by row: CSV, JSON Lines, or a YAML/JSON list.

CSV and JSON Lines are streamed, so memory stays flat however long the file.
Every row comes out exactly once, either as a checked profile or with the
located problems that make it unusable; a bad row never stops the reading.
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

from .document import Document, open_text, parse_json, stream_json_items, stream_yaml_items, unique_pairs
from .errors import InputError, Location, Problem, UsageError, did_you_mean
from .schemas import check_profile, profile_is_valid
from .vocabulary import fields

FORMATS = ("csv", "jsonl", "yaml", "json")
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


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
        return (ident if isinstance(ident, str) else None, list(parties) if ok_parties else None)

    @property
    def ok(self) -> bool:
        return self.profile is not None and not self.problems


def input_format(path: str, fmt: str | None, sample: str = "") -> str:
    """The format of a dataset: as given, else by file extension, else by its first characters."""
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    head = sample.lstrip()
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "jsonl"
    first = head.splitlines()[0] if head else ""
    if "," in first and ":" not in first:
        return "csv"
    if path == "-":
        return "yaml"
    raise UsageError(
        Problem(
            f"cannot tell the format of '{path}'",
            Location(path),
            f"name it .csv, .jsonl, .yaml or .json, or state its format ({', '.join(FORMATS)})",
            option="input_format",
        )
    )


def read_rows(path: str, fmt: str | None = None, *, ignore_unknown_columns: bool = False) -> Iterator[Row]:
    """The rows of a dataset file ('-' for standard input), in order."""
    handle = open_text(path, "<stdin>" if path == "-" else path)
    name = "<stdin>" if path == "-" else path
    try:
        sample = handle.read(4096) if path == "-" or Path(path).suffix.lower() not in _EXTENSIONS else ""
        fmt = input_format(path, fmt, sample)
        stream: IO[str] = _Prefixed(sample, handle) if sample else handle
        if fmt == "csv":
            yield from _csv_rows(stream, name, ignore_unknown_columns)
        elif fmt == "jsonl":
            yield from _jsonl_rows(stream, name)
        else:
            yield from _document_rows(stream, name, fmt)
    except UnicodeDecodeError as exc:
        raise InputError(Problem(f"not UTF-8 text ({exc.reason})", Location(name))) from None
    finally:
        if path != "-":
            handle.close()


class _Prefixed(io.TextIOBase):
    """A text stream whose first characters were already read (to sniff the format)."""

    def __init__(self, prefix: str, rest: IO[str]) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            text, self._prefix = self._prefix + self._rest.read(), ""
            return text
        if self._prefix:
            text, self._prefix = self._prefix[:size], self._prefix[size:]
            return text
        return self._rest.read(size)

    def readline(self, size: int | None = -1) -> str:
        if self._prefix:
            if "\n" in self._prefix:
                line, _, self._prefix = self._prefix.partition("\n")
                return line + "\n"
            line, self._prefix = self._prefix, ""
            return line + self._rest.readline()
        return self._rest.readline()

    def __iter__(self) -> Iterator[str]:
        while True:
            line = self.readline()
            if not line:
                return
            yield line


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


def _csv_rows(stream: IO[str], file: str, ignore_unknown: bool) -> Iterator[Row]:
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(
            Problem("the file is empty", Location(file), "expected a header row naming the fields")
        ) from None
    except csv.Error as exc:
        raise InputError(Problem(f"malformed CSV: {exc}", Location(file, 1))) from None
    header = [h.strip() for h in header]
    known = fields()
    columns: list[tuple[int, str]] = []
    problems = []
    for i, name in enumerate(header):
        if name in known:
            if any(name == n for _, n in columns):
                problems.append(Problem(f"column '{name}' appears twice", Location(file, 1, i + 1)))
            columns.append((i, name))
        elif not ignore_unknown:
            problems.append(
                Problem(
                    f"column '{name}' is not a field of the vocabulary",
                    Location(file, 1, i + 1),
                    (did_you_mean(name, known) or "")
                    + ("; " if did_you_mean(name, known) else "")
                    + "or ignore the columns that are not fields",
                    option="ignore_unknown_columns",
                )
            )
    if "parties" not in header:
        problems.append(Problem("no 'parties' column: every row needs its two parties", Location(file, 1)))
    if problems:
        raise InputError(problems)
    width = len(header)
    number = 0
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield Row(number, start, problems=[Problem(f"malformed CSV: {exc}", Location(file, start))])
            start = reader.line_num + 1
            continue
        line = start
        start = reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # an empty line is not a row (a line of empty cells is one)
        number += 1
        row = Row(number, line)
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
            yield row
            continue
        profile: dict[str, Any] = {}
        for i, name in columns:
            value, problem, hint = _csv_cell(name, cells[i])
            if problem:
                row.problems.append(Problem(problem, Location(file, line, i + 1, f"/{name}"), hint))
            elif value is not None:
                profile[name] = value
        if row.problems:
            row.partial = profile
            yield row
            continue
        positions = {f"/{name}": (line, i + 1) for i, name in columns}
        positions[""] = (line, 1)
        yield _checked(row, Document(profile, file, positions, positions))


# --------------------------------------------------------------------------- JSON Lines


def _lenient(text: str) -> dict[str, Any] | None:
    """What can be read of a bad line, to name its row (repeated keys: the last wins)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _jsonl_rows(stream: IO[str], file: str) -> Iterator[Row]:
    number = 0
    for line_number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        number += 1
        row = Row(number, line_number)
        try:
            data = json.loads(text, object_pairs_hook=unique_pairs)
        except (ValueError, RecursionError):  # malformed, a repeated key, too deep, a number too long
            data = None
        if isinstance(data, dict) and profile_is_valid(data):
            row.profile = data
            yield row
            continue
        try:  # the slow path, for located messages
            doc = parse_json(text.rstrip("\r\n"), file, line_offset=line_number - 1)
        except InputError as exc:
            row.problems.extend(exc.problems)
            row.partial = _lenient(text)
            yield row
            continue
        if not isinstance(doc.data, dict):
            row.problems.append(
                Problem("expected a profile (a JSON object) on each line", Location(file, line_number, 1))
            )
            yield row
            continue
        yield _checked(row, doc)


# --------------------------------------------------------------------------- YAML / JSON documents


def _document_rows(stream: IO[str], file: str, fmt: str) -> Iterator[Row]:
    """Rows of a YAML or JSON list, read one item at a time."""
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
