"""Loading, extending, checking and compiling rule packs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from amity.cli.main import exit_code
from amity.engine import Assessor, PackError, load_pack
from amity.engine.errors import FiringLimitExceeded, PackNotFound
from amity.engine.evaluator import PythonEvaluator
from amity.engine.experta_backend import ExpertaEvaluator
from amity.engine.pack import bundled_packs, normalize_label

MINI = """\
pack: mini
version: 0.1.0
description: A tiny pack for tests.
rules:
  - id: treaty
    description: A treaty is binding.
    rationale: Because.
    source: {citation: "test"}
    when: {legal_basis: ratified_treaty}
    then:
      - finding: binding
  - id: ally
    description: Binding plus defense is an alliance.
    rationale: Because.
    source: {citation: "test"}
    when:
      all:
        - finding: binding
        - defense_commitment: mutual_defense
    then:
      - level: alliance
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def messages(exc: pytest.ExceptionInfo) -> str:
    return "\n".join(str(p) for p in exc.value.problems)


def test_core_is_bundled_and_loads(core_pack):
    assert "core" in bundled_packs()
    assert core_pack.name == "core"
    assert core_pack.version.count(".") == 2
    assert len(core_pack.rules) >= 30


def test_every_core_rule_carries_its_metadata(core_pack):
    for rule in core_pack.rules:
        assert rule.id and rule.description and rule.rationale, rule.id
        assert "\n" not in rule.description, f"{rule.id}: the description is one line"
        assert rule.source.section or rule.source.citation, rule.id


def test_load_by_path_and_folder(tmp_path):
    path = write(tmp_path, "mini/pack.yaml", MINI)
    assert load_pack(path).name == "mini"
    assert load_pack(path.parent).name == "mini"


def test_unknown_pack_suggests_a_name():
    with pytest.raises(PackNotFound) as exc:
        load_pack("cor")
    assert exit_code(exc.value) == 2
    assert "did you mean 'core'" in messages(exc)


def test_malformed_yaml_is_a_broken_pack(tmp_path):
    path = write(tmp_path, "p.yaml", "pack: x\nrules: [\n")
    with pytest.raises(PackError) as exc:
        load_pack(path)
    assert exit_code(exc.value) == 1 and not isinstance(exc.value, PackNotFound)
    assert "malformed YAML" in messages(exc)
    assert "p.yaml:3:" in messages(exc) or "p.yaml:2:" in messages(exc)


def test_schema_errors_are_all_located_with_suggestions(tmp_path):
    text = MINI.replace("legal_basis: ratified_treaty", "legal_bases: ratified_treaty").replace(
        "defense_commitment: mutual_defense", "defense_commitment: mutual_defence"
    )
    path = write(tmp_path, "p.yaml", text)
    with pytest.raises(PackError) as exc:
        load_pack(path)
    text = messages(exc)
    assert "p.yaml:9:" in text and "/rules/0/when/legal_bases" in text and "did you mean 'legal_basis'?" in text
    assert "/rules/1/when/all/1/defense_commitment" in text and "did you mean 'mutual_defense'?" in text


def test_condition_with_two_keys_says_how_to_fix(tmp_path):
    text = MINI.replace("when: {legal_basis: ratified_treaty}", "when: {legal_basis: ratified_treaty, summits: annual}")
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", text))
    assert "exactly one key" in messages(exc) and "wrap them in 'all:'" in messages(exc)


def test_finding_nobody_concludes_is_an_error(tmp_path):
    text = MINI.replace("- finding: binding\n        - defense", "- finding: bindng\n        - defense")
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", text))
    assert "finding 'bindng', which no rule concludes" in messages(exc)
    assert "did you mean 'binding'?" in messages(exc)
    assert "/rules/1/when/all/0/finding" in messages(exc)


def test_findings_depending_on_themselves_are_rejected(tmp_path):
    text = (
        MINI
        + "  - {id: loop, description: d, rationale: r, source: {citation: c}, when: {finding: binding}, then: [{finding: binding}]}\n"
    )
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", text))
    assert "depend on themselves (binding -> binding)" in messages(exc)


