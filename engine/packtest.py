"""Pack test cases: facts in, expected conclusions out, in YAML beside the pack.

Pack authors run them with ``amity test PACK``; the project's own test suite
runs the same cases through the same code (``tests/unit/test_pack_cases.py``).

A failing case says where it is (the file and line of the case) and shows each
expectation it broke as a small diff of expected against actual
(``Mismatch``). ``coverage`` tells which of the pack's own rules no case fired
and which of its own exact lexicon entries and grammar rungs or entries decided
no case's label (what ``decided_by`` names).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from . import plain
from .assessment import Assessment, Assessor
from .conditions import kleene
from .designations import GRAMMAR_RULES, Grammar, Rung, WordEntry, decides
from .document import Document, load_document
from .errors import InputError, Location, PackError, Problem, did_you_mean
from .pack import Pack, bundled_packs, display_path, load_pack, pack_near, short_level_hints
from .schemas import check_profile
from .schemas import problems as schema_problems
from .unknowns import Outcome


@dataclass(frozen=True)
class Case:
    pack: str
    name: str
    facts: dict[str, Any]
    expect: dict[str, Any]
    description: str = ""
    location: Location = field(default_factory=Location)  # where the case starts in its file

    @property
    def test_id(self) -> str:
        return f"{self.pack}_{self.name}"


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One expectation a case broke: what it expected, what the pack concluded."""

    key: str  # level, risks.entrapment, hedging, verdict, findings, fired, possible_levels, ...
    expected: Any
    actual: Any
    note: str = ""  # what the difference means, e.g. "rules that did not fire"

    def __str__(self) -> str:
        return f"{self.key}: {self.note or f'expected {_show(self.expected)}, got {_show(self.actual)}'}"

    def diff(self) -> list[str]:
        """The mismatch as lines of a diff: '-' what was expected, '+' what came out."""
        if isinstance(self.expected, list) and isinstance(self.actual, list):
            gone = [v for v in self.expected if v not in self.actual]
            extra = [v for v in self.actual if v not in self.expected]
            lines = [f"- {_show(v)}" for v in gone] + [f"+ {_show(v)}" for v in extra]
            same = [v for v in self.expected if v in self.actual]
            lines += [f"  {_show(v)}" for v in same]
            return lines
        return [f"- {_show(self.expected)}", f"+ {_show(self.actual)}"]

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "expected": self.expected, "actual": self.actual, "note": self.note}


