"""Validating labels over whole datasets: every row assessed, in order, none lost.

The pack is compiled once per worker process; rows travel in batches and
come back in input order. Rows with the same facts (common in dyad-year data,
where facts rarely change from year to year) are assessed once.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import conditions as cond
from .assessment import Assessor, check_profile
from .dataset import Row
from .document import Document
from .errors import InputError
from .pack import Pack, load_pack
from .vocabulary import LEVELS, RATINGS, RISKS, VERDICTS, fields

IDENTITY = ("id", "parties", "sources")
BATCH = 256
CACHE_SIZE = 8_192  # recent fact profiles kept; dyad-years repeat close together


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def facts_key(profile: Mapping[str, Any], tested: frozenset[str]) -> str:
    """What an assessment depends on: the fields the pack tests and the declared label.

    Dyad-year rows that differ only in their year or identity share a key.
    """
    kinds = fields()
    normal = {}
    for k, v in profile.items():
        if v is None or (k not in tested and k != "declared_label"):
            continue
        normal[k] = sorted(v) if kinds[k].kind == "set" else v
    return json.dumps(normal, sort_keys=True)


def _reasons(label: dict[str, Any]) -> list[str]:
    out = []
    for r in label["reasons"]:
        if "supports" in r:
            out.append(f"{r['rule']} supports {r['supports']}")
        else:
            out.append(f"{r['rule']} lacks {'; '.join(r['unmet'])}")
    return out


def summarize(assessment: dict[str, Any]) -> dict[str, Any]:
    """The part of an assessment a dataset row reports (identity excluded)."""
    label = assessment["label"]
    return {
        "declared_label": label["declared"],
        "declared_level": label["declared_level"],
        "level": assessment["level"],
        "possible_levels": assessment["possible_levels"],
        "deciding_facts": assessment["deciding_facts"],
        "verdict": label["verdict"],
        "possible_verdicts": label["possible_verdicts"],
        "risks": {
            r: {"rating": v["rating"], "possible_ratings": v["possible_ratings"]}
            for r, v in assessment["risks"].items()
        },
        "hedging": assessment["hedging"],
        "reasons": _reasons(label),
    }


# --------------------------------------------------------------------------- workers

_ASSESSOR: Assessor | None = None


def _init_worker(pack: Pack) -> None:
    global _ASSESSOR
    _ASSESSOR = Assessor(pack)


def _assess_batch(profiles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert _ASSESSOR is not None
    return [summarize(_ASSESSOR.assess(p, checked=True, trace=False)) for p in profiles]


# --------------------------------------------------------------------------- records


def record(row: Row, summary: dict[str, Any] | None) -> dict[str, Any]:
    """One output record: the row's identity, then its result or its errors."""
    ident, parties = row.identity
    base: dict[str, Any] = {
        "row": row.number,
        "line": row.line,
        "id": ident,
        "parties": parties,
        "status": "ok" if summary is not None else "error",
    }
    if summary is None:
        base.update({key: None for key in _EMPTY})
        label = (row.partial or {}).get("declared_label")
        base["declared_label"] = label if isinstance(label, str) and label else None
        base["errors"] = [p.as_dict() for p in row.problems]
        return base
    base.update(summary)
    base["errors"] = []
    return base


_EMPTY = (
    "declared_label",
    "declared_level",
    "level",
    "possible_levels",
    "deciding_facts",
    "verdict",
    "possible_verdicts",
    "risks",
    "hedging",
    "reasons",
)


DECLARED_AXIS = (*LEVELS, "unrecognized", "undeclared")
INFERRED_AXIS = (*LEVELS, "undecided")
CASES_KEPT = 500


@dataclass
class Summary:
    """What a run found, accumulated row by row in constant memory."""

    rows: int = 0
    errors: int = 0
    assessed: int = 0  # distinct fact profiles assessed
    merged: int = 0  # rows whose facts had been assessed already
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*VERDICTS, "undecided"), 0))
    matrix: dict[str, dict[str, int]] = field(
        default_factory=lambda: {d: dict.fromkeys(INFERRED_AXIS, 0) for d in DECLARED_AXIS}
    )
    risks: dict[str, dict[str, int]] = field(
        default_factory=lambda: {r: dict.fromkeys((*RATINGS, "undecided"), 0) for r in RISKS}
    )
    hedging: dict[str, int] = field(default_factory=lambda: {"true": 0, "false": 0, "undecided": 0})
    cases: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"inflated": [], "deflated": []})
    error_rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, rec: dict[str, Any]) -> None:
        self.rows += 1
        if rec["status"] == "error":
            self.errors += 1
            if len(self.error_rows) < CASES_KEPT:
                self.error_rows.append({"row": rec["row"], "line": rec["line"], "errors": rec["errors"]})
            return
        verdict = rec["verdict"] or "undecided"
        self.verdicts[verdict] += 1
        declared = rec["declared_level"] or ("undeclared" if rec["declared_label"] is None else "unrecognized")
        self.matrix[declared][rec["level"] or "undecided"] += 1
        for risk, r in rec["risks"].items():
            self.risks[risk][r["rating"] or "undecided"] += 1
        h = rec["hedging"]
        self.hedging["undecided" if h is None else "true" if h else "false"] += 1
        if verdict in self.cases and len(self.cases[verdict]) < CASES_KEPT:
            self.cases[verdict].append(
                {
                    key: rec[key]
                    for key in ("row", "id", "parties", "declared_label", "declared_level", "level", "reasons")
                }
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "errors": self.errors,
            "assessed": self.assessed,
            "merged": self.merged,
            "verdicts": self.verdicts,
            "matrix": self.matrix,
            "risks": self.risks,
            "hedging": self.hedging,
            "cases": self.cases,
            "error_rows": self.error_rows,
        }


