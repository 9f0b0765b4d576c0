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


SUMMITRY = """\
pack: summitry
version: 0.1.0
description: Core, with a fragility rule and an abandonment rule of the course's own.
extends: core
rules:
  - id: crisis-without-summits
    description: A recent crisis that leaders do not meet every year to mend is a moderate risk of fragility.
    rationale: Without a yearly summit a crisis has no set place to be settled.
    source: {citation: "IR 201 lecture notes, week 3"}
    when: {all: [{recent_crisis: true}, {summits: irregular}]}
    then: [{risk: fragility, rating: moderate, reason: A crisis strained the tie and leaders meet irregularly.}]
  - id: dependence-abandonment
    description: A weaker party that depends on the stronger for its security fears abandonment.
    rationale: The more a party relies on its partner's protection, the more it fears being left alone.
    source: {citation: "IR 201 lecture notes, week 4"}
    when: {all: [{finding: highly_unequal_powers}, {security_dependence: true}]}
    then: [{risk: abandonment, rating: moderate, reason: The weaker party relies on the stronger for its security.}]
"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from .chromium import chromium_driver

    with chromium_driver(tmp_path_factory.mktemp("chromium-profile")) as d:
        yield d


@pytest.mark.parametrize("width", [1280, 800])
@pytest.mark.parametrize("name", ["summitry", "core"])
def test_the_graph_fits_its_column_at_any_width(driver, tmp_path, name, width):
    """The graph was drawn at its own width (1483 px for core's) in a column of 64rem: the conclusions at its right
    ('fragility risk', 'abandonment risk') were cut off at every width of the window, behind a scroll bar few saw.
    It scales down to its column (its viewBox keeps the proportions); a course's small graph (summitry's, 690 px)
    keeps its own size, not blown up."""
    from selenium.webdriver.common.by import By

    if name == "core":
        pack = load_pack("core")
    else:
        (tmp_path / "summitry").mkdir()
        (tmp_path / "summitry" / "pack.yaml").write_text(SUMMITRY, encoding="utf-8")
        pack = load_pack(str(tmp_path / "summitry"))
    page = tmp_path / f"{name}.html"
    page.write_text(render(pack, "html"), encoding="utf-8")
    driver.set_window_size(width, 1400)
    driver.get(page.as_uri())
    graph = driver.find_element(By.CSS_SELECTOR, ".graph")
    svg = graph.find_element(By.TAG_NAME, "svg")
    natural = float(svg.get_attribute("width"))
    box = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", graph)
    inside = driver.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "const r = arguments[0].getBoundingClientRect();"
        "return {left: r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),"
        " right: r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight)};",
        graph,
    )
    drawn = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", svg)
    assert inside["left"] - 0.5 <= drawn["left"] and drawn["right"] <= inside["right"] + 0.5, (drawn, inside, box)
    assert drawn["width"] <= natural + 0.5  # never drawn larger than its own size
    assert drawn["width"] >= min(natural, inside["right"] - inside["left"]) - 1  # and as wide as it can be
    conclusions = svg.find_elements(By.CSS_SELECTOR, "g.output rect")
    assert conclusions
    for rect in conclusions:
        r = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", rect)
        assert r["right"] <= inside["right"] + 0.5, (rect.get_attribute("x"), r, inside)
    labels = [t.text for t in svg.find_elements(By.CSS_SELECTOR, "g.output text")]
    assert "fragility risk" in labels and "abandonment risk" in labels
    # the page has no horizontal scroll either
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    shot = tmp_path / f"{name}-{width}.png"
    driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
