"""Reading YAML and JSON while remembering where every value stands.

Errors found later (schema violations, unknown values) are reported with the
line and column of the value they concern, looked up by JSON pointer.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

from .errors import InputError, Location, Problem, visible

#: the JSON string scanner the standard library's decoder uses (untyped in typeshed)
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def pointer_join(pointer: str, key: object) -> str:
    """Extend a JSON pointer by one reference token (RFC 6901 escaping)."""
    token = str(key).replace("~", "~0").replace("/", "~1")
    return f"{pointer}/{token}"


def pointer_token(token: str) -> str:
    """A JSON pointer's reference token as the key it names (RFC 6901 unescaping)."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer_within(pointer: str, at: str) -> bool:
    """Whether pointer names the value at ``at`` or one inside it."""
    return pointer == at or pointer.startswith(at + "/")


def pointer_of(path: Any) -> str:
    """The JSON pointer of a jsonschema-style path (a sequence of keys)."""
    pointer = ""
    for key in path:
        pointer = pointer_join(pointer, key)
    return pointer


#: how an input writes a value (``Document.syntax``)
Syntax = Literal["yaml", "json", "cell"]


@dataclass
class Document:
    """Parsed data with the position of each value and each mapping key."""

    data: Any
    file: str | None = None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0
    #: how the text the data was read from writes a value, so that a suggestion is written as the input
    #: writes it: ``yaml`` (``[trade, energy]``), ``json`` (``["trade", "energy"]``: JSON, JSON Lines, and
    #: Python's own dicts and lists) or ``cell`` (a table's cell: ``trade;energy``)
    syntax: Syntax = "yaml"

    def locate(self, pointer: str, *, key: bool = False) -> Location:
        """Where the value (or, with key=True, the key) at pointer stands.

        Falls back to the nearest enclosing value that has a position.
        """
        table = self.key_positions if key else self.positions
        probe = pointer
        while True:
            pos = table.get(probe) or self.positions.get(probe)
            if pos is not None:
                return Location(self.file, pos[0] + self.line_offset, pos[1], pointer)
            if not probe:
                return Location(self.file, None, None, pointer)
            probe = probe.rsplit("/", 1)[0]

    def sub(self, pointer: str) -> Document:
        """The part of this document at pointer, keeping absolute positions."""
        data = self.data
        for token in map(pointer_token, pointer.split("/")[1:]):
            data = data[int(token)] if isinstance(data, list) else data[token]
        n = len(pointer)

        def rebase(table: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
            return {p[n:]: pos for p, pos in table.items() if pointer_within(p, pointer)}

        positions, keys = rebase(self.positions), rebase(self.key_positions)
        return Document(data, self.file, positions, keys, self.line_offset, self.syntax)

    def parts(self) -> list[Document]:
        """The items of a list document as documents, keeping absolute positions.

        One pass over the position tables for all items (``sub`` per item would
        scan them once per item).
        """
        if not isinstance(self.data, list):
            raise TypeError("parts() needs a document holding a list")
        tables: list[tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]] = [({}, {}) for _ in self.data]
        for which, table in ((0, self.positions), (1, self.key_positions)):
            for pointer, pos in table.items():
                head, _, _ = pointer[1:].partition("/")
                if not head:
                    continue
                tables[int(head)][which][pointer[1 + len(head) :]] = pos
        return [
            Document(item, self.file, positions, keys, self.line_offset, self.syntax)
            for item, (positions, keys) in zip(self.data, tables, strict=True)
        ]


# --------------------------------------------------------------------------- YAML
#
# Reading YAML needs PyYAML, which takes longer to import than the rest of a run's start-up: ``yaml_text`` holds
# that part, imported the first time a text is read as YAML.


@cache
def not_yaml() -> re.Pattern[str]:
    """The characters YAML does not allow in a stream (the same set as libyaml's reader).

    Compiled when first asked for: a class this wide takes as long to compile as some whole modules take to import.
    """
    return re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def parse_yaml(text: str, file: str | None = None, *, long_numbers: bool = False) -> Document:
    """Parse YAML text (one document, YAML 1.2 core schema) into a Document; malformed text raises InputError.

    With ``long_numbers``, a whole number of more digits than Python reads is kept as written
    (``Overflowed``) for the check of its field to say (a profile's, or the one a pack's condition
    compares it with), as JSON's is; else it is a problem here.
    """
    from .yaml_text import parse_yaml as parse

    return parse(text, file, long_numbers=long_numbers)


class PartlyRead(InputError):
    """A YAML text whose only problems are keys repeated in a mapping: ``document`` holds its data, each mapping
    with the first value of a repeated key, for a caller that checks the rest and reports every problem at once."""

    def __init__(self, problems: list[Problem], document: Document) -> None:
        super().__init__(problems)
        self.document = document


def parse_yaml_read_on(
    text: str, file: str | None = None, *, long_numbers: bool = False
) -> tuple[Document, list[Problem]]:
    """``parse_yaml``, reading on past a key repeated in a mapping (the first value kept): the document and
    the problems of its repeated keys. Any other problem of the text raises InputError, as in ``parse_yaml``."""
    try:
        return parse_yaml(text, file, long_numbers=long_numbers), []
    except PartlyRead as exc:
        return exc.document, list(exc.problems)


