"""Cost and ROI per action type (rpt_roi, scope 'action_type') and the top-actions mart
(rpt_top_actions) on a really built warehouse: the session's demo world (tests/conftest.py).

The expected figures are recomputed here with pandas from the converted inputs
(`int_costs_converted`, `int_actions_converted`: landed costs and actions in the reporting
currency) and the engagement links, following the allocation rule written in
fct_action_type_costs.sql, sharing no SQL with the marts under test. No hard-coded figure.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from community_roi.report import build_report

pytestmark = pytest.mark.slow

UNALLOCATED = "(unallocated)"
TOL = 1e-6


def _df(settings, sql: str, params=None) -> pd.DataFrame:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(world):
    settings, _truth = world
    period = _df(settings, "SELECT period_start, period_end FROM marts.dim_analysis_period")
    start, end = (pd.Timestamp(period.iloc[0][c]) for c in ("period_start", "period_end"))
    assert start <= end, "the demo world must have an analysis period"
    return settings, start, end


def _inputs(settings, start, end):
    """Landed costs and actions of the period's months, in the reporting currency."""
    costs = _df(settings, """
        SELECT month_start, channel, is_shared, amount
        FROM intermediate.int_costs_converted WHERE fx_rate IS NOT NULL""")
    actions = _df(settings, """
        SELECT action_id, channel, action_type, published_date, staff_minutes, staff_cost,
               direct_cost
        FROM intermediate.int_actions_converted""")
    costs["month_start"] = pd.to_datetime(costs["month_start"])
    actions["month_start"] = pd.to_datetime(actions["published_date"]).dt.to_period("M") \
        .dt.to_timestamp()
    costs = costs[costs["month_start"].between(start, end)]
    actions = actions[actions["month_start"].between(start, end)]
    return costs, actions


def expected_action_type_costs(settings, start, end) -> tuple[pd.Series, float]:
    """Cost per action type over the period by the documented rule, and the overall cost."""
    costs, actions = _inputs(settings, start, end)
    actions = actions.assign(own=actions["staff_cost"] + actions["direct_cost"].fillna(0))
    by_type = actions.groupby("action_type")["own"].sum().to_dict()
    unallocated = 0.0

    def allocate(amount: float, weights: pd.Series) -> None:
        """Split `amount` by staff minutes; with no minutes it stays unallocated."""
        nonlocal unallocated
        total = weights.sum()
        if total > 0:
            for action_type, minutes in weights.items():
                by_type[action_type] = by_type.get(action_type, 0.0) + amount * minutes / total
        else:
            unallocated += amount

    for month, month_costs in costs.groupby("month_start"):
        in_month = actions[actions["month_start"] == month]
        channel_minutes = in_month.groupby("channel")["staff_minutes"].sum()
        landed = month_costs[~month_costs["is_shared"]].groupby("channel")["amount"].sum()
        shared = month_costs.loc[month_costs["is_shared"], "amount"].sum()
        # shared costs go to channels by staff minutes (as fct_community_costs does) ...
        if channel_minutes.sum() > 0:
            shares = channel_minutes / channel_minutes.sum()
            landed = landed.add(shared * shares, fill_value=0.0)
        else:
            unallocated += shared
        # ... then each channel's landed costs to its action types by staff minutes
        for channel, amount in landed.items():
            allocate(amount, in_month[in_month["channel"] == channel]
                     .groupby("action_type")["staff_minutes"].sum())
    overall = costs["amount"].sum() + actions["own"].sum()
    expected = pd.Series(by_type, dtype=float)
    if unallocated:
        expected[UNALLOCATED] = unallocated
    return expected, float(overall)


def test_action_type_costs_follow_the_allocation_rule_and_add_up(built):
    settings, start, end = built
    expected, overall = expected_action_type_costs(settings, start, end)
    roi = _df(settings, "SELECT scope, scope_value, cost FROM marts.rpt_roi")
    # the overall cost is what it always was: every cost of the period's months
    (overall_cost,) = roi.loc[roi["scope"] == "overall", "cost"]
    assert overall_cost == pytest.approx(overall, abs=TOL)
    assert build_report(settings)["cost"]["total"] == pytest.approx(overall_cost, abs=0.01)
    by_type = roi[roi["scope"] == "action_type"].set_index("scope_value")["cost"]
    # every action type with a cost has it, the remainder included, and nothing else has one
    assert set(by_type.dropna().index) == set(expected.index)
    for action_type, cost in expected.items():
        assert by_type[action_type] == pytest.approx(cost, abs=TOL), action_type
    assert by_type.sum() == pytest.approx(overall_cost, abs=TOL)
    # the demo world has months and channels with costs but no action: the remainder is real
    assert by_type.get(UNALLOCATED, 0) > 0
    # and per month the allocation loses nothing against fct_community_costs
    check = _df(settings, """
        WITH a AS (SELECT month_start, sum(amount) AS s FROM marts.fct_action_type_costs
                   GROUP BY 1),
             c AS (SELECT month_start, sum(amount) AS s FROM marts.fct_community_costs GROUP BY 1)
        SELECT c.month_start, c.s AS community, a.s AS by_type
        FROM c FULL JOIN a USING (month_start)""")
    assert np.allclose(check["community"], check["by_type"], atol=TOL)


