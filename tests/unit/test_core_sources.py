"""Every rule of the core pack cites the part of the seed it encodes, verbatim."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from amity.engine import load_pack

PACK = load_pack("core")
SEED = Path(PACK.sources["seed"]["path"]).read_text(encoding="utf-8")
PACK_DIR = Path(__file__).resolve().parents[2] / "rules" / "core"


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


def test_seed_copy_is_the_seed_as_given():
    # rules/core/seed.txt is a verbatim copy of the project's seed text; the checksum beside it was
    # taken from the original when it was copied, so an edit to the copy cannot pass unnoticed
    recorded, name = (PACK_DIR / "seed.txt.sha256").read_text(encoding="ascii").split()
    read = Path(PACK.sources["seed"]["path"])  # the copy the pack reads: the repository's, or an installed one
    assert name == "seed.txt" and read.name == name
    for copy in (PACK_DIR / name, read):
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == recorded


@pytest.mark.parametrize(
    "entry",
    [e for e in (*PACK.grammar.entries, *PACK.grammar.rungs) if e.source and e.source.ref],
    ids=lambda e: e.id,
)
def test_designation_grammar_seed_quotes_are_verbatim(entry):
    assert entry.source.section in SEED.splitlines()
    assert entry.source.quote in SEED
