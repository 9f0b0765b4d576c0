"""Scenarios and quizzes: a relationship told as a story, the trainee's reading of it, and a scored explanation.

A scenario (``schemas/scenario.schema.json``, ``amity schema scenario``) is a
YAML file an instructor writes: a narrative, the hidden profile behind it, what
amity concludes from it, the questions to ask, and teaching notes tied to the
seed. ``load_scenario`` reads and checks one (every problem located);
``check_scenario`` holds its expected answers equal to the engine and its notes
to the seed. ``mark`` scores a trainee's answers and explains each difference
through why-not; ``QuizResult.transcript()`` is what ``amity quiz`` saves
(``amity schema transcript``), and ``class_report`` sums a class's transcripts up.

Scoring, one point a question: the level exactly (half a point for the rung
next to it on the partnership ladder); a risk's rating exactly (half a point
for one step off); hedging and the label's verdict exactly; a coded field when
its value is in the same class as the hidden one (no test of the pack tells the
two apart, so every conclusion is the same).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import plain
from .assessment import Assessment, Assessor
from .document import Document, load_document, looks_like_json, parse_json, parse_yaml, pointer_join, read_text
from .errors import InputError, Location, Problem, did_you_mean
from .label_check import verdict
from .levels import LEVEL_RANK, SHORT_LEVELS
from .profiles import merge_items
from .risks import RATING_RANK, RISKS
from .schemas import check_profile, describe
from .schemas import problems as schema_problems
from .value_classes import ValueClasses
from .vocabulary import LEVELS, RATINGS, RULES_DIR, VERDICTS, fact_fields, load_schema
from .whynot import LADDER, blocker_lines, why_not

__all__ = [
    "RENAMED",
    "SCENARIO_DIR",
    "ClassReport",
    "Loaded",
    "Marked",
    "QuizQuestion",
    "QuizResult",
    "Scenario",
    "bundled_scenarios",
    "check_scenario",
    "choice_label",
    "class_report",
    "expected_of",
    "find_scenarios",
    "load_answers",
    "load_scenario",
    "load_scenarios",
    "load_transcript",
    "mark",
    "menu_order",
    "outcome",
    "question_name",
    "questions_of",
    "read_answers",
    "trainee_fault",
    "transcript_name",
]

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
UNDECIDED = "undecided"
#: The longest file name, in bytes, that the common file systems take (ext4, APFS; NTFS counts 255 units).
NAME_MAX = 255


def choice_label(question: str, value: Any) -> str:
    """An answer to the question ``question`` (its id) in the words the trainee chose it by."""
    if question == "level" and value != UNDECIDED:
        return plain.level_name(value)
    return plain.words(value)


def transcript_name(scenario_id: str, trainee: str | None) -> str:
    """The file a quiz's transcript is saved in, ``<scenario>[-<trainee>].quiz.json``: the terminal quiz's
    default and the web page's download alike, so that a class's transcripts, however taken, do not collide
    in the folder ``amity quiz report`` sums up. Check the name first with ``trainee_fault``."""
    return f"{scenario_id}{'-' + trainee if trainee else ''}.quiz.json"


def trainee_fault(trainee: str, scenario_id: str | None = None, *, names_file: bool = True) -> str | None:
    """Why a trainee's name cannot be taken, in words ('has '/' in it'); None when it can.

    A control character is never taken: the name is shown again, in the transcript and the class report.
    Nor is an empty one. When the name ``names_file`` (``transcript_name``), it must not hold '/', '\\' or NUL,
    which would make a path elsewhere or no file name at all; with ``scenario_id``, nor make a file name
    longer than NAME_MAX bytes (the terminal asks its own file system instead).
    """
    banned = "/\\\0" if names_file else ""
    odd = [c for c in dict.fromkeys(trainee) if c in banned or unicodedata.category(c) in _INVISIBLE]
    if not trainee.strip():  # a name to show or to name a file by: empty, it is neither
        return "is empty"
    if odd:
        return f"has {plain.join_or(map(_character, odd), 'and')} in it"
    size = len(transcript_name(scenario_id, trainee).encode()) if scenario_id is not None and names_file else 0
    if size > NAME_MAX:
        return f"is too long: the file name would have {size} bytes, more than the {NAME_MAX} a file system takes"
    return None


#: characters no name is shown with: controls, format characters (a right-to-left override reverses how
#: the name reads), line and paragraph separators
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})  # Cs: a byte that was not UTF-8, as Python reads it


def _character(char: str) -> str:
    """A character named so that a person can find it: '/', NUL, a control character by its code point."""
    if char == "\0":
        return "NUL"
    if 0xDC80 <= ord(char) <= 0xDCFF:
        return f"a byte that is not UTF-8 (0x{ord(char) - 0xDC00:02X})"
    if unicodedata.category(char) in _INVISIBLE:
        return f"a control character (U+{ord(char):04X})"
    return f"'{char}'"


@dataclass(frozen=True)
class Scenario:
    """One scenario, checked against its schema and the vocabulary."""

    id: str
    title: str
    kind: str
    narrative: str
    profile: dict[str, Any]
    expected: dict[str, Any]
    questions: tuple[dict[str, Any], ...]
    notes: tuple[dict[str, str], ...]
    as_of: int | None = None
    sources: tuple[dict[str, str], ...] = ()
    path: str | None = None
    document: Document | None = field(default=None, repr=False, compare=False)


def not_a_scenario(doc: Document) -> Problem | None:
    """The one problem of a mapping that is no scenario at all (a workflow, a relationship profile, notes): it
    has neither the key ``scenario`` nor two of the fields every scenario has. Listing each missing field and
    each key of its own, as for a scenario with faults, said the same thing ten times and never that the file
    is something else. None for a mapping that reads as a scenario, however broken."""
    data = doc.data
    if not isinstance(data, dict):
        return None
    required = [str(k) for k in load_schema("scenario")["required"]]
    has = [k for k in required if k in data]
    if "scenario" in data or len(has) >= 2:
        return None
    what = (
        "it reads as a relationship profile, which amity assess reads and a scenario holds under its key profile"
        if "parties" in data
        else f"it has {'only ' + repr(has[0]) if has else 'none'} of a scenario's fields"
    )
    return Problem(
        f"is not a scenario: {what}",
        doc.locate(""),
        f"a scenario file has {plain.join_or(required, 'and')}, as amity schema scenario shows; "
        "if this file is something else, keep it out of the scenarios' folder",
    )


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file; InputError lists every problem, located (file:line:col: /pointer)."""
    doc = load_document(path, holds="a scenario: a profile and its questions; see amity schema scenario")
    other = not_a_scenario(doc)
    if other is not None:
        raise InputError(other)
    found = schema_problems(doc, "scenario")
    data = doc.data
    if isinstance(data, dict) and isinstance(data.get("profile"), dict):
        try:
            check_profile(doc.sub("/profile"))
        except InputError as exc:
            found += [p.under("/profile") for p in exc.problems]
    if found:
        raise InputError(found)
    return Scenario(
        id=data["scenario"],
        title=data["title"],
        kind=data["kind"],
        narrative=data["narrative"],
        profile=data["profile"],
        expected=data["expected"],
        questions=tuple(data["questions"]),
        notes=tuple(data["teaching_notes"]),
        as_of=data.get("as_of"),
        sources=tuple(data.get("sources") or ()),
        path=str(path),
        document=doc,
    )


