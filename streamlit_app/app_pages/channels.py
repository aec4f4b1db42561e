"""Channels & actions: where community management pays off.

ROI, incremental margin and cost per channel and per action type (causal, over the analysis
period), cost and community-manager hours per channel, the top actions by engaged customers with
their cost, and the six attribution models side by side (these three over the months shown). The
channel filter picks one channel out: its figures on top, the others dimmed in the charts, and
only its actions in the top actions.
"""

import charts
import common
import formatting as fmt
import i18n
import pandas as pd
import queries
import streamlit as st

ctx = common.require_data()
s, v, t = ctx.settings, ctx.version, ctx.t
st.title(t("channels.title"))
f = common.filter_note(ctx, months=True, channel=True, why=t("channels.filter_why"))
focus = f.channel if f else None
money, number = ctx.money, ctx.number
TOP_ACTIONS = 10                # actions listed in "top actions"
UNALLOCATED = "(unallocated)"   # rpt_roi's action-type row for costs no action type can carry


def percent(value) -> str:
    return ctx.percent(value, signed=True)


def months_value(value) -> str:
    return t("overview.months_value", n=ctx.number(value, 1))


def interval_rows(df: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """`label, estimate, low, high` for charts.estimates, from a mart's `<prefix>_*` columns."""
    return pd.DataFrame({"label": df["label"], "estimate": df[f"{prefix}_estimate"],
                         "low": df[f"{prefix}_low"], "high": df[f"{prefix}_high"]})


def not_estimated(df: pd.DataFrame, column: str) -> None:
    """The rows without a figure, with the mart's reason (never drawn as zero)."""
    missing = df[df[column].isna()]
    if not missing.empty:
        st.caption(t("channels.not_estimated", rows=", ".join(missing["label"])))


# -- return by channel (analysis period) -------------------------------------------------------
st.subheader(t("channels.roi_title"))
st.caption(t("channels.roi_caption"))
roi = common.mart(ctx, "rpt_roi", t("channels.roi_title"))
if roi is not None:
    by_channel = roi[roi["scope"] == "channel"].copy()
    by_channel["label"] = [ctx.channel(c) for c in by_channel["scope_value"]]
    chosen = by_channel[by_channel["scope_value"] == focus]
    if not chosen.empty:
        row = chosen.iloc[0]
        st.markdown(f"**{row['label']}**")
        cards = st.columns(4)
        interval = {"low": row["roi_low"], "high": row["roi_high"]}
        common.headline(cards[0], t("overview.roi"), percent(row["roi_estimate"]),
                        note=t("overview.range", range=common.interval_text(
                            ctx, interval, "percent")) if pd.notna(row["roi_estimate"])
                        else ctx.reason(row["reason"]))
        common.headline(cards[1], t("overview.incremental_margin"),
                        money(row["incremental_margin_estimate"]),
                        note=t("overview.range", range=common.interval_text(ctx, {
                            "low": row["incremental_margin_low"],
                            "high": row["incremental_margin_high"]}))
                        if pd.notna(row["incremental_margin_estimate"])
                        else ctx.reason(row["reason"]))
        common.headline(cards[2], t("overview.cost"), money(row["cost"]),
                        note=t("channels.engaged_note",
                               n=number(row["engaged_customers"])))
        common.headline(cards[3], t("overview.payback"), months_value(row["payback_months"])
                        if pd.notna(row["payback_months"]) else fmt.MISSING)
    charts.show(charts.estimates(
        interval_rows(by_channel, "roi"), ctx.currency, ctx.locale,
        value_format=charts.SIGNED_PERCENT, axis_title=t("channels.roi_axis"),
        highlight=ctx.channel(focus) if focus else None))
    not_estimated(by_channel, "roi_estimate")
    common.show_table(pd.DataFrame({
        t("col.channel"): by_channel["label"],
        t("col.engaged_customers"): by_channel["engaged_customers"],
        t("col.incremental_margin"): by_channel["incremental_margin_estimate"],
        t("col.low"): by_channel["incremental_margin_low"],
        t("col.high"): by_channel["incremental_margin_high"],
        t("col.cost"): by_channel["cost"],
        t("col.roi"): by_channel["roi_estimate"],
        t("col.roi_low"): by_channel["roi_low"], t("col.roi_high"): by_channel["roi_high"],
        t("col.payback_months"): by_channel["payback_months"],
        t("col.cost_per_engaged"): by_channel["cost_per_engaged_customer"],
        t("col.naive_per_customer"): by_channel["naive_per_customer"],
        t("col.reason"): by_channel["reason"],
    }).sort_values(t("col.roi"), ascending=False), "roi_by_channel", formats={
        t("col.engaged_customers"): number, t("col.incremental_margin"): money,
        t("col.low"): money, t("col.high"): money, t("col.cost"): money,
        t("col.roi"): percent, t("col.roi_low"): percent, t("col.roi_high"): percent,
        t("col.payback_months"): lambda x: ctx.number(x, 1),
        t("col.cost_per_engaged"): money, t("col.naive_per_customer"): money})

# -- by action type (analysis period) ----------------------------------------------------------
st.subheader(t("channels.actions_title"))
st.caption(t("channels.actions_caption"))
roi_by_type = common.mart(ctx, "rpt_roi", t("channels.actions_title"))   # cached read
if roi_by_type is not None:
    actions = roi_by_type[roi_by_type["scope"] == "action_type"].copy()
    actions["label"] = [i18n.label("action_type", a, ctx.locale) for a in actions["scope_value"]]
    # the cost no action type can carry is a row of its own, not an action type to estimate
    typed = actions[actions["scope_value"] != UNALLOCATED]
    charts.show(charts.estimates(
        interval_rows(typed, "per_customer"), ctx.currency, ctx.locale,
        value_format=charts.MONEY_FORMAT, axis_title=t("channels.per_customer_axis")))
    not_estimated(typed, "per_customer_estimate")
    common.show_table(pd.DataFrame({
        t("col.action_type"): actions["label"],
        t("col.engaged_customers"): actions["engaged_customers"],
        t("col.per_customer"): actions["per_customer_estimate"],
        t("col.low"): actions["per_customer_low"], t("col.high"): actions["per_customer_high"],
        t("col.incremental_margin"): actions["incremental_margin_estimate"],
        t("col.cost"): actions["cost"],
        t("col.roi"): actions["roi_estimate"],
        t("col.roi_low"): actions["roi_low"], t("col.roi_high"): actions["roi_high"],
        t("col.cost_per_engaged"): actions["cost_per_engaged_customer"],
        t("col.naive_per_customer"): actions["naive_per_customer"],
        t("col.reason"): actions["reason"],
    }).sort_values([t("col.incremental_margin"), t("col.cost")], ascending=False),
        "roi_by_action_type",
        formats={t("col.engaged_customers"): number, t("col.per_customer"): money,
                 t("col.low"): money, t("col.high"): money,
                 t("col.incremental_margin"): money, t("col.cost"): money,
                 t("col.roi"): percent, t("col.roi_low"): percent, t("col.roi_high"): percent,
                 t("col.cost_per_engaged"): money, t("col.naive_per_customer"): money})
    st.caption(t("channels.action_cost_rule"))
    unallocated = actions.loc[actions["scope_value"] == UNALLOCATED, "cost"]
    overall = roi_by_type.loc[roi_by_type["scope"] == "overall", "cost"]
    if unallocated.notna().any() and unallocated.sum() and not overall.empty:
        st.caption(t("channels.action_cost_unallocated", amount=money(unallocated.sum()),
                     total=money(overall.iloc[0])))

# -- cost and community-manager time (months shown) --------------------------------------------
st.subheader(t("channels.cost_title"))
if f is not None and queries.has_table(s, v, "rpt_community_costs"):
    costs = queries.channel_costs(s, v, f.start, f.end)
    if costs.empty:
        common.not_available(t("channels.cost_title"), t("channels.no_cost"))
    else:
        # staff time is valued at the loaded hourly cost, so hours = staff cost / that cost
        costs["hours"] = costs["staff_cost"] / ctx.staff_hourly_cost
        costs["per_hour"] = costs["cost"] / costs["hours"].where(costs["hours"] > 0)
        shown = costs if focus is None or focus not in set(costs["channel"]) else \
            costs[costs["channel"] == focus]
        total, hours, per_hour = st.columns(3)
        common.headline(total, t("channels.total_cost"), money(shown["cost"].sum()),
                        help=t("overview.cost_help"))
        common.headline(hours, t("channels.cm_hours"), number(shown["hours"].sum()),
                        help=t("channels.cm_hours_help", rate=ctx.money(ctx.staff_hourly_cost)))
        all_hours = shown["hours"].sum()
        common.headline(per_hour, t("channels.cost_per_hour"),
                        money(shown["cost"].sum() / all_hours) if all_hours else
                        fmt.MISSING, help=t("channels.cost_per_hour_help"))
        by_kind = queries.community_costs(s, v, f.start, f.end)
        if focus is not None and focus in set(by_kind["channel"]):
            by_kind = by_kind[by_kind["channel"] == focus]
        charts.show(charts.cost_by_channel(by_kind, ctx.currency, ctx.locale))
        common.show_table(pd.DataFrame({
            t("col.channel"): [ctx.channel(c) for c in costs["channel"]],
            t("col.cost"): costs["cost"], t("col.staff_cost"): costs["staff_cost"],
            t("col.cm_hours"): costs["hours"], t("col.cost_per_hour"): costs["per_hour"],
        }), "cost_by_channel", formats={
            t("col.cost"): money, t("col.staff_cost"): money, t("col.cm_hours"): number,
            t("col.cost_per_hour"): money})
else:
    common.not_available(t("channels.cost_title"), t("common.not_published"))

# -- top actions (months shown) -----------------------------------------------------------------
st.subheader(t("channels.top_actions"))
if f is not None and queries.has_table(s, v, "rpt_top_actions"):
    top = queries.top_actions(s, v, f.start, f.end, focus, TOP_ACTIONS)
    if top.empty:
        common.not_available(t("channels.top_actions"), t("channels.no_actions"))
    else:
        st.caption(t("channels.top_actions_caption", n=number(len(top))))
        common.show_table(pd.DataFrame({
            t("col.rank"): top["rank"],
            t("col.action"): top["action_id"],
            t("col.published"): top["published_date"],
            t("col.channel"): [ctx.channel(c) for c in top["channel"]],
            t("col.action_type"): [i18n.label("action_type", a, ctx.locale)
                                   for a in top["action_type"]],
            t("col.campaign"): top["campaign"], t("col.topic"): top["topic"],
            t("col.engaged_customers"): top["engaged_customers"],
            t("col.engagements"): top["engagements"],
            t("col.cm_hours"): top["staff_minutes"] / 60,
            t("col.action_cost"): top["total_cost"],
            t("col.cost_per_engaged"): top["cost_per_engaged_customer"],
            t("col.reason"): top["cost_per_engaged_customer_reason"],
        }), "top_actions", formats={
            t("col.published"): ctx.date, t("col.engaged_customers"): number,
            t("col.engagements"): number, t("col.cm_hours"): lambda x: ctx.number(x, 1),
            t("col.action_cost"): lambda x: ctx.money(x, 2),
            t("col.cost_per_engaged"): lambda x: ctx.money(x, 2)})
else:
    common.not_available(t("channels.top_actions"), t("common.not_published"))

# -- attribution: six models side by side (months shown) ---------------------------------------
st.subheader(t("channels.attribution_title"))
if f is not None and queries.has_table(s, v, "rpt_attribution_monthly"):
    credits = queries.attribution(s, v, f.start, f.end)
    if credits.empty or not credits["credited_revenue"].any():
        common.not_available(t("channels.attribution_title"), t("channels.no_touch"))
    else:
        charts.show(charts.attribution_models(credits, ctx.currency, ctx.locale,
                                              highlight=focus))
        table = credits.pivot_table(index="channel", columns="attribution_model",
                                    values="credited_revenue", aggfunc="sum")
        models = list(dict.fromkeys(credits.sort_values("model_order")["attribution_model"]))
        table = table[models].sort_values(models[0], ascending=False)
        table.columns = [i18n.label("model", m, ctx.locale) for m in models]
        table.insert(0, t("col.channel"), [ctx.channel(c) for c in table.index])
        common.show_table(table.reset_index(drop=True), "attribution_by_model",
                          formats={c: money for c in table.columns[1:]})
        st.caption(t("channels.attribution_caption",
                     total=money(credits.groupby("attribution_model")["credited_revenue"]
                                 .sum().iloc[0])))
else:
    common.not_available(t("channels.attribution_title"), t("common.not_published"))
