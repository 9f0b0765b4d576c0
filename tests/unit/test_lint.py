"""amity pack lint: one fixture pack per defect class, each found where it is, and clean packs stay clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from amity.engine import lint as lint_module
from amity.engine.lint import CHECKS, commitment_steps, lint, unreachable_rungs
from amity.engine.pack import load_pack

PACKS = Path(__file__).resolve().parents[1] / "example-files" / "packs"

#: fixture folder -> (the one code lint must report, its line in pack.yaml, words its message names)
DEFECTS = {
    "ap001-schema": ("AP001", 12, "priorty"),
    "ap002-unknown-name": ("AP002", 9, "unknown source 'notes'"),
    "ap003-cycle": ("AP003", 6, "habit -> trust -> habit"),
    "ap004-unconcluded-finding": ("AP004", 16, "framwork"),
    "ap005-duplicate-id": ("AP005", 12, "used twice"),
    "ap101-unused-finding": ("AP101", 17, "long_horizon"),
    "ap102-never-fires": ("AP102", 17, "summit-strategic"),
    "ap103-shadowed": ("AP103", 16, "'treaty-framework' is shadowed by rule 'framework'"),
    "ap104-duplicate-condition": ("AP104", 20, "tests 'time_horizon: long_term' twice"),  # as written in the pack
    "ap201-no-rationale": ("AP201", 8, "repeats the description"),
    "ap202-no-source": ("AP202", 9, "'TODO' is a placeholder"),
    "ap203-quote-not-in-source": ("AP203", 14, "makes it an alliance"),
    "ap204-section-not-in-source": ("AP204", 13, "Frameworks"),
    "ap205-two-ways-to-cite": ("AP205", 15, "ref 'notes' and citation 'Walt, The Origins of Alliances"),
    "ap301-unreachable-level": ("AP301", 17, "strategic_partnership"),
    "ap302-non-monotonic": ("AP302", 17, "with legal_basis: signed_treaty it is partnership"),
    "ap401-shadowed-lexicon": ("AP401", 15, "the grammar already reads 'Cooperative Partnership' as partnership"),
    "ap402-two-levels": ("AP402", 18, "two levels for 'comprehensive  partnership'"),
}


def test_every_check_has_a_fixture():
    # AP100 and AP006 say what lint left undecided (test_search_budget, test_lint_partly_loaded); AP007 is in a
    # cases file beside the pack (test_lint_checks_the_packs_test_cases_as_amity_test_does)
    assert {code for code, _, _ in DEFECTS.values()} == set(CHECKS) - {"AP100", "AP006", "AP007"}


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_lint_finds_the_defect_where_it_is(name):
    code, line, words = DEFECTS[name]
    report = lint(PACKS / name)
    found = [(d.code, d.location.line) for d in report.diagnostics if d.code != "AP006"]
    assert found == [(code, line)], "\n".join(map(str, report.diagnostics))
    (diagnostic,) = (d for d in report.diagnostics if d.code == code)
    assert words in diagnostic.message
    assert diagnostic.location.file.endswith(f"{name}/pack.yaml")
    assert diagnostic.location.column and diagnostic.location.pointer is not None
    assert diagnostic.severity == CHECKS[code].severity
    assert report.failed(strict=True)
    assert report.failed() == (diagnostic.severity == "error")


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_what_lint_finds_inside_a_rule_names_the_rule(name):
    """Its id, not only its pointer (/rules/1/when): a check whose message does not name the rule (AP302, the
    schema's) is led by "in rule '...'", and one that names it already is not told it twice."""
    rules = yaml.safe_load((PACKS / name / "pack.yaml").read_text(encoding="utf-8"))["rules"]
    for d in lint(PACKS / name).diagnostics:
        inside = re.match(r"/rules/(\d+)(?:/|$)", d.location.pointer or "")
        ident = rules[int(inside.group(1))]["id"] if inside else None
        said = str(d).split(f" {d.code} {d.severity}: ", 1)[1].removesuffix(f" ({d.suggestion})")
        if ident is None:
            assert not said.startswith("in rule"), str(d)
        else:
            assert f"'{ident}'" in said and not said.startswith(f"in rule '{ident}': rule '{ident}'"), str(d)
        assert d.location.rule == ident, str(d)
        assert d.as_dict()["rule"] == ident


def test_suggestions_say_how_to_fix():
    by_name = {
        name: next(d for d in lint(PACKS / name).diagnostics if d.code != "AP006")
        for name in ("ap001-schema", "ap203-quote-not-in-source")
    }
    assert by_name["ap001-schema"].suggestion == "did you mean 'priority'?"
    assert "as a whole makes it a partnership" in by_name["ap203-quote-not-in-source"].suggestion


@pytest.mark.parametrize("name", ["core", "china-ladder"])
def test_bundled_packs_are_lint_clean(name):
    report = lint(name)
    assert report.diagnostics == (), "\n".join(map(str, report.diagnostics))


def test_report_as_json():
    data = json.loads(json.dumps(lint(PACKS / "ap102-never-fires").as_dict()))
    assert data["pack"] == "ap102-never-fires"
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0}
    (d,) = data["diagnostics"]
    assert (d["code"], d["severity"], d["line"], d["pointer"]) == ("AP102", "error", 17, "/rules/1/when")


