"""Write the bundled scenarios (scenarios/*.yaml) from the texts below; `expected` is taken from the engine.

The instructor's part (narrative, hidden profile, questions, teaching notes) is written here by hand;
the expected answers are what amity concludes, and the test suite holds them equal to the engine.
Run from the repository's root: python bench/make_scenarios.py; with --check it writes nothing and
shows how the files would change (after a rule change: which expected answers move), exit 1 if any.

A scenario's profile holds only what its narrative gives (README: "a fact the narrative does not
give stays out: it is unknown"), and what the narrative gives is in the profile. Each scenario keeps
an ``evidence`` table: for every fact of the profile the words of the narrative that state it (for
a set, the words for each item; for an empty set, the words that say there is none). ``ungrounded``
lists a fact without words, words missing from the narrative, and words for a fact the profile
leaves out; both modes refuse to go on (exit 1) while there is one. A real scenario takes its facts
from a bundled example, as of the narrative's year (``as_of``), less the facts the narrative does
not give (``drop``), with the ones it gives otherwise (``set``).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

import yaml
from amity.engine import Assessor
from amity.engine.scenarios import expected_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def example(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


SCENARIOS = [
    {
        "scenario": "china-russia-2023",
        "title": 'Moscow, March 2023: "not an alliance", but how close?',
        "kind": "real",
        "example": "china-russia",
        "as_of": 2023,
        # the example's exit costs are its own judgement; the narrative gives none
        "drop": ["exit_costs"],
        "narrative": """\
**Moscow, 21 March 2023.** Presidents Xi and Putin sign a joint statement on deepening their
"Comprehensive Strategic Partnership of Coordination for a New Era", so styled since 2019. Their
2001 Treaty of Good-Neighbourliness, ratified by both and extended in 2021, obliges them to
*consult* when either faces a threat; it obliges neither to fight for the other, and the statement
calls the tie "not a military-political alliance" aimed at no third country.

Cooperation now runs from trade, investment and energy (the Power of Siberia pipeline) to
technology, health, culture, education, space (a joint lunar station) and cross-border bridges.
The armed forces hold joint naval drills and bomber patrols; Russia has sold Su-35s and S-400s and
helps build China's missile early-warning system. There is no free-trade area, though China now
carries about a third of Russia's trade. Heads of state meet every year, and five commissions of
deputy prime ministers plus strategic security talks meet regularly; there is no joint
secretariat. In the UN Security Council the two coordinate their vetoes, and both reject the
export of values in the name of sovereignty. Both present the tie as one for the long term.

China's economy is almost nine times Russia's. Each is a nuclear power that relies on no one for
its defence, and neither keeps a partnership with the other's main rival. No crisis has strained
the tie in recent years. Russia is at war in Ukraine.""",
        "evidence": {
            "established": "so styled since 2019",
            "declared_label": "Comprehensive Strategic Partnership of Coordination for a New Era",
            "legal_basis": "ratified by both",
            "defense_commitment": "obliges them to consult when either faces a threat",
            "third_party_orientation": "aimed at no third country",
            "duration": "extended in 2021",
            "sectors": {
                "defense": "joint naval drills",
                "trade": "from trade, investment and energy",
                "investment": "from trade, investment and energy",
                "energy": "from trade, investment and energy",
                "technology": "technology, health, culture, education, space",
                "health": "technology, health, culture, education, space",
                "culture": "technology, health, culture, education, space",
                "education": "technology, health, culture, education, space",
                "space": "a joint lunar station",
                "connectivity": "cross-border bridges",
            },
            "security_cooperation": {
                "joint_exercises": "joint naval drills and bomber patrols",
                "arms_transfers": "sold Su-35s and S-400s",
                "defense_industry": "helps build China's missile early-warning system",
            },
            "economic_integration": "There is no free-trade area, though China now carries about a third",
            "summits": "Heads of state meet every year",
            "ministerial_dialogues": "five commissions of deputy prime ministers plus strategic security talks",
            "permanent_bodies": "there is no joint secretariat",
            "global_governance_coordination": "the two coordinate their vetoes",
            "time_horizon": "one for the long term",
            "shared_values": "both reject the export of values in the name of sovereignty",
            "power_ratio": "almost nine times Russia's",
            "trade_dependence": "about a third of Russia's trade",
            "security_dependence": "relies on no one for its defence",
            "rival_ties": "neither keeps a partnership with the other's main rival",
            "partner_in_conflict": "Russia is at war in Ukraine",
            "recent_crisis": "No crisis has strained the tie in recent years",
        },
        "questions": [
            {"ask": "level"},
            {"ask": "risk", "risk": "entrapment"},
            {"ask": "risk", "risk": "asymmetry"},
            {"ask": "verdict"},
            {"ask": "code", "field": "defense_commitment"},
        ],
        "notes": [
            (
                "The Hierarchy of Partnerships",
                "The top rung is the comprehensive strategic partnership plus alignment on global governance: coordinated Security Council vetoes are what lift China-Russia above the comprehensive tier.",
            ),
            (
                "Concrete Examples",
                '"Not an alliance": the treaty only obliges consultation. Under the level, amity\'s answer names the single fact that separates the two.',
            ),
            (
                "Criticisms and Limitations",
                "A duty to consult a partner at war is still a channel of entrapment, and Russia's trade dependence on a far larger China is the seed's asymmetry.",
            ),
        ],
    },
    {
        "scenario": "us-south-korea-2023",
        "title": "Seoul, 2023: seventy years of a mutual defense treaty",
        "kind": "real",
        "example": "us-south-korea",
        "as_of": 2023,
        # the example's working groups and UN coordination are not in the narrative
        "drop": ["working_groups", "global_governance_coordination"],
        "narrative": """\
**Seoul, April 2023.** Seventy years after the 1953 "Mutual Defense Treaty between the United
States and the Republic of Korea", ratified by both and in force until either party gives a year's
notice, about 28,500 US troops are stationed in Korea under a Combined Forces Command. Each party
is bound to act to meet an armed attack on the other. The allies exercise together, share
intelligence and buy and build weapons together. The treaty names the common threat plainly:
North Korea, with which the South is still technically at war and in an acute standoff. Leaving
the treaty would cost either side dearly.

