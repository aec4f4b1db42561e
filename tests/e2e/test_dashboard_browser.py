"""The dashboard served by `streamlit run` on demo data and driven by a real headless Chromium
(Debian's package, through Playwright's `executable_path`: no browser download).

AppTest (tests/app) checks every figure; this checks what only a browser shows: the server starts
on the published demo data, every page opens without an exception or error box, the overview
shows the JSON report's headline figures, the language switch turns labels and numbers French, a
filter set on one page is still set on the next, a table downloads as CSV with the figures in it,
and the board pack downloads as a PDF. A full-page screenshot of every page is saved under
tests/artifacts/screenshots/ for people to look at.

Skipped when no Chromium is installed, except in CI (CI set), where a missing browser fails.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date

import pytest
from ci_env import in_ci

from community_roi.report import build_report
from community_roi.settings import PROJECT_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

APP_DIR = PROJECT_ROOT / "streamlit_app"
ROUTER = APP_DIR / "streamlit_app.py"
SCREENSHOTS = PROJECT_ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# page title keys in the catalogue and their address, in the navigation's order
PAGES = [("overview.title", ""), ("channels.title", "channels"),
         ("ereputation.title", "e-reputation"), ("loyalty.title", "loyalty"),
         ("health.title", "data-health"), ("methodology.title", "methodology")]
TIMEOUT = 60_000


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if in_ci():
            pytest.fail("chromium is not installed (CI must run the browser tests)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def catalogue():
    """The app's own text catalogue and number formats (streamlit_app/ on the path)."""
    if str(APP_DIR) not in sys.path:
        sys.path.insert(0, str(APP_DIR))
    import formatting
    import i18n

    return i18n, formatting


@pytest.fixture(scope="module")
def demo(world):
    """The demo world through the real pipeline (tests/conftest.py)."""
    settings, _truth = world
    return settings


@pytest.fixture(scope="module")
def dashboard(demo):
    """`streamlit run` on the demo world's published data, stopped after the module; with the
    viewer toolbar, as `community-roi dashboard` serves it."""
    _chromium()                       # skip (or fail in CI) before starting anything
    port = _free_port()
    env = {**os.environ, "CROI_WAREHOUSE": str(demo.warehouse)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROUTER), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
         "--client.toolbarMode", "viewer"],
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


@pytest.fixture(scope="module")
def browser(dashboard):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# --------------------------------------------------------------------------------------------
# helpers


def settle(page) -> None:
    """Wait until the script run the last action started has finished and drawn its charts."""
    page.wait_for_timeout(400)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    for i in range(charts.count()):
        charts.nth(i).locator("canvas, svg").first.wait_for(timeout=TIMEOUT)


def assert_no_error(page, where: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, where
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0, where


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window is made as tall as
    the content first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": int(height) + 120})
    page.wait_for_timeout(600)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def open_page(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=title).click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=TIMEOUT)
    settle(page)


def metric_values(page) -> set[str]:
    return set(page.locator('[data-testid="stMetricValue"]').all_inner_texts())


# --------------------------------------------------------------------------------------------


