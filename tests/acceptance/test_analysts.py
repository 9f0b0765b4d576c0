"""An analyst's daily work: drill-down, tidy results in pandas, Parquet, TSV, every error at once, to-do lists."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from amity.cli.main import main
from amity.cli.reporters.summary import LEGEND
from amity.engine.tidy import FILE_COLUMNS
from click.testing import CliRunner

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from amity.engine.frames import read_results, validate_frame  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "relationships.csv"

HEADER = "id,parties,legal_basis,defense_commitment,sectors,summits,ministerial_dialogues,time_horizon,declared_label"
ROWS = [
    "a,USA;JPN,ratified_treaty,mutual_defense,defense,,,,Mutual Defense Treaty",
    "b,VNM;AUS,memorandum,none,trade,none,0,long_term,Comprehensive Strategic Partnership",
    "c,USA;JPN,ratified_treaty,mutual_defence,,,,,",
    "d,IND;PAK,none,none,,,,,",
    "e,VNM;AUS,joint_statement,none,trade;education;defense;energy;climate,annual,,,Comprehensive Strategic Partnership",
    "f,EU;CHN,joint_statement,none,trade;energy;climate,annual,1,long_term,Friendship Forever",
]
# a row with eight mistakes: cells that are not even of the right type, and values the vocabulary does not know
SEVEN_PLUS = (
    "id,parties,legal_basis,defense_commitment,sectors,summits,ministerial_dialogues,shared_values,power_ratio\n"
    "x,USA;USa,treaty,mutual_defence,trade;tarde,weekly,many,yes,-3\n"
)


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --------------------------------------------------------------------------- 1. drill-down


def _as_formats(dataset: Path, tmp_path: Path) -> dict[str, Path]:
    """The same six rows in every format validate reads."""
    frame = pd.read_csv(dataset, dtype=str, keep_default_na=False)
    profiles = []
    for _, r in frame.iterrows():
        p = {k: v for k, v in r.items() if v != ""}
        p["parties"] = p["parties"].split(";")
        if "sectors" in p:
            p["sectors"] = p["sectors"].split(";")
        if "ministerial_dialogues" in p:
            p["ministerial_dialogues"] = int(p["ministerial_dialogues"])
        profiles.append(p)
    paths = {"csv": dataset}
    paths["tsv"] = tmp_path / "rows.tsv"
    paths["tsv"].write_text(dataset.read_text().replace(",", "\t"))
    paths["jsonl"] = tmp_path / "rows.jsonl"
    paths["jsonl"].write_text("".join(json.dumps(p) + "\n" for p in profiles))
    paths["json"] = tmp_path / "rows.json"
    paths["json"].write_text(json.dumps(profiles, indent=1))
    paths["yaml"] = tmp_path / "rows.yaml"
    paths["yaml"].write_text("".join("- " + json.dumps(p) + "\n" for p in profiles))
    paths["parquet"] = tmp_path / "rows.parquet"
    pd.DataFrame(profiles).to_parquet(paths["parquet"])
    return paths


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json", "yaml", "parquet"])
def test_drill_down_to_one_row_of_a_dataset_in_any_format(dataset, tmp_path, fmt):
    path = _as_formats(dataset, tmp_path)[fmt]
    by_row = run("assess", path, "--row", "2", "-f", "json")
    assert by_row.exit_code == 0, by_row.output
    data = json.loads(by_row.stdout)
    assert data["id"] == "b" and data["parties"] == ["VNM", "AUS"]
    assert data["label"]["verdict"] == "inflated" and data["trace"], "the full assessment, with its trace"
    by_id = run("assess", path, "--id", "b", "-f", "json")
    assert json.loads(by_id.stdout) == data
    # the same row as validate reports it
    validated = _records(run("validate", path, "-q", "-j", "1").stdout)[1]
    assert validated["level"] == data["level"] and validated["verdict"] == data["label"]["verdict"]


def test_drill_down_text_shows_the_derivation(dataset):
    result = run("assess", dataset, "--id", "a")
    assert result.exit_code == 0
    assert "Level: alliance" in result.stdout and "How:" in result.stdout and "treaty-alliance" in result.stdout


def test_the_readmes_drill_down_names_a_row_with_the_verdict_it_says():
    """'To see why row N is deflated': row N of the bundled dataset is, and `amity assess --row N` says so."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.search(r"To see why row (\d+) is (\w+), assess that row", readme)
    assert said, "README.md's 'Drilling down to one row' names a row and its verdict"
    row, verdict = said.groups()
    assert f"$ amity assess data/relationships.csv --row {row} " in readme
    result = run("assess", str(DATA), "--row", row)
    assert result.exit_code == 0 and f"→ {verdict}\n" in result.stdout


def test_drill_down_to_a_bad_row_reports_every_error_located(dataset):
    result = run("assess", dataset, "--row", "3")
    assert result.exit_code == 2
    assert "rows.csv:4:27: /defense_commitment: unknown value 'mutual_defence'" in result.stderr
    assert "did you mean 'mutual_defense'?" in result.stderr


def test_drill_down_misses_are_errors_with_suggestions(dataset):
    past = run("assess", dataset, "--row", "99")
    assert past.exit_code == 2 and "no row 99: the dataset has 6 rows" in past.stderr
    missing = run("assess", dataset, "--id", "bb")
    assert missing.exit_code == 2 and "no row has the id 'bb'" in missing.stderr and "'b'" in missing.stderr
    both = run("assess", dataset, "--row", "1", "--id", "a")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_assess_on_a_dataset_without_a_row_says_how_to_choose_one(dataset):
    result = run("assess", dataset)
    assert result.exit_code == 2
    assert "--row N or --id ID" in result.stderr and "amity validate" in result.stderr


def test_explain_adds_each_rows_trace_to_json_lines_and_json(dataset, tmp_path):
    plain = _records(run("validate", dataset, "-q", "-j", "1").stdout)
    explained = _records(run("validate", dataset, "-q", "-j", "2", "--explain").stdout)
    assert "trace" not in plain[0]
    assessor_trace = json.loads(run("assess", dataset, "--row", "1", "-f", "json").stdout)["trace"]
    assert explained[0]["trace"] == assessor_trace
    assert explained[0]["level_because"] and explained[0]["findings"]
    assert "trace" not in explained[2] and explained[2]["status"] == "error"
    # the rest of each record is unchanged
    assert [{k: r[k] for k in plain[0]} for r in explained] == plain
    out = tmp_path / "r.json"
    assert run("validate", dataset, "-q", "--explain", "-o", out).exit_code == 0
    assert json.loads(out.read_text())[0]["trace"] == assessor_trace


def test_explain_with_a_table_format_is_a_usage_error(dataset, tmp_path):
    result = run("validate", dataset, "--explain", "-o", tmp_path / "r.csv")
    assert result.exit_code == 2 and "--explain" in result.stderr and "jsonl" in result.stderr
    assert not (tmp_path / "r.csv").exists()


# --------------------------------------------------------------------------- 2. tidy results


def test_results_csv_reads_tidy_in_pandas_with_no_options(dataset, tmp_path):
    out = tmp_path / "r.csv"
    assert run("validate", dataset, "-o", out, "-q", "-j", "1").exit_code == 0
    frame = pd.read_csv(out)
    assert list(frame.columns) == list(FILE_COLUMNS)
    for name, dtype in FILE_COLUMNS.items():
        column = frame[name]
        if column.isna().all():
            continue  # nothing to infer a type from: see test_an_all_empty_column_needs_read_results
        if dtype == "string":
            assert pd.api.types.is_string_dtype(column), (name, column.dtype)
        elif dtype == "Int64":
            assert pd.api.types.is_integer_dtype(column), (name, column.dtype)
        else:
            assert set(column.dropna()) <= {True, False} and all(isinstance(v, bool) for v in column.dropna())
    # one value per column: a decided rating, or empty and the possible ones beside it
    assert frame.loc[0, "level"] == "alliance" and frame.loc[0, "possible_levels"] == "alliance"
    assert pd.isna(frame.loc[4, "level"]) and len(frame.loc[4, "possible_levels"].split(";")) > 1
    undecided = frame[frame["entrapment"].isna() & (frame["status"] == "ok")]
    assert not undecided.empty and (undecided["entrapment_possible"].str.count(";") >= 1).all()
    assert frame.loc[1, "verdict"] == "inflated" and frame.loc[1, "possible_verdicts"] == "inflated"
    assert frame.loc[1, "lexicon_entry"] and frame.loc[1, "declared_level"] == "comprehensive_strategic_partnership"
    assert list(frame["parties"]) == ["USA;JPN", "VNM;AUS", "USA;JPN", "IND;PAK", "VNM;AUS", "EU;CHN"]
    assert "rows.csv:4:27: /defense_commitment" in frame.loc[2, "errors"]
    assert frame["hedging"].isna().any() or frame["hedging"].dtype == bool


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("missing.csv", None, "no such file"),
        ("empty.csv", "", "not an amity results file"),
        ("broken.csv", 'row,line\n1,"never closed\n', "not an amity results file"),
        ("junk.parquet", "not parquet", "not an amity results file"),
    ],
)
def test_read_results_says_what_is_wrong_with_the_file_located(tmp_path, name, content, said):
    from amity.engine.errors import InputError

    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_results(path)
    (problem,) = caught.value.problems
    assert problem.message.startswith(said) and problem.location.file == str(path)


