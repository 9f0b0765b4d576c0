"""Checking data against the bundled JSON schemas, with errors a person can act on."""

from __future__ import annotations

import datetime
import json
import math
import re
import sys
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from .conditions import MEANINGS, OPERATORS, SPELLINGS, spelled_operator
from .document import (
    MOST_DIGITS,
    AsWritten,
    Document,
    KeyAsWritten,
    Overflowed,
    Syntax,
    Underflowed,
    WithExponent,
    pointer_join,
    pointer_of,
    pointer_token,
)
from .errors import (
    InputError,
    Location,
    Problem,
    did_you_mean,
    meant,
    meant_name,
    reading_order,
    visible,
    without_unseen,
)
from .schema_checks import FLOAT_MOST, profile_is_valid, schema_check
from .vocabulary import CASE_ID, PARTY_CODE, fields, load_schema

if TYPE_CHECKING:  # jsonschema is imported when a document fails the compiled checks, to explain why
    import jsonschema
    from jsonschema.exceptions import ValidationError

_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null (unknown)",
}


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    import jsonschema

    # a whole number written with an exponent (1E1) is no whole number to amity, as for the compiled check
    # (``schema_checks._is_integer``): JSON Schema counts it one, and a pack's `priority: 1e1` passed, then counted as 0
    base = jsonschema.Draft202012Validator
    types = base.TYPE_CHECKER.redefine(
        "integer", lambda checker, v: v.__class__ is not WithExponent and base.TYPE_CHECKER.is_type(v, "integer")
    ).redefine(  # a number is an int or a float, as for the compiled check (``schema_checks._is_number``): not a Decimal
        "number", lambda checker, v: isinstance(v, (int, float)) and not isinstance(v, bool)
    )
    return jsonschema.validators.extend(base, type_checker=types)(load_schema(name), format_checker=None)


