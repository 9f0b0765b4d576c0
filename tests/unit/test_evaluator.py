"""The shortcuts inside amity's evaluator give what the long way gives.

The differential test (``test_engines_agree``) holds the evaluator equal to
experta as a whole; these hold each shortcut equal to the computation it
replaces, and show that each comparison fails on a wrong shortcut:

* masks kept by value class (numbers, sets) against the masks worked out afresh;
* the settled walk (nothing open) against the three-valued walk, and what it keeps against a fresh walk;
* the outputs reached, read from bits, against those the trace concludes.
"""

from __future__ import annotations

import random
import textwrap
from typing import Any

import pytest
from amity.engine import load_pack
from amity.engine.conditions import known_facts
from amity.engine.document import Document
from amity.engine.evaluator import PythonEvaluator, Reached, _FieldTests, _SettledLayer
from amity.engine.schemas import check_profile
from amity.engine.vocabulary import fact_fields, fields
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.strategies import complete_profiles, partial_profiles, value_of

NUMBERS_AND_SETS = """\
pack: classes
version: 0.1.0
description: Tests that split numbers and sets into classes.
rules:
  - id: ratio
    description: d
    rationale: r
    source: {citation: c}
    when:
      any:
        - power_ratio: {lt: 2.5}
        - power_ratio: {ge: 10, ne: 12}
        - power_ratio: {in: [3, 4.5]}
    then: [{finding: lopsided}]
  - id: groups
    description: d
    rationale: r
    source: {citation: c}
    when: {working_groups: {gt: 3, le: 8, ne: 5}}
    then: [{finding: busy}]
  - id: sectors
    description: d
    rationale: r
    source: {citation: c}
    when:
      all:
        - sectors: {contains_all: [trade, energy], size: {ne: 4}}
        - security_cooperation: {contains_any: [basing_rights, joint_exercises]}
        - not: {sectors: {contains: technology}}
    then: [{finding: entangled}]
  - id: level
    description: d
    rationale: r
    source: {citation: c}
    when:
      all:
        - finding: busy
        - not: {finding: lopsided}
    then: [{level: partnership}]
  - id: across
    description: an any over two fields, and one over three
    rationale: r
    source: {citation: c}
    when:
      all:
        - any:
            - summits: {eq: annual}
            - working_groups: {gt: 3}
        - any:
            - shared_values: {in: [mixed, high]}
            - rival_ties: {eq: false}
            - exit_costs: {known: false}
    then: [{finding: coordinated}]
  - id: tangled
    description: an any whose part spans two fields, judged as it is written
    rationale: r
    source: {citation: c}
    when:
      any:
        - all:
            - power_ratio: {lt: 3}
            - working_groups: {eq: 0}
        - sectors: {contains: trade}
    then: [{risk: fragility, rating: moderate, reason: r}]
  - id: risky
    description: a rule that tests a finding concluded after it in pack order
    rationale: r
    source: {citation: c}
    priority: 9
    when:
      any:
        - finding: entangled
        - power_ratio: {gt: 50}
    then: [{risk: entrapment, rating: high, reason: r}]
"""


@pytest.fixture(scope="module")
def classes_pack(tmp_path_factory):
    path = tmp_path_factory.mktemp("packs") / "pack.yaml"
    path.write_text(textwrap.dedent(NUMBERS_AND_SETS), encoding="utf-8")
    return load_pack(path)


def _near_thresholds() -> st.SearchStrategy[float]:
    """Numbers at, just below and just above the thresholds the packs name."""
    points = [0, 2.5, 3, 4.5, 5, 8, 10, 12, 50]
    return st.sampled_from(points).flatmap(
        lambda p: st.sampled_from([p, p - 1e-9, p + 1e-9, float(p), p + 0.5, max(0.0, p - 0.5)])
    )


def _shuffled(values: list[Any], seed: int) -> list[Any]:
    out = list(values)
    random.Random(seed).shuffle(out)
    return out


def mismatches(tests: _FieldTests, values: list[Any]) -> list[Any]:
    """The values whose kept masks differ from their masks worked out afresh."""
    return [v for v in values if tests.masks(v) != tests._masks({tests.name: v})]


def _values(name: str) -> st.SearchStrategy[Any]:
    spec = fact_fields()[name]
    if spec.kind == "number":
        return st.one_of(value_of(name), _near_thresholds())
    if spec.kind == "integer":
        return st.integers(min_value=0, max_value=14)
    if spec.kind == "set":
        return st.tuples(value_of(name), st.integers(0, 9)).map(lambda vs: _shuffled(*vs))
    return value_of(name)


