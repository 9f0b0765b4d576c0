"""The typed results copy (shallow and deep) and pickle alike in both builds.

Where mypyc compiles a module, a class of it copied the way ``copy`` and ``pickle`` copy by default (an
empty object, then its state set field by field) fails: on a frozen dataclass's ``__setattr__``, or on an
``__init__`` that wants its arguments. A compiled build then refused ``copy.copy(assessment.label)`` that
the pure build took. Each such class rebuilds through its constructor (``frozen.constructed``, or a
``__reduce__`` of its own); CI runs this file on both builds.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import importlib
import inspect
import pickle

import pytest
from amity.engine import Assessor, frozen
from amity.engine import conditions as cond
from amity.engine.trace import Matched

from tests.conftest import ROOT, compiled_modules

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
#: a label read with a misspelling, and one that no entry places
PROFILES = {
    "complete": COMPLETE,
    "partial": PARTIAL,
    "misspelt": {**COMPLETE, "declared_label": "Stratgic Partnership"},
    "unrecognized": {**PARTIAL, "declared_label": "Iron Brotherhood"},
}
#: public classes of compiled modules whose objects no result holds, and that are not copied (machinery)
NOT_RESULTS = {"Atoms", "PythonEvaluator", "TraceRecorder"}


@pytest.fixture(scope="module", params=sorted(PROFILES))
def profile_and_assessment(request, assessor):
    profile = PROFILES[request.param]
    return profile, assessor.assess(profile)


def _results(assessor, profile, a):
    """The typed results an assessment holds and the evaluation behind it, and the conditions of its rules."""
    found = {"Assessment": a, "LabelCheck": a.label, "Designation": a.label.designation, "Trace": a.trace}
    found |= {f"Step {s.number}": s for s in a.trace.steps}
    found |= {f"VerdictReason {i}": r for i, r in enumerate(a.label.reasons)}
    found |= {f"Variant {i}": v for i, (_, v, _) in enumerate(a.trace.firings)}
    evaluation = assessor.decide(profile).evaluation
    found |= {"Evaluation": evaluation} | {f"UndecidedRule {i}": u for i, u in enumerate(evaluation.undecided)}
    found |= {f"{type(c).__name__} of {r.id}": c for r in a.pack.rules for c in cond.walk(r.when)}
    return found


def test_every_result_copies_shallow_and_deep_to_an_equal_one(assessor, profile_and_assessment):
    profile, a = profile_and_assessment
    for name, obj in _results(assessor, profile, a).items():
        for how in (copy.copy, copy.deepcopy):
            again = how(obj)
            assert type(again) is type(obj) and again == obj, (name, how.__name__)
    deep = copy.deepcopy(a)
    assert deep.as_dict() == a.as_dict()
    assert deep.trace.known is not a.trace.known  # the facts copied, not shared
    assert deep.pack is a.pack  # the pack shared: it is itself, and the trace's rules are its rules
    assert [s.facts for s in deep.trace.steps] == [s.facts for s in a.trace.steps]


def test_every_result_pickles_to_an_equal_one(assessor, profile_and_assessment):
    profile, a = profile_and_assessment
    for name, obj in _results(assessor, profile, a).items():
        again = pickle.loads(pickle.dumps(obj))
        assert type(again) is type(obj) and again == obj, name


def test_an_assessment_pickled_says_what_it_said(profile_and_assessment):
    """Its JSON, its explanation's facts and the trace's steps are the same after a round trip; its trace's
    tests of the facts (compiled from the pack, which do not pickle) travel as what they told of these facts."""
    _, a = profile_and_assessment
    again = pickle.loads(pickle.dumps(a))
    assert again == a and again.as_dict() == a.as_dict()
    assert [s.as_dict() for s in again.trace.steps] == [s.as_dict() for s in a.trace.steps]
    assert any(s.facts for s in again.trace.steps)  # facts to tell: the comparison above could not pass empty
    assert all(isinstance(w, Matched) for _, _, w in again.trace.firings if w is not None)


def test_the_profiles_reach_every_kind_of_result(assessor):
    """The complete and partial profiles' label checks have reasons, the misspelt one's its misspelling, and the
    last two are unrecognized; the partial one leaves rules waiting on unknown facts; the rules hold every kind
    of condition (else their copies would go untried)."""
    labels = {name: assessor.assess(profile).label for name, profile in PROFILES.items()}
    assert labels["complete"].reasons and labels["partial"].reasons
    assert labels["misspelt"].designation.misspelt
    assert labels["misspelt"].verdict == labels["unrecognized"].verdict == "unrecognized"
    assert assessor.decide(PARTIAL).evaluation.undecided
    a = assessor.assess(COMPLETE)
    kinds = {type(c).__name__ for r in a.pack.rules for c in cond.walk(r.when)}
    assert {"FieldTest", "FindingRef", "All", "Any_", "Not"} <= kinds


def _compiled_classes():
    """The public classes defined in the modules setup.py compiles, by name."""
    for module_name in compiled_modules():
        module = importlib.import_module(f"amity.engine.{module_name}")
        for name, cls in vars(module).items():
            if isinstance(cls, type) and cls.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module_name}.{name}", cls


def _must_rebuild(cls) -> bool:
    """Whether copying the class field by field would fail where it is compiled: a frozen dataclass, one whose
    ``__init__`` is written out, or a class (not a tuple, an enum or an exception) whose constructor wants
    arguments."""
    if dataclasses.is_dataclass(cls):
        return cls.__dataclass_params__.frozen or not cls.__dataclass_params__.init
    if issubclass(cls, tuple | BaseException) or cls.__name__ in NOT_RESULTS or inspect.isabstract(cls):
        return False
    if getattr(cls, "_is_protocol", False) or type(cls) is not type:  # protocols, enums
        return False
    try:  # compiled, a class's signature may be given as ``()``: the pure build's run of this check is the strict one
        parameters = inspect.signature(cls).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)


def test_every_class_of_a_compiled_module_that_copies_field_by_field_rebuilds_through_its_constructor():
    """A class added to a compiled module that would copy field by field (``_must_rebuild``) without
    ``__reduce__`` (or ``frozen.python_class``) is named here, in either build: compiled, its copies would fail.
    Private classes are left out: no result holds one."""
    missing = [
        name
        for name, cls in _compiled_classes()
        if _must_rebuild(cls) and "__reduce__" not in vars(cls) and not _python_class(cls)
    ]
    assert not missing, f"classes that copy field by field: {missing}"


def test_the_check_sees_the_classes_it_must():
    """What the check above looks at: the classes it must find (else it would pass on nothing)."""
    seen = {name for name, cls in _compiled_classes() if _must_rebuild(cls)}
    assert {"label_check.LabelCheck", "trace.Trace", "trace.Step", "evaluator.Evaluation", "conditions.Not"} <= seen
    assert "trace.TraceRecorder" not in seen and "validation.Summary" not in seen


def test_each_class_rebuilt_by_constructed_takes_its_fields_in_order():
    """``frozen.constructed`` hands the fields to the constructor by position, in order: a field outside
    ``__init__``, keyword-only, or an ``__init__`` written in another order would rebuild it wrong. Read from
    the classes' source: compiled, a class's signature is not always told (mypyc may give it as ``()``)."""
    checked = []
    for name, cls in _compiled_classes():
        node = _class_node(cls)
        if not (dataclasses.is_dataclass(cls) and "constructed" in _reduce_source(node)):
            continue
        fields = [
            item
            for item in node.body
            if isinstance(item, ast.AnnAssign) and "ClassVar" not in ast.unparse(item.annotation)
        ]
        names = [ast.unparse(item.target) for item in fields]
        written = [item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"]
        if written:
            (init,) = written
            arguments = init.args
            assert not (arguments.kwonlyargs or arguments.vararg or arguments.kwarg or arguments.posonlyargs), name
            assert [a.arg for a in arguments.args[1:]] == names, name
        else:
            said = [ast.unparse(d) for d in node.decorator_list] + [ast.unparse(f.value) for f in fields if f.value]
            assert not any("init=False" in s or "kw_only=True" in s or "KW_ONLY" in s for s in said), name
        checked.append(name)
    assert {"label_check.LabelCheck", "evaluator.Evaluation", "conditions.FieldTest"} <= set(checked)


def _reduce_source(node: ast.ClassDef) -> str:
    """The source of the class's own ``__reduce__``, if it has one."""
    found = [item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__reduce__"]
    return ast.unparse(found[0]) if found else ""


def _class_node(cls) -> ast.ClassDef:
    """The class's definition, read from the repository (a compiled module has no source to show)."""
    tree = ast.parse((ROOT / "engine" / f"{cls.__module__.rsplit('.', 1)[-1]}.py").read_text(encoding="utf-8"))
    (node,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__]
    return node


def _python_class(cls) -> bool:
    """Kept a Python class by ``frozen.python_class`` (a decorator over its definition)."""
    return any(ast.unparse(d).endswith("python_class") for d in _class_node(cls).decorator_list)


def test_constructed_gives_the_class_and_its_fields_in_order():
    @dataclasses.dataclass(frozen=True)
    class Pair:
        a: int
        b: str = "x"

    assert frozen.constructed(Pair(1, "y")) == (Pair, (1, "y"))


def test_a_pack_copied_is_itself():
    a = Assessor("core").assess(COMPLETE)
    assert copy.copy(a.pack) is a.pack and copy.deepcopy(a.pack) is a.pack
