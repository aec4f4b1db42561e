"""E-reputation: mentions and net sentiment month by month now; rumours, buzz, defence by the
community and brand response times once their marts are published."""

import charts
import common
import queries
import streamlit as st

ctx = common.require_data()
s, v = ctx.settings, ctx.version
st.title("E-reputation")

months = queries.overview_month_starts(s, v)
if months:
    start, end = common.month_range(ctx, months, key="ereputation_range")
    st.subheader("Mentions and net sentiment")
    st.altair_chart(charts.mentions_and_sentiment(queries.overview_months(s, v, start, end),
                                                  ctx.currency, ctx.locale))

common.pending(ctx, "Rumours, buzz, community defence and brand response time",
               queries.PENDING_MARTS["ereputation"],
               "They need the detection of spikes of negative or positive mentions and the "
               "reply threads.")
