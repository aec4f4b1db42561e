"""What every page shares: settings, the published version, the language, the filters, the
sidebar, the banners, the table-with-CSV helper and the headline-figure card. No SQL here (that is
`queries`), no chart (that is `charts`), no user-visible text (that is `i18n`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import formatting as fmt
import i18n
import pandas as pd
import queries
import streamlit as st

from community_roi import pipeline
from community_roi.settings import Settings


def settings() -> Settings:
    """Settings from the environment (CROI_WAREHOUSE / CROI_HOME ...). A bad value stops the page
    with the one-line reason instead of a traceback."""
    try:
        return Settings.from_env()
    except ValueError as exc:
        st.error(t("common.bad_config", reason=exc))
        st.stop()
        raise  # unreachable: st.stop() raises


def locale() -> str:
    return st.session_state.get("lang") or fmt.DEFAULT_LOCALE


def t(key: str, **values) -> str:
    """The reader's language's text for `key` (i18n.CATALOGUE)."""
    return i18n.t(key, locale(), **values)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """How many months from `start` to `end`, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True)
class Filters:
    """The sidebar's filters, shared by every page (kept in session state across pages)."""

    start: date                 # first month shown
    end: date                   # last month shown
    channel: str | None         # None: every channel (the selectbox's placeholder)
    first_month: date           # the first month with any data

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    def previous(self) -> tuple[date, date] | None:
        """The same number of months just before; None when the data does not cover them all
        (a change against a partial period would be made up)."""
        start = add_months(self.start, -self.months)
        if start < self.first_month:
            return None
        return start, add_months(self.start, -1)


@dataclass(frozen=True)
class Context:
    """Everything a page needs to read and show the published data."""

    settings: Settings
    version: queries.Version
    meta: dict
    locale: str

    @property
    def currency(self) -> str:
        return self.meta["settings"].get("currency") or self.settings.currency

    @property
    def timezone(self) -> str:
        return self.meta["settings"].get("timezone") or self.settings.timezone

    @property
    def staff_hourly_cost(self) -> float:
        return float(self.meta["settings"].get("staff_hourly_cost")
                     or self.settings.staff_hourly_cost)

    @property
    def period(self) -> dict | None:
        return queries.analysis_period(self.settings, self.version)

    @property
    def freshness(self) -> pipeline.Freshness:
        return pipeline.freshness(self.meta, queries.last_run(self.settings),
                                 self.settings.stale_after_hours)

    @property
    def report(self) -> dict:
        """The JSON report of this published run: the overview's headline figures come from it,
        so the dashboard, `community-roi report --json` and the board pack say the same."""
        return queries.report(self.settings, self.version)

    @property
    def filters(self) -> Filters | None:
        """The sidebar's filters, or None when there is no month to filter on."""
        months = queries.overview_month_starts(self.settings, self.version)
        if not months:
            return None
        start, end = st.session_state.get("period") or default_months(self, months)
        return Filters(start, end, st.session_state.get("channel"), months[0])

    def t(self, key: str, **values) -> str:
        return i18n.t(key, self.locale, **values)

    # formatting in the reader's locale and the data's currency and time zone
    def money(self, value, decimals: int = 0, signed: bool = False) -> str:
        return fmt.money(value, self.currency, self.locale, decimals, signed)

    def number(self, value, decimals: int = 0, signed: bool = False) -> str:
        return fmt.number(value, self.locale, decimals, signed)

    def percent(self, value, decimals: int = 0, signed: bool = False) -> str:
        return fmt.percent(value, self.locale, decimals, signed)

    def month(self, value) -> str:
        return fmt.month_label(value, self.locale)

    def months(self, start, end) -> str:
        return self.month(start) if start == end else f"{self.month(start)} – {self.month(end)}"

    def date(self, value) -> str:
        return fmt.date_label(value, self.locale)

    def when(self, value) -> str:
        return fmt.datetime_label(value, self.timezone, self.locale)

    def age(self, hours) -> str:
        return fmt.age(hours, self.locale)

    def duration(self, seconds) -> str:
        return fmt.duration(seconds, self.locale)

    def channel(self, name: str) -> str:
        return i18n.label("channel", name, self.locale)

    def reason(self, text) -> str | None:
        """A reason from the data (why a figure is missing) in the reader's language."""
        return i18n.reason(text, self.locale)


def data_context() -> Context | None:
    """The published data's context, or None when nothing is published."""
    s = settings()
    version = queries.current_version(s)
    if version is None:
        return None
    return Context(s, version, queries.run_meta(s, version), locale())


def require_data() -> Context:
    """The context, or the friendly 'no data yet' message and the end of the page."""
    ctx = data_context()
    if ctx is None:
        show_no_data()
        st.stop()
    return ctx


