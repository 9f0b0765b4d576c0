"""Throughput of amity against its three anchors, side by side, on the same complete profiles.

    python bench/bench_throughput.py [--n 20000] [--pack core] [--engine NAME] [--rounds 1]
                                     [--cli-rows 100000] [--memory-sizes 10000 100000 200000] [--no-memory]

On the same K complete, distinct profiles (``synthetic.complete_profiles``), in
one process, it measures rows per second of:

* the CLIPS anchor (``anchors.clips_anchor``): reset, assert, run, read the results;
* the plain-Python anchor, straight-line generated (``anchors.plain``): the pack
  generated into one Python function;
* the plain-Python closures anchor (``anchors.closures``): the pack as closures,
  evaluated to a fixpoint (no code generation);
* ``Assessor(pack).assess(profile)`` (amity's public API, default arguments);
* ``validate(profiles, pack)`` (the library's batch function, consumed row by row);
* the same with each profile's evaluation worked out beforehand and handed back
  (``Replay``): everything ``validate`` does to a row but evaluate it, the most any
  evaluator, however fast, could give it (a bound);
* ``amity validate FILE.csv -o OUT.csv -q --jobs 1`` and ``--jobs 2``, end to end in a
  subprocess on a CSV of the same profiles (start-up, read, assess, write), wall time;
  and again on a CSV of --cli-rows profiles (the same K, then more drawn the same
  way), where the start-up (timed alone, on a file of one row) weighs five times less.

It prints a markdown table with rows/s, the ratio of each to the CLIPS anchor, to
the straight-line anchor and to the closures anchor, and peak memory: for the in-process runs the peak
resident memory of this process during the run (reset before each through
/proc/self/clear_refs, so it includes the profiles held in memory), for the
subprocess runs that of the whole process tree (sampled every 20 ms). Rows per
CPU-second (user and system time of every process of the run) sit beside rows
per second of wall time: on a shared machine they move less with the load, but
they cannot show what ``--jobs 2`` gains. It then
checks that everything measured concluded the same: the three anchors against
``Assessor.assess`` output by output (findings, level, risks, hedging, rules
fired), and the rows of ``validate`` and of ``amity validate`` (level, risks,
hedging) against the straight-line anchor. Last, peak memory of ``amity validate
--jobs 1`` at each of --memory-sizes rows (amity's caches are bounded: the ratio of
the largest size to the one before shows whether memory stays flat once they are
full, the ratio to the smallest how much they take), and the targets of issue 6, the third of
the plain-Python anchor read against both plain-Python anchors.

amity is called through its public API only (``Assessor``, ``validate``, the
``amity`` command). ``--engine NAME`` is passed on as ``engine=NAME`` to
``Assessor`` and ``validate`` and as ``--engine NAME`` to ``amity validate``
where they take it; naming an engine that some of them do not take is an error.
With --rounds R every measurement runs R times, interleaved, and the table keeps the
best of each. The targets are read within each round (whose runs follow one another
within half a minute; ``--jobs 1`` and ``--jobs 2`` run first in turn): the median
round's ratio, the lower of the two middle ones for an even R, is the one held
against each target, since the best of two runs may come from rounds where the
machine ran at different speeds.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import importlib.metadata
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from amity.engine import BUILD, RISKS, Assessor, load_pack, validate  # noqa: E402
from amity.engine.assessment import DEFAULT_ENGINE, evaluator_for, known_facts  # noqa: E402
from anchors import missing_fields, tested_fields  # noqa: E402
from anchors.agree import amity_outputs, as_mapping, differences, make_assessor, supports_engine  # noqa: E402
from make_dataset import write_profiles  # noqa: E402
from processes import run_watched, status_kib  # noqa: E402
from synthetic import complete_profiles  # noqa: E402

AMITY = Path(sys.executable).parent / "amity"
CLIPS = "CLIPS anchor (reset, assert, run, read)"
PLAIN = "plain-Python anchor (straight-line generated)"
CLOSURES = "plain-Python closures anchor (fixpoint)"
REPLAYED = "`validate(profiles)`, its evaluations replayed (the evaluation at no cost: a bound)"


# --------------------------------------------------------------------------- memory


def reset_peak() -> bool:
    """Reset this process's peak resident memory (Linux); False where that is not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# --------------------------------------------------------------------------- runs


@dataclass
class Run:
    label: str
    rows: int
    seconds: float  # wall time
    cpu: float  # CPU seconds (user and system) of the run, all its processes
    peak_kib: int | None

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    @property
    def cpu_rate(self) -> float:
        return self.rows / self.cpu if self.cpu > 0 else float("inf")


