"""Reading datasets: CSV, JSON Lines and YAML lists, row by row, bad rows located."""

from __future__ import annotations

from pathlib import Path

import pytest
from amity.engine.dataset import read_rows
from amity.engine.errors import InputError, UsageError
from hypothesis import given, settings
from hypothesis import strategies as st

HEADER = "id,parties,legal_basis,defense_commitment,sectors,summits,ministerial_dialogues,power_ratio,security_dependence,declared_label\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_rows_convert_cells_by_field_kind(tmp_path):
    path = write(
        tmp_path,
        "d.csv",
        HEADER + 'a,USA;JPN,ratified_treaty,mutual_defense,defense;trade,annual,2,6.5,true,"Treaty, of course"\n',
    )
    (row,) = read_rows(path)
    assert row.ok and row.number == 1 and row.line == 2
    assert row.profile == {
        "id": "a", "parties": ["USA", "JPN"], "legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense",
        "sectors": ["defense", "trade"], "summits": "annual", "ministerial_dialogues": 2, "power_ratio": 6.5,
        "security_dependence": True, "declared_label": "Treaty, of course",
    }  # fmt: skip


def test_csv_empty_cell_is_unknown_and_brackets_are_an_empty_list(tmp_path):
    path = write(tmp_path, "d.csv", HEADER + "b,EU;CHN,joint_statement,,[],,,,,\n")
    (row,) = read_rows(path)
    assert row.profile == {"id": "b", "parties": ["EU", "CHN"], "legal_basis": "joint_statement", "sectors": []}


def test_csv_bad_rows_are_located_and_reading_goes_on(tmp_path):
    text = HEADER + (
        "ok1,USA;JPN,joint_statement,,,,,,,\n"
        "bad1,USA;JPN,joint_statment,,,,two,,maybe,\n"
        "\n"
        "short,USA;JPN\n"
        "ok2,IND;PAK,none,,,,,,,\n"
    )
    rows = list(read_rows(write(tmp_path, "d.csv", text)))
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert [r.ok for r in rows] == [True, False, False, True]
    messages = [str(p) for p in rows[1].problems]
    assert any("d.csv:3:7: /ministerial_dialogues: expected a number, got 'two'" in m for m in messages)
    assert any("d.csv:3:9: /security_dependence: expected true or false, got 'maybe'" in m for m in messages)
    assert rows[2].line == 5 and "expected 10 cells as in the header, got 2" in str(rows[2].problems[0])
    assert rows[3].line == 6


def test_csv_schema_errors_name_the_field_and_suggest(tmp_path):
    rows = list(read_rows(write(tmp_path, "d.csv", HEADER + "x,USA;JPN,joint_statment,,,,,,,\n")))
    (problem,) = rows[0].problems
    assert str(problem).startswith(f"{tmp_path}/d.csv:2:3: /legal_basis: unknown value 'joint_statment'")
    assert problem.suggestion == "did you mean 'joint_statement'?"


def test_csv_unknown_columns_are_an_error_unless_ignored(tmp_path):
    path = write(tmp_path, "d.csv", "parties,legal_bases,note\nUSA;JPN,none,hi\n")
    with pytest.raises(InputError) as exc:
        list(read_rows(path))
    text = str(exc.value)
    assert "d.csv:1:2: column 'legal_bases' is not a field of the vocabulary (did you mean 'legal_basis'?" in text
    assert "d.csv:1:3: column 'note'" in text
    (row,) = read_rows(path, ignore_unknown_columns=True)
    assert row.profile == {"parties": ["USA", "JPN"]}


def test_csv_needs_parties_and_a_header(tmp_path):
    with pytest.raises(InputError, match="no 'parties' column"):
        list(read_rows(write(tmp_path, "d.csv", "id,legal_basis\na,none\n")))
    with pytest.raises(InputError, match="the file is empty"):
        list(read_rows(write(tmp_path, "e.csv", "")))


def test_jsonl_rows_with_located_errors(tmp_path):
    text = (
        '{"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty"}\n'
        '{"parties": ["USA", "JPN"], "summits": "yearly"}\n'
        "\n"
        '{"parties": ["USA"\n'
        "[1, 2]\n"
    )
    rows = list(read_rows(write(tmp_path, "d.jsonl", text)))
    assert [(r.number, r.line, r.ok) for r in rows] == [(1, 1, True), (2, 2, False), (3, 4, False), (4, 5, False)]
    assert "d.jsonl:2:40: /summits: unknown value 'yearly'" in str(rows[1].problems[0])
    assert "d.jsonl:4:" in str(rows[2].problems[0]) and "malformed JSON" in str(rows[2].problems[0])
    assert "expected a profile" in str(rows[3].problems[0])


