"""Write the bundled scenarios (scenarios/*.yaml) from the texts below; `expected` is taken from the engine.

The instructor's part (narrative, hidden profile, questions, teaching notes) is written here by hand;
the expected answers are what amity concludes, and the test suite holds them equal to the engine.
Run from the repository's root: python bench/make_scenarios.py; with --check it writes nothing and
shows how the files would change (after a rule change: which expected answers move), exit 1 if any.
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
        "narrative": """\
**Moscow, 21 March 2023.** Presidents Xi and Putin sign a joint statement on deepening their
partnership "for a new era". Their 2001 Treaty of Good-Neighbourliness, ratified by both and
extended in 2021, obliges them to *consult* when either faces a threat; it obliges neither to
fight for the other, and the statement calls the tie "not a military-political alliance" aimed at
no third country.

Cooperation now runs from trade, investment and energy (the Power of Siberia pipeline) to
technology, health, culture, education, space (a joint lunar station) and cross-border bridges.
The armed forces hold joint naval drills and bomber patrols; Russia has sold Su-35s and S-400s and
helps build China's missile early-warning system. There is no free-trade area, though China now
carries about a third of Russia's trade. Heads of state meet every year, and five deputy-prime-
ministerial commissions plus strategic security talks meet regularly; there is no joint
secretariat. In the UN Security Council the two coordinate their vetoes. China's economy is
almost nine times Russia's. Russia is at war in Ukraine.""",
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
                '"Not an alliance": the treaty only obliges consultation. Ask `whynot alliance` to see the single fact that separates the two.',
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
        "narrative": """\
**Seoul, April 2023.** Seventy years after the 1953 Mutual Defense Treaty, ratified by both and in
force until either party gives a year's notice, about 28,500 US troops are stationed in Korea
under a Combined Forces Command. The allies exercise together, share intelligence and buy and
build weapons together. The treaty names the common threat plainly: North Korea, with which the
South is still technically at war and in an acute standoff.

The relationship covers trade under a free-trade agreement, investment, technology, energy,
climate, health, education, space and shipbuilding. Presidents meet every year and foreign and
defence ministers hold "2+2" talks. The US economy is about fifteen times Korea's, a seventh of
Korea's trade is with the United States, and Korea relies on the US nuclear umbrella.""",
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
        "title": 'Brussels, 2023: a "comprehensive" partnership under strain',
        "kind": "real",
        "example": "eu-china",
        "narrative": """\
**Brussels, December 2023.** The EU-China summit is the first in person in four years. The
"Comprehensive Strategic Partnership" proclaimed in 2003 rests on joint statements, with no
treaty and no defence dimension. Cooperation is real across trade, investment, technology,
climate, energy, health, culture and education, and a web of dialogues meets; but the investment
agreement concluded in 2020 is frozen since the 2021 exchange of sanctions, and Lithuania faced
Chinese trade coercion in 2022. Brussels calls Beijing at once a "partner, competitor and
systemic rival". The EU's values and China's diverge sharply. Several EU states keep strategic
partnerships with the United States, China's main rival.""",
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
        "narrative": """\
**Hanoi, 10 September 2023.** President Biden and General Secretary Nguyen Phu Trong raise their
ties by two rungs, from a "comprehensive partnership" to a "Comprehensive Strategic Partnership",
in a joint leaders' statement. There is no treaty and no defence obligation, and the statement
respects Vietnam's "four noes": no alliances, no foreign bases. Cooperation spans trade,
investment, technology (semiconductors), energy, climate, health, education and maritime law
enforcement; the United States has transferred coast guard cutters. There is no free-trade
agreement, and no annual summit. The US economy is more than sixty times Vietnam's, and the
United States takes over a tenth of Vietnam's trade. Vietnam keeps its comprehensive strategic
partnership with China, the United States' main rival.""",
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
                "Institutional inflation: Vietnam's top designation on a substance that is not institutionalized or deeply integrated. Try `whynot csp`.",
            ),
            (
                "Why States Choose Partnerships Over Alliances",
                "Vietnam partners with both the United States and China: hedging, by design.",
            ),
            (
                "Criticisms and Limitations",
                "Power sixty times greater and a tenth of trade: the weaker party's dependence makes asymmetry high.",
            ),
        ],
    },
    {
        "scenario": "india-japan-2023",
        "title": "Tokyo and New Delhi, 2023: a special and global partnership",
        "kind": "real",
        "example": "india-japan",
        "narrative": """\
**New Delhi, March 2023.** Prime Ministers Kishida and Modi hold their annual summit under the
"Special Strategic and Global Partnership" of 2014, set out in joint statements rather than a
treaty. Foreign and defence ministers meet in a "2+2" format besides a strategic dialogue and
economic talks; the Comprehensive Economic Partnership Agreement of 2011 is a free-trade
agreement. Cooperation reaches defence, trade, investment, technology, energy, climate, health,
culture, education, space and maritime security, and both describe the tie as one of decades.
Their values largely converge. India keeps its special and privileged partnership with Russia.""",
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
            "power_ratio": 1.6,
            "trade_dependence": 0.07,
            "security_dependence": False,
            "rival_ties": False,
            "partner_in_conflict": False,
            "recent_crisis": False,
        },
        "narrative": """\
**Ostrel City (cable).** Varnian and Ostrelian trade officials met again this month to settle a
gas-transit fee, their one standing working group. No treaty, declaration or memorandum frames
relations as a whole; leaders have met twice in ten years, on the margins of regional summits.
Trade with Varnia is 7% of Ostrel's total. Neither side describes the other as strategic, and
neither has asked for more.""",
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
student exchanges. A joint commission of the two trade ministers meets once a year; leaders meet
when their calendars allow. Both governments speak of a friendship for generations, and they
share democratic institutions, but neither side would pay much to leave the memorandum.""",
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
            "power_ratio": 7.5,
            "trade_dependence": 0.08,
            "security_dependence": True,
            "rival_ties": False,
            "partner_in_conflict": False,
            "recent_crisis": False,
        },
        "narrative": """\
