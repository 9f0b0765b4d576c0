"""`amity pack new | lint | doc | diff` end to end, and the china-ladder pack they built."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from amity.cli.main import main
from amity.engine import load_pack
from amity.engine.packdoc import render
from amity.engine.scaffold import PLACEHOLDER_CITATIONS, PROFILE, new_pack
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
PACKS = ROOT / "tests" / "example-files" / "packs"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def scaffold(tmp_path, monkeypatch):
    """A scaffolded pack in a folder outside the repository."""
    monkeypatch.chdir(tmp_path)
    result = run("pack", "new", "my-course")
    assert result.exit_code == 0, result.output
    return tmp_path / "my-course"


# --------------------------------------------------------------------------- new


REAL_CITATION = "Joint Statement of AAA and BBB on their Strategic Partnership, Capital City, 12 May 2019."


def replace_placeholders(folder: Path) -> None:
    pack = folder / "pack.yaml"
    text = pack.read_text()
    for placeholder in PLACEHOLDER_CITATIONS:
        text = text.replace(placeholder, REAL_CITATION)
    pack.write_text(text)


def test_scaffold_lints_without_errors_and_passes_its_cases_with_full_coverage(scaffold):
    assert run("pack", "lint", str(scaffold)).exit_code == 0
    replace_placeholders(scaffold)
    assert run("pack", "lint", str(scaffold), "--strict").exit_code == 0
    result = run("test", str(scaffold), "--fail-under", "100")
    assert result.exit_code == 0, result.output
    assert "PASS my-course_threat-in-conflict" in result.output


def test_scaffold_without_a_base_pack_lints_clean_and_passes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "solo", "--extends", "").exit_code == 0
    assert "extends" not in yaml.safe_load((tmp_path / "solo" / "pack.yaml").read_text())
    assert run("pack", "lint", "solo").exit_code == 0
    replace_placeholders(tmp_path / "solo")
    assert run("pack", "lint", "solo", "--strict").exit_code == 0
    assert run("test", "solo", "--fail-under", "100").exit_code == 0


@pytest.mark.parametrize("extends", ["core", ""])
def test_every_placeholder_citation_of_the_scaffold_is_flagged_until_replaced(tmp_path, monkeypatch, extends):
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "my-course", "--extends", extends).exit_code == 0
    lines = (tmp_path / "my-course" / "pack.yaml").read_text().splitlines()
    where = [
        (n, placeholder)
        for n, line in enumerate(lines, 1)
        for placeholder in PLACEHOLDER_CITATIONS
        if placeholder in line
    ]
    assert {placeholder for _, placeholder in where} == set(PLACEHOLDER_CITATIONS)
    result = run("pack", "lint", "my-course", "--strict", "--format", "json")
    assert result.exit_code == 1
    flagged = [(d["line"], d["message"]) for d in json.loads(result.output)["diagnostics"] if d["code"] == "AP202"]
    assert [line for line, _ in flagged] == [n for n, _ in where]
    for (_, message), (_, placeholder) in zip(flagged, where, strict=True):
        assert f"the citation '{placeholder}' is a placeholder" in message
    replace_placeholders(tmp_path / "my-course")  # a real citation passes
    clean = run("pack", "lint", "my-course", "--strict")
    assert clean.exit_code == 0 and "0 errors, 0 warnings" in clean.output, clean.output


def test_scaffold_editor_support_works_outside_the_repository(scaffold):
    first = (scaffold / "pack.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=schemas/pack.schema.json"
    assert (
        (scaffold / "tests.yaml").read_text().startswith("# yaml-language-server: $schema=schemas/packtest.schema.json")
    )
    settings = json.loads((scaffold / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    for schema, globs in settings.items():
        assert (scaffold / schema).is_file(), schema
        assert globs
    assert "pack.yaml" in settings["./schemas/pack.schema.json"]
    # the copies are the schemas amity checks with, and they check the scaffold's files
    from jsonschema import Draft202012Validator

    for name, data_file in (
        ("pack", "pack.yaml"),
        ("packtest", "tests.yaml"),
        ("relationship", PROFILE),
    ):
        schema = json.loads((scaffold / "schemas" / f"{name}.schema.json").read_text())
        assert schema == json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text())
        Draft202012Validator(schema).validate(yaml.safe_load((scaffold / data_file).read_text()))


def test_the_scaffold_readme_refreshes_every_schema_the_scaffold_writes(scaffold, monkeypatch):
    """The README told the instructor to refresh three of the six schemas in schemas/ (those the editor maps):
    after an upgrade the other three went stale. Each command, run from the pack's folder with its output
    written where it says, gives back the file the scaffold wrote."""
    monkeypatch.chdir(scaffold)
    readme = Path("README.md").read_text(encoding="utf-8")
    block = readme.split("After\nupgrading amity", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    refreshed = {}
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        assert words[:2] == ["amity", "schema"] and words[3] == ">" and len(words) == 5, line
        result = run(*words[1:3])
        assert result.exit_code == 0, result.output
        refreshed[words[4]] = result.output
    written = sorted(str(p.relative_to(scaffold)) for p in (scaffold / "schemas").iterdir())
    assert sorted(refreshed) == written
    for path, text in refreshed.items():
        assert json.loads(text) == json.loads(Path(path).read_text(encoding="utf-8")), path


def test_scaffold_profile_assesses(scaffold):
    result = run("assess", str(scaffold / PROFILE), "--pack", str(scaffold))
    assert result.exit_code == 0, result.output
    assert "Example Strategic Partnership" in result.output


def _readme_commands(readme: str) -> list[list[str]]:
    block = readme.split("From this folder:", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("extends", ["core", ""])
def test_every_command_of_the_scaffold_readme_runs_as_written(tmp_path, monkeypatch, extends):
    """From the pack's folder, as the README says; with a base pack, the README also compares with it."""
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "my-course", "--extends", extends).exit_code == 0
    monkeypatch.chdir(tmp_path / "my-course")
    commands = _readme_commands(Path("README.md").read_text(encoding="utf-8"))
    assert [c[:3] for c in commands if c[:3] == ["amity", "pack", "diff"]] == (
        [["amity", "pack", "diff"]] if extends else []
    )
    assert len(commands) >= 4
    for command in commands:
        assert command[0] == "amity"
        result = run(*command[1:])
        assert result.exit_code == 0, f"{shlex.join(command)}\n{result.output}"
    assert Path("my-course.html").is_file()


@pytest.mark.parametrize(("name", "extends"), [("x", ""), ("my-course", "core"), ("a-much-longer-course-name", "core")])
def test_the_scaffold_readme_keeps_its_comments_in_one_column(tmp_path, monkeypatch, name, extends):
    """The pack's name is in a command: the comments after it stood out of line (the diff's always did)."""
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", name, "--extends", extends).exit_code == 0
    readme = (tmp_path / name / "README.md").read_text(encoding="utf-8")
    block = readme.split("From this folder:", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commented = [line for line in block.splitlines() if "#" in line]
    assert len(commented) == (4 if extends else 3) and len(block.splitlines()) == len(commented) + 1, block
    assert len({line.index("#") for line in commented}) == 1, block
    assert all(re.search(r"\S {3,}# \S", line) for line in commented), block


def test_the_scaffold_writes_no_file_called_a_scenario_that_is_not_one(tmp_path, monkeypatch):
    """'scenario' means a quiz file: the profile the scaffold writes is under profiles/, and quiz says it is none."""
    monkeypatch.chdir(tmp_path)
    made = new_pack("my-course")
    assert not [p for p in made.files if p.suffix == ".yaml" and any("scenario" in part for part in p.parts)]
    assert (tmp_path / "my-course" / PROFILE).is_file()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["pack", "new", "My Course"], "not a pack name"),
        (["pack", "new", "x", "--extends", "nope"], "no rule pack 'nope'"),
    ],
)
def test_scaffold_bad_usage_exits_2(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert words in result.output


@pytest.mark.parametrize("name", ["core", "china-ladder"])
def test_scaffold_refuses_a_bundled_packs_name(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = run("pack", "new", name)
    assert result.exit_code == 2
    assert f"'{name}' is the name of a bundled pack" in result.output
    assert f"e.g. 'my-{name}'" in result.output
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(
    ("name", "suggested"), [("Core", "my-core"), ("./core", "my-core"), ("My Course", "my-course")]
)
def test_a_name_that_is_no_pack_name_is_given_one_it_would_take(tmp_path, monkeypatch, name, suggested):
    monkeypatch.chdir(tmp_path)
    result = run("pack", "new", name)
    assert result.exit_code == 2 and f"(e.g. '{suggested}')" in result.output
    assert run("pack", "new", suggested).exit_code == 0  # the suggestion is taken


def test_scaffold_next_step_names_the_new_folder_not_a_bundled_pack(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("pack", "new", "my-course", "china-ladder")  # a folder named like a bundled pack
    assert result.exit_code == 0, result.output
    hint = result.output.splitlines()[-1]
    assert hint == "next: amity pack lint ./china-ladder && amity test ./china-ladder --coverage"
    tested = run("test", "./china-ladder", "--coverage")
    assert "coverage of my-course: 100.0%" in tested.output, tested.output
    plain = run("pack", "new", "other-course")
    assert plain.output.splitlines()[-1] == "next: amity pack lint other-course && amity test other-course --coverage"


def test_a_pack_named_like_the_pack_it_extends_is_refused_not_linted_as_its_base(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "my-course").exit_code == 0
    pack = tmp_path / "my-course" / "pack.yaml"
    pack.write_text(pack.read_text().replace("pack: my-course", "pack: core"))
    result = run("pack", "lint", "./my-course")
    assert result.exit_code == 1
    assert "AP101" not in result.output  # core's own rules are not blamed on the pack that extends it
    assert re.search(
        r"my-course/pack.yaml:5:7: /pack: AP005 error: pack 'core' has the name of a pack it extends", result.output
    )
    assert "give it a name of its own, e.g. 'my-core'" in result.output


def test_scaffold_refuses_a_folder_that_is_not_empty(scaffold):
    result = run("pack", "new", "my-course")
    assert result.exit_code == 2 and "already exists and is not empty" in result.output


# --------------------------------------------------------------------------- lint


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("extends: coer\nrules: []\n", "my-course"),  # it does not load at all
        ("extends: core\nrules: [{id: r1}]\n", "my-course"),  # it loads in part: lint checks the rest
        ("extends: core\nrules: [\n", "my-course/pack.yaml"),  # not YAML: no name to read
    ],
    ids=["not-loaded", "partly-loaded", "not-yaml"],
)
def test_lint_heads_a_pack_that_does_not_load_by_its_name_where_its_file_gives_one(tmp_path, monkeypatch, text, head):
    """The summary of a pack with errors was headed by its file ('my-course/pack.yaml: 1 error'), of one that loads
    by its name; its file stays in the lines that locate each problem."""
    monkeypatch.chdir(tmp_path)
    Path("my-course").mkdir()
    Path("my-course/pack.yaml").write_text(
        "pack: my-course\nversion: 0.1.0\ndescription: A course's pack.\n" + text, encoding="utf-8"
    )
    result = run("pack", "lint", "my-course")
    assert result.exit_code == 1
    *located, summary = result.output.splitlines()
    assert located and all(line.startswith("my-course/pack.yaml:") for line in located)
    assert summary.startswith(f"{head}: ") and " error" in summary
    data = json.loads(run("pack", "lint", "my-course", "--format", "json").output)
    assert data["pack"] == (None if head.endswith(".yaml") else head) and data["path"] == "my-course/pack.yaml"


@pytest.mark.parametrize("command", [["test"], ["pack", "doc"], ["pack", "diff", "core"]])
def test_a_pack_s_load_errors_are_told_in_the_order_of_its_file(tmp_path, monkeypatch, command):
    """The schema's errors came first, then the others: a rule id used twice on line 12 after a value on line 18."""
    monkeypatch.chdir(tmp_path)
    Path("my-course").mkdir()
    rule = (
        "  - id: {id}\n    description: A rule.\n    rationale: Why it holds.\n    source: {{citation: Notes}}\n"
        "    when: {{recent_crisis: {value}}}\n    then: [{{hedging: true}}]\n"
    )
    Path("my-course/pack.yaml").write_text(
        "pack: my-course\nversion: 0.1.0\ndescription: A course's pack.\nextends: core\nrules:\n"
        + rule.format(id="r1", value="true")
        + rule.format(id="r1", value="false")
        + rule.format(id="r3", value="yes"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, [*command, "my-course"], catch_exceptions=False)
    assert result.exit_code == 1
    where = [line.split(": ")[1] for line in result.output.splitlines() if line.startswith("error: ")]
    assert where == ["my-course/pack.yaml:12:9", "my-course/pack.yaml:22:27"], result.output


def test_lint_exit_codes_text_and_json():
    clean = run("pack", "lint", "core")
    assert clean.exit_code == 0 and clean.output.strip() == "core: 0 errors, 0 warnings, 0 infos"
    error = run("pack", "lint", str(PACKS / "ap102-never-fires"))
    assert error.exit_code == 1
    assert re.search(r"ap102-never-fires/pack.yaml:17:7: /rules/1/when: AP102 error: ", error.output)
    warning = PACKS / "ap101-unused-finding"
    assert run("pack", "lint", str(warning)).exit_code == 0
    assert run("pack", "lint", str(warning), "--strict").exit_code == 1
    data = json.loads(run("pack", "lint", str(PACKS / "ap302-non-monotonic"), "--format", "json").output)
    assert data["diagnostics"][0]["code"] == "AP302"
    assert run("pack", "lint", "no-such-pack").exit_code == 2


SEVERAL_MISTAKES = """\
pack: several
version: 0.1.0
description: A pack with a schema error, a cycle of findings and a duplicate rule id.
rules:
  - id: a
    description: A concludes x from y.
    rationale: Because y supports x in this reading.
    when:
      finding: y
    then:
      - finding: x
  - id: b
    description: B concludes y from x.
    rationale: Because x supports y in this reading.
    source: {citation: "Someone, A book, 2001."}
    when:
      finding: x
    then:
      - finding: y
      - level: partnership
  - id: b
    description: B again.
    rationale: A second rule under the id of the one before.
    source: {citation: "Someone, A book, 2001."}
    when:
      legal_basis: memorandum
    then:
      - level: partnership
"""


def test_lint_reports_schema_errors_and_the_checks_they_do_not_stop_in_one_run(tmp_path):
    (tmp_path / "several").mkdir()
    (tmp_path / "several" / "pack.yaml").write_text(SEVERAL_MISTAKES)
    result = run("pack", "lint", str(tmp_path / "several"), "--format", "json")
    assert result.exit_code == 1
    found = [(d["code"], d["line"], d["column"], d["pointer"]) for d in json.loads(result.output)["diagnostics"]]
    assert found == [
        ("AP001", 5, 5, "/rules/0"),  # missing source
        ("AP003", 5, 5, "/rules/0"),  # x -> y -> x
        ("AP006", 12, 5, "/rules/1"),  # the level checks wait: the rules b conclude a level
        ("AP006", 12, 5, "/rules/1"),  # whether the first b can fire waits for a (its finding x)
        ("AP005", 21, 9, "/rules/2/id"),  # b used twice
    ]


def test_a_schema_error_in_a_rule_does_not_invent_an_unconcluded_finding(tmp_path):
    """A rule the schema rejects still counts for what it plainly concludes: no AP004 at its finding's testers."""
    text = SEVERAL_MISTAKES.replace(
        "      finding: y\n    then:\n      - finding: x",
        "      finding: y\n    then:\n      - finding: x\n        levle: alliance",
    )
    text = text.replace("  - id: b\n    description: B again.", "  - id: c\n    description: B again.")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "pack.yaml").write_text(text.replace("      finding: y\n", "      legal_basis: memorandum\n", 1))
    codes = [
        d["code"]
        for d in json.loads(run("pack", "lint", str(tmp_path / "p"), "--format", "json").output)["diagnostics"]
    ]
    # the missing source, the unknown key; x is concluded by rule a. The checks of the rest run (AP101: no rule
    # tests b's finding y), and what waits for rule a is said (AP006)
    assert codes == ["AP001", "AP001", "AP006", "AP006", "AP101"], codes


def test_disabling_a_rule_whose_finding_others_test_names_them_and_the_fix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "my-course").exit_code == 0
    pack = tmp_path / "my-course" / "pack.yaml"
    pack.write_text(pack.read_text().replace("extends: core\n", "extends: core\ndisable: [treaty-alliance]\n"))
    result = run("pack", "lint", "my-course")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "AP004" in line]
    assert len(errors) == 1, result.output  # one error for one finding, not one per rule that tests it
    (error,) = errors
    assert error.startswith(
        "my-course/pack.yaml:11:11: /disable/0: AP004 error: this stops finding 'alliance_commitment'"
    )
    assert "did you mean" not in error
    testers = [
        r.id for r in load_pack("core").rules if "alliance_commitment" in re.findall(r"finding (\w+)", str(r.when))
    ]
    assert len(testers) == 5
    for rule in testers:
        assert f"'{rule}'" in error
    assert "override rule 'treaty-alliance' instead" in error
    assert "or also disable the rules that test it: " + ", ".join(testers) in error
    # the pack's own rule that tests it is told the same: the name is right
    pack.write_text(
        pack.read_text().replace(
            "- partner_in_conflict: true\n", "- partner_in_conflict: true\n        - finding: alliance_commitment\n", 1
        )
    )
    own = [line for line in run("pack", "lint", "my-course").output.splitlines() if "/rules/0/when" in line]
    assert len(own) == 1 and "AP004" in own[0] and "did you mean" not in own[0], own
    assert "rule 'treaty-alliance' concluded it until this pack disabled it: override it instead" in own[0]


