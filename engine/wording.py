"""Conditions and findings in plain English, for the reasons people read.

A verdict reason says what a level needs and what the relationship has, in the
pack's own words: findings by the names the pack gives them (``findings:``),
rules by their ``name``, and tests of facts from the vocabulary's fields, e.g.
"lacks institutionalisation: needs annual summits and (at least two ministerial
mechanisms, at least five working groups or a permanent body); has irregular
summits".

``condition`` renders a condition tree (``conditions``); ``shortfall`` says,
for one part of a rule's condition that does not hold, what it needs and what
the profile has instead; ``unnamed`` lists the findings and rules of a pack
that have no plain-English name (a lint the project's tests run on the core pack).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from . import conditions as cond
from . import frozen, plain
from .pack import Pack, Rule, producers
from .vocabulary import fact_fields

__all__ = ["Shortfall", "condition", "finding_name", "has", "reach", "rule_name", "shortfall", "unnamed", "value"]

Truth = bool | None

_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

#: How each field's values read: a noun phrase for a relationship that has the value.
#: Fields missing here read as "<title> <value>".
VALUES: dict[str, dict[Any, str]] = {
    "legal_basis": {
        "ratified_treaty": "a ratified treaty",
        "signed_treaty": "a signed treaty",
        "joint_statement": "a joint statement",
        "memorandum": "a memorandum",
        "none": "no framing instrument",
    },
    "defense_commitment": {
        "mutual_defense": "a mutual defense obligation",
        "consultation": "a duty to consult",
        "none": "no defense commitment",
    },
    "third_party_orientation": {
        "named_threat": "cooperation aimed at a named threat",
        "not_adversarial": "no named adversary",
    },
    "duration": {"indefinite": "an indefinite term", "renewable": "a renewable term", "fixed_term": "a fixed term"},
    "exit_costs": {"low": "low exit costs", "moderate": "moderate exit costs", "high": "high exit costs"},
    "economic_integration": {
        "none": "no economic integration",
        "limited": "limited economic integration",
        "substantial": "substantial economic integration",
        "deep": "deep economic integration (a free-trade area or more)",
    },
    "summits": {"none": "no summits", "irregular": "irregular summits", "annual": "annual summits"},
    "global_governance_coordination": {
        "none": "no coordination on global governance",
        "occasional": "occasional coordination on global governance",
        "systematic": "systematic coordination on global governance",
    },
    "time_horizon": {"transactional": "a transactional horizon", "long_term": "a long-term horizon"},
    "shared_values": {"low": "low shared values", "mixed": "mixed shared values", "high": "high shared values"},
    "permanent_bodies": {True: "a permanent body", False: "no permanent body"},
    "security_dependence": {
        True: "a weaker party that relies on the other for security",
        False: "no security dependence",
    },
    "rival_ties": {True: "a partnership with the other party's main rival", False: "no partnership with a rival"},
    "partner_in_conflict": {True: "a party in an armed conflict or acute dispute", False: "no party in conflict"},
    "recent_crisis": {True: "a crisis in the last five years", False: "no recent crisis"},
}

#: Counted fields: (one, many). Sets count their items.
COUNTS: dict[str, tuple[str, str]] = {
    "ministerial_dialogues": ("ministerial mechanism", "ministerial mechanisms"),
    "working_groups": ("working group", "working groups"),
    "sectors": ("sector", "sectors"),
    "security_cooperation": ("form of security cooperation", "forms of security cooperation"),
}

#: Measured fields: how a value reads ("a power ratio of 3").
MEASURES: dict[str, str] = {
    "power_ratio": "a power ratio of {}",
    "trade_dependence": "a trade dependence of {}",
    "as_of": "facts as of {}",
    "established": "a framework established in {}",
}

_COMPARE = {
    "ge": "at least",
    "le": "at most",
    "gt": "more than",
    "lt": "fewer than",
    "eq": "exactly",
    "ne": "other than",
}

#: A measure or a rung compared: less, not fewer ("a power ratio of less than two").
_AMOUNT = {**_COMPARE, "lt": "less than"}

#: Years compared: the field's phrase for a comparison, and how the comparison reads.
_YEARS: dict[str, str] = {"as_of": "facts dated {}", "established": "a framework established {}"}
_YEAR_COMPARE = {
    "ge": "in {} or later",
    "le": "in {} or earlier",
    "gt": "after {}",
    "lt": "before {}",
    "eq": "in {}",
    "ne": "in a year other than {}",
}


@lru_cache(maxsize=2048)
def _truth(node: cond.Condition) -> cond.Evaluator:
    return cond.kleene(node)


def _humanize(ident: str) -> str:
    return ident.replace("_", " ").replace("-", " ")


def number(n: Any) -> str:
    """A number in words: equal numbers read the same (2 and 2.0 both "two"), as amity treats them alike."""
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    if isinstance(n, int) and not isinstance(n, bool) and 0 <= n < len(_NUMBERS):
        return _NUMBERS[n]
    return plain.digits(n) if isinstance(n, (int, float)) and not isinstance(n, bool) else str(n)


def _either(parts: list[str], word: str = "or") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def _title(field: str) -> str:
    spec = fact_fields().get(field)
    return (spec.title if spec else _humanize(field)).lower()


def _ordered(field: str, items: Iterable[Any]) -> list[Any]:
    """A set's items in the vocabulary's order, however the input listed them: one set, one wording."""
    rank = _ranks(field)
    return sorted(items, key=lambda item: rank.get(item, len(rank)))


@cache
def _ranks(field: str) -> dict[Any, int]:
    """Each value of a field by its place in the vocabulary (none for a field without a list of values)."""
    spec = fact_fields().get(field)
    return {item: i for i, item in enumerate(spec.values)} if spec and spec.values else {}


def value(field: str, v: Any) -> str:
    """What a relationship with this value of the field has, in words."""
    if v is None:
        return f"{_title(field)} unknown"
    if field in VALUES and v in VALUES[field]:
        return VALUES[field][v]
    if field in COUNTS:
        one, many = COUNTS[field]
        if isinstance(v, (list, tuple)):
            if not v:
                return f"no {many}"
            return f"{number(len(v))} {one if len(v) == 1 else many} ({', '.join(_humanize(x) for x in _ordered(field, v))})"
        return f"{number(v)} {one if v == 1 else many}" if v else f"no {many}"
    if field in MEASURES:
        return MEASURES[field].format(number(v))
    return f"{_title(field)} {_humanize(str(v)) if isinstance(v, str) else v}"


def _test(t: cond.FieldTest) -> str:
    """One test of a fact, as what it asks for."""
    field = t.field
    parts = []
    for op, arg in t.ops:
        if op == "known":
            parts.append(f"{_title(field)} {'stated' if arg else 'unknown'}")
        elif op == "eq":
            parts.append(value(field, arg))
        elif op == "in":
            parts.append(_either([value(field, a) for a in arg]))
        elif op == "ne" and isinstance(arg, bool):  # a yes-or-no fact: 'no permanent body', not 'anything but a ...'
            parts.append(value(field, not arg))
        elif op == "ne":
            parts.append(f"anything but {value(field, arg)}")
        elif op in ("contains", "contains_any", "contains_all"):
            items = [arg] if op == "contains" else list(arg)
            words = [_humanize(x) for x in items]
            joined = _either(words, "and" if op == "contains_all" else "or")
            where = "cooperation on" if field == "sectors" else "security cooperation through"
            parts.append(f"{where} {joined}")
        elif op == "size":
            one, many = COUNTS.get(field, (_title(field), _title(field)))
            for k, n in arg:
                parts.append(f"{_COMPARE[k]} {number(n)} {one if n == 1 else many}")
        elif field in COUNTS:
            one, many = COUNTS[field]
            parts.append(f"{_COMPARE[op]} {number(arg)} {one if arg == 1 else many}")
        elif field in VALUES:  # an ordinal compared: "at least substantial economic integration"
            parts.append(f"{_AMOUNT[op]} {value(field, arg)}")
        elif field in _YEARS:
            parts.append(_YEARS[field].format(_YEAR_COMPARE[op].format(arg)))
        elif field in MEASURES:
            parts.append(MEASURES[field].format(f"{_AMOUNT[op]} {number(arg)}"))
        else:
            parts.append(f"{_title(field)} {_COMPARE[op]} {number(arg)}")
    return _either(parts, "and")


def _joined_by(t: cond.FieldTest) -> str | None:
    """The word that joins a test's words at their top: 'and' for two operators or all of several items, 'or' for one of several."""
    if len(t.ops) > 1 or any(op == "size" and len(arg) > 1 for op, arg in t.ops):
        return "and"
    ((op, arg),) = t.ops
    if op in ("in", "contains_any", "contains_all") and len(arg) > 1:
        return "and" if op == "contains_all" else "or"
    return None


