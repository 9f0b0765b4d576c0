"""Reading relationship profiles from a YAML or JSON file: one profile or a list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .document import Document, load_document
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
