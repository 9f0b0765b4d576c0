"""Unknown is not false: possible values and deciding facts, checked against brute force.

The brute force runs experta itself on every completion of the unknown facts
(one value per class, which covers every value of each domain) and compares
with what the analysis says, exactly.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

from amity.engine import load_pack
from amity.engine.conditions import known_facts
from amity.engine.unknowns import OUTPUTS, Analysis, Diagram
from amity.engine.vocabulary import LEVEL_RANK, RATING_RANK, RISKS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import FACTS, partial_profiles, value_of


def truth(assessor, facts: dict[str, Any]) -> dict[str, Any]:
    """What the evaluator concludes on complete facts: level, ratings, hedging."""
    d = assessor.evaluator.evaluate(facts).trace
    levels = [c.value for c, _ in d.conclusions("level")]
    out: dict[str, Any] = {"level": max(levels, key=LEVEL_RANK.__getitem__, default="none")}
    for risk in RISKS:
        ratings = [c.rating for c, _ in d.conclusions("risk") if c.value == risk]
        out[f"risk:{risk}"] = max(ratings, key=RATING_RANK.__getitem__, default="low")
    out["hedging"] = bool(d.conclusions("hedging"))
    return out


def completions(assessor, facts: dict[str, Any]):
    classes = assessor.analysis.classes
    unknown = [f for f in classes if f not in facts]
    for combo in itertools.product(*(classes[f] for f in unknown)):
        yield unknown, dict(zip(unknown, combo, strict=True))


def brute_force(assessor, facts):
    """For each output: the values completions reach, and the fields whose change alone changes it."""
    table = []
    unknown = [f for f in assessor.analysis.classes if f not in facts]
    for _, assignment in completions(assessor, facts):
        table.append((assignment, truth(assessor, {**facts, **assignment})))
    results = {}
    outputs = table[0][1].keys()
    for out in outputs:
        possible = {t[out] for _, t in table}
        deciding = set()
        index = {tuple(sorted(a.items())): t[out] for a, t in table}
        for a, t in table:
            for f in unknown:
                for v in assessor.analysis.classes[f]:
                    b = dict(a, **{f: v})
                    if index[tuple(sorted(b.items()))] != t[out]:
                        deciding.add(f)
        results[out] = (possible, deciding)
    return results


def analysis_view(result: dict[str, Any]) -> dict[str, tuple[set[Any], set[str]]]:
    view = {"level": (set(result["possible_levels"]), set(result["deciding_facts"]))}
    for risk in RISKS:
        r = result["risks"][risk]
        view[f"risk:{risk}"] = (set(r["possible_ratings"]), set(r["deciding_facts"]))
    view["hedging"] = (set(result["hedging_detail"]["possible"]), set(result["hedging_detail"]["deciding_facts"]))
    return view


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_profiles(max_unknown=3))
def test_possible_values_and_deciding_facts_are_exact(assessor, profile):
    result = assessor.assess(profile).as_dict()
    expected = brute_force(assessor, known_facts(profile))
    assert analysis_view(result) == expected


def test_exact_on_a_hand_picked_case_with_four_unknowns(assessor):
    profile = {
        "parties": ["AAA", "BBB"],
        "defense_commitment": "none",
        "third_party_orientation": "not_adversarial",
        "duration": "indefinite",
        "exit_costs": "moderate",
        "sectors": ["trade", "energy", "technology", "investment", "climate"],
        "summits": "annual",
        "ministerial_dialogues": 3,
        "working_groups": 0,
        "permanent_bodies": False,
        "global_governance_coordination": "systematic",
        "shared_values": "high",
        "power_ratio": 2.0,
        "trade_dependence": 0.05,
        "security_dependence": False,
        "rival_ties": False,
        "partner_in_conflict": False,
        "recent_crisis": False,
    }  # unknown: legal_basis, time_horizon, economic_integration, security_cooperation
    result = assessor.assess(profile).as_dict()
    assert analysis_view(result) == brute_force(assessor, known_facts(profile))
    assert result["level"] is None
    assert result["deciding_facts"] == ["legal_basis", "security_cooperation", "economic_integration", "time_horizon"]
    assert result["possible_levels"] == [
        "none",
        "partnership",
        "strategic_partnership",
        # not comprehensive_strategic_partnership: with systematic coordination known,
        # every completion that reaches it also reaches the coordination tier
        "comprehensive_strategic_partnership_of_coordination",
    ]


@st.composite
def partial_with_completion(draw):
    profile = draw(partial_profiles(max_unknown=8))
    completion = {
        name: draw(value_of(name))
        for name in FACTS
        if profile.get(name) is None and name not in ("as_of", "established")
    }
    return profile, completion


@settings(max_examples=150, deadline=None)
@given(partial_with_completion())
def test_any_completion_lands_in_the_possible_values(assessor, case):
    """Completions drawn from the whole domain, not only the representatives of classes."""
    profile, completion = case
    result = assessor.assess(profile).as_dict()
    actual = truth(assessor, {**known_facts(profile), **completion})
    assert actual["level"] in result["possible_levels"]
    for risk in RISKS:
        assert actual[f"risk:{risk}"] in result["risks"][risk]["possible_ratings"]
    assert actual["hedging"] in result["hedging_detail"]["possible"]
    if result["level"] is not None:
        assert actual["level"] == result["level"]


def test_ten_unknown_fields_stay_exact_and_name_the_deciding_ones(assessor):
    profile = {
        "parties": ["USA", "IND"],
        "legal_basis": "joint_statement",
        "defense_commitment": "none",
        "third_party_orientation": "not_adversarial",
        "duration": "renewable",
        "exit_costs": "moderate",
        "shared_values": "mixed",
        "power_ratio": 7.5,
        "security_dependence": False,
        "partner_in_conflict": True,
        "recent_crisis": False,
    }
    result = assessor.assess(profile).as_dict()
    assert result["possible_levels"] == [
        "partnership",
        "strategic_partnership",
        "comprehensive_strategic_partnership",
        "comprehensive_strategic_partnership_of_coordination",
    ]
    assert "legal_basis" not in result["deciding_facts"]
    assert result["risks"]["fragility"]["rating"] == "moderate"


NEGATION_FIRST = """\
pack: negation-first
version: 1.0.0
description: A rule that tests the absence of a finding, listed before the rule that concludes it.
rules:
  - id: fragile-unless-bound
    description: Without a binding instrument the tie is fragile.
    rationale: r
    source: {citation: c}
    when:
      all:
        - legal_basis: {in: [ratified_treaty, signed_treaty, joint_statement, memorandum]}
        - not: {finding: binding}
    then:
      - risk: fragility
        rating: high
        reason: Nothing binds the parties.
  - id: binding
    description: A treaty binds.
    rationale: r
    source: {citation: c}
    when:
      any:
        - legal_basis: {in: [ratified_treaty, signed_treaty]}
        - summits: annual
    then:
      - finding: binding
