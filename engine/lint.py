"""Linting rule packs: every problem located, with a stable code, a severity and a suggestion.

``lint(path)`` loads a pack and checks it, beyond the checks a load makes, for
what a pack author gets wrong without noticing (the codes are stable; the
registry ``CHECKS`` gives each one's title and rationale):

* the load checks (``AP001``-``AP005``): YAML syntax and schema, unknown names, cycles,
  findings no rule concludes, and the other consistency errors;
* logic (``AP1xx``): findings concluded but never used, rules that can never
  fire, rules shadowed by another (one sure to fire whenever they do, in any
  layer, concluding all they conclude), duplicate conditions;
* sources (``AP2xx``): no rationale, no source, a quote or section that is not
  in the cited text, a source cited two ways (a ref and a citation);
* the domain (``AP3xx``): levels no profile can reach, and levels or risks that
  removing commitment can raise;
* designations (``AP4xx``): exact lexicon entries and grammar rungs that
  never decide a label (shadowed by another exact entry, claiming what the
  grammar's reading of their words already claims, or a rung no words can
  reach), and designations read two ways (by two exact entries that claim two
  levels, or by one phrase or one combination of tier marks given twice in the
  grammar, whatever levels they claim). An
  exact entry that places a name on another rung than its words claim is not
  a defect: that is what exact entries are for.

Satisfiability, shadowing, reachable levels and monotonicity are decided
exactly, over the classes of values no test of the pack tells apart
(``conditions.value_classes``, as ``unknowns.Analysis`` reasons): a search
assigns one field at a time and stops wherever Kleene's three-valued logic
settles the question. The search has a budget; past it, a check says it could
not decide (``AP100``) rather than guessing.

Only what the linted pack's own file defines is reported: a pack that extends
another is not blamed for its base, but for what its rules do to it.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import conditions as cond
from .designations import Rung, WordEntry, read
from .document import Document, parse_yaml, parse_yaml_read_on, pointer_join, read_text
from .errors import AmityError, Location, PackError, PackNotFound, Problem
from .evaluator import PythonEvaluator, firing_order
from .levels import LEVEL_NAMES, LEVEL_RANK
from .pack import (
    Conclusion,
    Pack,
    PartlyLoaded,
    Rule,
    budget_problems,
    disable_items,
    display_path,
    find_cycle,
    find_pack,
    in_rule,
    layered,
    load_pack,
    normalize_label,
    producers,
    source_of,
    upstream,
)
from .packtest import cases_files, load_all_cases
from .plain import digits, join_or, plural
from .risks import RATING_RANK
from .schema_build import PACK_NAME
from .unknowns import Analysis, contributions, resolve_output
from .vocabulary import FIELD_ORDER, fact_fields
from .yaml_text import WrittenText

__all__ = [
    "CHECKS",
    "SEVERITIES",
    "Check",
    "Diagnostic",
    "FiringSearches",
    "LintReport",
    "commitment_steps",
    "facts_that_fire",
    "lint",
    "monotonicity_witness",
    "unreachable_rungs",
]

SEVERITIES = ("error", "warning", "info")

#: Nodes one search may visit before a check gives up (and says so, AP100).
SEARCH_BUDGET = 200_000
#: Units of work (a rule or a field test evaluated, a rule's dependencies followed) all the searches
#: of one lint may spend together; past it, the questions not yet asked are reported undecided (AP100)
#: in one diagnostic per check. The core pack's lint needs under 1% of it (tests/unit/test_lint.py).
LINT_BUDGET = 30_000_000


@dataclass(frozen=True, slots=True)
class Check:
    """One kind of problem lint finds: its stable code, severity, title and why it matters."""

    code: str
    severity: str
    title: str
    rationale: str


CHECKS: dict[str, Check] = {
    c.code: c
    for c in (
        Check(
            "AP001",
            "error",
            "the pack is not well-formed YAML, or does not fit the pack schema",
            "A pack is data checked against a schema.",
        ),
        Check(
            "AP002",
            "error",
            "an unknown name: a pack, source, rule or lexicon entry that does not exist",
            "A reference to nothing is a typo or a stale id.",
        ),
        Check(
            "AP003",
            "error",
            "a cycle: findings (or packs) that depend on themselves",
            "A finding that rests on itself has no ground in the facts.",
        ),
        Check(
            "AP004",
            "error",
            "a finding is tested that no rule concludes",
            "The test can never hold; the rule testing it is dead.",
        ),
        Check("AP005", "error", "another load error", "The pack does not load."),
        Check(
            "AP006",
            "info",
            "a check lint left for later: the errors above leave out rules it needs",
            "Lint reports every problem of the parts it can check; a check that needs a rule with an error waits "
            "for it, rather than judging the pack without it.",
        ),
        Check(
            "AP007",
            "error",
            "a test-case file of the pack does not read: `amity test` rejects it",
            "Cases are checked against the pack before they run (names of findings and rules, facts, case names); "
            "lint says what `amity test` would refuse.",
        ),
        Check(
            "AP100",
            "info",
            "a question lint could not decide within its search budget",
            "Lint never guesses: it says which question it left open.",
        ),
        Check(
            "AP101",
            "warning",
            "a finding is concluded but no rule uses it",
            "A finding nothing tests changes no conclusion; it is dead weight or a missing rule.",
        ),
        Check(
            "AP102",
            "error",
            "a rule can never fire: no profile satisfies its condition",
            "e.g. `summits: annual` and `summits: none` together; the rule is dead.",
        ),
        Check(
            "AP103",
            "warning",
            "a rule is shadowed: another rule fires whenever it does and concludes the same (a risk's reason aside)",
            "The shadowed rule adds nothing, whichever of the two fires first; one of them is redundant or wrong.",
        ),
        Check(
            "AP104",
            "warning",
            "a duplicate condition: the same test twice in a rule, or two rules with the same condition",
            "A repeated test is a copy-paste slip; two rules on one condition should be one.",
        ),
        Check(
            "AP201",
            "warning",
            "a rule has no rationale: it is blank or repeats the description, or the pack disables it without one",
            "The rationale says why the rule holds and why its thresholds have their values; a pack that switches "
            "a base rule off says why, as an override says why it replaces one.",
        ),
        Check(
            "AP202",
            "warning",
            "no source: a lexicon entry without one, or a placeholder citation",
            "Every rule and designation rests on a source a reader can check.",
        ),
        Check(
            "AP203",
            "error",
            "a source quote is not in the cited text (as whole words; the nearest passage is offered), or is under three words",
            "A quote is verbatim, or it misrepresents its source; one or two words are in almost any text and show "
            "nothing of what the rule rests on.",
        ),
        Check(
            "AP204",
            "warning",
            "a cited section is not a line of the cited text",
            "A reader must be able to find the section.",
        ),
        Check(
            "AP205",
            "warning",
            "a source cites two ways: a named source (ref) and a citation",
            "The page shows the citation and drops the ref's section and quote; a reader cannot tell which the rule "
            "rests on.",
        ),
        Check(
            "AP301",
            "warning",
            "a level no profile can reach, though a rule concludes it",
            "A rung concluded but never the outcome is dead: a higher level always comes with it.",
        ),
        Check(
            "AP302",
            "error",
            "non-monotonic: removing commitment can raise a level or a risk",
            "A ratified treaty over a joint statement, mutual defense over consultation, or more sectors must "
            "never lower the level (nor the entrapment risk).",
        ),
        Check(
            "AP401",
            "warning",
            "a designation entry never decides a label: shadowed, redundant with the grammar, or unreachable",
            "An exact entry another exact entry or the grammar already decides, or a rung no tier words reach, is "
            "dead weight: it reads as if it mattered.",
        ),
        Check(
            "AP402",
            "error",
            "a designation is read two ways: two exact entries with its words claim different levels, a phrase is in "
            "two grammar entries, or two rungs list the same tier marks",
            "A designation claims one rung; two exact entries with its words, or one phrase or tier combination "
            "given twice in the grammar (whatever level each says), leave the claim to the order things are tried in.",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem lint found: where, what, how severe, and how to fix it."""

    code: str
    message: str
    location: Location = field(default_factory=Location)
    suggestion: str | None = None
    severity: str = ""

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", CHECKS[self.code].severity)

    def __str__(self) -> str:
        where = str(self.location)
        text = f"{where}: " if where else ""
        text += f"{self.code} {self.severity}: {self.location.said(self.message)}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    def as_dict(self) -> dict[str, Any]:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "pointer": loc.pointer,
            "rule": loc.rule,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class LintReport:
    """What lint found in one pack: ``pack`` is its name, also where it does not load (None where its file names none)."""

    path: str
    pack: str | None
    diagnostics: tuple[Diagnostic, ...]

    def count(self, severity: str) -> int:
        return sum(d.severity == severity for d in self.diagnostics)

    def failed(self, *, strict: bool = False) -> bool:
        """Whether the pack fails lint: an error, or with ``strict`` a warning."""
        return any(d.severity == "error" or (strict and d.severity == "warning") for d in self.diagnostics)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "pack": self.pack,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
            "summary": {s: self.count(s) for s in SEVERITIES},
        }


# --------------------------------------------------------------------------- entry point


def lint(spec: str | Path, *, budget: int = LINT_BUDGET) -> LintReport:
    """Lint the pack a name or path designates.

    Raises PackNotFound when there is no such pack; every problem of the pack
    itself is a diagnostic. ``budget`` bounds the work of all the searches together.
    """
    path = find_pack(spec)
    display = display_path(path)
    try:
        pack = load_pack(path)
    except PartlyLoaded as exc:
        # the load's errors, and every check of the parts they leave sound: all the pack's problems in one run
        text = read_text(path, display)
        doc, _ = parse_yaml_read_on(text, display, long_numbers=True)  # its repeated keys: in exc.problems
        unsound = _Unsound(exc.problems, doc, base_unknown=exc.base_unknown)
        found = [_load_diagnostic(p) for p in exc.problems]
        if not unsound.blocks_all:
            found.extend(_Linter(exc.pack, doc, budget, unsound, WrittenText(text)).run())
        if exc.pack.test_files:
            found.append(
                Diagnostic(
                    "AP006",
                    "lint did not check the pack's test cases ("
                    + ", ".join(display_path(p) for p in exc.pack.test_files)
                    + "): they are checked against the pack once it loads",
                    Location(display),
                    "fix the errors reported and lint again",
                )
            )
        return LintReport(display, _written_name(doc), tuple(_sorted(found)))
    except PackNotFound:
        raise  # not a pack at all (a profile, test cases): bad input, not a pack with errors
    except PackError as exc:
        try:
            name = _written_name(parse_yaml_read_on(read_text(path, display), display, long_numbers=True)[0])
        except AmityError:  # not YAML: the load said so
            name = None
        return LintReport(display, name, tuple(_sorted(_load_diagnostic(p) for p in exc.problems)))
    text = read_text(path, display)
    linter = _Linter(pack, parse_yaml(text, display, long_numbers=True), budget, written=WrittenText(text))
    return LintReport(display, pack.name, tuple(_sorted([*linter.run(), *_cases_problems(pack)])))


