"""A rule pack compiled to experta rules, and the record of what fired.

Each pack rule becomes one experta rule per conjunction of its condition's
disjunctive form (see ``conditions.variants``). Input facts are one ``Profile``
fact holding the known fields; findings are ``Finding`` facts. A rule fires only
when its condition is definitely true: a test of an unknown field is never
taken as false, and the absence of a finding that unknown facts might still
bring about (an ``Open`` finding) is not taken as its falsity.

The engine class is built once per pack; each derivation resets and reuses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import conditions as cond
from .errors import FiringLimitExceeded, Location, Problem
from .experta_compat import NOT, DepthStrategy, Fact, KnowledgeEngine, P
from .experta_compat import Rule as ExpertaRule
from .pack import Conclusion, Pack, Rule, layers


class Profile(Fact):
    """The known input facts of one relationship."""


class KnownFacts:
    """The known facts of one profile as one immutable field value of a ``Profile`` fact.

    experta freezes every field value; a plain dict would become a (pure Python)
    frozendict, slow to build and to read in every rule's test. This read-only
    mapping is hashable as it is, so experta keeps it unchanged.
    """

    __slots__ = ("_hash", "_values")

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values
        self._hash = hash(tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items())))

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnownFacts) and other._values == self._values

    def __repr__(self) -> str:
        return f"KnownFacts({self._values!r})"


class Finding(Fact):
    """A finding a rule has concluded."""


class Open(Fact):
    """A finding that unknown facts leave undecided: its absence proves nothing."""


@dataclass(frozen=True)
class Step:
    """One firing: the rule, what it matched, what it concluded."""

    number: int
    rule: Rule
    facts: dict[str, Any]  # input facts the rule matched, with their values
    findings: dict[str, int]  # findings it matched -> the step that concluded each
    absent: tuple[str, ...]  # findings it required to be definitely absent
    concluded: tuple[Conclusion, ...]


@dataclass
class Derivation:
    """Everything one run of the engine established, in firing order."""

    steps: list[Step] = field(default_factory=list)
    finding_steps: dict[str, list[int]] = field(default_factory=dict)

    def record(
        self,
        rule: Rule,
        variant: cond.Variant,
        facts: dict[str, Any],
        tested: tuple[str, ...],
        concludes: tuple[str, ...],
    ) -> list[str]:
        """Note a firing; return the findings it concludes for the first time."""
        number = len(self.steps) + 1
        # a fact that made the rule true by being unknown (a `known: false` test) shows as null
        matched = {f: unfreeze(facts[f]) if f in facts else None for f in tested}
        self.steps.append(
            Step(
                number=number,
                rule=rule,
                facts=matched,
                findings={name: self.finding_steps[name][0] for name in variant.present},
                absent=variant.absent,
                concluded=rule.then,
            )
        )
        new = []
        for name in concludes:
            if name not in self.finding_steps:
                new.append(name)
            self.finding_steps.setdefault(name, []).append(number)
        return new

    def conclusions(self, kind: str) -> list[tuple[Conclusion, Step]]:
        return [(c, s) for s in self.steps for c in s.concluded if c.kind == kind]


def unfreeze(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _action(rule: Rule, variant: cond.Variant, kinds: dict[str, type[Fact]]):
    explain = cond.compile_witness(variant.formula) if variant.formula else None
    concludes = tuple(rule.findings_concluded)

    def fire(engine: KnowledgeEngine) -> None:
        facts = engine.facts_in
        tested = explain(facts, facts)[1] if explain else ()  # the facts that made it true
        new = engine.derivation.record(rule, variant, facts, tested, concludes)
        if new:
            findings = [kinds[name]() for name in new if name in kinds]
            if findings:
                engine.declare(*findings)

    fire.__name__ = rule.id
    fire.__qualname__ = rule.id
    return fire


def _patterns(variant: cond.Variant, kinds: dict[str, type[Fact]], opens: dict[str, type[Fact]]) -> list[Any]:
    patterns: list[Any] = []
    if variant.formula is not None:
        holds = cond.kleene(variant.formula)
        no_findings: dict[str, Any] = {}
        # One field-constraint on the Profile fact: experta tests it once per fact in its
        # alpha network, and only profiles that pass enter the rule's joins. The known
        # fields are exactly the keys of the facts mapping.
        patterns.append(Profile(facts=P(lambda facts: holds(facts, no_findings, facts) is True)))
    for name in variant.present:
        patterns.append(kinds[name]())
    for name in variant.absent:
        patterns.append(NOT(kinds[name]()))
        patterns.append(NOT(opens[name]()))
    return patterns


class _DepthOrder(DepthStrategy):
    """experta's depth strategy (salience first, then the most recent facts), keyed without a cache.

    The stock strategy memoizes each activation's key in an ``lru_cache``, which
    hashes the activation (its rule, patterns and facts) on every update: more
    work than computing the key. The order is the same.
    """

    def get_key(self, activation: Any) -> tuple[int, list[int]]:
        return (activation.rule.salience, sorted((f["__factid__"] for f in activation.facts), reverse=True))


class _PackEngine(KnowledgeEngine):
    """experta's engine, with its deffacts looked up once rather than at every reset.

    ``reset()`` asks ``get_deffacts()``, which walks every attribute of the engine
    with ``inspect.getmembers``; a pack's engine never gains deffacts after it is
    built, so the answer is kept.
    """

    __strategy__ = _DepthOrder

    def get_deffacts(self):  # type: ignore[no-untyped-def]
        cached = self.__dict__.get("_amity_deffacts")
        if cached is None:
            cached = self.__dict__["_amity_deffacts"] = super().get_deffacts()
        return cached


class KnowledgeBase:
    """A pack compiled once into an experta engine, reused for every derivation."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        attrs: dict[str, Any] = {"__doc__": f"Rules of pack {pack.name} {pack.version}."}
        depth = layers(pack.rules)
        compiled = [(rule, variant) for rule in pack.rules for variant in cond.variants(rule.when)]
        # The firing order: layer by layer (a rule fires only after every rule that can
        # conclude a finding it tests, so "not finding X" is never judged too early),
        # by priority within a layer, then in the order the pack lists the rules.
        # experta keeps rules in a set and breaks salience ties by fact recency, which
        # varies between engines: every compiled rule gets its own salience.
        order = sorted(range(len(compiled)), key=lambda i: (depth[compiled[i][0].id], -compiled[i][0].priority, i))
        salience = {i: len(compiled) - rank for rank, i in enumerate(order)}
        # one fact class per finding that some rule tests: experta's alpha network routes
        # each by its type alone. A finding no rule tests is recorded, not declared.
        tested = {f for rule in pack.rules for f in cond.findings_of(rule.when)}
        self.kinds = {
            f: type(f"Finding_{f}", (Finding,), {"__doc__": f"Finding {f}."}) for f in pack.findings if f in tested
        }
        self.opens = {f: type(f"Open_{f}", (Open,), {"__doc__": f"Finding {f} is undecided."}) for f in pack.findings}
        for i, (rule, variant) in enumerate(compiled):
            attrs[f"rule_{i:04d}"] = ExpertaRule(*_patterns(variant, self.kinds, self.opens), salience=salience[i])(
                _action(rule, variant, self.kinds)
            )
        self.experta_rules = len(compiled)
        engine_class = type(f"Pack_{pack.name.replace('-', '_')}", (_PackEngine,), attrs)
        self.engine = engine_class()

    def derive(self, facts: dict[str, Any], open_findings: Iterable[str] = ()) -> Derivation:
        """Run the pack on the known facts; ``open_findings`` may not be taken as false."""
        engine = self.engine
        engine.reset()
        engine.derivation = derivation = Derivation()
        engine.facts_in = facts
        engine.declare(Profile(facts=KnownFacts(facts)), *(self.opens[name]() for name in open_findings))
        limit = self.pack.max_firings
        try:
            engine.run(steps=limit)
        finally:
            engine.running = False  # an error inside a rule leaves it set; reset() needs it clear
        if len(derivation.steps) >= limit:
            # the run stopped at the bound: would anything still fire?
            added, removed = engine.get_activations()
            engine.strategy.update_agenda(engine.agenda, added, removed)
        if engine.agenda.activations:
            recent = list(dict.fromkeys(s.rule.id for s in reversed(derivation.steps[-10:])))
            waiting = list(dict.fromkeys(a.rule.__name__ for a in engine.agenda.activations))
            raise FiringLimitExceeded(
                Problem(
                    f"pack '{self.pack.name}' was still firing after {limit} firings; "
                    f"last fired: {', '.join(recent)}; still waiting: {', '.join(waiting[:10])}",
                    Location(str(self.pack.path) if self.pack.path else self.pack.name),
                    "look for rules that keep concluding new facts, or raise limits.max_firings",
                )
            )
        return derivation
