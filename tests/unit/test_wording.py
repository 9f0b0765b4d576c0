"""Verdict reasons in words: every finding and rule of the core pack has a plain-English name,
and conditions read as English with what the profile has."""

from __future__ import annotations

import textwrap

import pytest
from amity.engine import Assessor, load_pack
from amity.engine import conditions as cond
from amity.engine.wording import condition, unnamed

MINI = """\
pack: mini
version: 0.1.0
description: A tiny pack for tests.
findings:
  binding: {name: a binding instrument, description: A treaty binds.}
rules:
  - id: treaty
    name: binding treaty
    description: A treaty is binding.
    rationale: Because.
    source: {citation: "test"}
    when: {legal_basis: ratified_treaty}
    then:
      - finding: binding
  - id: ally
    description: Binding plus defense is an alliance.
    rationale: Because.
    source: {citation: "test"}
    when:
      all:
        - finding: binding
        - finding: defended
    then:
      - level: alliance
  - id: defended
    name: defended
    description: A defense obligation.
    rationale: Because.
    source: {citation: "test"}
    when: {defense_commitment: mutual_defense}
    then:
      - finding: defended
"""


def test_every_finding_and_rule_of_the_core_pack_has_a_plain_english_name(core_pack):
    assert unnamed(core_pack) == []
    for finding, named in core_pack.finding_names.items():
        assert named.name.strip() and named.description.strip(), finding