def describe(value: Any) -> str:
    """A value as a message shows it: text in quotes ('x', '2.5' where a number was quoted), a number bare."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        try:  # a number read as written (1e3) is quoted as written, not as Python shows it (1000.0)
            text = value if isinstance(value, str) else value.text if isinstance(value, AsWritten) else f"{value}"
        except ValueError:  # an int too long to write out (Python's limit on digits)
            return "a number too long to write out"
        return _shown(text, "'" if isinstance(value, str) else "")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if is_decimal(value) and value.is_finite():  # from a database driver, say
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):  # a table's date or time cell (Parquet, pandas)
        return f"a {'time' if isinstance(value, datetime.time) else 'date'} ({value})"
    if isinstance(value, (bytes, bytearray)):  # a table's binary cell
        return f"binary data ({len(value):,} bytes)"
    return repr(value)


def is_decimal(value: Any) -> bool:
    """Whether value is a Decimal: only where something imported decimal (a database driver, pandas), which
    amity itself leaves until a message needs it, not at every start (bench/README.md, "Start-up")."""
    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


def describe_cell(text: str) -> str:
    """A CSV cell (or any text written for a number) as a message shows it: bare if it is a number as JSON
    and YAML write one (2.5, 1E1), as their numbers are shown; else in quotes, as their text is ('1,5')."""
    return _shown(text, "" if DECIMAL.fullmatch(text) else "'")


def _shown(text: str, quote: str) -> str:
    """Text quoted, cut short past 60 characters, and what cannot be seen escaped (``visible``)."""
    if len(text) < 60:
        return f"{quote}{visible(text)}{quote}"
    digits = sum(map(str.isdigit, text)) if DECIMAL.fullmatch(text) else 0
    return f"{quote}{visible(text[:57])}...{quote}" + (f" ({digits:,} digits)" if digits else "")


#: the types of a field of numbers, as a schema lists them
_NUMBERS = frozenset({"integer", "number", "null"})
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


def _relevance(error: ValidationError) -> tuple[int, int, int]:
    # Prefer an error that is not about the type, from the branch written for the value's
    # type (a mapping given where a scalar or a mapping is allowed: the mapping's branch),
    # then the deepest. A mapping or a list that is not one of an enum's strings is given
    # in place of a scalar: that is about the type too.
    if error.validator in ("enum", "const") and isinstance(error.instance, (dict, list)):
        return (0, 0, len(error.path))
    declared = error.schema.get("type") if isinstance(error.schema, dict) else None
    declared = declared if isinstance(declared, list) else [declared]
    fits = _JSON_TYPES.get(type(error.instance)) in declared or (
        isinstance(error.instance, int) and not isinstance(error.instance, bool) and "number" in declared
    )
    return (0 if error.validator == "type" else 1, 1 if fits else 0, len(error.path))


def _only_keys(error: ValidationError) -> bool:
    """Whether the alternatives of an anyOf/oneOf differ only in the keys they require: they say it best."""
    alternatives = error.validator_value if error.validator in ("anyOf", "oneOf") else None
    return isinstance(alternatives, list) and all(isinstance(s, dict) and set(s) == {"required"} for s in alternatives)


def _best(error: ValidationError) -> tuple[ValidationError, bool]:
    """The error to explain, and whether null would have done at its place (``anyOf: [..., {type: null}]``)."""
    null_ok = False
    while error.context and not _only_keys(error):
        here = error.validator in ("anyOf", "oneOf") and {"type": "null"} in error.validator_value
        error = max(error.context, key=_relevance)
        null_ok = (null_ok or here) and not error.path
    return error, null_ok


#: what a key of a mapping made in Python is, where it is not text
_KEY_TYPES = {bool: "true or false", int: "a number", float: "a number", type(None): "null"}


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return list(schema.get("properties", {}))


@cache
def branch_validator(name: str, branch: str) -> jsonschema.Draft202012Validator:
    """The validator of one alternative of schema ``name`` (its ``$defs/<branch>``, one of its oneOf): a document
    that is meant to be of that alternative is told every fault it has against it, where the best match among
    the alternatives tells one."""
    check = validator(name)
    schema = {k: v for k, v in check.schema.items() if k != "oneOf"}
    return check.evolve(schema={**schema, "$ref": f"#/$defs/{branch}"})


def problems(doc: Document, schema_name: str, what: str = "field", *, branch: str | None = None) -> list[Problem]:
    """Every violation of the schema in doc (of its alternative ``branch``, if given), located and explained,
    in document order."""
    found: list[Problem] = []
    check = validator(schema_name) if branch is None else branch_validator(schema_name, branch)
    errors = sorted(check.iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        found.extend(_explain(doc, *_best(error), what, root=check.schema))
    # stable, document-ordered, no repeats
    unique = {(p.location, p.message): p for p in found}
    return sorted(unique.values(), key=reading_order)


@cache
def _pattern_table() -> dict[str, tuple[str, str | None]]:
    # imported here: only a value that breaks a pattern needs the table (and schema_build its tables)
    from .schema_build import CASE_NAME, MARK, NAME, PACK_NAME, VERSION

    return {
        PARTY_CODE: (
            "a party code, 2 to 12 upper-case letters or digits beginning with a letter",
            "ISO 3166-1 alpha-3 for a state (USA, IND), a short code for an organisation (EU, ASEAN)",
        ),
        CASE_ID: (
            "a slug of letters, digits, '.', '_' and '-', beginning with a letter or a digit",
            "e.g. usa-ind-2020",
        ),
        NAME: ("lower-case letters, digits, '_' and '-', beginning with a letter", "e.g. multi-sector-scope"),
        MARK: ("lower-case letters, digits and '_', beginning with a letter", "e.g. comprehensive"),
        PACK_NAME: ("lower-case letters, digits and '-', beginning with a letter", "e.g. core"),
        CASE_NAME: ("lower-case letters, digits, '_' and '-', beginning with a letter or a digit", "e.g. alliance-1"),
        VERSION: ("semantic version, major.minor.patch", "e.g. 1.2.0"),
    }


def pattern_words(pattern: str) -> tuple[str | None, str | None]:
    """What a pattern of the bundled schemas asks for, in words, and an example: no message shows a
    regular expression (a test holds every pattern of every bundled schema to have words here)."""
    return _pattern_table().get(pattern, (None, None))


def _fitting(value: Any, pattern: str) -> str | None:
    """'did you mean ...' with the value as the pattern wants it, if trimming it or changing its case does it."""
    if not isinstance(value, str):
        return None
    text = without_unseen(value).strip()
    search = re.compile(pattern).search
    for candidate in (
        text,
        text.upper(),
        text.lower(),
        re.sub(r"[\s_]+", "-", text.lower()),
        re.sub(r"[\s-]+", "_", text.lower()),
    ):
        if candidate and candidate != value and search(candidate):
            return meant(candidate, value)
    return None


#: a number as JSON, YAML and CSV write it (what "without quotes" would make a number)
DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
#: a date or a time stamp, whose year an integer field may want
_DATE = re.compile(r"([0-9]{4})-[0-9]{1,2}(?:-[0-9]{1,2})?(?:[T ].*)?")
_TRUE_WORDS = frozenset({"yes", "y", "on", "t", "1", "true"})
_FALSE_WORDS = frozenset({"no", "n", "off", "f", "0", "false"})
#: what people write for "none of them" in place of an empty list
_NONE_WORDS = frozenset({"none", "nothing", "empty", "-", "no"})
_EMPTY_SET = "for none of them, write []"
#: the empty list written as text, as a table's cell writes it ('[]'), where JSON or YAML takes the list itself
_EMPTY_SET_AS_TEXT = "for none of them, write [] without quotes"
#: the same inside a list (["[]"]): a list that holds the text '[]' is not empty
_EMPTY_SET_AS_ITEM = "for none of them, write the list empty, [], not a list holding '[]'"
#: what data exports write for a value that is not known (R's NA, a database's NULL, a spreadsheet's #N/A):
#: never read as unknown (amity does not guess what a word means), but told how to write unknown
_UNKNOWN_WORDS = frozenset({"", "na", "n/a", "#n/a", "null", "nil", "nan", "unknown", "?"})
#: how to write unknown in JSON and YAML, for a value and for the items of a list (``said_of_a_cell``: in a table's
#: cell, CSV's or Parquet's)
_UNKNOWN = "leave it out, or write null, if it is unknown"
_UNKNOWN_ITEMS = f"leave the list out if they are unknown; {_EMPTY_SET}"
#: what an enum's message adds when null is allowed
_NULL_OK = " (or null for unknown)"
#: the same, said of a CSV cell, where unknown is an empty cell (a cell reading null is the text 'null')
_IN_A_CELL = {
    _UNKNOWN: "leave the cell empty if it is unknown",
    _UNKNOWN_ITEMS: f"leave the cell empty if it is unknown; {_EMPTY_SET}",
    f"{_UNKNOWN}; {_EMPTY_SET}": f"leave the cell empty if it is unknown; {_EMPTY_SET}",
}


def said_of_a_cell(problem: Problem) -> Problem:
    """A problem of a profile's value as said of the table cell it was read from (CSV, TSV, Parquet, a
    DataFrame): unknown is an empty (missing) cell there, where a row cannot leave a field out."""
    message, hint = problem.message, problem.suggestion
    if message.endswith(_NULL_OK):
        message = message[: -len(_NULL_OK)] + " (or an empty cell for unknown)"
    hint = _IN_A_CELL.get(hint, hint) if hint is not None else None
    if hint is not None and hint.endswith(f"; {_UNKNOWN}"):  # range_hint's, and any other that ends so
        hint = hint.removesuffix(_UNKNOWN) + _IN_A_CELL[_UNKNOWN]
    if (message, hint) == (problem.message, problem.suggestion):
        return problem
    return Problem(message, problem.location, hint, problem.option)


def written_list(items: list[str], syntax: Syntax = "yaml") -> str:
    """A list of text items as the input writes one (``Document.syntax``): ``[trade, energy]`` in YAML,
    ``["trade", "energy"]`` in JSON (and Python), ``trade;energy`` in a table's cell."""
    if syntax == "json":
        return json.dumps(items, ensure_ascii=False)
    if syntax == "cell":
        return ";".join(items)
    return f"[{', '.join(items)}]"


#: what separates items run together in one where a list holds each as its own ('trade, energy', a cell's
#: 'trade/energy', a spreadsheet's cell of lines)
LIST_SEPARATOR = re.compile(r"\s*[,;/|\r\n]\s*")
#: the same between party codes, which hold no space: 'USA JPN' is two codes
PARTY_SEPARATOR = re.compile(r"\s*[,;/|]\s*|\s+")


@cache
def _set_values(field: str) -> frozenset[str]:
    """The values an item of a set field may take (sectors: trade, energy, ...); none for any other field."""
    spec = fields().get(field)
    return frozenset(spec.values) if spec is not None and spec.kind == "set" else frozenset()


def spaced_items(item: str, field: str) -> list[str]:
    """The items of a set field one item runs together with spaces ('trade energy' of sectors: trade,
    energy), each on its own, where every part is an item of the field; else the item alone: a space may be
    part of what was meant ('trade enrgy'), which amity does not guess."""
    parts = item.split()
    values = _set_values(field) if len(parts) > 1 else frozenset()
    return parts if values and all(part in values for part in parts) else [item]


