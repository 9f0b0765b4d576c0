"""How long a large pack takes to load and compile, against the core pack in the same process.

python bench/bench_pack_load.py [--rules 10000] [--repeat 3]

The large pack is the hostile one of issue 12: one rule per distinct power_ratio
threshold, so every rule adds value classes. Phases: ``load_pack`` (YAML, schema,
consistency, budget), the default engine's compilation, the analysis of unknowns
(``Analysis``, value classes included; ``classes`` is their part), and the total
of those three, which is what building an ``Assessor`` costs; then, apart, each
output's cone of rules for the search over unknowns (``cones``: compiled on the
first profile that leaves the output open, not on load), and the experta
engine's network (``--engine experta``), when experta is installed.
Times are CPU seconds of this process, the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from amity.engine import conditions as cond
from amity.engine import load_pack
from amity.engine.assessment import DEFAULT_ENGINE, ENGINES
from amity.engine.unknowns import OUTPUTS, Analysis
from amity.engine.vocabulary import fact_fields


def threshold_pack(n: int) -> str:
    out = ["pack: thresholds", "version: 1.0.0", "description: one power_ratio threshold per rule", "rules:"]
    for i in range(n):
        out += [
            f"  - id: r{i}",
            "    description: d",
            "    rationale: r",
            "    source: {citation: c}",
            f"    when: {{power_ratio: {{ge: {1 + i / 7:.4f}}}}}",
            "    then:",
            "      - risk: asymmetry",
            "        rating: moderate",
            "        reason: unequal",
        ]
    return "\n".join(out) + "\n"


def phases(spec: str | Path) -> dict[str, float]:
    # CPU time of this process: on a shared machine it varies far less than the wall clock
    clock = time.process_time
    t0 = clock()
    pack = load_pack(spec)
    t1 = clock()
    ENGINES[DEFAULT_ENGINE](pack)
    t2 = clock()
    analysis = Analysis(pack)
    t3 = clock()
    tests = cond.field_tests(r.when for r in pack.rules)
    specs = fact_fields()
    for name, found in tests.items():
        cond.value_classes(specs[name], found)
    t4 = clock()
    for output in OUTPUTS:  # what the first profiles that leave each output open add
        analysis.cones[output]
    t5 = clock()
    out = {
        "load_pack": t1 - t0,
        f"{DEFAULT_ENGINE} engine": t2 - t1,
        "analysis": t3 - t2,
        "classes": t4 - t3,
        "total": t3 - t0,
        "cones": t5 - t4,
    }
    try:
        t6 = clock()
        ENGINES["experta"](pack)
        out["experta engine"] = clock() - t6
    except Exception:  # experta is optional
        pass
    return out


def best(spec: str | Path, repeat: int) -> dict[str, float]:
    runs = [phases(spec) for _ in range(repeat)]
    return {k: min(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.yaml"
        path.write_text(threshold_pack(args.rules), encoding="utf-8")
        size = path.stat().st_size
        core = best("core", args.repeat)
        big = best(path, args.repeat)
    print(f"{'phase':<16} {'core':>10} {f'{args.rules:,} rules ({size / 1e6:.1f} MB)':>24} {'ratio':>8}")
    for key in core:
        ratio = f"{big[key] / core[key]:>8.0f}" if core[key] > 0.0005 else f"{'-':>8}"
        print(f"{key:<16} {core[key]:>9.3f}s {big[key]:>23.3f}s {ratio}")


if __name__ == "__main__":
    main()
