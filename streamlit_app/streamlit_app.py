"""Community ROI dashboard: the router.

Run with `community-roi dashboard [--warehouse PATH]` or
`CROI_WAREHOUSE=PATH streamlit run streamlit_app/streamlit_app.py`. It reads only the published,
read-only copy of the warehouse (`Settings.serving`), never the file the nightly run writes.
This file only declares the pages and the chrome every page shares (language, filters, stale or
failed banner); pages live in `app_pages/` (not `pages/`: see docs/dashboard.md), SQL in
`queries.py`, charts in `charts.py`, every user-visible text in `i18n.py`.
"""

import common
import queries
import streamlit as st

st.set_page_config(page_title="Community ROI", page_icon=":material/insights:", layout="wide")
common.language_switch()   # first: every label below is in the chosen language
t = common.t

data_health = st.Page("app_pages/data_health.py", title=t("health.title"),
                      icon=":material/monitor_heart:", url_path="data-health")
navigation = st.navigation({
    t("nav.results"): [
        st.Page("app_pages/overview.py", title=t("overview.title"), icon=":material/dashboard:",
                url_path="overview", default=True),
        st.Page("app_pages/channels.py", title=t("channels.title"), icon=":material/campaign:",
                url_path="channels"),
        st.Page("app_pages/ereputation.py", title=t("ereputation.title"),
                icon=":material/forum:", url_path="e-reputation"),
        st.Page("app_pages/loyalty.py", title=t("loyalty.title"), icon=":material/loyalty:",
                url_path="loyalty"),
    ],
    t("nav.about"): [
        data_health,
        st.Page("app_pages/methodology.py", title=t("methodology.title"),
                icon=":material/menu_book:", url_path="methodology"),
    ],
})

try:
    common.sidebar()
    common.status_banner(health_page=data_health)
    navigation.run()
except queries.DataChanged:
    common.show_data_changed()
except queries.NoPublishedData as exc:
    common.show_no_data(reason=str(exc))
