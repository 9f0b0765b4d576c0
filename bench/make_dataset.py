"""Write a seeded synthetic dataset as CSV, JSON Lines, or a JSON or YAML list.

python bench/make_dataset.py 10000 /tmp/rows.csv [--unknown 0] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from amity.engine.vocabulary import fields
from synthetic import profiles


def cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(map(str, value)) if value else "[]"
    return str(value)


def write(n: int, path: Path, *, unknown: int = 0, seed: int = 1) -> None:
    """n rows to path, in the format its extension names: .csv, .jsonl, .json (a list) or .yaml (a list)."""
    write_profiles(profiles(n, seed=seed, unknown=unknown), path)


def write_profiles(rows: Iterable[dict[str, Any]], path: Path) -> None:
    """Profiles to path, in the format its extension names, as ``write`` does."""
    names = [f for f in fields() if f != "sources"]
    with path.open("w", encoding="utf-8", newline="") as out:
        if path.suffix == ".csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(names)
            for p in rows:
                writer.writerow([cell(f, p.get(f)) for f in names])
        elif path.suffix == ".json":
            out.write("[\n" + ",\n".join(json.dumps(p) for p in rows) + "\n]\n")
        elif path.suffix == ".yaml":
            for p in rows:
                out.write("- " + json.dumps(p) + "\n")  # JSON flow style is YAML
        else:
            for p in rows:
                out.write(json.dumps(p) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--unknown", type=int, default=0, help="fact fields left unknown per row")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write(args.n, args.path, unknown=args.unknown, seed=args.seed)


if __name__ == "__main__":
    main()
