"""One row per scope (overall, channel of first engagement, action type of first engagement): the
causal incremental margin and revenue of engaging, with 90% intervals, and the bootstrap draws
behind them (so ROI intervals downstream use the very same draws).

Python because the estimator (community_roi.measure, docs/methodology.md) solves per-pool ratios
and a vectorised customer bootstrap; the heavy aggregation still runs as DuckDB SQL inside it.
"""

import pandas as pd

N_BOOT = 200
SEED = 20240601  # fixed: the same data gives the same intervals every night


def model(dbt, session):
    dbt.config(materialized="table")
    from community_roi.measure import COLUMNS, run_incrementality

    orders = dbt.ref("fct_orders")
    customers = dbt.ref("dim_customers")
    period = dbt.ref("dim_analysis_period").df()

    # The estimator reads plain table names on the connection it is given.
    orders.create_view("_croi_incr_orders", replace=True)
    customers.create_view("_croi_incr_customers", replace=True)

    columns = COLUMNS + ["margin_draws", "revenue_draws"]
    if period.empty or pd.isna(period.period_start[0]) or period.period_start[0] > period.period_end[0]:
        reason = "no valid analysis period (see dim_analysis_period)"
        row = {c: None for c in columns}
        row.update(scope="overall", scope_value="all", reason=reason, engaged_customers=0)
        return _typed(session, pd.DataFrame([row], columns=columns))

    p = period.iloc[0]
    result = run_incrementality(
        session, "_croi_incr_orders", "_croi_incr_customers",
        period_start=p.period_start, period_end=p.period_end,
        horizon_days=int(p.horizon_days), n_boot=N_BOOT, seed=SEED, level=0.90,
        first_order_date=p.first_order_date, last_order_date=p.last_order_date)
    table = result.table.copy()
    keys = list(zip(table.scope, table.scope_value))
    table["margin_draws"] = [list(map(float, result.margin_draws.get(k, []))) for k in keys]
    table["revenue_draws"] = [list(map(float, result.revenue_draws.get(k, []))) for k in keys]
    session.execute("DROP VIEW IF EXISTS _croi_incr_orders")
    session.execute("DROP VIEW IF EXISTS _croi_incr_customers")
    return _typed(session, table[columns])


TYPES = {
    "scope": "VARCHAR", "scope_value": "VARCHAR", "engaged_customers": "BIGINT",
    "matched_customers": "BIGINT", "comparison_customers": "BIGINT", "method": "VARCHAR",
    "reason": "VARCHAR", "margin_draws": "DOUBLE[]", "revenue_draws": "DOUBLE[]",
}


def _typed(session, df):
    """Cast every column explicitly: an all-NULL column (no estimate anywhere) must still carry
    the contract's types downstream, whatever pandas inferred."""
    session.register("_croi_incr_df", df)
    casts = ", ".join(f'CAST("{c}" AS {TYPES.get(c, "DOUBLE")}) AS "{c}"' for c in df.columns)
    return session.sql(f"SELECT {casts} FROM _croi_incr_df")
