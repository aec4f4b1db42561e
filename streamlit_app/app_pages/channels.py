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


def roi_columns(rows: pd.DataFrame, payback: bool) -> list[common.Column]:
    """The cost and ROI columns the channel and action-type tables share, in their order."""
    return [(t("col.cost"), rows["cost"], money),
            (t("col.roi"), rows["roi_estimate"], percent),
            (t("col.roi_low"), rows["roi_low"], percent),
            (t("col.roi_high"), rows["roi_high"], percent),
            *([(t("col.payback_months"), rows["payback_months"], lambda x: ctx.number(x, 1))]
              if payback else []),
            (t("col.cost_per_engaged"), rows["cost_per_engaged_customer"], money),
            (t("col.naive_per_customer"), rows["naive_per_customer"], money),
            (t("col.reason"), rows["reason"], None)]


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
    rows = by_channel.sort_values("roi_estimate", ascending=False)
    common.show_table("roi_by_channel", [
        (t("col.channel"), rows["label"], None),
        (t("col.engaged_customers"), rows["engaged_customers"], number),
        (t("col.incremental_margin"), rows["incremental_margin_estimate"], money),
        (t("col.low"), rows["incremental_margin_low"], money),
        (t("col.high"), rows["incremental_margin_high"], money),
        *roi_columns(rows, payback=True)])

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
    rows = actions.sort_values(["incremental_margin_estimate", "cost"], ascending=False)
    common.show_table("roi_by_action_type", [
        (t("col.action_type"), rows["label"], None),
        (t("col.engaged_customers"), rows["engaged_customers"], number),
        (t("col.per_customer"), rows["per_customer_estimate"], money),
        (t("col.low"), rows["per_customer_low"], money),
        (t("col.high"), rows["per_customer_high"], money),
        (t("col.incremental_margin"), rows["incremental_margin_estimate"], money),
        *roi_columns(rows, payback=False)])
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
        common.show_table("cost_by_channel", [
            (t("col.channel"), [ctx.channel(c) for c in costs["channel"]], None),
            (t("col.cost"), costs["cost"], money),
            (t("col.staff_cost"), costs["staff_cost"], money),
            (t("col.cm_hours"), costs["hours"], number),
            (t("col.cost_per_hour"), costs["per_hour"], money)])
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
        common.show_table("top_actions", [
            (t("col.rank"), top["rank"], None),
            (t("col.action"), top["action_id"], None),
            (t("col.published"), top["published_date"], ctx.date),
            (t("col.channel"), [ctx.channel(c) for c in top["channel"]], None),
            (t("col.action_type"), [i18n.label("action_type", a, ctx.locale)
                                    for a in top["action_type"]], None),
            (t("col.campaign"), top["campaign"], None),
            (t("col.topic"), top["topic"], None),
            (t("col.engaged_customers"), top["engaged_customers"], number),
            (t("col.engagements"), top["engagements"], number),
            (t("col.cm_hours"), top["staff_minutes"] / 60, lambda x: ctx.number(x, 1)),
            (t("col.action_cost"), top["total_cost"], lambda x: ctx.money(x, 2)),
            (t("col.cost_per_engaged"), top["cost_per_engaged_customer"],
             lambda x: ctx.money(x, 2)),
            (t("col.reason"), top["cost_per_engaged_customer_reason"], None)])
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
        common.show_table("attribution_by_model", [
            (t("col.channel"), [ctx.channel(c) for c in table.index], None),
            *((label, table[label].to_numpy(), money) for label in table.columns)])
        st.caption(t("channels.attribution_caption",
                     total=money(credits.groupby("attribution_model")["credited_revenue"]
                                 .sum().iloc[0])))
else:
    common.not_available(t("channels.attribution_title"), t("common.not_published"))
