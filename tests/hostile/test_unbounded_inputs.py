"""Inputs read whole that never end: a device like /dev/zero is refused at a bound, not read to the OOM killer."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from amity.cli.main import main
from amity.engine.dataset import LINE_MOST
from amity.engine.document import DOCUMENT_MOST, read_text
from amity.engine.errors import InputError
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "kelmar-doravia.yaml"

# every command that reads a whole document from a path the user names
COMMANDS = {
    "assess": ["assess", "/dev/zero"],
    "interview --resume": ["interview", "--resume", "/dev/zero", "--save", "{tmp}/answers.yaml"],
    "quiz --answers": ["quiz", str(SCENARIO), "--answers", "/dev/zero"],
}


#: amity with its address space limited to 2 GiB
LIMITED_AMITY = (
    "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
    "from amity.cli.main import main; main()"
)


def amity_in_2_gib(*args: str) -> subprocess.CompletedProcess[str]:
    """amity run with its memory limited well above the bounds and far below what reading /dev/zero
    to its end would take: without the bounds, a MemoryError."""
    return subprocess.run(
        [sys.executable, "-c", LIMITED_AMITY, *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_file_without_end_is_a_located_error_with_exit_2(command, tmp_path):
    done = amity_in_2_gib(*(a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]))
    assert done.returncode == 2, done.stderr
    assert f"/dev/zero: the file is larger than {DOCUMENT_MOST >> 20} MiB, too large to read whole" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_the_bound_is_exact(tmp_path, monkeypatch):
    import amity.engine.document as document

    monkeypatch.setattr(document, "DOCUMENT_MOST", 16)
    path = tmp_path / "p.yaml"
    path.write_text("a: 1234567890123", encoding="utf-8")  # 16 bytes: read
    assert read_text(path) == "a: 1234567890123"
    path.write_text("a: 12345678901234", encoding="utf-8")  # 17 bytes: refused
    with pytest.raises(InputError) as raised:
        read_text(path)
    (problem,) = raised.value.problems
    assert problem.message == "the file is larger than 0 MiB, too large to read whole"
    assert "read as a dataset" in problem.suggestion


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_a_dataset_without_line_ends_stops_at_the_line_bound(fmt, tmp_path):
    done = amity_in_2_gib("validate", "/dev/zero", "--input-format", fmt, "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 2, done.stderr
    assert f"/dev/zero:1:1: a line longer than {LINE_MOST >> 20} MiB: no row is that long" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("name", "long_line"),
    [("rows.csv", "c," * 100_000), ("rows.jsonl", '{"id": "' + "c" * 200_000 + '"}')],
)
def test_the_long_line_is_located_after_the_rows_before_it(name, long_line, jobs, tmp_path, monkeypatch):
    import amity.engine.dataset as dataset

    monkeypatch.setattr(dataset, "LINE_MOST", 1000)  # a line of 200,000 characters: past it in the second read
    if name.endswith(".csv"):
        head = "id,parties,legal_basis\na,USA;JPN,ratified_treaty\nb,EU;CHN,none\n"
    else:
        head = "\n" + '{"id": "a", "parties": ["USA", "JPN"]}\n{"id": "b", "parties": ["EU", "CHN"]}\n'
    path = tmp_path / name
    path.write_text(head + long_line + "\nd,USA;IND,none\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["validate", str(path), "-o", str(tmp_path / "out.csv"), "--jobs", jobs], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}:4:1: a line longer than 0 MiB: no row is that long " + (
        "(check that the file is CSV, TSV or JSON Lines, with one row per line)\n"
    )
    assert not (tmp_path / "out.csv").exists()


def test_a_long_line_under_the_bound_is_a_row(tmp_path, monkeypatch):
    import amity.engine.dataset as dataset

    monkeypatch.setattr(dataset, "LINE_MOST", 300_000)
    path = tmp_path / "rows.csv"
    path.write_text("id,parties,legal_basis\n" + "c," * 100_000 + "\nd,USA;IND,none\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["validate", str(path), "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:5] for line in lines[1:]] == [
        ["1", "2", "", "", "error"],  # ragged: no cell names it (which cell is the id cannot be told)
        ["2", "3", "d", "USA;IND", "ok"],
    ]


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_an_item_without_end_in_a_streamed_list_stops_at_the_item_bound(fmt, tmp_path, monkeypatch):
    """A string that never closes, in a list read an item at a time: the items before it are kept, the
    item is located where it starts, and the run stops (exit 2) before memory runs out."""
    import amity.engine.document as document

    monkeypatch.setattr(document, "ITEM_MOST", 100_000)
    good = [f'{{"id": "r{i}", "parties": ["USA", "JPN"]}}' for i in range(300)]  # far past one item's bound
    if fmt == "json":
        text = "[\n" + ",\n".join(good) + ',\n{"id": "' + "a" * 400_000
    else:
        text = "".join(f"- {item}\n" for item in good) + '- id: "' + "a" * 400_000
    path = tmp_path / f"rows.{fmt}"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["validate", str(path), "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 2
    line, column = (302, 1) if fmt == "json" else (301, 3)  # after the '[' line; after the '- '
    assert f"{path}:{line}:{column}: an item longer than 0 MiB: no profile is that long" in result.stderr
    assert "was not read to its end: the results hold its first 300 rows" in result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 300 + 1  # header, rows, the break


def test_long_items_under_the_item_bound_are_rows(tmp_path, monkeypatch):
    import amity.engine.document as document

    monkeypatch.setattr(document, "ITEM_MOST", 100_000)
    items = [f'{{"id": "r{i}", "parties": ["USA", "JPN"], "declared_label": "{"x" * 90_000}"}}' for i in range(5)]
    path = tmp_path / "rows.json"
    path.write_text("[" + ",\n".join(items) + "]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "-o", str(tmp_path / "o.csv"), "-q"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.skipif(not shutil.which("yes") or not shutil.which("bash"), reason="needs bash and yes")
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_line_without_end_on_a_pipe_stops_at_the_line_bound(fmt):
    """A pipe gives less than a read asks: the reader's growing steps stay ones a read can hold (they grew
    without end, to a MemoryError, asking a pipe for more at each step)."""
    head = "id,parties\\n" if fmt == "csv" else '{"id": "'
    amity = shlex.join([sys.executable, "-c", LIMITED_AMITY, "validate", "-", "--input-format", fmt, "-q"])
    done = subprocess.run(
        ["bash", "-c", f"(printf '{head}'; yes a | tr -d '\\n') | {amity}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    line = 2 if fmt == "csv" else 1
    assert f"<stdin>:{line}:1: a line longer than {LINE_MOST >> 20} MiB" in done.stderr
    assert "internal error" not in done.stderr