def test_a_search_out_of_budget_says_so_and_guesses_nothing(monkeypatch):
    monkeypatch.setattr(lint_module, "SEARCH_BUDGET", 1)
    codes = {d.code for d in lint(PACKS / "ap102-never-fires").diagnostics}
    assert codes == {"AP100"}


@pytest.mark.parametrize("name", ["core", "china-ladder"])
def test_the_bundled_packs_need_a_small_part_of_the_whole_lints_budget(name):
    assert lint(name, budget=lint_module.LINT_BUDGET // 100).diagnostics == ()


def test_past_the_whole_lints_budget_the_questions_left_are_reported_not_guessed():
    """A budget too small for the core pack: lint ends, says which questions it could not decide, claims nothing."""
    report = lint("core", budget=5_000)
    codes = [d.code for d in report.diagnostics]
    assert set(codes) == {"AP100"}  # no rule is called dead, shadowed or non-monotonic on a guess
    ran_out = [d.message for d in report.diagnostics if "ran out" in d.message]
    assert ran_out and all("5,000 units" in m for m in ran_out)
    core = load_pack("core")
    named = " ".join(ran_out)
    missing = [r.id for r in core.rules if f"'{r.id}'" not in named]
    assert "more" in named or not missing  # every rule left is named, or counted
    assert all(d.suggestion for d in report.diagnostics if "ran out" in d.message)


def test_a_satisfiable_rule_is_not_reported_dead():
    # the same fixture without the contradiction: the check must not fire on it
    report = lint(PACKS / "ap301-unreachable-level")
    assert "AP102" not in {d.code for d in report.diagnostics}


def test_commitment_steps_cover_sets_and_counts():
    pack = load_pack("core")
    sectors = commitment_steps("sectors", pack)
    assert all(set(less) < set(more) and len(more) == len(less) + 1 for less, more in sectors)
    sizes = {(len(less), len(more)) for less, more in sectors}
    assert {(2, 3), (4, 5)} <= sizes
    assert ("consultation", "mutual_defense") in commitment_steps("defense_commitment", pack)
    dialogues = commitment_steps("ministerial_dialogues", pack)
    assert (1, 2) in dialogues and (0, 1) in dialogues


def _grammar_pack(tmp_path, lexicon: str, rungs: str = "") -> Path:
    fixture = (PACKS / "ap401-shadowed-lexicon" / "pack.yaml").read_text(encoding="utf-8")
    head, grammar = fixture.split("lexicon:\n", 1)[0], fixture.split("designations:\n", 1)[1]
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text(head + lexicon + "designations:\n" + grammar + rungs, encoding="utf-8")
    return folder


def test_an_exact_entry_may_place_a_name_on_another_rung_than_its_words(tmp_path):
    pack = _grammar_pack(
        tmp_path,
        'lexicon:\n  - {id: named, level: alliance, exact: Cooperative Partnership, source: {citation: "Notes, 2024."}}\n',
    )
    assert lint(pack).diagnostics == ()


def test_a_name_the_grammar_cannot_place_is_what_an_exact_entry_is_for(tmp_path):
    pack = _grammar_pack(
        tmp_path,
        'lexicon:\n  - {id: union, level: alliance, exact: Union State, source: {citation: "Notes, 2024."}}\n',
    )
    assert lint(pack).diagnostics == ()


def test_a_second_exact_entry_with_the_same_words_is_shadowed(tmp_path):
    entry = '  - {{id: {0}, level: alliance, exact: Union State, source: {{citation: "Notes, 2024."}}}}\n'
    pack = _grammar_pack(tmp_path, "lexicon:\n" + entry.format("first") + entry.format("second"))
    [d] = lint(pack).diagnostics
    assert d.code == "AP401" and "'first' is tried first" in d.message and d.location.pointer == "/lexicon/1/exact"


def test_a_rung_no_tier_words_reach_never_decides(tmp_path):
    rung = "    - {id: rung-strategic, marks: [strategic], level: strategic_partnership, effect: claims the strategic rung}\n"
    tier = "    - {id: tier-strategic, words: [strategic], mark: strategic, after_head: true, effect: marks it}\n"
    pack = _grammar_pack(tmp_path, "", rung)
    # reachable: a head, and a tier word that carries the mark
    text = (pack / "pack.yaml").read_text(encoding="utf-8").replace("  rungs:\n", tier + "  rungs:\n")
    (pack / "pack.yaml").write_text(text, encoding="utf-8")
    assert lint(pack).diagnostics == ()
    grammar = load_pack(pack).grammar
    assert unreachable_rungs(grammar) == []
    # two marks only words after the head carry: no label can hold both
    second = (
        tier.replace("tier-strategic", "tier-strong")
        .replace("[strategic]", "[strong]")
        .replace("mark: strategic", "mark: strong")
    )
    both = rung.replace("rung-strategic", "rung-both").replace("[strategic]", "[strategic, strong]")
    (pack / "pack.yaml").write_text(text.replace("  rungs:\n", second + "  rungs:\n") + both, encoding="utf-8")
    [d] = lint(pack).diagnostics
    assert d.code == "AP401" and "rung 'rung-both' never decides" in d.message
    assert d.location.pointer == "/designations/rungs/2/marks"


def test_one_phrase_in_two_grammar_entries_is_two_levels(tmp_path):
    tier = "    - {id: tier-again, words: [partnership], effect: again}\n"
    pack = _grammar_pack(tmp_path, "")
    text = (pack / "pack.yaml").read_text(encoding="utf-8").replace("  rungs:\n", tier + "  rungs:\n")
    (pack / "pack.yaml").write_text(text, encoding="utf-8")
    codes = [d.code for d in lint(pack).diagnostics]
    assert codes == ["AP402"]


@pytest.mark.parametrize(
    ("citation", "placeholder"),
    [
        ("TODO", True),
        ("tbd.", True),
        ("", True),
        ("Replace with the joint statement that announced the designation (parties, year).", True),
        ("Insert the treaty's title here", True),
        ("TODO: the 2019 joint statement", True),
        ("<citation>", True),
        ("[author, title, year]", True),
        ("Your source here", True),
        ("Joint Statement on the Comprehensive Strategic Partnership, Beijing, 2013.", False),
        ("Walt, The Origins of Alliances (1987), ch. 2.", False),
        ("The seed text, 'The Hierarchy of Partnerships'.", False),
        ("Treaty of Friendship (replacing the 1950 treaty), 1971.", False),
    ],
)
def test_placeholder_citations_are_told_from_real_ones(citation, placeholder):
    assert lint_module._placeholder(citation) is placeholder


def test_lint_checks_the_packs_test_cases_as_amity_test_does(tmp_path, monkeypatch):
    """A cases file `amity test` refuses is an error of the pack's lint too (AP007), located in it, with a fix."""
    from amity.engine.scaffold import new_pack

    monkeypatch.chdir(tmp_path)
    new_pack("drills")
    assert not lint("drills").failed()
    tests = tmp_path / "drills" / "tests.yaml"
    tests.write_text(
        tests.read_text(encoding="utf-8")
        + "      findings: [drill_fatigue]\n"
        + "  - name: threat-in-conflict\n"
        + "    facts: {parties: [AAA, BBB], legal_basis: joint_statment}\n"
        + "    expect: {level: partnership}\n",
        encoding="utf-8",
    )
    report = lint("drills")
    cases = [d for d in report.diagnostics if d.code == "AP007"]
    assert [(d.location.file, d.location.pointer) for d in cases] == [
        ("drills/tests.yaml", "/cases/0/expect/findings/0"),
        ("drills/tests.yaml", "/cases/1/name"),
        ("drills/tests.yaml", "/cases/1/facts/legal_basis"),
    ]
    assert report.failed()
    fatigue, twice, value = cases
    assert "no finding 'drill_fatigue'" in fatigue.message
    assert "add a rule that does" in fatigue.suggestion and "institutionalized" in fatigue.suggestion
    assert "used twice" in twice.message
    assert value.suggestion == "did you mean 'joint_statement'?"


def test_a_pack_with_load_errors_says_its_cases_wait(tmp_path, monkeypatch):
    from amity.engine.scaffold import new_pack

    monkeypatch.chdir(tmp_path)
    new_pack("drills")
    pack = tmp_path / "drills" / "pack.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("partner_in_conflict: true", "partner_in_conflict: yes please")
    )
    waits = [d for d in lint("drills").diagnostics if d.code == "AP006" and "test cases" in d.message]
    assert len(waits) == 1 and "drills/tests.yaml" in waits[0].message


