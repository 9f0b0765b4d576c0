"""Where a row of the library's ``validate`` goes: its parts timed alone, against the straight-line anchor.

    python bench/bench_row_parts.py [--n 20000] [--passes 9] [--seed 1] [--pack core]

On --n complete, distinct profiles (``synthetic.complete_profiles``, as ``bench_throughput.py`` draws
them), in one process, each part runs over every profile in turn, --passes times, and the best pass is
kept, in microseconds a row: the straight-line anchor's whole evaluation, ``validate(profiles)`` read as
``bench_throughput.py`` reads it, and the parts of a row's work (reading it, ``known_facts``, the
evaluation, the label check, ``Assessor.decide``, the row's assessment, its record), and ``validate`` with
every assessment handed back for free (one fixed assessment), which leaves the reading, the record and the
batch pipeline. Each result is dropped as it comes, as a run drops it (holding 20,000 decisions would make
the garbage collector's walks over them part of what is timed); the parts' inputs, worked out beforehand,
are held throughout, so this process holds more than ``bench_throughput.py``'s and its ratios run lower.
Each part is timed alone, so the parts need not add up to the whole exactly.

The last line is the library's ``validate`` against the anchor, the ratio issue 6 asks to be at least a
third. To weigh a change, run this with the build before and the build after in turn, several times each
(the host moves absolute figures two to three times; the ratio of one run moves less).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from amity.engine import BUILD, load_pack, validate, validation  # noqa: E402
from amity.engine.assessment import Assessor  # noqa: E402
from amity.engine.dataset import Row  # noqa: E402
from amity.engine.label_check import check_label  # noqa: E402
from amity.engine.schema_checks import profile_is_valid  # noqa: E402
from amity.engine.schemas import not_a_profile  # noqa: E402
from anchors.plain import PlainAnchor  # noqa: E402
from bench_throughput import row_outputs  # noqa: E402
from synthetic import complete_profiles  # noqa: E402

try:  # where they live since the twenty-first session; a build before it is weighed as well
    from amity.engine.conditions import known_facts
    from amity.engine.schema_checks import whole_numbers
except ImportError:
    from amity.engine.assessment import known_facts  # type: ignore[attr-defined,no-redef]
    from amity.engine.schemas import whole_numbers  # type: ignore[attr-defined,no-redef]


def work(pack: Any) -> Any:
    """A process's share of a run that keeps no summary (as the library's ``validate`` runs)."""
    try:
        return validation._Work(pack, "python", False, False, None, False, False)
    except TypeError:  # a build before the twenty-first session, which always summed up
        return validation._Work(pack, "python", False, False, None, False)


def each(items: list[Any], f: Callable[..., Any]) -> Callable[[], None]:
    """A pass of f over items, each result dropped as it comes."""

    def run() -> None:
        for item in items:
            f(*item) if isinstance(item, tuple) else f(item)

    return run


def parts(profiles: list[dict[str, Any]], pack: Any) -> dict[str, Callable[[], Any]]:
    assessor = Assessor(pack)
    evaluator = assessor.evaluator
    facts = [known_facts(p) for p in profiles]
    evaluations = [evaluator.evaluate(f) for f in facts]
    levels = [assessor.decide(p, checked=True).outcomes["level"].possible for p in profiles]
    share = work(pack)
    rows = [Row(i, None, profile=p, partial=p) for i, p in enumerate(profiles, 1)]
    assessed = [share.assessed(p) for p in profiles]
    anchor = PlainAnchor(pack)

    def read(profile: dict[str, Any]) -> None:
        not_a_profile(profile)
        data = dict(profile)
        if profile_is_valid(data):
            Row(1, None, profile=whole_numbers(data), partial=data)

    def label(profile: dict[str, Any], possible: Any, evaluation: Any, known: dict[str, Any]) -> Any:
        return check_label(pack, profile.get("declared_label"), possible, evaluation.trace, known, evaluation.findings)

    def consumed() -> None:
        for record in validate(profiles, pack):
            row_outputs(record)

    return {
        "the straight-line anchor's whole evaluation": each(profiles, anchor.evaluate),
        "`validate(profiles)`, read as the bench reads it": consumed,
        "reading a row: copy it, check it, whole numbers, the `Row`": each(profiles, read),
        "`known_facts`": each(profiles, known_facts),
        "the evaluation (`evaluate`)": each(facts, evaluator.evaluate),
        "the label check (`check_label`, with its reasons)": each(
            list(zip(profiles, levels, evaluations, facts, strict=True)), label
        ),
        "`Assessor.decide`": each(profiles, lambda p: assessor.decide(p, checked=True)),
        "`_Work.assessed` (decide, and the row's assessment)": each(profiles, share.assessed),
        "the record (`RowResult`)": each(list(zip(rows, assessed, strict=True)), validation.record),
    }


def best_of(runs: dict[str, Callable[[], Any]], passes: int) -> dict[str, float]:
    """The best pass of each run, in seconds; the runs taken in turn in every pass."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(passes):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="complete profiles (default 20000)")
    parser.add_argument("--passes", type=int, default=9, help="passes over them; the best is kept (default 9)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pack", default="core")
    args = parser.parse_args(argv)
    pack = load_pack(args.pack)
    profiles = list(complete_profiles(args.n, pack, seed=args.seed, edge=0.0))
    runs = parts(profiles, pack)
    best = best_of(runs, args.passes)
    # then validate with every assessment free: the reading, the record and the pipeline left
    fixed = work(pack).assessed(profiles[0])
    assessed = validation._Work.assessed
    validation._Work.assessed = lambda self, profile: fixed  # type: ignore[method-assign]
    try:
        free = "`validate` with every assessment free (one fixed assessment)"
        best.update(best_of({free: runs["`validate(profiles)`, read as the bench reads it"]}, args.passes))
    finally:
        validation._Work.assessed = assessed  # type: ignore[method-assign]
    print(f"bench_row_parts: amity ({BUILD}); pack {pack.name}; {args.n:,} complete profiles; best of {args.passes}")
    print()
    print("| part | µs a row |")
    print("|---|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds / args.n * 1e6:.2f} |")
    anchor = best["the straight-line anchor's whole evaluation"]
    whole = best["`validate(profiles)`, read as the bench reads it"]
    print()
    print(f"`validate` against the straight-line anchor: {anchor / whole:.3g}× (issue 6's target: at least 1/3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
