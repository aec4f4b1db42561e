"""Altair charts for the pages: each takes a DataFrame from `queries` and returns a chart.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms of
colour blindness; every series is also named in a legend or axis (and lines differ by dash),
never told by colour alone. Numbers and money follow the page's locale through Vega's
`config.locale`, and month labels and titles come from `formatting` and `i18n`, so a French reader
sees `1 234 €`, `avr. 2026` and French titles in axes and tooltips too. Months are an ordered band
(not a time scale) so bars and line points share the same centre.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st
from formatting import DEFAULT_LOCALE, LOCALES, MONTHS, currency_symbol, date_label, month_label
from i18n import label, t

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
SIGNED_PERCENT = "+.0%"

BAND = alt.Step(30)        # horizontal bars: a fixed band per category, so every label shows

# Altair checks every object against the Vega-Lite JSON schema as it is built and again when it is
# drawn: about 50 ms per chart on every rerun, more than the rest of a page. The pages skip it
# (`show`); the tests turn VALIDATE on, so every chart the pages draw is still checked.
alt.utils.schemapi.disable_debug_mode()
VALIDATE = False


def show(chart) -> None:
    """Draws a chart built here."""
    st.vega_lite_chart(chart.to_dict(validate=VALIDATE))

# d3's time locale for French axes and tooltips on time scales ("juil. 2025")
FRENCH_TIME = {
    "dateTime": "%A %e %B %Y à %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
    "periods": ["", ""],
    "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"],
    "shortMonths": list(MONTHS["fr"]),
}


def vega_locale(locale: str, currency: str) -> dict:
    """Vega's number locale (a d3-format definition): separators and where the symbol goes."""
    symbol, spec = currency_symbol(currency), LOCALES.get(locale, LOCALES[DEFAULT_LOCALE])
    number = {"decimal": spec.decimal, "thousands": spec.thousands, "grouping": [3],
              "currency": [symbol, ""] if spec.symbol_first else ["", spec.symbol_gap + symbol]}
    if spec.percent_gap:
        number["percent"] = spec.percent_gap + "%"
    return {"number": number, "time": FRENCH_TIME} if locale == "fr" else {"number": number}


def _finish(chart, locale: str, currency: str, height=280):
    """Height, the locale and legend config, set as attributes: `.properties()` and
    `.configure()` would validate against the schema on every rerun (tests validate instead)."""
    chart.height = height
    chart.config = alt.Config(locale=vega_locale(locale, currency),
                              legend=alt.LegendConfig(labelLimit=320))
    return chart


def _focus_opacity() -> alt.Opacity:
    """Full opacity for the picked-out row (`focus` True), faded for the others."""
    return alt.Opacity("focus:N", legend=None,
                       scale=alt.Scale(domain=[True, False], range=[1.0, 0.3]))


def _months(df: pd.DataFrame, locale: str) -> tuple[pd.DataFrame, list[str]]:
    """The frame with a `month_label` column in the reader's locale, and the labels in order."""
    out = df.sort_values("month_start").copy()
    out["month_label"] = [month_label(pd.Timestamp(m).date(), locale) for m in out["month_start"]]
    return out, list(out["month_label"])


def _month_x(order: list[str]) -> alt.X:
    return alt.X("month_label:O", title=None, sort=order, axis=alt.Axis(labelAngle=0))


def _month_tooltip(locale: str) -> alt.Tooltip:
    return alt.Tooltip("month_label:O", title=t("chart.month", locale))


def _two_series(long: pd.DataFrame, domain: list[str], colours: list[str]) -> dict:
    """Colour and dash for two named series (legend on top), so they differ without colour."""
    return {"color": alt.Color("series:N", title=None, legend=alt.Legend(orient="top"),
                               scale=alt.Scale(domain=domain, range=colours)),
            "strokeDash": alt.StrokeDash("series:N", legend=None,
                                         scale=alt.Scale(domain=domain, range=[[1, 0], [6, 3]]))}


