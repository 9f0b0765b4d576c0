"""Do the anchors conclude what amity concludes? Counts disagreements, which must be 0.

    python bench/anchors/agree.py [--pack core] [--n 2000] [--seed 1] [--completions 20]
                                  [--anchors clips plain closures] [--engine NAME]

The reference is amity itself: ``Assessor(pack).assess(profile)`` (with
``engine=NAME`` when given and supported). Each anchor is compared with it,
output by output (findings, level, each risk's rating, hedging, and the rules
fired in order), on:

* generated complete profiles (``synthetic.complete_profiles``), half drawn
  across each field's domain and half leaning on the edges of the pack's tests;
* the pack's own test cases (``tests.yaml`` beside the pack) that are complete
  as given;
* completions of every test case: its facts kept, each unknown fact filled in.

It prints a table of disagreements per anchor and source, then the first few in
full, and exits 1 if there is any (2 on bad usage).
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `anchors` and `synthetic` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml
from amity.engine import Assessor, load_pack
from amity.engine.pack import Pack

from anchors import IncompleteProfile, Outputs, missing_fields, tested_fields

Evaluate = Callable[[Mapping[str, Any]], Outputs]
ANCHORS = (
    "clips",
    "plain",
    "closures",
)  # clips: anchors.clips_anchor, plain: anchors.plain, closures: anchors.closures


# --------------------------------------------------------------------------- amity, through its public API


def supports_engine(target: Callable[..., Any]) -> bool:
    """Whether a public amity callable takes ``engine=`` (the evaluator of issue 6 adds it).

    Read from its signature; a callable mypyc compiled has none at run time, and every build that compiles
    (since the eighteenth session) takes an engine."""
    try:
        return "engine" in inspect.signature(target).parameters
    except (TypeError, ValueError):  # compiled: no signature
        return True


def make_assessor(pack: Pack | str, engine: str | None = None) -> Any:
    """``Assessor(pack)``, or ``Assessor(pack, engine=engine)`` when an engine is named."""
    if engine is None:
        return Assessor(pack)
    if not supports_engine(Assessor):
        raise SystemExit(f"error: this amity's Assessor takes no engine (asked for --engine {engine})")
    return Assessor(pack, engine=engine)


def as_mapping(result: Any) -> Mapping[str, Any]:
    """An amity result as a mapping: a dict already, or a typed result's own dict form."""
    if isinstance(result, Mapping):
        return result
    for name in ("as_dict", "to_dict"):
        method = getattr(result, name, None)
        if callable(method):
            return method()
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    raise TypeError(f"cannot read an assessment of type {type(result).__name__}: adapt anchors.agree.amity_outputs")


def amity_outputs(result: Any) -> Outputs:
    """The anchors' outputs, read from an assessment (its JSON-ready form)."""
    data = as_mapping(result)
    return Outputs(
        findings=frozenset(data["findings"]),
        level=data["level"],
        risks={name: risk["rating"] for name, risk in data["risks"].items()},
        hedging=data["hedging"],
        fired=tuple(step["rule"] for step in data["trace"]),
    )


def amity_reference(pack: Pack | str, engine: str | None = None) -> Evaluate:
    assessor = make_assessor(pack, engine)
    return lambda profile: amity_outputs(assessor.assess(profile))


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Disagreement:
    source: str
    profile: str
    anchor: str
    output: str  # findings | level | risks | hedging | fired | error
    amity: Any
    got: Any

    def __str__(self) -> str:
        return (
            f"{self.anchor} on {self.profile} ({self.source}): {self.output}: amity {self.amity!r}, anchor {self.got!r}"
        )


def differences(expected: Outputs, got: Outputs) -> list[tuple[str, Any, Any]]:
    out = []
    for name in ("findings", "level", "risks", "hedging", "fired"):
        a, b = getattr(expected, name), getattr(got, name)
        if a != b:
            if name == "findings":
                a, b = sorted(a - b), sorted(b - a)  # only amity's, only the anchor's
            out.append((name, a, b))
    return out


@dataclass
class Report:
    anchors: list[str]
    counts: dict[str, int] = field(default_factory=dict)  # source -> profiles compared
    disagreeing: dict[tuple[str, str], int] = field(default_factory=dict)  # (source, anchor) -> profiles
    details: list[Disagreement] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.disagreeing.values())

    def table(self) -> str:
        head = "| profiles | compared | " + " | ".join(f"{a} disagreements" for a in self.anchors) + " |"
        rule = "|---|---:|" + "---:|" * len(self.anchors)
        rows = [
            f"| {source} | {count:,} | "
            + " | ".join(str(self.disagreeing.get((source, a), 0)) for a in self.anchors)
            + " |"
            for source, count in self.counts.items()
        ]
        return "\n".join([head, rule, *rows])


