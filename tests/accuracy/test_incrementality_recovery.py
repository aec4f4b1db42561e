"""Recovery of a planted causal effect (issue targets), on synthetic data with strong selection.

Ten seeds x 10,000 customers per scenario (about 40 s in all). The planted truth is computed by
common random numbers (the same potential orders with and without the effect of engaging), see
community_roi.measure.simulate. Targets:
- realistic scenarios: per engaged customer within +-15% of the truth (mean over seeds) and the 90%
  interval covers the truth in at least 80% of runs;
- null scenario: the interval contains zero (>= 80% of runs) and ROI is near -1;
- the naive engaged-minus-not-engaged difference visibly misses (>= 2x the truth, outside the
  interval);
- a channel with too few engaged customers gets NaN figures and a reason.
"""

from __future__ import annotations

import numpy as np
import pytest

from community_roi.measure.simulate import recovery_runs

SEEDS = range(10)
N_CUSTOMERS = 10_000
COST_PER_ENGAGED = 20.0


@pytest.fixture(scope="module", params=["realistic", "shock", "null"])
def runs(request):
    return request.param, recovery_runs(request.param, SEEDS, N_CUSTOMERS, n_boot=200,
                                        cost_per_engaged=COST_PER_ENGAGED)


def _overall(df):
    return df[df.scope == "overall"]


def test_estimate_close_to_truth_and_covered(runs):
    name, df = runs
    o = _overall(df)
    assert len(o) == len(SEEDS) and o.estimate.notna().all()
    if name == "null":
        assert (o.truth == 0).all()
        assert ((o.low <= 0) & (0 <= o.high)).mean() >= 0.8
        assert abs(o.estimate.mean()) < 0.1 * o.naive.mean()
    else:
        rel = o.estimate.mean() / o.truth.mean() - 1
        assert abs(rel) <= 0.15, f"{name}: mean estimate off by {rel:+.1%}"
        assert o.covered.mean() >= 0.8, f"{name}: coverage {o.covered.mean():.0%}"
        assert o.covered_revenue.mean() >= 0.8


def test_null_roi_near_minus_one(runs):
    name, df = runs
    if name != "null":
        pytest.skip("null scenario only")
    o = _overall(df)
    assert abs(o.roi.mean() + 1) < 0.15
    assert ((o.roi_low <= -1) & (-1 <= o.roi_high)).mean() >= 0.8


def test_naive_difference_visibly_misses(runs):
    name, df = runs
    o = _overall(df)
    assert (o.naive > o.high).all()
    if name != "null":
        assert (o.naive >= 2 * o.truth).all()


def test_by_channel_and_action_type(runs):
    name, df = runs
    sub = df[(df.scope != "overall")]
    est = sub[sub.estimate.notna()]
    assert est.covered.mean() >= 0.75, f"{name}: sub-scope coverage {est.covered.mean():.0%}"
    forum = sub[(sub.scope == "channel") & (sub.scope_value == "forum")]
    assert len(forum) == len(SEEDS)
    assert forum.estimate.isna().all() and forum.reason.str.contains("too few").all()
    # big channels are estimated in every run
    ig = sub[(sub.scope == "channel") & (sub.scope_value == "instagram")]
    assert ig.estimate.notna().all() and np.isfinite(ig.low).all()


def test_recorded_loyalty_join_removes_part_of_its_confounding():
    """A measured time-varying confounder (simulate scenario `join`): joining the loyalty
    programme raises purchases for months and makes engaging ten times likelier for 45 days.
    Paired worlds, the same customers and joins, with the join day on record or not: on record
    the estimator compares recent joiners with customers who joined around the same day, off
    record it reads the join's bump as an effect of engaging. Measured 2026-11-25 (6 seeds):
    +20% against +32% of the planted truth; what is left is explained in docs/methodology.md
    (recovery benchmark, "A recorded confounder")."""
    seeds = range(6)
    on = _overall(recovery_runs("join", seeds, N_CUSTOMERS, n_boot=50))
    off = _overall(recovery_runs("join_unrecorded", seeds, N_CUSTOMERS, n_boot=50))
    assert np.allclose(on.truth.to_numpy(), off.truth.to_numpy())   # the same worlds
    err_on = on.estimate.to_numpy() / on.truth.to_numpy() - 1
    err_off = off.estimate.to_numpy() / off.truth.to_numpy() - 1
    assert (err_on < err_off).all(), (err_on, err_off)
    assert err_off.mean() - err_on.mean() > 0.08
    assert err_on.mean() < 0.25
