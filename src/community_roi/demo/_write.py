"""Presentation and files: formats, partitions, timestamp styles, case noise, re-exports and the
planted dirty rows. Every file is written deterministically (gzip without a timestamp, parquet
without wall-clock metadata, file mtimes set from the partition date).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..contract import SOURCES
from ._sim import COUNTRIES, SALES_CHANNELS, STATUSES, Calendar, Customers, Orders, stream
from ._social import STAFF_BASE, Frame, fx_lookup, vary_case
from ._time import DAY, add_months, format_ts, local_to_utc, month_start

ORDER_FORMATS = ("csv", "parquet", "jsonl", "csv.gz")
ORDER_STYLES = {"csv": "naive_space", "parquet": "offset", "jsonl": "z", "csv.gz": "naive"}
ENG_FORMATS = ("jsonl", "parquet", "csv", "csv.gz")
ENG_STYLES = {"jsonl": "z", "parquet": "offset", "csv": "naive", "csv.gz": "z"}
ROW_MARGIN_MISSING = 0.06        # share of rows with an empty gross_margin where the column exists


@dataclass
class Ledger:
    """What was written: files, rows, and every planted irregularity, for truth.json."""
    root: Path
    files: dict = field(default_factory=dict)          # source -> [relative paths]
    rows: dict = field(default_factory=dict)           # source -> rows written (all files)
    quarantined: dict = field(default_factory=dict)    # source -> [{"file","key","reason"}]
    mapped_other: dict = field(default_factory=dict)   # source -> {column: count}
    rejected: list = field(default_factory=list)
    repeats: dict = field(default_factory=dict)        # source -> {"exact": n, "corrected": n}
    extra_columns: dict = field(default_factory=dict)  # source -> [names]

    def add_file(self, source: str, rel: str, nrows: int) -> None:
        self.files.setdefault(source, []).append(rel)
        self.rows[source] = self.rows.get(source, 0) + nrows

    def quarantine(self, source: str, rel: str, key, reason: str) -> None:
        self.quarantined.setdefault(source, []).append({"file": rel, "key": key, "reason": reason})

    def other(self, source: str, column: str, n: int = 1) -> None:
        d = self.mapped_other.setdefault(source, {})
        d[column] = d.get(column, 0) + n

    def repeat(self, source: str, kind: str, n: int) -> None:
        d = self.repeats.setdefault(source, {"exact": 0, "corrected": 0})
        d[kind] += n


# --------------------------------------------------------------------------------------------
def _arr(v, n=None) -> pa.Array:
    if isinstance(v, pa.ChunkedArray):
        return v.combine_chunks()
    if isinstance(v, pa.Array):
        return v
    v = np.asarray(v)
    if v.dtype == object:
        return pa.array(v.tolist(), type=pa.string())
    if v.dtype.kind == "f":
        return pa.array(v, from_pandas=True)
    return pa.array(v)


def frame_table(f: Frame, idx: np.ndarray, columns, style: str, rename: dict | None = None) -> pa.Table:
    """Rows `idx` of `f` as an Arrow table with `columns` (contract order), timestamps in `style`."""
    sub = f.take(idx)
    out = {}
    for c in columns:
        if c in sub.ts:
            lo, ut, m = sub.ts[c]
            a = format_ts(lo, ut, style)
            if m is not None:
                a = pc.if_else(pa.array(m), a, pa.nulls(len(a), pa.string()))
            out[c] = a
        elif c in sub.cols:
            out[c] = _arr(sub.cols[c])
    t = pa.table(out)
    if rename:
        t = t.rename_columns([rename.get(c, c) for c in t.column_names])
    return t


def append_rows(t: pa.Table, rows: list[dict]) -> pa.Table:
    if not rows:
        return t
    extra = pa.Table.from_pylist([{c: r.get(c) for c in t.column_names} for r in rows],
                                 schema=t.schema)
    return pa.concat_tables([t, extra])


def write_table(led: Ledger, source: str, rel: str, t: pa.Table, fmt: str, when: dt.date,
                bom: bool = False, count: bool = True) -> None:
    path = led.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt in ("csv", "csv.gz"):
        buf = io.BytesIO()
        pacsv.write_csv(t, buf, pacsv.WriteOptions(quoting_style="needed"))
        data = buf.getvalue()
        if bom:
            data = b"\xef\xbb\xbf" + data
        if fmt == "csv.gz":
            data = gzip.compress(data, compresslevel=6, mtime=0)
        path.write_bytes(data)
    elif fmt == "parquet":
        pq.write_table(t, path, compression="snappy")
    elif fmt == "jsonl":
        con = duckdb.connect()
        con.execute("SET threads = 1")
        con.register("t_out", t)
        target = path.as_posix().replace("'", "''")
        con.execute(f"COPY t_out TO '{target}' (FORMAT json)")
        con.close()
    else:
        raise ValueError(fmt)
    ts = dt.datetime(when.year, when.month, when.day, 6, 0, tzinfo=dt.UTC).timestamp()
    os.utime(path, (ts, ts))
    if count:
        led.add_file(source, rel, t.num_rows)
    else:
        led.files.setdefault(source, []).append(rel)


def _dt(d: dt.date) -> str:
    return f"dt={d.isoformat()}"


def month_partition(cal: Calendar, m: int) -> dt.date:
    """Partition date of the monthly export of month m: the 1st of the next month (the current
    month's export is dated end_date)."""
    ms = add_months(month_start(cal.start), m + 1)
    return min(ms, cal.end)


def _month_label(cal: Calendar, m: int) -> str:
    return add_months(month_start(cal.start), m).strftime("%Y_%m")


def _bool_strings(v: np.ndarray, style: int) -> np.ndarray:
    t, f = (("true", "false"), ("1", "0"), ("yes", "no"), ("True", "False"))[style]
    return np.where(v, t, f).astype(object)


# --------------------------------------------------------------------------------------------
@dataclass
class OrderMoney:
    """Per candidate order: what a file shows and what the pipeline will compute from it."""
    currency: np.ndarray      # written currency code ('' = empty)
    revenue: np.ndarray       # written amount
    margin: np.ndarray        # written gross_margin (NaN = empty / column absent)
    eff_revenue: np.ndarray   # EUR, as the pipeline computes it
    eff_margin: np.ndarray    # EUR: gross_margin converted, else revenue x 0.40
    fmt_idx: np.ndarray       # index into ORDER_FORMATS


def present_orders(cal: Calendar, cu: Customers, o: Orders, fx: Frame, seed: int,
                   margin_rate_default: float = 0.40) -> OrderMoney:
    r = stream(seed, "order_money")
    n = o.cust.size
    m_idx = cal.month_idx[o.day]
    fmt_idx = m_idx % len(ORDER_FORMATS)
    usd = cu.country[o.cust] == COUNTRIES.index("US")
    rate = np.where(usd, fx_lookup(fx, "USD", o.day), 1.0)
    rev = np.where(usd, np.round(o.revenue_eur / rate, 2), o.revenue_eur)
    mar = np.round(o.revenue_eur * o.margin_rate / np.where(usd, rate, 1.0), 2)
    missing = (r.random(n) < ROW_MARGIN_MISSING) | (fmt_idx == ORDER_FORMATS.index("csv.gz"))
    mar = np.where(missing, np.nan, mar)
    eff_rev = rev * rate
    eff_mar = np.where(missing, eff_rev * margin_rate_default, mar * rate)
    cur = np.where(usd, "USD", "EUR").astype(object)
    return OrderMoney(cur, rev, mar, eff_rev, eff_mar, fmt_idx)


def write_orders(led: Ledger, cal: Calendar, cu: Customers, o: Orders, money: OrderMoney,
                 cust_ids: np.ndarray, seed: int) -> dict:
    r = stream(seed, "write_orders")
    cols = SOURCES["orders"].column_names
    w = np.flatnonzero(o.act)
    n = w.size
    width = max(9, len(str(n)))
    oid = np.array(pc.utf8_lpad(pa.array((np.arange(n) + 1).astype(str)), width, "0").to_pylist(),
                   dtype=object)
    local = (cal.ed0 + o.day[w]) * DAY + o.tod[w]
    utc = local_to_utc(local)
    status = np.array(STATUSES, dtype=object)[o.status[w]]
    noisy = r.random(n)
    status = np.where(noisy < 0.03, np.char.capitalize(status.astype(str)).astype(object), status)
    status = np.where((noisy >= 0.03) & (noisy < 0.05), np.char.add(status.astype(str), " ").astype(object),
                      status)
    # status column sometimes empty: default completed
    status = np.where((o.status[w] == 0) & (noisy >= 0.05) & (noisy < 0.10), None, status)
    sch = np.array(SALES_CHANNELS, dtype=object)[o.sales_channel[w]]
    sch = np.where(r.random(n) < 0.04, np.char.upper(sch.astype(str)).astype(object), sch)
    cur = money.currency[w].copy()
    cn = r.random(n)
    cur = np.where((cur == "EUR") & (cn < 0.35), None, cur)
    cur = np.where((cur == "EUR") & (cn >= 0.35) & (cn < 0.40), "eur", cur)
    cur = np.where((cur == "USD") & (cn < 0.2), "usd ", cur)
    f = Frame(n=n)
    f.cols = {"order_id": oid, "customer_id": cust_ids[o.cust[w]], "revenue": money.revenue[w],
              "gross_margin": money.margin[w], "currency": cur, "status": status,
              "sales_channel": sch,
              "coupon_code": np.where(r.random(n) < 0.1, "BIENVENUE10", None).astype(object)}
    f.ts = {"ordered_at": (local, utc, None)}
    # one unknown sales channel -> mapped to 'other' and counted (a real order)
    tel = int(r.integers(n // 3, 2 * n // 3)) if n > 3 else 0
    if n:
        f.cols["sales_channel"][tel] = "telephone"
        led.other("orders", "sales_channel")

    months = cal.month_idx[o.day[w]]
    M = int(cal.month_idx[-1]) + 1
    # corrections: orders of months <= M-4 re-exported with corrected values in a later file
    corr_dt = add_months(month_start(cal.start), M - 2) + dt.timedelta(days=14)
    eligible = np.flatnonzero(months <= M - 4)
    n_corr = min(eligible.size, max(5, n // 250))
    corr = np.sort(r.choice(eligible, size=n_corr, replace=False)) if n_corr else np.array([], int)
    # the first file shows the wrong values; the correction shows the simulated (true) ones
    original = {"status": f.cols["status"].copy(), "revenue": f.cols["revenue"].copy(),
                "gross_margin": f.cols["gross_margin"].copy()}
    refunded = o.status[w][corr] == 1
    ow_status = original["status"]
    ow_status[corr[refunded]] = "completed"
    inflate = np.round(r.uniform(1.1, 1.4, corr.size), 3)
    rv = original["revenue"]
    gm = original["gross_margin"]
    rv[corr[~refunded]] = np.round(rv[corr[~refunded]] * inflate[~refunded], 2)
    gm[corr[~refunded]] = np.round(gm[corr[~refunded]] * inflate[~refunded], 2)
    shown = Frame(n=n, cols=dict(f.cols), ts=f.ts)
    shown.cols.update(original)

    # the planted bad rows go into the first CSV month from the middle of the window on
    dirty_month = next((m for m in list(range(M // 2, M)) + list(range(M // 2))
                        if ORDER_FORMATS[m % len(ORDER_FORMATS)] == "csv"), 0)
    info = {"order_ids": oid, "written_index": w, "corrected": corr, "dirty_month": dirty_month}
    for m in range(M):  # loop over monthly files
        sel = np.flatnonzero(months == m)
        fmt = ORDER_FORMATS[m % len(ORDER_FORMATS)]
        style = ORDER_STYLES[fmt]
        columns = [c for c in cols if not (fmt == "csv.gz" and c == "gross_margin")]
        if fmt == "parquet":
            columns = columns + ["coupon_code"]
            led.extra_columns["orders"] = ["coupon_code"]
        t = frame_table(shown, sel, columns, style)
        rel = f"orders/{_dt(month_partition(cal, m))}/orders_{_month_label(cal, m)}.{fmt}"
        if m == dirty_month:
            t = append_rows(t, _dirty_orders(led, rel, cal, cust_ids, m, r))
        if m == (dirty_month + 1) % M or (M == 1):
            t = append_rows(t, _chf_orders(led, rel, cal, cu, cust_ids, m, r, style))
        write_table(led, "orders", rel, t, fmt, month_partition(cal, m))
    if corr.size:
        t = frame_table(f, corr, cols, "naive_space")
        rel = f"orders/{_dt(corr_dt)}/orders_corrections.csv"
        write_table(led, "orders", rel, t, "csv", corr_dt)
        led.repeat("orders", "corrected", int(corr.size))
    # a legacy point-of-sale export without ordered_at: rejected whole
    rej_dt = month_partition(cal, max(M // 3, 0))
    k = 25
    rej = pa.table({
        "order_id": [f"POS-{i:06d}" for i in range(1, k + 1)],
        "customer_id": [str(x) for x in cust_ids[r.integers(0, cu.n, k)]],
        "order_date": [(month_start(cal.start) + dt.timedelta(days=int(d))).isoformat()
                       for d in r.integers(0, 28, k)],
        "revenue": np.round(r.uniform(15, 120, k), 2),
        "status": ["completed"] * k,
    })
    rel = f"orders/{_dt(rej_dt)}/orders_pos_legacy.csv"
    write_table(led, "orders", rel, rej, "csv", rej_dt)
    led.rejected.append({"source": "orders", "file": rel, "missing_column": "ordered_at",
                         "rows": k})
    return info


def _local_str(cal: Calendar, day: int, hour: int, style: str) -> str:
    local = np.array([(cal.ed0 + day) * DAY + hour * 3600])
    return format_ts(local, local_to_utc(local), style)[0].as_py()


def _dirty_orders(led, rel, cal, cust_ids, m, r) -> list[dict]:
    days = np.flatnonzero(cal.month_idx == m)
    d = int(days[len(days) // 2])
    c = [str(x) for x in cust_ids[r.integers(0, len(cust_ids), 4)]]
    ts = _local_str(cal, d, 15, "naive_space")
    rows = [
        {"order_id": "990000001", "customer_id": c[0], "ordered_at": ts, "revenue": 42.0,
         "gross_margin": 17.0, "currency": "EUR", "status": "pending", "sales_channel": "online"},
        {"order_id": "990000002", "customer_id": c[1], "ordered_at": "2025-13-45 10:00:00",
         "revenue": 35.5, "gross_margin": 14.0, "currency": "EUR", "status": "completed",
         "sales_channel": "online"},
        {"order_id": "990000003", "customer_id": c[2], "ordered_at": ts, "revenue": -25.5,
         "gross_margin": -10.0, "currency": "EUR", "status": "completed", "sales_channel": "store"},
        {"order_id": "990000004", "customer_id": None, "ordered_at": ts, "revenue": 61.9,
         "gross_margin": 25.0, "currency": "EUR", "status": "completed", "sales_channel": "online"},
    ]
    for row, reason in zip(rows, ("unknown status 'pending'", "bad timestamp",
                                  "negative revenue", "missing required customer_id")):
        led.quarantine("orders", rel, row["order_id"], reason)
    return rows


def _chf_orders(led, rel, cal, cu, cust_ids, m, r, style) -> list[dict]:
    days = np.flatnonzero(cal.month_idx == m)
    ch = np.flatnonzero(cu.country == COUNTRIES.index("CH"))
    pick = ch[:3] if ch.size >= 3 else np.arange(3) % cu.n
    rows = []
    for i in range(3):  # three planted rows
        d = int(days[(i * 7) % len(days)])
        oid = f"99000001{i}"
        rows.append({"order_id": oid, "customer_id": str(cust_ids[pick[i]]),
                     "ordered_at": _local_str(cal, d, 11 + i, style), "revenue": 89.0 + i,
                     "gross_margin": 36.0, "currency": "CHF", "status": "completed",
                     "sales_channel": "online"})
        led.quarantine("orders", rel, oid, "currency CHF has no fx rate (unconvertible)")
    return rows


# --------------------------------------------------------------------------------------------
def write_customers(led: Ledger, cal: Calendar, cu: Customers, cust_ids: np.ndarray,
                    email_hash: pa.Array, seed: int) -> None:
    from ._sim import AGE_BANDS
    r = stream(seed, "write_customers")
    cols = SOURCES["customers"].column_names
    n = cu.n
    local = ((cal.ed0 + np.floor(cu.c0)).astype(np.int64) * DAY
             + np.round((cu.c0 - np.floor(cu.c0)) * DAY).astype(np.int64).clip(0, DAY - 1))
    bad = (local % DAY >= 7200) & (local % DAY < 10800)
    local[bad] += 3600
    f = Frame(n=n)
    f.cols = {"customer_id": cust_ids, "country": np.array(COUNTRIES, dtype=object)[cu.country],
              "region": cu.region, "segment": np.where(cu.pro, "pro", "b2c").astype(object),
              "age_band": np.array(AGE_BANDS, dtype=object)[cu.age], "email_sha256": email_hash}
    f.ts = {"created_at": (local, local_to_utc(local), None)}
    pre = np.flatnonzero(cu.c0 < 0)
    t = frame_table(f, pre, cols, "naive_space")
    rel = f"customers/{_dt(cal.start)}/customers_export.csv"
    # a customer without created_at (required): quarantined
    width = len(cust_ids[0]) if n else 6
    bad_id = str(n + 1).zfill(width)
    t = append_rows(t, [{"customer_id": bad_id, "created_at": None, "country": "FR",
                         "region": "bretagne", "segment": "b2c", "age_band": "25-34"}])
    led.quarantine("customers", rel, bad_id, "missing required created_at")
    write_table(led, "customers", rel, t, "csv", cal.start, bom=True)
    new = np.flatnonzero(cu.c0 >= 0)
    q = (np.floor(cu.c0[new]).astype(np.int64) // 91)
    fmts = ("parquet", "jsonl", "csv.gz")
    styles = {"parquet": "offset", "jsonl": "z", "csv.gz": "naive"}
    for k in np.unique(q):  # loop over quarterly files
        sel = new[q == k]
        d = min(cal.start + dt.timedelta(days=int((k + 1) * 91)), cal.end)
        fmt = fmts[int(k) % 3]
        t = frame_table(f, sel, cols, styles[fmt])
        write_table(led, "customers", f"customers/{_dt(d)}/customers_new_q{int(k) + 1}.{fmt}", t,
                    fmt, d)
    # re-export: customers who moved (newest file wins; no effect on any figure)
    mv = np.sort(r.choice(n, size=min(20, n), replace=False))
    g = f.take(mv)
    g.cols["region"] = np.where(g.cols["country"] == "FR", "ile-de-france", g.cols["region"]).astype(object)
    t = frame_table(g, np.arange(mv.size), cols, "offset")
    write_table(led, "customers", f"customers/{_dt(cal.end)}/customers_updates.csv", t, "csv",
                cal.end)
    led.repeat("customers", "corrected", int(mv.size))


# --------------------------------------------------------------------------------------------
def write_engagements(led: Ledger, cal: Calendar, eng: Frame, seed: int) -> dict:
    r = stream(seed, "write_engagements")
    cols = SOURCES["engagements"].column_names
    n = eng.n
    is_email = eng.cols["channel"] == "email"
    shown = vary_case(r, eng.cols["handle"])
    shown = pc.if_else(pa.array(is_email), eng.cols["handle"], shown)
    f = Frame(n=n, cols=dict(eng.cols), ts=eng.ts)
    f.cols["handle"] = shown
    f.cols["engagement_type"] = eng.cols["engagement_type"].copy()
    # an extra column some exports carry (ignored by the contract): the platform's numeric user id
    f.cols["platform_user_id"] = np.char.add(
        "u", (100_000_007 + 7 * eng.cols["_hidx"]).astype(str)).astype(object)
    months = cal.month_idx[eng.cols["_day"]]
    M = int(cal.month_idx[-1]) + 1
    info = {}
    dirty_month = (M // 2 + 1) % M
    for m in range(M):  # loop over monthly files
        sel = np.flatnonzero(months == m)
        fmt = ENG_FORMATS[m % len(ENG_FORMATS)]
        columns = list(cols) + (["platform_user_id"] if fmt == "jsonl" else [])
        if fmt == "jsonl":
            led.extra_columns["engagements"] = ["platform_user_id"]
        t = frame_table(f, sel, columns, ENG_STYLES[fmt])
        rel = f"engagements/{_dt(month_partition(cal, m))}/engagements_{_month_label(cal, m)}.{fmt}"
        if m == dirty_month:
            t = append_rows(t, _dirty_engagements(led, rel, cal, m, ENG_STYLES[fmt]))
        write_table(led, "engagements", rel, t, fmt, month_partition(cal, m))
    # an exact re-export of some earlier rows in a later partition
    early = np.flatnonzero(months <= max(M - 4, 0))
    k = min(early.size, max(10, n // 200))
    rep = np.sort(r.choice(early, size=k, replace=False)) if k else np.array([], int)
    if rep.size:
        t = frame_table(f, rep, cols, "z")
        d = add_months(month_start(cal.start), M - 2) + dt.timedelta(days=3)
        d = min(d, cal.end)
        write_table(led, "engagements", f"engagements/{_dt(d)}/engagements_reexport.csv", t, "csv", d)
        led.repeat("engagements", "exact", int(rep.size))
    info["repeated"] = rep
    return info


def mark_unknown_types(eng: Frame, anon_mask: np.ndarray, seed: int, led: Ledger) -> None:
    """Three anonymous-fan rows get engagement_type 'Reaction' (not in the enum -> other)."""
    r = stream(seed, "unknown_types")
    cand = np.flatnonzero(anon_mask)
    if cand.size == 0:
        return
    pick = r.choice(cand, size=min(3, cand.size), replace=False)
    eng.cols["engagement_type"] = eng.cols["engagement_type"].copy()
    eng.cols["engagement_type"][pick] = "Reaction"
    led.other("engagements", "engagement_type", int(pick.size))


def _dirty_engagements(led, rel, cal, m, style) -> list[dict]:
    days = np.flatnonzero(cal.month_idx == m)
    d = int(days[len(days) // 2])
    ts = _local_str(cal, d, 20, style)
    rows = [
        {"engagement_id": "eng-990000001", "channel": "instagram", "handle": "@Cosy.Fan_31337",
         "engagement_type": "comment", "occurred_at": ts, "text": "trop beau 😍", "sentiment": 3.5},
        {"engagement_id": "eng-990000002", "channel": "facebook", "handle": None,
         "engagement_type": "like", "occurred_at": ts},
        {"engagement_id": "eng-990000003", "channel": "x", "handle": "night_owl_4242",
         "engagement_type": "like", "occurred_at": "yesterday 10pm"},
    ]
    for row, reason in zip(rows, ("sentiment 3.5 outside [-1, 1]", "missing required handle",
                                  "bad timestamp")):
        led.quarantine("engagements", rel, row["engagement_id"], reason)
    return rows


# --------------------------------------------------------------------------------------------
def write_links(led: Ledger, cal: Calendar, links: Frame, cust_ids: np.ndarray, seed: int) -> None:
    r = stream(seed, "write_links")
    cols = SOURCES["identity_links"].column_names
    n = links.n
    f = Frame(n=n, cols=dict(links.cols), ts=links.ts)
    is_email = links.cols["channel"] == "email"
    f.cols["handle"] = pc.if_else(pa.array(is_email), links.cols["handle"],
                                  vary_case(r, links.cols["handle"], 0.2, 0.05, 0.2))
    f.cols["customer_id"] = cust_ids[links.cols["_customer"]]
    method = links.cols["method"].copy()
    if n:
        k = int(r.integers(n))
        method[k] = "crm_import"  # not in the enum -> other, counted
        led.other("identity_links", "method")
    f.cols["method"] = method
    cut_day = min(cal.D - 1, 180)
    first = np.flatnonzero(links.cols["_day"] < cut_day)
    second = np.flatnonzero(links.cols["_day"] >= cut_day)
    d1 = cal.start + dt.timedelta(days=cut_day)
    t = frame_table(f, first, cols, "offset")
    write_table(led, "identity_links", f"identity_links/{_dt(d1)}/identity_links.csv", t, "csv", d1)
    dup = np.sort(r.choice(first, size=min(10, first.size), replace=False)) if first.size else first
    t = frame_table(f, np.concatenate([second, dup]), cols, "z")
    rel = f"identity_links/{_dt(cal.end)}/identity_links_update.jsonl"
    t = append_rows(t, [{"channel": "instagram", "handle": "mystery_fan_777", "customer_id": None,
                         "method": "manual"}])
    led.quarantine("identity_links", rel, ["instagram", "mystery_fan_777"],
                   "missing required customer_id")
    write_table(led, "identity_links", rel, t, "jsonl", cal.end)
    led.repeat("identity_links", "exact", int(dup.size))


# --------------------------------------------------------------------------------------------
def write_actions(led: Ledger, cal: Calendar, act: Frame, seed: int) -> None:
    r = stream(seed, "write_actions")
    cols = SOURCES["community_actions"].column_names
    f = Frame(n=act.n, cols=dict(act.cols), ts=act.ts)
    at = act.cols["action_type"].copy()
    vids = np.flatnonzero((act.cols["channel"] == "instagram") & (at == "video"))
    if vids.size:
        at[vids[r.integers(vids.size)]] = "Reel"
        led.other("community_actions", "action_type")
    f.cols["action_type"] = at
    q = act.cols["_day"] // 91
    fmts = ("csv", "parquet")
    styles = {"csv": "naive", "parquet": "offset"}
    for k in np.unique(q):  # loop over quarterly files
        sel = np.flatnonzero(q == k)
        d = min(cal.start + dt.timedelta(days=int((k + 1) * 91)), cal.end)
        fmt = fmts[int(k) % 2]
        t = frame_table(f, sel, cols, styles[fmt])
        rel = f"community_actions/{_dt(d)}/actions_q{int(k) + 1}.{fmt}"
        if k == 1 or (k == q.max() and q.max() < 1):
            ts = _local_str(cal, int(act.cols["_day"][sel[0]]), 10, styles[fmt])
            t = append_rows(t, [{"action_id": "act-999001", "channel": "forum",
                                 "action_type": "moderation", "published_at": ts,
                                 "staff_minutes": -30.0, "author_id": "cm_tom"}])
            led.quarantine("community_actions", rel, "act-999001", "negative staff_minutes")
        write_table(led, "community_actions", rel, t, fmt, d)


def write_mentions(led: Ledger, cal: Calendar, men: Frame, seed: int) -> None:
    r = stream(seed, "write_mentions")
    cols = SOURCES["mentions"].column_names
    n = men.n
    f = Frame(n=n, cols=dict(men.cols), ts=men.ts)
    f.cols["handle"] = vary_case(r, pa.array(men.cols["handle"].tolist(), type=pa.string()),
                                 0.1, 0.02, 0.3)
    months = cal.month_idx[men.cols["_day"]]
    M = int(cal.month_idx[-1]) + 1
    dirty_month = max(M // 3, 0)
    for m in range(M):  # loop over monthly files
        sel = np.flatnonzero(months == m)
        fmt = "csv.gz" if m % 3 == 2 else ("csv" if m == M // 2 else "jsonl")
        style = "offset" if fmt != "jsonl" else "z"
        g = f
        if fmt != "jsonl":  # booleans as text in csv: true/false, 1/0, yes/no
            g = Frame(n=n, cols=dict(f.cols), ts=f.ts)
            g.cols["is_brand"] = _bool_strings(f.cols["is_brand"], m % 4)
        d = month_partition(cal, m)
        rel = f"mentions/{_dt(d)}/mentions_{_month_label(cal, m)}.{fmt}"
        if m == M - 1 and M > 1:  # the last export overlaps the previous month's last two days
            prev = np.flatnonzero((months == m - 1) & (men.cols["_day"] >= (
                np.flatnonzero(cal.month_idx == m - 1)[-1] - 1)))
            sel = np.concatenate([prev, sel])
            led.repeat("mentions", "exact", int(prev.size))
        t = frame_table(g, sel, cols, style)
        if m == dirty_month:
            days = np.flatnonzero(cal.month_idx == m)
            ts = _local_str(cal, int(days[len(days) // 2]), 9, style)
            rows = [
                {"mention_id": "9900000001", "channel": "x", "handle": "angry_bird_99",
                 "published_at": ts, "text": "bof bof cette marque", "sentiment": 3.5, "reach": 120,
                 "is_brand": False if fmt == "jsonl" else "false"},
                {"mention_id": "9900000002", "channel": "instagram", "handle": "lucie_m_88",
                 "published_at": "2025-02-30T12:00:00Z", "text": "Super bougie", "reach": 80},
                {"mention_id": "9900000003", "channel": "forum", "handle": "jean_p_12",
                 "published_at": ts, "text": "quelqu'un connait ?", "reach": -5},
            ]
            t = append_rows(t, rows)
            for row, reason in zip(rows, ("sentiment 3.5 outside [-1, 1]", "bad timestamp",
                                          "negative reach")):
                led.quarantine("mentions", rel, row["mention_id"], reason)
        write_table(led, "mentions", rel, t, fmt, d)


def write_loyalty(led: Ledger, cal: Calendar, members: Frame, events: Frame,
                  cust_ids: np.ndarray, seed: int) -> None:
    r = stream(seed, "write_loyalty")
    mcols = SOURCES["loyalty_members"].column_names
    f = Frame(n=members.n, cols=dict(members.cols), ts=members.ts)
    f.cols["customer_id"] = cust_ids[members.cols["_customer"]]
    cut = cal.D // 2
    a = np.flatnonzero(members.cols["_day"] < cut)
    b = np.flatnonzero(members.cols["_day"] >= cut)
    d1 = cal.start + dt.timedelta(days=cut)
    write_table(led, "loyalty_members", f"loyalty_members/{_dt(d1)}/members.parquet",
                frame_table(f, a, mcols, "offset"), "parquet", d1)
    g = Frame(n=f.n, cols=dict(f.cols), ts=f.ts)
    g.cols["marketing_opt_in"] = _bool_strings(f.cols["marketing_opt_in"], 2)
    t = frame_table(g, b, mcols, "naive_space")
    rel = f"loyalty_members/{_dt(cal.end)}/members_recent.csv"
    t = append_rows(t, [{"member_id": "LM9999999", "customer_id": str(cust_ids[0]),
                         "joined_at": None, "tier": "bronze", "marketing_opt_in": "yes"}])
    led.quarantine("loyalty_members", rel, "LM9999999", "missing required joined_at")
    write_table(led, "loyalty_members", rel, t, "csv", cal.end)

    ecols = SOURCES["loyalty_events"].column_names
    e = Frame(n=events.n, cols=dict(events.cols), ts=events.ts)
    et = events.cols["event_type"].copy()
    earn = np.flatnonzero(et == "earn")
    if earn.size:
        pick = r.choice(earn, size=min(3, earn.size), replace=False)
        et[pick] = "birthday_bonus"
        led.other("loyalty_events", "event_type", int(pick.size))
    e.cols["event_type"] = et
    q = events.cols["_day"] // 91
    for k in np.unique(q):  # loop over quarterly files
        sel = np.flatnonzero(q == k)
        fmt = "csv.gz" if k % 2 == 0 else "jsonl"
        d = min(cal.start + dt.timedelta(days=int((k + 1) * 91)), cal.end)
        t = frame_table(e, sel, ecols, "naive" if fmt == "csv.gz" else "z")
        rel = f"loyalty_events/{_dt(d)}/loyalty_events_q{int(k) + 1}.{fmt}"
        if k == 0:
            ts = t.column("occurred_at")[0].as_py() if t.num_rows else "2025-01-01T10:00:00"
            t = append_rows(t, [{"event_id": "LE999999999", "member_id": None, "occurred_at": ts,
                                 "event_type": "earn", "points": 10}])
            led.quarantine("loyalty_events", rel, "LE999999999", "missing required member_id")
        write_table(led, "loyalty_events", rel, t, fmt, d)


def write_costs(led: Ledger, cal: Calendar, costs: Frame) -> dict:
    """Returns the final (newest-file) cost rows as a dict of arrays, for the truth."""
    cols = SOURCES["costs"].column_names
    M = int(cal.month_idx[-1]) + 1
    mi = costs.cols["_mi"]
    a = np.flatnonzero(mi < max(M - 3, 1))
    b = np.flatnonzero(mi >= max(M - 3, 1))
    f = Frame(n=costs.n, cols={k: v.copy() for k, v in costs.cols.items()})
    f.cols["channel"] = np.where(f.cols["channel"] == "", None, f.cols["channel"]).astype(object)
    shown_a = Frame(n=costs.n, cols={k: v.copy() for k, v in f.cols.items()})
    # a revision: two early months of instagram boosts were under-reported in the first export
    rev = np.flatnonzero((costs.cols["category"] == "ads_boost") & (costs.cols["channel"] == "instagram")
                         & (mi < max(M - 3, 1)))[:2]
    shown_a.cols["amount"][rev] = np.round(shown_a.cols["amount"][rev] * 0.8, 2)
    d1 = cal.start
    t = frame_table(shown_a, a, cols, "naive")
    write_table(led, "costs", f"costs/{_dt(d1)}/costs.csv", t, "csv", d1)
    t = frame_table(f, np.concatenate([b, rev]), cols, "naive")
    rel = f"costs/{_dt(cal.end)}/costs_update.csv"
    month_b = str(f.cols["month"][b[0]]) if b.size else str(f.cols["month"][-1])
    scale_amt = float(np.round(240.0 * max(float(costs.cols["amount"][0]) / STAFF_BASE, 0.01), 2))
    t = append_rows(t, [
        {"month": month_b, "category": "software", "amount": scale_amt, "currency": "EUR",
         "channel": "linkedin"},
        {"month": month_b, "category": "gifts", "amount": -80.0, "currency": "EUR",
         "channel": "instagram"},
    ])
    led.other("costs", "category")
    led.quarantine("costs", rel, [month_b, "gifts", "instagram"], "negative amount")
    led.repeat("costs", "corrected", int(rev.size))
    write_table(led, "costs", rel, t, "csv", cal.end)
    final = {k: f.cols[k] for k in ("month", "category", "amount", "currency", "channel")}
    final = {k: np.concatenate([v, np.array([x], dtype=object if v.dtype == object else v.dtype)])
             for (k, v), x in zip(final.items(), (month_b, "other", scale_amt, "EUR", "linkedin"))}
    final["channel"] = np.where(np.equal(final["channel"], None), "", final["channel"]).astype(object)
    return final


def write_fx(led: Ledger, cal: Calendar, fx: Frame) -> None:
    cols = SOURCES["fx_rates"].column_names
    dates = np.datetime_as_string(np.datetime64(cal.start, "D") + fx.cols["date_day"], unit="D")
    f = Frame(n=fx.n, cols={"date": dates.astype(object), "currency": fx.cols["currency"],
                            "rate_to_reporting": fx.cols["rate_to_reporting"]})
    usd = np.flatnonzero(fx.cols["currency"] == "USD")
    gbp = np.flatnonzero(fx.cols["currency"] == "GBP")
    t = frame_table(f, usd, cols, "naive")
    # a zero rate on a Saturday: quarantined (rate must be > 0); the Friday rate applies
    sat = np.flatnonzero(cal.weekday == 5)
    d = int(sat[min(len(sat) - 1, 10)]) if sat.size else 0
    sat_date = (cal.start + dt.timedelta(days=d)).isoformat()
    t = append_rows(t, [{"date": sat_date, "currency": "USD", "rate_to_reporting": 0.0}])
    rel = f"fx_rates/{_dt(cal.end)}/fx_usd.csv"
    led.quarantine("fx_rates", rel, [sat_date, "USD"], "rate_to_reporting must be > 0")
    write_table(led, "fx_rates", rel, t, "csv", cal.end)
    write_table(led, "fx_rates", f"fx_rates/{_dt(cal.end)}/fx_gbp.jsonl",
                frame_table(f, gbp, cols, "naive"), "jsonl", cal.end)
