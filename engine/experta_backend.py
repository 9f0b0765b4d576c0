"""The reference evaluator: a pack compiled to experta rules and run on experta's Rete engine.

Each conjunction of a rule's condition (``conditions.variants``) becomes two
experta rules over three kinds of facts: one ``Profile`` fact holding the known
fields, and for each finding a ``Sure`` fact (concluded) and a ``Possible`` fact
(some completion of the unknown facts could conclude it).

* The *sure* rule fires when the conjunction is definitely true: its test of
  the facts is true, its findings are sure, and the findings it needs absent are
  not even possible. Its firings are the trace.
* The *possible* rule fires when the conjunction is not definitely false.

Every experta rule gets its own salience, from the firing order both evaluators
share (``evaluator.firing_order``); experta breaks salience ties by fact
recency, which would vary between engines. The engine class is built once per
pack; each profile resets and reuses it.

experta is imported here only, on first use: it patches nothing for the rest of
the process (see ``_import_experta``).
"""

from __future__ import annotations

import collections
import collections.abc
import logging
from typing import Any

from . import conditions as cond
from .evaluator import Evaluation, finish, firing_order
from .pack import Pack, Rule
from .trace import TraceRecorder

_ALIASES = ("Mapping", "MutableMapping", "Sequence", "Iterable", "Callable", "Hashable")


def _import_experta() -> Any:
    """Import experta 1.9.4 as released, leaving ``collections`` and logging as they were.

    experta pins ``frozendict==1.2``, whose class statement names
    ``collections.Mapping`` (removed in Python 3.10); the alias is needed only
    while that module is first imported. experta also calls
    ``logging.basicConfig()`` on import, which would give the root logger a
    handler. Both are undone once the import is over.
    """
    import sys

    if "experta" in sys.modules:
        return sys.modules["experta"]
    added = [name for name in _ALIASES if not hasattr(collections, name)]
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    for name in added:
        setattr(collections, name, getattr(collections.abc, name))
    try:
        import experta
        import experta.strategies
    finally:
        for name in added:
            delattr(collections, name)
        root.handlers[:] = handlers
        root.setLevel(level)
    return experta


class KnownFacts:
    """The known facts of one profile as one immutable field value of a ``Profile`` fact.

    experta freezes every field value; a plain dict would become a (pure Python)
    frozendict, slow to build and to read in every rule's test. This read-only
    mapping is hashable as it is, so experta keeps it unchanged.
    """

    __slots__ = ("_hash", "values")

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self._hash = hash(tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items())))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnownFacts) and other.values == self.values


