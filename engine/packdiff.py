"""What changes between two packs: ``amity pack diff OLD NEW [--on DATASET]``.

``diff_packs`` compares the rules (added, removed, and changed in their
conditions, conclusions or priority; conditions or conclusions only reordered
are said to be "reordered": they hold and conclude the same, and only the
trace's order of them differs; and in what they say to a reader: name,
description, rationale, source), the grammar of designations (entries and
rungs added, removed, and changed in their words, role, what they claim,
their effect or source) and the exact lexicon entries (added, removed, changed
in the designation, the level claimed, the source or the note), and the findings
both packs name whose name or description differs, and the rationale of a rule both disable. ``diff_on`` assesses every row of a
dataset with both packs and reports the rows whose level, risks, hedging, the
level their label claims or verdict change, with counts, so an instructor sees what a change does before
publishing it. Every row is accounted for: rows the dataset gets wrong are
counted as errors, not dropped.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import wording
from .assessment import Assessment, Assessor
from .conditions import Evaluator, canonical, kleene
from .dataset import Row
from .designations import Rung, WordEntry
from .errors import Problem
from .lint import FiringSearches
from .pack import LexiconEntry, Pack, Rule, Source, layered, upstream
from .risks import RISKS
from .unknowns import Outcome, contributions
from .validation import RowAssessment, validate_rows

__all__ = ["BrokenRow", "DatasetDiff", "PackDiff", "RowChange", "RuleChange", "diff_on", "diff_packs"]


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One rule present in both packs, and what differs."""

    id: str
    # (aspect, old, new): conditions, conclusions, reasons changed, priority; name, description, rationale, source
    changes: tuple[tuple[str, str, str], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "changes": [{"aspect": a, "old": o, "new": n} for a, o, n in self.changes]}


@dataclass(frozen=True, slots=True)
class PackDiff:
    old: str
    new: str
    rules_added: tuple[str, ...]
    rules_removed: tuple[str, ...]
    rules_changed: tuple[RuleChange, ...]
    lexicon_added: tuple[str, ...]
    lexicon_removed: tuple[str, ...]
    lexicon_changed: tuple[RuleChange, ...]
    grammar_added: tuple[str, ...] = ()
    grammar_removed: tuple[str, ...] = ()
    grammar_changed: tuple[RuleChange, ...] = ()
    #: of rules_removed, those the new pack (or a pack it extends) switches off with ``disable``, not deletes
    rules_disabled: tuple[str, ...] = ()
    #: of rules_added, those the old pack switched off with ``disable``: a base pack's rule back, not a new one
    rules_enabled: tuple[str, ...] = ()
    #: of rules_disabled, the rationale the new pack gives for switching each off ("" where it gives none)
    disabled_rationales: dict[str, str] = field(default_factory=dict)
    #: rules both packs disable, whose rationale for it differs (what pack doc says of them)
    disabled_changed: tuple[RuleChange, ...] = ()
    #: findings named in both packs whose name or description (what verdict reasons say) differs
    findings_changed: tuple[RuleChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.rules_added,
                self.rules_removed,
                self.rules_changed,
                self.lexicon_added,
                self.lexicon_removed,
                self.lexicon_changed,
                self.grammar_added,
                self.grammar_removed,
                self.grammar_changed,
                self.findings_changed,
                self.disabled_changed,
            )
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "rules": {
                "added": list(self.rules_added),
                "removed": list(self.rules_removed),
                "disabled": list(self.rules_disabled),
                "disabled_rationales": {i: self.disabled_rationales.get(i) or None for i in self.rules_disabled},
                "enabled": list(self.rules_enabled),
                "changed": [c.as_dict() for c in self.rules_changed],
                "disabled_changed": [c.as_dict() for c in self.disabled_changed],
            },
            "grammar": {
                "added": list(self.grammar_added),
                "removed": list(self.grammar_removed),
                "changed": [c.as_dict() for c in self.grammar_changed],
            },
            "lexicon": {
                "added": list(self.lexicon_added),
                "removed": list(self.lexicon_removed),
                "changed": [c.as_dict() for c in self.lexicon_changed],
            },
            "findings": {"changed": [c.as_dict() for c in self.findings_changed]},
        }