def compare(
    report: Report,
    source: str,
    profiles: Iterable[Mapping[str, Any]],
    reference: Evaluate,
    anchors: Mapping[str, Evaluate],
) -> None:
    """Compare every anchor with the reference on each profile; add the results to the report."""
    report.counts.setdefault(source, 0)
    for i, profile in enumerate(profiles):
        report.counts[source] += 1
        name = str(profile.get("id") or f"#{i + 1}")
        expected = reference(profile)
        for anchor, evaluate in anchors.items():
            try:
                found = differences(expected, evaluate(profile))
            except (IncompleteProfile, RuntimeError, ValueError) as exc:
                found = [("error", None, str(exc))]
            if found:
                key = (source, anchor)
                report.disagreeing[key] = report.disagreeing.get(key, 0) + 1
                report.details.extend(Disagreement(source, name, anchor, *d) for d in found)


# --------------------------------------------------------------------------- profiles


def pack_cases(pack: Pack) -> list[tuple[str, dict[str, Any]]]:
    """(name, facts) of each test case in the tests.yaml beside the pack, read as plain YAML."""
    if pack.path is None or not (pack.path.parent / "tests.yaml").is_file():
        return []
    with (pack.path.parent / "tests.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return [(case["name"], dict(case["facts"])) for case in data.get("cases", [])]


def build_anchors(pack: Pack, names: Iterable[str]) -> dict[str, Evaluate]:
    anchors: dict[str, Evaluate] = {}
    for name in names:
        if name == "clips":
            from anchors.clips_anchor import ClipsAnchor

            anchors[name] = ClipsAnchor(pack).evaluate
        elif name == "plain":
            from anchors.plain import PlainAnchor

            anchors[name] = PlainAnchor(pack).evaluate
        elif name == "closures":
            from anchors.closures import ClosureAnchor

            anchors[name] = ClosureAnchor(pack).evaluate
        else:
            raise ValueError(f"no anchor '{name}': {', '.join(ANCHORS)}")
    return anchors


def check(
    pack: Pack,
    anchors: Mapping[str, Evaluate],
    reference: Evaluate,
    *,
    n: int = 2000,
    seed: int = 1,
    completions: int = 20,
) -> Report:
    """Compare the anchors with the reference on generated profiles and the pack's test cases."""
    from synthetic import complete_profiles
    from synthetic import completions as complete

    report = Report(list(anchors))
    half = n // 2
    compare(
        report,
        "generated, across each domain",
        complete_profiles(half, pack, seed=seed, edge=0.0),
        reference,
        anchors,
    )
    compare(
        report,
        "generated, at the edges of the tests",
        complete_profiles(n - half, pack, seed=seed + 1, edge=0.5),
        reference,
        anchors,
    )
    fields = tested_fields(pack)
    cases = pack_cases(pack)
    given = [{"id": name, **facts} for name, facts in cases if not missing_fields(facts, fields)]
    compare(
        report, f"{pack.name} test cases, complete as given ({len(given)} of {len(cases)})", given, reference, anchors
    )
    filled = (
        {**profile, "id": f"{name}.{j + 1}"}
        for i, (name, facts) in enumerate(cases)
        for j, profile in enumerate(complete(facts, pack, completions, seed=seed + 2 + i))
    )
    compare(report, f"{pack.name} test cases, completed ({completions} per case)", filled, reference, anchors)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", default="core", help="a bundled pack's name or a path (default: core)")
    parser.add_argument("--n", type=int, default=2000, help="generated complete profiles (default: 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--completions", type=int, default=20, help="completions of each test case (default: 20)")
    parser.add_argument("--anchors", nargs="+", default=list(ANCHORS), choices=ANCHORS)
    parser.add_argument("--engine", help="passed to amity's Assessor as engine=NAME, where it takes one")
    parser.add_argument("--show", type=int, default=10, help="disagreements to show in full (default: 10)")
    args = parser.parse_args(argv)
    pack = load_pack(args.pack)
    anchors = build_anchors(pack, args.anchors)
    report = check(
        pack,
        anchors,
        amity_reference(pack, args.engine),
        n=args.n,
        seed=args.seed,
        completions=args.completions,
    )
    engine = f", engine {args.engine}" if args.engine else ""
    print(f"anchors against amity (pack {pack.name} {pack.version}{engine}), seed {args.seed}")
    print()
    print(report.table())
    print()
    for d in report.details[: args.show]:
        print(f"  {d}")
    print(f"disagreements: {report.total}")
    return 1 if report.total else 0


if __name__ == "__main__":
    sys.exit(main())
