"""E-reputation: what people say about the brand and what it does to sales.

The index and net sentiment over time with rumours and buzz drawn on the chart, each event's
estimated effect on margin, how fast the brand answers, how often the community defends it before
the brand does, and the top advocates. The index, defence rate and response time in the headline
are the JSON report's (all the listening data); the rest follows the months shown.
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
st.title(t("ereputation.title"))
if not queries.has_table(s, v, "rpt_ereputation_weekly"):
    common.not_available(t("ereputation.title"), t("common.not_published"))
    st.stop()

f = common.filter_note(ctx, months=True, channel=True)
if f is None:
    common.not_available(t("ereputation.title"), t("overview.no_months"))
    st.stop()
channel = "all"
if f.channel is not None:
    if f.channel in queries.ereputation_channels(s, v):
        channel = f.channel
    else:
        st.caption(t("ereputation.no_channel_mentions", channel=ctx.channel(f.channel)))
rep = ctx.report["ereputation"]
shown = queries.ereputation_totals(queries.ereputation_monthly(s, v, f.start, f.end, channel))
events = pd.DataFrame()
if queries.has_table(s, v, "rpt_reputation_events"):
    events = charts.events_between(queries.mart(s, v, "rpt_reputation_events"), f.start, f.end)


def figure(key: str, show) -> tuple[str, str]:
    """A report figure (all the listening data) and its note: where it comes from, or the
    report's reason when it is missing."""
    value = rep.get(key)
    if value is None:
        return fmt.MISSING, ctx.reason(rep.get(f"{key}_reason")) or ""
    return show(value), t("ereputation.all_data")


# -- headline ----------------------------------------------------------------------------------
months_shown = t("overview.months_shown", months=ctx.months(f.start, f.end))
row1, row2 = st.columns(3), st.columns(3)
value, note = figure("reputation_index",
                     lambda x: t("overview.index_value", value=ctx.number(x, 1)))
common.headline(row1[0], t("overview.index"), value, note=note, help=t("overview.index_help"))
common.headline(row1[1], t("ereputation.net_sentiment"),
                ctx.percent(shown["net_sentiment"], signed=True), note=months_shown,
                help=t("ereputation.net_sentiment_help"))
common.headline(row1[2], t("ereputation.mentions"), ctx.number(shown["mentions"]),
                note=months_shown, help=t("ereputation.mentions_help"))
value, note = figure("defense_rate", ctx.percent)
common.headline(row2[0], t("ereputation.defense_rate"), value, note=note,
                help=t("ereputation.defense_help"))
value, note = figure("median_brand_response_minutes",
                     lambda x: t("ereputation.minutes", n=ctx.number(x)))
common.headline(row2[1], t("ereputation.response_time"), value, note=note,
                help=t("ereputation.response_help"))
kinds = events["kind"].value_counts() if not events.empty else pd.Series(dtype=int)
common.headline(row2[2], t("ereputation.events"),
                t("ereputation.events_value", rumours=ctx.number(kinds.get("rumor", 0)),
                  buzz=ctx.number(kinds.get("buzz", 0))),
                note=months_shown, help=t("ereputation.events_help"))

# -- the index over time, with rumours and buzz ------------------------------------------------
st.subheader(t("ereputation.trend_title"))
weekly = queries.ereputation_weekly(s, v, f.start, f.end, channel)
if weekly.empty:
    common.not_available(t("ereputation.trend_title"), t("ereputation.no_mentions"))
else:
    charts.show(charts.reputation_trend(weekly, events, ctx.currency, ctx.locale))
    st.caption(t("ereputation.trend_caption"))
if channel == "all":
    charts.show(charts.mentions_and_sentiment(queries.overview_months(s, v, f.start, f.end),
                                              ctx.currency, ctx.locale))

# -- each event and its estimated effect on sales ----------------------------------------------
st.subheader(t("ereputation.events_title"))
if not queries.has_table(s, v, "rpt_reputation_events"):
    common.not_available(t("ereputation.events_title"), t("common.not_published"))
