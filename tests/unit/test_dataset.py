"""Reading datasets: CSV, JSON Lines and YAML lists, row by row, bad rows located."""

from __future__ import annotations

import io
import json
import math
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
    # the column is the character where the cell starts, as an editor counts it
    line = "bad1,USA;JPN,joint_statment,,,,two,,maybe,"
    assert (line.index("two") + 1, line.index("maybe") + 1) == (32, 37)
    assert any("d.csv:3:32: /ministerial_dialogues: expected a whole number, got 'two'" in m for m in messages)
    assert any("d.csv:3:37: /security_dependence: expected true or false, got 'maybe'" in m for m in messages)
    assert rows[2].line == 5 and "expected 10 cells as in the header, got 2" in str(rows[2].problems[0])
    assert rows[3].line == 6


def test_csv_cells_of_the_wrong_kind_get_a_suggestion_that_fits(tmp_path):
    text = (
        "parties,as_of,security_cooperation,permanent_bodies,rival_ties,power_ratio\n"
        "USA;JPN,2023-01-01,none,yes,0,high\n"
    )
    (row,) = read_rows(write(tmp_path, "d.csv", text))
    hints = {p.location.pointer: p.suggestion for p in row.problems}
    assert hints == {
        "/as_of": "write the year alone, e.g. 2023",
        "/security_cooperation/0": "for none of them, write []",
        "/permanent_bodies": "did you mean 'true'?",
        "/rival_ties": "did you mean 'false'?",
        "/power_ratio": "write a number: a ratio of 1 or more",
    }


def test_csv_schema_errors_name_the_field_and_suggest(tmp_path):
    rows = list(read_rows(write(tmp_path, "d.csv", HEADER + "x,USA;JPN,joint_statment,,,,,,,\n")))
    (problem,) = rows[0].problems
    assert str(problem).startswith(f"{tmp_path}/d.csv:2:11: /legal_basis: unknown value 'joint_statment'")
    assert problem.suggestion == "did you mean 'joint_statement'?"


@pytest.mark.parametrize(
    ("word", "meant"),
    [("tech", "technology"), ("Tech", "technology"), ("infra", None), ("te", None), ("e", None)],
)
def test_a_word_cut_short_is_suggested_when_it_starts_one_choice_only(word, meant):
    """'tech' is too short for a spelling match to find 'technology'; as the start of no other sector it is
    taken as meant, but two letters, or a start several choices share, suggest nothing (amity never guesses)."""
    from amity.engine.errors import did_you_mean
    from amity.engine.vocabulary import fields

    sectors = fields()["sectors"].values
    assert did_you_mean(word, sectors) == (f"did you mean '{meant}'?" if meant else None)
    assert did_you_mean("info", ["information", "infrastructure"]) == "did you mean 'information'?"
    assert did_you_mean("inf", ["information", "infrastructure"]) is None  # a start two choices share


def test_csv_columns_are_the_characters_where_cells_start(tmp_path):
    """A CSV location's column is the character (from 1) where the cell starts, as for YAML and JSON and as
    for encoding and quoting errors: an editor's jump lands on the cell. A quoted cell may run over lines."""
    text = (
        'id,declared_label,"summits",parties\n'
        'e1,"Partenariat, ""stratégique""\nglobal",yearly,USA;JPN\n'
        "e2,Partenariat stratégique,annual,usa;JPN\n"
        '"é3",x,\xff,USA;JPN\n'
    )
    rows = list(read_rows(write_bytes(tmp_path, "c.csv", text.encode("utf-8").replace(b"\xc3\xbf", b"\xff"))))
    located = [[(p.location.line, p.location.column, p.location.pointer) for p in r.problems] for r in rows]
    assert located == [[(3, 9, "/summits")], [(4, 35, "/parties/0")], [(5, 8, None)]]  # characters, not bytes
    lines = text.splitlines()
    for row in rows[:2]:  # the value reported is where the location points
        for problem in row.problems:
            line, column = problem.location.line, problem.location.column
            assert lines[line - 1][column - 1 :].startswith(("yearly", "usa"))
    # a header's problems too, quoted or not
    with pytest.raises(InputError) as exc:
        list(read_rows(write(tmp_path, "h.csv", 'parties,"déclaré",x\nUSA;JPN,a,b\n')))
    assert [(p.location.line, p.location.column) for p in exc.value.problems] == [(1, 9), (1, 19)]


def test_csv_unknown_columns_are_an_error_unless_ignored(tmp_path):
    path = write(tmp_path, "d.csv", "parties,legal_bases,note\nUSA;JPN,none,hi\n")
    with pytest.raises(InputError) as exc:
        list(read_rows(path))
    text = str(exc.value)
    assert "d.csv:1:9: column 'legal_bases' is not a field of the vocabulary (did you mean 'legal_basis'?" in text
    assert "d.csv:1:21: column 'note'" in text
    (row,) = read_rows(path, ignore_unknown_columns=True)
    assert row.profile == {"parties": ["USA", "JPN"]}


def test_csv_needs_parties_and_a_header(tmp_path):
    with pytest.raises(InputError, match="no 'parties' column"):
        list(read_rows(write(tmp_path, "d.csv", "id,legal_basis\na,none\n")))
    with pytest.raises(InputError, match="the file is empty"):
        list(read_rows(write(tmp_path, "e.csv", "")))
    with pytest.raises(InputError, match="the file is empty"):
        list(read_rows(write(tmp_path, "b.csv", "\r\n \n\n")))
    with pytest.raises(InputError) as exc:
        list(read_rows(write(tmp_path, "late.csv", "\nparties\nUSA;JPN\n")))
    assert str(exc.value).endswith("late.csv:1: the first line is blank (start the file with the header row)")


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
    assert not rows[1].ok and "d.yaml:3:12: /1/parties: expected exactly 2 party codes, got 1" in str(
        rows[1].problems[0]
    )


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


LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)  # 9**9 values


@pytest.mark.parametrize("command", ["assess", "validate", "interview --answers", "test core --cases"])
def test_a_billion_laughs_is_refused_before_anything_is_built(command, tmp_path, monkeypatch):
    """Refused after a million values were built, one at a time: seconds (3 s of CPU for amity assess, ten
    under load). The refusal is located as it was."""
    from amity.cli.main import main
    from amity.engine import yaml_text
    from click.testing import CliRunner

    built = []
    real = yaml_text._Builder._build

    def counted(self, *args):  # the values built for the file (not for the pack's)
        built.append(self.file.endswith("laughs.yaml"))
        return real(self, *args)

    monkeypatch.setattr(yaml_text._Builder, "_build", counted)
    path = write(tmp_path, "laughs.yaml", LAUGHS if command != "validate" else "- " + LAUGHS.replace("\n", "\n  "))
    *args, option = command.split()
    extra = ["-q", "-j", "1", "-f", "jsonl"] if command == "validate" else []
    result = CliRunner().invoke(main, [*args, option, path, *extra], catch_exceptions=False)
    if command == "validate":
        (error,) = json.loads(result.stdout.splitlines()[0])["errors"]
        assert (error["line"], error["column"], error["pointer"]) == (7, 10, "/0/g/0/4/8/3/1/8/7")
        assert error["message"] == "more than 1,000,000 values once aliases are expanded"
    else:
        assert "laughs.yaml:7:8: /g/0/4/8/3/1/7/0: more than 1,000,000 values once aliases are expanded" in (
            result.output
        )
    assert result.exit_code == (0 if command == "validate" else 2), result.output  # validate: an error row
    assert sum(built) < 1000, sum(built)


ALIAS_SHAPES = [
    "a: &a [x, y]\nb: &b [*a, *a, z]\nc: [*b, *b, *b, *a]\nd: [*b, *b]\n",
    "- &a {k: [1, 2, 3]}\n- [*a, *a]\n- {m: *a, n: *a, o: [*a, *a]}\n- *a\n",
    "a: &a [x]\nb: &b {p: *a, q: *a, p: *a}\nc: [*b, *b, *b]\n",  # a repeated key is not built, not counted
    "a: &a [x, &b [y, z]]\nb: [*b, *a, *b, *a, *b]\nc: {<<: *a, r: *b}\n",  # nor a merge key
]


@pytest.mark.parametrize("text", ALIAS_SHAPES)
@pytest.mark.parametrize("budget", [3, 5, 8, 13, 21, 30])
def test_aliases_past_the_budget_are_refused_where_building_them_would_stop(text, budget, monkeypatch):
    """The refusal found without building (``check_aliases``) stands where building a value at a time stops."""
    from amity.engine import document, yaml_text

    monkeypatch.setattr(yaml_text, "MAX_NODES", budget)

    def refusal() -> str | None:
        try:
            document.parse_yaml(text, "f.yaml")
        except InputError as exc:
            return "; ".join(str(p) for p in exc.problems)
        return None

    found = refusal()
    monkeypatch.setattr(yaml_text._Builder, "check_aliases", lambda self, node: None)
    assert found == refusal()


ALIAS_STREAMS = [
    "- {p: &a0 [0, 1]}\n- {p: &a1 [{k: *a0, k: x}]}\n- {p: &a2 [*a1, {k: *a1, k: x}]}\n- {p: &a3 [*a0, 1]}\n",
    "- {p: &a0 [0, 1, 2]}\n- {p: &a1 [0]}\n- {p: &a2 [{k: *a0, k: x}, *a1]}\n- *a0\n- {p: [*a1, *a0]}\n",
    "- &a {k: [1, 2, 3]}\n- [*a, *a]\n- {m: *a, n: *a, o: [*a, *a]}\n- *a\n- {q: [*a]}\n",
]


