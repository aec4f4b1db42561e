"""Retention-uplift recovery across seeds (issue 4): planted 90-day uplift vs rpt_retention_curves.

For each seed: generate a demo world, load the sources the loyalty marts read, `dbt run --select
+rpt_retention_curves`, and compare the 90-day `retention_uplift` (and its 90% interval) with the
planted `truth.json` `retention.retention_90d_uplift`. Prints per-seed rows and a summary: bias,
SD of the error, share of runs within +-20% of the planted uplift, interval coverage.

The planted uplift is a realised-sample quantity (the period's engaged customers, actual world
minus the same customers' counterfactual world, common random numbers). Its counterfactual half
is a coin flip per customer that nothing in the data reveals, so no estimator can track it better
than two reference "oracles" computed here from the simulated world itself:

- rate oracle: knows each engaged customer's true buying rate, churn date and the calendar, and
  predicts exactly their chance of buying in the window without engaging; its only error is the
  luck of the counterfactual draws. Any estimator that predicts retention without engaging from
  information before the cohort date does no better on average.
- draw oracle: also knows the planted lift and which of the actual orders the customer would have
  placed without engaging with which probability (the generator's coupling of the two worlds);
  the floor for any estimator whatsoever.

`--replay` replaces the dbt build by a Python replay of the same rules (fct_retention_comparison,
int_loyalty_counterfactual, rpt_retention_curves; pseudo cohort dates drawn at random instead of
hashed, so it differs from the SQL by about 0.001): fast enough for 100 seeds at 100,000
customers. Without it, the replay runs beside dbt and the summary gives their largest gap.

    python benchmarks/retention_recovery.py [--customers 5000] [--seeds 40] [--first-seed 1]
        [--scenario realistic] [--replay] [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from community_roi.demo import _sim, generate, simulate_world
from community_roi.demo._truth import analysis_period, visible_engagement

END_DATE = dt.date(2026, 11, 23)   # the tests' worlds end on this date
MONTHS = 20
HORIZON = 90
MIN_PRE_DAYS = 120                 # int_loyalty_counterfactual: loyalty_min_pre_days
MAX_PRE_DAYS = 365                 # fct_retention_comparison: max_pre_days
MIN_POOL = 100
COMPLETED_SHARE = 0.93             # _sim.simulate_orders: status p = [0.93, 0.045, 0.025]
# what +rpt_retention_curves reads (dim_calendar's other sources - costs, actions, mentions - may
# stay empty)
SOURCES = ("customers", "orders", "fx_rates", "engagements", "identity_links", "loyalty_members")


# --- the simulated world (community_roi.demo.simulate_world: what generate writes) -----------
def simulate(seed: int, customers: int, scenario: str) -> dict:
    w = simulate_world(seed, customers, scenario, END_DATE, MONTHS)
    cal, cu, o, sp, social = w.cal, w.cu, w.orders, w.sp, w.social
    coh, _ = visible_engagement(cu, social.engagements, social.eng_customer, social.eng_linked)
    first_day, last_day = int(o.day[o.act].min()), int(o.day[o.act].max())
    ps, pe = analysis_period(cal.start + dt.timedelta(days=first_day),
                             cal.start + dt.timedelta(days=last_day), HORIZON)
    ps_d, pe_d = (ps - cal.start).days, (pe - cal.start).days
    sel = np.flatnonzero((coh >= ps_d) & (coh <= pe_d))
    return {"cal": cal, "cu": cu, "o": o, "sp": sp, "coh": coh, "sel": sel, "ps": ps, "pe": pe,
            "ps_d": ps_d, "pe_d": pe_d, "first_day": first_day, "last_day": last_day, "seed": seed}


def planted_and_oracles(w: dict) -> dict:
    """The planted uplift (as _truth.py: completed orders in (cohort, cohort + 90]) and the two
    oracles' estimates of it."""
    cal, cu, o, sp, coh, sel = w["cal"], w["cu"], w["o"], w["sp"], w["coh"], w["sel"]
    n, D = cu.n, cal.D
    comp = o.status == 0
    oc = coh[o.cust]
    in_sel = np.zeros(n, dtype=bool)
    in_sel[sel] = True
    in_win = in_sel[o.cust] & (o.day > oc) & (o.day <= oc + HORIZON) & comp
    y_act = np.bincount(o.cust[in_win & o.act], minlength=n)[sel] > 0
    y_cf = np.bincount(o.cust[in_win & o.cf], minlength=n)[sel] > 0
    # rate oracle: P(at least one completed order in the window without engaging), by day
    c = coh[sel]
    days = c[:, None] + 1 + np.arange(HORIZON)[None, :]
    t_mid = days + 0.5
    idx = np.repeat(sel[:, None], HORIZON, axis=1)
    lt = cu.life_t[idx]
    life = np.where(t_mid >= lt, 1.0 + sp.life_purchase_boost
                    * np.exp(-np.where(t_mid >= lt, t_mid - np.where(np.isfinite(lt), lt, 0.0), 0.0)
                             / sp.life_decay_days), 1.0)
    drift = _sim._drift_mult(cu, idx, t_mid, D)
    alive = np.clip(cu.t_churn_cf[sel][:, None] - days, 0.0, 1.0)
    started = np.clip(days + 1 - cu.start_day[sel][:, None], 0.0, 1.0)
    lam = (COMPLETED_SHARE * cu.rate_day[sel][:, None] * cal.g[np.minimum(days, D - 1)] * life
           * drift * alive * started).sum(axis=1)
    p_rate = 1.0 - np.exp(-lam)
    # draw oracle: each actual order of the window is placed without engaging with probability
    # 1 / lift factor if it falls before the counterfactual churn date (cf orders are a subset)
    m = in_win & o.act
    t = o.day[m] + o.tod[m] / 86400.0
    lift = _sim.lift_factor(cu, sp, o.cust[m], o.day[m])
    keep = np.where(t < cu.t_churn_cf[o.cust[m]], 1.0 / lift, 0.0)
    log_none = np.zeros(n)
    np.add.at(log_none, o.cust[m], np.log(np.maximum(1.0 - keep, 1e-300)))
    p_draw = 1.0 - np.exp(log_none[sel])
    planted = float(y_act.mean() - y_cf.mean())
    return {"planted": planted,
                "rate_oracle": float(y_act.mean() - p_rate.mean()),
                "draw_oracle": float(y_act.mean() - p_draw.mean()),
                "engaged": int(sel.size)}


