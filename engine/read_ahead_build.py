"""Writes and checks the bundled packs' read-ahead files (``read_ahead``).

python -m amity.engine.read_ahead_build --write    # after editing a bundled pack
python -m amity.engine.read_ahead_build --check    # exit 1 where a file is missing or stale (CI runs it)
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .document import parse_yaml, read_text
from .read_ahead import FORMAT, READ_AHEAD, digest
from .vocabulary import RULES_DIR


class NotReadAhead(ValueError):
    """A pack whose Document JSON cannot hold exactly (a number kept as written, say): it is parsed at each load."""


def written(text: str) -> str:
    """The read-ahead file of a pack's text: its Document as JSON, one line per part (NotReadAhead where JSON
    would not give the same data back)."""
    doc = parse_yaml(text, None, long_numbers=True)
    _check_exact(doc.data, "")
    parts = {
        "format": FORMAT,
        "sha256": digest(text),
        "data": doc.data,
        "positions": {pointer: list(at) for pointer, at in doc.positions.items()},
        "key_positions": {pointer: list(at) for pointer, at in doc.key_positions.items()},
    }
    lines = ",\n".join(
        f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False, allow_nan=False)}" for k, v in parts.items()
    )
    return "{\n" + lines + "\n}\n"


def _check_exact(value: Any, pointer: str) -> None:
    """Raises NotReadAhead for a value JSON reads back as another type or value than this one."""
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise NotReadAhead(f"{pointer or '/'}: the key {key!r} is not plain text")
            _check_exact(item, f"{pointer}/{key}")
    elif kind is list:
        for index, item in enumerate(value):
            _check_exact(item, f"{pointer}/{index}")
    elif kind is float:
        if not math.isfinite(value):
            raise NotReadAhead(f"{pointer}: {value!r} is not a number JSON holds")
    elif kind not in (str, int, bool, type(None)):
        raise NotReadAhead(f"{pointer}: {value!r} ({kind.__name__}) would read back as another type")


def stale(folder: Path = RULES_DIR) -> list[Path]:
    """The read-ahead files under folder that are missing or differ from what ``written`` makes of their pack."""
    out = []
    for pack in sorted(folder.glob("*/pack.yaml")):
        target = pack.parent / READ_AHEAD
        have = target.read_text(encoding="utf-8") if target.is_file() else None
        if have != written(read_text(pack)):
            out.append(target)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m amity.engine.read_ahead_build --write | --check [--dir DIR]``; exit 1 when --check finds a file stale."""
    parser = argparse.ArgumentParser(
        prog="python -m amity.engine.read_ahead_build", description=(__doc__ or "").split("\n")[0]
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="write the read-ahead files that are missing or stale")
    action.add_argument("--check", action="store_true", help="exit 1 if a read-ahead file is missing or stale")
    parser.add_argument("--dir", type=Path, default=RULES_DIR, help="the folder of packs (default: the bundled)")
    args = parser.parse_args(argv)
    found = stale(args.dir)
    for target in found:
        if args.write:
            target.write_text(written(read_text(target.parent / "pack.yaml")), encoding="utf-8")
            print(f"{target}: written")
        else:
            print(f"{target}: missing or stale; run python -m amity.engine.read_ahead_build --write")
    return 1 if found and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
