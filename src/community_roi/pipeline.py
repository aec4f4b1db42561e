"""The nightly run as plain functions: load each source, dbt build, check, publish.

The Airflow DAG calls these one task at a time and `community-roi run` calls them in a row, so both
do exactly the same work. Each step opens and closes its own DuckDB connection: DuckDB allows one
writing process, and dbt needs the file to itself while it builds.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from community_roi import contract as c
from community_roi import formatting as fmt
from community_roi import load
from community_roi.settings import DBT_PROJECT_DIR, Settings

Progress = Callable[[str], None]


class PipelineError(RuntimeError):
    """A step failed; the message is one line a person can act on."""


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --------------------------------------------------------------------------------------------
# steps


def load_sources(settings: Settings, sources: tuple[str, ...] = c.SOURCE_NAMES,
                 run_id: str | None = None, progress: Progress | None = None) -> dict:
    """Load new landing files of the given sources. Returns per-source totals."""
    if not settings.landing.is_dir():
        raise PipelineError(f"landing folder {settings.landing} does not exist")
    con = load.connect_writer(settings)
    try:
        out = {}
        for source in sources:
            t = time.perf_counter()
            res = load.load_source(con, settings, source, run_id=run_id, progress=progress)
            out[source] = {**res.totals(), "missing": res.missing,
                           "seconds": round(time.perf_counter() - t, 2)}
        return out
    finally:
        con.close()


@contextmanager
def _dbt_environment(settings: Settings):
    saved = {k: os.environ.get(k) for k in settings.dbt_env()}
    os.environ.update(settings.dbt_env())
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def dbt_args(settings: Settings, command: str, *extra: str) -> list[str]:
    """Arguments for one dbt invocation; target/log paths live beside the warehouse, so the
    repository stays clean and two warehouses never share compiled state."""
    work = settings.warehouse.parent / "dbt"
    return [command, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
            str(DBT_PROJECT_DIR), "--target-path", str(work / "target"), "--log-path",
            str(work / "logs"), "--no-send-anonymous-usage-stats", "--no-version-check", *extra]


def _release_dbt_connection() -> None:
    """dbt-duckdb keeps one DuckDB connection per process for reuse across invocations; close it
    so the next step (check, publish) can open the file - DuckDB allows one writing process, and
    even this process may not reopen it with another configuration while it is held."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter: nothing held in process
        return
    env = DuckDBConnectionManager._ENV
    conn = getattr(env, "conn", None)
    if conn is not None:
        conn.close()
    DuckDBConnectionManager.close_all_connections()


def invoke_dbt(settings: Settings, command: str, *extra: str):
    """One in-process dbt invocation against this warehouse (settings exported to dbt's
    env_var(), restored after; the DuckDB connection released so others can open the file).
    Returns dbt's result object; the caller decides what a failure means."""
    from dbt.cli.main import dbtRunner

    with _dbt_environment(settings):
        try:
            return dbtRunner().invoke(dbt_args(settings, command, *extra))
        finally:
            _release_dbt_connection()


def build_models(settings: Settings, progress: Progress | None = None) -> dict:
    """`dbt build`: models, tests and contracts, in dependency order. Fails on any error."""
    say = progress or (lambda _m: None)
    say("dbt build: staging -> intermediate -> marts, with tests and contracts")
    started = time.perf_counter()
    result = invoke_dbt(settings, "build", "--quiet", "--no-use-colors")
    failures = []
    counts = {"success": 0, "pass": 0, "warn": 0, "error": 0, "fail": 0, "skipped": 0}
    if result.result is not None:
        for r in result.result:
            status = str(r.status).lower()
            counts[status] = counts.get(status, 0) + 1
            if status in ("error", "fail"):
                failures.append(f"{r.node.name}: {(r.message or status).splitlines()[0]}")
    if not result.success:
        detail = failures[0] if failures else str(result.exception or "unknown dbt error")
        more = f" (+{len(failures) - 1} more)" if len(failures) > 1 else ""
        raise PipelineError(f"dbt build failed: {detail}{more}")
    seconds = time.perf_counter() - started
    say(f"dbt build: {counts.get('success', 0)} models, {counts.get('pass', 0)} tests passed, "
        f"{counts.get('warn', 0)} warnings in {seconds:.1f}s")
    return {"counts": counts, "seconds": seconds}


def check(settings: Settings, progress: Progress | None = None) -> dict:
    """Reconciliation: every input row is loaded or quarantined, and the tables agree."""
    import duckdb

    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        problems = load.reconcile(con)
        read, loaded, quarantined = con.execute(
            f"SELECT coalesce(sum(rows_read),0), coalesce(sum(rows_loaded),0), "
            f"coalesce(sum(rows_quarantined),0) FROM {load.LOAD_LOG}").fetchone()
    finally:
        con.close()
    if problems:
        raise PipelineError(f"reconciliation failed: {problems[0]}"
                            + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""))
    if progress:
        progress(f"check: {read} rows read = {loaded} loaded + {quarantined} quarantined")
    return {"rows_read": int(read), "rows_loaded": int(loaded),
            "rows_quarantined": int(quarantined)}


