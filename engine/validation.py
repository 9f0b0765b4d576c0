"""Validating labels over whole datasets: every row assessed, in order, none lost.

The pack is compiled once per worker process; rows travel in batches and
come back in input order. A row whose facts a recent row shares (common in
dyad-year data, where facts rarely change from year to year) takes that row's
assessment (``_Recent``).
"""

from __future__ import annotations

import os
from array import array
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, ClassVar

from . import conditions as cond
from . import frozen
from .assessment import DEFAULT_ENGINE, Assessment, Assessor, Decision, not_a_profile
from .dataset import Row, RowBatch, batches_of
from .document import Document
from .errors import InputError, Problem, UsageError
from .evaluator import Reached
from .label_check import LabelCheck
from .pack import Pack, load_pack
from .risks import RISK_OUTPUTS
from .schema_checks import profile_is_valid, whole_numbers
from .schemas import check_profile
from .unknowns import Outcome
from .vocabulary import LEVELS, RATINGS, RISKS, VERDICTS, fields
from .workers import WorkerPool

IDENTITY = ("id", "parties", "sources")
#: rows a batch holds where it crosses to a worker process (``--jobs 2``): each crossing costs, so a few hundred
BATCH = 256
#: rows a batch holds where it is assessed in the caller's process (``jobs=1``): few enough that what a batch
#: keeps alive until it is handed on (its rows, their records) stays under the garbage collector's first
#: threshold (700 new objects), so that a run does not make the collector walk, again and again, its records
#: and all the caller holds (bench/README.md, "The garbage collector")
LOCAL_BATCH = 64
#: the most of anything a batch keeps for rows to come: recent fact profiles (``_Recent``), rows shared by
#: their label check and outcomes (``_Work.assessed``), facts counted as shared by the summary
CACHE_SIZE = 8_192


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
    return tuple([tuple(sorted(v)) if v.__class__ is list else v for v in map(profile.get, keyed)])


@frozen.python_class  # built by frozen.build or pickled: a Python class where this module is compiled
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
    #: the outputs whose possible values are a proven superset (the search over unknowns ran out of budget)
    inexact: tuple[str, ...] = ()
    #: the words of the declared label the pack's grammar does not know, which refused it; empty for any other
    unknown_words: tuple[str, ...] = ()
    #: of those, each one that likely misspells a word of the grammar, with that word ('Stratgic', 'Strategic')
    misspelt: tuple[tuple[str, str], ...] = ()
    #: for a declared label no rung places, the designation's sentence on why, to show as it is ("'2.0' comes
    #: after the designation: ..."); empty for any other
    unplaced_because: str = ""
    #: with ``explain``: the trace as ``Assessment.as_dict`` writes it, and the steps behind each conclusion
    explanation: dict[str, Any] | None = None

    @classmethod
    def of_decision(cls, d: Decision, risks: dict[str, Outcome] | None = None) -> RowAssessment:
        """The row from a decision, with no trace: what a batch computes for each distinct profile.

        ``risks``: the decision's risk outcomes by risk, where the caller has them (``risks_of``)."""
        return _row_of_decision(cls, d, risks)

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
            reasons=((label.summary,) if label.summary else ()) + tuple(r.text for r in label.reasons),
            inexact=tuple(name.removeprefix("risk:") for name in a.inexact),
            explanation=_explained(a) if explain else None,
            unknown_words=label.designation.unknown_words,
            misspelt=label.designation.misspelt,
            unplaced_because=label.designation.explanation
            if label.declared is not None and label.declared_level is None
            else "",
        )


def _row_of_decision(cls: type[RowAssessment], d: Decision, risks: dict[str, Outcome] | None) -> RowAssessment:
    """``RowAssessment.of_decision``, called as a function where this module is compiled (a classmethod of a
    Python class is looked up, and bound, at each call)."""
    label, outcomes = d.label, d.outcomes
    designation = label.designation
    declared, placed = designation.declared, designation.level
    decided_by = designation.decided_by
    return frozen.build(  # by position, in the order of the fields (the keywords would cost a fifth as much again)
        cls,
        declared,  # declared_label
        placed,  # declared_level
        decided_by if placed is not None else None,  # lexicon_entry
        decided_by,
        outcomes["level"],
        label.verdict,
        label.possible_verdicts,
        risks_of(outcomes) if risks is None else risks,
        outcomes["hedging"],
        (label.summary, *[r.text for r in label.reasons]) if label.summary else (),  # reasons
        () if d.evaluation.settled else _inexact(outcomes),  # inexact
        designation.unknown_words,
        designation.misspelt,
        designation.explanation if declared is not None and placed is None else "",  # unplaced_because
    )


def risks_of(outcomes: Mapping[str, Outcome]) -> dict[str, Outcome]:
    """The risk outcomes of a decision's outcomes (by output: ``risk:entrapment``), by risk (``entrapment``)."""
    return {risk: outcomes[output] for risk, output in RISK_OUTPUTS}


def _inexact(outcomes: Mapping[str, Outcome]) -> tuple[str, ...]:
    return tuple(name.removeprefix("risk:") for name, o in outcomes.items() if not o.exact)


