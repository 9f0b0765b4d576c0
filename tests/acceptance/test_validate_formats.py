"""`amity validate` (and `amity assess --row`) on inputs that are not what their name says, or that break
off: never a row lost with exit 0, never a guess, the fix named. Driven as a user drives the command."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from amity.cli.main import main
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]


def run(*args: object, input: str | bytes | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    """A dataset of 2,000 rows in JSON Lines, made as the analyst made it."""
    path = tmp_path / "d.jsonl"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_dataset.py"), "2000", str(path)], check=True)
    return path


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_json_lines_saved_as_json_is_refused_with_the_fix_not_read_as_one_row(jsonl, tmp_path):
    named = tmp_path / "d.json"
    named.write_bytes(jsonl.read_bytes())
    out = tmp_path / "d.csv"
    result = run("validate", named, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {named}:2:1: a second JSON value starts on line 2, after the one on line 1: one JSON value per "
        "line is JSON Lines, not JSON (name the file .jsonl, or give its format as jsonl) [--input-format]\n"
    )
    assert not out.exists()
    fixed = run("validate", named, "--input-format", "jsonl", "-o", out, "-q")
    assert fixed.exit_code == 0 and len(out.read_text().splitlines()) == 2001  # the header, and every row


def test_a_pretty_printed_json_list_saved_as_jsonl_is_one_error_not_one_per_line(jsonl, tmp_path):
    rows = records(jsonl.read_text())[:20]
    named = tmp_path / "p.jsonl"
    named.write_text(json.dumps(rows, indent=2))
    result = run("validate", named, "-q")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"error: {named}:1:1: a JSON list written over several lines: the file is JSON, not JSON Lines, which has "
        "one profile per line (name the file .json, or give its format as json) [--input-format]\n"
    )
    assert len(records(run("validate", named, "--input-format", "json", "-q").stdout)) == 20


BROKEN = "- {id: a, parties: [USA, JPN]}\n- {id: b, parties: [EU, CHN]}\n- {id: c, parties: [USA\n- {id: d}\n"


@pytest.mark.parametrize("quiet", [[], ["-q"]], ids=["summary", "quiet"])
def test_an_input_that_breaks_off_keeps_its_rows_and_says_it_was_not_read_to_its_end(tmp_path, quiet):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    out = tmp_path / "r.jsonl"
    result = run("validate", path, "-o", out, *quiet, "--fail-on", "inflated")
    assert result.exit_code == 2  # not 0: rows are missing; not 1: a short read is no verdict
    assert [r["status"] for r in records(out.read_text())] == ["ok", "ok", "error"]
    assert f"error: {path}:4:3: malformed YAML" in result.stderr
    assert result.stderr.endswith(
        f"amity: {path} was not read to its end: the results hold its first 2 rows, then the break (row 3, line 4); "
        "the rows after the break are missing\n"
    )
    whole = tmp_path / "whole.yaml"
    whole.write_text(BROKEN[: BROKEN.index("- {id: c")])
    assert run("validate", whole, "-q").exit_code == 0  # read to its end: nothing said, exit 0


def test_assess_a_row_past_the_break_says_the_rest_is_not_read(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    result = run("assess", path, "--row", "4")
    assert result.exit_code == 2
    assert f"error: {path}:4: no row 4 among the 2 rows before the break: the rest of the file is not read" in (
        result.stderr
    )
    assert "the dataset has" not in result.stderr
    by_id = run("assess", path, "--id", "d")
    assert by_id.exit_code == 2 and "no row with the id 'd' among the 2 rows before the break" in by_id.stderr
    assert run("assess", path, "--row", "2").exit_code == 0  # before the break: assessed as ever
    # an id found before the break may have more rows after it: shown, and the break said, exit 2
    found = run("assess", path, "--id", "a")
    assert found.exit_code == 2 and "Level:" in found.stdout
    assert f"amity: {path} was not read to its end: the rows with the id 'a' are from its first 2 rows" in (
        found.stderr
    )


def _semicolon_rows(tmp_path: Path) -> str:
    """The bundled dataset's first five rows with ';' between cells, as the analyst made them (tr ',' ';')."""
    lines = (ROOT / "data" / "relationships.csv").read_text(encoding="utf-8").splitlines()[:6]
    return "".join(line.replace(",", ";") + "\n" for line in lines)


def test_a_semicolon_csv_on_standard_input_is_read_as_csv_and_every_row_accounted_for(tmp_path):
    text = _semicolon_rows(tmp_path)
    out = tmp_path / "si.csv"
    result = run("validate", "-", "-o", out, "-q", input=text)
    assert result.exit_code == 0, result.output
    rows = out.read_text().splitlines()
    assert len(rows) == 6  # the header and the five rows, each with its errors
    # tr ',' ';' also split the ';'-joined parties into cells: the hint says to quote them
    assert "quote the cells that hold ';', such as parties and lists" in rows[1]
    delimited = run("validate", "-", "-o", tmp_path / "d.csv", "-q", "--delimiter", ";", input=text)
    assert delimited.exit_code == 0 and (tmp_path / "d.csv").read_text() == out.read_text()
    bare = tmp_path / "export"  # a file without an extension
    bare.write_text(text)
    assert run("validate", bare, "-q", "-o", tmp_path / "b.csv").exit_code == 0