def engaged_customers(df: pd.DataFrame, currency: str, locale: str = "en"):
    """New engaged customers each month (bars, left axis) and the running total (line, right)."""
    data, order = _months(df, locale)
    new, to_date = t("chart.newly_engaged", locale), t("chart.engaged_to_date", locale)
    base = alt.Chart(data).encode(
        x=_month_x(order),
        tooltip=[_month_tooltip(locale),
                 alt.Tooltip("newly_engaged_customers:Q", title=new, format=COUNT_FORMAT),
                 alt.Tooltip("engaged_customers_to_date:Q", title=to_date, format=COUNT_FORMAT)])
    bars = base.mark_bar(color=OKABE_ITO["sky_blue"]).encode(
        y=alt.Y("newly_engaged_customers:Q", title=t("chart.bars", locale, what=new),
                axis=alt.Axis(format=COUNT_FORMAT)))
    line = base.mark_line(color=OKABE_ITO["blue"], strokeWidth=2.5,
                          point=alt.OverlayMarkDef(color=OKABE_ITO["blue"])).encode(
        y=alt.Y("engaged_customers_to_date:Q", title=t("chart.line", locale, what=to_date),
                axis=alt.Axis(format=COUNT_FORMAT, orient="right")))
    return _finish(alt.layer(bars, line).resolve_scale(y="independent"), locale, currency)


def mentions_and_sentiment(df: pd.DataFrame, currency: str, locale: str = "en"):
    """Mentions each month (bars, left axis) and net sentiment (line, right axis, -100% to
    +100%). A month with no scored mention has no sentiment point rather than a zero."""
    data, order = _months(df, locale)
    mentions, net = t("chart.mentions", locale), t("chart.net_sentiment", locale)
    base = alt.Chart(data).encode(
        x=_month_x(order),
        tooltip=[_month_tooltip(locale),
                 alt.Tooltip("mentions:Q", title=mentions, format=COUNT_FORMAT),
                 alt.Tooltip("net_sentiment:Q", title=net, format=SIGNED_PERCENT)])
    bars = base.mark_bar(color=OKABE_ITO["grey"], opacity=0.6).encode(
        y=alt.Y("mentions:Q", title=t("chart.bars", locale, what=mentions),
                axis=alt.Axis(format=COUNT_FORMAT)))
    line = base.mark_line(color=OKABE_ITO["orange"], strokeWidth=2.5,
                          point=alt.OverlayMarkDef(color=OKABE_ITO["orange"], size=50)).encode(
        y=alt.Y("net_sentiment:Q", title=t("chart.line", locale, what=net),
                scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(format=SIGNED_PERCENT, orient="right")),
    ).transform_filter("isValid(datum.net_sentiment)")
    return _finish(alt.layer(bars, line).resolve_scale(y="independent"), locale, currency)


def rows_set_aside(df: pd.DataFrame, currency: str, locale: str = "en"):
    """Rows set aside per source: quarantined at load, and amounts that could not be converted.
    (Loaded rows dwarf them, so they are in the table, not in this chart.)"""
    labels = {"rows_quarantined": t("chart.quarantined", locale),
              "rows_unconvertible": t("chart.unconvertible", locale)}
    long = df.melt(id_vars=["source_name"], value_vars=list(labels), var_name="kind",
                   value_name="rows")
    long["kind"] = long["kind"].map(labels)
    long["rows"] = long["rows"].astype(float)
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("source_name:N", title=None, sort=list(df["source_name"])),
        x=alt.X("rows:Q", title=t("chart.rows_set_aside", locale),
                axis=alt.Axis(format=COUNT_FORMAT, tickMinStep=1)),
        color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=list(labels.values()),
                                        range=[OKABE_ITO["vermillion"], OKABE_ITO["orange"]])),
        tooltip=[alt.Tooltip("source_name:N", title=t("chart.source", locale)),
                 alt.Tooltip("kind:N", title=t("chart.rows", locale)),
                 alt.Tooltip("rows:Q", title=t("chart.count", locale), format=COUNT_FORMAT)],
    )
    return _finish(chart, locale, currency, height=BAND)


