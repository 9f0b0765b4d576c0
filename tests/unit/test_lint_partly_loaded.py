"""amity pack lint on a pack with load errors: the errors, and every check of the parts they leave sound, in one run."""

from __future__ import annotations

from pathlib import Path

from amity.engine.conditions import MEANINGS
from amity.engine.lint import lint

HEAD = "pack: p\nversion: 0.1.0\ndescription: x\n"

RULE = """  - id: {id}
    description: {description}
    rationale: {rationale}
    source: {source}
    when: {when}
    then: {then}
"""


def _pack(tmp_path: Path, *rules: dict[str, str], head: str = HEAD, extra: str = "") -> Path:
    text = head + extra + "rules:\n"
    for r in rules:
        fields = {"description": "A rule.", "rationale": "Testing it.", "source": '{citation: "Smith 2020"}', **r}
        fields.setdefault("then", "[{hedging: true}]")
        text += RULE.format(**fields)
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _found(path: Path) -> list[tuple[str, str]]:
    return [(d.code, d.location.pointer or "") for d in lint(path).diagnostics]


def test_a_schema_error_in_one_rule_hides_no_logic_check_of_another(tmp_path):
    """The instructor's repro: AP001 on r1 and AP102 on r2 in one run, not one after the other."""
    path = _pack(
        tmp_path,
        {"id": "r1", "when": "{power_ratio: {ge: 1e400}}"},
        {"id": "r2", "when": "{trade_dependence: {gt: 5}}", "then": "[{risk: asymmetry, rating: high, reason: x}]"},
        head=HEAD + "extends: core\n",
    )
    found = _found(path)
    assert ("AP001", "/rules/0/when/power_ratio/ge") in found
    assert ("AP102", "/rules/1/when/trade_dependence/gt") in found
    assert not [c for c, p in found if p.startswith("/rules/0") and c.startswith("AP1")]  # r1 is not judged


def test_source_checks_run_beside_a_source_error(tmp_path):
    """An unknown source and a blank rationale in one rule; quotes, sections and placeholders of the others."""
    (tmp_path / "seed.txt").write_text("Chapter 1\nThe partners meet every year.\n", encoding="utf-8")
    path = _pack(
        tmp_path,
        {"id": "r1", "rationale": '""', "source": "{ref: sed, section: Chapter 1}", "when": "{summits: annual}"},
        {
            "id": "r2",
            "description": "B.",
            "rationale": "B.",
            "source": '{ref: seed, quote: "nothing like it", section: "Chapter 9"}',
            "when": "{summits: irregular}",
        },
        {"id": "r3", "source": '{citation: "TODO"}', "when": "{summits: none}"},
        extra="sources:\n  seed: {file: seed.txt, title: Seed}\n",
    )
    found = _found(path)
    assert ("AP001", "/rules/0/rationale") in found
    assert ("AP002", "/rules/0/source/ref") in found
    assert ("AP201", "/rules/1/rationale") in found
    assert ("AP203", "/rules/1/source/quote") in found
    assert ("AP204", "/rules/1/source/section") in found
    assert ("AP202", "/rules/2/source/citation") in found
    # the blank rationale the schema rejected is not reported a second time as AP201
    assert ("AP201", "/rules/0/rationale") not in found


def test_a_missing_rationale_is_reported_once_and_the_rule_still_checked(tmp_path):
    text = (
        HEAD
        + RULE.format(
            id="r1",
            description="A.",
            rationale="x",
            source='{citation: "S 2020"}',
            when="{summits: annual}",
            then="[{hedging: true}]",
        ).replace("    rationale: x\n", "")
        + RULE.format(
            id="r2",
            description="B.",
            rationale="Why.",
            source='{citation: "S 2020"}',
            when="{summits: annual}",
            then="[{hedging: true}]",
        )
    )
    (tmp_path / "pack.yaml").write_text(text.replace(HEAD, HEAD + "rules:\n"), encoding="utf-8")
    found = _found(tmp_path)
    assert ("AP001", "/rules/0") in found
    assert not [p for c, p in found if c == "AP201"]
    assert ("AP104", "/rules/1/when") in found  # the rule missing its rationale has a sound condition


