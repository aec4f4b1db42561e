"""The whole pipeline on real DuckDB and real dbt: figures, idempotence, failure safety."""

from __future__ import annotations

import json
from dataclasses import replace

import duckdb
import pytest

from community_roi import pipeline
from community_roi.report import build_report
from community_roi.settings import Settings

pytestmark = pytest.mark.slow


def _one(path, sql, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _marts_checksums(path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
            "AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        return {t: con.execute(f'SELECT count(*), sum(hash(t)) FROM marts."{t}" t').fetchone()
                for t in tables}
    finally:
        con.close()


def test_orders_are_converted_deduplicated_and_zeroed_as_the_contract_says(fixture_run):
    rows = {r[0]: r[1:] for r in _one(
        fixture_run.warehouse,
        "SELECT order_id, revenue, gross_margin, status FROM marts.fct_orders")}
    assert rows["o2"] == (55.0, pytest.approx(22.0), "completed")      # newest file, 40% margin
    assert rows["o3"] == (pytest.approx(18.0), pytest.approx(7.2), "completed")  # USD @ 0.90
    assert rows["o4"] == (0.0, 0.0, "refunded")                         # refunds count as zero
    assert "o8" not in rows                                             # no JPY rate
    assert _one(fixture_run.warehouse, "SELECT source_name, record_id, reason FROM "
                "intermediate.int_unconvertible_amounts") == [
        ("orders", "o8", "no JPY rate to reporting currency on or before 2024-04-05")]


def test_identity_resolution_uses_links_then_email_hashes(fixture_run):
    got = {r[0]: r[1:] for r in _one(
        fixture_run.warehouse,
        "SELECT engagement_id, customer_id, resolved_by FROM marts.fct_engagements")}
    assert got["g2"] == ("000123", "identity_link")   # ALICE_FAN == @Alice_Fan
    assert got["g5"] == ("000123", "email_match")     # handle is the customer's e-mail hash
    assert got["g4"] == (None, None)                  # a stranger stays anonymous, not dropped
    cohort = dict(_one(fixture_run.warehouse,
                       "SELECT customer_id, cohort_date FROM marts.dim_customers"))
    assert str(cohort["000123"]) == "2024-02-25" and cohort["000126"] is None


def test_shared_costs_are_allocated_by_staff_minutes(fixture_run):
    got = dict(_one(fixture_run.warehouse, "SELECT channel, amount FROM marts.fct_community_costs "
                                           "WHERE cost_kind = 'costs:tools'"))
    # 300 of tools shared by instagram (60 + 30 minutes) and discord (120 minutes)
    assert got["discord"] == pytest.approx(300 * 120 / 210)
    assert got["instagram"] == pytest.approx(300 * 90 / 210)


def test_report_has_every_contract_key_and_no_invented_zero(fixture_run):
    report = build_report(fixture_run)
    for key in ("contract_version", "generated_at", "currency", "period", "horizon_days",
                "lookback_days", "sources", "cost", "incrementality", "roi", "attribution",
                "ereputation", "loyalty"):
        assert key in report, key
    for key in ("engaged_customers", "per_engaged_customer", "incremental_margin",
                "incremental_revenue", "naive_per_engaged_customer", "unlinked_engaged_handles",
                "by_channel"):
        assert key in report["incrementality"]
    assert set(report["sources"]) == {"customers", "orders", "loyalty_members", "loyalty_events",
                                      "identity_links", "community_actions", "engagements",
                                      "mentions", "costs", "fx_rates"}
    assert report["sources"]["orders"]["quarantined"] == 7   # 6 at load + 1 unconvertible
    # two months of data cannot hold a period with a 90-day pre-period and a 90-day horizon
    assert report["period"]["reason"]
    assert report["roi"] is None and report["roi_reason"]
    assert report["cost"]["total"] is None and report["cost"]["total_reason"]


def test_same_landing_files_twice_give_identical_marts(tmp_path, landing):
    s = Settings.from_env(landing=landing, warehouse=tmp_path / "twice.duckdb")
    assert pipeline.run(s).ok
    first = _marts_checksums(s.warehouse)
    assert pipeline.run(s).ok
    assert _marts_checksums(s.warehouse) == first
    assert len(first) >= 10


def test_a_failed_run_leaves_the_published_data_untouched(tmp_path, landing):
    s = Settings.from_env(landing=landing, warehouse=tmp_path / "safe.duckdb")
    assert pipeline.run(s).ok
    before = s.serving.read_bytes()
    (run_id_before,), = _one(s.serving, "SELECT run_id FROM meta.run")
    broken = replace(s, period_start="not-a-date")   # dbt cannot cast it: the build fails
    result = pipeline.run(broken)
    assert not result.ok and result.status["failed_step"] == "transform"
    assert s.serving.read_bytes() == before
    assert _one(s.serving, "SELECT run_id FROM meta.run") == [(run_id_before,)]
    status = json.loads(s.run_status_file.read_text())
    assert status["status"] == "failed" and status["published"] is False


def test_missing_critical_sources_make_roi_impossible_not_zero(tmp_path, landing):
    import shutil

    for name in ("orders", "engagements"):
        shutil.rmtree(landing / name)
    s = Settings.from_env(landing=landing, warehouse=tmp_path / "partial.duckdb")
    assert pipeline.run(s).ok
    report = build_report(s)
    assert report["roi"] is None
    assert "orders" in report["roi_reason"] and "engagements" in report["roi_reason"]
    assert report["sources"]["orders"]["rows"] == 0
    assert report["sources"]["orders"]["no_data_reason"] == "no files in the landing folder"