@pytest.mark.parametrize("text", ALIAS_STREAMS)
@pytest.mark.parametrize("budget", [1, 2, 4, 7, 11])
def test_aliases_past_the_budget_of_a_stream_are_refused_where_building_them_would_stop(text, budget, monkeypatch):
    """In a list read an item at a time the budget is the whole stream's: an item refused without building
    spends it as building would, so the items after it are refused (or read) as before."""
    import functools

    from amity.engine import document, yaml_text

    monkeypatch.setattr(yaml_text, "_Aliases", functools.partial(yaml_text._Aliases, budget))

    def items() -> list[object]:
        found: list[object] = []
        for doc, problems, where in document.stream_yaml_items(io.StringIO(text), "f.yaml"):
            found.append((where, [str(p) for p in problems], None if doc is None else doc.data))
        return found

    read = items()
    assert any("values once aliases are expanded" in str(item) for item in read)
    monkeypatch.setattr(yaml_text._Builder, "check_aliases", lambda self, node: None)
    assert read == items()


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
    assert [line for _, _, line, _, _, _ in seen[:3]] == [2, 3, 4]
    assert [at for *_, at in seen[:3]] == ["/0", "/1", "/2"]
    one_line = '[{"parties": ["USA", "JPN"]}, {"parties": ["EU"], "x": 1}]'
    rows = list(read_rows(write(tmp_path, "one.json", one_line)))
    assert rows[0].ok and not rows[1].ok
    text = " ".join(str(p) for p in rows[1].problems)
    assert (
        "one.json:1:43: /1/parties: expected exactly 2 party codes" in text
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


def test_a_single_mapping_is_one_row_whose_pointers_point_into_the_file(tmp_path):
    """A file holding one object (JSON) or one mapping (YAML), not a list, has no /0 in it."""

    def located(row):
        return [str(p).removeprefix(str(tmp_path) + "/") for p in row.problems]

    json_rows = list(read_rows(write(tmp_path, "m.json", '{\n "parties": ["USA","JPN"],\n "summits": "anual"\n}\n')))
    assert located(json_rows[0]) == [
        "m.json:3:13: /summits: unknown value 'anual'; expected one of: none, irregular, annual (or null for unknown)"
        " (did you mean 'annual'?)"
    ]
    obj = list(read_rows(write(tmp_path, "obj.json", '{"a": 1}')))
    assert [p.location.pointer for p in obj[0].problems] == ["", "/a"]
    yaml_rows = list(read_rows(write(tmp_path, "m.yaml", "parties: [USA, JPN]\nsummits: anual\n")))
    assert [p.location.pointer for p in yaml_rows[0].problems] == ["/summits"]
    # a file whose value is text holds no profile at all: the file's fault (exit 2), not a row
    with pytest.raises(InputError) as scalar:
        list(read_rows(write(tmp_path, "s.yaml", "just text\n")))
    assert [str(p).removeprefix(str(tmp_path) + "/") for p in scalar.value.problems] == [
        "s.yaml:1:1: /: expected a list of profiles or one profile (a mapping), got 'just text'"
    ]
    # in a list the item's index leads the pointer, as before
    listed = list(read_rows(write(tmp_path, "l.json", '[{"a": 1}]')))
    assert [p.location.pointer for p in listed[0].problems] == ["/0", "/0/a"]


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


# --------------------------------------------------------------------------- inputs never vanish (issue 12)


def write_bytes(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def messages(row) -> str:
    return " | ".join(str(p) for p in row.problems)


def test_csv_unclosed_quote_is_an_error_row_and_reading_resumes_on_the_next_line(tmp_path):
    text = 'id,parties,declared_label\na,USA;JPN,"ok\nb,USA;JPN,x\nc,USA;JPN,y\nd,USA;JPN,z\n'
    rows = list(read_rows(write(tmp_path, "q.csv", text)))
    assert [(r.number, r.line, r.ok) for r in rows] == [(1, 2, False), (2, 3, True), (3, 4, True), (4, 5, True)]
    assert "q.csv:2:11: the quote opened here is never closed" in messages(rows[0])
    assert [r.profile["id"] for r in rows[1:]] == ["b", "c", "d"]
    assert rows[0].identity == ("a", ["USA", "JPN"])  # the cells before the quote name the row


def test_csv_text_after_a_closing_quote_is_an_error_row_and_no_line_is_swallowed(tmp_path):
    text = 'id,parties,declared_label\na,USA;JPN,"open\nb,USA;JPN,x\nc,USA;JPN,"y"junk\nd,USA;JPN,"fine, quoted"\n'
    rows = list(read_rows(write(tmp_path, "q.csv", text)))
    assert [r.line for r in rows] == [2, 3, 4, 5]
    assert [r.ok for r in rows] == [False, True, False, True]
    assert "q.csv:2:11:" in messages(rows[0]) and "text after the closing quote" in messages(rows[0])
    assert "q.csv:4:" in messages(rows[2])
    assert rows[3].profile["declared_label"] == "fine, quoted"
    assert [rows[0].identity, rows[2].identity] == [("a", ["USA", "JPN"]), ("c", ["USA", "JPN"])]


def test_csv_quoted_cells_may_span_lines(tmp_path):
    text = 'id,parties,declared_label\na,USA;JPN,"two\nlines"\nb,USA;JPN,x\n'
    rows = list(read_rows(write(tmp_path, "q.csv", text)))
    assert [(r.line, r.ok) for r in rows] == [(2, True), (4, True)]
    assert rows[0].profile["declared_label"] == "two\nlines"


def test_invalid_utf8_is_an_error_for_its_csv_row_only_with_its_byte_offset(tmp_path):
    data = b"id,parties\na,USA;JPN\nb,USA;J\xffN\nc,USA;JPN\n"
    rows = list(read_rows(write_bytes(tmp_path, "u.csv", data)))
    assert [(r.line, r.ok) for r in rows] == [(2, True), (3, False), (4, True)]
    offset = data.index(b"\xff")
    assert f"u.csv:3:8: not UTF-8 text: invalid start byte 0xff at byte offset {offset}" in messages(rows[1])
    assert rows[1].partial == {"id": "b"}  # nothing undecodable reaches the output: the row is named by its id


def test_a_row_with_a_byte_that_is_not_utf8_is_named_by_its_cells_that_are(tmp_path):
    """An analyst finds the error row by its id and parties (found by a new-user trial: an Excel file's
    Latin-1 label left them empty); a cell that is not UTF-8, or a row whose cells do not match the header,
    names nothing."""
    data = (
        b"id,parties,declared_label,legal_basis\r\n"
        b"fra-ind,FRA;IND,Partenariat strat\xe9gique,joint_statement\r\n"
        b"fra-bra,FRA;BRA,Strategic Partnership,joint_st\xe9tement\r\n"
        b"fra-chn,FRA;CHN,Strategic Partnership,joint_statement,extra \xe9\r\n"
        b"fra-jpn,FRA;JP\xe9,Strategic Partnership,joint_statement\r\n"
    )
    rows = list(read_rows(write_bytes(tmp_path, "x.csv", data)))
    assert all(r.problems and r.profile is None for r in rows)
    assert [r.partial for r in rows] == [
        {"id": "fra-ind", "parties": ["FRA", "IND"]},
        {"id": "fra-bra", "parties": ["FRA", "BRA"], "declared_label": "Strategic Partnership"},
        {},
        {"id": "fra-jpn", "declared_label": "Strategic Partnership"},
    ]
    assert [r.identity for r in rows][:2] == [("fra-ind", ["FRA", "IND"]), ("fra-bra", ["FRA", "BRA"])]


def test_a_jsonl_row_with_a_byte_that_is_not_utf8_is_named_by_its_values_that_are(tmp_path):
    """As a CSV row is (found by a regression trial: a Latin-1 label left the row without id and parties);
    a value that is not UTF-8, or is not valid, names nothing, and the row stays an error at the byte."""
    data = (
        b'{"id": "fra-ind", "parties": ["FRA", "IND"], "declared_label": "Partenariat strat\xe9gique"}\n'
        b'{"id": "fra-bra", "parties": ["FRA", "BRA"], "declared_label": "Strategic Partnership", "x": "\xe9"}\n'
        b'{"id": "fra-jpn", "parties": ["FRA", "JP\xe9"], "declared_label": "Strategic Partnership"}\n'
        b'{"id": "fra \xe9", "parties": "FRA", "declared_label": 3}\n'
        b'{"id": "fra-deu", "parties": ["FRA", "DEU"], "declared_label": "\xe9"\n'  # cut short after a value
    )
    rows = list(read_rows(write_bytes(tmp_path, "x.jsonl", data)))
    assert all(r.profile is None and len(r.problems) == 1 and "not UTF-8" in r.problems[0].message for r in rows)
    assert [r.partial for r in rows] == [
        {"id": "fra-ind", "parties": ["FRA", "IND"]},
        {"id": "fra-bra", "parties": ["FRA", "BRA"], "declared_label": "Strategic Partnership"},
        {"id": "fra-jpn", "declared_label": "Strategic Partnership"},
        {},
        {"id": "fra-deu", "parties": ["FRA", "DEU"]},  # the '}' it lacks added, to name it (as the others are)
    ]
    assert rows[0].problems[0].location.column == data.index(b"\xe9") + 1


def test_invalid_utf8_in_a_csv_header_is_bad_input_located(tmp_path):
    with pytest.raises(InputError, match=r"h.csv:1:4: not UTF-8 text: invalid continuation byte 0xe9 at byte offset 3"):
        list(read_rows(write_bytes(tmp_path, "h.csv", b"id,\xe9parties\na,USA;JPN\n")))


def test_a_utf16_file_is_named_as_such(tmp_path):
    data = "parties\nUSA;JPN\n".encode("utf-16")
    with pytest.raises(InputError) as exc:
        list(read_rows(write_bytes(tmp_path, "w.csv", data)))
    assert "w.csv:1:1: not UTF-8 text" in str(exc.value) and "UTF-16" in str(exc.value)


def test_invalid_utf8_is_an_error_for_its_jsonl_line_only(tmp_path):
    lines = [b'{"parties": ["USA", "JPN"], "id": "r%d"}\n' % i for i in range(12)]
    lines[9] = b'{"parties": ["USA", "JPN"], "id": "r\xc3("}\n'
    data = b"".join(lines)
    rows = list(read_rows(write_bytes(tmp_path, "u.jsonl", data)))
    assert len(rows) == 12 and [r.number for r in rows if not r.ok] == [10]
    offset = data.index(b"\xc3(")
    assert f"u.jsonl:10:37: not UTF-8 text: invalid continuation byte 0xc3 at byte offset {offset}" in messages(rows[9])


def test_yaml_unknown_tags_and_merge_keys_are_error_rows_located(tmp_path):
    text = (
        "- {id: a, parties: [USA, JPN]}\n"
        "- {id: b, parties: !custom x}\n"
        "- &base {id: c, parties: [USA, JPN]}\n"
        "- <<: *base\n"
        "  id: d\n"
        "- !!python/object:os.system {id: e}\n"
        "- {id: f, parties: [USA, JPN], as_of: !!binary aGk=}\n"
        "- {id: g, parties: [USA, JPN]}\n"
    )
    rows = list(read_rows(write(tmp_path, "t.yaml", text)))
    assert [r.ok for r in rows] == [True, False, True, False, False, False, True]
    assert "t.yaml:2:20: /1/parties: the YAML tag '!custom' is not supported" in messages(rows[1])
    assert "t.yaml:4:3: /3/<<: merge keys ('<<') are not supported" in messages(rows[3])
    assert "the YAML tag '!!python/object:os.system' is not supported" in messages(rows[4])
    assert "/5/as_of: the YAML tag '!!binary' is not supported" in messages(rows[5])
    assert rows[1].identity == ("b", None)


def test_a_yaml_tag_hides_no_other_error_of_its_row(tmp_path):
    text = "- id: a\n  parties: [USA, JPN]\n  colr: red\n  legal_basis: nonee\n  sectors: !!set {trade: null}\n"
    (row,) = read_rows(write(tmp_path, "u.yaml", text))
    said = [(p.location.line, p.location.pointer, p.message.split(";")[0]) for p in row.problems]
    assert said == [
        (3, "/0/colr", "unknown field 'colr'"),
        (4, "/0/legal_basis", "unknown value 'nonee'"),
        (
            5,
            "/0/sectors",
            "the YAML tag '!!set' is not supported: amity reads plain data (text, numbers, true/false, null, lists and mappings)",
        ),
    ]


def test_yaml_anchors_may_be_defined_again_in_later_items(tmp_path):
    text = "- &p {parties: [USA, JPN], id: a}\n- &p {parties: [EU, CHN], id: b}\n- *p\n"
    rows = list(read_rows(write(tmp_path, "a.yaml", text)))
    assert [r.profile["id"] for r in rows] == ["a", "b", "b"]


def test_a_json_syntax_error_mid_list_keeps_every_earlier_row(tmp_path):
    items = [json.dumps({"id": f"r{i}", "parties": ["USA", "JPN"]}) for i in range(700)]
    text = "[\n" + ",\n".join(items) + ',\n{"id": "r700", "parties": [,]},\n' + items[0] + "\n]\n"
    rows = list(read_rows(write(tmp_path, "s.json", text)))
    assert len(rows) == 701 and all(r.ok for r in rows[:700])
    assert rows[700].number == 701 and rows[700].line == 702
    assert "s.json:702:28: malformed JSON: expected a value" in messages(rows[700])
    assert "reading stops here" in messages(rows[700])


def test_a_yaml_syntax_error_mid_list_keeps_every_earlier_row(tmp_path):
    text = "- {id: a, parties: [USA, JPN]}\n- {id: b, parties: [USA, JPN]}\n- {id: c, parties: [USA, JPN]\n"
    rows = list(read_rows(write(tmp_path, "s.yaml", text)))
    assert [r.ok for r in rows] == [True, True, False] and rows[2].line == 4
    assert "s.yaml:4:1: malformed YAML" in messages(rows[2])


@pytest.mark.parametrize("items", [2, 5_000])  # the tab in the first chunk read, and far past it
def test_a_tab_in_a_streamed_yaml_lists_indentation_is_said(tmp_path, items):
    """The stream is never at hand whole: the lines read last tell that a tab broke the syntax."""
    head = "".join(f"- id: r{i}\n  parties: [USA, JPN]\n" for i in range(items))
    # libyaml's words name no tab here ("found character that cannot start any token"): the line does
    text = head + "- id: x\n  parties: [USA, JPN]\n\tsummits: annual\n"
    rows = list(read_rows(write(tmp_path, "t.yaml", text)))
    assert [r.ok for r in rows] == [True] * items + [False]
    (problem,) = rows[-1].problems
    assert "cannot start any token" in problem.message and problem.location.line == 2 * items + 3
    assert problem.suggestion == "indent with spaces, not tabs"
    # the same error without a tab has no such suggestion (but the one for what is there: document.py)
    rows = list(read_rows(write(tmp_path, "t.yaml", text.replace("\tsummits", "@summits"))))
    assert "cannot start any token" in rows[-1].problems[0].message
    assert rows[-1].problems[0].suggestion == "a key or value that starts with '@' needs quotes, e.g. \"@summits\""


@given(
    lines=st.lists(st.text(st.sampled_from("ab \t"), max_size=40), max_size=30),
    ends=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=30, max_size=30),
    chunk=st.integers(4, 32),
)
@settings(max_examples=200, deadline=None)
def test_the_recent_lines_of_checked_text_are_the_texts_lines(lines, ends, chunk):
    """Every line CheckedText still holds is the text's line of that number; the last line always is,
    unless it is longer than two chunks."""
    from amity.engine.document import CheckedText

    text = "".join(line + end for line, end in zip(lines, ends, strict=False))
    checked = CheckedText(io.BytesIO(text.encode()), "t.yaml", yaml_rules=True, chunk=chunk)
    assert checked.read() == text
    real = text.splitlines()
    for number, line in enumerate(real, start=1):
        assert checked.recent_line(number) in (None, line)
    if real and len(real[-1]) + 2 < 2 * chunk:
        assert checked.recent_line(len(real)) == real[-1]
    assert checked.recent_line(len(real) + 1) is None


def test_a_file_broken_before_its_first_row_is_unreadable(tmp_path):
    with pytest.raises(InputError, match=r"b.json:1:2: malformed JSON"):
        list(read_rows(write(tmp_path, "b.json", "[}")))


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_invalid_utf8_in_a_list_keeps_every_earlier_row(tmp_path, fmt):
    item = '{"id": "r%d", "parties": ["USA", "JPN"]}'
    if fmt == "yaml":
        lines = [("- " + item % i + "\n").encode() for i in range(5)]
        lines[3] = b'- {"id": "r\xff3", "parties": ["USA", "JPN"]}\n'
        data = b"".join(lines)
    else:
        lines = [(item % i).encode() for i in range(5)]
        lines[3] = b'{"id": "r\xff3", "parties": ["USA", "JPN"]}'
        data = b"[\n" + b",\n".join(lines) + b"\n]\n"
    rows = list(read_rows(write_bytes(tmp_path, f"u.{fmt}", data)))
    assert [r.ok for r in rows] == [True, True, True, False]
    offset = data.index(b"\xff")
    line = 4 if fmt == "yaml" else 5
    column = 12 if fmt == "yaml" else 10
    assert f"u.{fmt}:{line}:{column}: not UTF-8 text: invalid start byte 0xff at byte offset {offset}" in messages(
        rows[3]
    )


def test_an_item_cut_by_a_bad_byte_is_not_read_as_a_shorter_one(tmp_path):
    data = b"- parties: [USA, JPN]\n  id: ab\xffc\n"
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_rows(write_bytes(tmp_path, "c.yaml", data)))
    data = b"- {parties: [USA, JPN]}\n- parties: [USA, JPN]\n  id: ab\xffc\n"
    rows = list(read_rows(write_bytes(tmp_path, "c.yaml", data)))
    assert [r.ok for r in rows] == [True, False] and "not UTF-8" in messages(rows[1])