#: Bundled scenarios' former names, each with its name now: a transcript, a script or a class's notes that
#: name one still find it (``lioran-brief`` did not match its country, Lioria).
RENAMED: dict[str, str] = {"lioran-brief": "lioria-brief"}


def bundled_scenarios() -> list[Path]:
    return sorted(SCENARIO_DIR.glob("*.yaml"))


def find_scenarios(spec: str | Path) -> list[Path]:
    """A scenario file, every scenario in a folder, or a bundled scenario by id."""
    path = Path(spec)
    if path.is_dir():
        found = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
        if not found:
            raise InputError(Problem("no scenario (*.yaml) in this folder", Location(str(spec))))
        return found
    if path.is_file() or str(spec) == "-":
        return [path]
    bundled = SCENARIO_DIR / f"{RENAMED.get(str(spec), spec)}.yaml"
    if bundled.is_file():
        return [bundled]
    from .errors import did_you_mean

    names = [p.stem for p in bundled_scenarios()]
    raise InputError(
        Problem(
            f"no scenario file or folder '{spec}', and no bundled scenario of that name",
            Location(str(spec)),
            did_you_mean(str(spec), names) or f"bundled scenarios: {', '.join(names)}",
        )
    )


@dataclass(frozen=True, slots=True)
class Loaded:
    """The scenarios of a folder that load, in menu order, and the files that do not, each with its problems."""

    scenarios: tuple[Scenario, ...]
    broken: tuple[tuple[str, tuple[Problem, ...]], ...] = ()

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the files that do not load, file by file."""
        return [p for _, found in self.broken for p in found]


def load_scenarios(paths: Iterable[str | Path]) -> Loaded:
    """Load every scenario of PATHS that loads; a file that does not (InputError) is kept with its located
    problems instead of stopping the rest, so that a folder with one broken file still offers the others,
    at the terminal and on the web page alike."""
    loaded: list[Scenario] = []
    broken: list[tuple[str, tuple[Problem, ...]]] = []
    for path in paths:
        try:
            loaded.append(load_scenario(path))
        except InputError as exc:
            broken.append((str(path), tuple(exc.problems)))
    # one name, two scenarios: the menu's name and the transcripts' file would stand for either. The one in the
    # file of that name (kelmar-doravia.yaml) keeps it, else the first; the other is refused, located.
    good: dict[str, Scenario] = {}
    for s in sorted(loaded, key=lambda s: Path(s.path or "").stem != s.id):
        first = good.setdefault(s.id, s)
        if first is not s:
            where = s.document.locate("/scenario") if s.document else Location(s.path, None, None, "/scenario")
            said = f"the scenario '{s.id}' is already the one in {first.path}"
            fix = "give each scenario a name of its own: the menu and the transcripts' files go by it"
            broken.append((str(s.path), (Problem(said, where, fix),)))
    return Loaded(tuple(menu_order(good.values())), tuple(broken))


def menu_order(scenarios: Iterable[Scenario]) -> list[Scenario]:
    """Scenarios in the order a menu lists them, the terminal's and the web page's alike: by title, as a
    trainee reads them (in any case; two of one title by id), not by the names of their files."""
    return sorted(scenarios, key=lambda s: (s.title.casefold(), s.title, s.id))


# --------------------------------------------------------------------------- what the engine says


def expected_of(a: Assessment) -> dict[str, Any]:
    """The answers to every kind of question, as the engine gives them (``undecided`` where open)."""
    out: dict[str, Any] = {"level": a.level.value or UNDECIDED}
    if a.level.value is None:
        out["possible_levels"] = list(a.level.possible)
    out["risks"] = {r: (x.rating or UNDECIDED) for r, x in a.risks.items()}
    out["hedging"] = UNDECIDED if a.hedging.value is None else a.hedging.value
    out["verdict"] = a.label.verdict or UNDECIDED
    return out


def _seed_sections() -> set[str]:
    return {line.strip() for line in (RULES_DIR / "core" / "seed.txt").read_text(encoding="utf-8").splitlines()}


def check_scenario(scenario: Scenario, assessor: Assessor) -> list[Problem]:
    """Every way the scenario disagrees with the engine or the seed: its expected answers, its notes, its questions."""
    doc = scenario.document

    def where(pointer: str) -> Location:
        return doc.locate(pointer) if doc else Location(scenario.path, None, None, pointer)

    out: list[Problem] = []
    engine = expected_of(assessor.assess(scenario.profile, checked=True))
    for key, value in engine.items():
        stated = scenario.expected.get(key)
        if key == "risks":
            for risk in RISKS:
                if stated is None or stated.get(risk) != value[risk]:
                    got = None if stated is None else stated.get(risk)
                    out.append(
                        Problem(
                            f"expected.risks.{risk} is {got!r}, but amity concludes {value[risk]!r}",
                            where(f"/expected/risks/{risk}"),
                            "correct the expectation or the profile",
                        )
                    )
        elif stated != value:
            out.append(
                Problem(
                    f"expected.{key} is {stated!r}, but amity concludes {value!r}",
                    where(f"/expected/{key}"),
                    "correct the expectation or the profile",
                )
            )
    if scenario.expected.get("possible_levels") and "possible_levels" not in engine:
        out.append(Problem("possible_levels is given, but the level is decided", where("/expected/possible_levels")))
    sections = _seed_sections()
    for i, note in enumerate(scenario.notes):
        if note["section"].strip() not in sections:
            out.append(
                Problem(
                    f"no section '{note['section']}' in the seed",
                    where(f"/teaching_notes/{i}/section"),
                    "cite a heading of rules/core/seed.txt verbatim",
                )
            )
    for i, q in enumerate(scenario.questions):
        if q["ask"] == "code" and scenario.profile.get(q["field"]) is None:
            out.append(
                Problem(
                    f"asks to code '{q['field']}', which the profile leaves unknown",
                    where(f"/questions/{i}/field"),
                    "state the field in the profile or ask another",
                )
            )
    return out


# --------------------------------------------------------------------------- questions


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """One question of a quiz: its id (level, risk:<name>, hedging, verdict, code:<field>), prompt and choices."""

    id: str
    prompt: str
    choices: tuple[Any, ...]  # empty: free answer (a coded number)
    multiple: bool = False  # a set field: any number of choices

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "prompt": self.prompt, "choices": list(self.choices), "multiple": self.multiple}

    def label(self, value: Any) -> str:
        """A choice as the trainee sees it, on the terminal's menu, the web page and in a refusal alike:
        'comprehensive strategic partnership', 'none (no framework)', 'joint exercises'."""
        return choice_label(self.id, value)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every choice as the trainee sees it, in the order of ``choices``."""
        return tuple(self.label(v) for v in self.choices)

    def refusal(self, given: Iterable[Any], more: Iterable[str] = ()) -> str:
        """Why values are not answers to this question, said in its labels (and ``more`` a form offers):
        "'bogus' is not one of the answers: none (no framework), partnership, ... or undecided" ('items'
        for a set's)."""
        odd = list(given)
        what = "items" if self.multiple else "answers"
        shown = [*self.labels, *more]
        verb = "is" if len(odd) == 1 else "are"
        return f"{plain.join_or(describe(v) for v in odd)} {verb} not one of the {what}: {plain.join_or(shown)}"


