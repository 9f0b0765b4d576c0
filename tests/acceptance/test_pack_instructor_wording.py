"""What an instructor reads of a pack that extends core: numbers in messages, risk conclusions in `pack doc`,
disabled rules (why, in lint, doc, diff and coverage), and a test-cases file given where its pack belongs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from amity.cli.main import main
from click.testing import CliRunner

HEAD = """\
pack: course
version: 0.1.0
description: Core, read for a course.
extends: core
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, cases: str | None = None) -> None:
    monkeypatch.chdir(tmp_path)
    Path("course").mkdir()
    Path("course/pack.yaml").write_text(HEAD + text, encoding="utf-8")
    if cases is not None:
        Path("course/tests.yaml").write_text("pack: course\ncases:\n" + cases, encoding="utf-8")


# --------------------------------------------------------------------------- numbers in messages

UNREACHABLE = """\
rules:
  - id: course-huge-ratio
    description: A huge power ratio is a high risk of asymmetry.
    rationale: Testing how lint writes large numbers in what it says.
    source: {citation: "Course notes, week 3"}
    when:
      all:
        - power_ratio: {ge: 1234567}
        - power_ratio: {lt: 20000}
    then:
      - risk: asymmetry
        rating: high
        reason: The parties are far apart.
"""


def test_lint_writes_large_numbers_in_full_grouped_by_thousands(tmp_path, monkeypatch):
    write_pack(tmp_path, monkeypatch, UNREACHABLE)
    result = run("pack", "lint", "course")
    assert result.exit_code == 1, result.output
    assert "AP102" in result.output
    # it read 'at least 1.23457e+06 and below 20000': rounded, and not grouped
    assert "power_ratio cannot be at least 1,234,567 and below 20,000 at once" in result.output


def test_a_label_too_long_to_read_gives_its_length_grouped_by_thousands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    label = "Strategic " * 1200 + "Partnership"
    Path("p.yaml").write_text(f'parties: [AAA, BBB]\ndeclared_label: "{label}"\n', encoding="utf-8")
    result = run("assess", "p.yaml")
    assert result.exit_code == 0, result.output
    assert f"grammar/too-long: the label has {len(label):,} characters" in result.output
    assert "12,011 characters" in result.output


def test_pack_doc_writes_large_numbers_grouped_by_thousands(tmp_path, monkeypatch):
    write_pack(tmp_path, monkeypatch, UNREACHABLE)
    result = run("pack", "doc", "course")
    assert result.exit_code == 0, result.output
    assert "- **When** a power ratio of at least 1,234,567 and a power ratio of less than 20,000" in result.output


# --------------------------------------------------------------------------- risk conclusions in pack doc

OVERRIDE = """\
rules:
  - id: entrapment-consultation-in-conflict
    override: true
    description: A duty to consult with a partner in a conflict is a high risk of entrapment.
    rationale: Consultation with a belligerent drags a party in as surely as a pledge.
    source: {citation: "Walt, The Origins of Alliances (1987), ch. 2"}
    when:
      all:
        - defense_commitment: {in: [consultation, mutual_defense]}
        - partner_in_conflict: true
    then:
      - risk: entrapment
        rating: high
        reason: "A party must consult with a partner at war."
      - risk: fragility
        rating: moderate
        reason: EU sanctions strain the tie.
"""


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_pack_doc_goes_on_after_a_risks_rating_in_lower_case(tmp_path, monkeypatch, fmt):
    write_pack(tmp_path, monkeypatch, OVERRIDE)
    args = ["-o", "course.html"] if fmt == "html" else []
    result = run("pack", "doc", "course", *args)
    assert result.exit_code == 0, result.output
    page = Path("course.html").read_text(encoding="utf-8") if fmt == "html" else result.output
    # the rule's own conclusions: a clause after the colon (an acronym kept), no full stop before the ';'
    assert (
        "entrapment risk is high: a party must consult with a partner at war; "
        "fragility risk is moderate: EU sanctions strain the tie"
    ) in page
    # and the core rule it overrides, as the doc quotes it
    assert "entrapment risk is moderate: a party must consult with, or has pledged to defend," in page
    assert "risk is high: A" not in page and "risk is moderate: A" not in page


