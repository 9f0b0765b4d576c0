"""Reporters: one per output format, behind one interface, chosen by name."""

from __future__ import annotations

from collections.abc import Callable

from amity.engine.assessment import Assessment

from . import json_reporter, markdown, text

Reporter = Callable[[list[Assessment], bool], str]

#: format name -> function(assessments, many) -> the whole output
ASSESSMENT_REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_reporter.report,
    "markdown": markdown.report,
}