def spaced_names(text: str, field: str) -> list[str] | None:
    """The items of a set field typed by their names, spaces and all, one after another without commas
    ('joint exercises arms transfers' of security cooperation: joint_exercises, arms_transfers): the words,
    joined with '_' in order, make two or more of its items and nothing else; None otherwise. Where a word
    could end a name or go on to a longer one, the longer comes first; amity only suggests what it finds."""
    values = _set_values(field)
    words = [word.lower() for word in text.split()]
    if not values or len(words) < 2:
        return None
    longest = max(len(str(v).split("_")) for v in values)
    # from the last word back: where the words from each place on are read to the end, and the end of the
    # first name there (bounded in the words it joins: a page of words is read in a single pass)
    ends: list[int | None] = [None] * len(words) + [len(words)]
    for start in range(len(words) - 1, -1, -1):
        for end in range(min(len(words), start + longest), start, -1):
            if ends[end] is not None and "_".join(words[start:end]) in values:
                ends[start] = end
                break
    names, at = [], 0
    while at < len(words):
        then = ends[at]
        if then is None:
            return None
        names.append("_".join(words[at:then]))
        at = then
    return names if len(names) > 1 else None


#: what a run-together hint says first where the items were run together with spaces alone, where nothing
#: written shows a list was meant ('trade energy'): why the value is refused, and what it was read as
RUN_TOGETHER = "it looks like several {} run together; "


def run_together(field: str) -> str:
    """``RUN_TOGETHER`` said of a field's items (sectors, forms of security cooperation)."""
    return RUN_TOGETHER.format(_ITEM_NOUNS.get(field, ("item", "items"))[1])


def runs_several(value: list[Any], item: str | None, field: str) -> bool:
    """Whether a problem of a list field whose items run several together is one to tell so: the list's own
    (``item`` None: two parties' codes counted as one), or an item's (``item``: its index, '0') that runs
    several together; another item's problem keeps its own suggestion ('defence': did you mean 'defense'?)."""
    if item is None:
        return True
    at = int(item) if item.isdigit() else -1
    if not 0 <= at < len(value) or not isinstance(value[at], str):
        return False
    separator = PARTY_SEPARATOR if field == "parties" else LIST_SEPARATOR
    pieces = separator.split(value[at].strip())
    return len(pieces) > 1 or len(spaced_items(pieces[0], field)) > 1


def items_run_together(value: Any, field: str) -> tuple[list[str], bool] | None:
    """The items of a list of text of which one or more run several together ('USA, JPN', 'trade; energy';
    between parties, a space too: 'USA JPN'; between the items of a set, a space where each part is one:
    'trade energy'), each on its own, and whether spaces alone ran them together; None for any other value."""
    if value.__class__ is not list or not all(isinstance(v, str) and not missing_word(v) for v in value):
        return None  # 'N/A' is a word for a missing value, told so, not two items
    separator = PARTY_SEPARATOR if field == "parties" else LIST_SEPARATOR
    pieces = [piece for v in value for piece in separator.split(v.strip())]
    items = [item for piece in pieces for item in spaced_items(piece, field)]
    if len(items) == len(value) or not all(items):
        return None
    return items, len(pieces) == len(value)


def _items_of_their_own(found: list[Problem], doc: Document) -> list[Problem]:
    """The problems of a profile (JSON, YAML), a list field's told, where one of its items runs several
    together (["USA, JPN"], [trade energy]), to write each as an item of its own, as the input writes a list;
    a table's cell is told so by the table's reader (``dataset.in_cells``), ';'-joined."""
    data = doc.data
    if doc.syntax == "cell" or not isinstance(data, dict):
        return found
    told = []
    for p in found:
        name = (p.location.pointer or "").split("/")[1:]  # the field, and the item's index if an item's
        value = data.get(name[0]) if 1 <= len(name) <= 2 else None
        ran = items_run_together(value, name[0]) if value is not None else None
        if (
            ran is not None
            and isinstance(value, list)
            and runs_several(value, name[1] if len(name) == 2 else None, name[0])
        ):
            items, spaced = ran
            why = run_together(name[0]) if spaced else ""
            hint = f"{why}write each as an item of its own: {written_list(items, doc.syntax)}"
            p = Problem(p.message, p.location, hint, p.option)
        told.append(p)
    return told


def _in_quotes(text: str, syntax: Syntax) -> str:
    """How to write a number as text where text belongs, as the input writes it."""
    if syntax == "json":
        return f"write it in quotes: {json.dumps(text, ensure_ascii=False)}"
    if syntax == "cell":
        return f"store the column as text, '{text}' as a string"
    return f"write it in quotes: '{text}'"


#: digits, one comma, digits: a number as spreadsheets of many locales write it (6,6 for 6.6)
_DECIMAL_COMMA = re.compile(r"([-+]?)([0-9]+),([0-9]+)")


def decimal_comma(text: str, whole: bool) -> str | None:
    """How to write a number written with a decimal comma, if it is one.

    A comma before three digits (1,500) may as well group thousands: both readings
    are offered, the reader knows which the file meant. A number field is never a
    list, so its comma is no list's.
    """
    match = _DECIMAL_COMMA.fullmatch(text)
    if match is None:
        return None
    sign, units, decimals = match.groups()
    grouped = len(decimals) == 3 and len(units) <= 3 and units[0] != "0"
    if whole:
        if grouped:
            return f"write {sign}{units}{decimals}, without the comma between thousands"
        if not decimals.strip("0"):  # 3,0: a fraction of zeros, with a decimal comma
            return f"write {sign}{units}: a whole number"
        return None  # 2,5 is no whole number
    point = f"{sign}{units}.{decimals}"
    if grouped:
        return f"write {point} if the comma marks the decimals, or {sign}{units}{decimals} if it groups thousands"
    return f"write {point}: a point before the decimals, not a comma"


def _word(value: Any) -> str | None:
    return value.strip().lower() if isinstance(value, str) else None


def missing_word(value: Any) -> bool:
    """Whether text is a word data exports write for a missing value ('NA', 'null') or for none of them
    ('none', '-'): never read as unknown or none (amity does not guess), but worth saying where it stands."""
    word = _word(value)
    return bool(word) and (word in _UNKNOWN_WORDS or word in _NONE_WORDS)


#: a percentage, as text: 15%, 2.5 %
_PERCENT = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*%\s*")


def share_hint(value: Any, maximum: Any) -> str | None:
    """How to write a share (a field from 0 to 1, such as trade_dependence) given as a percentage ('15%', 15)."""
    if maximum != 1 or isinstance(value, bool):
        return None
    if isinstance(value, str):
        match = _PERCENT.fullmatch(value)
        percent = float(match.group(1)) if match else None
    else:
        percent = value if isinstance(value, (int, float)) and 1 < value <= 100 else None
    if percent is None:
        return None
    return f"write {percent / 100:g}: a share from 0 to 1, not a percentage"


