"""JSON Lines: one assessment per line, in the vocabulary's output contract, however many there are.

``-f json`` prints one object for one profile and a list otherwise, so a shell glob that
matches one file changes its shape; these lines keep one shape for one profile or many.
"""

from __future__ import annotations

from amity.engine.assessment import Assessment

from .json_reporter import json_lines


def report(assessments: list[Assessment], many: bool) -> str:
    return json_lines([a.as_dict() for a in assessments])
