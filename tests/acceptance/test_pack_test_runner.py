"""`amity test`: the runner itself can fail. A wrong expectation of every kind fails with exit 1,
names the case's file and line, and shows what was expected against what came out."""

from __future__ import annotations

import pytest
import yaml
from amity.cli.main import main
from amity.engine import packtest
from click.testing import CliRunner

FACTS = {
    "parties": ["USA", "KOR"],
    "legal_basis": "ratified_treaty",
    "defense_commitment": "mutual_defense",
    "third_party_orientation": "named_threat",
    "duration": "indefinite",
    "exit_costs": "high",
    "sectors": ["defense"],
    "security_cooperation": ["joint_exercises", "basing_rights", "integrated_command", "intelligence_sharing"],
    "power_ratio": 16,
    "trade_dependence": 0.12,
    "security_dependence": True,
    "rival_ties": False,
    "partner_in_conflict": False,
    "recent_crisis": False,
    "declared_label": "Mutual Defense Treaty between the United States and the Republic of Korea",
}

#: what core concludes on FACTS, one expectation of every kind the runner checks
RIGHT = {
    "level": "alliance",
    "possible_levels": ["alliance"],
    "deciding_facts": [],
    "risks": {"entrapment": "moderate", "abandonment": "moderate", "asymmetry": "high", "fragility": "low"},
    "hedging": False,
    "verdict": "consistent",
    "declared_level": "alliance",
    "decided_by": "object-mutual-defence",
    "findings": ["binding_instrument"],
    "not_findings": ["non_binding"],
    "fired": ["treaty-alliance"],
    "not_fired": ["no-framework"],
}

#: name -> (one wrong expectation, the words its failure must show); what the wrong one would contradict in
#: RIGHT goes with it (a case that contradicts itself is refused before it runs: test_a_case_that_contradicts_...)
WRONG = {
    "level": ({"level": "partnership", "possible_levels": ["partnership"]}, ["level:", "- partnership", "+ alliance"]),
    "risk-entrapment": ({"risks": {"entrapment": "high"}}, ["risks.entrapment:", "- high", "+ moderate"]),
    "risk-abandonment": ({"risks": {"abandonment": "low"}}, ["risks.abandonment:", "- low", "+ moderate"]),
    "risk-asymmetry": ({"risks": {"asymmetry": "low"}}, ["risks.asymmetry:", "- low", "+ high"]),
    "risk-fragility": ({"risks": {"fragility": "high"}}, ["risks.fragility:", "- high", "+ low"]),
    "hedging": ({"hedging": True}, ["hedging:", "- true", "+ false"]),
    "verdict": ({"verdict": "inflated"}, ["verdict:", "- inflated", "+ consistent"]),
    "declared-level": ({"declared_level": "partnership"}, ["declared_level:", "- partnership", "+ alliance"]),
    "decided-by": (
        {"decided_by": "head-alliance"},
        ["decided_by:", "- head-alliance", "+ object-mutual-defence"],
    ),
    "findings": (
        {"findings": ["non_binding"], "not_findings": []},
        ["findings: not established: non_binding", "- non_binding"],
    ),
    "not-findings": (
        {"not_findings": ["binding_instrument"], "findings": []},
        ["not_findings: established", "+ binding_instrument"],
    ),
    "fired": ({"fired": ["no-framework"], "not_fired": []}, ["fired: did not fire: no-framework", "- no-framework"]),
    "not-fired": (
        {"not_fired": ["treaty-alliance"], "fired": []},
        ["not_fired: fired but should not", "+ treaty-alliance"],
    ),
    "possible-levels": (
        {"possible_levels": ["alliance", "partnership"], "level": None},
        ["possible_levels:", "- partnership", "  alliance"],
    ),
    "deciding-facts": ({"deciding_facts": ["legal_basis"], "level": None}, ["deciding_facts:", "- legal_basis"]),
}


