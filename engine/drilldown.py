"""The drill-down: from a row of a validation's results back to that row of the dataset.

``find_rows`` picks rows out of ``read_rows`` (so any format ``validate``
reads, read the same way) by their number, as ``validate`` numbers them, or
by their id; the caller assesses them in full, with the trace.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any

from .dataset import Row
from .errors import InputError, Location, Problem

__all__ = ["find_rows"]

_IDS_KEPT = 100_000  # ids remembered for "did you mean", however long the dataset


def find_rows(
    rows: Iterable[Row],
    file: str,
    *,
    number: int | None = None,
    ident: str | None = None,
    on_break: Callable[[Row], None] | None = None,
) -> list[dict[str, Any]]:
    """The profiles of row ``number`` (from 1), or of every row whose id is ``ident``, in order.

    A chosen row that cannot be read raises InputError with its problems, as
    ``validate`` reports them; so does a number past the end or an id no row has.
    When rows with the id are found before the input breaks off, more may be after
    the break: ``on_break`` is given the row where it breaks.
    """
    if (number is None) == (ident is None):
        raise ValueError("give exactly one of number and ident")
    found: list[Row] = []
    seen = 0
    ids: list[str] = []
    stopped: Row | None = None
    for row in rows:
        seen = row.number
        if row.stops and not (number is not None and row.number == number):
            stopped = row  # the input breaks off here: the row sought may be after the break
            break
        if number is not None:
            if row.number == number:
                found.append(row)
                break
            continue
        row_id = row.identity[0]
        if row_id == ident:
            found.append(row)
        elif row_id is not None and len(ids) < _IDS_KEPT:
            ids.append(row_id)
    if not found and stopped is not None:
        sought = f"row {number}" if number is not None else f"row with the id '{ident}'"
        before = f"{stopped.number - 1:,} rows" if stopped.number != 2 else "1 row"
        raise InputError(
            [
                *stopped.problems,
                Problem(
                    f"no {sought} among the {before} before the break: the rest of the file is not read",
                    Location(file, stopped.line),
                    "mend the file where it breaks off",
                ),
            ]
        )
    if not found:
        if number is not None:
            raise InputError(
                Problem(
                    f"no row {number}: the dataset has {seen} row{'s' if seen != 1 else ''}",
                    Location(file),
                    f"choose a row from 1 to {seen}" if seen else None,
                )
            )
        close = difflib.get_close_matches(str(ident), ids, n=3, cutoff=0.6)
        raise InputError(
            Problem(
                f"no row has the id '{ident}'",
                Location(file),
                "did you mean " + " or ".join(f"'{c}'" for c in close) + "?" if close else "check the id column",
            )
        )
    if stopped is not None and on_break is not None:
        on_break(stopped)
    problems = [p for row in found for p in row.problems]
    if problems or any(row.profile is None for row in found):
        raise InputError(problems or [Problem("the row cannot be read", Location(file, found[0].line))])
    return [row.profile for row in found if row.profile is not None]
