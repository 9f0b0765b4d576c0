"""Conditions of rules: their syntax tree, three-valued meaning, and value classes.

A condition is a tree of ``all`` / ``any`` / ``not`` over two kinds of leaves:
tests of input facts (``legal_basis: ratified_treaty``, ``sectors: {size: {ge: 3}}``)
and references to findings other rules conclude (``finding: institutionalized``).

Unknown is not false: a test of a field that is unknown is itself unknown, and
``all``/``any``/``not`` combine truth values by Kleene's strong three-valued logic.
Only ``known`` looks at whether the input states a field, never at its value.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from . import frozen
from .vocabulary import FieldSpec, fact_fields
from .vocabulary import fields as vocabulary_fields

Truth = bool | None
#: values: field -> value (missing or None: unknown); findings: name -> Truth;
#: known: the fields the input itself states.
Evaluator = Callable[[Mapping[str, Any], Mapping[str, Truth], Container[str]], Truth]

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}

#: Which operators each kind of field accepts, in the order the pack schema lists them.
#: The pack schema's condition blocks are generated from this table (amity.engine.schema_build).
OPERATORS: dict[str, tuple[str, ...]] = {
    "enum": ("eq", "ne", "in", "known"),
    "ordinal": ("eq", "ne", "lt", "le", "gt", "ge", "in", "known"),
    "boolean": ("eq", "ne", "known"),
    "integer": ("eq", "ne", "lt", "le", "gt", "ge", "in", "known"),
    "number": ("eq", "ne", "lt", "le", "gt", "ge", "in", "known"),
    "set": ("contains", "contains_any", "contains_all", "size", "known"),
}

#: What each operator asks of the field's value, in words (the pack schema's descriptions).
MEANINGS: dict[str, str] = {
    "eq": "equal to",
    "ne": "known and different from",
    "lt": "below",
    "le": "at most",
    "gt": "above",
    "ge": "at least",
    "in": "one of",
    "contains": "has this item",
    "contains_any": "has at least one of these",
    "contains_all": "has all of these",
    "size": "the number of items",
    "known": "true: the input states this field; false: it is unknown (absent or null).",
}

#: The comparisons ``size`` takes (of the number of items).
SIZE_COMPARISONS: tuple[str, ...] = ("eq", "ne", "lt", "le", "gt", "ge")

#: Other spellings of amity's operators (symbols, other languages' names), each with the operator it means.
#: Edit distance misleads on them: 'gte' is nearest 'gt', but means 'ge'.
SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("==", "=", "equals", "equal", "is", "eq?"), "eq"),
    **dict.fromkeys(("!=", "<>", "≠", "neq", "not_eq", "not_equal", "not_equals", "isnt", "is_not"), "ne"),
    **dict.fromkeys(("<", "less_than", "below", "lower_than"), "lt"),
    **dict.fromkeys(("<=", "=<", "≤", "lte", "leq", "at_most", "max", "maximum"), "le"),
    **dict.fromkeys((">", "greater_than", "above", "more_than", "higher_than"), "gt"),
    **dict.fromkeys((">=", "=>", "≥", "gte", "geq", "at_least", "min", "minimum"), "ge"),
    **dict.fromkeys(("one_of", "any_of", "among", "is_in", "within", "oneof"), "in"),
    **dict.fromkeys(("has", "includes", "include", "contain"), "contains"),
    **dict.fromkeys(("has_any", "includes_any", "contains_one_of", "any"), "contains_any"),
    **dict.fromkeys(("has_all", "includes_all", "contains_every", "all"), "contains_all"),
    **dict.fromkeys(("count", "len", "length", "number"), "size"),
}


def known_facts(profile: Mapping[Any, Any], *, checked: bool = False) -> dict[str, Any]:
    """The fact fields the profile states (absent and null are unknown): what conditions are judged over.

    ``checked``: the profile passed the vocabulary's check, so its keys are fields of the vocabulary (the
    relationship schema allows no others), which then need not be looked at. Its keys are taken as they
    come (compiled, keys typed as strings would be checked as such, and a profile that was not checked,
    with a key of another type, would raise where it is skipped)."""
    if type(profile) is dict and (checked or _of_fields(tuple(profile))):
        # the common case, a profile of the vocabulary's fields alone: a copy (which Python makes at once)
        # without the fields that are no facts (``id``, ``parties``...) and the facts left unknown (null)
        facts = profile.copy()
        for name in _OTHER_FIELDS or _other_fields():
            if name in facts:
                del facts[name]
        for value in facts.values():
            if value is None:
                return {k: v for k, v in facts.items() if v is not None}
        return facts
    names = _fact_names()
    return {k: v for k, v in profile.items() if v is not None and k in names}


@cache
def _fact_names() -> frozenset[str]:
    return frozenset(fact_fields())


#: for the keys of profiles met, in order, whether they are all fields of the vocabulary: the rows of a
#: dataset have the same keys, and one look at them costs a fifth of asking the vocabulary of each key
_LAYOUTS: dict[tuple[Any, ...], bool] = {}
LAYOUTS_KEPT = 256


def _of_fields(keys: tuple[Any, ...]) -> bool:
    """Whether these keys are all fields of the vocabulary."""
    found = _LAYOUTS.get(keys)
    if found is None:
        if len(_LAYOUTS) >= LAYOUTS_KEPT:
            _LAYOUTS.clear()
        names = frozenset(vocabulary_fields())
        found = _LAYOUTS[keys] = all(type(k) is str and k in names for k in keys)
    return found


def _other_fields() -> tuple[str, ...]:
    """The fields of the vocabulary that are no facts: what identifies a case, its sources, its label."""
    global _OTHER_FIELDS
    facts = _fact_names()
    _OTHER_FIELDS = tuple(name for name in vocabulary_fields() if name not in facts)
    return _OTHER_FIELDS


#: ``_other_fields()``, once it has been asked (a global read costs less than a call of a cached function)
_OTHER_FIELDS: tuple[str, ...] = ()


def spelled_operator(key: str, allowed: Iterable[str]) -> str | None:
    """A suggestion for an operator written another way (``gte`` for ``ge``), where the place allows it."""
    meant = SPELLINGS.get(key.strip().casefold())
    if meant is None or meant not in allowed:
        return None
    return f"did you mean '{meant}' ({MEANINGS[meant]})?"


# --------------------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class FieldTest:
    """A test of one input fact: one or more operators that must all hold."""

    field: str
    ops: tuple[tuple[str, Any], ...]
    pointer: str = ""

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds

    def __str__(self) -> str:
        parts = []
        for op, value in self.ops:
            if op == "size":
                inner = ", ".join(f"{k} {v}" for k, v in value)
                parts.append(f"size {inner}")
            elif op == "known":
                parts.append("is known" if value else "is unknown")
            else:
                parts.append(f"{op} {_show(value)}")
        return f"{self.field} " + " and ".join(parts)


@dataclass(frozen=True)
class FindingRef:
    name: str
    pointer: str = ""

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds

    def __str__(self) -> str:
        return f"finding {self.name}"


@dataclass(frozen=True)
class All:
    children: tuple[Condition, ...]
    pointer: str = field(default="", compare=False)  # of the mapping that holds it, for messages to quote

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds

    def __str__(self) -> str:
        return "(" + " and ".join(map(str, self.children)) + ")"


@dataclass(frozen=True)
class Any_:
    children: tuple[Condition, ...]
    pointer: str = field(default="", compare=False)  # of the mapping that holds it, for messages to quote

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds

    def __str__(self) -> str:
        return "(" + " or ".join(map(str, self.children)) + ")"


@dataclass(frozen=True)
class Not:
    child: Condition
    pointer: str = field(default="", compare=False)  # of the mapping that holds it, for messages to quote

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds

    def __str__(self) -> str:
        return f"not {self.child}"


Condition = FieldTest | FindingRef | All | Any_ | Not


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(_show, value)) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def parse(data: Any, pointer: str) -> Condition:
    """Build the tree from pack data already checked against the pack schema."""
    ((key, value),) = data.items()
    if key == "all":
        return All(tuple(parse(c, f"{pointer}/all/{i}") for i, c in enumerate(value)), pointer)
    if key == "any":
        return Any_(tuple(parse(c, f"{pointer}/any/{i}") for i, c in enumerate(value)), pointer)
    if key == "not":
        return Not(parse(value, f"{pointer}/not"), pointer)
    if key == "finding":
        return FindingRef(value, f"{pointer}/finding")
    if isinstance(value, dict):
        ops = []
        for op, arg in value.items():
            if op == "size":
                arg = tuple(sorted(arg.items()))
            elif isinstance(arg, list):
                arg = tuple(arg)
            ops.append((op, arg))
        return FieldTest(key, tuple(ops), f"{pointer}/{key}")
    return FieldTest(key, (("eq", value),), f"{pointer}/{key}")


def canonical(node: Condition, *, ordered: bool = False) -> str:
    """One text for one condition, however it is written: an all inside an all (an any inside an any) is
    one group, and 2.0 is 2, as the evaluator has them; unless ``ordered``, the order of the parts and of
    the lists of values is set aside too (a repeated part counts once)."""
    if isinstance(node, FieldTest):
        ops = [
            f"size {', '.join(f'{k} {_value_key(n, ordered)}' for k, n in arg)}"
            if op == "size"
            else f"{op} {_value_key(arg, ordered)}"
            for op, arg in node.ops
        ]
        return f"{node.field} " + " and ".join(ops if ordered else sorted(ops))
    if isinstance(node, FindingRef):
        return str(node)
    if isinstance(node, Not):
        return f"not {canonical(node.child, ordered=ordered)}"
    parts = [canonical(c, ordered=ordered) for c in _flat(node)]
    keys = parts if ordered else sorted(set(parts))
    return keys[0] if len(keys) == 1 else f"{'all' if isinstance(node, All) else 'any'}({'; '.join(keys)})"


def _flat(node: All | Any_) -> Iterator[Condition]:
    for child in node.children:
        if isinstance(child, (All, Any_)) and type(child) is type(node):
            yield from _flat(child)
        else:
            yield child


def _value_key(value: Any, ordered: bool) -> str:
    if isinstance(value, tuple):  # the items of 'in', 'contains_any' or 'contains_all'
        items = [_value_key(v, ordered) for v in value]
        return "[" + ", ".join(items if ordered else sorted(set(items))) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def walk(node: Condition) -> Iterator[Condition]:
    yield node
    if isinstance(node, (All, Any_)):
        for child in node.children:
            yield from walk(child)
    elif isinstance(node, Not):
        yield from walk(node.child)


def fields_of(node: Condition) -> list[str]:
    seen: dict[str, None] = {}
    for n in walk(node):
        if isinstance(n, FieldTest):
            seen.setdefault(n.field)
    return list(seen)


def findings_of(node: Condition) -> list[str]:
    seen: dict[str, None] = {}
    for n in walk(node):
        if isinstance(n, FindingRef):
            seen.setdefault(n.name)
    return list(seen)


def is_field_only(node: Condition) -> bool:
    return not any(isinstance(n, FindingRef) for n in walk(node))


# --------------------------------------------------------------------------- atoms


def atom_predicate(spec: FieldSpec, op: str, arg: Any) -> Callable[[Any], bool]:
    """The test one operator makes of a known value of the field."""
    if spec.kind == "ordinal" and op in ("lt", "le", "gt", "ge"):
        compare = COMPARISONS[op]
        bound = spec.rank(arg)
        rank = spec.rank
        return lambda v: compare(rank(v), bound)
    if op in COMPARISONS:
        compare = COMPARISONS[op]
        return lambda v: compare(v, arg)
    if op == "in":
        options = frozenset(arg)
        return lambda v: v in options
    if op == "contains":
        return lambda v: arg in v
    if op == "contains_any":
        options = frozenset(arg)
        return lambda v: not options.isdisjoint(v)
    if op == "contains_all":
        options = frozenset(arg)
        return lambda v: options.issubset(v)
    if op == "size":
        checks = [(COMPARISONS[k], n) for k, n in arg]
        return lambda v: all(c(len(v), n) for c, n in checks)
    raise ValueError(f"unknown operator {op}")  # pragma: no cover - the schema forbids it


def test_predicate(test: FieldTest) -> Callable[[Any], bool]:
    """The test's value operators combined (``known`` excluded)."""
    spec = fact_fields()[test.field]
    preds = [atom_predicate(spec, op, arg) for op, arg in test.ops if op != "known"]
    if len(preds) == 1:
        return preds[0]
    return lambda v: all(p(v) for p in preds)


