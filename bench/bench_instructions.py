"""Instructions `amity validate` executes, counted by valgrind's callgrind: a figure noise does not move.

    python bench/bench_instructions.py [--rows 2000] [--seed 1] [--pack core] [--jobs 1]
    python bench/bench_instructions.py --library [--rows 2000] [--seed 1] [--pack core]

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

With --library it counts, in a Python process of its own each, a row of the library's
``validate(profiles)`` (its records read as ``bench_throughput.py`` reads them) and a row of
the straight-line anchor's evaluation (``anchors.plain``), on the same --rows profiles after
as many others to warm up (the memos filled, as in a long run), and prints the anchor's count
over validate's: issue 6's "a third as fast" target, in instructions (time runs lower: the
anchor's simple bytecode does more an instruction cycle).
"""

from __future__ import annotations

import argparse
import json
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


def command(path: Path, jobs: int, pack: str) -> list[str]:
    """`amity validate` of path, quiet, its results written beside it."""
    out = path.with_suffix(".out.csv")
    jobs_and_pack = ["--jobs", str(jobs), "--pack", pack]
    return [sys.executable, str(AMITY), "validate", str(path), "-o", str(out), "-q", *jobs_and_pack]


def instructions(path: Path, jobs: int, pack: str) -> int:
    """The instructions of one `amity validate` run of path (its workers' too, with --jobs above 1)."""
    return counted(command(path, jobs, pack))


def counted(command: list[str]) -> int:
    """The instructions ``command`` executes under callgrind, in all its processes, each counted once."""
    return sum(counted_by_process(command).values())


def counted_by_process(command: list[str]) -> dict[str, int]:
    """The instructions of each process of ``command`` under callgrind: ``PID`` for what a process did after
    its last fork (or in all, if it forked none), ``PID.N`` for what it did before its Nth fork."""
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
        found = {f.name.removeprefix("callgrind."): totals([f]) for f in Path(tmp).glob("callgrind.*")}
    counts = {name: n for name, n in found.items() if n is not None}
    if not counts:
        raise SystemExit(f"error: callgrind wrote no counts:\n{done.stderr[-2000:]}")
    return counts


def longest_chain(counts: dict[str, int]) -> tuple[int, int, int]:
    """Of a run whose parent forked its workers (``counted_by_process``): the parent's instructions until its
    last fork, its busiest worker's, and the parent's after its last fork (alongside the workers)."""
    forked = {name.split(".")[0] for name in counts if "." in name}
    if len(forked) != 1:
        raise SystemExit(f"error: expected one process that forks workers, found {len(forked)}")
    parent = forked.pop()
    before = sum(n for name, n in counts.items() if name.startswith(f"{parent}."))
    workers = [n for name, n in counts.items() if name.split(".")[0] != parent]
    if not workers:
        raise SystemExit("error: the run forked no worker")
    return before, max(workers), counts.get(parent, 0)


#: a run of the library: argv path pack what warm rows; the profiles warm up, then the rows are counted
_LIBRARY = """
import json, sys
sys.path.insert(0, sys.argv[1])
from amity.engine import load_pack, validate
from anchors.plain import PlainAnchor
from bench_throughput import row_outputs
path, name, what, warm, rows = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
with open(path, encoding="utf-8") as f:
    profiles = json.load(f)
pack = load_pack(name)
ahead, counted = profiles[:warm], profiles[warm : warm + rows]
if what == "validate":
    for part in (ahead, counted):
        for record in validate(part, pack):
            row_outputs(record)
else:
    anchor = PlainAnchor(pack)
    for part in (ahead, counted):
        for profile in part:
            anchor.evaluate(profile)
"""


def library(path: Path, pack: str, what: str, warm: int, rows: int) -> int:
    """The instructions of a process that warms up on ``warm`` profiles, then runs ``what`` on ``rows`` more."""
    return counted([sys.executable, "-c", _LIBRARY, str(HERE), str(path), pack, what, str(warm), str(rows)])


