"""Headless Chromium driven by Selenium (Debian's chromium and chromium-driver packages), for the tests that open
amity's pages in a real browser. Skipped where the browser or its driver is not installed, except in CI (CI=true),
where .ci/run installs them and their absence is a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def need(what: str, how: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have {what} ({how}; .ci/run installs it)")
    pytest.skip(f"{what} is not installed here ({how}); CI runs this test")


@contextmanager
def chromium_driver(profile: Path) -> Iterator[object]:
    """A Selenium driver of headless Chromium, 1200 by 1400 pixels, its profile in ``profile``, quit on leaving."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        need("Selenium", "pip install -e '.[test]'")
    exe = next((found for name in CHROMIUM if (found := shutil.which(name))), None)
    if exe is None:
        need("Chromium", "apt-get install -y chromium")
    driver_exe = shutil.which("chromedriver")
    if driver_exe is None:
        need("chromedriver", "apt-get install -y chromium-driver")
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium fetch a browser or a driver
    options = webdriver.ChromeOptions()
    options.binary_location = exe
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,1400",
        f"--user-data-dir={profile}",
    ):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # what is requested, and how: posts()
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_exe))
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