# --------------------------------------------------------------------------- three-valued


def field_truth(test: FieldTest) -> Callable[[Mapping[str, Any], Container[str]], Truth]:
    """The three-valued truth of one field test, given the values and the set of known fields."""
    name = test.field
    knowns = [bool(arg) for op, arg in test.ops if op == "known"]
    pred = test_predicate(test) if any(op != "known" for op, _ in test.ops) else None
    if knowns:
        want, contradictory = knowns[0], len(set(knowns)) > 1

        def known_test(values: Mapping[str, Any], known: Container[str]) -> Truth:
            if contradictory or (name in known) != want:
                return False
            if pred is None:
                return True
            value = values.get(name)
            return None if value is None else pred(value)

        return known_test
    assert pred is not None

    def value_test(values: Mapping[str, Any], known: Container[str]) -> Truth:
        value = values.get(name)
        return None if value is None else pred(value)

    return value_test


def compile_over(
    node: Condition, leaf: Callable[[FieldTest], Callable[[Any], Truth]]
) -> Callable[[Any, Mapping[str, Truth]], Truth]:
    """Compile a condition to ``f(env, findings)`` in Kleene's logic; ``leaf`` gives each field test's truth from env."""
    if isinstance(node, FieldTest):
        test = leaf(node)
        return lambda env, findings: test(env)
    if isinstance(node, FindingRef):
        finding = node.name
        return lambda env, findings: findings.get(finding, False)
    if isinstance(node, Not):
        inner = compile_over(node.child, leaf)

        def negation(env: Any, findings: Mapping[str, Truth]) -> Truth:
            result = inner(env, findings)
            return None if result is None else not result

        return negation
    parts = [compile_over(c, leaf) for c in node.children]
    absorbing = isinstance(node, Any_)  # one true part makes `any` true; one false part makes `all` false

    def fold(env: Any, findings: Mapping[str, Truth]) -> Truth:
        unknown = False
        for part in parts:
            result = part(env, findings)
            if result is absorbing:
                return absorbing
            if result is None:
                unknown = True
        return None if unknown else not absorbing

    return fold