def in_process(label: str, rows: int, work: Callable[[], Any], peak_ok: bool) -> tuple[Run, Any]:
    # what this process holds when a run starts (the profiles, the anchors, the outputs of the runs
    # before) is frozen out of the garbage collector's way: no run pays for walking what another left
    gc.collect()
    gc.freeze()
    try:
        reset_peak()
        cpu = time.process_time()
        start = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
    finally:
        gc.unfreeze()
    return Run(label, rows, elapsed, cpu, status_kib("VmHWM") if peak_ok else None), result


class Replay:
    """``validate`` with its evaluations worked out beforehand: everything amity does to a row but evaluate it.

    Each profile's evaluation (``Evaluator.evaluate``, the rules' pass over its
    facts) is worked out once, here; while ``installed``, the evaluator's class
    hands them back in order instead, so a run of ``validate`` over the same
    profiles does the rest of its work per row (checking the row, settling its
    outputs, checking its label with the reasons, building the record) with the
    evaluation costing next to nothing. What that run reaches is the most any
    evaluator could give ``validate``, however fast: a bound, not a way to run.
    Its rows are compared with the anchors' like every other run's, so an
    evaluation handed to the wrong row shows as a disagreement.
    """

    def __init__(self, pack: Any, profiles: list[dict[str, Any]], engine: str | None) -> None:
        evaluator = evaluator_for(pack, engine or DEFAULT_ENGINE)
        self.cls = type(evaluator)
        self.evaluations = [evaluator.evaluate(known_facts(p)) for p in profiles]
        self.left = 0  # evaluations not handed back by the last run

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        handed = iter(self.evaluations)
        original = self.cls.evaluate
        self.cls.evaluate = lambda evaluator, facts: next(handed)
        try:
            yield
        finally:
            self.cls.evaluate = original
            self.left = sum(1 for _ in handed)


def cli_label(jobs: int, rows: int) -> str:
    return f"`amity validate --jobs {jobs}` (end to end, {rows:,} rows)"


def cli_validate(path: Path, rows: int, jobs: int, pack: str, engine: str | None) -> tuple[Run, Path]:
    out = path.with_name(f"{path.stem}.out{jobs}.csv")
    command = [str(AMITY), "validate", str(path), "-o", str(out), "-q", "--jobs", str(jobs), "--pack", pack]
    if engine is not None:
        command += ["--engine", engine]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed, peak, code = run_watched(command)
    if code != 0:
        raise SystemExit(f"error: {' '.join(command)} exited {code}")
    # the command and its workers (each waited for, so counted among our children)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(cli_label(jobs, rows), rows, elapsed, cpu, peak), out


def halves_label(rows: int) -> str:
    return f"two `amity validate --jobs 1` side by side, each on half the file (end to end, {rows:,} rows)"


