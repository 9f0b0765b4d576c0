"""Seeded synthetic relationship profiles for benchmarks.

Profiles are drawn uniformly from each field's domain, so they exercise every
rule of the core pack; ``unknown`` fields per profile are left out at random.
The same seed gives the same profiles.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from amity.engine.vocabulary import fact_fields

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
