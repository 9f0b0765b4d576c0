"""Reading relationship profiles from a YAML or JSON file: one profile or a list."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .document import Document, load_document, pointer_join
from .errors import InputError, Location, Problem
from .schema_checks import whole_numbers
from .schemas import check_profile, describe, not_one_profile


def load_profiles(path: str | Path) -> tuple[list[dict[str, Any]], bool]:
    """The profiles in a file ('-' for standard input), checked against the vocabulary.

    Returns the profiles and whether the file held a list. Every problem in
    every profile is reported at once, as one InputError.
    """
    return profiles_of(load_document(path, long_numbers=True))  # a number's bound is its field's to say


def profiles_of(doc: Document) -> tuple[list[dict[str, Any]], bool]:
    """The profiles in a parsed document (one profile or a list), checked; all problems at once."""
    data = doc.data
    if isinstance(data, dict):
        shape = not_one_profile(data, doc.locate(""))
        if shape is not None:  # a table by columns, a list under a key: not one profile with errors
            raise InputError(shape)
        parts, many = [doc], False
    elif isinstance(data, list):
        if not data:
            raise InputError(Problem("the list is empty", doc.locate(""), "expected at least one profile"))
        parts, many = doc.parts(), True
    else:
        raise InputError(
            Problem(
                f"expected a profile (a mapping) or a list of profiles, got {describe(data)}",
                Location(doc.file, 1, 1, ""),
                "write the facts as 'field: value' lines, as examples/*.yaml do"
                + ("; a dataset's rows are read by amity validate" if isinstance(data, str) else ""),
            )
        )
    problems: list[Problem] = []
    for i, part in enumerate(parts):
        try:
            check_profile(part)
        except InputError as exc:
            if many:
                problems.extend(p.under(f"/{i}") for p in exc.problems)
            else:
                problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return [whole_numbers(p.data) for p in parts], many


ONE_PROFILE_EXAMPLE = "'parties: [USA, IND]' and 'legal_basis: joint_statement', each on a line of its own"


def load_one_profile(path: str | Path) -> dict[str, Any]:
    """The one profile of a file of answers ('-' for standard input), checked: what an interview answers
    from or goes on with. Besides a mapping, a list of ``field: value`` items is read as one profile
    (``- legal_basis: joint_statement``; a list of one profile is one too), each item's errors located in it;
    a list of several profiles, or a field given twice, is refused. Raises InputError, all problems at once."""
    doc = load_document(path, long_numbers=True, holds="the answers as one profile: a 'field: value' line per fact")
    data = doc.data
    if isinstance(data, dict):
        return profiles_of(doc)[0][0]
    where = Location(doc.file, 1, 1, "")
    if not isinstance(data, list):
        raise InputError(
            Problem(
                f"expected the answers as one profile (a mapping of 'field: value' lines), got {describe(data)}",
                where,
                f"write a line per fact, e.g. {ONE_PROFILE_EXAMPLE}"
                + ("; a dataset's rows are read by amity validate" if isinstance(data, str) else ""),
            )
        )
    if not data:
        raise InputError(
            Problem("the list is empty", doc.locate(""), f"expected one profile, e.g. {ONE_PROFILE_EXAMPLE}")
        )
    profiles = [i for i, item in enumerate(data) if isinstance(item, dict) and "parties" in item]
    if len(profiles) > 1:  # profiles, each of its own relationship: which one is meant is not for amity to guess
        second = profiles[1]
        raise InputError(
            Problem(
                f"holds a list of {len(profiles)} profiles (the second at item {second + 1}); "
                "an interview answers about one relationship",
                doc.locate(f"/{second}"),
                "keep one profile in the file, as 'field: value' lines, e.g. "
                f"{ONE_PROFILE_EXAMPLE}; amity assess FILE assesses every profile of a list",
            )
        )
    items = merge_items(
        doc,
        f"write each answer as '- field: value', e.g. '- legal_basis: joint_statement'; or the file as one "
        f"profile, {ONE_PROFILE_EXAMPLE}",
    )
    try:
        check_profile(items.doc)
    except InputError as exc:
        raise InputError([items.in_file(p) for p in exc.problems]) from None
    return whole_numbers(items.doc.data)


@dataclass(frozen=True, slots=True)
class MergedItems:
    """A list of ``key: value`` items read as one mapping (``merge_items``): the mapping, as a document whose
    positions are the file's, and the item that gives each of its keys."""

    doc: Document
    #: each key's pointer in the mapping (/level; /risks/entrapment, for a mapping merged key by key) -> its item
    item_of: dict[str, int]

    def owner(self, pointer: str) -> int | None:
        """The item that gives the value at POINTER of the mapping (or the value it is in)."""
        probe = pointer
        while probe:
            if probe in self.item_of:
                return self.item_of[probe]
            probe = probe.rsplit("/", 1)[0]
        return None

    def in_file(self, problem: Problem) -> Problem:
        """A problem of the mapping, its pointer as the file has it: /legal_basis given by the third item is
        /2/legal_basis."""
        item = self.owner(problem.location.pointer or "")
        return problem if item is None else problem.under(f"/{item}")


def merge_items(
    doc: Document, not_item: str, nested: Collection[str] = (), each: str = "fact", shape: str = "field: value"
) -> MergedItems:
    """The items of a list document (``- level: partnership``) as one mapping, each item's keys in it.

    The mapping values of a key in NESTED are merged key by key (``- risks: {a: high}`` and
    ``- risks: {b: low}``). A key given twice is refused at its second place, naming its first; an
    item that is not a mapping is refused, NOT_ITEM saying what to write. EACH names what a key gives
    ("give each fact once"), SHAPE what an item is ('field: value'). InputError, all problems at once.
    """
    merged: dict[str, Any] = {}
    item_of: dict[str, int] = {}
    problems: list[Problem] = []
    parts = doc.parts()
    for i, value in enumerate(doc.data):
        if not isinstance(value, dict):
            problems.append(Problem(f"expected a '{shape}' item, got {describe(value)}", doc.locate(f"/{i}"), not_item))
            continue
        for key, answer in value.items():
            at = pointer_join("", key)
            inner = key in nested and isinstance(answer, dict)
            if at in item_of and not (inner and isinstance(merged[key], dict)):
                problems.append(_twice(doc, str(key), at, item_of[at], i, each))
                continue
            if not inner:
                merged[key], item_of[at] = answer, i
                continue
            into = merged.setdefault(key, {})
            item_of.setdefault(at, i)
            for name, given in answer.items():
                below = pointer_join(at, name)
                if below in item_of:
                    problems.append(_twice(doc, f"{name} in {key}", below, item_of[below], i, each))
                    continue
                into[name], item_of[below] = given, i
    if problems:
        raise InputError(problems)
    found = MergedItems(Document(merged, doc.file, {}, {}, doc.line_offset, doc.syntax), item_of)
    if "" in doc.positions:
        found.doc.positions[""] = doc.positions[""]
    for i, part in enumerate(parts):
        for table, into in ((part.positions, found.doc.positions), (part.key_positions, found.doc.key_positions)):
            into.update((at, pos) for at, pos in table.items() if at and found.owner(at) == i)
    return found


def _twice(doc: Document, what: str, pointer: str, first: int, again: int, each: str) -> Problem:
    """A key given by two items: at the second, naming the first."""
    line = doc.locate(f"/{first}{pointer}", key=True).line
    return Problem(
        f"{what} is given twice: first at line {line} (item {first + 1})",
        doc.locate(f"/{again}{pointer}", key=True),
        f"give each {each} once",
    )
