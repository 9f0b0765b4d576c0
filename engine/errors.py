"""One error hierarchy for everything a user can get wrong.

Every problem carries where it is (file, line, column, JSON pointer), what was
wrong, and where possible a suggestion. The CLI turns these into messages and
exit codes; the library only raises them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: any part may be unknown."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None

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
            parts.append(self.pointer or "/")
        return ": ".join(parts)


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
        text = f"{where}: {self.message}" if where else self.message
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    def under(self, prefix: str) -> Problem:
        """The same problem, its JSON pointer taken as relative to the value at prefix."""
        loc = self.location
        return Problem(
            self.message,
            Location(loc.file, loc.line, loc.column, prefix + (loc.pointer or "")),
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


class FiringLimitExceeded(PackError):
    """A pack's rules kept firing past the pack's firing bound."""


def did_you_mean(word: object, choices: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a misspelled name or value, or None."""
    close = closest(word, choices)
    return f"did you mean '{close}'?" if close else None


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
    close = difflib.get_close_matches(word, near, n=1, cutoff=0.6)
    if not close:
        close = [lowered[c] for c in difflib.get_close_matches(low, [c.lower() for c in near], n=1, cutoff=0.6)]
    return close[0] if close else None