#: what a value below a field's minimum may mean, by field: a ratio written upside down (what the field holds)
_UPSIDE_DOWN = {"power_ratio": "the stronger party's over the weaker's"}


def upside_down(field: str, value: float) -> tuple[str, str] | None:
    """A ratio written upside down (a power ratio of 0.5): what the field holds and the value meant, turned over
    ("the stronger party's over the weaker's", '2'); None for any other value. The interview and the files say it
    alike."""
    holds = _UPSIDE_DOWN.get(field)
    return (holds, f"{1 / value:.3g}") if holds is not None and 0 < value < 1 else None


def _below(field: str, value: float) -> str | None:
    turned = upside_down(field, value)
    return f"{turned[0]}: write {turned[1]}" if turned else None


#: a number within text ('0.3' in '0.3a', '12' in '12 dialogues'): digits as a cell writes them, no exponent
_NUMBER_IN_TEXT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def number_hint(field: str, value: Any = None) -> str | None:
    """How to write a number of a vocabulary field, with its range in words ('write a number: a share from 0 to
    1'); for text that holds one number within the range among other characters ('0.3a', '~3', '12 dialogues'),
    that number as an example ('write a number such as 0.3: a share from 0 to 1'): only ever suggested, never read
    (amity does not guess what the other characters meant). None for a field that is not of numbers."""
    spec = fields().get(field)
    words = spec.range_words if spec is not None else None
    if spec is None or words is None:
        return None
    noun = "a whole number" if spec.kind == "integer" else "a number"
    found = _NUMBER_IN_TEXT.findall(value) if isinstance(value, str) else []
    if len(found) == 1 and found[0] != value.strip() and "%" not in value:  # 15% is no ratio of 15 (share_hint)
        number = float(found[0])
        fits = (spec.minimum is None or number >= spec.minimum) and (spec.maximum is None or number <= spec.maximum)
        if fits and (spec.kind == "number" or number.is_integer()):
            return f"write {noun} such as {found[0].lstrip('+')}: {words}"
    return f"write {noun}: {words}"


def range_hint(field: str) -> str | None:
    """What to write for a number of a vocabulary field that is out of its range ('-1' for a count, as a data
    export may write for a missing value): the range in words, and how to say unknown. None for a field that
    is not of numbers."""
    spec = fields().get(field)
    words = spec.range_words if spec is not None else None
    return f"write {words}; {_UNKNOWN}" if words else None


def value_hint(field: str, value: Any, options: list[str], item: bool = False) -> str | None:
    """What to write for text that is not a value of ``field`` but the vocabulary names elsewhere: a common name
    the contract gives one of its values ('MOU': memorandum), or a value (or such a name) of another field, as a
    cell in the wrong column holds. Only ever suggested, never read as the value (amity does not guess). None
    for other text."""
    spec = fields().get(field)
    if not isinstance(value, str) or spec is None:
        return None
    meant_value = spec.alias_of(value)
    if meant_value in options:
        return f"{describe(value)} is written '{meant_value}' in the vocabulary"
    written = value.strip().casefold()
    if any(written == o.casefold() for o in options):
        return None  # the field's own value, in other capitals: did_you_mean says it
    owners = {
        (other.name, v)
        for other in fields().values()
        for v in other.values
        if other.name != field and isinstance(v, str) and (v.casefold() == written or other.alias_of(value) == v)
    }
    if len(owners) != 1:
        return None  # none, or a value many fields have (low, none): no one place to name
    ((other, owned),) = owners
    said = f"'{owned}' is" if owned.casefold() == written else f"{describe(value)} is written '{owned}',"
    return f"{said} a value of {other}, not of {field}: is it in the right field?"


def _parts_of(value: Any, options: list[str]) -> str | None:
    """'did you mean' the values that have the word as a part, where more than one has ('treaty': ratified_treaty or
    signed_treaty), which edit distance would narrow to one."""
    word = value.strip().casefold().replace(" ", "_") if isinstance(value, str) else ""
    parts = [o for o in options if word and (word in o.split("_") or (word in o and "_" in word))]
    return f"did you mean {' or '.join(repr(o) for o in parts)}?" if len(parts) > 1 else None


def _one_of_them(value: Any, field: str, options: list[str], item: bool, null_ok: bool) -> str:
    """What to write for a value of a vocabulary field that no other hint fits: one value for a list where one
    belongs, a value's name for a rank, or one of the values listed, as listed."""
    word = value.strip().casefold() if isinstance(value, str) else ""
    spec = fields().get(field)
    if not item and word and LIST_SEPARATOR.search(word) and spec is not None and spec.kind != "set":
        return f"write one value: {field} holds one, not a list"
    if word.isdigit() and spec is not None and spec.kind == "ordinal":
        return f"write the value's name, not a number: {', '.join(spec.values)}, from least to most"
    listed = "write each item as one of the values listed" if item else "write one of the values listed"
    return f"{listed}; {_UNKNOWN}" if null_ok and not item else listed


#: what a key takes, by its key, for a value of the wrong type that no other hint fits ('priority: high')
_TAKES = {
    "priority": "priority is a whole number, 0 unless given: a rule of higher priority fires before the others of "
    "its layer, e.g. priority: 10",
}


#: what to write in an empty list that needs items, by its key
_EMPTY_LISTS = {
    "all": "list the conditions that must all hold, or remove 'all'",
    "any": "list the conditions of which one must hold, or remove 'any'",
    "then": "list what the rule concludes: a finding, a level, a risk's rating or hedging",
    "cases": "write at least one case (facts in, what they should conclude out)",
    "tests": "name at least one file of cases, or leave 'tests' out (tests.yaml beside the pack is read)",
}
#: two party codes, as the examples of a list of parties give them
_TWO_PARTIES = ["USA", "JPN"]


def _in_form(value: Any, schema: Mapping[str, Any]) -> str | None:
    """How to write a number where text of a pattern belongs, when quoting it alone would not do: YAML
    reads version: 0.1 as a number, and '0.1' is no semantic version ('0.1.0' is)."""
    pattern = schema.get("pattern")
    if not pattern or (value.__class__ not in (int, float) and not isinstance(value, AsWritten)):
        return None
    text = describe(value)
    if re.search(pattern, text):
        return None  # quoting it is enough (type_hint says so)
    for _ in range(2):  # a version short of its parts: 1 as 1.0.0, 0.1 as 0.1.0
        text += ".0"
        if re.search(pattern, text):
            return f"write it in quotes, in full: '{text}'"
    described = str(schema.get("description") or "").rstrip(".")
    return f"quoting it is not enough: expected {described[:1].lower()}{described[1:]}" if described else None


