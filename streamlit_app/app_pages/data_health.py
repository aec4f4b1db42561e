"""Data health: the last refresh and its duration, how fresh each source is, and how many rows
were loaded or set aside (with the reasons). Shown even when nothing is published yet, since the
last run's status says why."""

import charts
import common
import formatting as fmt
import pandas as pd
import queries
import streamlit as st

s = common.settings()
loc = common.locale()
st.title("Data health")

# -- the last run (status file, written also when a run fails) and the published one ------------
st.subheader("Last refresh")
status = queries.last_run(s)
ctx = common.data_context()
published = ctx.meta if ctx else None
tz = ctx.timezone if ctx else s.timezone
now = pd.Timestamp.now(tz="UTC")


def hours_since(value) -> float | None:
    moment = fmt.parse_utc(value)
    return (now - moment).total_seconds() / 3600 if moment else None


if status is None:
    st.caption(f"No run has recorded its outcome yet (`{s.run_status_file}`).")
else:
    outcome = {"success": "Succeeded", "failed": "Failed", "running": "Running"}.get(
        status.get("status"), str(status.get("status", "unknown")).capitalize())
    finished = status.get("finished_at")
    c1, c2, c3 = st.columns(3)
    c1.metric("Outcome", outcome, border=True)
    c2.metric("Finished", fmt.age(hours_since(finished), loc), border=True,
              delta=fmt.datetime_label(finished, tz, loc), delta_color="off", delta_arrow="off")
    c3.metric("Duration", fmt.duration(status.get("seconds"), loc), border=True)
    if status.get("status") == "failed" and status.get("traceback"):
        # the reason itself is in the banner at the top of every page
        with st.expander("Technical details of the failure"):
            st.code(status["traceback"], language="text")
    steps = status.get("steps") or {}
    st.caption(f"Run `{status.get('run_id', fmt.MISSING)}` "
               f"({status.get('orchestrator', 'unknown')})" + (" · time per step: " + " · ".join(
                   f"{name} {fmt.duration(sec, loc)}" for name, sec in steps.items())
                   if steps else ""))

if ctx is None:
    common.show_no_data()
    st.stop()
v = ctx.version
fresh = ctx.freshness
info = published["info"]
if status is None or status.get("run_id") != published["run_id"]:
    st.markdown(f"**The figures shown come from run `{published['run_id']}`**, refreshed "
                f"{ctx.when(fresh.refreshed_at)} ({ctx.age(fresh.age_hours)}) in "
                f"{ctx.duration(info.get('seconds'))}.")
dbt_counts = (info.get("dbt") or {}).get("counts") or {}
st.caption(f"Published run `{published['run_id']}`, refreshed {ctx.when(fresh.refreshed_at)} in "
           f"{ctx.duration(info.get('seconds'))}"
           + (f" · {dbt_counts.get('success', 0)} models built, {dbt_counts.get('pass', 0)} "
              f"tests passed, {dbt_counts.get('warn', 0)} warnings" if dbt_counts else "")
           + f" · shown as stale after {fresh.stale_after_hours} hours.")

# -- per source ------------------------------------------------------------------------------
st.subheader("Sources")
health = queries.source_health(s, v)
if health.empty:
    st.info("No source has been loaded yet.")
else:
    loaded_at = pd.to_datetime(health["last_loaded_at"], utc=True)
    table = pd.DataFrame({
        "Source": health["source_name"],
        "State": [("No data: no file received" if files == 0 else
                   "No data: every row set aside") if empty else
                  ("Some files rejected" if rejected else "Loaded")
                  for empty, files, rejected in zip(health["has_no_data"], health["files"],
                                                    health["rejected_files"])],
        "Last loaded": [ctx.when(t) if pd.notna(t) else fmt.MISSING for t in loaded_at],
        "Age": [ctx.age(hours_since(t)) if pd.notna(t) else fmt.MISSING for t in loaded_at],
        "Files": health["files"], "Rejected files": health["rejected_files"],
        "Rows read": health["rows_read"], "Loaded": health["rows_loaded"],
        "Quarantined": health["rows_quarantined"],
        "Amount not convertible": health["rows_unconvertible"],
        "Mapped to 'other'": health["values_mapped_to_other"],
    })
    number = st.column_config.NumberColumn(format="localized")
    st.dataframe(table, hide_index=True, column_config={
        c: number for c in ("Files", "Rejected files", "Rows read", "Loaded", "Quarantined",
                            "Amount not convertible", "Mapped to 'other'")})
    st.caption("Every row read is either loaded or quarantined with a reason. Amounts that could "
               "not be converted to the reporting currency (no exchange rate) are left out of "
               "the figures and counted here. Values outside a known list are kept as 'other'.")
    if health["quarantined_total"].sum() > 0:
        st.altair_chart(charts.rows_set_aside(health, ctx.currency, ctx.locale))

# -- why rows were set aside -----------------------------------------------------------------
st.subheader("Quarantine reasons")
reasons_all = queries.quarantine_reasons(s, v)
if reasons_all.empty:
    st.success("No row was quarantined.")
else:
    sources = sorted(reasons_all["source_name"].unique())
    choice = st.selectbox("Source", options=["All sources", *sources], key="quarantine_source")
    reasons = queries.quarantine_reasons(s, v, None if choice == "All sources" else choice)
    st.dataframe(pd.DataFrame({
        "Source": reasons["source_name"], "Reason": reasons["reason"],
        "Rows": reasons["rows_quarantined"], "Files": reasons["files"],
        "Example": [f"{f}, row {r}" if pd.notna(r) else f
                    for f, r in zip(reasons["example_file"], reasons["example_row"])],
    }), hide_index=True, column_config={
        "Rows": st.column_config.NumberColumn(format="localized"),
        "Files": st.column_config.NumberColumn(format="localized")})
