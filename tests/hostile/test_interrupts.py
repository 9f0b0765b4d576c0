"""Interrupted runs, in a real process group, as a terminal's Ctrl-C or a plain `kill` sends them.

Each trial starts `amity validate big.csv -o out.csv -j 4` in a session of its own,
waits for the first results to reach the partial file, then signals the whole
group. The run must end within a few seconds with one line, exit 128 + the
signal, and leave no partial file and no process behind.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from amity.engine.vocabulary import fact_fields, fields

from tests.processes import as_a_background_job_starts_it, as_a_shell_starts_it

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")

TRIALS = 12  # per signal: 24 trials in all
PARTIES = ["USA", "CHN", "RUS", "IND", "JPN", "EU", "VNM", "DEU", "KOR", "FRA", "GBR", "BRA"]


def _cell(spec, rng: random.Random) -> str:
    if spec.kind in ("enum", "ordinal"):
        return rng.choice(spec.values)
    if spec.kind == "boolean":
        return rng.choice(["true", "false"])
    if spec.kind == "set":
        chosen = [v for v in spec.values if rng.random() < 0.4]
        return ";".join(chosen) if chosen else "[]"
    if spec.kind == "integer":
        return str(rng.randint(0, 12))
    return str(round(rng.random() * (0.5 if spec.maximum == 1 else 40) + (spec.minimum or 0), 3))


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """A few thousand distinct rows, so that a run takes seconds (seeded, like bench/synthetic.py)."""
    rng = random.Random(12)
    facts = {n: s for n, s in fact_fields().items() if n not in ("as_of", "established")}
    names = [f for f in fields() if f != "sources"]
    path = tmp_path_factory.mktemp("interrupts") / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for i in range(4000):
            row = {"id": f"case-{i}", "parties": ";".join(rng.sample(PARTIES, 2)), "as_of": "2020"}
            row.update({n: _cell(s, rng) for n, s in facts.items()})
            row["declared_label"] = rng.choice(["Strategic Partnership", "Comprehensive Strategic Partnership", ""])
            writer.writerow([row.get(n, "") for n in names])
    return path


def _group(pgid: int) -> list[str]:
    found = subprocess.run(["ps", "-e", "-o", "pgid=,pid=,stat="], capture_output=True, text=True).stdout
    return [line for line in found.splitlines() if line.split()[0] == str(pgid) and not line.split()[2].startswith("Z")]


def _start(big: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "amity.cli", "validate", str(big), "-o", str(out), "-j", "4", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=as_a_shell_starts_it,
    )


def _wait_for_output(folder: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(p.stat().st_size > 0 for p in folder.glob(".out.csv.*part")):
            return
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it was interrupted: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
        time.sleep(0.005)
    pytest.fail("no output within 60 s")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_the_group_ends_the_run_cleanly(big, tmp_path, signum):
    failures = []
    for trial in range(TRIALS):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        out = folder / "out.csv"
        proc = _start(big, out)
        try:
            _wait_for_output(folder, proc)
            os.killpg(proc.pid, signum)
            try:
                _, err = proc.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                failures.append(f"trial {trial}: still running 5 s after the signal")
                continue
            # the workers are reaped before the parent exits; give the kernel a moment to tidy up
            deadline = time.monotonic() + 2
            while _group(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.02)
            problems = []
            if proc.returncode != 128 + signum:
                problems.append(f"exit {proc.returncode}")
            if err.decode() != "amity: interrupted\n":
                problems.append(f"stderr {err.decode()[-300:]!r}")
            if list(folder.iterdir()):
                problems.append(f"left {[p.name for p in folder.iterdir()]}")
            if _group(proc.pid):
                problems.append(f"processes left: {_group(proc.pid)}")
            if problems:
                failures.append(f"trial {trial}: " + "; ".join(problems))
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert not failures, "\n".join(failures)


def test_a_killed_run_leaves_nothing_the_next_run_does_not_clean(big, tmp_path):
    out = tmp_path / "out.csv"
    proc = _start(big, out)
    try:
        _wait_for_output(tmp_path, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    stale = list(tmp_path.glob(".out.csv.*part"))
    assert stale, "SIGKILL leaves the partial file (nothing can remove it then)"
    small = tmp_path / "small.csv"
    small.write_text("parties,legal_basis\nUSA;JPN,none\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "amity.cli", "validate", str(small), "-o", str(out), "-j", "1", "-q"],
        capture_output=True,
        text=True,
        preexec_fn=as_a_shell_starts_it,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "small.csv"]
    assert f"removed '{stale[0]}'" in done.stderr


def _read_slowly_then_stop(command: list[str], signum: int, after: float) -> tuple[bytes, int, str]:
    """Run command with its standard output a pipe read slowly (so that its writes wait for the reader), stop
    it with signum after some seconds (amity alone: the reader goes on), and read what is left to the end."""
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        preexec_fn=as_a_shell_starts_it,
    )
    fd = proc.stdout.fileno()  # type: ignore[union-attr]
    data = b""
    started = time.monotonic()
    while time.monotonic() - started < after:
        data += os.read(fd, 4096)
        time.sleep(0.05)
    proc.send_signal(signum)
    while chunk := os.read(fd, 1 << 16):
        data += chunk
    _, err = proc.communicate(timeout=10)
    return data, proc.returncode, err.decode()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_rows_written_to_a_pipe_before_an_interruption_are_whole(big, fmt):
    """A stop signal while a batch of rows went to a pipe that its reader empties slowly cut the last row in
    the middle (the write was cut short, the rest of the batch lost): a reader (pandas, jq, a spreadsheet) got
    a broken last line. The run now finishes the line being written, then stops (exit 143, 'amity:
    interrupted'); a JSON array is left open, so that the rows do not pass for all of them."""
    command = [sys.executable, "-m", "amity.cli", "validate", str(big), "-j", "2", "-q", "-f", fmt]
    full = subprocess.run(command, capture_output=True, check=True, stdin=subprocess.DEVNULL).stdout
    for trial in range(2):
        data, code, err = _read_slowly_then_stop(command, signal.SIGTERM, 1.0 + 0.5 * trial)
        assert (code, err) == (143, "amity: interrupted\n"), (code, err)
        assert 0 < len(data) < len(full) and full.startswith(data), "the rows written are the first rows, in order"
        if fmt == "json":
            assert not data.rstrip().endswith(b"]"), "an interrupted JSON array is left open"
            with pytest.raises(ValueError):
                json.loads(data)
            continue
        assert data.endswith(b"\n"), f"trial {trial}: the last row is cut: {data[-80:]!r}"
        lines = data.decode().splitlines()
        if fmt == "jsonl":
            assert all(json.loads(line)["row"] for line in lines)
        else:
            assert {len(r) for r in csv.reader(lines)} == {len(next(csv.reader(lines)))}


@pytest.fixture(scope="module")
def many_profiles(tmp_path_factory) -> Path:
    """The example profiles, over and over: an assessment of them is megabytes, far more than a pipe holds."""
    import yaml

    examples = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
    profiles = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in examples]
    path = tmp_path_factory.mktemp("interrupts") / "profiles.json"
    path.write_text(json.dumps(profiles * (400 // len(profiles) + 1)), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_assessments_written_to_a_pipe_before_an_interruption_are_whole(many_profiles, fmt):
    """`amity assess` wrote its output as one write that a stop signal cut anywhere: a pipe's reader (jq, a
    script reading lines) was left half an assessment's JSON line. It now ends at the end of a line, as
    `amity validate` does (exit 143, 'amity: interrupted')."""
    command = [sys.executable, "-m", "amity.cli", "assess", str(many_profiles), "-f", fmt]
    full = subprocess.run(command, capture_output=True, check=True, stdin=subprocess.DEVNULL).stdout
    for trial in range(2):
        data, code, err = _read_slowly_then_stop(command, signal.SIGTERM, 1.0 + 0.5 * trial)
        assert (code, err) == (143, "amity: interrupted\n"), (code, err)
        assert 0 < len(data) < len(full) and full.startswith(data), "what is written is the output's beginning"
        assert data.endswith(b"\n"), f"trial {trial}: the last line is cut: {data[-80:]!r}"
        if fmt == "jsonl":
            assert all("level" in json.loads(line) for line in data.decode().splitlines())


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/wchan").exists(), reason="tells a blocked write by /proc")
def test_a_reader_that_takes_nothing_does_not_hold_an_interrupted_run(big, signum):
    """The line being written waits for its reader after a stop signal, but not for ever (``LINE_GRACE``): a
    reader that takes nothing more (a pipe to a program that hangs) still lets the run stop, 130 or 143 and
    'amity: interrupted', no traceback."""
    import fcntl
    import termios

    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-m", "amity.cli", "validate", str(big), "-j", "2", "-q", "-f", "jsonl"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        preexec_fn=as_a_shell_starts_it,
    )
    os.close(write_end)
    try:
        pending = bytearray(4)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:  # until amity waits in a write to the pipe
            fcntl.ioctl(read_end, termios.FIONREAD, pending)  # (or has nearly filled it, where wchan says nothing)
            if (
                "pipe_write" in Path(f"/proc/{proc.pid}/wchan").read_text()
                or int.from_bytes(pending, sys.byteorder) >= 1 << 15
            ):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it filled the pipe"
        proc.send_signal(signum)
        code = proc.wait(timeout=60)  # the pipe is never read: LINE_GRACE, then the stop
        assert (code, proc.stderr.read().decode()) == (128 + signum, "amity: interrupted\n")  # type: ignore[union-attr]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]
        os.close(read_end)


_SIGNAL_WHILE_STARTING = """
import builtins, os, signal, sys
import amity.cli
real = builtins.__import__
def importing(name, *args, **kwargs):
    if name in ("amity.cli.main", "main"):  # the command line being imported: start-up is not over
        os.kill(os.getpid(), signal.{signal})
    return real(name, *args, **kwargs)
builtins.__import__ = importing
sys.argv = ["amity", "--version"]
amity.cli.run()
"""


@pytest.mark.parametrize(("name", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_stop_signal_while_amity_starts_is_said_as_during_a_run(name, code):
    """A Ctrl-C in the tenth of a second amity takes to import printed Python's traceback (found by a
    regression trial): now it exits 130 (143 for SIGTERM) saying so, as an interrupted run does."""
    done = subprocess.run(
        [sys.executable, "-c", _SIGNAL_WHILE_STARTING.format(signal=name)],
        capture_output=True,
        text=True,
        preexec_fn=as_a_shell_starts_it,
    )
    assert (done.returncode, done.stderr, done.stdout) == (code, "amity: interrupted\n", "")


def test_a_stop_signal_the_caller_ignores_stays_ignored_while_amity_starts():
    """A background job's SIGINT is ignored (the shell says so): amity starts and runs as asked."""
    done = subprocess.run(
        [sys.executable, "-c", _SIGNAL_WHILE_STARTING.format(signal="SIGINT")],
        capture_output=True,
        text=True,
        preexec_fn=as_a_background_job_starts_it,
    )
    assert done.returncode == 0 and done.stdout.startswith("amity, version") and not done.stderr


def test_a_run_whose_caller_ignores_sigint_is_not_stopped_by_it(tmp_path):
    """A background job of a shell ignores SIGINT, so that a Ctrl-C stops the foreground only: amity kept its
    own handler and stopped (found by a regression trial); it now runs to its end, and SIGTERM still stops it."""
    data = tmp_path / "rows.csv"
    rows = 6_000  # distinct (power ratios) and partial, so that the run lasts: it is signalled while it writes
    data.write_text(
        "id,parties,legal_basis,power_ratio\n"
        + "".join(f"r{i},USA;JPN,joint_statement,{1 + i / 1000}\n" for i in range(rows)),
        "utf-8",
    )
    command = [sys.executable, "-m", "amity.cli", "validate", str(data), "-o", str(tmp_path / "out.csv"), "-q"]
    ignoring = subprocess.Popen(command, preexec_fn=as_a_background_job_starts_it)
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size for p in tmp_path.glob(".out.csv.*part")):  # the run is writing
        assert ignoring.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    ignoring.send_signal(signal.SIGINT)
    assert ignoring.wait(timeout=120) == 0
    assert len((tmp_path / "out.csv").read_text().splitlines()) == rows + 1


def test_a_worker_killed_from_outside_is_said_so_not_called_a_bug(tmp_path):
    """The system may kill a worker when memory runs out: that is no bug in amity (it said so), and the
    message says what to do; exit 1, no traceback, no partial results file."""
    data = tmp_path / "rows.csv"
    data.write_text(
        "id,parties,legal_basis,power_ratio\n"
        + "".join(f"r{i},USA;JPN,joint_statement,{1 + i / 1000}\n" for i in range(6_000)),
        "utf-8",
    )
    out = tmp_path / "out.csv"
    command = [sys.executable, "-m", "amity.cli", "validate", str(data), "-o", str(out), "-q", "--jobs", "2"]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, preexec_fn=as_a_shell_starts_it)
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size for p in tmp_path.glob(".out.csv.*part")):  # the workers are at work
        assert run.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children").read_text().split()
    os.kill(int(children[0]), signal.SIGKILL)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 1
    assert f"error: worker process {children[0]} was killed by SIGKILL (exit code -9): the run stopped" in err
    assert "memory" in err and "--jobs 1" in err
    assert "bug in amity" not in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".out.csv.*part"))
