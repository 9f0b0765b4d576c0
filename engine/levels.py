"""The hierarchy of levels: partnership < strategic < comprehensive strategic < ... of coordination; alliance apart.

A relationship's level is the highest level its rules conclude, and ``none``
when no rule concludes one (no framework).
"""

from __future__ import annotations

from collections.abc import Iterable

from .vocabulary import LEVELS

__all__ = ["LEVELS", "LEVEL_NAMES", "LEVEL_RANK", "SHORT_LEVELS", "highest_level", "level_name"]

#: From least to most committed; ``alliance`` stands apart and above.
LEVEL_RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}

#: Each level in plain English, for people.
LEVEL_NAMES: dict[str, str] = {
    "none": "none (no framework)",
    "partnership": "partnership",
    "strategic_partnership": "strategic partnership",
    "comprehensive_strategic_partnership": "comprehensive strategic partnership",
    "comprehensive_strategic_partnership_of_coordination": "comprehensive strategic partnership of coordination",
    "alliance": "alliance",
}

#: The short names people type for levels (``--why-not csp``, a quiz answer), each with the level it stands for.
SHORT_LEVELS: dict[str, str] = {
    "p": "partnership",
    "sp": "strategic_partnership",
    "csp": "comprehensive_strategic_partnership",
    "cspc": "comprehensive_strategic_partnership_of_coordination",
}


def highest_level(levels: Iterable[str]) -> str:
    """The highest of the levels concluded; ``none`` if none is."""
    return max(levels, key=LEVEL_RANK.__getitem__, default="none")


def level_name(level: str) -> str:
    return LEVEL_NAMES[level]
