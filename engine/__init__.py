"""amity's engine: rule packs, forward chaining on experta, exact reasoning about unknowns.

The library never prints and never exits; errors are ``amity.engine.errors.AmityError``.

    >>> from amity.engine import Assessor
    >>> assessor = Assessor("core")            # compile the pack once
    >>> result = assessor.assess({"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty",
    ...                           "defense_commitment": "mutual_defense"})
    >>> result["level"]
    'alliance'
"""

from __future__ import annotations

from .assessment import Assessor, check_profile
from .errors import AmityError, InputError, Location, PackError, Problem, UsageError
from .pack import Pack, bundled_packs, load_pack
from .vocabulary import LEVELS, RATINGS, RISKS, VERDICTS

__all__ = [
    "LEVELS",
    "RATINGS",
    "RISKS",
    "VERDICTS",
    "AmityError",
    "Assessor",
    "InputError",
    "Location",
    "Pack",
    "PackError",
    "Problem",
    "UsageError",
    "bundled_packs",
    "check_profile",
    "load_pack",
]
