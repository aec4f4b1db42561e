"""The demo generator writes contract-conformant landing files whose planted truth can be
recomputed from the files themselves (real files, read back with duckdb)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import itertools
import json
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from community_roi.contract import FILE_SUFFIXES, SOURCES
from community_roi.demo import SCENARIOS, _social, generate, simulate_world

END = dt.date(2026, 11, 23)
TZ = "Europe/Paris"
N = 3000


# --------------------------------------------------------------------------------------------
# helpers: read landing files back as strings, the way a loader would
def _suffix(p: Path) -> str:
    return ".csv.gz" if p.name.endswith(".csv.gz") else p.suffix


def source_files(root: Path, source: str) -> list[Path]:
    return sorted(p for p in (root / source).rglob("*") if p.is_file())


def read_file(con: duckdb.DuckDBPyConnection, path: Path, limit: int | None = None) -> pd.DataFrame:
    """Every column as text (None for empty), whatever the format."""
    s = _suffix(path)
    p = path.as_posix()
    if s in (".csv", ".csv.gz"):
        rel = con.sql(f"select * from read_csv('{p}', all_varchar=true, header=true, "
                      "hive_partitioning=false)")
    elif s == ".parquet":
        rel = con.sql(f"select * from read_parquet('{p}', hive_partitioning=false)")
    else:
        keys = list(json.loads(path.open(encoding="utf-8").readline()))
        cols = ", ".join(f"'{k}': 'VARCHAR'" for k in keys)
        rel = con.sql(f"select * from read_json('{p}', format='newline_delimited', "
                      f"columns={{{cols}}}, hive_partitioning=false)")
    names = rel.columns
    cast = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in names)
    df = con.sql(f"select {cast} from rel" + ("" if limit is None else f" limit {limit}")).df()
    return df.astype(object).where(df.notna(), None)


def file_columns(path: Path) -> list[str]:
    """The header of a landing file, read directly (csv, csv.gz, parquet schema, jsonl keys)."""
    s = _suffix(path)
    if s == ".parquet":
        return pq.read_schema(path).names
    if s == ".jsonl":
        return list(json.loads(path.open(encoding="utf-8").readline()))
    opener = gzip.open if s == ".csv.gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def read_source(con, root: Path, source: str, skip: set[str] = frozenset()) -> pd.DataFrame:
    frames = []
    for i, f in enumerate(source_files(root, source)):
        rel = f.relative_to(root).as_posix()
        if rel in skip:
            continue
        df = read_file(con, f)
        df["_file"] = rel
        m = re.search(r"dt=(\d{4}-\d{2}-\d{2})", rel)
        df["_dt"] = m.group(1) if m else ""
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    return out.astype(object).where(out.notna(), None)


def newest_wins(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return df.sort_values(["_dt", "_file"], kind="stable").drop_duplicates(key, keep="last")


_AWARE = re.compile(r"(?:Z|[+-]\d\d:\d\d)$")


def local_dates(ts: pd.Series) -> pd.Series:
    """ISO-8601 strings -> Europe/Paris calendar dates (naive = Paris wall clock)."""
    s = ts.astype(str).str.strip()
    aware = s.str.contains(_AWARE)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    a = pd.to_datetime(s[aware], format="ISO8601", utc=True, errors="coerce")
    out[aware] = a.dt.tz_convert(TZ).dt.tz_localize(None).values
    n = pd.to_datetime(s[~aware], format="ISO8601", errors="coerce")
    out[~aware] = n.values
    return out.dt.normalize()


def utc_instants(ts: pd.Series) -> pd.Series:
    s = ts.astype(str).str.strip()
    aware = s.str.contains(_AWARE)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns, UTC]")
    out[aware] = pd.to_datetime(s[aware], format="ISO8601", utc=True)
    out[~aware] = pd.to_datetime(s[~aware], format="ISO8601").dt.tz_localize(
        TZ, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
    return out


def norm_handle(h: pd.Series) -> pd.Series:
    return h.astype(str).str.strip().str.lower().str.lstrip("@")


def file_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "landing"
    truth = generate(root, seed=7, customers=N, end_date=END)
    return root, truth


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    yield c
    c.close()


@pytest.fixture(scope="module")
def tables(demo, con):
    """The clean view of the landing folder: rejected files skipped, newest file wins,
    planted quarantined rows dropped."""
    root, truth = demo
    rejected = {r["file"] for r in truth["rejected_files"]}
    quarantined = {(s, json.dumps(r["key"])) for s, d in truth["dirty_rows"].items()
                   for r in d["rows"]}
    out = {}
    for name, src in SOURCES.items():
        df = read_source(con, root, name, skip=rejected)
        k = df[list(src.key)]
        keys = [json.dumps(v) for v in (k.iloc[:, 0].tolist() if len(src.key) == 1
                                        else k.values.tolist())]
        df = df[[(name, x) not in quarantined for x in keys]]
        out[name] = newest_wins(df, list(src.key))
    return out


# --------------------------------------------------------------------------------------------
def test_every_source_folder_has_files_in_contract_formats(demo):
    root, truth = demo
    seen = set()
    for name in SOURCES:
        files = source_files(root, name)
        assert files, f"no file for {name}"
        for f in files:
            assert _suffix(f) in FILE_SUFFIXES, f
            seen.add(_suffix(f))
    assert seen == set(FILE_SUFFIXES)
    for name in ("orders", "engagements"):
        parts = {f.parent.name for f in source_files(root, name)}
        assert len(parts) > 10 and all(re.fullmatch(r"dt=\d{4}-\d{2}-\d{2}", p) for p in parts)
    assert sorted(truth["files"]["orders"]) == sorted(
        f.relative_to(root).as_posix() for f in source_files(root, "orders"))


def test_required_columns_present_except_in_the_rejected_file(demo, con):
    root, truth = demo
    rejected = {r["file"]: r for r in truth["rejected_files"]}
    assert rejected, "a whole file missing a required column must be planted"
    for name, src in SOURCES.items():
        for f in source_files(root, name):
            rel = f.relative_to(root).as_posix()
            cols = set(file_columns(f))
            missing = set(src.required_columns) - cols
            if rel in rejected:
                assert rejected[rel]["missing_column"] in missing
            else:
                assert not missing, (rel, missing)
                assert cols - set(src.column_names) <= {"coupon_code", "platform_user_id"}


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    ta = generate(a, seed=11, customers=400, end_date=END, months=10)
    tb = generate(b, seed=11, customers=400, end_date=END, months=10)
    generate(c, seed=12, customers=400, end_date=END, months=10)
    ha, hb, hc = file_hashes(a), file_hashes(b), file_hashes(c)
    assert ha == hb and ta == tb
    assert ha.keys() - {"truth.json"} <= hc.keys() | ha.keys()
    differing = [k for k in ha if k.startswith("orders/") and ha[k] != hc.get(k)]
    assert differing
    assert json.loads((a / "truth.json").read_text(encoding="utf-8")) == ta
    # regenerating into a used folder replaces it completely
    generate(a, seed=11, customers=400, end_date=END, months=10)
    assert file_hashes(a) == ha


def test_truth_keys_and_units(demo):
    root, truth = demo
    for k in ("seed", "scenario", "customers", "start_date", "end_date", "currency",
              "horizon_days", "period", "incrementality", "retention", "cost", "roi",
              "ereputation", "events", "dirty_rows", "rejected_files", "rows_written",
              "expected_loaded_rows", "files", "planted"):
        assert k in truth, k
    assert truth["currency"] == "EUR" and truth["horizon_days"] == 90
    assert truth["end_date"] == END.isoformat() and truth["customers"] == N
    inc = truth["incrementality"]
    for k in ("per_engaged_customer_margin", "engaged_customers", "incremental_margin",
              "naive_per_engaged_customer_margin", "by_channel", "naive_bias_note"):
        assert k in inc
    assert inc["engaged_customers"] > 100
    assert sum(v["engaged_customers"] for v in inc["by_channel"].values()) == inc["engaged_customers"]
    assert inc["per_engaged_customer_margin"] > 0
    # selection: the naive difference overstates the causal effect at least twofold
    assert inc["naive_per_engaged_customer_margin"] > 2 * inc["per_engaged_customer_margin"]
    bc = inc["by_channel"]
    assert bc["forum"]["per_engaged_customer_margin"] > bc["instagram"]["per_engaged_customer_margin"]
    assert truth["retention"]["retention_90d_uplift"] > 0
    kinds = sorted(e["kind"] for e in truth["events"])
    assert kinds == ["buzz", "buzz", "rumor", "rumor"]
    assert json.loads((root / "truth.json").read_text(encoding="utf-8")) == truth


def test_null_scenario_plants_no_effect_but_keeps_selection(tmp_path):
    t = generate(tmp_path / "null", seed=7, customers=N, scenario="null", end_date=END)
    inc = t["incrementality"]
    assert inc["per_engaged_customer_margin"] == 0.0 and inc["incremental_margin"] == 0.0
    assert all(v["per_engaged_customer_margin"] == 0.0 for v in inc["by_channel"].values())
    assert all(v == 0.0 for v in t["planted"]["lift_by_channel"].values())
    assert t["retention"]["retention_90d_uplift"] == 0.0
    assert inc["naive_per_engaged_customer_margin"] > 10.0   # selection alone
    pre = inc["pre_period_orders_per_customer_90d"]
    assert pre["engaged"] > 2 * pre["never_engaged"]


def test_time_varying_confounder_scenarios(tmp_path):
    assert SCENARIOS == ("realistic", "null", "time_varying_confounder", "hidden_confounder")
    t = generate(tmp_path / "tvc", seed=7, customers=N, scenario="time_varying_confounder",
                 end_date=END)
    p = t["planted"]
    assert p["life_event_share"] > 0 and p["drift_sd_per_year"] == 0
    assert p["life_event_recorded_as_loyalty_join"] is True
    assert t["incrementality"]["per_engaged_customer_margin"] > 0
    h = generate(tmp_path / "hidden", seed=7, customers=N, scenario="hidden_confounder",
                 end_date=END)
    assert h["planted"]["drift_sd_per_year"] > 0
    assert h["planted"]["life_event_recorded_as_loyalty_join"] is False
    with pytest.raises(ValueError):
        generate(tmp_path / "x", scenario="nope")


def test_recorded_life_event_is_the_loyalty_join():
    """time_varying_confounder: every loyalty member joined on their life event's day (or at
    account creation when the event came first), and every customer alive at an event inside
    the data joined; hidden_confounder (same customers and events) keeps the usual joins."""
    for scenario, recorded in (("time_varying_confounder", True), ("hidden_confounder", False)):
        w = simulate_world(7, N, scenario, END, 20)
        cu = w.cu
        join_day = _social.loyalty_join_days(w.cal, cu, 7, w.sp.life_observed)
        event = np.floor(np.maximum(cu.life_t, cu.c0))
        joined = np.isfinite(join_day)
        on_event = joined & (join_day == event)
        at_event = np.isfinite(cu.life_t) & (np.maximum(cu.life_t, cu.c0)
                                             < np.minimum(w.cal.D, cu.t_churn))
        if recorded:
            assert at_event.sum() > 0.15 * N
            assert np.array_equal(joined, at_event) and on_event[at_event].all()
        else:
            assert joined.sum() > 0.1 * N
            assert on_event.mean() < 0.01    # joins at random times, not at the events


def test_files_reproduce_the_truth(demo, tables):
    """An independent reading of the files gives the engaged customers, their cohort dates and
    their actual margin that truth.json reports (newest file wins, refunded/cancelled = 0,
    USD converted with the same-day-or-earlier rate, margin default 0.40)."""
    _, truth = demo
    inc = truth["incrementality"]
    eng, links, cust = tables["engagements"], tables["identity_links"], tables["customers"]
    eng = eng.assign(h=norm_handle(eng["handle"]), day=local_dates(eng["occurred_at"]),
                     t=utc_instants(eng["occurred_at"]))
    links = links.assign(h=norm_handle(links["handle"]))
    by_link = eng.merge(links[["channel", "h", "customer_id"]], on=["channel", "h"])
    mail = cust.dropna(subset=["email_sha256"])[["customer_id", "email_sha256"]]
    by_mail = eng.merge(mail, left_on="h", right_on="email_sha256")
    seen = pd.concat([by_link, by_mail]).drop_duplicates(["engagement_id", "customer_id"])
    seen = seen.sort_values(["t", "engagement_id"], kind="stable")
    first = seen.drop_duplicates("customer_id")[["customer_id", "day", "channel"]]
    ps, pe = pd.Timestamp(truth["period"]["start"]), pd.Timestamp(truth["period"]["end"])
    cohort = first[(first["day"] >= ps) & (first["day"] <= pe)]
    assert len(cohort) == inc["engaged_customers"]
    assert cohort["channel"].value_counts().to_dict() == {
        k: v["engaged_customers"] for k, v in inc["by_channel"].items()}
    assert inc["engaged_customers_all_cohorts"] == len(first)

    o = tables["orders"]
    o = o.assign(day=local_dates(o["ordered_at"]), revenue=o["revenue"].astype(float),
                 gm=pd.to_numeric(o["gross_margin"], errors="coerce"),
                 cur=o["currency"].fillna("").str.strip().str.upper().replace("", "EUR"),
                 st=o["status"].fillna("completed").str.strip().str.lower())
    assert set(o["cur"]) == {"EUR", "USD"}
    fx = tables["fx_rates"]
    fx = fx[fx["currency"] == "USD"].assign(date=pd.to_datetime(fx["date"]).astype("datetime64[ns]"),
                                             rate=fx["rate_to_reporting"].astype(float))
    fx = fx.sort_values("date")
    o = o.assign(day=o["day"].astype("datetime64[ns]")).sort_values("day")
    o = pd.merge_asof(o, fx[["date", "rate"]], left_on="day", right_on="date")
    rate = np.where(o["cur"] == "USD", o["rate"], 1.0)
    margin = np.where(o["gm"].notna(), o["gm"] * rate, o["revenue"] * rate * 0.40)
    o = o.assign(margin=np.where(o["st"] == "completed", margin, 0.0))
    w = o.merge(cohort[["customer_id", "day"]].rename(columns={"day": "cohort"}), on="customer_id")
    w = w[(w["day"] >= w["cohort"]) & (w["day"] < w["cohort"] + pd.Timedelta(days=90))]
    per = w.groupby("customer_id")["margin"].sum().reindex(cohort["customer_id"], fill_value=0)
    assert per.mean() == pytest.approx(inc["actual_margin_per_engaged_customer"], abs=0.011)
    assert truth["period"]["first_order_date"] == o["day"].min().date().isoformat()
    assert truth["period"]["last_order_date"] == o["day"].max().date().isoformat()


def test_selection_visible_in_the_files(demo, tables):
    """Engaged customers bought far more than the others before they ever engaged."""
    _, truth = demo
    eng, links = tables["engagements"], tables["identity_links"]
    eng = eng.assign(h=norm_handle(eng["handle"]), day=local_dates(eng["occurred_at"]))
    links = links.assign(h=norm_handle(links["handle"]))
    first = eng.merge(links, on=["channel", "h"]).groupby("customer_id")["day"].min()
    o = tables["orders"]
    o = o.assign(day=local_dates(o["ordered_at"]))
    start = pd.Timestamp(truth["start_date"])
    late = first[first >= start + pd.Timedelta(days=150)]
    pre = o.merge(late.rename("cohort"), left_on="customer_id", right_index=True)
    pre = pre[(pre["day"] < pre["cohort"]) & (pre["day"] >= pre["cohort"] - pd.Timedelta(days=90))]
    engaged_rate = len(pre) / len(late)
    others = o[~o["customer_id"].isin(first.index)]
    cust = tables["customers"]
    n_others = (~cust["customer_id"].isin(first.index)).sum()
    win = (others["day"] >= start + pd.Timedelta(days=60)) & (
        others["day"] < start + pd.Timedelta(days=150))
    other_rate = win.sum() / n_others
    assert engaged_rate > 2.5 * other_rate


def test_planted_dirty_rows_and_re_exports_exist(demo, con):
    root, truth = demo
    dirty = truth["dirty_rows"]
    for source in ("orders", "engagements", "mentions", "customers", "identity_links",
                   "community_actions", "loyalty_members", "loyalty_events", "costs", "fx_rates"):
        assert dirty[source]["quarantined"] >= 1, source
        for row in dirty[source]["rows"]:
            df = read_file(con, root / row["file"])
            key = SOURCES[source].key
            vals = row["key"] if isinstance(row["key"], list) else [row["key"]]
            hit = df
            for k, v in zip(key, vals):
                hit = hit[hit[k] == v]
            assert len(hit) == 1, (source, row)
    reasons = {r for d in dirty.values() for r in d["reasons"]}
    for needle in ("unknown status", "bad timestamp", "negative revenue", "missing required",
                   "sentiment 3.5", "CHF"):
        assert any(needle in r for r in reasons), needle
    o = read_source(con, root, "orders", skip={r["file"] for r in truth["rejected_files"]})
    assert "pending" in set(o["status"]) and "telephone" in set(o["sales_channel"])
    assert (o["revenue"].astype(float) < 0).sum() == 1
    assert (o["currency"] == "CHF").sum() == 3
    assert o["ordered_at"].isin(["2025-13-45 10:00:00"]).sum() == 1
    fx = read_source(con, root, "fx_rates")
    assert "CHF" not in set(fx["currency"])
    # unknown enum values that map to 'other' and are counted
    e = read_source(con, root, "engagements")
    assert (e["engagement_type"] == "Reaction").sum() == dirty["engagements"]["mapped_to_other"][
        "engagement_type"]
    assert (e["sentiment"] == "3.5").sum() == 1
    assert e["handle"].str.startswith("@", na=False).any()
    assert (e["handle"] != e["handle"].str.lower()).any()
    # one UTF-8 BOM csv
    boms = [f for f in root.rglob("*.csv") if f.read_bytes()[:3] == b"\xef\xbb\xbf"]
    assert len(boms) == 1
    # re-exports: corrected orders in a later partition, exact engagement repeats
    corr = o[o["_file"].str.endswith("orders_corrections.csv")]
    assert len(corr) == truth["re_exports"]["orders"]["corrected"] > 0
    orig = o[o["order_id"].isin(corr["order_id"]) & ~o["_file"].str.endswith("corrections.csv")]
    assert len(orig) == len(corr) and (orig["_dt"].max() < corr["_dt"].min())
    merged = orig.merge(corr, on="order_id", suffixes=("_o", "_c"))
    changed = (merged["revenue_o"] != merged["revenue_c"]) | (
        merged["status_o"].fillna("completed").str.strip().str.lower()
        != merged["status_c"].fillna("completed").str.strip().str.lower())
    assert changed.all()
    dup = e[e.duplicated("engagement_id", keep=False)].copy()
    assert dup["engagement_id"].nunique() == truth["re_exports"]["engagements"]["exact"]
    dup["t"] = utc_instants(dup["occurred_at"])
    cols = ["engagement_id", "channel", "handle", "engagement_type", "t", "action_id", "text"]
    assert dup.drop_duplicates(cols)["engagement_id"].is_unique
    # expected loaded rows add up
    for s, n in truth["rows_written"].items():
        rej = sum(r["rows"] for r in truth["rejected_files"] if r["source"] == s)
        rep = truth["re_exports"].get(s, {})
        assert truth["expected_loaded_rows"][s] == n - rej - dirty.get(s, {}).get(
            "quarantined", 0) - rep.get("exact", 0) - rep.get("corrected", 0)


def test_fx_has_gaps_and_usd_orders_need_them(tables):
    fx = tables["fx_rates"]
    usd = pd.to_datetime(fx[fx["currency"] == "USD"]["date"]).sort_values()
    days = pd.date_range(usd.min(), usd.max())
    missing = days.difference(usd)
    assert (missing.dayofweek < 5).any(), "a business day without a rate"
    o = tables["orders"]
    us = o[o["currency"].fillna("").str.strip().str.upper() == "USD"]
    assert len(us) > 5
    assert local_dates(us["ordered_at"]).isin(missing).any()


def test_leading_zero_ids_survive_csv_parquet_and_jsonl(demo, con):
    root, _ = demo
    csv = next(f for f in source_files(root, "customers") if f.suffix == ".csv")
    pq = next(f for f in source_files(root, "customers") if f.suffix == ".parquet")
    js = next(f for f in source_files(root, "customers") if f.suffix == ".jsonl")
    a = con.sql(f"select customer_id from read_csv('{csv}', all_varchar=true)").fetchall()
    b = con.sql(f"select customer_id from read_csv('{csv}', types={{'customer_id': 'VARCHAR'}})"
                ).fetchall()
    c = con.sql(f"select customer_id, typeof(customer_id) from read_parquet('{pq}')").fetchall()
    d = con.sql(f"select customer_id from read_json('{js}', columns={{'customer_id': 'VARCHAR'}})"
                ).fetchall()
    assert a[0][0] == "000001" and a == b
    assert all(t == "VARCHAR" and len(x) == 6 for x, t in c)
    assert all(x[0][0] == "0" for x in d)
    o = next(f for f in source_files(root, "orders") if f.suffix == ".parquet")
    ids = con.sql(f"select order_id, customer_id from read_parquet('{o}')").fetchall()
    assert all(x.startswith("0") and y.startswith("0") for x, y in ids)


def test_events_are_spikes_well_separated(demo, tables):
    _, truth = demo
    m = tables["mentions"]
    days = local_dates(m["published_at"]).value_counts()
    ev = sorted(truth["events"], key=lambda e: e["start"])
    starts = [pd.Timestamp(e["start"]) for e in ev]
    assert all((b - a).days >= 45 for a, b in itertools.pairwise(starts))
    for e in ev:
        peak = days.get(pd.Timestamp(e["peak"]), 0)
        assert peak >= 3 * e["baseline_mentions_per_day"], e
        assert (e["sales_effect_margin"] < 0) == (e["kind"] == "rumor")
        sign = np.sign(e["net_sentiment_scored_rows"])
        assert sign == (-1 if e["kind"] == "rumor" else 1)


def test_ereputation_truth_from_the_files(demo, tables):
    _, truth = demo
    m = tables["mentions"].copy()
    m["t"] = utc_instants(m["published_at"])
    m["brand"] = m["is_brand"].fillna("false").str.lower().isin(["true", "1", "yes"])
    m["s"] = pd.to_numeric(m["sentiment"], errors="coerce")
    rep = m.dropna(subset=["in_reply_to"]).sort_values("t", kind="stable")
    first = rep.drop_duplicates("in_reply_to")
    par = m.set_index("mention_id")
    p = par.loc[first["in_reply_to"]]
    neg = (~p["brand"].values) & (p["s"].values < 0)
    defended = (~first["brand"].values) & (first["s"].values > 0)
    er = truth["ereputation"]
    assert neg.sum() == er["defense_denominator"]
    assert defended[neg].mean() == pytest.approx(er["defense_rate"], abs=1e-4)
    b = rep[rep["brand"]].drop_duplicates("in_reply_to")
    bp = par.loc[b["in_reply_to"]]
    ok = ~bp["brand"].values
    minutes = (b["t"].values[ok] - bp["t"].values[ok]) / np.timedelta64(1, "m")
    assert np.median(minutes) == pytest.approx(er["median_brand_response_minutes"], abs=0.01)
    assert len(m) == er["mentions"]