The relationship covers trade under a free-trade agreement, investment, technology, energy,
climate, health, culture, education, space and shipbuilding. Presidents meet often, though on no
fixed schedule; four ministerial mechanisms meet, among them the defence ministers' yearly
meeting and the foreign and defence ministers' "2+2" talks. The two democracies mean the alliance
to last. The US economy is about sixteen times Korea's, some 15% of Korea's trade is with the
United States, and Korea relies on the US nuclear umbrella. Seoul also keeps its "strategic
cooperative partnership" with China, the United States' main rival, and the two allies settled a
bitter dispute over the cost of the US troops only in 2021.""",
        "evidence": {
            "established": "the 1953",
            "declared_label": "Mutual Defense Treaty between the United States and the Republic of Korea",
            "legal_basis": "ratified by both",
            "defense_commitment": "bound to act to meet an armed attack on the other",
            "third_party_orientation": "names the common threat plainly",
            "duration": "in force until either party gives a year's notice",
            "exit_costs": "would cost either side dearly",
            "sectors": {
                "defense": "The allies exercise together",
                "trade": "trade under a free-trade agreement",
                "investment": "investment, technology, energy, climate, health, culture, education, space",
                "technology": "investment, technology, energy, climate, health, culture, education, space",
                "energy": "investment, technology, energy, climate, health, culture, education, space",
                "climate": "investment, technology, energy, climate, health, culture, education, space",
                "health": "investment, technology, energy, climate, health, culture, education, space",
                "culture": "investment, technology, energy, climate, health, culture, education, space",
                "education": "investment, technology, energy, climate, health, culture, education, space",
                "space": "investment, technology, energy, climate, health, culture, education, space",
            },
            "security_cooperation": {
                "joint_exercises": "exercise together",
                "arms_transfers": "buy and build weapons together",
                "defense_industry": "buy and build weapons together",
                "intelligence_sharing": "share intelligence",
                "basing_rights": "US troops are stationed in Korea",
                "integrated_command": "Combined Forces Command",
            },
            "economic_integration": "a free-trade agreement",
            "summits": "Presidents meet often, though on no fixed schedule",
            "ministerial_dialogues": "four ministerial mechanisms meet",
            "permanent_bodies": "a Combined Forces Command",
            "time_horizon": "Seventy years after",
            "shared_values": "The two democracies",
            "power_ratio": "about sixteen times Korea's",
            "trade_dependence": "some 15% of Korea's trade",
            "security_dependence": "Korea relies on the US nuclear umbrella",
            "rival_ties": "with China, the United States' main rival",
            "partner_in_conflict": "still technically at war and in an acute standoff",
            "recent_crisis": "settled a bitter dispute over the cost of the US troops only in 2021",
        },
        "questions": [
            {"ask": "level"},
            {"ask": "risk", "risk": "entrapment"},
            {"ask": "risk", "risk": "abandonment"},
            {"ask": "risk", "risk": "asymmetry"},
            {"ask": "hedging"},
        ],
        "notes": [
            (
                "Key Distinction: Partnership vs. Alliance",
                "A binding treaty with a mutual defense obligation makes an alliance whatever else holds: the level never depends on the sectors or the summits here.",
            ),
            (
                "How They Differ from Alliances",
                "Alliances carry the risks partnerships are built to avoid: an obligation toward a partner in an acute dispute is a high risk of entrapment.",
            ),
            (
                "Criticisms and Limitations",
                "An order of magnitude in power with a security-dependent weaker party is the seed's asymmetry at its highest.",
            ),
        ],
    },
    {
        "scenario": "eu-china-2023",
        "title": 'Beijing, December 2023: a "comprehensive" partnership under strain',
        "kind": "real",
        # facts as of 2023, kept to what the narrative states; the sources are the example's (as of
        # 2021: the label, the sanctions, the frozen investment agreement, Lithuania) and the
        # relationship's overview, which covers the 2023 summit
        "example": "eu-china",
        "as_of": 2023,
        "set": {"id": "eu-chn-2023", "sectors": ["trade", "investment", "technology", "climate"]},
        "drop": ["exit_costs", "working_groups", "trade_dependence"],
        "narrative": """\
**Beijing, 7 December 2023.** The EU-China summit is the first in person in four years: summits
are meant to be yearly, but one year was skipped and two were held by video. The "Comprehensive
Strategic Partnership" proclaimed in 2003 rests on joint statements, with no treaty, no defence
dimension and no adversary named; the EU's arms embargo of 1989 still stands. Four high-level dialogues of ministers and
commissioners meet (strategic, economic and trade, digital, and environment and climate), but the
two have no joint body.