def _conclusions(rule: Rule) -> str:
    return "; ".join(str(c) for c in rule.then)


def _reasons(rule: Rule) -> list[tuple[str, str | None]]:
    """The reason of each risk the rule rates, by the risk (whatever their order; a rating is a conclusion)."""
    return sorted((c.value, c.reason) for c in rule.then if c.kind == "risk")


def _reasons_text(rule: Rule) -> str:
    said = sorted((c.value, str(c), c.reason) for c in rule.then if c.kind == "risk")
    return "; ".join(f"{risk}: {reason or '(none)'}" for _, risk, reason in said) or "(none)"


def _source_text(source: Source | None) -> str:
    """A source as pack doc shows it, with its address (a change of the address alone is a change)."""
    if source is None or source == Source():
        return "(none)"
    return str(source) + (f" <{source.url}>" if source.url else "")


def _wording(old: Rule, new: Rule) -> list[tuple[str, str, str]]:
    """What the rule says to a reader (pack doc, the trace, a verdict's reasons), where it changed."""
    said = {
        "name": (old.name or "(none)", new.name or "(none)"),
        "description": (old.description, new.description),
        "rationale": (old.rationale, new.rationale),
        "source": (_source_text(old.source), _source_text(new.source)),
    }
    return [(aspect, o, n) for aspect, (o, n) in said.items() if o != n]


def _rule_changes(old: Rule, new: Rule, packs: tuple[Pack, Pack]) -> tuple[tuple[str, str, str], ...]:
    out = []
    if canonical(old.when, ordered=True) != canonical(new.when, ordered=True):  # 5.0 is 5: no change
        # the same condition in another order holds as often, but the trace may show what it matched in
        # another order, or another branch of an 'any' first: said apart, as conclusions reordered are
        same = canonical(old.when) == canonical(new.when)
        out.append(("conditions reordered" if same else "conditions", *_conditions(old, new, packs)))
    if _conclusions(old) != _conclusions(new):
        # the same conclusions in another order conclude the same, but the trace lists them in the
        # rule's order (a step's "concluded" in JSON, the Markdown trace and its graph): said apart
        same = Counter(map(str, old.then)) == Counter(map(str, new.then))
        out.append(("conclusions reordered" if same else "conclusions", _conclusions(old), _conclusions(new)))
    if _reasons(old) != _reasons(new):  # a risk's reason is in every result and report that rates it
        out.append(("reasons changed", _reasons_text(old), _reasons_text(new)))
    if old.priority != new.priority:
        out.append(("priority", str(old.priority), str(new.priority)))
    out.extend(_wording(old, new))
    return tuple(out)


def _conditions(old: Rule, new: Rule, packs: tuple[Pack, Pack]) -> tuple[str, str]:
    """Two conditions in words, as pack doc and the reasons say them ('at least three sectors'); where the
    words read alike (a change they do not show), as the conditions are compiled ('sectors size ge 3')."""
    said = wording.condition(packs[0], old.when), wording.condition(packs[1], new.when)
    return said if said[0] != said[1] else (str(old.when), str(new.when))


def _entry_changes(old: LexiconEntry, new: LexiconEntry) -> tuple[tuple[str, str, str], ...]:
    out = []
    if old.exact != new.exact:
        out.append(("designation", old.exact, new.exact))
    if old.level != new.level:
        out.append(("level", old.level, new.level))
    if _source_text(old.source) != _source_text(new.source):
        out.append(("source", _source_text(old.source), _source_text(new.source)))
    if old.note != new.note:
        out.append(("note", old.note or "(none)", new.note or "(none)"))
    return tuple(out)