class Atoms:
    """The distinct field tests of some conditions, numbered; each condition compiles over their truths.

    A search over unknown facts works on the truth of each test (``truth[i](values, known)``)
    rather than on values, and re-evaluates only the tests of the field it branches on
    (``field_atoms``).
    """

    def __init__(self, conditions: Iterable[Condition]) -> None:
        index: dict[FieldTest, int] = {}
        for node in conditions:
            for n in walk(node):
                if isinstance(n, FieldTest):
                    index.setdefault(FieldTest(n.field, n.ops), len(index))
        self.index = index
        self.tests = list(index)
        self.truth = [field_truth(t) for t in self.tests]
        self.field_atoms: dict[str, list[int]] = {}
        for i, t in enumerate(self.tests):
            self.field_atoms.setdefault(t.field, []).append(i)

    def of(self, node: Condition) -> frozenset[int]:
        """The numbers of the tests a condition makes."""
        return frozenset(self.index[FieldTest(n.field, n.ops)] for n in walk(node) if isinstance(n, FieldTest))

    def compile(self, node: Condition) -> Callable[[list[Truth], Mapping[str, Truth]], Truth]:
        """The condition as ``f(truths, findings)`` in Kleene's logic, over the tests' truths."""
        index = self.index

        def leaf(test: FieldTest) -> Callable[[list[Truth]], Truth]:
            i = index[FieldTest(test.field, test.ops)]
            return lambda truths: truths[i]

        return compile_over(node, leaf)


