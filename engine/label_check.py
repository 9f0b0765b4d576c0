"""The label check: which level an official designation claims, and whether the substance bears it out.

The verdicts, in the order they are listed:

* ``consistent``: the label claims the level the substance supports;
* ``inflated``: it claims more (the "conceptual stretching" the seed criticises);
* ``deflated``: it claims less;
* ``unrecognized``: neither the pack's named designations nor its grammar of
  designations can place the label (engine/designations.py); it is never guessed;
* ``undeclared``: no label was declared.

While unknown facts leave the level open, the verdict is decided only if every
possible level gives the same one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from . import conditions as cond
from . import frozen, wording
from .designations import MAX_LABEL_CHARS, Reading, read
from .levels import LEVEL_NAMES, LEVEL_RANK
from .pack import LexiconEntry, Pack, Rule, Source, normalize_label
from .trace import Trace
from .vocabulary import VERDICTS, fact_fields

VERDICT_ORDER: dict[str, int] = {v: i for i, v in enumerate(VERDICTS)}


@dataclass(frozen=True, slots=True)
class Designation:
    """A declared label, the level its words claim (None: unrecognized or undeclared), and what decided it.

    ``decided_by`` is the id of an exact lexicon entry, of an entry or rung of the
    pack's designation grammar, or of one of the grammar's own rules
    (``designations.GRAMMAR_RULES``, ids starting ``grammar/``) for a label it
    cannot place. ``explanation`` says the same in words. ``unknown_words`` are
    the words, as written, that the grammar does not know, for a label they
    refused (``grammar/unknown-words``); empty for any other.
    """

    declared: str | None
    level: str | None = None
    decided_by: str | None = None
    explanation: str = ""
    entry: LexiconEntry | None = None  # the exact entry that placed it, if one did
    reading: Reading | None = None  # the grammar's reading, when no exact entry matched
    source: Source | None = None
    pack: str | None = None  # the pack whose entry or rung decided it
    unknown_words: tuple[str, ...] = ()
    #: of ``unknown_words``, each one that likely misspells a word of the grammar, with that word
    misspelt: tuple[tuple[str, str], ...] = ()

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds

    @property
    def by(self) -> str | None:
        """``lexicon`` (an exact entry), ``grammar``, or None (undeclared)."""
        if self.declared is None:
            return None
        return "lexicon" if self.entry is not None else "grammar"

    def as_dict(self) -> dict[str, Any] | None:
        """What decided the claim, for JSON output: None when no label was declared."""
        if self.declared is None:
            return None
        return {
            "id": self.decided_by,
            "by": self.by,
            "explanation": self.explanation,
            "set_aside": list(self.reading.set_aside) if self.reading else [],
            "unknown_words": list(self.unknown_words),
        }


def designation(pack: Pack, label: str | None) -> Designation:
    """The level a declared label claims: an exact lexicon entry first, else the pack's grammar."""
    if label is None:
        return Designation(None, explanation="no label was declared")
    return _designate(pack, label)


@lru_cache(maxsize=4096)  # datasets repeat a few labels many times
def _designate(pack: Pack, label: str) -> Designation:
    if len(label) <= MAX_LABEL_CHARS:
        normalized = normalize_label(label)
        for entry in pack.lexicon:
            if entry.matches(normalized):
                note = f" ({entry.note})" if entry.note else ""
                return Designation(
                    label,
                    entry.level,
                    entry.id,
                    f"the named designation '{entry.exact}'{note} claims {LEVEL_NAMES[entry.level]}",
                    entry,
                    None,
                    entry.source,
                    entry.pack,
                )
    reading = read(pack.grammar, label)
    owner: str | None = None
    if not reading.decided_by.startswith("grammar/"):
        owner = pack.grammar.entry(reading.decided_by).pack
    return Designation(
        label,
        reading.level,
        reading.decided_by,
        reading.explanation,
        None,
        reading,
        reading.source,
        owner,
        reading.unknown_words,
        reading.misspelt,
    )


def verdict(declared_level: str | None, declared: str | None, level: str) -> str:
    """consistent / inflated / deflated against one inferred level; undeclared / unrecognized without a claim."""
    if declared is None:
        return "undeclared"
    if declared_level is None:
        return "unrecognized"
    diff = LEVEL_RANK[declared_level] - LEVEL_RANK[level]
    return "consistent" if diff == 0 else "inflated" if diff > 0 else "deflated"


