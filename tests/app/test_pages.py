"""The dashboard, page by page, with Streamlit's AppTest against a real published serving file.

Each figure on a page is checked against the serving database queried directly here (not through
the app's queries module) and formatted with the app's formatting functions, so a wrong query, a
wrong sum or a wrong format fails.
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import formatting as fmt  # streamlit_app/, put on the path by tests/app/conftest.py
import pytest
from streamlit.testing.v1 import AppTest

from community_roi.settings import PROJECT_ROOT

ROUTER = PROJECT_ROOT / "streamlit_app" / "streamlit_app.py"
# every page of the router, as AppTest.switch_page wants them (relative to the router)
DATA_PAGES = ("app_pages/overview.py", "app_pages/channels.py", "app_pages/ereputation.py",
              "app_pages/loyalty.py", "app_pages/data_health.py")
PAGES = (*DATA_PAGES, "app_pages/methodology.py")
TIMEOUT = 30


def use_warehouse(monkeypatch, settings, **env: str) -> None:
    """Point the app at a warehouse; it reads the `<stem>.serving.duckdb` beside it."""
    monkeypatch.setenv("CROI_WAREHOUSE", str(settings.warehouse))
    for key, value in env.items():
        monkeypatch.setenv(key, value)


def write_status(settings, **status) -> None:
    settings.run_status_file.write_text(json.dumps(status))


def app() -> AppTest:
    return AppTest.from_file(str(ROUTER), default_timeout=TIMEOUT).run()


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def query(settings, sql: str, params=None):
    con = duckdb.connect(str(settings.serving), read_only=True)
    try:
        return con.execute(sql, params or []).fetchone()
    finally:
        con.close()


# --------------------------------------------------------------------------------------------


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
def test_every_page_renders(served, monkeypatch):
    use_warehouse(monkeypatch, served)
    at = app()
    assert not at.exception
    titles = {}
    for page in PAGES:
        titles[page] = [t.value for t in visit(at, page).title]
    assert titles == {
        "app_pages/overview.py": ["Executive overview"],
        "app_pages/channels.py": ["Channels & actions"],
        "app_pages/ereputation.py": ["E-reputation"],
        "app_pages/loyalty.py": ["Loyalty"],
        "app_pages/data_health.py": ["Data health"],
        "app_pages/methodology.py": ["Methodology"],
    }
    # a fresh, successful run: no banner anywhere
    assert not at.error and not at.warning


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
def test_overview_figures_equal_the_serving_data(served, monkeypatch):
    use_warehouse(monkeypatch, served)
    at = app()                                   # the overview is the default page
    assert [t.value for t in at.title] == ["Executive overview"]
    # the fixture's analysis period is empty (too short), so every month is shown
    cost, engaged, new, revenue, revenue_all, mentions, net, last_order = query(served, """
        SELECT sum(community_cost), arg_max(engaged_customers_to_date, month_start),
               sum(newly_engaged_customers), sum(revenue_engaged_customers), sum(revenue_total),
               sum(mentions),
               sum(net_sentiment * scored_mentions) / nullif(sum(scored_mentions), 0),
               (SELECT last_order_date FROM marts.dim_analysis_period)
        FROM marts.rpt_executive_overview""")
    shown = metrics(at)
    assert shown["Community cost"] == fmt.money(cost, "EUR")
    assert shown["Engaged customers"] == fmt.number(engaged)
    assert shown["Revenue from engaged customers"] == fmt.money(revenue, "EUR")
    assert shown["Mentions"] == fmt.number(mentions)
    assert shown["Net sentiment"] == fmt.percent(net, signed=True)
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["Engaged customers"] == f"+{fmt.number(new)} new"
    assert deltas["Revenue from engaged customers"] == (
        f"{fmt.percent(revenue / revenue_all)} of revenue")
    assert revenue > 0 and mentions > 0           # the fixture's figures are not all zeros
    # freshness: when the published run finished (Europe/Paris), and the last order date
    (info,) = query(served, "SELECT info FROM meta.run")
    finished = json.loads(info)["finished_at"]
    assert deltas["Data refreshed"] == fmt.datetime_label(finished, "Europe/Paris")
    assert shown["Data refreshed"].endswith("ago")
    assert f"Orders up to {fmt.date_label(last_order)}" in texts(at.caption)
    assert len(at.get("vega_lite_chart")) == 3


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
def test_overview_defaults_to_the_analysis_period_and_follows_the_slider(rich_serving,
                                                                         monkeypatch):
    use_warehouse(monkeypatch, rich_serving)
    at = app()
    totals = """SELECT sum(community_cost), sum(revenue_engaged_customers), sum(mentions),
                       arg_max(engaged_customers_to_date, month_start)
                FROM marts.rpt_executive_overview WHERE month_start BETWEEN ? AND ?"""
    cost, revenue, mentions, engaged = query(rich_serving, totals, ["2025-02-01", "2025-04-01"])
    shown = metrics(at)
    assert shown["Community cost"] == fmt.money(cost, "EUR") == "€11,111"
    assert shown["Revenue from engaged customers"] == fmt.money(revenue, "EUR")
    assert shown["Mentions"] == fmt.number(mentions)
    assert shown["Engaged customers"] == fmt.number(engaged)
    assert "Feb 2025 – Apr 2025" in texts(at.sidebar.markdown)

    # every month: net sentiment weights months by their scored mentions
    months = at.select_slider(key="overview_range")
    assert months.options[0] == "Jan 2025" and months.value == (date(2025, 2, 1), date(2025, 4, 1))
    months.set_range(date(2025, 1, 1), date(2025, 6, 1)).run()
    cost, net = query(rich_serving, """
        SELECT sum(community_cost), sum(net_sentiment * scored_mentions) / sum(scored_mentions)
        FROM marts.rpt_executive_overview""")
    shown = metrics(at)
    assert shown["Community cost"] == fmt.money(cost, "EUR") == "€25,925"
    assert shown["Net sentiment"] == fmt.percent(net, signed=True)

    # French formats: the same figure, French separators and symbol after
    at.sidebar.selectbox(key="locale").set_value("fr").run()
    assert not at.exception
    assert metrics(at)["Community cost"] == fmt.money(cost, "EUR", "fr") == "25\u202f925\u00a0€"


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
def test_data_health_matches_the_serving_data(served, monkeypatch):
    use_warehouse(monkeypatch, served)
    at = visit(app(), "app_pages/data_health.py")
    run_id, info = query(served, "SELECT run_id, info FROM meta.run")
    info = json.loads(info)
    shown = metrics(at)
    assert shown["Outcome"] == "Succeeded"         # the status file of the same run
    assert shown["Duration"] == fmt.duration(info["seconds"])
    finished = {m.label: m.delta for m in at.metric}["Finished"]
    assert finished == fmt.datetime_label(info["finished_at"], "Europe/Paris")
    captions = texts(at.caption)
    assert f"Run `{run_id}`" in captions and f"Published run `{run_id}`" in captions
    assert "The figures shown come from" not in texts(at.markdown)   # same run: said once

    con = duckdb.connect(str(served.serving), read_only=True)
    try:
        health = con.execute("SELECT source_name, rows_read, rows_loaded, rows_quarantined "
                             "FROM marts.rpt_source_health ORDER BY source_name").df()
        reasons = con.execute("SELECT count(*), sum(rows_quarantined) "
                              "FROM marts.rpt_quarantine_reasons").fetchone()
    finally:
        con.close()
    sources, quarantine = (d.value for d in at.dataframe)
    page = sources.set_index("Source")
    for row in health.itertuples():
        assert page.loc[row.source_name, "Rows read"] == row.rows_read
        assert page.loc[row.source_name, "Loaded"] == row.rows_loaded
        assert page.loc[row.source_name, "Quarantined"] == row.rows_quarantined
    assert (len(quarantine), quarantine["Rows"].sum()) == reasons
    assert "missing required column 'revenue'" in " ".join(quarantine["Reason"])

    # one source only
    at.selectbox(key="quarantine_source").set_value("orders").run()
    assert set(at.dataframe[1].value["Source"]) == {"orders"}


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
def test_failed_run_shows_a_banner_on_every_page(serving_copy, monkeypatch):
    write_status(serving_copy, run_id="20261124T030000Z", status="failed",
                 started_at="2026-11-24T03:00:00Z", finished_at="2026-11-24T03:00:09Z",
                 seconds=9.0, failed_step="transform", error="dbt build failed: orders: boom")
    use_warehouse(monkeypatch, serving_copy)
    at = app()
    for page in PAGES:
        visit(at, page)
        banner = texts(at.error)
        assert "The last refresh failed" in banner, page
        assert "dbt build failed: orders: boom" in banner
        assert "24 Nov 2026, 04:00 CET" in banner           # shown in the reporting time zone
        assert "figures shown are from the last successful refresh" in banner
    visit(at, "app_pages/data_health.py")
    assert metrics(at)["Outcome"] == "Failed"
    (published,) = query(serving_copy, "SELECT run_id FROM meta.run")
    assert f"The figures shown come from run `{published}`" in texts(at.markdown)


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
def test_stale_data_shows_a_banner(serving_copy, monkeypatch):
    use_warehouse(monkeypatch, serving_copy, CROI_STALE_AFTER_HOURS="0")
    at = app()
    for page in DATA_PAGES:
        visit(at, page)
        assert "The data is stale" in texts(at.warning), page
        assert "at least every 0 hours" in texts(at.warning)
    assert not at.error


def test_no_published_data_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("CROI_WAREHOUSE", str(tmp_path / "nothing.duckdb"))
    at = app()
    assert not at.exception
    for page in DATA_PAGES:
        visit(at, page)
        message = texts(at.info)
        assert "No published data yet" in message, page
        assert "make demo" in message and "community-roi run" in message
        assert not at.metric or page == "app_pages/data_health.py"
    visit(at, "app_pages/methodology.py")                 # still readable without data
    assert "Engaged customer" in texts(at.markdown)


def test_no_data_and_a_failed_first_run(tmp_path, monkeypatch):
    from community_roi.settings import Settings

    s = Settings.from_env(warehouse=tmp_path / "wh.duckdb")
    write_status(s, run_id="r1", status="failed", started_at="2026-11-24T03:00:00Z",
                 finished_at="2026-11-24T03:00:01Z", seconds=1, failed_step="load",
                 error="landing folder /x does not exist")
    use_warehouse(monkeypatch, s)
    at = visit(app(), "app_pages/data_health.py")
    assert "landing folder /x does not exist" in texts(at.error)
    assert "Nothing has been published yet" in texts(at.error)
    assert "No published data yet" in texts(at.info)


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
def test_pending_pages_say_not_available_then_fill_in(serving_copy, monkeypatch):
    import queries

    # start from "none of the pending marts published", whatever the pipeline publishes today
    prefixes = tuple(p for group in queries.PENDING_MARTS.values() for p in group)
    con = duckdb.connect(str(serving_copy.serving))
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables "
                                "WHERE table_schema = 'marts'").fetchall():
        if table.startswith(prefixes):
            con.execute(f'DROP TABLE marts."{table}"')
    con.close()
    use_warehouse(monkeypatch, serving_copy)
    at = visit(app(), "app_pages/loyalty.py")
    assert "not available yet" in texts(at.info)
    assert not at.dataframe and not at.metric       # no made-up zeros
    for page in ("app_pages/channels.py", "app_pages/ereputation.py"):
        assert "not computed yet" in texts(visit(at, page).info)

    con = duckdb.connect(str(serving_copy.serving))
    con.execute("CREATE TABLE marts.rpt_loyalty_retention AS "
                "SELECT 'engaged' AS cohort, 0.61 AS retention_90d")
    con.close()
    at = visit(app(), "app_pages/loyalty.py")        # new file version: the cache is not reused
    assert "not available yet" not in texts(at.info)
    assert at.dataframe[0].value["retention_90d"].tolist() == [0.61]


@pytest.mark.slow  # the session pipeline run (tests/conftest.py fixture_run)
def test_channel_costs_equal_the_serving_data(served, monkeypatch):
    use_warehouse(monkeypatch, served)
    at = visit(app(), "app_pages/channels.py")
    (total,) = query(served, "SELECT sum(amount) FROM marts.rpt_community_costs")
    assert total > 0
    assert metrics(at)["Community cost"] == fmt.money(total, "EUR")
    assert len(at.get("vega_lite_chart")) == 1
