"""The command line end to end, through click's CliRunner (exceptions are not caught)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from amity.cli.main import main
from amity.engine.schemas import validator
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BAD = ROOT / "tests" / "example-files" / "bad"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_version():
    """The version, and how this installation runs the rules: compiled (each of the modules setup.py compiles
    loaded as an extension, with none left out) or pure Python (none of them)."""
    import importlib
    from importlib.machinery import ExtensionFileLoader

    from tests.conftest import compiled_modules

    names = compiled_modules()  # setup.py's COMPILED, read from it: a module added there is held here too
    assert "evaluator" in names and "schema_checks" in names
    compiled = {
        name: isinstance(importlib.import_module(f"amity.engine.{name}").__spec__.loader, ExtensionFileLoader)
        for name in names
    }
    assert len(set(compiled.values())) == 1, f"a partial build: {compiled}"
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("amity, version ")
    built = "(compiled with mypyc)" if compiled["evaluator"] else "(pure Python)"
    assert result.output.rstrip().endswith(built)
    expected = os.environ.get("AMITY_EXPECT_BUILD")  # CI says which build each of its suite runs is on
    if expected is not None:
        assert built == {"compiled": "(compiled with mypyc)", "pure": "(pure Python)"}[expected]


def test_help_shows_examples_and_exit_codes():
    result = run("assess", "--help")
    assert result.exit_code == 0
    assert "amity assess examples/" in result.output
    assert "2  bad input" in result.output


def _commands(group=main, path=()):
    """Every command a user can run, as the words typed after `amity` (the groups themselves excluded)."""
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


@pytest.mark.parametrize("words", list(_commands()), ids=" ".join)
def test_every_commands_help_shows_examples_and_its_exit_codes(words):
    """The house rule: fixed exit codes, documented in --help (pack doc and schema had none)."""
    result = run(*words, "--help")
    assert result.exit_code == 0
    assert "\n  Examples:\n" in result.output and "\n  Exit codes:\n    0  " in result.output


UNKNOWN_PACK = {
    ("assess",): ["assess", "examples/us-japan.yaml", "--pack", "no-such-pack"],
    ("validate",): ["validate", "data/relationships.csv", "--pack", "no-such-pack"],
    ("test",): ["test", "no-such-pack"],
    ("interview",): ["interview", "--pack", "no-such-pack"],
    ("quiz",): ["quiz", "kelmar-doravia", "--pack", "no-such-pack"],
    ("serve",): ["serve", "--pack", "no-such-pack", "--port", "0"],
    ("pack", "new"): ["pack", "new", "x", "DIR", "--extends", "no-such-pack"],
    ("pack", "lint"): ["pack", "lint", "no-such-pack"],
    ("pack", "doc"): ["pack", "doc", "no-such-pack"],
    ("pack", "diff"): ["pack", "diff", "core", "no-such-pack"],
}


@pytest.mark.parametrize("words", list(UNKNOWN_PACK), ids=" ".join)
def test_an_unknown_pack_exits_2_as_each_commands_help_says(words, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = [a.replace("DIR", str(tmp_path / "x")) for a in UNKNOWN_PACK[words]]
    result = run(*args)
    assert result.exit_code == 2 and "no rule pack 'no-such-pack'" in result.output
    codes = run(*words, "--help").output.split("Exit codes:", 1)[1]
    two = codes.split("\n    2  ", 1)[1].split("\n    1", 1)[0]
    assert re.search(r"unknown (base )?pack|no such pack", two), two


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_assesses_to_schema_valid_json(path):
    result = run("assess", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(validator("assessment").iter_errors(data)) == []
    assert data["pack"] == {"name": "core", "version": "1.0.0"}


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_formats(fmt):
    result = run("assess", str(ROOT / "examples" / "us-japan.yaml"), "--format", fmt)
    assert result.exit_code == 0
    if fmt == "text":
        assert "Level: alliance" in result.output and "How:" in result.output
        assert "treaty-alliance" in result.output and "legal basis is ratified treaty" in result.output
    if fmt == "markdown":
        assert "```mermaid" in result.output and "flowchart LR" in result.output
        assert "| **Level** | alliance |" in result.output


def test_a_list_of_profiles_gives_a_list(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(
        "- {parties: [USA, JPN], legal_basis: ratified_treaty, defense_commitment: mutual_defense}\n- {parties: [IND, PAK], legal_basis: none}\n"
    )
    data = json.loads(run("assess", str(path), "-f", "json").output)
    assert [a["level"] for a in data] == ["alliance", "none"]


def test_standard_input_json():
    result = run("assess", "-", "-f", "json", input='{"parties": ["EU", "CHN"], "legal_basis": "joint_statement"}')
    assert result.exit_code == 0
    assert json.loads(result.output)["parties"] == ["EU", "CHN"]  # in the input's order


@pytest.mark.parametrize("paths", [["-", "-"], ["-", str(ROOT / "examples" / "us-japan.yaml"), "-"]])
def test_standard_input_named_twice_is_refused_up_front_as_bad_usage(paths):
    """The second '-' found standard input read to its end and said "the file is empty"."""
    result = run("assess", *paths, input='{"parties": ["EU", "CHN"], "legal_basis": "joint_statement"}')
    assert result.exit_code == 2 and not result.stdout
    assert "standard input ('-') is named 2 times: it can be read only once" in result.stderr
    assert "(name '-' once, or save the input to a file and name the file)" in result.stderr
    assert "empty" not in result.stderr


@pytest.mark.parametrize("names", [["-", "/dev/stdin"], ["/dev/stdin", "-"], ["-", "/dev/fd/0"]])
def test_standard_input_piped_and_named_two_ways_is_refused_located_and_a_redirected_file_is_read_twice(
    tmp_path, names
):
    """'- /dev/stdin' read the pipe through '-', then found it at its end through /dev/stdin: "the file is
    empty", exit 2, and nothing assessed. A file redirected to standard input can be opened again: it is
    assessed twice, as a file named twice is."""
    profile = ROOT / "examples" / "us-japan.yaml"
    amity = [sys.executable, "-m", "amity.cli", "assess", *names, "-f", "jsonl"]
    piped = subprocess.run(amity, input=profile.read_bytes(), capture_output=True, timeout=60)
    assert piped.returncode == 2 and not piped.stdout
    assert piped.stderr.decode() == (
        f"error: {names[1]}: standard input is named twice ('{names[0]}' and '{names[1]}'): a pipe can be read "
        "only once (name it once, or save the input to a file and name the file)\n"
    )
    with profile.open("rb") as redirected:
        read = subprocess.run(amity, stdin=redirected, capture_output=True, timeout=60)
    assert read.returncode == 0, read.stderr
    assert [json.loads(line)["id"] for line in read.stdout.splitlines()] == ["usa-jpn-2023", "usa-jpn-2023"]


def test_a_named_pipe_named_twice_is_refused_before_it_is_opened(tmp_path):
    """The second open of a named pipe waited for a writer that had gone: amity hung."""
    pipe = tmp_path / "p"
    os.mkfifo(pipe)
    other = f"{tmp_path}/./p"  # another spelling of the same pipe
    done = threading.Event()

    def unblock() -> None:  # were the pipe opened, a writer that comes and goes: a failure, never a hang
        while not done.wait(2):
            with contextlib.suppress(OSError):  # no reader waits
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))

    guard = threading.Thread(target=unblock, daemon=True)
    guard.start()
    try:
        result = run("assess", str(pipe), other)
    finally:
        done.set()
        guard.join()
    assert result.exit_code == 2 and not result.stdout
    assert f"error: {other}: '{pipe}' is named twice ('{pipe}' and '{other}'): a pipe can be read only once" in (
        result.stderr
    )
    # /dev/null is no stream to lose: named twice, each is the empty file it is
    empty = run("assess", os.devnull, os.devnull)
    assert empty.exit_code == 2 and "named twice" not in empty.stderr and "empty" in empty.stderr


def test_standard_input_named_two_ways_at_a_terminal_is_refused_without_waiting_for_input(tmp_path):
    """At a terminal, '- /dev/stdin' read until Ctrl-D, then waited for a second Ctrl-D."""
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "amity.cli", "assess", "-", "/dev/stdin"],
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
    )
    child.expect_exact("standard input is named twice ('-' and '/dev/stdin'): a terminal can be read only once")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


def test_unknown_facts_are_reported_as_undecided():
    result = run("assess", "-", input="parties: [USA, IND]\nlegal_basis: ratified_treaty\n")
    assert result.exit_code == 0
    assert "Level: undecided — partnership" in result.output
    assert "would be decided by: defense commitment" in result.output


def test_output_is_byte_identical_across_processes():
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run(
            [sys.executable, "-m", "amity.cli", "assess", str(ROOT / "examples" / "china-russia.yaml"), "-f", "json"],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_schema_command_prints_a_schema():
    result = run("schema", "relationship")
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Relationship profile"


# ---------------------------------------------------------------------------- bad input

BAD_CASES = {
    # file: (exit code, every fragment that must appear in stderr)
    "malformed.yaml": (2, ["malformed.yaml:3:", "malformed YAML"]),
    "malformed.json": (2, ["malformed.json:4:", "malformed JSON"]),
    "tab-indented.yaml": (2, ["tab-indented.yaml:3:1: malformed YAML", "(indent with spaces, not tabs)"]),
    "misspelled.yaml": (
        2,
        [
            "misspelled.yaml:3:1: /legal_bases: unknown field 'legal_bases' (did you mean 'legal_basis'?)",
            "misspelled.yaml:4:21: /defense_commitment: unknown value 'mutual_defence'",
            "(did you mean 'mutual_defense'?)",
            "misspelled.yaml:5:11: /sectors/0: unknown value 'trad'",
            "(did you mean 'trade'?)",
            "misspelled.yaml:6:14: /power_ratio: expected a number or null (unknown), got '3'",
            "misspelled.yaml:2:10: /parties: expected exactly 2 party codes, got 3",
            "5 errors",
        ],
    ),
    "missing-parties.json": (2, ["missing-parties.json:1:1: /: missing required field 'parties'"]),
    "list-with-bad-item.yaml": (2, ["list-with-bad-item.yaml:3:12: /1/summits: unknown value 'yearly'"]),
    "empty.yaml": (2, ["empty.yaml: the file is empty"]),
    "scalar.yaml": (2, ["expected a profile (a mapping) or a list of profiles"]),
    "duplicate-key.yaml": (2, ["duplicate-key.yaml:3:1: /legal_basis: duplicate key 'legal_basis'"]),
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_is_located_with_exit_code_2(name):
    code, fragments = BAD_CASES[name]
    result = CliRunner().invoke(main, ["assess", str(BAD / name)], catch_exceptions=False)
    assert result.exit_code == code
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file():
    result = run("assess", "no/such/file.yaml")
    assert result.exit_code == 2
    assert "no/such/file.yaml: no such file" in result.stderr


def test_unknown_pack_exits_2_with_a_suggestion():
    result = run("assess", str(EXAMPLES[0]), "--pack", "cores")
    assert result.exit_code == 2
    assert "no rule pack 'cores'" in result.stderr and "did you mean 'core'?" in result.stderr


def test_broken_pack_exits_1(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: broken\nversion: one\ndescription: d\n")
    result = run("assess", str(EXAMPLES[0]), "--pack", str(pack))
    assert result.exit_code == 1
    assert "pack.yaml:2:10: /version:" in result.stderr


BAD_VALUES = [
    (["assess", "{example}", "--format", "pdf"], "--format 'pdf': expected one of json, jsonl, markdown, text", None),
    (["assess", "{example}", "-f", "jsn"], "--format 'jsn': expected one of", "did you mean 'json'?"),
    (
        ["assess", "{example}", "--engine", "expert"],
        "--engine 'expert': expected one of experta, python",
        "(did you mean 'experta'?)",
    ),
    (["assess", "{example}", "--depth", "-1"], "--depth '-1': expected a whole number from 0 up: how many", None),
    (["assess", "{example}", "--depth", "two"], "--depth 'two': expected a whole number from 0 up", None),
    (["assess", "{dataset}", "--row", "0"], "--row '0': expected a whole number from 1 up: a row number", None),
    (
        ["validate", "{dataset}", "--input-format", "yml"],
        "--input-format 'yml': expected one of",
        "(did you mean 'yaml'?)",
    ),
    (
        ["validate", "{dataset}", "--delimiter", "ab"],
        "--delimiter 'ab': expected one character",
        "(e.g. --delimiter ';', or --delimiter tab for a tab)",
    ),
    (["validate", "{dataset}", "--delimiter", '"'], "--delimiter '\"': a quote cannot separate cells", None),
    (["test", "core", "--fail-under", "120"], "--fail-under '120': expected a percentage from 0 to 100", None),
    (
        ["schema", "relationshp"],
        "NAME 'relationshp': expected one of assessment, pack,",
        "(did you mean 'relationship'?)",
    ),
    (
        ["pack", "doc", "core", "--format", "htm"],
        "--format 'htm': expected one of markdown, html",
        "(did you mean 'html'?)",
    ),
    (["serve", "--port", "70000"], "--port '70000': expected a whole number from 0 to 65535: the port", None),
]


@pytest.mark.parametrize(("args", "said", "meant"), BAD_VALUES, ids=[" ".join(a[::2]) for a, _, _ in BAD_VALUES])
def test_a_value_an_option_refuses_is_said_in_amitys_form(args, said, meant):
    """A value an option or argument refuses got click's usage screen ('Invalid value for '--format' / '-f':
    'jsn' is not one of ...'), unlike every other error: now one line in amity's form, naming the option, what
    it was given and what it expects, with the choice a slip most likely meant; exit 2, as for bad input."""
    given = {"{example}": str(EXAMPLES[0]), "{dataset}": str(ROOT / "examples" / "dyads-2024.csv")}
    result = run(*[given.get(a, a) for a in args])
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    assert result.stderr.startswith(f"error: {said}"), result.stderr
    assert meant in result.stderr if meant is not None else "did you mean" not in result.stderr
    assert "Usage:" not in result.stderr and "Invalid value" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_value_an_option_takes_still_runs():
    """The same options, given values they take, run as before (the refusals are not all there is)."""
    assert run("assess", str(EXAMPLES[0]), "-f", "json", "--engine", "experta").exit_code == 0
    assert run("assess", str(EXAMPLES[0]), "--depth", "0").exit_code == 0
    assert run("schema", "relationship").exit_code == 0


def test_a_refused_value_is_said_so_by_the_program_itself():
    """Through the installed program, not only click's test runner: the same line, and exit 2."""
    done = subprocess.run(
        [sys.executable, "-m", "amity.cli", "assess", str(EXAMPLES[0]), "--format", "jsn"],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: --format 'jsn': expected one of json, jsonl, markdown, text (did you mean 'json'?)\n"
    )