def test_an_all_empty_column_needs_read_results(tmp_path):
    """pandas infers float64 for a column with no value; read_results (and Parquet) give each column its dtype."""
    out = tmp_path / "r.csv"
    assert run("validate", DATA, "-o", out, "-q").exit_code == 0
    plain = pd.read_csv(out)
    assert plain["errors"].isna().all() and plain["errors"].dtype == "float64"  # why read_results exists
    typed = read_results(out)
    assert dict(typed.dtypes.astype(str)) == FILE_COLUMNS
    assert typed["errors"].isna().all() and typed["hedging"].dtype == "boolean"
    assert list(typed["row"]) == list(range(1, len(typed) + 1))
    # the same as pd.read_csv told the dtypes
    told = pd.read_csv(out, dtype=FILE_COLUMNS, keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(typed, told)


def test_read_results_keeps_a_label_that_reads_like_a_missing_value(tmp_path):
    source = tmp_path / "na.csv"
    source.write_text("id,parties,legal_basis,declared_label\nNA,USA;JPN,none,None\n")
    out = tmp_path / "r.csv"
    run("validate", source, "-o", out, "-q")
    typed = read_results(out)
    assert typed.loc[0, "id"] == "NA" and typed.loc[0, "declared_label"] == "None"


def test_csv_and_validate_frame_are_one_table(tmp_path):
    from amity.engine.frames import validate_frame

    out = tmp_path / "r.csv"
    run("validate", DATA, "-o", out, "-q")
    from_file = read_results(out).drop(columns=["row", "line"])
    from_frame = validate_frame(pd.read_csv(DATA, dtype=str, keep_default_na=False))
    pd.testing.assert_frame_equal(from_file, from_frame, check_index_type=False)


# --------------------------------------------------------------------------- 3. formats


def test_a_dataset_round_trips_through_parquet(tmp_path):
    """CSV -> Parquet (as pandas writes it, lists as lists) -> validate -> Parquet results: the same results."""
    frame = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    cells = {c: [v or None for v in frame[c]] for c in frame.columns}
    for column in ("parties", "sectors", "security_cooperation"):
        cells[column] = [None if v is None else ([] if v == "[]" else v.split(";")) for v in cells[column]]
    typed = pd.DataFrame(cells, dtype=object)
    typed["as_of"] = typed["as_of"].astype("Int64")
    source = tmp_path / "relationships.parquet"
    typed.to_parquet(source)
    from_csv, from_parquet = tmp_path / "a.parquet", tmp_path / "b.parquet"
    assert run("validate", DATA, "-o", from_csv, "-q").exit_code == 0
    result = run("validate", source, "-o", from_parquet, "-q")
    assert result.exit_code == 0, result.output
    a, b = pd.read_parquet(from_csv), pd.read_parquet(from_parquet)
    assert dict(b.dtypes.astype(str)) == FILE_COLUMNS  # pandas reads the dtypes back with no options
    pd.testing.assert_frame_equal(a.drop(columns=["line"]), b.drop(columns=["line"]))
    assert b["line"].isna().all() and a["line"].notna().all()
    # and the Parquet results are the CSV results, value for value
    csv_out = tmp_path / "a.csv"
    run("validate", DATA, "-o", csv_out, "-q")
    pd.testing.assert_frame_equal(read_results(csv_out), a)


def test_parquet_is_recognised_by_its_bytes_on_standard_input_and_without_an_extension(tmp_path):
    frame = pd.DataFrame(
        [{"id": "a", "parties": ["USA", "IND"], "legal_basis": "joint_statement", "declared_label": "Partnership"}]
    )
    source = tmp_path / "relationships.parquet"
    frame.to_parquet(source)
    expected = _records(run("validate", source, "-q").stdout)
    assert expected[0]["id"] == "a" and expected[0]["status"] == "ok"
    piped = run("validate", "-", "-q", input=source.read_bytes())
    assert piped.exit_code == 0, piped.output
    assert _records(piped.stdout) == expected
    unnamed = tmp_path / "export"
    unnamed.write_bytes(source.read_bytes())
    assert _records(run("validate", unnamed, "-q").stdout) == expected


@pytest.mark.parametrize("name", ["rows.jsonl", "rows.yaml", "rows.parquet"])
def test_a_delimiter_for_input_that_has_no_cells_is_an_error(dataset, tmp_path, name):
    data = tmp_path / name
    if name.endswith(".parquet"):
        pd.DataFrame([{"id": "a", "parties": ["USA", "IND"]}]).to_parquet(data)
    else:
        data.write_text('{"id": "a", "parties": ["USA", "IND"]}\n')
    result = run("validate", data, "-q", "--delimiter", ";")
    assert result.exit_code == 2 and not result.stdout
    assert "a delimiter separates the cells of CSV and TSV input" in result.stderr and "[--delimiter]" in result.stderr
    assert "Traceback" not in result.output


def test_parquet_errors_are_located_by_row_and_field(tmp_path):
    source = tmp_path / "bad.parquet"
    pd.DataFrame(
        [
            {"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty", "summits": "weekly", "shared_values": "yes"},
            {"parties": ["USA", "IND"], "legal_basis": "joint_statement", "summits": "annual", "shared_values": None},
        ]
    ).to_parquet(source)
    records = _records(run("validate", source, "-q").stdout)
    assert [r["status"] for r in records] == ["error", "ok"]
    pointers = [e["pointer"] for e in records[0]["errors"]]
    assert pointers == ["/0/summits", "/0/shared_values"] and records[0]["errors"][0]["file"] == str(source)
    header = run("validate", tmp_path / "bad.parquet", "-q", "--input-format", "parquet")
    assert header.exit_code == 0
    unknown = tmp_path / "unknown.parquet"
    pd.DataFrame([{"parties": ["USA", "JPN"], "legal_bases": "none"}]).to_parquet(unknown)
    result = run("validate", unknown, "-q")
    assert result.exit_code == 2 and "column 'legal_bases'" in result.stderr and "legal_basis" in result.stderr
    assert run("validate", unknown, "-q", "--ignore-unknown-columns").exit_code == 0
    junk = tmp_path / "junk.parquet"
    junk.write_text("not parquet")
    result = run("validate", junk, "-q")
    assert result.exit_code == 2 and "not a Parquet file: it does not start with PAR1" in result.stderr


def _damaged_parquet(path: Path, rows: int, group: int, size: int = 100) -> None:
    """A Parquet file of ``rows`` rows in row groups of ``size``, its ``group``-th group's data overwritten."""
    import pyarrow.parquet as pq

    frame = pd.DataFrame([{"id": f"r{i}", "parties": "USA;JPN", "legal_basis": "joint_statement"} for i in range(rows)])
    frame.to_parquet(path, row_group_size=size, compression=None)
    column = pq.ParquetFile(path).metadata.row_group(group).column(0)
    data = bytearray(path.read_bytes())
    start = column.data_page_offset
    data[start : start + column.total_compressed_size] = b"\xff" * column.total_compressed_size
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_damaged_parquet_file_keeps_the_rows_before_the_damage_and_says_where_it_stops(tmp_path, jobs):
    """A row group that cannot be read part way is the break, as in a JSON list that breaks off: the rows
    before it go out, the break is one more row, exit 2 (it was an internal error)."""
    source, out = tmp_path / "damaged.parquet", tmp_path / "out.csv"
    _damaged_parquet(source, rows=500, group=3)
    result = run("validate", source, "-o", out, "-q", "--jobs", jobs)
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "was not read to its end: the results hold its first 300 rows, then the break (row 301)" in result.stderr
    assert "/300: the Parquet file's data cannot be read from row 301 on" in result.stderr
    assert "truncated or damaged" in result.stderr
    results = read_results(out)
    assert list(results["id"][:300]) == [f"r{i}" for i in range(300)] and (results["status"][:300] == "ok").all()
    assert len(results) == 301 and results["status"].iloc[-1] == "error"


def test_a_parquet_file_damaged_from_its_first_row_group_is_unreadable(tmp_path):
    source = tmp_path / "damaged.parquet"
    _damaged_parquet(source, rows=300, group=0)
    result = run("validate", source, "-q")
    assert result.exit_code == 2 and not result.stdout
    assert "the Parquet file's data cannot be read" in result.stderr and "internal error" not in result.output


def test_without_pyarrow_parquet_says_how_to_install_it(dataset, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    out = run("validate", dataset, "-q", "-o", tmp_path / "r.parquet")
    assert out.exit_code == 2 and "pip install 'amity[parquet]'" in out.stderr
    assert not (tmp_path / "r.parquet").exists()
    source = tmp_path / "in.parquet"
    source.write_bytes(b"PAR1")
    into = run("validate", source, "-q")
    assert into.exit_code == 2 and "reading Parquet needs pyarrow" in into.stderr
    assert "pip install 'amity[parquet]'" in into.stderr


def test_tsv_in_and_out(dataset, tmp_path):
    tsv = tmp_path / "rows.tsv"
    tsv.write_text(dataset.read_text().replace(",", "\t"))
    out = tmp_path / "r.tsv"
    assert run("validate", tsv, "-o", out, "-q", "-j", "1").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text()), delimiter="\t"))
    assert [r["id"] for r in rows] == list("abcdef") and rows[0]["level"] == "alliance"
    from_csv = read_results(_validated_csv(dataset, tmp_path))
    from_tsv = read_results(out)
    assert from_tsv["errors"].str.contains("rows.tsv:4:27: /defense_commitment").any()
    pd.testing.assert_frame_equal(from_tsv.drop(columns="errors"), from_csv.drop(columns="errors"))


def _validated_csv(dataset: Path, tmp_path: Path) -> Path:
    out = tmp_path / "r.csv"
    run("validate", dataset, "-o", out, "-q", "-j", "1")
    return out


def test_delimiter_and_a_hint_for_a_semicolon_separated_header(tmp_path):
    # parties and sets are ';'-joined in amity's CSV; a semicolon file can still hold them: quote them
    text = 'id;parties;legal_basis;sectors\na;"USA;JPN";ratified_treaty;"trade;energy"\n'
    path = tmp_path / "export.csv"
    path.write_text(text)
    hinted = run("validate", path, "-q")
    assert hinted.exit_code == 2
    assert "its names ('id', 'parties', 'legal_basis', 'sectors') look separated by ';'" in hinted.stderr
    assert "(give ';' as the delimiter) [--delimiter]" in hinted.stderr
    assert "is not a field of the vocabulary" not in hinted.stderr
    ok = run("validate", path, "-q", "--delimiter", ";")
    assert ok.exit_code == 0, ok.output
    record = _records(ok.stdout)[0]
    assert record["parties"] == ["USA", "JPN"] and record["status"] == "ok"
    tabbed = tmp_path / "tabbed.csv"
    tabbed.write_text("id\tparties\tlegal_basis\na\tUSA;JPN\tnone\n")
    hint = run("validate", tabbed, "-q")
    assert hint.exit_code == 2 and "(give a tab as the delimiter, or name the file .tsv) [--delimiter]" in hint.stderr
    # the names are shown one by one: a tab between them would not show on a terminal
    assert "its names ('id', 'parties', 'legal_basis') look separated by a tab" in hint.stderr
    assert _records(run("validate", tabbed, "-q", "--delimiter", "tab").stdout)[0]["level"] == "none"
    bad = run("validate", path, "--delimiter", ";;")
    assert bad.exit_code == 2 and "one character" in bad.stderr


