"""Loader and contract edge cases, on real files read by real DuckDB."""

from __future__ import annotations

import os
import time

import duckdb
import pytest

from community_roi import load, pipeline
from community_roi.load import LOAD_LOG, QUARANTINE


def _load_all(settings):
    return pipeline.load_sources(settings)


def _q(settings, sql, params=None):
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("source, fragment", [
    ("customers", "created_at: cannot read 'not-a-date' as an ISO-8601 timestamp"),
    ("orders", "revenue: -5 out of range (must be >= 0)"),
    ("orders", "status: unknown value 'lost'"),
    ("orders", "customer_id: required value is missing"),
    ("orders", "'1,5' is not a decimal number"),
    ("orders", "missing required column 'revenue'"),
    ("loyalty_members", "'maybe' is not a boolean"),
    ("loyalty_events", "line 3 is not a JSON object"),
    ("loyalty_events", "'2.5' is not a whole number"),
    ("engagements", "sentiment: 3.5 out of range (must be <= 1)"),
    ("costs", "'2024-13' is not a month (YYYY-MM)"),
])
def test_each_quarantine_reason_is_recorded_with_its_row(settings, source, fragment):
    _load_all(settings)
    rows = _q(settings, f"SELECT file, row_number, reason FROM {QUARANTINE} "
                        "WHERE source = ? AND contains(reason, ?)", [source, fragment])
    assert rows, f"no quarantine row for {source}: {fragment}"
    assert all(file.startswith(f"{source}/") and n is not None for file, n, _ in rows)


def test_every_file_reconciles_and_counts_are_exact(settings):
    totals = _load_all(settings)
    assert totals["orders"]["rows_read"] == 12
    assert totals["orders"]["rows_loaded"] == 6
    assert totals["orders"]["rows_quarantined"] == 6
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        assert load.reconcile(con) == []
    finally:
        con.close()


def test_missing_required_column_rejects_the_whole_file_naming_file_and_column(settings):
    totals = _load_all(settings)
    assert totals["orders"]["rejected_files"] == ["orders/dt=2024-04-01/broken_export.csv"]
    (status, read, loaded, message), = _q(
        settings, f"SELECT status, rows_read, rows_loaded, message FROM {LOAD_LOG} "
                  "WHERE file LIKE '%broken_export.csv'")
    assert (status, read, loaded) == ("rejected", 2, 0)
    assert "broken_export.csv" in message and "'revenue'" in message


def test_bom_header_and_leading_zero_ids_survive(settings):
    _load_all(settings)
    ids = [r[0] for r in _q(settings, "SELECT customer_id FROM raw.customers ORDER BY 1")]
    assert ids == ["000123", "000124", "000126"]


def test_timestamps_without_offset_are_read_in_the_configured_zone(settings):
    _load_all(settings)
    got = dict(_q(settings, "SELECT customer_id, created_at FROM raw.customers"))
    # 10:00 Paris in winter is 09:00 UTC; "Z" stays as is; a bare date is local midnight.
    assert got["000123"].isoformat() == "2024-01-05T09:00:00"
    assert got["000124"].isoformat() == "2024-01-06T09:00:00"
    assert got["000126"].isoformat() == "2024-01-31T23:00:00"


def test_timezone_setting_changes_the_reading(tmp_path, landing):
    from community_roi.settings import Settings

    s = Settings.from_env(landing=landing, warehouse=tmp_path / "ny.duckdb")
    s = type(s)(**{**s.__dict__, "timezone": "America/New_York"})
    pipeline.load_sources(s, ("customers",))
    got = dict(_q(s, "SELECT customer_id, created_at FROM raw.customers"))
    assert got["000123"].isoformat() == "2024-01-05T15:00:00"


def test_unknown_value_in_an_enum_with_other_is_mapped_and_counted(settings):
    _load_all(settings)
    assert _q(settings, "SELECT event_type FROM raw.loyalty_events WHERE event_id = 'e2'") \
        == [("other",)]
    (mapped,), = _q(settings, f"SELECT sum(mapped_to_other) FROM {LOAD_LOG} "
                              "WHERE source = 'loyalty_events'")
    assert mapped == 1


def test_extra_columns_are_kept_in_raw(settings):
    _load_all(settings)
    (extra,), = _q(settings, "SELECT _extra FROM raw.customers WHERE customer_id = '000123'")
    assert '"favourite_colour":"blue"' in extra


def test_reloading_the_same_files_changes_nothing(settings):
    _load_all(settings)
    before = _q(settings, "SELECT count(*), sum(hash(o)) FROM raw.orders o")
    log_before = _q(settings, f"SELECT count(*) FROM {LOAD_LOG}")
    second = _load_all(settings)
    assert all(v["new_files"] == 0 for v in second.values())
    assert _q(settings, "SELECT count(*), sum(hash(o)) FROM raw.orders o") == before
    assert _q(settings, f"SELECT count(*) FROM {LOAD_LOG}") == log_before


def test_a_changed_file_replaces_what_it_loaded_before(settings, landing):
    _load_all(settings)
    f = landing / "customers" / "customers.csv"
    f.write_text("customer_id,created_at\n000999,2024-05-01 10:00:00\n", encoding="utf-8")
    os.utime(f, ns=(time.time_ns(), time.time_ns()))
    pipeline.load_sources(settings, ("customers",))
    assert _q(settings, "SELECT customer_id FROM raw.customers") == [("000999",)]
    assert _q(settings, f"SELECT count(*) FROM {QUARANTINE} WHERE source = 'customers'") == [(0,)]


def test_newest_partition_wins_in_raw_order(settings):
    _load_all(settings)
    rows = _q(settings, "SELECT revenue, _file_order FROM raw.orders WHERE order_id = 'o2' "
                        "ORDER BY _file_order DESC")
    assert [r[0] for r in rows] == [55.0, 50.0]


def test_missing_source_folder_is_reported_not_fatal(settings, landing):
    import shutil

    shutil.rmtree(landing / "mentions")
    totals = _load_all(settings)
    assert totals["mentions"]["missing"] is True
    assert totals["orders"]["missing"] is False


def test_unsupported_files_are_listed_not_loaded(settings, landing):
    (landing / "orders" / "notes.txt").write_text("hello")
    res = load.load_source(load.connect_writer(settings), settings, "orders")
    ignored = [f for f in res.files if f.status == "ignored"]
    assert [f.file for f in ignored] == ["orders/notes.txt"]
