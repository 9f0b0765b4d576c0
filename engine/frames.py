"""Datasets as pandas DataFrames, on one machine or many (Dask).

``validate_frame(df)`` takes a DataFrame in the vocabulary (one row per
relationship, one column per field) and returns one, row for row, with the
input's index: the tidy results, one column per value. ``validate_dask(ddf)``
applies it to every partition of a Dask DataFrame with ``map_partitions``, so
a dataset too large for one machine is validated on a Dask cluster, with the
same rows ``amity validate`` gives.

pandas and Dask are optional (``pip install 'amity[dask]'``); nothing here is
imported by the rest of the library.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .assessment import DEFAULT_ENGINE
from .dataset import Row, _csv_cell
from .document import Document
from .errors import InputError, Location, Problem, UsageError
from .pack import Pack, load_pack
from .schemas import check_profile
from .validation import RowResult, validate_rows
from .vocabulary import RISKS, fields

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["RESULT_COLUMNS", "result_row", "validate_dask", "validate_frame"]

#: The tidy result columns, in order, with their pandas dtypes.
RESULT_COLUMNS: dict[str, str] = {
    "id": "string",
    "parties": "string",
    "status": "string",
    "declared_label": "string",
    "declared_level": "string",
    "lexicon_entry": "string",
    "decided_by": "string",
    "level": "string",
    "possible_levels": "string",
    "verdict": "string",
    "possible_verdicts": "string",
    **{name: "string" for risk in RISKS for name in (risk, f"{risk}_possible")},
    "hedging": "boolean",
    "hedging_possible": "string",
    "deciding_facts": "string",
    "reasons": "string",
    "errors": "string",
}


def _joined(items: Any) -> str | None:
    return ";".join(str(i).lower() if isinstance(i, bool) else str(i) for i in items) if items else None


def result_row(rec: RowResult) -> dict[str, Any]:
    """A result as one tidy row: each value in its own column; lists ';'-joined; None where empty."""
    a = rec.assessment
    row: dict[str, Any] = dict.fromkeys(RESULT_COLUMNS)
    row.update(id=rec.id, parties=_joined(rec.parties), status=rec.status)
    if a is None:
        row["declared_label"] = rec.declared_label
        row["errors"] = " | ".join(str(p) for p in rec.errors) or None
        return row
    row.update(
        declared_label=a.declared_label,
        declared_level=a.declared_level,
        lexicon_entry=a.lexicon_entry,
        decided_by=a.decided_by,
        level=a.level.value,
        possible_levels=_joined(a.level.possible),
        verdict=a.verdict,
        possible_verdicts=_joined(a.possible_verdicts),
        hedging=a.hedging.value,
        hedging_possible=_joined(a.hedging.possible),
        deciding_facts=_joined(a.level.deciding),
        reasons=" | ".join(a.reasons) or None,
    )
    for risk, outcome in a.risks.items():
        row[risk] = outcome.value
        row[f"{risk}_possible"] = _joined(outcome.possible)
    return row


def _plain(value: Any) -> Any:
    """A pandas or NumPy cell as a plain Python value; None for a missing one."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()  # NumPy scalars and arrays
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, tuple):
        return list(value)
    return value


def _rows(frame: pd.DataFrame) -> Iterator[Row]:
    known = fields()
    columns = [str(c) for c in frame.columns]
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise InputError(
            [
                Problem(
                    f"column '{c}' is not a field of the vocabulary",
                    Location("<frame>", None, None, f"/columns/{c}"),
                    "rename it, or drop it before validating",
                )
                for c in unknown
            ]
        )
    for number, values in enumerate(frame.itertuples(index=False, name=None), start=1):
        profile: dict[str, Any] = {}
        problems: list[Problem] = []
        for name, cell in zip(columns, values, strict=True):
            value = _plain(cell)
            if isinstance(value, str):  # as a CSV file writes it
                value, message, hint = _csv_cell(name, value)
                if message:
                    problems.append(Problem(message, Location("<frame>", None, None, f"/{number - 1}/{name}"), hint))
            if value is not None:
                profile[name] = value
        row = Row(number, None, partial=profile)
        if not problems:
            try:
                check_profile(Document(profile))
                row.profile = profile
            except InputError as exc:
                problems = [
                    Problem(
                        p.message,
                        Location("<frame>", None, None, f"/{number - 1}{p.location.pointer or ''}"),
                        p.suggestion,
                    )
                    for p in exc.problems
                ]
        row.problems = problems
        yield row


def validate_frame(
    frame: pd.DataFrame,
    pack: Pack | str | Path = "core",
    *,
    engine: str = DEFAULT_ENGINE,
    jobs: int = 1,
) -> pd.DataFrame:
    """Validate every row of a DataFrame in the vocabulary; the results, row for row, same index.

    Cells may hold values (lists for sets) or text as a CSV file writes it
    (``trade;energy``, ``true``). A bad row gives ``status == "error"`` and its
    errors, located as ``<frame>: /POSITION/FIELD``; it never stops the others.
    A column that is not a field of the vocabulary is an InputError.
    """
    import pandas as pd

    results = [result_row(rec) for rec in validate_rows(_rows(frame), _assessor_pack(pack), jobs=jobs, engine=engine)]
    out = pd.DataFrame(results, columns=list(RESULT_COLUMNS), index=frame.index)
    return out.astype(RESULT_COLUMNS)


def validate_dask(frame: Any, pack: str | Path = "core", *, engine: str = DEFAULT_ENGINE) -> Any:
    """Validate a Dask DataFrame partition by partition (lazily: call ``.compute()``).

    ``pack`` is a bundled pack's name or a path every worker can read; each
    worker compiles it once per partition.
    """
    import pandas as pd

    if isinstance(pack, Pack):
        raise UsageError(Problem("validate_dask takes a pack's name or path, which every worker can load"))
    meta = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in RESULT_COLUMNS.items()})
    return frame.map_partitions(validate_frame, pack=str(pack), engine=engine, meta=meta)


_PACKS: dict[str, Pack] = {}


def _assessor_pack(pack: Pack | str | Path) -> Pack:
    """A pack loaded once per process, for the partitions a worker validates."""
    if isinstance(pack, Pack):
        return pack
    key = str(pack)
    if key not in _PACKS:
        _PACKS[key] = load_pack(pack)
    return _PACKS[key]