def _aspects_of(unit: WordEntry | Rung) -> dict[str, str]:
    """What a grammar entry or rung says, aspect by aspect, as a diff shows it."""
    if isinstance(unit, Rung):
        return {
            "kind": "rung",
            "marks": ", ".join(sorted(unit.marks)),
            "level": unit.level,
            "effect": unit.effect,
            "source": _source_text(unit.source),
        }
    details = {
        "claims": unit.claims,
        "mark": unit.mark,
        "slot": unit.slot,
        "after head": unit.after_head or None,
        "requires": ", ".join(unit.requires) or None,
        "binding": unit.binding or None,
        "link": unit.link or None,
    }
    return {
        "kind": unit.role,
        "words": ", ".join(unit.words),
        **{k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in details.items() if v is not None},
        "effect": unit.effect,
        "source": _source_text(unit.source),
    }


def _grammar_changes(old: WordEntry | Rung, new: WordEntry | Rung) -> tuple[tuple[str, str, str], ...]:
    a, b = _aspects_of(old), _aspects_of(new)
    return tuple((k, a.get(k, "-"), b.get(k, "-")) for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k))


def _units(pack: Pack) -> dict[str, WordEntry | Rung]:
    return {**{e.id: e for e in pack.grammar.entries}, **{r.id: r for r in pack.grammar.rungs}}


def _finding_changes(old: Pack, new: Pack) -> tuple[RuleChange, ...]:
    """Findings both packs name, whose name or description differs: verdict reasons say them."""
    out = []
    for finding, named in new.finding_names.items():
        was = old.finding_names.get(finding)
        if was is not None:
            said = (("name", was.name, named.name), ("description", was.description, named.description))
            changes = tuple(change for change in said if change[1] != change[2])
            if changes:
                out.append(RuleChange(finding, changes))
    return tuple(out)


def diff_packs(old: Pack, new: Pack) -> PackDiff:
    """Rules, grammar entries and rungs, and lexicon entries added, removed and changed, in the new pack's order."""
    old_rules, new_rules = {r.id: r for r in old.rules}, {r.id: r for r in new.rules}
    old_units, new_units = _units(old), _units(new)
    grammar_changes = [RuleChange(i, _grammar_changes(old_units[i], u)) for i, u in new_units.items() if i in old_units]
    old_lex, new_lex = {e.id: e for e in old.lexicon}, {e.id: e for e in new.lexicon}
    rule_changes = [
        RuleChange(i, _rule_changes(old_rules[i], r, (old, new))) for i, r in new_rules.items() if i in old_rules
    ]
    lex_changes = [RuleChange(i, _entry_changes(old_lex[i], e)) for i, e in new_lex.items() if i in old_lex]
    disabled = tuple(i for i in old_rules if i not in new_rules and i in new.disabled)
    return PackDiff(
        old=f"{old.name} {old.version}",
        new=f"{new.name} {new.version}",
        rules_added=tuple(i for i in new_rules if i not in old_rules),
        rules_removed=tuple(i for i in old_rules if i not in new_rules),
        rules_disabled=disabled,
        disabled_rationales={i: new.disabled[i].rationale for i in disabled},
        rules_enabled=tuple(i for i in new_rules if i not in old_rules and i in old.disabled),
        rules_changed=tuple(c for c in rule_changes if c.changes),
        lexicon_added=tuple(i for i in new_lex if i not in old_lex),
        lexicon_removed=tuple(i for i in old_lex if i not in new_lex),
        lexicon_changed=tuple(c for c in lex_changes if c.changes),
        grammar_added=tuple(i for i in new_units if i not in old_units),
        grammar_removed=tuple(i for i in old_units if i not in new_units),
        grammar_changed=tuple(c for c in grammar_changes if c.changes),
        findings_changed=_finding_changes(old, new),
        disabled_changed=tuple(
            RuleChange(i, (("rationale", old.disabled[i].rationale or "(none)", off.rationale or "(none)"),))
            for i, off in new.disabled.items()
            if i in old.disabled and old.disabled[i].rationale != off.rationale
        ),
    )


# --------------------------------------------------------------------------- on a dataset

