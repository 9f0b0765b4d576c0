"""The seed audit: every case quotes the seed verbatim under one of its sections; departures do too.

rules/core/seed-audit.yaml turns the seed's claims into cases (run with the pack's other cases by
tests/unit/test_pack_cases.py and `amity test core`); here the citations themselves are checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from amity.engine import load_pack

PACK = load_pack("core")
SEED = Path(PACK.sources["seed"]["path"]).read_text(encoding="utf-8")
AUDIT = Path(PACK.path).parent / "seed-audit.yaml"
CITED = re.compile(r'^\[(?P<section>[^\]]+)\] "(?P<quote>.+)" — (?P<meaning>.+)$', re.S)


def citation_problems(cases: list[dict], seed: str) -> list[str]:
    """Each case's description must be '[Section] "verbatim quote" — what it means'."""
    sections = set(seed.splitlines())
    problems = []
    for case in cases:
        m = CITED.match(case.get("description", ""))
        if m is None:
            problems.append(f"{case['name']}: description is not '[Section] \"quote\" — meaning'")
            continue
        if m["section"] not in sections:
            problems.append(f"{case['name']}: no section '{m['section']}' in the seed")
        if m["quote"] not in seed:
            problems.append(f"{case['name']}: the quote is not verbatim in the seed")
    return problems


def test_the_audit_is_run_with_the_pack():
    assert AUDIT in PACK.test_files


def test_every_audit_case_quotes_the_seed_under_its_section():
    cases = yaml.safe_load(AUDIT.read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 40
    assert citation_problems(cases, SEED) == []


def test_the_citation_check_fails_on_a_wrong_case():
    cases = [
        {"name": "no-format", "description": "just words"},
        {"name": "bad-section", "description": '[Nowhere] "Not all partnerships are equal." — x'},
        {"name": "paraphrase", "description": '[Definition] "partnerships are binding" — x'},
    ]
    problems = citation_problems(cases, SEED)
    assert [p.split(":")[0] for p in problems] == ["no-format", "bad-section", "paraphrase"]


def test_every_section_of_the_seed_that_makes_claims_is_audited():
    cases = yaml.safe_load(AUDIT.read_text(encoding="utf-8"))["cases"]
    audited = {CITED.match(c["description"])["section"] for c in cases}
    for section in (
        "Definition",
        "Core Characteristics",
        "Historical Evolution",
        "The Hierarchy of Partnerships",
        "Why States Choose Partnerships Over Alliances",
        "Concrete Examples",
        "Criticisms and Limitations",
        "Key Distinction: Partnership vs. Alliance",
        "Key Characteristics",
        "How They Differ from Alliances",
        "Notable Examples",
    ):
        assert section in audited, section


@pytest.mark.parametrize("departure", PACK.departures, ids=lambda d: d.id)
def test_every_departure_quotes_the_seed_and_says_what_the_pack_does(departure):
    assert departure.source.section in SEED.splitlines()
    assert departure.source.quote in SEED
    assert len(departure.decision) > 40
