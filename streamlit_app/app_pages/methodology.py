"""Methodology, in plain words, with pointers to the full documents."""

import streamlit as st

from community_roi.settings import PROJECT_ROOT

st.title("Methodology")
st.markdown("""
**Where the figures come from.** Every night the pipeline loads the files your systems drop in
the landing folder (customers, orders, loyalty, community actions, engagements, mentions, costs),
sets aside any row it cannot trust with the reason why, rebuilds every figure, checks them, and
only then publishes them. This dashboard reads that published copy; if a night fails, it keeps
showing the last good one and says so at the top of every page.

**Engaged customer.** A customer we can link to at least one engagement with the community
(a comment, a reply, an event...). Their first engagement is the day they became engaged.

**Revenue from engaged customers.** What engaged customers bought after their first engagement.
It is *observed*, not *caused*: people who engage are often already the best customers.

**Return on investment.** The part of engaged customers' margin that would not have happened
without the community, estimated by comparing them with similar customers who did not engage
(same buying habits before), minus the community's cost, divided by that cost. It is shown with
a 90% range, because it is an estimate.

**Analysis period.** Whole months in which customers became engaged, chosen so that each has
enough history before and a full follow-up period after. It can be set by hand.

**Net sentiment.** The share of positive mentions minus the share of negative ones, from -100%
to +100%, over mentions by people outside the brand.
""")

st.subheader("Full documents")
docs = {
    "docs/methodology.md": "the methods and their assumptions, in detail",
    "docs/dashboard.md": "what each page shows and how the dashboard reads the data",
    "../shared/report-contract.md": "the exact definition of every figure",
    "../shared/landing-contract.md": "the input files and the settings you can change",
}
st.markdown("\n".join(f"- `{path}`: {what}" for path, what in docs.items()))
methodology = PROJECT_ROOT / "docs" / "methodology.md"
if methodology.is_file():
    with st.expander("Read docs/methodology.md here"):
        st.markdown(methodology.read_text(encoding="utf-8"))
