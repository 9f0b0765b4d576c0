"""Why-not and what-if: the change sets, applied, reach the target; none contains another; blockers name the facts."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
import yaml
from amity.engine.errors import UsageError
from amity.engine.vocabulary import LEVELS, RATINGS, RISKS, fact_fields
from amity.engine.whynot import ChangeSet, apply_changes, parse_target, reached_set, reaches, why_not
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.strategies import complete_profiles, partial_profiles

TARGETS = (
    [("level", lv) for lv in LEVELS]
    + [(f"risk:{r}", x) for r in RISKS for x in RATINGS]
    + [
        ("hedging", True),
        ("hedging", False),
    ]
)


def possible(assessor, profile, output):
    a = assessor.assess(profile)
    if output == "level":
        return tuple(a.level.possible)
    if output == "hedging":
        return tuple(a.hedging.possible)
    return tuple(a.risks[output[5:]].outcome.possible)


def pairs(change_set: ChangeSet) -> list[frozenset[tuple[str, int]]]:
    """Every set of (field, class) pairs the change set stands for."""
    options = [[(c.field, k) for k in c.classes] for c in change_set.changes]
    return [frozenset(combo) for combo in itertools.product(*options)]


def with_option(change_set: ChangeSet, i: int, option) -> ChangeSet:
    """The change set with its i-th change moved to another value its words name."""
    changes = list(change_set.changes)
    changes[i] = dataclasses.replace(changes[i], value=option)
    return ChangeSet(tuple(changes))


def check_answer(assessor, profile, output, target, w):
    """What every why-not must satisfy: each set reaches the target, whichever of the values its words
    name each change takes ('had one more item (for example defense)': energy too), and no set contains another."""
    before = possible(assessor, profile, output)
    for cs in w.change_sets:
        after = possible(assessor, apply_changes(profile, cs), output)
        assert reaches(output, target, before, after), (cs.text, after)
        for i, change in enumerate(cs.changes):
            assert change.value in change.options, change
            for option in change.options:
                after = possible(assessor, apply_changes(profile, with_option(cs, i, option)), output)
                assert reaches(output, target, before, after), (cs.text, option, after)
    expanded = [pairs(cs) for cs in w.change_sets]
    for i, j in itertools.permutations(range(len(expanded)), 2):
        for a in expanded[i]:
            for b in expanded[j]:
                assert not a < b and a != b, f"{w.change_sets[i].text} within {w.change_sets[j].text}"
    if w.status == "holds":
        assert not w.change_sets


def test_us_india_to_comprehensive(assessor):
    profile = yaml.safe_load((ROOT / "examples" / "us-india.yaml").read_text())
    w = why_not(assessor, profile, "comprehensive_strategic_partnership")
    assert w.status == "not_reached" and w.current == ("strategic_partnership",)
    assert w.reached == ("comprehensive_strategic_partnership", "comprehensive_strategic_partnership_of_coordination")
    texts = [cs.text for cs in w.change_sets]
    assert any("economic integration were deep" in t for t in texts)
    assert any(b.facts.get("economic_integration") == "substantial" and b.truth is False for b in w.blockers)
    check_answer(assessor, profile, "level", w.target, w)


def test_china_russia_is_one_fact_from_an_alliance(assessor):
    profile = yaml.safe_load((ROOT / "examples" / "china-russia.yaml").read_text())
    w = why_not(assessor, profile, "alliance")
    assert [cs.text for cs in w.change_sets] == ["defense commitment were mutual defense"]
    assert "would be an alliance if defense commitment were mutual defense" in w.sentence()


def test_a_target_already_reached_needs_no_change(assessor):
    profile = yaml.safe_load((ROOT / "examples" / "eu-china.yaml").read_text())
    w = why_not(assessor, profile, "strategic_partnership")
    assert w.status == "holds" and w.change_sets == () and w.sentence().startswith("already is")


def test_answers_only_changes_only_unknown_facts(assessor):
    profile = {
        "parties": ["VNM", "AUS"],
        "legal_basis": "joint_statement",
        "sectors": ["trade", "defense", "energy"],
        "summits": "annual",
    }
    w = why_not(assessor, profile, "strategic_partnership", answers_only=True)
    assert w.change_sets
    for cs in w.change_sets:
        assert all(c.field not in profile for c in cs.changes)
    assert any(cs.text == "time horizon were long term" for cs in w.change_sets)


def test_the_check_fails_on_a_wrong_change_set(assessor):
    """The property's checker must catch a change set that does not reach the target, or one that contains another."""
    profile = yaml.safe_load((ROOT / "examples" / "us-india.yaml").read_text())
    w = why_not(assessor, profile, "comprehensive_strategic_partnership")
    wrong = type(w)(
        w.output, w.target, w.current, w.reached, w.status, w.blockers, (*w.change_sets, w.change_sets[0]), False
    )
    with pytest.raises(AssertionError):
        check_answer(assessor, profile, "level", w.target, wrong)
    alliance = why_not(assessor, profile, "alliance")
    swapped = type(w)(w.output, w.target, w.current, w.reached, w.status, w.blockers, alliance.change_sets, False)
    with pytest.raises(AssertionError):
        check_answer(assessor, profile, "level", w.target, swapped)


