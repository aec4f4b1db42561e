"""Data health: the last refresh and its duration, its checks, how fresh each source is, and how
many rows were loaded or set aside (with the reasons). Shown even when nothing is published yet,
since the last run's status says why."""

import charts
import common
import formatting as fmt
import pandas as pd
import queries
import streamlit as st

s = common.settings()
loc = common.locale()
t = common.t
st.title(t("health.title"))

# -- the last run (status file, written also when a run fails) and the published one ------------
st.subheader(t("health.last_refresh"))
status = queries.last_run(s)
ctx = common.data_context()
published = ctx.meta if ctx else None
tz = ctx.timezone if ctx else s.timezone
now = pd.Timestamp.now(tz="UTC")


def hours_since(value) -> float | None:
    moment = fmt.parse_utc(value)
    return (now - moment).total_seconds() / 3600 if moment else None


if status is None:
    st.caption(t("health.no_status", path=s.run_status_file))
else:
    state = status.get("status")
    outcome = (t(f"health.outcome_{state}") if state in ("success", "failed", "running")
               else str(state or "unknown").capitalize())
    finished = status.get("finished_at")
    c1, c2, c3, c4 = st.columns([1, 1.3, 1, 1])
    c1.metric(t("health.outcome"), outcome, border=True)
    c2.metric(t("health.finished"), fmt.age(hours_since(finished), loc), border=True,
              delta=fmt.datetime_label(finished, tz, loc), delta_color="off", delta_arrow="off")
    c3.metric(t("health.duration"), fmt.duration(status.get("seconds"), loc), border=True)
    counts = (status.get("dbt") or {}).get("counts") or {}
    failed = counts.get("fail", 0) + counts.get("error", 0)
    c4.metric(t("health.checks"), t("health.checks_failed", n=fmt.number(failed, loc))
              if counts else fmt.MISSING, border=True,
              delta=t("health.checks_detail", passed=fmt.number(counts.get("pass", 0), loc),
                      warn=fmt.number(counts.get("warn", 0), loc)) if counts else None,
              delta_color="off", delta_arrow="off", help=t("health.checks_help"))
    if state == "failed":
        st.error(t("health.failed_check", step=status.get("failed_step") or "?",
                   error=status.get("error") or t("banner.no_reason")),
                 icon=":material/rule:")
        if status.get("traceback"):
            with st.expander(t("health.traceback")):
                st.code(status["traceback"], language="text")
    steps = status.get("steps") or {}
    st.caption(t("health.run", run=status.get("run_id", fmt.MISSING),
                 orchestrator=status.get("orchestrator", "?"))
               + (t("health.steps", steps=" · ".join(
                   f"{name} {fmt.duration(sec, loc)}" for name, sec in steps.items()))
                  if steps else ""))

if ctx is None:
    common.show_no_data()
    st.stop()
v = ctx.version
fresh = ctx.freshness
info = published["info"]
if status is None or status.get("run_id") != published["run_id"]:
    st.markdown(t("health.shown_from", run=published["run_id"], when=ctx.when(fresh.refreshed_at),
                  age=ctx.age(fresh.age_hours), duration=ctx.duration(info.get("seconds"))))
dbt_counts = (info.get("dbt") or {}).get("counts") or {}
st.caption(t("health.published", run=published["run_id"], when=ctx.when(fresh.refreshed_at),
             duration=ctx.duration(info.get("seconds")))
           + (t("health.published_dbt", models=dbt_counts.get("success", 0),
                tests=dbt_counts.get("pass", 0), warn=dbt_counts.get("warn", 0))
              if dbt_counts else "")
           + t("health.stale_after", hours=fresh.stale_after_hours))

# -- per source ------------------------------------------------------------------------------
st.subheader(t("health.sources"))
health = queries.source_health(s, v)
if health.empty:
    st.info(t("health.no_source"))
else:
    loaded_at = pd.to_datetime(health["last_loaded_at"], utc=True)
    common.show_table("source_health", [
        (t("col.source"), health["source_name"], None),
        (t("col.state"), [(t("health.state_no_file") if files == 0
                           else t("health.state_all_aside")) if empty
                          else (t("health.state_rejected") if rejected
                                else t("health.state_loaded"))
                          for empty, files, rejected in zip(health["has_no_data"],
                                                            health["files"],
                                                            health["rejected_files"])], None),
        (t("col.last_loaded"), [ctx.when(x) if pd.notna(x) else fmt.MISSING
                                for x in loaded_at], None),
        (t("col.age"), [ctx.age(hours_since(x)) if pd.notna(x) else fmt.MISSING
                        for x in loaded_at], None),
        *((t(key), health[column], ctx.number) for key, column in (
            ("col.files", "files"), ("col.rejected_files", "rejected_files"),
            ("col.rows_read", "rows_read"), ("col.loaded", "rows_loaded"),
            ("col.quarantined", "rows_quarantined"), ("col.unconvertible", "rows_unconvertible"),
            ("col.mapped_other", "values_mapped_to_other")))])
    st.caption(t("health.sources_caption"))
    if health["quarantined_total"].sum() > 0:
        charts.show(charts.rows_set_aside(health, ctx.currency, ctx.locale))

# -- why rows were set aside -----------------------------------------------------------------
st.subheader(t("health.reasons"))
reasons_all = queries.quarantine_reasons(s, v)
if reasons_all.empty:
    st.success(t("health.no_quarantine"))
else:
    sources = sorted(reasons_all["source_name"].unique())
    choice = st.selectbox(t("col.source"), options=sources, index=None, key="quarantine_source",
                          placeholder=t("health.all_sources"))
    reasons = reasons_all if choice is None else \
        reasons_all[reasons_all["source_name"] == choice]
    common.show_table("quarantine_reasons", [
        (t("col.source"), reasons["source_name"], None),
        (t("col.quarantine_reason"), reasons["reason"], None),
        (t("col.rows"), reasons["rows_quarantined"], ctx.number),
        (t("col.files"), reasons["files"], ctx.number),
        (t("col.example"), [t("health.example", file=f, row=r) if pd.notna(r) else f
                            for f, r in zip(reasons["example_file"], reasons["example_row"])],
         None)])