def _explained(a: Assessment) -> dict[str, Any]:
    """What ``--explain`` adds to a row: the trace, which of its steps conclude what, and the verdict's
    reasons citing those steps (in place of the reasons that cite none, which the reports show)."""
    data = a.as_dict()
    label = a.label
    return {
        "reasons": [*((label.summary,) if label.summary else ()), *(r.cited for r in label.reasons)],
        "level_because": data["level_because"],
        "risk_reasons": {risk: r["reasons"] for risk, r in data["risks"].items()},
        "hedging_because": data["hedging_detail"]["because"],
        "findings": data["findings"],
        "trace": data["trace"],
    }


@frozen.python_class  # built by frozen.build or pickled: a Python class where this module is compiled
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

    @property
    def case(self) -> str:
        """What names the row: its id, else its parties."""
        return self.id or "–".join(self.parties or ())

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
                    "risks": {
                        r: {"rating": o.value, "possible_ratings": list(o.possible), **_EXACT[o.exact]}
                        for r, o in a.risks.items()
                    },
                    "hedging": a.hedging.value,
                    "reasons": list(a.reasons),
                }
            )
            # present (false) only when the search over unknowns ran out of budget, as in an assessment
            if not a.level.exact:
                out["level_exact"] = False
            if not a.hedging.exact:
                out["hedging_exact"] = False
        out["errors"] = [p.as_dict() for p in self.errors]
        if a is not None and a.explanation is not None:
            out.update(a.explanation)
        return out


# --------------------------------------------------------------------------- records


def record(row: Row, assessment: RowAssessment | None) -> RowResult:
    """One output record: the row's identity, then its assessment or its errors."""
    profile = row.profile
    if assessment is not None and profile is not None:  # checked: an id is a string, parties a list of them
        parties = profile.get("parties")
        return frozen.build(
            RowResult, row.number, row.line, profile.get("id"), tuple(parties) if parties else None, assessment
        )
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


_EXACT: dict[bool, dict[str, bool]] = {True: {}, False: {"exact": False}}

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
#: distinct unrecognized labels counted one by one; the rows of labels that come after are counted together,
#: so that memory stays flat even where every row declares a label of its own (a free-text column, say)
LABELS_COUNTED = 10_000
#: the distinct ids a run keeps to tell the ids on more than one row (32 bytes each, 32 MiB in all): the ids
#: of rows after them are not checked (``Summary.ids_unchecked``), so that memory stays flat
IDS_CHECKED = 1 << 20


@frozen.python_class  # built by frozen.build or pickled: a Python class where this module is compiled
@dataclass(frozen=True, slots=True)
class CrossedYears:
    """A row whose framework is ``established`` after the year its facts describe (``as_of``): a slip in one of
    the two years, to check (the row is assessed all the same)."""

    row: int
    line: int | None
    case: str  # its id, else its parties
    established: int
    as_of: int