def test_reaching_is_directional():
    assert reached_set("level", "strategic_partnership", ("partnership",)) == LEVELS[2:5]
    assert reached_set("level", "partnership", ("strategic_partnership",)) == ("partnership",)
    assert reached_set("level", "alliance", ("partnership",)) == ("alliance",)
    assert reached_set("risk:entrapment", "moderate", ("low",)) == ("moderate", "high")
    assert not reaches("level", "strategic_partnership", ("partnership",), ("alliance",))


def test_a_rung_reached_from_below_is_said_as_the_rungs_above_it_not_the_alliance(assessor):
    """'It would be a strategic partnership or higher' read as if an alliance would do, which stands apart from
    the partnership ladder and above it, and which no change toward a rung reaches (helper-60). The sentence
    says the higher partnerships it means."""
    profile = yaml.safe_load(KELMAR.read_text())["profile"]
    w = why_not(assessor, profile, "strategic_partnership")
    assert "alliance" not in w.reached and len(w.reached) > 1
    assert w.sentence().startswith("would be a strategic partnership or a higher partnership if ")
    assert "or higher" not in w.sentence()
    risk = why_not(assessor, profile, "moderate", "risk:entrapment")  # ratings have no alliance: 'or higher' holds
    assert risk.sentence().startswith("would have a moderate or higher entrapment risk if ")


def test_targets_as_typed():
    assert parse_target("csp") == ("level", "comprehensive_strategic_partnership")
    assert parse_target("entrapment=high") == ("risk:entrapment", "high")
    for typed in ("high entrapment risk", "Entrapment risk: high", "entrapment_high", "high-entrapment"):
        assert parse_target(typed) == ("risk:entrapment", "high"), typed
    assert parse_target("no-hedging") == ("hedging", False)
    with pytest.raises(UsageError) as exc:
        parse_target("aliance")
    assert "did you mean 'alliance'" in str(exc.value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(complete_profiles(), st.sampled_from(TARGETS))
def test_change_sets_reach_the_target_and_are_minimal(assessor, profile, target):
    output, value = target
    w = why_not(assessor, profile, value, output)
    check_answer(assessor, profile, output, value, w)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_profiles(max_unknown=8), st.sampled_from(TARGETS[:6]))
def test_with_unknown_facts_the_target_is_reached_for_certain(assessor, profile, target):
    output, value = target
    w = why_not(assessor, profile, value, output)
    check_answer(assessor, profile, output, value, w)
    if w.status != "holds" and not w.change_sets:
        # exact: with no change set found, no single class change of a tested field reaches it either
        for field, reps in assessor.analysis.classes.items():
            for rep in reps:
                changed = {**profile, field: list(rep) if isinstance(rep, tuple) else rep}
                assert not reaches(output, value, w.current, possible(assessor, changed, output))


def test_what_holds_an_output_up_reads_as_what_the_relationship_has(assessor):
    """Not 'diverging values without a binding instrument: a non-binding instrument holds'."""
    profile = {"parties": ["USA", "IND"], "legal_basis": "joint_statement", "shared_values": "low"}
    texts = [b.text for b in why_not(assessor, profile, "low", "risk:fragility").blockers]
    assert (
        "A non-binding framework between parties with low shared values is fragile; here: shared values is low" in texts
    )
    assert not [t for t in texts if t.endswith("holds") or " holds (" in t]


# --------------------------------------------------------------------------- any of several items


KELMAR = ROOT / "scenarios" / "kelmar-doravia.yaml"


