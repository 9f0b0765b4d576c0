"""Assessing one relationship: its level, risks, hedging, the verdict on its label, and the trace.

An ``Assessor`` compiles a pack once and assesses any number of profiles with
it. Each profile goes one way: checked against the vocabulary, evaluated once
(``evaluator``), its open outputs resolved exactly (``unknowns``), its label
checked (``label_check``), and the whole returned as an ``Assessment``, a
typed, immutable result. ``Assessment.as_dict()`` gives the vocabulary's output
contract, ready for JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from .conditions import known_facts
from .document import Document
from .errors import InputError, Problem, UsageError, did_you_mean
from .evaluator import Evaluation, Evaluator, PythonEvaluator, Reached
from .label_check import LabelCheck, check_label
from .levels import LEVEL_RANK, LEVELS
from .pack import Conclusion, Pack, Rule, load_pack
from .risks import RATING_RANK, RATINGS, RISK_OUTPUTS, RISKS, highest_rating
from .schemas import NOT_A_PROFILE, check_profile, not_a_profile
from .trace import Trace
from .unknowns import Analysis, Outcome, output_of, value_of
from .vocabulary import FIELD_ORDER

__all__ = [
    "ENGINES",
    "NOT_A_PROFILE",
    "Assessment",
    "Assessor",
    "Pending",
    "RiskAssessment",
    "RiskReason",
    "known_facts",  # conditions.known_facts, where it lives; here too, as before
    "not_a_profile",
]


def _experta(pack: Pack) -> Evaluator:
    from .experta_backend import ExpertaEvaluator

    return ExpertaEvaluator(pack)


#: The evaluators a pack can run on, by name: amity's own (the default) and experta, the reference.
ENGINES: dict[str, Callable[[Pack], Evaluator]] = {"python": PythonEvaluator, "experta": _experta}
DEFAULT_ENGINE: Final = "python"


def evaluator_for(pack: Pack, engine: str = DEFAULT_ENGINE) -> Evaluator:
    """The pack compiled for the named engine."""
    if engine not in ENGINES:
        raise UsageError(
            Problem(
                f"unknown engine '{engine}'",
                suggestion=did_you_mean(engine, ENGINES) or f"choose one of: {', '.join(ENGINES)}",
            )
        )
    return ENGINES[engine](pack)


@dataclass(frozen=True, slots=True)
class Pending:
    """A rule that unknown facts leave open and that could raise an output."""

    rule: str
    would_conclude: Any
    waits_on: tuple[str, ...]
    established: tuple[str, ...]  # the findings it tests that are already concluded

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "would_conclude": self.would_conclude,
            "waits_on": list(self.waits_on),
            "established": list(self.established),
        }


@dataclass(frozen=True, slots=True)
class RiskReason:
    rating: str
    reason: str
    rule: str
    step: int

    def as_dict(self) -> dict[str, Any]:
        return {"rating": self.rating, "reason": self.reason, "rule": self.rule, "step": self.step}


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """One risk: its rating (or the ratings still possible), the reasons, what it waits on."""

    outcome: Outcome
    reasons: tuple[RiskReason, ...]
    pending: tuple[Pending, ...]

    @property
    def rating(self) -> str | None:
        return self.outcome.value  # type: ignore[no-any-return]

    @property
    def decisive(self) -> tuple[RiskReason, ...]:
        """The reasons a person is shown for the rating: those of the rating itself (a rule that rates
        the risk lower is overruled), or every reason while the rating is undecided."""
        if self.rating is None:
            return self.reasons
        return tuple(r for r in self.reasons if r.rating == self.rating)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rating": self.rating,
            "possible_ratings": list(self.outcome.possible),
            "deciding_facts": list(self.outcome.deciding),
            "reasons": [r.as_dict() for r in self.reasons],
            "pending": [p.as_dict() for p in self.pending],
        }
        if not self.outcome.exact:
            out["exact"] = False
        return out


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything amity concludes about one relationship, and why."""

    id: str | None
    parties: tuple[str, ...]
    as_of: int | None
    level: Outcome
    level_because: tuple[int, ...]  # the steps that conclude the level (or, while open, its floor)
    pending_levels: tuple[Pending, ...]
    risks: dict[str, RiskAssessment]
    hedging: Outcome
    hedging_because: tuple[int, ...]
    label: LabelCheck
    trace: Trace
    open_findings: tuple[str, ...]
    pack_name: str
    pack_version: str
    #: the pack itself, for its words (the names of its findings); not part of what is compared or written
    pack: Pack | None = field(default=None, compare=False, repr=False)

    @property
    def deciding_facts(self) -> tuple[str, ...]:
        """Every unknown field whose answer could change some output."""
        outcomes = [self.level, self.hedging, *(r.outcome for r in self.risks.values())]
        return tuple(sorted({f for o in outcomes for f in o.deciding}, key=FIELD_ORDER.__getitem__))

    @property
    def inexact(self) -> tuple[str, ...]:
        """The outputs whose search over unknown facts ran out of its budget (``unknowns.SEARCH_BUDGET``)."""
        outcomes = {"level": self.level, **{f"risk:{r}": a.outcome for r, a in self.risks.items()}}
        return tuple(name for name, o in {**outcomes, "hedging": self.hedging}.items() if not o.exact)

    def as_dict(self, *, trace: bool = True) -> dict[str, Any]:
        """The assessment in the output contract (``amity schema assessment``).

        ``level_exact`` and each risk's and hedging's ``exact`` appear (false) only
        when the search ran out of its budget for that output.
        """
        return {
            "id": self.id,
            "parties": list(self.parties),
            "as_of": self.as_of,
            "level": self.level.value,
            "possible_levels": list(self.level.possible),
            "deciding_facts": list(self.level.deciding),
            **({} if self.level.exact else {"level_exact": False}),
            "level_because": list(self.level_because),
            "pending_levels": [p.as_dict() for p in self.pending_levels],
            "risks": {risk: r.as_dict() for risk, r in self.risks.items()},
            "hedging": self.hedging.value,
            "hedging_detail": {
                "possible": list(self.hedging.possible),
                "deciding_facts": list(self.hedging.deciding),
                "because": list(self.hedging_because),
                **({} if self.hedging.exact else {"exact": False}),
            },
            "label": self.label.as_dict(),
            "findings": {name: list(steps) for name, steps in self.trace.finding_steps.items()},
            "undecided": {"facts": list(self.deciding_facts), "open_findings": list(self.open_findings)},
            "trace": [s.as_dict() for s in self.trace.steps] if trace else [],
            "pack": {"name": self.pack_name, "version": self.pack_version},
        }


