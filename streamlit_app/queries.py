"""Every read the dashboard makes: the published serving copy and the last run's status file.

Rules (design.md, habit 7):
- All SQL lives here, with `?` parameters for every value, never string formatting; the one
  dynamic table read (`mart`) passes the table name as a parameter too, and only a name the
  database itself lists. The headline figures come from the JSON report (`report`), which reads
  the same serving copy.
- One read-only attach per published version (`_reader`, a `st.cache_resource` keyed by the
  file's path, inode and mtime) serves every session: each query runs on its own cursor (a
  cursor is cheap; opening the file costs ~30 ms, which made a page's first render after a
  refresh 0.2-0.5 s at 100,000 customers). A publish swaps in a new file (os.replace: new inode),
  so the next version gets a new reader; the old one (two are kept) is freed when the version
  after evicts it, and until then keeps reading the old file's inode, consistently (POSIX keeps a
  replaced file readable).
- Results are cached with `st.cache_data`, keyed on the published version (`Version`: the serving
  file's path, inode and mtime, plus the run id inside it). A publish replaces the file (new inode
  and mtime), so the next rerun asks with a new key and reads the new data; nothing expires on a
  timer. The `_settings` argument is left out of the key on purpose (leading underscore): the
  version already names the file.

A guard worth knowing: DuckDB shares one database instance per file path within a process, so
the reader attaches the file from an in-memory connection (a plain connect(path) right after a
publish could read the *old* file another session still holds). A version's run id is read by
its reader, from the very file it will query, and every cached read compares the two, raising
`DataChanged` (never cached) for a version that names another run.
"""

from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager
from datetime import date
from typing import NamedTuple

import duckdb
import pandas as pd
import streamlit as st

from community_roi import pipeline
from community_roi.report import build_report
from community_roi.settings import Settings

MARTS = "marts"
CACHE = {"show_spinner": False, "max_entries": 64}


class NoPublishedData(RuntimeError):
    """There is no usable serving file (never published, or removed)."""


class DataChanged(RuntimeError):
    """The serving file was replaced while it was being read; a reload reads the new one."""


class Version(NamedTuple):
    """The published version a cached result belongs to."""

    serving: str
    inode: int
    mtime_ns: int
    run_id: str


# --------------------------------------------------------------------------------------------
# the published version


def current_version(settings: Settings) -> Version | None:
    """The version now published, or None when nothing has been published yet. Cheap: one stat
    per rerun; the run id is read once per file, when its reader attaches it."""
    try:
        st_ = os.stat(settings.serving)
    except FileNotFoundError:
        return None
    reader = _reader(str(settings.serving), st_.st_ino, st_.st_mtime_ns)
    return Version(str(settings.serving), st_.st_ino, st_.st_mtime_ns, reader.run_id)


class _Reader:
    """A published file attached read-only from an in-memory connection, shared by the
    sessions' threads through cursors (one per query; cursor creation is serialised)."""

    def __init__(self, serving: str):
        if not os.path.exists(serving):
            raise NoPublishedData(f"no published data at {serving}: run `community-roi run` first")
        self._con = duckdb.connect()
        self._lock = threading.Lock()
        try:
            self._con.execute("ATTACH ? AS serving (READ_ONLY)", [serving])
            row = self._con.execute("SELECT run_id FROM serving.meta.run").fetchone()
        except duckdb.Error as exc:
            self._con.close()
            raise NoPublishedData(f"{serving} is not a published community-roi file ({exc})"
                                  ) from exc
        if row is None:
            self._con.close()
            raise NoPublishedData(f"{serving} holds no run record")
        self.run_id = str(row[0])

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            cur = self._con.cursor()
        cur.execute("USE serving")
        return cur


# No close on eviction: closing the parent connection would kill a cursor another session is
# reading with. Dropped from the cache, the reader is freed by reference counting once its last
# cursor closes, and the old file's handle with it.
@st.cache_resource(max_entries=2, show_spinner=False)
def _reader(serving: str, inode: int, mtime_ns: int) -> _Reader:
    return _Reader(serving)


@contextmanager
def _cursor(version: Version):
    """A cursor on the version's reader, refused when the file it holds is another run's."""
    reader = _reader(version.serving, version.inode, version.mtime_ns)
    if reader.run_id != version.run_id:
        raise DataChanged(f"published run {reader.run_id} replaced {version.run_id}")
    cur = reader.cursor()
    try:
        yield cur
    finally:
        cur.close()


def _fetch(settings: Settings, version: Version, sql: str, params: list | None = None
           ) -> pd.DataFrame:
    """One query on the version's shared reader (`settings` kept for the callers' signature)."""
    with _cursor(version) as cur:
        return cur.execute(sql, params or []).df()