def test_a_cycle_of_extends_is_located_at_the_extends_with_a_fix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, other in (("ca", "cb"), ("cb", "ca"), ("cs", "cs")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pack.yaml").write_text(
            f"pack: {name}\nversion: 1.0.0\ndescription: d\nextends: ../{other}\n"
        )
    result = run("pack", "lint", "ca", "--format", "json")
    assert result.exit_code == 1
    (d,) = json.loads(result.output)["diagnostics"]
    assert (d["code"], d["file"], d["line"], d["column"], d["pointer"]) == ("AP003", "ca/pack.yaml", 4, 10, "/extends")
    assert d["message"] == "packs extend each other in a cycle: ca/pack.yaml -> cb/pack.yaml -> ca/pack.yaml"
    assert "remove the 'extends' of one of them (in cb/pack.yaml, it names ca/pack.yaml)" in d["suggestion"]
    text = run("pack", "lint", "cs").output
    assert text.startswith("cs/pack.yaml:4:10: /extends: AP003 error: packs extend each other in a cycle")
    assert "(a pack cannot extend itself: remove its 'extends', or point it at another pack)" in text


@pytest.mark.parametrize(
    ("text", "line", "tab"),
    [
        ("pack: y\nversion: 1.0.0\ndescription: d\nrules:\n\t- id: x\n", 5, True),  # a tab before a token
        ("pack: y\nversion: 1.0.0\ndescription: d\nrules:\n  - id: x\n\tdescription: y\n", 6, True),
        ("pack: y\nversion: 1.0.0\ndescription: d\nrules: [\n", 5, False),
        ("pack: y\nversion: 1.0.0\ndescription: d: e\n", 3, False),
        ("pack: y\nversion: 1.0.0\nversion: 1.0.1\ndescription: d\n", 3, False),
    ],
)
def test_every_yaml_syntax_error_is_ap001_and_a_tab_says_use_spaces(tmp_path, text, line, tab):
    (tmp_path / "y").mkdir()
    (tmp_path / "y" / "pack.yaml").write_text(text)
    (d,) = json.loads(run("pack", "lint", str(tmp_path / "y"), "--format", "json").output)["diagnostics"]
    assert (d["code"], d["line"]) == ("AP001", line), d
    assert (d["suggestion"] == "indent with spaces, not tabs") is tab, d


def test_a_tab_in_a_cases_file_says_use_spaces(scaffold):
    cases = scaffold / "tests.yaml"
    cases.write_text(cases.read_text().replace("    facts:", "\tfacts:"))
    result = run("test", str(scaffold))
    assert result.exit_code == 2
    assert "malformed YAML" in result.output and "(indent with spaces, not tabs)" in result.output


def test_lint_takes_changed_files_as_pre_commit_passes_them():
    result = run(
        "pack", "lint", str(PACKS / "ap203-quote-not-in-source" / "pack.yaml"), str(PACKS / "ap203-quote-not-in-source")
    )
    assert result.exit_code == 1
    assert result.output.count("AP203") == 1  # one pack, linted once


LONG = "1" + "0" * 5000  # more digits than Python reads into a whole number (4,300)


def test_a_packs_long_number_says_the_bound_of_the_field_it_is_compared_with(tmp_path):
    """A pack's number of 5,000 digits said '(amity reads numbers of up to 4,300 digits)' wherever it was,
    where a profile says its field's bound: a float's range for a field of numbers (found by a helper). A
    whole-number field, a count of items and a priority keep the digits; every problem at once, located."""
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "pack: long\nversion: 0.1.0\ndescription: x\nextends: core\nrules:\n"
        "  - id: long-ratio\n    description: d\n    rationale: r\n"
        "    when:\n      all:\n"
        f"        - power_ratio: {{ge: {LONG}}}\n"
        f"        - trade_dependence: {{in: [0.5, -{LONG}]}}\n"
        f"        - working_groups: {{gt: {LONG}}}\n"
        f"        - sectors: {{size: {{ge: {LONG}}}}}\n"
        "    then: [{finding: unequal_powers}]\n"
        f"    priority: {LONG}\n",
        encoding="utf-8",
    )
    shown = f"{LONG[:57]}... (5,001 digits)"
    said = {
        "/rules/0/when/all/0/power_ratio/ge": f"{shown} (amity reads numbers of up to 1.8e+308)",
        "/rules/0/when/all/1/trade_dependence/in/1": f"-{LONG[:56]}... (5,001 digits) (amity reads numbers of up to 1.8e+308)",
        "/rules/0/when/all/2/working_groups/gt": f"{shown} (amity reads numbers of up to 4,300 digits)",
        "/rules/0/when/all/3/sectors/size/ge": f"{shown} (amity reads numbers of up to 4,300 digits)",
        "/rules/0/priority": f"{shown} (amity reads numbers of up to 4,300 digits)",
    }
    result = run("pack", "lint", str(folder))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "long/pack.yaml:11:29: /rules/0/when/all/0/power_ratio/ge: AP001 error: in rule 'long-ratio': "
        "a number too large to read: " in result.output
    )
    for pointer, words in said.items():
        told = f": {pointer}: AP001 error: in rule 'long-ratio': a number too large to read: {words}"
        assert [line for line in lines if told in line]
    assert "/rules/0: AP001 error: in rule 'long-ratio': missing required key 'source'" in result.output  # others too
    assessed = run("assess", str(ROOT / "examples" / "us-japan.yaml"), "-p", str(folder))
    assert assessed.exit_code == 1
    for pointer, words in said.items():
        assert f"{pointer}: in rule 'long-ratio': a number too large to read: {words}" in assessed.stderr
    assert "4,300 digits" not in " ".join(line for line in assessed.stderr.splitlines() if "power_ratio" in line)


# --------------------------------------------------------------------------- doc


def test_doc_markdown_has_rules_in_english_lexicon_and_graph():
    result = run("pack", "doc", "china-ladder")
    assert result.exit_code == 0
    text = result.output
    assert "# The china-ladder pack (1.0.0)" in text
    assert "### china-all-weather-level" in text
    assert (
        "- **When** " in text
        and "- **Then** the level is at least comprehensive strategic partnership of coordination" in text
    )
    assert "```mermaid\nflowchart LR" in text
    assert "Overrides** the rule of the same id in the core pack" in text
    assert "## Designations" not in text and "## Lexicon" not in text  # china-ladder adds neither


def test_doc_graph_marks_the_findings_a_base_pack_concludes(tmp_path):
    """china-ladder's graph showed core's findings (a framework, a long-term horizon...) with nothing feeding
    them, as if they were facts: each is marked as coming from core, dashed, and the legend says what that means;
    a pack whose rules test no finding of core's has no such mark."""
    text = run("pack", "doc", "china-ladder").output
    assert '  n8("a framework (from core)")' in text and '  n11("a long-term horizon (from core)")' in text, text
    assert "  classDef inherited stroke-dasharray: 4 3\n  class n8,n9,n10,n11 inherited\n```" in text, text
    assert (
        "Facts (left) feed findings, which feed conclusions (right). A finding marked (from core) is concluded by "
        "core's rules, from facts this graph leaves out: see the rules inherited, below." in text
    )
    assert '("comprehensive scope")' in text  # its own findings are not marked
    page = render(load_pack("china-ladder"), "html")
    assert page.count('<g class="finding inherited">') == 4 and page.count('stroke-dasharray="4 3"') == 4
    assert ">a framework (from core)</text>" in page and "is concluded by core&#x27;s rules" in page
    mine = run("pack", "doc", "core").output
    assert "(from " not in mine and "classDef" not in mine


def test_doc_shows_the_packs_own_departures_from_its_sources(tmp_path, monkeypatch):
    """A pack's departures (where it departs from its sources on purpose, and why) were on no page: pack doc
    left them out, for core's five as for an instructor's."""
    monkeypatch.chdir(tmp_path)
    Path("ov").mkdir()
    Path("ov/pack.yaml").write_text(
        OVERRIDES.replace(
            "rules:\n",
            'departures:\n  - id: ov-no-deep-integration\n    source: {citation: "Course notes, week 4"}\n'
            "    decision: The course drops deep integration from the comprehensive tier <on purpose>.\nrules:\n",
        ),
        encoding="utf-8",
    )
    text = run("pack", "doc", "ov").output
    section = text.split("## Where it departs from its sources\n", 1)[1].split("\n## ", 1)[0]
    assert section.strip().splitlines()[2:] == [
        "- **ov-no-deep-integration.** The course drops deep integration from the comprehensive tier &lt;on "
        "purpose&gt;. *Source.* Course notes, week 4"
    ], section  # its own: core's departures are on core's page
    page = render(load_pack("ov"), "html")
    assert (
        "<li><b>ov-no-deep-integration.</b> The course drops deep integration from the comprehensive tier "
        "&lt;on purpose&gt;. <i>Source.</i> Course notes, week 4</li>" in page
    ), page
    core = run("pack", "doc", "core").output
    assert "- **permanent-bodies-count-as-institutions.** The seed contradicts itself" in core
    assert "Where it departs" not in run("pack", "doc", "china-ladder").output  # it has none of its own