#: What a row's assessment is compared on; "claimed level" is the level its declared label claims.
ASPECTS = ("level", *(f"{r} risk" for r in RISKS), "hedging", "claimed level", "verdict")


def _outcome(o: Outcome) -> str:
    if o.decided:
        v = o.value
        return str(v).lower() if isinstance(v, bool) else str(v)
    return "undecided (" + " or ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in o.possible) + ")"


def _aspects(a: RowAssessment) -> dict[str, str]:
    verdict = a.verdict if a.verdict is not None else "undecided (" + " or ".join(a.possible_verdicts) + ")"
    return {
        "level": _outcome(a.level),
        **{f"{r} risk": _outcome(a.risks[r]) for r in RISKS},
        "hedging": _outcome(a.hedging),
        # a label that claims another level may keep its verdict (inflated still): a lexicon change shows here
        "claimed level": a.declared_level or ("undeclared" if a.declared_label is None else "unrecognized"),
        "verdict": verdict,
    }


@dataclass(frozen=True, slots=True)
class RuleTurn:
    """A rule that does otherwise on a row under the new pack: what it did under each ('fires', 'may fire' where
    unknown facts leave it open, 'does not fire', 'disabled', 'not in the pack')."""

    rule: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.old} → {self.new}"

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class RowChange:
    """A row whose conclusions differ between the two packs."""

    row: int
    line: int | None
    id: str | None
    changes: tuple[tuple[str, str, str], ...]  # (aspect, old, new)
    #: for each aspect a rule decides (level, risks, hedging), the rules behind its change: those that conclude it
    #: and fire or may fire on the row under either pack, and the rules those rest on through findings, that do
    #: otherwise on the row; the rules that conclude it first
    because: tuple[tuple[str, tuple[RuleTurn, ...]], ...] = ()
    #: with a change of the claimed level, what decided the label's claim under each pack (an exact entry, a rung or
    #: an entry of the grammar, or the grammar rule that refused it), where it differs; "nothing" for no label
    decided_by: tuple[str, str] | None = None

    def turns(self, aspect: str) -> tuple[RuleTurn, ...]:
        return next((turns for a, turns in self.because if a == aspect), ())

    def _change(self, aspect: str, old: str, new: str) -> dict[str, Any]:
        if aspect == "claimed level":
            read = {"decided_by": {"old": self.decided_by[0], "new": self.decided_by[1]}} if self.decided_by else {}
            return {"old": old, "new": new, **read}
        return {"old": old, "new": new, "because": [t.as_dict() for t in self.turns(aspect)]}

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "line": self.line,
            "id": self.id,
            "changes": {a: self._change(a, o, n) for a, o, n in self.changes},
        }


@dataclass(frozen=True, slots=True)
class BrokenRow:
    """A row of the dataset that could not be assessed (with one pack or both): not compared."""

    row: int
    line: int | None
    errors: tuple[Problem, ...]  # every error, located

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "line": self.line, "errors": [p.as_dict() for p in self.errors]}


@dataclass(frozen=True)
class DatasetDiff:
    """What the new pack changes on a dataset, row by row."""

    rows: int
    errors: int
    changed: tuple[RowChange, ...]
    counts: dict[str, int] = field(default_factory=dict)  # aspect -> rows where it changes
    moves: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)  # aspect -> (old, new) -> rows
    #: the rows that could not be assessed (not compared)
    broken: tuple[BrokenRow, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "errors": self.errors,
            "rows_with_errors": [b.as_dict() for b in self.broken],
            "changed": len(self.changed),
            "counts": dict(self.counts),
            "moves": {
                a: [{"old": o, "new": n, "rows": k} for (o, n), k in m.most_common()] for a, m in self.moves.items()
            },
            "rows_changed": [c.as_dict() for c in self.changed],
        }