def type_hint(value: Any, types: list[str], syntax: Syntax = "yaml") -> str | None:
    """How to write a value of the wrong type as one of types, if it can be told: only what fits the value
    (no 'without quotes' unless the text is a number), written as the input writes it (``Document.syntax``)."""
    if "null" in types and _word(value) in _UNKNOWN_WORDS:  # a word for unknown (a list: or none of them?)
        return f"{_UNKNOWN}; {_EMPTY_SET}" if "array" in types else _UNKNOWN
    if "boolean" in types and (isinstance(value, str) or value.__class__ in (int, float)):
        # a number: only 1 and 0 mean true and false (f"{value:g}" fails on an int too large for a float)
        word = _word(value) if isinstance(value, str) else "1" if value == 1 else "0" if value == 0 else None
        if isinstance(value, str) and word in ("true", "false"):  # the word itself, quoted: text, not a truth value
            return f"write {word} without quotes"
        if word in _TRUE_WORDS:
            return "did you mean 'true'?"
        if word in _FALSE_WORDS:
            return "did you mean 'false'?"
        return "write true or false"
    if isinstance(value, str) and ("integer" in types or "number" in types):
        text = value.strip()
        if DECIMAL.fullmatch(text):
            return "write the number without quotes"
        comma = decimal_comma(text, "number" not in types)
        if comma:
            return comma
        date = _DATE.fullmatch(text)
        if date and "integer" in types:
            return f"write the year alone, e.g. {int(date.group(1))}"
        return None
    if "string" in types and (value.__class__ in (int, float, bool) or isinstance(value, AsWritten)):
        return _in_quotes(describe(value), syntax)  # YAML reads 2023 as a number: an id, a label is text
    if is_decimal(value) and value.is_finite() and ("number" in types or "integer" in types):
        return "a Decimal: give it as an int or a float"
    if isinstance(value, datetime.date) and "integer" in types:  # a table's date where a year belongs
        return f"write the year alone, e.g. {value.year}"
    if isinstance(value, (bytes, bytearray)) and "string" in types:
        return "store the column as text (UTF-8 strings)"
    if isinstance(value, str) and "array" in types:
        if _word(value) in _NONE_WORDS:
            return _EMPTY_SET
        if _word(value) == "[]":
            return _EMPTY_SET_AS_TEXT
        return f"write a list, e.g. {written_list(['a', 'b'], syntax)}"
    return None


#: What the items of a list field are, in words (singular, plural), where "item" says less: the count
#: a person gets wrong is of party codes, or of sectors (a rule's ``contains_any: []``)
_ITEM_NOUNS: dict[str, tuple[str, str]] = {
    "parties": ("party code", "party codes"),
    "sectors": ("sector", "sectors"),
    "security_cooperation": ("form of security cooperation", "forms of security cooperation"),
}
#: a reference to the values of a field, as the pack schema makes one (``#/$defs/sectorsValue``)
_FIELD_VALUE_REF = re.compile(r"#/\$defs/(\w+)Value")


def _item_nouns(schema: Mapping[str, Any]) -> tuple[str, str]:
    """What the items of an array schema are (singular, plural), told by the items' own schema (a party
    code's pattern, a reference to a field's values as a pack's condition makes); else item, items."""
    items = schema.get("items")
    field: str | None = None
    if isinstance(items, dict):
        ref = _FIELD_VALUE_REF.fullmatch(str(items.get("$ref", "")))
        if items.get("pattern") == PARTY_CODE:
            field = "parties"
        elif ref is not None:
            field = ref.group(1)
    return _ITEM_NOUNS.get(field or "", ("item", "items"))


def _as_a_list(
    value: Any, schema: Mapping[str, Any], root: Mapping[str, Any], field: str, syntax: Syntax
) -> str | None:
    """How to write a set given as text ('defense', 'trade, energy') as a list of its own values: '[trade,
    energy]' (as the input writes a list), each value that is none of the set's named; None where the items'
    values cannot be told."""
    if not isinstance(value, str) or _word(value) in _UNKNOWN_WORDS | _NONE_WORDS:
        return None  # type_hint says how to write unknown, or none of them
    items = schema.get("items")
    if not isinstance(items, dict):
        return None
    ref = str(items.get("$ref", ""))
    if ref.startswith("#/$defs/"):
        items = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
    options = [str(o) for o in items.get("enum", ()) if o is not None]
    pattern = str(items.get("pattern") or "")
    if not options and not pattern:
        return None
    text = value.strip()
    quoted = text.startswith("[") and text.endswith("]")
    if quoted:  # a list in quotes: '[trade, energy]'
        text = text[1:-1]
    words = [w.strip().strip("'\"").strip() for w in re.split(r"[,;]", text)]
    # 'trade energy': sectors separated by spaces alone, where each part is one
    words = list(dict.fromkeys(item for w in words if w for item in spaced_items(w, field)))
    if not words or len(words) > 20:  # no set has that many values: text of another kind, not told word by word
        return None
    one, many = _ITEM_NOUNS.get(field) or _item_nouns(schema)
    not_one = f"is not a {one}" if one != "item" else "is not one of the values"
    known, notes, unsuggested = [], [], False
    for word in words:
        if word in options or (not options and re.search(pattern, word)):
            known.append(word)
            continue
        close = did_you_mean(word, options) if options else _fitting(word, pattern)
        notes.append(f"{describe(word)} {not_one}" + (f": {close}" if close else ""))
        unsuggested = unsuggested or close is None
    if unsuggested and options and len(options) <= 12:
        notes.append(f"the {many if one != 'item' else 'values'} are: {', '.join(options)}")
    # a list in quotes looks like the list to write: what to change is the quotes around it
    how = "write it as a list, not as text in quotes" if quoted else "write it as a list"
    said = f"{how}: {written_list(known, syntax)}" if known else "write a list"
    return "; ".join([said, *notes])


def _items_are_mappings(schema: Mapping[str, Any], root: Mapping[str, Any]) -> bool:
    """Whether a list's items are mappings (a rule's conclusions, a pack's rules): one written without its '- '
    reads as a mapping where the list belongs."""
    items = schema.get("items")
    if not isinstance(items, dict):
        return False
    ref = str(items.get("$ref", ""))
    target = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {}) if ref.startswith("#/$defs/") else items
    return target.get("type") == "object"