def test_standard_input_that_is_no_dataset_is_an_error_with_the_hint_not_a_row():
    result = run("validate", "-", "-q", input="pays;annee\nx;1\n")
    assert result.exit_code == 2 and result.stdout == ""
    assert "error: <stdin>:1:1: /: expected a list of profiles or one profile (a mapping), got 'pays;annee x;1'" in (
        result.stderr
    )
    assert "if it is CSV, give its format (csv) and, unless it is ',', its delimiter) [--input-format]" in (
        result.stderr
    )


@pytest.mark.parametrize("fmt", ["jsonl", "json", "yaml"])
def test_ignore_unknown_columns_ignores_unknown_fields_of_json_and_yaml(tmp_path, fmt):
    line = '{"id": "a", "parties": ["USA", "JPN"], "note": "x"}'
    path = tmp_path / f"x.{fmt}"
    path.write_text({"jsonl": line + "\n", "json": f"[{line}]", "yaml": f"- {line}\n"}[fmt])
    (strict,) = records(run("validate", path, "-q").stdout)
    assert [e["message"] for e in strict["errors"]] == ["unknown field 'note'"]
    result = run("validate", path, "-q", "--ignore-unknown-columns")
    (record,) = records(result.stdout)
    assert result.exit_code == 0 and record["status"] == "ok" and record["errors"] == []


def test_a_european_excel_export_gets_the_number_to_write():
    text = 'id;parties;power_ratio\r\na;"USA;JPN";6,6\r\nb;USA;JPN;4\r\n'
    result = run("validate", "-", "--delimiter", ";", "--input-format", "csv", "-q", input=text)
    comma, ragged = (r["errors"] for r in records(result.stdout))
    assert [(e["line"], e["column"], e["message"], e["suggestion"]) for e in comma] == [
        (2, 13, "expected a number, got '6,6'", "write 6.6: a point before the decimals, not a comma")
    ]
    assert [e["suggestion"] for e in ragged] == [
        "quote the cells that hold ';', such as parties and lists: \"USA;JPN\""
    ]


@pytest.mark.parametrize(
    ("name", "text", "pointer"),
    [
        ("d.json", '[{"id": "a", "parties": ["USA", "JPN"], "power_ratio": "6,6"}]', "/0/power_ratio"),
        ("d.jsonl", '{"id": "a", "parties": ["USA", "JPN"], "power_ratio": "6,6"}\n', "/power_ratio"),
        # unquoted, YAML reads it as text too
        ("d.yaml", "- id: a\n  parties: [USA, JPN]\n  power_ratio: 6,6\n", "/0/power_ratio"),
    ],
)
def test_a_decimal_comma_in_json_or_yaml_text_gets_the_number_to_write_as_in_csv(tmp_path, name, text, pointer):
    path = tmp_path / name
    path.write_text(text)
    ((error,),) = (r["errors"] for r in records(run("validate", path, "-q").stdout))
    assert (error["pointer"], error["message"], error["suggestion"]) == (
        pointer,
        "expected a number or null (unknown), got '6,6'",
        "write 6.6: a point before the decimals, not a comma",
    )


def test_a_ragged_row_is_one_located_problem_and_no_shifted_cell_names_it(tmp_path):
    # a comma left unquoted in parties: every cell after it is one column to the right (the id reads 'IND',
    # the label 'x'); a row one cell short: its label would be read from power_ratio's cell
    path = tmp_path / "r.csv"
    path.write_text(
        "parties,id,declared_label,power_ratio\n"
        "USA,IND,x,Strategic Partnership,6\n"
        "USA;IND,y,4\n"
        '"USA;IND",z,Strategic Partnership,6\n'
    )
    result = run("validate", path, "-f", "csv")
    shifted, short, ok = csv.DictReader(io.StringIO(result.stdout))
    for row, got in ((shifted, 5), (short, 3)):
        assert (row["id"], row["parties"], row["declared_label"]) == ("", "", "")
        assert row["errors"] == (
            f"{path}:{row['line']}: expected 4 cells as in the header, got {got} "
            "(check the quoting of cells that hold ',')"
        )
    assert (ok["id"], ok["status"]) == ("z", "ok")
    # the summary: by row and line only, no case
    assert "  row 1, line 2:\n    expected 4 cells as in the header, got 5" in result.stderr


def test_a_missing_party_is_located_at_its_empty_cell(tmp_path):
    path = tmp_path / "errs.csv"
    path.write_text(
        "id,parties,legal_basis,declared_label\n"
        "ok-1,USA;JPN,ratified_treaty,\nok-2,USA;KOR,ratified_treaty,\nok-3,EU;CHN,none,\n"
        "bad-3,,joint_statement,Strategic Partnership\n"
    )
    result = run("validate", path, "-q", "-f", "csv")
    assert f"{path}:5:7: /: missing required field 'parties': its cell is empty" in result.stdout


TOO_LONG = "1" + "0" * 5000  # more digits than Python reads into an int (4,300)
TOO_LONG_SHOWN = TOO_LONG[:57] + "... (5,001 digits)"


