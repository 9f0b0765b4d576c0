"""Why not, and what if: why an output does not reach a value, and the smallest changes of facts that would.

``why_not(assessor, profile, "comprehensive_strategic_partnership")`` answers a
learner's "why is it not a comprehensive strategic partnership?" in two parts:

* **blockers**: the rules that would conclude the target, the parts of their
  conditions that do not hold, and the facts that fail them (down through the
  findings they need);
* **change sets**: every smallest set of fact changes that would make the
  output reach the target for certain ("if economic integration were deep, or
  if security cooperation added intelligence sharing").

Reaching is directional along the ordered values. Above the current value, a
partnership rung is reached by any rung at or above it (a change that makes the
relationship a comprehensive strategic partnership of coordination also makes it
comprehensive); the alliance, which stands apart, only by itself; and a risk
rating by any rating at or above it. Below the current value, or when the value
is open on both sides, only the target itself counts. With unknown facts, the
target must be reached whatever the facts left unknown turn out to be.

The search is exact over the value classes: each change moves one field to
another class of values (``Analysis.classes``), and the outcome of every
combination is read from the output's reduced decision diagram
(``Analysis.diagram``), so no rule is evaluated again. It prunes a branch only
when the diagram shows that no further change can reach the target, or that the
output no longer depends on the field; so every minimal set is found. Change
sets are minimal (none contains another) and come in a fixed order: fewest
changes first, then fields in vocabulary order. Sets that differ only in the
class one field moves to are shown as one, with that field's classes joined
("there were 5 or more working groups", "legal basis were ratified treaty or signed
treaty").

``answers_only=True`` changes only the facts that are still unknown: what the
answers still to come would decide ("what if"). ``exact=True`` counts only the
target itself as reaching it (what would decide the output to be exactly that).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from . import conditions as cond
from . import plain
from .assessment import Assessor
from .conditions import known_facts
from .errors import Problem, UsageError, closest, did_you_mean
from .levels import LEVEL_RANK, SHORT_LEVELS
from .pack import Pack, Rule
from .risks import RATING_RANK, RISKS
from .unknowns import contributions, rank_of
from .value_classes import ValueClasses
from .vocabulary import FIELD_ORDER, LEVELS, RATINGS

__all__ = [
    "Blocker",
    "Change",
    "ChangeSet",
    "Unlisted",
    "WhyNot",
    "apply_changes",
    "blocker_lines",
    "parse_target",
    "reaches",
    "target_choices",
    "target_words",
    "unknown_target",
    "why_not",
]

#: The partnership rungs, in order: reaching one from below is reaching it or a higher rung.
LADDER: tuple[str, ...] = LEVELS[1:5]


@dataclass(frozen=True, slots=True)
class Change:
    """One fact moved to another class of values (or, when unknown, given one)."""

    field: str
    classes: tuple[int, ...]  # indexes into Analysis.classes[field]; any of them will do
    was: Any  # the current value; None when unknown
    value: Any  # the nearest value in those classes, to apply
    text: str  # "economic integration were deep", "sectors had one more item (for example defense)"
    options: tuple[Any, ...] = ()  # every value the text names as one that would do (``value`` among them)

    def as_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        was = list(self.was) if isinstance(self.was, tuple) else self.was
        return {"field": self.field, "from": was, "to": value, "text": self.text}


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Changes that, made together, reach the target."""

    changes: tuple[Change, ...]

    @property
    def text(self) -> str:
        return plain.join_or((c.text for c in self.changes), "and")

    def as_dict(self) -> dict[str, Any]:
        return {"changes": [c.as_dict() for c in self.changes], "text": self.text}


