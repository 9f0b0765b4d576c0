"""What the text and markdown reporters share: names, values, and the derivation tree."""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable, Iterable
from typing import Any, Literal

from amity.engine.assessment import Assessment
from amity.engine.levels import LEVEL_NAMES
from amity.engine.markup import md_code, md_text  # pack doc writes the same Markdown
from amity.engine.plain import plural  # the engine's reports (pack doc) agree counts with the same words

__all__ = ["LEVEL_NAMES", "either", "md_code", "md_text", "plural", "show", "terminal_safe", "title"]


def show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]" if value else "[]"
    if value is None:
        return "unknown"
    return str(value)


def title(a: Assessment) -> str:
    name = "–".join(a.parties)
    extra = []
    if a.id:
        extra.append(a.id)
    if a.as_of:
        extra.append(f"as of {a.as_of}")
    return name + (f" ({', '.join(extra)})" if extra else "")


def either(values: Iterable[Any], name: dict[str, str] | None = None) -> str:
    shown = [name.get(v, v) if name else show(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


_CONTROLS = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI: ESC [ parameters intermediates final
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # the one-character CSI
    r"|[\x1b\x9d][\]P^_X][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, PM, APC, SOS strings
    r"|\x1b[ -~]?"  # ESC and one character (ESC 7, ESC c, ...)
    r"|[\x00-\x09\x0b-\x1f\x7f-\x9f]"  # any other control
)


def terminal_safe(text: str) -> str:
    """Text a terminal shows as it is: control sequences and characters (but newlines) removed."""
    return _CONTROLS.sub("", text)


def terminal_width() -> int | None:
    """The width to wrap to when standard output is a terminal (one column short of it, so that a full line
    does not make the terminal add one more); None for a pipe or a file, which get the lines whole."""
    if sys.stdout is None or not sys.stdout.isatty():
        return None
    import shutil  # here: not at every start (bench/README.md, "Start-up")

    return max(shutil.get_terminal_size().columns - 1, 20)


def fit(text: str, width: int | None) -> str:
    """TEXT with each line wrapped at spaces to WIDTH (None: as it is): a line goes on under its own text,
    two columns in, and items set apart by three spaces (a menu's choices) stay whole where they fit.

    A narrow terminal otherwise cuts the lines wherever the width falls, words in half."""
    if width is None:
        return text
    return "\n".join(out for line in text.split("\n") for out in _fit_line(line, width))


def fitting_echo(
    echo: Callable[[str], None], width: int | Literal["terminal"] | None = "terminal"
) -> Callable[[str], None]:
    """An echo that wraps its text (see ``fit``) to WIDTH: by default the terminal's width at the time of each
    line (a pipe gets it whole); or a number of columns, the same for every line (None: the lines whole)."""

    def shown(text: str) -> None:
        echo(fit(text, terminal_width() if width == "terminal" else width))

    return shown


#: The columns a wrapped prompt leaves free after it on its last line, for the answer: readline scrolls a
#: line that has none sideways (a '<' at its start, the prompt's words cut)
ROOM = 12


def fitting_read(read: Callable[[str], str], echo: Callable[[str], None]) -> Callable[[str], str]:
    """A line reader whose prompt is wrapped as ``fitting_echo`` wraps text: the lines before the last are
    shown with ECHO and the last one is the prompt itself, the answer typed after it.

    A prompt wider than a narrow terminal ran past its edge (readline scrolled it sideways, words cut)."""

    def asked(prompt: str) -> str:
        width = terminal_width()
        *head, last = fit(prompt, width).split("\n")
        if width is not None and len(last) > width - ROOM:  # no room left to type on the prompt's line
            hang = last[: len(last) - len(last.lstrip(" "))]
            *more, last = textwrap.wrap(last.lstrip(), width - ROOM, initial_indent=hang, subsequent_indent=hang) or [
                last
            ]
            head += more
        for line in head:
            echo(line)
        return read(last if last.endswith(" ") or not prompt.endswith(" ") else last + " ")

    return asked


def table(rows: Iterable[tuple[str, str]], width: int | None, column: int | None = None) -> str:
    """Rows of a term and what it does, two columns in, each description starting at COLUMN (by default three
    spaces past the longest term); a description too long for WIDTH goes on under itself (None: lines whole).
    ``fit`` sets what does not fit on lines of its own under the term, and the column is lost: help at a
    terminal of 80 columns put half its descriptions under their command, one cut after 'label'."""
    rows = list(rows)
    at = column if column is not None else 2 + max(len(term) for term, _ in rows) + 3
    lines: list[str] = []
    for term, text in rows:
        head = f"  {term}".ljust(at)
        if width is None or len(head) + len(text) <= width or width - len(head) < 20:
            lines.append(head + text)  # whole, or too narrow a terminal for a column: fit wraps it
            continue
        lines += textwrap.wrap(text, width, initial_indent=head, subsequent_indent=" " * at, break_on_hyphens=False)
    return "\n".join(lines)


def _fit_line(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    indent = len(line) - len(line.lstrip(" "))
    hang = " " * min(indent + 2, width // 2)
    lines: list[str] = []
    current = line[:indent]
    for item in re.split(r" {3,}", line[indent:]):
        if current.strip() and len(current) + 3 + len(item) <= width:
            current += "   " + item
            continue
        if current.strip():
            lines.append(current)
            current = hang
        pieces = textwrap.wrap(
            item, width=width, initial_indent=current, subsequent_indent=hang, break_on_hyphens=False
        ) or [current]
        lines += pieces[:-1]
        current = pieces[-1]
    return [*lines, current]


def safe_echo(echo: Callable[[str], None]) -> Callable[[str], None]:
    """An echo that shows text as it is: what a trainee typed comes back in messages ("'x' is not a
    number"), and scenario files, answers and names may hold escape sequences or control characters,
    which a terminal must not run."""

    def shown(text: str) -> None:
        echo(terminal_safe(text))

    return shown
