"""The bundled JSON schemas, generated from the vocabulary and the operator table.

The relationship, pack, assessment and packtest schemas (``schemas/*.schema.json``)
are built here from two tables: the fields of the vocabulary
(``amity.engine.vocabulary.FIELDS``, with the output value lists
``LEVELS``, ``RISKS``, ``RATINGS``, ``VERDICTS``) and the operators each kind of
field accepts (``amity.engine.conditions.OPERATORS``). What repeats is written
once under ``$defs`` and referenced. A test holds the committed files equal to
what this module builds; after changing a table, regenerate them with

    python -m amity.engine.schema_build --write

and ``--check`` exits 1 when a committed file differs from what it would build.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .conditions import MEANINGS, OPERATORS, SIZE_COMPARISONS
from .vocabulary import (
    CASE_ID,
    FIELDS,
    LEVELS,
    PARTY_CODE,
    RATINGS,
    REQUIRED,
    RISKS,
    SCHEMA_DIR,
    VERDICTS,
    FieldSpec,
)

Schema = dict[str, Any]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://amity.invalid/schemas"

#: Names of rules, findings and lexicon entries: see the note on patterns in vocabulary.py.
NAME = r"^[a-z][a-z0-9_-]*(?![\s\S])"
PACK_NAME = r"^[a-z][a-z0-9-]*(?![\s\S])"
CASE_NAME = r"^[a-z0-9][a-z0-9_-]*(?![\s\S])"
# Semantic versioning; [0-9], not \d, which in Python also matches other scripts' digits.
VERSION = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?(?![\s\S])"


def ref(name: str, **annotations: Any) -> Schema:
    """A reference to ``#/$defs/name``, with annotations (a description) beside it."""
    return {"$ref": f"#/$defs/{name}", **annotations}


def _header(name: str, title: str, description: str) -> Schema:
    return {"$schema": DIALECT, "$id": f"{BASE_ID}/{name}.schema.json", "title": title, "description": description}


def _with_null(name: str, **annotations: Any) -> Schema:
    """A value of ``#/$defs/name``, or null."""
    return {"anyOf": [ref(name), {"type": "null"}], **annotations}


def _facts() -> list[FieldSpec]:
    return [spec for spec in FIELDS if spec.is_fact]


def _described(spec: FieldSpec) -> str:
    return f"[{spec.section}] {spec.description}" if spec.section else spec.description


# --------------------------------------------------------------------------- relationship


def _source_item() -> Schema:
    return {
        "type": "object",
        "required": ["url"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "description": "What the source is."},
            "url": {"type": "string", "minLength": 1, "description": "Where to find it."},
        },
    }


#: The shape of the fields that name the case rather than describe it.
_IDENTITY: dict[str, Callable[[], Schema]] = {
    "id": lambda: {"type": "string", "minLength": 1, "pattern": CASE_ID},
    "parties": lambda: {
        "type": "array",
        "minItems": 2,
        "maxItems": 2,
        "uniqueItems": True,
        "items": {"type": "string", "pattern": PARTY_CODE, "description": "A party code in upper case."},
    },
    "sources": lambda: {"type": ["array", "null"], "items": _source_item()},
}


def _field_domain(spec: FieldSpec) -> Schema:
    """What a profile may hold in the field (null, for a fact, is unknown)."""
    if spec.kind == "identity":
        return _IDENTITY[spec.name]()
    if spec.kind == "label":
        return {"type": ["string", "null"], "minLength": 1}
    if spec.kind in ("enum", "ordinal"):
        return {"enum": [*spec.values, None]}
    if spec.kind == "set":
        return {"type": ["array", "null"], "uniqueItems": True, "items": {"enum": list(spec.values)}}
    domain: Schema = {"type": [spec.kind, "null"]}
    if spec.minimum is not None:
        domain["minimum"] = spec.minimum
    if spec.maximum is not None:
        domain["maximum"] = spec.maximum
    return domain


def relationship() -> Schema:
    properties = {
        spec.name: {
            "title": spec.title,
            "description": _described(spec),
            **_field_domain(spec),
            "x-amity": {"kind": spec.kind},
        }
        for spec in FIELDS
    }
    return {
        **_header(
            "relationship",
            "Relationship profile",
            "Facts about a relationship between two states, or a state and an organisation, in the amity "
            "vocabulary. Every field except parties is optional; a field that is absent or null is unknown, "
            "which is different from none, false or 0.",
        ),
        "type": "object",
        "required": list(REQUIRED),
        "additionalProperties": False,
        "properties": properties,
    }