@dataclass(frozen=True, slots=True)
class Blocker:
    """A rule toward the target: the part of its condition that does not hold, and the facts that fail it."""

    rule: str
    name: str
    part: str  # the part of the condition, in plain words
    truth: bool | None  # False: fails; None: waits on unknown facts; True: holds (when it holds the output up)
    facts: dict[str, Any]  # the facts that settle the part (unknown ones as None)
    depth: int  # 0: a rule concluding the target; 1: a rule concluding a finding it needs; ...
    ways: int = 0  # a finding that several rules conclude: how many of them are explained under it (any one will do)

    @property
    def text(self) -> str:
        return f"{self.name}{';' if self.truth is True else ':'} {self.detail}"

    @property
    def detail(self) -> str:
        """The part and how it stands, without the rule's name: 'sectors has 3 or more items? No: sectors is trade'."""
        if self.truth is True:  # a part that holds the output up: what the relationship has, said once
            # as the fact that holds it, where one fact does: 'legal basis is joint statement', not the condition
            # it meets ('legal basis is ratified treaty, signed treaty, joint statement or memorandum')
            # (a part of several facts: those that hold it, 'exit costs is low; duration is renewable', where it
            # said '(exit costs is low or duration is renewable or fixed term)' and left the learner to find which)
            known = [(f, v) for f, v in self.facts.items() if v is not None]
            has = (
                "; ".join(plain.fact_text(f, v) for f, v in known)
                if known and len(known) == len(self.facts)
                else self.part
            )
            return f"here: {has}"
        shown = "; ".join(plain.fact_text(f, v) for f, v in self.facts.items())
        # asked and answered, as a learner checks a condition: 'legal basis is signed treaty? No: legal basis is
        # memorandum', where it said 'legal basis is signed treaty fails (legal basis is memorandum)', like code
        state = {False: "No", None: "Not known yet"}[self.truth]
        # the rules under a finding are ways to it, not parts of it: a learner read them as all needed
        either = (
            (
                "either rule below would give it"
                if self.ways == 2
                else f"any one of the {self.ways} rules below would give it"
            )
            if self.ways > 1
            else ""
        )
        return f"{self.part}? {state}" + (f": {shown}" if shown else "") + (f" ({either})" if either else "")

    def as_dict(self) -> dict[str, Any]:
        facts = {f: list(v) if isinstance(v, tuple) else v for f, v in self.facts.items()}
        return {
            "rule": self.rule,
            "part": self.part,
            "holds": self.truth,
            "facts": facts,
            "depth": self.depth,
            "text": self.text,
        }


def blocker_lines(blockers: Sequence[Blocker]) -> list[tuple[int, str]]:
    """The blockers as (depth, line) pairs, each rule's name said once: the parts of one rule, one after
    another under the same finding, go under its name ('A binding treaty ... is an alliance:', then each
    part), where each part repeated the name before.
    """
    tree: list[tuple[Blocker, list[Any]]] = []
    stack: list[tuple[int, list[tuple[Blocker, list[Any]]]]] = [(-1, tree)]
    for b in blockers:  # as a tree: each blocker under the one before it that is less deep
        while stack[-1][0] >= b.depth:
            stack.pop()
        node: tuple[Blocker, list[Any]] = (b, [])
        stack[-1][1].append(node)
        stack.append((b.depth, node[1]))
    lines: list[tuple[int, str]] = []

    def said(nodes: list[tuple[Blocker, list[Any]]], depth: int) -> None:
        i = 0
        while i < len(nodes):
            first = nodes[i][0]
            j = i + 1
            while j < len(nodes) and (nodes[j][0].rule, nodes[j][0].name) == (first.rule, first.name):
                j += 1
            if j == i + 1:
                lines.append((depth, first.text))
                said(nodes[i][1], depth + 1)
            else:
                lines.append((depth, f"{first.name}:"))
                for b, children in nodes[i:j]:
                    lines.append((depth + 1, b.detail))
                    said(children, depth + 2)
            i = j

    said(tree, 0)
    return lines


