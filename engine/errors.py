"""One error hierarchy for everything a user can get wrong.

Every problem carries where it is (file, line, column, JSON pointer), what was
wrong, and where possible a suggestion. The CLI turns these into messages and
exit codes; the library only raises them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: any part may be unknown."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    #: the id of the pack's rule the place is inside (``/rules/17/then/0``), where its id is readable: a message
    #: names the rule by it, as its author knows it; the place is the same with it or without it
    rule: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        if self.file is None and self.line is None and self.pointer is None:
            return ""
        parts = []
        head = self.file or "<input>"
        if self.line is not None:
            head += f":{self.line}"
            if self.column is not None:
                head += f":{self.column}"
        parts.append(head)
        if self.pointer is not None:
            parts.append(visible(self.pointer) or "/")
        return ": ".join(parts)

    def said(self, message: str) -> str:
        """A message about what is at this place, led by the rule the place is inside ("in rule 'csp-coordination':
        ...") where it has one and the message does not name it as a rule already ("rule 'csp-coordination' can
        never fire", "rules 'a', 'csp-coordination' with errors"): a word that only reads like its id ("unknown
        operator 'gte'", in rule 'gte') names no rule."""
        if self.rule is None or re.search(rf"\brules? (?:id )?(?:'[^']*', )*'{re.escape(self.rule)}'", message):
            return message
        return f"in rule '{self.rule}': {message}"


@dataclass(frozen=True)
class Problem:
    """One located problem: what is wrong, and how to fix it if we can tell."""

    message: str
    location: Location = field(default_factory=Location)
    suggestion: str | None = None
    #: the library parameter that would settle it (e.g. ``input_format``); a front end names its own option
    option: str | None = None

    def __str__(self) -> str:
        where = str(self.location)
        message = self.location.said(self.message)
        text = f"{where}: {message}" if where else message
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    def under(self, prefix: str) -> Problem:
        """The same problem, its JSON pointer taken as relative to the value at prefix."""
        loc = self.location
        return Problem(
            self.message,
            Location(loc.file, loc.line, loc.column, prefix + (loc.pointer or ""), loc.rule),
            self.suggestion,
            self.option,
        )

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "pointer": loc.pointer,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def reading_order(problem: Problem) -> tuple[int, int, str]:
    """A sort key: problems as a reader meets them, by line, column, then pointer."""
    where = problem.location
    return where.line or 0, where.column or 0, where.pointer or ""


class AmityError(Exception):
    """Base of all errors amity reports to a user."""

    def __init__(self, problems: Problem | str | Sequence[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(AmityError):
    """A relationship profile or dataset is unreadable or does not fit the vocabulary."""


class UsageError(AmityError):
    """An option or argument is wrong."""


class PackError(AmityError):
    """A rule pack cannot be loaded: unknown, malformed or inconsistent."""


class PackNotFound(PackError):
    """The pack named does not exist; the user asked for something wrong."""


class NotAPack(PackNotFound):
    """What was given as a pack is another file (a profile, test cases, a table): the user asked for something
    wrong, as with a pack that does not exist."""


class CasesNotAPack(NotAPack):
    """A file of test cases given as a pack; ``pack`` is the pack the cases name (None: they name none), for a
    front end to say how to run them against it."""

    def __init__(self, problems: Problem | str | Sequence[Problem], pack: str | None = None) -> None:
        super().__init__(problems)
        self.pack = pack


class FiringLimitExceeded(PackError):
    """A pack's rules kept firing past the pack's firing bound."""


#: the kinds of character a reader cannot see (Unicode's general categories): controls (a tab, a line
#: break), format characters (a zero-width space, a byte-order mark, a direction mark), spaces other than
#: the plain one (a no-break space), the line and paragraph separators, and the halves of a surrogate pair
_UNSEEN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cs"})
#: what a message calls a character, where Unicode's name says less than a reader would (or, a control's, nothing)
_CALLED = {"\t": "tab", "\n": "line break", "\r": "carriage return", "\ufeff": "byte-order mark"}
_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"}


def unseen(char: str) -> bool:
    """Whether a character shows nothing a reader could tell from a space, or from nothing at all."""
    return char != " " and unicodedata.category(char) in _UNSEEN


def visible(text: str) -> str:
    """Text as a message quotes it: each character that cannot be seen escaped as JSON and YAML's
    double quotes write it (a tab as \\t, a no-break space as \\u00a0), and then a backslash doubled,
    so that 'as_of\\t' does not pass for 'as_of'; text with no such character is unchanged."""
    if text.isprintable() or not any(map(unseen, text)):  # the first, at C speed: the common case
        return text
    return "".join(_ESCAPES.get(c) or (_escape(c) if unseen(c) else c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _called(char: str) -> str:
    return _CALLED.get(char) or unicodedata.name(char, f"character U+{ord(char):04X}").lower()


def _unseen_in(text: str) -> str:
    """Where the characters a reader cannot see stand in text, in words: 'a tab at its end', 'a zero width
    space inside it', '2 spaces at its start and a tab at its end' (plain spaces count at its ends)."""

    def blank(c: str) -> bool:
        return c == " " or unseen(c)

    start = next((i for i, c in enumerate(text) if not blank(c)), len(text))
    end = max(start, next((i for i in range(len(text), 0, -1) if not blank(text[i - 1])), 0))
    said = []
    for chars, where in (
        (text[:start], "at its start"),
        ([c for c in text[start:end] if unseen(c)], "inside it"),
        (text[end:], "at its end"),
    ):
        names = [_called(c) for c in chars]
        if names:
            counted = [f"{names.count(n)} {n}s" if names.count(n) > 1 else _a(n) for n in dict.fromkeys(names)]
            said.append(f"{' and '.join(counted)} {where}")
    return " and ".join(said)


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def did_you_mean(word: object, choices: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a misspelled name or value, or None.

    A word that holds characters a reader cannot see (a tab, a no-break space, a zero-width space) is
    matched without them, and the hint says what it has that the name has not: quoted, 'as_of\\t' and
    'as_of' would otherwise look the same.
    """
    close = meant_name(word, choices)
    return meant(close, word) if close and isinstance(word, str) else None


def meant_name(word: object, choices: Iterable[str]) -> str | None:
    """The choice a misspelled WORD most likely means, as ``did_you_mean`` suggests it (matched without the
    characters a reader cannot see first), or None."""
    if not isinstance(word, str):
        return None
    choices = list(choices)
    return closest(without_unseen(word), choices) or closest(word, choices)


def meant(close: str, word: str) -> str:
    """'did you mean CLOSE?', and what the WORD written has that cannot be seen in it, if it has any: 'did
    you mean 'as_of'? 'as_of\\t' has a tab at its end'."""
    if without_unseen(word) == word:
        return f"did you mean '{close}'?"
    return f"did you mean '{close}'? '{visible(word)}' has {_unseen_in(word)}"


def without_unseen(text: str) -> str:
    """Text without the characters a reader cannot see, and without spaces at its ends."""
    return "".join(c for c in text if not unseen(c)).strip(" ")


def closest(word: object, choices: Iterable[str]) -> str | None:
    """The choice a misspelled or cut-short WORD most likely means, or None when none is likely.

    The same name in other letter case first; then the one choice that the word starts ('tech' for
    technology), before any likeness of spelling: a short word is 'like' many longer names ('econ' and
    education share most of its letters), and a word cut short means the name it starts. A likeness of
    spelling counts only between words of about the same length (a slip drops or swaps a letter or two,
    not half the word) or with a name that has the word in it ('treaty': signed treaty), so a word that
    starts no choice gets no suggestion rather than a misleading one.
    """
    if not isinstance(word, str):
        return None
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    low = word.lower()
    if low in lowered and lowered[low] != word:
        return lowered[low]
    if len(word) >= 3:  # a word cut short ('tech'), when it starts one choice only
        starting = [c for c in choices if c.lower().startswith(low)]
        if len(starting) == 1:
            return starting[0]
    words = set(re.split(r"[\s_-]+", low))
    reordered = [c for c in choices if len(words) > 1 and set(re.split(r"[\s_-]+", c.lower())) == words]
    if len(reordered) == 1:  # the same words in another order ('rival-ties-hedging': hedging-rival-ties)
        return reordered[0]
    near = [  # about as long, or a name with the word in it ('treaty': signed treaty)
        c
        for c in choices
        if abs(len(c) - len(word)) <= max(2, len(word) // 3) or words <= set(re.split(r"[\s_-]+", c.lower()))
    ]
    import difflib  # here: not at every start (bench/README.md, "Start-up")

    close = difflib.get_close_matches(word, near, n=1, cutoff=0.6)
    if not close:
        close = [lowered[c] for c in difflib.get_close_matches(low, [c.lower() for c in near], n=1, cutoff=0.6)]
    return close[0] if close else None
