"""amity's engine: rule packs, forward chaining on experta, exact reasoning about unknowns.

The library never prints and never exits; errors are ``amity.engine.errors.AmityError``.

    >>> from amity.engine import Assessor
    >>> assessor = Assessor("core")            # compile the pack once
    >>> result = assessor.assess({"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty",
    ...                           "defense_commitment": "mutual_defense"})
    >>> result["level"]
    'alliance'

Whole datasets: ``validate(profiles)`` yields one result dictionary per profile,
in order (``pandas.DataFrame(validate(rows))`` is a table of them);
``validate_rows(read_rows("data.csv"), jobs=2)`` streams a file.
"""

from __future__ import annotations

from .assessment import Assessor, check_profile
from .dataset import Row, read_rows
from .errors import AmityError, InputError, Location, PackError, Problem, UsageError
from .pack import Pack, bundled_packs, load_pack
from .validation import Summary, validate, validate_rows
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
    "Row",
    "Summary",
    "UsageError",
    "bundled_packs",
    "check_profile",
    "load_pack",
    "read_rows",
    "validate",
    "validate_rows",
]
