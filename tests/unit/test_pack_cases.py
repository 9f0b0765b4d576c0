"""Every bundled pack's own test cases (tests.yaml beside pack.yaml), run by the shipped runner."""

from __future__ import annotations

import pytest
from amity.engine import Assessor, load_pack
from amity.engine.pack import bundled_packs
from amity.engine.packtest import cases_files, check, load_cases


def _cases():
    for name in bundled_packs():
        pack = load_pack(name)
        for path in cases_files(pack):
            for case in load_cases(path, pack):
                yield pytest.param(pack, case, id=case.test_id)


_ASSESSORS: dict[str, Assessor] = {}


@pytest.mark.parametrize(("pack", "case"), list(_cases()))
def test_pack_case(pack, case):
    assessor = _ASSESSORS.setdefault(pack.name, Assessor(pack))
    result = check(case, assessor)
    assert result.passed, "\n".join(result.failures)


def test_every_core_rule_is_exercised_by_a_case():
    pack = load_pack("core")
    assessor = Assessor(pack)
    fired = set()
    for case in (c for path in cases_files(pack) for c in load_cases(path, pack)):
        fired |= {s["rule"] for s in assessor.assess(case.facts).as_dict()["trace"]}
    assert {r.id for r in pack.rules} - fired == set()