def diff_on(old: Pack, new: Pack, rows: Iterable[Row], *, jobs: int = 1, engine: str = "python") -> DatasetDiff:
    """Assess every row with both packs; the rows whose level, risks, hedging, claimed level or verdict differ, and
    for each change of the level, a risk or hedging, the rules behind it (``RowChange.because``)."""
    rows = list(rows)
    before = list(validate_rows(rows, old, jobs=jobs, engine=engine))
    after = list(validate_rows(rows, new, jobs=jobs, engine=engine))
    changed: list[RowChange] = []
    counts: dict[str, int] = dict.fromkeys(ASPECTS, 0)
    moves: dict[str, Counter[tuple[str, str]]] = {a: Counter() for a in ASPECTS}
    errors = 0
    broken: list[BrokenRow] = []
    behind = _Behind(old, new, engine)
    for row, a, b in zip(rows, before, after, strict=True):
        if a.assessment is None or b.assessment is None:
            errors += 1
            broken.append(BrokenRow(a.row, a.line, a.errors or b.errors))
            continue
        old_aspects, new_aspects = _aspects(a.assessment), _aspects(b.assessment)
        diffs = tuple((k, old_aspects[k], new_aspects[k]) for k in ASPECTS if old_aspects[k] != new_aspects[k])
        if diffs:
            because = behind(row.profile or {}, [k for k, _, _ in diffs])
            read = (a.assessment.decided_by or "nothing", b.assessment.decided_by or "nothing")
            claimed = any(k == "claimed level" for k, _, _ in diffs) and read[0] != read[1]
            changed.append(RowChange(a.row, a.line, a.id, diffs, because, read if claimed else None))
            for k, o, n in diffs:
                counts[k] += 1
                moves[k][(o, n)] += 1
    return DatasetDiff(
        len(before), errors, tuple(changed), counts, {k: m for k, m in moves.items() if m}, tuple(broken)
    )


#: the output of the rules (``unknowns.contributions``) each aspect a rule decides is
RULE_OUTPUTS = {"level": "level", **{f"{r} risk": f"risk:{r}" for r in RISKS}, "hedging": "hedging"}


class _Behind:
    """The rules behind a row's changes: each pack's rules assessed on the row (only rows that change are)."""

    def __init__(self, old: Pack, new: Pack, engine: str) -> None:
        self.packs = (old, new)
        self.engine = engine
        self._assessors: tuple[Assessor, Assessor] | None = None  # built on the first row that changes
        self._did: dict[str, tuple[dict[str, str], ...]] = {}
        #: per pack, each output's rules: those that conclude it, then those they depend on, in layered order
        self._cones: tuple[dict[str, tuple[str, ...]], ...] = ()
        self._conditions: tuple[dict[str, Evaluator], ...] = ()  # each pack's rules' conditions, compiled
        self._said: tuple[dict[str, dict[str, Any]], ...] = ()  # each pack's rules' conclusions, by output
        #: each pack's exact searches, a rule's set up the first time a row leaves it open (``_what_rules_did``)
        self._searches = (FiringSearches(old), FiringSearches(new))

    def __call__(self, profile: dict[str, Any], aspects: list[str]) -> tuple[tuple[str, tuple[RuleTurn, ...]], ...]:
        if self._assessors is None:
            self._cones = tuple(_cones(pack) for pack in self.packs)
            self._conditions = tuple({r.id: kleene(r.when) for r in pack.rules} for pack in self.packs)
            self._said = tuple({r.id: contributions(r) for r in pack.rules} for pack in self.packs)
            self._assessors = (
                Assessor(self.packs[0], engine=self.engine),
                Assessor(self.packs[1], engine=self.engine),
            )
        key = json.dumps(profile, sort_keys=True, default=str)  # rows with the same facts share what rules did
        did = self._did.get(key)
        if did is None:
            did = self._did[key] = tuple(
                _what_rules_did(searches, conditions, assessor.assess(profile, checked=True), profile)
                for searches, conditions, assessor in zip(
                    self._searches, self._conditions, self._assessors, strict=True
                )
            )
        out = []
        for aspect in aspects:
            output = RULE_OUTPUTS.get(aspect)
            if output is None:
                continue
            # the rules that bear on the output on this row: those concluding it that fire or may fire under a
            # pack, and those they depend on there; a rule feeding only rules that cannot fire on the row does not
            live = self._live(1, output, did[1]) | self._live(0, output, did[0])
            cones = [*self._cones[1].get(output, ()), *self._cones[0].get(output, ())]
            ids = [rule_id for rule_id in dict.fromkeys(cones) if rule_id in live]
            turns = []
            for rule_id in ids:
                before = did[0].get(rule_id) or _absent(self.packs[0], rule_id)
                after = did[1].get(rule_id) or _absent(self.packs[1], rule_id)
                if before in NO_EFFECT and after in NO_EFFECT:
                    continue  # it concluded nothing on the row under either pack
                if before == after:  # fires (or may) under both: it matters only if it now concludes otherwise
                    said = [self._said[i][rule_id].get(output) for i in (0, 1)]
                    if said[0] == said[1]:
                        continue
                    before, after = (f"{before}, concluding {_said(v)}" for v in said)
                turns.append(RuleTurn(rule_id, before, after))
            out.append((aspect, tuple(turns)))
        return tuple(out)

    def _live(self, i: int, output: str, did: dict[str, str]) -> set[str]:
        """The ids of pack i's rules that conclude output and fire or may fire on the row, and of the rules those
        depend on."""
        pack = self.packs[i]
        live = [r for r in pack.rules if output in self._said[i][r.id] and did.get(r.id) in ("fires", "may fire")]
        return upstream(pack.rules, live)


