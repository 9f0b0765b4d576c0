"""Validating labels over whole datasets: every row assessed, in order, none lost.

The pack is compiled once per worker process; rows travel in batches and
come back in input order. Rows with the same facts (common in dyad-year data,
where facts rarely change from year to year) are assessed once.
"""

from __future__ import annotations

import os
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import conditions as cond
from .assessment import DEFAULT_ENGINE, Assessment, Assessor, Decision
from .dataset import Row
from .document import Document
from .errors import InputError, Problem
from .pack import Pack, load_pack
from .schemas import check_profile
from .unknowns import Outcome
from .vocabulary import LEVELS, RATINGS, RISKS, VERDICTS
from .workers import WorkerPool

IDENTITY = ("id", "parties", "sources")
BATCH = 256
CACHE_SIZE = 8_192  # recent fact profiles kept; dyad-years repeat close together


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


FactsKey = tuple[Any, ...]


def facts_key(profile: Mapping[str, Any], keyed: tuple[str, ...]) -> FactsKey:
    """What an assessment depends on: the fields the pack tests and the declared label (``keyed``).

    Dyad-year rows that differ only in their year or identity share a key.
    """
    return tuple(_frozen(profile.get(name)) for name in keyed)


def _frozen(value: Any) -> Any:
    return tuple(sorted(value)) if isinstance(value, list) else value


@dataclass(frozen=True, slots=True)
class RowAssessment:
    """The part of an assessment a dataset row reports; rows with the same facts share one."""

    declared_label: str | None
    declared_level: str | None
    lexicon_entry: str | None  # the exact entry or grammar rung/entry that placed the label
    decided_by: str | None  # what decided the claim, also for an unrecognized label (a grammar rule)
    level: Outcome
    verdict: str | None
    possible_verdicts: tuple[str, ...]
    risks: dict[str, Outcome]
    hedging: Outcome
    reasons: tuple[str, ...]
    #: with ``explain``: the trace as ``Assessment.as_dict`` writes it, and the steps behind each conclusion
    explanation: dict[str, Any] | None = None

    @classmethod
    def of_decision(cls, d: Decision) -> RowAssessment:
        """The row from a decision, with no trace: what a batch computes for each distinct profile."""
        label = d.label
        return cls(
            declared_label=label.declared,
            declared_level=label.declared_level,
            lexicon_entry=label.designation.decided_by if label.declared_level is not None else None,
            decided_by=label.designation.decided_by,
            level=d.outcomes["level"],
            verdict=label.verdict,
            possible_verdicts=label.possible_verdicts,
            risks={risk: d.outcomes[f"risk:{risk}"] for risk in RISKS},
            hedging=d.outcomes["hedging"],
            reasons=((label.summary,) if label.summary else ()) + tuple(str(r) for r in label.reasons),
        )

    @classmethod
    def of(cls, a: Assessment, *, explain: bool = False) -> RowAssessment:
        label = a.label
        return cls(
            declared_label=label.declared,
            declared_level=label.declared_level,
            lexicon_entry=label.designation.decided_by if label.declared_level is not None else None,
            decided_by=label.designation.decided_by,
            level=a.level,
            verdict=label.verdict,
            possible_verdicts=label.possible_verdicts,
            risks={risk: r.outcome for risk, r in a.risks.items()},
            hedging=a.hedging,
            reasons=((label.summary,) if label.summary else ()) + tuple(str(r) for r in label.reasons),
            explanation=_explained(a) if explain else None,
        )


def _row(assessor: Assessor, profile: dict[str, Any], explain: bool) -> RowAssessment:
    if explain:
        return RowAssessment.of(assessor.assess(profile, checked=True), explain=True)
    return RowAssessment.of_decision(assessor.decide(profile, checked=True))


def _explained(a: Assessment) -> dict[str, Any]:
    """What ``--explain`` adds to a row: the trace, and which of its steps conclude what."""
    data = a.as_dict()
    return {
        "level_because": data["level_because"],
        "risk_reasons": {risk: r["reasons"] for risk, r in data["risks"].items()},
        "hedging_because": data["hedging_detail"]["because"],
        "findings": data["findings"],
        "trace": data["trace"],
    }