@dataclass(frozen=True, slots=True)
class VerdictReason:
    """A rule that separates the declared level from the inferred one, in the pack's words.

    For a deflated label: a rule that fired and supports a higher level
    (``supports``, at ``step``). For an inflated one: a rule that would support
    the claimed level, the parts of its condition that do not hold (``unmet``,
    as conditions) and, for each, what it needs and what the profile has
    (``shortfalls``). ``name`` is the rule's plain-English name; ``text`` (also
    ``str()``) is the whole reason in English.
    """

    rule: str
    description: str
    supports: str | None = None
    step: int | None = None
    would_support: str | None = None
    unmet: tuple[str, ...] = ()
    name: str = ""
    shortfalls: tuple[wording.Shortfall, ...] = ()
    text: str = ""
    cited: str = ""

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds

    def as_dict(self) -> dict[str, Any]:
        if self.supports is not None:
            return {
                "rule": self.rule,
                "name": self.name,
                "step": self.step,
                "supports": self.supports,
                "description": self.description,
                "text": self.text,
            }
        return {
            "rule": self.rule,
            "name": self.name,
            "would_support": self.would_support,
            "description": self.description,
            "unmet": list(self.unmet),
            "shortfalls": [s.as_dict() for s in self.shortfalls],
            "text": self.text,
        }

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class LabelCheck:
    """The declared label, the level it claims, and the verdict on it."""

    designation: Designation
    possible_verdicts: tuple[str, ...]
    reasons: tuple[VerdictReason, ...]
    summary: str | None = None  # for an inflated or deflated verdict: how the claim and the substance compare

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return frozen.constructed(self)  # copied and pickled through its constructor, in both builds

    @property
    def declared(self) -> str | None:
        return self.designation.declared

    @property
    def declared_level(self) -> str | None:
        return self.designation.level

    @property
    def entry(self) -> LexiconEntry | None:
        return self.designation.entry

    @property
    def verdict(self) -> str | None:
        """The verdict, or None while the possible levels give different ones."""
        return self.possible_verdicts[0] if len(self.possible_verdicts) == 1 else None

    def as_dict(self) -> dict[str, Any]:
        d = self.designation
        return {
            "declared": self.declared,
            "declared_level": self.declared_level,
            "verdict": self.verdict,
            "possible_verdicts": list(self.possible_verdicts),
            "lexicon_entry": None
            if d.level is None
            else {
                "id": d.decided_by,
                "pack": d.pack,
                "level": d.level,
                "source": d.source.as_dict() if d.source else None,
            },
            "decided_by": d.as_dict(),
            "summary": self.summary,
            "reasons": [r.as_dict() for r in self.reasons],
        }


def check_label(
    pack: Pack,
    label: str | None,
    possible_levels: tuple[str, ...],
    trace: Trace,
    facts: dict[str, Any],
    findings: dict[str, bool | None],
) -> LabelCheck:
    """The verdict on a declared label against the possible levels, with the rules that explain it.

    A check that needs no reasons (a consistent, undeclared or unrecognized
    label, or a verdict still open) is the same object for the same label and levels.
    """
    found, verdicts, compared, plain = _claim(pack, label, possible_levels)
    if plain is not None:
        return plain
    assert found.level is not None and compared is not None
    reasons = _reasons(pack, trace, facts, findings, found.level, compared)
    # the reasons come from a memo (``_Supporting``), so rows of the same shortfalls share their objects, and
    # the check made of them: kept by their identities (alive as long as the check that holds them is kept)
    checks = _supporting(pack).checks
    key = (id(found), possible_levels, *[id(r) for r in reasons])
    check = checks.get(key)
    if check is None:
        if len(checks) >= _Supporting.CHECKS_SIZE:
            checks.clear()
        check = checks[key] = LabelCheck(found, verdicts, reasons, _summary(found.level, possible_levels))
    return check


@lru_cache(maxsize=4096)  # a dataset has a few labels, and the levels take a few values
def _claim(
    pack: Pack, label: str | None, possible_levels: tuple[str, ...]
) -> tuple[Designation, tuple[str, ...], str | None, LabelCheck | None]:
    """What a label claims, the verdicts against the possible levels, the level to explain them against,
    and the whole check when it needs no reasons (else None)."""
    found = designation(pack, label)
    verdicts = tuple(
        sorted({verdict(found.level, found.declared, lv) for lv in possible_levels}, key=VERDICT_ORDER.__getitem__)
    )
    compared = _compared_level(possible_levels, verdicts)
    if found.level is not None and compared is not None and found.level != compared:
        return found, verdicts, compared, None
    return found, verdicts, compared, LabelCheck(found, verdicts, ())


