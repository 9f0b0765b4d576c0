"""Standard input or output closed by the caller (``<&-``, ``>&-``): Python then has no sys.stdin or sys.stdout.

Reading '-' failed as an internal error ('NoneType' object has no attribute 'buffer'), the interview and the
quiz too (input(): lost sys.stdin); writing the results was silently skipped by click, exit 0 (assess) or an
internal error (validate)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROFILE = str(ROOT / "examples" / "us-japan.yaml")


def amity_with_closed(fd: int, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """amity run with the file descriptor fd (0: standard input, 1: standard output) closed, as a shell's
    `<&-` or `>&-` leaves it."""
    other = {"stdin": subprocess.DEVNULL} if fd == 1 else {"stdout": subprocess.PIPE}
    return subprocess.run(
        [sys.executable, "-m", "amity.cli", *args],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        cwd=cwd,
        preexec_fn=lambda: os.close(fd),
        **other,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "-"],
        ["validate", "-", "-q", "-j", "1"],
        ["interview", "--answers", "-"],
        ["quiz", "kelmar-doravia", "--answers", "-"],
        ["test", "core", "--cases", "-"],
    ],
    ids=["assess", "validate", "interview", "quiz", "test"],
)
def test_reading_a_closed_standard_input_is_bad_input(args):
    done = amity_with_closed(0, *args)
    assert done.returncode == 2, done.stderr
    assert "error: <stdin>: standard input is closed: there is nothing to read" in done.stderr
    assert "give the file's path in place of '-'" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["interview"], "Stopped before the first question; nothing to save."),
        (["quiz", "kelmar-doravia"], "Stopped; nothing saved."),
    ],
    ids=["interview", "quiz"],
)
def test_a_closed_standard_input_is_the_end_of_the_input_at_a_prompt(args, said, tmp_path):
    """As Ctrl-D at the first question (or standard input from /dev/null): stopped, exit 0, nothing written."""
    done = amity_with_closed(0, *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert said in done.stdout
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["assess", PROFILE],
        ["validate", str(ROOT / "data" / "relationships.csv"), "-j", "1"],
        ["schema", "pack"],
        ["--help"],
    ],
    ids=["assess", "validate", "schema", "help"],
)
def test_writing_to_a_closed_standard_output_is_an_error_not_a_silent_loss(args):
    done = amity_with_closed(1, *args)
    assert done.returncode == 2, done.stderr
    assert "error: <stdout>: cannot write standard output: it is closed" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


def test_results_sent_to_a_file_need_no_standard_output(tmp_path):
    out = tmp_path / "results.csv"
    done = amity_with_closed(1, "validate", str(ROOT / "data" / "relationships.csv"), "-o", str(out), "-q", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("row,line,id")


@pytest.mark.parametrize(
    ("args", "kept", "files"),
    [
        (["pack", "new", "my-course"], "the pack my-course/ (11 files)", ["my-course/pack.yaml"]),
        (
            ["interview", "--answers", PROFILE, "--save", "answers.yaml"],
            "answers.yaml, answers.transcript.json",
            ["answers.yaml", "answers.transcript.json"],
        ),
        (
            ["quiz", "kelmar-doravia", "--answers", "{answers}"],
            "kelmar-doravia.quiz.json",
            ["kelmar-doravia.quiz.json"],
        ),
    ],
    ids=["pack-new", "interview", "quiz"],
)
def test_files_written_before_standard_output_failed_are_said_to_stand(args, kept, files, tmp_path):
    """`amity pack new DIR >&-` wrote the pack, then said only 'cannot write standard output', exit 2: whether the
    pack was there, whole, was left to guess (and `pack new` again refuses a folder that is not empty). Exit 2
    stands (an output was lost, as for any command), and what was written whole before it is said."""
    (tmp_path / "answers.txt").write_text("level: partnership\n", encoding="utf-8")
    args = [a.replace("{answers}", str(tmp_path / "answers.txt")) for a in args]
    done = amity_with_closed(1, *args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "error: <stdout>: cannot write standard output: it is closed" in done.stderr
    assert f"amity: written in full before standard output failed: {kept}\n" in done.stderr
    assert all((tmp_path / f).is_file() for f in files)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_says_what_was_written_too(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "amity.cli", "pack", "new", "p"],
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
    assert done.returncode == 2, done.stderr
    assert "error: <stdout>: cannot write standard output: No space left on device" in done.stderr
    assert "amity: written in full before standard output failed: the pack p/ (11 files)" in done.stderr
