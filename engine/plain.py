"""Plain English for learners: the words for fields, values, classes of values, findings, rules and conditions.

Every English word the interview, the why-not explanations, the quiz and the
text report show about a pack's content comes from here, so the pack's own
plain-English names (a ``name`` per rule, names of findings) replace the
fallbacks in one place. Until a pack names a finding, its id is shown with
spaces for underscores; until it names a rule, the rule's description is used.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import conditions as cond
from .levels import LEVEL_NAMES
from .pack import Pack, Rule
from .vocabulary import FieldSpec, fact_fields, fields

__all__ = [
    "choice",
    "class_text",
    "clause",
    "condition_text",
    "field_meaning",
    "field_title",
    "finding_name",
    "item_count",
    "join_or",
    "level_name",
    "output_name",
    "rule_name",
    "rule_reason",
    "value_text",
    "values_text",
]


def level_name(level: str) -> str:
    """A level as a person says it: 'comprehensive strategic partnership'."""
    return LEVEL_NAMES.get(level, level.replace("_", " "))


def field_title(name: str) -> str:
    """A field's title, lower-cased for use inside a sentence: 'legal basis'."""
    spec = fields().get(name)
    title = spec.title if spec and spec.title else name.replace("_", " ")
    return title[:1].lower() + title[1:]


def field_meaning(name: str) -> tuple[str, str | None]:
    """What a field means, and the seed section it comes from (None for the fields that name the case)."""
    spec = fields()[name]
    return spec.description, spec.section or None


def words(value: Any) -> str:
    """A vocabulary value in words: underscores become spaces."""
    return str(value).replace("_", " ")


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def value_text(name: str, value: Any) -> str:
    """A field's value in words: 'ratified treaty', 'yes', 'defense, trade', 'none', 'unknown'."""
    if value is None:
        return "unknown"
    spec = fact_fields().get(name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)) or (spec is not None and spec.kind == "set"):
        return ", ".join(words(v) for v in value) if value else "none"
    if isinstance(value, (int, float)):
        return _number(value)
    return words(value)


def values_text(name: str, values: Iterable[Any]) -> str:
    return join_or(value_text(name, v) for v in values)


def join_or(parts: Iterable[str], word: str = "or") -> str:
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def choice(name: str, value: Any) -> str:
    """One value as a numbered choice shows it."""
    return value_text(name, value)


def output_name(output: str) -> str:
    """'level', 'entrapment risk', 'hedging'."""
    if output.startswith("risk:"):
        return f"{output[5:]} risk"
    return output


def finding_name(pack: Pack | None, finding: str) -> str:
    """A finding in plain words; the pack's own name for it once the pack gives one."""
    named = pack.finding_names.get(finding) if pack is not None else None
    return named.name if named is not None else finding.replace("_", " ")


def lacking(phrase: str, word: str = "no") -> str:
    """A noun phrase denied: 'no alliance commitment', not 'no an alliance commitment'; 'perhaps no ...'."""
    first, _, rest = phrase.partition(" ")
    if rest and first.lower() in ("a", "an", "the"):
        phrase = rest
    return f"{word} {phrase}"


def absent(pack: Pack | None, finding: str) -> str:
    """A finding that does not hold, in plain words: 'no alliance commitment'."""
    return lacking(finding_name(pack, finding))


def rule_name(rule: Rule) -> str:
    """A rule in plain words: its name once the pack gives one, else its description."""
    name = getattr(rule, "name", None)
    return name or rule.description.rstrip(".")


def rule_reason(rule: Rule) -> str:
    """What a rule says, as a sentence without its full stop: its one-line description, which a
    learner can follow where a bare name ("framework declared") explains nothing; its name when
    it has no description."""
    return (rule.description or "").strip().rstrip(".") or rule_name(rule)


def clause(sentence: str) -> str:
    """A sentence as it goes on after "because": its first word lower-cased, unless an acronym ("EU")."""
    first = sentence.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return sentence
    return sentence[:1].lower() + sentence[1:]


# --------------------------------------------------------------------------- conditions


def _op_text(spec: FieldSpec, op: str, arg: Any) -> str:
    name = spec.name
    if op == "eq":
        return f"is {value_text(name, arg)}"
    if op == "ne":
        return f"is not {value_text(name, arg)}"
    if op == "in":
        return f"is {values_text(name, arg)}"
    if op in ("lt", "le", "gt", "ge"):
        shown = value_text(name, arg)
        return {
            "lt": f"is below {shown}",
            "le": f"is at most {shown}",
            "gt": f"is above {shown}",
            "ge": f"is at least {shown}",
        }[op]
    if op == "contains":
        return f"includes {words(arg)}"
    if op == "contains_any":
        return f"includes {join_or(words(a) for a in arg)}"
    if op == "contains_all":
        return f"includes {join_or((words(a) for a in arg), 'and')}"
    if op == "size":
        bounds = dict(arg)
        parts = []
        for k, n in sorted(bounds.items()):
            parts.append(
                {"ge": f"{n} or more", "gt": f"more than {n}", "le": f"at most {n}", "lt": f"fewer than {n}"}.get(
                    k, f"exactly {n}"
                )
            )
        return "has " + " and ".join(parts) + " items"
    if op == "known":
        return "is known" if arg else "is unknown"
    return f"{op} {arg}"  # pragma: no cover - the schema allows no other operator


