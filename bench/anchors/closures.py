"""A rule pack as plain Python closures evaluated to a fixpoint: the closures anchor.

The textbook way to run a rule pack in Python, with no code generation (no
``exec``, no ``eval``). Translation, once per pack:

* each operator of a field test becomes one small closure of the profile
  (``facts[field] in options``, an ordinal's rank against the bound's rank,
  ``len`` of a set, ...), computed as amity's ``conditions.atom_predicate``
  computes it but written out again here, as ``plain`` writes it, so that the
  anchor does not borrow the code it checks;
* ``all``, ``any`` and ``not`` become closures over their children's closures,
  built from the condition tree;
* each compiled rule (one per variant of a rule's condition, see
  ``conditions.variants``, in amity's firing order, see
  ``anchors.firing_order``) becomes a ``holds(facts, findings)`` closure: the
  variant's formula over the facts, each finding it needs present in the
  findings concluded so far, each it needs absent not in them; and a
  ``fire(memory)`` closure that records the rule and applies its conclusions
  (findings added to a set, the level and each risk's rating kept at their
  highest rank, hedging set).

Evaluation, per profile: a working memory starts empty; the compiled rules are
tested in firing order, pass after pass, firing every one that holds and has
not fired yet (each compiled rule fires at most once), until a whole pass fires
nothing: the fixpoint.

Why that gives amity's outputs and amity's order: the compiled rules are sorted
by layer, and a rule tests only findings concluded by rules of lower layers. By
the time the first pass reaches a rule, every rule of a lower layer has been
tested against findings that were already final, so the findings this rule
tests (present or absent) are final too, and it fires in the first pass exactly
when amity fires it, in amity's place. The second pass therefore fires nothing;
it only confirms the fixpoint, re-testing every compiled rule that has not
fired. That second pass is the cost a fixpoint evaluator pays and the
straight-line ``plain`` anchor does not.

Complete profiles only (every field the pack tests is known): ``known`` tests
are then decided by the pack alone (``known: true`` holds, ``known: false``
fails).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from amity.engine import conditions as cond
from amity.engine.pack import Conclusion, Pack
from amity.engine.vocabulary import fact_fields

from . import LEVELS, RATINGS, RISKS, IncompleteProfile, Outputs, firing_order, missing_fields, tested_fields

Facts = Mapping[str, Any]
Test = Callable[[Facts], bool]


class Memory:
    """The working memory of one evaluation: what the rules fired so far have concluded."""

    __slots__ = ("findings", "fired", "hedging", "level", "risks")

    def __init__(self) -> None:
        self.findings: set[str] = set()
        self.fired: list[str] = []
        self.level = 0  # rank in LEVELS
        self.risks = [0] * len(RISKS)  # rank in RATINGS, one per risk
        self.hedging = False


Holds = Callable[[Facts, set[str]], bool]
Fire = Callable[[Memory], None]


# --------------------------------------------------------------------------- conditions over the facts

# value of the field, argument of the operator -> does it hold
_COMPARE: dict[str, Callable[[str, Any], Test]] = {
    "eq": lambda name, arg: lambda facts: facts[name] == arg,
    "ne": lambda name, arg: lambda facts: facts[name] != arg,
    "lt": lambda name, arg: lambda facts: facts[name] < arg,
    "le": lambda name, arg: lambda facts: facts[name] <= arg,
    "gt": lambda name, arg: lambda facts: facts[name] > arg,
    "ge": lambda name, arg: lambda facts: facts[name] >= arg,
}
_COMPARE_RANK: dict[str, Callable[[str, dict[Any, int], int], Test]] = {
    "lt": lambda name, ranks, bound: lambda facts: ranks[facts[name]] < bound,
    "le": lambda name, ranks, bound: lambda facts: ranks[facts[name]] <= bound,
    "gt": lambda name, ranks, bound: lambda facts: ranks[facts[name]] > bound,
    "ge": lambda name, ranks, bound: lambda facts: ranks[facts[name]] >= bound,
}
_COMPARE_SIZE: dict[str, Callable[[str, int], Test]] = {
    "eq": lambda name, n: lambda facts: len(facts[name]) == n,
    "ne": lambda name, n: lambda facts: len(facts[name]) != n,
    "lt": lambda name, n: lambda facts: len(facts[name]) < n,
    "le": lambda name, n: lambda facts: len(facts[name]) <= n,
    "gt": lambda name, n: lambda facts: len(facts[name]) > n,
    "ge": lambda name, n: lambda facts: len(facts[name]) >= n,
}


def _always(facts: Facts) -> bool:
    return True


def _never(facts: Facts) -> bool:
    return False


def atom(name: str, op: str, arg: Any) -> Test:
    """One operator of a field test, as a closure of the profile's facts."""
    spec = fact_fields()[name]
    if op == "known":
        return _always if arg else _never  # complete profiles: every tested field is known
    if spec.kind == "ordinal" and op in _COMPARE_RANK:
        ranks = {v: i for i, v in enumerate(spec.values)}
        return _COMPARE_RANK[op](name, ranks, spec.rank(arg))
    if op in _COMPARE:
        return _COMPARE[op](name, arg)
    if op == "in":
        options = frozenset(arg)
        return lambda facts: facts[name] in options
    if op == "contains":
        return lambda facts: arg in facts[name]
    if op == "contains_any":
        options = frozenset(arg)
        return lambda facts: not options.isdisjoint(facts[name])
    if op == "contains_all":
        options = frozenset(arg)
        return lambda facts: options.issubset(facts[name])
    if op == "size":
        return all_of([_COMPARE_SIZE[k](name, n) for k, n in arg])
    raise ValueError(f"no closure for {name} {op} {arg!r}")


