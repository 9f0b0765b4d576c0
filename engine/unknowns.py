"""Exact reasoning about unknown facts: what the pack could still conclude.

For each output (the level, each risk's rating, hedging) amity computes exactly
the values that some completion of the unknown facts reaches, and the unknown
fields the output depends on. It never guesses.

How it stays exact and fast:

* Each field's domain splits into a few classes of values that no test of the
  pack tells apart (``conditions.value_classes``); completions need only one
  representative per class.
* The output, as a function of the unknown fields' classes, is built as a
  reduced, ordered decision diagram: fields are tested in a fixed order, a
  branch stops as soon as Kleene's three-valued evaluation shows the output is
  the same for every completion below it, equal sub-diagrams are shared
  (memoized on the truth of the tests still in play), and a test whose branches
  all lead to the same sub-diagram is dropped.
* In a reduced diagram a field appears exactly when the output depends on it,
  and its leaves are exactly the reachable values: ``possible`` and
  ``deciding`` are read off the diagram, exact by construction.
* Each output's whole diagram (every field unknown) is built once, all of them
  within one search budget (``read_off``). A profile's diagram is then the
  whole one restricted to the classes of the fields it states, reduced again
  as it is walked (``Diagram.restricted``): no search per profile. An output
  whose whole diagram is past the budget is searched per profile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import conditions as cond
from .errors import Location, PackError, Problem
from .levels import LEVEL_RANK, highest_level
from .pack import Conclusion, Pack, Rule, layered, upstream
from .risks import RATING_RANK, RISKS, highest_rating
from .vocabulary import FIELD_ORDER, fact_fields

OUTPUTS: tuple[str, ...] = ("level", *(f"risk:{r}" for r in RISKS), "hedging")

Truth = bool | None

#: The work the search over unknown facts may spend on one profile, all its outputs together, in
#: units of rules and field tests looked at (``Analysis.outcomes``). The hardest profile (every field
#: unknown) needs 57,447 of them with the core pack and 255,585 with china-ladder; past the budget an
#: outcome is a proven superset (``Outcome.exact`` False), never a guess.
SEARCH_BUDGET = 1_000_000


class _OutOfBudget(Exception):
    """The search would spend more than its budget."""


class SearchBudgetExceeded(PackError):
    """A question that needs the whole decision diagram of an output (why-not, the interview)
    would take the search past its budget: the pack is too large to answer it."""


class _Meter:
    """Work spent by one search, against its budget (None: no budget)."""

    __slots__ = ("budget", "spent")

    def __init__(self, budget: int | None) -> None:
        self.budget = budget
        self.spent = 0

    def spend(self, units: int) -> None:
        self.spent += units
        if self.budget is not None and self.spent > self.budget:
            raise _OutOfBudget


def output_of(conclusion: Conclusion) -> str | None:
    """Which output a conclusion bears on (findings bear on none directly)."""
    if conclusion.kind == "level":
        return "level"
    if conclusion.kind == "risk":
        return f"risk:{conclusion.value}"
    if conclusion.kind == "hedging":
        return "hedging"
    return None


def value_of(conclusion: Conclusion) -> Any:
    """What a conclusion says of its output: a level, a rating, or True for hedging."""
    return conclusion.rating if conclusion.kind == "risk" else conclusion.value


def contributions(rule: Rule) -> dict[str, tuple[Any, ...]]:
    out: dict[str, list[Any]] = {}
    for c in rule.then:
        target = output_of(c)
        if target is not None:
            out.setdefault(target, []).append(value_of(c))
    return {k: tuple(v) for k, v in out.items()}


def rank_of(output: str) -> Callable[[Any], int]:
    """The order of an output's values, least first."""
    if output == "level":
        return LEVEL_RANK.__getitem__
    if output == "hedging":
        return int
    return RATING_RANK.__getitem__


