"""Rule packs: loading, extending, checking. A pack is data; nothing in it runs.

A pack is read from ``rules/<name>/pack.yaml`` (or any path), checked against
``schemas/pack.schema.json``, merged with the pack it ``extends`` (rules
overridden or disabled by id), and checked for consistency: every finding a
rule tests is concluded by some rule, and no finding depends on itself.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from . import conditions as cond
from .designations import ROLES, Grammar, Rung, WordEntry, fold
from .document import (
    CONTROL_CHARACTER,
    Document,
    Overflowed,
    packed,
    parse_yaml_read_on,
    pointer_token,
    read_text,
    wide_text,
)
from .errors import (
    CasesNotAPack,
    InputError,
    Location,
    NotAPack,
    PackError,
    PackNotFound,
    Problem,
    did_you_mean,
    meant_name,
    reading_order,
)
from .levels import SHORT_LEVELS
from .read_ahead import read_ahead
from .schemas import describe, number_too_large, read_as_float
from .schemas import document_problems as schema_problems
from .vocabulary import RULES_DIR, fact_fields, load_schema

DEFAULT_MAX_FIRINGS = 1000


@dataclass(frozen=True)
class Source:
    """What a rule or lexicon entry rests on: a section of a named source, or a citation."""

    ref: str | None = None
    section: str | None = None
    quote: str | None = None
    citation: str | None = None
    url: str | None = None
    title: str | None = None  # the named source's title, filled in on load

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def where(self) -> str:
        """Where a reader finds it: the citation, or the named source's title and section."""
        if self.citation:
            return self.citation
        return f"{self.title or self.ref}, section “{_unquoted(self.section or '')}”"

    def __str__(self) -> str:
        """Where a reader finds it, with the words quoted: the citation, or the title, section and quote."""
        if self.citation or not self.quote:
            return self.where()
        return f"{self.where()}: “{_unquoted(self.quote)}”"


def _unquoted(text: str) -> str:
    """Text without the quotation marks an author put around all of it: the page quotes it once."""
    text = text.strip()
    for left, right in ('""', "''", "“”", "‘’", "«»"):
        inner = text[1:-1]
        if len(text) > 1 and text[0] == left and text[-1] == right and left not in inner and right not in inner:
            return inner.strip()
    return text


@dataclass(frozen=True)
class Conclusion:
    """One thing a rule asserts: a finding, a level candidate, a risk rating, hedging."""

    kind: str  # finding | level | risk | hedging
    value: Any  # the finding's name, the level, the risk's name, True
    rating: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.kind == "risk":
            return {"risk": self.value, "rating": self.rating, "reason": self.reason}
        return {self.kind: self.value}

    def __str__(self) -> str:
        if self.kind == "risk":
            return f"{self.value} risk {self.rating}"
        if self.kind == "hedging":
            return "hedging"
        return f"{self.kind} {self.value}"


@dataclass(frozen=True)
class FindingName:
    """A finding in plain English: a noun phrase, and what it means."""

    name: str
    description: str
    pack: str = ""


@dataclass(frozen=True)
class Departure:
    """Where a pack departs from its source on purpose, and why."""

    id: str
    source: Source
    decision: str
    pack: str = ""


@dataclass(frozen=True, slots=True)
class Disabled:
    """A base pack's rule an extending pack switches off (``disable:``), and why, if the pack says."""

    pack: str  # the pack that disabled it
    rationale: str = ""  # "" when the pack gives none (lint warns, AP201)
    location: Location = field(default_factory=Location)  # its item in that pack's disable list


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    rationale: str
    source: Source
    when: cond.Condition
    then: tuple[Conclusion, ...]
    priority: int = 0
    pack: str = ""
    location: Location = field(default_factory=Location)
    name: str | None = None  # a short plain-English name (verdict reasons show it)

    @cached_property
    def findings_concluded(self) -> list[str]:
        return [c.value for c in self.then if c.kind == "finding"]

    @cached_property
    def fields_tested(self) -> tuple[str, ...]:
        """The fields its condition tests, in the order it first tests them."""
        return tuple(cond.fields_of(self.when))

    @cached_property
    def findings_tested(self) -> tuple[str, ...]:
        """The findings its condition tests, in the order it first tests them."""
        return tuple(cond.findings_of(self.when))


@dataclass(frozen=True)
class LexiconEntry:
    """A named designation, matched exactly (ignoring case, punctuation and spacing) before the grammar."""

    id: str
    level: str
    exact: str
    source: Source | None = None
    note: str | None = None
    pack: str = ""

    @cached_property
    def normalized_exact(self) -> str:
        return normalize_label(self.exact)

    def matches(self, normalized: str) -> bool:
        return self.normalized_exact == normalized


@dataclass(frozen=True, eq=False)  # a pack is itself: compared and hashed by identity
class Pack:
    name: str
    version: str
    description: str
    rules: tuple[Rule, ...]
    lexicon: tuple[LexiconEntry, ...]
    sources: dict[str, dict[str, Any]]
    grammar: Grammar = field(default_factory=Grammar)
    finding_names: dict[str, FindingName] = field(default_factory=dict)
    departures: tuple[Departure, ...] = ()
    test_files: tuple[Path, ...] = ()  # the pack's test-case files (tests.yaml by default), that exist
    max_firings: int = DEFAULT_MAX_FIRINGS
    path: Path | None = None
    lineage: tuple[str, ...] = ()  # this pack, then the packs it extends
    disabled: dict[str, Disabled] = field(default_factory=dict)  # a base rule switched off -> by whom, and why

    def __copy__(self) -> Pack:
        return self  # a pack is itself (compared by identity): a copy of what refers to it refers to it still

    def __deepcopy__(self, memo: dict[int, Any]) -> Pack:
        return self

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @cached_property
    def findings(self) -> list[str]:
        return list(dict.fromkeys(f for r in self.rules for f in r.findings_concluded))


_PUNCT = re.compile(r"[\W_]+")  # a letter or digit of any script is kept: a word unlisted is not left out


def normalize_label(label: str) -> str:
    """Folded (``fold``), '&' as 'and', every run of characters other than letters and digits a single space."""
    return _PUNCT.sub(" ", fold(label).replace("&", " and ")).strip()


# --------------------------------------------------------------------------- finding packs


def _rules_listed(base: Pack) -> str:
    """Where the rules a pack may disable are listed: the document of the pack it extends."""
    bundled = base.path is not None and base.path.parent == RULES_DIR / base.name
    name = base.name if bundled or base.path is None else display_path(base.path.parent)
    return f"amity pack doc {name} lists the rules it has, by id"


def bundled_packs() -> list[str]:
    return sorted(p.parent.name for p in RULES_DIR.glob("*/pack.yaml"))


_BUNDLED_NAME = re.compile(r"[a-z][a-z0-9-]*")
PACK_SUFFIXES = (".yaml", ".yml")


def is_explicit_path(spec: str) -> bool:
    """Whether a pack is named by a path (``./core``, ``a/b``, ``x.yaml``) rather than by a bundled name."""
    return "/" in spec or "\\" in spec or spec.lower().endswith(PACK_SUFFIXES) or spec in (".", "..")