def test_yaml_list_rows(tmp_path):
    text = "- parties: [USA, JPN]\n  legal_basis: none\n- parties: [EU]\n"
    rows = list(read_rows(write(tmp_path, "d.yaml", text)))
    assert rows[0].ok and rows[0].line == 1
    assert not rows[1].ok and "d.yaml:3:12: /1/parties: expected exactly 2 items, got 1" in str(rows[1].problems[0])


def test_format_must_be_known(tmp_path):
    with pytest.raises(UsageError, match="cannot tell the format"):
        list(read_rows(write(tmp_path, "d.txt", "parties: [USA, JPN]\nlegal_basis: none\n")))
    assert next(iter(read_rows(write(tmp_path, "d.txt", "parties: [USA, JPN]\n"), "yaml"))).ok


def test_bundled_dataset_reads_clean():
    rows = list(read_rows(str(Path(__file__).resolve().parents[2] / "data" / "relationships.csv")))
    assert len(rows) >= 40
    assert all(r.ok for r in rows), [str(p) for r in rows for p in r.problems]
    assert all(r.profile.get("sources") for r in rows), "every row names its sources"


def test_hostile_documents_are_bad_input_not_crashes(tmp_path):
    from amity.engine.document import load_document

    cases = {
        "rec.yaml": ("a: &a [*a]\n", "a YAML alias refers to a value that contains it"),
        "deep.json": ("[" * 100_000, "nested too deeply"),
        "laughs.yaml": (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdef", "bcdefg", strict=True)),
            "values once aliases are expanded",
        ),
    }
    for name, (text, message) in cases.items():
        with pytest.raises(InputError, match=message):
            load_document(write(tmp_path, name, text))


def test_jsonl_rows_with_repeated_keys_or_deep_nesting_are_reported_and_reading_goes_on(tmp_path):
    text = (
        '{"parties": ["USA", "IND"], "legal_basis": "none", "legal_basis": "ratified_treaty"}\n'
        + "[" * 50_000
        + "\n"
        + '{"parties": ["USA", "JPN"]}\n'
    )
    rows = list(read_rows(write(tmp_path, "d.jsonl", text)))
    assert [r.ok for r in rows] == [False, False, True]
    assert "d.jsonl:1:52: /legal_basis: duplicate key 'legal_basis'" in str(rows[0].problems[0])
    assert "nested too deeply" in str(rows[1].problems[0])


def test_trailing_newlines_do_not_make_valid_codes(tmp_path):
    rows = list(read_rows(write(tmp_path, "d.jsonl", '{"parties": ["USA", "USA\\n"], "id": "x\\n"}\n')))
    messages = " ".join(str(p) for p in rows[0].problems)
    assert "/parties/1" in messages and "/id" in messages


def test_json_and_yaml_lists_are_streamed_item_by_item(tmp_path):
    from amity.engine.document import stream_json_items

    items = [{"parties": ["USA", "JPN"], "id": f"r{i}", "declared_label": "x" * 50} for i in range(3000)]
    import io
    import json

    text = "[\n" + ",\n".join(json.dumps(x) for x in items) + "\n]\n"
    seen = list(stream_json_items(io.StringIO(text), "big.json", chunk=1024))
    assert [v["id"] for v, *_ in seen] == [f"r{i}" for i in range(3000)]
    assert [line for _, _, line, _, _ in seen[:3]] == [2, 3, 4]
    one_line = '[{"parties": ["USA", "JPN"]}, {"parties": ["EU"], "x": 1}]'
    rows = list(read_rows(write(tmp_path, "one.json", one_line)))
    assert rows[0].ok and not rows[1].ok
    text = " ".join(str(p) for p in rows[1].problems)
    assert (
        "one.json:1:43: /1/parties: expected exactly 2 items" in text
        and "one.json:1:51: /1/x: unknown field 'x'" in text
    )
    repeated = list(
        read_rows(write(tmp_path, "r.json", '[{"parties": ["USA", "JPN"], "summits": "none", "summits": "annual"}]'))
    )
    assert "r.json:1:49: /0/summits: duplicate key 'summits'" in str(repeated[0].problems[0])
    yaml_rows = list(
        read_rows(write(tmp_path, "l.yaml", "- {parties: [USA, JPN]}\n- 3\n- {parties: [EU, CHN], summits: yearly}\n"))
    )
    assert [r.ok for r in yaml_rows] == [True, False, False]
    assert "l.yaml:3:33: /2/summits: unknown value 'yearly'" in str(yaml_rows[2].problems[0])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers(-(10**12), 10**12)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(max_size=8),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
            max_leaves=8,
        ),
        max_size=12,
    ),
    st.integers(1, 40),
    st.booleans(),
)
def test_streamed_json_items_are_exactly_the_list(items, chunk, pretty):
    """Whatever the chunk size cuts through (literals, numbers, strings, escapes), the items come out whole."""
    import io
    import json

    from amity.engine.document import stream_json_items

    text = json.dumps(items, indent=2 if pretty else None)
    got = [value for value, *_ in stream_json_items(io.StringIO(text), "f.json", chunk=chunk)]
    assert got == items