def test_assess_takes_several_files_as_one_list_and_says_every_bad_one():
    """`amity assess examples/*.yaml` was refused with click's 'unexpected extra arguments' (found by a
    regression trial): the files are assessed in turn, as one list; every file's problems at once."""
    us_japan, china_russia = str(ROOT / "examples" / "us-japan.yaml"), str(ROOT / "examples" / "china-russia.yaml")
    result = run("assess", us_japan, china_russia, "-f", "json")
    assert result.exit_code == 0, result.output
    assert [a["level"] for a in json.loads(result.output)] == [
        "alliance",
        "comprehensive_strategic_partnership_of_coordination",
    ]
    text = run("assess", us_japan, china_russia).output
    assert text.index("USA–JPN") < text.index("CHN–RUS")
    bad = run("assess", us_japan, "no-such.yaml", str(ROOT / "data" / "relationships.csv"))
    assert bad.exit_code == 2 and not bad.stdout
    assert "error: no-such.yaml: no such file" in bad.stderr
    assert "relationships.csv: a dataset (csv): assess reads one row of it at a time" in bad.stderr
    rows = run("assess", us_japan, china_russia, "--row", "1")
    assert rows.exit_code == 2 and "--row and --id choose rows of one dataset (give one PATH)" in rows.stderr


