"""The justification trace: every firing of a rule, what it matched and what it concluded.

Both evaluators (amity's own and the experta reference) record their firings
through a ``TraceRecorder``, so their traces can be compared step for step.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .conditions import Variant
from .pack import Conclusion, Rule

Witness = Callable[[dict[str, Any], Any], tuple[Any, tuple[str, ...]]]


@dataclass(frozen=True, slots=True, eq=False)
class Step:
    """One firing: the rule, the input facts and findings it matched, what it concluded."""

    number: int
    rule: Rule
    findings: dict[str, int]  # the findings it matched -> the step that first concluded each
    absent: tuple[str, ...]  # the findings that had to be definitely absent
    concluded: tuple[Conclusion, ...]
    # what the rule's test of the facts was judged on, to tell which facts made it true
    known: dict[str, Any] = field(repr=False)
    witness: Witness | None = field(repr=False)

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        # copied and pickled through its constructor, in both builds; its test of the facts as the facts it names
        known = self.known
        settled = Matched.of(self.witness, known)
        return type(self), (self.number, self.rule, self.findings, self.absent, self.concluded, known, settled)

    def __copy__(self) -> Step:
        return Step(self.number, self.rule, self.findings, self.absent, self.concluded, self.known, self.witness)

    def __deepcopy__(self, memo: dict[int, Any]) -> Step:
        # the facts and findings copied; the rule and its test of the facts are the pack's, shared (compiled, the
        # test is an object that cannot be copied)
        findings, known = copy.deepcopy(self.findings, memo), copy.deepcopy(self.known, memo)
        return Step(self.number, self.rule, findings, self.absent, self.concluded, known, self.witness)

    @property
    def facts(self) -> dict[str, Any]:
        """The input facts that made the rule true, with their values.

        Worked out when asked (a batch that reports no trace never asks): the
        facts that settle the rule's test, e.g. the branch of an ``any`` that holds.
        A fact that made it true by being unknown (``known: false``) shows as null.
        """
        if self.witness is None:
            return {}
        known = self.known
        return {f: _plain(known[f]) if f in known else None for f in self.witness(known, known)[1]}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Step):
            return NotImplemented
        return (self.number, self.rule, self.findings, self.absent, self.concluded, self.facts) == (
            other.number,
            other.rule,
            other.findings,
            other.absent,
            other.concluded,
            other.facts,
        )

    __hash__ = None  # type: ignore[assignment]

    def as_dict(self) -> dict[str, Any]:
        rule = self.rule
        return {
            "step": self.number,
            "rule": rule.id,
            "pack": rule.pack,
            "description": rule.description,
            "rationale": rule.rationale,
            "source": rule.source.as_dict(),
            "matched": {
                "facts": dict(self.facts),
                "findings": [{"finding": name, "step": n} for name, n in self.findings.items()],
                "absent": list(self.absent),
            },
            "concluded": [c.as_dict() for c in self.concluded],
        }


class Matched:
    """A rule's test of the facts as it judged one profile's: what it gives (whether the test held, and the facts
    that made it so), given again whatever it is asked. What a trace's firings hold once pickled, where the
    test itself, compiled from the pack (``conditions.compile_witness``), cannot go."""

    __slots__ = ("judged",)

    def __init__(self, judged: tuple[Any, tuple[str, ...]]) -> None:
        self.judged = judged

    @staticmethod
    def of(witness: Witness | None, known: dict[str, Any]) -> Matched | None:
        """What a rule's test tells of the facts it was judged on (None for a rule with no test of them)."""
        return None if witness is None else Matched(witness(known, known))

    def __call__(self, facts: dict[str, Any], known: Any) -> tuple[Any, tuple[str, ...]]:
        return self.judged

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return type(self), (self.judged,)

    def __repr__(self) -> str:
        return f"Matched({self.judged!r})"


#: one firing as an evaluator records it: the rule, the conjunction that held, how to tell the facts it matched
Firing = tuple[Rule, Variant, Witness | None]