def _grouped(text: str, joined: str | None, within: str | None) -> str:
    """Words joined by 'and' (or 'or') in brackets where another word joins them to the rest, or 'not' goes before them.

    Without them 'not A and B' and 'A or B and C' say another condition than the rule's.
    """
    return f"({text})" if joined is not None and joined != within else text


def finding_name(pack: Pack, finding: str) -> str:
    """The finding's plain-English name in the pack, or its id in words."""
    named = pack.finding_names.get(finding)
    return named.name if named else _humanize(finding)


def rule_name(rule: Rule) -> str:
    """The rule's plain-English name, or its id in words."""
    return rule.name or _humanize(rule.id)


def condition(pack: Pack, node: cond.Condition) -> str:
    """A condition in English: '(a ratified treaty or a signed treaty) and a mutual defense obligation'.

    A group of conditions inside another joined by the other word, or under 'not', is in brackets.
    """
    return _worded(pack, node)[0]


@lru_cache(maxsize=1 << 12)  # the same conditions are worded for row after row
def _worded(pack: Pack, node: cond.Condition) -> tuple[str, str | None]:
    """A condition in English, and the word that joins its parts at the top (None: one phrase)."""
    if isinstance(node, cond.FieldTest):
        return _test(node), _joined_by(node)
    if isinstance(node, cond.FindingRef):
        return finding_name(pack, node.name), None
    if isinstance(node, cond.Not):
        inner = node.child
        if isinstance(inner, cond.FindingRef):
            return plain.lacking(finding_name(pack, inner.name)), None
        if isinstance(inner, cond.Not):  # not not X is X, as Kleene's logic has it ('not no framework' misreads)
            return _worded(pack, inner.child)
        return f"not {_grouped(*_worded(pack, inner), None)}", None
    word = "and" if isinstance(node, cond.All) else "or"
    if len(node.children) == 1:
        return _worded(pack, node.children[0])
    return _either([_grouped(*_worded(pack, c), word) for c in node.children], word), word