def kleene(node: Condition) -> Evaluator:
    """Compile a condition to ``f(values, findings, known)`` giving True, False or None (unknown)."""

    def leaf(test: FieldTest) -> Callable[[Any], Truth]:
        truth = field_truth(test)
        return lambda env: truth(env[0], env[1])

    compiled = compile_over(node, leaf)
    return lambda values, findings, known: compiled((values, known), findings)


def facts_truth(node: Condition) -> Callable[[Mapping[str, Any]], Truth]:
    """Compile a condition over input facts alone (no finding) to ``f(facts)`` in Kleene's logic.

    ``facts`` holds exactly the known fields. The same meaning as ``kleene``, in
    fewer calls: a test of an enumerated field becomes one membership test, and
    ``all``/``any`` of one part is that part. This is the evaluator's hot path.
    """
    if isinstance(node, FieldTest):
        return _fast_field_truth(node)
    if isinstance(node, FindingRef):
        raise ValueError(f"{node} is not a test of input facts")
    if isinstance(node, Not):
        inner = facts_truth(node.child)

        def negation(facts: Mapping[str, Any]) -> Truth:
            result = inner(facts)
            return None if result is None else not result

        return negation
    parts = tuple(facts_truth(c) for c in node.children)
    if len(parts) == 1:
        return parts[0]
    absorbing = isinstance(node, Any_)  # one true part makes `any` true; one false part makes `all` false

    def fold(facts: Mapping[str, Any]) -> Truth:
        unknown = False
        for part in parts:
            result = part(facts)
            if result is absorbing:
                return absorbing
            if result is None:
                unknown = True
        return None if unknown else not absorbing

    return fold