@dataclass
class CaseResult:
    case: Case
    mismatches: list[Mismatch] = field(default_factory=list)
    fired: tuple[str, ...] = ()  # the rules that fired on the case's facts
    decided_by: str | None = None  # the exact entry, grammar rung or entry, or grammar rule that read the label

    @property
    def passed(self) -> bool:
        return not self.mismatches

    @property
    def failures(self) -> list[str]:
        return [str(m) for m in self.mismatches]

    def report(self) -> list[str]:
        """The failure for a person: where the case is, then a diff per broken expectation."""
        lines = [f"{self.case.location}: case '{self.case.name}'" if self.case.location.file else self.case.name]
        for m in self.mismatches:
            lines.append(f"  {m.key}:" + (f" {m.note}" if m.note else ""))
            lines.extend(f"    {line}" for line in m.diff())
        return lines


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which of a pack's own rules, and of its own units that decide a label's claim, its cases exercised.

    The deciding units (``designations``) are the pack's exact lexicon entries
    and the rungs and entries of its designation grammar that a reading can
    name in ``decided_by`` (``designations.decides``); a case covers the one
    that decided its label.
    """

    pack: str
    rules: tuple[str, ...]  # the pack's own rules, in pack order
    designations: tuple[str, ...]  # the pack's own exact entries, grammar rungs and deciding grammar entries
    fired: frozenset[str]
    decided: frozenset[str]  # what decided the cases' labels
    #: the base pack's rules this pack disables: they never fire, so they are neither covered nor uncovered
    disabled: tuple[str, ...] = ()
    #: for each rule, lexicon entry, rung and grammar entry uncovered, facts a case could give to cover it
    ways: tuple[Way, ...] = ()

    @property
    def uncovered_rules(self) -> tuple[str, ...]:
        return tuple(r for r in self.rules if r not in self.fired)

    @property
    def uncovered_designations(self) -> tuple[str, ...]:
        return tuple(e for e in self.designations if e not in self.decided)

    @property
    def total(self) -> int:
        return len(self.rules) + len(self.designations)

    @property
    def covered(self) -> int:
        return self.total - len(self.uncovered_rules) - len(self.uncovered_designations)

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else 100.0 * self.covered / self.total

    def as_dict(self) -> dict[str, Any]:
        return {
            "pack": self.pack,
            "percent": round(self.percent, 1),
            "rules": {
                "total": len(self.rules),
                "uncovered": list(self.uncovered_rules),
                "disabled": list(self.disabled),
            },
            "designations": {"total": len(self.designations), "uncovered": list(self.uncovered_designations)},
            "ways": [way.as_dict() for way in self.ways],
        }


@dataclass(frozen=True, slots=True)
class Way:
    """How a case could cover a rule, an exact lexicon entry, a rung or a grammar entry that no case covered.

    ``facts`` (with ``parties``) fire the rule, or make the entry decide the
    label: they were assessed with the pack and did. ``None`` when there are
    none, or none were found within the search budget (``note`` says which).
    """

    unit: str  # a rule's, an exact lexicon entry's, a rung's or a grammar entry's id
    kind: str  # "rule", "lexicon" (an exact entry) or "grammar" (a rung or an entry of the grammar)
    facts: dict[str, Any] | None
    note: str = ""

    @property
    def expect(self) -> dict[str, Any]:
        """What a case with these facts expects, to cover the unit."""
        return {"fired": [self.unit]} if self.kind == "rule" else {"decided_by": self.unit}

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.unit, "kind": self.kind, "facts": self.facts, "expect": self.expect, "note": self.note}

    def case_lines(self) -> list[str]:
        """The case, as the lines of an item of a cases file's ``cases:`` (none without facts)."""
        if self.facts is None:
            return []
        return [f"- name: covers-{self.unit}", f"  facts: {flow(self.facts)}", f"  expect: {flow(self.expect)}"]


def deciding_units(pack: Pack) -> tuple[str, ...]:
    """The ids of what the pack itself defines that can decide a label's claim: exact entries, then grammar."""
    grammar = pack.grammar
    return (
        *(e.id for e in pack.lexicon if e.pack == pack.name),
        *(r.id for r in grammar.rungs if r.pack == pack.name),
        *(e.id for e in grammar.entries if e.pack == pack.name and decides(e)),
    )


def coverage(pack: Pack, results: Iterable[CaseResult], assessor: Assessor | None = None) -> Coverage:
    """What the cases exercised of what the pack itself defines (not what it inherits: test that pack for that),
    and the base rules it disables, which no case can fire."""
    results = list(results)
    cov = Coverage(
        pack.name,
        tuple(r.id for r in pack.rules if r.pack == pack.name),
        deciding_units(pack),
        frozenset(r for res in results for r in res.fired),
        frozenset(res.decided_by for res in results if res.decided_by),
        tuple(rule_id for rule_id, off in pack.disabled.items() if off.pack == pack.name),
    )
    return replace(cov, ways=ways_to_cover(pack, cov.uncovered_rules, cov.uncovered_designations, assessor))


#: small words a label writes in lower case ("Treaty of Friendship")
_SMALL_WORDS = frozenset({"of", "on", "and", "for", "the", "in", "with"})
#: where a grammar entry's words go in a label tried for it ({} its words): alone, then as a head, a qualifier, an
#: object or a sector would stand
_LABEL_FORMS = ("{}", "{} partnership", "strategic {}", "treaty of {}", "{} treaty", "partnership on {}")


