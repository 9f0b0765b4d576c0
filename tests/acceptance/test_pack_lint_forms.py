"""`amity pack lint` on what an instructor writes: sources cited two ways, quotes too short to check, and
conditions in each of YAML's forms (block, flow, over several lines, through anchors and aliases)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from amity.cli.main import main
from click.testing import CliRunner

HEAD = """\
pack: forms
version: 0.1.0
description: What an instructor writes.
extends: core
"""


def lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, *args: str):
    monkeypatch.chdir(tmp_path)
    Path("forms").mkdir()
    Path("forms/pack.yaml").write_text(HEAD + text, encoding="utf-8")
    return CliRunner().invoke(main, ["pack", "lint", "forms", *args], catch_exceptions=False)


def diagnostics(result) -> list[tuple[str, int, int, str]]:
    data = json.loads(result.output)
    return [(d["code"], d["line"], d["column"], d["pointer"]) for d in data["diagnostics"]]


# --------------------------------------------------------------------------- a source cited two ways

WALT = "Walt, The Origins of Alliances (1987)."


def cited(departure: str, quote: str, more: str = "") -> str:
    """A departure and a grammar entry that cite the seed: the departure's source after its ref, the entry's quote
    beside its section, then ``more`` (the entry's source goes on until a line less indented)."""
    return (
        f"""\
departures:
  - id: forms-departure
    source: {{ref: seed, {departure}}}
    decision: The pack departs from the seed here.
designations:
  heads:
    - id: forms-head
      words: [concord]
      claims: none
      effect: a concord claims no rung
      source:
        ref: seed
        section: The Hierarchy of Partnerships
        quote: "{quote}"
"""
        + more
    )


TWO_WAYS = cited(
    f'section: Key Characteristics, citation: "{WALT}"',
    "Not all partnerships are equal.",
    f"""\
        citation: "{WALT}"
lexicon:
  - id: forms-entry
    level: partnership
    exact: Forms Concord Partnership
    source:
      citation: "Joint Statement of AAA and BBB, Capital City, 2019."
      ref: seed
      section: The Hierarchy of Partnerships
""",
)


def test_a_source_cited_two_ways_is_flagged_wherever_it_is(tmp_path, monkeypatch):
    result = lint(tmp_path, monkeypatch, TWO_WAYS)
    assert result.exit_code == 0, result.output  # a warning
    lines = [line for line in result.output.splitlines() if " AP205 " in line]
    assert lines == [
        "forms/pack.yaml:7:65: /departures/0/source/citation: AP205 warning: departure 'forms-departure' cites its "
        "source two ways: ref 'seed' and citation 'Walt, The Origins of Alliances (1987).'; pack doc shows only the "
        "citation (keep one: ref 'seed' with its section and quote, for a text the pack holds, which lint checks the "
        "quote against; or the citation alone, for one it does not)",
        "forms/pack.yaml:19:19: /designations/heads/0/source/citation: AP205 warning: grammar entry 'forms-head' "
        "cites its source two ways: ref 'seed' and citation 'Walt, The Origins of Alliances (1987).'; pack doc "
        "shows only the citation (keep one: ref 'seed' with its section and quote, for a text the pack holds, which "
        "lint checks the quote against; or the citation alone, for one it does not)",
        "forms/pack.yaml:25:17: /lexicon/0/source/citation: AP205 warning: lexicon entry 'forms-entry' cites its "
        "source two ways: ref 'seed' and citation 'Joint Statement of AAA and BBB, Capital City, 2019.'; pack doc "
        "shows only the citation (keep one: ref 'seed' with its section and quote, for a text the pack holds, which "
        "lint checks the quote against; or the citation alone, for one it does not)",
    ]
    assert CliRunner().invoke(main, ["pack", "lint", "forms", "--strict"], catch_exceptions=False).exit_code == 1


def test_a_source_cited_one_way_is_not_flagged(tmp_path, monkeypatch):
    one_way = TWO_WAYS.replace('        citation: "Walt, The Origins of Alliances (1987)."\n', "")
    one_way = one_way.replace(', citation: "Walt, The Origins of Alliances (1987)."', "")
    one_way = one_way.replace("      ref: seed\n      section: The Hierarchy of Partnerships\n", "")
    result = lint(tmp_path, monkeypatch, one_way, "--strict")
    assert result.exit_code == 0, result.output
    assert "AP205" not in result.output


# --------------------------------------------------------------------------- a quote too short to check

QUOTED = """\
rules:
  - id: forms-quoted
    description: Cooperation aimed at a named threat is a risk of entrapment.
    rationale: A relationship against a named adversary makes the partner's conflicts a party's own.
    source:
      ref: seed
      section: Why States Choose Partnerships Over Alliances
      quote: {quote}
    when: {{all: [{{third_party_orientation: named_threat}}, {{partner_in_conflict: true}}]}}
    then: [{{risk: entrapment, rating: high, reason: aimed at a threat}}]
"""


@pytest.mark.parametrize(
    ("quote", "said"),
    [
        # one letter or a word is in almost any text: it was taken as found
        ("x", "quotes 'x', too little of 'seed.txt' to show what it rests on"),
        ("Alliances", "quotes 'Alliances', too little of 'seed.txt' to show what it rests on"),
        # part of a word is not the source's words
        ("isk management Alliances", "quotes 'isk management Alliances', which is not in 'seed.txt'"),
        # a quote over two lines is quoted on one, in quotes it does not hold (it was '"X\nY Z"')
        ('"Risk\n        management Allies"', "quotes 'Risk management Allies', which is not in 'seed.txt'"),
        ('"the partner\'s own"', "quotes \"the partner's own\", which is not in 'seed.txt'"),
    ],
)
def test_a_quote_is_whole_words_of_the_source_and_more_than_a_word_or_two(tmp_path, monkeypatch, quote, said):
    result = lint(tmp_path, monkeypatch, QUOTED.format(quote=quote))
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if " AP203 " in line]
    assert line.startswith("forms/pack.yaml:12:14: /rules/0/source/quote: AP203 error: rule 'forms-quoted' " + said)