def write_cases(path, cases):
    path.write_text(yaml.safe_dump({"pack": "core", "cases": cases}, sort_keys=False), encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_right_expectations_pass(tmp_path):
    cases = write_cases(tmp_path / "right.yaml", [{"name": "right", "facts": FACTS, "expect": RIGHT}])
    result = run("test", "core", "--cases", str(cases))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 passed, 0 failed"


@pytest.mark.parametrize("kind", sorted(WRONG))
def test_a_wrong_expectation_fails_with_exit_1(tmp_path, kind):
    wrong, shows = WRONG[kind]
    cases = write_cases(
        tmp_path / "wrong.yaml",
        [
            {"name": "right", "facts": FACTS, "expect": RIGHT},
            {"name": f"wrong-{kind}", "facts": FACTS, "expect": {**RIGHT, **wrong}},
        ],
    )
    result = run("test", "core", "--cases", str(cases))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "PASS core_right" in lines
    assert f"FAIL core_wrong-{kind}" in lines
    assert lines[-1] == "1 passed, 1 failed"
    # the second case starts on the line after the first case's block
    line = next(i for i, text in enumerate(cases.read_text().splitlines(), 1) if f"wrong-{kind}" in text)
    assert f"wrong.yaml:{line}:" in result.output
    for words in shows:
        assert words in result.output, f"{words!r} not in:\n{result.output}"


def test_every_kind_of_expectation_is_proven_to_fail():
    """Each key of the packtest schema's expect has a wrong case above (each risk its own)."""
    from amity.engine.vocabulary import load_schema

    keys = set(load_schema("packtest")["properties"]["cases"]["items"]["properties"]["expect"]["properties"])
    covered = {k for wrong, _ in WRONG.values() for k in wrong}
    assert covered == keys
    risks = {r for wrong, _ in WRONG.values() for r in wrong.get("risks", {})}
    assert risks == {"entrapment", "abandonment", "asymmetry", "fragility"}


def test_a_label_read_otherwise_than_expected_says_how_it_was_read(tmp_path):
    """'declared_level: - strategic_partnership + undecided (null)' left the instructor to find out why the label was
    not placed (an exact entry renamed, a word the grammar does not know): the failure says how it was read."""
    cases = write_cases(
        tmp_path / "labels.yaml",
        [
            {
                "name": "unknown-word",
                "facts": {"parties": ["AAA", "BBB"], "declared_label": "Example Strategic Partnership"},
                "expect": {"declared_level": "strategic_partnership"},
            },
            {
                "name": "read-by-another",
                "facts": {"parties": ["USA", "KOR"], "declared_label": "Mutual Defense Treaty"},
                "expect": {"decided_by": "head-alliance"},
            },
        ],
    )
    result = run("test", "core", "--cases", str(cases))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "    declared_level: expected strategic_partnership, got undecided (null): unknown words 'Example': a label "
        "with words the grammar does not know is not placed" in lines
    ), result.output
    assert (
        "    decided_by: expected head-alliance, got object-mutual-defence: the treaty is one of 'Mutual Defense': in "
        "a treaty, pact or agreement, an obligation of mutual defence claims the alliance" in lines
    ), result.output


def test_a_runner_that_always_passes_is_caught(monkeypatch, tmp_path):
    """If check() stopped comparing, the tests above would see exit 0: show that they would."""
    monkeypatch.setattr(packtest, "check", lambda case, assessor: packtest.CaseResult(case))
    cases = write_cases(tmp_path / "wrong.yaml", [{"name": "w", "facts": FACTS, "expect": {"level": "none"}}])
    assert run("test", "core", "--cases", str(cases)).exit_code == 0  # the broken runner passes it...
    monkeypatch.undo()
    assert run("test", "core", "--cases", str(cases)).exit_code == 1  # ...the real one does not


def test_coverage_lists_what_no_case_exercised_and_fail_under_fails(tmp_path):
    cases = write_cases(tmp_path / "one.yaml", [{"name": "right", "facts": FACTS, "expect": RIGHT}])
    result = run("test", "core", "--cases", str(cases), "--coverage")
    assert result.exit_code == 0, result.output
    assert "coverage of core: " in result.output
    assert "rules no case fired: " in result.output and "no-framework" in result.output
    assert "entries and rungs that decided no case's label: " in result.output and "rung-coordination" in result.output
    result = run("test", "core", "--cases", str(cases), "--fail-under", "90")
    assert result.exit_code == 1
    assert "coverage under --fail-under 90" in result.output