def _labels_for(unit: WordEntry | Rung, grammar: Grammar) -> list[str]:
    """Labels that may be read as decided by a rung or grammar entry, to try in turn: for a rung, a tier word of
    each of its marks (in their slots) on each ladder head that takes them; for an entry, its words in a few forms."""
    if isinstance(unit, Rung):
        tiers: dict[str, WordEntry] = {}
        for entry in grammar.entries:
            if entry.role == "tiers" and entry.mark in unit.marks:
                tiers.setdefault(entry.mark, entry)
        if set(tiers) != set(unit.marks):
            return []
        before = sorted((t for t in tiers.values() if not t.after_head), key=lambda t: t.slot or 0)
        after = [t for t in tiers.values() if t.after_head]
        heads = [
            h for h in grammar.entries if h.role == "heads" and h.claims == "ladder" and set(h.requires) <= unit.marks
        ]
        labels = [" ".join([*(t.words[0] for t in before), h.words[0], *(t.words[0] for t in after)]) for h in heads]
    else:
        labels = [form.format(unit.words[0]) for form in _LABEL_FORMS]
    return [
        " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(label.split()))
        for label in labels
    ]


def flow(value: Any) -> str:
    """A value as a case writes it on one line, in YAML's flow style: {legal_basis: memorandum, summits: annual}."""
    return yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10**6).strip()


def _flow(facts: dict[str, Any]) -> str:
    """Facts as a case writes them, in YAML's flow style, without the braces."""
    return flow(facts)[1:-1]


#: the parties a suggested case names (any two codes do: no rule tests who the parties are)
SOME_PARTIES = ["AAA", "BBB"]


def ways_to_cover(
    pack: Pack, rules: Iterable[str], designations: Iterable[str], assessor: Assessor | None = None
) -> tuple[Way, ...]:
    """For each rule no case fired, facts that fire it, found by lint's exact search; for each exact lexicon entry
    that decided no case's label, its designation as the declared label; for each rung or grammar entry, a label
    built of its words (``_labels_for``). Each is assessed with the pack, and kept only if the rule fires (or the
    label is decided by the entry) on it: a suggestion is a case that passes."""
    from .lint import facts_that_fire  # lint reads the pack's cases with this module

    rules = list(rules)
    exact = {e.id: e.exact for e in pack.lexicon if e.pack == pack.name}
    grammar: list[WordEntry | Rung] = [*pack.grammar.rungs, *pack.grammar.entries]
    units = {u.id: u for u in grammar if u.pack == pack.name}
    designations = list(designations)
    if not rules and not designations:
        return ()
    assessor = assessor or Assessor(pack)  # the run's own, on the engine it ran the cases on

    stopped: list[str] = []  # why the last facts assessed gave no assessment: the pack stopped on them

    def assessed(facts: dict[str, Any]) -> Assessment | None:
        stopped.clear()
        try:
            return assessor.assess({"parties": SOME_PARTIES, **facts})
        except InputError:
            return None
        except PackError as exc:  # past limits.max_firings: the pack's own fault, on these facts
            stopped.append(exc.problems[0].message if exc.problems else str(exc))
            return None

    ways = []
    for rule_id, found in facts_that_fire(pack, rules).items():
        if found is None:
            ways.append(
                Way(
                    rule_id, "rule", None, "no case can cover it: no profile fires it (amity pack lint says why, AP102)"
                )
            )
        elif not isinstance(found, dict):  # undecided
            ways.append(
                Way(rule_id, "rule", None, "no case found: the search for facts that fire it ran out of its budget")
            )
        else:
            a = assessed(found)
            if a is not None and rule_id in a.trace.fired:
                ways.append(Way(rule_id, "rule", {"parties": SOME_PARTIES, **found}))
            elif stopped:
                said = f"no case found: on the facts that fire it ({_flow(found)}), {stopped[0]}"
                ways.append(Way(rule_id, "rule", None, said))
            else:
                ways.append(Way(rule_id, "rule", None, "no case found: no facts were found that fire it on their own"))
    for unit_id in (u for u in designations if u in units):
        # a label built of its words, as the grammar reads them: kept only if the reading names it
        for label in _labels_for(units[unit_id], pack.grammar):
            facts = {"parties": SOME_PARTIES, "declared_label": label}
            a = assessed(facts)
            if a is not None and a.label.designation.decided_by == unit_id:
                ways.append(Way(unit_id, "grammar", facts))
                break
        else:
            ways.append(
                Way(
                    unit_id,
                    "grammar",
                    None,
                    "no case found: write one whose declared_label its words decide, expecting decided_by: its id",
                )
            )
    for entry in (e for e in designations if e in exact):
        facts = {"parties": SOME_PARTIES, "declared_label": exact[entry]}
        a = assessed(facts)
        if a is not None and a.label.designation.decided_by == entry:
            ways.append(Way(entry, "lexicon", facts))
        else:
            ways.append(
                Way(
                    entry,
                    "lexicon",
                    None,
                    "no case can cover it: another entry reads its designation first (amity pack lint, AP401)",
                )
            )
    return tuple(ways)


