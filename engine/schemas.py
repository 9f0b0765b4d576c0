"""Checking data against the bundled JSON schemas, with errors a person can act on."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from .document import Document, pointer_of
from .errors import InputError, Problem, did_you_mean
from .vocabulary import load_schema

_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null (unknown)",
}


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = load_schema(name)
    return jsonschema.Draft202012Validator(schema, format_checker=None)


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'" if len(value) < 60 else f"'{value[:57]}...'"
    if isinstance(value, (int, float)):
        return f"{value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


def _relevance(error: ValidationError) -> tuple[int, int, int]:
    # Prefer an error that is not about the type, from the branch written for the value's
    # type (a mapping given where a scalar or a mapping is allowed: the mapping's branch),
    # then the deepest.
    declared = error.schema.get("type") if isinstance(error.schema, dict) else None
    declared = declared if isinstance(declared, list) else [declared]
    fits = _JSON_TYPES.get(type(error.instance)) in declared or (
        isinstance(error.instance, int) and not isinstance(error.instance, bool) and "number" in declared
    )
    return (0 if error.validator == "type" else 1, 1 if fits else 0, len(error.path))


def _best(error: ValidationError) -> tuple[ValidationError, bool]:
    """The error to explain, and whether null would have done at its place (``anyOf: [..., {type: null}]``)."""
    null_ok = False
    while error.context:
        here = error.validator in ("anyOf", "oneOf") and {"type": "null"} in error.validator_value
        error = max(error.context, key=_relevance)
        null_ok = (null_ok or here) and not error.path
    return error, null_ok


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return list(schema.get("properties", {}))


def problems(doc: Document, schema_name: str, what: str = "field") -> list[Problem]:
    """Every violation of the schema in doc, located and explained, in document order."""
    found: list[Problem] = []
    errors = sorted(validator(schema_name).iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        found.extend(_explain(doc, *_best(error), what))
    # stable, document-ordered, no repeats
    unique = {(p.location, p.message): p for p in found}
    return sorted(
        unique.values(), key=lambda p: (p.location.line or 0, p.location.column or 0, p.location.pointer or "")
    )


def _explain(doc: Document, error: ValidationError, null_ok: bool, what: str) -> list[Problem]:
    pointer = pointer_of(error.absolute_path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    here = doc.locate(pointer)
    if kind == "additionalProperties":
        allowed = _allowed_keys(schema)
        out = []
        for key in sorted(set(value) - set(allowed), key=list(value).index):
            key_pointer = f"{pointer}/{key}"
            hint = did_you_mean(key, allowed)
            if hint is None:
                hint = (
                    f"expected one of: {', '.join(allowed)}"
                    if len(allowed) <= 12
                    else f"not one of the {len(allowed)} {what}s the schema allows"
                )
            out.append(Problem(f"unknown {what} '{key}'", doc.locate(key_pointer, key=True), hint))
        return out
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        return [Problem(f"missing required {what} '{name}'", here)]
    if kind == "enum":
        options = [o for o in error.validator_value if o is not None]
        shown = ", ".join(str(o) for o in options)
        null_ok = null_ok or None in error.validator_value
        message = f"unknown value {describe(value)}; expected one of: {shown}" + (
            " (or null for unknown)" if null_ok else ""
        )
        return [Problem(message, here, did_you_mean(value, [str(o) for o in options]))]
    if kind == "const":
        return [Problem(f"expected {describe(error.validator_value)}, got {describe(value)}", here)]
    if kind == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
        hint = None
        if isinstance(value, str) and any(t in ("integer", "number") for t in types):
            hint = "write the number without quotes"
        elif isinstance(value, str) and "array" in types:
            hint = "write a list, e.g. [a, b]"
        return [Problem(f"expected {expected}, got {describe(value)}", here, hint)]
    if kind in ("minItems", "maxItems"):
        lo, hi = schema.get("minItems"), schema.get("maxItems")
        count = len(value)
        want = f"exactly {lo}" if lo == hi else f"at least {lo}" if kind == "minItems" else f"at most {hi}"
        return [Problem(f"expected {want} item{'s' if (lo or hi) != 1 else ''}, got {count}", here)]
    if kind == "uniqueItems":
        seen, repeated = set(), None
        for item in value:
            key = repr(item)
            if key in seen:
                repeated = item
                break
            seen.add(key)
        return [Problem(f"items must not repeat ({describe(repeated)} appears twice)", here)]
    if kind == "pattern":
        desc = schema.get("description", "")
        return [
            Problem(
                f"{describe(value)} is not of the expected form{': ' + desc if desc else ''} (pattern {error.validator_value})",
                here,
            )
        ]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "above", "exclusiveMaximum": "below"}
        return [Problem(f"expected a value {words[kind]} {error.validator_value}, got {describe(value)}", here)]
    if kind == "minLength":
        return [Problem("expected a non-empty string", here)]
    if kind in ("minProperties", "maxProperties"):
        keys = list(value) if isinstance(value, dict) else []
        if "all" in _allowed_keys(schema):  # a rule condition
            if not keys:
                return [Problem("a condition needs exactly one key: all, any, not, finding, or a fact field", here)]
            return [
                Problem(
                    f"a condition has exactly one key, got {len(keys)}: {', '.join(keys)}",
                    here,
                    "wrap them in 'all:' (every one must hold) or 'any:' (one suffices)",
                )
            ]
        return [
            Problem(
                f"expected {'at least' if kind == 'minProperties' else 'at most'} {error.validator_value} keys, got {len(keys)}",
                here,
            )
        ]
    if kind == "dependentRequired":
        return [Problem(error.message.replace("is a dependency of", "is needed with"), here)]
    if kind == "oneOf":
        return [
            Problem(
                f"expected exactly one of: {', '.join(sorted(s.get('required', ['?'])[0] for s in error.validator_value))}",
                here,
            )
        ]
    if kind == "anyOf":
        alternatives = [s.get("required") for s in error.validator_value if s.get("required")]
        if alternatives:
            return [Problem("expected " + " or ".join(" and ".join(r) for r in alternatives), here)]
    return [Problem(error.message, here)]


# --------------------------------------------------------------------------- profiles


def check_profile(doc: Document) -> None:
    """Raise InputError with every way the profile at doc breaks the vocabulary."""
    if profile_is_valid(doc.data):
        return
    found = problems(doc, "relationship")
    pointers = {p.location.pointer for p in found}
    found += [p for p in nonfinite_problems(doc) if p.location.pointer not in pointers]
    # the fast check and the schema agree (a test keeps them so); never let a disagreement pass
    raise InputError(
        found or [Problem("not a valid profile", doc.locate(""), "check it with `amity schema relationship`")]
    )


def nonfinite_problems(doc: Document) -> list[Problem]:
    """NaN and infinities, which JSON Schema's bounds let through but no fact can be."""
    data = doc.data if isinstance(doc.data, dict) else {}
    return [
        Problem(f"expected a finite number, got {value}", doc.locate(f"/{name}"), "leave it out if it is unknown")
        for name, value in data.items()
        if isinstance(value, float) and not math.isfinite(value)
    ]