def publish(settings: Settings, run_id: str, run_info: dict | None = None,
            progress: Progress | None = None) -> Path:
    """Copy the serving tables to a new file, then atomically swap it in (os.replace).

    Readers open the serving file read-only and briefly; one that still holds the old file keeps
    reading the old inode until it closes. A failure before the swap leaves the old file served.
    """
    from community_roi import publish as pub

    path = pub.publish(settings, run_id, run_info or {})
    if progress:
        progress(f"published {path}")
    return path


def write_status(settings: Settings, status: dict) -> None:
    """The last run's outcome, beside the warehouse (also when nothing was published)."""
    path = settings.run_status_file
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status, indent=2, default=str))
    os.replace(tmp, path)


def read_status(settings: Settings) -> dict | None:
    try:
        return json.loads(settings.run_status_file.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


@dataclass(frozen=True)
class Freshness:
    refreshed_at: datetime | None      # when the published run finished (UTC)
    age_hours: float | None
    stale_after_hours: int
    is_stale: bool                     # published data older than stale_after_hours
    last_run_failed: bool              # the status file says the last run failed
    last_run: dict | None


def freshness(meta: dict | None, status: dict | None, stale_after_hours: int,
              now: datetime | None = None) -> Freshness:
    """How old the published data is, and whether the last run failed: one rule for the
    dashboard's banner and the board pack.

    The age counts from the published run's `finished_at` (UTC, from the run record). With no
    published data, `is_stale` is False: the pages say there is nothing to show instead."""
    now = now or datetime.now(UTC)
    refreshed = None
    if meta is not None:
        info = meta.get("info", {})
        refreshed = fmt.parse_utc(info.get("finished_at")) or fmt.parse_utc(meta.get("published_at"))
    age = (now - refreshed).total_seconds() / 3600 if refreshed else None
    failed = bool(status) and status.get("status") == "failed"
    return Freshness(refreshed_at=refreshed, age_hours=age, stale_after_hours=stale_after_hours,
                     is_stale=age is not None and age > stale_after_hours,
                     last_run_failed=failed, last_run=status)


def _rumour_alerts(settings: Settings, say: Progress) -> dict:
    """New rumours in what was just published: log line + webhook. Never fails the run."""
    try:
        from community_roi.ereputation import run_rumour_alerts

        result = run_rumour_alerts(settings)
    except Exception as exc:  # noqa: BLE001 - data is published; an alert problem is reported
        return {"error": str(exc)[:300]}
    if result.get("rumours"):
        say(f"ALERT: {result['rumours']} new rumour(s) since {result.get('since_date')}"
            + (" (webhook notified)" if result.get("posted") else ""))
    return result


# --------------------------------------------------------------------------------------------
# the whole run, in process


@dataclass
class RunResult:
    run_id: str
    ok: bool
    status: dict


def run(settings: Settings, progress: Progress | None = None) -> RunResult:
    """One whole nightly run. On failure, the previously published data stays in place."""
    say = progress or (lambda _m: None)
    run_id = new_run_id()
    started = time.perf_counter()
    status: dict = {"run_id": run_id, "started_at": _utcnow(), "status": "running",
                    "orchestrator": "cli", "steps": {}}
    step = "load"
    try:
        t = time.perf_counter()
        say(f"run {run_id}: loading {settings.landing}")
        status["loads"] = load_sources(settings, run_id=run_id, progress=say)
        status["steps"]["load"] = round(time.perf_counter() - t, 2)
        step = "transform"
        t = time.perf_counter()
        status["dbt"] = build_models(settings, progress=say)
        status["steps"]["transform"] = round(time.perf_counter() - t, 2)
        step = "check"
        t = time.perf_counter()
        status["check"] = check(settings, progress=say)
        status["steps"]["check"] = round(time.perf_counter() - t, 2)
        step = "publish"
        t = time.perf_counter()
        status["finished_at"] = _utcnow()
        status["seconds"] = round(time.perf_counter() - started, 2)
        status["status"] = "success"
        publish(settings, run_id, status, progress=say)
        status["steps"]["publish"] = round(time.perf_counter() - t, 2)
        status["published"] = True
        status["alerts"] = _rumour_alerts(settings, say)
        write_status(settings, status)
        return RunResult(run_id, True, status)
    except Exception as exc:  # noqa: BLE001 - the run reports any failure in one line
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        status.update(status="failed", failed_step=step, error=message[:500],
                      finished_at=_utcnow(), seconds=round(time.perf_counter() - started, 2),
                      published=False)
        if not isinstance(exc, PipelineError):
            status["traceback"] = traceback.format_exc(limit=8)
        write_status(settings, status)
        return RunResult(run_id, False, status)
