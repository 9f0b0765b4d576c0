"""Assessing one relationship: the level, risks, hedging, label verdict, and the trace.

An ``Assessor`` compiles a pack once (its experta engine and its analysis) and
assesses any number of profiles with it. The result is plain data in the
vocabulary's output contract, ready for JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import conditions as cond
from . import label_check as labels
from .document import Document
from .errors import InputError, Problem
from .experta_backend import Derivation, KnowledgeBase, Step
from .pack import Pack, Rule, load_pack
from .schemas import nonfinite_problems, profile_is_valid
from .schemas import problems as schema_problems
from .unknowns import OUTPUTS, Analysis, Outcome, Root, output_of, resolve
from .vocabulary import FIELD_ORDER, LEVEL_RANK, RATING_RANK, RISKS, fact_fields


def check_profile(doc: Document) -> None:
    """Raise InputError with every way the profile at doc breaks the vocabulary."""
    if profile_is_valid(doc.data):
        return
    found = schema_problems(doc, "relationship")
    pointers = {p.location.pointer for p in found}
    found += [p for p in nonfinite_problems(doc) if p.location.pointer not in pointers]
    # the fast test and the schema agree (a test keeps them so); never let a disagreement pass
    raise InputError(
        found or [Problem("not a valid profile", doc.locate(""), "check it with `amity schema relationship`")]
    )


def known_facts(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The fact fields the profile states (absent and null are unknown)."""
    facts = fact_fields()
    return {k: v for k, v in profile.items() if k in facts and v is not None}


class Assessor:
    """A pack compiled once, for assessing many relationships."""

    def __init__(self, pack: Pack | str | Path = "core") -> None:
        self.pack = pack if isinstance(pack, Pack) else load_pack(pack)
        self.knowledge = KnowledgeBase(self.pack)
        self.analysis = Analysis(self.pack)

    def assess(self, profile: Mapping[str, Any], *, checked: bool = False, trace: bool = True) -> dict[str, Any]:
        """Assess one profile (a mapping in the vocabulary) and return the assessment.

        ``checked``: the profile was already checked against the vocabulary.
        ``trace=False`` leaves the trace out (an empty list), for batches that report no trace.
        """
        if not checked:
            check_profile(Document(dict(profile)))
        facts = known_facts(profile)
        known = frozenset(facts)
        if self.analysis.tested_fields <= known:
            # every fact the pack tests is known: experta's derivation is the whole answer
            derivation = self.knowledge.derive(facts)
            root = Root({f: f in derivation.finding_steps for f in self.pack.findings}, [])
            outcomes = settled_outcomes(derivation)
        else:
            root = self.analysis.root(facts, known)
            derivation = self.knowledge.derive(facts, root.open_findings)
            outcomes = {out: self.analysis.outcome(out, facts, known) for out in self.analysis.cones}
        return _assessment(self.pack, profile, facts, derivation, outcomes, root, trace)


def settled_outcomes(derivation: Derivation) -> dict[str, Outcome]:
    """Each output as a derivation on complete facts concludes it."""
    sure: dict[str, set[Any]] = {out: set() for out in OUTPUTS}
    for step in derivation.steps:
        for c in step.concluded:
            out = output_of(c.kind, c.value)
            if out is not None:
                sure[out].add(c.rating if c.kind == "risk" else c.value)
    return {out: Outcome(resolve(out, values, set())) for out, values in sure.items()}


# --------------------------------------------------------------------------- building the result


def step_dict(step: Step) -> dict[str, Any]:
    rule = step.rule
    return {
        "step": step.number,
        "rule": rule.id,
        "pack": rule.pack,
        "description": rule.description,
        "rationale": rule.rationale,
        "source": rule.source.as_dict(),
        "matched": {
            "facts": dict(step.facts),
            "findings": [{"finding": name, "step": n} for name, n in step.findings.items()],
            "absent": list(step.absent),
        },
        "concluded": [c.as_dict() for c in step.concluded],
    }


def _pending(root: Root, output: str, floor_rank: int, rank: dict[str, int] | None) -> list[dict[str, Any]]:
    """Rules unknown facts leave open that could raise this output."""
    out = []
    for rule, waits_on in root.undecided_rules:
        for c in rule.then:
            if output_of(c.kind, c.value) != output:
                continue
            value = c.rating if c.kind == "risk" else c.value
            if rank is not None and rank[value] <= floor_rank:
                continue
            out.append(
                {
                    "rule": rule.id,
                    "would_conclude": value,
                    "waits_on": waits_on,
                    "established": [f for f in cond.findings_of(rule.when) if root.findings.get(f) is True],
                }
            )
    return out