# --------------------------------------------------------------------------- the fast check
#
# Batches check every row, so the check of a profile is on the hot path. jsonschema
# walks the schema for each row, which is several times slower than it need be
# (bench/check_profiles.py measures both); instead the relationship schema itself is
# compiled, once, into plain-Python predicates. Only the keywords below are compiled,
# and a schema using any other raises, so the schema cannot grow a constraint the
# check would silently skip. jsonschema is used only for rows the check rejects, to
# explain what is wrong; a test holds the two in agreement.

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset({"title", "description", "$schema", "$id", "$comment", "default", "examples"})
_COMPILED = frozenset(
    {
        "type",
        "enum",
        "minimum",
        "maximum",
        "minLength",
        "pattern",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "required",
        "properties",
        "additionalProperties",
    }
)


def _is_integer(v: Any) -> bool:
    # JSON Schema counts 3.0 as an integer, and booleans as neither integers nor numbers
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())


def _is_number(v: Any) -> bool:
    # beyond the schema: a fact is a finite number (NaN and infinities: see nonfinite_problems)
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and math.isfinite(v))


_TYPES: dict[str, Check] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": _is_integer,
    "number": _is_number,
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


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


def _unique(v: list[Any]) -> bool:
    keys = [_identity(x) for x in v]
    return len(set(keys)) == len(keys)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    return lambda v: all(check(v) for check in checks)


