"""JSON: the assessment as data, in the vocabulary's output contract."""

from __future__ import annotations

import json
from typing import Any


def dumps(data: Any) -> str:
    """Deterministic JSON: insertion-ordered keys, two-space indent, UTF-8 kept."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def report(assessments: list[dict[str, Any]], many: bool) -> str:
    return dumps(assessments if many else assessments[0])
