"""The interview: a consultation that asks about a relationship one fact at a time, as MYCIN did.

A ``Consultation`` holds the answers given so far and works out the rest:

* ``next_question()`` is always a fact that can still change an output (one of
  the assessment's deciding facts, which the exact unknowns analysis gives), and
  among those the one with the greatest **expected information gain**: for each
  output still open, the uncertainty is log2 of the number of values it can
  still take; a question's gain is the uncertainty now, summed over the open
  outputs, less its mean over the field's value classes (each class taken as
  equally likely, since no test of the pack tells the values inside a class
  apart). The outputs possible after each class are read from the outputs'
  decision diagrams, so choosing costs one walk of a diagram per class. Ties go
  to the field that comes first in the vocabulary. Fields answered ``unknown``
  are not asked again.
* The consultation is over when every output (the level, each risk, hedging)
  is decided, or when every fact that could still decide one was answered unknown.
* ``answer``, ``back``, ``why``, ``how``, ``why_not`` and ``facts`` are what
  the trainee may ask at any question; ``to_dict``/``from_dict`` keep the whole
  state as JSON (a web page can hold it), and ``profile()`` is the answers as a
  relationship profile that ``amity assess`` and ``--resume`` read.

Nothing here prints or reads a terminal: the CLI (``amity interview``) and any
other front end drive it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from . import plain
from .assessment import Assessment, Assessor
from .document import Document
from .errors import InputError, Location, Problem, did_you_mean
from .schemas import check_profile, decimal_comma, describe, spaced_names, upside_down
from .unknowns import OUTPUTS, rank_of
from .value_classes import ValueClasses
from .vocabulary import FIELD_ORDER, fact_fields
from .whynot import WhyNot, why_not

__all__ = [
    "CASE_FIELDS",
    "NOT_KNOWN",
    "PARTIES_ADVICE",
    "SEED_PARTS",
    "SET_ANSWER",
    "Answer",
    "BadAnswer",
    "Consultation",
    "Question",
    "Why",
    "field_named",
    "parse_answer",
    "parties_typed",
    "set_answer",
]

#: The fields that say which case this is, not what it is: asked (or given) before the questions.
CASE_FIELDS: tuple[str, ...] = ("id", "parties", "as_of", "established", "declared_label", "sources")

#: What to give when the parties are refused (the terminal says it after the reason; a web form with it).
PARTIES_ADVICE = "Give two different codes in capitals, e.g. USA IND."

#: Where the seed (rules/core/seed.txt) speaks of each group of the vocabulary: the seed's heading, as a line
#: of the seed, and the words that open the passage under it (None: the section as a whole). The vocabulary
#: groups its fields under its own short names ("Alignment", "Hierarchy"), which are not the seed's; a
#: question cites the seed's own. A group missing here is cited not at all, never by a name the seed lacks.
SEED_PARTS: dict[str, tuple[str, str | None]] = {
    "Key Distinction: Partnership vs. Alliance": ("Key Distinction: Partnership vs. Alliance", None),
    "Key Distinction": ("Key Distinction: Partnership vs. Alliance", None),
    "Core Characteristics": ("Core Characteristics", None),
    "Core Characteristics: multi-dimensional cooperation": ("Core Characteristics", "Multi-dimensional cooperation"),
    "Core Characteristics: institutionalized but non-binding": (
        "Core Characteristics",
        "Institutionalized but non-binding",
    ),
    "Hierarchy": ("The Hierarchy of Partnerships", None),
    "Long-term horizon": ("Core Characteristics", "Long-term horizon"),
    "Alignment": ("Criticisms and Limitations", "Ambiguity as liability"),
    "Criticisms: asymmetric benefits": ("Criticisms and Limitations", "Asymmetric benefits"),
    "Hedging behavior": ("Core Characteristics", "Hedging behavior"),
    "Risk management": ("Why States Choose Partnerships Over Alliances", "1. Risk management"),
    "Ambiguity as liability": ("Criticisms and Limitations", "Ambiguity as liability"),
}

#: How the items of a set are typed, as ``set_items`` reads them: said at every set question (the interview,
#: the terminal quiz), so the rule a person is told is the rule applied.
SET_ANSWER = (
    "numbers or names separated by commas, or by spaces when no name has a space in it"
    " (1, 2 or 1 2; joint exercises, arms transfers); 'none' for no item"
)


def set_answer(values: Iterable[Any]) -> str:
    """How a person types the items of a set (``SET_ANSWER``), its example made of the set's own first two names:
    at the sectors question it named security cooperation's ('joint exercises, arms transfers'), no sector."""
    names = [plain.words(v) for v in values]
    if len(names) < 2:
        return SET_ANSWER
    example = f"{names[0]}, {names[1]}" + ("" if any(" " in n for n in names) else f" or {names[0]} {names[1]}")
    return SET_ANSWER.replace("joint exercises, arms transfers", example)