def test_when_any_further_item_would_do_the_change_says_so(assessor):
    """Kelmar-Doravia's two sectors: a third, any third, makes it a strategic partnership; 'added defense' misled."""
    profile = yaml.safe_load(KELMAR.read_text())["profile"]
    w = why_not(assessor, profile, "strategic_partnership")
    (only,) = w.change_sets
    (change,) = only.changes
    assert change.text == "sectors had one more item (for example defense)"
    assert (
        w.sentence()
        == "would be a strategic partnership or a higher partnership if sectors had one more item (for example defense)"
    )
    absent = {s for s in fact_fields()["sectors"].values if s not in profile["sectors"]}
    assert {frozenset(set(o) - set(profile["sectors"])) for o in change.options} == {frozenset({s}) for s in absent}
    energy = {**profile, "sectors": [*profile["sectors"], "energy"]}
    assert assessor.assess(energy).level.value == "strategic_partnership"
    check_answer(assessor, profile, "level", "strategic_partnership", w)


def test_when_some_items_would_do_the_change_names_them_all(assessor):
    profile = {
        "parties": ["USA", "JPN"],
        "legal_basis": "ratified_treaty",
        "defense_commitment": "consultation",
        "security_cooperation": ["joint_exercises"],
    }
    w = why_not(assessor, profile, "moderate", "risk:entrapment")
    texts = [c.text for cs in w.change_sets for c in cs.changes if c.field == "security_cooperation"]
    assert "security cooperation added any one of: basing rights or integrated command" in texts
    check_answer(assessor, profile, "risk:entrapment", "moderate", w)


ONE_SECTOR = """\
pack: one-sector
version: 1.0.0
description: Only defense, or only energy or health, makes the tie strategic.
rules:
  - id: framework
    description: Any framing instrument is a framework.
    rationale: r
    source: {citation: c}
    when: {legal_basis: {in: [ratified_treaty, signed_treaty, joint_statement, memorandum]}}
    then: [{level: partnership}]
  - id: strategic
    description: Defense among three sectors is strategic.
    rationale: r
    source: {citation: c}
    when:
      all:
        - legal_basis: {in: [ratified_treaty, signed_treaty, joint_statement, memorandum]}
        - sectors: {contains: defense, size: {ge: 3}}
    then: [{level: strategic_partnership}]
  - id: comprehensive
    description: Energy or health with defense is comprehensive.
    rationale: r
    source: {citation: c}
    when:
      all:
        - legal_basis: {in: [ratified_treaty, signed_treaty, joint_statement, memorandum]}
        - sectors: {contains: defense, contains_any: [energy, health]}
    then: [{level: comprehensive_strategic_partnership}]
"""


def test_when_only_one_item_would_do_the_change_names_it(tmp_path):
    """Exact: where defense, and only defense, reaches the target, the words name defense alone."""
    from amity.engine import Assessor, load_pack

    (tmp_path / "pack.yaml").write_text(ONE_SECTOR)
    assessor = Assessor(load_pack(tmp_path / "pack.yaml"))
    profile = {"parties": ["AAA", "BBB"], "legal_basis": "joint_statement", "sectors": ["trade", "energy"]}
    w = why_not(assessor, profile, "strategic_partnership")
    assert [cs.text for cs in w.change_sets] == ["sectors added defense"]
    check_answer(assessor, profile, "level", "strategic_partnership", w)
    w = why_not(assessor, {**profile, "sectors": ["defense", "trade"]}, "comprehensive_strategic_partnership")
    assert [cs.text for cs in w.change_sets] == ["sectors added any one of: energy or health"]
    check_answer(assessor, {**profile, "sectors": ["defense", "trade"]}, "level", w.target, w)


def test_the_check_fails_on_words_that_name_a_value_that_would_not_do(assessor):
    profile = yaml.safe_load(KELMAR.read_text())["profile"]
    w = why_not(assessor, profile, "strategic_partnership")
    (change,) = w.change_sets[0].changes
    wrong = dataclasses.replace(change, options=(*change.options, tuple(profile["sectors"])))
    bad = dataclasses.replace(w, change_sets=(ChangeSet((wrong,)),))
    with pytest.raises(AssertionError):
        check_answer(assessor, profile, "level", "strategic_partnership", bad)