# ---- AP103: redundant whichever rule fires first

_ASYMMETRY_RULE = """\
  - id: my-course-{name}
    description: Highly unequal and heavily dependent partners are a high asymmetry.
    rationale: The stronger party sets the terms when the weaker cannot walk away.
    source: {{citation: "Keohane and Nye, Power and Interdependence, 1977"}}
    when:
      all:
        - power_ratio: {{ge: 20}}
        - {dependence}
    then:
      - risk: asymmetry
        rating: high
        reason: {reason}
"""
_CORE_REASON = "The parties are an order of magnitude apart in power and the weaker one depends on the stronger."


def _course_pack(tmp_path, monkeypatch, *rules: str) -> list:
    """A pack extending core, with rules of its own; its AP103 diagnostics."""
    from amity.engine.scaffold import new_pack

    monkeypatch.chdir(tmp_path)
    new_pack("my-course")
    pack = tmp_path / "my-course" / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("\nlexicon:", "".join(rules) + "\nlexicon:"), encoding="utf-8")
    return [d for d in lint("my-course").diagnostics if d.code == "AP103"]


def test_a_rule_a_later_layers_base_rule_always_backs_is_shadowed(tmp_path, monkeypatch):
    """core's asymmetry-severe-dependence tests findings (a later layer), and still fires whenever this rule does."""
    rule = _ASYMMETRY_RULE.format(name="shadowed", dependence="trade_dependence: {ge: 0.3}", reason=_CORE_REASON)
    (found,) = _course_pack(tmp_path, monkeypatch, rule)
    assert "rule 'my-course-shadowed' is shadowed by rule 'asymmetry-severe-dependence' (pack 'core')" in found.message
    assert found.message.endswith("concludes all it concludes: 'risk: asymmetry, rating: high'")
    assert "reason" not in found.message
    assert found.location.pointer == "/rules/1/when"


