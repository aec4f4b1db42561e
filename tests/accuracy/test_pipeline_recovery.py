"""Planted truth recovered through the whole pipeline (generator -> load -> dbt -> report)."""

from __future__ import annotations

import pytest

from community_roi.measure.recovery import run_recovery

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("recovery")


def test_realistic_truth_is_inside_the_interval_and_naive_misses(work):
    r = run_recovery(work, "realistic", seed=3, customers=4000)
    assert r.estimate is not None
    assert r.covered, (r.truth, r.low, r.high)
    assert abs(r.error) < 0.35            # one small run; the ±15% target is on the benchmark
    assert r.naive > 2 * r.truth          # selection bias made visible


@pytest.mark.xfail(strict=True, reason=(
    "known bias (docs/methodology.md, Limits: 'still active' selection with loyalty-dependent "
    "churn): the null estimate is about +9 per engaged customer on seed 3; strict, so the fix "
    "must remove this marker"))
def test_null_effect_interval_contains_zero_and_roi_is_near_minus_one(work):
    r = run_recovery(work, "null", seed=3, customers=4000)
    assert r.truth == 0
    assert r.low <= 0 <= r.high
    assert r.naive > 10                   # engaged customers still "buy more": pure selection
    assert r.roi["estimate"] < -0.5 and r.roi["low"] < -0.8
