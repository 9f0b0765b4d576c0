"""Rows of tables whose cells hold values: pandas DataFrames and Parquet files.

A cell holds a value of the vocabulary (a list for a set, true or false, a
number) or text as a CSV file writes it (``trade;energy``, ``true``); an empty
cell (None, NaN, NA) is unknown. A table has no lines, so a problem is located
by a JSON pointer to its row (from 0) and field: ``data.parquet: /4/summits``.

Every problem of a row is reported at once: a cell that cannot be read (a
boolean written ``yes``) does not hide a value the vocabulary does not know
(``summits: weekly``) in another cell. Parquet files are read in record
batches, so memory stays flat however long the file; pyarrow is optional
(``pip install 'amity[parquet]'``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

from .dataset import PARTIES, Row, _csv_cell, empty_cell, in_cells, misspelt_field, parties_column, results_given
from .document import Document, open_bytes, stdin_bytes
from .errors import InputError, Location, Problem, UsageError, visible
from .schema_checks import profile_is_valid
from .schemas import check_profile, is_decimal
from .vocabulary import fields

__all__ = ["PARQUET_EXTRA", "parquet_row_count", "parquet_rows", "require_pyarrow", "table_columns", "table_rows"]

PARQUET_EXTRA = "pip install 'amity[parquet]'"
_BATCH = 4_096
_PANDAS_INDEX = "__index_level_"  # pandas stores a DataFrame's index in such columns


def require_pyarrow(what: str) -> Any:
    """pyarrow.parquet, or a UsageError that says how to install it."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            Problem(
                f"{what} needs pyarrow, which is not installed",
                suggestion=f"install it with: {PARQUET_EXTRA}",
            )
        ) from None
    return pq