def needs(pack: Pack, finding: str) -> str:
    """What the finding needs: the conditions of the rules that conclude it, any of them."""
    words = [_worded(pack, r.when) for r in _producers(pack).get(finding, [])]
    if len(words) == 1:
        return words[0][0]
    return _either([_grouped(text, joined, "or") for text, joined in words]) or "a rule that concludes it"


def has(
    pack: Pack, node: cond.Condition, facts: Mapping[str, Any], findings: Mapping[str, Truth], depth: int = 2
) -> list[str]:
    """What the profile has for the parts of a condition that do not definitely hold.

    A field shows its value (or "unknown"); a finding that does not hold says it
    is lacking, and why, one level down.
    """
    truth = _truth(node)(facts, findings, facts)
    if truth is True:
        return []
    if isinstance(node, cond.FieldTest):
        return [value(node.field, facts.get(node.field))]
    if isinstance(node, cond.FindingRef):
        if truth is None and depth > 0:  # open: the unknown facts it waits on
            out: list[str] = []
            for r in _producers(pack).get(node.name, []):
                out += [x for x in has(pack, r.when, facts, findings, depth - 1) if x not in out]
            return out
        name = finding_name(pack, node.name)
        return [plain.lacking(name, "no" if truth is False else "perhaps no")]
    if isinstance(node, cond.Not):
        child = node.child
        if isinstance(child, cond.FindingRef):
            return [finding_name(pack, child.name)]
        return [_grouped(*_worded(pack, child), "and")]
    out = []
    for c in node.children:
        for item in has(pack, c, facts, findings, depth):
            if item not in out:
                out.append(item)
    return out


