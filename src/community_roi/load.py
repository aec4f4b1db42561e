"""Load landing files into the raw layer: read, type, quarantine with a reason, validate, upsert.

Every rule is set-based DuckDB SQL generated from `contract.SOURCES`; no Python loop touches rows.
For each new or changed file, in one transaction:

  rows read = rows loaded into raw.<source> + rows quarantined into raw._quarantine

and the counts land in raw._load_log. A file whose required column is missing is rejected whole
(all its rows quarantined with a message naming the file and the column). Loading the same file
again (same path, same bytes) is a no-op; a changed file replaces what that file loaded before.

Raw keeps every version of a record with its file's order; staging (dbt) keeps the newest.
"Newest file" means: later `dt=YYYY-MM-DD` partition first, then later modification time, then
path - put re-exports in a later partition when files may be copied around (copies reset mtimes).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from community_roi import contract as c
from community_roi.settings import Settings

RAW = "raw"
LOAD_LOG = f"{RAW}._load_log"
QUARANTINE = f"{RAW}._quarantine"
_PARTITION = re.compile(r"^dt=(\d{4}-\d{2}-\d{2})$")
_SENTIMENT_SOURCES = {"engagements", "mentions"}

DUCK_TYPES = {
    c.STRING: "VARCHAR", c.ENUM: "VARCHAR", c.CURRENCY: "VARCHAR", c.MONTH: "VARCHAR",
    c.TIMESTAMP: "TIMESTAMP", c.DATE: "DATE", c.DECIMAL: "DOUBLE", c.INTEGER: "BIGINT",
    c.BOOLEAN: "BOOLEAN",
}

Progress = Callable[[str], None]


@dataclass
class LandingFile:
    path: Path
    rel: str            # path relative to the landing root, posix: the file's identity
    fmt: str            # csv | csv.gz | parquet | jsonl | None (unsupported)
    partition: str      # dt=... value or ""
    mtime_ns: int

    @property
    def order_key(self) -> str:
        """Sortable string: later partition, then later mtime, then path wins."""
        return f"{self.partition or '0000-00-00'}|{self.mtime_ns:020d}|{self.rel}"


@dataclass
class FileResult:
    file: str
    status: str                 # loaded | rejected | unchanged | ignored
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    mapped_to_other: int = 0
    message: str = ""


@dataclass
class SourceResult:
    source: str
    files: list[FileResult] = field(default_factory=list)
    missing: bool = False       # the folder is missing or holds no data file

    def totals(self) -> dict:
        return {
            "files": len(self.files),
            "new_files": sum(f.status in ("loaded", "rejected") for f in self.files),
            "rows_read": sum(f.rows_read for f in self.files),
            "rows_loaded": sum(f.rows_loaded for f in self.files),
            "rows_quarantined": sum(f.rows_quarantined for f in self.files),
            "rejected_files": [f.file for f in self.files if f.status == "rejected"],
        }


class ContractError(Exception):
    """A file breaks the contract as a whole (e.g. a required column is missing)."""


# --------------------------------------------------------------------------------------------
# discovery


def _format_of(name: str) -> str | None:
    for suffix in c.FILE_SUFFIXES:
        if name.lower().endswith(suffix):
            return suffix.lstrip(".")
    return None


def discover_files(landing: Path, source: str) -> list[LandingFile]:
    folder = landing / source
    if not folder.is_dir():
        return []
    files = []
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or any(part.startswith((".", "_")) for part in p.relative_to(folder).parts):
            continue  # hidden files and markers such as _SUCCESS are not data
        partition = ""
        for part in p.relative_to(folder).parts[:-1]:
            m = _PARTITION.match(part)
            if m:
                partition = m.group(1)
        files.append(LandingFile(p, p.relative_to(landing).as_posix(), _format_of(p.name),
                                 partition, p.stat().st_mtime_ns))
    return sorted(files, key=lambda f: f.order_key)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# schema


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def raw_table(source: str) -> str:
    return f"{RAW}.{source}"


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW}")
    con.execute(f"""
        CREATE TABLE IF NOT EXISTS {LOAD_LOG} (
            source VARCHAR, file VARCHAR, file_sha256 VARCHAR, file_order VARCHAR, format VARCHAR,
            status VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT,
            mapped_to_other BIGINT, message VARCHAR, suite_evaluated INTEGER,
            run_id VARCHAR, loaded_at TIMESTAMP, seconds DOUBLE,
            PRIMARY KEY (source, file))""")
    con.execute(f"""
        CREATE TABLE IF NOT EXISTS {QUARANTINE} (
            source VARCHAR, file VARCHAR, row_number BIGINT, reason VARCHAR, record VARCHAR,
            run_id VARCHAR, quarantined_at TIMESTAMP)""")
    for src in c.SOURCES.values():
        cols = [f"{_q(col.name)} {DUCK_TYPES[col.type]}" for col in src.columns]
        if src.name in _SENTIMENT_SOURCES:
            cols.append("_sentiment_scored DOUBLE")
        cols += ["_extra VARCHAR", "_file VARCHAR", "_file_order VARCHAR", "_row_number BIGINT",
                 "_run_id VARCHAR", "_loaded_at TIMESTAMP"]
        con.execute(f"CREATE TABLE IF NOT EXISTS {raw_table(src.name)} ({', '.join(cols)})")


# --------------------------------------------------------------------------------------------
# reading one file into an all-VARCHAR temp table `_batch` (+ `_row_number`)


def _read_into_batch(con: duckdb.DuckDBPyConnection, f: LandingFile) -> list[dict]:
    """Creates temp table _batch; returns malformed lines as [{row_number, reason, record}]."""
    path = _lit(str(f.path))
    malformed: list[dict] = []
    if f.fmt in ("csv", "csv.gz"):
        con.execute("DROP TABLE IF EXISTS _rej_scan; DROP TABLE IF EXISTS _rej_err")
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _batch_src AS
            SELECT * FROM read_csv({path}, all_varchar=true, header=true, delim=',', quote='"',
                                   escape='"', ignore_errors=true, store_rejects=true,
                                   rejects_scan='_rej_scan', rejects_table='_rej_err',
                                   compression='auto', normalize_names=false)""")
        rows = con.execute("""SELECT line, error_type, error_message, csv_line FROM _rej_err
                              ORDER BY line""").fetchall()
        # One line can report several errors; keep one quarantine row per line.
        seen = set()
        for line, etype, emsg, raw_line in rows:
            if line in seen:
                continue
            seen.add(line)
            malformed.append({"row_number": int(line),
                              "reason": f"malformed CSV line {line}: {etype.lower()} ({emsg})",
                              "record": json.dumps({"line": raw_line})})
    elif f.fmt == "parquet":
        con.execute(f"CREATE OR REPLACE TEMP TABLE _batch_src AS SELECT * FROM read_parquet({path})")
        cols = [r[0] for r in con.execute("DESCRIBE _batch_src").fetchall()]
        casts = ", ".join(f"CAST({_q(x)} AS VARCHAR) AS {_q(x)}" for x in cols)
        con.execute(f"CREATE OR REPLACE TEMP TABLE _batch_src AS SELECT {casts} FROM _batch_src")
    elif f.fmt == "jsonl":
        # One column per line; \x1f never appears in JSON text outside strings in practice, and a
        # line where it does shows up as a malformed line rather than being lost.
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _lines AS
            SELECT row_number() OVER () AS _row_number, line
            FROM read_csv({path}, header=false, columns={{'line': 'VARCHAR'}}, delim='\x1f',
                          quote='', escape='', auto_detect=false, strict_mode=false)""")
        con.execute("DELETE FROM _lines WHERE line IS NULL OR trim(line) = ''")
        bad = con.execute("""
            SELECT _row_number, line FROM _lines
            WHERE NOT coalesce(json_valid(line), false) OR json_type(line) <> 'OBJECT'
        """).fetchall()
        malformed = [{"row_number": int(n), "reason": f"line {n} is not a JSON object",
                      "record": json.dumps({"line": line[:2000]})} for n, line in bad]
        keys = [r[0] for r in con.execute("""
            SELECT DISTINCT k FROM (
              SELECT unnest(json_keys(line)) AS k FROM _lines
              WHERE coalesce(json_valid(line), false) AND json_type(line) = 'OBJECT')
            ORDER BY k""").fetchall()]
        sel = ", ".join(f"line ->> {_lit(k)} AS {_q(k)}" for k in keys) or "NULL AS _empty"
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _batch AS
            SELECT {sel}, _row_number FROM _lines
            WHERE coalesce(json_valid(line), false) AND json_type(line) = 'OBJECT'""")
        return malformed
    else:
        raise ContractError(f"{f.rel}: unsupported file format (expected one of "
                            f"{', '.join(c.FILE_SUFFIXES)})")
    # CSV and Parquet: number rows in file order (DuckDB preserves insertion order).
    con.execute("""CREATE OR REPLACE TEMP TABLE _batch AS
                   SELECT *, row_number() OVER () AS _row_number FROM _batch_src""")
    # _row_number is the position among well-formed data rows; a malformed line's quarantine
    # reason carries its physical line number instead.
    return malformed


