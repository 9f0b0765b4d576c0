"""The hostile input corpus: every file in cases/ through the command line, against expected.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from amity.cli.main import main
from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))


def test_every_case_has_an_expectation_and_a_reason():
    files = sorted(p.name for p in CASES.iterdir())
    assert files == sorted(EXPECTED), "cases/ and expected.yaml must name the same files"
    assert all(spec.get("why") for spec in EXPECTED.values())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_input(name, monkeypatch):
    spec = EXPECTED[name]
    monkeypatch.chdir(CASES)  # messages name the file as given
    command = spec.get("command", "validate")
    args = [command, "-" if spec.get("stdin") else name]
    if command == "validate":
        args += ["-q", "-j", "1", "-f", "jsonl"]
    data = (CASES / name).read_bytes() if spec.get("stdin") else None
    result = CliRunner().invoke(main, args, input=data, catch_exceptions=False)
    assert result.exit_code == spec["exit"], result.output
    assert "Traceback" not in result.output
    for text in spec.get("stderr", []):
        assert text in result.stderr
    if "rows" not in spec:
        return
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in records] == spec["rows"]
    assert [r["row"] for r in records] == list(range(1, len(records) + 1))
    if "lines" in spec:
        assert [r["line"] for r in records] == spec["lines"]
    for record in records:
        found = [f"{e['line']}:{e['column']}: {e['message']}" for e in record["errors"]]
        assert all(e["line"] is not None for e in record["errors"]), found  # every error is located
        for text in spec.get("errors", {}).get(record["row"], []):  # a list: any one of its texts
            assert any(t in f for t in ([text] if isinstance(text, str) else text) for f in found), (text, found)
    assert set(spec.get("errors", {})) <= {r["row"] for r in records if r["status"] == "error"}
