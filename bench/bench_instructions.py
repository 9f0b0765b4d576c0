"""Instructions `amity validate` executes, counted by valgrind's callgrind: a figure noise does not move.

    python bench/bench_instructions.py [--rows 2000] [--seed 1] [--pack core] [--jobs 1]

Wall time on a shared machine varies two to three times between runs; the number of
instructions a run executes does not (callgrind counts them, whatever else the machine
is doing: the same run twice gives the same count to within a few in a hundred thousand).
So a change meant to make amity faster can be weighed on a busy machine: run this before
and after it, on the same commit's data.

It writes a CSV of one complete profile and one of --rows complete, distinct profiles
(``synthetic.complete_profiles``, as ``bench_throughput.py`` draws them), runs
``amity validate FILE -o OUT -q --jobs N`` on each under callgrind (with PYTHONHASHSEED=0,
so that sets and dicts of strings iterate alike in every run), and prints the instructions
of start-up (the file of one row), of the rows (the difference), per row, and the share of
start-up in a run of --rows rows and of 20,000 rows. It measures instructions, not time:
a cache miss costs no more than an add. `bench_throughput.py` measures time.

With --jobs above 1, the workers are forked: a forked process starts with a copy of its
parent's counts, so the counts callgrind prints at each process's exit would count the
parent's work before the fork once more for each worker. Callgrind is told to write the
counts out and start them again at each fork (``--dump-before=fork``), and the run's
instructions are the sum of what every process wrote, each instruction counted once.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from amity.engine import BUILD, load_pack  # noqa: E402
from make_dataset import write_profiles  # noqa: E402
from synthetic import complete_profiles  # noqa: E402

AMITY = Path(sys.executable).parent / "amity"
_TOTALS = re.compile(r"^totals: (\d+)", re.MULTILINE)


def instructions(path: Path, jobs: int, pack: str) -> int:
    """The instructions of one `amity validate` run of path (its workers' too, with --jobs above 1)."""
    out = path.with_suffix(".out.csv")
    return counted(
        [sys.executable, str(AMITY), "validate", str(path), "-o", str(out), "-q", "--jobs", str(jobs), "--pack", pack]
    )


def counted(command: list[str]) -> int:
    """The instructions ``command`` executes under callgrind, in all its processes, each counted once."""
    with tempfile.TemporaryDirectory() as tmp:
        valgrind = [
            "valgrind", "--tool=callgrind", "--trace-children=yes",
            # a forked child starts with a copy of its parent's counts: write them out and zero them at the fork
            "--dump-before=fork", f"--callgrind-out-file={tmp}/callgrind.%p",
        ]  # fmt: skip
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(valgrind + command, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(f"error: {' '.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
        total = totals(Path(tmp).glob("callgrind.*"))
    if total is None:
        raise SystemExit(f"error: callgrind wrote no counts:\n{done.stderr[-2000:]}")
    return total


def totals(files: Iterable[Path]) -> int | None:
    """The sum of the ``totals:`` lines of callgrind's output files (one per process and per dump), or None."""
    found = [int(m.group(1)) for f in files for m in _TOTALS.finditer(f.read_text(errors="replace"))]
    return sum(found) if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2_000, help="rows of the larger file (default: 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pack", default="core", help="a bundled pack's name or a path (default: core)")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs of `amity validate` (default: 1)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("error: valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    if args.rows < 2:
        print("error: --rows must be at least 2", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        one, many = Path(tmp) / "one.csv", Path(tmp) / f"rows-{args.rows}.csv"
        pack = load_pack(args.pack)  # complete, distinct profiles, as bench_throughput.py draws them
        write_profiles(complete_profiles(1, pack, seed=args.seed, edge=0.0), one)
        write_profiles(complete_profiles(args.rows, pack, seed=args.seed, edge=0.0), many)
        startup = instructions(one, args.jobs, args.pack)
        total = instructions(many, args.jobs, args.pack)
    per_row = (total - startup) / (args.rows - 1)
    print(
        f"amity validate --jobs {args.jobs}, pack {args.pack}, seed {args.seed}, {BUILD} (callgrind, PYTHONHASHSEED=0)"
    )
    print(f"start-up (a file of one row): {startup / 1e6:,.1f} M instructions")
    print(f"{args.rows:,} rows: {total / 1e6:,.1f} M instructions; {per_row / 1e3:,.1f} K a row")
    for rows in sorted({args.rows, 20_000}):
        share = startup / (startup + per_row * (rows - 1))
        print(f"start-up's share of a run of {rows:,} rows: {share:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
