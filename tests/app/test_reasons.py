"""Reasons from the data (why a figure is missing, why a row was set aside) in the reader's
language: the marts, the estimator, the report and the loader write them in English (the data
contract); `community_roi.reasons` (the dashboard's `i18n.reason`, the board-pack PDF) translates
them for display, and leaves a text it does not know as it is.

Every reason the real pipeline writes, on the hand-written landing (too short for an analysis
period) and on the demo world, has a French translation; so has every template the code can write
that these runs do not produce (the examples below, written as the code writes them).
"""

from __future__ import annotations

import re

import duckdb
import i18n  # streamlit_app/, put on the path by tests/app/conftest.py
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from community_roi import reasons
from community_roi.report import build_report
from community_roi.settings import PROJECT_ROOT

ROUTER = PROJECT_ROOT / "streamlit_app" / "streamlit_app.py"

# One English example per template, exactly as the code writes it (source in the comment).
EXAMPLES = [
    # dbt_project/models: rpt_loyalty_summary, rpt_ereputation_summary; fct_incrementality.py
    "no valid analysis period (see dim_analysis_period)",
    "no engaged customer of the analysis period has 90 days of orders after engaging",
    "retention without engaging could not be estimated",
    "no engaged customer with 12 months of orders after engaging",
    # rpt_customer_value, rpt_retention_curves (min_customers = 30)
    "no engaged customer of the analysis period has 12 complete months of orders after engaging",
    ("fewer than 30 engaged customers with a pre-period long enough to estimate their margin "
     "without engaging"),
    "no engaged customer of the analysis period has a complete window for this horizon",
    ("fewer than 30 engaged customers with a pre-period long enough to estimate their retention "
     "without engaging"),
    # rpt_brand_response, rpt_community_defense, rpt_ereputation_summary
    "no non-brand mention received a brand reply",
    "no negative non-brand mention received a reply",
    "no mentions loaded",
    "no non-brand mention carries a sentiment",
    "no non-brand mention with a sentiment in the analysis period",
    # fct_reputation_events
    "no orders in the sales window",
    "fewer than 2 comparable weekdays around the event: no baseline",
    # rpt_roi, rpt_top_actions, int_unconvertible_amounts
    ("cost of months or channels without staff minutes: no action type to carry it (counted in "
     "the overall cost)"),
    ("no engaged customer of the analysis period first engaged with this action type: no "
     "incremental margin, ROI undefined"),
    "no community cost recorded for this scope: ROI undefined",
    "direct cost not convertible to the reporting currency: cost unknown",
    "no linked customer engaged with this action: cost per engaged customer undefined",
    "no USD rate to reporting currency on or before 2025-01-03",
    # community_roi.measure.incrementality
    "no incrementality row for channel=tiktok",
    "incremental margin could not be estimated",
    "no bootstrap draws: interval unavailable",
    "no orders: incrementality cannot be estimated",
    ("post-period incomplete: cohorts up to 2026-07-31 need orders through 2026-10-28, data ends "
     "2026-09-30"),
    ("pre-period too short: 60 days of history before the period minus the 45-day anticipation "
     "gap leaves fewer than 28 days"),
    "no engaged customer has a cohort date in the period",
    "too few engaged customers: 12 < 30 needed for an estimate",
    "too few engaged customers with comparable non-engaged customers: 25 of 41 (< 30)",
    # community_roi.report
    "no files in the landing folder",
    "every row was quarantined",
    "no orders: the analysis period cannot be derived",
    ("the data is too short for a whole month with a 90-day pre-period and a full horizon after "
     "it; add history or set CROI_PERIOD_START/END"),
    "no analysis period",
    "cost mart not published",
    "no cost recorded in the period (no costs rows, staff minutes or direct costs)",
    "could not be estimated",
    "causal incrementality is not published",
    "no overall estimate",
    "no engaged or comparison customers",
    "linkage mart not published",
    "no community cost recorded on this channel in the period",
    "ROI could not be computed",
    "attribution marts not published",
    "no completed order in the period has a linked touch in its look-back window",
    "e-reputation marts not published",
    "not estimable",
    "event detection not published",
    "could not be computed",
    "loyalty marts not published",
    ("no usable data for orders, engagements: ROI cannot be computed without customers, orders "
     "and engagements"),
    # community_roi.load (rpt_quarantine_reasons)
    ("file orders.csv rejected: missing required column 'revenue'; file unreadable: IO Error: "
     "No files found that match the pattern"),
    "malformed CSV line 7: too many columns (Expected Number of Columns: 5 Found: 6)",
    "line 3 is not a JSON object",
    "orders.ordered_at: cannot read 'yesterday' as an ISO-8601 timestamp",
    "fx_rates.date: cannot read '03/01/2025' as a date (YYYY-MM-DD)",
    "costs.month: '2025-13' is not a month (YYYY-MM)",
    "orders.revenue: '12,50' is not a decimal number (use . as the decimal separator)",
    "mentions.reach: '1.5k' is not a whole number",
    "mentions.is_brand: 'maybe' is not a boolean (true/false/1/0/yes/no)",
    "orders.status: unknown value 'lost' (expected one of completed, refunded, cancelled)",
    "orders.currency: 'EURO' is not an ISO-4217 currency code",
    "orders.order_id: required value is missing",
    "orders.revenue: -3 out of range (must be >= 0)",
    "fx_rates.rate_to_reporting: 0 out of range (must be > 0)",
    "mentions.sentiment: 1.5 out of range (must be <= 1)",
    "file orders_2026.csv rejected: missing required column 'revenue', 'ordered_at'",
    ("file orders.csv: accepted rows fail the 'orders' expectation suite: "
     "expect_column_values_to_be_unique(order_id): 2 unexpected"),
    "orders.xlsx: unsupported file format (expected one of .csv, .csv.gz, .parquet, .jsonl)",
    "duplicate column 'order_id'",
]


