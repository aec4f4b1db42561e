"""Executive overview: is community management paying off, where, and can I trust it?

The causal figures (ROI, incremental margin, the naive difference) are the JSON report's for the
same run, so the screen, `community-roi report --json` and the board pack agree. They are measured
once over the analysis period; cost, engaged customers and the e-reputation index follow the
months shown and are compared with the months just before.
"""

import charts
import common
import formatting as fmt
import i18n
import pandas as pd
import queries
import streamlit as st
from common import Change

from community_roi.report import roi_verdict

ctx = common.require_data()
s, v, t = ctx.settings, ctx.version, ctx.t
st.title(t("overview.title"))

f = common.filter_note(ctx, months=True, channel=False, why=t("overview.all_channels"))
if f is None:
    common.not_available(t("overview.title"), t("overview.no_months"))
    st.stop()
rep = ctx.report
inc = rep["incrementality"]
period = ctx.period
in_period = bool(period and period["valid"] and (f.start, f.end) == (
    period["period_start"], period["period_end"].replace(day=1)))

# -- changes since the previous period: only for figures that have monthly values ------------
previous = f.previous()
totals = queries.overview_totals(s, v, f.start, f.end)
before = queries.overview_totals(s, v, *previous) if previous else None
monthly = queries.overview_months(s, v, f.start, f.end)
reputation = queries.ereputation_monthly(s, v, f.start, f.end)
index_now = queries.ereputation_totals(reputation)["reputation_index"]
index_before = (queries.ereputation_totals(queries.ereputation_monthly(s, v, *previous))
                ["reputation_index"] if previous else None)


def change(now, then, show) -> Change:
    if previous is None:
        return Change(None, t("overview.no_previous", n=f.months))
    if now is None or then is None:
        return Change(None, t("overview.no_value_before"))
    return Change(show(now - then), t("overview.vs", months=ctx.months(*previous)))


once = Change(None, t("overview.once"))
months_shown = t("overview.months_shown", months=ctx.months(f.start, f.end))

# -- the six headline figures ------------------------------------------------------------------
roi_card, margin_card, cost_card = st.columns(3)
payback_card, engaged_card, index_card = st.columns(3)
roi = rep["roi"]
common.headline(roi_card, t("overview.roi"),
                ctx.percent(roi["estimate"], signed=True) if roi else fmt.MISSING, once,
                note=(t("overview.range", range=common.interval_text(ctx, roi, "percent"))
                      if roi else ctx.reason(rep.get("roi_reason"))),
                help=t("overview.roi_help"))
margin = inc["incremental_margin"]
common.headline(margin_card, t("overview.incremental_margin"),
                ctx.money(margin["estimate"]) if margin else fmt.MISSING, once,
                note=(t("overview.range", range=common.interval_text(ctx, margin)) if margin
                      else ctx.reason(inc.get("incremental_margin_reason"))),
                help=t("overview.margin_help", days=rep["horizon_days"]))
common.headline(cost_card, t("overview.cost"), ctx.money(totals["community_cost"]),
                change(totals["community_cost"], before and before["community_cost"],
                       lambda d: ctx.money(d, signed=True)),
                note=months_shown, delta_color="off", help=t("overview.cost_help"),
                trend=list(monthly["community_cost"]))

payback = None
if queries.has_table(s, v, "rpt_roi"):
    overall = queries.mart(s, v, "rpt_roi").query("scope == 'overall'")
    if not overall.empty and pd.notna(overall["payback_months"].iloc[0]):
        payback = float(overall["payback_months"].iloc[0])
common.headline(payback_card, t("overview.payback"),
                t("overview.months_value", n=ctx.number(payback, 1)) if payback is not None
                else fmt.MISSING, once,
                note=(t("overview.payback_note", days=rep["horizon_days"]) if payback is not None
                      else ctx.reason(rep.get("roi_reason")) or t("overview.no_payback")),
                help=t("overview.payback_help"))
common.headline(engaged_card, t("overview.engaged"), ctx.number(totals["newly_engaged_customers"]),
                change(totals["newly_engaged_customers"],
                       before and before["newly_engaged_customers"],
                       lambda d: ctx.number(d, signed=True)),
                note=months_shown, help=t("overview.engaged_help"),
                trend=list(monthly["newly_engaged_customers"]))
