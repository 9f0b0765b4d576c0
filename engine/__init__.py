"""amity's engine: rule packs, forward chaining, exact reasoning about unknowns.

The library never prints, never exits and changes no global state; errors are
``amity.engine.errors.AmityError``.

    >>> from amity.engine import Assessor
    >>> assessor = Assessor("core")            # compile the pack once
    >>> result = assessor.assess({"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty",
    ...                           "defense_commitment": "mutual_defense"})
    >>> result.level.value
    'alliance'
    >>> result.as_dict()["level"]              # the output contract, for JSON
    'alliance'

``Assessor(pack, engine="experta")`` runs the same pack on experta, the reference
engine; a test holds the two equal, trace for trace.

``COMPILED`` says whether this installation runs its evaluation compiled (mypyc) or as
pure Python; the two give the same results.

Whole datasets: ``validate(profiles)`` yields one ``RowResult`` per profile, in
order; ``validate_rows(read_rows("data.csv"), jobs=2)`` streams a file.
"""

from __future__ import annotations

from importlib.machinery import ExtensionFileLoader

from . import evaluator as _evaluator
from .assessment import ENGINES, Assessment, Assessor
from .dataset import Row, read_rows
from .errors import AmityError, InputError, Location, PackError, Problem, UsageError
from .pack import Pack, bundled_packs, load_pack
from .schemas import check_profile
from .validation import RowAssessment, RowResult, Summary, validate, validate_rows
from .vocabulary import LEVELS, RATINGS, RISKS, VERDICTS

#: whether this installation runs the evaluation compiled by mypyc (``pip install .`` with a C compiler at
#: hand, setup.py) or as pure Python (an editable install, or no compiler): the two give the same results
COMPILED = isinstance(getattr(_evaluator.__spec__, "loader", None), ExtensionFileLoader)
#: the build in words, as ``amity --version`` and the benchmarks name it
BUILD = "compiled with mypyc" if COMPILED else "pure Python"

__all__ = [
    "BUILD",
    "COMPILED",
    "ENGINES",
    "LEVELS",
    "RATINGS",
    "RISKS",
    "VERDICTS",
    "AmityError",
    "Assessment",
    "Assessor",
    "InputError",
    "Location",
    "Pack",
    "PackError",
    "Problem",
    "Row",
    "RowAssessment",
    "RowResult",
    "Summary",
    "UsageError",
    "bundled_packs",
    "check_profile",
    "load_pack",
    "read_rows",
    "validate",
    "validate_rows",
]
