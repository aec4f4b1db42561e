"""Speed of the incrementality estimator at the issue's scale.

100,000 customers and about 1,000,000 orders (synthetic, planted truth), 15 cohort months,
horizon 90 days, pre-period 365 days, 200 bootstrap draws. Prints each wall time and the median of
3 runs. The tables are built once in an in-memory DuckDB; only the estimator is timed.

    .venv/bin/python benchmarks/incrementality_speed.py [--customers 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import duckdb

from community_roi.measure.incrementality import run_incrementality
from community_roi.measure.simulate import scenario, simulate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--n-boot", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2, help="DuckDB threads (the target is 2 cores)")
    ap.add_argument("--no-still-active", action="store_true",
                    help="without the still-active weights (their cost is the difference)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    sim = simulate(scenario("realistic", args.customers, orders_per_customer_year=3.5), seed=1)
    con = duckdb.connect()
    con.execute(f"set threads = {args.threads}")
    sim.load(con)
    n_orders = con.execute("select count(*) from orders").fetchall()[0][0]
    print(f"data: {args.customers:,} customers, {n_orders:,} orders "
          f"(generated in {time.perf_counter() - t0:.1f}s)")
    times = []
    for i in range(args.runs):
        t = time.perf_counter()
        res = run_incrementality(con, "orders", "customers", period_start=date(2024, 1, 1),
                                 period_end=date(2025, 3, 31), n_boot=args.n_boot, seed=i,
                                 still_active_weights=not args.no_still_active)
        times.append(time.perf_counter() - t)
        o = res.table.iloc[0]
        print(f"run {i + 1}: {times[-1]:.2f}s  (engaged {o.engaged_customers:,}, "
              f"comparison {o.comparison_customers:,}, scopes {len(res.table)})")
    print(f"median wall time over {args.runs} runs: {statistics.median(times):.2f}s")


if __name__ == "__main__":
    main()
