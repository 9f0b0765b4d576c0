"""Reference translations of a rule pack, for measuring amity against (issue 6, part 5).

Three anchors translate a pack, once, into another executable form and evaluate
complete profiles without amity's engine at run time:

* ``clips_anchor``: the pack as CLIPS rules (through clipspy), one environment
  reset per profile;
* ``plain``: the pack as generated straight-line Python source (compiled with
  ``exec``, bench only): one pass in the firing order;
* ``closures``: the pack as plain Python closures (no code generation), one per
  operator, combined by ``all``/``any``/``not`` closures, each compiled rule tested
  pass after pass in the firing order until a pass fires nothing (the fixpoint).

All give the same ``Outputs`` as amity on complete profiles; ``agree`` checks it.
This module holds what they share: the firing order of the compiled rules,
the outputs, and the completeness check. Translating uses amity's pack loader
and its condition trees; evaluating does not touch amity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from amity.engine import conditions as cond
from amity.engine.pack import Pack, Rule, layers
from amity.engine.vocabulary import LEVELS, RATINGS, RISKS, fact_fields

__all__ = [
    "LEVELS",
    "RATINGS",
    "RISKS",
    "CompiledRule",
    "IncompleteProfile",
    "Outputs",
    "firing_order",
    "missing_fields",
    "tested_fields",
]


@dataclass(frozen=True)
class Outputs:
    """What a pack concludes of one complete profile, in the terms the anchors and amity share."""

    findings: frozenset[str]
    level: str  # the highest level concluded; "none" when none is
    risks: dict[str, str]  # every risk of the vocabulary: the highest rating concluded, "low" when none is
    hedging: bool  # true when some rule concludes it
    fired: tuple[str, ...]  # rule ids in firing order (a rule fires once per variant that holds)


@dataclass(frozen=True)
class CompiledRule:
    """One conjunction of a rule's condition (``conditions.variants``) and its place in the firing order."""

    rule: Rule
    variant: cond.Variant
    layer: int
    salience: int  # larger fires first; distinct for every compiled rule


def firing_order(pack: Pack) -> list[CompiledRule]:
    """The pack's compiled rules in the order amity fires them.

    The same order as amity's (``evaluator.firing_order``, which the experta backend
    shares), written out again here so that the anchors do not borrow the code they
    check: each rule becomes one compiled rule per variant of its condition; they
    fire layer by layer (``pack.layers``), then by priority (higher first), then in
    pack order (rules, then variants); each gets its own salience, from the number
    of compiled rules down to 1.

    Why an order over compiled rules is the whole firing order: a rule only tests
    findings concluded by rules of lower layers, so when its turn comes every
    finding it tests (present or absent) is already settled, and a rule of the
    same or a higher layer can never change that.
    """
    depth = layers(pack.rules)
    compiled = [(rule, variant) for rule in pack.rules for variant in cond.variants(rule.when)]
    order = sorted(range(len(compiled)), key=lambda i: (depth[compiled[i][0].id], -compiled[i][0].priority, i))
    return [
        CompiledRule(compiled[i][0], compiled[i][1], depth[compiled[i][0].id], len(compiled) - rank)
        for rank, i in enumerate(order)
    ]


def tested_fields(pack: Pack) -> list[str]:
    """The fact fields the pack tests, in vocabulary order: a profile is complete when all are known."""
    tested = cond.field_tests(r.when for r in pack.rules)
    return [name for name in fact_fields() if name in tested]


class IncompleteProfile(ValueError):
    """The anchors decide complete profiles only: every field the pack tests must be known."""


def missing_fields(profile: Mapping[str, Any], fields: list[str]) -> list[str]:
    return [f for f in fields if profile.get(f) is None]
