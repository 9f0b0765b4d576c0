"""Reading inputs is linear: time per item flat in the number of items (issue 12).

    python bench/bench_inputs.py [--sizes 10000 40000] [--repeat 3]

For each input shape it writes n items, reads them in this process, and
reports microseconds per item at each size and the ratio of time per item at
the largest size to the smallest (1.0: linear; a quadratic reader doubles
it with each doubling of n, so 4x the items give a ratio near 4). The
smallest size is the anchor run, in the same process, and times are CPU
times of this process, so the ratio is robust to a shared, noisy machine.
Shapes:

- a YAML list whose every item carries an anchor, read by `read_rows` (was quadratic: the
  anchor set was rebuilt for every item; 20k items took 66 s);
- the same through `load_profiles` (what `amity assess` reads; was quadratic: `Document.sub`
  scanned the whole position table for every item, 82 s for 4,000 items);
- a JSON list through `load_profiles`;
- a CSV file, a JSON Lines file and a JSON list through `read_rows`, for comparison;
- JSON Lines whose every row has a field that is not of the vocabulary, read with
  `ignore_unknown_columns` (what the option costs, against JSON Lines read without it);
- a CSV header with n unknown columns, reported (200k columns took 71 s).

Every item is read and checked against the vocabulary; nothing is assessed.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from amity.engine.dataset import read_rows
from amity.engine.errors import InputError
from amity.engine.profiles import load_profiles

ITEM = {
    "parties": ["USA", "JPN"],
    "legal_basis": "joint_statement",
    "sectors": ["trade", "energy"],
    "summits": "annual",
}


def yaml_anchored(n: int, path: Path) -> None:
    with path.open("w") as f:
        for i in range(n):
            f.write(f"- &a{i} {{id: r{i}, parties: [USA, JPN], legal_basis: joint_statement, summits: annual}}\n")


def json_list(n: int, path: Path) -> None:
    with path.open("w") as f:
        f.write("[\n" + ",\n".join(json.dumps(dict(ITEM, id=f"r{i}")) for i in range(n)) + "\n]\n")


def jsonl(n: int, path: Path) -> None:
    with path.open("w") as f:
        f.writelines(json.dumps(dict(ITEM, id=f"r{i}")) + "\n" for i in range(n))


def jsonl_noted(n: int, path: Path) -> None:
    with path.open("w") as f:
        f.writelines(json.dumps(dict(ITEM, id=f"r{i}", note="not a field")) + "\n" for i in range(n))


def csv_rows(n: int, path: Path) -> None:
    with path.open("w") as f:
        f.write("id,parties,legal_basis,sectors,summits\n")
        f.writelines(f'r{i},USA;JPN,joint_statement,"trade;energy",annual\n' for i in range(n))


def wide_header(n: int, path: Path) -> None:
    with path.open("w") as f:
        f.write("parties," + ",".join(f"c{i}" for i in range(n)) + "\nUSA;JPN" + "," * n + "\n")


def count_rows(path: Path) -> None:
    rows = sum(1 for _ in read_rows(str(path)))
    assert rows > 0


def count_known(path: Path) -> None:
    rows = read_rows(str(path), ignore_unknown_columns=True)
    assert all(row.ok for row in rows)


def count_profiles(path: Path) -> None:
    profiles, _ = load_profiles(path)
    assert profiles


def report_columns(path: Path) -> None:
    try:
        list(read_rows(str(path)))
    except InputError as exc:
        assert len(exc.problems) < 30
    else:
        raise AssertionError("unknown columns were not reported")


SHAPES: list[tuple[str, str, Callable[[int, Path], None], Callable[[Path], None]]] = [
    ("YAML list, an anchor per item, read_rows", "yaml", yaml_anchored, count_rows),
    ("YAML list, an anchor per item, load_profiles (assess)", "yaml", yaml_anchored, count_profiles),
    ("JSON list, load_profiles (assess)", "json", json_list, count_profiles),
    ("JSON list, read_rows", "json", json_list, count_rows),
    ("JSON Lines, read_rows", "jsonl", jsonl, count_rows),
    ("JSON Lines, a field not of the vocabulary a row, ignored", "jsonl", jsonl_noted, count_known),
    ("CSV, read_rows", "csv", csv_rows, count_rows),
    ("CSV header, unknown columns (x5 the items), reported", "csv", wide_header, report_columns),
]


def timed(fn: Callable[[Path], None], path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()  # CPU time of this process: others' load on a shared machine does not count
        fn(path)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000])
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs per measurement")
    parser.add_argument(
        "--no-gc", action="store_true",
        help="switch CPython's cyclic garbage collector off, to tell its cost (which grows with the live heap) from the reader's",
    )  # fmt: skip
    args = parser.parse_args()
    if args.no_gc:
        gc.disable()
    sizes = sorted(args.sizes)
    gc_state = "off" if args.no_gc else "on"
    print(
        f"amity bench_inputs: Python {platform.python_version()}, best of {args.repeat}, garbage collector {gc_state}"
    )
    header = " | ".join(f"{n:,} items µs/item" for n in sizes)
    print(f"| input | {header} | ratio {sizes[-1]:,} / {sizes[0]:,} |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    with tempfile.TemporaryDirectory() as tmp:
        for label, ext, make, read in SHAPES:
            per_item = []
            for n in sizes:
                count = n * 5 if make is wide_header else n
                path = Path(tmp) / f"{make.__name__}-{count}.{ext}"
                if not path.exists():
                    make(count, path)
                per_item.append(timed(read, path, args.repeat) / count * 1e6)
            cells = " | ".join(f"{t:.1f}" for t in per_item)
            print(f"| {label} | {cells} | {per_item[-1] / per_item[0]:.2f} |", flush=True)


if __name__ == "__main__":
    main()