def question_name(qid: str) -> str:
    """A quiz question (its id) named in the words of its prompt, short enough for a table: 'level',
    'risk of fragility', 'hedging', 'label borne out', 'coding sectors'."""
    kind, _, name = qid.partition(":")
    if kind == "risk":
        return f"risk of {plain.words(name)}"
    if kind == "code":
        return f"coding {plain.field_title(name)}"
    return {"verdict": "label borne out"}.get(kind, plain.words(kind))


def questions_of(scenario: Scenario) -> list[QuizQuestion]:
    out = []
    for q in scenario.questions:
        ask = q["ask"]
        if ask == "level":
            out.append(QuizQuestion("level", "What level is this relationship?", (*LEVELS, UNDECIDED)))
        elif ask == "risk":
            out.append(
                QuizQuestion(
                    f"risk:{q['risk']}", f"How high is the {question_name('risk:' + q['risk'])}?", (*RATINGS, UNDECIDED)
                )
            )
        elif ask == "hedging":
            out.append(QuizQuestion("hedging", "Is a party using the relationship to hedge?", ("yes", "no", UNDECIDED)))
        elif ask == "verdict":
            label = scenario.profile.get("declared_label")
            shown = f'"{label}"' if label else "(no label was declared)"
            out.append(
                QuizQuestion(
                    "verdict", f"Is the official label {shown} borne out by the substance?", (*VERDICTS, UNDECIDED)
                )
            )
        else:
            name = q["field"]
            spec = fact_fields()[name]
            prompt = f"Code {plain.field_title(name)} from the narrative: {plain.field_meaning(name)[0]}"
            if spec.kind == "boolean":
                out.append(QuizQuestion(f"code:{name}", prompt, ("yes", "no")))
            elif spec.kind in ("enum", "ordinal", "set"):
                out.append(QuizQuestion(f"code:{name}", prompt, spec.values, multiple=spec.kind == "set"))
            else:
                out.append(QuizQuestion(f"code:{name}", prompt, ()))
    return out