def _fast_field_truth(test: FieldTest) -> Callable[[Mapping[str, Any]], Truth]:
    name = test.field
    if any(op == "known" for op, _ in test.ops):
        truth = field_truth(test)
        return lambda facts: truth(facts, facts)
    spec = fact_fields()[name]
    if spec.kind in ("enum", "ordinal", "boolean"):
        pred = test_predicate(test)
        domain = spec.values if spec.kind != "boolean" else (False, True)
        allowed = frozenset(v for v in domain if pred(v))

        def member(facts: Mapping[str, Any]) -> Truth:
            value = facts.get(name)
            return None if value is None else value in allowed

        return member
    pred = test_predicate(test)

    def value_test(facts: Mapping[str, Any]) -> Truth:
        value = facts.get(name)
        return None if value is None else pred(value)

    return value_test


def compile_witness(node: Condition) -> Callable[[dict[str, Any], Any], tuple[Truth, tuple[str, ...]]]:
    """Compile a condition over facts to ``f(values, known) -> (truth, fields)``.

    ``fields`` are the facts that settle the truth: for a true ``any``, those of
    the branch that holds; for a false ``all``, those of the part that fails. A
    trace shows these as what a rule matched, not every field it mentions.
    """
    if isinstance(node, FieldTest):
        truth = field_truth(node)
        name = (node.field,)
        return lambda values, known: (truth(values, known), name)
    if isinstance(node, FindingRef):
        return lambda values, known: (None, ())
    if isinstance(node, Not):
        inner = compile_witness(node.child)

        def negation(values: dict[str, Any], known: Any) -> tuple[Truth, tuple[str, ...]]:
            truth, fields = inner(values, known)
            return (None if truth is None else not truth), fields

        return negation
    parts = [compile_witness(c) for c in node.children]
    decisive = isinstance(node, Any_)  # the value one part needs to settle the whole

    def combine(values: dict[str, Any], known: Any) -> tuple[Truth, tuple[str, ...]]:
        results = [p(values, known) for p in parts]
        for truth, fields in results:
            if truth is decisive:
                return decisive, fields
        if all(truth is not None for truth, _ in results):
            return (not decisive), tuple(dict.fromkeys(f for _, fs in results for f in fs))
        return None, ()

    return combine


# --------------------------------------------------------------------------- rule variants


@dataclass(frozen=True)
class Variant:
    """One conjunction of a condition in disjunctive form, as experta matches it.

    ``formula`` is a condition over input facts only (or None), which must be
    definitely true; ``present`` findings must have been concluded; ``absent``
    findings must be definitely not concluded.
    """

    formula: Condition | None
    present: tuple[str, ...]
    absent: tuple[str, ...]

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds


def variants(node: Condition) -> list[Variant]:
    """Disjunctive form over findings; subtrees over facts alone stay whole."""

    def dnf(n: Condition, positive: bool) -> list[list[tuple[str, Any]]]:
        # each literal: ("formula", Condition) | ("present", name) | ("absent", name)
        if is_field_only(n):
            return [[("formula", n if positive else Not(n))]]
        if isinstance(n, FindingRef):
            return [[("present" if positive else "absent", n.name)]]
        if isinstance(n, Not):
            return dnf(n.child, not positive)
        assert isinstance(n, (All, Any_))
        conj = isinstance(n, All) == positive
        parts = [dnf(c, positive) for c in n.children]
        if conj:
            return [list(itertools.chain.from_iterable(combo)) for combo in itertools.product(*parts)]
        return list(itertools.chain.from_iterable(parts))

    result = []
    seen = set()
    for literals in dnf(node, True):
        formulas = [v for k, v in literals if k == "formula"]
        present = tuple(dict.fromkeys(v for k, v in literals if k == "present"))
        absent = tuple(dict.fromkeys(v for k, v in literals if k == "absent"))
        if set(present) & set(absent):
            continue  # x and not x: never true
        formula: Condition | None
        formula = None if not formulas else formulas[0] if len(formulas) == 1 else All(tuple(formulas))
        key = (str(formula), present, absent)
        if key not in seen:
            seen.add(key)
            result.append(Variant(formula, present, absent))
    return result