def csv_records(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_number_of_more_digits_than_python_reads_in_a_json_list_is_its_rows_error_not_a_break(tmp_path):
    """Found by a regression trial: the row was a break at its start, and the rows after it were lost."""
    path = tmp_path / "f3.json"
    path.write_text(
        '[{"id":"z","parties":["USA","JPN"]},\n'
        f'{{"id":"a","parties":["USA","JPN"],"power_ratio":{TOO_LONG}}},\n'
        '{"id":"b","parties":["USA","JPN"]}]'
    )
    result = run("validate", path, "-f", "csv", "--quiet")
    assert result.exit_code == 0 and result.stderr == ""
    got = [(r["row"], r["line"], r["id"], r["parties"], r["status"], r["errors"]) for r in csv_records(result.stdout)]
    assert got == [
        ("1", "1", "z", "USA;JPN", "ok", ""),
        ("2", "2", "a", "USA;JPN", "error", f"{path}:2:49: /1/power_ratio: a number too large to read: "
         f"{TOO_LONG_SHOWN} (amity reads numbers of up to 1.8e+308)"),
        ("3", "3", "b", "USA;JPN", "ok", ""),
    ]  # fmt: skip


def test_a_json_list_whose_first_row_has_a_number_of_too_many_digits_is_read(tmp_path):
    """Found by a regression trial: the whole file was unreadable at 1:2."""
    path = tmp_path / "f2.json"
    path.write_text(
        f'[{{"id":"a","parties":["USA","JPN"],"power_ratio":{TOO_LONG}}},{{"id":"b","parties":["USA","JPN"]}}]'
    )
    result = run("validate", path, "-f", "csv", "--quiet")
    assert result.exit_code == 0
    assert [(r["id"], r["status"]) for r in csv_records(result.stdout)] == [("a", "error"), ("b", "ok")]
    assessed = run("assess", path)  # said alike by assess, which reads the file whole
    assert assessed.exit_code == 2
    assert f"{path}:1:50: /0/power_ratio: a number too large to read: {TOO_LONG_SHOWN}" in assessed.stderr


def test_a_jsonl_row_with_a_number_of_too_many_digits_keeps_its_id_parties_and_pointer(tmp_path):
    path = tmp_path / "i.jsonl"
    path.write_text(f'{{"id":"a","parties":["USA","JPN"],"ministerial_dialogues":{TOO_LONG}}}\n')
    (record,) = records(run("validate", path, "--quiet").stdout)
    assert (record["id"], record["parties"], record["status"]) == ("a", ["USA", "JPN"], "error")
    (error,) = record["errors"]
    assert (error["line"], error["column"], error["pointer"]) == (1, 59, "/ministerial_dialogues")
    assert error["message"] == f"a number too large to read: {TOO_LONG_SHOWN}"
    assert error["suggestion"] == "amity reads numbers of up to 4,300 digits"  # a field of whole numbers


def test_a_jsonl_row_with_a_byte_that_is_not_utf8_is_named_by_its_id_and_parties(tmp_path):
    """Found by a regression trial: the error row had no id or parties to find it by, where CSV's has."""
    path = tmp_path / "lat.jsonl"
    path.write_bytes(
        b'{"id":"r1","parties":["FRA","DEU"],"declared_label":"Partenariat strat\xe9gique"}\n'
        b'{"id":"r2","parties":["USA","JPN"]}\n'
    )
    result = run("validate", path, "-f", "csv", "--quiet")
    assert result.exit_code == 0
    got = [(r["id"], r["parties"], r["status"], r["declared_label"], r["errors"]) for r in csv_records(result.stdout)]
    assert got == [
        ("r1", "FRA;DEU", "error", "", f"{path}:1:71: not UTF-8 text: invalid continuation byte 0xe9 at byte "
         "offset 70 (save the file as UTF-8)"),
        ("r2", "USA;JPN", "ok", "", ""),
    ]  # fmt: skip


def test_a_missing_value_marker_in_a_csv_cell_is_told_to_be_left_empty_never_to_be_written_none(tmp_path):
    # R's write.csv writes NA for a missing value, a database export NULL: each is refused (amity never
    # guesses), with the way a CSV writes unknown (an empty cell). The enum message said '(or null for
    # unknown)', and null was then refused in the same words; a set's 'NA' was told to be [], which turns
    # an unknown into 'none of them' (found by a trial)
    path = tmp_path / "r-export.csv"
    path.write_text(
        "id,parties,summits,permanent_bodies,power_ratio,working_groups,sectors\n"
        "a,USA;JPN,NA,NA,NA,NA,NA\n"
        "b,USA;JPN,null,NULL,null,null,null\n"
        "c,USA;JPN,anual,yes,,,trade;none\n"
    )
    result = run("validate", path, "-q")
    assert result.exit_code == 0
    told = [[(e["pointer"], e["message"], e["suggestion"]) for e in r["errors"]] for r in records(result.stdout)]
    empty = "leave the cell empty if it is unknown"
    levels = "unknown value '{}'; expected one of: none, irregular, annual (or an empty cell for unknown)"
    sectors = (
        "unknown value '{}'; expected one of: defense, trade, investment, technology, energy, climate, health, "
        "culture, education, space, maritime, connectivity"
    )
    assert told[0] == [
        ("/summits", levels.format("NA"), empty),
        ("/permanent_bodies", "expected true or false, got 'NA'", empty),
        ("/power_ratio", "expected a number, got 'NA'", empty),
        ("/working_groups", "expected a whole number, got 'NA'", empty),
        ("/sectors/0", sectors.format("NA"), f"{empty}; for none of them, write []"),
    ]
    assert [t[2] for t in told[1]] == [empty, empty, empty, empty, f"{empty}; for none of them, write []"]
    assert told[2] == [
        ("/summits", levels.format("anual"), "did you mean 'annual'?"),
        ("/permanent_bodies", "expected true or false, got 'yes'", "did you mean 'true'?"),
        ("/sectors/1", sectors.format("none"), "for none of them, write []"),
    ]


def test_a_missing_value_marker_in_json_or_yaml_is_told_to_be_null_or_left_out(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"id": "a", "parties": ["USA", "JPN"], "summits": "null", "power_ratio": "NA", "sectors": ["N/A"]}\n'
    )
    ((row,),) = [[r["errors"]] for r in records(run("validate", path, "-q").stdout)]
    unknown = "leave it out, or write null, if it is unknown"
    assert [(e["pointer"], e["suggestion"]) for e in row] == [
        ("/summits", unknown),
        ("/power_ratio", unknown),
        ("/sectors/0", "leave the list out if they are unknown; for none of them, write []"),
    ]
    assert row[0]["message"].endswith("annual (or null for unknown)")