@frozen.python_class  # built by frozen.build or pickled: a Python class where this module is compiled
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
    #: of each fact's rows, those whose verdict is open too (a level may be open while its verdict is not)
    to_look_up_verdicts: dict[str, int] = field(default_factory=dict)
    # the to-do list's second part: rows whose risk ratings or hedging are open, by each unknown fact that
    # would help decide them, and for each fact how many rows of each open output (risk or hedging) it decides
    open_risks: int = 0
    risk_look_up: dict[str, list[RowResult]] = field(default_factory=dict)
    risk_look_up_counts: dict[str, int] = field(default_factory=dict)
    risk_look_up_decides: dict[str, dict[str, int]] = field(default_factory=dict)
    # labels the pack's lexicon cannot place, with the rows that declare them
    unrecognized: dict[str, list[RowResult]] = field(default_factory=dict)
    unrecognized_counts: dict[str, int] = field(default_factory=dict)  # the first LABELS_COUNTED labels
    unrecognized_uncounted: int = 0  # rows whose label came after LABELS_COUNTED others, counted together
    #: ids on more than one row, in the order they first repeat: each with its rows (row, line), the first
    #: CASES_KEPT ids and rows of each kept, and its count of rows; every row is still assessed and reported
    repeated_ids: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    repeated_id_counts: dict[str, int] = field(default_factory=dict)
    ids_repeated: int = 0  # ids on more than one row, kept or not
    ids_unchecked: int = 0  # rows whose id came after IDS_CHECKED other ids: not checked for repeats
    #: rows whose framework is ``established`` after the year their facts describe (``as_of``): a slip in
    #: one of the years, to check; each is assessed all the same. The first CASES_KEPT rows, and their count
    years_to_check: list[CrossedYears] = field(default_factory=list)
    years_crossed: int = 0
    #: the fields some assessed row gives (a value, not unknown): a fact to look up that no row gives is a
    #: column the dataset lacks, or leaves empty, whole. Noted from each row's facts, which ``add`` does not see,
    #: so left out of a comparison of summaries, as ``bounded`` is
    given: set[str] = field(default_factory=set, compare=False)
    #: whether LABELS_COUNTED bounds the labels counted, and CASES_KEPT the facts whose rows are kept; not
    #: for a batch's part, which the run's summary bounds when it is merged (in input order, as if its rows
    #: were added one by one)
    bounded: bool = field(default=True, compare=False, repr=False)

    def given_nowhere(self, fact: str) -> bool:
        """Whether no assessed row gives ``fact`` (every row needs its parties: a run that noted none noted
        nothing)."""
        return "parties" in self.given and fact not in self.given

    @property
    def unrecognized_rows(self) -> int:
        """The rows whose label the pack's lexicon cannot place."""
        return sum(self.unrecognized_counts.values()) + self.unrecognized_uncounted

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
                _keep(self.to_look_up, self.to_look_up_counts, fact, rec, self.bounded)
            if a.verdict is None:
                verdicts = self.to_look_up_verdicts
                for fact in a.level.deciding:
                    verdicts[fact] = verdicts.get(fact, 0) + 1
        if a.declared_label is not None and a.declared_level is None:
            label = a.declared_label
            if not self.bounded or label in self.unrecognized_counts or len(self.unrecognized_counts) < LABELS_COUNTED:
                _keep(self.unrecognized, self.unrecognized_counts, label, rec, self.bounded)
            else:
                self.unrecognized_uncounted += 1
        verdict = a.verdict or "undecided"
        self.verdicts[verdict] += 1
        declared = a.declared_level or ("undeclared" if a.declared_label is None else "unrecognized")
        self.matrix[declared][a.level.value or "undecided"] += 1
        open_risk = False
        for risk, outcome in a.risks.items():
            value = outcome.value
            if value is None:
                open_risk, value = True, "undecided"
            self.risks[risk][value] += 1
        h = a.hedging.value
        self.hedging["undecided" if h is None else "true" if h else "false"] += 1
        if open_risk or h is None:  # most rows have every risk and hedging decided: nothing more to count
            self._add_open_risks(a, rec)
        if verdict in self.cases and len(self.cases[verdict]) < CASES_KEPT:
            self.cases[verdict].append(rec)

    def add_years(self, rec: RowResult, established: int, as_of: int) -> None:
        """Note a row whose framework is established after its facts' year (``years_to_check``)."""
        self.years_crossed += 1
        if not self.bounded or len(self.years_to_check) < CASES_KEPT:
            self.years_to_check.append(CrossedYears(rec.row, rec.line, rec.case, established, as_of))

    def _add_open_risks(self, a: RowAssessment, rec: RowResult) -> None:
        """Count a row whose risk ratings or hedging are open under each fact that would help decide them."""
        outputs = [(risk, o) for risk, o in a.risks.items() if o.value is None]
        if a.hedging.value is None:
            outputs.append(("hedging", a.hedging))
        if not outputs:
            return
        self.open_risks += 1
        decides: dict[str, list[str]] = {}
        for name, outcome in outputs:
            for fact in outcome.deciding:
                decides.setdefault(fact, []).append(name)
        for fact, names in decides.items():
            _keep(self.risk_look_up, self.risk_look_up_counts, fact, rec, self.bounded)
            counts = self.risk_look_up_decides.setdefault(fact, {})
            for name in names:
                counts[name] = counts.get(name, 0) + 1


def _keep(
    kept: dict[str, list[RowResult]], counts: dict[str, int], key: str, rec: RowResult, bounded: bool = True
) -> None:
    """Count rec under key, and keep it while few are kept (constant memory, however long the run).

    A batch's part (not ``bounded``) keeps every key its rows have: which of them the run keeps
    depends on the keys of the batches before it, and is settled when the part is merged."""
    counts[key] = counts.get(key, 0) + 1
    rows = kept.get(key)
    if rows is None:
        if bounded and len(kept) >= CASES_KEPT:
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
    for records in validate_batches(
        batches_of(rows, BATCH if jobs > 1 or progress is not None else LOCAL_BATCH),  # progress: every BATCH rows
        pack,
        jobs=jobs,
        strict=strict,
        progress=progress,
        summary=summary,
        engine=engine,
        explain=explain,
    ):
        yield from records