def show_no_data(reason: str | None = None) -> None:
    s = settings()
    st.info(t("common.no_data"), icon=":material/database_off:")
    st.caption(t("common.looking_for", path=s.serving)
               + (f" ({reason})" if reason else ""))


def show_data_changed() -> None:
    st.info(t("common.data_changed"), icon=":material/sync:")
    st.button(t("common.reload"), type="primary")


def not_available(what: str, why: str) -> None:
    """A section whose figures do not exist (yet): said plainly, never shown as zeros."""
    st.info(t("common.not_available", what=what, why=why), icon=":material/hourglass_top:")


def mart(ctx: Context, table: str, what: str) -> pd.DataFrame | None:
    """A published mart, or None after saying that it is not published yet."""
    if not queries.has_table(ctx.settings, ctx.version, table):
        not_available(what, t("common.not_published"))
        return None
    return queries.mart(ctx.settings, ctx.version, table)


# --------------------------------------------------------------------------------------------
# chrome shown on every page


def status_banner(health_page=None) -> None:
    """A clear banner when the last run failed or the published data is older than
    `stale_after_hours` (both can show)."""
    s = settings()
    status = queries.last_run(s)
    ctx = data_context()
    fresh = pipeline.freshness(ctx.meta if ctx else None, status, s.stale_after_hours)
    loc = locale()
    tz = ctx.timezone if ctx else s.timezone
    shown = False
    if fresh.last_run_failed:
        when = fmt.datetime_label(status.get("finished_at") or status.get("started_at"), tz, loc)
        tail = (t("banner.failed_tail", when=fmt.datetime_label(fresh.refreshed_at, tz, loc))
                if fresh.refreshed_at else t("banner.failed_nothing"))
        st.error(t("banner.failed", when=when,
                   step=status.get("failed_step") or t("banner.unknown_step"),
                   error=status.get("error") or t("banner.no_reason"), tail=tail),
                 icon=":material/error:")
        shown = True
    if fresh.is_stale:
        st.warning(t("banner.stale", when=fmt.datetime_label(fresh.refreshed_at, tz, loc),
                     age=fmt.age(fresh.age_hours, loc), hours=fresh.stale_after_hours),
                   icon=":material/schedule:")
        shown = True
    if shown and health_page is not None:
        st.page_link(health_page, label=t("banner.see_health"), icon=":material/monitor_heart:")


def language_switch() -> None:
    """en | fr in the sidebar, kept in the session and in the URL (`?lang=fr`). Drawn before
    anything else in the run, so every label of this run is in the chosen language."""
    with st.sidebar:
        # the options show as they are: the URL holds the shown text, so `?lang=fr`
        st.segmented_control(t("sidebar.language"), options=list(fmt.LOCALES),
                             default=fmt.DEFAULT_LOCALE, required=True,
                             key="lang", bind="query-params", persist_state="session",
                             help=t("sidebar.language_help"))


def default_months(ctx: Context, months: list[date]) -> tuple[date, date]:
    """The analysis period (the months the ROI is measured on, so the figures match
    `community-roi report`), or every month when there is none."""
    period = ctx.period
    if period and period["valid"]:
        inside = [m for m in months if period["period_start"] <= m <= period["period_end"]]
        if inside:
            return inside[0], inside[-1]
    return months[0], months[-1]


def sidebar() -> None:
    """The filters (months shown, channel) and what the published data is: its analysis
    period, when it is from, its currency. Filters live in session state, so they stay as they
    are from one page to the next; the channel is also in the URL (`?channel=instagram`)."""
    with st.sidebar:
        ctx = data_context()
        if ctx is None:
            st.caption(t("sidebar.no_data"))
            return
        months = queries.overview_month_starts(ctx.settings, ctx.version)
        st.markdown(f"**{t('sidebar.filters')}**")
        # Widgets keep their value as the *formatted* option, so the options are formatted the
        # same in every language (`07/2025`, `Instagram`); otherwise switching the language would
        # reset the filters. The localized range is written under the slider.
        if len(months) > 1:
            start, end = st.select_slider(
                t("sidebar.months"), options=months, value=default_months(ctx, months),
                format_func=lambda m: f"{m:%m/%Y}", key="period", persist_state="session",
                help=t("sidebar.months_help"))
            st.caption(t("sidebar.months_value", months=ctx.months(start, end),
                         n=months_between(start, end)))
        st.selectbox(t("sidebar.channel"), options=queries.channels(ctx.settings, ctx.version),
                     index=None, placeholder=t("sidebar.all_channels"),
                     format_func=lambda c: i18n.label("channel", c), key="channel",
                     bind="query-params", persist_state="session",
                     help=t("sidebar.channel_help"))
        st.divider()
        period = ctx.period
        if period and period["valid"]:
            st.markdown(f"**{t('sidebar.analysis_period')}**  \n"
                        f"{ctx.months(period['period_start'], period['period_end'])}")
            st.caption(t("sidebar.period_overridden") if period["is_overridden"]
                       else t("sidebar.period_derived"))
        else:
            st.markdown(f"**{t('sidebar.analysis_period')}**  \n{t('sidebar.not_available')}")
            st.caption(t("sidebar.no_orders") if not period or period["last_order_date"] is None
                       else t("sidebar.too_short"))
        fresh = ctx.freshness
        st.markdown(f"**{t('sidebar.data_as_of')}**  \n{ctx.when(fresh.refreshed_at)}")
        st.caption(t("sidebar.age_currency", age=ctx.age(fresh.age_hours),
                     currency=ctx.currency))