def test_coverage_says_a_pack_has_none_rather_than_counting_0_of_0(tmp_path):
    """A pack without lexicon or grammar entries was '0/0 lexicon and grammar entries decided a label'; one with
    nothing of its own '100.0% (0/0 rules fired, 0/0 ...)'."""
    result = run("test", "china-ladder", "--coverage")
    assert result.exit_code == 0, result.output
    assert (
        "coverage of china-ladder: 100.0% (5/5 rules fired, no lexicon or grammar entries of its own that decide a "
        "label)" in result.output.splitlines()
    ), result.output
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "pack.yaml").write_text(
        "pack: empty\nversion: 0.1.0\ndescription: Core as it is.\nextends: core\n", encoding="utf-8"
    )
    (tmp_path / "empty" / "tests.yaml").write_text(
        yaml.safe_dump(
            {"pack": "empty", "cases": [{"name": "right", "facts": FACTS, "expect": {"level": "alliance"}}]}
        ),
        encoding="utf-8",
    )
    result = run("test", str(tmp_path / "empty"), "--coverage")
    assert result.exit_code == 0, result.output
    assert (
        "coverage of empty: nothing of its own to cover (no rules of its own; no lexicon or grammar entries of its "
        "own that decide a label)" in result.output.splitlines()
    ), result.output


MORE_RULES = """
  - id: my-course-summit-fragility
    description: A partnership whose leaders never meet is fragile.
    rationale: Without summits nobody at the top tends the relationship.
    source: {citation: "IR 201 lecture notes, week 7"}
    when: {all: [{finding: framework}, {summits: none}]}
    then: [{risk: fragility, rating: moderate, reason: The leaders never meet.}]
  - id: my-course-never
    description: Summits that are none and annual at once.
    rationale: A rule no profile can fire, on purpose.
    source: {citation: "IR 201 lecture notes, week 9"}
    when: {all: [{summits: none}, {summits: annual}]}
    then: [{risk: fragility, rating: high, reason: Never.}]
"""


def test_coverage_writes_the_cases_that_would_cover_what_no_case_covers(tmp_path, monkeypatch):
    """Coverage listed what no case exercised and left the instructor to work out facts that exercise it: it now
    writes, for each rule and exact lexicon entry, a case found by lint's exact search and assessed with the pack,
    ready to paste into tests.yaml; and says of a rule no profile fires that no case can cover it."""
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "my-course").exit_code == 0
    pack = tmp_path / "my-course" / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("\nlexicon:", MORE_RULES + "\nlexicon:"), "utf-8")
    tests = tmp_path / "my-course" / "tests.yaml"
    # the scaffold's case, without the label its lexicon entry reads: the entry is left for a case to cover
    tests.write_text(
        tests.read_text(encoding="utf-8")
        .replace("declared_label: Example Strategic Partnership", "declared_label: Strategic Partnership")
        .replace("      declared_level: strategic_partnership\n", ""),
        encoding="utf-8",
    )
    result = run("test", "my-course", "--coverage")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  my-course-never: no case can cover it: no profile fires it (amity pack lint says why, AP102)" in lines
    header = "  to cover the others, add these cases under cases: in my-course/tests.yaml (each passes as written):"
    assert header in lines, result.output
    cases = lines[lines.index(header) + 1 : -1]
    assert cases == [
        "  - name: covers-my-course-summit-fragility",
        "    facts: {parties: [AAA, BBB], legal_basis: ratified_treaty, summits: none}",
        "    expect: {fired: [my-course-summit-fragility]}",
        "  - name: covers-my-course-example-designation",
        "    facts: {parties: [AAA, BBB], declared_label: Example Strategic Partnership}",
        "    expect: {decided_by: my-course-example-designation}",
    ], result.output
    # pasted as written, they pass and cover all but the rule no case can cover
    tests.write_text(tests.read_text(encoding="utf-8") + "\n".join(cases) + "\n", encoding="utf-8")
    result = run("test", "my-course", "--coverage")
    assert result.exit_code == 0, result.output
    assert "PASS my-course_covers-my-course-summit-fragility" in result.output
    assert "PASS my-course_covers-my-course-example-designation" in result.output
    assert "  rules no case fired: my-course-never" in result.output.splitlines()
    assert "to cover" not in result.output and "entries and rungs" not in result.output