def condition_text(node: cond.Condition, pack: Pack | None = None) -> str:
    """A condition in plain words: 'legal basis is ratified treaty or signed treaty and ...'."""
    if isinstance(node, cond.FieldTest):
        spec = fact_fields()[node.field]
        return f"{field_title(node.field)} " + " and ".join(_op_text(spec, op, arg) for op, arg in node.ops)
    if isinstance(node, cond.FindingRef):
        return finding_name(pack, node.name)
    if isinstance(node, cond.Not):
        inner = node.child
        if isinstance(inner, cond.FindingRef):
            return absent(pack, inner.name)
        return f"not ({condition_text(inner, pack)})"
    word = "and" if isinstance(node, cond.All) else "or"
    parts = [condition_text(c, pack) for c in node.children]
    text = f" {word} ".join(parts)
    return f"({text})" if len(parts) > 1 else text


# --------------------------------------------------------------------------- classes of values


def item_count(lo: int, hi: int, least: int, most: int) -> str:
    """How many items the sets of a class have, ``lo`` to ``hi``, where the items the class names allow
    ``least`` to ``most``: the words after "had".

    A range as a person says it: 'no items', 'at most 2 items' (never '0 to 2 items'), 'exactly
    1 item' (a bare '1 item' reads as 'at least one'), '1 or 2 items', '3 to 5 items', '3 or more
    items', 'all 12 items', and 'any number of items' where the size is not what sets the class apart.
    """
    if hi == 0:
        return "no items"
    if lo == hi:
        return f"all {hi} items" if hi == most else f"exactly {hi} item{'s' if hi > 1 else ''}"
    if hi == most:
        return "any number of items" if lo <= least else f"{lo} or more items"
    if lo <= least:
        return f"at most {hi} item{'s' if hi > 1 else ''}"
    return f"{lo} {'or' if hi == lo + 1 else 'to'} {hi} items"


def class_text(name: str, members: list[Any], everything: list[Any], tests: list[cond.FieldTest]) -> str:
    """Words for one class of a field's values, from the candidate values it holds.

    ``members`` are the candidate values in the class, ``everything`` all the
    field's candidates (``conditions.candidate_values``), ``tests`` the pack's
    tests of the field.
    """
    spec = fact_fields()[name]
    if spec.kind in ("enum", "ordinal", "boolean"):
        return values_text(name, members)
    if spec.kind == "integer":
        lo, hi = min(members), max(members)
        if hi == max(everything) and spec.maximum is None:
            return "any number" if lo == min(everything) else f"{lo} or more"
        return f"{lo}" if lo == hi else f"{lo} to {hi}"
    if spec.kind == "number":
        points = cond.test_points(tests)
        ordered = sorted(everything)
        lo, hi = min(members), max(members)
        i, j = ordered.index(lo), ordered.index(hi)
        parts = []
        if lo in points:
            parts.append(f"at least {_number(lo)}")
        elif i > 0 and ordered[i - 1] in points:
            parts.append(f"more than {_number(ordered[i - 1])}")
        if j + 1 < len(ordered):
            if hi in points:
                parts.append(f"at most {_number(hi)}")
            elif ordered[j + 1] in points:
                parts.append(f"under {_number(ordered[j + 1])}")
        return " and ".join(parts) or "any value"
    # sets: how many items, and the items the pack tests that every member has or lacks
    tested: list[str] = []
    for t in tests:
        for op, arg in t.ops:
            items = [arg] if op == "contains" else list(arg) if op in ("contains_any", "contains_all") else []
            tested += [v for v in items if v not in tested]
    always = [v for v in spec.values if v in tested and all(v in m for m in members)]
    never = [v for v in spec.values if v in tested and not any(v in m for m in members)]
    extra = []
    if always:
        extra.append("including " + join_or((words(v) for v in always), "and"))
    anyof = [
        arg
        for t in tests
        for op, arg in t.ops
        if op == "contains_any" and not set(arg) & set(always) and all(set(arg) & set(m) for m in members)
    ]
    extra += ["including " + join_or(words(v) for v in arg) for arg in anyof]
    if never:
        extra.append("without " + join_or(words(v) for v in never))
    sizes = sorted({len(m) for m in members})
    # as few items as the named ones allow (at most: each 'including any of' needs one more item at least)
    least = len(always) + len(anyof)
    count = item_count(sizes[0], sizes[-1], least, len(spec.values) - len(never))
    holes = [str(n) for n in range(sizes[0], sizes[-1] + 1) if n not in sizes]  # an `eq` or `ne` of a size
    if holes:
        count += " but not " + join_or(holes)
    return count + (" " + " and ".join(extra) if extra else "")