@dataclass(frozen=True, slots=True)
class Unlisted:
    """Another value of a fact that the ways shown change, which they leave out: with it in their place the
    output could still be something else (``still``), unless ``also`` changed too, as a way not shown does.
    A trainee told 'if legal basis were joint statement or memorandum, ...' asks why not a treaty."""

    change: Change  # 'legal basis were ratified treaty or signed treaty'
    instead_of: Change  # the change of the same fact in the ways shown
    still: tuple[Any, ...]  # what the output could still be with it alone in their place (the alliance)
    also: tuple[Change, ...]  # what else would have to be so
    certain: bool = False  # with it alone, the output would be one of ``still`` for certain, not the target

    def text(self, output: str, becomes: str) -> str:
        """'If legal basis were ratified treaty or signed treaty instead, it could still be an alliance while
        defense commitment is not known; it would be ... only if, as well, defense commitment were ...'."""
        unknown = [plain.field_title(c.field) for c in self.also if c.was is None]
        known = [plain.fact_text(c.field, c.was) for c in self.also if c.was is not None]
        why = []
        if unknown:
            why.append(f"while {plain.join_or(unknown, 'and')} {'is' if len(unknown) == 1 else 'are'} not known")
        if known:
            why.append(f"as {plain.join_or(known, 'and')}")
        verb = "would" if self.certain else "could still"
        return (
            f"If {self.change.text} instead, it {verb} {_could_be(output, self.still)} {' and '.join(why)}; "
            f"it {becomes} only if, as well, {plain.join_or((c.text for c in self.also), 'and')}"
        )


def _could_be(output: str, values: tuple[Any, ...]) -> str:
    """What an output could be, read after 'it could still': 'be an alliance', 'have a high entrapment risk'."""
    if output == "level":
        named = [plain.level_name(v) for v in values]
        return "be " + plain.join_or(f"{'an' if n[:1] in 'aeiou' else 'a'} {n}" for n in named)
    if output == "hedging":
        return "be hedging" if True in values else "not be hedging"
    return f"have a {plain.join_or(values)} {plain.output_name(output)}"


#: How many ways (change sets) a why-not sentence shows before it says how many others there are.
WAYS_SHOWN = 3


@dataclass(frozen=True, slots=True)
class WhyNot:
    """Why an output is not (yet) at a target value, and what would bring it there."""

    output: str  # level, risk:<name>, hedging
    target: Any
    current: tuple[Any, ...]  # the output's possible values now
    reached: tuple[Any, ...]  # the values that count as reaching the target
    status: str  # holds | open | not_reached
    blockers: tuple[Blocker, ...]
    change_sets: tuple[ChangeSet, ...]
    answers_only: bool = False
    #: other values of the facts the ways shown change, which they leave out, and why (see ``Unlisted``)
    unlisted: tuple[Unlisted, ...] = ()

    @property
    def target_text(self) -> str:
        return _value_words(self.output, self.target)

    def sentence(self, limit: int = WAYS_SHOWN) -> str:
        """One line: 'would be a comprehensive strategic partnership if ..., or if ...'."""
        what = _becomes(self.output, self.target, self.reached)
        if self.status == "holds":
            return "already " + what.replace("would be", "is").replace("would have", "has").replace(
                "would not be", "is not"
            )
        if not self.change_sets:
            cannot = _cannot(self.output, self.target, self.reached)
            if self.answers_only:  # the facts already known rule it out
                return f"{cannot}, whatever the answers still to come"
            return f"{cannot} in this pack, whatever the facts"
        return f"{what} {self.ways(limit)}"

    def unlisted_lines(self) -> list[str]:
        """Why the ways the sentence shows leave out another value of a fact they change (a treaty, where
        they say a joint statement or a memorandum), one sentence each: the ways that take it come later,
        among the 'other ways', and need more."""
        what = _becomes(self.output, self.target, self.reached)
        return [f"{u.text(self.output, what)}." for u in self.unlisted]

    def ways(self, limit: int = 3) -> str:
        """The change sets as conditions: 'if ...; or if ... (and 2 other ways)'; '' when there are none.

        The sentence's own words, for a report that says the target itself before them (an open
        level's 'strategic partnership: if ...').
        """
        shown = [f"if {c.text}" for c in self.change_sets[:limit]]
        more = len(self.change_sets) - limit
        tail = f" (and {more} other way{'s' if more > 1 else ''})" if more > 0 else ""
        return "; or ".join(shown) + tail

    def as_dict(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "target": self.target,
            "current": list(self.current),
            "reached_by": list(self.reached),
            "status": self.status,
            "answers_only": self.answers_only,
            "blockers": [b.as_dict() for b in self.blockers],
            "change_sets": [c.as_dict() for c in self.change_sets],
            "text": self.sentence(limit=len(self.change_sets) or 1),
        }


