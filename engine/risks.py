"""Risks (entrapment, abandonment, asymmetry, fragility), their ratings, and hedging.

A risk's rating is the highest rating its rules conclude, and ``low`` when no
rule raises it. Hedging is true when any rule concludes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from .vocabulary import RATINGS, RISKS

__all__ = ["RATINGS", "RATING_RANK", "RISKS", "RISK_OUTPUTS", "highest_rating"]

RATING_RANK: dict[str, int] = {rating: i for i, rating in enumerate(RATINGS)}
#: each risk, with the name of its output among an assessment's outcomes
RISK_OUTPUTS: tuple[tuple[str, str], ...] = tuple((risk, f"risk:{risk}") for risk in RISKS)


def highest_rating(ratings: Iterable[str]) -> str:
    """The highest of the ratings concluded; ``low`` if none is."""
    return max(ratings, key=RATING_RANK.__getitem__, default="low")