# --------------------------------------------------------------------------- pack: conditions

#: The argument type of the operators of kinds whose values are not listed. Integer
#: fields compare with any number (as_of: {lt: 2000.5} is a valid test).
_ARGUMENT_TYPE = {"integer": "number", "number": "number", "boolean": "boolean"}


def _operator(kind: str, op: str, value: Schema, order: str) -> Schema:
    """The schema of one operator's argument, for a field whose values are ``value``."""
    meaning = MEANINGS[op]
    if op == "known":
        return ref("known")
    if op == "size":
        return ref("size", description=meaning)
    if op in ("in", "contains_any", "contains_all"):
        listed: Schema = {"type": "array", "items": value, "minItems": 1}
        if kind not in ("integer", "number"):
            # numbers may repeat in an 'in' list: the schema has always allowed it
            listed["uniqueItems"] = True
        return {**listed, "description": meaning}
    if kind == "ordinal" and op in ("lt", "le", "gt", "ge"):
        meaning = f"{meaning}, in the order {order}"
    return {**value, "description": meaning}


def _operators(kind: str, value: Schema, order: str = "") -> Schema:
    """The mapping form of a test: operators of the kind, each with its argument."""
    return {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {op: _operator(kind, op, value, order) for op in OPERATORS[kind]},
    }


def _kind_test(kind: str) -> Schema:
    """The test of any field of a kind whose values are a type (integer, number, boolean)."""
    value = {"type": _ARGUMENT_TYPE[kind]}
    return {"anyOf": [{**value, "description": "shorthand for eq"}, _operators(kind, value)]}


def _field_test(spec: FieldSpec) -> Schema:
    """The condition key testing one fact field."""
    test: Schema = {"description": f"Test of the fact '{spec.name}': {_described(spec)}"}
    if spec.kind in _ARGUMENT_TYPE:
        return {**test, **ref(f"{spec.kind}Test")}
    value = ref(f"{spec.name}Value")
    operators = _operators(spec.kind, value, ", ".join(spec.values))
    if spec.kind == "set":
        return {**test, **operators}
    return {**test, "anyOf": [{**value, "description": "shorthand for eq"}, operators]}


def _value_defs() -> Schema:
    """One list of values per field that has listed values (set fields: their items)."""
    return {
        f"{spec.name}Value": {"description": f"a value of {spec.name}", "enum": list(spec.values)}
        for spec in _facts()
        if spec.values
    }


def _condition() -> Schema:
    properties: Schema = {
        "all": {"type": "array", "minItems": 1, "items": ref("condition"), "description": "every condition holds"},
        "any": {
            "type": "array",
            "minItems": 1,
            "items": ref("condition"),
            "description": "at least one condition holds",
        },
        "not": ref("condition", description="the condition is definitely false (unknown stays unknown)"),
        "finding": ref("name", description="a finding some rule of the pack concludes"),
    }
    properties.update({spec.name: _field_test(spec) for spec in _facts()})
    return {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "description": "all / any / not, a finding, or a test of one fact",
        "properties": properties,
    }


# --------------------------------------------------------------------------- pack