def _cones(pack: Pack) -> dict[str, tuple[str, ...]]:
    """Each output's rules in the pack: those that conclude it, then, in layered order, those they depend on."""
    rules = layered(pack.rules)
    out: dict[str, tuple[str, ...]] = {}
    for output in RULE_OUTPUTS.values():
        direct = [r for r in rules if output in contributions(r)]
        chosen = upstream(rules, direct)
        out[output] = (*(r.id for r in direct), *(r.id for r in rules if r.id in chosen and r not in direct))
    return out


def _what_rules_did(
    searches: FiringSearches, conditions: dict[str, Evaluator], assessment: Assessment, profile: dict[str, Any]
) -> dict[str, str]:
    """Each rule of a pack (its condition compiled; ``searches``, its exact searches) on a profile: 'fires', 'may fire' (some completion of the
    unknown facts fires it) or 'does not fire'.

    Three-valued evaluation leaves open a rule no completion fires (one that tests an unknown field for two
    values, or a finding no completion gives together with a test of the same field): lint's exact search
    settles each rule it leaves open, so a rule that cannot fire on the row is never said to maybe fire
    (one whose search runs out of its budget stays 'may fire': not proven unable to)."""
    fired = set(assessment.trace.fired)
    stated = frozenset(k for k, v in profile.items() if v is not None)
    truth: dict[str, bool | None] = dict.fromkeys(assessment.open_findings)
    truth.update(dict.fromkeys(assessment.trace.finding_steps, True))
    out = {}
    for rule_id, holds in conditions.items():
        if rule_id in fired:
            out[rule_id] = "fires"
        else:
            out[rule_id] = "may fire" if holds(profile, truth, stated) is None else "does not fire"
    open_rules = [rule_id for rule_id, did in out.items() if did == "may fire"]
    if open_rules:
        for rule_id, way in searches.facts_that_fire(open_rules, given=profile).items():
            if way is None:
                out[rule_id] = "does not fire"
    return out


#: what a rule did that concluded nothing on a row
NO_EFFECT = frozenset({"does not fire", "disabled", "not in the pack"})


def _said(values: tuple[Any, ...] | None) -> str:
    """What a rule concludes of an output: a level, a rating, or hedging."""
    return " and ".join("hedging" if v is True else str(v) for v in values or ())


def _absent(pack: Pack, rule_id: str) -> str:
    return "disabled" if rule_id in pack.disabled else "not in the pack"