def test_the_lint_fails_on_a_pack_missing_names(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text(textwrap.dedent(MINI), encoding="utf-8")
    assert unnamed(load_pack(path)) == [
        "finding 'defended' has no plain-English name (add it under findings:)",
        "rule 'ally' has no name",
    ]


def test_a_name_for_a_finding_no_rule_concludes_is_an_error(tmp_path):
    from amity.engine import PackError

    path = tmp_path / "pack.yaml"
    path.write_text(MINI.replace("findings:\n", "findings:\n  bindng: {name: x, description: y}\n"), encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_pack(path)
    assert "finding 'bindng' is named, but no rule concludes it (did you mean 'binding'?)" in str(exc.value.problems[0])


@pytest.mark.parametrize(
    ("rule", "english"),
    [
        (
            "institutionalized",
            "annual summits and (at least two ministerial mechanisms, at least five working groups or a permanent body)",
        ),
        ("easy-exit", "a non-binding instrument and (low exit costs or a renewable term or a fixed term)"),
        ("framework-declared", "a ratified treaty, a signed treaty, a joint statement or a memorandum"),
        ("treaty-alliance", "a binding instrument and a mutual defense obligation"),
        ("security-primary-focus", "cooperation on defense and at most two sectors"),
        ("comprehensive-level", "strategic substance, comprehensive scope, institutionalisation and deep integration"),
        (
            "abandonment-dependence-without-guarantee",
            "a weaker party that relies on the other for security and no alliance commitment",
        ),
        ("entrapment-forward-presence", "security cooperation through basing rights or integrated command"),
    ],
)
def test_conditions_read_as_english(core_pack, rule, english):
    assert condition(core_pack, core_pack.rule(rule).when) == english


def test_an_inflated_reason_says_what_is_lacking_and_what_the_profile_has(core_pack):
    a = Assessor(core_pack).assess(
        {
            "parties": ["AAA", "BBB"],
            "legal_basis": "joint_statement",
            "defense_commitment": "none",
            "sectors": ["trade", "energy", "technology", "culture", "education"],
            "summits": "irregular",
            "ministerial_dialogues": 1,
            "working_groups": 0,
            "permanent_bodies": False,
            "time_horizon": "long_term",
            "economic_integration": "deep",
            "global_governance_coordination": "none",
            "declared_label": "Comprehensive Strategic Partnership",
        }
    )
    assert a.label.verdict == "inflated"
    (reason,) = a.label.reasons
    assert str(reason) == (
        "comprehensive strategic partnership (comprehensive-level): "
        "lacks institutionalisation: needs annual summits and (at least two ministerial mechanisms, "
        "at least five working groups or a permanent body); has irregular summits, one ministerial mechanism, "
        "no working groups and no permanent body"
    )
    assert (
        a.label.summary
        == "the substance supports strategic partnership, below the claimed comprehensive strategic partnership"
    )


def test_equal_values_read_alike_so_reasons_worked_out_once_can_be_reused(core_pack):
    """1 and 1.0 are equal (and equal dict keys): both read "one", whichever a memo of reasons met first."""
    base = {
        "parties": ["AAA", "BBB"],
        "legal_basis": "joint_statement",
        "summits": "irregular",
        "working_groups": 0,
        "permanent_bodies": False,
        "declared_label": "Comprehensive Strategic Partnership",
    }
    assessor = Assessor(core_pack)
    as_float = assessor.decide({**base, "ministerial_dialogues": 1.0}, checked=True)
    as_int = assessor.decide({**base, "ministerial_dialogues": 1}, checked=True)
    assert "one ministerial mechanism" in str(as_float.label.reasons[0])
    assert str(as_int.label.reasons[0]) == str(as_float.label.reasons[0])
    fresh = Assessor(core_pack).decide({**base, "power_ratio": 3.0}, checked=True)
    assert fresh.label.reasons == assessor.decide({**base, "power_ratio": 3}, checked=True).label.reasons


def test_an_inflated_verdict_on_an_undecided_level_says_every_possible_level_is_below_the_claim(core_pack):
    a = Assessor(core_pack).assess(
        {
            "parties": ["AAA", "BBB"],
            "legal_basis": "joint_statement",
            "defense_commitment": "none",
            "sectors": ["trade", "culture", "energy"],
            "summits": "annual",
            "declared_label": "Comprehensive Strategic Partnership",
        }
    )
    assert a.level.value is None and a.label.verdict == "inflated"
    assert a.label.summary == (
        "the level is undecided, and every possible level (partnership or strategic partnership) "
        "is below the claimed comprehensive strategic partnership"
    )
    assert all("may lack" in str(r) or "lacks" in str(r) for r in a.label.reasons)


def test_a_deflated_reason_names_the_rule_and_what_it_matched(core_pack):
    a = Assessor(core_pack).assess(
        {
            "parties": ["AAA", "BBB"],
            "legal_basis": "ratified_treaty",
            "defense_commitment": "mutual_defense",
            "declared_label": "Comprehensive Partnership",
        }
    )
    assert [str(r) for r in a.label.reasons] == [
        "treaty alliance (treaty-alliance) supports alliance: has a binding instrument and a mutual defense obligation"
    ]
    assert [r.cited for r in a.label.reasons] == [
        "treaty alliance (treaty-alliance, step 3) supports alliance: has a binding instrument and a mutual "
        "defense obligation"
    ]


def test_a_deflated_reason_names_a_level_once_when_the_rules_name_only_restates_it():
    from amity.engine.dataset import read_rows

    from tests.conftest import ROOT

    (row,) = [
        r for r in read_rows(str(ROOT / "data" / "relationships.csv")) if r.ok and r.profile["id"] == "eu-jpn-2023"
    ]
    a = Assessor("core").assess(row.profile)
    reasons = [r.cited for r in a.label.reasons]
    assert a.label.verdict == "deflated" and reasons
    assert (
        reasons[0].startswith("comprehensive strategic partnership (comprehensive-level, step ")
        and ": has strategic substance" in reasons[0]
    )
    assert not [r for r in reasons if "partnership level (" in r or "partnership) (" in r]
    assert "coordination level (coordination-level, step " in " ".join(reasons)  # a name more than its level stays


def test_a_not_of_a_test_reads_as_not():
    node = cond.Not(cond.FieldTest("summits", (("eq", "annual"),)))
    assert condition(load_pack("core"), node) == "not annual summits"


def test_a_finding_denied_drops_its_article_in_every_wording(assessor):
    """'no alliance commitment' in the How tree, the reasons and why-not alike: never 'no an ...'."""
    from amity.engine import conditions as cond
    from amity.engine import plain, wording

    pack = assessor.pack
    named = [f for f in pack.finding_names if pack.finding_names[f].name.split(" ")[0] in ("a", "an", "the")]
    assert "alliance_commitment" in named
    for finding in named:
        for said in (
            plain.absent(pack, finding),
            plain.condition_text(cond.Not(cond.FindingRef(finding)), pack),
            wording.condition(pack, cond.Not(cond.FindingRef(finding))),
        ):
            assert said.startswith("no ") and said.split(" ")[1] not in ("a", "an", "the"), said
    assert plain.lacking("an alliance commitment", "perhaps no") == "perhaps no alliance commitment"
    assert plain.lacking("multi-sector cooperation") == "no multi-sector cooperation"
    assert plain.lacking("another pledge") == "no another pledge"  # a word, not a prefix