def test_a_one_column_header_that_is_not_another_separator_gets_no_hint(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("parties\nUSA;JPN\n")
    assert run("validate", path, "-q").exit_code == 0
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("partys;whatever\nx\n")
    result = run("validate", wrong, "-q")
    assert result.exit_code == 2 and "--delimiter" not in result.stderr


@pytest.mark.parametrize("name", ["results.txt", "results", "results.xlsx", "results.csv.gz"])
def test_an_output_path_with_an_unknown_extension_is_an_error(dataset, tmp_path, name):
    result = run("validate", dataset, "-o", tmp_path / name, "-q")
    assert result.exit_code == 2
    assert "cannot tell the results format" in result.stderr and "--format" in result.stderr
    assert not (tmp_path / name).exists()
    chosen = run("validate", dataset, "-o", tmp_path / name, "-q", "-f", "csv")
    assert chosen.exit_code == 0 and (tmp_path / name).read_text().startswith("row,line,id,")


STDOUT_SPELLINGS = [[], ["-o", "-"], ["-o", "/dev/stdout"]]


@pytest.mark.parametrize("spelling", STDOUT_SPELLINGS, ids=["none", "dash", "dev-stdout"])
def test_parquet_on_standard_output_goes_down_a_pipe_whichever_way_it_is_named(dataset, spelling):
    done = subprocess.run(
        [sys.executable, "-m", "amity.cli", "validate", str(dataset), "-f", "parquet", "-q", *spelling],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert pd.read_parquet(io.BytesIO(done.stdout))["id"].tolist() == list("abcdef")


@pytest.mark.parametrize(
    ("spelling", "where"),
    [*((s, "error: ") for s in STDOUT_SPELLINGS), (["-o", "/dev/tty"], "error: /dev/tty: ")],
    ids=["none", "dash", "dev-stdout", "dev-tty"],
)
def test_parquet_is_never_written_to_a_terminal_whichever_way_it_is_named(dataset, spelling, where):
    import pexpect

    child = pexpect.spawn(
        sys.executable,
        ["-m", "amity.cli", "validate", str(dataset), "-f", "parquet", "-q", *spelling],
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 400),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert child.before.strip() == (
        f"{where}Parquet is a binary file format: it is not written to a terminal (name a file with --output, "
        "or send standard output to a file or a pipe (> results.parquet))"
    )


# --------------------------------------------------------------------------- 4. every error of a row at once


def test_every_error_of_a_row_at_once_types_and_values_together(tmp_path):
    path = tmp_path / "seven.csv"
    path.write_text(SEVEN_PLUS)
    out = tmp_path / "r.csv"
    result = run("validate", path, "-o", out, "--report", tmp_path / "r.md")
    assert result.exit_code == 0
    expected = [  # line:column, the character where the cell starts (a list's item: its cell)
        ("2:3", "/parties/1"),
        ("2:11", "/legal_basis"),
        ("2:18", "/defense_commitment"),
        ("2:33", "/sectors/1"),
        ("2:45", "/summits"),
        ("2:52", "/ministerial_dialogues"),  # not a number: a cell of the wrong type
        ("2:57", "/shared_values"),
        ("2:61", "/power_ratio"),
    ]
    errors = read_results(out).loc[0, "errors"].split(" | ")
    assert [tuple(re.search(r"seven\.csv:(\d+:\d+): (\S+):", e).groups()) for e in errors] == expected
    assert "did you mean 'mutual_defense'?" in errors[2] and "did you mean 'trade'?" in errors[3]
    records = _records(run("validate", path, "-q", "-f", "jsonl").stdout)
    assert [(e["column"], e["pointer"]) for e in records[0]["errors"]] == [
        (int(c.split(":")[1]), p) for c, p in expected
    ]
    for _, pointer in expected:  # the summary and the report list them all
        assert pointer in result.stdout
        assert pointer in (tmp_path / "r.md").read_text()


def test_every_error_of_a_row_at_once_in_a_dataframe():
    from amity.engine.frames import validate_frame

    out = validate_frame(
        pd.DataFrame([{"parties": "USA;JPN", "summits": "weekly", "shared_values": "yes", "power_ratio": "x"}])
    )
    errors = out.loc[0, "errors"]
    assert "/0/summits" in errors and "/0/shared_values" in errors and "/0/power_ratio" in errors


# --------------------------------------------------------------------------- 5. reports with a to-do list


def _report(dataset: Path, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    result = run("validate", dataset, "--report", path, "-q", "-j", "1")
    assert result.exit_code == 0
    return path.read_text()


def test_reports_list_what_to_do_next(dataset, tmp_path):
    for name in ("r.html", "r.md"):
        text = _report(dataset, tmp_path, name)
        assert "What to do next" in text
        # row 5 (id e) has an open level; the facts that would decide it are listed with it
        look_ups = text[text.index("Facts to look up") : text.index("Unrecognized labels")]
        assert re.search(r"time_horizon\W.*5 e", look_ups), look_ups
        unrecognized = text[text.index("Unrecognized labels") : text.index("Rows with errors")]
        assert "Friendship Forever" in unrecognized and "6 f" in unrecognized
        errors = text[text.index("Rows with errors") :]
        assert "| 3 | 4 | c |" in errors or "<td>3</td><td>4</td><td>c</td>" in errors
        assert "mutual_defence" in errors


def test_the_to_do_list_groups_rows_by_fact_and_counts_them_all():
    from amity.cli.reporters.summary import markdown_report
    from amity.engine.dataset import Row
    from amity.engine.validation import Summary, validate_rows

    open_level = {
        "legal_basis": "joint_statement",
        "defense_commitment": "none",
        "sectors": ["trade", "education", "defense", "energy", "climate"],
        "summits": "annual",
    }
    profiles = [{"id": f"r{i}", "parties": ["AAA", "BBB"], **open_level} for i in range(3)] + [
        {"id": "done", "parties": ["AAA", "CCC"], "legal_basis": "none"}
    ]
    summary = Summary()
    for _ in validate_rows((Row(i, None, profile=p) for i, p in enumerate(profiles, 1)), summary=summary):
        pass
    assert summary.undecided == 3
    assert all(count == 3 for count in summary.to_look_up_counts.values())
    assert [r.id for r in next(iter(summary.to_look_up.values()))] == ["r0", "r1", "r2"]
    text, _ = markdown_report(summary, "x.csv", "core 1.0.0")
    levels = text.split("What to do next")[1].split("open risks and hedging")[0]
    assert "1 r0, 2 r1, 3 r2" in levels and "done" not in levels  # its level is decided (its risks are not)


# real relationships as of 2024: what is open in each, and why
OPEN_HEADER = (
    "id,parties,legal_basis,defense_commitment,third_party_orientation,duration,exit_costs,sectors,"
    "security_cooperation,economic_integration,summits,ministerial_dialogues,working_groups,permanent_bodies,"
    "global_governance_coordination,time_horizon,shared_values,power_ratio,trade_dependence,security_dependence,"
    "rival_ties,partner_in_conflict,recent_crisis,declared_label"
)
OPEN_ROWS = {
    # duration unknown: a renewable framework would be an easy exit, so fragility is low or moderate
    "fra-ind": "fra-ind-2024,FRA;IND,joint_statement,none,not_adversarial,,moderate,"
    "defense;trade;investment;technology;energy;climate;space;education;culture;maritime;health,"
    "joint_exercises;arms_transfers;defense_industry,limited,annual,2,8,false,occasional,long_term,high,1.26,0.01,"
    "false,true,true,false,Strategic Partnership",
    # rival_ties unknown: hedging open
    "chn-pak": "chn-pak-2024,CHN;PAK,ratified_treaty,none,not_adversarial,,high,"
    "defense;trade;investment;energy;connectivity;technology;space;education;culture;maritime,"
    "joint_exercises;arms_transfers;defense_industry,deep,irregular,2,11,false,systematic,long_term,mixed,48,0.22,"
    "true,,true,false,All-Weather Strategic Cooperative Partnership",
    # ministerial_dialogues unknown: the level is open, but every level it may be is below the label's claim
    "egy-chn": "egy-chn-2024,EGY;CHN,joint_statement,none,not_adversarial,,moderate,"
    "trade;investment;connectivity;energy;space;culture;education;health;technology,arms_transfers,limited,"
    "irregular,,,false,occasional,long_term,mixed,45,0.13,false,true,true,false,Comprehensive Strategic Partnership",
    # everything decided
    "rus-blr": "rus-blr-2024,RUS;BLR,ratified_treaty,mutual_defense,named_threat,indefinite,high,"
    "defense;trade;investment;energy;technology;space;education;culture;health;connectivity,"
    "joint_exercises;arms_transfers;defense_industry;intelligence_sharing;basing_rights;integrated_command,deep,"
    "annual,3,10,true,systematic,long_term,high,28,0.5,true,false,true,true,Union State",
}


def _open_dataset(tmp_path: Path, *names: str) -> Path:
    path = tmp_path / "open.csv"
    path.write_text(OPEN_HEADER + "\n" + "".join(OPEN_ROWS[n] + "\n" for n in names), encoding="utf-8")
    return path


def test_the_to_do_list_names_the_facts_that_would_decide_open_risks_and_hedging(tmp_path):
    path = _open_dataset(tmp_path, "fra-ind", "chn-pak", "rus-blr")
    result = run("validate", path, "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md")
    assert result.exit_code == 0, result.output
    assert "To decide the open risk ratings and hedging of 2 rows, look up:" in result.output
    assert re.search(r"\n  duration +1 row \(fragility 1\): 1 fra-ind-2024\n", result.output), result.output
    assert re.search(r"\n  rival_ties +1 row \(hedging 1\): 2 chn-pak-2024\n", result.output), result.output
    md = (tmp_path / "r.md").read_text()
    section = md[md.index("### Facts to look up for open risks and hedging (2 rows)") : md.index("### Unrecognized")]
    assert "| duration | 1 | fragility 1 | 1 fra-ind-2024 |" in section
    assert "| rival_ties | 1 | hedging 1 | 2 chn-pak-2024 |" in section
    assert "rus-blr" not in section
    html_text = _report(path, tmp_path, "r.html")
    assert "<td>duration</td><td>1</td><td>fragility 1</td><td>1 fra-ind-2024</td>" in html_text
    # the rows whose ratings are all decided give no such section
    assert "open risks and hedging" not in _report(_open_dataset(tmp_path, "rus-blr"), tmp_path, "d.md")
    # the terminal lists eight rows of a fact, and says where the others are
    many = run("validate", _open_dataset(tmp_path, *["fra-ind"] * 9), "-o", tmp_path / "m.csv")
    assert "duration                       9 rows (fragility 9; no row gives it): " in many.output
    assert f"(a fact's other rows: among the rows of {tmp_path / 'm.csv'} whose rating it names is open)" in many.output


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_facts_for_open_risks_are_counted_alike_whatever_the_batches(tmp_path, jobs):
    from amity.engine.dataset import batches_of, read_rows
    from amity.engine.validation import Summary, validate_batches

    rows = list(read_rows(str(_open_dataset(tmp_path, *OPEN_ROWS)))) * 3
    one, split = Summary(), Summary()
    for _ in validate_batches(batches_of(rows, len(rows)), summary=one):
        pass
    for _ in validate_batches(batches_of(rows, 1), jobs=jobs, summary=split):
        pass
    assert one.open_risks == split.open_risks == 6
    assert one.risk_look_up_counts == split.risk_look_up_counts == {"duration": 3, "rival_ties": 3}
    assert (
        one.risk_look_up_decides
        == split.risk_look_up_decides
        == {
            "duration": {"fragility": 3},
            "rival_ties": {"hedging": 3},
        }
    )
    assert [r.id for r in split.risk_look_up["duration"]] == ["fra-ind-2024"] * 3
    assert one.to_look_up_verdicts == split.to_look_up_verdicts  # the rows whose verdict is open too, alike
    assert one.years_crossed == split.years_crossed and one.years_to_check == split.years_to_check


def test_the_example_dataset_is_read_whole_and_its_open_facts_are_the_ones_its_readme_names(tmp_path):
    path = ROOT / "examples" / "dyads-2024.csv"
    out = tmp_path / "out.csv"
    result = run("validate", path, "-o", out, "--report", tmp_path / "r.md", "-q")
    assert result.exit_code == 0, result.output
    results = read_results(out)
    assert len(results) == 25 and (results.status == "ok").all()
    md = (tmp_path / "r.md").read_text()
    levels = md[md.index("### Facts to look up (") : md.index("### Facts to look up for open risks")]
    assert "| summits | 1 | 1 | 3 fra-ind-2024 |" in levels and "for 1 of them, the verdict on their label" in levels
    risks = md[md.index("### Facts to look up for open risks") : md.index("### Unrecognized")]
    assert (
        "| duration | 6 | fragility 6 |" in risks
        and "| rival_ties | 2 | hedging 2 | 1 chn-pak-2024, 11 idn-aus-2024 |" in risks
    )
    unplaced = md[md.index("### Unrecognized") :]  # the words to add to the grammar, or to correct, are named
    assert "| 24 usa-mng-2024 | words the grammar does not know ('Third', 'Neighbor'): add them" in unplaced
    assert "| 7 tur-usa-2024 | words the grammar does not know ('Model'): add them" in unplaced


def test_the_to_do_list_does_not_promise_verdicts_that_are_decided_already(tmp_path):
    # Egypt-China's level is open (partnership or strategic partnership), but both are below the
    # comprehensive tier its label claims: the verdict is inflated whatever ministerial_dialogues is
    for name in ("r.md", "r.html"):
        text = html.unescape(_report(_open_dataset(tmp_path, "egy-chn", "rus-blr"), tmp_path, name))
        look_ups = text[text.index("Facts to look up (1 row with an open level)") :]
        look_ups = look_ups[: look_ups.index("ministerial_dialogues")]
        assert "and so the verdict" not in look_ups
        assert "the verdicts on their labels are decided already" in look_ups


def _tables_html(text: str) -> list[tuple[str, ...]]:
    return [tuple(re.findall(r"<th>(.*?)</th>", t)) for t in re.findall(r"<thead>(.*?)</thead>", text)]


def _tables_md(text: str) -> list[tuple[str, ...]]:
    heads = []
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.startswith("| ") and re.fullmatch(r"\|(---\|)+", lines[i + 1]):
            heads.append(tuple(c.strip() for c in line.strip("|").split(" | ")))
    return heads


def test_the_markdown_report_has_every_table_the_html_one_has(dataset, tmp_path):
    html = _report(dataset, tmp_path, "r.html")
    md = _report(dataset, tmp_path, "r.md")
    html_tables, md_tables = _tables_html(html), _tables_md(md)
    assert len(html_tables) >= 6  # verdicts, hedging, inflated, look-ups, unrecognized, errors
    missing = [t for t in html_tables if t not in md_tables]
    assert missing == []


def test_the_table_check_fails_when_a_table_is_missing(dataset, tmp_path):
    html = _report(dataset, tmp_path, "r.html")
    md = _report(dataset, tmp_path, "r.md")
    cut = md.replace("| hedging | rows |", "| hedging |")
    assert [t for t in _tables_html(html) if t not in _tables_md(cut)] == [("hedging", "rows")]


def test_markdown_charts_are_svg_files_beside_it(dataset, tmp_path):
    md = _report(dataset, tmp_path, "r.md")
    assert "base64" not in md and "<svg" not in md
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", md)
    assert images == ["r-levels.svg", "r-risks.svg"]
    import xml.etree.ElementTree as ET

    for name in images:
        root = ET.fromstring((tmp_path / name).read_text())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def _legend(report: str) -> str:
    """The caption under the heat map of declared against inferred levels, as text."""
    text = report[report.index("Declared against inferred level") : report.index("Risks")]
    return html.unescape(text[text.index("P partnership") :].split("</p>")[0].split("\n")[0])


def test_the_heat_maps_caption_says_what_each_part_of_the_matrix_counts(dataset, tmp_path):
    # egy-chn-2024 claims CSP, its level is open (the undecided column), and its verdict is inflated: the
    # caption said cells right of the diagonal were deflated, and the unrecognized row (below it) inflated
    dyads = ROOT / "examples" / "dyads-2024.csv"
    for name in ("r.html", "r.md"):
        report = _report(dyads, tmp_path, name)
        legend = _legend(report)
        assert "above the diagonal are deflated labels, below it inflated" not in legend
        assert "the cells above and right of it deflated labels" in legend
        assert "below and left of it inflated ones" in legend
        open_level = "The undecided column counts rows whose level is open: a declared level above every level"
        assert open_level in legend and "(counted and listed with them), any other undecided" in legend
        inflated = report[report.index("Inflated labels") : report.index("Deflated labels")]
        assert "egy-chn-2024" in inflated  # listed with the inflated labels, as the caption says
        assert "The unrecognized row counts labels the pack places on no rung (verdict unrecognized)" in legend
        assert "undeclared" not in legend  # every row of dyads-2024.csv declares a label: no undeclared row
        undeclared = _legend(_report(dataset, tmp_path, name))  # row d declares none
        assert "the undeclared row counts rows with no label (verdict undeclared)" in undeclared
    # levels all decided, every label placed: only the diagonal to explain
    (tmp_path / "decided.csv").write_text(f"{HEADER}\n{ROWS[0]}\n{ROWS[1]}\n", encoding="utf-8")
    legend = _legend(_report(tmp_path / "decided.csv", tmp_path, "r.md"))
    assert "outlined in red" in legend and "undecided" not in legend and "unrecognized" not in legend


# --------------------------------------------------------------------------- the committed results


def test_the_bundled_datasets_committed_results_and_reports_are_current(tmp_path, monkeypatch):
    """data/results.csv, data/report.html, data/report.md and its charts are what the README's commands give."""
    monkeypatch.chdir(ROOT)
    for report in ("report.html", "report.md"):
        result = run(
            "validate", "data/relationships.csv", "-o", tmp_path / "results.csv", "--report", tmp_path / report, "-q"
        )
        assert result.exit_code == 0
    stale = [
        name
        for name in ("results.csv", "report.html", "report.md", "report-levels.svg", "report-risks.svg")
        if (tmp_path / name).read_bytes() != (ROOT / "data" / name).read_bytes()
    ]
    assert stale == [], "regenerate them with the commands in README.md, 'The bundled dataset'"


# --------------------------------------------------------------------------- lists cut short, and empty runs

INFLATED = "b{i},VNM;AUS,memorandum,none,trade,none,0,long_term,Comprehensive Strategic Partnership"
BAD = "x{i},USA;JPN,ratified_treaty,mutual_defence,,,,,"
MANY_HEADER = (
    "id,parties,legal_basis,defense_commitment,sectors,summits,ministerial_dialogues,time_horizon,declared_label"
)


@pytest.fixture
def many(tmp_path: Path, monkeypatch) -> Path:
    """8 inflated rows and 5 bad ones, with the summary keeping 3 of each and the terminal listing 2."""
    import amity.cli.reporters.summary as summary_module
    import amity.engine.validation as validation

    for module in (validation, summary_module):
        monkeypatch.setattr(module, "CASES_KEPT", 3)
    monkeypatch.setattr(summary_module, "TEXT_LISTED", 2)
    path = tmp_path / "many.csv"
    rows = [INFLATED.format(i=i) for i in range(8)] + [BAD.format(i=i) for i in range(5)]
    path.write_text(MANY_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _run_pandas(code: str) -> int:
    """Run the pandas a report suggests (its last statement an expression): how many rows it selects."""
    *statements, last = code.split("; ")
    scope: dict[str, object] = {}
    exec("\n".join(statements), scope)  # the report's own suggestion, run as an analyst would paste it
    return len(eval(last, scope))


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "parquet"])
def test_every_list_cut_short_says_how_many_more_where_they_are_and_how_to_read_them(many, tmp_path, fmt):
    out = tmp_path / f"results.{fmt}"
    for name in ("r.md", "r.html"):
        result = run("validate", many, "-o", out, "--report", tmp_path / name, "-j", "1")
        assert result.exit_code == 0, result.output
        text = html.unescape((tmp_path / name).read_text(encoding="utf-8"))
        if name == "r.html":
            text = re.sub(r"</?code>", "", re.sub(r"<br>|</p>", "\n", text))
        inflated = text[text.index("Inflated labels (8)") : text.index("What to do next")]
        assert len(re.findall(r"\bb\d\b", inflated)) == 3  # the rows kept are listed
        said = f"… and 5 more inflated rows, not listed here: the rows of {out} whose verdict is inflated."
        assert said in inflated, inflated
        code = re.search(r"With pandas: `?([^`\n]+)", inflated).group(1)
        assert _run_pandas(code) == 8
        errors = text[text.index("Rows with errors (5)") :]
        assert f"… and 2 more rows, not listed here: the rows of {out} whose status is error." in errors
        assert _run_pandas(re.search(r"With pandas: `?([^`\n]+)", errors).group(1)) == 5
    # the terminal lists 2 of each, and says where the others are
    assert f"  … and 6 more: the rows of {out} whose verdict is inflated" in result.output
    assert f"  … and 3 more rows: the rows of {out} whose status is error" in result.output
    assert "To read the rows not listed with pandas: " in result.output


@pytest.mark.parametrize(("name", "fmt"), [("results.tab", None), ("results.dat", "csv"), ("results.txt", "tsv")])
def test_the_pandas_a_summary_suggests_reads_a_results_file_of_any_name(many, tmp_path, name, fmt):
    """A .tab file, or one written with -f under a name that tells no format: the code given runs as given."""
    out = tmp_path / name
    result = run("validate", many, "-o", out, "-j", "1", *(["-f", fmt] if fmt else []))
    assert result.exit_code == 0, result.output
    code = re.search(r"To read the rows not listed with pandas: (.+)", result.output).group(1)
    assert ("fmt=" in code) is (fmt is not None)
    assert _run_pandas(code) > 0


OPEN = "u{i},VNM;AUS,ratified_treaty,none,trade;investment;energy;climate;health,annual,3,,Strategic Partnership"


def test_every_pandas_a_report_suggests_runs_as_written_in_markdown_as_in_html(many, tmp_path):
    """Outside a table a '|' is not escaped: the regular expression of a fact's rows ('(?:^|;)...') kept its
    backslash in Markdown and selected no row."""
    many.write_text(many.read_text() + "\n".join(OPEN.format(i=i) for i in range(8)) + "\n", encoding="utf-8")
    out = tmp_path / "results.csv"
    selected = {}
    for name in ("r.md", "r.html"):
        assert run("validate", many, "-o", out, "--report", tmp_path / name, "-j", "1").exit_code == 0
        text = html.unescape((tmp_path / name).read_text(encoding="utf-8"))
        codes = re.findall(r"With pandas: (?:`|<code>)(.+?)(?:`|</code>)", text)
        assert any("str.contains" in code for code in codes), codes  # a fact's rows are among them
        selected[name] = [_run_pandas(code) for code in codes]
    assert selected["r.md"] == selected["r.html"] and all(selected["r.md"]), selected


def test_a_list_cut_short_without_a_results_file_says_how_to_keep_them(many, tmp_path):
    result = run("validate", many, "--report", tmp_path / "r.md", "-j", "1")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "whose verdict is inflated (write the results to a file with --output to keep them)" in text
    assert "With pandas" not in text and "with pandas" not in result.stderr


def test_a_label_none_kept_to_list_is_counted_not_shown_as_an_empty_list():
    from amity.cli.reporters.summary import _which

    assert _which([], 4) == "4 rows, none kept to list"


@pytest.mark.parametrize("content", ["id,parties\n", "id,parties,legal_basis\nx,USA;JPN,nope\n"])
def test_a_report_of_no_assessed_row_says_so_instead_of_empty_tables(tmp_path, content):
    path = tmp_path / "rows.csv"
    path.write_text(content, encoding="utf-8")
    said = "The input holds no rows." if content.count("\n") == 1 else "No row could be assessed."
    for name in ("r.md", "r.html"):
        result = run("validate", path, "-o", tmp_path / "out.csv", "--report", tmp_path / name, "-q", "-j", "1")
        assert result.exit_code == 0
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert said in text and "There are no verdicts, levels or risks to show." in text
        assert "Verdicts" not in text and "undeclared" not in text and "<svg" not in text and "![" not in text
        assert ("What to do next" in text) == (said == "No row could be assessed.")  # its errors to fix
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".svg") == []  # no empty charts beside it


def test_reports_agree_in_number_one_row_not_one_rows(tmp_path):
    path = tmp_path / "rows.csv"
    row = "a,USA;JPN,ratified_treaty,mutual_defense"
    path.write_text("id,parties,legal_basis,defense_commitment\n" + row + "\n" + row.replace("a,", "b,") + "\n")
    for name in ("r.md", "r.html"):
        run("validate", path, "-o", tmp_path / "out.csv", "--report", tmp_path / name, "-q", "-j", "1")
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "2 rows: 2 assessed, 0 with errors. 1 row shared its facts with an earlier row." in text
        assert not re.search(r"\b1 rows\b", text)


def test_a_parquet_string_that_is_not_utf8_is_its_rows_error_located_at_its_cell(tmp_path):
    """pyarrow raised UnicodeDecodeError for the whole column: an internal error, no results (found by the
    review). The cell is its row's error, located, in a list too; the other rows and cells go on."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "latin1.parquet"
    table = pa.table(
        {
            "id": ["a", "b", "c"],
            "parties": [["USA", "JPN"], ["USA", "JPN"], ["FRA", "IND"]],
            "declared_label": ["Strategic ZZZZtnership", "Strategic Partnership", "Strategic Partnership"],
            "sectors": [["trade"], ["trade", "ZZZZ"], ["energy"]],
        }
    )
    pq.write_table(table, source, compression="NONE", use_dictionary=False)
    source.write_bytes(source.read_bytes().replace(b"ZZZZ", b"Pa\xe9r"))  # Latin-1 in the UTF-8 strings
    large = tmp_path / "large.parquet"  # as Polars writes: large strings and large lists
    kinds = pa.schema(
        [
            ("id", pa.large_string()),
            ("parties", pa.large_list(pa.large_string())),
            ("declared_label", pa.large_string()),
            ("sectors", pa.large_list(pa.large_string())),
        ]
    )
    pq.write_table(table.cast(kinds), large, compression="NONE", use_dictionary=False)
    large.write_bytes(large.read_bytes().replace(b"ZZZZ", b"Pa\xe9r"))

    def unfiled(path: Path) -> list[dict]:
        records = _records(run("validate", path, "-q").stdout)
        return [{**r, "errors": [{**e, "file": None} for e in r.get("errors") or []]} for r in records]

    assert unfiled(large) == unfiled(source)  # (it was an internal error: a large list could not be cast)
    result = run("validate", source, "-q")
    assert result.exit_code == 0 and "internal error" not in result.output
    records = _records(result.stdout)
    assert [(r["id"], r["status"]) for r in records] == [("a", "error"), ("b", "error"), ("c", "ok")]
    said = [(e["pointer"], e["message"], e["suggestion"]) for r in records[:2] for e in r["errors"]]
    assert said == [
        (
            "/0/declared_label",
            "not UTF-8 text: invalid continuation byte 0xe9 at byte 13 of the value",
            "save the table's text as UTF-8",
        ),
        (
            "/1/sectors/1",
            "not UTF-8 text: invalid continuation byte 0xe9 at byte 3 of the value",
            "save the table's text as UTF-8",
        ),
    ]


def test_a_parquet_party_that_is_not_utf8_is_one_error_at_its_item_not_also_a_missing_field(tmp_path):
    """The party's text was told twice: as not UTF-8 and as "missing required field 'parties'"; the
    pointer named the list, not its item; the byte was counted from 0 while lines and columns count from 1."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "parties.parquet"
    table = pa.table({"id": ["a", "b"], "parties": [["USA", "ZZZZ"], ["USA", "JPN"]]})
    pq.write_table(table, source, compression="NONE", use_dictionary=False)
    source.write_bytes(source.read_bytes().replace(b"ZZZZ", b"Pa\xe9r"))
    result = run("validate", source, "-q")
    records = _records(result.stdout)
    assert [(r["id"], r["status"]) for r in records] == [("a", "error"), ("b", "ok")]
    said = [(e["pointer"], e["message"]) for e in records[0]["errors"]]
    assert said == [("/0/parties/1", "not UTF-8 text: invalid continuation byte 0xe9 at byte 3 of the value")]


def test_parquet_decimal_columns_are_numbers_and_a_date_or_binary_cell_is_said_in_words(tmp_path):
    # a database export: DECIMAL columns (pyarrow decimal128), a TIMESTAMP for the year, a BLOB label. A
    # decimal was refused as 'Decimal('3')', or the row was 'not a valid profile' with no field named; the
    # date was 'datetime.datetime(2023, 1, 1, 0, 0)' (found by a trial)
    import datetime
    from decimal import Decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "export.parquet"
    table = pa.table(
        {
            "id": ["a", "b"],
            "parties": ["USA;JPN", "USA;KOR"],
            "power_ratio": pa.array([Decimal("6.60"), Decimal("12.00")], pa.decimal128(10, 2)),
            "working_groups": pa.array([Decimal("3"), None], pa.decimal128(10, 0)),
            "as_of": pa.array([None, datetime.datetime(2023, 1, 1)], pa.timestamp("s")),
            "declared_label": pa.array([None, b"Strategic Partnership"], pa.binary()),
        }
    )
    pq.write_table(table, source)
    a, b = _records(run("validate", source, "-q").stdout)
    assert (a["status"], a["errors"]) == ("ok", [])
    assert a["risks"]["asymmetry"]["possible_ratings"] != ["low"]  # the power ratio of 6.6 was read
    assert [(e["pointer"], e["message"], e["suggestion"]) for e in b["errors"]] == [
        (
            "/1/as_of",
            "expected a whole number or null (unknown), got a date (2023-01-01 00:00:00)",
            "write the year alone, e.g. 2023",
        ),
        (
            "/1/declared_label",
            "expected a string or null (unknown), got binary data (21 bytes)",
            "store the column as text (UTF-8 strings)",
        ),
    ]


def test_a_whole_number_column_pandas_stored_as_floats_reads_as_whole_numbers(tmp_path):
    # pandas keeps a column of whole numbers with a missing value as float64: the year came out 'as of
    # 2023.0' and "as_of": 2023.0 in JSON, the trace's 2.0 ministerial dialogues, where CSV gives 2023 and 2
    # (found by a trial)
    source = tmp_path / "floats.parquet"
    pd.DataFrame(
        [
            {"id": "a", "parties": ["USA", "JPN"], "as_of": 2023, "ministerial_dialogues": 2, "summits": "annual"},
            {"id": "b", "parties": ["USA", "KOR"]},
        ]
    ).to_parquet(source)
    assert pd.read_parquet(source)["as_of"].dtype == "float64"
    text = run("assess", source, "--row", "1")
    assert text.stdout.startswith("USA–JPN (a, as of 2023)\n")
    data = json.loads(run("assess", source, "--row", "1", "-f", "json").stdout)
    assert data["as_of"] == 2023 and isinstance(data["as_of"], int)
    matched = re.findall(r'"ministerial_dialogues": ([0-9.]+)', json.dumps(data["trace"]))
    assert matched and set(matched) == {"2"}


def test_the_to_do_list_says_why_no_rung_places_each_label(tmp_path):
    # every unplaced label was told 'add them to a lexicon, or correct them', also a status the grammar reads
    # and places on no rung on purpose ('Major Non-NATO Ally': nothing to add) (found by a trial)
    data = tmp_path / "labels.csv"
    data.write_text(
        "id,parties,legal_basis,declared_label\n"
        "a,USA;ISR,memorandum,Major Non-NATO Ally\n"
        "b,USA;JPN,ratified_treaty,Frobnicated Partnership\n"
        "c,USA;GBR,none,Special Relationship\n",
        encoding="utf-8",
    )
    result = run("validate", data, "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md")
    text = result.output
    assert "Labels the pack places on no rung, and why" in text
    said = {
        "Major Non-NATO Ally": "the pack's entry head-status reads it as something other than a rung",
        "Frobnicated Partnership": "words the grammar does not know ('Frobnicated'): add them to the pack's designations",
        "Special Relationship": "'Relationship' needs strategic: this head claims a rung only with the tier words it "
        "requires (grammar/head-needs-tier)",
    }
    lines = text.splitlines()
    for label, why in said.items():
        at = next(i for i, line in enumerate(lines) if line.startswith(f'  "{label}"'))
        assert why in lines[at + 1]
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| unrecognized label | rows | which rows (row and case) | why no rung places it |" in report
    for label, why in said.items():
        assert re.search(rf"\| {re.escape(label)} \| 1 \| [^|]+ \| {re.escape(why)}", report)


def test_the_terminal_summary_names_the_pack_the_short_levels_and_hedging(tmp_path):
    # the terminal summary gave no pack (the reports did), no legend for P, SP, CSP and CSPC, and no hedging
    # counts, which the Markdown and HTML reports have (found by trials)
    lines = run("validate", DATA, "-o", tmp_path / "out.csv", "-j", "1").output.splitlines()
    assert lines[0].endswith("82 rows, 82 assessed, 0 with errors (pack core 1.0.0)")
    assert f"  ({LEGEND})" in lines and "CSPC … of coordination" in LEGEND
    assert "Hedging: 52 yes, 9 no, 21 undecided" in lines


def test_a_deflated_reason_cites_a_trace_step_only_where_the_trace_is_shown(tmp_path):
    # a deflated label's reasons read 'comprehensive strategic partnership (step 13): ...' in the CSV, the
    # summary and both reports, none of which shows the trace: a step the analyst could not find, and no rule
    # named (found by a trial); now each names its rule, and cites its step with the trace beside it
    data = ROOT / "examples" / "dyads-2024.csv"
    result = run("validate", data, "-j", "1", "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md")
    assert run("validate", data, "-q", "-o", tmp_path / "out.jsonl", "--report", tmp_path / "r.html").exit_code == 0
    csv_reasons = pd.read_csv(tmp_path / "out.csv").set_index("id")["reasons"]
    standalone = (
        "coordination level (coordination-level) supports comprehensive strategic partnership of coordination: "
        "has comprehensive substance and alignment on global governance"
    )
    shown = {
        "the CSV": csv_reasons["eu-jpn-2024"],
        "the JSON Lines": json.dumps(_records((tmp_path / "out.jsonl").read_text())[5]["reasons"]),
        "the summary": result.output,
        "the Markdown report": (tmp_path / "r.md").read_text(encoding="utf-8"),
        "the HTML report": html.unescape((tmp_path / "r.html").read_text(encoding="utf-8")),
        "assess's text": run("assess", data, "--id", "eu-jpn-2024").stdout,
    }
    for where, text in shown.items():
        assert standalone in text, where
        assert "comprehensive strategic partnership (comprehensive-level): has strategic substance" in text, where
        assert "(step" not in text and ", step " not in text, where
    # where the trace is shown, the step is cited, and it is the step of the rule named
    (explained,) = [r for r in _records(run("validate", data, "-q", "--explain").stdout) if r["id"] == "eu-jpn-2024"]
    cited = [re.search(r"\(([a-z-]+), step (\d+)\)", r) for r in explained["reasons"][1:]]
    assert len(cited) == 2 and all(cited)
    for m in cited:
        assert m is not None and explained["trace"][int(m[2]) - 1]["rule"] == m[1]
    mermaid = run("assess", data, "--id", "eu-jpn-2024", "-f", "markdown").stdout
    assert (
        "coordination level (coordination-level, step 15) supports" in mermaid and '"15. coordination-level"' in mermaid
    )


def test_the_words_the_grammar_does_not_know_are_data_not_read_back_from_a_sentence(tmp_path):
    # the to-do list took the unknown words from the designation's sentence ("unknown words 'Frob', ':': a
    # label ...") up to its first colon, so a pack whose grammar does not know ':' got "('Frob', ')"; the
    # designation now carries the words (Designation.unknown_words), and every output reads them
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "pack: no-subtitles\nversion: 0.1.0\ndescription: Core, with no subtitle after a colon.\nextends: core\n"
        "designations:\n  clauses:\n    - id: clause-subtitle\n      override: true\n      words: [subtitled]\n"
        "      effect: a subtitle, which does not change the tier\n"
        '      source:\n        citation: "EU-India Strategic Partnership: A Roadmap to 2025 (2020)."\n',
        encoding="utf-8",
    )
    data = tmp_path / "labels.csv"
    data.write_text(
        'id,parties,legal_basis,declared_label\na,USA;ISR,memorandum,"Frob: Partnership"\nb,USA;IND,memorandum,Strategic Partnership\n',
        encoding="utf-8",
    )
    said = "words the grammar does not know ('Frob', ':'): add them to the pack's designations, or correct the label"
    result = run("validate", data, "-p", pack, "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md")
    assert result.exit_code == 0 and said in result.output
    assert said in (tmp_path / "r.md").read_text(encoding="utf-8")
    assert (
        run("validate", data, "-p", pack, "-q", "-o", tmp_path / "o.csv", "--report", tmp_path / "r.html").exit_code
        == 0
    )
    assert said in html.unescape((tmp_path / "r.html").read_text(encoding="utf-8"))
    decided_by = json.loads(run("assess", data, "-p", pack, "--row", "1", "-f", "json").stdout)["label"]["decided_by"]
    assert decided_by["id"] == "grammar/unknown-words" and decided_by["unknown_words"] == ["Frob", ":"]
    placed = json.loads(run("assess", data, "-p", pack, "--row", "2", "-f", "json").stdout)["label"]["decided_by"]
    assert placed["id"] == "rung-strategic" and placed["unknown_words"] == []