#: What a person types for a set with no item.
NO_ITEM = frozenset({"none", "-", "[]", "nothing", "empty"})
#: Commas of other scripts, read as a comma between items: the full-width comma and the ideographic one
#: that Chinese and Japanese keyboards type.
COMMAS = str.maketrans({"\uff0c": ",", "\u3001": ","})

UNKNOWN_WORDS = frozenset({"unknown", "?", "dont know", "don't know", "idk", "not known"})
#: What a trainee types for "I do not know" at the quiz: the interview's words and two more. The quiz has no
#: answer unknown: undecided (where the narrative leaves it open), or skip.
NOT_KNOWN = UNKNOWN_WORDS | {"do not know", "no idea"}

#: What a trainee types for the official label to say there is none, or that it is not known: no label, as
#: every question takes 'unknown' (not a label of that name, which the assessment would call unrecognized)
NO_LABEL = UNKNOWN_WORDS | {"none", "no", "n/a", "-"}


def parties_typed(raw: str) -> list[str]:
    """The two party codes typed on one line ('USA IND', 'usa, ind'), in capitals; InputError when they are not
    two valid, different codes (the terminal and the page read them alike)."""
    parties = raw.replace(",", " ").upper().split()
    try:
        check_profile(Document({"parties": parties}))
    except InputError as exc:
        # a file's suggestion for the count (list them as [USA, JPN]) is not how a line is typed: the terminal
        # and the page add PARTIES_ADVICE to a problem of the list as a whole
        raise InputError(
            [replace(p, suggestion=None) if p.location.pointer == "/parties" else p for p in exc.problems]
        ) from None
    return parties


#: What a number looks like when typed: plain decimal digits, a sign, a decimal point. Python's own
#: int() and float() take more ("1_000", "1e3", "inf", digits of other scripts), none of it meant.
WHOLE = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
PERCENT = re.compile(r"((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*%")  # a share typed as a percentage: '25%', '2.5 %'
#: Significant digits a number keeps exactly: a float holds 15, and so does every JSON reader (a whole
#: number past 2**53 is rounded): a saved answer reads back as it was typed.
DIGITS = 15


class BadAnswer(InputError):
    """An answer that is not a value of the field asked; the problem says what is expected."""


