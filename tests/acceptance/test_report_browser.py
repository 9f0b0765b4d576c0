"""The HTML report in a real browser: Debian's Chromium, headless, renders it; we read the page and look at it.

Chromium is a system package (`apt-get install chromium`, which .ci/run does).
Without it the test is skipped on a developer's machine, and fails under CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from amity.cli.main import main
from click.testing import CliRunner

Image = pytest.importorskip("PIL.Image")

ROOT = Path(__file__).resolve().parents[2]
DATASET = (
    "id,parties,legal_basis,defense_commitment,sectors,summits,ministerial_dialogues,time_horizon,declared_label\n"
    "a,USA;JPN,ratified_treaty,mutual_defense,defense,,,,Mutual Defense Treaty\n"
    "b,VNM;AUS,memorandum,none,trade,none,0,long_term,Comprehensive Strategic Partnership\n"
    "c,USA;JPN,ratified_treaty,mutual_defence,,,,,\n"
    "e,VNM;AUS,joint_statement,none,trade;education;defense;energy;climate,annual,,,Comprehensive Strategic Partnership\n"
    "f,EU;CHN,joint_statement,none,trade;energy;climate,annual,1,long_term,Friendship Forever\n"
)
# the risk chart's fills: low, moderate, high
CHART_COLOURS = {"low": (0x2C, 0xA0, 0x2C), "moderate": (0xFF, 0x7F, 0x0E), "high": (0xD6, 0x27, 0x28)}


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    reason = "Debian's chromium is not installed (apt-get install -y chromium; .ci/run installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + ": under CI the browser test must run")
    pytest.skip(reason)


def _browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ]
    return subprocess.run(
        [_chromium(), *flags, *args, page.as_uri()], capture_output=True, text=True, timeout=300, check=True
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    data = folder / "rows.csv"
    data.write_text(DATASET)
    result = CliRunner().invoke(
        main, ["validate", str(data), "--report", str(folder / "report.html"), "-q", "-j", "1"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return folder / "report.html"


def _colours_missing(png: Path) -> list[str]:
    """The chart colours that appear nowhere in a screenshot."""
    with Image.open(png) as opened:
        image = opened.convert("RGB")
    seen = {colour for _, colour in image.getcolors(maxcolors=image.width * image.height)}
    return [name for name, rgb in CHART_COLOURS.items() if rgb not in seen]


def test_chromium_renders_the_report_with_its_tables_charts_and_to_do_list(report, tmp_path):
    dom = _browse(report, tmp_path, "--dump-dom").stdout
    assert "<h1>Label validation:" in dom
    assert dom.count("<svg") == 2 and dom.count("<table>") >= 6
    for heading in ("Verdicts", "Declared against inferred level", "Risks", "What to do next"):
        assert f"<h2>{heading}</h2>" in dom
    assert "Facts to look up (1 row with an open level)" in dom and "<td>time_horizon</td>" in dom
    assert "<td>Friendship Forever</td>" in dom and "<td>1</td><td>5 f</td>" in dom
    assert "<td>3</td><td>4</td><td>c</td>" in dom and "mutual_defence" in dom
    shot = tmp_path / "report.png"
    _browse(report, tmp_path, f"--screenshot={shot}", "--window-size=1100,2600", "--hide-scrollbars")
    with Image.open(shot) as image:
        assert image.size == (1100, 2600)
    assert _colours_missing(shot) == [], "the risk chart is drawn"


def test_the_screenshot_check_fails_on_a_page_without_charts(report, tmp_path):
    bare = tmp_path / "bare.html"
    text = report.read_text()
    while "<svg" in text:
        text = text[: text.index("<svg")] + text[text.index("</svg>") + len("</svg>") :]
    bare.write_text(text)
    shot = tmp_path / "bare.png"
    _browse(bare, tmp_path, f"--screenshot={shot}", "--window-size=1100,2600", "--hide-scrollbars")
    assert _colours_missing(shot) == ["low", "moderate", "high"]