def _pack_defs() -> Schema:
    kinds = sorted({spec.kind for spec in _facts() if spec.kind in _ARGUMENT_TYPE}, key=list(OPERATORS).index)
    return {
        "name": {
            "type": "string",
            "pattern": NAME,
            "description": "lower case letters, digits, '_' and '-', beginning with a letter",
        },
        "level": {"enum": list(LEVELS)},
        "risk": {"enum": list(RISKS)},
        "rating": {"enum": list(RATINGS)},
        "namedSource": {
            "type": "object",
            "required": ["title"],
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string", "description": "the source's title, as pack doc shows it"},
                "file": {"type": "string", "description": "a file beside the pack holding the source text"},
                "url": {"type": "string"},
            },
        },
        "source": {
            "type": "object",
            "additionalProperties": False,
            "description": "what the rule encodes: a section of a named source (with a quote), or a citation",
            "properties": {
                "ref": {"type": "string", "description": "a key of the pack's sources"},
                "section": {"type": "string", "minLength": 1},
                "quote": {
                    "type": "string",
                    "minLength": 1,
                    "description": "the words of the source the rule rests on, verbatim",
                },
                "citation": {"type": "string", "minLength": 1},
                "url": {"type": "string"},
            },
            "anyOf": [{"required": ["ref", "section"]}, {"required": ["citation"]}],
        },
        "lexiconEntry": {
            "type": "object",
            "description": "a named designation, matched exactly before the grammar",
            "required": ["id", "level", "exact"],
            "additionalProperties": False,
            "properties": {
                "id": ref("name"),
                "level": ref("level", description="the level the designation claims"),
                "exact": {
                    "type": "string",
                    "minLength": 1,
                    "description": "the designation, compared ignoring case, punctuation and spacing",
                },
                "source": ref("source"),
                "note": {"type": "string"},
                "override": {"type": "boolean"},
            },
        },
        "disabledRule": {
            "type": "object",
            "required": ["id"],
            "additionalProperties": False,
            "description": "a base pack's rule switched off, and why",
            "properties": {
                "id": {"type": "string", "description": "the id of the base pack's rule"},
                "rationale": {
                    "type": "string",
                    "minLength": 1,
                    "description": "why the pack switches the rule off, as an override states why it replaces one "
                    "(lint warns when it is missing: AP201)",
                },
            },
        },
        "rule": {
            "type": "object",
            "required": ["id", "description", "rationale", "source", "when", "then"],
            "additionalProperties": False,
            "properties": {
                "id": ref("name", description="stable id, lower case with dashes"),
                "name": {
                    "type": "string",
                    "minLength": 1,
                    "description": "a short plain-English name, as verdict reasons and reports show the rule (an "
                    "override keeps the base rule's unless it gives its own)",
                },
                "description": {
                    "type": "string",
                    "minLength": 1,
                    "description": "one line: what the rule concludes from what",
                },
                "rationale": {
                    "type": "string",
                    "minLength": 1,
                    "description": "why: the reasoning, and why any threshold has the value it has",
                },
                "source": ref("source"),
                "priority": {
                    "type": "integer",
                    "description": "orders rules within a layer, higher first (default 0; an override keeps the "
                    "base rule's unless it gives its own); a rule always fires after the rules that conclude the "
                    "findings it tests",
                },
                "override": {
                    "type": "boolean",
                    "description": "this rule replaces the base pack's rule of the same id: it states its own "
                    "description, rationale, source, when and then, and keeps that rule's name and priority unless "
                    "it gives its own",
                },
                "when": ref("condition"),
                "then": {
                    "type": "array",
                    "minItems": 1,
                    "items": ref("conclusion"),
                    "description": "what the rule concludes, a list: a finding, a level, a risk with its rating and "
                    "reason, or hedging: true",
                },
            },
        },
        "condition": _condition(),
        "known": {"type": "boolean", "description": MEANINGS["known"]},
        "size": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {op: ref("count") for op in SIZE_COMPARISONS},
        },
        "count": {"type": "integer", "minimum": 0},
        **{f"{kind}Test": _kind_test(kind) for kind in kinds},
        **_value_defs(),
        "conclusion": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "description": "one of: a finding; a level candidate; a risk rating with its reason; hedging",
            "properties": {
                "finding": ref("name", description="an intermediate finding other rules can match"),
                "level": ref("level", description="a level the substance supports; the highest supported level wins"),
                "risk": ref("risk"),
                "rating": ref("rating", description="with risk; the highest rating concluded wins"),
                "reason": {"type": "string", "minLength": 1, "description": "with risk: the reason, in a sentence"},
                "hedging": {
                    "const": True,
                    "description": "only true: the relationship is used to hedge; hedging is false wherever no "
                    "rule concludes it, so a rule concludes nothing to say it is not",
                },
            },
            "dependentRequired": {"risk": ["rating", "reason"], "rating": ["risk"], "reason": ["risk"]},
        },
    }


#: Tier marks: what a tier word adds to the combination a rung lists.
MARK = r"^[a-z][a-z0-9_]*(?![\s\S])"


def _marks(description: str) -> Schema:
    return {
        "type": "array",
        "items": {"type": "string", "pattern": MARK},
        "uniqueItems": True,
        "description": description,
    }


def _role(description: str, *required: str, **properties: Schema) -> Schema:
    """A section of the designation grammar: entries naming words of one role."""
    entry = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "words", "effect", *required],
        "properties": {
            "id": ref("name"),
            "words": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"type": "string", "minLength": 1},
                "description": "the words or phrases with this role, compared as tokens (case folded, punctuation "
                "and hyphens as spaces, '&' as 'and')",
            },
            "effect": {
                "type": "string",
                "minLength": 1,
                "description": "what the role does to the claimed level, in plain English",
            },
            "source": ref("source"),
            "override": {"type": "boolean", "description": "replaces the base pack's entry of the same id"},
            **properties,
        },
    }
    return {"type": "array", "items": entry, "description": description}


