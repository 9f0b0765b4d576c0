"""The bundled JSON schemas compiled into plain predicates: the checks every profile and every pack pass.

A valid profile or pack passes one of these and costs no walk of jsonschema; one that fails is
checked again by jsonschema, in ``schemas``, which says what is wrong and where. These are the
hot half of checking (every row of a dataset goes through ``profile_is_valid``, or its field
checks, ``profile_field_checks``), kept apart from the wording of what a bad input breaks, so
that the build compiles them with mypyc (``setup.py``) and leaves the wording as Python.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from .document import Underflowed, WithExponent, pointer_token
from .vocabulary import fields, load_schema

# --------------------------------------------------------------------------- the fast check
#
# Batches check every row, so the check of a profile is on the hot path. jsonschema
# walks the schema for each row, which is several times slower than it need be
# (bench/bench_check.py measures both); instead the relationship schema itself is
# compiled, once, into plain-Python predicates. Only the keywords below are compiled,
# and a schema using any other raises, so the schema cannot grow a constraint the
# check would silently skip. jsonschema is used only for rows the check rejects, to
# explain what is wrong; a test holds the two in agreement.

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"title", "description", "$schema", "$id", "$comment", "default", "examples"})
#: The keywords compiled, by the type of value they constrain.
_KEYWORDS: dict[str, frozenset[str]] = {
    "integer": frozenset({"minimum", "maximum"}),
    "number": frozenset({"minimum", "maximum"}),
    "string": frozenset({"minLength", "pattern"}),
    "array": frozenset({"items", "minItems", "maxItems", "uniqueItems"}),
    "object": frozenset({"required", "properties", "additionalProperties"}),
    "boolean": frozenset(),
    "null": frozenset(),
}
_TYPED = frozenset().union(*_KEYWORDS.values())


def _is_integer(v: Any) -> bool:
    # JSON Schema counts 3.0 as an integer, and booleans as neither integers nor numbers; 1e-400 is no 0;
    # 1E1 is refused (overflow_problems says the digits to write), as a CSV cell's is. The class is looked at
    # before isinstance: compiled, a value known to be a float is a C double, which has lost its subclass
    kind = type(v)
    if kind is Underflowed or kind is WithExponent:
        return False
    return (isinstance(v, int) and kind is not bool) or (isinstance(v, float) and v.is_integer())


def _is_number(v: Any) -> bool:
    # beyond the schema: a fact is a finite number within a float's range (NaN and infinities: see
    # nonfinite_problems; 1e400, or its 401 digits written out: overflow_problems); 1e-400 is no 0.0
    # (its class looked at first, as in _is_integer)
    if type(v) is Underflowed:
        return False
    if isinstance(v, int):
        return not isinstance(v, bool) and -FLOAT_MOST <= v <= FLOAT_MOST
    return isinstance(v, float) and math.isfinite(v)


#: the largest finite float: a number of the vocabulary is within it (a whole number of digits may be larger)
FLOAT_MOST = sys.float_info.max


def _is_boolean(v: Any) -> bool:
    return v is True or v is False


def compile_check(schema: dict[str, Any]) -> Check:
    """A plain-Python predicate that holds exactly when a value is valid under schema.

    Besides the schema, numbers must be finite. It compiles ``type`` (one type, or
    one and null), ``enum`` (of strings and null) and the keywords in ``_KEYWORDS``;
    any other keyword raises ValueError.
    """
    _known_keywords(schema)
    if "enum" in schema:
        options = _options(schema)

        def member(v: Any) -> bool:
            try:
                return v in options  # members are strings and None: no number or boolean equals one
            except TypeError:  # a list or a mapping
                return False

        return member
    core, null = _typed(schema)
    return (lambda v: v is None or core(v)) if null else core


def _known_keywords(schema: dict[str, Any]) -> None:
    """Raises ValueError for a keyword the fast check does not compile."""
    unknown = sorted(
        k for k in schema if k not in _TYPED and k not in _ANNOTATIONS and k not in ("type", "enum") and k[:2] != "x-"
    )
    if unknown:
        raise ValueError(f"the fast check does not compile the keyword(s) {', '.join(unknown)}")


def _kinds(schema: dict[str, Any]) -> tuple[set[str], bool]:
    """The types a schema's ``type`` allows besides null (every type where it says none), and whether null."""
    declared = schema.get("type")
    types = set(_KEYWORDS) if declared is None else {declared} if isinstance(declared, str) else set(declared)
    return types - {"null"}, "null" in types