class Trace:
    """Every firing, in firing order, and the steps that concluded each finding.

    ``finding_steps`` and the ``Step`` objects are worked out when first asked
    for: a batch that reports no trace reads only ``firings``.
    """

    __slots__ = ("_finding_steps", "_steps", "firings", "known")

    def __init__(self, firings: tuple[Firing, ...], known: dict[str, Any]) -> None:
        self.firings = firings
        self.known = known  # the known facts the rules were judged on
        self._finding_steps: dict[str, tuple[int, ...]] | None = None
        self._steps: tuple[Step, ...] | None = None

    def __repr__(self) -> str:
        return f"Trace(fired={self.fired!r})"

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        # pickled through its constructor (compiled, the class has no empty one to fill in), each rule's test of
        # the facts, a function of the pack that does not pickle, as what it tells of these facts (``Matched``)
        known = self.known
        firings = tuple((rule, variant, Matched.of(witness, known)) for rule, variant, witness in self.firings)
        return type(self), (firings, known)

    def __copy__(self) -> Trace:
        return Trace(self.firings, self.known)

    def __deepcopy__(self, memo: dict[int, Any]) -> Trace:
        # the facts copied; the firings (the pack's rules and their compiled tests) shared, as in ``Step``
        return Trace(self.firings, copy.deepcopy(self.known, memo))

    @property
    def finding_steps(self) -> dict[str, tuple[int, ...]]:
        """Each finding concluded, by name (sorted), with the steps that concluded it."""
        if self._finding_steps is None:
            steps: dict[str, list[int]] = {}
            for number, (rule, _, _) in enumerate(self.firings, start=1):
                for name in rule.findings_concluded:
                    steps.setdefault(name, []).append(number)
            self._finding_steps = {k: tuple(steps[k]) for k in sorted(steps)}
        return self._finding_steps

    @property
    def steps(self) -> tuple[Step, ...]:
        if self._steps is None:
            first = {name: steps[0] for name, steps in self.finding_steps.items()}
            self._steps = tuple(
                Step(
                    number,
                    rule,
                    {name: first[name] for name in variant.present},
                    variant.absent,
                    rule.then,
                    self.known,
                    witness,
                )
                for number, (rule, variant, witness) in enumerate(self.firings, start=1)
            )
        return self._steps

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Trace):
            return NotImplemented
        return self.steps == other.steps and self.finding_steps == other.finding_steps

    __hash__ = None  # type: ignore[assignment]

    def conclusions(self, kind: str) -> list[tuple[Conclusion, Step]]:
        """Each conclusion of one kind (finding, level, risk, hedging) with the step that drew it."""
        return [(c, step) for step in self.steps for c in step.concluded if c.kind == kind]

    def step(self, number: int) -> Step:
        return self.steps[number - 1]

    @property
    def fired(self) -> tuple[str, ...]:
        """The rule ids in firing order."""
        return tuple(rule.id for rule, _, _ in self.firings)


class TraceRecorder:
    """Builds a trace as an evaluator fires rules."""

    __slots__ = ("finding_steps", "firings", "known")

    def __init__(self, known: dict[str, Any]) -> None:
        self.known = known
        self.firings: list[Firing] = []
        self.finding_steps: dict[str, list[int]] = {}

    def record(self, rule: Rule, variant: Variant, witness: Witness | None) -> list[str]:
        """Note a firing on the known facts; return the findings it concludes for the first time.

        ``witness`` tells which facts made the rule's test true (``conditions.compile_witness``).
        """
        self.firings.append((rule, variant, witness))
        number = len(self.firings)
        finding_steps = self.finding_steps
        new = []
        for name in rule.findings_concluded:
            steps = finding_steps.get(name)
            if steps is None:
                new.append(name)
                finding_steps[name] = [number]
            else:
                steps.append(number)
        return new

    def trace(self) -> Trace:
        return Trace(tuple(self.firings), self.known)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, (tuple, list)) else value
