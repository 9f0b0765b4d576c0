"""A row's record and assessment, built at a plain dataclass's cost, are the frozen dataclasses they claim to be."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from amity.engine import frozen
from amity.engine.dataset import Row, read_rows
from amity.engine.errors import Problem
from amity.engine.validation import RowAssessment, RowResult, validate_rows

from tests.acceptance.test_validate import DATA


def _fields(obj):
    return [getattr(obj, f.name) for f in dataclasses.fields(obj)]


@pytest.fixture(scope="module")
def records():
    bad = Row(0, 9, problems=[Problem("expected an object")], partial={"declared_label": "Alliance"})
    return list(validate_rows([*read_rows(str(DATA)), bad]))


def test_every_record_and_assessment_is_its_class_and_equals_the_one_its_constructor_builds(records):
    assessed = [r for r in records if r.assessment is not None]
    assert assessed and len(assessed) < len(records)  # a row with errors too
    for rec in records:
        again = RowResult(*_fields(rec))
        assert type(rec) is RowResult and rec == again and repr(rec) == repr(again)
        a = rec.assessment
        if a is not None:
            built = RowAssessment(*_fields(a))
            assert type(a) is RowAssessment and a == built and repr(a) == repr(built)


def test_a_record_built_fast_is_frozen_and_pickles_as_its_class(records):
    rec = next(r for r in records if r.assessment is not None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.row = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.assessment.verdict = "consistent"
    assert not hasattr(rec, "__dict__") and not hasattr(rec.assessment, "__dict__")  # slotted, as constructed
    back = pickle.loads(pickle.dumps(rec))
    assert back == rec and type(back) is RowResult and type(back.assessment) is RowAssessment


def test_fields_are_set_by_name_and_position_and_defaults_kept():
    made = frozen.build(RowResult, 3, None, "x", ("USA", "JPN"), None, declared_label="Alliance")
    assert made == RowResult(3, None, "x", ("USA", "JPN"), None, (), "Alliance")
    assert made.errors == () and made.declared_label == "Alliance"
    with pytest.raises(TypeError):
        frozen.build(RowResult, 3)  # as its constructor: the fields without defaults are wanted


def test_each_field_of_a_rows_assessment_is_where_the_keywords_put_it():
    """Built by position from a decision (``of_decision``), it equals the one built by keyword from the whole
    assessment (``of``), for labels that set every field: misspelt, unknown words, no rung placing it."""
    from amity.engine import Assessor, load_pack

    assessor = Assessor(load_pack("core"))
    profiles = [row.profile for row in read_rows(str(DATA)) if row.ok]
    labels = ("Stratgic Partnership", "Comprehensive Strategic Partnership 2.0", "Iron Brotherhood", None)
    profiles += [{**profiles[0], "declared_label": label} for label in labels]
    seen = set()
    for profile in profiles:
        fast = RowAssessment.of_decision(assessor.decide(profile, checked=True))
        assert fast == RowAssessment.of(assessor.assess(profile, checked=True)), profile
        seen |= {f.name for f in dataclasses.fields(fast) if getattr(fast, f.name) not in ((), "", None)}
    assert {"misspelt", "unknown_words", "unplaced_because", "reasons", "lexicon_entry"} <= seen


def test_a_class_its_twin_cannot_stand_for_is_built_by_its_constructor():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived:
        a: int
        b: int = 0

        def __post_init__(self):
            object.__setattr__(self, "b", self.a * 2)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Narrower(RowResult):
        pass

    assert frozen.build(Derived, 1) == Derived(1, 2)
    made = frozen.build(Narrower, 1, None, None, None, None)
    assert type(made) is Narrower and made == Narrower(1, None, None, None, None)


def test_a_twin_of_other_slots_is_not_used(monkeypatch):
    """The twin must have its class's slots: where it would not, the class's constructor builds the object."""

    @dataclasses.dataclass(slots=True)
    class Other:  # RowResult's fields, one renamed
        row: int
        line: int | None
        ident: str | None
        parties: tuple[str, ...] | None
        assessment: RowAssessment | None
        errors: tuple = ()
        declared_label: str | None = None

    frozen._TWINS.clear()
    monkeypatch.setattr(frozen, "make_dataclass", lambda *args, **kwargs: Other)
    try:
        made = frozen.build(RowResult, 1, None, "x", None, None)
        assert frozen._TWINS[RowResult] is None and type(made) is RowResult
        assert made == RowResult(1, None, "x", None, None)
    finally:
        monkeypatch.undo()
        frozen._TWINS.clear()
    assert frozen.build(RowResult, 1, None, None, None, None) == RowResult(1, None, None, None, None)


def test_a_python_class_of_a_compiled_module_is_described_by_its_docstring_or_its_fields():
    """mypyc keeps no docstring and puts a filler in its place: a record is then described by its fields."""
    from amity.engine.validation import Summary

    for cls in (RowResult, RowAssessment, Summary):
        assert cls.__doc__ and "mypyc" not in cls.__doc__
    filler = type("Filled", (), {"__doc__": frozen._MYPYC_FILLER, "__init__": lambda self, a, b=1: None})
    assert frozen.python_class(filler).__doc__ == "Filled(a, b=1)"