def library_rows(rows: int, seed: int, pack: str) -> int:
    """Print a row of the library's validate and of the straight-line anchor, in instructions."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "profiles.json"
        drawn = list(complete_profiles(2 * rows, load_pack(pack), seed=seed, edge=0.0))  # as bench_throughput.py draws
        path.write_text(json.dumps(drawn), encoding="utf-8")
        per_row = {
            what: (library(path, pack, what, rows, rows) - library(path, pack, what, rows, 0)) / rows
            for what in ("validate", "anchor")
        }
    print(f"the library's validate(profiles), pack {pack}, seed {seed}, {BUILD} (callgrind, PYTHONHASHSEED=0)")
    print(f"a row of validate(profiles): {per_row['validate'] / 1e3:,.1f} K instructions")
    print(f"a row of the straight-line anchor: {per_row['anchor'] / 1e3:,.1f} K instructions")
    print(f"the anchor's count over validate's: {per_row['anchor'] / per_row['validate']:.3g} (issue 6's target: 1/3)")
    return 0


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
    parser.add_argument(
        "--library", action="store_true", help="count a row of the library's validate and of the straight-line anchor"
    )
    parser.add_argument(
        "--chain",
        action="store_true",
        help="with --jobs above 1: the longest chain of work (the parent until it forks, then its busiest worker), "
        "against --jobs 1 on the same rows",
    )
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("error: valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    if args.rows < 2:
        print("error: --rows must be at least 2", file=sys.stderr)
        return 2
    if args.chain and args.jobs < 2:
        print("error: --chain weighs a run's workers: give --jobs 2 or more", file=sys.stderr)
        return 2
    if args.library:
        if args.jobs != 1:
            print("error: --library counts the library's validate in one process: leave out --jobs", file=sys.stderr)
            return 2
        return library_rows(args.rows, args.seed, args.pack)
    with tempfile.TemporaryDirectory() as tmp:
        one, many = Path(tmp) / "one.csv", Path(tmp) / f"rows-{args.rows}.csv"
        pack = load_pack(args.pack)  # complete, distinct profiles, as bench_throughput.py draws them
        write_profiles(complete_profiles(1, pack, seed=args.seed, edge=0.0), one)
        write_profiles(complete_profiles(args.rows, pack, seed=args.seed, edge=0.0), many)
        startup = instructions(one, args.jobs, args.pack)
        counts = counted_by_process(command(many, args.jobs, args.pack))
        total = sum(counts.values())
        one_job = instructions(many, 1, args.pack) if args.chain else 0
    per_row = (total - startup) / (args.rows - 1)
    print(
        f"amity validate --jobs {args.jobs}, pack {args.pack}, seed {args.seed}, {BUILD} (callgrind, PYTHONHASHSEED=0)"
    )
    print(f"start-up (a file of one row): {startup / 1e6:,.1f} M instructions")
    print(f"{args.rows:,} rows: {total / 1e6:,.1f} M instructions; {per_row / 1e3:,.1f} K a row")
    for rows in sorted({args.rows, 20_000}):
        share = startup / (startup + per_row * (rows - 1))
        print(f"start-up's share of a run of {rows:,} rows: {share:.1%}")
    if args.chain:
        before, worker, after = longest_chain(counts)
        chain = before + max(worker, after)  # the parent's work beside the workers, were it the longer
        print(
            f"the longest chain: the parent until its last fork {before / 1e6:,.1f} M, then its busiest worker "
            f"{worker / 1e6:,.1f} M, or its own work beside them {after / 1e6:,.1f} M if longer: {chain / 1e6:,.1f} M"
        )
        print(
            f"--jobs 1 on the same rows: {one_job / 1e6:,.1f} M instructions; over the longest chain: "
            f"{one_job / chain:.3g}x, the most --jobs {args.jobs} can gain were every instruction as quick "
            "in every process, and no process kept waiting (issue 6's target: 1.8x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
