"""Reading YAML and JSON while remembering where every value stands.

Errors found later (schema violations, unknown values) are reported with the
line and column of the value they concern, looked up by JSON pointer.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import yaml

from .errors import InputError, Location, Problem

try:  # the C loader is much faster where PyYAML was built with libyaml
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


def pointer_join(pointer: str, key: object) -> str:
    """Extend a JSON pointer by one reference token (RFC 6901 escaping)."""
    token = str(key).replace("~", "~0").replace("/", "~1")
    return f"{pointer}/{token}"


def pointer_of(path: Any) -> str:
    """The JSON pointer of a jsonschema-style path (a sequence of keys)."""
    pointer = ""
    for key in path:
        pointer = pointer_join(pointer, key)
    return pointer


@dataclass
class Document:
    """Parsed data with the position of each value and each mapping key."""

    data: Any
    file: str | None = None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0

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
        for token in pointer.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            data = data[int(token)] if isinstance(data, list) else data[token]
        n = len(pointer)

        def rebase(table: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
            return {p[n:]: pos for p, pos in table.items() if p == pointer or p.startswith(pointer + "/")}

        return Document(data, self.file, rebase(self.positions), rebase(self.key_positions), self.line_offset)


# --------------------------------------------------------------------------- YAML


def _yaml_problem(exc: yaml.YAMLError, file: str | None) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"malformed YAML: {what}" + (f" ({context})" if context else "")
    if mark is not None:
        return Problem(message, Location(file, mark.line + 1, mark.column + 1))
    return Problem(message, Location(file))


MAX_NODES = 1_000_000  # values a document may expand to through aliases: far beyond any real data


@dataclass
class _Aliases:
    """What a stream of items shares: the anchored nodes built so far, and the alias budget."""

    budget: int = MAX_NODES
    built: set[int] = field(default_factory=set)  # ids of anchored nodes built once already (kept alive by the loader)


class _Builder:
    """Turns a composed YAML node tree into plain data plus positions.

    For one document every value counts against MAX_NODES; for a stream of items
    only values reached again through an alias do, against one budget for the
    whole stream, so an alias bomb cannot hide in many small items.
    """

    def __init__(self, loader: Any, file: str | None, aliases: _Aliases | None = None) -> None:
        self.loader = loader
        self.file = file
        self.positions: dict[str, tuple[int, int]] = {}
        self.key_positions: dict[str, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.aliases = aliases
        self.budget = MAX_NODES
        self.anchored = {id(n) for n in getattr(loader, "anchors", {}).values()} if aliases else set()
        self.open: set[int] = set()  # nodes being built: an alias back into one is a loop

    def _spend(self, where: Location) -> None:
        if self.aliases is not None:
            self.aliases.budget -= 1
            left = self.aliases.budget
        else:
            self.budget -= 1
            left = self.budget
        if left < 0:
            raise InputError(
                Problem(f"more than {MAX_NODES:,} values once aliases are expanded", where, "do not nest aliases")
            )

    def build(self, node: yaml.Node, pointer: str, expanding: bool = False) -> Any:
        mark = node.start_mark
        where = Location(self.file, mark.line + 1, mark.column + 1, pointer)
        if self.aliases is not None and not expanding and id(node) in self.aliases.built:
            expanding = True  # an alias: this value was built before
        if self.aliases is None or expanding:
            self._spend(where)
        if id(node) in self.open:
            raise InputError(Problem("a YAML alias refers to a value that contains it", where))
        if isinstance(node, yaml.CollectionNode):
            self.open.add(id(node))
            try:
                result = self._build(node, pointer, mark, expanding)
            finally:
                self.open.discard(id(node))
        else:
            result = self._build(node, pointer, mark, expanding)
        if self.aliases is not None and id(node) in self.anchored:
            self.aliases.built.add(id(node))
        return result

    def _build(self, node: yaml.Node, pointer: str, mark: Any, expanding: bool) -> Any:
        self.positions[pointer] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if isinstance(key, (int, float, bool)) or key is None:
                    key = "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
                if not isinstance(key, str):
                    self.problems.append(
                        Problem(
                            "a mapping key must be a plain string",
                            Location(self.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, pointer),
                        )
                    )
                    continue
                child = pointer_join(pointer, key)
                if key in result:
                    self.problems.append(
                        Problem(
                            f"duplicate key '{key}'",
                            Location(self.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, child),
                            "keep one of them",
                        )
                    )
                    continue
                self.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, child, expanding)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, pointer_join(pointer, i), expanding) for i, item in enumerate(node.value)]
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError as exc:  # e.g. an integer too long to convert
            self.problems.append(
                Problem(
                    f"cannot read this value: {str(exc).split(';')[0]}",
                    Location(self.file, mark.line + 1, mark.column + 1, pointer),
                )
            )
            return node.value
        if not isinstance(value, (str, int, float, bool, type(None))):
            # dates and other YAML types: keep the text, let the schema judge it
            value = node.value
        return value


def parse_yaml(text: str, file: str | None = None) -> Document:
    """Parse YAML text into a Document; malformed text raises InputError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None, file)
        builder = _Builder(loader, file)
        data = builder.build(node, "")
    except yaml.YAMLError as exc:
        raise InputError(_yaml_problem(exc, file)) from None
    except RecursionError:
        raise InputError(Problem("nested too deeply", Location(file, 1, 1))) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise InputError(builder.problems)
    return Document(data, file, builder.positions, builder.key_positions)