def find_pack(spec: str | Path, relative_to: Path | None = None) -> Path:
    """The pack.yaml a name or path designates; PackNotFound if there is none.

    A bundled pack's name (``core``) always means the bundled pack: a file or
    folder of that name in the current folder does not hide it; write ``./core``
    to mean that. Only pack files are taken: a folder holding a pack.yaml, or a
    ``.yaml``/``.yml`` file (whether it is a pack is checked when it is read).
    """
    text = str(spec)
    bundled = RULES_DIR / text / "pack.yaml"
    if _BUNDLED_NAME.fullmatch(text) and bundled.is_file():
        return bundled
    path = Path(text)
    candidates = []
    if relative_to is not None and not path.is_absolute():
        candidates.append(relative_to / path)
    candidates.append(path)
    for candidate in candidates:
        if candidate.is_dir() and (candidate / "pack.yaml").is_file():
            return candidate / "pack.yaml"
        if candidate.is_file() and candidate.name.lower().endswith(PACK_SUFFIXES):
            return candidate
    for candidate in candidates:
        if candidate.is_dir():
            raise PackNotFound(
                Problem(
                    f"folder '{candidate}' has no pack.yaml",
                    Location(str(candidate)),
                    _give_the_pack(candidate / "pack.yaml", "name the pack file, or its folder"),
                )
            )
        if candidate.exists():
            raise NotAPack(
                Problem(
                    f"'{candidate}' is not a pack file",
                    Location(str(candidate)),
                    _give_the_pack(candidate, "a pack is a pack.yaml, a folder holding one, or a .yaml file"),
                )
            )
    names = bundled_packs()
    hint = did_you_mean(text, names) or f"bundled packs: {', '.join(names)}; or give a path to a pack.yaml"
    raise PackNotFound(Problem(f"no rule pack '{text}'", Location(text), hint))


def load_pack(spec: str | Path = "core") -> Pack:
    """Load, merge and check a pack by bundled name or path."""
    return _load(find_pack(spec), ())


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working folder where it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_LOOKS_LIKE_PACK = re.compile(r"^pack[ \t]*:", re.M)
_LOOKS_LIKE_PROFILE = re.compile(r"^parties[ \t]*:", re.M)


def pack_near(path: Path) -> Path | None:
    """The pack.yaml nearest a file given where a pack belongs: beside it, or in a folder above it (a profile
    in a pack's profiles/ folder); None if there is none within two folders up."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents[:2]):
        found = candidate / "pack.yaml"
        if found.is_file() and found != path.resolve():
            return found
    return None


def _give_the_pack(path: Path, otherwise: str) -> str:
    """What to give instead of a file that is not a pack: the pack near it, if there is one."""
    near = pack_near(path)
    return f"give the pack: {display_path(near)}, or the folder holding it" if near else otherwise


def _add_mark(mark: str, marks: set[str]) -> str:
    """What to do about a tier mark no tier word adds, when it is like none of those that are."""
    some = f", or name a mark a tier word adds: {', '.join(sorted(marks))}" if marks else ""
    return f"add a tier word with mark: {mark}{some}"


def _head(path: Path) -> bytes | None:
    """A regular file's first bytes, which tell a picture or an archive; None if it cannot be read (or is a pipe,
    read already)."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            return handle.read(4)
    except OSError:
        return None


def _cases_not_pack(doc: Document, path: Path, name: str) -> Problem:
    """A file of test cases (a tests.yaml) given where a pack is read: said so, with the pack to give."""
    target = doc.data.get("pack")
    return Problem(
        f"'{name}' holds the test cases of pack '{target}', not a pack"
        if isinstance(target, str)
        else f"'{name}' holds test cases, not a pack",
        doc.locate("/cases"),
        _give_the_pack(path, "give the pack's pack.yaml, or the folder holding it"),
    )


def _load(path: Path, seen: tuple[Path, ...]) -> Pack:
    path = path.resolve()
    name = display_path(path)
    try:
        text = read_text(path, name)
    except InputError as exc:
        head = _head(path)
        if head is None and path.is_file():  # it cannot be read (permission denied): the user's to fix, not the pack's
            raise PackNotFound(exc.problems) from None
        if head is not None and (packed(head, name) or wide_text(head, name)) is not None:
            # no text at all (a picture, an archive): another file given for the pack, as a profile is
            raise NotAPack(
                Problem(
                    exc.problems[0].message,
                    exc.problems[0].location,
                    _give_the_pack(path, "name a pack.yaml, or a folder holding one"),
                )
            ) from None
        raise PackError(exc.problems) from None
    if not _LOOKS_LIKE_PACK.search(text):
        # not a pack: say so, and nothing of what the file holds (it may be anyone's secrets) but what kind of
        # file it reads like
        profile = (
            "; it reads like a relationship profile (it has 'parties:')" if _LOOKS_LIKE_PROFILE.search(text) else ""
        )
        raise NotAPack(
            Problem(
                f"not a rule pack: it has no top-level 'pack:' key{profile}",
                Location(name),
                _give_the_pack(
                    path,
                    "name a pack.yaml, a folder holding one, or a .yaml file that starts a pack with 'pack: <name>'",
                ),
            )
        )
    try:
        # a bundled pack was read ahead (read_ahead); a number's bound is its field's to say; a key repeated is
        # reported with every other problem of the pack
        ahead = read_ahead(path, text, name)
        doc, repeated = (ahead, []) if ahead is not None else parse_yaml_read_on(text, name, long_numbers=True)
    except InputError as exc:
        raise PackError(exc.problems) from None
    if not isinstance(doc.data, dict):
        raise PackError(
            Problem("a pack is a mapping with pack, version, description and rules", Location(name, 1, 1, ""))
        )
    if "cases" in doc.data and not {"rules", "version", "extends"} & doc.data.keys():
        target = doc.data.get("pack")
        raise CasesNotAPack(_cases_not_pack(doc, path, name), target if isinstance(target, str) else None)
    # The schema's problems do not stop the checks of the parts they leave sound: every problem of the
    # pack is reported in one run (``_Shape`` tells the build which parts to leave out).
    found = rule_key_hints(doc, override_hints(doc, short_level_hints(doc, schema_problems(doc, "pack", what="key"))))
    found = repeated + found  # the value of a key repeated is in doubt: the parts the key holds are left out
    too_large = _too_large_numbers(doc)  # said as in a profile, in place of the schema's words
    found = [p for p in found if p.location.pointer not in too_large] + list(too_large.values())
    found = in_rules(doc, [*found, *_control_characters(doc)])
    shape = _Shape(found)  # a part with a number too large to read is left out, as one the schema rejects
    if any(_LEFT_OUT_CONCLUSIONS.fullmatch(p.location.pointer or "") for p in repeated):
        shape.complete = False  # what the value of a repeated 'rules' or 'then' left out concluded is unknown
    data = doc.data
    base: Pack | None = None
    extends = data.get("extends")
    if isinstance(extends, str) and not shape.broken("/extends"):
        try:
            base_path = find_pack(extends, relative_to=path.parent)
        except PackNotFound as exc:
            raise PackError(
                [
                    *found,
                    Problem(
                        f"extends an unknown pack: {exc.problems[0].message}",
                        doc.locate("/extends"),
                        exc.problems[0].suggestion,
                    ),
                ]
            ) from None
        chain = (*seen, path)
        if base_path.resolve() in chain:
            cycle = _extends_cycle(doc, chain, base_path.resolve())
            if seen and base_path.resolve() == chain[0]:  # back to the pack loaded first: at its own `extends`
                raise _ExtendsCycle(cycle)
            raise PackError([*found, cycle])
        try:
            base = _load(base_path, chain)
        except NotAPack as exc:  # the file this pack extends is another kind of file: this pack is what is wrong
            problem = exc.problems[0]
            raise PackError(
                [
                    *found,
                    Problem(
                        f"extends {display_path(base_path)}: {problem.message}",
                        doc.locate("/extends"),
                        "name the pack it builds on: a bundled pack's name, or the path of a pack.yaml or its folder",
                    ),
                ]
            ) from None
        except _ExtendsCycle as exc:
            if seen:  # the pack loaded first reports it, at its own `extends`
                raise
            problem = exc.problems[0]
            raise PackError([*found, Problem(problem.message, doc.locate("/extends"), problem.suggestion)]) from None
        except PackError as exc:
            raise PackError([*found, *exc.problems]) from None
    elif "extends" in data or _misspelt_extends(data):
        # what the base pack would have concluded, and the sources, rules and tier marks it would have given,
        # are unknown: what only the base could have settled is left unsaid (the error at its key is the one fault)
        shape.complete = False
        shape.base_unknown = True
    return _build(doc, path, base, shape)