def test_the_cases_coverage_writes_cover_the_whole_core_pack_rungs_and_grammar_entries_too(tmp_path):
    """Coverage wrote cases for rules and exact lexicon entries, not for the grammar's rungs and entries: an
    instructor who adds a rung or a head had no case to start from. From one case, the cases it writes for core
    all pass and cover all of it, rungs, heads, objects, containers and sector words included."""
    cases = write_cases(tmp_path / "one.yaml", [{"name": "right", "facts": FACTS, "expect": RIGHT}])
    result = run("test", "core", "--cases", str(cases), "--coverage")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("  to cover them, add these cases"))
    written = [line for line in lines[header + 1 :] if line.startswith("  ")]
    assert "  - name: covers-rung-all-weather" in written and "  - name: covers-object-security" in written
    more = yaml.safe_load("cases:\n" + "\n".join(written))["cases"]
    cases = write_cases(tmp_path / "all.yaml", [{"name": "right", "facts": FACTS, "expect": RIGHT}, *more])
    result = run("test", "core", "--cases", str(cases), "--fail-under", "100")
    assert result.exit_code == 0, result.output
    assert "coverage of core: 100.0% (38/38 rules fired, 34/34 lexicon and grammar entries decided a label)" in (
        result.output.splitlines()
    ), result.output


def thresholds(folder, count: int, max_firings: int, case_ratio: int):
    """A pack of ``count`` rules, rule i concluding a finding from a power ratio of at least i + 1, and one case."""
    folder.mkdir()
    rules = "".join(
        f"""  - id: r{i}
    description: A power ratio of at least {i + 1}.
    rationale: One threshold of many, to cover one by one.
    source: {{citation: "Thresholds, a pack of many, 2024"}}
    when: {{power_ratio: {{ge: {i + 1}}}}}
    then: [{{finding: f{i}}}]
"""
        for i in range(count)
    )
    (folder / "pack.yaml").write_text(
        f"pack: {folder.name}\nversion: 0.1.0\ndescription: Thresholds.\nextends: core\n"
        f"limits: {{max_firings: {max_firings}}}\nrules:\n{rules}",
        encoding="utf-8",
    )
    (folder / "tests.yaml").write_text(
        f"pack: {folder.name}\ncases:\n  - name: one\n    facts: {{parties: [AAA, BBB], power_ratio: {case_ratio}}}\n"
        "    expect: {fired: [r0]}\n",
        encoding="utf-8",
    )
    return folder


def test_coverage_writes_a_case_for_every_rule_of_a_pack_of_many(tmp_path):
    """Each rule's facts were searched over every rule of the pack, at a cost of all of them a step: past 400 rules
    the budget ran out, and 385 of a 600-rule pack's rules were 'no case found'. A rule is searched over the rules
    it depends on."""
    result = run("test", str(thresholds(tmp_path / "many", 600, 1000, 1)), "--coverage")
    assert result.exit_code == 0, result.output
    assert "ran out of its budget" not in result.output
    written = [line for line in result.output.splitlines() if line.startswith("  - name: covers-r")]
    assert len(written) == 599, result.output[-2000:]


def test_coverage_says_which_rules_facts_stop_the_pack_past_its_firings(tmp_path):
    """Facts that fire a rule may fire more than limits.max_firings allows: coverage stopped there, exit 1, on the
    pack's error; it says so of that rule and writes the cases of the others."""
    result = run("test", str(thresholds(tmp_path / "few", 5, 3, 1)), "--coverage")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "  r2: no case found: on the facts that fire it (power_ratio: 3), pack 'few' was still firing after 3 "
        "firings; last fired: r1, r0, unequal-powers; still waiting: r2" in lines
    ), result.output
    assert "  - name: covers-r1" in lines and "    facts: {parties: [AAA, BBB], power_ratio: 2}" in lines


@pytest.mark.parametrize("pack", ["core", "china-ladder"])
def test_bundled_packs_are_fully_covered(pack):
    result = run("test", pack, "--fail-under", "100")
    assert result.exit_code == 0, result.output
    assert "coverage of " + pack + ": 100.0%" in result.output