def _value_words(output: str, value: Any) -> str:
    if output == "level":
        return plain.level_name(value)
    if output == "hedging":
        return "hedging" if value else "no hedging"
    return f"{value} {plain.output_name(output)}"


def _becomes(output: str, target: Any, reached: tuple[Any, ...]) -> str:
    if output == "level":
        name = plain.level_name(target)
        article = "an" if name[:1] in "aeiou" else "a"
        if target == "none":
            return "would have no framework"
        # the rungs above it, not the alliance: it stands apart from the partnership ladder (and above it), and
        # reaching a rung is never reaching the alliance ('or higher' read as if it were)
        return f"would be {article} {name}" + (" or a higher partnership" if len(reached) > 1 else "")
    if output == "hedging":
        return "would be hedging" if target else "would not be hedging"
    return f"would have a {target}" + (" or higher" if len(reached) > 1 else "") + f" {plain.output_name(output)}"


def _cannot(output: str, target: Any, reached: tuple[Any, ...]) -> str:
    """What the output cannot come to, read after 'it': 'cannot be a strategic partnership or a higher partnership'."""
    if output == "level" and target == "none":
        return "cannot be without a framework"
    if output == "hedging":
        return "cannot be hedging" if target else "cannot stop hedging"
    return _becomes(output, target, reached).replace("would ", "cannot ", 1)


# --------------------------------------------------------------------------- targets


def parse_target(text: str) -> tuple[str, Any]:
    """A target as a person types it: a level ('comprehensive_strategic_partnership', 'csp'),
    '<risk>=<rating>' or '<risk> <rating>', 'hedging' or 'no-hedging'. Raises UsageError."""
    raw = text.strip()
    key = raw.lower().replace("-", "_").replace(" ", "_")
    if key in SHORT_LEVELS:
        return "level", SHORT_LEVELS[key]
    if key in LEVELS:
        return "level", key
    if key in ("hedging", "hedging_true", "hedging=yes", "hedging_yes"):
        return "hedging", True
    if key in ("no_hedging", "hedging_false", "hedging=no", "hedging_no", "not_hedging"):
        return "hedging", False
    words = _risk_words(raw)  # 'entrapment=high', or as the page and the answer say it, 'high entrapment risk'
    if len(words) == 2:
        for risk, rating in (words, words[::-1]):
            if risk in RISKS and rating in RATINGS:
                return f"risk:{risk}", rating
    risky = risk_target_problem(raw, "=")
    if risky is not None:
        raise UsageError(
            Problem(f"unknown target '{raw}': {risky.message}", suggestion=risky.suggestion, option="why_not")
        )
    choices = [*LEVELS, *SHORT_LEVELS, *(f"{r}=high" for r in RISKS), "hedging", "no-hedging"]
    raise UsageError(
        Problem(
            f"unknown target '{raw}'",
            suggestion=did_you_mean(key, choices)
            or "expected a level (e.g. strategic_partnership), <risk>=<rating> (e.g. entrapment=high), hedging or no-hedging",
            option="why_not",
        )
    )


def _risk_words(text: str) -> list[str]:
    """TEXT's words for a risk and a rating, in the order typed: 'entrapment=high', 'entrapment high',
    'high entrapment risk' (the word risk is left out)."""
    return [w for w in re.split(r"[\s=:_-]+", text.strip().lower()) if w and w not in ("risk", "risks")]


