"""Executive overview: what community management costs, who it reaches, what they buy, and what
people say, month by month. Observed figures; the causal ROI gets its own page."""

import charts
import common
import queries
import streamlit as st

ctx = common.require_data()
s, v = ctx.settings, ctx.version

st.title("Executive overview")
fresh = ctx.freshness
period = ctx.period
last_order = period["last_order_date"] if period else None
st.caption((f"Orders up to {ctx.date(last_order)} · " if last_order else "")
           + f"amounts in {ctx.currency}")

months = queries.overview_month_starts(s, v)
if not months:
    st.info("**No months to show yet:** the published data holds no order, cost, engagement or "
            "mention dates.")
    st.stop()
start, end = common.month_range(ctx, months, key="overview_range")
totals = queries.overview_totals(s, v, start, end)

cost, customers, revenue = st.columns(3)
cost.metric("Community cost", ctx.money(totals["community_cost"]), border=True,
            help="All community costs of the months shown: cost lines, staff time at the loaded "
                 "hourly cost, and the direct cost of actions.")
customers.metric("Engaged customers", ctx.number(totals["engaged_customers_to_date"]),
                 delta=f"+{ctx.number(totals['newly_engaged_customers'])} new",
                 delta_color="off", delta_arrow="off", border=True,
                 help="Customers linked to at least one engagement (comment, reply, event...), "
                      "counted up to the last month shown; the delta counts those who engaged "
                      "for the first time in the months shown.")
share = (totals["revenue_engaged_customers"] / totals["revenue_total"]
         if totals["revenue_total"] else None)
revenue.metric("Revenue from engaged customers", ctx.money(totals["revenue_engaged_customers"]),
               delta=f"{ctx.percent(share)} of revenue" if share is not None else None,
               delta_color="off", delta_arrow="off", border=True,
               help="Revenue of orders placed by customers after their first engagement. "
                    "Observed, not caused: engaged customers may simply be the best customers. "
                    "The causal share (incremental margin, ROI) is estimated separately.")
mentions, sentiment, refreshed = st.columns(3)
mentions.metric("Mentions", ctx.number(totals["mentions"]), border=True,
                help="Posts and comments about the brand by people outside the brand.")
sentiment.metric("Net sentiment", ctx.percent(totals["net_sentiment"], signed=True), border=True,
                 help="Share of positive minus share of negative mentions, from -100% to +100%. "
                      "A dash means no mention could be scored.")
refreshed.metric("Data refreshed", ctx.age(fresh.age_hours), border=True,
                 delta=ctx.when(fresh.refreshed_at), delta_color="off", delta_arrow="off",
                 help="When the nightly run that produced these figures finished. Freshness per "
                      "source is on the Data health page.")
st.page_link("app_pages/data_health.py", label="Data freshness per source",
             icon=":material/monitor_heart:")

monthly = queries.overview_months(s, v, start, end)
left, right = st.columns(2)
with left:
    st.subheader("Cost and revenue from engaged customers")
    st.altair_chart(charts.cost_and_revenue(monthly, ctx.currency, ctx.locale))
with right:
    st.subheader("Engaged customers")
    st.altair_chart(charts.engaged_customers(monthly, ctx.currency, ctx.locale))
st.subheader("Mentions and net sentiment")
st.altair_chart(charts.mentions_and_sentiment(monthly, ctx.currency, ctx.locale))
st.caption("These are observed figures. Revenue from engaged customers is not the revenue "
           "community management caused; the return on investment, measured against comparable "
           "customers who did not engage, is on the Channels & actions page once computed.")