def facts_that_fire(
    pack: Pack, rule_ids: Iterable[str], *, budget: int = LINT_BUDGET, given: Mapping[str, Any] | None = None
) -> dict[str, FiringFacts]:
    """For each named rule of the pack, facts under which it fires, found by lint's exact search (the one that
    decides AP102): the fields its condition depends on, directly or through findings, each given a value or left
    out; every other field is left unknown. ``None`` where no profile fires the rule, ``UNDECIDED`` where the
    search ran out of its budget (``budget`` for all the rules together, each search within ``SEARCH_BUDGET``).

    With ``given`` (a profile), the facts it states are held and only those it leaves unknown are searched: the
    facts found complete the profile so that the rule fires; ``None`` where no completion of it fires the rule
    (three-valued evaluation may leave such a rule open: a condition that tests one unknown field twice).
    ``FiringSearches`` asks the same of many profiles, setting each rule's search up once."""
    return FiringSearches(pack).facts_that_fire(rule_ids, budget=budget, given=given)


class FiringSearches:
    """``facts_that_fire`` for one pack, asked of many profiles (``pack diff --on``): each rule's search (the rule
    and those it depends on, compiled over their field tests) is set up the first time it is asked for, and kept;
    only the budget starts again at each question."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._rules = layered(pack.rules)
        self._searches: dict[str, _Search] = {}

    def _search(self, rule_id: str, budget: int) -> _Search:
        search = self._searches.get(rule_id)
        if search is None:
            # the rule and those it depends on alone: whether it fires depends on nothing else, and a search over
            # a pack's every rule costs each node all of them (a 1,000-rule pack ran out of the budget)
            cone = upstream(self._rules, [r for r in self._rules if r.id == rule_id])
            part = replace(self.pack, rules=tuple(r for r in self.pack.rules if r.id in cone))
            search = self._searches[rule_id] = _Search(part, Analysis(part), budget)
        search.left = budget
        return search

    def facts_that_fire(
        self, rule_ids: Iterable[str], *, budget: int = LINT_BUDGET, given: Mapping[str, Any] | None = None
    ) -> dict[str, FiringFacts]:
        """As ``facts_that_fire`` of this pack."""
        found: dict[str, FiringFacts] = {}
        left = budget
        stated = frozenset(k for k, v in given.items() if v is not None) if given is not None else frozenset()
        for rule_id in rule_ids:
            if left < 0:
                found[rule_id] = UNDECIDED
                continue
            search = self._search(rule_id, left)
            fields = search.fields_of([rule_id])
            start = None
            if given is not None:
                start = [t(given, stated) for t in search.truth]
                fields = [f for f in fields if f not in stated]
            way = search.find(_rule_holds(search.index[rule_id]), fields, start=start)
            left = search.left
            if isinstance(way, dict):
                way = {
                    name: list(value) if isinstance(value, tuple) else value
                    for name, value in way.items()
                    if value is not ABSENT
                }
            found[rule_id] = way
        return found


def _written_name(doc: Document) -> str | None:
    """The name a pack that does not load gives itself, where it is one (``pack: my-course``): a report is
    headed by it as for a pack that loads, its file in the location of each problem."""
    name = doc.data.get("pack") if isinstance(doc.data, dict) else None
    return name if isinstance(name, str) and re.search(PACK_NAME, name) else None


def _cases_problems(pack: Pack) -> Iterator[Diagnostic]:
    """The problems ``amity test`` would refuse the pack's test-case files for (AP007), read as it reads them."""
    try:
        load_all_cases([display_path(path) for path in cases_files(pack)], pack)
    except AmityError as exc:
        yield from (Diagnostic("AP007", p.message, p.location, p.suggestion) for p in exc.problems)


def _sorted(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    def key(d: Diagnostic) -> tuple[Any, ...]:
        loc = d.location
        return (loc.file or "", loc.line or 0, loc.column or 0, d.code, d.message)

    return sorted(dict.fromkeys(diagnostics), key=key)


#: How the messages of a failed load map to codes, first match wins.
_LOAD_CODES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # the pack's form, whatever its words: a YAML syntax error (libyaml's message may say "expected", or not)
    (
        "AP001",
        re.compile(
            r"^malformed YAML|is not allowed in YAML|^duplicate key|^nested too deeply|YAML alias|YAML tag|"
            r"^merge keys|mapping key must be|is not a YAML |^cannot read this value|once aliases are expanded"
        ),
    ),
    ("AP402", re.compile(r"the words '.*' are in both|list the same tier marks")),
    ("AP003", re.compile(r"cycle|depend on themselves")),
    ("AP004", re.compile(r"tests finding '.*', which no rule concludes|stops finding '.*' being concluded")),
    (
        "AP002",
        re.compile(
            r"unknown pack|unknown source|does not have|overrides nothing|no rule pack|has no pack\.yaml|not found beside"
        ),
    ),
    (
        "AP001",
        re.compile(
            r"unknown field|unknown key|unknown operator|does not apply to|unknown value|expected|exactly one key|missing|required|is not of type|does not match|"
            r"should be|must be|too (short|long|large to read)|at least|at most|not valid|is needed with"
        ),
    ),
)


def _load_diagnostic(problem: Problem) -> Diagnostic:
    for code, pattern in _LOAD_CODES:
        if pattern.search(problem.message):
            return Diagnostic(code, problem.message, problem.location, problem.suggestion)
    return Diagnostic("AP005", problem.message, problem.location, problem.suggestion)


#: The keys of a rule that say nothing of when it fires or what it concludes: an error in them leaves its logic sound.
_WORDING_KEYS = frozenset(("description", "rationale", "source", "name"))


#: The schema's words for a key a mapping lacks (``schemas.document_problems``), located at the mapping.
_MISSING_KEY = re.compile(r"^missing required key '([^']+)'")


class _Unsound:
    """Which parts of a pack the load's errors touch, so that lint checks every other part.

    A rule whose condition, conclusions, id or priority has an error is left
    out of the logic checks (with every rule that depends on it through
    findings); its wording and source are still checked where they are sound.
    Errors in the pack's name or base (``/pack``, ``/extends``, or 'extends'
    misspelt: ``base_unknown``) leave no rule to be told from another: then
    only the load's errors are reported.
    """

    def __init__(self, problems: Iterable[Problem], doc: Document, *, base_unknown: bool = False) -> None:
        self.doc = doc
        self.base_unknown = base_unknown
        self.pointers: set[str] = set()  # every pointer at or above an error in the pack's file
        self.rule_keys: dict[int, set[str]] = {}  # rule index -> the keys with an error ("" for the rule itself)
        self.lexicon_items: set[int] = set()
        self.elsewhere = False  # an error in another file (a base rule's): what it touches is not known here
        for p in problems:
            if p.location.file != doc.file or p.location.pointer is None:
                self.elsewhere = True
                continue
            parts = p.location.pointer.split("/")
            self.pointers.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
            if len(parts) >= 3 and parts[2].isdigit() and parts[1] in ("rules", "lexicon"):
                if parts[1] == "rules":
                    missing = _MISSING_KEY.match(p.message)
                    key = parts[3] if len(parts) > 3 else missing.group(1) if missing else ""
                    self.rule_keys.setdefault(int(parts[2]), set()).add(key)
                else:
                    self.lexicon_items.add(int(parts[2]))

    @property
    def blocks_all(self) -> bool:
        return self.base_unknown or self.broken("/pack") or self.broken("/extends")

    def broken(self, pointer: str) -> bool:
        """Whether an error is located at pointer or inside it."""
        return pointer in self.pointers

    def logic_broken(self, index: int) -> bool:
        """Whether an error of rule ``index`` touches when it fires or what it concludes.

        An error located at the rule itself (a cycle, a rule too large to compile)
        counts as one of its logic; a key missing counts as an error of that key.
        """
        return bool(self.rule_keys.get(index, set()) - _WORDING_KEYS)

    def broken_rules(self) -> Iterator[tuple[int, Any]]:
        """The rules (index, raw mapping) whose logic has an error."""
        for i, raw in enumerate(_raw_rules(self.doc)):
            if self.logic_broken(i):
                yield i, raw


def _raw_rules(doc: Document) -> list[Any]:
    rules = doc.data.get("rules") if isinstance(doc.data, dict) else None
    return rules if isinstance(rules, list) else []


def _raw_then(raw: Any) -> tuple[set[str], set[str], bool]:
    """What a rule's ``then`` as written concludes: findings, outputs, and whether all of it could be read."""
    then = raw.get("then") if isinstance(raw, dict) else None
    findings: set[str] = set()
    outputs: set[str] = set()
    if not isinstance(then, list):
        return findings, outputs, False
    whole = True
    for item in then:
        if not isinstance(item, dict):
            whole = False
        elif isinstance(item.get("finding"), str):
            findings.add(item["finding"])
        elif "level" in item:
            outputs.add("level")
        elif isinstance(item.get("risk"), str):
            outputs.add(f"risk:{item['risk']}")
        elif "hedging" in item:
            outputs.add("hedging")
        else:
            whole = False
    return findings, outputs, whole