#: a control character but a tab and a line break: no text of a profile or of a pack holds one (a NUL
#: ends a C string; an escape sequence acts in a terminal)
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, decoded with surrogateescape


#: The most digits a whole number may have: Python's default limit on reading an int from text, for every format.
MOST_DIGITS = 4_300


class AsWritten(float):
    """A number whose float is not what the file says, shown as written, so that a message quotes the
    file, never what Python made of it (``inf``, ``0.0``)."""

    text: str

    def __new__(cls, text: str) -> AsWritten:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__

    def __reduce__(self) -> tuple[type[AsWritten], tuple[str]]:  # rows cross to worker processes
        return self.__class__, (self.text,)


class Overflowed(AsWritten):
    """A number beyond a float's range (``1e400``, ``-1e400``), or a whole number of more digits than
    Python reads (``MOST_DIGITS``): infinite in value."""


class Underflowed(AsWritten):
    """A number other than zero too close to zero for a float (``1e-400``): zero in value."""


class WithExponent(AsWritten):
    """A whole number written with an exponent (``1E1``, ``1.5e2``): the float it is, shown as Python
    shows it, in a field of numbers; a field of whole numbers refuses it (amity does not guess that
    1E1 meant 10), saying its digits. Its text is kept for that message."""

    __str__ = float.__repr__
    __repr__ = float.__repr__


class KeyAsWritten(str):
    """A mapping key that YAML reads as something other than text (a number, true or false, null), kept as
    the file writes it: ``0x10``, not 16. Every key amity reads names a field or an entry, so no such key is
    one it knows; a message quotes it as written and says what YAML took it for (``taken_for``)."""

    taken_for: str

    def __new__(cls, text: str, taken_for: str) -> KeyAsWritten:
        key = super().__new__(cls, text)
        key.taken_for = taken_for
        return key

    def __reduce__(self) -> tuple[type[KeyAsWritten], tuple[str, str]]:  # rows cross to worker processes
        return self.__class__, (str(self), self.taken_for)


#: the problem of a key that is a list or a mapping (``? [a, b]``): located at its mapping, having no name
COMPOSITE_KEY = "a mapping key must be a name (text), not a list or a mapping"


_NONZERO_MANTISSA = re.compile(r"[-+]?0*\.?0*[1-9]")


def read_float(text: str) -> float:
    """A number written with a fraction or an exponent (JSON's ``parse_float``, YAML's floats, a CSV
    cell's): one beyond a float's range is ``Overflowed``, one too close to zero ``Underflowed``, a
    whole one written with an exponent ``WithExponent``."""
    number = float(text)
    if number - number != 0.0:
        return Overflowed(text)
    if number == 0.0 and _NONZERO_MANTISSA.match(text):
        return Underflowed(text)
    if ("e" in text or "E" in text) and number.is_integer():
        return WithExponent(text)
    return number


def read_int(text: str) -> int | float:
    """A whole number written in decimal digits (JSON's ``parse_int``, YAML's ints): one of more digits
    than Python reads is kept as written (``Overflowed``), for the check of its field to say (a field of
    numbers holds a float's range, one of whole numbers ``MOST_DIGITS`` digits), not refused with the
    whole file or row."""
    try:
        return int(text)
    except ValueError:  # too many digits (the only other cause, a text that is no number, is not given here)
        digits = text.lstrip("+-")
        significant = digits.lstrip("0") or "0"
        if significant != digits:  # leading zeros may have made it long
            return read_int(text[: len(text) - len(digits)] + significant)
        return Overflowed(text)


_LINE_ENDS = ("\n", "\r", "\x85", "\u2028", "\u2029")  # YAML's, as str.splitlines finds them in YAML text


def control_character(char: str, where: Location) -> Problem:
    return Problem(
        f"a control character (U+{ord(char):04X}) is not allowed in YAML",
        where,
        'remove it, or write it as an escape ("\\x00") in a double-quoted string',
    )


# --------------------------------------------------------------------------- JSON


class CommaBeforeEnd(InputError):
    """A ',' after the last item of a JSON list that ends the input: every item was read before it."""


class RepeatedKey(ValueError):
    """A JSON object repeats a key (the located reader says where)."""


def unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An ``object_pairs_hook`` for json that refuses repeated keys."""
    result = dict(pairs)
    if len(result) != len(pairs):
        raise RepeatedKey("a repeated key")
    return result


def json_decoder(*, unique: bool, long_ints: bool = True) -> json.JSONDecoder:
    """A JSON decoder reading numbers as amity does (``read_int``, ``read_float``); with ``unique``, an
    object that repeats a key raises ``RepeatedKey``. Without ``long_ints``, a whole number of more digits
    than Python reads raises ValueError, and every other is read with no call of ours (for a caller that
    reads such a text again with a decoder that keeps it)."""
    numbers: dict[str, Any] = {"parse_float": read_float} | ({"parse_int": read_int} if long_ints else {})
    if unique:
        return json.JSONDecoder(object_pairs_hook=unique_pairs, **numbers)
    return json.JSONDecoder(**numbers)


_decoder = json_decoder(unique=False)
_JSON_VALUE_STARTS = frozenset('{["-0123456789tfn')  # what a JSON value starts with
_WS = " \t\n\r"


#: the json module's messages, in words that say what is wrong, with what to do
_JSON_WORDS: dict[str, tuple[str, str | None]] = {
    "Unterminated string starting at": ("a string that is never closed", 'close it with a double quote (")'),
    "Expecting value": (
        "expected a value",
        "a value is text in double quotes, a number, true, false, null, a list [...] or an object {...}",
    ),
    "Expecting property name enclosed in double quotes": (
        "expected a key in double quotes",
        'write each key in double quotes ("legal_basis"), with no comma after the last item',
    ),
    "Expecting ':' delimiter": ("expected ':' after the key", 'write "key": value'),
    "Expecting ',' delimiter": (
        "expected ',' between two items, or the end of the list or object",
        "check for a missing comma or a bracket left open",
    ),
    "Invalid control character at": (
        "a control character (a tab or a line break) inside a string",
        "write it as an escape (\\t, \\n), or close the string before the line ends",
    ),
    "Invalid \\escape": ("a backslash escape JSON does not have", "write \\\\ for a backslash"),
    "Invalid \\uXXXX escape": ("a \\u escape without four hexadecimal digits", None),
}


def nested_too_deeply(where: Location) -> Problem:
    """The problem of a value nested more deeply than the reader goes (hundreds of levels of lists and mappings),
    placed at the item or field it is in: a bracket opened and never closed, most often."""
    return Problem(
        "nested too deeply: more levels of lists and mappings than amity reads",
        where,
        "check that every bracket opened is closed: what amity reads nests a few levels, not hundreds",
    )


def json_error(message: str, where: Location, char: str | None = None) -> InputError:
    """Malformed JSON at ``where``: the json module's message (or amity's own) in words, with a suggestion;
    ``char``: the character there."""
    words, suggestion = _JSON_WORDS.get(message, (message, None))
    if message == "Invalid control character at" and char is not None and char not in "\t\n\r":
        words = f"a control character (U+{ord(char):04X}) inside a string"  # a NUL, an ESC: not a tab or a break
        suggestion = f"remove it, or write it as an escape (\\u{ord(char):04x})"
    elif char == "'" and message in ("expected a string key in double quotes", "Expecting value"):
        suggestion = (
            "JSON quotes text with \", not ' (a Python dict printed with str() is not JSON: write it with json.dumps)"
        )
    elif char == "," and message == "extra data after the value":  # list items pasted as JSON Lines
        words, suggestion = (
            "a ',' after the value",
            "remove it: JSON Lines has one value on each line, no ',' between them",
        )
    return InputError(Problem(f"malformed JSON: {words}", where, suggestion))


def still_open(text: str) -> str | None:
    """What JSON text cut short lacks at its end: the ']' and '}' of the lists and objects it leaves open,
    innermost first (']}'); None inside a string, where what was cut cannot be told, or when nothing is open."""
    closers: list[str] = []
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            closers.append("]" if char == "[" else "}")
        elif char in "]}" and closers:
            closers.pop()
    return None if in_string or not closers else "".join(reversed(closers))


def cut_short(error: InputError, text: str) -> InputError:
    """The error of JSON text that ends where it fails, told what it lacks when it ends inside a value (a line or
    a file cut short, most often): the closers ``still_open`` finds in ``text``, all of it from the top."""
    closers = still_open(text)
    if not closers:
        return error
    (said,) = error.problems
    hint = f"it ends before it is closed, '{closers}' still to write: was it cut short?"
    return InputError(Problem(said.message, said.location, hint))


def comma_before_end(where: Location, end: str) -> Problem:
    """The problem of a ',' after the last item of a list (``end`` is ']') or the last field of an object ('}')."""
    what = "item of the list" if end == "]" else "field of the object"
    return Problem(f"malformed JSON: a ',' after the last {what}", where, f"remove it: JSON has no ',' before '{end}'")


def comma_before(text: str, pos: int) -> int | None:
    """The index of a ',' after an item that the '}' or ']' at pos follows (blank space between), or that is
    at pos with a '}' or ']' after it (where a later Python's json places the error), if there is one."""
    if text[pos : pos + 1] == ",":
        comma = pos
        if text[pos + 1 :].lstrip()[:1] not in ("}", "]"):
            return None
    elif text[pos : pos + 1] in ("}", "]"):
        comma = len(text[:pos].rstrip()) - 1
        if text[comma : comma + 1] != ",":
            return None
    else:
        return None
    # after an item, not in place of one ('[,]' lacks a value)
    return comma if text[:comma].rstrip()[-1:] not in ("[", "{", ",", "") else None


def line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class _JsonScanner:
    """A small recursive JSON reader that records where each value starts."""

    def __init__(self, text: str, file: str | None, line_offset: int = 0, column_offset: int = 0) -> None:
        self.text = text
        self.file = file
        self.line_offset = line_offset
        self.column_offset = column_offset
        self.positions: dict[str, tuple[int, int]] = {}
        self.key_positions: dict[str, tuple[int, int]] = {}
        self._cursor = (0, 1, 0)  # an index, its line, and where that line starts

    def where(self, index: int) -> tuple[int, int]:
        """Line and column of index in the text, columns on its first line shifted by column_offset.

        The reader asks in increasing order, so the count of lines goes on from
        the last answer: linear in the text, not quadratic.
        """
        at, line, start = self._cursor
        if index < at:
            at, line, start = 0, 1, 0
        newlines = self.text.count("\n", at, index)
        if newlines:
            line += newlines
            start = self.text.rfind("\n", at, index) + 1
        self._cursor = (index, line, start)
        col = index - start + 1
        return line, col + self.column_offset if line == 1 else col

    def deepest_start(self) -> Location:
        """Where the top-level item (of a list) or field (of a mapping) read last starts, with its pointer: the one
        a value too deep to read is in (every value's start is kept as it is met, outer ones first)."""
        pointer = next((p for p in reversed(self.positions) if p.count("/") == 1), "")
        line, column = self.positions.get(pointer, (1, 1))
        return Location(self.file, line + self.line_offset, column, pointer)

    def fail(self, message: str, index: int) -> InputError:
        line, col = self.where(index)
        char = self.text[index] if index < len(self.text) else None
        error = json_error(message, Location(self.file, line + self.line_offset, col), char)
        return cut_short(error, self.text) if char is None else error

    def no_comma_before_end(self, comma: int, end: str) -> None:
        """Raise the problem of a ',' (at index comma) that the end of its list or object follows."""
        after = self.skip(comma + 1)
        if after < len(self.text) and self.text[after] == end:
            line, col = self.where(comma)
            raise InputError(comma_before_end(Location(self.file, line + self.line_offset, col), end))

    def skip(self, i: int) -> int:
        text = self.text
        while i < len(text) and text[i] in _WS:
            i += 1
        return i

    def value(self, i: int, pointer: str) -> tuple[Any, int]:
        text = self.text
        i = self.skip(i)
        if i >= len(text):
            raise self.fail("unexpected end of input, expected a value", i)
        self.positions[pointer] = self.where(i)
        char = text[i]
        if char == "{":
            result: dict[str, Any] = {}
            i = self.skip(i + 1)
            if i < len(text) and text[i] == "}":
                return result, i + 1
            while True:
                i = self.skip(i)
                if i >= len(text) or text[i] != '"':
                    raise self.fail("expected a string key in double quotes", i)
                key_at = i
                try:
                    key, i = _scanstring(text, i + 1)
                except json.JSONDecodeError as exc:
                    raise self.fail(exc.msg, exc.pos) from None
                child = pointer_join(pointer, key)
                if key in result:
                    line, col = self.where(key_at)
                    line += self.line_offset
                    raise InputError(
                        Problem(
                            f"duplicate key '{visible(key)}'", Location(self.file, line, col, child), "keep one of them"
                        )
                    )
                self.key_positions[child] = self.where(key_at)
                i = self.skip(i)
                if i >= len(text) or text[i] != ":":
                    raise self.fail("expected ':' after a key", i)
                result[key], i = self.value(i + 1, child)
                i = self.skip(i)
                if i < len(text) and text[i] == ",":
                    self.no_comma_before_end(i, "}")
                    i += 1
                    continue
                if i < len(text) and text[i] == "}":
                    return result, i + 1
                raise self.fail("expected ',' or '}'", i)
        if char == "[":
            items: list[Any] = []
            i = self.skip(i + 1)
            if i < len(text) and text[i] == "]":
                return items, i + 1
            while True:
                item, i = self.value(i, pointer_join(pointer, len(items)))
                items.append(item)
                i = self.skip(i)
                if i < len(text) and text[i] == ",":
                    self.no_comma_before_end(i, "]")
                    i += 1
                    continue
                if i < len(text) and text[i] == "]":
                    return items, i + 1
                raise self.fail("expected ',' or ']'", i)
        try:
            return _decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise self.fail(exc.msg, exc.pos) from None


def parse_json(text: str, file: str | None = None, line_offset: int = 0, column_offset: int = 0) -> Document:
    """Parse JSON text into a Document; malformed text raises InputError.

    ``line_offset`` and ``column_offset`` place the text inside a larger file.
    """
    scanner = _JsonScanner(text, file, line_offset, column_offset)
    try:
        data, end = scanner.value(0, "")
    except RecursionError:
        raise InputError(nested_too_deeply(scanner.deepest_start())) from None
    end = scanner.skip(end)
    if end < len(text):
        raise scanner.fail("extra data after the value", end)
    return Document(data, file, scanner.positions, scanner.key_positions, line_offset, "json")


# --------------------------------------------------------------------------- streams of items

_BOM = b"\xef\xbb\xbf"


#: the first bytes of text in a wider encoding, with its byte-order mark or without one (as JSON's RFC 4627
#: tells them): no UTF-8 text a dataset, a profile or a pack holds starts with a NUL (each format refuses it)
_WIDE = (
    (re.compile(rb"\xff\xfe\x00\x00|\x00\x00\xfe\xff|[^\x00]\x00\x00\x00|\x00\x00\x00[^\x00]"), "UTF-32"),
    (re.compile(rb"\xff\xfe|\xfe\xff|[^\x00]\x00[^\x00]\x00|\x00[^\x00]\x00[^\x00]"), "UTF-16"),
)


def wide_text(head: bytes, file: str | None) -> Problem | None:
    """The problem of a file whose first bytes (four will do) are UTF-16 or UTF-32 text, not UTF-8; else None.

    Read as UTF-8, such a file would be noise: a NUL before every character, each line
    an error of its own, a CSV header of names that look right and are not.
    """
    for pattern, name in _WIDE:
        if pattern.match(head):
            return Problem(f"not UTF-8 text: the file looks like {name}", Location(file, 1, 1), "save it as UTF-8")
    return None


#: the first bytes of files that are no text, as an analyst may be given a dataset: what each is, and what to do
_PACKED = (
    (re.compile(rb"\x1f\x8b"), "compressed with gzip", "decompress it first, e.g. with gunzip"),
    (re.compile(rb"BZh[1-9]"), "compressed with bzip2", "decompress it first, e.g. with bunzip2"),
    (re.compile(rb"\xfd7zXZ"), "compressed with xz", "decompress it first, e.g. with unxz"),
    (re.compile(rb"\x28\xb5\x2f\xfd"), "compressed with zstd", "decompress it first, e.g. with unzstd"),
    (
        re.compile(rb"PK\x03\x04"),
        "a ZIP archive (as an Excel .xlsx or an OpenDocument .ods workbook is)",
        "save the sheet from the spreadsheet as CSV UTF-8, or unzip the archive",
    ),
    (
        re.compile(rb"\xd0\xcf\x11\xe0"),
        "an old Office document (an Excel .xls workbook)",
        "save the sheet from the spreadsheet as CSV UTF-8",
    ),
    # a chart or a scan picked in place of the data beside it
    (re.compile(rb"\x89PNG"), "a PNG image", "give the YAML, JSON or CSV file meant, not a picture"),
    (re.compile(rb"\xff\xd8\xff"), "a JPEG image", "give the YAML, JSON or CSV file meant, not a picture"),
    (re.compile(rb"%PDF"), "a PDF document", "give the YAML, JSON or CSV file meant, not a document"),
)


def packed(head: bytes, file: str | None) -> Problem | None:
    """The problem of a file whose first bytes (four will do) are those of a compressed file, an archive or a
    spreadsheet workbook, not text; else None. Read as text, it would be 'not UTF-8' at its second byte."""
    for pattern, what, fix in _PACKED:
        if pattern.match(head):
            return Problem(f"the file is {what}, not text", Location(file, 1, 1), fix)
    return None


def not_utf8(data: bytes, where: Location, offset: int) -> Problem:
    """The problem of bytes that are not UTF-8, starting with the bad ones (offset: from the start of the file)."""
    try:
        data.decode("utf-8")
        reason = "invalid byte"
    except UnicodeDecodeError as exc:
        reason = exc.reason
    return Problem(
        f"not UTF-8 text: {reason} 0x{data[0]:02x} at byte offset {offset}",
        where,
        "the file looks like UTF-16: save it as UTF-8"
        if offset <= 1 and data[:2] in (b"\xff\xfe", b"\xfe\xff")
        else "save the file as UTF-8",
    )


class CheckedText(io.TextIOBase):
    """UTF-8 text from a byte stream, cut short at the first byte that is not UTF-8.

    For YAML the first character YAML forbids (a NUL, say) cuts it too. The text
    before the cut reads as usual, the cut reads as the end of the file, and
    ``problem`` then says where (line:column, byte offset) and why. Line breaks
    are counted as the reader of the format counts them.
    """

    def __init__(self, source: Any, file: str | None, *, yaml_rules: bool, chunk: int = 1 << 16) -> None:
        self._source = source
        self._file = file
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self._bad = not_yaml() if yaml_rules else _NOT_UTF8
        self._breaks = ("\n", "\r", "\x85", "\u2028", "\u2029") if yaml_rules else ("\n",)
        self._chunk = chunk
        self._pending = ""  # decoded and checked, not yet read
        self._line, self._column, self._cr = 1, 1, False  # where the checked text ends
        self._offset = 0  # the byte offset where the checked text ends
        self._chars = 0  # the characters checked so far
        #: where the item being read starts (its character, line and column), to bound it (``ITEM_MOST``)
        self.item_from: tuple[int, int, int] | None = None
        self._started = self._done = False
        self.problem: Problem | None = None
        self.cut: tuple[int, int] | None = None  # (line, column) of the cut
        #: the last whole lines read (about two chunks' worth, without their ends), the number of the
        #: first, and their size
        self._keeps_lines = yaml_rules  # for a YAML syntax error's line (JSON's name their own problems)
        self._recent: deque[str | None] = deque()
        self._recent_line, self._recent_size = 1, 0
        self._tail, self._tail_cut = "", False  # the line being read, and whether its start was let go
        self.blank = True  # whether the text checked so far is white space alone

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        want = -1 if size is None or size < 0 else size
        while not self._done and (want < 0 or len(self._pending) < want):
            self._fill()
        if want < 0 or want >= len(self._pending):
            text, self._pending = self._pending, ""
        else:
            text, self._pending = self._pending[:want], self._pending[want:]
        return text

    def recent_line(self, number: int) -> str | None:
        """Line ``number`` (from 1), if it is among the last lines read: what a syntax error's line says
        (a tab in an indentation), where the whole text is never at hand."""
        at = number - self._recent_line
        if 0 <= at < len(self._recent):
            return self._recent[at]
        if at == len(self._recent) and self._tail and not self._tail_cut:  # the last line, without its end
            return self._tail.rstrip("\r")
        return None

    def blank_to_end(self) -> bool:
        """Whether the text is white space alone to its end: what is not read yet is read and let go (a reader
        that stopped at a tab before any value would call the file malformed, where it is empty)."""
        while self.blank and not self._done:
            self._pending = ""
            self._fill()
        return self.blank

    def reaches_cut(self, line: int, column: int) -> bool:
        """Whether text ending at line:column (1-based) may run on past the cut."""
        return self.cut is not None and (line, column) >= self.cut

    def _fill(self) -> None:
        data = self._source.read(self._chunk)
        if not self._started:
            self._started = True
            if data.startswith(_BOM):
                data, self._offset = data[len(_BOM) :], len(_BOM)
        text = self._decoder.decode(data, final=not data)
        if not data:
            self._done = True
        if self.item_from is not None and self._chars + len(text) - self.item_from[0] > ITEM_MOST:
            _, line, column = self.item_from
            self._done = True
            self.cut = (self._line, self._column)
            self.problem = item_too_long(Location(self._file, line, column))
            return
        bad = self._bad.search(text)
        if bad is None:
            self._advance(text)
            self._pending += text
            return
        head = text[: bad.start()]
        self._advance(head)
        self._pending += head
        self._done = True
        self.cut = (self._line, self._column)
        where = Location(self._file, self._line, self._column)
        char = bad.group()
        if "\udc80" <= char <= "\udcff":
            self.problem = not_utf8(
                text[bad.start() : bad.start() + 4].encode("utf-8", "surrogateescape"), where, self._offset
            )
        else:
            self.problem = control_character(char, where)

    def _advance(self, text: str) -> None:
        """Move the end of the checked text over text."""
        self._offset += len(text.encode("utf-8", "surrogateescape"))
        self._chars += len(text)
        if not text:
            return
        if self.blank and not text.isspace():
            self.blank = False
        if self._keeps_lines:
            self._keep_lines(text)
        breaks = sum(text.count(b) for b in self._breaks)
        if "\r" in self._breaks:
            breaks -= text.count("\r\n")
            if self._cr and text[0] == "\n":
                breaks -= 1  # the second half of a \r\n cut between two reads
            self._cr = text[-1] == "\r"
        last = max(text.rfind(b) for b in self._breaks)
        self._line += breaks
        self._column = len(text) - last if last >= 0 else self._column + len(text)

    def _keep_lines(self, text: str) -> None:
        """Keep the last lines read, each whole; a \r may be half of a \r\n cut between two reads:
        held back."""
        pieces = (self._tail + text).splitlines(keepends=True)
        end = pieces[-1]
        held = "" if end.endswith(_LINE_ENDS) and not end.endswith("\r") else pieces.pop()
        recent = self._recent
        for piece in pieces:
            line = None if self._tail_cut else piece.rstrip("\r\n\x85\u2028\u2029")
            recent.append(line)  # None: a line whose start was let go is not at hand
            self._tail_cut = False
            self._recent_size += (0 if line is None else len(line)) + 1
        while self._recent_size > 2 * self._chunk and len(recent) > 1:  # about two chunks' worth
            gone = recent.popleft()
            self._recent_size -= (0 if gone is None else len(gone)) + 1
            self._recent_line += 1
        if len(held) > 2 * self._chunk:  # a line longer than that: what is read of it is let go
            held, self._tail_cut = held[-1:], True  # (its last character: it may be a \r)
        self._tail = held


def stream_yaml_items(stream: Any, file: str | None) -> Iterator[tuple[Document | None, list[Problem], str]]:
    """The items of a YAML list one at a time (a single mapping is one item), with positions, and each
    item's JSON pointer in the file (``/0``, ``/1``, ... in a list; ``""`` for a single value).

    Each item is composed and built on its own, so memory holds one item at a time.
    A malformed stream raises InputError after the items before the fault; a bad
    item (a repeated key, an alias loop, an unsupported tag) comes with its
    problems. Aliases share one budget of values for the whole stream. When the
    stream is a CheckedText that was cut, the cut is the error, and an item
    that runs on to it is not read as a shorter item.
    """
    checked = stream if isinstance(stream, CheckedText) else None
    from .yaml_text import yaml_items

    yield from _until_cut(yaml_items(stream, file, checked), checked)


_Item = TypeVar("_Item")


def _until_cut(items: Iterator[_Item], checked: CheckedText | None) -> Iterator[_Item]:
    """The items of a stream; where the stream was cut (``CheckedText.problem``), the cut is the error,
    rather than whatever the reader made of the text that stops short."""
    try:
        yield from items
    except InputError:
        if checked is not None and checked.problem is not None:
            raise InputError(checked.problem) from None
        raise
    if checked is not None and checked.problem is not None:
        raise InputError(checked.problem)


def stream_json_items(
    stream: Any, file: str | None, chunk: int = 1 << 16
) -> Iterator[tuple[Any, str, int, int, bool, str]]:
    """The items of a JSON array one at a time: (value, its text, line, column, clean, its JSON pointer).

    The file is read in chunks and each item decoded as soon as it is whole, so
    memory holds about one item and one chunk. A value that is not an array is
    one item, whose pointer is ``""`` (an item of the array: ``/0``, ``/1``, ...).
    An item with a repeated key is not clean: ``parse_json`` of its text says where. A syntax error ends the stream with a located InputError,
    after the items before it. When the stream is a CheckedText that was cut,
    the cut is the error, and an item that runs on to it is not read.
    """
    checked = stream if isinstance(stream, CheckedText) else None
    yield from _until_cut(_json_items(stream, file, chunk, checked), checked)


def _json_items(
    stream: Any, file: str | None, chunk: int, checked: CheckedText | None
) -> Iterator[tuple[Any, str, int, int, bool, str]]:
    strict, lenient = json_decoder(unique=True), json_decoder(unique=False)
    buf, eof = "", False
    line = 1  # the line at buf[0]
    col0 = 1  # the column at buf[0]
    size = chunk
    array = dropped = False  # a list of items; what is read of it dropped from buf (its '[' with it)

    def more() -> bool:
        nonlocal buf, eof, size
        if eof:
            return False
        data = stream.read(size)
        eof = not data
        buf += data
        return bool(data)

    def skip(i: int) -> int:
        while True:
            while i < len(buf) and buf[i] in _WS:
                i += 1
            if i < len(buf) or not more():
                return i

    def position(i: int) -> tuple[int, int]:
        newlines = buf.count("\n", 0, i)
        if newlines == 0:
            return line, col0 + i
        return line + newlines, i - buf.rfind("\n", 0, i)

    def fail(message: str, i: int) -> InputError:
        comma = comma_before(buf, i)
        if comma is not None:  # {"a": 1,} or [1, 2,] inside an item
            end = buf[comma + 1 :].lstrip()[:1]
            return InputError(comma_before_end(Location(file, *position(comma)), end))
        at_line, at_col = position(i)
        if i < len(buf):
            return json_error(message, Location(file, at_line, at_col), buf[i])
        # the file ends in an item, or before the list is closed: cut short? (the items read before the
        # current one are dropped from buf, whole: the list's '[' stands for them)
        error = json_error(message, Location(file, at_line, at_col))
        return cut_short(error, ("[" if array and dropped else "") + buf)

    def decode(i: int) -> tuple[Any, int, bool]:
        """The value starting at i, reading more while it may be cut off by the end of the buffer."""
        nonlocal size
        clean = True
        while True:
            try:
                value, end = (strict if clean else lenient).raw_decode(buf, i)
            except json.JSONDecodeError as exc:
                # a value cut off by the buffer fails near its end (a literal such as `fals`
                # fails at its start), or in a string that runs to it
                cut = exc.pos >= len(buf) - 16 or exc.msg.startswith("Unterminated string")
                if cut and len(buf) - i > ITEM_MOST:
                    raise InputError(item_too_long(Location(file, *position(i)))) from None
                if not (cut and more()):
                    raise fail(exc.msg, exc.pos) from None
                size = min(size * 2, READ_STEP_MOST)  # a long value: read in growing steps
                continue
            except RepeatedKey:
                clean = False  # decode it as it is, to find where it ends
                continue
            if end > len(buf) - 16 and more():
                continue  # a number may go on in the next chunk (`0` of `0.5`): decode it again
            size = chunk
            return value, end, clean

    more()
    i = skip(0)
    if i >= len(buf):
        raise InputError(Problem("the file is empty", Location(file), "expected a list of profiles"))
    array = buf[i] == "["
    if array:
        i = skip(i + 1)
        if i < len(buf) and buf[i] == "]":
            if skip(i + 1) < len(buf):
                raise fail("extra data after the list", skip(i + 1))
            return
    index = 0
    while True:
        if i >= len(buf):
            raise fail("unexpected end of input, expected a value", i)
        try:
            value, end, clean = decode(i)
        except RecursionError:
            raise InputError(nested_too_deeply(Location(file, *position(i), f"/{index}" if array else ""))) from None
        if checked is not None and checked.problem is not None and eof and end >= len(buf):
            raise InputError(Problem("cut"))  # replaced by the cut's problem
        at_line, at_col = position(i)
        yield value, buf[i:end], at_line, at_col, clean, f"/{index}" if array else ""
        index += 1
        i = skip(end)
        if not array:
            if i < len(buf):  # a second value (JSON Lines in a .json file?), or text that starts none
                raise fail(
                    "extra data after the value" if buf[i] in _JSON_VALUE_STARTS else f"'{buf[i]}' after the value", i
                )
            return
        if i < len(buf) and buf[i] == ",":
            comma, i = i, skip(i + 1)
            if i < len(buf) and buf[i] == "]":  # [a, b,]: JSON has no comma after the last item
                problem = comma_before_end(Location(file, *position(comma)), "]")
                if skip(i + 1) >= len(buf):  # and nothing after the list: every item was read
                    raise CommaBeforeEnd(problem)
                raise InputError(problem)
        elif i < len(buf) and buf[i] == "]":
            if skip(i + 1) < len(buf):
                raise fail("extra data after the list", skip(i + 1))
            return
        else:
            raise fail("expected ',' or ']'", i)
        # drop what is consumed, keeping line and column bookkeeping
        line, col0 = position(i)
        buf = buf[i:]
        i = 0
        dropped = True


# --------------------------------------------------------------------------- files


def looks_like_json(text: str, file: str | None) -> bool:
    if file and file.lower().endswith(".json"):
        return True
    if file and file.lower().endswith((".yaml", ".yml")):
        return False
    stripped = text.lstrip()
    return stripped[:1] in ("{", "[")


def stdin_bytes(name: str = "<stdin>") -> IO[bytes]:
    """Standard input, for reading bytes; an InputError when the caller closed it (``amity assess - <&-``):
    Python then has no ``sys.stdin`` at all, and reading it failed as an internal error."""
    if sys.stdin is None:
        raise InputError(
            Problem(
                "standard input is closed: there is nothing to read",
                Location(name),
                "give the file's path in place of '-', or send the file in with '< FILE'",
            )
        )
    return sys.stdin.buffer


def open_bytes(path: str | Path, display: str | None = None) -> IO[bytes]:
    """Open a file, or '-' for standard input, for reading bytes, as an InputError on failure.

    Readers decode UTF-8 themselves, so a byte that is not UTF-8 is located (and,
    in a dataset, costs only its own row).
    """
    name = display or str(path)
    if str(path) == "-":
        return stdin_bytes(name)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(Problem("is a directory, expected a file", Location(name)))
        return p.open("rb")
    except FileNotFoundError:
        raise InputError(Problem("no such file", Location(name), "check the path")) from None
    except PermissionError:
        raise InputError(Problem("permission denied", Location(name))) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror}", Location(name))) from None