@pytest.mark.parametrize(
    ("quote", "fix"),
    [
        # a word changed, part of a line: the whole line is too far from it to be offered
        (
            "Alliances can drag states into unwanted wars",
            "the source reads 'Alliances can drag states into unwanted conflicts': copy its words verbatim",
        ),
        ("isk management Alliances", "the source reads 'Risk management Alliances': copy its words verbatim"),
        # words the source does not hold, near nothing in it: the plain fix
        ("Alliances always drag every state into wars of their partners.", "copy the words verbatim from the source"),
    ],
)
def test_a_quote_not_in_the_source_is_offered_the_nearest_passage(tmp_path, monkeypatch, quote, fix):
    """A quote with a word changed was told 'copy the words verbatim from the source', and the instructor had to
    search the seed for the passage: the nearest one is offered, as many words as the quote has."""
    result = lint(tmp_path, monkeypatch, QUOTED.format(quote=quote))
    [line] = [line for line in result.output.splitlines() if " AP203 " in line]
    assert line.endswith(f"which is not in 'seed.txt' ({fix})"), line


def test_a_quote_of_three_words_or_more_found_as_words_passes(tmp_path, monkeypatch):
    result = lint(tmp_path, monkeypatch, QUOTED.format(quote="Risk management Alliances"), "--strict")
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- conditions in YAML's other forms

RULE = """\
  - id: {id}
    description: A rule written in one of YAML's forms.
    rationale: Why the rule holds, in words of its own.
    source: {{citation: "Walt, The Origins of Alliances (1987)."}}
{when}    then: [{{risk: fragility, rating: moderate, reason: {id}}}]
"""


def rules(*pairs: tuple[str, str]) -> str:
    return "rules:\n" + "".join(RULE.format(id=rule_id, when=when) for rule_id, when in pairs)