# --------------------------------------------------------------------------- JSON

_decoder = json.JSONDecoder()
_WS = " \t\n\r"


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

    def where(self, index: int) -> tuple[int, int]:
        """Line and column of index in the text, columns on its first line shifted by column_offset."""
        line, col = _line_col(self.text, index)
        return line, col + self.column_offset if line == 1 else col

    def fail(self, message: str, index: int) -> InputError:
        line, col = self.where(index)
        return InputError(Problem(f"malformed JSON: {message}", Location(self.file, line + self.line_offset, col)))

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
                    key, i = json.decoder.scanstring(text, i + 1)
                except json.JSONDecodeError as exc:
                    raise self.fail(exc.msg, exc.pos) from None
                child = pointer_join(pointer, key)
                if key in result:
                    line, col = self.where(key_at)
                    line += self.line_offset
                    raise InputError(
                        Problem(f"duplicate key '{key}'", Location(self.file, line, col, child), "keep one of them")
                    )
                self.key_positions[child] = self.where(key_at)
                i = self.skip(i)
                if i >= len(text) or text[i] != ":":
                    raise self.fail("expected ':' after a key", i)
                result[key], i = self.value(i + 1, child)
                i = self.skip(i)
                if i < len(text) and text[i] == ",":
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
                    i += 1
                    continue
                if i < len(text) and text[i] == "]":
                    return items, i + 1
                raise self.fail("expected ',' or ']'", i)
        try:
            return _decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise self.fail(exc.msg, exc.pos) from None
        except ValueError as exc:  # e.g. an integer too long to convert
            raise self.fail(str(exc).split(";")[0], i) from None


def parse_json(text: str, file: str | None = None, line_offset: int = 0, column_offset: int = 0) -> Document:
    """Parse JSON text into a Document; malformed text raises InputError.

    ``line_offset`` and ``column_offset`` place the text inside a larger file.
    """
    scanner = _JsonScanner(text, file, line_offset, column_offset)
    try:
        data, end = scanner.value(0, "")
    except RecursionError:
        raise InputError(Problem("malformed JSON: nested too deeply", Location(file, 1 + line_offset, 1))) from None
    end = scanner.skip(end)
    if end < len(text):
        raise scanner.fail("extra data after the value", end)
    return Document(data, file, scanner.positions, scanner.key_positions, line_offset)


# --------------------------------------------------------------------------- streams of items


try:  # libyaml's parser under PyYAML's composer: items one at a time, at C speed
    from yaml.cyaml import CParser

    class _ItemLoader(CParser, yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc]
        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

except ImportError:  # pragma: no cover - depends on the PyYAML build
    _ItemLoader = yaml.SafeLoader  # type: ignore[misc, assignment]


def stream_yaml_items(stream: Any, file: str | None) -> Iterator[tuple[Document | None, list[Problem]]]:
    """The items of a YAML list one at a time (a single mapping is one item), with positions.

    Each item is composed and built on its own, so memory holds one item at a time.
    A malformed stream raises InputError; a bad item (a repeated key, an alias
    loop) comes with its problems and no document. Aliases share one budget of
    values for the whole stream.
    """
    loader = _ItemLoader(stream)
    aliases = _Aliases()
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise InputError(Problem("the file is empty", Location(file), "expected a list of profiles"))
        loader.get_event()  # document start
        listed = loader.check_event(yaml.SequenceStartEvent)
        if listed:
            loader.get_event()
        while not (listed and loader.check_event(yaml.SequenceEndEvent)):
            node = loader.compose_node(None, None)  # type: ignore[arg-type]
            builder = _Builder(loader, file, aliases)
            try:
                data = builder.build(node, "")
            except InputError as exc:
                yield None, exc.problems
            else:
                yield Document(data, file, builder.positions, builder.key_positions), builder.problems
            loader.constructed_objects.clear()  # PyYAML keeps every constructed value otherwise
            if not listed:
                break
        if listed:
            loader.get_event()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            mark = loader.peek_event().start_mark
            raise InputError(
                Problem(
                    "a second YAML document",
                    Location(file, mark.line + 1, mark.column + 1),
                    "put every profile in one list",
                )
            )
    except yaml.YAMLError as exc:
        raise InputError(_yaml_problem(exc, file)) from None
    except RecursionError:
        raise InputError(Problem("nested too deeply", Location(file))) from None
    finally:
        loader.dispose()


