"""How many questions the interview asks, and how fast it chooses the next one and answers a why-not.

    python bench/bench_interview.py [--n 1000] [--seed 1]

1. Questions asked before the interview concludes, answering from a profile (unknown where the
   profile says nothing), over the bundled examples, the bundled scenarios, and n generated complete
   profiles; against the number of fact fields the pack tests (goal: at most half on average).
2. Latency (median, p95) of choosing the next question and of a why-not (the next level up, with
   every fact allowed to change), on states with ten tested fields unknown and the rest answered.
   One assessment of a complete profile, timed in the same process, is the anchor: the ratios
   travel between machines better than the milliseconds.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from amity.engine import Assessor
from amity.engine.explain import next_level_up
from amity.engine.interview import Consultation
from amity.engine.scenarios import bundled_scenarios, load_scenario
from amity.engine.whynot import why_not
from synthetic import profiles

ROOT = Path(__file__).resolve().parent.parent


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def questions_asked(assessor: Assessor, profile: dict) -> int:
    c = Consultation(assessor, {"parties": profile["parties"]})
    n = 0
    while (q := c.next_question()) is not None:
        c.answer(profile.get(q.field), q.field)
        n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    assessor = Assessor("core")
    tested = len(assessor.analysis.classes)
    sets = {
        "bundled examples": [yaml.safe_load(p.read_text()) for p in sorted((ROOT / "examples").glob("*.yaml"))],
        "bundled scenarios": [load_scenario(p).profile for p in bundled_scenarios()],
        f"{args.n} generated profiles": list(profiles(args.n, seed=args.seed)),
    }
    print(f"python {platform.python_version()}, {platform.machine()}; the core pack tests {tested} fact fields")
    print()
    print("| profiles | questions asked: mean | max | mean / fields tested |")
    print("|---|---:|---:|---:|")
    for name, cases in sets.items():
        counts = [questions_asked(assessor, p) for p in cases]
        mean = statistics.mean(counts)
        print(f"| {name} ({len(cases)}) | {mean:.1f} | {max(counts)} | {mean / tested:.0%} |")

    # latency with ten tested fields unknown
    rng = random.Random(args.seed)
    fields = sorted(assessor.analysis.classes)
    states = []
    for p in profiles(200, seed=args.seed + 1):
        hidden = set(rng.sample(fields, 10))
        states.append({k: v for k, v in p.items() if k not in hidden})
    complete = list(profiles(200, seed=args.seed + 2))
    assessor.analysis.diagram("level")  # built once per pack, as in a session; not part of a question
    anchor = []
    for p in complete:
        t = time.perf_counter()
        assessor.assess(p)
        anchor.append(time.perf_counter() - t)
    choose, whynot = [], []
    for p in states:
        facts = {k: v for k, v in p.items() if k in assessor.analysis.classes}
        *earlier, last = facts
        c = Consultation(assessor, {"parties": p["parties"]}, {k: facts[k] for k in earlier})
        t = time.perf_counter()  # an answer, then the next question: the assessment, then the gains
        c.answer(facts[last], last)
        c.next_question()
        choose.append(time.perf_counter() - t)
        level = assessor.assess(p).level.possible[0]
        target = next_level_up(level) or "comprehensive_strategic_partnership"
        t = time.perf_counter()
        why_not(assessor, p, target)
        whynot.append(time.perf_counter() - t)
    a_med, a_p95 = percentiles(anchor)
    print()
    print("| with 10 tested fields unknown | median ms | p95 ms | median / anchor |")
    print("|---|---:|---:|---:|")
    print(f"| anchor: assess one complete profile | {a_med * 1e3:.2f} | {a_p95 * 1e3:.2f} | 1 |")
    for name, samples in (("answer, then choose the next question", choose), ("why-not the next level up", whynot)):
        med, p95 = percentiles(samples)
        print(f"| {name} | {med * 1e3:.2f} | {p95 * 1e3:.2f} | {med / a_med:.1f} |")


if __name__ == "__main__":
    main()