def test_an_empty_text_in_json_or_yaml_is_told_how_unknown_is_written_there(tmp_path):
    # '' is how a CSV cell writes unknown; in JSON and YAML it is text, refused with no word of how to write
    # unknown there ('write true or false' for a boolean, nothing for a number or a label)
    path = tmp_path / "d.yaml"
    path.write_text(
        "- {id: a, parties: [USA, JPN], summits: '', permanent_bodies: '', power_ratio: '', declared_label: '',"
        " sectors: ['']}\n"
    )
    ((row,),) = [[r["errors"]] for r in records(run("validate", path, "-q").stdout)]
    unknown = "leave it out, or write null, if it is unknown"
    assert [(e["pointer"], e["suggestion"]) for e in row] == [
        ("/0/summits", unknown),
        ("/0/permanent_bodies", unknown),
        ("/0/power_ratio", unknown),
        ("/0/declared_label", unknown),
        ("/0/sectors/0", "leave the list out if they are unknown; for none of them, write []"),
    ]


def test_a_missing_value_marker_in_a_parquet_cell_is_told_to_be_an_empty_cell_not_null_text(tmp_path):
    # Parquet was told JSON's way ('leave it out, or write null'): a table's row cannot leave a cell out, and
    # the text 'null' is what it holds already; unknown there is a missing (null) cell, or an empty one
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    path = tmp_path / "d.parquet"
    pd.DataFrame(
        {
            "parties": ["USA;JPN"],
            "summits": ["null"],
            "permanent_bodies": ["NA"],
            "working_groups": ["n/a"],
            "sectors": ["unknown"],
        }
    ).to_parquet(path)
    ((row,),) = [[r["errors"]] for r in records(run("validate", path, "-q").stdout)]
    empty = "leave the cell empty if it is unknown"
    assert [(e["pointer"], e["suggestion"]) for e in row] == [
        ("/0/sectors/0", f"{empty}; for none of them, write []"),
        ("/0/summits", empty),
        ("/0/working_groups", empty),
        ("/0/permanent_bodies", empty),
    ]
    assert row[1]["message"].endswith("annual (or an empty cell for unknown)")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("name", ["d.jsonl", "d.csv", "d.json", "d.yaml"])
