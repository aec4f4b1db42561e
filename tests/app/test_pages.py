"""The dashboard, page by page, with Streamlit's AppTest against real published serving files.

Headline figures are checked against the JSON report of the same run (`build_report`), and the
other figures against the serving database queried directly here (not through the app's queries
module), formatted with the app's own formatting functions: a wrong query, a wrong sum or a wrong
format fails. Every page is run in both languages.
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import formatting as fmt  # streamlit_app/, put on the path by tests/app/conftest.py
import i18n
import pytest
from streamlit.testing.v1 import AppTest

from community_roi.report import build_report
from community_roi.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow  # the session's pipeline runs (tests/conftest.py)

ROUTER = PROJECT_ROOT / "streamlit_app" / "streamlit_app.py"
# every page of the router, as AppTest.switch_page wants them (relative to the router), and the
# catalogue key of its title
PAGES = {"app_pages/overview.py": "overview.title", "app_pages/channels.py": "channels.title",
         "app_pages/ereputation.py": "ereputation.title", "app_pages/loyalty.py": "loyalty.title",
         "app_pages/data_health.py": "health.title",
         "app_pages/methodology.py": "methodology.title"}
DATA_PAGES = [p for p in PAGES if p != "app_pages/methodology.py"]
TIMEOUT = 60


def use_warehouse(monkeypatch, settings, **env: str) -> None:
    """Point the app at a warehouse; it reads the `<stem>.serving.duckdb` beside it."""
    monkeypatch.setenv("CROI_WAREHOUSE", str(settings.warehouse))
    for key, value in env.items():
        monkeypatch.setenv(key, value)


def write_status(settings, **status) -> None:
    settings.run_status_file.write_text(json.dumps(status))


def app(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROUTER), default_timeout=TIMEOUT)
    if lang:
        at.query_params["lang"] = lang          # as `?lang=fr` in the address
    return at.run()


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def deltas(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.proto.delta, m.proto.delta_description) for m in at.metric}


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def frame(settings, sql: str, params=None):
    """The serving database queried directly, not through the app."""
    con = duckdb.connect(str(settings.serving), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def query(settings, sql: str, params=None) -> tuple:
    return tuple(frame(settings, sql, params).iloc[0])


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_renders_in_both_languages(demo, monkeypatch, lang):
    use_warehouse(monkeypatch, demo)
    at = app(lang)
    for page, title in PAGES.items():
        visit(at, page)
        assert [t.value for t in at.title] == [i18n.t(title, lang)], page
        assert not at.error and not at.warning, page      # a fresh, successful run: no banner
        # every table can be downloaded: one CSV button per table
        csv = [b for b in at.get("download_button")
               if b.proto.label == i18n.t("common.download_csv", lang)]
        assert len(csv) == len(at.dataframe), page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_headline_equals_the_report(demo, monkeypatch, lang):
    """The figures a board sees are the JSON report's for the same run, formatted."""
    use_warehouse(monkeypatch, demo)
    report = build_report(demo)
    at = app(lang)                                      # the overview is the default page
    t = lambda key, **kw: i18n.t(key, lang, **kw)
    cur = report["currency"]
    roi, inc = report["roi"], report["incrementality"]
    assert roi is not None and inc["incremental_margin"] is not None   # real figures here
    (payback,) = query(demo, "SELECT payback_months FROM marts.rpt_roi WHERE scope = 'overall'")
    shown = metrics(at)
    assert shown[t("overview.roi")] == fmt.percent(roi["estimate"], lang, signed=True)
    assert shown[t("overview.incremental_margin")] == fmt.money(
        inc["incremental_margin"]["estimate"], cur, lang)
    assert shown[t("overview.cost")] == fmt.money(report["cost"]["total"], cur, lang)
    assert shown[t("overview.engaged")] == fmt.number(inc["engaged_customers"], lang)
    assert shown[t("overview.index")] == t(
        "overview.index_value", value=fmt.number(report["ereputation"]["reputation_index"],
                                                 lang, 1))
    assert shown[t("overview.payback")] == t("overview.months_value",
                                             n=fmt.number(payback, lang, 1))
    captions = texts(at.caption)
    low, high = (fmt.percent(roi[k], lang, signed=True) for k in ("low", "high"))
    assert t("overview.range", range=t("common.range", low=low, high=high)) in captions
    # the sentence: every euro returned between 1 + low and 1 + high
    sentence = texts(at.markdown)
    for value in (1 + roi["low"], 1 + roi["high"], 1 + roi["estimate"]):
        assert fmt.money(value, cur, lang, 2) in sentence
    # the naive number beside the causal one
    assert shown[t("overview.naive")] == fmt.money(inc["naive_per_engaged_customer"], cur, lang)
    assert shown[t("overview.causal")] == fmt.money(inc["per_engaged_customer"]["estimate"],
                                                    cur, lang)
    # ROI and margin are measured once: their change is missing with the reason, never 0
    change = deltas(at)
    assert change[t("overview.roi")] == (fmt.MISSING, t("overview.once"))
    # the board pack is offered
    assert any(b.proto.label == t("overview.pdf") and not b.proto.disabled
               for b in at.get("download_button"))
    if lang == "fr":
        assert "\u00a0€" in shown[t("overview.cost")]      # 1 234 € in French


