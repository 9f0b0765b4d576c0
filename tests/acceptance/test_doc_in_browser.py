"""The HTML page of a pack, opened in a real browser (headless Chromium): it renders, offline, and shows
the pack's rules, lexicon and graph. Skipped where Chromium is not installed, except in CI (CI=true),
where .ci/run installs it and a missing browser is a failure."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from amity.engine import load_pack
from amity.engine.packdoc import render

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI") == "true":
        pytest.fail("CI must have Chromium (.ci/run installs Debian's chromium package)")
    pytest.skip("Chromium is not installed here (apt-get install -y chromium); CI runs this test")


def headless(exe: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         f"--user-data-dir={cwd / 'profile'}", *args],
        cwd=cwd, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def test_pack_page_renders_in_a_browser(tmp_path):
    exe = browser()
    page = tmp_path / "china-ladder.html"
    page.write_text(render(load_pack("china-ladder"), "html"), encoding="utf-8")
    url = page.as_uri()

    shot = tmp_path / "page.png"
    result = headless(exe, "--window-size=1200,1400", f"--screenshot={shot}", url, cwd=tmp_path)
    assert shot.is_file(), result.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 1400)
    assert len(data) > 50_000, "a page with text and a graph is not a nearly blank image"

    dom = headless(exe, "--dump-dom", url, cwd=tmp_path).stdout
    assert "<h1>The china-ladder pack <small>1.0.0</small></h1>" in dom
    assert 'id="rule-china-all-weather-level"' in dom
    assert "Cooperation that spans the economic, cultural and military fields is comprehensive" in dom
    assert (
        dom.count('<g class="finding') >= 5 and '<g class="finding inherited">' in dom and '<g class="output">' in dom
    )
