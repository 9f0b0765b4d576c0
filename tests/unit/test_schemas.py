"""The bundled schemas: valid, complete, and in step with the vocabulary contract (docs/vocabulary.md)."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
from amity.engine.vocabulary import FIELD_ORDER, fields, load_schema, schema_names

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY = ROOT / "docs" / "vocabulary.md"
SEED = ROOT / "rules" / "core" / "seed.txt"


@pytest.mark.parametrize("name", schema_names())
def test_schema_is_valid_2020_12_with_id_and_title(name):
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{name}.schema.json")
    assert schema["title"] and schema["description"]


def test_expected_schemas_are_bundled():
    assert {"relationship", "pack", "assessment", "packtest"} <= set(schema_names())


def test_relationship_schema_describes_every_field():
    for name, prop in load_schema("relationship")["properties"].items():
        assert prop.get("title") and prop.get("description"), name


def _contract_tables() -> dict[str, str]:
    """field -> its values cell, from the vocabulary's markdown tables."""
    rows = {}
    for line in VOCABULARY.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `([a-z_]+)` \| ([^|]+) \|", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def test_relationship_schema_is_exactly_the_vocabulary():
    contract = _contract_tables()
    assert len(contract) > 20, "the contract's tables were not found"
    input_fields = [f for f in contract if f not in _OUTPUT_KEYS]
    assert set(input_fields) == set(fields()), "the schema must accept exactly the vocabulary's fields"
    for name, cell in contract.items():
        if name not in FIELD_ORDER:
            continue
        listed = re.findall(r"`([a-z_]+)`", cell)
        spec = fields()[name]
        if spec.kind in ("enum", "ordinal", "set"):
            assert list(spec.values) == listed, name


_OUTPUT_KEYS = {"level", "possible_levels", "deciding_facts", "risks", "hedging", "label", "trace", "pack"}


def test_parties_is_the_only_required_field():
    assert load_schema("relationship")["required"] == ["parties"]


def test_pack_schema_offers_every_fact_field_in_conditions():
    condition = load_schema("pack")["$defs"]["condition"]["properties"]
    facts = [n for n, s in fields().items() if s.is_fact]
    assert set(facts) <= set(condition)
    assert set(condition) - set(facts) == {"all", "any", "not", "finding"}


def test_the_contract_check_sees_a_field_the_contract_lacks(monkeypatch):
    from amity.engine import vocabulary

    extra = vocabulary.FieldSpec("alliance_age", "integer", minimum=0, title="Alliance age", description="Years.")
    monkeypatch.setattr(vocabulary, "FIELDS", (*vocabulary.FIELDS, extra))
    vocabulary.fields.cache_clear()
    try:
        with pytest.raises(AssertionError, match="exactly the vocabulary's fields"):
            test_relationship_schema_is_exactly_the_vocabulary()
    finally:
        monkeypatch.undo()
        vocabulary.fields.cache_clear()


def test_every_field_names_the_seed_sections_it_comes_from():
    seed = SEED.read_text(encoding="utf-8").lower()
    dates = {"as_of", "established"}  # when the facts hold, not what the seed describes
    for name, spec in fields().items():
        if not spec.is_fact or name in dates:
            assert not spec.section, name
            continue
        assert spec.section, f"{name} names no section of the seed"
        for part in spec.section.split(":"):
            assert part.strip().lower() in seed, f"{name}: no '{part.strip()}' in the seed"
        assert spec.title and spec.description and not spec.description.startswith("["), name


def test_a_key_that_is_not_text_in_a_mapping_made_in_python_is_an_unknown_field_not_a_crash():
    """{16: ...} given to the library's validate raised AttributeError ('int' object has no attribute 'strip')."""
    from amity.engine import validate

    (row,) = validate([{"parties": ["USA", "JPN"], 16: 1, None: 2, True: 3}])
    assert row.status == "error"
    assert sorted(str(e) for e in row.errors) == [
        "<input>: /16: unknown field 16: a key must be a field name, not a number",
        "<input>: /None: unknown field null: a key must be a field name, not null",
        "<input>: /True: unknown field true: a key must be a field name, not true or false",
    ]


