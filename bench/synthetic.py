"""Seeded synthetic relationship profiles for benchmarks.

Profiles are drawn uniformly from each field's domain, so they exercise every
rule of the core pack; ``unknown`` fields per profile are left out at random.
The same seed gives the same profiles.

``complete_profiles`` gives profiles with every fact field known (the anchors'
domain), leaning on the values at the edges of the pack's tests; ``completions``
fills the unknown fields of given facts the same way.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

from amity.engine import conditions as cond
from amity.engine.pack import Pack, load_pack
from amity.engine.vocabulary import FieldSpec, fact_fields

PARTIES = ["USA", "CHN", "RUS", "IND", "JPN", "EU", "VNM", "SRB", "DEU", "KOR", "FRA", "GBR", "BRA", "AUS", "IDN"]
LABELS = [
    "Strategic Partnership",
    "Comprehensive Strategic Partnership",
    "Comprehensive Partnership",
    "Comprehensive Strategic Partnership of Coordination for a New Era",
    "Mutual Defense Treaty",
    "Special Strategic and Global Partnership",
    "Iron Brotherhood",
    None,
]


def _value(rng: random.Random, name: str) -> Any:
    spec = fact_fields()[name]
    if spec.kind in ("enum", "ordinal"):
        return rng.choice(spec.values)
    if spec.kind == "boolean":
        return rng.random() < 0.5
    if spec.kind == "set":
        return [v for v in spec.values if rng.random() < 0.4]
    if spec.kind == "integer":
        return rng.randint(0, 12)
    if name == "trade_dependence":
        return round(rng.random() * 0.5, 3)
    return round(1 + rng.random() * 40, 2)


def profiles(n: int, *, seed: int = 1, unknown: int = 0) -> Iterator[dict[str, Any]]:
    """n distinct profiles; each leaves ``unknown`` fact fields out."""
    rng = random.Random(seed)
    names = [f for f in fact_fields() if f not in ("as_of", "established")]
    for i in range(n):
        a, b = rng.sample(PARTIES, 2)
        profile: dict[str, Any] = {"id": f"case-{i:07d}", "parties": [a, b], "as_of": 2000 + i % 25}
        hidden = set(rng.sample(names, unknown)) if unknown else set()
        for name in names:
            if name not in hidden:
                profile[name] = _value(rng, name)
        label = rng.choice(LABELS)
        if label is not None:
            profile["declared_label"] = label
        yield profile


# --------------------------------------------------------------------------- complete profiles


def _any_value(rng: random.Random, spec: FieldSpec) -> Any:
    """A value anywhere in the field's domain (``_value`` keeps to ranges the core pack cares about)."""
    if spec.kind == "integer":
        lo = int(spec.minimum) if spec.minimum is not None else 0
        return rng.randint(lo, lo + 30) if spec.name not in ("as_of", "established") else rng.randint(1945, 2025)
    if spec.kind == "number":
        lo = spec.minimum if spec.minimum is not None else 0.0
        hi = spec.maximum if spec.maximum is not None else lo + 50.0
        return round(lo + rng.random() * (hi - lo), 4)
    return _value(rng, spec.name)


def _edge_values(pack: Pack) -> dict[str, list[Any]]:
    """For each field the pack tests, one value per class of values its tests tell apart, thresholds included."""
    tests = cond.field_tests(r.when for r in pack.rules)
    specs = fact_fields()
    return {name: cond.value_classes(specs[name], found) for name, found in tests.items()}


def _draw(rng: random.Random, name: str, edges: dict[str, list[Any]], edge: float) -> Any:
    if name in edges and rng.random() < edge:
        value = rng.choice(edges[name])
        return list(value) if isinstance(value, tuple) else value
    return _any_value(rng, fact_fields()[name])


def complete_profiles(
    n: int, pack: Pack | str = "core", *, seed: int = 1, edge: float = 0.5
) -> Iterator[dict[str, Any]]:
    """n profiles with every fact field known, distinct in their facts.

    Each field the pack tests takes, with probability ``edge``, a value from one of
    the classes its tests tell apart (``conditions.value_classes``: exact thresholds
    such as a power ratio of 3 or 10, and one value of each range between them), otherwise a value
    drawn across its domain. Edges are where a translated rule most easily goes wrong.
    """
    pack = pack if isinstance(pack, Pack) else load_pack(pack)
    rng = random.Random(seed)
    edges = _edge_values(pack)
    names = list(fact_fields())
    seen: set[str] = set()
    produced = 0
    while produced < n:
        a, b = rng.sample(PARTIES, 2)
        profile: dict[str, Any] = {"id": f"complete-{produced:07d}", "parties": [a, b]}
        for name in names:
            profile[name] = _draw(rng, name, edges, edge)
        label = rng.choice(LABELS)
        if label is not None:
            profile["declared_label"] = label
        key = json.dumps({k: v for k, v in profile.items() if k != "id"}, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        produced += 1
        yield profile


def completions(
    facts: dict[str, Any], pack: Pack | str = "core", k: int = 10, *, seed: int = 1, edge: float = 0.5
) -> Iterator[dict[str, Any]]:
    """k profiles that keep every fact given and fill each unknown fact field (as ``complete_profiles`` does)."""
    pack = pack if isinstance(pack, Pack) else load_pack(pack)
    rng = random.Random(seed)
    edges = _edge_values(pack)
    for _ in range(k):
        profile = dict(facts)
        for name in fact_fields():
            if profile.get(name) is None:
                profile[name] = _draw(rng, name, edges, edge)
        yield profile
