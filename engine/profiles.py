"""Reading relationship profiles from a YAML or JSON file: one profile or a list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .document import Document, load_document, pointer_join, pointer_token
from .errors import InputError, Location, Problem
from .schemas import check_profile, describe, not_one_profile, whole_numbers


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
    doc = load_document(path, long_numbers=True)
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
    items = doc.parts()
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
    merged: dict[str, Any] = {}
    item_of: dict[str, int] = {}  # each field, the item that gives it: its errors are located in the file's terms
    positions: dict[str, tuple[int, int]] = {"": doc.positions[""]} if "" in doc.positions else {}
    keys: dict[str, tuple[int, int]] = {}
    problems: list[Problem] = []
    for i, (value, item) in enumerate(zip(data, items, strict=True)):
        if not isinstance(value, dict):
            problems.append(
                Problem(
                    f"expected a 'field: value' item, got {describe(value)}",
                    doc.locate(f"/{i}"),
                    f"write each answer as '- field: value', e.g. '- legal_basis: joint_statement'; or the file "
                    f"as one profile, {ONE_PROFILE_EXAMPLE}",
                )
            )
            continue
        for key, answer in value.items():
            if key in merged:
                first = doc.locate(pointer_join(f"/{item_of[key]}", key), key=True)
                problems.append(
                    Problem(
                        f"{key} is given twice: first at line {first.line} (item {item_of[key] + 1})",
                        doc.locate(pointer_join(f"/{i}", key), key=True),
                        "give each fact once",
                    )
                )
                continue
            merged[key], item_of[key] = answer, i
        for table, into in ((item.positions, positions), (item.key_positions, keys)):
            into.update((at, pos) for at, pos in table.items() if at and item_of.get(_head(at)) == i)
    if problems:
        raise InputError(problems)
    try:
        check_profile(Document(merged, doc.file, positions, keys, doc.line_offset))
    except InputError as exc:
        raise InputError([_in_item(p, item_of) for p in exc.problems]) from None
    return whole_numbers(merged)


def _in_item(problem: Problem, item_of: dict[str, int]) -> Problem:
    """A problem of the merged profile, its pointer as the file has it: /legal_basis given by the third item
    is /2/legal_basis."""
    head = _head(problem.location.pointer or "")
    return problem.under(f"/{item_of[head]}") if head in item_of else problem


def _head(pointer: str) -> str:
    """The key a JSON pointer starts with: 'sectors' of /sectors/1."""
    return pointer_token(pointer[1:].split("/")[0])
