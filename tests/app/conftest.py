"""Fixtures for the dashboard tests: the app's modules on the path, the published serving file of
the session's real pipeline run, and copies of it for tests that change the data or the status."""

from __future__ import annotations

import shutil
import sys

import duckdb
import pytest

from community_roi.settings import PROJECT_ROOT, Settings

APP_DIR = PROJECT_ROOT / "streamlit_app"
if str(APP_DIR) not in sys.path:
    sys.path.insert(0, str(APP_DIR))   # formatting, queries... as the app itself imports them


@pytest.fixture(scope="session")
def served(fixture_run) -> Settings:
    """The hand-written landing run once through the real pipeline (tests/conftest.py); its
    serving file is only read here."""
    assert fixture_run.serving.is_file()
    return fixture_run


@pytest.fixture
def serving_copy(served, tmp_path) -> Settings:
    """A private copy of the published file under a fresh warehouse path, free to change."""
    s = Settings.from_env(warehouse=tmp_path / "wh.duckdb", home=tmp_path)
    shutil.copyfile(served.serving, s.serving)
    return s


@pytest.fixture
def rich_serving(serving_copy) -> Settings:
    """The copy with six months of made-up overview figures and a valid analysis period
    (Feb-Apr 2025), large enough to show thousands separators: the real fixture is too short
    for either."""
    con = duckdb.connect(str(serving_copy.serving))
    try:
        con.execute("DELETE FROM marts.rpt_executive_overview")
        for i in range(6):
            con.execute("""
                INSERT INTO marts.rpt_executive_overview BY NAME SELECT
                    make_date(2025, ? , 1) AS month_start, printf('2025-%02d', ?) AS month,
                    ? AS newly_engaged_customers, ? AS engaged_customers_to_date,
                    ? AS revenue_total, ? AS gross_margin_total, ? AS revenue_engaged_customers,
                    ? AS buying_customers, ? AS community_cost, ? AS mentions,
                    ? AS scored_mentions, ? AS mean_sentiment, ? AS net_sentiment
                """, [i + 1, i + 1, 10 * (i + 1), 5 * (i + 1) * (i + 2),
                      150_000.5 + 7_321 * i, 40_000.25 + 1_000 * i, 23_456.78 * (i + 1),
                      900 + i, 1_234.5 * (i + 1), 1_500 + 10 * i,
                      0 if i == 5 else 1_200 + 30 * i, 0.1 * i,
                      None if i == 5 else round(-0.3 + 0.12 * i, 4)])
        con.execute("UPDATE marts.dim_analysis_period SET period_start = DATE '2025-02-01', "
                    "period_end = DATE '2025-04-30'")
    finally:
        con.close()
    return serving_copy