def test_a_nul_in_yaml_is_located_by_line_and_column(tmp_path):
    from amity.engine.document import load_document

    with pytest.raises(InputError) as exc:
        load_document(write(tmp_path, "n.yaml", 'parties: [USA, JPN]\nid: "a\x00b"\n'))
    assert "n.yaml:2:7: a control character (U+0000) is not allowed in YAML" in str(exc.value)
    assert "position" not in str(exc.value)
    rows = list(read_rows(write(tmp_path, "n2.yaml", "- {parties: [USA, JPN]}\n- parties: [USA, JPN]\n  id: a\x00b\n")))
    assert [r.ok for r in rows] == [True, False]
    assert "n2.yaml:3:8: a control character (U+0000) is not allowed in YAML" in messages(rows[1])


def test_a_one_column_csv_is_recognised_by_its_header():
    from amity.engine.dataset import input_format

    assert input_format("-", None, "parties\nUSA;JPN\n") == "csv"
    assert input_format("-", None, "\ufeffparties\r\nUSA;JPN\r\n") == "csv"
    assert input_format("-", None, "id,parties\na,USA;JPN\n") == "csv"
    assert input_format("-", None, "parties: [USA, JPN]\n") == "yaml"
    assert input_format("-", None, "- parties: [USA, JPN]\n") == "yaml"
    assert input_format("-", None, "---\n- parties: [USA, JPN]\n") == "yaml"


def test_yaml_is_read_with_the_core_schema_of_yaml_1_2():
    from amity.engine.document import parse_yaml

    doc = parse_yaml(
        "a: 1:30:00\nb: yes\nc: no\nd: on\ne: off\nf: true\ng: False\nh: 012\ni: 0o17\nj: 0x1F\nk: 1_000\n"
        "l: 1e3\nm: .5\nn: ~\no: 2020-01-01\np: y\nq: .inf\nr: 0b101\nyes: 1\n"
    )
    assert doc.data == {
        "a": "1:30:00", "b": "yes", "c": "no", "d": "on", "e": "off", "f": True, "g": False, "h": 12, "i": 15,
        "j": 31, "k": "1_000", "l": 1000.0, "m": 0.5, "n": None, "o": "2020-01-01", "p": "y", "q": math.inf,
        "r": "0b101", "yes": 1,
    }  # fmt: skip


def test_a_sexagesimal_year_or_a_yes_is_an_error_not_a_number_or_a_boolean(tmp_path):
    rows = list(
        read_rows(write(tmp_path, "x.yaml", "- {parties: [USA, JPN], as_of: 1:30:00, security_dependence: yes}\n"))
    )
    text = messages(rows[0])
    assert "/0/as_of" in text and "'1:30:00'" in text
    assert "/0/security_dependence" in text and "'yes'" in text


def test_many_unknown_csv_columns_are_reported_compactly_and_all_located(tmp_path):
    n = 200_000
    header = "parties," + ",".join(f"c{i}" for i in range(n)) + ",id,id\n"
    with pytest.raises(InputError) as exc:
        list(read_rows(write(tmp_path, "wide.csv", header + "USA;JPN" + "," * (n + 2) + "\n")))
    problems = exc.value.problems
    assert len(problems) <= 25
    text = str(exc.value)
    assert "wide.csv:1:9: column 'c0' is not a field of the vocabulary" in text
    at = header.index(",c20,") + 2  # where the 21st unknown column starts
    assert f"wide.csv:1:{at}: {n - 20:,} more columns are not fields of the vocabulary: columns 22-{n + 1}" in text
    at = len(header) - len("id\n") + 1  # the second id
    assert f"wide.csv:1:{at}: column 'id' appears 2 times: columns {n + 2}, {n + 3}" in text


def count_calls(fn) -> int:
    """Python and C calls made by fn: a measure of work that does not depend on the machine's speed."""
    import sys

    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def test_reading_anchored_yaml_items_is_linear(tmp_path):
    from amity.engine.document import stream_yaml_items

    def work(n: int) -> int:
        text = "".join(f"- &a{i} {{id: r{i}, parties: [USA, JPN]}}\n" for i in range(n))
        return count_calls(lambda: list(stream_yaml_items(io.StringIO(text), "a.yaml")))

    small, large = work(1000), work(2000)
    assert large / small < 2.3, (small, large)


