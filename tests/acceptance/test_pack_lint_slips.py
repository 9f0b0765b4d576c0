"""Slips a new instructor makes in a scaffolded pack, as `amity pack lint` reports them when run as a program:
'extends' misspelt, a rule's `then:` indented under its `when:`, a key written twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

#: a second rule beside the scaffold's, citing core's source and testing one of core's findings
SECOND_RULE = """\
  - id: course-substance-framed
    description: Strategic substance is framed in the course's terms.
    rationale: The course reads substance as the ground of every other finding it draws.
    source:
      ref: seed
      section: Why States Choose Partnerships Over Alliances
      quote: "1. Risk management Alliances can drag states into unwanted conflicts (entrapment)."
    when:
      finding: strategic_substance
    then:
      - finding: course_framed

"""


def amity(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "amity.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def scaffold(tmp_path: Path) -> Path:
    """A pack as `amity pack new` writes it, with a second rule that leans on core: its source and a finding."""
    made = amity(tmp_path, "pack", "new", "course")
    assert made.returncode == 0, made.stderr
    pack = tmp_path / "course" / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    assert "extends: core\n" in text and "\nlexicon:\n" in text
    pack.write_text(text.replace("\nlexicon:\n", "\n" + SECOND_RULE + "lexicon:\n"), encoding="utf-8")
    return pack


def edit(pack: Path, old: str, new: str, *, first: bool = False) -> None:
    """Replace old, written once in the pack (or, with ``first``, its first place) by new."""
    text = pack.read_text(encoding="utf-8")
    assert text.count(old) == 1 or (first and old in text), old
    pack.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(pack: Path, more: str) -> None:
    pack.write_text(pack.read_text(encoding="utf-8") + more, encoding="utf-8")


def lint(tmp_path: Path) -> tuple[int, list[str]]:
    done = amity(tmp_path, "pack", "lint", "course")
    assert not done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines()


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if " error: " in line]


def test_the_scaffold_with_its_second_rule_lints_without_errors(tmp_path):
    """The pack the other tests break is sound: each error they see is the slip's."""
    scaffold(tmp_path)
    code, lines = lint(tmp_path)
    assert code == 0, lines
    assert errors(lines) == []


# --------------------------------------------------------------------------- 'extends' misspelt


@pytest.mark.parametrize("written", ["extend: core", "extnds: core", "Extends: core"])
def test_extends_misspelt_is_one_error_not_also_the_sources_and_findings_core_would_give(tmp_path, written):
    """`extend: core` gave its own error and four more: 'cites unknown source seed (declare it under sources)' three
    times and 'tests finding strategic_substance, which no rule concludes (add a rule that concludes it)', advice
    that follows the typo, where `extends: cor` gave the one error."""
    pack = scaffold(tmp_path)
    edit(
        pack,
        '      citation: "Replace with the joint statement that announced the designation (parties, year)."\n',
        "      ref: seed\n      section: Why States Choose Partnerships Over Alliances\n"
        '      quote: "1. Risk management Alliances can drag states into unwanted conflicts (entrapment)."\n',
    )
    assert errors(lint(tmp_path)[1]) == []
    key = written.split(":")[0]
    edit(pack, "extends: core\n", written + "\n")
    code, lines = lint(tmp_path)
    assert code == 1
    assert errors(lines) == [
        f"course/pack.yaml:10:1: /{key}: AP001 error: unknown key '{key}' (did you mean 'extends'?)"
    ], lines
    assert lines[-1] == "course: 1 error, 0 warnings, 1 info"


def test_extends_misspelt_still_reports_the_errors_that_are_the_pack_s_own(tmp_path):
    """Only what the base pack would have given is held back: a rule id used twice, a rule without a
    description, are errors whatever the base."""
    pack = scaffold(tmp_path)
    edit(pack, "extends: core\n", "extend: core\n")
    edit(pack, "  - id: course-substance-framed\n", "  - id: course-threat-in-conflict\n")
    edit(pack, "    description: Strategic substance is framed in the course's terms.\n", "")
    _, lines = lint(tmp_path)
    said = [line.split(": AP", 1)[1] for line in errors(lines)]
    assert said == [
        "001 error: unknown key 'extend' (did you mean 'extends'?)",
        "001 error: in rule 'course-threat-in-conflict': missing required key 'description' (add description: one "
        "line: what the rule concludes from what)",
        "005 error: rule id 'course-threat-in-conflict' is used twice: also at course/pack.yaml:15:9 "
        "(give each its own id)",
    ], lines