#: the most bytes a document read whole may hold (a profile or a list of them, a pack, an answers file):
#: a device that never ends (/dev/zero) or a runaway file is refused, not read until memory runs out
DOCUMENT_MOST = 256 << 20
#: the most characters one item of a list read a value at a time may hold (as ``dataset.LINE_MOST`` a line):
#: a value without end (a string that never closes) is refused, not read until memory runs out
ITEM_MOST = 64 << 20
#: the most bytes one read of a stream asks for, as a long line or value is read in growing steps (a pipe
#: gives at most what it holds: a step growing without end would ask for more than memory holds)
READ_STEP_MOST = 8 << 20


def item_too_long(where: Location) -> Problem:
    """An item of a list longer than ``ITEM_MOST``: no profile is that long."""
    return Problem(
        f"an item longer than {ITEM_MOST >> 20} MiB: no profile is that long",
        where,
        "check that the file is a list of profiles, and that every string in it is closed",
    )


def read_text(path: str | Path, display: str | None = None) -> str:
    """Read a UTF-8 text file, or '-' for standard input, as an InputError on failure.

    Newlines are kept as they are; a byte-order mark is dropped. A byte that is
    not UTF-8 is an InputError located by line, column and byte offset. A text
    of more than ``DOCUMENT_MOST`` bytes is an InputError, read no further.
    """
    name = display or ("<stdin>" if str(path) == "-" else str(path))
    handle = open_bytes(path, name)
    try:
        data = handle.read(DOCUMENT_MOST + 1)
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror}", Location(name))) from None
    finally:
        if str(path) != "-":  # standard input stays open for whoever reads it next
            handle.close()
    if len(data) > DOCUMENT_MOST:
        raise InputError(
            Problem(
                f"the file is larger than {DOCUMENT_MOST >> 20} MiB, too large to read whole",
                Location(name),
                "a profile, a pack or an answers file is read whole; "
                "many profiles are read as a dataset (CSV, JSON Lines), a row at a time",
            )
        )
    return decode_text(data, name)