# --------------------------------------------------------------------------- disabled rules: why, and coverage

WHY = "Our course reads mixed values as no strain on their own."

OWN_RULE = """\
rules:
  - id: course-threat-in-conflict
    description: Cooperation aimed at a named threat, with a partner in a conflict, is a high risk of entrapment.
    rationale: Balancing against a named threat makes the partner's conflicts a party's own.
    source: {citation: "Walt, The Origins of Alliances (1987), p. 17"}
    when:
      all:
        - third_party_orientation: named_threat
        - partner_in_conflict: true
    then:
      - risk: entrapment
        rating: high
        reason: The cooperation is aimed at a named threat and the partner is in a conflict.
"""

CASES = """\
  - name: threat-in-conflict
    facts: {parties: [AAA, BBB], third_party_orientation: named_threat, partner_in_conflict: true}
    expect: {fired: [course-threat-in-conflict]}
"""


def disabling(items: str) -> str:
    return f"disable: {items}\n" + OWN_RULE


def test_a_disable_states_its_rationale_and_lint_warns_where_one_has_none(tmp_path, monkeypatch):
    write_pack(
        tmp_path,
        monkeypatch,
        disabling(
            f'[{{id: fragility-mixed-values, rationale: "{WHY}"}}, fragility-recent-crisis, {{id: easy-exit}}, '
            '{id: fragility-diverging-values, rationale: "  "}]'
        ),
        CASES,
    )
    result = run("pack", "lint", "course", "--format", "json")
    assert result.exit_code == 0, result.output  # warnings only: the rationale is optional
    found = [(d["code"], d["pointer"], d["message"]) for d in json.loads(result.output)["diagnostics"]]
    assert found == [
        ("AP201", "/disable/1", "rule 'fragility-recent-crisis' is disabled without a rationale"),
        ("AP201", "/disable/2", "rule 'easy-exit' is disabled without a rationale"),
        (
            "AP201",
            "/disable/3/rationale",
            "rule 'fragility-diverging-values' is disabled without a rationale: it is blank",
        ),
    ]
    strict = run("pack", "lint", "course", "--strict")
    assert strict.exit_code == 1
    assert (
        "course/pack.yaml:5:112: /disable/1: AP201 warning: rule 'fragility-recent-crisis' is disabled without a "
        "rationale (say why the pack switches it off: write {id: fragility-recent-crisis, rationale: ...} in place "
        "of the id)"
    ) in strict.output
    assert "add 'rationale: ...' beside its id" in strict.output


def test_a_pack_whose_disables_all_state_a_rationale_lints_clean_under_strict(tmp_path, monkeypatch):
    write_pack(tmp_path, monkeypatch, disabling(f'[{{id: fragility-mixed-values, rationale: "{WHY}"}}]'), CASES)
    result = run("pack", "lint", "course", "--strict")
    assert result.exit_code == 0, result.output