def test_the_to_do_list_names_the_words_a_grammar_rule_refused(tmp_path):
    # a label one of the grammar's rules refused was told the rule alone ('party names, numbers and clause
    # words belong before the designation or in a clause'), not which word: the analyst had to run assess on
    # each label to learn it was '2.0' (found by a trial)
    data = tmp_path / "labels.csv"
    data.write_text(
        "id,parties,legal_basis,declared_label\n"
        "a,USA;ISR,memorandum,Strategic Partnership 2.0\n"
        "b,USA;JPN,none,Comprehensive Partnership Strategic\n",
        encoding="utf-8",
    )
    said = [
        "'2.0' comes after the designation: party names, numbers and clause words belong before the designation "
        "or in a clause (grammar/misplaced)",
        "the tier word 'Strategic' follows the head 'Partnership': only a tier word such as 'of coordination', "
        "'and' or a clause may follow the head (grammar/after-head)",
    ]
    result = run("validate", data, "-j", "1", "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md")
    assert run("validate", data, "-q", "-o", tmp_path / "o.csv", "--report", tmp_path / "r.html").exit_code == 0
    shown = {
        "the summary": result.output,
        "the Markdown report": (tmp_path / "r.md").read_text(encoding="utf-8"),
        "the HTML report": html.unescape((tmp_path / "r.html").read_text(encoding="utf-8")),
    }
    for where, text in shown.items():
        for why in said:
            assert why in text, where