def filter_note(ctx: Context, *, months: bool, channel: bool, why: str = "") -> Filters | None:
    """The filters a page applies, said in one caption line, including the ones it cannot
    apply (so a reader never assumes a figure is filtered when it is not)."""
    f = ctx.filters
    if f is None:
        return None
    parts = [t("filters.months", months=ctx.months(f.start, f.end)) if months
             else t("filters.months_not_applied")]
    if f.channel is not None:
        parts.append(t("filters.channel", channel=ctx.channel(f.channel)) if channel
                     else t("filters.channel_not_applied", channel=ctx.channel(f.channel)))
    st.caption(" · ".join(parts + ([why] if why else [])), help=t("filters.help"))
    return f


# --------------------------------------------------------------------------------------------
# figures and tables


@dataclass(frozen=True)
class Change:
    """A headline figure's change since the previous period: the signed text and what it
    compares, or no text and the reason there is none (never a made-up 0)."""

    text: str | None
    description: str


def headline(column, label: str, value: str, change: Change | None = None, *,
             note: str | None = None, help: str | None = None, delta_color: str = "normal",
             trend: list | None = None) -> None:
    """One bordered headline card: the figure, its change (or why there is none), a note such
    as its 90% range, and the months shown as a sparkline when the figure has monthly values."""
    delta = {}
    if change is not None:
        delta = ({"delta": fmt.MISSING, "delta_color": "off", "delta_arrow": "off"}
                 if change.text is None else
                 {"delta": change.text, "delta_color": delta_color})
        delta["delta_description"] = change.description
    with column.container(border=True, height="stretch"):   # cards of a row share a height
        st.metric(label, value, help=help, chart_data=trend or None, chart_type="bar", **delta)
        if note:
            st.caption(note)


def interval_text(ctx: Context, interval: dict | None, kind: str = "money") -> str:
    """`€5,667 to €15,610` (the 90% range), in the reader's locale."""
    if not interval or interval.get("low") is None:
        return fmt.MISSING
    show = {"money": ctx.money, "percent": lambda v: ctx.percent(v, signed=True)}[kind]
    return t("common.range", low=show(interval["low"]), high=show(interval["high"]))


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as CSV: raw values (dot decimals, ISO dates), UTF-8 with a byte-order mark so
    spreadsheet programs read the accents right."""
    return df.to_csv(index=False).encode("utf-8-sig")


# the columns that hold reasons from the data: translated for display by show_table
REASON_COLUMNS = ("col.reason", "col.quarantine_reason", "col.note")


# one column of a table: its header (already in the reader's language), its values (a Series or
# a list, in row order) and how to show a value on screen (None: as it is)
Column = tuple[str, object, Callable | None]


def show_table(name: str, columns: list[Column], **dataframe_args) -> None:
    """Every table of the dashboard goes through here, its columns in display order, each named
    once with its formatter. On screen the figures are formatted in the reader's locale and a
    missing one reads `—` (Streamlit would print "None"); a button downloads the raw rows as CSV
    (`<name>.csv`), made only when clicked. The reasons (columns headed by REASON_COLUMNS) are in
    the reader's language, on screen and in the CSV."""
    loc = locale()
    df = pd.DataFrame({header: values for header, values, _ in columns})
    formats = {header: show for header, _, show in columns if show is not None}
    for column in dict.fromkeys(t(k) for k in REASON_COLUMNS):
        if column in df.columns and column not in formats:
            df[column] = [i18n.reason(x, loc) for x in df[column]]
    shown = df.copy()
    for column, show in formats.items():
        shown[column] = [fmt.MISSING if pd.isna(x) else show(x) for x in df[column]]
    text = shown.select_dtypes(include="object").columns.difference(list(formats))
    shown[text] = shown[text].fillna("")
    config = {c: st.column_config.TextColumn(alignment="right") for c in formats}
    st.dataframe(shown, hide_index=True, column_config=config, **dataframe_args)
    st.download_button(t("common.download_csv"), data=lambda: csv_bytes(df),
                       file_name=f"{name}.csv", mime="text/csv", key=f"csv_{name}",
                       icon=":material/download:", on_click="ignore", type="tertiary")