def test_a_rule_disabled_twice_in_two_forms_is_one_error_at_the_second(tmp_path, monkeypatch):
    write_pack(
        tmp_path,
        monkeypatch,
        disabling(f'[fragility-mixed-values, {{id: fragility-mixed-values, rationale: "{WHY}"}}]'),
    )
    result = run("pack", "lint", "course")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if " error: " in line]
    assert errors == [
        "course/pack.yaml:5:40: /disable/1/id: AP005 error: disables 'fragility-mixed-values' twice: also at "
        "course/pack.yaml:5:11 (list each rule once)"
    ]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_pack_doc_shows_why_each_rule_is_disabled(tmp_path, monkeypatch, fmt):
    write_pack(
        tmp_path,
        monkeypatch,
        disabling(f'[{{id: fragility-mixed-values, rationale: "{WHY}"}}, fragility-recent-crisis]'),
    )
    args = ["-o", "course.html"] if fmt == "html" else []
    result = run("pack", "doc", "course", *args)
    assert result.exit_code == 0, result.output
    page = Path("course.html").read_text(encoding="utf-8") if fmt == "html" else result.output
    if fmt == "markdown":
        assert "| rule | what it concluded from what | why this pack disables it |" in page
        assert (
            f"| `fragility-mixed-values` | A non-binding framework between parties with mixed values is moderately "
            f"fragile. | {WHY} |" in page
        )
        assert (
            "| `fragility-recent-crisis` | A recent crisis strains a non-binding framework. | (no rationale given) |"
            in page
        )
    else:
        assert "<th>why this pack disables it</th>" in page
        assert (
            f"<td><code>fragility-mixed-values</code></td><td>A non-binding framework between parties with mixed "
            f"values is moderately fragile.</td><td>{WHY}</td>" in page
        )
        assert "<td>(no rationale given)</td>" in page


def test_pack_diff_shows_why_a_rule_is_disabled_in_each_format(tmp_path, monkeypatch):
    write_pack(
        tmp_path,
        monkeypatch,
        disabling(f'[{{id: fragility-mixed-values, rationale: "{WHY}"}}, fragility-recent-crisis]'),
    )
    text = run("pack", "diff", "core", "course").output
    assert (
        f"Rules removed:\n  fragility-mixed-values (disabled): rationale {WHY}\n  fragility-recent-crisis (disabled)\n"
        in text
    )
    md = run("pack", "diff", "core", "course", "--format", "markdown").output
    assert f"- `fragility-mixed-values` (disabled): rationale {WHY}\n- `fragility-recent-crisis` (disabled)\n" in md
    data = json.loads(run("pack", "diff", "core", "course", "--format", "json").output)["rules"]
    assert data["disabled"] == ["fragility-mixed-values", "fragility-recent-crisis"]
    assert data["disabled_rationales"] == {"fragility-mixed-values": WHY, "fragility-recent-crisis": None}


def test_coverage_lists_the_rules_a_pack_disables_apart_from_those_it_covers(tmp_path, monkeypatch):
    write_pack(
        tmp_path,
        monkeypatch,
        disabling(f'[{{id: fragility-mixed-values, rationale: "{WHY}"}}, fragility-recent-crisis]'),
        CASES,
    )
    result = run("test", "course", "--coverage", "--fail-under", "100")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "coverage of course: 100.0% (1/1 rules fired, no lexicon or grammar entries of its own that decide a label)",
        "  rules it disables, neither covered nor uncovered: fragility-mixed-values, fragility-recent-crisis",
        "1 passed, 0 failed",
    ]
    # and the library's coverage, as a program reads it
    from amity.engine.packtest import run_pack

    assert run_pack("course").coverage().as_dict()["rules"] == {
        "total": 1,
        "uncovered": [],
        "disabled": ["fragility-mixed-values", "fragility-recent-crisis"],
    }


def test_pack_diff_on_a_dataset_groups_its_counts_by_thousands(tmp_path, monkeypatch):
    write_pack(tmp_path, monkeypatch, disabling(f'[{{id: fragility-mixed-values, rationale: "{WHY}"}}]'))
    rows = "".join(f"r{i},AAA;BBB,joint_statement,mixed\n" for i in range(1200))
    Path("many.csv").write_text("id,parties,legal_basis,shared_values\n" + rows, encoding="utf-8")
    text = run("pack", "diff", "core", "course", "--on", "many.csv").output
    # it read '1,200 rows: 1200 assessed with both packs' and '(1200)'
    assert "  1,200 rows: 1,200 assessed with both packs, 0 with errors; 1,200 rows change\n" in text
    assert "  fragility risk     1,200  moderate → undecided (low or moderate) (1,200)\n" in text
    md = run("pack", "diff", "core", "course", "--on", "many.csv", "--format", "markdown").output
    assert "| fragility risk | 1,200 | moderate → undecided (low or moderate) (1,200) |" in md


