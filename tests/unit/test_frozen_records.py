"""A row's record and assessment, built at a plain dataclass's cost, are the frozen dataclasses they claim to be."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from amity.engine import validation
from amity.engine.dataset import Row, read_rows
from amity.engine.errors import Problem
from amity.engine.validation import RowAssessment, RowResult, _frozen, validate_rows

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
        assert type(rec) is RowResult and rec == again and hash(rec.row) == hash(again.row) and repr(rec) == repr(again)
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
    built = RowResult(*_fields(rec))
    for obj in (rec, built):  # no other attribute either, as the constructor's (whatever Python says of it)
        with pytest.raises((AttributeError, TypeError)):
            obj.anything = 1
    back = pickle.loads(pickle.dumps(rec))
    assert back == rec and type(back) is RowResult and type(back.assessment) is RowAssessment


def test_fields_are_set_by_name_and_position_and_defaults_kept():
    made = _frozen(RowResult, 3, None, "x", ("USA", "JPN"), None, declared_label="Alliance")
    assert made == RowResult(3, None, "x", ("USA", "JPN"), None, (), "Alliance")
    assert made.errors == () and made.declared_label == "Alliance"
    with pytest.raises(TypeError):
        _frozen(RowResult, 3)  # as its constructor: the fields without defaults are wanted


def test_a_class_that_works_out_fields_after_init_is_refused():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived:
        a: int
        b: int = 0

        def __post_init__(self):
            object.__setattr__(self, "b", self.a * 2)

    with pytest.raises(TypeError, match="__post_init__"):
        _frozen(Derived, 1)


def test_a_twin_of_another_layout_is_refused(monkeypatch):
    """The twin must have its class's slots in their order (Python would let the object change class with the
    same slots in another order, each field then read from another's place)."""

    @dataclasses.dataclass(slots=True)
    class Reordered:  # RowResult's fields, the first two swapped
        line: int | None
        row: int
        id: str | None
        parties: tuple[str, ...] | None
        assessment: RowAssessment | None
        errors: tuple = ()
        declared_label: str | None = None

    validation._TWINS.clear()
    monkeypatch.setattr(validation, "make_dataclass", lambda *args, **kwargs: Reordered)
    try:
        with pytest.raises(TypeError, match="layout"):
            _frozen(RowResult, 1, None, None, None, None)
    finally:
        monkeypatch.undo()
        validation._TWINS.clear()
    assert _frozen(RowResult, 1, None, None, None, None) == RowResult(1, None, None, None, None)
