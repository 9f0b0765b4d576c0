"""The fast check of profiles (the relationship schema, compiled) agrees with jsonschema exactly."""

from __future__ import annotations

import copy
import math
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from amity.engine.schema_checks import compile_check, profile_is_valid
from amity.engine.schemas import validator
from amity.engine.vocabulary import fields, load_schema
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import partial_profiles

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "x", "USA", "usa", "ratified_treaty", "annual", "trade", "3", "EU;CHN", "a\n", "USA\n"]),
    st.sampled_from([3.0, -0.0, 2**70, 10**400, 1e308, 9999, 10000, True]),
    st.lists(st.sampled_from(["trade", "trade", "defense", "USA", "IND", "IND\n", 1, None, ["trade"], {}]), max_size=3),
    st.lists(st.sampled_from(["USA", "IND", "IND\n", "usa", "EU", "E"]), min_size=2, max_size=2),
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


def edge_values(name: str) -> list[Any]:
    """Values at and just past the edges of one field's domain, and of the wrong type."""
    spec = fields()[name]
    wrong: list[Any] = [None, True, 0, 1, "", "x", [], {}]
    if spec.kind in ("enum", "ordinal"):
        first = spec.values[0]
        return [*spec.values, *wrong, first + "\n", first.upper(), [first]]
    if spec.kind == "set":
        a, b = spec.values[:2]
        items = [[a], [a, b], [a, a], ["x"], [a + "\n"], [1], [None], [[a]], [{}], list(spec.values)]
        return [*items, a, *wrong]
    if spec.kind in ("integer", "number"):
        lo = spec.minimum if spec.minimum is not None else 0
        hi = spec.maximum if spec.maximum is not None else 100
        edges = [lo, lo - 1, lo - 0.5, lo + 0.5, hi, hi + 1, hi - 0.5, hi + 0.5, 3.0, 2**70, 10**400, -(10**400)]
        return [*edges, float("nan"), float("inf"), float("-inf"), "3", *wrong]
    if spec.kind == "boolean":
        return [False, *wrong, "true"]
    if name == "parties":
        pairs = [["USA", "USA"], ["USA"], ["USA", "IND", "EU"], ["USA", "IND\n"], ["usa", "IND"], ["E", "IND"]]
        pairs += [["ABCDEFGHIJKL", "IND"], ["ABCDEFGHIJKLM", "IND"], ["USA", 1], ["EU", "ASEAN"], "USA"]
        return [*pairs, *wrong]
    if name == "sources":
        sources = [{"url": "u"}, {"url": "u", "title": "t"}, {"url": ""}, {"title": "t"}, {"url": "u", "x": 1}]
        sources += [{"url": 1}, {"url": "u", "title": 1}, "u"]
        return [[], *([s] for s in sources), [sources[0], sources[0]], *wrong]
    return [*wrong, "usa-ind-2010", "usa-ind-2010\n", "-x", "a b", "A.b_c", "Strategic Partnership", "x\n"]


EDGES = [({"parties": ["USA", "JPN"], name: value}) for name in fields() for value in edge_values(name)]
EDGES += [{}, {"legal_basis": "none"}, {"parties": ["USA", "JPN"], "legal_bases": "none"}, [], None, "USA"]


@st.composite
def hostile(draw):
    """A small profile with one to three fields set to edge values of their own domain."""
    profile: dict[str, Any] = {"parties": ["USA", "JPN"]}
    for name in draw(st.lists(st.sampled_from(list(fields())), min_size=1, max_size=3, unique=True)):
        profile[name] = draw(st.sampled_from(edge_values(name)))
    return profile


def reference(profile: Any) -> bool:
    """jsonschema's verdict, and finite numbers (the schema's bounds let NaN and infinities through), an
    int in a field of numbers within a float's range (its 401 digits are 1e400 as much as 1e400 is)."""
    items = profile.items() if isinstance(profile, dict) else ()
    finite = all(not isinstance(v, float) or math.isfinite(v) for _, v in items)
    kinds = fields()
    ranged = all(
        not (type(v) is int and name in kinds and kinds[name].kind == "number") or abs(v) <= sys.float_info.max
        for name, v in items
    )
    return validator("relationship").is_valid(profile) and finite and ranged


@settings(max_examples=600, deadline=None)
@given(mutated())
def test_fast_check_agrees_with_jsonschema(profile):
    assert profile_is_valid(profile) == reference(profile)


def disagreements(check: Any) -> list[Any]:
    return [profile for profile in EDGES if check(profile) != reference(profile)]


def test_fast_check_agrees_with_jsonschema_at_every_edge():
    assert len(EDGES) > 400
    assert sum(map(reference, EDGES)) > 100, "the edges hold valid profiles too"
    assert disagreements(profile_is_valid) == []


@settings(max_examples=600, deadline=None)
@given(hostile())
def test_fast_check_agrees_with_jsonschema_on_edges_combined(profile):
    assert profile_is_valid(profile) == reference(profile)


