"""Altair charts for the pages: each takes a DataFrame from `queries` and returns a chart.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms of
colour blindness; every series is also named in a legend or axis, never told by colour alone.
Numbers and money follow the page's locale through Vega's `config.locale`, and month labels come
from `formatting`, so a French reader sees `1 234 €` and `avr. 2026` in axes and tooltips too.
Months are an ordered band (not a time scale) so bars and line points share the same centre.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from formatting import currency_symbol, month_label

# Okabe & Ito (2008), "Color Universal Design"
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7", "black": "#000000",
    "grey": "#999999",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion",
                                  "reddish_purple", "sky_blue", "yellow", "black", "grey")]

MONEY_FORMAT = "$,.0f"    # `$` is the locale's currency, set in `vega_locale`
COUNT_FORMAT = ",.0f"

BAND = alt.Step(30)        # horizontal bars: a fixed band per category, so every label shows


def vega_locale(locale: str, currency: str) -> dict:
    """Vega's number locale (a d3-format definition): separators and where the symbol goes."""
    symbol = currency_symbol(currency)
    if locale == "fr":
        return {"number": {"decimal": ",", "thousands": "\u202f", "grouping": [3],
                           "currency": ["", "\u00a0" + symbol], "percent": "\u00a0%"}}
    return {"number": {"decimal": ".", "thousands": ",", "grouping": [3],
                       "currency": [symbol, ""]}}


def _finish(chart, locale: str, currency: str, height=280):
    return chart.properties(height=height).configure(locale=vega_locale(locale, currency)
                                                     ).configure_legend(labelLimit=320)


def _months(df: pd.DataFrame, locale: str) -> tuple[pd.DataFrame, list[str]]:
    """The frame with a `month_label` column in the reader's locale, and the labels in order."""
    out = df.sort_values("month_start").copy()
    out["month_label"] = [month_label(pd.Timestamp(m).date(), locale) for m in out["month_start"]]
    return out, list(out["month_label"])


def _month_x(order: list[str]) -> alt.X:
    return alt.X("month_label:O", title=None, sort=order, axis=alt.Axis(labelAngle=0))


_MONTH_TOOLTIP = alt.Tooltip("month_label:O", title="Month")


def cost_and_revenue(df: pd.DataFrame, currency: str, locale: str = "en"):
    """Monthly community cost next to the revenue of engaged customers (solid and dashed lines,
    two colours, named in the legend)."""
    labels = {"community_cost": "Community cost",
              "revenue_engaged_customers": "Engaged customers' revenue"}
    data, order = _months(df, locale)
    long = data.melt(id_vars=["month_label"], value_vars=list(labels), var_name="series",
                     value_name="amount")
    long["series"] = long["series"].map(labels)
    domain = list(labels.values())
    chart = alt.Chart(long).mark_line(point=True, strokeWidth=2.5).encode(
        x=_month_x(order),
        y=alt.Y("amount:Q", title=currency, axis=alt.Axis(format=MONEY_FORMAT)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=domain,
                                        range=[OKABE_ITO["vermillion"], OKABE_ITO["blue"]])),
        strokeDash=alt.StrokeDash("series:N", legend=None,
                                  scale=alt.Scale(domain=domain, range=[[6, 3], [1, 0]])),
        tooltip=[_MONTH_TOOLTIP, alt.Tooltip("series:N", title="Figure"),
                 alt.Tooltip("amount:Q", title="Amount", format=MONEY_FORMAT)],
    )
    return _finish(chart, locale, currency)


def engaged_customers(df: pd.DataFrame, currency: str, locale: str = "en"):
    """New engaged customers each month (bars, left axis) and the running total (line, right)."""
    data, order = _months(df, locale)
    base = alt.Chart(data).encode(
        x=_month_x(order),
        tooltip=[_MONTH_TOOLTIP,
                 alt.Tooltip("newly_engaged_customers:Q", title="Newly engaged",
                             format=COUNT_FORMAT),
                 alt.Tooltip("engaged_customers_to_date:Q", title="Engaged to date",
                             format=COUNT_FORMAT)])
    bars = base.mark_bar(color=OKABE_ITO["sky_blue"]).encode(
        y=alt.Y("newly_engaged_customers:Q", title="Newly engaged (bars)",
                axis=alt.Axis(format=COUNT_FORMAT)))
    line = base.mark_line(color=OKABE_ITO["blue"], strokeWidth=2.5,
                          point=alt.OverlayMarkDef(color=OKABE_ITO["blue"])).encode(
        y=alt.Y("engaged_customers_to_date:Q", title="Engaged to date (line)",
                axis=alt.Axis(format=COUNT_FORMAT, orient="right")))
    return _finish(alt.layer(bars, line).resolve_scale(y="independent"), locale, currency)


