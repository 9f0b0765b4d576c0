"""The pre-commit hooks, run by pre-commit itself on a scratch repository of packs, without network.

pre-commit would install amity into an environment of its own for `language: python`; offline, the
test runs the same hooks (ids, entries, file patterns, from .pre-commit-hooks.yaml) as `repo: local`
hooks with `language: system`, on the amity this test suite runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent


def test_the_manifest_is_valid_for_pre_commit():
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(HOOKS))
    assert [h["id"] for h in hooks] == ["amity-pack-lint", "amity-pack-test"]
    assert all(h["language"] == "python" for h in hooks)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None or not (BIN / "pre-commit").exists() or not (BIN / "amity").exists():
        pytest.skip("needs git, and pre-commit and amity installed beside this Python")
    repo = tmp_path / "packs"
    repo.mkdir()
    _git(repo, "init", "-q")
    subprocess.run([str(BIN / "amity"), "pack", "new", "my-course"], cwd=repo, check=True, capture_output=True)
    local = []
    for hook in yaml.safe_load(HOOKS.read_text()):
        local.append({**hook, "language": "system"})
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}))
    _git(repo, "add", "-A")
    return repo


def pre_commit(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "PIP_NO_INDEX": "1",
    }
    return subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_hooks_pass_on_a_good_pack_and_fail_on_a_broken_one(repo):
    good = pre_commit(repo)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "amity pack lint" in good.stdout and "amity test" in good.stdout
    assert "Passed" in good.stdout

    pack = repo / "my-course" / "pack.yaml"
    pack.write_text(
        pack.read_text().replace(
            "        - partner_in_conflict: true\n",
            "        - partner_in_conflict: true\n        - partner_in_conflict: false\n",
        )
    )
    _git(repo, "add", "-A")
    bad = pre_commit(repo)
    assert bad.returncode == 1, bad.stdout
    assert "AP102" in bad.stdout  # lint: the rule can never fire
    assert "FAIL my-course_threat-in-conflict" in bad.stdout  # test: its case fails