def test_loading_a_long_list_of_profiles_is_linear(tmp_path, monkeypatch):
    import amity.engine.profiles as profiles

    monkeypatch.setattr(profiles, "check_profile", lambda doc: None)  # the split, not the checking

    def work(n: int) -> int:
        path = write(tmp_path, f"l{n}.yaml", "".join(f"- {{id: r{i}, parties: [USA, JPN]}}\n" for i in range(n)))
        return count_calls(lambda: profiles.load_profiles(path))

    small, large = work(300), work(600)
    assert large / small < 2.3, (small, large)


def test_locating_every_value_of_a_long_json_list_reads_the_text_a_bounded_number_of_times():
    from amity.engine.document import parse_json

    class Counting(str):
        """Text that counts how many characters its line lookups scan."""

        scanned = 0

        def count(self, sub, start=0, end=None):
            Counting.scanned += (len(self) if end is None else end) - start
            return super().count(sub, start, end)

        def rfind(self, sub, start=0, end=None):
            Counting.scanned += (len(self) if end is None else end) - start
            return super().rfind(sub, start, end)

    text = Counting(
        "[\n" + ",\n".join(json.dumps({"id": f"r{i}", "parties": ["USA", "JPN"]}) for i in range(800)) + "\n]"
    )
    doc = parse_json(text, "l.json")
    assert doc.locate("/799/parties/1").line == 801 and doc.locate("/799/parties/1").column == 35
    assert Counting.scanned <= 3 * len(text), (Counting.scanned, len(text))


# --------------------------------------------------------------------------- reading in batches

SAFE_IDS = st.text(alphabet="abcxyz019-", min_size=1, max_size=6)
LABEL_TEXT = st.text(alphabet='ab ,;"\n\r\t=é', max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    records=st.lists(st.tuples(SAFE_IDS, LABEL_TEXT, st.booleans()), min_size=1, max_size=12),
    crlf=st.booleans(),
    chunk=st.integers(1, 40),
)
def test_csv_rows_are_the_records_csv_reads_whatever_the_chunks(tmp_path_factory, records, crlf, chunk):
    """Quoted cells over several lines, blank lines between rows, lines cut across chunks: each record is one row."""
    import amity.engine.dataset as dataset

    def quoted(cell: str) -> str:  # as a CSV writer must: a cell with a quote, a comma or a line end is quoted
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in '",\r\n') else cell

    end = "\r\n" if crlf else "\n"
    out = io.StringIO()
    out.write("id,parties,declared_label" + end)
    expected = []
    line = 2
    for ident, label, blank_after in records:
        start = out.tell()
        out.write(f"{ident},USA;JPN,{quoted(label)}{end}")
        expected.append((line, ident, label.strip() or None))
        # the lines a record takes, as csv reads them (\r, \n and \r\n end a line)
        line += len(io.StringIO(out.getvalue()[start:], newline="").readlines())
        if blank_after:
            out.write(end)
            line += 1
    path = write_bytes(tmp_path_factory.mktemp("c"), "r.csv", out.getvalue().encode("utf-8"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dataset, "_CHUNK", chunk)
        rows = list(read_rows(path))
    assert [r.number for r in rows] == list(range(1, len(records) + 1))
    assert [(r.line, r.partial.get("id"), r.partial.get("declared_label")) for r in rows] == expected


@settings(max_examples=80, deadline=None)
@given(
    data=st.lists(
        st.sampled_from([b"a,USA;JPN,x", b'"', b",", b"\n", b"\r", b"\r\n", b"\xff", b"\xc3", b'"q""', b" ", b"b"]),
        max_size=40,
    ),
    chunk=st.integers(1, 16),
)
def test_csv_rows_do_not_depend_on_how_the_file_is_cut_into_chunks(tmp_path_factory, data, chunk):
    """Broken quotes, bad bytes and stray line ends give the same rows however the bytes arrive."""
    import amity.engine.dataset as dataset

    path = write_bytes(tmp_path_factory.mktemp("c"), "r.csv", b"id,parties,declared_label\n" + b"".join(data))
    whole = list(read_rows(path))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dataset, "_CHUNK", chunk)
        cut = list(read_rows(path))
    assert cut == whole
    assert [r.number for r in whole] == list(range(1, len(whole) + 1))


def test_a_broken_quote_across_chunks_reports_its_row_and_reads_its_lines_again(tmp_path, monkeypatch):
    import amity.engine.dataset as dataset

    monkeypatch.setattr(dataset, "_CHUNK", 8)
    text = 'id,parties,declared_label\na,USA;JPN,x\nb,USA;JPN,"open\nc,USA;JPN,y\n\nd,USA;JPN,"z"\n'
    rows = list(read_rows(write(tmp_path, "q.csv", text)))
    assert [(r.number, r.line, r.ok) for r in rows] == [(1, 2, True), (2, 3, False), (3, 4, True), (4, 6, True)]
    assert "q.csv:3:11: text after the closing quote of a quoted cell (on line 6)" in messages(rows[1])
    assert [r.profile["declared_label"] for r in (rows[0], rows[2], rows[3])] == ["x", "y", "z"]


def test_a_line_too_long_for_csv_costs_only_its_row(tmp_path):
    import csv

    long = "x" * (csv.field_size_limit() + 10)
    text = f"id,parties,declared_label\na,USA;JPN,ok\nb,USA;JPN,{long}\nc,USA;JPN,fine\n"
    quoted = f'd,USA;JPN,"{long}"\n'  # closed on its line
    rows = list(read_rows(write(tmp_path, "l.csv", text + quoted)))
    assert [(r.line, r.ok) for r in rows] == [(2, True), (3, False), (4, True), (5, False)]
    limit = f"{csv.field_size_limit():,}"
    for row in (rows[1], rows[3]):  # no quote to blame: the cell's size, where it starts, and the row's name
        (problem,) = row.problems
        assert (problem.message, problem.suggestion) == (
            f"a cell longer than {limit} characters",
            f"shorten it: amity reads cells of up to {limit} characters",
        )
        assert (problem.location.line, problem.location.column) == (row.line, len("b,USA;JPN,") + 1)
    assert [rows[1].identity, rows[3].identity] == [("b", ["USA", "JPN"]), ("d", ["USA", "JPN"])]


def test_bad_utf8_inside_a_quoted_cell_over_lines_is_its_rows_error(tmp_path):
    data = b'id,parties,declared_label\na,USA;JPN,"one\nt\xffo"\nb,USA;JPN,x\n'
    rows = list(read_rows(write_bytes(tmp_path, "u.csv", data)))
    assert [(r.line, r.ok) for r in rows] == [(2, False), (4, True)]
    offset = data.index(b"\xff")
    assert f"u.csv:3:2: not UTF-8 text: invalid start byte 0xff at byte offset {offset}" in messages(rows[0])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("b.csv", HEADER + 'a,USA;JPN,none,,,,,,,"x, y"\nb,USA;JPN,nope,,,,,,,z\n\nc,EU;CHN,,,,,,,,\n'),
        ("b.jsonl", '{"parties": ["USA", "JPN"]}\n\n{"parties": "x"}\n{bad\n'),
        ("b.yaml", "- {parties: [USA, JPN]}\n- {parties: [EU]}\n"),
    ],
)
def test_batches_finish_reading_in_another_process_as_here(tmp_path, name, text):
    """A batch travels (pickled) to a worker, whose rows() gives the rows read_rows gives."""
    import pickle

    from amity.engine.dataset import read_batches

    path = write(tmp_path, name, text)
    travelled = [row for batch in read_batches(path, size=2) for row in pickle.loads(pickle.dumps(batch)).rows()]
    assert travelled == list(read_rows(path))
    assert [r.number for r in travelled] == list(range(1, len(travelled) + 1))


def _cell_texts(name: str) -> list[str]:
    """Cells of a field as a CSV file may hold them: its edge values written out, and odd text."""
    from amity.engine.vocabulary import fields

    spec = fields()[name]
    texts = ["", " ", "x", "3", "-1", "2.5", "nan", "inf", "1e999", "[]", "TRUE", "true ", " false", "a;;b", "none"]
    if spec.values:
        texts += [*spec.values[:3], f" {spec.values[0]} ", spec.values[0].upper(), ";".join(spec.values[:2])]
        texts += [f"{spec.values[0]};{spec.values[0]}"]
    if name == "parties":
        texts += ["USA;JPN", "USA;USA", "USA", "usa;JPN", " EU ; CHN ", "USA;JPN;IND"]
    if spec.kind in ("integer", "number"):
        lo = spec.minimum if spec.minimum is not None else 0
        hi = spec.maximum if spec.maximum is not None else 100
        texts += [str(lo), str(lo - 1), str(hi), str(hi + 1), f"{hi}.0", f"{hi + 0.5}", "007"]
    return texts


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_csv_cells_read_once_per_column_agree_with_reading_each_and_the_fast_check(tmp_path_factory, data):
    """Cells are read and checked once per distinct text of a column; rows built from cells seen before
    hold the same values, and are accepted exactly when the fast check accepts them."""
    import csv

    from amity.engine.dataset import _csv_cell
    from amity.engine.schema_checks import profile_is_valid
    from amity.engine.vocabulary import fields

    names = [
        "parties",
        *data.draw(st.lists(st.sampled_from([f for f in fields() if f != "parties"]), max_size=5, unique=True)),
    ]
    rows = data.draw(st.lists(st.tuples(*(st.sampled_from(_cell_texts(n)) for n in names)), min_size=1, max_size=25))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(rows)
    path = write(tmp_path_factory.mktemp("m"), "m.csv", out.getvalue())
    read = list(read_rows(path))
    rows = [r for r in rows if len(r) > 1 or r[0].strip()]  # a line of one blank cell is an empty line: no row
    assert len(read) == len(rows)
    for row, cells in zip(read, rows, strict=True):
        expected, unreadable = {}, False
        for name, text in zip(names, cells, strict=True):
            value, message, _ = _csv_cell(name, text)
            unreadable |= message is not None
            if value is not None:
                expected[name] = value
        assert row.partial == expected
        assert row.ok == (not unreadable and profile_is_valid(expected))
        if row.ok:
            assert row.profile == expected


# --------------------------------------------------------------------------- a batch read column by column