def resolve_output(output: str, sure: Iterable[Any], maybe: Iterable[Any] = ()) -> tuple[Any, ...]:
    """Possible values of an output, from what rules surely and possibly conclude.

    The level is the highest level concluded (none if none is); a rating the
    highest rating (low if none is); hedging is true if any rule concludes it.
    """
    sure, maybe = set(sure), set(maybe)
    if output == "hedging":
        if sure:
            return (True,)
        return (False, True) if maybe else (False,)
    lo = highest_level(sure) if output == "level" else highest_rating(sure)
    rank = rank_of(output)
    return (lo, *sorted((m for m in maybe if rank(m) > rank(lo)), key=rank))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What is known of one output: its possible values and the unknown fields that decide it."""

    possible: tuple[Any, ...]
    deciding: tuple[str, ...] = ()
    #: False when the search ran out of its budget (``SEARCH_BUDGET``): then ``possible`` holds every
    #: value some completion reaches and maybe others no completion reaches, and ``deciding`` every
    #: unknown field the output's rules test
    exact: bool = True
    #: the value when decided, else None (read for every row of a batch, so worked out once)
    value: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", self.possible[0] if len(self.possible) == 1 else None)

    @property
    def decided(self) -> bool:
        return len(self.possible) == 1


@dataclass(frozen=True)
class _ConeRule:
    holds: Callable[[list[Truth], dict[str, Truth]], Truth]
    atoms: frozenset[int]
    findings: tuple[str, ...]
    values: tuple[Any, ...]  # what it concludes of the cone's output


class _Cone:
    """The rules one output depends on, compiled over the truth of their field tests."""

    def __init__(self, output: str, rules: list[Rule]) -> None:
        self.output = output
        atoms = cond.Atoms(rule.when for rule in rules)
        self.tests = atoms.tests
        self.truth = atoms.truth
        self.field_atoms = atoms.field_atoms
        self.rules = [
            _ConeRule(
                holds=atoms.compile(rule.when),
                atoms=atoms.of(rule.when),
                findings=tuple(rule.findings_concluded),
                values=contributions(rule).get(output, ()),
            )
            for rule in rules
        ]
        #: branching order: fields as the layered rules first test them
        self.order = list(dict.fromkeys(t.field for t in self.tests))
        #: the work of one state of the search, in the search budget's units: the rules it
        #: evaluates, the tests their open conditions make, and the tests in its memo key
        self.state_cost = len(self.rules) + sum(len(r.atoms) for r in self.rules) + len(self.tests)

    def state(self, truths: list[Truth]) -> tuple[list[Truth], tuple[Any, ...]]:
        findings: dict[str, Truth] = {}
        rule_truth: list[Truth] = []
        sure: set[Any] = set()
        maybe: set[Any] = set()
        for r in self.rules:
            t = r.holds(truths, findings)
            rule_truth.append(t)
            if t is False:
                continue
            for f in r.findings:
                if findings.get(f) is not True:
                    findings[f] = t
            if r.values:
                (sure if t else maybe).update(r.values)
        return rule_truth, resolve_output(self.output, sure, maybe)


def _signature(spec: Any, tests: list[cond.FieldTest], representatives: list[Any]) -> Callable[[Any], int]:
    """How to tell a known value's class: the index of its representative.

    A number's class is found by bisection (``conditions.number_class_key``); any
    other value's by its truth under every test of the field.
    """
    if spec.kind in ("integer", "number"):
        key = cond.number_class_key(tests)
    else:
        atoms = [cond.atom_predicate(spec, op, arg) for t in tests for op, arg in t.ops if op != "known"]

        def key(value: Any) -> Any:
            return tuple(a(value) for a in atoms)

    table = {key(v): i for i, v in enumerate(representatives)}
    return lambda value: table[key(value)]


class _Cones(Mapping[str, "_Cone"]):
    """Each output's cone, compiled on first use: a profile that leaves nothing open needs none."""

    def __init__(self, build: Callable[[str], _Cone]) -> None:
        self._build = build
        self._built: dict[str, _Cone] = {}

    def __getitem__(self, output: str) -> _Cone:
        cone = self._built.get(output)
        if cone is None:
            if output not in OUTPUTS:
                raise KeyError(output)
            cone = self._built[output] = self._build(output)
        return cone

    def __iter__(self) -> Iterator[str]:
        return iter(OUTPUTS)

    def __len__(self) -> int:
        return len(OUTPUTS)


