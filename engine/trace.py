"""The justification trace: every firing of a rule, what it matched and what it concluded.

Both evaluators (amity's own and the experta reference) record their firings
through a ``TraceRecorder``, so their traces can be compared step for step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .conditions import Variant
from .pack import Conclusion, Rule


@dataclass(frozen=True, slots=True)
class Step:
    """One firing: the rule, the input facts and findings it matched, what it concluded."""

    number: int
    rule: Rule
    facts: dict[str, Any]  # the input facts that made the rule true, with their values
    findings: dict[str, int]  # the findings it matched -> the step that first concluded each
    absent: tuple[str, ...]  # the findings that had to be definitely absent
    concluded: tuple[Conclusion, ...]

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


@dataclass(frozen=True, slots=True)
class Trace:
    """Every firing, in firing order, and the steps that concluded each finding."""

    steps: tuple[Step, ...]
    finding_steps: dict[str, tuple[int, ...]]

    def conclusions(self, kind: str) -> list[tuple[Conclusion, Step]]:
        """Each conclusion of one kind (finding, level, risk, hedging) with the step that drew it."""
        return [(c, step) for step in self.steps for c in step.concluded if c.kind == kind]

    def step(self, number: int) -> Step:
        return self.steps[number - 1]

    @property
    def fired(self) -> tuple[str, ...]:
        """The rule ids in firing order."""
        return tuple(s.rule.id for s in self.steps)


class TraceRecorder:
    """Builds a trace as an evaluator fires rules."""

    __slots__ = ("finding_steps", "steps")

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.finding_steps: dict[str, list[int]] = {}

    def record(self, rule: Rule, variant: Variant, facts: dict[str, Any], tested: tuple[str, ...]) -> list[str]:
        """Note a firing; return the findings it concludes for the first time."""
        number = len(self.steps) + 1
        finding_steps = self.finding_steps
        # a fact that made the rule true by being unknown (a `known: false` test) shows as null
        matched = {f: _plain(facts[f]) if f in facts else None for f in tested}
        self.steps.append(
            Step(
                number,
                rule,
                matched,
                {name: finding_steps[name][0] for name in variant.present},
                variant.absent,
                rule.then,
            )
        )
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
        return Trace(tuple(self.steps), {k: tuple(v) for k, v in sorted(self.finding_steps.items())})


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, (tuple, list)) else value