def test_a_tests_file_stands_for_its_pack():
    from pathlib import Path

    result = run("test", str(Path(__file__).resolve().parents[2] / "rules" / "core" / "tests.yaml"))
    assert result.exit_code == 0, result.output
    assert "PASS core_treaty-alliance" in result.output


def test_every_mistake_in_a_cases_file_is_reported_in_one_run(tmp_path):
    """Schema errors in one case's expect do not hide its facts' errors, unknown names or other cases'."""
    bad_facts = {"parties": ["USA", "KOR"], "legal_bases": "ratified_treaty", "summits": "anual"}
    cases = write_cases(
        tmp_path / "bad.yaml",
        [
            {"name": "twice", "facts": FACTS, "expect": {"levle": "alliance", "risks": {"entrapmnt": "high"}}},
            {"name": "twice", "facts": bad_facts, "expect": {"findings": ["binding_instrumnt"], "fired": ["nope"]}},
        ],
    )
    result = run("test", "core", "--cases", str(cases))
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    expected = [
        "/cases/0/expect/levle: unknown key 'levle' (did you mean 'level'?)",
        "/cases/0/expect/risks/entrapmnt: unknown key 'entrapmnt' (did you mean 'entrapment'?)",
        "/cases/1/name: case name 'twice' is used twice",
        "/cases/1/facts/legal_bases: unknown field 'legal_bases' (did you mean 'legal_basis'?)",
        "/cases/1/facts/summits: unknown value 'anual'",
        "/cases/1/expect/findings/0: pack 'core' has no finding 'binding_instrumnt'",
        "/cases/1/expect/fired/0: pack 'core' has no rule 'nope'",
    ]
    assert len(errors) == len(expected), result.output
    for line, words in zip(errors, expected, strict=True):
        assert words in line and "bad.yaml:" in line, f"{words!r} not in {line!r}"
    assert result.output.splitlines()[-1] == "7 errors"


def _pack_with_two_cases_files(tmp_path, first, second):
    """A pack extending core whose tests: lists two files of cases."""
    folder = tmp_path / "two-files"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "pack: two-files\nversion: 0.1.0\ndescription: Two files of cases.\nextends: core\n"
        "tests: [tests.yaml, more.yaml]\n",
        encoding="utf-8",
    )
    write_cases(folder / "tests.yaml", first)
    write_cases(folder / "more.yaml", second)
    return folder


def test_the_mistakes_of_every_cases_file_of_a_pack_are_reported_in_one_run(tmp_path, monkeypatch):
    """amity test reported the first file's mistakes only; lint reported both files'."""
    monkeypatch.chdir(tmp_path)
    bad = {"parties": ["USA", "KOR"], "summits": "anual"}
    _pack_with_two_cases_files(
        tmp_path,
        [{"name": "first", "facts": bad, "expect": {"level": "alliance"}}],
        [{"name": "second", "facts": {**FACTS, "rival_ties": "yes"}, "expect": {"level": "alliance"}}],
    )
    result = run("test", "two-files")
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert [e.split(":")[1].strip() for e in errors] == ["two-files/tests.yaml", "two-files/more.yaml"], result.output
    assert result.output.splitlines()[-1] == "2 errors"


def test_a_case_name_is_used_once_across_the_cases_files_of_a_pack(tmp_path, monkeypatch):
    """Test ids read <pack>_<case>: two files' cases of one name gave two 'PASS two-files_alliance'."""
    monkeypatch.chdir(tmp_path)
    case = {"name": "alliance", "facts": FACTS, "expect": {"level": "alliance"}}
    _pack_with_two_cases_files(tmp_path, [case], [case])
    result = run("test", "two-files")
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[0] == (
        "error: two-files/more.yaml:3:9: /cases/0/name: case name 'alliance' is used twice: "
        "also at two-files/tests.yaml:3:9 (give each case its own name: test ids read <pack>_<name>)"
    ), result.output
    lint = run("pack", "lint", "two-files")
    assert lint.exit_code == 1 and "AP007 error: case name 'alliance' is used twice" in lint.output, lint.output