@lru_cache(maxsize=256)  # a few levels, a few sets of them
def _summary(declared: str, possible: tuple[str, ...]) -> str:
    """How the claimed level and the substance compare; for an undecided level, every possible one."""
    claimed = LEVEL_NAMES[declared]
    above = LEVEL_RANK[declared] > LEVEL_RANK[possible[-1]]
    if len(possible) == 1:
        where = "below" if above else "above"
        return f"the substance supports {LEVEL_NAMES[possible[0]]}, {where} the claimed {claimed}"
    levels = _either([LEVEL_NAMES[lv] for lv in possible])
    where = "below" if above else "above"
    return f"the level is undecided, and every possible level ({levels}) is {where} the claimed {claimed}"


def _either(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def _compared_level(possible: tuple[str, ...], verdicts: tuple[str, ...]) -> str | None:
    """The level to explain a decided verdict against, even when the level itself is open.

    An inflated label claims more than every possible level, so its shortfall is
    explained against the highest of them; a deflated one against the lowest.
    """
    if len(possible) == 1:
        return possible[0]
    if len(verdicts) != 1:
        return None
    if verdicts[0] == "inflated":
        return possible[-1]
    if verdicts[0] == "deflated":
        return possible[0]
    return None


def _reasons(
    pack: Pack,
    trace: Trace,
    facts: dict[str, Any],
    findings: dict[str, bool | None],
    declared_level: str,
    level: str,
) -> tuple[VerdictReason, ...]:
    declared_rank, level_rank = LEVEL_RANK[declared_level], LEVEL_RANK[level]
    supporting = _supporting(pack)
    reasons: list[VerdictReason] = []
    if declared_rank < level_rank:  # deflated: what supports the higher level
        by_rule = supporting.by_rule
        for number, (rule, _, _) in enumerate(trace.firings, start=1):
            for support in by_rule.get(id(rule), ()):
                if support.rank > declared_rank:
                    reasons.append(supporting.support(support, number))
        return tuple(reasons)
    # inflated: the rules that would support the declared level, and what they lack (``_Supporting.between``)
    for support in supporting.between[level_rank, declared_rank]:
        lacks = []
        for part in support.parts:
            # most parts are a finding: whether it holds is one lookup
            if (findings.get(part.finding) is True) if part.finding else part.holds(facts, findings):
                continue
            lacks.append(supporting.lack(part, facts, findings))
        reasons.append(supporting.reason(support, tuple(lacks)))
    return tuple(reasons)


@dataclass(frozen=True, slots=True)
class _Part:
    """A top-level part of a rule's condition, and the facts and findings its shortfall depends on."""

    index: int
    condition: cond.Condition
    fields: tuple[str, ...]
    findings: tuple[str, ...]
    lists: tuple[int, ...]  # the places in ``fields`` of those that hold a list
    holds: Callable[[dict[str, Any], dict[str, bool | None]], bool]  # a part that holds lacks nothing
    finding: str | None  # the finding the part is, if it is one
    #: the same, while none of ``near_findings`` is open (``wording.near``): far fewer keys
    near_fields: tuple[str, ...]
    near_findings: tuple[str, ...]
    #: the places in ``near_fields`` of numbers and sets, each with what stands for its value in a key
    near_keyed: tuple[tuple[int, Callable[[Any], Any]], ...]


def _holds(part: cond.Condition) -> Callable[[dict[str, Any], dict[str, bool | None]], bool]:
    """Whether a part definitely holds (Kleene's logic), in as few calls as its kind allows."""
    if isinstance(part, cond.FindingRef):
        name = part.name
        return lambda facts, findings: findings.get(name) is True
    if cond.is_field_only(part):
        truth = cond.facts_truth(part)
        return lambda facts, findings: truth(facts) is True
    kleene = cond.kleene(part)
    return lambda facts, findings: kleene(facts, findings, facts) is True


@dataclass(frozen=True, slots=True, eq=False)  # one object per memo entry: compared and hashed by identity
class _Lack:
    """A part that does not hold: its shortfall, in words, and the part as written."""

    shortfall: wording.Shortfall
    text: str
    part: str
    undecided: bool


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity, a memo key
class _Support:
    rule: Rule
    level: str
    rank: int  # the level's
    name: str
    parts: tuple[_Part, ...]
    restates: bool  # whether the rule's name only restates its level ('comprehensive strategic partnership level')

    def named(self, verb: str, step: int | None = None) -> str:
        """The rule as a reason names it, by name and id, and the level it does or would support (``verb``)
        unless its name restates it: 'treaty alliance (treaty-alliance) supports alliance', 'comprehensive
        strategic partnership (comprehensive-level)'; with the trace shown, its ``step`` too."""
        cited = f"{self.rule.id}, step {step}" if step is not None else self.rule.id
        if self.restates:
            return f"{LEVEL_NAMES[self.level]} ({cited})"
        return f"{self.name} ({cited}) {verb} {LEVEL_NAMES[self.level]}"


class _Supporting:
    """Each rule that concludes a level, with its parts; and the shortfalls worked out so far.

    A shortfall depends only on the facts and findings its part reaches, and a
    batch asks the same of many rows, so each is worked out once.
    """

    MEMO_SIZE: ClassVar[int] = 1 << 14  # shortfalls kept
    REASONS_SIZE: ClassVar[int] = 1 << 12  # reasons kept: each holds its sentence, and most rows make a few
    CHECKS_SIZE: ClassVar[int] = 1 << 12  # label checks with reasons kept, by their designation, levels and reasons

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        parts: list[_Part] = []
        rules: list[_Support] = []
        specs = fact_fields()
        for rule in pack.rules:
            for c in rule.then:
                if c.kind != "level":
                    continue
                own = rule.when.children if isinstance(rule.when, cond.All) else (rule.when,)
                mine = []
                for part in own:
                    fields, found = wording.reach(pack, part)
                    near, near_found = wording.near(pack, part)
                    tests = [
                        node
                        for c in wording.near_conditions(pack, part)
                        for node in cond.walk(c)
                        if isinstance(node, cond.FieldTest)
                    ]
                    parts.append(
                        _Part(
                            len(parts),
                            part,
                            fields,
                            found,
                            tuple(i for i, f in enumerate(fields) if specs[f].kind == "set"),
                            _holds(part),
                            part.name if isinstance(part, cond.FindingRef) else None,
                            near,
                            near_found,
                            tuple(
                                (i, _value_key(f, [t for t in tests if t.field == f]))
                                for i, f in enumerate(near)
                                if specs[f].kind in ("set", "integer", "number")
                            ),
                        )
                    )
                    mine.append(parts[-1])
                name, level = wording.rule_name(rule), LEVEL_NAMES[c.value]
                restates = name in (level, f"{level} level")
                rules.append(_Support(rule, c.value, LEVEL_RANK[c.value], name, tuple(mine), restates))
        self.rules = tuple(rules)
        #: by the ranks of a level and of a claimed level above it, the rules that conclude a level between; the
        #: alliance stands apart from the ladder, above it (treaty-bound mutual defence, whatever else holds), so
        #: what a rung between lacks is nothing an alliance needs: under it, the rules of the alliance alone
        alliance = LEVEL_RANK["alliance"]
        self.between = {
            (low, high): tuple(r for r in rules if low < r.rank <= high and (high != alliance or r.rank == alliance))
            for low in LEVEL_RANK.values()
            for high in LEVEL_RANK.values()
            if low < high
        }
        #: each rule's level conclusions, by the rule's id
        self.by_rule: dict[int, tuple[_Support, ...]] = {}
        for support in rules:
            self.by_rule[id(support.rule)] = (*self.by_rule.get(id(support.rule), ()), support)
        self.memo: dict[tuple[Any, ...], _Lack] = {}
        self.reasons: dict[tuple[_Support, Any], VerdictReason] = {}
        self.checks: dict[tuple[Any, ...], LabelCheck] = {}

    def support(self, support: _Support, step: int) -> VerdictReason:
        """Why a rule that fired (at ``step``) puts the relationship above the claimed level."""
        key = (support, step)
        found = self.reasons.get(key)
        if found is None:
            if len(self.reasons) >= self.REASONS_SIZE:
                self.reasons.clear()
            rule = support.rule
            has = wording.condition(self.pack, rule.when)
            found = self.reasons[key] = VerdictReason(
                rule.id,
                rule.description,
                supports=support.level,
                step=step,
                name=support.name,
                text=f"{support.named('supports')}: has {has}",
                cited=f"{support.named('supports', step)}: has {has}",
            )
        return found

    def reason(self, support: _Support, lacks: tuple[_Lack, ...]) -> VerdictReason:
        """Why a rule would support the claimed level but does not: the parts it lacks, in words.

        The lacks come from the memo, so equal shortfalls are the same objects and
        the reason made of them is worked out once.
        """
        key = (support, lacks)
        found = self.reasons.get(key)
        if found is None:
            if len(self.reasons) >= self.REASONS_SIZE:
                self.reasons.clear()
            text = f"{support.named('would support')}: " + " — ".join(sf.text for sf in lacks)
            found = self.reasons[key] = VerdictReason(
                support.rule.id,
                support.rule.description,
                would_support=support.level,
                unmet=tuple(sf.part + (" (undecided)" if sf.undecided else "") for sf in lacks),
                name=support.name,
                shortfalls=tuple(sf.shortfall for sf in lacks),
                text=text,
                cited=text,  # it cites no step: the rule did not fire
            )
        return found

    def lack(self, part: _Part, facts: dict[str, Any], findings: dict[str, bool | None]) -> _Lack:
        """What a part that does not hold lacks."""
        # equal values read alike (wording._number), so equal keys share one answer
        # one flat tuple: the part's index first (its own part's lengths are fixed), negative for the wider key
        parts: list[Any] = [part.index]
        open_finding = False
        for f in part.near_findings:
            truth = findings.get(f)
            if truth is None:
                open_finding = True
            parts.append(truth)
        if not open_finding:  # no finding it names is open: what it names decides
            at = len(parts)
            for name in part.near_fields:
                parts.append(facts.get(name))
            for i, value_key in part.near_keyed:
                parts[at + i] = value_key(parts[at + i])
            key = tuple(parts)
        else:
            key = (-1 - part.index, *_values(facts, part.fields, part.lists), *[findings.get(f) for f in part.findings])
        lack = self.memo.get(key)
        if lack is not None:
            return lack
        if len(self.memo) >= self.MEMO_SIZE:
            self.memo.clear()
        sf = wording.shortfall(self.pack, part.condition, facts, findings)
        assert sf is not None, "a part that does not hold has a shortfall"
        lack = self.memo[key] = _Lack(sf, str(sf), str(part.condition), sf.undecided)
        return lack


_HOLDS = ("every test of the field holds",)  # stands in a key for a value no shortfall shows


def _value_key(field: str, tests: list[cond.FieldTest]) -> Callable[[Any], Any]:
    """What stands for a number's or a set's value in the key of a shortfall that reads these tests of it.

    A shortfall shows a field's value only at a test that does not definitely
    hold (``wording.has``); where every test of the field holds, the words are
    the same whatever the value, and ``_HOLDS`` stands for all such values (the
    synthetic rows' working groups, 5 to 40, are one key, not 36). Else the value
    itself, a list as its items sorted (``wording.value`` orders them). Each value's answer is kept.
    """
    truths = [cond.facts_truth(t) for t in tests]
    kept: dict[Any, Any] = {}

    def value_key(value: Any) -> Any:
        key = tuple(value) if type(value) is list else value
        try:
            return kept[key]
        except KeyError:
            pass
        facts = {} if value is None else {field: value}
        if value is not None and all(t(facts) is True for t in truths):
            found: Any = _HOLDS
        elif type(value) is list:  # the words name a set's items in the vocabulary's order, whatever theirs
            found = tuple(sorted(value, key=str))
        else:
            found = key
        if len(kept) >= _Supporting.MEMO_SIZE:
            kept.clear()
        kept[key] = found
        return found

    return value_key


def _values(facts: dict[str, Any], fields: tuple[str, ...], lists: tuple[int, ...]) -> list[Any]:
    """The values of fields, hashable: a list (the places in ``lists``) as a tuple."""
    values = list(map(facts.get, fields))
    for i in lists:
        value = values[i]
        if type(value) is list:
            values[i] = tuple(value)
    return values


@lru_cache(maxsize=64)
def _supporting(pack: Pack) -> _Supporting:
    return _Supporting(pack)