# --------------------------------------------------------------------------- marking


@dataclass(frozen=True, slots=True)
class Marked:
    """One question marked: the trainee's answer, the engine's, the score, and why they differ."""

    question: QuizQuestion
    answer: Any
    expected: Any
    score: float
    max_score: float
    explanation: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.score == self.max_score

    @property
    def outcome(self) -> str:
        """right, half right, wrong or skipped: what the terminal and the web page say of this answer."""
        return outcome(self.answer, self.score, self.max_score)

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question.id,
            "prompt": self.question.prompt,
            "answer": _plain_value(self.answer),
            "expected": _plain_value(self.expected),
            "correct": self.correct,
            "score": self.score,
            "max_score": self.max_score,
            "explanation": list(self.explanation),
        }


def outcome(answer: Any, score: float, max_score: float) -> str:
    """How a marked question went: 'skipped' when there is no answer (a skip is no mistake, though it scores
    0), else 'right', 'half right' (some of its points) or 'wrong'. The one source for the reveal at the
    terminal, the web page's feedback and the class report's columns, so that the three never disagree."""
    if answer is None:
        return "skipped"
    return "right" if score == max_score else "half right" if score else "wrong"


def _plain_value(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


@dataclass(frozen=True)
class QuizResult:
    scenario: Scenario
    assessment: Assessment
    items: tuple[Marked, ...]
    trainee: str | None
    pack: tuple[str, str]

    @property
    def score(self) -> float:
        return sum(m.score for m in self.items)

    @property
    def max_score(self) -> float:
        return sum(m.max_score for m in self.items)

    def transcript(self) -> dict[str, Any]:
        return {
            "kind": "quiz",
            "pack": {"name": self.pack[0], "version": self.pack[1]},
            "scenario": self.scenario.id,
            "title": self.scenario.title,
            "trainee": self.trainee,
            "items": [m.as_dict() for m in self.items],
            "score": self.score,
            "max_score": self.max_score,
            "teaching_notes": [dict(n) for n in self.scenario.notes],
        }


def normalize(question: QuizQuestion, answer: Any) -> Any:
    """A trainee's answer as a value the question compares (text is parsed: numbers, names, yes/no).

    InputError names every value that is no answer (each bad item of a set), in the labels the
    trainee sees (``QuizQuestion.refusal``), with the nearest label as a suggestion.
    """
    if answer is None:
        return None
    kind = question.id.partition(":")[0]
    if kind == "code":
        return _coded(question, answer)
    if kind == "hedging" and isinstance(answer, bool):
        return answer
    if isinstance(answer, (str, int, float)) and not isinstance(answer, bool):
        text = str(answer).strip().lower().replace(" ", "_").replace("-", "_")
        # a menu number is ASCII digits: int() cannot read '²', which isdigit() takes
        if text.isascii() and text.isdigit() and 1 <= int(text) <= len(question.choices):
            picked = question.choices[int(text) - 1]
            return (picked == "yes") if kind == "hedging" and picked != UNDECIDED else picked
        if kind == "hedging":
            said = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
            if text in said or text == UNDECIDED:
                return said.get(text, UNDECIDED)
        text = SHORT_LEVELS.get(text, text) if kind == "level" else text
        if text in question.choices and kind != "hedging":
            return text
    raise InputError(
        Problem(
            question.refusal([answer]),
            Location(None, None, None, f"/{question.id}"),
            _nearest(question, answer)
            or (
                f"or a short name: {', '.join(SHORT_LEVELS)}"
                if kind == "level"
                else f"write one as listed, e.g. '{question.labels[0]}'"
            ),
        )
    )


def _nearest(question: QuizQuestion, answer: Any) -> str | None:
    """'did you mean 'strategic partnership'?', from the labels: a code's underscores read as spaces."""
    return did_you_mean(plain.words(answer).strip().lower(), question.labels) if isinstance(answer, str) else None


def _coded(question: QuizQuestion, answer: Any) -> Any:
    """A coded fact, as the interview reads it (``interview.parse_answer``: its refusals name the choices as
    the menu shows them); a set's list item by item, every bad item its own problem at /<field>/<n>."""
    from .interview import NOT_KNOWN, BadAnswer, _pick, _typed, parse_answer

    name = question.id.partition(":")[2]
    spec = fact_fields()[name]
    if isinstance(answer, str) and " ".join(answer.lower().split()) in NOT_KNOWN:
        # the interview's unknown, which parse_answer reads as no value: the quiz took it for a skip and said
        # nothing. A quiz codes only facts its narrative states (check_scenario holds it), so unknown is a
        # misreading of the text: said so, and asked again; skip leaves the question out
        raise InputError(
            Problem(
                f"'{answer.strip()}' codes nothing: the narrative states {plain.field_title(name)} "
                "(the quiz asks you to code only facts its text gives)",
                Location(None, None, None, f"/{name}"),
                "code it from what the narrative says; or skip, to leave the question out (in a file: leave it out)",
            )
        )
    if isinstance(answer, str):
        return parse_answer(name, answer)
    if not (spec.kind == "set" and isinstance(answer, (list, tuple))):
        return _typed(name, answer)
    chosen, found = set(), []
    for i, item in enumerate(answer):
        where = Location(None, None, None, f"/{name}/{i}")
        if not isinstance(item, str):
            found.append(Problem(question.refusal([item]), where, "write each item by its name, e.g. 'trade'"))
            continue
        try:
            chosen.add(_pick(name, item, spec.values, where))
        except BadAnswer as exc:
            found += exc.problems
    if found:
        raise InputError(found)
    return tuple(v for v in spec.values if v in chosen)


#: the keys of an answers file (``amity quiz --answers``), in the order the file's form documents them
ANSWER_KEYS = ("level", "risks", "hedging", "verdict", "code")
#: the answers that map names to answers: what a name is, the names known, the mapping's shape and an
#: example, the question id's prefix, and the question as a refusal names it
_ANSWER_GROUPS: dict[str, tuple[str, Collection[str], str, str, str, str]] = {
    "risks": ("risk", RISKS, "risk: rating", "{fragility: high}", "risk", "the risk of {}"),
    "code": ("fact field", tuple(fact_fields()), "field: value", "{sectors: [trade, energy]}", "code", "coding {}"),
}


def load_answers(path: str | Path, scenario: Scenario) -> dict[str, Any]:
    """Read an answers file ('-' for standard input) for the scenario: see ``read_answers``."""
    name = "<stdin>" if str(path) == "-" else str(path)
    text = read_text(path, name)
    if not text.strip():
        raise InputError(
            Problem("the answers file is empty", Location(name), "write one answer a line, e.g. 'level: partnership'")
        )
    return read_answers(parse_json(text, name) if looks_like_json(text, name) else parse_yaml(text, name), scenario)


def read_answers(doc: Document, scenario: Scenario) -> dict[str, Any]:
    """The answers an answers file gives, as question id -> answer (``mark`` takes them).

    The file is a mapping: ``level``, ``hedging``, ``verdict``, ``risks: {risk: rating}`` and
    ``code: {field: value}``; a key left out (or null) is a skipped question. A list of such items
    (``- level: partnership``, ``- risks: {entrapment: high}``) is read as one mapping, ``risks`` and
    ``code`` merged key by key; a key given twice is refused, at both places. InputError lists
    every problem at once, located: an unknown key, a risk or field the scenario does not ask
    about, an answer that is not one of the choices.
    """
    data = doc.data
    if isinstance(data, list) and data:  # '- level: partnership' lines: one mapping, each error at its item
        items = merge_items(
            doc,
            "write each answer as '- key: answer', e.g. '- level: partnership' or '- risks: {entrapment: high}'",
            nested=_ANSWER_GROUPS,
            each="answer",
            shape="key: answer",
        )
        try:
            return read_answers(items.doc, scenario)
        except InputError as exc:
            raise InputError([items.in_file(p) for p in exc.problems]) from None
    if not isinstance(data, dict):
        got = (
            "an empty list"
            if isinstance(data, list)
            else "null"
            if data is None
            else f"a single value ({json.dumps(data, default=str)})"
        )
        raise InputError(
            Problem(
                f"expected a mapping of answers ({', '.join(ANSWER_KEYS)}) or a list of '- key: answer' items, "
                f"not {got}",
                doc.locate(""),
                "write one answer a line, e.g. 'level: strategic_partnership' (or '- level: strategic_partnership')",
            )
        )
    asked = {q.id: q for q in questions_of(scenario)}
    found: list[Problem] = []
    out: dict[str, Any] = {}

    def take(qid: str, value: Any, pointer: str, what: str) -> None:
        q = asked.get(qid)
        if q is None:
            wanted = [i for i in asked if i.startswith(qid.partition(":")[0])]
            ids = ", ".join(i.partition(":")[2] or i for i in wanted)
            found.append(
                Problem(
                    f"this scenario does not ask for {what}",
                    doc.locate(pointer, key=True),
                    f"it asks for: {ids}" if wanted else "remove it",
                )
            )
            return
        try:
            answer = normalize(q, value)
        except InputError as exc:
            # a fact's problem is located within its value (an item of a set: /code/sectors/1)
            field = "/" + qid.partition(":")[2] if qid.startswith("code:") else None
            for p in exc.problems:
                inner = p.location.pointer or ""
                deeper = inner[len(field) :] if field and inner.startswith(field + "/") else ""
                found.append(Problem(p.message, doc.locate(pointer + deeper), p.suggestion))
            return
        if answer is not None:
            out[qid] = list(answer) if isinstance(answer, tuple) else answer

    def unknown(what: str, name: str, pointer: str, known: Collection[str]) -> None:
        found.append(
            Problem(
                f"unknown {what} '{name}'",
                doc.locate(pointer, key=True),
                did_you_mean(name, known) or f"expected one of: {', '.join(known)}",
            )
        )

    for key, value in data.items():
        pointer = pointer_join("", key)
        if key not in ANSWER_KEYS:
            unknown("key", key, pointer, ANSWER_KEYS)
        elif key in _ANSWER_GROUPS:
            if value is None:
                continue
            what, known, shape, example, asking, asked_as = _ANSWER_GROUPS[key]
            if not isinstance(value, dict):
                found.append(Problem(f"expected a mapping of {shape}", doc.locate(pointer), f"e.g. {key}: {example}"))
                continue
            for name, item in value.items():
                inner = pointer_join(pointer, name)
                if name not in known:
                    unknown(what, name, inner, known)
                    continue
                take(f"{asking}:{name}", item, inner, asked_as.format(name))
        else:
            take(key, value, pointer, "hedging" if key == "hedging" else f"the {key}")
    if found:
        raise InputError(found)
    return out


def mark(scenario: Scenario, assessor: Assessor, answers: Mapping[str, Any], trainee: str | None = None) -> QuizResult:
    """Score the answers (question id -> answer; missing: skipped) and explain each difference.

    InputError lists every answer that is no answer to its question at once (``normalize``), before any
    is marked."""
    questions = questions_of(scenario)
    read: dict[str, Any] = {}
    found: list[Problem] = []
    for q in questions:
        try:
            read[q.id] = normalize(q, answers.get(q.id))
        except InputError as exc:
            found += exc.problems
    if found:
        raise InputError(found)
    a = assessor.assess(scenario.profile, checked=True)
    engine = expected_of(a)
    classes = ValueClasses(assessor.analysis)
    items = []
    for q in questions:
        given = read[q.id]
        kind, _, name = q.id.partition(":")
        if kind == "level":
            expected = engine["level"]
            score = _level_score(given, expected)
            why = _explain_level(assessor, scenario, a, given) if score < 1 else []
        elif kind == "risk":
            expected = engine["risks"][name]
            score = _rating_score(given, expected)
            why = _explain_output(assessor, scenario, a, f"risk:{name}", given) if score < 1 else []
        elif kind == "hedging":
            expected = engine["hedging"]
            score = 1.0 if given == expected else 0.0
            why = _explain_output(assessor, scenario, a, "hedging", given) if score < 1 else []
        elif kind == "verdict":
            expected = engine["verdict"]
            score = 1.0 if given == expected else 0.0
            why = _explain_verdict(a, given) if score < 1 else []
        else:
            hidden = scenario.profile.get(name)
            expected = tuple(hidden) if isinstance(hidden, list) else hidden
            same = (
                given is not None
                and name in classes.analysis.classes
                and classes.index(name, given) == classes.index(name, expected)
            )
            exact = given == expected
            score = 1.0 if (same or exact) else 0.0
            why = _explain_code(classes, name, given, expected, same and not exact) if (score < 1 or not exact) else []
        items.append(Marked(q, given, expected, score, 1.0, tuple(why)))
    return QuizResult(scenario, a, tuple(items), trainee, (assessor.pack.name, assessor.pack.version))


def _level_score(given: Any, expected: Any) -> float:
    if given == expected:
        return 1.0
    if given in LADDER and expected in LADDER and abs(LEVEL_RANK[given] - LEVEL_RANK[expected]) == 1:
        return 0.5
    return 0.0


def _rating_score(given: Any, expected: Any) -> float:
    if given == expected:
        return 1.0
    if given in RATINGS and expected in RATINGS and abs(RATING_RANK[given] - RATING_RANK[expected]) == 1:
        return 0.5
    return 0.0


def _because(a: Assessment, steps: Iterable[int]) -> list[str]:
    """The rules that conclude an output, each as the sentence it says (its description), as the report's
    "How" gives them: a rule's bare name ("framework declared") explains nothing to a trainee."""
    rules = [a.trace.step(n).rule for n in steps]
    return [f"  because {plain.clause(plain.rule_reason(rule))} [{rule.id}]" for rule in rules]


def _explain_level(assessor: Assessor, scenario: Scenario, a: Assessment, given: Any) -> list[str]:
    if given is None:
        return ["You skipped this question."]
    if given == UNDECIDED:
        lines = [f"The narrative settles it: the level is {plain.level_name(a.level.value)}."]
        return lines + _because(a, a.level_because)
    return _explain_output(assessor, scenario, a, "level", given)


def _explain_output(assessor: Assessor, scenario: Scenario, a: Assessment, output: str, given: Any) -> list[str]:
    if given is None:
        return ["You skipped this question."]
    outcome = a.level if output == "level" else a.hedging if output == "hedging" else a.risks[output[5:]].outcome
    name = (
        "the level" if output == "level" else f"the {plain.output_name(output)}" if output != "hedging" else "hedging"
    )
    if given == UNDECIDED:  # and the rules that settle it, as for the level; a risk that no rule raises is low
        settled = f"The narrative settles {name}: it is {_show(output, outcome.value)}"
        if output.startswith("risk:") and not a.risks[output[5:]].decisive:
            return [f"{settled}, as no rule raises it."]
        steps = a.hedging_because if output == "hedging" else [r.step for r in a.risks[output[5:]].decisive]
        return [f"{settled}.", *_because(a, steps)]
    if not outcome.decided:
        w = why_not(assessor, scenario.profile, given, output, answers_only=True, exact=True)
        facts = ", ".join(plain.field_title(f) for f in outcome.deciding)
        return [
            f"The narrative leaves {name} open: it could be {plain.join_or(_show(output, v) for v in outcome.possible)}; "
            f"it turns on facts the narrative does not give ({facts}).",
            f"It {w.sentence()}.",
        ]
    w = why_not(assessor, scenario.profile, given, output)
    if output == "hedging":
        lines = [f"amity: {'it is hedging' if outcome.value else 'it is not hedging'}."]
    else:
        lines = [f"amity: {name} is {_show(output, outcome.value)}, not {_show(output, given)}."]
    lines += ["  " * depth + "- " + text for depth, text in blocker_lines(w.blockers[:8])]
    lines.append(f"It {w.sentence()}.")
    return lines


def _show(output: str, value: Any) -> str:
    return plain.output_value(output, value, ("hedging", "not hedging"))


def _explain_verdict(a: Assessment, given: Any) -> list[str]:
    if given is None:
        return ["You skipped this question."]
    label = a.label
    if label.verdict is None:  # which level would give which verdict: what the trainee would look up
        claimed = label.declared_level
        assert claimed is not None  # an open verdict is of a label the lexicon reads: its level is open
        levels: dict[str, list[str]] = {}
        for level in a.level.possible:
            levels.setdefault(verdict(claimed, label.declared, level), []).append(plain.level_name(level))
        lines = [
            f'The level is open, so the verdict could be {plain.join_or(label.possible_verdicts)}: "{label.declared}" '
            f"claims {plain.level_name(claimed)}, and the label would be"
        ]
        lines += [f"  - {v} if the level were {plain.join_or(levels[v])}" for v in label.possible_verdicts]
        if given == "undeclared":
            lines.append(f'It is not undeclared: the relationship declares "{label.declared}".')
        elif given == "unrecognized":
            lines.append(
                f'It is not unrecognized: amity reads "{label.declared}" as a claim to {plain.level_name(claimed)}.'
            )
        return lines
    if label.declared is None:
        return ["No label was declared, so the verdict is undeclared."]
    if label.declared_level is None:
        return [f'The lexicon does not know "{label.declared}", so the verdict is unrecognized.']
    lines = [
        f'"{label.declared}" claims {plain.level_name(label.declared_level)}; the substance is {plain.level_name(a.level.value)}, so the label is {label.verdict}.'
    ]
    for r in label.reasons:
        if r.supports is not None:
            lines.append(f"  - the substance goes further: {r.description} [{r.rule}]")
        else:  # what the claimed level needs and what the relationship has, as the report says it (it was the
            # findings' data names: "missing for comprehensive strategic partnership: institutionalized"), its
            # rule named by name and id in the reason itself
            lines.append(f"  - {r.text}")
    return lines


def _explain_code(classes: ValueClasses, name: str, given: Any, expected: Any, same_class: bool) -> list[str]:
    title = plain.field_title(name)
    if given is None:
        return [f"You skipped this question; the narrative gives {title} as {plain.value_text(name, expected)}."]
    if same_class:
        return [
            f"amity coded {title} as {plain.value_text(name, expected)}; yours, {plain.value_text(name, given)}, "
            "differs but no rule of the pack tells the two apart, so it counts."
        ]
    lines = [f"amity coded {title} as {plain.value_text(name, expected)}, not {plain.value_text(name, given)}."]
    if name in classes.analysis.classes:
        theirs = classes.text(name, classes.index(name, expected))
        yours = classes.text(name, classes.index(name, given))
        # a case wider than the answer itself says which answer it holds
        held = ["amity's answer is in the first"] if theirs != plain.value_text(name, expected) else []
        if yours != plain.value_text(name, given):
            held.append("yours in the second" if held else "yours is in the second")
        which = f" ({', '.join(held)})" if held else ""
        lines.append(f"The rules tell these apart: to them {theirs} is one case and {yours} another{which}.")
    return lines


# --------------------------------------------------------------------------- a class's results


#: what a quiz transcript is, for a file that is none
QUIZ_TRANSCRIPT = "a quiz transcript is the JSON file amity quiz saves after a run, <scenario>[-<trainee>].quiz.json"


def not_a_transcript(doc: Document) -> Problem | None:
    """The one problem of a mapping that is no quiz transcript at all (``{}``, a profile, a scenario): it has
    neither ``kind: quiz`` nor two of the fields every quiz transcript has. The best match among the transcript
    schema's alternatives named one missing field (``kind``) and never what a transcript is. None for a mapping
    that reads as a quiz transcript, however broken."""
    data = doc.data
    if not isinstance(data, dict) or data.get("kind") in ("quiz", "interview"):
        return None
    required = [str(k) for k in load_schema("transcript")["$defs"]["quiz"]["required"]]
    has = [k for k in required if k in data]
    if "questions" in data and "profile" in data:
        what = "it reads as a scenario, which amity quiz asks; a transcript is what a run of it saves"
    elif "parties" in data:
        what = "it reads as a relationship profile, which amity assess reads"
    elif len(has) >= 2:
        return None
    else:
        what = f"it has {'only ' + repr(has[0]) if has else 'none'} of a quiz transcript's fields"
    return Problem(
        f"is not a quiz transcript: {what}",
        doc.locate(""),
        f"{QUIZ_TRANSCRIPT}; it has {plain.join_or(required, 'and')}: see amity schema transcript",
    )


def load_transcript(path: str | Path) -> dict[str, Any]:
    """A quiz transcript, checked against the quiz's part of the transcript schema: every problem at once
    (InputError, located, otherwise)."""
    doc = load_document(path, holds="a quiz transcript, as amity quiz saves it")
    other = not_a_transcript(doc)
    if other is not None:
        raise InputError(other)
    if isinstance(doc.data, dict) and doc.data.get("kind") == "interview":
        raise InputError(
            Problem("an interview transcript, not a quiz's", doc.locate("/kind"), "give quiz transcripts only")
        )
    found = schema_problems(doc, "transcript", branch="quiz")
    if found:
        raise InputError(found)
    return doc.data  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ClassReport:
    """A class's quiz results: per scenario, per question, and the commonest mistakes."""

    transcripts: int
    scenarios: dict[str, dict[str, Any]]  # id -> title, takers, mean score, max score
    # "<scenario> <question>" -> taken, answered, skipped, correct, half_right, wrong, points, max_points,
    # mean_score (points per taker, a skip scoring 0 as in the scenario's mean), share_correct (of the answers)
    questions: dict[str, dict[str, Any]]
    mistakes: list[dict[str, Any]]  # scenario, question, answer, expected, count; commonest first
    rejected: list[Problem]
    # a file that holds the same transcript as one before it (a browser's 'name (1).quiz.json'), counted
    # once: (the copy, the file it copies)
    copies: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "transcripts": self.transcripts,
            "scenarios": self.scenarios,
            "questions": self.questions,
            "mistakes": self.mistakes,
            "rejected": [p.as_dict() for p in self.rejected],
            "copies": [{"file": copy, "same_as": first} for copy, first in self.copies],
        }


