"""The drill-down: from rows of a validation's results back to those rows of the dataset.

``find_rows`` picks rows out of ``read_rows`` (so any format ``validate``
reads, read the same way) by their numbers, as ``validate`` numbers them, or
by their ids; the caller assesses them in full, with the trace.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence

from .dataset import Row
from .errors import InputError, Location, Problem

__all__ = ["find_rows"]

_IDS_KEPT = 100_000  # ids remembered for "did you mean", however long the dataset


def find_rows(
    rows: Iterable[Row],
    file: str,
    *,
    numbers: Sequence[int] = (),
    idents: Sequence[str] = (),
    on_break: Callable[[Row], None] | None = None,
) -> list[Row]:
    """The rows numbered ``numbers`` (from 1), or every row whose id is one of ``idents``, each checked.

    Rows chosen by number come in the order the numbers are given; rows chosen by
    id, id by id in the order given, and the rows of one id in the dataset's order
    (an id may be on several rows: the caller may say so). A number or an id given
    twice counts once. A chosen row that cannot be read raises InputError with its
    problems, as ``validate`` reports them; so does a number past the end or an id
    no row has (every such problem at once). When rows with the ids are found before
    the input breaks off, more may be after the break: ``on_break`` is given the row
    where it breaks.
    """
    if bool(numbers) == bool(idents):
        raise ValueError("give row numbers or ids, not both and not neither")
    wanted = list(dict.fromkeys(numbers))
    sought = set(wanted)
    last = max(wanted, default=0)
    by_number: dict[int, Row] = {}
    by_id: dict[str, list[Row]] = {ident: [] for ident in dict.fromkeys(idents)}
    seen = 0
    ids: dict[str, None] = {}  # the ids of the rows read, each once, for "did you mean"
    stopped: Row | None = None
    for row in rows:
        seen = row.number
        if row.stops and row.number not in sought:
            stopped = row  # the input breaks off here: the rows sought may be after the break
            break
        if numbers:
            if row.number in sought:
                by_number[row.number] = row
                if row.stops:  # a row sought is where the input breaks off: its problems say so
                    stopped = row
                    break
                if row.number >= last:
                    break
            continue
        row_id = row.identity[0]
        if row_id in by_id:
            by_id[row_id].append(row)
        elif row_id is not None and len(ids) < _IDS_KEPT:
            ids[row_id] = None
    missing = [_no_row(n, seen, stopped, file) for n in wanted if n not in by_number]
    missing += [_no_id(ident, ids, stopped, file) for ident, found in by_id.items() if not found]
    if missing:
        raise InputError([*(stopped.problems if stopped is not None else []), *missing])
    if stopped is not None and on_break is not None:
        on_break(stopped)
    found = [by_number[n] for n in wanted] if numbers else [row for rows_of in by_id.values() for row in rows_of]
    problems = [p for row in found for p in row.problems]
    if problems or any(row.profile is None for row in found):
        bad = next(row for row in found if row.problems or row.profile is None)
        raise InputError(problems or [Problem("the row cannot be read", Location(file, bad.line))])
    return found


def _no_row(number: int, seen: int, stopped: Row | None, file: str) -> Problem:
    """The problem of a row number past the rows read (up to the break, if the input breaks off)."""
    if stopped is not None:
        return _not_before_break(f"row {number}", stopped, file)
    return Problem(
        f"no row {number}: the dataset has {seen} row{'s' if seen != 1 else ''}",
        Location(file),
        f"choose a row from 1 to {seen}" if seen else None,
    )


def _no_id(ident: str, ids: dict[str, None], stopped: Row | None, file: str) -> Problem:
    """The problem of an id that no row read has (up to the break, if the input breaks off)."""
    if stopped is not None:
        return _not_before_break(f"row with the id '{ident}'", stopped, file)
    close = difflib.get_close_matches(str(ident), list(ids), n=3, cutoff=0.6)
    return Problem(
        f"no row has the id '{ident}'",
        Location(file),
        "did you mean " + " or ".join(f"'{c}'" for c in close) + "?" if close else "check the id column",
    )


def _not_before_break(sought: str, stopped: Row, file: str) -> Problem:
    before = f"{stopped.number - 1:,} rows" if stopped.number != 2 else "1 row"
    return Problem(
        f"no {sought} among the {before} before the break: the rest of the file is not read",
        Location(file, stopped.line),
        "mend the file where it breaks off",
    )