# --------------------------------------------------------------------------------------------
# run metadata and the status file


@st.cache_data(**CACHE)
def run_meta(_settings: Settings, version: Version) -> dict:
    """The published run: id, publish time, its status record (`info`) and its settings."""
    df = _fetch(_settings, version, "SELECT run_id, published_at, info, settings FROM meta.run")
    row = df.iloc[0]
    info = json.loads(row["info"]) if row["info"] else {}
    published_settings = json.loads(row["settings"]) if row["settings"] else {}
    return {"run_id": row["run_id"], "published_at": row["published_at"].to_pydatetime()
            if pd.notna(row["published_at"]) else None,
            "info": info, "settings": published_settings}


def last_run(settings: Settings) -> dict | None:
    """The last run's outcome as the pipeline wrote it (also when it failed and published
    nothing). A small JSON file beside the warehouse, read on every rerun, not cached."""
    return pipeline.read_status(settings)


@st.cache_data(**CACHE)
def mart_tables(_settings: Settings, version: Version) -> tuple[str, ...]:
    df = _fetch(_settings, version, "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = ? ORDER BY table_name", [MARTS])
    return tuple(df["table_name"])


def has_table(settings: Settings, version: Version, name: str) -> bool:
    return name in mart_tables(settings, version)


# --------------------------------------------------------------------------------------------
# analysis period and the executive overview


@st.cache_data(**CACHE)
def analysis_period(_settings: Settings, version: Version) -> dict | None:
    """The one-row period table as a dict, with `valid` False when the data cannot give a whole
    month (no orders, or too short for a pre-period and a full horizon)."""
    if not has_table(_settings, version, "dim_analysis_period"):
        return None
    df = _fetch(_settings, version, """
        SELECT period_start, period_end, is_overridden, first_order_date, last_order_date,
               horizon_days, lookback_days
        FROM marts.dim_analysis_period""")
    if df.empty:
        return None
    row = {k: (None if pd.isna(v) else v) for k, v in df.iloc[0].to_dict().items()}
    for key in ("period_start", "period_end", "first_order_date", "last_order_date"):
        if row[key] is not None:
            row[key] = pd.Timestamp(row[key]).date()
    row["valid"] = (row["period_start"] is not None and row["period_end"] is not None
                    and row["period_start"] <= row["period_end"])
    return row


@st.cache_data(**CACHE)
def overview_month_starts(_settings: Settings, version: Version) -> list[date]:
    df = _fetch(_settings, version,
                "SELECT month_start FROM marts.rpt_executive_overview ORDER BY month_start")
    return [pd.Timestamp(d).date() for d in df["month_start"]]


@st.cache_data(**CACHE)
def overview_months(_settings: Settings, version: Version, start: date, end: date
                    ) -> pd.DataFrame:
    """One row per month between `start` and `end` (month starts, inclusive)."""
    return _fetch(_settings, version, """
        SELECT month_start, month, newly_engaged_customers, engaged_customers_to_date,
               revenue_total, gross_margin_total, revenue_engaged_customers, buying_customers,
               community_cost, mentions, mean_sentiment, net_sentiment
        FROM marts.rpt_executive_overview
        WHERE month_start BETWEEN ? AND ?
        ORDER BY month_start""", [start, end])


@st.cache_data(**CACHE)
def overview_totals(_settings: Settings, version: Version, start: date, end: date) -> dict:
    """The headline figures over the months between `start` and `end`. Net sentiment weights the
    monthly figures by their scored mentions, which equals net sentiment over the whole range, as
    in the JSON report."""
    df = _fetch(_settings, version, """
        SELECT count(*) AS months,
               sum(community_cost) AS community_cost,
               sum(newly_engaged_customers) AS newly_engaged_customers,
               arg_max(engaged_customers_to_date, month_start) AS engaged_customers_to_date,
               sum(revenue_engaged_customers) AS revenue_engaged_customers,
               sum(revenue_total) AS revenue_total,
               sum(mentions) AS mentions,
               sum(net_sentiment * scored_mentions) / nullif(sum(scored_mentions), 0)
                   AS net_sentiment
        FROM marts.rpt_executive_overview
        WHERE month_start BETWEEN ? AND ?""", [start, end])
    return {k: (None if pd.isna(v) else v.item() if hasattr(v, "item") else v)
            for k, v in df.iloc[0].to_dict().items()}


