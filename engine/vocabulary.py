"""The relationship vocabulary: fields, their domains, and the output values.

This module is the single source of the vocabulary. The bundled JSON schemas
(``schemas/*.schema.json``) are generated from it by ``amity.engine.schema_build``
and a test holds the committed files equal to what it generates; the profile
check, the pack checker and the reasoning all read the table below. The contract
the table implements is ``docs/vocabulary.md``.
"""

from __future__ import annotations

import json
import re
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

#: The kinds of field, and what each holds.
KINDS: dict[str, str] = {
    "enum": "one of a list of values, in no order",
    "ordinal": "one of a list of values, in increasing order",
    "set": "a list of distinct values from a list",
    "integer": "a whole number",
    "number": "a finite number",
    "boolean": "true or false",
    "identity": "names the case; rules do not test it",
    "label": "the official designation; the label check reads it, rules do not test it",
}

# Patterns end with (?![\s\S]), "no character follows", rather than $: with Python's
# re.search (which jsonschema uses) $ also matches before a final newline, and the
# lookahead means the same in ECMA-262, the dialect JSON Schema names.
#: A party code in upper case: ISO 3166-1 alpha-3 for states, short codes for organisations.
PARTY_CODE = r"^[A-Z][A-Z0-9]{1,11}(?![\s\S])"
#: A case id: a slug such as usa-ind-2020.
CASE_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*(?![\s\S])"


@dataclass(frozen=True)
class FieldSpec:
    """One field of the vocabulary: its kind, its domain, and what it means."""

    name: str
    kind: str  # enum | ordinal | set | integer | number | boolean | identity | label
    values: tuple[Any, ...] = ()  # enum, ordinal and set item values, in vocabulary order
    minimum: float | None = None
    maximum: float | None = None
    title: str = ""
    description: str = ""  # plain English, without the seed section
    section: str = ""  # the part of the seed the field comes from ("" for identity fields)
    #: what a number of the field counts or measures (year, count, ratio, share), for messages that say its range
    quantity: str = ""
    #: common names the contract gives for values (``memorandum``: MOU), as (name, value) pairs: only ever
    #: suggested for the name written, never read as the value (amity does not guess)
    aliases: tuple[tuple[str, str], ...] = ()

    @property
    def is_fact(self) -> bool:
        """Whether rules may test this field (identity fields and the label are not facts)."""
        return self.kind not in ("identity", "label")

    def rank(self, value: Any) -> int:
        return self.values.index(value)

    @property
    def range_words(self) -> str | None:
        """A number of the field in words, with its bounds: 'a share from 0 to 1', 'a count of 0 or more';
        None for a field that is not of numbers."""
        if self.kind not in ("integer", "number"):
            return None
        noun = self.quantity or ("whole number" if self.kind == "integer" else "number")
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return f"a {noun} from {lo:g} to {hi:g}"
        if lo is not None:
            return f"a {noun} of {lo:g} or more"
        if hi is not None:
            return f"a {noun} of {hi:g} or less"
        return f"a {noun}"

    def alias_of(self, text: str) -> str | None:
        """The value the contract names ``text`` a common name of ('MOU': memorandum), matched regardless of
        case, spacing, '-' and '_', and a plural's s; None if it names none."""
        written = _alias_form(text)
        for name, value in self.aliases:
            if written in (_alias_form(name), _alias_form(name) + "s"):
                return value
        return None


def _alias_form(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.casefold()).strip()


_KEY = "Key Distinction"
_CORE = "Core Characteristics"
_POWER = "Criticisms: asymmetric benefits"