def test_a_lexicon_pattern_is_no_longer_accepted(tmp_path):
    """Designations are read by the grammar, never by a regular expression."""
    text = MINI + "lexicon:\n  - {id: bad, level: alliance, pattern: 'alliance(('}\n"
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", text))
    assert "/lexicon/0/pattern: unknown key 'pattern'" in messages(exc)
    assert "/lexicon/0: missing required key 'exact'" in messages(exc)


GRAMMAR = """\
designations:
  heads:
    - {id: head, words: [partnership], claims: ladder, requires: [stratgic]}
  tiers:
    - {id: strategic, words: [strategic], mark: strategic, slot: 1, effect: claims the strategic rung}
  modifiers:
    - {id: mods, words: [enhanced, partnership, "--"], effect: nothing}
  rungs:
    - {id: one, marks: [strategic], level: strategic_partnership, effect: x}
    - {id: two, marks: [strategic], level: comprehensive_strategic_partnership, effect: y}
    - {id: three, marks: [global], level: partnership, effect: z}
"""


def test_grammar_errors_are_all_located(tmp_path):
    text = MINI + GRAMMAR.replace("claims: ladder,", "claims: ladder, effect: the head,")
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", text))
    found = messages(exc)
    assert "/designations/modifiers/0/words/1: the words 'partnership' are in both 'head' and 'mods'" in found
    assert "/designations/modifiers/0/words/2: '--' has no words a label could hold" in found
    assert "rungs 'one' and 'two' list the same tier marks" in found
    assert "/designations/rungs/2/marks: rung 'three' names the tier mark 'global', which no tier word adds" in found
    assert "head 'head' requires the tier mark 'stratgic', which no tier word adds (did you mean 'strategic'?)" in found
    assert len(exc.value.problems) == 5


def test_grammar_entries_need_their_effect(tmp_path):
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", MINI + GRAMMAR))
    assert "/designations/heads/0: missing required key 'effect'" in messages(exc)


def test_an_extension_adds_to_the_grammar_and_overrides_by_id(tmp_path):
    child = write(
        tmp_path,
        "p.yaml",
        """\
        pack: course
        version: 1.0.0
        description: Core, reading one more modifier and one more rung.
        extends: core
        designations:
          modifiers:
            - {id: modifier-course, words: [ironclad], effect: "says how firm the tie is, not its rung"}
          rungs:
            - id: rung-strategic
              override: true
              marks: [strategic]
              level: comprehensive_strategic_partnership
              effect: in this course, every strategic partnership claims the comprehensive rung
        """,
    )
    from amity.engine.label_check import designation

    pack = load_pack(child)
    d = designation(pack, "Ironclad Strategic Partnership")
    assert (d.level, d.decided_by, d.pack) == ("comprehensive_strategic_partnership", "rung-strategic", "course")
    assert designation(load_pack("core"), "Ironclad Strategic Partnership").level is None


def test_extend_overrides_and_disables_by_id(tmp_path):
    write(tmp_path, "base/pack.yaml", MINI)
    child = write(
        tmp_path,
        "child/pack.yaml",
        """\
        pack: child
        version: 1.0.0
        description: Signed treaties count too; no alliances.
        extends: ../base
        disable: [ally]
        rules:
          - id: treaty
            override: true
            description: Any treaty is binding.
            rationale: Because.
            source: {citation: "test"}
            when: {legal_basis: {in: [ratified_treaty, signed_treaty]}}
            then:
              - finding: binding
              - level: partnership
        """,
    )
    pack = load_pack(child)
    assert [r.id for r in pack.rules] == ["treaty"]
    assert pack.lineage == ("child", "mini")
    result = (
        Assessor(pack)
        .assess({"parties": ["AAA", "BBB"], "legal_basis": "signed_treaty", "defense_commitment": "mutual_defense"})
        .as_dict()
    )
    assert result["level"] == "partnership"
    assert [s["rule"] for s in result["trace"]] == ["treaty"]
    assert result["trace"][0]["pack"] == "child"


