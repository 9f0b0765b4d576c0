"""Pack test cases: facts in, expected conclusions out, in YAML beside the pack.

Pack authors run them with ``amity test PACK``; the project's own test suite
runs the same cases through the same code (``tests/unit/test_pack_cases.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .assessment import Assessor
from .document import load_document
from .errors import InputError, Location, PackError, Problem, did_you_mean
from .pack import Pack, load_pack
from .schemas import check_profile
from .schemas import problems as schema_problems


@dataclass(frozen=True)
class Case:
    pack: str
    name: str
    facts: dict[str, Any]
    expect: dict[str, Any]
    description: str = ""

    @property
    def test_id(self) -> str:
        return f"{self.pack}_{self.name}"


@dataclass
class CaseResult:
    case: Case
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def cases_files(pack: Pack) -> list[Path]:
    """The pack's test-case files: those its ``tests:`` lists, by default tests.yaml beside it."""
    return list(pack.test_files)


def load_cases(path: str | Path, pack: Pack) -> list[Case]:
    """Read a test file and check it against the pack; every problem is reported at once."""
    doc = load_document(path)
    found = schema_problems(doc, "packtest", what="key")
    if found:
        raise InputError(found)
    problems: list[Problem] = []
    if doc.data.get("pack", pack.name) not in pack.lineage:
        problems.append(
            Problem(
                f"these cases are for pack '{doc.data['pack']}', which '{pack.name}' does not extend",
                doc.locate("/pack"),
                "fix the name, or test the right pack",
            )
        )
    names = {
        "findings": pack.findings,
        "not_findings": pack.findings,
        "fired": [r.id for r in pack.rules],
        "not_fired": [r.id for r in pack.rules],
    }
    cases = []
    seen: set[str] = set()
    for i, data in enumerate(doc.data["cases"]):
        if data["name"] in seen:
            problems.append(Problem(f"case name '{data['name']}' is used twice", doc.locate(f"/cases/{i}/name")))
        seen.add(data["name"])
        try:
            check_profile(doc.sub(f"/cases/{i}/facts"))
        except InputError as exc:
            problems.extend(p.under(f"/cases/{i}/facts") for p in exc.problems)
        for key, known in names.items():
            for j, name in enumerate(data["expect"].get(key, [])):
                if name not in known:
                    what = "finding" if "findings" in key else "rule"
                    problems.append(
                        Problem(
                            f"pack '{pack.name}' has no {what} '{name}'",
                            doc.locate(f"/cases/{i}/expect/{key}/{j}"),
                            did_you_mean(name, known),
                        )
                    )
        cases.append(Case(pack.name, data["name"], data["facts"], data["expect"], data.get("description", "")))
    if problems:
        raise InputError(problems)
    return cases


def check(case: Case, assessor: Assessor) -> CaseResult:
    """Assess the case's facts and compare with what it expects."""
    result = CaseResult(case)
    a = assessor.assess(case.facts, checked=True)
    fired = set(a.trace.fired)
    concluded = a.trace.finding_steps
    actual: dict[str, Any] = {
        "level": a.level.value,
        "possible_levels": list(a.level.possible),
        "deciding_facts": list(a.level.deciding),
        "hedging": a.hedging.value,
        "verdict": a.label.verdict,
        "declared_level": a.label.declared_level,
    }
    for key, want in case.expect.items():
        if key == "risks":
            for risk, rating in want.items():
                got = a.risks[risk].rating
                if got != rating:
                    result.failures.append(
                        f"{risk} risk: expected {_show(rating)}, got {_show(got)} (possible: {', '.join(a.risks[risk].outcome.possible)})"
                    )
        elif key in ("possible_levels", "deciding_facts"):
            if sorted(want) != sorted(actual[key]):
                result.failures.append(f"{key}: expected {sorted(want)}, got {sorted(actual[key])}")
        elif key == "findings":
            missing = [f for f in want if f not in concluded]
            if missing:
                result.failures.append(f"findings not established: {', '.join(missing)}")
        elif key == "not_findings":
            extra = [f for f in want if f in concluded]
            if extra:
                result.failures.append(f"findings established but should not be: {', '.join(extra)}")
        elif key == "fired":
            missing = [r for r in want if r not in fired]
            if missing:
                result.failures.append(f"rules did not fire: {', '.join(missing)}")
        elif key == "not_fired":
            extra = [r for r in want if r in fired]
            if extra:
                result.failures.append(f"rules fired but should not: {', '.join(extra)}")
        elif actual[key] != want:
            result.failures.append(f"{key}: expected {_show(want)}, got {_show(actual[key])}")
    return result


def _show(value: Any) -> str:
    """A value as a test failure shows it: null is undecided."""
    if value is None:
        return "undecided (null)"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def run(pack_spec: str | Path, tests_path: str | Path | None = None, *, engine: str = "python") -> list[CaseResult]:
    """Run a pack's test cases (the files its ``tests:`` lists, unless another file is given) on the named engine."""
    pack = load_pack(pack_spec)
    paths = [Path(tests_path)] if tests_path else cases_files(pack)
    if not paths:
        raise PackError(
            Problem(
                f"pack '{pack.name}' has no tests.yaml beside it",
                Location(str(pack.path)),
                "write one, or name another file of cases",
                option="cases",
            )
        )
    assessor = Assessor(pack, engine=engine)
    return [check(case, assessor) for path in paths for case in load_cases(path, pack)]
