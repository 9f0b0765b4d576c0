"""The fast validity test of profiles agrees with the relationship schema exactly."""

from __future__ import annotations

from amity.engine.schemas import profile_is_valid, validator
from amity.engine.vocabulary import fields
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import partial_profiles

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "x", "USA", "usa", "ratified_treaty", "annual", "trade", "3", "EU;CHN", "a\n"]),
    st.lists(st.sampled_from(["trade", "trade", "defense", "USA", "IND", 1, None]), max_size=3),
    st.dictionaries(st.sampled_from(["url", "title", "x"]), st.sampled_from(["", "u", 1]), max_size=2).map(
        lambda d: [d]
    ),
    st.just({}),
)


@st.composite
def mutated(draw):
    profile = draw(partial_profiles())
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([*fields(), "legal_bases", "extra"]))
        profile[key] = draw(ODD_VALUES)
    if draw(st.integers(0, 9)) == 0:
        profile.pop("parties", None)
    return profile


@settings(max_examples=600, deadline=None)
@given(mutated())
def test_fast_check_agrees_with_jsonschema(profile):
    import math

    finite = all(not isinstance(v, float) or math.isfinite(v) for v in profile.values())
    # the schema's bounds let NaN and infinities through; amity rejects them on purpose
    assert profile_is_valid(profile) == (validator("relationship").is_valid(profile) and finite)


def test_non_finite_numbers_are_errors():
    import pytest
    from amity.engine import InputError, check_profile
    from amity.engine.document import parse_yaml

    with pytest.raises(InputError) as exc:
        check_profile(parse_yaml("parties: [USA, JPN]\npower_ratio: .nan\ntrade_dependence: .inf\n", "p.yaml"))
    text = str(exc.value)
    assert "p.yaml:2:14: /power_ratio: expected a finite number, got nan" in text
    assert "p.yaml:3:19: /trade_dependence: expected" in text


def test_fast_check_rejects_what_is_not_a_mapping():
    assert not profile_is_valid([{"parties": ["USA", "JPN"]}])
    assert not profile_is_valid(None)
