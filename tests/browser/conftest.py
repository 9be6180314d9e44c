"""Fixtures of the browser tests: one build, one server and one Chromium per session.

``root_build`` comes from ``tests/conftest.py`` (the test of the build cache uses it too).

Chromium is Debian's package (``shutil.which("chromium")``): Playwright's own browser
download cannot work on these machines. Without it the browser tests skip and say how to
install it; with ``CI=true`` a missing browser fails them instead.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests import site_build
from tests.browser.visit import TOTALS

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = "apt-get install chromium"
ARTIFACTS = site_build.ROOT / "tests" / "artifacts"


def _missing_browser(reason: str):
    message = f"{reason}; the browser tests need Debian's Chromium: {INSTALL_HINT}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the browser tests cannot run: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    executable = shutil.which("chromium")
    if executable is None:
        _missing_browser("no `chromium` on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("Playwright is not installed (pip install -e '.[test]')")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True, timeout=180_000
        )
    except Exception as error:
        playwright.stop()
        pytest.fail(f"Chromium at {executable} did not start: {error}", pytrace=False)
    yield chromium
    chromium.close()
    playwright.stop()


def _build(tmp_path_factory, name):
    try:
        return site_build.shared_build(tmp_path_factory, name)
    except site_build.BuildError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def server(root_build):
    """The plain build served as a folder on 127.0.0.1 (``python -m http.server``'s handler)."""
    running = site_build.SiteServer(root_build.site_dir)
    yield running
    running.close()


@pytest.fixture(scope="session")
def subpath_server(tmp_path_factory):
    """The build with a sub-path ``site_url``, served only under that sub-path."""
    build = _build(tmp_path_factory, "subpath")
    running = site_build.SiteServer(build.site_dir, prefix=build.base_path)
    yield running
    running.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pytest_terminal_summary(terminalreporter):
    if not TOTALS.loads:
        return
    write = terminalreporter.write_line
    terminalreporter.section("offline site")
    write(
        f"{TOTALS.requests} requests recorded over {TOTALS.loads} page loads; "
        f"{len(TOTALS.outside)} outside 127.0.0.1" + (f": {sorted(set(TOTALS.outside))}" if TOTALS.outside else "")
    )
    if TOTALS.weights:
        page, weight = max(TOTALS.weights.items(), key=lambda item: item[1])
        write(f"largest first load: {weight:,} bytes ({weight / 1e6:.3f} MB) for {page}")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "page-weights.json").write_text(json.dumps(TOTALS.weights, indent=2) + "\n")