def _designations() -> Schema:
    rung = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "marks", "level", "effect"],
        "properties": {
            "id": ref("name"),
            "marks": _marks("exactly these tier marks"),
            "level": {
                **ref("level", description="a rung of the ladder, partnership to coordination"),
                "not": {"enum": [LEVELS[0], LEVELS[-1]]},
            },
            "effect": {
                "type": "string",
                "minLength": 1,
                "description": "what the rung does to the claimed level, in plain English",
            },
            "source": ref("source"),
            "override": {"type": "boolean"},
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "description": "the grammar of official designations: words by role, and the rungs that combinations of "
        "tier words claim (README, 'Label verdicts')",
        "properties": {
            "heads": _role(
                "head nouns: what a designation designates",
                "claims",
                claims={
                    "enum": ["ladder", "alliance", "none"],
                    "description": "ladder: the tier words decide the rung; alliance: claims the alliance; none: "
                    "claims no rung (unrecognized)",
                },
                requires=_marks("tier marks this head needs to claim a rung"),
            ),
            "tiers": _role(
                "tier words: their combination on a ladder head decides the rung",
                mark={
                    "type": "string",
                    "pattern": MARK,
                    "description": "what the word adds to the combination a rung lists (absent: nothing)",
                },
                slot={
                    "type": "integer",
                    "minimum": 0,
                    "description": "tier words before the head come in increasing slot",
                },
                after_head={"type": "boolean", "description": "the word follows the head ('of coordination')"},
            ),
            "rungs": {
                "type": "array",
                "items": rung,
                "description": "combinations of tier marks and the level each claims; any other combination is "
                "unrecognized",
            },
            "modifiers": _role("words before the head that do not change the tier"),
            "objects": _role(
                "what a treaty or agreement is of or on, other than a ladder designation",
                "claims",
                claims={
                    "enum": ["alliance", "none"],
                    "description": "alliance: in a binding container, claims the alliance",
                },
            ),
            "containers": _role(
                "treaties, agreements, charters, declarations",
                "claims",
                claims={"enum": ["object", "none"], "description": "object: the rung of what it names; none: no rung"},
                binding={"type": "boolean", "description": "a binding instrument (treaty, pact, agreement)"},
            ),
            "sectors": _role("words that make a designation sector-specific (unrecognized)"),
            "clauses": _role(
                "words that open a clause; a clause runs to the end and does not change the tier",
                link={
                    "type": "boolean",
                    "description": "right after a leading container, links it to what it is on ('Treaty on ...')",
                },
            ),
            "decorations": _role("words read only inside clauses"),
            "parties": _role("party names, before the designation or in a clause"),
            "connectors": _role("'and', commas and articles"),
        },
    }


def pack() -> Schema:
    return {
        **_header(
            "pack",
            "amity rule pack",
            "A declarative rule pack: rules over the relationship vocabulary, and a lexicon of official "
            "designations. Packs are data: nothing in a pack runs code.",
        ),
        "type": "object",
        "required": ["pack", "version", "description"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string", "description": "the schema this file is written against (for editors)"},
            "pack": {"type": "string", "pattern": PACK_NAME, "description": "the pack's name, lower case with dashes"},
            "version": {"type": "string", "pattern": VERSION, "description": "semantic version, e.g. 1.2.0"},
            "description": {"type": "string", "minLength": 1, "description": "what the pack encodes and for whom"},
            "extends": {
                "type": "string",
                "minLength": 1,
                "description": "a bundled pack's name, or a path (relative to this file) to the pack this one "
                "builds on",
            },
            "sources": {
                "type": "object",
                "description": "named sources rules cite with 'ref'",
                "additionalProperties": ref("namedSource"),
            },
            "limits": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "max_firings": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "stop and report an error after this many firings in one assessment",
                    }
                },
            },
            "disable": {
                "type": "array",
                "items": {
                    "anyOf": [{"type": "string", "description": "the id of the base pack's rule"}, ref("disabledRule")]
                },
                "uniqueItems": True,
                "description": "the base pack's rules to switch off: an id, or an id with the rationale for "
                "switching it off ({id: ..., rationale: ...}), which pack doc and pack diff show",
            },
            "tests": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"type": "string", "minLength": 1},
                "description": "the pack's test-case files, relative to this file (default: tests.yaml); `amity test` "
                "runs them all",
            },
            "findings": {
                "type": "object",
                "description": "plain-English names of the findings this pack's rules conclude, as verdict reasons "
                "show them",
                "propertyNames": {"pattern": NAME},
                "additionalProperties": {
                    "type": "object",
                    "required": ["name", "description"],
                    "additionalProperties": False,
                    "properties": {
                        "name": {
                            "type": "string",
                            "minLength": 1,
                            "description": "a noun phrase: 'institutionalisation', 'a binding instrument'",
                        },
                        "description": {
                            "type": "string",
                            "minLength": 1,
                            "description": "one line: what the finding means",
                        },
                    },
                },
            },
            "departures": {
                "type": "array",
                "description": "where the pack departs from its source on purpose, and why",
                "items": {
                    "type": "object",
                    "required": ["id", "source", "decision"],
                    "additionalProperties": False,
                    "properties": {
                        "id": ref("name"),
                        "source": ref("source"),
                        "decision": {
                            "type": "string",
                            "minLength": 1,
                            "description": "what the pack does instead, and why",
                        },
                    },
                },
            },
            "lexicon": {
                "type": "array",
                "items": ref("lexiconEntry"),
                "description": "named designations (exact) and the level each one claims; tried before the "
                "designation grammar",
            },
            "designations": _designations(),
            "rules": {"type": "array", "items": ref("rule")},
        },
        "$defs": _pack_defs(),
    }