class Assessor:
    """A pack compiled once, for assessing many relationships.

    ``engine`` chooses the evaluator: ``"python"`` (amity's own, the default) or
    ``"experta"`` (the reference; a test holds the two equal).
    """

    def __init__(self, pack: Pack | str | Path = "core", *, engine: str = DEFAULT_ENGINE) -> None:
        self.pack = pack if isinstance(pack, Pack) else load_pack(pack)
        self.engine = engine
        self.evaluator = evaluator_for(self.pack, engine)
        self._settled: dict[Any, Outcome] = {v: Outcome((v,)) for v in (*LEVELS, *RATINGS, False, True)}
        #: the outcomes of settled evaluations, by what they reached: few, shared, never changed
        self._settled_outcomes: dict[Reached, Mapping[str, Outcome]] = {}
        self.analysis = Analysis(self.pack)

    def assess(self, profile: Mapping[str, Any], *, checked: bool = False) -> Assessment:
        """Assess one profile (a mapping in the vocabulary).

        ``checked``: the profile was already checked against the vocabulary.
        Raises InputError (with every problem, located) for a profile that breaks it, or
        for a value that is not a profile at all (a string, a list, None).
        """
        problem = not_a_profile(profile)
        if problem is not None:
            raise InputError(problem)
        return _assessment(self.pack, profile, self.decide(profile, checked=checked))

    def _outcomes(self, reached: Reached) -> Mapping[str, Outcome]:
        """The outcomes of an evaluation that left nothing open: what its rules reached, decided.

        Read-only: every decision that reached the same shares them.
        """
        settled = self._settled  # outcomes are immutable: one object per decided value
        outcomes = {"level": settled[LEVELS[reached.level]]}
        for (_, output), rank in zip(RISK_OUTPUTS, reached.ratings, strict=True):
            outcomes[output] = settled[RATINGS[rank]]
        outcomes["hedging"] = settled[reached.hedging]
        return MappingProxyType(outcomes)

    def decide(self, profile: Mapping[str, Any], *, checked: bool = False) -> Decision:
        """Evaluate one profile once, settle its outputs and check its label: what an assessment is built from.

        A batch that reports no trace stops here (``validation.RowAssessment.of_decision``).
        """
        if not checked:
            check_profile(Document(dict(profile), syntax="json"))
        facts = known_facts(profile, checked=True)  # checked by now: fields of the vocabulary alone
        evaluation = self.evaluator.evaluate(facts)
        reached = evaluation.reached
        floor = LEVELS[reached.level]  # the level it is sure to reach
        if evaluation.settled:  # every completion of the unknowns concludes the same
            outcomes = self._settled_outcomes.get(reached)
            if outcomes is None:
                outcomes = self._settled_outcomes[reached] = self._outcomes(reached)
        else:
            known = frozenset(facts)
            outcomes = self.analysis.outcomes(facts, known)
        label = check_label(
            self.pack,
            profile.get("declared_label"),
            outcomes["level"].possible,
            evaluation.trace,
            facts,
            evaluation.findings,
        )
        return Decision(facts, evaluation, outcomes, label, floor)


