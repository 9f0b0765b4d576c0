"""The assessments a batch keeps for rows that repeat their facts: kept while keeping pays.

What is kept changes how fast a run goes, never what it gives: the last test
holds a run over repeating rows equal to one that keeps nothing.
"""

from __future__ import annotations

import pytest
from amity.engine import validation
from amity.engine.validation import CACHE_SIZE, _Recent, validate
from amity.engine.vocabulary import fact_fields

WINDOW = _Recent.WINDOW


def feed(recent: _Recent, keys: list[tuple[int, ...]]) -> int:
    """Look each key up, keep it when it is not found; how many were found."""
    found = 0
    for key in keys:
        if recent.get(key) is None:
            recent.keep(key, key)  # type: ignore[arg-type]  # any object stands for an assessment here
        else:
            found += 1
    return found


def test_rows_that_repeat_are_found_and_every_profile_is_kept():
    recent = _Recent()
    dyads = [(d, year // 5) for year in range(40) for d in range(200)]  # facts change every fifth year
    found = feed(recent, dyads)
    assert found == len(dyads) - 200 * 8  # every repeat found
    assert recent.paying


def test_distinct_rows_keep_only_a_few_sampled_once_nothing_is_found():
    recent = _Recent()
    assert feed(recent, [(i,) for i in range(WINDOW - 1)]) == 0
    assert len(recent.kept) == WINDOW - 1  # the first window keeps everything
    n = 8 * WINDOW
    assert feed(recent, [(i,) for i in range(WINDOW - 1, n)]) == 0
    assert not recent.paying
    assert len(recent.kept) == WINDOW  # then at most a window's worth,
    sampled = [k for k in recent.kept if k[0] >= WINDOW]
    assert (n - WINDOW) // 32 < len(sampled) < (n - WINDOW) // 8  # about 1 in 16 of the rest (by hash)


def test_keeping_everything_again_when_repeats_begin():
    recent = _Recent()
    feed(recent, [(i,) for i in range(4 * WINDOW)])
    assert not recent.paying
    repeating = [(-(i // 4),) for i in range(4 * WINDOW)]  # each profile four times in a row
    found = feed(recent, repeating)
    assert recent.paying
    assert found > len(repeating) // 2  # after a short while nearly every repeat is found again


def test_what_is_kept_is_bounded():
    recent = _Recent()
    feed(recent, [(i % 7,) for i in range(3 * CACHE_SIZE)])  # repeats keep it paying
    feed(recent, [(i,) for i in range(100, 100 + 2 * CACHE_SIZE)])
    assert len(recent.kept) <= CACHE_SIZE


@pytest.mark.parametrize(("size", "few"), [(8, 0), (8, 10**9), (CACHE_SIZE, 16)])
def test_what_is_kept_never_changes_the_results(monkeypatch, size, few):
    profiles = [
        {"id": f"r{i}", "parties": ["USA", "IND"], "legal_basis": "joint_statement", "summits": s, "sectors": sec}
        for i, (s, sec) in enumerate(
            [("annual", ["trade"]), ("none", []), ("annual", ["trade"]), ("irregular", ["trade", "energy"])] * 600
        )
    ]
    monkeypatch.setattr(validation, "CACHE_SIZE", 0)  # nothing kept: every row assessed afresh
    expected = [r.as_dict() for r in validate(profiles)]
    monkeypatch.setattr(validation, "CACHE_SIZE", size)
    monkeypatch.setattr(_Recent, "FEW", few)  # 10**9: never paying after the first window
    assert [r.as_dict() for r in validate(profiles)] == expected


def _first(spec):
    if spec.kind == "boolean":
        return False
    if spec.kind == "set":
        return []
    return spec.values[0] if spec.values else 1


COMPLETE = {name: _first(spec) for name, spec in fact_fields().items() if name not in ("as_of", "established")}
LABELS = [None, "Strategic Partnership", "Friendship Forever", "Comprehensive Partnership", "Treaty of Alliance"]


def test_a_row_shared_by_its_label_check_and_outcomes_is_the_row_worked_out_afresh(core_pack):
    work = validation._Work(core_pack, "python", False, False, None)
    fresh = validation._Work(core_pack, "python", False, False, None).assessor
    shared = 0
    for i in range(400):
        profile = {**COMPLETE, "legal_basis": ["joint_statement", "memorandum", "none"][i % 3]}
        profile["summits"] = ["annual", "none"][i % 2]
        label = LABELS[i % len(LABELS)]
        if label:
            profile["declared_label"] = label
        row = work.assessed(profile)
        assert row == validation.RowAssessment.of_decision(fresh.decide(profile, checked=True)), profile
        shared += any(kept[2] is row for kept in work.plain.values())
    assert shared > 100  # many rows came from what was kept


def test_the_shared_row_check_fails_on_a_wrong_kept_row(core_pack):
    work = validation._Work(core_pack, "python", False, False, None)
    profile = {**COMPLETE, "legal_basis": "joint_statement", "summits": "none"}
    decision = work.assessor.decide(profile, checked=True)
    right = work.assessed(profile)
    key = (id(decision.label), id(decision.outcomes))
    assert key in work.plain
    wrong = validation.RowAssessment.of_decision(work.assessor.decide({**profile, "declared_label": "x"}, checked=True))
    work.plain[key] = (decision.label, decision.outcomes, wrong)
    assert work.assessed(profile) != right