def test_changes_compare_with_the_months_before(demo, monkeypatch):
    """Cost and engaged customers are compared with as many months just before; where the data
    does not cover them, the change is a dash with the reason."""
    use_warehouse(monkeypatch, demo)
    at = app()
    t = i18n.t
    period = build_report(demo)["period"]
    start = date.fromisoformat(period["start"])
    first = query(demo, "SELECT min(month_start) FROM marts.rpt_executive_overview")[0]
    months = (start.year - first.year) * 12 + start.month - first.month
    if months < 13:     # the default 13-month period has no whole previous period in the data
        assert deltas(at)[t("overview.cost")][0] == fmt.MISSING

    # three months with three whole months before them
    at.sidebar.select_slider(key="period").set_range(date(2026, 4, 1), date(2026, 6, 1)).run()
    assert not at.exception
    now, then = (query(demo, """
        SELECT sum(community_cost), sum(newly_engaged_customers)
        FROM marts.rpt_executive_overview WHERE month_start BETWEEN ? AND ?""", [a, b])
        for a, b in (("2026-04-01", "2026-06-01"), ("2026-01-01", "2026-03-01")))
    shown, change = metrics(at), deltas(at)
    assert shown[t("overview.cost")] == fmt.money(now[0], "EUR")
    assert change[t("overview.cost")] == (signed(now[0] - then[0], fmt.money(now[0] - then[0])),
                                          t("overview.vs", months="Jan 2026 – Mar 2026"))
    assert shown[t("overview.engaged")] == fmt.number(now[1])
    assert change[t("overview.engaged")][0] == signed(now[1] - then[1],
                                                      fmt.number(now[1] - then[1]))
    # the causal figures say they are over the analysis period, not the months shown
    end = date.fromisoformat(period["end"])
    assert t("overview.mixed_periods", period=f"{fmt.month_label(start)} – "
             f"{fmt.month_label(end)}") in texts(at.caption)


def signed(value, text: str) -> str:
    """A change as the pages show it: `+` before a positive one."""
    return "+" + text if value > 0 and text.strip("0.,-€ ") else text


def test_filters_persist_across_pages_and_languages(demo, monkeypatch):
    use_warehouse(monkeypatch, demo)
    at = app()
    at.sidebar.select_slider(key="period").set_range(date(2026, 1, 1), date(2026, 3, 1)).run()
    at.sidebar.selectbox(key="channel").set_value("instagram").run()
    for page in ("app_pages/channels.py", "app_pages/ereputation.py", "app_pages/loyalty.py"):
        visit(at, page)
        assert at.session_state["period"] == (date(2026, 1, 1), date(2026, 3, 1))
        assert at.session_state["channel"] == "instagram"
        assert i18n.t("filters.months", months="Jan 2026 – Mar 2026") in texts(at.caption)
    # the loyalty page cannot filter by channel, and says so
    assert i18n.t("filters.channel_not_applied", channel="Instagram") in texts(at.caption)
    # switching the language keeps the filters
    at.sidebar.segmented_control(key="lang").set_value("fr").run()
    assert not at.exception
    assert at.session_state["period"] == (date(2026, 1, 1), date(2026, 3, 1))
    assert at.session_state["channel"] == "instagram"
    assert i18n.t("filters.months", "fr", months="janv. 2026 – mars 2026") in texts(at.caption)


