"""Import experta on Python 3.10+ as released.

experta 1.9.4, its newest release, pins ``frozendict==1.2``, whose import uses
``collections.Mapping`` (moved to ``collections.abc`` long ago and removed from
``collections`` in Python 3.10). We keep experta's pins, so that a plain
``pip install amity`` resolves without overrides, and restore that one alias
before experta is first imported. Nothing else is patched; experta's own test
suite passes this way (see ../shared/experta-notes.md and the README).

experta also calls ``logging.basicConfig()`` on import, which gives the root
logger a stderr handler. The library leaves logging alone; the CLI configures it.
"""

from __future__ import annotations

import collections
import collections.abc

for _name in ("Mapping", "MutableMapping", "Sequence", "Iterable", "Callable", "Hashable"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

import experta  # noqa: E402
from experta import AS, NOT, TEST, Fact, KnowledgeEngine, P, Rule  # noqa: E402
from experta.strategies import DepthStrategy  # noqa: E402

__all__ = ["AS", "NOT", "TEST", "DepthStrategy", "Fact", "KnowledgeEngine", "P", "Rule", "experta"]
