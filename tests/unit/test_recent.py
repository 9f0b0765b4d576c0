"""The assessments a batch keeps for rows that repeat their facts: kept while keeping pays.

What is kept changes how fast a run goes, never what it gives: the last test
holds a run over repeating rows equal to one that keeps nothing.
"""

from __future__ import annotations

import pytest
from amity.engine import validation
from amity.engine.validation import CACHE_SIZE, _Recent, validate

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


def test_distinct_rows_keep_only_a_sample_once_nothing_is_found():
    recent = _Recent()
    n = 4 * WINDOW
    assert feed(recent, [(i,) for i in range(n)]) == 0
    assert not recent.paying
    # the first window keeps everything, then about 1 in 16 (by hash)
    sampled = len(recent.kept) - WINDOW
    assert (n - WINDOW) // 32 < sampled < (n - WINDOW) // 8


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
