"""amity interview --answers, amity quiz --answers/--check/report, amity assess --why-not: end to end (CliRunner)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from amity.cli.main import main
from amity.engine.scenarios import SCENARIO_DIR
from amity.engine.schemas import validator
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_non_interactive_interview_of_every_example_reaches_the_assessment(path):
    result = run("interview", "--answers", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    transcript = json.loads(result.output)
    assert list(validator("transcript").iter_errors(transcript)) == []
    full = json.loads(run("assess", str(path), "-f", "json").output)
    got = transcript["assessment"]
    for key in ("level", "possible_levels", "deciding_facts", "hedging"):
        assert got[key] == full[key], key
    assert got["hedging_detail"]["possible"] == full["hedging_detail"]["possible"]
    for risk in full["risks"]:
        for key in ("rating", "possible_ratings", "deciding_facts"):
            assert got["risks"][risk][key] == full["risks"][risk][key]
    assert got["label"]["verdict"] == full["label"]["verdict"]
    first = transcript["questions"][0]
    assert first["number"] == 1 and "possible_levels_before" in first


def test_assess_why_not_in_json_and_text():
    path = str(ROOT / "examples" / "us-india.yaml")
    data = json.loads(run("assess", path, "-f", "json", "--why-not", "csp").output)
    assert list(validator("assessment").iter_errors(data)) == []
    assert data["why_not"]["status"] == "not_reached" and data["why_not"]["change_sets"]
    text = run("assess", path, "--why-not", "alliance").output
    assert "Why not alliance?" in text and "It would be an alliance if" in text
    assert "not comprehensive strategic partnership: it would be" in text  # the one line under a decided level
    deep = run("assess", str(ROOT / "examples" / "china-russia.yaml"), "--verbose").output
    assert "more step" not in deep and "more step" in run("assess", str(ROOT / "examples" / "china-russia.yaml")).output


def test_interview_answers_in_a_list_of_field_value_items_are_one_profile(tmp_path):
    """A file of answers written as a YAML list ('- legal_basis: joint_statement', a natural way to write
    answers in order) was read as a list of profiles: "expected one profile, got a list (give one profile per
    file)", at 1:1, with no example; or each item told it lacked the parties (helper-63). Such a list is one
    profile; its errors are located at their items; a file of several profiles, a fact given twice, an item
    that is not 'field: value' or a file that is no mapping at all is refused, located, with an example."""
    items = tmp_path / "items.yaml"
    items.write_text("- parties: [USA, IND]\n- legal_basis: joint_statement\n- sectors: [trade, energy]\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("parties: [USA, IND]\nlegal_basis: joint_statement\nsectors: [trade, energy]\n")
    got = run("interview", "--answers", str(items), "-f", "json")
    assert got.exit_code == 0, got.output
    assert json.loads(got.output) == json.loads(run("interview", "--answers", str(mapping), "-f", "json").output)
    single = tmp_path / "single.json"  # a list of one profile, as amity assess takes a list
    single.write_text('[{"parties": ["USA", "IND"], "legal_basis": "joint_statement", "sectors": ["trade", "energy"]}]')
    assert run("interview", "--answers", str(single), "-f", "json").output == got.output

    example = "e.g. 'parties: [USA, IND]' and 'legal_basis: joint_statement', each on a line of its own"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- parties: [USA, IND]\n- legal_basis: joint_statment\n- sectors: [trade, defence]\n- legal_basis: none\n- 12\n"
    )
    result = run("interview", "--answers", str(bad))
    assert result.exit_code == 2 and "Traceback" not in result.output
    said = result.output.splitlines()
    assert said[0].startswith(f"error: {bad}:4:3: /3/legal_basis: legal_basis is given twice: first at line 2 (item 2)")
    assert said[1].startswith(f"error: {bad}:5:3: /4: expected a 'field: value' item, got 12 (write each answer as")
    bad.write_text("- parties: [USA, IND]\n- legal_basis: joint_statment\n- sectors: [trade, defence]\n")
    said = run("interview", "--answers", str(bad)).output.splitlines()
    assert said[0].startswith(f"error: {bad}:2:16: /1/legal_basis: unknown value 'joint_statment'"), said
    assert "did you mean 'joint_statement'?" in said[0]
    assert said[1].startswith(f"error: {bad}:3:20: /2/sectors/1: unknown value 'defence'"), said
    two = tmp_path / "two.yaml"
    two.write_text("- parties: [USA, IND]\n  legal_basis: joint_statement\n- parties: [USA, JPN]\n")
    result = run("interview", "--answers", str(two))
    assert result.exit_code == 2
    assert result.output.startswith(
        f"error: {two}:3:3: /1: holds a list of 2 profiles (the second at item 2); an interview answers about one "
        f"relationship (keep one profile in the file, as 'field: value' lines, {example}; amity assess FILE "
        "assesses every profile of a list)"
    ), result.output
    text = tmp_path / "text.yaml"
    text.write_text("USA and India, a joint statement\n")
    result = run("interview", "--answers", str(text))
    assert result.exit_code == 2 and result.output.startswith(
        f"error: {text}:1:1: /: expected the answers as one profile (a mapping of 'field: value' lines), got "
        f"'USA and India, a joint statement' (write a line per fact, {example}; a dataset's rows are read by amity "
        "validate)"
    ), result.output


def test_bad_inputs_exit_2_located_without_traceback(tmp_path):
    bad = run("assess", str(ROOT / "examples" / "us-india.yaml"), "--why-not", "aliance")
    assert bad.exit_code == 2 and "did you mean 'alliance'" in bad.output and "Traceback" not in bad.output
    many = tmp_path / "two.yaml"
    many.write_text("- {parties: [AAA, BBB]}\n- {parties: [CCC, DDD]}\n")
    result = run("interview", "--answers", str(many))
    assert result.exit_code == 2 and f"{many}:2:3: /1: holds a list of 2 profiles" in result.output
    result = run("quiz", "no-such-scenario")
    assert result.exit_code == 2 and "bundled scenarios:" in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("scenario: x\ntitle: t\nkind: fictional\n")
    result = run("quiz", str(broken))
    assert result.exit_code == 2 and f"{broken}:1:1: /: missing required field 'narrative'" in result.output.replace(
        "  ", " "
    )


def test_a_yaml_file_that_is_no_scenario_is_said_to_be_none_once(tmp_path):
    """A folder's YAML file that is no scenario at all (a CI workflow, a relationship profile) was told each of
    the eight missing fields and each of its own keys, a dozen errors that never said it is something else
    (helper-71's brief). It gets one error, saying so and what a scenario file has; a scenario with faults
    still gets its located errors; the others are offered, at the terminal and on the web page."""
    shutil.copy(ROOT / "scenarios" / "sorrel-pact.yaml", tmp_path / "sorrel-pact.yaml")
    (tmp_path / "ci.yaml").write_text("name: ci\non: push\njobs: {}\n")
    shutil.copy(ROOT / "examples" / "us-india.yaml", tmp_path / "us-india.yaml")
    (tmp_path / "half.yaml").write_text("scenario: half\ntitle: t\nkind: fictional\n")
    result = run("quiz", str(tmp_path), input="quit\n")
    assert result.exit_code == 0, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    said = {line.split(":", 2)[1].rsplit("/", 1)[-1]: line for line in errors}
    assert [line for line in errors if "ci.yaml" in line] == [
        f"error: {tmp_path}/ci.yaml:1:1: /: is not a scenario: it has none of a scenario's fields (a scenario "
        "file has scenario, title, kind, narrative, profile, expected, questions and teaching_notes, as amity "
        "schema scenario shows; if this file is something else, keep it out of the scenarios' folder)"
    ], said
    profile = [line for line in errors if "us-india.yaml" in line]
    assert len(profile) == 1 and "is not a scenario: it reads as a relationship profile" in profile[0]
    half = [line for line in errors if "half.yaml" in line]
    assert len(half) == 5 and "missing required field 'narrative'" in " ".join(half)
    assert "3 scenario files of 4 are left out" in result.output and "1) " in result.output

    from amity.web.app import create_app
    from starlette.testclient import TestClient

    listing = TestClient(create_app("core", tmp_path)).get("/quiz").text
    assert listing.count("ci.yaml:") == 1 and "is not a scenario" in listing


def test_quiz_check_fails_on_a_wrong_scenario(tmp_path):
    data = yaml.safe_load((ROOT / "scenarios" / "kelmar-doravia.yaml").read_text())
    data["expected"]["level"] = "alliance"
    (tmp_path / "wrong.yaml").write_text(yaml.safe_dump(data))
    result = run("quiz", str(tmp_path / "wrong.yaml"), "--check")
    assert result.exit_code == 1 and "amity concludes 'partnership'" in result.output
    assert result.output.endswith("\n0 agree, 1 disagrees\n")
    assert run("quiz", "--check").exit_code == 0
    assert run("quiz", "kelmar-doravia", "--check").output.endswith("\n1 agrees, 0 disagree\n")


def test_quiz_check_names_the_scenarios_by_title_in_the_menu_s_order_and_fails_on_a_broken_file(tmp_path):
    """`amity quiz --check` listed the scenarios by file name, the menu by title: a class told "number 3 fails"
    looked for another scenario (helper-67). It names each by its title, with its file for locating, in the
    menu's order; a file that does not load is reported, located, the others are checked all the same, and
    the run fails as bad input (exit 2)."""
    found = [yaml.safe_load(p.read_text()) for p in (ROOT / "scenarios").glob("*.yaml")]
    titles = sorted(((s["title"], s["scenario"]) for s in found), key=lambda t: (t[0].casefold(), t[1]))
    installed = SCENARIO_DIR  # the repository's scenarios/ in an editable install, else the installed copy
    result = run("quiz", "--check")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:-1] == [f"ok   {title} ({installed / sid}.yaml)" for title, sid in titles]
    assert lines[-1] == f"{len(titles)} agree, 0 disagree"

    for name in ("pellan-quor", "kelmar-doravia"):
        shutil.copy(ROOT / "scenarios" / f"{name}.yaml", tmp_path)
    (tmp_path / "a-broken.yaml").write_text("scenario: a-broken\ntitle: [unclosed\n")
    result = run("quiz", str(tmp_path), "--check")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[2].startswith(f"error: {tmp_path}/a-broken.yaml:3:1: malformed YAML: "), lines[2]
    assert lines[:2] + lines[3:] == [
        f"ok   Kelmar and Doravia: a memorandum and a name ({tmp_path}/kelmar-doravia.yaml)",
        f"ok   Pellan and Quor: integration without a treaty ({tmp_path}/pellan-quor.yaml)",
        f"FAIL {tmp_path}/a-broken.yaml: left out (1 error above)",
        "2 agree, 0 disagree, 1 left out",
    ]


def test_two_scenarios_of_one_name_in_a_folder_the_second_is_refused_located(tmp_path):
    """Two files of one scenario name in a class's folder were both offered at the terminal, under one name
    (typing it took the first) and one transcript file, and the web page served only one of them, saying nothing
    (helper-67). The one in the file of that name keeps it; the other is refused, located at its name, by the
    quiz, --check and the web page alike."""
    from amity.web.app import create_app
    from starlette.testclient import TestClient

    shutil.copy(ROOT / "scenarios" / "kelmar-doravia.yaml", tmp_path)
    text = (ROOT / "scenarios" / "kelmar-doravia.yaml").read_text()
    (tmp_path / "a-copy.yaml").write_text(re.sub(r"(?m)^title: .*$", "title: A copy of Kelmar", text))
    line = 1 + text[: text.index("\nscenario:")].count("\n") + 1
    said = (
        f"{tmp_path}/a-copy.yaml:{line}:11: /scenario: the scenario 'kelmar-doravia' is already the one in "
        f"{tmp_path}/kelmar-doravia.yaml (give each scenario a name of its own: the menu and the transcripts' "
        "files go by it)"
    )
    result = run("quiz", str(tmp_path), "--check")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"ok   Kelmar and Doravia: a memorandum and a name ({tmp_path}/kelmar-doravia.yaml)",
        f"error: {said}",
        f"FAIL {tmp_path}/a-copy.yaml: left out (1 error above)",
        "1 agrees, 0 disagree, 1 left out",
    ]
    result = run("quiz", str(tmp_path), input="quit\n")
    assert result.exit_code == 0 and f"error: {said}" in result.output
    assert "A copy of Kelmar" not in result.output
    listing = TestClient(create_app("core", tmp_path)).get("/quiz").text
    assert "A copy of Kelmar" not in listing and "a-copy.yaml:" in listing and "is already the one in" in listing


def test_a_wrong_verdict_on_an_inflated_label_is_told_what_the_claim_needs_and_the_relationship_has(tmp_path):
    """The quiz explained an inflated label by its findings' data names ("missing for comprehensive strategic
    partnership: institutionalized; deep integration"), where the report says what the claimed level needs and
    what the relationship has (helper-67). The quiz says it as the report does."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("verdict: consistent\n")
    result = run("quiz", "vietnam-us-2023", "--answers", str(answers), "--save", str(tmp_path / "t.json"))
    said = " ".join(result.output.split())
    assert (
        "so the label is inflated. - comprehensive strategic partnership (comprehensive-level): lacks "
        "institutionalisation: needs annual "
        "summits and (at least two ministerial mechanisms, at least five working groups or a permanent body); has "
        "irregular summits, one ministerial mechanism, three working groups and no permanent body — lacks deep "
        "integration: needs deep economic integration" in said
    ), said
    assert "missing for" not in said


def test_an_answer_of_undecided_where_the_narrative_settles_it_is_told_the_rules_that_settle_it(tmp_path, monkeypatch):
    """A trainee who answered 'undecided' for a level the narrative settles was told "because framework
    declared [framework-declared]", a rule's bare name, where every other explanation says what the rule says;
    for a risk or hedging, no reason at all (helper-67). Each is told the rules that settle it, in their words,
    and a risk no rule raises is low for that reason."""
    monkeypatch.chdir(tmp_path)  # where the transcripts go
    answers = tmp_path / "answers.yaml"
    answers.write_text("level: undecided\nrisks: {fragility: undecided}\n")
    shown = run("quiz", "kelmar-doravia", "--answers", str(answers)).output
    said = " ".join(shown.split())
    assert (
        "The narrative settles it: the level is partnership. because any instrument that frames the relationship "
        "as a whole is a framework, and a framework is at least a partnership [framework-declared]" in said
    ), shown
    assert (
        "The narrative settles the fragility risk: it is moderate. because a non-binding framework that is cheap "
        "to leave or up for renewal is easy to exit, and so easy to lose [easy-exit]" in said
    ), shown
    answers.write_text("hedging: undecided\nrisks: {asymmetry: undecided}\n")
    said = " ".join(run("quiz", "miravia-two-suitors", "--answers", str(answers)).output.split())
    assert (
        "The narrative settles hedging: it is hedging. because keeping a declared partnership with the other "
        "party's main rival is hedging" in said
    ), said
    assert "it is moderate. because unequal parties with a dependent weaker party" in said, said
    answers.write_text("risks: {fragility: undecided}\n")
    said = " ".join(run("quiz", "pellan-quor", "--answers", str(answers)).output.split())
    assert "The narrative settles the fragility risk: it is low, as no rule raises it." in said, said


def test_quiz_answers_and_class_report(tmp_path):
    answers = tmp_path / "mine.yaml"
    answers.write_text("level: csp\nrisks: {fragility: high}\nhedging: yes\nverdict: inflated\n")
    out = tmp_path / "class"
    out.mkdir()
    result = run("quiz", "eu-china-2023", "--answers", str(answers), "--format", "json", "--save", str(out / "a.json"))
    assert result.exit_code == 0
    transcript = json.loads(result.stdout)  # standard output is the transcript alone: where it went is on stderr
    assert transcript["score"] == 3.5 and list(validator("transcript").iter_errors(transcript)) == []
    assert result.stderr == f"\nTranscript saved in {out / 'a.json'}.\n"
    assert json.loads((out / "a.json").read_text()) == transcript
    (out / "junk.json").write_text("[1, 2")
    report = run("quiz", "report", str(out))
    assert report.exit_code == 0 and "Class report: 1 transcript, 1 rejected" in report.output
    assert "junk.json" in report.output


def test_the_class_report_lists_a_scenario_s_questions_in_the_order_the_quiz_asks_them(tmp_path):
    """The class report listed a scenario's questions in the order of their ids (hedging, level, the risks), not as
    the quiz asks them (level, the risks, hedging), so an instructor read them against the quiz out of order
    (helper-81); text and JSON list them as asked."""
    import yaml

    (tmp_path / "a.yaml").write_text("level: cspc\nrisks: {entrapment: moderate}\nhedging: no\n")
    saved = tmp_path / "class" / "a.quiz.json"
    saved.parent.mkdir()
    assert (
        run("quiz", "us-south-korea-2023", "--answers", str(tmp_path / "a.yaml"), "--save", str(saved)).exit_code == 0
    )
    scenario = yaml.safe_load((ROOT / "scenarios" / "us-south-korea-2023.yaml").read_text())
    asked = [q.get("risk", q["ask"]) for q in scenario["questions"]]
    assert asked == ["level", "entrapment", "abandonment", "asymmetry", "hedging"]
    text = run("quiz", "report", str(saved.parent)).output
    rows = [
        line.split()[1:4]
        for line in text.splitlines()
        if line.startswith("  us-south-korea-2023 ") and " taken " not in line
    ]
    assert [row[-1] if row[0] == "risk" else row[0] for row in rows] == asked
    data = json.loads(run("quiz", "report", str(saved.parent), "--format", "json").output)
    assert [q["question"] for q in data["questions"].values()] == [
        "level",
        "risk:entrapment",
        "risk:abandonment",
        "risk:asymmetry",
        "hedging",
    ]


def test_quiz_answers_save_the_transcript_by_default_as_help_says(tmp_path, monkeypatch):
    """An instructor marking answer files gets every transcript, named as --help says, and told where."""
    monkeypatch.chdir(tmp_path)
    Path("ans2.yaml").write_text(
        "level: sp\nrisks: {fragility: high}\nverdict: inflated\ncode: {sectors: [trade, energy]}\n"
    )
    assert "(default: <scenario>[-<trainee>].quiz.json)" in " ".join(run("quiz", "--help").output.split())
    result = run("quiz", "kelmar-doravia", "--answers", "ans2.yaml", "--trainee", "bob")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("\nTranscript saved in kelmar-doravia-bob.quiz.json.\n")
    saved = json.loads(Path("kelmar-doravia-bob.quiz.json").read_text())
    assert saved["trainee"] == "bob" and saved["score"] == 2 and list(validator("transcript").iter_errors(saved)) == []
    Path("skip.yaml").write_text("level: p\n")
    result = run("quiz", "kelmar-doravia", "--answers", "skip.yaml", "--format", "json")
    assert result.exit_code == 0 and result.stderr == "\nTranscript saved in kelmar-doravia.quiz.json.\n"
    assert json.loads(Path("kelmar-doravia.quiz.json").read_text()) == json.loads(result.stdout)
    # a transcript already there is not written over (marking a class's files wrote each over the last):
    # refused before any answer is marked, unless --replace
    again = run("quiz", "kelmar-doravia", "--answers", "ans2.yaml")
    assert again.exit_code == 2 and not again.stdout
    assert again.stderr == (
        "error: kelmar-doravia.quiz.json: already holds a transcript; amity will not write over it (give your "
        "name with --trainee NAME, choose another file with --save FILE, or write over it with --replace)\n"
    )
    assert json.loads(Path("kelmar-doravia.quiz.json").read_text())["score"] != 2
    again = run("quiz", "kelmar-doravia", "--answers", "ans2.yaml", "--replace")
    assert again.exit_code == 0 and json.loads(Path("kelmar-doravia.quiz.json").read_text())["score"] == 2
    odd = run("quiz", "kelmar-doravia", "--answers", "ans2.yaml", "--trainee", "../ana")
    assert odd.exit_code == 2 and "the trainee's name '../ana' cannot name a transcript file" in odd.stderr
    assert not Path("../kelmar-doravia-..").exists() and not (tmp_path.parent / "ana.quiz.json").exists()
    report = run("quiz", "report", ".").output
    assert report.startswith("Class report: 2 transcripts\n") and "kelmar-doravia   2 taken" in report
    bad = run("quiz", "kelmar-doravia", "--answers", "ans2.yaml", "--save", "no/such/dir/t.json")
    assert bad.exit_code == 2 and "Traceback" not in bad.output and "Transcript saved" not in bad.output


def test_a_transcript_that_could_not_be_saved_is_said_before_the_first_question(tmp_path, monkeypatch):
    """Where the transcript goes is checked before any answer is given, so that no answer is lost: a folder
    that does not exist, a folder named as the file, a name too long for the file system (it was an internal
    error), an empty trainee's name; and with --format json --save -, the transcript goes out once."""
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("level: p\n")
    Path("d.quiz.json").mkdir()
    cases = [
        (["--save", "nodir/t.json"], "error: nodir/t.json: --save: cannot write 'nodir/t.json': no folder"),
        (["--save", "d.quiz.json"], "error: d.quiz.json: --save 'd.quiz.json' is a folder (name a file in it)"),
        (["--trainee", "a" * 300], "--trainee: the file name is too long (325 bytes; this file system takes"),
        (["--trainee", " "], "error: the trainee's name is empty (give a name) [--trainee]"),
        # with --save the name names no file, but it is still shown: empty, it was taken ('trainee': '')
        (["--trainee", "", "--save", "e.json"], "error: the trainee's name is empty (give a name) [--trainee]"),
    ]
    for args, said in cases:
        for answers in (["--answers", "a.yaml"], []):
            result = run("quiz", "kelmar-doravia", *answers, *args, input="1\n" * 10)
            assert result.exit_code == 2, result.output
            assert said in result.stderr, result.stderr
            assert "What level" not in result.output and "internal error" not in result.output
    once = run("quiz", "kelmar-doravia", "--answers", "a.yaml", "--format", "json", "--save", "-")
    assert once.exit_code == 0 and json.loads(once.stdout)["scenario"] == "kelmar-doravia"
    assert run("quiz", "kelmar-doravia", "--answers", "a.yaml").exit_code == 0
    again = run("quiz", "kelmar-doravia", "--answers", "a.yaml")  # no --save given: none named in the error
    assert again.exit_code == 2 and "[--save]" not in again.stderr and "already holds a transcript" in again.stderr


def test_a_skipped_question_is_marked_skipped_not_wrong_and_the_report_agrees(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("level: p\nverdict: inflated\n")  # fragility and sectors skipped
    Path("t").mkdir()
    text = run("quiz", "kelmar-doravia", "--answers", "a.yaml", "--save", "t/a.json").output
    marks = re.findall(r"you: (.*?)   amity: .*?   → (.*)", text)
    assert marks == [
        ("partnership", "right (1/1)"),
        ("inflated", "wrong (0/1)"),
        ("(skipped)", "skipped (0/1)"),
        ("(skipped)", "skipped (0/1)"),
    ], text
    report = run("quiz", "report", "t").output
    rows = {
        m[1]: list(m.groups()[1:])
        for m in re.finditer(r"^  kelmar-doravia +(\D+?) +(\d+) +(\d+) +(\d+) +(\d+) ", report, re.M)
    }
    assert rows == {  # right, half, wrong, skipped: the columns of the reveal's words
        "coding sectors": ["0", "0", "0", "1"],
        "level": ["1", "0", "0", "0"],
        "risk of fragility": ["0", "0", "0", "1"],
        "label borne out": ["0", "0", "1", "0"],
    }


def test_class_report_shows_skipped_and_half_right_apart(tmp_path):
    out = tmp_path / "class"
    out.mkdir()
    for name, text in [("skip", "hedging: yes\n"), ("half", "level: csp\nhedging: yes\n")]:
        (tmp_path / f"{name}.yaml").write_text(text)
        saved = run(
            "quiz", "eu-china-2023", "--answers", str(tmp_path / f"{name}.yaml"), "--save", str(out / f"{name}.json")
        )
        assert saved.exit_code == 0, saved.output
    report = run("quiz", "report", str(out)).output
    assert "mean 1.25 / 4" in report
    header = next(line for line in report.splitlines() if line.split()[:2] == ["scenario", "question"])
    assert header.split()[2:] == ["right", "half", "wrong", "skipped", "mean"]
    level = next(line for line in report.splitlines() if line.split()[1:2] == ["level"])
    assert level.split()[2:] == ["0", "1", "0", "1", "0.25", "/", "1"]  # one half right, one skipped
    assert "skipped (no answer, 0 points)" in report and "half right (half a point)" in report


# --------------------------------------------------------------------------- the README's examples, as the tool gives them

README = (ROOT / "README.md").read_text(encoding="utf-8")


def shown_lines(block: str) -> list[str]:
    """The lines of a README example that it quotes whole: not cut (… or ...), not a prompt with what was typed."""
    out = []
    for line in block.splitlines():
        text = line.strip()
        if not text or "…" in text or "..." in text or re.match(r"^\$ |^\w+>( |$)", text):
            continue
        out.append(text)
    return out


def test_the_readme_how_example_is_what_assess_prints(tmp_path):
    profile = re.search(r"Every field except\n`parties` is optional:\n\n```yaml\n(.*?)```", README, re.S)
    report = re.search(r"```text\n(Level: undecided.*?)```", README, re.S)
    assert profile and report, "README has the assess example: its profile and its report"
    (tmp_path / "p.yaml").write_text(profile.group(1))
    printed = {line.strip() for line in run("assess", str(tmp_path / "p.yaml")).output.splitlines()}
    how = report.group(1).split("How:", 1)[1]
    quoted = shown_lines(how)
    assert any(line.startswith("because ") for line in quoted)
    missing = [line for line in quoted if line not in printed]
    assert not missing, f"README lines amity does not print: {missing}"
    # above How, the lines the README cuts short (…) start lines amity prints, and the others are whole
    above = [line.strip() for line in report.group(1).split("How:", 1)[0].splitlines() if line.strip() not in ("", "…")]
    assert len(above) == 6
    astray = [line for line in above if not any(p.startswith(line.rstrip("…")) for p in printed)]
    assert not astray, f"README lines amity does not print: {astray}"


def test_the_readme_interview_examples_are_what_the_interview_prints(tmp_path):
    section = README.split("### An interview, step by step", 1)[1].split("### A quiz", 1)[0]
    blocks = re.findall(r"```text\n(.*?)```", section, re.S)
    quoted = [line for block in blocks for line in shown_lines(block) if not line.startswith("error:")]
    assert any("[framework-declared]" in line or "is a strategic partnership:" in line for line in quoted)
    typed = "USA IND\nStrategic Partnership\nwhy\njoint statment\n3\nwhynot sp\nquit\n"
    printed = run("interview", "--save", str(tmp_path / "x.yaml"), input=typed).output
    # and what over> says, where an interview resumed after its end waits (14 answers)
    case = tmp_path / "over.yaml"
    case.write_text(
        "parties: [AAA, BBB]\nlegal_basis: joint_statement\ndefense_commitment: none\n"
        "third_party_orientation: not_adversarial\nsectors: [trade, investment]\nsecurity_cooperation: []\n"
        "shared_values: high\nrecent_crisis: false\nexit_costs: moderate\nduration: indefinite\n"
        "time_horizon: long_term\nrival_ties: false\npower_ratio: 12\nsecurity_dependence: false\n"
        "trade_dependence: 0.05\n"
    )
    printed += run("interview", "--resume", str(case), input="quit\n").output
    lines = {line.strip() for line in printed.splitlines()} | {
        line.split("> ", 1)[1].strip() for line in printed.splitlines() if re.match(r"^\w+> ", line)
    }
    missing = [line for line in quoted if line not in lines]
    assert not missing, f"README lines the interview does not print: {missing}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("levle: sp\n", ["a.yaml:1:1: /levle: unknown key 'levle' (did you mean 'level'?)"]),
        (
            "risks: {fragilty: high}\n",
            ["a.yaml:1:9: /risks/fragilty: unknown risk 'fragilty' (did you mean 'fragility'?)"],
        ),
        ("risks: {entrapment: high}\n", ["/risks/entrapment: this scenario does not ask for the risk of entrapment"]),
        (
            "- strategic_partnership\n",
            ["a.yaml:1:3: /0: expected a 'key: answer' item, got 'strategic_partnership' (write each answer as"],
        ),
        ("[]\n", ["a.yaml:1:1: /: expected a mapping of answers", "not an empty list"]),
        ("", ["a.yaml: the answers file is empty"]),
        ("true\n", ["a.yaml:1:1: /: expected a mapping of answers", "not a single value (true)"]),
        ("~\n", ["not null"]),
        ("level: [a, b]\n", ["a.yaml:1:8: /level: a list is not one of the answers: none (no framework), partnership"]),
    ],
    ids=[
        "misspelled-key",
        "misspelled-risk",
        "risk-not-asked",
        "a-list",
        "an-empty-list",
        "empty",
        "a-boolean",
        "null",
        "a-list-answer",
    ],
)
def test_quiz_answers_file_refuses_what_it_would_ignore(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(text)
    result = run("quiz", "eu-china-2023", "--answers", "a.yaml")
    assert result.exit_code == 2, result.output
    for line in expected:
        assert line in result.output
    assert "Score" not in result.output and "Traceback" not in result.output


def test_quiz_answers_file_refuses_unknown_as_a_coded_fact(tmp_path, monkeypatch):
    """'unknown' as a coded fact was a skip, and nothing said (helper-71's brief): the quiz codes only facts its
    narrative states. It is refused, located, saying so and how to skip (leave it out)."""
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("code: {sectors: unknown}\n")
    result = run("quiz", "kelmar-doravia", "--answers", "a.yaml")
    assert result.exit_code == 2, result.output
    assert "a.yaml:1:17: /code/sectors: 'unknown' codes nothing: the narrative states sectors" in result.output
    assert "(in a file: leave it out)" in result.output


def test_quiz_answers_in_a_list_of_one_key_items_are_one_set_of_answers(tmp_path, monkeypatch):
    """A quiz's answers written as a YAML list ('- level: partnership', as amity interview --answers takes a
    profile) were refused whole: "expected a mapping of answers (...), not a list", at 1:1 (helper-66). Such a
    list is one set of answers, risks and code merged key by key; a key given twice is refused at its second
    place naming the first, and every error is located at its item, with an example."""
    monkeypatch.chdir(tmp_path)
    Path("map.yaml").write_text(
        "level: csp\nrisks: {entrapment: high, asymmetry: low}\nverdict: consistent\ncode: {defense_commitment: none}\n"
    )
    Path("list.yaml").write_text(
        "- level: csp\n- risks: {entrapment: high}\n- verdict: consistent\n- risks:\n    asymmetry: low\n"
        "- code: {defense_commitment: none}\n"
    )
    want = run("quiz", "china-russia-2023", "--answers", "map.yaml", "-f", "json", "--save", "map.quiz.json")
    got = run("quiz", "china-russia-2023", "--answers", "list.yaml", "-f", "json", "--save", "list.quiz.json")
    assert got.exit_code == 0, got.output
    assert json.loads(got.stdout) == json.loads(want.stdout)
    assert [m["answer"] for m in json.loads(got.stdout)["items"]] == [
        "comprehensive_strategic_partnership",
        "high",
        "low",
        "consistent",
        "none",
    ]

    Path("bad.yaml").write_text(
        "- level: csp\n- risks: {entrapment: high}\n- levle: sp\n- risks: {entrapment: low, asymetry: low}\n"
        "- code: {defense_commitment: nope}\n- level: p\n- earned\n"
    )
    result = run("quiz", "china-russia-2023", "--answers", "bad.yaml")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.splitlines()[:-1] == [
        "error: bad.yaml:4:11: /3/risks/entrapment: entrapment in risks is given twice: first at line 2 (item 2) "
        "(give each answer once)",
        "error: bad.yaml:6:3: /5/level: level is given twice: first at line 1 (item 1) (give each answer once)",
        "error: bad.yaml:7:3: /6: expected a 'key: answer' item, got 'earned' (write each answer as '- key: answer', "
        "e.g. '- level: partnership' or '- risks: {entrapment: high}')",
    ]
    Path("bad.yaml").write_text(
        "- level: csp\n- levle: sp\n- risks: {asymetry: low}\n- code: {defense_commitment: nope}\n"
    )
    errors = run("quiz", "china-russia-2023", "--answers", "bad.yaml").output.splitlines()[:-1]
    assert [e.split(": ")[1] for e in errors] == ["bad.yaml:2:3", "bad.yaml:3:11", "bad.yaml:4:30"], errors
    assert errors[0].endswith("/1/levle: unknown key 'levle' (did you mean 'level'?)")
    assert errors[1].endswith("/2/risks/asymetry: unknown risk 'asymetry' (did you mean 'asymmetry'?)")
    assert "/3/code/defense_commitment: 'nope' is not one of the choices" in errors[2]


def test_quiz_answers_file_reports_every_error_located(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("level: foo\nverdict: inflatd\nhedging: maybe\n")
    result = run("quiz", "eu-china-2023", "--answers", "a.yaml")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors[0].startswith(
        "error: a.yaml:1:8: /level: 'foo' is not one of the answers: none (no framework), partnership"
    )
    assert errors[0].endswith("(or a short name: p, sp, csp, cspc)")
    assert errors[1].startswith(
        "error: a.yaml:2:10: /verdict: 'inflatd' is not one of the answers: consistent, inflated"
    )
    assert errors[1].endswith("(did you mean 'inflated'?)")
    assert errors[2] == (
        "error: a.yaml:3:10: /hedging: 'maybe' is not one of the answers: yes, no or undecided (write one as listed, e.g. 'yes')"
    )
    assert len(errors) == 3 and "3 errors" in result.output


def test_quiz_answers_file_locates_each_bad_item_of_a_set(tmp_path, monkeypatch):
    """Each item a set's answer gets wrong is its own error, at the item, not at the list's '['."""
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("level: sp\ncode:\n  sectors: [trade, energyy, spacee]\n")
    result = run("quiz", "kelmar-doravia", "--answers", "a.yaml")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert [e.split(": '")[0] for e in errors] == [
        "error: a.yaml:3:20: /code/sectors/1",
        "error: a.yaml:3:29: /code/sectors/2",
    ]
    assert "(did you mean 'energy'? choose one of: 1) defense" in errors[0]
    assert "(did you mean 'space'? choose one of: 1) defense" in errors[1]


def test_quiz_shows_a_scenario_s_text_without_its_control_sequences(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = yaml.safe_load((ROOT / "scenarios" / "kelmar-doravia.yaml").read_text())
    data["title"] = "Kelmar \x1b]0;pwned\x07and Doravia"
    data["narrative"] = "\x1b[2J" + data["narrative"]
    data["teaching_notes"][0]["note"] += " \x1b[31mred"
    Path("evil.yaml").write_text(yaml.safe_dump(data))
    Path("a.yaml").write_text("level: p\n")
    for args, typed in ((["--answers", "a.yaml"], None), (["--replace"], "skip\n" * 10)):
        result = run("quiz", "evil.yaml", *args, input=typed)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "red" in result.output and "Score:" in result.output
        if typed:
            assert "Kelmar and Doravia" in result.output


@pytest.mark.parametrize("replace", [[], ["--replace"]])
def test_an_interview_refuses_one_file_for_the_answers_and_the_transcript(tmp_path, replace):
    """Both are written at every stop: the transcript would replace the answers, and --resume could not read them."""
    same = str(tmp_path / "same.yaml")
    result = run("interview", "--save", same, "--transcript", same, *replace, input="USA IND\n\n1\nquit\n")
    assert result.exit_code == 2
    assert f"{same}: --save and --transcript name the same file" in result.output
    assert not (tmp_path / "same.yaml").exists()
    result = run("interview", "--save", same, input="USA IND\n\n1\nquit\n")  # the transcript beside it
    assert result.exit_code == 0 and yaml.safe_load((tmp_path / "same.yaml").read_text())["parties"] == ["USA", "IND"]


def test_a_resumed_interview_writes_its_answers_over_its_answers_only(tmp_path):
    """--resume X may write X and the transcript beside it, each with its own option: answers saved over
    the transcript would lose it (and the new transcript would go to X.transcript.transcript.json)."""
    answers = tmp_path / "x.yaml"
    result = run("interview", "--save", str(answers), input="USA IND\n\n1\nquit\n")
    assert result.exit_code == 0
    transcript = tmp_path / "x.transcript.json"
    kept = transcript.read_text()
    result = run("interview", "--resume", str(answers), "--save", str(transcript), input="quit\n")
    assert result.exit_code == 2
    assert f"{transcript}: already holds the transcript of an earlier interview" in result.output
    assert transcript.read_text() == kept
    # an answers file named as the transcript is said to be one
    result = run("interview", "--save", str(tmp_path / "y.yaml"), "--transcript", str(answers), input="quit\n")
    assert result.exit_code == 2
    assert f"{answers}: already holds an interview of USA and IND (1 answer)" in result.output
    result = run("interview", "--resume", str(answers), input="quit\n")  # its own files: allowed
    assert result.exit_code == 0


def test_an_interview_writes_to_a_device_as_a_stream_and_never_reads_it(tmp_path):
    """/dev/null holds no saved interview: the transcript goes there (before, the check for an earlier
    interview read it, and read /dev/zero without end)."""
    result = run(
        "interview", "--save", str(tmp_path / "x.yaml"), "--transcript", "/dev/null", input="USA IND\n\n3\nquit\n"
    )
    assert result.exit_code == 0, result.output
    assert "the transcript is sent to /dev/null, which keeps nothing" in result.output
    assert yaml.safe_load((tmp_path / "x.yaml").read_text())["parties"] == ["USA", "IND"]


def test_a_class_report_of_a_file_says_it_is_not_a_folder(tmp_path):
    transcript = tmp_path / "t1.quiz.json"
    transcript.write_text("{}")
    result = run("quiz", "report", str(transcript))
    assert result.exit_code == 2 and f"{transcript}: not a folder" in result.output
    assert f"amity quiz report {tmp_path}" in result.output
    result = run("quiz", "report", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "no such folder" in result.output


def test_a_class_report_of_a_folder_without_a_transcript_that_loads_is_bad_input(tmp_path):
    """It was 'Class report: 0 transcripts' and its empty tables, exit 0: the wrong folder looked like a class
    that answered nothing, and a folder of broken transcripts like one that had none."""
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "notes.txt").write_text("not a transcript")
    result = run("quiz", "report", str(tmp_path / "class"))
    assert result.exit_code == 2, result.output
    assert f"error: {tmp_path / 'class'}: no quiz transcript (*.json) in this folder (amity quiz saves one" in (
        result.stderr
    )
    assert "Class report" not in result.output
    (tmp_path / "class" / "ana.quiz.json").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "class" / "bo.quiz.json").write_text("{}")
    result = run("quiz", "report", str(tmp_path / "class"), "-f", "json")
    assert result.exit_code == 2, result.output
    assert (
        "ana.quiz.json:1:1: the file is a PNG image, not text" in result.stderr
        and "bo.quiz.json:1:1: /: is not a quiz transcript" in result.stderr
    )
    assert "no quiz transcript in this folder loads (2 errors above)" in result.stderr
    assert result.stdout == ""
    (tmp_path / "a.yaml").write_text("level: partnership\n")
    saved = run(
        "quiz",
        "kelmar-doravia",
        "--answers",
        str(tmp_path / "a.yaml"),
        "--save",
        str(tmp_path / "class" / "cy.quiz.json"),
    )
    assert saved.exit_code == 0, saved.output
    result = run("quiz", "report", str(tmp_path / "class"))  # the others are said, and the one that loads summed up
    assert result.exit_code == 0 and "Class report: 1 transcript" in result.stdout, result.output
    assert "ana.quiz.json:1:1: the file is a PNG image, not text" in result.stderr


@pytest.mark.parametrize(
    "command", [["interview", "--answers"], ["interview", "--resume"], ["assess"], ["validate", "-q"]]
)
def test_a_scenario_or_a_transcript_given_as_a_profile_is_said_to_be_one(tmp_path, monkeypatch, command):
    """A scenario given to `amity interview --answers` was 'missing required field parties' and an 'unknown
    field' for each of its own keys (eight errors), never that it is a scenario, whose profile is under profile:;
    a transcript likewise."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "scenarios" / "kelmar-doravia.yaml", "k.yaml")
    Path("a.yaml").write_text("level: partnership\n", encoding="utf-8")
    assert run("quiz", "k.yaml", "--answers", "a.yaml", "--save", "k.quiz.json").exit_code == 0
    assert run("interview", "--answers", "k.yaml", "--save", "x.yaml").exit_code == 2
    shutil.copy(ROOT / "examples" / "us-japan.yaml", "p.yaml")
    assert run("interview", "--answers", "p.yaml", "--save", "iv.yaml").exit_code == 0
    said = {
        "k.yaml": "k.yaml:2:1: /: is a scenario, not a profile: the relationship's profile is under its key 'profile' "
        "(its quiz is amity quiz FILE; to assess it, give the mapping under profile: alone)",
        "k.quiz.json": "k.quiz.json:1:1: /: is a quiz transcript, not a profile (amity quiz report DIR reads",
        "iv.transcript.json": "iv.transcript.json:1:1: /: is an interview transcript, not a profile: the "
        "relationship's profile is under its key 'profile' (give the answers file the interview saved beside it",
    }
    for name, words in said.items():
        result = run(*command, name)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: {words}"), result.stderr
        assert result.stderr.count("error:") == 1, result.stderr


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{}", ["/: is not a quiz transcript: it has none of a quiz transcript's fields"]),
        ('{"parties": ["USA", "JPN"]}', ["/: is not a quiz transcript: it reads as a relationship profile"]),
        (
            '{"kind": "quiz", "scenario": "kelmar-doravia"}',
            [f"/: missing required field '{f}'" for f in ("pack", "title", "trainee", "items", "score", "max_score")],
        ),
    ],
    ids=["empty-mapping", "profile", "half-a-transcript"],
)
def test_a_file_that_is_no_quiz_transcript_says_what_one_is_and_all_it_lacks(tmp_path, text, said):
    """`{}` as a transcript was '/: missing required field 'kind'' alone: the best match among the schema's
    alternatives (interview, quiz), never what a transcript is nor the seven other fields it lacks."""
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "bo.quiz.json").write_text(text)
    result = run("quiz", "report", str(tmp_path / "class"))
    assert result.exit_code == 2, result.output
    for words in said:
        assert f"bo.quiz.json:1:1: {words}" in result.stderr, result.stderr
    if "none" in said[0]:
        assert "a quiz transcript is the JSON file amity quiz saves after a run" in result.stderr
        assert "it has kind, pack, scenario, title, trainee, items, score and max_score" in result.stderr


def test_the_readme_answers_file_is_marked_on_the_scenario_it_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the transcript is saved in the working folder
    block = re.search(r"`amity quiz kelmar-doravia --answers answers.yaml`.*?```yaml\n(.*?)```", README, re.S)
    assert block, "the README shows an answers file for kelmar-doravia"
    (tmp_path / "answers.yaml").write_text(block.group(1))
    result = run("quiz", "kelmar-doravia", "--answers", str(tmp_path / "answers.yaml"))
    assert result.exit_code == 0, result.output
    assert "Score:" in result.output and "(skipped)" not in result.output


def test_the_readme_validate_summary_is_what_validate_prints(tmp_path):
    """Every line the README quotes of the bundled dataset's summary (not those it cuts) is amity's."""
    block = re.search(
        r"```text\n\$ amity validate data/relationships\.csv [^\n]*\n(data/relationships\.csv: .*?)```", README, re.S
    )
    assert block, "the README quotes the summary of data/relationships.csv"
    result = run("validate", str(ROOT / "data" / "relationships.csv"), "-o", str(tmp_path / "r.csv"), "-j", "1")
    printed = set(result.output.splitlines())
    quoted = [line for line in block.group(1).splitlines() if line.strip() and "…" not in line]
    missing = [
        line
        for line in quoted
        if line.replace("data/relationships.csv", str(ROOT / "data" / "relationships.csv"), 1) not in printed
    ]
    assert not missing, f"README lines validate does not print: {missing}"


# --------------------------------------------------------------------------- a trainee's reading of the words


def test_why_not_names_every_item_that_would_do_in_the_quiz_and_in_json(tmp_path, monkeypatch):
    """Not 'if sectors added defense' where any third sector would do (energy does as well)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("level: sp\n")
    quiz = run("quiz", "kelmar-doravia", "--answers", "a.yaml")
    assert quiz.exit_code == 0, quiz.output
    assert (
        "It would be a strategic partnership or a higher partnership if sectors had one more item (for example defense)."
        in (quiz.output)
    )
    assert "added defense" not in quiz.output
    profile = yaml.safe_load((ROOT / "scenarios" / "eu-china-2023.yaml").read_text())["profile"]
    (tmp_path / "euc.yaml").write_text(yaml.safe_dump(profile))
    data = json.loads(run("assess", "euc.yaml", "--why-not", "csp", "-f", "json").output)
    texts = [c["text"] for cs in data["why_not"]["change_sets"] for c in cs["changes"] if c["field"] == "sectors"]
    assert texts and set(texts) == {"sectors had one more item (for example defense)"}
    energy = {**profile, "sectors": [*profile["sectors"], "energy"], "economic_integration": "deep"}
    (tmp_path / "energy.yaml").write_text(yaml.safe_dump(energy))
    reached = json.loads(run("assess", "energy.yaml", "-f", "json").output)
    assert reached["level"] == "comprehensive_strategic_partnership"


def test_a_pack_without_the_level_says_no_change_of_the_facts_makes_it_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("pack", "new", "solo", "--extends", "").exit_code == 0
    example = tmp_path / "solo" / "profiles" / "example.yaml"
    out = run("assess", "--pack", "solo", str(example)).output
    assert (
        "not strategic partnership: it cannot be a strategic partnership or a higher partnership in this pack, whatever the facts"
        in out
    )
    assert "under no change" not in out


def test_a_missing_finding_reads_without_its_article(tmp_path):
    """'no alliance commitment', not 'no an alliance commitment', in the How tree."""
    (tmp_path / "sd.yaml").write_text("parties: [EU, CHN]\nlegal_basis: joint_statement\nsecurity_dependence: true\n")
    out = run("assess", str(tmp_path / "sd.yaml")).output
    assert "      no alliance commitment\n" in out and "no an " not in out and "no a " not in out


def test_a_large_file_in_the_way_of_an_interview_is_not_read_whole(tmp_path, monkeypatch):
    """What is in the way is read as any document is, within its bound: past it, it is 'a file', refused
    all the same, not read into memory to the end."""
    import amity.engine.document as document

    saved = tmp_path / "x.yaml"
    assert run("interview", "--save", str(saved), input="USA IND\n\n1\nquit\n").exit_code == 0
    result = run("interview", "--save", str(saved), input="quit\n")
    assert "already holds an interview of USA and IND (1 answer)" in result.output
    saved.write_text(saved.read_text() + "#" * 300_000 + "\n")  # a comment: the same interview, larger
    assert "already holds an interview of USA and IND" in run("interview", "--save", str(saved), input="q\n").output
    monkeypatch.setattr(document, "DOCUMENT_MOST", 200_000)  # above the pack's files, below this one
    result = run("interview", "--save", str(saved), input="quit\n")
    assert result.exit_code == 2 and f"{saved}: already holds a file" in result.output


def test_the_readme_assess_example_says_how_many_items_as_a_person_does(tmp_path):
    """The open level's ways, for the README's profile: 'had at most 2 items', not 'had 0 to 2 items'."""
    profile = re.search(r"Every field except\n`parties` is optional:\n\n```yaml\n(.*?)```", README, re.S)
    assert profile, "README has the assess example's profile"
    (tmp_path / "p.yaml").write_text(profile.group(1))
    printed = run("assess", str(tmp_path / "p.yaml")).output
    assert (
        "  strategic partnership: if security cooperation had at most 2 items (for example none), economic "
        "integration were none, limited or substantial and time horizon were long term;"
    ) in printed
    assert not re.search(r"had \d+ to \d+ items|had none", printed)


def test_an_open_level_is_said_in_the_why_not_sentence_s_own_words(tmp_path, monkeypatch):
    """The text report's line for each open level is the why-not's ``ways``, the words its sentence ends
    with, not a copy of them: change them in the engine and the report follows."""
    from amity.engine import Assessor, load_pack
    from amity.engine.explain import level_notes
    from amity.engine.whynot import WhyNot

    text = re.search(r"Every field except\n`parties` is optional:\n\n```yaml\n(.*?)```", README, re.S)
    assert text, "README has the assess example's profile"
    (tmp_path / "p.yaml").write_text(text.group(1))
    printed = run("assess", str(tmp_path / "p.yaml")).output.splitlines()
    profile = yaml.safe_load(text.group(1))
    assessor = Assessor(load_pack("core"))
    notes = level_notes(assessor, profile, assessor.assess(profile))
    assert len(notes.open_levels) == 4
    for w in notes.open_levels:
        assert w.ways().startswith("if ") and w.sentence().endswith(" " + w.ways())
        assert f"  {w.target_text}: {w.ways()}" in printed
    monkeypatch.setattr(WhyNot, "ways", lambda self, limit=3: f"<{self.target} in the engine's words>")
    marked = run("assess", str(tmp_path / "p.yaml")).output
    for w in notes.open_levels:
        assert f"  {w.target_text}: <{w.target} in the engine's words>\n" in marked


def test_why_not_and_the_quiz_say_counts_as_a_person_does(tmp_path):
    """'there were no ministerial dialogues' and 'there were 2 or more ministerial dialogues', not
    'ministerial dialogues were 0' or 'were 0 to 1': in `assess --why-not` and the quiz's explanations."""
    answers = tmp_path / "a.yaml"
    answers.write_text("level: partnership\n")
    quiz = run("quiz", "china-russia-2023", "--answers", str(answers), "--save", str(tmp_path / "t.json"))
    assert quiz.exit_code == 0, quiz.output
    assert "summits were none or irregular and there were no ministerial dialogues." in quiz.output
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "parties: [IND, SAU]\nlegal_basis: joint_statement\ndefense_commitment: none\n"
        "sectors: [trade, energy, investment, defense]\nsummits: annual\nministerial_dialogues: 1\n"
        "working_groups: 4\npermanent_bodies: false\ntime_horizon: long_term\n"
        "economic_integration: substantial\nsecurity_cooperation: [joint_exercises]\n"
    )
    assessed = run("assess", str(profile), "--why-not", "csp")
    assert assessed.exit_code == 0, assessed.output
    assert "and there were 2 or more ministerial dialogues;" in assessed.output
    assert "and there were 5 or more working groups;" in assessed.output
    for printed in (quiz.output, assessed.output):
        assert not re.search(r"(dialogues|groups) were \d", printed)


def test_quiz_answers_file_says_every_bad_answer_in_the_labels_a_trainee_sees(tmp_path, monkeypatch):
    """Every bad answer at once, each located, the answers listed as the quiz shows them ('strategic
    partnership', 'none (no framework)'), never as codes ('strategic_partnership'), each with a suggestion;
    an answer written as its label is taken."""
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(
        "level: strategic_partnershp\nrisks: {abandonment: hihg}\nverdict: 7\ncode: {legal_basis: treaty}\n"
    )
    result = run("quiz", "tesmar-halvan", "--answers", "a.yaml")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: a.yaml:1:8: /level: 'strategic_partnershp' is not one of the answers: none (no framework), "
        "partnership, strategic partnership, comprehensive strategic partnership, comprehensive strategic "
        "partnership of coordination, alliance or undecided (did you mean 'strategic partnership'?)",
        "error: a.yaml:2:22: /risks/abandonment: 'hihg' is not one of the answers: low, moderate, high or undecided "
        "(did you mean 'high'?)",
        "error: a.yaml:3:10: /verdict: 7 is not one of the answers: consistent, inflated, deflated, unrecognized, "
        "undeclared or undecided (write one as listed, e.g. 'consistent')",
        "error: a.yaml:4:21: /code/legal_basis: 'treaty' is not one of the choices for legal basis (did you mean "
        "'signed treaty'? choose one of: 1) ratified treaty, 2) signed treaty, 3) joint statement, 4) memorandum, "
        "5) none)",
    ]
    assert "4 errors" in result.output
    Path("a.yaml").write_text(
        "level: strategic partnership\nrisks: {abandonment: High}\nverdict: inflated\ncode: {legal_basis: signed treaty}\n"
    )
    taken = run("quiz", "tesmar-halvan", "--answers", "a.yaml", "--format", "json")
    assert taken.exit_code == 0, taken.output
    given = {item["question"]: item["answer"] for item in json.loads(taken.stdout)["items"]}
    assert given == {
        "level": "strategic_partnership",
        "risk:abandonment": "high",
        "verdict": "inflated",
        "code:legal_basis": "signed_treaty",
    }