def _typed(schema: dict[str, Any]) -> tuple[Check, bool]:
    """A schema without ``enum`` compiled: the check of its one type, and whether it also accepts null."""
    kinds, null = _kinds(schema)
    if len(kinds) == 1:
        (kind,) = kinds
        return _COMPILERS[kind](schema), null
    if _TYPED & set(schema) or schema.get("type") is not None:
        raise ValueError("the fast check compiles schemas of one type (or one type and null)")
    return (lambda v: True), False  # {} or annotations only


def _options(schema: dict[str, Any]) -> frozenset[Any]:
    """The members of an enum that the rest of the schema also accepts."""
    members = schema["enum"]
    if not all(m is None or isinstance(m, str) for m in members):
        raise ValueError("the fast check compiles enums of strings and null only")
    rest = compile_check({k: v for k, v in schema.items() if k != "enum"})
    return frozenset(m for m in members if rest(m))


def _numeric(is_kind: Check, most: float | None = None) -> Callable[[dict[str, Any]], Check]:
    """The check of a kind of number under its bounds; ``most``: the largest int of the kind (a number's
    must be within a float's range), however large the schema's maximum."""

    def compile_numeric(schema: dict[str, Any]) -> Check:
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if most is not None:
            hi = most if hi is None else min(hi, most)
        if lo is not None and hi is not None:

            def within(v: Any) -> bool:
                if type(v) is int:  # the common case, decided at once
                    return bool(lo <= v <= hi)
                return is_kind(v) and lo <= v <= hi

            return within
        if lo is not None:

            def above(v: Any) -> bool:
                if type(v) is int:
                    return bool(lo <= v)
                return is_kind(v) and lo <= v

            return above
        if hi is not None:
            return lambda v: is_kind(v) and v <= hi
        return is_kind

    return compile_numeric


def _string(schema: dict[str, Any]) -> Check:
    least = schema.get("minLength", 0)
    search = re.compile(schema["pattern"]).search if "pattern" in schema else None  # as jsonschema: re.search
    if search is None:
        return lambda v: isinstance(v, str) and len(v) >= least
    return lambda v: isinstance(v, str) and len(v) >= least and search(v) is not None


#: the most strings a check keeps as found valid (of an array's items, of a string property), each of at most
#: ACCEPTED_LENGTH characters: what recurs (a party's code, a declared label), not what is one row's own (a long
#: id, a source's title), which it would only hold on to; when full, they are let go
ACCEPTED_KEPT = 4_096
ACCEPTED_LENGTH = 64


def _keep(accepted: set[str], value: str) -> None:
    """Note a string found valid (see ACCEPTED_KEPT)."""
    if len(value) <= ACCEPTED_LENGTH:
        if len(accepted) >= ACCEPTED_KEPT:
            accepted.clear()
        accepted.add(value)


def _array(schema: dict[str, Any]) -> Check:
    least, most = schema.get("minItems", 0), schema.get("maxItems")
    items = schema.get("items")
    unique = schema.get("uniqueItems", False)
    if items is not None and "enum" in items:
        # the common case (a set field): every item one of a few strings
        options = _options(items)

        def all_items(v: list[Any]) -> bool:
            try:
                return options.issuperset(v)
            except TypeError:
                return False

        hashable = True  # the items, once checked, are strings (or None)
    elif items is not None and items.get("type") == "string":
        item = compile_check(items)
        hashable = True
        # the strings found valid, each checked once: most repeat (a party's code), and a string's validity is
        # its own (see ACCEPTED_KEPT)
        accepted: set[str] = set()

        def all_items(v: list[Any]) -> bool:
            try:
                if accepted.issuperset(v):
                    return True
            except TypeError:  # an item that is a list or a mapping: no string
                return False
            if not all(map(item, v)):
                return False
            for x in v:
                _keep(accepted, x)
            return True

    elif items is not None:
        item = compile_check(items)
        hashable = False

        def all_items(v: list[Any]) -> bool:
            return all(map(item, v))

    else:
        hashable = False

        def all_items(v: list[Any]) -> bool:
            return True

    def distinct(v: list[Any]) -> bool:
        if not unique:
            return True
        if hashable:
            return len(set(v)) == len(v)
        keys = [_identity(x) for x in v]
        return len(set(keys)) == len(keys)

    if items is not None and "enum" in items:
        # the common case (a set field) in one function: every item one of a few strings, each once

        def check_set(v: Any) -> bool:
            if not isinstance(v, list):
                return False
            n = len(v)
            if n < least or (most is not None and n > most):
                return False
            try:
                if not options.issuperset(v):
                    return False
            except TypeError:
                return False
            return not unique or len(set(v)) == n

        return check_set

    def check(v: Any) -> bool:
        return (
            isinstance(v, list)
            and len(v) >= least
            and (most is None or len(v) <= most)
            and all_items(v)
            and distinct(v)
        )

    return check


