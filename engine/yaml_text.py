"""Reading YAML text into Documents: YAML 1.2's core types, every value's place, and hints for its slips.

This is the part of reading that needs PyYAML, which takes longer to import than
the rest of what a run of ``amity validate`` reads at start-up. ``document``
imports this module only when it reads YAML (``document.parse_yaml``,
``document.stream_yaml_items``), so a run that reads none (a CSV dataset against
a bundled pack, read ahead of time: ``pack.read_ahead``) never imports PyYAML.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .document import (
    COMPOSITE_KEY,
    MOST_DIGITS,
    CheckedText,
    Document,
    KeyAsWritten,
    Overflowed,
    PartlyRead,
    control_character,
    line_col,
    nested_too_deeply,
    not_yaml,
    pointer_join,
    pointer_token,
    read_float,
    read_int,
    stream_yaml_items,
)
from .errors import InputError, Location, Problem, visible

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


#: what YAML takes a key of each core type for, as a message says it
_TAKEN_FOR = {"int": "a number", "float": "a number", "bool": "true or false", "null": "null"}


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
        self.repeated = 0  # how many of the problems are keys repeated (the first value kept: the data is whole)
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
                    self.repeated += 1
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
    bad = not_yaml().search(text)
    if bad:  # located here: libyaml would only give a byte position
        line, column = line_col(text, bad.start())
        raise InputError(control_character(bad.group(), Location(file, line, column)))
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
    doc = Document(data, file, builder.positions, builder.key_positions)
    if builder.problems and builder.repeated == len(builder.problems):
        raise PartlyRead(builder.problems, doc)  # each mapping with the first value of its repeated keys
    if builder.problems:
        raise InputError(builder.problems)
    return doc


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


def yaml_items(
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