def _batch_columns(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Normalised name -> actual column name in _batch (names are trimmed and lower-cased)."""
    cols = [r[0] for r in con.execute("DESCRIBE _batch").fetchall() if r[0] != "_row_number"]
    out: dict[str, str] = {}
    for name in cols:
        norm = name.strip().lstrip("\ufeff").lower()
        if norm in out:
            raise ContractError(f"duplicate column {norm!r}")
        out[norm] = name
    return out


# --------------------------------------------------------------------------------------------
# typing and row rules, generated from the contract


def _column_sql(src: c.Source, col: c.Column, present: dict[str, str]) -> tuple[str, str, str]:
    """(typed expression, reason expression or NULL, mapped-to-other flag expression)."""
    v = f"nullif(trim({_q(present[col.name])}), '')" if col.name in present else "NULL::VARCHAR"
    shown = f"left({v}, 60)"
    name = f"{src.name}.{col.name}"
    t = col.type
    other = "false"
    if t == c.STRING:
        typed, bad = v, "false"
    elif t == c.TIMESTAMP:
        typed = f"timezone('UTC', try_cast({v} AS TIMESTAMPTZ))"
        bad = f"({v} IS NOT NULL AND {typed} IS NULL)"
        reason_bad = f"'{name}: cannot read ''' || {shown} || ''' as an ISO-8601 timestamp'"
    elif t == c.DATE:
        typed = f"try_cast({v} AS DATE)"
        bad = f"({v} IS NOT NULL AND {typed} IS NULL)"
        reason_bad = f"'{name}: cannot read ''' || {shown} || ''' as a date (YYYY-MM-DD)'"
    elif t == c.MONTH:
        typed = f"CASE WHEN regexp_full_match({v}, '\\d{{4}}-(0[1-9]|1[0-2])') THEN {v} END"
        bad = f"({v} IS NOT NULL AND NOT regexp_full_match({v}, '\\d{{4}}-(0[1-9]|1[0-2])'))"
        reason_bad = f"'{name}: ''' || {shown} || ''' is not a month (YYYY-MM)'"
    elif t == c.DECIMAL:
        num = f"try_cast({v} AS DOUBLE)"
        typed = f"CASE WHEN isfinite({num}) THEN {num} END"
        bad = f"({v} IS NOT NULL AND {typed} IS NULL)"
        reason_bad = (f"'{name}: ''' || {shown} || ''' is not a decimal number "
                      f"(use . as the decimal separator)'")
    elif t == c.INTEGER:
        typed = (f"CASE WHEN regexp_full_match({v}, '[+-]?\\d+(\\.0+)?') "
                 f"THEN try_cast({v} AS DOUBLE)::BIGINT END")
        bad = f"({v} IS NOT NULL AND {typed} IS NULL)"
        reason_bad = f"'{name}: ''' || {shown} || ''' is not a whole number'"
    elif t == c.BOOLEAN:
        lv = f"lower({v})"
        typed = (f"CASE WHEN {lv} IN ('true','1','yes') THEN true "
                 f"WHEN {lv} IN ('false','0','no') THEN false END")
        if col.default is not None:
            typed = f"coalesce({typed}, CASE WHEN {v} IS NULL THEN {col.default} END)"
        bad = f"({v} IS NOT NULL AND {lv} NOT IN ('true','1','yes','false','0','no'))"
        reason_bad = f"'{name}: ''' || {shown} || ''' is not a boolean (true/false/1/0/yes/no)'"
    elif t == c.ENUM:
        lv = f"lower({v})"
        values = ", ".join(_lit(x) for x in col.values)
        known = f"{lv} IN ({values})"
        if col.other_fallback:
            typed = f"CASE WHEN {known} THEN {lv} WHEN {v} IS NOT NULL THEN 'other' END"
            other = f"({v} IS NOT NULL AND NOT {known})"
            bad = "false"
        else:
            typed = f"CASE WHEN {known} THEN {lv} END"
            bad = f"({v} IS NOT NULL AND NOT {known})"
        if col.default is not None:
            typed = f"coalesce({typed}, CASE WHEN {v} IS NULL THEN {_lit(col.default)} END)"
        reason_bad = (f"'{name}: unknown value ''' || {shown} || ''' (expected one of "
                      f"{', '.join(col.values)})'")
    elif t == c.CURRENCY:
        typed = f"CASE WHEN regexp_full_match(upper({v}), '[A-Z]{{3}}') THEN upper({v}) END"
        bad = f"({v} IS NOT NULL AND {typed} IS NULL)"
        reason_bad = f"'{name}: ''' || {shown} || ''' is not an ISO-4217 currency code'"
    else:  # pragma: no cover - contract types are closed
        raise ValueError(t)
    if t == c.STRING:
        reason_bad = "NULL"

    checks = [(bad, reason_bad)]
    if col.required and col.default is None:
        checks.insert(0, (f"({v} IS NULL)", f"'{name}: required value is missing'"))
    if t in (c.DECIMAL, c.INTEGER):
        if col.min_value is not None:
            op, word = (("<=", "must be > ") if col.exclusive_min else ("<", "must be >= "))
            checks.append((f"({typed} {op} {col.min_value})",
                           f"'{name}: ' || {shown} || ' out of range ({word}{col.min_value:g})'"))
        if col.max_value is not None:
            checks.append((f"({typed} > {col.max_value})",
                           (f"'{name}: ' || {shown} || ' out of range "
                            f"(must be <= {col.max_value:g})'")))
    reason = "CASE " + " ".join(f"WHEN {cond} THEN {msg}" for cond, msg in checks
                                if cond != "false") + " END"
    if reason == "CASE  END":
        reason = "NULL"
    return typed, reason, other


def _record_json(columns: list[str]) -> str:
    if not columns:
        return "NULL"
    args = ", ".join(f"{_lit(x)}, {_q(x)}" for x in columns)
    return f"CAST(json_object({args}) AS VARCHAR)"


# --------------------------------------------------------------------------------------------
# loading one file


def _forget_file(con: duckdb.DuckDBPyConnection, source: str, rel: str) -> None:
    """Remove every trace of one file (raw rows, quarantine, log) inside the caller's transaction."""
    con.execute(f"DELETE FROM {raw_table(source)} WHERE _file = ?", [rel])
    con.execute(f"DELETE FROM {QUARANTINE} WHERE source = ? AND file = ?", [source, rel])
    con.execute(f"DELETE FROM {LOAD_LOG} WHERE source = ? AND file = ?", [source, rel])


def _load_file(con: duckdb.DuckDBPyConnection, src: c.Source, f: LandingFile, sha: str,
               run_id: str, validate: bool) -> FileResult:
    started = time.perf_counter()
    res = FileResult(f.rel, "loaded")
    table = raw_table(src.name)
    con.execute("BEGIN TRANSACTION")
    try:
        _forget_file(con, src.name, f.rel)  # a changed file replaces what it loaded before

        malformed = _read_into_batch(con, f)
        present = _batch_columns(con)
        n_batch = con.execute("SELECT count(*) FROM _batch").fetchone()[0]
        res.rows_read = n_batch + len(malformed)
        all_cols = list(present.values())
        missing = [name for name in src.required_columns if name not in present]
        suite_evaluated = None  # expectations run on this file's accepted rows

        def quarantine_malformed() -> None:
            if malformed:
                con.executemany(
                    f"INSERT INTO {QUARANTINE} VALUES (?, ?, ?, ?, ?, ?, timezone('UTC', now()))",
                    [[src.name, f.rel, m["row_number"], m["reason"], m["record"], run_id]
                     for m in malformed])

        if missing:
            reason = (f"file {f.rel} rejected: missing required column "
                      f"{', '.join(repr(m) for m in missing)}")
            con.execute(f"""INSERT INTO {QUARANTINE}
                            SELECT {_lit(src.name)}, {_lit(f.rel)}, _row_number, {_lit(reason)},
                                   {_record_json(all_cols)}, {_lit(run_id)}, timezone('UTC', now()) FROM _batch""")
            quarantine_malformed()
            res.status, res.message = "rejected", reason
            res.rows_quarantined = res.rows_read
        else:
            typed, reasons, others = [], [], []
            for col in src.columns:
                t_sql, r_sql, o_sql = _column_sql(src, col, present)
                typed.append(f"{t_sql} AS {_q(col.name)}")
                reasons.append(r_sql)
                others.append(f"CASE WHEN {o_sql} THEN 1 ELSE 0 END")
            extra = [present[k] for k in present if k not in src.column_names]
            con.execute(f"""
                CREATE OR REPLACE TEMP TABLE _typed AS
                SELECT {', '.join(typed)},
                       nullif(concat_ws('; ', {', '.join(reasons)}), '') AS _reason,
                       ({' + '.join(others)}) AS _others,
                       {_record_json(extra)} AS _extra,
                       {_record_json(all_cols)} AS _record,
                       _row_number
                FROM _batch""")
            col_list = ", ".join(_q(x) for x in src.column_names)
            accepted = f"SELECT {col_list} FROM _typed WHERE _reason IS NULL"
            if validate:
                from community_roi import quality

                suite = quality.validate_relation(src.name, con.sql(accepted))
                suite_evaluated = suite.evaluated
                if not suite.success:
                    raise ContractError(f"file {f.rel}: accepted rows fail the "
                                        f"'{src.name}' expectation suite: {'; '.join(suite.failed)}")
            scored = ""
            if src.name in _SENTIMENT_SOURCES:
                scored = ("CASE WHEN sentiment IS NULL AND text IS NOT NULL "
                          "THEN croi_sentiment(text) END, ")
            con.execute(f"""
                INSERT INTO {table}
                SELECT {col_list}, {scored} _extra, {_lit(f.rel)}, {_lit(f.order_key)},
                       _row_number, {_lit(run_id)}, timezone('UTC', now())
                FROM _typed WHERE _reason IS NULL""")
            con.execute(f"""
                INSERT INTO {QUARANTINE}
                SELECT {_lit(src.name)}, {_lit(f.rel)}, _row_number, _reason, _record,
                       {_lit(run_id)}, timezone('UTC', now())
                FROM _typed WHERE _reason IS NOT NULL""")
            quarantine_malformed()
            res.rows_loaded, res.rows_quarantined, res.mapped_to_other = con.execute(
                "SELECT count(*) FILTER (_reason IS NULL), count(*) FILTER (_reason IS NOT NULL),"
                " coalesce(sum(_others) FILTER (_reason IS NULL), 0) FROM _typed").fetchone()
            res.rows_quarantined += len(malformed)
            if res.rows_quarantined:
                res.message = f"{res.rows_quarantined} row(s) quarantined"
        con.execute(f"INSERT INTO {LOAD_LOG} VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,timezone('UTC', now()),?)", [
            src.name, f.rel, sha, f.order_key, f.fmt, res.status, res.rows_read, res.rows_loaded,
            res.rows_quarantined, res.mapped_to_other, res.message,
            suite_evaluated, run_id,
            time.perf_counter() - started])
        con.execute("COMMIT")
    except ContractError as exc:
        con.execute("ROLLBACK")
        return _reject_whole(con, src, f, sha, run_id, str(exc), started)
    except Exception:
        con.execute("ROLLBACK")
        raise
    return res


def _reject_whole(con, src: c.Source, f: LandingFile, sha: str, run_id: str, reason: str,
                  started: float) -> FileResult:
    """Rejects a file we could not type (unreadable, duplicate columns, suite failure)."""
    res = FileResult(f.rel, "rejected", message=reason)
    con.execute("BEGIN TRANSACTION")
    _forget_file(con, src.name, f.rel)
    try:
        malformed = _read_into_batch(con, f)
        n = con.execute("SELECT count(*) FROM _batch").fetchone()[0]
        cols = [r[0] for r in con.execute("DESCRIBE _batch").fetchall() if r[0] != "_row_number"]
        con.execute(f"""INSERT INTO {QUARANTINE}
                        SELECT {_lit(src.name)}, {_lit(f.rel)}, _row_number, {_lit(reason)},
                               {_record_json(cols)}, {_lit(run_id)}, timezone('UTC', now()) FROM _batch""")
        res.rows_read = res.rows_quarantined = n + len(malformed)
    except (duckdb.Error, ContractError) as exc:  # unreadable: one quarantine row for the file
        reason = f"{reason}; file unreadable: {str(exc).splitlines()[0][:300]}"
        res.message = reason
        con.execute(f"INSERT INTO {QUARANTINE} VALUES (?, ?, NULL, ?, NULL, ?, timezone('UTC', now()))",
                    [src.name, f.rel, reason, run_id])
    con.execute(f"INSERT INTO {LOAD_LOG} VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,timezone('UTC', now()),?)", [
        src.name, f.rel, sha, f.order_key, f.fmt, res.status, res.rows_read, 0,
        res.rows_quarantined, 0, reason, None, run_id, time.perf_counter() - started])
    con.execute("COMMIT")
    return res


# --------------------------------------------------------------------------------------------
# public entry points


def connect_writer(settings: Settings) -> duckdb.DuckDBPyConnection:
    """The one writing connection. Session time zone = the contract's zone for naive timestamps."""
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(settings.warehouse))
    con.execute(f"SET TimeZone = {_lit(settings.timezone)}")
    ensure_raw_schema(con)
    _register_sentiment(con)
    return con


