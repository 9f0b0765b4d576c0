"""The bundled packs, read ahead of time: what ``parse_yaml`` makes of each ``pack.yaml``, kept beside it.

Reading a pack's YAML is most of the time it takes to load it, and reading any
YAML at all imports PyYAML: together about a quarter of the start-up of a run of
``amity validate`` on a CSV file (``bench/bench_instructions.py``). Each bundled
pack ships, beside its ``pack.yaml``, the Document that parsing it gives (the
data, and the line and column of every value and key) as JSON, in
``pack.read.json``, named by the SHA-256 of the text it was read from. Loading
a bundled pack takes the Document from there when the text is still that text,
and parses the YAML otherwise (a pack edited in place): the file can make a
load faster, never different. Only the bundled packs are read ahead; a pack of
one's own is parsed as it is written.

``read_ahead_build`` writes the files (``python -m amity.engine.read_ahead_build --write``
after editing a bundled pack) and checks them (``--check``, which CI runs); a test holds
every committed file equal to what ``--write`` would make.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .document import Document
from .vocabulary import RULES_DIR

#: the file beside a bundled pack's ``pack.yaml`` that holds it read ahead
READ_AHEAD = "pack.read.json"
#: the layout of that file: one it does not know is not read
FORMAT = 1


def digest(text: str) -> str:
    """The SHA-256 of the text a Document was read from, that names it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def bundled(path: Path) -> bool:
    """Whether path is the ``pack.yaml`` of a bundled pack."""
    return path.name == "pack.yaml" and path.parent.parent == RULES_DIR


def read_ahead(path: Path, text: str, file: str | None) -> Document | None:
    """The Document of a bundled pack's text, as ``parse_yaml(text, file, long_numbers=True)`` gives it, from
    the file beside it; None where there is none to take (not a bundled pack, no file, or one read from
    another text or in another layout)."""
    if not bundled(path):
        return None
    try:
        kept = json.loads((path.parent / READ_AHEAD).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("format") != FORMAT or kept.get("sha256") != digest(text):
        return None
    positions = {pointer: (line, column) for pointer, (line, column) in kept["positions"].items()}
    keys = {pointer: (line, column) for pointer, (line, column) in kept["key_positions"].items()}
    return Document(kept["data"], file, positions, keys)
