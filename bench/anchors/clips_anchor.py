"""A rule pack translated into CLIPS (through clipspy): the CLIPS anchor.

Translation, once per pack:

* one ``deftemplate profile`` with a slot per field the pack tests (a multislot for
  sets; an ordinal field holds its rank in the vocabulary, so ``lt``/``ge`` compare
  ranks as amity does; a boolean is the symbol TRUE or FALSE);
* one ``deftemplate finding`` (slot ``name``): findings are facts;
* one ``defrule`` per compiled rule (a variant of a rule's condition, see
  ``conditions.variants``): a ``profile`` pattern and a ``test`` of the variant's
  formula over the facts, a ``finding`` pattern per finding it needs, a
  ``(not (finding ...))`` per finding it needs absent. Each gets its own salience,
  so CLIPS fires them in amity's order (layer, priority, pack order); see
  ``anchors.firing_order``;
* a rule's action asserts the findings it concludes and records its firing and
  its conclusions in three globals, as integers: ``?*fired*`` the compiled rules
  in firing order, ``?*findings*`` the findings concluded, ``?*state*`` the level's
  rank, each risk's rating rank (kept at their maximum) and hedging (0 or 1).
  ``reset`` restores the globals, so each profile starts clean.

Evaluation, per profile: ``reset``, assert one ``profile`` fact, ``run``, read the
three globals. The bridge calls the CLIPS C API through clipspy's cffi module
(``clips._clips.lib``) rather than clipspy's object layer: see ``ClipsAnchor``.
Complete profiles only (every field the pack tests is known):
``known`` tests are then decided by the pack alone (``known: true`` holds,
``known: false`` fails), and no finding is left open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import clips
from amity.engine import conditions as cond
from amity.engine.pack import Pack
from amity.engine.vocabulary import fact_fields
from clips._clips import ffi, lib
from clips.common import environment_builder

from . import (
    LEVELS,
    RATINGS,
    RISKS,
    CompiledRule,
    IncompleteProfile,
    Outputs,
    firing_order,
    missing_fields,
    tested_fields,
)

_MAX_SALIENCE = 10_000  # CLIPS's bound
_NUMERIC = {"eq": "=", "ne": "<>", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def string(value: str) -> str:
    """A CLIPS string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {value!r}")
    return repr(value) if isinstance(value, float) else str(value)


def _or(parts: list[str]) -> str:
    return "FALSE" if not parts else parts[0] if len(parts) == 1 else "(or " + " ".join(parts) + ")"


def _and(parts: list[str]) -> str:
    return "TRUE" if not parts else parts[0] if len(parts) == 1 else "(and " + " ".join(parts) + ")"


def atom(field: str, op: str, arg: Any) -> str:
    """One operator of a field test, as a CLIPS expression over the field's variable ``?field``."""
    spec = fact_fields()[field]
    var = f"?{field}"
    if op == "known":
        return "TRUE" if arg else "FALSE"  # complete profiles: every tested field is known
    if spec.kind == "set":
        if op == "contains":
            return f"(member$ {string(arg)} {var})"
        if op == "contains_any":
            return _or([f"(member$ {string(a)} {var})" for a in arg])
        if op == "contains_all":
            return _and([f"(member$ {string(a)} {var})" for a in arg])
        if op == "size":
            return _and([f"({_NUMERIC[k]} (length$ {var}) {number(n)})" for k, n in arg])
    elif spec.kind == "ordinal":
        if op in _NUMERIC:
            return f"({_NUMERIC[op]} {var} {spec.rank(arg)})"
        if op == "in":
            return _or([f"(= {var} {spec.rank(a)})" for a in arg])
    elif spec.kind in ("integer", "number"):
        if op in _NUMERIC:
            return f"({_NUMERIC[op]} {var} {number(arg)})"
        if op == "in":
            return _or([f"(= {var} {number(a)})" for a in arg])
    elif spec.kind == "boolean":
        literal = "TRUE" if arg else "FALSE"
        if op == "eq":
            return f"(eq {var} {literal})"
        if op == "ne":
            return f"(neq {var} {literal})"
    elif spec.kind == "enum":
        if op == "eq":
            return f"(eq {var} {string(arg)})"
        if op == "ne":
            return f"(neq {var} {string(arg)})"
        if op == "in":
            return _or([f"(eq {var} {string(a)})" for a in arg])
    raise ValueError(f"no CLIPS translation for {field} ({spec.kind}) {op} {arg!r}")