def validate_batches(
    batches: Iterable[RowBatch],
    pack: Pack | str | Path = "core",
    *,
    jobs: int = 1,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    summary: Summary | None = None,
    engine: str = DEFAULT_ENGINE,
    explain: bool = False,
    render: Callable[[list[RowResult]], Any] | None = None,
    keep_rows: bool = True,
    count_shared: bool = True,
    workers_from: int = 0,
) -> Iterator[Any]:
    """Assess batches of rows (``dataset.read_batches``); for each batch, in input order, its records.

    With ``render``, each batch's records are given as ``render(records)`` makes
    them, say the text of an output file: with ``jobs`` above 1 the workers read,
    check, assess and render whole batches, and this process only splits the
    input and hands back what they made. ``summary`` accumulates the run as if
    its rows were added one by one; without ``keep_rows`` it only counts, and
    keeps no rows (cases, errors, rows to look up). Without ``count_shared`` it
    does not count the rows whose facts an earlier row shares (``assessed`` and
    ``merged`` stay 0) nor tell the ids on more than one row (``repeated_ids``),
    and no worker sends back the facts or the ids of its rows: with
    neither, what a run that shows no summary needs. With ``workers_from``, a run
    of fewer batches than that starts no worker process, whatever ``jobs``: its
    batches are assessed in this one, as starting workers would cost more than
    they save (the first batches are read ahead to tell). Given neither ``summary`` nor
    ``progress``, no one can read what a summary would count, so none is kept (the
    records are the same). The rest as ``validate_rows``.
    """
    pack = pack if isinstance(pack, Pack) else load_pack(pack)
    summarize = summary is not None or progress is not None
    if not summarize:
        keep_rows = count_shared = False
    summary = summary if summary is not None else Summary()
    if jobs > 1 and workers_from > 0:
        batches = iter(batches)
        ahead = list(islice(batches, workers_from))
        if len(ahead) < workers_from:
            jobs = 1
        batches = chain(ahead, batches)
    if jobs <= 1:
        work = _Work(pack, engine, explain, strict, render, count_shared, summarize)
        run = lambda task: _Done(work.run(*task))  # noqa: E731
        yield from _pipeline(batches, run, 1, summary, progress, keep_rows, count_shared)
        return
    # the workers ignore SIGINT and SIGTERM: an interrupt reaches this process, which kills them all
    pool = WorkerPool(jobs, _init_worker, (pack, engine, explain, strict, render, count_shared, summarize), _work_task)
    try:
        yield from _pipeline(batches, pool.submit, 2 * jobs + 2, summary, progress, keep_rows, count_shared)
    except BaseException:  # an interrupt, an error, or the caller closing the generator early
        pool.kill()
        raise
    pool.close()


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


# --------------------------------------------------------------------------- workers


def _left(kept: dict[str, list[RowResult]]) -> tuple[dict[str, int], int]:
    """How many more rows of each key a summary keeps, and how many more keys."""
    return {k: CASES_KEPT - len(v) for k, v in kept.items()}, CASES_KEPT - len(kept)


@frozen.python_class  # built by frozen.build or pickled: a Python class where this module is compiled
@dataclass(frozen=True, slots=True)
class _Budget:
    """How many more rows of each kind the summary keeps, when a batch is sent off.

    The summary only grows, so a batch need not send back rows it would no longer
    keep when it is merged: the fewer rows that travel between processes, the better.
    """

    errors: int
    years: int  # rows of years_to_check
    cases: dict[str, int]
    kept: tuple[tuple[dict[str, int], int], ...]  # to_look_up, risk_look_up, unrecognized

    @classmethod
    def none(cls) -> _Budget:
        """Keep no rows: only count."""
        return cls(0, 0, {}, (({}, 0), ({}, 0), ({}, 0)))

    @classmethod
    def of(cls, s: Summary) -> _Budget:
        return cls(
            CASES_KEPT - len(s.error_rows),
            CASES_KEPT - len(s.years_to_check),
            {k: CASES_KEPT - len(v) for k, v in s.cases.items()},
            (_left(s.to_look_up), _left(s.risk_look_up), _left(s.unrecognized)),
        )

    def trim(self, part: Summary) -> None:
        del part.error_rows[max(0, self.errors) :]
        del part.years_to_check[max(0, self.years) :]
        for verdict, rows in part.cases.items():
            del rows[max(0, self.cases.get(verdict, 0)) :]
        parts = (part.to_look_up, part.risk_look_up, part.unrecognized)
        for kept, (left, room) in zip(parts, self.kept, strict=True):
            for key in list(kept):
                n = left.get(key, CASES_KEPT if room > 0 else 0)
                if n <= 0:
                    del kept[key]
                else:
                    del kept[key][n:]


@frozen.python_class  # built by frozen.build or pickled: a Python class where this module is compiled
@dataclass(slots=True)
class _Part:
    """What a batch gives back: its records (or as rendered), its summary, the facts of its rows assessed."""

    output: Any
    summary: Summary | None  # None: the run sums up nothing (``_Work.records``)
    keys: list[FactsKey]
    stop: list[Problem] | None = None  # with strict: the problems of the first bad row
    ids: list[tuple[str, int, int | None]] = field(default_factory=list)  # each row's id, number and line


