"""The tidy results table: one row per input row, one column per value.

It is the one source of the results' columns for every table amity writes or
returns: CSV and TSV files, Parquet files, and ``validate_frame``'s DataFrame.
Each column has one pandas dtype and a description; the README's column
reference is generated from ``COLUMNS`` (a test keeps the two equal).

Lists are ``;``-joined (``low;moderate``); sentences (reasons, errors) are
``" | "``-joined. An empty cell (``None`` here) is a missing value: a value not
decided yet, or one that does not apply. This module needs neither pandas nor
pyarrow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .validation import RowResult
from .vocabulary import RISKS

__all__ = [
    "COLUMNS",
    "FILE_COLUMNS",
    "POSITION_COLUMNS",
    "RESULT_COLUMNS",
    "Column",
    "columns_markdown",
    "tidy_row",
    "tidy_values",
]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the results: its name, its pandas dtype, and what it holds."""

    name: str
    dtype: str  # a pandas dtype name: string, boolean or Int64
    description: str


_RISK_WORDS = {
    "entrapment": "being drawn into a partner's conflict",
    "abandonment": "being left alone when it counts",
    "asymmetry": "one side depending on the other far more",
    "fragility": "the tie breaking under strain",
}

#: Every column, in order. ``row`` and ``line`` locate a row of a file; a DataFrame's index does that instead.
COLUMNS: tuple[Column, ...] = (
    Column("row", "Int64", "The row's number in the input, from 1."),
    Column(
        "line",
        "Int64",
        "The line the row starts on (CSV, TSV, JSON Lines, YAML, JSON); empty for Parquet, which has no lines.",
    ),
    Column("id", "string", "The row's `id`, as given; empty when it has none."),
    Column("parties", "string", "The two parties, `;`-joined, in the input's order (`USA;JPN`)."),
    Column("status", "string", "`ok`, or `error` when the row could not be assessed (see `errors`)."),
    Column("declared_label", "string", "The official label as declared; empty when none is."),
    Column(
        "declared_level",
        "string",
        "The level the label claims, placed by the pack's lexicon; empty when the label is undeclared or unrecognized.",
    ),
    Column(
        "lexicon_entry",
        "string",
        "What placed the label at the level it claims: the id of the exact lexicon entry, or of the designation "
        "grammar's entry or rung (as in `decided_by`); empty when the label is undeclared or unrecognized.",
    ),
    Column(
        "decided_by",
        "string",
        "What read the label: the id of the exact lexicon entry, of the designation grammar's entry or rung, or of "
        "the grammar rule that left it unrecognized; empty when no label is declared.",
    ),
    Column("level", "string", "The inferred level; empty while unknown facts leave it open."),
    Column("possible_levels", "string", "The levels still possible, `;`-joined, lowest first (one when decided)."),
    Column(
        "verdict",
        "string",
        "`consistent`, `inflated`, `deflated`, `unrecognized` or `undeclared`; empty while undecided.",
    ),
    Column("possible_verdicts", "string", "The verdicts still possible, `;`-joined (one when decided)."),
    *(
        column
        for risk in RISKS
        for column in (
            Column(
                risk,
                "string",
                f"The {risk} risk ({_RISK_WORDS[risk]}): `low`, `moderate` or `high`; empty while undecided.",
            ),
            Column(f"{risk}_possible", "string", f"The {risk} ratings still possible, `;`-joined (one when decided)."),
        )
    ),
    Column("hedging", "boolean", "Whether the tie is used to hedge: `true` or `false`; empty while undecided."),
    Column("hedging_possible", "string", "The hedging values still possible: `false`, `true` or `false;true`."),
    Column(
        "deciding_facts",
        "string",
        "The unknown facts that would decide the level, `;`-joined; empty when the level is decided.",
    ),
    Column(
        "inexact",
        "string",
        "The outputs (`level`, a risk, `hedging`) whose possible values may include some that no completion of the "
        "unknown facts reaches, `;`-joined: the search over unknown facts ran out of its budget, and amity lists "
        "what it can prove rather than guess. Empty when every list of possible values is exact (always, with the "
        "bundled packs).",
    ),
    Column(
        "reasons",
        "string",
        'What separates the declared level from the inferred one, `" | "`-joined: for an inflated label what the '
        "claimed level lacks, for a deflated one the rules that support more; empty when nothing does.",
    ),
    Column(
        "errors",
        "string",
        "Every problem of a row that could not be assessed, located (`file:line:column: /field: message "
        '(suggestion)`), `" | "`-joined; empty for a row that was assessed.',
    ),
)

