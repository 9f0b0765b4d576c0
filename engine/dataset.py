"""Reading datasets of relationships, row by row: CSV (or TSV), JSON Lines, a YAML/JSON list, or Parquet.

Every format is streamed, so memory stays flat however long the file. Every
row comes out exactly once, either as a checked profile or with the located
problems that make it unusable; a bad row never stops the reading. Bytes are
decoded line by line, so a byte that is not UTF-8 costs only its row (CSV, JSON
Lines: where every line of a chunk is one row, its lines are decoded by the
process that reads their rows, see ``_RawLines``); a YAML or JSON list that
breaks off keeps every row before the break, and the break is one more row.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import math
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, chain, repeat
from pathlib import Path
from typing import IO, Any, NamedTuple, Protocol, TypeVar, cast

from .document import (
    COMPOSITE_KEY,
    CONTROL_CHARACTER,
    MOST_DIGITS,
    READ_STEP_MOST,
    CheckedText,
    CommaBeforeEnd,
    Document,
    comma_before,
    json_decoder,
    not_utf8,
    open_bytes,
    packed,
    parse_json,
    pointer_token,
    pointer_within,
    read_float,
    still_open,
    stream_json_items,
    stream_yaml_items,
    wide_text,
)
from .errors import (
    InputError,
    Location,
    Problem,
    UsageError,
    closest,
    did_you_mean,
    reading_order,
    visible,
    without_unseen,
)
from .schema_checks import profile_field_checks, profile_is_valid, whole_numbers
from .schemas import (
    DECIMAL,
    LIST_SEPARATOR,
    NOT_A_PROFILE,
    PARTY_SEPARATOR,
    check_profile,
    describe,
    describe_cell,
    missing_word,
    not_one_profile,
    number_hint,
    number_too_large,
    range_hint,
    run_together,
    runs_several,
    said_of_a_cell,
    share_hint,
    spaced_items,
    type_hint,
    whole_in_digits,
)
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
#: the longest line a dataset may hold: a stream without line ends is refused, not read until memory runs out
LINE_MOST = 64 << 20
_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)  # one a row: no dict of its own
class Row:
    """One input row: its number (from 1), the line it starts on, and its profile or problems."""

    number: int
    line: int | None
    profile: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)
    partial: dict[str, Any] | None = None  # what could be read of a bad row, to name it
    #: the input breaks off at this row (a YAML or JSON list cut by a syntax error, a byte that is not
    #: UTF-8, a second document): its problems say where, and the rest of the input is not read
    stops: bool = False
    #: with ``stops``: the fault comes after the last row (a ',' before a JSON list's closing ']'), so every
    #: row was read; this row is none of them, only where the fault is, and is given to ``on_stop`` alone
    whole: bool = False

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


#: the delimiters a first line of names is sniffed for, besides the comma
_SNIFFED = ("\t", ";", "|")


def _names_separated_by(line: str, delimiter: str) -> bool:
    """Whether a line is names separated by delimiter, most of them (more than half) fields of the vocabulary."""
    names = [n.strip().strip('"') for n in line.split(delimiter)]
    return len(names) > 1 and sum(n in fields() for n in names) * 2 > len(names)


def _json_over_lines(text: str) -> int | None:
    """The line where text starts a JSON list or object that runs over several lines, if it does: a JSON
    document (a list, a profile written over lines), not JSON Lines, whose every line is a whole value.

    The first line that is not blank must be whole (followed by a line end) and open a value it leaves
    open (not one that is malformed): a line ``[`` or ``{`` alone, a list left open, or an object that
    a later line closes. A line of JSON Lines cut short (an object left open and never closed) is not one.
    """
    lines = text.split("\n")  # as JSON Lines ends its lines: a \r is blank space
    k = next((k for k, line in enumerate(lines) if line.strip()), None)
    if k is None or k == len(lines) - 1:
        return None  # no whole line to tell by
    first = lines[k].strip().lstrip("\ufeff")
    if first[:1] not in ("[", "{"):
        return None
    try:
        _LENIENT_DECODER.decode(first)  # a number of many digits is read, not a ValueError
    except json.JSONDecodeError as exc:
        if exc.pos < len(first):
            return None  # malformed before its end, not left open
    except (ValueError, RecursionError):
        return None
    else:
        return None  # whole on its line
    if first[0] == "[" or first == "{":
        return k + 1
    try:  # an object left open: JSON written over lines if a later line closes it
        _LENIENT_DECODER.raw_decode("\n".join(lines[k:]).lstrip().lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return None
    return k + 1


def _sniffed(sample: str) -> tuple[str, str | None] | None:
    """The format (and the delimiter, for CSV) the first characters of a dataset tell, if they tell one."""
    head = sample.lstrip("\ufeff \t\r\n")
    if head.startswith("["):
        return "json", None
    if head.startswith("{"):
        return ("json" if _json_over_lines(head) else "jsonl"), None
    first = head.splitlines()[0] if head else ""
    for delimiter in (",", *_SNIFFED):  # names of the vocabulary, separated: CSV with that delimiter
        if delimiter in first and _names_separated_by(first, delimiter):
            return ("tsv", None) if delimiter == "\t" else ("csv", None if delimiter == "," else delimiter)
    if _looks_like_csv_header(first):
        return "csv", None
    if "\t" in first and _looks_like_csv_header(first.replace("\t", ",")):
        return "tsv", None
    return None


def _reading(path: str, fmt: str | None, delimiter: str | None, sample: str = "") -> tuple[str, str | None]:
    """How a dataset is read: its format, and the delimiter of its cells (None: the format's own).

    The format is as given, else the file extension's, else CSV when a delimiter is given (TSV for a
    tab), else what its first characters tell. A delimiter given for a format without cells is an error.
    """
    name = "<stdin>" if path == "-" else path
    suffix = Path(path).suffix.lower() if path != "-" else ""
    found = fmt or _EXTENSIONS.get(suffix)
    if found is None and delimiter is not None:
        found = "tsv" if delimiter == "\t" else "csv"
    if found is not None:
        if delimiter is not None and found not in ("csv", "tsv"):
            raise _no_delimiter(name, found)
        return found, delimiter
    sniffed = _sniffed(sample)
    if sniffed is not None:
        return sniffed
    if path == "-":
        return "yaml", None
    raise UsageError(
        Problem(
            f"cannot tell the format of '{path}'",
            Location(path),
            f"name it .csv, .tsv, .jsonl, .yaml, .json or .parquet, or state its format ({', '.join(FORMATS)})",
            option="input_format",
        )
    )


def input_format(path: str, fmt: str | None, sample: str = "", delimiter: str | None = None) -> str:
    """The format of a dataset: as given, else by file extension, else CSV if a delimiter is given (TSV
    for a tab), else by its first characters."""
    return _reading(path, fmt, delimiter, sample)[0]


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
    on_stop: Callable[[Row], None] | None = None,
) -> Generator[Row, None, None]:
    """The rows of a dataset file ('-' for standard input), in order.

    ``delimiter`` separates the cells of a CSV file (by default ',' for CSV and
    a tab for TSV); given for input whose format is not otherwise known (standard
    input, a file without an extension), it makes it CSV (TSV for a tab).
    ``ignore_unknown_columns`` skips the columns (CSV, TSV, Parquet) or the
    top-level fields (JSON Lines, JSON, YAML) that are not fields of the
    vocabulary. A YAML or JSON list that breaks off ends with a row whose
    ``stops`` is set: the rest of the input is not read. Parquet needs pyarrow
    (``pip install 'amity[parquet]'``). ``on_stop`` as ``read_batches``'s.
    """
    batches = read_batches(
        path, fmt, ignore_unknown_columns=ignore_unknown_columns, delimiter=delimiter, on_stop=on_stop
    )
    for batch in batches:
        yield from batch.rows()


class RowBatch(Protocol):
    """Consecutive rows of a dataset, as read so far: ``rows()`` finishes reading them.

    A batch can be pickled and finished in another process: for CSV and JSON Lines
    a batch holds the raw cells or lines, and ``rows()`` converts and checks them,
    so that the process reading the file does little more than split it.
    """

    def rows(self) -> list[Row]: ...


@dataclass(slots=True)
class _Ready:
    """Rows read to the end already (YAML and JSON lists, Parquet, rows a broken quote spoiled)."""

    items: list[Row]

    def rows(self) -> list[Row]:
        return self.items


def read_batches(
    path: str,
    fmt: str | None = None,
    *,
    ignore_unknown_columns: bool = False,
    delimiter: str | None = None,
    size: int = 256,
    on_stop: Callable[[Row], None] | None = None,
) -> Generator[RowBatch, None, None]:
    """The rows of a dataset file as ``read_rows`` gives them, in batches of up to ``size`` rows.

    A problem with the file as a whole (no header, an unreadable file) raises
    InputError before the first batch. ``on_stop`` is called, in the process
    reading the file, with the row where a YAML or JSON list breaks off (its
    ``stops`` set): the rows after it are not read, which a caller that sees
    only batches would not know otherwise. A JSON list whose fault comes after its last row (a ',' before
    its closing ']') gives every row, and ``on_stop`` alone the row of the fault (its ``whole`` set).
    """
    name = "<stdin>" if path == "-" else path
    if fmt == "parquet" or (fmt is None and Path(path).suffix.lower() == ".parquet"):
        from .tables import parquet_rows

        if delimiter is not None:
            raise _no_delimiter(name, "parquet")

        yield from batches_of(parquet_rows(path, ignore_unknown_columns=ignore_unknown_columns, on_stop=on_stop), size)
        return
    handle = open_bytes(path, name)
    try:
        sniff = fmt is None and (path == "-" or Path(path).suffix.lower() not in _EXTENSIONS)
        # a file's first bytes tell its encoding; a JSON file's first line, whether it is YAML (standard input
        # given a format is not read ahead: its first rows go out as they come)
        json_file = path != "-" and (fmt or _EXTENSIONS.get(Path(path).suffix.lower())) == "json"
        sample = handle.read(4096 if sniff or json_file else 4)
        wide = wide_text(sample[:4], name) or packed(sample[:4], name)
        if wide is not None:  # each line, or the header, would be noise: the file as a whole is unreadable
            raise InputError(wide)
        if not sniff and sample.startswith(PARQUET_MAGIC):  # named or given as another format
            said = _FORMAT_NAMES[fmt or _EXTENSIONS[Path(path).suffix.lower()]]
            raise InputError(
                Problem(
                    f"the file is Parquet (its first bytes are PAR1), not {said}",
                    Location(name, 1, 1),
                    "name the file .parquet, or give its format as parquet",
                    option="input_format",
                )
            )
        if sniff and sample.startswith(PARQUET_MAGIC):  # Parquet without its extension, e.g. on standard input
            if delimiter is not None:
                raise _no_delimiter(name, "parquet")
            from .tables import parquet_rows

            whole = io.BytesIO(sample + handle.read())
            rows = parquet_rows(path, ignore_unknown_columns=ignore_unknown_columns, handle=whole, on_stop=on_stop)
            yield from batches_of(rows, size)
            return
        fmt, delimiter = _reading(path, fmt, delimiter, sample.decode("utf-8", "replace"))
        if fmt == "json":
            yaml_text = _yaml_not_json(sample.decode("utf-8", "replace"), name)
            if yaml_text is not None:
                raise InputError(yaml_text)
        source = _Bytes(sample, handle)
        if fmt in ("csv", "tsv"):
            yield from _csv_batches(
                source, name, ignore_unknown_columns, delimiter or ("\t" if fmt == "tsv" else ","), size
            )
        elif fmt == "jsonl":
            yield from _jsonl_batches(source, name, size, ignore_unknown_columns)
        else:
            yield from batches_of(_document_rows(source, name, fmt, ignore_unknown_columns, on_stop), size)
    finally:
        if path != "-":
            handle.close()


#: how a YAML file of profiles starts where JSON would start with '[' or '{': a list item, a comment, a
#: document marker, or a mapping's first key
_YAML_START = re.compile(r"- |-$|#|---|[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")


def _yaml_not_json(sample: str, file: str) -> Problem | None:
    """The problem of a file read as JSON whose first line is YAML's, not JSON's."""
    lines = sample.lstrip("\ufeff").split("\n")
    at = next((k for k, line in enumerate(lines) if line.strip()), None)
    if at is None or not _YAML_START.match(lines[at].strip()):
        return None
    return Problem(
        "the file looks like YAML, not JSON",
        Location(file, at + 1, 1),
        "name the file .yaml, or give its format as yaml",
        option="input_format",
    )


def _no_delimiter(name: str, fmt: str) -> UsageError:
    return UsageError(
        Problem(
            f"a delimiter separates the cells of CSV and TSV input; {name} is read as {_FORMAT_NAMES[fmt]}",
            Location(name),
            "leave out the delimiter, or state that the input is CSV",
            option="delimiter",
        )
    )


def batches_of(rows: Iterable[Row], size: int) -> Iterator[RowBatch]:
    """Rows read already, in batches of up to size."""
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield _Ready(batch)
            batch = []
    if batch:
        yield _Ready(batch)


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


@dataclass(frozen=True, slots=True)
class _RawLines:
    """Whole lines of a CSV or JSON Lines file left as bytes, each of them one record: decoded where
    their batch goes.

    Lines qualify (``_Chunks.next``) when each holds a mark that no blank line
    holds (the delimiter of CSV, the ``{`` of a JSON object) and, for CSV, none
    holds a quote or a lone carriage return: then each line is one record, and
    the rows and lines they are go up one by one.
    """

    number: int  # the row number of the first line
    line: int  # its line number
    offset: int  # the byte offset of its start in the file
    data: bytes  # the lines, each ending in \n

    def records(self, file: str) -> list[tuple[int, int, str, Problem | None]]:
        """The lines as the records reading them decoded makes (row, line, text, its problem if it is not
        UTF-8), each text with its line end as ``_Chunks`` gives it."""
        try:
            texts = [line + "\n" for line in self.data.decode("utf-8").split("\n")]
            texts.pop()  # after the last \n
            bad: dict[int, Problem] = {}
        except UnicodeDecodeError:  # rare: find the lines at fault, one by one
            parts = [line + b"\n" for line in self.data.split(b"\n")]
            parts.pop()
            texts, bad = _decoded(parts, self.line, self.offset, file)
        lines = range(self.line, self.line + len(texts))
        problems = map(bad.get, lines) if bad else repeat(None)
        return list(zip(range(self.number, self.number + len(texts)), lines, texts, problems, strict=False))


class _Undecoded(NamedTuple):
    """Whole lines read and not decoded: the number of the first, its byte offset, the lines without their \\n."""

    line: int
    offset: int
    lines: list[bytes]


class _RawRun:
    """Undecoded lines (``_Undecoded``) gathered into batches (``make`` of their ``_RawLines``): each line
    one row, the rows numbered on."""

    def __init__(self, size: int, make: Callable[[_RawLines], RowBatch]) -> None:
        self.size = size
        self.make = make
        self.lines: list[bytes] = []
        self.at = (0, 0, 0)  # the first line's row number, line number and byte offset

    def add(self, number: int, chunk: _Undecoded) -> Iterator[RowBatch]:
        """Take the lines of a chunk, the first of them row number ``number``: the batches they fill."""
        if not self.lines:
            self.at = (number, chunk.line, chunk.offset)
        self.lines += chunk.lines
        while len(self.lines) >= self.size:
            batch = _RawLines(*self.at, _ended(self.lines[: self.size]))
            self.at = (batch.number + self.size, batch.line + self.size, batch.offset + len(batch.data))
            del self.lines[: self.size]
            yield self.make(batch)

    def rest(self) -> Iterator[RowBatch]:
        """The lines gathered and not given yet, as one batch (before rows read otherwise, or at the end)."""
        if self.lines:
            lines, self.lines = self.lines, []
            yield self.make(_RawLines(*self.at, _ended(lines)))


def _ended(lines: list[bytes]) -> bytes:
    """Lines joined, each ended by \\n (lines, a list of the caller's own, takes one more item): one copy of the
    text, where adding the last \\n to the joined lines would make another."""
    lines.append(b"")
    return b"\n".join(lines)


def _decoded(parts: list[bytes], first: int, offset: int, file: str) -> tuple[list[str], dict[int, Problem]]:
    """Lines decoded one by one: a byte that is not UTF-8 is kept (as a lone surrogate), and the
    problem of its line (numbered from ``first``) names it, with its byte offset in the file."""
    texts: list[str] = []
    bad: dict[int, Problem] = {}
    at = offset
    for i, raw in enumerate(parts, start=first):
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            texts.append(raw.decode("utf-8", "surrogateescape"))
            column = len(raw[: exc.start].decode("utf-8", "surrogateescape")) + 1
            bad[i] = not_utf8(raw[exc.start : exc.start + 4], Location(file, i, column), at + exc.start)
        at += len(raw)
    return texts, bad


class _Chunks:
    """The lines of a byte stream, a chunk at a time, each line decoded on its own.

    Each chunk comes with the lines in it that are not UTF-8, by line number.
    With ``universal``, a line ends at \\n, \\r\\n or \\r (as Python's csv module
    wants them); else only at \\n (JSON Lines, where a \\r is blank space). A
    byte that is not UTF-8 is kept (as a lone surrogate) and its line's problem
    names it, with its byte offset in the file. ``next`` may give the whole lines
    of a chunk undecoded instead (``_Undecoded``).
    """

    def __init__(self, source: _Bytes, file: str, *, universal: bool) -> None:
        self.source = source
        self.file = file
        self.universal = universal
        self.number = 0  # lines given so far
        self.offset = 0  # bytes given so far (with a BOM)
        self.size = _CHUNK
        self.rest = b""  # the bytes read after the last whole line
        self.long: list[bytes] = []  # or, while a long line is read, its pieces
        self.long_size = 0
        self.first = True
        self.done = False

    def next(self, mark: bytes | None = None) -> tuple[list[str], dict[int, Problem]] | _Undecoded | None:
        """The next chunk's lines and those not UTF-8; None at the end of the stream.

        With a ``mark`` (between records), whole lines that qualify (see ``_RawLines``)
        come undecoded, for the process that reads their rows to decode.
        """
        while not self.done:
            data = self.source.read(self.size)
            if self.first:
                self.first = False
                while data and len(data) < len(_BOM) and _BOM.startswith(data):  # a BOM cut by a small read
                    more = self.source.read(self.size)
                    if not more:
                        break
                    data += more
                if data.startswith(_BOM):
                    data, self.offset = data[len(_BOM) :], len(_BOM)
                    if not data:  # the read gave the BOM alone: the end is a read that gives nothing
                        continue
            if self.long:  # a long line's pieces: joined once its end comes (joined at each read: quadratic)
                if data and b"\n" not in data and not (self.universal and b"\r" in data):
                    self.long.append(data)
                    self.long_size += len(data)
                    if self.long_size > LINE_MOST:
                        raise InputError(self._too_long())
                    self.size = min(self.size * 2, READ_STEP_MOST)
                    continue
                self.rest, self.long, self.long_size = b"".join(self.long), [], 0
            if not data:
                self.done = True
                # after undecoded lines, what is left may be several lines, each ended by a lone \r
                parts = self.rest.splitlines(keepends=True) if self.universal else [self.rest] if self.rest else []
                self.rest = b""
                if parts:
                    return self._lines(parts)
                return None
            data = self.rest + data if self.rest else data
            if mark is not None:
                raw = self._raw(data, mark)
                if raw is not None:
                    return raw
            if self.universal:
                parts = data.splitlines(keepends=True)
                self.rest = parts.pop() if parts else b""  # may be cut (or a \r before a \n): wait for more
            else:
                parts = data.split(b"\n")
                self.rest = parts.pop()
                parts = [p + b"\n" for p in parts]
            if parts:
                self.size = _CHUNK
                return self._lines(parts)
            if len(self.rest) > LINE_MOST:
                raise InputError(self._too_long())
            # a long line: read in growing steps (a pipe gives less than asked: the step stays one a read
            # can hold), its pieces kept apart until its end comes
            self.long, self.long_size, self.rest = [self.rest], len(self.rest), b""
            self.size = min(self.size * 2, READ_STEP_MOST)
        return None

    def _too_long(self) -> Problem:
        """A line longer than ``LINE_MOST``: no row is that long, so the stream is not lines of rows
        (a file without line ends, a device that never ends); reading stops here."""
        return Problem(
            f"a line longer than {LINE_MOST >> 20} MiB: no row is that long",
            Location(self.file, self.number + 1, 1),
            "check that the file is CSV, TSV or JSON Lines, with one row per line",
        )

    def _lines(self, parts: list[bytes]) -> tuple[list[str], dict[int, Problem]]:
        try:
            chunk: tuple[list[str], dict[int, Problem]] = ([raw.decode("utf-8") for raw in parts], {})
        except UnicodeDecodeError:  # rare: find the lines at fault, one by one
            chunk = _decoded(parts, self.number + 1, self.offset, self.file)
        self.number += len(parts)
        self.offset += sum(map(len, parts))
        return chunk

    def _raw(self, data: bytes, mark: bytes) -> _Undecoded | None:
        """The whole lines of data left undecoded, if they qualify (see ``_RawLines``); the rest is kept."""
        end = data.rfind(b"\n") + 1
        if not end:
            return None
        block = data[:end]
        if self.universal:  # CSV: a quote may open a cell over several lines, and a lone \r ends a line too
            if b'"' in block:
                return None
            # a lone \r is rare: looked for at once (find), counted only if there is one (count looks at each byte)
            if block.find(b"\r") >= 0 and block.count(b"\r") != block.count(b"\r\n"):
                return None
        lines = block.split(b"\n")
        lines.pop()
        # a line without the mark may be blank, which is no row; find, not ``in``: ``in`` first tries the mark as
        # a byte's value, and the error it makes and drops costs more than the search
        if -1 in map(bytes.find, lines, repeat(mark)):
            return None
        undecoded = _Undecoded(self.number + 1, self.offset, lines)
        self.rest = data[end:]
        self.size = _CHUNK
        self.number += len(lines)
        self.offset += end
        return undecoded


# --------------------------------------------------------------------------- checking


def _checked(row: Row, doc: Document, prefix: str = "") -> Row:
    row.partial = doc.data if isinstance(doc.data, dict) else None
    try:
        check_profile(doc)
    except InputError as exc:
        row.problems.extend(p.under(prefix) for p in exc.problems)
        return row
    row.profile = whole_numbers(doc.data)
    return row


# --------------------------------------------------------------------------- CSV

_LISTED = 20  # unknown columns named one by one (with "did you mean"); the rest are counted, by ranges


class _Unreadable(ValueError):
    """A cell that cannot be read as its field's kind: what is wrong, a suggestion, and where in the cell it
    is (the character, from 0), if not at its start."""

    def __init__(self, message: str, hint: str | None = None, at: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.at = at


def _control_in_cell(char: str, at: int) -> _Unreadable:
    """The problem of a cell with a control character (at index ``at`` of the cell as written): the row is
    bad input, and the character goes nowhere (a NUL would be written raw into the results)."""
    cause = " (a NUL may come from a file saved as UTF-16, or from binary data)" if char == "\x00" else ""
    return _Unreadable(
        f"a control character (U+{ord(char):04X}) in the cell", f"remove it: no field holds one{cause}", at
    )


Converter = Callable[[str], Any]


def _parties(text: str) -> list[str]:
    parties = [p.strip() for p in text.split(";")]
    if "" in parties:  # 'USA;JPN;': not a third party without a code
        raise _Unreadable("an empty item in a ';'-joined list", "write the two parties as USA;JPN")
    return parties


def _sources(text: str) -> list[dict[str, str]]:
    if text == "[]":
        return []
    return [{"url": u.strip()} for u in text.split(";") if u.strip()]


def _set_items(text: str) -> list[str]:
    if text == "[]":
        return []
    items = [i.strip() for i in text.split(";")]
    if "" in items:
        raise _Unreadable("an empty item in a ';'-joined list", "write items as a;b;c, or [] for none")
    return items


_TRUTHS = {"true": True, "false": False}


def _boolean(text: str) -> bool:
    try:
        return _TRUTHS[text.lower()]
    except KeyError:
        raise _Unreadable(
            f"expected true or false, got {describe(text)}", type_hint(text, ["boolean", "null"])
        ) from None


#: How a number is written in a cell: decimal digits, a sign, a point; an exponent (1e-05) for a field of
#: numbers, not for one of whole numbers. No '_' between digits, no inf or nan, no digits of other scripts.
_WHOLE = re.compile(r"([-+]?)([0-9]*)(?:\.(0*))?")


def _number(kind: str, maximum: float | None = None, minimum: float | None = None, field: str = "") -> Converter:
    """How a cell of a field of whole numbers (``integer``) or of numbers is read (see ``_WHOLE``, ``DECIMAL``);
    a cell that cannot be, of a vocabulary ``field``, is told the field's range where nothing else fits."""
    whole = kind == "integer"

    def convert(text: str) -> int | float:
        if text.isdigit() and text.isascii() and len(text) <= MOST_DIGITS:  # the common case: digits
            return int(text)
        try:  # costs nothing until a cell raises (zero-cost exceptions)
            # a whole number (a number without a point or an exponent is kept exact): its fraction, if any,
            # of zeros, as spreadsheets write 3.0
            if whole or ("." not in text and "e" not in text and "E" not in text):
                match = _WHOLE.fullmatch(text)
                if match is None or not match.group(2):
                    raise _not_a_number(text, whole, maximum, minimum)
                if len(match.group(2)) > MOST_DIGITS:  # a field of numbers is bounded by a float's range
                    raise _too_large(text, maximum, exponent=not whole, minimum=minimum)
                return int(match.group(1) + match.group(2))
            try:  # float() reads what DECIMAL matches, and besides only '_', digits of other scripts, inf and nan
                number = read_float(text)
            except ValueError:
                raise _not_a_number(text, whole, maximum, minimum) from None
            if "_" in text or not text.isascii() or not math.isfinite(number):
                raise _not_a_number(text, whole, maximum, minimum)
            return number
        except _Unreadable as bad:  # one that says no more is told its field's range, and the number it may hold
            if bad.hint is None:
                out_of_range = bad.message.startswith("expected a value")
                bad.hint = range_hint(field) if out_of_range else number_hint(field, text)
            raise

    return convert


def _not_a_number(text: str, whole: bool, maximum: float | None, minimum: float | None = None) -> _Unreadable:
    """The problem of a cell that is no number as a cell writes one, with the number it may mean."""
    plain = text.replace("_", "")
    try:
        meant = float(plain)
    except ValueError:
        meant = None
    if meant is not None and "_" not in text and not math.isfinite(meant) and DECIMAL.fullmatch(text):
        return _too_large(text, maximum, exponent=True, minimum=minimum)
    if meant is not None and math.isfinite(meant) and DECIMAL.fullmatch(plain):
        if whole and not meant.is_integer():
            return _Unreadable(f"expected a whole number, got {describe_cell(text)}")
        if whole and "_" not in text and len(plain) < 30:  # an exponent: write the digits out
            return _Unreadable(*whole_in_digits(plain, minimum, maximum))
        if "_" in text:
            expected = "a whole number" if whole else "a number"
            return _Unreadable(f"expected {expected}, got {describe_cell(text)}", f"write {plain}, without '_'")
    if text.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        return _Unreadable(
            f"expected a finite number, got {describe_cell(text)}", "leave the cell empty if it is unknown"
        )
    expected = "a whole number" if whole else "a number"
    return _Unreadable(
        f"expected {expected}, got {describe_cell(text)}",
        share_hint(text, maximum) or type_hint(text, ["integer" if whole else "number", "null"]),
    )


def _too_large(
    text: str, maximum: float | None, *, exponent: bool = False, minimum: float | None = None
) -> _Unreadable:
    """The problem of a number written in digits that is too large to read: beyond the field's maximum
    (or, below zero, its minimum), if it has one, else beyond what amity reads (as digits, or as a float
    with an exponent)."""
    return _Unreadable(
        *number_too_large(describe_cell(text), text.startswith("-"), minimum, maximum, exponent=exponent)
    )


@cache
def _converter(name: str) -> Converter | None:
    """How a cell of a field is read, once stripped and not empty; None: as the text it is."""
    kind = fields()[name].kind
    if name == "parties":
        return _parties
    if name == "sources":
        return _sources
    if kind == "set":
        return _set_items
    if kind == "boolean":
        return _boolean
    if kind in ("integer", "number"):
        spec = fields()[name]
        return _number(kind, spec.maximum, spec.minimum, name)
    return None


def _csv_cell(name: str, text: str) -> tuple[Any, str | None, str | None]:
    """A cell's value (None: unknown), or a problem and a suggestion."""
    text = text.strip()
    if text == "":
        return None, None, None
    convert = _converter(name)
    if convert is None:
        return text, None, None
    try:
        return convert(text), None, None
    except _Unreadable as bad:
        return None, bad.message, bad.hint


class _Feed:
    """Lines for csv.reader, a chunk at a time, keeping those of the record being read.

    The lines of the chunk being read are kept, and, while ``hold`` names a line,
    every line from that one on: the lines of a record that runs over several,
    to report it if it breaks and to read its lines again. As an iterator it gives
    the lines one by one, reading chunks as they are needed; ``here`` gives the
    lines of the chunk read last, and ``between`` reads the next chunk between
    two records, where its lines may come undecoded.
    """

    def __init__(self, chunks: _Chunks) -> None:
        self._chunks = chunks
        self.first = 1  # the number of lines[0]
        self.lines: list[str] = []
        self.bad: dict[int, Problem] = {}  # the lines kept that are not UTF-8
        self.hold: int | None = None
        self.here: Iterator[str] = iter(())  # the lines of the last chunk not given yet
        self.ended = False  # whether ``between`` met the end of the stream

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        while True:
            for text in self.here:
                return text
            chunk = self._chunks.next()
            if chunk is None:
                raise StopIteration
            self._add(*chunk)

    def between(self, mark: bytes) -> _Undecoded | None:
        """Between two records: read the next chunk, and give its lines undecoded if they qualify
        (``_RawLines``); else take them as ``here`` (none at the end: then ``ended`` is set)."""
        chunk = self._chunks.next(mark)
        if chunk is None:
            self.ended = True
            return None
        if isinstance(chunk, _Undecoded):
            self.first += len(self.lines) + len(chunk.lines)  # nothing is held between records
            self.lines, self.bad = [], {}
            return chunk
        self._add(*chunk)
        return None

    def _add(self, texts: list[str], bad: dict[int, Problem]) -> None:
        keep = self.first + len(self.lines) if self.hold is None else self.hold
        if keep > self.first:
            del self.lines[: keep - self.first]
            self.first = keep
            if self.bad:
                self.bad = {n: p for n, p in self.bad.items() if n >= keep}
        self.lines.extend(texts)
        self.bad.update(bad)
        self.here = iter(texts)

    def span(self, start: int, end: int) -> list[_Line]:
        """Lines start to end (from 1, both included), kept since start was set."""
        return [
            _Line(text, n, self.bad.get(n))
            for n, text in enumerate(self.lines[start - self.first : end - self.first + 1], start=start)
        ]

    def first_bad(self, start: int, end: int) -> Problem | None:
        for n in range(start, end + 1):
            found = self.bad.get(n)
            if found is not None:
                return found
        return None


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
        limit = csv.field_size_limit()
        if last.number != first.number and column is not None:  # a quote left open ran on over lines
            return Problem(f"a cell longer than {limit:,} characters: is a quote never closed?", where, quoting)
        text = "".join(line.text for line in span)
        offsets = _cell_offsets(text, delimiter)
        ends = [*offsets[1:], len(text.rstrip("\r\n")) + 1]
        long = next((o for o, end in zip(offsets, ends, strict=True) if end - o - 1 > limit), 0)
        (at,) = _positions(text, [long], first.number)
        return Problem(
            f"a cell longer than {limit:,} characters",
            Location(file, *at),
            f"shorten it: amity reads cells of up to {limit:,} characters",
        )
    return Problem(f"malformed CSV: {message}", where)


_UNDECODED = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8
#: what no cell that names a row may hold: a byte that was not UTF-8, a control character
_UNNAMING = re.compile(f"{_UNDECODED.pattern}|{CONTROL_CHARACTER.pattern}")


def _broken(number: int, line: int, problem: Problem, text: str, layout: _CsvLayout) -> Row:
    """A record csv.reader could not read, as a row with its problem, named (id, parties, label) by the
    cells before the fault where they can be read."""
    row = Row(number, line, problems=[problem])
    column = problem.location.column
    if problem.location.line != line or not column:
        return row
    try:  # the cells before the one at fault (the last cell of the prefix is that one's start)
        cells = next(csv.reader([text[: column - 1]], strict=True, delimiter=layout.delimiter))[:-1]
    except (csv.Error, StopIteration):
        return row
    named: dict[str, Any] = {}
    for i, name in layout.columns:
        # a cell holding a byte that is not UTF-8 (kept as a lone surrogate) cannot name the row in the output
        cell = cells[i].strip() if i < len(cells) else ""
        if name in ("id", "parties", "declared_label") and cell and not _UNNAMING.search(cell):
            try:
                named[name] = _parties(cell) if name == "parties" else cell
            except _Unreadable:  # parties that do not read (';') name nothing: the row's problem is the break
                continue
    row.partial = named
    return row


def _shown(name: str) -> str:
    return visible(name if len(name) <= 40 else name[:39] + "…")


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


#: columns (and keys) only amity's results have (``tidy.COLUMNS``, the JSON results' keys): an input that has
#: them all is results given back to be read as a dataset
_RESULTS_ONLY = frozenset({"row", "status", "possible_levels", "verdict", "possible_verdicts"})
#: the fields of the vocabulary that results hold too
_IN_RESULTS = frozenset({"id", "parties", "declared_label"})


def results_given(names: Iterable[str], where: Location) -> Problem | None:
    """The problem of amity's results read as a dataset (``names``: its columns, or its first row's keys), or
    None: every row would be an error of a dozen unknown fields, or, with those ignored, a profile of
    unknowns assessed again."""
    names = set(names)
    if not _RESULTS_ONLY.issubset(names) or names & fields().keys() - _IN_RESULTS:
        return None  # a dataset with results joined to it has facts too: its other columns may be ignored
    return Problem(
        "the file holds amity's results (its columns row, status, verdict, possible_levels, ...), "
        "not profiles to assess",
        where,
        "give the dataset the results were made from",
    )


def _csv_header(
    header: list[str],
    file: str,
    ignore_unknown: bool,
    written: tuple[list[str], str | None] | None = None,
    delimiter: str = ",",
) -> tuple[list[tuple[int, str]], list[Problem]]:
    """The known columns (index, field) of a header, and its problems: fast and compact for any width.

    ``written``: the header's cells as read, before they were stripped, and its text if it has a quote,
    to locate a problem at the character where its cell starts.
    """
    starts: list[tuple[int, int]] = []

    def at(i: int) -> Location:
        if not starts:
            starts.extend(_cell_starts(*(written or (header, None)), delimiter, 1))
        return Location(file, *starts[i])

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
            f"column '{visible(name)}' appears {len(seen):,} times: columns {', '.join(str(i + 1) for i in seen[:_LISTED])}"
            + (", …" if len(seen) > _LISTED else ""),
            at(seen[1]),
            "keep one of them",
        )
        for name, seen in where.items()
        if len(seen) > 1
    ]
    parties = None if "parties" in where else parties_column([header[i] for i in unknown])
    parties = None if parties is None else unknown[parties]
    if unknown and not ignore_unknown:
        for i in unknown[:_LISTED]:
            if i == parties:  # one fault, not two: the column that is not a field, and no parties column
                problems.append(
                    Problem(f"column '{_shown(header[i])}' is not a field of the vocabulary", at(i), PARTIES)
                )
                continue
            if not header[i]:  # a spreadsheet's trailing delimiter: no column of anything
                shown = _SEPARATORS.get(delimiter, repr(delimiter))
                shown = shown if shown.startswith("a ") else f"a {shown}"
                said = f"column {i + 1} has no name"
                hint = f"remove the empty column: {shown} at the end of each line makes one; "
            else:
                said, hint = f"column '{_shown(header[i])}' is not a field of the vocabulary", ""
                misspelt = misspelt_field(said, at(i), header[i], known)
                if misspelt is not None:
                    problems.append(misspelt)
                    continue
            problems.append(
                Problem(
                    said, at(i), hint + "or ignore the columns that are not fields", option="ignore_unknown_columns"
                )
            )
        rest = unknown[_LISTED:]
        if rest:
            problems.append(
                Problem(
                    f"{len(rest):,} more columns are not fields of the vocabulary: columns {_ranges(rest)}",
                    at(rest[0]),
                    "ignore the columns that are not fields",
                    option="ignore_unknown_columns",
                )
            )
    if "parties" not in where and (parties is None or ignore_unknown):
        renamed = (
            None if parties is None else f"column {parties + 1}, '{_shown(header[parties])}', would be it, renamed"
        )
        problems.append(Problem("no 'parties' column: every row needs its two parties", Location(file, 1), renamed))
    return columns, problems


#: what a column named nearly 'parties' is told: the one name every dataset needs
PARTIES = "did you mean 'parties'? every row needs its two parties: rename the column"


def misspelt_field(said: str, where: Location, name: str, known: Iterable[str]) -> Problem | None:
    """A header column whose name a field's was meant to be ('legal_bassis'): to be renamed, never ignored (ignoring
    it would lose that field in every row, unsaid); None where no field's name is close."""
    close = did_you_mean(name, known)
    return None if close is None else Problem(said, where, f"{close}; rename the column")


def parties_column(names: list[str]) -> int | None:
    """The index of the name, among those that are no field, that means 'parties' ('Parties', 'partys'), if any:
    a dataset without a parties column whose column of the parties is misnamed has one fault, said once."""
    known = fields()
    return next((i for i, name in enumerate(names) if closest(without_unseen(name), known) == "parties"), None)


def _delimited(header: list[str], delimiter: str) -> str | None:
    """The delimiter a one-column header seems to be written with instead, if any."""
    if len(header) != 1:
        return None
    return next((d for d in (*_SNIFFED, ",") if d != delimiter and _names_separated_by(header[0], d)), None)


_SEPARATORS = {"\t": "a tab", ";": "';'", "|": "'|'", ",": "','"}


def _one_column(header: str, file: str, delimiter: str, other: str) -> Problem:
    """The problem of a header read as one column whose names are separated by another delimiter: its first
    names shown one by one (a tab would not show between them), and the delimiter to read it with."""
    names = [name.strip() for name in header.split(other)]
    shown = ", ".join(f"'{_shown(name)}'" for name in names[:_NAMES_SHOWN])
    more = f" and {len(names) - _NAMES_SHOWN} more" if len(names) > _NAMES_SHOWN else ""
    return Problem(
        f"the header is one column: its names ({shown}{more}) look separated by {_SEPARATORS[other]}, "
        f"not by {_SEPARATORS.get(delimiter, repr(delimiter))}",
        Location(file, 1, 1),
        f"give {_SEPARATORS[other]} as the delimiter" + (", or name the file .tsv" if other == "\t" else ""),
        option="delimiter",
    )


_NAMES_SHOWN = 4


def _csv_batches(
    source: _Bytes, file: str, ignore_unknown: bool, delimiter: str = ",", size: int = 256
) -> Iterator[RowBatch]:
    """The rows of a CSV file, split into records here and read (``_CsvBatch.rows``) wherever the batch goes.

    A line without a quote is a record of its own, passed on as it is; csv.reader
    reads a line with a quote here, with the lines its quoted cells run over.
    """
    feed = _Feed(_Chunks(source, file, universal=True))
    reader = csv.reader(feed, strict=True, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(
            Problem("the file is empty", Location(file), "expected a header row naming the fields")
        ) from None
    except csv.Error as exc:
        json_lines = _json_not_csv(feed.span(1, reader.line_num), file)
        raise InputError(json_lines or _csv_problem(exc, feed.span(1, reader.line_num), file, delimiter)) from None
    bad = feed.first_bad(1, reader.line_num)
    if bad is not None:
        raise InputError(bad)
    json_lines = _json_not_csv(feed.span(1, reader.line_num), file)
    if json_lines is not None:
        raise InputError(json_lines)
    if _blank(header):  # a blank first line: a file of blank lines is as empty as one of none
        try:
            empty = all(_blank(cells) for cells in reader)  # reads to the first line that is not blank
        except csv.Error:
            empty = False
        raise InputError(
            Problem("the file is empty", Location(file), "expected a header row naming the fields")
            if empty
            else Problem("the first line is blank", Location(file, 1), "start the file with the header row")
        )
    first = "".join(line.text for line in feed.span(1, reader.line_num))
    as_read = list(header), first if '"' in first else None
    header = [h.strip() for h in header]
    other = _delimited(header, delimiter)
    if other is not None:
        raise InputError(_one_column(header[0], file, delimiter, other))
    given = results_given(header, Location(file, 1, 1))
    if given is not None:
        raise InputError(given)
    columns, problems = _csv_header(header, file, ignore_unknown, as_read, delimiter)
    if problems:
        raise InputError(problems)
    layout = _CsvLayout(file, tuple(columns), len(header), delimiter)
    number = 0
    n = reader.line_num  # the number of the line just read
    batch: list[_CsvRecord | Row] = []
    raw = _RawRun(size, lambda lines: _CsvBatch(layout, [], lines))  # whole lines not decoded, each one row
    mark = delimiter.encode("utf-8")
    while True:
        text = next(feed.here, None)
        if text is None:  # between two records: the next chunk
            undecoded = feed.between(mark)
            if feed.ended:
                break
            if undecoded is None:  # its lines, decoded, come after those gathered undecoded
                yield from raw.rest()
                continue
            if batch:
                yield _CsvBatch(layout, batch)
                batch = []
            yield from raw.add(number + 1, undecoded)
            number += len(undecoded.lines)
            n += len(undecoded.lines)
            continue
        n += 1
        if '"' not in text:  # the common case: one line, one record, read where the batch goes
            if delimiter not in text and not text.strip():
                continue  # an empty line is not a row (a line of empty cells is one)
            number += 1
            batch.append((number, n, text, feed.bad.get(n) if feed.bad else None))
        else:
            start, feed.hold = n, n
            reader = csv.reader(chain((text,), feed), strict=True, delimiter=delimiter)
            try:
                cells = next(reader)
            except csv.Error as exc:
                n = start + reader.line_num - 1
                span = feed.span(start, n)
                feed.hold = None
                number += 1
                batch.append(_broken(number, start, _csv_problem(exc, span, file, delimiter), text, layout))
                # the lines a broken quote ran over are read again, each on its own: none vanishes
                for line in span[1:]:
                    try:
                        cells = next(csv.reader([line.text], strict=True, delimiter=delimiter))
                    except csv.Error as again:
                        number += 1
                        problem = _csv_problem(again, [line], file, delimiter)
                        batch.append(_broken(number, line.number, problem, line.text, layout))
                        continue
                    if _blank(cells):
                        continue
                    number += 1
                    batch.append((number, line.number, cells, line.bad, line.text))
            else:
                n = start + reader.line_num - 1
                if _blank(cells):
                    feed.hold = None
                    continue
                number += 1
                written = text if n == start else "".join(line.text for line in feed.span(start, n))
                feed.hold = None
                batch.append((number, start, cells, feed.first_bad(start, n) if feed.bad else None, written))
        if len(batch) >= size:
            yield _CsvBatch(layout, batch)
            batch = []
    if batch:
        yield _CsvBatch(layout, batch)
    yield from raw.rest()


def _json_not_csv(span: list[_Line], file: str) -> Problem | None:
    """The problem of a CSV file whose first line is a JSON object or list, not a header of column names: it
    would be read as columns named '{"id": "x"', each one an unknown field."""
    first = "".join(line.text for line in span).lstrip("\ufeff \t")
    if first[:1] == "{":
        what, fmt, name = "a JSON object", "jsonl", "JSON Lines"
    elif first[:1] == "[":
        what, fmt, name = "a JSON list", "json", "JSON"
    else:
        return None
    return Problem(
        f"the first line is {what}, not a header of column names: the file is {name}, not CSV",
        Location(file, 1, 1),
        f"name the file .{fmt}, or give its format as {fmt}",
        option="input_format",
    )


def _blank(cells: list[str]) -> bool:
    return not cells or (len(cells) == 1 and not cells[0].strip())


#: A CSV record: its row number, the line it starts on, its line (to be split into cells) or its cells
#: (split already), and its first line that is not UTF-8; a record read by csv.reader (it has a quote) also
#: its text, to locate its cells if it has a problem.
_CsvRecord = tuple[int, int, str | list[str], Problem | None] | tuple[int, int, list[str], Problem | None, str]


@dataclass(frozen=True, slots=True)
class _CsvLayout:
    """What a CSV file's header says: the known columns (index, field), and how many cells a row has."""

    file: str
    columns: tuple[tuple[int, str], ...]
    width: int
    delimiter: str


#: A column as rows are read: its index, its field, the cells read already (raw text -> a valid value,
#: None for an empty cell, a tuple for a list), how a cell is read (to the value, and whether it is valid),
#: and whether its values may be lists.
_Column = tuple[int, str, dict[str, Any], Callable[[str], tuple[Any, bool]], bool]
_LISTS = ("parties", "sources")
_MEMO_CELLS = 4_096  # per column: cells repeat (enums, flags, small numbers); ids and long text soon stop being kept
_MEMO_TEXT = 64  # longest cell kept
_plans: dict[_CsvLayout, tuple[_Column, ...]] = {}  # the plan of the file being read, in this process


def _plan(layout: _CsvLayout) -> tuple[_Column, ...]:
    plan = _plans.get(layout)
    if plan is None:
        checks, _ = profile_field_checks()
        kinds = fields()
        plan = tuple(
            (i, name, {} if name != "sources" else _UNKEPT, _cell_reader(name, checks[name]),
             name in _LISTS or kinds[name].kind == "set")
            for i, name in layout.columns
        )  # fmt: skip
        _plans.clear()  # one file at a time: memory stays flat
        _plans[layout] = plan
    return plan


def _cell_reader(name: str, check: Callable[[Any], bool]) -> Callable[[str], tuple[Any, bool]]:
    """Reads a cell of a field: its value (None when empty) and whether the vocabulary accepts it.

    Raises _Unreadable for a cell that is not of the field's kind.
    """
    convert = _converter(name)

    def read(raw: str) -> tuple[Any, bool]:
        text = raw.strip()
        if not text:
            return None, True
        if not raw.isprintable():  # the fast test: a cell with a control character is not printable (nor with a tab)
            control = CONTROL_CHARACTER.search(raw)
            if control is not None:
                raise _control_in_cell(control.group(), control.start())
        value = text if convert is None else convert(text)
        return value, check(value)

    return read


@dataclass(slots=True)
class _CsvBatch:
    """CSV records; ``rows()`` splits their lines into cells, reads the cells and checks the profiles."""

    layout: _CsvLayout
    records: list[_CsvRecord | Row]
    raw: _RawLines | None = None  # or whole lines not decoded yet, each one record

    def rows(self) -> list[Row]:
        layout = self.layout
        plan = _plan(layout)
        records = self.records if self.raw is None else cast(list[_CsvRecord | Row], self.raw.records(layout.file))
        rows: list[Any] = _split(records, layout)  # Row or _SplitRecord, until each record is read
        width = layout.width
        # the records whose cells are all there are read column by column: a cell seen already in its
        # column is one lookup, made for the whole batch at once; a row with anything to report (or
        # anything missing) is read on its own, by _csv_row, which locates what it reports
        at = [k for k, r in enumerate(rows) if r.__class__ is tuple and r[3] is None and len(r[2]) == width]
        if not at:
            return [r if r.__class__ is Row else _csv_row(layout, plan, *r) for r in rows]
        n = len(at)
        table = list(zip(*[rows[k][2] for k in at], strict=True))
        spoilt = [False] * n
        values: list[list[Any]] = []
        for i, _name, memo, read, listed in plan:
            cells = table[i]
            column = list(map(memo.get, cells, repeat(_MISS, n)))
            if _MISS in column:
                _read_misses(cells, column, memo, read, listed, spoilt)
            if listed:  # a list is kept as a tuple, and each row gets its own list
                column = [list(v) if v.__class__ is tuple else v for v in column]
            values.append(column)
        names = tuple(name for _, name, _, _, _ in plan)
        required = profile_field_checks()[1]
        complete = set(required) <= set(names)  # then a row without an empty cell has every required field
        for k, row_values, bad in zip(at, zip(*values, strict=True), spoilt, strict=True):
            if bad:
                continue
            if None in row_values:
                profile = {name: v for name, v in zip(names, row_values, strict=True) if v is not None}
                if not all(name in profile for name in required):
                    continue
            else:
                profile = dict(zip(names, row_values, strict=True))
                if not complete and not all(name in profile for name in required):
                    continue
            r = rows[k]
            rows[k] = Row(r[0], r[1], profile, [], profile)
        for k, r in enumerate(rows):
            if r.__class__ is not Row:
                rows[k] = _csv_row(layout, plan, *r)
        return rows


_NAMING = ("id", "parties", "declared_label")


def _naming_cells(layout: _CsvLayout, plan: tuple[_Column, ...], cells: list[str]) -> dict[str, Any]:
    """The id, parties and label of a row with a byte that is not UTF-8, from those of its cells that are
    all UTF-8 and valid, so that its error row can be found by them; none if its cells do not match the
    header's (any cell may be another column's)."""
    if len(cells) != layout.width:
        return {}
    named: dict[str, Any] = {}
    for i, name, _memo, read, _listed in plan:
        if name not in _NAMING or _UNDECODED.search(cells[i]):
            continue
        try:
            value, ok = read(cells[i])
        except _Unreadable:
            continue
        if ok and value is not None:
            named[name] = value
    return named


def _read_misses(
    cells: tuple[str, ...],
    column: list[Any],
    memo: dict[str, Any],
    read: Callable[[str], tuple[Any, bool]],
    listed: bool,
    spoilt: list[bool],
) -> None:
    """Read the cells of a column not seen yet; a row with a cell unreadable or invalid is spoilt."""
    for k, value in enumerate(column):
        if value is not _MISS:
            continue
        raw = cells[k]
        try:
            value, ok = read(raw)
        except _Unreadable:
            spoilt[k] = True
            continue
        if not ok:
            spoilt[k] = True
            continue
        if len(memo) < _MEMO_CELLS and len(raw) <= _MEMO_TEXT and memo is not _UNKEPT:
            memo[raw] = tuple(value) if listed and value.__class__ is list else value
        column[k] = value


#: A CSV record with its cells: its row number, the line it starts on, its cells, its first line not UTF-8
#: (and its text, if it has a quote).
_SplitRecord = tuple[int, int, list[str], Problem | None] | tuple[int, int, list[str], Problem | None, str]


def _split(records: list[_CsvRecord | Row], layout: _CsvLayout) -> list[_SplitRecord | Row]:
    """The records, each line split into cells; a line that csv.reader cannot read is a row with its problem."""
    delimiter = layout.delimiter
    lines = [r[2] for r in records if not isinstance(r, Row) and isinstance(r[2], str)]
    if len(lines) == len(records) and max(map(len, lines), default=0) <= csv.field_size_limit():
        # the common case: lines without a quote (those with one were read already), each one record, whose
        # cells fit the limit: csv.reader would split each at the delimiter, and here that is all it does
        return [
            (r[0], r[1], line.rstrip("\r\n").split(delimiter), r[3])
            for r, line in zip(records, lines, strict=True)
            if not isinstance(r, Row)
        ]
    # one reader for the batch: each line is a record, and a line that breaks costs only its row
    reader = csv.reader(lines, strict=True, delimiter=delimiter)
    out: list[_SplitRecord | Row] = []
    for r in records:
        if isinstance(r, Row):
            out.append(r)
            continue
        number, line, text, bad = r[:4]
        if not isinstance(text, str):
            out.append(cast(_SplitRecord, r))
            continue
        try:
            out.append((number, line, next(reader), bad))
        except csv.Error as exc:
            problem = _csv_problem(exc, [_Line(text, line, bad)], layout.file, delimiter)
            out.append(_broken(number, line, problem, text, layout))
    return out


def _csv_row(
    layout: _CsvLayout,
    plan: tuple[_Column, ...],
    number: int,
    line: int,
    cells: list[str],
    bad: Problem | None,
    text: str | None = None,
) -> Row:
    row = Row(number, line)
    if bad is not None:
        row.problems.append(bad)  # nothing undecodable goes further: the row is only named, where it can be
        row.partial = _naming_cells(layout, plan, cells)
        return row
    file = layout.file
    if len(cells) != layout.width:
        row.problems.append(
            Problem(
                f"expected {layout.width} cells as in the header, got {len(cells)}",
                Location(file, line),
                _ragged_hint(layout.delimiter),
            )
        )
        # no cell names the row: where the extra (or missing) cells are is unknown, so any cell may be
        # another column's (the id read from a label); its line locates it, and nothing else is reported
        return row
    if all(
        cells[i].strip().lstrip("\ufeff") == name for i, name in layout.columns
    ):  # files joined, each with its header
        row.problems.append(
            Problem(
                "this line repeats the header: it is no row (were two files joined?)",
                Location(file, line, 1),
                "remove it, or join the files without the header of each but the first",
            )
        )
        return row
    profile: dict[str, Any] = {}
    valid = True
    unread: set[str] = set()  # the fields whose cell could not be read: told as such, not as missing
    starts: list[tuple[int, int]] | None = None  # where each cell starts, worked out for a row with a problem
    for i, name, memo, read, listed in plan:
        raw = cells[i]
        value = memo.get(raw, _MISS)
        if value is _MISS:  # not seen yet in this column: read and check it
            try:
                value, ok = read(raw)
            except _Unreadable as cell:
                starts = starts or _cell_starts(cells, text, layout.delimiter, line)
                at_line, column = starts[i]
                if cell.at and not _BREAK.search(raw, 0, cell.at):  # on the cell's first line: its column
                    column += _in_written_cell(raw, cell.at, text, i, layout.delimiter)
                row.problems.append(Problem(cell.message, Location(file, at_line, column, f"/{name}"), cell.hint))
                unread.add(name)
                continue
            if not ok:
                valid = False
            elif len(memo) < _MEMO_CELLS and len(raw) <= _MEMO_TEXT and memo is not _UNKEPT:
                memo[raw] = tuple(value) if listed and value.__class__ is list else value
            if value is not None:
                profile[name] = value
            continue
        if value is not None:
            profile[name] = list(value) if value.__class__ is tuple else value
    row.partial = profile
    if valid and not row.problems and all(name in profile for name in profile_field_checks()[1]):
        row.profile = profile  # as profile_is_valid would find: every value valid, nothing required missing
        return row
    # the slow path, for located messages: where each field's cell stands
    starts = starts or _cell_starts(cells, text, layout.delimiter, line)
    positions = {f"/{name}": starts[i] for i, name in layout.columns}
    positions[""] = (line, 1)
    doc = Document(profile, file, positions, positions, syntax="cell")
    if row.problems:  # the cells that could be read are checked too: every problem of the row at once
        told, row.problems = row.problems, []
        _checked(row, doc)
        missing = {f"missing required field '{name}'" for name in unread}
        checked = [p for p in row.problems if p.location.pointer or p.message not in missing]
        row.problems = sorted([*told, *checked], key=lambda p: (p.location.line or 0, p.location.column or 0))
        row.problems = in_cells(_empty_required(row.problems, layout, starts, profile), profile)
        row.profile, row.partial = None, profile
        return row
    _checked(row, doc)
    row.problems = in_cells(_empty_required(row.problems, layout, starts, profile), profile)
    return row


def _in_written_cell(raw: str, at: int, text: str | None, i: int, delimiter: str) -> int:
    """How many characters after the start of cell i, as written in the record's text, its character ``at``
    of ``raw`` (the cell as read) stands: past the opening quote, and the quotes doubled before it, if the
    cell is quoted (``text``: the record as written, if it has a quote)."""
    if text is None:
        return at
    start = _cell_offsets(text, delimiter)[i]
    if not text.startswith('"', start):
        return at
    return 1 + at + raw.count('"', 0, at)


def in_cells(problems: list[Problem], profile: dict[str, Any], row: str = "") -> list[Problem]:
    """The problems of a table's row (CSV, TSV, Parquet, a DataFrame), said of its cells: unknown is an empty
    cell there, not null; a list cell whose items are separated by ',', '/', '|' or line breaks gets them joined
    with ';', as a list cell is written, and one written as a Python or JSON list (``['USA', 'JPN']``, as pandas'
    ``to_csv`` writes a column of lists) gets them without its brackets and quotes. ``row``: the pointer of the
    row that prefixes each problem's (Parquet's ``/4``)."""
    told = []
    for p in problems:
        p = said_of_a_cell(p)
        name = (p.location.pointer or "").removeprefix(row).split("/")[1:3]
        joined = _joined_as_a_list(profile.get(name[0]), name[0], name[1] if len(name) == 2 else None) if name else None
        if joined is not None:
            p = Problem(p.message, p.location, joined, p.option)
        told.append(p)
    return told


#: the brackets around a list written as Python or JSON writes one: ['USA', 'JPN'], ("USA", "JPN"), {'trade'}
_BRACKETS = {"[": "]", "(": ")", "{": "}"}


def _joined_as_a_list(value: Any, field: str, item: str | None = None) -> str | None:
    """How to write a list cell whose items hold another separator (``USA, JPN``; between parties, a space:
    ``USA JPN``; between the items of a set, a space where each part is one: ``trade energy``): its items
    joined with ';'; or one written as a Python or JSON list (``['USA', 'JPN']``, ``["trade"]``): its items
    without brackets or quotes. None for any other cell, and for an ``item`` (its index, '1') that runs
    nothing together in a cell whose other items do: its problem keeps its own suggestion."""
    if value.__class__ is not list or not all(isinstance(v, str) and not missing_word(v) for v in value):
        return None  # 'N/A' is a word for a missing value, told so, not two items
    text = ";".join(value).strip()
    bracketed = len(text) > 2 and _BRACKETS.get(text[0]) == text[-1]
    if bracketed:
        text = text[1:-1].strip()
    separator = PARTY_SEPARATOR if field == "parties" else LIST_SEPARATOR
    pieces = [piece for v in text.split(";") for piece in separator.split(v.strip())]
    unquoted = [_unquoted(piece) for piece in pieces]
    items = [item for piece in unquoted for item in spaced_items(piece, field)]
    if not all(items):
        return None
    if bracketed or unquoted != pieces:
        return f"write a list in a cell as its items joined with ';', without brackets or quotes: {';'.join(items)}"
    if len(items) == len(value):
        return None
    if not runs_several(value, item, field):
        return None
    why = run_together(field) if len(pieces) == len(value) else ""
    return f"{why}separate the items with ';': {';'.join(items)}"


def _unquoted(item: str) -> str:
    """An item without the quotes a Python or JSON list writes around it ('USA', "USA")."""
    if len(item) >= 2 and item[0] == item[-1] and item[0] in "'\"":
        return item[1:-1].strip()
    return item


def _ragged_hint(delimiter: str) -> str:
    """What to check in a row with more or fewer cells than the header: the quoting of cells that hold the
    delimiter (in a ';' file, lists such as parties, which amity's CSV joins with ';')."""
    if delimiter == ";":
        return "quote the cells that hold ';', such as parties and lists: \"USA;JPN\""
    return f"check the quoting of cells that hold {_SEPARATORS.get(delimiter, repr(delimiter))}"


def _empty_required(
    problems: list[Problem], layout: _CsvLayout, starts: list[tuple[int, int]], profile: dict[str, Any]
) -> list[Problem]:
    """The problems of a CSV row, a required field that is missing told at its cell, as empty.

    The header has a column for every required field (else it is refused), so in a
    row a required field is missing only when its cell is empty: the place to jump to
    is that cell, not the start of the row. The pointer stays the row's (``/``), as in
    JSON and YAML, where the field is missing from the mapping.
    """
    required = profile_field_checks()[1]
    empty = {f"missing required field '{name}'": (name, starts[i]) for i, name in layout.columns
             if name in required and name not in profile}  # fmt: skip
    if not empty:
        return problems
    told = []
    for p in problems:
        found = empty.get(p.message) if p.location.pointer == "" else None
        if found is None:
            told.append(p)
            continue
        name, at = found
        told.append(empty_cell(p, name, Location(layout.file, *at, "")))
    return sorted(told, key=lambda p: (p.location.line or 0, p.location.column or 0))


def empty_cell(problem: Problem, name: str, where: Location) -> Problem:
    """A required field missing from a table's row (CSV, TSV, Parquet, a DataFrame), told as the empty cell
    it is there: its column is in the header, or the header would have been refused."""
    hint = "every row needs its two parties, e.g. USA;JPN" if name == "parties" else "every row needs it"
    return Problem(f"{problem.message}: its cell is empty", where, hint)


def _cell_starts(cells: list[str], text: str | None, delimiter: str, line: int) -> list[tuple[int, int]]:
    """Where each cell of a record starts, as (line, column): the column counts characters from 1, as an
    editor does, so a jump lands on the cell. ``text``: the record as written, if it has a quote (a quoted
    cell may run over lines, so a later cell may start on a later line); a record without a quote is its
    cells joined by the delimiter."""
    if text is None:
        return [(line, column) for column in accumulate((len(cell) + 1 for cell in cells[:-1]), initial=1)]
    return _positions(text, _cell_offsets(text, delimiter), line)


def _cell_offsets(text: str, delimiter: str) -> list[int]:
    """Where in the text of a record each cell starts, its quotes read as csv.reader reads them."""
    offsets = [0]
    quoted, at_start = False, True
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if quoted:
            if char == '"':
                if text.startswith('""', i):
                    i += 2  # a doubled quote, inside the cell
                    continue
                quoted = False
        elif char == delimiter:
            offsets.append(i + 1)
            i, at_start = i + 1, True
            continue
        elif char == '"' and at_start:
            quoted = True
        at_start = False
        i += 1
    return offsets


_BREAK = re.compile(r"\r\n|\r|\n")


def _positions(text: str, offsets: list[int], line: int) -> list[tuple[int, int]]:
    """(line, column) of offsets into text, which starts at column 1 of ``line`` (line ends as csv reads them)."""
    breaks = [m.end() for m in _BREAK.finditer(text)]
    out = []
    for offset in offsets:
        k = bisect.bisect_right(breaks, offset)
        out.append((line + k, offset - (breaks[k - 1] if k else 0) + 1))
    return out


_MISS = object()
#: the memo of a column whose cells are never kept (sources: lists of mappings): always empty
_UNKEPT: dict[str, Any] = {}


# --------------------------------------------------------------------------- JSON Lines


def _lenient(text: str) -> dict[str, Any] | None:
    """What can be read of a bad line, to name its row (repeated keys: the last wins): its first value,
    whatever follows it (a ',' at the end of the line), read without a ',' before a '}' or ']' (the
    slip of a line written by hand), so that the row keeps its id."""
    start = len(text) - len(text.lstrip())
    for _ in range(_COMMAS_MENDED):
        try:
            data = _LENIENT_DECODER.raw_decode(text, start)[0]
        except json.JSONDecodeError as exc:
            closers = still_open(text) if exc.pos >= len(text.rstrip()) else None
            if closers:  # a line cut short after a whole value: closed, it names its row
                text += closers
                continue
            comma = comma_before(text, exc.pos)
            if comma is None:
                return None
            text = text[:comma] + " " + text[comma + 1 :]  # the same length: the positions stay
            continue
        except (ValueError, RecursionError):
            return None
        return data if isinstance(data, dict) else None
    return None


_COMMAS_MENDED = 8  # a line with more such commas is not named


def _jsonl_batches(source: _Bytes, file: str, size: int = 256, ignore_unknown: bool = False) -> Iterator[RowBatch]:
    """The rows of a JSON Lines file, each line read (``_JsonlBatch.rows``) wherever its batch goes.

    Chunks whose every line holds a ``{`` (none is blank) go undecoded. A file whose
    first chunk starts a JSON list or object written over several lines is JSON, not
    JSON Lines: an InputError, not a row for each of its lines.
    """
    number = line = 0
    batch: list[_JsonlRecord] = []
    chunks = _Chunks(source, file, universal=False)
    raw = _RawRun(size, lambda lines: _JsonlBatch(file, [], lines, ignore_unknown))
    first = True
    while (chunk := chunks.next(b"{")) is not None:
        if first:
            first = False
            _not_json_over_lines(chunk, file)
        if isinstance(chunk, _Undecoded):
            if batch:
                yield _JsonlBatch(file, batch, None, ignore_unknown)
                batch = []
            yield from raw.add(number + 1, chunk)
            number += len(chunk.lines)
            line += len(chunk.lines)
            continue
        yield from raw.rest()
        texts, bad = chunk
        for text in texts:
            line += 1
            if not text.strip():
                continue
            number += 1
            batch.append((number, line, text, bad.get(line) if bad else None))
            if len(batch) >= size:
                yield _JsonlBatch(file, batch, None, ignore_unknown)
                batch = []
    if batch:
        yield _JsonlBatch(file, batch, None, ignore_unknown)
    yield from raw.rest()
    if number == 0:  # nothing was given: raising now is raising before the first batch
        raise InputError(Problem("the file is empty", Location(file), "expected one profile (a JSON object) per line"))


def _not_json_over_lines(chunk: tuple[list[str], dict[int, Problem]] | _Undecoded, file: str) -> None:
    """Raise InputError if the first chunk of a JSON Lines file starts a JSON list or object written over
    several lines (see ``_json_over_lines``): every line of it would be a bad row, and none a profile."""
    if isinstance(chunk, _Undecoded):
        text = "".join(line.decode("utf-8", "replace") + "\n" for line in chunk.lines)
    else:
        text = "".join(chunk[0])
    header = _header_not_json(text, file)
    if header is not None:
        raise InputError(header)
    given = _results_in_first_line(text, file)
    if given is not None:
        raise InputError(given)
    at = _json_over_lines(text)
    if at is None:
        return
    what = "a JSON list" if text.lstrip("\ufeff \t\r\n").startswith("[") else "a JSON object"
    raise InputError(
        Problem(
            f"{what} written over several lines: the file is JSON, not JSON Lines, which has one profile per line",
            Location(file, at, 1),
            "name the file .json, or give its format as json",
            option="input_format",
        )
    )


def _results_in_first_line(text: str, file: str) -> Problem | None:
    """``results_given`` for JSON Lines, told by its first row."""
    at, first = next(((k, line) for k, line in enumerate(text.split("\n")) if line.strip()), (0, ""))
    try:
        value = _LENIENT_DECODER.decode(first.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return None
    return results_given(value, Location(file, at + 1, 1)) if isinstance(value, dict) else None


def _header_not_json(text: str, file: str) -> Problem | None:
    """The problem of JSON Lines whose first line is not JSON but a header of column names (CSV or TSV): every
    line would be an error row of 'malformed JSON', none a profile."""
    at, first = next(
        ((k, line.strip().lstrip("\ufeff")) for k, line in enumerate(text.split("\n")) if line.strip()), (0, "")
    )
    if first[:1] in ("{", "[", ""):
        return None
    for delimiter in (",", *_SNIFFED):
        if _names_separated_by(first, delimiter):
            names = [n.strip().strip('"') for n in first.split(delimiter)]
            shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            fmt = "tsv" if delimiter == "\t" else "csv"
            fix = f"name the file .{fmt}, or give its format as {fmt}"
            if delimiter not in (",", "\t"):
                fix = f"give its format as csv, and '{delimiter}' as the delimiter"
            return Problem(
                f"the first line is a header of column names ({shown}): the file is {fmt.upper()}, not JSON Lines",
                Location(file, at + 1, 1),
                fix,
                option="input_format",
            )
    return None


#: A JSON Lines record: its row number, its line, its text, and its problem if it is not UTF-8.
_JsonlRecord = tuple[int, int, str, Problem | None]


@dataclass(slots=True)
class _JsonlBatch:
    """Lines of a JSON Lines file; ``rows()`` parses and checks them."""

    file: str
    records: list[_JsonlRecord]
    raw: _RawLines | None = None  # or whole lines not decoded yet, each one record
    ignore_unknown: bool = False  # top-level fields that are not of the vocabulary are left out

    def rows(self) -> list[Row]:
        records = self.records if self.raw is None else self.raw.records(self.file)
        return [_jsonl_row(self.file, *r, self.ignore_unknown) for r in records]


def _naming_values(data: dict[str, Any]) -> dict[str, Any]:
    """The id, parties and label of a row with a byte that is not UTF-8 (read from its line decoded with
    surrogateescape), from those of its values that hold no such byte and are valid, so that its error row
    can be found by them, as a CSV row's are (``_naming_cells``)."""
    checks, _ = profile_field_checks()
    named = {}
    for name in _NAMING:
        value = data.get(name)
        if value is not None and checks[name](value) and not _undecodable(value):
            named[name] = value
    return named


def _undecodable(value: str | list[str]) -> bool:
    """Whether a valid id, parties or label holds a byte that was not UTF-8 (a lone surrogate)."""
    return any(_UNDECODED.search(text) for text in ([value] if isinstance(value, str) else value))


#: one decoder for every row (json.loads with options builds one a call); and one for a bad row, to name it.
#: A row with a number of more digits than Python reads fails the first and is read by the second, which
#: keeps the number as written: the common row pays no call per whole number
_ROW_DECODER = json_decoder(unique=True, long_ints=False)
_LENIENT_DECODER = json_decoder(unique=False)


def _jsonl_row(file: str, number: int, line: int, text: str, bad: Problem | None, ignore_unknown: bool = False) -> Row:
    row = Row(number, line)
    if bad is not None:
        row.problems.append(bad)  # nothing undecodable goes further: the row is only named, where it can be
        row.partial = _naming_values(_lenient(text) or {})
        return row
    try:
        data = _ROW_DECODER.decode(text)
    except (ValueError, RecursionError):  # malformed, a repeated key, too deep, a number too long
        data = None
    profile = _known_fields(data) if ignore_unknown and data.__class__ is dict else data
    if isinstance(profile, dict) and profile_is_valid(profile):
        row.profile = whole_numbers(profile)
        return row
    value = data if data is not None else _lenient(text)
    expected = "expected a profile (a JSON object) on each line"
    return _json_checked(row, text.rstrip("\r\n"), file, (line, 1, None), value, ignore_unknown, expected)


# --------------------------------------------------------------------------- YAML / JSON documents


def _document_rows(
    source: _Bytes,
    file: str,
    fmt: str,
    ignore_unknown: bool = False,
    on_stop: Callable[[Row], None] | None = None,
) -> Iterator[Row]:
    """Rows of a YAML or JSON list, read one item at a time.

    A list that breaks off (a syntax error, a byte that is not UTF-8, a second
    document) keeps every row before the break; the break is one more row, its
    ``stops`` set (and given to ``on_stop``), and reading stops there. A file that
    breaks before its first row is unreadable (InputError).
    """
    number = 0
    try:
        for row in _items(CheckedText(source, file, yaml_rules=fmt == "yaml"), file, fmt, ignore_unknown):
            number = row.number
            yield row
    except CommaBeforeEnd as exc:  # every row was read: the fault is told, and makes no row
        if number == 0:
            raise
        if on_stop is not None:
            on_stop(Row(number + 1, exc.problems[0].location.line, problems=exc.problems, stops=True, whole=True))
    except InputError as exc:
        if number == 0:
            raise
        stop = " (reading stops here: the rest of the file is not read)"
        problems = [Problem(p.message + stop, p.location, p.suggestion) for p in exc.problems]
        row = Row(number + 1, problems[0].location.line, problems=problems, stops=True)
        if on_stop is not None:
            on_stop(row)
        yield row


def _items(stream: CheckedText, file: str, fmt: str, ignore_unknown: bool = False) -> Iterator[Row]:
    """The rows of a YAML or JSON list, or of a single mapping (one row): each row's pointers are
    those of the file (``/0/summits`` in a list, ``/summits`` in a single mapping)."""
    if fmt == "yaml":
        items = _whole(stream_yaml_items(stream, file), lambda item: item[2] == "", lambda item, exc: exc)
        for i, (doc, problems, at) in enumerate(items):
            if at == "" and doc is not None and not isinstance(doc.data, dict) and not problems:
                raise InputError(_no_profiles(doc.data, doc.locate(""), file))
            shape = (
                not_one_profile(doc.data, doc.locate("")) if at == "" and doc and isinstance(doc.data, dict) else None
            )
            if shape is not None:
                raise InputError(shape)
            yield _yaml_row(i + 1, doc, problems, at, file, ignore_unknown)
        return
    values = _whole(stream_json_items(stream, file), lambda item: item[5] == "", _json_lines_in_json)
    for i, (value, text, line, column, clean, at) in enumerate(values):
        given = results_given(value, Location(file, line, column)) if i == 0 and isinstance(value, dict) else None
        if given is not None:
            raise InputError(given)
        if at == "" and not isinstance(value, dict):
            raise InputError(_no_profiles(value, Location(file, line, column), file))
        shape = not_one_profile(value, Location(file, line, column)) if at == "" else None
        if shape is not None:
            raise InputError(shape)
        row = Row(i + 1, line)
        profile = _known_fields(value) if ignore_unknown and isinstance(value, dict) else value
        if clean and isinstance(profile, dict) and profile_is_valid(profile):
            row.profile = whole_numbers(profile)
            yield row
            continue
        yield _json_checked(row, text, file, (line, column, at), value, ignore_unknown, NOT_A_PROFILE)


_Item = TypeVar("_Item")


def _whole(
    items: Iterator[_Item], single: Callable[[_Item], bool], fault: Callable[[_Item, InputError], InputError]
) -> Iterator[_Item]:
    """The items of a YAML or JSON stream; a single value (not a list) only once the stream has ended
    after it.

    What follows a single value (a second JSON value, a second YAML document) is
    then the fault of the file, told before any row (as ``fault`` says it), not a
    break after the one row the file would otherwise seem to hold.
    """
    first = next(items, None)
    if first is None:
        return iter(())
    if single(first):
        try:
            next(items, None)  # a stream ends after a single value, or says what follows it
        except InputError as exc:
            raise fault(first, exc) from None
    return chain((first,), items)  # not a generator of its own: no cost for each item of a list


def _json_lines_in_json(first: tuple[Any, str, int, int, bool, str], exc: InputError) -> InputError:
    """What follows a single JSON value, told: a second value on a later line makes the file JSON Lines
    (when the first value is one line) or JSON documents one after another; anything else is told as the
    JSON reader told it."""
    _, text, line, _, _, _ = first
    end = line + text.count("\n")  # the line where the first value ends
    after = exc.problems[0].location
    if "extra data" not in exc.problems[0].message or after.line is None or after.line <= end:
        return exc
    if end == line:
        return InputError(
            Problem(
                f"a second JSON value starts on line {after.line}, after the one on line {line}: "
                "one JSON value per line is JSON Lines, not JSON",
                after,
                "name the file .jsonl, or give its format as jsonl",
                option="input_format",
            )
        )
    return InputError(
        Problem(
            f"a second JSON value starts on line {after.line}, after the one on lines {line}-{end}: "
            "a JSON file holds one value",
            after,
            "put the profiles in one list, [{...}, {...}], or write each on a line of its own (JSON Lines, .jsonl)",
        )
    )


def _no_profiles(value: Any, where: Location, file: str) -> Problem:
    """The problem of a YAML or JSON file whose value is neither a list of profiles nor one profile: text
    that may be CSV gets the hint to read it as CSV."""
    hint = None
    if isinstance(value, str) and file == "<stdin>":  # read as YAML because its first line told no other format
        hint = (
            "standard input is read as YAML when its first line tells no other format; "
            "if it is CSV, give its format (csv) and, unless it is ',', its delimiter"
        )
    elif isinstance(value, str) and any(d in value for d in (",", *_SNIFFED)):
        hint = "if the file is CSV, give its format (csv)"
    return Problem(
        f"expected a list of profiles or one profile (a mapping), got {describe(value)}",
        Location(where.file, where.line, where.column, ""),
        hint,
        option="input_format" if hint else None,
    )


def _yaml_row(
    number: int, doc: Document | None, problems: list[Problem], at: str, file: str, ignore_unknown: bool
) -> Row:
    start = doc.locate("") if doc else Location(file)
    row = Row(number, start.line)
    if ignore_unknown and doc is not None and isinstance(doc.data, dict):
        problems = _outside_ignored(problems, doc.data)
        doc.data = _known_fields(doc.data)
    if problems or doc is None or not isinstance(doc.data, dict):
        if problems and doc is not None and isinstance(doc.data, dict):  # every error of the row at once
            problems = _with_schema_problems(problems, doc)
        row.problems.extend(p.under(at) for p in problems)
        row.partial = doc.data if doc is not None and isinstance(doc.data, dict) else None
        if not problems:
            where = Location(file, start.line, start.column, at)
            row.problems.append(Problem(NOT_A_PROFILE, where))
        return row
    return _checked(row, doc, at)


def _with_schema_problems(problems: list[Problem], doc: Document) -> list[Problem]:
    """A YAML item's own problems (a tag not supported, say) and the vocabulary's, but for the values
    those are about, in reading order."""
    try:
        check_profile(doc)
    except InputError as exc:
        # a key that is a list or a mapping is located at its mapping, yet is no fault of the mapping's values
        own = [p.location.pointer or "" for p in problems if p.message != COMPOSITE_KEY]
        problems = problems + [
            p for p in exc.problems if not any(pointer_within(p.location.pointer or "", at) for at in own)
        ]
    return sorted(problems, key=reading_order)


def _json_checked(
    row: Row,
    text: str,
    file: str,
    at: tuple[int, int, str | None],
    value: Any,
    ignore_unknown: bool,
    expected: str,
) -> Row:
    """The slow path of a JSON value (an item of a list, a line of JSON Lines), for located messages: its
    text parsed again, with positions. ``at``: where the text starts (line, column) and its pointer (None
    for a line of JSON Lines); ``value``: the value as read leniently (a repeated key: the last wins), if it
    could be; ``expected``: what to say when it is not an object."""
    line, column, pointer = at
    prefix = pointer or ""
    try:
        doc = parse_json(text, file, line_offset=line - 1, column_offset=column - 1)
    except InputError as exc:  # malformed (JSON Lines), a repeated key, a number too long
        problems = exc.problems
        if ignore_unknown and isinstance(value, dict):
            problems = _outside_ignored(problems, value)
        if problems:
            row.problems.extend(p if pointer is None else p.under(pointer) for p in problems)
            row.partial = value if isinstance(value, dict) else None
            return row
        doc = Document(value, file, {"": (line, column)}, syntax="json")  # only fields ignored were at fault
    if not isinstance(doc.data, dict):
        row.problems.append(Problem(expected, Location(file, line, column, pointer)))
        return row
    if ignore_unknown:
        doc.data = _known_fields(doc.data)
    return _checked(row, doc, prefix)


def _known_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A profile's top-level fields that are fields of the vocabulary (the others ignored, as unknown
    columns are in CSV); the profile itself when it has no other."""
    known = fields()
    for key in data:
        if key not in known:
            return {k: v for k, v in data.items() if k in known}
    return data


def _outside_ignored(problems: list[Problem], data: dict[str, Any]) -> list[Problem]:
    """The problems that are not in a field ignored: one in the key or the value of a top-level field of
    data that is not a field of the vocabulary goes with that field. (A key that could not be read, such as
    a YAML merge key, is in no field: its problem stays.)"""
    known = fields()

    def ignored(problem: Problem) -> bool:
        parts = (problem.location.pointer or "").split("/")
        key = pointer_token(parts[1]) if len(parts) > 1 else None
        return key is not None and key in data and key not in known

    return [p for p in problems if not ignored(p)]


__all__ = ["FORMATS", "Row", "RowBatch", "batches_of", "input_format", "read_batches", "read_rows"]