def _identity(v: Any) -> Any:
    """A hashable key equal for values JSON Schema counts equal (1 and 1.0, not 1 and true)."""
    if isinstance(v, bool) or v is None:
        return ("literal", v)
    if isinstance(v, (int, float)):
        return ("number", v)
    if isinstance(v, list):
        return ("array", tuple(_identity(x) for x in v))
    if isinstance(v, dict):
        return ("object", frozenset((k, _identity(x)) for k, x in v.items()))
    return ("string", v)


def _object(schema: dict[str, Any]) -> Check:
    required = tuple(schema.get("required", ()))
    properties: dict[str, Check] = {}
    nullable: set[str] = set()  # properties whose check is their type's, null aside: one call per value, not two
    # the values most properties take, accepted without a call of their check (any other value is checked):
    # a string of an enum (or one found valid before), a number of a kind within its bounds, a boolean's true or
    # false, and a set's strings, each once
    strings: dict[str, frozenset[Any]] = {}
    ranges: dict[str, tuple[Any, Any, bool]] = {}  # minimum, maximum, whether floats are of the kind
    booleans: set[str] = set()  # properties of which true and false are valid (a boolean's)
    #: sets: arrays of the strings of an enum, each once: a bit for each string, the least and most items
    sets: dict[str, tuple[dict[Any, int], int, int]] = {}
    #: the strings found valid of each string property that has no enum and names no case, each checked once
    #: (a declared label recurs; see ACCEPTED_KEPT)
    learned: dict[str, set[str]] = {}
    for name, sub in schema.get("properties", {}).items():
        if "enum" in sub:
            properties[name] = compile_check(sub)
            strings[name] = _options(sub)
            continue
        _known_keywords(sub)
        properties[name], null = _typed(sub)
        if null:
            nullable.add(name)
        bounds = _bounds(sub)
        if bounds is not None:
            ranges[name] = bounds
        kinds = _kinds(sub)[0]
        if kinds == {"boolean"}:
            booleans.add(name)
        elif kinds == {"string"} and sub.get("x-amity", {}).get("kind") != "identity":
            learned[name] = set()  # not a case's id, which each row has of its own: nothing to learn from it
        elif kinds == {"array"} and "enum" in sub.get("items", {}) and sub.get("uniqueItems"):
            bits = {item: 1 << i for i, item in enumerate(sorted(_options(sub["items"]), key=str))}
            sets[name] = (bits, sub.get("minItems", 0), sub.get("maxItems", sys.maxsize))
    extra = schema.get("additionalProperties", True)
    other: Check | None = None if extra is False else (lambda v: True) if extra is True else compile_check(extra)

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return False
        for name in required:
            if name not in v:
                return False
        for name, value in v.items():
            kind = type(value)
            if kind is str:
                options = strings.get(name)
                if options is not None:
                    if value in options:
                        continue
                else:
                    known = learned.get(name)
                    if known is not None and value in known:
                        continue
            elif kind is int or kind is float:  # exactly: a bool, 1e-400 (Underflowed) or 1E1 is checked
                bounds = ranges.get(name)
                if bounds is not None and (kind is int or bounds[2]) and bounds[0] <= value <= bounds[1]:
                    continue
            elif kind is bool:
                if name in booleans:
                    continue
            elif kind is list:
                found = sets.get(name)
                if found is not None:
                    bits, least, most = found
                    if least <= len(value) <= most:
                        seen = 0  # the strings met, as bits: one met twice, or any other item, is checked below
                        for item in value:
                            bit = bits.get(item) if type(item) is str else None
                            if bit is None or seen & bit:
                                break
                            seen |= bit
                        else:
                            continue
            elif value is None and name in nullable:
                continue
            test = properties.get(name, other)
            if test is None or not test(value):
                return False
            if kind is str:
                known = learned.get(name)
                if known is not None:
                    _keep(known, value)
        return True

    return check


