"""The worst packs under 1 MB we could build, against the core pack on the same profiles, in the same process.

    python bench/bench_hostile_packs.py [--profiles 20] [--seed 1]

Each hostile pack stays under 1 MB and within the compilation budget (it loads);
each is built to make one part of amity's work as large as the budget allows:

* ``thresholds``: one distinct ``power_ratio`` threshold per rule (value classes, a long cone).
* ``grid``: rules that test three number fields at many thresholds together, so
  that with those fields unknown the search over unknowns meets a cube of states.
* ``anys``: rules of 8 ``any`` of two findings under an ``all`` (256 conjunctions
  each, up to the pack's 25,000), their findings open on unknown fields.
* ``chain``: a chain of thousands of findings, each resting on the one before.
* ``sets``: 1,000 distinct tests of one set field (``sectors``).
* ``open``: every output raised by many rules open on every field.

The profiles (``--profiles`` of each kind): complete, 1, 5 and 10 fields
unknown, every field unknown, and, for each pack, the complete profiles without
the one field whose being unknown leaves most of that pack open (``its
field``: the core pack is timed on the same profiles). For each pack it prints the CPU time of loading it (an
``Assessor``: pack, engine, analysis), of building its whole decision diagrams
(once per process, the first time a profile leaves an output open, all of them
within one search budget; an output whose diagram is past what the ones before
it left is searched per profile instead), and
of the profiles' work, what
``amity validate`` does per row (``Assessor.decide``) and what ``amity assess``
does (the full assessment, as JSON), each as a ratio to the core pack's time on
the same profiles. The factor the README documents is the largest per-profile
ratio, with margin.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from amity.engine import Assessor
from amity.engine.unknowns import OUTPUTS, SEARCH_BUDGET
from synthetic import profiles

LIMIT = 1_000_000  # bytes: the factor is claimed for packs under 1 MB
HEAD = (
    "pack: {name}\nversion: 1.0.0\ndescription: a hostile pack (bench/bench_hostile_packs.py)\n"
    "limits: {{max_firings: 1000000}}\nrules:\n"
)
LEVELS = ("partnership", "strategic_partnership", "comprehensive_strategic_partnership", "alliance")
RISKS = ("entrapment", "abandonment", "asymmetry", "fragility")
RATINGS = ("moderate", "high")


def rule(rid: str, when: str, then: list[str]) -> str:
    return (
        f"  - id: {rid}\n    description: d\n    rationale: r\n    source: {{citation: c}}\n"
        f"    when: {when}\n    then:\n" + "".join(f"      - {t}\n" for t in then)
    )


def conclusion(i: int) -> list[str]:
    """A conclusion on some output, varied with i."""
    kind = i % 3
    if kind == 0:
        return [f"{{level: {LEVELS[i % len(LEVELS)]}}}"]
    if kind == 1:
        return [f"{{risk: {RISKS[i % 4]}, rating: {RATINGS[i % 2]}, reason: r{i}}}"]
    return ["{hedging: true}"]


def fill(name: str, rules: Iterator[str]) -> str:
    """As many rules as fit under LIMIT."""
    text = HEAD.format(name=name)
    for r in rules:
        if len((text + r).encode()) >= LIMIT:
            break
        text += r
    return text


def thresholds() -> str:
    def rules() -> Iterator[str]:
        i = 0
        while True:
            yield rule(f"r{i}", f"{{power_ratio: {{ge: {1 + i / 7:.4f}}}}}", conclusion(i))
            i += 1

    return fill("thresholds", rules())


def grid() -> str:
    n = 2000  # distinct thresholds per field; rules beyond n reuse them in other combinations

    def rules() -> Iterator[str]:
        i = 0
        while True:
            a, b, c = i % n, (i * 7 + 3) % n, (i * 13 + 5) % n
            when = (
                f"{{all: [{{working_groups: {{ge: {a + 1}}}}}, {{power_ratio: {{ge: {1 + b / 97:.4f}}}}}, "
                f"{{trade_dependence: {{ge: {c / n:.4f}}}}}]}}"
            )
            yield rule(f"r{i}", when, conclusion(i))
            i += 1

    return fill("grid", rules())


def anys() -> str:
    fields = ("legal_basis: ratified_treaty", "summits: annual", "permanent_bodies: true", "rival_ties: true")
    head = [rule(f"f{k}", f"{{{fields[k % 4]}}}", [f"{{finding: a{k}}}"]) for k in range(16)]
    head += [rule(f"g{k}", f"{{recent_crisis: {str(k % 2 == 0).lower()}}}", [f"{{finding: b{k}}}"]) for k in range(16)]

    def rules() -> Iterator[str]:
        yield from head
        i = 0
        while i < 97:  # 97 x 256 conjunctions: just under the pack's 25,000
            parts = ", ".join(
                f"{{any: [{{finding: a{(i + k) % 16}}}, {{finding: b{(i * 3 + k) % 16}}}]}}" for k in range(8)
            )
            yield rule(f"r{i}", f"{{all: [{parts}]}}", conclusion(i))
            i += 1

    return fill("anys", rules())


def chain() -> str:
    def rules() -> Iterator[str]:
        yield rule("c0", "{power_ratio: {ge: 2}}", ["{finding: f0}"])
        i = 1
        while True:
            when = f"{{all: [{{finding: f{i - 1}}}, {{trade_dependence: {{ge: {(i % 997) / 1000:.3f}}}}}]}}"
            then = [f"{{finding: f{i}}}", *(conclusion(i) if i % 50 == 0 else [])]
            yield rule(f"c{i}", when, then)
            i += 1

    return fill("chain", rules())


def sets() -> str:
    items = ("defense", "trade", "investment", "technology", "energy", "climate", "health", "culture")

    def rules() -> Iterator[str]:
        i = 0
        while i < 1000:  # distinct tests of one set field: the pack's limit
            chosen = [items[k] for k in range(8) if (i + 1) >> k & 1][:4] or ["space"]
            size = i // 255 + 1
            when = f"{{sectors: {{contains_all: [{', '.join(chosen)}], size: {{ge: {size}}}}}}}"
            yield rule(f"s{i}", when, conclusion(i))
            i += 1

    return fill("sets", rules())


def open_rules() -> str:
    tests = (
        "legal_basis: {ne: none}",
        "defense_commitment: {ne: none}",
        "summits: {ge: irregular}",
        "exit_costs: {ge: moderate}",
        "economic_integration: {ge: limited}",
        "shared_values: {ge: mixed}",
        "permanent_bodies: true",
        "rival_ties: true",
        "partner_in_conflict: true",
        "recent_crisis: false",
        "time_horizon: long_term",
        "duration: indefinite",
    )

    def rules() -> Iterator[str]:
        i = 0
        while True:
            picked = [tests[(i * k + k) % len(tests)] for k in range(1, 5)]
            when = f"{{all: [{', '.join('{' + t + '}' for t in dict.fromkeys(picked))}]}}"
            yield rule(f"o{i}", when, conclusion(i))
            i += 1

    return fill("open", rules())


PACKS: dict[str, Callable[[], str]] = {
    "thresholds": thresholds,
    "grid": grid,
    "anys": anys,
    "chain": chain,
    "sets": sets,
    "open": open_rules,
}
#: the field whose being unknown leaves most of each pack open (``its field``)
TARGET = {
    "thresholds": "power_ratio",
    "grid": "power_ratio",
    "anys": "recent_crisis",
    "chain": "power_ratio",
    "sets": "sectors",
    "open": "legal_basis",
}


KINDS = ("complete", "1 unknown", "5 unknown", "10 unknown", "all unknown")


def cases(n: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """The profiles of each kind."""
    out = {kind: list(profiles(n, seed=seed, unknown=u)) for kind, u in zip(KINDS, (0, 1, 5, 10), strict=False)}
    out["all unknown"] = [{"parties": p["parties"]} for p in profiles(n, seed=seed + 1)]
    return out


def measure(spec: str | Path, batches: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """CPU seconds: loading, the whole diagrams, then per kind of profile the validate work and the assess work.

    The whole diagrams (``Analysis.restricted``) are built once per process, the
    first time a profile leaves an output open; they are timed apart, as loading is.
    """
    clock = time.process_time  # CPU time of this process: on a shared machine it varies far less than the wall clock
    t0 = clock()
    assessor = Assessor(spec)
    t1 = clock()
    for output in OUTPUTS:
        assessor.analysis.restricted(output, {}, frozenset())  # every fact unknown: each output open
    out: dict[str, Any] = {"load": t1 - t0, "diagrams": clock() - t1, "inexact": 0}
    for kind, batch in batches.items():
        t1 = clock()
        for p in batch:
            assessor.decide(p)
        t2 = clock()
        for p in batch:
            a = assessor.assess(p)
            json.dumps(a.as_dict())
            out["inexact"] += bool(a.inexact)
        t3 = clock()
        out[("validate", kind)] = t2 - t1
        out[("assess", kind)] = t3 - t2
    return out


def best(spec: str | Path, batches: dict[str, list[dict[str, Any]]], repeat: int) -> dict[str, Any]:
    runs = [measure(spec, batches) for _ in range(repeat)]
    return {k: min(r[k] for r in runs) for k in runs[0]}


def lint_times(names: list[str]) -> None:
    """CPU seconds of lint (load included) on each pack, against the core pack's in the same process."""
    from amity.engine.lint import LINT_BUDGET, lint

    def timed(spec: str | Path) -> tuple[float, int]:
        t0 = time.process_time()
        report = lint(spec)
        return time.process_time() - t0, sum(d.code == "AP100" for d in report.diagnostics)

    core, _ = timed("core")
    print(f"lint, whole-lint budget {LINT_BUDGET:,} units; CPU seconds; core pack {core:.3f} s")
    print(f"{'pack':<11} {'size':>7} {'lint':>8} {'ratio':>6} {'AP100':>6}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            path = Path(folder) / f"{name}.yaml"
            path.write_text(PACKS[name](), encoding="utf-8")
            spent, undecided = timed(path)
            worst = max(worst, spent / core)
            print(f"{name:<11} {path.stat().st_size / 1e6:>5.2f}MB {spent:>7.2f}s {spent / core:>6.0f} {undecided:>6}")
    print(f"largest ratio: {worst:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=20, help="profiles of each kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="take the best of this many runs")
    parser.add_argument("--only", nargs="*", choices=sorted(PACKS), help="run only these packs")
    parser.add_argument("--lint", action="store_true", help="time `amity pack lint`'s work on each pack, not profiles")
    args = parser.parse_args()
    if args.lint:
        lint_times(args.only or list(PACKS))
        return
    batches = cases(args.profiles, args.seed)
    core = best("core", batches, args.repeat)
    kinds = (*KINDS, "its field")
    print(f"{args.profiles} profiles of each kind; search budget {SEARCH_BUDGET:,} per profile; CPU seconds")
    print("ratio: the pack's time over the core pack's on the same profiles (validate/assess)")
    print("its field: complete profiles without the one field that leaves most of the pack open")
    print(
        f"{'pack':<11} {'size':>7} {'load':>6} {'diagrams':>8} "
        + " ".join(f"{k:>13}" for k in kinds)
        + f" {'inexact':>8}"
    )
    row = " ".join(f"{core[('validate', k)]:>6.3f}/{core[('assess', k)]:<6.3f}" for k in KINDS)
    print(f"{'core (s)':<11} {'':>7} {core['load']:>5.2f}s {core['diagrams']:>7.3f}s {row}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only or PACKS:
            path = Path(folder) / f"{name}.yaml"
            text = PACKS[name]()
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size
            assert size < LIMIT, (name, size)
            own = {"its field": [{k: v for k, v in p.items() if k != TARGET[name]} for p in batches["complete"]]}
            m = best(path, {**batches, **own}, args.repeat)
            base = {**core, **best("core", own, args.repeat)}
            cells = []
            for k in kinds:
                rv = m[("validate", k)] / base[("validate", k)]
                ra = m[("assess", k)] / base[("assess", k)]
                worst = max(worst, rv, ra)
                cells.append(f"{rv:>6.0f}/{ra:<6.0f}")
            print(
                f"{name:<11} {size / 1e6:>5.2f}MB {m['load']:>5.2f}s {m['diagrams']:>7.3f}s "
                + " ".join(cells)
                + f" {m['inexact']:>8}"
            )
    print(f"largest ratio: {worst:.0f}")


if __name__ == "__main__":
    main()
