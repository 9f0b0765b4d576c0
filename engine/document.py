"""Reading YAML and JSON while remembering where every value stands.

Errors found later (schema violations, unknown values) are reported with the
line and column of the value they concern, looked up by JSON pointer.
"""

from __future__ import annotations

import codecs
import io
import json
import math
import re
import sys
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

import yaml

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

_CORE = "tag:yaml.org,2002:"
# plain scalars are typed by the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_CORE_TYPES = {
    "bool": re.compile(r"true|True|TRUE|false|False|FALSE"),
    "int": re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
    "float": re.compile(
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    ),
    "null": re.compile(r"~|null|Null|NULL|"),
}
_SUPPORTED_TAGS = {_CORE + name for name in ("str", "seq", "map", *_CORE_TYPES)}
#: where an anchor (&name) or an alias (*name) may stand: at a node's start, after a space or a flow indicator
#: ('R&D' and a quoted "&" are not; a false alarm only takes the slower composer)
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:])[&*][^\s\[\]{},]", re.MULTILINE)
#: a control character but a tab and a line break: no text of a profile or of a pack holds one (a NUL
#: ends a C string; an escape sequence acts in a terminal)
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# what YAML allows in a stream (the same set as libyaml's reader)
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
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

#: what YAML takes a key of each core type for, as a message says it
_TAKEN_FOR = {"int": "a number", "float": "a number", "bool": "true or false", "null": "null"}


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


class _CoreResolver(yaml.resolver.BaseResolver):
    """Types plain scalars by the YAML 1.2 core schema, not by YAML 1.1's.

    So ``1:30:00`` is text (not 5400), ``yes``/``no``/``on``/``off``/``y``/``n`` are
    text (not booleans), ``012`` is twelve, ``1_000`` and ``0b101`` are text, and
    dates stay text. Quoted scalars are always text.
    """


for _name, _first in (("bool", "tTfF"), ("int", "-+0123456789"), ("float", "-+0123456789."), ("null", "~nN")):
    _CoreResolver.add_implicit_resolver(
        _CORE + _name, re.compile(f"^(?:{_CORE_TYPES[_name].pattern})$"), [*_first, ""] if _name == "null" else _first
    )


def _resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """BaseResolver.resolve for a resolver without path resolvers, in fewer steps (called once per node).

    The same tags from the same table: a plain scalar takes the first implicit
    resolver (by its first character) that matches, else it is text.
    """
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], ()):
                if regexp.match(value):
                    return tag  # type: ignore[no-any-return]
        return _CORE + "str"
    return _CORE + ("seq" if kind is yaml.SequenceNode else "map")


_IMPLICIT = _CoreResolver.yaml_implicit_resolvers
assert not _CoreResolver.yaml_path_resolvers and None not in _IMPLICIT  # what _resolve leaves out
_CoreResolver.resolve = _resolve  # type: ignore[method-assign]


class _ItemComposer(yaml.composer.Composer):
    """PyYAML's composer, with YAML 1.2 anchors (one may be defined again) and a log of the anchored nodes."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: _AnchorLog = _AnchorLog()
        self.item_alias: Any = None
        #: where each alias stands, by its place: (id of the parent node, the item's index or id of its key node)
        self.alias_marks: dict[tuple[int, int], Any] = {}

    def compose_single(self) -> yaml.Node | None:
        """The one document of the stream, composed here (libyaml's ``get_single_node`` would compose it in C)."""
        return yaml.composer.Composer.get_single_node(self)

    def compose_node(self, parent: Any, index: Any) -> yaml.Node:
        # the parser and resolver methods come from the loader this composer is mixed into
        loader: Any = self
        if loader.check_event(yaml.AliasEvent):
            event = loader.get_event()
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            if parent is None:
                self.item_alias = event.start_mark  # an item that is an alias stands here, not at its anchor
            elif index is not None:  # a value or an item (an alias as a key makes a key, located as keys are)
                place = index if isinstance(index, int) else id(index)
                self.alias_marks[(id(parent), place)] = event.start_mark
            node: yaml.Node = self.anchors[event.anchor]
            return node
        anchor = loader.peek_event().anchor
        loader.descend_resolver(parent, index)
        if loader.check_event(yaml.ScalarEvent):
            node = self.compose_scalar_node(anchor)
        elif loader.check_event(yaml.SequenceStartEvent):
            node = self.compose_sequence_node(anchor)
        else:
            node = self.compose_mapping_node(anchor)
        loader.ascend_resolver()
        return node


class _AnchorLog(dict):  # type: ignore[type-arg]
    """The anchors of a stream, remembering which nodes were anchored since last asked."""

    def __init__(self) -> None:
        super().__init__()
        self.fresh: list[yaml.Node] = []

    def __setitem__(self, key: str, node: yaml.Node) -> None:
        super().__setitem__(key, node)
        self.fresh.append(node)


try:  # libyaml's parser where PyYAML was built with it: much faster
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Loader(CParser, _CoreResolver):
        """One whole document, composed in C."""

        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)
            _CoreResolver.__init__(self)

    class _ItemLoader(CParser, _ItemComposer, _CoreResolver):
        """Items of a stream one at a time: libyaml's parser under PyYAML's composer."""

        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)
            _ItemComposer.__init__(self)
            _CoreResolver.__init__(self)