def mentions_and_sentiment(df: pd.DataFrame, currency: str, locale: str = "en"):
    """Mentions each month (bars, left axis) and net sentiment (line, right axis, -100% to
    +100%). A month with no scored mention has no sentiment point rather than a zero."""
    data, order = _months(df, locale)
    base = alt.Chart(data).encode(
        x=_month_x(order),
        tooltip=[_MONTH_TOOLTIP,
                 alt.Tooltip("mentions:Q", title="Mentions", format=COUNT_FORMAT),
                 alt.Tooltip("net_sentiment:Q", title="Net sentiment", format="+.0%")])
    bars = base.mark_bar(color=OKABE_ITO["grey"], opacity=0.6).encode(
        y=alt.Y("mentions:Q", title="Mentions (bars)", axis=alt.Axis(format=COUNT_FORMAT)))
    line = base.mark_line(color=OKABE_ITO["orange"], strokeWidth=2.5,
                          point=alt.OverlayMarkDef(color=OKABE_ITO["orange"], size=50)).encode(
        y=alt.Y("net_sentiment:Q", title="Net sentiment (line)",
                scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(format="+.0%", orient="right")),
    ).transform_filter("isValid(datum.net_sentiment)")
    return _finish(alt.layer(bars, line).resolve_scale(y="independent"), locale, currency)


def rows_set_aside(df: pd.DataFrame, currency: str, locale: str = "en"):
    """Rows set aside per source: quarantined at load, and amounts that could not be converted.
    (Loaded rows dwarf them, so they are in the table, not in this chart.)"""
    labels = {"rows_quarantined": "Quarantined at load",
              "rows_unconvertible": "Amount not convertible"}
    long = df.melt(id_vars=["source_name"], value_vars=list(labels), var_name="kind",
                   value_name="rows")
    long["kind"] = long["kind"].map(labels)
    long["rows"] = long["rows"].astype(float)
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("source_name:N", title=None, sort=list(df["source_name"])),
        x=alt.X("rows:Q", title="Rows set aside", axis=alt.Axis(format=COUNT_FORMAT,
                                                                tickMinStep=1)),
        color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=list(labels.values()),
                                        range=[OKABE_ITO["vermillion"], OKABE_ITO["orange"]])),
        tooltip=[alt.Tooltip("source_name:N", title="Source"),
                 alt.Tooltip("kind:N", title="Rows"),
                 alt.Tooltip("rows:Q", title="Count", format=COUNT_FORMAT)],
    )
    return _finish(chart, locale, currency, height=BAND)


def cost_kind_label(kind: str) -> str:
    """`staff_time` -> `Staff time`, `costs:ads_boost` -> `Ads boost`."""
    named = {"staff_time": "Staff time", "action_direct": "Direct cost of actions"}
    if kind in named:
        return named[kind]
    text = kind.split(":", 1)[-1].replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def cost_by_channel(df: pd.DataFrame, currency: str, locale: str = "en"):
    """Community cost per channel, split by kind of cost, biggest channel first."""
    data = df.assign(kind=[cost_kind_label(k) for k in df["cost_kind"]])
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("channel:N", title=None, sort="-x"),
        x=alt.X("sum(amount):Q", title=currency, axis=alt.Axis(format=MONEY_FORMAT)),
        color=alt.Color("kind:N", title="Kind of cost", legend=alt.Legend(orient="top",
                                                                          columns=4),
                        scale=alt.Scale(range=PALETTE)),
        tooltip=[alt.Tooltip("channel:N", title="Channel"),
                 alt.Tooltip("kind:N", title="Kind of cost"),
                 alt.Tooltip("sum(amount):Q", title="Cost", format=MONEY_FORMAT)],
    )
    return _finish(chart, locale, currency, height=BAND)
