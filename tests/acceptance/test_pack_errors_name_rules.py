"""A pack's errors inside a rule name the rule by its id, beside its pointer and line:column: an instructor with
forty rules reads 'in rule 'csp-coordination'', not only '/rules/17/then/0' to count down to. Run as a person
runs it: the installed `amity`, in a fresh folder, on a pack file written there."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

AMITY = Path(sys.executable).parent / "amity"

#: two rules broken in the schema's eyes, one in the load's (a source no pack declares), a rule whose id is
#: malformed and one without an id: those two are located by their position alone
PACK = """\
pack: named-errors
version: 0.1.0
description: A course's pack with broken rules.
rules:
  - id: crisis-coordination
    description: A partner in a crisis is coordinated with.
    rationale: Coordination follows a crisis in this reading.
    source: {citation: "Someone, A book, 2001."}
    when:
      recent_crisis: true
    then:
      - finding: crisis_coordination
  - id: csp-coordination
    description: Coordination in a crisis makes hedging.
    rationale: A partner coordinated with in a crisis is hedged against.
    source: {citation: "Someone, A book, 2001."}
    when:
      all:
        - finding: crisis_coordination
        - partner_in_conflict: maybe
    then:
      - hedging: true
  - id: entrapment-named-threat
    description: A named threat with a partner in conflict is a high risk of entrapment.
    rationale: The partner's conflicts become the party's own.
    source: {ref: notes, section: Risks}
    when:
      partner_in_conflict: true
    then:
      - risk: entrapment
        rating: high
        reason: The partner is in a conflict.
        extra: 1
  - id: Bad Id
    description: A rule whose id is malformed.
    rationale: Its id cannot name it.
    source: {citation: "Someone, A book, 2001."}
    when:
      summits: sometimes
    then:
      - hedging: true
  - description: A rule without an id.
    rationale: Nothing names it.
    source: {citation: "Someone, A book, 2001."}
    when:
      recent_crisis: maybe
    then:
      - hedging: true
"""

#: each error, as the load reports it: where, then the rule's name where its id is readable (the last four: a
#: rule whose id is malformed or missing is named by its position alone, no name guessed)
LOAD_ERRORS = [
    "pack.yaml:20:32: /rules/1/when/all/1/partner_in_conflict: in rule 'csp-coordination': "
    "expected true or false, got 'maybe' (write true or false)",
    "pack.yaml:26:19: /rules/2/source/ref: in rule 'entrapment-named-threat': cites unknown source 'notes' "
    "(declare it under 'sources')",
    "pack.yaml:33:9: /rules/2/then/0/extra: in rule 'entrapment-named-threat': unknown key 'extra' "
    "(expected one of: finding, level, risk, rating, reason, hedging)",
    "pack.yaml:34:9: /rules/3/id: 'Bad Id' is not of the expected form: lower-case letters, digits, '_' and '-', "
    "beginning with a letter (did you mean 'bad-id'?)",
    "pack.yaml:39:16: /rules/3/when/summits: unknown value 'sometimes'; expected one of: none, irregular, annual",
    "pack.yaml:42:5: /rules/4: missing required key 'id' (add id: stable id, lower case with dashes)",
    "pack.yaml:46:22: /rules/4/when/recent_crisis: expected true or false, got 'maybe' (write true or false)",
]


def amity(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(AMITY), *args], cwd=folder, capture_output=True, text=True, timeout=300)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    if not AMITY.exists():
        pytest.skip("amity is not installed beside this Python")
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "profile.yaml").write_text("parties: [AAA, BBB]\nas_of: 2024\nrecent_crisis: true\n", encoding="utf-8")
    return tmp_path


def _errors(text: str, head: str) -> list[str]:
    return [line.removeprefix(head) for line in text.splitlines() if line.startswith(head)]


def _as_expected(told: list[str]) -> None:
    assert told == LOAD_ERRORS, "\n".join(told)


@pytest.mark.parametrize("command", [["assess", "--pack", "pack.yaml", "profile.yaml"], ["test", "pack.yaml"]])
def test_loading_a_broken_pack_names_each_broken_rule(folder, command):
    result = amity(folder, *command)
    assert result.returncode == 1, result.stderr  # a broken rule pack (amity --help: exit codes)
    assert result.stdout == ""
    _as_expected(_errors(result.stderr, "error: "))
    assert result.stderr.endswith(f"{len(LOAD_ERRORS)} errors\n")


def test_lint_names_each_broken_rule_and_says_so_in_json(folder):
    result = amity(folder, "pack", "lint", "pack.yaml")
    assert result.returncode == 1, result.stderr  # lint found errors (amity pack lint --help: exit codes)
    told = [
        line.replace(" AP001 error:", "").replace(" AP002 error:", "")
        for line in result.stdout.splitlines()
        if " error: " in line
    ]
    _as_expected(told)
    data = json.loads(amity(folder, "pack", "lint", "pack.yaml", "--format", "json").stdout)
    named = [(d["pointer"], d["rule"]) for d in data["diagnostics"] if d["severity"] == "error"]
    assert named == [
        ("/rules/1/when/all/1/partner_in_conflict", "csp-coordination"),
        ("/rules/2/source/ref", "entrapment-named-threat"),
        ("/rules/2/then/0/extra", "entrapment-named-threat"),
        ("/rules/3/id", None),
        ("/rules/3/when/summits", None),
        ("/rules/4", None),
        ("/rules/4/when/recent_crisis", None),
    ]
    # the message itself is as it was: the name is the rule's field, beside the pointer
    assert all("in rule" not in d["message"] for d in data["diagnostics"])