def test_fast_check_agrees_on_every_bundled_profile():
    root = Path(__file__).resolve().parents[2]
    profiles = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "examples").glob("*.yaml"))]
    cases = yaml.safe_load((root / "rules" / "core" / "tests.yaml").read_text(encoding="utf-8"))["cases"]
    profiles += [case["facts"] for case in cases]
    assert len(profiles) > 20
    for profile in profiles:
        assert profile_is_valid(profile) == reference(profile) is True


def _broken(change) -> Any:
    schema = copy.deepcopy(load_schema("relationship"))
    change(schema["properties"])
    return compile_check(schema)


BREAKS = {
    "an enum value dropped": lambda p: p["legal_basis"]["enum"].remove("none"),
    "set items may repeat": lambda p: p["sectors"].pop("uniqueItems"),
    "no upper bound": lambda p: p["trade_dependence"].pop("maximum"),
    "a party code may end in a newline": lambda p: p["parties"]["items"].update(pattern="^[A-Z][A-Z0-9]{1,11}$"),
    "an identity field forgotten": lambda p: p.pop("sources"),
}


@pytest.mark.parametrize("change", BREAKS.values(), ids=BREAKS)
def test_a_broken_fast_check_is_caught(change):
    # the agreement test at the edges would fail for it
    assert disagreements(_broken(change))


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "maxLength": 3},
        {"anyOf": [{"type": "string"}]},
        {"$ref": "#/$defs/x"},
        {"type": ["string", "integer"], "minimum": 1},
        {"enum": [1, 2]},
        {"type": "object", "properties": {"a": {"type": "number", "multipleOf": 2}}},
    ],
)
def test_compile_check_refuses_what_it_does_not_compile(schema):
    with pytest.raises(ValueError, match="fast check"):
        compile_check(schema)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([1.0, 2.5, -0.0]) | st.sampled_from("ab"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner, max_size=3),
    max_leaves=8,
)
SCHEMAS = [
    {"type": "array", "uniqueItems": True},
    {"type": ["array", "null"], "items": {"type": "integer", "minimum": 0, "maximum": 2}, "maxItems": 2},
    {"type": "object", "required": ["a"], "additionalProperties": {"type": "boolean"}},
    {"type": "object", "properties": {"a": {"enum": ["a", None]}}, "additionalProperties": False},
    {"type": "string", "enum": ["a", "b", None], "minLength": 1, "pattern": "^a"},
    {"type": "number"},
    {},
]


@pytest.mark.parametrize("schema", SCHEMAS, ids=[str(s)[:50] for s in SCHEMAS])
@settings(max_examples=300, deadline=None)
@given(value=JSON)
def test_compile_check_agrees_with_jsonschema_on_any_json(schema, value):
    assert compile_check(schema)(value) == jsonschema.Draft202012Validator(schema).is_valid(value)


def test_non_finite_numbers_are_errors():
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


def test_an_array_of_strings_checks_each_new_string_however_many_it_has_found_valid():
    check = compile_check({"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2,3}$"}, "minItems": 2})
    assert check(["USA", "JPN"]) and check(["JPN", "USA"])
    assert not check(["USA", "usa"])  # one new string, not valid, among strings found valid
    assert not check(["USA", ["JPN"]]) and not check(["USA", {}]) and not check(["USA", 1]) and not check(["USA"])
    assert check(["USA", "JPN", "USA"])  # no uniqueItems here
    many = [f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}" for i in range(676)] * 8  # past what it keeps
    assert check(many) and not check([*many, "ABCD"])


def test_a_string_found_valid_is_taken_at_once_and_no_other():
    check = compile_check({"type": "object", "properties": {"label": {"type": ["string", "null"], "minLength": 2}}})
    assert check({"label": "ab"}) and check({"label": "ab"}) and check({"label": None})
    assert not check({"label": "a"}) and not check({"label": ""})  # after one found valid, as before it
    many = [f"s{i}" for i in range(5_000)]  # past what it keeps
    assert all(check({"label": s}) for s in many) and not check({"label": "x"})


def test_a_set_takes_its_strings_each_once_and_nothing_else():
    check = compile_check(
        {
            "type": "object",
            "properties": {
                "set": {"type": "array", "uniqueItems": True, "maxItems": 3, "items": {"enum": ["a", "b", "c", "d"]}}
            },
        }
    )
    assert check({"set": []}) and check({"set": ["a", "d", "c"]}) and check({"set": ["b"]})
    for bad in (["a", "a"], ["a", "b", "a"], ["a", "e"], ["a", "b", "c", "d"], ["a", 1], ["a", ["b"]], ["a", None]):
        assert not check({"set": bad}), bad


def test_the_strings_a_check_keeps_are_short_and_few():
    """What recurs is kept (a label, a party's code); a row's own long strings are not held on to."""
    import gc
    import tracemalloc

    check = compile_check({"type": "object", "properties": {"id": {"type": "string", "minLength": 1}}})
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        long_ids = [{"id": f"{i:06d}" + "x" * 10_000} for i in range(2_000)]  # 20 MB of ids
        assert all(check(p) for p in long_ids)
        del long_ids
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 1_000_000, held
