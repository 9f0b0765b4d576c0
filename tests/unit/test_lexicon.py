"""The core lexicon knows the designations used in practice, not only the seed's."""

from __future__ import annotations

import pytest
from amity.engine.label_check import designation, verdict

CASES = {
    # China's ladder
    "Comprehensive Strategic Partnership of Coordination for a New Era": "comprehensive_strategic_partnership_of_coordination",
    "Comprehensive Strategic Partnership of Coordination": "comprehensive_strategic_partnership_of_coordination",
    "All-Weather Strategic Cooperative Partnership": "comprehensive_strategic_partnership_of_coordination",
    "All-weather Comprehensive Strategic Partnership": "comprehensive_strategic_partnership_of_coordination",
    "Comprehensive Strategic Cooperative Partnership": "comprehensive_strategic_partnership",
    "All-round Strategic Partnership": "comprehensive_strategic_partnership",
    "Strategic and Cooperative Partnership for Peace and Prosperity": "strategic_partnership",
    "Comprehensive Cooperative Partnership": "partnership",
    # Vietnam's tiers: comprehensive partnership is the lowest
    "Comprehensive Partnership": "partnership",
    "Strategic Partnership": "strategic_partnership",
    "Comprehensive Strategic Partnership": "comprehensive_strategic_partnership",
    # India's
    "Special Strategic and Global Partnership": "comprehensive_strategic_partnership",
    "Special and Privileged Strategic Partnership": "comprehensive_strategic_partnership",
    "Comprehensive Global Strategic Partnership": "comprehensive_strategic_partnership",
    "Global Strategic Partnership": "strategic_partnership",
    # the EU's and the US's
    "Strategic Partnership Agreement": "strategic_partnership",
    "United States-Ukraine Charter on Strategic Partnership": "strategic_partnership",
    "Enhanced Global Strategic Partnership": "strategic_partnership",
    "Enhanced Partnership": "partnership",
    # alliances
    "North Atlantic Treaty": "alliance",
    "Treaty of Mutual Cooperation and Security between Japan and the United States of America": "alliance",
    "Mutual Defense Treaty between the United States and the Republic of Korea": "alliance",
    "ANZUS Treaty": "alliance",
    "Treaty of Friendship, Cooperation and Mutual Assistance": "alliance",
    "Comprehensive Global Strategic Alliance": "alliance",
    "Shusha Declaration on Allied Relations": "alliance",
}


@pytest.mark.parametrize(("label", "level"), sorted(CASES.items()))
def test_designation_claims_its_level(core_pack, label, level):
    assert designation(core_pack, label).level == level


@pytest.mark.parametrize(
    "label",
    ["Treaty of Good-Neighbourliness and Friendly Cooperation", "Special Relationship", "Iron Brotherhood"],
)
def test_what_claims_no_level_is_unrecognized(core_pack, label):
    d = designation(core_pack, label)
    assert d.level is None
    assert verdict(d.level, d.declared, "strategic_partnership") == "unrecognized"


def test_matching_ignores_case_punctuation_and_spacing(core_pack):
    assert designation(core_pack, "comprehensive  strategic-partnership").level == "comprehensive_strategic_partnership"


def test_a_fullwidth_label_reads_as_the_letters_it_stands_for(core_pack):
    # a label pasted from a CJK page writes Latin letters fullwidth: an exact entry and the grammar read them
    # as the letters (NFKC), not as unknown words
    exact = designation(core_pack, "\uff2e\uff4f\uff52\uff54\uff48 Atlantic Treaty")  # fullwidth 'North'
    assert (exact.level, exact.decided_by) == ("alliance", "north-atlantic-treaty")


def test_verdicts():
    assert verdict(None, None, "alliance") == "undeclared"
    assert verdict("alliance", "x", "partnership") == "inflated"
    assert verdict("partnership", "x", "alliance") == "deflated"
    assert verdict("partnership", "x", "partnership") == "consistent"