def test_channels_page_equals_the_report(demo, monkeypatch):
    use_warehouse(monkeypatch, demo)
    report = build_report(demo)
    at = visit(app(), "app_pages/channels.py")
    t = i18n.t
    by_channel = report["incrementality"]["by_channel"]
    roi_table = at.dataframe[0].value.set_index(t("col.channel"))
    for channel, figures in by_channel.items():
        row = roi_table.loc[i18n.label("channel", channel)]
        if figures.get("roi"):
            assert row[t("col.roi")] == fmt.percent(figures["roi"]["estimate"], signed=True)
        else:
            assert row[t("col.roi")] == fmt.MISSING and row[t("col.reason")]
        assert row[t("col.cost")] == fmt.money(figures["cost"], "EUR")
    # the six attribution models side by side: each column sums to the report's model total
    attribution = at.dataframe[-1].value
    models = report["attribution"]["revenue_by_model"]
    assert len(attribution.columns) == 1 + len(models)
    for model, split in models.items():
        column = attribution[i18n.label("model", model)]
        assert set(column) >= {fmt.money(v, "EUR") for v in split.values() if round(v)}
    # the channel filter picks one channel's figures out
    at.sidebar.selectbox(key="channel").set_value("instagram").run()
    assert metrics(at)[t("overview.roi")] == fmt.percent(
        by_channel["instagram"]["roi"]["estimate"], signed=True)


def table_with(at: AppTest, *columns: str):
    """The one table of the page that has these columns, as shown (formatted text)."""
    (found,) = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    return found


def expected_top_actions(settings, start: date, end: date, channel: str | None = None):
    return frame(settings, """
        SELECT action_id, channel, engaged_customers, total_cost, cost_per_engaged_customer
        FROM marts.rpt_top_actions
        WHERE published_month BETWEEN ? AND ? AND (?::VARCHAR IS NULL OR channel = ?)
        ORDER BY engaged_customers DESC, engagements DESC, action_id
        LIMIT 10""", [start, end, channel, channel])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_channels_page_shows_action_type_roi_and_top_actions(demo, monkeypatch, lang):
    """Cost, ROI with its range and cost per engaged customer per action type, and the top ten
    actions of the months shown, equal to the marts (queried here directly), in both languages."""
    use_warehouse(monkeypatch, demo)
    at = visit(app(lang), "app_pages/channels.py")
    t = lambda key, **v: i18n.t(key, lang, **v)
    money = lambda x, d=0: fmt.money(x, "EUR", lang, d)
    percent = lambda x: fmt.percent(x, lang, signed=True)
    assert t("channels.action_cost_rule") in texts(at.caption)

    # -- per action type: every row of rpt_roi, with the mart's figures
    types = frame(demo, "SELECT * FROM marts.rpt_roi WHERE scope = 'action_type'")
    shown = table_with(at, t("col.action_type"), t("col.roi")).set_index(t("col.action_type"))
    assert len(shown) == len(types) > 0
    for row in types.itertuples():
        line = shown.loc[i18n.label("action_type", row.scope_value, lang)]
        assert line[t("col.cost")] == money(row.cost)
        assert line[t("col.roi")] == percent(row.roi_estimate)
        assert line[t("col.roi_low")] == percent(row.roi_low)
        assert line[t("col.roi_high")] == percent(row.roi_high)
        assert line[t("col.cost_per_engaged")] == money(row.cost_per_engaged_customer)
        assert line[t("col.incremental_margin")] == money(row.incremental_margin_estimate)
        if row.roi_estimate != row.roi_estimate:                     # NaN: said why
            assert line[t("col.reason")] == i18n.reason(row.reason, lang)
    assert shown[t("col.roi")].ne(fmt.MISSING).sum() >= 3           # real figures, not dashes
    # the cost no action type can carry is its own row, and the caption says it is in the total
    (remainder,) = types.loc[types["scope_value"] == "(unallocated)", "cost"]
    (overall,) = query(demo, "SELECT cost FROM marts.rpt_roi WHERE scope = 'overall'")
    assert t("channels.action_cost_unallocated", amount=money(remainder),
             total=money(overall)) in texts(at.caption)

    # -- top actions of the months shown (by default the analysis period), all channels
    start, end = at.session_state["period"]
    expected = expected_top_actions(demo, start, end)
    top = table_with(at, t("col.action"))
    assert list(top[t("col.action")]) == list(expected["action_id"]) and len(top) == 10
    assert list(top[t("col.rank")]) == list(range(1, 11))
    assert list(top[t("col.engaged_customers")]) == [
        fmt.number(x, lang) for x in expected["engaged_customers"]]
    assert list(top[t("col.action_cost")]) == [money(x, 2) for x in expected["total_cost"]]
    assert list(top[t("col.cost_per_engaged")]) == [
        money(x, 2) for x in expected["cost_per_engaged_customer"]]
    assert t("channels.top_actions_caption", n="10") in texts(at.caption)

    # -- the filters: other months and one channel
    at.sidebar.select_slider(key="period").set_range(date(2026, 1, 1), date(2026, 3, 1)).run()
    at.sidebar.selectbox(key="channel").set_value("instagram").run()
    assert not at.exception
    expected = expected_top_actions(demo, date(2026, 1, 1), date(2026, 3, 1), "instagram")
    top = table_with(at, t("col.action"))
    assert list(top[t("col.action")]) == list(expected["action_id"]) and len(top) > 0
    assert set(top[t("col.channel")]) == {i18n.label("channel", "instagram", lang)}


