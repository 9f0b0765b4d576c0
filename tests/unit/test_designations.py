"""The core pack reads every designation of the corpus by its words, and reads them in linear time.

tests/data/designations.yaml holds 235 real designations with the rung their words claim
(`claims`); the grammar in rules/core/pack.yaml must place each one there, or leave it
unrecognized where the corpus says so, and never rank a label at a tier its words do not claim.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from amity.engine import Assessor, load_pack
from amity.engine.designations import GRAMMAR_RULES, MAX_LABEL_CHARS, read, tokenize
from amity.engine.label_check import designation

CORPUS = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "designations.yaml").read_text("utf-8"))
PACK = load_pack("core")


def _known_ids() -> set[str]:
    return {e.id for e in PACK.lexicon} | {e.id for e in PACK.grammar.entries} | {r.id for r in PACK.grammar.rungs}


@pytest.mark.parametrize(
    "item", CORPUS, ids=[f"{i:03d}-{'-'.join(x['parties'])}-{x['label'][:40]}" for i, x in enumerate(CORPUS)]
)
def test_every_corpus_designation_claims_what_its_words_claim(item):
    d = designation(PACK, item["label"])
    want = None if item["claims"] == "unrecognized" else item["claims"]
    assert d.level == want, f"{item['label']!r}: {d.decided_by}: {d.explanation}"
    assert d.decided_by in _known_ids() or d.decided_by in GRAMMAR_RULES
    assert d.explanation


def test_the_corpus_covers_every_kind_and_the_grammar_decides_most_of_it():
    decided = [designation(PACK, x["label"]) for x in CORPUS]
    by_grammar = [d for d in decided if d.by == "grammar" and d.level is not None]
    # named designations are few: the grammar, not a list of names, places the ladder
    assert len(by_grammar) >= 160
    assert sum(d.by == "lexicon" for d in decided) <= 20


@pytest.mark.parametrize(
    ("label", "level", "decided_by"),
    [
        # the deflation: a modifier before the tier words
        (
            "Global Comprehensive Strategic Partnership",
            "comprehensive_strategic_partnership",
            "rung-comprehensive-strategic",
        ),
        # decorated variants: "and", era and purpose clauses, hyphens, '&', case
        ("Strategic & Cooperative Partnership", "strategic_partnership", "rung-strategic"),
        ("comprehensive  strategic-partnership", "comprehensive_strategic_partnership", "rung-comprehensive-strategic"),
        ("ENHANCED COMPREHENSIVE STRATEGIC PARTNERSHIP FOR A NEW ERA", "comprehensive_strategic_partnership", None),
        ("Strengthened Strategic Partnership", "strategic_partnership", "rung-strategic"),
        ("Privileged Strategic Partnership for Peace and Prosperity", "strategic_partnership", "rung-strategic"),
        (
            "All-Weather Strategic Cooperative Partnership for a New Era",
            "comprehensive_strategic_partnership_of_coordination",
            "rung-all-weather",
        ),
        # the head decides
        ("Global Comprehensive Strategic Alliance", "alliance", "head-alliance"),
        ("Mutual Defence Pact", "alliance", "object-mutual-defence"),
    ],
)
def test_decorations_do_not_change_the_tier(label, level, decided_by):
    d = designation(PACK, label)
    assert d.level == level, d.explanation
    if decided_by:
        assert d.decided_by == decided_by


@pytest.mark.parametrize(
    ("label", "decided_by"),
    [
        ("Strategic Dialogue", "head-meeting-format"),
        ("Partnership and Cooperation Agreement", "object-partnership-and-cooperation"),
        ("Strategic Partnership on Water Management", "sector-specific"),
        ("Enhanced Partnership Of Friends", "grammar/unknown-words"),  # no catch-all: a partnership it cannot read
        ("Strategic Comprehensive Partnership", "grammar/tier-order"),
        ("Partnership Strategic", "grammar/after-head"),
        ("Comprehensive Strategic Partnership and Alliance", "grammar/several-designations"),
        ("Joint Declaration on Mutual Assistance", "grammar/container-without-rung"),  # a declaration is no treaty
        ("Coordination Partnership", "grammar/unknown-words"),
        ("Partnership of Coordination", "grammar/no-rung"),
        ("", "grammar/empty"),
        ("--", "grammar/empty"),
        ("-", "grammar/empty"),  # no words: as before grammar/missing-value was added (an id analysts filter on)
        ("?", "grammar/empty"),
        ("NA", "grammar/missing-value"),  # a word for a missing value: not words the grammar lacks
        (" n/a ", "grammar/missing-value"),
        ("None", "grammar/missing-value"),
    ],
)
def test_what_the_grammar_cannot_place_is_unrecognized_with_the_rule_that_refused_it(label, decided_by):
    d = designation(PACK, label)
    assert d.level is None
    assert d.decided_by == decided_by, d.explanation
    assert d.explanation


def test_the_walk_is_linear_in_the_label(core_pack):
    """Steps (phrase look-ups plus walk steps) grow with the tokens, at most longest + 1 per token."""
    per_token = core_pack.grammar.longest + 1
    for filler in ("enhanced ", "zzz ", "and "):
        for repeats in (1, 5, 10, 20, 30):
            label = filler * repeats + "strategic partnership"
            if len(label) > MAX_LABEL_CHARS:
                continue
            tokens = tokenize(label)
            steps = read(core_pack.grammar, label).steps
            assert len(tokens) <= steps <= per_token * len(tokens), (filler, repeats, steps)
    # the worst case, every token unknown: every phrase length is tried at every token
    label = "x " * 140
    assert read(core_pack.grammar, label).steps == per_token * 140 - sum(range(1, core_pack.grammar.longest))


def test_a_pathological_label_is_refused_before_it_is_read(core_pack):
    label = "Comprehensive Strategic " * 4_000 + "Partnership"  # about 100k characters
    reading = read(core_pack.grammar, label)
    assert (reading.level, reading.decided_by, reading.steps) == (None, "grammar/too-long", 0)
    d = designation(core_pack, label)
    assert d.level is None and d.decided_by == "grammar/too-long"
    assert str(MAX_LABEL_CHARS) in d.explanation
    # and an assessment carrying it goes through, with an unrecognized label
    a = Assessor(core_pack).assess({"parties": ["AAA", "BBB"], "legal_basis": "none", "declared_label": label})
    assert a.label.verdict == "unrecognized"


def test_a_label_at_the_limit_is_still_read(core_pack):
    label = ("Enhanced " * 40)[: MAX_LABEL_CHARS - len("Strategic Partnership")] + "Strategic Partnership"
    label = label.replace("  ", " ")
    assert len(label) <= MAX_LABEL_CHARS
    assert designation(core_pack, label).level == "strategic_partnership"


def test_every_grammar_entry_of_the_core_pack_states_its_effect_and_cites_a_source(core_pack):
    for e in (*core_pack.grammar.entries, *core_pack.grammar.rungs):
        assert e.effect.strip(), e.id
        assert e.source is not None and (e.source.citation or e.source.quote), e.id


@pytest.mark.parametrize(
    ("label", "said"),
    [
        ("Strategic & Global Partnership", "'Strategic & Global Partnership' claims the strategic partnership rung"),
        ("Strategic, Global Partnership", "'Strategic, Global Partnership' claims the strategic partnership rung"),
        ("Strategic and Global Partnership", "'Strategic and Global Partnership' claims the strategic partnership"),
    ],
)
def test_a_reading_quotes_the_words_of_the_designation_with_what_joins_them(label, said):
    """'&' and ',' between the words of one designation are quoted with them (they were left out:
    'strategic global partnership' is not what the label says), as the label writes them."""
    assert said in designation(PACK, label).explanation


@pytest.mark.parametrize(
    ("label", "said"),
    [
        # the words a reading names are quoted as the label wrote them: 'Council', not 'council'
        ("Strategic Partnership Council", "'Council' names a meeting format"),
        ("Comprehensive Strategic Partnership on Trade", "'Trade' makes it a sector-specific partnership"),
        ("Joint Declaration on Mutual Assistance", "names 'Mutual Assistance' (and it is no treaty"),
        ("All-Weather Strategic Cooperative Partnership", "'All-Weather Strategic Cooperative Partnership' claims"),
        ("STRATEGIC Partnership Zorbl", "unknown words 'Zorbl'"),
        ("Strategic Partnership 2.0", "'2.0' comes after the designation"),
    ],
)
def test_a_reading_quotes_the_labels_words_as_written(label, said):
    assert said in designation(PACK, label).explanation


def test_a_reading_quotes_its_set_aside_words_as_written():
    set_aside = read(PACK.grammar, "Comprehensive Strategic Partnership for the 21st Century").set_aside
    assert set_aside and set_aside[0].startswith("'for the 21st Century' ("), set_aside


@pytest.mark.parametrize(
    ("label", "said"),
    [
        ("Strategic Partnership (2010)", "'2010' comes after the designation"),
        ("Strategic 2010 Partnership", "'2010' stands inside the designation"),
        # a head after the number makes it inside: it was said to come after, the walk not having seen 'council'
        ("Strategic Partnership 2010 Council", "'2010' stands inside the designation"),
        ("Strategic Partnership 2010", "'2010' comes after the designation"),
        # quoted as written, not its first digit ('2' comes after ...)
        ("Comprehensive Strategic Partnership 2.0", "'2.0' comes after the designation"),
        ("Strategic Partnership 10.12.2010 Council", "'10.12.2010' stands inside the designation"),
    ],
)
def test_a_misplaced_word_is_said_where_it_stands(label, said):
    d = designation(PACK, label)
    assert d.level is None and d.decided_by == "grammar/misplaced"
    assert said in d.explanation


def test_a_number_with_a_point_is_one_word_and_other_points_separate():
    assert tokenize("Partnership 2.0, v2.0 2+2 in 2010. 10.12.2010") == [
        "partnership", "2.0", ",", "v2", "0", "2", "2", "in", "2010", "10.12.2010",
    ]  # fmt: skip
