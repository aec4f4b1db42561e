"""The planted truth, computed from the simulated worlds exactly as report-contract.md defines each
figure (not from the formulas that generated the data)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ._sim import CHANNELS_USED, Calendar, Customers, Event, Orders, ScenarioParams
from ._social import Frame, fx_lookup
from ._time import add_months, month_end, month_start
from ._write import Ledger, OrderMoney


def analysis_period(first: dt.date, last: dt.date, horizon: int) -> tuple[dt.date, dt.date]:
    """report-contract.md: whole months of cohort dates, from the first whole month beginning at
    least 90 days after the first order, to the last whole month ending at least `horizon` days
    before the last order date."""
    lo = first + dt.timedelta(days=90)
    ps = month_start(lo)
    if ps < lo:
        ps = add_months(ps, 1)
    hi = last - dt.timedelta(days=horizon)
    pe = month_end(hi)
    if pe > hi:
        pe = month_start(hi) - dt.timedelta(days=1)
    return ps, pe


def _r(x, nd=2):
    return None if x is None or not np.isfinite(x) else round(float(x), nd)


def visible_engagement(cu: Customers, eng: Frame, eng_customer: np.ndarray, eng_linked: np.ndarray):
    """Cohort day and first channel as the pipeline sees them: the first linked engagement
    (rows are ordered by timestamp then engagement_id)."""
    rows = np.flatnonzero(eng_linked & (eng_customer >= 0))
    cust = eng_customer[rows]
    uniq, first = np.unique(cust, return_index=True)
    coh = np.full(cu.n, -1, dtype=np.int64)
    ch = np.full(cu.n, None, dtype=object)
    coh[uniq] = eng.cols["_day"][rows[first]]
    ch[uniq] = eng.cols["channel"][rows[first]]
    return coh, ch


def in_horizon(o: Orders, cohort_day: np.ndarray, horizon: int) -> np.ndarray:
    """Per order: inside its customer's outcome window [cohort day, cohort day + horizon), the
    report contract's incrementality window (a customer with cohort day -1 has none)."""
    oc = cohort_day[o.cust]
    return (oc >= 0) & (o.day >= oc) & (o.day < oc + horizon)


