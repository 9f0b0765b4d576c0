"""Shared fixtures: one compiled core pack for the whole run (it is reused, as in production)."""

from __future__ import annotations

from pathlib import Path

import pytest
from amity.engine import Assessor, load_pack

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def core_pack():
    return load_pack("core")


@pytest.fixture(scope="session")
def assessor(core_pack):
    return Assessor(core_pack)