class _Work:
    """A process's share of the work: finish reading batches, assess their rows, and render them."""

    def __init__(
        self,
        pack: Pack,
        engine: str,
        explain: bool,
        strict: bool,
        render: Callable[[list[RowResult]], Any] | None,
        count_shared: bool = True,
        summarize: bool = True,
    ) -> None:
        self.assessor = Assessor(pack, engine=engine)
        self.explain = explain
        self.strict = strict
        self.render = render
        self.tested = (*sorted(cond.field_tests(r.when for r in pack.rules)), "declared_label")
        self.key = _key_of(self.tested)
        #: the key a row's assessment is looked up by among the recent ones: an explained row shows its sets as
        #: it lists them (its trace's facts), so only rows that list them alike share one
        self.recent_key = _key_of(self.tested, in_order=True) if explain else self.key
        self.count_shared = count_shared  # whether each batch gives back its rows' keys, to count them
        self.summarize = summarize  # whether each batch sums up its rows (a run no one asks for a summary: not)
        # rows that repeat recent facts take their assessment; dyad-years repeat close together
        self.recent = _Recent(_sample_of(self.tested))
        #: rows that depend on their label check and outcomes alone, by these (which the row keeps alive)
        self.plain: dict[tuple[int, int], tuple[LabelCheck, Mapping[str, Outcome], RowAssessment]] = {}
        #: the risks of decisions that left nothing open, by what their rules reached, which settles them
        self.risks: dict[Reached, dict[str, Outcome]] = {}

    def assessed(self, profile: dict[str, Any]) -> RowAssessment:
        """A row's assessment, shared where it can be.

        A decision that left nothing open, and whose label check needs no
        reasons, shares its row with every decision of the same check and
        outcomes: these are shared objects (``label_check._claim``,
        ``Assessor._settled_outcomes``), kept alive here with the row. One whose
        label check has reasons has a row of its own, which shares its risks
        with every decision of the same outcomes.
        """
        if self.explain:
            return RowAssessment.of(self.assessor.assess(profile, checked=True), explain=True)
        d = self.assessor.decide(profile, checked=True)
        if not d.evaluation.settled:
            return _row_of_decision(RowAssessment, d, None)
        if d.label.reasons or d.label.summary is not None:  # its own row, with the risks of its outcomes shared
            risks = self.risks.get(d.evaluation.reached)
            if risks is None:
                if len(self.risks) >= CACHE_SIZE:
                    self.risks.clear()
                risks = self.risks[d.evaluation.reached] = risks_of(d.outcomes)
            return _row_of_decision(RowAssessment, d, risks)
        key = (id(d.label), id(d.outcomes))
        kept = self.plain.get(key)
        if kept is None:
            if len(self.plain) >= CACHE_SIZE:
                self.plain.clear()
            kept = self.plain[key] = (d.label, d.outcomes, _row_of_decision(RowAssessment, d, None))
        return kept[2]

    def run(self, batch: RowBatch, budget: _Budget) -> _Part:
        if not self.summarize:
            return self.records(batch)
        part = Summary(bounded=False)
        records: list[RowResult] = []
        keys: list[FactsKey] = []
        ids: list[tuple[str, int, int | None]] = []
        recent, key_of, assessed, counted = self.recent, self.key, self.assessed, self.count_shared
        for row in batch.rows():
            profile = row.profile
            if profile is None or row.problems:
                if self.strict:  # the rows before it still go out, as every row before the stop does
                    kept = (records if self.render is None else self.render(records)) if records else None
                    return _Part(kept, part, keys, list(row.problems), ids)
                rec = record(row, None)
            else:
                if recent.looks(profile):
                    key = key_of(profile)
                    if counted:
                        keys.append(key)
                    rec = record(row, self.recalled(key if not self.explain else self.recent_key(profile), profile))
                else:  # neither looked up nor kept (a lookup counts towards whether keeping pays)
                    if counted:
                        keys.append(key_of(profile))
                    rec = record(row, assessed(profile))
                if not part.given.issuperset(profile):  # once every field a row has is noted, a row costs one look
                    part.given.update(name for name in profile.keys() - part.given if profile[name] is not None)
                established = profile.get("established")
                if established is not None:  # a framework declared after its facts' year: a slip, to check
                    as_of = profile.get("as_of")
                    if as_of is not None and established > as_of:
                        part.add_years(rec, established, as_of)
            part.add(rec)
            records.append(rec)
            if counted and rec.id is not None:
                ids.append((rec.id, rec.row, rec.line))
        budget.trim(part)
        return _Part(records if self.render is None else self.render(records), part, keys, None, ids)

    def recalled(self, key: FactsKey, profile: dict[str, Any]) -> RowAssessment:
        """The assessment of a profile looked up among the recent ones by its facts' key (kept, when not found)."""
        found = self.recent.get(key)
        if found is None:
            found = self.assessed(profile)
            self.recent.keep(key, found)
        return found

    def records(self, batch: RowBatch) -> _Part:
        """``run`` for a run no one asks a summary of: a batch's records alone (and nothing to merge)."""
        records: list[RowResult] = []
        recent, key_of, assessed = self.recent, self.recent_key, self.assessed
        for row in batch.rows():
            profile = row.profile
            if profile is None or row.problems:
                if self.strict:  # the rows before it still go out, as every row before the stop does
                    kept = (records if self.render is None else self.render(records)) if records else None
                    return _Part(kept, None, [], list(row.problems))
                records.append(record(row, None))
            elif recent.looks(profile):
                records.append(record(row, self.recalled(key_of(profile), profile)))
            else:  # neither looked up nor kept (a lookup counts towards whether keeping pays)
                records.append(record(row, assessed(profile)))
        return _Part(records if self.render is None else self.render(records), None, [])