def expression(node: cond.Condition) -> str:
    """A condition over facts (no finding references) as a CLIPS boolean expression."""
    if isinstance(node, cond.FieldTest):
        return _and([atom(node.field, op, arg) for op, arg in node.ops])
    if isinstance(node, cond.Not):
        return f"(not {expression(node.child)})"
    if isinstance(node, cond.All):
        return _and([expression(c) for c in node.children])
    if isinstance(node, cond.Any_):
        return _or([expression(c) for c in node.children])
    raise ValueError(f"a variant's formula tests facts only, not {node}")


def defrule(index: int, compiled: CompiledRule, finding_ids: dict[str, int]) -> str:
    rule, variant = compiled.rule, compiled.variant
    lines = [f"(defrule v{index:04d} {string(rule.id)}", f"  (declare (salience {compiled.salience}))"]
    if variant.formula is None:
        lines.append("  (profile)")
    else:
        slots = " ".join(
            f"({f} $?{f})" if fact_fields()[f].kind == "set" else f"({f} ?{f})" for f in cond.fields_of(variant.formula)
        )
        lines.append(f"  (profile {slots})")
        test = expression(variant.formula)
        # a test CE takes a function call, not a constant (a `known` test alone is one)
        lines.append(f"  (test {test if test.startswith('(') else f'(eq {test} TRUE)'})")
    lines.extend(f"  (finding (name {string(name)}))" for name in variant.present)
    lines.extend(f"  (not (finding (name {string(name)})))" for name in variant.absent)
    lines.append("  =>")
    lines.append(f"  (bind ?*fired* (create$ ?*fired* {index}))")
    for c in rule.then:
        if c.kind == "finding":
            lines.append(f"  (assert (finding (name {string(c.value)})))")
            lines.append(f"  (bind ?*findings* (create$ ?*findings* {finding_ids[c.value]}))")
        elif c.kind == "level":
            lines.append(f"  (bind ?*state* (replace$ ?*state* 1 1 (max (nth$ 1 ?*state*) {LEVELS.index(c.value)})))")
        elif c.kind == "risk":
            i = RISKS.index(c.value) + 2
            rank = RATINGS.index(c.rating)
            lines.append(f"  (bind ?*state* (replace$ ?*state* {i} {i} (max (nth$ {i} ?*state*) {rank})))")
        elif c.kind == "hedging":
            i = len(RISKS) + 2
            lines.append(f"  (bind ?*state* (replace$ ?*state* {i} {i} 1))")
        else:  # pragma: no cover - the pack schema allows no other kind
            raise ValueError(f"unknown conclusion kind {c.kind}")
    lines[-1] += ")"
    return "\n".join(lines)


def source(pack: Pack) -> list[str]:
    """The pack as CLIPS constructs, in the order they are built."""
    compiled = firing_order(pack)
    if len(compiled) > _MAX_SALIENCE:
        raise ValueError(f"{len(compiled)} compiled rules: CLIPS saliences stop at {_MAX_SALIENCE}")
    finding_ids = {name: i for i, name in enumerate(pack.findings)}
    slots = []
    for name in tested_fields(pack):
        slots.append(f"({'multislot' if fact_fields()[name].kind == 'set' else 'slot'} {name})")
    # level none, every risk low, no hedging
    start = " ".join(["0"] * (len(RISKS) + 2))
    constructs = [
        f"(deftemplate profile {' '.join(slots)})",
        "(deftemplate finding (slot name))",
        "(defglobal ?*fired* = (create$))",
        "(defglobal ?*findings* = (create$))",
        f"(defglobal ?*state* = (create$ {start}))",
    ]
    constructs.extend(defrule(i, c, finding_ids) for i, c in enumerate(compiled))
    return constructs


