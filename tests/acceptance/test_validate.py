"""amity validate end to end: every row accounted for, in order, atomically, with exit codes."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
from pathlib import Path

import pytest
from amity.cli.main import main
from amity.engine import Assessor
from amity.engine.dataset import read_rows
from amity.engine.validation import Summary, validate, validate_rows
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "relationships.csv"
# Rows of the bundled dataset, counted from the file so that adding rows does not break the tests.
DATA_ROWS = len(list(csv.DictReader(io.StringIO(DATA.read_text(encoding="utf-8")))))

HEADER = "id,parties,legal_basis,defense_commitment,sectors,summits,ministerial_dialogues,time_horizon,declared_label\n"
GOOD_AND_BAD = HEADER + (
    "a,USA;JPN,ratified_treaty,mutual_defense,defense,,,,Mutual Defense Treaty\n"
    "b,VNM;AUS,memorandum,none,trade,none,0,long_term,Comprehensive Strategic Partnership\n"
    "c,USA;JPN,ratified_treaty,mutual_defence,,,,,\n"
    "d,IND;PAK,none,none,,,,,\n"
    "e,USA;JPN,ratified_treaty,mutual_defense,defense,,,,Mutual Defense Treaty\n"
    "f,EU;CHN,joint_statement,none,trade;energy;climate,annual,1,long_term,Strategic Partnership\n"
)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    return path


def test_one_output_row_per_input_row_with_errors_located(dataset, tmp_path):
    out = tmp_path / "out.csv"
    result = run("validate", str(dataset), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["row"] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert [r["id"] for r in rows] == ["a", "b", "c", "d", "e", "f"]
    assert [r["status"] for r in rows] == ["ok", "ok", "error", "ok", "ok", "ok"]
    assert rows[2]["line"] == "4"
    assert "4:27: /defense_commitment: unknown value 'mutual_defence'" in rows[2]["errors"]
    assert "did you mean 'mutual_defense'?" in rows[2]["errors"]
    assert rows[0]["level"] == "alliance" and rows[0]["verdict"] == "consistent"
    assert rows[1]["verdict"] == "inflated"
    # the reasons speak the pack's names, not finding ids, and name their rule by its id, as a deflated label's
    # do; the column says what read the label (a level rule whose name only restates its level is not named
    # twice: 'comprehensive strategic partnership (comprehensive-level): lacks ...', not '... (comprehensive
    # strategic partnership level): lacks ...')
    assert "| comprehensive strategic partnership (comprehensive-level): lacks " in rows[1]["reasons"]
    assert "partnership level" not in rows[1]["reasons"]
    assert "finding institutionalized" not in rows[1]["reasons"]
    assert rows[1]["decided_by"] == "rung-comprehensive-strategic"
    assert list(rows[0])[6:9] == ["declared_level", "lexicon_entry", "decided_by"]
    assert rows[3]["level"] == "none" and rows[3]["verdict"] == "undeclared"
    assert "6 rows, 5 assessed, 1 with errors" in result.output


def test_jsonl_output_and_identical_facts_assessed_once(dataset):
    result = run("validate", str(dataset), "--format", "jsonl", "--jobs", "1")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 6
    assert records[0]["level"] == records[4]["level"] == "alliance"
    assert "1 row shared its facts with an earlier row" in result.stderr and "1 rows" not in result.stderr


def test_caching_gives_the_same_results_as_assessing_each_row():
    rows = list(read_rows(str(DATA)))
    doubled = rows + rows
    summary = Summary()
    merged = list(validate_rows(doubled, jobs=1, summary=summary))
    assert summary.merged == len(rows) and summary.assessed == len(rows)
    single = list(validate_rows(rows, jobs=1))
    assert merged[: len(rows)] == single
    assert [{k: v for k, v in r.as_dict().items() if k != "row"} for r in merged[len(rows) :]] == [
        {k: v for k, v in r.as_dict().items() if k != "row"} for r in single
    ]


def test_order_and_bytes_are_the_same_under_jobs(tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        assert run("validate", str(DATA), "-o", str(out), "-j", jobs, "-q").exit_code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert [json.loads(x)["row"] for x in outputs[0].splitlines()] == list(range(1, DATA_ROWS + 1))


def test_many_rows_under_jobs_stay_in_order(tmp_path):
    lines = []
    for i in range(1500):  # several batches; 37 distinct profiles, merged across batches
        lines.append(
            json.dumps(
                {
                    "id": f"r{i}",
                    "parties": ["AAA", "BBB"],
                    "ministerial_dialogues": i % 37,
                    "legal_basis": "joint_statement",
                }
            )
        )
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = run("validate", str(path), "-j", "2", "-q")
    ids = [json.loads(x)["id"] for x in result.stdout.splitlines()]
    assert ids == [f"r{i}" for i in range(1500)]


def test_output_is_written_atomically(dataset, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("previous results\n")
    result = run("validate", str(dataset), "-o", str(out), "--strict", "-j", "1")
    assert result.exit_code == 2
    assert "/defense_commitment: unknown value 'mutual_defence'" in result.stderr
    assert out.read_text() == "previous results\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []


def test_a_large_output_goes_to_the_disk_as_it_is_written_and_appears_whole(tmp_path, monkeypatch):
    """Every few MiB (here: bytes) the kernel is asked to write back what was written since: the
    hints cover the file from its start, in order, and the file is the same as written at once."""
    import os

    from amity.cli import output

    header, *rows = DATA.read_text(encoding="utf-8").splitlines(keepends=True)
    dataset = tmp_path / "rows.csv"
    dataset.write_text(header + "".join(rows * (1000 // len(rows) + 1)), encoding="utf-8")  # batches of 256 rows
    hints: list[tuple[int, int]] = []
    monkeypatch.setattr(output._WrittenBack, "EVERY", 64)
    monkeypatch.setattr(
        os, "posix_fadvise", lambda fd, offset, length, advice: hints.append((offset, length)), raising=False
    )
    out = tmp_path / "out.csv"
    assert run("validate", str(dataset), "-o", str(out), "-q", "-j", "1").exit_code == 0
    assert len(hints) >= 4
    assert [offset for offset, _ in hints] == [0, *[o + n for o, n in hints[:-1]]]  # each from where the last ended
    assert all(n >= 64 for _, n in hints) and hints[-1][0] + hints[-1][1] <= out.stat().st_size
    assert out.read_text() == run("validate", str(dataset), "--format", "csv", "-q", "-j", "1").stdout


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("inflated", 1), ("deflated", 0), ("error", 1), ("inflated,error", 1), ("unrecognized", 0)],
)
def test_fail_on(dataset, fail_on, code):
    result = run("validate", str(dataset), "--fail-on", fail_on, "-q", "-j", "1")
    assert result.exit_code == code
    if code:
        assert "rows matched --fail-on" in result.stderr
    # each kind matched with its count of rows (it named the kinds alone: how far from passing was unsaid)
    said = {
        "inflated": "inflated (1 row)",
        "error": "error (1 row)",
        "inflated,error": "error (1 row), inflated (1 row)",
    }
    if fail_on in said:
        assert result.stderr.splitlines()[-1] == f"amity: rows matched --fail-on: {said[fail_on]}"
    else:
        assert "--fail-on" not in result.stderr


def test_bad_usage_exits_2(dataset, tmp_path):
    result = run("validate", str(dataset), "--fail-on", "inflatd")
    assert result.exit_code == 2 and "did you mean 'inflated'?" in result.stderr
    assert run("validate", str(tmp_path / "missing.csv")).exit_code == 2
    assert run("validate", str(dataset), "--report", str(tmp_path / "r.pdf")).exit_code == 2
    assert run("validate", str(dataset), "-o", str(tmp_path / "no" / "such" / "dir.csv")).exit_code == 2
    bad_header = tmp_path / "h.csv"
    bad_header.write_text("parties,legal_bases\nUSA;JPN,none\n")
    result = run("validate", str(bad_header))
    assert result.exit_code == 2 and "h.csv:1:9: column 'legal_bases'" in result.stderr


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_report_is_self_contained_with_a_chart(dataset, tmp_path, suffix):
    report = tmp_path / f"report{suffix}"
    assert run("validate", str(dataset), "--report", str(report), "-q", "-j", "1").exit_code == 0
    text = report.read_text()
    assert "Declared against inferred level" in text and "Inflated labels (1)" in text
    if suffix == ".html":
        assert "<svg" in text and "<script" not in text
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
    else:
        assert "](report-levels.svg)" in text and "<svg" in (tmp_path / "report-levels.svg").read_text()


def test_standard_input_is_sniffed():
    result = run("validate", "-", "-q", "-j", "1", input='{"parties": ["USA", "JPN"], "legal_basis": "none"}\n')
    assert json.loads(result.stdout)["level"] == "none"


@pytest.mark.parametrize("text", ["", "\n\n", " \r\n  \n"], ids=["empty", "blank-lines", "blank-space"])
@pytest.mark.parametrize("name", ["d.jsonl", "d.csv", "d.json", "d.yaml", "-jsonl", "-csv", "-"])
def test_an_empty_input_is_an_error_in_every_format(tmp_path, name, text):
    """Nothing to read (no bytes, or blank lines only) is 'the file is empty', exit 2, never '0 rows'."""
    if name.startswith("-"):  # standard input, its format given or sniffed
        given = ["--input-format", name[1:]] if name[1:] else []
        result = run("validate", "-", "-q", *given, input=text)
        shown = "<stdin>"
    else:
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = run("validate", str(tmp_path / name), "-q")
        shown = str(tmp_path / name)
    assert result.exit_code == 2, result.output
    assert f"error: {shown}: the file is empty (expected " in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("text", [" \t \n\n", "\ufeff\t\n", "\n# a comment alone\n"], ids=["tab", "bom-tab", "comment"])
@pytest.mark.parametrize(
    "command",
    [["validate", "-q"], ["validate", "-q", "-"], ["assess"], ["interview", "--answers"], ["interview", "--resume"]],
    ids=["validate", "validate-stdin", "assess", "interview-answers", "interview-resume"],
)
def test_a_file_of_blank_space_and_tabs_is_empty_for_every_command(tmp_path, command, text):
    """A tab in a file of nothing else was, for validate alone, 'malformed YAML: found character that cannot start
    any token (indent with spaces, not tabs)', where assess said 'the file is empty'; a comment alone was, for
    assess and the interview alone, 'expected a profile (a mapping) ..., got null'. Every command says it is empty."""
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    stdin = command[-1] == "-"
    args = command if stdin else [*command, str(tmp_path / "p.yaml")]
    result = run(*args, input=text if stdin else "")
    shown = "<stdin>" if stdin else str(tmp_path / "p.yaml")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {shown}: the file is empty (expected "), result.stderr
    assert "malformed" not in result.stderr and "null" not in result.stderr


def test_library_api_gives_typed_results_in_order():
    results = list(
        validate(
            [
                {"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense"},
                {"parties": ["X"]},
            ]
        )
    )
    assert [r.status for r in results] == ["ok", "error"]
    assert results[0].assessment.level.value == "alliance"
    assert results[1].errors[0].location.pointer == "/parties"
    assert results[1].as_dict()["errors"][0]["pointer"] == "/parties"


def test_library_reports_an_item_that_is_not_a_profile_as_its_row_and_carries_on(tmp_path):
    """As `amity validate` reports a list item that is no mapping: an error row, and the good rows kept."""
    good = {"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense"}
    results = list(validate([good, None, "USA;JPN", [("parties", ["USA", "JPN"])], good]))
    assert [r.status for r in results] == ["ok", "error", "error", "error", "ok"]
    assert [r.row for r in results] == [1, 2, 3, 4, 5]
    listed = tmp_path / "rows.yaml"
    listed.write_text("- {parties: [USA, JPN]}\n- just text\n", encoding="utf-8")
    cli = json.loads(run("validate", str(listed), "-q").stdout.splitlines()[1])["errors"][0]["message"]
    for bad in results[1:4]:
        (problem,) = bad.errors
        assert problem.message == cli == "expected a profile (a mapping)"
        assert problem.location.pointer == ""  # the whole item
    assert "got None" in results[1].errors[0].suggestion and "got a str" in results[2].errors[0].suggestion
    assert results[4].assessment.level.value == "alliance"


@pytest.mark.parametrize("wrong", [{"parties": ["USA", "JPN"]}, "USA;JPN"])
def test_library_validate_refuses_one_profile_or_a_string_for_the_list(wrong):
    from amity.engine import UsageError

    with pytest.raises(UsageError, match="validate takes an iterable of profiles"):
        validate(wrong)


@pytest.mark.parametrize("wrong", ["USA;JPN", None, [("parties", ["USA", "JPN"])]])
def test_assessing_what_is_not_a_profile_is_an_input_error(wrong):
    from amity.engine import InputError

    with pytest.raises(InputError) as caught:
        Assessor("core").assess(wrong)
    (problem,) = caught.value.problems
    assert problem.message == "expected a profile (a mapping)" and problem.location.pointer == ""


def test_the_bundled_dataset_validates_with_every_row_assessed(tmp_path):
    result = run("validate", str(DATA), "-o", str(tmp_path / "o.csv"), "--report", str(tmp_path / "r.html"))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "o.csv").read_text())))
    assert DATA_ROWS >= 80 and len(rows) == DATA_ROWS and all(r["status"] == "ok" for r in rows)
    verdicts = {r["verdict"] for r in rows}
    assert {"consistent", "inflated", "deflated"} <= verdicts
    levels = {r["level"] for r in rows}
    assert {"none", "partnership", "strategic_partnership", "comprehensive_strategic_partnership", "alliance"} <= levels


def test_cache_eviction_never_loses_a_row(monkeypatch):
    """Keys evicted from the bounded cache while later batches still refer to them."""
    import amity.engine.validation as validation

    monkeypatch.setattr(validation, "CACHE_SIZE", 5)
    monkeypatch.setattr(validation, "BATCH", 7)
    profiles = []
    for i in range(300):
        n = i % 40 if i % 3 else i  # many distinct keys, and repeats across batches
        profiles.append(
            {"id": f"r{i}", "parties": ["AAA", "BBB"], "legal_basis": "joint_statement", "ministerial_dialogues": n}
        )
    cached = list(validate_rows(read_rows_from(profiles), jobs=2))
    assessor = Assessor("core")
    assert [r.id for r in cached] == [f"r{i}" for i in range(300)]
    for rec, profile in zip(cached, profiles, strict=True):
        assert rec.assessment == validation.RowAssessment.of(assessor.assess(profile))


def read_rows_from(profiles):
    from amity.engine.dataset import Row

    for i, p in enumerate(profiles, start=1):
        yield Row(i, None, profile=p)


def test_dyad_years_that_differ_only_in_year_are_assessed_once():
    rows = [
        {
            "parties": ["USA", "JPN"],
            "as_of": year,
            "legal_basis": "ratified_treaty",
            "defense_commitment": "mutual_defense",
        }
        for year in range(1990, 2021)
    ]
    summary = Summary()
    results = list(validate_rows(read_rows_from(rows), jobs=1, summary=summary))
    assert summary.assessed == 1 and summary.merged == 30
    assert {r.assessment.level.value for r in results} == {"alliance"}


def test_an_interrupted_run_leaves_no_file(dataset, tmp_path, monkeypatch):
    import amity.engine.validation as validation
    from amity.cli.reporters import rows as row_writers

    calls = {"n": 0}
    original = row_writers.RowWriter.write_batch

    def interrupted(self, rendered):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        original(self, rendered)

    monkeypatch.setattr(validation, "BATCH", 2)  # several batches, written one at a time
    monkeypatch.setattr(row_writers.RowWriter, "write_batch", interrupted)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["validate", str(dataset), "-o", str(out), "-j", "1"])
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert not out.exists() and list(tmp_path.glob(".out.csv*")) == []


def test_csv_on_standard_input_with_bom_and_crlf():
    text = "\ufeffparties,legal_basis\r\nUSA;JPN,none\r\nEU;CHN,joint_statement\r\n"
    result = run("validate", "-", "-q", "-j", "1", "-f", "csv", input=text)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["level"] == "none"
    assert rows[1]["level"] == "" and rows[1]["possible_levels"].startswith("partnership;")
    assert [r["line"] for r in rows] == ["2", "3"]


def test_a_json_list_broken_at_item_701_keeps_the_700_rows_before_it(tmp_path):
    items = [json.dumps({"id": f"r{i}", "parties": ["USA", "JPN"], "legal_basis": "none"}) for i in range(700)]
    path = tmp_path / "broken.json"
    path.write_text("[\n" + ",\n".join(items) + ',\n{"id": "r700", "parties": ["USA" "JPN"]},\n' + items[0] + "\n]\n")
    result = run("validate", str(path), "-q", "-j", "2")
    # the rows before the break are written; that the rest was not read is said, and the exit is 2, not 0
    assert result.exit_code == 2
    assert f"error: {path}:702:34: malformed JSON" in result.stderr
    assert "was not read to its end: the results hold its first 700 rows, then the break (row 701" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 701 and [r["id"] for r in records[:700]] == [f"r{i}" for i in range(700)]
    assert {r["status"] for r in records[:700]} == {"ok"}
    (error,) = records[700]["errors"]
    assert records[700]["status"] == "error" and (error["line"], error["column"]) == (702, 34)
    assert "reading stops here" in error["message"]
    assert run("validate", str(path), "-q", "-j", "1", "--strict").exit_code == 2


def test_a_one_column_csv_on_standard_input_is_read_as_csv():
    result = run("validate", "-", "-q", "-j", "1", input="parties\nUSA;JPN\nEU;CHN\n")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["line"], r["status"]) for r in records] == [(2, "ok"), (3, "ok")]


def test_bytes_that_are_not_utf8_cost_only_their_row_on_standard_input():
    data = b"parties,declared_label\nUSA;JPN,fine\nUSA;JPN,caf\xe9\nEU;CHN,ok\n"
    result = CliRunner().invoke(main, ["validate", "-", "-q", "-j", "1"], input=data, catch_exceptions=False)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in records] == ["ok", "error", "ok"]
    offset = data.index(b"\xe9")
    assert (
        records[1]["errors"][0]["message"] == f"not UTF-8 text: invalid continuation byte 0xe9 at byte offset {offset}"
    )
    assert (records[1]["errors"][0]["line"], records[1]["errors"][0]["column"]) == (3, 12)


def test_an_unclosed_csv_quote_loses_no_row(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('id,parties,declared_label\na,USA;JPN,"Strategic Partnership\nb,USA;JPN,x\nc,USA;JPN,y\n')
    result = run("validate", str(path), "-q", "-j", "1")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["row"], r["line"], r["status"]) for r in records] == [(1, 2, "error"), (2, 3, "ok"), (3, 4, "ok")]
    assert run("validate", str(path), "-q", "-j", "1", "--strict").exit_code == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_summaries_merged_in_order_are_the_summary_of_every_row(monkeypatch, jobs):
    """Each batch is summarised where it is assessed; merged in input order (keeping few rows of each
    kind, so that the limits bite), they give the summary of adding the rows one by one."""
    import dataclasses

    import amity.engine.validation as validation
    from amity.engine.dataset import Row
    from amity.engine.errors import Location, Problem

    monkeypatch.setattr(validation, "CASES_KEPT", 3)
    monkeypatch.setattr(validation, "BATCH", 4)
    rows = []
    for i, row in enumerate([*read_rows(str(DATA)), *read_rows(str(DATA))]):
        if i % 7 == 3:  # a bad row
            row = Row(row.number, row.line, problems=[Problem("bad", Location("f", i + 1))])
        elif i % 5 == 1 and row.profile is not None:  # a label the lexicon cannot place, four different ones
            row = Row(row.number, row.line, profile={**row.profile, "declared_label": f"Odd Tie {i % 4}"})
        elif i % 5 == 2 and row.profile is not None:  # facts left unknown: the level may stay open
            row = Row(row.number, row.line, profile={"parties": row.profile["parties"], "summits": "annual"})
        rows.append(row)
    summary = Summary()
    records = list(validate_rows(rows, jobs=jobs, summary=summary))
    reference = Summary()
    for rec in records:
        reference.add(rec)
    assert reference.errors and reference.undecided and len(reference.unrecognized) == 3
    assert len(reference.cases["inflated"]) == 3 and reference.cases["deflated"]
    # the ids on more than one row are told by the run, which meets every row's id (the dataset read twice)
    ids = {rec.id for rec in records[: len(records) // 2]} & {rec.id for rec in records[len(records) // 2 :]}
    assert summary.ids_repeated == len(ids - {None}) > 3 and len(summary.repeated_ids) == 3
    repeated = {"repeated_ids": {}, "repeated_id_counts": {}, "ids_repeated": 0}
    # the fields the rows give are told by the run, which meets every row's facts
    assert summary.given == {name for row in rows if row.ok for name in row.profile}
    assert dataclasses.replace(summary, merged=0, assessed=0, **repeated) == reference
    assert summary.merged + summary.assessed == summary.rows - summary.errors
    assert summary.merged > 0  # rows of the second copy share their facts with the first


@pytest.mark.parametrize("batch", [2, 5])
@pytest.mark.parametrize("jobs", [1, 2])
def test_unrecognized_labels_are_counted_one_by_one_up_to_a_bound_and_the_rest_together(monkeypatch, jobs, batch):
    """Memory stays flat where every row declares a label of its own: the first labels are counted one by
    one, the rows of labels that come after are counted together, whatever the batches; and said so."""
    import amity.engine.validation as validation
    from amity.cli.reporters.summary import html_report, text
    from amity.engine.dataset import Row

    monkeypatch.setattr(validation, "LABELS_COUNTED", 3)
    monkeypatch.setattr(validation, "BATCH", batch)
    profile = {"parties": ["USA", "JPN"], "legal_basis": "joint_statement"}
    labels = ["Odd 1", "Odd 2", "Odd 1", "Odd 3", "Odd 4", "Odd 5", "Odd 2", "Odd 4", "Strategic Partnership"]
    rows = [Row(i + 1, i + 2, profile={**profile, "declared_label": label}) for i, label in enumerate(labels)]
    summary = Summary()
    records = list(validate_rows(rows, jobs=jobs, summary=summary))
    assert summary.unrecognized_counts == {"Odd 1": 2, "Odd 2": 2, "Odd 3": 1}
    assert summary.unrecognized_uncounted == 3 and summary.unrecognized_rows == 8
    assert set(summary.unrecognized) == {"Odd 1", "Odd 2", "Odd 3"}
    reference = Summary()
    for rec in records:
        reference.add(rec)
    assert reference == dataclasses.replace(summary, merged=0, assessed=0)
    said = text(summary, "rows.csv")
    assert "… and 3 rows whose labels came after 3 other unrecognized labels, counted together" in said, said
    report = html.unescape(html_report(summary, "rows.csv", "core"))
    assert "Unrecognized labels (8 rows)" in report
    assert "… and 3 rows whose labels came after 3 other unrecognized labels, counted together" in report


def test_an_output_that_is_a_folder_or_a_name_too_long_is_refused_before_any_work(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    result = run("validate", str(DATA), "-o", str(folder))
    assert result.exit_code == 2 and f"--output '{folder}' is a folder (name a file in it)" in result.stderr
    long = tmp_path / ("r" * 300 + ".csv")
    result = run("validate", str(DATA), "-o", str(long))
    assert result.exit_code == 2 and "--output: the file name is too long (304 bytes" in result.stderr
    assert "internal error" not in result.output and not result.stdout
    # short enough for the file system, too long for the partial file amity writes first (it failed after the
    # work, with the OS's bare words)
    nearly = tmp_path / ("r" * 240 + ".csv")
    result = run("validate", str(DATA), "-o", str(nearly))
    assert result.exit_code == 2 and not result.stdout and not nearly.exists()
    assert "--output: the file name is too long (244 bytes; amity writes the file first under a name" in result.stderr
    assert "this file system takes at most 255) (choose a name of at most" in result.stderr


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("option", ["--output", "--report"])
def test_an_output_in_a_folder_that_takes_no_new_file_is_refused_located_with_the_fix(tmp_path, option):
    """/proc is there and, for root, writable by its mode, yet creates no file: the OS's bare words were
    said ("cannot write '/proc/x.csv': No such file or directory"), with no suggestion."""
    name = "x.csv" if option == "--output" else "x.html"
    result = run("validate", str(DATA), option, f"/proc/{name}", "-q")
    assert result.exit_code == 2 and not result.stdout
    assert (
        f"error: /proc/{name}: {option}: cannot write '/proc/{name}': no new file can be created in folder '/proc'"
        in result.stderr
    )
    assert f"(name a file in a folder where you can create files, e.g. ./{name})" in result.stderr
    assert "internal error" not in result.output


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_with_more_labels_than_the_bound_counts_them_as_one_by_one(monkeypatch, jobs):
    """A batch's summary counts every label of its rows; the run's bounds them as it merges, in input order
    (a batch that bounded its own dropped labels the run counted: found by the review)."""
    import amity.engine.validation as validation
    from amity.engine.dataset import Row

    monkeypatch.setattr(validation, "LABELS_COUNTED", 3)
    monkeypatch.setattr(validation, "BATCH", 5)
    labels = [f"Odd {n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 1, 2)]  # the second batch: three new, then 1 and 2
    profile = {"parties": ["USA", "JPN"], "legal_basis": "joint_statement"}
    rows = [Row(i + 1, i + 2, profile={**profile, "declared_label": label}) for i, label in enumerate(labels)]
    summary = Summary()
    records = list(validate_rows(rows, jobs=jobs, summary=summary))
    reference = Summary()
    for rec in records:
        reference.add(rec)
    assert reference.unrecognized_counts == {"Odd 1": 2, "Odd 2": 2, "Odd 3": 1}
    assert reference.unrecognized_uncounted == 5
    assert dataclasses.replace(summary, merged=0, assessed=0) == reference


def test_the_rows_sharing_facts_are_counted_alike_under_any_jobs():
    rows = list(read_rows(str(DATA))) * 3
    counts = []
    for jobs in (1, 2):
        summary = Summary()
        for _ in validate_rows(rows, jobs=jobs, summary=summary):
            pass
        counts.append((summary.merged, summary.assessed))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_summary_that_keeps_no_rows_counts_the_same(jobs):
    import dataclasses

    from amity.engine.dataset import batches_of
    from amity.engine.validation import validate_batches

    rows = list(read_rows(str(DATA)))
    full, counted = Summary(), Summary()
    for _ in validate_batches(batches_of(rows, 16), jobs=jobs, summary=full):
        pass
    for _ in validate_batches(batches_of(rows, 16), jobs=jobs, summary=counted, keep_rows=False):
        pass
    assert full.cases["inflated"] and full.to_look_up and full.unrecognized
    assert not counted.error_rows and not any(counted.cases.values())
    assert not counted.to_look_up and not counted.unrecognized
    assert full.risk_look_up and not counted.risk_look_up
    unkept = {
        "error_rows": [],
        "cases": {"inflated": [], "deflated": []},
        "to_look_up": {},
        "risk_look_up": {},
        "unrecognized": {},
    }
    assert dataclasses.replace(full, **unkept) == counted


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_summary_that_counts_no_shared_facts_counts_the_rest_the_same(jobs):
    import dataclasses

    from amity.engine.dataset import batches_of
    from amity.engine.validation import validate_batches

    rows = list(read_rows(str(DATA))) * 2
    full, counted = Summary(), Summary()
    out_full = list(validate_batches(batches_of(rows, 16), jobs=jobs, summary=full))
    out = list(validate_batches(batches_of(rows, 16), jobs=jobs, summary=counted, count_shared=False))
    assert out == out_full
    assert full.merged and full.assessed and counted.merged == counted.assessed == 0
    assert full.ids_repeated and not counted.ids_repeated  # nor does it tell the ids on more than one row
    repeated = {"repeated_ids": {}, "repeated_id_counts": {}, "ids_repeated": 0}
    assert dataclasses.replace(full, merged=0, assessed=0, **repeated) == counted


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_no_one_asks_a_summary_of_gives_the_same_records_and_sums_up_nothing(monkeypatch, jobs):
    from amity.engine import validation, workers
    from amity.engine.dataset import Row, batches_of
    from amity.engine.errors import Problem
    from amity.engine.validation import validate_batches

    # repeated facts and ids, unrecognized labels, open levels, and a row with an error
    rows = [*list(read_rows(str(DATA))) * 2, Row(0, None, problems=[Problem("expected an object")])]
    with_summary = [r for part in validate_batches(batches_of(rows, 16), jobs=jobs, summary=Summary()) for r in part]
    summed: list[int] = []
    add = Summary.add

    def counting(self, rec):
        summed.append(rec.row)
        add(self, rec)

    # what comes back of each batch: built in this process (jobs 1), or sent back by a worker (jobs 2); where
    # mypyc compiles the validation, its calls within it are not looked up, and so are watched from outside it
    built: list[Summary] = []
    init = Summary.__init__

    def building(self, *args, **kwargs):
        built.append(self)
        init(self, *args, **kwargs)

    parts: list[Summary | None] = []
    get = workers.Result.get

    def getting(self):
        part = get(self)
        parts.append(part.summary)
        return part

    monkeypatch.setattr(validation.Summary, "add", counting)
    monkeypatch.setattr(validation.Summary, "__init__", building)
    monkeypatch.setattr(workers.Result, "get", getting)
    without = [r for part in validate_batches(batches_of(rows, 16), jobs=jobs) for r in part]
    assert without == with_summary and len(without) == len(rows)
    # no row is summed up, not even the one with errors: no batch brings a summary back, from this process or
    # from a worker (the one summary built is the run's own, which counts nothing)
    assert [r.row for r in with_summary if r.assessment is None] == [0]
    assert len(built) == 1 and built[0].rows == 0
    assert parts == ([None] * -(-len(rows) // 16) if jobs == 2 else [])
    assert summed == []
    assert list(validation.validate_rows(rows)) == with_summary  # the library's own, which takes no summary


@pytest.mark.parametrize(
    ("options", "sums_up", "code"),
    [
        (["-q"], False, 0),  # no one reads a summary: none is kept
        (["-q", "--fail-on", "error"], True, 1),  # --fail-on counts the rows of each kind
        ([], True, 0),  # the summary is shown
    ],
)
def test_a_quiet_run_keeps_no_summary_unless_fail_on_reads_it(monkeypatch, dataset, tmp_path, options, sums_up, code):
    from amity.engine import validation

    summed: list[int] = []
    add = Summary.add

    def counting(self, rec):
        summed.append(rec.row)
        add(self, rec)

    loud = tmp_path / "loud.csv"
    assert run("validate", str(dataset), "-o", str(loud), "-j", "1").exit_code == 0
    monkeypatch.setattr(validation.Summary, "add", counting)
    out = tmp_path / "out.csv"
    result = run("validate", str(dataset), "-o", str(out), "-j", "1", *options)
    assert result.exit_code == code, result.output
    assert out.read_bytes() == loud.read_bytes()  # the same records, summed up or not
    assert summed == ([1, 2, 3, 4, 5, 6] if sums_up else [])
    assert ("rows matched --fail-on: error (1 row)" in result.output) == ("--fail-on" in options)


def test_the_library_validates_in_batches_that_spare_the_garbage_collector(monkeypatch):
    """In the caller's process a batch keeps its rows and records alive until it is handed on: batches of a
    few hundred rows set the collector off again and again, to walk them and, in time, all the caller holds."""
    import gc
    import random

    from amity.engine import validation
    from amity.engine.vocabulary import fact_fields

    rng = random.Random(1)

    def value(spec):
        if spec.kind == "boolean":
            return rng.random() < 0.5
        if spec.kind == "set":
            return [v for v in spec.values if rng.random() < 0.5]
        if spec.kind == "integer":
            return rng.randint(int(spec.minimum or 0), int(spec.minimum or 0) + 30)
        if spec.kind == "number":
            return round(rng.uniform(spec.minimum or 0, spec.maximum or 50), 4)
        return rng.choice(spec.values)

    labels = [None, "Strategic Partnership", "Comprehensive Strategic Partnership", "Alliance", "Iron Brotherhood"]
    profiles = [  # complete, and distinct facts: no row takes the assessment of an earlier one
        {"parties": ["USA", "JPN"], **{n: value(spec) for n, spec in fact_fields().items()}, "ministerial_dialogues": i}
        | ({"declared_label": label} if (label := rng.choice(labels)) else {})
        for i in range(6_000)
    ]

    def collections() -> int:
        started: list[int] = []

        def count(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started.append(info["generation"])

        gc.callbacks.append(count)
        try:
            for _ in validate(profiles):
                pass
        finally:
            gc.callbacks.remove(count)
        return len(started)

    collections()  # the pack's memos filled
    ours = collections()
    monkeypatch.setattr(validation, "LOCAL_BATCH", validation.BATCH)  # batches as a worker's
    theirs = collections()
    if theirs < 20:  # batches of 256 rows rarely set it off here (3.13, compiled: 9 collections a run)
        pytest.skip(f"nothing to spare: {theirs} collections in batches of 256 rows")
    assert ours <= 0.75 * theirs, (ours, theirs)  # about half as many (3.11: 26 against 51)


def test_a_worker_that_counts_no_shared_facts_sends_none_back(monkeypatch):
    from amity.engine import load_pack, validation
    from amity.engine.assessment import DEFAULT_ENGINE
    from amity.engine.dataset import batches_of

    monkeypatch.setattr(validation, "_WORK", None)  # what a worker process sets up, undone after
    pack = load_pack("core")
    (batch,) = batches_of(list(read_rows(str(DATA)))[:5], 16)
    task = (batch, validation._Budget.none())
    for count, sent in ((True, 5), (False, 0)):
        validation._init_worker(pack, DEFAULT_ENGINE, False, False, None, count)
        assert len(validation._work_task(task).keys) == sent


def test_the_workers_facts_key_is_facts_key_on_checked_profiles():
    from amity.engine import load_pack
    from amity.engine.assessment import DEFAULT_ENGINE
    from amity.engine.validation import _Work, facts_key

    work = _Work(load_pack("core"), DEFAULT_ENGINE, False, False, None)
    profiles = [row.profile for row in read_rows(str(DATA)) if row.ok]
    profiles.append({"parties": ["USA", "JPN"], "sectors": ["trade", "defense"], "security_cooperation": []})
    assert any(isinstance(v, list) for p in profiles for n, v in p.items() if n in work.tested)
    for profile in profiles:
        assert work.key(profile) == facts_key(profile, work.tested)
    shuffled = {**profiles[-1], "sectors": ["defense", "trade"]}  # a set's order does not matter
    assert work.key(shuffled) == work.key(profiles[-1])


@pytest.mark.parametrize(
    ("command", "frozen"), [(["validate", "DATA", "-o", "OUT", "-q"], True), (["--version"], False)]
)
def test_a_validate_run_ends_without_a_last_collection_and_writes_everything(tmp_path, command, frozen):
    """At exit, what is left is frozen out of the interpreter's last garbage collection (a probe sees it)."""
    import subprocess
    import sys

    out = tmp_path / "out.csv"
    args = [str(DATA) if a == "DATA" else str(out) if a == "OUT" else a for a in command]
    probe = (  # against the count at start: Python 3.12 starts with objects of its own frozen
        "import atexit, gc, sys\n"
        "start = gc.get_freeze_count()\n"
        "atexit.register(lambda: print('frozen' if gc.get_freeze_count() > start else 'not frozen', file=sys.stderr))\n"
        "from amity.cli.main import main\n"
        f"main({args!r})\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == ("frozen" if frozen else "not frozen")
    if frozen:
        with out.open(encoding="utf-8", newline="") as handle:
            assert len(list(csv.reader(handle))) == 1 + len(list(read_rows(str(DATA))))


@pytest.mark.parametrize("jobs", ["1", "2"])  # starting workers must not thaw what the run froze
def test_a_run_collects_garbage_less_often_and_leaves_the_collector_as_it_was(tmp_path, monkeypatch, jobs):
    import gc

    from amity.cli.reporters.rows import RowWriter

    seen = []
    write = RowWriter.write_batch

    def spy(self, rendered):  # type: ignore[no-untyped-def]
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        write(self, rendered)

    monkeypatch.setattr(RowWriter, "write_batch", spy)
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        result = run("validate", str(DATA), "-o", str(tmp_path / "out.csv"), "-q", "-j", jobs)
        assert result.exit_code == 0
        assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0
    finally:
        gc.set_threshold(*before)
    assert seen and all(threshold == 10_000 and frozen > 0 for threshold, frozen in seen)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_batches_written_as_utf_8_bytes_are_the_text_a_batch_renders(tmp_path, monkeypatch, fmt):
    """Workers hand back encoded batches (``rows.ENCODED``): the file is the one text rendering writes."""
    from amity.cli.reporters import rows

    path = tmp_path / "rows.csv"
    path.write_text(  # labels outside ASCII, and reasons with their dashes
        GOOD_AND_BAD + "g,CHN;RUS,joint_statement,none,trade,annual,2,long_term,Всеобъемлющее партнёрство\n"
        "h,VNM;JPN,memorandum,none,trade,none,0,long_term,Comprehensive Strategic Partnership of Coordination\n",
        encoding="utf-8",
    )
    from amity.cli import output

    encoded = []
    write_bytes = output._Checked.write_bytes
    monkeypatch.setattr(
        output._Checked, "write_bytes", lambda self, data: encoded.append(data) or write_bytes(self, data)
    )
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"bytes{jobs}.{fmt}"
        assert run("validate", str(path), "-o", str(out), "-f", fmt, "-j", jobs, "-q").exit_code in (0, 1)
        written[jobs] = out.read_bytes()
    assert len(encoded) == 2  # one batch a run, written as bytes
    monkeypatch.setattr(rows, "ENCODED", {})  # every batch rendered as text, written as text
    text = tmp_path / f"text.{fmt}"
    assert run("validate", str(path), "-o", str(text), "-f", fmt, "-j", "1", "-q").exit_code in (0, 1)
    assert "—".encode() in text.read_bytes() and "Всеобъемлющее".encode() in text.read_bytes()
    assert written["1"] == written["2"] == text.read_bytes()


def test_batches_go_as_bytes_only_where_the_bytes_are_what_the_text_would_be():
    from amity.cli.output import _Checked
    from amity.cli.reporters.rows import ENCODED, RENDER, RowWriter

    def writer(**kwargs):
        return RowWriter("csv", _Checked(io.TextIOWrapper(io.BytesIO(), **kwargs), "out.csv"))

    assert writer(encoding="utf-8", newline="").render is ENCODED["csv"]
    assert writer(encoding="UTF8", newline="").render is ENCODED["csv"]  # the same codec, spelled otherwise
    assert writer(encoding="latin-1", newline="").render is RENDER["csv"]
    assert writer(encoding="utf-8", errors="surrogateescape").render is RENDER["csv"]
    assert RowWriter("csv", io.StringIO()).render is RENDER["csv"]  # no bytes under it


def pools_started(monkeypatch) -> list[int]:
    """Records the jobs of each worker pool a run starts (the pools still run)."""
    import amity.engine.validation as validation

    started: list[int] = []
    real = validation.WorkerPool

    def pool(jobs, *args):
        started.append(jobs)
        return real(jobs, *args)

    monkeypatch.setattr(validation, "WorkerPool", pool)
    return started


def batches_of_rows(n: int) -> list:
    from amity.engine.dataset import batches_of

    rows = [row for row in read_rows(DATA) if row.ok]
    return list(batches_of((rows * (n // len(rows) + 1))[:n], 256))


@pytest.mark.parametrize(("rows", "workers"), [(700, False), (768, False), (769, True), (2000, True)])
def test_a_short_run_starts_no_worker_when_told_from_how_many_batches(monkeypatch, rows, workers):
    """Fewer batches than ``workers_from`` are assessed in this process, whatever ``jobs``; the rows are the same."""
    from amity.engine.validation import validate_batches

    started = pools_started(monkeypatch)
    got = [r for part in validate_batches(batches_of_rows(rows), jobs=2, workers_from=4) for r in part]
    assert started == ([2] if workers else [])
    assert got == [r for part in validate_batches(batches_of_rows(rows), jobs=1) for r in part]
    assert [r.row for r in got] == [r.number for b in batches_of_rows(rows) for r in b.rows()]


def test_validate_starts_workers_by_default_only_for_a_file_of_over_four_batches(tmp_path, monkeypatch):
    import amity.engine.validation as validation

    monkeypatch.setattr(validation, "default_jobs", lambda: 2)  # as on a machine of two cores
    started = pools_started(monkeypatch)
    header, *rows = DATA.read_text(encoding="utf-8").splitlines(keepends=True)
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_text(header + "".join(rows), encoding="utf-8")
    large.write_text(header + "".join(rows * (1100 // len(rows) + 1)), encoding="utf-8")
    four, five = tmp_path / "four.csv", tmp_path / "five.csv"  # batches of 256 rows: 1,024 rows, and one more
    four.write_text(header + "".join((rows * (1024 // len(rows) + 1))[:1024]), encoding="utf-8")
    five.write_text(header + "".join((rows * (1025 // len(rows) + 1))[:1025]), encoding="utf-8")
    outputs = []
    for path, args, expected in [
        (small, [], []),  # the default: one job for a short input
        (small, ["-j", "2"], [2]),  # asked for: as many as asked
        (four, [], []),
        (five, [], [2]),
        (large, [], [2]),
    ]:
        started.clear()
        result = run("validate", str(path), "-q", "--format", "csv", *args)
        assert result.exit_code == 0, result.output
        assert started == expected, (path.name, args)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    started.clear()  # standard input is not read ahead: its rows come out as they come in
    result = run("validate", "-", "-q", "--format", "csv", input=small.read_text(encoding="utf-8"))
    assert result.exit_code == 0 and result.stdout == outputs[0] and started == [2]


def test_a_summary_with_nothing_assessed_shows_no_empty_tables(tmp_path):
    """No verdicts, levels or risks to count: the summary says why instead of printing empty tables."""
    empty = tmp_path / "header-only.csv"
    empty.write_text("id,parties\n")
    result = run("validate", str(empty), "-o", str(tmp_path / "out.csv"), "-j", "1")
    assert result.exit_code == 0
    assert "0 rows, 0 assessed, 0 with errors" in result.output and "The input holds no rows." in result.output
    assert "Verdicts:" not in result.output and "Risks:" not in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("id,parties,legal_basis\nx,USA;JPN,nope\n")
    result = run("validate", str(bad), "-o", str(tmp_path / "out.csv"), "-j", "1")
    assert "1 row, 0 assessed, 1 with errors" in result.output and "No row could be assessed." in result.output
    assert "Verdicts:" not in result.output and "unknown value 'nope'" in result.output
    result = run("validate", str(DATA), "-o", str(tmp_path / "out.csv"), "-j", "1")
    assert "Verdicts:" in result.output and "Risks:" in result.output


FATAL_INPUTS = {
    "an unknown column": "id,parties,notes\na,USA;JPN,x\n",
    "an empty file": "",
    "a header split by the wrong delimiter": "id;parties;legal_basis\na;USA;JPN;none\n",
    "a bad first row under --strict": "id,parties,legal_basis\na,USA,nope\nb,USA;JPN,none\n",
}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
@pytest.mark.parametrize("case", sorted(FATAL_INPUTS))
def test_a_run_that_fails_before_any_row_writes_nothing_to_standard_output(tmp_path, fmt, case):
    """No header and no '[]' that a downstream reader would take for an empty, valid result."""
    path = tmp_path / "rows.csv"
    path.write_text(FATAL_INPUTS[case], encoding="utf-8")
    result = run("validate", str(path), "-f", fmt, "--strict", "-j", "1")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")


@pytest.mark.parametrize(("fmt", "expected"), [("json", "[]\n"), ("jsonl", ""), ("csv", "row,line,id,")])
def test_a_readable_file_of_no_rows_still_gets_its_header_or_empty_array(tmp_path, fmt, expected):
    path = tmp_path / "rows.csv"
    path.write_text("id,parties\n", encoding="utf-8")
    result = run("validate", str(path), "-f", fmt, "-q")
    assert result.exit_code == 0 and result.stdout.startswith(expected)
    assert result.stdout == "" if fmt == "jsonl" else result.stdout.count("\n") == 1


def test_rows_that_went_out_before_a_strict_stop_stay_a_well_formed_json_array(tmp_path):
    path = tmp_path / "rows.csv"
    good = "".join(f"r{i},USA;JPN,none\n" for i in range(600))  # more than a batch: some go out first
    path.write_text("id,parties,legal_basis\n" + good + "bad,USA,nope\n", encoding="utf-8")
    result = run("validate", str(path), "-f", "json", "--strict", "-j", "1", "-q")
    assert result.exit_code == 2
    written = [r["id"] for r in json.loads(result.stdout)]
    assert written == [f"r{i}" for i in range(600)]  # every row before the stop, its own batch's too


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_every_row_before_a_strict_stop_goes_out(tmp_path, jobs, fmt):
    path = tmp_path / "rows.csv"
    good = "".join(f"r{i},USA;JPN,none\n" for i in range(700))  # the stop far into a batch
    path.write_text("id,parties,legal_basis\n" + good + "bad,USA,nope\nlast,USA;JPN,none\n", encoding="utf-8")
    result = run("validate", str(path), "-f", fmt, "--strict", "-j", jobs, "-q")
    assert result.exit_code == 2 and "rows.csv:702:" in result.stderr
    lines = result.stdout.splitlines()
    ids = [line.split(",")[2] for line in lines[1:]] if fmt == "csv" else [json.loads(x)["id"] for x in lines]
    assert ids == [f"r{i}" for i in range(700)]


def test_results_stream_out_while_standard_input_is_still_open():
    """The header waits for the first row, not for the end of the input."""
    import select
    import subprocess
    import sys

    rows = b"id,parties,legal_basis\n" + b"".join(b"r%d,USA;JPN,ratified_treaty\n" % i for i in range(2000))
    cmd = [sys.executable, "-m", "amity.cli", "validate", "-", "-f", "csv", "-q", "-j", "1"]
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(rows)
            proc.stdin.flush()  # and left open: the input has not ended
            readable, _, _ = select.select([proc.stdout], [], [], 60)
            assert readable, "no result came out before the input ended"
            assert proc.stdout.read1(1 << 16).startswith(b"row,line,id,parties,")
        finally:
            proc.kill()


def test_a_label_word_in_letters_other_than_ascii_is_an_unknown_word_never_dropped(tmp_path):
    # a word of letters outside ASCII was read as punctuation and dropped, unsaid: the fullwidth
    # 'Comprehensive' (in fullwidth letters) of a label pasted from a CJK page left 'Strategic Partnership' (a rung lower, so an
    # inflated label read consistent), a Russian adjective left 'Partnership', and a Chinese label was said to
    # have 'no words'; 'für' was 'f' and 'r' (found by a trial)
    path = tmp_path / "labels.csv"
    labels = {
        "cyrillic": ("Стратегическое Partnership", "'Стратегическое'"),
        "chinese": ("全面战略伙伴关系", "'全面战略伙伴关系'"),
        "accent": ("Partnership für Zukunft", "'für', 'Zukunft'"),
        # (an accent added to a word the grammar knows is told as a slip of it)
        "combining": ("Strate\u0301gic Partnership", "'Strate\u0301gic' (did you mean 'Strategic'?)"),
        # nor is an exact entry of the lexicon matched with such a word left out
        "exact": ("Стратегическое North Atlantic Treaty", "'Стратегическое', 'North', 'Atlantic'"),
    }
    path.write_text(
        "id,parties,legal_basis,sectors,summits,time_horizon,declared_label\n"
        + "".join(
            f"{k},CHN;RUS,joint_statement,trade;energy;health,annual,long_term,{v}\n" for k, (v, _) in labels.items()
        )
        + "plain,CHN;RUS,joint_statement,trade;energy;health,annual,long_term,Strategic Partnership\n"
        # a fullwidth form (a label pasted from a CJK page) reads as the letters it stands for
        + "fullwidth,CHN;RUS,joint_statement,trade;energy;health,annual,long_term,"
        "Ｃｏｍｐｒｅｈｅｎｓｉｖｅ Ｓｔｒａｔｅｇｉｃ Partnership\n"
        + "ascii,CHN;RUS,joint_statement,trade;energy;health,annual,long_term,Comprehensive Strategic Partnership\n",
        encoding="utf-8",
    )
    result = run("validate", str(path), "-q", "-f", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    for case, (_label, words) in labels.items():
        row = rows[case]
        assert (row["verdict"], row["declared_level"], row["decided_by"]) == (
            "unrecognized",
            "",
            "grammar/unknown-words",
        )
        shown = run("assess", str(path), "--id", case)
        assert f"unknown words {words}: a label with words the grammar does not know is not placed" in shown.stdout
    assert (rows["plain"]["verdict"], rows["plain"]["decided_by"]) == ("consistent", "rung-strategic")
    read = [(rows[k]["verdict"], rows[k]["declared_level"], rows[k]["decided_by"]) for k in ("fullwidth", "ascii")]
    assert read[0] == read[1] == ("inflated", "comprehensive_strategic_partnership", "rung-comprehensive-strategic")


def test_the_html_report_gives_every_risk_count_as_text_as_the_markdown_report_does(tmp_path):
    # the HTML page showed the risks only as stacked bars, a count written on a bar only where the bar is wide
    # enough: the bundled dataset's 3 rows of high abandonment (and 5 undecided) could be read only by hovering
    # (found by a trial)
    html_report, md_report = tmp_path / "r.html", tmp_path / "r.md"
    for report in (html_report, md_report):
        assert run("validate", str(DATA), "--report", str(report), "-q", "-j", "1").exit_code == 0
    md_rows = [
        [c.strip() for c in line.strip("|").split("|")]
        for line in md_report.read_text().split("## Risks", 1)[1].splitlines()
        if line.startswith("| ")
        and line.split("|")[1].strip() in ("entrapment", "abandonment", "asymmetry", "fragility")
    ]
    assert len(md_rows) == 4 and ["abandonment", "61", "13", "3", "5"] in md_rows
    page = html_report.read_text()
    for row in md_rows:
        assert "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" in page


def test_library_a_number_of_another_type_is_its_fields_error_not_an_unplaced_invalid_profile():
    # a Decimal (from a database driver) passed the schema as a number and failed the fast check: the row's
    # error was '<input>: /: not a valid profile', naming no field (found by a trial)
    from decimal import Decimal

    (result,) = validate([{"parties": ["USA", "JPN"], "power_ratio": Decimal("6.6")}])
    assert [str(e) for e in result.errors] == [
        "<input>: /power_ratio: expected a number or null (unknown), got 6.6 (a Decimal: give it as an int or a float)"
    ]


def test_the_summary_writes_every_count_with_the_same_separator_of_thousands(tmp_path):
    """'3,000 rows, 2966 assessed': the rows were counted with a separator, the rest without."""
    path = tmp_path / "d.csv"
    good = "USA;JPN,ratified_treaty,mutual_defense,Alliance,true"
    path.write_text(
        "parties,legal_basis,defense_commitment,declared_label,rival_ties\n"
        + f"{good}\n" * 1_203
        + "USA;JPN,treaty,,,\n" * 2
    )
    result = run("validate", str(path), "-o", str(tmp_path / "r.csv"))
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{path}: 1,205 rows, 1,203 assessed, 2 with errors")
    assert "  consistent     1,203" in lines
    assert any(line.startswith("Hedging: 1,203 yes, 0 no") for line in lines)
    assert any(line.startswith("  alliance") and line.endswith("1,203") for line in lines)


def test_the_html_and_markdown_reports_write_every_count_with_a_separator_of_thousands(tmp_path):
    # the text summary wrote '1,001' where the reports wrote '1001', in every table and chart of counts
    path = tmp_path / "d.csv"
    path.write_text(
        "id,parties,legal_basis,defense_commitment,declared_label,rival_ties\n"
        + "x,USA;JPN,ratified_treaty,mutual_defense,Alliance,true\n" * 1_001
        + ",USA;JPN,ratified_treaty,mutual_defense,Frenemies,true\n" * 1_002
        + ",USA;JPN,,,Strategic Partnership,\n" * 1_003
        + ",USA;JPN,treaty,,,\n" * 2
    )
    cells = [
        ["consistent", "1,001"],
        ["unrecognized", "1,002"],
        ["undecided", "1,003"],
        ["entrapment", "0", "0", "0", "3,006"],
        ["true", "2,003"],
        ["legal_basis", "1,003"],
        ["Frenemies", "1,002"],
    ]
    reports = {}
    for name in ("r.md", "r.html"):
        result = run("validate", str(path), "--report", str(tmp_path / name), "-o", str(tmp_path / "o.csv"), "-q")
        assert result.exit_code == 0, result.output
        reports[name] = (tmp_path / name).read_text()
    md_rows = [[c.strip() for c in line.strip("|").split("|")] for line in reports["r.md"].splitlines()]
    page = reports["r.html"]
    for row in cells:
        assert any(r[: len(row)] == row for r in md_rows), row
        assert "<tr>" + "".join(f"<td>{c}</td>" for c in row) in page, row
    assert ["alliance", "1,001", "0"] in md_rows  # the Markdown's table of levels; the page has only the chart
    # the id on 1,001 rows: its count, and the rows beyond the 500 listed
    (ids,) = [r for r in md_rows if r[0] == "x"]
    assert ids[1] == "1,001" and ids[2].endswith("… and 501 more")
    assert "<tr><td>x</td><td>1,001</td>" in page and "… and 501 more</td>" in page
    # the charts: the heat map's cell and the risk bar write their counts alike
    for chart in (page, (tmp_path / "r-levels.svg").read_text()):
        assert ">1,001</text>" in chart and "alliance → alliance: 1,001</title>" in chart
    for chart in (page, (tmp_path / "r-risks.svg").read_text()):
        assert ">3,006</text>" in chart and "entrapment undecided: 3,006</title>" in chart


# --------------------------------------------------------------------------- every error suggests a fix


def test_the_cells_an_analyst_got_wrong_each_get_a_suggestion_from_the_command_line(tmp_path):
    """A number with a stray character, a value's common name (the contract's "`memorandum`: MOU") and a count
    below zero were reported with no suggestion, though every error promises one. Each is still an error
    (amity does not read 'MOU' as memorandum, nor '0.3a' as 0.3): only the suggestion is new."""
    import subprocess
    import sys

    header, *rows = DATA.read_text(encoding="utf-8").splitlines()[:4]
    names = header.split(",")

    def with_cell(line: str, field: str, text: str) -> str:
        cells = next(csv.reader([line]))
        cells[names.index(field)] = text
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(cells)
        return out.getvalue()

    path = tmp_path / "slips.csv"
    path.write_text(
        "\n".join([
            header,
            with_cell(rows[0], "trade_dependence", "0.3a"),
            with_cell(rows[1], "legal_basis", "MOU"),
            with_cell(rows[2], "ministerial_dialogues", "-1"),
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "amity.cli", "validate", str(path), "-f", "jsonl", "-q"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # bad rows are reported, the run carries on
    said = [(e["pointer"], e["message"], e["suggestion"]) for line in done.stdout.splitlines()
            for e in json.loads(line)["errors"]]  # fmt: skip
    assert said == [
        ("/trade_dependence", "expected a number, got '0.3a'", "write a number such as 0.3: a share from 0 to 1"),
        (
            "/legal_basis",
            "unknown value 'MOU'; expected one of: ratified_treaty, signed_treaty, joint_statement, memorandum, none "
            "(or an empty cell for unknown)",
            "'MOU' is written 'memorandum' in the vocabulary",
        ),
        (
            "/ministerial_dialogues",
            "expected a value at least 0, got -1",
            "write a count of 0 or more; leave the cell empty if it is unknown",
        ),
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_explained_row_shows_its_sets_as_it_lists_them(jobs):
    """Rows of the same facts share an assessment, but an explained row's trace shows the facts each rule
    matched as its own row lists them: a row that lists a set's items in another order is explained alone
    (else it showed the first row's order, and ``--jobs 1`` and ``--jobs 2`` differed)."""
    from amity.engine.dataset import Row

    ok = [row for row in read_rows(str(DATA)) if row.ok and len(row.profile.get("sectors") or ()) >= 2]
    assert ok
    rows = []
    for row in ok:
        again = {**row.profile, "sectors": list(reversed(row.profile["sectors"]))}
        rows += [row, Row(row.number + 1000, None, again, [], again)]  # the same facts, listed the other way
    explained = list(validate_rows(rows, jobs=jobs, explain=True))
    shown = 0
    for row, rec in zip(rows, explained, strict=True):
        for step in rec.assessment.explanation["trace"]:
            matched = step["matched"]["facts"]
            assert all(row.profile[name] == value for name, value in matched.items()), (rec.row, step["rule"])
            shown += "sectors" in matched
    assert shown >= len(rows)  # every row's trace shows its sectors
    assert [r.as_dict() for r in explained] == [r.as_dict() for r in validate_rows(rows, explain=True)]
