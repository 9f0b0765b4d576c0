"""The typed results copy (shallow and deep) and pickle alike in both builds.

Where mypyc compiles a module, a frozen dataclass of it copied the way ``copy`` and ``pickle`` copy by
default (an empty object, then its state set field by field) fails on the frozen ``__setattr__``: a
compiled build then refused ``copy.copy(assessment.label)`` that the pure build took. Each such class
rebuilds through its constructor (``frozen.constructed``); CI runs this file on both builds.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import pickle
from pathlib import Path

import pytest
from amity.engine import Assessor, frozen
from amity.engine.trace import Matched

#: the modules setup.py compiles that hold frozen dataclasses of the results (tests/acceptance/test_cli.py
#: holds setup.py's list to the build)
MODULES = ("conditions", "evaluator", "label_check", "trace", "wording", "validation")

ENGINE = Path(__file__).resolve().parents[2] / "engine"

#: the facts of a relationship, its label inflated: the label check has its reasons and summary
COMPLETE = {
    "parties": ["CHN", "RUS"],
    "declared_label": "Alliance",
    "legal_basis": "ratified_treaty",
    "defense_commitment": "consultation",
    "sectors": ["defense", "trade", "energy", "technology", "investment", "space"],
    "summits": "annual",
    "ministerial_dialogues": 12,
    "time_horizon": "long_term",
    "global_governance_coordination": "systematic",
}
#: few facts: rules wait on the unknown ones (``UndecidedRule``); the label check has reasons still
PARTIAL = {
    "parties": ["USA", "IND"],
    "declared_label": "Comprehensive Strategic Partnership",
    "legal_basis": "joint_statement",
    "sectors": ["trade", "defense"],
}


@pytest.fixture(scope="module", params=["complete", "partial"])
def assessment(request):
    return Assessor("core").assess(COMPLETE if request.param == "complete" else PARTIAL)


def _results(a):
    """The typed results an assessment holds, each kind once."""
    found = {"Assessment": a, "LabelCheck": a.label, "Designation": a.label.designation, "Trace": a.trace}
    found |= {f"Step {s.number}": s for s in a.trace.steps}
    found |= {f"VerdictReason {i}": r for i, r in enumerate(a.label.reasons)}
    found |= {f"Variant {i}": v for i, (_, v, _) in enumerate(a.trace.firings)}
    return found


def _evaluation_results(profile):
    """The evaluation of a profile, and the rules it leaves waiting on unknown facts."""
    evaluation = Assessor("core").decide(profile).evaluation
    return {"Evaluation": evaluation} | {f"UndecidedRule {i}": u for i, u in enumerate(evaluation.undecided)}


def test_every_result_copies_shallow_and_deep_to_an_equal_one(assessment, request):
    results = _results(assessment) | _evaluation_results(PARTIAL if "partial" in request.node.name else COMPLETE)
    for name, obj in results.items():
        for how in (copy.copy, copy.deepcopy):
            again = how(obj)
            assert type(again) is type(obj) and again == obj, (name, how.__name__)
    deep = copy.deepcopy(assessment)
    assert deep.as_dict() == assessment.as_dict()
    assert deep.trace.known is not assessment.trace.known  # the facts copied, not shared
    assert [s.facts for s in deep.trace.steps] == [s.facts for s in assessment.trace.steps]


def test_every_result_pickles_to_an_equal_one(assessment, request):
    results = _results(assessment) | _evaluation_results(PARTIAL if "partial" in request.node.name else COMPLETE)
    for name, obj in results.items():
        again = pickle.loads(pickle.dumps(obj))
        assert type(again) is type(obj) and again == obj, name


def test_an_assessment_pickled_says_what_it_said(assessment):
    """Its JSON, its explanation's facts and the trace's steps are the same after a round trip; its trace's
    tests of the facts (compiled from the pack, which do not pickle) travel as what they told of these facts."""
    again = pickle.loads(pickle.dumps(assessment))
    assert again == assessment and again.as_dict() == assessment.as_dict()
    assert [s.as_dict() for s in again.trace.steps] == [s.as_dict() for s in assessment.trace.steps]
    assert any(s.facts for s in again.trace.steps)  # facts to tell: the comparison above could not pass empty
    assert all(isinstance(w, Matched) for _, _, w in again.trace.firings if w is not None)


def test_the_profiles_reach_every_kind_of_result():
    """Both profiles' label checks have reasons, and the partial one leaves rules waiting on unknown facts (else
    their copies would go untried)."""
    assert Assessor("core").assess(COMPLETE).label.reasons
    a = Assessor("core").assess(PARTIAL)
    assert a.label.reasons and any(name.startswith("UndecidedRule") for name in _evaluation_results(PARTIAL))


def test_every_frozen_result_class_of_a_compiled_module_rebuilds_through_its_constructor():
    """A frozen dataclass, or one whose ``__init__`` is written out, added to a compiled module without
    ``__reduce__`` (or ``frozen.python_class``) is named here, in either build: compiled, its copies would fail."""
    missing = []
    for module_name in MODULES:
        module = importlib.import_module(f"amity.engine.{module_name}")
        for name, cls in vars(module).items():
            if not (isinstance(cls, type) and cls.__module__ == module.__name__ and dataclasses.is_dataclass(cls)):
                continue
            # frozen, or its ``__init__`` written out: compiled, either copies through its constructor or not at all
            if not (cls.__dataclass_params__.frozen or not cls.__dataclass_params__.init) or name.startswith("_"):
                continue
            if "__reduce__" not in vars(cls) and not _python_class(cls):
                missing.append(f"{module_name}.{name}")
    assert not missing, f"frozen dataclasses that copy field by field: {missing}"


def _python_class(cls) -> bool:
    """Kept a Python class by ``frozen.python_class``: told by the decorators over it in its module's source
    (read from the repository: a compiled module has none to show)."""
    source = (ENGINE / f"{cls.__module__.rsplit('.', 1)[-1]}.py").read_text(encoding="utf-8")
    head = source.split(f"\nclass {cls.__name__}:")[0].rsplit("\n\n", 1)[-1]
    return "@frozen.python_class" in head


def test_constructed_gives_the_class_and_its_fields_in_order():
    @dataclasses.dataclass(frozen=True)
    class Pair:
        a: int
        b: str = "x"

    assert frozen.constructed(Pair(1, "y")) == (Pair, (1, "y"))
