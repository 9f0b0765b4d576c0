"""Hostile outputs: special files, clobbering, modes and links, injection into CSV, Markdown and terminals."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from amity.cli.main import main
from amity.cli.reporters.markdown import _id
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
ROWS = "id,parties,legal_basis,declared_label\na,USA;JPN,ratified_treaty,Mutual Defense Treaty\nb,EU;CHN,none,\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def rows(tmp_path: Path) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- special files and clobbering


def test_a_fifo_is_written_as_a_stream_not_replaced(rows, tmp_path):
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = run("validate", str(rows), "-o", str(fifo), "-f", "csv", "-q", "-j", "1")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the named pipe was replaced by a regular file"
    assert got and got[0].decode().splitlines()[0].startswith("row,line,id")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_character_device_is_written_as_a_stream_not_replaced(rows, tmp_path):
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    result = run("validate", str(rows), "-o", str(null), "-f", "jsonl", "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_dev_stdout_is_written_as_a_stream(rows, tmp_path):
    # /dev/stdout is a symbolic link to /proc/self/fd/1; one of our own keeps the system's safe
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    done = subprocess.run(
        [sys.executable, "-m", "amity.cli", "validate", str(rows), "-o", str(stdout), "-f", "jsonl", "-q", "-j", "1"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2
    assert stdout.is_symlink()


def _amity(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "amity.cli", *args], text=True, check=False, **kwargs)


def test_an_output_naming_standard_output_gets_json_lines_as_standard_output_does(rows, tmp_path):
    """The README: standard output gets JSON Lines; /dev/stdout is written as a stream, not refused."""
    stdout = tmp_path / "stdout"  # as /dev/stdout is, a link to /proc/self/fd/1 (ours keeps the system's safe)
    stdout.symlink_to("/proc/self/fd/1")
    piped = _amity("validate", str(rows), "-o", str(stdout), "-q", capture_output=True)
    assert piped.returncode == 0, piped.stderr
    assert [json.loads(line)["id"] for line in piped.stdout.splitlines()] == ["a", "b"]
    # standard output sent to a file the shell appends to: written through, neither truncated nor replaced
    appended = tmp_path / "all.jsonl"
    appended.write_text('{"earlier": true}\n', encoding="utf-8")
    with appended.open("a", encoding="utf-8") as handle:
        done = _amity("validate", str(rows), "-o", str(stdout), stdout=handle, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    lines = appended.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line).get("id") for line in lines] == [None, "a", "b"]
    assert "2 rows, 2 assessed" in done.stderr  # the summary keeps off the results
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_pipe_or_device_named_without_an_extension_gets_json_lines(rows, tmp_path):
    fifo = tmp_path / "results"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("validate", str(rows), "-o", str(fifo), "-q", "-j", "1")
    if result.exit_code != 0:  # the pipe was never opened: open it, so the reader does not wait forever
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in got[0].decode().splitlines()] == ["a", "b"]
    assert "JSON Lines" not in result.output
    help_text = run("validate", "--help").output
    assert "jsonl on standard output, and on a device or pipe such as -o /dev/stdout" in " ".join(help_text.split())


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_device_like_dev_null_named_without_an_extension_gets_json_lines(rows, tmp_path):
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    result = run("validate", str(rows), "-o", str(null), "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_a_markdown_reports_charts_never_clobber_the_input_or_the_output(rows, tmp_path):
    """The charts are written beside the report as STEM-levels.svg and STEM-risks.svg: checked like -o and --report."""
    data = tmp_path / "r-levels.svg"  # a dataset with an odd name, where a chart would go
    data.write_bytes(rows.read_bytes())
    result = run("validate", str(data), "--report", str(tmp_path / "r.md"), "-o", str(tmp_path / "out.csv"), "-q")
    assert result.exit_code == 2 and "is the input" in result.stderr, result.output
    assert data.read_bytes() == rows.read_bytes() and not (tmp_path / "r.md").exists()
    out = tmp_path / "r-risks.svg"
    result = run("validate", str(rows), "--report", str(tmp_path / "r.md"), "-o", str(out), "-f", "csv", "-q")
    assert result.exit_code == 2 and "same file" in result.stderr, result.output
    assert not out.exists()
    fine = run("validate", str(rows), "--report", str(tmp_path / "s.md"), "-o", str(tmp_path / "s.csv"), "-q")
    assert fine.exit_code == 0 and (tmp_path / "s-levels.svg").is_file() and (tmp_path / "s-risks.svg").is_file()


def test_output_equal_to_the_input_is_refused(rows, tmp_path):
    before = rows.read_bytes()
    link = tmp_path / "link.csv"
    link.symlink_to(rows)
    hard = tmp_path / "hard.csv"
    os.link(rows, hard)
    for target in (rows, link, hard):
        result = run("validate", str(rows), "-o", str(target), "-q", "-j", "1")
        assert result.exit_code == 2 and "is the input" in result.stderr, (target, result.output)
    result = run("validate", str(rows), "--report", str(rows.with_suffix(".md")), "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 0
    assert rows.read_bytes() == before


def test_the_interview_and_the_quiz_never_write_over_their_inputs_not_even_with_replace(tmp_path, monkeypatch):
    """--replace is for an earlier interview's or transcript's file: it wrote the transcript over the scenario,
    over the quiz's answers file, and over the interview's --answers or --resume profile (its comments lost)."""
    monkeypatch.chdir(tmp_path)
    profile, scenario, answers = Path("p.yaml"), Path("s.yaml"), Path("a.yaml")
    profile.write_bytes((ROOT / "examples" / "us-japan.yaml").read_bytes())
    scenario.write_bytes((ROOT / "scenarios" / "kelmar-doravia.yaml").read_bytes())
    answers.write_text("level: partnership\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (profile, scenario, answers)}
    for args, option, what in [
        (["quiz", "s.yaml", "--answers", "a.yaml", "--save", "s.yaml"], "--save", "SCENARIO"),
        (["quiz", "s.yaml", "--answers", "a.yaml", "--save", "./a.yaml"], "--save", "--answers"),
        (["interview", "--answers", "p.yaml", "--save", "p.yaml"], "--save", "--answers"),
        (["interview", "--answers", "p.yaml", "--transcript", "p.yaml"], "--transcript", "--answers"),
        (
            ["interview", "--resume", "p.yaml", "--save", "new.yaml", "--transcript", "p.yaml"],
            "--transcript",
            "--resume",
        ),
    ]:
        result = run(*args, "--replace")
        assert result.exit_code == 2, (args, result.output)
        assert f"is the input {what}: writing it would destroy the data being read" in result.stderr, result.output
        assert f"{option} '" in result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "p.yaml", "s.yaml"]
    # a resumed interview saves back into its own file, as before
    assert run("interview", "--resume", "p.yaml", "--replace", input="").exit_code == 0
    assert profile.read_bytes() != before[profile] and Path("p.transcript.json").is_file()


def test_output_equal_to_the_standard_input_is_refused(rows):
    before = rows.read_bytes()
    with rows.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "amity.cli", "validate", "-", "-o", str(rows), "-q", "-j", "1"],
            stdin=stdin,
            capture_output=True,
            text=True,
        )
    assert done.returncode == 2 and "is the input" in done.stderr
    assert rows.read_bytes() == before


def test_report_equal_to_the_output_is_refused(rows, tmp_path):
    same = tmp_path / "r.md"
    result = run("validate", str(rows), "-o", str(same), "-f", "jsonl", "--report", str(same), "-q", "-j", "1")
    assert result.exit_code == 2 and "same file as --output" in result.stderr
    assert not same.exists()


def test_an_existing_file_keeps_its_mode(rows, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old")
    out.chmod(0o600)
    assert run("validate", str(rows), "-o", str(out), "-q", "-j", "1").exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("row,line,id")


def test_a_symlink_is_written_through(rows, tmp_path):
    target = tmp_path / "real" / "out.csv"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    assert run("validate", str(rows), "-o", str(link), "-q", "-j", "1").exit_code == 0
    assert link.is_symlink()
    assert target.read_text().startswith("row,line,id")
    dangling = tmp_path / "new.csv"
    dangling.symlink_to(tmp_path / "real" / "new-target.csv")
    assert run("validate", str(rows), "-o", str(dangling), "-q", "-j", "1").exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "real" / "new-target.csv").read_text().startswith("row,")


# --------------------------------------------------------------------------- full disks and --jobs


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_full_disk_on_the_output_is_a_located_error(rows, tmp_path):
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # the same device as /dev/full
    result = run("validate", str(rows), "-o", str(full), "-f", "csv", "-q", "-j", "1")
    assert result.exit_code == 2
    assert str(full) in result.stderr and "No space left on device" in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["assess", str(ROOT / "examples" / "us-japan.yaml")],
        ["validate", str(ROOT / "data" / "relationships.csv"), "-q", "-j", "1"],
        ["validate", str(ROOT / "data" / "relationships.csv"), "-o", "{tmp}/out.jsonl", "-j", "1"],  # the summary
        ["test", "core"],
        ["schema", "pack"],
        ["pack", "doc", "core"],
        ["pack", "lint", "core"],
        ["pack", "diff", "core", "china-ladder"],
        ["interview", "--answers", str(ROOT / "examples" / "us-india.yaml")],
        ["--help"],  # click writes these before any command's own handling
        ["--version"],
        ["validate", "--help"],
    ],
    ids=[
        "assess",
        "validate",
        "validate-summary",
        "test",
        "schema",
        "pack-doc",
        "pack-lint",
        "pack-diff",
        "interview",
        "help",
        "version",
        "validate-help",
    ],
)
def test_a_full_disk_on_standard_output_is_a_located_error(args, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    with open("/dev/full", "w") as full:  # only standard output is /dev/full: no path names it
        done = subprocess.run(
            [sys.executable, "-m", "amity.cli", *args], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr
    assert (
        "internal error" not in done.stderr
        and "Traceback" not in done.stderr
        and "Exception ignored" not in done.stderr
    )


def test_jobs_beyond_the_machine_are_refused(rows):
    result = run("validate", str(rows), "-j", "100000", "-q")
    assert result.exit_code == 2 and "--jobs 100000" in result.stderr and "at most" in result.stderr


def test_jobs_beyond_the_machine_are_refused_by_pack_diff_as_by_validate(rows):
    """`amity pack diff --on` started as many workers as --jobs said: a typo such as -j 100000 forked until the
    machine stalled. It takes --jobs as validate does (one past the most, here: the test must not fork so)."""
    from amity.cli.main import max_jobs

    too_many = max_jobs() + 1
    result = run("pack", "diff", "core", "china-ladder", "--on", str(rows), "-j", str(too_many))
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    assert result.stderr.startswith(f"error: --jobs {too_many} is more than this machine can use (at most")


@pytest.mark.parametrize(
    ("jobs", "said"),
    [
        ("0", "--jobs 0: a run needs at least one worker process"),
        ("-3", "--jobs -3: a run needs at least one worker process"),
        ("abc", "--jobs 'abc': expected a whole number of worker processes"),
    ],
    ids=["zero", "negative", "not-a-number"],
)
@pytest.mark.parametrize(
    "command",
    [["validate", "{rows}", "-q"], ["pack", "diff", "core", "china-ladder", "--on", "{rows}"]],
    ids=["validate", "pack-diff"],
)
def test_jobs_that_are_no_count_of_workers_are_said_in_amitys_form(rows, command, jobs, said):
    """`-j 0`, `-j -3` and `-j abc` got click's usage error ('Invalid value for '--jobs' / '-j': 0 is not in the
    range x>=1.'), not amity's: what was wrong, and what to use on this machine, exit 2."""
    from amity.engine.validation import default_jobs

    result = run(*[a.replace("{rows}", str(rows)) for a in command], "-j", jobs)
    cores = default_jobs()
    suggestion = f"(use --jobs 1 or more; this machine has {cores} core{'s' if cores > 1 else ''}: --jobs {cores} runs"
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    assert result.stderr.startswith(f"error: {said} {suggestion}"), result.stderr
    assert "Usage:" not in result.stderr and "Invalid value" not in result.stderr


def test_jobs_zero_is_said_in_amitys_form_by_the_program_itself(rows):
    done = subprocess.run(
        [sys.executable, "-m", "amity.cli", "validate", str(rows), "-j", "0"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: --jobs 0: a run needs at least one worker process (use --jobs 1 or more")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr


# --------------------------------------------------------------------------- encodings of standard output


_VALIDATE = [sys.executable, "-m", "amity.cli", "validate", str(ROOT / "examples" / "dyads-2024.csv"), "-q"]
#: Python's own text stream, writing the same text to the same standard output: what amity's bytes must be
_PYTHON_WRITES = [sys.executable, "-c", "import sys; sys.stdout.write(sys.stdin.buffer.read().decode('utf-8'))"]


def _written(command: list[str], encoding: str, text: str = "", stdout: Any = subprocess.PIPE) -> bytes:
    done = subprocess.run(
        command,
        input=text.encode(),
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": encoding},
    )
    assert done.returncode == 0, done.stderr.decode(encoding)
    return done.stdout


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_standard_output_in_an_encoding_with_a_byte_order_mark_is_what_pythons_text_stream_writes(encoding, fmt):
    """Each write to standard output was encoded alone, so under PYTHONIOENCODING=utf-16 the results carried a
    byte order mark before every write (the CSV header, each batch of rows): a reader of UTF-16 found stray
    U+FEFF characters in the data. Now they are the bytes Python's own text stream writes to the same pipe:
    one mark, first (utf-8-sig), or none (UTF-16 and UTF-32 on a pipe, in the machine's byte order)."""
    text = _written([*_VALIDATE, "-f", fmt], "utf-8").decode("utf-8")
    assert len(text.splitlines()) > 20  # the header and rows: several writes
    data = _written([*_VALIDATE, "-f", fmt], encoding)
    assert data.decode(encoding) == text, "decoded, the results are those written in UTF-8 (no stray U+FEFF)"
    assert data == _written(_PYTHON_WRITES, encoding, text)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
@pytest.mark.parametrize("before", ["", "# the results\n"], ids=["at-its-start", "past-its-start"])
def test_standard_output_a_file_gets_a_byte_order_mark_where_pythons_text_stream_puts_one(tmp_path, encoding, before):
    """A standard output that is a file gets one mark at its start, and none where the file is written already
    (`{ echo ...; amity validate ...; } > all.txt`: the results are in the middle of the text), as Python's."""
    text = _written([*_VALIDATE, "-f", "csv"], "utf-8").decode("utf-8")

    def into_file(command: list[str], name: str, given: str) -> bytes:
        path = tmp_path / name
        with path.open("wb") as out:
            out.write(before.encode(encoding))
            out.flush()
            _written(command, encoding, given, stdout=out)
        return path.read_bytes()

    data = into_file([*_VALIDATE, "-f", "csv"], "amity.csv", "")
    assert data == into_file(_PYTHON_WRITES, "python.csv", text)
    assert data.decode(encoding) == before + text, "one mark, at the start of the file"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_a_mark_the_text_stream_wrote_before_is_the_only_one(monkeypatch, encoding):
    """Text written through standard output itself (click.echo: what `amity quiz --save -` shows before the
    transcript) and then through amity's own writer, to a pipe: the text stream put its mark, and the writer's
    encoder a second one, in the middle. Now the bytes are those of the text stream writing both."""
    from amity.cli.output import atomic_output

    def through(write_second: Callable[[io.TextIOWrapper], None]) -> bytes:
        read_end, write_end = os.pipe()
        with open(write_end, "w", encoding=encoding) as stream:
            stream.write("shown first\n")
            stream.flush()
            write_second(stream)
        with open(read_end, "rb") as got:
            return got.read()

    def by_amity(stream: io.TextIOWrapper) -> None:
        monkeypatch.setattr(sys, "stdout", stream)
        with atomic_output(None) as out:
            out.write("saved after\n")
        monkeypatch.undo()

    assert through(by_amity) == through(lambda stream: stream.write("saved after\n"))


# --------------------------------------------------------------------------- injection


HOSTILE_LABELS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
]


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path):
    records = [
        {"id": f"ok-{i}", "parties": ["USA", "JPN"], "legal_basis": "none", "declared_label": label}
        for i, label in enumerate(HOSTILE_LABELS)
    ]
    records.append({"id": "=1+1", "parties": ["USA", "JPN"], "declared_label": "-bad", "legal_basis": "nope"})
    lines = [json.dumps(r) for r in records]
    data = tmp_path / "rows.jsonl"
    data.write_text("\n".join(lines) + "\n")
    result = run("validate", str(data), "-f", "csv", "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = ["'" + label.replace("\r", "\n") for label in HOSTILE_LABELS]  # a bare CR would break the row
    assert [r["declared_label"] for r in table[:-1]] == expected
    error_row = table[-1]
    assert error_row["status"] == "error"
    assert error_row["id"] == "'=1+1" and error_row["declared_label"] == "'-bad"
    for r in table:
        for column, cell in r.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    assert [r["row"] for r in table] == [str(i) for i in range(1, len(lines) + 1)]  # numbers stay numbers


MARKUP = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) a|b\nc"