# --------------------------------------------------------------------------- assessment


def _strings() -> Schema:
    return {"type": "array", "items": {"type": "string"}}


def _steps(**annotations: Any) -> Schema:
    return {"type": "array", "items": ref("stepNumber"), **annotations}


def _pending() -> Schema:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["rule", "would_conclude", "waits_on", "established"],
            "additionalProperties": False,
            "properties": {
                "rule": {"type": "string"},
                "would_conclude": {},
                "waits_on": ref("facts"),
                "established": {**_strings(), "description": "the findings it tests that already hold"},
            },
        },
    }


def _assessment_defs() -> Schema:
    return {
        "level": {"enum": list(LEVELS)},
        "rating": {"enum": list(RATINGS)},
        "verdict": {"enum": list(VERDICTS)},
        "fact": {"enum": [spec.name for spec in _facts()]},
        "facts": {"type": "array", "items": ref("fact"), "uniqueItems": True},
        "stepNumber": {"type": "integer", "minimum": 1},
        "pending": _pending(),
        "source": {
            "type": "object",
            "additionalProperties": False,
            "properties": {key: {"type": "string"} for key in ("ref", "section", "quote", "citation", "url", "title")},
        },
        "risk": {"enum": list(RISKS)},
        "riskOutcome": {
            "type": "object",
            "required": ["rating", "possible_ratings", "deciding_facts", "reasons", "pending"],
            "additionalProperties": False,
            "properties": {
                "rating": _with_null("rating", description="null when unknown facts leave it undetermined"),
                "possible_ratings": {"type": "array", "items": ref("rating"), "minItems": 1, "uniqueItems": True},
                "deciding_facts": ref("facts"),
                "exact": {
                    "const": False,
                    "description": "present only when the search over unknown facts ran out of its budget: the "
                    "possible values then hold every value some completion reaches and may hold others, and the "
                    "deciding facts are every unknown field the rules of this output test",
                },
                "reasons": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["rating", "reason", "rule", "step"],
                        "additionalProperties": False,
                        "properties": {
                            "rating": ref("rating"),
                            "reason": {"type": "string"},
                            "rule": {"type": "string"},
                            "step": ref("stepNumber"),
                        },
                    },
                },
                "pending": ref("pending"),
            },
        },
        "label": _label(),
        "assessment": _assessment(),
        "step": _step(),
        "whyNot": _why_not(),
    }