def decode_text(data: bytes, name: str) -> str:
    """The bytes of a file read whole as UTF-8 text, a byte-order mark dropped; an InputError located by line,
    column and byte offset at the first byte that is not UTF-8 (an upload reads as a file does)."""
    wide = wide_text(data[:4], name) or packed(data[:4], name)
    if wide is not None:
        raise InputError(wide)
    start = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = start + exc.start
        line = data.count(b"\n", 0, at) + 1
        column = len(data[max(data.rfind(b"\n", 0, at) + 1, start) : at].decode("utf-8")) + 1
        raise InputError(not_utf8(data[at : at + 4], Location(name, line, column), at)) from None


def load_document(
    path: str | Path,
    display: str | None = None,
    *,
    long_numbers: bool = False,
    holds: str = "a profile or a list of profiles",
) -> Document:
    """Read and parse a YAML or JSON file ('-' for standard input); ``long_numbers`` as ``parse_yaml``'s.

    ``holds`` says what the file should hold, for a file that holds nothing.
    """
    name = display or ("<stdin>" if str(path) == "-" else str(path))
    return parse_document(read_text(path, name), name, long_numbers=long_numbers, holds=holds)


#: what is said of a file that holds nothing: no bytes, blank space, comments alone
EMPTY = "the file is empty"


def parse_document(
    text: str, name: str, *, long_numbers: bool = False, holds: str = "a profile or a list of profiles"
) -> Document:
    """Parse the text of a YAML or JSON file as ``load_document`` reads it (an upload to the web page too):
    JSON if it looks like JSON, else YAML; a text of blank space or comments alone is 'the file is empty'."""
    if not text.strip():
        raise InputError(Problem(EMPTY, Location(name), f"expected {holds}"))
    if looks_like_json(text, name):
        return parse_json(text, name)
    doc = parse_yaml(text, name, long_numbers=long_numbers)
    if doc.data is None and "" not in doc.positions:  # comments alone: no value at all, not a null written
        raise InputError(Problem(EMPTY, Location(name), f"expected {holds}"))
    return doc
