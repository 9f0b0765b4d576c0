"""amity's evaluator and experta, the reference engine, agree: output for output, trace for trace.

Every assessment is compared whole, in the output contract (level, possible
levels, deciding facts, risks, hedging, label verdict and reasons, the trace
step by step with what each step matched and concluded), and so is each
evaluation's three-valued state (which findings are concluded, open or absent;
which rules stay open and what they wait on).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from amity.engine import Assessor, load_pack
from amity.engine.conditions import known_facts
from amity.engine.dataset import read_rows
from amity.engine.errors import FiringLimitExceeded
from amity.engine.evaluator import Evaluation, PythonEvaluator
from amity.engine.packtest import cases_files, load_cases
from amity.engine.profiles import load_profiles
from amity.engine.trace import Trace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import complete_profiles, partial_profiles

ROOT = Path(__file__).resolve().parents[2]
LABELS = [
    None,
    "Comprehensive Strategic Partnership",
    "Strategic Partnership",
    "Comprehensive Strategic Partnership of Coordination for a New Era",
    "Treaty of Mutual Cooperation and Security",
    "Comprehensive Partnership",
    "Friendship Forever",
]


@pytest.fixture(scope="module")
def engines(core_pack) -> tuple[Assessor, Assessor]:
    return Assessor(core_pack, engine="python"), Assessor(core_pack, engine="experta")


def evaluation_view(e: Evaluation) -> dict[str, Any]:
    return {
        "trace": [s.as_dict() for s in e.trace.steps],
        "findings": e.findings,
        "undecided": [(u.rule.id, u.waits_on) for u in e.undecided],
    }


def differences(one: Assessor, other: Assessor, profile: dict[str, Any]) -> list[str]:
    """Where two assessors disagree on a profile: each differing key of the assessment, and the evaluation."""
    a, b = one.assess(profile).as_dict(), other.assess(profile).as_dict()
    out = [f"{key}: {a[key]!r} != {b[key]!r}" for key in a if a[key] != b.get(key)]
    facts = known_facts(profile)
    ea, eb = evaluation_view(one.evaluator.evaluate(facts)), evaluation_view(other.evaluator.evaluate(facts))
    out += [f"evaluation {key}: {ea[key]!r} != {eb[key]!r}" for key in ea if ea[key] != eb[key]]
    return out


def labelled(profiles: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(profiles, st.sampled_from(LABELS)).map(
        lambda pl: {**pl[0], "declared_label": pl[1]} if pl[1] else pl[0]
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labelled(complete_profiles()))
def test_complete_profiles(engines, profile):
    assert differences(*engines, profile) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labelled(partial_profiles()))
def test_partial_profiles(engines, profile):
    assert differences(*engines, profile) == []


def test_every_pack_test_case(engines, core_pack):
    cases = [c for path in cases_files(core_pack) for c in load_cases(path, core_pack)]
    assert len(cases) >= 20
    for case in cases:
        assert differences(*engines, case.facts) == [], case.test_id


def test_every_bundled_example(engines):
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    assert examples
    for path in examples:
        profiles, _ = load_profiles(path)
        for profile in profiles:
            assert differences(*engines, profile) == [], path.name


def test_the_bundled_dataset(engines):
    path = ROOT / "data" / "relationships.csv"
    rows = [row for row in read_rows(str(path)) if row.ok]
    with path.open(encoding="utf-8") as handle:
        assert len(rows) == sum(1 for _ in csv.DictReader(handle))
    for row in rows:
        assert differences(*engines, row.profile) == [], row.number


def test_a_pack_with_priorities_negations_and_alternatives(tmp_path):
    """Salience ties, `not finding`, and rules whose conjunctions fire separately."""
    (tmp_path / "pack.yaml").write_text(
        """