def _bounds(schema: dict[str, Any]) -> tuple[Any, Any, bool] | None:
    """A number property's bounds: its minimum, its maximum (a number's within a float's range; a bound the
    schema leaves out is none: infinite), and whether a float may be of its kind (a number's, not an
    integer's: 3.0 is checked)."""
    kinds, _ = _kinds(schema)
    if kinds == {"integer"}:
        return schema.get("minimum", -math.inf), schema.get("maximum", math.inf), False
    if kinds == {"number"}:
        return (
            max(schema.get("minimum", -FLOAT_MOST), -FLOAT_MOST),
            min(schema.get("maximum", FLOAT_MOST), FLOAT_MOST),
            True,
        )
    return None


_COMPILERS: dict[str, Callable[[dict[str, Any]], Check]] = {
    "integer": _numeric(_is_integer),
    "number": _numeric(_is_number, FLOAT_MOST),
    "string": _string,
    "array": _array,
    "object": _object,
    "boolean": lambda schema: _is_boolean,
}


#: Whether a profile is valid: the relationship schema, compiled (and numbers finite).
profile_is_valid: Check = compile_check(load_schema("relationship"))


@cache
def profile_field_checks() -> tuple[dict[str, Check], tuple[str, ...]]:
    """The fast check of profiles, field by field: a predicate per field of the vocabulary, and the required fields.

    A profile (a mapping of fields of the vocabulary) passes ``profile_is_valid``
    exactly when it has the required fields and each value passes its field's
    predicate: what a reader that checks values one at a time needs. A field the
    schema does not allow gets a predicate that always fails.
    """
    schema = load_schema("relationship")
    extra = schema.get("additionalProperties", True)
    other: Check = (lambda v: False) if extra is False else (lambda v: True) if extra is True else compile_check(extra)
    properties = schema.get("properties", {})
    checks = {name: compile_check(properties[name]) if name in properties else other for name in fields()}
    return checks, tuple(schema.get("required", ()))


# --------------------------------------------------------------------------- the pack check
#
# A 10,000-rule pack is a large document, and jsonschema walks it several times slower than
# a compiled check. The pack schema is compiled like the relationship schema, but by each
# keyword's own meaning in JSON Schema (a keyword constrains only values of its type, ``$ref``,
# ``anyOf`` and ``not`` combine), since the pack schema is recursive and mixes types. A pack that
# passes is valid; one that fails is checked again by jsonschema, which says what is wrong and
# where. The compiled check may be stricter than the schema (numbers must be finite; the pack's
# own check then reports them), never laxer: a test holds it so.

_GENERAL = frozenset(
    {
        "type",
        "enum",
        "const",
        "$ref",
        "anyOf",
        "not",
        "properties",
        "additionalProperties",
        "required",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "propertyNames",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minLength",
        "pattern",
        "minimum",
        "maximum",
    }
)
_IS_TYPE: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": _is_boolean,
    "null": lambda v: v is None,
    "integer": _is_integer,
    "number": _is_number,
}


def compile_schema(schema: dict[str, Any] | bool, root: dict[str, Any] | None = None) -> Check:
    """A plain-Python predicate that holds only for values valid under schema (numbers finite).

    Compiles the keywords in ``_GENERAL`` with JSON Schema's meaning, ``$ref`` to
    ``#/$defs/...`` of ``root`` (recursion allowed); any other keyword raises ValueError.
    """
    refs: dict[str, Check] = {}
    return _General(root if root is not None else schema, refs).compile(schema)


