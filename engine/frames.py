"""Datasets as pandas DataFrames, on one machine or many (Dask).

``validate_file(path)`` validates a dataset file (CSV, TSV, JSON Lines, YAML,
JSON, Parquet) read by amity's own reader and returns the tidy results as a
DataFrame, one column per value: what ``amity validate`` writes, read back.
``validate_frame(df)`` takes a DataFrame in the vocabulary (one row per
relationship, one column per field) and returns one, row for row, with the
input's index; a DataFrame cannot tell what its reader made of a file (pandas
pads a short CSV row with NaN), so a file is validated with ``validate_file``. ``validate_dask(ddf)``
applies it to every partition of a Dask DataFrame with ``map_partitions``, so
a dataset too large for one machine is validated on a Dask cluster, with the
same rows ``amity validate`` gives. ``read_results(path)`` reads back a results
file (CSV, TSV, Parquet) with every column's dtype. The columns are those of
``amity.engine.tidy``, the one table for every format.

pandas and Dask are optional (``pip install 'amity[pandas]'``, or ``'amity[dask]'`` for both); nothing
here is imported by the rest of the library, and a function called without pandas installed raises a
UsageError that says how to install it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .assessment import DEFAULT_ENGINE
from .dataset import Row, read_rows
from .document import open_bytes
from .errors import InputError, Location, Problem, UsageError
from .pack import Pack, load_pack
from .tables import table_columns, table_rows
from .tidy import FILE_COLUMNS, RESULT_COLUMNS, tidy_row
from .validation import validate_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["FILE_COLUMNS", "RESULT_COLUMNS", "read_results", "validate_dask", "validate_file", "validate_frame"]

_FRAME = "<frame>"


def _pandas() -> Any:
    """pandas, an optional dependency: a UsageError saying how to install it where it is missing."""
    try:
        import pandas
    except ImportError:
        raise UsageError(
            Problem("this needs pandas, which is not installed", suggestion="pip install 'amity[pandas]'")
        ) from None
    return pandas


def _rows(frame: pd.DataFrame, name: str = _FRAME) -> Iterator[Row]:
    columns = table_columns([str(c) for c in frame.columns], name)
    return table_rows(frame.itertuples(index=False, name=None), columns, name)


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
    return _validated(frame, pack, engine=engine, jobs=jobs)


def validate_file(
    path: str | Path,
    pack: Pack | str | Path = "core",
    *,
    fmt: str | None = None,
    delimiter: str | None = None,
    ignore_unknown_columns: bool = False,
    engine: str = DEFAULT_ENGINE,
    jobs: int = 1,
) -> pd.DataFrame:
    """Validate every row of a dataset file; the results as a DataFrame, one row per input row, in order.

    The file is read by amity's own reader, as ``amity validate`` reads it (``fmt``, ``delimiter`` and
    ``ignore_unknown_columns`` as its options), so a row that cannot be read is a row of its own with
    ``status == "error"`` and its errors located (``file:line:column``): a CSV row short of a cell is
    "expected 27 cells as in the header, got 26", where ``pandas.read_csv`` would pad it with NaN, unknown,
    and ``validate_frame`` find it ok. The table is ``amity validate FILE -o results.csv`` read back with
    ``read_results``: every column of ``FILE_COLUMNS`` (``row`` and ``line`` too) with its dtype. A file that
    cannot be read at all (missing, or without a header) is a located InputError.
    """
    pd = _pandas()

    rows = read_rows(str(path), fmt, ignore_unknown_columns=ignore_unknown_columns, delimiter=delimiter)
    results = validate_rows(rows, _assessor_pack(pack), jobs=jobs, engine=engine)
    out = pd.DataFrame([tidy_row(rec) for rec in results], columns=list(FILE_COLUMNS))
    return out.astype(FILE_COLUMNS)


def _validated(
    frame: pd.DataFrame, pack: Pack | str | Path, *, engine: str, jobs: int = 1, name: str = _FRAME
) -> pd.DataFrame:
    """``validate_frame``'s table, its rows' problems located in the frame ``name`` (``<frame>``)."""
    pd = _pandas()

    rows = validate_rows(_rows(frame, name), _assessor_pack(pack), jobs=jobs, engine=engine)
    out = pd.DataFrame([tidy_row(rec) for rec in rows], columns=list(RESULT_COLUMNS), index=frame.index)
    return out.astype(RESULT_COLUMNS)


def _validated_partition(
    frame: pd.DataFrame, pack: str, engine: str, partition_info: dict[str, Any] | None = None
) -> pd.DataFrame:
    """One partition of a Dask DataFrame validated, its rows' problems located in it (``<partition 2>:
    /4/summits``, the position counted in the partition): ``<frame>: /4/summits`` would name a row of each
    partition."""
    number = (partition_info or {}).get("number")
    name = _FRAME if number is None else f"<partition {number}>"
    return _validated(frame, pack, engine=engine, name=name)


def validate_dask(frame: Any, pack: str | Path = "core", *, engine: str = DEFAULT_ENGINE) -> Any:
    """Validate a Dask DataFrame partition by partition (lazily: call ``.compute()``).

    ``pack`` is a bundled pack's name or a path every worker can read; each
    worker compiles it once per partition. A bad row's errors are located in
    its partition: ``<partition 2>: /4/summits`` (``frame.partitions[2]``, its
    fifth row).
    """
    pd = _pandas()

    if isinstance(pack, Pack):
        raise UsageError(Problem("validate_dask takes a pack's name or path, which every worker can load"))
    meta = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in RESULT_COLUMNS.items()})
    return frame.map_partitions(_validated_partition, pack=str(pack), engine=engine, meta=meta)


_PACKS: dict[str, Pack] = {}


def _assessor_pack(pack: Pack | str | Path) -> Pack:
    """A pack loaded once per process, for the partitions a worker validates."""
    if isinstance(pack, Pack):
        return pack
    key = str(pack)
    if key not in _PACKS:
        _PACKS[key] = load_pack(pack)
    return _PACKS[key]


#: the results formats read_results reads, by the file's suffix
RESULTS_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".parquet": "parquet"}


def read_results(path: str | Path, fmt: str | None = None) -> pd.DataFrame:
    """A results file that ``amity validate`` wrote (CSV, TSV or Parquet), with every column's dtype.

    The format is the file's suffix's (``RESULTS_SUFFIXES``), or ``fmt`` (csv, tsv or parquet) for a file
    named otherwise, as ``amity validate -f`` may write it.

    ``pandas.read_csv`` with no options infers each column's type from its
    values, so a column that is empty in every row (``errors`` in a run with no
    bad row, say) comes back as float64 NaN. This reads each column with its
    documented dtype (``FILE_COLUMNS``: ``string``, ``boolean``, ``Int64``)
    whatever it holds, so a missing value is always ``<NA>``; only an empty cell
    is missing (a label that reads ``NA`` stays a label). For CSV it is
    ``pd.read_csv(path, dtype=FILE_COLUMNS, keep_default_na=False, na_values=[""])``.
    """
    pd = _pandas()

    path = Path(path)
    kind = fmt or RESULTS_SUFFIXES.get(path.suffix.lower())
    if kind not in ("csv", "tsv", "parquet"):
        raise UsageError(
            Problem(
                f"cannot tell the format of '{path}'" if fmt is None else f"no results format '{fmt}'",
                Location(str(path)),
                "read_results reads the .csv, .tsv (.tab) and .parquet files amity validate writes; "
                "for a file named otherwise, give its format: fmt='csv', 'tsv' or 'parquet'",
            )
        )
    # a missing file, a folder, a file that cannot be read: located InputErrors, as every reader gives them
    with open_bytes(path) as handle:
        try:
            if kind == "parquet":
                frame = pd.read_parquet(handle)
            else:
                # only an empty cell is missing: a label or an id may well read "NA" or "None"
                frame = pd.read_csv(
                    handle,
                    sep="\t" if kind == "tsv" else ",",
                    dtype=FILE_COLUMNS,
                    keep_default_na=False,
                    na_values=[""],
                )
        except ValueError as exc:  # pandas' ParserError, pyarrow's ArrowInvalid, a cell not of its column's type
            raise InputError(
                Problem(
                    f"not an amity results file: {_first_line(exc)}",
                    Location(str(path)),
                    "read_results reads the .csv, .tsv and .parquet results files that amity validate writes",
                )
            ) from None
    missing = [c for c in FILE_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            Problem(
                f"not an amity results file: no column {', '.join(repr(c) for c in missing[:3])}"
                + (" …" if len(missing) > 3 else ""),
                Location(str(path)),
            )
        )
    return frame.astype(FILE_COLUMNS)


def _first_line(exc: Exception) -> str:
    """What a reader's error says, on one line (pandas' can run to several)."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
