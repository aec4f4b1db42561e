"""Bias of the incrementality estimator where the truth is exactly zero (issue 3 diagnostics).

The demo generator simulates, for every customer, the orders they would have placed had they never
engaged (the counterfactual world, common random numbers with the actual one). Running the
estimator on those orders, with the engaged customers' real cohort dates, measures its bias with no
effect to recover and no pipeline in between: any estimate away from 0 is selection the method
did not remove. docs/methodology.md ("Recovery benchmark") quotes these figures.

The error is split by where each engaged customer's life event falls (time_varying_confounder:
recorded as the loyalty-programme join, which the estimator reads; hidden_confounder: unrecorded)
and by whether they bought in the 30 days before engaging (what any split on recent purchases
could see). For hidden_confounder, `--confounder life` or `drift` keeps only one of its two
confounders.

It also prints the planted effect (actual minus counterfactual margin over the horizon) of all
engaged customers in the period and of the matched ones: the report applies the matched customers'
estimate to all of them, so `make accuracy`'s error is about this bias plus (matched - all).
`--end-date 2026-10-31` and `--first-seed 1` give the worlds `make accuracy` runs on.

    python benchmarks/counterfactual_bias.py [--scenario time_varying_confounder|hidden_confounder|...]
        [--confounder all|life|drift] [--customers 10000] [--seeds 4] [--first-seed 0]
        [--anticipation-days 30] [--pre-days N] [--end-date 2026-11-23] [--no-joins]

About 4 s per seed at 10,000 customers.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys

import duckdb
import numpy as np
import pandas as pd

from community_roi.demo import SCENARIOS, _sim, _social, simulate_world
from community_roi.demo._truth import analysis_period, in_horizon, visible_engagement
from community_roi.measure import run_incrementality

END_DATE = dt.date(2026, 11, 23)   # the tests' worlds end on this date
MONTHS = 20
HORIZON = 90
RECENT_DAYS = 30
LIFE_GROUPS = ("life event in the 45 days before engaging", "life event in the 90 days after",
               "other")


def scenario_params(scenario: str, confounder: str) -> _sim.ScenarioParams:
    sp = _sim.SCENARIO_PARAMS[scenario]
    if confounder == "life":
        return dataclasses.replace(sp, drift_sd=0.0)
    if confounder == "drift":
        return dataclasses.replace(sp, life_share=0.0)
    return sp


def counterfactual_tables(w, seed: int, joins: bool = True
                          ) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Completed counterfactual orders, and the customers with their cohort dates and first
    channels as the pipeline sees them (first linked engagement), and the cohort day (-1 = not
    engaged)."""
    o, cu = w.orders, w.cu
    keep = o.cf & (o.status == 0)
    d0 = np.datetime64(w.start, "D")
    revenue = o.revenue_eur[keep]
    orders = pd.DataFrame({"customer_id": o.cust[keep], "order_date": d0 + o.day[keep],
                           "gross_margin": revenue * o.margin_rate[keep], "revenue": revenue})
    cohort_day, first_channel = visible_engagement(cu, w.social.engagements, w.social.eng_customer,
                                                   w.social.eng_linked)
    engaged = cohort_day >= 0
    customers = pd.DataFrame({
        "customer_id": np.arange(cu.n),
        "created_date": d0 + np.floor(cu.c0).astype(np.int64),
        "cohort_date": _dates(d0, cohort_day, engaged),
        "first_channel": first_channel,
        "first_action_type": None,
        "segment": np.where(cu.pro, "pro", "b2c"),
        "country": np.array(_sim.COUNTRIES, dtype=object)[cu.country]})
    # the loyalty-programme join, as dim_customers.loyalty_joined_date shows it (--no-joins: as
    # if the programme were not in the data, to see what reading it buys)
    join_day = _social.loyalty_join_days(w.cal, cu, seed, w.sp.life_observed)
    customers["loyalty_joined_date"] = _dates(d0, join_day, np.isfinite(join_day) & joins)
    return orders, customers, cohort_day


def _dates(d0: np.datetime64, days: np.ndarray, known: np.ndarray) -> pd.Series:
    """Day offsets from d0 as dates, missing where not `known`."""
    return pd.Series(d0 + np.where(known, days, 0).astype(np.int64)).where(known)


