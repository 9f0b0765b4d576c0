"""Evaluating a pack on one profile: which rules fire, in what order, and what stays open.

A pack is compiled once into an evaluator; each profile is then decided in a
single pass. The pass is three-valued: a rule whose condition is definitely
true fires (and is recorded in the trace); one that unknown facts leave open is
noted with the unknown fields it waits on; findings are concluded (true), open
(unknown) or absent (false). The unknowns analysis starts from this, and the
assessment reads its trace; nothing evaluates the rules again.

Two evaluators implement the same seam:

* ``PythonEvaluator`` (the default): the compiled rules as closures, walked in
  firing order.
* ``ExpertaEvaluator`` (``engine="experta"``, in ``experta_backend``): the same
  rules run on experta's Rete engine, the reference amity is built on. A
  differential test holds the two equal, trace for trace.

The firing order is the same for both: layer by layer (a rule fires only after
every rule that can conclude a finding it tests, so ``not finding X`` is never
judged early), then by priority, then in the order the pack lists its rules.
Each rule is split into the conjunctions of its condition's disjunctive form
(``conditions.variants``), and each conjunction fires at most once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple, Protocol

from . import conditions as cond
from . import frozen
from .errors import FiringLimitExceeded, Location, Problem
from .pack import Pack, Rule, layers
from .trace import Firing, Trace, TraceRecorder
from .vocabulary import FIELD_ORDER, LEVEL_RANK, LEVELS, RATING_RANK, RATINGS, RISKS, FieldSpec, fact_fields

Truth = bool | None


@dataclass(frozen=True, slots=True)
class UndecidedRule:
    """A rule that unknown facts leave open, and the unknown fields it waits on."""

    rule: Rule
    waits_on: tuple[str, ...]

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds


class Reached(NamedTuple):
    """What the rules that fired conclude of the outputs: the least each is sure to reach.

    As ranks (``LEVEL_RANK``, ``RATING_RANK``): 0 where nothing is concluded.
    """

    level: int
    ratings: tuple[int, ...]  # each risk's, in the order of RISKS
    hedging: bool

    @classmethod
    def of(cls, firings: Iterable[Firing]) -> Reached:
        """What a sequence of firings reaches."""
        level, ratings, hedging = 0, [0] * len(RISKS), False
        for rule, _, _ in firings:
            for c in rule.then:
                if c.kind == "level":
                    level = max(level, LEVEL_RANK[c.value])
                elif c.kind == "risk":
                    i = RISKS.index(c.value)
                    ratings[i] = max(ratings[i], RATING_RANK[c.rating or "low"])
                elif c.kind == "hedging":
                    hedging = True
        return cls(level, tuple(ratings), hedging)


@dataclass(slots=True, init=False)
class Evaluation:
    """What one pass over a profile established.

    One is built per profile, and nothing changes it. Not frozen: a frozen dataclass's ``__init__`` sets each
    field through ``object.__setattr__``, several times a plain assignment's cost. And its ``__init__`` written
    out: where mypyc compiles this module, a dataclass's own ``__init__`` stays Python (a seventh as fast as
    the one it compiles from this).
    """

    trace: Trace
    findings: dict[str, Truth]  # every finding of the pack: concluded, open (None) or absent
    undecided: tuple[UndecidedRule, ...]  # in firing order
    reached: Reached  # of the outputs, by the rules that fired

    def __init__(
        self, trace: Trace, findings: dict[str, Truth], undecided: tuple[UndecidedRule, ...], reached: Reached
    ) -> None:
        self.trace = trace
        self.findings = findings
        self.undecided = undecided
        self.reached = reached

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor (compiled, it has no other)

    @property
    def open_findings(self) -> list[str]:
        return sorted(f for f, t in self.findings.items() if t is None)

    @property
    def settled(self) -> bool:
        """Whether no rule is left open: every completion of the unknowns concludes the same."""
        return not self.undecided


class Evaluator(Protocol):
    """The seam between a compiled pack and the assessment."""

    pack: Pack

    def evaluate(self, facts: dict[str, Any]) -> Evaluation:
        """Decide the pack on the known facts (absent fields are unknown)."""
        ...


def firing_order(pack: Pack) -> list[tuple[Rule, cond.Variant]]:
    """Every rule's conjunctions, in the order they are judged (see the module's docstring)."""
    depth = layers(pack.rules)
    compiled = [(rule, variant) for rule in pack.rules for variant in cond.variants(rule.when)]
    order = sorted(range(len(compiled)), key=lambda i: (depth[compiled[i][0].id], -compiled[i][0].priority, i))
    return [compiled[i] for i in order]


def finish(
    pack: Pack,
    facts: dict[str, Any],
    recorder: TraceRecorder,
    possible: Iterable[str],
    open_rules: Iterable[Rule],
) -> Evaluation:
    """An evaluation from what fired, what could have, and which rules stayed open.

    Raises FiringLimitExceeded when more rules fired than the pack allows.
    """
    trace = recorder.trace()
    sure = trace.finding_steps
    maybe = set(possible)
    findings: dict[str, Truth] = {f: True if f in sure else None if f in maybe else False for f in pack.findings}
    return evaluation(pack, facts, trace, findings, open_rules)


def evaluation(
    pack: Pack,
    facts: dict[str, Any],
    trace: Trace,
    findings: dict[str, Truth],
    open_rules: Iterable[Rule],
    reached: Reached | None = None,
) -> Evaluation:
    """An evaluation from its trace, every finding's truth and the rules left open (in firing order).

    Raises FiringLimitExceeded when more rules fired than the pack allows.
    """
    if len(trace.firings) > pack.max_firings:
        limit = pack.max_firings
        fired = trace.fired
        recent = list(dict.fromkeys(reversed(fired[max(0, limit - 10) : limit])))
        waiting = list(dict.fromkeys(fired[limit:]))
        raise FiringLimitExceeded(
            Problem(
                f"pack '{pack.name}' was still firing after {limit} firings; "
                f"last fired: {', '.join(recent)}; still waiting: {', '.join(waiting[:10])}",
                Location(str(pack.path) if pack.path else pack.name),
                "look for rules that keep concluding new facts, or raise limits.max_firings",
            )
        )
    undecided: list[UndecidedRule] = []
    waits: dict[str, set[str]] = {}  # open finding -> the unknown fields it waits on
    for rule in open_rules:
        fields = {f for f in rule.fields_tested if f not in facts}
        for f in rule.findings_tested:
            if findings.get(f, False) is None:
                fields |= waits.get(f, set())
        undecided.append(UndecidedRule(rule, tuple(sorted(fields, key=FIELD_ORDER.__getitem__))))
        for f in rule.findings_concluded:
            waits.setdefault(f, set()).update(fields)
    return Evaluation(trace, findings, tuple(undecided), Reached.of(trace.firings) if reached is None else reached)


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    rule: Rule
    concludes_bits: int  # the findings it concludes, as bits (``PythonEvaluator._finding_bits``)


@dataclass(frozen=True, slots=True)
class _Conjunction:
    owner: _CompiledRule
    firing: Firing  # what the trace records when it fires
    residual: Callable[[Mapping[str, Any]], Truth] | None  # its tests that span several fields, if any
    present: int  # findings that must have been concluded, as bits
    absent: int  # findings that must not even possibly be concluded, as bits


Masks = int  # over the conjunctions: those a value makes false, and (shifted by their number) those it leaves unknown


class _FieldTests:
    """Every test of one field among the conjunctions, and what a value of the field does to them.

    A value's effect is two bit masks over the conjunctions (in firing order),
    held in one int (``Masks``): those one of whose tests the value makes false
    (the low ``width`` bits), and those it leaves unknown (the bits above).
    Values recur across profiles (enumerations, booleans, round numbers), so
    each value's masks are worked out once and kept, and an unknown value's
    (``None``) from the start. Numbers and sets take many values but fall into
    few classes that no test tells apart (``conditions.number_class_key``; for
    a set, the items its tests name that it holds, and its size if a test
    counts it): the masks are kept by class.
    """

    __slots__ = ("absent", "by_class", "classify", "memo", "name", "parts", "width")

    MEMO_SIZE: ClassVar[int] = 4096  # distinct values kept per field: memory stays flat over any number of rows

    def __init__(self, name: str, parts: dict[cond.Condition, int], width: int) -> None:
        self.name = name
        self.width = width
        #: each distinct test of the field, compiled, with the conjunctions that make it
        self.parts = tuple((cond.facts_truth(part), bits) for part, bits in parts.items())
        self.absent = self._masks({})
        self.memo: dict[Any, Masks] = {None: self.absent}
        tests = [node for part in parts for node in cond.walk(part) if isinstance(node, cond.FieldTest)]
        self.classify = _classifier(fact_fields()[name], tests)
        self.by_class: dict[Any, Masks] = {}

    def _masks(self, facts: Mapping[str, Any]) -> Masks:
        false = unknown = 0
        for truth, bits in self.parts:
            t = truth(facts)
            if t is False:
                false |= bits
            elif t is None:
                unknown |= bits
        return false | unknown << self.width

    def masks(self, value: Any) -> Masks:
        if value is None:  # kept in the memo too, but a memo just cleared may lack it
            return self.absent
        if type(value) is list and self.classify is not None:  # a set: its class is what is kept (see _judge)
            kind = self.classify(value)
            found = self.by_class.get(kind)
            if found is None:
                found = self.by_class[kind] = self._masks({self.name: value})
            return found
        key = tuple(value) if type(value) is list else value
        found = self.memo.get(key)
        if found is None:
            if self.classify is None:
                found = self._masks({self.name: value})
            else:
                kind = self.classify(value)
                found = self.by_class.get(kind)
                if found is None:
                    found = self.by_class[kind] = self._masks({self.name: value})
                if type(value) is float:  # a measure, which rarely recurs: its class is all that is kept
                    return found
            if len(self.memo) >= self.MEMO_SIZE:
                self.memo.clear()
                self.memo[None] = self.absent
            self.memo[key] = found
        return found


_MEMBERSHIP = frozenset({"contains", "contains_any", "contains_all"})


def _classifier(spec: FieldSpec, tests: list[cond.FieldTest]) -> Callable[[Any], Any] | None:
    """The class of a known value under the field's tests (equal classes: equal truth under every test).

    None for a field with few values (an enumeration, a boolean), whose values are their own classes.
    """
    if spec.kind in ("integer", "number"):
        return cond.number_class_key(tests)
    if spec.kind != "set":
        return None
    ops = {op for t in tests for op, _ in t.ops} - {"known"}
    if not ops <= _MEMBERSHIP | {"size"}:  # pragma: no cover - the schema allows no other operator on sets
        return None
    named = frozenset(
        item for t in tests for op, arg in t.ops if op in _MEMBERSHIP for item in ((arg,) if op == "contains" else arg)
    )
    bits = {item: 1 << i for i, item in enumerate(sorted(named, key=str))}

    def held(value: Any) -> int:
        """The named items the set holds, as bits (no set built, nothing hashed but each item)."""
        found = 0
        for item in value:
            found |= bits.get(item, 0)
        return found

    if "size" in ops:
        return lambda value: (len(value), held(value))
    return held


class _SettledLayer:
    """The conjunctions of one layer, for the walk when the facts leave nothing open.

    No conjunction tests a finding that another of its layer concludes
    (``pack.layers``), so which of a layer's conjunctions fire depends only on
    which are alive and on the findings the layers below concluded. Those that
    test no finding (``free``) fire when alive. For the others, a layer with few
    keeps, by which of the findings they test (``need``, bits) are concluded,
    those whose findings hold (``eligible``, as bits from the layer's first
    conjunction, ``low``), up to its share of ``ELIGIBLE_SIZE``; a layer with
    many judges each one alive (``judged``).
    """

    __slots__ = ("eligible", "free", "kept_most", "low", "mask", "need", "tests")

    ELIGIBLE_SIZE: ClassVar[int] = 4096  # sets of findings kept, shared by the layers that keep them: memory flat
    KEPT_TESTS: ClassVar[int] = 64  # the most conjunctions testing findings in a layer whose eligibility is kept

    def __init__(self, tests: list[tuple[int, int, int]]) -> None:
        self.mask = self.free = self.need = 0
        self.low = min(bit for bit, _, _ in tests).bit_length() - 1
        dependent = []
        for bit, present, absent in tests:
            self.mask |= bit
            if present or absent:
                dependent.append((bit, present, absent))
                self.need |= present | absent
            else:
                self.free |= bit
        #: each conjunction that tests findings: its bit, and the findings it needs present and absent
        self.tests = tuple(dependent)
        self.eligible: dict[int, int] | None = {} if len(dependent) <= self.KEPT_TESTS else None
        self.kept_most = self.ELIGIBLE_SIZE  # this layer's share, set by the evaluator

    def judged(self, firing: int, sure: int) -> int:
        """Of the layer's conjunctions alive (``firing``), those whose findings hold when ``sure`` are concluded."""
        ok = firing & self.free
        for bit, present, absent in self.tests:
            if firing & bit and sure & present == present and not sure & absent:
                ok |= bit
        return ok

    def keep(self, key: int) -> int:
        """The conjunctions whose findings hold when those of ``key`` (bits of ``need``) are concluded; kept.

        As bits from the layer's first conjunction (shifted by ``low``), so what is kept stays small
        however far into the pack the layer lies.
        """
        assert self.eligible is not None
        ready = self.free
        for bit, present, absent in self.tests:
            if key & present == present and not key & absent:
                ready |= bit
        if len(self.eligible) >= self.kept_most:
            self.eligible.clear()
        ready >>= self.low
        self.eligible[key] = ready
        return ready