elif events.empty:
    st.info(t("ereputation.no_events"), icon=":material/check_circle:")
else:
    events = events.sort_values("start_date")
    kinds = [i18n.label("event", k, ctx.locale) for k in events["kind"]]
    events["label"] = [f"{k} {ctx.date(p)}" for k, p in zip(kinds, events["peak_date"])]
    effects = pd.DataFrame({"label": events["label"], "estimate": events["sales_effect_margin"],
                            "low": events["sales_effect_low"],
                            "high": events["sales_effect_high"]})
    if effects["estimate"].notna().any():
        charts.show(charts.estimates(effects, ctx.currency, ctx.locale,
                                     value_format=charts.MONEY_FORMAT,
                                     axis_title=t("ereputation.effect_axis")))
    st.caption(t("ereputation.effect_caption"))
    common.show_table("reputation_events", [
        (t("col.event"), kinds, None),
        (t("col.start"), events["start_date"], ctx.date),
        (t("col.peak"), events["peak_date"], ctx.date),
        (t("col.end"), events["end_date"], ctx.date),
        (t("col.mentions"), events["mentions"], ctx.number),
        (t("col.net_sentiment"), events["net_sentiment"], lambda x: ctx.percent(x, signed=True)),
        (t("col.sales_effect"), events["sales_effect_margin"],
         lambda x: ctx.money(x, signed=True)),
        (t("col.low"), events["sales_effect_low"], ctx.money),
        (t("col.high"), events["sales_effect_high"], ctx.money),
        (t("col.note"), [t("ereputation.ongoing") if ongoing else
                         t("ereputation.provisional") if provisional else (reason or "")
                         for ongoing, provisional, reason in zip(
                             events["is_ongoing"], events["sales_effect_is_provisional"],
                             events["sales_effect_reason"])], None),
        (t("col.example"), events["top_text_1"], None)])

# -- response time and defence, month by month -------------------------------------------------
st.subheader(t("ereputation.response_title"))


def monthly(table: str) -> pd.DataFrame:
    df = queries.mart(s, v, table)
    df = df[df["scope"] == "month"]
    months = pd.to_datetime(df["month_start"]).dt.date
    return df[(months >= f.start) & (months <= f.end)]


left, right = st.columns(2)
with left:
    if queries.has_table(s, v, "rpt_brand_response"):
        charts.show(charts.monthly_line(monthly("rpt_brand_response"),
                                        "median_response_minutes",
                                        t("ereputation.response_axis"), ctx.currency,
                                        ctx.locale))
    else:
        common.not_available(t("ereputation.response_time"), t("common.not_published"))
with right:
    if queries.has_table(s, v, "rpt_community_defense"):
        charts.show(charts.monthly_line(monthly("rpt_community_defense"), "defense_rate",
                                        t("ereputation.defense_rate"), ctx.currency,
                                        ctx.locale, value_format=".0%",
                                        colour="bluish_green"))
    else:
        common.not_available(t("ereputation.defense_rate"), t("common.not_published"))

# -- top advocates -----------------------------------------------------------------------------
st.subheader(t("ereputation.advocates_title"))
advocates = common.mart(ctx, "rpt_top_advocates", t("ereputation.advocates_title"))
if advocates is not None:
    st.caption(t("ereputation.advocates_caption"))
    rows = advocates.sort_values("advocate_rank")
    common.show_table("top_advocates", [
        (t("col.rank"), rows["advocate_rank"], None),
        (t("col.handle"), rows["public_handle"], None),
        (t("col.score"), rows["advocate_score"], ctx.number),
        (t("col.defending_replies"), rows["defending_replies"], None),
        (t("col.positive_mentions"), rows["other_positive_mentions"], None),
        (t("col.mentions"), rows["mentions"], ctx.number),
        (t("col.average_reach"), rows["average_reach"], ctx.number),
        (t("col.channels"), rows["channels"], None),
        (t("col.last_seen"), rows["last_seen_date"], ctx.date)])
