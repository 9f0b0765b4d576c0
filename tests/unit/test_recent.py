"""The assessments a batch keeps for rows that repeat their facts: kept while keeping pays.

What is kept changes how fast a run goes, never what it gives: the last test
holds a run over repeating rows equal to one that keeps nothing.
"""

from __future__ import annotations

import dataclasses

import pytest
from amity.engine import Assessor, validation
from amity.engine.validation import CACHE_SIZE, _Recent, validate
from amity.engine.vocabulary import fact_fields

WINDOW = _Recent.WINDOW
#: what a row's assessment stands for here: the one of any profile (a compiled build takes no other kind)
ASSESSED = next(validate([{"parties": ["USA", "JPN"]}])).assessment


def feed(recent: _Recent, keys: list[tuple[int, ...]]) -> tuple[int, int]:
    """Each key as a row: looked up when the policy says so, kept when not found; (looked up, found)."""
    looked = found = 0
    for key in keys:
        if not recent.looks(key):
            continue
        looked += 1
        if recent.get(key) is None:
            recent.keep(key, ASSESSED)  # stands for each row's assessment
        else:
            found += 1
    return looked, found


def test_rows_that_repeat_are_found_and_every_profile_is_kept():
    recent = _Recent(hash)
    dyads = [(d, year // 5) for year in range(40) for d in range(200)]  # facts change every fifth year
    looked, found = feed(recent, dyads)
    assert looked == len(dyads) and found == len(dyads) - 200 * 8  # every row looked up, every repeat found
    assert recent.paying


def test_distinct_rows_are_looked_up_in_runs_and_by_sample_once_nothing_is_found():
    recent = _Recent(hash)
    assert feed(recent, [(i,) for i in range(WINDOW - 1)]) == (WINDOW - 1, 0)  # the first window: every row
    assert len(recent.kept) == WINDOW - 1
    n = 64 * _Recent.PERIOD
    rest = [(i,) for i in range(WINDOW - 1, n)]
    looked, found = feed(recent, rest)
    assert found == 0 and not recent.paying
    share = _Recent.PROBE / _Recent.PERIOD + 1 / _Recent.SAMPLE  # runs of rows, and 1 profile in 16
    assert 0.8 * share * len(rest) < looked < 1.2 * share * len(rest)
    assert len(recent.kept) == WINDOW  # and at most a window's worth kept


def test_a_repeat_of_a_sampled_profile_is_found_wherever_it_comes_while_the_profile_is_kept():
    recent = _Recent(hash)
    feed(recent, [(i,) for i in range(8 * WINDOW)])
    assert not recent.paying
    chosen = [(i,) for i in range(10**6, 10**6 + 10 * WINDOW) if not hash((i,)) % _Recent.SAMPLE][:200]
    for key in chosen:  # first seen ...
        feed(recent, [key])
    recent.rows = _Recent.PROBE  # ... and seen again outside any run of rows
    looked, found = feed(recent, chosen)
    assert looked == found == len(chosen)


def test_keeping_everything_again_when_repeats_begin():
    recent = _Recent(hash)
    feed(recent, [(i,) for i in range(4 * _Recent.PERIOD)])
    assert not recent.paying
    repeating = [(-(i // 4),) for i in range(8 * _Recent.PERIOD)]  # each profile four times in a row
    _, found = feed(recent, repeating)
    assert recent.paying
    assert found > len(repeating) // 2  # after a short while nearly every repeat is found again


def test_the_repeats_check_fails_when_no_run_of_rows_is_looked_up(monkeypatch):
    monkeypatch.setattr(_Recent, "PROBE", 0)  # wrong: no runs of rows, and no sample
    recent = _Recent(None)
    feed(recent, [(i,) for i in range(4 * _Recent.PERIOD)])
    repeating = [(-(i // 4),) for i in range(8 * _Recent.PERIOD)]
    assert feed(recent, repeating) == (0, 0) and not recent.paying


def test_what_is_kept_is_bounded():
    recent = _Recent(hash)
    feed(recent, [(i % 7,) for i in range(3 * CACHE_SIZE)])  # repeats keep it paying
    feed(recent, [(i,) for i in range(100, 100 + 2 * CACHE_SIZE)])
    assert len(recent.kept) <= CACHE_SIZE


def _dyad_years() -> list[dict]:
    """Rows that repeat their facts, some with a set in another order, labels that claim too much among them."""
    years = []
    for i, (summits, sectors, label) in enumerate(
        [
            ("annual", ["trade", "energy"], "Comprehensive Strategic Partnership"),  # inflated: lacks sectors
            ("annual", ["energy", "trade"], "Comprehensive Strategic Partnership"),  # the same set, reordered
            ("none", [], None),
            ("irregular", ["trade", "energy", "health"], "Strategic Partnership"),
            ("irregular", ["health", "trade", "energy"], "Strategic Partnership"),
        ]
        * 500
    ):
        years.append(
            {**COMPLETE, "id": f"r{i}", "parties": ["USA", "IND"], "legal_basis": "joint_statement"}
            | {"summits": summits, "sectors": sectors, "ministerial_dialogues": 1}
            | ({"declared_label": label} if label else {})
        )
    return years


@pytest.mark.parametrize(("size", "few"), [(8, 0), (8, 10**9), (CACHE_SIZE, 16)])
def test_what_is_kept_never_changes_the_results(core_pack, monkeypatch, size, few):
    profiles = _dyad_years()
    assessor = Assessor(core_pack)
    expected = [validation.RowAssessment.of(assessor.assess(p)) for p in profiles]  # each row on its own
    assert any(a.verdict == "inflated" and a.reasons for a in expected)
    monkeypatch.setattr(validation, "CACHE_SIZE", size)
    monkeypatch.setattr(_Recent, "FEW", few)  # 10**9: never paying after the first window
    assert [r.assessment for r in validate(profiles, core_pack)] == expected


def _first(spec):
    if spec.kind == "boolean":
        return False
    if spec.kind == "set":
        return []
    return spec.values[0] if spec.values else 1


COMPLETE = {name: _first(spec) for name, spec in fact_fields().items() if name not in ("as_of", "established")}
LABELS = [None, "Strategic Partnership", "Friendship Forever", "Comprehensive Partnership", "Treaty of Alliance"]


def _varied() -> list[dict]:
    profiles = []
    for i in range(400):
        profile = {**COMPLETE, "legal_basis": ["joint_statement", "memorandum", "none"][i % 3]}
        profile["summits"] = ["annual", "none"][i % 2]
        label = LABELS[i % len(LABELS)]
        if label:
            profile["declared_label"] = label
        profiles.append(profile)
    return profiles


def shared_rows_wrong(work, fresh, profiles) -> list[dict]:
    """The profiles whose row, as the batch shares it, differs from the row worked out on its own."""
    return [p for p in profiles if work.assessed(p) != validation.RowAssessment.of(fresh.assess(p, checked=True))]


def test_a_row_shared_by_its_label_check_and_outcomes_is_the_row_worked_out_afresh(core_pack):
    work = validation._Work(core_pack, "python", False, False, None)
    assert shared_rows_wrong(work, Assessor(core_pack), _varied()) == []
    assert len(work.plain) < 50  # 400 rows, a few shared rows


def test_the_shared_row_check_fails_on_a_wrong_kept_row(core_pack):
    work = validation._Work(core_pack, "python", False, False, None)
    profiles = _varied()
    work.assessed(profiles[0])
    ((key, (label, outcomes, right)),) = work.plain.items()
    wrong = dataclasses.replace(right, verdict="inflated")
    work.plain[key] = (label, outcomes, wrong)
    assert shared_rows_wrong(work, Assessor(core_pack), profiles) == [p for p in profiles if work.assessed(p) is wrong]
    assert shared_rows_wrong(work, Assessor(core_pack), profiles)  # some rows took the wrong row


# --------------------------------------------------------------------------- the sample


SAMPLE_IN_A_RUN = """
import json, sys
from amity.engine import load_pack
from amity.engine.validation import _Work
sample = _Work(load_pack("core"), "python", False, False, None).recent.sample
print(json.dumps([sample(p) for p in json.loads(sys.argv[1])]))
"""


def _samples_in_a_run(profiles: list[dict], seed: str, program: str = SAMPLE_IN_A_RUN) -> list[int]:
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", program, json.dumps(profiles)], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)


def _profiles_to_sample() -> list[dict]:
    return [
        {**COMPLETE, "power_ratio": 2.5, "trade_dependence": 0.4, "legal_basis": "memorandum"},
        {**COMPLETE, "power_ratio": None, "working_groups": None},  # unknown numbers, stated as null
        {k: v for k, v in COMPLETE.items() if k not in ("power_ratio", "working_groups")},  # ... and absent
    ]


def test_the_sample_is_the_same_for_equal_facts_and_in_every_run(core_pack):
    sample = validation._Work(core_pack, "python", False, False, None).recent.sample
    assert sample is not None
    one, null, absent = _profiles_to_sample()
    assert sample(one) == sample({**one, "sectors": ["trade"], "id": "other"})  # sets and ids play no part
    assert sample(null) == sample(absent)  # unknown is unknown, however it is written
    assert sample(one) != sample({**one, "power_ratio": 2.6})
    here = [sample(p) for p in _profiles_to_sample()]
    assert _samples_in_a_run(_profiles_to_sample(), "1") == _samples_in_a_run(_profiles_to_sample(), "2") == here


def test_the_every_run_check_fails_on_a_sample_of_words():
    words = """
import json, sys
print(json.dumps([hash((p["legal_basis"],)) for p in json.loads(sys.argv[1])]))
"""  # wrong: a hash of text, which differs with the hash seed
    profiles = _profiles_to_sample()[:1]
    assert _samples_in_a_run(profiles, "1", words) != _samples_in_a_run(profiles, "2", words)


def test_a_pack_that_tests_no_number_is_sampled_by_runs_of_rows_only(tmp_path):
    from amity.engine import load_pack

    path = tmp_path / "words.yaml"
    path.write_text(
        "pack: words\nversion: 0.1.0\ndescription: d\nrules:\n"
        "  - id: r\n    description: d\n    rationale: r\n    source: {citation: c}\n"
        "    when: {legal_basis: {eq: memorandum}}\n    then: [{finding: f}]\n",
        encoding="utf-8",
    )
    assert validation._Work(load_pack(path), "python", False, False, None).recent.sample is None