#: Where a key repeated leaves out a value that may conclude findings: a second list of rules or of conclusions,
#: a second finding of a conclusion.
_LEFT_OUT_CONCLUSIONS = re.compile(r"/rules(/\d+/then(/\d+/finding)?)?")


def _misspelt_extends(data: dict[str, Any]) -> bool:
    """Whether the pack names its base under a misspelling of 'extends' ('extend: core'): a key the schema does
    not allow, for which it suggests 'extends', where the pack has no 'extends'."""
    allowed = list(load_schema("pack")["properties"])
    return "extends" not in data and any(k not in allowed and meant_name(k, allowed) == "extends" for k in data)


class PartlyLoaded(PackError):
    """A pack with errors, and what of it the load could build: lint checks the parts the errors leave sound.

    ``pack`` holds every rule and entry the load built, errors and all (a
    condition the schema rejected tests nothing); which parts are sound is for
    the caller to tell from where the problems are located.
    """

    def __init__(self, problems: list[Problem], pack: Pack, *, base_unknown: bool = False) -> None:
        super().__init__(problems)
        self.pack = pack
        #: the pack names a base that could not be read (``extends: 42``, ``extend: core``): what its base would
        #: have given (rules, findings, sources) is unknown, and checks that need it are not told what it lacks
        self.base_unknown = base_unknown


class _ExtendsCycle(PackError):
    """Packs that extend one another in a cycle: reported at the ``extends`` of the pack loaded first."""


def _extends_cycle(doc: Document, chain: tuple[Path, ...], back: Path) -> Problem:
    shown = " -> ".join(display_path(p) for p in (*chain, back))
    last, first = display_path(chain[-1]), display_path(back)
    return Problem(
        f"packs extend each other in a cycle: {shown}",
        doc.locate("/extends"),
        "a pack cannot extend itself: remove its 'extends', or point it at another pack"
        if len(chain) == 1
        else f"a pack cannot build on itself: remove the 'extends' of one of them (in {last}, it names {first}), "
        "or point it at a pack outside the cycle",
    )


#: a pointer inside a pack's rule, and the rule's index
_IN_A_RULE = re.compile(r"/rules/(0|[1-9][0-9]*)(?=/|$)")


def in_rule(doc: Document, location: Location) -> Location:
    """The location, naming the rule of the pack's document it is inside (``Location.rule``), where the rule's id
    is readable: text of the form the pack schema asks of an id. A rule whose id is missing or malformed is named
    by its position alone (its pointer and line:column), not by a name guessed from it."""
    found = _IN_A_RULE.match(location.pointer or "") if location.file == doc.file else None
    rules = doc.data.get("rules") if found and isinstance(doc.data, dict) else None
    index = int(found.group(1)) if found else 0
    rule = rules[index] if isinstance(rules, list) and index < len(rules) else None
    ident = rule.get("id") if isinstance(rule, dict) else None
    readable = isinstance(ident, str) and re.search(load_schema("pack")["$defs"]["name"]["pattern"], ident)
    return replace(location, rule=ident) if readable else location


def in_rules(doc: Document, problems: Iterable[Problem]) -> list[Problem]:
    """The problems, each inside a rule of the pack's document naming it (``in_rule``)."""
    return [replace(p, location=in_rule(doc, p.location)) for p in problems]


def short_level_hints(doc: Document, problems: Iterable[Problem]) -> list[Problem]:
    """The schema's problems, where a level is written as a short name amity reads elsewhere, with the full one.

    ``csp`` is a level on the command line (``--why-not csp``) and in the quiz
    (``levels.SHORT_LEVELS``), but a pack or a test case names the level in full:
    the schema's "unknown value 'csp'" gets "did you mean
    'comprehensive_strategic_partnership'?", which edit distance cannot find.
    """
    out = []
    for problem in problems:
        value = _value_at(doc.data, problem.location.pointer)
        full = SHORT_LEVELS.get(value.strip().casefold()) if isinstance(value, str) else None
        if (
            full
            and problem.suggestion is None
            and problem.message.startswith("unknown value")
            and full in problem.message
        ):
            problem = replace(
                problem,
                suggestion=f"did you mean '{full}'? A pack spells levels out; '{value.strip()}' is the short name the "
                "command line and the quiz read",
            )
        out.append(problem)
    return out


_MISSING_OWN = re.compile(r"missing required key '(description|rationale|source)'")


def override_hints(doc: Document, problems: Iterable[Problem]) -> list[Problem]:
    """The schema's problems, where an override lacks what it must state itself, saying that it keeps only the
    replaced rule's name and priority: an author who saw the name kept may expect the description kept too."""
    out = []
    for problem in problems:
        missing = _MISSING_OWN.fullmatch(problem.message)
        rule = _value_at(doc.data, problem.location.pointer)
        if missing and isinstance(rule, dict) and rule.get("override") is True:
            key = missing.group(1)
            problem = replace(
                problem,
                suggestion=f"{problem.suggestion or f'add {key}'}; an override keeps only the replaced rule's name "
                "and priority: its description, rationale and source are its own",
            )
        out.append(problem)
    return out


@cache
def _rule_keys() -> frozenset[str]:
    """The keys of a rule that no condition has (then, id, priority, ...), from the pack schema: one written in a
    rule's ``when`` was indented too far, under it."""
    defs = load_schema("pack")["$defs"]
    return frozenset(defs["rule"]["properties"]) - set(defs["condition"]["properties"]) - {"when"}


