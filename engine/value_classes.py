"""The value classes of a pack's fields, as a learner meets them: in words, and as the nearest concrete value.

Each tested field's domain splits into a few classes of values that no test of
the pack tells apart (``conditions.value_classes``; ``Analysis.classes`` holds
one representative per class). The interview asks and explains in classes, and
the why-not search changes facts class by class; this module says what a class
is in words ("5 or more", "ratified treaty or signed treaty") and finds the
value of a class nearest to a value the profile already has, so that a change
reads "sectors added health" rather than a whole new list.
"""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import Any

from . import conditions as cond
from . import plain, wording
from .unknowns import Analysis
from .vocabulary import fact_fields


class ValueClasses:
    """Words and nearest values for the classes of one pack's tested fields."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.specs = fact_fields()

    def count(self, field: str) -> int:
        return len(self.analysis.classes[field])

    def index(self, field: str, value: Any) -> int:
        """The class of a known value."""
        return self.analysis.class_of(field, value)

    @cached_property
    def _candidates(self) -> dict[str, list[Any]]:
        return {
            name: cond.candidate_values(self.specs[name], self.analysis.tests[name]) for name in self.analysis.classes
        }

    def members(self, field: str, index: int) -> list[Any]:
        """The candidate values in a class (enough to describe it; a set's members are examples)."""
        return [v for v in self._candidates[field] if self.index(field, v) == index]

    def text(self, field: str, indexes: int | tuple[int, ...] | list[int]) -> str:
        """One class, or a union of classes, in words."""
        if isinstance(indexes, int):
            indexes = (indexes,)
        spec = self.specs[field]
        if spec.kind in ("enum", "ordinal", "boolean"):
            return plain.values_text(field, [v for k in sorted(indexes) for v in self.members(field, k)])
        everything = self._candidates[field]
        tests = self.analysis.tests[field]
        members = [v for v in everything if self.index(field, v) in set(indexes)]
        if spec.kind == "set" or _contiguous(sorted(everything), members):
            return plain.class_text(field, members, everything, tests)
        return plain.join_or(
            plain.class_text(field, self.members(field, k), everything, tests) for k in sorted(indexes)
        )

    def nearest(self, field: str, indexes: tuple[int, ...], current: Any) -> Any:
        """A value in one of the classes, as near as can be to the current value (None: unknown).

        Enumerations: the nearest in the vocabulary's order (the first, from
        unknown); numbers: the candidate nearest the current value; sets: the
        fewest items added or dropped, the vocabulary's order breaking ties.
        """
        spec = self.specs[field]
        wanted = set(indexes)
        if spec.kind == "set":
            return self._nearest_set(field, wanted, current)
        members = [v for k in sorted(wanted) for v in self.members(field, k)]
        if spec.kind in ("enum", "ordinal"):
            members = [v for v in spec.values if v in members]
        if current is None or not members:
            return members[0]
        if spec.kind in ("enum", "ordinal"):
            here = spec.rank(current)
            return min(members, key=lambda v: (abs(spec.rank(v) - here), spec.rank(v)))
        if spec.kind == "boolean":
            return members[0]
        if spec.kind == "integer":
            for k in sorted(wanted):
                inside = self.members(field, k)
                lo, hi = min(inside), max(inside)
                top = hi if spec.maximum is not None or hi != max(self._candidates[field]) else None
                if lo <= current and (top is None or current <= top):
                    return current
            return min(members, key=lambda v: (abs(v - current), v))
        return min(members, key=lambda v: (abs(v - current), v))

    def _nearest_set(self, field: str, wanted: set[int], current: Any) -> tuple[str, ...]:
        order = self.specs[field].values
        for distance in range(len(order) + 1):
            found = self.sets_at(field, wanted, current, distance, first=True)
            if found:
                return found[0]
        raise ValueError(f"no value of {field} in classes {sorted(wanted)}")  # pragma: no cover

    def sets_at(
        self, field: str, wanted: set[int] | tuple[int, ...], current: Any, distance: int, *, first: bool = False
    ) -> list[tuple[str, ...]]:
        """The values of a set field in the classes with ``distance`` items added or dropped, in the vocabulary's
        order (with ``first``, only the first of them).

        Several when any of several items would do: what a change says must not
        single one out (``change``).
        """
        start = set(current or ())
        order = self.specs[field].values
        wanted = set(wanted)
        found = []
        for flips in itertools.combinations(order, distance):
            members = start ^ set(flips)
            value = tuple(v for v in order if v in members)
            if self.index(field, value) in wanted:
                found.append(value)
                if first:
                    break
        return found

    def change_text(self, field: str, indexes: tuple[int, ...], current: Any, value: Any) -> str:
        """'economic integration were deep', 'sectors added health', 'there were 5 or more working groups'.

        A set one or two items from the classes says which items to add or drop
        (``added health``); when any of several would do, it says so ('had one
        more item (for example defense)', 'added any one of: energy or health'),
        and names one only when no other will do. Further away, or when the items
        that would do fall into no such pattern, it says what the class asks, with
        the nearest value as an example, since any value of the class would do
        ('sectors had at most 2 items without defense', not a list of the eight to drop).
        """
        return self.change(field, indexes, current, value)[0]

    def change(self, field: str, indexes: tuple[int, ...], current: Any, value: Any) -> tuple[str, tuple[Any, ...]]:
        """The words of a change (``change_text``) and the values they name: each of them would do."""
        title = plain.field_title(field)
        spec = self.specs[field]
        if spec.kind == "set":
            distance = len(set(value) ^ set(current or ()))
            if current is not None and distance <= 2:  # value is one of the nearest: the others are as near
                nearest = self.sets_at(field, indexes, current, distance)
                said = _items_changed(spec.values, tuple(current), nearest)
                if said is not None:
                    return f"{title} {said}", tuple(nearest)
            said = f"{title} had {self.text(field, indexes)}"
            if self._only(field, indexes, value):  # 'had no items', not 'had no items (for example none)'
                return said, (value,)
            return f"{said} (for example {plain.value_text(field, value)})", (value,)
        if spec.kind == "boolean":
            return plain.fact_clause(field, value), (value,)
        if plain.count_noun(field):  # the words name what is counted: 'there were no working groups'
            return f"there were {self.text(field, indexes)}", (value,)
        return f"{title} were {self.text(field, indexes)}", (value,)

    def _only(self, field: str, indexes: tuple[int, ...], value: tuple[str, ...]) -> bool:
        """Whether the classes hold no set but ``value``: only the empty set, or the set of every item,
        is alone in having its size, so an example would only repeat what the class says."""
        size = len(value)
        if size not in (0, len(self.specs[field].values)):
            return False
        return all(len(m) == size for k in indexes for m in self.members(field, k))


def _items_changed(order: tuple[str, ...], current: tuple[str, ...], nearest: list[tuple[str, ...]]) -> str | None:
    """'added defense', 'had one more item (for example defense)', 'added any one of: energy or health and
    dropped trade': the items that turn ``current`` into any of ``nearest``, or None when the values that do
    are not every choice of so many items from some items to add and some to drop (no words say them exactly).
    """
    have = set(current)
    added = [tuple(v for v in order if v in value and v not in have) for value in nearest]
    dropped = [tuple(v for v in order if v in have and v not in value) for value in nearest]
    n_add, n_drop = len(added[0]), len(dropped[0])
    to_add = [v for v in order if any(v in a for a in added)]
    to_drop = [v for v in order if any(v in d for d in dropped)]
    every = set(itertools.product(itertools.combinations(to_add, n_add), itertools.combinations(to_drop, n_drop)))
    if every != set(zip(added, dropped, strict=True)):
        return None
    absent = [v for v in order if v not in have]
    present = [v for v in order if v in have]
    if n_add and not n_drop and len(to_add) > n_add and to_add == absent:
        return f"had {_count(n_add, 'more')} (for example {_items(to_add[:n_add])})"
    if n_drop and not n_add and len(to_drop) > n_drop and to_drop == present:
        return f"had {_count(n_drop, 'fewer')} (for example without {_items(to_drop[:n_drop])})"
    parts = [_picked("added", to_add, n_add), _picked("dropped", to_drop, n_drop)]
    return " and ".join(p for p in parts if p)


def _picked(verb: str, items: list[str], n: int) -> str:
    """'added defense', 'added any one of: energy or health', '' (nothing to say: n is 0)."""
    if not n:
        return ""
    if len(items) == n:
        return f"{verb} {_items(items)}"
    return f"{verb} any {wording.number(n)} of: {plain.join_or(plain.words(v) for v in items)}"


def _items(items: list[str]) -> str:
    return plain.join_or((plain.words(v) for v in items), "and")


def _count(n: int, more: str) -> str:
    """'one more item', 'two items fewer'."""
    items = f"item{'s' if n > 1 else ''}"
    return f"{wording.number(n)} {more} {items}" if more == "more" else f"{wording.number(n)} {items} {more}"


def _contiguous(ordered: list[Any], members: list[Any]) -> bool:
    """Whether the members form one run of the ordered candidates (one interval of numbers)."""
    where = sorted(ordered.index(m) for m in members)
    return where == list(range(where[0], where[0] + len(where)))
