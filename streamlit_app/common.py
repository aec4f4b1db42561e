"""What every page shares: settings, the published version, the sidebar, the stale banner and the
friendly messages. No SQL here (that is `queries`), no chart (that is `charts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import formatting as fmt
import queries
import streamlit as st

from community_roi.settings import Settings

NO_DATA_HELP = (
    "The dashboard shows the last run of the nightly pipeline that was published, and nothing "
    "has been published yet. To look at demo data, run `make demo`. To load your own landing "
    "folder, run `community-roi run --landing DIR --warehouse PATH`, then "
    "`community-roi dashboard --warehouse PATH`."
)


def settings() -> Settings:
    """Settings from the environment (CROI_WAREHOUSE / CROI_HOME ...). A bad value stops the page
    with the one-line reason instead of a traceback."""
    try:
        return Settings.from_env()
    except ValueError as exc:
        st.error(f"**The configuration is not valid:** {exc}")
        st.stop()
        raise  # unreachable: st.stop() raises


def locale() -> str:
    return st.session_state.get("locale", fmt.DEFAULT_LOCALE)


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
    def period(self) -> dict | None:
        return queries.analysis_period(self.settings, self.version)

    @property
    def freshness(self) -> queries.Freshness:
        return queries.freshness(self.meta, queries.last_run(self.settings),
                                 self.settings.stale_after_hours)

    # formatting in the reader's locale and the data's currency and time zone
    def money(self, value, decimals: int = 0) -> str:
        return fmt.money(value, self.currency, self.locale, decimals)

    def number(self, value, decimals: int = 0) -> str:
        return fmt.number(value, self.locale, decimals)

    def percent(self, value, decimals: int = 0, signed: bool = False) -> str:
        return fmt.percent(value, self.locale, decimals, signed)

    def month(self, value) -> str:
        return fmt.month_label(value, self.locale)

    def date(self, value) -> str:
        return fmt.date_label(value, self.locale)

    def when(self, value) -> str:
        return fmt.datetime_label(value, self.timezone, self.locale)

    def age(self, hours) -> str:
        return fmt.age(hours, self.locale)

    def duration(self, seconds) -> str:
        return fmt.duration(seconds, self.locale)


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
    st.info(f"**No published data yet.** {NO_DATA_HELP}", icon=":material/database_off:")
    st.caption(f"Looking for `{s.serving}`" + (f" ({reason})" if reason else ""))


def show_data_changed() -> None:
    st.info("**The data was refreshed while this page was loading.** Reload to see the new "
            "figures.", icon=":material/sync:")
    st.button("Reload", type="primary")


# --------------------------------------------------------------------------------------------
# chrome shown on every page


def status_banner(health_page=None) -> None:
    """A clear banner when the last run failed or the published data is older than
    `stale_after_hours` (both can show)."""
    s = settings()
    status = queries.last_run(s)
    ctx = data_context()
    fresh = queries.freshness(ctx.meta if ctx else None, status, s.stale_after_hours)
    loc = locale()
    tz = ctx.timezone if ctx else s.timezone
    shown = False
    if fresh.last_run_failed:
        step = status.get("failed_step") or "unknown step"
        when = fmt.datetime_label(status.get("finished_at") or status.get("started_at"), tz, loc)
        tail = (f" The figures shown are from the last successful refresh, "
                f"{fmt.datetime_label(fresh.refreshed_at, tz, loc)}."
                if fresh.refreshed_at else " Nothing has been published yet.")
        st.error(f"**The last refresh failed** ({when}, at the *{step}* step): "
                 f"{status.get('error') or 'no reason recorded'}.{tail}",
                 icon=":material/error:")
        shown = True
    if fresh.is_stale:
        st.warning(f"**The data is stale:** last refreshed "
                   f"{fmt.datetime_label(fresh.refreshed_at, tz, loc)} "
                   f"({fmt.age(fresh.age_hours, loc)}), while a refresh is expected at least "
                   f"every {fresh.stale_after_hours} hours. Check the nightly run.",
                   icon=":material/schedule:")
        shown = True
    if shown and health_page is not None:
        st.page_link(health_page, label="See Data health", icon=":material/monitor_heart:")


def sidebar() -> None:
    """Period, freshness and currency of the published data, and the language switch."""
    with st.sidebar:
        ctx = data_context()
        if ctx is None:
            st.caption("No published data yet.")
        else:
            period = ctx.period
            if period and period["valid"]:
                st.markdown(f"**Analysis period**  \n{ctx.month(period['period_start'])} – "
                            f"{ctx.month(period['period_end'])}")
                st.caption("Set by CROI_PERIOD_START / CROI_PERIOD_END" if
                           period["is_overridden"] else
                           "Derived from the data (see Methodology)")
            else:
                st.markdown("**Analysis period**  \nNot available")
                st.caption("No orders yet." if not period or period["last_order_date"] is None
                           else "The data is too short for a whole month with a pre-period "
                           "before it and a full horizon after it (see Methodology).")
            fresh = ctx.freshness
            st.markdown(f"**Data as of**  \n{ctx.when(fresh.refreshed_at)}")
            st.caption(f"{fmt.age(fresh.age_hours, ctx.locale)} · amounts in {ctx.currency}")
        st.selectbox("Language", options=list(fmt.LOCALES),
                     format_func=lambda k: fmt.LOCALES[k].label, key="locale",
                     persist_state="session",
                     help="Number, money and date formats. Page text is in English for now.")


# --------------------------------------------------------------------------------------------
# widgets shared by several pages


def month_range(ctx: Context, months: list[date], key: str) -> tuple[date, date]:
    """A month-range slider defaulting to the analysis period (the months the ROI is measured
    on, so totals match `community-roi report`), or to every month when there is none."""
    if not months:
        raise ValueError("no months")
    period = ctx.period
    default = (months[0], months[-1])
    if period and period["valid"]:
        inside = [m for m in months if period["period_start"] <= m <= period["period_end"]]
        if inside:
            default = (inside[0], inside[-1])
    if len(months) == 1:
        st.caption(f"Month shown: {ctx.month(months[0])}")
        return months[0], months[0]
    start, end = st.select_slider("Months shown", options=months, value=default,
                                  format_func=ctx.month, key=key,
                                  help="Defaults to the analysis period when there is one.")
    return start, end


def pending(ctx: Context, what: str, prefixes: tuple[str, ...], details: str) -> None:
    """A page section for figures whose marts are not published yet. It says so plainly (never
    zeros) and fills in by itself once a matching `rpt_` table appears."""
    tables = queries.tables_with_prefixes(ctx.settings, ctx.version, prefixes)
    if not tables:
        st.info(f"**{what}: not available yet.** These figures are not computed yet. {details} "
                f"This section fills in by itself once the nightly run publishes them.",
                icon=":material/hourglass_top:")
        return
    st.caption("The dedicated charts are being built; meanwhile the published figures are shown "
               "as they are.")
    for table in tables:
        st.markdown(f"**`{table}`**")
        st.dataframe(queries.table_preview(ctx.settings, ctx.version, table), hide_index=True)