def _keys_in(value: Any) -> Iterator[str]:
    """Every key of every mapping in value, however deep."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys_in(item)


def rule_key_hints(doc: Document, problems: Iterable[Problem]) -> list[Problem]:
    """The schema's problems, where a key of a rule (``then:``) is indented under its ``when:``, said as the one
    slip it is.

    The schema read it as a field of the condition: 'unknown field then', 'a condition has exactly one key, got 2:
    all, then (wrap them in all: or any:)' and 'missing required key then'. The field's error now says the key
    belongs to the rule; the condition's is said only where the condition has more than one key of its own; the
    rule's missing key is that same slip, and not said twice (as a misspelt required key is not).
    """
    keys = _rule_keys()
    out = []
    for problem in problems:
        pointer = problem.location.pointer or ""
        tokens = [pointer_token(t) for t in pointer.split("/")[1:]]
        if len(tokens) < 2 or tokens[0] != "rules" or not tokens[1].isdigit():
            out.append(problem)
            continue
        rule = _value_at(doc.data, f"/rules/{tokens[1]}")
        when = rule.get("when") if isinstance(rule, dict) else None
        in_when = len(tokens) > 2 and tokens[2] == "when"
        value = _value_at(doc.data, pointer)
        missing = re.fullmatch(r"missing required key '([^']+)'", problem.message)
        if len(tokens) == 2 and missing and missing.group(1) in keys and missing.group(1) in _keys_in(when):
            continue  # the key is written, in the condition: its error there says where it goes
        if in_when and len(tokens) > 3 and tokens[-1] in keys and problem.message == f"unknown field '{tokens[-1]}'":
            key = tokens[-1]
            problem = replace(
                problem,
                suggestion=f"'{key}' belongs to the rule, not its condition: indent '{key}:' like 'when:'"
                if isinstance(rule, dict) and key not in rule
                else f"'{key}' belongs to the rule, not its condition, and the rule has its own: remove this one",
            )
        elif in_when and isinstance(value, dict) and problem.message.startswith("a condition has exactly one key"):
            nested = [k for k in value if k in keys]
            own = [k for k in value if k not in keys]
            if nested and len(own) == 1:
                continue  # the condition is whole once the rule's key moves out: that key's error says so
            if nested:
                moved = ", ".join(f"'{k}:'" for k in nested)
                problem = replace(
                    problem,
                    suggestion=f"indent {moved} like 'when:' (the rule's, not the condition's), and "
                    + (
                        f"wrap {', '.join(own)} in 'all:' (every one must hold) or 'any:' (one suffices)"
                        if own
                        else "write the condition under 'when:'"
                    ),
                )
        out.append(problem)
    return out


def _value_at(data: Any, pointer: str | None) -> Any:
    """The value a JSON pointer names in data, or None where it names nothing."""
    for token in map(pointer_token, (pointer or "").split("/")[1:]):
        if isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        elif isinstance(data, dict) and token in data:
            data = data[token]
        else:
            return None
    return data


class _Shape:
    """Where a pack's document broke its schema: the build leaves those parts out and checks the rest.

    A part left out may have concluded a finding; then ``complete`` is False, and
    the checks that need every finding concluded (a finding tested that no rule
    concludes) are skipped rather than reporting what the schema's error caused.
    Where the base pack could not be read (``extends`` broken, or misspelt),
    ``base_unknown`` is True too: what only the base could have declared (a
    source cited, a rule disabled or overridden, a tier mark) is not reported missing.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        # every pointer at or above a problem: one lookup per question, however many problems there are
        self.above: set[str] = set()
        for p in problems:
            parts = (p.location.pointer or "").split("/")
            self.above.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
        self.complete = True
        self.base_unknown = False

    def broken(self, pointer: str) -> bool:
        """Whether the schema found a problem at pointer or inside it."""
        return pointer in self.above


def _items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mappings of a list, with their index; anything else the schema has reported."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


#: The keys of a conclusion that concludes no finding.
_NOT_A_FINDING = frozenset(("level", "risk", "rating", "reason", "hedging"))


def _raw_conclusions(then: Any, shape: _Shape) -> list[Conclusion]:
    """The findings a ``then`` the schema rejected still plainly concludes; where it cannot tell, shape is incomplete."""
    out: list[Conclusion] = []
    if not isinstance(then, list):
        shape.complete = False
        return out
    for item in then:
        if isinstance(item, dict) and isinstance(item.get("finding"), str):
            out.append(Conclusion("finding", item["finding"]))
        elif not (isinstance(item, dict) and set(item) <= _NOT_A_FINDING):
            shape.complete = False
    return out


def _whole(value: Any) -> int | None:
    """A whole number of the pack's own (a priority, a limit, a slot) as an int: 10.0 is one, as the schema
    says (it was taken for no number at all, and the default silently used instead); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def disable_items(data: Any) -> Iterator[tuple[str, str, str, Any]]:
    """The items of a pack's ``disable`` list: the pointer of each one's id, the id, its rationale ("" when it
    gives none) and the item as written. An item is an id, or ``{id: ..., rationale: ...}``; anything else the
    schema has reported."""
    listed = data.get("disable") if isinstance(data, dict) else None
    for i, item in enumerate(listed if isinstance(listed, list) else []):
        if isinstance(item, str):
            yield f"/disable/{i}", item, "", item
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            yield f"/disable/{i}/id", item["id"], _text(item.get("rationale")).strip(), item


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    """A text field, or "" where the schema has reported it missing or not text."""
    return value if isinstance(value, str) else ""


def source_of(data: dict[str, Any] | None, sources: dict[str, dict[str, Any]]) -> Source | None:
    """The source a rule, entry, rung or departure states (its ``source:`` as written), with its named source's title."""
    if data is None:
        return None
    title = sources.get(data["ref"], {}).get("title") if "ref" in data else None
    return Source(
        ref=data.get("ref"),
        section=data.get("section"),
        quote=data.get("quote"),
        citation=data.get("citation"),
        url=data.get("url"),
        title=title,
    )


def _conclusion(data: dict[str, Any], doc: Document, pointer: str, problems: list[Problem]) -> Conclusion | None:
    kinds = [k for k in ("finding", "level", "risk", "hedging") if k in data]
    if len(kinds) != 1:
        problems.append(
            Problem(
                "a conclusion is exactly one of: finding, level, risk (with rating and reason), hedging"
                + (f"; got {', '.join(kinds)}" if kinds else ""),
                doc.locate(pointer),
                "split it into one conclusion per item of the list" if kinds else None,
            )
        )
        return None
    kind = kinds[0]
    if kind == "risk":
        return Conclusion("risk", data["risk"], data["rating"], data["reason"])
    return Conclusion(kind, data[kind])


