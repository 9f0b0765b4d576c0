"""An analyst's slips in a dataset, met through `amity validate` and `amity assess` as a user meets them:
each is told where it is and how to mend it, and no row is lost or made up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from amity.cli.main import main
from click.testing import CliRunner

ROW = {"id": "a-1", "parties": ["USA", "JPN"], "as_of": 2023, "declared_label": "Strategic Partnership"}


def run(*args: object, input: str | bytes | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


# --------------------------------------------------------------------------- a ',' before the end


def test_a_comma_after_the_last_row_of_a_json_list_loses_no_row_and_says_where_it_is(tmp_path: Path):
    path = tmp_path / "d.json"
    second = {**ROW, "id": "b-2", "parties": ["USA", "KOR"]}
    path.write_text(f"[\n  {json.dumps(ROW)},\n  {json.dumps(second)},\n]\n")
    result = run("validate", path, "-q")
    assert [(r["id"], r["status"]) for r in records(result.stdout)] == [("a-1", "ok"), ("b-2", "ok")]
    assert result.exit_code == 2
    assert "the rows after the break are missing" not in result.stderr
    column = len(f"  {json.dumps(second)}") + 1
    assert result.stderr.splitlines() == [
        f"error: {path}:3:{column}: malformed JSON: a ',' after the last item of the list "
        "(remove it: JSON has no ',' before ']')",
        f"amity: {path} was read to its end (2 rows, none missing), but it is malformed: mend it as the error "
        "above says",
    ]
    # the drill-down finds the row, and says the same of the file
    found = run("assess", path, "--id", "b-2", "-f", "json")
    assert json.loads(found.stdout)["id"] == "b-2" and found.exit_code == 2
    assert "none missing" in found.stderr


def test_a_comma_before_the_end_of_an_object_or_a_list_inside_a_row_is_named_at_the_comma(tmp_path: Path):
    path = tmp_path / "d.json"
    path.write_text('[{"id": "a", "parties": ["USA", "JPN"]},\n {"id": "b", "parties": ["USA", "JPN",]}]\n')
    result = run("validate", path, "-q")
    ok, broken = records(result.stdout)
    assert ok["status"] == "ok" and result.exit_code == 2
    assert [(e["line"], e["column"], e["message"], e["suggestion"]) for e in broken["errors"]] == [
        (
            2,
            38,
            "malformed JSON: a ',' after the last item of the list (reading stops here: the rest of the file is "
            "not read)",
            "remove it: JSON has no ',' before ']'",
        )
    ]


def test_a_json_lines_row_with_a_comma_before_its_end_keeps_its_id_and_says_where_the_comma_is(tmp_path: Path):
    path = tmp_path / "d.jsonl"
    line = json.dumps(ROW)
    path.write_text(
        f"{line[:-1]},}}\n"  # {..., "declared_label": "...",}
        f'{json.dumps({**ROW, "id": "b-2"}).replace(""""JPN"]""", """"JPN",]""")}\n'
        f"{json.dumps({**ROW, 'id': 'c-3'})},\n"  # a list's item pasted as a line
    )
    result = run("validate", path, "-q")
    rows = records(result.stdout)
    assert [(r["id"], r["parties"], r["status"]) for r in rows] == [
        ("a-1", ["USA", "JPN"], "error"),
        ("b-2", ["USA", "JPN"], "error"),
        ("c-3", ["USA", "JPN"], "error"),
    ]
    assert [(e["line"], e["column"], e["message"], e["suggestion"]) for r in rows for e in r["errors"]] == [
        (
            1,
            len(line),
            "malformed JSON: a ',' after the last field of the object",
            "remove it: JSON has no ',' before '}'",
        ),
        (2, 39, "malformed JSON: a ',' after the last item of the list", "remove it: JSON has no ',' before ']'"),
        (
            3,
            len(line) + 1,
            "malformed JSON: a ',' after the value",
            "remove it: JSON Lines has one value on each line, no ',' between them",
        ),
    ]
    # and the drill-down finds the row by its id, to show its problem
    found = run("assess", path, "--id", "a-1")
    assert found.exit_code == 2 and "a ',' after the last field of the object" in found.stderr


def test_a_broken_quote_after_parties_with_an_empty_item_is_a_row_with_its_problem(tmp_path: Path):
    # 'USA;' before a quote never closed was an internal error (found by the fuzz test of CSV rows)
    path = tmp_path / "d.csv"
    path.write_text('id,parties,declared_label\nx,USA;,"abc\n')
    result = run("validate", path, "-q")
    (row,) = records(result.stdout)
    assert (row["id"], row["parties"], row["status"], result.exit_code) == ("x", None, "error", 0)
    assert [e["message"] for e in row["errors"]] == ["the quote opened here is never closed"]


# --------------------------------------------------------------------------- Parquet that is not


def test_an_empty_or_cut_parquet_file_is_told_in_amitys_words(tmp_path: Path):
    import pandas as pd

    empty = tmp_path / "empty.parquet"
    empty.write_bytes(b"")
    result = run("validate", empty, "-q")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"error: {empty}: the file is empty (0 bytes), expected a Parquet file (write it again from its source, "
        "e.g. with pandas: df.to_parquet(path))\n"
    )
    assert run("assess", empty, "--row", "1").stderr == result.stderr  # the drill-down says the same
    whole = tmp_path / "whole.parquet"
    pd.DataFrame([{"id": "a", "parties": ["USA", "JPN"]}]).to_parquet(whole)
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(whole.read_bytes()[:500])
    result = run("validate", cut, "-q")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {cut}: the Parquet file is cut short after 500 bytes: it does not end with PAR1, as every "
        "Parquet file does (its footer, which says where the data is, is missing) (the file may be truncated: "
        "write it again from its source, or copy it again whole)\n"
    )
    assert run("validate", whole, "-q").exit_code == 0


# --------------------------------------------------------------------------- an id on several rows


def _dataset_with_repeated_ids(tmp_path: Path) -> Path:
    """A CSV dataset of five rows: 'a-1' on rows 1, 3 and 5 (lines 2, 4, 6), 'b-2' on row 2 only, 'c-3' on
    row 4; row 5 has an error, and its id still counts."""
    path = tmp_path / "d.csv"
    path.write_text(
        "id,parties,as_of,declared_label\n"
        "a-1,USA;JPN,2023,Strategic Partnership\n"
        "b-2,USA;KOR,2023,Strategic Partnership\n"
        "a-1,USA;JPN,2024,Strategic Partnership\n"
        "c-3,USA;IND,2023,Strategic Partnership\n"
        "a-1,USA;JPN,20x4,Strategic Partnership\n"
    )
    return path


def test_validate_lists_the_ids_on_more_than_one_row_and_keeps_every_row(tmp_path: Path):
    path = _dataset_with_repeated_ids(tmp_path)
    outputs = []
    for jobs in ("1", "2"):  # the same, however many workers
        out = tmp_path / f"r{jobs}.jsonl"
        result = run("validate", path, "-o", out, "-j", jobs, "--report", tmp_path / f"report{jobs}.md")
        assert result.exit_code == 0
        rows = records(out.read_text())
        assert [(r["row"], r["id"]) for r in rows] == [(1, "a-1"), (2, "b-2"), (3, "a-1"), (4, "c-3"), (5, "a-1")]
        report = (tmp_path / f"report{jobs}.md").read_text()
        outputs.append((result.stdout, report.replace(f"r{jobs}.jsonl", "").replace(f"report{jobs}-", "")))
    assert outputs[0] == outputs[1]
    summary, report = outputs[0]
    assert (
        "\nIds on more than one row (1 id, 3 rows); each of them is assessed, in the results under its own row "
        "number:\n  a-1                  3 rows: row 1 (line 2), row 3 (line 4), row 5 (line 6)\n"
    ) in summary
    assert "| a-1 | 3 | row 1 (line 2), row 3 (line 4), row 5 (line 6) |" in report
    assert "Ids on more than one row" not in run("validate", tmp_path / "r1.jsonl", "--input-format", "jsonl").stdout


def test_past_the_ids_a_run_keeps_the_rest_are_said_not_checked_and_memory_stays_flat(tmp_path: Path, monkeypatch):
    from amity.engine import validation

    monkeypatch.setattr(validation, "IDS_CHECKED", 3)  # a run keeps 1,048,576 ids (32 MiB)
    path = tmp_path / "d.csv"
    ids = ["a-1", "b-2", "c-3", "d-4", "a-1", "d-4", "e-5"]
    path.write_text("id,parties\n" + "".join(f"{i},USA;JPN\n" for i in ids))
    result = run("validate", path, "-o", tmp_path / "out.csv", "--report", tmp_path / "report.md")
    assert result.exit_code == 0
    # a-1 was kept, so its repeat is told; d-4 came after three others, so neither it nor e-5 is checked
    assert "Ids on more than one row (1 id, 2 rows)" in result.stdout
    assert "d-4  " not in result.stdout
    said = "Ids not checked for repeats: those of 3 rows, which came after 3 other ids"
    assert said in result.stdout and said in (tmp_path / "report.md").read_text()
    table = validation._FirstRows(4, slots=8)
    for n in range(100):
        table.setdefault(f"id-{n}", n + 1, n + 2)
    assert table.size == 4 and len(table.keys) <= 16  # it stops growing at its limit


def test_assess_by_an_id_on_several_rows_assesses_each_and_warns_with_rows_and_lines(tmp_path: Path):
    path = _dataset_with_repeated_ids(tmp_path)
    path.write_text(path.read_text().replace("20x4", "2025"))
    result = run("assess", path, "--id", "a-1", "-f", "json")
    assert result.exit_code == 0
    assert [a["as_of"] for a in json.loads(result.stdout)] == [2023, 2024, 2025]  # the dataset's order
    assert result.stderr == (
        f"warning: {path}: the id 'a-1' is on 3 rows: row 1 (line 2), row 3 (line 4), row 5 (line 6); each is "
        "assessed, in that order (to choose one: --row N, e.g. --row 1)\n"
    )
    assert run("assess", path, "--id", "b-2", "-f", "json").stderr == ""


def test_assess_honours_every_row_and_id_named_in_the_order_named(tmp_path: Path):
    path = _dataset_with_repeated_ids(tmp_path)
    rows = run("assess", path, "--row", "4", "--row", "2", "--row", "4", "-f", "jsonl")
    assert rows.exit_code == 0
    assert [json.loads(line)["id"] for line in rows.stdout.splitlines()] == ["c-3", "b-2"]
    ids = run("assess", path, "--id", "c-3", "--id", "b-2", "-f", "json")
    assert [a["id"] for a in json.loads(ids.stdout)] == ["c-3", "b-2"] and ids.stderr == ""
    missing = run("assess", path, "--row", "9", "--row", "1", "--row", "12")
    assert missing.exit_code == 2 and missing.stdout == ""
    assert missing.stderr == (
        f"error: {path}: no row 9: the dataset has 5 rows (choose a row from 1 to 5)\n"
        f"error: {path}: no row 12: the dataset has 5 rows (choose a row from 1 to 5)\n"
        "2 errors\n"
    )
    unknown = run("assess", path, "--id", "a-l", "--id", "b-2", "--id", "zz")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        f"error: {path}: no row has the id 'a-l' (did you mean 'a-1'?)\n"
        f"error: {path}: no row has the id 'zz' (check the id column)\n"
        "2 errors\n"
    )
    both = run("assess", path, "--id", "b-2", "--row", "1")
    assert both.exit_code == 2 and "choose rows by number (--row) or by id (--id), not both" in both.stderr


# --------------------------------------------------------------------------- control characters


def test_a_nul_in_a_csv_cell_makes_its_row_bad_input_located_at_the_character(tmp_path: Path):
    path = tmp_path / "d.csv"
    path.write_bytes(
        b"id,parties,as_of,declared_label\n"
        b"a-1,USA;JPN,2023,Strategic\x00 Partnership\n"
        b'c-3,USA;JPN,2023,"Str ""a"" \x01x"\n'
        b"b-2,USA;JPN,2023,Strategic Partnership\n"
    )
    for fmt in ("jsonl", "csv", "tsv"):
        result = run("validate", path, "-q", "-f", fmt)
        assert result.exit_code == 0 and "\x00" not in result.stdout and "\x01" not in result.stdout
    rows = records(run("validate", path, "-q").stdout)
    assert [(r["id"], r["status"]) for r in rows] == [("a-1", "error"), ("c-3", "error"), ("b-2", "ok")]
    assert [
        (e["line"], e["column"], e["pointer"], e["message"], e["suggestion"]) for r in rows for e in r["errors"]
    ] == [
        (
            2,
            27,
            "/declared_label",
            "a control character (U+0000) in the cell",
            "remove it: no field holds one (a NUL may come from a file saved as UTF-16, or from binary data)",
        ),
        (3, 29, "/declared_label", "a control character (U+0001) in the cell", "remove it: no field holds one"),
    ]


def test_a_control_character_escaped_in_json_is_never_written_raw_into_csv_results(tmp_path: Path):
    path = tmp_path / "d.json"
    path.write_text(
        '[{"id": "a-1", "parties": ["USA", "JPN"], "declared_label": "Strategic\\u0000 Partnership"},\n'
        ' {"id": "b\\u0000-2", "parties": ["USA", "JPN"]}]\n'
    )
    for fmt in ("csv", "tsv"):
        result = run("validate", path, "-q", "-f", fmt)
        assert "\x00" not in result.stdout
        assert "Strategic\\u0000 Partnership" in result.stdout  # as JSON writes it
        assert "'b\\u0000-2' is not of the expected form" in result.stdout  # in the errors column too


# --------------------------------------------------------------------------- whole numbers written 2023.0


def test_a_year_written_with_a_zero_fraction_in_json_or_yaml_reads_as_the_whole_year(tmp_path: Path):
    yaml_file = tmp_path / "p.yaml"
    yaml_file.write_text("id: a-1\nparties: [USA, JPN]\nas_of: 2023.0\nworking_groups: 7.0\n")
    json_list = tmp_path / "d.json"
    json_list.write_text(json.dumps([{**ROW, "as_of": 2023.0}]))
    json_lines = tmp_path / "d.jsonl"
    json_lines.write_text(json.dumps({**ROW, "as_of": 2023.0}) + "\n")
    for args in ([yaml_file], [json_list, "--row", "1"], [json_lines, "--id", "a-1"], ["-"]):
        shown = run("assess", *args, input=json_list.read_text() if args[0] == "-" else None)
        assert shown.exit_code == 0 and "as of 2023)" in shown.stdout and "2023.0" not in shown.stdout, args
        data = json.loads(run("assess", *args, "-f", "json", input=json_list.read_text()).stdout)
        assert [a["as_of"] for a in (data if isinstance(data, list) else [data])] == [2023], args
    # read so by every reader, as CSV and Parquet read it: the profile holds the whole number
    from amity.engine import read_rows
    from amity.engine.profiles import load_profiles

    (profile,), _ = load_profiles(yaml_file)
    read = [row.profile for path in (json_list, json_lines) for row in read_rows(str(path))]
    for each in (profile, *read):
        assert each is not None and type(each["as_of"]) is int, each
    assert type(profile["working_groups"]) is int
    # and a caller of the library who passes 2023.0 sees 2023
    from amity.engine import Assessor

    assert type(Assessor("core").assess({"parties": ["USA", "JPN"], "as_of": 2023.0}).as_of) is int


def test_a_lone_surrogate_a_json_escape_made_is_written_as_json_writes_it_never_a_crash(tmp_path: Path):
    import subprocess
    import sys

    import pandas as pd

    amity = str(Path(sys.executable).with_name("amity"))
    path = tmp_path / "d.jsonl"  # "\ud800" is half of a character: a string JSON reads, but no UTF-8 text
    path.write_text('{"id": "a\\ud800", "parties": ["USA", "JPN"], "declared_label": "Strategic \\udfff"}\n')
    to_stdout = subprocess.run([amity, "validate", path, "-q"], capture_output=True, text=True)
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert "internal error" not in to_stdout.stderr
    assert json.loads(to_stdout.stdout)["id"] == "a\ud800"  # written as the escape it was read from
    for suffix in ("csv", "parquet"):
        out = tmp_path / f"out.{suffix}"
        done = subprocess.run([amity, "validate", path, "-o", out, "-q"], capture_output=True, text=True)
        assert done.returncode == 0 and "internal error" not in done.stderr, done.stderr
        frame = pd.read_csv(out) if suffix == "csv" else pd.read_parquet(out)
        assert frame["id"].tolist() == ["a\\ud800"] and frame["declared_label"].tolist() == ["Strategic \\udfff"]


# --------------------------------------------------------------------------- keys as written, and what cannot be seen


def test_a_yaml_key_that_is_not_text_is_quoted_as_written_and_said_to_need_a_field_name(tmp_path: Path):
    """YAML reads `0x10:` as the number 16: the message quoted '16', which the file does not hold."""
    path = tmp_path / "d.yaml"
    path.write_text(
        "- parties: [USA, JPN]\n  0x10: 3\n  1e3: x\n  True: y\n  ~: z\n  summits: weekly\n"
        "- {parties: [USA, KOR], summits: annual}\n"
    )
    once = run("validate", path, "-q", "--jobs", "1")
    bad, good = records(once.stdout)
    assert good["status"] == "ok" and once.exit_code == 0
    said = [(e["line"], e["column"], e["pointer"], e["message"]) for e in bad["errors"]]
    need = "and a key must be a field name"
    assert said == [
        (2, 3, "/0/0x10", f"unknown field '0x10': YAML reads the key 0x10 as a number, {need}"),
        (3, 3, "/0/1e3", f"unknown field '1e3': YAML reads the key 1e3 as a number, {need}"),
        (4, 3, "/0/True", f"unknown field 'True': YAML reads the key True as true or false, {need}"),
        (5, 3, "/0/~0", f"unknown field '~': YAML reads the key ~ as null, {need}"),
        (6, 12, "/0/summits", "unknown value 'weekly'; expected one of: none, irregular, annual (or null for unknown)"),
    ]
    # the same in worker processes (the key crosses to them as written), and skipped as any unknown field is
    assert run("validate", path, "-q", "--jobs", "2").stdout == once.stdout
    skipped = records(run("validate", path, "-q", "--ignore-unknown-columns").stdout)[0]
    assert [e["pointer"] for e in skipped["errors"]] == ["/0/summits"]
    # one profile, assessed: the terminal says it alike
    one = tmp_path / "p.yaml"
    one.write_text("parties: [USA, JPN]\n0o17: 1\n")
    result = run("assess", one)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {one}:2:1: /0o17: unknown field '0o17': YAML reads the key 0o17 as a number, {need} "
        "(not one of the 27 fields the schema allows)\n"
    )


def test_a_yaml_key_that_is_a_list_hides_no_other_error_of_its_row(tmp_path: Path):
    """A key `? [a]` was told at its mapping's pointer, which took every other error of the row with it."""
    path = tmp_path / "d.yaml"
    path.write_text("- parties: [USA, JPN]\n  ? [a]\n  : b\n  0x10: 1\n  summits: weekly\n")
    (row,) = records(run("validate", path, "-q").stdout)
    assert [(e["line"], e["pointer"], e["message"]) for e in row["errors"]] == [
        (2, "/0", "a mapping key must be a name (text), not a list or a mapping"),
        (4, "/0/0x10", "unknown field '0x10': YAML reads the key 0x10 as a number, and a key must be a field name"),
        (5, "/0/summits", "unknown value 'weekly'; expected one of: none, irregular, annual (or null for unknown)"),
    ]


