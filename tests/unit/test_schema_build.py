"""The bundled schemas are generated from the vocabulary and the operator table, and committed as generated.

relationship, pack, assessment and packtest are generated (engine/schema_build.py); scenario and
transcript are still written by hand, and held here to the vocabulary's value lists.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from typing import Any

import jsonschema
import pytest
from amity.engine import conditions, schema_build
from amity.engine.vocabulary import LEVELS, RATINGS, RISKS, SCHEMA_DIR, VERDICTS, fact_fields, load_schema, schema_names

ALL_OPERATORS = sorted({op for ops in conditions.OPERATORS.values() for op in ops})


def test_committed_schemas_are_the_generated_ones():
    assert schema_build.differences() == [], "run: python -m amity.engine.schema_build --write"


def _required_without_words(schema: dict[str, Any]) -> list[str]:
    """The required keys (as 'path: key') whose schema has no description, its own or its definition's."""
    defs = schema.get("$defs", {})

    def described(prop: dict[str, Any]) -> bool:
        target = defs.get(str(prop.get("$ref", "")).removeprefix("#/$defs/"), {})
        return bool(prop.get("description") or target.get("description"))

    found = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            props = node.get("properties", {})
            found.extend(f"{path}: {k}" for k in node.get("required", []) if k in props and not described(props[k]))
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}")

    walk(schema, "")
    return found


@pytest.mark.parametrize("name", ["pack", "packtest"])
def test_every_key_an_instructor_must_write_says_what_it_holds(name):
    """A missing key is reported with the words to add ('add when: all / any / not, a finding, ...'), from its
    schema's description: a rule without 'then', a lexicon entry without 'level', a case without 'expect' got no
    suggestion at all (found by a new-user trial, helper-64)."""
    assert _required_without_words(load_schema(name)) == []


def test_check_fails_when_a_committed_schema_is_altered(tmp_path, capsys):
    for path in SCHEMA_DIR.glob("*.schema.json"):
        shutil.copy(path, tmp_path)
    assert schema_build.main(["--check", "--dir", str(tmp_path)]) == 0
    pack = tmp_path / "pack.schema.json"
    pack.write_text(pack.read_text(encoding="utf-8").replace('"minItems": 1', '"minItems": 0', 1), encoding="utf-8")
    assert schema_build.main(["--check", "--dir", str(tmp_path)]) == 1
    assert "pack.schema.json: differs from the vocabulary" in capsys.readouterr().out
    (tmp_path / "packtest.schema.json").unlink()
    assert schema_build.differences(tmp_path) == ["pack.schema.json", "packtest.schema.json"]
    assert schema_build.main(["--write", "--dir", str(tmp_path)]) == 0
    assert schema_build.differences(tmp_path) == []