def test_a_contradiction_over_ranges_is_told_as_ranges_that_do_not_overlap(tmp_path, monkeypatch):
    """AP102's hint said 'a field cannot hold two values at once' of 'power_ratio: {gt: 5}' with '{lt: 3}': no
    two values there, two ranges that do not meet; and of a value beside a range, neither."""
    text = rules(
        ("ranges", "    when:\n      all:\n        - power_ratio: {gt: 5}\n        - power_ratio: {lt: 3}\n"),
        ("one-mapping", "    when:\n      exit_costs: {ge: high, le: moderate}\n"),
        (
            "value-and-range",
            "    when:\n      all:\n        - recent_crisis: true\n"
            "        - economic_integration: {ge: substantial}\n        - economic_integration: {in: [none, limited]}\n",
        ),
        ("two-values", "    when:\n      all:\n        - summits: annual\n        - summits: none\n"),
        ("truths", "    when:\n      all:\n        - recent_crisis: true\n        - recent_crisis: {ne: true}\n"),
        ("sets", "    when:\n      all:\n        - sectors: {size: {le: 0}}\n        - sectors: {contains: defense}\n"),
    )
    result = lint(tmp_path, monkeypatch, text)
    assert result.exit_code == 1
    hints = [line.rsplit(" (", 1)[1] for line in result.output.splitlines() if "AP102" in line]
    assert hints == [
        "power_ratio cannot be above 5 and below 3 at once: make the ranges overlap, or delete the rule)",
        "exit_costs cannot be at least high and at most moderate at once: make the ranges overlap, or delete the rule)",
        "economic_integration cannot be at least substantial and one of none, limited at once: change or remove one "
        "of these tests, or delete the rule)",
        "a field cannot hold two values at once), or delete the rule)",
        "recent_crisis cannot be true and other than true at once: change or remove one of these tests, or delete "
        "the rule)",
        "no set of sectors passes all of these tests: change or remove one of them, or delete the rule)",
    ], result.output


def test_flow_style_conditions_are_located_where_they_are_written(tmp_path, monkeypatch):
    text = rules(
        ("flow-never", "    when: {all: [{summits: annual}, {shared_values: low}, {summits: none}]}\n"),
        ("flow-twice", "    when: {all: [{summits: annual}, {recent_crisis: true}, {summits: annual}]}\n"),
        (
            "flow-lines",
            "    when: {\n      all: [\n        {exit_costs: low},\n        {exit_costs: low}\n      ]\n    }\n",
        ),
    )
    result = lint(tmp_path, monkeypatch, text, "--format", "json")
    assert result.exit_code == 1
    assert diagnostics(result) == [
        ("AP102", 10, 11, "/rules/0/when"),  # the condition no profile satisfies
        ("AP104", 16, 60, "/rules/1/when/all/2"),  # the repeated test, at its own column in the line
        ("AP104", 25, 9, "/rules/2/when/all/1"),  # a flow mapping over several lines: its own line
    ]
    messages = [d["message"] for d in json.loads(result.output)["diagnostics"]]
    assert messages[0] == (  # as written: it was '(summits eq annual and shared_values eq low and summits eq none)'
        "rule 'flow-never' can never fire: no profile satisfies its condition "
        "'{all: [{summits: annual}, {shared_values: low}, {summits: none}]}'"
    )
    assert messages[1] == "rule 'flow-twice' tests '{summits: annual}' twice in one all"  # was 'summits eq annual'
    assert messages[2] == "rule 'flow-lines' tests '{exit_costs: low}' twice in one all"


def test_lint_quotes_a_condition_as_it_is_written_in_block_style_its_comments_left_out(tmp_path, monkeypatch):
    """Messages quoted a condition in the form amity compiles it to ('summits eq annual', 'trade_dependence gt 5'),
    which is nowhere in the pack: an instructor could not search for it."""
    text = rules(
        (
            "block-never",
            "    when:\n      all:\n        - summits: annual   # they meet\n        # every year\n"
            "        - shared_values: {in: [low, mixed]}\n        - summits: none\n",
        ),
        ("out-of-range", "    when:\n      trade_dependence: {ge: 0.1, gt: 5}\n"),
        (
            "any-twice",
            "    when:\n      all:\n        - any: [{summits: annual}, {recent_crisis: true}]\n"
            "        - any:\n            - recent_crisis: true\n            - summits: annual\n"
            "        - not: {exit_costs: low}\n",
        ),
    )
    result = lint(tmp_path, monkeypatch, text)
    assert result.exit_code == 1
    assert [line.split(": ", 2)[2] for line in result.output.splitlines()[:-1]] == [
        "AP102 error: rule 'block-never' can never fire: no profile satisfies its condition "
        "'all: - summits: annual - shared_values: {in: [low, mixed]} - summits: none' (remove the contradictory "
        "tests (a field cannot hold two values at once), or delete the rule)",
        "AP102 error: rule 'out-of-range' can never fire: no value of trade_dependence passes 'gt: 5': "
        "trade_dependence is a number from 0 to 1 (compare with a number from 0 to 1; a share is a fraction, 0.3 for "
        "30%, or delete the rule)",
        "AP104 warning: rule 'any-twice' tests 'any: - recent_crisis: true - summits: annual' twice in one all "
        "(delete the repeated test)",
    ]