Cooperation is real in trade, investment, the digital economy and climate, and each is one of the
other's largest trading partners; but there is no free-trade agreement, the investment agreement
concluded in 2020 is frozen since the 2021 exchange of sanctions, and Lithuania faced Chinese trade
coercion in 2022. Brussels calls Beijing at once a "partner, competitor and systemic rival", yet
both still treat the relationship as one for decades. At the UN they work together on climate and
part ways on human rights. The EU's values and China's diverge sharply. The two economies are
about the same size. The United States, China's main rival, is one of the EU's strategic partners,
and Chinese troops still face India's along their disputed border.""",
        "evidence": {
            "established": "proclaimed in 2003",
            "declared_label": "Comprehensive Strategic Partnership",
            "legal_basis": "rests on joint statements, with no treaty",
            "defense_commitment": "no defence dimension",
            "sectors": {
                "trade": "trade, investment, the digital economy and climate",
                "investment": "trade, investment, the digital economy and climate",
                "technology": "the digital economy",
                "climate": "trade, investment, the digital economy and climate",
            },
            "third_party_orientation": "no adversary named",
            "security_cooperation": "the EU's arms embargo of 1989 still stands",
            "economic_integration": "each is one of the other's largest trading partners; but there is no free-trade agreement",
            "summits": "summits are meant to be yearly, but one year was skipped",
            "ministerial_dialogues": "Four high-level dialogues of ministers and commissioners",
            "permanent_bodies": "the two have no joint body",
            "global_governance_coordination": "work together on climate and part ways on human rights",
            "time_horizon": "treat the relationship as one for decades",
            "shared_values": "values and China's diverge sharply",
            "power_ratio": "about the same size",
            "security_dependence": "no defence dimension",
            "rival_ties": "The United States, China's main rival, is one of the EU's strategic partners",
            "partner_in_conflict": "Chinese troops still face India's along their disputed border",
            "recent_crisis": "the 2021 exchange of sanctions",
        },
        "questions": [{"ask": "level"}, {"ask": "verdict"}, {"ask": "risk", "risk": "fragility"}, {"ask": "hedging"}],
        "notes": [
            (
                "Criticisms and Limitations",
                'The seed\'s own example of "strategic" language without shared values: nothing binds the parties and their values diverge, so fragility is high.',
            ),
            (
                "The Hierarchy of Partnerships",
                "The label claims the comprehensive tier; the substance lacks deep economic or security integration, so it is inflated.",
            ),
            (
                "Why States Choose Partnerships Over Alliances",
                "Keeping a partnership with the other party's main rival, outside an alliance, is hedging.",
            ),
        ],
    },
    {
        "scenario": "vietnam-us-2023",
        "title": "Hanoi, September 2023: a two-rung upgrade",
        "kind": "real",
        "example": "vietnam-us",
        "as_of": 2023,
        # power_ratio 61.3 and trade_dependence 0.17 are the example's, from 2024's figures (the SGGP/GSO source on
        # 2024 GDP and trade, kept for them); 2023's were not checked against a cited source. The narrative and the
        # notes say only "more than sixty times" and "about a sixth", which those figures bear out.
        "set": {"id": "vnm-usa-2023"},
        "narrative": """\
**Hanoi, 10 September 2023.** President Biden and General Secretary Nguyen Phu Trong raise their
ties by two rungs, from a "comprehensive partnership" to a "Comprehensive Strategic Partnership",
in a joint leaders' statement. There is no treaty and no defence obligation, and the statement
respects Vietnam's "four noes": no alliances, no foreign bases, no siding with one country against
another. Cooperation spans defence, trade, investment, technology (semiconductors), energy,
climate, health, culture, education and maritime law enforcement; the United States has
transferred coast guard cutters. There is no free-trade agreement, though the United States is
Vietnam's largest export market, and no annual summit: leaders meet on visits and at regional
meetings. One ministerial council on trade and investment meets, and three dialogues below
ministers (political and security, defence policy, human rights); there is no joint body. The two
line up now and then on the law of the sea. Hanoi calls the new framework "enduring, stable" and
"long-term"; the statement asks respect for "each other's political system", a one-party state's
and a democracy's. Walking away would cost both something, though nothing binds them.

The US economy is more than sixty times Vietnam's, and the United States takes about a sixth of
Vietnam's trade; Vietnam relies on no ally for its security. Vietnam keeps its comprehensive
strategic partnership with China, the United States' main rival, and disputes islands and waters
with China in the South China Sea. No crisis has strained the tie in recent years.""",
        "evidence": {
            "established": "September 2023",
            "declared_label": "Comprehensive Strategic Partnership",
            "legal_basis": "in a joint leaders' statement",
            "defense_commitment": "no defence obligation",
            "third_party_orientation": "no siding with one country against another",
            "exit_costs": "Walking away would cost both something, though nothing binds them",
            "sectors": {
                "defense": "Cooperation spans defence",
                "trade": "defence, trade, investment, technology",
                "investment": "defence, trade, investment, technology",
                "technology": "technology (semiconductors)",
                "energy": "energy, climate, health, culture, education and maritime law enforcement",
                "climate": "energy, climate, health, culture, education and maritime law enforcement",
                "health": "energy, climate, health, culture, education and maritime law enforcement",
                "culture": "energy, climate, health, culture, education and maritime law enforcement",
                "education": "energy, climate, health, culture, education and maritime law enforcement",
                "maritime": "maritime law enforcement",
            },
            "security_cooperation": {"arms_transfers": "transferred coast guard cutters"},
            "economic_integration": "There is no free-trade agreement, though the United States is Vietnam's largest export market",
            "summits": "no annual summit",
            "ministerial_dialogues": "One ministerial council on trade and investment",
            "working_groups": "three dialogues below ministers",
            "permanent_bodies": "there is no joint body",
            "global_governance_coordination": "line up now and then on the law of the sea",
            "time_horizon": '"long-term"',
            "shared_values": "a one-party state's and a democracy's",
            "power_ratio": "more than sixty times Vietnam's",
            "trade_dependence": "about a sixth of Vietnam's trade",
            "security_dependence": "Vietnam relies on no ally for its security",
            "rival_ties": "with China, the United States' main rival",
            "partner_in_conflict": "disputes islands and waters with China in the South China Sea",
            "recent_crisis": "No crisis has strained the tie in recent years",
        },
        "questions": [
            {"ask": "level"},
            {"ask": "verdict"},
            {"ask": "risk", "risk": "asymmetry"},
            {"ask": "hedging"},
            {"ask": "code", "field": "summits"},
        ],
        "notes": [
            (
                "Criticisms and Limitations",
                "Institutional inflation: Vietnam's top designation on a substance that is not institutionalized or deeply integrated. Under the level, amity's answer shows what a comprehensive strategic partnership would take.",
            ),
            (
                "Why States Choose Partnerships Over Alliances",
                "Vietnam partners with both the United States and China: hedging, by design.",
            ),
            (
                "Criticisms and Limitations",
                "Power sixty times greater and about a sixth of trade: the weaker party's dependence makes asymmetry high.",
            ),
        ],
    },
    {
        "scenario": "india-japan-2023",
        "title": "Tokyo and New Delhi, 2023: a special and global partnership",
        "kind": "real",
        "example": "india-japan",
        "as_of": 2023,
        # GDP in 2023 (World Bank, current US$): Japan about 4.2 tn, India about 3.6 tn
        "set": {"id": "ind-jpn-2023", "power_ratio": 1.2},
        "narrative": """\
**New Delhi, March 2023.** Prime Ministers Kishida and Modi hold their annual summit under the
"Special Strategic and Global Partnership" of 2014, set out in joint statements rather than a
treaty, with no defence obligation and aimed at no third country. Foreign and defence ministers
meet in a "2+2" format besides a strategic dialogue of foreign ministers, a defence ministers'
dialogue and an energy dialogue, and seven dialogues and working groups run below them; there is
no joint secretariat. The Comprehensive Economic Partnership Agreement of 2011 is a free-trade
agreement. Cooperation reaches defence, trade, investment, technology, energy, health, culture,
education, space, maritime security and connectivity (a high-speed railway), and their navies
exercise together; both describe the tie as one of decades. Their values largely converge, and
they sometimes coordinate at the UN, as on Security Council reform. Leaving the partnership would
cost them something, though nothing binds them.

Japan's economy is about a fifth larger than India's, Japan accounts for about 2% of India's
trade, and neither relies on the other for its security. India keeps a declared partnership with
China, Japan's main rival, while Indian and Chinese troops face each other along their disputed
border. No crisis has strained the tie in recent years.""",
        "evidence": {
            "established": "of 2014",
            "declared_label": "Special Strategic and Global Partnership",
            "legal_basis": "set out in joint statements rather than a treaty",
            "defense_commitment": "no defence obligation",
            "third_party_orientation": "aimed at no third country",
            "exit_costs": "Leaving the partnership would cost them something, though nothing binds them",
            "sectors": {
                "defense": "Cooperation reaches defence",
                "trade": "defence, trade, investment, technology, energy, health, culture, education, space",
                "investment": "defence, trade, investment, technology, energy, health, culture, education, space",
                "technology": "defence, trade, investment, technology, energy, health, culture, education, space",
                "energy": "defence, trade, investment, technology, energy, health, culture, education, space",
                "health": "defence, trade, investment, technology, energy, health, culture, education, space",
                "culture": "defence, trade, investment, technology, energy, health, culture, education, space",
                "education": "defence, trade, investment, technology, energy, health, culture, education, space",
                "space": "defence, trade, investment, technology, energy, health, culture, education, space",
                "maritime": "maritime security",
                "connectivity": "connectivity (a high-speed railway)",
            },
            "security_cooperation": {"joint_exercises": "their navies exercise together"},
            "economic_integration": "is a free-trade agreement",
            "summits": "their annual summit",
            "ministerial_dialogues": 'a "2+2" format besides a strategic dialogue of foreign ministers, a defence ministers\' dialogue and an energy dialogue',
            "working_groups": "seven dialogues and working groups run below them",
            "permanent_bodies": "there is no joint secretariat",
            "global_governance_coordination": "they sometimes coordinate at the UN",
            "time_horizon": "one of decades",
            "shared_values": "Their values largely converge",
            "power_ratio": "about a fifth larger than India's",
            "trade_dependence": "about 2% of India's trade",
            "security_dependence": "neither relies on the other for its security",
            "rival_ties": "a declared partnership with China, Japan's main rival",
            "partner_in_conflict": "Indian and Chinese troops face each other along their disputed border",
            "recent_crisis": "No crisis has strained the tie in recent years",
        },
        "questions": [{"ask": "level"}, {"ask": "verdict"}, {"ask": "risk", "risk": "fragility"}, {"ask": "hedging"}],
        "notes": [
            (
                "The Hierarchy of Partnerships",
                "Deep economic integration (a free-trade area) with institutionalization over a comprehensive scope makes the comprehensive tier.",
            ),
            (
                "Notable Examples",
                "India-Japan's \"Special Strategic and Global Partnership\" is India's top tier, and the substance bears it out.",
            ),
            (
                "Key Characteristics",
                "Flexibility cuts both ways: whether the partnership is easy to leave turns on its duration, which the brief does not give.",
            ),
        ],
    },
    {
        "scenario": "varnia-ostrel",
        "title": "Varnia and Ostrel: neighbours without a framework",
        "kind": "fictional",
        "profile": {
            "id": "varnia-ostrel",
            "parties": ["VRN", "OST"],
            "declared_label": None,
            "legal_basis": "none",
            "defense_commitment": "none",
            "third_party_orientation": "not_adversarial",
            "sectors": ["trade", "energy"],
            "security_cooperation": [],
            "economic_integration": "limited",
            "summits": "irregular",
            "ministerial_dialogues": 0,
            "working_groups": 1,
            "permanent_bodies": False,
            "global_governance_coordination": "none",
            "time_horizon": "transactional",
            "shared_values": "mixed",
            "power_ratio": 1.5,
            "trade_dependence": 0.07,
            "security_dependence": False,
            "rival_ties": False,
            "partner_in_conflict": False,
            "recent_crisis": False,
        },
        "narrative": """\
**Ostrel City (cable).** Varnian and Ostrelian trade officials met again this month to settle a
gas-transit fee, their one standing working group; no minister takes part, and there is no joint
body. No treaty, declaration or memorandum frames relations as a whole, and no defence pledge
either; nothing between them is aimed at a third state, and the two armies have no dealings. Leaders have met twice in ten years, on the margins of
regional summits. Trade flows under no preferential agreement and is 7% of Ostrel's total; Varnia
is about one and a half times Ostrel's size. Varnia is a democracy, Ostrel a constitutional
monarchy with a strong court, and at the UN they go their own ways. Neither side describes the
other as strategic: each deals with the other case by case, and neither has asked for more.
Neither relies on the other for its security or has ties to the other's rival, neither is in a
dispute with a third state, and no crisis has strained relations in recent years.""",
        "evidence": {
            "declared_label": "Neither side describes the other as strategic",
            "legal_basis": "No treaty, declaration or memorandum frames relations as a whole",
            "defense_commitment": "no defence pledge",
            "third_party_orientation": "nothing between them is aimed at a third state",
            "sectors": {"trade": "Trade flows", "energy": "a gas-transit fee"},
            "security_cooperation": "the two armies have no dealings",
            "economic_integration": "Trade flows under no preferential agreement",
            "summits": "Leaders have met twice in ten years",
            "ministerial_dialogues": "no minister takes part",
            "working_groups": "their one standing working group",
            "permanent_bodies": "there is no joint body",
            "global_governance_coordination": "at the UN they go their own ways",
            "time_horizon": "each deals with the other case by case",
            "shared_values": "Varnia is a democracy, Ostrel a constitutional monarchy with a strong court",
            "power_ratio": "about one and a half times Ostrel's size",
            "trade_dependence": "7% of Ostrel's total",
            "security_dependence": "Neither relies on the other for its security",
            "rival_ties": "or has ties to the other's rival",
            "partner_in_conflict": "neither is in a dispute with a third state",
            "recent_crisis": "no crisis has strained relations in recent years",
        },
        "questions": [{"ask": "level"}, {"ask": "verdict"}, {"ask": "code", "field": "legal_basis"}],
        "notes": [
            (
                "The Hierarchy of Partnerships",
                "Every rung of the hierarchy rests on an instrument, from technical agreements up to treaties. Without one, the level is none, however busy the trade.",
            ),
            (
                "Definition",
                "A partnership is formalized: sectoral deals and occasional meetings are cooperation, not a partnership.",
            ),
        ],
    },
    {
        "scenario": "kelmar-doravia",
        "title": "Kelmar and Doravia: a memorandum and a name",
        "kind": "fictional",
        "profile": {
            "id": "kelmar-doravia",
            "parties": ["KLM", "DRV"],
            "declared_label": "Comprehensive Partnership",
            "legal_basis": "memorandum",
            "defense_commitment": "none",
            "third_party_orientation": "not_adversarial",
            "duration": "renewable",
            "exit_costs": "low",
            "sectors": ["trade", "education"],
            "security_cooperation": [],
            "economic_integration": "limited",
            "summits": "irregular",
            "ministerial_dialogues": 1,
            "working_groups": 2,
            "permanent_bodies": False,
            "global_governance_coordination": "occasional",
            "time_horizon": "long_term",
            "shared_values": "high",
            "power_ratio": 2.0,
            "trade_dependence": 0.04,
            "security_dependence": False,
            "rival_ties": False,
            "partner_in_conflict": False,
            "recent_crisis": False,
        },
        "narrative": """\
**Doravia (news brief).** Kelmar and Doravia renewed their five-year memorandum of understanding,
whose title calls the relationship a "Comprehensive Partnership". It covers trade facilitation and
student exchanges, grants no trade preferences, has no defence clause and is aimed at no third
state; the two armies do not work together. A joint commission of the two trade ministers meets
once a year, with two working groups under it and no secretariat; leaders meet when their
calendars allow. At the UN the two sometimes vote together. Both governments speak of a
friendship for generations, and they share democratic institutions, but neither side would pay
much to leave the memorandum. Kelmar is twice Doravia's size and takes 4% of Doravia's trade.
Neither relies on the other for its security or has ties to the other's rival, neither is in a
dispute with a third state, and no crisis has strained the tie in recent years.""",
        "evidence": {
            "declared_label": '"Comprehensive Partnership"',
            "legal_basis": "memorandum of understanding",
            "defense_commitment": "has no defence clause",
            "third_party_orientation": "is aimed at no third state",
            "duration": "renewed their five-year memorandum",
            "exit_costs": "neither side would pay much to leave the memorandum",
            "sectors": {"trade": "trade facilitation", "education": "student exchanges"},
            "security_cooperation": "the two armies do not work together",
            "economic_integration": "grants no trade preferences",
            "summits": "leaders meet when their calendars allow",
            "ministerial_dialogues": "A joint commission of the two trade ministers",
            "working_groups": "two working groups",
            "permanent_bodies": "no secretariat",
            "global_governance_coordination": "the two sometimes vote together",
            "time_horizon": "a friendship for generations",
            "shared_values": "they share democratic institutions",
            "power_ratio": "Kelmar is twice Doravia's size",
            "trade_dependence": "4% of Doravia's trade",
            "security_dependence": "Neither relies on the other for its security",
            "rival_ties": "or has ties to the other's rival",
            "partner_in_conflict": "neither is in a dispute with a third state",
            "recent_crisis": "no crisis has strained the tie in recent years",
        },
        "questions": [
            {"ask": "level"},
            {"ask": "verdict"},
            {"ask": "risk", "risk": "fragility"},
            {"ask": "code", "field": "sectors"},
        ],
        "notes": [
            (
                "The Hierarchy of Partnerships",
                "Limited sectoral cooperation on a framing instrument is a partnership: two sectors are not yet multi-sector.",
            ),
            ("Key Characteristics", "A renewable memorandum, cheap to leave, is flexible, and so fragile."),
            (
                "Notable Examples",
                '"Comprehensive" does not mean the comprehensive tier: in some ladders, as Vietnam\'s, a comprehensive partnership is the lowest rung. The label is consistent.',
            ),
        ],
    },
    {
        "scenario": "tesmar-halvan",
        "title": "Tesmar and Halvan: a pledge on paper",
        "kind": "fictional",
        "profile": {
            "id": "tesmar-halvan",
            "parties": ["TSM", "HLV"],
            "declared_label": "Enhanced Partnership",
            "legal_basis": "joint_statement",
            "defense_commitment": "mutual_defense",
            "third_party_orientation": "not_adversarial",
            "duration": "renewable",
            "exit_costs": "moderate",
            "sectors": ["defense", "trade", "energy", "education"],
            "security_cooperation": ["joint_exercises", "arms_transfers"],
            "economic_integration": "substantial",
            "summits": "annual",
            "ministerial_dialogues": 1,
            "working_groups": 3,
            "permanent_bodies": False,
            "global_governance_coordination": "occasional",
            "time_horizon": "long_term",
            "shared_values": "high",
            "power_ratio": 7.0,
            "trade_dependence": 0.08,
            "security_dependence": True,
            "rival_ties": False,
            "partner_in_conflict": False,
            "recent_crisis": False,
        },
        "narrative": """\
**Halvan (cable).** At their yearly summit the leaders of Halvan and Tesmar reaffirmed their
"Enhanced Partnership", set out in a joint declaration renewed every ten years. In it each pledges
to "come to the aid of the other if attacked", naming no enemy, but the declaration is not a
treaty and neither parliament voted on it. Tesmar, a seventh of Halvan's size, has no other
guarantor: it buys Halvanese arms and trains with Halvan's army. The two cooperate on defence,
trade, energy and education; sectoral trade agreements make Halvan a major partner, with 8% of
Tesmar's trade. A ministerial council meets once a year, three working groups under it, with no
standing secretariat. The two democracies sometimes vote together at the UN, both call the tie a
lasting one, and leaving it would cost each of them something. Neither has ties to the other's
rival or is in a dispute with a third state, and no crisis has strained the tie in recent years.""",
        "evidence": {
            "declared_label": '"Enhanced Partnership"',
            "legal_basis": "set out in a joint declaration",
            "defense_commitment": '"come to the aid of the other if attacked"',
            "third_party_orientation": "naming no enemy",
            "duration": "renewed every ten years",
            "exit_costs": "leaving it would cost each of them something",
            "sectors": {
                "defense": "cooperate on defence, trade, energy and education",
                "trade": "cooperate on defence, trade, energy and education",
                "energy": "cooperate on defence, trade, energy and education",
                "education": "cooperate on defence, trade, energy and education",
            },
            "security_cooperation": {
                "joint_exercises": "trains with Halvan's army",
                "arms_transfers": "buys Halvanese arms",
            },
            "economic_integration": "sectoral trade agreements make Halvan a major partner",
            "summits": "their yearly summit",
            "ministerial_dialogues": "A ministerial council meets once a year",
            "working_groups": "three working groups",
            "permanent_bodies": "no standing secretariat",
            "global_governance_coordination": "sometimes vote together at the UN",
            "time_horizon": "a lasting one",
            "shared_values": "The two democracies",
            "power_ratio": "a seventh of Halvan's size",
            "trade_dependence": "8% of Tesmar's trade",
            "security_dependence": "has no other guarantor",
            "rival_ties": "Neither has ties to the other's rival",
            "partner_in_conflict": "or is in a dispute with a third state",
            "recent_crisis": "no crisis has strained the tie in recent years",
        },
        "questions": [
            {"ask": "level"},
            {"ask": "risk", "risk": "abandonment"},
            {"ask": "verdict"},
            {"ask": "code", "field": "legal_basis"},
        ],
        "notes": [
            (
                "Key Distinction: Partnership vs. Alliance",
                "A mutual defense pledge in a non-binding instrument is not an alliance: only a treaty binds. Had you answered alliance, amity's explanation would point to the one fact missing: the legal basis.",
            ),
            (
                "Why States Choose Partnerships Over Alliances",
                "Relying on a partner for security without a binding guarantee is the abandonment the seed warns of, at its highest.",
            ),
            (
                "Criticisms and Limitations",
                "Here the label says less than the substance: a strategic partnership under the name of a mere partnership is deflated.",
            ),
        ],
    },
    {
        "scenario": "miravia-two-suitors",
        "title": "Miravia between two rivals",
        "kind": "fictional",
        "profile": {
            "id": "miravia-corvan",
            "parties": ["MRV", "CRV"],
            "declared_label": "Strategic Partnership",
            "legal_basis": "joint_statement",
            "defense_commitment": "none",
            "third_party_orientation": "not_adversarial",
            "duration": "indefinite",
            "exit_costs": "moderate",
            "sectors": ["trade", "investment", "technology", "energy", "connectivity"],
            "security_cooperation": ["joint_exercises"],
            "economic_integration": "substantial",
            "summits": "annual",
            "ministerial_dialogues": 1,
            "working_groups": 3,
            "permanent_bodies": False,
            "global_governance_coordination": "occasional",
            "time_horizon": "long_term",
            "shared_values": "mixed",
            "power_ratio": 4.0,
            "trade_dependence": 0.18,
            "security_dependence": False,
            "rival_ties": True,
            "partner_in_conflict": False,
            "recent_crisis": False,
        },
        "narrative": """\
**Miravia (news brief).** A week after hosting the Sallish foreign minister, Miravia's president
flew to Corvan for the annual summit of their Strategic Partnership, declared in a joint statement
in 2015 with no end date, no defence clause and no enemy named. Corvan, four times Miravia's size
and Sallish's great rival, takes 18% of Miravia's trade under sectoral agreements short of free
trade; the two build ports and railways, trade, invest and work on technology and energy
together, and their navies held one exercise. A ministerial dialogue meets once a year, three
working groups under it, with no joint secretariat; at the UN they sometimes side together. Both
speak of a partnership for decades, though Miravia's democracy and Corvan's one-party rule sit
uneasily together, and leaving would cost Miravia something. Miravia relies on no one for its
security. Miravia's partnership with Sallish, signed in 2019, stays in force: "we choose partners,
not sides", its foreign minister says. Neither is in a dispute with a third state, and no crisis
has strained the tie in recent years.""",
        "evidence": {
            "declared_label": "their Strategic Partnership",
            "legal_basis": "declared in a joint statement",
            "defense_commitment": "no defence clause",
            "third_party_orientation": "no enemy named",
            "duration": "with no end date",
            "exit_costs": "leaving would cost Miravia something",
            "sectors": {
                "trade": "trade, invest and work on technology and energy",
                "investment": "trade, invest and work on technology and energy",
                "technology": "trade, invest and work on technology and energy",
                "energy": "trade, invest and work on technology and energy",
                "connectivity": "build ports and railways",
            },
            "security_cooperation": {"joint_exercises": "their navies held one exercise"},
            "economic_integration": "under sectoral agreements short of free trade",
            "summits": "the annual summit",
            "ministerial_dialogues": "A ministerial dialogue meets once a year",
            "working_groups": "three working groups",
            "permanent_bodies": "no joint secretariat",
            "global_governance_coordination": "at the UN they sometimes side together",
            "time_horizon": "a partnership for decades",
            "shared_values": "Miravia's democracy and Corvan's one-party rule sit uneasily together",
            "power_ratio": "four times Miravia's size",
            "trade_dependence": "18% of Miravia's trade",
            "security_dependence": "Miravia relies on no one for its security",
            "rival_ties": "Miravia's partnership with Sallish, signed in 2019, stays in force",
            "partner_in_conflict": "Neither is in a dispute with a third state",
            "recent_crisis": "no crisis has strained the tie in recent years",
        },
        "questions": [{"ask": "level"}, {"ask": "hedging"}, {"ask": "risk", "risk": "asymmetry"}, {"ask": "verdict"}],
        "notes": [
            (
                "Why States Choose Partnerships Over Alliances",
                "A state can maintain partnerships with rivals simultaneously: that is hedging, possible only outside a binding alliance.",
            ),
            (
                "Core Characteristics",
                "Multi-sector, high-level and long-term: the three marks of the strategic tier, on a non-binding joint statement.",
            ),
            ("Criticisms and Limitations", "Unequal powers with a dependent weaker party: asymmetry, here moderate."),
        ],
    },
    {
        "scenario": "sorrel-pact",
        "title": "The Sorrel Pact at a border crisis",
        "kind": "fictional",
        "profile": {
            "id": "arden-sorrel",
            "parties": ["ARD", "SRL"],
            "declared_label": "Mutual Defence Pact",
            "legal_basis": "ratified_treaty",
            "defense_commitment": "mutual_defense",
            "third_party_orientation": "named_threat",
            "duration": "indefinite",
            "exit_costs": "high",
            "sectors": ["defense", "trade"],
            "security_cooperation": ["joint_exercises", "intelligence_sharing"],
            "economic_integration": "limited",
            "summits": "irregular",
            "ministerial_dialogues": 2,
            "working_groups": 4,
            "permanent_bodies": False,
            "global_governance_coordination": "none",
            "time_horizon": "long_term",
            "shared_values": "mixed",
            "power_ratio": 1.8,
            "trade_dependence": 0.05,
            "security_dependence": False,
            "rival_ties": False,
            "partner_in_conflict": True,
            "recent_crisis": False,
        },
        "narrative": """\
**Arden (cable).** Troops of Sorrel and of its northern neighbour exchanged fire across the
disputed river line again this week. Under the Sorrel Pact, formally the "Mutual Defence Pact",
ratified by both parliaments in 1988 and without an end date, Arden must treat an armed attack on
Sorrel as an attack on itself; the pact names the northern neighbour as the threat, and walking
away from it would cost Arden its word and its border. The two armies exercise and share
intelligence; their defence and foreign ministers meet in two standing councils, with four
working groups and no common staff, while the leaders meet only now and then. Beyond defence and
some trade without preferences, there is little else between them, and at the UN they follow no
common line. Both mean the pact to last, though Arden's liberal politics and Sorrel's military
government differ. Arden is nearly twice Sorrel's size and takes 5% of Sorrel's trade, but
Sorrel's own army holds the line without relying on Arden. Neither has ties to the other's rival,
and no crisis has strained the pact in recent years.""",
        "evidence": {
            "declared_label": '"Mutual Defence Pact"',
            "legal_basis": "ratified by both parliaments",
            "defense_commitment": "must treat an armed attack on Sorrel as an attack on itself",
            "third_party_orientation": "names the northern neighbour as the threat",
            "duration": "without an end date",
            "exit_costs": "walking away from it would cost Arden its word and its border",
            "sectors": {"defense": "Beyond defence and some trade", "trade": "Beyond defence and some trade"},
            "security_cooperation": {
                "joint_exercises": "The two armies exercise",
                "intelligence_sharing": "share intelligence",
            },
            "economic_integration": "some trade without preferences",
            "summits": "the leaders meet only now and then",
            "ministerial_dialogues": "two standing councils",
            "working_groups": "four working groups",
            "permanent_bodies": "no common staff",
            "global_governance_coordination": "at the UN they follow no common line",
            "time_horizon": "Both mean the pact to last",
            "shared_values": "Arden's liberal politics and Sorrel's military government differ",
            "power_ratio": "nearly twice Sorrel's size",
            "trade_dependence": "5% of Sorrel's trade",
            "security_dependence": "Sorrel's own army holds the line without relying on Arden",
            "rival_ties": "Neither has ties to the other's rival",
            "partner_in_conflict": "exchanged fire across the disputed river line",
            "recent_crisis": "no crisis has strained the pact in recent years",
        },
        "questions": [
            {"ask": "level"},
            {"ask": "risk", "risk": "entrapment"},
            {"ask": "hedging"},
            {"ask": "code", "field": "partner_in_conflict"},
        ],
        "notes": [
            (
                "Key Distinction: Partnership vs. Alliance",
                "An alliance is treaty-bound mutual defense directed against a specific threat, whatever else is thin.",
            ),
            (
                "How They Differ from Alliances",
                "Partnerships are looser to avoid entrapment; an alliance with a partner at war is entrapment at its highest.",
            ),
        ],
    },
    {
        "scenario": "pellan-quor",
        "title": "Pellan and Quor: integration without a treaty",
        "kind": "fictional",
        "profile": {
            "id": "pellan-quor",
            "parties": ["PLN", "QOR"],
            "declared_label": "Strategic Partnership",
            "legal_basis": "joint_statement",
            "defense_commitment": "none",
            "third_party_orientation": "not_adversarial",
            "duration": "indefinite",
            "exit_costs": "high",
            "sectors": ["trade", "investment", "technology", "energy", "climate", "education"],
            "security_cooperation": ["joint_exercises"],
            "economic_integration": "deep",
            "summits": "annual",
            "ministerial_dialogues": 3,
            "working_groups": 12,
            "permanent_bodies": True,
            "global_governance_coordination": "occasional",
            "time_horizon": "long_term",
            "shared_values": "high",
            "power_ratio": 1.3,
            "trade_dependence": 0.22,
            "security_dependence": False,
            "rival_ties": False,
            "partner_in_conflict": False,
            "recent_crisis": False,
        },
        "narrative": """\
**Quor (news brief).** Ten years after their free-trade area came into force, the leaders of
Pellan and Quor met for their annual summit at the joint secretariat in Quor. The "Strategic
Partnership" declared in a joint statement in 2012 has no end date, no defence clause and no
adversary; it now has three ministerial councils and a dozen working groups on trade,
investment, technology, energy, climate and education, and the two coast guards exercise
together. Each is the other's largest trading partner, with 22% of Quor's trade, and unpicking
the free-trade area would be ruinous for both. Both speak of a partnership "for the century"
and of the democratic values they share; at the UN they sometimes vote together, sometimes not.
Pellan is about a third larger than Quor. Neither relies on the other for its security or has
ties to the other's rival, neither is in a dispute with a third state, and no crisis has strained
the tie in recent years.""",
        "evidence": {
            "declared_label": '"Strategic Partnership"',
            "legal_basis": "declared in a joint statement",
            "defense_commitment": "no defence clause",
            "third_party_orientation": "no adversary",
            "duration": "has no end date",
            "exit_costs": "unpicking the free-trade area would be ruinous for both",
            "sectors": {
                v: "working groups on trade, investment, technology, energy, climate and education"
                for v in ("trade", "investment", "technology", "energy", "climate", "education")
            },
            "security_cooperation": {"joint_exercises": "the two coast guards exercise together"},
            "economic_integration": "their free-trade area",
            "summits": "their annual summit",
            "ministerial_dialogues": "three ministerial councils",
            "working_groups": "a dozen working groups",
            "permanent_bodies": "the joint secretariat",
            "global_governance_coordination": "at the UN they sometimes vote together, sometimes not",
            "time_horizon": '"for the century"',
            "shared_values": "the democratic values they share",
            "power_ratio": "about a third larger than Quor",
            "trade_dependence": "22% of Quor's trade",
            "security_dependence": "Neither relies on the other for its security",
            "rival_ties": "or has ties to the other's rival",
            "partner_in_conflict": "neither is in a dispute with a third state",
            "recent_crisis": "no crisis has strained the tie in recent years",
        },
        "questions": [
            {"ask": "level"},
            {"ask": "verdict"},
            {"ask": "risk", "risk": "fragility"},
            {"ask": "code", "field": "economic_integration"},
        ],
        "notes": [
            (
                "The Hierarchy of Partnerships",
                "Deep economic integration, institutionalized, over a comprehensive scope: the comprehensive tier, without global-governance alignment for the top rung.",
            ),
            (
                "Criticisms and Limitations",
                "Here the label says less than the substance: a comprehensive strategic partnership called merely strategic is deflated.",
            ),
        ],
    },
    {
        "scenario": "lioria-brief",
        "title": "Lioria and Benmark: a thin brief",
        "kind": "fictional",
        "profile": {
            "id": "lioria-benmark",
            "parties": ["LIO", "BNM"],
            "declared_label": "Comprehensive Strategic Partnership",
            "legal_basis": "joint_statement",
            "defense_commitment": "none",
            "sectors": ["defense", "trade", "investment", "technology", "energy", "maritime"],
            "summits": "annual",
            "ministerial_dialogues": 2,
        },
        "narrative": """\
**Benmark (short wire item).** Lioria and Benmark upgraded their ties to a "Comprehensive
Strategic Partnership" in a joint statement, with no defence clause, at their annual summit. They
cooperate on defence, trade, investment, technology, energy and maritime affairs, and two
ministerial mechanisms meet each year. The item says nothing about how long either side expects
the partnership to last, how integrated their economies or armed forces are, or how they vote at
the UN.""",
        "evidence": {
            "declared_label": '"Comprehensive Strategic Partnership"',
            "legal_basis": "in a joint statement",
            "defense_commitment": "no defence clause",
            "sectors": {
                v: "cooperate on defence, trade, investment, technology, energy and maritime affairs"
                for v in ("defense", "trade", "investment", "technology", "energy", "maritime")
            },
            "summits": "their annual summit",
            "ministerial_dialogues": "two ministerial mechanisms meet each year",
        },
        "questions": [{"ask": "level"}, {"ask": "verdict"}, {"ask": "code", "field": "summits"}],
        "notes": [
            (
                "The Hierarchy of Partnerships",
                "Unknown is not false: the brief leaves the time horizon, the depth of integration and global-governance coordination open, so the level could still be a partnership or any strategic tier. Answer 'undecided'; before you read amity's answer, ask which facts you would look up, then compare them with the ones amity says would decide the level.",
            ),
            (
                "Core Characteristics",
                'The "strategic" element is a horizon of decades; without it even a busy agenda is a partnership.',
            ),
        ],
    },
]