@st.cache_data(**CACHE)
def community_costs(_settings: Settings, version: Version, start: date, end: date
                    ) -> pd.DataFrame:
    """Cost per channel and kind over the months between `start` and `end`."""
    return _fetch(_settings, version, """
        SELECT channel, cost_kind, sum(amount) AS amount
        FROM marts.rpt_community_costs
        WHERE month_start BETWEEN ? AND ?
        GROUP BY channel, cost_kind
        ORDER BY channel, cost_kind""", [start, end])


# --------------------------------------------------------------------------------------------
# data health


@st.cache_data(**CACHE)
def source_health(_settings: Settings, version: Version) -> pd.DataFrame:
    """One row per landing source. `quarantined_total` counts what the JSON report calls
    quarantined: rows set aside at load plus amounts that could not be converted."""
    return _fetch(_settings, version, """
        SELECT source_name, files, rejected_files, rows_read, rows_loaded, rows_quarantined,
               rows_unconvertible, rows_quarantined + rows_unconvertible AS quarantined_total,
               values_mapped_to_other, last_loaded_at, has_no_data
        FROM marts.rpt_source_health
        ORDER BY source_name""")


@st.cache_data(**CACHE)
def quarantine_reasons(_settings: Settings, version: Version) -> pd.DataFrame:
    """Why rows were set aside, every source, most frequent first (the page filters a source)."""
    return _fetch(_settings, version, """
        SELECT source_name, reason, rows_quarantined, files, example_file, example_row
        FROM marts.rpt_quarantine_reasons
        ORDER BY rows_quarantined DESC, source_name, reason""")


# --------------------------------------------------------------------------------------------
# the report and the small marts read whole


@st.cache_data(**CACHE)
def report(_settings: Settings, version: Version) -> dict:
    """The JSON report of the published run (`community-roi report --json`). The overview's
    headline figures come from it, so screen, report and board pack cannot disagree."""
    with _cursor(version) as cur:
        return build_report(_settings, cur)


def board_pack(settings: Settings, version: Version, locale: str) -> bytes:
    """The one-page PDF of the version on screen (community_roi.board_pack), on its reader. Not
    cached: built only when its button is clicked (fpdf2 and the layout cost more than a page)."""
    from community_roi.board_pack import overview_pdf

    with _cursor(version) as cur:
        return overview_pdf(settings, locale, cur)


@st.cache_data(**CACHE)
def mart(_settings: Settings, version: Version, table: str) -> pd.DataFrame:
    """A whole published mart: only for the small ones (a row per channel, event, horizon,
    month...). `table` must be a name the database lists; it goes in as a parameter
    (query_table), never into the SQL text."""
    if table not in mart_tables(_settings, version):
        raise ValueError(f"unknown table {table!r}")
    return _fetch(_settings, version, "SELECT * FROM query_table(?)", [f'{MARTS}."{table}"'])


@st.cache_data(**CACHE)
def channels(_settings: Settings, version: Version) -> list[str]:
    """The community channels, for the channel filter: those with a cost or an ROI figure
    ('shared' is a cost pool, not a channel one can pick)."""
    parts = []
    if has_table(_settings, version, "rpt_community_costs"):
        parts.append("SELECT channel FROM marts.rpt_community_costs")
    if has_table(_settings, version, "rpt_roi"):
        parts.append("SELECT scope_value FROM marts.rpt_roi WHERE scope = 'channel'")
    if not parts:
        return []
    df = _fetch(_settings, version, "SELECT DISTINCT channel FROM (" + " UNION ALL ".join(parts)
                + ") AS c(channel) WHERE channel <> 'shared' ORDER BY channel")
    return list(df["channel"])


# --------------------------------------------------------------------------------------------
# figures over the months shown (the sidebar's period filter)


@st.cache_data(**CACHE)
def ereputation_monthly(_settings: Settings, version: Version, start: date, end: date,
                        channel: str = "all") -> pd.DataFrame | None:
    """Mentions, net sentiment and the e-reputation index per month from `start` to `end`, for
    one channel ('all': every channel); None when the mart is not published. The months' index
    weights the daily indices by their scored mentions: the mart publishes no reach weights, so
    it is within about a tenth of a point of the exact reach-weighted figure."""
    if not has_table(_settings, version, "rpt_ereputation_daily"):
        return None
    return _fetch(_settings, version, """
        SELECT date_trunc('month', date_day)::DATE AS month_start,
               sum(mentions) AS mentions, sum(scored_mentions) AS scored_mentions,
               sum(net_sentiment * scored_mentions) / nullif(sum(scored_mentions), 0)
                   AS net_sentiment,
               sum(reputation_index * scored_mentions) / nullif(sum(scored_mentions), 0)
                   AS reputation_index
        FROM marts.rpt_ereputation_daily
        WHERE channel = ? AND date_day BETWEEN ? AND last_day(?::DATE)
        GROUP BY 1
        ORDER BY 1""", [channel, start, end])