#: cells of each column, good and bad: unreadable, invalid, empty, repeated (memo hits), lists and numbers
_CELLS = {
    "id": ["a", "b-1", " c ", "", "bad id", "a"],
    "parties": ["USA;JPN", "USA; JPN", "USA", "", "USA;JPN;IND", " FRA;DEU "],
    "sectors": ["trade;defense", "trade", "[]", "", "trade;;defense", "nonsense", "trade;defense"],
    "summits": ["annual", "none", "", "yearly", "annual"],
    "ministerial_dialogues": ["3", "3.0", "1e1", "-2", "x", "", "1_000", "3.5", " 4 "],
    "power_ratio": ["1.5", "2", "0.5", "nan", "inf", "1e3", "", "1.5", "3.", ".5e1"],
    "security_dependence": ["true", "FALSE", "yes", "", "true"],
    "declared_label": ["Strategic Partnership", "", "Alliance", "=1+1"],
    "sources": ["https://a.example", "[]", "https://a.example;https://b.example", ""],
}


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(st.lists(st.integers(0, 9), min_size=len(_CELLS), max_size=len(_CELLS)), min_size=1, max_size=12),
    extra=st.lists(st.sampled_from(["", ",x", "\xff"]), min_size=12, max_size=12),
)
def test_a_batch_read_column_by_column_gives_the_rows_read_one_by_one(picks, extra):
    """Every row of a batch is the row _csv_row reads alone: clean rows, bad cells, missing fields, wrong widths."""
    import amity.engine.dataset as dataset
    from amity.engine.errors import Location, Problem

    names = list(_CELLS)
    layout = dataset._CsvLayout("f.csv", tuple(enumerate(names)), len(names), ",")
    records = []
    for number, (pick, more) in enumerate(zip(picks, extra, strict=False), start=1):
        cells = [_CELLS[name][i % len(_CELLS[name])] for name, i in zip(names, pick, strict=True)]
        text = ",".join(cells) + (more if more != "\xff" else "") + "\n"
        bad = Problem("not UTF-8", Location("f.csv", number + 1, 1)) if more == "\xff" else None
        records.append((number, number + 1, text, bad))
    dataset._plans.clear()
    together = dataset._CsvBatch(layout, list(records)).rows()
    dataset._plans.clear()
    plan = dataset._plan(layout)
    alone = [
        dataset._csv_row(layout, plan, n, line, next(iter(__import__("csv").reader([text]))), bad)
        for n, line, text, bad in records
    ]
    assert together == alone
    # and again with the memo of each column warm: a hit reads as a miss does
    assert dataset._CsvBatch(layout, list(records)).rows() == alone


def test_a_batch_with_good_and_bad_rows_keeps_each_in_its_place():
    import amity.engine.dataset as dataset

    layout = dataset._CsvLayout("f.csv", ((0, "id"), (1, "parties"), (2, "power_ratio")), 3, ",")
    lines = ["a,USA;JPN,1.5\n", "b,USA;JPN,x\n", "c,USA\n", "d,USA;JPN,0.5\n", "e,USA;JPN,2\n"]
    rows = dataset._CsvBatch(layout, [(i, i + 1, t, None) for i, t in enumerate(lines, start=1)]).rows()
    assert [(r.number, r.ok) for r in rows] == [(1, True), (2, False), (3, False), (4, False), (5, True)]
    assert rows[0].profile == {"id": "a", "parties": ["USA", "JPN"], "power_ratio": 1.5}
    assert "expected a number" in rows[1].problems[0].message and rows[1].problems[0].location.column == 11
    assert "expected 3 cells" in rows[2].problems[0].message
    assert rows[3].problems and rows[3].problems[0].location.pointer == "/power_ratio"  # below the minimum
    assert rows[4].profile["power_ratio"] == 2 and rows[4].profile["parties"] is not rows[0].profile["parties"]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [("3", "integer", 3), ("3.0", "integer", 3), ("+3", "integer", 3), ("007", "integer", 7),
     ("9" * 4300, "integer", int("9" * 4300)), ("2", "number", 2), ("2.5", "number", 2.5), (".5", "number", 0.5),
     ("1e3", "number", 1000.0), ("1e-05", "number", 1e-05), ("-2", "number", -2)],
)  # fmt: skip
def test_numbers_read_as_int_then_float(text, kind, value):
    from amity.engine.dataset import _number

    read = _number(kind)(text)
    assert read == value and isinstance(read, type(value))  # 1e3: a float (WithExponent, as written)


@pytest.mark.parametrize(
    ("text", "kind", "message", "hint"),
    [
        ("3.5", "integer", "expected a whole number, got 3.5", None),
        ("x", "number", "expected a number, got 'x'", None),
        ("nan", "number", "expected a finite number, got 'nan'", "leave the cell empty if it is unknown"),
        ("1.2.3", "number", "expected a number, got '1.2.3'", None),
        # Python literals that are not how a cell writes a number (int() and float() read them)
        ("1_000", "integer", "expected a whole number, got '1_000'", "write 1000, without '_'"),
        ("1_0.5", "number", "expected a number, got '1_0.5'", "write 10.5, without '_'"),
        ("1e3", "integer", "expected a whole number in digits, got 1e3", "write 1000"),
        ("1e23", "integer", "expected a whole number in digits, got 1e23", "write 1" + "0" * 23),  # not the float's
        ("1e300", "integer", "expected a whole number in digits, got 1e300", None),  # 301 digits: none written
        ("1.0000000000000000001e0", "integer", "expected a whole number, got 1.0000000000000000001e0", None),
        ("\uff11\uff12", "integer", "expected a whole number, got '\uff11\uff12'", None),  # full-width digits
        ("\u0661", "number", "expected a number, got '\u0661'", None),  # an Arabic-Indic digit
        ("0x10", "integer", "expected a whole number, got '0x10'", None),
        # too large: the whole number is finite, and a message cuts it as it cuts long text
        ("9" * 5000, "integer", "a number too large to read: " + "9" * 57 + "... (5,000 digits)",
         "amity reads numbers of up to 4,300 digits"),
        ("1e400", "number", "a number too large to read: 1e400", "amity reads numbers of up to 1.8e+308"),
    ],
)  # fmt: skip
def test_numbers_that_cannot_be_read_say_so(text, kind, message, hint):
    from amity.engine.dataset import _number, _Unreadable

    with pytest.raises(_Unreadable) as exc:
        _number(kind)(text)
    assert (exc.value.message, exc.value.hint) == (message, hint)


def test_a_number_too_long_is_too_large_in_every_format_and_cut_in_its_message(tmp_path):
    """5,000 digits exceed what amity reads (not 'expected a finite number'); a field with a maximum says it."""
    many, some = "9" * 5000, "9" * 3000
    text = f"parties,working_groups,as_of\nUSA;JPN,{many},\nUSA;JPN,{some},\nUSA;JPN,,{many}\n"
    rows = list(read_rows(write(tmp_path, "d.csv", text)))
    assert [r.ok for r in rows] == [False, True, False]
    assert [(p.message, p.suggestion) for p in rows[0].problems] == [
        (
            "a number too large to read: " + "9" * 57 + "... (5,000 digits)",
            "amity reads numbers of up to 4,300 digits",
        )
    ]
    assert [p.message for p in rows[2].problems] == [
        "expected a value at most 9999, got " + "9" * 57 + "... (5,000 digits)"
    ]
    for name, body in (("d.jsonl", f'{{"parties": ["USA", "JPN"], "working_groups": {many}}}\n'),
                       ("d.yaml", f"- parties: [USA, JPN]\n  working_groups: {many}\n")):  # fmt: skip
        (row,) = read_rows(write(tmp_path, name, body))
        assert [(p.message, p.suggestion) for p in row.problems] == [
            (
                "a number too large to read: " + "9" * 57 + "... (5,000 digits)",
                "amity reads numbers of up to 4,300 digits",
            )
        ]
    (row,) = read_rows(write(tmp_path, "e.yaml", f"- parties: [USA, JPN]\n  as_of: {some}\n"))
    assert [p.message for p in row.problems] == [
        "expected a value at most 9999, got " + "9" * 57 + "... (3,000 digits)"
    ]
    assert all(len(str(p)) < 300 for r in rows for p in r.problems)


TOO_LONG = "1" + "0" * 5000  # more digits than Python reads into an int (4,300)


def within(words: str) -> tuple[str, str]:
    """The suggestion for a number out of its field's range (a placeholder resolved by ``hinted``)."""
    return ("range", words)


def hinted(hint: object, fmt: str) -> object:
    """A test's expected suggestion, a number's range (``within``) said as the format says unknown."""
    if not isinstance(hint, tuple):
        return hint
    unknown = "leave the cell empty" if fmt == "csv" else "leave it out, or write null,"
    return f"write {hint[1]}; {unknown} if it is unknown"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "yaml"])
@pytest.mark.parametrize(
    ("field", "written", "message", "hint"),
    [
        # a field of numbers is bounded by a float's range, one of whole numbers by Python's digits
        ("power_ratio", TOO_LONG, "a number too large to read: {}", "amity reads numbers of up to 1.8e+308"),
        ("ministerial_dialogues", TOO_LONG, "a number too large to read: {}", "amity reads numbers of up to 4,300 digits"),
        ("working_groups", "-" + TOO_LONG, "expected a value at least 0, got {}", within("a count of 0 or more")),
        ("power_ratio", "-" + TOO_LONG, "expected a value at least 1, got {}", within("a ratio of 1 or more")),
        ("trade_dependence", TOO_LONG, "expected a value at most 1, got {}", within("a share from 0 to 1")),
        ("as_of", TOO_LONG, "expected a value at most 9999, got {}", within("a year from 1 to 9999")),
    ],
)  # fmt: skip
def test_a_number_of_more_digits_than_python_reads_is_its_rows_error_in_every_format(
    tmp_path, fmt, field, written, message, hint
):
    """Not a break of the file (JSON), nor a row without its id (JSON Lines): the row keeps its id and
    parties, the problem is at the value's pointer with the bound of its field, and the rows after it are read."""
    ids = ["z", "a", "b"]
    if fmt == "csv":
        text = f"id,parties,{field}\nz,USA;JPN,\na,USA;JPN,{written}\nb,USA;JPN,\n"
    else:
        items = [
            f'{{"id": "{i}", "parties": ["USA", "JPN"]' + (f', "{field}": {written}}}' if i == "a" else "}")
            for i in ids
        ]
        text = {"jsonl": "\n".join(items) + "\n", "json": "[" + ",\n".join(items) + "]\n",
                "yaml": "".join(f"- {item}\n" for item in items)}[fmt]  # fmt: skip
    rows = list(read_rows(write(tmp_path, f"d.{fmt}", text)))
    assert [(r.number, r.line, r.identity, r.ok) for r in rows] == [
        (n, n + (fmt == "csv"), (i, ["USA", "JPN"]), i != "a") for n, i in enumerate(ids, start=1)
    ]
    (problem,) = rows[1].problems
    shown = f"{written[:57]}... (5,001 digits)"  # a number alike in every format: a cell's too, not in quotes
    assert (problem.message, problem.suggestion) == (message.format(shown), hinted(hint, fmt))
    assert problem.location.pointer == ("/1" if fmt in ("json", "yaml") else "") + f"/{field}"
    line = rows[1].line
    assert (problem.location.line, problem.location.column) == (line, text.splitlines()[line - 1].index(written) + 1)