def test_the_empty_list_a_table_writes_as_text_is_told_how_json_writes_it(tmp_path):
    # a CSV converted to JSON Lines cell by cell gives '"[]"' or '["[]"]' for none of them (found by a trial,
    # whose own converter did it): told 'write a list, e.g. [a, b]', or nothing, where [] was meant
    data = tmp_path / "rows.jsonl"
    data.write_text(
        '{"id": "a", "parties": ["USA", "JPN"], "security_cooperation": "[]"}\n'
        '{"id": "b", "parties": ["USA", "JPN"], "security_cooperation": ["[]"]}\n',
        encoding="utf-8",
    )
    result = run("validate", data, "-q", "-j", "1")
    errors = [r["errors"][0] for r in _records(result.stdout)]
    assert [e["pointer"] for e in errors] == ["/security_cooperation", "/security_cooperation/0"]
    assert [e["suggestion"] for e in errors] == [
        "for none of them, write [] without quotes",
        "for none of them, write the list empty, [], not a list holding '[]'",
    ]


def test_the_terminal_summary_gives_every_reason_of_a_case(tmp_path):
    # it gave a case's first three reasons: a coordination-level claim on a partnership's substance lost the
    # last, the rule of the claimed level itself, and nothing said one was left out (found by a trial)
    data = tmp_path / "rows.csv"
    data.write_text(
        "id,parties,legal_basis,defense_commitment,sectors,summits,time_horizon,declared_label\n"
        "a,USA;JPN,joint_statement,none,trade,none,transactional,Comprehensive Strategic Partnership of Coordination\n",
        encoding="utf-8",
    )
    result = run("validate", data, "-j", "1", "-o", tmp_path / "out.csv")
    (reasons,) = pd.read_csv(tmp_path / "out.csv").reasons
    assert len(reasons.split(" | ")) == 4
    for reason in reasons.split(" | "):
        assert f"      {reason}\n" in result.output
    assert (
        "coordination level (coordination-level) would support comprehensive strategic partnership of "
        "coordination: lacks" in result.output
    )