def test_a_rule_that_depends_on_a_broken_rule_is_not_called_dead(tmp_path):
    """r2 tests the finding of r1, whose condition has an error: lint says it left r2 for later, not that it never fires."""
    path = _pack(
        tmp_path,
        {"id": "r1", "when": "{summits: {gte: annual}}", "then": "[{finding: habit}]"},
        {"id": "r2", "when": "{finding: habit}"},
    )
    found = _found(path)
    assert ("AP001", "/rules/0/when/summits/gte") in found
    assert ("AP006", "/rules/1") in found
    assert not [c for c, _ in found if c in ("AP101", "AP102", "AP103")]


def test_domain_checks_wait_only_for_the_outputs_broken_rules_may_conclude(tmp_path):
    monotonic_break = {
        "id": "bad",
        "when": "{legal_basis: signed_treaty}",
        "then": "[{level: partnership}]",
    }
    path = _pack(tmp_path, monotonic_break, {"id": "b", "when": "{summits: {lte: annual}}"})  # hedging only
    found = _found(path)
    assert ("AP001", "/rules/1/when/summits/lte") in found
    assert any(c == "AP302" for c, _ in found)  # the broken rule concludes no level: the level is checked
    assert not [c for c, _ in found if c == "AP006"]

    path = _pack(
        tmp_path, monotonic_break, {"id": "b", "when": "{summits: {lte: annual}}", "then": "[{level: alliance}]"}
    )
    report = lint(path)
    assert "AP302" not in {d.code for d in report.diagnostics}  # it may not hold once 'b' is fixed
    (waits,) = [d for d in report.diagnostics if d.code == "AP006"]
    assert "the level" in waits.message and "'b'" in waits.message and waits.location.pointer == "/rules/1"


def test_lint_of_a_partly_loaded_pack_is_deterministic(tmp_path):
    path = _pack(
        tmp_path,
        {"id": "r1", "when": "{summits: {gte: annual}}", "then": "[{finding: habit}]"},
        {"id": "r2", "when": "{finding: habit}", "then": "[{level: partnership}]"},
        {"id": "r3", "when": "{trade_dependence: {gt: 5}}"},
    )
    runs = [[str(d) for d in lint(path).diagnostics] for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    lines = [d.location.line or 0 for d in lint(path).diagnostics]
    assert lines == sorted(lines)


def test_an_error_in_the_packs_base_leaves_only_the_load_errors(tmp_path):
    path = _pack(tmp_path, {"id": "r1", "when": "{trade_dependence: {gt: 5}}"}, head=HEAD + "extends: 5\n")
    assert {c for c, _ in _found(path)} == {"AP001"}


def test_never_firing_out_of_range_says_the_range(tmp_path):
    path = _pack(
        tmp_path,
        {"id": "share", "when": "{trade_dependence: {gt: 5}}"},
        {"id": "sectors", "when": "{sectors: {size: {ge: 13}}}"},
        {"id": "both", "when": "{all: [{summits: annual}, {summits: none}]}"},
    )
    by_rule = {d.message.split("'")[1]: d for d in lint(path).diagnostics if d.code == "AP102"}
    share, sectors, both = by_rule["share"], by_rule["sectors"], by_rule["both"]
    assert "trade_dependence is a number from 0 to 1" in share.message
    assert share.suggestion.startswith("compare with a number from 0 to 1")
    assert "contradictory" not in share.suggestion
    assert "at most 12 items" in sectors.message and "from 0 to 12" in sectors.suggestion
    assert "contradictory" in both.suggestion  # two tests that cannot both hold are still called so


def test_other_spellings_of_an_operator_suggest_the_one_meant(tmp_path):
    """'gte' is nearest 'gt' by edit distance, but means 'ge': the common spellings are mapped explicitly."""
    spellings = {"gte": "ge", ">=": "ge", "lte": "le", "<=": "le", "==": "eq", "!=": "ne", "neq": "ne", ">": "gt"}
    tests = ", ".join(f'{{working_groups: {{"{k}": 3}}}}' for k in spellings)
    path = _pack(tmp_path, {"id": "r1", "when": f"{{all: [{tests}]}}"})
    said = {d.location.pointer.rsplit("/", 1)[1]: d.suggestion for d in lint(path).diagnostics if d.code == "AP001"}
    assert said == {k: f"did you mean '{v}' ({MEANINGS[v]})?" for k, v in spellings.items()}
    # a spelling of an operator the field does not take gets no such suggestion ('contains' is for sets)
    path = _pack(tmp_path, {"id": "r1", "when": "{working_groups: {has: 3}}"})
    (d,) = [d for d in lint(path).diagnostics if d.code == "AP001"]
    assert "contains" not in (d.suggestion or "")