def _needed(error: ValidationError, root: Mapping[str, Any]) -> str | None:
    """What to add for a key that goes with another (a risk's rating): its values, or what it holds."""
    value, needs = error.instance, error.validator_value
    if not isinstance(value, dict) or not isinstance(needs, dict):
        return None
    missing = [k for key, keys in needs.items() if key in value for k in keys if k not in value]
    if not missing:
        return None
    schema = error.schema.get("properties", {}).get(missing[0], {}) if isinstance(error.schema, dict) else {}
    ref = str(schema.get("$ref", ""))
    target = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {}) if ref.startswith("#/$defs/") else schema
    values = [str(v) for v in target.get("enum", ()) if v is not None]
    if values:
        return f"add {missing[0]}: {', '.join(values[:-1])} or {values[-1]}" if len(values) > 1 else None
    return f"add {missing[0]}"


def _described(schema: Mapping[str, Any], root: Mapping[str, Any]) -> str | None:
    """A schema's description, or that of the definition it refers to."""
    ref = str(schema.get("$ref", ""))
    target = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {}) if ref.startswith("#/$defs/") else {}
    described = schema.get("description") or target.get("description")
    return str(described) if described else None


_COMBINATORS = frozenset(("all", "any", "not", "finding"))
_OPERATOR_NAMES = frozenset(op for ops in OPERATORS.values() for op in ops)


def _misspelt_required(key: object, mapping: Mapping[str, Any], schema: Mapping[str, Any]) -> str | None:
    """The required key a key the schema does not allow is a misspelling of, where the mapping lacks it: one fault,
    which its two errors ('unknown key descripton', 'missing required key description') would tell twice."""
    allowed = _allowed_keys(dict(schema))
    if not isinstance(key, str) or key in allowed or schema.get("additionalProperties") is not False:
        return None
    close = meant_name(key, allowed)
    return close if close in schema.get("required", ()) and close not in mapping else None


def _key_noun(allowed: list[str], what: str) -> str:
    """What a mapping's keys are, as a message names one it does not allow: a pack's condition tests fields (the
    words a profile uses for them too), a field's test has operators; elsewhere ``what`` the caller says."""
    keys = set(allowed)
    if keys >= _COMBINATORS:
        return "field"
    return "operator" if keys and keys <= _OPERATOR_NAMES else what