def _raw_findings_tested(data: Any) -> Iterator[str]:
    """The findings a condition as written names (``finding: NAME`` anywhere in it)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "finding" and isinstance(value, str):
                yield value
            else:
                yield from _raw_findings_tested(value)
    elif isinstance(data, list):
        for value in data:
            yield from _raw_findings_tested(value)


def _depends_on_broken(rules: list[Rule], broken: set[str], findings: set[str], any_finding: bool) -> set[str]:
    """The ids of the broken rules and of every rule whose truth depends on one, or on a finding they conclude.

    A rule testing a finding no rule concludes depends on a broken rule too
    (the load could not say which rule would have concluded it).
    """
    made_by = producers(rules)
    users: dict[str, list[Rule]] = {}
    for r in rules:
        for f in r.findings_tested:
            users.setdefault(f, []).append(r)

    def touched(r: Rule) -> bool:
        tested = set(r.findings_tested)
        return r.id in broken or bool(tested and (any_finding or tested & findings or tested - set(made_by)))

    out: set[str] = set()
    todo = [r for r in rules if touched(r)]
    while todo:
        r = todo.pop()
        if r.id not in out:
            out.add(r.id)
            for f in r.findings_concluded:
                todo.extend(users.get(f, ()))
    return out


# --------------------------------------------------------------------------- the exact search


Truth = bool | None
ABSENT = object()  # a field the input does not state (only searched where a `known` test looks)


class _Search:
    """Every rule of a pack compiled over the truth of its field tests, for exact search.

    An assignment gives some fields a value (one representative per class) or
    leaves them out of the input (``ABSENT``); unassigned fields' tests are
    unknown. ``state`` evaluates every rule in layered order in Kleene's logic.
    """

    def __init__(self, pack: Pack, analysis: Analysis, budget: int) -> None:
        self.rules = layered(pack.rules)
        self.index = {r.id: i for i, r in enumerate(self.rules)}
        atoms = cond.Atoms(r.when for r in self.rules)
        self.tests = atoms.tests
        self.truth = atoms.truth
        self.field_atoms = atoms.field_atoms
        self.holds = [atoms.compile(r.when) for r in self.rules]
        self.concludes = [tuple(r.findings_concluded) for r in self.rules]
        with_known = {t.field for t in self.tests if any(op == "known" for op, _ in t.ops)}
        self.domain: dict[str, list[Any]] = {
            name: [*values, ABSENT] if name in with_known else list(values) for name, values in analysis.classes.items()
        }
        #: what is left of the whole lint's budget (``LINT_BUDGET``), shared by all its questions
        self.left = budget

    @property
    def exhausted(self) -> bool:
        return self.left < 0

    def spend(self, units: int) -> None:
        """Count work against the whole lint's budget; past it, every search stops (``_OutOfBudget``)."""
        self.left -= units
        if self.left < 0:
            raise _OutOfBudget

    def state(self, truths: list[Truth]) -> list[Truth]:
        self.spend(len(self.holds))
        findings: dict[str, Truth] = {}
        out: list[Truth] = []
        for holds, concludes in zip(self.holds, self.concludes, strict=True):
            t = holds(truths, findings)
            out.append(t)
            if t is not False:
                for f in concludes:
                    if findings.get(f) is not True:
                        findings[f] = t
        return out

    def assign(self, truths: list[Truth], name: str, value: Any) -> list[Truth]:
        self.spend(len(truths))
        branch = list(truths)
        values = {} if value is ABSENT else {name: value}
        known = frozenset() if value is ABSENT else frozenset((name,))
        for i in self.field_atoms.get(name, ()):
            branch[i] = self.truth[i](values, known)
        return branch

    def fields_of(self, rule_ids: Iterable[str]) -> list[str]:
        """The fields the named rules depend on, directly or through findings, in vocabulary order."""
        self.left -= len(self.rules)  # counted; the search that follows stops if this took the budget
        chosen = upstream(self.rules, [self.rules[self.index[r]] for r in rule_ids])
        names = {f for r in self.rules if r.id in chosen for f in r.fields_tested}
        return sorted(names & set(self.domain), key=FIELD_ORDER.__getitem__)

    def find(
        self,
        goal: Callable[[list[Truth]], Truth],
        fields: list[str],
        *,
        unstated: Callable[[list[Truth]], bool] | None = None,
        start: list[Truth] | None = None,
    ) -> dict[str, Any] | Undecided | None:
        """An assignment of fields under which goal (of the rules' truths) is true; None if there is none.

        ``start`` holds the truth of each field test before any field is assigned (a profile's, whose stated
        fields are then left out of ``fields``); by default every test is unknown.

        With ``unstated``, every field may also be left out of the input (``ABSENT``), and an
        assignment of every field that leaves goal open (a rule's condition unknown) meets it
        when ``unstated`` says so of the rules' truths: such an assignment is a whole input, so
        the unknown is the truth the evaluator meets, not one a further field would settle.
        """
        budget = [SEARCH_BUDGET]
        domain = (
            self.domain
            if unstated is None
            else {name: [*values, ABSENT] if ABSENT not in values else values for name, values in self.domain.items()}
        )

        def visit(pos: int, truths: list[Truth], chosen: dict[str, Any]) -> dict[str, Any] | None:
            budget[0] -= 1
            if budget[0] < 0:
                raise _OutOfBudget
            state = self.state(truths)
            verdict = goal(state)
            if verdict is True or (verdict is None and pos >= len(fields) and unstated and unstated(state)):
                return dict(chosen)
            if verdict is False or pos >= len(fields):
                return None
            name = fields[pos]
            for value in domain[name]:
                chosen[name] = value
                found = visit(pos + 1, self.assign(truths, name, value), chosen)
                if found is not None:
                    return found
                del chosen[name]
            return None

        try:
            return visit(0, [None] * len(self.tests) if start is None else list(start), {})
        except _OutOfBudget:
            return UNDECIDED


class _OutOfBudget(Exception):
    pass


class Undecided:
    """The search ran out of budget."""


UNDECIDED = Undecided()

#: facts that fire a rule (``facts_that_fire``): a value for each field they state; None: no profile fires it
FiringFacts = dict[str, Any] | Undecided | None


def _rule_holds(i: int) -> Callable[[list[Truth]], Truth]:
    """Goal: rule i holds."""
    return lambda truths: truths[i]


def _holds_without(i: int, j: int) -> Callable[[list[Truth]], Truth]:
    """Goal: rule i holds and rule j does not."""
    return lambda truths: _and(truths[i], _not(truths[j]))


def _fires(i: int) -> Callable[[list[Truth]], bool]:
    """For ``_Search.find``'s ``unstated``: rule i fires (its condition is true) in a whole input."""
    return lambda truths: truths[i] is True


def _not(t: Truth) -> Truth:
    return None if t is None else not t


def _and(*parts: Truth) -> Truth:
    if any(p is False for p in parts):
        return False
    return None if any(p is None for p in parts) else True


def _show_assignment(found: dict[str, Any]) -> str:
    parts = []
    for name, value in found.items():
        if value is ABSENT:
            parts.append(f"{name} unstated")
        elif isinstance(value, tuple):
            parts.append(f"{name}: [{', '.join(value)}]")
        elif isinstance(value, bool):
            parts.append(f"{name}: {str(value).lower()}")
        else:
            parts.append(f"{name}: {value}")
    return "{" + ", ".join(parts) + "}" if parts else "any profile"


# --------------------------------------------------------------------------- commitment

#: Facts that add commitment, each value's rank (higher commits more). Sets commit more as they grow.
COMMITMENT: dict[str, dict[Any, int]] = {
    "legal_basis": {"none": 0, "memorandum": 1, "joint_statement": 1, "signed_treaty": 2, "ratified_treaty": 3},
    "defense_commitment": {"none": 0, "consultation": 1, "mutual_defense": 2},
    "duration": {"fixed_term": 0, "renewable": 1, "indefinite": 2},
    "exit_costs": {"low": 0, "moderate": 1, "high": 2},
    "economic_integration": {"none": 0, "limited": 1, "substantial": 2, "deep": 3},
    "summits": {"none": 0, "irregular": 1, "annual": 2},
    "permanent_bodies": {False: 0, True: 1},
    "global_governance_coordination": {"none": 0, "occasional": 1, "systematic": 2},
    "time_horizon": {"transactional": 0, "long_term": 1},
}
COMMITMENT_SETS = ("sectors", "security_cooperation")
COMMITMENT_COUNTS = ("ministerial_dialogues", "working_groups")

#: The outputs that adding commitment may only raise: the level, and the risk of being dragged into a partner's wars.
MONOTONE_OUTPUTS = ("level", "risk:entrapment")


def _rank(output: str) -> Callable[[Any], int]:
    return LEVEL_RANK.__getitem__ if output == "level" else RATING_RANK.__getitem__


def _output_name(output: str) -> str:
    return "the level" if output == "level" else f"the {output.split(':', 1)[1]} risk"


def _show_value(output: str, value: Any) -> str:
    return LEVEL_NAMES[value] if output == "level" else str(value)


def commitment_steps(name: str, pack: Pack) -> list[tuple[Any, Any]]:
    """Pairs (less, more) of values of a field, one step of commitment apart, that some test tells apart.

    Every way of adding commitment is a chain of such steps, so a violation of
    monotonicity shows on one of them.
    """
    spec = fact_fields()[name]
    tests = cond.field_tests(r.when for r in pack.rules).get(name, [])
    atoms = [cond.atom_predicate(spec, op, arg) for t in tests for op, arg in t.ops if op != "known"]

    def signature(value: Any) -> tuple[bool, ...]:
        return tuple(a(value) for a in atoms)

    pairs: list[tuple[Any, Any]] = []
    if name in COMMITMENT:
        ranks = COMMITMENT[name]
        for a, b in itertools.product(ranks, ranks):
            if ranks[b] == ranks[a] + 1:
                pairs.append((a, b))
    elif name in COMMITMENT_SETS:
        mentioned: list[str] = []
        for t in tests:
            for op, arg in t.ops:
                items = [arg] if op == "contains" else list(arg) if op in ("contains_any", "contains_all") else []
                mentioned.extend(i for i in items if i not in mentioned)
        others = [v for v in spec.values if v not in mentioned]
        for r in range(len(mentioned) + 1):
            for chosen in itertools.combinations(mentioned, r):
                for k in range(len(others) + 1):
                    base = set(chosen) | set(others[:k])
                    grown = [base | {x} for x in mentioned if x not in base]
                    if k < len(others):
                        grown.append(base | {others[k]})
                    for more in grown:
                        pairs.append((_as_set(spec, base), _as_set(spec, more)))
    elif name in COMMITMENT_COUNTS:
        lo = int(spec.minimum or 0)
        points = {lo}
        for t in tests:
            for op, arg in t.ops:
                if op in cond.COMPARISONS or op == "in":
                    for p in arg if op == "in" else (arg,):
                        points.update({int(p) - 1, int(p), int(p) + 1})
        values = sorted(v for v in points if v >= lo)
        pairs = [(v, v + 1) for v in values]
    seen: set[tuple[tuple[bool, ...], tuple[bool, ...]]] = set()
    out = []
    for a, b in pairs:
        key = (signature(a), signature(b))
        if key[0] != key[1] and key not in seen:
            seen.add(key)
            out.append((a, b))
    return out