@pytest.mark.parametrize("pack_name", ["core", "classes"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_masks_kept_by_class_are_the_masks_of_the_value(pack_name, data, classes_pack, core_pack):
    pack = core_pack if pack_name == "core" else classes_pack
    evaluator = PythonEvaluator(pack)
    for tests in evaluator._fields:
        values = data.draw(st.lists(_values(tests.name), min_size=1, max_size=30), label=tests.name)
        assert mismatches(tests, values) == [], tests.name


def test_the_class_check_fails_on_a_classifier_that_merges_classes(classes_pack):
    evaluator = PythonEvaluator(classes_pack)
    ratio = next(t for t in evaluator._fields if t.name == "power_ratio")
    sectors = next(t for t in evaluator._fields if t.name == "sectors")
    ratio.classify = lambda value: value > 5  # too coarse: 20 holds (`ge 10`), 7 does not
    sectors.classify = len  # ignores which items a set holds
    assert mismatches(ratio, [20, 7]) == [7]
    assert mismatches(sectors, [["trade", "energy"], ["defense", "health"]]) == [["defense", "health"]]


def test_numbers_and_sets_are_kept_by_class_not_by_value(classes_pack):
    evaluator = PythonEvaluator(classes_pack)
    ratio = next(t for t in evaluator._fields if t.name == "power_ratio")
    sectors = next(t for t in evaluator._fields if t.name == "sectors")
    for value in (1.0, 1.5, 2.0, 2.25, 20.0, 30.5, 12.0):
        ratio.masks(value)
    assert len(ratio.by_class) == 3  # below 2.5; 10 and over (not 12); 12 (each a class of the rule's tests)
    for value in (
        ["trade", "energy"],
        ["energy", "trade"],
        ["energy", "trade", "health"],
        ["health", "energy", "trade"],
    ):
        sectors.masks(value)
    assert len(sectors.by_class) == 2  # the items the tests name that a set holds, and its size


# --------------------------------------------------------------------------- the settled walk


def walks(evaluator: PythonEvaluator, profile: dict[str, Any]) -> tuple[Any, Any]:
    """The settled walk and the three-valued walk of a profile that leaves nothing open, as comparable views."""
    facts = known_facts(profile)
    alive, unknown = evaluator._judge(facts)
    assert not alive & unknown, "the profile leaves nothing open"

    def view(e):
        return e.trace.fired, [f for f, t in e.findings.items() if t], e.undecided, e.trace

    return view(evaluator._walk_settled(facts, alive)), view(evaluator._walk_open(facts, alive, 0))


@pytest.mark.parametrize("pack_name", ["core", "classes"])
@settings(max_examples=150, deadline=None)
@given(profile=st.one_of(complete_profiles(), partial_profiles()))
def test_the_settled_walk_is_the_three_valued_walk_with_nothing_open(pack_name, profile, classes_pack, core_pack):
    evaluator = PythonEvaluator(core_pack if pack_name == "core" else classes_pack)
    alive, unknown = evaluator._judge(known_facts(profile))
    assume(not alive & unknown)  # a partial profile too, when what it leaves unknown settles nothing still alive
    settled, three_valued = walks(evaluator, profile)
    assert settled == three_valued


def test_the_walk_check_fails_when_the_settled_walk_ignores_findings(classes_pack):
    evaluator = PythonEvaluator(classes_pack)
    # busy and lopsided: `level` must not fire
    profile = {"power_ratio": 1.0, "working_groups": 4, "sectors": ["trade"], "security_cooperation": []}
    for layer in evaluator._layers:  # wrong: tests no finding
        layer.tests = tuple((bit, 0, 0) for bit, _, _ in layer.tests)
        layer.eligible.clear()
    settled, three_valued = walks(evaluator, profile)
    assert settled != three_valued


def _rule(rid: str, when: str, finding: str, priority: int = 0) -> str:
    return (
        f"  - id: {rid}\n    description: d\n    rationale: r\n    source: {{citation: c}}\n"
        f"    priority: {priority}\n    when: {when}\n    then: [{{finding: {finding}}}]\n"
    )


def _wide_pack(tmp_path_factory: Any) -> Any:
    """A pack with a layer of 90 conjunctions testing findings, from the middle of the second byte of conjunctions."""
    rules = [
        "pack: wide\nversion: 0.1.0\ndescription: A layer wider than the settled walk keeps or visits byte by byte.\n",
        "rules:\n",
        _rule("base", "{legal_basis: {in: [ratified_treaty, signed_treaty]}}", "based"),
        _rule("other", "{summits: {eq: annual}}", "meeting"),
    ]
    # the first layer: 12 conjunctions, so the wide one starts inside a byte
    rules += [_rule(f"filler-{i}", f"{{working_groups: {{gt: {i}}}}}", f"filler_{i}") for i in range(10)]
    for i in range(90):
        needs = "{finding: based}" if i % 3 else "{not: {finding: meeting}}"
        when = f"{{all: [{needs}, {{power_ratio: {{gt: {i / 9:.2f}}}}}]}}"
        rules.append(_rule(f"wide-{i}", when, f"wide_{i}", i % 4))
    path = tmp_path_factory.mktemp("packs") / "wide.yaml"
    path.write_text("".join(rules), encoding="utf-8")
    return load_pack(path)


@pytest.fixture(scope="module")
def wide_pack(tmp_path_factory):
    return _wide_pack(tmp_path_factory)


@pytest.mark.parametrize(("kept_tests", "spanned_most"), [(64, 32), (1000, 1000), (0, 0)])
@settings(max_examples=60, deadline=None)
@given(profiles=st.lists(complete_profiles(), min_size=1, max_size=6))
def test_a_wide_layer_walks_as_the_three_valued_walk(profiles, wide_pack, kept_tests, spanned_most):
    # (64, 32): judged one by one, bytes of what fires; (1000, 1000): kept, every byte; (0, 0): the first, for all
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_SettledLayer, "KEPT_TESTS", kept_tests)
        patch.setattr(PythonEvaluator, "SPANNED_MOST", spanned_most)
        evaluator = PythonEvaluator(wide_pack)
    wide = max(evaluator._layers, key=lambda layer: len(layer.tests))
    assert len(wide.tests) == 90 and wide.low == 12  # the layer is wide, and starts inside a byte
    assert (wide.eligible is None) == (kept_tests < 90)
    spans = next(row[5] for row in evaluator._layer_of if row[6] is wide)  # the bytes the walk visits, or None
    assert (spans is None) == (spanned_most < 90)  # the patch took, on a compiled build as on a pure one
    for profile in profiles:
        settled, three_valued = walks(evaluator, profile)
        assert settled == three_valued


def test_the_wide_layer_check_fails_when_a_wide_layer_ignores_findings(wide_pack):
    evaluator = PythonEvaluator(wide_pack)
    profile = complete_profile(legal_basis="none", summits="annual", power_ratio=20.0)  # nothing based, a meeting
    right, _ = walks(evaluator, profile)
    for layer in evaluator._layers:  # wrong: every conjunction alive fires, as if it tested no finding
        layer.free = layer.mask
    wrong, three_valued = walks(evaluator, profile)
    assert right == three_valued and wrong != three_valued


def settled_view(evaluation: Any) -> tuple[Any, ...]:
    return evaluation.trace.fired, dict(evaluation.findings), evaluation.reached


@settings(max_examples=60, deadline=None)
@given(profiles=st.lists(complete_profiles(), min_size=2, max_size=12))
def test_what_the_settled_walk_keeps_gives_what_a_fresh_walk_gives(profiles, core_pack):
    # kept by one evaluator across rows (and cleared at once: sizes of 1), against a fresh evaluator per row
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_SettledLayer, "ELIGIBLE_SIZE", 1)
        patch.setattr(PythonEvaluator, "REACHED_SIZE", 1)
        kept = PythonEvaluator(core_pack)
        # the patches took, on a compiled build as on a pure one: each layer that keeps keeps one set at a time
        assert all(layer.kept_most == 1 for layer in kept._layers if layer.eligible is not None)
        for profile in profiles:
            facts = known_facts(profile)
            assert settled_view(kept.evaluate(facts)) == settled_view(PythonEvaluator(core_pack).evaluate(facts))
            assert len(kept._reached) <= 1