class ExpertaEvaluator:
    """A pack compiled once into an experta engine, reset and run for each profile."""

    name = "experta"

    def __init__(self, pack: Pack) -> None:
        experta = _import_experta()
        self.pack = pack
        fact_base = experta.Fact

        class Profile(fact_base):  # type: ignore[misc, valid-type]
            """The known input facts of one relationship."""

        self._profile = Profile
        self.sure = {
            f: type(f"Sure_{f}", (fact_base,), {"__doc__": f"Finding {f} is concluded."}) for f in pack.findings
        }
        self.possible = {
            f: type(f"Possible_{f}", (fact_base,), {"__doc__": f"Finding {f} may be concluded."}) for f in pack.findings
        }
        order = firing_order(pack)
        attrs: dict[str, Any] = {"__doc__": f"Rules of pack {pack.name} {pack.version}."}
        salience = 2 * len(order)
        for i, (rule, variant) in enumerate(order):
            attrs[f"sure_{i:05d}"] = experta.Rule(*self._patterns(variant, sure=True), salience=salience)(
                self._fire(rule, variant)
            )
            attrs[f"possible_{i:05d}"] = experta.Rule(*self._patterns(variant, sure=False), salience=salience - 1)(
                self._may_fire(rule)
            )
            salience -= 2
        self.experta_rules = 2 * len(order)
        engine_class = type(f"Pack_{pack.name.replace('-', '_')}", (_engine_base(experta),), attrs)
        self.engine = engine_class()

    def _patterns(self, variant: cond.Variant, *, sure: bool) -> list[Any]:
        experta = _import_experta()
        patterns: list[Any] = []
        if variant.formula is not None:
            holds = cond.kleene(variant.formula)
            none: dict[str, Any] = {}
            if sure:
                test = lambda known: holds(known.values, none, known.values) is True  # noqa: E731
            else:
                test = lambda known: holds(known.values, none, known.values) is not False  # noqa: E731
            patterns.append(self._profile(facts=experta.P(test)))
        for name in variant.present:
            patterns.append((self.sure if sure else self.possible)[name]())
        for name in variant.absent:
            patterns.append(experta.NOT((self.possible if sure else self.sure)[name]()))
        return patterns

    def _fire(self, rule: Rule, variant: cond.Variant) -> Any:
        witness = cond.compile_witness(variant.formula) if variant.formula is not None else None
        sure, possible = self.sure, self.possible

        def fire(engine: Any) -> None:
            new = engine.amity_recorder.record(rule, variant, witness)
            engine.amity_fired.add(rule.id)
            if new:
                engine.declare(*(sure[name]() for name in new), *(possible[name]() for name in new))

        fire.__name__ = fire.__qualname__ = rule.id
        return fire

    def _may_fire(self, rule: Rule) -> Any:
        possible = self.possible

        def may_fire(engine: Any) -> None:
            engine.amity_maybe.append(rule)
            fresh = [name for name in rule.findings_concluded if name not in engine.amity_possible]
            engine.amity_possible.update(fresh)
            if fresh:
                engine.declare(*(possible[name]() for name in fresh))

        may_fire.__name__ = may_fire.__qualname__ = f"{rule.id}?"
        return may_fire

    def evaluate(self, facts: dict[str, Any]) -> Evaluation:
        engine = self.engine
        engine.reset()
        engine.amity_facts = facts
        engine.amity_recorder = recorder = TraceRecorder(facts)
        engine.amity_fired = fired = set[str]()
        engine.amity_maybe = maybe = list[Rule]()
        engine.amity_possible = possible = set[str]()
        engine.declare(self._profile(facts=KnownFacts(facts)))
        try:
            engine.run()
        finally:
            engine.running = False  # an error inside a rule leaves it set; reset() needs it clear
        possible.update(recorder.finding_steps)
        open_rules = list(dict.fromkeys(r for r in maybe if r.id not in fired))
        return finish(self.pack, facts, recorder, possible, open_rules)


_ENGINE_BASE: Any = None


def _engine_base(experta: Any) -> Any:
    """experta's engine with two of its internals made cheaper, same behaviour.

    * The depth strategy memoizes each activation's key in an ``lru_cache``,
      which hashes the activation (rule, patterns and facts) on every update:
      more work than computing the key. The order is the same.
    * ``reset()`` asks ``get_deffacts()``, which walks every attribute of the
      engine with ``inspect.getmembers``; a pack's engine never gains deffacts
      after it is built, so the answer is kept.
    """
    global _ENGINE_BASE
    if _ENGINE_BASE is None:

        class DepthOrder(experta.strategies.DepthStrategy):  # type: ignore[misc]
            def get_key(self, activation: Any) -> tuple[int, list[int]]:
                return (activation.rule.salience, sorted((f["__factid__"] for f in activation.facts), reverse=True))

        class PackEngine(experta.KnowledgeEngine):  # type: ignore[misc]
            __strategy__ = DepthOrder

            def get_deffacts(self) -> Any:
                cached = self.__dict__.get("_amity_deffacts")
                if cached is None:
                    cached = self.__dict__["_amity_deffacts"] = super().get_deffacts()
                return cached

        _ENGINE_BASE = PackEngine
    return _ENGINE_BASE