def compute_truth(*, seed, scenario, customers, months, cal: Calendar, cu: Customers, o: Orders,
                  money: OrderMoney, events: list[Event], sp: ScenarioParams, eng: Frame,
                  eng_customer, eng_linked, links: Frame, actions: Frame, costs_final: dict,
                  fx: Frame, mentions: Frame, led: Ledger, horizon: int = 90,
                  staff_hourly_cost: float = 45.0, margin_rate: float = 0.40) -> dict:
    D = cal.D
    date = lambda d: (cal.start + dt.timedelta(days=int(d))).isoformat()
    act, cf = o.act, o.cf
    comp = o.status == 0
    first_day, last_day = int(o.day[act].min()), int(o.day[act].max())
    first_date = cal.start + dt.timedelta(days=first_day)
    last_date = cal.start + dt.timedelta(days=last_day)
    ps, pe = analysis_period(first_date, last_date, horizon)
    ps_d, pe_d = (ps - cal.start).days, (pe - cal.start).days

    coh, first_ch = visible_engagement(cu, eng, eng_customer, eng_linked)
    in_period = (coh >= ps_d) & (coh <= pe_d)
    n_eng = int(in_period.sum())
    # --- incrementality from common random numbers
    oc = coh[o.cust]
    in_win = in_period[o.cust] & in_horizon(o, coh, horizon)
    n = cu.n

    def per_cust(mask, w):
        return np.bincount(o.cust[mask], weights=w[mask], minlength=n)

    m_act = per_cust(in_win & comp & act, money.eff_margin)
    m_cf = per_cust(in_win & comp & cf, money.eff_margin)
    r_act = per_cust(in_win & comp & act, money.eff_revenue)
    r_cf = per_cust(in_win & comp & cf, money.eff_revenue)
    o_act = np.bincount(o.cust[in_win & comp & act], minlength=n)
    o_cf = np.bincount(o.cust[in_win & comp & cf], minlength=n)
    inc_m = m_act - m_cf
    inc_r = r_act - r_cf
    sel = np.flatnonzero(in_period)

    def mean(x):
        return float(x[sel].mean()) if n_eng else None

    # naive: engaged minus never-engaged customers over the same calendar windows
    never = coh < 0
    ne_m = np.zeros(D + horizon + 1)
    mk = never[o.cust] & act & comp
    np.add.at(ne_m, o.day[mk] + 1, money.eff_margin[mk])
    ne_cum = np.cumsum(ne_m)
    ne_orders = np.zeros(D + horizon + 1)
    np.add.at(ne_orders, o.day[mk] + 1, 1.0)
    ne_ocum = np.cumsum(ne_orders)
    created_day = np.floor(np.maximum(cu.c0, -1)).astype(np.int64)
    n_exist = np.cumsum(np.bincount(np.clip(created_day[never] + 1, 0, D), minlength=D + 1))

    def ne_window(c0, c1):  # never-engaged totals over days [c0, c1)
        c0 = np.clip(c0, 0, D)
        c1 = np.clip(c1, 0, D)
        return ne_cum[c1] - ne_cum[c0], ne_ocum[c1] - ne_ocum[c0]

    c = coh[sel]
    ne_win_m, _ = ne_window(c, c + horizon)
    pop = np.maximum(n_exist[np.clip(c, 0, D)], 1)
    naive_ne = ne_win_m / pop
    # pre-period purchase frequency (90 days before the cohort date) engaged vs never engaged
    pre_mask = (o.day >= oc - 90) & (o.day < oc) & in_period[o.cust] & act & comp
    pre_orders_eng = np.bincount(o.cust[pre_mask], minlength=n)[sel]
    _, ne_pre_orders = ne_window(c - 90, c)
    pre_ne = ne_pre_orders / pop

    by_channel = {}
    for ch in CHANNELS_USED:  # loop over channels
        s = sel[first_ch[sel] == ch]
        if s.size == 0:
            continue
        by_channel[ch] = {
            "engaged_customers": int(s.size),
            "per_engaged_customer_margin": _r(inc_m[s].mean()),
            "incremental_margin": _r(inc_m[s].sum()),
            "per_engaged_customer_revenue": _r(inc_r[s].mean()),
            "incremental_revenue": _r(inc_r[s].sum()),
            "incremental_orders_per_customer": _r((o_act[s] - o_cf[s]).mean(), 4),
            "planted_lift": sp.lifts.get(ch, 0.0),
        }

    # --- retention (docs/ereputation.md): at least one completed order in (cohort, cohort + 90],
    # i.e. after the cohort day, up to and including day 90; alive at +90 days
    ret_win = in_period[o.cust] & (o.day > oc) & (o.day <= oc + horizon) & comp
    ret_act = (np.bincount(o.cust[ret_win & act], minlength=n)[sel] > 0).mean() if n_eng else np.nan
    ret_cf = (np.bincount(o.cust[ret_win & cf], minlength=n)[sel] > 0).mean() if n_eng else np.nan
    t90 = cu.t_first[sel] + horizon
    alive_act = (cu.t_churn[sel] > t90).mean() if n_eng else np.nan
    alive_cf = (cu.t_churn_cf[sel] > t90).mean() if n_eng else np.nan

    # --- cost of the months in the period
    cost = _cost_truth(cal, ps, pe, actions, costs_final, fx, staff_hourly_cost)
    inc_total = float(inc_m[sel].sum())
    roi = (inc_total - cost["total"]) / cost["total"] if cost["total"] > 0 else None

    # --- e-reputation
    ereput = _ereputation(mentions)
    ev_out = []
    for k, ev in enumerate(events):  # loop over events
        ne_k = o.no_event[k]
        diff_m = (money.eff_margin * (act & comp)).sum() - (money.eff_margin * (ne_k & comp)).sum()
        diff_r = (money.eff_revenue * (act & comp)).sum() - (money.eff_revenue * (ne_k & comp)).sum()
        dd = mentions.cols["_day"]
        in_ev = (dd >= ev.start) & (dd <= ev.end)
        s = mentions.cols["sentiment"][in_ev]
        s = s[np.isfinite(s)]
        base_days = (dd >= ev.start - 28) & (dd < ev.start - 7)
        ev_out.append({
            "kind": ev.kind, "topic": _topic(ev), "start": date(ev.start), "peak": date(ev.peak),
            "end": date(ev.end), "mentions": int(in_ev.sum()),
            "mentions_on_topic": int((mentions.cols["_event"] == k).sum()),
            "baseline_mentions_per_day": _r(base_days.sum() / 21.0, 1),
            "net_sentiment_scored_rows": _r(s.mean() if s.size else np.nan, 3),
            "sales_multiplier": ev.sales_mult,
            "sales_effect_window": {"start": date(ev.sales_start), "end": date(ev.sales_end)},
            "sales_effect_margin": _r(diff_m), "sales_effect_revenue": _r(diff_r),
        })

    inc = {
        "definition": ("for linked engaged customers whose cohort date (first linked engagement, "
                       "Europe/Paris day) lies in the period: completed-order gross margin over "
                       f"days [cohort, cohort + {horizon}) in the actual world minus the same "
                       "customers' counterfactual world (same random draws, no engagement). "
                       "Margin = gross_margin converted to EUR, else revenue x 0.40."),
        "engaged_customers": n_eng,
        "per_engaged_customer_margin": _r(mean(inc_m)),
        "incremental_margin": _r(inc_total),
        "per_engaged_customer_revenue": _r(mean(inc_r)),
        "incremental_revenue": _r(float(inc_r[sel].sum())),
        "actual_margin_per_engaged_customer": _r(mean(m_act)),
        "counterfactual_margin_per_engaged_customer": _r(mean(m_cf)),
        "naive_per_engaged_customer_margin": _r(float((m_act[sel] - naive_ne).mean()) if n_eng else None),
        "naive_bias_note": (
            "naive = engaged customers' margin over their window minus the mean margin of "
            "never-engaged customers (account created by the cohort date) over the same calendar "
            "window. It includes the selection of loyal customers into engagement, so it is "
            "several times the causal per_engaged_customer_margin (and positive in the null "
            "scenario)."),
        "pre_period_orders_per_customer_90d": {
            "engaged": _r(float(pre_orders_eng.mean()) if n_eng else None, 4),
            "never_engaged": _r(float(pre_ne.mean()) if n_eng else None, 4)},
        "by_channel": by_channel,
        "engaged_customers_all_cohorts": int((coh >= 0).sum()),
        "engaged_customers_via_email_sha256_only": int(_email_only(cu, coh, links)),
        "engaged_but_unlinked_customers": int((cu.engaged & (coh < 0)).sum()),
        "engaged_with_life_event_in_prior_45_days": int(
            (np.isfinite(cu.life_t[sel]) & (cu.life_t[sel] <= cu.t_first[sel])
             & (cu.t_first[sel] - cu.life_t[sel] < 45)).sum()),
        "unlinked_engaged_handles": int(_unlinked_handles(eng, eng_linked)),
    }
    return {
        "period": {"start": ps.isoformat(), "end": pe.isoformat(),
                   "first_order_date": first_date.isoformat(),
                   "last_order_date": last_date.isoformat(),
                   "rule": ("cohort dates in whole months: from the first month starting >= 90 "
                            "days after the first order date to the last month ending >= "
                            f"{horizon} days before the last order date (Europe/Paris dates)")},
        "incrementality": inc,
        "retention": {
            "definition": ("share of the period's engaged customers with at least one completed "
                           f"order in (cohort, cohort + {horizon}] days (after the cohort day, up "
                           f"to and including day {horizon}); counterfactual = same customers "
                           "without engaging (same random draws)"),
            "retention_90d_engaged": _r(ret_act, 4),
            "retention_90d_engaged_counterfactual": _r(ret_cf, 4),
            "retention_90d_uplift": _r(ret_act - ret_cf, 4),
            "still_customer_90d_uplift": _r(alive_act - alive_cf, 4),
            "planted_churn_hazard_ratio_after_engaging": sp.churn_hazard_ratio,
        },
        "cost": cost,
        "roi": _r(roi, 4),
        "ereputation": ereput,
        "events": ev_out,
    }


