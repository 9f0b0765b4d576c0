"""Deep packs: a chain of thousands of findings is a valid pack, and no walk over it may exhaust the stack."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from amity.engine import Assessor
from amity.engine.errors import PackError
from amity.engine.pack import Conclusion, find_cycle, layers, load_pack

from tests.hostile.test_packs import HEAD, rule, run, write

DEPTH = 3000  # several times Python's default recursion limit


def chain(depth: int, *, reverse: bool, closed: bool = False) -> str:
    """f0 from a fact, each f(i) from f(i-1), the last raising the level; listed last first with reverse."""
    rules = [rule("c0", "{power_ratio: {ge: 2}}", "finding: f0")]
    for i in range(1, depth):
        rules.append(rule(f"c{i}", f"{{finding: f{i - 1}}}", f"finding: f{i}"))
    rules.append(rule("top", f"{{finding: f{depth - 1}}}", "level: partnership"))
    if closed:  # f0 also from the last finding: a cycle through every rule
        rules.append(rule("back", f"{{finding: f{depth - 1}}}", "finding: f0"))
    head = HEAD.replace("rules:\n", "limits: {max_firings: 10000}\nrules:\n")
    return head + "".join(reversed(rules) if reverse else rules)


@pytest.mark.parametrize("reverse", [False, True])
def test_a_deep_chain_of_findings_loads_and_assesses(tmp_path, reverse):
    pack = load_pack(write(tmp_path, chain(DEPTH, reverse=reverse)))
    depth = layers(pack.rules)
    assert depth["c0"] == 0 and depth[f"c{DEPTH - 1}"] == DEPTH - 1 and depth["top"] == DEPTH
    assessor = Assessor(pack)
    assert assessor.assess({"parties": ["USA", "JPN"], "power_ratio": 3}).level.value == "partnership"
    assert assessor.assess({"parties": ["USA", "JPN"], "power_ratio": 1}).level.value == "none"
    assert set(assessor.assess({"parties": ["USA", "JPN"]}).level.possible) == {"none", "partnership"}


def test_a_deep_chain_through_the_command_line(tmp_path):
    path = write(tmp_path, chain(DEPTH, reverse=True))
    facts = write(tmp_path, "parties: [USA, JPN]\npower_ratio: 3\n", "profile.yaml")
    result = run("assess", "--pack", str(path), "-f", "json", str(facts))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["level"] == "partnership"


def test_a_deep_cycle_is_found_and_located(tmp_path):
    with pytest.raises(PackError, match="findings depend on themselves") as exc:
        load_pack(write(tmp_path, chain(DEPTH, reverse=True, closed=True)))
    assert exc.value.problems[0].location.line is not None


def test_the_walks_find_a_cycle_instead_of_looping(tmp_path):
    rules = list(load_pack(write(tmp_path, chain(50, reverse=False))).rules)
    # a rule that tests f49 (as 'top' does) and concludes f0: every finding then depends on itself
    back = replace(rules[-1], id="back", then=(Conclusion("finding", "f0"),))
    found = find_cycle([*rules, back])
    assert found is not None and found[0] == found[-1] and len(found) == 51
    with pytest.raises(ValueError, match="depends on itself"):
        layers([*rules, back])
    assert find_cycle(rules) is None