def cases_files(pack: Pack) -> list[Path]:
    """The pack's test-case files: those its ``tests:`` lists, by default tests.yaml beside it."""
    return list(pack.test_files)


def load_all_cases(paths: Iterable[str | Path], pack: Pack) -> list[Case]:
    """Read every test file of a pack; the problems of every file at once, and each case name used once across them."""
    cases: list[Case] = []
    problems: list[Problem] = []
    seen: dict[str, Location] = {}
    for path in paths:
        try:
            cases += load_cases(path, pack, seen)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return cases


def load_cases(path: str | Path, pack: Pack, seen: dict[str, Location] | None = None) -> list[Case]:
    """Read a test file and check it against the pack; every problem is reported at once.

    A part the schema rejects does not stop the checks of the other parts: a
    misspelled key in one case's ``expect`` still lets its facts, its names of
    findings and rules, and the other cases be checked in the same run.
    ``seen`` holds the case names of the files read before, where each is.
    """
    doc = load_document(
        path, holds="test cases: 'cases:', a list of cases with name, facts and expect; see amity schema packtest"
    )
    problems: list[Problem] = short_level_hints(doc, schema_problems(doc, "packtest", what="key"))
    data = doc.data if isinstance(doc.data, dict) else {}
    target = data.get("pack", pack.name)
    if isinstance(target, str) and target not in pack.lineage:
        problems.append(
            Problem(
                f"these cases are for pack '{target}', which '{pack.name}' does not extend",
                doc.locate("/pack"),
                did_you_mean(target, list(pack.lineage)) or "fix the name, or test the right pack",
            )
        )
    # the pack's own names first: a suggestion lists them before the ones it inherits
    rules = sorted(pack.rules, key=lambda r: r.pack != pack.name)
    findings = list(dict.fromkeys(f for r in rules for f in r.findings_concluded))
    names = {
        "findings": findings,
        "not_findings": findings,
        "fired": [r.id for r in rules],
        "not_fired": [r.id for r in rules],
    }
    deciders = [
        *(e.id for e in pack.lexicon),
        *(e.id for e in pack.grammar.entries),
        *(r.id for r in pack.grammar.rungs),
        *GRAMMAR_RULES,
    ]
    cases = []
    seen = {} if seen is None else seen
    listed = data.get("cases")
    for i, case in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(case, dict):
            continue  # the schema said what it should be
        name = case.get("name")
        if isinstance(name, str):
            if name in seen:
                problems.append(
                    Problem(
                        f"case name '{name}' is used twice: also at {replace(seen[name], pointer=None)}",
                        doc.locate(f"/cases/{i}/name"),
                        "give each case its own name: test ids read <pack>_<name>",
                    )
                )
            else:
                seen[name] = doc.locate(f"/cases/{i}/name")
        if isinstance(case.get("facts"), dict):
            try:
                check_profile(doc.sub(f"/cases/{i}/facts"))
            except InputError as exc:
                problems.extend(p.under(f"/cases/{i}/facts") for p in exc.problems)
        expect = case.get("expect")
        if not isinstance(expect, dict):
            continue
        for key, known in names.items():
            listed_names = expect.get(key)
            for j, item in enumerate(listed_names if isinstance(listed_names, list) else []):
                if isinstance(item, str) and item not in known and key.endswith("fired") and item in pack.disabled:
                    problems.append(
                        Problem(
                            f"pack '{pack.disabled[item].pack}' disables rule '{item}': it never fires",
                            doc.locate(f"/cases/{i}/expect/{key}/{j}"),
                            "expect it no more: no profile can fail this expectation"
                            if key == "not_fired"
                            else "expect it no more, or take it out of the pack's disable list",
                        )
                    )
                elif isinstance(item, str) and item not in known:
                    what = "finding" if "findings" in key else "rule"
                    problems.append(
                        Problem(
                            f"pack '{pack.name}' has no {what} '{item}'",
                            doc.locate(f"/cases/{i}/expect/{key}/{j}"),
                            did_you_mean(item, known) or _the_names(what, known),
                        )
                    )
        problems.extend(_contradictions(expect, doc, f"/cases/{i}/expect", pack))
        decider = expect.get("decided_by")
        if isinstance(decider, str) and decider not in deciders:
            problems.append(
                Problem(
                    f"pack '{pack.name}' has no lexicon entry, grammar entry, rung or grammar rule '{decider}'",
                    doc.locate(f"/cases/{i}/expect/decided_by"),
                    did_you_mean(decider, deciders) or _the_names("designation unit", deciders),
                )
            )
        if not problems:
            cases.append(
                Case(
                    pack.name,
                    case["name"],
                    case["facts"],
                    expect,
                    case.get("description", ""),
                    doc.locate(f"/cases/{i}"),
                )
            )
    if problems:
        raise InputError(sorted(problems, key=_reading_order))
    return cases