def _as_set(spec: Any, members: set[str]) -> tuple[str, ...]:
    return tuple(v for v in spec.values if v in members)


def monotone_by_polarity(pack: Pack, output: str, name: str, steps: list[tuple[Any, Any]]) -> bool:
    """A proof that output cannot fall as ``name`` gains commitment, from the polarity of its tests; False: no proof.

    Each rule's truth raises the output (+), or lowers it through a ``not`` of
    a finding (-). A test of the field that holds at the less committed value
    of a step must hold at the more committed one where its polarity is +, and
    the other way round where it is -. Rules that conclude only the lowest value
    raise nothing. When every test passes, the output is monotonic; when one
    fails, the exact search decides.
    """
    bottom = "none" if output == "level" else "low"
    polarity: dict[str, set[int]] = {}
    rules = layered(pack.rules)
    for rule in rules:
        if any(v != bottom for v in contributions(rule).get(output, ())):
            polarity[rule.id] = {1}
    uses: dict[str, list[tuple[Rule, int]]] = {}  # finding -> (rule testing it, the reference's sign)
    for rule in rules:
        for ref, sign in _signed(rule.when, 1):
            if isinstance(ref, cond.FindingRef):
                uses.setdefault(ref.name, []).append((rule, sign))
    for rule in reversed(rules):  # users of a finding come after its producers
        for f in rule.findings_concluded:
            for user, sign in uses.get(f, ()):
                polarity.setdefault(rule.id, set()).update(p * sign for p in polarity.get(user.id, ()))
    spec = fact_fields()[name]
    for rule in rules:
        signs = polarity.get(rule.id)
        if not signs:
            continue
        for test, sign in _signed(rule.when, 1):
            if not isinstance(test, cond.FieldTest) or test.field != name:
                continue
            preds = [cond.atom_predicate(spec, op, arg) for op, arg in test.ops if op != "known"]
            for less, more in steps:
                at_less, at_more = all(p(less) for p in preds), all(p(more) for p in preds)
                for s in signs:
                    if (s * sign > 0 and at_less and not at_more) or (s * sign < 0 and at_more and not at_less):
                        return False
    return True


def _signed(node: cond.Condition, sign: int) -> Iterator[tuple[cond.Condition, int]]:
    """Every leaf of a condition with its sign: -1 under an odd number of ``not``."""
    if isinstance(node, cond.Not):
        yield from _signed(node.child, -sign)
    elif isinstance(node, (cond.All, cond.Any_)):
        for child in node.children:
            yield from _signed(child, sign)
    else:
        yield node, sign


def monotonicity_witness(
    search: _Search, output: str, name: str, less: Any, more: Any
) -> tuple[dict[str, Any], Any, Any] | Undecided | None:
    """Facts under which output with ``name=less`` is higher than with ``name=more``; None if there are none.

    Exact: both worlds share every other field; the search assigns those one
    class at a time and stops a branch as soon as Kleene's logic shows, in both
    worlds, no violation below it (or a sure one). With every field assigned,
    Kleene's logic is exact, so the search misses nothing and invents nothing.
    """
    rank = _rank(output)
    values_of = [contributions(r).get(output, ()) for r in search.rules]
    fields = [
        f for f in search.fields_of([r.id for r, v in zip(search.rules, values_of, strict=True) if v]) if f != name
    ]
    budget = [SEARCH_BUDGET]

    def bounds(truths: list[Truth]) -> tuple[int, int]:
        sure: set[Any] = set()
        maybe: set[Any] = set()
        for t, values in zip(search.state(truths), values_of, strict=True):
            if t is not False and values:
                (sure if t else maybe).update(values)
        possible = resolve_output(output, sure, maybe)
        return rank(possible[0]), rank(possible[-1])

    def visit(pos: int, truths: list[Truth], chosen: dict[str, Any]) -> tuple[dict[str, Any], Any, Any] | None:
        budget[0] -= 1
        if budget[0] < 0:
            raise _OutOfBudget
        lo_world, hi_world = search.assign(truths, name, less), search.assign(truths, name, more)
        (a_min, a_max), (b_min, b_max) = bounds(lo_world), bounds(hi_world)
        if a_max <= b_min:
            return None
        if a_min == a_max and b_min == b_max:
            return dict(chosen), a_min, b_min
        if pos >= len(fields):  # pragma: no cover - with every field assigned Kleene's logic decides both
            return None
        field_name = fields[pos]
        for value in search.domain[field_name]:
            chosen[field_name] = value
            found = visit(pos + 1, search.assign(truths, field_name, value), chosen)
            if found is not None:
                return found
            del chosen[field_name]
        return None

    try:
        found = visit(0, [None] * len(search.tests), {})
    except _OutOfBudget:
        return UNDECIDED
    if found is None:
        return None
    facts, high, low = found
    names = {rank(v): v for v in (LEVEL_RANK if output == "level" else RATING_RANK)}
    return facts, names[high], names[low]


# --------------------------------------------------------------------------- grammar rungs


def unreachable_rungs(grammar: Any) -> list[Rung]:
    """The rungs no label can claim: no ladder head takes their tier marks, or no tier words carry them together.

    A rung is reached by a ladder head whose required marks it has, qualified by
    one tier word per mark (tier words before the head in any order the slots
    allow, at most one after it, such as "of coordination").
    """
    tiers = [e for e in grammar.entries if e.role == "tiers" and e.mark]
    heads = [e for e in grammar.entries if e.role == "heads" and e.claims == "ladder"]
    out = []
    for rung in grammar.rungs:
        marks = rung.marks
        if not any(set(h.requires) <= marks for h in heads):
            out.append(rung)
            continue
        before = {t.mark for t in tiers if not t.after_head}
        after = {t.mark for t in tiers if t.after_head}
        # every mark carried, and at most one of them only by a word after the head
        if not marks <= before | after or len(marks - before) > 1:
            out.append(rung)
    return out


# --------------------------------------------------------------------------- the checks


