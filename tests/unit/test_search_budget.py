"""The search over unknown facts has a budget; past it, amity reports a proven superset, flagged, never a guess.

Checked against the exact search and against brute force: an outcome is
flagged inexact exactly when the search needed more than its budget, and an
inexact outcome still holds every value some completion reaches and every field
that decides the output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from amity.engine import Assessor, load_pack
from amity.engine.conditions import known_facts
from amity.engine.levels import LEVEL_RANK
from amity.engine.schemas import validator
from amity.engine.unknowns import OUTPUTS, SEARCH_BUDGET, Analysis, Outcome, SearchBudgetExceeded, budget_note
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.test_packs import run
from tests.strategies import partial_profiles
from tests.unit.test_unknowns import brute_force

ROOT = Path(__file__).resolve().parents[2]
#: Number fields, each compared with many thresholds by rules that keep all of them open together.
NUMBERS = ("working_groups", "power_ratio", "trade_dependence")  # in the vocabulary's order
RATINGS = ("moderate", "high")


def grid_pack(thresholds: int) -> str:
    """Rule i: every number field at least its i-th threshold, raising asymmetry and the level.

    With every field unknown, the search meets about thresholds**3 states: each
    class of one field leaves different rules open on the others.
    """
    lines = ["pack: grid", "version: 1.0.0", "description: d", "rules:"]
    levels = ("partnership", "strategic_partnership", "alliance")
    for i in range(thresholds):
        tests = []
        for k, name in enumerate(NUMBERS):
            # each field's thresholds in a different order, so no one field settles the rest
            j = (i * (k + 1) * 7 + k) % thresholds + 1
            bound = {"working_groups": j, "power_ratio": 1 + j / 7, "trade_dependence": j / (thresholds + 1)}[name]
            tests.append(f"{{{name}: {{ge: {bound:.6g}}}}}")
        lines += [
            f"  - id: r{i}",
            "    description: d",
            "    rationale: r",
            "    source: {citation: c}",
            f"    when: {{all: [{', '.join(tests)}]}}",
            "    then:",
            f"      - risk: asymmetry\n        rating: {RATINGS[i % 2]}\n        reason: r{i}",
            f"      - level: {levels[i % 3]}",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    path = tmp_path_factory.mktemp("grid") / "pack.yaml"
    path.write_text(grid_pack(60), encoding="utf-8")
    return load_pack(path)


def test_a_search_that_would_blow_up_stops_at_the_budget_and_says_so(grid):
    analysis = Analysis(grid)
    outcome, spent = analysis.search("risk:asymmetry", {}, frozenset())
    assert not outcome.exact
    assert SEARCH_BUDGET < spent <= SEARCH_BUDGET + analysis.cones["risk:asymmetry"].state_cost
    # what three-valued evaluation proves: low if no rule fires, and each rating some rule may raise
    assert outcome.possible == ("low", "moderate", "high")
    assert outcome.deciding == NUMBERS


def test_the_assessment_flags_the_inexact_outputs_in_its_output_and_in_words(grid):
    assessor = Assessor(grid)
    a = assessor.assess({"parties": ["USA", "JPN"]})
    assert set(a.inexact) == {"level", "risk:asymmetry"}
    d = json.loads(json.dumps(a.as_dict()))
    assert d["level_exact"] is False and d["risks"]["asymmetry"]["exact"] is False
    assert "exact" not in d["risks"]["fragility"] and "exact" not in d["hedging_detail"]
    assert validator("assessment").is_valid(d)
    note = budget_note(a.inexact)
    assert note is not None and "the level and the asymmetry risk" in note and "ran out of its budget" in note


def test_an_exact_assessment_has_no_flag(assessor):
    d = assessor.assess({"parties": ["USA", "JPN"]}).as_dict()
    assert "level_exact" not in d and all("exact" not in r for r in d["risks"].values())
    assert budget_note(()) is None


@pytest.mark.parametrize(("pack", "share"), [("core", 5), ("china-ladder", 3)])
def test_the_bundled_packs_hardest_profiles_stay_well_within_the_budget(pack, share):
    analysis = Assessor(pack).analysis
    profiles = [{}] + [{f: v} for f, reps in analysis.classes.items() for v in reps]
    worst = 0
    for facts in profiles:
        total = 0
        for output in OUTPUTS:
            outcome, spent = analysis.search(output, facts, frozenset(facts))
            assert outcome.exact
            total += spent
        worst = max(worst, total)
    assert 0 < worst <= SEARCH_BUDGET // share


def test_the_outputs_of_one_profile_share_the_budget_in_turn(core_pack):
    needs = {o: Analysis(core_pack).search(o, {}, frozenset())[1] for o in OUTPUTS}
    searched = [o for o in OUTPUTS if needs[o]]
    assert len(searched) == len(OUTPUTS)  # every output needs a search when every fact is unknown
    enough = Analysis(core_pack, search_budget=sum(needs.values()), from_diagrams=False).outcomes({}, frozenset())
    assert all(o.exact for o in enough.values())
    # one unit short: the last output runs out, and only it
    short = Analysis(core_pack, search_budget=sum(needs.values()) - 1, from_diagrams=False).outcomes({}, frozenset())
    assert [o for o in OUTPUTS if not short[o].exact] == [OUTPUTS[-1]]
    assert {o: short[o] for o in OUTPUTS[:-1]} == {o: enough[o] for o in OUTPUTS[:-1]}
    # the first output takes what it needs; with less, it and every later one that searches run out
    starved = Analysis(core_pack, search_budget=needs[OUTPUTS[0]] - 1, from_diagrams=False).outcomes({}, frozenset())
    assert not any(o.exact for o in starved.values())
    # read off their whole diagrams, each of which fits the budget, no output searches: all exact
    diagrams = Analysis(core_pack, search_budget=sum(needs.values()) - 1).outcomes({}, frozenset())
    assert diagrams == enough


def test_only_outputs_whose_whole_diagram_is_past_the_budget_search_and_share_it(grid):
    profile = {"legal_basis": "memorandum"}
    fresh = Analysis(grid).outcomes(profile, frozenset(profile))
    # the grid's level diagram takes the whole budget: level and asymmetry are searched, and run out of it;
    # the other outputs, which no rule concludes, cost nothing
    assert set(Analysis(grid).read_off()) == set(OUTPUTS) - {"level", "risk:asymmetry"}
    assert {o for o in OUTPUTS if not fresh[o].exact} == {"level", "risk:asymmetry"}
    assert fresh == Analysis(grid, from_diagrams=False).outcomes(profile, frozenset(profile))


def test_the_whole_diagrams_are_built_in_turn_within_one_budget(core_pack):
    took = {o: Analysis(core_pack).search(o, {}, frozenset())[1] for o in OUTPUTS}  # what each whole diagram takes
    level, entrapment = OUTPUTS[:2]
    assert set(Analysis(core_pack).read_off()) == set(OUTPUTS)  # the core pack's all fit, with room to spare
    assert sum(took.values()) <= SEARCH_BUDGET // 5
    # the level's fits and the entrapment risk's does not, in what is left: it and every later output is searched
    budget = took[level] + took[entrapment] - 1
    assert set(Analysis(core_pack, search_budget=budget).read_off()) == {level}
    assert set(Analysis(core_pack, search_budget=budget + 1).read_off()) == {level, entrapment}
    # a diagram built before, for why-not, counts what it took: the same outputs are read off
    used = Analysis(core_pack, search_budget=budget)
    used.diagram(entrapment)  # within the whole budget alone
    assert set(used.read_off()) == {level}
    facts = {"legal_basis": "memorandum"}
    tight = Analysis(core_pack, search_budget=budget)
    assert tight.restricted(level, facts, frozenset(facts)) is not None
    assert tight.restricted(entrapment, facts, frozenset(facts)) is None
    everything = Analysis(core_pack).outcomes(facts, frozenset(facts))
    assert tight.outcomes(facts, frozenset(facts)) == everything  # searched or read off, exact alike


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_profiles(max_unknown=3), st.sampled_from(OUTPUTS))
def test_inexact_exactly_when_the_search_needs_more_than_its_budget(assessor, profile, output):
    facts = known_facts(profile)
    known = frozenset(facts)
    analysis = assessor.analysis
    exact, spent = analysis.search(output, facts, known)
    assert exact.exact
    again, _ = analysis.search(output, facts, known, budget=spent)
    assert again == exact  # a search that finished within its budget is never reported as exhausted
    if spent == 0:
        return  # settled by three-valued evaluation: no search
    short, _ = analysis.search(output, facts, known, budget=spent - 1)
    assert not short.exact
    assert set(short.possible) >= set(exact.possible)
    assert set(short.deciding) >= set(exact.deciding)
    reached, deciding = brute_force(assessor, facts)[output]
    assert set(short.possible) >= reached and set(short.deciding) >= deciding


def assert_sound(outcome: Outcome, reached: set, deciding: set) -> None:
    """An outcome holds every reachable value and deciding field; an exact one holds nothing more."""
    assert set(outcome.possible) >= reached and set(outcome.deciding) >= deciding
    if outcome.exact:
        assert (set(outcome.possible), set(outcome.deciding)) == (reached, deciding)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_profiles(max_unknown=3))
def test_out_of_budget_assessments_hold_every_value_brute_force_reaches(core_pack, profile):
    tight = Assessor(core_pack)
    tight.analysis.search_budget = 1  # every output that needs a search runs out
    result = tight.assess(profile)
    expected = brute_force(tight, known_facts(profile))
    outcomes = {"level": result.level, "hedging": result.hedging}
    outcomes |= {f"risk:{r}": a.outcome for r, a in result.risks.items()}
    for output, outcome in outcomes.items():
        assert_sound(outcome, *expected[output])


def test_the_soundness_check_fails_on_wrong_outcomes(assessor):
    facts = known_facts(yaml.safe_load((ROOT / "examples/us-india.yaml").read_text(encoding="utf-8")))
    for name in ("legal_basis", "summits"):
        del facts[name]
    reached, deciding = brute_force(assessor, facts)["level"]
    assert len(reached) > 1 and deciding
    ordered = sorted(reached, key=LEVEL_RANK.__getitem__)
    assert_sound(Outcome(tuple(ordered), tuple(deciding)), reached, deciding)
    assert_sound(Outcome((*ordered, "alliance"), (*deciding, "rival_ties"), exact=False), reached, deciding)
    wrong = [
        Outcome(tuple(ordered[1:]), tuple(deciding), exact=False),  # drops a reachable value
        Outcome(tuple(ordered), tuple(sorted(deciding)[1:]), exact=False),  # drops a deciding field
        Outcome((*ordered, "unreached"), tuple(deciding)),  # claims exact with an extra value
    ]
    for outcome in wrong:
        with pytest.raises(AssertionError):
            assert_sound(outcome, reached, deciding)


def test_both_engines_report_the_same_inexact_outcomes(grid, tmp_path):
    profile = {"parties": ["USA", "JPN"], "legal_basis": "memorandum"}
    results = []
    for engine in ("python", "experta"):
        results.append(Assessor(grid, engine=engine).assess(profile).as_dict(trace=False))
    assert results[0]["risks"]["asymmetry"].get("exact") is False
    assert results[0] == results[1]


def test_an_explicit_budget_is_used(core_pack):
    analysis = Analysis(core_pack, search_budget=0)
    outcome, spent = analysis.search("level", {}, frozenset())
    assert not outcome.exact and spent > 0


def test_a_diagram_past_the_budget_is_refused_with_a_located_error(grid):
    analysis = Analysis(grid)
    for _ in range(2):  # the second time from what the first found, without searching again
        with pytest.raises(SearchBudgetExceeded) as exc:
            analysis.diagram("level")
        (problem,) = exc.value.problems
        assert "pack 'grid' is too large to search every answer" in problem.message
        assert "the level" in problem.message and f"{SEARCH_BUDGET:,} units" in problem.message
        assert problem.location.file == str(grid.path)
    assert Analysis(grid).diagram("hedging").reach({})[0] == {False}


def test_the_command_line_reports_a_pack_too_large_for_why_not_and_still_assesses(grid, tmp_path):
    facts = tmp_path / "profile.yaml"
    facts.write_text("parties: [USA, IND]\npower_ratio: 3.5\nworking_groups: 3\ntrade_dependence: 0.2\n")
    result = run("assess", "--pack", str(grid.path), str(facts))
    assert result.exit_code == 0, result.output
    assert "Level: " in result.output
    result = run("assess", "--pack", str(grid.path), "--why-not", "alliance", str(facts))
    assert result.exit_code == 1
    assert "is too large to search every answer" in result.output and "Traceback" not in result.output


def test_batch_rows_flag_the_inexact_outputs_in_every_format(grid, tmp_path):
    """A row whose search ran out says so: ``inexact`` in CSV and the DataFrame, ``*_exact: false`` in JSON Lines."""
    import csv
    import io

    rows = tmp_path / "rows.csv"
    rows.write_text("id,parties,working_groups\nopen,USA;JPN,\nsettled,USA;IND,3\n", encoding="utf-8")
    table = run("validate", str(rows), "--pack", str(grid.path), "-q", "-f", "csv")
    assert table.exit_code == 0, table.output
    by_id = {r["id"]: r for r in csv.DictReader(io.StringIO(table.output))}
    assert by_id["open"]["inexact"] == "level;asymmetry"
    assert set(by_id["open"]["asymmetry_possible"].split(";")) == {"low", "moderate", "high"}
    lines = run("validate", str(rows), "--pack", str(grid.path), "-q")
    records = {r["id"]: r for r in map(json.loads, lines.output.splitlines())}
    assert records["open"]["level_exact"] is False and records["open"]["risks"]["asymmetry"]["exact"] is False
    assert "exact" not in records["open"]["risks"]["fragility"] and "hedging_exact" not in records["open"]
    # a row the search finished for carries no flag, and neither does any row of the core pack
    core = run("validate", str(rows), "-q", "-f", "csv")
    assert all(r["inexact"] == "" for r in csv.DictReader(io.StringIO(core.output)))


def test_the_readme_states_what_the_whole_diagrams_of_the_bundled_packs_take():
    """The units are counted, never timed, so the README's figures are the program's, on every machine."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"all of them take ([\d,]+) units\s+with the core pack and ([\d,]+) with china-ladder", readme)
    assert stated, "README.md states what the whole diagrams take ('The search budget')"
    for pack, figure in zip(("core", "china-ladder"), stated.groups(), strict=True):
        took = sum(Analysis(load_pack(pack)).search(o, {}, frozenset())[1] for o in OUTPUTS)
        assert f"{took:,}" == figure, f"README.md says {figure} units for {pack}'s whole diagrams; they take {took:,}"