def test_a_condition_through_an_alias_is_located_at_the_alias_not_at_its_anchor(tmp_path, monkeypatch):
    text = rules(
        ("anchored", "    when: &crisis\n      all:\n        - recent_crisis: true\n        - recent_crisis: true\n"),
        ("aliased", "    when: *crisis\n"),
        ("item-aliased", "    when:\n      all:\n        - &low {shared_values: low}\n        - *low\n"),
    )
    result = lint(tmp_path, monkeypatch, text, "--format", "json")
    found = diagnostics(result)
    # the anchored rule's repeated test is on line 13; the aliased rule's, written at its alias on line 19, is
    # there: it was at line 13 too, the anchored rule's, and the aliased rule's own diagnostics at line 10
    assert ("AP104", 13, 11, "/rules/0/when/all/1") in found
    assert ("AP104", 19, 11, "/rules/1/when/all/1") in found
    assert ("AP104", 19, 11, "/rules/1/when") in found  # same condition as 'anchored'
    assert ("AP103", 19, 11, "/rules/1/when") in found  # shadowed by 'anchored'
    assert ("AP104", 28, 11, "/rules/2/when/all/1") in found  # the item '*low', not its anchor on line 27
    assert all(line not in (10, 11, 12) or pointer.startswith("/rules/0") for _, line, _, pointer in found)
    messages = [d["message"] for d in json.loads(result.output)["diagnostics"]]
    # quoted as written at its anchor, without the anchor
    assert "rule 'item-aliased' tests '{shared_values: low}' twice in one all" in messages
    assert "rule 'aliased' tests 'recent_crisis: true' twice in one all" in messages


@pytest.mark.parametrize(
    ("when", "said"),
    [
        (
            "    when: *nowhere\n",
            "forms/pack.yaml:10:11: AP001 error: malformed YAML: found undefined alias 'nowhere' ('*' starts an alias "
            "in YAML: quote a value that starts with '*')",
        ),
        (
            "    when: &loop {all: [{summits: annual}, *loop]}\n",
            "forms/pack.yaml:10:43: /rules/0/when/all/1: AP001 error: a YAML alias refers to a value that contains it",
        ),
        (
            "    when: {<<: {summits: annual}}\n",
            "forms/pack.yaml:10:12: /rules/0/when/<<: AP001 error: merge keys ('<<') are not supported: they are not "
            "part of YAML 1.2 (write the fields out in each item)",
        ),
    ],
    ids=["undefined-alias", "alias-loop", "merge-key"],
)
def test_what_yaml_cannot_mean_in_a_condition_is_a_located_error(tmp_path, monkeypatch, when, said):
    result = lint(tmp_path, monkeypatch, rules(("refused", when)))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == said


# --------------------------------------------------------------------------- every source is checked

ELSEWHERE = cited('section: Nowhere At All, quote: "words the seed never says"', "words the seed never says")


def test_the_quotes_and_sections_of_grammar_entries_and_departures_are_checked_too(tmp_path, monkeypatch):
    """Only rules' and lexicon entries' sources were checked: these linted clean."""
    result = lint(tmp_path, monkeypatch, ELSEWHERE, "--format", "json")
    assert result.exit_code == 1
    assert diagnostics(result) == [
        ("AP204", 7, 34, "/departures/0/source/section"),
        ("AP203", 7, 57, "/departures/0/source/quote"),
        ("AP203", 18, 16, "/designations/heads/0/source/quote"),
    ]
    messages = [d["message"] for d in json.loads(result.output)["diagnostics"]]
    assert (
        messages[0] == "departure 'forms-departure' cites section 'Nowhere At All', which is not a line of 'seed.txt'"
    )
    assert messages[2] == "grammar entry 'forms-head' quotes 'words the seed never says', which is not in 'seed.txt'"


