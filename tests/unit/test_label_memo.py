"""The label check words each shortfall once per key: a kept answer is the answer worked out afresh.

A shortfall (what an inflated label's supporting rule lacks) is kept under the
facts and findings it depends on: those ``wording.near`` names while none of
its findings is open, else all that ``wording.reach`` names. These tests hold
every kept answer equal to ``wording.shortfall`` on the same facts, over
complete and partial profiles, and show the comparison fails on a key that
leaves out a fact the wording reads.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest
from amity.engine import Assessor, wording
from amity.engine.label_check import _Supporting
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import complete_profiles, partial_profiles

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import synthetic


def kept_against_fresh(supporting: _Supporting, assessor: Assessor, profile: dict[str, Any]) -> list[str]:
    """Each part whose kept shortfall differs from its shortfall worked out afresh, with both."""
    decision = assessor.decide(profile, checked=True)
    facts, findings = decision.facts, decision.evaluation.findings
    out = []
    for support in supporting.rules:
        for part in support.parts:
            kept = None if part.holds(facts, findings) else supporting.lack(part, facts, findings)
            fresh = wording.shortfall(supporting.pack, part.condition, facts, findings)
            if (None if kept is None else kept.shortfall) != fresh:
                out.append(f"{support.rule.id} part {part.index}: kept {kept and kept.text!r}, fresh {fresh}")
    return out


@pytest.fixture(scope="module")
def supporting(core_pack) -> _Supporting:
    return _Supporting(core_pack)  # its own memo, shared by every example: most answers come from it


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=st.one_of(complete_profiles(), partial_profiles()))
def test_a_kept_shortfall_is_the_shortfall_worked_out_afresh(supporting, assessor, profile):
    assert kept_against_fresh(supporting, assessor, profile) == []


def test_most_shortfalls_of_complete_profiles_share_a_few_keys(core_pack, assessor):
    """While no finding is open, a part that is a finding is keyed by what its rules name, not every fact below."""
    supporting = _Supporting(core_pack)
    for profile in synthetic.complete_profiles(300, core_pack, seed=5):
        assert kept_against_fresh(supporting, assessor, profile) == []
    substance = next(p for s in supporting.rules for p in s.parts if str(p.condition) == "finding strategic_substance")
    keys = [k for k in supporting.memo if k[0] == substance.index]
    assert 0 < len(keys) <= 2**4  # one per way its four findings can fail, whatever the facts below them


def test_the_comparison_fails_on_a_key_that_leaves_out_a_fact_the_wording_reads(core_pack, assessor):
    base = {"legal_basis": "joint_statement", "summits": "none", "ministerial_dialogues": 0}
    rows = [{**base, "working_groups": n, "permanent_bodies": 0} for n in (0, 1)]
    right = _Supporting(core_pack)
    assert [kept_against_fresh(right, assessor, row) for row in rows] == [[], []]
    supporting = _Supporting(core_pack)
    # the part "finding institutionalized": its shortfall shows the counts of summits, dialogues, groups, bodies
    part = next(p for s in supporting.rules for p in s.parts if str(p.condition) == "finding institutionalized")
    blind = dataclasses.replace(part, near_fields=(), near_keyed=())
    supporting.rules = tuple(
        dataclasses.replace(s, parts=tuple(blind if p is part else p for p in s.parts)) for s in supporting.rules
    )
    first, second = (kept_against_fresh(supporting, assessor, row) for row in rows)
    assert first == []
    assert len(second) == 1 and "part" in second[0]  # the second row got the first row's words


def test_values_no_shortfall_shows_share_one_key(core_pack, assessor):
    """A count every test of which holds is not shown, so its values share one key; a failing count is shown."""
    supporting = _Supporting(core_pack)
    part = next(p for s in supporting.rules for p in s.parts if str(p.condition) == "finding institutionalized")
    base = {
        "legal_basis": "joint_statement",
        "summits": "ad_hoc",
        "ministerial_dialogues": 0,
        "permanent_bodies": False,
    }
    for groups in range(5, 41):  # at least five working groups: that test holds, and the words never show the number
        assert kept_against_fresh(supporting, assessor, {**base, "working_groups": groups}) == []
    assert len([k for k in supporting.memo if k[0] == part.index]) == 1
    for groups in range(5):  # fewer than five: the words show how many
        assert kept_against_fresh(supporting, assessor, {**base, "working_groups": groups}) == []
    assert len([k for k in supporting.memo if k[0] == part.index]) == 1 + 5


def test_a_set_listed_in_another_order_shares_its_key(core_pack, assessor):
    supporting = _Supporting(core_pack)
    part = next(p for s in supporting.rules for p in s.parts if str(p.condition) == "finding comprehensive_scope")
    base = {"legal_basis": "joint_statement", "summits": "none"}
    for sectors in (["trade", "energy"], ["energy", "trade"]):
        assert kept_against_fresh(supporting, assessor, {**base, "sectors": sectors}) == []
    assert len([k for k in supporting.memo if k[0] == part.index]) == 1


def test_a_kept_label_check_is_the_check_worked_out_afresh(core_pack, assessor):
    """A label check with reasons is kept by its designation, its possible levels and its reasons (memo objects,
    by identity): the check a row gets from it equals the one worked out with every memo emptied, and rows of
    the same designation and levels but other reasons get checks of their own."""
    from amity.engine.label_check import _supporting

    supporting = _supporting(core_pack)
    profiles = list(synthetic.complete_profiles(300, core_pack, seed=7, edge=0.0))
    kept = [assessor.decide(profile, checked=True).label for profile in profiles]
    with_reasons = [check for check in kept if check.reasons]
    assert len(with_reasons) > 100 and len({id(check) for check in with_reasons}) < len(with_reasons)  # shared
    for profile, check in zip(profiles, kept, strict=True):
        supporting.checks.clear(), supporting.memo.clear(), supporting.reasons.clear()
        assert assessor.decide(profile, checked=True).label == check
    # a key of the designation and levels alone would give a row another's reasons: such rows are here
    reasons_by_claim: dict[tuple[Any, ...], set[Any]] = {}
    for check in with_reasons:
        reasons_by_claim.setdefault((check.designation, check.possible_verdicts), set()).add(check.reasons)
    assert any(len(reasons) > 1 for reasons in reasons_by_claim.values())