def test_the_assessment_schema_says_the_parties_come_in_the_input_order_as_they_do():
    from amity.engine import Assessor

    described = load_schema("assessment")["$defs"]["assessment"]["properties"]["parties"]["description"]
    assert Assessor("core").assess({"parties": ["VNM", "USA"]}).as_dict()["parties"] == ["VNM", "USA"]
    assert "sorted" not in described and "as the input gives them" in described


def test_the_readme_json_output_section_names_every_key_of_an_assessment():
    """README's 'JSON output' lists what an assessment carries: every key the schema allows (pending_levels was missing)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## JSON output\n", 1)[1].split("\n## ", 1)[0]
    keys = load_schema("assessment")["$defs"]["assessment"]["properties"]
    assert [k for k in keys if f"`{k}`" not in section and f"`{k}:" not in section] == []


def test_the_readme_describes_why_not_in_json_as_the_schema_shapes_it():
    """'Why not, and what if': the statuses, and a change set's `changes` of `{field, from, to, text}` and its `text`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.search(
        r"`status` \(`(\w+)`, `(\w+)`,\n?`(\w+)`\), `blockers`, and `change_sets`, each with its `changes`", readme
    )
    assert said, "README.md says how why_not reads in JSON"
    shape = load_schema("assessment")["$defs"]["whyNot"]["properties"]
    assert list(said.groups()) == shape["status"]["enum"]
    change_set = shape["change_sets"]["items"]
    assert set(change_set["required"]) == {"changes", "text"}
    assert set(change_set["properties"]["changes"]["items"]["required"]) == {"field", "from", "to", "text"}


def _meanings() -> dict[str, str]:
    """field -> its row of the contract's tables, as written (values and meaning)."""
    return {
        m.group(1): line
        for line in VOCABULARY.read_text(encoding="utf-8").splitlines()
        if (m := re.match(r"\| `([a-z_]+)` \|", line))
    }


def test_the_common_names_of_values_are_the_contracts_own():
    """The aliases the hints suggest ('MOU' is written 'memorandum') are data in the vocabulary table, each
    found in the contract's row of its field and in the field's description (the schema's), and the contract's
    '`value`: ABBREVIATION' notes are all aliases: one source for the docs and the hint."""
    rows = _meanings()
    documented = set()
    for name, row in rows.items():
        for value, abbreviation in re.findall(r"`([a-z_]+)`: ([A-Z]{2,})\b", row):
            documented.add((name, abbreviation, value))
    aliased = {(s.name, alias, value) for s in fields().values() for alias, value in s.aliases}
    assert {(n, a, v) for n, a, v in aliased if a.isupper()} == documented == {("legal_basis", "MOU", "memorandum")}
    for name, alias, value in aliased:
        spec = fields()[name]
        assert value in spec.values and alias not in spec.values, (name, alias)  # suggested, never a value
        assert alias.casefold() in rows[name].casefold() and alias.casefold() in spec.description.casefold()
        assert spec.alias_of(alias) == value


def test_each_number_fields_range_in_words_is_its_bounds():
    """What the hints say of a number field's range ('a count of 0 or more') is read off its bounds, and agrees
    with the contract's cell for it ('integer >= 0', 'number in [0, 1]')."""
    rows = _meanings()
    said = {
        "integer >= 0": "a count of 0 or more",
        "number >= 1": "a ratio of 1 or more",
        "number in [0, 1]": "a share from 0 to 1",
        "integer year": "a year from 1 to 9999",
    }
    numbers = {name: spec for name, spec in fields().items() if spec.kind in ("integer", "number")}
    assert len(numbers) == 6
    for name, spec in numbers.items():
        cell = rows[name].split("|")[2].strip()
        assert spec.range_words == said[cell], name
