"""The JSON report of the last published run (report-contract.md, version 1).

Reads only the published serving copy. Every key of the contract is present; a figure that cannot
be computed is `null` with a sibling `<key>_reason` string, never a made-up zero. Each section is
one function over the serving tables, so a new mart fills its section without touching the others.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime

import duckdb

from community_roi import contract as c
from community_roi.publish import serving_connection
from community_roi.settings import Settings

REPORT_CONTRACT_VERSION = 1
ATTRIBUTION_MODELS = ("first_touch", "last_touch", "linear", "time_decay", "position_based",
                      "markov")


def _has_table(con: duckdb.DuckDBPyConnection, name: str, schema: str = "marts") -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? "
                       "AND table_name = ?", [schema, name]).fetchone()[0] > 0


def _null(key: str, reason: str) -> dict:
    return {key: None, f"{key}_reason": reason}


def _iso(d) -> str | None:
    return d.isoformat() if isinstance(d, (date, datetime)) else d


def _missing(value) -> bool:
    """NULL from SQL, or NaN from the estimator: a figure that was not computed."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _interval(est, low, high) -> dict | None:
    if est is None:
        return None
    return {"estimate": float(est), "low": float(low), "high": float(high)}


# --------------------------------------------------------------------------------------------
# sections


def _sources(con) -> tuple[dict, list[str]]:
    rows = con.execute("""
        SELECT source_name, rows_loaded, rows_quarantined + rows_unconvertible, files,
               rejected_files, rows_read, rows_unconvertible, values_mapped_to_other,
               last_loaded_at
        FROM marts.rpt_source_health ORDER BY source_name""").fetchall()
    out, empty = {}, []
    for (name, loaded, quarantined, files, rejected, read, unconvertible, other,
         last) in rows:
        entry = {"rows": int(loaded), "quarantined": int(quarantined), "files": int(files),
                 "rejected_files": int(rejected), "rows_read": int(read),
                 "unconvertible_amounts": int(unconvertible),
                 "values_mapped_to_other": int(other), "last_loaded_at": _iso(last)}
        if loaded == 0:
            entry["no_data_reason"] = ("no files in the landing folder" if files == 0
                                       else "every row was quarantined")
            empty.append(name)
        out[name] = entry
    return out, empty


def _period(con) -> dict:
    row = con.execute("SELECT period_start, period_end, is_overridden, first_order_date, "
                      "last_order_date FROM marts.dim_analysis_period").fetchone()
    if row is None or row[0] is None or row[1] is None:
        return {"start": None, "end": None,
                "reason": "no orders: the analysis period cannot be derived"}
    start, end, overridden, first, last = row
    out = {"start": _iso(start), "end": _iso(end), "overridden": bool(overridden),
           "first_order_date": _iso(first), "last_order_date": _iso(last)}
    if start > end:
        out["reason"] = ("the data is too short for a whole month with a 90-day pre-period and "
                         "a full horizon after it; add history or set CROI_PERIOD_START/END")
    return out


def _period_ok(period: dict) -> bool:
    return period.get("start") is not None and "reason" not in period


def _cost(con, period: dict) -> dict:
    if not _period_ok(period):
        return {**_null("total", period.get("reason", "no analysis period")),
                "by_channel": None, "by_channel_reason": "no analysis period"}
    if not _has_table(con, "rpt_community_costs"):
        return {**_null("total", "cost mart not published"), "by_channel": None,
                "by_channel_reason": "cost mart not published"}
    rows = con.execute("""
        SELECT channel, sum(amount) FROM marts.rpt_community_costs
        WHERE month_start BETWEEN ? AND ? GROUP BY channel ORDER BY channel""",
                       [period["start"], period["end"]]).fetchall()
    if not rows:
        return {**_null("total", "no cost recorded in the period (no costs rows, staff minutes "
                        "or direct costs)"),
                "by_channel": {}}
    by_channel = {ch: round(float(v), 2) for ch, v in rows}
    return {"total": round(sum(by_channel.values()), 2), "by_channel": by_channel}


def _interval_or_null(row: dict, prefix: str, out: dict, key: str, reason: str | None) -> None:
    est = row.get(f"{prefix}_estimate")
    if _missing(est):
        out.update(_null(key, reason or "could not be estimated"))
    else:
        out[key] = _interval(est, row[f"{prefix}_low"], row[f"{prefix}_high"])


