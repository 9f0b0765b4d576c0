"""The label check: which level an official designation claims, and whether the substance bears it out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .pack import LexiconEntry, Pack, normalize_label
from .vocabulary import LEVEL_RANK


@dataclass(frozen=True)
class Designation:
    declared: str | None
    entry: LexiconEntry | None

    @property
    def level(self) -> str | None:
        return self.entry.level if self.entry else None


def designation(pack: Pack, label: str | None) -> Designation:
    """Look a declared label up in the pack's lexicon: exact entries first, then patterns, in pack order."""
    if label is None:
        return Designation(None, None)
    return Designation(label, _entry(pack, label))


@lru_cache(maxsize=4096)  # datasets repeat a few labels many times
def _entry(pack: Pack, label: str) -> LexiconEntry | None:
    normalized = normalize_label(label)
    for want_exact in (True, False):
        for entry in pack.lexicon:
            if (entry.exact is not None) == want_exact and entry.matches(normalized):
                return entry
    return None


def verdict(declared_level: str | None, declared: str | None, level: str) -> str:
    """consistent / inflated / deflated against one inferred level; undeclared / unrecognized without a claim."""
    if declared is None:
        return "undeclared"
    if declared_level is None:
        return "unrecognized"
    diff = LEVEL_RANK[declared_level] - LEVEL_RANK[level]
    return "consistent" if diff == 0 else "inflated" if diff > 0 else "deflated"