@dataclass(frozen=True, slots=True)
class Question:
    """One fact to ask: what it means and the values it takes."""

    number: int
    field: str
    title: str
    meaning: str
    section: str | None  # the heading of the seed the field comes from, as the seed writes it
    kind: str  # enum | ordinal | boolean | integer | number | set
    choices: tuple[Any, ...]  # enumerations, booleans and sets: the values, in order
    minimum: float | None
    maximum: float | None
    gain: float  # expected information gain, in bits
    passage: str | None = None  # the words that open the seed's passage on it, under that heading

    @property
    def citation(self) -> str | None:
        """Where the seed speaks of the fact: 'Core Characteristics, “Multi-dimensional cooperation”'."""
        if self.section is None:
            return None
        return self.section + (f", “{self.passage}”" if self.passage else "")

    @property
    def expects(self) -> str:
        """What an answer looks like, in words."""
        if self.kind in ("enum", "ordinal"):
            return "a number from the list, or the value's name"
        if self.kind == "boolean":
            return "yes or no"
        if self.kind == "set":
            return f"every item that applies: {set_answer(self.choices)}"
        lo = "" if self.minimum is None else plain.value_text(self.field, self.minimum)
        hi = "" if self.maximum is None else plain.value_text(self.field, self.maximum)
        what = "a whole number" if self.kind == "integer" else "a number"
        if lo and hi:
            return f"{what} from {lo} to {hi}"
        return f"{what}, {lo} or more" if lo else what

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "field": self.field,
            "title": self.title,
            "meaning": self.meaning,
            "section": self.section,
            "passage": self.passage,
            "kind": self.kind,
            "choices": [list(c) if isinstance(c, tuple) else c for c in self.choices],
            "minimum": self.minimum,
            "maximum": self.maximum,
            "expects": self.expects,
            "gain": round(self.gain, 6),
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer given: the field, its value (None: unknown), and the possible levels before and after it."""

    field: str
    value: Any
    levels_before: tuple[str, ...]
    levels_after: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "answer": list(self.value) if isinstance(self.value, tuple) else self.value,
            "possible_levels_before": list(self.levels_before),
            "possible_levels_after": list(self.levels_after),
        }


@dataclass(frozen=True, slots=True)
class Why:
    """Why a question is asked: the rules waiting on the fact, and where each possible answer leads.

    ``status`` says where the fact stands: ``open`` (still to ask: the rules wait on it),
    ``answered`` (``value`` holds the answer; ``rules`` are the rules that test it),
    ``unknown`` (answered unknown) or ``settled`` (no answer could change an output now).
    """

    field: str
    rules: tuple[tuple[str, str], ...]  # (rule id, plain words)
    leads: tuple[tuple[str, str], ...]  # (the answers, in words; what they lead to, in words)
    status: str = "open"
    value: Any = None
    #: for an answered fact, where each of ``rules`` stands on the answers so far: 'holds', 'fails' or 'not known
    #: yet (it waits on summits)'
    states: tuple[str, ...] = ()

    @property
    def tested(self) -> tuple[tuple[str, str, str], ...]:
        """(rule id, plain words, where it stands) for each rule that tests an answered fact."""
        return tuple((rule, name, state) for (rule, name), state in zip(self.rules, self.states, strict=True))

    def lines(self) -> list[str]:
        title = plain.field_title(self.field)
        if self.status == "answered":
            out = [f"You answered {title}: {plain.value_text(self.field, self.value)}. These rules test it:"]
            out += [f"  - {name} [{rule}]: {state}" for rule, name, state in self.tested]
            return [*out, f"(To change it: change {title}.)"]
        if self.status == "unknown":
            return [
                f"You answered {title} unknown: amity will not ask it again (to answer it after all: change {title})."
            ]
        if self.status == "settled":
            return [
                f"amity does not ask about {title}: no answer to it could change the level, the risks or hedging now."
            ]
        out = [f"amity asks about {title} because these rules wait on it:"]
        out += [f"  - {name} [{rule}]" for rule, name in self.rules] or [
            "  (none directly: it decides a finding below them)"
        ]
        out.append("What each answer would lead to:")
        out += [f"  {answers} → {lead}" for answers, lead in self.leads]
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "status": self.status,
            "rules": [{"rule": r, "name": n} for r, n in self.rules],
            "states": list(self.states),
            "leads": [{"answers": a, "leads_to": t} for a, t in self.leads],
        }


def field_named(text: str, command: str = "why") -> str:
    """The fact field a person names ('summits', 'power ratio', 'Legal basis') after COMMAND (why, change).
    Raises BadAnswer, whose suggestion says how COMMAND is typed."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    if key in fact_fields():
        return key
    titles = {spec.title.lower().replace(" ", "_"): name for name, spec in fact_fields().items() if spec.title}
    if key in titles:
        return titles[key]
    hint = did_you_mean(key, fact_fields())
    raise BadAnswer(
        Problem(
            f"'{text.strip()}' is not a question amity asks",
            suggestion=(hint.replace("_", " ") + "; " if hint else "")
            + (
                "why alone explains the current question, why FIELD another one, e.g. why summits"
                if command == "why"
                else f"{command} FIELD names a fact you answered, e.g. {command} summits, or {command} parties or "
                f"{command} label; facts lists them"
            ),
        )
    )


