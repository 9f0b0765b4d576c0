"""The benchmark anchors (bench/anchors): the pack in CLIPS, in generated Python and in closures agree with amity.

The CLIPS anchor's tests are skipped when clipspy is not installed
(``pip install -e '.[bench]'``); the plain-Python anchors' (``plain``, ``closures``) always run.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
import textwrap
from pathlib import Path

import pytest
from amity.engine import Assessor, check_profile, load_pack, validate
from amity.engine import conditions as cond
from amity.engine.document import Document
from amity.engine.pack import Pack
from amity.engine.vocabulary import fact_fields

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import synthetic
from anchors import IncompleteProfile, Outputs, firing_order
from anchors.agree import amity_outputs, build_anchors, check, differences, pack_cases

HAS_CLIPS = importlib.util.find_spec("clips") is not None
needs_clips = pytest.mark.skipif(not HAS_CLIPS, reason="clipspy is not installed: pip install -e '.[bench]'")
ANCHORS = [pytest.param("clips", marks=needs_clips), "plain", "closures"]
TRANSLATED = [pytest.param("clips", marks=needs_clips), "plain"]  # the anchors that write a pack out as text


def reference(assessor: Assessor):
    return lambda profile: amity_outputs(assessor.assess(profile))


def altered(pack: Pack, rule_id: str, **changes) -> Pack:
    """The pack with one rule changed: ``when`` as pack data, or any other field of the rule."""
    if "when" in changes:
        changes["when"] = cond.parse(changes["when"], "/when")
    rules = tuple(dataclasses.replace(r, **changes) if r.id == rule_id else r for r in pack.rules)
    assert rules != pack.rules, f"no rule {rule_id}"
    return dataclasses.replace(pack, rules=rules)


# --------------------------------------------------------------------------- agreement


@pytest.mark.parametrize("name", ANCHORS)
def test_the_anchor_agrees_with_amity_on_the_core_pack(core_pack, assessor, name):
    anchors = build_anchors(core_pack, [name])
    report = check(core_pack, anchors, reference(assessor), n=300, seed=7, completions=3)
    assert report.total == 0, "\n".join(map(str, report.details[:5]))
    compared = dict(report.counts)
    assert compared["generated, across each domain"] == 150
    assert compared["generated, at the edges of the tests"] == 150
    assert compared["core test cases, completed (3 per case)"] == 3 * len(pack_cases(core_pack)) > 0


@pytest.mark.parametrize("name", ANCHORS)
def test_a_wrong_threshold_in_the_anchor_is_caught(core_pack, assessor, name):
    """multi-sector-scope asks for 3 sectors; an anchor that asks for 4 must disagree."""
    wrong = altered(core_pack, "multi-sector-scope", when={"sectors": {"size": {"ge": 4}}})
    report = check(core_pack, build_anchors(wrong, [name]), reference(assessor), n=200, seed=7, completions=1)
    assert report.total > 0
    outputs = {d.output for d in report.details}
    assert {"findings", "fired"} <= outputs
    assert all(d.anchor == name for d in report.details)
    missed = [d for d in report.details if d.output == "findings"]
    assert any("multi_sector" in d.amity for d in missed)  # amity concludes it, the wrong anchor does not


@pytest.mark.parametrize("name", ANCHORS)
def test_a_wrong_firing_order_in_the_anchor_is_caught(core_pack, assessor, name):
    """Raising a rule's priority changes nothing but the order of the trace, and that is caught."""
    wrong = altered(core_pack, "asymmetry-unequal-dependence", priority=20)
    report = check(core_pack, build_anchors(wrong, [name]), reference(assessor), n=300, seed=7, completions=1)
    assert report.total > 0
    assert {d.output for d in report.details} == {"fired"}


def test_closures_out_of_firing_order_are_caught(core_pack, assessor):
    """The closures anchor's fixpoint loop is only as right as the order it is given.

    With its compiled rules reversed, every rule still fires once its condition holds, pass after
    pass, but a rule needing a finding absent can fire before a lower layer concludes it, and the
    trace comes out in another order: the check must say so.
    """
    from anchors.closures import ClosureAnchor

    anchor = ClosureAnchor(core_pack)
    anchor.rules = anchor.rules[::-1]
    report = check(core_pack, {"closures": anchor.evaluate}, reference(assessor), n=200, seed=7, completions=1)
    assert report.total > 0
    assert "fired" in {d.output for d in report.details}


