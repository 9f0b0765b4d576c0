"""Hostile packs: compilation bombs, value classes, hijacked lookups, secrets through extends."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from amity.cli.main import main
from amity.engine import conditions as cond
from amity.engine import pack as pack_module
from amity.engine.errors import PackError
from amity.engine.pack import load_pack
from amity.engine.vocabulary import fact_fields
from click.testing import CliRunner

HEAD = "pack: hostile\nversion: 1.0.0\ndescription: d\nrules:\n"


def rule(rid: str, when: str, then: str = "level: partnership") -> str:
    return (
        f"  - id: {rid}\n    description: d\n    rationale: r\n    source: {{citation: c}}\n"
        f"    when: {when}\n    then:\n      - {then}\n"
    )


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def profile(tmp_path: Path, label: str = "Strategic Partnership") -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"parties": ["USA", "JPN"], "legal_basis": "none", "declared_label": label}))
    return path


# --------------------------------------------------------------------------- compilation budget


def any_bomb(k: int) -> str:
    text = HEAD
    for i in range(k):
        text += rule(f"f{i}", f"{{power_ratio: {{ge: {i + 1}}}}}", f"finding: f{i}")
        text += rule(f"g{i}", f"{{trade_dependence: {{ge: {i / 100}}}}}", f"finding: g{i}")
    alls = ", ".join(f"{{any: [{{finding: f{i}}}, {{finding: g{i}}}]}}" for i in range(k))
    return text + rule("bomb", f"{{all: [{alls}]}}")


def test_a_rule_that_multiplies_out_is_refused_and_named(tmp_path):
    path = write(tmp_path, any_bomb(14))  # 2**14 experta rules
    with pytest.raises(PackError) as caught:
        load_pack(path)
    (problem,) = caught.value.problems
    assert "rule 'bomb'" in problem.message and "256" in problem.message
    assert problem.location.pointer == "/rules/28" and problem.location.line is not None
    result = run("assess", str(profile(tmp_path)), "--pack", str(path))
    assert result.exit_code == 1 and "/rules/28" in result.stderr and "internal error" not in result.stderr


def test_a_rule_within_the_budget_loads():
    assert cond.variant_count(load_pack("core").rules[0].when, 10) == 1
    bomb = cond.parse(
        {"all": [{"any": [{"finding": f"f{i}"}, {"finding": f"g{i}"}]} for i in range(8)]}, "/rules/0/when"
    )
    assert cond.variant_count(bomb, 10**9) == 256 == len(cond.variants(bomb))
    negated = cond.Not(bomb)  # not (all of any) = any of (all of nots): 8 variants of 2 absent findings
    assert cond.variant_count(negated, 10**9) == 8 == len(cond.variants(negated))


def test_too_many_variants_in_total_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pack_module, "MAX_VARIANTS", 5)
    text = HEAD + "".join(rule(f"r{i}", "{power_ratio: {ge: 2}}") for i in range(7))
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, text))
    assert [p.location.pointer for p in caught.value.problems] == ["/rules/5"]
    assert "rule 'r5'" in caught.value.problems[0].message


def test_too_many_value_classes_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pack_module, "MAX_VALUE_CLASSES", 21)  # 2 per number tested, and 3
    text = HEAD + "".join(rule(f"r{i}", f"{{power_ratio: {{ge: {2 + i}}}}}") for i in range(12))
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, text))
    (problem,) = caught.value.problems
    assert problem.location.pointer == "/rules/9" and "power_ratio" in problem.message and "'r9'" in problem.message


def test_too_many_distinct_set_tests_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pack_module, "MAX_SET_TESTS", 3)
    sectors = fact_fields()["sectors"].values
    text = HEAD + "".join(rule(f"r{i}", f"{{sectors: {{contains: {sectors[i]}}}}}") for i in range(5))
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, text))
    assert [p.location.pointer for p in caught.value.problems] == ["/rules/3"]


def _brute_force(spec, tests):
    """The value classes as first defined: every candidate's truth under every test."""
    atoms = [cond.atom_predicate(spec, op, arg) for t in tests for op, arg in t.ops if op != "known"]
    classes: dict[tuple[bool, ...], object] = {}
    for value in cond._candidates(spec, tests):
        classes.setdefault(tuple(a(value) for a in atoms), value)
    return list(classes.values())


