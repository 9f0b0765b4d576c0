"""The relationship vocabulary: fields, their domains, and the output values.

The single source of truth is ``schemas/relationship.schema.json``; this module
reads it so that the schema, the pack checker and the reasoning never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

#: From least to most committed; ``alliance`` stands apart and above.
LEVELS: tuple[str, ...] = (
    "none",
    "partnership",
    "strategic_partnership",
    "comprehensive_strategic_partnership",
    "comprehensive_strategic_partnership_of_coordination",
    "alliance",
)
LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}

RISKS: tuple[str, ...] = ("entrapment", "abandonment", "asymmetry", "fragility")
RATINGS: tuple[str, ...] = ("low", "moderate", "high")
RATING_RANK = {rating: i for i, rating in enumerate(RATINGS)}

VERDICTS: tuple[str, ...] = ("consistent", "inflated", "deflated", "unrecognized", "undeclared")


@dataclass(frozen=True)
class FieldSpec:
    """One fact field: its kind and domain, as the schema defines it."""

    name: str
    kind: str  # enum | ordinal | set | integer | number | boolean | identity | label
    values: tuple[Any, ...] = ()  # enum, ordinal and set item values, in vocabulary order
    minimum: float | None = None
    maximum: float | None = None
    title: str = ""
    description: str = ""

    @property
    def is_fact(self) -> bool:
        """Whether rules may test this field (identity fields and the label are not facts)."""
        return self.kind not in ("identity", "label")

    def rank(self, value: Any) -> int:
        return self.values.index(value)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A bundled JSON schema by short name (relationship, pack, assessment, packtest)."""
    path = SCHEMA_DIR / f"{name}.schema.json"
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def schema_names() -> list[str]:
    return sorted(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json"))


@cache
def fields() -> dict[str, FieldSpec]:
    """All vocabulary fields in vocabulary order."""
    schema = load_schema("relationship")
    result: dict[str, FieldSpec] = {}
    for name, prop in schema["properties"].items():
        kind = prop.get("x-amity", {}).get("kind", "identity")
        values: tuple[Any, ...] = ()
        if kind in ("enum", "ordinal"):
            values = tuple(v for v in prop["enum"] if v is not None)
        elif kind == "set":
            values = tuple(prop["items"]["enum"])
        result[name] = FieldSpec(
            name=name,
            kind=kind,
            values=values,
            minimum=prop.get("minimum"),
            maximum=prop.get("maximum"),
            title=prop.get("title", name),
            description=prop.get("description", ""),
        )
    return result


def fact_fields() -> dict[str, FieldSpec]:
    """The fields rules can reason about."""
    return {name: spec for name, spec in fields().items() if spec.is_fact}


FIELD_ORDER = {name: i for i, name in enumerate(fields())}