def test_a_shadowed_rule_whose_reason_differs_is_reported_saying_so(tmp_path, monkeypatch):
    # through the other branch of core's weaker_party_dependent (security dependence, not trade)
    rule = _ASYMMETRY_RULE.format(name="reworded", dependence="security_dependence: true", reason="Lopsided.")
    (found,) = _course_pack(tmp_path, monkeypatch, rule)
    assert "shadowed by rule 'asymmetry-severe-dependence'" in found.message
    assert "only a risk's reason differs, and a reason decides no rating" in found.message


def test_a_rule_the_base_rule_needs_more_than_is_not_shadowed(tmp_path, monkeypatch):
    """Trade of 5% does not make core's weaker_party_dependent (10%): asymmetry-severe-dependence may not fire."""
    rule = _ASYMMETRY_RULE.format(name="kept", dependence="trade_dependence: {ge: 0.05}", reason=_CORE_REASON)
    assert _course_pack(tmp_path, monkeypatch, rule) == []


def _pack(tmp_path, rules: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "pack: drills\nversion: 1.0.0\ndescription: Shadowing drills.\nrules:\n" + rules, encoding="utf-8"
    )
    return folder


def _rule(rule_id: str, when: str, then: str = "{level: partnership}") -> str:
    return (
        f"  - id: {rule_id}\n    description: {rule_id}.\n    rationale: Why {rule_id} holds.\n"
        f"    source: {{citation: 'Drill notes, 2024.'}}\n    when: {when}\n    then: [{then}]\n"
    )