def _label() -> Schema:
    return {
        "type": "object",
        "required": [
            "declared",
            "declared_level",
            "verdict",
            "possible_verdicts",
            "lexicon_entry",
            "decided_by",
            "summary",
            "reasons",
        ],
        "additionalProperties": False,
        "properties": {
            "declared": {"type": ["string", "null"]},
            "declared_level": _with_null("level"),
            "verdict": _with_null(
                "verdict", description="null only when unknown facts leave the level, and so the verdict, undetermined"
            ),
            "possible_verdicts": {"type": "array", "items": ref("verdict"), "minItems": 1},
            "lexicon_entry": {
                "type": ["object", "null"],
                "properties": {
                    "id": {"type": "string"},
                    "pack": {"type": "string"},
                    "level": ref("level"),
                    "source": {"anyOf": [ref("source"), {"type": "null"}]},
                },
                "description": "the exact entry, or the grammar's rung or entry, that placed the label; null when "
                "it is unrecognized or undeclared",
            },
            "decided_by": {
                "type": ["object", "null"],
                "description": "what decided the level the label claims (also why an unrecognized label is "
                "unrecognized); null when no label was declared",
                "required": ["id", "by", "explanation", "set_aside", "unknown_words"],
                "additionalProperties": False,
                "properties": {
                    "id": {
                        "type": "string",
                        "description": "an exact lexicon entry, a grammar entry or rung, or a grammar rule (grammar/...)",
                    },
                    "by": {"enum": ["lexicon", "grammar"]},
                    "explanation": {"type": "string", "description": "the same, in plain English"},
                    "set_aside": {
                        **_strings(),
                        "description": "decorations that did not change the tier, each with its effect",
                    },
                    "unknown_words": {
                        **_strings(),
                        "description": "the words, as written, that the pack's grammar does not know, which refused "
                        "the label (grammar/unknown-words); empty for any other",
                    },
                },
            },
            "summary": {
                "type": ["string", "null"],
                "description": "for an inflated or deflated verdict: how the claim and the substance compare (for an "
                "undecided level, every possible level)",
            },
            "reasons": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["rule", "name", "description", "text"],
                    "properties": {
                        "rule": {"type": "string"},
                        "step": {"type": "integer"},
                        "supports": ref("level"),
                        "would_support": ref("level"),
                        "description": {"type": "string"},
                        "unmet": _strings(),
                        "name": {"type": "string", "description": "the rule's plain-English name"},
                        "text": {"type": "string", "description": "the reason in plain English"},
                        "shortfalls": {
                            "type": "array",
                            "description": "for an inflated label: each part of the rule's condition that does not "
                            "hold",
                            "items": {
                                "type": "object",
                                "required": ["lacks", "needs", "has", "undecided"],
                                "additionalProperties": False,
                                "properties": {
                                    "lacks": {
                                        "type": "string",
                                        "description": "the finding's name, or the condition in words",
                                    },
                                    "needs": {"type": "string", "description": "what would make it hold"},
                                    "has": {**_strings(), "description": "what the profile has instead"},
                                    "undecided": {"type": "boolean", "description": "unknown facts leave it open"},
                                },
                            },
                        },
                    },
                    "additionalProperties": False,
                },
                "description": "the rules that separate the declared level from the inferred one",
            },
        },
    }


def _assessment() -> Schema:
    return {
        "type": "object",
        "required": [
            "id",
            "parties",
            "as_of",
            "level",
            "possible_levels",
            "deciding_facts",
            "level_because",
            "pending_levels",
            "risks",
            "hedging",
            "hedging_detail",
            "label",
            "findings",
            "undecided",
            "trace",
            "pack",
        ],
        "additionalProperties": False,
        "properties": {
            "id": {"type": ["string", "null"]},
            "parties": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 2,
                "maxItems": 2,
                "description": "as the input gives them (order carries no meaning)",
            },
            "as_of": {"type": ["integer", "null"]},
            "level": _with_null("level", description="null when unknown facts leave it undetermined"),
            "possible_levels": {
                "type": "array",
                "items": ref("level"),
                "minItems": 1,
                "uniqueItems": True,
                "description": "exactly the levels some completion of the unknown facts reaches (a superset of them "
                "when level_exact is false)",
            },
            "deciding_facts": ref("facts", description="the unknown fields the level depends on (empty when decided)"),
            "level_exact": {
                "const": False,
                "description": "present only when the search over unknown facts ran out of its budget: "
                "possible_levels then holds every level some completion reaches and may hold others, and "
                "deciding_facts every unknown field the level's rules test",
            },
            "level_because": _steps(
                description="trace steps that conclude the level (or, when undecided, its lower bound)"
            ),
            "pending_levels": ref("pending"),
            "risks": {
                "type": "object",
                "required": list(RISKS),
                "additionalProperties": False,
                "properties": {risk: ref("riskOutcome") for risk in RISKS},
            },
            "hedging": {"type": ["boolean", "null"]},
            "hedging_detail": {
                "type": "object",
                "required": ["possible", "deciding_facts", "because"],
                "additionalProperties": False,
                "properties": {
                    "possible": {"type": "array", "items": {"type": "boolean"}, "minItems": 1},
                    "deciding_facts": ref("facts"),
                    "because": {"type": "array", "items": {"type": "integer"}},
                    "exact": {
                        "const": False,
                        "description": "present only when the search over unknown facts ran out of its budget "
                        "(possible then may hold a value no completion reaches)",
                    },
                },
            },
            "label": ref("label"),
            "findings": {
                "type": "object",
                "additionalProperties": _steps(),
                "description": "findings established, with the steps that concluded each",
            },
            "undecided": {
                "type": "object",
                "required": ["facts", "open_findings"],
                "additionalProperties": False,
                "properties": {"facts": ref("facts"), "open_findings": _strings()},
            },
            "trace": {"type": "array", "items": ref("step"), "description": "the justification: every firing in order"},
            "pack": {
                "type": "object",
                "required": ["name", "version"],
                "additionalProperties": False,
                "properties": {"name": {"type": "string"}, "version": {"type": "string"}},
            },
            "why_not": ref("whyNot"),
        },
    }