def test_a_pack_key_that_is_not_text_is_quoted_as_written(tmp_path: Path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: p\nversion: 1.0.0\ndescription: d\nextends: core\n0x10: 1\n")
    result = run("pack", "lint", pack)
    assert "/0x10: AP001 error: unknown key '0x10': YAML reads the key 0x10 as a number, and a key must be a name" in (
        result.stdout
    )


TAB_KEY = "unknown field 'as_of\\t' (did you mean 'as_of'? 'as_of\\t' has a tab at its end)"


def test_an_unseen_character_in_a_key_is_shown_escaped_in_every_format_and_the_suggestion_says_it(tmp_path: Path):
    """A key "as_of\\t" was shown 'as_of', with "did you mean 'as_of'?": the same, to the eye."""
    row = {"parties": ["USA", "JPN"], "as_of\t": 2020}
    files = {
        "d.yaml": '- parties: [USA, JPN]\n  "as_of\\t": 2020\n',
        "d.json": json.dumps([row]),
        "d.jsonl": json.dumps(row) + "\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        result = run("validate", tmp_path / name, "-q")
        (error,) = records(result.stdout)[0]["errors"]
        assert f"{error['message']} ({error['suggestion']})" == TAB_KEY, name
        assert error["pointer"].endswith("/as_of\t")  # the pointer is data: the key itself
        summary = run("validate", tmp_path / name, "-o", tmp_path / "out.csv")
        assert f"/as_of\\t: {TAB_KEY}" in summary.stdout + summary.stderr, name
    single = tmp_path / "p.json"
    single.write_text(json.dumps(row))
    assert run("assess", single).stderr == f"error: {single}:1:29: /as_of\\t: {TAB_KEY}\n"
    # a header of CSV is read without the spaces and tabs at the ends of its names: a zero-width space stays
    csv = tmp_path / "d.csv"
    csv.write_text("parties,as_of\u200b\nUSA;JPN,2020\n", encoding="utf-8")
    result = run("validate", csv, "-q")
    assert result.exit_code == 2
    assert (
        "column 'as_of\\u200b' is not a field of the vocabulary (did you mean 'as_of'? 'as_of\\u200b' has a zero "
        "width space at its end; rename the column)"
    ) in result.stderr


def test_an_unseen_character_in_a_parquet_column_name_is_shown_escaped(tmp_path: Path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    path = tmp_path / "d.parquet"
    pd.DataFrame({"parties": ["USA;JPN"], "as_of\t": [2020]}).to_parquet(path)
    result = run("validate", path, "-q")
    assert result.exit_code == 2
    assert (
        "column 'as_of\\t' is not a field of the vocabulary (did you mean 'as_of'? 'as_of\\t' has a tab at its end;"
        in (result.stderr)
    )


def test_an_unseen_character_in_a_value_is_shown_escaped_and_the_suggestion_says_what_differs(tmp_path: Path):
    path = tmp_path / "d.jsonl"
    row = {"parties": ["USA", "JPN"], "summits": "annual\u00a0", "legal_basis": "\tnone", "id": "a\u200bb"}
    path.write_text(json.dumps(row) + "\n")
    said = [(e["message"], e["suggestion"]) for e in records(run("validate", path, "-q").stdout)[0]["errors"]]
    assert said == [
        (
            "unknown value 'annual\\u00a0'; expected one of: none, irregular, annual (or null for unknown)",
            "did you mean 'annual'? 'annual\\u00a0' has a no-break space at its end",
        ),
        (
            "unknown value '\\tnone'; expected one of: ratified_treaty, signed_treaty, joint_statement, memorandum, "
            "none (or null for unknown)",
            "did you mean 'none'? '\\tnone' has a tab at its start",
        ),
        (
            "'a\\u200bb' is not of the expected form: a slug of letters, digits, '.', '_' and '-', beginning with a "
            "letter or a digit",
            "did you mean 'ab'? 'a\\u200bb' has a zero width space inside it",
        ),
    ]


def test_an_unknown_key_with_a_slash_is_located_at_its_line_and_its_pointer_escaped(tmp_path: Path):
    """The key's pointer was built unescaped (/a/b), found no position, and fell back to the mapping's line."""
    path = tmp_path / "p.yaml"
    path.write_text("parties: [USA, JPN]\nsummits: annual\na/b: 1\n")
    assert run("assess", path).stderr == (
        f"error: {path}:3:1: /a~1b: unknown field 'a/b' (not one of the 27 fields the schema allows)\n"
    )


# --------------------------------------------------------------------------- a line cut short


def test_a_json_lines_row_cut_short_keeps_its_id_and_is_told_what_it_lacks(tmp_path: Path):
    """A last line cut off by a copy or a writer that died said only "expected ',' or '}'" and lost its id."""
    path = tmp_path / "d.jsonl"
    whole = json.dumps({**ROW, "sectors": ["trade", "energy"]})
    cut = whole[: whole.index('"energy"') + len('"energy"')]  # ...["trade", "energy"   (no ']}')
    in_a_string = whole[: whole.index("Strategic") + 4]  # ..."declared_label": "Stra
    path.write_text(f"{whole}\n{cut}\n{in_a_string.replace('a-1', 'b-2')}")
    rows = records(run("validate", path, "-q").stdout)
    assert [(r["id"], r["parties"], r["status"]) for r in rows] == [
        ("a-1", ["USA", "JPN"], "ok"),
        ("a-1", ["USA", "JPN"], "error"),
        (None, None, "error"),  # what was cut may be its id: the row is not named from a guess
    ]
    (error,) = rows[1]["errors"]
    assert (error["line"], error["column"], error["message"], error["suggestion"]) == (
        2,
        len(cut) + 1,
        "malformed JSON: expected ',' or ']'",
        "it ends before it is closed, ']}' still to write: was it cut short?",
    )
    (error,) = rows[2]["errors"]
    assert error["message"] == "malformed JSON: a string that is never closed"
    # one profile in a file cut short says it alike
    single = tmp_path / "p.json"
    single.write_text(cut)
    result = run("assess", single)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {single}:1:{len(cut) + 1}: malformed JSON: expected ',' or ']' "
        "(it ends before it is closed, ']}' still to write: was it cut short?)\n"
    )


# --------------------------------------------------------------------------- results given back


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json", "parquet"])
def test_results_given_back_as_a_dataset_are_told_as_results_not_a_dozen_unknown_fields_a_row(tmp_path, fmt):
    """`amity validate results.jsonl` gave every row 15 errors of unknown fields ('did you mean sectors?' for
    errors), with exit 0; with --ignore-unknown-columns, the results' rows were assessed as profiles."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps(ROW) + "\n")
    results = tmp_path / f"results.{fmt}"
    assert run("validate", data, "-o", results, "-q").exit_code == 0
    for more in ([], ["--ignore-unknown-columns"]):
        result = run("validate", results, "-q", *more)
        assert result.exit_code == 2 and not result.stdout
        assert (
            "the file holds amity's results (its columns row, status, verdict, possible_levels, ...), not profiles "
            "to assess (give the dataset the results were made from)"
        ) in result.stderr
    assert run("assess", results, "--row", "1").exit_code == 2


def test_a_dataset_with_results_joined_to_it_is_still_a_dataset_whose_other_columns_may_be_ignored(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("id,parties,legal_basis\na-1,USA;JPN,joint_statement\n")
    results = tmp_path / "r.csv"
    assert run("validate", data, "-o", results, "-q").exit_code == 0
    head, row = results.read_text().splitlines()
    joined = tmp_path / "joined.csv"
    joined.write_text(f"legal_basis,{head}\njoint_statement,{row}\n")
    result = run("validate", joined, "-q", "--ignore-unknown-columns")
    assert result.exit_code == 0
    assert records(result.stdout) == records(run("validate", data, "-q").stdout)  # the same row, read the same


# --------------------------------------------------------------------------- a workbook or a compressed file


def test_a_workbook_or_a_compressed_file_is_told_for_what_it_is_with_what_to_do(tmp_path: Path):
    """An Excel workbook was told to be named .csv ('cannot tell the format'), which would not make it one; a
    gzipped CSV said 'not UTF-8 text: invalid start byte 0x8b'."""
    import gzip
    import zipfile

    workbook = tmp_path / "dyads.xlsx"
    with zipfile.ZipFile(workbook, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    packed = tmp_path / "dyads.csv"  # compressed, whatever its name says
    packed.write_bytes(gzip.compress(b"parties\nUSA;JPN\n"))
    result = run("validate", workbook, "-q")
    assert result.exit_code == 2 and not result.stdout
    assert result.stderr == (
        f"error: {workbook}:1:1: the file is a ZIP archive (as an Excel .xlsx or an OpenDocument .ods workbook "
        "is), not text (save the sheet from the spreadsheet as CSV UTF-8, or unzip the archive)\n"
    )
    gzipped = "the file is compressed with gzip, not text (decompress it first, e.g. with gunzip)"
    assert run("validate", packed, "-q").stderr == f"error: {packed}:1:1: {gzipped}\n"
    assert run("validate", "-", "-q", input=packed.read_bytes()).stderr == f"error: <stdin>:1:1: {gzipped}\n"
    profile = tmp_path / "p.yaml"
    profile.write_bytes(gzip.compress(b"parties: [USA, JPN]\n"))
    assert run("assess", profile).stderr == f"error: {profile}:1:1: {gzipped}\n"


@pytest.mark.parametrize(
    ("closers", "rows"),
    [
        ("}]", [("a-1", "ok"), (None, "error")]),  # the last object's '}' and the list's ']'
        ("]}]", [("a-1", "ok"), (None, "error")]),  # cut in the last object's list of sectors
        ("]", [("a-1", "ok"), ("b-2", "ok"), (None, "error")]),  # every item whole: only the list's ']'
    ],
)
def test_a_json_list_cut_short_is_told_what_it_lacks_as_json_lines_is(tmp_path: Path, closers, rows):
    """A JSON list (not JSON Lines) cut short said "check for a missing comma or a bracket left open"."""
    path = tmp_path / "d.json"
    second = {**ROW, "id": "b-2", "parties": ["USA", "KOR"], "sectors": ["trade", "energy"]}
    hint = f"it ends before it is closed, '{closers}' still to write: was it cut short?"
    for indent in (2, None):  # as json.dumps writes it, on many lines and on one
        whole = json.dumps([ROW, second], indent=indent)
        cut = whole[: whole.rindex('"energy"') + len('"energy"')] if closers == "]}]" else whole
        for closer in reversed(closers if closers != "]}]" else ""):
            cut = cut.rstrip().removesuffix(closer)
        path.write_text(cut + "\n")
        result = run("validate", path, "-q")
        assert result.exit_code == 2
        got = records(result.stdout)
        assert [(r["id"], r["status"]) for r in got] == rows
        (error,) = got[-1]["errors"]
        assert (error["line"], error["column"]) == (cut.count("\n") + 2, 1)  # where the file ends
        assert error["suggestion"] == hint


# --------------------------------------------------------------------------- items run together with a space

_SECTORS = (
    "defense, trade, investment, technology, energy, climate, health, culture, education, space, maritime, connectivity"
)


def _amity(*args: object) -> subprocess.CompletedProcess[str]:
    """amity run as a person runs it, from the shell: a process of its own."""
    amity = str(Path(sys.executable).with_name("amity"))
    return subprocess.run([amity, *map(str, args)], capture_output=True, text=True, timeout=120, check=False)


def _refused(path: Path, text: str) -> list[str]:
    """The lines amity assess writes of a profile written as text: refused as bad input (exit 2), nothing out."""
    path.write_text(text)
    result = _amity("assess", path)
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    return result.stderr.splitlines()


def test_set_items_run_together_with_a_space_are_told_so_with_the_list_to_write_in_the_files_own_syntax(
    tmp_path: Path,
):
    # `sectors: [trade energy]` (a flow list with spaces for commas) is one item to YAML, 'trade energy', and a
    # CSV cell 'trade energy' one item to amity (';' separates a cell's items): both were told 'unknown value
    # 'trade energy'' with no hint, where a comma, ';' or '/' between them is told to write each on its own
    # (found by a trainee); now, where every part is an item of the field, they are told so, with the list as
    # the file writes it. A part that is no item of the field is no such list: never guessed
    unknown = "unknown value '{}'; expected one of: " + _SECTORS
    together = "it looks like several {} run together; {}"
    yaml = tmp_path / "p.yaml"
    own = "write each as an item of its own: {}"
    assert _refused(
        yaml, "parties: [USA, JPN]\nsectors: [trade energy]\nsecurity_cooperation: [joint_exercises  arms_transfers]\n"
    ) == [
        f"error: {yaml}:2:11: /sectors/0: {unknown.format('trade energy')} "
        f"({together.format('sectors', own.format('[trade, energy]'))})",
        f"error: {yaml}:3:24: /security_cooperation/0: unknown value 'joint_exercises  arms_transfers'; expected "
        "one of: joint_exercises, arms_transfers, defense_industry, intelligence_sharing, basing_rights, "
        "integrated_command ("
        + together.format("forms of security cooperation", own.format("[joint_exercises, arms_transfers]"))
        + ")",
        "2 errors",
    ]
    as_json = tmp_path / "p.json"
    assert _refused(as_json, '{"parties": ["USA", "JPN"],\n "sectors": ["trade energy", "climate"]}\n') == [
        f"error: {as_json}:2:14: /sectors/0: {unknown.format('trade energy')} "
        f"({together.format('sectors', own.format(json.dumps(['trade', 'energy', 'climate'])))})"
    ]
    table = tmp_path / "d.csv"
    table.write_text("id,parties,sectors\na,USA;JPN,trade energy\nb,USA;JPN,trade;energy\nc,USA;JPN,trade enrgy\n")
    result = _amity("validate", table, "-q")
    assert result.returncode == 0, result.stderr  # the bad rows are told, and the run carries on
    a, b, c = records(result.stdout)
    assert [(e["line"], e["column"], e["pointer"], e["message"], e["suggestion"]) for e in a["errors"]] == [
        (
            2,
            11,
            "/sectors/0",
            unknown.format("trade energy"),
            together.format("sectors", "separate the items with ';': trade;energy"),
        )
    ]
    assert b["status"] == "ok"
    assert [(e["message"], e["suggestion"]) for e in c["errors"]] == [
        (unknown.format("trade enrgy"), "write each item as one of the values listed")  # no part guessed
    ]
    # nor in YAML: 'enrgy' is no sector, and what is meant is not amity's to guess
    assert _refused(yaml, "parties: [USA, JPN]\nsectors: [trade enrgy]\n") == [
        f"error: {yaml}:2:11: /sectors/0: {unknown.format('trade enrgy')} (write each item as one of the values listed)"
    ]


def test_another_items_own_suggestion_is_kept_beside_items_run_together(tmp_path: Path):
    # `sectors: ["trade, energy", defence]`: 'defence' was told 'write each as an item of its own: [trade, energy,
    # defence]', the run-together hint of the item before it, in place of its own 'did you mean 'defense'?';
    # in a CSV cell 'trade/energy;defence' too. The hint goes with the items that run several together (and the
    # list's own problems), and another item keeps its own
    unknown = "unknown value '{}'; expected one of: " + _SECTORS
    yaml = tmp_path / "p.yaml"
    assert _refused(yaml, 'parties: [USA, JPN]\nsectors: ["trade, energy", defence, climate health]\n') == [
        f"error: {yaml}:2:11: /sectors/0: {unknown.format('trade, energy')} "
        "(write each as an item of its own: [trade, energy, defence, climate, health])",
        f"error: {yaml}:2:28: /sectors/1: {unknown.format('defence')} (did you mean 'defense'?)",
        f"error: {yaml}:2:37: /sectors/2: {unknown.format('climate health')} "
        "(write each as an item of its own: [trade, energy, defence, climate, health])",
        "3 errors",
    ]
    table = tmp_path / "d.csv"
    table.write_text("id,parties,sectors\na,USA;JPN,trade/energy;defence\n")
    result = _amity("validate", table, "-q")
    assert result.returncode == 0, result.stderr
    (a,) = records(result.stdout)
    assert [(e["pointer"], e["suggestion"]) for e in a["errors"]] == [
        ("/sectors/0", "separate the items with ';': trade;energy;defence"),
        ("/sectors/1", "did you mean 'defense'?"),
    ]