def _explain(
    doc: Document, error: ValidationError, null_ok: bool, what: str, root: Mapping[str, Any] | None = None
) -> list[Problem]:
    pointer = pointer_of(error.absolute_path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    here = doc.locate(pointer)
    if "propertyNames" in error.absolute_schema_path and isinstance(value, str):
        # a key the mapping's keys must fit: jsonschema's path is the mapping's, the problem is the key's
        here = doc.locate(pointer_join(pointer, value), key=True)
    if kind == "additionalProperties":
        allowed = _allowed_keys(schema)
        out = []
        named = f"a {what} name" if what == "field" else "a name"
        for key in sorted(set(value) - set(allowed), key=list(value).index):
            key_pointer = pointer_join(pointer, key)
            if not isinstance(key, str):  # a mapping made in Python (the library's validate): {16: ...}
                said = f"{describe(key)}: a key must be {named}, not {_KEY_TYPES.get(type(key), 'a ' + type(key).__name__)}"
                out.append(Problem(f"unknown {what} {said}", doc.locate(key_pointer, key=True)))
                continue
            hint = spelled_operator(key, allowed) or did_you_mean(key, allowed)
            meant_key = _misspelt_required(key, value, schema)
            if hint is not None and meant_key is not None:  # the required key's own error is left out: one fault
                described = _described(schema.get("properties", {}).get(meant_key, {}), root or {})
                hint += f" It is required{': ' + described if described else '.'}"
            if hint is None:
                hint = (
                    f"expected one of: {', '.join(allowed)}"
                    if len(allowed) <= 12
                    else f"not one of the {len(allowed)} {what}s the schema allows"
                )
            noun = _key_noun(allowed, what)
            field = pointer_token(pointer.rsplit("/", 1)[-1])
            meant = SPELLINGS.get(key.strip().casefold())
            if noun == "operator" and key in _OPERATOR_NAMES:  # an operator, of another kind of field
                message = f"the operator '{key}' does not apply to {field}"
            elif noun == "operator" and meant in _OPERATOR_NAMES and meant not in allowed:
                # another way to write an operator of another kind of field ('gte' of one whose values have no order)
                message = f"unknown operator '{visible(key)}': '{meant}' ({MEANINGS[meant]}) does not apply to {field}"
            else:
                message = f"unknown {noun} '{visible(key)}'"
                if isinstance(key, KeyAsWritten):  # 0x10: quoted as written, not as the 16 YAML reads
                    written = f"the key {visible(key)}" if key else "an empty key"
                    message += f": YAML reads {written} as {key.taken_for}, and a key must be {named}"
            out.append(Problem(message, doc.locate(key_pointer, key=True), hint))
        return out
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        if isinstance(value, dict) and any(_misspelt_required(k, value, schema) == name for k in value):
            return []  # written misspelt: the misspelt key's error says so, and that it is required
        described = _described(schema.get("properties", {}).get(name, {}), root or {})
        return [Problem(f"missing required {what} '{name}'", here, f"add {name}: {described}" if described else None)]
    if kind == "enum":
        options = [o for o in error.validator_value if o is not None]
        shown = ", ".join(str(o) for o in options)
        null_ok = null_ok or None in error.validator_value
        message = f"unknown value {describe(value)}; expected one of: {shown}" + (_NULL_OK if null_ok else "")
        if isinstance(value, (dict, list)):  # not a value of the wrong name: no value at all
            message = f"expected one of: {shown}{_NULL_OK if null_ok else ''}, got {describe(value)}"
        item = bool(error.path) and isinstance(error.path[-1], int)  # an item of a set
        unknown = _word(value) in _UNKNOWN_WORDS and (null_ok or item)  # 'null' is not a misspelt 'annual'
        hint = (_UNKNOWN_ITEMS if item else _UNKNOWN) if unknown else did_you_mean(value, [str(o) for o in options])
        if hint is None and item and _word(value) in _NONE_WORDS:
            hint = _EMPTY_SET
        if hint is None and item and _word(value) == "[]":
            hint = _EMPTY_SET_AS_ITEM
        field = next((str(p) for p in reversed(error.path) if isinstance(p, str)), "")
        if not unknown and field in fields():  # a name the vocabulary gives comes before a likeness of spelling
            values = [str(o) for o in options]
            hint = value_hint(field, value, values, item) or _parts_of(value, values) or hint
            hint = hint or _one_of_them(value, field, values, item, null_ok)
        return [Problem(message, here, hint)]
    if kind == "const":
        return [
            Problem(
                f"expected {describe(error.validator_value)}, got {describe(value)}", here, schema.get("description")
            )
        ]
    if kind == "not" and isinstance(error.validator_value, dict) and "enum" in error.validator_value:
        desc = schema.get("description")
        return [Problem(f"{describe(value)} is not allowed here{': expected ' + desc if desc else ''}", here)]
    if kind == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        if value.__class__ is WithExponent and "integer" in types:
            message, hint = whole_in_digits(value.text, schema.get("minimum"), schema.get("maximum"))
            return [Problem(message, here, hint or (number_hint(str(error.path[-1])) if error.path else None))]
        expected = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in types)
        hint = (
            share_hint(value, schema.get("maximum"))
            or _in_form(value, schema)
            or (
                _as_a_list(value, schema, root or {}, str(error.path[-1]) if error.path else "", doc.syntax)
                if "array" in types
                else None
            )
            or type_hint(value, types, doc.syntax)
            or (_TAKES.get(str(error.path[-1])) if error.path else None)
            or (number_hint(str(error.path[-1]), value) if error.path and set(types) <= _NUMBERS else None)
        )
        if isinstance(value, list) and "all" in _allowed_keys(schema):  # a rule condition written as a list
            hint = "wrap the list in 'all:' (every one must hold) or 'any:' (one suffices)"
        elif isinstance(value, dict) and value and "array" in types and _items_are_mappings(schema, root or {}):
            first = next(iter(value), "")
            hint = f"make it a list: write '- ' before '{first}' (each item of a list starts with '- ')"
        elif isinstance(value, str) and "citation" in _allowed_keys(schema):  # a source written as its citation
            hint = (
                f"write it as a citation: source: {{citation: {json.dumps(value, ensure_ascii=False)}}}, "
                "or cite a section of a named source: {ref: ..., section: ..., quote: ...}"
            )
        return [Problem(f"expected {expected}, got {describe(value)}", here, hint)]
    if kind in ("minItems", "maxItems"):
        lo, hi = schema.get("minItems"), schema.get("maxItems")
        count = len(value)
        want = "exactly" if lo == hi else "at least" if kind == "minItems" else "at most"
        number = hi if want == "at most" else lo
        one, many = _item_nouns(schema)
        key = error.path[-1] if error.path else None
        hint = _EMPTY_LISTS.get(str(key), f"list at least one {one}") if count == 0 else None
        if key == "parties" and (count == 0 or hint is None):  # one code, or three: a relationship has two
            hint = f"list the two parties' codes, e.g. {written_list(_TWO_PARTIES, doc.syntax)}"
        return [Problem(f"expected {want} {number} {one if number == 1 else many}, got {count}", here, hint)]
    if kind == "uniqueItems":
        seen, repeated = set(), None
        for item in value:
            key = repr(item)
            if key in seen:
                repeated = item
                break
            seen.add(key)
        key = error.path[-1] if error.path else None
        hint = (
            "name two different parties: a relationship is between two"
            if key == "parties"
            else f"write {describe(repeated)} once"
        )
        return [Problem(f"items must not repeat ({describe(repeated)} appears twice)", here, hint)]
    if kind == "pattern":
        form, hint = pattern_words(error.validator_value)
        return [
            Problem(
                f"{describe(value)} is not of the expected form: {form or schema.get('description') or 'see the schema'}",
                here,
                _fitting(value, error.validator_value) or hint,
            )
        ]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "above", "exclusiveMaximum": "below"}
        field = error.path[-1] if error.path and isinstance(error.path[-1], str) else ""
        below = _below(field, value) if kind == "minimum" and isinstance(value, (int, float)) else None
        hint = (share_hint(value, error.validator_value) if kind == "maximum" else below) or range_hint(field)
        return [Problem(f"expected a value {words[kind]} {error.validator_value}, got {describe(value)}", here, hint)]
    if kind == "minLength":  # '' written for unknown, as a CSV cell writes it
        unknown = null_ok or "null" in (schema.get("type") or ())
        return [Problem("expected a non-empty string", here, _UNKNOWN if unknown and not value.strip() else None)]
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
        bound = error.validator_value
        # a key that only goes with another, which needs more (a risk's rating and reason), is not one to start with
        needs = schema.get("dependentRequired", {})
        starts = [
            k
            for k in _allowed_keys(schema)
            if not (k in needs and all(len(needs.get(other, ())) > len(needs[k]) for other in needs[k]))
        ]
        return [
            Problem(
                f"expected {'at least' if kind == 'minProperties' else 'at most'} {bound} "
                f"{'key' if bound == 1 else 'keys'}, got {len(keys)}",
                here,
                f"write one of: {', '.join(starts)}" if kind == "minProperties" and starts else None,
            )
        ]
    if kind == "dependentRequired":
        return [
            Problem(error.message.replace("is a dependency of", "is needed with"), here, _needed(error, root or {}))
        ]
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


#: what is said of an item where a profile belongs that is not a mapping, in every format and the library
NOT_A_PROFILE = "expected a profile (a mapping)"


def not_a_profile(value: Any) -> Problem | None:
    """The problem of a value that is not a profile (a mapping), located at its root; None for a mapping.

    A string, a list of pairs or None would otherwise fail deep inside (``dict("text")``), as a raw
    Python error, or worse be taken for a profile (``dict([("parties", ...)])``).
    """
    if value.__class__ is dict or isinstance(value, Mapping):
        return None
    kind = "None" if value is None else f"a {type(value).__name__}"
    return Problem(NOT_A_PROFILE, Location(pointer=""), f"got {kind}; give a dict of the vocabulary's fields")


def not_one_profile(value: dict[str, Any], where: Location) -> Problem | None:
    """The problem of a single mapping that holds profiles in another shape, not one profile: a table by
    columns (pandas' ``to_json`` default), a list of profiles under a key (``{"data": [...]}``), or another of
    amity's files that holds one under ``profile`` (a scenario, a transcript): each key of its own was an
    'unknown field', and the one problem, that it is no profile, went unsaid."""
    known = fields()
    if value and all(isinstance(v, dict) for v in value.values()) and "parties" in value:
        first = next(iter(value))
        return Problem(
            f'a table by columns ({{"{first}": {{"0": ...}}, ...}}: pandas\' to_json writes one by default), '
            "not a list of profiles",
            Location(where.file, where.line, where.column, ""),
            'write it with to_json(path, orient="records"), or with orient="records", lines=True as JSON Lines',
        )
    kind, inner = value.get("kind"), value.get("profile")
    if "parties" not in value and (kind in ("quiz", "interview") or isinstance(inner, dict)):  # another of amity's
        what, fix = (
            (
                "a quiz transcript",
                "amity quiz report DIR reads transcripts; a profile has a 'field: value' line per fact",
            )
            if kind == "quiz"
            else ("an interview transcript", "give the answers file the interview saved beside it")
            if kind == "interview"
            else ("a scenario", "its quiz is amity quiz FILE; to assess it, give the mapping under profile: alone")
        )
        under = ": the relationship's profile is under its key 'profile'" if isinstance(inner, dict) else ""
        return Problem(f"is {what}, not a profile{under}", Location(where.file, where.line, where.column, ""), fix)
    if len(value) == 1:
        ((key, inner),) = value.items()
        if key not in known and isinstance(inner, list) and inner and all(isinstance(v, dict) for v in inner):
            return Problem(
                f"the profiles are a list under '{key}', not the file's value",
                Location(where.file, where.line, where.column, ""),
                "make the list itself the file's value: [{...}, {...}]",
            )
    return None


