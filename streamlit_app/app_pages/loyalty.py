"""Loyalty: do engaged customers stay longer and are they worth more than comparable customers
who did not engage, and how active is the loyalty programme?

Retention and customer value compare engaged customers with matched non-engaged ones over the
analysis period (the naive comparison beside them); programme activity follows the months shown.
None of these marts has a channel, so the channel filter does not apply here.
"""

import charts
import common
import formatting as fmt
import i18n
import queries
import streamlit as st

ctx = common.require_data()
s, v, t = ctx.settings, ctx.version, ctx.t
st.title(t("loyalty.title"))
f = common.filter_note(ctx, months=True, channel=False, why=t("loyalty.filter_why"))
rep = ctx.report["loyalty"]


def share(value) -> str:
    return ctx.percent(value, 1)


def points(value) -> str:
    return t("loyalty.points", n=ctx.number(value * 100, 1, signed=True))


# -- retention: engaged against comparable -----------------------------------------------------
st.subheader(t("loyalty.retention_title"))
cards = st.columns(3)
for column, key in zip(cards[:2], ("retention_90d_engaged", "retention_90d_matched_not_engaged")):
    value = rep.get(key)
    common.headline(column, t(f"loyalty.{key}"), share(value),
                    note=None if value is not None else ctx.reason(rep.get(f"{key}_reason")),
                    help=t(f"loyalty.{key}_help"))
uplift = rep.get("retention_90d_uplift")
common.headline(cards[2], t("loyalty.uplift"), points(uplift["estimate"]) if uplift else
                fmt.MISSING,
                note=t("overview.range", range=t("common.range", low=points(uplift["low"]),
                                                    high=points(uplift["high"])))
                if uplift else None, help=t("loyalty.uplift_help"))

curves = common.mart(ctx, "rpt_retention_curves", t("loyalty.retention_title"))
if curves is not None:
    if curves["retention_engaged"].notna().any():
        charts.show(charts.retention_curves(curves, ctx.currency, ctx.locale))
    st.caption(t("loyalty.retention_caption"))
    common.show_table("retention_curves", [
        (t("col.days"), curves["horizon_days"], None),
        (t("col.engaged_customers"), curves["engaged_customers"], ctx.number),
        (t("col.evaluated"), curves["evaluated_customers"], ctx.number),
        (t("col.retention_engaged"), curves["retention_engaged"], share),
        (t("col.retention_comparable"), curves["retention_matched_not_engaged"], share),
        (t("col.uplift"), curves["retention_uplift"], points),
        (t("col.low"), curves["retention_uplift_low"], points),
        (t("col.high"), curves["retention_uplift_high"], points),
        (t("col.retention_naive"), curves["retention_not_engaged_naive"], share),
        (t("col.reason"), curves["reason"], None)])

# -- customer value ------------------------------------------------------------------------------
st.subheader(t("loyalty.value_title"))
value = common.mart(ctx, "rpt_customer_value", t("loyalty.value_title"))
if value is not None:
    st.caption(t("loyalty.value_caption"))
    common.show_table("customer_value", [
        (t("col.group"), [i18n.label("value_scope", f"{a}:{b}", ctx.locale)
                          for a, b in zip(value["scope"], value["scope_value"])], None),
        (t("col.engaged_customers"), value["engaged_customers"], ctx.number),
        (t("col.evaluated"), value["evaluated_customers"], ctx.number),
        (t("col.margin_engaged"), value["margin_12m_engaged"], ctx.money),
        (t("col.margin_comparable"), value["margin_12m_matched_not_engaged"], ctx.money),
        (t("col.incremental_margin"), value["incremental_margin_12m"], ctx.money),
        (t("col.low"), value["incremental_margin_12m_low"], ctx.money),
        (t("col.high"), value["incremental_margin_12m_high"], ctx.money),
        (t("col.margin_naive"), value["margin_12m_not_engaged_naive"], ctx.money),
        (t("col.reason"), value["reason"], None)])

# -- programme activity (months shown) ---------------------------------------------------------
st.subheader(t("loyalty.programme_title"))
if f is None or not queries.has_table(s, v, "rpt_loyalty_programme"):
    common.not_available(t("loyalty.programme_title"), t("common.not_published"))
else:
    programme = queries.loyalty_programme(s, v, f.start, f.end)
    if programme.empty:
        common.not_available(t("loyalty.programme_title"), t("loyalty.no_activity"))
    else:
        charts.show(charts.programme_activity(programme, ctx.currency, ctx.locale))
        common.show_table("loyalty_programme", [
            (t("col.month"), programme["month_start"], ctx.month),
            (t("col.group"), [i18n.label("member_group", g, ctx.locale)
                              for g in programme["member_group"]], None),
            (t("col.active_members"), programme["active_members"], ctx.number),
            (t("col.points_earned"), programme["points_earned"], ctx.number),
            (t("col.points_redeemed"), programme["points_redeemed"], ctx.number),
            (t("col.tier_ups"), programme["tier_ups"], None),
            (t("col.orders_per_member"), programme["orders_per_member"],
             lambda x: ctx.number(x, 2)),
            (t("col.margin_per_member"), programme["gross_margin_per_member"],
             lambda x: ctx.money(x, 2))])