@pytest.mark.parametrize("kind", ["yaml", "json"])
@pytest.mark.parametrize(("field", "bound"), [("power_ratio", "1.8e+308"), ("working_groups", "4,300 digits")])
def test_a_profile_file_says_a_long_numbers_bound_as_a_dataset_does(tmp_path, kind, field, bound):
    """A whole YAML file said '4,300 digits' for a field of numbers, where JSON and datasets say a float's
    range (found by a helper): the field's own bound, in every format."""
    digits = "1" + "0" * 5000
    path = tmp_path / f"p.{kind}"
    path.write_text(
        f"parties: [USA, JPN]\n{field}: {digits}\n"
        if kind == "yaml"
        else f'{{"parties": ["USA", "JPN"], "{field}": {digits}}}',
        encoding="utf-8",
    )
    result = run("assess", str(path))
    assert result.exit_code == 2
    assert (
        f"/{field}: a number too large to read: {digits[:57]}... (5,001 digits) (amity reads numbers of up to {bound})"
        in result.stderr
    )


def test_jsonl_gives_one_assessment_per_line_whatever_a_glob_matches(tmp_path):
    """-f json gives an object for one file and a list for two (its documented contract), so a glob that
    happens to match one file changed the shape; -f jsonl is one line per assessment, one file or many."""
    us_japan, china_russia = str(ROOT / "examples" / "us-japan.yaml"), str(ROOT / "examples" / "china-russia.yaml")
    assert isinstance(json.loads(run("assess", us_japan, "-f", "json").output), dict)  # the contract, kept
    assert isinstance(json.loads(run("assess", us_japan, china_russia, "-f", "json").output), list)
    for paths, levels in (([us_japan], ["alliance"]), ([us_japan, china_russia], ["alliance", COORDINATION])):
        result = run("assess", *paths, "-f", "jsonl")
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert [json.loads(line)["level"] for line in lines] == levels
        assert all(list(validator("assessment").iter_errors(json.loads(line))) == [] for line in lines)
    one = run("assess", us_japan, "-f", "jsonl", "--why-not", "csp").output.splitlines()
    assert len(one) == 1 and json.loads(one[0])["why_not"]
    assert "jsonl: one assessment per line" in " ".join(run("assess", "--help").output.split())