def test_extends_misspelt_is_not_told_to_add_extends_where_it_disables_overrides_or_names_core_s_marks(tmp_path):
    """With 'extend: core', a disable said "'disable' needs 'extends': there is no base pack (add 'extends: core')",
    an override "overrides nothing: the pack extends no pack", and a rung "names the tier mark 'all_round', which no
    tier word adds": the pack has the line that gives them, misspelt."""
    pack = scaffold(tmp_path)
    edit(pack, "  - id: course-threat-in-conflict\n", "  - id: threat-directed\n    override: true\n")
    append(
        pack,
        "disable:\n  - id: entrapment-forward-presence\n    rationale: The course reads it otherwise.\n"
        "designations:\n  rungs:\n    - id: course-rung\n      marks: [all_round, coordination]\n"
        "      level: comprehensive_strategic_partnership\n      effect: claims the comprehensive strategic rung\n"
        '      source: {citation: "Course notes, week 3"}\n',
    )
    edit(pack.with_name("tests.yaml"), "fired: [course-threat-in-conflict]", "fired: [threat-directed]")
    assert errors(lint(tmp_path)[1]) == []  # all three are sound where the pack extends core
    edit(pack, "extends: core\n", "extend: core\n")
    _, lines = lint(tmp_path)
    assert [line.split(": AP", 1)[1] for line in errors(lines)] == [
        "001 error: unknown key 'extend' (did you mean 'extends'?)"
    ], lines


def test_a_key_no_likelier_to_be_extends_than_another_holds_nothing_back(tmp_path):
    """'notes: core' is not 'extends' misspelt: the pack extends nothing, and what it cites and tests is unknown."""
    pack = scaffold(tmp_path)
    edit(pack, "extends: core\n", "notes: core\n")
    said = [line.split(": AP", 1)[1] for line in errors(lint(tmp_path)[1])]
    assert said[0] == "001 error: unknown key 'notes' (did you mean 'tests'?)", said
    assert said[1:] == [
        "002 error: in rule 'course-threat-in-conflict': cites unknown source 'seed' (declare it under 'sources')",
        "002 error: in rule 'course-substance-framed': cites unknown source 'seed' (declare it under 'sources')",
        "004 error: rule 'course-substance-framed' tests finding 'strategic_substance', which no rule concludes "
        "(add a rule that concludes it, or fix the name)",
    ], said


# --------------------------------------------------------------------------- then: under when:


def test_then_indented_under_when_is_told_to_stand_like_when(tmp_path):
    """`then:` under `when:` gave three errors: "missing required key 'then'", "a condition has exactly one key,
    got 2: all, then (wrap them in 'all:' ... or 'any:')" (wrong advice) and "unknown field 'then'" with no hint."""
    pack = scaffold(tmp_path)
    edit(
        pack,
        "        - partner_in_conflict: true\n    then:\n      - risk: entrapment\n        rating: high\n"
        "        reason: The cooperation",
        "        - partner_in_conflict: true\n      then:\n        - risk: entrapment\n          rating: high\n"
        "          reason: The cooperation",
    )
    code, lines = lint(tmp_path)
    assert code == 1
    assert errors(lines) == [
        "course/pack.yaml:29:7: /rules/0/when/then: AP001 error: in rule 'course-threat-in-conflict': unknown field "
        "'then' ('then' belongs to the rule, not its condition: indent 'then:' like 'when:')"
    ], lines
    assert "wrap them in 'all:'" not in "\n".join(lines)