def risk_target_problem(text: str, sep: str) -> Problem | None:
    """What is wrong with TEXT as a risk and its rating, when one half of it is right: a risk with a rating
    it cannot take ('entrapment=foo': foo is not one of its ratings, which are listed), a risk with no
    rating ('entrapment'), or a rating of no risk ('foo=high'); None when TEXT reads as neither half.
    A suggestion only for a near miss, written with SEP between the two ('=' for a command line, ' ' typed
    at the interview): 'entrapment=foo' was offered 'entrapment low', and foo is nowhere near low."""
    words = _risk_words(text)
    ratings = plain.join_or(RATINGS)
    if len(words) == 1 and words[0] in RISKS:
        risk = words[0]
        return Problem(f"{risk} is a risk: say which of its ratings ({ratings})", suggestion=f"e.g. {risk}{sep}high")
    if len(words) == 1 and words[0] in RATINGS:
        rating = words[0]
        return Problem(
            f"{rating} is a rating: say of which risk ({plain.join_or(RISKS)})",
            suggestion=f"e.g. entrapment{sep}{rating}",
        )
    if len(words) != 2:
        return None
    for risk, rating in (words, words[::-1]):
        if risk in RISKS and rating not in RATINGS:
            near = closest(rating, RATINGS)
            return Problem(
                f"'{rating}' is not one of the ratings of the {risk} risk, which are {ratings}",
                suggestion=f"did you mean '{risk}{sep}{near}'?" if near else None,
            )
    for risk, rating in (words, words[::-1]):
        if rating in RATINGS and risk not in RISKS:
            near = closest(risk, RISKS)
            return Problem(
                f"'{risk}' is not one of the risks amity rates, which are {plain.join_or(RISKS, 'and')}",
                suggestion=f"did you mean '{near}{sep}{rating}'?" if near else None,
            )
    return None


def target_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every target why-not explains, by kind, each as ``parse_target`` reads it and in words: what a page
    offers to choose from ('entrapment=high', 'high entrapment risk'), as the terminal's whynot takes it typed."""
    return [
        ("a level", [(lv, plain.level_name(lv)) for lv in LEVELS]),
        ("a risk", [(f"{r}={x}", _value_words(f"risk:{r}", x)) for r in RISKS for x in RATINGS]),
        ("hedging", [("hedging", _value_words("hedging", True)), ("no-hedging", _value_words("hedging", False))]),
    ]


def target_words() -> str:
    """What why-not explains, in the words a trainee types them (the interview's whynot; its help)."""
    levels = plain.join_or(
        [f"{plain.level_name(lv)} ({short})" for short, lv in SHORT_LEVELS.items()] + ["alliance", "none"]
    )
    return (
        f"a level: {levels}; a risk and a rating, e.g. entrapment high "
        f"(the risks: {plain.join_or(RISKS, 'and')}; the ratings: {plain.join_or(RATINGS)}); or hedging, no hedging"
    )


def unknown_target(text: str) -> Problem:
    """Why TEXT, typed after whynot, names nothing why-not explains, in plain words (``parse_target`` speaks
    the data's names, for a command line): 'strategic partnership', not 'strategic_partnership'."""
    risky = risk_target_problem(text, " ")
    if risky is not None:
        return risky
    typed = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    names = [plain.level_name(lv) for lv in LEVELS if lv != "none"] + ["none", *SHORT_LEVELS]
    names += [f"{r} {x}" for r in RISKS for x in RATINGS] + ["hedging", "no hedging"]
    hint = did_you_mean(typed, names)
    return Problem(
        f"amity does not know '{text.strip()}' as a level, a risk or hedging",
        suggestion=hint,  # what it takes, target_words(), is said beside it
    )


def reached_set(output: str, target: Any, current: tuple[Any, ...], exact: bool = False) -> tuple[Any, ...]:
    """The values that count as reaching the target from the current possible values (see the module doc).

    Upward (the lowest possible value is below the target): a partnership rung or a rating at or above
    the target; otherwise, or with ``exact``, the target alone.
    """
    if exact:
        return (target,)
    if output == "level":
        floor = min(LEVEL_RANK[v] for v in current)
        if (
            target in LADDER
            and floor < LEVEL_RANK[target]
            and all(v == "none" or v in LADDER or v == "alliance" for v in current)
        ):
            return tuple(v for v in LADDER if LEVEL_RANK[v] >= LEVEL_RANK[target])
        return (target,)
    if output.startswith("risk:"):
        if min(RATING_RANK[v] for v in current) < RATING_RANK[target]:
            return tuple(r for r in RATINGS if RATING_RANK[r] >= RATING_RANK[target])
        return (target,)
    return (target,)


def reaches(output: str, target: Any, before: tuple[Any, ...], after: tuple[Any, ...], exact: bool = False) -> bool:
    """Whether possible values ``after`` reach the target for certain, coming from ``before``."""
    return set(after) <= set(reached_set(output, target, before, exact))


# --------------------------------------------------------------------------- the search