@pytest.mark.parametrize(
    ("text", "may"),
    [
        ("when: &crisis\n  all: []\n", True),
        ("a: &crisis 1\nwhen: *crisis\n", True),
        ("all: [&low {a: 1}, *low]\n", True),
        ("all:\n  - &low {a: 1}\n  - *low\n", True),
        ("{a: &x 1, b: *x}\n", True),
        ("&top\na: 1\n", True),
        ('quote: "joint R&D"\n', False),  # the core pack's quote: read by libyaml's faster composer
        ('effect: joins words; "&" reads as "and"\n', False),
        ("# 5 * 3, R&D\na: 1\n", False),
    ],
)
def test_only_a_text_that_may_hold_an_anchor_or_alias_takes_the_composer_that_locates_aliases(text, may, monkeypatch):
    from amity.engine import document, yaml_text

    made = []

    class Counted(yaml_text._ItemLoader):
        def __init__(self, text: str) -> None:
            made.append(text)
            super().__init__(text)

    monkeypatch.setattr(yaml_text, "_ItemLoader", Counted)
    document.parse_yaml(text)  # it reads, either way
    assert bool(made) is may


def test_the_core_pack_is_composed_by_libyaml(monkeypatch):
    from amity.engine import yaml_text
    from amity.engine.document import parse_yaml, read_text
    from amity.engine.pack import find_pack

    def refused(text: str) -> None:
        raise AssertionError("composed by PyYAML's slower composer")

    monkeypatch.setattr(yaml_text, "_ItemLoader", refused)
    # as read ahead (pack.read.json) and as an edited copy of it is read: its 'R&D' and '"&"' are no anchors
    assert parse_yaml(read_text(find_pack("core")), long_numbers=True).data["pack"] == "core"


def test_a_control_character_a_yaml_escape_writes_into_a_pack_s_text_is_an_error_where_it_is(tmp_path, monkeypatch):
    text = rules(("escaped", "    when: {summits: annual}\n")).replace(
        "description: A rule written in one of YAML's forms.", 'description: "bad\\x01text"', 1
    )
    assert '"bad\\x01text"' in text
    result = lint(tmp_path, monkeypatch, text, "--format", "json")
    assert result.exit_code == 1
    found = [d for d in json.loads(result.output)["diagnostics"] if "control character" in d["message"]]
    assert [(d["code"], d["pointer"], d["message"]) for d in found] == [
        ("AP005", "/rules/0/description", "a control character (U+0001) in the text")
    ]
    assert found[0]["line"] == 7 and "remove it" in found[0]["suggestion"]


def test_a_misspelt_field_or_an_operator_a_field_does_not_take_is_named_as_such(tmp_path, monkeypatch):
    """A condition's misspelt field was an 'unknown key' (a profile's is an 'unknown field'), and 'lt' of a field
    whose values have no order an 'unknown key' too, though it is an operator (found by a new-user trial)."""
    text = rules(("misspelt", "    when: {all: [{sumits: annual}, {legal_basis: {lt: none}}]}\n"))
    result = lint(tmp_path, monkeypatch, text)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "forms/pack.yaml:10:19: /rules/0/when/all/0/sumits: AP001 error: in rule 'misspelt': unknown field 'sumits' "
        "(did you mean 'summits'?)",
        "forms/pack.yaml:10:51: /rules/0/when/all/1/legal_basis/lt: AP001 error: in rule 'misspelt': the operator 'lt' "
        "does not apply to legal_basis (expected one of: eq, ne, in, known)",
    ]


def test_conclusions_written_without_their_dash_and_two_tests_in_one_condition_are_told_how_to_write_them(
    tmp_path, monkeypatch
):
    """'then:' as one mapping (no '- ') said only 'expected a list, got a mapping'; a condition of two keys was an
    AP005, 'another load error', though it is the pack's form (found by a new-user trial)."""
    text = rules(("two-keys", "    when: {summits: annual, recent_crisis: true}\n")).replace(
        "    then: [{risk: fragility, rating: moderate, reason: two-keys}]\n",
        "    then:\n      risk: fragility\n      rating: moderate\n      reason: two-keys\n",
    )
    result = lint(tmp_path, monkeypatch, text)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if " AP0" in line and " AP006 " not in line] == [
        "forms/pack.yaml:10:11: /rules/0/when: AP001 error: in rule 'two-keys': a condition has exactly one key, "
        "got 2: summits, recent_crisis (wrap them in 'all:' (every one must hold) or 'any:' (one suffices))",
        "forms/pack.yaml:12:7: /rules/0/then: AP001 error: in rule 'two-keys': expected a list, got a mapping "
        "(make it a list: write '- ' before 'risk' (each item of a list starts with '- '))",
    ]