def _rows(con, sql: str, params=None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _scope_figures(row: dict) -> dict:
    out: dict = {"engaged_customers": int(row["engaged_customers"] or 0)}
    reason = row.get("reason")
    _interval_or_null(row, "per_customer", out, "per_engaged_customer", reason)
    _interval_or_null(row, "incremental_margin", out, "incremental_margin", reason)
    return out


def _incrementality(con, missing_critical: list[str]) -> tuple[dict, dict]:
    """(incrementality section, overall roi entry)."""
    keys = ("engaged_customers", "per_engaged_customer", "incremental_margin",
            "incremental_revenue", "naive_per_engaged_customer", "unlinked_engaged_handles",
            "by_channel")
    if missing_critical or not _has_table(con, "rpt_roi"):
        reason = (_impossible(missing_critical) if missing_critical
                  else "causal incrementality is not published")
        out: dict = {}
        for k in keys:
            out.update(_null(k, reason))
        return out, _null("roi", reason)
    rows = {(r["scope"], r["scope_value"]): r for r in _rows(
        con, "SELECT * FROM marts.rpt_roi")}
    overall = rows.get(("overall", "all"))
    if overall is None:
        out = {}
        for k in keys:
            out.update(_null(k, "no overall estimate"))
        return out, _null("roi", "no overall estimate")
    reason = overall.get("reason")
    out = _scope_figures(overall)
    _interval_or_null(overall, "incremental_revenue", out, "incremental_revenue", reason)
    naive = overall.get("naive_per_customer")
    if _missing(naive):
        out.update(_null("naive_per_engaged_customer", "no engaged or comparison customers"))
    else:
        out["naive_per_engaged_customer"] = float(naive)
    if _has_table(con, "rpt_engagement_linkage"):
        out["unlinked_engaged_handles"] = int(con.execute(
            "SELECT unlinked_engaged_handles FROM marts.rpt_engagement_linkage").fetchone()[0])
    else:
        out.update(_null("unlinked_engaged_handles", "linkage mart not published"))
    by_channel = {}
    for (scope, value), row in sorted(rows.items()):
        if scope != "channel":
            continue
        entry = _scope_figures(row)
        entry["cost"] = None if row["cost"] is None else round(float(row["cost"]), 2)
        if entry["cost"] is None:
            entry["cost_reason"] = "no community cost recorded on this channel in the period"
        entry.update(_roi_entry(row))
        by_channel[value] = entry
    out["by_channel"] = by_channel
    return out, _roi_entry(overall)


def _roi_entry(row: dict) -> dict:
    est = row.get("roi_estimate")
    if _missing(est):
        return _null("roi", row.get("reason") or "ROI could not be computed")
    if row.get("roi_low") is None:
        return {"roi": {"estimate": float(est), "low": None, "high": None},
                "roi_reason": "no bootstrap draws: interval unavailable"}
    return {"roi": _interval(est, row["roi_low"], row["roi_high"])}


def _attribution(con, missing_critical: list[str], period: dict) -> dict:
    if missing_critical:
        return _null("revenue_by_model", _impossible(missing_critical))
    if not _period_ok(period):
        return _null("revenue_by_model", period.get("reason", "no analysis period"))
    if not _has_table(con, "rpt_attribution_by_channel"):
        return _null("revenue_by_model", "attribution marts not published")
    rows = _rows(con, """SELECT attribution_model, channel, credited_revenue, touched_revenue
                         FROM marts.rpt_attribution_by_channel
                         ORDER BY model_order, channel""")
    if not rows or not any(r["credited_revenue"] for r in rows):
        return _null("revenue_by_model", "no completed order in the period has a linked touch "
                     "in its look-back window")
    by_model: dict = {m: {} for m in ATTRIBUTION_MODELS}
    for r in rows:
        by_model.setdefault(r["attribution_model"], {})[r["channel"]] = round(
            float(r["credited_revenue"]), 2)
    return {"revenue_by_model": by_model,
            "touched_revenue": round(float(rows[0]["touched_revenue"]), 2)}


def _ereputation(con, period: dict) -> dict:
    if not _has_table(con, "rpt_ereputation_summary"):
        out: dict = {}
        for k in ("mentions", "net_sentiment", "events", "defense_rate",
                  "median_brand_response_minutes"):
            out.update(_null(k, "e-reputation marts not published"))
        return out
    (row,) = _rows(con, "SELECT * FROM marts.rpt_ereputation_summary")
    out = {}
    if _period_ok(period):
        out["mentions"] = int(row["period_mentions"] or 0)
        _figure(out, "net_sentiment", row["period_net_sentiment"],
                row["period_net_sentiment_reason"], digits=4)
    else:
        out.update(_null("mentions", period.get("reason", "no analysis period")))
        out.update(_null("net_sentiment", period.get("reason", "no analysis period")))
    out["reputation_index"] = (None if row["reputation_index"] is None
                               else round(float(row["reputation_index"]), 1))
    if _has_table(con, "rpt_reputation_events"):
        events = []
        for e in _rows(con, "SELECT * FROM marts.rpt_reputation_events ORDER BY start_date"):
            ev = {"kind": e["kind"], "start": _iso(e["start_date"]), "peak": _iso(e["peak_date"]),
                  "end": _iso(e["end_date"]), "mentions": int(e["mentions"]),
                  "net_sentiment": None if e["net_sentiment"] is None
                  else round(float(e["net_sentiment"]), 4),
                  "ongoing": bool(e["is_ongoing"])}
            if e["sales_effect_margin"] is None:
                ev["sales_effect_margin"] = None
                ev["sales_effect_margin_reason"] = e["sales_effect_reason"] or "not estimable"
            else:
                ev["sales_effect_margin"] = _interval(e["sales_effect_margin"],
                                                      e["sales_effect_low"],
                                                      e["sales_effect_high"])
            events.append(ev)
        out["events"] = events
    else:
        out.update(_null("events", "event detection not published"))
    _figure(out, "defense_rate", row["defense_rate"], row["defense_rate_reason"], digits=4)
    _figure(out, "median_brand_response_minutes", row["median_brand_response_minutes"],
            row["median_brand_response_minutes_reason"], digits=2)
    return out


def _figure(out: dict, key: str, value, reason: str | None, digits: int) -> None:
    if _missing(value):
        out.update(_null(key, reason or "could not be computed"))
    else:
        out[key] = round(float(value), digits)


def _loyalty(con) -> dict:
    keys = ("retention_90d_engaged", "retention_90d_matched_not_engaged")
    if not _has_table(con, "rpt_loyalty_summary"):
        out: dict = {}
        for k in keys:
            out.update(_null(k, "loyalty marts not published"))
        return out
    (row,) = _rows(con, "SELECT * FROM marts.rpt_loyalty_summary")
    out = {}
    for k in keys:
        _figure(out, k, row[k], row.get(f"{k}_reason"), digits=4)
    if row.get("retention_90d_uplift") is not None:
        out["retention_90d_uplift"] = _interval(row["retention_90d_uplift"],
                                                row["retention_90d_uplift_low"],
                                                row["retention_90d_uplift_high"])
    return out


def _impossible(missing: list[str]) -> str:
    return (f"no usable data for {', '.join(missing)}: ROI cannot be computed without "
            f"customers, orders and engagements")


# --------------------------------------------------------------------------------------------


def roi_verdict(roi: dict | None) -> str | None:
    """What the ROI interval says, for the one-sentence summaries (dashboard and board pack):
    'pays' (the whole 90% interval above 0), 'loses' (below 0), 'uncertain' (it holds 0);
    None when there is no ROI or no interval."""
    if not roi or roi.get("low") is None or roi.get("high") is None:
        return None
    return "pays" if roi["low"] > 0 else "loses" if roi["high"] < 0 else "uncertain"


def build_report(settings: Settings, con: duckdb.DuckDBPyConnection | None = None) -> dict:
    """The report of the published run. `con`: an open connection whose default catalog is the
    serving copy (the dashboard passes its shared reader); else one is opened and closed here."""
    if con is None:
        with serving_connection(settings) as own:
            return build_report(settings, own)
    run_id, published_at, settings_json = con.execute(
        "SELECT run_id, published_at, settings FROM meta.run").fetchone()
    published_settings = json.loads(settings_json)
    sources, empty = _sources(con)
    missing_critical = [s for s in c.SOURCE_NAMES
                        if c.SOURCES[s].roi_critical and s in empty]
    period = _period(con)
    incrementality, roi = _incrementality(con, missing_critical)
    report = {
        "contract_version": REPORT_CONTRACT_VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds")
        .replace("+00:00", "Z"),
        "run_id": run_id,
        "published_at": _iso(published_at),
        "currency": published_settings["currency"],
        "period": period,
        "horizon_days": int(published_settings["horizon_days"]),
        "lookback_days": int(published_settings["lookback_days"]),
        "sources": sources,
        "cost": _cost(con, period),
        "incrementality": incrementality,
        **roi,
        "attribution": _attribution(con, missing_critical, period),
        "ereputation": _ereputation(con, period),
        "loyalty": _loyalty(con),
    }
    return report