def _register_sentiment(con: duckdb.DuckDBPyConnection) -> None:
    from community_roi.sentiment import register_duckdb_function

    register_duckdb_function(con)


def load_source(con: duckdb.DuckDBPyConnection, settings: Settings, source: str,
                run_id: str | None = None, progress: Progress | None = None,
                validate: bool = True) -> SourceResult:
    """Load every new or changed file of one source. Safe to call again: unchanged files skip."""
    src = c.SOURCES[source]
    run_id = run_id or uuid.uuid4().hex[:12]
    say = progress or (lambda _msg: None)
    files = discover_files(settings.landing, source)
    out = SourceResult(source)
    known = dict(con.execute(f"SELECT file, file_sha256 FROM {LOAD_LOG} WHERE source = ?",
                             [source]).fetchall())
    for f in files:
        if f.fmt is None:
            out.files.append(FileResult(f.rel, "ignored",
                                        message="not a data file (.csv, .csv.gz, .parquet, .jsonl)"))
            continue
        sha = file_sha256(f.path)
        if known.get(f.rel) == sha:
            out.files.append(FileResult(f.rel, "unchanged"))
            continue
        r = _load_file(con, src, f, sha, run_id, validate)
        say(f"  {source}: {f.rel}: {r.status}, {r.rows_loaded} loaded, "
            f"{r.rows_quarantined} quarantined" + (f" ({r.message})" if r.status == "rejected"
                                                    else ""))
        out.files.append(r)
    out.missing = not any(f.fmt for f in files) and not known
    return out