_BY_NAME = {c.name: c for c in COLUMNS}
#: The columns that place a row in its file.
POSITION_COLUMNS: dict[str, str] = {c.name: c.dtype for c in COLUMNS if c.name in ("row", "line")}
#: The results proper, with their pandas dtypes: what ``validate_frame`` returns.
RESULT_COLUMNS: dict[str, str] = {c.name: c.dtype for c in COLUMNS if c.name not in POSITION_COLUMNS}
#: The columns of a results file (CSV, TSV, Parquet): the position, then the results.
FILE_COLUMNS: dict[str, str] = {c.name: c.dtype for c in COLUMNS}


def _joined(items: Sequence[str] | None) -> str | None:
    return ";".join(items) if items else None


def _truths(items: tuple[bool, ...]) -> str:
    found = _TRUTHS.get(items)
    return found if found is not None else ";".join("true" if i else "false" for i in items)


#: hedging's possible values as written, for the few tuples there are
_TRUTHS: dict[tuple[bool, ...], str] = {
    values: ";".join("true" if v else "false" for v in values)
    for values in ((), (False,), (True,), (False, True), (True, False))
}


def _sentences(items: Iterable[Any]) -> str | None:
    return " | ".join(str(i) for i in items) or None


def tidy_row(rec: RowResult) -> dict[str, Any]:
    """A result as one tidy row (every column of ``COLUMNS``): strings, a bool, ints, None where empty."""
    return dict(zip(_NAMES, tidy_values(rec), strict=True))


_NAMES = tuple(_BY_NAME)
#: what an unassessed row leaves empty: every column after declared_label but the last (errors)
_UNASSESSED = (None,) * (len(COLUMNS) - 7)


def tidy_values(rec: RowResult) -> list[Any]:
    """The values of ``tidy_row``, in the order of ``COLUMNS``."""
    a = rec.assessment
    parties = ";".join(rec.parties) if rec.parties else None
    if a is None:
        return [rec.row, rec.line, rec.id, parties, "error", rec.declared_label, *_UNASSESSED, _sentences(rec.errors)]
    level = a.level
    values = [
        rec.row,
        rec.line,
        rec.id,
        parties,
        "ok",
        a.declared_label,
        a.declared_level,
        a.lexicon_entry,
        a.decided_by,
        level.value,
        ";".join(level.possible) or None,
        a.verdict,
        ";".join(a.possible_verdicts) or None,
    ]
    risks = a.risks
    for risk in RISKS:
        outcome = risks.get(risk)
        if outcome is None:
            values += (None, None)
        else:
            values += (outcome.value, ";".join(outcome.possible) or None)
    hedging = a.hedging
    values += (
        hedging.value,
        _truths(hedging.possible),
        ";".join(level.deciding) or None,
        ";".join(a.inexact) or None,
        " | ".join(map(str, a.reasons)) or None,
        None,
    )
    return values


def columns_markdown() -> str:
    """The column reference, as the README shows it (a test keeps the README's copy equal)."""
    lines = ["| column | dtype | what it holds |", "|---|---|---|"]
    for c in COLUMNS:
        text = c.description.replace("|", "\\|")  # a pipe would end the cell
        lines.append(f"| `{c.name}` | `{c.dtype}` | {text} |")
    return "\n".join(lines) + "\n"