class Analysis:
    """A pack compiled for three-valued evaluation and exact search over unknowns."""

    def __init__(self, pack: Pack, *, search_budget: int = SEARCH_BUDGET, from_diagrams: bool = True) -> None:
        self.pack = pack
        #: the work the search may spend on one profile, all outputs together (see ``outcomes``)
        self.search_budget = search_budget
        #: answer an output from its whole diagram when that fits the budget (``outcomes``); False: search
        #: every profile (the same outcomes, exact ones; a test holds the two equal)
        self.from_diagrams = from_diagrams
        self.rules = layered(pack.rules)
        specs = fact_fields()
        tests = cond.field_tests(r.when for r in pack.rules)
        #: each tested field's tests, in pack order
        self.tests: dict[str, list[cond.FieldTest]] = tests
        #: each tested field's representatives, one per class of values no test tells apart
        self.classes: dict[str, list[Any]] = {
            name: cond.value_classes(specs[name], tests[name]) for name in sorted(tests, key=FIELD_ORDER.__getitem__)
        }
        #: each output's rules, compiled over their field tests (each built on first use)
        self.cones: Mapping[str, _Cone] = _Cones(lambda out: _Cone(out, self._cone_rules(out)))
        #: when all of these are known, nothing is left to search
        self.tested_fields = frozenset(self.classes)
        self._diagrams: dict[str, tuple[Diagram, int]] = {}  # each whole diagram built, and the units it took
        self._too_large: dict[str, Problem] = {}  # outputs whose diagram went past the budget
        self._read_off: dict[str, Diagram] | None = None  # the outputs ``outcomes`` reads off (``read_off``)
        self._signatures: dict[str, Callable[[Any], int]] = {}

    def _cone_rules(self, output: str) -> list[Rule]:
        """The rules an output depends on, in layered order."""
        chosen = upstream(self.rules, [r for r in self.rules if output in contributions(r)])
        return [r for r in self.rules if r.id in chosen]

    def outcomes(self, values: dict[str, Any], known: frozenset[str]) -> dict[str, Outcome]:
        """Every output's outcome: read off its whole diagram, or searched, the searches sharing one ``search_budget``.

        An output with a whole diagram (``read_off``) is answered from it
        (``restricted``), exactly and at no cost to the profile's budget. The
        others are searched in turn: each may spend what the ones before it
        left; once it is spent, an output that needs a search gets the superset
        of ``search`` (not exact). Which outputs are read off depends on the
        pack and the budget alone, so an outcome never depends on the profiles
        before it.
        """
        left = self.search_budget
        out = {}
        for output in OUTPUTS:
            found = self.restricted(output, values, known)
            if found is None:
                found, spent = self.search(output, values, known, budget=left)
                left = max(0, left - spent)
            out[output] = found
        return out

    def outcome(self, output: str, values: dict[str, Any], known: frozenset[str]) -> Outcome:
        """The values of output that some completion of the unknowns gives, and what decides it.

        Exact unless the whole diagram and the search both run out of the whole ``search_budget``.
        """
        found = self.restricted(output, values, known)
        return self.search(output, values, known)[0] if found is None else found

    def restricted(self, output: str, values: Mapping[str, Any], known: frozenset[str]) -> Outcome | None:
        """The output's outcome read off its whole diagram with the known fields fixed; None when it has none.

        None when ``from_diagrams`` is off or when ``read_off`` has no diagram
        for the output. The whole diagrams are built the first time a profile
        leaves an output open: an outcome three-valued evaluation settles needs
        none. A whole diagram is built with no field stated, and answers a
        profile that states some: no output depends on whether the input states
        a field (a ``known`` test): loading a pack refuses one
        (``pack.consistency_problems``).
        """
        if not self.from_diagrams:
            return None
        read = self._read_off
        if read is None:
            cone = self.cones[output]
            _, possible = cone.state([t(values, known) for t in cone.truth])
            if len(possible) == 1:  # what the diagram would say: settled, nothing deciding
                return Outcome(possible)
            read = self.read_off()
        diagram = read.get(output)
        if diagram is None:
            return None
        class_of = self.class_of

        def fixed(name: str) -> int | None:
            value = values.get(name)
            return None if value is None else class_of(name, value)

        reached_values, reached_fields = diagram.restricted(fixed)
        return Outcome(
            tuple(sorted(reached_values, key=rank_of(output))),
            tuple(sorted(reached_fields, key=FIELD_ORDER.__getitem__)),
        )

    def search(
        self, output: str, values: dict[str, Any], known: frozenset[str], budget: int | None = None
    ) -> tuple[Outcome, int]:
        """The output's outcome, and the work the search spent on it (``budget`` defaults to ``search_budget``).

        The work is counted, never timed: each state of the search costs the
        rules and field tests of the output's cone it looks at, each branch the
        tests it evaluates and copies (``_Cone.state_cost``). When the search
        would spend more than the budget, it stops and the outcome says what
        three-valued evaluation proves without searching: every value some
        completion reaches is among ``possible`` (the values the rules surely or
        possibly conclude, resolved), and every unknown field the cone tests is
        in ``deciding``. ``exact`` is then False.
        """
        cone = self.cones[output]
        truths = [t(values, known) for t in cone.truth]
        _, possible = cone.state(truths)
        if len(possible) == 1:
            return Outcome(possible), 0
        meter = _Meter(self.search_budget if budget is None else budget)
        try:
            diagram = self._build(output, values, known, truths, meter)
        except _OutOfBudget:
            open_fields = {f for f in cone.order if values.get(f) is None}
            return Outcome(possible, tuple(sorted(open_fields, key=FIELD_ORDER.__getitem__)), exact=False), meter.spent
        reached_values, reached_fields = diagram.reach({})
        outcome = Outcome(
            tuple(sorted(reached_values, key=rank_of(output))),
            tuple(sorted(reached_fields, key=FIELD_ORDER.__getitem__)),
        )
        return outcome, meter.spent

    def read_off(self) -> dict[str, Diagram]:
        """The outputs ``outcomes`` reads off a whole diagram, with their diagrams (built once, the first time asked).

        The whole diagrams are built in turn (``OUTPUTS``'s order) within one
        ``search_budget``, each spending what the ones before it left, so that
        building them costs a process at most one profile's search. An output
        whose diagram would go past what is left has none here, and is searched
        profile by profile. Which outputs these are depends on the pack and the
        budget alone: a diagram built before (``diagram``) counts what it took.
        """
        if self._read_off is None:
            left = self.search_budget
            read: dict[str, Diagram] = {}
            for output in OUTPUTS:
                diagram, spent = self._whole(output, left)
                left -= spent
                if diagram is not None:
                    read[output] = diagram
            self._read_off = read
        return self._read_off

    def diagram(self, output: str) -> Diagram:
        """The output's reduced decision diagram over every field it tests, all unknown (built once).

        Raises SearchBudgetExceeded when building it would take the search past ``search_budget``.

        Restricting it to the classes of the fields a profile states gives that
        profile's possible values by a walk, without building a diagram again.
        """
        diagram, _ = self._whole(output, self.search_budget)
        if diagram is None:
            raise SearchBudgetExceeded(self._too_large[output])
        return diagram

    def _whole(self, output: str, budget: int) -> tuple[Diagram | None, int]:
        """The output's whole diagram and the units it took; (None, budget) when it would take more than ``budget``."""
        if output in self._diagrams:
            diagram, took = self._diagrams[output]
            return (diagram, took) if took <= budget else (None, budget)
        if output in self._too_large:  # past the whole budget, so past any part of it
            return None, budget
        cone = self.cones[output]
        empty: dict[str, Any] = {}
        truths = [t(empty, frozenset()) for t in cone.truth]
        meter = _Meter(budget)
        try:
            diagram = self._build(output, empty, frozenset(), truths, meter)
        except _OutOfBudget:
            if budget >= self.search_budget:
                where = self.pack.path
                self._too_large[output] = Problem(
                    f"pack '{self.pack.name}' is too large to search every answer to the unknown facts "
                    f"for {output_words(output)}: the search ran out of its budget "
                    f"({self.search_budget:,} units)",
                    Location(str(where) if where else self.pack.name),
                    "assess without asking why not: the assessment still gives the possible values and deciding facts",
                )
            return None, budget
        self._diagrams[output] = diagram, meter.spent
        return diagram, meter.spent

    def class_of(self, field: str, value: Any) -> int:
        """The index in ``classes[field]`` of the class a known value of the field belongs to."""
        find = self._signatures.get(field)
        if find is None:
            find = self._signatures[field] = _signature(fact_fields()[field], self.tests[field], self.classes[field])
        return find(value)

    def _build(
        self, output: str, values: dict[str, Any], known: frozenset[str], truths: list[Truth], meter: _Meter
    ) -> Diagram:
        cone = self.cones[output]
        order = [f for f in cone.order if values.get(f) is None]
        classes = self.classes
        field_atoms = cone.field_atoms
        tests = cone.truth
        n_atoms = len(truths)
        spend = meter.spend
        state_cost = cone.state_cost
        branch_cost = {name: n_atoms + len(found) for name, found in field_atoms.items()}
        terminals: dict[Any, int] = {}
        internal: dict[tuple[str, tuple[int, ...]], int] = {}
        labels: dict[int, Any] = {}  # node id -> field name (internal) or ("value", v) (terminal)
        edges: dict[int, tuple[int, ...]] = {}
        memo: dict[tuple[Any, ...], int] = {}

        def terminal(value: Any) -> int:
            if value not in terminals:
                terminals[value] = node = len(labels)
                labels[node] = ("value", value)
            return terminals[value]

        def build(pos: int, truths: list[Truth]) -> int:
            spend(state_cost)
            rule_truth, possible = cone.state(truths)
            if len(possible) == 1:
                return terminal(possible[0])
            live: set[int] = set()
            for r, t in zip(cone.rules, rule_truth, strict=True):
                if t is None:
                    live |= r.atoms
            while not any(i in live for i in field_atoms[order[pos]]):
                pos += 1
            key = (pos, tuple(rule_truth), tuple(truths[i] if i in live else 2 for i in range(n_atoms)))
            if key in memo:
                return memo[key]
            name = order[pos]
            children = []
            cost = branch_cost[name]
            for value in classes[name]:
                spend(cost)
                branch = list(truths)
                single = {name: value}
                for i in field_atoms[name]:
                    branch[i] = tests[i](single, known)
                children.append(build(pos + 1, branch))
            if all(c == children[0] for c in children):
                node = children[0]
            else:
                signature = (name, tuple(children))
                if signature not in internal:
                    internal[signature] = len(labels)
                    labels[internal[signature]] = name
                    edges[internal[signature]] = signature[1]
                node = internal[signature]
            memo[key] = node
            return node

        top = build(0, truths)
        return Diagram(output, top, labels, edges)