def test_a_long_number_is_kept_as_written_and_crosses_to_a_worker():
    import pickle

    from amity.engine.document import Overflowed, read_int

    number = read_int("-" + TOO_LONG)
    assert number.__class__ is Overflowed and number == -math.inf and str(number) == "-" + TOO_LONG
    assert pickle.loads(pickle.dumps(number)).__class__ is Overflowed
    assert read_int("0" * 5000 + "12") == 12 and read_int("-" + "0" * 5000 + "12") == -12  # only leading zeros
    assert read_int("12").__class__ is int


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "yaml"])
@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        ("power_ratio", "0." + "0" * 400 + "1", "expected a value at least 1, got 0." + "0" * 55 + "... (402 digits)"),
        ("power_ratio", "1e-400", "expected a value at least 1, got 1e-400"),
        ("power_ratio", "-2.5e-400", "expected a value at least 1, got -2.5e-400"),
        # not read as 0.0: refused as 1e400 is (-1e-400 was even taken for a value of at least 0)
        ("trade_dependence", "1e-400", "a number too close to zero to read: 1e-400"),
        ("trade_dependence", "-1e-400", "a number too close to zero to read: -1e-400"),
    ],
)
def test_a_number_too_close_to_zero_for_a_float_is_shown_as_written_in_every_format(
    tmp_path, fmt, field, written, message
):
    """Not as the 0.0 Python made of it."""
    if fmt == "csv":
        text = f"id,parties,{field}\nr1,USA;JPN,{written}\n"
    else:
        item = f'{{"id": "r1", "parties": ["USA", "JPN"], "{field}": {written}}}'
        text = {"jsonl": item + "\n", "json": f"[{item}]\n", "yaml": f"- {item}\n"}[fmt]
    (row,) = read_rows(write(tmp_path, f"d.{fmt}", text))
    assert [p.message for p in row.problems] == [message]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "yaml"])
def test_a_whole_number_too_close_to_zero_is_refused_not_taken_for_zero(tmp_path, fmt):
    """1e-400 is a float that reads as 0.0, which JSON Schema counts as a whole number: working_groups took
    it for 0 (found by a review). CSV refuses an exponent in a whole-number field anyway."""
    item = '{"id": "r1", "parties": ["USA", "JPN"], "working_groups": 1e-400}'
    text = {"jsonl": item + "\n", "json": f"[{item}]\n", "yaml": f"- {item}\n"}[fmt]
    (row,) = read_rows(write(tmp_path, f"d.{fmt}", text))
    assert [p.message for p in row.problems] == ["a number too close to zero to read: 1e-400"]


def test_an_underflowed_number_is_zero_in_value_and_crosses_to_a_worker_as_written():
    import pickle

    from amity.engine.document import Underflowed, read_float

    number = read_float("1e-400")
    assert number.__class__ is Underflowed and number == 0.0 and str(number) == "1e-400"
    assert str(pickle.loads(pickle.dumps(number))) == "1e-400"
    assert (
        read_float("0.0e-400").__class__ is not Underflowed and read_float("-0.0").__class__ is float
    )  # zero as written
    assert read_float("5e-324").__class__ is float  # the least float there is: no underflow


# whole lines left undecoded (``_RawLines``): the rows are those of reading every line decoded

RAW_PIECES = [
    b"a{d}USA;JPN{d}x\n",
    b"b{d}USA;JPN{d}y\r\n",
    b"c{d}EU;CHN{d}\xc3\xa9t\xc3\xa9\n",
    b"d{d}USA;JPN{d}\xff\n",
    b"e{d}USA;JPN{d}\xc3\n",
    b"\n",
    b" \n",
    b"\xc2\xa0\n",
    b"   {d}  {d}  \n",
    b"no delimiter\n",
    b'f{d}USA;JPN{d}"q\nr"\n',
    b'g{d}USA;JPN{d}"s"\n',
    b"h{d}USA\r",
    b"i{d}USA;JPN{d}x{d}extra\n",
    b"j{d}USA;JPN",  # a line without its end (the last, or run on by the next piece)
    b"\r",
    b"{d}",
]


def rows_read(path: str, *, chunk: int, size: int, undecoded: bool, reads: int = 0) -> tuple[list, int]:
    """The rows of a file read in batches (each pickled, as to a worker), and how many batches were undecoded.

    With ``reads``, no read gives more than that many bytes (as standard input may give them)."""
    import pickle

    import amity.engine.dataset as dataset

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dataset, "_CHUNK", chunk)
        if reads:
            read = dataset._Bytes.read
            patch.setattr(dataset._Bytes, "read", lambda self, size: read(self, min(size, reads)))
        if not undecoded:
            patch.setattr(dataset._Chunks, "_raw", lambda self, data, mark: None)
        batches = list(dataset.read_batches(path, size=size, delimiter=delimiter_of(path)))
    rows = [row for batch in batches for row in pickle.loads(pickle.dumps(batch)).rows()]
    return rows, sum(getattr(b, "raw", None) is not None for b in batches)


def delimiter_of(path: str) -> str | None:
    """The delimiter a test file's name states (r.semicolon.csv), if any."""
    named = {"tab": "\t", "section": "§", "semicolon": ";"}
    parts = Path(path).name.split(".")
    return named.get(parts[1]) if len(parts) == 3 else None


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(RAW_PIECES), max_size=60),
    delimiter=st.sampled_from([",", "tab", "section", "semicolon"]),
    bom=st.booleans(),
    chunk=st.integers(1, 200),
    reads=st.sampled_from([0, 1, 2, 5]),
    size=st.integers(1, 9),
)
def test_csv_lines_left_undecoded_give_the_rows_of_lines_decoded(
    tmp_path_factory, pieces, delimiter, bom, chunk, reads, size
):
    """Blank lines, quotes, lone and paired carriage returns, bad bytes, lines without the delimiter or
    without their end, a BOM, short reads, other delimiters: whether whole lines travel undecoded or
    not, every row is the same, numbered and located alike."""
    mark = {"tab": b"\t", "section": "§".encode(), "semicolon": b";"}.get(delimiter, b",")
    header = mark.join([b"id", b"parties", b"declared_label"]) + b"\n"
    data = (b"\xef\xbb\xbf" if bom else b"") + header + b"".join(p.replace(b"{d}", mark) for p in pieces)
    name = "r.csv" if delimiter == "," else f"r.{delimiter}.csv"
    path = write_bytes(tmp_path_factory.mktemp("u"), name, data)
    decoded, none = rows_read(path, chunk=chunk, size=size, undecoded=False, reads=reads)
    undecoded, _ = rows_read(path, chunk=chunk, size=size, undecoded=True, reads=reads)
    assert none == 0
    assert undecoded == decoded == list(read_rows(path, delimiter=delimiter_of(path)))
    assert [r.number for r in undecoded] == list(range(1, len(undecoded) + 1))


def test_lines_ended_by_a_lone_return_after_undecoded_ones_are_each_a_row(tmp_path):
    """At the end of a file, what follows the last \\n may be several lines, each ended by a lone \\r."""
    lines = b"".join(f"r{i},USA;JPN,x\n".encode() for i in range(300))
    path = write_bytes(tmp_path, "r.csv", b"id,parties,declared_label\n" + lines + b"a,USA;JPN,x\rb,USA;JPN,y")
    rows, raw = rows_read(path, chunk=1024, size=16, undecoded=True)
    assert raw > 0
    assert [(r.number, r.line, r.ok) for r in rows[-2:]] == [(301, 302, True), (302, 303, True)]


def test_plain_csv_lines_travel_undecoded_in_full_batches(tmp_path):
    """Past the first chunk, lines without a quote go to the worker as bytes, in batches of the size asked."""
    lines = [f"r{i},USA;JPN,Strategic Partnership\n".encode() for i in range(400)]
    lines[250] = b"r250,USA;JPN,\xffbad\n"  # a bad byte: its row only, located as when decoded here
    path = write_bytes(tmp_path, "p.csv", b"id,parties,declared_label\n" + b"".join(lines))
    undecoded, raw = rows_read(path, chunk=1024, size=16, undecoded=True)
    decoded, _ = rows_read(path, chunk=1024, size=16, undecoded=False)
    assert raw >= 20  # most of the 25 batches
    assert undecoded == decoded
    bad = [r for r in undecoded if not r.ok]
    assert [r.line for r in bad] == [252]
    offset = b"id,parties,declared_label\n".__len__() + sum(map(len, lines[:250])) + len(b"r250,USA;JPN,")
    assert f"p.csv:252:14: not UTF-8 text: invalid start byte 0xff at byte offset {offset}" in messages(bad[0])


JSONL_PIECES = [
    b'{"id": "a", "parties": ["USA", "JPN"]}\n',
    b'{"id": "b", "parties": ["USA", "JPN"], "declared_label": "Strategic Partnership"}\r\n',
    b'{"id": "c", "parties": ["EU", "CHN"], "declared_label": "\xc3\xa9t\xc3\xa9"}\n',
    b'{"id": "d", "parties": ["USA", "\xff"]}\n',
    b'{"id": "e", "parties": "x"}\n',
    b'{"id": "f", "parties": ["USA", "JPN"], "id": "g"}\n',
    b"{bad\n",
    b"\n",
    b" \r\n",
    b"[1, 2]\n",
    b"3\n",
    b'{"id": "h",\r "parties": ["USA", "JPN"]}\n',
]