def _assess_profile(tmp_path: Path, label: str) -> Path:
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps({"id": "x-1", "parties": ["USA", "JPN"], "legal_basis": "none", "declared_label": label})
    )
    return path


def _no_markup(text: str) -> None:
    assert "<script" not in text
    assert "<img" not in text
    assert not re.search(r"(?<!\\)\]\(javascript", text)  # a link needs an unescaped ']('
    assert "\\]\\(javascript" in text or "\\](javascript" in text  # the text itself is kept, escaped


def test_markdown_assessment_escapes_user_text(tmp_path):
    result = run("assess", str(_assess_profile(tmp_path, MARKUP)), "-f", "markdown")
    assert result.exit_code == 0
    _no_markup(result.stdout)
    table = [line for line in result.stdout.splitlines() if line.startswith("| **Declared label**")]
    assert len(table) == 1  # the newline did not break the row
    cells = re.split(r"(?<!\\)\|", table[0])
    assert len(cells) == 4  # '' + 2 cells + '': the pipe in the label did not add a column


def test_markdown_report_escapes_user_text(tmp_path):
    data = tmp_path / "rows.jsonl"
    data.write_text(
        json.dumps({"id": "a-1", "parties": ["USA", "JPN"], "legal_basis": "memorandum", "declared_label": "Alliance"})
        + "\n"
        + json.dumps({"id": MARKUP, "parties": ["USA", "JPN"], "declared_label": MARKUP, "legal_basis": "bad"})
        + "\n"
    )
    report = tmp_path / "r.md"
    result = run("validate", str(data), "-o", str(tmp_path / "o.jsonl"), "--report", str(report), "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    text = report.read_text()
    _no_markup(text)
    for line in text.splitlines():
        if line.startswith("|"):
            assert line.rstrip().endswith("|"), line  # no row broken by a newline


ESCAPES = "\x1b[31mRED\x1b[0m\x1b]0;title\x07\x9b2J\rover\x08\x07"


def test_terminal_output_strips_control_sequences(tmp_path):
    result = run("assess", str(_assess_profile(tmp_path, "Strategic " + ESCAPES)))
    assert result.exit_code == 0
    assert "RED" in result.stdout
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", result.stdout)
    data = tmp_path / "rows.jsonl"
    data.write_text(json.dumps({"parties": ["USA", "JPN"], "declared_label": ESCAPES, "legal_basis": ESCAPES}) + "\n")
    result = run("validate", str(data), "-o", str(tmp_path / "o.jsonl"), "-j", "1")
    assert result.exit_code == 0
    assert "Rows with errors" in result.stdout
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", result.stdout)
    result = run("assess", str(_assess_profile(tmp_path, "x")).replace("p.json", "\x1b[2Jmissing.json"))
    assert result.exit_code == 2 and "\x1b" not in result.stderr


def test_mermaid_ids_of_distinct_names_differ():
    names = ["a-b", "a_b", "a.b", "a b", "a__b", "a_hb", "ab"]
    ids = [_id(n) for n in names]
    assert len(set(ids)) == len(names), ids
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", i) for i in ids)


def test_mermaid_keeps_findings_a_dash_b_and_a_underscore_b_apart(tmp_path):
    pack = tmp_path / "pack.yaml"
    rule = """  - id: {id}
    description: d
    rationale: r
    source: {{citation: c}}
    when: {when}
    then:
      - {then}
"""
    pack.write_text(
        "pack: ids\nversion: 1.0.0\ndescription: d\nrules:\n"
        + rule.format(id="r1", when="{legal_basis: none}", then="finding: a-b")
        + rule.format(id="r2", when="{legal_basis: none}", then="finding: a_b")
        + rule.format(id="r3", when="{all: [{finding: a-b}, {finding: a_b}]}", then="level: none")
    )
    result = run("assess", str(_assess_profile(tmp_path, "x")), "--pack", str(pack), "-f", "markdown")
    assert result.exit_code == 0, result.output
    nodes = re.findall(r"^  (finding_\w+)\(\[", result.stdout, re.M)
    assert len(nodes) == 2 and len(set(nodes)) == 2, nodes


HOSTILE_TEXT = st.text(alphabet='ab ,;"\n\r\t=+-@|é', max_size=10)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.tuples(HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_TEXT), min_size=1, max_size=6),
    line=st.one_of(st.none(), st.integers(1, 10**6)),
)
def test_csv_and_tsv_lines_are_what_the_csv_module_writes(texts, line):
    """The rows are written a batch at a time without csv.writer: the bytes are the same, whatever the text."""
    import dataclasses

    from amity.cli.reporters.rows import csv_cells, render_csv, render_tsv
    from amity.engine import validate
    from amity.engine.errors import Location, Problem
    from amity.engine.validation import RowResult

    (assessed,) = validate([{"parties": ["USA", "JPN"], "legal_basis": "none", "declared_label": "Partnership"}])
    records = []
    for i, (ident, party, label, reason) in enumerate(texts, start=1):
        a = dataclasses.replace(
            assessed.assessment, declared_label=label or None, decided_by=reason or None, reasons=(reason, label)
        )
        records.append(
            dataclasses.replace(assessed, row=i, line=line, id=ident or None, parties=(party, "JPN"), assessment=a)
        )
        records.append(
            RowResult(i, line, ident or None, None, None, (Problem(reason, Location(label, line, 2)),), label or None)
        )
        # rows sharing an assessment without reasons: its cells after the identity are written once
        shared = dataclasses.replace(a, reasons=())
        for j, who in enumerate((party, ident)):
            records.append(
                dataclasses.replace(
                    assessed, row=i + j, line=line, id=who or None, parties=(who, party), assessment=shared
                )
            )
    for render, delimiter in ((render_csv, ","), (render_tsv, "\t")):
        out = io.StringIO()
        csv.writer(out, lineterminator="\n", delimiter=delimiter).writerows(csv_cells(r) for r in records)
        assert render(records) == out.getvalue()
        assert render(records) == out.getvalue()  # again, with every shared assessment's cells kept