def test_a_case_naming_a_rule_the_pack_disables_is_told_so(tmp_path, monkeypatch):
    """It said "pack 'no-frame' has no rule 'no-framework'" and listed others: the instructor had just disabled it."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "no-frame"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "pack: no-frame\nversion: 0.1.0\ndescription: Without core's no-framework.\nextends: core\n"
        "disable: [no-framework]\n",
        encoding="utf-8",
    )
    facts = {"parties": ["AAA", "BBB"], "legal_basis": "none"}
    write_cases(
        folder / "tests.yaml",
        [
            {"name": "fires", "facts": facts, "expect": {"fired": ["no-framework"]}},
            {"name": "does-not-fire", "facts": facts, "expect": {"not_fired": ["no-framework"]}},
        ],
    )
    result = run("test", "no-frame")
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[:2] == [
        "error: no-frame/tests.yaml:11:7: /cases/0/expect/fired/0: pack 'no-frame' disables rule 'no-framework': "
        "it never fires (expect it no more, or take it out of the pack's disable list)",
        "error: no-frame/tests.yaml:16:7: /cases/1/expect/not_fired/0: pack 'no-frame' disables rule 'no-framework': "
        "it never fires (expect it no more: no profile can fail this expectation)",
    ], result.output


def test_an_empty_cases_file_says_what_it_should_hold(tmp_path, monkeypatch):
    """It said 'expected a profile or a list of profiles': a cases file holds test cases."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.yaml").write_text("\n", encoding="utf-8")
    result = run("test", "core", "--cases", "empty.yaml")
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        "error: empty.yaml: the file is empty (expected test cases: 'cases:', a list of cases with name, facts "
        "and expect; see amity schema packtest)"
    ], result.output