pack: order
version: "1.0.0"
description: firing order
rules:
  - id: late
    description: d
    rationale: r
    source: {citation: c}
    when: {legal_basis: {in: [ratified_treaty, signed_treaty]}}
    then: [{finding: binding}]
  - id: early
    description: d
    rationale: r
    source: {citation: c}
    priority: 5
    when: {summits: annual}
    then: [{finding: meets}]
  - id: either
    description: d
    rationale: r
    source: {citation: c}
    when: {any: [{finding: binding}, {finding: meets}]}
    then: [{level: partnership}]
  - id: neither
    description: d
    rationale: r
    source: {citation: c}
    when: {all: [{not: {finding: binding}}, {not: {finding: meets}}]}
    then: [{risk: fragility, rating: high, reason: nothing holds it}]
""",
        encoding="utf-8",
    )
    pack = load_pack(tmp_path)
    python, experta = Assessor(pack, engine="python"), Assessor(pack, engine="experta")
    for facts in (
        {"legal_basis": "ratified_treaty", "summits": "annual"},
        {"legal_basis": "none", "summits": "none"},
        {"summits": "annual"},
        {"legal_basis": "joint_statement"},
        {},
    ):
        profile = {"parties": ["AAA", "BBB"], **facts}
        assert differences(python, experta, profile) == []
    both = python.assess({"parties": ["AAA", "BBB"], "legal_basis": "ratified_treaty", "summits": "annual"})
    assert both.trace.fired == ("early", "late", "either", "either")


def _skips_one_rule(pack: Any) -> PythonEvaluator:
    """A deliberately wrong evaluator: it never fires one rule."""
    wrong = PythonEvaluator(pack)
    wrong._all &= ~sum(1 << j for j, c in enumerate(wrong._conjunctions) if c.owner.rule.id == "multi-sector-scope")
    return wrong


class _Reversed:
    """A deliberately wrong evaluator: the same firings, in reverse order.

    It wraps the right one rather than extending it: a compiled build's evaluator (mypyc) is a class
    that Python classes cannot extend, nor patch.
    """

    def __init__(self, pack: Any) -> None:
        self.pack = pack
        self.right = PythonEvaluator(pack)

    def evaluate(self, facts: dict[str, Any]) -> Evaluation:
        e = self.right.evaluate(facts)
        return Evaluation(Trace(e.trace.firings[::-1], e.trace.known), e.findings, e.undecided, e.reached)


@pytest.mark.parametrize("broken", [_skips_one_rule, _Reversed])
def test_the_comparison_fails_on_a_wrong_evaluator(engines, core_pack, broken):
    wrong = Assessor(core_pack)
    wrong.evaluator = broken(core_pack)
    profile = {
        "parties": ["CHN", "RUS"],
        "legal_basis": "ratified_treaty",
        "defense_commitment": "consultation",
        "sectors": ["defense", "trade", "energy", "investment", "technology"],
        "summits": "annual",
        "ministerial_dialogues": 4,
        "working_groups": 6,
        "economic_integration": "substantial",
        "security_cooperation": ["joint_exercises", "arms_transfers", "defense_industry"],
        "time_horizon": "long_term",
        "global_governance_coordination": "systematic",
    }
    assert differences(engines[1], wrong, profile) != []


def test_both_engines_stop_a_pack_that_fires_too_often(tmp_path):
    rules = "\n".join(
        f"""  - id: r{i}
    description: d
    rationale: r
    source: {{citation: c}}
    when: {{legal_basis: ratified_treaty}}
    then: [{{finding: f{i}}}]"""
        for i in range(6)
    )
    (tmp_path / "pack.yaml").write_text(
        f'pack: busy\nversion: "1.0.0"\ndescription: d\nlimits: {{max_firings: 4}}\nrules:\n{rules}\n', encoding="utf-8"
    )
    pack = load_pack(tmp_path)
    messages = []
    for engine in ("python", "experta"):
        with pytest.raises(FiringLimitExceeded) as caught:
            Assessor(pack, engine=engine).assess({"parties": ["AAA", "BBB"], "legal_basis": "ratified_treaty"})
        messages.append(str(caught.value.problems[0]))
    assert messages[0] == messages[1]
    assert "still waiting: r4, r5" in messages[0]
