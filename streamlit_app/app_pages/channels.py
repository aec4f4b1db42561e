"""Channels & actions: cost per channel now; return on investment and attribution per channel
once their marts are published."""

import charts
import common
import queries
import streamlit as st

ctx = common.require_data()
s, v = ctx.settings, ctx.version
st.title("Channels & actions")

common.pending(ctx, "Return on investment and attribution by channel",
               queries.PENDING_MARTS["channels"],
               "They need the causal estimate (engaged customers compared with similar customers "
               "who did not engage) and the attribution models.")

st.subheader("Community cost by channel")
if not queries.has_table(s, v, "rpt_community_costs"):
    st.info("**Cost by channel: not available yet.** The cost figures are not published yet.")
else:
    months = queries.cost_month_starts(s, v)
    if not months:
        st.info("No community cost has been recorded yet.")
    else:
        start, end = common.month_range(ctx, months, key="channels_range")
        costs = queries.community_costs(s, v, start, end)
        if costs.empty:
            st.info("No community cost was recorded in these months.")
        else:
            st.metric("Community cost", ctx.money(costs["amount"].sum()), border=True,
                      width="content", help="All community costs of the months shown: cost "
                      "lines, staff time at the loaded hourly cost, and direct costs of actions.")
            st.altair_chart(charts.cost_by_channel(costs, ctx.currency, ctx.locale))