@dataclass(frozen=True, slots=True)
class RowResult:
    """One output record: a row's identity, then its assessment or its errors."""

    row: int
    line: int | None
    id: str | None
    parties: tuple[str, ...] | None
    assessment: RowAssessment | None
    errors: tuple[Problem, ...] = ()
    declared_label: str | None = None  # of a row with errors, when it states one

    @property
    def status(self) -> str:
        return "ok" if self.assessment is not None else "error"

    def as_dict(self) -> dict[str, Any]:
        """The record as JSON output carries it."""
        out: dict[str, Any] = {
            "row": self.row,
            "line": self.line,
            "id": self.id,
            "parties": list(self.parties) if self.parties is not None else None,
            "status": self.status,
        }
        a = self.assessment
        if a is None:
            out.update(dict.fromkeys(_EMPTY))
            out["declared_label"] = self.declared_label
        else:
            out.update(
                {
                    "declared_label": a.declared_label,
                    "declared_level": a.declared_level,
                    "lexicon_entry": a.lexicon_entry,
                    "decided_by": a.decided_by,
                    "level": a.level.value,
                    "possible_levels": list(a.level.possible),
                    "deciding_facts": list(a.level.deciding),
                    "verdict": a.verdict,
                    "possible_verdicts": list(a.possible_verdicts),
                    "risks": {r: {"rating": o.value, "possible_ratings": list(o.possible)} for r, o in a.risks.items()},
                    "hedging": a.hedging.value,
                    "reasons": list(a.reasons),
                }
            )
        out["errors"] = [p.as_dict() for p in self.errors]
        if a is not None and a.explanation is not None:
            out.update(a.explanation)
        return out


# --------------------------------------------------------------------------- workers

_ASSESSOR: Assessor | None = None


def _init_worker(pack: Pack, engine: str) -> None:
    global _ASSESSOR
    _ASSESSOR = Assessor(pack, engine=engine)


def _assess_task(task: tuple[list[dict[str, Any]], bool]) -> list[RowAssessment]:
    return _assess_batch(*task)


def _assess_batch(profiles: list[dict[str, Any]], explain: bool = False) -> list[RowAssessment]:
    assert _ASSESSOR is not None
    return [_row(_ASSESSOR, p, explain) for p in profiles]


# --------------------------------------------------------------------------- records


def record(row: Row, assessment: RowAssessment | None) -> RowResult:
    """One output record: the row's identity, then its assessment or its errors."""
    ident, parties = row.identity
    if assessment is None:
        label = (row.partial or {}).get("declared_label")
        return RowResult(
            row.number,
            row.line,
            ident,
            tuple(parties) if parties is not None else None,
            None,
            tuple(row.problems),
            label if isinstance(label, str) and label else None,
        )
    return RowResult(row.number, row.line, ident, tuple(parties) if parties is not None else None, assessment)