class _Recent:
    """The assessments of recent fact profiles, kept while keeping them pays.

    Dyad-year rows repeat their facts close together, so each row's facts are
    looked up among the last ``CACHE_SIZE`` profiles assessed. Where rows are
    all distinct nothing is ever found, and looking and keeping cost more than
    they save: a row's facts are gathered into a key and hashed, and each kept
    assessment outlives thousands of rows, for the garbage collector to walk
    again and again. So lookups and finds are counted (both halved every 1,024
    lookups), and while fewer than 16 were found, only some rows are looked up
    (``looks``): runs of 256 rows in a row, every 4,096 rows (repeats close
    together), and 1 profile in 16 chosen by a cheap hash of its facts
    (``sample``: a repeat of a chosen profile is found while the profile is
    still kept). Those are kept, at most 1,024: enough to notice when repeats
    begin, and then every row is looked up and kept again. The least recently
    found goes first. What is kept changes how fast a run goes, never what it
    gives: rows with the same facts have the same assessment, word for word.
    """

    __slots__ = ("found", "kept", "looked", "rows", "sample")

    WINDOW: ClassVar[int] = 1024
    FEW: ClassVar[int] = WINDOW // 64
    SAMPLE: ClassVar[int] = 16
    PERIOD: ClassVar[int] = 4096
    PROBE: ClassVar[int] = 256

    def __init__(self, sample: Callable[[Any], int] | None = None) -> None:
        self.kept: OrderedDict[FactsKey, RowAssessment] = OrderedDict()  # least recently found first
        self.looked = 0  # lookups in this window
        self.found = 0  # of them, found
        self.rows = 0  # rows asked about (``looks``)
        #: a hash of a profile, the same for equal facts and cheaper than its key; None: sample by runs only
        self.sample = sample

    @property
    def paying(self) -> bool:
        """Whether the last window's lookups found enough to keep every profile."""
        return self.found >= self.FEW or self.looked < self.WINDOW

    def looks(self, profile: Any) -> bool:
        """Whether to look up the next row's facts (and keep them when they are not found); counts the row."""
        self.rows += 1
        # ``paying``, written out: this runs once a row
        if self.found >= self.FEW or self.looked < self.WINDOW or self.rows % self.PERIOD < self.PROBE:
            return True
        return self.sample is not None and not self.sample(profile) % self.SAMPLE

    def get(self, key: FactsKey) -> RowAssessment | None:
        if self.looked >= 2 * self.WINDOW:  # a new window, weighed by the last one's outcome
            self.looked, self.found = self.WINDOW, self.found // 2
        self.looked += 1
        found = self.kept.get(key)
        if found is not None:
            self.found += 1
            self.kept.move_to_end(key)
        return found

    def keep(self, key: FactsKey, assessment: RowAssessment) -> None:
        """Keep the assessment of a profile just looked up and not found."""
        kept = self.kept
        kept[key] = assessment
        most = CACHE_SIZE if self.paying else min(CACHE_SIZE, self.WINDOW)  # while it does not pay, keep few
        while len(kept) > most:
            kept.popitem(last=False)


def _sample_of(tested: tuple[str, ...]) -> Callable[[Mapping[str, Any]], int] | None:
    """A hash of a checked profile that equal facts share, the same in every run: of the numbers it
    states, which take many values and hash alike in every process. None when the pack tests no number
    (then only runs of rows are looked up while keeping does not pay).

    An unknown number is left out (``None`` hashes by its address, which differs from run to run; zeros
    go with it, which only makes more profiles share a sample), so a profile that states none of them
    has the sample of every other such profile.
    """
    kinds = fields()
    numbers = [n for n in tested if n in kinds and kinds[n].kind in ("integer", "number")]
    if not numbers:
        return None

    def sample(profile: Mapping[str, Any]) -> int:
        found = 0
        for name in numbers:
            value = profile.get(name)
            if value:  # without None (and zeros: a sample only)
                found = (found * 1_000_003 + hash(value)) & 0xFFFF_FFFF
        return found

    return sample


def _key_of(keyed: tuple[str, ...], in_order: bool = False) -> Callable[[Mapping[str, Any]], FactsKey]:
    """``facts_key`` for checked profiles, where only the list fields of the vocabulary hold lists.

    ``in_order``: a set's items keep their order in the key, so that only rows that list them alike share an
    assessment: what an explained row shows (its trace's facts) lists them as its row does."""
    lists = [i for i, name in enumerate(keyed) if name in fields() and fields()[name].kind == "set"]
    lists += [i for i, name in enumerate(keyed) if name in ("parties", "sources")]

    def key(profile: Mapping[str, Any]) -> FactsKey:
        values = list(map(profile.get, keyed))
        for i in lists:
            v = values[i]
            if v.__class__ is list:
                values[i] = tuple(v) if in_order else tuple(sorted(v))
        return tuple(values)

    return key


_WORK: _Work | None = None


def _init_worker(
    pack: Pack,
    engine: str,
    explain: bool,
    strict: bool,
    render: Callable[[list[RowResult]], Any] | None,
    count_shared: bool = True,
    summarize: bool = True,
) -> None:
    global _WORK
    # without count_shared, no batch sends back its keys: the fewer objects to pickle there and rebuild here
    _WORK = _Work(pack, engine, explain, strict, render, count_shared, summarize)


def _work_task(task: tuple[RowBatch, _Budget]) -> _Part:
    assert _WORK is not None
    return _WORK.run(*task)