def test_the_closures_fixpoint_needs_more_than_one_pass_out_of_order(every_operator):
    """Out of layer order a single pass misses what a later rule concludes; the loop goes round again."""
    from anchors.closures import ClosureAnchor

    right = ClosureAnchor(every_operator)
    backwards = ClosureAnchor(every_operator)
    backwards.rules = backwards.rules[::-1]
    for profile in synthetic.complete_profiles(200, every_operator, seed=3, edge=0.0):
        a, b = right.evaluate(profile), backwards.evaluate(profile)
        if "treaty" in a.findings and "treaty-alliance" in a.fired:
            # treaty-alliance needs the finding treaty, concluded by a rule tested after it in one pass
            assert "treaty-alliance" in b.fired and b.fired.index("treaty-alliance") > b.fired.index("treaty")
            return
    pytest.fail("no profile concluded an alliance through a treaty")


def test_differences_names_every_output_that_differs():
    right = Outputs(frozenset({"a", "b"}), "partnership", {"entrapment": "low"}, False, ("r1", "r2"))
    assert differences(right, right) == []
    cases = {
        "findings": dataclasses.replace(right, findings=frozenset({"a", "c"})),
        "level": dataclasses.replace(right, level="none"),
        "risks": dataclasses.replace(right, risks={"entrapment": "high"}),
        "hedging": dataclasses.replace(right, hedging=True),
        "fired": dataclasses.replace(right, fired=("r2", "r1")),
    }
    for output, wrong in cases.items():
        assert [d[0] for d in differences(right, wrong)] == [output]
    assert differences(right, cases["findings"]) == [("findings", ["b"], ["c"])]


# --------------------------------------------------------------------------- any pack

EVERY_OPERATOR = """\
pack: every-operator
version: 0.1.0
description: Every kind of condition the anchors translate.
rules:
  - id: treaty
    description: d
    rationale: r
    source: {citation: c}
    when: {legal_basis: {in: [ratified_treaty, signed_treaty]}}
    then: [{finding: treaty}]
  - id: busy
    description: d
    rationale: r
    source: {citation: c}
    when:
      any:
        - working_groups: {in: [2, 4, 6]}
        - ministerial_dialogues: {gt: 3, le: 8}
        - power_ratio: {lt: 2.5}
    then: [{finding: busy}]
  - id: either
    description: two variants, one per finding; both can fire
    rationale: r
    source: {citation: c}
    priority: -1
    when:
      any:
        - finding: treaty
        - finding: busy
    then: [{level: partnership}]
  - id: neither
    description: d
    rationale: r
    source: {citation: c}
    when:
      not:
        any:
          - finding: treaty
          - finding: busy
    then: [{risk: fragility, rating: high, reason: nothing holds it}]
  - id: ordinal
    description: d
    rationale: r
    source: {citation: c}
    priority: 5
    when:
      all:
        - exit_costs: {lt: high}
        - shared_values: {in: [low, mixed]}
        - summits: {ne: none}
        - economic_integration: {ge: substantial}
    then: [{finding: loose}, {risk: entrapment, rating: moderate, reason: r}]
  - id: sets
    description: d
    rationale: r
    source: {citation: c}
    when:
      all:
        - sectors: {contains_all: [trade, energy], size: {ne: 4}}
        - security_cooperation: {contains_any: [basing_rights, joint_exercises]}
        - not: {sectors: {size: {eq: 0}}}
    then: [{finding: entangled}]
  - id: booleans
    description: d
    rationale: r
    source: {citation: c}
    when:
      all:
        - rival_ties: {ne: false}
        - defense_commitment: {ne: mutual_defense}
        - not: {finding: treaty}
    then: [{hedging: true}]
  - id: deep
    description: d
    rationale: r
    source: {citation: c}
    when:
      all:
        - finding: loose
        - any: [{finding: entangled}, {trade_dependence: {ge: 0.25}}]
    then: [{level: strategic_partnership}, {risk: asymmetry, rating: high, reason: r}]
  - id: data-gap
    description: d
    rationale: r
    source: {citation: c}
    when: {recent_crisis: {known: true}}
    then: [{finding: crisis_recorded}]
  - id: treaty-alliance
    description: d
    rationale: r
    source: {citation: c}
    when:
      all: [{finding: treaty}, {defense_commitment: mutual_defense}]
    then: [{level: alliance}]
"""