def test_ereputation_and_loyalty_equal_the_report(demo, monkeypatch):
    use_warehouse(monkeypatch, demo)
    report = build_report(demo)
    t = i18n.t
    at = visit(app(), "app_pages/ereputation.py")
    ereputation = report["ereputation"]
    shown = metrics(at)
    assert shown[t("ereputation.defense_rate")] == fmt.percent(ereputation["defense_rate"])
    assert shown[t("ereputation.response_time")] == t(
        "ereputation.minutes", n=fmt.number(ereputation["median_brand_response_minutes"]))
    assert shown[t("ereputation.mentions")] == fmt.number(ereputation["mentions"])
    events = at.dataframe[0].value
    assert len(events) == len(ereputation["events"]) > 0
    assert len(at.get("vega_lite_chart")) >= 4        # index, mentions, effects, response

    at = visit(at, "app_pages/loyalty.py")
    loyalty = report["loyalty"]
    shown = metrics(at)
    assert shown[t("loyalty.retention_90d_engaged")] == fmt.percent(
        loyalty["retention_90d_engaged"], decimals=1)
    assert shown[t("loyalty.retention_90d_matched_not_engaged")] == fmt.percent(
        loyalty["retention_90d_matched_not_engaged"], decimals=1)


def test_missing_figures_show_a_dash_and_the_reason(served, monkeypatch):
    """The hand-written fixture is too short for an analysis period: ROI cannot be computed, and
    the page says so with the report's reason, never a zero."""
    use_warehouse(monkeypatch, served)
    report = build_report(served)
    assert report["roi"] is None and report["roi_reason"]
    at = app()
    t = i18n.t
    shown = metrics(at)
    assert shown[t("overview.roi")] == fmt.MISSING
    assert shown[t("overview.incremental_margin")] == fmt.MISSING
    assert report["roi_reason"] in texts(at.caption)
    assert t("overview.sentence_missing", reason=report["roi_reason"]).split(":")[0] in \
        texts(at.markdown)
    for page in DATA_PAGES:
        visit(at, page)                                  # no page breaks on missing figures


