"""Fuzzing datasets: whatever the bytes, quotes, encodings and tags, every row comes out or the error is located.

Each generated dataset is read by the library (``read_rows``) and, less often,
by ``amity validate`` through click's CliRunner. Either the whole file is bad
input with located problems, or the rows come out numbered 1, 2, 3, ... in
order, each a profile or an error row with located problems; a dataset built
cleanly (proper quoting, UTF-8) gives exactly one row per input row. A
traceback fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from amity.cli.main import main
from amity.engine.dataset import read_rows
from amity.engine.errors import InputError, UsageError
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "USA;JPN",
    "EU;CHN",
    "none",
    "ratified_treaty",
    "joint_statement",
    "",
    "[]",
    "true",
    "2020",
    "x",
    "yes",
    "1:30:00",
]
NASTY = list("ab ,;\"'\n\r\t\x00:!&*-#<>{}[]é\u2028\ufeff")
CELL = st.one_of(st.sampled_from(WORDS), st.text(alphabet=st.sampled_from(NASTY), max_size=8))
ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]
ID = st.sampled_from(["a", "b-1", "usa.jpn"])
PARTIES = st.sampled_from(["USA;JPN", "EU;CHN"])
HEADERS = {  # a header, and rows that fit it
    "id,parties,declared_label": st.tuples(ID, PARTIES, st.sampled_from(WORDS)),
    "parties": st.tuples(PARTIES),
    "parties,legal_basis,as_of,security_dependence": st.tuples(
        PARTIES,
        st.sampled_from(["none", "memorandum", ""]),
        st.sampled_from(["2020", ""]),
        st.sampled_from(["true", ""]),
    ),
    "id,parties,oops": st.tuples(ID, PARTIES, ID),
}


@st.composite
def damage(draw, data: bytes) -> tuple[bytes, bool]:
    """The bytes in some encoding and with some random bytes put in, and whether they are still clean."""
    clean = True
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
        clean = False
    return data, clean


@st.composite
def csv_datasets(draw) -> tuple[bytes, int | None]:
    """A CSV dataset, and how many rows it holds if it was built cleanly (else None)."""
    header = draw(st.sampled_from(sorted(HEADERS)))
    rows = draw(st.lists(HEADERS[header].map(list) | st.lists(CELL, min_size=1, max_size=4), max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    quoted = csv.writer(out, lineterminator=newline, quoting=csv.QUOTE_ALL)  # csv quotes only its own line end
    broken = False
    out.write(header + newline)
    for cells in rows:
        if draw(st.integers(0, 5)) == 0:  # written by hand: stray, unclosed or unbalanced quotes
            out.write(",".join(draw(st.sampled_from(["", '"', '""'])) + c for c in cells) + newline)
            broken = True
        else:
            (quoted if any("\r" in c or "\n" in c for c in cells) else writer).writerow(cells)
    encoding = draw(st.sampled_from(ENCODINGS))
    text = out.getvalue()
    data, clean = draw(damage(text.encode(encoding, "replace")))
    clean = clean and not broken and data.decode("utf-8-sig", "replace") == text
    expected = sum(not (len(cells) == 1 and not cells[0].strip()) for cells in rows)
    return data, expected if clean else None


SCALARS = ["USA", "a-b", "2020", "1:30:00", "yes", "off", "~", "012", "1e3", ".inf", "true", "0o17", "1_000"]
TAGGED = [
    "!custom x",
    "!!str 12",
    "!!int 12",
    "!!int x",
    "!!binary aGk=",
    "!!python/object:os.system {}",
    "!!set {a}",
    "!!float .5",
    "! 12",
]


@st.composite
def yaml_value(draw, anchors: list[str]) -> str:
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return draw(st.sampled_from(SCALARS))
    if kind == 1:
        return json.dumps(draw(st.text(alphabet=st.sampled_from(NASTY), max_size=6)))  # a valid double-quoted scalar
    if kind == 2:
        return draw(st.sampled_from(TAGGED))
    if kind == 3 and anchors:
        return "*" + draw(st.sampled_from(anchors))
    if kind == 4:
        name = f"a{len(anchors)}"
        anchors.append(name)
        return f"&{name} [USA, JPN]"
    return draw(st.sampled_from(["[USA, JPN]", "[EU]", "[]", "{}", "[1, [2, [3]]]"]))


@st.composite
def yaml_datasets(draw) -> tuple[bytes, int | None]:
    """A YAML list of items (block or flow style, tags, anchors, aliases, merge keys), and how many if built cleanly."""
    anchors: list[str] = []
    items = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            items.append(
                draw(
                    st.sampled_from(["- {id: a, parties: [USA, JPN]}\n", "- parties: [EU, CHN]\n  legal_basis: none\n"])
                )
            )
            continue
        keys = draw(
            st.lists(
                st.sampled_from(["id", "parties", "as_of", "declared_label", "legal_basis", "x", "<<", "yes", "1"]),
                unique=True,
                max_size=4,
            )
        )
        pairs = [(k, draw(yaml_value(anchors))) for k in keys]
        if draw(st.booleans()):
            items.append("- {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}\n")
        elif pairs:
            items.append("- " + "\n  ".join(f"{k}: {v}" for k, v in pairs) + "\n")
        else:
            items.append("- {}\n")
    text = "".join(items) or "[]\n"
    encoding = draw(st.sampled_from(ENCODINGS))
    data, clean = draw(damage(text.encode(encoding, "replace")))
    clean = clean and data.decode("utf-8-sig", "replace") == text
    return data, len(items) if clean else None


def check_rows(path: str, fmt: str, expected: int | None) -> None:
    try:
        rows = list(read_rows(path, fmt))
    except (InputError, UsageError) as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.location.file, str(problem)
            assert problem.location.line is not None or "empty" in problem.message, str(problem)
        return
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    lines = [r.line for r in rows]
    assert all(line is not None for line in lines)
    for row in rows:
        assert row.ok or row.problems
        assert all(p.location.line is not None for p in row.problems), [str(p) for p in row.problems]
        for text in (row.profile or {}, row.partial or {}):
            json.dumps(text).encode("utf-8")  # nothing undecodable gets out
    if fmt == "csv":
        assert lines == sorted(set(lines)), lines
    if expected is not None:
        assert len(rows) == expected, [(r.line, [str(p) for p in r.problems]) for r in rows]


def written(data: bytes, suffix: str) -> str:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115 - removed by the caller
    handle.write(data)
    handle.close()
    return handle.name


@FUZZ
@given(csv_datasets())
def test_csv_datasets_lose_no_row(dataset):
    data, expected = dataset
    path = written(data, ".csv")
    try:
        check_rows(path, "csv", expected)
    finally:
        Path(path).unlink()


@FUZZ
@given(yaml_datasets())
def test_yaml_datasets_lose_no_row(dataset):
    data, expected = dataset
    path = written(data, ".yaml")
    try:
        check_rows(path, "yaml", expected)
    finally:
        Path(path).unlink()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(csv_datasets().map(lambda d: ("csv", *d)), yaml_datasets().map(lambda d: ("yaml", *d))))
def test_validate_on_standard_input_never_breaks(dataset):
    fmt, data, expected = dataset
    args = ["validate", "-", "--input-format", fmt, "-q", "-j", "1", "-f", "jsonl"]
    result = CliRunner().invoke(main, args, input=data, catch_exceptions=False)
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("error: <stdin>"), result.stderr
        return
    records = [json.loads(line) for line in result.stdout.split("\n") if line]  # not splitlines: U+2028 is text
    assert [r["row"] for r in records] == list(range(1, len(records) + 1))
    assert all(e["line"] is not None for r in records for e in r["errors"])
    if expected is not None:
        assert len(records) == expected