def test_doc_says_what_an_override_replaces_and_what_a_disabled_rule_did(tmp_path):
    """A student reading the page saw 'Overrides the rule of the same id in the core pack' without what that
    rule said, and 'Disabled here: `entrapment-forward-presence`', an id alone: what the pack departs from."""
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        """\
pack: course
version: 1.0.0
description: core, with unequal powers from two to one and no entrapment by forward presence.
extends: core
disable: [entrapment-forward-presence]
rules:
  - id: unequal-powers
    override: true
    description: A power ratio of two or more makes the parties unequal.
    rationale: Our course follows the middle-power literature.
    source: {citation: "Cooper, Higgott and Nossal, Relocating Middle Powers (1993)"}
    when: {power_ratio: {ge: 2}}
    then: [{finding: unequal_powers}]
""",
        encoding="utf-8",
    )
    text = run("pack", "doc", str(folder)).output
    assert (
        "- **Overrides** the rule of the same id in the core pack, which read: *when* a power ratio of at least "
        "three, *then* finding: unequal powers (`unequal_powers`)"
    ) in text.splitlines()
    assert (
        "| `entrapment-forward-presence` | Basing rights or an integrated command tie a party's territory and "
        "forces to the partner's operations. | (no rationale given) |"
    ) in text.splitlines()
    page = tmp_path / "course.html"
    assert run("pack", "doc", str(folder), "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert (
        "<b>Overrides</b> the rule of the same id in the core pack, which read: <i>when</i> a power ratio of at "
        "least three, <i>then</i> finding: unequal powers (<code>unequal_powers</code>)</p>"
    ) in html
    assert "<tr><td><code>entrapment-forward-presence</code></td><td>Basing rights or an integrated command" in html


def test_doc_documents_the_grammar_and_the_exact_entries():
    text = run("pack", "doc", "core").output
    assert "- **When** a ratified treaty, a signed treaty, a joint statement or a memorandum" in text  # wording.py
    sections = re.findall(r"^### (.+)$", text.split("## Designations", 1)[1].split("## Lexicon", 1)[0], re.M)
    assert sections[:3] == ["Heads", "Tier words", "Rungs"] and "Sector words" in sections
    assert (
        "| `rung-comprehensive-strategic` | comprehensive, strategic | comprehensive strategic partnership | "
        "claims the comprehensive strategic partnership rung |" in text
    )
    assert "| `tier-strategic` | “strategic” | mark strategic, slot " in text
    assert "| `union-state` | Union State | alliance |" in text


def test_doc_html_is_self_contained(tmp_path):
    out = tmp_path / "core.html"
    assert run("pack", "doc", "core", "-o", str(out)).exit_code == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert not re.search(r"<script|https?://(?!www\.w3\.org/2000/svg)", page)
    assert run("pack", "doc", "core", "-o", str(tmp_path / "core.pdf")).exit_code == 2


def test_doc_calls_a_concluded_finding_by_its_name_as_when_does():
    text = run("pack", "doc", "core").output
    assert "- **When** a framework, multi-sector cooperation" in text  # a finding tested: its name
    assert "- **Then** finding: a framework (`framework`); the level is at least partnership" in text
    assert "- **Then** finding framework" not in text
    page = render(load_pack("core"), "html")
    assert "finding: a framework (<code>framework</code>)" in page


def _path_points(d: str, steps: int = 40) -> list[tuple[float, float]]:
    """Points along an SVG path of M, L and C segments."""
    tokens = re.findall(r"[MLC]|-?[\d.]+,-?[\d.]+", d)
    points: list[tuple[float, float]] = []
    here = (0.0, 0.0)
    i = 0
    while i < len(tokens):
        op = tokens[i]
        xy = [tuple(map(float, t.split(","))) for t in tokens[i + 1 : i + (4 if op == "C" else 2)]]
        if op == "M":
            here = xy[0]
        elif op == "L":
            points += [(here[0] + (xy[0][0] - here[0]) * k / steps, here[1]) for k in range(steps + 1)]
            here = xy[0]
        else:
            (p1, p2, p3), p0 = xy, here
            for k in range(steps + 1):
                t = k / steps
                points.append(
                    tuple(
                        (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t**2 * c + t**3 * e
                        for a, b, c, e in zip(p0, p1, p2, p3, strict=True)
                    )
                )
            here = p3
        i += 4 if op == "C" else 2
    return points


@pytest.mark.parametrize("name", ["core", "china-ladder"])
def test_doc_graph_edges_cross_no_box(name):
    """An edge that skips a column runs below its boxes: it never passes through a box it does not join."""
    page = render(load_pack(name), "html")
    boxes = [
        tuple(map(float, m))
        for m in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', page)
    ]
    paths = re.findall(r'<path d="([^"]+)"', page)
    assert paths and boxes
    skipping = 0
    for d in paths:
        skipping += " L" in d
        for x, y in _path_points(d)[1:-1]:
            inside = [b for b in boxes if b[0] + 1 < x < b[0] + b[2] - 1 and b[1] + 1 < y < b[1] + b[3] - 1]
            assert not inside, f"edge {d} runs through the box at {inside[0]}"
    assert skipping  # the pack has edges that skip a column: the check saw them


@pytest.mark.parametrize("name", ["core", "china-ladder"])
def test_doc_graph_edges_that_skip_a_column_run_a_whole_gap_below_its_boxes(name):
    """The first edge under a column ran half a gap (5 px) below its lowest box, and read as joining it ('defense
    commitment' seemed to feed 'a framework'): it runs a whole gap (10 px) clear of every box it passes under."""
    page = render(load_pack(name), "html")
    boxes = [
        tuple(map(float, m))
        for m in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', page)
    ]
    lanes = [
        (float(xa), float(xb), float(y))
        for d in re.findall(r'<path d="([^"]+)"', page)
        for xa, y, xb, y2 in re.findall(r" ([\d.]+),([\d.]+) L([\d.]+),([\d.]+)", d)
        if y == y2
    ]
    assert lanes  # the pack has edges that skip a column: the check saw them
    for xa, xb, y in lanes:
        under = [b for b in boxes if b[0] < xb and xa < b[0] + b[2] and b[1] < y]
        assert under and all(y - (b[1] + b[3]) >= 10 - 1e-6 for b in under), (xa, xb, y, under)


def test_china_ladder_doc_is_the_generated_one():
    committed = (ROOT / "rules" / "china-ladder" / "DOC.md").read_text(encoding="utf-8")
    assert committed == render(load_pack("china-ladder")), (
        "regenerate: amity pack doc china-ladder -o rules/china-ladder/DOC.md"
    )


# --------------------------------------------------------------------------- diff


def test_diff_of_a_pack_with_itself_is_empty():
    result = run("pack", "diff", "core", "core", "--on", str(ROOT / "data" / "relationships.csv"))
    assert result.exit_code == 0
    assert "The packs have the same rules, grammar and lexicon." in result.output
    assert "; 0 rows change" in result.output


def test_diff_on_a_dataset_that_breaks_off_says_so_and_exits_2(tmp_path):
    """The rows after a break are in neither pack's results: the diff does not pass for a whole one."""
    data = tmp_path / "br.yaml"
    data.write_text("- {id: a, parties: [USA, JPN]}\n- {id: b, parties: [USA, CHN}\n- {id: c, parties: [USA, IND]}\n")
    result = run("pack", "diff", "core", "core", "--on", str(data))
    assert result.exit_code == 2
    assert "2 rows: 1 assessed with both packs, 1 with errors" in result.stdout
    assert f"amity: {data} was not read to its end: the diff covers its first row, then the break (row 2" in (
        result.stderr
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_diff_on_a_dataset_takes_the_reading_options_its_errors_suggest(tmp_path):
    """'state its format [--input-format]', said of a dataset amity cannot name, is an option diff has."""
    result = run("pack", "diff", "core", "core", "--on", "/dev/zero")
    assert result.exit_code == 2 and "cannot tell the format" in result.stderr and "[--input-format]" in result.stderr
    result = run("pack", "diff", "core", "core", "--on", "/dev/zero", "--input-format", "csv")
    assert result.exit_code == 2 and "a line longer than 64 MiB" in result.stderr  # read as CSV, as asked
    data = tmp_path / "rows.data"
    data.write_text((ROOT / "data" / "relationships.csv").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("pack", "diff", "core", "china-ladder", "--on", str(data), "--input-format", "csv")
    assert result.exit_code == 0 and "rows change" in result.stdout
    assert run("pack", "diff", "core", "core", "--delimiter", ";").exit_code == 2  # no dataset to read


def test_diff_names_rules_lexicon_and_rows_that_change():
    data = json.loads(
        run(
            "pack", "diff", "core", "china-ladder", "--on", str(ROOT / "data" / "relationships.csv"), "--format", "json"
        ).output
    )
    assert "china-all-weather-level" in data["rules"]["added"]
    assert {c["id"] for c in data["rules"]["changed"]} == {"comprehensive-scope", "strategic-partnership-level"}
    # china-ladder's designations are read by core's grammar: it adds no exact entry and changes no rung
    assert data["lexicon"] == {"added": [], "removed": [], "changed": []}
    assert data["grammar"] == {"added": [], "removed": [], "changed": []}
    rows = {r["id"]: r for r in data["dataset"]["rows_changed"]}
    pak = rows["chn-pak-2023"]["changes"]
    assert pak["level"]["old"] == "strategic_partnership"
    assert pak["level"]["new"] == "comprehensive_strategic_partnership_of_coordination"
    assert {"rule": "china-all-weather-level", "old": "not in the pack", "new": "fires"} in pak["level"]["because"]
    assert pak["verdict"] == {"old": "inflated", "new": "consistent", "because": []}
    assert data["dataset"]["rows"] == 82 and data["dataset"]["changed"] == len(rows)
    assert data["dataset"]["counts"]["level"] == sum("level" in r["changes"] for r in rows.values())


def test_diff_names_grammar_entries_and_rungs_that_change(tmp_path):
    folder = tmp_path / "rungs"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        """\
pack: rungs
version: 1.0.0
description: core with the all-weather rung one step lower and one more modifier.
extends: core
designations:
  modifiers:
    - {id: modifier-ironclad, words: [ironclad], effect: "says how close the tie is, not which rung it is on"}
  rungs:
    - id: rung-all-weather
      override: true
      marks: [all_weather, strategic]
      level: comprehensive_strategic_partnership
      effect: claims the comprehensive strategic rung
""",
        encoding="utf-8",
    )
    data = json.loads(run("pack", "diff", "core", str(folder), "--format", "json").output)
    assert data["grammar"]["added"] == ["modifier-ironclad"]
    assert data["grammar"]["removed"] == []
    [changed] = data["grammar"]["changed"]
    assert changed["id"] == "rung-all-weather"
    assert {c["aspect"]: (c["old"], c["new"]) for c in changed["changes"]} == {
        "level": ("comprehensive_strategic_partnership_of_coordination", "comprehensive_strategic_partnership"),
        "effect": (
            "claims the coordination rung, where China's all-weather designations rank at the top of its ladder",
            "claims the comprehensive strategic rung",
        ),  # the override cites nothing: what it rests on is gone, and the diff says so
        "source": (changed["changes"][-1]["old"], "(none)"),
    }
    assert changed["changes"][-1]["old"].startswith("China-Pakistan All-Weather Strategic Cooperative Partnership")
    text = run("pack", "diff", "core", str(folder)).output
    assert "Grammar entries and rungs changed:" in text
    assert "rung-all-weather: level comprehensive_strategic_partnership_of_coordination → " in text


ALLIANCE_THEN = "    then:\n      - finding: alliance_commitment\n      - level: alliance\n"


def core_with(tmp_path: Path, name: str, then: str) -> Path:
    """The core pack with the treaty-alliance rule's ``then`` list replaced."""
    folder = tmp_path / name
    shutil.copytree(ROOT / "rules" / "core", folder)  # its tests and seed beside it, as the pack names them
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert text.count(ALLIANCE_THEN) == 1, "core's treaty-alliance concludes its finding, then the alliance"
    (folder / "pack.yaml").write_text(text.replace(ALLIANCE_THEN, then), encoding="utf-8")
    return folder


def test_diff_says_conclusions_only_reordered_apart_from_a_change_of_conclusions(tmp_path):
    """The same conclusions in another order conclude the same, but the trace lists them in the rule's order
    (so the diff does not hide it): 'conclusions reordered', not 'conclusions'; a real change is still one."""
    reordered = core_with(
        tmp_path, "reordered", "    then:\n      - level: alliance\n      - finding: alliance_commitment\n"
    )
    changed = core_with(
        tmp_path, "changed", "    then:\n      - level: strategic_partnership\n      - finding: alliance_commitment\n"
    )
    text = run("pack", "diff", "core", str(reordered)).output
    assert text.splitlines()[2:] == [
        "Rules changed:",
        "  treaty-alliance: conclusions reordered finding alliance_commitment; level alliance → level alliance; "
        "finding alliance_commitment",
    ]
    [rule] = json.loads(run("pack", "diff", "core", str(changed), "-f", "json").output)["rules"]["changed"]
    assert rule == {
        "id": "treaty-alliance",
        "changes": [
            {
                "aspect": "conclusions",
                "old": "finding alliance_commitment; level alliance",
                "new": "level strategic_partnership; finding alliance_commitment",
            }
        ],
    }
    # why the order is reported at all: the trace shows a rule's conclusions in its order
    us_japan = str(ROOT / "examples" / "us-japan.yaml")

    def concluded(pack: str) -> list[dict]:
        trace = json.loads(run("assess", us_japan, "-p", pack, "-f", "json").output)["trace"]
        return next(step["concluded"] for step in trace if step["rule"] == "treaty-alliance")

    assert concluded("core") == [{"finding": "alliance_commitment"}, {"level": "alliance"}]
    assert concluded(str(reordered)) == [{"level": "alliance"}, {"finding": "alliance_commitment"}]


def test_diff_says_a_risks_reason_changed(tmp_path):
    """A risk's reason is in every result and report that rates the risk: a change of it alone is a change
    (it was 'the same rules'), and with a reorder both are said (found by the review)."""
    folder = tmp_path / "reasons"
    shutil.copytree(ROOT / "rules" / "core", folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    old = "reason: The relationship rests on a binding treaty."
    assert text.count(old) == 1
    (folder / "pack.yaml").write_text(text.replace(old, "reason: A treaty binds the parties."), encoding="utf-8")
    [rule] = json.loads(run("pack", "diff", "core", str(folder), "-f", "json").output)["rules"]["changed"]
    [change] = rule["changes"]
    assert change["aspect"] == "reasons changed"
    assert "The relationship rests on a binding treaty." in change["old"]
    assert "A treaty binds the parties." in change["new"] and "The relationship rests" not in change["new"]
    assert "The packs have the same rules" not in run("pack", "diff", "core", str(folder)).output
    # a noun phrase, not 'binding-instrument: reasons fragility ...' (which reads as a verb), and one arrow
    # for old and new in the text and the Markdown alike, as the Markdown's title has it
    said = "reasons changed fragility risk low: The relationship rests on a binding treaty. → fragility risk low: "
    text = run("pack", "diff", "core", str(folder)).output
    assert text.splitlines()[0] == "core 1.0.0 → core 1.0.0"
    assert f"  binding-instrument: {said}A treaty binds the parties." in text.splitlines()
    markdown = run("pack", "diff", "core", str(folder), "-f", "markdown").output
    assert markdown.splitlines()[0] == "# core 1.0.0 → core 1.0.0"
    assert f"- `binding-instrument`: {said}A treaty binds the parties." in markdown.splitlines()
    assert "->" not in text + markdown


def test_diff_markdown_table():
    result = run(
        "pack", "diff", "core", "china-ladder", "--on", str(ROOT / "data" / "relationships.csv"), "--format", "markdown"
    )
    assert "| what changes | rows | from → to (rows) |" in result.output
    assert (
        "| 15 | chn-pak-2023 | level: strategic_partnership → comprehensive_strategic_partnership_of_coordination"
        in result.output
    )


def test_china_ladder_readme_shows_the_current_diff():
    readme = (ROOT / "rules" / "china-ladder" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- diff -->\n```text\n\$ (amity [^\n]*)\n(.*?)```\n<!-- /diff -->", readme, re.S)
    assert block, "the README's diff block is missing"
    args = block.group(1).split()[1:]
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        result = run(*args)
    finally:
        os.chdir(cwd)
    assert result.output == block.group(2), "regenerate the diff in rules/china-ladder/README.md"


def test_a_scaffold_extending_a_scaffold_lints_without_errors(tmp_path, monkeypatch):
    """Each scaffold's ids carry its name, so a pack built on another scaffold repeats none of them."""
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "my-course").exit_code == 0
    assert run("pack", "new", "strict", "--extends", "./my-course").exit_code == 0
    result = run("pack", "lint", "strict")
    assert result.exit_code == 0, result.output
    assert "strict: 0 errors" in result.output


# --------------------------------------------------------------------------- options


def _commands(command, path=("amity",)):
    import click

    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name))
    else:
        yield " ".join(path), command


#: every long option that has a short one somewhere has the same short one everywhere
SHORT = {"--format": "-f", "--output": "-o", "--pack": "-p", "--jobs": "-j", "--verbose": "-v", "--quiet": "-q"}


def test_short_options_are_the_same_in_every_command():
    import click

    seen = set()
    for name, command in _commands(main):
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            for long, short in SHORT.items():
                if long in param.opts:
                    seen.add(long)
                    assert short in param.opts, f"{name} {long} has no {short}"
    assert {"--format", "--output", "--pack", "--jobs"} <= seen


def test_pack_diff_takes_f_as_assess_does():
    result = run("pack", "diff", "core", "china-ladder", "-f", "json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.output), dict)


@pytest.mark.parametrize(
    ("short", "full"), [("csp", "comprehensive_strategic_partnership"), ("SP", "strategic_partnership")]
)
def test_a_level_written_as_its_short_name_is_refused_with_the_full_name(scaffold, short, full):
    """`--why-not csp` and the quiz read short names; a pack and its cases spell the level out, and are told it."""
    pack, cases = scaffold / "pack.yaml", scaffold / "tests.yaml"
    text = pack.read_text().replace("level: strategic_partnership", f"level: {short}")
    pack.write_text(text.replace("    then:\n", f"    then:\n      - level: {short}\n", 1))
    cases.write_text(cases.read_text().replace("declared_level: strategic_partnership", f"declared_level: {short}"))
    result = run("pack", "lint", str(scaffold))
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if f"unknown value '{short}'" in ln]
    assert [ln.split(": AP001 error:")[0].split(": ")[-1] for ln in lines] == [
        "/rules/0/then/0/level",
        "/lexicon/0/level",
    ]
    assert all(f"(did you mean '{full}'? A pack spells levels out; '{short}' is the short name" in ln for ln in lines)
    pack.write_text(pack.read_text().replace(f"level: {short}", f"level: {full}"))
    result = run("test", str(scaffold))
    assert result.exit_code == 2
    assert f"/cases/0/expect/declared_level: unknown value '{short}'" in result.output
    assert f"did you mean '{full}'?" in result.output


@pytest.mark.parametrize("word", ["scaffold", "init", "create", "Create"])
def test_the_words_a_user_tries_for_pack_new_point_at_it(tmp_path, monkeypatch, word):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["pack", word, "my-course"], prog_name="amity", catch_exceptions=False)
    assert result.exit_code == 2
    assert f"Error: No such command '{word}'. Did you mean 'new'? (usage: amity pack new [OPTIONS] NAME [DIR])" in (
        result.output
    )
    assert list(tmp_path.iterdir()) == []  # a hint, not an alias: nothing was written


