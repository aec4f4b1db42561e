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
    # one small run: its standard error is about 30% of the truth, so the +-15% target is checked
    # by make accuracy at 40,000 customers. Here: an informative interval, and most of the
    # selection bias removed (the naive figure is about 3x the truth)
    assert r.high - r.low < r.truth, (r.low, r.high)
    assert abs(r.estimate - r.truth) < abs(r.naive - r.truth) / 4, (r.estimate, r.naive)
    assert r.naive > 2 * r.truth          # selection bias made visible


def test_null_effect_intervals_contain_zero_and_roi_is_near_minus_one(work):
    """No planted effect: a 90% interval may miss 0 one time in ten, so three seeds are run and
    two must contain it; every ROI must sit near -1 and the naive gap must stay large."""
    runs = [run_recovery(work, "null", seed=seed, customers=4000) for seed in (1, 2, 3)]
    assert all(r.truth == 0 for r in runs)
    contain = [r.low <= 0 <= r.high for r in runs]
    assert sum(contain) >= 2, [(r.estimate, r.low, r.high) for r in runs]
    assert all(r.naive > 10 for r in runs)      # engaged customers still "buy more": selection
    assert all(r.roi["estimate"] < -0.4 and r.roi["low"] < -0.8 for r in runs), \
        [r.roi for r in runs]
    assert sum(r.roi["estimate"] for r in runs) / 3 < -0.7
