"""The seed's own examples get the levels, risks and verdicts the seed states or implies."""

from __future__ import annotations

from pathlib import Path

import pytest
from amity.engine.document import load_document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load_profile(name: str) -> dict:
    return load_document(EXAMPLES / f"{name}.yaml").data


def assess(assessor, name: str) -> dict:
    return assessor.assess(load_profile(name)).as_dict()


@pytest.mark.parametrize("name", ["nato", "us-japan", "us-south-korea"])
def test_the_seed_alliances_are_alliances(assessor, name):
    """Hierarchy table: "Alliance | Treaty-bound mutual defense | NATO, US-Japan, US-South Korea"."""
    a = assess(assessor, name)
    assert a["level"] == "alliance"
    assert a["label"]["verdict"] == "consistent"
    assert a["risks"]["entrapment"]["rating"] in ("moderate", "high")
    # allies hedge too (the seed's Turkey; "abandonment by stronger allies"): hedging follows the
    # ties to the other party's main rival, alliance or not
    assert a["hedging"] is load_profile(name)["rival_ties"]


def test_us_india_is_a_strategic_partnership_that_hedges(assessor):
    """Hierarchy table: "Strategic Partnership | ... | US-India (since 2005)"; India "remains non-aligned"."""
    a = assess(assessor, "us-india")
    assert a["level"] == "strategic_partnership"
    assert a["label"]["verdict"] == "consistent"
    assert a["hedging"] is True


def test_china_russia_is_the_coordination_tier(assessor):
    """Hierarchy table: CSPC, "China-Russia (unique designation)"; and "not an alliance"."""
    a = assess(assessor, "china-russia")
    assert a["level"] == "comprehensive_strategic_partnership_of_coordination"
    assert "alliance_commitment" not in a["findings"]
    assert a["label"]["verdict"] == "consistent"


def test_germany_china_is_a_strategic_partnership(assessor):
    """ "Germany's strategic partnership with China (established 2011)", deep economic ties."""
    a = assess(assessor, "germany-china")
    assert a["level"] == "strategic_partnership"
    assert a["label"]["verdict"] == "consistent"


def test_eu_china_is_a_fragile_strategic_partnership_with_an_inflated_label(assessor):
    """ "The EU-China strategic partnership frayed significantly after 2019 ... without shared values"."""
    a = assess(assessor, "eu-china")
    assert a["level"] == "strategic_partnership"
    assert a["risks"]["fragility"]["rating"] == "high"
    assert a["label"]["verdict"] == "inflated"


def test_china_serbia_is_asymmetric(assessor):
    """ "Partnerships between unequal powers (e.g., China-Serbia) may serve the stronger party's interests"."""
    a = assess(assessor, "china-serbia")
    assert a["risks"]["asymmetry"]["rating"] in ("moderate", "high")
    assert a["level"] in ("strategic_partnership", "comprehensive_strategic_partnership")


def test_india_japan_special_strategic_and_global(assessor):
    """Notable examples: India-Japan "Special Strategic and Global Partnership"."""
    a = assess(assessor, "india-japan")
    assert a["label"]["declared_level"] == "comprehensive_strategic_partnership"
    assert a["level"] == "comprehensive_strategic_partnership"
    assert a["label"]["verdict"] == "consistent"


def test_vietnam_us_comprehensive_variant(assessor):
    """ "Many 'comprehensive' variants, like Vietnam-US": the label claims the comprehensive tier."""
    a = assess(assessor, "vietnam-us")
    assert a["label"]["declared_level"] == "comprehensive_strategic_partnership"
    assert a["level"] in ("strategic_partnership", "comprehensive_strategic_partnership")


def test_russia_india_codes_its_1993_treaty_as_at_least_signed(assessor):
    """The 1993 treaty is binding and in force, ratified or not: the example codes the weaker value its sources
    support (signed_treaty), and says so; unknown would keep 'no framework' possible, saying less than they do."""
    profile = load_profile("russia-india")
    assert profile["legal_basis"] == "signed_treaty"
    text = (EXAMPLES / "russia-india.yaml").read_text(encoding="utf-8")
    assert "at least signed" in text and "legal_basis: unknown" not in text
    a = assess(assessor, "russia-india")
    assert a["level"] == "comprehensive_strategic_partnership" and a["deciding_facts"] == []
    assert a["label"]["verdict"] == "consistent" and a["hedging"] is True
    # ratified or signed: the core pack does not tell them apart, so the choice the sources leave open is moot
    ratified = assessor.assess(dict(profile, legal_basis="ratified_treaty")).as_dict()
    assert (ratified["level"], ratified["label"]["verdict"]) == (a["level"], a["label"]["verdict"])
    # what leaving it unknown would say: less than the comments, 'no framework at all' still possible
    unknown = assessor.assess({k: v for k, v in profile.items() if k != "legal_basis"}).as_dict()
    assert unknown["level"] is None and unknown["possible_levels"] == ["none", "comprehensive_strategic_partnership"]


def test_the_examples_readme_lists_every_example_as_its_file_codes_it():
    """examples/README.md's table: each file, its parties, year and declared label, as the file has them."""
    import re

    table = re.findall(
        r"^\| `([\w-]+\.yaml)` \| ([^|]+) \| (\d+) \| ([^|]+) \|", (EXAMPLES / "README.md").read_text("utf-8"), re.M
    )
    assert {row[0] for row in table} == {p.name for p in EXAMPLES.glob("*.yaml")}
    for file, parties, as_of, label in table:
        profile = load_profile(file.removesuffix(".yaml"))
        listed = (parties.strip(), int(as_of), label.strip())
        assert listed == (", ".join(profile["parties"]), profile["as_of"], profile["declared_label"]), file
