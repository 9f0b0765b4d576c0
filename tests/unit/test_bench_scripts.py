"""Every benchmark script still imports what it uses and parses its options.

The benchmarks are run by hand, not in CI; a refactoring of the library once left one
importing a class that no longer existed, unnoticed. Asking each for ``--help`` runs its
imports and its argument parser, in a process of its own, in a second or two.
"""

from __future__ import annotations

import importlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def bench(name: str) -> ModuleType:
    """A script of bench/, imported as a program that runs it would (its own folder on the path)."""
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCH))


SCRIPTS = sorted(p.name for p in BENCH.glob("*.py") if "if __name__" in p.read_text(encoding="utf-8"))


def test_there_are_scripts_to_check():
    assert {"bench_throughput.py", "bench_validate.py", "bench_hostile_packs.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_benchmark_script_starts(script):
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--help"], capture_output=True, text=True, timeout=120, cwd=BENCH.parent
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage" in done.stdout.lower()


def test_the_check_fails_on_a_script_that_cannot_import(tmp_path):
    broken = tmp_path / "bench_broken.py"
    broken.write_text("from amity.engine.experta_backend import KnowledgeBase\nif __name__ == '__main__':\n    pass\n")
    done = subprocess.run([sys.executable, str(broken), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "ImportError" in done.stderr


def test_the_scenarios_are_what_their_generator_writes_and_a_drift_is_shown(tmp_path):
    """``make_scenarios.py --check``: the committed scenarios are current; an altered one is shown and fails."""
    import shutil

    script = str(BENCH / "make_scenarios.py")
    run = [sys.executable, script, "--check"]
    assert subprocess.run(run, capture_output=True, text=True, timeout=120).returncode == 0
    copy = tmp_path / "scenarios"
    shutil.copytree(BENCH.parent / "scenarios", copy)
    target = copy / "eu-china-2023.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("verdict: inflated", "verdict: consistent"))
    done = subprocess.run([*run, "--out", str(copy)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "1 of 12 scenario files would change" in done.stderr
    assert "-  verdict: consistent" in done.stdout and "+  verdict: inflated" in done.stdout


def test_a_throughput_target_is_read_within_each_round_and_can_be_missed():
    """The median round's ratio decides, not the best of each run (which may come from different rounds)."""
    throughput = bench("bench_throughput")
    Run, ratios, target = throughput.Run, throughput.ratios, throughput.target

    def runs(label: str, seconds: list[float]) -> list[Run]:
        return [Run(label, 100, s, s, None) for s in seconds]

    results = {"amity": runs("amity", [1.0, 0.5, 1.0]), "anchor": runs("anchor", [1.2, 0.4, 1.1])}
    per_round = ratios(results, "amity", "anchor")
    assert [round(r, 2) for r in per_round] == [1.2, 0.8, 1.1]
    assert "1.1× in the median round (met" in target("amity ≥ anchor", per_round, 0.8, 1)
    assert "(NOT met" in target("amity ≥ anchor", per_round, 0.8, 1.15)
    # an even number of rounds: the lower middle round's own ratio, not an average of two
    assert "0.8× in the median round (NOT met" in target("x", [1.2, 0.8], 1, 1)


def test_the_ceiling_says_when_start_up_alone_puts_the_target_out_of_reach():
    throughput = bench("bench_throughput")
    Run, ceiling = throughput.Run, throughput.ceiling
    short = ceiling([Run("jobs 1", 100, 1.0, 1.0, None)], 0.15, 1.8)  # at most 1 / (0.15 + 0.425) = 1.74x
    assert "1.74× in the median round" in short and "start-up alone bounds it" in short
    long = ceiling([Run("jobs 1", 100, 5.0, 5.0, None)], 0.15, 1.8)  # 5 / 2.575 = 1.94x
    assert "1.94× in the median round" in long and "bounds it" not in long


FORKS = """
import os, sys
total = sum(range(1_000_000))  # the parent's work before the fork: to be counted once
if sys.argv[1] == "fork":
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
"""


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind (apt-get install valgrind)")
def test_instructions_of_a_forked_worker_count_the_parents_work_once(tmp_path):
    """bench_instructions with --jobs 2: a forked child starts with a copy of its parent's counts.

    The same work with and without a fork that does nothing counts alike; the counts
    each process prints at its exit (what the script once summed) count the parent's
    work twice.
    """
    counted = bench("bench_instructions").counted
    script = tmp_path / "forks.py"
    script.write_text(FORKS)
    fork_command = [sys.executable, "-S", str(script), "fork"]
    alone, forked = counted([*fork_command[:-1], "stay"]), counted(fork_command)
    assert abs(forked - alone) / alone < 0.02, (alone, forked)
    printed = subprocess.run(
        ["valgrind", "--tool=callgrind", "--trace-children=yes", "--callgrind-out-file=/dev/null", *fork_command],
        capture_output=True,
        text=True,
    ).stderr
    at_exit = sum(int(n) for n in re.findall(r"Collected : (\d+)", printed))
    assert at_exit > 1.8 * alone  # the count the fix replaces: the parent's work once more in the child


WORKERS = """
import os
sum(range(3_000_000))  # the parent's work before it forks
pids = []
for n in (100_000, 2_000_000):  # a light worker, then a busy one
    pid = os.fork()
    if pid == 0:
        sum(range(n))
        os._exit(0)
    pids.append(pid)
sum(range(500_000))  # the parent's work beside its workers
for pid in pids:
    os.waitpid(pid, 0)
"""


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind (apt-get install valgrind)")
def test_the_longest_chain_is_the_parent_until_it_forks_then_its_busiest_worker(tmp_path):
    counting = bench("bench_instructions")
    counted_by_process, longest_chain = counting.counted_by_process, counting.longest_chain
    script = tmp_path / "workers.py"
    script.write_text(WORKERS)
    counts = counted_by_process([sys.executable, "-S", str(script)])
    before, busiest, beside = longest_chain(counts)
    workers = sorted(n for name, n in counts.items() if "." not in name and n not in (busiest, beside))
    assert len(counts) == 5 and len(workers) == 1  # the parent's two dumps before its forks and after; two workers
    assert busiest > 10 * workers[0]  # the busy worker, not the light one
    assert before > 4 * beside and busiest > 3 * beside  # the parent's work before its forks; beside, apart
    assert before + busiest + beside + workers[0] == sum(counts.values())
    alone = tmp_path / "alone.py"
    alone.write_text("sum(range(1000))")
    with pytest.raises(SystemExit, match="expected one process that forks workers, found 0"):
        longest_chain(counted_by_process([sys.executable, "-S", str(alone)]))


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind (apt-get install valgrind)")
def test_the_longest_chain_needs_workers(capsys):
    assert bench("bench_instructions").main(["--chain", "--rows", "50"]) == 2
    assert "--chain weighs a run's workers: give --jobs 2 or more" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool forks its workers here")
def test_the_workers_probe_says_each_workers_batches_and_waits(capsys):
    assert bench("bench_workers").main(["--rows", "1200", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    said = re.findall(r"  (\d+) batches \(\d+%\), waited ([\d.]+) s for a task \([\d.]+% of its ([\d.]+) s", out)
    assert "run 1: " in out and len(said) == 2, out
    assert sum(int(batches) for batches, _, _ in said) >= 5  # 1,200 rows in batches of 256 at most
    assert all(0 <= float(waited) < float(life) for _, waited, life in said)


def test_the_workers_probe_fails_when_no_worker_reports(monkeypatch, tmp_path):
    """A probe that does not reach the workers (say, the function they run renamed) is an error, not a run
    of idle workers."""
    workers = bench("bench_workers")
    monkeypatch.setattr(workers, "_PROBE", workers._PROBE.replace("workers._serve = timed_serve", "pass"))
    path = tmp_path / "rows.csv"
    path.write_text((ROOT / "examples" / "dyads-2024.csv").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SystemExit, match="no worker reported"):
        workers.probed_run(path, 2, "core")


def test_the_workers_probe_needs_workers(capsys):
    assert bench("bench_workers").main(["--jobs", "1"]) == 2
    assert "--jobs must be 2 or more" in capsys.readouterr().err


def test_the_pool_start_is_timed_beside_multiprocessing(capsys):
    assert bench("bench_pool_start").main(["--runs", "1"]) == 0
    out = capsys.readouterr().out
    rows = re.findall(r"^\| (.+?) \| ([\d.]+) \(([\d.]+)\) \| [\d.]+ \([\d.]+\) \| [\d.]+ \([\d.]+\) \|$", out, re.M)
    assert [kind for kind, _, _ in rows] == [
        "amity's `WorkerPool`",
        "`multiprocessing` (fork: a `Pipe` and a `Process` each)",
    ], out
    assert all(float(median) > 0 for _, median, _ in rows)
    assert re.search(r"amity's pool takes [\d.]+× the time `multiprocessing` takes", out), out


def test_the_pool_start_run_that_fails_is_an_error(monkeypatch):
    """A run that breaks is said, with what it wrote, not taken for a time."""
    pool_start = bench("bench_pool_start")
    monkeypatch.setitem(pool_start.KINDS, "amity's `WorkerPool`", "raise SystemExit('no pool here')")
    with pytest.raises(SystemExit, match="no pool here"):
        pool_start.main(["--runs", "1"])


def test_the_pool_start_needs_a_worker(capsys):
    assert bench("bench_pool_start").main(["--jobs", "0"]) == 2
    assert "--jobs and --runs must be at least 1" in capsys.readouterr().err


# --------------------------------------------------------------------------- the READMEs' commands, as written

ROOT = BENCH.parent
#: Parse a script's options as given, then stop before it measures anything.
PARSE_ONLY = """
import argparse, runpy, sys
parse = argparse.ArgumentParser.parse_args
def parse_then_stop(self, *args, **kwargs):
    parse(self, *args, **kwargs)
    raise SystemExit(0)
argparse.ArgumentParser.parse_args = parse_then_stop
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def documented_commands() -> list[str]:
    """Every `python bench/SCRIPT ...` the READMEs show, as written (up to the end of its code span or line)."""
    found: set[str] = set()
    for readme in (ROOT / "README.md", BENCH / "README.md"):
        text = readme.read_text(encoding="utf-8")
        found.update(m.strip() for m in re.findall(r"python3? (bench/[\w/]+\.py[^`\n|)]*)", text))
    return sorted(found)


def test_the_readmes_show_benchmark_commands():
    assert {"bench/bench_assess.py", "bench/bench_hostile_packs.py --lint"} <= set(documented_commands())


@pytest.mark.parametrize("command", documented_commands())
def test_a_documented_benchmark_command_parses_as_written(command):
    args = shlex.split(command)
    done = subprocess.run(
        [sys.executable, "-c", PARSE_ONLY, *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, f"python {command}\n{done.stderr[-2000:]}"


def test_the_parse_only_run_fails_on_an_option_a_script_does_not_have():
    done = subprocess.run(
        [sys.executable, "-c", PARSE_ONLY, "bench/bench_assess.py", "--rows", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 2 and "unrecognized arguments: --rows" in done.stderr


def test_the_bench_readme_lists_every_script():
    listed = set(re.findall(r"^\| `([\w/]+\.py)` \|", (BENCH / "README.md").read_text(encoding="utf-8"), re.M))
    scripts = {p.name for p in BENCH.glob("*.py")}
    assert scripts - listed == set(), "add them to the table at the top of bench/README.md"


def test_the_bench_readme_quotes_the_readmes_factor_for_hostile_packs():
    """bench/README.md measures against the factor README.md documents; where it names that factor, it is README's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"take more than ([\d,]+) times what the core pack takes", readme)
    assert documented, "README.md documents what a hostile pack may cost ('What a pack can cost')"
    bench = (BENCH / "README.md").read_text(encoding="utf-8")
    quoted = re.findall(
        r"factor of ([\d,]+) that the README documents|README documents the factor as \*\*([\d,]+)\*\*", bench
    )
    assert len(quoted) >= 2
    assert {a or b for a, b in quoted} == {documented.group(1)}


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind (apt-get install valgrind)")
def test_instructions_of_the_library_count_a_row_of_validate_and_of_the_anchor(capsys):
    """bench_instructions --library: a row of the library's validate, and of the straight-line anchor."""
    count_instructions = bench("bench_instructions").main
    assert count_instructions(["--library", "--rows", "20"]) == 0
    out = capsys.readouterr().out

    def thousands(what: str) -> float:
        found = re.search(rf"a row of {re.escape(what)}: ([\d,.]+) K instructions", out)
        assert found, out
        return float(found[1].replace(",", ""))

    validate, anchor = thousands("validate(profiles)"), thousands("the straight-line anchor")
    # the anchor evaluates the rules alone: no check, no label's reasons, no record
    assert 1 < anchor < validate < 2_000, out
    ratio = re.search(r"the anchor's count over validate's: ([\d.]+)", out)
    assert ratio and abs(float(ratio[1]) - anchor / validate) < 0.01 * anchor / validate, out
