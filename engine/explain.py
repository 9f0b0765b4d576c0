"""Explanations a learner can follow: the path to each conclusion, and why a level is not another.

* ``how(assessment)``: each conclusion (the level, each risk raised, hedging;
  while the level is open, what is established toward each level still
  possible), then the rule that drew it, the findings it rests on and the rules
  behind them, down to the facts. Everything is in plain words
  (``engine.plain``). A fact is shown with its value once; later it reads "as
  above". By default the tree stops ``DEFAULT_DEPTH`` findings down and says how
  many steps it leaves out; ``depth`` sets the limit and ``verbose`` lifts it
  (and shows long values whole).
* ``level_notes(assessor, profile, assessment)``: for a decided level, one
  line on why it is not the next level up; for an open level, for each level
  still possible, the answers that would decide it (why-not over the unknown
  facts only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import plain
from .assessment import Assessment, Assessor
from .levels import LEVEL_RANK
from .trace import Step
from .unknowns import SearchBudgetExceeded
from .vocabulary import LEVELS
from .whynot import WhyNot, why_not

__all__ = ["DEFAULT_DEPTH", "LevelNotes", "how", "level_notes", "next_level_up", "targets"]

#: How many findings down "How" goes unless asked for more.
DEFAULT_DEPTH = 2
#: Set values longer than this are abbreviated unless verbose.
LONG = 4


def targets(a: Assessment) -> list[tuple[str, list[int]]]:
    """The conclusions worth explaining, in plain words, each with the steps that establish it."""
    out: list[tuple[str, list[int]]] = []
    level = a.level.value
    if level is not None:
        out.append((f"The level is {plain.level_name(level)}", list(a.level_because)))
    elif a.level_because:
        out.append((f"The level is at least {plain.level_name(a.level.possible[0])}", list(a.level_because)))
    for risk, r in a.risks.items():
        rating = r.rating
        steps = [x.step for x in r.reasons if rating is None or x.rating == rating]
        if steps:
            head = f"The {risk} risk is {rating}" if rating else f"The {risk} risk is at least {r.outcome.possible[0]}"
            out.append((head, steps))
    if a.hedging.value:
        out.append(("The relationship is used for hedging", list(a.hedging_because)))
    if level is None:  # what is established toward the levels still open
        shown = {n for _, steps in out for n in steps}
        for p in a.pending_levels:
            if p.would_conclude not in a.level.possible:
                continue
            for finding in p.established:
                steps = list(a.trace.finding_steps[finding][:1])
                if not shown.issuperset(steps):
                    shown.update(steps)
                    name = plain.finding_name(a.pack, finding)
                    out.append((f"Toward {plain.level_name(p.would_conclude)}: {name} is established", steps))
    return out


def how(a: Assessment, depth: int | None = None, verbose: bool = False, more: str = "") -> list[tuple[int, str]]:
    """(depth, line) pairs: each conclusion, then the path to it (see the module's docstring). ``more``: how
    the reader asks for the steps a line leaves out, in the words of where it is read (a command line's
    options, an interview's command), said on that line; the library knows no such words itself."""
    limit = None if verbose else DEFAULT_DEPTH if depth is None else depth
    shown_facts: set[str] = set()
    explained: dict[str, int] = {}  # finding -> step where it was explained
    lines: list[tuple[int, str]] = []

    def fact_line(field: str, value: Any) -> str:
        title = plain.field_title(field)
        if field in shown_facts:
            return f"{title} (as above)"
        shown_facts.add(field)
        if isinstance(value, list) and len(value) > LONG and not verbose:
            head = ", ".join(plain.words(v) for v in value[:LONG])
            return f"{title}: {len(value)} items ({head}, …)"
        return plain.fact_text(field, value)

    def count_below(step: Step, seen: frozenset[int]) -> int:
        n = 0
        for at in step.findings.values():
            if at not in seen:
                n += 1 + count_below(a.trace.step(at), seen | {at})
        return n

    def visit(step: Step, level: int, found: int, seen: frozenset[int]) -> None:
        for field, value in step.facts.items():
            lines.append((level, fact_line(field, value)))
        for finding, at in step.findings.items():
            name = plain.finding_name(a.pack, finding)
            if finding in explained:
                lines.append((level, f"{name} (see above)"))
                continue
            below = a.trace.step(at)
            if limit is not None and found >= limit:
                hidden = 1 + count_below(below, seen | {at})
                steps = f"{hidden} more step{'s' if hidden > 1 else ''}"
                lines.append((level, f"{name} … ({steps}; {more})" if more else f"{name} … ({steps})"))
                continue
            explained[finding] = at
            lines.append((level, f"{name}, because {plain.clause(plain.rule_reason(below.rule))} [{below.rule.id}]"))
            visit(below, level + 1, found + 1, seen | {at})
        for name in step.absent:
            lines.append((level, plain.absent(a.pack, name)))

    for head, steps in targets(a):
        lines.append((0, head))
        for number in steps:
            step = a.trace.step(number)
            lines.append((1, f"because {plain.clause(plain.rule_reason(step.rule))} [{step.rule.id}]"))
            visit(step, 2, 0, frozenset({number}))
    return lines


def next_level_up(level: str) -> str | None:
    """The level just above: the next rung; above the coordination tier, the alliance; none above the alliance."""
    rank = LEVEL_RANK[level]
    return LEVELS[rank + 1] if rank + 1 < len(LEVELS) else None


@dataclass(frozen=True, slots=True)
class LevelNotes:
    """Why a decided level is not the next one up; for an open level, what would decide each possible level."""

    next_up: WhyNot | None
    open_levels: tuple[WhyNot, ...]
    asked: WhyNot | None = None  # a why-not the user asked for

    def as_dict(self) -> dict[str, Any]:
        return {
            "next_up": self.next_up.as_dict() if self.next_up else None,
            "open_levels": [w.as_dict() for w in self.open_levels],
        }


def level_notes(
    assessor: Assessor,
    profile: Mapping[str, Any],
    a: Assessment,
    asked: tuple[str, Any] | None = None,
) -> LevelNotes:
    """The notes the text report shows under the level; ``asked`` is an (output, target) to explain too.

    For a pack too large to search every answer (``unknowns.SearchBudgetExceeded``)
    the notes under the level are left out; an ``asked`` why-not raises it.
    """
    next_up = None
    open_levels: list[WhyNot] = []
    try:
        if a.level.value is not None:
            above = next_level_up(a.level.value)
            if above is not None:
                next_up = why_not(assessor, profile, above)
        else:
            for level in a.level.possible:
                w = why_not(assessor, profile, level, answers_only=True, exact=True)
                open_levels.append(w)
    except SearchBudgetExceeded:  # a pack too large to search: the notes are extras, the report goes on
        next_up, open_levels = None, []
    extra = why_not(assessor, profile, asked[1], asked[0]) if asked else None
    return LevelNotes(next_up, tuple(open_levels), extra)
