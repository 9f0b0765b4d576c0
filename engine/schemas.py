"""Checking data against the bundled JSON schemas, with errors a person can act on."""

from __future__ import annotations

import math
import re
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


def _best(error: ValidationError) -> ValidationError:
    while error.context:
        error = max(error.context, key=_relevance)
    return error


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return list(schema.get("properties", {}))


def problems(doc: Document, schema_name: str, what: str = "field") -> list[Problem]:
    """Every violation of the schema in doc, located and explained, in document order."""
    found: list[Problem] = []
    errors = sorted(validator(schema_name).iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        found.extend(_explain(doc, _best(error), what))
    # stable, document-ordered, no repeats
    unique = {(p.location, p.message): p for p in found}
    return sorted(
        unique.values(), key=lambda p: (p.location.line or 0, p.location.column or 0, p.location.pointer or "")
    )


def _explain(doc: Document, error: ValidationError, what: str) -> list[Problem]:
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
        null_ok = None in error.validator_value
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


# --------------------------------------------------------------------------- the fast path


def nonfinite_problems(doc: Document) -> list[Problem]:
    """NaN and infinities, which JSON Schema's bounds let through but no fact can be."""
    data = doc.data if isinstance(doc.data, dict) else {}
    return [
        Problem(f"expected a finite number, got {value}", doc.locate(f"/{name}"), "leave it out if it is unknown")
        for name, value in data.items()
        if isinstance(value, float) and not math.isfinite(value)
    ]


def _is_integer(v: Any) -> bool:
    # JSON Schema counts 3.0 as an integer, and booleans as neither integers nor numbers
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())


def _is_number(v: Any) -> bool:
    # a fact is a finite number: NaN and infinities are rejected (see nonfinite_problems)
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and math.isfinite(v))


def _profile_checker() -> Any:
    """A plain-Python test that a profile is valid, equivalent to the relationship schema.

    Batches check every row; jsonschema is used only for rows this test rejects,
    to explain what is wrong. A test keeps the two in agreement.
    """
    schema = load_schema("relationship")
    checks: dict[str, Any] = {}
    for name, prop in schema["properties"].items():
        types = prop.get("type")
        types = set(types) if isinstance(types, list) else {types} if types else set()
        nullable = "null" in types or None in prop.get("enum", ())
        lo, hi = prop.get("minimum"), prop.get("maximum")
        if "enum" in prop:
            options = frozenset(v for v in prop["enum"] if v is not None)
            checks[name] = lambda v, o=options: isinstance(v, str) and v in o
        elif "integer" in types or "number" in types:
            kind = _is_integer if "integer" in types else _is_number
            checks[name] = lambda v, k=kind, lo=lo, hi=hi: k(v) and (lo is None or v >= lo) and (hi is None or v <= hi)
        elif "boolean" in types:
            checks[name] = lambda v: isinstance(v, bool)
        elif name == "parties":
            pattern = re.compile(prop["items"]["pattern"])
            checks[name] = lambda v, p=pattern: (
                isinstance(v, list)
                and len(v) == 2
                and all(isinstance(x, str) and p.search(x) for x in v)
                and v[0] != v[1]
            )
        elif name == "sources":
            checks[name] = lambda v: (
                isinstance(v, list)
                and all(
                    isinstance(s, dict)
                    and isinstance(s.get("url"), str)
                    and len(s["url"]) >= 1
                    and set(s) <= {"url", "title"}
                    and isinstance(s.get("title", ""), str)
                    for s in v
                )
            )
        elif "array" in types:
            items = frozenset(prop["items"]["enum"])
            checks[name] = lambda v, o=items: (
                isinstance(v, list) and all(isinstance(x, str) and x in o for x in v) and len(set(v)) == len(v)
            )
        elif "string" in types:
            pattern = re.compile(prop["pattern"]) if "pattern" in prop else None
            min_length = prop.get("minLength", 0)
            checks[name] = lambda v, p=pattern, m=min_length: (
                isinstance(v, str) and len(v) >= m and (p is None or p.search(v))
            )
        if nullable:
            checks[name] = lambda v, c=checks[name]: v is None or c(v)
    required = tuple(schema["required"])

    def valid(data: Any) -> bool:
        if not isinstance(data, dict) or any(r not in data for r in required):
            return False
        for key, value in data.items():
            check = checks.get(key)
            if check is None or not check(value):
                return False
        return True

    return valid


profile_is_valid = _profile_checker()


def check_profile(doc: Document) -> None:
    """Raise InputError with every way the profile at doc breaks the vocabulary."""
    if profile_is_valid(doc.data):
        return
    found = problems(doc, "relationship")
    pointers = {p.location.pointer for p in found}
    found += [p for p in nonfinite_problems(doc) if p.location.pointer not in pointers]
    # the fast test and the schema agree (a test keeps them so); never let a disagreement pass
    raise InputError(
        found or [Problem("not a valid profile", doc.locate(""), "check it with `amity schema relationship`")]
    )