@pytest.mark.parametrize("english", EXAMPLES)
def test_every_reason_template_has_a_french_translation(english):
    french = i18n.reason(english, "fr")
    assert french and french != english
    assert i18n.reason(english, "en") == english
    # numbers, dates and quoted values inside are kept as they are
    for kept in re.findall(r"\d{4}-\d{2}-\d{2}|\d+|'[^']*'", english):
        assert kept in french, (english, french)


def test_every_template_has_an_example():
    """A template added to the table comes with its example here."""
    unused = [p.pattern for p, _ in reasons.REASONS_FR
              if not any(p.fullmatch(x) for x in EXAMPLES)]
    assert not unused


@pytest.mark.parametrize("english, french", [
    ("too few engaged customers: 12 < 30 needed for an estimate",
     "trop peu de clients engagés : 12 < 30 nécessaires pour une estimation"),
    (("post-period incomplete: cohorts up to 2026-07-31 need orders through 2026-10-28, data ends "
      "2026-09-30"),
     ("période après incomplète : les cohortes jusqu'au 2026-07-31 demandent des commandes "
      "jusqu'au 2026-10-28, les données s'arrêtent au 2026-09-30")),
    ("no community cost recorded for this scope: ROI undefined",
     "aucun coût de communauté enregistré pour ce périmètre : ROI non défini"),
    # a row's reasons joined by the loader: part by part
    (("orders.revenue: '12,50' is not a decimal number (use . as the decimal separator); "
      "orders.order_id: required value is missing"),
     ("orders.revenue : '12,50' n'est pas un nombre décimal (le séparateur décimal est le point) "
      "; orders.order_id : valeur obligatoire manquante")),
    # a `; ` inside a quoted value is not a separator
    ("mentions.reach: '1; 2' is not a whole number",
     "mentions.reach : '1; 2' n'est pas un nombre entier"),
    # a part the table does not know stays English, the others are translated
    ("no analysis period; something new", "pas de période d'analyse ; something new"),
    ("no analysis period (+2 more)", "pas de période d'analyse (+2 de plus)"),
    ("malformed CSV line 4: some new error (detail)",
     "ligne CSV 4 mal formée : some new error (detail)"),
])
def test_reason_examples(english, french):
    assert i18n.reason(english, "fr") == french


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA, pd.NaT])
def test_no_reason_is_none(value):
    assert i18n.reason(value, "fr") is None and i18n.reason(value, "en") is None


