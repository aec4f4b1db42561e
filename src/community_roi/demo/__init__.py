"""Demo data with planted truth.

`generate()` writes a landing folder that follows landing-contract.md (the ten sources, mixed
formats, partitions, timestamp styles, re-exports and deliberately dirty rows) for a fictional
French home-fragrance brand, *Atelier Brume*, and returns (and writes as ``truth.json``) every
figure an accuracy test needs: the causal incremental margin of engaged customers computed with
common random numbers, retention uplift, cost, e-reputation figures, the planted rumours and
buzzes, and the list of rows the loader must quarantine or reject.

Scenarios:

* ``realistic``: channel-specific lifts on the purchase rate after the first engagement
  (discord/forum/event strongest, instagram modest, linkedin/x small), lower churn after engaging,
  and strong selection (loyal customers engage more, on forum/discord especially).
* ``null``: the same selection, no causal effect at all (lifts 0, no retention effect).
* ``time_varying_confounder``: as realistic, plus life events (30% of customers) that raise
  purchases for months and make engaging ten times likelier for 45 days. The event is on record:
  the customer joins the loyalty programme that day (a measured time-varying confounder).
* ``hidden_confounder``: the same events left unrecorded, plus purchase rates that drift over
  time and drive when customers engage: confounders the data cannot show (a stress test).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..contract import CONTRACT_VERSION, SOURCE_NAMES
from . import _sim, _social, _write
from ._text import build_pools
from ._truth import compute_truth

SCENARIOS = ("realistic", "null", "time_varying_confounder", "hidden_confounder")
GENERATOR_VERSION = 1
HORIZON_DAYS = 90
__all__ = ["SCENARIOS", "default_end_date", "generate", "simulate_world"]


def default_end_date() -> dt.date:
    """Yesterday, in Europe/Paris."""
    return dt.datetime.now(ZoneInfo("Europe/Paris")).date() - dt.timedelta(days=1)


def _customer_ids(n: int) -> np.ndarray:
    width = max(6, len(str(n + 1)))
    ids = pc.utf8_lpad(pa.array((np.arange(n) + 1).astype(str)), width, "0")
    return np.array(ids.to_pylist(), dtype=object)


def simulate_world(seed: int, customers: int, scenario: str, end_date: dt.date,
                   months: int) -> SimpleNamespace:
    """The simulated world behind `generate` (customers, orders in both worlds, actions,
    engagements), before anything is written: benchmarks that need the generator's latent
    quantities (e.g. benchmarks/retention_recovery.py) call this rather than repeat the steps."""
    start, end = _sim.window(end_date, months)
    sp = _sim.SCENARIO_PARAMS[scenario]
    cal = _sim.make_calendar(start, end)
    events = _sim.plant_events(cal, _sim.stream(seed, "events"))
    cu = _sim.make_customers(cal, customers, seed, sp)
    _sim.simulate_engagement(cal, cu, seed, sp)
    orders = _sim.simulate_orders(cal, cu, events, seed, sp)
    pools = build_pools(_sim.stream(seed, "text"))
    email_hash = _social.make_emails(cu, seed)
    # a bigger brand publishes more and spends more per action, less than in proportion
    size = customers / 100000.0
    actions = _social.make_actions(cal, events, seed, float(np.clip(size ** 0.7, 0.1, 4.0)),
                                   float(np.clip(size ** 0.5, 0.15, 3.0)))
    social = _social.make_engagements(cal, cu, actions, email_hash, seed, pools)
    return SimpleNamespace(start=start, end=end, sp=sp, cal=cal, events=events, cu=cu,
                           orders=orders, pools=pools, email_hash=email_hash, actions=actions,
                           social=social)


def generate(out_dir: Path, seed: int = 7, customers: int = 5000, scenario: str = "realistic",
             end_date: dt.date | None = None, months: int = 20) -> dict:
    """Writes landing folders under out_dir (out_dir/customers/, out_dir/orders/, … the ten
    sources) and out_dir/truth.json; returns the truth dict.

    Deterministic for a given (seed, customers, scenario, end_date, months). Existing source
    folders and truth.json under out_dir are replaced; nothing else there is touched.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, got {scenario!r}")
    if customers < 50:
        raise ValueError("customers must be >= 50")
    if months < 8:
        raise ValueError("months must be >= 8 (a pre-period, an analysis period and a horizon)")
    out_dir = Path(out_dir)
    w = simulate_world(seed, customers, scenario, end_date or default_end_date(), months)
    start, end, sp, cal, events, cu = w.start, w.end, w.sp, w.cal, w.events, w.cu
    orders, pools, email_hash, actions, social = w.orders, w.pools, w.email_hash, w.actions, w.social
    cost_scale = customers / 100000.0
    mentions = _social.make_mentions(cal, events, seed, customers, pools)
    fx = _social.make_fx(cal, seed)
    money = _write.present_orders(cal, cu, orders, fx, seed)
    costs = _social.make_costs(cal, seed, cost_scale)
    members, loyalty_events = _social.make_loyalty(cal, cu, orders, social.engagements,
                                                   social.eng_customer, seed,
                                                   sp.life_observed)

    # --- the files
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in SOURCE_NAMES:
        if (out_dir / name).exists():
            shutil.rmtree(out_dir / name)
    (out_dir / "truth.json").unlink(missing_ok=True)
    led = _write.Ledger(root=out_dir)
    cust_ids = _customer_ids(customers)
    _write.write_customers(led, cal, cu, cust_ids, email_hash, seed)
    _write.write_orders(led, cal, cu, orders, money, cust_ids, seed)
    _write.mark_unknown_types(social.engagements, social.eng_customer < 0, seed, led)
    _write.write_engagements(led, cal, social.engagements, seed)
    _write.write_links(led, cal, social.identity_links, cust_ids, seed)
    _write.write_actions(led, cal, actions, seed)
    _write.write_mentions(led, cal, mentions, seed)
    _write.write_loyalty(led, cal, members, loyalty_events, cust_ids, seed)
    costs_final = _write.write_costs(led, cal, costs)
    _write.write_fx(led, cal, fx)

    # --- the truth
    figures = compute_truth(
        seed=seed, scenario=scenario, customers=customers, months=months, cal=cal, cu=cu,
        o=orders, money=money, events=events, sp=sp, eng=social.engagements,
        eng_customer=social.eng_customer, eng_linked=social.eng_linked,
        links=social.identity_links, actions=actions, costs_final=costs_final, fx=fx,
        mentions=mentions, led=led, horizon=HORIZON_DAYS)
    truth = {
        "generator": "community_roi.demo", "generator_version": GENERATOR_VERSION,
        "contract_version": CONTRACT_VERSION,
        "seed": seed, "scenario": scenario, "customers": customers, "months": months,
        "start_date": start.isoformat(), "end_date": end.isoformat(),
        "timezone": "Europe/Paris", "currency": "EUR", "margin_rate_default": 0.40,
        "staff_hourly_cost": 45.0, "horizon_days": HORIZON_DAYS,
        **figures,
        "planted": {
            "lift_by_channel": {c: sp.lifts.get(c, 0.0) for c in _sim.CHANNELS_USED},
            "lift_shape": (f"purchase rate x (1 + lift) from the cohort day for "
                           f"{_sim.LIFT_FULL_DAYS} days, then lift x exp(-(days - "
                           f"{_sim.LIFT_FULL_DAYS}) / {_sim.LIFT_DECAY_DAYS:g})"),
            "churn_hazard_ratio_after_engaging": sp.churn_hazard_ratio,
            "selection": ("latent loyalty z ~ N(0,1): purchase rate ~ exp(0.85 z), churn "
                          "~ exp(-0.55 z), engagement hazard ~ exp(1.5 z); forum, discord and "
                          "event attract higher z"),
            "life_event_share": sp.life_share, "drift_sd_per_year": sp.drift_sd,
            "life_event_recorded_as_loyalty_join": sp.life_observed,
            "customers_in_the_usd_currency": "country US orders are in USD",
        },
        "dirty_rows": _dirty(led),
        "rejected_files": led.rejected,
        "re_exports": led.repeats,
        "extra_columns": led.extra_columns,
        "rows_written": {k: led.rows.get(k, 0) for k in SOURCE_NAMES},
        "expected_loaded_rows": _expected(led),
        "files": {k: sorted(led.files.get(k, [])) for k in SOURCE_NAMES},
    }
    (out_dir / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    return truth


def _dirty(led: _write.Ledger) -> dict:
    out = {}
    for src in SOURCE_NAMES:
        rows = led.quarantined.get(src, [])
        other = led.mapped_other.get(src, {})
        if rows or other:
            out[src] = {"quarantined": len(rows),
                        "reasons": sorted({r["reason"] for r in rows}),
                        "rows": rows,
                        "mapped_to_other": other}
    return out


def _expected(led: _write.Ledger) -> dict:
    """Unique valid keys the loader should end up with, per source: rows written minus rows of
    rejected files, quarantined rows and re-exported duplicates."""
    out = {}
    for src in SOURCE_NAMES:
        n = led.rows.get(src, 0)
        n -= sum(r["rows"] for r in led.rejected if r["source"] == src)
        n -= len(led.quarantined.get(src, []))
        rep = led.repeats.get(src, {})
        n -= rep.get("exact", 0) + rep.get("corrected", 0)
        out[src] = n
    return out