@pytest.fixture(scope="module")
def every_operator(tmp_path_factory):
    path = tmp_path_factory.mktemp("packs") / "pack.yaml"
    path.write_text(textwrap.dedent(EVERY_OPERATOR), encoding="utf-8")
    return load_pack(path)


@pytest.mark.parametrize("name", ANCHORS)
def test_the_anchor_agrees_with_amity_on_a_pack_using_every_operator(every_operator, name):
    anchors = build_anchors(every_operator, [name])
    amity = Assessor(every_operator)
    report = check(every_operator, anchors, reference(amity), n=400, seed=3, completions=0)
    assert report.total == 0, "\n".join(map(str, report.details[:5]))
    # the profiles reach what makes this pack hard: a rule firing once per variant, and each output
    seen = [amity_outputs(amity.assess(p)) for p in synthetic.complete_profiles(400, every_operator, seed=3, edge=0.0)]
    assert any(o.fired.count("either") == 2 for o in seen)
    assert {o.level for o in seen} >= {"none", "partnership", "strategic_partnership", "alliance"}
    assert any(o.hedging for o in seen) and any("neither" in o.fired for o in seen)


def test_compiled_rules_follow_amitys_firing_order(every_operator):
    order = [(c.rule.id, c.layer) for c in firing_order(every_operator)]
    layers = [layer for _, layer in order]
    assert layers == sorted(layers)
    layer0 = [rule for rule, layer in order if layer == 0]
    assert layer0[0] == "ordinal"  # priority 5 before pack order
    assert [rule for rule, _ in order].count("either") == 2  # one compiled rule per variant
    saliences = [c.salience for c in firing_order(every_operator)]
    assert saliences == sorted(saliences, reverse=True) and len(set(saliences)) == len(saliences)


# --------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("name", ANCHORS)
def test_the_anchor_refuses_a_profile_with_an_unknown_tested_field(core_pack, name):
    (evaluate,) = build_anchors(core_pack, [name]).values()
    profile = next(synthetic.complete_profiles(1, core_pack))
    evaluate(profile)
    del profile["legal_basis"]
    profile["summits"] = None
    with pytest.raises(IncompleteProfile, match="legal_basis, summits"):
        evaluate(profile)


def test_complete_profiles_are_valid_complete_distinct_and_seeded(core_pack):
    profiles = list(synthetic.complete_profiles(300, core_pack, seed=5))
    assert profiles == list(synthetic.complete_profiles(300, core_pack, seed=5))
    assert profiles != list(synthetic.complete_profiles(300, core_pack, seed=6))
    for p in profiles:
        check_profile(Document(p))
        assert all(p.get(name) is not None for name in fact_fields())
    facts = {json.dumps({k: v for k, v in p.items() if k != "id"}, sort_keys=True) for p in profiles}
    assert len(facts) == len(profiles)
    ratios = {p["power_ratio"] for p in profiles}
    assert {3, 10} <= ratios  # the edges of the core pack's thresholds are drawn


def test_completions_keep_the_given_facts(core_pack):
    given = {"parties": ["AAA", "BBB"], "legal_basis": "memorandum", "summits": None}
    for p in synthetic.completions(given, core_pack, 20, seed=2):
        check_profile(Document(p))
        assert p["legal_basis"] == "memorandum" and p["summits"] is not None


@pytest.mark.parametrize("name", TRANSLATED)
def test_the_translation_is_deterministic(core_pack, name):
    from anchors.plain import source as plain_source

    if name == "plain":
        assert plain_source(core_pack) == plain_source(load_pack("core"))
    else:
        from anchors.clips_anchor import source as clips_source

        assert clips_source(core_pack) == clips_source(load_pack("core"))


# --------------------------------------------------------------------------- the throughput benchmark's checks