def test_why_not_a_risk_at_a_rating_it_cannot_take_lists_its_ratings_and_suggests_only_a_near_one():
    """--why-not entrapment=foo was answered "did you mean 'entrapment=high'?": foo is not near high, nor a
    rating at all (helper-63). It says foo is not one of entrapment's ratings, lists them, and suggests one
    only for a near miss; a risk alone, or a rating of no risk, is told which half is wrong."""
    example = str(ROOT / "examples" / "china-russia.yaml")
    for target, said, suggested in (
        (
            "entrapment=foo",
            "'foo' is not one of the ratings of the entrapment risk, which are low, moderate or high",
            None,
        ),
        ("entrapment=hig", "'hig' is not one of the ratings of the entrapment risk", "did you mean 'entrapment=high'?"),
        (
            "entrapment",
            "entrapment is a risk: say which of its ratings (low, moderate or high)",
            "e.g. entrapment=high",
        ),
        (
            "foo=high",
            "'foo' is not one of the risks amity rates, which are entrapment, abandonment, asymmetry and fragility",
            None,
        ),
        ("entrapmnt=high", "'entrapmnt' is not one of the risks amity rates", "did you mean 'entrapment=high'?"),
    ):
        result = CliRunner().invoke(main, ["assess", example, "--why-not", target], catch_exceptions=False)
        assert result.exit_code == 2, (target, result.output)
        assert said in result.output, (target, result.output)
        if suggested:
            assert suggested in result.output, (target, result.output)
        else:
            assert "did you mean" not in result.output, (target, result.output)