def table_columns(names: Sequence[str], file: str, *, ignore_unknown: bool = False) -> list[tuple[int, str]]:
    """The (position, field) of each column that is a field of the vocabulary; InputError for the others."""
    given = results_given(names, Location(file, None, None, "/columns"))
    if given is not None:
        raise InputError(given)
    known = fields()
    columns: list[tuple[int, str]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    strangers = [n for n in names if not n.startswith(_PANDAS_INDEX) and n not in known]
    meant = None if "parties" in names else parties_column(strangers)
    parties = None if meant is None else strangers[meant]
    for i, name in enumerate(names):
        if name.startswith(_PANDAS_INDEX):
            continue
        where = Location(file, None, None, f"/columns/{name}")
        if name in known:
            if name in seen:
                problems.append(Problem(f"column '{visible(name)}' appears twice", where, "keep one of them"))
            seen.add(name)
            columns.append((i, name))
        elif name == parties and not ignore_unknown:  # one fault, not two (see parties_column)
            problems.append(Problem(f"column '{visible(name)}' is not a field of the vocabulary", where, PARTIES))
        elif not ignore_unknown:
            said = f"column '{visible(name)}' is not a field of the vocabulary"
            problems.append(
                misspelt_field(said, where, name, known)
                or Problem(
                    said, where, "rename it, or ignore the columns that are not fields", option="ignore_unknown_columns"
                )
            )
    if "parties" not in seen and (parties is None or ignore_unknown):
        hint = None if parties is None else f"the column '{visible(parties)}' would be it, renamed"
        problems.append(
            Problem(
                "no 'parties' column: every row needs its two parties", Location(file, None, None, "/columns"), hint
            )
        )
    if problems:
        raise InputError(problems)
    return columns


#: the cells most tables have, which need no more looking at to be told from a Decimal
_PLAIN = frozenset({int, float, str, bool})


def _plain(value: Any) -> Any:
    """A pandas, NumPy or Arrow cell as a plain Python value; None for a missing one."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()  # NumPy scalars and arrays
    if type(value) not in _PLAIN and is_decimal(value):  # a DECIMAL column: a number, whole where it is
        value = int(value) if value.is_finite() and value == value.to_integral_value() else float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    if isinstance(value, tuple):
        return list(value)
    return value


def table_rows(
    records: Iterable[Sequence[Any]], columns: list[tuple[int, str]], file: str, *, start: int = 0
) -> Iterator[Row]:
    """One checked row per record (a sequence of cells, as the table's columns are); numbered from start + 1."""
    for number, values in enumerate(records, start=start + 1):
        yield _row(number, values, columns, file)


def _row(number: int, values: Sequence[Any], columns: list[tuple[int, str]], file: str) -> Row:
    here = f"/{number - 1}"
    profile: dict[str, Any] = {}
    problems: list[Problem] = []
    unread: set[str] = set()  # the fields whose text is not UTF-8, or unreadable: told as such, not as missing
    for i, name in columns:
        value = _plain(values[i])
        found = _undecodable(value)
        if found is not None:  # nothing undecodable goes further
            item, bad = found
            pointer = f"{here}/{name}" if item is None else f"{here}/{name}/{item}"
            problems.append(bad.problem(Location(file, None, None, pointer)))
            unread.add(name)
            continue
        if isinstance(value, str):  # as a CSV file writes it
            value, message, hint = _csv_cell(name, value)
            if message:
                problems.append(Problem(message, Location(file, None, None, f"{here}/{name}"), hint))
                unread.add(name)
                continue
        if value.__class__ is float and name in _WHOLE and value.is_integer():
            value = int(value)  # pandas stores whole numbers as floats where a cell is missing: 2023.0 is 2023
        if value is not None:
            profile[name] = value
    row = Row(number, None, partial=profile)
    if not problems and profile_is_valid(profile):
        row.profile = profile
        return row
    try:  # the cells that could be read are checked too: every problem of the row at once
        check_profile(Document(profile, file, syntax="cell"))
    except InputError as exc:
        unreadable = {f"missing required field '{name}'" for name in unread}
        empty = {f"missing required field '{name}'": name for _, name in columns if name not in profile}
        for p in exc.problems:
            if p.location.pointer or p.message not in empty:
                problems.append(p.under(here))
            elif p.message not in unreadable:  # told as what it is: an empty cell of its column
                problems.append(empty_cell(p, empty[p.message], Location(file, None, None, here)))
    problems.sort(key=lambda p: _field_order(p.location.pointer or ""))
    row.problems = in_cells(problems, profile, here)  # unknown is a null (or empty) cell, as in CSV
    if not problems:
        row.profile = profile
    return row


#: the fields of whole numbers
_WHOLE = frozenset(name for name, f in fields().items() if f.kind == "integer")


def _field_order(pointer: str) -> int:
    order = list(fields())
    parts = pointer.split("/")
    return order.index(parts[2]) if len(parts) > 2 and parts[2] in order else -1


# --------------------------------------------------------------------------- Parquet


def _open_binary(path: str, name: str) -> IO[bytes]:
    if path == "-":  # Parquet is read from its end: standard input is read whole first
        return io.BytesIO(stdin_bytes(name).read())
    return open_bytes(path, name)


def _parquet_file(pq: Any, handle: IO[bytes], name: str) -> Any:
    import pyarrow as pa

    problem = _not_parquet(handle, name)
    if problem is not None:
        raise InputError(problem)
    try:
        return pq.ParquetFile(handle)
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as exc:
        raise InputError(
            Problem(
                f"not a readable Parquet file ({exc})", Location(name), "check that it is Parquet, or name its format"
            )
        ) from None


_MAGIC = b"PAR1"  # a Parquet file starts and ends with these bytes


def _not_parquet(handle: IO[bytes], name: str) -> Problem | None:
    """What is wrong with a file read as Parquet that is empty, not Parquet, or cut short (its first and last
    bytes tell), in amity's words; None when they look right (or the stream cannot be read from its end)."""
    if not handle.seekable():
        return None
    size = handle.seek(0, io.SEEK_END)
    handle.seek(0)
    if size == 0:
        return Problem(
            "the file is empty (0 bytes), expected a Parquet file",
            Location(name),
            "write it again from its source, e.g. with pandas: df.to_parquet(path)",
        )
    head = handle.read(len(_MAGIC))
    tail = b""
    if size >= 2 * len(_MAGIC):
        handle.seek(size - len(_MAGIC))
        tail = handle.read(len(_MAGIC))
    handle.seek(0)
    if head != _MAGIC:
        return Problem(
            f"not a Parquet file: it does not start with PAR1, as every Parquet file does "
            f"(it starts with {head.decode('utf-8', 'replace')!r})",
            Location(name),
            "state the file's own format, or name the file after it: .csv, .jsonl, .json or .yaml",
            option="input_format",
        )
    if tail != _MAGIC:
        return Problem(
            f"the Parquet file is cut short after {size:,} bytes: it does not end with PAR1, as every Parquet "
            "file does (its footer, which says where the data is, is missing)",
            Location(name),
            "the file may be truncated: write it again from its source, or copy it again whole",
        )
    return None


def parquet_rows(
    path: str,
    *,
    ignore_unknown_columns: bool = False,
    handle: IO[bytes] | None = None,
    on_stop: Callable[[Row], None] | None = None,
) -> Iterator[Row]:
    """The rows of a Parquet file ('-' for standard input), in order, read batch by batch.

    ``handle``: the file's bytes, when the caller has already opened it (to sniff its format).
    A file whose data cannot be read part way (truncated, damaged) keeps every
    row read before; the break is one more row, its ``stops`` set (and given to
    ``on_stop``), as a YAML or JSON list that breaks off (``dataset.read_rows``).
    A file that breaks before its first row is unreadable (InputError).
    """
    pq = require_pyarrow("reading Parquet")
    import pyarrow as pa  # installed: pyarrow.parquet was imported

    name = "<stdin>" if path == "-" else path
    handle = handle if handle is not None else _open_binary(path, name)
    try:
        table = _parquet_file(pq, handle, name)
        names = list(table.schema_arrow.names)
        columns = table_columns(names, name, ignore_unknown=ignore_unknown_columns)
        wanted = [n for _, n in columns]
        positions = [(i, n) for i, (_, n) in enumerate(columns)]
        done = 0
        # row group by row group: a damaged group stops the reading where it begins, after every row before
        for group in range(table.num_row_groups):
            batches = table.iter_batches(batch_size=_BATCH, row_groups=[group], columns=wanted)
            while True:
                try:
                    batch = next(batches, None)
                except (pa.ArrowException, OSError) as exc:
                    problem = _unreadable_from(name, done, exc)
                    if not done:
                        raise InputError(problem) from None
                    row = Row(done + 1, None, problems=[problem], stops=True)
                    if on_stop is not None:
                        on_stop(row)
                    yield row
                    return
                if batch is None:
                    break
                cells = [_column_values(batch.column(i)) for i in range(batch.num_columns)]
                yield from table_rows(zip(*cells, strict=True), positions, name, start=done)
                done += batch.num_rows
    finally:
        handle.close()


class _NotText(bytes):
    """A string cell of a Parquet file that is not UTF-8: its bytes, reported as its row's problem."""

    def problem(self, where: Location) -> Problem:
        try:
            self.decode("utf-8")
        except UnicodeDecodeError as exc:
            # counted from 1, as lines and columns are: the value's first byte is byte 1
            said = f"not UTF-8 text: {exc.reason} 0x{self[exc.start]:02x} at byte {exc.start + 1} of the value"
        return Problem(said, where, "save the table's text as UTF-8")


def _column_values(column: Any) -> list[Any]:
    """A column of a record batch as Python values; a string that is not UTF-8 as its bytes (``_NotText``),
    where pyarrow would raise for the whole column."""
    try:
        return list(column.to_pylist())
    except UnicodeDecodeError:
        raw = column.cast(_as_bytes(column.type)).to_pylist()
        return [_text_of(value) for value in raw]


def _as_bytes(kind: Any) -> Any:
    """The Arrow type that holds the same values with their text as bytes (a list's items too)."""
    import pyarrow as pa

    if pa.types.is_large_string(kind):
        return pa.large_binary()
    if pa.types.is_string(kind):
        return pa.binary()
    if pa.types.is_large_list(kind):
        return pa.large_list(_as_bytes(kind.value_type))
    if pa.types.is_list(kind) or pa.types.is_fixed_size_list(kind):
        return pa.list_(_as_bytes(kind.value_type))
    if pa.types.is_dictionary(kind):
        return _as_bytes(kind.value_type)
    return kind


def _text_of(value: Any) -> Any:
    if isinstance(value, list):
        return [_text_of(v) for v in value]
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return _NotText(value)
    return value


def _undecodable(value: Any) -> tuple[int | None, _NotText] | None:
    """The cell's text that is not UTF-8, if any: (None, it), or a list's first such item (its index, it)."""
    if value.__class__ is _NotText:
        return None, value
    if value.__class__ is list:
        return next(((i, v) for i, v in enumerate(value) if v.__class__ is _NotText), None)
    return None


def _unreadable_from(name: str, done: int, exc: BaseException) -> Problem:
    """The problem of a Parquet file whose data cannot be read from row ``done + 1`` on."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if not done:
        return Problem(
            f"the Parquet file's data cannot be read ({detail})",
            Location(name),
            "the file may be truncated or damaged: write it again from its source",
        )
    return Problem(
        f"the Parquet file's data cannot be read from row {done + 1:,} on ({detail})"
        " (reading stops here: the rest of the file is not read)",
        Location(name, None, None, f"/{done}"),
        "the file may be truncated or damaged: write it again from its source",
    )


def parquet_row_count(path: str) -> int | None:
    """How many rows a Parquet file holds, from its footer; None if that cannot be read."""
    try:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    except Exception:  # a progress estimate: the reading itself reports what is wrong
        return None
