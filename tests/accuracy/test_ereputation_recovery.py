"""Planted e-reputation events and the retention effect recovered through the pipeline (issue 4).

Three demo worlds, all 20 months long:
- the realistic world of tests/dbt/test_ereputation.py (seed 7, 4,000 customers, whole pipeline,
  built once per session and shared), 4 planted events (2 rumours, 2 buzzes);
- a null-scenario world with another seed (seed 11, 2,500 customers), of which only the sources
  and models the event detection needs are loaded and built (mentions, orders, fx rates ->
  rpt_reputation_events), to keep the suite fast; 4 planted events;
- a realistic world of 80,000 customers (seed 7) for the retention uplift's +-20% target, of which
  only the sources and models rpt_retention_curves needs are loaded and built (about 45 s of
  CPU).

Targets: every planted event found with the right kind, start and peak within 1 day; at most one
false event per year of data; the 90-day retention uplift within +-20% of the planted uplift, its
90% interval covering it.

Why +-20% is asserted on 80,000 customers and not on the 4,000 of the shared world: the planted
uplift is the realised difference between the engaged customers' actual retention and their
counterfactual one (common random numbers), and the counterfactual half is one unobservable coin
flip per customer. On 100 seeds of 4,000 customers, a "rate oracle" that knows every customer's
true buying rate, churn date and the calendar lands within +-20% in 49% of worlds, an oracle that
also knows the generator's coupling of the two worlds in 81%, our estimator in 40% (error SD
0.027). At 80,000 customers our estimator is within +-20% in 96% of 100 seeds (error SD 0.0063,
bias -1.6%). On the 4,000-customer world the tests assert what holds there in 94% of seeds or
more: interval coverage (97%), a non-vacuous interval and an error below 0.05.
`benchmarks/retention_recovery.py --replay` reproduces these figures: the 100-seed figures are
the SQL's rules replayed in Python, which matched the dbt models within 0.004 on 20 seeds run
through dbt (docs/ereputation.md, "Measured recovery").
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from community_roi.settings import Settings

pytestmark = pytest.mark.slow

END = dt.date(2026, 11, 23)
NULL_WORLD = {"scenario": "null", "seed": 11, "customers": 2500, "end_date": END}
RETENTION_WORLD = {"scenario": "realistic", "seed": 7, "customers": 80000, "end_date": END}


# `world` (the shared realistic demo world, built once per session) is in tests/conftest.py.


def _partial_world(root, world: dict, sources: tuple[str, ...], select: str):
    """Generate a world, load only `sources` and `dbt run` only `select` and its parents (the
    tests of those models run on the main world)."""
    from community_roi import pipeline
    from community_roi.demo import generate

    truth = generate(root / "landing", **world)
    s = Settings.from_env(landing=root / "landing", warehouse=root / "warehouse.duckdb", home=root)
    pipeline.load_sources(s, sources=sources)
    result = pipeline.invoke_dbt(s, "run", "--select", select, "--quiet", "--no-use-colors")
    assert result.success, result.exception
    return s, truth


@pytest.fixture(scope="module")
def null_world(tmp_path_factory):
    """Only what event detection reads: three sources loaded, rpt_reputation_events and its
    parents built."""
    return _partial_world(tmp_path_factory.mktemp("ereputation_null"), NULL_WORLD,
                          ("orders", "fx_rates", "mentions"), "+rpt_reputation_events")


@pytest.fixture(scope="module")
def retention_world(tmp_path_factory):
    """Only what the retention curves read (dim_calendar's other sources may stay empty)."""
    return _partial_world(tmp_path_factory.mktemp("retention_80k"), RETENTION_WORLD,
                          ("customers", "orders", "fx_rates", "engagements", "identity_links",
                           "loyalty_members"), "+rpt_retention_curves")


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
    assert (high - low) / 2 <= 0.08, row          # covering, but not by being vacuous
    assert abs(uplift - planted) <= 0.05, (planted, row)   # ~1.8 error SDs at 4,000 customers
    # the same engaged customers against all not-yet-engaged customers: selection, not effect
    assert engaged - naive > 3 * planted


def test_retention_uplift_is_within_20_percent_of_planted(retention_world):
    """The issue's target, on a world large enough for it to hold in 96% of seeds (module
    docstring); the seed is the project's usual 7, not one picked to pass."""
    s, truth = retention_world
    con = duckdb.connect(str(s.warehouse), read_only=True)
    try:
        row = con.execute("""
            SELECT retention_engaged, retention_uplift, retention_uplift_low,
                   retention_uplift_high, evaluated_customers
            FROM marts.rpt_retention_curves WHERE horizon_days = 90""").fetchone()
    finally:
        con.close()
    engaged, uplift, low, high, evaluated = row
    planted = truth["retention"]
    assert evaluated > 5000
    assert engaged == pytest.approx(planted["retention_90d_engaged"], abs=1e-4)  # observed
    assert abs(uplift - planted["retention_90d_uplift"]) <= 0.2 * planted["retention_90d_uplift"], (
        planted, row)
    assert low <= planted["retention_90d_uplift"] <= high, (planted, row)
