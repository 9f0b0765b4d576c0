"""Shared fixtures: one compiled core pack for the whole run (it is reused, as in production)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from amity.engine import Assessor, load_pack

ROOT = Path(__file__).resolve().parent.parent


def compiled_modules() -> tuple[str, ...]:
    """The engine's modules that setup.py compiles (its ``COMPILED``), read from it: a module added there is
    held by every test that asks."""
    setup = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    (names,) = [
        ast.literal_eval(node.value)
        for node in setup.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "COMPILED" for t in node.targets)
    ]
    return tuple(names)


@pytest.fixture(scope="session")
def core_pack():
    return load_pack("core")


@pytest.fixture(scope="session")
def assessor(core_pack):
    return Assessor(core_pack)