def _assessment(
    pack: Pack,
    profile: Mapping[str, Any],
    facts: dict[str, Any],
    derivation: Derivation,
    outcomes: dict[str, Outcome],
    root: Root,
    trace: bool,
) -> dict[str, Any]:
    parties = sorted(profile.get("parties") or [])
    level_outcome = outcomes["level"]
    level = level_outcome.value

    # the steps that conclude the level, or while it is open, the level it is sure to reach
    sure_level = max((c.value for c, _ in derivation.conclusions("level")), key=LEVEL_RANK.__getitem__, default="none")
    shown = level if level is not None else sure_level
    level_because = [s.number for c, s in derivation.conclusions("level") if c.value == shown]

    risks: dict[str, Any] = {}
    for risk in RISKS:
        outcome = outcomes[f"risk:{risk}"]
        reasons = [
            {"rating": c.rating, "reason": c.reason, "rule": s.rule.id, "step": s.number}
            for c, s in derivation.conclusions("risk")
            if c.value == risk
        ]
        floor = max((r["rating"] for r in reasons), key=RATING_RANK.__getitem__, default="low")
        risks[risk] = {
            "rating": outcome.value,
            "possible_ratings": outcome.possible,
            "deciding_facts": outcome.deciding,
            "reasons": reasons,
            "pending": [] if outcome.decided else _pending(root, f"risk:{risk}", RATING_RANK[floor], RATING_RANK),
        }

    hedging_outcome = outcomes["hedging"]
    designation = labels.designation(pack, profile.get("declared_label"))
    possible_verdicts = sorted(
        {labels.verdict(designation.level, designation.declared, lv) for lv in level_outcome.possible},
        key=labels_order,
    )
    label = {
        "declared": designation.declared,
        "declared_level": designation.level,
        "verdict": possible_verdicts[0] if len(possible_verdicts) == 1 else None,
        "possible_verdicts": possible_verdicts,
        "lexicon_entry": None
        if designation.entry is None
        else {
            "id": designation.entry.id,
            "pack": designation.entry.pack,
            "level": designation.entry.level,
            "source": designation.entry.source.as_dict() if designation.entry.source else None,
        },
        "reasons": _verdict_reasons(
            pack, facts, derivation, designation.level, _compared_level(level_outcome, possible_verdicts), root
        ),
    }

    deciding = sorted(
        {f for o in outcomes.values() for f in o.deciding},
        key=FIELD_ORDER.__getitem__,
    )
    return {
        "id": profile.get("id"),
        "parties": parties,
        "as_of": profile.get("as_of"),
        "level": level,
        "possible_levels": level_outcome.possible,
        "deciding_facts": level_outcome.deciding,
        "level_because": level_because,
        "pending_levels": [] if level_outcome.decided else _pending(root, "level", LEVEL_RANK[sure_level], LEVEL_RANK),
        "risks": risks,
        "hedging": hedging_outcome.value,
        "hedging_detail": {
            "possible": hedging_outcome.possible,
            "deciding_facts": hedging_outcome.deciding,
            "because": [s.number for _, s in derivation.conclusions("hedging")],
        },
        "label": label,
        "findings": {name: steps for name, steps in sorted(derivation.finding_steps.items())},
        "undecided": {
            "facts": deciding,
            "open_findings": sorted(root.open_findings),
        },
        "trace": [step_dict(s) for s in derivation.steps] if trace else [],
        "pack": {"name": pack.name, "version": pack.version},
    }


_VERDICT_ORDER = {v: i for i, v in enumerate(("consistent", "inflated", "deflated", "unrecognized", "undeclared"))}


def _compared_level(outcome: Outcome, verdicts: list[str]) -> str | None:
    """The level to explain a decided verdict against, even when the level itself is open.

    An inflated label claims more than every possible level, so its shortfall is
    explained against the highest of them; a deflated one against the lowest.
    """
    if outcome.value is not None or len(verdicts) != 1:
        return outcome.value
    if verdicts[0] == "inflated":
        return outcome.possible[-1]
    if verdicts[0] == "deflated":
        return outcome.possible[0]
    return None


def labels_order(verdict: str) -> int:
    return _VERDICT_ORDER[verdict]


def _verdict_reasons(
    pack: Pack, facts: dict[str, Any], derivation: Derivation, declared_level: str | None, level: str | None, root: Root
) -> list[dict[str, Any]]:
    """The rules that separate the declared level from the inferred one."""
    if declared_level is None or level is None or declared_level == level:
        return []
    declared_rank, level_rank = LEVEL_RANK[declared_level], LEVEL_RANK[level]
    reasons: list[dict[str, Any]] = []
    if declared_rank < level_rank:  # deflated: what supports the higher level
        for c, s in derivation.conclusions("level"):
            if LEVEL_RANK[c.value] > declared_rank:
                reasons.append(
                    {"rule": s.rule.id, "step": s.number, "supports": c.value, "description": s.rule.description}
                )
        return reasons
    # inflated: the rules that would support the declared level, and what they lack
    for rule in pack.rules:
        for c in rule.then:
            if c.kind == "level" and level_rank < LEVEL_RANK[c.value] <= declared_rank:
                reasons.append(
                    {
                        "rule": rule.id,
                        "would_support": c.value,
                        "description": rule.description,
                        "unmet": _unmet(rule, facts, root),
                    }
                )
    return reasons


def _unmet(rule: Rule, facts: dict[str, Any], root: Root) -> list[str]:
    """The top-level parts of a rule's condition that do not definitely hold."""
    parts = rule.when.children if isinstance(rule.when, cond.All) else (rule.when,)
    known = frozenset(facts)
    unmet = []
    for part in parts:
        truth = cond.kleene(part)(facts, root.findings, known)
        if truth is not True:
            unmet.append(str(part) + (" (undecided)" if truth is None else ""))
    return unmet