@pytest.mark.parametrize(
    ("word", "meant", "usage"),
    [
        ("scaffold", "pack new", "[OPTIONS] NAME [DIR]"),
        ("init", "pack new", "[OPTIONS] NAME [DIR]"),
        ("lint", "pack lint", "[OPTIONS] NAME|PATH..."),
        ("doc", "pack doc", "[OPTIONS]"),
        ("diff", "pack diff", "[OPTIONS]"),
    ],
)
def test_the_pack_toolkits_words_at_the_top_level_point_at_its_commands(tmp_path, monkeypatch, word, meant, usage):
    """An instructor types `amity lint` or `amity scaffold`: the error names `amity pack lint` and its usage."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [word, "my-course"], prog_name="amity", catch_exceptions=False)
    assert result.exit_code == 2
    said = f"Error: No such command '{word}'. Did you mean '{meant}'? (usage: amity {meant} {usage}"
    assert said in result.output, result.output
    assert list(tmp_path.iterdir()) == []
    assert "Did you mean 'assess'?" in run("asess", "x").output  # click's own, for a misspelling


def test_a_misspelt_pack_command_keeps_clicks_own_suggestion():
    result = run("pack", "lnt", "core")
    assert result.exit_code == 2
    assert "Error: No such command 'lnt'. Did you mean 'lint'?" in result.output
    assert "No such command 'frobnicate'.\n" in run("pack", "frobnicate").output


def test_diff_markdown_formats_every_id_alike(tmp_path):
    """Rule, grammar and lexicon ids, added, removed or changed, are all code in Markdown (and plain in text)."""
    folder = tmp_path / "ids"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        """\
pack: ids
version: 1.0.0
description: core with one more rule, modifier and lexicon entry, one rule changed and one disabled.
extends: core
disable: [hedging-rival-ties]
rules:
  - id: ids-rule
    description: A ratified treaty frames a partnership.
    rationale: A treaty is one of the instruments that frame a relationship.
    source: {citation: "Drill notes, 2024."}
    when: {legal_basis: ratified_treaty}
    then: [{level: partnership}]
designations:
  modifiers:
    - {id: modifier-ironclad, words: [ironclad], effect: "says how close the tie is, not which rung it is on"}
  rungs:
    - id: rung-all-weather
      override: true
      marks: [all_weather, strategic]
      level: comprehensive_strategic_partnership
      effect: claims the comprehensive strategic rung
lexicon:
  - id: ids-entry
    level: strategic_partnership
    exact: Ironclad Friendship Partnership
    source: {citation: "Drill notes, 2024."}
""",
        encoding="utf-8",
    )
    md = run("pack", "diff", "core", str(folder), "--format", "markdown").output
    for line in ("- `ids-rule`", "- `hedging-rival-ties` (disabled)", "- `modifier-ironclad`", "- `ids-entry`"):
        assert line in md.splitlines(), md
    assert "- `rung-all-weather`: level " in md
    ids = re.findall(r"^- (`?)([a-z][a-z0-9-]*)(`?)(?::|$| \(disabled\)$)", md, re.M)
    assert ids and all(a == b == "`" for a, _, b in ids), ids
    text = run("pack", "diff", "core", str(folder)).output
    assert "  ids-entry\n" in text and "`" not in text
    # a rule the pack switches off is told from one it does not have: 'Rules removed' listed both alike
    assert "Rules removed:\n  hedging-rival-ties (disabled)\n" in text
    data = json.loads(run("pack", "diff", "core", str(folder), "--format", "json").output)
    assert data["rules"]["removed"] == data["rules"]["disabled"] == ["hedging-rival-ties"]
    back = run("pack", "diff", str(folder), "core").output
    assert "Rules removed:\n  ids-rule\n" in back and "(disabled)" not in back


def test_pack_doc_and_lint_agree_their_counts_in_number(scaffold):
    """The scaffold has one rule and one exact lexicon entry of its own, and lints with one warning."""
    doc = run("pack", "doc", str(scaffold)).output
    # what it has, not what it has none of: it read '1 rule, 0 grammar entries and rungs and 1 exact lexicon entry'
    assert "\n1 rule and 1 exact lexicon entry of its own. It extends the **core** pack" in doc
    assert "\n5 rules of its own. It extends" in run("pack", "doc", "china-ladder").output
    assert "38 rules," in run("pack", "doc", "core").output
    assert "12 exact lexicon entries" in run("pack", "doc", "core").output
    lint = run("pack", "lint", str(scaffold)).output
    assert lint.splitlines()[-1] == "my-course: 0 errors, 1 warning, 0 infos"


def test_a_pack_folder_that_cannot_be_written_is_a_located_error(tmp_path, monkeypatch):
    """A name too long for the file system, or a folder where nothing can be made, was an internal error
    (found by a regression trial): a located error, exit 2, with what to do."""
    monkeypatch.chdir(tmp_path)
    result = run("pack", "new", "x" * 300)
    assert result.exit_code == 2 and "internal error" not in result.output
    assert "cannot write the new pack here: File name too long (choose a shorter name)" in result.stderr
    result = run("pack", "new", "my-course", "/proc/no-such-folder")
    assert result.exit_code == 2 and "internal error" not in result.output
    assert "error: /proc/no-such-folder/pack.yaml: cannot write the new pack here:" in result.stderr


def test_pack_test_points_at_amity_test():
    """A pack's cases run at the top level (found by a regression trial: 'No such command' and no hint)."""
    result = CliRunner().invoke(main, ["pack", "test", "core"], prog_name="amity", catch_exceptions=False)
    assert result.exit_code == 2
    assert "No such command 'test'. Did you mean 'amity test'? (usage: amity test [OPTIONS] [NAME|PATH]...)" in (
        result.output
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["pack", "tset", "core"], "No such command 'tset'. Did you mean 'amity test'? (usage: amity test "),
        (["lnt", "core"], "No such command 'lnt'. Did you mean 'pack lint'? (usage: amity pack lint "),
        (["pack", "lnt", "core"], "No such command 'lnt'. Did you mean 'lint'?"),
        # a command cut short is the command it starts, not a synonym like in letters ('int' was 'pack lint')
        (["int"], "No such command 'int'. Did you mean 'interview'?"),
        (["pack", "dif"], "No such command 'dif'. Did you mean 'diff'?"),
    ],
)
def test_a_typo_of_a_subcommand_or_of_a_word_that_points_at_one_gets_a_hint(args, said):
    """'amity pack tset' got a bare 'No such command' where 'amity pack test' is pointed at amity test."""
    result = CliRunner().invoke(main, args, prog_name="amity", catch_exceptions=False)
    assert result.exit_code == 2 and said in result.output, result.output


