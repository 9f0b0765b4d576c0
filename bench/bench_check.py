"""The cost of checking a profile: the compiled check against jsonschema's validator.

    python bench/bench_check.py [--n 20000] [--seed 1] [--repeat 5]

Every row of a batch is checked against the relationship schema before it is
assessed. amity compiles the schema into plain-Python predicates
(``amity.engine.schema_checks.profile_is_valid``) and asks jsonschema only to explain
the rows the check rejects. This script times both on the same profiles in one
process (complete ones, ones with 10 unknown fields, and broken ones) and prints
microseconds per profile, best of ``--repeat`` runs, with the ratio; it also
counts any row where the two disagree (there should be none).
"""

from __future__ import annotations

import argparse
import math
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from amity.engine.schema_checks import profile_is_valid
from amity.engine.schemas import validator
from synthetic import profiles

BREAKAGES: list[tuple[str, Any]] = [
    ("legal_basis", "treaty"),
    ("sectors", ["trade", "trade"]),
    ("trade_dependence", 1.5),
    ("parties", ["USA"]),
    ("summits", 3),
    ("legal_bases", "none"),
    ("id", "usa-ind\n"),
]


def broken(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for profile in profiles(n, seed=seed + 1):
        key, value = rng.choice(BREAKAGES)
        profile[key] = value
        out.append(profile)
    return out


def best_per_row(check: Callable[[Any], bool], rows: list[dict[str, Any]], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for row in rows:
            check(row)
        best = min(best, time.perf_counter() - start)
    return best / len(rows) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20000, help="profiles per set")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    schema = validator("relationship").is_valid
    sets = {
        "complete": list(profiles(args.n, seed=args.seed)),
        "10 unknown fields": list(profiles(args.n, seed=args.seed, unknown=10)),
        "broken (one bad field)": broken(args.n, args.seed),
    }
    print(f"amity bench_check: Python {platform.python_version()}; n={args.n} per set, best of {args.repeat}")
    print(f"{'profiles':<24} {'compiled us':>12} {'jsonschema us':>14} {'ratio':>7} {'disagree':>9}")
    for name, rows in sets.items():
        disagree = sum(profile_is_valid(r) != schema(r) for r in rows)
        fast = best_per_row(profile_is_valid, rows, args.repeat)
        slow = best_per_row(schema, rows, args.repeat)
        print(f"{name:<24} {fast:>12.2f} {slow:>14.2f} {slow / fast:>6.1f}x {disagree:>9}")


if __name__ == "__main__":
    main()
