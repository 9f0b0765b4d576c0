"""Hypothesis strategies for relationship profiles in the vocabulary."""

from __future__ import annotations

from typing import Any

from amity.engine.vocabulary import fact_fields
from hypothesis import strategies as st

FACTS = fact_fields()
PARTY = st.sampled_from(["USA", "CHN", "RUS", "IND", "JPN", "EU", "VNM", "SRB", "DEU", "KOR"])


def value_of(name: str) -> st.SearchStrategy[Any]:
    """Any valid value of a field, not only the pack's representatives."""
    spec = FACTS[name]
    if spec.kind in ("enum", "ordinal"):
        return st.sampled_from(spec.values)
    if spec.kind == "boolean":
        return st.booleans()
    if spec.kind == "set":
        return st.lists(st.sampled_from(spec.values), unique=True).map(lambda xs: sorted(xs, key=spec.values.index))
    if spec.kind == "integer":
        return st.integers(min_value=int(spec.minimum or 0), max_value=40)
    lo = spec.minimum if spec.minimum is not None else 0
    hi = spec.maximum if spec.maximum is not None else 400
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


@st.composite
def parties(draw: st.DrawFn) -> list[str]:
    return draw(st.lists(PARTY, min_size=2, max_size=2, unique=True))


@st.composite
def complete_profiles(draw: st.DrawFn) -> dict[str, Any]:
    profile: dict[str, Any] = {"parties": draw(parties())}
    for name in FACTS:
        if name in ("as_of", "established"):
            continue
        profile[name] = draw(value_of(name))
    return profile


@st.composite
def partial_profiles(draw: st.DrawFn, max_unknown: int = len(FACTS)) -> dict[str, Any]:
    """A complete profile with up to max_unknown fact fields left unknown (absent or null)."""
    profile = draw(complete_profiles())
    names = [n for n in FACTS if n in profile]
    hidden = draw(st.lists(st.sampled_from(names), unique=True, max_size=max_unknown))
    for name in hidden:
        if draw(st.booleans()):
            del profile[name]
        else:
            profile[name] = None
    return profile
