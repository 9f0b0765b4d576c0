"""A rule pack generated into plain Python source: the plain-Python anchor.

The pack becomes one straight-line function, ``evaluate(profile)``: it reads
each tested field once, then tests the compiled rules (the variants of each
rule's condition, see ``conditions.variants``) one after the other in amity's
firing order (layer, priority, pack order; see ``anchors.firing_order``). A
rule that holds is recorded as fired and its conclusions are applied: findings
are local booleans, the level and each risk's rating are ranks kept at their
maximum, hedging a boolean. Because every finding a rule tests is concluded in
a lower layer, one pass in that order is the fixpoint.

Each operator is written as amity's ``conditions.atom_predicate`` computes it
(``in`` against a frozenset, ordinal comparisons on vocabulary ranks, set sizes
with ``len``), so the two agree on every value, including the edges.

The generated source imports nothing; ``exec`` runs it here, in bench/ only, on
a trusted pack. Complete profiles only (every field the pack tests is known):
``known`` tests are then decided by the pack alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from amity.engine import conditions as cond
from amity.engine.pack import Pack
from amity.engine.vocabulary import fact_fields

from . import LEVELS, RATINGS, RISKS, IncompleteProfile, Outputs, firing_order, missing_fields, tested_fields

_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


class _Writer:
    """Builds the source, keeping the constants (sets, rank tables) it needs at module level."""

    def __init__(self) -> None:
        self.constants: dict[str, str] = {}  # name -> literal

    def constant(self, literal: str) -> str:
        for name, known in self.constants.items():
            if known == literal:
                return name
        name = f"_K{len(self.constants)}"
        self.constants[name] = literal
        return name

    def frozen(self, values: Any) -> str:
        return self.constant("frozenset((" + "".join(f"{v!r}, " for v in values) + "))")

    def atom(self, field: str, op: str, arg: Any) -> str:
        spec = fact_fields()[field]
        var = f"v_{field}"
        if op == "known":
            return "True" if arg else "False"  # complete profiles: every tested field is known
        if spec.kind == "ordinal" and op in ("lt", "le", "gt", "ge"):
            ranks = self.constant(repr({v: i for i, v in enumerate(spec.values)}))
            return f"{ranks}[{var}] {_COMPARE[op]} {spec.rank(arg)}"
        if op in _COMPARE:
            return f"{var} {_COMPARE[op]} {arg!r}"
        if op == "in":
            return f"{var} in {self.frozen(arg)}"
        if op == "contains":
            return f"{arg!r} in {var}"
        if op == "contains_any":
            return f"not {self.frozen(arg)}.isdisjoint({var})"
        if op == "contains_all":
            return f"{self.frozen(arg)}.issubset({var})"
        if op == "size":
            return " and ".join(f"len({var}) {_COMPARE[k]} {n!r}" for k, n in arg) or "True"
        raise ValueError(f"no Python translation for {field} {op} {arg!r}")

    def expression(self, node: cond.Condition) -> str:
        if isinstance(node, cond.FieldTest):
            return "(" + (" and ".join(f"({self.atom(node.field, op, a)})" for op, a in node.ops) or "True") + ")"
        if isinstance(node, cond.Not):
            return f"(not {self.expression(node.child)})"
        if isinstance(node, cond.All):
            return "(" + (" and ".join(self.expression(c) for c in node.children) or "True") + ")"
        if isinstance(node, cond.Any_):
            return "(" + (" or ".join(self.expression(c) for c in node.children) or "False") + ")"
        raise ValueError(f"a variant's formula tests facts only, not {node}")


def source(pack: Pack) -> str:
    """The pack as a Python module defining ``evaluate(profile)``."""
    writer = _Writer()
    fields = tested_fields(pack)
    findings = list(pack.findings)
    flag = {name: f"f{i}" for i, name in enumerate(findings)}
    body = [f"    v_{name} = profile[{name!r}]" for name in fields]
    body += [f"    {flag[name]} = False" for name in findings]
    body += ["    fired = []", "    level = 0", *(f"    r{i} = 0" for i in range(len(RISKS))), "    hedging = False"]
    for compiled in firing_order(pack):
        rule, variant = compiled.rule, compiled.variant
        guard = [writer.expression(variant.formula)] if variant.formula is not None else []
        guard += [flag[name] for name in variant.present]
        guard += [f"not {flag[name]}" for name in variant.absent]
        body.append(f"    # {rule.id} (layer {compiled.layer}, priority {rule.priority}): {rule.when}")
        body.append(f"    if {' and '.join(guard) or 'True'}:")
        body.append(f"        fired.append({rule.id!r})")
        for c in rule.then:
            if c.kind == "finding":
                body.append(f"        {flag[c.value]} = True")
            elif c.kind == "level":
                rank = LEVELS.index(c.value)
                body.append(f"        if level < {rank}:")
                body.append(f"            level = {rank}")
            elif c.kind == "risk":
                i, rank = RISKS.index(c.value), RATINGS.index(c.rating)
                body.append(f"        if r{i} < {rank}:")
                body.append(f"            r{i} = {rank}")
            elif c.kind == "hedging":
                body.append("        hedging = True")
            else:  # pragma: no cover - the pack schema allows no other kind
                raise ValueError(f"unknown conclusion kind {c.kind}")
    concluded = ", ".join(f"{name!r}" for name in findings)
    body.append(f"    names = ({concluded}{',' if len(findings) == 1 else ''})")
    body.append(f"    flags = ({', '.join(flag[n] for n in findings)}{',' if len(findings) == 1 else ''})")
    body.append(
        "    return (frozenset(n for n, f in zip(names, flags) if f), LEVELS[level], "
        "{" + ", ".join(f"{risk!r}: RATINGS[r{i}]" for i, risk in enumerate(RISKS)) + "}, hedging, tuple(fired))"
    )
    head = [
        f"# pack {pack.name} {pack.version}, generated by bench/anchors/plain.py",
        f"LEVELS = {LEVELS!r}",
        f"RATINGS = {RATINGS!r}",
        *(f"{name} = {literal}" for name, literal in writer.constants.items()),
        "",
        "",
        "def evaluate(profile):",
    ]
    return "\n".join(head + body) + "\n"


class PlainAnchor:
    """A pack generated into Python source and compiled once."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.fields = tested_fields(pack)
        self.text = source(pack)
        namespace: dict[str, Any] = {}
        exec(compile(self.text, f"<anchor {pack.name}>", "exec"), namespace)  # bench only: a trusted pack
        self._evaluate: Callable[[Mapping[str, Any]], tuple[Any, ...]] = namespace["evaluate"]

    def evaluate(self, profile: Mapping[str, Any]) -> Outputs:
        """The pack's outputs for one complete profile."""
        missing = missing_fields(profile, self.fields)
        if missing:
            raise IncompleteProfile(f"the plain anchor needs every tested field known; unknown: {', '.join(missing)}")
        return Outputs(*self._evaluate(profile))