def reconcile(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Per file: rows read = rows loaded + rows quarantined, and the tables agree with the log."""
    problems = []
    for src in c.SOURCES:
        rows = con.execute(f"""
            WITH raw_counts AS (SELECT _file AS file, count(*) AS n FROM {raw_table(src)}
                                GROUP BY 1),
                 q_counts AS (SELECT file, count(*) AS n FROM {QUARANTINE} WHERE source = ?
                              GROUP BY 1)
            SELECT l.file, l.rows_read, l.rows_loaded, l.rows_quarantined,
                   coalesce(r.n, 0), coalesce(q.n, 0)
            FROM {LOAD_LOG} l LEFT JOIN raw_counts r USING (file) LEFT JOIN q_counts q USING (file)
            WHERE l.source = ?""", [src, src]).fetchall()
        for file, read, loaded, quarantined, in_raw, in_q in rows:
            unreadable = in_q == 1 and quarantined == 0 and read == 0
            if read != loaded + quarantined:
                problems.append(f"{file}: read {read} != loaded {loaded} + quarantined "
                                f"{quarantined}")
            if in_raw != loaded:
                problems.append(f"{file}: log says {loaded} loaded, raw holds {in_raw}")
            if in_q != quarantined and not unreadable:
                problems.append(f"{file}: log says {quarantined} quarantined, "
                                f"quarantine holds {in_q}")
    return problems
