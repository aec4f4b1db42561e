"""The dashboard served by `streamlit run` and driven by a real headless Chromium (Playwright).

AppTest (tests/app) checks every figure; this checks what only a browser shows: the server starts
on the published data, every page of the navigation opens without an exception box, and the
overview draws its figures and charts. Skipped when no Chromium is installed, except in CI
(CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from community_roi.settings import PROJECT_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROUTER = PROJECT_ROOT / "streamlit_app" / "streamlit_app.py"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = ["Executive overview", "Channels & actions", "E-reputation", "Loyalty", "Data health",
         "Methodology"]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed (CI must run the browser tests)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard(fixture_run):
    """`streamlit run` on the session's published fixture data, stopped after the module."""
    port = _free_port()
    env = {**os.environ, "CROI_WAREHOUSE": str(fixture_run.warehouse)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROUTER), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"streamlit did not start:\n{proc.stdout.read()}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_every_page_opens_in_a_browser(dashboard):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(dashboard)
            links = page.locator('[data-testid="stSidebarNavLink"]')
            links.first.wait_for(timeout=30_000)
            # a link reads "<material icon name>\n\n<title>"
            assert [t.splitlines()[-1].strip() for t in links.all_inner_texts()] == PAGES

            # the overview: six figures and three charts drawn
            page.get_by_role("heading", name="Executive overview").wait_for(timeout=30_000)
            page.locator('[data-testid="stMetric"]').nth(5).wait_for(timeout=30_000)
            page.locator('[data-testid="stVegaLiteChart"] canvas, '
                         '[data-testid="stVegaLiteChart"] svg').nth(2).wait_for(timeout=30_000)
            assert page.locator('[data-testid="stException"]').count() == 0

            for name in PAGES[1:]:
                links.filter(has_text=name).click()
                page.get_by_role("heading", name=name).first.wait_for(timeout=30_000)
                page.wait_for_load_state("networkidle")
                assert page.locator('[data-testid="stException"]').count() == 0, name
        finally:
            browser.close()
