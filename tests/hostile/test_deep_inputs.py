"""A value nested too deeply to read (a bracket opened a hundred thousand times, say) is located, in JSON as in
YAML, by every command: at the start of the item or field it is in, with its pointer, and what to check."""

from __future__ import annotations

import pytest
from amity.cli.main import main
from click.testing import CliRunner

DEEP = 100_000
FIRST = '{"parties": ["USA", "JPN"]}'

# name: (the file's text, where assess says it is, where validate says it is)
CASES = {
    "item.json": (f'[{FIRST},\n {{"parties": {"[" * DEEP}{"]" * DEEP}}}]', "2:2: /1", "2:2: /1"),
    "lists.json": ("[" * DEEP + "]" * DEEP, "1:2: /0", "1:2: /0"),
    "field.json": (f'{{"parties": {"[" * DEEP}{"]" * DEEP}}}', "1:13: /parties", "1:1: /"),
    "item.yaml": (f"- {FIRST}\n- parties: {'[' * DEEP}{']' * DEEP}\n", "2:3: /1", "2:3: /1"),
    "mappings.yaml": (f"- {FIRST}\n- parties: {'{a: ' * 500}1{'}' * 500}\n", "2:3: /1", "2:3: /1"),
}


@pytest.mark.parametrize("command", ["assess", "validate"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_value_nested_too_deeply_is_located_at_its_item(tmp_path, monkeypatch, name, command):
    """Deep JSON was 'malformed JSON: nested too deeply' at 1:1 (assess) or at the item's first bracket
    (validate), without a pointer or what to check; deep YAML was, for assess, 'nested too deeply' at 1:1, or
    libyaml's 'exceeded maximum nesting depth (while increasing flow level)' at the bracket a thousand deep."""
    text, in_assess, in_validate = CASES[name]
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    args = [command, name] + (["-q", "-j", "1", "-f", "jsonl"] if command == "validate" else [])
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2, result.output
    where = in_assess if command == "assess" else in_validate
    said = f"error: {name}:{where}: nested too deeply: more levels of lists and mappings than amity reads"
    assert said in result.stderr, result.stderr
    assert "check that every bracket opened is closed" in result.stderr
    assert "Traceback" not in result.output


def test_a_row_of_json_lines_nested_too_deeply_is_located_at_its_field(tmp_path, monkeypatch):
    """A JSON Lines row was 'malformed JSON: nested too deeply' at the line's start, without a pointer; the
    rows after it are read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.jsonl").write_text(f'{FIRST}\n{{"parties": {"[" * DEEP}{"]" * DEEP}}}\n{FIRST}\n')
    result = CliRunner().invoke(main, ["validate", "d.jsonl", "-q", "-f", "csv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2:13: /parties: nested too deeply: more levels of lists and mappings than amity reads" in result.stdout
    assert result.stdout.count("USA") == 2  # the rows on either side are read