def test_the_module_runs_as_a_command():
    done = subprocess.run(
        [sys.executable, "-m", "amity.engine.schema_build", "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", sorted(schema_build.BUILDERS))
def test_generated_schema_is_valid_2020_12(name):
    jsonschema.Draft202012Validator.check_schema(schema_build.BUILDERS[name]())


def _argument(spec: Any, op: str) -> Any:
    value = spec.values[0] if spec.values else True if spec.kind == "boolean" else 1
    return {
        "in": [value],
        "contains_any": [value],
        "contains_all": [value],
        "size": {"ge": 1},
        "known": True,
    }.get(op, value)


def _pack_testing(condition: dict[str, Any]) -> dict[str, Any]:
    rule = {"id": "r", "description": "d", "rationale": "r", "source": {"citation": "c"}, "when": condition}
    return {"pack": "t", "version": "1.0.0", "description": "d", "rules": [{**rule, "then": [{"finding": "f"}]}]}


def _accepted_operators(schema: dict[str, Any]) -> dict[str, list[str]]:
    valid = jsonschema.Draft202012Validator(schema).is_valid
    return {
        name: [op for op in ALL_OPERATORS if valid(_pack_testing({name: {op: _argument(spec, op)}}))]
        for name, spec in fact_fields().items()
    }


def test_conditions_accept_exactly_the_operators_of_each_fields_kind():
    accepted = _accepted_operators(schema_build.pack())
    for name, spec in fact_fields().items():
        assert accepted[name] == sorted(conditions.OPERATORS[spec.kind]), name


def test_the_operator_table_is_the_source_of_the_condition_blocks(monkeypatch):
    monkeypatch.setitem(conditions.OPERATORS, "boolean", ("eq", "known"))
    monkeypatch.setitem(conditions.OPERATORS, "set", (*conditions.OPERATORS["set"], "eq"))
    accepted = _accepted_operators(schema_build.pack())
    assert accepted["permanent_bodies"] == ["eq", "known"]
    assert "eq" in accepted["sectors"]
    assert schema_build.differences() == ["pack.schema.json"]


def test_the_vocabulary_is_the_source_of_the_relationship_schema(monkeypatch):
    from amity.engine import vocabulary

    changed = tuple(
        vocabulary.FieldSpec(**{**spec.__dict__, "maximum": 2}) if spec.name == "trade_dependence" else spec
        for spec in vocabulary.FIELDS
    )
    monkeypatch.setattr(schema_build, "FIELDS", changed)
    assert schema_build.relationship()["properties"]["trade_dependence"]["maximum"] == 2
    assert schema_build.differences() == ["relationship.schema.json"]


def _occurrences(text: str, values: tuple[str, ...]) -> int:
    # the enum, with or without null
    return len(re.findall(re.escape('"enum": ' + json.dumps(list(values))[:-1]) + r"(, null)?\]", text))


@pytest.mark.parametrize("name", sorted(schema_build.BUILDERS))
def test_what_repeats_is_written_once(name):
    text = json.dumps(schema_build.BUILDERS[name]())
    facts = tuple(fact_fields())
    assert _occurrences(json.dumps({"enum": [*LEVELS, None]}), LEVELS) == 1
    for values in (LEVELS, RISKS, VERDICTS, facts):
        assert _occurrences(text, values) <= 1, (name, values)
    for spec in fact_fields().values():
        if spec.values:
            assert _occurrences(text, spec.values) <= 1 + (spec.values == ("low", "moderate", "high")), spec.name


def test_one_risk_block_and_one_test_block_per_kind():
    assessment = json.dumps(schema_build.assessment())
    assert assessment.count('"possible_ratings": {') == 1
    assert assessment.count('"#/$defs/riskOutcome"') == len(RISKS)
    pack = schema_build.pack()
    kinds = {spec.kind for spec in fact_fields().values() if not spec.values}
    assert {f"{kind}Test" for kind in kinds} <= set(pack["$defs"])
    text = json.dumps(pack)
    for kind in kinds:
        users = [n for n, s in fact_fields().items() if s.kind == kind]
        assert text.count(f'"#/$defs/{kind}Test"') == len(users), kind


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


PATTERNS = sorted({p for make in schema_build.BUILDERS.values() for p in _patterns(make())})


def test_every_schema_pattern_is_found():
    assert len(PATTERNS) >= 6


@pytest.mark.parametrize("pattern", PATTERNS)
def test_patterns_mean_the_same_in_python_and_ecma_262(pattern):
    # jsonschema matches with Python's re.search, editors with ECMA-262: anchor with ^ and
    # "no character follows" (Python's $ also matches before a final newline), and use no
    # class (\d \w \s \b) whose meaning differs between the two beyond ASCII
    assert pattern.startswith("^") and pattern.endswith(r"(?![\s\S])"), pattern
    body = pattern.removesuffix(r"(?![\s\S])")
    assert not re.search(r"\\[dDwWsSbB]|\$", body), pattern


@pytest.mark.parametrize("pattern", PATTERNS)
def test_patterns_reject_a_trailing_newline(pattern):
    accepted = [text for text in ("USA", "usa-ind-2010", "core", "1.2.0") if re.search(pattern, text)]
    assert accepted, f"no sample fits {pattern}"
    for text in accepted:
        assert not re.search(pattern, text + "\n")
        assert not re.search(pattern, text + "\r\n")


def _enums(node: Any) -> list[list[Any]]:
    if isinstance(node, dict):
        found = [node["enum"]] if isinstance(node.get("enum"), list) else []
        return found + [e for value in node.values() for e in _enums(value)]
    if isinstance(node, list):
        return [e for value in node for e in _enums(value)]
    return []


@pytest.mark.parametrize("name", schema_names())
def test_every_bundled_schema_lists_the_vocabularys_values_in_full(name):
    # the schemas not generated here (scenario, transcript) are held to the same lists
    for enum in _enums(load_schema(name)):
        for values in (LEVELS, RATINGS, VERDICTS, tuple(fact_fields())):
            # ratings are three common words: an enum of exactly those; the others: any three of them
            about = set(enum) - {None} == set(values) if values is RATINGS else len(set(enum) & set(values)) >= 3
            if about:
                assert [v for v in enum if v in values] == list(values), (name, enum)


def test_the_value_list_check_sees_a_level_left_out(monkeypatch):
    schema = {"properties": {"level": {"enum": ["none", "partnership", "alliance"]}}}
    monkeypatch.setattr(sys.modules[__name__], "load_schema", lambda name: schema)
    with pytest.raises(AssertionError):
        test_every_bundled_schema_lists_the_vocabularys_values_in_full("x")