def test_a_rule_another_holds_for_on_every_stated_value_but_not_on_an_unstated_one_is_not_shadowed(tmp_path):
    """'summits annual or not annual' holds for every stated value of summits, and is unknown when it is unstated:
    with summits unknown 'treaty' fires alone, so it is not redundant (the other rule is)."""
    pack = _pack(
        tmp_path,
        _rule(
            "treaty-any-summits",
            "{all: [{legal_basis: ratified_treaty}, {any: [{summits: annual}, {summits: {ne: annual}}]}]}",
        )
        + _rule("treaty", "{legal_basis: ratified_treaty}"),
    )
    found = [d.message for d in lint(pack).diagnostics if d.code == "AP103"]
    assert [m.split(", which")[0] for m in found] == [
        "rule 'treaty-any-summits' is shadowed by rule 'treaty' (pack 'drills')"
    ]


def test_of_two_rules_that_make_each_other_redundant_only_the_later_one_is_reported(tmp_path):
    for first, second in (("a", "b"), ("b", "a")):
        when = {"a": "{legal_basis: ratified_treaty}", "b": "{legal_basis: {in: [ratified_treaty]}}"}
        folder = tmp_path / first
        folder.mkdir()
        found = [d for d in lint(_pack(folder, _rule(first, when[first]) + _rule(second, when[second]))).diagnostics]
        assert [(d.code, d.message.split(" is ")[0]) for d in found] == [("AP103", f"rule '{second}'")]


def test_ap402_says_each_way_a_designation_is_read_two_ways(tmp_path):
    """AP402 flags two rungs with one combination of tier marks even where they claim one level, and a phrase in
    two grammar entries whatever their roles: its title (the README's table) said 'claimed for two levels'."""
    again = "    - {id: rung-again, marks: [], level: partnership, effect: the same rung again}\n"
    modifier = "  modifiers:\n    - {id: mod-cooperative, words: [cooperative], effect: colours it}\n"
    pack = _grammar_pack(tmp_path, "", again + modifier)
    found = sorted((d.code, d.location.pointer) for d in lint(pack).diagnostics)
    assert found == [("AP402", "/designations/modifiers/0/words/0"), ("AP402", "/designations/rungs/1")]
    title = CHECKS["AP402"].title
    assert "two levels" not in title.split(":")[0]
    assert all(words in title for words in ("different levels", "two grammar entries", "the same tier marks"))


def test_searches_kept_for_many_profiles_find_what_a_fresh_search_finds():
    """``FiringSearches`` sets each rule's search up once and asks it of many profiles (pack diff --on): each
    answer is the one a search set up afresh gives, and a question that ran out of its budget leaves the next
    one its whole budget."""
    from amity.engine.lint import UNDECIDED, FiringSearches, facts_that_fire

    pack = load_pack("china-ladder")
    rules = [r.id for r in pack.rules]
    profiles = [
        {"legal_basis": "joint_statement", "summits": "annual"},
        {"legal_basis": "none"},
        {"sectors": ["trade", "culture"], "summits": "irregular", "time_horizon": "long_term"},
        {},
    ]
    kept = FiringSearches(pack)
    for profile in profiles:
        assert kept.facts_that_fire(rules, given=profile) == facts_that_fire(pack, rules, given=profile)
    assert set(kept.facts_that_fire(rules, budget=0, given={}).values()) == {UNDECIDED}
    assert kept.facts_that_fire(rules, given={}) == facts_that_fire(pack, rules, given={})