def parse_answer(field: str, text: str, unknown: str = "unknown") -> Any:
    """A typed value of the field from what a person typed; None for 'unknown'. Raises BadAnswer, whose advice
    ends with how to give unknown instead: ``unknown``, the terminal's typed 'unknown' by default ('press
    Unknown' on a page with that button)."""
    spec = fact_fields().get(field)
    if spec is None:
        raise BadAnswer(Problem(f"'{field}' is not a fact field", suggestion=did_you_mean(field, fact_fields())))
    raw = text.strip()
    low = raw.lower()
    if low in UNKNOWN_WORDS:
        return None
    where = Location(None, None, None, f"/{field}")
    if spec.kind in ("enum", "ordinal"):
        return _pick(field, raw, spec.values, where)
    if spec.kind == "boolean":
        if low in ("y", "yes", "true", "t", "1"):
            return True
        if low in ("n", "no", "false", "f", "0"):
            return False
        raise BadAnswer(Problem(f"{describe(raw)} is not yes or no", where, f"answer yes, no or {unknown}"))
    if spec.kind == "set":
        if low in NO_ITEM:
            return ()
        raw = raw.translate(COMMAS)  # a full-width comma is a comma, here as where the items are parted
        items = set_items(raw, spec.values)
        if not items:
            raise BadAnswer(Problem("no item given", where, "give the numbers or names of the items, or 'none'"))
        nothing = [item for item in items if item.lower() in NO_ITEM]
        if nothing:  # 'none, 1': no item and an item at once
            raise BadAnswer(
                Problem(
                    f"{describe(nothing[0])} cannot be combined with other items",
                    where,
                    f"give {describe(nothing[0])} alone for no item, or the items without it",
                )
            )
        picked = {item: _match(item, spec.values) for item in items}
        odd = [item for item, value in picked.items() if value is None]
        if odd:  # every item that is no choice, not the first alone
            problem = _not_a_choice(field, odd, spec.values, where)
            run_on = [item for item in odd if len(item.split()) > 1 and _key(item) not in spec.values]
            if len(items) > 1 and run_on and all(_match(w, spec.values) for i in run_on for w in i.split()):
                # 'trade energy, climate': with a comma, the space no longer parts items
                fixed = ", ".join(w for item in items for w in (item.split() if item in run_on else [item]))
                problem = Problem(
                    problem.message,
                    where,
                    f"with a comma, every item needs one: '{fixed}'"
                    + ("" if set(odd) == set(run_on) else "; " + (problem.suggestion or "")),
                )
            elif "," not in raw and len(items) > 1 and any("_" in str(v) for v in spec.values):
                # 'joint exercises arms transfers': the space reading split names the person meant whole. Said of
                # the whole answer: "'exercises' and 'transfers' are not among the choices" read as if 'joint'
                # and 'arms' had been taken
                names = spaced_names(raw, field)
                if names is not None:
                    names = list(dict.fromkeys(names))  # a name typed twice, suggested once
                    problem = Problem(
                        f"{describe(raw)} runs names with spaces in them together, without commas between them",
                        where,
                        f"did you mean: {', '.join(names)}? (or, as the menu shows them: "
                        f"{', '.join(plain.words(name) for name in names)})",
                    )
                else:
                    some = f"{plain.join_or(map(describe, odd), 'and')} {'is' if len(odd) == 1 else 'are'}"
                    problem = Problem(
                        f"{describe(raw)} is not a list of the choices for {plain.field_title(field)}: without a "
                        f"comma it is read word by word, and {some} none of them",
                        where,
                        "names with a space in them need commas between them; " + (problem.suggestion or ""),
                    )
            raise BadAnswer(problem)
        return tuple(v for v in spec.values if v in picked.values())
    return _number(field, raw, spec.kind, spec.minimum, spec.maximum, where, unknown)


def set_items(raw: str, values: tuple[Any, ...]) -> list[str]:
    """The items typed for a set, as ``SET_ANSWER`` tells a person to type them.

    With a comma, every piece between commas is one item, spaces and all: the menu shows names such as
    'joint exercises', and a person types them as shown. Without a comma, a whole name of several words
    ('joint exercises') is that one item, and anything else is read by spaces ('1 2', 'trade energy'),
    as before: splitting a typed name at its spaces made 'exercises' an item, refused.
    """
    raw = raw.translate(COMMAS)
    if "," in raw:
        return [piece.strip() for piece in raw.split(",") if piece.strip()]
    if _key(raw) in values:
        return [raw.strip()]
    return raw.split()


def _key(raw: str) -> str:
    """A name as typed, as the vocabulary spells it: lower case, spaces and hyphens as underscores."""
    return re.sub(r"[\s-]+", "_", raw.strip().lower())


def _number(
    field: str, raw: str, kind: str, lo: float | None, hi: float | None, where: Location, unknown: str = "unknown"
) -> float:
    """A number typed in plain decimal digits, within the field's range, kept exactly as typed; the advice of a
    refusal ends with ``unknown``, how to give unknown instead (``parse_answer``)."""
    what = "a whole number" if kind == "integer" else "a number"
    share = kind == "number" and lo == 0 and hi == 1  # trade dependence: a share, which people give in percent
    example = "3" if kind == "integer" else "0.25" if share else "2.5"  # an example the field takes
    percent = PERCENT.fullmatch(raw)
    if share and percent and float(percent.group(1)) <= 100:  # '25%': the share it means, in the field's terms
        raise BadAnswer(
            Problem(f"{describe(raw)} is a percentage", where, f"type {_share_hint(percent.group(1))}; or {unknown}")
        )
    comma = decimal_comma(raw, kind == "integer")
    if comma:  # '1,5', as many keyboards and locales write 1.5: told how to write it, not only that it is no number
        said = (
            "is not a whole number in plain digits" if kind == "integer" else "has a comma: amity reads a decimal point"
        )
        raise BadAnswer(Problem(f"{describe(raw)} {said}", where, f"{comma}; or {unknown}"))
    if not (WHOLE if kind == "integer" else DECIMAL).fullmatch(raw):
        raise BadAnswer(
            Problem(
                f"{describe(raw)} is not {what} in plain digits",
                where,
                f"type {what} with digits only{'' if kind == 'integer' else ' and a decimal point'}, e.g. {example}; "
                f"or {unknown}",
            )
        )
    range_text = _range_text(what, lo, hi, unknown)
    digits = raw.lstrip("+-").replace(".", "").lstrip("0")
    if len(digits.rstrip("0") if "." in raw else digits) > DIGITS:
        raise BadAnswer(
            Problem(
                f"{_as_typed(raw)} has more than {DIGITS} digits, more than amity keeps exactly",
                where,
                f"check the number: give {range_text}",
            )
        )
    # read without the leading zeros: int() refuses a string of more than 4300 digits, zeros or not
    sign = -1 if raw.startswith("-") else 1
    # a whole number typed without a point is kept whole ('12' is saved as 12, not 12.0), as YAML reads it
    number: float = sign * int(digits or "0") if kind == "integer" or WHOLE.fullmatch(raw) else float(raw)
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        side = "below the least value" if lo is not None and number < lo else "above the greatest value"
        bound = lo if lo is not None and number < lo else hi
        advice = f"give {range_text}"
        if share and 1 < number <= 100:  # '25', perhaps meant as 25%
            advice = f"give a number from 0 to 1 ({_share_hint(raw)}), or {unknown}"
        elif turned := upside_down(field, number):  # the weaker party's over the stronger's: as a file is told
            advice = f"{turned[0]}: type {turned[1]}; or {unknown}"
        raise BadAnswer(Problem(f"{_as_typed(raw)} is {side} of {plain.field_title(field)}, {bound:g}", where, advice))
    return number