def test_a_dataset_saved_as_utf16_is_refused_as_a_whole_with_the_fix_not_read_as_rows_of_noise(
    tmp_path, name, encoding
):
    # Windows PowerShell's '>' writes UTF-16 with a byte-order mark. Read as UTF-8, a JSON Lines file of 3
    # profiles gave 4 error rows, 3 of them 'malformed JSON' (every line but the first starts with a NUL),
    # with exit 0; without the mark a CSV header read 'column 'id' is not a field (did you mean 'id'?)'
    # and a YAML list 'a control character (U+0000)' (found by a trial)
    profiles = [{"id": f"r{i}", "parties": ["USA", "JPN"]} for i in range(3)]
    text = {
        "d.jsonl": "".join(json.dumps(p) + "\n" for p in profiles),
        "d.csv": "id,parties\n" + "".join(f"{p['id']},USA;JPN\n" for p in profiles),
        "d.json": json.dumps(profiles),
        "d.yaml": "".join(f"- id: {p['id']}\n  parties: [USA, JPN]\n" for p in profiles),
    }[name]
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    wide = "UTF-32" if encoding == "utf-32" else "UTF-16"
    expected = f"error: {path}:1:1: not UTF-8 text: the file looks like {wide} (save it as UTF-8)\n"
    result = run("validate", path, "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
    assessed = run("assess", path, "--row", 1)
    assert (assessed.exit_code, assessed.stderr) == (2, expected)
    path.write_bytes(text.encode("utf-8"))  # saved as UTF-8, as it says: every row is read
    assert len(records(run("validate", path, "-q").stdout)) == 3


def test_a_csv_list_cell_written_with_commas_or_slashes_is_told_to_use_semicolons(tmp_path):
    # 'USA, JPN' in a quoted cell (as a spreadsheet user writes a list) was 'expected exactly 2 party codes,
    # got 1' and 'not of the expected form: a party code' with the ISO hint; 'trade, energy' had no hint at
    # all (found by a trial)
    path = tmp_path / "lists.csv"
    path.write_text(
        "id,parties,sectors,security_cooperation\n"
        'a,"USA, JPN","trade, energy",joint_exercises/arms_transfers\n'
        "b,USA/JPN,trade|bogus,\n"
    )
    a, b = (r["errors"] for r in records(run("validate", path, "-q").stdout))
    assert [(e["pointer"], e["suggestion"]) for e in a] == [
        ("/parties", "separate the items with ';': USA;JPN"),
        ("/parties/0", "separate the items with ';': USA;JPN"),
        ("/sectors/0", "separate the items with ';': trade;energy"),
        ("/security_cooperation/0", "separate the items with ';': joint_exercises;arms_transfers"),
    ]
    assert [(e["pointer"], e["suggestion"]) for e in b] == [
        ("/parties", "separate the items with ';': USA;JPN"),
        ("/parties/0", "separate the items with ';': USA;JPN"),
        ("/sectors/0", "separate the items with ';': trade;bogus"),
    ]


def test_a_json_or_yaml_list_item_that_runs_items_together_is_told_to_write_each_of_its_own(tmp_path):
    # ["USA, JPN"] and ["trade, energy"] in JSON, [USA JPN] in YAML: the CSV cell 'USA, JPN' is told to join the
    # items with ';', but these got the ISO hint for parties and no hint at all for a set (found by a trial);
    # and "[\"USA\", \"JPN\"]", a list in quotes, was told to 'write it as a list: ["USA", "JPN"]', the very
    # text it holds, without saying that the quotes around it are what to remove
    (jsonl := tmp_path / "rows.jsonl").write_text(
        '{"id": "a", "parties": ["USA, JPN"], "sectors": ["trade, energy"], "security_cooperation": '
        '["joint_exercises; arms_transfers"]}\n'
        '{"id": "b", "parties": "[\\"USA\\", \\"JPN\\"]", "sectors": "[\\"trade\\"]"}\n',
        encoding="utf-8",
    )
    a, b = (r["errors"] for r in records(run("validate", jsonl, "-q").stdout))
    own = 'write each as an item of its own: ["{}", "{}"]'
    assert [(e["pointer"], e["suggestion"]) for e in a] == [
        ("/parties", own.format("USA", "JPN")),
        ("/parties/0", own.format("USA", "JPN")),
        ("/sectors/0", own.format("trade", "energy")),
        ("/security_cooperation/0", own.format("joint_exercises", "arms_transfers")),
    ]
    assert [(e["pointer"], e["suggestion"]) for e in b] == [
        ("/parties", 'write it as a list, not as text in quotes: ["USA", "JPN"]'),
        ("/sectors", 'write it as a list, not as text in quotes: ["trade"]'),
    ]
    (listed := tmp_path / "rows.yaml").write_text("- {id: c, parties: [USA JPN], sectors: [trade/energy]}\n")
    (c,) = (r["errors"] for r in records(run("validate", listed, "-q").stdout))
    assert [(e["pointer"], e["suggestion"]) for e in c] == [
        ("/0/parties", "write each as an item of its own: [USA, JPN]"),
        ("/0/parties/0", "write each as an item of its own: [USA, JPN]"),
        ("/0/sectors/0", "write each as an item of its own: [trade, energy]"),
    ]
    (one := tmp_path / "one.yaml").write_text("parties: [USA, JPN]\nsectors: [trade; energy]\n")
    result = run("assess", one)
    assert result.exit_code == 2
    assert "/sectors/0: unknown value 'trade; energy'" in result.stderr
    assert result.stderr.rstrip().endswith("(write each as an item of its own: [trade, energy])")
    # 'N/A' is a word for a missing value, not two items 'N' and 'A' (a CSV cell was told to write 'N;A')
    (cells := tmp_path / "na.csv").write_text("id,parties,sectors\nd,USA;JPN,N/A\n", encoding="utf-8")
    (d,) = (r["errors"] for r in records(run("validate", cells, "-q").stdout))
    assert [e["suggestion"] for e in d] == ["leave the cell empty if it is unknown; for none of them, write []"]


@pytest.mark.parametrize(
    ("name", "args", "said"),
    [
        # CSV named .jsonl: 83 rows of 'malformed JSON' and exit 0
        ("d.jsonl", [], "the file is CSV, not JSON Lines (name the file .csv, or give its format as csv)"),
        (
            "d.csv",
            ["--input-format", "jsonl"],
            "the file is CSV, not JSON Lines (name the file .csv, or give its format as csv)",
        ),
    ],
)
def test_a_csv_file_read_as_json_lines_is_refused_with_the_fix_not_read_as_a_row_of_noise_per_line(
    tmp_path, name, args, said
):
    path = tmp_path / name
    path.write_text((ROOT / "data" / "relationships.csv").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("validate", path, *args, "-q")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {path}:1:1: the first line is a header of column names (id, parties, as_of, ...): {said} "
        "[--input-format]\n"
    )


def test_json_lines_named_csv_is_refused_with_the_fix_not_as_a_header_of_unknown_columns(jsonl, tmp_path):
    # each JSON key was 'column '"parties": ["CHN"' is not a field of the vocabulary', 22 errors
    named = tmp_path / "d.csv"
    named.write_bytes(jsonl.read_bytes())
    result = run("validate", named, "-q")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {named}:1:1: the first line is a JSON object, not a header of column names: the file is JSON "
        "Lines, not CSV (name the file .jsonl, or give its format as jsonl) [--input-format]\n"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- id: a\n  parties: [USA, JPN]\n", 1),
        ("# profiles\n---\n- id: a\n  parties: [USA, JPN]\n", 1),
        ("\n\nid: a\nparties: [USA, JPN]\n", 3),
    ],
    ids=["list", "comment", "mapping"],
)
def test_yaml_named_json_is_refused_with_the_fix(tmp_path, text, line):
    # it was 'malformed JSON: expected a value (a value is text in double quotes, a number, ...)' at 1:1, with
    # no word of YAML (found by a trial)
    path = tmp_path / "d.json"
    path.write_text(text)
    result = run("validate", path, "-q")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {path}:{line}:1: the file looks like YAML, not JSON (name the file .yaml, or give its format as "
        "yaml) [--input-format]\n"
    )
    assert run("validate", path, "-q", "--input-format", "yaml").exit_code == 0