# --------------------------------------------------------------------------- value classes


def field_tests(conditions: Iterable[Condition]) -> dict[str, list[FieldTest]]:
    by_field: dict[str, list[FieldTest]] = {}
    for cond in conditions:
        for n in walk(cond):
            if isinstance(n, FieldTest):
                by_field.setdefault(n.field, []).append(n)
    return by_field


def value_classes(spec: FieldSpec, tests: list[FieldTest]) -> list[Any]:
    """One representative value per class of values that no test tells apart.

    Every value of the field's domain behaves, under every test of the pack, like
    exactly one representative: reasoning over representatives is exact. The
    representative of a class is its first candidate value in ascending order.
    """
    if spec.kind in ("integer", "number"):
        return _number_classes(spec, tests)
    distinct = dict.fromkeys((op, arg) for t in tests for op, arg in t.ops if op != "known")
    atoms = [atom_predicate(spec, op, arg) for op, arg in distinct]
    classes: dict[tuple[bool, ...], Any] = {}
    for value in _candidates(spec, tests):
        signature = tuple(a(value) for a in atoms)
        classes.setdefault(signature, value)
    return list(classes.values())


def candidate_values(spec: FieldSpec, tests: list[FieldTest]) -> list[Any]:
    """The values ``value_classes`` sorts into classes: every class has at least one among them."""
    return list(_candidates(spec, tests))


def test_points(tests: list[FieldTest], *, sizes: bool = False) -> list[int | float]:
    """The numbers a field's tests compare with (set sizes with ``sizes``), in order."""
    return _numeric_points(tests, sizes=sizes)


def _number_classes(spec: FieldSpec, tests: list[FieldTest]) -> list[Any]:
    """value_classes for numbers, in n log n for n thresholds rather than candidates times tests.

    A comparison's truth changes at one cut of the number line: ``lt a`` and
    ``ge a`` between the values below a and a itself, ``le a`` and ``gt a``
    between a and the values above it. Two values agree on every comparison
    exactly when no cut lies between them, that is when the same number of cuts
    lies below each. ``eq``, ``ne`` and ``in`` single out points: two values agree
    on all of them exactly when the same of these tests mention each. So a
    value's signature is (cuts below it, tests that mention it), which is the
    same partition as the truth of every test, computed without evaluating any.
    """
    key = number_class_key(tests)
    classes: dict[tuple[int, tuple[int, ...]], Any] = {}
    for value in _number_candidates(spec, _numeric_points(tests)):
        classes.setdefault(key(value), value)
    return list(classes.values())


def number_class_key(tests: list[FieldTest]) -> Callable[[Any], tuple[int, tuple[int, ...]]]:
    """The class of a number under a field's tests, as ``_number_classes`` keys it: in log n per value.

    Two numbers get equal keys exactly when every test gives them the same truth.
    """
    before: list[Any] = []  # cuts just below a threshold
    after: list[Any] = []  # cuts just above a threshold
    mentions: dict[Any, list[int]] = {}  # point -> the eq/ne/in tests naming it
    distinct = dict.fromkeys((op, arg) for t in tests for op, arg in t.ops if op != "known")
    for i, (op, arg) in enumerate(distinct):
        if op in ("lt", "ge"):
            before.append(arg)
        elif op in ("le", "gt"):
            after.append(arg)
        elif op in ("eq", "ne"):
            mentions.setdefault(arg, []).append(i)
        elif op == "in":
            for point in dict.fromkeys(arg):
                mentions.setdefault(point, []).append(i)
        else:  # pragma: no cover - the schema allows no other operator on numbers
            raise ValueError(f"unknown operator {op} for a number")
    before.sort()
    after.sort()
    named = {point: tuple(found) for point, found in mentions.items()}

    def key(value: Any) -> tuple[int, tuple[int, ...]]:
        return bisect.bisect_right(before, value) + bisect.bisect_left(after, value), named.get(value, ())

    return key