class _Linter:
    """The checks of one pack. With ``unsound`` (a pack that loaded with errors), each check runs over the
    parts the errors leave sound: ``whole`` is every rule the load built, ``pack`` the rules the logic checks
    can judge exactly (none of them depends on a rule with an error)."""

    def __init__(
        self,
        pack: Pack,
        doc: Document,
        budget: int = LINT_BUDGET,
        unsound: _Unsound | None = None,
        written: WrittenText | None = None,
    ) -> None:
        self.whole = pack
        self.doc = doc
        self.written = written
        self.budget = budget
        self.file = doc.file
        self.unsound = unsound
        self.rule_pointer = _first_pointers(doc, "rules")
        self.lexicon_pointer = _first_pointers(doc, "lexicon")
        #: rules the logic checks leave out (an error, or a finding from one), and the outputs they may conclude
        self.left_out: set[str] = set()
        self.outputs_left_out: dict[str, list[str]] = {}  # output -> the pointers of the rules left out
        self.pack = self._sound_part(pack, unsound) if unsound else pack
        self.own_rules = [r for r in self.pack.rules if r.pack == pack.name]
        self.own_lexicon = [e for e in self.pack.lexicon if e.pack == pack.name]
        self._analysis: Analysis | None = None
        self._search: _Search | None = None
        #: the windows of a source's words ``closest_passage`` may still compare with a quote, all quotes together
        self.passages_left = PASSAGE_BUDGET

    def _sound_part(self, pack: Pack, unsound: _Unsound) -> Pack:
        """The pack without the rules whose logic has an error, nor the rules that depend on them."""
        broken_rules = list(unsound.broken_rules())
        pointers = {f"/rules/{i}" for i, _ in broken_rules}
        broken = {r.id for r in pack.rules if r.pack == pack.name and r.location.pointer in pointers}
        findings: set[str] = set()
        readable = not unsound.elsewhere
        for i, raw in broken_rules:
            concluded, outputs, whole = _raw_then(raw)
            findings |= concluded
            readable = readable and whole
            for output in outputs if whole else MONOTONE_OUTPUTS:
                self.outputs_left_out.setdefault(output, []).append(f"/rules/{i}")
        rules = list(pack.rules)
        self.left_out = (
            {r.id for r in rules} if unsound.elsewhere else _depends_on_broken(rules, broken, findings, not readable)
        )
        if find_cycle([r for r in rules if r.id not in self.left_out]):  # not seen in a test: a cycle is an error
            self.left_out = {r.id for r in rules}
        for rule in rules:
            if rule.id in self.left_out and rule.id not in broken:
                for output in contributions(rule):
                    self.outputs_left_out.setdefault(output, []).append(self.rule_pointer.get(rule.id, ""))
        if unsound.elsewhere:
            for output in MONOTONE_OUTPUTS:
                self.outputs_left_out.setdefault(output, []).append("")
        lexicon = [e for e in pack.lexicon if e.pack != pack.name or self.entry_sound(e.id)]
        return replace(pack, rules=tuple(r for r in rules if r.id not in self.left_out), lexicon=tuple(lexicon))

    def entry_sound(self, entry_id: str) -> bool:
        """Whether a lexicon entry of the pack's own file has no error."""
        pointer = self.lexicon_pointer.get(entry_id)
        return (
            self.unsound is None or pointer is None or int(pointer.rsplit("/", 1)[1]) not in self.unsound.lexicon_items
        )

    def part_sound(self, rule: Rule, key: str) -> bool:
        """Whether a rule's part (its rationale, its source...) is there and has no error."""
        if self.unsound is None:
            return True
        pointer = self.rule_pointer.get(rule.id)
        if pointer is None:
            return False
        raw = self.doc.data["rules"][int(pointer.rsplit("/", 1)[1])]
        return key in raw and not self.unsound.broken(f"{pointer}/{key}")

    @property
    def analysis(self) -> Analysis:
        if self._analysis is None:
            self._analysis = Analysis(self.pack)
        return self._analysis

    @property
    def search(self) -> _Search:
        if self._search is None:
            self._search = _Search(self.pack, self.analysis, self.budget)
        return self._search

    def at(self, pointer: str) -> Location:
        """Where pointer is in the pack's file, naming the rule it is inside (as the load's errors do)."""
        return in_rule(self.doc, self.doc.locate(pointer))

    def out_of_budget(self, question: str, subjects: list[str]) -> Diagnostic:
        """One AP100 for the questions of a check that the whole lint's budget left unasked."""
        shown = ", ".join(f"'{s}'" for s in subjects[:10])
        more = f" and {len(subjects) - 10:,} more" if len(subjects) > 10 else ""
        return Diagnostic(
            "AP100",
            f"lint's search budget for the whole pack ({self.budget:,} units) ran out: it could not decide "
            f"{question}: {shown}{more}",
            self.at(""),
            "lint the pack in smaller parts (packs can extend one another), or test these rules with cases",
        )

    def condition(self, node: cond.Condition, test: str = "") -> str:
        """A condition as a message quotes it: as the author wrote it in the pack (``test``: the pointer of one
        operator of a field test, quoted from its key, ``gt: 5``); in the compiled form where the text is not
        at hand (an error left no text to quote)."""
        pointer = _pointer_of(node)
        if self.written is not None and pointer is not None:
            text = self.written.at(test, from_key=True) if test else None
            text = text or self.written.at(pointer)
            if text:
                return _quoted(text)
        return f"'{_condition(node)}'"

    def conclusion(self, rule: Rule, said: Conclusion) -> str:
        """A rule's conclusion as a message quotes it: as the author wrote it in the rule's ``then`` ('level:
        partnership'; a risk by its risk and rating, 'risk: asymmetry, rating: high', its reason left out); in
        words where the text is not at hand."""
        base, written = self.rule_pointer.get(rule.id), self.written
        if base is None or written is None:
            return str(said)
        raw = self.doc.data["rules"][int(base.rsplit("/", 1)[1])].get("then")
        keys = ("risk", "rating") if said.kind == "risk" else (said.kind,)
        for j, item in enumerate(raw if isinstance(raw, list) else ()):
            if isinstance(item, dict) and (item.get(said.kind), item.get("rating")) == (said.value, said.rating):
                parts = [written.at(f"{base}/then/{j}/{key}", from_key=True) for key in keys]
                if all(parts):
                    return _quoted(", ".join(p for p in parts if p))
        return str(said)

    def rule_at(self, rule: Rule, sub: str = "") -> Location:
        base = self.rule_pointer.get(rule.id)
        return self.at(base + sub) if base is not None else self.at("")

    def run(self) -> Iterator[Diagnostic]:
        yield from self.unused_findings()
        over = budget_problems(self.pack) if self.unsound else []
        yield from (_load_diagnostic(p) for p in over)  # reported now, or on the next load: the logic waits
        dead = set()
        if not over:
            for d in self.unsatisfiable():
                dead.add(d.message.split("'")[1])
                yield d
            yield from self.shadowed(dead)
            yield from self.duplicate_conditions()
        yield from self.metadata()
        yield from self.two_ways_to_cite()
        if not over:
            yield from self.unreachable_levels(dead)
            yield from self.non_monotonic()
        if not self.broken("/designations"):
            yield from self.lexicon()
        yield from self.left_for_later()

    def left_for_later(self) -> Iterator[Diagnostic]:
        """What the checks left out because of the load's errors (AP006): said, so that nothing is hidden."""
        if self.unsound is None:
            return
        name = self.whole.name
        waiting = [r.id for r in self.whole.rules if r.pack == name and r.id in self.left_out]
        sound = [r for r in waiting if not self.unsound.logic_broken(_index(self.rule_pointer.get(r)))]
        if sound:
            yield Diagnostic(
                "AP006",
                f"lint did not check whether {_names(sound)} can fire, or "
                + ("is shadowed: it depends" if len(sound) == 1 else "are shadowed: they depend")
                + ", through findings, on rules with errors",
                self.at(self.rule_pointer.get(sound[0], "")),
                "fix the errors reported and lint again",
            )
        own_broken = [f"/rules/{i}" for i, _ in self.unsound.broken_rules()]
        for output in MONOTONE_OUTPUTS:
            left = self.outputs_left_out.get(output, ())
            if not left:
                continue
            # "" is a base pack's rule: left out because it depends on a rule of this file, or one of its own file
            where = sorted({p for p in left if p}, key=_pointer_order)
            check = "whether every level a rule concludes can be reached (AP301), or " if output == "level" else ""
            head = f"lint did not check {check}whether {_output_name(output)} rises with commitment (AP302): "
            if where:
                ids = list(dict.fromkeys(_raw_id(self.doc, p) for p in where))
                why = f"{_names(ids)} with errors, or depending on one, may conclude it"
            elif own_broken and not self.unsound.elsewhere:
                where = own_broken
                ids = list(dict.fromkeys(_raw_id(self.doc, p) for p in where))
                why = f"rules of the base pack that depend on {_names(ids)}, which has errors, may conclude it"
                if len(ids) > 1:
                    why = why.replace("which has errors", "which have errors")
            else:
                ids = []
                why = "a rule of the base pack has errors"
            yield Diagnostic(
                "AP006",
                head + why,
                self.at(where[0] if where else ""),
                "fix the errors of " + ("these rules" if len(ids) > 1 else "this rule") + " and lint again",
            )

    # ---- logic

    def unused_findings(self) -> Iterator[Diagnostic]:
        """Findings no rule tests. A finding the pack's own test cases expect is reported to readers: it is used."""
        rules = self.whole.rules
        tested = {f for r in rules for f in r.findings_tested} | self.expected_findings()
        tested.update(
            f for raw in _raw_rules(self.doc) if isinstance(raw, dict) for f in _raw_findings_tested(raw.get("when"))
        )
        # a finding tested that no rule concludes is a typo (AP004 says so): the finding it misspells is used
        concluded = {f for r in rules for f in r.findings_concluded}
        for typo in tested - concluded:
            tested.update(difflib.get_close_matches(typo, sorted(concluded), n=1))
        reported: set[str] = set()
        for rule in (r for r in rules if r.pack == self.whole.name):
            if not self.part_sound(rule, "then"):
                continue
            for j, c in enumerate(rule.then):
                if c.kind == "finding" and c.value not in tested and c.value not in reported:
                    reported.add(c.value)
                    yield Diagnostic(
                        "AP101",
                        f"rule '{rule.id}' concludes finding '{c.value}', which no rule tests and no test case expects",
                        self.rule_at(rule, f"/then/{j}/finding"),
                        "test it in a rule, expect it in a test case if it is there for readers, or drop it",
                    )

    def expected_findings(self) -> set[str]:
        """The findings the pack's test cases expect to be established, in every file its ``tests:`` lists
        (read leniently: lint is not the runner)."""
        found: set[str] = set()
        for path in cases_files(self.whole):
            try:
                data = parse_yaml(read_text(path, str(path)), str(path)).data
            except AmityError:
                continue
            cases = data.get("cases") if isinstance(data, dict) else None
            for case in cases if isinstance(cases, list) else []:
                expect = case.get("expect") if isinstance(case, dict) else None
                names = expect.get("findings") if isinstance(expect, dict) else None
                if isinstance(names, list):
                    found.update(n for n in names if isinstance(n, str))
        return found

    def unsatisfiable(self) -> Iterator[Diagnostic]:
        search = self.search
        for n, rule in enumerate(self.own_rules):
            i = search.index[rule.id]
            found = search.find(_rule_holds(i), search.fields_of([rule.id]))
            if search.exhausted:
                yield self.out_of_budget("whether these rules can fire", [r.id for r in self.own_rules[n:]])
                return
            if isinstance(found, Undecided):
                yield Diagnostic(
                    "AP100",
                    f"could not decide within the search budget whether rule '{rule.id}' can fire",
                    self.rule_at(rule, "/when"),
                )
            elif found is None:
                yield self.never_fires(rule)

    def never_fires(self, rule: Rule) -> Diagnostic:
        """AP102, saying why: a test no value of its field passes (out of its range), or tests that contradict."""
        impossible = _impossible_test(rule.when)
        if impossible is None:
            unfounded = self.unfounded_finding(rule)
            if unfounded is not None:
                finding, never = unfounded
                return Diagnostic(
                    "AP102",
                    f"rule '{rule.id}' can never fire: it needs finding '{finding}', which no rule can conclude "
                    f"({_names(never)} can never fire)",
                    self.rule_at(rule, "/when"),
                    "fix the rules that conclude it, or delete the rule",
                )
            return Diagnostic(
                "AP102",
                f"rule '{rule.id}' can never fire: no profile satisfies its condition {self.condition(rule.when)}",
                self.rule_at(rule, "/when"),
                _contradiction_hint(rule.when),
            )
        test, where, spec = impossible
        span, fix = _field_range(spec, sizes=test.ops[0][0] == "size")
        return Diagnostic(
            "AP102",
            f"rule '{rule.id}' can never fire: no value of {spec.name} passes {self.condition(test, where)}: {span}",
            self.at(where) if where else self.rule_at(rule, "/when"),
            f"{fix}, or delete the rule",
        )

    def unfounded_finding(self, rule: Rule) -> tuple[str, list[str]] | None:
        """A finding the rule needs (not under a 'not') whose every rule can never fire, with those rules."""
        search, made_by = self.search, producers(self.pack.rules)
        for finding in dict.fromkeys(_needed_findings(rule.when)):
            rules = made_by.get(finding, [])
            if rules and all(
                search.find(_rule_holds(search.index[r.id]), search.fields_of([r.id])) is None for r in rules
            ):
                return finding, [r.id for r in rules]
        return None

    def shadowed(self, dead: set[str]) -> Iterator[Diagnostic]:
        """Rules another rule makes redundant (AP103): it fires whenever they fire and concludes all they conclude.

        Whichever fires first: a rule testing findings sits in a later layer, and
        makes a rule of an earlier one redundant all the same when the findings it
        tests are concluded whenever that rule fires (the search follows them). A
        risk's reason is not compared: the report lists every reason given, but
        the rating is what the rule concludes. Of two rules that make each other
        redundant, only the one that fires later is reported: deleting both would
        lose what they conclude.
        """
        search = self.search
        if search.exhausted:
            yield self.out_of_budget("whether these rules are shadowed", [r.id for r in self.own_rules])
            return
        firing = [r for r in _firing_rules(self.pack) if r.id not in dead]
        order = {r.id: i for i, r in enumerate(firing)}
        conclusions = {r.id: _conclusions(r) for r in firing}
        own = {r.id for r in self.own_rules}
        for n, rule in enumerate(self.own_rules):
            if rule.id in dead:
                continue
            mine = conclusions[rule.id]
            for other in firing:
                if other.id == rule.id or not mine <= conclusions[other.id]:
                    continue
                found = self._fires_without(rule, other)
                mutual = order[other.id] > order[rule.id] and other.id in own and conclusions[other.id] == mine
                if found is None and mutual:
                    back = self._fires_without(other, rule)
                    if back is None:  # each makes the other redundant: 'other', which fires later, is reported
                        continue
                if search.exhausted:
                    left = [r.id for r in self.own_rules[n:] if r.id not in dead]
                    yield self.out_of_budget("whether these rules are shadowed", left)
                    return
                if isinstance(found, Undecided):
                    yield Diagnostic(
                        "AP100",
                        f"could not decide within the search budget whether rule '{other.id}' shadows '{rule.id}'",
                        self.rule_at(rule),
                    )
                elif found is None:
                    yield self.shadowed_by(rule, other)
                    break

    def _fires_without(self, rule: Rule, other: Rule) -> dict[str, Any] | Undecided | None:
        """An input (of the fields both depend on) where rule fires and other does not; None if there is none."""
        search = self.search
        i, j = search.index[rule.id], search.index[other.id]
        return search.find(_holds_without(i, j), search.fields_of([rule.id, other.id]), unstated=_fires(i))

    def shadowed_by(self, rule: Rule, other: Rule) -> Diagnostic:
        """AP103: what the other rule concludes for it, and whether a risk's reason is all that differs."""
        what = ", ".join(dict.fromkeys(self.conclusion(rule, c) for c in rule.then))
        theirs = {(c.value, c.rating): c.reason for c in other.then if c.kind == "risk"}
        reworded = any(c.kind == "risk" and c.reason != theirs[(c.value, c.rating)] for c in rule.then)
        return Diagnostic(
            "AP103",
            f"rule '{rule.id}' is shadowed by rule '{other.id}' (pack '{other.pack}'), which fires whenever it fires "
            f"and concludes all it concludes: {what}"
            + ("; only a risk's reason differs, and a reason decides no rating" if reworded else ""),
            self.rule_at(rule, "/when"),
            f"delete '{rule.id}', or make it conclude what '{other.id}' does not",
        )

    def duplicate_conditions(self) -> Iterator[Diagnostic]:
        first: dict[str, Rule] = {}
        for rule in self.pack.rules:
            key = cond.canonical(rule.when)
            if key in first and rule.pack == self.pack.name:
                other = first[key]
                yield Diagnostic(
                    "AP104",
                    f"rule '{rule.id}' has the same condition as rule '{other.id}' (pack '{other.pack}')",
                    self.rule_at(rule, "/when"),
                    "merge the two rules' conclusions into one rule",
                )
            first.setdefault(key, rule)
        for rule in self.own_rules:
            for node in cond.walk(rule.when):
                if isinstance(node, (cond.All, cond.Any_)):
                    seen: set[str] = set()
                    for child in node.children:
                        key = cond.canonical(child)
                        if key in seen:
                            yield Diagnostic(
                                "AP104",
                                f"rule '{rule.id}' tests {self.condition(child)} twice in one "
                                f"{'all' if isinstance(node, cond.All) else 'any'}",
                                self.at(where) if (where := _pointer_of(child)) else self.rule_at(rule, "/when"),
                                "delete the repeated test",
                            )
                        seen.add(key)

    # ---- sources

    def metadata(self) -> Iterator[Diagnostic]:
        for rule in (r for r in self.whole.rules if r.pack == self.whole.name):
            if not (self.part_sound(rule, "rationale") and self.part_sound(rule, "description")):
                pass  # the load reported it
            elif not rule.rationale.strip() or _same_words(rule.rationale, rule.description):
                yield self.no_rationale(rule.id, rule.rationale, self.rule_at(rule, "/rationale"))
            if self.part_sound(rule, "source"):
                yield from self.source_problems(rule.source, self.rule_pointer.get(rule.id), f"rule '{rule.id}'")
        # A rule whose id an earlier rule took is not loaded (the load reports the id, AP005), but its rationale
        # and source are checked as the first one's are: fixing the id must not bring new problems to light.
        for at, raw in self.repeated("rules"):
            if all(key in raw and not self.broken(f"{at}/{key}") for key in ("rationale", "description")):
                rationale: str = raw["rationale"]
                if not rationale.strip() or _same_words(rationale, raw["description"]):
                    yield self.no_rationale(raw["id"], rationale, self.at(f"{at}/rationale"))
            if isinstance(raw.get("source"), dict) and not self.broken(f"{at}/source"):
                yield from self.source_problems(source_of(raw["source"], self.pack.sources), at, f"rule '{raw['id']}'")
        # A disable changes what the base pack concludes as an override does, and an override must say why (the
        # schema requires its rationale); the disable's is optional, so that packs written before it stay valid.
        for where, rule_id, rationale, item in disable_items(self.doc.data):
            off = self.whole.disabled.get(rule_id)
            if rationale or off is None or off.pack != self.whole.name:
                continue  # a rule the base pack does not have, or a repeat: the load reported it
            item_at = where.removesuffix("/id")
            if not isinstance(item, dict):
                yield Diagnostic(
                    "AP201",
                    f"rule '{rule_id}' is disabled without a rationale",
                    self.at(where),
                    f"say why the pack switches it off: write {{id: {rule_id}, rationale: ...}} in place of the id",
                )
            elif "rationale" in item:
                yield Diagnostic(
                    "AP201",
                    f"rule '{rule_id}' is disabled without a rationale: it is blank",
                    self.at(f"{item_at}/rationale"),
                    "say why the pack switches the rule off",
                )
            else:
                yield Diagnostic(
                    "AP201",
                    f"rule '{rule_id}' is disabled without a rationale",
                    self.at(item_at),
                    "say why the pack switches it off: add 'rationale: ...' beside its id",
                )
        for entry in self.own_lexicon:
            pointer = self.lexicon_pointer.get(entry.id)
            if entry.source is None:
                yield Diagnostic(
                    "AP202",
                    f"lexicon entry '{entry.id}' has no source",
                    self.at(pointer or ""),
                    "cite the document that uses the designation (source: {citation: ...})",
                )
            else:
                yield from self.source_problems(entry.source, pointer, f"lexicon entry '{entry.id}'")
        for at, raw in self.repeated("lexicon"):
            if "source" not in raw:
                yield Diagnostic(
                    "AP202",
                    f"lexicon entry '{raw['id']}' has no source",
                    self.at(at),
                    "cite the document that uses the designation (source: {citation: ...})",
                )
            elif isinstance(raw["source"], dict) and not self.broken(f"{at}/source"):
                source = source_of(raw["source"], self.pack.sources)
                yield from self.source_problems(source, at, f"lexicon entry '{raw['id']}'")
        for what, pointer, source in self.other_sources():
            if not self.broken(pointer + "/source"):
                yield from self.source_problems(source, pointer, what)

    def no_rationale(self, rule_id: str, rationale: str, where: Location) -> Diagnostic:
        return Diagnostic(
            "AP201",
            f"rule '{rule_id}' has no rationale: "
            + ("it is blank" if not rationale.strip() else "it repeats the description"),
            where,
            "say why the rule holds, and why its thresholds have the values they have",
        )

    def broken(self, pointer: str) -> bool:
        """Whether the load reported an error at pointer or inside it."""
        return self.unsound is not None and self.unsound.broken(pointer)

    def repeated(self, key: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The items of a list of the pack's file (rules, lexicon) whose id an earlier item has: (pointer, item)."""
        first = _first_pointers(self.doc, key)
        items = self.doc.data.get(key) if isinstance(self.doc.data, dict) else None
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("id"), str) and first[item["id"]] != f"/{key}/{i}":
                yield f"/{key}/{i}", item

    def other_sources(self) -> Iterator[tuple[str, str, Any]]:
        """The grammar entries, rungs and departures of the pack's own file, each as (what, pointer, source): each
        item's source as it writes it, at its place (an item whose id an earlier one has included: the load reports
        the id, and its source is checked all the same)."""
        data = self.doc.data if isinstance(self.doc.data, dict) else {}
        designations = data.get("designations")
        lists: list[tuple[str, Any, str]] = [
            (f"/designations/{role}", items, "rung" if role == "rungs" else "grammar entry")
            for role, items in (designations.items() if isinstance(designations, dict) else [])
        ]
        lists.append(("/departures", data.get("departures"), "departure"))
        for where, items, kind in lists:
            for i, raw in enumerate(items if isinstance(items, list) else []):
                ident = raw.get("id") if isinstance(raw, dict) else None
                if isinstance(ident, str) and isinstance(raw.get("source"), dict):
                    yield f"{kind} '{ident}'", f"{where}/{i}", source_of(raw["source"], self.pack.sources)

    def source_problems(self, source: Any, pointer: str | None, what: str) -> Iterator[Diagnostic]:
        base = (pointer or "") + "/source"
        if source.citation is not None and _placeholder(source.citation):
            yield Diagnostic(
                "AP202",
                f"{what} has no source: the citation '{source.citation}' is a placeholder",
                self.at(base + "/citation"),
                "cite the author, title and year, or a named source with a section and quote",
            )
        if source.ref is None:
            return
        named = self.pack.sources.get(source.ref, {})
        text_path = named.get("path")
        if not text_path or not Path(text_path).is_file():
            return
        text = Path(text_path).read_text(encoding="utf-8")
        cited = named.get("file", source.ref)
        if source.quote is not None and len(_WORD.findall(source.quote)) < QUOTE_WORDS:
            yield Diagnostic(
                "AP203",
                f"{what} quotes {_quoted(source.quote)}, too little of '{cited}' to show what it rests on",
                self.at(base + "/quote"),
                f"quote at least {QUOTE_WORDS} words: the sentence or clause of the source it rests on",
            )
        elif source.quote is not None and not _quotes(source.quote, text):
            yield Diagnostic(
                "AP203",
                f"{what} quotes {_quoted(source.quote)}, which is not in '{cited}'",
                self.at(base + "/quote"),
                _closest_line(source.quote, text)
                or self.closest_passage(source.quote, text)
                or "copy the words verbatim from the source",
            )
        if source.section is not None and source.section.strip() not in {ln.strip() for ln in text.splitlines()}:
            yield Diagnostic(
                "AP204",
                f"{what} cites section {_quoted(source.section)}, which is not a line of '{cited}'",
                self.at(base + "/section"),
                _closest_line(source.section, text) or "use the section's heading as the source writes it",
            )

    def closest_passage(self, quote: str, text: str) -> str | None:
        """The passage of the source nearest a quote not in it (as many words, most of them the quote's, in order),
        to copy in its place; None if none is near. The windows compared are counted against ``PASSAGE_BUDGET``
        (a pack of many quotes of a long text, not one of which is in it, is told the plain fix past it)."""
        words = text.split()
        want = [_bare(w) for w in quote.split()]
        n = len(want)
        windows = max(len(words) - n + 1, 1)
        if not any(want) or self.passages_left < windows:
            return None
        self.passages_left -= windows
        bare = [_bare(w) for w in words]
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(want)
        # the nearest window; of windows as near, one that begins or ends with the quote's own first or last word
        best, at = (PASSAGE_CUTOFF, 0), -1
        for i in range(windows):
            matcher.set_seq1(bare[i : i + n])
            if matcher.real_quick_ratio() < best[0] or matcher.quick_ratio() < best[0]:
                continue
            score = (matcher.ratio(), (bare[i] == want[0]) + (bare[min(i + n, len(bare)) - 1] == want[-1]))
            if score > best:
                best, at = score, i
        if at < 0:
            return None
        return f"the source reads '{_clip(' '.join(words[at : at + n]))}': copy its words verbatim"

    def two_ways_to_cite(self) -> Iterator[Diagnostic]:
        """Every source of the pack's own file (rules, lexicon, grammar, departures) that has a ref and a citation."""
        for pointer, owner, source in _sources(self.doc.data, ""):
            if "ref" in source and "citation" in source:
                ref = source["ref"]
                yield Diagnostic(
                    "AP205",
                    f"{owner} cites its source two ways: ref '{ref}' and citation '{_clip(str(source['citation']))}'; "
                    f"pack doc shows only the citation",
                    self.at(pointer + "/citation"),
                    f"keep one: ref '{ref}' with its section and quote, for a text the pack holds, which lint checks "
                    "the quote against; or the citation alone, for one it does not",
                )

    # ---- domain

    def unreachable_levels(self, dead: set[str]) -> Iterator[Diagnostic]:
        if "level" in self.outputs_left_out:
            return
        reachable = set(self.analysis.outcome("level", {}, frozenset()).possible)
        for rule in self.own_rules:
            if rule.id in dead:  # already reported: it never fires at all
                continue
            for j, c in enumerate(rule.then):
                if c.kind == "level" and c.value not in reachable:
                    yield Diagnostic(
                        "AP301",
                        f"no profile reaches level '{c.value}': whenever rule '{rule.id}' concludes it, "
                        "a rule concludes a higher level",
                        self.rule_at(rule, f"/then/{j}/level"),
                        "check the conditions of the rules that conclude higher levels",
                    )

    def non_monotonic(self) -> Iterator[Diagnostic]:
        own = {r.id for r in self.own_rules}
        if not own:
            return
        analysis = self.analysis
        if self.search.exhausted:
            yield self.out_of_budget(
                "whether these outputs rise with commitment", [_output_name(o) for o in MONOTONE_OUTPUTS]
            )
            return
        for output in MONOTONE_OUTPUTS:
            if output in self.outputs_left_out:
                continue
            cone = analysis.cones[output]
            cone_rules = set(self._cone_rule_ids(output))
            if not cone_rules & own:
                continue
            for name in cone.order:
                if name not in COMMITMENT and name not in COMMITMENT_SETS and name not in COMMITMENT_COUNTS:
                    continue
                steps = commitment_steps(name, self.pack)
                if monotone_by_polarity(self.pack, output, name, steps):
                    continue
                for less, more in steps:
                    found = monotonicity_witness(self.search, output, name, less, more)
                    if found is None:
                        continue
                    if isinstance(found, Undecided):
                        yield Diagnostic(
                            "AP100",
                            f"could not decide within the search budget whether {_output_name(output)} is monotonic "
                            f"in {name}",
                            self.at(""),
                        )
                        break
                    facts, high, low = found
                    blame = self._blame(
                        output, high, {k: v for k, v in {name: less, **facts}.items() if v is not ABSENT}, own
                    )
                    yield Diagnostic(
                        "AP302",
                        f"{_output_name(output)} falls when commitment is added: with "
                        f"{_show_assignment({name: less, **facts})} it is {_show_value(output, high)}, but with "
                        f"{name}: {_show_assignment({name: more})[1:-1].split(': ', 1)[1]} it is "
                        f"{_show_value(output, low)}",
                        self.rule_at(blame, "/when") if blame else self.at(""),
                        f"let rule '{blame.id}' hold for the more committed value too (e.g. `in` or `ge` instead of "
                        "one value)"
                        if blame
                        else "make the rules that raise it hold for more commitment too",
                    )
                    break

    def _cone_rule_ids(self, output: str) -> list[str]:
        rules = self.pack.rules
        return sorted(upstream(rules, [r for r in rules if output in contributions(r)]))

    def _blame(self, output: str, value: Any, facts: dict[str, Any], own: set[str]) -> Rule | None:
        """The rule that concludes value for output on the less committed facts: what more commitment loses.

        The pack's own rules first: an extending pack is told what its rules do.
        """
        evaluation = PythonEvaluator(self.pack).evaluate(facts)
        fired = [s.rule for s in evaluation.trace.steps if value in contributions(s.rule).get(output, ())]
        fired.sort(key=lambda r: r.id not in own)
        return fired[0] if fired else None

    # ---- designations

    def lexicon(self) -> Iterator[Diagnostic]:
        pack = self.pack
        claims: dict[str, list[Any]] = {}
        for entry in pack.lexicon:
            claims.setdefault(normalize_label(entry.exact), []).append(entry)
        for entry in self.own_lexicon:
            pointer = self.lexicon_pointer.get(entry.id, "")
            same = claims[normalize_label(entry.exact)]
            before = same[: same.index(entry)]  # each pair is reported once, at the later entry
            if before:
                o = next((e for e in before if e.level != entry.level), before[0])
                other = f"'{o.id}'" + (f" (pack '{o.pack}')" if o.pack != pack.name else "")
                if o.level != entry.level:
                    yield Diagnostic(
                        "AP402",
                        f"the lexicon claims two levels for '{entry.exact}': '{entry.id}' says {entry.level}, "
                        f"{other} says {o.level}",
                        self.at(pointer + "/level"),
                        f"keep one entry; to change the base pack's reading, override '{o.id}'"
                        if o.pack != pack.name
                        else "keep one entry",
                    )
                else:
                    yield Diagnostic(
                        "AP401",
                        f"lexicon entry '{entry.id}' never decides a designation: {other} is tried first and "
                        f"takes '{entry.exact}'",
                        self.at(pointer + "/exact"),
                        "delete the duplicate",
                    )
                continue
            # An exact entry that places a name on another rung than its words claim is what exact entries are
            # for (India's "Special Strategic and Global Partnership"); one that claims what they claim is dead.
            reading = read(pack.grammar, entry.exact)
            if reading.level != entry.level:
                continue
            decider = self._grammar_unit(reading.decided_by)
            by = f"'{reading.decided_by}'" + (
                f" (pack '{decider.pack}')" if decider is not None and decider.pack != pack.name else ""
            )
            yield Diagnostic(
                "AP401",
                f"lexicon entry '{entry.id}' never decides a designation: the grammar already reads "
                f"'{entry.exact}' as {entry.level} (by {by})",
                self.at(pointer + "/exact"),
                "delete it: exact entries are for names the grammar cannot place, or places on another rung",
            )
        own_rungs = {r.id for r in pack.grammar.rungs if r.pack == pack.name}
        rung_pointer = {
            r["id"]: f"/designations/rungs/{i}"
            for i, r in enumerate((self.doc.data.get("designations") or {}).get("rungs") or [])
            if isinstance(r, dict)
        }
        for rung in unreachable_rungs(pack.grammar):
            if rung.id not in own_rungs:
                continue
            yield Diagnostic(
                "AP401",
                f"rung '{rung.id}' never decides a designation: no ladder head qualified by tier words with the "
                f"marks {', '.join(sorted(rung.marks)) or '(none)'} can be written",
                self.at(rung_pointer.get(rung.id, "") + "/marks"),
                "check the marks against the tier words' marks, their positions and the heads' requirements",
            )

    def _grammar_unit(self, unit_id: str) -> WordEntry | Rung | None:
        try:
            return self.pack.grammar.entry(unit_id)
        except KeyError:
            return None