def cli_halves(halves: tuple[Path, Path], rows: int, pack: str, engine: str | None) -> tuple[Run, list[Path]]:
    """Two `amity validate --jobs 1` started at once, each on its half of the rows, timed until both end.

    What two processes gain on this machine with nothing shared and nothing sent between them:
    the most `--jobs 2` could gain, short of a start-up cheaper than one of `--jobs 1`. Both pay
    start-up, at once on two cores; both share the two cores' caches and memory bandwidth, as
    the workers of `--jobs 2` do.
    """
    outs = [half.with_name(f"{half.stem}.out.csv") for half in halves]
    commands = []
    for half, out in zip(halves, outs, strict=True):
        command = [str(AMITY), "validate", str(half), "-o", str(out), "-q", "--jobs", "1", "--pack", pack]
        commands.append(command + (["--engine", engine] if engine is not None else []))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    procs = [subprocess.Popen(command) for command in commands]
    codes = [proc.wait() for proc in procs]
    elapsed = time.perf_counter() - start
    if any(codes):
        raise SystemExit(f"error: {' '.join(commands[0])} (and its other half) exited {codes}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(halves_label(rows), rows, elapsed, cpu, None), outs


def write_halves(profiles: Iterable[dict[str, Any]], rows: int, path: Path) -> tuple[Path, Path]:
    """The rows of a file, written as two files: the first half, then the rest."""
    first, second = path.with_name(f"{path.stem}.half1.csv"), path.with_name(f"{path.stem}.half2.csv")
    rows_iter = iter(profiles)
    write_profiles(itertools.islice(rows_iter, rows // 2), first)
    write_profiles(rows_iter, second)
    return first, second


def compile_amity() -> None:
    """Compile amity's modules, as installing a package does, before `amity` is timed.

    Python writes no compiled module when PYTHONDONTWRITEBYTECODE is set (as it is in some
    sessions): then every `amity` run would compile each module changed since its last
    compilation again, which adds tens of milliseconds to each start-up measured.
    """
    import compileall

    import amity.cli
    import amity.engine

    for package in (amity.engine, amity.cli):
        compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)


def cli_takes_engine() -> bool:
    done = subprocess.run([str(AMITY), "validate", "--help"], capture_output=True, text=True, check=True)
    return "--engine" in done.stdout


# --------------------------------------------------------------------------- agreement


def row_outputs(record: Any) -> tuple[Any, ...]:
    """(level, each risk's rating, hedging) of a ``validate`` record.

    Read from the typed record, as a program using the library reads it (the
    anchors' outputs are read the same way); a record without typed fields
    (amity before issue 6) through its dict form.
    """
    assessment = getattr(record, "assessment", None)
    if assessment is not None and hasattr(assessment, "risks"):
        risks = assessment.risks
        return (assessment.level.value, *(risks[r].value for r in RISKS), assessment.hedging.value)
    record = as_mapping(record)
    return (record["level"], *(record["risks"][r]["rating"] for r in RISKS), record["hedging"])


def csv_outputs(path: Path) -> list[tuple[Any, ...]] | None:
    """(level, each risk's rating, hedging) of each row of ``amity validate``'s CSV, or None if it has other columns."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        needed = {"level", "hedging", *RISKS}
        if not needed <= set(reader.fieldnames or ()):
            return None
        return [(r["level"], *(r[risk] for risk in RISKS), r["hedging"] == "true") for r in reader]


def row_disagreements(expected: list[tuple[Any, ...]], got: list[tuple[Any, ...]]) -> int:
    """Rows that differ, counting a missing or extra row as one."""
    return sum(1 for a, b in zip(expected, got, strict=False) if a != b) + abs(len(expected) - len(got))


def anchor_rows(outputs: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [(o.level, *(o.risks[r] for r in RISKS), o.hedging) for o in outputs]


# --------------------------------------------------------------------------- report


def mib(kib: int | None) -> str:
    return "" if kib is None else f"{kib / 1024:,.1f} MiB"


def table(runs: list[Run], clips: Run | None, plain: Run, closures: Run) -> str:
    lines = [
        "| run | rows/s | × CLIPS anchor | × straight-line anchor | × closures anchor | rows per CPU-second "
        "| peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        vs_clips = f"{run.rate / clips.rate:.3g}×" if clips else "–"
        lines.append(
            f"| {run.label} | {run.rate:,.0f} | {vs_clips} | {run.rate / plain.rate:.3g}× "
            f"| {run.rate / closures.rate:.3g}× | {run.cpu_rate:,.0f} | {mib(run.peak_kib)} |"
        )
    return "\n".join(lines)


def target(name: str, rounds: list[float], best_ratio: float, least: float) -> str:
    """A target read within each round: the median round's ratio (for an even number of rounds, the
    lower of the two middle ones, a round's own) against ``least``; the rounds and the ratio of the
    best of each run beside it."""
    ratio = statistics.median_low(rounds)
    return (
        f"- {name}: {ratio:.3g}× in the median round ({_met(ratio >= least)}; rounds: "
        f"{', '.join(f'{r:.3g}×' for r in rounds)}; best against best: {best_ratio:.3g}×)"
    )


def third_of_plain(results: dict[str, list[Run]], lib: Run, plain: Run, closures: Run) -> list[str]:
    """Issue 6's target, `validate` at least a third as fast as the plain-Python anchor, read against each."""
    return [
        target(
            f"`validate` ≥ 1/3 of the plain-Python anchor, {name}",
            ratios(results, lib.label, anchor.label),
            lib.rate / anchor.rate,
            1 / 3,
        )
        for name, anchor in (("straight-line generated", plain), ("closures to a fixpoint", closures))
    ]


def evaluation_free(results: dict[str, list[Run]], plain: Run, replayed: Run) -> str:
    """The most any evaluator could give ``validate`` (``Replay``), against the straight-line anchor."""
    rounds = ratios(results, replayed.label, plain.label)
    ratio = statistics.median_low(rounds)
    verdict = (
        "below 1/3: no evaluator, however fast, brings `validate` to a third of this anchor; the rest of its "
        "work per row is already too much"
        if ratio < 1 / 3
        else "at or above 1/3: a faster evaluator could bring `validate` there"
    )
    return (
        f"the most any evaluator could give it (its evaluations replayed, at no cost), against the straight-line "
        f"anchor: {ratio:.3g}× in the median round (rounds: {', '.join(f'{r:.3g}×' for r in rounds)}; "
        f"best against best: {replayed.rate / plain.rate:.3g}×): {verdict}"
    )


def ceiling(jobs1: list[Run], startup: float, least: float) -> str:
    """The most ``--jobs 2`` can gain here, whatever its workers do: start-up is paid once by either run,
    before any row is read, and two workers at best halve the rest. A run of ``--jobs 1`` taking ``t``
    is start-up ``S`` and rows ``t - S``; ``--jobs 2`` then takes at least ``S + (t - S) / 2``. Where
    that is under the target ``least``, no way of sharing the rows meets it on this file: said."""
    bounds = [run.seconds / (startup + (run.seconds - startup) / 2) for run in jobs1]
    bound = statistics.median_low(bounds)
    beyond = (
        f"; under {least:g}×: on a file this short no way of sharing the rows meets the target, start-up alone "
        "bounds it"
        if bound < least
        else ""
    )
    return (
        f"the ceiling with start-up {startup:.3f} s and the rows split evenly over two workers at no cost: "
        f"{bound:.3g}× in the median round (rounds: {', '.join(f'{b:.3g}×' for b in bounds)}){beyond}"
    )


def ratios(results: dict[str, list[Run]], faster: str, anchor: str) -> list[float]:
    """The ratio of two runs' rates in each round (each label has one run a round, in order)."""
    return [a.rate / b.rate for a, b in zip(results[faster], results[anchor], strict=True)]


def best(runs: list[Run]) -> Run:
    return max(runs, key=lambda r: r.rate)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000, help="complete distinct profiles (default: 20000)")
    parser.add_argument("--pack", default="core", help="a bundled pack's name or a path (default: core)")
    parser.add_argument("--engine", help="amity's engine, passed to Assessor, validate and `amity validate`")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="runs of each measurement, interleaved; the table keeps the best, the targets the median round",
    )
    parser.add_argument(
        "--cli-rows",
        type=int,
        default=100_000,
        help="also run `amity validate` end to end on this many rows: the --n profiles, then more drawn the same way "
        "(default: 100000; 0: only the --n profiles)",
    )
    parser.add_argument("--memory-sizes", type=int, nargs="+", default=[10_000, 100_000, 200_000])
    parser.add_argument("--no-memory", action="store_true", help="skip the memory-flatness runs")
    parser.add_argument("--no-clips", action="store_true", help="skip the CLIPS anchor (clipspy not installed)")
    args = parser.parse_args(argv)

    engine = args.engine
    if engine is not None:
        lacking = [
            name
            for name, ok in (
                ("Assessor", supports_engine(Assessor)),
                ("validate", supports_engine(validate)),
                ("amity validate", cli_takes_engine()),
            )
            if not ok
        ]
        if lacking:
            print(f"error: --engine {engine}: this amity's {', '.join(lacking)} take(s) no engine", file=sys.stderr)
            return 2
    engine_kw: dict[str, Any] = {} if engine is None else {"engine": engine}

    pack = load_pack(args.pack)
    fields = tested_fields(pack)
    profiles = list(complete_profiles(args.n, pack, seed=args.seed, edge=0.0))
    assert not any(missing_fields(p, fields) for p in profiles)
    distinct = len({json.dumps({f: p[f] for f in [*fields, "declared_label"] if f in p}) for p in profiles})

    from anchors.closures import ClosureAnchor
    from anchors.plain import PlainAnchor

    plain_anchor = PlainAnchor(pack)
    closure_anchor = ClosureAnchor(pack)
    clips_anchor = None
    if not args.no_clips:
        from anchors.clips_anchor import ClipsAnchor

        clips_anchor = ClipsAnchor(pack)
    assessor = make_assessor(pack, engine)
    replay = Replay(pack, profiles, engine)
    peak_ok = reset_peak()

    versions = [
        f"Python {platform.python_version()}",
        f"{os.cpu_count()} cores",
        f"amity {_version('amity')} ({BUILD})",
    ]
    if clips_anchor is not None:
        versions.append(f"clipspy {_version('clipspy')}")
    print(f"bench_throughput: {', '.join(versions)}; pack {pack.name} {pack.version}; engine {engine or '(default)'}")
    print(f"{args.n:,} complete profiles (seed {args.seed}), {distinct:,} distinct in the facts the pack tests")
    print()

    results: dict[str, list[Run]] = {}
    outputs: dict[str, Any] = {}
    compile_amity()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"rows-{args.n}.csv"
        write_profiles(profiles, path)
        n = len(profiles)
        # the end-to-end runs: on the same profiles, and on a longer file, where start-up weighs less
        cli_files = [(path, n)]
        if args.cli_rows > n:  # the same draws, continued (not held: the in-process runs' peak memory would hold them)
            longer = Path(tmp) / f"rows-{args.cli_rows}.csv"
            write_profiles(complete_profiles(args.cli_rows, pack, seed=args.seed, edge=0.0), longer)
            cli_files.append((longer, args.cli_rows))
        halves = {
            rows: write_halves(
                profiles if rows == n else complete_profiles(rows, pack, seed=args.seed, edge=0.0), rows, cli_path
            )
            for cli_path, rows in cli_files
        }
        one = Path(tmp) / "one-row.csv"
        write_profiles(profiles[:1], one)
        startup = min(cli_validate(one, 1, 1, args.pack, engine)[0].seconds for _ in range(3))
        for round_ in range(args.rounds):
            steps: list[tuple[str, Callable[[], Any]]] = []
            if clips_anchor is not None:
                clips_eval = clips_anchor.evaluate
                steps.append((CLIPS, lambda ev=clips_eval: [ev(p) for p in profiles]))
            steps.append((PLAIN, lambda: [plain_anchor.evaluate(p) for p in profiles]))
            steps.append((CLOSURES, lambda: [closure_anchor.evaluate(p) for p in profiles]))
            # each result is read down to the outputs compared below as it comes, as the anchors'
            # are: holding 20,000 full results (with their traces) would weigh on the run. `validate`
            # runs before `Assessor.assess`, so that in the first round it finds none of the wording
            # amity keeps per pack already worked out for these profiles (later rounds do, as a
            # long-running process would)
            steps.append(
                (
                    "`validate(profiles)`",
                    lambda: [row_outputs(r) for r in validate(profiles, pack, **engine_kw)],
                )
            )
            steps.append((REPLAYED, lambda: replayed(replay, profiles, pack, engine_kw)))
            steps.append(("`Assessor.assess`", lambda: [amity_outputs(assessor.assess(p)) for p in profiles]))
            for label, work in steps:
                run, result = in_process(label, n, work, peak_ok)
                progress(run)
                results.setdefault(label, []).append(run)
                outputs[label] = result
            for cli_path, rows in cli_files:
                for jobs in (1, 2) if round_ % 2 == 0 else (2, 1):  # which runs first changes from round to round
                    run, out = cli_validate(cli_path, rows, jobs, args.pack, engine)
                    progress(run)
                    results.setdefault(run.label, []).append(run)
                    outputs[run.label] = csv_outputs(out)
                run, outs = cli_halves(halves[rows], rows, args.pack, engine)
                progress(run)
                results.setdefault(run.label, []).append(run)
                parts = [csv_outputs(out) for out in outs]
                outputs[run.label] = None if None in parts else [row for part in parts for row in part or []]

        runs = [best(r) for r in results.values()]
        by_label = {r.label: r for r in runs}
        clips_run = by_label.get(CLIPS)
        plain_run = by_label[PLAIN]
        closures_run = by_label[CLOSURES]
        print(table(runs, clips_run, plain_run, closures_run))
        print()

        # did everything measured conclude the same?
        amity = outputs["`Assessor.assess`"]
        checks = []
        for label in (CLIPS, PLAIN, CLOSURES):
            if label in outputs:
                wrong = sum(1 for a, b in zip(amity, outputs[label], strict=True) if differences(a, b))
                checks.append((f"{label} against `Assessor.assess` (every output, rules fired in order)", wrong))
        compared = [("`validate(profiles)`", n), (REPLAYED, n)]
        checks.append((f"{REPLAYED}: evaluations not handed back (or handed back too few)", replay.left))
        compared += [
            (label, rows)
            for _, rows in cli_files
            for label in (cli_label(1, rows), cli_label(2, rows), halves_label(rows))
        ]
        for label, rows in compared:
            got = outputs[label]
            if got is None:
                checks.append((f"{label}: its output has other columns; not checked", None))
                continue
            drawn = profiles if rows == n else complete_profiles(rows, pack, seed=args.seed, edge=0.0)
            reference = anchor_rows(plain_anchor.evaluate(p) for p in drawn)
            wrong = row_disagreements(reference, got)
            checks.append((f"{label} against the straight-line anchor (level, risks, hedging)", wrong))
        print("| agreement on these profiles | disagreements |")
        print("|---|---:|")
        for label, wrong in checks:
            print(f"| {label} | {'–' if wrong is None else wrong} |")
        print()

        cli = [(rows, by_label[cli_label(1, rows)], by_label[cli_label(2, rows)]) for _, rows in cli_files]
        lib = by_label["`validate(profiles)`"]
        print(f"`amity validate` start-up (a file of one row, best of 3): {startup:.3f} s")
        print()
        memory: list[tuple[int, int]] = []
        if not args.no_memory:
            for size in sorted(set(args.memory_sizes)):
                big = Path(tmp) / f"memory-{size}.csv"
                write_profiles(complete_profiles(size, pack, seed=args.seed, edge=0.0), big)
                run, _ = cli_validate(big, size, 1, args.pack, engine)
                memory.append((size, run.peak_kib or 0))
                print(f"`amity validate --jobs 1` on {size:,} rows: {run.rate:,.0f} rows/s, peak {mib(run.peak_kib)}")
            print()

    # each ratio is read within each round, whose runs follow one another within half a minute: the best
    # of each run may come from rounds where the machine ran at different speeds
    print("against the targets of issue 6 (ratios from this run, round by round):")
    for rows, jobs1, _ in cli:
        if clips_run is not None:
            name = f"`amity validate --jobs 1` ≥ the CLIPS anchor, {rows:,} rows"
            print(target(name, ratios(results, jobs1.label, CLIPS), jobs1.rate / clips_run.rate, 1))
            rows_alone = [
                rows / (run.seconds - startup) / clips.rate
                for run, clips in zip(results[jobs1.label], results[CLIPS], strict=True)
            ]
            print(
                f"  - its rows alone (start-up {startup:.3f} s set aside), against the CLIPS anchor: "
                f"{statistics.median_low(rows_alone):.3g}× in the median round "
                f"(rounds: {', '.join(f'{r:.3g}×' for r in rows_alone)})"
            )
    for line in third_of_plain(results, lib, plain_run, closures_run):
        print(line)
    print(f"  - {evaluation_free(results, plain_run, by_label[REPLAYED])}")
    for rows, jobs1, jobs2 in cli:
        name = f"`--jobs 2` ≥ 1.8 × `--jobs 1`, {rows:,} rows"
        print(target(name, ratios(results, jobs2.label, jobs1.label), jobs2.rate / jobs1.rate, 1.8))
        print(f"  - {ceiling(results[jobs1.label], startup, 1.8)}")
        side = ratios(results, halves_label(rows), jobs1.label)
        print(
            f"  - two `--jobs 1` side by side, each on half the rows (nothing shared, nothing sent): "
            f"{statistics.median_low(side):.3g}× `--jobs 1` in the median round (rounds: {', '.join(f'{r:.3g}×' for r in side)}); "
            f"`--jobs 2` against them: {statistics.median_low(ratios(results, jobs2.label, halves_label(rows))):.3g}×"
        )
    if len(memory) >= 2:
        # amity's caches are bounded: memory grows while they fill, then stays flat; flat means that the
        # last rows added (the largest size against the one before) add nothing but noise
        (small, low), (before, middle), (large, high) = memory[0], memory[-2], memory[-1]
        ratio = high / middle if middle else float("inf")
        print(
            f"- peak memory flat in the number of rows (`--jobs 1`, {large:,} against {before:,} rows; "
            f"taken here as ≤ 1.05×): {ratio:.3g}× ({_met(ratio <= 1.05)}); "
            f"{large:,} against {small:,} rows, as the bounded caches fill: {high / low if low else float('inf'):.3g}×"
        )
    return 1 if any(wrong for _, wrong in checks) else 0


def replayed(replay: Replay, profiles: list[dict[str, Any]], pack: Any, engine_kw: dict[str, Any]) -> Any:
    """The rows of ``validate`` with the evaluations ``replay`` holds handed back (``Replay``)."""
    with replay.installed():
        return [row_outputs(r) for r in validate(profiles, pack, **engine_kw)]


def progress(run: Run) -> None:
    print(f"  {run.label}: {run.rate:,.0f} rows/s, {run.cpu_rate:,.0f} rows per CPU-second", file=sys.stderr)


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
