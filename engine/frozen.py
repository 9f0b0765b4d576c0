"""Frozen dataclasses that many rows build: built at a plain dataclass's cost, and kept Python classes.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (its own refuses), which
costs six times a plain one's assignment: for a row's record and its assessment, a tenth of what a run of the
library's ``validate`` did. ``build`` fills a plain twin of the class instead.

mypyc compiles the classes of the modules it compiles to classes of its own (``setup.py``, "COMPILED"), and
one of them that is a frozen dataclass keeps the dataclass's ``__init__``, refuses to be unpickled (its
``__setstate__`` sets each field, which its ``__setattr__`` refuses) and cannot change class, which its twin
needs. ``python_class`` keeps a class of such a module what it is in a pure build: a Python class. A class
that neither ``build`` builds nor rows send between processes stays compiled, and copies and pickles through
its constructor instead (``constructed``, its ``__reduce__``): the evaluation's and the label check's results.
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
from dataclasses import MISSING, field, make_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def python_class(cls: type[T]) -> type[T]:
    """The class as it is: a Python class even where mypyc compiles its module (any decorator it does not know
    makes it leave the class to Python; its methods are compiled still). For the frozen dataclasses of compiled
    modules that ``build`` builds or that are pickled or copied (records sent back by worker processes).

    mypyc keeps no docstring (it puts one of its own in the class's place): there, the class is described
    by its fields, as ``dataclass`` describes a class without a docstring."""
    if cls.__doc__ == _MYPYC_FILLER:  # its fields by name (the annotations mypyc leaves say only ``type``)
        signature = inspect.signature(cls)
        bare = [p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()]
        cls.__doc__ = cls.__name__ + str(signature.replace(parameters=bare, return_annotation=signature.empty))
    return cls


_MYPYC_FILLER = "mypyc filler docstring"


def build(cls: type[T], *args: Any, **kwargs: Any) -> T:
    """``cls(*args, **kwargs)`` for a frozen slotted dataclass, at a plain one's cost.

    The fields are set on a plain twin of the class (the same fields, slots and defaults), which then becomes
    an instance of ``cls``, as Python lets an object change between classes of one layout. What comes out is
    ``cls``'s in every way (frozen, compared, hashed, shown and pickled as ``cls``'s); only the way it was
    filled in differs. A class the twin cannot stand for (a subclass, a ``__post_init__``, a field outside
    ``__init__`` or keyword-only, a class mypyc compiled) is built by its constructor, and so is every class
    where Python runs without its global lock (free-threaded, where each change of class stops every other
    thread).
    """
    twin = _TWINS.get(cls, _UNMADE)
    if twin is _UNMADE:
        twin = _TWINS[cls] = _plain_twin(cls) if _ONE_THREAD_AT_A_TIME else None
    if twin is None:
        return cls(*args, **kwargs)
    made = twin(*args, **kwargs)
    made.__class__ = cls
    return made  # type: ignore[no-any-return]


def constructed(obj: Any) -> tuple[type[Any], tuple[Any, ...]]:
    """``__reduce__`` for a dataclass whose fields are all its constructor's, positional and in order: its class
    and its fields' values, so that ``copy`` and ``pickle`` rebuild it through its constructor.

    Where mypyc compiles a class's module, what they would do otherwise (make an empty object, then set its
    state field by field) meets a frozen class's ``__setattr__``, or a written-out ``__init__`` that wants its
    arguments, and a copy or a pickle fails there alone (``tests/unit/test_results_copy.py`` holds each class
    that uses it to its precondition)."""
    return type(obj), tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))


#: each frozen class's plain twin (None: built by its constructor), made the first time one of its objects is
#: built
_TWINS: dict[type, Any] = {}
_UNMADE = object()
#: whether the interpreter runs one thread at a time (its global lock), as every build before 3.13t does
_ONE_THREAD_AT_A_TIME: bool = getattr(sys, "_is_gil_enabled", lambda: True)()


def _plain_twin(cls: Any) -> Any:
    """A dataclass with ``cls``'s fields, slots and defaults, not frozen; None where one cannot stand for it."""
    fields = dataclasses.fields(cls)
    if hasattr(cls, "__post_init__") or cls.__bases__ != (object,) or not all(f.init and not f.kw_only for f in fields):
        return None
    if not hasattr(cls, "__slots__"):  # a class mypyc compiled (its own layout), or one without slots
        return None
    specs: list[Any] = []
    for f in fields:
        if f.default is not MISSING:
            specs.append((f.name, f.type, field(default=f.default)))
        elif f.default_factory is not MISSING:
            specs.append((f.name, f.type, field(default_factory=f.default_factory)))
        else:
            specs.append((f.name, f.type))
    twin = make_dataclass(cls.__name__, specs, slots=True, repr=False, eq=False, match_args=False)  # its __init__ alone
    # the same slots (Python lets an object change class between the same slots, which it keeps sorted)
    return twin if getattr(twin, "__slots__", None) == cls.__slots__ else None