def test_a_typo_that_starts_no_choice_gets_no_misleading_suggestion():
    """'econ' (economic integration is a field, not a sector) was offered 'education'; a word cut short
    gets the one name it starts."""

    def said(sector: str) -> str:
        result = CliRunner().invoke(
            main, ["interview", "--answers", "-"], input=f"parties: [USA, IND]\nsectors: [{sector}]\n"
        )
        assert result.exit_code == 2
        return result.output

    assert "unknown value 'econ'" in said("econ") and "did you mean" not in said("econ")
    assert said("tech").endswith("(did you mean 'technology'?)\n")


NESTED = """\
pack: nested
version: 0.1.0
description: Conditions nested in one another.
extends: core
rules:
"""


def _nested_rule(rule_id: str, when: str) -> str:
    return (
        f"  - id: {rule_id}\n    description: A nested condition.\n    rationale: How nesting reads.\n"
        f'    source: {{citation: "A. Author, Nesting, 2024"}}\n    when:\n{when}'
        f"    then: [{{risk: fragility, rating: moderate, reason: {rule_id}}}]\n"
    )


@pytest.mark.parametrize(
    ("when", "english"),
    [
        # an 'any' inside an 'all' and an 'all' inside an 'any' read differently
        (
            "      all:\n        - any: [{summits: annual}, {recent_crisis: true}]\n        - shared_values: low\n",
            "(annual summits or a crisis in the last five years) and low shared values",
        ),
        (
            "      any:\n        - all: [{summits: annual}, {recent_crisis: true}]\n        - shared_values: low\n",
            "(annual summits and a crisis in the last five years) or low shared values",
        ),
        # 'not' takes the whole group it is written over, not its first part
        (
            "      all:\n        - exit_costs: high\n"
            "        - not: {all: [{summits: annual}, {recent_crisis: true}]}\n",
            "high exit costs and not (annual summits and a crisis in the last five years)",
        ),
        (
            "      not: {exit_costs: {in: [high, moderate]}}\n",
            "not (high exit costs or moderate exit costs)",
        ),
        # one fact tested two ways, or one of several values, inside the other connective
        (
            "      any:\n        - sectors: {contains: defense, size: {le: 2}}\n        - summits: annual\n",
            "(cooperation on defense and at most two sectors) or annual summits",
        ),
        (
            "      all:\n        - duration: {in: [renewable, fixed_term]}\n        - shared_values: low\n",
            "(a renewable term or a fixed term) and low shared values",
        ),
        (
            "      all:\n        - security_cooperation: {contains_any: [arms_transfers, defense_industry]}\n"
            "        - exit_costs: high\n",
            "(security cooperation through arms transfers or defense industry) and high exit costs",
        ),
    ],
    ids=[
        "any-in-all",
        "all-in-any",
        "not-of-all",
        "not-of-values",
        "two-tests-in-any",
        "values-in-all",
        "items-in-all",
    ],
)
def test_doc_words_a_nested_condition_as_it_is_grouped(tmp_path, monkeypatch, when, english):
    """pack doc is what students read of a rule: 'A or B and C' and 'not A and B' say another condition."""
    monkeypatch.chdir(tmp_path)
    Path("nested").mkdir()
    Path("nested/pack.yaml").write_text(NESTED + _nested_rule("nested-rule", when), encoding="utf-8")
    result = run("pack", "doc", "nested")
    assert result.exit_code == 0, result.output
    assert f"- **When** {english}\n" in result.output


def test_an_empty_mapping_says_one_key_and_the_keys_to_write(tmp_path, monkeypatch):
    """It said 'expected at least 1 keys, got 0', with nothing to write instead."""
    monkeypatch.chdir(tmp_path)
    Path("empty").mkdir()
    when = "      all:\n        - sectors: {}\n        - security_cooperation: {size: {}}\n"
    rule = _nested_rule("empty-rule", when).replace("    then: [{risk: fragility", "    then: [{}]\n#")
    Path("empty/pack.yaml").write_text(NESTED.replace("nested", "empty") + rule, encoding="utf-8")
    result = run("pack", "lint", "empty")
    assert result.exit_code == 1, result.output
    errors = [line.split(": ", 1)[1] for line in result.output.splitlines() if "AP001" in line]
    assert errors == [
        "/rules/0/when/all/0/sectors: AP001 error: in rule 'empty-rule': expected at least 1 key, got 0 "
        "(write one of: contains, contains_any, contains_all, size, known)",
        "/rules/0/when/all/1/security_cooperation/size: AP001 error: in rule 'empty-rule': expected at least 1 key, "
        "got 0 (write one of: eq, ne, lt, le, gt, ge)",
        # a risk's rating and reason go with the risk: not ones to start a conclusion with
        "/rules/0/then/0: AP001 error: in rule 'empty-rule': expected at least 1 key, got 0 "
        "(write one of: finding, level, risk, hedging)",
    ], result.output


def test_what_lint_left_for_later_is_located_at_the_rule_with_errors_and_names_it(tmp_path, monkeypatch):
    """AP006 was at 1:1 '/' when base rules waited too, and said 'a base rule has errors' when none had."""
    monkeypatch.chdir(tmp_path)
    Path("later").mkdir()
    # an id of core's without override: the base rules testing comprehensive scope wait on it
    again = _nested_rule("comprehensive-scope", "      sectors: {size: {ge: 6}}\n").replace(
        "[{risk: fragility, rating: moderate, reason: comprehensive-scope}]", "[{finding: comprehensive_scope}]"
    )
    Path("later/pack.yaml").write_text(NESTED.replace("nested", "later") + again, encoding="utf-8")
    result = run("pack", "lint", "later")
    assert result.exit_code == 1, result.output
    (waits,) = [line for line in result.output.splitlines() if "(AP301)" in line]
    assert waits.startswith("later/pack.yaml:6:5: /rules/0: AP006 info: "), waits
    assert (
        "rules of the base pack that depend on rule 'comprehensive-scope', which has errors, may conclude it" in waits
    )
    # a conclusion that does not read: this rule's own, and base rules testing any finding, wait
    Path("later/pack.yaml").write_text(
        NESTED.replace("nested", "later")
        + _nested_rule("broken-then", "      summits: annual\n").replace(
            "[{risk: fragility, rating: moderate, reason: broken-then}]", "[{}]"
        ),
        encoding="utf-8",
    )
    result = run("pack", "lint", "later")
    waits = [line for line in result.output.splitlines() if "AP006" in line]
    assert waits and all(line.startswith("later/pack.yaml:6:5: /rules/0: AP006 info: ") for line in waits), waits
    assert all("rule 'broken-then' with errors, or depending on one, may conclude it" in line for line in waits)


@pytest.mark.parametrize(
    ("when", "english"),
    [
        ("      trade_dependence: {lt: 0.2}\n", "a trade dependence of less than 0.2"),
        ("      power_ratio: {lt: 2}\n", "a power ratio of less than two"),
        ("      economic_integration: {lt: deep}\n", "less than deep economic integration (a free-trade area or more)"),
        ("      sectors: {size: {lt: 3}}\n", "fewer than three sectors"),  # a count: fewer
        ("      working_groups: {lt: 2}\n", "fewer than two working groups"),
        ("      established: {lt: 1990}\n", "a framework established before 1990"),
        ("      established: {ge: 2013}\n", "a framework established in 2013 or later"),
        ("      as_of: {gt: 2020}\n", "facts dated after 2020"),
        ("      as_of: {le: 2020}\n", "facts dated in 2020 or earlier"),
        ("      not: {not: {finding: non_binding}}\n", "a non-binding instrument"),
    ],
    ids=["share", "ratio", "ordinal", "size", "count", "before", "since", "after", "until", "not-not"],
)
def test_doc_words_a_comparison_as_its_field_is_measured(tmp_path, monkeypatch, when, english):
    """'a trade dependence of fewer than 0.2', 'a framework established in fewer than 1990', 'not no framework'."""
    monkeypatch.chdir(tmp_path)
    Path("nested").mkdir()
    Path("nested/pack.yaml").write_text(NESTED + _nested_rule("compared", when), encoding="utf-8")
    result = run("pack", "doc", "nested")
    assert result.exit_code == 0, result.output
    assert f"- **When** {english}\n" in result.output


def test_lint_finds_the_same_condition_written_in_another_order(tmp_path, monkeypatch):
    """AP104 compared conditions as written: 'any: [B, A]' and 'in: [y, x]' hid a duplicate of 'any: [A, B]', 'in: [x, y]'."""
    monkeypatch.chdir(tmp_path)
    Path("order").mkdir()
    rules = (
        # core's high-level-coordination is any of annual summits and a ministerial mechanism, in that order
        _nested_rule(
            "coordination-again", "      any:\n        - ministerial_dialogues: {ge: 1.0}\n        - summits: annual\n"
        ).replace(
            "[{risk: fragility, rating: moderate, reason: coordination-again}]", "[{finding: high_level_coordination}]"
        )
        + _nested_rule(
            "terms",
            "      all:\n        - duration: {in: [fixed_term, renewable]}\n"
            "        - all: [{shared_values: low}, {recent_crisis: true}]\n",
        )
        + _nested_rule(
            "terms-again",
            "      all:\n        - recent_crisis: true\n        - shared_values: low\n"
            "        - duration: {in: [renewable, fixed_term]}\n",
        ).replace("moderate", "high")
    )
    Path("order/pack.yaml").write_text(NESTED.replace("nested", "order") + rules, encoding="utf-8")
    result = run("pack", "lint", "order")
    same = [line.split(": ", 1)[1] for line in result.output.splitlines() if "AP104" in line]
    assert same == [
        "/rules/0/when: AP104 warning: rule 'coordination-again' has the same condition as rule "
        "'high-level-coordination' (pack 'core') (merge the two rules' conclusions into one rule)",
        "/rules/2/when: AP104 warning: rule 'terms-again' has the same condition as rule 'terms' (pack 'order') "
        "(merge the two rules' conclusions into one rule)",
    ], result.output


COORDINATION_WHEN = "      any:\n        - summits: annual\n        - ministerial_dialogues: {ge: 1}\n"
RATIO_WHEN = "      power_ratio: {ge: 3}\n"


def test_diff_says_conditions_only_reordered_and_nothing_of_a_number_written_another_way(tmp_path):
    """A condition put in another order was 'conditions' changed, as a real change is, and 3 written 3.0 too:
    the same condition holds as often. Reordered, the trace may show another branch of an 'any' matched."""
    folder = tmp_path / "rewritten"
    shutil.copytree(ROOT / "rules" / "core", folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert text.count(COORDINATION_WHEN) == 1 and text.count(RATIO_WHEN) == 1
    text = text.replace(
        COORDINATION_WHEN, "      any:\n        - ministerial_dialogues: {ge: 1}\n        - summits: annual\n"
    )
    (folder / "pack.yaml").write_text(text.replace(RATIO_WHEN, "      power_ratio: {ge: 3.0}\n"), encoding="utf-8")
    result = run("pack", "diff", "core", str(folder))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2:] == [
        "Rules changed:",
        "  high-level-coordination: conditions reordered annual summits or at least one ministerial mechanism"
        " → at least one ministerial mechanism or annual summits",
    ], result.output
    both = tmp_path / "both.yaml"
    both.write_text("parties: [AAA, BBB]\nsummits: annual\nministerial_dialogues: 2\n", encoding="utf-8")

    def matched(pack: str) -> dict:
        trace = json.loads(run("assess", str(both), "-p", pack, "-f", "json").output)["trace"]
        return next(step["matched"]["facts"] for step in trace if step["rule"] == "high-level-coordination")

    assert matched("core") == {"summits": "annual"}  # why the order is said at all: the trace shows it
    assert matched(str(folder)) == {"ministerial_dialogues": 2}


@pytest.mark.parametrize("command", [["assess", "profiles/example.yaml", "--pack"], ["pack", "doc"]])
def test_a_cases_file_given_for_a_pack_is_told_apart(scaffold, monkeypatch, command):
    """A tests.yaml given where a pack is read was read as a pack: 'missing required key version', 'unknown key cases'."""
    monkeypatch.chdir(scaffold)
    result = run(*command, "tests.yaml")
    assert result.exit_code == 2, result.output  # bad input: the pack is not broken, it was not given
    assert result.output.splitlines() == [
        "error: tests.yaml:8:3: /cases: 'tests.yaml' holds the test cases of pack 'my-course', not a pack "
        "(give the pack: pack.yaml, or the folder holding it)",
    ], result.output