#: facts that name the case rather than describe it: the narrative need not state them in words
NAMING = ("id", "parties", "as_of", "sources")


def profile_of(s: dict) -> dict:
    """The hidden profile: a fictional scenario's own, or a real one's example as of the narrative's year."""
    if "example" not in s:
        return dict(s["profile"])
    profile = {k: v for k, v in example(s["example"]).items() if k not in s.get("drop", ())}
    profile["as_of"] = s["as_of"]
    profile.update(s.get("set", {}))
    return profile


def plain_text(narrative: str) -> str:
    """The narrative as words to search: no emphasis marks, one space between words, lower case."""
    return " ".join(narrative.replace("*", "").split()).lower()


def ungrounded(s: dict) -> list[str]:
    """Every fact of the profile the narrative does not state, and every stated fact the profile lacks."""
    profile, evidence = profile_of(s), s.get("evidence", {})
    text = plain_text(s["narrative"])
    out = []

    def said(name: str, words: str) -> None:
        if " ".join(words.split()).lower() not in text:
            out.append(f"{s['scenario']}: {name}: the narrative does not say {words!r}")

    for name, value in profile.items():
        if name in NAMING:
            continue
        words = evidence.get(name)
        if words is None:
            out.append(f"{s['scenario']}: {name}: the profile gives {value!r}, but no words of the narrative do")
        elif isinstance(words, dict):
            items = value if isinstance(value, list) else []
            for item in items:
                if item in words:
                    said(f"{name}/{item}", words[item])
                else:
                    out.append(f"{s['scenario']}: {name}: the profile has {item!r}, but no words of the narrative do")
            out += [
                f"{s['scenario']}: {name}: words for {item!r}, which the profile does not have"
                for item in words
                if item not in items
            ]
        else:
            if isinstance(value, list) and value:
                out.append(f"{s['scenario']}: {name}: give the words for each item of {value!r}")
            said(name, words)
    out += [
        f"{s['scenario']}: {name}: the narrative gives it, but the profile leaves it unknown"
        for name in evidence
        if name not in profile
    ]
    return out


