"""The progress line, in a real pseudo-terminal: rows done of the total, the rate, the time left; never off a terminal."""

from __future__ import annotations

import io
import json
import re
import sys
import threading
from pathlib import Path

import pytest
from amity.cli.progress import Progress, count_rows, render

pexpect = pytest.importorskip("pexpect")

AMITY = str(Path(sys.executable).with_name("amity"))
LINE = re.compile(r"amity: ([\d,]+) of ([\d,]+) rows \((\d+)%\) · ([\d,]+) rows/s · (\d+:\d\d|time left unknown)")


#: enough rows with unknown facts to run a few seconds, long past the line's first draw (after 1 s) and its
#: redraws (every 0.5 s): about 0.2 ms a row pure, 0.18 ms compiled (8,000 rows ran 1.5 s compiled: one draw)
ROWS = 30_000


@pytest.fixture(scope="module")
def slow_dataset(tmp_path_factory) -> Path:
    """Rows that all differ in the facts the pack tests, so none is merged: a run of a few seconds."""
    path = tmp_path_factory.mktemp("progress") / "many.jsonl"
    with path.open("w") as handle:
        for i in range(ROWS):
            row = {
                "id": f"r{i}",
                "parties": ["AAA", "BBB"],
                "legal_basis": "joint_statement",
                "power_ratio": 1 + i / 100,
                "ministerial_dialogues": i % 37,
            }
            handle.write(json.dumps(row) + "\n")
    return path


def _spawn(command: str, cwd: Path) -> str:
    child = pexpect.spawn("/bin/bash", ["-c", command], cwd=str(cwd), encoding="utf-8", timeout=600)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_in_a_terminal_it_shows_rows_of_the_total_the_rate_and_the_time_left(slow_dataset, tmp_path):
    screen = _spawn(f"{AMITY} validate {slow_dataset} -o {tmp_path / 'out.jsonl'} -j 1 > /dev/null", tmp_path)
    draws = [LINE.search(part) for part in screen.split("\r")]
    draws = [m for m in draws if m]
    assert len(draws) >= 2, screen  # drawn again and again, not once at the end
    done = [int(m.group(1).replace(",", "")) for m in draws]
    assert done == sorted(done) and done[-1] == ROWS
    assert {m.group(2) for m in draws} == {f"{ROWS:,}"}  # the total, counted from the file
    last = draws[-1]
    assert last.group(3) == "100" and last.group(5) == "0:00"
    assert int(last.group(4).replace(",", "")) > 0
    assert (tmp_path / "out.jsonl").read_text().count("\n") == ROWS


def test_never_when_standard_error_is_not_a_terminal(slow_dataset, tmp_path):
    # standard output is the terminal here; standard error goes to a file
    _spawn(f"{AMITY} validate {slow_dataset} -o {tmp_path / 'out.jsonl'} -j 1 2> {tmp_path / 'err.txt'}", tmp_path)
    err = (tmp_path / "err.txt").read_text()
    assert "rows/s" not in err and "\r" not in err
    # and --quiet silences it in a terminal
    screen = _spawn(f"{AMITY} validate {slow_dataset} -o {tmp_path / 'out.jsonl'} -j 1 -q", tmp_path)
    assert "rows/s" not in screen


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_ticker_redraws_while_no_row_completes():
    """A slow batch holds every row back; the line still moves (its elapsed time), at the ticker's pace."""
    stream = _Terminal()
    progress = Progress(True, None, stream=stream, interval=0.02, delay=0)
    progress(10)  # the first rows: the ticker starts
    drawn = threading.Event()

    def watch() -> None:
        while stream.getvalue().count("\r") < 3:
            threading.Event().wait(0.01)
        drawn.set()

    threading.Thread(target=watch, daemon=True).start()
    assert drawn.wait(30), stream.getvalue()
    progress.done()
    assert stream.getvalue().endswith("\n")
    assert "amity: 10 rows" in stream.getvalue()


def test_nothing_is_drawn_off_a_terminal_or_in_the_first_second():
    off = io.StringIO()
    progress = Progress(True, 10, stream=off, interval=0.01, delay=0)
    progress(5)
    progress.done()
    assert off.getvalue() == ""
    clock = iter([0.0, 0.5, 0.5]).__next__
    early = _Terminal()
    progress = Progress(True, 10, stream=early, clock=clock)
    progress.draw()
    assert early.getvalue() == ""


def test_render_counts_down_the_time_left():
    assert render(250, 10.0, 1000) == "amity: 250 of 1,000 rows (25%) · 25 rows/s · 0:30 left"
    assert render(0, 1.0, 1000).endswith("time left unknown")
    assert render(7_200, 3600.0, 21_600) == "amity: 7,200 of 21,600 rows (33%) · 2 rows/s · 2:00:00 left"
    # no total (standard input, a YAML list), or one the rows outgrew: what is known
    assert render(1_234, 2.0, None) == "amity: 1,234 rows · 617 rows/s · 0:02 so far"
    assert render(20, 2.0, 10) == "amity: 20 rows · 10 rows/s · 0:02 so far"
    assert render(1, 2.0, None) == "amity: 1 row · 0 rows/s · 0:02 so far"  # one row, not '1 rows'
    assert render(1, 2.0, 1).startswith("amity: 1 of 1 row (100%)")


def test_count_rows_by_format(tmp_path):
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("parties\nUSA;JPN\n\nUSA;IND\n")
    assert count_rows(str(csv_file), None) == 2
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"parties": ["USA", "JPN"]}\n\n{"parties": ["USA", "IND"]}\n{"parties": ["A", "B"]}\n')
    assert count_rows(str(jsonl), None) == 3
    assert count_rows(str(tmp_path / "a.yaml"), None) is None
    assert count_rows("-", "csv") is None
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    parquet = tmp_path / "a.parquet"
    pd.DataFrame({"parties": [["USA", "JPN"]] * 7}).to_parquet(parquet)
    assert count_rows(str(parquet), None) == 7