**Halvan (cable).** At their yearly summit the leaders of Halvan and Tesmar reaffirmed their
"Enhanced Partnership", set out in a joint declaration renewed every ten years. In it each pledges
to "come to the aid of the other if attacked", but the declaration is not a treaty and neither
parliament voted on it. Tesmar, a seventh of Halvan's size, has no other guarantor: it buys
Halvanese arms and trains with Halvan's army. The two cooperate on defence, trade, energy and
education, a ministerial council meets once a year, and both call the tie a lasting one.""",
        "questions": [
            {"ask": "level"},
            {"ask": "risk", "risk": "abandonment"},
            {"ask": "verdict"},
            {"ask": "code", "field": "legal_basis"},
        ],
        "notes": [
            (
                "Key Distinction: Partnership vs. Alliance",
                "A mutual defense pledge in a non-binding instrument is not an alliance: only a treaty binds. Try `whynot alliance`.",
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
in 2015 with no end date. Corvan, four times Miravia's size and Sallish's great rival, takes 18%
of Miravia's trade; the two build ports and railways, trade, invest and work on technology and
energy together, and their navies held one exercise. A ministerial dialogue meets once a year.
Miravia's partnership with Sallish, signed in 2019, stays in force: "we choose partners, not
sides", its foreign minister says.""",
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
disputed river line again this week. Under the Sorrel Pact, ratified by both parliaments in 1988
and without an end date, Arden must treat an armed attack on Sorrel as an attack on itself; the
pact names the northern neighbour as the threat. The two armies exercise and share intelligence;
their defence and foreign ministers meet in two standing councils. Beyond defence and some trade,
there is little else between them. The two are close in size.""",
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
Partnership" declared in 2012 has no end date and no defence clause; it now has three ministerial
councils and a dozen working groups on trade, investment, technology, energy, climate and
education. Each is the other's largest trading partner. Both speak of a partnership "for the
century"; at the UN they sometimes vote together, sometimes not.""",
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
        "scenario": "lioran-brief",
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
            "shared_values": "high",
            "power_ratio": 2.2,
            "security_dependence": False,
            "rival_ties": False,
        },
        "narrative": """\
**Benmark (short wire item).** Lioria and Benmark upgraded their ties to a "Comprehensive
Strategic Partnership" in a joint statement at their annual summit. They cooperate on defence,
trade, investment, technology, energy and maritime affairs, and two ministerial mechanisms meet
each year. The item says nothing about how long either side expects the partnership to last,
how integrated their economies or armed forces are, or how they vote at the UN.""",
        "questions": [{"ask": "level"}, {"ask": "verdict"}, {"ask": "code", "field": "summits"}],
        "notes": [
            (
                "The Hierarchy of Partnerships",
                "Unknown is not false: the brief leaves the time horizon, the depth of integration and global-governance coordination open, so the level could still be a partnership or any strategic tier. Answer 'undecided', and name the facts that would decide.",
            ),
            (
                "Core Characteristics",
                'The "strategic" element is a horizon of decades; without it even a busy agenda is a partnership.',
            ),
        ],
    },
]


def render(assessor: Assessor, s: dict) -> str:
    """One scenario file's text."""
    if "example" in s:
        profile = example(s["example"])
        sources = profile.get("sources") or []
        as_of = profile.get("as_of")
    else:
        profile = s["profile"]
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