def cost_by_channel(df: pd.DataFrame, currency: str, locale: str = "en"):
    """Community cost per channel, split by kind of cost, biggest channel first."""
    data = df.assign(kind=[label("cost_kind", k, locale) for k in df["cost_kind"]],
                     channel_label=[label("channel", c, locale) for c in df["channel"]])
    kind, channel = t("chart.cost_kind", locale), t("chart.channel", locale)
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("channel_label:N", title=None, sort="-x"),
        x=alt.X("sum(amount):Q", title=currency, axis=alt.Axis(format=MONEY_FORMAT)),
        color=alt.Color("kind:N", title=kind, legend=alt.Legend(orient="top", columns=4),
                        scale=alt.Scale(range=PALETTE)),
        tooltip=[alt.Tooltip("channel_label:N", title=channel), alt.Tooltip("kind:N", title=kind),
                 alt.Tooltip("sum(amount):Q", title=t("chart.cost", locale),
                             format=MONEY_FORMAT)],
    )
    return _finish(chart, locale, currency, height=BAND)


def estimates(df: pd.DataFrame, currency: str, locale: str = "en", *, value_format: str,
              axis_title: str, reference: float | None = 0.0, highlight: str | None = None):
    """Estimates with their 90% range, one row each (`label`, `estimate`, `low`, `high`): a
    dot on a horizontal bar for the range, and a rule at `reference` (break-even, no effect).
    `highlight` dims every row but that one (the channel filter)."""
    data = df.dropna(subset=["estimate"]).copy()
    data["focus"] = True if highlight is None else data["label"] == highlight
    order = list(data.sort_values("estimate", ascending=False)["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    opacity = _focus_opacity()
    tooltip = [alt.Tooltip("label:N", title=t("chart.scope", locale)),
               alt.Tooltip("estimate:Q", title=t("chart.estimate", locale), format=value_format),
               alt.Tooltip("low:Q", title=t("chart.low", locale), format=value_format),
               alt.Tooltip("high:Q", title=t("chart.high", locale), format=value_format)]
    base = alt.Chart(data).encode(y=y, opacity=opacity, tooltip=tooltip)
    bars = base.mark_rule(strokeWidth=8, color=OKABE_ITO["sky_blue"]).encode(
        x=alt.X("low:Q", title=axis_title, axis=alt.Axis(format=value_format)),
        x2=alt.X2("high:Q"))
    dots = base.mark_point(filled=True, size=110, color=OKABE_ITO["blue"]).encode(
        x=alt.X("estimate:Q"))
    layers = [bars, dots]
    if reference is not None:
        layers.insert(0, alt.Chart(pd.DataFrame({"x": [reference]})).mark_rule(
            color=OKABE_ITO["vermillion"], strokeDash=[4, 3]).encode(x=alt.X("x:Q")))
    return _finish(alt.layer(*layers), locale, currency, height=BAND)


def attribution_models(df: pd.DataFrame, currency: str, locale: str = "en",
                       highlight: str | None = None):
    """Revenue credited to each channel by the six models side by side: a group of six bars per
    channel (one colour per model, in the models' order, named in the legend)."""
    data = df.assign(channel_label=[label("channel", c, locale) for c in df["channel"]],
                     model=[label("model", m, locale) for m in df["attribution_model"]])
    data["focus"] = True if highlight is None else data["channel"] == highlight
    models = list(dict.fromkeys(data.sort_values("model_order")["model"]))
    order = list(data.groupby("channel_label")["credited_revenue"].sum()
                 .sort_values(ascending=False).index)
    model_title = t("chart.model", locale)
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("channel_label:N", title=None, sort=order),
        yOffset=alt.YOffset("model:N", sort=models),
        x=alt.X("credited_revenue:Q", title=t("chart.credited_revenue", locale),
                axis=alt.Axis(format=MONEY_FORMAT)),
        color=alt.Color("model:N", title=model_title, sort=models,
                        legend=alt.Legend(orient="top", columns=3),
                        scale=alt.Scale(domain=models, range=PALETTE[:len(models)])),
        opacity=_focus_opacity(),
        tooltip=[alt.Tooltip("channel_label:N", title=t("chart.channel", locale)),
                 alt.Tooltip("model:N", title=model_title),
                 alt.Tooltip("credited_revenue:Q", title=t("chart.credited_revenue", locale),
                             format=MONEY_FORMAT)],
    )
    return _finish(chart, locale, currency, height=alt.Step(9))


def events_between(events: pd.DataFrame, start, end) -> pd.DataFrame:
    """The rumours and buzz that overlap the months from `start` to `end` (month starts)."""
    if events.empty:
        return events
    last_day = (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).date()
    return events[(pd.to_datetime(events["end_date"]).dt.date >= start)
                  & (pd.to_datetime(events["start_date"]).dt.date <= last_day)]


def reputation_trend(weekly: pd.DataFrame, events: pd.DataFrame, currency: str,
                     locale: str = "en"):
    """The weekly e-reputation index (0-100; 50 = as much praise as criticism) with each rumour
    and buzz drawn as a shaded band from its start to its end, named at its peak."""
    data = weekly.assign(week=[pd.Timestamp(w) for w in weekly["week_start"]])
    index_title = t("chart.reputation_index", locale)
    x = alt.X("week:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0))
    line = alt.Chart(data).mark_line(color=OKABE_ITO["blue"], strokeWidth=2.5).encode(
        x=x, y=alt.Y("reputation_index:Q", title=index_title, scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("week:T", title=t("chart.week", locale), format="%d %b %Y"),
                 alt.Tooltip("reputation_index:Q", title=index_title, format=".1f"),
                 alt.Tooltip("mentions:Q", title=t("chart.mentions", locale),
                             format=COUNT_FORMAT)],
    ).transform_filter("isValid(datum.reputation_index)")
    neutral = alt.Chart(pd.DataFrame({"y": [50]})).mark_rule(
        color=OKABE_ITO["grey"], strokeDash=[4, 3]).encode(y=alt.Y("y:Q"))
    layers = [neutral, line]
    if not events.empty:
        kinds = {"rumor": t("chart.rumour", locale), "buzz": t("chart.buzz", locale)}
        ev = events.assign(
            start=pd.to_datetime(events["start_date"]),
            end=pd.to_datetime(events["end_date"]) + pd.Timedelta(days=1),
            peak=pd.to_datetime(events["peak_date"]),
            kind_label=[kinds.get(k, k) for k in events["kind"]])
        ev["text"] = [f"{k} {date_label(p.date(), locale)}"
                      for k, p in zip(ev["kind_label"], ev["peak"])]
        colour = alt.Color("kind_label:N", title=None, legend=alt.Legend(orient="top"),
                           scale=alt.Scale(domain=list(kinds.values()),
                                           range=[OKABE_ITO["vermillion"],
                                                  OKABE_ITO["bluish_green"]]))
        bands = alt.Chart(ev).mark_rect(opacity=0.3).encode(
            x=alt.X("start:T"), x2=alt.X2("end:T"), color=colour,
            tooltip=[alt.Tooltip("kind_label:N", title=t("chart.event", locale)),
                     alt.Tooltip("start:T", title=t("chart.start", locale), format="%d %b %Y"),
                     alt.Tooltip("mentions:Q", title=t("chart.mentions", locale),
                                 format=COUNT_FORMAT)])
        labels = alt.Chart(ev).mark_text(align="left", dx=4, dy=-4, fontSize=11,
                                         baseline="bottom").encode(
            x=alt.X("peak:T"), y=alt.YValue(12), text=alt.Text("text:N"), color=colour)
        layers = [bands, *layers, labels]
    return _finish(alt.layer(*layers), locale, currency, height=300)


def monthly_line(df: pd.DataFrame, field: str, title: str, currency: str, locale: str = "en",
                 value_format: str = ",.0f", colour: str = "blue"):
    """One figure month by month (a line with points); a month without it has no point."""
    data, order = _months(df, locale)
    chart = alt.Chart(data).mark_line(color=OKABE_ITO[colour], strokeWidth=2.5,
                                      point=alt.OverlayMarkDef(color=OKABE_ITO[colour])).encode(
        x=_month_x(order),
        y=alt.Y(f"{field}:Q", title=title, axis=alt.Axis(format=value_format)),
        tooltip=[_month_tooltip(locale),
                 alt.Tooltip(f"{field}:Q", title=title, format=value_format)],
    ).transform_filter(f"isValid(datum.{field})")
    return _finish(chart, locale, currency, height=240)


def retention_curves(df: pd.DataFrame, currency: str, locale: str = "en"):
    """Share of customers still buying after 30, 90, 180... days: engaged customers, comparable
    customers who did not engage (the causal comparison), and all non-engaged customers (the
    naive one, grey and dotted)."""
    labels = {"retention_engaged": t("chart.engaged", locale),
              "retention_matched_not_engaged": t("chart.comparable", locale),
              "retention_not_engaged_naive": t("chart.all_not_engaged", locale)}
    long = df.melt(id_vars=["horizon_days"], value_vars=list(labels), var_name="series",
                   value_name="retention").dropna(subset=["retention"])
    long["series"] = long["series"].map(labels)
    domain = list(labels.values())
    days = t("chart.days_after", locale)
    chart = alt.Chart(long).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("horizon_days:Q", title=days, axis=alt.Axis(values=sorted(df["horizon_days"]))),
        y=alt.Y("retention:Q", title=t("chart.still_buying", locale),
                axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=domain, range=[OKABE_ITO["blue"],
                                                              OKABE_ITO["orange"],
                                                              OKABE_ITO["grey"]])),
        strokeDash=alt.StrokeDash("series:N", legend=None,
                                  scale=alt.Scale(domain=domain, range=[[1, 0], [6, 3], [2, 2]])),
        tooltip=[alt.Tooltip("series:N", title=t("chart.figure", locale)),
                 alt.Tooltip("horizon_days:Q", title=days),
                 alt.Tooltip("retention:Q", title=t("chart.still_buying", locale),
                             format=".1%")],
    )
    return _finish(chart, locale, currency)


def programme_activity(df: pd.DataFrame, currency: str, locale: str = "en"):
    """Gross margin per active loyalty member, month by month: members who engaged with the
    community against the other members (two colours and dashes)."""
    data, order = _months(df, locale)
    data["series"] = [label("member_group", g, locale) for g in data["member_group"]]
    domain = [label("member_group", g, locale) for g in ("community_member", "other_member")]
    margin = t("chart.margin_per_member", locale)
    chart = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=_month_x(order),
        y=alt.Y("gross_margin_per_member:Q", title=margin, axis=alt.Axis(format=MONEY_FORMAT)),
        **_two_series(data, domain, [OKABE_ITO["blue"], OKABE_ITO["orange"]]),
        tooltip=[_month_tooltip(locale), alt.Tooltip("series:N", title=t("chart.group", locale)),
                 alt.Tooltip("gross_margin_per_member:Q", title=margin, format=MONEY_FORMAT),
                 alt.Tooltip("active_members:Q", title=t("chart.active_members", locale),
                             format=COUNT_FORMAT)],
    )
    return _finish(chart, locale, currency)