def _slot_writer(raw: Any, name: str) -> Callable[[Any], Any]:
    """A function giving the CLIPS value of one field's Python value (a pointer for ``CLIPSValue.value``)."""
    spec = fact_fields()[name]
    if spec.kind == "ordinal":
        ranks = {v: i for i, v in enumerate(spec.values)}
        return lambda v: lib.CreateInteger(raw, ranks[v])
    if spec.kind == "boolean":
        return lambda v: lib.CreateBoolean(raw, v)
    if spec.kind == "enum":
        return lambda v: lib.CreateString(raw, v.encode())
    if spec.kind in ("integer", "number"):
        # the profile's own type: 16 stays an INTEGER, 16.5 a FLOAT (CLIPS compares them as numbers)
        return lambda v: lib.CreateFloat(raw, v) if isinstance(v, float) else lib.CreateInteger(raw, v)
    if spec.kind == "set":
        builder = environment_builder(raw, "multifield")
        item = ffi.new("CLIPSValue *")

        def multifield(values: Any) -> Any:
            if not values:
                return lib.EmptyMultifield(raw)
            lib.MBReset(builder)
            for v in values:
                item.value = lib.CreateString(raw, v.encode())
                lib.MBAppend(builder, item)
            return lib.MBCreate(builder)

        return multifield
    raise ValueError(f"no CLIPS slot for {name} ({spec.kind})")


def _integers(value: Any) -> list[int]:
    """The integers of a CLIPS multifield value."""
    multifield = value.multifieldValue
    items = ffi.cast("struct clipsValue *", multifield.contents)  # declared as a one-item array
    return [items[i].integerValue.contents for i in range(multifield.length)]


class ClipsAnchor:
    """A pack translated into one CLIPS environment, reset for every profile.

    The bridge uses CLIPS's C API (fact builder, defglobal values) through
    clipspy's cffi module, not clipspy's Python objects, for two reasons:
    ``Template.assert_fact`` wraps each fact in a Python object that retains it,
    and a fact still retained when ``reset`` retracts it is never collected
    (clipspy 1.0.6 with CLIPS 6.4.2: each profile then costs more than the one
    before, 0.4 ms at first and 2 ms after 60,000, and memory grows); and the
    object layer's conversions (a ``CLIPSValue`` allocated per value, each global
    looked up by name per read) cost more than CLIPS's own evaluation.
    """

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.fields = tested_fields(pack)
        self.constructs = source(pack)
        self.env = env = clips.Environment()
        for construct in self.constructs:
            env.build(construct)
        self._raw = raw = env._env
        self._builder = environment_builder(raw, "fact")
        self._value = ffi.new("CLIPSValue *")
        self._globals = [lib.FindDefglobal(raw, name) for name in (b"fired", b"findings", b"state")]
        self._slots = [(name.encode(), name, _slot_writer(raw, name)) for name in self.fields]
        self._rule_ids = [c.rule.id for c in firing_order(pack)]
        self._finding_names = list(pack.findings)

    @property
    def text(self) -> str:
        """The whole translation, as a CLIPS file would hold it."""
        return "\n\n".join(self.constructs) + "\n"

    def evaluate(self, profile: Mapping[str, Any]) -> Outputs:
        """The pack's outputs for one complete profile."""
        missing = missing_fields(profile, self.fields)
        if missing:
            raise IncompleteProfile(f"the CLIPS anchor needs every tested field known; unknown: {', '.join(missing)}")
        raw, builder, value = self._raw, self._builder, self._value
        lib.Reset(raw)
        lib.FBSetDeftemplate(builder, b"profile")
        for slot, name, write in self._slots:
            value.value = write(profile[name])
            if lib.FBPutSlot(builder, slot, value) != 0:
                raise ValueError(f"CLIPS refused {name} = {profile[name]!r}")
        if lib.FBAssert(builder) == ffi.NULL:
            raise clips.CLIPSError(raw, code=lib.FBError(raw))
        limit = self.pack.max_firings
        if lib.Run(raw, limit) >= limit and lib.GetNextActivation(raw, ffi.NULL) != ffi.NULL:
            raise RuntimeError(f"pack '{self.pack.name}' was still firing after {limit} firings")
        fired, findings, state = [], [], []
        for target, ptr in zip((fired, findings, state), self._globals, strict=True):
            lib.DefglobalGetValue(ptr, value)
            target.extend(_integers(value))
        rule_ids, names = self._rule_ids, self._finding_names
        hedging = state.pop()
        return Outputs(
            findings=frozenset(names[i] for i in findings),
            level=LEVELS[state[0]],
            risks={risk: RATINGS[rank] for risk, rank in zip(RISKS, state[1:], strict=True)},
            hedging=hedging == 1,
            fired=tuple(rule_ids[i] for i in fired),
        )