def _needed_findings(node: cond.Condition) -> Iterator[str]:
    """The findings a condition tests as holding (not under a 'not')."""
    if isinstance(node, cond.FindingRef):
        yield node.name
    elif isinstance(node, (cond.All, cond.Any_)):
        for child in node.children:
            yield from _needed_findings(child)


def _impossible_test(when: cond.Condition) -> tuple[cond.FieldTest, str, Any] | None:
    """The first test a condition needs that no value of its field passes on its own, with its pointer and field.

    Such a test is outside the field's range (``trade_dependence: {gt: 5}`` of a
    share from 0 to 1; ``sectors: {size: {ge: 13}}`` of a set of 12 sectors),
    not a contradiction between two tests.
    """
    specs = fact_fields()
    for node, sign in _signed(when, 1):
        if sign < 0 or not isinstance(node, cond.FieldTest):
            continue
        spec = specs[node.field]
        for op, arg in node.ops:
            if op == "known":
                continue
            atom = cond.FieldTest(node.field, ((op, arg),), node.pointer)
            passes = cond.atom_predicate(spec, op, arg)
            if not any(passes(v) for v in cond.value_classes(spec, [atom])):
                return atom, f"{node.pointer}/{op}" if node.pointer else "", spec
    return None


def _needed_tests(node: cond.Condition) -> Iterator[cond.FieldTest]:
    """The field tests a condition needs, each of them: those under its ``all``s, not under an ``any`` or a ``not``."""
    if isinstance(node, cond.All):
        for child in node.children:
            yield from _needed_tests(child)
    elif isinstance(node, cond.FieldTest):
        yield node