def render(assessor: Assessor, s: dict) -> str:
    """One scenario file's text."""
    profile = profile_of(s)
    if "example" in s:
        sources = profile.get("sources") or []
        as_of = profile.get("as_of")
    else:
        sources, as_of = [], None
    data = {"scenario": s["scenario"], "title": s["title"], "kind": s["kind"]}
    if s["kind"] == "real":
        data["as_of"] = as_of
        data["sources"] = sources
    data["narrative"] = s["narrative"].strip() + "\n"
    data["profile"] = profile
    data["expected"] = expected_of(assessor.assess(profile))
    data["questions"] = s["questions"]
    data["teaching_notes"] = [{"section": sec, "note": note} for sec, note in s["notes"]]
    text = "# yaml-language-server: $schema=../schemas/scenario.schema.json\n"
    return text + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "scenarios", help="the folder to write (default: scenarios/)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; show how each scenario file would change (after a rule change: which expected "
        "answers move) and exit 1 if any would",
    )
    args = parser.parse_args(argv)
    assessor = Assessor("core")
    problems = [p for s in SCENARIOS for p in ungrounded(s)]
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} facts and narratives disagree; nothing written", file=sys.stderr)
        return 1
    changed = 0
    for s in SCENARIOS:
        path = args.out / f"{s['scenario']}.yaml"
        text = render(assessor, s)
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        if args.check:
            if text != old:
                changed += 1
                sys.stdout.writelines(
                    difflib.unified_diff(old.splitlines(True), text.splitlines(True), str(path), f"{path} (new)")
                )
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(s["scenario"], "changed" if text != old else "unchanged")
    if args.check:
        print(f"{changed} of {len(SCENARIOS)} scenario files would change", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
