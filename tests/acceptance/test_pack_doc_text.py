"""What `amity pack doc` makes of the text an author writes: it reads as written, in the page and in the graph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from amity.cli.main import main
from click.testing import CliRunner

PACK = """\
pack: marked
version: 0.1.0
description: A pack whose author writes <b>markup</b> in its text.
extends: core
findings:
  aimed:
    name: 'cooperation "aimed" at <a> #1 threat & more'
    description: Cooperation aimed at a named threat.
rules:
  - id: marked-aimed
    description: Cooperation <script>alert(1)</script> aimed at a named threat is a <b>finding</b>.
    rationale: A relationship against a named adversary | a table's pipe, and *stars*.
    source:
      ref: seed
      section: Why States Choose Partnerships Over Alliances
      quote: "1. Risk management Alliances can drag states into unwanted conflicts (entrapment)."
    when:
      all:
        - third_party_orientation: named_threat
        - partner_in_conflict: true
    then:
      - finding: aimed
  - id: marked-entrapment
    description: What is aimed at a threat entraps.
    rationale: The partner's conflicts become a party's own.
    source: {citation: "Walt, The Origins of Alliances (1987)."}
    when: {finding: aimed}
    then: [{risk: entrapment, rating: high, reason: aimed at a <i>threat</i>}]
lexicon:
  - id: marked-why
    level: partnership
    exact: Why Partnership
    source:
      ref: seed
      section: Historical Context and "Why" They Emerged
      quote: The concept gained prominence after the Cold War
  - id: marked-quoted
    level: partnership
    exact: Quoted Partnership
    source:
      ref: seed
      section: '"Core Characteristics"'
      quote: '"Multi-dimensional cooperation"'
"""


@pytest.fixture
def marked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("marked").mkdir()
    Path("marked/pack.yaml").write_text(PACK, encoding="utf-8")
    result = CliRunner().invoke(main, ["pack", "doc", "marked"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _mermaid(doc: str) -> list[str]:
    block = re.search(r"```mermaid\n(.*?)```", doc, re.S)
    assert block
    return block.group(1).splitlines()


def test_the_graph_names_facts_as_the_vocabulary_does_not_by_their_ids(marked):
    graph = _mermaid(marked)
    assert '  n0["third-party orientation"]' in graph and '  n1["partner in conflict"]' in graph
    assert not any("third_party_orientation" in line or "partner_in_conflict" in line for line in graph)


def test_the_graph_stays_valid_mermaid_whatever_a_name_holds(marked):
    graph = _mermaid(marked)
    assert graph[0] == "flowchart LR"
    label = r'"(?:[^"<>`#&]|#(?:quot|lt|gt|amp|35|96);)*"'
    node = re.compile(rf"  n\d+(?:\[{label}\]|\({label}\)|\[\[{label}\]\])")
    edge = re.compile(r"  n\d+ --> n\d+")
    assert all(node.fullmatch(line) or edge.fullmatch(line) for line in graph[1:]), graph
    assert '("cooperation #quot;aimed#quot; at #lt;a#gt; #35;1 threat #amp; more")' in "\n".join(graph)


def test_markup_in_an_authors_text_reads_as_itself(marked):
    assert "<script>" not in marked and "<b>" not in marked and "<i>" not in marked and "<a>" not in marked
    assert "Cooperation &lt;script&gt;alert(1)&lt;/script&gt; aimed at a named threat is a &lt;b&gt;finding" in marked
    assert "A pack whose author writes &lt;b&gt;markup&lt;/b&gt; in its text." in marked
    assert "*Why.* A relationship against a named adversary \\| a table's pipe, and \\*stars\\*." in marked
    assert "aimed at a &lt;i&gt;threat&lt;/i&gt;" in marked
    # a quote that starts like a numbered list is a quote, not a list
    assert "> 1\\. Risk management Alliances" in marked


def test_a_section_in_quotes_reads_once_quoted_in_the_lexicon_table(marked):
    rows = {line.split(" | ")[0]: line for line in marked.splitlines() if line.startswith("| `marked-")}
    assert rows["| `marked-why`"].endswith(
        'section “Historical Context and "Why" They Emerged”: “The concept gained prominence after the Cold War” |  |'
    )
    assert rows["| `marked-quoted`"].endswith("section “Core Characteristics”: “Multi-dimensional cooperation” |  |")
    assert '""' not in marked