def test_a_shadowed_rules_conclusions_are_quoted_as_its_then_writes_them(tmp_path, monkeypatch):
    # AP103 named them in words of its own ('level partnership', 'fragility risk moderate'), found nowhere in the pack
    text = """\
findings:
  - name: crisis_tested
    description: The ties came through a crisis.
rules:
  - id: any-crisis
    description: A crisis the ties came through.
    rationale: Ties that came through a crisis are tested.
    source: {citation: "Walt, The Origins of Alliances (1987)."}
    when: {recent_crisis: true}
    then:
      - finding: crisis_tested
      - {level: "partnership"}
      - risk: fragility
        rating: moderate
        reason: A crisis strains the ties.
  - id: crisis-and-summits
    description: A crisis, and summits every year.
    rationale: Ties that came through a crisis are tested, whatever their summits.
    source: {citation: "Walt, The Origins of Alliances (1987)."}
    when: {all: [{recent_crisis: true}, {summits: annual}]}
    then:
      - risk: fragility
        rating: moderate
        reason: Strained.
      - level: "partnership"
      - finding: crisis_tested
"""
    result = lint(tmp_path, monkeypatch, text)
    (said,) = [line for line in result.output.splitlines() if "AP103" in line]
    assert said.endswith(
        "AP103 warning: rule 'crisis-and-summits' is shadowed by rule 'any-crisis' (pack 'forms'), which fires "
        "whenever it fires and concludes all it concludes: 'risk: fragility, rating: moderate', "
        "'level: \"partnership\"', 'finding: crisis_tested'; only a risk's reason differs, and a reason decides no "
        "rating (delete 'crisis-and-summits', or make it conclude what 'any-crisis' does not)"
    )


def test_a_source_written_as_text_and_a_risk_without_its_rating_are_told_how_to_write_them(tmp_path, monkeypatch):
    """'source: "Walt 1987"' said only 'expected a mapping, got ...', and a risk without its rating "'rating' is
    needed with 'risk'", an AP005 (another load error), with nothing to write (found by a new-user trial)."""
    text = (
        rules(("as-text", "    when: {summits: annual}\n"))
        .replace('    source: {citation: "Walt, The Origins of Alliances (1987)."}\n', '    source: "Walt (1987)"\n')
        .replace("[{risk: fragility, rating: moderate, reason: as-text}]", "[{risk: fragility, reason: as-text}]")
    )
    result = lint(tmp_path, monkeypatch, text)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if " AP0" in line and " AP006 " not in line] == [
        "forms/pack.yaml:9:13: /rules/0/source: AP001 error: in rule 'as-text': expected a mapping, got 'Walt (1987)' "
        '(write it as a citation: source: {citation: "Walt (1987)"}, or cite a section of a named source: {ref: ..., '
        "section: ..., quote: ...})",
        "forms/pack.yaml:11:12: /rules/0/then/0: AP001 error: in rule 'as-text': 'rating' is needed with 'risk' "
        "(add rating: low, moderate or high)",
    ]


# --------------------------------------------------------------------------- an id used twice


TWICE = """\
rules:
  - id: forms-rule
    description: Leaders who never meet make a fragile partnership.
    rationale: Nobody at the top tends the relationship.
    source: {citation: "IR 201 lecture notes, week 7"}
    when: {summits: none}
    then: [{risk: fragility, rating: moderate, reason: The leaders never meet.}]
  - id: forms-rule
    description: Same.
    rationale: Same.
    source: {ref: seed, section: No Such Section, quote: "alliances always drag every state into war"}
    when: {summits: irregular}
    then: [{risk: fragility, rating: low, reason: Irregular summits.}]
lexicon:
  - id: forms-entry
    level: partnership
    exact: Forms Partnership
    source: {citation: "IR 201 lecture notes, week 8"}
  - id: forms-entry
    level: partnership
    exact: Other Forms Partnership
    source: {citation: "TODO"}
designations:
  heads:
    - id: forms-head
      words: [concord]
      claims: none
      effect: names a concord, not a rung
      source: {citation: "IR 201 lecture notes, week 8"}
    - id: forms-head
      words: [fellowship]
      claims: none
      effect: names a fellowship, not a rung
      source: {ref: seed, section: Nowhere, quote: "brothers in arms forever and ever"}
departures:
  - id: forms-departure
    decision: The course reads fragility more leniently.
    source: {citation: "IR 201 lecture notes, week 8"}
  - id: forms-departure
    decision: Again.
    source: {citation: "TBD"}
"""