class RepeatedKey(ValueError):
    """A JSON object repeats a key (the located reader says where)."""


def unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An ``object_pairs_hook`` for json that refuses repeated keys."""
    result = dict(pairs)
    if len(result) != len(pairs):
        raise RepeatedKey("a repeated key")
    return result


def stream_json_items(stream: Any, file: str | None, chunk: int = 1 << 16) -> Iterator[tuple[Any, str, int, int, bool]]:
    """The items of a JSON array one at a time: (value, its text, line, column, clean).

    The file is read in chunks and each item decoded as soon as it is whole, so
    memory holds about one item and one chunk. A value that is not an array is
    one item. An item with a repeated key is not clean: ``parse_json`` of its
    text says where. A syntax error ends the stream with a located InputError.
    """
    strict = json.JSONDecoder(object_pairs_hook=unique_pairs)
    lenient = json.JSONDecoder()
    buf, eof = "", False
    line = 1  # the line at buf[0]
    col0 = 1  # the column at buf[0]
    size = chunk

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
        at_line, at_col = position(i)
        return InputError(Problem(f"malformed JSON: {message}", Location(file, at_line, at_col)))

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
                if not (cut and more()):
                    raise fail(exc.msg, exc.pos) from None
                size *= 2  # a long value: read in growing steps, not quadratically
                continue
            except RepeatedKey:
                clean = False  # decode it as it is, to find where it ends
                continue
            except RecursionError:
                raise fail("nested too deeply", i) from None
            except ValueError as exc:  # e.g. an integer too long to convert
                raise fail(str(exc).split(";")[0], i) from None
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
    while True:
        if i >= len(buf):
            raise fail("unexpected end of input, expected a value", i)
        value, end, clean = decode(i)
        at_line, at_col = position(i)
        yield value, buf[i:end], at_line, at_col, clean
        i = skip(end)
        if not array:
            if i < len(buf):
                raise fail("extra data after the value", i)
            return
        if i < len(buf) and buf[i] == ",":
            i = skip(i + 1)
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


# --------------------------------------------------------------------------- files


def looks_like_json(text: str, file: str | None) -> bool:
    if file and file.lower().endswith(".json"):
        return True
    if file and file.lower().endswith((".yaml", ".yml")):
        return False
    stripped = text.lstrip()
    return stripped[:1] in ("{", "[")


def open_text(path: str | Path, display: str | None = None) -> IO[str]:
    """Open a UTF-8 text file, or '-' for standard input, as an InputError on failure.

    Newlines are kept as they are (CSV needs that); a byte-order mark is dropped.
    """
    name = display or str(path)
    if str(path) == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(Problem("is a directory, expected a file", Location(name)))
        return p.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError(Problem("no such file", Location(name), "check the path")) from None
    except PermissionError:
        raise InputError(Problem("permission denied", Location(name))) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror}", Location(name))) from None


def read_text(path: str | Path, display: str | None = None) -> str:
    """Read a UTF-8 text file, or '-' for standard input, as an InputError on failure."""
    name = display or ("<stdin>" if str(path) == "-" else str(path))
    handle = open_text(path, name)
    try:
        return handle.read()
    except UnicodeDecodeError as exc:
        raise InputError(Problem(f"not UTF-8 text ({exc.reason} at byte {exc.start})", Location(name))) from None
    finally:
        if str(path) == "-":
            handle.detach()  # standard input stays open for whoever reads it next
        else:
            handle.close()


def load_document(path: str | Path, display: str | None = None) -> Document:
    """Read and parse a YAML or JSON file ('-' for standard input)."""
    name = display or ("<stdin>" if str(path) == "-" else str(path))
    text = read_text(path, name)
    if not text.strip():
        raise InputError(Problem("the file is empty", Location(name), "expected a profile or a list of profiles"))
    if looks_like_json(text, name):
        return parse_json(text, name)
    return parse_yaml(text, name)
