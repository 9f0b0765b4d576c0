"""Per-assessment latency of the core pack, and the cost of resolving unknown facts.

    python bench/bench_assess.py [--n 2000] [--seed 1]

Prints median and p95 per assessment for a reused engine (the pack compiled
once, reset per case, as amity works) and for a fresh engine per case (the
naive way), then for 0, 5 and 10 unknown fields with the reused engine. "python,
searched" is amity's engine with the unknowns searched profile by profile
(``Analysis(pack, from_diagrams=False)``), as before the whole diagrams: the
same outcomes, side by side.
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
from amity.engine.unknowns import Analysis
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
    engines = {name: Assessor(pack, engine=name) for name in ("experta", "python")}
    # amity's engine with every profile's unknowns searched, as before the whole diagrams (the same outcomes)
    searched = engines["python, searched"] = Assessor(pack, engine="python")
    searched.analysis = Analysis(pack, from_diagrams=False)
    print(
        f"amity bench_assess: core pack {pack.version}, {len(pack.rules)} rules; "
        f"Python {platform.python_version()}; n={args.n}"
    )
    print(f"{'measurement':<52} {'median ms':>10} {'p95 ms':>10} {'vs experta':>11}")
    sets = [("complete profile", list(profiles(args.n, seed=args.seed)))]
    for k in (0, 5, 10):
        sets.append((f"{k} unknown fields", list(profiles(args.n, seed=args.seed + k, unknown=k))))
    for label, cases in sets:
        medians = {}
        for name, assessor in engines.items():
            for case in cases[:50]:  # warm up
                assessor.assess(case)
            median, p95 = percentiles(timed(assessor.assess, cases))
            medians[name] = median
            ratio = medians["experta"] / median if "experta" in medians else float("nan")
            shown = f"{ratio:>10.1f}x" if name != "experta" else f"{'1.0x':>11}"
            print(f"{label + ', ' + name + ' engine':<52} {median:>10.3f} {p95:>10.3f} {shown}")
    fresh_n = max(50, args.n // 10)
    for name in ("experta", "python"):
        median, p95 = percentiles(timed(lambda p, n=name: Assessor(pack, engine=n).assess(p), sets[0][1][:fresh_n]))
        print(
            f"{'complete profile, fresh ' + name + f' engine per case (n={fresh_n})':<52} {median:>10.3f} {p95:>10.3f}"
        )


if __name__ == "__main__":
    main()
