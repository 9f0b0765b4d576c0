"""Writing output files atomically (the progress line is in progress.py)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from amity.engine.errors import Location, Problem, UsageError


def check_target(path: str | None, option: str) -> None:
    """Fail early, before any work, if an output file could not be written at path."""
    if path is None or path == "-":
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UsageError(Problem(f"{option} '{path}' is a folder", Location(path), "name a file in it"))
    if not folder.is_dir():
        raise UsageError(
            Problem(f"{option}: cannot write '{path}': no folder '{folder}'", Location(path), "create the folder first")
        )
    if not os.access(folder, os.W_OK):
        raise UsageError(
            Problem(f"{option}: cannot write in folder '{folder}'", Location(path), "check its permissions")
        )


@contextmanager
def atomic_output(path: str | None, option: str = "--output") -> Iterator[IO[str]]:
    """A file that appears whole at path when the block succeeds, and not at all otherwise.

    None or '-' is standard output, written as it goes.
    """
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    check_target(path, option)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise UsageError(Problem(f"cannot write '{path}': {exc.strerror}", Location(path))) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