def test_no_change_of_the_facts_is_said_plainly(tmp_path):
    """A pack where no rule concludes a strategic partnership: not 'would be ... under no change of the facts'."""
    from amity.engine import Assessor, load_pack

    partnerships_only = ONE_SECTOR.replace("level: strategic_partnership", "level: partnership").replace(
        "level: comprehensive_strategic_partnership", "level: partnership"
    )
    (tmp_path / "pack.yaml").write_text(partnerships_only)
    assessor = Assessor(load_pack(tmp_path / "pack.yaml"))
    profile = {"parties": ["AAA", "BBB"], "legal_basis": "joint_statement"}
    w = why_not(assessor, profile, "strategic_partnership")
    assert w.change_sets == ()
    assert w.sentence() == "cannot be a strategic partnership or a higher partnership in this pack, whatever the facts"
    assert "under no" not in w.sentence()
    waiting = why_not(assessor, profile, "strategic_partnership", answers_only=True)
    assert (
        waiting.sentence()
        == "cannot be a strategic partnership or a higher partnership, whatever the answers still to come"
    )


# --------------------------------------------------------------------------- how many items, in words


def sizes_pack(tmp_path, *sizes: str, also: str = ""):
    """A pack whose rules test only how many sectors there are (and ``also``, a further test of sectors),
    each concluding a rung of its own, so that every bound splits a class."""
    from amity.engine import Assessor, load_pack

    tests = [f"{{size: {s}}}" for s in sizes] + ([also] if also else [])
    rules = "".join(
        f"  - {{id: r{i}, description: d., rationale: r, source: {{citation: c}},"
        f" when: {{sectors: {t}}}, then: [{{level: {LEVELS[i + 1]}}}]}}\n"
        for i, t in enumerate(tests)
    )
    (tmp_path / "pack.yaml").write_text(f"pack: sizes\nversion: 1.0.0\ndescription: d\nrules:\n{rules}")
    return Assessor(load_pack(tmp_path / "pack.yaml"))


def class_changes(assessor) -> list[str]:
    """For each class of sectors, in order, what a why-not says to move an unknown sectors into it."""
    from amity.engine.value_classes import ValueClasses

    classes = ValueClasses(assessor.analysis)
    out = []
    for k in range(classes.count("sectors")):
        value = classes.nearest("sectors", (k,), None)
        out.append(classes.change("sectors", (k,), None, value)[0])
    return out


def test_set_sizes_read_as_a_person_says_them(tmp_path):
    """Not 'sectors had 0 to 2 items (for example none)', 'had none (for example none)' or 'had 3 items'
    (which reads as 'at least 3'): each kind of range in its own words, the example left out where
    the class holds one set alone."""
    assert class_changes(sizes_pack(tmp_path, "{ge: 3}")) == [
        "sectors had at most 2 items (for example none)",  # 0..n
        "sectors had 3 or more items (for example defense, trade, investment)",  # n..all
    ]
    assert class_changes(sizes_pack(tmp_path, "{ge: 1}", "{ge: 3}", "{eq: 5}", "{ge: 12}")) == [
        "sectors had no items",  # 0..0
        "sectors had 1 or 2 items (for example defense)",  # n..n+1
        "sectors had 3 to 11 items but not 5 (for example defense, trade, investment)",  # n..m, a size left out
        "sectors had exactly 5 items (for example defense, trade, investment, technology, energy)",  # exactly n
        "sectors had all 12 items",  # every item: one set
    ]
    assert class_changes(sizes_pack(tmp_path, "{gt: 2}", "{le: 4}"))[1] == (
        "sectors had 3 or 4 items (for example defense, trade, investment)"  # n..m
    )
    assert class_changes(sizes_pack(tmp_path, "{le: 1}", "{eq: 2}")) == [
        "sectors had at most 1 item (for example none)",
        "sectors had exactly 2 items (for example defense, trade)",
        "sectors had 3 or more items (for example defense, trade, investment)",
    ]
    assert class_changes(sizes_pack(tmp_path, also="{contains: defense}")) == [
        "sectors had any number of items without defense (for example none)",  # not 'at most 11 items'
        "sectors had any number of items including defense (for example defense)",  # not '1 or more items'
    ]


def test_a_why_not_says_set_sizes_in_those_words(tmp_path):
    assessor = sizes_pack(tmp_path, "{ge: 1}")
    w = why_not(assessor, {"parties": ["AAA", "BBB"]}, "none", exact=True)
    assert w.sentence() == "would have no framework if sectors had no items"
    check_answer(assessor, {"parties": ["AAA", "BBB"]}, "level", "none", w)