def test_a_header_column_without_a_name_is_said_so_not_called_column_empty_quotes(tmp_path):
    # a spreadsheet's export with a ',' at the end of each line: "column '' is not a field of the vocabulary"
    # (found by a trial)
    path = tmp_path / "export.csv"
    path.write_text("id,parties,\na,USA;JPN,\n")
    result = run("validate", path, "-q")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {path}:1:12: column 3 has no name (remove the empty column: a ',' at the end of each line makes "
        "one; or ignore the columns that are not fields) [--ignore-unknown-columns]\n"
    )
    assert run("validate", path, "-q", "--ignore-unknown-columns").exit_code == 0


ONE_CHARACTER = "e.g. --delimiter ';', or --delimiter tab for a tab"


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ('"', "a quote cannot separate cells: it encloses a cell that holds the delimiter"),
        ("\n", "a line end cannot separate cells: it ends a row"),
        (";;", "expected one character"),
    ],
)
def test_a_delimiter_that_cannot_be_one_is_told_why(tmp_path, given, said):
    # '"' was refused as 'expected one character', which it is (found by a trial)
    path = tmp_path / "d.csv"
    path.write_text("id,parties\na,USA;JPN\n")
    result = run("validate", path, "--delimiter", given, "-q")
    assert result.exit_code == 2 and result.stderr == f"error: --delimiter {given!r}: {said} ({ONE_CHARACTER})\n"


def test_a_control_character_in_a_json_string_is_named_as_it_is(tmp_path):
    # a NUL (or an ESC, pasted with a terminal's colours) was 'a control character (a tab or a line break)'
    # (found by a trial)
    path = tmp_path / "d.jsonl"
    path.write_bytes(
        b'{"id": "a", "parties": ["USA", "JPN"], "declared_label": "Strategic\x00Partnership"}\n'
        b'{"id": "b", "parties": ["USA", "JPN"], "declared_label": "Strategic\tPartnership"}\n'
    )
    nul, tab = (r["errors"] for r in records(run("validate", path, "-q").stdout))
    assert [(e["column"], e["message"], e["suggestion"]) for e in nul] == [
        (
            68,
            "malformed JSON: a control character (U+0000) inside a string",
            "remove it, or write it as an escape (\\u0000)",
        )
    ]
    assert [e["message"] for e in tab] == [
        "malformed JSON: a control character (a tab or a line break) inside a string"
    ]


def test_a_parties_cell_with_an_empty_item_is_told_so_as_a_set_is(tmp_path):
    # 'USA;JPN;' was 'expected exactly 2 party codes, got 3' and "'' is not of the expected form: a party code"
    # (with the ISO hint), where 'trade;' in sectors is 'an empty item in a ';'-joined list' (found by a trial)
    path = tmp_path / "d.csv"
    path.write_text("id,parties,sectors\na,USA;JPN;,trade;\n")
    ((row,),) = [[r["errors"]] for r in records(run("validate", path, "-q").stdout)]
    assert [(e["pointer"], e["message"], e["suggestion"]) for e in row] == [
        ("/parties", "an empty item in a ';'-joined list", "write the two parties as USA;JPN"),
        ("/sectors", "an empty item in a ';'-joined list", "write items as a;b;c, or [] for none"),
    ]