def _contradiction_hint(when: cond.Condition) -> str:
    """What to do about a condition no profile satisfies, said of the field whose needed tests contradict each
    other: two values of one field, or ranges that do not overlap ('power_ratio: {gt: 5}' and '{lt: 3}')."""
    specs = fact_fields()
    by_field: dict[str, list[cond.FieldTest]] = {}
    for test in _needed_tests(when):
        by_field.setdefault(test.field, []).append(test)
    for name, tests in by_field.items():
        spec = specs[name]
        ops = [(op, arg) for t in tests for op, arg in t.ops if op != "known"]
        passes = [cond.atom_predicate(spec, op, arg) for op, arg in ops]
        if len(ops) < 2 or any(all(p(v) for p in passes) for v in cond.value_classes(spec, tests)):
            continue
        if all(op in ("eq", "in") for op, _ in ops):
            break  # two values where one is wanted: the general hint says it
        if spec.kind == "set":
            return f"no set of {name} passes all of these tests: change or remove one of them, or delete the rule"
        said = join_or([f"{_IS[op]}{_said_value(arg)}" for op, arg in ops], "and")
        if all(op in ("lt", "le", "gt", "ge") for op, _ in ops):
            return f"{name} cannot be {said} at once: make the ranges overlap, or delete the rule"
        return f"{name} cannot be {said} at once: change or remove one of these tests, or delete the rule"
    return "remove the contradictory tests (a field cannot hold two values at once), or delete the rule"