def test_a_suggestion_writes_the_value_as_the_input_writes_it(tmp_path):
    # a JSON Lines file was told 'write it as a list: [trade, energy]' and "write it in quotes: '2023'", as YAML
    # writes them: pasted into the line, neither is JSON (found by a trial)
    rows = [
        {"id": "a", "parties": [], "sectors": "trade, energy"},
        {"id": 2023, "parties": ["USA", "JPN"], "sectors": "defense"},
    ]
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    listed = tmp_path / "rows.json"
    listed.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    yaml_file = tmp_path / "rows.yaml"
    yaml_file.write_text(
        "- {id: a, parties: [], sectors: 'trade, energy'}\n- {id: 2023, parties: [USA, JPN], sectors: defense}\n"
    )
    frame = pd.DataFrame({"id": [2023], "parties": [[]], "sectors": [None]})
    json_form = [
        'list the two parties\' codes, e.g. ["USA", "JPN"]',
        'write it as a list: ["trade", "energy"]',
        'write it in quotes: "2023"',
        'write it as a list: ["defense"]',
    ]
    for path in (jsonl, listed):
        result = run("validate", path, "-q", "-j", "1")
        told = [e["suggestion"] for r in _records(result.stdout) for e in r["errors"]]
        assert told == json_form, path.name
        for hint in told:  # what follows the colon is JSON, as the file writes it
            json.loads(hint.split(": ", 1)[1] if ": " in hint else hint.split("e.g. ")[1])
    result = run("validate", yaml_file, "-q", "-j", "1")
    assert [e["suggestion"] for r in _records(result.stdout) for e in r["errors"]] == [
        "list the two parties' codes, e.g. [USA, JPN]",
        "write it as a list: [trade, energy]",
        "write it in quotes: '2023'",
        "write it as a list: [defense]",
    ]
    (errors,) = validate_frame(frame).errors  # a table's cell: a list is ';'-joined, a number stored as text
    assert errors.split(" | ") == [
        "<frame>: /0/id: expected a string, got 2023 (store the column as text, '2023' as a string)",
        "<frame>: /0/parties: expected exactly 2 party codes, got 0 (list the two parties' codes, e.g. USA;JPN)",
    ]


def test_an_inflated_reason_names_its_rule_as_a_deflated_one_does(tmp_path):
    # an inflated label's reasons named their rule by name alone ('comprehensive strategic partnership of
    # coordination (coordination level): lacks ...'), a deflated one's by name and id ('coordination level
    # (coordination-level) supports ...'): the id is what pack doc, the trace and --why-not know a rule by, so
    # every reason gives it, in every output
    result = run("validate", DATA, "-j", "1", "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md")
    assert run("validate", DATA, "-q", "-o", tmp_path / "out.jsonl", "--report", tmp_path / "r.html").exit_code == 0
    (row,) = [r for r in _records((tmp_path / "out.jsonl").read_text()) if r["id"] == "chn-pak-2023"]
    said = [
        "comprehensive strategic partnership (comprehensive-level): lacks institutionalisation: needs annual summits",
        "coordination level (coordination-level) would support comprehensive strategic partnership of coordination: "
        "lacks comprehensive substance: needs strategic substance",
    ]
    assessed = json.loads(run("assess", DATA, "--id", "chn-pak-2023", "-f", "json").stdout)["label"]["reasons"]
    (explained,) = [r for r in _records(run("validate", DATA, "-q", "--explain").stdout) if r["id"] == "chn-pak-2023"]
    shown = {
        "the CSV": pd.read_csv(tmp_path / "out.csv").set_index("id")["reasons"]["chn-pak-2023"],
        "the JSON Lines": json.dumps(row["reasons"]),
        "the summary": result.output,
        "the Markdown report": (tmp_path / "r.md").read_text(encoding="utf-8"),
        "the HTML report": html.unescape((tmp_path / "r.html").read_text(encoding="utf-8")),
        "assess's text": run("assess", DATA, "--id", "chn-pak-2023").stdout,
        "assess's Markdown": run("assess", DATA, "--id", "chn-pak-2023", "-f", "markdown").stdout.replace("\\", ""),
        "assess's JSON": json.dumps([r["text"] for r in assessed]),
        "validate --explain": json.dumps(explained["reasons"]),
    }
    for where, text in shown.items():
        for reason in said:
            assert reason in text, where
        assert "(coordination level)" not in text, where
    assert [r["rule"] for r in assessed] == ["comprehensive-level", "coordination-level"]