# --------------------------------------------------------------------------- whole numbers, in words


def numbers_pack(tmp_path, field: str, *tests: str):
    """A pack whose rules test only one number field, each concluding a rung of its own."""
    from amity.engine import Assessor, load_pack

    rules = "".join(
        f"  - {{id: r{i}, description: d., rationale: r, source: {{citation: c}},"
        f" when: {{{field}: {t}}}, then: [{{level: {LEVELS[i + 1]}}}]}}\n"
        for i, t in enumerate(tests)
    )
    (tmp_path / "pack.yaml").write_text(f"pack: numbers\nversion: 1.0.0\ndescription: d\nrules:\n{rules}")
    return Assessor(load_pack(tmp_path / "pack.yaml"))


def field_changes(assessor, field: str) -> list[str]:
    """For each class of the field, in order, what a why-not says to move it there from unknown."""
    from amity.engine.value_classes import ValueClasses

    classes = ValueClasses(assessor.analysis)
    return [
        classes.change(field, (k,), None, classes.nearest(field, (k,), None))[0] for k in range(classes.count(field))
    ]


def test_whole_numbers_read_as_set_sizes_do(tmp_path):
    """Not 'ministerial dialogues were 0 to 1' or 'were 0' (nor a bare '3', read as 'at least 3'): a count
    says what it counts, each kind of range in the words of set sizes."""
    assert field_changes(numbers_pack(tmp_path, "working_groups", "{ge: 5}"), "working_groups") == [
        "there were at most 4 working groups",  # 0..n
        "there were 5 or more working groups",  # n..
    ]
    assert field_changes(
        numbers_pack(tmp_path, "ministerial_dialogues", "{ge: 1}", "{ge: 3}", "{eq: 4}", "{ge: 6}"),
        "ministerial_dialogues",
    ) == [
        "there were no ministerial dialogues",  # 0..0
        "there were 1 or 2 ministerial dialogues",  # n..n+1
        "there were 3 to 5 ministerial dialogues but not 4",  # n..m, a value left out
        "there were exactly 4 ministerial dialogues",  # exactly n
        "there were 6 or more ministerial dialogues",
    ]
    assert field_changes(numbers_pack(tmp_path, "working_groups", "{le: 1}", "{eq: 2}"), "working_groups") == [
        "there were at most 1 working group",  # one: singular
        "there were exactly 2 working groups",
        "there were 3 or more working groups",
    ]


def test_a_year_is_a_whole_number_that_counts_nothing(tmp_path):
    """A year has no noun: 'established were at most 1999', never '1 to 1999' nor 'no established'."""
    assert field_changes(numbers_pack(tmp_path, "established", "{ge: 2000}", "{eq: 2010}"), "established") == [
        "established were at most 1999",
        "established were 2000 or more but not 2010",
        "established were exactly 2010",
    ]


def test_a_why_not_and_the_interview_say_whole_numbers_in_those_words(tmp_path):
    from amity.engine.interview import Consultation

    assessor = numbers_pack(tmp_path, "ministerial_dialogues", "{ge: 1}", "{ge: 2}")
    w = why_not(assessor, {"parties": ["AAA", "BBB"], "ministerial_dialogues": 3}, "none", exact=True)
    assert w.sentence() == "would have no framework if there were no ministerial dialogues"
    check_answer(assessor, {"parties": ["AAA", "BBB"], "ministerial_dialogues": 3}, "level", "none", w)
    leads = dict(Consultation(assessor, {"parties": ["AAA", "BBB"]}).why("ministerial_dialogues").leads)
    assert list(leads) == [
        "no ministerial dialogues",
        "exactly 1 ministerial dialogue",
        "2 or more ministerial dialogues",
    ]


def test_decimal_numbers_keep_their_words(tmp_path):
    """A decimal field is no count: its classes stay bounds ('at least 3 and under 10')."""
    changes = field_changes(numbers_pack(tmp_path, "power_ratio", "{ge: 3}", "{ge: 10}"), "power_ratio")
    assert changes == [
        "power ratio were under 3",
        "power ratio were at least 3 and under 10",
        "power ratio were at least 10",
    ]


BOOLEANS = [name for name, spec in fact_fields().items() if spec.kind == "boolean"]