def complete_profile(**facts: Any) -> dict[str, Any]:
    """A valid profile with every fact known: the first value of each field, but those given."""

    def first(spec: Any) -> Any:
        return [] if spec.kind == "set" else False if spec.kind == "boolean" else spec.values[0] if spec.values else 1

    profile = {name: first(spec) for name, spec in fact_fields().items() if name not in ("as_of", "established")}
    profile.update(facts)
    check_profile(Document({"parties": ["USA", "JPN"], **profile}))
    return profile


def test_the_kept_walk_check_fails_on_a_wrong_kept_layer(core_pack):
    profile = complete_profile(legal_basis="ratified_treaty", defense_commitment="mutual_defense", power_ratio=30.0)
    facts = known_facts(profile)
    right = PythonEvaluator(core_pack).evaluate(facts)
    assert right.settled and "treaty-alliance" in right.trace.fired  # a later layer fires
    wrong = PythonEvaluator(core_pack)
    wrong.evaluate(facts)
    for layer in wrong._layers[1:]:  # wrong: every later layer kept as if nothing of it could fire
        for key in layer.eligible:
            layer.eligible[key] = 0
    assert settled_view(wrong.evaluate(facts)) != settled_view(right)


# --------------------------------------------------------------------------- what the fired rules reach


@pytest.mark.parametrize("pack_name", ["core", "classes"])
@settings(max_examples=150, deadline=None)
@given(profile=st.one_of(complete_profiles(), partial_profiles()))
def test_the_outputs_reached_as_bits_are_those_the_trace_concludes(pack_name, profile, classes_pack, core_pack):
    evaluation = PythonEvaluator(core_pack if pack_name == "core" else classes_pack).evaluate(known_facts(profile))
    assert evaluation.reached == Reached.of(evaluation.trace.firings)


