"""DataFrames in, DataFrames out: the library's table API, row for row."""

from __future__ import annotations

from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

from amity.engine import Assessor  # noqa: E402
from amity.engine.errors import InputError  # noqa: E402
from amity.engine.frames import RESULT_COLUMNS, validate_frame  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def test_the_bundled_dataset_row_for_row_with_typed_columns():
    frame = pd.read_csv(ROOT / "data" / "relationships.csv")
    frame.index = frame.index + 100  # any index is kept
    out = validate_frame(frame)
    assert list(out.index) == list(frame.index)
    assert dict(out.dtypes.astype(str)) == RESULT_COLUMNS
    assert (out["status"] == "ok").all()
    assert list(out["id"]) == list(frame["id"])
    assert list(out["parties"]) == list(frame["parties"])  # in the input's order


def test_values_match_the_assessor_and_undecided_rows_list_what_is_possible():
    frame = pd.DataFrame(
        [
            {"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense"},
            {"parties": "VNM;AUS", "legal_basis": "joint_statement", "sectors": "trade;education;defense",
             "declared_label": "Comprehensive Strategic Partnership"},
        ]
    )  # fmt: skip
    out = validate_frame(frame)
    assessor = Assessor("core")
    first = assessor.assess(
        {"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense"}
    )
    assert out.loc[0, "level"] == first.level.value == "alliance"
    assert pd.isna(out.loc[0, "entrapment"]) and first.risks["entrapment"].rating is None
    assert out.loc[0, "entrapment_possible"].split(";") == list(first.risks["entrapment"].outcome.possible)
    assert pd.isna(out.loc[1, "level"])
    assert "strategic_partnership" in out.loc[1, "possible_levels"].split(";")
    assert out.loc[1, "deciding_facts"]


def test_a_bad_row_is_reported_and_the_others_carry_on():
    frame = pd.DataFrame(
        [
            {"parties": "USA;JPN", "legal_basis": "ratified_treaty", "summits": "weekly"},
            {"parties": "USA;IND", "legal_basis": "joint_statement", "summits": "annual"},
            {"parties": "USA", "legal_basis": "treaty"},
        ]
    )
    out = validate_frame(frame)
    assert list(out["status"]) == ["error", "ok", "error"]
    assert "/0/summits" in out.loc[0, "errors"] and "annual" in out.loc[0, "errors"]
    assert "/2/parties" in out.loc[2, "errors"] and "/2/legal_basis" in out.loc[2, "errors"]


def test_a_column_outside_the_vocabulary_is_an_error():
    with pytest.raises(InputError) as caught:
        validate_frame(pd.DataFrame([{"parties": "USA;JPN", "legal_bassis": "none"}]))
    assert "/columns/legal_bassis" in str(caught.value.problems[0])


@pytest.mark.parametrize("call", ["read_results", "validate_file", "validate_frame"])
def test_without_pandas_a_frame_function_says_how_to_install_it(call, monkeypatch, tmp_path):
    """pandas is optional (amity[pandas]): a function that needs it says so, not ModuleNotFoundError."""
    import sys

    from amity.engine import frames
    from amity.engine.errors import UsageError

    path = tmp_path / "rows.csv"
    path.write_text("id,parties\na,USA;GBR\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(UsageError) as caught:
        getattr(frames, call)(path if call != "validate_frame" else object())
    (problem,) = caught.value.problems
    assert (problem.message, problem.suggestion) == (
        "this needs pandas, which is not installed",
        "pip install 'amity[pandas]'",
    )