@pytest.mark.parametrize("field", ["power_ratio", "trade_dependence", "ministerial_dialogues", "working_groups"])
@pytest.mark.parametrize("seed", range(25))
def test_number_classes_are_exactly_those_of_brute_force(field, seed):
    rng = random.Random(seed)
    spec = fact_fields()[field]
    integral = spec.kind == "integer"
    pool = [rng.choice([0, 1, 2, 3, 5, 10]) if integral else rng.choice([0, 0.5, 1, 1.5, 3, 10]) for _ in range(6)]
    pool += [rng.randint(-2, 15) if integral else round(rng.uniform(-1, 20), 1) for _ in range(4)]
    tests = []
    for i in range(rng.randint(1, 8)):
        ops = []
        for _ in range(rng.randint(1, 2)):
            op = rng.choice(["eq", "ne", "lt", "le", "gt", "ge", "in"])
            arg = tuple(rng.sample(pool, rng.randint(1, 3))) if op == "in" else rng.choice(pool)
            ops.append((op, arg))
        tests.append(cond.FieldTest(field, tuple(ops), f"/rules/{i}/when"))
    assert cond.value_classes(spec, tests) == _brute_force(spec, tests)


def test_one_threshold_per_rule_makes_one_class_per_threshold():
    spec = fact_fields()["power_ratio"]
    tests = [cond.FieldTest("power_ratio", (("ge", 1 + (i + 1) / 7),)) for i in range(300)]
    classes = cond.value_classes(spec, tests)
    assert len(classes) == 301  # below the first threshold, then one from each threshold up
    assert classes == _brute_force(spec, tests)


# --------------------------------------------------------------------------- lexicon patterns


def test_a_lexicon_pattern_is_a_located_error_not_a_regex(tmp_path):
    # labels are read by the designation grammar: no regular expression runs, so none can backtrack
    path = write(
        tmp_path,
        HEAD
        + rule("framework", "{legal_basis: none}", "level: none")
        + 'lexicon:\n  - id: hostile\n    level: partnership\n    pattern: "(a+)+b"\n',
    )
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert any(p.location.pointer and p.location.pointer.startswith("/lexicon/0") for p in caught.value.problems)
    result = run("assess", str(profile(tmp_path, "a" * 40)), "--pack", str(path))
    assert result.exit_code == 1 and "internal error" not in result.stderr


# --------------------------------------------------------------------------- ids


def test_ids_with_a_trailing_newline_are_refused(tmp_path):
    text = HEAD + rule('"spaced\\n"', "{legal_basis: none}", 'finding: "f\\n"')
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, text))
    pointers = sorted(p.location.pointer for p in caught.value.problems)
    assert pointers == ["/rules/0/id", "/rules/0/then/0/finding"]


# --------------------------------------------------------------------------- lookups


@pytest.fixture
def in_tmp(tmp_path):
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(here)


def test_a_file_named_core_does_not_hijack_the_bundled_pack(in_tmp):
    (in_tmp / "core").write_bytes(b"\x7fELF core dump \x00\x01")
    result = run("assess", str(profile(in_tmp)), "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pack"]["name"] == "core"
    result = run("assess", str(profile(in_tmp)), "--pack", "./core")
    assert result.exit_code == 2 and "not a pack file" in result.stderr


def test_a_folder_named_core_does_not_replace_the_bundled_pack(in_tmp):
    (in_tmp / "core").mkdir()
    write(in_tmp / "core", HEAD.replace("hostile", "core") + rule("only", "{legal_basis: none}", "level: alliance"))
    result = run("assess", str(profile(in_tmp)), "-f", "json")
    assert json.loads(result.stdout)["level"] == "none"  # the bundled core pack
    result = run("assess", str(profile(in_tmp)), "-f", "json", "--pack", "./core")
    assert json.loads(result.stdout)["level"] == "alliance"  # the local one, asked for by path


