"""How `amity validate --jobs N` shares its batches among its workers, and how long each waits for work.

    python bench/bench_workers.py [--rows 100000] [--jobs 2] [--runs 3] [--seed 1] [--pack core]

Instructions (``bench_instructions.py --chain``) say how much work each process does; they
cannot say whether a worker sat idle while the other worked, which is time ``--jobs 2``
loses whatever its instructions. This script writes a CSV of --rows complete, distinct
profiles (``synthetic.complete_profiles``, as ``bench_throughput.py`` draws them) and runs
``amity validate FILE -o OUT -q --jobs N`` on it --runs times, each in a process of its own
with a probe: before the command runs, the probe wraps the function each worker process
runs (``amity.engine.workers._serve``) so that the channel it takes its tasks from is
timed (a wait includes taking the task off the pipe; unpickling it, a batch of undecoded
lines, is little and counted as work). Each worker then says how many batches it assessed, how long it waited for
a task between its first and its last, how long before its first (the parent still reading
the first batches) and after its last (the other workers finishing theirs), and how long it
lived. It prints, for each run, its wall time and each worker's share of the batches and of
its life spent waiting. Waits are wall time: read them side by side, within one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from amity.engine import BUILD, load_pack  # noqa: E402
from make_dataset import write_profiles  # noqa: E402
from synthetic import complete_profiles  # noqa: E402

#: the probe: argv[1] is the file each worker appends its line of JSON to, the rest amity's arguments
_PROBE = """
import json, os, pickle, sys, time
from amity.engine import workers

report, sys.argv = sys.argv[1], ["amity", *sys.argv[2:]]
serve = workers._serve


STOP = pickle.dumps(None, pickle.HIGHEST_PROTOCOL)  # what a worker is sent when there are no more tasks


class Timed:
    def __init__(self, conn):
        self.conn, self.tasks, self.waited, self.first, self.last = conn, 0, 0.0, None, 0.0

    def recv_bytes(self):
        start = time.perf_counter()
        data = self.conn.recv_bytes()
        waited = time.perf_counter() - start
        if data == STOP:  # told to stop: the wait was for the others to finish, not for a task
            self.last = waited
        elif self.first is None:
            self.first = waited
        else:
            self.waited += waited
        self.tasks += data != STOP
        return data

    def __getattr__(self, name):
        return getattr(self.conn, name)


def timed_serve(conn, *args):
    born, timed = time.perf_counter(), Timed(conn)
    try:
        serve(timed, *args)
    finally:
        line = {"batches": timed.tasks, "waited": timed.waited, "first": timed.first or 0.0,
                "last": timed.last, "life": time.perf_counter() - born}
        fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.write(fd, (json.dumps(line) + "\\n").encode())
        os.close(fd)


workers._serve = timed_serve
from amity.cli import run

run()
"""


def probed_run(path: Path, jobs: int, pack: str) -> tuple[float, list[dict[str, float]]]:
    """One run of `amity validate` of path with the probe: its wall time, and what each worker said."""
    report = path.with_suffix(".workers.jsonl")
    report.unlink(missing_ok=True)
    out = path.with_suffix(".out.csv")
    command = [sys.executable, "-c", _PROBE, str(report), "validate", str(path), "-o", str(out), "-q"]
    start = time.perf_counter()
    done = subprocess.run([*command, "--jobs", str(jobs), "--pack", pack], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"error: amity validate exited {done.returncode}:\n{done.stderr[-2000:]}")
    said = [json.loads(line) for line in report.read_text().splitlines()] if report.exists() else []
    if not said:
        raise SystemExit("error: no worker reported: the probe did not reach the workers")
    return wall, sorted(said, key=lambda w: w["batches"], reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the file (default: 100000)")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of `amity validate`, 2 or more (default: 2)")
    parser.add_argument("--runs", type=int, default=3, help="runs, one after the other (default: 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pack", default="core", help="a bundled pack's name or a path (default: core)")
    args = parser.parse_args(argv)
    if args.jobs < 2:
        print("error: --jobs must be 2 or more: with one, no worker process runs", file=sys.stderr)
        return 2
    if args.rows < 1 or args.runs < 1:
        print("error: --rows and --runs must be at least 1", file=sys.stderr)
        return 2
    print(f"amity validate --jobs {args.jobs}, {args.rows:,} rows, pack {args.pack}, seed {args.seed}, {BUILD}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"rows-{args.rows}.csv"
        write_profiles(complete_profiles(args.rows, load_pack(args.pack), seed=args.seed, edge=0.0), path)
        for run in range(1, args.runs + 1):
            wall, said = probed_run(path, args.jobs, args.pack)
            batches = sum(int(w["batches"]) for w in said)
            print(f"run {run}: {wall:.3f} s; its workers, the busiest first:")
            for w in said:
                print(
                    f"  {int(w['batches'])} batches ({w['batches'] / batches:.0%}), waited {w['waited']:.3f} s "
                    f"for a task ({w['waited'] / w['life']:.1%} of its {w['life']:.3f} s; before its first task "
                    f"{w['first']:.3f} s, after its last {w['last']:.3f} s)"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