index = rep["ereputation"].get("reputation_index")
common.headline(index_card, t("overview.index"),
                t("overview.index_value", value=ctx.number(index, 1)) if index is not None
                else fmt.MISSING,
                change(index_now, index_before,
                       lambda d: t("overview.points", n=ctx.number(d, 1, signed=True))),
                note=t("overview.index_note") if index is not None
                else ctx.reason(rep["ereputation"].get("reputation_index_reason")),
                help=t("overview.index_help"),
                trend=None if reputation is None else list(reputation["reputation_index"]))
if not in_period and period and period["valid"]:
    st.caption(t("overview.mixed_periods",
                 period=ctx.months(period["period_start"], period["period_end"])))

# -- the result in one sentence, and the naive number beside the causal one --------------------
with st.container(border=True):
    if roi:
        verdict = {"pays": "overview.verdict_pays", "loses": "overview.verdict_loses"}.get(
            roi_verdict(roi), "overview.verdict_unsure")
        unit = i18n.label("currency", ctx.currency, ctx.locale, default=ctx.money(1))
        st.markdown(t("overview.sentence", unit=unit,
                      low=ctx.money(1 + roi["low"], 2) if roi["low"] is not None else "?",
                      high=ctx.money(1 + roi["high"], 2) if roi["high"] is not None else "?",
                      best=ctx.money(1 + roi["estimate"], 2)) + " " + t(verdict))
    else:
        st.markdown(t("overview.sentence_missing", reason=ctx.reason(rep.get("roi_reason"))))

    naive, causal = inc.get("naive_per_engaged_customer"), inc.get("per_engaged_customer")
    left, right = st.columns([2, 3], vertical_alignment="center")
    with left:
        st.metric(t("overview.naive"), ctx.money(naive), help=t("overview.naive_help"))
        st.metric(t("overview.causal"), ctx.money(causal["estimate"]) if causal
                  else fmt.MISSING,
                  delta=t("overview.range", range=common.interval_text(ctx, causal))
                  if causal else ctx.reason(inc.get("per_engaged_customer_reason")),
                  delta_color="off", delta_arrow="off")
    with right:
        if causal and naive is not None:
            rows = pd.DataFrame({
                "label": [t("overview.naive_short"), t("overview.causal_short")],
                "estimate": [naive, causal["estimate"]], "low": [naive, causal["low"]],
                "high": [naive, causal["high"]]})
            charts.show(charts.estimates(rows, ctx.currency, ctx.locale,
                                         value_format=charts.MONEY_FORMAT,
                                         axis_title=t("overview.per_customer_axis")))
    st.caption(t("overview.why_naive"))

# -- can I trust it? ---------------------------------------------------------------------------
sources = rep["sources"]
read = sum(x.get("rows_read", 0) for x in sources.values())
aside = sum(x.get("quarantined", 0) for x in sources.values())
trust = [t("overview.trust_refreshed", age=ctx.age(ctx.freshness.age_hours)),
         t("overview.trust_rows", aside=ctx.number(aside), read=ctx.number(read),
           share=ctx.percent(aside / read if read else None, 2))]
if inc.get("unlinked_engaged_handles"):
    trust.append(t("overview.trust_unlinked", n=ctx.number(inc["unlinked_engaged_handles"])))
st.caption(" · ".join(trust))
st.page_link("app_pages/data_health.py", label=t("overview.see_health"),
             icon=":material/monitor_heart:")

# -- the trend ---------------------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(t("overview.trend_engaged"))
    charts.show(charts.engaged_customers(monthly, ctx.currency, ctx.locale))
with right:
    st.subheader(t("overview.trend_index"))
    if queries.has_table(s, v, "rpt_ereputation_weekly"):
        events = (queries.mart(s, v, "rpt_reputation_events")
                  if queries.has_table(s, v, "rpt_reputation_events") else pd.DataFrame())
        charts.show(charts.reputation_trend(queries.ereputation_weekly(s, v, f.start, f.end),
                                        charts.events_between(events, f.start, f.end),
                                        ctx.currency, ctx.locale))
    else:
        common.not_available(t("overview.trend_index"), t("common.not_published"))

# -- the board pack ----------------------------------------------------------------------------


st.download_button(t("overview.pdf"), data=lambda: queries.board_pack(s, v, ctx.locale),
                   file_name=f"community-roi-board-pack-{v.run_id}-{ctx.locale}.pdf",
                   mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
                   type="primary", key="board_pack", help=t("overview.pdf_help"))
