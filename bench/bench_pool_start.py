"""What starting `amity validate --jobs N`'s workers costs, against starting them with `multiprocessing`.

    python bench/bench_pool_start.py [--jobs 2] [--runs 21]

A run with workers pays for starting them once, before any worker has a task, on top
of the start-up a run of one process pays: on a short file that bounds what ``--jobs 2``
gains. Each run here is a process of its own that first does what ``amity validate``
has done by the time it starts its workers (imports amity's engine, loads the core pack),
then starts --jobs workers, has each answer one small task, and stops them, timing (in
the process, by ``time.perf_counter``) the start (until every worker can be given a
task), the first answers (each worker's first task sent and answered), and the stop. It does so with amity's ``WorkerPool``, and, as
the anchor, with ``multiprocessing``'s fork context, imported at that point as the pool
did until the twenty-sixth session: a ``Pipe`` and a ``Process`` per worker, which
``WorkerPool`` replaced with pipes and a fork of its own (the anchor leaves out what the
pool does besides: its reader and feeder threads, blocking the stop signals while it forks).
The two kinds of run alternate, each first in every other round; the script prints the
median and the best of each part, and the ratio of the medians of the start and the first
answers together: until every worker has answered, what a run waits for before its rows
go at full speed. Times are wall time on a shared machine: read them side by side.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

#: a run with amity's pool: prints its three times (seconds) as JSON
_POOL = """
import json, sys, time
from amity.engine import load_pack
from amity.engine.workers import WorkerPool

load_pack("core")
jobs = int(sys.argv[1])

def nothing():
    pass

def square(n):
    return n * n

start = time.perf_counter()
pool = WorkerPool(jobs, nothing, (), square)
started = time.perf_counter()
assert [r.get() for r in [pool.submit(n) for n in range(jobs)]] == [n * n for n in range(jobs)]
answered = time.perf_counter()
pool.close()
stopped = time.perf_counter()
print(json.dumps([started - start, answered - started, stopped - answered]))
"""

#: the anchor: the same with multiprocessing's Pipe and Process (fork), imported where the pool starts
_MULTIPROCESSING = """
import json, sys, time
from amity.engine import load_pack

load_pack("core")
jobs = int(sys.argv[1])

def serve(conn):
    while (task := conn.recv()) is not None:
        conn.send(task * task)

start = time.perf_counter()
import multiprocessing

context = multiprocessing.get_context("fork")
ends = []
for _ in range(jobs):
    conn, child = context.Pipe(duplex=True)
    process = context.Process(target=serve, args=(child,))
    process.start()
    child.close()
    ends.append((conn, process))
started = time.perf_counter()
for n, (conn, _) in enumerate(ends):
    conn.send(n)
assert [conn.recv() for conn, _ in ends] == [n * n for n in range(jobs)]
answered = time.perf_counter()
for conn, _ in ends:
    conn.send(None)
for conn, process in ends:
    process.join()
    conn.close()
stopped = time.perf_counter()
print(json.dumps([started - start, answered - started, stopped - answered]))
"""

KINDS = {"amity's `WorkerPool`": _POOL, "`multiprocessing` (fork: a `Pipe` and a `Process` each)": _MULTIPROCESSING}


def timed(script: str, jobs: int) -> list[float]:
    """One run of script in a process of its own: its start, first answers and stop, in seconds."""
    done = subprocess.run([sys.executable, "-c", script, str(jobs)], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"error: a run exited {done.returncode}:\n{done.stderr[-2000:]}")
    times: list[float] = json.loads(done.stdout)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2, help="workers to start, 1 or more (default: 2)")
    parser.add_argument("--runs", type=int, default=21, help="runs of each kind, in turn (default: 21)")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.runs < 1:
        print("error: --jobs and --runs must be at least 1", file=sys.stderr)
        return 2
    results: dict[str, list[list[float]]] = {kind: [] for kind in KINDS}
    for run in range(args.runs):
        for kind, script in sorted(KINDS.items(), reverse=run % 2 == 1):  # each kind first in every other round
            results[kind].append(timed(script, args.jobs))
    print(
        f"starting {args.jobs} worker(s), {args.runs} runs of each in turn, each a process that has imported "
        "amity's engine and loaded the core pack; median (best), ms:"
    )
    print()
    print("| workers started with | start | first answers | stop |")
    print("|---|---:|---:|---:|")
    medians: dict[str, float] = {}
    for kind, runs in results.items():
        cells = []
        for part in range(3):
            values = [run[part] * 1000 for run in runs]
            cells.append(f"{statistics.median(values):.1f} ({min(values):.1f})")
        medians[kind] = statistics.median(run[0] + run[1] for run in runs)
        print(f"| {kind} | {' | '.join(cells)} |")
    pool, anchor = medians.values()
    print()
    print(
        f"until every worker has answered (start and first answers, medians): {pool * 1000:.1f} ms against "
        f"{anchor * 1000:.1f} ms; amity's pool takes {pool / anchor:.2f}× the time `multiprocessing` takes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