def why_not(
    assessor: Assessor,
    profile: Mapping[str, Any],
    target: Any,
    output: str = "level",
    *,
    answers_only: bool = False,
    exact: bool = False,
) -> WhyNot:
    """Why the output is not (for certain) at target on this profile, and the minimal changes that would put it there.

    ``target`` is a level, a rating (with ``output="risk:<name>"``) or a bool
    (with ``output="hedging"``). The profile must already fit the vocabulary.
    """
    _check(output, target)
    analysis = assessor.analysis
    facts = known_facts(profile)
    classes = ValueClasses(analysis)
    diagram = analysis.diagram(output)
    now = {f: classes.index(f, v) for f, v in facts.items() if f in analysis.classes}
    current_values, _ = diagram.reach(now)
    current = tuple(sorted(current_values, key=rank_of(output)))
    goal = set(reached_set(output, target, current, exact))
    status = "holds" if current_values <= goal else "open" if current_values & goal else "not_reached"
    evaluation = assessor.evaluator.evaluate(facts)
    down = status == "not_reached" and all(rank_of(output)(v) > rank_of(output)(target) for v in current)
    toward = {target} if any(target in contributions(r).get(output, ()) for r in assessor.pack.rules) else goal
    blockers = tuple(_blockers(assessor.pack, output, goal if down else toward, facts, evaluation.findings, down))
    found: list[frozenset[tuple[str, int]]] = []
    if status != "holds":
        order = [f for f in analysis.cones[output].order if f in analysis.classes]
        changeable = {f for f in order if not answers_only or f not in facts}
        _search(diagram, {f: classes.count(f) for f in order}, order, now, goal, changeable, found)
    change_sets = tuple(_present(_merge(_minimal(found, set(facts))), facts, classes))
    unlisted = _unlisted(change_sets, diagram, now, goal, output)
    return WhyNot(
        output,
        target,
        current,
        tuple(sorted(goal, key=rank_of(output))),
        status,
        blockers,
        change_sets,
        answers_only,
        unlisted,
    )


def _unlisted(
    change_sets: tuple[ChangeSet, ...], diagram: Any, now: dict[str, int], goal: set[Any], output: str
) -> tuple[Unlisted, ...]:
    """The other values of a fact that the ways shown (the first ``WAYS_SHOWN``) change, which a way not shown
    takes with more changes: each once, with what the output could still be with that value alone in their
    place. Found from the change sets themselves: a way not shown that is a shown one with that fact moved to
    other classes, and more facts changed."""
    shown = change_sets[:WAYS_SHOWN]
    out: list[Unlisted] = []
    said: set[str] = set()
    for later in change_sets[WAYS_SHOWN:]:
        theirs = {c.field: c for c in later.changes}
        for way in shown:
            ours = {c.field: c for c in way.changes}
            for f, mine in ours.items():
                other = theirs.get(f)
                if f in said or other is None or set(other.classes) & set(mine.classes):
                    continue
                if any(g not in theirs or theirs[g].classes != c.classes for g, c in ours.items() if g != f):
                    continue
                also = tuple(c for g, c in theirs.items() if g not in ours)
                if not also:
                    continue
                assign = {**now, **{g: c.classes[0] for g, c in ours.items()}, f: other.classes[0]}
                values, _ = diagram.reach(assign)
                still = tuple(sorted(set(values) - goal, key=rank_of(output)))
                if still:
                    out.append(Unlisted(other, mine, still, also, certain=not set(values) & goal))
                    said.add(f)
    return tuple(out)


def _check(output: str, target: Any) -> None:
    if output == "level" and target in LEVELS:
        return
    if output == "hedging" and isinstance(target, bool):
        return
    if output.startswith("risk:") and output[5:] in RISKS and target in RATINGS:
        return
    raise UsageError(Problem(f"'{target}' is not a value of {output}", option="why_not"))