OVERRIDES = """\
pack: ov
version: 0.1.0
description: Core, with comprehensive partnerships that need no deep integration.
extends: core
rules:
  - id: comprehensive-level
    override: true
    description: A comprehensive, institutionalized strategic partnership is a comprehensive strategic partnership.
    rationale: Our course does not ask for deep integration of a comprehensive strategic partnership.
    source: {citation: "Course notes, week 4"}
    when:
      all: [{finding: strategic_substance}, {finding: comprehensive_scope}, {finding: institutionalized}]
    then: [{finding: comprehensive_substance}, {level: comprehensive_strategic_partnership}]
  - id: treaty-alliance
    override: true
    name: ratified alliance
    priority: 0
    description: Only a ratified treaty with a mutual defence obligation is an alliance.
    rationale: Our course treats signed but unratified treaties as political commitments.
    source: {citation: "Course notes, week 3"}
    when: {all: [{legal_basis: ratified_treaty}, {defense_commitment: mutual_defense}]}
    then: [{finding: alliance_commitment}, {level: alliance}]
"""


def test_an_override_keeps_the_base_rules_name_and_priority_unless_it_gives_its_own(tmp_path, monkeypatch):
    """An override without a name lost core's: pack diff said 'name comprehensive strategic partnership level →
    (none)', pack doc showed no name, and a verdict reason read 'comprehensive strategic partnership
    (comprehensive level)', the id made words; its priority fell to 0 as silently."""
    monkeypatch.chdir(tmp_path)
    Path("ov").mkdir()
    Path("ov/pack.yaml").write_text(OVERRIDES, encoding="utf-8")
    doc = run("pack", "doc", "ov")
    assert doc.exit_code == 0, doc.output
    section = doc.output.split("### comprehensive-level", 1)[1].split("###", 1)[0]
    assert "- **Name** comprehensive strategic partnership level (as in the core pack)" in section, section
    section = doc.output.split("### treaty-alliance", 1)[1].split("###", 1)[0]
    assert "- **Name** ratified alliance\n" in section and "**Priority**" not in section, section  # its own
    page = render(load_pack("ov"), "html")  # in the page, a line of the rule's list as When and Then are
    assert '<p class="meta"><b>Name</b> comprehensive strategic partnership level (as in the core pack)</p>' in page
    diff = run("pack", "diff", "core", "ov")
    assert [line for line in diff.output.splitlines() if ": name " in line or ": priority " in line] == [
        "  treaty-alliance: priority 10 → 0",
        "  treaty-alliance: name treaty alliance → ratified alliance",
    ], diff.output
    Path("p.yaml").write_text(
        "parties: [AAA, BBB]\nlegal_basis: joint_statement\nsectors: [trade, energy, defense]\nsummits: annual\n"
        "time_horizon: long_term\ndeclared_label: Comprehensive Strategic Partnership\n",
        encoding="utf-8",
    )
    assessed = run("assess", "p.yaml", "--pack", "ov")
    assert assessed.exit_code == 0, assessed.output
    assert (
        "  comprehensive strategic partnership (comprehensive-level): lacks comprehensive scope: " in assessed.output
    ), assessed.output
    Path("ov/pack.yaml").write_text(OVERRIDES.replace("    name: ratified alliance\n    priority: 0\n", ""))
    assert load_pack("ov").rule("treaty-alliance").priority == 10  # kept, as the name is
    assert load_pack("ov").rule("treaty-alliance").name == "treaty alliance"


def test_an_override_without_its_own_description_is_told_it_keeps_only_the_name_and_priority(tmp_path, monkeypatch):
    """An override keeps the replaced rule's name and priority: one without a description or a source was told
    only 'missing required key', and its author could expect core's kept as the name is."""
    monkeypatch.chdir(tmp_path)
    Path("ov").mkdir()
    text = OVERRIDES.replace(
        "    description: A comprehensive, institutionalized strategic partnership is a comprehensive strategic "
        "partnership.\n",
        "",
    ).replace('    source: {citation: "Course notes, week 3"}\n', "")
    Path("ov/pack.yaml").write_text(text, encoding="utf-8")
    result = run("pack", "lint", "ov")
    assert result.exit_code == 1, result.output
    kept = "; an override keeps only the replaced rule's name and priority: its description, rationale and source are its own)"
    missing = [line for line in result.output.splitlines() if "missing required key" in line]
    assert missing == [
        "ov/pack.yaml:6:5: /rules/0: AP001 error: in rule 'comprehensive-level': missing required key 'description' "
        "(add description: one line: what "
        "the rule concludes from what" + kept,
        "ov/pack.yaml:13:5: /rules/1: AP001 error: in rule 'treaty-alliance': missing required key 'source' "
        "(add source: what the rule encodes: a "
        "section of a named source (with a quote), or a citation" + kept,
    ], result.output
    Path("ov/pack.yaml").write_text(text.replace("    override: true\n", ""), encoding="utf-8")  # no override: no word
    assert "an override keeps" not in run("pack", "lint", "ov").output


NOT_A_PACK = (
    "error: profiles/example.yaml: not a rule pack: it has no top-level 'pack:' key; it reads like a "
    "relationship profile (it has 'parties:') (give the pack: pack.yaml, or the folder holding it)"
)


@pytest.mark.parametrize(
    "command",
    [
        ["assess", "profiles/example.yaml", "--pack", "profiles/example.yaml"],
        ["validate", "profiles/example.yaml", "--pack", "profiles/example.yaml"],
        ["interview", "--pack", "profiles/example.yaml"],
        ["quiz", "sorrel-pact", "--pack", "profiles/example.yaml"],
        ["serve", "--pack", "profiles/example.yaml"],
        ["test", "profiles/example.yaml"],
        ["pack", "lint", "profiles/example.yaml"],
        ["pack", "lint", "profiles/example.yaml", "--format", "json"],
        ["pack", "doc", "profiles/example.yaml"],
        ["pack", "diff", "core", "profiles/example.yaml"],
        ["pack", "diff", "profiles/example.yaml", "."],
        ["pack", "new", "other", "--extends", "profiles/example.yaml"],
    ],
)
def test_a_profile_given_as_a_pack_is_bad_input_that_names_the_pack(scaffold, monkeypatch, command):
    """A profile given where a pack belongs exited 1, as a broken pack (lint: 'AP005 error ... 1 error'): it is
    bad input (exit 2), and the pack.yaml above it is the file to give."""
    monkeypatch.chdir(scaffold)
    result = CliRunner().invoke(main, command, input="", catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [NOT_A_PACK], result.output


@pytest.mark.parametrize(
    "command",
    [["pack", "diff", "core", "x.yaml"], ["pack", "diff", "x.yaml", "core"], ["pack", "lint", "x.yaml"],
     ["pack", "doc", "x.yaml"], ["test", "x.yaml"], ["assess", "-p", "x.yaml", "profiles/example.yaml"]],
    ids=["diff-new", "diff-old", "lint", "doc", "test", "assess"],
)  # fmt: skip
@pytest.mark.parametrize(
    ("head", "what"), [(b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\x1f\x8b\x08\x00", "compressed with gzip")]
)
def test_a_picture_or_an_archive_given_as_a_pack_is_bad_input(tmp_path, monkeypatch, command, head, what):
    """It exited 1, as a broken pack, where a profile or an empty file given as a pack is bad input (exit 2):
    it is no pack at all, and the file to give is a pack.yaml."""
    monkeypatch.chdir(tmp_path)
    Path("profiles").mkdir()
    Path("profiles/example.yaml").write_text("parties: [USA, JPN]\n", encoding="utf-8")
    Path("x.yaml").write_bytes(head + bytes(range(256)))
    result = run(*command)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        f"error: x.yaml:1:1: the file is {what}, not text (name a pack.yaml, or a folder holding one)"
    ], result.output


def test_a_folder_of_profiles_given_as_a_pack_names_the_pack_above_it(scaffold, monkeypatch):
    monkeypatch.chdir(scaffold)
    result = run("pack", "lint", "profiles")
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        "error: profiles: folder 'profiles' has no pack.yaml (give the pack: pack.yaml, or the folder holding it)"
    ]


def test_a_pack_that_extends_a_profile_is_a_broken_pack_told_at_its_extends(scaffold, monkeypatch):
    monkeypatch.chdir(scaffold)
    text = Path("pack.yaml").read_text(encoding="utf-8").replace("extends: core", "extends: profiles/example.yaml")
    Path("pack.yaml").write_text(text, encoding="utf-8")
    line = text[: text.index("extends:")].count("\n") + 1
    result = run("pack", "lint", ".")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == (
        f"pack.yaml:{line}:10: /extends: AP005 error: extends profiles/example.yaml: not a rule pack: it has no "
        "top-level 'pack:' key; it reads like a relationship profile (it has 'parties:') (name the pack it builds "
        "on: a bundled pack's name, or the path of a pack.yaml or its folder)"
    ), result.output


def test_diff_on_a_dataset_shows_the_rows_whose_label_claims_another_level(tmp_path):
    """A lexicon change showed only the rows whose verdict changed: 6 of the 19 whose label now claims
    another level (an inflated label that claims more is inflated still). Each names what decided the claim
    under each pack (it named neither)."""
    folder = tmp_path / "relabel"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "pack: relabel\nversion: 0.1.0\ndescription: CSP read as the coordination rung.\nextends: core\n"
        "lexicon:\n  - id: relabel-csp\n    level: comprehensive_strategic_partnership_of_coordination\n"
        '    exact: Comprehensive Strategic Partnership\n    source: {citation: "A. Author, Relabel, 2024"}\n',
        encoding="utf-8",
    )
    result = run("pack", "diff", "core", str(folder), "--on", str(ROOT / "data" / "relationships.csv"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  82 rows: 82 assessed with both packs, 0 with errors; 19 rows change" in lines, result.output
    claimed = [line for line in lines if line.startswith("  claimed level ")]
    assert claimed == [
        "  claimed level        19  comprehensive_strategic_partnership → "
        "comprehensive_strategic_partnership_of_coordination (19)"
    ], result.output
    # what decided the claim under each pack: it was left to find with amity assess and both packs
    assert (
        "  row 18 vnm-rus-2023: claimed level: comprehensive_strategic_partnership → "
        "comprehensive_strategic_partnership_of_coordination (decided by rung-comprehensive-strategic → relabel-csp)"
        in lines
    ), result.output
    data = json.loads(
        run("pack", "diff", "core", str(folder), "--on", str(ROOT / "data" / "relationships.csv"), "-f", "json").output
    )
    assert data["dataset"]["counts"]["claimed level"] == 19
    [row] = [r for r in data["dataset"]["rows_changed"] if r["id"] == "vnm-rus-2023"]
    assert row["changes"]["claimed level"]["decided_by"] == {
        "old": "rung-comprehensive-strategic",
        "new": "relabel-csp",
    }


COURSE = """\
pack: course
version: 0.2.0
description: Core, with renewable terms no sign of fragility and every treaty obligation a high risk.
extends: core
rules:
  - id: entrapment-treaty-obligation
    override: true
    description: A treaty obligation to defend the partner is a high risk of entrapment.
    rationale: The course holds that a treaty obligation drags a party in, at war or not.
    source: {citation: "IR 201 lecture notes, week 5"}
    when: {finding: alliance_commitment}
    then: [{risk: entrapment, rating: high, reason: A treaty obligation drags a party into the partner's wars.}]
disable:
  - id: easy-exit
    rationale: The course does not treat renewable terms as a sign of fragility.
"""


def test_diff_on_a_dataset_names_the_rules_behind_each_change_of_a_row(tmp_path):
    """A row's change said what changed (fragility risk: moderate → low) but not which rule made it change: the
    instructor had to assess the row with both packs and compare their traces. Each change of the level, a risk or
    hedging now names the rules it rests on that do otherwise on the row, and what each did."""
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "pack.yaml").write_text(COURSE, encoding="utf-8")
    data_file = str(ROOT / "data" / "relationships.csv")
    result = run("pack", "diff", "core", str(folder), "--on", data_file)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  row 58 jpn-gbr-2023: fragility risk: moderate → low (easy-exit: fires → disabled)" in lines, result.output
    assert (
        "  row 16 chn-blr-2023: fragility risk: undecided (low or moderate) → low (easy-exit: may fire → disabled)"
        in lines
    ), result.output
    assert (
        "  row 4 usa-aus-2023: entrapment risk: moderate → high "
        "(entrapment-treaty-obligation: fires, concluding moderate → fires, concluding high)" in lines
    ), result.output
    assert any(line.startswith("Rows that change (after a change of the level, a risk or hedging") for line in lines)
    markdown = run("pack", "diff", "core", str(folder), "--on", data_file, "-f", "markdown").output
    assert "| 58 | jpn-gbr-2023 | fragility risk: moderate → low (`easy-exit`: fires → disabled) |" in markdown
    data = json.loads(run("pack", "diff", "core", str(folder), "--on", data_file, "-f", "json").output)
    rows = {r["id"]: r["changes"] for r in data["dataset"]["rows_changed"]}
    assert rows["jpn-gbr-2023"]["fragility risk"]["because"] == [
        {"rule": "easy-exit", "old": "fires", "new": "disabled"}
    ]


SUMMITRY = """\
pack: summitry
version: 0.1.0
description: Core, with only annual summits high-level and a fragility rule that cannot fire.
extends: core
rules:
  - id: high-level-coordination
    override: true
    description: Only annual leaders' summits make coordination high-level.
    rationale: The course reads high-level coordination as summitry alone.
    source: {citation: "IR 201 lecture notes, week 3"}
    when: {summits: annual}
    then: [{finding: high_level_coordination}]
  - id: summitless-fragility
    description: High-level coordination without annual summits is a moderate risk of fragility.
    rationale: Coordination that leaders do not meet to renew is easy to let lapse.
    source: {citation: "IR 201 lecture notes, week 3"}
    when: {all: [{finding: high_level_coordination}, {summits: irregular}]}
    then: [{risk: fragility, rating: moderate, reason: Coordination is high-level but leaders do not meet yearly.}]
disable:
  - id: easy-exit
    rationale: The course does not count a cheap exit as fragility.
"""


def test_diff_on_a_dataset_never_names_a_rule_that_cannot_fire_on_the_row(tmp_path):
    """fra-ind-2024 (summits unknown) said 'fragility risk: undecided (low or moderate) → low (summitless-fragility:
    not in the pack → may fire; high-level-coordination: fires → may fire; easy-exit: may fire → disabled)': a rule
    concluding moderate that no completion of the row fires (it needs summits annual and irregular at once; lint
    says it can never fire), and a rule that feeds only it, named behind a change to low. Now a rule is said to
    maybe fire only when some completion of the row's unknown facts fires it, and a change names only the rules
    that conclude it and fire or may fire on the row, with those they rest on."""
    folder = tmp_path / "summitry"
    folder.mkdir()
    (folder / "pack.yaml").write_text(SUMMITRY, encoding="utf-8")
    lint = run("pack", "lint", str(folder))
    assert "rule 'summitless-fragility' can never fire" in lint.output, lint.output
    result = run("pack", "diff", "core", str(folder), "--on", str(ROOT / "examples" / "dyads-2024.csv"))
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.output.splitlines() if line.startswith("  row 3 fra-ind-2024: ")]
    assert "fragility risk: undecided (low or moderate) → low (easy-exit: may fire → disabled)" in row, row
    assert "summitless-fragility" not in result.output.partition("Rows that change")[2], result.output
    # the level's change still names the override, which may fire on the row (its summits are unknown)
    assert "(strategic-partnership-level: fires → may fire; high-level-coordination: fires → may fire)" in row, row
    [vnm] = [line for line in result.output.splitlines() if line.startswith("  row 9 vnm-chn-2024: ")]
    assert "fragility risk: undecided (low or moderate) → low (easy-exit: may fire → disabled)" in vnm, vnm