# --- the estimate through dbt ------------------------------------------------------------------
def dbt_estimate(work: Path, seed: int, customers: int, scenario: str) -> tuple[dict, dict]:
    import duckdb

    from community_roi import pipeline
    from community_roi.settings import Settings

    root = work / f"{scenario}-{customers}-{seed}"
    truth = generate(root / "landing", seed=seed, customers=customers, scenario=scenario,
                     end_date=END_DATE, months=MONTHS)
    wh = root / "warehouse.duckdb"
    wh.unlink(missing_ok=True)
    s = Settings.from_env(landing=root / "landing", warehouse=wh, home=root)
    pipeline.load_sources(s, sources=SOURCES)
    res = pipeline.invoke_dbt(s, "run", "--select", "+rpt_retention_curves", "--quiet",
                              "--no-use-colors")
    if not res.success:
        raise RuntimeError(f"dbt failed: {res.exception}")
    con = duckdb.connect(str(wh), read_only=True)
    try:
        row = con.execute("SELECT retention_uplift, retention_uplift_low, retention_uplift_high, "
                          "evaluated_customers, retention_engaged FROM marts.rpt_retention_curves "
                          "WHERE horizon_days = 90").fetchone()
    finally:
        con.close()
    est = {"estimate": row[0], "low": row[1], "high": row[2], "evaluated": row[3]}
    # the engaged customers' own retention is observed, not estimated: it must match exactly
    planted_engaged = truth["retention"]["retention_90d_engaged"]
    if abs(row[4] - planted_engaged) > 1e-4:
        raise RuntimeError(f"seed {seed}: engaged retention {row[4]:.4f} in the marts, "
                           f"{planted_engaged} planted")
    return est, truth


# --- the same rules in Python (fast; for large sizes) --------------------------------------------
def replay_estimate(w: dict, d: int = HORIZON) -> dict:
    cal, cu, o, coh = w["cal"], w["cu"], w["o"], w["coh"]
    n = cu.n
    created = np.floor(cu.c0).astype(np.int64)
    m = (o.status == 0) & o.act
    key = np.sort(o.cust[m].astype(np.int64) * 100000 + o.day[m])

    def count(cust, lo, hi):   # completed orders with day in [lo, hi)
        base = cust.astype(np.int64) * 100000
        return np.searchsorted(key, base + hi) - np.searchsorted(key, base + lo)

    months, day = [], w["ps"]
    while day <= w["pe"]:
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        months.append(((day - cal.start).days, (nxt - day).days))
        day = nxt
    starts = np.array([m0 for m0, _ in months])
    rng = np.random.default_rng(w["seed"])
    eng = w["sel"]
    cust, anchor, role, month = [eng], [coh[eng]], [np.ones(eng.size, bool)], \
        [np.searchsorted(starts, coh[eng], side="right") - 1]
    for k, (m0, nd) in enumerate(months):
        a = m0 + rng.integers(0, nd, n)
        ok = (created < a) & ((coh < 0) | (coh > a))
        cust.append(np.flatnonzero(ok))
        anchor.append(a[ok])
        role.append(np.zeros(int(ok.sum()), bool))
        month.append(np.full(int(ok.sum()), k))
    cust, anchor, engaged, month = (np.concatenate(x) for x in (cust, anchor, role, month))
    pre_start = np.maximum.reduce([created[cust] + 1, np.full(cust.size, w["first_day"]),
                                   anchor - MAX_PRE_DAYS])
    s = np.maximum(anchor - pre_start, 0)
    x = count(cust, pre_start, anchor)
    win = count(cust, anchor + 1, anchor + d + 1)
    complete = anchor + d <= w["last_day"]
    last = np.full(n, -10 ** 6)
    np.maximum.at(last, o.cust[m], o.day[m])
    after = last[cust] > anchor + d
    expected = x * d / np.maximum(s, 1)
    pool = complete & ~engaged & (s >= MIN_PRE_DAYS)
    growth = {}
    for name, mask in (("all", pool), ("still", pool & after)):
        total = win[mask].sum() / expected[mask].sum()
        g = np.full(len(months), total)
        for k in range(len(months)):
            mk = mask & (month == k)
            if mk.sum() >= MIN_POOL and expected[mk].sum() > 0:
                g[k] = win[mk].sum() / expected[mk].sum()
        growth[name] = g
    e = complete & engaged
    ga, gs = growth["all"][month[e]], growth["still"][month[e]]
    se, xe = s[e], x[e]
    y = (win[e] > 0).astype(float)
    ev = (se >= MIN_PRE_DAYS) & (np.maximum(ga, gs) * d < se)
    cf_a = 1 - (1 - ga * d / np.maximum(se, 1)) ** xe
    cf_s = 1 - (1 - gs * d / np.maximum(se, 1)) ** xe
    ua, us = (y - cf_a)[ev].mean(), (y - cf_s)[ev].mean()
    u = (ua + us) / 2
    moe = 1.645 * (y - (cf_a + cf_s) / 2)[ev].std(ddof=1) / np.sqrt(ev.sum()) + abs(ua - us) / 2
    return {"estimate": float(u), "low": float(u - moe), "high": float(u + moe),
            "evaluated": int(ev.sum())}


