"""Throughput and peak memory of `amity validate`, against the naive baseline.

    python bench/bench_validate.py [--sizes 10000 100000] [--jobs 1 2] [--naive-rows 1000]

For each size it writes a seeded synthetic CSV of complete, distinct profiles
(and one with 3 unknown fields per row), runs `amity validate FILE -o OUT -q
--jobs J` as a separate process, and reports rows/s and the peak resident
memory of the whole process tree (parent and workers, sampled every 20 ms).
Side by side, the naive baseline builds a fresh experta engine (a fresh
Assessor) for every row, on the first --naive-rows rows, with 1 and 2 processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from amity.engine import Assessor, load_pack  # noqa: E402
from amity.engine.dataset import read_rows  # noqa: E402
from amity.engine.experta_backend import ExpertaEvaluator  # noqa: E402
from make_dataset import write  # noqa: E402
from processes import run_watched  # noqa: E402


def run_validate(path: Path, jobs: int) -> tuple[float, int]:
    out = path.with_suffix(f".out{jobs}.csv")
    amity = Path(sys.executable).parent / "amity"
    elapsed, peak, code = run_watched([str(amity), "validate", str(path), "-o", str(out), "-q", "--jobs", str(jobs)])
    if code != 0:
        raise SystemExit(f"amity validate exited {code}")
    return elapsed, peak


_ASSESSOR: Assessor | None = None
_MODE = "engine"


def _naive_one(profile: dict) -> str | None:
    assert _ASSESSOR is not None
    if _MODE == "engine":
        # a fresh experta engine for the row (the pack's rules compiled into a new Rete network)
        _ASSESSOR.evaluator = ExpertaEvaluator(_ASSESSOR.pack)
        level: str | None = _ASSESSOR.assess(profile, checked=True).level.value
        return level
    # everything anew for the row: experta engine and the analysis of unknowns
    fresh: str | None = Assessor(_ASSESSOR.pack, engine="experta").assess(profile, checked=True).level.value
    return fresh


def _naive_init(mode: str) -> None:
    global _ASSESSOR, _MODE
    _ASSESSOR, _MODE = Assessor(load_pack("core"), engine="experta"), mode


def naive(path: Path, rows: int, jobs: int, mode: str) -> float:
    profiles = [r.profile for r, _ in zip(read_rows(str(path)), range(rows), strict=False)]
    start = time.perf_counter()
    if jobs == 1:
        _naive_init(mode)
        for p in profiles:
            _naive_one(p)
    else:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_naive_init, initargs=(mode,)) as pool:
            pool.map(_naive_one, profiles, chunksize=16)
    return rows / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--naive-rows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--formats", nargs="+", default=["csv"], choices=["csv", "jsonl", "json", "yaml"],
        help="input formats to time (the targets are read from csv)",
    )  # fmt: skip
    args = parser.parse_args()
    print(f"amity bench_validate: Python {platform.python_version()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        results: dict[tuple[str, int, int], tuple[float, int]] = {}
        for size in args.sizes:
            for label, unknown in (("complete", 0), ("3 unknown", 3)):
                if label != "complete" and size != args.sizes[0]:
                    continue
                for fmt in args.formats:
                    if fmt != "csv" and label != "complete":
                        continue
                    path = Path(tmp) / f"rows-{size}-{unknown}.{fmt}"
                    write(size, path, unknown=unknown, seed=args.seed)
                    for jobs in args.jobs:
                        elapsed, peak = run_validate(path, jobs)
                        if fmt == "csv":
                            results[(label, size, jobs)] = (size / elapsed, peak)
                        print(
                            f"  validate {fmt:<5} {label:<9} {size:>7} rows  --jobs {jobs}: "
                            f"{size / elapsed:8.0f} rows/s  peak {peak / 1024:7.1f} MiB"
                        )
        sample = Path(tmp) / f"rows-{args.sizes[0]}-0.csv"
        if not sample.exists():
            write(args.sizes[0], sample, seed=args.seed)
        naive_rates = {}
        for mode, label in (("engine", "fresh experta engine per row"), ("all", "fresh Assessor per row")):
            for jobs in args.jobs:
                naive_rates[(mode, jobs)] = naive(sample, args.naive_rows, jobs, mode)
                print(
                    f"  naive: {label:<29} --jobs {jobs}: {naive_rates[(mode, jobs)]:8.0f} rows/s  ({args.naive_rows} rows)"
                )
        print()
        print("targets (complete, distinct profiles):")
        big = max(args.sizes)
        small = min(args.sizes)
        best = results.get(("complete", big, 2))
        if best:
            print(
                f"  >= 1000 rows/s with --jobs 2 at {big} rows: {best[0]:.0f}  {'met' if best[0] >= 1000 else 'NOT met'}"
            )
            for (mode, jobs), rate in naive_rates.items():
                ratio = best[0] / rate
                print(
                    f"  >= 20x the naive baseline ({mode}, naive at --jobs {jobs}): {ratio:.1f}x  {'met' if ratio >= 20 else 'NOT met'}"
                )
        for jobs in args.jobs:
            if ("complete", big, jobs) in results and ("complete", small, jobs) in results:
                ratio = results[("complete", big, jobs)][1] / results[("complete", small, jobs)][1]
                print(
                    f"  peak memory at {big} within 1.5x of {small} (--jobs {jobs}): {ratio:.2f}x  {'met' if ratio <= 1.5 else 'NOT met'}"
                )


if __name__ == "__main__":
    main()