COORDINATION = "comprehensive_strategic_partnership_of_coordination"


def test_why_not_and_how_say_a_yes_or_no_fact_as_a_clause(tmp_path):
    """The why-not of a level said '(... or permanent bodies is yes) fails (...; permanent bodies is no)', the
    How tree 'rival ties is yes': a yes-or-no fact reads as a clause, in the condition and the facts alike."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "parties: [AAA, BBB]\nas_of: 2023\nlegal_basis: joint_statement\ndefense_commitment: none\n"
        "summits: annual\nministerial_dialogues: 0\nworking_groups: 0\npermanent_bodies: false\n"
        "sectors: [trade, investment, energy, technology, culture]\ntime_horizon: long_term\n"
        "economic_integration: substantial\nglobal_governance_coordination: systematic\n",
        encoding="utf-8",
    )
    result = run("assess", str(path), "--why-not", "comprehensive_strategic_partnership")
    assert result.exit_code == 0, result.output
    assert (
        "(ministerial dialogues is at least 2 or working groups is at least 5 or there are permanent bodies)? No: "
        "ministerial dialogues is 0; working groups is 0; there are no permanent bodies"
    ) in result.output
    assert "permanent bodies is" not in result.output
    how = run("assess", str(ROOT / "examples" / "us-japan.yaml"), "--verbose").output
    assert "      a party has a declared partnership with the other party's main rival\n" in how
    assert " is yes" not in how and " is no\n" not in how


def test_a_labels_reading_quotes_its_words_as_the_label_writes_them(tmp_path):
    """The reading of a declared label quoted its words lower-cased ('council' when the label said
    'Council'): as written, in the report a person reads."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "parties: [AAA, BBB]\ndeclared_label: Strategic Partnership Council\nlegal_basis: joint_statement\n",
        encoding="utf-8",
    )
    result = run("assess", str(path))
    assert result.exit_code == 0, result.output
    assert "  head-meeting-format: 'Council' names a meeting format" in result.output