def test_quiz_answers_file_names_every_bad_item_of_a_set_typed_on_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text('code: {sectors: "trade, bogus, defence"}\n')
    result = run("quiz", "kelmar-doravia", "--answers", "a.yaml")
    assert result.exit_code == 2
    assert (
        "error: a.yaml:1:17: /code/sectors: 'bogus' and 'defence' are not among the choices for sectors "
        "('defence': did you mean 'defense'? choose one of: 1) defense, 2) trade, 3) investment,"
    ) in result.output


def _coding_security_cooperation() -> dict:
    """kelmar-doravia asking to code security cooperation, whose names on the menu have spaces in them."""
    data = yaml.safe_load((ROOT / "scenarios" / "kelmar-doravia.yaml").read_text())
    data["scenario"] = "kd-security"
    data["questions"] = [{"ask": "code", "field": "security_cooperation"}]
    return data


def test_set_names_typed_as_the_menu_shows_them_are_taken_everywhere(tmp_path, monkeypatch):
    """'joint exercises, arms transfers' in the interview, the terminal quiz and an answers file."""
    monkeypatch.chdir(tmp_path)
    typed = "joint exercises, arms transfers"
    Path("p.yaml").write_text(  # answered so far that security cooperation is the next question
        "{parties: [USA, IND], legal_basis: joint_statement, defense_commitment: none, sectors: [defense, trade],"
        " summits: annual, ministerial_dialogues: 1, time_horizon: long_term, economic_integration: substantial,"
        " shared_values: null, security_dependence: null, rival_ties: null, power_ratio: null,"
        " third_party_orientation: null}"
    )
    result = run("interview", "--resume", "p.yaml", input=f"{typed}\nquit\n")
    assert "security_cooperation> " in result.output and result.exit_code == 0, result.output
    assert "Not accepted" not in result.output, result.output
    assert yaml.safe_load(Path("p.yaml").read_text())["security_cooperation"] == ["joint_exercises", "arms_transfers"]

    Path("kd.yaml").write_text(yaml.safe_dump(_coding_security_cooperation()))
    Path("a.yaml").write_text(yaml.safe_dump({"code": {"security_cooperation": typed}}))
    for args, given in ((["--answers", "a.yaml", "--trainee", "file"], None), (["--trainee", "typed"], typed + "\n")):
        result = run("quiz", "kd.yaml", *args, input=given)
        assert result.exit_code == 0 and "Not accepted" not in result.output, result.output
        assert "  you: joint exercises, arms transfers   amity: none" in result.output