def _topic(ev: Event) -> str:
    from ._text import BUZZ_TOPICS, RUMOR_TOPICS
    return (RUMOR_TOPICS if ev.kind == "rumor" else BUZZ_TOPICS)[ev.topic_idx]["topic"]


def _email_only(cu, coh, links: Frame) -> int:
    has_row = np.zeros(cu.n, dtype=bool)
    has_row[links.cols["_customer"]] = True
    return int(((coh >= 0) & ~has_row).sum())


def _unlinked_handles(eng: Frame, eng_linked) -> int:
    import pyarrow as pa
    import pyarrow.compute as pc
    rows = np.flatnonzero(~eng_linked)
    key = pc.binary_join_element_wise(pa.array(eng.cols["channel"][rows].tolist()),
                                      eng.cols["handle"].take(pa.array(rows)), "|")
    return len(pc.unique(key))


def _cost_truth(cal, ps, pe, actions: Frame, costs: dict, fx: Frame, hourly: float) -> dict:
    ps_d, pe_d = (ps - cal.start).days, (pe - cal.start).days
    a_day = actions.cols["_day"]
    ina = (a_day >= ps_d) & (a_day <= pe_d)
    chans = actions.cols["channel"]
    staff = actions.cols["staff_minutes"] / 60.0 * hourly
    dc = np.nan_to_num(actions.cols["direct_cost"])
    usd = actions.cols["currency"] == "USD"
    dc = np.where(usd, dc * fx_lookup(fx, "USD", a_day), dc)
    months = [(add_months(ps, k)) for k in range(120) if add_months(ps, k) <= pe]
    labels = [m.strftime("%Y-%m") for m in months]
    cm = np.isin(costs["month"].astype(str), labels)
    mday = np.array([(dt.date.fromisoformat(m + "-01") - cal.start).days for m in costs["month"]])
    amt = costs["amount"].astype(float)
    camt = np.where(costs["currency"] == "USD", amt * fx_lookup(fx, "USD", mday), amt)
    by_ch: dict[str, float] = {}
    for ch in sorted(set(chans[ina].tolist()) | set(costs["channel"][cm].tolist()) - {""}):
        by_ch[ch] = float(staff[ina & (chans == ch)].sum() + dc[ina & (chans == ch)].sum()
                          + camt[cm & (costs["channel"] == ch)].sum())
    # shared rows: allocated to channels in proportion to that month's staff minutes
    a_month = (cal.dates[a_day].astype("datetime64[M]").astype(str))
    for lab in labels:  # loop over months
        shared = camt[cm & (costs["channel"] == "") & (costs["month"] == lab)].sum()
        mm = ina & (a_month == lab)
        tot = actions.cols["staff_minutes"][mm].sum()
        if shared and tot > 0:
            for ch in by_ch:
                by_ch[ch] += shared * actions.cols["staff_minutes"][mm & (chans == ch)].sum() / tot
    total = float(staff[ina].sum() + dc[ina].sum() + camt[cm].sum())
    return {"total": _r(total), "by_channel": {k: _r(v) for k, v in sorted(by_ch.items())},
            "components": {"costs_rows": _r(float(camt[cm].sum())),
                           "staff_minutes_cost": _r(float(staff[ina].sum())),
                           "direct_cost": _r(float(dc[ina].sum()))},
            "note": ("months of the period; staff minutes x 45 EUR/h; USD converted with the rate "
                     "of the same day or the latest earlier one (costs rows: the month's first "
                     "day); shared rows allocated per month by staff minutes")}