def test_a_cases_file_that_is_a_folder_or_missing_is_said_as_every_input_file_is(tmp_path, monkeypatch):
    """A folder was click's 'Usage: ... Error: Invalid value for '--cases': File 'cases' is a directory.'
    (and a file it could not read: 'is not readable'), where every other input says it located, as amity does."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cases").mkdir()
    result = run("test", "core", "--cases", "cases")
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == ["error: cases: is a directory, expected a file"], result.output
    result = run("test", "core", "--cases", "nope.yaml")
    assert result.exit_code == 2
    assert result.output.splitlines() == ["error: nope.yaml: no such file (check the path)"], result.output


def test_a_rule_expected_to_fire_that_waits_on_unknown_facts_says_which(tmp_path):
    """'did not fire: hedging-rival-ties' read as if the rule were false: an unknown fact is not false."""
    cases = write_cases(
        tmp_path / "open.yaml",
        [
            {
                "name": "open",
                "facts": {"parties": ["AAA", "BBB"], "legal_basis": "joint_statement"},
                "expect": {"fired": ["hedging-rival-ties", "binding-instrument"]},
            }
        ],
    )
    result = run("test", "core", "--cases", str(cases))
    assert result.exit_code == 1, result.output
    assert (
        "    fired: did not fire: hedging-rival-ties, binding-instrument "
        "(hedging-rival-ties may fire: it waits on rival ties, which the case leaves unknown)"
    ) in result.output.splitlines(), result.output


def test_a_case_that_leaves_the_level_or_a_risk_open_is_told_the_facts_that_decide_it(tmp_path):
    """A case that expected a level its facts leave open showed only '- strategic_partnership / + undecided (null)',
    and a risk only its possible ratings: nothing said which facts the case leaves unknown (found by a new-user
    trial, helper-64). The values it may take and those facts are named."""
    facts = {k: FACTS[k] for k in ("parties", "legal_basis", "defense_commitment", "duration", "exit_costs")}
    cases = write_cases(
        tmp_path / "open.yaml",
        [{"name": "open", "facts": {**facts, "legal_basis": "joint_statement"}, "expect": {"level": "partnership"}}],
    )
    result = run("test", "core", "--cases", str(cases))
    assert result.exit_code == 1
    (line,) = [text.strip() for text in result.output.splitlines() if text.strip().startswith("level:")]
    assert line.startswith("level: expected partnership, got undecided (null) (possible: partnership, ")
    assert line.endswith(")") and "; decided by facts the case leaves unknown: sectors, " in line
    cases = write_cases(
        tmp_path / "open.yaml", [{"name": "open", "facts": facts, "expect": {"risks": {"asymmetry": "low"}}}]
    )
    result = run("test", "core", "--cases", str(cases))
    assert result.exit_code == 1
    (line,) = [text.strip() for text in result.output.splitlines() if text.strip().startswith("risks.asymmetry:")]
    assert line.startswith("risks.asymmetry: expected low, got undecided (null) (possible: low, ")
    assert "; decided by facts the case leaves unknown: power_ratio, " in line


def test_a_cases_set_written_as_text_is_told_to_be_a_list_of_its_own_values(tmp_path):
    # a case's facts go through the profile's check: 'sectors: trade, defence' was told 'write a list, e.g. [a, b]'
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "pack: core\ncases:\n  - name: sectors-as-text\n    facts:\n      parties: [USA, KOR]\n"
        "      sectors: trade, defence\n    expect:\n      level: alliance\n"
    )
    result = run("test", "core", "--cases", str(cases))
    assert result.exit_code == 2
    assert (
        f"{cases}:6:16: /cases/0/facts/sectors: expected a list or null (unknown), got 'trade, defence' "
        "(write it as a list: [trade]; 'defence' is not a sector: did you mean 'defense'?)"
    ) in result.output


def test_a_case_that_contradicts_itself_is_refused_before_it_runs(tmp_path):
    """Expectations no assessment can meet together (pasted into both lists, a decided level with others
    possible) failed as ordinary mismatches, one after another, as if the pack were wrong: the case is wrong."""
    cases = write_cases(
        tmp_path / "self.yaml",
        [
            {
                "name": "both-ways",
                "facts": FACTS,
                "expect": {
                    "findings": ["binding_instrument"],
                    "not_findings": ["alliance_commitment", "binding_instrument"],
                    "fired": ["treaty-alliance"],
                    "not_fired": ["treaty-alliance"],
                    "level": "alliance",
                    "possible_levels": ["alliance", "partnership"],
                    "deciding_facts": ["summits"],
                },
            }
        ],
    )
    result = run("test", "core", "--cases", str(cases))
    assert result.exit_code == 2, result.output
    f = str(cases)
    assert result.output.splitlines() == [
        f"error: {f}:32:7: /cases/0/expect/not_findings/0: the case expects rule 'treaty-alliance' fired, which "
        "concludes finding 'alliance_commitment', and 'alliance_commitment' not established (not_findings): it can "
        "never pass (expect 'treaty-alliance' not to fire, or take 'alliance_commitment' out of not_findings)",
        f"error: {f}:33:7: /cases/0/expect/not_findings/1: the case expects finding 'binding_instrument' both "
        f"established (findings, at {f}:30:7) and not (not_findings): it can never pass (keep it in one of the two "
        "lists)",
        f"error: {f}:37:7: /cases/0/expect/not_fired/0: the case expects rule 'treaty-alliance' both fired (fired, "
        f"at {f}:35:7) and not (not_fired): it can never pass (keep it in one of the two lists)",
        f"error: {f}:40:5: /cases/0/expect/possible_levels: the case expects the level decided (alliance) and "
        "possible_levels [alliance, partnership]: a decided level is the one possible level (write "
        "possible_levels: [alliance], or level: null for a level left open)",
        f"error: {f}:43:5: /cases/0/expect/deciding_facts: the case expects the level decided (alliance) and facts "
        "that would decide it (summits): a decided level has none (write deciding_facts: [], or level: null for a "
        "level left open)",
        "5 errors",
    ], result.output
    lint = run("pack", "lint", "core")  # the bundled cases contradict nothing
    assert lint.exit_code == 0, lint.output


def test_cases_for_a_misspelt_pack_name_the_pack_they_are_beside(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "course").exit_code == 0
    cases = tmp_path / "course" / "tests.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("pack: course\n", "pack: cours\n"), encoding="utf-8")
    result = run("test", "course")
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        "error: course/tests.yaml:6:7: /pack: these cases are for pack 'cours', which 'course' does not extend "
        "(did you mean 'course'?)"
    )