_EMPTY = (
    "declared_label",
    "declared_level",
    "lexicon_entry",
    "decided_by",
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
    cases: dict[str, list[RowResult]] = field(default_factory=lambda: {"inflated": [], "deflated": []})
    error_rows: list[RowResult] = field(default_factory=list)
    # the to-do list: rows whose level is open, by each unknown fact that would help decide it
    undecided: int = 0
    to_look_up: dict[str, list[RowResult]] = field(default_factory=dict)
    to_look_up_counts: dict[str, int] = field(default_factory=dict)
    # labels the pack's lexicon cannot place, with the rows that declare them
    unrecognized: dict[str, list[RowResult]] = field(default_factory=dict)
    unrecognized_counts: dict[str, int] = field(default_factory=dict)

    def add(self, rec: RowResult) -> None:
        self.rows += 1
        a = rec.assessment
        if a is None:
            self.errors += 1
            if len(self.error_rows) < CASES_KEPT:
                self.error_rows.append(rec)
            return
        if a.level.value is None:
            self.undecided += 1
            for fact in a.level.deciding:
                _keep(self.to_look_up, self.to_look_up_counts, fact, rec)
        if a.declared_label is not None and a.declared_level is None:
            _keep(self.unrecognized, self.unrecognized_counts, a.declared_label, rec)
        verdict = a.verdict or "undecided"
        self.verdicts[verdict] += 1
        declared = a.declared_level or ("undeclared" if a.declared_label is None else "unrecognized")
        self.matrix[declared][a.level.value or "undecided"] += 1
        for risk, outcome in a.risks.items():
            self.risks[risk][outcome.value or "undecided"] += 1
        h = a.hedging.value
        self.hedging["undecided" if h is None else "true" if h else "false"] += 1
        if verdict in self.cases and len(self.cases[verdict]) < CASES_KEPT:
            self.cases[verdict].append(rec)


def _keep(kept: dict[str, list[RowResult]], counts: dict[str, int], key: str, rec: RowResult) -> None:
    """Count rec under key, and keep it while few are kept (constant memory, however long the run)."""
    counts[key] = counts.get(key, 0) + 1
    rows = kept.get(key)
    if rows is None:
        if len(kept) >= CASES_KEPT:
            return
        rows = kept[key] = []
    if len(rows) < CASES_KEPT:
        rows.append(rec)


def validate_rows(
    rows: Iterable[Row],
    pack: Pack | str | Path = "core",
    *,
    jobs: int = 1,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    summary: Summary | None = None,
    engine: str = DEFAULT_ENGINE,
    explain: bool = False,
) -> Iterator[RowResult]:
    """Assess each row and yield one record per row, in input order.

    With ``strict``, the first bad row raises InputError instead of being reported.
    With ``explain``, each assessment keeps its trace (``RowAssessment.explanation``).
    """
    pack = pack if isinstance(pack, Pack) else load_pack(pack)
    summary = summary if summary is not None else Summary()
    cache: OrderedDict[FactsKey, RowAssessment] = OrderedDict()
    tested = (*sorted(cond.field_tests(r.when for r in pack.rules)), "declared_label")
    batches = _batches(rows, strict)
    if jobs <= 1:
        assessor = Assessor(pack, engine=engine)

        def run(profiles: list[dict[str, Any]]) -> Any:
            return _Done([_row(assessor, p, explain) for p in profiles])

        yield from _pipeline(batches, run, cache, 1, summary, progress, tested)
        return
    # the workers ignore SIGINT and SIGTERM: an interrupt reaches this process, which kills them all
    pool = WorkerPool(jobs, _init_worker, (pack, engine), _assess_task)
    try:
        yield from _pipeline(
            batches, lambda profiles: pool.submit((profiles, explain)), cache, 2 * jobs + 2, summary, progress, tested
        )
    except BaseException:  # an interrupt, an error, or the caller closing the generator early
        pool.kill()
        raise
    pool.close()


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
    refs: list[tuple[dict[FactsKey, RowAssessment], FactsKey] | None]
    fresh: list[FactsKey]
    results: dict[FactsKey, RowAssessment]
    handle: Any = None


def _pipeline(
    batches: Iterator[list[Row]],
    submit: Callable[[list[dict[str, Any]]], Any],
    cache: OrderedDict[FactsKey, RowAssessment],
    window: int,
    summary: Summary,
    progress: Callable[[int], None] | None,
    tested: tuple[str, ...],
) -> Iterator[RowResult]:
    inflight: deque[_Batch] = deque()
    if progress:  # the run has begun (and any worker processes have started): a progress line may tick from now
        progress(0)
    # key -> the results dict of the in-flight batch assessing it
    pending: dict[FactsKey, dict[FactsKey, RowAssessment]] = {}

    def emit() -> Iterator[RowResult]:
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
    profiles: Iterable[Mapping[str, Any]],
    pack: Pack | str | Path = "core",
    *,
    jobs: int = 1,
    engine: str = DEFAULT_ENGINE,
) -> Iterator[RowResult]:
    """Validate the labels of many profiles; one ``RowResult`` per profile, in order.

    Invalid profiles give a result with ``status == "error"`` and located ``errors``.
    ``validate_frame`` does the same for a pandas DataFrame.
    """

    def rows() -> Iterator[Row]:
        for i, profile in enumerate(profiles, start=1):
            row = Row(i, None, partial=dict(profile))  # a bad row is still named by its id and parties
            try:
                check_profile(Document(dict(profile)))
                row.profile = dict(profile)
            except InputError as exc:
                row.problems = exc.problems
            yield row

    return validate_rows(rows(), pack, jobs=jobs, engine=engine)


__all__ = ["RowAssessment", "RowResult", "Summary", "default_jobs", "facts_key", "validate", "validate_rows"]
