"""Per-assessment latency of the core pack, and the cost of resolving unknown facts.

    python bench/bench_assess.py [--n 2000] [--seed 1]

Prints median and p95 per assessment for a reused engine (the pack compiled
once, reset per case, as amity works) and for a fresh engine per case (the
naive way), then for 0, 5 and 10 unknown fields with the reused engine.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from amity.engine import Assessor, load_pack
from synthetic import profiles


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def timed(fn, cases) -> list[float]:
    out = []
    for case in cases:
        start = time.perf_counter()
        fn(case)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="profiles per measurement")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pack = load_pack("core")
    reused = Assessor(pack)
    print(
        f"amity bench_assess: core pack {pack.version}, {len(pack.rules)} rules, "
        f"{reused.knowledge.experta_rules} experta rules; Python {platform.python_version()}; n={args.n}"
    )
    print(f"{'measurement':<44} {'median ms':>10} {'p95 ms':>10}")

    complete = list(profiles(args.n, seed=args.seed))
    for case in complete[:50]:  # warm up
        reused.assess(case)
    rows = [("complete profile, reused engine", timed(reused.assess, complete))]
    fresh_n = max(50, args.n // 10)
    rows.append(
        (
            f"complete profile, fresh engine per case (n={fresh_n})",
            timed(lambda p: Assessor(pack).assess(p), complete[:fresh_n]),
        )
    )
    for k in (0, 5, 10):
        cases = list(profiles(args.n, seed=args.seed + k, unknown=k))
        rows.append((f"{k} unknown fields, reused engine", timed(reused.assess, cases)))
    for name, samples in rows:
        median, p95 = percentiles(samples)
        print(f"{name:<44} {median:>10.3f} {p95:>10.3f}")


if __name__ == "__main__":
    main()