def _contradictions(expect: dict[str, Any], doc: Document, pointer: str, pack: Pack) -> list[Problem]:
    """Expectations of one case that no assessment can meet together: the case could never pass.

    Each is located at the second of the two, naming the first: a finding both established and not, a rule
    both fired and not (or fired, though a finding it concludes is expected not established), a decided
    level with other possible levels or with facts left to decide it.
    """

    def listed(key: str) -> dict[str, int]:
        items = expect.get(key)
        return {x: j for j, x in enumerate(items) if isinstance(x, str)} if isinstance(items, list) else {}

    def at(key: str) -> str:
        return f"{pointer}/{key}"

    out = []
    fired, not_findings = listed("fired"), listed("not_findings")
    for yes, no, what, done in (
        ("findings", "not_findings", "finding", "established"),
        ("fired", "not_fired", "rule", "fired"),
    ):
        said = listed(yes)
        for item, j in listed(no).items():
            if item in said:
                first = replace(doc.locate(f"{at(yes)}/{said[item]}"), pointer=None)
                out.append(
                    Problem(
                        f"the case expects {what} '{item}' both {done} ({yes}, at {first}) and not ({no}): "
                        "it can never pass",
                        doc.locate(f"{at(no)}/{j}"),
                        "keep it in one of the two lists",
                    )
                )
    rules = {r.id: r for r in pack.rules}
    for rule_id in fired:
        rule = rules.get(rule_id)
        for finding in rule.findings_concluded if rule else ():
            if finding in not_findings and finding not in listed("findings"):
                out.append(
                    Problem(
                        f"the case expects rule '{rule_id}' fired, which concludes finding '{finding}', and "
                        f"'{finding}' not established (not_findings): it can never pass",
                        doc.locate(f"{at('not_findings')}/{not_findings[finding]}"),
                        f"expect '{rule_id}' not to fire, or take '{finding}' out of not_findings",
                    )
                )
    level = expect.get("level")
    if isinstance(level, str):
        possible = expect.get("possible_levels")
        if isinstance(possible, list) and set(possible) != {level}:
            out.append(
                Problem(
                    f"the case expects the level decided ({level}) and possible_levels "
                    f"[{', '.join(map(str, possible))}]: a decided level is the one possible level",
                    doc.locate(at("possible_levels")),
                    f"write possible_levels: [{level}], or level: null for a level left open",
                )
            )
        deciding = expect.get("deciding_facts")
        if isinstance(deciding, list) and deciding:
            out.append(
                Problem(
                    f"the case expects the level decided ({level}) and facts that would decide it "
                    f"({', '.join(map(str, deciding))}): a decided level has none",
                    doc.locate(at("deciding_facts")),
                    "write deciding_facts: [], or level: null for a level left open",
                )
            )
    return out