def test_the_lines_check_fails_on_a_wrong_kept_tail():
    import dataclasses

    from amity.cli.reporters import rows
    from amity.engine import validate

    (assessed,) = validate([{"parties": ["USA", "JPN"], "legal_basis": "none", "declared_label": "Partnership"}])
    shared = dataclasses.replace(assessed.assessment, reasons=())
    records = [dataclasses.replace(assessed, row=i, assessment=shared) for i in (1, 2)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows.csv_cells(r) for r in records)
    assert rows.render_csv(records) == out.getvalue()
    tails, _ = rows._TAILS[","]
    kept, tail = tails[id(shared)]  # kept from the second row on
    tails[id(shared)] = (kept, tail.replace("ok", "error"))  # wrong: a kept tail that is not the row's
    try:
        assert rows.render_csv(records) != out.getvalue()
    finally:
        rows._TAILS.clear()


def test_the_columns_written_unquoted_hold_only_words_that_need_no_quoting():
    """Only free-text columns are quoted and neutralised; the others hold the vocabulary's words."""
    from amity.cli.reporters.rows import _FREE_TEXT, CSV_COLUMNS, FORMULA_STARTS
    from amity.engine.vocabulary import LEVELS, RATINGS, RISKS, VERDICTS, fields

    words = {*LEVELS, *RATINGS, *VERDICTS, *RISKS, *fields(), "ok", "error", "true", "false", "hedging"}
    for word in words:
        assert not word.startswith(FORMULA_STARTS) and not any(c in word for c in ',\t"\n\r'), word
    closed = set(CSV_COLUMNS) - set(_FREE_TEXT)
    assert closed == {
        "row", "line", "status", "declared_level", "level", "possible_levels", "verdict", "possible_verdicts",
        *RISKS, *(f"{r}_possible" for r in RISKS), "hedging", "hedging_possible", "deciding_facts", "inexact",
    }  # fmt: skip


def test_a_new_file_is_its_own_owners_alone_named_afresh_when_a_name_is_taken(tmp_path, monkeypatch):
    from amity.cli import output

    prefix = ".out.csv.123."
    fd, path = output.new_file(tmp_path, prefix, ".part")
    os.close(fd)
    name = Path(path).name
    drawn = name[len(prefix) : len(prefix) + 8]
    assert re.fullmatch(r"\.out\.csv\.123\.[0-9a-f]{8}\.part", name), name
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    # the same random characters drawn again name a file that is there: drawn once more, never opened
    draws = iter([drawn, "00010203"])
    monkeypatch.setattr(output, "_random_part", lambda: next(draws))
    fd, again = output.new_file(tmp_path, prefix, ".part")
    os.close(fd)
    assert Path(again).name == ".out.csv.123.00010203.part"
    monkeypatch.setattr(output, "_random_part", lambda: drawn)
    with pytest.raises(FileExistsError):  # every draw taken: an error, as mkstemp's, not a file written over
        output.new_file(tmp_path, prefix, ".part")