@dataclass(slots=True)  # not frozen: one per profile, built where a frozen __init__ would cost (see Evaluation)
class Decision:
    """One evaluation with its outputs settled and its label checked."""

    facts: dict[str, Any]
    evaluation: Evaluation
    outcomes: Mapping[str, Outcome]  # by output: level, risk:<name>, hedging
    label: LabelCheck
    floor: str  # the level the relationship is sure to reach


def _pending(evaluation: Evaluation, output: str, floor: int, rank: Mapping[Any, int]) -> tuple[Pending, ...]:
    """Rules unknown facts leave open that could raise this output above its floor."""
    out = []
    for undecided in evaluation.undecided:
        rule = undecided.rule
        for c in rule.then:
            if output_of(c) != output or rank[value_of(c)] <= floor:
                continue
            out.append(
                Pending(
                    rule.id,
                    value_of(c),
                    undecided.waits_on,
                    tuple(f for f in rule.findings_tested if evaluation.findings.get(f) is True),
                )
            )
    return tuple(out)


def _assessment(pack: Pack, profile: Mapping[str, Any], decision: Decision) -> Assessment:
    """The whole assessment from one decision: reasons, what is pending, the trace."""
    evaluation, outcomes, floor = decision.evaluation, decision.outcomes, decision.floor
    # the steps behind each output: the levels, each risk's ratings, hedging
    levels: list[tuple[str, int]] = []
    risk_steps: dict[str, list[tuple[Conclusion, Rule, int]]] = {risk: [] for risk in RISKS}
    hedging_because: list[int] = []
    for number, (rule, _, _) in enumerate(evaluation.trace.firings, start=1):
        for c in rule.then:
            if c.kind == "level":
                levels.append((c.value, number))
            elif c.kind == "risk":
                risk_steps[c.value].append((c, rule, number))
            elif c.kind == "hedging":
                hedging_because.append(number)
    level = outcomes["level"]
    shown = level.value if level.decided else floor
    risks: dict[str, RiskAssessment] = {}
    for risk in RISKS:
        outcome = outcomes[f"risk:{risk}"]
        reasons = tuple(
            RiskReason(c.rating or "", c.reason or "", rule.id, number) for c, rule, number in risk_steps[risk]
        )
        pending: tuple[Pending, ...] = ()
        if not outcome.decided:
            rating_floor = RATING_RANK[highest_rating(r.rating for r in reasons)]
            pending = _pending(evaluation, f"risk:{risk}", rating_floor, RATING_RANK)
        risks[risk] = RiskAssessment(outcome, reasons, pending)
    parties = profile.get("parties") or ()
    return Assessment(
        id=profile.get("id"),
        parties=tuple(parties),
        as_of=_year(profile.get("as_of")),
        level=level,
        level_because=tuple(n for value, n in levels if value == shown),
        pending_levels=() if level.decided else _pending(evaluation, "level", LEVEL_RANK[floor], LEVEL_RANK),
        risks=risks,
        hedging=outcomes["hedging"],
        hedging_because=tuple(hedging_because),
        label=decision.label,
        trace=evaluation.trace,
        open_findings=tuple(evaluation.open_findings),
        pack_name=pack.name,
        pack_version=pack.version,
        pack=pack,
    )


def _year(value: Any) -> int | None:
    """A year as a whole number: 2023.0 (a float a caller passed, which the vocabulary takes) is 2023."""
    return int(value) if value.__class__ is float and value.is_integer() else value