def _ereputation(m: Frame) -> dict:
    utc = m.ts["published_at"][1]
    ids = np.array(m.cols["mention_id"].to_pylist(), dtype=object)
    reply_to = m.cols["in_reply_to"]
    brand = m.cols["is_brand"]
    senti = m.cols["sentiment"]
    is_reply = np.not_equal(reply_to, None).astype(bool)
    order_ids = np.argsort(ids)
    rep = np.flatnonzero(is_reply)
    parent = order_ids[np.searchsorted(ids[order_ids], reply_to[rep].astype(str))]
    # first reply of each parent
    o = np.lexsort((utc[rep], parent))
    p_sorted = parent[o]
    first_idx = np.ones(o.size, dtype=bool)
    first_idx[1:] = p_sorted[1:] != p_sorted[:-1]
    first_rep = rep[o[first_idx]]
    first_par = p_sorted[first_idx]
    neg_root = (~brand[first_par]) & (senti[first_par] < 0)
    defended = (~brand[first_rep]) & (senti[first_rep] > 0)
    denom = int(neg_root.sum())
    defense = float(defended[neg_root].mean()) if denom else None
    # brand response time: first brand reply to non-brand mentions
    b = rep[brand[rep]]
    bp = parent[brand[rep]]
    ob = np.lexsort((utc[b], bp))
    bps = bp[ob]
    fb = np.ones(ob.size, dtype=bool)
    fb[1:] = bps[1:] != bps[:-1]
    fpar = bps[fb]
    frep = b[ob[fb]]
    nb = ~brand[fpar]
    minutes = (utc[frep[nb]] - utc[fpar[nb]]) / 60.0
    return {
        "mentions": int(m.n),
        "mentions_with_sentiment": int(np.isfinite(senti).sum()),
        "defense_rate": _r(defense, 4),
        "defense_denominator": denom,
        "median_brand_response_minutes": _r(float(np.median(minutes)) if minutes.size else None, 2),
        "brand_replied_mentions": int(nb.sum()),
        "note": ("computed over the unique valid mentions; every mention that received a reply, "
                 "and every reply, carries a sentiment score (neutral = 0), so these two figures "
                 "do not depend on the pipeline's text scorer"),
    }
