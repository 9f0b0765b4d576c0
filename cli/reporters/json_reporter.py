"""JSON: the assessment as data, in the vocabulary's output contract."""

from __future__ import annotations

import json
from typing import Any

from amity.engine.assessment import Assessment


def dumps(data: Any) -> str:
    """Deterministic JSON: insertion-ordered keys, two-space indent, UTF-8 kept."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


#: compact JSON, UTF-8 kept: one encoder for every line (``json.dumps`` makes one a call)
encode = json.JSONEncoder(ensure_ascii=False).encode


def json_lines(items: list[Any]) -> str:
    """JSON Lines: one item per line, compact, UTF-8 kept (``amity validate -f jsonl``'s rows, ``assess -f jsonl``)."""
    return "".join([encode(item) + "\n" for item in items])


def report(assessments: list[Assessment], many: bool) -> str:
    """One object for one profile; a list where the input was one (a file of a list, several files)."""
    data = [a.as_dict() for a in assessments]
    return dumps(data if many else data[0])