def test_diff_on_a_dataset_says_every_error_of_the_rows_it_could_not_compare(tmp_path, monkeypatch):
    """It said '1 with errors' and nothing more: which rows, where and why were left to find."""
    monkeypatch.chdir(tmp_path)
    Path("d.yaml").write_text(
        "- {parties: [USA, JPN], legal_basis: none}\n"
        "- parties: [USA, CHN]\n  legal_basis: none\n  legal_basis: treaty\n"
        "- {parties: [USA, IND], summits: yearly, legal_bases: none}\n",
        encoding="utf-8",
    )
    result = run("pack", "diff", "core", "china-ladder", "--on", "d.yaml")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  3 rows: 1 assessed with both packs, 2 with errors; 0 rows change" in lines, result.output
    start = lines.index("Rows with errors (not compared):")
    assert lines[start + 1] == "  row 2: d.yaml:4:3: /1/legal_basis: duplicate key 'legal_basis' (keep one of them)"
    assert lines[start + 2].startswith("  row 3: d.yaml:5:34: /2/summits: unknown value 'yearly'; expected one of")
    assert lines[start + 3] == (
        "  row 3: d.yaml:5:42: /2/legal_bases: unknown field 'legal_bases' (did you mean 'legal_basis'?)"
    )
    data = json.loads(run("pack", "diff", "core", "china-ladder", "--on", "d.yaml", "-f", "json").output)
    broken = data["dataset"]["rows_with_errors"]
    assert [(b["row"], len(b["errors"])) for b in broken] == [(2, 1), (3, 2)]
    assert broken[0]["errors"][0]["pointer"] == "/1/legal_basis"


def test_a_badly_formed_name_of_a_finding_is_located_at_the_name(tmp_path, monkeypatch):
    """The schema's check of a mapping's keys was located at the mapping (6:3 /findings), not at the key."""
    monkeypatch.chdir(tmp_path)
    Path("names").mkdir()
    Path("names/pack.yaml").write_text(
        NESTED.replace("nested", "names").replace(
            "rules:\n",
            'findings:\n  framework: {name: "a frame", description: "Renamed."}\n'
            '  Bad-Name: {name: "x", description: "y"}\nrules: []\n',
        ),
        encoding="utf-8",
    )
    result = run("pack", "lint", "names")
    first = result.output.splitlines()[0]
    assert first == (
        "names/pack.yaml:7:3: /findings/Bad-Name: AP001 error: 'Bad-Name' is not of the expected form: lower-case "
        "letters, digits, '_' and '-', beginning with a letter (did you mean 'bad-name'?)"
    ), result.output


def test_a_finding_expected_in_any_cases_file_of_the_pack_is_used(tmp_path, monkeypatch):
    """AP101 read the expected findings of tests.yaml only, not of the other files the pack's tests: lists."""
    monkeypatch.chdir(tmp_path)
    Path("files").mkdir()
    rule = _nested_rule("for-readers", "      summits: annual\n").replace(
        "[{risk: fragility, rating: moderate, reason: for-readers}]", "[{finding: summitry}]"
    )
    head = NESTED.replace("nested", "files").replace(
        "extends: core\n", "extends: core\ntests: [tests.yaml, more.yaml]\n"
    )
    Path("files/pack.yaml").write_text(head + rule, encoding="utf-8")
    case = "  - name: {}\n    facts: {{parties: [AAA, BBB], summits: annual}}\n    expect: {}\n"
    Path("files/tests.yaml").write_text("cases:\n" + case.format("fires", "{fired: [for-readers]}"), encoding="utf-8")
    Path("files/more.yaml").write_text("cases:\n" + case.format("read", "{findings: [summitry]}"), encoding="utf-8")
    result = run("pack", "lint", "files", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["files: 0 errors, 0 warnings, 0 infos"], result.output


def test_a_rule_that_waits_on_a_finding_no_rule_can_conclude_is_told_which(tmp_path, monkeypatch):
    """AP102 told a rule testing a finding whose only rule can never fire to 'remove the contradictory tests
    (a field cannot hold two values at once)': it has none."""
    monkeypatch.chdir(tmp_path)
    Path("waits").mkdir()
    waits = _nested_rule("waits", "      all:\n        - finding: never\n        - summits: annual\n")
    never = _nested_rule("concludes-never", "      trade_dependence: {gt: 1}\n").replace(
        "[{risk: fragility, rating: moderate, reason: concludes-never}]", "[{finding: never}]"
    )
    Path("waits/pack.yaml").write_text(NESTED.replace("nested", "waits") + waits + never, encoding="utf-8")
    result = run("pack", "lint", "waits")
    (line,) = [line for line in result.output.splitlines() if "rule 'waits'" in line]
    assert line == (
        "waits/pack.yaml:11:7: /rules/0/when: AP102 error: rule 'waits' can never fire: it needs finding 'never', "
        "which no rule can conclude (rule 'concludes-never' can never fire) "
        "(fix the rules that conclude it, or delete the rule)"
    ), result.output


def test_a_rule_concluding_hedging_false_is_told_why_only_true_is_written(tmp_path, monkeypatch):
    """It said 'expected true, got false', and no more."""
    monkeypatch.chdir(tmp_path)
    Path("hedge").mkdir()
    rule = _nested_rule("no-hedge", "      rival_ties: false\n").replace(
        "[{risk: fragility, rating: moderate, reason: no-hedge}]", "[{hedging: false}]"
    )
    Path("hedge/pack.yaml").write_text(NESTED.replace("nested", "hedge") + rule, encoding="utf-8")
    result = run("pack", "lint", "hedge")
    (line,) = [line for line in result.output.splitlines() if "AP001" in line]
    assert line == (
        "hedge/pack.yaml:12:22: /rules/0/then/0/hedging: AP001 error: in rule 'no-hedge': expected true, got false "
        "(only true: the relationship is used to hedge; hedging is false wherever no rule concludes it, "
        "so a rule concludes nothing to say it is not)"
    ), result.output


def test_a_missing_key_of_a_rule_says_what_to_write(tmp_path, monkeypatch):
    """'missing required key source' said nothing of what a source is."""
    monkeypatch.chdir(tmp_path)
    Path("missing").mkdir()
    rule = _nested_rule("no-source", "      summits: annual\n").replace(
        '    source: {citation: "A. Author, Nesting, 2024"}\n', ""
    )
    Path("missing/pack.yaml").write_text(NESTED.replace("nested", "missing") + rule, encoding="utf-8")
    result = run("pack", "lint", "missing")
    (line,) = [line for line in result.output.splitlines() if "AP001" in line]
    assert line == (
        "missing/pack.yaml:6:5: /rules/0: AP001 error: in rule 'no-source': missing required key 'source' "
        "(add source: what the rule "
        "encodes: a section of a named source (with a quote), or a citation)"
    ), result.output


@pytest.mark.parametrize("written", ["high", "2.5", "[1]"])
def test_a_priority_that_is_no_whole_number_says_what_priority_takes(tmp_path, monkeypatch, written):
    """'priority: high' said 'expected a whole number, got 'high'' and no more: not what a priority does,
    nor how to write one."""
    monkeypatch.chdir(tmp_path)
    Path("ranked").mkdir()
    rule = _nested_rule("ranked", "      summits: annual\n").replace("    when:", f"    priority: {written}\n    when:")
    Path("ranked/pack.yaml").write_text(NESTED.replace("nested", "ranked") + rule, encoding="utf-8")
    for args in (("pack", "lint", "ranked"), ("test", "ranked")):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert (
            "/rules/0/priority: " in result.output
            and "(priority is a whole number, 0 unless given: a rule of higher priority fires before the others of "
            "its layer, e.g. priority: 10)"
            in result.output
        ), result.output


def test_a_missing_source_file_and_an_unknown_tier_mark_say_what_to_do(tmp_path, monkeypatch):
    """Both named the problem with no suggestion."""
    monkeypatch.chdir(tmp_path)
    Path("gaps").mkdir()
    head = NESTED.replace("nested", "gaps").replace(
        "rules:\n",
        "sources:\n  notes: {title: Lecture notes, file: notes.txt}\n"
        "designations:\n  rungs:\n    - id: rung-odd\n      marks: [nonexistent]\n      level: partnership\n"
        '      effect: never reached\n      source: {citation: "A. Author, Odd, 2024"}\nrules: []\n',
    )
    Path("gaps/pack.yaml").write_text(head, encoding="utf-8")
    result = run("pack", "lint", "gaps")
    lines = [line.split(": ", 1)[1] for line in result.output.splitlines() if " error: " in line]
    assert lines == [
        "/sources/notes/file: AP002 error: source file 'notes.txt' not found beside the pack "
        "(put the source's text in gaps/notes.txt, or fix the path)",
        "/designations/rungs/0/marks: AP005 error: rung 'rung-odd' names the tier mark 'nonexistent', which no "
        "tier word adds (add a tier word with mark: nonexistent, or name a mark a tier word adds: all_round, "
        "all_weather, comprehensive, coordination, strategic)",
    ], result.output


def test_a_condition_written_as_a_list_is_told_to_wrap_it_in_all_or_any(tmp_path, monkeypatch):
    """'expected a mapping, got a list', and no more: a list of tests under when is a natural first draft."""
    monkeypatch.chdir(tmp_path)
    Path("listed").mkdir()
    rule = _nested_rule("listed", "      - summits: annual\n      - recent_crisis: true\n")
    Path("listed/pack.yaml").write_text(NESTED.replace("nested", "listed") + rule, encoding="utf-8")
    result = run("pack", "lint", "listed")
    (line,) = [line for line in result.output.splitlines() if "AP001" in line]
    assert line == (
        "listed/pack.yaml:11:7: /rules/0/when: AP001 error: in rule 'listed': expected a mapping, got a list "
        "(wrap the list in 'all:' (every one must hold) or 'any:' (one suffices))"
    ), result.output


def test_diff_says_conditions_in_words_and_as_compiled_where_the_words_read_alike(tmp_path):
    """A changed condition read 'sectors size ge 3 → sectors size ge 4', the evaluator's form, where pack doc
    and the reasons say 'at least three sectors'. A change the words do not show keeps the compiled form."""
    folder = tmp_path / "changed"
    shutil.copytree(ROOT / "rules" / "core", folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert text.count("      sectors: {size: {ge: 3}}\n") == 1 and text.count("      legal_basis: none\n") == 1
    text = text.replace("      sectors: {size: {ge: 3}}\n", "      sectors: {size: {ge: 4}}\n")
    (folder / "pack.yaml").write_text(text.replace("      legal_basis: none\n", "      legal_basis: {in: [none]}\n"))
    result = run("pack", "diff", "core", str(folder))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2:] == [
        "Rules changed:",
        "  no-framework: conditions legal_basis eq none → legal_basis in [none]",
        "  multi-sector-scope: conditions at least three sectors → at least four sectors",
    ], result.output


def test_a_pack_without_test_cases_is_named_as_it_was_given(tmp_path, monkeypatch):
    """A pack with no tests.yaml was named by its absolute path, not as the user gave it."""
    folder = tmp_path / "bare"
    shutil.copytree(ROOT / "rules" / "core", folder)
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("tests: [tests.yaml, seed-audit.yaml]\n", ""))
    for cases in ("tests.yaml", "seed-audit.yaml"):
        (folder / cases).unlink()
    monkeypatch.chdir(tmp_path)
    result = run("test", "bare")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: bare/pack.yaml: pack 'core' has no tests.yaml beside it"), result.output


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("0.1", "write it in quotes, in full: '0.1.0'"),
        ("2", "write it in quotes, in full: '2.0.0'"),
        ("1.2.0", None),  # a number YAML cannot read as one: text already, of the right form
    ],
)
def test_a_version_written_as_a_number_is_told_its_full_form(scaffold, written, hint):
    """version: 0.1 was told to write it in quotes, '0.1', which is no semantic version either: two rounds."""
    pack = scaffold / "pack.yaml"
    pack.write_text(re.sub(r"(?m)^version: .*$", f"version: {written}", pack.read_text(encoding="utf-8")))
    result = run("pack", "lint", str(scaffold))
    if hint is None:
        assert "/version" not in result.output, result.output
    else:
        assert f"/version: AP001 error: expected a string, got {written} ({hint})" in result.output