def test_the_reached_check_fails_on_output_bits_read_from_the_wrong_place(core_pack):
    profile = {"legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense", "power_ratio": 30.0}
    right = PythonEvaluator(core_pack).evaluate(known_facts(profile))
    assert right.reached.level > 0 and right.reached == Reached.of(right.trace.firings)
    wrong = PythonEvaluator(core_pack)
    wrong._outputs_at += 1  # reads each output one bit too high
    evaluation = wrong.evaluate(known_facts(profile))
    assert evaluation.reached != Reached.of(evaluation.trace.firings)


# --------------------------------------------------------------------------- tests over several fields


def evaluation_view(e) -> tuple[Any, ...]:
    return [s.as_dict() for s in e.trace.steps], e.findings, [(u.rule.id, u.waits_on) for u in e.undecided]


@settings(max_examples=120, deadline=None)
@given(profile=st.one_of(complete_profiles(), partial_profiles()))
def test_tests_over_several_fields_are_judged_as_experta_judges_them(profile, classes_pack):
    from amity.engine.experta_backend import ExpertaEvaluator

    facts = known_facts(profile)
    python, experta = PythonEvaluator(classes_pack), ExpertaEvaluator(classes_pack)
    assert evaluation_view(python.evaluate(facts)) == evaluation_view(experta.evaluate(facts))


def test_the_several_fields_check_fails_when_a_test_over_several_fields_is_skipped(classes_pack):
    profile = {"summits": "none", "working_groups": 1, "shared_values": "high", "power_ratio": 5.0, "sectors": []}
    right = PythonEvaluator(classes_pack).evaluate(known_facts(profile))
    assert "across" not in right.trace.fired  # neither annual summits nor more than 3 working groups
    wrong = PythonEvaluator(classes_pack)
    wrong._residuals = ()  # every test over several fields taken to hold
    assert "across" in wrong.evaluate(known_facts(profile)).trace.fired


@given(
    profile=partial_profiles(),
    others=st.dictionaries(st.sampled_from(["id", "declared_label", "sources", "notes", 3]), st.none() | st.text()),
)
def test_known_facts_are_the_stated_facts_of_any_mapping(profile, others):
    """A dict of the vocabulary's fields is copied and trimmed; any other mapping sieved: the same facts."""
    import types

    facts = fact_fields()
    profile = {**profile, **others}
    expected = {k: v for k, v in profile.items() if v is not None and k in facts}
    got = known_facts(profile)
    assert got == expected and list(got) == list(expected)  # in the profile's order
    assert known_facts(types.MappingProxyType(profile)) == expected
    assert got is not profile and known_facts(profile) is not got  # a new dict each time: the caller's to keep
    # a checked profile (of the vocabulary's fields alone, which its keys are then not asked to be): the same
    checked = {k: v for k, v in profile.items() if k in fields()}
    got = known_facts(checked, checked=True)
    assert got == expected and list(got) == list(expected) and got is not checked