def class_bound(spec: FieldSpec, points: int, set_items: int = 0) -> int:
    """An upper bound on the number of value classes of a field, before any is built.

    ``points`` is the number of distinct thresholds the tests of a number or
    integer field name; ``set_items`` the number of distinct items the tests of
    a set field name.
    """
    if spec.kind == "number":
        return 2 * points + 3
    if spec.kind == "integer":
        return 3 * points + 1
    if spec.kind == "set":
        return int(2**set_items) * (len(spec.values) - set_items + 1)
    return max(2, len(spec.values))


def variant_count(node: Condition, cap: int, positive: bool = True) -> int:
    """How many variants ``variants(node)`` makes at most (before removing duplicates), or cap if more.

    Counted without building them: a rule of 14 ``any`` of two findings under an
    ``all`` has 2**14 variants, each an experta rule.
    """
    if isinstance(node, (FieldTest, FindingRef)) or is_field_only(node):
        return 1
    if isinstance(node, Not):
        return variant_count(node.child, cap, not positive)
    assert isinstance(node, (All, Any_))
    counts = [variant_count(c, cap, positive) for c in node.children]
    if isinstance(node, All) == positive:  # a conjunction multiplies
        total = 1
        for n in counts:
            total = min(cap, total * n)
        return total
    return min(cap, sum(counts))


def _numeric_points(tests: list[FieldTest], *, sizes: bool = False) -> list[int | float]:
    # int | float, not float: a number stays as the pack writes it (compiled, a float would make 3 into 3.0)
    points: set[int | float] = set()
    for t in tests:
        for op, arg in t.ops:
            if sizes:
                if op == "size":
                    points.update(n for _, n in arg)
            elif op in COMPARISONS:
                points.add(arg)
            elif op == "in":
                points.update(arg)
    return sorted(points)


def _candidates(spec: FieldSpec, tests: list[FieldTest]) -> Iterator[Any]:
    if spec.kind in ("enum", "ordinal"):
        yield from spec.values
    elif spec.kind == "boolean":
        yield from (False, True)
    elif spec.kind in ("integer", "number"):
        yield from _number_candidates(spec, _numeric_points(tests))
    elif spec.kind == "set":
        yield from _set_candidates(spec, tests)


def _number_candidates(spec: FieldSpec, points: list[int | float]) -> list[Any]:
    lo = spec.minimum
    hi = spec.maximum
    integral = spec.kind == "integer"
    out: list[int | float] = []
    inside = [p for p in points if (lo is None or p >= lo) and (hi is None or p <= hi)]
    if integral:
        raw = set()
        for p in inside:
            base = int(p)
            raw.update({base - 1, base, base + 1})
        raw.add(int(lo) if lo is not None else 0)
        out = sorted(v for v in raw if (lo is None or v >= lo) and (hi is None or v <= hi))
        return out
    raw_f: set[int | float] = set(inside)
    anchors = sorted(inside)
    for a, b in itertools.pairwise(anchors):
        raw_f.add((a + b) / 2)
    if lo is not None:
        raw_f.add(float(lo))
        if anchors and anchors[0] > lo:
            raw_f.add((lo + anchors[0]) / 2)
    elif anchors:
        raw_f.add(anchors[0] - 1)
    if hi is not None:
        raw_f.add(float(hi))
        if anchors and anchors[-1] < hi:
            raw_f.add((anchors[-1] + hi) / 2)
    elif anchors:
        raw_f.add(anchors[-1] + 1)
    if not raw_f:
        raw_f.add(float(lo) if lo is not None else 0.0)
    return sorted(v for v in raw_f if (lo is None or v >= lo) and (hi is None or v <= hi))


def _set_candidates(spec: FieldSpec, tests: list[FieldTest]) -> Iterator[tuple[str, ...]]:
    mentioned: list[str] = []
    for t in tests:
        for op, arg in t.ops:
            items = [arg] if op == "contains" else list(arg) if op in ("contains_any", "contains_all") else []
            for item in items:
                if item not in mentioned:
                    mentioned.append(item)
    mentioned.sort(key=spec.values.index)
    others = [v for v in spec.values if v not in mentioned]
    for r in range(len(mentioned) + 1):
        for chosen in itertools.combinations(mentioned, r):
            for extra in range(len(others) + 1):
                members = set(chosen) | set(others[:extra])
                yield tuple(v for v in spec.values if v in members)