def test_a_number_where_a_party_code_belongs_is_not_told_to_be_quoted(tmp_path):
    """parties: [840, 392] (numeric country codes) was told to write '840' in quotes, which is no party code."""
    profile = tmp_path / "numeric.yaml"
    profile.write_text("parties: [840, 392]\nlegal_basis: memorandum\n", encoding="utf-8")
    result = run("assess", str(profile))
    assert result.exit_code == 2
    assert "/parties/0: expected a string, got 840 (quoting it is not enough: expected a party code" in result.output


EMPTY_ALL = "      all:\n        - third_party_orientation: named_threat\n        - partner_in_conflict: true\n"
EMPTY_THEN = (
    "    then:\n      - risk: entrapment\n        rating: high\n"
    "        reason: The cooperation is aimed at a named threat and the partner is already in a conflict.\n"
)


@pytest.mark.parametrize(
    ("written", "instead", "said"),
    [
        (
            EMPTY_ALL,
            "      all: []\n",
            "/when/all: AP001 error: in rule 'my-course-threat-in-conflict': expected at least 1 item, got 0 "
            "(list the conditions that must all hold, or remove 'all')",
        ),
        (
            EMPTY_THEN,
            "    then: []\n",
            "/then: AP001 error: in rule 'my-course-threat-in-conflict': expected at least 1 item, got 0 "
            "(list what the rule concludes: a finding, a level, a risk's rating or hedging)",
        ),
    ],
)
def test_an_empty_list_that_needs_items_says_what_to_list(scaffold, written, instead, said):
    """'expected at least 1 item, got 0' said nothing of what the list is for."""
    pack = scaffold / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    assert text.count(written) == 1
    pack.write_text(text.replace(written, instead), encoding="utf-8")
    result = run("pack", "lint", str(scaffold))
    assert said in result.output, result.output


def test_a_rule_named_with_its_words_in_another_order_is_suggested(scaffold):
    """'rival-ties-hedging' for core's 'hedging-rival-ties' got no suggestion: the spelling is far apart."""
    pack = scaffold / "pack.yaml"
    pack.write_text(pack.read_text().replace("extends: core\n", "extends: core\ndisable: [rival-ties-hedging]\n"))
    result = run("pack", "lint", str(scaffold))
    assert result.exit_code == 1
    assert (
        "/disable/0: AP002 error: disables 'rival-ties-hedging', which the base pack does not have "
        "(did you mean 'hedging-rival-ties'?)" in result.output
    )


def test_a_disable_of_a_rule_no_base_has_nor_near_it_names_where_the_base_rules_are_listed(scaffold, monkeypatch):
    """'disables 'no-such-rule', which the base pack does not have' said no more when no id was near it: where to
    find the ids it may disable was left out (core's, and a pack's own that extends a folder)."""
    (scaffold.parent / "child.yaml").write_text(
        "pack: child\nversion: 0.1.0\ndescription: d\nextends: ./my-course\ndisable: [nothing-here]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(scaffold.parent)
    result = run("pack", "lint", "child.yaml")
    assert "(amity pack doc my-course lists the rules it has, by id)" in result.output, result.output
    pack = scaffold / "pack.yaml"
    pack.write_text(pack.read_text().replace("extends: core\n", "extends: core\ndisable: [no-such-rule]\n"))
    result = run("pack", "lint", str(scaffold))
    assert result.exit_code == 1
    assert (
        "/disable/0: AP002 error: disables 'no-such-rule', which the base pack does not have (amity pack doc core "
        "lists the rules it has, by id)" in result.output
    ), result.output


def core_edited(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """The core pack with each (old, new) text replaced once."""
    folder = tmp_path / name
    shutil.copytree(ROOT / "rules" / "core", folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return folder


def test_diff_of_a_rating_alone_says_no_reason_changed(tmp_path):
    """A risk rated otherwise with the same reason is a change of conclusions, not of reasons: the diff said
    'reasons changed' with the same reason on both sides of the arrow."""
    folder = core_edited(
        tmp_path,
        "rating",
        (
            "        rating: low\n        reason: The relationship rests on a binding treaty.",
            "        rating: moderate\n        reason: The relationship rests on a binding treaty.",
        ),
    )
    [rule] = json.loads(run("pack", "diff", "core", str(folder), "-f", "json").output)["rules"]["changed"]
    assert rule["id"] == "binding-instrument"
    assert [c["aspect"] for c in rule["changes"]] == ["conclusions"]
    assert "reasons changed" not in run("pack", "diff", "core", str(folder)).output


def test_diff_says_what_a_rule_says_to_students_changed(tmp_path):
    """A rule's name, description, rationale and source are what pack doc shows and a trace quotes: a pack
    that changes only them is not 'the same rules' (the diff said so, and listed nothing)."""
    folder = core_edited(
        tmp_path,
        "wording",
        ("    name: binding instrument\n", "    name: treaty in force\n"),
        (
            "    description: A signed or ratified treaty binds the parties in law, which guards against collapse "
            "in a crisis.\n",
            "    description: A treaty in force binds the parties in law.\n",
        ),
        (
            '      Strategic partnerships are "deliberately flexible and non-binding,\n'
            '      without the legal obligations of formal treaties".\n',
            "      Our course reads joint statements as political, not legal, commitments.\n",
        ),
        (
            "      ref: seed\n      section: The Hierarchy of Partnerships\n"
            '      quote: "| Alliance | Treaty-bound mutual defense | NATO, US-Japan, US-South Korea |"\n'
            "    priority: 10\n",
            '      citation: "Course notes, week 3"\n    priority: 10\n',
        ),
    )
    data = json.loads(run("pack", "diff", "core", str(folder), "-f", "json").output)
    changed = {c["id"]: {a["aspect"]: (a["old"], a["new"]) for a in c["changes"]} for c in data["rules"]["changed"]}
    assert changed["binding-instrument"]["name"] == ("binding instrument", "treaty in force")
    assert changed["binding-instrument"]["description"][1] == "A treaty in force binds the parties in law."
    assert set(changed["binding-instrument"]) == {"name", "description"}
    assert changed["non-binding-instrument"] == {
        "rationale": (
            'Strategic partnerships are "deliberately flexible and non-binding, without the legal obligations of '
            'formal treaties".',
            "Our course reads joint statements as political, not legal, commitments.",
        )
    }
    assert changed["treaty-alliance"]["source"][1] == "Course notes, week 3"
    text = run("pack", "diff", "core", str(folder)).output
    assert "The packs have the same rules" not in text
    assert "  binding-instrument: name binding instrument → treaty in force" in text.splitlines()


def test_diff_says_a_disabled_rule_is_enabled_again(tmp_path):
    """A rule the old pack disables and the new one does not is core's rule back, not a rule of the new pack."""
    disabling = tmp_path / "disabling"
    disabling.mkdir()
    (disabling / "pack.yaml").write_text(
        "pack: disabling\nversion: 1.0.0\ndescription: core without forward presence.\nextends: core\n"
        "disable: [entrapment-forward-presence]\n",
        encoding="utf-8",
    )
    text = run("pack", "diff", str(disabling), "core").output
    assert "Rules added:\n  entrapment-forward-presence (enabled again)\n" in text
    assert json.loads(run("pack", "diff", str(disabling), "core", "-f", "json").output)["rules"]["enabled"] == [
        "entrapment-forward-presence"
    ]
    assert "entrapment-forward-presence (disabled)" in run("pack", "diff", "core", str(disabling)).output


def test_an_id_used_twice_names_where_it_was_first_used(tmp_path):
    """A rule, lexicon entry or grammar entry pasted twice: the second names the first (file:line:col), as a
    case name used twice does, so that a long pack need not be searched for it."""
    (tmp_path / "pack.yaml").write_text(
        """\
pack: twice
version: 1.0.0
description: A pack that repeats its ids.
extends: core
rules:
  - id: middle-power
    description: A middle power.
    rationale: Below an order of magnitude a party can still hedge.
    source: {citation: "Kuik, How Do Weaker States Hedge? (2016)"}
    when: {power_ratio: {lt: 10}}
    then: [{finding: middle_power}]
  - id: middle-power
    description: A middle power, pasted twice.
    rationale: Below an order of magnitude a party can still hedge.
    source: {citation: "Kuik, How Do Weaker States Hedge? (2016)"}
    when: {power_ratio: {lt: 5}}
    then: [{finding: middle_power}]
lexicon:
  - {id: vuvale-like, level: partnership, exact: Family Partnership, source: {citation: "A 2019 statement."}}
  - {id: vuvale-like, level: partnership, exact: Kin Partnership, source: {citation: "A 2019 statement."}}
designations:
  modifiers:
    - {id: modifier-ironclad, words: [ironclad], effect: "says how close the tie is"}
    - {id: modifier-ironclad, words: [iron-clad], effect: "says how close the tie is"}
""",
        encoding="utf-8",
    )
    result = run("pack", "lint", str(tmp_path / "pack.yaml"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    pack = f"{tmp_path / 'pack.yaml'}"
    assert (
        f"{pack}:12:9: /rules/1/id: AP005 error: rule id 'middle-power' is used twice: also at {pack}:6:9 "
        "(give each its own id)"
    ) in lines
    assert (
        f"{pack}:20:10: /lexicon/1/id: AP005 error: lexicon entry id 'vuvale-like' is used twice: also at "
        + (f"{pack}:19:10 (give each its own id)")
        in lines
    )
    assert any(f"entry id 'modifier-ironclad' is used twice: also at {pack}:23:12 " in line for line in lines)


def test_a_pack_that_forgot_extends_is_told_to_extend_core(tmp_path, monkeypatch):
    """An override or a disable in a pack without 'extends:' said 'the base pack has no rule of that id' (there is
    no base pack) and '...needs extends' with nothing to write: the slip is the missing line."""
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "course").exit_code == 0
    pack = Path("course/pack.yaml")
    text = pack.read_text(encoding="utf-8").replace("extends: core\n", "disable: [entrapment-forward-presence]\n")
    text = text.replace("  - id: course-threat-in-conflict\n", "  - id: threat-directed\n    override: true\n")
    pack.write_text(text, encoding="utf-8")
    lines = run("pack", "lint", "course").output.splitlines()
    hint = "(add 'extends: core' (or the pack this one builds on) beside 'pack:')"
    assert any(
        line.endswith(f"/disable/0: AP005 error: 'disable' needs 'extends': there is no base pack {hint}")
        for line in lines
    ), lines
    assert any(
        line.endswith(f"AP002 error: rule 'threat-directed' overrides nothing: the pack extends no pack {hint}")
        for line in lines
    ), lines


def test_diff_says_a_finding_named_otherwise(tmp_path):
    """A finding's name is what verdict reasons say ('lacks institutionalisation'): renamed, every report that
    names it reads otherwise, and the diff said 'the same rules, grammar and lexicon'."""
    folder = core_edited(
        tmp_path,
        "renamed",
        ('  institutionalized: {name: "institutionalisation",', '  institutionalized: {name: "standing institutions",'),
    )
    data = json.loads(run("pack", "diff", "core", str(folder), "-f", "json").output)
    assert data["findings"] == {
        "changed": [
            {
                "id": "institutionalized",
                "changes": [{"aspect": "name", "old": "institutionalisation", "new": "standing institutions"}],
            }
        ]
    }
    text = run("pack", "diff", "core", str(folder)).output
    assert "The packs have the same rules" not in text
    assert "Findings changed:\n  institutionalized: name institutionalisation → standing institutions\n" in text