def all_of(tests: list[Test]) -> Test:
    if not tests:
        return _always
    if len(tests) == 1:
        return tests[0]

    def conjunction(facts: Facts) -> bool:
        # a loop, not all() over a generator: the generator would cost a frame per test, a handicap, not the method
        for test in tests:  # noqa: SIM110
            if not test(facts):
                return False
        return True

    return conjunction


def any_of(tests: list[Test]) -> Test:
    if not tests:
        return _never
    if len(tests) == 1:
        return tests[0]

    def disjunction(facts: Facts) -> bool:
        for test in tests:  # noqa: SIM110 (as in conjunction)
            if test(facts):
                return True
        return False

    return disjunction


def negation(test: Test) -> Test:
    return lambda facts: not test(facts)


def formula(node: cond.Condition) -> Test:
    """A condition over the facts alone (a variant's formula), as a closure built from its tree."""
    if isinstance(node, cond.FieldTest):
        return all_of([atom(node.field, op, arg) for op, arg in node.ops])
    if isinstance(node, cond.Not):
        return negation(formula(node.child))
    if isinstance(node, cond.All):
        return all_of([formula(c) for c in node.children])
    if isinstance(node, cond.Any_):
        return any_of([formula(c) for c in node.children])
    raise ValueError(f"a variant's formula tests facts only, not {node}")


# --------------------------------------------------------------------------- compiled rules


def holds(variant: cond.Variant) -> Holds:
    """Whether a compiled rule's condition holds, given the facts and the findings concluded so far."""
    facts_hold = formula(variant.formula) if variant.formula is not None else _always
    present, absent = variant.present, variant.absent

    def condition(facts: Facts, findings: set[str]) -> bool:
        for name in present:
            if name not in findings:
                return False
        for name in absent:
            if name in findings:
                return False
        return facts_hold(facts)

    return condition


def conclude(conclusion: Conclusion) -> Fire:
    """One conclusion of a rule, as a closure applying it to the working memory."""
    if conclusion.kind == "finding":
        name = conclusion.value
        return lambda memory: memory.findings.add(name)
    if conclusion.kind == "level":
        rank = LEVELS.index(conclusion.value)

        def level(memory: Memory) -> None:
            if memory.level < rank:
                memory.level = rank

        return level
    if conclusion.kind == "risk":
        i, rating = RISKS.index(conclusion.value), RATINGS.index(conclusion.rating)

        def risk(memory: Memory) -> None:
            if memory.risks[i] < rating:
                memory.risks[i] = rating

        return risk
    if conclusion.kind == "hedging":

        def hedging(memory: Memory) -> None:
            memory.hedging = True

        return hedging
    raise ValueError(f"unknown conclusion kind {conclusion.kind}")  # pragma: no cover - the schema allows no other


def fire(rule_id: str, conclusions: tuple[Conclusion, ...]) -> Fire:
    """A compiled rule's action: record its firing, then apply its conclusions."""
    actions = [conclude(c) for c in conclusions]

    def action(memory: Memory) -> None:
        memory.fired.append(rule_id)
        for apply in actions:
            apply(memory)

    return action


class ClosureAnchor:
    """A pack translated once into closures; each profile is evaluated to a fixpoint."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.fields = tested_fields(pack)
        self.rules: list[tuple[Holds, Fire]] = [
            (holds(c.variant), fire(c.rule.id, c.rule.then)) for c in firing_order(pack)
        ]

    def evaluate(self, profile: Mapping[str, Any]) -> Outputs:
        """The pack's outputs for one complete profile."""
        missing = missing_fields(profile, self.fields)
        if missing:
            raise IncompleteProfile(
                f"the closures anchor needs every tested field known; unknown: {', '.join(missing)}"
            )
        memory = Memory()
        findings = memory.findings
        pending = self.rules  # the compiled rules not fired yet, in firing order
        while True:
            waiting = []
            for rule in pending:
                if rule[0](profile, findings):
                    rule[1](memory)
                else:
                    waiting.append(rule)
            if len(waiting) == len(pending):  # a whole pass fired nothing: the fixpoint
                break
            pending = waiting
        return Outputs(
            frozenset(findings),
            LEVELS[memory.level],
            {risk: RATINGS[rank] for risk, rank in zip(RISKS, memory.risks, strict=True)},
            memory.hedging,
            tuple(memory.fired),
        )