def _pipeline(
    batches: Iterable[RowBatch],
    submit: Callable[[tuple[RowBatch, _Budget]], Any],
    window: int,
    summary: Summary,
    progress: Callable[[int], None] | None,
    keep_rows: bool = True,
    count_shared: bool = True,
) -> Iterator[Any]:
    inflight: deque[Any] = deque()
    nothing = _Budget.none()
    # the facts of recent rows, to count those shared
    seen: OrderedDict[FactsKey, None] | None = OrderedDict() if count_shared else None
    # each id met, with the row and line that first had it, to tell the ids on more than one row
    first_rows = _FirstRows(IDS_CHECKED) if count_shared else None
    if progress:  # the run has begun (and any worker processes have started): a progress line may tick from now
        progress(0)

    def emit() -> Iterator[Any]:
        part: _Part = inflight.popleft().get()
        if part.stop is not None:
            if part.output is not None:  # the batch's rows before the bad one
                yield part.output
            raise InputError(part.stop)
        _merge(summary, part, seen)
        if first_rows is not None:
            _count_repeated_ids(summary, part.ids, first_rows)
        yield part.output
        if progress:
            progress(summary.rows)

    for batch in batches:
        inflight.append(submit((batch, _Budget.of(summary) if keep_rows else nothing)))
        while len(inflight) >= window:
            yield from emit()
    while inflight:
        yield from emit()


def _merge(summary: Summary, part: _Part, seen: OrderedDict[FactsKey, None] | None) -> None:
    """Add a batch's summary to the run's, as if its rows had been added one by one (with ``seen``,
    counting the rows whose facts an earlier row shares)."""
    s, p = summary, part.summary
    if p is None:
        return
    s.rows += p.rows
    s.errors += p.errors
    s.undecided += p.undecided
    s.open_risks += p.open_risks
    if seen is not None:
        _count_shared(s, part.keys, seen)
    s.error_rows.extend(p.error_rows[: CASES_KEPT - len(s.error_rows)])
    s.years_crossed += p.years_crossed
    s.given |= p.given
    s.years_to_check.extend(p.years_to_check[: CASES_KEPT - len(s.years_to_check)])
    for verdict, n in p.verdicts.items():
        s.verdicts[verdict] += n
    for declared, row in p.matrix.items():
        into = s.matrix[declared]
        for inferred, n in row.items():
            into[inferred] += n
    for risk, ratings in p.risks.items():
        into = s.risks[risk]
        for rating, n in ratings.items():
            into[rating] += n
    for value, n in p.hedging.items():
        s.hedging[value] += n
    for verdict, rows in p.cases.items():
        kept = s.cases[verdict]
        kept.extend(rows[: CASES_KEPT - len(kept)])
    _merge_kept(s.to_look_up, s.to_look_up_counts, p.to_look_up, p.to_look_up_counts)
    for fact, n in p.to_look_up_verdicts.items():
        s.to_look_up_verdicts[fact] = s.to_look_up_verdicts.get(fact, 0) + n
    _merge_kept(s.risk_look_up, s.risk_look_up_counts, p.risk_look_up, p.risk_look_up_counts)
    for fact, counts in p.risk_look_up_decides.items():
        into = s.risk_look_up_decides.setdefault(fact, {})
        for name, n in counts.items():
            into[name] = into.get(name, 0) + n
    s.unrecognized_uncounted += p.unrecognized_uncounted + _merge_kept(
        s.unrecognized, s.unrecognized_counts, p.unrecognized, p.unrecognized_counts, LABELS_COUNTED
    )


def _merge_kept(
    by_key: dict[str, list[RowResult]],
    counts: dict[str, int],
    part_kept: dict[str, list[RowResult]],
    part_counts: dict[str, int],
    most: int | None = None,
) -> int:
    """Add a batch's counts and rows kept by key, counting at most ``most`` keys (the rows of keys
    beyond, kept nowhere, are returned); as if its rows had been added one by one."""
    uncounted = 0
    for name, n in part_counts.items():
        if most is not None and name not in counts and len(counts) >= most:
            uncounted += n
            continue
        counts[name] = counts.get(name, 0) + n
    for name, rows in part_kept.items():
        have = by_key.get(name)
        if have is None:
            if len(by_key) >= CASES_KEPT or name not in counts:
                continue
            have = by_key[name] = []
        have.extend(rows[: CASES_KEPT - len(have)])
    return uncounted


def _count_repeated_ids(s: Summary, ids: list[tuple[str, int, int | None]], first_rows: _FirstRows) -> None:
    """Note the rows whose id an earlier row has (``first_rows``: each id met, and where it was first)."""
    for ident, number, line in ids:
        slot, first = first_rows.setdefault(ident, number, line)
        if first is None:
            s.ids_unchecked += slot < 0
            continue
        if first:  # the id's first repeat
            s.ids_repeated += 1
            first_rows.repeated(slot)
            if len(s.repeated_ids) < CASES_KEPT:
                s.repeated_ids[ident] = [(first >> 32, (first & 0xFFFFFFFF) or None)]
                s.repeated_id_counts[ident] = 1
        rows = s.repeated_ids.get(ident)
        if rows is None:
            continue
        s.repeated_id_counts[ident] += 1
        if len(rows) < CASES_KEPT:
            rows.append((number, line))