def _control_characters(doc: Document) -> list[Problem]:
    """A problem for each text of the pack holding a control character: the pack's text is shown in
    reports and written into results, which never hold one (their writers do not look for one in it)."""
    found: list[Problem] = []

    def visit(value: Any, pointer: str) -> None:
        if isinstance(value, str):
            control = None if value.isprintable() else CONTROL_CHARACTER.search(value)
            if control is not None:
                found.append(
                    Problem(
                        f"a control character (U+{ord(control.group()):04X}) in the text",
                        doc.locate(pointer),
                        'remove it: a YAML escape such as "\\x01" writes one, and no text of a pack holds one',
                    )
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, f"{pointer}/{pointer_token(str(key))}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                visit(item, f"{pointer}/{i}")

    visit(doc.data, "")
    return found


def _too_large_numbers(doc: Document) -> dict[str, Problem]:
    """The numbers of the pack too large to read (``Overflowed``: 1e400, or a whole number of more
    digits than Python reads), by pointer, each said with the bound of what it is compared with, as a
    profile's field says it: in a rule's condition on a field of numbers (``power_ratio: {ge: ...}``), a
    float's range; on a field of whole numbers, a count of items (``size``), or anywhere else in the pack
    (``priority``), ``MOST_DIGITS`` digits (when written in digits alone)."""
    found: dict[str, Problem] = {}
    facts = fact_fields()

    def visit(value: Any, pointer: str, kind: str | None, in_when: bool) -> None:
        if value.__class__ is Overflowed:
            message, hint = number_too_large(
                describe(value), value < 0, None, None, exponent=read_as_float(value, kind or "integer")
            )
            found[pointer] = Problem(message, doc.locate(pointer), hint)
        elif isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    continue
                # in a condition, a number is compared with the field above it, or with a count of its items
                here = "integer" if in_when and key == "size" else kind
                if in_when and key in facts:
                    here = facts[key].kind
                visit(item, f"{pointer}/{pointer_token(key)}", here, in_when or key == "when")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                visit(item, f"{pointer}/{i}", kind, in_when)

    visit(doc.data, "", None, False)
    return found


def _numbers(data: Any, pointer: str) -> Iterator[tuple[str, float]]:
    """Every float in a condition, with its pointer."""
    if isinstance(data, float):
        yield pointer, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _numbers(value, f"{pointer}/{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _numbers(value, f"{pointer}/{i}")


#: What to do about an override or a disable in a pack that extends none: the likely slip
NO_BASE_HINT = "add 'extends: core' (or the pack this one builds on) beside 'pack:'"


def _id_problems(
    doc: Document,
    pointer: str,
    kind: str,
    ident: str,
    data: dict[str, Any],
    own: Any,
    base: Any,
    problems: list[Problem],
    first_at: dict[str, str],
    *,
    has_base: bool | None,
) -> bool:
    """Check an id against this pack's and the base pack's; True if the item must be skipped.

    ``first_at`` maps each id this pack has defined so far to its pointer: a second use names the first.
    ``has_base`` None: the pack names a base that could not be read, which an override may well replace.
    """
    if ident in own:
        first = replace(doc.locate(f"{first_at[ident]}/id"), pointer=None) if ident in first_at else None
        problems.append(
            Problem(
                f"{kind} id '{ident}' is used twice" + (f": also at {first}" if first else ""),
                doc.locate(f"{pointer}/id"),
                "give each its own id",
            )
        )
        return True
    if ident in base and not data.get("override"):
        problems.append(
            Problem(
                f"{kind} '{ident}' already exists in the base pack",
                doc.locate(f"{pointer}/id"),
                "add 'override: true' to replace it, or choose another id",
            )
        )
    if data.get("override") and ident not in base and has_base is not None:
        problems.append(
            Problem(
                f"{kind} '{ident}' overrides nothing: the base pack has no {kind} of that id"
                if has_base
                else f"{kind} '{ident}' overrides nothing: the pack extends no pack",
                doc.locate(f"{pointer}/override"),
                did_you_mean(ident, base) if has_base else NO_BASE_HINT,
            )
        )
    first_at[ident] = pointer
    return False


def _has_base(base: Pack | None, shape: _Shape) -> bool | None:
    """Whether the pack extends one, for ``_id_problems``: None where it names a base that could not be read."""
    return None if base is None and shape.base_unknown else base is not None


def _build(doc: Document, path: Path, base: Pack | None, shape: _Shape | None = None) -> Pack:
    shape = shape or _Shape([])
    data = doc.data
    name = data["pack"] if isinstance(data.get("pack"), str) else path.parent.name
    problems: list[Problem] = list(shape.problems)
    if base is not None and name in base.lineage:
        # Rules, lexicon entries and test coverage tell a pack's own items from its base's by the pack's
        # name: a pack named like one it extends would take the base's rules for its own.
        problems.append(
            Problem(
                f"pack '{name}' has the name of a pack it extends: its own rules could not be told from "
                "those it inherits",
                doc.locate("/pack"),
                f"give it a name of its own, e.g. 'my-{name}'",
            )
        )
    sources = dict(base.sources) if base else {}
    for key, value in _mapping(data.get("sources")).items():
        if not isinstance(value, dict):
            sources[key] = {}  # declared: citing it is no unknown source
            continue
        entry = dict(value)
        if isinstance(entry.get("file"), str):
            entry["path"] = str((path.parent / entry["file"]).resolve())
            if not Path(entry["path"]).is_file():
                problems.append(
                    Problem(
                        f"source file '{entry['file']}' not found beside the pack",
                        doc.locate(f"/sources/{key}/file"),
                        f"put the source's text in {display_path(Path(entry['path']))}, or fix the path",
                    )
                )
        sources[key] = entry

    def check_ref(src: dict[str, Any] | None, pointer: str) -> None:
        if shape.base_unknown:  # the base pack may declare it
            return
        if isinstance(src, dict) and isinstance(src.get("ref"), str) and src["ref"] not in sources:
            problems.append(
                Problem(
                    f"cites unknown source '{src['ref']}'",
                    doc.locate(f"{pointer}/ref"),
                    did_you_mean(src["ref"], sources) or "declare it under 'sources'",
                )
            )

    # ---- rules
    base_rules = {r.id: r for r in base.rules} if base else {}
    disable: dict[str, Disabled] = {}
    written: dict[str, Any] = {}  # each id disabled, as its first item writes it
    first_at: dict[str, str] = {}
    for where, rule_id, rationale, item in disable_items(data):
        if rule_id in written:
            if item != written[rule_id]:  # two items written alike are the schema's to report (uniqueItems)
                first = replace(doc.locate(first_at[rule_id]), pointer=None)
                problems.append(
                    Problem(f"disables '{rule_id}' twice: also at {first}", doc.locate(where), "list each rule once")
                )
            continue
        written[rule_id], first_at[rule_id] = item, where
        if rule_id not in base_rules:
            if shape.base_unknown:  # the base pack may have it
                continue
            problems.append(
                Problem(
                    f"disables '{rule_id}', which the base pack does not have"
                    if base
                    else "'disable' needs 'extends': there is no base pack",
                    doc.locate(where),
                    (did_you_mean(rule_id, base_rules) or _rules_listed(base)) if base else NO_BASE_HINT,
                )
            )
            continue  # it switches nothing off: no rationale is asked of it, no case is told it never fires
        disable[rule_id] = Disabled(name, rationale, doc.locate(where))
    disabled = set(disable)
    own: dict[str, Rule] = {}
    rules_at: dict[str, str] = {}  # rule id -> where this pack first defines it
    # findings concluded by rules left out (a duplicate id, an id the schema rejected): they still count as
    # concluded, so that a typo in one rule's id is not also reported at every rule testing its findings
    left_out: list[Conclusion] = []
    listed_rules = data.get("rules", [])
    if not isinstance(listed_rules, list) or not all(isinstance(r, dict) for r in listed_rules):
        shape.complete = False  # what the rules the schema rejected conclude is unknown
    for i, rdata in _items(data.get("rules")):
        pointer = f"/rules/{i}"
        rid = rdata.get("id")
        if not isinstance(rid, str) or _id_problems(
            doc, pointer, "rule", rid, rdata, own, base_rules, problems, rules_at, has_base=_has_base(base, shape)
        ):
            left_out.extend(_raw_conclusions(rdata.get("then"), shape))
            continue
        if rid in disabled:
            problems.append(Problem(f"rule '{rid}' is both disabled and redefined", doc.locate(f"{pointer}/id")))
        source = rdata.get("source") if isinstance(rdata.get("source"), dict) else None
        check_ref(source, f"{pointer}/source")
        if "when" in rdata and not shape.broken(f"{pointer}/when"):
            when = cond.parse(rdata["when"], f"{pointer}/when")
            for where, number in _numbers(rdata["when"], f"{pointer}/when"):
                if not math.isfinite(number):  # .inf, .nan (1e400: _too_large_numbers)
                    problems.append(Problem(f"expected a finite number, got {number}", doc.locate(where)))
        else:
            when = cond.All(())  # tests nothing: no check is told of tests the schema has not passed
        then: list[Conclusion | None]
        if shape.broken(f"{pointer}/then") or not isinstance(rdata.get("then"), list):
            then = [*_raw_conclusions(rdata.get("then"), shape)]
        else:
            then = [_conclusion(c, doc, f"{pointer}/then/{j}", problems) for j, c in enumerate(rdata["then"])]
        # An override states what it concludes, when, why and on what it rests (the schema requires them: they
        # are what the pack changes); it keeps the base rule's name and priority unless it gives its own, as
        # they say which rule it is and where it stands, not what it concludes.
        replaced = base_rules.get(rid) if rdata.get("override") is True else None
        priority = _whole(rdata.get("priority")) or 0
        rule_name = rdata.get("name") if isinstance(rdata.get("name"), str) else None
        if replaced is not None:
            priority = priority if "priority" in rdata else replaced.priority
            rule_name = rule_name if "name" in rdata else replaced.name
        own[rid] = Rule(
            id=rid,
            description=_text(rdata.get("description")),
            rationale=_text(rdata.get("rationale")),
            source=source_of(source, sources) or Source(),
            when=when,
            then=tuple(c for c in then if c is not None),
            priority=priority,
            pack=name,
            location=doc.locate(pointer),
            name=rule_name,
        )
    rules = [own.pop(r.id) if r.id in own else r for r in base_rules.values() if r.id not in disabled]
    rules.extend(own.values())

    # ---- lexicon
    lexicon: dict[str, LexiconEntry] = {e.id: e for e in base.lexicon} if base else {}
    own_lexicon: set[str] = set()
    lexicon_at: dict[str, str] = {}
    for i, ldata in _items(data.get("lexicon")):
        pointer = f"/lexicon/{i}"
        lid = ldata.get("id")
        if not isinstance(lid, str):
            continue
        if _id_problems(
            doc,
            pointer,
            "lexicon entry",
            lid,
            ldata,
            own_lexicon,
            lexicon,
            problems,
            lexicon_at,
            has_base=_has_base(base, shape),
        ):
            continue
        own_lexicon.add(lid)
        source = ldata.get("source") if isinstance(ldata.get("source"), dict) else None
        check_ref(source, f"{pointer}/source")
        lexicon[lid] = LexiconEntry(
            lid,
            _text(ldata.get("level")),
            _text(ldata.get("exact")),
            source_of(source, sources),
            ldata.get("note") if isinstance(ldata.get("note"), str) else None,
            name,
        )

    if shape.broken("/designations"):  # its own checks need every entry whole: the schema's errors come first
        grammar = base.grammar if base else Grammar()
    else:
        grammar = _grammar(
            doc,
            data.get("designations") or {},
            base.grammar if base else None,
            sources,
            name,
            problems,
            check_ref,
            has_base=_has_base(base, shape),
        )

    # ---- plain-English names of findings, departures from the source, test files
    finding_names = dict(base.finding_names) if base else {}
    for key, value in _mapping(data.get("findings")).items():
        if isinstance(value, dict):
            finding_names[key] = FindingName(_text(value.get("name")), _text(value.get("description")), name)
    departures = list(base.departures) if base else []
    departure_at: dict[str, str] = {}  # each departure id of this pack -> the pointer of its first item
    for i, ddata in _items(data.get("departures")):
        source = ddata.get("source") if isinstance(ddata.get("source"), dict) else None
        check_ref(source, f"/departures/{i}/source")
        ident = ddata.get("id")
        pointer = f"/departures/{i}"
        if isinstance(ident, str) and _id_problems(
            doc, pointer, "departure", ident, ddata, departure_at, {}, problems, departure_at, has_base=False
        ):  # a departure overrides nothing: only a second use of its id is checked
            continue
        departures.append(
            Departure(
                _text(ddata.get("id")), source_of(source, sources) or Source(), _text(ddata.get("decision")), name
            )
        )
    test_files: list[Path] = []
    listed_tests = data.get("tests", ["tests.yaml"])
    for i, rel in enumerate(listed_tests if isinstance(listed_tests, list) else []):
        if not isinstance(rel, str):
            continue
        candidate = path.parent / rel
        if candidate.is_file():
            test_files.append(candidate)
        elif "tests" in data:
            problems.append(
                Problem(f"test file '{rel}' not found beside the pack", doc.locate(f"/tests/{i}"), "fix the path")
            )

    limits = _mapping(data.get("limits"))
    max_firings = _whole(limits.get("max_firings"))
    pack = Pack(
        name=name,
        version=_text(data.get("version")),
        description=_text(data.get("description")),
        rules=tuple(rules),
        lexicon=tuple(lexicon.values()),
        sources=sources,
        grammar=grammar,
        finding_names=finding_names,
        departures=tuple(departures),
        test_files=tuple(test_files),
        max_firings=max_firings
        if isinstance(max_firings, int) and not shape.broken("/limits")
        else (base.max_firings if base else DEFAULT_MAX_FIRINGS),
        path=path,
        lineage=(name, *(base.lineage if base else ())),
        disabled={**(base.disabled if base else {}), **disable},
    )
    problems.extend(consistency_problems(pack, doc, base, also_concluded=left_out, complete=shape.complete))
    if problems:  # as a reader meets them in the pack's file (the schema's errors were found first), then elsewhere
        problems = in_rules(doc, problems)
        raise PartlyLoaded(
            sorted(problems, key=lambda p: (p.location.file != doc.file, reading_order(p))),
            pack,
            base_unknown=shape.base_unknown,
        )
    over = budget_problems(pack)  # only of a pack otherwise sound: a pack over budget is not linted further
    if over:
        raise PackError(in_rules(doc, over))
    return pack


def _grammar(
    doc: Document,
    data: dict[str, Any],
    base: Grammar | None,
    sources: dict[str, dict[str, Any]],
    name: str,
    problems: list[Problem],
    check_ref: Any,
    *,
    has_base: bool | None,
) -> Grammar:
    """The designation grammar: the base pack's, with this pack's entries added or overriding by id.

    Checks that no phrase has two roles, that every word can be read, and that
    the tier marks rungs and heads name are marks some tier word adds.
    """
    entries: dict[str, WordEntry] = {e.id: e for e in base.entries} if base else {}
    rungs: dict[str, Rung] = {r.id: r for r in base.rungs} if base else {}
    known_ids: dict[str, Any] = {**entries, **rungs}
    own: set[str] = set()
    where: dict[str, str] = {}  # entry id -> its pointer in this pack
    for role in ROLES:
        for i, edata in enumerate(data.get(role, [])):
            pointer = f"/designations/{role}/{i}"
            eid = edata["id"]
            if _id_problems(
                doc,
                pointer,
                "designation entry",
                eid,
                edata,
                own,
                known_ids,
                problems,
                where,
                has_base=has_base,
            ):
                continue
            own.add(eid)
            check_ref(edata.get("source"), f"{pointer}/source")
            rungs.pop(eid, None)
            entries[eid] = WordEntry(
                id=eid,
                role=role,
                words=tuple(edata["words"]),
                effect=edata["effect"],
                source=source_of(edata.get("source"), sources),
                claims=edata.get("claims"),
                mark=edata.get("mark"),
                slot=_whole(edata.get("slot")),
                after_head=edata.get("after_head", False),
                requires=tuple(edata.get("requires", ())),
                binding=edata.get("binding", False),
                link=edata.get("link", False),
                pack=name,
            )
    for i, rdata in enumerate(data.get("rungs", [])):
        pointer = f"/designations/rungs/{i}"
        rid = rdata["id"]
        if _id_problems(
            doc, pointer, "designation entry", rid, rdata, own, known_ids, problems, where, has_base=has_base
        ):
            continue
        own.add(rid)
        check_ref(rdata.get("source"), f"{pointer}/source")
        entries.pop(rid, None)
        rungs[rid] = Rung(
            rid,
            frozenset(rdata["marks"]),
            rdata["level"],
            rdata["effect"],
            source_of(rdata.get("source"), sources),
            name,
        )
    grammar = Grammar(tuple(entries.values()), tuple(rungs.values()))
    # every phrase has one role, and can be read
    seen: dict[tuple[str, ...], str] = {}
    for e in grammar.entries:
        for j, (words, phrase) in enumerate(zip(e.words, e.phrases, strict=True)):
            at = doc.locate(f"{where[e.id]}/words/{j}") if e.id in where else Location(name)
            if not phrase:
                problems.append(
                    Problem(f"'{words}' has no words a label could hold", at, "use letters, digits, ',' or ':'")
                )
            elif phrase in seen and (e.id in where or seen[phrase] in where):
                problems.append(
                    Problem(
                        f"the words '{' '.join(phrase)}' are in both '{seen[phrase]}' and '{e.id}'",
                        at if e.id in where else doc.locate(where[seen[phrase]]),
                        "give each phrase one role",
                    )
                )
            seen.setdefault(phrase, e.id)
    marks = {e.mark for e in grammar.entries if e.role == "tiers" and e.mark}
    if has_base is None:  # the base pack's tier words may add the marks named: none is reported missing
        marks |= {m for r in grammar.rungs for m in r.marks} | {m for e in grammar.entries for m in e.requires}
    by_marks: dict[frozenset[str], str] = {}
    for r in grammar.rungs:
        for m in sorted(r.marks - marks):
            problems.append(
                Problem(
                    f"rung '{r.id}' names the tier mark '{m}', which no tier word adds",
                    doc.locate(f"{where[r.id]}/marks") if r.id in where else Location(name),
                    did_you_mean(m, marks) or _add_mark(m, marks),
                )
            )
        if r.marks in by_marks and (r.id in where or by_marks[r.marks] in where):
            problems.append(
                Problem(
                    f"rungs '{by_marks[r.marks]}' and '{r.id}' list the same tier marks",
                    doc.locate(where.get(r.id, where.get(by_marks[r.marks], ""))),
                    "a combination of tier words claims one level",
                )
            )
        by_marks.setdefault(r.marks, r.id)
    for e in grammar.entries:
        for m in e.requires:
            if m not in marks and e.id in where:
                problems.append(
                    Problem(
                        f"head '{e.id}' requires the tier mark '{m}', which no tier word adds",
                        doc.locate(f"{where[e.id]}/requires"),
                        did_you_mean(m, marks) or _add_mark(m, marks),
                    )
                )
    return grammar


# --------------------------------------------------------------------------- bounds

#: The compilation budget. A pack that would compile to more than this is refused on load,
#: with the rule that goes over it: compiling it would take minutes or gigabytes.
MAX_VARIANTS_PER_RULE = 256  # experta rules one rule expands to (its 'any' of findings, multiplied out)
MAX_VARIANTS = 25_000  # experta rules for the whole pack, its base packs included
MAX_VALUE_CLASSES = 25_000  # classes of values of one field (about 2 per distinct number a pack tests)
MAX_SET_TESTS = 1_000  # distinct tests of one set field (each is evaluated on up to 4,096 member sets)


def budget_problems(pack: Pack) -> list[Problem]:
    """The rules that take the pack over its compilation budget, located (see MAX_VARIANTS...)."""
    problems: list[Problem] = []
    total = 0
    over_total = False
    specs = fact_fields()
    points: dict[str, set[Any]] = {}
    items: dict[str, set[Any]] = {}
    set_tests: dict[str, set[Any]] = {}
    over_field: set[str] = set()
    for rule in pack.rules:
        where = rule.location
        count = cond.variant_count(rule.when, MAX_VARIANTS_PER_RULE + 1)
        if count > MAX_VARIANTS_PER_RULE:
            problems.append(
                Problem(
                    f"rule '{rule.id}' expands to more than {MAX_VARIANTS_PER_RULE} experta rules "
                    "(each 'any' of findings under an 'all' multiplies them)",
                    where,
                    "split the rule, or conclude an intermediate finding for each 'any' and test that",
                )
            )
        total += min(count, MAX_VARIANTS_PER_RULE)
        if total > MAX_VARIANTS and not over_total:
            over_total = True
            problems.append(
                Problem(
                    f"the pack expands to more than {MAX_VARIANTS:,} experta rules by rule '{rule.id}'",
                    where,
                    "use fewer rules, or fewer 'any' of findings",
                )
            )
        for test in (n for n in cond.walk(rule.when) if isinstance(n, cond.FieldTest)):
            spec = specs[test.field]
            for op, arg in test.ops:
                if op == "known":
                    continue
                if spec.kind in ("integer", "number") and op in cond.COMPARISONS:
                    points.setdefault(test.field, set()).add(arg)
                elif spec.kind in ("integer", "number") and op == "in":
                    points.setdefault(test.field, set()).update(arg)
                elif spec.kind == "set":
                    set_tests.setdefault(test.field, set()).add((op, arg))
                    named = [arg] if op == "contains" else list(arg) if op != "size" else []
                    items.setdefault(test.field, set()).update(named)
            name = test.field
            if name in over_field:
                continue
            bound = cond.class_bound(spec, len(points.get(name, ())), len(items.get(name, ())))
            if bound > MAX_VALUE_CLASSES:
                over_field.add(name)
                problems.append(
                    Problem(
                        f"field '{name}' is split into more than {MAX_VALUE_CLASSES:,} classes of values "
                        f"by rule '{rule.id}' ({len(points[name]):,} distinct numbers tested)",
                        where,
                        "test fewer distinct thresholds (round them, or share them between rules)",
                    )
                )
            elif len(set_tests.get(name, ())) > MAX_SET_TESTS:
                over_field.add(name)
                problems.append(
                    Problem(
                        f"field '{name}' has more than {MAX_SET_TESTS:,} distinct tests by rule '{rule.id}'",
                        where,
                        "test fewer distinct combinations of items",
                    )
                )
    return problems


def consistency_problems(
    pack: Pack,
    doc: Document | None = None,
    base: Pack | None = None,
    *,
    also_concluded: Iterable[Conclusion] = (),
    complete: bool = True,
) -> list[Problem]:
    """Findings tested but never concluded; findings that depend on themselves.

    In an extending pack, a finding of the base pack that the extension stops
    concluding (by overriding or disabling its rule) is reported at that
    override or disable, in the extending pack's file. ``also_concluded`` are
    the conclusions of rules a load left out (a duplicate id); where the load
    cannot tell what some rule concludes (``complete`` False), findings tested
    but never concluded are not reported.
    """
    problems: list[Problem] = []
    concluded = set(pack.findings) | {c.value for c in also_concluded if c.kind == "finding"}
    own_file = doc.file if doc is not None else None
    if complete:
        problems.extend(_unconcluded(pack, doc, base, concluded))
    if doc is not None:
        for key in _mapping(doc.data.get("findings")):
            if key not in concluded and complete:
                problems.append(
                    Problem(
                        f"finding '{key}' is named, but no rule concludes it",
                        doc.locate(f"/findings/{key}"),
                        did_you_mean(key, concluded) or "remove the name, or add a rule that concludes it",
                    )
                )
    feeding = feeds_outputs(pack.rules)
    for rule in pack.rules:
        if rule.id not in feeding:
            continue
        for node in cond.walk(rule.when):
            if isinstance(node, cond.FieldTest) and any(op == "known" for op, _ in node.ops):
                own = rule.location.file == own_file and doc is not None
                where = doc.locate(node.pointer) if own and doc is not None else rule.location
                if not own and doc is not None:
                    # a base rule the base pack kept apart from its outputs: this pack's rules
                    # that depend on it are what made it feed one
                    users = [
                        r
                        for r in pack.rules
                        if r.location.file == own_file and rule.id in upstream(pack.rules, [r]) and r.id != rule.id
                    ]
                    if users:
                        where = users[0].location
                problems.append(
                    Problem(
                        f"rule '{rule.id}' tests whether '{node.field}' is known, and a level, risk or hedging depends on it",
                        where,
                        "'known' describes the input, not the relationship: use it only for findings that no "
                        "level, risk or hedging depends on (e.g. a data-gap finding)",
                    )
                )
    cycle = find_cycle(pack.rules)
    if cycle:
        names = " -> ".join(cycle)
        involved = [
            r for r in pack.rules if set(r.findings_concluded) & set(cycle) and set(r.findings_tested) & set(cycle)
        ]
        own_rules = [r for r in involved if r.location.file == own_file]
        where = (own_rules or involved or list(pack.rules))[0].location
        problems.append(
            Problem(
                f"findings depend on themselves ({names}), through rules {', '.join(r.id for r in involved)}: "
                "their rules could keep firing and their truth has no ground",
                where,
                "break the cycle: a rule may not test, directly or through other findings, a finding it concludes",
            )
        )
    return problems


@dataclass(frozen=True)
class _Taken:
    """Where an extending pack stopped a finding of its base pack being concluded, and how."""

    location: Location
    rule: str  # the base pack's rule that concluded it
    overridden: bool  # True: an override dropped it; False: the rule is disabled


def _unconcluded(pack: Pack, doc: Document | None, base: Pack | None, concluded: set[str]) -> list[Problem]:
    """Findings a rule tests that no rule concludes.

    A finding of the base pack that this pack's override or ``disable`` took
    away is reported once, at that override or disable, naming every base rule
    that tests it: the name is right, so the fix is to keep concluding it or to
    disable those rules too, not a did-you-mean.
    """
    problems: list[Problem] = []
    own_file = doc.file if doc is not None else None
    taken: dict[str, _Taken] = {}
    if base is not None and doc is not None:
        rules_now = {r.id: r for r in pack.rules}
        own_ids = {d["id"]: i for i, d in reversed(list(_items(doc.data.get("rules")))) if isinstance(d.get("id"), str)}
        disabled = {rule_id: where for where, rule_id, _, _ in reversed(list(disable_items(doc.data)))}
        for old in base.rules:
            for name in old.findings_concluded:
                if name in concluded or name in taken:
                    continue
                if old.id in rules_now and old.id in own_ids:
                    taken[name] = _Taken(doc.locate(f"/rules/{own_ids[old.id]}/then"), old.id, True)
                elif old.id in disabled:
                    taken[name] = _Taken(doc.locate(disabled[old.id]), old.id, False)
    testers: dict[str, list[Rule]] = {}  # a taken finding -> the base rules that test it
    for rule in pack.rules:
        for node in cond.walk(rule.when):
            if not (isinstance(node, cond.FindingRef) and node.name not in concluded):
                continue
            gone = taken.get(node.name)
            if rule.location.file == own_file and doc is not None:
                loc = doc.locate(node.pointer)
            elif gone is not None:
                if rule not in testers.setdefault(node.name, []):
                    testers[node.name].append(rule)
                continue
            else:
                loc = rule.location
            if gone is not None:
                hint = (
                    f"rule '{gone.rule}' concluded it until this pack overrode it: keep 'finding: {node.name}' in "
                    "the override's then, or change this rule"
                    if gone.overridden
                    else f"rule '{gone.rule}' concluded it until this pack disabled it: override it instead, "
                    "or change this rule"
                )
            else:
                hint = did_you_mean(node.name, concluded) or "add a rule that concludes it, or fix the name"
            problems.append(
                Problem(f"rule '{rule.id}' tests finding '{node.name}', which no rule concludes", loc, hint)
            )
    for name, rules in testers.items():
        gone = taken[name]
        packs = list(dict.fromkeys(r.pack for r in rules))
        names = ", ".join(f"'{r.id}'" for r in rules)
        whose = f" of pack '{packs[0]}'" if len(packs) == 1 else ""
        if len(rules) == 1:
            message = f"this stops finding '{name}' being concluded, but rule {names}{whose} tests it"
        else:
            message = f"this stops finding '{name}' being concluded, but rules {names}{whose} test it"
        keep = (
            f"keep 'finding: {name}' in the override's then"
            if gone.overridden
            else f"override rule '{gone.rule}' instead, with 'override: true' and 'finding: {name}' in its then"
        )
        also = ", ".join(r.id for r in rules)
        problems.append(Problem(message, gone.location, f"{keep}, or also disable the rules that test it: {also}"))
    return problems


def producers(rules: Iterable[Rule]) -> dict[str, list[Rule]]:
    """finding -> the rules that conclude it."""
    out: dict[str, list[Rule]] = {}
    for r in rules:
        for f in r.findings_concluded:
            out.setdefault(f, []).append(r)
    return out


def upstream(rules: Iterable[Rule], targets: Iterable[Rule]) -> set[str]:
    """Ids of the target rules and of every rule they depend on through findings."""
    made_by = producers(rules)
    stack = list(targets)
    seen: set[str] = set()
    while stack:
        r = stack.pop()
        if r.id not in seen:
            seen.add(r.id)
            for f in r.findings_tested:
                stack.extend(made_by.get(f, ()))
    return seen


def feeds_outputs(rules: Iterable[Rule]) -> set[str]:
    """Ids of the rules a level, a risk or hedging depends on, directly or through findings."""
    rules = list(rules)
    return upstream(rules, [r for r in rules if any(c.kind != "finding" for c in r.then)])


def finding_graph(rules: Iterable[Rule]) -> dict[str, set[str]]:
    """finding -> findings its concluding rules test."""
    graph: dict[str, set[str]] = {}
    for rule in rules:
        tested = set(rule.findings_tested)
        for f in rule.findings_concluded:
            graph.setdefault(f, set()).update(tested)
    return graph


def find_cycle(rules: Iterable[Rule]) -> list[str] | None:
    """A cycle of findings (the first met in name order), or None.

    Depth-first without recursion: a chain of thousands of findings is a valid
    pack, and must not exhaust Python's stack.
    """
    graph = finding_graph(rules)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(graph):
        if root in state:
            continue
        path: list[str] = [root]
        state[root] = 1
        todo: list[Iterator[str]] = [iter(sorted(graph.get(root, ())))]
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                todo.pop()
                state[path.pop()] = 2
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(sorted(graph.get(nxt, ()))))
    return None


def layers(rules: Iterable[Rule]) -> dict[str, int]:
    """Each rule's layer: 0 if it tests no finding, else one more than the deepest producer it waits on.

    Without recursion (see ``find_cycle``); findings that form a cycle raise ValueError.
    """
    rules = list(rules)
    made_by = producers(rules)
    below = {r.id: [p for f in r.findings_tested for p in made_by.get(f, ())] for r in rules}
    depth: dict[str, int] = {}
    for r in rules:
        stack = [r]
        entered: set[str] = set()  # rules waiting on the ones above them on the stack
        while stack:
            top = stack[-1]
            if top.id in depth:
                stack.pop()
                continue
            waiting = [p for p in below[top.id] if p.id not in depth]
            if waiting:
                if top.id in entered or any(p.id in entered for p in waiting):
                    raise ValueError(f"rule '{top.id}' depends on itself through findings")
                entered.add(top.id)
                stack.extend(waiting)
                continue
            stack.pop()
            entered.discard(top.id)
            depth[top.id] = 1 + max((depth[p.id] for p in below[top.id]), default=-1)
    return depth


def layered(rules: Iterable[Rule]) -> list[Rule]:
    """Rules layer by layer (every finding's concluding rules before its testers), in pack order within a layer."""
    rules = list(rules)
    depth = layers(rules)
    return sorted(rules, key=lambda r: depth[r.id])
