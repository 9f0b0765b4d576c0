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