except ImportError:  # pragma: no cover - depends on the PyYAML build

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _ItemComposer, _CoreResolver
    ):
        def __init__(self, stream: Any) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _ItemComposer.__init__(self)
            _CoreResolver.__init__(self)

    _ItemLoader = _Loader  # type: ignore[misc, assignment]


TAB_HINT = "indent with spaces, not tabs"
_LINE_ENDS = ("\n", "\r", "\x85", "\u2028", "\u2029")  # YAML's, as str.splitlines finds them in YAML text


def _yaml_problem(exc: yaml.YAMLError, file: str | None, line_of: Callable[[int], str | None]) -> Problem:
    """A YAML syntax error, located; with a suggestion where the cause shows: a tab in an indentation.

    libyaml reports a tab as "found character that cannot start any token" or "a
    tab character that violates indentation", neither of which says what to do; the
    line (``line_of``, by its number from 1; None when it is not at hand) tells.
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    context = getattr(exc, "context", None)
    message = f"malformed YAML: {what}" + (f" ({context})" if context else "")
    if mark is None:
        return Problem(message, Location(file))
    tab = "tab character" in message
    line = None if tab else line_of(mark.line + 1)
    if line is not None:
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        tab = "\t" in indent or line[mark.column : mark.column + 1] == "\t"
    hint = TAB_HINT if tab else _syntax_hint(message, mark, getattr(exc, "context_mark", None), line)
    return Problem(message, Location(file, mark.line + 1, mark.column + 1), hint)


_INDENTATION = "check the indentation of this line and the one above"
_VALUE_STARTS = {"@": "'@'", "`": "a backtick", "%": "'%'", "*": "'*'", "&": "'&'", "!": "'!'", "|": "'|'", ">": "'>'"}


def _syntax_hint(what: str, mark: Any, opened: Any, line: str | None) -> str | None:
    """What to do about libyaml's commonest messages, which say what the parser missed, not what the author wrote.

    ``opened`` is where the construct that failed began (libyaml's context mark);
    ``line`` the text of the line the error is on, when at hand.
    """
    text = line or ""
    before = text[: mark.column]
    start = f"line {opened.line + 1}, column {opened.column + 1}" if opened is not None else "the line above"
    if "mapping values are not allowed" in what:
        key, _, value = text.strip().lstrip("- ").partition(": ")
        if ": " in before.lstrip().lstrip("- ") and value and not value.startswith(("'", '"', "{", "[")):
            return f"a value that holds ': ' needs quotes: {key}: \"{value}\""
        return f"{_INDENTATION}: a key is indented like the keys beside it, and each 'key:' is followed by a space"
    if "expected '-' indicator" in what:
        return (
            f"{_INDENTATION}: the items of a list start with '- ' in one column, and the keys of an item line up "
            "with its first key"
        )
    if "did not find expected key" in what:
        if any(q in before for q in "'\""):
            return "quote the whole value: text after a closing quote, or a quote inside single quotes ('it''s'), breaks it"
        return f"{_INDENTATION}: the keys of one mapping start in one column (the mapping that begins on {start})"
    if "did not find expected ','" in what:
        opening, closing = ("[", "]") if "']'" in what else ("{", "}")
        return (
            f"close the '{opening}' opened on {start} with '{closing}', or "
            "quote an item that holds ',', ':', '[', ']', '{', '}' or '#'"
        )
    if "could not find expected ':'" in what:
        return f"a key needs a ':' after it: add one on {start}, or join that line to the one above it"
    if "end of stream" in what and "quoted scalar" in what:
        return f"close the quote opened on {start}"
    if "unknown escape character" in what:
        return "in double quotes a backslash starts an escape: write \\\\ for one, or use single quotes"
    if "while scanning an alias" in what or "while scanning an anchor" in what:
        return "'*' and '&' start an alias or an anchor in YAML: quote a value that starts with one"
    if "cannot start any token" in what:
        char = text[mark.column : mark.column + 1]
        if char in _VALUE_STARTS:
            word = text[mark.column :].strip().split(": ")[0]
            return f'a key or value that starts with {_VALUE_STARTS[char]} needs quotes, e.g. "{word}"'
    if "undefined alias" in what:
        return "'*' starts an alias in YAML: quote a value that starts with '*'"
    return None


def _line_in(text: str, number: int) -> str | None:
    """Line ``number`` (from 1) of text, its line breaks as YAML's (those of ``str.splitlines`` that YAML
    allows), or None past its end."""
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else None


def _control_character(char: str, where: Location) -> Problem:
    return Problem(
        f"a control character (U+{ord(char):04X}) is not allowed in YAML",
        where,
        'remove it, or write it as an escape ("\\x00") in a double-quoted string',
    )


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


MAX_NODES = 1_000_000  # values a document may expand to through aliases: far beyond any real data


@dataclass
class _Aliases:
    """What a stream of items shares: the anchored nodes, those built so far, and the alias budget."""

    budget: int = MAX_NODES
    anchored: set[int] = field(default_factory=set)  # ids of anchored nodes (kept alive by the loader)
    built: set[int] = field(default_factory=set)  # ids of anchored nodes built once already


class _Builder:
    """Turns a composed YAML node tree into plain data plus positions.

    Scalars are typed by the YAML 1.2 core schema; any other tag, and YAML 1.1
    merge keys, are problems of the item. For one document every value counts
    against MAX_NODES; for a stream of items only values reached again through
    an alias do, against one budget for the whole stream, so an alias bomb
    cannot hide in many small items.

    A whole number of more digits than Python reads is kept as written
    (``read_int``) with ``long_numbers``, for the check of the field it is (a
    profile's) or is compared with (a pack's) to say; else it is a problem of its own.
    """

    def __init__(
        self,
        file: str | None,
        aliases: _Aliases | None = None,
        *,
        long_numbers: bool = False,
        alias_marks: dict[tuple[int, int], Any] | None = None,
    ) -> None:
        self.file = file
        self.long_numbers = long_numbers
        self.alias_marks = alias_marks or {}
        # Where the values built now stand: None, at their own text; else at the alias they are reached through
        # (the outermost), for a value reached through an alias is written there, not at its anchor.
        self.pinned: tuple[int, int] | None = None
        self.positions: dict[str, tuple[int, int]] = {}
        self.key_positions: dict[str, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.aliases = aliases
        self.budget = MAX_NODES
        self.open: set[int] = set()  # nodes being built: an alias back into one is a loop

    def _where(self, node: yaml.Node, pointer: str) -> Location:
        line, column = self.pinned or (node.start_mark.line + 1, node.start_mark.column + 1)
        return Location(self.file, line, column, pointer)

    def _too_many(self, where: Location) -> InputError:
        return InputError(
            Problem(f"more than {MAX_NODES:,} values once aliases are expanded", where, "do not nest aliases")
        )

    def _spend(self, node: yaml.Node, pointer: str) -> None:
        if self.aliases is not None:
            self.aliases.budget -= 1
            left = self.aliases.budget
        else:
            self.budget -= 1
            left = self.budget
        if left < 0:
            raise self._too_many(self._where(node, pointer))

    def check_aliases(self, node: yaml.Node) -> None:
        """Refuse, before anything is built, a value whose aliases expand past the budget (a billion laughs).

        ``build`` spends the budget a value at a time: a bomb took seconds to refuse, a million values built
        first. This walks the text as ``build`` does, spending the same budget, but a value reached through an
        alias that fits in what is left is spent whole, by its size, without going into it; the one that does
        not fit is gone into. So the refusal stands where ``build`` would stop, found in a walk of the text.
        """
        sizes: dict[int, int] = {}
        passed: set[int] = set()  # anchored nodes walked so far in this item (a stream's earlier ones: built)
        walking: set[int] = set()  # nodes being walked: an alias back into one is a loop, which build refuses
        left = self.aliases.budget if self.aliases is not None else self.budget

        def size(n: yaml.Node) -> int:
            """How many values n stands for, its aliases expanded (each node counted once in the memo)."""
            if id(n) not in sizes:
                sizes[id(n)] = 0  # a loop counts nothing here: build refuses it
                if isinstance(n, yaml.CollectionNode):
                    sizes[id(n)] = 1 + sum(size(child) for _, child, _ in self._children(n, ""))
                else:
                    sizes[id(n)] = 1
            return sizes[id(n)]

        def walk(n: yaml.Node, pointer: str, expanding: bool, pinned: tuple[int, int] | None) -> None:
            nonlocal left
            aliases = self.aliases
            if aliases is not None and not expanding and (id(n) in aliases.built or id(n) in passed):
                expanding = True  # as build: an alias of a value built before
            if aliases is None or expanding:
                if size(n) <= left:  # all of it fits: spent whole, not gone into
                    left -= size(n)
                    return
                left -= 1
                if left < 0:
                    if aliases is not None:  # spent as build spends it: the stream's next items find it spent
                        aliases.budget = left
                    line, column = pinned or (n.start_mark.line + 1, n.start_mark.column + 1)
                    raise self._too_many(Location(self.file, line, column, pointer))
            if id(n) in walking or not isinstance(n, yaml.CollectionNode):
                return
            walking.add(id(n))
            for place, child, at in self._children(n, pointer):
                alias = self.alias_marks.get((id(n), place)) if pinned is None else None
                walk(child, at, expanding, (alias.line + 1, alias.column + 1) if alias is not None else pinned)
            walking.discard(id(n))
            if aliases is not None and id(n) in aliases.anchored:
                passed.add(id(n))

        walk(node, "", False, self.pinned)

    def _children(self, node: yaml.CollectionNode, pointer: str) -> Iterator[tuple[int, yaml.Node, str]]:
        """The values build builds in node, as (their place, the value, its pointer): a mapping's keys that
        build leaves out (a merge key, a key that is not text, a repeated key) left out too."""
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                yield i, item, pointer_join(pointer, i)
            return
        seen = set()
        for key_node, value_node in node.value:
            count = len(self.problems)
            key = self._key(key_node, pointer)
            del self.problems[count:]  # build says what is wrong with a key
            if key is None or key in seen:
                continue
            seen.add(key)
            yield id(key_node), value_node, pointer_join(pointer, key)

    def build(self, node: yaml.Node, pointer: str, expanding: bool = False) -> Any:
        mark = node.start_mark
        aliases = self.aliases
        if aliases is not None and not expanding and id(node) in aliases.built:
            expanding = True  # an alias: this value was built before
        if aliases is None or expanding:
            self._spend(node, pointer)
        if id(node) in self.open:
            raise InputError(Problem("a YAML alias refers to a value that contains it", self._where(node, pointer)))
        if isinstance(node, yaml.CollectionNode):
            self.open.add(id(node))
            try:
                result = self._build(node, pointer, mark, expanding)
            finally:
                self.open.discard(id(node))
        else:
            result = self._build(node, pointer, mark, expanding)
        if aliases is not None and id(node) in aliases.anchored:
            aliases.built.add(id(node))
        return result

    def _unsupported(self, node: yaml.Node, pointer: str) -> None:
        self.problems.append(
            Problem(
                f"the YAML tag '{_tag_name(node.tag)}' is not supported: amity reads plain data"
                " (text, numbers, true/false, null, lists and mappings)",
                self._where(node, pointer),
                "remove the tag",
            )
        )

    def _child(self, node: yaml.Node, place: int, child: yaml.Node, pointer: str, expanding: bool) -> Any:
        alias = self.alias_marks.get((id(node), place)) if self.pinned is None else None
        if alias is None:
            return self.build(child, pointer, expanding)
        self.pinned = (alias.line + 1, alias.column + 1)
        try:
            return self.build(child, pointer, expanding)
        finally:
            self.pinned = None

    def _build(self, node: yaml.Node, pointer: str, mark: Any, expanding: bool) -> Any:
        self.positions[pointer] = self.pinned or (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _CORE + "map":
                self._unsupported(node, pointer)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node, pointer)
                if key is None:
                    continue
                child = pointer_join(pointer, key)
                if key in result:
                    self.problems.append(
                        Problem(f"duplicate key '{visible(key)}'", self._where(key_node, child), "keep one of them")
                    )
                    continue
                self.key_positions[child] = self.pinned or (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                result[key] = self._child(node, id(key_node), value_node, child, expanding)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _CORE + "seq":
                self._unsupported(node, pointer)
            return [
                self._child(node, i, item, pointer_join(pointer, i), expanding) for i, item in enumerate(node.value)
            ]
        return self._scalar(node, pointer)

    def _key(self, node: yaml.Node, pointer: str) -> str | None:
        """A mapping key as text, or None (with a problem) if it is not a plain one."""
        if isinstance(node, yaml.ScalarNode) and node.value == "<<" and not node.style:  # plain
            self.problems.append(
                Problem(
                    "merge keys ('<<') are not supported: they are not part of YAML 1.2",
                    self._where(node, pointer_join(pointer, "<<")),
                    "write the fields out in each item",
                )
            )
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _CORE + "str":
            return str(node.value)
        if isinstance(node, yaml.ScalarNode) and node.tag in _SUPPORTED_TAGS:
            self._scalar(node, pointer)  # a problem if it is not what its tag says ('!!int x')
            return KeyAsWritten(node.value, _TAKEN_FOR.get(node.tag[len(_CORE) :], "text"))
        if isinstance(node, yaml.ScalarNode):
            self._unsupported(node, pointer)
            return None
        self.problems.append(Problem(COMPOSITE_KEY, self._where(node, pointer), "write a name as the key"))
        return None

    def _scalar(self, node: yaml.Node, pointer: str) -> Any:
        tag, text = node.tag, node.value
        if tag == _CORE + "str":
            return text
        kind = tag[len(_CORE) :] if tag in _SUPPORTED_TAGS else None
        if kind is None or kind in ("seq", "map"):
            self._unsupported(node, pointer)
            return text
        if not _CORE_TYPES[kind].fullmatch(text):
            self.problems.append(Problem(f"'{text}' is not a YAML {kind}", self._where(node, pointer)))
            return text
        if kind == "null":
            return None
        if kind == "bool":
            return text.lower() == "true"
        if kind == "int":
            base = {"0o": 8, "0x": 16}.get(text[:2], 10)
            if base != 10:
                return int(text[2:], base)  # no limit on digits in base 8 or 16
            number = read_int(text)
            if number.__class__ is Overflowed and not self.long_numbers:
                self.problems.append(
                    Problem(
                        f"a number too large to read ({len(text.lstrip('+-')):,} digits)",
                        self._where(node, pointer),
                        f"amity reads numbers of up to {MOST_DIGITS:,} digits",
                    )
                )
                return text
            return number
        special = text.lstrip("+-").lower()
        if special == ".inf":
            return -math.inf if text.startswith("-") else math.inf
        if special == ".nan":
            return math.nan
        return read_float(text)


#: libyaml's words for a value nested more deeply than it reads
_TOO_DEEP = "exceeded maximum nesting depth"


def _too_deep_in(text: str, file: str | None) -> Problem:
    """The problem of YAML text nested too deeply to read, placed as in a stream of items: at the start of the
    item (of a list) it is in, with its pointer."""
    try:
        for _ in stream_yaml_items(text, file):
            pass
    except InputError as exc:
        if exc.problems[0].message == nested_too_deeply(Location(file)).message:
            return exc.problems[0]
    return nested_too_deeply(Location(file, 1, 1))


def parse_yaml(text: str, file: str | None = None, *, long_numbers: bool = False) -> Document:
    """Parse YAML text (one document, YAML 1.2 core schema) into a Document; malformed text raises InputError.

    With ``long_numbers``, a whole number of more digits than Python reads is kept as written
    (``Overflowed``) for the check of its field to say (a profile's, or the one a pack's condition
    compares it with), as JSON's is; else it is a problem here.
    """
    bad = _NOT_YAML.search(text)
    if bad:  # located here: libyaml would only give a byte position
        line, column = _line_col(text, bad.start())
        raise InputError(_control_character(bad.group(), Location(file, line, column)))
    # A text with an anchor or an alias is composed by PyYAML's composer (over libyaml's parser), as a stream's
    # items are: it says where each alias stands, where libyaml's own, faster, gives an alias its anchor's place
    # (and it takes an anchor defined again, as YAML 1.2 does).
    loader: _ItemLoader | _Loader
    alias_marks: dict[tuple[int, int], Any] | None = None
    if _ANCHOR_OR_ALIAS.search(text):
        loader = _ItemLoader(text)
        alias_marks = loader.alias_marks
        compose = loader.compose_single
    else:
        loader = _Loader(text)
        compose = loader.get_single_node
    try:
        node = compose()
        if node is None:
            return Document(None, file)
        builder = _Builder(file, long_numbers=long_numbers, alias_marks=alias_marks)
        if alias_marks is not None:  # a text with an anchor or an alias
            builder.check_aliases(node)
        data = builder.build(node, "")
    except yaml.YAMLError as exc:
        if _TOO_DEEP in str(exc):
            raise InputError(_too_deep_in(text, file)) from None
        raise InputError(_yaml_problem(exc, file, lambda n: _line_in(text, n))) from None
    except RecursionError:  # building the value recurses: some hundreds of levels deep
        raise InputError(_too_deep_in(text, file)) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise InputError(builder.problems)
    return Document(data, file, builder.positions, builder.key_positions)


#: The anchor a value starts with, where it has one: the value's mark is at its anchor, not at the value itself.
_ANCHOR = re.compile(r"\A&[^\s\[\]{},]+\s*")
#: A comment that ends a line, outside quotes (a line with a quote keeps its '#': it may be in the quoted text).
_LINE_COMMENT = re.compile(r"(^|\s)#.*$")


class WrittenText:
    """A YAML text that parsed, to quote a value the way its author wrote it, found by its JSON pointer.

    A message that names a value in the author's own words (``summits: annual``,
    ``{all: [...]}``) can be found in the file; the form the program compiled it
    to cannot. The text is composed again on the first quote only: most texts are
    never quoted. A value reached through an alias is quoted as written at its anchor.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._root: yaml.Node | None = None
        self._starts: list[int] = []  # where each line starts: empty until the text is composed

    def at(self, pointer: str, *, from_key: bool = False) -> str | None:
        """The text of the value at pointer (``from_key``: from its key on, as in ``ge: 5``), its comments left out;
        None where the text holds no such value."""
        if not self._starts:
            self._compose()
        node, key = self._root, None
        for token in map(pointer_token, pointer.split("/")[1:]):
            if isinstance(node, yaml.MappingNode):
                pairs = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == token]
                if not pairs:
                    return None
                key, node = pairs[0]
            elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
                key, node = None, node.value[int(token)]
            else:
                return None
        if node is None:
            return None
        first = key if from_key and key is not None else node
        written = self.text[self._offset(first.start_mark) : self._offset(_end_mark(node))]
        lines = (ln if "'" in ln or '"' in ln else _LINE_COMMENT.sub("", ln) for ln in written.splitlines())
        return _ANCHOR.sub("", "\n".join(ln for ln in lines if ln.strip()), count=1)

    def _compose(self) -> None:
        loader: _ItemLoader | _Loader = (
            _ItemLoader(self.text) if _ANCHOR_OR_ALIAS.search(self.text) else _Loader(self.text)
        )
        try:
            self._root = loader.compose_single() if isinstance(loader, _ItemComposer) else loader.get_single_node()
        finally:
            loader.dispose()
        # YAML's line breaks are the ones str.splitlines finds in a text YAML accepts (the others are control characters)
        self._starts = [0]
        for line in self.text.splitlines(keepends=True):
            self._starts.append(self._starts[-1] + len(line))

    def _offset(self, mark: Any) -> int:
        line: int = min(mark.line, len(self._starts) - 1)
        return self._starts[line] + int(mark.column)