@settings(max_examples=120, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(JSONL_PIECES), max_size=60),
    bom=st.booleans(),
    chunk=st.integers(1, 300),
    size=st.integers(1, 9),
)
def test_jsonl_lines_left_undecoded_give_the_rows_of_lines_decoded(tmp_path_factory, pieces, bom, chunk, size):
    """Blank lines, lines that are no object, bad bytes, carriage returns (blank space in JSON Lines):
    whether whole lines travel undecoded or not, every row is the same, numbered and located alike."""
    data = (b"\xef\xbb\xbf" if bom else b"") + b"".join(pieces)
    path = write_bytes(tmp_path_factory.mktemp("j"), "r.jsonl", data)
    if not b"".join(pieces).strip():  # nothing but blank space: an empty file, read either way
        for undecoded_lines in (False, True):
            with pytest.raises(InputError, match="the file is empty"):
                rows_read(path, chunk=chunk, size=size, undecoded=undecoded_lines)
        return
    decoded, none = rows_read(path, chunk=chunk, size=size, undecoded=False)
    undecoded, _ = rows_read(path, chunk=chunk, size=size, undecoded=True)
    assert none == 0
    assert undecoded == decoded == list(read_rows(path))
    assert [r.number for r in undecoded] == list(range(1, len(undecoded) + 1))


def test_plain_jsonl_lines_travel_undecoded_in_full_batches(tmp_path):
    lines = [f'{{"id": "r{i}", "parties": ["USA", "JPN"]}}\n'.encode() for i in range(400)]
    lines[250] = b'{"id": "r250", "parties": ["USA", "\xff"]}\n'
    path = write_bytes(tmp_path, "p.jsonl", b"".join(lines))
    undecoded, raw = rows_read(path, chunk=1024, size=16, undecoded=True)
    decoded, _ = rows_read(path, chunk=1024, size=16, undecoded=False)
    assert raw >= 20
    assert undecoded == decoded
    assert [r.line for r in undecoded if not r.ok] == [251]


def test_a_negative_number_too_large_to_read_is_held_to_the_fields_minimum():
    """-1e400 in power_ratio (at least 1) is below the minimum, not 'too large'; without a minimum it is too large."""
    from amity.engine.dataset import _number, _Unreadable

    with pytest.raises(_Unreadable) as exc:
        _number("number", None, 1)("-1e400")
    assert (exc.value.message, exc.value.hint) == ("expected a value at least 1, got -1e400", None)
    with pytest.raises(_Unreadable) as exc:
        _number("number")("-1e400")
    assert exc.value.message == "a number too large to read: -1e400"


def test_a_broken_record_is_not_named_by_a_cell_that_is_not_utf8(tmp_path):
    """The cells before a never-closed quote name the row, but not one holding a byte that is not UTF-8:
    it could not be written out (found by the standard-input fuzz test)."""
    path = tmp_path / "d.csv"
    path.write_bytes(b'id,parties,declared_label\n\x80a,USA;JPN,"USA;JPN\nUSA;JPN\na,USA;JPN,USA;JPN\n')
    (row, *_) = read_rows(str(path))
    assert row.problems and row.partial == {"parties": ["USA", "JPN"]}


def test_a_broken_record_whose_parties_do_not_read_is_an_error_row_not_an_internal_error(tmp_path):
    """The cells before a never-closed quote name the row; parties that do not read (';') name nothing. It was an
    internal error, 'an empty item in a ';'-joined list' (found by the CSV fuzz test)."""
    path = tmp_path / "d.csv"
    path.write_bytes(b'parties,legal_basis\nUSA;JPN,none\n;,"USA;JPN\n')
    rows = list(read_rows(str(path)))
    assert [r.problems == [] for r in rows] == [True, False] and rows[1].partial == {}
    assert "the quote opened here is never closed" in rows[1].problems[0].message


def test_a_number_written_with_an_exponent_is_suggested_in_digits_only_within_the_fields_range():
    from amity.engine.dataset import _number, _Unreadable

    with pytest.raises(_Unreadable) as exc:
        _number("integer", None, 0)("-1e3")  # working_groups: at least 0
    assert exc.value.hint is None
    # out of the field's range, that is said first: writing -1000 as told would fail on the minimum
    assert "expected a value at least 0, got -1e3" in str(exc.value)
    with pytest.raises(_Unreadable) as exc:
        _number("integer", 9999, 1)("2e3")
    assert exc.value.hint == "write 2000"


# a number beyond a float's range, written the same way in each format: (field, as written, what is said)
OVERFLOWS = [
    ("power_ratio", "-1e400", "expected a value at least 1, got {}", within("a ratio of 1 or more")),  # below
    ("power_ratio", "1e400", "a number too large to read: {}", "amity reads numbers of up to 1.8e+308"),
    ("working_groups", "1.5e400", "a number too large to read: {}", "amity reads numbers of up to 1.8e+308"),
    ("trade_dependence", "2e999", "expected a value at most 1, got {}", within("a share from 0 to 1")),  # above
]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "yaml"])
@pytest.mark.parametrize(("field", "written", "message", "hint"), OVERFLOWS)
def test_a_number_beyond_a_floats_range_is_said_alike_in_every_format(tmp_path, fmt, field, written, message, hint):
    """Shown as written, never as inf: JSON and YAML read it as a float (infinite) and keep what it said."""
    path = tmp_path / f"rows.{fmt}"
    if fmt == "csv":
        path.write_text(f"id,parties,{field}\nr1,USA;JPN,{written}\n", encoding="utf-8")
    else:
        row = f'{{"id": "r1", "parties": ["USA", "JPN"], "{field}": {written}}}'
        path.write_text({"jsonl": row + "\n", "json": f"[{row}]\n", "yaml": f"- {row}\n"}[fmt], encoding="utf-8")
    shown = written  # a number alike in every format: a cell's too, not in quotes
    (row,) = read_rows(str(path))
    (problem,) = row.problems
    assert problem.location.pointer == ("/0" if fmt in ("json", "yaml") else "") + f"/{field}"  # a list's item
    assert (problem.message, problem.suggestion) == (message.format(shown), hinted(hint, fmt))


BIG = "1" + "0" * 400  # beyond a float's range, written out in digits


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "yaml"])
@pytest.mark.parametrize(
    ("field", "written", "message", "hint"),
    [
        ("power_ratio", BIG, "a number too large to read: {}", "amity reads numbers of up to 1.8e+308"),
        ("power_ratio", "-" + BIG, "expected a value at least 1, got {}", within("a ratio of 1 or more")),
        ("trade_dependence", BIG, "expected a value at most 1, got {}", within("a share from 0 to 1")),
    ],
)
def test_a_number_beyond_a_floats_range_in_digits_is_said_as_with_an_exponent(
    fmt, tmp_path, field, written, message, hint
):
    """A field of numbers holds what a float holds, however the number is written: 1e400 and its 401 digits
    alike (the digits were read as an exact int, and passed)."""
    path = tmp_path / f"rows.{fmt}"
    if fmt == "csv":
        path.write_text(f"id,parties,{field}\nr1,USA;JPN,{written}\n", encoding="utf-8")
    else:
        row = f'{{"id": "r1", "parties": ["USA", "JPN"], "{field}": {written}}}'
        path.write_text({"jsonl": row + "\n", "json": f"[{row}]\n", "yaml": f"- {row}\n"}[fmt], encoding="utf-8")
    (row,) = read_rows(str(path))
    (problem,) = row.problems
    shown = f"{written[:57]}... (401 digits)"  # cut, with its count of digits, as every long number is
    assert (problem.message, problem.suggestion) == (message.format(shown), hinted(hint, fmt))
    assert problem.location.pointer == ("/0" if fmt in ("json", "yaml") else "") + f"/{field}"


def test_a_whole_number_field_takes_any_whole_number_in_digits(tmp_path):
    """A count is exact, however large (up to Python's 4,300 digits): no float's range applies."""
    path = tmp_path / "rows.csv"
    path.write_text("id,parties,working_groups\nr1,USA;JPN," + BIG + "\n", encoding="utf-8")
    (row,) = read_rows(str(path))
    assert not row.problems and row.profile["working_groups"] == 10**400


def test_an_overflowed_number_crosses_to_a_worker_as_written():
    import pickle

    from amity.engine.document import Overflowed, read_float

    assert read_float("2.5") == 2.5 and read_float("2.5").__class__ is float
    number = read_float("-1e400")
    assert number.__class__ is Overflowed and number == -math.inf and f"{number}" == "-1e400"
    again = pickle.loads(pickle.dumps(number))
    assert again.__class__ is Overflowed and str(again) == "-1e400"


@pytest.mark.parametrize(
    ("text", "said", "suggestion"),
    [
        ('[{"id": "a", "parties": ["USA", "JPN"], "legal_basis": "jo', "a string that is never closed", "close it"),
        ('[{"id": "a" "parties": ["USA", "JPN"]}]', "expected ',' between two items", "missing comma"),
        ('[{id: "a"}]', "expected a key in double quotes", 'write each key in double quotes ("legal_basis")'),
        ('[{"id": "a\\q"}]', "a backslash escape JSON does not have", "for a backslash"),
    ],
)
def test_malformed_json_is_said_in_words_with_the_fix(tmp_path, text, said, suggestion):
    """The json module's messages ('Unterminated string starting at', cut short) are not shown as they are."""
    path = write(tmp_path, "m.json", text)  # no line end: an open string would end at one (a control character)
    with pytest.raises(InputError) as exc:
        list(read_rows(path))
    (problem,) = exc.value.problems
    assert problem.message.startswith(f"malformed JSON: {said}") and suggestion in (problem.suggestion or "")


def _one_row(tmp_path: Path, fmt: str, field: str, written: str) -> list[tuple[str, str, str | None]]:
    """The problems of one row whose field is written as given, in the format named (Parquet: a text cell)."""
    if fmt == "parquet":
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        path = tmp_path / "rows.parquet"
        pq.write_table(pa.table({"id": ["r1"], "parties": [["USA", "JPN"]], field: [written]}), path)
    elif fmt == "csv":
        path = Path(write(tmp_path, "rows.csv", f"id,parties,{field}\nr1,USA;JPN,{written}\n"))
    else:
        row = f'{{"id": "r1", "parties": ["USA", "JPN"], "{field}": {written}}}'
        text = {"jsonl": row + "\n", "json": f"[{row}]\n", "yaml": f"- {row}\n"}[fmt]
        path = Path(write(tmp_path, f"rows.{fmt}", text))
    (row,) = read_rows(str(path))
    return [(p.location.pointer.rsplit("/", 1)[-1], p.message, p.suggestion) for p in row.problems]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "yaml", "parquet"])
@pytest.mark.parametrize(("written", "digits"), [("1E1", "10"), ("1e1", "10"), ("1.5e2", "150"), ("0e0", "0")])
def test_a_whole_number_written_with_an_exponent_is_refused_in_every_format_with_its_digits(
    tmp_path, fmt, written, digits
):
    """JSON and YAML took working_groups: 1E1 for 10 where CSV refused it: amity does not guess, in any format."""
    assert _one_row(tmp_path, fmt, "working_groups", written) == [
        ("working_groups", f"expected a whole number in digits, got {written}", f"write {digits}")
    ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "yaml"])
