"""Plain English for learners: the words for fields, values, classes of values, findings, rules and conditions.

Every English word the interview, the why-not explanations, the quiz and the
text report show about a pack's content comes from here, so the pack's own
plain-English names (a ``name`` per rule, names of findings) replace the
fallbacks in one place. Until a pack names a finding, its id is shown with
spaces for underscores; until it names a rule, the rule's description is used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from . import conditions as cond
from .levels import LEVEL_NAMES
from .pack import Pack, Rule
from .vocabulary import FieldSpec, fact_fields, fields

__all__ = [
    "FACT_CLAUSES",
    "amount",
    "choice",
    "class_text",
    "clause",
    "condition_text",
    "count_noun",
    "digits",
    "fact_clause",
    "fact_text",
    "field_meaning",
    "field_title",
    "finding_name",
    "item_count",
    "join_or",
    "level_name",
    "output_name",
    "plural",
    "rule_name",
    "rule_reason",
    "value_text",
    "values_text",
]


def plural(count: int, word: str, words: str | None = None) -> str:
    """A count and its noun, agreed: '1 row', '2 rows', '12,000 rows' (``words`` for an irregular plural)."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def level_name(level: str) -> str:
    """A level as a person says it: 'comprehensive strategic partnership'."""
    return LEVEL_NAMES.get(level, level.replace("_", " "))


def field_title(name: str) -> str:
    """A field's title, lower-cased for use inside a sentence: 'legal basis'."""
    spec = fields().get(name)
    title = spec.title if spec and spec.title else name.replace("_", " ")
    return title[:1].lower() + title[1:]


def field_meaning(name: str) -> tuple[str, str | None]:
    """What a field means, and the seed section it comes from (None for the fields that name the case).

    The meaning names the field's values as its menu shows them ('signed treaty: legally binding', not
    the data's 'signed_treaty'), for the person who reads it above that menu."""
    spec = fields()[name]
    text = spec.description
    for value in sorted((v for v in spec.values if isinstance(v, str) and "_" in v), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(value)}\b", words(value), text)
    return text, spec.section or None


def words(value: Any) -> str:
    """A vocabulary value in words: underscores become spaces."""
    return str(value).replace("_", " ")