class _FirstRows:
    """Each id met in a run, with the row and line that first had it, in little memory.

    A run may have millions of rows, each with its own id: a dict of the ids would
    keep every id's text (some 130 bytes an id). This table keeps a 64-bit hash of
    each id and its first row and line packed into one number, in two arrays at most
    half full (32 bytes an id), up to ``limit`` ids. Two ids of one hash would be
    taken for one: with 64 bits, about one chance in 10^9 in a run of 10^5 ids; the
    hash (BLAKE2b) is the same in every run, so a run says the same every time.
    """

    __slots__ = ("blake2b", "keys", "limit", "mask", "size", "values")

    def __init__(self, limit: int, slots: int = 1 << 10) -> None:
        from hashlib import blake2b  # here: only a run that tells the ids on more than one row hashes ids

        self.blake2b = blake2b
        self.keys = array("q", bytes(8 * slots))  # 0: an empty slot
        self.values = array("Q", bytes(8 * slots))  # row << 32 | line (0: none); 0 once the id has repeated
        self.mask = slots - 1
        self.size = 0
        self.limit = limit

    def setdefault(self, ident: str, number: int, line: int | None) -> tuple[int, int | None]:
        """The slot of ident, and where it was first (row << 32 | line; 0 if it has repeated already); None
        for an id not met before, which is kept with this row and line (slot -1: not kept, ``limit`` reached)."""
        key = (
            int.from_bytes(
                self.blake2b(ident.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True
            )
            or 1
        )
        keys, mask = self.keys, self.mask
        slot = key & mask
        while keys[slot]:
            if keys[slot] == key:
                return slot, self.values[slot]
            slot = (slot + 1) & mask
        if self.size >= self.limit:
            return -1, None
        keys[slot] = key
        self.values[slot] = number << 32 | (line if line is not None and line < 1 << 32 else 0)
        self.size += 1
        if 2 * self.size > mask:
            self._grow()
        return slot, None

    def repeated(self, slot: int) -> None:
        """Mark the id in slot as met on more than one row."""
        self.values[slot] = 0

    def _grow(self) -> None:
        keys, values = self.keys, self.values
        slots = 2 * len(keys)
        self.keys, self.values = array("q", bytes(8 * slots)), array("Q", bytes(8 * slots))
        self.mask = slots - 1
        new_keys, new_values, mask = self.keys, self.values, self.mask
        for key, value in zip(keys, values, strict=True):
            if key:
                slot = key & mask
                while new_keys[slot]:
                    slot = (slot + 1) & mask
                new_keys[slot], new_values[slot] = key, value


def _count_shared(s: Summary, keys: list[FactsKey], seen: OrderedDict[FactsKey, None]) -> None:
    for key in keys:
        if key in seen:
            seen.move_to_end(key)
            s.merged += 1
        else:
            seen[key] = None
            s.assessed += 1
            if len(seen) > CACHE_SIZE:
                seen.popitem(last=False)


def validate(
    profiles: Iterable[Mapping[str, Any]],
    pack: Pack | str | Path = "core",
    *,
    jobs: int = 1,
    engine: str = DEFAULT_ENGINE,
) -> Iterator[RowResult]:
    """Validate the labels of many profiles; one ``RowResult`` per profile, in order.

    Invalid profiles give a result with ``status == "error"`` and located ``errors``
    (pointers within the profile; ``row`` counts from 1), and so does an item that is
    not a profile at all (None, a string, a list), as ``amity validate`` reports it:
    the run carries on. One profile given alone, or a string, is a UsageError: they
    would be iterated as keys or characters. ``validate_frame`` does the same for a
    pandas DataFrame.
    """
    if isinstance(profiles, (Mapping, str, bytes)):
        what = "one profile" if isinstance(profiles, Mapping) else f"a {type(profiles).__name__}"
        raise UsageError(
            Problem(
                f"validate takes an iterable of profiles, got {what}",
                suggestion="pass a list of profiles (validate([profile])), or assess one with Assessor(pack).assess",
            )
        )

    def rows() -> Iterator[Row]:
        for i, profile in enumerate(profiles, start=1):
            problem = not_a_profile(profile)
            if problem is not None:
                yield Row(i, None, problems=[problem])
                continue
            data = dict(profile)
            if profile_is_valid(data):  # the common case, without the document the messages need
                yield Row(i, None, whole_numbers(data), [], data)  # number, line, profile, problems, partial
                continue
            row = Row(i, None, partial=data)  # a bad row is still named by its id and parties
            try:
                check_profile(Document(dict(profile), syntax="json"))
                row.profile = whole_numbers(dict(profile))
            except InputError as exc:
                row.problems = exc.problems
            yield row

    return validate_rows(rows(), pack, jobs=jobs, engine=engine)


__all__ = [
    "RowAssessment",
    "RowResult",
    "Summary",
    "default_jobs",
    "facts_key",
    "validate",
    "validate_batches",
    "validate_rows",
]
