"""amity interview and amity quiz in a real pseudo-terminal, typed into as a trainee would (pexpect)."""

from __future__ import annotations

import json
import sys

import pexpect
import pytest
import yaml

TIMEOUT = 60


def spawn(tmp_path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "amity.cli", *args],
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 200),
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
    )
    return child


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_interview_with_why_back_a_bad_answer_whynot_quit_and_resume(tmp_path):
    child = spawn(tmp_path, "interview")
    child.expect_exact("Which two parties?")
    child.sendline("USA")  # refused: one party only
    child.expect_exact("Not accepted")
    child.expect_exact("Which two parties?")
    child.sendline("USA IND")
    child.expect_exact("official label")
    child.sendline("Strategic Partnership")
    child.expect_exact("Question 1: Legal basis")
    child.expect_exact("1) ratified treaty")
    child.expect_exact("legal_basis> ")
    child.sendline("why")
    child.expect_exact("because these rules wait on it")
    child.expect_exact("What each answer would lead to")
    child.expect_exact("legal_basis> ")
    child.sendline("treaty")  # refused, with a hint
    child.expect_exact("Not accepted: 'treaty' is not one of the choices for legal basis")
    child.expect_exact("ratified treaty")
    child.expect_exact("legal_basis> ")
    child.sendline("3")  # joint statement
    child.expect(r"Question 2: (\w[^\r\n]*)")
    child.sendline("back")
    child.expect_exact("Undone: legal basis.")
    child.expect_exact("Question 1: Legal basis")
    child.sendline("joint statement")
    child.expect_exact("Question 2:")
    child.expect(r"(\w+)> ")
    child.sendline("whynot sp")
    child.expect_exact("Why not strategic partnership?")
    child.expect_exact("It would be a strategic partnership")
    child.expect(r"\w+> ")
    child.sendline("facts")
    child.expect_exact("legal basis: joint statement")
    child.expect(r"\w+> ")
    child.sendline("quit")
    child.expect_exact("Your answers are saved in amity-interview.yaml")
    assert finish(child) == 0
    saved = yaml.safe_load((tmp_path / "amity-interview.yaml").read_text())
    assert saved["parties"] == ["USA", "IND"] and saved["legal_basis"] == "joint_statement"

    child = spawn(tmp_path, "interview", "--resume", "amity-interview.yaml")
    child.expect_exact("Resuming USA and IND: 1 answers so far.")
    child.expect_exact("Question 2:")
    answers = {
        "sectors": "trade defense energy technology",
        "time_horizon": "long_term",
        "summits": "annual",
        "defense_commitment": "none",
        "rival_ties": "yes",
        "security_dependence": "no",
    }
    for _ in range(40):
        index = child.expect([r"\n(\w+)> ", "The interview is over"])
        if index == 1:
            break
        field = child.match.group(1)
        child.sendline(answers.get(field, "unknown"))
    else:
        pytest.fail("the interview did not end")
    child.expect_exact("Level:")
    child.expect_exact("How:")
    child.expect_exact("Saved the answers")
    assert finish(child) == 0
    transcript = json.loads((tmp_path / "amity-interview.transcript.json").read_text())
    assert transcript["kind"] == "interview" and transcript["questions"][0]["field"] == "legal_basis"


def test_quiz_on_a_bundled_scenario(tmp_path):
    child = spawn(tmp_path, "quiz", "eu-china-2023", "--trainee", "ana")
    child.expect_exact('a "comprehensive" partnership under strain')
    child.expect_exact("What level is this relationship?")
    child.expect_exact("answer> ")
    child.sendline("comprehensive")  # refused
    child.expect_exact("Not accepted")
    child.sendline("4")  # comprehensive strategic partnership
    child.expect_exact("borne out by the substance?")
    child.sendline("consistent")
    child.expect_exact("How high is the risk of fragility?")
    child.sendline("high")
    child.expect_exact("hedge?")
    child.sendline("yes")
    child.expect_exact("What amity concludes")
    child.expect_exact("half right (0.5/1)")
    child.expect_exact("It would be a comprehensive strategic partnership or higher if")
    child.expect_exact("Score: 2.5 out of 4")
    child.expect_exact("Teaching notes")
    child.expect_exact("Transcript saved in eu-china-2023-ana.quiz.json")
    assert finish(child) == 0
    transcript = json.loads((tmp_path / "eu-china-2023-ana.quiz.json").read_text())
    assert transcript["score"] == 2.5 and transcript["trainee"] == "ana"

    child = spawn(tmp_path, "quiz", "report", ".")
    child.expect_exact("Class report: 1 transcripts")
    child.expect_exact("answered comprehensive_strategic_partnership, amity says strategic_partnership")
    assert finish(child) == 0


def test_quiz_menu_of_a_folder(tmp_path):
    child = spawn(tmp_path, "quiz")
    child.expect_exact("Scenarios:")
    child.expect_exact("Which one? (number) ")
    child.sendline("99")
    child.expect_exact("Give a number from 1 to")
    child.sendline("quit")
    assert finish(child) == 0


def test_ctrl_c_keeps_the_answers(tmp_path):
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    child.expect_exact("Which two parties?")
    child.sendline("EU CHN")
    child.expect_exact("official label")
    child.sendline("")
    child.expect_exact("legal_basis> ")
    child.sendline("joint_statement")
    child.expect(r"\w+> ")
    child.sendintr()
    child.expect_exact("Your answers are saved in mine.yaml")
    assert finish(child) == 0
    assert yaml.safe_load((tmp_path / "mine.yaml").read_text())["legal_basis"] == "joint_statement"


def test_quiz_refusals_speak_of_the_numbers_on_screen_and_show_no_control_sequence(tmp_path):
    child = spawn(tmp_path, "quiz", "eu-china-2023")
    child.expect_exact("What level is this relationship?")
    child.expect_exact("answer> ")
    child.sendline("9")
    child.expect(r"Not accepted: ([^\r\n]*)\r\n")
    refusal = child.match.group(1)
    assert refusal == "'9' is not one of the choices: type a number from 1 to 7, or the name, or p, sp, csp, cspc"
    child.expect_exact("answer> ")
    child.sendline("allianse")
    child.expect(r"Not accepted: ([^\r\n]*)\r\n")
    assert child.match.group(1).endswith("or the name, or p, sp, csp, cspc (did you mean 'alliance'?)")
    child.expect_exact("answer> ")
    child.sendline("\x1b]0;pwned\x07\x1b[2Jx")  # a title-setting OSC and a screen clear
    child.expect(r"Not accepted: ([^\r\n]*)\r\n")
    refusal = child.match.group(1)
    assert refusal.startswith("'x' is not one of the choices") and "\x1b" not in refusal and "\x07" not in refusal
    child.sendline("quit")
    child.expect_exact("Stopped; nothing saved.")
    assert finish(child) == 0


@pytest.mark.parametrize(("stop", "code"), [("ctrl-c", 130), ("ctrl-d", 0)])
def test_quiz_stopped_at_a_question_saves_nothing_and_says_how_it_ended(tmp_path, stop, code):
    child = spawn(tmp_path, "quiz", "eu-china-2023", "--trainee", "ana")
    child.expect_exact("What level is this relationship?")
    child.expect_exact("answer> ")
    child.sendline("sp")
    child.expect_exact("borne out by the substance?")
    child.expect_exact("answer> ")
    if stop == "ctrl-c":
        child.sendintr()
    else:
        child.sendeof()
    child.expect_exact("Stopped; nothing saved.")
    assert finish(child) == code
    assert list(tmp_path.iterdir()) == []
