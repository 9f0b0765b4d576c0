"""The generated schemas accept the bundled documents and reject broken ones, each with a message that says why.

Every case breaks one thing in a valid document (the core pack, its test cases, an
example profile, an assessment of it), so each one shows a part of a schema failing:
every shared definition ($defs) and every kind of condition block is hit at least once.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from amity.engine import InputError, check_profile
from amity.engine.document import Document
from amity.engine.schemas import problems, validator

ROOT = Path(__file__).resolve().parents[2]
DELETE = object()


def _yaml(path: str) -> Any:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bases(assessor) -> dict[str, Any]:
    profile = _yaml("examples/us-india.yaml")
    return {
        "pack": _yaml("rules/core/pack.yaml"),
        "packtest": _yaml("rules/core/tests.yaml"),
        "relationship": profile,
        "assessment": json.loads(json.dumps(assessor.assess(profile).as_dict())),
    }


def _rule(when: Any) -> dict[str, Any]:
    return {
        "id": "r",
        "description": "d",
        "rationale": "r",
        "source": {"citation": "c"},
        "when": when,
        "then": [{"finding": "f"}],
    }


LEVELS_SHOWN = "expected one of: none, partnership, strategic_partnership"
# (schema, JSON pointer, new value or DELETE, a part of the message)
CASES = [
    # pack: names and versions (no trailing newline, ASCII digits only)
    ("pack", "/pack", "core\n", "/pack: 'core\\n' is not of the expected form"),
    ("pack", "/version", "1.0.0\n", "/version: '1.0.0\\n' is not of the expected form"),
    ("pack", "/version", "\u0661.0.0", "is not of the expected form: semantic version"),
    ("pack", "/rules/0/id", "multi-sector-scope\n", "/rules/0/id: 'multi-sector-scope\\n' is not of the expected form"),
    ("pack", "/rules/0/then/0", {"finding": "Multi"}, "/rules/0/then/0/finding: 'Multi' is not of the expected form"),
    ("pack", "/lexicon/0/id", "x\n", "/lexicon/0/id: 'x\\n' is not of the expected form"),
    # pack: the shared value lists
    ("pack", "/lexicon/0/level", "aliance", "unknown value 'aliance'; " + LEVELS_SHOWN),
    ("pack", "/rules/0/then/0", {"level": "allliance"}, "unknown value 'allliance'; " + LEVELS_SHOWN),
    ("pack", "/rules/0/then/0", {"risk": "entrapement", "rating": "high", "reason": "r"}, "did you mean 'entrapment'?"),
    ("pack", "/rules/0/then/0", {"risk": "entrapment", "rating": "severe", "reason": "r"}, "unknown value 'severe'"),
    ("pack", "/rules/0/then/0", {"risk": "entrapment"}, "'rating' is needed with 'risk'"),
    ("pack", "/rules/0/then/0", {"hedging": False}, "expected true, got false"),
    # pack: a condition block of every kind of field
    ("pack", "/rules/0", _rule({"as_of": {"lt": "2000"}}), "/rules/0/when/as_of/lt: expected a number, got '2000'"),
    # a condition's keys are fields, as a profile's are (it said 'unknown key'), a field test's are operators
    ("pack", "/rules/0", _rule({"sumits": "annual"}), "/rules/0/when/sumits: unknown field 'sumits' (did you mean"),
    ("pack", "/rules/0", _rule({"power_ratio": {"between": 3}}), "unknown operator 'between'"),
    ("pack", "/rules/0", _rule({"permanent_bodies": {"eq": 1}}), "/permanent_bodies/eq: expected true or false, got 1"),
    (
        "pack",
        "/rules/0",
        _rule({"permanent_bodies": {"in": [True]}}),
        "the operator 'in' does not apply to permanent_bodies",
    ),
    ("pack", "/rules/0", _rule({"legal_basis": {"in": []}}), "/legal_basis/in: expected at least 1 item"),
    ("pack", "/rules/0", _rule({"legal_basis": {"lt": "none"}}), "the operator 'lt' does not apply to legal_basis"),
    ("pack", "/rules/0", _rule({"legal_basis": "treaty"}), "unknown value 'treaty'; expected one of: ratified_treaty"),
    ("pack", "/rules/0", _rule({"exit_costs": {"lt": "severe"}}), "/exit_costs/lt: unknown value 'severe'"),
    ("pack", "/rules/0", _rule({"sectors": {"contains_any": ["trade", "trade"]}}), "items must not repeat"),
    ("pack", "/rules/0", _rule({"sectors": {"contains": "trad"}}), "did you mean 'trade'?"),
    ("pack", "/rules/0", _rule({"sectors": {"size": {"ge": -1}}}), "/sectors/size/ge: expected a value at least 0"),
    ("pack", "/rules/0", _rule({"sectors": {"size": {"gte": 3}}}), "unknown operator 'gte'"),
    ("pack", "/rules/0", _rule({"sectors": "trade"}), "/sectors: expected a mapping, got 'trade'"),
    ("pack", "/rules/0", _rule({"summits": {"known": "yes"}}), "/summits/known: expected true or false, got 'yes'"),
    ("pack", "/rules/0", _rule({"all": []}), "/when/all: expected at least 1 item, got 0"),
    # a list of a field's values counts them by the field's own noun
    ("pack", "/rules/0", _rule({"sectors": {"contains_any": []}}), "/contains_any: expected at least 1 sector, got 0"),
    (
        "pack",
        "/rules/0",
        _rule({"security_cooperation": {"contains_all": []}}),
        "/contains_all: expected at least 1 form of security cooperation, got 0",
    ),
    ("pack", "/rules/0", _rule({"legal_basis": "none", "summits": "annual"}), "a condition has exactly one key, got 2"),
    ("pack", "/rules/0", _rule({"finding": "Bad"}), "/when/finding: 'Bad' is not of the expected form"),
    # pack: sources, the lexicon, limits
    (
        "pack",
        "/lexicon/0",
        {"id": "x", "level": "alliance", "exact": "a", "pattern": "a"},
        "/lexicon/0/pattern: unknown key 'pattern'",
    ),
    ("pack", "/lexicon/0", {"id": "x", "level": "alliance"}, "/lexicon/0: missing required key 'exact'"),
    # pack: the designation grammar's rungs are rungs of the ladder
    (
        "pack",
        "/designations/rungs/0/level",
        "alliance",
        "'alliance' is not allowed here: expected a rung of the ladder",
    ),
    ("pack", "/designations/rungs/0/level", "aliance", "unknown value 'aliance'"),
    ("pack", "/rules/0/source", {"ref": "seed"}, "/rules/0/source: expected ref and section or citation"),
    ("pack", "/sources/seed", {"file": "seed.txt"}, "missing required key 'title'"),
    ("pack", "/limits", {"max_firings": 0}, "/limits/max_firings: expected a value at least 1, got 0"),
    ("pack", "/disable", ["a", "a"], "items must not repeat ('a' appears twice)"),
    # pack tests
    ("packtest", "/cases/0/name", "case\n", "/cases/0/name: 'case\\n' is not of the expected form"),
    ("packtest", "/cases/0/expect", {"level": "aliance"}, LEVELS_SHOWN),
    ("packtest", "/cases/0/expect", {"level": "aliance"}, "alliance (or null for unknown)"),
    ("packtest", "/cases/0/expect", {"risks": {"entrapment": "severe"}}, "high (or null for unknown)"),
    ("packtest", "/cases/0/expect", {"risks": {"entrapement": "high"}}, "unknown key 'entrapement'"),
    ("packtest", "/cases/0/expect", {"verdict": "inflatd"}, "did you mean 'inflated'?"),
    ("packtest", "/cases/0/expect", {"declared_level": 3}, "unknown value 3; " + LEVELS_SHOWN),
    ("packtest", "/cases/0/expect", {"deciding_facts": ["legal_bases"]}, "did you mean 'legal_basis'?"),
    ("packtest", "/cases/0/expect", {}, "expected at least 1 key, got 0"),
    ("packtest", "/cases", [], "/cases: expected at least 1 item"),
    # assessments
    ("assessment", "/risks/abandonment/rating", "severe", "high (or null for unknown)"),
    ("assessment", "/risks/fragility/possible_ratings", [], "expected at least 1 item"),
    ("assessment", "/risks/fragility/reasons", [{"rating": "high"}], "missing required key 'reason'"),
    ("assessment", "/risks/fragility", DELETE, "missing required key 'fragility'"),
    ("assessment", "/level", "alliancee", "alliance (or null for unknown)"),
    ("assessment", "/possible_levels", ["alliance", "alliance"], "items must not repeat"),
    ("assessment", "/deciding_facts", ["legal_bases"], "did you mean 'legal_basis'?"),
    ("assessment", "/pending_levels", [{"rule": "r"}], "missing required key 'would_conclude'"),
    ("assessment", "/label/verdict", "bogus", "unknown value 'bogus'; expected one of: consistent"),
    ("assessment", "/label/lexicon_entry", {"source": {"page": 1}}, "unknown key 'page'"),
    ("assessment", "/trace/0/source/page", 3, "unknown key 'page'"),
    ("assessment", "/trace/0/step", 0, "expected a value at least 1, got 0"),
    ("assessment", "/trace/0/matched/facts", {"legal_bases": "x"}, "did you mean 'legal_basis'?"),
    ("assessment", "/trace/0/concluded", [{"risk": "entrapment", "rating": "extreme"}], "unknown value 'extreme'"),
]

# profiles go through check_profile: the compiled check, then the schema's explanation
PROFILE_CASES = [
    ("/id", "usa-ind-2010\n", "/id: 'usa-ind-2010\\n' is not of the expected form"),
    ("/parties", ["USA", "USA"], "items must not repeat"),
    ("/parties/0", "USA\n", "/parties/0: 'USA\\n' is not of the expected form"),
    ("/parties/0", "usa", "/parties/0: 'usa' is not of the expected form: a party code, 2 to 12 upper-case"),
    ("/parties/0", "usa", "(did you mean 'USA'?)"),
    ("/parties/0", "USA\n", "(did you mean 'USA'? 'USA\\n' has a line break at its end)"),
    ("/parties/0", "U.S.", "(ISO 3166-1 alpha-3 for a state (USA, IND), a short code for an organisation"),
    ("/id", "usa ind 2010", "(did you mean 'usa-ind-2010'?)"),
    ("/parties", ["USA"], "/parties: expected exactly 2 party codes, got 1"),
    ("/parties", ["USA", "IND", "CHN"], "/parties: expected exactly 2 party codes, got 3"),
    (
        "/legal_basis",
        "treaty",
        "ratified_treaty, signed_treaty, joint_statement, memorandum, none (or null for unknown)",
    ),
    ("/exit_costs", "severe", "unknown value 'severe'"),
    ("/trade_dependence", 1.5, "expected a value at most 1, got 1.5"),
    ("/power_ratio", 0.5, "expected a value at least 1, got 0.5"),
    ("/power_ratio", float("nan"), "expected a finite number, got nan"),
    ("/as_of", 2010.5, "expected a whole number or null (unknown), got 2010.5"),
    ("/working_groups", True, "expected a whole number or null (unknown), got true"),
    ("/permanent_bodies", "yes", "expected true or false or null (unknown), got 'yes'"),
    ("/permanent_bodies", "yes", "got 'yes' (did you mean 'true'?)"),
    ("/permanent_bodies", 1, "got 1 (did you mean 'true'?)"),
    ("/permanent_bodies", 0.0, "got 0.0 (did you mean 'false'?)"),
    ("/permanent_bodies", 10**400, "(401 digits) (write true or false)"),  # too large for a float: no crash
    ("/permanent_bodies", "off", "got 'off' (did you mean 'false'?)"),
    # the word itself in quotes: 'did you mean true' would contradict itself (found by a trial)
    ("/permanent_bodies", "true", "got 'true' (write true without quotes)"),
    ("/permanent_bodies", "False", "got 'False' (write false without quotes)"),
    ("/permanent_bodies", "maybe", "got 'maybe' (write true or false)"),
    (
        "/as_of",
        "2023-01-01",
        "expected a whole number or null (unknown), got '2023-01-01' (write the year alone, e.g. 2023)",
    ),
    ("/as_of", "2023", "got '2023' (write the number without quotes)"),
    ("/security_cooperation", "none", "got 'none' (for none of them, write [])"),
    ("/security_cooperation", ["none"], "unknown value 'none'; expected one of: joint_exercises"),
    ("/security_cooperation", ["None"], "(for none of them, write [])"),
    ("/sectors", ["trade", "trade"], "items must not repeat"),
    ("/sectors", "trade", "(write it as a list: [trade])"),
    ("/security_cooperation", ["basing"], "did you mean 'basing_rights'?"),
    ("/sources/0", {"title": "x"}, "missing required field 'url'"),
    ("/declared_label", "", "expected a non-empty string"),
    ("/legal_bases", "none", "unknown field 'legal_bases'"),
    ("/parties", DELETE, "missing required field 'parties'"),
]


def broken(document: Any, pointer: str, value: Any) -> Any:
    document = copy.deepcopy(document)
    *parents, last = pointer.split("/")[1:]
    target = document
    for token in parents:
        target = target[int(token)] if isinstance(target, list) else target[token]
    if value is DELETE:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return document


@pytest.mark.parametrize("name", ["pack", "packtest", "relationship", "assessment"])
def test_the_bundled_documents_are_valid(bases, name):
    assert validator(name).is_valid(bases[name])


@pytest.mark.parametrize(("name", "pointer", "value", "message"), CASES, ids=lambda x: str(x)[:40])
def test_broken_documents_are_rejected_with_a_reason(bases, name, pointer, value, message):
    document = broken(bases[name], pointer, value)
    assert not validator(name).is_valid(document)
    found = "\n".join(map(str, problems(Document(document), name, "key")))
    assert message in found


@pytest.mark.parametrize(("pointer", "value", "message"), PROFILE_CASES, ids=lambda x: str(x)[:40])
def test_broken_profiles_are_rejected_with_a_reason(bases, pointer, value, message):
    with pytest.raises(InputError) as exc:
        check_profile(Document(broken(bases["relationship"], pointer, value)))
    assert message in str(exc.value)


# (schema, pointer, value, a message, texts its suggestion must not have)
MISLEADING = [
    ("pack", "/rules/0", _rule({"power_ratio": {"ge": "high"}}), "expected a number, got 'high'", "quotes"),
    ("relationship", "/power_ratio", "high", "expected a number or null (unknown), got 'high'", "quotes"),
    ("relationship", "/as_of", "2023-01-01", "got '2023-01-01'", "quotes"),
]


@pytest.mark.parametrize(("name", "pointer", "value", "message", "unfit"), MISLEADING, ids=lambda x: str(x)[:40])
def test_a_suggestion_fits_the_value(bases, name, pointer, value, message, unfit):
    """'write the number without quotes' only for text that is a number."""
    found = [p for p in problems(Document(broken(bases[name], pointer, value)), name, "key") if message in p.message]
    assert found and all(unfit not in (p.suggestion or "") for p in found)


def _patterns(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        own = [schema["pattern"]] if isinstance(schema.get("pattern"), str) else []
        return own + [p for v in schema.values() for p in _patterns(v)]
    if isinstance(schema, list):
        return [p for v in schema for p in _patterns(v)]
    return []


@pytest.mark.parametrize("name", ["pack", "packtest", "relationship", "assessment"])
def test_no_message_shows_a_regular_expression(bases, name):
    """Every pattern of every bundled schema has words; a value breaking it is told them, never the pattern."""
    from amity.engine.schemas import pattern_words
    from amity.engine.vocabulary import load_schema

    patterns = set(_patterns(load_schema(name)))
    assert patterns or name == "assessment"
    for pattern in patterns:
        assert all(pattern_words(pattern)), pattern
    breaking = {"pack": ("/pack", "Core"), "packtest": ("/cases/0/name", "A case"), "relationship": ("/parties/0", "u")}
    if name in breaking:
        found = "\n".join(map(str, problems(Document(broken(bases[name], *breaking[name])), name)))
        assert "is not of the expected form: " in found
        assert "(?!" not in found and "pattern" not in found and "^" not in found


def test_an_assessment_list_is_checked_item_by_item(bases):
    good = bases["assessment"]
    assert validator("assessment").is_valid([good, good])
    assert not validator("assessment").is_valid([good, {"level": "alliance"}])


def test_the_item_nouns_are_of_list_fields_of_the_vocabulary():
    from amity.engine.schemas import _ITEM_NOUNS
    from amity.engine.vocabulary import fields

    lists = {name for name, spec in fields().items() if spec.kind == "set"} | {"parties"}
    assert set(_ITEM_NOUNS) <= lists
