"""Reading datasets as what they are: formats told apart, no row lost silently, hints that fit the file.

Each check is seen failing on the wrong case (a file of the other format, a cell
that is not what the hint says) as well as passing on the right one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from amity.engine import dataset
from amity.engine.dataset import input_format, read_batches, read_rows
from amity.engine.errors import InputError, UsageError

ROWS = [
    {"id": "a", "parties": ["USA", "JPN"], "legal_basis": "none"},
    {"id": "b", "parties": ["EU", "CHN"], "legal_basis": "joint_statement"},
    {"id": "c", "parties": ["IND", "PAK"], "legal_basis": "none"},
]
JSON_LINES = "".join(json.dumps(r) + "\n" for r in ROWS)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def problems_of(exc: pytest.ExceptionInfo[InputError], tmp_path: Path) -> list[str]:
    return [str(p).removeprefix(str(tmp_path) + "/") for p in exc.value.problems]


# --------------------------------------------------------------------------- JSON Lines named .json


def test_json_lines_in_a_json_file_is_a_file_error_before_any_row(tmp_path):
    path = write(tmp_path, "d.json", JSON_LINES)
    # batches of one row: the first row would go out before the second value is met, were it not held back
    with pytest.raises(InputError) as exc:
        next(iter(read_batches(path, size=1)))
    (problem,) = exc.value.problems
    assert problems_of(exc, tmp_path) == [
        "d.json:2:1: a second JSON value starts on line 2, after the one on line 1: "
        "one JSON value per line is JSON Lines, not JSON (name the file .jsonl, or give its format as jsonl)"
    ]
    assert problem.option == "input_format"
    assert [r.id for r in map(_Named, read_rows(path, "jsonl"))] == ["a", "b", "c"]  # read as what it is


def test_text_after_a_json_value_that_starts_no_value_is_not_called_a_second_value(tmp_path):
    """A stray ']' after one profile is no JSON Lines: renaming the file would not mend it."""
    path = write(tmp_path, "t.json", json.dumps(ROWS[0]) + "\n]\n")
    with pytest.raises(InputError) as exc:
        list(read_rows(path))
    assert problems_of(exc, tmp_path) == ["t.json:2:1: malformed JSON: ']' after the value"]


class _Named:
    def __init__(self, row: dataset.Row) -> None:
        assert row.ok, row.problems
        self.id = row.identity[0]


def test_json_values_one_after_another_over_lines_are_told_as_such(tmp_path):
    text = json.dumps(ROWS[0], indent=1) + "\n" + json.dumps(ROWS[1], indent=1) + "\n"
    end = text.count("\n", 0, text.index("}") + 1) + 1  # the line where the first value ends
    with pytest.raises(InputError) as exc:
        list(read_rows(write(tmp_path, "d.json", text)))
    assert problems_of(exc, tmp_path) == [
        f"d.json:{end + 1}:1: a second JSON value starts on line {end + 1}, after the one on lines 1-{end}: "
        "a JSON file holds one value (put the profiles in one list, [{...}, {...}], "
        "or write each on a line of its own (JSON Lines, .jsonl))"
    ]


def test_a_single_json_value_then_anything_is_the_files_fault_not_a_row(tmp_path):
    with pytest.raises(InputError, match=r"d.json:1:\d+: malformed JSON: extra data after the value$"):
        list(read_rows(write(tmp_path, "d.json", json.dumps(ROWS[0]) + " {}\n")))
    with pytest.raises(InputError, match=r"d.json:1:\d+: malformed JSON: ']' after the value$"):
        list(read_rows(write(tmp_path, "d.json", json.dumps(ROWS[0]) + " ]\n")))
    # one value alone is one row, as before
    (row,) = read_rows(write(tmp_path, "one.json", json.dumps(ROWS[0], indent=2) + "\n\n"))
    assert row.ok and row.number == 1


# --------------------------------------------------------------------------- JSON named .jsonl


@pytest.mark.parametrize(
    ("text", "what", "line"),
    [
        (json.dumps(ROWS, indent=2), "a JSON list", 1),  # '[' alone on its line
        ("\n\n" + json.dumps(ROWS[0], indent=2), "a JSON object", 3),  # '{' alone, after blank lines
        ("[" + ",\n".join(map(json.dumps, ROWS)) + "]\n", "a JSON list", 1),  # a list, an item a line
        ('{"id": "a",\n "parties": ["USA", "JPN"]}\n', "a JSON object", 1),  # closed on a later line
    ],
    ids=["pretty-list", "pretty-object", "list-of-lines", "object-over-two-lines"],
)
def test_json_written_over_lines_in_a_jsonl_file_is_one_file_error(tmp_path, text, what, line):
    with pytest.raises(InputError) as exc:
        list(read_rows(write(tmp_path, "d.jsonl", text)))
    assert problems_of(exc, tmp_path) == [
        f"d.jsonl:{line}:1: {what} written over several lines: the file is JSON, not JSON Lines, which has one "
        "profile per line (name the file .json, or give its format as json)"
    ]
    assert exc.value.problems[0].option == "input_format"
    assert all(r.ok for r in read_rows(str(tmp_path / "d.jsonl"), "json"))


@pytest.mark.parametrize(
    "first",
    [
        '{"id": "a", "parties": ["USA", "JPN"]',  # a line cut short: never closed
        '{"id": "a", "parties": ["USA" "JPN"]}',  # malformed before its end
        '["USA", "JPN"]',  # a whole list on its line: a bad row, not a list over lines
        '["USA" "JPN"',  # a list malformed before its end, not one left open
        '{"id": "a",\r "parties": ["USA", "JPN"]}',  # a \r inside a line is blank space in JSON Lines
    ],
)
def test_a_jsonl_file_whose_first_line_is_bad_is_read_row_by_row(tmp_path, first):
    rows = list(read_rows(write(tmp_path, "d.jsonl", first + "\n" + JSON_LINES)))
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert [r.ok for r in rows[1:]] == [True, True, True]


def test_standard_input_sniffs_json_written_over_lines_as_json():
    assert input_format("-", None, json.dumps(ROWS[0], indent=2) + "\n") == "json"
    assert input_format("-", None, JSON_LINES) == "jsonl"
    assert input_format("-", None, '{"id": "a", "parties": ["USA", "JPN"]\n{"id": "b"}\n') == "jsonl"


# --------------------------------------------------------------------------- a list that breaks off


def test_the_row_where_a_list_breaks_off_is_marked_and_told_once(tmp_path):
    text = "".join(f"- {json.dumps(r)}\n" for r in ROWS[:2]) + "- {id: c, parties: [USA\n- {id: d}\n"
    told: list[dataset.Row] = []
    rows = [r for b in read_batches(write(tmp_path, "d.yaml", text), on_stop=told.append) for r in b.rows()]
    assert [(r.number, r.ok, r.stops) for r in rows] == [(1, True, False), (2, True, False), (3, False, True)]
    assert told == [rows[2]]
    assert "reading stops here: the rest of the file is not read" in rows[2].problems[0].message
    # a list read to its end marks no row, and tells nothing
    whole: list[dataset.Row] = []
    rows = [r for b in read_batches(write(tmp_path, "w.yaml", text[: text.index("- {id: c")]), on_stop=whole.append)
            for r in b.rows()]  # fmt: skip
    assert whole == [] and not any(r.stops for r in rows)


def test_a_file_whose_value_is_text_holds_no_profile(tmp_path):
    with pytest.raises(InputError) as exc:
        list(read_rows(write(tmp_path, "d.json", '"id,parties"\n')))
    (problem,) = exc.value.problems
    assert problems_of(exc, tmp_path) == [
        "d.json:1:1: /: expected a list of profiles or one profile (a mapping), got 'id,parties'"
        " (if the file is CSV, give its format (csv))"
    ]
    assert problem.option == "input_format"
    with pytest.raises(InputError) as number:
        list(read_rows(write(tmp_path, "n.yaml", "42\n")))
    assert number.value.problems[0].suggestion is None  # no CSV in a number


# --------------------------------------------------------------------------- delimiters


@pytest.mark.parametrize(("delimiter", "fmt"), [(";", "csv"), ("|", "csv"), ("\t", "tsv"), (",", "csv")])
def test_a_first_line_of_vocabulary_names_tells_csv_and_its_delimiter(tmp_path, delimiter, fmt):
    cells = delimiter.join(["id", "parties", "legal_basis"]), delimiter.join(["a", '"USA;JPN"', "none"])
    path = write(tmp_path, "export", "\n".join(cells) + "\n")  # no extension: sniffed
    assert input_format(path, None, cells[0]) == fmt
    (row,) = read_rows(path)
    assert row.ok and row.profile == {"id": "a", "parties": ["USA", "JPN"], "legal_basis": "none"}


def test_names_mostly_outside_the_vocabulary_tell_no_delimiter(tmp_path):
    with pytest.raises(UsageError, match="cannot tell the format"):
        list(read_rows(write(tmp_path, "export", "country_a;country_b;year;parties\nx;y;1;USA;JPN\n")))


def test_a_delimiter_given_makes_input_of_no_stated_format_csv(tmp_path):
    path = write(tmp_path, "export", "pays;parties\nx;USA\n")  # nothing to sniff: the delimiter says CSV
    with pytest.raises(InputError, match="column 'pays' is not a field of the vocabulary"):
        list(read_rows(path, delimiter=";"))
    assert [r.ok for r in read_rows(path, delimiter=";", ignore_unknown_columns=True)] == [False]  # one party
    assert input_format(path, None, "", delimiter="\t") == "tsv"
    with pytest.raises(UsageError, match="is read as JSON Lines"):  # a stated format wins, and has no cells
        list(read_rows(write(tmp_path, "d.jsonl", JSON_LINES), delimiter=";"))


def test_parquet_on_standard_input_refuses_a_delimiter(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"PAR1" + b"\0" * 64)))
    with pytest.raises(UsageError, match="<stdin> is read as Parquet"):
        list(read_rows("-", delimiter=";"))


# --------------------------------------------------------------------------- unknown fields


UNKNOWN = {"id": "a", "parties": ["USA", "JPN"], "note": {"free": "text"}, "legal_basis": "none"}


@pytest.mark.parametrize("fmt", ["jsonl", "json", "yaml"])
def test_unknown_top_level_fields_are_ignored_in_every_format_when_asked(tmp_path, fmt):
    line = json.dumps(UNKNOWN)
    path = write(tmp_path, f"d.{fmt}", {"jsonl": line + "\n", "json": f"[{line}]", "yaml": f"- {line}\n"}[fmt])
    (strict,) = read_rows(path)
    assert [p.message for p in strict.problems] == ["unknown field 'note'"]
    (row,) = read_rows(path, ignore_unknown_columns=True)
    assert row.ok and row.profile == {"id": "a", "parties": ["USA", "JPN"], "legal_basis": "none"}


@pytest.mark.parametrize("fmt", ["jsonl", "json", "yaml"])
def test_ignoring_unknown_fields_keeps_every_problem_of_the_known_ones(tmp_path, fmt):
    bad = {**UNKNOWN, "legal_basis": "nonee", "sources": [{"url": "https://a.example", "bogus": "x"}]}
    line = json.dumps(bad)
    path = write(tmp_path, f"d.{fmt}", {"jsonl": line + "\n", "json": f"[{line}]", "yaml": f"- {line}\n"}[fmt])
    (row,) = read_rows(path, ignore_unknown_columns=True)
    messages = sorted(p.message for p in row.problems)
    assert messages[0].startswith("unknown field 'bogus'")  # not top-level: the vocabulary's own shape
    assert messages[1].startswith("unknown value 'nonee'")
    assert len(messages) == 2


def test_what_is_wrong_inside_an_ignored_field_goes_with_it(tmp_path):
    yaml_text = "- {id: a, parties: [USA, JPN], note: !custom x}\n- {id: b, parties: [USA, JPN], <<: {x: 1}}\n"
    first, merged = read_rows(write(tmp_path, "d.yaml", yaml_text), ignore_unknown_columns=True)
    assert first.ok  # the tag was in the note, which is ignored
    assert [p.message.split(":")[0] for p in merged.problems] == ["merge keys ('<<') are not supported"]
    json_text = '{"id": "a", "parties": ["USA", "JPN"], "note": 1, "note": 2, "as_of": "x"}\n'
    (row,) = read_rows(write(tmp_path, "d.jsonl", json_text), ignore_unknown_columns=True)
    assert [(p.location.pointer, p.message) for p in row.problems] == [
        ("/as_of", "expected a whole number or null (unknown), got 'x'")
    ]
    (strict,) = read_rows(str(tmp_path / "d.jsonl"))
    assert [p.message for p in strict.problems] == ["duplicate key 'note'"]


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("field", "cell", "hint"),
    [
        ("power_ratio", "6,6", "write 6.6: a point before the decimals, not a comma"),
        ("power_ratio", "-0,125", "write -0.125: a point before the decimals, not a comma"),
        ("power_ratio", "1,500", "write 1.500 if the comma marks the decimals, or 1500 if it groups thousands"),
        ("working_groups", "3,0", "write 3: a whole number"),
        ("working_groups", "1,000", "write 1000, without the comma between thousands"),
        ("working_groups", "2,5", "write a whole number: a count of 0 or more"),  # no whole number, however read
        ("power_ratio", "6,6,6", "write a number: a ratio of 1 or more"),  # not one comma
        ("power_ratio", "6,", "write a number such as 6: a ratio of 1 or more"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_a_decimal_comma_gets_the_number_to_write(tmp_path, field, cell, hint, fmt):
    # in JSON and YAML the number is a string: the same suggestion as a CSV cell, from one place (type_hint)
    text = {
        "csv": f'id;parties;{field}\r\na;"USA;JPN";{cell}\r\n',
        "json": json.dumps([{"id": "a", "parties": ["USA", "JPN"], field: cell}]),
        "yaml": f"- id: a\n  parties: [USA, JPN]\n  {field}: '{cell}'\n",
    }[fmt]
    (row,) = read_rows(write(tmp_path, f"d.{fmt}", text), delimiter=";" if fmt == "csv" else None)
    (problem,) = row.problems
    assert problem.location.pointer == ("" if fmt == "csv" else "/0") + f"/{field}"  # a list's item 0
    assert problem.suggestion == hint


@pytest.mark.parametrize(
    ("delimiter", "hint"),
    [
        (";", "quote the cells that hold ';', such as parties and lists: \"USA;JPN\""),
        (",", "check the quoting of cells that hold ','"),
        ("\t", "check the quoting of cells that hold a tab"),
        ("|", "check the quoting of cells that hold '|'"),
    ],
)
def test_a_ragged_row_names_the_delimiter_of_the_file(tmp_path, delimiter, hint):
    text = delimiter.join(["id", "parties", "as_of"]) + "\n" + delimiter.join(["a", "USA", "JPN", "2000"]) + "\n"
    (row,) = read_rows(write(tmp_path, "d.csv", text), delimiter=delimiter)
    (problem,) = row.problems
    assert problem.message == "expected 3 cells as in the header, got 4" and problem.suggestion == hint


def test_a_required_field_left_empty_is_located_at_its_cell(tmp_path):
    text = "id,parties,legal_basis,power_ratio\nok-1,USA;JPN,joint_statement,2\nbad-3,,joint_statement,x\n"
    path = write(tmp_path, "errs.csv", text)
    _, bad = read_rows(path)
    assert [str(p).removeprefix(str(tmp_path) + "/") for p in bad.problems] == [
        "errs.csv:3:7: /: missing required field 'parties': its cell is empty"
        " (every row needs its two parties, e.g. USA;JPN)",
        "errs.csv:3:24: /power_ratio: expected a number, got 'x' (write a number: a ratio of 1 or more)",
    ]
    # a quoted, blank cell after a cell running over two lines: located where that cell starts
    (spread,) = read_rows(write(tmp_path, "q.csv", 'id,declared_label,parties\nq,"two\nlines", \n'))
    assert [(p.location.line, p.location.column, p.location.pointer) for p in spread.problems] == [(3, 8, "")]