@pytest.mark.parametrize("field", BOOLEANS)
def test_a_yes_or_no_fact_is_said_as_a_clause_not_as_the_answer_to_it(assessor, field):
    """'if there were permanent bodies', not 'if the answer to permanent bodies were yes': each boolean
    field of the vocabulary, both ways, as why-not puts a change of it."""
    from amity.engine import plain
    from amity.engine.value_classes import ValueClasses

    assert field in plain.FACT_CLAUSES, "every boolean field has its clauses"
    said = {value: plain.fact_clause(field, value) for value in (True, False)}
    assert said[True] != said[False]
    for text in said.values():
        assert "answer to" not in text and not re.search(r"\b(yes|no)$", text), text
    classes = ValueClasses(assessor.analysis)
    assert classes.count(field) == 2, "the core pack tells yes from no"
    for k in range(2):
        value = classes.nearest(field, (k,), None)
        assert classes.change(field, (k,), None, value)[0] == said[value]


@pytest.mark.parametrize("field", BOOLEANS)
def test_a_condition_on_a_yes_or_no_fact_reads_as_the_clause_it_asks_for(core_pack, field):
    """A rule's condition said 'permanent bodies is yes' (its raw form): it reads as the fact is, 'there are
    permanent bodies' (eq true, ne false) or 'there are no permanent bodies' (eq false, ne true)."""
    from amity.engine import conditions as cond
    from amity.engine import plain

    yes, no = (plain.fact_clause(field, v, supposed=False) for v in (True, False))
    assert yes != no and (yes, no) != (plain.fact_clause(field, True), plain.fact_clause(field, False))
    for ops, said in (((("eq", True),), yes), ((("ne", False),), yes), ((("eq", False),), no), ((("ne", True),), no)):
        assert plain.condition_text(cond.FieldTest(field, ops)) == said
    assert not re.search(r"\b(is|were) (yes|no)\b", yes + no)
    assert plain.fact_text(field, True) == yes and plain.fact_text(field, False) == no  # a fact of the case, alike
    # the doc's and the verdict reasons' noun phrases: 'ne true' is the 'no' one, not 'anything but a permanent body'
    from amity.engine import wording

    assert wording.condition(core_pack, cond.FieldTest(field, (("ne", True),))) == wording.value(field, False)


def test_why_not_says_a_yes_or_no_fact_in_its_own_words(assessor):
    profile = {"parties": ["AAA", "BBB"], "legal_basis": "ratified_treaty", "defense_commitment": "none"}
    said = why_not(assessor, profile, True, "hedging").sentence()
    assert "if a party had a declared partnership with the other party's main rival" in said, said
    assert "answer to" not in said


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=partial_profiles(), target=st.sampled_from([t for t in TARGETS if t[0] == "level"]))
def test_a_value_the_ways_shown_leave_out_is_in_a_way_not_shown_and_alone_does_not_reach(assessor, profile, target):
    """Why the ways shown leave out a value (a treaty): a way not shown takes it with the changes said, and the
    shown way with that value alone in its place leaves the output where the sentence says it could be."""
    output, value = target
    w = why_not(assessor, profile, value, output)
    for u in w.unlisted:
        hidden = [c for c in w.change_sets[3:] if u.change in c.changes and all(x in c.changes for x in u.also)]
        assert hidden, u
        assert u.still and not set(u.still) & set(w.reached)
        assert u.change.field == u.instead_of.field and not set(u.change.classes) & set(u.instead_of.classes)


def test_at_the_start_a_treaty_is_said_to_need_the_defense_commitment_known(assessor):
    w = why_not(assessor, {"parties": ["USA", "IND"]}, "comprehensive_strategic_partnership")
    assert all(c.changes[0].text == "legal basis were joint statement or memorandum" for c in w.change_sets[:3])
    assert w.unlisted_lines() == [
        "If legal basis were ratified treaty or signed treaty instead, it could still be an alliance while defense "
        "commitment is not known; it would be a comprehensive strategic partnership or a higher partnership only "
        "if, as well, defense commitment were consultation or none."
    ]
    known = why_not(
        assessor, {"parties": ["USA", "IND"], "defense_commitment": "mutual_defense"}, "strategic_partnership"
    )
    assert [line.split(";")[0] for line in known.unlisted_lines()] == [
        "If legal basis were ratified treaty or signed treaty instead, it would be an alliance as defense commitment "
        "is mutual defense"
    ]