def _share_hint(percent: str) -> str:
    """How a percentage is given as a share: '25' → '0.25 for 25%'."""
    return f"{float(percent) / 100:g} for {percent}%"


def _as_typed(number: str) -> str:
    """A number as typed, cut as ``schemas.describe`` cuts a long value (a page of zeros is not echoed whole)."""
    shown = describe(number)  # quoted, being text: "'000...0001' (100,001 digits)"
    return shown[1:].replace("'", "", 1)


def _range_text(what: str, lo: float | None, hi: float | None, unknown: str) -> str:
    if lo is not None and hi is not None:
        return f"{what} from {lo:g} to {hi:g}, or {unknown}"
    if lo is not None:
        return f"{what} of {lo:g} or more, or {unknown}"
    return f"{what}, or {unknown}"


def _pick(field: str, raw: str, values: tuple[Any, ...], where: Location) -> Any:
    picked = _match(raw, values)
    if picked is None:
        raise BadAnswer(_not_a_choice(field, [raw], values, where))
    return picked


def _match(raw: str, values: tuple[Any, ...]) -> Any | None:
    """The choice a person means by what they typed: its number on the menu, its name, or the start of one
    name alone; None for none."""
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= len(values):
        return values[int(raw) - 1]
    key = _key(raw)
    if key in values:
        return key
    starts = [v for v in values if str(v).startswith(key)] if key else []
    return starts[0] if len(starts) == 1 else None


def _not_a_choice(field: str, typed: list[str], values: tuple[Any, ...], where: Location) -> Problem:
    """What was typed that is no choice, every piece at once, with the choices as the menu shows them."""
    shown = [plain.words(v) for v in values]
    hints = [(raw, did_you_mean(plain.words(raw.strip().lower().replace("-", "_")), shown)) for raw in typed]
    said = [f"{describe(raw)}: {hint}" if len(typed) > 1 else hint for raw, hint in hints if hint]
    menu = ", ".join(f"{i}) {label}" for i, label in enumerate(shown, 1))
    what = (
        f"{describe(typed[0])} is not one of"
        if len(typed) == 1
        else f"{plain.join_or(map(describe, typed), 'and')} are not among"
    )
    return Problem(
        f"{what} the choices for {plain.field_title(field)}", where, " ".join([*said, f"choose one of: {menu}"])
    )


def _typed(field: str, value: Any) -> Any:
    """A value given as data (a list for a set), checked against the vocabulary."""
    if value is None:
        return None
    spec = fact_fields()[field]
    if isinstance(value, str) and spec.kind not in ("enum", "ordinal"):
        return parse_answer(field, value)
    try:
        check_profile(Document({"parties": ["AAA", "BBB"], field: list(value) if isinstance(value, tuple) else value}))
    except InputError as exc:
        raise BadAnswer([Problem(p.message, p.location, p.suggestion) for p in exc.problems]) from None
    if spec.kind == "set":
        return tuple(v for v in spec.values if v in set(value))
    return value