def test_markdown_and_text_give_a_risk_the_reasons_of_its_rating_alike():
    """Markdown listed under 'abandonment | moderate' a rule that rates it low (overruled), where the text
    report shows the reasons of the rating only: both now show the same ones (found by a trial)."""
    data = str(ROOT / "data" / "relationships.csv")
    md = run("assess", data, "--row", "5", "-f", "markdown").stdout
    (row,) = [line for line in md.splitlines() if line.startswith("| abandonment |")]
    assert "| moderate |" in row and "abandonment-dependent-ally" in row and "abandonment-durable-treaty" not in row
    text = run("assess", data, "--row", "5").stdout
    risks = text[text.index("Risks:") :].split("\n\n")[0]
    assert "abandonment-dependent-ally" in risks and "abandonment-durable-treaty" not in risks
    full = json.loads(run("assess", data, "--row", "5", "-f", "json").stdout)["risks"]["abandonment"]["reasons"]
    assert [(r["rule"], r["rating"]) for r in full] == [
        ("abandonment-dependent-ally", "moderate"),
        ("abandonment-durable-treaty", "low"),
    ]  # the JSON keeps every reason, each with its rating


def test_a_file_of_no_profile_says_what_it_holds_in_words_and_an_empty_fail_on_is_refused(tmp_path):
    """'got str' (Python's name for text) said nothing to a person giving interview --answers a CSV; and
    --fail-on "" was taken as failing on nothing, silently (found by a trial)."""
    data = str(ROOT / "data" / "relationships.csv")
    csv_answers = run("interview", "--answers", data)
    assert csv_answers.exit_code == 2 and "got str" not in csv_answers.stderr
    assert "expected the answers as one profile (a mapping of 'field: value' lines), got 'id,parties," in (
        csv_answers.stderr
    )
    assert (
        "(write a line per fact, e.g. 'parties: [USA, IND]' and 'legal_basis: joint_statement', each on a line of "
        "its own; a dataset's rows are read by amity validate)" in csv_answers.stderr
    )
    number = tmp_path / "n.yaml"
    number.write_text("42\n")
    said = run("assess", str(number)).stderr
    assert "or a list of profiles, got 42 (write the facts as 'field: value' lines" in said, said
    empty = run("validate", data, "-o", str(tmp_path / "r.csv"), "-q", "--fail-on", "")
    assert empty.exit_code == 2 and "--fail-on: no kind given (choose from inflated, deflated" in empty.stderr
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize(
    ("written", "hint", "json_hint"),
    [
        ("sectors: defense", "(write it as a list: [defense])", '(write it as a list: ["defense"])'),
        (
            "sectors: trade, energy",
            "(write it as a list: [trade, energy])",
            '(write it as a list: ["trade", "energy"])',
        ),
        (
            "sectors: trade; energy",
            "(write it as a list: [trade, energy])",
            '(write it as a list: ["trade", "energy"])',
        ),
        ("sectors: trade, trade", "(write it as a list: [trade])", '(write it as a list: ["trade"])'),  # once
        (  # separated by spaces alone, where every part is a sector (it was 'trade energy' is not a sector')
            "sectors: trade energy",
            "(write it as a list: [trade, energy])",
            '(write it as a list: ["trade", "energy"])',
        ),
        (  # a part that is none: the text as it is, never split by a guess
            "sectors: trade enrgy",
            "(write a list; 'trade enrgy' is not a sector; the sectors are: defense, trade,",
            None,
        ),
        (  # a list in quotes: the quotes are what to remove
            "sectors: '[trade, energy]'",
            "(write it as a list, not as text in quotes: [trade, energy])",
            '(write it as a list, not as text in quotes: ["trade", "energy"])',
        ),
        (
            "sectors: trade, enrgy, space",
            "(write it as a list: [trade, space]; 'enrgy' is not a sector: did you mean 'energy'?)",
            "(write it as a list: [\"trade\", \"space\"]; 'enrgy' is not a sector: did you mean 'energy'?)",
        ),
        ("sectors: military", "(write a list; 'military' is not a sector; the sectors are: defense, trade,", None),
        (
            "security_cooperation: joint_exercises, arms",
            "(write it as a list: [joint_exercises]; 'arms' is not a form of security cooperation: "
            "did you mean 'arms_transfers'?)",
            "(write it as a list: [\"joint_exercises\"]; 'arms' is not a form of security cooperation: "
            "did you mean 'arms_transfers'?)",
        ),
        ("sectors: none", "(for none of them, write [])", None),
    ],
)
def test_a_set_written_as_text_is_told_to_be_a_list_of_its_own_values(tmp_path, written, hint, json_hint):
    # every set written as text was told 'write a list, e.g. [a, b]', whatever values it held; and a JSON file
    # was told the list as YAML writes it, [trade, energy], which is no JSON (found by a trial)
    field, value = written.split(": ", 1)
    for name, text, told in (
        ("p.yaml", f"parties: [USA, JPN]\n{written}\n", hint),
        ("p.json", json.dumps({"parties": ["USA", "JPN"], field: yaml.safe_load(value)}), json_hint or hint),
    ):
        path = tmp_path / name
        path.write_text(text)
        result = run("assess", str(path))
        assert result.exit_code == 2, result.output
        assert f"/{field}: expected a list or null (unknown), got " in result.stderr
        assert told in result.stderr, result.stderr


def test_a_label_of_a_megabyte_is_cut_in_the_text_and_kept_whole_elsewhere(tmp_path):
    """A runaway label (a pasted page; 10 MB of one cell) filled the terminal: the text shows what the grammar
    would read of it, and its length; --verbose and JSON keep it all."""
    label = "Strategic Partnership " + "x" * 1_000_000
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"parties": ["USA", "JPN"], "legal_basis": "none", "declared_label": label}))
    text = run("assess", str(path))
    assert text.exit_code == 0, text.output
    assert len(text.stdout) < 5_000
    assert f'Label: "{label[:300]}…" (1,000,022 characters; --verbose shows them all) claims' in text.stdout
    assert label in run("assess", str(path), "--verbose").stdout
    assert json.loads(run("assess", str(path), "-f", "json").stdout)["label"]["declared"] == label