def _the_names(what: str, known: list[str], most: int = 12) -> str:
    """The names a case may use, when the one it gave is close to none of them (a finding: how to add it)."""
    shown = ", ".join(known[:most]) + (f" and {len(known) - most} more" if len(known) > most else "")
    names = f"name one of its {what}s: {shown}" if known else f"the pack has no {what}s"
    return f"no rule concludes it: add a rule that does, or {names}" if what == "finding" else names


def _reading_order(problem: Problem) -> tuple[int, int]:
    """Problems as a reader meets them in the file (the sort is stable: at one place, in the order found)."""
    loc = problem.location
    return (loc.line or 0, loc.column or 0)


def check(case: Case, assessor: Assessor) -> CaseResult:
    """Assess the case's facts and compare with what it expects."""
    a = assessor.assess(case.facts, checked=True)
    result = CaseResult(case, fired=tuple(a.trace.fired), decided_by=a.label.designation.decided_by)
    fired = set(a.trace.fired)
    concluded = a.trace.finding_steps
    actual: dict[str, Any] = {
        "level": a.level.value,
        "possible_levels": list(a.level.possible),
        "deciding_facts": list(a.level.deciding),
        "hedging": a.hedging.value,
        "verdict": a.label.verdict,
        "declared_level": a.label.declared_level,
        "decided_by": a.label.designation.decided_by,
    }
    add = result.mismatches.append
    for key, want in case.expect.items():
        if key == "risks":
            for risk, rating in want.items():
                got = a.risks[risk].rating
                if got != rating:
                    outcome = a.risks[risk].outcome
                    possible = ", ".join(outcome.possible)
                    add(
                        Mismatch(
                            f"risks.{risk}",
                            rating,
                            got,
                            f"expected {_show(rating)}, got {_show(got)} (possible: {possible}{_unknowns(outcome)})",
                        )
                    )
        elif key == "level" and actual[key] is None and want is not None:
            # undecided: say what it may be and the unknown facts that decide it, or the diff alone leaves it a puzzle
            note = f"expected {_show(want)}, got {_show(None)} (possible: {', '.join(a.level.possible)}"
            add(Mismatch(key, want, None, note + f"{_unknowns(a.level)})"))
        elif key in ("possible_levels", "deciding_facts"):
            if sorted(want) != sorted(actual[key]):
                add(Mismatch(key, sorted(want), sorted(actual[key])))
        elif key == "findings":
            missing = [f for f in want if f not in concluded]
            if missing:
                add(
                    Mismatch(
                        key, list(want), [f for f in want if f in concluded], f"not established: {', '.join(missing)}"
                    )
                )
        elif key == "not_findings":
            extra = [f for f in want if f in concluded]
            if extra:
                add(Mismatch(key, [], extra, f"established but should not be: {', '.join(extra)}"))
        elif key == "fired":
            missing = [r for r in want if r not in fired]
            if missing:
                note = f"did not fire: {', '.join(missing)}" + _waiting(assessor.pack, a, case.facts, missing)
                add(Mismatch(key, list(want), [r for r in want if r in fired], note))
        elif key == "not_fired":
            extra = [r for r in want if r in fired]
            if extra:
                add(Mismatch(key, [], extra, f"fired but should not: {', '.join(extra)}"))
        elif key in ("declared_level", "decided_by") and actual[key] != want:
            # how the label was read (or why it was not): the diff alone left 'undecided (null)' a puzzle
            said = a.label.designation.explanation
            note = f"expected {_show(want)}, got {_show(actual[key])}: {said}" if said else ""
            add(Mismatch(key, want, actual[key], note))
        elif actual[key] != want:
            add(Mismatch(key, want, actual[key]))
    return result