def one_seed(seed: int, args) -> dict:
    original = _sim.SCENARIO_PARAMS[args.scenario]
    _sim.SCENARIO_PARAMS[args.scenario] = scenario_params(args.scenario, args.confounder)
    try:  # simulate_world reads the scenario's parameters from this table
        w = simulate_world(seed, args.customers, args.scenario, args.end_date, MONTHS)
    finally:
        _sim.SCENARIO_PARAMS[args.scenario] = original
    orders, customers, cohort_day = counterfactual_tables(w, seed, joins=not args.no_joins)
    con = duckdb.connect()
    con.register("o_df", orders)
    con.register("c_df", customers)
    con.execute("create table orders as select customer_id, order_date::date as order_date, "
                "gross_margin, revenue from o_df")
    con.execute("create table customers as select customer_id, created_date::date as created_date,"
                " cohort_date::date as cohort_date, first_channel, first_action_type, segment, "
                "country, loyalty_joined_date::date as loyalty_joined_date from c_df")
    first, last = con.execute("select min(order_date), max(order_date) from orders").fetchone()
    ps, pe = analysis_period(first, last, HORIZON)
    r = run_incrementality(con, "orders", "customers", period_start=ps, period_end=pe,
                           horizon_days=HORIZON, n_boot=200, seed=seed,
                           anticipation_days=args.anticipation_days, pre_days=args.pre_days,
                           still_active_weights=not args.no_still_active)
    row = r.table.set_index(["scope", "scope_value"]).loc[("overall", "all")]
    # per engaged customer: error, where their life event falls, whether they bought just before
    pt = r.per_treated.dropna(subset=["cf"])
    cid = pt.idx.to_numpy()            # idx = row number over customer_id = customer_id here
    cd = cohort_day[cid]
    since_life = cd - w.cu.life_t[cid]  # cohort day (whole days) minus the event's exact time
    life = np.select([(since_life >= 0) & (since_life <= 45), (since_life < 0) & (since_life > -90)],
                     LIFE_GROUPS[:2], LIFE_GROUPS[2])
    recent = con.execute(f"""
        select distinct c.customer_id from customers c join orders o using (customer_id)
        where o.order_date >= c.cohort_date - {RECENT_DAYS} and o.order_date < c.cohort_date
          and o.order_date > c.created_date + 1""").fetchnumpy()["customer_id"]
    split = pd.DataFrame({"error": (pt.y - pt.cf).to_numpy(), "life": life,
                          "bought_before": np.isin(cid, recent)})
    effect = planted_effect(w, cohort_day)
    engaged_ids = r.per_treated.idx.to_numpy()
    return {"seed": seed, "estimate": float(row.per_customer_estimate),
            "low": float(row.per_customer_low), "high": float(row.per_customer_high),
            "matched": int(row.matched_customers), "split": split, "pre_days": r.params["pre_days"],
            "effect_all": float(effect[engaged_ids].mean()), "effect_matched": float(effect[cid].mean())}


def planted_effect(w, cohort_day: np.ndarray) -> np.ndarray:
    """Per customer: completed margin over [cohort day, + HORIZON) in the actual world minus the
    counterfactual one (0 for customers not engaged)."""
    o = w.orders
    inside = (o.status == 0) & in_horizon(o, cohort_day, HORIZON)
    diff = o.revenue_eur * o.margin_rate * (o.act.astype(float) - o.cf.astype(float))
    return np.bincount(o.cust[inside], weights=diff[inside], minlength=w.cu.n)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", choices=SCENARIOS, default="time_varying_confounder")
    ap.add_argument("--confounder", choices=("all", "life", "drift"), default="all",
                    help="hidden_confounder only: keep one of its two confounders")
    ap.add_argument("--customers", type=int, default=10000)
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--anticipation-days", type=int, default=30)
    ap.add_argument("--pre-days", type=int, default=None)
    ap.add_argument("--end-date", type=dt.date.fromisoformat, default=END_DATE,
                    help="last day of the simulated world (make accuracy: 2026-10-31)")
    ap.add_argument("--no-still-active", action="store_true",
                    help="the estimator without its still-active weights (as before 2026-11-25)")
    ap.add_argument("--no-joins", action="store_true",
                    help="leave loyalty_joined_date empty (the estimator then cannot see joins)")
    args = ap.parse_args(argv)
    if args.confounder != "all" and args.scenario != "hidden_confounder":
        ap.error("--confounder applies to the hidden_confounder scenario only")

    runs = []
    print(f"{args.scenario} (confounder: {args.confounder}), {args.customers:,} customers, "
          f"counterfactual orders: the truth is 0")
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        res = one_seed(seed, args)
        runs.append(res)
        print(f"seed {seed}: {res['estimate']:+.2f} [{res['low']:+.2f}, {res['high']:+.2f}] per "
              f"engaged customer, {res['matched']:,} matched, pre-period {res['pre_days']} d; "
              f"planted effect all {res['effect_all']:.2f}, matched {res['effect_matched']:.2f}",
              flush=True)
    est = np.array([r["estimate"] for r in runs])
    covered = sum(r["low"] <= 0 <= r["high"] for r in runs)
    half = np.mean([(r["high"] - r["low"]) / 2 for r in runs])
    print(f"mean bias {est.mean():+.2f}, SD across seeds {est.std(ddof=1) if len(est) > 1 else 0:.2f},"
          f" intervals containing 0: {covered}/{len(runs)}, mean half-width {half:.2f}")
    e_all = np.mean([r["effect_all"] for r in runs])
    e_matched = np.mean([r["effect_matched"] for r in runs])
    print(f"planted effect per engaged customer (actual world): all engaged {e_all:.2f}, matched "
          f"{e_matched:.2f}; the report applies the matched estimate to all, so its error against "
          f"the planted truth is about {est.mean():+.2f} {e_matched - e_all:+.2f}")
    split = pd.concat([r["split"] for r in runs])
    n = len(split)
    table = split.groupby(["life", "bought_before"]).error.agg(["count", "mean"])
    table["share_of_bias"] = table["count"] * table["mean"] / n
    print(f"error by group ({n:,} engaged customers over all seeds; share_of_bias sums to the "
          f"mean error per engaged customer, {split.error.mean():+.2f}):")
    print(table.round(2).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