def _only(types: set[str] | None, kinds: set[str], check: Check, is_kind: Check) -> Check:
    """check, applied only to values of the kinds it constrains (as JSON Schema applies keywords)."""
    if types is not None and types <= kinds:
        return check  # the type keyword already holds every value to these kinds
    return lambda v: not is_kind(v) or check(v)


def compile_check(schema: dict[str, Any]) -> Check:
    """A plain-Python predicate that holds exactly when the value is valid under schema.

    Besides the schema, numbers must be finite. Raises ValueError for a keyword it does not compile.
    """
    unknown = sorted(k for k in schema if k not in _COMPILED and k not in _ANNOTATIONS and not k.startswith("x-"))
    if unknown:
        raise ValueError(f"the fast check does not compile the keyword(s) {', '.join(unknown)}")
    declared = schema.get("type")
    types = None if declared is None else {declared} if isinstance(declared, str) else set(declared)
    enum = schema.get("enum")
    null_ok = (types is None or "null" in types) and (enum is None or None in enum)
    if types is not None:
        types = types - {"null"}
    checks: list[Check] = []
    if types is not None:
        tests = [_TYPES[t] for t in sorted(types)]
        checks.append(tests[0] if len(tests) == 1 else lambda v: any(t(v) for t in tests))
    if enum is not None:
        members = [e for e in enum if e is not None]
        if not all(isinstance(e, str) for e in members):
            raise ValueError("the fast check compiles enums of strings (and null) only")
        options = frozenset(members)
        checks.append(lambda v: isinstance(v, str) and v in options)
    checks += _numeric(schema, types) + _string(schema, types) + _array(schema, types) + _object(schema, types)
    check = _all(checks)
    # null is valid unless the type or the enum leaves it out, and then their checks reject it
    return (lambda v: v is None or check(v)) if null_ok else check


def _numeric(schema: dict[str, Any], types: set[str] | None) -> list[Check]:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    if lo is None and hi is None:
        return []
    if lo is not None and hi is not None:
        bounded: Check = lambda v: lo <= v <= hi  # noqa: E731
    elif lo is not None:
        bounded = lambda v: lo <= v  # noqa: E731
    else:
        bounded = lambda v: v <= hi  # noqa: E731
    return [
        _only(types, {"integer", "number"}, bounded, lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    ]


def _string(schema: dict[str, Any], types: set[str] | None) -> list[Check]:
    checks: list[Check] = []
    if "minLength" in schema:
        least = schema["minLength"]
        checks.append(lambda v: len(v) >= least)
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search  # as jsonschema matches: re.search
        checks.append(lambda v: search(v) is not None)
    return [_only(types, {"string"}, _all(checks), _TYPES["string"])] if checks else []


def _array(schema: dict[str, Any], types: set[str] | None) -> list[Check]:
    checks: list[Check] = []
    if "items" in schema:
        item = compile_check(schema["items"])
        checks.append(lambda v: all(item(x) for x in v))
    least, most = schema.get("minItems"), schema.get("maxItems")
    if least is not None:
        checks.append(lambda v: len(v) >= least)
    if most is not None:
        checks.append(lambda v: len(v) <= most)
    if schema.get("uniqueItems"):
        checks.append(_unique)
    return [_only(types, {"array"}, _all(checks), _TYPES["array"])] if checks else []


def _object(schema: dict[str, Any], types: set[str] | None) -> list[Check]:
    if not {"required", "properties", "additionalProperties"} & set(schema):
        return []
    required = tuple(schema.get("required", ()))
    properties = {name: compile_check(sub) for name, sub in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    if extra is False:
        extra_check: Check | None = None
    elif extra is True:
        extra_check = lambda v: True  # noqa: E731
    else:
        extra_check = compile_check(extra)

    def holds(v: dict[str, Any]) -> bool:
        for name in required:
            if name not in v:
                return False
        for name, value in v.items():
            check = properties.get(name, extra_check)
            if check is None or not check(value):
                return False
        return True

    return [_only(types, {"object"}, holds, _TYPES["object"])]


#: Whether a profile is valid: the relationship schema, compiled (and numbers finite).
profile_is_valid: Check = compile_check(load_schema("relationship"))
