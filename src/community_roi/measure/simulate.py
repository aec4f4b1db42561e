"""Synthetic shop data with a planted, known causal effect of engaging (for tests and benchmarks).

The generator is small, vectorised numpy (no loop over customers or orders) and exists to check
`estimate_incrementality` against a truth it cannot see. It builds the two relations the marts
provide (`orders`, `customers`, same columns and types) and the truth by *common random numbers*:
every potential order is drawn once, with one uniform number `u`; it happens in the world with
engaging when `u < rate_with_lift / bound` and in the world without engaging when
`u < rate_without_lift / bound`. The planted truth is the realised difference between the two
worlds, in each engaged customer's own `horizon_days` after the cohort date: the sample ATT.

What makes it hard on purpose (the pitfalls of the issue):
- latent loyalty drives both the purchase rate and the hazard of engaging (strong selection: the
  naive engaged-minus-not-engaged difference is several times the truth);
- multiplicative seasonality (a December peak, weekday pattern, growth) so calendar windows matter;
- new customers buy more in their first weeks (tenure matters);
- staggered cohort dates with campaign bursts; customers who engage later exist;
- scenario `shock`: purchases rise in the 30 days before a customer engages, a time-varying
  confounder that is not caused by engaging (present in both worlds);
- scenario `join`: 30% of customers join the loyalty programme on a random day, which raises their
  purchases for months and makes engaging ten times likelier for 45 days: a time-varying
  confounder, on record as `loyalty_joined_date` (`join_unrecorded`: the same, off the record);
- scenario `null`: engaging changes nothing (truth 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

DEFAULT_LIFT = {  # multiplicative lift on the purchase rate after engaging, by first channel
    "instagram": 0.25, "facebook": 0.15, "email": 0.10, "tiktok": 0.35, "forum": 0.20,
}
DEFAULT_CHANNEL_P = {"instagram": 0.40, "facebook": 0.22, "email": 0.20, "tiktok": 0.17,
                     "forum": 0.01}
ACTION_TYPES = ("post", "video", "contest", "reply")
ACTION_P = (0.45, 0.25, 0.20, 0.10)
COUNTRIES = ("FR", "BE", "CH", "CA", None)
COUNTRY_P = (0.70, 0.12, 0.08, 0.06, 0.04)
SEGMENTS = ("b2c", "pro", None)
SEGMENT_P = (0.85, 0.12, 0.03)
AGE_BANDS = ("18-24", "25-34", "35-49", "50+", None)
AGE_P = (0.15, 0.30, 0.30, 0.20, 0.05)


@dataclass(frozen=True)
class Scenario:
    name: str = "realistic"
    n_customers: int = 3000
    start: date = date(2023, 1, 1)        # first day of order data
    n_days: int = 912                     # through 2025-07-01
    orders_per_customer_year: float = 4.0  # average purchase rate (before seasonality)
    loyalty_sigma: float = 0.9            # sd of log loyalty
    selection_beta: float = 1.6           # engagement hazard ~ loyalty ** beta
    engaged_share: float = 0.45           # rough share who ever engage within the data
    lift: dict = field(default_factory=lambda: dict(DEFAULT_LIFT))
    channel_p: dict = field(default_factory=lambda: dict(DEFAULT_CHANNEL_P))
    shock: float = 0.0                    # rate multiplier - 1 in the shock_days before engaging
    shock_days: int = 30
    new_customer_boost: float = 1.5       # extra rate right after creation, decays over 30 days
    refund_share: float = 0.04
    # scenario `join`: a share of customers join the loyalty programme on a random day; joining
    # multiplies their purchase rate by 1 + join_boost * exp(-days since / join_decay_days) and
    # their engagement hazard by 1 + join_engage_mult for join_engage_days (a time-varying
    # confounder). record_join: the join day is in the data (customers.loyalty_joined_date).
    join_share: float = 0.0
    join_boost: float = 1.2
    join_decay_days: float = 75.0
    join_engage_mult: float = 9.0
    join_engage_days: int = 45
    record_join: bool = True

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.n_days - 1)


def scenario(name: str, n_customers: int = 3000, **kw) -> Scenario:
    """The named scenarios the tests and the methodology benchmark use."""
    if name == "realistic":
        return Scenario(name=name, n_customers=n_customers, **kw)
    if name == "null":
        return Scenario(name=name, n_customers=n_customers,
                        lift={k: 0.0 for k in DEFAULT_LIFT}, **kw)
    if name == "shock":
        return Scenario(name=name, n_customers=n_customers, shock=1.0, **kw)
    if name in ("join", "join_unrecorded"):
        return Scenario(**({"name": name, "n_customers": n_customers, "join_share": 0.3,
                            "record_join": name == "join"} | kw))
    raise ValueError(f"unknown scenario {name!r}")


@dataclass
class Simulated:
    scenario: Scenario
    customers: pd.DataFrame
    orders: pd.DataFrame
    # every potential order: customer index, day index, margin, revenue, in world 1, in world 0
    _cand: dict

    def load(self, con, orders: str = "orders", customers: str = "customers") -> None:
        """Create the two tables in a duckdb connection (replacing them)."""
        con.register("_sim_orders", self.orders)
        con.register("_sim_customers", self.customers)
        con.execute(f"""
            create or replace table {orders} as
            select order_id::varchar as order_id, customer_id::varchar as customer_id,
                   order_date::date as order_date, revenue::double as revenue,
                   gross_margin::double as gross_margin
            from _sim_orders""")
        con.execute(f"""
            create or replace table {customers} as
            select customer_id::varchar as customer_id, created_date::date as created_date,
                   cohort_date::date as cohort_date, first_channel::varchar as first_channel,
                   first_action_type::varchar as first_action_type, country::varchar as country,
                   segment::varchar as segment, age_band::varchar as age_band,
                   loyalty_joined_date::date as loyalty_joined_date
            from _sim_customers""")
        con.unregister("_sim_orders")
        con.unregister("_sim_customers")

    def truth_per_customer(self, horizon_days: int = 90) -> pd.DataFrame:
        """Per customer: margin and revenue with engaging minus without, in the horizon_days from
        their cohort date (0 for never-engaged customers)."""
        c = self._cand
        ci, cday = c["cust"], c["cohort_day"]
        in_win = (c["day"] >= cday[ci]) & (c["day"] < cday[ci] + horizon_days)
        diff = (c["w1"].astype(np.int8) - c["w0"].astype(np.int8)) * in_win
        n = len(self.customers)
        return pd.DataFrame({
            "customer_id": self.customers.customer_id.to_numpy(),
            "margin": np.bincount(ci, weights=diff * c["margin"], minlength=n),
            "revenue": np.bincount(ci, weights=diff * c["revenue"], minlength=n)})

    def truth(self, period_start: date, period_end: date, horizon_days: int = 90,
              by: str | None = None) -> pd.DataFrame:
        """Planted truth: for customers whose cohort date lies in [start, end], the margin and
        revenue made in [cohort, cohort + horizon) with engaging minus without (same draws)."""
        sc = self.scenario
        cust = self.customers
        s0 = (pd.Timestamp(period_start) - pd.Timestamp(sc.start)).days
        s1 = (pd.Timestamp(period_end) - pd.Timestamp(sc.start)).days
        cday = self._cand["cohort_day"]
        treated = (cday >= s0) & (cday <= s1)
        c = self._cand
        ci = c["cust"]
        in_win = treated[ci] & (c["day"] >= cday[ci]) & (c["day"] < cday[ci] + horizon_days)
        diff = (c["w1"].astype(np.int8) - c["w0"].astype(np.int8)) * in_win
        n = len(cust)
        m = np.bincount(ci, weights=diff * c["margin"], minlength=n)
        r = np.bincount(ci, weights=diff * c["revenue"], minlength=n)
        df = pd.DataFrame({"margin": m, "revenue": r, "channel": cust["first_channel"].to_numpy(),
                           "action_type": cust["first_action_type"].to_numpy()})[treated]
        out = [("overall", "all", df)]
        if by in ("channel", "action_type"):
            out = [(by, k, g) for k, g in df.groupby(by)]
        return pd.DataFrame([{
            "scope": s, "scope_value": v, "engaged_customers": len(g),
            "per_customer_margin": g["margin"].mean() if len(g) else np.nan,
            "per_customer_revenue": g["revenue"].mean() if len(g) else np.nan,
            "total_margin": g["margin"].sum(),
        } for s, v, g in out])


def _seasonality(days: np.ndarray, start: date) -> np.ndarray:
    """Multiplicative calendar index: weekday pattern, a December peak, a summer dip, growth."""
    dates = pd.Timestamp(start) + pd.to_timedelta(days, unit="D")
    dow = np.asarray(dates.dayofweek)
    doy = np.asarray(dates.dayofyear)
    weekday = np.where(dow >= 5, 1.25, 0.9)
    dec = 1.0 + 1.2 * np.exp(-0.5 * ((doy - 345) / 12.0) ** 2)
    summer = 1.0 - 0.25 * np.exp(-0.5 * ((doy - 215) / 20.0) ** 2)
    growth = 1.0 + 0.12 * days / 365.0
    return weekday * dec * summer * growth


def simulate(sc: Scenario, seed: int = 0) -> Simulated:
    rng = np.random.default_rng(seed)
    n, T = sc.n_customers, sc.n_days
    # -- customers -----------------------------------------------------------------------------
    existing = rng.random(n) < 0.6
    created = np.where(existing, -rng.integers(1, 1200, n), rng.integers(0, T - 30, n))
    country = rng.choice(len(COUNTRIES), n, p=COUNTRY_P)
    segment = rng.choice(len(SEGMENTS), n, p=SEGMENT_P)
    age = rng.choice(len(AGE_BANDS), n, p=AGE_P)
    loyalty = rng.lognormal(-0.5 * sc.loyalty_sigma ** 2, sc.loyalty_sigma, n)
    seg_mult = np.array([1.0, 1.8, 1.0])[segment]
    base = sc.orders_per_customer_year / 365.0 * loyalty * seg_mult
    aov = rng.lognormal(np.log(55.0), 0.35, n) * np.array([1.0, 1.6, 1.0])[segment]
    margin_rate = np.clip(rng.normal(0.45, 0.05, n), 0.2, 0.7)

    # -- engagement (first engagement = cohort date), staggered with campaign bursts -------------
    days = np.arange(T)
    campaign = 1.0 + 2.0 * (((days // 7) % 9) == 0) + 0.5 * np.sin(days / 58.0) ** 2
    cum = np.concatenate([[0.0], np.cumsum(campaign)])
    # hazard scale so that roughly engaged_share engage over the data span
    h = loyalty ** sc.selection_beta
    h = h / np.mean(h) * (-np.log(1 - sc.engaged_share) / cum[-1])
    start_day = np.maximum(created, 0)
    need = rng.exponential(1.0, n) / h + cum[start_day]
    cohort_day = np.searchsorted(cum, need, side="right") - 1  # first day where cum > need
    # joins draw from their own stream, so the other scenarios' draws stay as they were
    jrng = np.random.default_rng([seed, 1])
    joiner = jrng.random(n) < sc.join_share
    join_day = np.where(joiner, jrng.integers(start_day, T), 10 ** 7)
    if sc.join_share > 0:
        # competing hazard: join_engage_mult x the base hazard over [join, join + days)
        need_j = jrng.exponential(1.0, n) / (h * sc.join_engage_mult) + cum[np.minimum(join_day, T)]
        trig = np.searchsorted(cum, need_j, side="right") - 1
        trig = np.where(joiner & (trig < join_day + sc.join_engage_days), trig, 10 ** 7)
        cohort_day = np.minimum(cohort_day, trig)
    engaged = cohort_day < T
    cohort_day = np.where(engaged, cohort_day, 10 ** 7)
    ch_names = list(sc.channel_p)
    young = np.isin(age, [0, 1])
    p = np.array([sc.channel_p[k] for k in ch_names])
    p_young = p * np.array([1.8 if k == "tiktok" else 1.0 for k in ch_names])
    p_young = p_young / p_young.sum()
    u = rng.random(n)
    ch = np.where(young, np.searchsorted(np.cumsum(p_young), u, side="right"),
                  np.searchsorted(np.cumsum(p / p.sum()), u, side="right"))
    ch = np.minimum(ch, len(ch_names) - 1)
    act = rng.choice(len(ACTION_TYPES), n, p=ACTION_P)
    lift = np.array([sc.lift.get(k, 0.0) for k in ch_names])[ch] * engaged

    # -- potential orders by thinning a Poisson process (common random numbers) ----------------
    seas_max = _seasonality(days, sc.start).max()
    boost_max = np.where(created > -30, 1.0 + sc.new_customer_boost, 1.0)
    bound = base * seas_max * boost_max * (1 + sc.shock) * (1 + lift) * (1 + sc.join_boost * joiner)
    life = T - np.maximum(created, 0)
    k = rng.poisson(bound * life)
    ci = np.repeat(np.arange(n), k)
    day = np.maximum(created, 0)[ci] + np.floor(rng.random(ci.size) * life[ci]).astype(np.int64)
    rate0 = base[ci] * _seasonality(day, sc.start)
    rate0 *= 1.0 + sc.new_customer_boost * np.exp(-(day - created[ci]) / 30.0)
    pre_shock = (day >= cohort_day[ci] - sc.shock_days) & (day < cohort_day[ci])
    rate0 *= 1.0 + sc.shock * pre_shock
    since_join = day - join_day[ci]
    rate0 *= 1.0 + sc.join_boost * np.exp(-np.maximum(since_join, 0) / sc.join_decay_days) * (
        since_join >= 0)
    rate1 = rate0 * (1.0 + lift[ci] * (day >= cohort_day[ci]))
    uu = rng.random(ci.size) * bound[ci]
    w1, w0 = uu < rate1, uu < rate0
    margin = rng.gamma(2.0, aov[ci] * margin_rate[ci] / 2.0)
    revenue = margin / margin_rate[ci]
    refunded = rng.random(ci.size) < sc.refund_share
    margin = np.where(refunded, 0.0, margin)
    revenue = np.where(refunded, 0.0, revenue)

    ids = np.char.add("c", np.arange(n).astype(str))
    start = pd.Timestamp(sc.start)
    cohort_date = pd.Series(start + pd.to_timedelta(np.where(engaged, cohort_day, 0), unit="D"))
    customers = pd.DataFrame({
        "customer_id": ids,
        "created_date": (start + pd.to_timedelta(created, unit="D")).date,
        "cohort_date": cohort_date.dt.date.where(engaged, None),
        "first_channel": np.where(engaged, np.array(ch_names, dtype=object)[ch], None),
        "first_action_type": np.where(engaged, np.array(ACTION_TYPES, dtype=object)[act], None),
        "country": np.array(COUNTRIES, dtype=object)[country],
        "segment": np.array(SEGMENTS, dtype=object)[segment],
        "age_band": np.array(AGE_BANDS, dtype=object)[age],
        "loyalty_joined_date": pd.Series(start + pd.to_timedelta(np.minimum(join_day, T), unit="D")
                                         ).dt.date.where(joiner & sc.record_join, None),
    })
    sel = np.flatnonzero(w1)
    orders = pd.DataFrame({
        "order_id": np.char.add("o", np.arange(sel.size).astype(str)),
        "customer_id": ids[ci[sel]],
        "order_date": (start + pd.to_timedelta(day[sel], unit="D")).date,
        "revenue": revenue[sel],
        "gross_margin": margin[sel],
    })
    cand = {"cust": ci, "day": day, "margin": margin, "revenue": revenue, "w1": w1, "w0": w0,
            "cohort_day": cohort_day, "loyalty": loyalty}
    return Simulated(sc, customers, orders, cand)


SIM_PERIOD = (date(2024, 1, 1), date(2025, 3, 31))  # cohort months with 365 days of history


def recovery_runs(name: str, seeds, n_customers: int = 10_000, n_boot: int = 200,
                  horizon_days: int = 90, cost_per_engaged: float = 20.0, **scenario_kw
                  ) -> pd.DataFrame:
    """Run the estimator on simulated data for several seeds; one row per (seed, scope) with the
    planted truth, the estimate, its interval, the naive difference and the ROI at a given cost.
    Used by tests/accuracy and benchmarks/incrementality_recovery.py."""
    import duckdb

    from community_roi.measure.incrementality import run_incrementality

    ps, pe = SIM_PERIOD
    rows = []
    for seed in seeds:
        sim = simulate(scenario(name, n_customers, **scenario_kw), seed=seed)
        con = duckdb.connect()
        sim.load(con)
        res = run_incrementality(con, "orders", "customers", period_start=ps, period_end=pe,
                                 horizon_days=horizon_days, n_boot=n_boot, seed=seed)
        con.close()
        tpc = sim.truth_per_customer(horizon_days).sort_values("customer_id")
        pt = res.per_treated
        matched_truth = (tpc.margin.to_numpy()[pt.idx[pt.pool >= 0].to_numpy()].mean()
                         if pt is not None and (pt.pool >= 0).any() else np.nan)
        truth = pd.concat([sim.truth(ps, pe, horizon_days),
                           sim.truth(ps, pe, horizon_days, by="channel"),
                           sim.truth(ps, pe, horizon_days, by="action_type")])
        t = res.table.merge(truth, on=["scope", "scope_value"], how="left",
                            suffixes=("", "_truth"))
        for _, r in t.iterrows():
            cost = cost_per_engaged * r.engaged_customers
            roi = res.roi(cost, r.scope, r.scope_value)
            rows.append({
                "scenario": name, "seed": seed, "scope": r.scope, "scope_value": r.scope_value,
                "engaged": r.engaged_customers, "matched": r.matched_customers,
                "truth": r.per_customer_margin, "estimate": r.per_customer_estimate,
                "truth_matched": matched_truth if r.scope == "overall" else np.nan,
                "low": r.per_customer_low, "high": r.per_customer_high,
                "naive": r.naive_per_customer,
                "truth_revenue": r.per_customer_revenue,
                "estimate_revenue": r.per_customer_revenue_estimate,
                "revenue_low": r.incremental_revenue_low / r.engaged_customers,
                "revenue_high": r.incremental_revenue_high / r.engaged_customers,
                "roi": roi["estimate"], "roi_low": roi["low"], "roi_high": roi["high"],
                "reason": r.reason,
            })
    out = pd.DataFrame(rows)
    out["covered"] = (out.low <= out.truth) & (out.truth <= out.high)
    out["covered_revenue"] = ((out.revenue_low <= out.truth_revenue)
                              & (out.truth_revenue <= out.revenue_high))
    return out