def check_profile(doc: Document) -> None:
    """Raise InputError with every way the profile at doc breaks the vocabulary."""
    if profile_is_valid(doc.data):
        return
    found = problems(doc, "relationship")
    overflowed = overflow_problems(doc)  # said alike in every format, in place of the schema's words
    found = [p for p in found if p.location.pointer not in overflowed] + list(overflowed.values())
    pointers = {p.location.pointer for p in found}
    found += [p for p in nonfinite_problems(doc) if p.location.pointer not in pointers]
    found = _items_of_their_own(found, doc)
    found.sort(key=reading_order)
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
        if isinstance(value, float) and not math.isfinite(value) and value.__class__ is not Overflowed
    ]


def number_too_large(
    shown: str, negative: bool, minimum: float | None, maximum: float | None, *, exponent: bool
) -> tuple[str, str | None]:
    """What to say of a number too large to read, shown as written, in any format: beyond the field's
    maximum (or, below zero, its minimum) if it has one, else beyond what amity reads. ``exponent``: the
    number is bounded by a float's range (it has a fraction or an exponent, or its field is of numbers),
    else by ``MOST_DIGITS`` digits (a whole number in a field of whole numbers). The message and its
    suggestion."""
    if maximum is not None and not negative:
        return f"expected a value at most {maximum:g}, got {shown}", None
    if minimum is not None and negative:
        return f"expected a value at least {minimum:g}, got {shown}", None
    limit = f"{sys.float_info.max:.1e}" if exponent else f"{MOST_DIGITS:,} digits"
    return f"a number too large to read: {shown}", f"amity reads numbers of up to {limit}"


#: the longest number a suggestion writes out ('write 1000' for 1e3; nothing for 1e300)
MOST_SUGGESTED = 30


def whole_in_digits(text: str, minimum: float | None, maximum: float | None) -> tuple[str, str | None]:
    """What to say of a number written with an exponent (1E1) in a field of whole numbers, in any format:
    amity does not guess that 1E1 meant 10, it says the digits to write (where they are few and within the
    field's bounds); a number that is no whole number (1.5e0) is said to be none. The message and its
    suggestion."""
    from decimal import Decimal  # here: not at every start (bench/README.md, "Start-up")

    exact = Decimal(text)  # not the float: int(1e23) is 99999999999999991611392
    if exact != exact.to_integral_value():
        return f"expected a whole number, got {describe_cell(text)}", None
    if minimum is not None and exact < Decimal(str(minimum)):  # out of range: said first, as in digits it would be
        return f"expected a value at least {minimum:g}, got {describe_cell(text)}", None
    if maximum is not None and exact > Decimal(str(maximum)):
        return f"expected a value at most {maximum:g}, got {describe_cell(text)}", None
    hint = f"write {int(exact)}" if exact.is_zero() or exact.adjusted() < MOST_SUGGESTED else None
    return f"expected a whole number in digits, got {describe_cell(text)}", hint


#: a number written in digits alone (no fraction, no exponent): in a field of whole numbers it is exact
_IN_DIGITS = re.compile(r"[-+]?[0-9]+")


def read_as_float(value: float, kind: str) -> bool:
    """Whether a number too large to read (``Overflowed``) is bounded by a float's range, for
    ``number_too_large``'s ``exponent``: in a field of numbers (``kind`` 'number'), or written with a
    fraction or an exponent; else (digits alone, of a whole number) by ``MOST_DIGITS`` digits."""
    return kind == "number" or not _IN_DIGITS.fullmatch(str(value))


def overflow_problems(doc: Document) -> dict[str, Problem]:
    """The numbers too large (or too close to zero: ``Underflowed``, 1e-400) to read, by pointer, said as a CSV cell's are: beyond a float's range
    (``Overflowed``: 1e400; or, in a field of numbers, its 401 digits written out), or of more than
    ``MOST_DIGITS`` digits (``Overflowed`` too). A field of whole numbers takes any whole number in digits
    of up to ``MOST_DIGITS`` digits: that is its bound, not a float's range. And a whole number written
    with an exponent (``WithExponent``, 1E1) in a field of whole numbers, refused with its digits as a
    CSV cell's is (``whole_in_digits``)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    specs = fields()
    found = {}
    for name, value in data.items():
        spec = specs.get(name)
        if spec is None or spec.kind not in ("integer", "number"):  # text, a set...: the schema says what it is
            continue
        if value.__class__ is Overflowed:
            as_float = read_as_float(value, spec.kind)
        elif spec.kind == "number" and value.__class__ is int and not -FLOAT_MOST <= value <= FLOAT_MOST:
            as_float = True
        elif value.__class__ is WithExponent and spec.kind == "integer":
            message, hint = whole_in_digits(value.text, spec.minimum, spec.maximum)
            found[f"/{name}"] = Problem(message, doc.locate(f"/{name}"), hint or number_hint(name))
            continue
        elif value.__class__ is Underflowed:
            if spec.minimum is not None and spec.minimum > 0:
                continue  # below the field's minimum, as the schema says
            found[f"/{name}"] = Problem(
                f"a number too close to zero to read: {describe(value)}",
                doc.locate(f"/{name}"),
                f"write 0 if it is none; amity reads numbers as close to zero as {math.ulp(0.0):.1e}",
            )
            continue
        else:
            continue
        message, hint = number_too_large(describe(value), value < 0, spec.minimum, spec.maximum, exponent=as_float)
        found[f"/{name}"] = Problem(message, doc.locate(f"/{name}"), hint or range_hint(name))
    return found


def document_problems(doc: Document, schema_name: str, what: str = "field") -> list[Problem]:
    """``problems``, but a document the compiled check accepts costs one fast pass and no jsonschema."""
    if schema_check(schema_name)(doc.data):
        return []
    return problems(doc, schema_name, what)
