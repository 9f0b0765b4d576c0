"""What the text and markdown reporters share: names, values, and the derivation tree."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from amity.engine.assessment import Assessment
from amity.engine.levels import LEVEL_NAMES

__all__ = ["LEVEL_NAMES", "either", "show", "targets", "title", "tree"]


def show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]" if value else "[]"
    if value is None:
        return "unknown"
    return str(value)


def title(a: Assessment) -> str:
    name = "–".join(a.parties)
    extra = []
    if a.id:
        extra.append(a.id)
    if a.as_of:
        extra.append(f"as of {a.as_of}")
    return name + (f" ({', '.join(extra)})" if extra else "")


def either(values: Iterable[Any], name: dict[str, str] | None = None) -> str:
    shown = [name.get(v, v) if name else show(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def targets(a: Assessment) -> list[tuple[str, list[int]]]:
    """The conclusions worth explaining, each with the steps that establish it."""
    out: list[tuple[str, list[int]]] = []
    level = a.level.value
    if level is not None:
        out.append((f"level: {LEVEL_NAMES[level]}", list(a.level_because)))
    elif a.level_because:
        out.append(("level at least: " + LEVEL_NAMES[a.level.possible[0]], list(a.level_because)))
    for risk, r in a.risks.items():
        rating = r.rating
        steps = [x.step for x in r.reasons if rating is None or x.rating == rating]
        if steps:
            head = f"{risk} risk: {rating}" if rating else f"{risk} risk at least: {r.outcome.possible[0]}"
            out.append((head, steps))
    if a.hedging.value:
        out.append(("hedging", list(a.hedging_because)))
    if level is None:  # what is established toward the levels still open
        shown = {n for _, steps in out for n in steps}
        for p in a.pending_levels:
            if p.would_conclude not in a.level.possible:
                continue
            for finding in p.established:
                steps = list(a.trace.finding_steps[finding][:1])
                if not shown.issuperset(steps):
                    shown.update(steps)
                    out.append((f"established toward {LEVEL_NAMES[p.would_conclude]}: finding {finding}", steps))
    return out


def tree(a: Assessment, steps: list[int]) -> list[tuple[int, str]]:
    """(depth, line) pairs: each step, then what it matched, down to the input facts."""
    lines: list[tuple[int, str]] = []

    def visit(number: int, depth: int, seen: frozenset[int]) -> None:
        step = a.trace.step(number)
        lines.append((depth, f"{step.rule.id} (step {number}): {step.rule.description}"))
        if number in seen:
            return
        seen = seen | {number}
        for fact, value in step.facts.items():
            lines.append((depth + 1, f"{fact} = {show(value)}"))
        for finding, at in step.findings.items():
            lines.append((depth + 1, f"finding {finding}"))
            visit(at, depth + 2, seen)
        for name in step.absent:
            lines.append((depth + 1, f"no finding {name}"))

    for number in steps:
        visit(number, 0, frozenset())
    return lines
