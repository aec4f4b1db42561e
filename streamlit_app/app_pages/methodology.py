"""Methodology: how ROI is measured, in plain words, with its assumptions and limits, and where
the full documents are. Readable without any published data."""

import common
import streamlit as st

from community_roi.settings import PROJECT_ROOT

t = common.t
st.title(t("methodology.title"))
for section in ("sources", "question", "naive", "method", "interval", "roi", "channels",
                "attribution", "ereputation", "loyalty", "period"):
    st.markdown(t(f"methodology.{section}"))

st.subheader(t("methodology.assumptions_title"))
st.markdown(t("methodology.assumptions"))
st.subheader(t("methodology.limits_title"))
st.markdown(t("methodology.limits"))

st.subheader(t("methodology.documents_title"))
st.markdown(t("methodology.documents"))
methodology = PROJECT_ROOT / "docs" / "methodology.md"
if methodology.is_file():
    with st.expander(t("methodology.read_here")):
        st.markdown(methodology.read_text(encoding="utf-8"))
