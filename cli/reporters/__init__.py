"""Reporters: one per output format, behind one interface, chosen by name.

Each is imported when it is chosen: a command that writes no assessment (say,
``amity validate``) starts without any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amity.engine.assessment import Assessment

Reporter = Callable[[list["Assessment"], bool], str]

#: format name -> the module of this package whose ``report(assessments, many)`` makes the whole output
ASSESSMENT_FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_reporter",
    "jsonl": "jsonl",
    "markdown": "markdown",
}


def assessment_reporter(fmt: str) -> Reporter:
    """The reporter of a format: function(assessments, many) -> the whole output."""
    report: Reporter = import_module(f"{__name__}.{ASSESSMENT_FORMATS[fmt]}").report
    return report