def test_the_benchmark_reads_and_compares_amity_validate_rows(tmp_path, core_pack):
    from amity.engine import validate
    from anchors.plain import PlainAnchor
    from bench_throughput import anchor_rows, csv_outputs, row_disagreements, row_outputs

    profiles = list(synthetic.complete_profiles(40, core_pack, seed=4))
    expected = anchor_rows(PlainAnchor(core_pack).evaluate(p) for p in profiles)
    assert row_disagreements(expected, [row_outputs(r) for r in validate(profiles, core_pack)]) == 0
    path = tmp_path / "out.csv"
    path.write_text("row,level,entrapment,abandonment,asymmetry,fragility,hedging\n")
    rows = [("1", *r[:-1], "true" if r[-1] else "false") for r in expected]
    with path.open("a") as f:
        f.writelines(",".join(r) + "\n" for r in rows)
    assert row_disagreements(expected, csv_outputs(path)) == 0
    wrong = [("none" if r[0] != "none" else "partnership", *r[1:]) for r in expected[:3]] + expected[3:]
    assert row_disagreements(expected, wrong) == 3
    assert row_disagreements(expected, expected[:-2]) == 2
    path.write_text("row,verdict\n1,consistent\n")
    assert csv_outputs(path) is None  # other columns: said, not passed


def test_an_engine_is_passed_only_where_amity_takes_one(core_pack):
    from anchors.agree import make_assessor, supports_engine

    assert supports_engine(lambda pack, engine=None: None)
    assert not supports_engine(lambda pack: None)
    # this amity's take one, compiled (no signature at run time) or not
    assert supports_engine(Assessor) and supports_engine(validate)
    assert make_assessor(core_pack, "experta").engine == "experta"
    assert isinstance(make_assessor(core_pack), Assessor)


def test_an_amity_that_takes_no_engine_is_told(core_pack, monkeypatch):
    from anchors import agree

    monkeypatch.setattr(agree, "Assessor", lambda pack: None)  # an amity from before issue 6
    with pytest.raises(SystemExit, match="takes no engine"):
        agree.make_assessor(core_pack, "python")


def test_the_benchmark_reads_the_third_of_plain_python_against_both_plain_anchors():
    from bench_throughput import CLOSURES, PLAIN, Run, table, third_of_plain

    plain, closures = Run(PLAIN, 1000, 0.01, 0.01, None), Run(CLOSURES, 1000, 0.04, 0.04, None)
    lib = Run("`validate(profiles)`", 1000, 0.05, 0.05, None)  # 20,000 rows/s: a fifth and four fifths
    results = {run.label: [run] for run in (plain, closures, lib)}  # one round
    straight, fixpoint = third_of_plain(results, lib, plain, closures)
    assert "straight-line generated: 0.2× in the median round (NOT met" in straight
    assert "closures to a fixpoint: 0.8× in the median round (met" in fixpoint
    rows = table([plain, closures, lib], None, plain, closures).splitlines()
    assert "× straight-line anchor | × closures anchor" in rows[0]
    assert rows[-1].startswith("| `validate(profiles)` | 20,000 | – | 0.2× | 0.8× |")


def test_the_replayed_evaluations_go_to_their_rows_and_are_all_handed_back(core_pack):
    from amity.engine import validate
    from amity.engine.evaluator import PythonEvaluator
    from anchors.plain import PlainAnchor
    from bench_throughput import Replay, anchor_rows, replayed, row_disagreements

    profiles = list(synthetic.complete_profiles(60, core_pack, seed=5))
    expected = anchor_rows(PlainAnchor(core_pack).evaluate(p) for p in profiles)
    replay = Replay(core_pack, profiles, None)
    original = PythonEvaluator.evaluate
    assert row_disagreements(expected, replayed(replay, profiles, core_pack, {})) == 0
    assert replay.left == 0
    assert PythonEvaluator.evaluate is original  # put back after the run
    # each row takes the evaluation it is handed, not its own: handed out of order, the rows disagree
    replay.evaluations.reverse()
    assert row_disagreements(expected, replayed(replay, profiles, core_pack, {})) > 0
    replay.evaluations.reverse()
    # a run over fewer rows leaves evaluations unused, which the bench reports
    replayed(replay, profiles[:50], core_pack, {})
    assert replay.left == 10
    assert [r.assessment.level.value for r in validate(profiles[:3], core_pack)] == [e[0] for e in expected[:3]]