def _why_not() -> Schema:
    def described(description: str, **schema: Any) -> Schema:
        return {**schema, "description": description}

    def record(*required: str, **properties: Schema) -> Schema:
        return {"type": "object", "required": list(required), "additionalProperties": False, "properties": properties}

    text = {"type": "string"}
    blocker = record(
        "rule",
        "part",
        "holds",
        "facts",
        "depth",
        "text",
        rule={"type": "string"},
        part=described("The part of the rule's condition, in words.", type="string"),
        holds=described(
            "false: fails; null: waits on unknown facts; true: holds (for a lower target: what holds the output up).",
            type=["boolean", "null"],
        ),
        facts=described("The facts the part tests, with their values (null: unknown).", type="object"),
        depth=described(
            "0: a rule concluding the target; 1 and more: rules for the findings it needs.", type="integer", minimum=0
        ),
        text=text,
    )
    change = record(
        "field",
        "from",
        "to",
        "text",
        **{
            "field": {"type": "string"},
            "from": {"description": "The current value (null: unknown)."},
            "to": {"description": "The nearest value that makes the change."},
            "text": text,
        },
    )
    answer = record(
        "output",
        "target",
        "current",
        "reached_by",
        "status",
        "answers_only",
        "blockers",
        "change_sets",
        "text",
        output=described("level, risk:<name> or hedging.", type="string"),
        target={"description": "The value asked about: a level, a rating, or true/false for hedging."},
        current=described("The output's possible values now.", type="array"),
        reached_by=described(
            "The values that count as reaching the target: above the current value, a partnership rung or rating "
            "at or above it; otherwise the target itself.",
            type="array",
        ),
        status=described(
            "holds: the target is reached for certain; open: possible, not certain; not_reached: impossible as "
            "things stand.",
            enum=["holds", "open", "not_reached"],
        ),
        answers_only=described("Whether only unknown facts were allowed to change.", type="boolean"),
        blockers={"type": "array", "items": blocker},
        change_sets=described(
            "Minimal (none contains another), fewest changes first; each set reaches the target when all its "
            "changes are made.",
            type="array",
            items=record("changes", "text", changes={"type": "array", "items": change}, text=text),
        ),
        text=described("The whole answer in one sentence.", type="string"),
    )
    return {
        **answer,
        "description": "Only with `amity assess --why-not TARGET` (the library's `amity.engine.whynot.why_not`): "
        "why the output does not reach the target, and the smallest sets of fact changes that would.",
    }


def _step() -> Schema:
    return {
        "type": "object",
        "required": ["step", "rule", "pack", "description", "rationale", "source", "matched", "concluded"],
        "additionalProperties": False,
        "properties": {
            "step": ref("stepNumber"),
            "rule": {"type": "string", "description": "the rule's id"},
            "pack": {"type": "string", "description": "the pack that defines the rule"},
            "description": {"type": "string"},
            "rationale": {"type": "string"},
            "source": ref("source"),
            "matched": {
                "type": "object",
                "required": ["facts", "findings", "absent"],
                "additionalProperties": False,
                "properties": {
                    "facts": {
                        "type": "object",
                        "description": "input facts the rule matched, with their values",
                        "propertyNames": ref("fact"),
                    },
                    "findings": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["finding", "step"],
                            "additionalProperties": False,
                            "properties": {
                                "finding": {"type": "string"},
                                "step": ref("stepNumber", description="the step that concluded it"),
                            },
                        },
                    },
                    "absent": {**_strings(), "description": "findings the rule required to be definitely absent"},
                },
            },
            "concluded": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "minProperties": 1,
                    "properties": {
                        "finding": {"type": "string"},
                        "level": ref("level"),
                        "risk": ref("risk"),
                        "rating": ref("rating"),
                        "reason": {"type": "string"},
                        "hedging": {"const": True},
                    },
                    "additionalProperties": False,
                },
            },
        },
    }