class Consultation:
    """An interview in progress: the case, the answers so far, and what to ask next.

    ``case`` holds the fields that name the case (``parties``, ``id``,
    ``declared_label``, ``as_of``...). ``answers`` replays earlier answers, in
    order (a field mapped to None was answered unknown).
    """

    def __init__(
        self,
        assessor: Assessor,
        case: Mapping[str, Any] | None = None,
        answers: Mapping[str, Any] | None = None,
    ) -> None:
        self.assessor = assessor
        self.classes = ValueClasses(assessor.analysis)
        self.case: dict[str, Any] = {k: v for k, v in (case or {}).items() if k in CASE_FIELDS and v is not None}
        self.history: list[Answer] = []
        self._values: dict[str, Any] = {}  # field -> value (None: answered unknown), in the order asked
        self._again: str | None = None  # the field whose answer back undid: asked again next, while it matters
        self._assessment: Assessment | None = None
        for field, value in (answers or {}).items():
            self.answer(value, field)

    # ------------------------------------------------------------------ state

    @property
    def facts(self) -> dict[str, Any]:
        """The facts answered with a value (sets as lists, as the vocabulary has them)."""
        return {f: list(v) if isinstance(v, tuple) else v for f, v in self._values.items() if v is not None}

    @property
    def answered_unknown(self) -> tuple[str, ...]:
        return tuple(f for f, v in self._values.items() if v is None)

    def profile(self) -> dict[str, Any]:
        """The case and the answers as a relationship profile (unknown answers as null), in the order their
        questions were asked (a changed answer keeps its place)."""
        out: dict[str, Any] = dict(self.case)
        for f, v in self._values.items():
            out[f] = list(v) if isinstance(v, tuple) else v
        return out

    @property
    def assessment(self) -> Assessment:
        """The assessment of the answers so far."""
        if self._assessment is None:
            self._assessment = self.assessor.assess({**self.case, **self.facts}, checked=True)
        return self._assessment

    def possible_levels(self) -> tuple[str, ...]:
        return tuple(self.assessment.level.possible)

    @property
    def finished(self) -> bool:
        return self.next_question() is None

    def _open_fields(self) -> list[str]:
        """Facts that could still change an output and were not answered unknown."""
        skipped = set(self.answered_unknown)
        return [f for f in self.assessment.deciding_facts if f not in skipped]

    def change_case(self, changes: Mapping[str, Any]) -> None:
        """Give fields of the case again (the parties, the declared label: a slip made before the first
        question, or found out later); a field mapped to None is removed. The answers and the rest of the case
        are kept. A case that does not fit the vocabulary (one party) raises InputError, and nothing changes."""
        case = dict(self.case)
        for key, value in changes.items():
            if key not in CASE_FIELDS:
                raise BadAnswer(Problem(f"'{key}' is not a field of the case", suggestion=plain.join_or(CASE_FIELDS)))
            if value is None:
                case.pop(key, None)
            else:
                case[key] = value
        check_profile(Document(case))
        self.case = case
        self._assessment = None

    # ------------------------------------------------------------------ asking

    def next_question(self) -> Question | None:
        """The question with the greatest expected information gain, or None when the consultation is over;
        after ``back``, the question it undid, asked again while an answer to it could still change an output."""
        candidates = self._open_fields()
        if not candidates:
            return None
        gains = self.gains(candidates)
        best = max(candidates, key=lambda f: (gains[f], -FIELD_ORDER[f]))
        if self._again in gains:  # back asks the question it undid again (after a change, another gained more)
            best = self._again
        return self.question(best, gains[best])

    def gains(self, candidates: list[str] | None = None) -> dict[str, float]:
        """Each candidate field's expected information gain, in bits (see the module's docstring)."""
        if candidates is None:
            candidates = self._open_fields()
        analysis = self.assessor.analysis
        a = self.assessment
        outcomes = {"level": a.level, "hedging": a.hedging, **{f"risk:{r}": x.outcome for r, x in a.risks.items()}}
        open_outputs = [o for o in OUTPUTS if not outcomes[o].decided]
        fixed = {f: self.classes.index(f, v) for f, v in self.facts.items() if f in analysis.classes}
        diagrams = {o: analysis.diagram(o) for o in open_outputs}
        now = sum(math.log2(len(outcomes[o].possible)) for o in open_outputs)
        gains = {}
        for field in candidates:
            after = 0.0
            count = self.classes.count(field)
            for k in range(count):
                assign = {**fixed, field: k}
                for o in open_outputs:
                    if field in outcomes[o].deciding:
                        values, _ = diagrams[o].reach(assign)
                        after += math.log2(len(values)) if values else 0.0
                    else:
                        after += math.log2(len(outcomes[o].possible))
            gains[field] = now - after / count
        return gains

    def question(self, field: str, gain: float = 0.0) -> Question:
        spec = fact_fields()[field]
        meaning, group = plain.field_meaning(field)
        section, passage = SEED_PARTS.get(group or "", (None, None))
        choices: tuple[Any, ...] = spec.values if spec.kind in ("enum", "ordinal", "set") else ()
        if spec.kind == "boolean":
            choices = (True, False)
        return Question(
            len(self.history) + 1,
            field,
            spec.title,
            meaning,
            section,
            spec.kind,
            choices,
            spec.minimum,
            spec.maximum,
            gain,
            passage,
        )

    def change_question(self, field: str) -> Question:
        """The question of a fact already answered (or answered unknown), asked again so that its answer can
        be changed. The other answers stay: answering it replaces this one
        alone, and ``next_question`` then asks only what the new answer makes matter. Raises BadAnswer for a
        fact not answered yet."""
        if field not in self._values:
            answered = [plain.field_title(f) for f in self._values]
            raise BadAnswer(
                Problem(
                    f"{plain.field_title(field)} is not answered yet, so there is no answer to change",
                    Location(None, None, None, f"/{field}"),
                    f"change takes one of your answers: {plain.join_or(answered)}"
                    if answered
                    else "nothing is answered yet",
                )
            )
        return self.question(field)

    def answer(self, value: Any, field: str | None = None, unknown: str = "unknown") -> Answer:
        """Record an answer to the field (by default, the next question's); text is parsed, None is unknown.

        Raises BadAnswer, and records nothing, when the value is not one of the field's; its advice on text
        ends with ``unknown``, how to give unknown instead (``parse_answer``).
        """
        if field is None:
            q = self.next_question()
            if q is None:
                raise BadAnswer(Problem("the interview is over: nothing is left to ask"))
            field = q.field
        if field not in fact_fields():
            raise BadAnswer(
                Problem(
                    f"'{field}' is not a fact field",
                    Location(None, None, None, f"/{field}"),
                    did_you_mean(field, fact_fields()),
                )
            )
        typed = parse_answer(field, value, unknown) if isinstance(value, str) else _typed(field, value)
        before = self.possible_levels()
        changed = field in self._values
        # a changed answer keeps its place: the answers stay in the order their questions were asked (it went
        # to the end, and back then undid the change instead of going back to the question before)
        self._values[field] = typed
        self._assessment = None
        answer = Answer(field, typed, before, self.possible_levels())
        if field == self._again:
            self._again = None
        if changed:
            self._replay()
        else:
            self.history.append(answer)
        return answer

    def _replay(self) -> None:
        """The history again, from the answers in their order: the possible levels before and after each
        answer as they are now that an answer in the middle changed (as ``from_dict`` would give them)."""
        given: dict[str, Any] = dict(self.case)
        before = self._levels(given)
        history = []
        for field, value in self._values.items():
            if value is not None:
                given[field] = list(value) if isinstance(value, tuple) else value
            after = self._levels(given)
            history.append(Answer(field, value, before, after))
            before = after
        self.history = history

    def _levels(self, profile: dict[str, Any]) -> tuple[str, ...]:
        return tuple(self.assessor.assess(profile, checked=True).level.possible)

    def back(self) -> Answer | None:
        """Undo the last answer in the list (the answer to the last question asked: a changed answer keeps
        its place), and return it (None when nothing was answered)."""
        if not self.history:
            return None
        last = self.history.pop()
        self._values.pop(last.field, None)
        self._again = last.field
        self._assessment = None
        return last

    # ------------------------------------------------------------------ explaining

    def why(self, field: str | None = None) -> Why:
        """Why amity asks about the field (by default, the next question's); for a field already
        answered, the answer and the rules that test it; for one that can change nothing now, that."""
        if field is None:
            q = self.next_question()
            if q is None:
                raise BadAnswer(Problem("the interview is over: nothing is being asked"))
            field = q.field
        if field in self._values:
            if self._values[field] is None:
                return Why(field, (), (), "unknown")
            # where each rule stands now: a learner follows the answer to what it made hold (it listed the rules alone)
            testing = [r for r in self.assessor.pack.rules if field in r.fields_tested]
            evaluation = self.assessor.evaluator.evaluate(self.facts)
            fired = {id(firing[0]) for firing in evaluation.trace.firings}
            waiting = {id(u.rule): u.waits_on for u in evaluation.undecided}
            states = tuple(
                "holds"
                if id(r) in fired
                else f"not known yet (it waits on {plain.join_or(map(plain.field_title, waiting[id(r)]), 'and')})"
                if id(r) in waiting
                else "fails"
                for r in testing
            )
            rules = tuple((r.id, plain.rule_reason(r)) for r in testing)
            return Why(field, rules, (), "answered", self._values[field], states)
        if field not in self._open_fields():
            return Why(field, (), (), "settled")
        evaluation = self.assessor.evaluator.evaluate(self.facts)
        rules = tuple((u.rule.id, plain.rule_reason(u.rule)) for u in evaluation.undecided if field in u.waits_on)
        analysis = self.assessor.analysis
        a = self.assessment
        outcomes = {"level": a.level, "hedging": a.hedging, **{f"risk:{r}": x.outcome for r, x in a.risks.items()}}
        fixed = {f: self.classes.index(f, v) for f, v in self.facts.items() if f in analysis.classes}
        grouped: dict[str, list[int]] = {}
        for k in range(self.classes.count(field)):
            parts, open_ = [], []
            for o in OUTPUTS:
                if outcomes[o].decided or field not in outcomes[o].deciding:
                    continue
                values, _ = analysis.diagram(o).reach({**fixed, field: k})
                ordered = tuple(sorted(values, key=rank_of(o)))
                parts.append(_lead(o, tuple(outcomes[o].possible), ordered))
                open_.append(_still(o, ordered))
            # an answer that rules nothing out yet says what stays open, beside the answers that do rule
            # something out (it said 'no output settles yet, but it narrows what other facts decide')
            lead = "; ".join(p for p in parts if p) or (
                "; ".join(open_) + " (it rules nothing out yet; later answers decide)"
            )
            grouped.setdefault(lead, []).append(k)
        leads = tuple((self.classes.text(field, tuple(ks)), lead) for lead, ks in grouped.items())
        return Why(field, rules, leads)

    def how(self, depth: int | None = None, verbose: bool = False, more: str = "") -> list[tuple[int, str]]:
        """What is established so far, in plain words, as (depth, line) pairs (``more``: see ``explain.how``)."""
        from .explain import how

        return how(self.assessment, depth=depth, verbose=verbose, more=more)

    def why_not(self, target: Any, output: str = "level") -> WhyNot:
        """Why the relationship is not (yet) at target (see ``whynot.why_not``)."""
        return why_not(self.assessor, {**self.case, **self.facts}, target, output)

    # ------------------------------------------------------------------ keeping

    def to_dict(self) -> dict[str, Any]:
        """The whole state, as JSON data: the pack, the case, and the answers in order."""
        return {
            "pack": {"name": self.assessor.pack.name, "version": self.assessor.pack.version},
            "case": dict(self.case),
            "answers": [{"field": f, "value": list(v) if isinstance(v, tuple) else v} for f, v in self._values.items()],
        }

    @classmethod
    def from_dict(cls, assessor: Assessor, data: Mapping[str, Any]) -> Consultation:
        """A consultation from ``to_dict``'s data (answers replayed in order)."""
        consultation = cls(assessor, data.get("case") or {})
        for item in data.get("answers") or []:
            consultation.answer(item.get("value"), item.get("field"))
        return consultation

    @classmethod
    def from_profile(cls, assessor: Assessor, profile: Mapping[str, Any]) -> Consultation:
        """Resume from a profile file: its case fields, then its facts as answers in the file's order."""
        case = {k: v for k, v in profile.items() if k in CASE_FIELDS}
        # as_of and established are facts of the case, not answers to a question: not counted as answers
        answers = {k: v for k, v in profile.items() if k in fact_fields() and k not in CASE_FIELDS}
        return cls(assessor, case, answers)

    def transcript(self) -> dict[str, Any]:
        """The interview as data: the questions in order with the possible levels around each answer, and the assessment."""
        return {
            "kind": "interview",
            "pack": {"name": self.assessor.pack.name, "version": self.assessor.pack.version},
            "case": {k: v for k, v in self.case.items()},
            "questions": [{"number": i, **h.as_dict()} for i, h in enumerate(self.history, 1)],
            "finished": self.finished,
            "profile": self.profile(),
            "assessment": self.assessment.as_dict(),
        }


def _still(output: str, values: tuple[Any, ...]) -> str:
    """What an output can still be: 'level: still partnership or strategic partnership'."""
    return f"{plain.output_name(output)}: still {plain.join_or(plain.output_value(output, v) for v in values)}"


def _lead(output: str, before: tuple[Any, ...], after: tuple[Any, ...]) -> str:
    """What one answer does to one output, in words."""
    name = plain.output_name(output)

    def show(v: Any) -> str:
        return plain.output_value(output, v)

    if after == before:
        return ""
    if len(after) == 1:
        return f"{name}: {show(after[0])}"
    if output == "level":
        dropped = [v for v in before if v not in after]
        return f"{name}: {plain.join_or(show(v) for v in after)} (not {plain.join_or(show(v) for v in dropped)})"
    return f"{name}: {plain.join_or(show(v) for v in after)}"


def case_fields_of(profile: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in profile.items() if k in CASE_FIELDS}