"""


def test_negation_is_exact_whatever_order_the_pack_lists_its_rules(tmp_path):
    from amity.engine import Assessor, load_pack

    path = tmp_path / "pack.yaml"
    path.write_text(NEGATION_FIRST)
    assessor = Assessor(load_pack(path))
    complete = {"parties": ["AAA", "BBB"], "legal_basis": "ratified_treaty", "summits": "none"}
    assert assessor.assess(complete).as_dict()["risks"]["fragility"]["rating"] == "low"
    partial = {"parties": ["AAA", "BBB"], "legal_basis": "joint_statement"}
    result = assessor.assess(partial).as_dict()
    assert analysis_view(result) == brute_force(assessor, known_facts(partial))
    assert result["risks"]["fragility"]["possible_ratings"] == ["low", "high"]
    assert result["risks"]["fragility"]["deciding_facts"] == ["summits"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(FACTS)), st.data())
def test_every_value_of_a_domain_behaves_like_one_representative(assessor, name, data):
    """The classes cover each domain: checked against raw values, not the analysis's own enumeration."""
    from amity.engine import conditions as cond

    classes = assessor.analysis.classes
    if name not in classes:
        return  # no rule tests it
    tests = cond.field_tests(r.when for r in assessor.pack.rules)[name]
    truths = [cond.field_truth(t) for t in tests]
    value = data.draw(value_of(name))

    def signature(v):
        return tuple(t({name: v}, frozenset({name})) for t in truths)

    assert signature(value) in {signature(r) for r in classes[name]}


# --------------------------------------------------------------------------- whole diagrams


@functools.cache
def analyses(name: str) -> tuple[Analysis, Analysis]:
    """A pack's analysis reading outcomes off its whole diagrams, and one searching every profile."""
    pack = load_pack(name)
    return Analysis(pack), Analysis(pack, from_diagrams=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_profiles(), st.sampled_from(["core", "china-ladder"]))
def test_outcomes_read_off_the_whole_diagrams_are_the_searches(profile, name):
    diagrams, searches = analyses(name)
    facts = known_facts(profile)
    read = diagrams.outcomes(facts, frozenset(facts))
    assert all(
        diagrams.restricted(o, facts, frozenset(facts)) == read[o] for o in OUTPUTS
    )  # read off the diagrams, not searched
    assert read == searches.outcomes(facts, frozenset(facts))
    assert all(o.exact for o in read.values())


def test_a_restricted_diagram_names_only_the_fields_the_output_still_depends_on():
    # a: two classes; b: three. With b in its first class the output is 'x' whatever a is.
    labels = {0: ("value", "x"), 1: ("value", "y"), 2: ("value", "z"), 3: "b", 4: "b", 5: "a"}
    edges = {3: (0, 1, 1), 4: (0, 2, 2), 5: (3, 4)}
    diagram = Diagram("level", 5, labels, edges)
    assert diagram.restricted({"b": 0}.get) == ({"x"}, set())
    assert diagram.reach({"b": 0}) == ({"x"}, {"a", "b"})  # a walk that does not reduce meets both
    assert diagram.restricted({"b": 1}.get) == ({"y", "z"}, {"a"})
    assert diagram.restricted({"a": 0}.get) == ({"x", "y"}, {"b"})
    assert diagram.restricted({}.get) == ({"x", "y", "z"}, {"a", "b"})
