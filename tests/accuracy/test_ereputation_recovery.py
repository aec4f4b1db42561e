"""Planted e-reputation events and the retention effect recovered through the pipeline (issue 4).

Two demo worlds:
- the realistic world of tests/dbt/test_ereputation.py (seed 7, 4,000 customers, whole pipeline,
  built once per session and shared);
- a null-scenario world with another seed (seed 11, 2,500 customers), of which only the sources
  and models the event detection needs are loaded and built (mentions, orders, fx rates ->
  rpt_reputation_events), to keep the suite fast.
Both span 20 months with 4 planted events (2 rumours, 2 buzzes) in each.

Targets: every planted event found with the right kind, start and peak within 1 day; at most one
false event per year of data; the retention uplift's 90% interval covers the planted uplift and the
estimate is within 0.05 of it (see docs/ereputation.md for why +-20% cannot be promised on one
world of this size: the sampling error alone is about +-0.03).
"""

from __future__ import annotations

import datetime as dt
import os

import duckdb
import pytest

from community_roi.settings import Settings

pytestmark = pytest.mark.slow

NULL_WORLD = {"scenario": "null", "seed": 11, "customers": 2500, "end_date": dt.date(2026, 11, 23)}


# `world` (the shared realistic demo world, built once per session) is in tests/conftest.py.


@pytest.fixture(scope="module")
def null_world(tmp_path_factory):
    """Only what event detection reads: three sources loaded, rpt_reputation_events and its
    parents built (dbt run; the tests of those models run on the main world)."""
    from dbt.cli.main import dbtRunner

    from community_roi import pipeline
    from community_roi.demo import generate

    root = tmp_path_factory.mktemp("ereputation_null")
    truth = generate(root / "landing", **NULL_WORLD)
    s = Settings.from_env(landing=root / "landing", warehouse=root / "warehouse.duckdb", home=root)
    pipeline.load_sources(s, sources=("orders", "fx_rates", "mentions"))
    saved = {k: os.environ.get(k) for k in s.dbt_env()}
    os.environ.update(s.dbt_env())
    try:
        result = dbtRunner().invoke(pipeline.dbt_args(
            s, "run", "--select", "+rpt_reputation_events", "--quiet", "--no-use-colors"))
    finally:
        pipeline._release_dbt_connection()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert result.success, result.exception
    return s, truth


def _events(s: Settings) -> list[tuple]:
    con = duckdb.connect(str(s.warehouse), read_only=True)
    try:
        return con.execute("SELECT kind, start_date, peak_date, end_date, sales_effect_margin, "
                           "sales_effect_low, sales_effect_high FROM marts.rpt_reputation_events "
                           "ORDER BY start_date").fetchall()
    finally:
        con.close()


def _match(planted: dict, found: list[tuple]) -> tuple | None:
    start = dt.date.fromisoformat(planted["start"])
    near = [e for e in found if abs((e[1] - start).days) <= 7]
    return near[0] if near else None


def _years(truth: dict) -> float:
    days = (dt.date.fromisoformat(truth["end_date"])
            - dt.date.fromisoformat(truth["start_date"])).days + 1
    return days / 365.25


@pytest.mark.parametrize("which", ["realistic_seed7", "null_seed11"])
def test_every_planted_event_is_found_with_its_kind_and_dates(which, request):
    s, truth = request.getfixturevalue("world" if which == "realistic_seed7" else "null_world")
    found = _events(s)
    assert len(truth["events"]) == 4
    for planted in truth["events"]:
        got = _match(planted, found)
        assert got is not None, (planted, found)
        kind, start, peak, end = got[:4]
        assert kind == planted["kind"], (planted, got)
        assert abs((start - dt.date.fromisoformat(planted["start"])).days) <= 1, (planted, got)
        assert abs((peak - dt.date.fromisoformat(planted["peak"])).days) <= 1, (planted, got)
        assert abs((end - dt.date.fromisoformat(planted["end"])).days) <= 2, (planted, got)


@pytest.mark.parametrize("which", ["realistic_seed7", "null_seed11"])
def test_at_most_one_false_event_per_year(which, request):
    s, truth = request.getfixturevalue("world" if which == "realistic_seed7" else "null_world")
    found = _events(s)
    planted_starts = [dt.date.fromisoformat(e["start"]) for e in truth["events"]]
    false = [e for e in found if all(abs((e[1] - p).days) > 7 for p in planted_starts)]
    assert len(false) / _years(truth) <= 1.0, false


def test_sales_effect_intervals_are_honest(world):
    """No accuracy target was set for the sales effect; the interval must at least cover the
    planted effect (computed by the generator with common random numbers) for most events."""
    s, truth = world
    found = _events(s)
    covered = 0
    for planted in truth["events"]:
        *_, effect, low, high = _match(planted, found)
        assert effect is not None and low < effect < high
        covered += low <= planted["sales_effect_margin"] <= high
    assert covered >= 3


def test_retention_uplift_is_recovered_and_the_naive_comparison_is_not(world):
    s, truth = world
    con = duckdb.connect(str(s.warehouse), read_only=True)
    try:
        row = con.execute("""
            SELECT retention_90d_engaged, retention_90d_matched_not_engaged, retention_90d_uplift,
                   retention_90d_uplift_low, retention_90d_uplift_high,
                   retention_90d_not_engaged_naive
            FROM marts.rpt_loyalty_summary""").fetchone()
    finally:
        con.close()
    engaged, matched, uplift, low, high, naive = row
    planted = truth["retention"]["retention_90d_uplift"]
    assert planted > 0.03
    assert uplift == pytest.approx(engaged - matched)
    assert low <= planted <= high, (planted, row)
    assert abs(uplift - planted) <= 0.05, (planted, row)
    # the same engaged customers against all not-yet-engaged customers: selection, not effect
    assert engaged - naive > 3 * planted
