"""Reporters: one per output format, behind one interface, chosen by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import json_reporter, markdown, text

Reporter = Callable[[list[dict[str, Any]], bool], str]

#: format name -> function(assessments, many) -> the whole output
ASSESSMENT_REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_reporter.report,
    "markdown": markdown.report,
}