def assessment() -> Schema:
    return {
        **_header(
            "assessment",
            "amity assessment",
            "What `amity assess --format json` prints: one assessment, or a list of them for a list of profiles.",
        ),
        "anyOf": [ref("assessment"), {"type": "array", "items": ref("assessment")}],
        "$defs": _assessment_defs(),
    }


# --------------------------------------------------------------------------- pack tests


def packtest() -> Schema:
    expect = {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            "level": _with_null("level"),
            "possible_levels": {"type": "array", "items": ref("level")},
            "deciding_facts": {"type": "array", "items": ref("fact")},
            "risks": {
                "type": "object",
                "additionalProperties": False,
                "properties": {risk: _with_null("rating") for risk in RISKS},
            },
            "hedging": {"type": ["boolean", "null"]},
            "verdict": _with_null("verdict"),
            "declared_level": _with_null("level"),
            "decided_by": {
                "type": "string",
                "minLength": 1,
                "description": "what decided the label's claim: an exact lexicon entry, a rung or entry of the "
                "designation grammar, or a grammar rule (grammar/...)",
            },
            "findings": _names("findings that must be established"),
            "not_findings": _names("findings that must not be established"),
            "fired": _names("rules that must fire"),
            "not_fired": _names("rules that must not fire"),
        },
    }
    case = {
        "type": "object",
        "required": ["name", "facts", "expect"],
        "additionalProperties": False,
        "properties": {
            "name": {
                "type": "string",
                "pattern": CASE_NAME,
                "description": "the case's name; test ids read <pack>_<name>",
            },
            "description": {"type": "string"},
            "facts": {"type": "object", "description": "a relationship profile (see relationship.schema.json)"},
            "expect": {
                **expect,
                "description": "the conclusions the case expects: level, risks, hedging, verdict, findings, the rules "
                "that fire...",
            },
        },
    }
    return {
        **_header(
            "packtest",
            "amity pack test cases",
            "Test cases beside a rule pack (tests.yaml): facts in, expected conclusions out. `amity test PACK` "
            "runs them.",
        ),
        "type": "object",
        "required": ["cases"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "pack": {"type": "string", "description": "the pack these cases test (default: the pack beside this file)"},
            "cases": {
                "type": "array",
                "minItems": 1,
                "items": case,
                "description": "the cases: each a name, facts and what it expects",
            },
        },
        "$defs": {
            "level": {"enum": list(LEVELS)},
            "rating": {"enum": list(RATINGS)},
            "verdict": {"enum": list(VERDICTS)},
            "fact": {"enum": [spec.name for spec in _facts()]},
        },
    }


def _names(description: str) -> Schema:
    return {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "description": description}


# --------------------------------------------------------------------------- files

BUILDERS: dict[str, Callable[[], Schema]] = {
    "assessment": assessment,
    "pack": pack,
    "packtest": packtest,
    "relationship": relationship,
}


def render(schema: Schema) -> str:
    """A schema as the committed file holds it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def build() -> dict[str, str]:
    """Every bundled schema's file name and text."""
    return {f"{name}.schema.json": render(make()) for name, make in BUILDERS.items()}


def differences(directory: Path = SCHEMA_DIR) -> list[str]:
    """The generated schema files that are missing from directory or differ from what build() makes."""
    return sorted(
        name
        for name, text in build().items()
        if not (directory / name).is_file() or (directory / name).read_text(encoding="utf-8") != text
    )


def write(directory: Path = SCHEMA_DIR) -> list[str]:
    """Write every schema that differs from what build() makes; return the names written."""
    written = []
    for name, text in build().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m amity.engine.schema_build --write | --check [--dir DIR]``; exit 1 when --check finds a difference."""
    parser = argparse.ArgumentParser(
        prog="python -m amity.engine.schema_build", description="Generate the bundled JSON schemas."
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="write the schemas that differ")
    action.add_argument("--check", action="store_true", help="exit 1 if a committed schema differs")
    parser.add_argument("--dir", type=Path, default=SCHEMA_DIR, help=f"the schema directory (default {SCHEMA_DIR})")
    args = parser.parse_args(argv)
    if args.write:
        for name in write(args.dir):
            print(f"wrote {args.dir / name}")
        return 0
    stale = differences(args.dir)
    for name in stale:
        print(f"{args.dir / name}: differs from the vocabulary; run python -m amity.engine.schema_build --write")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