def _waiting(pack: Pack, a: Assessment, facts: dict[str, Any], rules: list[str]) -> str:
    """Which of the rules unknown facts leave open, and what they wait on: an unknown fact is not false."""
    stated = {k for k, v in facts.items() if v is not None}
    truth: dict[str, bool | None] = dict.fromkeys(a.open_findings)
    truth.update(dict.fromkeys(a.trace.finding_steps, True))
    said = []
    for rule in (r for r in pack.rules if r.id in rules):
        if kleene(rule.when)(facts, truth, stated) is None:
            waits = [plain.field_title(f) for f in rule.fields_tested if f not in stated]
            waits += [f"finding {f}" for f in rule.findings_tested if f in a.open_findings]
            said.append(f"{rule.id} may fire: it waits on {', '.join(waits)}, which the case leaves unknown")
    return f" ({'; '.join(said)})" if said else ""


def _unknowns(outcome: Outcome) -> str:
    """The facts a case leaves unknown that decide an output it leaves open, as a failure names them."""
    return f"; decided by facts the case leaves unknown: {', '.join(outcome.deciding)}" if outcome.deciding else ""


def _show(value: Any) -> str:
    """A value as a test failure shows it: null is undecided."""
    if value is None:
        return "undecided (null)"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


@dataclass(frozen=True)
class TestRun:
    """A pack's cases, run: each case's result, and what they covered."""

    __test__ = False  # not a pytest test class, whatever its name

    pack: Pack
    results: tuple[CaseResult, ...]
    assessor: Assessor | None = None  # what ran the cases: coverage's suggested cases are checked with it too

    @property
    def failed(self) -> int:
        return sum(not r.passed for r in self.results)

    def coverage(self) -> Coverage:
        return coverage(self.pack, self.results, self.assessor)


def run_pack(pack_spec: str | Path | Pack, tests_path: str | Path | None = None, *, engine: str = "python") -> TestRun:
    """Run a pack's test cases (the files its ``tests:`` lists, unless another file is given) on the named engine."""
    pack = pack_spec if isinstance(pack_spec, Pack) else load_pack(pack_spec)
    paths = [Path(tests_path)] if tests_path else cases_files(pack)
    if not paths:
        raise PackError(
            Problem(
                f"pack '{pack.name}' has no tests.yaml beside it",
                Location(display_path(pack.path) if pack.path else pack.name),
                "write one, or name another file of cases",
                option="cases",
            )
        )
    assessor = Assessor(pack, engine=engine)
    cases = load_all_cases([display_path(path) for path in paths], pack)
    return TestRun(pack, tuple(check(case, assessor) for case in cases), assessor)


def run(pack_spec: str | Path, tests_path: str | Path | None = None, *, engine: str = "python") -> list[CaseResult]:
    """Run a pack's test cases and return each case's result."""
    return list(run_pack(pack_spec, tests_path, engine=engine).results)


def pack_of_cases(name: str | None, cases: str | Path) -> str | None:
    """The pack a file of test cases names (its ``pack:``, ``name``), as a pack is named where one is taken: a
    bundled pack's name, a folder of that name beside the file's folder or in the working folder, or else the
    folder of the pack.yaml in a folder above the file; None when none is found."""
    if name in bundled_packs():
        return name
    folder = Path(cases).resolve().parent
    for candidate in (folder / name, folder.parent / name, Path(name)) if name else ():
        if (candidate / "pack.yaml").is_file():
            return display_path(candidate)
    near = pack_near(Path(cases))
    return display_path(near.parent) if near else None