@pytest.mark.parametrize("text", ["", "a reason nobody wrote yet", "ROI undefined", "x; y"])
def test_an_unknown_reason_stays_in_english(text):
    assert i18n.reason(text, "fr") == text
    assert i18n.reason(text, "de") == text


def test_tables_translate_reasons_on_screen_and_in_the_csv(monkeypatch):
    import common
    import streamlit as st

    seen = {}
    monkeypatch.setattr(common, "locale", lambda: "fr")
    monkeypatch.setattr(st, "dataframe", lambda df, **_: seen.update(shown=df))
    monkeypatch.setattr(st, "download_button",
                        lambda _label, data, **_: seen.update(csv=data().decode("utf-8-sig")))
    why, roi = i18n.t("col.reason", "fr"), i18n.t("col.roi", "fr")
    english = "no community cost recorded for this scope: ROI undefined"
    common.show_table("roi", [(roi, [None, 0.5], str), (why, [english, None], None)])
    french = i18n.reason(english, "fr")
    assert list(seen["shown"][why]) == [french, ""]
    assert french in seen["csv"] and english not in seen["csv"]


# --------------------------------------------------------------------------------------------
# the real pipeline's reasons


def data_reasons(settings) -> set[str]:
    """Every distinct reason in the published marts (columns `reason` and `*_reason`) and in the
    JSON report (keys `reason` and `*_reason`) of one run."""
    found: set[str] = set()
    con = duckdb.connect(str(settings.serving), read_only=True)
    try:
        columns = con.execute("""
            SELECT table_schema, table_name, column_name FROM information_schema.columns
            WHERE column_name = 'reason' OR column_name LIKE '%\\_reason' ESCAPE '\\'""").fetchall()
        assert any(t.startswith("rpt_") for _, t, _ in columns)
        for schema, table, column in columns:
            found |= {r for (r,) in con.execute(
                f'SELECT DISTINCT "{column}" FROM "{schema}"."{table}" '
                f'WHERE "{column}" IS NOT NULL').fetchall()}
    finally:
        con.close()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if (key == "reason" or key.endswith("_reason")) and isinstance(value, str):
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(build_report(settings))
    return {r for r in found if r.strip()}


@pytest.mark.slow  # the session's pipeline runs (tests/conftest.py)
def test_every_reason_of_the_real_runs_has_a_french_translation(served, demo):
    reasons = data_reasons(served) | data_reasons(demo)
    assert len(reasons) >= 10
    untranslated = sorted(r for r in reasons if i18n.reason(r, "fr") == r)
    assert not untranslated


def use_warehouse(monkeypatch, settings) -> None:
    monkeypatch.setenv("CROI_WAREHOUSE", str(settings.warehouse))


def app_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROUTER), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.slow
def test_french_tables_show_french_reasons(demo, monkeypatch):
    """The channels page in French: every reason in its tables is the French one, none is the
    mart's English text."""
    use_warehouse(monkeypatch, demo)
    english = data_reasons(demo)
    at = app_page("app_pages/channels.py", "fr")
    why = i18n.t("col.reason", "fr")
    shown = [x for d in at.dataframe if why in d.value.columns for x in d.value[why] if x]
    assert shown                                        # the demo world has rows without a figure
    assert not set(shown) & english
    assert set(shown) <= {i18n.reason(r, "fr") for r in english}


@pytest.mark.slow
def test_french_headlines_say_why_in_french(served, monkeypatch):
    """The hand-written landing is too short for an analysis period: the overview's missing ROI
    says why, in French."""
    use_warehouse(monkeypatch, served)
    report = build_report(served)
    english = report["roi_reason"]
    french = i18n.reason(english, "fr")
    assert french != english
    at = app_page("app_pages/overview.py", "fr")
    captions = "\n".join(c.value for c in at.caption)
    assert french in captions and english not in captions
    assert french in "\n".join(m.value for m in at.markdown)
