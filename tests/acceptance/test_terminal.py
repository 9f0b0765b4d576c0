"""amity interview and amity quiz in a real pseudo-terminal, typed into as a trainee would (pexpect)."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from tests.processes import as_a_shell_starts_it

TIMEOUT = 60
ROOT = Path(__file__).resolve().parents[2]


def spawn(tmp_path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "amity.cli", *args],
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 200),
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
        preexec_fn=as_a_shell_starts_it,
    )
    return child


def reading(child: pexpect.spawn) -> pexpect.spawn:
    """Wait until the child is asleep, reading its terminal: then a signal sent to it is taken at once.

    A prompt on the screen is not that moment. Python's readline prints the prompt, then waits for the terminal
    in select() with no timeout; a signal that comes between the two is noted but wakes nothing, and the
    program sleeps on until a key is typed. A test that sent Ctrl-C as soon as it saw the prompt waited out
    its timeout when the machine was busy enough to leave the signal in that gap (about one run in 200 under
    load). Linux only (/proc); elsewhere it returns at once, as the tests did before.
    """
    # asleep in select or poll of the terminal (not in a write to it: 'wait_woken')
    return asleep_in(child, "poll", "select")


def writing_held(child: pexpect.spawn) -> pexpect.spawn:
    """Wait until the child is asleep in a write to its terminal, held there because the terminal's output is
    stopped (Ctrl-S): it has begun to show what it shows, and waits. Linux only, as ``reading``."""
    return asleep_in(child, "wait_woken", "tty_write")


def asleep_in(child: pexpect.spawn, *waits: str) -> pexpect.spawn:
    """Wait until the child is asleep in the kernel in a function whose name holds one of WAITS (its
    /proc/PID/wchan; a kernel that hides it says '0', and then asleep at all is taken), or has stopped."""
    import time

    proc = Path(f"/proc/{child.pid}")
    deadline = time.monotonic() + TIMEOUT
    while proc.is_dir() and time.monotonic() < deadline:
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            waits_in = (proc / "wchan").read_text()
        except OSError:  # it has stopped: what it did is for the test to see
            break
        if state == "S" and (waits_in in ("", "0") or any(w in waits_in for w in waits)):
            return child
        time.sleep(0.002)
    return child


#: a profile with every fact but the trade dependence: the one question left
TRADE_LEFT = (
    "parties: [AAA, BBB]\nlegal_basis: joint_statement\ndefense_commitment: none\n"
    "third_party_orientation: not_adversarial\nsectors: [trade, investment]\nsecurity_cooperation: []\n"
    "shared_values: high\nrecent_crisis: false\nexit_costs: moderate\nduration: indefinite\n"
    "time_horizon: long_term\nrival_ties: false\npower_ratio: 12\nsecurity_dependence: false\n"
)
#: an interview over: TRADE_LEFT answered to the end
ENDED = TRADE_LEFT + "trade_dependence: 0.05\n"


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
    # each question says where the seed discusses it, by a heading of rules/core/seed.txt
    child.expect_exact("Question 1: Legal basis (seed: Key Distinction: Partnership vs. Alliance)")
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
    child.expect_exact("Undone: legal basis (it was joint statement).")
    child.expect_exact("Question 1: Legal basis")
    child.sendline("joint statement")
    child.expect_exact("Question 2:")
    child.expect(r"(\w+)> ")
    child.sendline("whynot sp")
    child.expect_exact("Why not strategic partnership?")
    child.expect_exact("It would be a strategic partnership")
    child.expect(r"\w+> ")
    child.sendline("facts")  # the case as the profile has it, then the answers, in one format
    child.expect_exact(
        "facts\r\n  parties: USA, IND\r\n  official label: Strategic Partnership\r\n  legal basis: joint statement\r\n"
    )
    child.expect(r"\w+> ")
    child.sendline("quit")
    child.expect_exact("Your answers are saved in amity-interview.yaml")
    assert finish(child) == 0
    saved = yaml.safe_load((tmp_path / "amity-interview.yaml").read_text())
    assert saved["parties"] == ["USA", "IND"] and saved["legal_basis"] == "joint_statement"

    child = spawn(tmp_path, "interview", "--resume", "amity-interview.yaml")
    child.expect_exact("Resuming USA and IND: 1 answer so far.")
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
    child.sendline("comprehensive")  # refused: the start of two names, both named with their numbers (helper-63)
    child.expect_exact("Not accepted")
    child.expect(r"\n\s*\(help for the commands\)")
    said = " ".join(child.before.split())
    assert (
        "('comprehensive' starts 4) comprehensive strategic partnership or 5) comprehensive strategic partnership "
        "of coordination: type the number, or the whole name)" in said
    ), said
    child.sendline("4")  # comprehensive strategic partnership
    child.expect_exact("borne out by the substance?")
    child.sendline("consistent")
    child.expect_exact("How high is the risk of fragility?")
    child.sendline("high")
    child.expect_exact("hedge?")
    child.sendline("yes")
    child.expect_exact("What amity concludes")
    child.expect_exact("half right (0.5/1)")
    child.expect_exact("It would be a comprehensive strategic partnership or a higher partnership if")
    child.expect_exact("Score: 2.5 out of 4")
    child.expect_exact("Teaching notes")
    child.expect_exact("Transcript saved in eu-china-2023-ana.quiz.json")
    assert finish(child) == 0
    transcript = json.loads((tmp_path / "eu-china-2023-ana.quiz.json").read_text())
    assert transcript["score"] == 2.5 and transcript["trainee"] == "ana"

    child = spawn(tmp_path, "quiz", "report", ".")
    child.expect_exact("Class report: 1 transcript\r\n")
    # in the words the trainee chose them by, not the transcript's codes
    child.expect_exact("answered comprehensive strategic partnership, amity says strategic partnership")
    assert finish(child) == 0


def test_why_not_says_when_the_rules_under_a_finding_are_ways_to_it_not_parts_of_it(tmp_path):
    """Under 'deep integration fails', why-not listed the rule of deep economic integration and that of deep
    security integration, as it lists the parts a rule needs: a trainee took both for needed, where either gives
    it (a trial of the quiz, helper-75). It says so, here as on the page (test_serve_in_browser)."""
    child = spawn(tmp_path, "quiz", "eu-china-2023")
    child.expect_exact("answer> ")
    child.sendline("4")  # comprehensive strategic partnership
    for _ in range(3):
        child.expect_exact("answer> ")
        child.sendline("skip")
    child.expect_exact("amity: the level is strategic partnership, not comprehensive strategic partnership.")
    child.expect(r"- deep integration\? No \(either rule below would give it\)\r\n\s+- A free-trade area")
    child.expect_exact("- Three or more forms of military cooperation are deep security integration:")
    assert finish(child) == 0


def test_why_not_names_the_facts_that_hold_a_rating_up_not_the_condition_they_meet(tmp_path):
    """Why the fragility risk is not low said 'here: (exit costs is low or duration is renewable or fixed term)',
    and left the learner to find which holds (a trial of the quiz, helper-75): it names the facts that hold it, as
    it does for a part of one fact, and as the page does (test_serve_in_browser's test of the same name)."""
    child = spawn(tmp_path, "quiz", "kelmar-doravia")
    for answer in ("p", "consistent", "low", "skip"):
        child.expect_exact("answer> ")
        child.sendline(answer)
    child.expect_exact("amity: the fragility risk is moderate, not low.")
    child.expect_exact("- A non-binding framework that is cheap to leave or up for renewal is easy to exit")
    child.expect_exact("- here: a non-binding instrument\r\n")
    child.expect_exact("- here: exit costs is low; duration is renewable\r\n")
    assert finish(child) == 0


def test_quiz_narrative_markdown_is_bold_at_a_terminal_and_plain_words_in_a_pipe(tmp_path):
    child = spawn(tmp_path, "quiz", "lioria-brief")
    child.expect_exact("only from the text.)")
    child.expect_exact("answer> ")
    shown = child.before
    assert "\x1b[1mBenmark (short wire item).\x1b[0m Lioria and Benmark" in shown
    assert "*" not in shown
    child.sendline("quit")
    assert finish(child) == 0

    scenario = yaml.safe_load((ROOT / "scenarios" / "china-russia-2023.yaml").read_text())
    scenario["narrative"] = scenario["narrative"].replace("Moscow", "\x1b]0;pwned\x07Moscow")
    (tmp_path / "evil.yaml").write_text(yaml.safe_dump(scenario))
    for where in ("china-russia-2023", "evil.yaml"):
        run = subprocess.run(
            [sys.executable, "-m", "amity.cli", "quiz", where],
            input=b"quit\n",
            capture_output=True,
            cwd=tmp_path,
            timeout=TIMEOUT,
        )
        out = run.stdout.decode()
        words = " ".join(out.split())
        assert run.returncode == 0 and "Moscow, 21 March 2023. " in words and " consult " in words
        assert "*" not in out.split("What level")[0], "no Markdown asterisk in the narrative"
        assert not [c for c in out if ord(c) < 32 and c != "\n"], "no style, nor the text's own sequences, in a pipe"

    child = spawn(tmp_path, "quiz", "evil.yaml")
    child.expect_exact("answer> ")
    assert "pwned" not in child.before and "\x07" not in child.before, "terminal_safe still holds at a terminal"
    assert "\x1b[1mMoscow, 21 March 2023.\x1b[0m" in child.before and "\x1b[4mconsult\x1b[0m" in child.before
    child.sendline("quit")
    assert finish(child) == 0


MENU = "Which one? (number or name) "


def test_quiz_menu_of_a_folder(tmp_path):
    child = spawn(tmp_path, "quiz")
    child.expect_exact("Scenarios:")
    child.expect_exact(MENU)
    child.sendline("99")
    child.expect(r"'99' is not one of the scenarios: type a number from 1 to \d+, or a name as shown in brackets")
    child.expect_exact(MENU)
    child.sendline("quit")
    child.expect_exact("Stopped before a scenario was chosen; nothing saved.")
    assert finish(child) == 0


def test_quiz_menu_ended_with_ctrl_d_says_so_on_a_line_of_its_own(tmp_path):
    """Ctrl-D at the menu of scenarios stopped in silence, the shell's prompt after amity's on the same line
    (helper-67); quit said nothing either. Both say that nothing was chosen or saved, on a line of their own."""
    child = spawn(tmp_path, "quiz")
    child.expect_exact(MENU)
    reading(child).sendeof()
    child.expect_exact("Stopped before a scenario was chosen; nothing saved.")
    assert child.before == "\r\n", "on a line of its own, after the prompt"
    assert finish(child) == 0


def by_title() -> list[tuple[str, str]]:
    """The bundled scenarios' (title, id), in the order of their titles as a reader sorts them."""
    found = [yaml.safe_load(p.read_text()) for p in (ROOT / "scenarios").glob("*.yaml")]
    return sorted(((s["title"], s["scenario"]) for s in found), key=lambda t: (t[0].casefold(), t[1]))


def test_quiz_menu_lists_the_scenarios_by_title_as_the_web_page_does(tmp_path):
    """The terminal's menu listed the scenarios by file name (Moscow's before Beijing's), the web page by
    title, so a class told "take number 3" took two different scenarios (helper-66). Both list them by title;
    the terminal shows each one's id, which it takes as a choice, and a number picks the line it numbers."""
    child = spawn(tmp_path, "quiz")
    child.expect_exact("Scenarios:")
    child.expect_exact(MENU)
    lines = [line.strip() for line in child.before.splitlines() if line.strip()]
    listed = [re.fullmatch(r"(\d+)\) (.+)  \[([a-z0-9-]+), (?:real|fictional)\]", line) for line in lines]
    assert all(listed), lines
    assert [(int(m[1]), m[2], m[3]) for m in listed if m] == [(n, t, i) for n, (t, i) in enumerate(by_title(), 1)]
    child.sendline("1")
    child.expect_exact(by_title()[0][0] + "\r\n=")
    reading(child).sendline("quit")
    assert finish(child) == 0


def test_quiz_on_a_folder_with_a_broken_scenario_says_what_is_wrong_and_offers_the_others(tmp_path):
    """`amity quiz DIR` stopped at the first scenario file that did not load, though the web page on the same
    folder lists it with its error and serves the rest (helper-67). The quiz says what is wrong with it, located,
    offers the others, and a scenario taken to the end is a success: exit 0."""
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("kelmar-doravia", "pellan-quor"):
        shutil.copy(ROOT / "scenarios" / f"{name}.yaml", folder)
    text = (ROOT / "scenarios" / "lioria-brief.yaml").read_text()
    (folder / "lioria-brief.yaml").write_text(text.replace("  legal_basis:", "  legal_bases:", 1))
    line = 1 + text[: text.index("  legal_basis:")].count("\n")
    child = spawn(tmp_path, "quiz", "class", "--trainee", "ana")
    child.expect_exact(f"error: class/lioria-brief.yaml:{line}:3: /profile/legal_bases: unknown field 'legal_bases'")
    child.expect_exact("1 scenario file of 3 is left out (the errors above); the menu offers the other 2.")
    child.expect_exact("Scenarios:")
    child.expect_exact(MENU)
    listed = re.findall(r"\[([a-z0-9-]+), fictional\]", child.before)
    assert listed == ["kelmar-doravia", "pellan-quor"], child.before
    child.sendline("pellan")
    child.expect_exact("Pellan and Quor")
    child.expect_exact("answer> ")
    child.sendline("skip")
    while child.expect_exact(["answer> ", "What amity concludes"]) == 0:
        child.sendline("skip")
    child.expect_exact("Transcript saved in pellan-quor-ana.quiz.json.")
    assert finish(child) == 0
    assert json.loads((tmp_path / "pellan-quor-ana.quiz.json").read_text())["scenario"] == "pellan-quor"

    (folder / "kelmar-doravia.yaml").unlink()
    (folder / "pellan-quor.yaml").write_text("scenario: pellan-quor\ntitle: [unclosed\n")
    child = spawn(tmp_path, "quiz", "class")  # nothing left to offer: bad input, every file's errors
    child.expect_exact("error: class/lioria-brief.yaml:")
    child.expect_exact("error: class/pellan-quor.yaml:")
    assert finish(child) == 2
    assert "Scenarios:" not in child.before


def test_quiz_menu_takes_the_scenario_name_it_shows_and_marks_a_skip_as_skipped(tmp_path):
    child = spawn(tmp_path, "quiz", "--trainee", "ana")
    child.expect_exact("[eu-china-2023, real]")
    child.expect_exact(MENU)
    child.sendline("v")  # the start of two names
    child.expect_exact("'v' starts more than one scenario's name (vietnam-us-2023, varnia-ostrel): type more of it")
    child.expect_exact(MENU)
    child.sendline("eu-chna-2023")
    child.expect_exact("'eu-chna-2023' is not one of the scenarios: type a number from 1 to")
    child.expect_exact("(did you mean 'eu-china-2023'?)")
    child.expect_exact(MENU)
    child.sendline("eu-china-2023")  # the name as shown
    child.expect_exact('a "comprehensive" partnership under strain')
    for _ in range(4):
        child.expect_exact("answer> ")
        child.sendline("skip")
    child.expect_exact("What amity concludes")
    child.expect_exact("Transcript saved in eu-china-2023-ana.quiz.json.")
    shown = child.before
    assert finish(child) == 0
    assert shown.count("you: (skipped)") == 4 and shown.count("→ skipped (0/1)") == 4 and "→ wrong" not in shown

    child = spawn(tmp_path, "quiz")
    child.expect_exact(MENU)
    child.sendline("KELMAR")  # a start of one name, in any case
    child.expect_exact("Kelmar and Doravia: a memorandum and a name\r\n=")
    child.sendline("quit")
    assert finish(child) == 0


def one_answer(child: pexpect.spawn, parties: str = "EU CHN") -> None:
    """The case given and legal basis answered: the interview waits at its second question."""
    child.expect_exact("Which two parties?")
    child.sendline(parties)
    child.expect_exact("official label")
    child.sendline("")
    child.expect_exact("legal_basis> ")
    child.sendline("joint_statement")
    child.expect(r"\w+> ")


def saving_at_shared_values(tmp_path: Path) -> pexpect.spawn:
    """An interview saving to mine.yaml, USA and IND given and legal basis a joint statement: it waits at
    shared values."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child, "USA IND")
    return child


def test_ctrl_c_keeps_the_answers_and_exits_130_as_help_says(tmp_path):
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)
    reading(child).sendintr()
    child.expect_exact("Your answers are saved in mine.yaml")
    child.expect_exact("amity: interrupted")
    assert finish(child) == 130
    assert yaml.safe_load((tmp_path / "mine.yaml").read_text())["legal_basis"] == "joint_statement"
    transcript = json.loads((tmp_path / "mine.transcript.json").read_text())
    assert transcript["finished"] is False and transcript["profile"]["legal_basis"] == "joint_statement"


def test_a_closed_terminal_keeps_the_answers(tmp_path):
    """A closed terminal window or a dropped SSH session sends SIGHUP: the answers were lost (found by a
    regression trial); they are saved as for Ctrl-C, exit 129."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)
    reading(child).kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 129
    assert yaml.safe_load((tmp_path / "mine.yaml").read_text())["legal_basis"] == "joint_statement"


def hang_up(child: pexpect.spawn) -> int:
    """The terminal window closes: its side of the pseudo-terminal goes away (the kernel hangs the terminal
    up: SIGHUP, and a read or a write there fails), not only a SIGHUP sent to a terminal still open.
    The exit status of the child, once it has stopped."""
    import os
    import time

    os.close(child.child_fd)
    child.child_fd = -1  # closed here: pexpect must not close it again
    child.closed = True
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        pid, status = os.waitpid(child.pid, os.WNOHANG)
        if pid:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    child.kill(signal.SIGKILL)
    raise AssertionError("amity did not stop when its terminal closed")


@pytest.mark.parametrize("answered", [1, 3])
def test_a_terminal_window_closed_keeps_the_answers(tmp_path, answered):
    """Closing the window the interview runs in lost every answer (found by a new-user trial, helper-57):
    amity said it was stopping on the terminal first, that write failed on the closed terminal, and the
    answers were never written (exit 1, or 129 when the end of input came first and the hang-up cut the
    save short). The answers and the transcript are saved before anything is said."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)
    for _ in range(answered - 1):
        child.sendline("unknown")
        child.expect(r"\w+> ")
    code = hang_up(child)
    saved = yaml.safe_load((tmp_path / "mine.yaml").read_text())
    assert saved["legal_basis"] == "joint_statement"
    transcript = json.loads((tmp_path / "mine.transcript.json").read_text())
    assert transcript["finished"] is False and len(transcript["questions"]) == answered
    assert code in (0, 129), code  # the end of its input (then the hang-up), or the hang-up: never a failure


def test_ctrl_d_is_the_end_of_input_it_saves_and_exits_0(tmp_path):
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)
    child.sendeof()
    child.expect_exact("Your answers are saved in mine.yaml")
    assert finish(child) == 0
    assert "interrupted" not in child.before
    assert yaml.safe_load((tmp_path / "mine.yaml").read_text())["legal_basis"] == "joint_statement"


def test_ctrl_c_before_the_first_question_is_interrupted_and_saves_nothing(tmp_path):
    """... and says so, on lines of their own: 'amity: interrupted' came after the prompt, on its line, alone
    (helper-63); the quiz's menu likewise."""
    child = spawn(tmp_path, "interview")
    child.expect_exact("organisations): ")
    reading(child).sendintr()  # not as soon as the prompt shows: a Ctrl-C then may wait for a key (see reading)
    child.expect_exact("amity: interrupted")
    said = child.before.replace("^C", "")
    assert said.strip() == "Stopped before the first question; nothing to save.", said
    assert finish(child) == 130
    assert not list(tmp_path.iterdir())
    child = spawn(tmp_path, "quiz")
    child.expect_exact("Which one? (number or name) ")
    reading(child).sendintr()
    child.expect_exact("amity: interrupted")
    said = child.before.replace("^C", "")
    assert said.strip() == "Stopped before a scenario was chosen; nothing saved.", said
    assert finish(child) == 130
    assert not list(tmp_path.iterdir())


def test_the_help_states_the_exit_codes_it_gives(tmp_path):
    child = spawn(tmp_path, "interview", "--help")
    child.expect_exact("--replace")
    child.expect_exact("129, 130, 143  interrupted by a closed terminal (SIGHUP), Ctrl-C (SIGINT) or SIGTERM")
    assert finish(child) == 0
    child = spawn(tmp_path, "serve", "--help")
    child.expect_exact("0  stopped by Ctrl-C (SIGINT) or SIGTERM")
    assert finish(child) == 0


def test_serve_stops_on_ctrl_c_at_its_terminal_with_exit_0(tmp_path):
    child = spawn(tmp_path, "serve", "--port", "0")
    child.expect_exact("amity serve: http://")
    child.sendintr()
    child.expect_exact("amity serve: stopped.")
    assert finish(child) == 0


def test_a_new_interview_never_writes_over_saved_answers(tmp_path):
    child = spawn(tmp_path, "interview")
    one_answer(child, "USA IND")
    child.sendline("quit")
    assert finish(child) == 0
    saved = (tmp_path / "amity-interview.yaml").read_text()
    transcript = (tmp_path / "amity-interview.transcript.json").read_text()
    assert json.loads(transcript)["case"]["parties"] == ["USA", "IND"]

    # a second interview in the same folder is refused before it asks anything: nothing is lost
    child = spawn(tmp_path, "interview")
    child.expect_exact("amity-interview.yaml: already holds an interview of USA and IND (1 answer)")
    child.expect_exact("amity interview --resume amity-interview.yaml")
    assert finish(child) == 2
    assert "Which two parties?" not in child.before
    assert (tmp_path / "amity-interview.yaml").read_text() == saved
    assert (tmp_path / "amity-interview.transcript.json").read_text() == transcript

    # another case in a file of its own: its answers and its transcript are one interview
    child = spawn(tmp_path, "interview", "--save", "fra-deu.yaml")
    child.expect_exact("Which two parties?")
    child.sendline("FRA DEU")
    child.expect_exact("official label")
    child.sendline("")
    child.expect_exact("legal_basis> ")
    child.sendline("quit")
    assert finish(child) == 0
    assert yaml.safe_load((tmp_path / "fra-deu.yaml").read_text()) == {"parties": ["FRA", "DEU"]}
    other = json.loads((tmp_path / "fra-deu.transcript.json").read_text())
    assert other["case"]["parties"] == ["FRA", "DEU"] and other["finished"] is False
    assert (tmp_path / "amity-interview.yaml").read_text() == saved

    # --resume saves back into the file it resumes, answers and transcript alike
    child = spawn(tmp_path, "interview", "--resume", "fra-deu.yaml")
    child.expect_exact("Resuming FRA and DEU: no answers yet.")
    child.expect_exact("legal_basis> ")
    child.sendline("memorandum")
    child.expect(r"\w+> ")
    child.sendline("quit")
    assert finish(child) == 0
    assert yaml.safe_load((tmp_path / "fra-deu.yaml").read_text())["legal_basis"] == "memorandum"
    assert json.loads((tmp_path / "fra-deu.transcript.json").read_text())["profile"]["legal_basis"] == "memorandum"

    # a stale transcript alone is refused too; --replace starts over deliberately
    (tmp_path / "old.transcript.json").write_text(transcript)
    child = spawn(tmp_path, "interview", "--save", "old.yaml")
    child.expect_exact("old.transcript.json: already holds the transcript of an earlier interview")
    assert finish(child) == 2
    child = spawn(tmp_path, "interview", "--replace")
    one_answer(child, "FRA DEU")
    child.sendline("quit")
    assert finish(child) == 0
    assert yaml.safe_load((tmp_path / "amity-interview.yaml").read_text())["parties"] == ["FRA", "DEU"]
    assert json.loads((tmp_path / "amity-interview.transcript.json").read_text())["case"]["parties"] == ["FRA", "DEU"]


def test_the_prompts_edit_the_line_and_recall_earlier_lines(tmp_path):
    """readline: the left arrow moves back in the line, Ctrl-P recalls the line before (not ^[[D or ^P as text)."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    child.expect_exact("Which two parties?")
    child.send("USA ID\x1b[DN\r")  # typed USA ID, left arrow, N: USA IND
    child.expect_exact("official label")
    child.sendline("")
    child.expect_exact("legal_basis> ")
    child.sendline("why")
    child.expect_exact("because these rules wait on it")
    child.expect_exact("legal_basis> ")
    child.send("\x10\r")  # Ctrl-P: the line before, why, again
    child.expect_exact("because these rules wait on it")
    child.expect_exact("legal_basis> ")
    child.sendline("quit")
    assert finish(child) == 0
    assert yaml.safe_load((tmp_path / "mine.yaml").read_text())["parties"] == ["USA", "IND"]


def test_what_the_trainee_typed_comes_back_without_control_sequences(tmp_path):
    """An answer holding an escape sequence and a bell is refused, and its echo in the message is made safe."""
    typed = "USA IND\n\n\x1b]0;pwned\x07x\n\x1b[31mred\nquit\n"
    run = subprocess.run(
        [sys.executable, "-m", "amity.cli", "interview", "--save", "x.yaml"],
        input=typed.encode(),
        capture_output=True,
        cwd=tmp_path,
        timeout=TIMEOUT,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout.decode()
    # shown escaped, as every message shows what cannot be seen: 'red' alone would look like what was typed
    assert "Not accepted: '\\u001b]0;pwned\\u0007x' is not one of the choices" in out
    assert "Not accepted: '\\u001b[31mred' is not one of the choices" in out
    assert not [c for c in out if ord(c) < 32 and c != "\n"], "a control character reached the terminal"


def test_why_with_a_field_explains_that_field_and_a_word_it_does_not_know_is_said(tmp_path):
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)
    child.sendline("why foo")
    child.expect_exact("Not understood: 'foo' is not a question amity asks")
    child.expect_exact("why FIELD another one, e.g. why summits")
    child.expect(r"\w+> ")
    child.sendline("why legal basis")
    child.expect_exact("You answered legal basis: joint statement. These rules test it:")
    child.expect(r"\w+> ")
    child.sendline("quit")
    assert finish(child) == 0


def test_why_of_a_fact_answered_unknown_says_how_to_answer_it_after_all(tmp_path):
    """why of a fact answered unknown said "back undoes your last answer" however many answers came after it:
    back then undid another answer (helper-67); then it counted the backs, each undoing an answer. It says
    change FIELD, which answers that one fact again and keeps the others (helper-71)."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)  # legal basis; the interview waits at shared values
    child.sendline("unknown")
    child.expect(r"\n\w+> ")
    child.sendline("unknown")
    child.expect(r"\n\w+> ")
    child.sendline("why shared values")
    child.expect_exact("You answered shared values unknown: amity will not ask it again")
    child.expect_exact("(to answer it after all: change shared values).")
    child.expect(r"\n\w+> ")
    child.sendline("change shared values")
    child.expect_exact("Your answer was: unknown.")
    child.expect_exact("shared_values> ")
    child.sendline("high")
    child.expect_exact("Changed: shared values: unknown → high; your 2 other answers kept.")
    child.expect(r"\n\w+> ")
    child.sendline("quit")
    assert finish(child) == 0
    saved = yaml.safe_load((tmp_path / "mine.yaml").read_text())
    assert saved["shared_values"] == "high" and saved["legal_basis"] == "joint_statement"


def test_unknown_at_a_question_is_said_back_before_the_next_question(tmp_path):
    """unknown at a question was taken without a word: the next question came straight after, as if amity had
    not heard it (found by a new trainee). It says the fact is left unknown, and that the result says what it
    leaves undecided, as a kept or a changed answer is said back."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)  # legal basis; the interview waits at shared values
    child.sendline("unknown")
    child.expect_exact(
        "Left unknown: shared values. amity will not ask it again; the result will say what it leaves undecided."
    )
    child.expect_exact("Question 3: ")
    child.expect(r"\n\w+> ")
    child.sendline("quit")
    assert finish(child) == 0
    assert yaml.safe_load((tmp_path / "mine.yaml").read_text())["shared_values"] is None


def test_change_field_changes_one_early_answer_and_keeps_the_later_ones(tmp_path):
    """To change an early answer, back was the only way: it undid every later answer, and the interview asked
    them all again (helper-71's brief). change FIELD asks that question again, keeps every other answer, and
    then asks only what the new answer makes matter; help and --help offer it."""
    child = saving_at_shared_values(tmp_path)
    child.sendline("high")
    child.expect_exact("sectors> ")
    child.sendline("help")
    child.expect_exact("change FIELD    change one answer you gave")
    child.expect_exact("sectors> ")
    child.sendline("change summits")  # not answered: nothing to change, said so
    child.expect_exact("Nothing changed: summits is not answered yet, so there is no answer to change")
    child.expect_exact("sectors> ")
    child.sendline("change legal basis")
    child.expect_exact("Change your answer: Legal basis")
    child.expect_exact("Your answer was: joint statement.")
    child.expect_exact("legal_basis> ")
    child.sendline("treaty")  # refused as at a question, and asked again
    child.expect_exact("Not accepted:")
    child.expect_exact("legal_basis> ")
    child.sendline("1")
    child.expect_exact("Changed: legal basis: joint statement → ratified treaty; your 1 other answer kept.")
    # a treaty makes the defense commitment matter: asked next, shared values not asked again
    child.expect_exact("defense_commitment> ")
    child.sendline("facts")
    child.expect_exact("shared values: high")
    child.expect_exact("defense_commitment> ")
    child.sendline("why legal basis")
    child.expect_exact("You answered legal basis: ratified treaty.")
    child.expect_exact("(To change it: change legal basis.)")
    child.expect_exact("defense_commitment> ")
    child.sendline("change shared values")
    child.expect_exact("shared_values> ")
    child.sendline("keep")
    child.expect_exact("Kept: shared values: high.")
    child.expect_exact("defense_commitment> ")
    child.sendline("quit")
    assert finish(child) == 0
    saved = yaml.safe_load((tmp_path / "mine.yaml").read_text())
    assert saved["legal_basis"] == "ratified_treaty" and saved["shared_values"] == "high"
    assert "defense_commitment" not in saved


def test_an_answer_kept_at_change_shows_the_question_it_left_again(tmp_path):
    """change FIELD then keep (or Enter) brought back only the prompt ('sectors> '), under the question being
    changed: the trainee had lost the question they were at (found by a new trainee). It is shown again, as it is
    after a changed label or back; so after the parties kept."""
    child = saving_at_shared_values(tmp_path)
    child.sendline("high")
    child.expect_exact("sectors> ")
    asked = child.before[child.before.index("Question 3: ") :]
    child.sendline("change legal basis")
    child.expect_exact("legal_basis> ")
    child.sendline("keep")
    child.expect_exact("Kept: legal basis: joint statement.")
    child.expect_exact("sectors> ")
    assert child.before.strip() == asked.strip(), child.before
    child.sendline("change parties")
    child.expect_exact("parties> ")
    child.sendline("")
    child.expect_exact("Kept: parties: USA and IND.")
    child.expect_exact("sectors> ")
    assert child.before.strip() == asked.strip(), child.before
    child.sendline("change label")
    child.expect_exact("label> ")
    child.sendline("keep")
    child.expect_exact("Kept: official label: ")
    child.expect_exact("sectors> ")
    assert "Question 3: " in child.before
    child.sendline("quit")
    assert finish(child) == 0


def test_a_changed_answer_keeps_its_place_and_back_goes_to_the_question_before(tmp_path):
    """A changed answer went to the end of the answers and of the transcript, and back then undid the change
    instead of going back to the question before (helper-75's brief). The answer keeps its place, in the order
    the questions were asked; back undoes the last of them and asks it again, saying what it was, as the page does
    (test_serve_in_browser's test_a_changed_answer_keeps_its_place_and_back_goes_to_the_question_before)."""
    child = saving_at_shared_values(tmp_path)
    child.sendline("mixed")
    child.expect_exact("sectors> ")
    child.sendline("change legal basis")
    child.expect_exact("legal_basis> ")
    child.sendline("ratified treaty")
    child.expect_exact("Changed: legal basis: joint statement → ratified treaty; your 1 other answer kept.")
    child.expect_exact("defense_commitment> ")  # the treaty makes it matter, and it gains the most now
    child.sendline("facts")
    child.expect(r"legal basis: ratified treaty\r\n\s+shared values: mixed\r\n")  # in the order asked
    child.expect_exact("defense_commitment> ")
    child.sendline("back")
    child.expect_exact("Undone: shared values (it was mixed).")
    child.expect_exact("Question 2: Shared values")  # the question before, not the change
    child.expect_exact("shared_values> ")
    child.sendline("high")
    child.expect(r"(\w+)> ")
    child.sendline("quit")
    assert finish(child) == 0
    assert list(yaml.safe_load((tmp_path / "mine.yaml").read_text())) == ["parties", "legal_basis", "shared_values"]
    questions = json.loads((tmp_path / "mine.transcript.json").read_text())["questions"]
    assert [(q["number"], q["field"], q["answer"]) for q in questions] == [
        (1, "legal_basis", "ratified_treaty"),
        (2, "shared_values", "high"),
    ]
    # the possible levels around each answer are those of the answers in this order (the treaty opens alliance)
    assert "alliance" in questions[0]["possible_levels_after"]
    assert questions[1]["possible_levels_before"] == questions[0]["possible_levels_after"]


def test_why_says_what_an_answer_that_rules_nothing_out_leaves_open(tmp_path):
    """why at sectors said '5 or more items → no output settles yet, but it narrows what other facts decide',
    beside answers that rule levels out: a learner could not tell what the answer does (a trial, helper-75).
    It says what stays open, as the page does (test_serve_in_browser's test of the same name)."""
    child = saving_at_shared_values(tmp_path)
    child.sendline("mixed")
    child.expect_exact("sectors> ")
    child.sendline("why")
    child.expect_exact("What each answer would lead to:")
    child.expect_exact("sectors> ")
    said = " ".join(child.before.split())  # wrapped to the terminal's width
    assert "3 or 4 items → level: partnership or strategic partnership (not comprehensive" in said
    assert said.endswith(
        "5 or more items → level: still partnership, strategic partnership, comprehensive strategic partnership "
        "or comprehensive strategic partnership of coordination (it rules nothing out yet; later answers decide)"
    ), said
    child.sendline("quit")
    assert finish(child) == 0


def test_whynot_shows_first_the_ways_that_keep_the_answers_given(tmp_path):
    """Answered 'ratified treaty', the trainee asked whynot sp and was shown three ways, each changing the legal
    basis to a joint statement, as if the treaty stood in the way; the defense commitment, the very question being
    asked, keeps it (a trial, helper-75). A way through the facts still open comes first; as on the page."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    child.expect_exact("Which two parties?")
    child.sendline("USA IND")
    child.expect_exact("official label")
    child.sendline("")
    child.expect_exact("legal_basis> ")
    child.sendline("ratified treaty")
    child.expect_exact("defense_commitment> ")
    child.sendline("whynot sp")
    child.expect_exact("defense_commitment> ")
    said = " ".join(child.before.split())
    assert (
        "It would be a strategic partnership or a higher partnership if defense commitment were consultation or "
        "none, sectors had 3 or more items" in said
    ), said
    child.sendline("quit")
    assert finish(child) == 0


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
    # at a terminal readline takes some of the sequence as keys; what is echoed back holds none of it
    assert "is not one of the choices" in refusal and "\x1b" not in refusal and "\x07" not in refusal
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
        reading(child).sendintr()
    else:
        child.sendeof()
    child.expect_exact("Stopped; nothing saved.")
    assert finish(child) == code
    assert list(tmp_path.iterdir()) == []


def test_quiz_refuses_every_bad_item_of_a_set_at_once_in_the_menu_s_words(tmp_path):
    """A set typed with two items that are no choice: both named in one refusal, the menu's labels
    suggested ('defense', not a code), then the trainee types it right and goes on."""
    child = spawn(tmp_path, "quiz", "kelmar-doravia")
    for _ in range(3):  # the level, the verdict, the risk of fragility
        child.expect_exact("answer> ")
        child.sendline("skip")
    child.expect_exact("Code sectors from the narrative")
    child.expect_exact("answer> ")
    child.sendline("trade, bogus, defence")
    child.expect(r"Not accepted: ([^\r\n]*)\r\n")
    refusal = child.match.group(1)
    assert refusal.startswith(
        "'bogus' and 'defence' are not among the choices for sectors ('defence': did you mean 'defense'? "
        "choose one of: 1) defense, 2) trade,"
    ), refusal
    child.expect_exact("answer> ")
    child.sendline("quit")
    child.expect_exact("Stopped; nothing saved.")
    assert finish(child) == 0


def test_quiz_set_answers_say_what_a_comma_and_none_mean_and_a_full_width_comma_parts_items(tmp_path):
    """'trade energy, climate': with a comma every item needs one (said, with the answer mended); 'none, 1':
    'none' cannot go with items (it was "'none' is not one of the choices"); 'trade\uff0cenergy' (a full-width
    comma, as a Chinese keyboard types it) is two items, as with a comma."""
    child = spawn(tmp_path, "quiz", "kelmar-doravia", "--save", "t.json")
    for _ in range(3):  # the level, the verdict, the risk of fragility
        child.expect_exact("answer> ")
        child.sendline("skip")
    child.expect_exact("Code sectors from the narrative")
    child.expect_exact("answer> ")
    child.sendline("trade energy, climate")
    child.expect(r"Not accepted: ([^\r\n]*)\r\n")
    assert child.match.group(1) == (
        "'trade energy' is not one of the choices for sectors "
        "(with a comma, every item needs one: 'trade, energy, climate')"
    )
    child.expect_exact("answer> ")
    child.sendline("none, 1")
    child.expect(r"Not accepted: ([^\r\n]*)\r\n")
    assert child.match.group(1) == (
        "'none' cannot be combined with other items (give 'none' alone for no item, or the items without it)"
    )
    child.expect_exact("answer> ")
    child.sendline("trade\uff0cenergy")
    child.expect_exact("Your answers")
    assert finish(child) == 0
    items = json.loads((tmp_path / "t.json").read_text())["items"]
    assert next(i for i in items if i["question"] == "code:sectors")["answer"] == ["trade", "energy"]


def test_resume_counts_the_answers_given_not_the_as_of_year(tmp_path):
    """as_of is a fact of the case, as the parties are: no question asked it, so no answer counts it."""
    (tmp_path / "r.yaml").write_text("parties: [USA, IND]\nas_of: 2024\nlegal_basis: joint_statement\n")
    child = spawn(tmp_path, "interview", "--resume", "r.yaml")
    child.expect_exact("Resuming USA and IND: ")
    child.expect(r"[^\r\n]*\r\n")
    assert child.match.group(0).strip() == "1 answer so far."
    child.expect_exact("Question 2: ")
    child.sendline("quit")
    child.expect_exact("Your answers are saved in r.yaml")
    assert finish(child) == 0
    assert yaml.safe_load((tmp_path / "r.yaml").read_text())["as_of"] == 2024


def test_a_share_typed_as_a_percentage_is_told_how_to_give_it(tmp_path):
    """Trade dependence is a share from 0 to 1; '25%' and '25' were told 'e.g. 2.5', a number the question
    refuses too (found by a new-user trial, helper-57). They are told the share they mean."""
    (tmp_path / "case.yaml").write_text(TRADE_LEFT)
    child = spawn(tmp_path, "interview", "--resume", "case.yaml")
    child.expect_exact("a number from 0 to 1")
    child.expect_exact("trade_dependence> ")
    child.sendline("25%")
    child.expect_exact("Not accepted: '25%' is a percentage.")
    child.expect_exact("Expected a number from 0 to 1; type 0.25 for 25%; or unknown.")
    child.expect_exact("trade_dependence> ")
    child.sendline("25")
    child.expect_exact("Not accepted: 25 is above the greatest value of trade dependence, 1.")
    child.expect_exact("give a number from 0 to 1 (0.25 for 25%), or unknown.")
    child.expect_exact("trade_dependence> ")
    child.sendline("a quarter")
    child.expect_exact("e.g. 0.25; or unknown.")  # an example the question takes
    child.expect_exact("trade_dependence> ")
    child.sendline("0.25")
    child.expect_exact("The interview is over")
    assert finish(child) == 0
    assert yaml.safe_load((tmp_path / "case.yaml").read_text())["trade_dependence"] == 0.25


def test_a_quiz_whose_output_is_cut_short_still_saves_its_transcript(tmp_path):
    """`amity quiz SCENARIO --answers FILE | less`, less quit early: amity showed its reveal first and saved
    the transcript after, so with the reader gone it stopped (exit 0) with the answers marked and nothing
    saved (found by a new-user trial, helper-57). The transcript is saved before the reveal is shown."""
    (tmp_path / "answers.yaml").write_text("level: p\nverdict: consistent\n")
    # a reader that has gone before amity writes its first line
    shell = f"set -o pipefail; {sys.executable} -m amity.cli quiz kelmar-doravia --trainee zed --answers answers.yaml | true"
    done = subprocess.run(["bash", "-c", shell], cwd=tmp_path, text=True, capture_output=True)
    assert done.returncode == 0, done.stderr  # a reader gone is no failure (as for any Unix tool)
    saved = json.loads((tmp_path / "kelmar-doravia-zed.quiz.json").read_text())
    assert saved["items"][0]["answer"] == "partnership"


def test_interview_answers_whose_output_is_cut_short_still_saves(tmp_path):
    """`amity interview --answers FILE --save OUT | less`, less quit early: the transcript was shown first and
    the files saved after, so nothing was saved (found by a new-user trial, helper-57)."""
    (tmp_path / "case.yaml").write_text((ROOT / "examples" / "us-japan.yaml").read_text())
    shell = f"set -o pipefail; {sys.executable} -m amity.cli interview --answers case.yaml --save out.yaml | true"
    done = subprocess.run(["bash", "-c", shell], cwd=tmp_path, text=True, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load((tmp_path / "out.yaml").read_text())["legal_basis"] == "ratified_treaty"
    assert json.loads((tmp_path / "out.transcript.json").read_text())["finished"] is True


def _lines(text: str) -> list[str]:
    return [line for line in text.replace("\r", "").split("\n") if line.strip()]


def test_a_narrow_terminal_gets_whole_words_in_the_interview_and_the_quiz(tmp_path):
    """At a terminal 60 columns wide the interview's questions and explanations ran past the edge, so the
    terminal cut them wherever the width fell ("sectoral agreements do n|ot count"), and the quiz wrapped its
    brief at 100 columns, every other line a stub (found by a new-user trial, helper-57). Lines are wrapped
    at spaces to the terminal's width, each going on under its own text."""
    from amity.engine.plain import field_meaning

    child = pexpect.spawn(
        sys.executable, ["-m", "amity.cli", "interview"], cwd=str(tmp_path), encoding="utf-8", timeout=TIMEOUT,
        dimensions=(50, 60), env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
        preexec_fn=as_a_shell_starts_it,
    )  # fmt: skip
    child.expect_exact("organisations): ")  # (a prompt longer than the line scrolls sideways in readline)
    child.sendline("EU CHN")
    child.expect_exact("not known): ")
    child.sendline("")
    child.expect_exact("legal_basis> ")
    shown = _lines(child.before)[1:]  # the answer typed to the prompt
    assert all(len(line) < 60 for line in shown), [line for line in shown if len(line) >= 60]
    meaning = field_meaning("legal_basis")[0]
    assert meaning in " ".join(line.strip() for line in shown), "the meaning reads whole, word by word"
    child.sendline("why")
    child.expect_exact("legal_basis> ")
    assert all(len(line) < 60 for line in _lines(child.before))
    child.sendline("quit")
    assert finish(child) == 0

    child = pexpect.spawn(
        sys.executable, ["-m", "amity.cli", "quiz", "kelmar-doravia", "--trainee", "w"], cwd=str(tmp_path),
        encoding="utf-8", timeout=TIMEOUT, dimensions=(50, 60),
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"},
        preexec_fn=as_a_shell_starts_it,
    )  # fmt: skip
    child.expect_exact("answer> ")
    brief = _lines(child.before)
    assert all(len(line) < 60 for line in brief), [line for line in brief if len(line) >= 60]
    for answer in ("p", "consistent", "high"):
        child.sendline(answer)
        child.expect_exact("answer> ")
    child.sendline("trade")
    child.expect_exact("Transcript saved in")
    reveal = _lines(child.before)
    assert all(len(line) < 60 for line in reveal), [line for line in reveal if len(line) >= 60]
    assert finish(child) == 0


def test_a_question_s_meaning_names_its_choices_as_the_menu_does(tmp_path):
    """The meaning of legal basis read "signed_treaty: legally binding ... joint_statement covers ...", and of
    defense commitment "mutual_defense: ...", the names of the data file, above a menu that says "signed
    treaty" (found by a new-user trial, helper-57). The meaning names them as the menu does."""
    child = spawn(tmp_path, "interview")
    child.expect_exact("Which two parties?")
    child.sendline("USA JPN")
    child.expect_exact("official label")
    child.sendline("")
    child.expect_exact("legal_basis> ")
    question = " ".join(child.before.split())  # as read: wrapped to the terminal's width
    assert "signed treaty: legally binding" in question and "joint statement covers" in question
    assert "signed_treaty" not in question and "joint_statement" not in question
    child.sendline("1")
    child.expect_exact("defense_commitment> ")
    question = " ".join(child.before.split())
    assert "mutual defense: each party must come to the other's aid" in question
    assert "mutual_defense" not in question
    child.sendline("quit")
    assert finish(child) == 0


def test_resuming_a_profile_with_comments_does_not_write_them_away(tmp_path):
    """`amity interview --resume examples/us-japan.yaml` saved the answers back into the example and dropped its
    37 lines of comments, the notes on its sources (found by a new-user trial, helper-57). A file with comments
    is refused before the first question, located, with the two ways on; --save NEW.yaml keeps it as it is."""
    example = (ROOT / "examples" / "us-japan.yaml").read_text()
    (tmp_path / "uj.yaml").write_text(example)
    child = spawn(tmp_path, "interview", "--resume", "uj.yaml")
    child.expect_exact("error: uj.yaml:1:1: holds 37 lines of comments (the first: # US–Japan as of 2023")
    child.expect_exact("that saving the answers back into it would drop")
    child.expect_exact("amity interview --resume uj.yaml --save NEW.yaml; or write over it: --replace) [--save]")
    assert finish(child) == 2
    assert "Resuming" not in child.before
    child = spawn(tmp_path, "interview", "--resume", "uj.yaml", "--save", "mine.yaml")
    over(child)
    child.expect_exact("The interview is over")
    assert finish(child) == 0
    assert (tmp_path / "uj.yaml").read_text() == example
    assert yaml.safe_load((tmp_path / "mine.yaml").read_text())["legal_basis"] == "ratified_treaty"
    # a file amity saved, its own first line a comment, goes on in place as before
    child = spawn(tmp_path, "interview", "--resume", "mine.yaml", "--replace")
    over(child)
    child.expect_exact("The interview is over")
    assert finish(child) == 0
    child = spawn(tmp_path, "interview", "--resume", "mine.yaml")
    over(child)
    child.expect_exact("The interview is over")
    assert finish(child) == 0


def over(child: pexpect.spawn) -> None:
    """An interview resumed after its end asks whether to see the assessment or go back: Enter, the assessment."""
    child.expect_exact("This interview is over (")
    child.expect_exact("over> ")
    child.sendline("")


def test_back_at_the_first_question_gives_the_parties_and_the_label_again(tmp_path):
    """A slip in the parties or the label could not be put right: back at the first question said "Nothing to
    undo yet", and a new start was refused since the answers file existed (helper-67). back there asks the
    parties and the label again, says what they were, and the interview goes on under the new ones."""
    child = spawn(tmp_path, "interview")
    child.expect_exact("Which two parties?")
    child.sendline("USA IDN")
    child.expect_exact("official label")
    child.sendline("Strategic Partnershp")
    child.expect_exact("legal_basis> ")
    child.sendline("back")
    child.expect_exact(
        'No answer to undo: the parties and the label again (now USA and IDN, the label "Strategic Partnershp").'
    )
    child.expect_exact("Which two parties?")
    child.sendline("USA IND")
    child.expect_exact("official label")
    child.sendline("")  # none
    child.expect_exact("Question 1: Legal basis")
    child.expect_exact("legal_basis> ")
    child.sendline("facts")
    child.expect_exact("parties: USA, IND")
    child.expect_exact("legal_basis> ")
    assert "label" not in child.before
    child.sendline("joint statement")
    child.expect(r"\n\w+> ")
    child.sendline("quit")
    assert finish(child) == 0
    saved = yaml.safe_load((tmp_path / "amity-interview.yaml").read_text())
    assert saved == {"parties": ["USA", "IND"], "legal_basis": "joint_statement"}


def test_an_interview_resumed_after_its_end_can_go_back_and_change_an_answer(tmp_path):
    """At a terminal, an interview that had ended had no way back to an answer: resuming it showed the
    assessment again and stopped, where the web page keeps Back at the end (helper-67). Resumed after its end,
    it asks first: Enter shows the assessment, back undoes the last answer and asks it again; the end of an
    interview says how to get there."""
    case = tmp_path / "case.yaml"
    case.write_text(TRADE_LEFT)
    child = spawn(tmp_path, "interview", "--resume", "case.yaml")
    child.expect_exact("trade_dependence> ")
    child.sendline("0.5")  # a slip: the trainee meant 0.05
    child.expect_exact("The interview is over")
    child.expect_exact("To change an answer: amity interview --resume case.yaml, then change FIELD")
    assert finish(child) == 0
    assert yaml.safe_load(case.read_text())["trade_dependence"] == 0.5

    child = spawn(tmp_path, "interview", "--resume", "case.yaml")
    child.expect_exact("This interview is over (14 answers). What you can do:")
    child.expect_exact("help lists every command.")
    child.expect_exact("over> ")
    child.sendline("frobnicate")
    child.expect_exact("Not understood: 'frobnicate'. What you can do:")
    child.expect_exact("  change an answer   change FIELD (e.g. change legal basis); back undoes the last one")
    child.expect_exact("over> ")
    child.sendline("whynot sp")  # the explanations, as at a question
    child.expect_exact("Why not strategic partnership?")
    child.expect_exact("over> ")
    child.sendline("why trade dependence")
    child.expect_exact("You answered trade dependence: 0.5.")
    child.expect_exact("over> ")
    child.sendline("why")
    child.expect_exact("Say which fact: why FIELD (e.g. why summits)")
    child.expect_exact("over> ")
    child.sendline("back")
    child.expect_exact("Undone: trade dependence (it was 0.5).")
    child.expect_exact("trade_dependence> ")
    child.sendline("0.05")
    child.expect_exact("The interview is over")
    assert finish(child) == 0
    assert yaml.safe_load(case.read_text())["trade_dependence"] == 0.05

    child = spawn(tmp_path, "interview", "--resume", "case.yaml")  # change FIELD: one answer, the others kept
    child.expect_exact("over> ")
    child.sendline("change shared values")
    child.expect_exact("Your answer was: high.")
    child.expect_exact("shared_values> ")
    child.sendline("low")
    child.expect_exact("Changed: shared values: high → low; your 13 other answers kept.")
    child.expect_exact("over> ")  # still over: the assessment on Enter
    child.sendline("")
    child.expect_exact("Saved the answers in case.yaml")
    assert finish(child) == 0
    assert yaml.safe_load(case.read_text())["shared_values"] == "low"

    child = spawn(tmp_path, "interview", "--resume", "case.yaml")  # quit stops, the answers as they were
    child.expect_exact("over> ")
    child.sendline("quit")
    child.expect_exact("Your answers are saved in case.yaml")
    assert finish(child) == 0
    assert yaml.safe_load(case.read_text())["trade_dependence"] == 0.05


def test_the_over_prompt_says_in_a_few_groups_what_the_trainee_can_do_and_help_lists_every_command(tmp_path):
    """over>, where an interview resumed after its end waits, said everything it takes in one long sentence
    (helper-75's brief). It says it in a few groups, a line each (the page's end says the same groups, in the same
    order: test_serve_in_browser), and help lists every command, as help at a question does."""
    from amity.cli.interview import OVER_CHOICES

    case = tmp_path / "case.yaml"
    case.write_text(ENDED)
    child = spawn(tmp_path, "interview", "--resume", "case.yaml")
    child.expect_exact("What you can do:")
    child.expect_exact("over> ")
    shown = [line.strip() for line in child.before.splitlines() if line.strip()]
    groups = [what for what, _, _ in OVER_CHOICES]
    assert [line.split("   ")[0] for line in shown[:-1]] == groups, shown
    assert shown[-1] == "help lists every command."
    assert all(len(line) <= 90 for line in shown), "a line a group, read at a glance"
    child.sendline("help")
    child.expect_exact("The interview is over; type one of:")
    for command in ("(Enter)", "change FIELD", "back", "whynot LEVEL", "how [DEPTH]", "why FIELD", "facts", "quit"):
        child.expect_exact(f"  {command} ")
    child.expect_exact("over> ")
    child.sendline("quit")
    assert finish(child) == 0


def test_a_quiz_answer_can_be_taken_back_and_help_names_the_commands(tmp_path):
    """A quiz answer, once typed, was final: 'back' was "not one of the choices", and nothing on screen said
    that skip and quit exist ('help' was refused too) (found by a new-user trial, helper-57). back asks the
    previous question again, help lists what can be typed, and a refusal points at help."""
    child = spawn(tmp_path, "quiz", "kelmar-doravia", "--trainee", "bo")
    child.expect_exact("What level is this relationship?")
    child.expect_exact("(a number or a name; help for the commands)")
    child.expect_exact("answer> ")
    child.sendline("back")
    child.expect_exact("This is the first question: nothing to take back.")
    child.expect_exact("answer> ")
    child.sendline("3")  # strategic partnership: a slip
    child.expect_exact("borne out by the substance?")
    child.expect_exact("answer> ")
    child.sendline("help")
    for line in ("skip ", "back ", "quit "):
        child.expect_exact(line)
    child.expect_exact("answer> ")
    child.sendline("maybe")
    child.expect_exact("Not accepted: 'maybe' is not one of the choices: type a number from 1 to 6, or the name")
    child.expect_exact("help for the commands")
    child.sendline("back")
    child.expect_exact("What level is this relationship?")
    child.expect_exact("answer> ")
    child.sendline("2")  # partnership, as meant
    for answer in ("consistent", "moderate", "trade, education"):
        child.expect_exact("answer> ")
        child.sendline(answer)
    child.expect_exact("Score: 4 out of 4")
    assert finish(child) == 0
    transcript = json.loads((tmp_path / "kelmar-doravia-bo.quiz.json").read_text())
    assert transcript["items"][0]["answer"] == "partnership" and len(transcript["items"]) == 4


def test_a_quiz_answer_taken_back_is_shown_with_its_question(tmp_path):
    """back asked the question before again as if new: a trainee who took an answer back could not see what
    they had answered, or that they had skipped it (helper-67). The question says what is taken back."""
    child = spawn(tmp_path, "quiz", "kelmar-doravia", "--trainee", "bo")
    child.expect_exact("answer> ")
    child.sendline("3")
    child.expect_exact("answer> ")
    child.sendline("skip")
    child.expect_exact("answer> ")
    child.sendline("back")
    child.expect_exact("borne out by the substance?")
    child.expect_exact("(taken back: you skipped it; answer again)")
    child.expect_exact("answer> ")
    child.sendline("back")
    child.expect_exact("What level is this relationship?")
    child.expect_exact("(taken back: your answer was strategic partnership; answer again)")
    child.expect_exact("answer> ")
    child.sendline("2")
    child.expect_exact("borne out by the substance?")
    child.expect_exact("answer> ")
    assert "taken back" not in child.before, "a question reached going forward takes nothing back"
    reading(child).sendline("quit")
    assert finish(child) == 0


POWER_LEFT = (
    "parties: [AAA, BBB]\nlegal_basis: joint_statement\ndefense_commitment: none\n"
    "third_party_orientation: not_adversarial\nsectors: [trade, investment]\nsecurity_cooperation: []\n"
    "shared_values: high\nrecent_crisis: false\nexit_costs: moderate\nduration: indefinite\n"
    "time_horizon: long_term\nrival_ties: false\ntrade_dependence: 0.5\nsecurity_dependence: false\n"
)  # every fact but the power ratio: the one question left


def test_why_how_and_whynot_at_a_quiz_question_are_told_when_amity_explains(tmp_path):
    """A trainee who knows the interview typed why, how or whynot at a quiz's question and was told "'why' is
    not one of the choices: type a number from 1 to 7", as if it were a wrong answer (helper-67). The quiz says
    it explains once the answers are in, and what it takes here; the question is still asked, nothing lost."""
    child = spawn(tmp_path, "quiz", "kelmar-doravia", "--trainee", "bo")
    child.expect_exact("answer> ")
    for typed in ("why", "How 3", "whynot csp"):
        child.sendline(typed)
        child.expect_exact("amity explains once you have answered: after your last answer it shows its own answer")
        child.expect_exact("answer> ")
        assert "not one of the choices" not in child.before
    child.sendline("help")
    child.expect_exact("why, how and whynot are the interview's commands")
    child.expect_exact("answer> ")
    child.sendline("2")  # the level question answered, as before
    child.expect_exact("borne out by the substance?")
    reading(child).sendline("quit")
    assert finish(child) == 0


def test_unknown_at_a_quiz_question_is_told_undecided_and_skip(tmp_path):
    """'unknown', the interview's word, at a quiz question was refused with no more than the numbers: the
    trainee was not told that the quiz says undecided, or skip, for it (helper-67)."""
    child = spawn(tmp_path, "quiz", "kelmar-doravia")
    child.expect_exact("answer> ")
    child.sendline("unknown")
    child.expect_exact("Not accepted: 'unknown' is not one of the choices")
    child.expect_exact("(if the narrative leaves it open, answer undecided; to leave the question out, skip)")
    child.expect_exact("answer> ")
    child.sendline("skip")
    child.expect_exact("borne out by the substance?")
    child.expect_exact("answer> ")
    child.sendline("don't know")
    child.expect_exact("(if the narrative leaves it open, answer undecided; to leave the question out, skip)")
    child.expect_exact("answer> ")
    reading(child).sendline("quit")
    assert finish(child) == 0


def test_whynot_at_the_start_says_why_a_treaty_is_not_among_the_ways(tmp_path):
    """whynot csp at the first question listed only a joint statement or a memorandum as the legal basis: right
    (a treaty keeps an alliance possible while the defense commitment is unknown), but it did not say so, and a
    trainee wondered why not a treaty (helper-71's brief). It says what else a treaty would need."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    child.expect_exact("Which two parties?")
    child.sendline("USA IND")
    child.expect_exact("official label")
    child.sendline("")
    child.expect_exact("legal_basis> ")
    child.sendline("whynot csp")
    child.expect_exact("(and 9 other ways).")
    child.expect_exact("legal_basis> ")
    said = " ".join(child.before.split())  # wrapped to the terminal's width
    assert said.startswith(
        "If legal basis were ratified treaty or signed treaty instead, it could still be an alliance while defense "
        "commitment is not known; it would be a comprehensive strategic partnership or a higher partnership only "
        "if, as well, defense commitment were consultation or none."
    ), said
    child.sendline("quit")
    assert finish(child) == 0


def test_unknown_at_a_quiz_question_that_codes_a_fact_is_told_the_narrative_states_it(tmp_path):
    """'unknown' at a question that codes a fact was taken as a skip, and nothing said: the interview's parser
    reads it as no value (helper-71's brief). A quiz codes only facts its narrative states: unknown is refused,
    told so, and the question asked again; skip leaves it out, as it says."""
    child = spawn(tmp_path, "quiz", "kelmar-doravia")
    for _ in range(3):  # the level, the label's verdict, the fragility risk
        child.expect_exact("answer> ")
        child.sendline("1")
    child.expect_exact("answer> ")
    child.sendline("unknown")
    child.expect_exact("Not accepted: 'unknown' codes nothing: the narrative states sectors")
    child.expect_exact("or skip, to leave the question out")
    child.expect_exact("answer> ")
    child.sendline("skip")
    child.expect_exact("Score:")
    assert finish(child) == 0
    saved = json.loads(next(tmp_path.glob("*.quiz.json")).read_text())
    coded = [item for item in saved["items"] if item["question"] == "code:sectors"]
    assert coded and coded[0]["answer"] is None


def test_a_decimal_comma_is_told_how_to_write_the_number_and_a_whole_number_is_saved_whole(tmp_path):
    """'1,5' at a number question was told only that it was no number in plain digits, e.g. 2.5 (as keyboards
    and spreadsheets of many countries write 1.5); and '12' was saved as 12.0 (helper-60). A decimal comma is
    told the number with a point; a number typed whole is saved as typed."""
    (tmp_path / "case.yaml").write_text(POWER_LEFT)
    child = spawn(tmp_path, "interview", "--resume", "case.yaml", "--save", "out.yaml")
    child.expect_exact("power_ratio> ")
    child.sendline("1,5")
    child.expect_exact("Not accepted: '1,5' has a comma: amity reads a decimal point.")
    child.expect_exact("write 1.5: a point before the decimals, not a comma; or unknown.")
    child.expect_exact("power_ratio> ")
    child.sendline("12")
    child.expect_exact("The interview is over")
    assert finish(child) == 0
    saved = (tmp_path / "out.yaml").read_text()
    assert "power_ratio: 12\n" in saved, saved
    transcript = (tmp_path / "out.transcript.json").read_text()
    questions = json.loads(transcript)["questions"]
    assert [q["answer"] for q in questions if q["field"] == "power_ratio"] == [12]
    assert json.loads(transcript)["profile"]["power_ratio"] == 12 and "12.0" not in transcript


def test_how_with_words_it_does_not_take_says_so_and_what_it_explains(tmp_path):
    """'how abc' showed what is established, two steps down, as if it had understood 'abc' (helper-60). It says
    it does not know the words, and what how (and why, whynot) explains; a number of steps still goes deeper."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)
    child.sendline("how abc")
    child.expect(r"\n[a-z_]+> ")
    shown = " ".join(child.before.split())  # as read: wrapped to the terminal's width
    assert "Not understood: how does not know 'abc'; it takes a number of steps, or nothing." in shown
    assert "Type how for what is established so far (the level, the risks, hedging), 2 steps down" in shown
    assert "why FIELD explains a question, whynot LEVEL why it is not (yet) at a level." in shown
    assert "The level is" not in shown
    child.sendline("how 4")
    child.expect_exact("The level is at least partnership")
    child.expect(r"\w+> ")
    child.sendline("quit")
    assert finish(child) == 0


def test_how_says_in_the_interview_s_own_words_how_to_see_the_steps_it_leaves_out(tmp_path):
    """how, two steps down, ended a line it cut short with '(1 more step; --depth or --verbose)': options of
    amity assess, which the interview does not take (the page said them too). It says the interview's own
    command, a number of steps that goes further; and how with that number shows the steps."""
    (tmp_path / "case.yaml").write_text((ROOT / "examples" / "china-russia.yaml").read_text())
    child = spawn(tmp_path, "interview", "--resume", "case.yaml", "--save", "out.yaml")
    child.expect_exact("over> ")
    child.sendline("how")
    child.expect(r"\n\w+> ")
    shown = " ".join(child.before.split())
    assert "a framework … (1 more step; how 4 goes further)" in shown, shown
    assert "--depth" not in shown and "--verbose" not in shown
    child.sendline("how 4")
    child.expect(r"\n\w+> ")
    assert "more step" not in child.before and "a framework, because" in " ".join(child.before.split())
    child.sendline("quit")
    assert finish(child) == 0


def test_whynot_refusal_speaks_plain_words_not_the_data_s_names(tmp_path):
    """'whynot foo' was told "expected a level (e.g. strategic_partnership), <risk>=<rating> (e.g.
    entrapment=high), hedging or no-hedging", and a misspelt level was offered 'strategic_partnership':
    names of the data files, for a command line (helper-60). The trainee is told the levels, risks and
    ratings as the screen says them, and a near miss in the same words."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)
    for typed, said in (
        ("whynot foo", "Not understood: amity does not know 'foo' as a level, a risk or hedging."),
        ("whynot strategic partnrship", "did you mean 'strategic partnership'?"),
        ("whynot", "Say which: type whynot and a level"),
    ):
        child.sendline(typed)
        child.expect(r"\n[a-z_]+> ")  # the next prompt, at the start of its own line
        shown = " ".join(child.before.split())
        assert said in shown, shown
        assert (
            "a level: partnership (p), strategic partnership (sp), comprehensive strategic partnership (csp)" in shown
        )
        assert "a risk and a rating, e.g. entrapment high" in shown and "or hedging, no hedging" in shown
        for data_name in ("strategic_partnership", "<risk>", "=high", "no-hedging"):
            assert data_name not in shown, (typed, data_name, shown)
    child.sendline("whynot entrapment high")  # as it is told to type it
    child.expect_exact("Why not high entrapment risk?")
    child.expect(r"[a-z_]+> ")
    child.sendline("quit")
    assert finish(child) == 0


def test_whynot_a_risk_at_a_rating_it_cannot_take_lists_its_ratings(tmp_path):
    """'whynot entrapment=foo' was answered "did you mean 'entrapment low'?": foo is no rating, and not near
    low (helper-63). The trainee is told that foo is not one of entrapment's ratings, which they are, and a
    suggestion only for a near miss; a risk typed alone is asked for its rating."""
    child = spawn(tmp_path, "interview", "--save", "mine.yaml")
    one_answer(child)
    for typed, said, suggested in (
        ("whynot entrapment=foo", "Not understood: 'foo' is not one of the ratings of the entrapment risk, "
         "which are low, moderate or high.", None),
        ("whynot entrapment hig", "'hig' is not one of the ratings of the entrapment risk", "did you mean 'entrapment high'?"),
        ("whynot entrapment", "Not understood: entrapment is a risk: say which of its ratings (low, moderate or high); "
         "e.g. entrapment high.", None),
        ("whynot foo high", "'foo' is not one of the risks amity rates, which are entrapment, abandonment, asymmetry "
         "and fragility.", None),
    ):  # fmt: skip
        child.sendline(typed)
        child.expect(r"\n[a-z_]+> ")
        shown = " ".join(child.before.split())
        assert said in shown, (typed, shown)
        if suggested:
            assert suggested in shown, (typed, shown)
        else:
            assert "did you mean" not in shown, (typed, shown)
    # the words the answer says it in ('Why not high entrapment risk?'), as the page offers it: taken
    for typed in ("whynot high entrapment risk", "whynot entrapment risk high", "whynot high entrapment"):
        child.sendline(typed)
        child.expect_exact("Why not high entrapment risk?")
        child.expect(r"\n[a-z_]+> ")
    child.sendline("whynot high")
    child.expect(r"\n[a-z_]+> ")
    shown = " ".join(child.before.split())
    assert (
        "Not understood: high is a rating: say of which risk (entrapment, abandonment, asymmetry or fragility); "
        in (shown)
    )
    child.sendline("quit")
    assert finish(child) == 0


def test_the_parties_and_label_prompts_are_wrapped_at_a_narrow_terminal(tmp_path):
    """The questions and explanations of the interview were wrapped to the terminal's width, but its first two
    prompts, the parties and the official label, were not: at 40 columns they ran past the edge, cut
    wherever the width fell (helper-60). They are wrapped at spaces, the answer typed after the last line."""
    child = pexpect.spawn(
        sys.executable, ["-m", "amity.cli", "interview"], cwd=str(tmp_path), encoding="utf-8", timeout=TIMEOUT,
        dimensions=(50, 40), env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
        preexec_fn=as_a_shell_starts_it,
    )  # fmt: skip
    child.expect_exact("organisations): ")
    screen = _lines(child.before + child.after)
    assert all(len(line) < 40 for line in screen), screen  # the greeting too
    shown = screen[next(i for i, line in enumerate(screen) if line.startswith("Which")) :]
    assert all(len(line) < 40 for line in shown), shown
    assert " ".join(" ".join(shown).split()) == "Which two parties? Codes, e.g. USA IND (EU, ASEAN for organisations):"
    child.sendline("USA IND")
    child.expect_exact("not known): ")
    shown = _lines(child.before + child.after)[1:]  # after the line typed
    assert all(len(line) < 40 for line in shown), shown
    assert " ".join(" ".join(shown).split()) == "Its official label, if it has one (press Enter if none or not known):"
    child.sendline("")
    child.expect_exact("legal_basis> ")
    child.sendline("quit")
    assert finish(child) == 0


def test_a_quiz_stopped_while_its_result_is_shown_says_the_transcript_is_saved(tmp_path):
    """Ctrl-C while the reveal scrolled: the transcript was saved (before the reveal), but nothing said so,
    only 'amity: interrupted', and --help said that nothing is saved (helper-60). It says where it is."""
    (tmp_path / "answers.yaml").write_text("level: p\nverdict: consistent\n")
    child = spawn(tmp_path, "quiz", "kelmar-doravia", "--trainee", "zz", "--answers", "answers.yaml")
    child.send("\x13")  # Ctrl-S: the terminal stops its output, so the reveal waits at its first line
    saved = tmp_path / "kelmar-doravia-zz.quiz.json"
    writing_held(child)  # the transcript is saved (before the reveal), and the reveal has begun, and waits
    child.sendintr()  # Ctrl-C
    child.send("\x11")  # Ctrl-Q: the output goes on
    child.expect_exact("Stopped while showing the result; the transcript is saved in kelmar-doravia-zz.quiz.json.")
    child.expect_exact("amity: interrupted")
    assert finish(child) == 130
    assert json.loads(saved.read_text())["items"][0]["answer"] == "partnership"
    assert "Score:" not in child.before  # it was stopped indeed, before the score
    help_text = subprocess.run(
        [sys.executable, "-m", "amity.cli", "quiz", "--help"], capture_output=True, text=True, cwd=tmp_path
    ).stdout
    assert "unless the result was being shown: its transcript is saved first" in help_text


def test_an_interview_stopped_while_its_result_is_shown_says_where_the_answers_are(tmp_path, capsys):
    """As the quiz's: Ctrl-C while the final report scrolled said only 'amity: interrupted' (helper-60). (Here the
    report's own output is what is interrupted: a terminal's Ctrl-S cannot stop it at that moment without a race.)"""
    from amity.cli import interview as ui
    from amity.engine import Assessor, load_pack

    assessor = Assessor(load_pack("core"))
    consultation = ui.from_answers(assessor, yaml.safe_load(POWER_LEFT + "power_ratio: 12\n"))
    shown: list[str] = []

    def echo(text: str) -> None:
        if text.startswith("AAA"):  # the report: Ctrl-C as it scrolls
            raise KeyboardInterrupt
        shown.append(text)

    save, transcript = str(tmp_path / "out.yaml"), str(tmp_path / "out.transcript.json")
    with pytest.raises(KeyboardInterrupt):
        ui.finish(consultation, assessor, echo, save, transcript)
    told = capsys.readouterr().err
    assert (
        f"Stopped while showing the result; the answers are saved in {save} and the transcript saved in {transcript}."
        in told
    )
    assert json.loads((tmp_path / "out.transcript.json").read_text())["finished"] is True


@pytest.mark.parametrize("typed", ["unknown", "none", "?"])
def test_the_label_answered_unknown_or_none_is_no_label(tmp_path, typed):
    """Every question takes 'unknown'; typed at the label's prompt it was read as a label named 'unknown', and
    the assessment said the label "unknown" was unrecognized (found by a new-user trial)."""
    child = spawn(tmp_path, "interview", "--save", "answers.yaml")
    child.expect_exact("Which two parties?")
    child.sendline("VNM USA")
    child.expect_exact("official label")
    child.sendline(typed)
    child.expect_exact("No label: the relationship is assessed without one.")
    child.expect_exact("legal_basis> ")
    child.sendline("quit")
    assert finish(child) == 0
    saved = yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))
    assert saved["parties"] == ["VNM", "USA"] and "declared_label" not in saved


def test_change_label_and_change_parties_give_the_case_again_and_keep_every_answer(tmp_path):
    """The parties and the official label were asked once, before the first question: a label left out (Enter) or
    mistyped could be put right only by back, undoing every answer, and change said 'label' was no question,
    though facts lists it (helper-81). change label and change parties give them again, at a question and once
    the interview is over; Enter keeps them; every answer stays; quotes typed around a label are no part of it."""
    case = tmp_path / "case.yaml"
    case.write_text(TRADE_LEFT)
    child = spawn(tmp_path, "interview", "--resume", "case.yaml")
    child.expect_exact("trade_dependence> ")
    child.sendline("help")
    child.expect_exact("or the parties or label")
    child.expect_exact("trade_dependence> ")
    child.sendline("change parties")
    child.expect_exact("Change the parties: they were AAA and BBB.")
    child.expect_exact("parties> ")
    child.sendline("aaa")  # refused as at the start, and asked again
    child.expect_exact("Not accepted: expected exactly 2 party codes, got 1")
    child.expect_exact("parties> ")
    child.sendline("")
    child.expect_exact("Kept: parties: AAA and BBB.")
    child.expect_exact("trade_dependence> ")
    child.sendline("change labl")  # a slip: what change takes, said
    child.expect_exact("e.g. change summits, or change parties or change label; facts lists them")
    child.expect_exact("trade_dependence> ")
    child.sendline("change label")
    child.expect_exact("Change the official label: it was not given.")
    child.expect_exact("label> ")
    child.sendline('"Strategic Partnership"')
    child.expect_exact('Changed: official label: not given → "Strategic Partnership"; your 13 answers kept.')
    child.expect_exact("trade_dependence> ")  # the same question, asked again
    child.sendline("0.05")
    child.expect_exact('Label: "Strategic Partnership" claims strategic partnership')
    assert finish(child) == 0
    saved = yaml.safe_load(case.read_text())
    assert saved["declared_label"] == "Strategic Partnership" and saved["trade_dependence"] == 0.05
    assert len(saved) == 16  # the parties, the label and every answer

    child = spawn(tmp_path, "interview", "--resume", "case.yaml")  # over: the label changed, still over
    child.expect_exact("over> ")
    child.sendline("change official label")
    child.expect_exact('it was "Strategic Partnership"')
    child.sendline("none")
    child.expect_exact('Changed: official label: "Strategic Partnership" → not given; your 14 answers kept.')
    child.expect_exact("over> ")
    child.sendline("change parties")
    child.sendline("AAA, CCC")
    child.expect_exact("Changed: parties: AAA and BBB → AAA and CCC; your 14 answers kept.")
    child.expect_exact("over> ")
    child.sendline("")
    child.expect_exact("Label: none declared")
    assert finish(child) == 0
    saved = yaml.safe_load(case.read_text())
    assert "declared_label" not in saved and saved["parties"] == ["AAA", "CCC"] and len(saved) == 15


def test_a_label_left_blank_is_said_back_as_not_given_not_as_none(tmp_path):
    """A label left blank at the start ('press Enter if none or not known') was said back by change label as
    'it was none', and by back as 'no label', as if it were known to be none (found by a new trainee). It is
    'not given'."""
    child = saving_at_shared_values(tmp_path)  # the label left blank
    child.sendline("change label")
    child.expect_exact("Change the official label: it was not given.")
    child.expect_exact("label> ")
    child.sendline("")
    child.expect_exact("Kept: official label: not given.")
    child.expect_exact("shared_values> ")
    child.sendline("back")
    child.expect_exact("legal_basis> ")
    child.sendline("back")
    child.expect_exact("No answer to undo: the parties and the label again (now USA and IND, the label not given).")
    child.expect_exact("Which two parties?")
    child.sendline("quit")
    assert finish(child) == 0


def test_an_open_verdict_in_the_quiz_says_which_level_would_give_which(tmp_path):
    """A label's verdict the brief leaves open said only 'the verdict could be consistent, inflated or deflated'
    (helper-81): the trainee who answered undeclared of a declared label was not told why, nor what would settle
    it. The quiz says which possible level gives each verdict, and that a declared label is not undeclared."""
    child = spawn(tmp_path, "quiz", "lioria-brief")
    child.expect_exact("What level is this relationship?")
    child.expect_exact("answer> ")
    child.sendline("undecided")
    child.expect_exact("borne out by the substance?")
    child.expect_exact("answer> ")
    child.sendline("undeclared")
    child.expect_exact("answer> ")
    child.sendline("skip")
    child.expect_exact("you: undeclared   amity: undecided   → wrong (0/1)")
    child.expect_exact("claims comprehensive strategic partnership, and the label would be\r\n")
    child.expect(r"- consistent if the level were comprehensive strategic partnership\r\n")
    child.expect(r"- inflated if the level were partnership or strategic partnership\r\n")
    child.expect(r"- deflated if the level were comprehensive strategic partnership of coordination\r\n")
    child.expect_exact('It is not undeclared: the relationship declares "Comprehensive Strategic Partnership".')
    child.expect_exact("Score: 1 out of 3")
    assert finish(child) == 0


def test_a_power_ratio_given_the_wrong_way_round_is_told_turned_over(tmp_path):
    """0.5 for the power ratio, the weaker party's over the stronger's, was told only that 1 is the least value
    (helper-81): the trainee is told which way round the ratio goes and what 0.5 turned over is."""
    case = tmp_path / "case.yaml"
    case.write_text(
        "parties: [AAA, BBB]\nlegal_basis: joint_statement\nshared_values: mixed\nsecurity_dependence: true\n"
        "trade_dependence: 0.3\n"
    )
    child = spawn(tmp_path, "interview", "--resume", "case.yaml")
    while child.expect([r"\npower_ratio> ", r"\n(?!power_ratio)\w+> "]) == 1:  # every other question: unknown
        child.sendline("unknown")
    child.sendline("0.5")
    child.expect_exact("Not accepted: 0.5 is below the least value of power ratio, 1.")
    child.expect_exact("Expected a number, 1 or more; the stronger party's over the weaker's: type 2; or unknown.")
    child.expect_exact("power_ratio> ")
    child.sendline("2")
    child.expect(r"\n\w+> ")
    child.sendline("quit")
    assert finish(child) == 0
    assert yaml.safe_load(case.read_text())["power_ratio"] == 2


def test_help_at_a_terminal_of_80_columns_lines_its_commands_up(tmp_path):
    """At a terminal 80 columns wide, help set half its descriptions on lines of their own under the command, the
    column lost ('back' then 'undo the last answer ...' four columns in, a lone 'label' cut off a line of its own;
    helper-81). A description too long goes on under itself, at its column, at a question and at over>."""
    from amity.cli.interview import HELP_ROWS, OVER_CHOICES, OVER_HELP_ROWS

    def spawned(*args: str) -> pexpect.spawn:
        return pexpect.spawn(
            sys.executable, ["-m", "amity.cli", *args], cwd=str(tmp_path), encoding="utf-8", timeout=TIMEOUT,
            dimensions=(50, 80), env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
            preexec_fn=as_a_shell_starts_it,
        )  # fmt: skip

    def lined_up(shown: list[str], rows: tuple[tuple[str, str], ...], column: int) -> None:
        for term, text in rows:
            at = next(i for i, line in enumerate(shown) if line.startswith(f"  {term} "))
            said = [shown[at][column:]]
            assert shown[at][:column].strip() == term and shown[at][column] != " ", shown[at]
            while at + 1 < len(shown) and shown[at + 1].startswith(" " * column) and shown[at + 1][column] != " ":
                at += 1
                said.append(shown[at][column:])
            assert " ".join(said) == text and all(len(line) < 80 for line in shown)

    def helped(child: pexpect.spawn, prompt: str, head: str, rows: tuple[tuple[str, str], ...]) -> None:
        """help typed at PROMPT: its list, from HEAD, lined up at column 18; then quit."""
        child.sendline("help")
        child.expect_exact(prompt)
        shown = _lines(child.before)
        lined_up(shown[shown.index(head) :], rows, 18)
        child.sendline("quit")
        assert finish(child) == 0

    child = spawned("interview", "--save", "case.yaml")
    child.expect_exact("organisations): ")
    child.sendline("EU CHN")
    child.expect_exact("known): ")
    child.sendline("")
    child.expect_exact("legal_basis> ")
    helped(child, "legal_basis> ", "Answer the question, or type one of:", HELP_ROWS)

    (tmp_path / "case.yaml").write_text(ENDED)
    child = spawned("interview", "--resume", "case.yaml")
    child.expect_exact("over> ")
    shown = _lines(child.before)
    lined_up(shown, tuple((what, how) for what, how, _ in OVER_CHOICES), 2 + len("change an answer") + 3)
    helped(child, "over> ", "The interview is over; type one of:", OVER_HELP_ROWS)


def test_why_of_an_answer_says_where_each_rule_that_tests_it_stands(tmp_path):
    """why FIELD of an answered fact listed the rules that test it and no more (helper-81): it says of each whether
    it holds, fails or waits on a fact still open, so the trainee follows the answer to what it made hold."""
    child = saving_at_shared_values(tmp_path)
    child.sendline("why legal basis")
    child.expect_exact("You answered legal basis: joint statement. These rules test it:")
    child.expect_exact("a framework is at least a partnership [framework-declared]: holds\r\n")
    child.expect_exact("Without any framing instrument there is no partnership [no-framework]: fails\r\n")
    child.expect_exact(
        "A joint statement or memorandum creates no legal obligation [non-binding-instrument]: holds\r\n"
    )
    child.expect_exact("(To change it: change legal basis.)")
    child.expect_exact("shared_values> ")
    child.sendline("low")
    child.expect(r"\n\w+> ")
    child.sendline("why shared values")
    child.expect_exact("[fragility-crisis-without-shared-values]: not known yet (it waits on recent crisis)")
    child.expect(r"\n\w+> ")
    child.sendline("quit")
    assert finish(child) == 0


def test_a_set_question_s_example_is_made_of_its_own_items_in_the_interview_and_the_quiz(tmp_path):
    """At the sectors question, in the interview and the quiz, the example of how to type items was security
    cooperation's ('joint exercises, arms transfers'), which a trainee could take for sectors (helper-81): each
    set's example is its own first two items."""
    child = saving_at_shared_values(tmp_path)
    child.sendline("mixed")
    child.expect_exact("sectors> ")
    assert "(1, 2 or 1 2; defense, trade or defense trade); 'none' for no item)" in child.before
    assert "joint exercises" not in child.before
    child.sendline("defense, wheat")  # refused in the same words
    child.expect_exact("(1, 2 or 1 2; defense, trade or defense trade)")
    child.expect_exact("sectors> ")
    child.sendline("quit")
    assert finish(child) == 0

    child = spawn(tmp_path, "quiz", "kelmar-doravia")
    for _ in range(5):  # the questions before the sectors' skipped
        child.expect_exact("answer> ")
        if "Code sectors" in child.before:
            break
        child.sendline("skip")
    assert "(1, 2 or 1 2; defense, trade or defense trade)" in child.before
    assert "joint exercises" not in child.before
    child.sendline("quit")
    assert finish(child) == 0


def test_names_with_spaces_typed_without_commas_are_suggested_and_the_refusal_speaks_of_the_whole(tmp_path):
    """'joint exercises arms transfers' at security cooperation was refused with "'exercises' and 'transfers' are
    not among the choices", as if 'joint' and 'arms' had been taken (found by a new trainee). The words, joined
    with '_' in order, make items: amity suggests them; words that make none are told read word by word."""
    (tmp_path / "case.yaml").write_text(TRADE_LEFT.replace("security_cooperation: []\n", ""))
    child = spawn(tmp_path, "interview", "--resume", "case.yaml")
    child.expect_exact("security_cooperation> ")
    child.sendline("joint exercises arms transfers")
    child.expect_exact(
        "Not accepted: 'joint exercises arms transfers' runs names with spaces in them together, without commas "
        "between them."
    )
    child.expect_exact("security_cooperation> ")
    said = " ".join(child.before.split())  # wrapped at the terminal's width
    assert (
        "did you mean: joint_exercises, arms_transfers? (or, as the menu shows them: joint exercises, arms transfers)."
    ) in said
    assert "not among" not in said
    child.sendline("joint exercises arms trnsfers")
    child.expect_exact(
        "Not accepted: 'joint exercises arms trnsfers' is not a list of the choices for security cooperation: "
        "without a comma it is read word by word, and 'exercises' and 'trnsfers' are none of them."
    )
    child.expect_exact("security_cooperation> ")
    child.sendline("joint_exercises, arms_transfers")  # as suggested
    child.expect_exact("trade_dependence> ")
    child.sendline("quit")
    assert finish(child) == 0
    saved = yaml.safe_load((tmp_path / "case.yaml").read_text())
    assert saved["security_cooperation"] == ["joint_exercises", "arms_transfers"]


def test_back_says_the_levels_its_undone_answer_had_ruled_out_are_possible_again(tmp_path):
    """An answer that narrows the levels says so ('Possible levels now: ...'); back, undoing it, said only what it
    undid, and the trainee kept the narrower levels in mind (helper-81; the page's box of levels shows them at
    once). back says the levels possible again, at a question and at over>, and nothing of them when they are
    the same."""
    child = saving_at_shared_values(tmp_path)
    child.sendline("mixed")
    child.expect_exact("sectors> ")
    child.sendline("trade energy technology climate")
    child.expect_exact("Possible levels now: partnership or strategic partnership")
    child.expect(r"\n\w+> ")
    child.sendline("back")
    child.expect_exact("Undone: sectors (it was trade, technology, energy, climate).\r\n")
    child.expect_exact(
        "  Possible levels now: partnership, strategic partnership, comprehensive strategic partnership or "
        "comprehensive strategic partnership of coordination\r\n"
    )
    child.expect_exact("sectors> ")
    child.sendline("back")  # shared values narrowed nothing: nothing said of the levels
    child.expect_exact("Undone: shared values (it was mixed).\r\n")
    child.expect_exact("Question 2: Shared values")
    assert "Possible levels" not in child.before
    child.sendline("quit")
    assert finish(child) == 0

    (tmp_path / "case.yaml").write_text(
        ENDED.replace("sectors: [trade, investment]\n", "") + "sectors: [trade, investment]\n"
    )  # sectors answered last
    child = spawn(tmp_path, "interview", "--resume", "case.yaml")
    child.expect_exact("over> ")
    child.sendline("back")
    child.expect_exact("Undone: sectors (it was trade, investment).\r\n")
    child.expect_exact("  Possible levels now: partnership, strategic partnership,")
    child.expect_exact("sectors> ")
    child.sendline("quit")
    assert finish(child) == 0


def test_why_at_an_answer_being_changed_says_how_to_go_on(tmp_path):
    """why, typed while an answer is being changed, ended '(To change it: change legal basis.)', a command to type
    at the very prompt that was changing it (helper-81): it says to type the new answer, or keep; why of another
    answer still says how to change that one."""
    child = saving_at_shared_values(tmp_path)
    child.sendline("mixed")
    child.expect_exact("sectors> ")
    child.sendline("change legal basis")
    child.expect_exact("legal_basis> ")
    child.sendline("why")
    child.expect_exact("You answered legal basis: joint statement. These rules test it:")
    child.expect_exact("(You are changing it: type the new answer, or keep (or Enter) to leave it.)")
    child.expect_exact("legal_basis> ")
    assert "(To change it" not in child.before
    child.sendline("why shared values")
    child.expect_exact("(To change it: change shared values.)")
    child.expect_exact("legal_basis> ")
    child.sendline("keep")
    child.expect_exact("Kept: legal basis: joint statement.")
    child.expect_exact("sectors> ")
    child.sendline("quit")
    assert finish(child) == 0