#: a test of one value, as 'power_ratio cannot be ...' goes on
_IS = {
    "eq": "",
    "ne": "other than ",
    "in": "one of ",
    "lt": "below ",
    "le": "at most ",
    "gt": "above ",
    "ge": "at least ",
}


def _said_value(arg: Any) -> str:
    """A test's value as a hint says it: a number as written (5, not 5.0), a list of values as 'a, b'."""
    if isinstance(arg, (list, tuple, frozenset, set)):
        return ", ".join(_said_value(a) for a in arg)
    if isinstance(arg, bool):
        return str(arg).lower()
    if isinstance(arg, (int, float)):
        return _number(arg)
    return str(arg)


def _field_range(spec: Any, *, sizes: bool) -> tuple[str, str]:
    """A field's range in words, and how to write a test within it."""
    if sizes:
        n = len(spec.values)
        return (
            f"a set of {spec.name} holds at most {plural(n, 'item')}, one per value it has",
            f"compare the size with a number from 0 to {n:,}",
        )
    if spec.kind in ("integer", "number"):
        lo, hi = spec.minimum, spec.maximum
        shown = [_number(v) for v in (lo, hi)]
        span = (
            f"from {shown[0]} to {shown[1]}"
            if lo is not None and hi is not None
            else f"of at least {shown[0]}"
            if lo is not None
            else f"of at most {shown[1]}"
        )
        share = "; a share is a fraction, 0.3 for 30%" if (lo, hi) == (0, 1) else ""
        return f"{spec.name} is a number {span}", f"compare with a number {span}{share}"
    if spec.kind == "ordinal":
        order = " < ".join(spec.values)
        return f"{spec.name} ranks {order}", f"use a comparison some value passes: {order}"
    values = ", ".join(map(str, spec.values)) if spec.values else "true, false"
    return f"{spec.name} is one of {values}", f"test one of its values ({values})"


def _number(value: float | None) -> str:
    return digits(value) if value is not None else ""


#: What an item of the pack's lists is called, by the list it is in (a grammar role's list holds grammar entries).
_ITEM_NAMES = {"rules": "rule", "lexicon": "lexicon entry", "departures": "departure", "rungs": "rung"}


def _sources(data: Any, pointer: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each source mapping of a pack's file as written: its pointer, what it is the source of, and the mapping."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source" and isinstance(value, dict):
                parts = pointer.split("/")
                kind = _ITEM_NAMES.get(parts[-2], "grammar entry") if len(parts) > 2 else "the pack"
                ident = data.get("id")
                yield pointer_join(pointer, key), f"{kind} '{ident}'" if isinstance(ident, str) else kind, value
            else:
                yield from _sources(value, pointer_join(pointer, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _sources(value, pointer_join(pointer, i))


def _first_pointers(doc: Document, key: str) -> dict[str, str]:
    """Each id of a list of the pack's file (rules, lexicon) -> the pointer of its first item (the one loaded)."""
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    out: dict[str, str] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            out.setdefault(item["id"], f"/{key}/{i}")
    return out


def _raw_id(doc: Document, pointer: str) -> str:
    """The id a rule of the file has as written, or its pointer where it has none."""
    raw = doc.data["rules"][_index(pointer)]
    return raw["id"] if isinstance(raw, dict) and isinstance(raw.get("id"), str) else pointer


def _pointer_order(pointer: str) -> tuple[int, str]:
    return (_index(pointer) if pointer.startswith("/rules/") else -1, pointer)


def _index(pointer: str | None) -> int:
    return int(pointer.rsplit("/", 1)[1]) if pointer else -1


def _names(ids: list[str], most: int = 10) -> str:
    shown = ", ".join(f"'{i}'" for i in ids[:most])
    more = f" and {len(ids) - most:,} more" if len(ids) > most else ""
    return f"rule {shown}" if len(ids) == 1 else f"rules {shown}{more}"


def _firing_rules(pack: Pack) -> list[Rule]:
    """Rules in the order the evaluator judges them (layer, then priority, then pack order)."""
    return list(dict.fromkeys(rule for rule, _ in firing_order(pack)))


def _conclusions(rule: Rule) -> set[tuple[str, Any, Any]]:
    return {(c.kind, c.value, c.rating) for c in rule.then}


def _pointer_of(node: cond.Condition) -> str | None:
    """The pointer of the mapping that writes a condition, where the pack gave it one."""
    if isinstance(node, (cond.FieldTest, cond.FindingRef)):
        return node.pointer.rsplit("/", 1)[0] if node.pointer else None
    return node.pointer or None


_WORDS = re.compile(r"[a-z0-9]+")


def _condition(node: cond.Condition) -> str:
    """A condition as a message shows it inside its own brackets or quotes: an 'all' or 'any' without its own."""
    if isinstance(node, (cond.All, cond.Any_)):
        return f" {'and' if isinstance(node, cond.All) else 'or'} ".join(map(str, node.children))
    return str(node)


def _same_words(a: str, b: str) -> bool:
    return _WORDS.findall(a.casefold()) == _WORDS.findall(b.casefold())


#: A citation that is only a placeholder word ("TODO", "n/a", "?"), or empty.
_PLACEHOLDER_WORD = re.compile(r"\W*(todo|tbd|fixme|xxx|none|n/?a|source|citation|\?+)?\W*", re.I)
#: A citation that tells its author what to write instead of citing anything: an instruction ("Replace
#: with ...", "Insert ..."), a marker word anywhere ("TODO: the 2019 statement"), or a <slot> or [slot].
_PLACEHOLDER_TEXT = re.compile(
    r"^\W*(replace\b|insert\b|fill\s+in\b|enter\b|add\s+(a|the)\b|cite\s+(a|the)\b|your\b|placeholder\b)"
    r"|\b(todo|tbd|fixme|xxx|lorem\s+ipsum)\b"
    r"|^\s*(<[^>]*>|\[[^\]]*\])\s*$",
    re.I,
)


def _placeholder(text: str) -> bool:
    """Whether a citation is a placeholder, not a source (every one ``amity pack new`` writes is one)."""
    return _PLACEHOLDER_WORD.fullmatch(text.strip()) is not None or _PLACEHOLDER_TEXT.search(text) is not None


def _squash(text: str) -> str:
    return " ".join(text.split())


#: The fewest words a quote has: one or two words are found in almost any text, and show nothing of where.
QUOTE_WORDS = 3
_WORD = re.compile(r"\w+")


def _quotes(quote: str, text: str) -> bool:
    """Whether the text holds the quote verbatim, as whole words (spacing and line breaks aside): 'ance' is in
    'alliance', but no source says it."""
    words = _squash(quote)
    start = r"(?<!\w)" if words[:1].isalnum() or words[:1] == "_" else ""
    end = r"(?!\w)" if words[-1:].isalnum() or words[-1:] == "_" else ""
    return re.search(start + re.escape(words) + end, _squash(text)) is not None


def _quoted(text: str) -> str:
    """Text an author wrote, as a message quotes it: on one line, clipped, in the quotes it does not hold."""
    shown = _clip(_squash(text))
    mark = '"' if "'" in shown and '"' not in shown else "'"
    return f"{mark}{shown}{mark}"


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


#: How near a passage of the source must be to a quote not in it to be offered in its place: the share of their
#: words in common, in order (difflib's ratio over words, punctuation and case aside).
PASSAGE_CUTOFF = 0.6
#: The windows of words one lint may compare with quotes not in their source (each as long as its quote).
PASSAGE_BUDGET = 2_000_000


def _bare(word: str) -> str:
    """A word as quotes are compared: its letters and digits, in lower case."""
    return "".join(ch for ch in word.lower() if ch.isalnum())


def _closest_line(words: str, text: str) -> str | None:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    close = difflib.get_close_matches(words.strip(), lines, n=1, cutoff=0.6)
    return f"did you mean '{_clip(close[0])}'?" if close else None