def test_extending_core_by_name(tmp_path):
    child = write(
        tmp_path,
        "p.yaml",
        """\
        pack: strict
        version: 1.0.0
        description: Core without hedging.
        extends: core
        disable: [hedging-rival-ties]
        """,
    )
    pack = load_pack(child)
    assert "hedging-rival-ties" not in [r.id for r in pack.rules]
    assert len(pack.rules) == len(load_pack("core").rules) - 1
    assert pack.lexicon == load_pack("core").lexicon


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("disable: [nope]\n", "disables 'nope', which the base pack does not have"),
        (
            "rules:\n  - {id: treaty-alliance, description: d, rationale: r, source: {citation: c}, when: {summits: annual}, then: [{level: partnership}]}\n",
            "add 'override: true' to replace it",
        ),
        (
            "rules:\n  - {id: brand-new, override: true, description: d, rationale: r, source: {citation: c}, when: {summits: annual}, then: [{level: partnership}]}\n",
            "overrides nothing",
        ),
        ("extends: nowhere\n", "extends an unknown pack"),
    ],
)
def test_extension_mistakes(tmp_path, snippet, message):
    head = "pack: child\nversion: 1.0.0\ndescription: d\n"
    if "extends" not in snippet:
        head += "extends: core\n"
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", head + snippet))
    assert message in messages(exc)


def test_extends_cycle_is_reported(tmp_path):
    write(tmp_path, "a/pack.yaml", "pack: a\nversion: 1.0.0\ndescription: d\nextends: ../b\n")
    write(tmp_path, "b/pack.yaml", "pack: b\nversion: 1.0.0\ndescription: d\nextends: ../a\n")
    with pytest.raises(PackError) as exc:
        load_pack(tmp_path / "a")
    assert "cycle" in messages(exc)


def test_compiled_experta_engine_is_reused_not_rebuilt(core_pack):
    evaluator = ExpertaEvaluator(core_pack)
    engine = evaluator.engine
    evaluator.evaluate({"legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense"})
    second = evaluator.evaluate({"legal_basis": "joint_statement"})
    assert evaluator.engine is engine
    assert "treaty-alliance" not in second.trace.fired


@pytest.mark.parametrize("evaluator", [PythonEvaluator, ExpertaEvaluator])
def test_firing_bound_stops_a_pack_and_names_the_rules(tmp_path, evaluator):
    text = MINI + "limits: {max_firings: 1}\n"
    pack = load_pack(write(tmp_path, "p.yaml", text))
    with pytest.raises(FiringLimitExceeded) as exc:
        evaluator(pack).evaluate({"legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense"})
    text = messages(exc)
    assert "still firing after 1 firings" in text and "last fired: treaty" in text and "still waiting: ally" in text


@pytest.mark.parametrize("evaluator", [PythonEvaluator, ExpertaEvaluator])
def test_a_failed_run_leaves_the_engine_usable(tmp_path, evaluator):
    pack = load_pack(write(tmp_path, "p.yaml", MINI + "limits: {max_firings: 1}\n"))
    compiled = evaluator(pack)
    with pytest.raises(FiringLimitExceeded):
        compiled.evaluate({"legal_basis": "ratified_treaty", "defense_commitment": "mutual_defense"})
    assert compiled.evaluate({"legal_basis": "ratified_treaty"}).trace.fired == ("treaty",)


def test_label_normalization():
    assert (
        normalize_label("  All-Weather Strategic  Cooperative Partnership ")
        == "all weather strategic cooperative partnership"
    )
    assert normalize_label("Science & Technology") == "science and technology"


def test_an_override_that_drops_a_base_finding_is_reported_where_it_happens(tmp_path):
    child = write(
        tmp_path,
        "p.yaml",
        """\
        pack: mine
        version: 1.0.0
        description: d
        extends: core
        rules:
          - id: multi-sector-scope
            override: true
            description: d
            rationale: r
            source: {citation: c}
            when: {sectors: {size: {ge: 4}}}
            then:
              - finding: multi_sectors
        """,
    )
    with pytest.raises(PackError) as exc:
        load_pack(child)
    text = messages(exc)
    assert (
        f"{child}:13:7: /rules/0/then: in rule 'multi-sector-scope': this stops finding 'multi_sector' being concluded"
        in text
    )
    assert "rule 'strategic-partnership-level' of pack 'core' tests it" in text


