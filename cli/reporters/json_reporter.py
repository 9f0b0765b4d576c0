"""JSON: the assessment as data, in the vocabulary's output contract."""

from __future__ import annotations

import json
from typing import Any

from amity.engine.assessment import Assessment


def dumps(data: Any) -> str:
    """Deterministic JSON: insertion-ordered keys, two-space indent, UTF-8 kept."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def report(assessments: list[Assessment], many: bool) -> str:
    data = [a.as_dict() for a in assessments]
    return dumps(data if many else data[0])