def test_a_field_of_numbers_takes_an_exponent_and_a_whole_field_a_fraction_of_zeros_in_every_format(tmp_path, fmt):
    assert _one_row(tmp_path, fmt, "power_ratio", "1e1") == []
    assert _one_row(tmp_path, fmt, "working_groups", "3.0") == []  # as spreadsheets write 3
    (row,) = read_rows(str(tmp_path / f"rows.{fmt}"))
    assert row.profile["working_groups"] == 3


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "yaml"])
@pytest.mark.parametrize(
    ("field", "written", "said"),
    [
        ("working_groups", "2.5", "got 2.5"),
        ("power_ratio", "-3", "expected a value at least 1, got -3"),
        ("trade_dependence", "2.0", "expected a value at most 1, got 2.0"),
    ],
)
def test_a_number_in_a_message_is_shown_bare_in_every_format(tmp_path, fmt, field, written, said):
    """CSV quoted its numbers ('2.5'), JSON and YAML did not: a number is shown alike, bare; text is quoted."""
    ((pointer, message, _),) = _one_row(tmp_path, fmt, field, written)
    assert pointer == field and message.endswith(said) and "'" not in message
    if field == "working_groups":
        assert message.startswith("expected a whole number")  # not "an integer" in JSON and YAML


def test_text_that_is_no_number_is_still_quoted_in_a_cell_as_in_json(tmp_path):
    assert _one_row(tmp_path, "csv", "working_groups", "many")[0][1] == "expected a whole number, got 'many'"
    assert _one_row(tmp_path, "jsonl", "working_groups", '"many"')[0][1] == (
        "expected a whole number or null (unknown), got 'many'"
    )


@pytest.mark.parametrize(
    ("word", "choices", "meant"),
    [
        ("defence_commitment", ["defense_commitment", "security_dependence"], "defense_commitment"),  # a slip
        ("joint_statment", ["joint_statement", "ratified_treaty"], "joint_statement"),
        ("treaty", ["signed treaty", "ratified_treaty", "joint_statement"], "signed treaty"),  # a name with it in
        ("econ", ["education", "energy", "technology"], None),  # alike in letters, not in length: no guess
        ("interveiw", ["interview", "validate"], "interview"),
        ("Validate", ["interview", "validate"], "validate"),  # the same name in other letter case
    ],
)
def test_closest_keeps_a_slip_of_spelling_and_offers_nothing_misleading(word, choices, meant):
    """A likeness of spelling counts between words of about the same length, or with a name that holds the
    word; a short word like a long name in most of its letters gets no suggestion (`econ` is not 'education')."""
    from amity.engine.errors import closest

    assert closest(word, choices) == meant


@pytest.mark.parametrize("fmt", ["jsonl", "json", "yaml"])
def test_a_number_written_with_an_exponent_where_none_is_wanted_is_quoted_as_written(tmp_path, fmt):
    """shared_values: 1e0 said "unknown value 1.0" in JSON and YAML (CSV: '1e0'): the file is quoted, not
    the float Python made of it."""
    (problem,) = _one_row(tmp_path, fmt, "shared_values", "1e0")
    assert problem[1].startswith("unknown value 1e0; expected one of: low, mixed, high"), problem


# --------------------------------------------------------------------------- every cell's error suggests a fix

#: cells an analyst writes wrong, by the kind of field: each problem they make must carry a suggestion
SLIPS = {
    "enum": ["MOU", "x", "N/A", "Memorandum", "1", "true", "a;b", "[]", "treaty", "deep;limited", "none"],
    "ordinal": ["x", "N/A", "medium", "2", "[]", "High;Low"],
    "set": ["x", "defence", "N/A", "none", "trade;;energy", "[trade]", "trade,energy", "trade;trade", "-", "Trade"],
    "integer": ["0.3a", "-1", "2.5", "1e3", "1e400", "x", "N/A", "1,5", "1_000", "inf", "99999", "12 dialogues", "~3",
                "2-3", "\u0661\u0662", "0x10", "1e-400", "0", "-" + "1" * 5000],
    "number": ["0.3a", "-1", "1.5", "1e400", "1e-400", "x", "N/A", "6,6", "inf", "nan", "15%", "0.5", "~0.3",
               "0.3 (est.)", "1/3", "$5", "2-3", "1" * 400, "0"],
    "boolean": ["yes", "x", "N/A", "1", "maybe", "[]"],
}  # fmt: skip
PARTIES_SLIPS = ["USA", "USA;JPN;KOR", "usa;jpn", "USA;USA", "USA, JPN", "USA;;JPN", "['USA', 'JPN']", "N/A", "USA;J"]


def _slips() -> list[tuple[str, str]]:
    from amity.engine.vocabulary import fields

    cases = [("parties", cell) for cell in PARTIES_SLIPS]
    return cases + [(name, cell) for name, spec in fields().items() for cell in SLIPS.get(spec.kind, [])]


def _row_with(tmp_path: Path, field: str, cell: str):
    """The row of a CSV file whose cells are good but ``cell`` in ``field``."""
    cells = {"parties": "USA;JPN", "as_of": "2023", field: cell}
    path = tmp_path / "d.csv"
    written = ",".join(f'"{v}"' if "," in v else v for v in cells.values())
    path.write_text(f"{','.join(cells)}\n{written}\n", encoding="utf-8")
    (row,) = read_rows(str(path))
    return row


@pytest.mark.parametrize(("field", "cell"), _slips())
def test_every_problem_of_a_bad_cell_carries_a_suggestion(tmp_path, field, cell):
    """The README promises a suggestion with every error. A cell of the wrong kind or out of its field's range
    ('0.3a', 'MOU', -1 for a count) left it null; each is still its row's error, never read as a value."""
    row = _row_with(tmp_path, field, cell)
    assert [p for p in row.problems if not p.suggestion] == []


def test_the_slips_are_errors(tmp_path):
    """Nearly every cell above is an error: the check above is not passed by rows read as good."""
    good = [(f, c) for f, c in _slips() if _row_with(tmp_path, f, c).ok]
    assert len(good) < len(_slips()) / 10, good
    assert ("legal_basis", "MOU") not in good and ("trade_dependence", "0.3a") not in good


@pytest.mark.parametrize(
    ("field", "cell", "suggestion"),
    [
        # a number among stray characters is offered, with the field's range, never read
        ("trade_dependence", "0.3a", "write a number such as 0.3: a share from 0 to 1"),
        ("trade_dependence", "0.3 (est.)", "write a number such as 0.3: a share from 0 to 1"),
        ("working_groups", "12 groups", "write a whole number such as 12: a count of 0 or more"),
        ("trade_dependence", "2-3", "write a number: a share from 0 to 1"),  # two numbers: neither offered
        ("trade_dependence", "3a", "write a number: a share from 0 to 1"),  # out of the range: not offered
        ("as_of", "x", "write a whole number: a year from 1 to 9999"),
        ("power_ratio", "x", "write a number: a ratio of 1 or more"),
        ("power_ratio", "15%", "write a number: a ratio of 1 or more"),  # a percentage: not offered as 15
        ("trade_dependence", "15%", "write 0.15: a share from 0 to 1, not a percentage"),
        ("working_groups", "2.5", "write a whole number: a count of 0 or more"),
        # out of the range: the range, and how to write unknown (-1 and 9999 are data exports' words for it)
        ("ministerial_dialogues", "-1", "write a count of 0 or more; leave the cell empty if it is unknown"),
        ("as_of", "99999", "write a year from 1 to 9999; leave the cell empty if it is unknown"),
        ("trade_dependence", "-0.1", "write a share from 0 to 1; leave the cell empty if it is unknown"),
        # a common name the contract gives a value, and a value of another field (a cell in the wrong column)
        ("legal_basis", "MOU", "'MOU' is written 'memorandum' in the vocabulary"),
        ("legal_basis", "mou", "'mou' is written 'memorandum' in the vocabulary"),
        ("legal_basis", "Charter", "'Charter' is written 'joint_statement' in the vocabulary"),
        ("economic_integration", "customs union", "'customs union' is written 'deep' in the vocabulary"),
        ("economic_integration", "Free-Trade Area", "'Free-Trade Area' is written 'deep' in the vocabulary"),
        ("duration", "MOU", "'MOU' is written 'memorandum', a value of legal_basis, not of duration: "
                            "is it in the right field?"),
        ("duration", "memorandum", "'memorandum' is a value of legal_basis, not of duration: is it in the right field?"),
        ("legal_basis", "treaty", "did you mean 'ratified_treaty' or 'signed_treaty'?"),
        ("summits", "2", "write the value's name, not a number: none, irregular, annual, from least to most"),
        ("summits", "annual;irregular", "write one value: summits holds one, not a list"),
        ("summits", "x", "write one of the values listed; leave the cell empty if it is unknown"),
        ("sectors", "x", "write each item as one of the values listed"),
        ("sectors", "trade;trade", "write 'trade' once"),
        ("parties", "USA;USA", "name two different parties: a relationship is between two"),
        ("parties", "USA", "list the two parties' codes, e.g. USA;JPN"),
    ],
)  # fmt: skip
def test_a_bad_cell_gets_a_suggestion_that_fits(tmp_path, field, cell, suggestion):
    path = write(tmp_path, "d.csv", f"id,parties,{field}\na,USA;JPN,{cell}\n" if field != "parties" else
                 f"id,parties\na,{cell}\n")  # fmt: skip
    (row,) = read_rows(path)
    assert not row.ok
    assert [p.suggestion for p in row.problems if p.location.pointer.startswith(f"/{field}")] == [suggestion]


@pytest.mark.parametrize("fmt", ["jsonl", "yaml"])
def test_a_common_name_is_suggested_in_every_format_and_never_read_as_the_value(tmp_path, fmt):
    text = {
        "jsonl": '{"parties": ["USA", "JPN"], "legal_basis": "MOU", "working_groups": -1}\n',
        "yaml": "- parties: [USA, JPN]\n  legal_basis: MOU\n  working_groups: -1\n",
    }[fmt]
    (row,) = read_rows(write(tmp_path, f"d.{fmt}", text))
    assert row.profile is None
    assert [p.suggestion for p in row.problems] == [
        "'MOU' is written 'memorandum' in the vocabulary",
        "write a count of 0 or more; leave it out, or write null, if it is unknown",
    ]