def _search(
    diagram: Any,
    counts: dict[str, int],
    order: list[str],
    now: dict[str, int],
    goal: set[Any],
    changeable: set[str],
    found: list[frozenset[tuple[str, int]]],
) -> None:
    """Every minimal change set, by dynamic programming over the diagram.

    The fields are decided in the diagram's own order, so after deciding the
    first i fields the walk stands on a set of nodes (the frontier), and what
    remains to be decided depends on nothing else: the minimal change sets over
    the remaining fields are worked out once per (i, frontier).
    """
    labels, edges = diagram.labels, diagram.edges
    position = {f: i for i, f in enumerate(order)}
    n = len(order)

    def walk(starts: frozenset[int], fixed: dict[str, int]) -> tuple[set[Any], set[str]]:
        return diagram.reach(fixed, starts)  # type: ignore[no-any-return]

    def advance(frontier: frozenset[int], field: str, k: int | None) -> frozenset[int]:
        out: set[int] = set()
        for node in frontier:
            if labels[node] == field:
                out.update(edges[node] if k is None else (edges[node][k],))
            else:
                out.add(node)
        # nodes on fields that come later stay; none on an earlier field can be here (the diagram is ordered)
        return frozenset(out)

    standing_fixed = {f: k for f, k in now.items() if f in position}
    hope_fixed = {f: k for f, k in standing_fixed.items() if f not in changeable}
    memo: dict[tuple[int, frozenset[int]], list[frozenset[tuple[str, int]]]] = {}

    def future(i: int, frontier: frozenset[int]) -> list[frozenset[tuple[str, int]]]:
        key = (i, frontier)
        if key in memo:
            return memo[key]
        values, _ = walk(frontier, standing_fixed)
        result: list[frozenset[tuple[str, int]]]
        if values <= goal:
            result = [frozenset()]  # nothing more to change: every further change would only add to it
        else:
            values, met = walk(frontier, hope_fixed)
            result = []
            if values & goal and i < n:
                field = order[i]
                keep = now.get(field)
                result.extend(future(i + 1, advance(frontier, field, keep)))
                if field in changeable and field in met:
                    for k in range(counts[field]):
                        if k != keep:
                            result.extend(s | {(field, k)} for s in future(i + 1, advance(frontier, field, k)))
                result = _minimal(result)
        memo[key] = result
        return result

    found.extend(future(0, frozenset({diagram.top})))


def _minimal(
    found: list[frozenset[tuple[str, int]]], known: set[str] | frozenset[str] = frozenset()
) -> list[frozenset[tuple[str, int]]]:
    """Drop every set that contains another; order: fewest changes, then fewest changes of a fact KNOWN (an
    answer given: a way through the facts still open comes before one that overturns an answer, which the
    trainee who answered 'ratified treaty' was shown first, every way shown changing it), then fields in
    vocabulary order."""

    def key(s: frozenset[tuple[str, int]]) -> tuple[int, int, list[tuple[int, int]]]:
        return len(s), sum(f in known for f, _ in s), sorted((FIELD_ORDER[f], k) for f, k in s)

    ordered = sorted(set(found), key=key)
    kept: list[frozenset[tuple[str, int]]] = []
    for s in ordered:
        if not any(k <= s for k in kept):
            kept.append(s)
    return kept


def _merge(sets: list[frozenset[tuple[str, int]]]) -> list[dict[str, tuple[int, ...]]]:
    """Join sets that differ only in the class one field moves to."""
    groups: list[dict[str, tuple[int, ...]]] = [{f: (k,) for f, k in s} for s in sets]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = groups[i], groups[j]
                if a.keys() != b.keys():
                    continue
                differ = [f for f in a if a[f] != b[f]]
                if len(differ) == 1:
                    f = differ[0]
                    groups[i] = {**a, f: tuple(sorted(set(a[f]) | set(b[f])))}
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return groups


def _present(groups: list[dict[str, tuple[int, ...]]], facts: dict[str, Any], classes: ValueClasses) -> list[ChangeSet]:
    out = []
    for group in groups:
        changes = []
        for f in sorted(group, key=FIELD_ORDER.__getitem__):
            was = facts.get(f)
            value = classes.nearest(f, group[f], was)
            text, options = classes.change(f, group[f], was, value)
            changes.append(Change(f, group[f], was, value, text, options))
        out.append(ChangeSet(tuple(changes)))
    return out


def apply_changes(profile: Mapping[str, Any], change_set: ChangeSet) -> dict[str, Any]:
    """The profile with the changes made (set values as lists, as the vocabulary has them)."""
    out = dict(profile)
    for c in change_set.changes:
        out[c.field] = list(c.value) if isinstance(c.value, tuple) else c.value
    return out