@frozen.python_class  # copied and pickled as a Python class where this module is compiled
@dataclass(frozen=True, slots=True)
class Shortfall:
    """One part of a rule's condition that does not hold: what it needs, what the profile has."""

    lacks: str  # the finding's name, or the condition in words
    needs: str  # what would make it hold (a finding: the conditions of the rules that conclude it)
    has: tuple[str, ...]  # what the profile has instead
    undecided: bool  # unknown facts leave it open

    def as_dict(self) -> dict[str, Any]:
        return {"lacks": self.lacks, "needs": self.needs, "has": list(self.has), "undecided": self.undecided}

    def __str__(self) -> str:
        head = f"{'may lack' if self.undecided else 'lacks'} {self.lacks}"
        if self.needs and self.needs != self.lacks:
            head += f": needs {self.needs}"
        return head + (f"; has {_either(list(self.has), 'and')}" if self.has else "")


def shortfall(
    pack: Pack, part: cond.Condition, facts: Mapping[str, Any], findings: Mapping[str, Truth]
) -> Shortfall | None:
    """Why one part of a condition does not hold, or None when it does.

    It depends only on the facts and findings ``reach`` gives for the part.
    """
    truth = _truth(part)(facts, findings, facts)
    if truth is True:
        return None
    if isinstance(part, cond.FindingRef):
        rules = _producers(pack).get(part.name, [])
        shown: list[str] = []
        for r in rules:
            for item in has(pack, r.when, facts, findings):
                if item not in shown:
                    shown.append(item)
        return Shortfall(finding_name(pack, part.name), needs(pack, part.name), tuple(shown), truth is None)
    text = condition(pack, part)
    return Shortfall(text, text, tuple(has(pack, part, facts, findings)), truth is None)


def reach(pack: Pack, part: cond.Condition) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The facts and findings a part's shortfall depends on: its own, and those of the rules behind its findings."""
    fields: dict[str, None] = {}
    found: dict[str, None] = {}
    stack = [part]
    made_by = _producers(pack)
    while stack:
        node = stack.pop()
        fields.update(dict.fromkeys(cond.fields_of(node)))
        for name in cond.findings_of(node):
            if name not in found:
                found[name] = None
                stack.extend(r.when for r in made_by.get(name, []))
    return tuple(fields), tuple(found)


def near(pack: Pack, part: cond.Condition) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a part's shortfall depends on while none of these findings is open: facts, then findings.

    ``shortfall`` looks one step past a finding only when the finding is open
    (``has``); otherwise it reads the part's own facts and findings and, for a
    part that is a finding, those of the conditions of the rules that conclude
    it. Once each of these findings is known to hold or not, these decide the
    shortfall, however far ``reach`` goes.
    """
    fields: dict[str, None] = {}
    found: dict[str, None] = {}
    for node in near_conditions(pack, part):
        fields.update(dict.fromkeys(cond.fields_of(node)))
        found.update(dict.fromkeys(cond.findings_of(node)))
    return tuple(fields), tuple(found)


def near_conditions(pack: Pack, part: cond.Condition) -> list[cond.Condition]:
    """The conditions ``shortfall`` reads while none of the findings ``near`` names is open: the part, and
    for a finding, the conditions of the rules that conclude it."""
    nodes = [part]
    if isinstance(part, cond.FindingRef):
        nodes += [r.when for r in _producers(pack).get(part.name, [])]
    return nodes


@lru_cache(maxsize=64)
def _producers(pack: Pack) -> dict[str, list[Rule]]:
    return producers(pack.rules)


def unnamed(pack: Pack) -> list[str]:
    """The findings and rules of a pack that have no plain-English name, and rules without a one-line description."""
    out = [
        f"finding '{f}' has no plain-English name (add it under findings:)"
        for f in pack.findings
        if f not in pack.finding_names
    ]
    out += [f"rule '{r.id}' has no name" for r in pack.rules if not r.name]
    return out