def test_a_share_written_as_a_percentage_and_a_ratio_written_upside_down_get_the_number_to_write(tmp_path):
    # trade dependence is a share from 0 to 1 and the power ratio the stronger party's over the weaker's: '15%',
    # 15 and 0.5 were refused with no suggestion (found by a trial)
    path = tmp_path / "d.csv"
    path.write_text("id,parties,trade_dependence,power_ratio\na,USA;JPN,15%,0.5\nb,USA;JPN,15,4\n")
    a, b = (
        [(e["pointer"], e["message"], e["suggestion"]) for e in r["errors"]]
        for r in records(run("validate", path, "-q").stdout)
    )
    assert a == [
        ("/trade_dependence", "expected a number, got '15%'", "write 0.15: a share from 0 to 1, not a percentage"),
        ("/power_ratio", "expected a value at least 1, got 0.5", "the stronger party's over the weaker's: write 2"),
    ]
    assert b == [
        ("/trade_dependence", "expected a value at most 1, got 15", "write 0.15: a share from 0 to 1, not a percentage")
    ]
    json_path = tmp_path / "d.jsonl"
    json_path.write_text('{"id": "c", "parties": ["USA", "JPN"], "trade_dependence": "15%", "power_ratio": 0.25}\n')
    (c,) = (
        [(e["pointer"], e["suggestion"]) for e in r["errors"]] for r in records(run("validate", json_path, "-q").stdout)
    )
    assert c == [
        ("/trade_dependence", "write 0.15: a share from 0 to 1, not a percentage"),
        ("/power_ratio", "the stronger party's over the weaker's: write 4"),
    ]


def test_a_json_table_by_columns_as_pandas_writes_by_default_is_refused_with_the_fix(tmp_path):
    # DataFrame.to_json's default shape ({"id": {"0": ...}, "parties": {"0": [...]}}) was read as one row with
    # an error for each column, "unknown value a mapping; expected one of: ..." (found by a trial)
    import pandas as pd

    path = tmp_path / "d.json"
    pd.DataFrame([{"id": "a", "parties": ["USA", "JPN"]}, {"id": "b", "parties": ["USA", "KOR"]}]).to_json(path)
    result = run("validate", path, "-q")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f'error: {path}:1:1: /: a table by columns ({{"id": {{"0": ...}}, ...}}: pandas\' to_json writes one by '
        'default), not a list of profiles (write it with to_json(path, orient="records"), or with '
        'orient="records", lines=True as JSON Lines)\n'
    )
    assessed = run("assess", path)  # a file of profiles, read whole: the same
    assert (assessed.exit_code, assessed.stderr) == (2, result.stderr)


def test_profiles_wrapped_in_an_object_are_told_to_be_the_list_itself(tmp_path):
    # {"data": [...]} was one row: "missing required field 'parties'" and "unknown field 'data'" (found by a trial)
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"data": [{"id": "a", "parties": ["USA", "JPN"]}]}))
    result = run("validate", path, "-q")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {path}:1:1: /: the profiles are a list under 'data', not the file's value (make the list itself the "
        "file's value: [{...}, {...}])\n"
    )
    assessed = run("assess", path)  # a file of profiles, read whole: the same
    assert (assessed.exit_code, assessed.stderr) == (2, result.stderr)


def test_a_list_or_mapping_where_one_value_belongs_is_said_as_got_not_as_an_unknown_value(tmp_path):
    # it was "unknown value a mapping; expected one of: none, irregular, annual" (found by a trial)
    path = tmp_path / "d.jsonl"
    path.write_text('{"id": "a", "parties": ["USA", "JPN"], "summits": {"every": "year"}, "legal_basis": ["none"]}\n')
    ((row,),) = [[r["errors"]] for r in records(run("validate", path, "-q").stdout)]
    assert [e["message"] for e in row] == [
        "expected one of: none, irregular, annual (or null for unknown), got a mapping",
        "expected one of: ratified_treaty, signed_treaty, joint_statement, memorandum, none (or null for unknown), "
        "got a list",
    ]


@pytest.mark.parametrize("name", ["d.csv", "d.jsonl", "d.json"])
def test_a_parquet_file_under_another_name_is_told_it_is_parquet(tmp_path, name):
    # a Parquet file named .csv was 'not UTF-8 text: invalid start byte ... (save the file as UTF-8)'
    # (found by a trial)
    import pandas as pd

    path = tmp_path / name
    pd.DataFrame([{"id": "a", "parties": ["USA", "JPN"]}]).to_parquet(path)
    result = run("validate", path, "-q")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {path}:1:1: the file is Parquet (its first bytes are PAR1), not "
        f"{ {'d.csv': 'CSV', 'd.jsonl': 'JSON Lines', 'd.json': 'JSON'}[name] } "
        "(name the file .parquet, or give its format as parquet) [--input-format]\n"
    )
    assert len(records(run("validate", path, "-q", "--input-format", "parquet").stdout)) == 1


def test_a_number_where_text_belongs_is_told_to_be_quoted(tmp_path):
    # YAML reads an id of digits (2023) or a label such as 2.0 as a number: 'expected a string, got 2023', with
    # no suggestion (found by a trial)
    path = tmp_path / "d.yaml"
    path.write_text("- id: 2023\n  parties: [USA, JPN]\n  declared_label: 2.0\n")
    ((row,),) = [[r["errors"]] for r in records(run("validate", path, "-q").stdout)]
    assert [(e["pointer"], e["message"], e["suggestion"]) for e in row] == [
        ("/0/id", "expected a string, got 2023", "write it in quotes: '2023'"),
        ("/0/declared_label", "expected a string or null (unknown), got 2.0", "write it in quotes: '2.0'"),
    ]


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["plain", "byte-order-mark"])
def test_a_header_repeated_inside_a_csv_is_one_error_that_says_so(tmp_path, bom):
    # two yearly files joined with cat: the second header was a row with an error per cell ('parties' is not
    # of the expected form (did you mean 'PARTIES'?), unknown value 'legal_basis', ...) (found by a trial)
    path = tmp_path / "joined.csv"
    part = f"{bom}id,parties,legal_basis\na,USA;JPN,none\n"
    path.write_text(part + part, encoding="utf-8")
    rows = records(run("validate", path, "-q").stdout)
    assert [r["status"] for r in rows] == ["ok", "error", "ok"]
    assert [(e["line"], e["column"], e["message"], e["suggestion"]) for e in rows[1]["errors"]] == [
        (
            3,
            1,
            "this line repeats the header: it is no row (were two files joined?)",
            "remove it, or join the files without the header of each but the first",
        )
    ]


