"""Exact reasoning about unknown facts: what the pack could still conclude.

For each output (the level, each risk's rating, hedging) amity computes exactly
the values that some completion of the unknown facts reaches, and the unknown
fields those values depend on. It never guesses.

How it stays exact and fast: each field's domain splits into a few classes of
values that no test of the pack tells apart (``condition.value_classes``), so
completions only need one representative per class. The search assigns unknown
fields one at a time, but stops as soon as Kleene's three-valued evaluation of
the rules shows the output is the same for every completion below; the leaves
of that search partition the completions into boxes of constant output.

A field is *deciding* for an output when changing it alone can change the
output in some completion: two leaf boxes with different outputs, fixing the
field to different classes and agreeing on every other field they both fix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import condition as cond
from .pack import Pack, Rule, layered
from .vocabulary import FIELD_ORDER, LEVEL_RANK, RATING_RANK, RISKS, fact_fields

OUTPUTS: tuple[str, ...] = ("level", *(f"risk:{r}" for r in RISKS), "hedging")


def output_of(conclusion_kind: str, value: Any) -> str | None:
    if conclusion_kind == "level":
        return "level"
    if conclusion_kind == "risk":
        return f"risk:{value}"
    if conclusion_kind == "hedging":
        return "hedging"
    return None


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    holds: cond.Evaluator
    fields: tuple[str, ...]
    findings: tuple[str, ...]
    contributions: dict[str, tuple[Any, ...]]  # output -> values it concludes


@dataclass
class Outcome:
    """What is known of one output: its possible values and what decides it."""

    possible: list[Any]
    deciding: list[str] = field(default_factory=list)

    @property
    def value(self) -> Any:
        return self.possible[0] if len(self.possible) == 1 else None

    @property
    def decided(self) -> bool:
        return len(self.possible) == 1


@dataclass
class Root:
    """The three-valued state of every rule on the input as given."""

    truth: dict[str, bool | None]  # rule id -> truth
    findings: dict[str, bool | None]
    undecided_rules: list[tuple[Rule, list[str]]]  # rules unknown facts leave open, with those fields

    @property
    def open_findings(self) -> list[str]:
        return [f for f, t in self.findings.items() if t is None]


def _resolve(output: str, sure: set[Any], maybe: set[Any]) -> list[Any]:
    """The over-approximated possible values of an output from what rules do and may conclude."""
    if output == "hedging":
        if sure:
            return [True]
        return [False, True] if maybe else [False]
    rank, floor = (LEVEL_RANK, "none") if output == "level" else (RATING_RANK, "low")
    lo = max((*sure, floor), key=rank.__getitem__)
    above = sorted((m for m in maybe if rank[m] > rank[lo]), key=rank.__getitem__)
    return [lo, *above]


class Analysis:
    """The pack compiled for three-valued evaluation and the search over unknowns."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        specs = fact_fields()
        self.rules: list[CompiledRule] = []
        for rule in layered(pack.rules):
            contributions: dict[str, list[Any]] = {}
            for c in rule.then:
                out = output_of(c.kind, c.value)
                if out is not None:
                    contributions.setdefault(out, []).append(c.rating if c.kind == "risk" else c.value)
            self.rules.append(
                CompiledRule(
                    rule=rule,
                    holds=cond.kleene(rule.when),
                    fields=tuple(cond.fields_of(rule.when)),
                    findings=tuple(rule.findings_concluded),
                    contributions={k: tuple(v) for k, v in contributions.items()},
                )
            )
        tests = cond.field_tests(r.when for r in pack.rules)
        #: the fields the pack tests, each with one representative value per class
        self.classes: dict[str, list[Any]] = {
            name: cond.value_classes(specs[name], tests[name]) for name in sorted(tests, key=FIELD_ORDER.__getitem__)
        }
        self.cones = {out: self._cone(out) for out in OUTPUTS}

    def _cone(self, output: str) -> list[CompiledRule]:
        """The rules an output depends on, in layered order."""
        needed: set[str] = set()
        wanted = [r for r in self.rules if output in r.contributions]
        producers: dict[str, list[CompiledRule]] = {}
        for r in self.rules:
            for f in r.findings:
                producers.setdefault(f, []).append(r)
        stack = list(wanted)
        chosen: set[str] = set()
        while stack:
            r = stack.pop()
            if r.rule.id in chosen:
                continue
            chosen.add(r.rule.id)
            for f in cond.findings_of(r.rule.when):
                if f not in needed:
                    needed.add(f)
                    stack.extend(producers.get(f, ()))
        return [r for r in self.rules if r.rule.id in chosen]

    # ------------------------------------------------------------------ evaluation

    def evaluate(
        self, rules: Iterable[CompiledRule], values: dict[str, Any], known: frozenset[str], output: str | None = None
    ) -> tuple[dict[str, bool | None], dict[str, bool | None], dict[str, tuple[set[Any], set[Any]]], Counter[str]]:
        """Three-valued truth of each rule and finding, and each output's sure and possible values."""
        findings: dict[str, bool | None] = {}
        truth: dict[str, bool | None] = {}
        concl: dict[str, tuple[set[Any], set[Any]]] = {}
        undecided: Counter[str] = Counter()
        for r in rules:
            t = r.holds(values, findings, known)
            truth[r.rule.id] = t
            if t is False:
                continue
            for f in r.findings:
                current = findings.get(f, False)
                if current is not True:
                    findings[f] = True if t is True else None
            for out, vals in r.contributions.items():
                sure, maybe = concl.setdefault(out, (set(), set()))
                (sure if t is True else maybe).update(vals)
            if t is None:
                for name in r.fields:
                    if values.get(name) is None and name in self.classes:
                        undecided[name] += 1
        return truth, findings, concl, undecided

    def root(self, values: dict[str, Any], known: frozenset[str]) -> Root:
        truth, findings, _, _ = self.evaluate(self.rules, values, known)
        undecided = [
            (r.rule, [f for f in r.fields if values.get(f) is None])
            for r in self.rules
            if truth[r.rule.id] is None
        ]
        return Root(truth, findings, undecided)

    def outcome(self, output: str, values: dict[str, Any], known: frozenset[str]) -> Outcome:
        """Exactly the values of output that some completion of the unknowns gives."""
        cone = self.cones[output]
        leaves: list[tuple[dict[str, Any], Any]] = []
        order = FIELD_ORDER

        def visit(assigned: dict[str, Any]) -> None:
            current = {**values, **assigned} if assigned else values
            _, _, concl, undecided = self.evaluate(cone, current, known)
            sure, maybe = concl.get(output, (set(), set()))
            possible = _resolve(output, sure, maybe)
            if len(possible) == 1 or not undecided:
                leaves.append((assigned, possible[0] if len(possible) == 1 else tuple(possible)))
                return
            name = min(undecided, key=lambda f: (-undecided[f], order[f]))
            for representative in self.classes[name]:
                visit({**assigned, name: representative})

        visit({})
        possible_values = {v for _, v in leaves}
        rank: Callable[[Any], Any]
        if output == "level":
            rank = LEVEL_RANK.__getitem__
        elif output == "hedging":
            rank = int
        else:
            rank = RATING_RANK.__getitem__
        return Outcome(sorted(possible_values, key=rank), deciding_fields(leaves))


def deciding_fields(leaves: list[tuple[dict[str, Any], Any]]) -> list[str]:
    """Fields whose value alone changes the output in some completion."""
    if len({v for _, v in leaves}) < 2:
        return []
    deciding: set[str] = set()
    candidates = sorted({f for a, _ in leaves for f in a}, key=FIELD_ORDER.__getitem__)
    for name in candidates:
        fixing = [(a, v) for a, v in leaves if name in a]
        found = False
        for i, (a1, v1) in enumerate(fixing):
            for a2, v2 in fixing[i + 1 :]:
                if v1 == v2 or a1[name] == a2[name]:
                    continue
                if all(a2.get(g, x) == x for g, x in a1.items() if g != name):
                    found = True
                    break
            if found:
                break
        if found:
            deciding.add(name)
    return sorted(deciding, key=FIELD_ORDER.__getitem__)