#: Every field, in vocabulary order (the order of docs/vocabulary.md).
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "identity", title="Case id", description="A slug naming the case, e.g. usa-ind-2020."),
    FieldSpec(
        "parties",
        "identity",
        title="Parties",
        description="The two parties: ISO 3166-1 alpha-3 codes for states (USA, IND, CHN), short codes for "
        "organisations (EU, ASEAN). Order carries no meaning.",
    ),
    FieldSpec(
        "as_of",
        "integer",
        minimum=1,
        maximum=9999,
        title="As of",
        description="The year the facts describe.",
        quantity="year",
    ),
    FieldSpec(
        "established",
        "integer",
        minimum=1,
        maximum=9999,
        title="Established",
        description="The year the current framework was declared.",
        quantity="year",
    ),
    FieldSpec(
        "declared_label",
        "label",
        title="Declared label",
        description="The official designation exactly as announced, e.g. "
        "'Comprehensive Strategic Partnership of Coordination for a New Era'.",
    ),
    FieldSpec("sources", "identity", title="Sources", description="Where the facts come from."),
    FieldSpec(
        "legal_basis",
        "enum",
        ("ratified_treaty", "signed_treaty", "joint_statement", "memorandum", "none"),
        title="Legal basis",
        description="The strongest instrument that frames the relationship as a whole; sectoral agreements do not "
        "count. signed_treaty: legally binding, signed but not (or not needing to be) ratified. joint_statement "
        "covers leaders' declarations and charters. memorandum: MOU.",
        section="Key Distinction: Partnership vs. Alliance",
        aliases=(("leaders' declaration", "joint_statement"), ("charter", "joint_statement"), ("MOU", "memorandum")),
    ),
    FieldSpec(
        "defense_commitment",
        "enum",
        ("mutual_defense", "consultation", "none"),
        title="Defense commitment",
        description="mutual_defense: each party must come to the other's aid if attacked (Article 5 style). "
        "consultation: an obligation to consult when a threat arises, without an aid obligation.",
        section=_KEY,
    ),
    FieldSpec(
        "third_party_orientation",
        "enum",
        ("named_threat", "not_adversarial"),
        title="Third-party orientation",
        description="Directed against a specific threat, or not explicitly adversarial.",
        section=_KEY,
    ),
    FieldSpec(
        "duration",
        "enum",
        ("indefinite", "renewable", "fixed_term"),
        title="Duration",
        description="In force until denounced, reviewed and renewed, or for a fixed term.",
        section=_KEY,
    ),
    FieldSpec(
        "exit_costs",
        "ordinal",
        ("low", "moderate", "high"),
        title="Exit costs",
        description="What leaving would cost the parties (reputation, security).",
        section=_KEY,
    ),
    FieldSpec(
        "sectors",
        "set",
        (
            "defense",
            "trade",
            "investment",
            "technology",
            "energy",
            "climate",
            "health",
            "culture",
            "education",
            "space",
            "maritime",
            "connectivity",
        ),
        title="Sectors",
        description="The sectors with active, named cooperation.",
        section="Core Characteristics: multi-dimensional cooperation",
    ),
    FieldSpec(
        "security_cooperation",
        "set",
        (
            "joint_exercises",
            "arms_transfers",
            "defense_industry",
            "intelligence_sharing",
            "basing_rights",
            "integrated_command",
        ),
        title="Security cooperation",
        description="Forms of military cooperation in place.",
        section=_CORE,
    ),
    FieldSpec(
        "economic_integration",
        "ordinal",
        ("none", "limited", "substantial", "deep"),
        title="Economic integration",
        description="limited: frameworks without preferences; substantial: major partners with sectoral agreements; "
        "deep: free-trade area, customs union or single market.",
        section=_CORE,
        aliases=(("free-trade area", "deep"), ("customs union", "deep"), ("single market", "deep")),
    ),
    FieldSpec(
        "summits",
        "ordinal",
        ("none", "irregular", "annual"),
        title="Summits",
        description="Leaders' meetings; annual means a scheduled mechanism of at least yearly meetings "
        "(even if one year was skipped).",
        section="Core Characteristics: institutionalized but non-binding",
    ),
    FieldSpec(
        "ministerial_dialogues",
        "integer",
        minimum=0,
        title="Ministerial dialogues",
        description="Standing ministerial mechanisms (2+2, strategic dialogue, joint commission).",
        section=_CORE,
        quantity="count",
    ),
    FieldSpec(
        "working_groups",
        "integer",
        minimum=0,
        title="Working groups",
        description="Standing working groups and dialogue tracks below ministers.",
        section=_CORE,
        quantity="count",
    ),
    FieldSpec(
        "permanent_bodies",
        "boolean",
        title="Permanent bodies",
        description="Bodies with their own staff: secretariat, integrated command, joint council.",
        section=_CORE,
    ),
    FieldSpec(
        "global_governance_coordination",
        "ordinal",
        ("none", "occasional", "systematic"),
        title="Global governance coordination",
        description="Coordinated positions on world order, e.g. aligned UN Security Council votes.",
        section="Hierarchy",
    ),
    FieldSpec(
        "time_horizon",
        "enum",
        ("transactional", "long_term"),
        title="Time horizon",
        description="Whether both sides treat the tie as structural over decades.",
        section="Long-term horizon",
    ),
    FieldSpec(
        "shared_values",
        "ordinal",
        ("low", "mixed", "high"),
        title="Shared values",
        description="Convergence on political values and norms.",
        section="Alignment",
    ),
    FieldSpec(
        "power_ratio",
        "number",
        minimum=1,
        title="Power ratio",
        description="Stronger party's capability over the weaker's (GDP or a composite index).",
        section=_POWER,
        quantity="ratio",
    ),
    FieldSpec(
        "trade_dependence",
        "number",
        minimum=0,
        maximum=1,
        title="Trade dependence",
        description="Share of the weaker party's total trade that is with the partner.",
        section=_POWER,
        quantity="share",
    ),
    FieldSpec(
        "security_dependence",
        "boolean",
        title="Security dependence",
        description="The weaker party relies on the partner for its security.",
        section=_POWER,
    ),
    FieldSpec(
        "rival_ties",
        "boolean",
        title="Rival ties",
        description="A party has a declared partnership with the other party's main rival.",
        section="Hedging behavior",
    ),
    FieldSpec(
        "partner_in_conflict",
        "boolean",
        title="Partner in conflict",
        description="Either party is, as of the date, in an armed conflict or an acute territorial dispute with a "
        "third state.",
        section="Risk management",
    ),
    FieldSpec(
        "recent_crisis",
        "boolean",
        title="Recent crisis",
        description="The relationship was strained by a crisis in the last five years (sanctions, coercion, "
        "public rupture).",
        section="Ambiguity as liability",
    ),
)

#: The fields a profile must state.
REQUIRED: tuple[str, ...] = ("parties",)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A bundled JSON schema by short name (relationship, pack, assessment, packtest)."""
    path = SCHEMA_DIR / f"{name}.schema.json"
    with path.open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def schema_names() -> list[str]:
    return sorted(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json"))


@cache
def fields() -> dict[str, FieldSpec]:
    """All vocabulary fields in vocabulary order."""
    return {spec.name: spec for spec in FIELDS}


@cache
def fact_fields() -> dict[str, FieldSpec]:
    """The fields rules can reason about (one dict, shared: read it, never change it)."""
    return {name: spec for name, spec in fields().items() if spec.is_fact}


FIELD_ORDER = {name: i for i, name in enumerate(fields())}