def _spanned(tests: list[tuple[int, int, int]]) -> tuple[tuple[int, int], ...]:
    """The bytes a layer's conjunctions span (their bits, in order): each byte's place and its shift."""
    places = sorted({(bit.bit_length() - 1) >> 3 for bit, _, _ in tests})
    return tuple((chunk, chunk << 3) for chunk in places)


class _ByteTables:
    """What each byte of a bit set gives, worked out when first met: by the byte's place, then its value.

    ``parts[i]`` is what bit ``i`` gives: bits to OR and items to append, in
    order. A byte's value is worked out the first time it is met (256 places
    for each byte of the set, filled as they are met).
    """

    __slots__ = ("parts", "tables")

    def __init__(self, parts: list[tuple[int, tuple[Any, ...]]]) -> None:
        self.parts = parts
        self.tables: list[list[tuple[int, tuple[Any, ...]] | None]] = [[None] * 256 for _ in range(0, len(parts), 8)]

    def entry(self, chunk: int, byte: int) -> tuple[int, tuple[Any, ...]]:
        bits = 0
        items: tuple[Any, ...] = ()
        for k in range(8):
            if byte >> k & 1:
                more_bits, more = self.parts[chunk * 8 + k]
                bits |= more_bits
                items += more
        self.tables[chunk][byte] = (bits, items)
        return bits, items