SECRET = "API_KEY: hunter2\nDB_PASSWORD: swordfish\n"


@pytest.mark.parametrize("name", ["secret", "secret.yaml", "/proc/self/environ", "/etc/shadow"])
def test_extends_never_echoes_a_file_that_is_not_a_pack(tmp_path, name):
    if not name.startswith("/"):
        write(tmp_path, SECRET, name)
    elif not Path(name).exists():
        pytest.skip(f"no {name} here")
    path = write(tmp_path, HEAD.replace("rules:\n", f"extends: {name}\nrules:\n") + rule("r", "{legal_basis: none}"))
    with pytest.raises(PackError) as caught:
        load_pack(path)
    text = str(caught.value)
    assert "not a" in text
    for secret in ("hunter2", "swordfish", "API_KEY", os.environ.get("PATH", "PATH"), "root:"):
        assert secret not in text


def test_extends_by_bundled_name_and_by_path_still_work(tmp_path):
    base = tmp_path / "base"
    base.mkdir()
    write(base, HEAD.replace("hostile", "base") + rule("b", "{legal_basis: none}", "finding: x"))
    child = write(
        tmp_path,
        HEAD.replace("hostile", "child").replace("rules:\n", "extends: ./base\nrules:\n")
        + rule("c", "{finding: x}", "level: none"),
        "child.yaml",
    )
    assert [r.id for r in load_pack(child).rules] == ["b", "c"]
    extends_core = write(tmp_path, HEAD.replace("rules:\n", "extends: core\nrules: []\n"), "ext.yaml")
    assert load_pack(extends_core).lineage == ("hostile", "core")


def test_a_non_pack_given_as_pack_is_not_echoed(tmp_path):
    secret = write(tmp_path, SECRET, "notes.yaml")
    result = run("assess", str(profile(tmp_path)), "--pack", str(secret))
    assert result.exit_code == 2 and "not a rule pack" in result.stderr  # bad input, as an unknown pack
    assert "hunter2" not in result.stderr and "API_KEY" not in result.stderr


def test_a_broken_pack_still_gets_full_errors(tmp_path):
    path = write(tmp_path, textwrap.dedent(HEAD) + "  - id: [unclosed\n")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert caught.value.problems[0].location.line is not None


def _as_someone_else() -> tuple[list[str] | None, str]:
    """How to run amity so that a file without read permission cannot be read: as it is, or, for root (who
    reads anything), as the user nobody; None, and why, where neither can be done (no setpriv; or nobody may
    not run this interpreter or read amity: a Python under root's home, as pyenv's)."""
    if os.geteuid() != 0:
        return [], ""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None, "root without setpriv reads any file"
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import amity.cli"], capture_output=True, text=True)
    if probe.returncode != 0:
        return None, f"the user nobody cannot run {sys.executable} with amity: {probe.stderr.strip()[-200:]}"
    return prefix, ""


@pytest.mark.parametrize(
    "args",
    [
        ["pack", "diff", "core", "{pack}"],
        ["pack", "lint", "{pack}"],
        ["test", "{pack}"],
        ["assess", "-p", "{pack}", "-"],
    ],
    ids=["diff", "lint", "test", "assess"],
)
def test_a_pack_without_read_permission_is_bad_input(args):
    """It exited 1, as a broken pack: a file amity may not read is the user's to fix, as a pack that does not
    exist is (exit 2)."""
    prefix, why = _as_someone_else()
    if prefix is None:
        pytest.skip(why)
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        pack = folder / "pack.yaml"
        pack.write_text("pack: mine\nversion: 1.0.0\n", encoding="utf-8")
        pack.chmod(0)
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "amity.cli", *(a.replace("{pack}", str(pack)) for a in args)],
            input="parties: [USA, JPN]\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr == f"error: {pack}: permission denied\n"
    finally:
        shutil.rmtree(folder)