def test_data_health_matches_the_serving_data(served, monkeypatch):
    use_warehouse(monkeypatch, served)
    at = visit(app(), "app_pages/data_health.py")
    t = i18n.t
    run_id, info = query(served, "SELECT run_id, info FROM meta.run")
    info = json.loads(info)
    shown = metrics(at)
    assert shown[t("health.outcome")] == t("health.outcome_success")
    assert shown[t("health.duration")] == fmt.duration(info["seconds"])
    assert shown[t("health.checks")] == t("health.checks_failed", n="0")
    assert deltas(at)[t("health.finished")][0] == fmt.datetime_label(info["finished_at"],
                                                                     "Europe/Paris")
    captions = texts(at.caption)
    assert f"`{run_id}`" in captions
    assert "The figures shown come from" not in texts(at.markdown)   # same run: said once

    health = frame(served, "SELECT source_name, rows_read, rows_loaded, rows_quarantined "
                   "FROM marts.rpt_source_health ORDER BY source_name")
    reasons = query(served, "SELECT count(*), sum(rows_quarantined) "
                    "FROM marts.rpt_quarantine_reasons")
    sources, quarantine = (d.value for d in at.dataframe)
    page = sources.set_index(t("col.source"))
    for row in health.itertuples():
        assert page.loc[row.source_name, t("col.rows_read")] == fmt.number(row.rows_read)
        assert page.loc[row.source_name, t("col.loaded")] == fmt.number(row.rows_loaded)
        assert page.loc[row.source_name, t("col.quarantined")] == fmt.number(
            row.rows_quarantined)
    assert len(quarantine) == reasons[0]
    assert sum(int(x) for x in quarantine[t("col.rows")]) == reasons[1]
    assert "missing required column 'revenue'" in " ".join(quarantine[t("col.quarantine_reason")])

    at.selectbox(key="quarantine_source").set_value("orders").run()   # one source only
    assert set(at.dataframe[1].value[t("col.source")]) == {"orders"}


def test_failed_run_shows_a_banner_on_every_page(serving_copy, monkeypatch):
    write_status(serving_copy, run_id="20261124T030000Z", status="failed",
                 started_at="2026-11-24T03:00:00Z", finished_at="2026-11-24T03:00:09Z",
                 seconds=9.0, failed_step="transform", error="dbt build failed: orders: boom")
    use_warehouse(monkeypatch, serving_copy)
    for lang in ("en", "fr"):
        at = app(lang)
        for page in PAGES:
            visit(at, page)
            banner = texts(at.error)
            assert i18n.t("banner.failed", lang, when="", step="", error="", tail="")[:20] \
                in banner, page
            assert "dbt build failed: orders: boom" in banner
            assert fmt.datetime_label("2026-11-24T03:00:09Z", "Europe/Paris", lang) in banner
    at = visit(app(), "app_pages/data_health.py")
    assert metrics(at)[i18n.t("health.outcome")] == i18n.t("health.outcome_failed")
    (published,) = query(serving_copy, "SELECT run_id FROM meta.run")
    assert f"`{published}`" in texts(at.markdown)


def test_stale_data_shows_a_banner(serving_copy, monkeypatch):
    use_warehouse(monkeypatch, serving_copy, CROI_STALE_AFTER_HOURS="0")
    at = app()
    for page in DATA_PAGES:
        visit(at, page)
        assert "The data is stale" in texts(at.warning), page
        assert "at least every 0 hours" in texts(at.warning)
    assert not at.error


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_published_data_says_what_to_run(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("CROI_WAREHOUSE", str(tmp_path / "nothing.duckdb"))
    at = app(lang)
    assert not at.exception
    for page in DATA_PAGES:
        visit(at, page)
        message = texts(at.info)
        assert i18n.t("common.no_data", lang)[:25] in message, page
        assert "make demo" in message and "community-roi run" in message
        assert not at.metric or page == "app_pages/data_health.py"
    visit(at, "app_pages/methodology.py")                 # still readable without data
    assert i18n.t("methodology.question", lang)[:30] in texts(at.markdown)


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


def test_pages_whose_marts_are_missing_say_so(demo_copy, monkeypatch):
    """A page whose data does not exist yet says so plainly rather than showing zeros."""
    con = duckdb.connect(str(demo_copy.serving))
    for table in ("rpt_roi", "rpt_incrementality", "rpt_retention_curves", "rpt_customer_value",
                  "rpt_top_advocates", "rpt_loyalty_programme", "rpt_top_actions"):
        con.execute(f"DROP TABLE marts.{table}")
    con.close()
    use_warehouse(monkeypatch, demo_copy)
    at = app()
    for page in ("app_pages/channels.py", "app_pages/loyalty.py", "app_pages/ereputation.py"):
        visit(at, page)
        assert "not available yet" in texts(at.info), page
    visit(at, "app_pages/channels.py")
    info = texts(at.info)
    for section in ("channels.roi_title", "channels.actions_title", "channels.top_actions"):
        assert i18n.t(section) in info, section               # each section says it, no zeros
    assert not any(i18n.t("col.action") in d.value.columns for d in at.dataframe)
    visit(at, "app_pages/loyalty.py")
    assert not at.dataframe                               # no table of made-up zeros
