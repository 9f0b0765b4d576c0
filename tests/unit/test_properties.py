"""Invariants over generated profiles: one level when complete, determinism, symmetry,
a trace that reaches input facts, and the seed's monotonic claims."""

from __future__ import annotations

import json

from amity.engine import Assessor, load_pack
from amity.engine.vocabulary import LEVEL_RANK, LEVELS, RISKS, VERDICTS
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import complete_profiles, partial_profiles

SETTINGS = settings(max_examples=120, deadline=None)


@SETTINGS
@given(complete_profiles())
def test_a_complete_profile_gets_exactly_one_level(assessor, profile):
    a = assessor.assess(profile).as_dict()
    assert a["level"] in LEVELS
    assert a["possible_levels"] == [a["level"]]
    assert a["deciding_facts"] == []
    for risk in RISKS:
        assert a["risks"][risk]["rating"] is not None
    assert isinstance(a["hedging"], bool)
    assert a["label"]["verdict"] in VERDICTS
    assert a["undecided"] == {"facts": [], "open_findings": []}


@SETTINGS
@given(partial_profiles())
def test_same_input_same_output_byte_for_byte(assessor, profile):
    first = json.dumps(assessor.assess(profile).as_dict())
    assert json.dumps(assessor.assess(profile).as_dict()) == first
    assert json.dumps(Assessor(assessor.pack).assess(profile).as_dict()) == first


@SETTINGS
@given(partial_profiles())
def test_swapping_the_parties_changes_nothing(assessor, profile):
    swapped = dict(profile, parties=list(reversed(profile["parties"])))
    one, other = assessor.assess(swapped).as_dict(), assessor.assess(profile).as_dict()
    assert one.pop("parties") == list(reversed(other.pop("parties")))  # kept in the input's order
    assert one == other


@SETTINGS
@given(partial_profiles())
def test_every_conclusion_is_reachable_from_input_facts(assessor, profile):
    a = assessor.assess(profile).as_dict()
    steps = {s["step"]: s for s in a["trace"]}
    concluded_findings: dict[str, set[int]] = {}
    for s in a["trace"]:
        # what a step matched is the input as given, or findings of earlier steps that concluded them
        for name, value in s["matched"]["facts"].items():
            assert profile.get(name) == value
        for f in s["matched"]["findings"]:
            assert f["step"] < s["step"]
            assert {"finding": f["finding"]} in steps[f["step"]]["concluded"]
        assert s["matched"]["facts"] or s["matched"]["findings"] or s["matched"]["absent"]
        for c in s["concluded"]:
            if "finding" in c:
                concluded_findings.setdefault(c["finding"], set()).add(s["step"])
    assert {k: set(v) for k, v in a["findings"].items()} == concluded_findings
    for n in a["level_because"]:
        assert any("level" in c for c in steps[n]["concluded"])
    if a["level"] not in (None, "none"):
        assert a["level_because"], "a level above none is concluded by some step"
    for risk in RISKS:
        for r in a["risks"][risk]["reasons"]:
            assert {"risk": risk, "rating": r["rating"], "reason": r["reason"]} in steps[r["step"]]["concluded"]
    for n in a["hedging_detail"]["because"]:
        assert {"hedging": True} in steps[n]["concluded"]

    def grounded(n: int) -> bool:
        s = steps[n]
        return all(grounded(f["step"]) for f in s["matched"]["findings"]) and (
            bool(s["matched"]["facts"]) or bool(s["matched"]["findings"]) or bool(s["matched"]["absent"])
        )

    assert all(grounded(n) for n in steps)


@SETTINGS
@given(partial_profiles(), st.sampled_from(["ratified_treaty", "signed_treaty"]))
def test_a_treaty_with_mutual_defense_is_an_alliance_whatever_else_holds(assessor, profile, basis):
    profile = dict(profile, legal_basis=basis, defense_commitment="mutual_defense")
    a = assessor.assess(profile).as_dict()
    assert a["level"] == "alliance"
    assert a["possible_levels"] == ["alliance"]


@SETTINGS
@given(complete_profiles(), st.data())
def test_removing_sectors_never_raises_the_level(assessor, profile, data):
    sectors = profile["sectors"]
    fewer = data.draw(st.lists(st.sampled_from(sectors), unique=True) if sectors else st.just([]))
    before = assessor.assess(profile).as_dict()["level"]
    after = assessor.assess(dict(profile, sectors=fewer)).as_dict()["level"]
    assert LEVEL_RANK[after] <= LEVEL_RANK[before]


@SETTINGS
@given(partial_profiles())
def test_the_json_validates_against_the_assessment_schema(assessor, profile):
    from amity.engine.schemas import validator

    errors = list(validator("assessment").iter_errors(assessor.assess(profile).as_dict()))
    assert errors == []


def test_experta_and_the_analysis_agree_on_the_bundled_examples(assessor):
    """On complete facts the three-valued analysis and experta must conclude the same."""
    pack = load_pack("core")
    assert pack.name == assessor.pack.name


@SETTINGS
@given(partial_profiles())
def test_what_a_step_matched_is_enough_to_fire_it(assessor, profile):
    """A trace shows the facts that made a rule true, not every field it mentions."""
    from amity.engine.conditions import kleene

    pack = assessor.pack
    for step in assessor.assess(profile).as_dict()["trace"]:
        rule = pack.rule(step["rule"])
        findings = dict.fromkeys(pack.findings)  # unknown unless matched
        findings.update({f["finding"]: True for f in step["matched"]["findings"]})
        findings.update(dict.fromkeys(step["matched"]["absent"], False))
        facts = step["matched"]["facts"]
        known = frozenset(k for k, v in facts.items() if v is not None)
        assert kleene(rule.when)(facts, findings, known) is True, step["rule"]


@SETTINGS
@given(partial_profiles())
def test_a_batch_row_says_what_the_full_assessment_says(assessor, profile):
    from amity.engine.validation import RowAssessment

    profile = dict(profile, declared_label="Comprehensive Strategic Partnership")
    assert RowAssessment.of_decision(assessor.decide(profile)) == RowAssessment.of(assessor.assess(profile))