def test_an_item_whose_id_is_used_twice_has_its_rationale_and_source_checked_at_its_place(tmp_path, monkeypatch):
    """A rule, lexicon entry, grammar entry or departure whose id an earlier one has was not loaded, and lint
    checked neither its rationale nor its source: fixing the id brought a quote not in the seed to light. A
    departure's placeholder citation was told at the first departure of its id, and a departure's id used twice
    was no error at all."""
    result = lint(tmp_path, monkeypatch, TWICE, "--format", "json")
    assert result.exit_code == 1, result.output
    found = {(code, pointer) for code, _, _, pointer in diagnostics(result)}
    assert {
        ("AP005", "/rules/1/id"),
        ("AP201", "/rules/1/rationale"),
        ("AP204", "/rules/1/source/section"),
        ("AP203", "/rules/1/source/quote"),
        ("AP005", "/lexicon/1/id"),
        ("AP202", "/lexicon/1/source/citation"),
        ("AP005", "/designations/heads/1/id"),
        ("AP204", "/designations/heads/1/source/section"),
        ("AP203", "/designations/heads/1/source/quote"),
        ("AP005", "/departures/1/id"),
        ("AP202", "/departures/1/source/citation"),
    } <= found, result.output
    # the first of each id is sound: nothing is told of it
    assert not {
        p for _, p in found if p.startswith(("/rules/0", "/lexicon/0", "/designations/heads/0", "/departures/0"))
    }


def test_past_its_budget_a_quote_not_in_the_source_is_told_the_plain_fix(tmp_path, monkeypatch):
    """The passages compared are counted: past the budget, lint stops looking and says the plain fix."""
    from amity.engine import lint as lint_module

    monkeypatch.setattr(lint_module, "PASSAGE_BUDGET", 10)
    result = lint(tmp_path, monkeypatch, QUOTED.format(quote="Alliances can drag states into unwanted wars"))
    [line] = [line for line in result.output.splitlines() if " AP203 " in line]
    assert line.endswith("which is not in 'seed.txt' (copy the words verbatim from the source)"), line


def test_another_spelling_of_an_operator_a_field_does_not_take_is_named_as_such(tmp_path, monkeypatch):
    """'gte' of a field whose values have no order was an 'unknown operator' with the list of those it takes: that
    it means 'ge', which the field does not take, was left to work out ('gte' of an ordered one is told 'ge')."""
    text = rules(
        ("gte", "    when: {all: [{defense_commitment: {gte: consultation}}, {exit_costs: {gte: moderate}}]}\n")
    )
    result = lint(tmp_path, monkeypatch, text)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        # the rule is named though its id reads like the operator: the message names no rule
        "forms/pack.yaml:10:40: /rules/0/when/all/0/defense_commitment/gte: AP001 error: in rule 'gte': "
        "unknown operator 'gte': 'ge' (at least) does not apply to defense_commitment (expected one of: eq, ne, in, "
        "known)",
        "forms/pack.yaml:10:75: /rules/0/when/all/1/exit_costs/gte: AP001 error: in rule 'gte': unknown operator "
        "'gte' (did you mean 'ge' (at least)?)",
    ], result.output


def test_a_required_key_written_misspelt_is_one_error_at_the_misspelt_key(tmp_path, monkeypatch):
    """'descripton' was two errors for one slip: 'missing required key description' at the rule and 'unknown key
    descripton' at the key. It is one, where the slip is, saying what the key is meant to be and that it is needed."""
    text = rules(("misspelt", "    when: {summits: annual}\n")).replace("    description:", "    descripton:")
    result = lint(tmp_path, monkeypatch, text)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if " error: " in line]
    assert errors == [
        "forms/pack.yaml:7:5: /rules/0/descripton: AP001 error: in rule 'misspelt': unknown key 'descripton' "
        "(did you mean 'description'? It is required: one line: what the rule concludes from what)"
    ], result.output


def test_a_required_field_of_a_profile_written_misspelt_is_one_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text("partis: [USA, JPN]\nlegal_basis: ratified_treaty\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", "p.yaml"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: p.yaml:1:1: /partis: unknown field 'partis' (did you mean 'parties'? It is required: The two "
        "parties: ISO 3166-1 alpha-3 codes for states (USA, IND, CHN), short codes for organisations (EU, ASEAN). "
        "Order carries no meaning.)"
    ], result.output