def _conjuncts(formula: cond.Condition) -> Iterable[cond.Condition]:
    """The parts of a formula that must all hold (nested ``all`` flattened)."""
    if isinstance(formula, cond.All):
        for child in formula.children:
            yield from _conjuncts(child)
    else:
        yield formula


# the outputs a rule concludes, as bits: each level by its rank; then each risk's ratings by rank; then hedging
_LEVEL_BITS = (1 << len(LEVELS)) - 1
_RATING_BITS = (1 << len(RATINGS)) - 1
_RISK_AT = tuple(len(LEVELS) + i * len(RATINGS) for i in range(len(RISKS)))
_HEDGING_AT = len(LEVELS) + len(RISKS) * len(RATINGS)


def _output_bits(rule: Rule) -> int:
    """What a rule concludes of the outputs, as bits (the reverse of ``PythonEvaluator._reach``)."""
    bits = 0
    for c in rule.then:
        if c.kind == "level":
            bits |= 1 << LEVEL_RANK[c.value]
        elif c.kind == "risk":
            bits |= 1 << (_RISK_AT[RISKS.index(c.value)] + RATING_RANK[c.rating or "low"])
        elif c.kind == "hedging":
            bits |= 1 << _HEDGING_AT
    return bits


class PythonEvaluator:
    """A pack compiled for a single pass per profile, in firing order.

    The conjunctions' tests of single fields are compiled to bit masks, so a
    profile settles which conjunctions its facts make false or leave open with
    one lookup per tested field; the walk in firing order then visits only the
    conjunctions still possible.
    """

    name = "python"
    REACHED_SIZE: ClassVar[int] = 4096  # what the outputs reach, kept by their bits (few: levels times ratings)
    SPANNED_MOST: ClassVar[int] = 32  # the most conjunctions in a layer whose every byte the settled walk looks at

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        #: every finding of the pack, as one bit each
        self._finding_bits = {name: 1 << i for i, name in enumerate(pack.findings)}
        self._concluded = tuple(self._finding_bits.items())
        bits = self._bits
        conjunctions: list[_Conjunction] = []
        by_field: dict[str, dict[cond.Condition, int]] = {}
        owner: _CompiledRule | None = None
        for j, (rule, variant) in enumerate(firing_order(pack)):
            # a rule's conjunctions share its layer and priority, so they are adjacent
            if owner is None or owner.rule is not rule:
                owner = _CompiledRule(rule, bits(rule.findings_concluded))
            spanning: list[cond.Condition] = []
            for part in _conjuncts(variant.formula) if variant.formula is not None else ():
                fields = set(cond.fields_of(part))
                if len(fields) == 1:
                    tests = by_field.setdefault(fields.pop(), {})
                    tests[part] = tests.get(part, 0) | 1 << j
                else:
                    spanning.append(part)
            witness = cond.compile_witness(variant.formula) if variant.formula is not None else None
            conjunctions.append(
                _Conjunction(
                    owner,
                    (rule, variant, witness),
                    None if not spanning else cond.facts_truth(cond.All(tuple(spanning))),
                    bits(variant.present),
                    bits(variant.absent),
                )
            )
        self._conjunctions = tuple(conjunctions)
        self._all = (1 << len(conjunctions)) - 1
        self._width = len(conjunctions)
        self._fields = tuple(_FieldTests(name, parts, self._width) for name, parts in by_field.items())
        self._field_rows = tuple((t.name, t.memo, t) for t in self._fields)  # the hot loop reads plain tuples
        #: the conjunctions with tests spanning several fields, as bits, and each with its test
        self._spanning = sum(1 << j for j, c in enumerate(conjunctions) if c.residual is not None)
        self._residuals = tuple((1 << j, c.residual) for j, c in enumerate(conjunctions) if c.residual is not None)
        # what each conjunction concludes of the outputs rides on its findings' bits, above them all
        self._outputs_at = len(self._finding_bits)
        concludes = [c.owner.concludes_bits | _output_bits(c.owner.rule) << self._outputs_at for c in conjunctions]
        self._reached: dict[int, Reached] = {}
        self._walk = tuple(
            (c.owner.rule, c.present, c.absent, bits) for c, bits in zip(conjunctions, concludes, strict=True)
        )
        depth = layers(pack.rules)
        by_layer: dict[int, list[tuple[int, int, int]]] = {}
        for j, c in enumerate(conjunctions):
            by_layer.setdefault(depth[c.owner.rule.id], []).append((1 << j, c.present, c.absent))
        self._layers = tuple(_SettledLayer(tests) for tests in by_layer.values())
        keeping = [layer for layer in self._layers if layer.eligible is not None]
        for layer in keeping:  # one budget, shared
            layer.kept_most = max(1, _SettledLayer.ELIGIBLE_SIZE // len(keeping))
        #: what the conjunctions that fire conclude (bits) and record, a byte of them at a time
        self._firing_chunks = _ByteTables(
            [(bits, (c.firing,)) for c, bits in zip(conjunctions, concludes, strict=True)]
        )
        #: by each conjunction's place in the firing order, its layer as the walk reads it: the layer's
        #: conjunctions, those of them testing findings, the findings they test, what the layer keeps
        #: of them (None: judged one by one) and from which bit, and the bytes it spans (None: too many
        #: to visit each; the walk then visits the bytes of the conjunctions that fire)
        tables = self._firing_chunks.tables
        read = [
            (
                layer.mask,
                layer.mask & ~layer.free,
                layer.need,
                layer.eligible,
                layer.low,
                tuple((shift, tables[chunk], chunk) for chunk, shift in _spanned(tests))
                if len(tests) <= self.SPANNED_MOST
                else None,
                layer,
            )
            for layer, tests in zip(self._layers, by_layer.values(), strict=True)
        ]
        self._layer_of = tuple(row for row, tests in zip(read, by_layer.values(), strict=True) for _ in tests)
        self._no_findings: dict[str, Truth] = dict.fromkeys(pack.findings, False)
        self._finding_mask = (1 << self._outputs_at) - 1
        self._finding_names = tuple(self._finding_bits)  # by bit

    def _bits(self, findings: Iterable[str]) -> int:
        out = 0
        for name in findings:  # a finding no rule concludes gets a bit that is never set
            out |= self._finding_bits.setdefault(name, 1 << len(self._finding_bits))
        return out

    def evaluate(self, facts: dict[str, Any]) -> Evaluation:
        alive, unknown = self._judge(facts)
        if alive & unknown:
            return self._walk_open(facts, alive, unknown)
        return self._walk_settled(facts, alive)

    def _judge(self, facts: dict[str, Any]) -> tuple[int, int]:
        """The conjunctions the facts leave possible, and those of them the facts leave open, as bits."""
        total = 0
        for name, memo, tests in self._field_rows:
            value = facts.get(name)  # an unknown value (None) has its masks kept from the start
            # a set's class (the items the tests name that it holds) costs less than its items made a key
            found = tests.masks(value) if type(value) is list else memo.get(value)
            if found is None:
                found = tests.masks(value)
            if found:  # a third of the values make no test false nor leave one unknown: nothing to add
                total |= found
        false, unknown = total & self._all, total >> self._width
        alive = self._all & ~false
        if alive & self._spanning:  # tests over several fields, judged for the conjunctions still possible
            for bit, residual in self._residuals:
                if alive & bit:
                    truth = residual(facts)
                    if truth is False:
                        alive ^= bit
                    elif truth is None:
                        unknown |= bit
        return alive, unknown

    def _walk_settled(self, facts: dict[str, Any], alive: int) -> Evaluation:
        """The walk when the facts settle every conjunction still possible: each fires or fails for good.

        Nothing is left open, so a finding is possible exactly when it is sure,
        and no rule waits on anything: layer by layer, the conjunctions that fire
        are those alive whose findings the layers below settled (``_SettledLayer``).
        """
        sure = 0
        fired: list[Firing] = []
        layer_of, chunks = self._layer_of, self._firing_chunks
        tables = chunks.tables
        while alive:  # the next layer with a conjunction alive
            mask, dependent, need, eligible, low, spanned, layer = layer_of[(alive & -alive).bit_length() - 1]
            firing = alive & mask
            alive ^= firing
            if firing & dependent:
                if eligible is None:
                    firing = layer.judged(firing, sure)
                else:
                    ready = eligible.get(sure & need)
                    firing &= (layer.keep(sure & need) if ready is None else ready) << low
            if spanned is not None:  # the few bytes of a small layer, each looked at
                for shift, table, chunk in spanned:
                    byte = firing >> shift & 0xFF
                    if byte:
                        entry = table[byte]
                        if entry is None:
                            entry = chunks.entry(chunk, byte)
                        sure |= entry[0]
                        fired += entry[1]
                continue
            while firing:  # a byte of the conjunctions that fire at a time
                chunk = ((firing & -firing).bit_length() - 1) >> 3
                byte = firing >> (chunk << 3) & 0xFF
                firing ^= byte << (chunk << 3)
                entry = tables[chunk][byte]
                if entry is None:
                    entry = chunks.entry(chunk, byte)
                sure |= entry[0]
                fired += entry[1]
        findings = self._no_findings.copy()
        concluded, names = sure & self._finding_mask, self._finding_names
        while concluded:
            low = concluded & -concluded
            concluded ^= low
            findings[names[low.bit_length() - 1]] = True
        trace = Trace(tuple(fired), facts)
        reached = self._reach(sure >> self._outputs_at)
        if len(fired) > self.pack.max_firings:
            return evaluation(self.pack, facts, trace, findings, (), reached)  # raises FiringLimitExceeded
        return Evaluation(trace, findings, (), reached)

    def _reach(self, outputs: int) -> Reached:
        """What the output bits of the findings concluded reach (``_output_bits``)."""
        found = self._reached.get(outputs)
        if found is None:
            if len(self._reached) >= self.REACHED_SIZE:
                self._reached.clear()
            found = self._reached[outputs] = Reached(
                max((outputs & _LEVEL_BITS).bit_length() - 1, 0),
                tuple(max((outputs >> at & _RATING_BITS).bit_length() - 1, 0) for at in _RISK_AT),
                bool(outputs >> _HEDGING_AT & 1),
            )
        return found

    def _walk_open(self, facts: dict[str, Any], alive: int, unknown: int) -> Evaluation:
        """The walk in firing order, over findings as bits: sure (concluded) and possible."""
        walk = self._walk
        sure = possible = concludes = 0
        fired_by: list[int] = []
        open_rules: list[Rule] = []
        current: Rule | None = None
        fired = maybe = False
        while alive:
            low = alive & -alive
            alive ^= low
            j = low.bit_length() - 1
            rule, present, absent, bits = walk[j]
            if rule is not current:
                if fired:
                    possible |= concludes
                elif maybe:
                    possible |= concludes
                    open_rules.append(current)  # type: ignore[arg-type]
                current, concludes, fired, maybe = rule, bits, False, False
            # absent: not even possibly concluded
            if not unknown & low and sure & present == present and not possible & absent:
                fired_by.append(j)
                sure |= bits
                fired = True
            elif possible & present == present and not sure & absent:
                maybe = True
        if fired:
            possible |= concludes
        elif maybe:
            possible |= concludes
            open_rules.append(current)  # type: ignore[arg-type]

        conjunctions = self._conjunctions
        trace = Trace(tuple([conjunctions[j].firing for j in fired_by]), facts)
        findings: dict[str, Truth] = {
            name: True if sure & bit else None if possible & bit else False for name, bit in self._concluded
        }
        return evaluation(self.pack, facts, trace, findings, open_rules, self._reach(sure >> self._outputs_at))