def test_json_lines_with_commas_between_lines_or_python_quotes_get_the_fix(tmp_path):
    # a ',' after each object (a JSON list's items pasted as lines) was 'extra data after the value', and a
    # Python dict printed with str() 'expected a string key in double quotes', neither with a suggestion
    # (found by a trial)
    path = tmp_path / "d.jsonl"
    path.write_text("{\"id\": \"a\", \"parties\": [\"USA\", \"JPN\"]},\n{'id': 'b', 'parties': ['USA', 'JPN']}\n")
    comma, quotes = (r["errors"] for r in records(run("validate", path, "-q").stdout))
    assert [(e["column"], e["message"], e["suggestion"]) for e in comma] == [
        (
            39,
            "malformed JSON: a ',' after the value",
            "remove it: JSON Lines has one value on each line, no ',' between them",
        )
    ]
    assert [(e["column"], e["message"], e["suggestion"]) for e in quotes] == [
        (
            2,
            "malformed JSON: expected a string key in double quotes",
            "JSON quotes text with \", not ' (a Python dict printed with str() is not JSON: write it with json.dumps)",
        )
    ]


def test_a_comma_after_the_last_item_of_a_json_list_is_named(tmp_path):
    # '[{...},\n]' was 'expected a value' at the ']', with the suggestion of what a value is (found by a trial);
    # then a break row after the last row, and 'the rows after the break are missing' where none was
    path = tmp_path / "d.json"
    path.write_text('[{"id": "a", "parties": ["USA", "JPN"]},\n]\n')
    result = run("validate", path, "-q")
    assert [r["status"] for r in records(result.stdout)] == ["ok"]  # every row, and no row that is none
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:1:40: malformed JSON: a ',' after the last item of the list (remove it: JSON has no ',' "
        "before ']')\n"
        f"amity: {path} was read to its end (1 row, none missing), but it is malformed: mend it as the error "
        "above says\n"
    )


def test_a_parquet_row_without_its_parties_is_told_of_its_empty_cell_as_a_csv_row_is(tmp_path):
    # Parquet said JSON's 'add parties: The two parties: ISO 3166-1 ...', as if the row were a mapping to
    # add a key to; the table has the column, and the row's cell is empty
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    path = tmp_path / "d.parquet"
    pd.DataFrame({"id": ["a", "b"], "parties": ["USA;JPN", None]}).to_parquet(path)
    csv_path = tmp_path / "d.csv"
    csv_path.write_text("id,parties\na,USA;JPN\nb,\n")
    told = {}
    for each in (path, csv_path):
        ok, bad = records(run("validate", each, "-q").stdout)
        assert ok["status"] == "ok" and bad["id"] == "b"
        ((told[each.suffix],),) = [[(e["message"], e["suggestion"]) for e in bad["errors"]]]
    assert (
        told[".parquet"]
        == told[".csv"]
        == (
            "missing required field 'parties': its cell is empty",
            "every row needs its two parties, e.g. USA;JPN",
        )
    )


def test_a_misspelt_field_in_the_header_is_not_offered_to_be_ignored(tmp_path):
    """'legal_bassis' was told 'did you mean 'legal_basis'?; or ignore the columns that are not fields'
    [--ignore-unknown-columns]: taking the second advice ran, and lost the legal basis of every row, unsaid (a
    new user's trial). A column a field's name was meant for is to be renamed; one that names no field may still
    be ignored."""
    path = tmp_path / "d.csv"
    path.write_text("id,parties,legal_bassis,notes\na,USA;JPN,ratified_treaty,x\n")
    result = run("validate", path, "-q")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {path}:1:12: column 'legal_bassis' is not a field of the vocabulary "
        "(did you mean 'legal_basis'?; rename the column)\n"
        f"error: {path}:1:25: column 'notes' is not a field of the vocabulary "
        "(or ignore the columns that are not fields) [--ignore-unknown-columns]\n"
        "2 errors\n"
    )


def test_a_misspelt_field_of_a_frame_is_not_offered_to_be_ignored():
    pd = pytest.importorskip("pandas")
    from amity.engine import InputError
    from amity.engine.frames import validate_frame

    frame = pd.DataFrame({"parties": ["USA;JPN"], "legal_bassis": ["ratified_treaty"], "notes": ["x"]})
    with pytest.raises(InputError) as caught:
        validate_frame(frame)
    said = {p.message: (p.suggestion, p.option) for p in caught.value.problems}
    assert said["column 'legal_bassis' is not a field of the vocabulary"] == (
        "did you mean 'legal_basis'?; rename the column",
        None,
    )
    assert said["column 'notes' is not a field of the vocabulary"] == (
        "rename it, or ignore the columns that are not fields",
        "ignore_unknown_columns",
    )
