"""The compiled schema check (``schema_checks.compile_schema``) never accepts what jsonschema rejects.

Packs are checked by the compiled check first and by jsonschema only when it
fails (to say what is wrong and where): so the compiled check may be stricter
than the schema, but never laxer. It is stricter only for numbers that are not
finite, which the pack's own check reports.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from amity.engine import PackError, load_pack
from amity.engine.document import Document
from amity.engine.schema_checks import compile_schema, schema_check
from amity.engine.schemas import document_problems, problems, validator
from amity.engine.yaml_text import _CoreResolver, _resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_schema_rejects import CASES, broken

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bases(assessor) -> dict[str, Any]:
    profile = _load(ROOT / "examples/us-india.yaml")
    return {
        "pack": _load(ROOT / "rules/core/pack.yaml"),
        "packtest": _load(ROOT / "rules/core/tests.yaml"),
        "relationship": profile,
        "assessment": json.loads(json.dumps(assessor.assess(profile).as_dict())),
    }


PACKS = sorted([*ROOT.glob("rules/*/pack.yaml"), *ROOT.glob("tests/example-files/packs/*/pack.yaml")])


def _nonfinite(data: Any) -> bool:
    if isinstance(data, float):
        return not math.isfinite(data)
    if isinstance(data, dict):
        return any(_nonfinite(v) for v in data.values())
    if isinstance(data, list):
        return any(_nonfinite(v) for v in data)
    return False


def agrees(name: str, data: Any) -> None:
    """The compiled check accepts exactly what jsonschema accepts (finite numbers), never more."""
    fast = schema_check(name)(data)
    slow = validator(name).is_valid(data)
    if _nonfinite(data):
        assert not fast or slow
    else:
        assert fast == slow, (fast, slow)


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.parent.name)
def test_every_pack_on_disk_is_judged_as_jsonschema_judges_it(path):
    agrees("pack", _load(path))


@pytest.mark.parametrize(("name", "pointer", "value", "message"), CASES, ids=lambda x: str(x)[:40])
def test_every_broken_document_is_rejected_by_the_compiled_check(bases, name, pointer, value, message):
    document = broken(bases[name], pointer, value)
    assert not schema_check(name)(document)
    agrees(name, document)


ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.sampled_from([0.5, 1.0, float("inf"), float("nan"), 2**70]),
    st.sampled_from(["", "x", "X", "a\n", "alliance", "high", "trade", "seed", "1.0.0", "f-1"]),
    st.lists(st.sampled_from(["x", "trade", "trade", 1, None, {}]), max_size=3),
    st.dictionaries(
        st.sampled_from(["finding", "level", "risk", "rating", "reason", "eq", "in", "all", "not", "citation", "x"]),
        st.sampled_from(["x", "alliance", "high", 1, True, [], {"finding": "f"}]),
        max_size=3,
    ),
)


def _pointers(data: Any, pointer: str = "") -> list[str]:
    out = [pointer] if pointer else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _pointers(v, f"{pointer}/{k}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _pointers(v, f"{pointer}/{i}")
    return out


CORE = _load(ROOT / "rules/core/pack.yaml")
CORE_POINTERS = _pointers(CORE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(CORE_POINTERS), ODD), min_size=1, max_size=3))
def test_a_mutated_pack_is_judged_as_jsonschema_judges_it(changes):
    document = copy.deepcopy(CORE)
    for pointer, value in changes:
        try:
            document = broken(document, pointer, value)
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # an earlier change removed the place
    agrees("pack", document)


SMALL = [
    ({"type": ["string", "null"]}, ["a", None, 1, []]),
    ({"enum": ["a", 1, None]}, ["a", 1, 1.0, True, None, "b", [], {}]),
    ({"const": True}, [True, 1, False, "true"]),
    ({"anyOf": [{"type": "integer"}, {"required": ["a"]}]}, [1, 1.0, 1.5, {"a": 1}, {}, "x"]),
    ({"not": {"enum": ["x"]}}, ["x", "y", 1]),
    ({"minProperties": 1, "maxProperties": 1}, [{}, {"a": 1}, {"a": 1, "b": 2}, [], "x"]),
    ({"dependentRequired": {"a": ["b"]}}, [{"a": 1}, {"a": 1, "b": 2}, {"b": 1}, 3]),
    ({"propertyNames": {"pattern": "^[a-z]+$"}}, [{"ab": 1}, {"A": 1}, {}, "A"]),
    ({"items": {"type": "integer"}, "minItems": 1, "maxItems": 2}, [[], [1], [1, 2], [1, 2, 3], [1, "a"], "x"]),
    ({"uniqueItems": True}, [[1, 1.0], [1, True], [[1], [1]], [{"a": 1}, {"a": 1.0}], [1, 2], "ab"]),
    ({"minLength": 2, "pattern": "b"}, ["ab", "a", "bb", "cc", 12]),
    ({"minimum": 1, "maximum": 2}, [0, 1, 1.5, 2, 3, True, "0"]),
    ({"additionalProperties": False, "properties": {"a": {"type": "string"}}}, [{"a": "x"}, {"a": 1}, {"b": 1}]),
    ({"additionalProperties": {"type": "integer"}, "properties": {"a": True}}, [{"a": "x", "b": 1}, {"b": "x"}]),
    ({"$defs": {"t": {"anyOf": [{"type": "string"}, {"items": {"$ref": "#/$defs/t"}}]}}, "$ref": "#/$defs/t"}, []),
]


@pytest.mark.parametrize(("schema", "values"), SMALL, ids=lambda x: str(x)[:40])
def test_each_keyword_is_compiled_with_its_json_schema_meaning(schema, values):
    check = compile_schema(schema)
    reference = jsonschema.Draft202012Validator(schema)
    for value in values + ([["a", ["b", [1]]], ["a", ["b"]], "a", 1] if "$ref" in schema else []):
        assert check(value) == reference.is_valid(value), value


def test_a_keyword_it_cannot_compile_is_refused_not_skipped():
    with pytest.raises(ValueError, match="allOf"):
        compile_schema({"allOf": [{"type": "string"}]})
    with pytest.raises(ValueError, match="references within the schema"):
        compile_schema({"$ref": "https://example.invalid/x.json"})


def test_a_valid_pack_costs_no_jsonschema_walk_and_an_invalid_one_is_explained(bases, monkeypatch):
    good = Document(bases["pack"])
    bad = Document(broken(bases["pack"], "/rules/0/then/0", {"level": "allliance"}))
    assert document_problems(bad, "pack", "key") == problems(bad, "pack", "key") != []
    # jsonschema's validators are made on first use (``schemas.validator``): forget them, and refuse to make one
    # (patched where the compiled build sees it too: it calls its own functions past a patch of theirs)
    validator.cache_clear()
    monkeypatch.setattr("jsonschema.validators.extend", lambda *a, **k: pytest.fail("jsonschema was run"))
    assert document_problems(good, "pack", "key") == []
    with pytest.raises(pytest.fail.Exception, match="jsonschema was run"):  # the spy sees a walk where there is one
        document_problems(bad, "pack", "key")


def test_a_pack_with_an_infinite_threshold_is_still_explained(tmp_path):
    path = tmp_path / "pack.yaml"
    rule = "{id: r, description: d, rationale: r, source: {citation: c}, when: {power_ratio: {ge: .inf}}, then: [{finding: f}]}"
    path.write_text(f"pack: p\nversion: 1.0.0\ndescription: d\nrules: [{rule}]\n", encoding="utf-8")
    with pytest.raises(PackError, match="expected a finite number, got inf"):
        load_pack(path)


SCALARS = ["", "~", "null", "Null", "NULL", "nul", "true", "True", "TRUE", "tRue", "yes", "no", "on", "1", "-1"]
SCALARS += ["+1", "012", "0o17", "0x1F", "0b101", "1_000", "1.5", ".5", "-.5", "1e3", "1.", ".inf", "-.Inf", ".nan"]
SCALARS += [".NaN", "1:30:00", "2001-12-14", "text", "a b", "-", "+", ".", "3 4"]


@pytest.mark.parametrize("value", SCALARS)
def test_the_fast_resolver_types_every_scalar_as_pyyaml_does(value):
    resolver = _CoreResolver()
    for implicit in ((True, False), (False, True), (False, False)):
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            assert _resolve(resolver, kind, value, implicit) == yaml.resolver.BaseResolver.resolve(
                resolver, kind, value, implicit
            )