#: The class report's count of each outcome (its JSON keys).
REPORT_COLUMN = {"right": "correct", "half right": "half_right", "wrong": "wrong", "skipped": "skipped"}


def class_report(paths: Iterable[str | Path]) -> ClassReport:
    """Sum up quiz transcripts; a transcript that does not load is listed in ``rejected`` and the rest go on."""
    scenarios: dict[str, dict[str, Any]] = {}
    questions: dict[str, dict[str, Any]] = {}
    mistakes: Counter[tuple[str, str, str, str]] = Counter()
    rejected: list[Problem] = []
    seen: dict[tuple[str, str], list[str]] = {}  # (a transcript's content, its file's name unmarked) -> its files
    asked: dict[str, int] = {}  # "<scenario> <question>" -> its place in the quiz (in the transcripts' items)
    count = 0
    for path in paths:
        try:
            data = load_transcript(path)
        except InputError as exc:
            rejected.extend(exc.problems)
            continue
        # the same file downloaded or copied twice ('ana.quiz (1).json') is one trainee's run, not two; two
        # files of the same answers under names of their own are two trainees who answered alike
        same = (json.dumps(data, sort_keys=True), str(Path(path).with_name(_COPY_MARK.sub("", Path(path).name))))
        seen.setdefault(same, []).append(str(path))
        if len(seen[same]) > 1:
            continue
        count += 1
        sid = RENAMED.get(data["scenario"], data["scenario"])  # a transcript of before a renaming: the same scenario
        s = scenarios.setdefault(
            sid, {"title": data["title"], "takers": 0, "total": 0.0, "max_score": data["max_score"]}
        )
        s["takers"] += 1
        s["total"] += data["score"]
        for index, item in enumerate(data["items"]):
            key = f"{sid} {item['question']}"
            asked[key] = min(asked.get(key, index), index)
            q = questions.setdefault(
                key,
                {
                    "scenario": sid,
                    "question": item["question"],
                    "taken": 0,
                    "answered": 0,
                    "skipped": 0,
                    "correct": 0,
                    "half_right": 0,
                    "wrong": 0,
                    "points": 0.0,
                    "max_points": 0.0,
                },
            )
            # Counted as the scoring counts: a skipped question scores 0 but is no answer, a half-right
            # one scores its half point, so the questions' means add up to the scenario's mean.
            q["taken"] += 1
            q["points"] += item["score"]
            q["max_points"] += item["max_score"]
            how = outcome(item["answer"], item["score"], item["max_score"])
            q[REPORT_COLUMN[how]] += 1
            q["answered"] += how != "skipped"
            if how in ("half right", "wrong"):  # a skipped question is not a mistake
                mistakes[(sid, item["question"], _key(item["answer"]), _key(item["expected"]))] += 1
    for s in scenarios.values():
        s["mean_score"] = round(s.pop("total") / s["takers"], 3)
    for q in questions.values():
        q["mean_score"] = round(q["points"] / q["taken"], 3)
        q["share_correct"] = round(q["correct"] / q["answered"], 3) if q["answered"] else None
    ordered = sorted(mistakes.items(), key=lambda kv: (-kv[1], kv[0]))
    copies = []
    for files in seen.values():  # each copy names the file it copies: the one without a copy's mark
        first = next((f for f in files if not _COPY_MARK.search(Path(f).name)), files[0])
        copies += [(f, first) for f in files if f != first]
    return ClassReport(
        count,
        dict(sorted(scenarios.items())),
        # a scenario's questions in the order the quiz asks them (they were in the order of their ids: hedging,
        # level, risk, verdict), as the instructor and the trainees saw them
        dict(sorted(questions.items(), key=lambda kv: (kv[1]["scenario"], asked[kv[0]], kv[0]))),
        [{"scenario": s, "question": q, "answer": a, "expected": e, "count": n} for (s, q, a, e), n in ordered],
        rejected,
        copies,
    )


#: how a browser or a file manager names a second copy of a file: 'ana.quiz (1).json', 'ana (copy).json'
_COPY_MARK = re.compile(r" \((\d+|copy)\)")


def _key(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "skipped" if value is None else str(value)