def ereputation_totals(monthly: pd.DataFrame | None) -> dict:
    """The months of `ereputation_monthly` together: mentions, and net sentiment and the index
    weighted by scored mentions (each figure None when there is nothing to weigh)."""
    if monthly is None or monthly.empty:
        return {"mentions": None, "net_sentiment": None, "reputation_index": None}

    def weighted(column: str) -> float | None:
        rows = monthly[monthly[column].notna()]
        weight = rows["scored_mentions"].sum()
        return float((rows[column] * rows["scored_mentions"]).sum() / weight) if weight else None

    return {"mentions": int(monthly["mentions"].sum()),
            "net_sentiment": weighted("net_sentiment"),
            "reputation_index": weighted("reputation_index")}


@st.cache_data(**CACHE)
def channel_costs(_settings: Settings, version: Version, start: date, end: date
                  ) -> pd.DataFrame:
    """Per channel over the months shown: the total cost and the staff-time part (staff minutes
    at the loaded hourly cost), from which the page derives community-manager hours."""
    return _fetch(_settings, version, """
        SELECT channel, sum(amount) AS cost,
               sum(CASE WHEN cost_kind = 'staff_time' THEN amount ELSE 0 END) AS staff_cost
        FROM marts.rpt_community_costs
        WHERE month_start BETWEEN ? AND ?
        GROUP BY channel
        ORDER BY cost DESC""", [start, end])


@st.cache_data(**CACHE)
def top_actions(_settings: Settings, version: Version, start: date, end: date,
                channel: str | None = None, limit: int = 10) -> pd.DataFrame:
    """The `limit` actions published in the months between `start` and `end` (on one channel, or
    every channel when None) that drew the most engaged customers, then engagements; `rank` is
    their place in that order. Cost is the action's own (staff time + direct cost)."""
    return _fetch(_settings, version, """
        SELECT row_number() OVER (ORDER BY engaged_customers DESC, engagements DESC, action_id)
                   AS rank,
               action_id, published_date, channel, action_type, campaign, topic,
               engaged_customers, engagements, staff_minutes, total_cost,
               cost_per_engaged_customer, cost_per_engaged_customer_reason
        FROM marts.rpt_top_actions
        WHERE published_month BETWEEN ? AND ? AND (?::VARCHAR IS NULL OR channel = ?)
        ORDER BY rank
        LIMIT ?""", [start, end, channel, channel, limit])


@st.cache_data(**CACHE)
def attribution(_settings: Settings, version: Version, start: date, end: date) -> pd.DataFrame:
    """Revenue credited to each channel by each of the six models, over the months shown."""
    return _fetch(_settings, version, """
        SELECT attribution_model, min(model_order) AS model_order, channel,
               sum(credited_revenue) AS credited_revenue, sum(orders_credited) AS orders_credited
        FROM marts.rpt_attribution_monthly
        WHERE month_start BETWEEN ? AND ?
        GROUP BY attribution_model, channel
        ORDER BY model_order, channel""", [start, end])


@st.cache_data(**CACHE)
def ereputation_channels(_settings: Settings, version: Version) -> list[str]:
    df = _fetch(_settings, version, "SELECT DISTINCT channel FROM marts.rpt_ereputation_weekly "
                "WHERE channel <> 'all' ORDER BY channel")
    return list(df["channel"])


@st.cache_data(**CACHE)
def ereputation_weekly(_settings: Settings, version: Version, start: date, end: date,
                       channel: str = "all") -> pd.DataFrame:
    """One row per week in the months shown, for one channel ('all': every channel)."""
    return _fetch(_settings, version, """
        SELECT week_start, mentions, scored_mentions, net_sentiment, share_negative,
               reputation_index
        FROM marts.rpt_ereputation_weekly
        WHERE channel = ? AND week_start BETWEEN ? AND last_day(?::DATE)
        ORDER BY week_start""", [channel, start, end])


@st.cache_data(**CACHE)
def loyalty_programme(_settings: Settings, version: Version, start: date, end: date
                      ) -> pd.DataFrame:
    return _fetch(_settings, version, """
        SELECT month_start, member_group, active_members, points_earned, points_redeemed,
               points_expired, tier_ups, tier_downs, redemption_ratio, orders_per_member,
               gross_margin_per_member
        FROM marts.rpt_loyalty_programme
        WHERE month_start BETWEEN ? AND ?
        ORDER BY month_start, member_group""", [start, end])