class _General:
    def __init__(self, root: Any, refs: dict[str, Check]) -> None:
        self.root = root
        self.refs = refs

    def ref(self, target: str) -> Check:
        found = self.refs.get(target)
        if found is not None:
            return found
        if not target.startswith("#/"):
            raise ValueError(f"the pack check compiles references within the schema only, not {target}")
        box: list[Check] = []
        self.refs[target] = lambda v: box[0](v)  # a recursive reference finds itself while compiling
        schema = self.root
        for token in target[2:].split("/"):
            schema = schema[pointer_token(token)]
        box.append(self.compile(schema))
        self.refs[target] = box[0]
        return box[0]

    def compile(self, schema: dict[str, Any] | bool) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        unknown = sorted(
            k for k in schema if k not in _GENERAL and k not in _ANNOTATIONS and k != "$defs" and k[:2] != "x-"
        )
        if unknown:
            raise ValueError(f"the pack check does not compile the keyword(s) {', '.join(unknown)}")
        checks: list[Check] = []
        if "type" in schema:
            declared = schema["type"]
            kinds = [_IS_TYPE[t] for t in ([declared] if isinstance(declared, str) else declared)]
            checks.append(kinds[0] if len(kinds) == 1 else lambda v: any(k(v) for k in kinds))
        if "enum" in schema:
            options = frozenset(_identity(o) for o in schema["enum"])
            checks.append(lambda v: _identity(v) in options)
        if "const" in schema:
            const = _identity(schema["const"])
            checks.append(lambda v: _identity(v) == const)
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"]))
        if "anyOf" in schema:
            alternatives = [self.compile(s) for s in schema["anyOf"]]
            checks.append(lambda v: any(a(v) for a in alternatives))
        if "not" in schema:
            negated = self.compile(schema["not"])
            checks.append(lambda v: not negated(v))
        checks += self._object(schema) + self._array(schema) + self._scalar(schema)
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(c(v) for c in checks)

    def _object(self, schema: dict[str, Any]) -> list[Check]:
        out: list[Check] = []
        if any(k in schema for k in ("properties", "additionalProperties", "required", "propertyNames")):
            required = tuple(schema.get("required", ()))
            properties = {name: self.compile(sub) for name, sub in schema.get("properties", {}).items()}
            extra = schema.get("additionalProperties", True)
            other = self.compile(extra)
            names = self.compile(schema["propertyNames"]) if "propertyNames" in schema else None

            def members(v: Any) -> bool:
                if not isinstance(v, dict):
                    return True
                if any(name not in v for name in required):
                    return False
                for name, value in v.items():
                    if names is not None and not names(name):
                        return False
                    if not properties.get(name, other)(value):
                        return False
                return True

            out.append(members)
        lo, hi = schema.get("minProperties", 0), schema.get("maxProperties")
        if lo or hi is not None:
            out.append(lambda v: not isinstance(v, dict) or (len(v) >= lo and (hi is None or len(v) <= hi)))
        if "dependentRequired" in schema:
            needs = {k: tuple(vs) for k, vs in schema["dependentRequired"].items()}
            out.append(lambda v: not isinstance(v, dict) or all(all(n in v for n in needs[k]) for k in needs if k in v))
        return out

    def _array(self, schema: dict[str, Any]) -> list[Check]:
        out: list[Check] = []
        if "items" in schema:
            item = self.compile(schema["items"])
            out.append(lambda v: not isinstance(v, list) or all(map(item, v)))
        lo, hi = schema.get("minItems", 0), schema.get("maxItems")
        if lo or hi is not None:
            out.append(lambda v: not isinstance(v, list) or (len(v) >= lo and (hi is None or len(v) <= hi)))
        if schema.get("uniqueItems"):
            out.append(lambda v: not isinstance(v, list) or len({_identity(x) for x in v}) == len(v))
        return out

    def _scalar(self, schema: dict[str, Any]) -> list[Check]:
        out: list[Check] = []
        least = schema.get("minLength", 0)
        search = re.compile(schema["pattern"]).search if "pattern" in schema else None  # as jsonschema: re.search
        if least or search is not None:
            out.append(
                lambda v: not isinstance(v, str) or (len(v) >= least and (search is None or search(v) is not None))
            )
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if lo is not None or hi is not None:

            def bounded(v: Any) -> bool:
                if not isinstance(v, (int, float)) or isinstance(v, bool):
                    return True
                if isinstance(v, float) and not math.isfinite(v):
                    return False  # stricter than the schema: the caller's own check explains
                return (lo is None or v >= lo) and (hi is None or v <= hi)

            out.append(bounded)
        return out


@cache
def schema_check(name: str) -> Check:
    """The bundled schema ``name``, compiled (``compile_schema``): True only for valid data."""
    schema = load_schema(name)
    return compile_schema(schema, schema)


def whole_numbers(profile: dict[str, Any]) -> dict[str, Any]:
    """A valid profile with each value of a field of whole numbers written with a fraction of zeros in JSON
    or YAML (``as_of: 2023.0``, which JSON Schema's integer takes) read as the whole number (2023), as CSV
    and Parquet read it: shown as 2023, never 2023.0. The same mapping, changed in place."""
    for name in _whole_fields():
        value = profile.get(name)
        if type(value) is float and value.is_integer():
            profile[name] = int(value)
    return profile


@cache
def _whole_fields() -> tuple[str, ...]:
    return tuple(name for name, spec in fields().items() if spec.kind == "integer")