def test_every_page_in_a_browser(browser, dashboard, demo, catalogue):
    i18n, fmt = catalogue
    report = build_report(demo)
    cur = report["currency"]
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(dashboard)
    links = page.locator('[data-testid="stSidebarNavLink"]')
    links.first.wait_for(timeout=TIMEOUT)
    titles = [i18n.t(key) for key, _ in PAGES]
    # a link reads "<material icon name>\n\n<title>"
    assert [t.splitlines()[-1].strip() for t in links.all_inner_texts()] == titles

    # -- the overview shows the report's headline figures -------------------------------------
    page.get_by_role("heading", name=titles[0]).wait_for(timeout=TIMEOUT)
    settle(page)
    assert_no_error(page, "overview")
    shown = metric_values(page)
    inc = report["incrementality"]
    for figure in (fmt.percent(report["roi"]["estimate"], signed=True),
                   fmt.money(inc["incremental_margin"]["estimate"], cur),
                   fmt.money(report["cost"]["total"], cur),
                   fmt.number(inc["engaged_customers"])):
        assert figure in shown, (figure, shown)
    assert fmt.money(1 + report["roi"]["low"], cur, decimals=2) in main_text(page)
    screenshot(page, "01-overview-en")

    # -- the board pack downloads as a one-page PDF -------------------------------------------
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=i18n.t("overview.pdf")).click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and download.value.suggested_filename.endswith(".pdf")

    # -- every other page, in English ---------------------------------------------------------
    for n, (key, slug) in enumerate(PAGES[1:], start=2):
        open_page(page, i18n.t(key))
        assert_no_error(page, slug)
        screenshot(page, f"{n:02d}-{slug}-en")

    # -- a filter set on one page stays set on the next ---------------------------------------
    open_page(page, i18n.t("channels.title"))
    channel = i18n.label("channel", "instagram")
    page.locator('[data-testid="stSelectbox"]').filter(has_text=i18n.t("sidebar.channel")) \
        .click()
    page.get_by_role("option", name=channel, exact=True).click()
    settle(page)
    assert i18n.t("filters.channel", channel=channel) in main_text(page)
    assert "channel=" in page.url                       # and it is in the address
    screenshot(page, "07-channels-instagram-en")
    open_page(page, i18n.t("ereputation.title"))
    assert i18n.t("filters.channel", channel=channel) in main_text(page)

    # -- a table downloads as CSV with the figures in it --------------------------------------
    open_page(page, i18n.t("channels.title"))
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=i18n.t("common.download_csv")).first.click()
    assert download.value.suggested_filename == "roi_by_channel.csv"
    rows = list(csv.DictReader(io.StringIO(
        download.value.path().read_text(encoding="utf-8-sig"))))
    by_channel = {r[i18n.t("col.channel")]: r for r in rows}
    figures = inc["by_channel"]["instagram"]
    assert float(by_channel[channel][i18n.t("col.cost")]) == pytest.approx(figures["cost"], abs=0.01)
    assert float(by_channel[channel][i18n.t("col.roi")]) == pytest.approx(
        figures["roi"]["estimate"])

    # -- French: labels, numbers and money ----------------------------------------------------
    page.locator('[data-testid="stButtonGroup"]').get_by_role("radio", name="fr",
                                                             exact=True).click()
    settle(page)
    assert "lang=fr" in page.url
    open_page(page, i18n.t("overview.title", "fr"))
    assert_no_error(page, "overview fr")
    shown = metric_values(page)
    assert fmt.money(report["cost"]["total"], cur, "fr") in shown
    assert fmt.percent(report["roi"]["estimate"], "fr", signed=True) in shown
    assert i18n.t("overview.roi", "fr") in main_text(page)
    # the filters survived the language switch
    assert i18n.t("filters.months", "fr", months="").strip() in main_text(page)
    assert i18n.t("filters.channel_not_applied", "fr", channel=channel) in main_text(page)
    screenshot(page, "08-overview-fr")
    for n, (key, slug) in enumerate(PAGES[1:], start=9):
        open_page(page, i18n.t(key, "fr"))
        assert_no_error(page, f"{slug} fr")
        screenshot(page, f"{n:02d}-{slug}-fr")
    page.close()


def test_the_period_filter_changes_the_figures(browser, dashboard, demo, catalogue):
    """Dragging the months slider is brittle in a browser; the address does not hold the period
    (only the language and channel), so this opens the overview, moves the slider's right thumb
    with the keyboard and checks the cost follows the months shown."""
    i18n, fmt = catalogue
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(dashboard)
    page.get_by_role("heading", name=i18n.t("overview.title")).wait_for(timeout=TIMEOUT)
    settle(page)
    before = metric_values(page)
    thumbs = page.locator('[data-testid="stSlider"] input[type="range"]')
    thumbs.last.focus()
    page.keyboard.press("ArrowLeft")
    settle(page)
    assert_no_error(page, "period")
    assert metric_values(page) != before                # the cost now covers one month less
    end = date.fromisoformat(build_report(demo)["period"]["end"])
    shorter = date(end.year - (end.month == 1), (end.month - 2) % 12 + 1, 1)
    assert fmt.month_label(shorter) in main_text(page)
    page.close()