def validate_rows(
    rows: Iterable[Row],
    pack: Pack | str | Path = "core",
    *,
    jobs: int = 1,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    summary: Summary | None = None,
) -> Iterator[dict[str, Any]]:
    """Assess each row and yield one record per row, in input order.

    With ``strict``, the first bad row raises InputError instead of being reported.
    """
    pack = pack if isinstance(pack, Pack) else load_pack(pack)
    summary = summary if summary is not None else Summary()
    cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
    tested = frozenset(cond.field_tests(r.when for r in pack.rules))
    batches = _batches(rows, strict)
    if jobs <= 1:
        assessor = Assessor(pack)

        def run(profiles: list[dict[str, Any]]) -> Any:
            return _Done([summarize(assessor.assess(p, checked=True, trace=False)) for p in profiles])

        yield from _pipeline(batches, run, cache, 1, summary, progress, tested)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(pack,)) as pool:
        yield from _pipeline(
            batches,
            lambda profiles: pool.apply_async(_assess_batch, (profiles,)),
            cache,
            2 * jobs + 2,
            summary,
            progress,
            tested,
        )


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


def _batches(rows: Iterable[Row], strict: bool) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        if strict and not row.ok:
            raise InputError(row.problems)
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class _Batch:
    """Rows on their way: each row refers to the results (of this or an earlier batch) holding its summary."""

    rows: list[Row]
    refs: list[tuple[dict[str, Any], str] | None]
    fresh: list[str]
    results: dict[str, Any]
    handle: Any = None


def _pipeline(
    batches: Iterator[list[Row]],
    submit: Callable[[list[dict[str, Any]]], Any],
    cache: OrderedDict[str, dict[str, Any]],
    window: int,
    summary: Summary,
    progress: Callable[[int], None] | None,
    tested: frozenset[str],
) -> Iterator[dict[str, Any]]:
    inflight: deque[_Batch] = deque()
    pending: dict[str, dict[str, Any]] = {}  # key -> the results dict of the in-flight batch assessing it

    def emit() -> Iterator[dict[str, Any]]:
        batch = inflight.popleft()
        for key, result in zip(batch.fresh, batch.handle.get(), strict=True):
            batch.results[key] = cache[key] = result
            del pending[key]
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
        for row, ref in zip(batch.rows, batch.refs, strict=True):
            rec = record(row, ref[0][ref[1]] if ref is not None else None)
            summary.add(rec)
            yield rec
        if progress:
            progress(summary.rows)

    for rows in batches:
        batch = _Batch(rows, [], [], {})
        profiles: list[dict[str, Any]] = []
        for row in rows:
            if not row.ok:
                batch.refs.append(None)
                continue
            key = facts_key(row.profile or {}, tested)
            if key in cache:  # assessed already: hold on to its summary now
                cache.move_to_end(key)
                batch.refs.append(({key: cache[key]}, key))
                summary.merged += 1
            elif key in pending:  # being assessed by an earlier batch, emitted before this one
                batch.refs.append((pending[key], key))
                summary.merged += 1
            else:
                pending[key] = batch.results
                batch.refs.append((batch.results, key))
                batch.fresh.append(key)
                profiles.append(row.profile or {})
        summary.assessed += len(profiles)
        batch.handle = submit(profiles)
        inflight.append(batch)
        while len(inflight) >= window:
            yield from emit()
    while inflight:
        yield from emit()


def validate(
    profiles: Iterable[Mapping[str, Any]], pack: Pack | str | Path = "core", *, jobs: int = 1
) -> Iterator[dict[str, Any]]:
    """Validate the labels of many profiles; one result dictionary per profile, in order.

    Invalid profiles give a record with ``status: "error"`` and located ``errors``.
    ``pandas.DataFrame(validate(rows))`` is a table of the results.
    """

    def rows() -> Iterator[Row]:
        for i, profile in enumerate(profiles, start=1):
            row = Row(i, None)
            try:
                check_profile(Document(dict(profile)))
                row.profile = dict(profile)
            except InputError as exc:
                row.problems = exc.problems
            yield row

    return validate_rows(rows(), pack, jobs=jobs)


__all__ = ["Summary", "default_jobs", "facts_key", "summarize", "validate", "validate_rows"]