# --------------------------------------------------------------------------- `amity test` given a file of cases alone


CORE_CASE = """\
  - name: no-framework
    facts: {parties: [AAA, BBB], legal_basis: none}
    expect: {level: none}
"""


@pytest.mark.parametrize(
    ("where", "named", "pack"),
    [
        ("lone/tests.yaml", "course", "course"),  # a folder named as the pack, beside the file's folder
        ("course-cases.yaml", "course", "course"),  # in the working folder
        ("lone/core-cases.yaml", "core", "core"),  # a bundled pack
        ("course/extra/more.yaml", "course", "course"),  # under the pack's own folder
    ],
)
def test_amity_test_on_a_cases_file_alone_says_how_to_run_it_with_its_pack(tmp_path, monkeypatch, where, named, pack):
    write_pack(tmp_path, monkeypatch, OWN_RULE, CASES)
    Path(where).parent.mkdir(parents=True, exist_ok=True)
    cases = CORE_CASE if named == "core" else CASES
    Path(where).write_text(f"pack: {named}\ncases:\n" + cases, encoding="utf-8")
    result = run("test", where)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        f"error: {where}:3:3: /cases: '{where}' holds the test cases of pack '{named}', not a pack "
        f"(run them with their pack: amity test {pack} --cases {where})"
    ]
    assert run("test", pack, "--cases", where).exit_code == 0  # as told, they run


def test_amity_test_on_a_cases_file_whose_pack_is_nowhere_near_names_the_pack_to_give(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("tests.yaml").write_text("pack: elsewhere\ncases:\n" + CASES, encoding="utf-8")
    result = run("test", "tests.yaml")
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        "error: tests.yaml:3:3: /cases: 'tests.yaml' holds the test cases of pack 'elsewhere', not a pack "
        "(run them with their pack: amity test PACK --cases tests.yaml, where PACK is the folder of pack "
        "'elsewhere'; or save the file as tests.yaml in that folder)"
    ]


def test_a_disable_of_a_rule_the_base_pack_lacks_is_one_error_not_also_a_missing_rationale(tmp_path, monkeypatch):
    write_pack(tmp_path, monkeypatch, disabling("[fragility-mixed-value]"))
    result = run("pack", "lint", "course")
    assert result.exit_code == 1
    assert [line.split(": ", 2)[1:] for line in result.output.splitlines() if "/disable/" in line] == [
        [
            "/disable/0",
            "AP002 error: disables 'fragility-mixed-value', which the base pack does not have "
            "(did you mean 'fragility-mixed-values'?)",
        ]
    ]


def test_pack_diff_of_two_packs_disabling_a_rule_for_other_reasons_says_so(tmp_path, monkeypatch):
    """It said 'The packs have the same rules, grammar and lexicon.', though pack doc says otherwise of them."""
    write_pack(tmp_path, monkeypatch, disabling(f'[{{id: fragility-mixed-values, rationale: "{WHY}"}}, easy-exit]'))
    Path("v2").mkdir()
    Path("v2/pack.yaml").write_text(
        HEAD + disabling('[{id: fragility-mixed-values, rationale: "Week 5 says so."}, easy-exit]'), encoding="utf-8"
    )
    text = run("pack", "diff", "course", "v2").output
    assert text.splitlines()[2:] == [
        "Disabled rules changed:",
        f"  fragility-mixed-values: rationale {WHY} → Week 5 says so.",
    ]
    data = json.loads(run("pack", "diff", "course", "v2", "--format", "json").output)["rules"]
    assert data["disabled_changed"] == [
        {"id": "fragility-mixed-values", "changes": [{"aspect": "rationale", "old": WHY, "new": "Week 5 says so."}]}
    ]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_pack_doc_says_how_many_of_the_base_rules_it_overrides_and_disables(tmp_path, monkeypatch, fmt):
    """'2 rules of its own' counted the override among them, and said nothing of the rules disabled."""
    write_pack(
        tmp_path, monkeypatch, disabling("[fragility-mixed-values, easy-exit]") + OVERRIDE.removeprefix("rules:\n")
    )
    args = ["-o", "course.html"] if fmt == "html" else []
    result = run("pack", "doc", "course", *args)
    assert result.exit_code == 0, result.output
    page = Path("course.html").read_text(encoding="utf-8") if fmt == "html" else result.output
    bold = "" if fmt == "html" else "**"
    assert (
        f"2 rules of its own. It extends the {bold}core{bold} pack (1.0.0), overriding 1 and disabling 2 of its rules."
        in page
    )