def test_test_cases_must_name_real_findings_and_rules(tmp_path):
    from amity.engine.errors import InputError
    from amity.engine.packtest import load_cases

    path = write(
        tmp_path,
        "tests.yaml",
        """\
        pack: core
        cases:
          - name: x
            facts: {parties: [AAA, BBB]}
            expect: {not_findings: [multisector], not_fired: [multi-sector-scop], decided_by: rung-strategc}
        """,
    )
    with pytest.raises(InputError) as exc:
        load_cases(path, load_pack("core"))
    text = messages(exc)
    assert (
        "/cases/0/expect/not_findings/0: pack 'core' has no finding 'multisector' (did you mean 'multi_sector'?)"
        in text
    )
    assert "pack 'core' has no rule 'multi-sector-scop' (did you mean 'multi-sector-scope'?)" in text
    assert (
        "/cases/0/expect/decided_by: pack 'core' has no lexicon entry, grammar entry, rung or grammar rule "
        "'rung-strategc' (did you mean 'rung-strategic'?)" in text
    )


def test_known_may_not_feed_a_level_risk_or_hedging(tmp_path):
    text = MINI.replace("when: {legal_basis: ratified_treaty}", "when: {summits: {known: true}}")
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", text))
    assert "rule 'treaty' tests whether 'summits' is known, and a level, risk or hedging depends on it" in messages(exc)
    data_gap = (
        MINI
        + "  - {id: gap, description: d, rationale: r, source: {citation: c}, when: {summits: {known: false}}, then: [{finding: data_gap}]}\n"
    )
    pack = load_pack(write(tmp_path, "q.yaml", data_gap))
    result = Assessor(pack).assess({"parties": ["AAA", "BBB"]}).as_dict()
    assert "data_gap" in result["findings"]


def test_non_finite_numbers_in_conditions_are_pack_errors(tmp_path):
    text = MINI.replace("when: {legal_basis: ratified_treaty}", "when: {power_ratio: {ge: .inf}}")
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", text))
    assert "/rules/0/when/power_ratio/ge: in rule 'treaty': expected a finite number, got inf" in messages(exc)
    # a number written beyond a float's range is said as written, as in a profile
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "p.yaml", text.replace(".inf", "-1e400")))
    ((problem,),) = [[p for p in exc.value.problems if p.location.pointer == "/rules/0/when/power_ratio/ge"]]
    assert (problem.message, problem.suggestion) == (
        "a number too large to read: -1e400",
        "amity reads numbers of up to 1.8e+308",
    )


def test_known_in_a_base_rule_is_blamed_on_the_extension_that_makes_it_feed_an_output(tmp_path):
    base = (
        MINI
        + "  - {id: gap, description: d, rationale: r, source: {citation: c}, when: {power_ratio: {known: false}}, then: [{finding: data_gap}]}\n"
    )
    write(tmp_path, "base/pack.yaml", base)
    child = write(
        tmp_path,
        "child/pack.yaml",
        """\
        pack: child
        version: 1.0.0
        description: d
        extends: ../base
        rules:
          - {id: gap-risk, description: d, rationale: r, source: {citation: c}, when: {finding: data_gap}, then: [{risk: fragility, rating: high, reason: r}]}
        """,
    )
    with pytest.raises(PackError) as exc:
        load_pack(child)
    said = messages(exc)
    assert f"{child}:6:5: /rules/0: in rule 'gap-risk': rule 'gap' tests whether 'power_ratio' is known" in said


def test_a_packs_own_whole_numbers_written_10_0_count_and_1e1_is_refused_with_its_digits(tmp_path):
    """A priority, a limit, a grammar slot of 10.0 is 10, as the schema says; it was taken for no number
    and the default used instead, silently (a priority of 0). 1e1 is refused, located, as in a profile."""
    text = MINI.replace("  - id: ally\n", "  - id: ally\n    priority: 10.0\n") + "limits: {max_firings: 50.0}\n"
    pack = load_pack(write(tmp_path, "whole.yaml", text))
    assert {r.id: r.priority for r in pack.rules} == {"treaty": 0, "ally": 10}
    assert pack.max_firings == 50
    bad = MINI.replace("  - id: ally\n", "  - id: ally\n    priority: 1e1\n") + "limits: {max_firings: 5E1}\n"
    with pytest.raises(PackError) as exc:
        load_pack(write(tmp_path, "exponent.yaml", bad))
    said = messages(exc)
    assert "/rules/1/priority: in rule 'ally': expected a whole number in digits, got 1e1 (write 10)" in said, said
    assert "/limits/max_firings: expected a whole number in digits, got 5E1 (write 50)" in said, said