def _end_mark(node: yaml.Node) -> Any:
    """Where a value's own text ends: a block collection's mark runs on to the next value, over comments and blank lines."""
    if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _end_mark(last[1] if isinstance(node, yaml.MappingNode) else last)
    return node.end_mark


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


def _line_col(text: str, index: int) -> tuple[int, int]:
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
        self._bad = _NOT_YAML if yaml_rules else _NOT_UTF8
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
            self.problem = _control_character(char, where)

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
    yield from _until_cut(_yaml_items(stream, file, checked), checked)


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


def _yaml_items(
    stream: Any, file: str | None, checked: CheckedText | None
) -> Iterator[tuple[Document | None, list[Problem], str]]:
    loader = _ItemLoader(stream)
    aliases = _Aliases()
    item_start: Any = None  # where the item being read starts, and its pointer
    where = ""
    try:
        try:
            loader.get_event()  # stream start
            empty = loader.check_event(yaml.StreamEndEvent)
        except yaml.YAMLError:  # libyaml stops at a tab before any value: a file of nothing else is empty
            if checked is None or not checked.blank_to_end():
                raise
            empty = True
        if empty:
            raise InputError(Problem("the file is empty", Location(file), "expected a list of profiles"))
        loader.get_event()  # document start
        listed = loader.check_event(yaml.SequenceStartEvent)
        if listed:
            loader.get_event()
        index = 0
        while not (listed and loader.check_event(yaml.SequenceEndEvent)):
            where = f"/{index}" if listed else ""
            index += 1
            loader.item_alias = None
            event = loader.peek_event()
            item_start = event.start_mark if event is not None else None
            if checked is not None and event is not None and event.start_mark is not None:
                start = event.start_mark  # the item is bounded from where it starts
                checked.item_from = (start.index, start.line + 1, start.column + 1)
            node = loader.compose_node(None, None)
            if checked is not None and checked.reaches_cut(node.end_mark.line + 1, node.end_mark.column + 1):
                raise InputError(Problem("cut"))  # replaced by the cut's problem
            aliases.anchored.update(id(n) for n in loader.anchors.fresh)  # only this item's: linear in the stream
            loader.anchors.fresh.clear()
            builder = _Builder(file, aliases, long_numbers=True, alias_marks=dict(loader.alias_marks))
            loader.alias_marks.clear()  # keyed by the ids of this item's nodes, which the next item's may reuse
            try:
                if builder.alias_marks or loader.item_alias is not None:  # an item with an alias in it
                    builder.check_aliases(node)
                data = builder.build(node, "")
            except InputError as exc:
                yield None, exc.problems, where
            else:
                if loader.item_alias is not None:
                    builder.positions[""] = (loader.item_alias.line + 1, loader.item_alias.column + 1)
                yield Document(data, file, builder.positions, builder.key_positions), builder.problems, where
            if not listed:
                break
        if listed:
            loader.get_event()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.peek_event()
            mark = event.start_mark if event is not None else None
            assert mark is not None  # an event the parser produced has its place
            raise InputError(
                Problem(
                    "a second YAML document",
                    Location(file, mark.line + 1, mark.column + 1),
                    "put every profile in one list",
                )
            )
    except yaml.YAMLError as exc:
        if _TOO_DEEP in str(exc) and item_start is not None:  # libyaml's own bound (a thousand levels)
            at = item_start
            raise InputError(nested_too_deeply(Location(file, at.line + 1, at.column + 1, where))) from None
        raise InputError(_yaml_problem(exc, file, checked.recent_line if checked else lambda n: None)) from None
    except RecursionError:  # PyYAML's composer recurses: a value nested some hundreds of levels deep
        at = item_start
        raise InputError(
            nested_too_deeply(Location(file) if at is None else Location(file, at.line + 1, at.column + 1, where))
        ) from None
    finally:
        loader.dispose()


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