def test_amity_test_groups_its_counts_by_thousands(tmp_path, monkeypatch):
    rules = "".join(
        f"""\
  - id: course-r{i}
    description: Rule {i}.
    rationale: One of many rules, to count them.
    source: {{citation: "Course notes"}}
    when: {{power_ratio: {{ge: 2}}}}
    then: [{{finding: course_f{i}}}]
"""
        for i in range(1001)
    )
    case = "  - name: c{i}\n    facts: {{parties: [AAA, BBB], power_ratio: 3}}\n"
    write_pack(tmp_path, monkeypatch, "limits: {max_firings: 5000}\nrules:\n" + rules)
    Path("course/tests.yaml").write_text(
        "pack: course\ncases:\n" + "".join(case.format(i=i) for i in range(1001)), encoding="utf-8"
    )
    result = run("test", "course")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "1,001 errors"  # no case has its expect; it read '1001 errors'
    expect = "    expect: {findings: [course_f0, course_f1000]}\n"
    Path("course/tests.yaml").write_text("pack: course\ncases:\n" + case.format(i=0) + expect, encoding="utf-8")
    result = run("test", "course", "--coverage")
    assert result.exit_code == 0, result.output
    # it read '1001/1001 rules fired'
    assert "coverage of course: 100.0% (1,001/1,001 rules fired, " in result.output
    # and '1001 passed', of as many cases (on core, whose cases are cheaper to run than on 1,001 rules more)
    Path("many").mkdir()
    Path("many/pack.yaml").write_text("pack: many\nversion: 0.1.0\ndescription: Many cases.\nextends: core\n")
    quiet = "  - name: q{i}\n    facts: {{parties: [AAA, BBB], legal_basis: none}}\n    expect: {{level: none}}\n"
    Path("many/tests.yaml").write_text("pack: many\ncases:\n" + "".join(quiet.format(i=i) for i in range(1001)))
    result = run("test", "many")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1,001 passed, 0 failed"


def test_the_scaffold_shows_how_to_disable_a_rule_and_say_why(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "my-course").exit_code == 0
    pack = Path("my-course/pack.yaml")
    text = pack.read_text(encoding="utf-8")
    example = "# disable:\n#   - id: a-rule-of-core\n#     rationale: Why the course leaves this conclusion out.\n"
    assert example in text
    pack.write_text(
        text.replace(example, f"disable:\n  - id: fragility-mixed-values\n    rationale: {WHY}\n").replace(
            "Replace with the joint statement that announced the designation (parties, year).",
            "Joint Statement of AAA and BBB on their Strategic Partnership, 12 May 2019.",
        ),
        encoding="utf-8",
    )
    result = run("pack", "lint", "my-course", "--strict")
    assert result.exit_code == 0, result.output
    assert "| `fragility-mixed-values` | A non-binding framework" in run("pack", "doc", "my-course").output
    assert run("pack", "new", "solo", "--extends", "").exit_code == 0
    assert "disable" not in Path("solo/pack.yaml").read_text(encoding="utf-8")  # nothing to disable without a base