def test_a_rule_s_key_under_when_beside_two_fields_says_to_move_it_and_to_wrap_the_fields(tmp_path):
    """Where the condition has two keys of its own as well, wrapping them is right advice: said with the move."""
    pack = scaffold(tmp_path)
    edit(
        pack,
        "    when:\n      finding: strategic_substance\n",
        "    when:\n      finding: strategic_substance\n      partner_in_conflict: true\n      priority: 5\n",
    )
    said = [line.split(": AP", 1)[1] for line in errors(lint(tmp_path)[1])]
    assert said == [
        "001 error: in rule 'course-substance-framed': a condition has exactly one key, got 3: finding, "
        "partner_in_conflict, priority (indent 'priority:' like 'when:' (the rule's, not the condition's), and wrap "
        "finding, partner_in_conflict in 'all:' (every one must hold) or 'any:' (one suffices))",
        "001 error: in rule 'course-substance-framed': unknown field 'priority' ('priority' belongs to the rule, not its "
        "condition: indent 'priority:' like 'when:')",
    ], said


# --------------------------------------------------------------------------- a key written twice


def test_a_key_written_twice_is_reported_with_every_other_problem_of_the_pack(tmp_path):
    """Two `when:` in one rule were reported alone ('duplicate key when'): a rule id used twice came out only once
    that was fixed, where lint reports every problem at once."""
    pack = scaffold(tmp_path)
    edit(
        pack,
        "    when:\n      finding: strategic_substance\n",
        "    when:\n      finding: strategic_substance\n    when:\n      finding: framework\n",
    )
    edit(pack, "  - id: course-substance-framed\n", "  - id: course-threat-in-conflict\n")
    code, lines = lint(tmp_path)
    assert code == 1
    assert errors(lines) == [
        "course/pack.yaml:34:9: /rules/1/id: AP005 error: rule id 'course-threat-in-conflict' is used twice: also at "
        "course/pack.yaml:15:9 (give each its own id)",
        "course/pack.yaml:43:5: /rules/1/when: AP001 error: in rule 'course-threat-in-conflict': duplicate key 'when' "
        "(keep one of them)",
    ], lines


def test_a_key_written_twice_at_the_top_is_reported_with_the_rules_problems(tmp_path):
    pack = scaffold(tmp_path)
    edit(pack, "version: 0.1.0\n", "version: 0.1.0\nversion: 0.2.0\n")
    edit(pack, "    source:\n      ref: seed\n", "    source:\n      ref: sead\n", first=True)
    code, lines = lint(tmp_path)
    assert code == 1
    assert errors(lines) == [
        "course/pack.yaml:7:1: /version: AP001 error: duplicate key 'version' (keep one of them)",
        "course/pack.yaml:23:12: /rules/0/source/ref: AP002 error: in rule 'course-threat-in-conflict': cites unknown "
        "source 'sead' (did you mean 'seed'?)",
    ], lines


def test_rules_written_twice_do_not_make_the_findings_of_the_second_list_unconcluded(tmp_path):
    """The second 'rules:' is left out: a rule of the first that tests a finding only the second concludes was
    told 'tests finding ..., which no rule concludes (did you mean ...?)', about rules the author did write."""
    pack = scaffold(tmp_path)
    edit(pack, "    then:\n      - finding: course_framed\n", "    then:\n      - hedging: true\n")
    append(
        pack,
        "rules:\n  - id: course-framed\n    description: Framed.\n    rationale: Framed, as the course reads it.\n"
        '    source: {citation: "Course notes, week 3"}\n    when:\n      partner_in_conflict: true\n'
        "    then:\n      - finding: strategic_substance\n",
    )
    edit(pack, "extends: core\n", "")
    code, lines = lint(tmp_path)
    assert code == 1
    assert [line.split(": AP", 1)[1] for line in errors(lines)] == [
        "002 error: in rule 'course-threat-in-conflict': cites unknown source 'seed' (declare it under 'sources')",
        "002 error: in rule 'course-substance-framed': cites unknown source 'seed' (declare it under 'sources')",
        "001 error: duplicate key 'rules' (keep one of them)",
    ], lines
