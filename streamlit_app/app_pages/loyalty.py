"""Loyalty: retention of engaged customers against comparable customers, once published."""

import common
import queries
import streamlit as st

ctx = common.require_data()
st.title("Loyalty")
common.pending(ctx, "Loyalty and retention", queries.PENDING_MARTS["loyalty"],
               "They compare how many engaged customers are still buying 90 days later with "
               "similar customers who did not engage.")