def test_a_framework_established_after_the_year_its_facts_describe_is_a_row_to_check(tmp_path):
    # 'established: 2025' with 'as_of: 2023' passed without a word: a slip in one of the two years (the facts
    # of 2023 cannot rest on a framework declared in 2025), which an analyst wants to check. The row is still
    # assessed, and the results keep their columns; the summary and both reports list it (found by a trial)
    data = tmp_path / "rows.csv"
    rows = [
        "a,USA;JPN,2023,2025,ratified_treaty,mutual_defense,Mutual Defense Treaty",
        "b,USA;KOR,2023,2023,ratified_treaty,mutual_defense,Mutual Defense Treaty",
        "c,USA;PHL,,2051,ratified_treaty,mutual_defense,Mutual Defense Treaty",
        "d,VNM;AUS,2020,2024,joint_statement,none,Comprehensive Strategic Partnership",
    ]
    rows += [f"x{i},USA;GBR,2023,1941,ratified_treaty,mutual_defense," for i in range(300)]  # two batches, or more
    data.write_text(
        "id,parties,as_of,established,legal_basis,defense_commitment,declared_label\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    outputs = {}
    for jobs in ("1", "2"):
        result = run("validate", data, "-j", jobs, "-o", tmp_path / f"out{jobs}.csv", "--report", tmp_path / "r.md")
        assert result.exit_code == 0, result.output
        assert run("validate", data, "-q", "-j", jobs, "--report", tmp_path / "r.html").exit_code == 0
        outputs[jobs] = (
            result.output.replace(f"out{jobs}.csv", "out.csv"),
            (tmp_path / "r.md").read_text(encoding="utf-8"),
            html.unescape((tmp_path / "r.html").read_text(encoding="utf-8")),
        )
    assert outputs["1"] == outputs["2"]
    summary, markdown, page = outputs["1"]
    results = read_results(tmp_path / "out1.csv")
    assert list(results.columns) == list(FILE_COLUMNS)
    assert list(results.status[:4]) == ["ok"] * 4 and list(results.verdict[:2]) == ["consistent"] * 2
    assert "Years to check (2 rows: established after as_of)" in summary
    assert "  row 1 a: established 2025, as_of 2023" in summary
    assert "  row 4 d: established 2024, as_of 2020" in summary
    for text in (summary, markdown, page):
        assert "Years to check (2 rows: established after as_of)" in text
        assert "row 2 b" not in text and "row 3 c" not in text
    assert "| 1 | 2 | a | 2025 | 2023 |" in markdown and "| 4 | 5 | d | 2024 | 2020 |" in markdown
    assert "<td>1</td><td>2</td><td>a</td><td>2025</td><td>2023</td>" in page


def test_the_to_do_list_says_which_facts_would_help_decide_a_verdict(tmp_path):
    # the list said 'knowing it would help decide their level (and, for 1 of them, the verdict on their label)'
    # but not which row, nor which fact: in examples/dyads-2024.csv ministerial_dialogues came first, for 3 rows
    # whose verdicts are decided already, and summits, the one fact whose row (fra-ind-2024) has an open verdict,
    # came second with nothing to tell it apart (found by a trial)
    data = ROOT / "examples" / "dyads-2024.csv"
    result = run("validate", data, "-j", "1", "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md")
    assert run("validate", data, "-q", "-o", tmp_path / "o.csv", "--report", tmp_path / "r.html").exit_code == 0
    assert (
        "  ministerial_dialogues          3 rows (no verdict open): 16 egy-chn-2024, 23 ukr-gbr-2025" in result.output
    )
    assert "  summits                        1 row (1 verdict open): 3 fra-ind-2024" in result.output
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| look up | rows it would help decide | of them, with an open verdict | which rows (row and case) |" in (
        markdown
    )
    assert "| ministerial_dialogues | 3 | 0 | 16 egy-chn-2024, 23 ukr-gbr-2025, 24 usa-mng-2024 |" in markdown
    assert "| summits | 1 | 1 | 3 fra-ind-2024 |" in markdown
    page = html.unescape((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "<td>summits</td><td>1</td><td>1</td><td>3 fra-ind-2024</td>" in page


def test_parties_separated_by_a_space_are_told_to_be_joined_with_a_semicolon(tmp_path):
    # 'USA JPN' in a parties cell was told 'expected exactly 2 party codes, got 1' with no suggestion, and
    # "'USA JPN' is not of the expected form" with what a code is: not that the two codes want a ';' between
    # them, as 'USA, JPN' is told (found by a trial)
    data = tmp_path / "rows.csv"
    data.write_text("id,parties,legal_basis\na,USA JPN,none\nb,USA  /  JPN,none\nc,USA,none\n", encoding="utf-8")
    result = run("validate", data, "-q", "-j", "1")
    told = [[e["suggestion"] for e in r["errors"]] for r in _records(result.stdout)]
    assert told[0] == ["separate the items with ';': USA;JPN"] * 2
    assert told[1] == ["separate the items with ';': USA;JPN"] * 2
    assert told[2] == ["list the two parties' codes, e.g. USA;JPN"]  # one code alone: nothing to join


def test_the_reports_tell_one_reason_from_the_next(tmp_path):
    # the reports joined a case's reasons with '; ', which the reasons use themselves ('... or a permanent body);
    # has irregular summits; coordination level ...'): where one reason ended could not be told (found by a trial).
    # They are joined as the CSV joins them, with ' | '
    out = run("validate", DATA, "-q", "-j", "1", "--report", tmp_path / "r.md").stdout
    assert run("validate", DATA, "-q", "-j", "1", "--report", tmp_path / "r.html").exit_code == 0
    (row,) = [r for r in _records(out) if r["id"] == "chn-pak-2023"]
    assert len(row["reasons"]) == 3
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8").replace("\\", "")
    page = html.unescape((tmp_path / "r.html").read_text(encoding="utf-8"))
    for text in (markdown, page):
        assert " | ".join(row["reasons"]) in text
    # and one error from the next: a suggestion holds '; ' too ('write a list; 'military' is not a sector; ...')
    data = tmp_path / "bad.csv"
    data.write_text(SEVEN_PLUS, encoding="utf-8")
    (bad,) = _records(run("validate", data, "-q", "-j", "1", "--report", tmp_path / "b.md").stdout)
    assert len(bad["errors"]) > 2
    cells = [line for line in (tmp_path / "b.md").read_text(encoding="utf-8").splitlines() if line.startswith("| 1 |")]
    assert len(cells) == 1 and cells[0].count(" \\| ") == len(bad["errors"]) - 1


def test_a_label_that_is_a_word_for_a_missing_value_is_told_to_be_left_unstated(tmp_path):
    # a label column exported with 'NA', 'N/A', 'null' or 'none' where no label was declared was told "words the
    # grammar does not know ('NA'): add them to the pack's designations": advice that would teach the grammar a
    # missing value (found by a trial). amity does not guess that the word means no label; it says what to check
    data = tmp_path / "labels.csv"
    data.write_text(
        "id,parties,legal_basis,declared_label\na,USA;JPN,none,NA\nb,USA;KOR,none,N/A\nc,USA;GBR,none,null\n"
        "d,USA;FRA,none,none\ne,USA;DEU,none,Model Partnership\n",
        encoding="utf-8",
    )
    result = run("validate", data, "-j", "1", "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md")
    assert run("validate", data, "-q", "-j", "1", "--report", tmp_path / "r.html").exit_code == 0
    results = read_results(tmp_path / "out.csv")
    assert list(results.verdict) == ["unrecognized"] * 5  # read as written: amity does not guess
    said = (
        "'{}' reads as a word for a missing value or for none, not a label: if no label was declared, leave it "
        "unstated (an empty cell, or no declared_label), and the verdict is undeclared"
    )
    for text in (
        result.output,
        (tmp_path / "r.md").read_text(encoding="utf-8").replace("\\", ""),
        html.unescape((tmp_path / "r.html").read_text(encoding="utf-8")),
    ):
        for word in ("NA", "N/A", "null", "none"):
            assert said.format(word) in text
        assert "words the grammar does not know ('Model')" in text
        assert "('NA')" not in text and "('N')" not in text


def test_assess_tells_a_label_that_is_a_word_for_a_missing_value_as_validate_does(tmp_path):
    # validate said 'NA' reads as a word for a missing value, to leave unstated; the drill-down of the same row
    # (amity assess FILE --row 1, text or JSON) said "grammar/unknown-words: unknown words 'NA': a label with words
    # the grammar does not know is not placed", and the decided_by column was grammar/unknown-words in both
    with (ROOT / "examples" / "dyads-2024.csv").open(encoding="utf-8", newline="") as f:
        row = {**next(csv.DictReader(f)), "declared_label": "NA"}  # a row of it, its label a cell meaning none
    data = tmp_path / "lab.csv"
    with data.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)

    def amity(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "amity.cli", *map(str, args)], capture_output=True, text=True, cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    said = (
        "'NA' reads as a word for a missing value or for none, not a label: if no label was declared, leave it "
        "unstated (an empty cell, or no declared_label), and the verdict is undeclared"
    )
    validated = amity("validate", data, "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md")
    assert f"{said} (grammar/missing-value)" in validated
    assert f"{said} (grammar/missing-value)" in (tmp_path / "r.md").read_text(encoding="utf-8").replace("\\", "")
    assert read_results(tmp_path / "out.csv").decided_by.tolist() == ["grammar/missing-value"]
    shown = amity("assess", data, "--row", "1")
    assert f"grammar/missing-value: {said}\n" in shown and "unknown words" not in shown
    label = json.loads(amity("assess", data, "--row", "1", "-f", "json"))["label"]
    assert label["verdict"] == "unrecognized"  # read as written: amity does not guess that it means none
    assert label["decided_by"] == {
        "id": "grammar/missing-value",
        "by": "grammar",
        "explanation": said,
        "set_aside": [],
        "unknown_words": [],
    }


def test_a_word_for_a_missing_value_is_told_even_where_none_of_its_rows_is_kept(tmp_path, monkeypatch):
    # the rows of a label are kept for the first CASES_KEPT labels only; the report lists labels by their count
    import amity.engine.validation as validation

    monkeypatch.setattr(validation, "CASES_KEPT", 3)
    data = tmp_path / "labels.csv"
    odd = "".join(f"o{i},USA;JPN,none,Odd Tie {i}\n" for i in range(3))
    data.write_text(f"id,parties,legal_basis,declared_label\n{odd}a,USA;KOR,none,NA\n", encoding="utf-8")
    result = run("validate", data, "-j", "1", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0
    told = result.output[result.output.index('"NA" 1 row') :].splitlines()[1].strip()
    assert told.startswith("'NA' reads as a word for a missing value or for none, not a label")
    assert told.endswith("(grammar/missing-value)")


def test_a_table_cell_of_items_separated_otherwise_is_told_to_join_them_with_a_semicolon(tmp_path):
    # a Parquet file or a DataFrame holds a list cell as text as a CSV cell writes it ('USA;JPN'), yet 'USA, JPN'
    # and 'trade, energy' there were not told to join the items with ';', as the CSV cell is (found by a trial)
    frame = pd.DataFrame({"id": ["a", "b"], "parties": ["USA, JPN", "USA JPN"], "sectors": ["trade, energy", None]})
    frame.to_parquet(tmp_path / "rows.parquet")
    (csv_path := tmp_path / "rows.csv").write_text(frame.to_csv(index=False), encoding="utf-8")
    hints = {
        "/parties": "separate the items with ';': USA;JPN",
        "/parties/0": "separate the items with ';': USA;JPN",
        "/sectors/0": "separate the items with ';': trade;energy",
    }
    for path in (csv_path, tmp_path / "rows.parquet"):
        records = _records(run("validate", path, "-q", "-j", "1").stdout)
        # the pointer of the field, without Parquet's row ('/0/parties' is the first row's '/parties')
        told = [{re.sub(r"^/\d+/", "/", e["pointer"]): e["suggestion"] for e in r["errors"]} for r in records]
        assert told[0] == hints, path.name
        assert told[1] == {"/parties": hints["/parties"], "/parties/0": hints["/parties"]}, path.name
    errors = validate_frame(frame).errors.tolist()
    assert errors[0].count("(separate the items with ';': USA;JPN)") == 2
    assert "(separate the items with ';': trade;energy)" in errors[0]


def _labels_validated(tmp_path: Path, *rows: str):
    """A dataset of the rows given (id, parties, legal_basis, declared_label), validated to out.csv with a
    Markdown report r.md: its path, and the run."""
    data = tmp_path / "labels.csv"
    data.write_text("id,parties,legal_basis,declared_label\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return data, run("validate", data, "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md", "-j", "1")


def test_a_misspelt_word_of_a_label_is_told_with_the_word_meant(tmp_path):
    # 'Comprehensive Stratgic Partnership' was 'words the grammar does not know ('Stratgic'): add them to the
    # pack's designations, or correct the label': advice to teach the grammar a typo, and no word to write
    # (found by a trial); now a slip of a word the grammar knows is told with that word, the label first to
    # correct, in the summary, both reports and the label's reading (assess, JSON); a word the grammar lacks
    # ('Transatlantic', 'Model', not 'more') gets no guess
    data, result = _labels_validated(
        tmp_path,
        "a,USA;IND,joint_statement,Comprehensive Stratgic Partnership",
        "b,USA;IND,joint_statement,Stratgic Partnersihp",
        "c,USA;GBR,ratified_treaty,Allaince",
        "d,EU;USA,joint_statement,New Transatlantic Agenda",
        "e,TUR;USA,ratified_treaty,Model Partnership",
        # a word the grammar has only in a phrase ('allied relations') is no slip of itself
        "f,AUS;NZL,memorandum,Closer Economic Relations",
    )
    said = {
        "Comprehensive Stratgic Partnership": "words the grammar does not know ('Stratgic'): correct the label (did "
        "you mean 'Strategic'?), or add them to the pack's designations",
        "Stratgic Partnersihp": "words the grammar does not know ('Stratgic', 'Partnersihp'): correct the label "
        "('Stratgic': did you mean 'Strategic'?; 'Partnersihp': did you mean 'Partnership'?), or add them to the "
        "pack's designations",
        "Allaince": "words the grammar does not know ('Allaince'): correct the label (did you mean 'Alliance'?), or "
        "add them to the pack's designations",
        "New Transatlantic Agenda": "words the grammar does not know ('Transatlantic'): add them to the pack's "
        "designations, or correct the label",
        "Model Partnership": "words the grammar does not know ('Model'): add them to the pack's designations, or "
        "correct the label",
        "Closer Economic Relations": "words the grammar does not know ('Relations'): add them to the pack's "
        "designations, or correct the label",
    }
    lines = result.output.splitlines()
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    for label, why in said.items():
        at = next(i for i, line in enumerate(lines) if line.startswith(f'  "{label}"'))
        assert lines[at + 1] == f"      {why}"
        assert re.search(rf"\| {re.escape(label)} \| 1 \| [^|]+ \| {re.escape(why)} \|", report)
    run("validate", data, "-o", tmp_path / "out.csv", "--report", tmp_path / "r.html", "-j", "1", "-q")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.escape(said["Comprehensive Stratgic Partnership"]) in page
    decided = json.loads(run("assess", data, "--row", "1", "-f", "json").stdout)["label"]["decided_by"]
    assert decided["explanation"] == (
        "unknown words 'Stratgic' (did you mean 'Strategic'?): a label with words the grammar does not know is not "
        "placed"
    )
    assert decided["unknown_words"] == ["Stratgic"]
    assert "unknown words 'Transatlantic': a label" in run("assess", data, "--row", "4").stdout


def test_a_list_cell_written_as_a_python_or_json_list_is_told_to_drop_its_brackets_and_quotes(tmp_path):
    # pandas' to_csv writes a column of lists as "['USA', 'JPN']": the hint was to write "['USA';'JPN']",
    # brackets and quotes kept, which is wrong again ('["trade";"energy"]' for JSON's, '(USA;JPN)' for a
    # tuple), and "['defense']" had no hint at all (found by a trial); a list in a spreadsheet's cell of lines
    # had none either. Now each is told the cell to write, as a CSV cell, a Parquet cell and a DataFrame's
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "parties": [["USA", "JPN"], ["CHN", "RUS"], ["EU", "CHN"]],
            "sectors": [["trade", "energy"], ["defense"], ["trade", "climate"]],
        }
    )
    (path := tmp_path / "lists.csv").write_text(frame.to_csv(index=False), encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines()[1] == "a,\"['USA', 'JPN']\",\"['trade', 'energy']\""
    with path.open("a", encoding="utf-8") as out:
        out.write('d,"(""USA"", ""IND"")","{""trade"", ""space""}"\ne,USA;IND,"trade\nhealth"\n')
    without = "write a list in a cell as its items joined with ';', without brackets or quotes: {}"
    hints = [
        {"/parties": without.format("USA;JPN"), "/sectors/0": without.format("trade;energy")},
        {"/parties": without.format("CHN;RUS"), "/sectors/0": without.format("defense")},
        {"/parties": without.format("EU;CHN"), "/sectors/0": without.format("trade;climate")},
        {"/parties": without.format("USA;IND"), "/sectors/0": without.format("trade;space")},
        {"/sectors/0": "separate the items with ';': trade;health"},
    ]
    records = _records(run("validate", path, "-q", "-j", "1").stdout)
    told = [{e["pointer"]: e["suggestion"] for e in r["errors"] if e["pointer"] != "/parties/0"} for r in records]
    assert told == hints
    assert [e["suggestion"] for e in records[0]["errors"]][:2] == [without.format("USA;JPN")] * 2
    # the same text in a Parquet file's cells, and in a DataFrame's, is told alike
    as_text = pd.read_csv(path, dtype=str, keep_default_na=False)
    as_text.to_parquet(tmp_path / "lists.parquet")
    records = _records(run("validate", tmp_path / "lists.parquet", "-q", "-j", "1").stdout)
    told = [{re.sub(r"^/\d+/", "/", e["pointer"]): e["suggestion"] for e in r["errors"]} for r in records]
    assert [{k: v for k, v in t.items() if k != "/parties/0"} for t in told] == hints
    assert f"({without.format('trade;energy')})" in validate_frame(as_text).errors[0]


def test_the_terminal_names_a_row_with_errors_by_its_row_as_the_results_and_reports_do(tmp_path):
    # the summary's 'Rows with errors' named a row by its line alone ('line 3 (b):'), where the results, both
    # reports and every other list of the summary name it by its row ('row 2'), so a row of a JSON list, told
    # by the line it starts on, was not found in the results (found by a trial); now 'row 2, line 3 (b):'
    (path := tmp_path / "rows.csv").write_text(
        "id,parties,summits\na,USA;JPN,annual\nb,USA;JPN,anual\n", encoding="utf-8"
    )
    (listed := tmp_path / "rows.json").write_text(
        '[\n {"id": "a", "parties": ["USA", "JPN"]},\n {"id": "b", "parties": ["USA", "JPN"],\n  "summits": "anual"}\n]\n',
        encoding="utf-8",
    )
    pd.read_csv(path, dtype=str).to_parquet(table := tmp_path / "rows.parquet")
    for source, header in ((path, "  row 2, line 3 (b):"), (listed, "  row 2, line 3 (b):"), (table, "  row 2 (b):")):
        lines = run("validate", source, "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md").output.splitlines()
        at = lines.index("Rows with errors (1), every error of each:")
        assert lines[at + 1] == header, source.name
        report = (tmp_path / "r.md").read_text(encoding="utf-8")
        line = header.split("line ")[1][0] if "line" in header else ""
        assert f"| 2 | {line} | b |" in report
        assert read_results(tmp_path / "out.csv").loc[1, ["row", "status"]].tolist() == [2, "error"]


def test_an_inflated_alliance_is_told_only_what_the_alliance_lacks(tmp_path):
    # 'Mutual Defense Treaty' on a strategic partnership was told what the comprehensive rung lacks (five
    # sectors, institutionalisation, deep integration) and what the coordination rung lacks (alignment on global
    # governance), in the summary, the CSV and assess: nothing an alliance needs, since it stands apart from the
    # ladder (treaty-bound mutual defence, whatever else holds), yet it read as if it did (found by a trial)
    data = tmp_path / "rows.csv"
    data.write_text(
        "id,parties,legal_basis,defense_commitment,sectors,summits,time_horizon,declared_label\n"
        "usa-ind,USA;IND,joint_statement,consultation,trade;defense;energy,annual,long_term,Mutual Defense Treaty\n"
        "vnm-aus,VNM;AUS,joint_statement,none,trade;defense;energy,annual,long_term,Comprehensive Strategic "
        "Partnership\n",
        encoding="utf-8",
    )
    alliance = (
        "treaty alliance (treaty-alliance) would support alliance: lacks a binding instrument: needs a ratified "
        "treaty or a signed treaty; has a joint statement — lacks a mutual defense obligation; has a duty to consult"
    )
    result = run("validate", data, "-o", tmp_path / "out.csv", "-j", "1")
    table = read_results(tmp_path / "out.csv")
    assert table.verdict.tolist() == ["inflated", "inflated"]
    assert table.reasons[0] == (
        f"the substance supports strategic partnership, below the claimed alliance | {alliance}"
    )
    lines = result.output.splitlines()
    at = lines.index('  row 1 usa-ind: "Mutual Defense Treaty" claims alliance, substance SP')
    assert lines[at + 1 : at + 4] == [
        "      the substance supports strategic partnership, below the claimed alliance",
        f"      {alliance}",
        '  row 2 vnm-aus: "Comprehensive Strategic Partnership" claims CSP, substance SP',
    ]
    label = json.loads(run("assess", data, "--row", "1", "-f", "json").stdout)["label"]
    assert [r["rule"] for r in label["reasons"]] == ["treaty-alliance"]
    # a claimed rung of the ladder is still told what it lacks, rung by rung
    assert "comprehensive strategic partnership (comprehensive-level): lacks comprehensive scope" in table.reasons[1]


def test_a_label_cell_of_designations_joined_as_a_list_is_told_as_several_designations(tmp_path):
    # 'Strategic Partnership;Comprehensive Strategic Partnership' (a label's history in one cell, joined as a
    # list cell is) was told 'the tier word 'Comprehensive' follows the head 'Partnership'', a slip of word
    # order it is not, where the same two joined by a comma are told to be several designations (found by a
    # trial); now ';' and '|' are told as the comma is, each designation named
    _, result = _labels_validated(
        tmp_path,
        "a,USA;IND,joint_statement,Strategic Partnership;Comprehensive Strategic Partnership",
        "b,USA;IND,joint_statement,Strategic Partnership | Global Strategic Partnership",
        'c,USA;IND,joint_statement,"Strategic Partnership, Comprehensive Strategic Partnership"',
        "d,USA;IND,joint_statement,Strategic Partnership;Frobnicated Partnership",
    )
    several = "a label that joins several designations without a container is not placed"
    said = {
        "Strategic Partnership;Comprehensive Strategic Partnership": "'Strategic Partnership' and 'Comprehensive "
        f"Strategic Partnership', joined as the items of a list are: {several} (grammar/several-designations)",
        "Strategic Partnership | Global Strategic Partnership": "'Strategic Partnership' and 'Global Strategic "
        f"Partnership', joined as the items of a list are: {several} (grammar/several-designations)",
        "Strategic Partnership, Comprehensive Strategic Partnership": "'Strategic Partnership' and 'Comprehensive "
        f"Strategic Partnership': {several} (grammar/several-designations)",
        # a part the grammar does not place: told as before, by what refuses it
        "Strategic Partnership;Frobnicated Partnership": "words the grammar does not know ('Frobnicated')",
    }
    lines = result.output.splitlines()
    for label, why in said.items():
        at = next(i for i, line in enumerate(lines) if line.startswith(f'  "{label}"'))
        assert lines[at + 1].startswith(f"      {why}"), lines[at + 1]
    table = read_results(tmp_path / "out.csv")
    assert table.decided_by.tolist() == ["grammar/several-designations"] * 3 + ["grammar/unknown-words"]
    assert table.verdict.tolist() == ["unrecognized"] * 4


def test_the_to_do_list_says_which_fact_no_row_gives(tmp_path):
    # a dataset without a third_party_orientation column was told to look it up for 2 rows, as if two cells
    # were empty, and the analyst went looking for a column it does not have (found by a trial); now a fact
    # that no assessed row gives says so, in the terminal, both reports, whatever --jobs
    data = tmp_path / "rows.csv"
    data.write_text(
        "id,parties,legal_basis,defense_commitment,sectors,summits,time_horizon,security_cooperation,"
        "partner_in_conflict\n"
        "a,USA;IND,joint_statement,none,trade;energy;health,annual,,,false\n"
        "b,USA;JPN,ratified_treaty,mutual_defense,trade,annual,long_term,joint_exercises,false\n"
        "c,USA;IND,joint_statement,none,trade;energy;health,annual,long_term,,false\n",
        encoding="utf-8",
    )
    for jobs in ("1", "2"):
        result = run("validate", data, "-o", tmp_path / "out.csv", "--report", tmp_path / "r.md", "-j", jobs)
        lines = result.output.splitlines()
        risky = next(line for line in lines if line.startswith("  third_party_orientation"))
        assert risky.split(None, 1)[1] == "2 rows (entrapment 2; no row gives it): 1 a, 3 c"
        # a fact some row gives, left empty in others, is not said to be given by none
        level = next(line for line in lines if line.startswith("  time_horizon"))
        assert level.split(None, 1)[1] == "1 row (no verdict open): 1 a"
        report = (tmp_path / "r.md").read_text(encoding="utf-8")
        assert "| third_party_orientation (no row gives it) | 2 | entrapment 2 | 1 a, 3 c |" in report
        assert "| time_horizon | 1 | 0 | 1 a |" in report
    run("validate", data, "-o", tmp_path / "out.csv", "--report", tmp_path / "r.html", "-q")
    assert "third_party_orientation (no row gives it)" in (tmp_path / "r.html").read_text(encoding="utf-8")
    # null in JSON is unknown, as an empty cell is: a field null in every row is given by none
    listed = tmp_path / "rows.jsonl"
    listed.write_text(
        '{"id": "a", "parties": ["USA", "IND"], "legal_basis": "joint_statement", "sectors": ["trade", "energy", '
        '"health"], "summits": "annual", "time_horizon": null}\n',
        encoding="utf-8",
    )
    lines = run("validate", listed, "-o", tmp_path / "out.csv").output.splitlines()
    level = next(line for line in lines if line.startswith("  time_horizon"))
    assert level.split(None, 1)[1] == "1 row (no verdict open; no row gives it): 1 a"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_misnamed_parties_column_is_one_error_saying_to_rename_it(tmp_path, fmt):
    """A header 'Parties' was two errors for one slip: 'not a field of the vocabulary (did you mean
    'parties'?; or ignore the columns that are not fields)', and 'no 'parties' column' (found in a trial). It is
    one, at the column, saying to rename it (ignoring it would leave no parties); with the unknown columns
    ignored, the missing column says which column would be it."""
    if fmt == "csv":
        path = tmp_path / "rows.csv"
        path.write_text("id,Parties\na,USA;JPN\n", encoding="utf-8")
    else:
        path = tmp_path / "rows.parquet"
        pd.DataFrame({"id": ["a"], "Parties": ["USA;JPN"]}).to_parquet(path)
    result = run("validate", path)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    assert "column 'Parties' is not a field of the vocabulary" in errors[0]
    assert "did you mean 'parties'? every row needs its two parties: rename the column" in errors[0]
    assert "ignore" not in errors[0] and "no 'parties' column" not in result.output
    ignored = run("validate", path, "--ignore-unknown-columns")
    assert ignored.exit_code == 2
    assert "no 'parties' column: every row needs its two parties (" in ignored.output
    assert "'Parties', would be it, renamed" in ignored.output or "'Parties' would be it, renamed" in ignored.output


# --------------------------------------------------------------------------- a file into pandas, safely


def _short_last_row(tmp_path: Path) -> Path:
    """The bundled dataset's header and first two rows, the second short of its last cell (a trailing comma
    lost): pandas pads it with NaN, amity's reader does not."""
    header, first, second = DATA.read_text(encoding="utf-8").splitlines()[:3]
    path = tmp_path / "short.csv"
    path.write_text(f"{header}\n{first}\n{second.rsplit(',', 1)[0]}\n", encoding="utf-8")
    return path


def test_validate_file_reports_a_short_row_that_a_dataframe_read_by_pandas_cannot_tell(tmp_path):
    """The README's way to validate a file from Python: amity's own reader, so a row short of a cell is its
    row's error, as `amity validate` says it, not a row with its last fact unknown and 'ok'."""
    from amity.engine.frames import validate_file

    path = _short_last_row(tmp_path)
    padded = validate_frame(pd.read_csv(path, dtype=str, keep_default_na=False))
    assert list(padded["status"]) == ["ok", "ok"]  # what the DataFrame path cannot help: pandas padded the row
    table = validate_file(path)
    assert list(table["status"]) == ["ok", "error"]
    assert list(table["row"]) == [1, 2] and list(table["line"]) == [2, 3]
    assert (
        table.loc[1, "errors"]
        == f"{path}:3: expected 27 cells as in the header, got 26 (check the quoting of cells that hold ',')"
    )
    assert dict(table.dtypes.astype(str)) == FILE_COLUMNS


def test_validate_file_is_the_table_amity_validate_writes_read_back(tmp_path):
    """The same table as `amity validate FILE -o results.csv` (a process of its own) read with read_results:
    the bundled dataset, a short row and a bad cell among them."""
    from amity.engine.frames import validate_file

    path = tmp_path / "mixed.csv"
    lines = DATA.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0]  # short of its last cell
    lines[3] = lines[3].replace(",memorandum,", ",MOU,").replace(",ratified_treaty,", ",MOU,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "results.csv"
    done = subprocess.run(
        [sys.executable, "-m", "amity.cli", "validate", str(path), "-o", str(out), "-q"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    from_cli = read_results(out)
    assert (from_cli["status"] == "error").sum() == 2
    pd.testing.assert_frame_equal(validate_file(path), from_cli)


def test_validate_file_says_what_is_wrong_with_a_file_it_cannot_read(tmp_path):
    from amity.engine.errors import InputError
    from amity.engine.frames import validate_file

    with pytest.raises(InputError, match=r"missing\.csv"):
        validate_file(tmp_path / "missing.csv")
