"""Publish the serving copy atomically, and open it read-only for readers.

The dashboard and `community-roi report` never touch the warehouse the nightly run writes: they
read `<warehouse>.serving.duckdb`, a small file holding only the dashboard-facing tables (`rpt_*`
and the analysis period) plus run metadata. It is written beside the old one and swapped in with
os.replace, which is atomic on POSIX; a run that fails before that line leaves the old file served.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

import duckdb

from community_roi.settings import Settings

MARTS = "marts"
# dashboard-facing tables copied to the serving file; everything else stays in the warehouse
SERVED_PREFIXES = ("rpt_",)
SERVED_TABLES = ("dim_analysis_period",)


def _served_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'wh' "
        "AND table_schema = ? ORDER BY table_name", [MARTS]).fetchall()
    return [r[0] for r in rows
            if r[0].startswith(SERVED_PREFIXES) or r[0] in SERVED_TABLES]


def publish(settings: Settings, run_id: str, run_info: dict) -> Path:
    target = settings.serving
    tmp = target.with_name(f".{target.name}.{run_id}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect()  # in-memory hub: warehouse attached read-only, new file read-write
    try:
        con.execute(f"ATTACH '{settings.warehouse}' AS wh (READ_ONLY)")
        con.execute("USE wh")
        tables = _served_tables(con)
        if not tables:
            raise RuntimeError("nothing to publish: no rpt_ tables in the warehouse")
        con.execute(f"ATTACH '{tmp}' AS pub")
        con.execute(f"CREATE SCHEMA pub.{MARTS}")
        con.execute("CREATE SCHEMA pub.meta")
        for t in tables:
            con.execute(f'CREATE TABLE pub.{MARTS}."{t}" AS SELECT * FROM wh.{MARTS}."{t}"')
        con.execute("CREATE TABLE pub.meta.run (run_id VARCHAR, published_at TIMESTAMP, "
                    "info VARCHAR, settings VARCHAR)")
        con.execute("INSERT INTO pub.meta.run VALUES (?, timezone('UTC', now()), ?, ?)",
                    [run_id, json.dumps(run_info, default=str),
                     json.dumps(settings.as_dict(), default=str)])
        con.execute("USE memory")
        con.execute("DETACH pub")
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.replace(tmp, target)
    return target


@contextmanager
def serving_connection(settings: Settings):
    """A short-lived read-only connection to the published copy."""
    if not settings.serving.exists():
        raise FileNotFoundError(
            f"no published data at {settings.serving}: run `community-roi run` first")
    # Attach from an in-memory connection rather than connect(path): DuckDB shares one database
    # instance per path within a process, so a connect() right after the swap could be served
    # the old file by a connection still open on it.
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS serving (READ_ONLY)", [str(settings.serving)])
        con.execute("USE serving")
        yield con
    finally:
        con.close()
