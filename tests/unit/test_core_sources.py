"""Every rule of the core pack cites the part of the seed it encodes, verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest
from amity.engine import load_pack

PACK = load_pack("core")
SEED = Path(PACK.sources["seed"]["path"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_rule_cites_a_seed_section_and_quotes_it(rule):
    assert rule.source.ref == "seed", "core rules encode the seed"
    assert rule.source.section in SEED.splitlines(), f"no section '{rule.source.section}' in the seed"
    assert rule.source.quote and rule.source.quote in SEED, (
        f"the quote is not verbatim in the seed: {rule.source.quote}"
    )


@pytest.mark.parametrize("entry", [e for e in PACK.lexicon if e.source and e.source.ref], ids=lambda e: e.id)
def test_lexicon_seed_quotes_are_verbatim(entry):
    assert entry.source.quote in SEED


def test_seed_copy_is_the_shared_seed():
    shared = Path(__file__).resolve().parents[3] / "shared" / "seed" / "strategic-partnership.txt"
    if not shared.is_file():
        pytest.skip("shared/ is not beside the project")
    assert shared.read_text(encoding="utf-8") == SEED


@pytest.mark.parametrize(
    "entry",
    [e for e in (*PACK.grammar.entries, *PACK.grammar.rungs) if e.source and e.source.ref],
    ids=lambda e: e.id,
)
def test_designation_grammar_seed_quotes_are_verbatim(entry):
    assert entry.source.section in SEED.splitlines()
    assert entry.source.quote in SEED
