"""Evaluating a pack on one profile: which rules fire, in what order, and what stays open.

A pack is compiled once into an evaluator; each profile is then decided in a
single pass. The pass is three-valued: a rule whose condition is definitely
true fires (and is recorded in the trace); one that unknown facts leave open is
noted with the unknown fields it waits on; findings are concluded (true), open
(unknown) or absent (false). The unknowns analysis starts from this, and the
assessment reads its trace; nothing evaluates the rules again.

Two evaluators implement the same seam:

* ``PythonEvaluator`` (the default): the compiled rules as closures, walked in
  firing order.
* ``ExpertaEvaluator`` (``engine="experta"``, in ``experta_backend``): the same
  rules run on experta's Rete engine, the reference amity is built on. A
  differential test holds the two equal, trace for trace.

The firing order is the same for both: layer by layer (a rule fires only after
every rule that can conclude a finding it tests, so ``not finding X`` is never
judged early), then by priority, then in the order the pack lists its rules.
Each rule is split into the conjunctions of its condition's disjunctive form
(``conditions.variants``), and each conjunction fires at most once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from . import conditions as cond
from .errors import FiringLimitExceeded, Location, Problem
from .pack import Pack, Rule, layers
from .trace import Trace, TraceRecorder
from .vocabulary import FIELD_ORDER

Truth = bool | None


@dataclass(frozen=True, slots=True)
class UndecidedRule:
    """A rule that unknown facts leave open, and the unknown fields it waits on."""

    rule: Rule
    waits_on: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What one pass over a profile established."""

    trace: Trace
    findings: dict[str, Truth]  # every finding of the pack: concluded, open (None) or absent
    undecided: tuple[UndecidedRule, ...]  # in firing order

    @property
    def open_findings(self) -> list[str]:
        return sorted(f for f, t in self.findings.items() if t is None)

    @property
    def settled(self) -> bool:
        """Whether no rule is left open: every completion of the unknowns concludes the same."""
        return not self.undecided


class Evaluator(Protocol):
    """The seam between a compiled pack and the assessment."""

    pack: Pack

    def evaluate(self, facts: dict[str, Any]) -> Evaluation:
        """Decide the pack on the known facts (absent fields are unknown)."""
        ...


def firing_order(pack: Pack) -> list[tuple[Rule, cond.Variant]]:
    """Every rule's conjunctions, in the order they are judged (see the module's docstring)."""
    depth = layers(pack.rules)
    compiled = [(rule, variant) for rule in pack.rules for variant in cond.variants(rule.when)]
    order = sorted(range(len(compiled)), key=lambda i: (depth[compiled[i][0].id], -compiled[i][0].priority, i))
    return [compiled[i] for i in order]


def finish(
    pack: Pack,
    facts: dict[str, Any],
    recorder: TraceRecorder,
    possible: Iterable[str],
    open_rules: Iterable[Rule],
) -> Evaluation:
    """An evaluation from what fired, what could have, and which rules stayed open.

    Raises FiringLimitExceeded when more rules fired than the pack allows.
    """
    trace = recorder.trace()
    if len(trace.firings) > pack.max_firings:
        limit = pack.max_firings
        fired = trace.fired
        recent = list(dict.fromkeys(reversed(fired[max(0, limit - 10) : limit])))
        waiting = list(dict.fromkeys(fired[limit:]))
        raise FiringLimitExceeded(
            Problem(
                f"pack '{pack.name}' was still firing after {limit} firings; "
                f"last fired: {', '.join(recent)}; still waiting: {', '.join(waiting[:10])}",
                Location(str(pack.path) if pack.path else pack.name),
                "look for rules that keep concluding new facts, or raise limits.max_firings",
            )
        )
    sure = trace.finding_steps
    maybe = set(possible)
    findings: dict[str, Truth] = {f: True if f in sure else None if f in maybe else False for f in pack.findings}
    undecided: list[UndecidedRule] = []
    waits: dict[str, set[str]] = {}  # open finding -> the unknown fields it waits on
    for rule in open_rules:
        fields = {f for f in cond.fields_of(rule.when) if f not in facts}
        for f in cond.findings_of(rule.when):
            if findings.get(f, False) is None:
                fields |= waits.get(f, set())
        undecided.append(UndecidedRule(rule, tuple(sorted(fields, key=FIELD_ORDER.__getitem__))))
        for f in rule.findings_concluded:
            waits.setdefault(f, set()).update(fields)
    return Evaluation(trace, findings, tuple(undecided))


@dataclass(frozen=True, slots=True)
class _Conjunction:
    variant: cond.Variant
    holds: Callable[[Mapping[str, Any]], Truth] | None  # None: no test of facts
    witness: Callable[[dict[str, Any], Any], tuple[Truth, tuple[str, ...]]] | None
    present: frozenset[str]
    absent: frozenset[str]


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    rule: Rule
    conjunctions: tuple[_Conjunction, ...]
    concludes: tuple[str, ...]


class PythonEvaluator:
    """A pack compiled to closures and walked once per profile, in firing order."""

    name = "python"

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        rules: list[_CompiledRule] = []
        for rule, variant in firing_order(pack):
            conjunction = _Conjunction(
                variant,
                cond.facts_truth(variant.formula) if variant.formula is not None else None,
                cond.compile_witness(variant.formula) if variant.formula is not None else None,
                frozenset(variant.present),
                frozenset(variant.absent),
            )
            # a rule's conjunctions share its layer and priority, so they are adjacent
            if rules and rules[-1].rule is rule:
                last = rules[-1]
                rules[-1] = _CompiledRule(rule, (*last.conjunctions, conjunction), last.concludes)
            else:
                rules.append(_CompiledRule(rule, (conjunction,), tuple(rule.findings_concluded)))
        self._rules = tuple(rules)

    def evaluate(self, facts: dict[str, Any]) -> Evaluation:
        recorder = TraceRecorder(facts)
        record = recorder.record
        sure = recorder.finding_steps.keys()
        possible: set[str] = set()
        open_rules: list[Rule] = []
        for compiled in self._rules:
            fired = maybe = False
            for c in compiled.conjunctions:
                truth = True if c.holds is None else c.holds(facts)
                if truth is False:
                    continue
                present, absent = c.present, c.absent
                # absent: not even possibly concluded
                if truth and sure >= present and possible.isdisjoint(absent):
                    record(compiled.rule, c.variant, c.witness)
                    fired = True
                elif possible >= present and sure.isdisjoint(absent):
                    maybe = True
            if fired or maybe:
                possible.update(compiled.concludes)
                if not fired:
                    open_rules.append(compiled.rule)
        return finish(self.pack, facts, recorder, possible, open_rules)
