"""Every benchmark script still imports what it uses and parses its options.

The benchmarks are run by hand, not in CI; a refactoring of the library once left one
importing a class that no longer existed, unnoticed. Asking each for ``--help`` runs its
imports and its argument parser, in a process of its own, in a second or two.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
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