# --- summary ------------------------------------------------------------------------------------
def summarise(rows: list[dict]) -> str:
    planted = np.array([r["planted"] for r in rows])
    out = []
    for label, key in (("estimate", "estimate"), ("rate oracle", "rate_oracle"),
                       ("draw oracle", "draw_oracle")):
        est = np.array([r[key] for r in rows])
        err = est - planted
        line = f"{label:>12}: bias {err.mean():+.4f}"
        if abs(planted.mean()) > 1e-9:       # the null scenario plants 0: no relative figures
            line += (f" ({err.mean() / planted.mean():+.1%} of the mean planted "
                     f"{planted.mean():.4f}), error SD {err.std(ddof=1):.4f}, within +-20% of "
                     f"planted in {np.mean(np.abs(err) <= 0.2 * np.abs(planted)):.0%}")
        else:
            line += f", error SD {err.std(ddof=1):.4f}"
        if key == "estimate":
            low = np.array([r["low"] for r in rows])
            high = np.array([r["high"] for r in rows])
            covered = np.mean((low <= planted) & (planted <= high))
            line += (f", 90% interval covers planted in {covered:.0%}"
                     f" (mean half-width {np.mean(high - low) / 2:.4f})")
        out.append(line)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=5000)
    ap.add_argument("--seeds", type=int, default=40)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--scenario", default="realistic", choices=sorted(_sim.SCENARIO_PARAMS))
    ap.add_argument("--replay", action="store_true", help="Python replay instead of dbt (fast)")
    ap.add_argument("--out", type=Path, default=None, help="keep worlds and results here")
    args = ap.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="croi-retention-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    started = time.perf_counter()
    print("| seed | engaged | evaluated | planted | estimate [90% interval] | rate oracle | "
          "draw oracle | seconds |\n|---|---|---|---|---|---|---|---|")
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        t0 = time.perf_counter()
        w = simulate(seed, args.customers, args.scenario)
        ref = planted_and_oracles(w)
        rep = replay_estimate(w)
        if args.replay:
            est = rep
        else:
            est, truth = dbt_estimate(work, seed, args.customers, args.scenario)
            written = truth["retention"]["retention_90d_uplift"]
            if abs(written - ref["planted"]) > 1e-4:   # this script's world = the generator's
                raise RuntimeError(f"seed {seed}: planted {written} in truth.json, "
                                   f"{ref['planted']:.4f} here: the generator changed")
            est["replay_gap"] = est["estimate"] - rep["estimate"]
            if args.out is None:                        # temporary: keep only the results
                shutil.rmtree(work / f"{args.scenario}-{args.customers}-{seed}")
        row = {"seed": seed, **ref, **est, "seconds": round(time.perf_counter() - t0, 1)}
        rows.append(row)
        print(f"| {seed} | {row['engaged']} | {row['evaluated']} | {row['planted']:.4f} | "
              f"{row['estimate']:.4f} [{row['low']:.4f}, {row['high']:.4f}] | "
              f"{row['rate_oracle']:.4f} | {row['draw_oracle']:.4f} | {row['seconds']} |",
              flush=True)
    print(f"\n{args.scenario}, {args.customers:,} customers, {len(rows)} seeds "
          f"({'replay' if args.replay else 'dbt'}; {time.perf_counter() - started:.0f}s; median "
          f"{statistics.median(r['seconds'] for r in rows):.1f}s per seed):")
    print(summarise(rows))
    if not args.replay:
        gap = max(abs(r["replay_gap"]) for r in rows)
        print(f"largest gap between dbt and the Python replay: {gap:.4f}")
    (work / "retention_recovery.json").write_text(json.dumps(rows, indent=1))
    print(f"details: {work / 'retention_recovery.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