# --------------------------------------------------------------------------- blockers


def _blockers(
    pack: Pack,
    output: str,
    goal: set[Any],
    facts: dict[str, Any],
    findings: dict[str, bool | None],
    down: bool,
) -> list[Blocker]:
    """What stands between the output and the target.

    Toward a higher value: the rules that would conclude it, the parts of their
    conditions that do not hold, and below them the rules for the findings they
    lack. Toward a lower value: the rules that hold the output up, and what they matched.
    """
    out: list[Blocker] = []
    if down:
        rank = rank_of(output)
        top = max(rank(v) for v in goal)
        for r in pack.rules:
            if any(rank(v) > top for v in contributions(r).get(output, ())) and findings_hold(r, facts, findings):
                out.extend(_parts(pack, r, facts, findings, 0, want=True))
        return out
    seen: set[str] = set()
    for rule in pack.rules:
        if set(contributions(rule).get(output, ())) & goal:
            _explain(pack, rule, facts, findings, 0, seen, out)
    return out


def findings_hold(rule: Rule, facts: dict[str, Any], findings: dict[str, bool | None]) -> bool:
    return cond.kleene(rule.when)(facts, findings, facts) is True


#: how many findings down why-not follows a failing finding to the rules that conclude it
_EXPLAIN_DEPTH = 3


def _explain(
    pack: Pack,
    rule: Rule,
    facts: dict[str, Any],
    findings: dict[str, bool | None],
    depth: int,
    seen: set[str],
    out: list[Blocker],
) -> None:
    if rule.id in seen or depth > _EXPLAIN_DEPTH:
        return
    seen.add(rule.id)
    for blocker, node in _failing(pack, rule, facts, findings, depth):
        if not isinstance(node, cond.FindingRef):
            out.append(blocker)
            continue
        producers = [p for p in pack.rules if node.name in p.findings_concluded]
        explained = [p for p in producers if p.id not in seen] if depth + 1 <= _EXPLAIN_DEPTH else []
        out.append(replace(blocker, ways=len(explained)) if len(explained) > 1 else blocker)
        for producer in producers:
            _explain(pack, producer, facts, findings, depth + 1, seen, out)


def _parts(
    pack: Pack, rule: Rule, facts: dict[str, Any], findings: dict[str, bool | None], depth: int, *, want: bool
) -> list[Blocker]:
    parts = rule.when.children if isinstance(rule.when, cond.All) else (rule.when,)
    out = []
    for part in parts:
        truth = cond.kleene(part)(facts, findings, facts)
        if truth is want:
            settling = _settling(part, facts)
            if truth is True and isinstance(part, cond.Any_):  # one of several holds it: the facts of those that do
                holding = [c for c in part.children if cond.kleene(c)(facts, findings, facts) is True]
                if all(isinstance(c, cond.FieldTest) for c in holding):
                    settling = {f: v for c in holding for f, v in _settling(c, facts).items()}
            out.append(
                Blocker(rule.id, plain.rule_reason(rule), plain.condition_text(part, pack), truth, settling, depth)
            )
    return out


def _failing(
    pack: Pack, rule: Rule, facts: dict[str, Any], findings: dict[str, bool | None], depth: int
) -> list[tuple[Blocker, cond.Condition]]:
    """The top-level parts of a rule's condition that do not hold for certain."""
    parts = rule.when.children if isinstance(rule.when, cond.All) else (rule.when,)
    out = []
    for part in parts:
        truth = cond.kleene(part)(facts, findings, facts)
        if truth is not True:
            blocker = Blocker(
                rule.id, plain.rule_reason(rule), plain.condition_text(part, pack), truth, _settling(part, facts), depth
            )
            out.append((blocker, part))
    return out


def _settling(part: cond.Condition, facts: dict[str, Any]) -> dict[str, Any]:
    """The facts a part of a condition tests, with their values (unknown as None), in vocabulary order."""
    names = cond.fields_of(part)
    return {f: facts.get(f) for f in sorted(names, key=FIELD_ORDER.__getitem__)}