def test_action_type_roi_uses_the_same_draws(built):
    settings, _start, _end = built
    rows = _df(settings, """
        SELECT r.scope_value, r.cost, r.roi_estimate, r.roi_low, r.roi_high, r.engaged_customers,
               r.cost_per_engaged_customer, r.reason, i.incremental_margin_estimate,
               i.engaged_customers AS inc_engaged, i.margin_draws
        FROM marts.rpt_roi AS r
        LEFT JOIN marts.fct_incrementality AS i
          ON i.scope = r.scope AND i.scope_value = r.scope_value
        WHERE r.scope = 'action_type'""")
    # every action type the estimator returned has its row, with the same customers
    (estimated,) = _df(settings, "SELECT count(*) FROM marts.fct_incrementality "
                                 "WHERE scope = 'action_type'").iloc[0]
    assert rows["inc_engaged"].notna().sum() == estimated
    with_roi = 0
    for row in rows.itertuples():
        if row.roi_estimate is None or pd.isna(row.roi_estimate):
            assert row.reason, row.scope_value                 # never a silent gap
            continue
        with_roi += 1
        assert row.roi_estimate == pytest.approx(
            (row.incremental_margin_estimate - row.cost) / row.cost)
        draws = np.asarray(row.margin_draws, dtype=float)
        low, high = np.quantile((draws - row.cost) / row.cost, [0.05, 0.95])
        assert row.roi_low == pytest.approx(low) and row.roi_high == pytest.approx(high)
        assert row.cost_per_engaged_customer == pytest.approx(row.cost / row.engaged_customers)
    assert with_roi >= 3, "the demo world should estimate several action types"
    # an action type with a cost but no engaged customer keeps its row, with 0 and a reason
    costed_only = rows[rows["inc_engaged"].isna() & (rows["scope_value"] != UNALLOCATED)]
    assert (costed_only["engaged_customers"] == 0).all()
    assert costed_only["reason"].notna().all() and costed_only["roi_estimate"].isna().all()
    remainder = rows[rows["scope_value"] == UNALLOCATED]
    assert remainder["engaged_customers"].isna().all() and remainder["reason"].notna().all()
    # channels are untouched: no cost-only rows were added there
    (channels, estimated_channels) = _df(settings, """
        SELECT (SELECT count(*) FROM marts.rpt_roi WHERE scope = 'channel'),
               (SELECT count(*) FROM marts.fct_incrementality WHERE scope = 'channel')""").iloc[0]
    assert channels == estimated_channels


def test_top_actions_has_every_action_with_its_cost(built):
    settings, start, end = built
    top = _df(settings, "SELECT * FROM marts.rpt_top_actions")
    actions = _df(settings, """
        SELECT action_id, channel, action_type, published_date, staff_minutes, direct_cost
        FROM intermediate.int_actions_converted""").set_index("action_id")
    links = _df(settings, """
        SELECT action_id, count(*) AS n_engagements, count(DISTINCT customer_id) AS n_customers
        FROM intermediate.int_engagements_resolved WHERE action_id IS NOT NULL
        GROUP BY action_id""").set_index("action_id")
    (rate,) = _df(settings, "SELECT staff_cost / staff_minutes FROM "
                            "intermediate.int_actions_converted WHERE staff_minutes > 0 "
                            "LIMIT 1").iloc[0]
    assert rate * 60 == pytest.approx(settings.staff_hourly_cost)

    assert top["action_id"].is_unique and set(top["action_id"]) == set(actions.index)
    top = top.set_index("action_id")
    joined = top.join(actions, rsuffix="_in").join(links)
    assert (joined["channel"] == joined["channel_in"]).all()
    assert (joined["action_type"] == joined["action_type_in"]).all()
    assert (joined["engagements"] == joined["n_engagements"].fillna(0)).all()
    assert (joined["engaged_customers"] == joined["n_customers"].fillna(0)).all()
    expected_total = joined["staff_minutes_in"] / 60 * settings.staff_hourly_cost \
        + joined["direct_cost_in"]
    assert np.allclose(joined["total_cost"], expected_total, atol=TOL, equal_nan=True)
    # cost per engaged customer: a real figure or NULL with a reason, never 0/0 or infinite
    engaged = joined["engaged_customers"] > 0
    figure = joined["cost_per_engaged_customer"]
    assert np.allclose(figure[engaged], (joined["total_cost"] / joined["engaged_customers"])
                       [engaged], atol=TOL, equal_nan=True)
    assert figure[~engaged].isna().all()
    assert joined.loc[figure.isna(), "cost_per_engaged_customer_reason"].notna().all()
    assert np.isfinite(figure.dropna()).all()
    # ranks by engaged customers, then engagements, then action id
    period = joined["published_date"].between(start, end)
    assert (joined["in_analysis_period"] == period).all()
    ordered = joined[period].reset_index().sort_values(
        ["engaged_customers", "engagements", "action_id"], ascending=[False, False, True])
    assert list(ordered["rank_in_period"]) == list(range(1, len(ordered) + 1))
    assert joined.loc[~period, "rank_in_period"].isna().all()
    first = joined[joined["rank_in_month"] == 1]
    assert len(first) == joined["published_month"].nunique()
    # no personal data: no author, handle or e-mail column
    assert not {c for c in top.columns if any(k in c for k in ("author", "handle", "email"))}
