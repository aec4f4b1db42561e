"""Unit tests of the incrementality estimator.

The central check is an independent brute-force reference (dense per-customer day arrays, plain
loops over cohorts: only workable on small data) of the same estimator, with customer weights. The
fast SQL + numpy implementation must reproduce its point estimates exactly, and its influence
function must equal the reference's derivative in the customer weights (which is what the
multiplier bootstrap relies on).
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
import pytest

from community_roi.measure.incrementality import (
    ACQUISITION_DAYS,
    COLUMNS,
    FREQUENCY_CAP,
    JOIN_RECENT_DAYS,
    JOIN_WINDOW_DAYS,
    RECENCY_DAYS,
    estimate_incrementality,
    roi_interval,
    run_incrementality,
)
from community_roi.measure.simulate import SIM_PERIOD, scenario, simulate

PS, PE = SIM_PERIOD
H, G, P = 90, 30, 365
MIN_POOL = 25


@pytest.fixture(scope="module", params=["realistic", "join"])
def small(request):
    """A small world; `join` adds loyalty-programme joins (time-varying confounder, on record)."""
    # most customers join in `join`, so that 1,500 customers fill join-day windows of MIN_POOL
    kw = {"join_share": 0.9} if request.param == "join" else {}
    sim = simulate(scenario(request.param, 1500, **kw), seed=3)
    con = duckdb.connect()
    sim.load(con)
    return sim, con


@pytest.fixture(scope="module")
def small_result(small):
    _sim, con = small
    return run_incrementality(con, "orders", "customers", period_start=PS, period_end=PE,
                              n_boot=50, seed=1, min_engaged=5, min_pool_controls=MIN_POOL,
                              keep_influence=True)


# -- independent reference ------------------------------------------------------------------
class Reference:
    """Brute-force version of the documented estimator (docs/methodology.md, appendix)."""

    def __init__(self, customers: pd.DataFrame, orders: pd.DataFrame, min_pool: int,
                 alive: pd.DataFrame | None = None):
        c = customers.sort_values("customer_id").reset_index(drop=True)
        self.n = len(c)
        months = pd.date_range(PS, PE, freq="MS")
        self.months = [(m.date(), min((m + pd.offsets.MonthEnd(0)).date(), PE)) for m in months]
        self.day0 = self.months[0][0] - timedelta(days=P)
        D = (self.months[-1][1] - self.day0).days + H + 1

        def days(s):
            return (pd.to_datetime(s) - pd.Timestamp(self.day0)).dt.days.to_numpy(float)

        self.created = days(c.created_date)
        self.cohort = days(c.cohort_date)
        self.joined = days(c.loyalty_joined_date)
        pos = pd.Series(np.arange(self.n), index=c.customer_id)
        od = days(orders.order_date).astype(int)
        keep = (od >= 0) & (od < D)
        j = pos[orders.customer_id].to_numpy()
        # acquisition order: the first order, at most ACQUISITION_DAYS after the creation date
        first = orders.groupby("customer_id").order_date.transform("min")
        created = orders.customer_id.map(c.set_index("customer_id").created_date)
        acq = ((orders.order_date == first) & (pd.to_datetime(first) <= pd.to_datetime(created)
               + pd.Timedelta(days=ACQUISITION_DAYS))).to_numpy()

        def grid(values, rows):  # customer x day sums of `values` over the selected orders
            out = np.zeros((self.n, D))
            np.add.at(out, (j[rows], od[rows]), values[rows])
            return out

        M = grid(orders.gross_margin.to_numpy(), keep)
        R = grid(orders.revenue.to_numpy(), keep)
        rep_rows = keep & ~acq  # repeat orders: the pre-period baselines use only these
        M_rep = grid(orders.gross_margin.to_numpy(), rep_rows)
        R_rep = grid(orders.revenue.to_numpy(), rep_rows)
        N = grid(np.ones(len(orders)), rep_rows)  # repeat orders per customer and day
        self.C = {"margin": np.hstack([np.zeros((self.n, 1)), M.cumsum(1)]),
                  "revenue": np.hstack([np.zeros((self.n, 1)), R.cumsum(1)])}
        # calendar parity q: fold f pools on parity-f order days and sums parity-(1-f) margins
        par = (np.arange(D) + (self.day0 - date(1970, 1, 1)).days) % 2

        def cum(a):
            return np.hstack([np.zeros((self.n, 1)), a.cumsum(1)])

        self.Cpar = {meas: [cum(V * (par == q)) for q in (0, 1)]
                     for meas, V in (("margin", M_rep), ("revenue", R_rep))}
        self.order_days = N > 0
        self.par = par
        self.seg = c.segment.fillna("(none)").to_numpy()
        self.cty = c.country.fillna("(none)").to_numpy()
        self.channel = c.first_channel.fillna("(unknown)").to_numpy()
        self.action = c.first_action_type.fillna("(unknown)").to_numpy()
        self.customer_id = c.customer_id.to_numpy()
        self.min_pool = min_pool
        # P(alive at the month's first day) per (month, customer), weighting comparison
        # customers' pre-period (taken from the run: the model is tested on its own below)
        self.alive = np.ones((len(self.months), self.n))
        if alive is not None:
            self.alive[alive.g.to_numpy(), alive.idx.to_numpy()] = alive.w.to_numpy()
        self.lo_days = [(lo_d - self.day0).days for lo_d, _ in self.months]
        self.order_rows = (j, od, rep_rows)
        self._setup()

    def _band(self, lo, hi):
        cr = self.created
        return np.select([np.isnan(cr) | (cr <= lo - 365), cr <= lo - 180, cr <= lo - 60,
                          cr <= lo - 30], ["h365", "h180", "h060", "h030"], "new")

    def _setup(self):
        """Treated customers, their pools (member index arrays) and naive pools."""
        self.treated = []   # (i, c, members or None, naive_members)
        self.treated_g = []
        for g, (lo_d, hi_d) in enumerate(self.months):
            lo, hi = (lo_d - self.day0).days, (hi_d - self.day0).days
            band = self._band(lo, hi)
            coh = self.cohort
            elig = np.isnan(coh) | (coh >= hi + H + G)
            naive = (np.isnan(coh) | (coh >= hi + H)) & (np.isnan(self.created)
                                                         | (self.created < hi + H))
            jn = self.joined
            status = np.select([np.isnan(jn) | (jn > hi), jn < lo - JOIN_RECENT_DAYS],
                               ["n", "jold"], "w")   # comparison customers: by the month's end
            for i in np.flatnonzero((coh >= lo) & (coh <= hi)):
                members = None
                # the engaged customer's own status: at the cohort date
                own = ("n" if np.isnan(jn[i]) or jn[i] > coh[i] else
                       "jold" if jn[i] < lo - JOIN_RECENT_DAYS else "w")
                if band[i] != "new":
                    members = [self._pool(i, f, lo, band, elig, status, own) for f in (0, 1)]
                    if any(m is None for m in members):
                        members = None
                self.treated.append((i, int(coh[i]), members, np.flatnonzero(naive)))
                self.treated_g.append(g)

    def _loyalty(self, f, lo):
        """Loyalty band on parity-f repeat-order days of [lo - P, lo) (the anticipation gap
        included, the cohort month not): 0 if none, else frequency (1, 2, 3+) x recency band
        (<= 30, <= 90, <= 180, older days before lo); coarse: none / recent (<= 30) / not."""
        days = self.order_days[:, lo - P:lo] & (self.par[lo - P:lo] == f)
        n = days.sum(1)
        last = np.where(n > 0, (lo - P) + days.shape[1] - 1 - np.argmax(days[:, ::-1], 1), 0)
        rec = lo - last
        rband = np.searchsorted(np.asarray(RECENCY_DAYS), rec, side="left")
        loy = np.where(n == 0, 0, 1 + (np.minimum(n, FREQUENCY_CAP) - 1) * (len(RECENCY_DAYS) + 1)
                       + rband)
        coarse = np.where(n == 0, 0, np.where(rec <= RECENCY_DAYS[0], 1, 2))
        return loy, coarse

    def _pool(self, i, f, lo, band, elig, status, own):
        """Fold f's pool of treated customer i: the finest level with enough customers. A recent
        joiner is first compared with customers (of any tenure band but 'new') who joined
        within each of JOIN_WINDOW_DAYS of their join day."""
        loy, coarse = self._loyalty(f, lo)
        windows = []
        if own == "w":
            near = np.abs(self.joined - self.joined[i])
            windows = [elig & (band != "new") & (near <= w) for w in JOIN_WINDOW_DAYS]
        same_b0 = elig & (band == band[i])
        same_b = same_b0 & (status == own)
        same_l = same_b & (loy == loy[i])
        same_l2 = same_b & (coarse == coarse[i])
        same_s = self.seg == self.seg[i]
        for cand in (*windows, same_l & same_s & (self.cty == self.cty[i]), same_l & same_s,
                     same_l, same_l2, same_b, same_b0):
            if cand.sum() >= self.min_pool:
                return np.flatnonzero(cand)
        return None

    def estimate(self, w=None, measure="margin"):
        """{scope key: ATT} with customer weights w (the Poisson bootstrap's weights)."""
        w = np.ones(self.n) if w is None else w
        C = self.C[measure]
        rows = []
        for (i, c, pools, _), g in zip(self.treated, self.treated_g):
            if pools is None:
                continue
            y = C[i, c + H] - C[i, c]
            cf = 0.0
            for f, members in enumerate(pools):  # mean of the two folds' counterfactuals
                Co = self.Cpar[measure][1 - f]
                x = Co[i, c - G] - Co[i, c - P]
                post = C[members, c + H] - C[members, c]
                pre = (Co[members, c - G] - Co[members, c - P]) * self.alive[g, members]
                a, b = w[members] @ post, w[members] @ pre
                cf += 0.5 * (x * a / b if b > 0 else a / w[members].sum())
            rows.append((i, w[i], y - cf))
        return self._by_scope(rows)

    def naive(self, measure="margin"):
        C = self.C[measure]
        rows = [(i, 1.0, (C[i, c + H] - C[i, c]) - (C[nm, c + H] - C[nm, c]).mean())
                for i, c, _, nm in self.treated]
        return self._by_scope(rows)

    def _by_scope(self, rows):
        i = np.array([r[0] for r in rows])
        w = np.array([r[1] for r in rows])
        e = np.array([r[2] for r in rows])
        out = {("overall", "all"): (w @ e) / w.sum()}
        for scope, lab in (("channel", self.channel), ("action_type", self.action)):
            for v in np.unique(lab[i]):
                m = lab[i] == v
                out[(scope, v)] = (w[m] @ e[m]) / w[m].sum()
        return out


@pytest.fixture(scope="module")
def reference(small, small_result):
    sim, _ = small
    return Reference(sim.customers, sim.orders, MIN_POOL, small_result.p_alive)


# -- tests ----------------------------------------------------------------------------------
def test_shape_and_columns(small_result):
    t = small_result.table
    assert list(t.columns) == COLUMNS
    assert set(t.scope) == {"overall", "channel", "action_type"}
    assert (t[t.scope == "overall"].scope_value == "all").all()
    assert len(t[t.scope == "overall"]) == 1
    ok = t[t.reason.isna()]
    assert np.allclose(ok.incremental_margin_estimate,
                       ok.per_customer_estimate * ok.engaged_customers)
    assert np.allclose(ok.incremental_margin_low, ok.per_customer_low * ok.engaged_customers)
    assert (ok.per_customer_low <= ok.per_customer_estimate).all()
    assert (ok.per_customer_estimate <= ok.per_customer_high).all()
    assert (ok.incremental_revenue_low <= ok.incremental_revenue_high).all()
    assert (t.comparison_customers[t.reason.isna()] > 0).all()


def test_point_estimates_match_brute_force_reference(small_result, reference):
    t = small_result.table.set_index(["scope", "scope_value"])
    for measure, col in (("margin", "per_customer_estimate"),
                         ("revenue", "per_customer_revenue_estimate")):
        ref = reference.estimate(measure=measure)
        got = small_result.influence["estimate"][measure]
        for k, (scope, value) in enumerate(small_result.influence["scopes"]):
            assert got[k] == pytest.approx(ref[(scope, value)], rel=1e-9, abs=1e-9)
            if pd.notna(t.loc[(scope, value), col]):
                assert t.loc[(scope, value), col] == pytest.approx(ref[(scope, value)], rel=1e-9)


def test_naive_matches_reference(small_result, reference):
    t = small_result.table.set_index(["scope", "scope_value"])
    ref = reference.naive()
    for key, v in ref.items():
        assert t.loc[key, "naive_per_customer"] == pytest.approx(v, rel=1e-9)


def test_influence_function_is_the_derivative_in_customer_weights(small_result, reference):
    """The multiplier bootstrap draws ATT + sum_j xi_j psi_j: psi must be d ATT / d w_j."""
    inf = small_result.influence
    assert list(inf["customer_id"]) == list(reference.customer_id)
    rng = np.random.default_rng(0)
    xi = rng.normal(size=reference.n)
    eps = 1e-4
    for measure in ("margin", "revenue"):
        up = reference.estimate(1 + eps * xi, measure)
        down = reference.estimate(1 - eps * xi, measure)
        for k, key in enumerate(inf["scopes"]):
            fd = (up[key] - down[key]) / (2 * eps)
            assert xi @ inf[measure][:, k] == pytest.approx(fd, rel=1e-5, abs=1e-8)


def test_deterministic_given_seed(small):
    _, con = small
    kw = {"period_start": PS, "period_end": PE, "n_boot": 40, "min_engaged": 5}
    a = estimate_incrementality(con, "orders", "customers", seed=7, **kw)
    b = estimate_incrementality(con, "orders", "customers", seed=7, **kw)
    c = estimate_incrementality(con, "orders", "customers", seed=8, **kw)
    pd.testing.assert_frame_equal(a, b)
    assert np.allclose(a.per_customer_estimate, c.per_customer_estimate, equal_nan=True)
    assert not np.allclose(a.per_customer_low, c.per_customer_low, equal_nan=True)


def test_bootstrap_draws_do_not_move_when_one_customer_changes_negligibly(small, small_result):
    """Each customer keeps its bootstrap draw whatever the values: a comparison customer with no
    orders (influence exactly 0) who gains a negligible order must not shift every other
    customer's draw (that made intervals depend on floating-point rounding, i.e. on DuckDB's
    thread scheduling)."""
    sim, _ = small
    inf = small_result.influence
    silent = np.flatnonzero((np.abs(inf["margin"]).sum(1) == 0) & (np.abs(inf["revenue"]).sum(1)
                                                                    == 0))
    members = np.intersect1d(silent, inf["pools"]["member_idx"])
    assert members.size, "fixture has no pool member without orders: pick another seed"
    who = str(inf["customer_id"][members[0]])
    kw = {"period_start": PS, "period_end": PE, "n_boot": 50, "seed": 1, "min_engaged": 5,
          "min_pool_controls": MIN_POOL}
    con = duckdb.connect()
    sim.load(con)
    before = estimate_incrementality(con, "orders", "customers", **kw)
    # after the last month's first day: inside late cohorts' outcome windows, outside every
    # loyalty band's window (an order there, however small, would move the customer's band)
    con.execute("insert into orders values ('tiny-1', ?, ?, 1e-9, 1e-9)",
                [who, PE + timedelta(days=30)])
    after = estimate_incrementality(con, "orders", "customers", **kw)
    assert before.per_customer_estimate.iloc[0] != after.per_customer_estimate.iloc[0]
    for col in ("per_customer_low", "per_customer_high", "incremental_revenue_low"):
        np.testing.assert_allclose(after[col], before[col], rtol=0, atol=1e-6, equal_nan=True)


def test_too_few_customers_gives_nan_with_reason_never_zero(small):
    _sim, con = small
    t = estimate_incrementality(con, "orders", "customers", period_start=PS, period_end=PE,
                                n_boot=20, min_engaged=30)
    forum = t[(t.scope == "channel") & (t.scope_value == "forum")].iloc[0]
    assert forum.engaged_customers < 30
    assert forum.reason and "too few engaged customers" in forum.reason
    for col in ("per_customer_estimate", "per_customer_low", "per_customer_high",
                "incremental_margin_estimate", "incremental_revenue_estimate"):
        assert np.isnan(forum[col])
    assert t[t.scope == "overall"].reason.isna().all()


def test_incomplete_post_period_and_empty_period(small):
    sim, con = small
    last = pd.Timestamp(sim.orders.order_date.max()).date()
    t = estimate_incrementality(con, "orders", "customers", period_start=PS,
                                period_end=last - timedelta(days=10), n_boot=10)
    assert t.per_customer_estimate.isna().all()
    assert "post-period incomplete" in t.reason.iloc[0]
    con.execute("create or replace table customers_none as select * replace "
                "(null::date as cohort_date) from customers")
    t = estimate_incrementality(con, "orders", "customers_none", period_start=PS,
                                period_end=PE, n_boot=10)
    assert t.per_customer_estimate.isna().all()
    assert "no engaged customer" in t.reason.iloc[0]
    t = estimate_incrementality(con, "orders", "customers", period_start=PS, period_end=PE,
                                n_boot=10, pre_days=40)
    assert "pre-period too short" in t.reason.iloc[0]


def test_string_dates_and_bad_table_names(small):
    _, con = small
    t = estimate_incrementality(con, "orders", "customers", period_start=PS.isoformat(),
                                period_end=PE.isoformat(), n_boot=10)
    assert t.reason.iloc[0] is None or pd.isna(t.reason.iloc[0])
    with pytest.raises(ValueError):
        estimate_incrementality(con, "orders; drop table orders", "customers",
                                period_start=PS, period_end=PE)
    with pytest.raises(ValueError):
        estimate_incrementality(con, "orders", "customers", period_start=PE, period_end=PS)


def test_no_temp_tables_left_behind(small):
    _, con = small
    before = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    estimate_incrementality(con, "orders", "customers", period_start=PS, period_end=PE, n_boot=5)
    after = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert after == before


def test_not_yet_engaged_are_never_compared_inside_their_own_window(small, small_result):
    """A comparison customer engages no earlier than the window end plus the buffer: checked
    on the pools the estimator built, against the customers' cohort dates."""
    sim, _ = small
    pools = small_result.influence["pools"]
    ids = small_result.influence["customer_id"]
    cohort = sim.customers.set_index("customer_id").cohort_date
    day = (pd.to_datetime(cohort.reindex(ids).to_numpy())
           - pd.Timestamp(pools["day0"])).days.to_numpy(float)      # NaN: never engaged
    members = pd.DataFrame({"p": pools["member_pool"], "member": pools["member_idx"]})
    checked = 0
    for f in (0, 1):
        pairs = pd.DataFrame({"p": pools["treated_pool"][f], "c": pools["treated_day"]}).merge(
            members, on="p")
        coh = day[pairs["member"].to_numpy()]
        assert np.all(np.isnan(coh) | (coh >= pairs["c"].to_numpy() + H + G))
        checked += len(pairs)
    assert checked > 1000


def test_roi_interval():
    draws = np.array([80.0, 100.0, 120.0, 140.0, 60.0])
    r = roi_interval(100.0, draws, 50.0)
    assert r["estimate"] == pytest.approx(1.0)
    assert r["low"] < r["estimate"] < r["high"]
    lo, hi = np.quantile((draws - 50) / 50, [0.05, 0.95])
    assert (r["low"], r["high"]) == pytest.approx((lo, hi))
    r0 = roi_interval(100.0, draws, 0.0)
    assert r0["estimate"] is None and "cost" in r0["reason"]
    rn = roi_interval(float("nan"), draws, 50.0, reason="too few engaged customers: 3 < 30")
    assert rn["estimate"] is None and rn["reason"].startswith("too few")


def test_result_roi_uses_the_same_draws(small_result):
    t = small_result.table
    o = t[t.scope == "overall"].iloc[0]
    cost = 1000.0
    r = small_result.roi(cost)
    assert r["estimate"] == pytest.approx((o.incremental_margin_estimate - cost) / cost)
    assert r["low"] == pytest.approx((o.incremental_margin_low - cost) / cost)
    assert r["high"] == pytest.approx((o.incremental_margin_high - cost) / cost)
    df = small_result.draws_frame()
    assert set(df.columns) == {"scope", "scope_value", "draw", "incremental_margin",
                               "incremental_revenue"}
    assert (df.groupby(["scope", "scope_value"]).size() == 50).all()


def test_naive_is_far_from_estimate_under_selection(small_result):
    o = small_result.table.iloc[0]
    assert o.naive_per_customer > o.per_customer_high


def test_nobody_comparable_gives_reasons_not_zeros(small):
    _, con = small
    t = estimate_incrementality(con, "orders", "customers", period_start=PS, period_end=PE,
                                n_boot=10, min_pool_controls=10**9)
    assert (t.matched_customers == 0).all()
    assert t.per_customer_estimate.isna().all()
    assert t.reason.notna().all()
    o = t[t.scope == "overall"].iloc[0]
    assert "comparable" in o.reason
    assert np.isfinite(o.naive_per_customer)


def test_level_fallback_when_pool_has_no_pre_period_margin():
    """No orders at all before 2024-01-01 minus 30 days: January cohorts' pools have no
    pre-period margin, so they fall back to a post-period level comparison. Point estimates and
    the influence function must still match the reference."""
    sim = simulate(scenario("realistic", 1200), seed=5)
    cut = PS - timedelta(days=G)
    orders = sim.orders[pd.to_datetime(sim.orders.order_date) >= pd.Timestamp(cut)]
    con = duckdb.connect()
    con.register("o_df", orders)
    con.register("c_df", sim.customers)
    con.execute("create table orders as select order_id, customer_id, order_date::date as "
                "order_date, revenue, gross_margin from o_df")
    con.execute("create table customers as select customer_id, created_date::date as "
                "created_date, cohort_date::date as cohort_date, first_channel, "
                "first_action_type, country, segment, age_band from c_df")
    res = run_incrementality(con, "orders", "customers", period_start=PS, period_end=PE,
                             n_boot=20, min_engaged=5, min_pool_controls=MIN_POOL, pre_days=P,
                             keep_influence=True)
    assert res.per_treated.level_comparison.any()
    ref = Reference(sim.customers, orders, MIN_POOL)
    est = ref.estimate()
    for k, key in enumerate(res.influence["scopes"]):
        assert res.influence["estimate"]["margin"][k] == pytest.approx(est[key], rel=1e-9)
    xi = np.random.default_rng(1).normal(size=ref.n)
    eps = 1e-4
    up, down = ref.estimate(1 + eps * xi), ref.estimate(1 - eps * xi)
    for k, key in enumerate(res.influence["scopes"]):
        fd = (up[key] - down[key]) / (2 * eps)
        assert xi @ res.influence["margin"][:, k] == pytest.approx(fd, rel=1e-5, abs=1e-8)


# -- "still active" weights ------------------------------------------------------------------
def _synthetic_alive(params, x, tx, T, a):
    """A stand-in for the model: any smooth function of the history exercises the weighting."""
    return 0.2 + 0.8 / (1.0 + 0.3 * x + tx + 0.1 * T + 0.2 * a)


@pytest.fixture(scope="module")
def weighted(small):
    """A run whose comparison customers carry weights well away from 1 (the simulated worlds have
    no churn, so the fitted model would give weights of about 1 there)."""
    from community_roi.measure import incrementality as inc
    sim, con = small
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(inc, "PNBD_MIN_CUSTOMERS", 1)
        mp.setattr(inc.pnbd, "p_alive", _synthetic_alive)
        res = run_incrementality(con, "orders", "customers", period_start=PS, period_end=PE,
                                 n_boot=50, seed=1, min_engaged=5, min_pool_controls=MIN_POOL,
                                 keep_influence=True)
    assert res.pnbd_params is not None
    return res, Reference(sim.customers, sim.orders, MIN_POOL, res.p_alive)


def test_alive_weights_come_from_each_comparison_customers_history(weighted):
    """x = repeat-order days in [seen, lo) with seen = max(created, first day the run reads), the
    last one's day and the ages at lo and when first seen, all from creation; recomputed here
    from the reference's dense arrays."""
    res, ref = weighted
    a = res.p_alive
    assert len(a) > 0 and a.w.min() < 0.9
    j, od, rep = ref.order_rows
    days = np.zeros((ref.n, int(od.max()) + 1), dtype=bool)
    days[j[rep], od[rep]] = True
    birth = np.nan_to_num(ref.created, nan=0.0).astype(int)
    assert (birth < 0).any() and (birth > 0).any()       # customers older and younger than the data
    seen = np.maximum(birth, 0)
    lo = np.array(ref.lo_days)[a.g.to_numpy()]
    i = a.idx.to_numpy()
    col = np.arange(days.shape[1])
    hist = days[i] & (col[None, :] >= seen[i, None]) & (col[None, :] < lo[:, None])
    x = hist.sum(1)
    last = np.where(x > 0, days.shape[1] - 1 - np.argmax(hist[:, ::-1], 1), birth[i])
    T = (lo - birth[i]) / 365.0
    tx = np.where(x > 0, np.minimum((last - birth[i] + 0.5) / 365.0, T), 0.0)
    age_seen = (seen[i] - birth[i]) / 365.0
    np.testing.assert_allclose(a.w.to_numpy(), _synthetic_alive(None, x, tx, T, age_seen),
                               rtol=1e-12)


def test_weighted_estimates_and_influence_match_the_reference(weighted):
    res, ref = weighted
    got = res.influence["estimate"]["margin"]
    want = ref.estimate(measure="margin")
    for k, key in enumerate(res.influence["scopes"]):
        assert got[k] == pytest.approx(want[key], rel=1e-9, abs=1e-9)
    rng = np.random.default_rng(2)
    xi = rng.normal(size=ref.n)
    eps = 1e-4
    up, down = ref.estimate(1 + eps * xi), ref.estimate(1 - eps * xi)
    for k, key in enumerate(res.influence["scopes"]):
        fd = (up[key] - down[key]) / (2 * eps)
        assert xi @ res.influence["margin"][:, k] == pytest.approx(fd, rel=1e-5, abs=1e-8)


def test_without_still_active_weights_every_weight_is_one(small, weighted):
    """still_active_weights=False is the estimator without the model: the reference with no
    weights, and different figures from the weighted run of the same world."""
    sim, con = small
    res = run_incrementality(con, "orders", "customers", period_start=PS, period_end=PE,
                             n_boot=50, seed=1, min_engaged=5, min_pool_controls=MIN_POOL,
                             keep_influence=True, still_active_weights=False)
    assert res.p_alive is None and res.pnbd_params is None
    assert "Pareto/NBD" not in res.table.method.iloc[0]
    want = Reference(sim.customers, sim.orders, MIN_POOL).estimate(measure="margin")
    got = res.influence["estimate"]["margin"]
    for k, key in enumerate(res.influence["scopes"]):
        assert got[k] == pytest.approx(want[key], rel=1e-9, abs=1e-9)
    assert got[0] != pytest.approx(weighted[0].influence["estimate"]["margin"][0], rel=1e-3)