@dataclass(frozen=True, eq=False)
class Diagram:
    """A reduced, ordered decision diagram of one output over the value classes of unknown fields.

    ``labels`` maps a node to its field (an internal node, whose ``edges`` lead
    to one child per class of the field, in ``Analysis.classes`` order) or to
    ``("value", v)`` (a terminal: the output is v).
    """

    output: str
    top: int
    labels: dict[int, Any]
    edges: dict[int, tuple[int, ...]]

    def restricted(self, fixed: Callable[[str], int | None]) -> tuple[set[Any], set[str]]:
        """The values reachable, and exactly the fields the output then depends on, with some fields fixed.

        ``fixed`` gives a field's class, or None for a field left open. The
        diagram is restricted to the fixed classes and reduced again as it is
        walked (a test whose branches all lead alike is dropped, equal nodes are
        one): the output's own reduced diagram over the open fields, in which a
        field appears exactly when the output depends on it. ``reach`` walks
        without reducing, and may meet fields the restricted output no longer
        depends on.
        """
        labels, edges = self.labels, self.edges
        classes: dict[str, int | None] = {}  # each field's class, asked once
        done: dict[int, int] = {}  # a node of this diagram -> its restriction
        unique: dict[tuple[str, tuple[int, ...]], int] = {}  # the restriction's own nodes, numbered below 0
        values: set[Any] = set()
        fields: set[str] = set()

        def restrict(node: int) -> int:  # a terminal stays itself (0 and up); a field's node is one of ``unique``
            found = done.get(node)
            if found is not None:
                return found
            label = labels[node]
            if label.__class__ is tuple:
                out = node
            else:
                at = classes[label] if label in classes else classes.setdefault(label, fixed(label))
                if at is not None:
                    out = restrict(edges[node][at])
                else:
                    children = tuple(map(restrict, edges[node]))
                    first = children[0]
                    if all(c == first for c in children):
                        out = first
                    else:
                        signature = (label, children)
                        out = unique.get(signature, 0)
                        if out == 0:  # every node made is reachable from the top: its caller keeps it
                            out = unique[signature] = -1 - len(unique)
                            fields.add(label)
                            values.update(labels[c][1] for c in children if c >= 0)
            done[node] = out
            return out

        top = restrict(self.top)
        if top >= 0:
            values.add(labels[top][1])
        return values, fields

    def reach(self, fixed: Mapping[str, int], starts: Iterable[int] | None = None) -> tuple[set[Any], set[str]]:
        """The values reachable, and the fields met on the way, with some fields fixed to one class.

        ``fixed`` maps a field to the index of its class; every other field may
        take any class. The values are exact; the fields are those the walk
        meets, which may include a field the restricted output no longer depends on.
        """
        values: set[Any] = set()
        fields: set[str] = set()
        stack, seen = [self.top] if starts is None else list(starts), set()
        labels, edges = self.labels, self.edges
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            label = labels[node]
            if isinstance(label, tuple):
                values.add(label[1])
                continue
            fields.add(label)
            at = fixed.get(label)
            if at is None:
                stack.extend(edges[node])
            else:
                stack.append(edges[node][at])
        return values, fields


def output_words(output: str) -> str:
    """An output in words: the level, the entrapment risk, hedging."""
    return "the level" if output == "level" else "hedging" if output == "hedging" else f"the {output[5:]} risk"


def budget_note(outputs: Iterable[str]) -> str | None:
    """A sentence saying which outputs' search ran out of its budget, and what that means; None if none did."""
    names = [output_words(o) for o in outputs]
    if not names:
        return None
    which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"The search over the unknown facts ran out of its budget for {which}: the possible values shown "
        "include every value some answers would give, but may include values no answers give, and the "
        "facts shown as deciding are every unknown fact the rules test."
    )
