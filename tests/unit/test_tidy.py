"""The tidy results table: one source for CSV, TSV, Parquet, validate_frame and the README."""

from __future__ import annotations

import re
from pathlib import Path

from amity.engine import RISKS, validate
from amity.engine.tidy import COLUMNS, FILE_COLUMNS, RESULT_COLUMNS, columns_markdown, tidy_row

ROOT = Path(__file__).resolve().parents[2]


def _readme_table(text: str) -> str:
    match = re.search(r"<!-- result-columns -->\n(.*?)<!-- /result-columns -->", text, re.S)
    assert match, "README.md has the generated column reference between its markers"
    return match.group(1)


def test_the_readme_documents_every_column_as_the_table_defines_it():
    assert _readme_table((ROOT / "README.md").read_text(encoding="utf-8")) == columns_markdown()


def test_the_readme_check_fails_on_a_stale_copy():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = readme.replace("| `hedging` | `boolean` |", "| `hedging` | `string` |")
    assert _readme_table(stale) != columns_markdown()


def test_one_value_per_column_and_every_risk_has_its_possible_ratings():
    names = [c.name for c in COLUMNS]
    assert len(names) == len(set(names))
    for risk in RISKS:
        assert names.index(f"{risk}_possible") == names.index(risk) + 1
    assert list(FILE_COLUMNS) == ["row", "line", *RESULT_COLUMNS]
    assert set(FILE_COLUMNS.values()) == {"string", "boolean", "Int64"}
    assert all(c.description.endswith(".") for c in COLUMNS)


def test_decided_and_undecided_values():
    decided, open_level, bad = validate(
        [
            {"parties": ["USA", "JPN"], "legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense",
             "declared_label": "Mutual Defense Treaty"},
            {"parties": ["VNM", "AUS"], "legal_basis": "joint_statement", "defense_commitment": "none",
             "sectors": ["trade", "education", "defense", "energy", "climate"], "summits": "annual",
             "declared_label": "Comprehensive Strategic Partnership"},
            {"parties": ["JPN", "USA"], "summits": "weekly", "declared_label": "Alliance"},
        ]
    )  # fmt: skip
    row = tidy_row(decided)
    assert list(row) == list(FILE_COLUMNS)
    assert row["level"] == row["possible_levels"] == "alliance"
    assert row["verdict"] == row["possible_verdicts"] == "consistent"
    assert row["lexicon_entry"] and row["declared_level"] == "alliance"
    assert row["deciding_facts"] is None and row["errors"] is None
    assert row["parties"] == "USA;JPN"
    row = tidy_row(open_level)
    assert row["level"] is None and row["possible_levels"].startswith("partnership;")
    assert row["verdict"] is None and len(row["possible_verdicts"].split(";")) > 1
    assert row["hedging"] is None and row["hedging_possible"] == "false;true"
    assert "time_horizon" in row["deciding_facts"].split(";")
    for risk in RISKS:
        assert (row[risk] is None) == (";" in row[f"{risk}_possible"])
    row = tidy_row(bad)
    assert row["status"] == "error" and row["parties"] == "JPN;USA"  # the input's order
    assert row["declared_label"] == "Alliance" and "/summits" in row["errors"] and row["level"] is None