def test_facts_shows_what_a_person_wrote_as_written_and_vocabulary_values_in_words(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text(
        "id: usa_ind_2010\nparties: [USA, IND]\nas_of: 2023\ndeclared_label: Strategic_Partnership 2+2\n"
        "sources:\n  - {title: Joint_Statement of 2010, url: 'https://example.org/usa_ind/a_b.html'}\n"
        "  - {url: 'https://example.org/some_page'}\nlegal_basis: joint_statement\n"
    )
    result = run("interview", "--resume", "p.yaml", input="facts\nquit\n")
    assert result.exit_code == 0, result.output
    for line in (
        "  case id: usa_ind_2010\n",
        "  as of: 2023\n",
        "  official label: Strategic_Partnership 2+2\n",  # as the interview asks it
        "  sources: Joint_Statement of 2010; https://example.org/some_page\n",
        "  legal basis: joint statement\n",
    ):
        assert line in result.output, result.output


def test_a_trainee_s_name_with_a_control_character_is_refused_even_with_save(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("level: p\n")
    for args, said in [
        ([], "cannot name a transcript file: it has a control character (U+001B) in it"),
        (["--save", "t.json"], "is not taken: it has a control character (U+001B) in it"),
    ]:
        result = run("quiz", "kelmar-doravia", "--answers", "a.yaml", "--trainee", "ana\x1b[2J", *args)
        assert result.exit_code == 2 and said in result.stderr, result.output
        assert "\x1b" not in result.output and "--save FILE" not in result.stderr  # --save would not help
    assert not list(tmp_path.glob("*.json"))


def test_class_report_counts_a_copied_transcript_once_names_questions_in_words_and_aligns_titles(tmp_path):
    """A browser's second download ('name (1).quiz.json', the same content) is one trainee's run, said as a
    copy; the questions read as the quiz words them (not 'risk:fragility'); the titles start in one column."""
    out = tmp_path / "class"
    out.mkdir()
    for name, scenario, text in [
        ("ana", "kelmar-doravia", "level: sp\nrisks: {fragility: high}\nverdict: inflated\n"),
        ("bo", "eu-china-2023", "level: csp\nhedging: yes\n"),
        ("cy", "eu-china-2023", "level: sp\nhedging: yes\n"),
    ]:
        (tmp_path / f"{name}.yaml").write_text(text)
        args = ("--answers", str(tmp_path / f"{name}.yaml"), "--trainee", name, "--save")
        assert run("quiz", scenario, *args, str(out / f"{name}.quiz.json")).exit_code == 0
    (out / "ana.quiz (1).json").write_text((out / "ana.quiz.json").read_text())
    report = run("quiz", "report", str(out))
    assert report.exit_code == 0, report.output
    text = report.output
    assert text.startswith("Class report: 3 transcripts, 1 copy counted once\n"), text
    assert re.search(r"kelmar-doravia +1 taken", text)  # not 2
    assert f"  {out / 'ana.quiz (1).json'}: the same as {out / 'ana.quiz.json'}\n" in text
    assert "risk:" not in text and "code:" not in text
    assert "1 × kelmar-doravia, risk of fragility: answered high, amity says moderate" in text
    rows = [line for line in text.splitlines() if " taken   mean " in line]
    titles = ("Kelmar and Doravia", "Beijing, December")
    starts = {line.index(t) for line in rows for t in titles if t in line}
    assert len(rows) == 2 and len(starts) == 1, rows  # 'mean 1.25 / 4' and 'mean 2 / 4' in one column
    data = json.loads(run("quiz", "report", str(out), "-f", "json").stdout)
    assert data["transcripts"] == 3 and data["scenarios"]["kelmar-doravia"]["takers"] == 1
    assert data["copies"] == [{"file": str(out / "ana.quiz (1).json"), "same_as": str(out / "ana.quiz.json")}]


def test_interview_answers_with_save_saves_the_answers_and_the_transcript_as_help_says(tmp_path, monkeypatch):
    """--save with --answers was ignored: the answers and the transcript are now saved together, said on
    standard error (standard output stays the transcript alone), and never over another interview."""
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text("parties: [USA, IND]\nas_of: 2024\nlegal_basis: joint_statement\n")
    assert "nothing is written unless --save or --transcript" in " ".join(run("interview", "--help").output.split())
    result = run("interview", "--answers", "p.yaml", "--save", "out.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(Path("out.transcript.json").read_text())
    assert result.stderr == "Saved the answers in out.yaml and the transcript in out.transcript.json.\n"
    saved = yaml.safe_load(Path("out.yaml").read_text())
    assert saved["legal_basis"] == "joint_statement" and saved["as_of"] == 2024
    again = run("interview", "--answers", "p.yaml", "--save", "out.yaml")
    assert again.exit_code == 2 and "amity will not write over it" in again.stderr
    assert run("interview", "--answers", "p.yaml", "--save", "out.yaml", "--replace").exit_code == 0
    assert not Path("amity-interview.yaml").exists()
    run("interview", "--answers", "p.yaml")  # without --save, nothing is written, as before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.transcript.json", "out.yaml", "p.yaml"]


def test_an_interview_saves_a_number_its_answers_wrote_with_an_exponent(tmp_path, monkeypatch):
    """power_ratio: 1e1 in a file of answers was read as a float of a kind of its own, which YAML's safe
    writer refused: saving the interview was an internal error, and nothing was saved."""
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text("parties: [CHN, RUS]\npower_ratio: 1e1\ntrade_dependence: 2.5E-1\n")
    result = run("interview", "--answers", "p.yaml", "--save", "out.yaml")
    assert result.exit_code == 0, result.output
    saved = yaml.safe_load(Path("out.yaml").read_text())
    assert saved["power_ratio"] == 10.0 and saved["trade_dependence"] == 0.25


def test_class_report_counts_two_trainees_who_answered_alike_twice_and_names_the_original_of_each_copy(tmp_path):
    """Copies were told by content alone: two unnamed trainees with the same answers (a quiz has a few
    questions; full marks look alike) were counted once; and of three copies, one named another copy."""
    out = tmp_path / "class"
    out.mkdir()
    (tmp_path / "a.yaml").write_text("level: csp\nhedging: yes\n")
    for name in ("student1", "student2"):  # no --trainee: the transcripts are the same, byte for byte
        args = ("--answers", str(tmp_path / "a.yaml"), "--save", str(out / f"{name}.quiz.json"))
        assert run("quiz", "eu-china-2023", *args).exit_code == 0
    assert (out / "student1.quiz.json").read_text() == (out / "student2.quiz.json").read_text()
    for copy in ("student1.quiz (1).json", "student1.quiz (2).json"):
        (out / copy).write_text((out / "student1.quiz.json").read_text())
    data = json.loads(run("quiz", "report", str(out), "-f", "json").stdout)
    assert data["transcripts"] == 2 and data["scenarios"]["eu-china-2023"]["takers"] == 2
    original = str(out / "student1.quiz.json")
    assert data["copies"] == [
        {"file": str(out / "student1.quiz (1).json"), "same_as": original},
        {"file": str(out / "student1.quiz (2).json"), "same_as": original},
    ]


def test_an_interview_from_answers_keeps_every_fact_the_file_states_even_one_it_never_asks(tmp_path, monkeypatch):
    """sectors: [] settles the level before summits is asked: summits: annual was dropped, so the interview's
    assessment said summits were unknown where `amity assess` on the same file did not (found by a trial)."""
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text("parties: [USA, IND]\nlegal_basis: memorandum\nsectors: []\nsummits: annual\n")
    result = run("interview", "--answers", "p.yaml", "--save", "out.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(Path("out.yaml").read_text())["summits"] == "annual"
    interviewed = json.loads(result.stdout)["assessment"]
    assessed = json.loads(run("assess", "p.yaml", "-f", "json").stdout)
    assert interviewed["level"] == assessed["level"] and interviewed["risks"] == assessed["risks"]
    assert "summits unknown" not in run("interview", "--answers", "p.yaml").stdout


def test_an_empty_scenario_or_transcript_says_what_it_should_hold(tmp_path):
    """Both said 'expected a profile or a list of profiles'."""
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    result = run("quiz", str(tmp_path / "empty.yaml"))
    assert result.exit_code == 2
    assert "the file is empty (expected a scenario: a profile and its questions; see amity schema scenario)" in (
        result.output
    ), result.output
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "t.transcript.json").write_text("", encoding="utf-8")
    result = run("quiz", "report", str(tmp_path / "class"))
    assert "t.transcript.json: the file is empty (expected a quiz transcript, as amity quiz saves it)" in (
        result.output
    ), result.output


def test_why_not_says_what_the_relationship_has_not_the_condition_it_meets(tmp_path):
    """'Why not none?' on EU-China said 'here: legal basis is ratified treaty, signed treaty, joint statement or
    memorandum', the rule's condition read as a fact, where the legal basis is a joint statement (found by a
    new-user trial, helper-57). What holds a level up is said as the fact that holds it."""
    result = run("assess", str(ROOT / "examples" / "eu-china.yaml"), "--why-not", "none")
    assert result.exit_code == 0, result.output
    assert "a framework is at least a partnership; here: legal basis is joint statement\n" in result.output
    assert "here: legal basis is ratified treaty, signed treaty" not in result.output


def test_saving_to_dev_null_says_what_really_happened(tmp_path, monkeypatch):
    """`--save /dev/null` said 'Transcript saved in /dev/null.' and 'Your answers are saved in /dev/null ... Go on
    later with: amity interview --resume /dev/null'; and the interview's transcript, beside it by default, was
    written in /dev as /dev/null.transcript.json (helper-60). What goes to a device is said as it went; the
    interview refuses a transcript beside a device, and takes one named with --transcript."""
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("level: p\nverdict: consistent\n")
    result = run("quiz", "kelmar-doravia", "--answers", "a.yaml", "--save", "/dev/null")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("\nTranscript sent to /dev/null, which keeps nothing.\n")
    assert "saved in /dev/null" not in result.output

    before = set(Path("/dev").iterdir())
    result = run("interview", "--save", "/dev/null", input="USA IND\n\n3\nquit\n")
    assert result.exit_code == 2
    assert result.output == (
        "error: /dev/null: is not a file, so the transcript has no place beside it (it would go to "
        "/dev/null.transcript.json) (save the answers in a file (--save answers.yaml), or name the transcript too: "
        "--transcript FILE (/dev/null for none)) [--save]\n"
    )
    result = run("interview", "--save", "/dev/null", "--transcript", "/dev/null", input="USA IND\n\n3\nquit\n")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("\nThe answers and the transcript are sent to /dev/null, which keeps nothing.\n")
    assert "Go on later" not in result.output and "saved in /dev/null" not in result.output
    result = run("interview", "--answers", "a.yaml", "--save", "/dev/null", "--transcript", "t.json")
    assert result.exit_code == 2  # (a.yaml is a quiz's answers: refused as a profile, before anything is written)
    Path("p.yaml").write_text("parties: [USA, IND]\nlegal_basis: joint_statement\n")
    result = run("interview", "--answers", "p.yaml", "--save", "/dev/null", "--transcript", "t.json")
    assert result.exit_code == 0, result.output
    assert (
        result.stderr == "The answers are sent to /dev/null, which keeps nothing; the transcript is saved in t.json.\n"
    )
    assert set(Path("/dev").iterdir()) == before  # nothing written in /dev


def test_the_quiz_reveal_says_a_rule_s_name_once_with_its_parts_under_it(tmp_path, monkeypatch):
    """Answering alliance for Kelmar-Doravia, the reveal said 'A binding treaty with a mutual defense obligation
    is an alliance: ...' twice, once for each part of it that fails (helper-60). The name is said once, each
    part under it (the interview's whynot and assess --why-not read the same way)."""
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("level: alliance\n")
    result = run("quiz", "kelmar-doravia", "--answers", "a.yaml", "--save", "t.json")
    assert result.exit_code == 0, result.output
    name = "A binding treaty with a mutual defense obligation is an alliance"
    assert result.output.count(name) == 1, result.output
    assert (
        f"    - {name}:\n"
        "      - a binding instrument? No\n"
        "        - A signed or ratified treaty binds the parties in law, which guards against collapse in a crisis: "
        "legal basis is ratified treaty or signed treaty? No: legal basis is memorandum\n"
        "      - defense commitment is mutual defense? No: defense commitment is none\n"
    ) in result.output
    explanation = json.loads(Path("t.json").read_text())["items"][0]["explanation"]
    assert sum(name in line for line in explanation) == 1
    profile = yaml.safe_load((ROOT / "scenarios" / "kelmar-doravia.yaml").read_text())["profile"]
    Path("p.yaml").write_text(yaml.safe_dump(profile))
    result = run("assess", "p.yaml", "--why-not", "alliance")
    assert result.exit_code == 0 and result.output.count(name) == 1, result.output


def test_the_lioria_scenario_is_named_after_its_country_and_its_former_name_still_finds_it(tmp_path, monkeypatch):
    """The scenario of Lioria and Benmark was 'lioran-brief', a name the narrative never uses (helper-60). It is
    'lioria-brief'; 'lioran-brief' still finds it (a script, a class's notes), and a class report counts a
    transcript saved under the former name as the same scenario."""
    from amity.web.app import create_app
    from starlette.testclient import TestClient

    monkeypatch.chdir(tmp_path)
    assert (ROOT / "scenarios" / "lioria-brief.yaml").is_file()
    assert not (ROOT / "scenarios" / "lioran-brief.yaml").exists()
    Path("a.yaml").write_text("level: undecided\n")
    for name in ("lioria-brief", "lioran-brief"):
        result = run("quiz", name, "--answers", "a.yaml", "--trainee", name)
        assert result.exit_code == 0, result.output
        saved = json.loads(Path(f"lioria-brief-{name}.quiz.json").read_text())
        assert saved["scenario"] == "lioria-brief" and saved["title"].startswith("Lioria and Benmark")
    old = json.loads(Path("lioria-brief-lioran-brief.quiz.json").read_text())
    Path("class").mkdir()
    Path("class/new.json").write_text(json.dumps({**old, "trainee": "ana"}))
    Path("class/old.json").write_text(json.dumps({**old, "trainee": "bo", "scenario": "lioran-brief"}))
    report = run("quiz", "report", "class", "--format", "json")
    assert report.exit_code == 0, report.output
    assert {sid: s["takers"] for sid, s in json.loads(report.output)["scenarios"].items()} == {"lioria-brief": 2}
    web = TestClient(create_app("core"), base_url="http://testserver")
    page = web.get("/quiz/lioran-brief")  # a bookmark of the former page
    assert page.status_code == 200 and page.url.path == "/quiz/lioria-brief" and "Lioria and Benmark" in page.text
    assert 'href="/quiz/lioria-brief"' in web.get("/quiz").text


def test_the_readmes_scenario_example_passes_its_own_check(tmp_path):
    """'Writing a scenario': the file as the README shows it, saved as its comment says, agrees with the engine."""
    block = re.search(r"### Writing a scenario\n.*?```yaml\n(.*?)```", README, re.S)
    assert block, "README.md shows a scenario under 'Writing a scenario'"
    name = re.search(r"^scenario: ([\w-]+) +# the file is ([\w.-]+)$", block.group(1), re.M)
    assert name and name.group(2) == f"{name.group(1)}.yaml"
    path = tmp_path / name.group(2)
    path.write_text(block.group(1), encoding="utf-8")
    result = run("quiz", str(path), "--check")
    assert result.exit_code == 0, result.output
    assert "1 agrees, 0 disagree" in result.output