def digits(value: float) -> str:
    """A number in digits as a message shows it: a whole number grouped by thousands (12,000, also for 12000.0),
    any other as Python writes it back exactly, grouped too (2.5, 0.3, 1,234.5, 1e-05), never rounded."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:  # exact as a whole number
        value = int(value)
    return f"{value:,}"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def value_text(name: str, value: Any) -> str:
    """A field's value in words: 'ratified treaty', 'yes', 'defense, trade', 'none', 'unknown'.

    Only the vocabulary's own values are put in words; what a person wrote (a case id, a declared label,
    the sources) is shown as written: 'usa_ind_2010' is an id, not the words 'usa ind 2010'.
    """
    if value is None:
        return "unknown"
    if (named := fields().get(name)) is not None and named.kind in ("identity", "label"):
        return _as_written(value)
    spec = fact_fields().get(name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)) or (spec is not None and spec.kind == "set"):
        return ", ".join(words(v) for v in value) if value else "none"
    if isinstance(value, (int, float)):
        return _number(value)
    return words(value)


def _as_written(value: Any) -> str:
    """Free text as written; a list item by item, a source by its title (its address when it has none)."""
    if isinstance(value, (list, tuple)):
        return ("; " if any(isinstance(v, Mapping) for v in value) else ", ").join(map(_as_written, value))
    if isinstance(value, Mapping):
        return str(value.get("title") or value.get("url") or "")
    return str(value)


#: Each yes-or-no fact as a clause, in the vocabulary's own words (its meaning of the field): for yes
#: and for no, as it is ('there are permanent bodies': a rule's condition, a fact of the case) and as it
#: goes on after "if" of a change (why-not says 'if there were permanent bodies', where it said 'if the
#: answer to permanent bodies were yes'). Every boolean field of the vocabulary has its clauses (a test holds it).
FACT_CLAUSES: dict[str, tuple[str, str, str, str]] = {
    "permanent_bodies": (
        "there are permanent bodies",
        "there are no permanent bodies",
        "there were permanent bodies",
        "there were no permanent bodies",
    ),
    "security_dependence": (
        "the weaker party relies on the partner for its security",
        "the weaker party does not rely on the partner for its security",
        "the weaker party relied on the partner for its security",
        "the weaker party did not rely on the partner for its security",
    ),
    "rival_ties": (
        "a party has a declared partnership with the other party's main rival",
        "neither party has a declared partnership with the other party's main rival",
        "a party had a declared partnership with the other party's main rival",
        "neither party had a declared partnership with the other party's main rival",
    ),
    "partner_in_conflict": (
        "a party is in an armed conflict or an acute territorial dispute with a third state",
        "neither party is in an armed conflict or an acute territorial dispute with a third state",
        "a party were in an armed conflict or an acute territorial dispute with a third state",
        "neither party were in an armed conflict or an acute territorial dispute with a third state",
    ),
    "recent_crisis": (
        "a crisis has strained the relationship in the last five years",
        "no crisis has strained the relationship in the last five years",
        "a crisis had strained the relationship in the last five years",
        "no crisis had strained the relationship in the last five years",
    ),
}


def fact_clause(name: str, value: bool, *, supposed: bool = True) -> str:
    """A yes-or-no fact as a clause (``FACT_CLAUSES``): as it goes on after "if" of a change ('there were
    permanent bodies', 'there were no permanent bodies'), or, not ``supposed``, as it is ('there are
    permanent bodies': a rule's condition, a fact of the case)."""
    said = FACT_CLAUSES.get(name)
    if said is None:  # a field the table lacks: plain, if stiff
        return f"{field_title(name)} {'were' if supposed else 'is'} {value_text(name, value)}"
    return said[(2 if supposed else 0) + (0 if value else 1)]


def fact_text(name: str, value: Any) -> str:
    """A fact of the case in words: 'legal basis is joint statement'; a yes-or-no fact as the clause it
    is ('there are no permanent bodies', not 'permanent bodies is no')."""
    spec = fact_fields().get(name)
    if spec is not None and spec.kind == "boolean" and isinstance(value, bool):
        return fact_clause(name, value, supposed=False)
    return f"{field_title(name)} is {value_text(name, value)}"


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


def output_value(output: str, value: Any, hedging: tuple[str, str] = ("yes", "no")) -> str:
    """One value of an output in words: a level's name, hedging's words for true and false, a rating as it is."""
    if output == "level":
        return level_name(value)
    if output == "hedging":
        return hedging[0] if value else hedging[1]
    return str(value)


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


def _test_text(spec: FieldSpec, op: str, arg: Any) -> str:
    """One test of a field: 'legal basis is ratified treaty'; of a yes-or-no fact, the clause it asks for
    ('there are permanent bodies', not 'permanent bodies is yes')."""
    if spec.kind == "boolean" and op in ("eq", "ne") and isinstance(arg, bool):
        return fact_clause(spec.name, arg if op == "eq" else not arg, supposed=False)
    return f"{field_title(spec.name)} {_op_text(spec, op, arg)}"


def condition_text(node: cond.Condition, pack: Pack | None = None) -> str:
    """A condition in plain words: 'legal basis is ratified treaty or signed treaty and ...'."""
    if isinstance(node, cond.FieldTest):
        spec = fact_fields()[node.field]
        return " and ".join(_test_text(spec, op, arg) for op, arg in node.ops)
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
    return amount(lo, hi, least, most, ("item", "items"))


def amount(lo: float, hi: float, least: float, most: float, noun: tuple[str, str] | None = None) -> str:
    """A whole-number range ``lo`` to ``hi`` as a person says it, where ``least`` to ``most`` is all
    there can be: set sizes (``item_count``) and whole-number fields (``class_text``) alike.

    ``noun`` is the thing counted, singular and plural ('working group', 'working groups'); without
    one the numbers stand alone ('none', 'at most 1999'). 'at most 1' where the range starts at the
    least there can be (never '0 to 1'), 'exactly 3', '1 or 2', '3 to 5', '5 or more' where it runs
    to the most, 'all 12' where it is only the most, 'any number' where it is everything.
    """

    def counted(n: float) -> str:
        """'3 working groups', '1 working group', '3' (no noun)."""
        if noun is None:
            return _number(n)
        return f"{_number(n)} {noun[0] if n == 1 else noun[1]}"

    things = f" {noun[1]}" if noun else ""
    if lo == hi == 0:
        return f"no{things}" if noun else "none"
    if lo == hi:
        return f"all {counted(hi)}" if hi == most else f"exactly {counted(hi)}"
    if hi == most:
        return f"any number of{things}" if lo <= least else f"{_number(lo)} or more{things}"
    if lo <= least:
        return f"at most {counted(hi)}"
    return f"{_number(lo)} {'or' if hi == lo + 1 else 'to'} {_number(hi)}{things}"


def count_noun(name: str) -> tuple[str, str] | None:
    """The thing a whole-number field counts, singular and plural ('working group', 'working groups'),
    or None for a whole number that counts nothing (a year).

    A count is a whole number from 0 without a top; its title names what it counts, in the plural
    (the vocabulary's 'Ministerial dialogues', 'Working groups').
    """
    spec = fact_fields().get(name)
    if spec is None or spec.kind != "integer" or spec.minimum != 0 or spec.maximum is not None:
        return None
    plural = field_title(name)
    return (plural[:-1] if plural.endswith("s") else plural), plural


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
        # the lowest candidate stands for every value below it, the highest for every value above
        lo, hi = min(members), max(members)
        top = math.inf if hi == max(everything) else hi
        said = amount(lo, top, min(everything), math.inf, count_noun(name))
        holes = [_number(v) for v in everything if lo < v < hi and v not in members]  # an `eq` or `ne` of a value
        return said + (" but not " + join_or(holes) if holes else "")
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
