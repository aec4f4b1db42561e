"""Causal incrementality of engaging: what engaged customers earned because they engaged.

Method in one paragraph (docs/methodology.md has it in plain words and in full): staggered
difference-in-differences in the spirit of Callaway & Sant'Anna (2021). Every engaged customer
whose cohort date (first engagement) lies in the analysis period is compared, on exactly the same
calendar days, with customers who had not engaged: never-engaged customers and customers who engage
only later (not-yet-engaged; they must stay un-engaged through the whole window plus a buffer).
Comparison customers are pooled per cohort month and per stratum (tenure band at the cohort month x
segment x country x loyalty band x loyalty-programme status, coarsened when a stratum has too few
comparison customers); a customer who joined the loyalty programme in the months before engaging
is first compared with customers who joined within days of the same day (`loyalty_joined_date`:
joining is a measured time-varying confounder, it raises purchases and prompts engaging). The
loyalty band (order days and recency) is cross-fitted over calendar-day parity: fold 0 pools on
even-day orders and measures the pre-period on odd days, fold 1 the reverse, and the counterfactual
is the mean of the two, so pooling on purchase history brings no regression to the mean back while
every pre-period day is used. The band looks at orders up to the cohort month's first day,
anticipation gap included: a comparison customer who bought in the weeks before the month is known
to be still a customer, as an engaging one is. The acquisition order (a customer's first order,
placed when the account was created) is left out of every pre-period baseline. Outcome: gross
margin (and revenue) in the `horizon_days` from each customer's own cohort date. The pre-period
difference is removed multiplicatively: a treated customer's counterfactual is their own pre-period
margin times the growth factor that comparable customers showed between the same pre-window and the
same post-window (ratio form of DiD; Poisson fixed-effects DiD, Wooldridge 2023). No matching on
the noisy pre-period outcome itself (that would bring regression to the mean back). The
`anticipation_days` just before engaging are left out of the pre-period (purchases often trigger
engagement). Intervals: customer-level (cluster) Poisson multiplier bootstrap of the estimator's
influence function, the procedure of Callaway & Sant'Anna (2021, section 4).

Heavy lifting is set-based in DuckDB (per-customer window sums, pool memberships, control orders
per pool and day); numpy only handles pool x day arrays and per-customer vectors.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
from scipy import sparse

from . import pnbd

SCOPES = ("overall", "channel", "action_type")
MEASURES = ("margin", "revenue")
# Tenure bands at the cohort month's first day (days since the customer was created). Customers
# created at least MIN_HISTORY_DAYS before it have a pre-period; the others ("new") cannot have the
# pre-period difference removed and are not matched (see docs/methodology.md, "Limits").
TENURE_BANDS = ((365, "h365"), (180, "h180"), (60, "h060"), (30, "h030"))
MIN_HISTORY_DAYS = TENURE_BANDS[-1][0]
RATIO_BANDS = tuple(name for _, name in TENURE_BANDS)
# Comparison pools, finest first: the first level with at least `min_pool_controls` comparison
# customers is used; levels 1 and 2 are the join-day windows of JOIN_WINDOW_DAYS (below). `loy` is
# the loyalty band (no order, else order days 1 / 2 / FREQUENCY_CAP+ on the fold's calendar-day
# parity in [lo - P, lo) x recency band: 13 codes, see _loyalty_code);
# it is coarsened (`loyc`: none / recent / not recent) and dropped only after
# segment and country, because it is what removes the "still active" bias (docs/methodology.md).
POOL_LEVELS = (
    (3, "'3|' || band || '|' || jb || '|' || seg || '|' || cty || '|' || loy"),
    (4, "'4|' || band || '|' || jb || '|' || seg || '|' || loy"),
    (5, "'5|' || band || '|' || jb || '|' || loy"),
    (6, "'6|' || band || '|' || jb || '|' || loyc"),
    (7, "'7|' || band || '|' || jb"),
    (8, "'8|' || band"),
)
# Loyalty-programme join, when the customers relation has `loyalty_joined_date`: a measured
# time-varying confounder. Joining raises purchases for a while and prompts engaging (app
# onboarding), so an engaged customer who joined in the JOIN_RECENT_DAYS before the cohort month
# (or in it, before engaging) is first compared with the customers who joined within
# JOIN_WINDOW_DAYS of the same day (levels 1 and 2, windows centred on the engaged customer's
# join day, whatever their tenure, segment or purchase history): on the engaged customer's own days
# their growth carries the same post-join bump. `jb` in the other levels: 'n' not a member (an
# engaged customer's join after the cohort date counts as not yet: it may be an effect of
# engaging), 'jold' joined earlier, 'w' recent. Without the column everyone is 'n' and the pools
# are the ones the estimator always had (docs/methodology.md, appendix, "Join window").
JOIN_WINDOW_DAYS = (7, 21)
JOIN_RECENT_DAYS = 180
# loyalty band: order days capped here, recency bands (days since the last order before the
# cohort month) cut here. The 30-day cut separates customers seen buying within the anticipation
# gap, i.e. surely still customers (docs/methodology.md, "still active" selection).
FREQUENCY_CAP = 3
RECENCY_DAYS = (30, 90, 180)
# "still active" weights: the Pareto/NBD model (measure/pnbd.py) is fitted on the last cohort
# month's histories when at least PNBD_MIN_CUSTOMERS comparison customers have one (otherwise every
# weight is 1: no adjustment, said in the method text), on at most PNBD_FIT_CUSTOMERS of them
PNBD_MIN_CUSTOMERS = 1000
PNBD_FIT_CUSTOMERS = 50_000
# an account's first order within this many days of its creation is its acquisition order
ACQUISITION_DAYS = 1
# the two cross-fitting folds (calendar-day parity used for the loyalty band)
FOLDS = "(values (0), (1)) as f(fold)"
NONE_LABEL = "(none)"
UNKNOWN_LABEL = "(unknown)"

_IDENT = re.compile(r'^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$|^"[^"]+"(\."[^"]+"){0,2}$')

COLUMNS = [
    "scope", "scope_value", "engaged_customers", "matched_customers", "comparison_customers",
    "per_customer_estimate", "per_customer_low", "per_customer_high",
    "incremental_margin_estimate", "incremental_margin_low", "incremental_margin_high",
    "per_customer_revenue_estimate",
    "incremental_revenue_estimate", "incremental_revenue_low", "incremental_revenue_high",
    "naive_per_customer", "naive_revenue_per_customer", "method", "reason",
]


@dataclass
class IncrementalityResult:
    """The estimate table plus the bootstrap draws behind every interval.

    `margin_draws[(scope, scope_value)]` holds `n_boot` bootstrap draws of the incremental margin
    (per-customer draw x engaged customers), the same draws the table's interval is read from; use
    them (through `roi_interval`) for any figure derived from incremental margin, such as ROI.
    """

    table: pd.DataFrame
    margin_draws: dict = field(default_factory=dict)
    revenue_draws: dict = field(default_factory=dict)
    level: float = 0.90
    params: dict = field(default_factory=dict)
    per_treated: pd.DataFrame | None = None  # one row per engaged customer in the period (margin)
    influence: dict | None = None            # with keep_influence=True: per-customer IF values
    p_alive: pd.DataFrame | None = None      # with keep_influence: (g, idx, w), P(alive)
    pnbd_params: np.ndarray | None = None    # fitted (r, alpha, s, beta), None when not fitted

    def roi(self, cost: float, scope: str = "overall", scope_value: str = "all") -> dict:
        """ROI = (incremental margin - cost) / cost for one scope, interval from the same draws."""
        row = self.table[(self.table.scope == scope) & (self.table.scope_value == scope_value)]
        if row.empty:
            return {"estimate": None, "low": None, "high": None,
                    "reason": f"no incrementality row for {scope}={scope_value}"}
        est = float(row.incremental_margin_estimate.iloc[0])
        return roi_interval(est, self.margin_draws.get((scope, scope_value)), cost, self.level,
                            reason=row.reason.iloc[0])

    def draws_frame(self) -> pd.DataFrame:
        """Long format (scope, scope_value, draw, incremental_margin, incremental_revenue), e.g. to
        persist beside the table so the report can compute ROI intervals later."""
        parts = []
        for key, md in self.margin_draws.items():
            rd = self.revenue_draws.get(key, np.full_like(md, np.nan))
            parts.append(pd.DataFrame({"scope": key[0], "scope_value": key[1],
                                       "draw": np.arange(md.size), "incremental_margin": md,
                                       "incremental_revenue": rd}))
        if not parts:
            return pd.DataFrame(columns=["scope", "scope_value", "draw", "incremental_margin",
                                         "incremental_revenue"])
        return pd.concat(parts, ignore_index=True)


def roi_interval(margin_estimate: float, margin_draws, cost: float, level: float = 0.90,
                 reason: str | None = None) -> dict:
    """ROI = (incremental margin - cost) / cost with a percentile interval from bootstrap draws.

    `margin_draws` are draws of the incremental margin (money, not per customer), e.g.
    `IncrementalityResult.margin_draws[(scope, value)]` or the `incremental_margin` column of
    `draws_frame()`. Returns {"estimate", "low", "high", "reason"}; figures are None with a reason
    when they cannot be computed (no cost, no estimate), never a made-up zero.
    """
    out = {"estimate": None, "low": None, "high": None, "reason": None}
    if cost is None or not np.isfinite(cost) or cost <= 0:
        out["reason"] = "no community cost recorded for this scope: ROI undefined"
        return out
    if margin_estimate is None or not np.isfinite(margin_estimate):
        out["reason"] = reason or "incremental margin could not be estimated"
        return out
    out["estimate"] = (margin_estimate - cost) / cost
    d = np.asarray(margin_draws if margin_draws is not None else [], dtype=float)
    d = d[np.isfinite(d)]
    if d.size == 0:
        out["reason"] = "no bootstrap draws: interval unavailable"
        return out
    a = (1 - level) / 2
    lo, hi = np.quantile((d - cost) / cost, [a, 1 - a])
    out["low"], out["high"] = float(lo), float(hi)
    return out


def estimate_incrementality(con, orders: str, customers: str, *, period_start, period_end,
                            horizon_days: int = 90, n_boot: int = 200, seed: int = 0,
                            level: float = 0.90, **kw) -> pd.DataFrame:
    """One row per (scope, scope_value): scope 'overall' (value 'all'), 'channel' (channel of
    first engagement) and 'action_type' (action type of first engagement). See
    `run_incrementality` for the optional knobs and the bootstrap draws."""
    return run_incrementality(con, orders, customers, period_start=period_start,
                              period_end=period_end, horizon_days=horizon_days, n_boot=n_boot,
                              seed=seed, level=level, **kw).table


def _loyalty_code(n: str, r: str, coarse: bool = False) -> str:
    """SQL for the loyalty band from order days `n` and days since the last order `r` (both on
    one calendar parity of [lo - P, lo)): 0 = no order; else frequency (1, 2, 3+) x recency
    band. Coarse: 0 = none, 1 = recent, 2 = not recent."""
    rec = " ".join(f"when {r} <= {d} then {i}" for i, d in enumerate(RECENCY_DAYS))
    rec = f"(case {rec} else {len(RECENCY_DAYS)} end)"
    if coarse:
        return f"(case when coalesce({n}, 0) = 0 then 0 when {r} <= {RECENCY_DAYS[0]} then 1 " \
               f"else 2 end)"
    return (f"(case when coalesce({n}, 0) = 0 then 0 else 1 + "
            f"(least({n}, {FREQUENCY_CAP}) - 1) * {len(RECENCY_DAYS) + 1} + {rec} end)")


def _as_date(x) -> date:
    if isinstance(x, pd.Timestamp):
        return x.date()
    if isinstance(x, date):
        return x if type(x) is date else date(x.year, x.month, x.day)
    return date.fromisoformat(str(x)[:10])


def _lit(d: date) -> str:
    return f"DATE '{d.isoformat()}'"


def _check_ident(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"not a plain (optionally qualified) table name: {name!r}")
    return name


def run_incrementality(con, orders: str, customers: str, *, period_start, period_end,
                       horizon_days: int = 90, n_boot: int = 200, seed: int = 0,
                       level: float = 0.90, pre_days: int | None = None,
                       anticipation_days: int = 30, min_engaged: int = 30,
                       min_pool_controls: int = 100, first_order_date=None,
                       last_order_date=None, keep_influence: bool = False,
                       still_active_weights: bool = True) -> IncrementalityResult:
    """Estimate incremental margin and revenue of engaging, with bootstrap draws.

    Parameters beyond `estimate_incrementality`'s:
    - pre_days: length of the pre-period before each cohort date; default
      min(365, days between the first order date and period_start).
    - anticipation_days: days just before the cohort date left out of the pre-period and added as
      a buffer after a not-yet-engaged comparison customer's window (default 30).
    - min_engaged: a scope with fewer engaged customers gets NaN figures and a reason.
    - min_pool_controls: a comparison pool needs at least this many customers, otherwise the
      stratum is coarsened (for recent programme joiners, the join-day windows of
      JOIN_WINDOW_DAYS first; then tenure x status x segment x country x loyalty -> tenure x
      status x segment x loyalty -> tenure x status x loyalty -> tenure x status x coarse
      loyalty -> tenure x status -> tenure).
    - first_order_date / last_order_date: the data's bounds (read from `orders` if omitted).
    - keep_influence: keep each customer's influence-function values on the result (for tests
      and diagnostics): `result.influence`.
    - still_active_weights: weight comparison customers' pre-periods by their Pareto/NBD
      probability of still being a customer (`still_active`; default on). Off reproduces the
      estimator before 2026-11-25, for comparisons (docs/methodology.md, "still active").
    The customers relation may carry `loyalty_joined_date` (dim_customers does); without it
    nobody counts as a loyalty-programme member.
    """
    orders, customers = _check_ident(orders), _check_ident(customers)
    ps, pe = _as_date(period_start), _as_date(period_end)
    H, G = int(horizon_days), int(anticipation_days)
    if ps > pe:
        raise ValueError(f"period_start {ps} is after period_end {pe}")
    if H < 1 or G < 0 or n_boot < 1 or not (0 < level < 1):
        raise ValueError("horizon_days >= 1, anticipation_days >= 0, n_boot >= 1, 0 < level < 1")
    if first_order_date is None or last_order_date is None:
        lo, hi = con.execute(f"select min(order_date), max(order_date) from {orders}").fetchall()[0]
        first_order_date = first_order_date or lo
        last_order_date = last_order_date or hi
    run = _Run(con, orders, customers, ps, pe, H, G, pre_days, n_boot, seed, level, min_engaged,
               min_pool_controls, first_order_date, last_order_date, still_active_weights)
    try:
        result = run.execute()
        result.per_treated = getattr(run, "per_treated", None)
        if keep_influence and run.alive_tbl is not None:   # months x customers rows: tests only
            result.p_alive = con.execute(
                f"select g, idx, w from {run.alive_tbl} order by g, idx").fetchdf()
        result.pnbd_params = run.pnbd_params
        if keep_influence and getattr(run, "influence", None) is not None:
            ids = con.execute(f"select customer_id from {run.t('c')} order by idx").fetchnumpy()
            result.influence = run.influence | {"customer_id": ids["customer_id"]}
        return result
    finally:
        run.cleanup()


class _Run:
    """One estimation: SQL stages into temp tables, numpy on pool x day arrays."""

    def __init__(self, con, orders, customers, ps, pe, H, G, pre_days, n_boot, seed, level,
                 min_engaged, min_pool, first_order_date, last_order_date, weights):
        self.con, self.orders, self.customers = con, orders, customers
        self.ps, self.pe, self.H, self.G = ps, pe, H, G
        self.n_boot, self.seed, self.level = n_boot, seed, level
        self.min_engaged, self.min_pool = min_engaged, min_pool
        self.first = _as_date(first_order_date) if first_order_date is not None else None
        self.last = _as_date(last_order_date) if last_order_date is not None else None
        if pre_days is None:
            avail = (ps - self.first).days if self.first else 0
            pre_days = min(365, avail)
        self.P = int(pre_days)
        self.tag = f"_croi_inc_{np.random.default_rng().integers(1 << 40):x}"
        self.temps: list[str] = []
        self.weights = weights
        self.alive_tbl, self.pnbd_params = None, None   # set by still_active

    # -- helpers -------------------------------------------------------------------------------
    def t(self, name: str) -> str:
        return f"{self.tag}_{name}"

    def create(self, name: str, sql: str) -> str:
        full = self.t(name)
        self.con.execute(f"create or replace temp table {full} as {sql}")
        self.temps.append(full)
        return full

    def cleanup(self) -> None:
        for name in reversed(self.temps):
            with contextlib.suppress(duckdb.Error):  # best effort: never mask the real error
                self.con.execute(f"drop table if exists {name}")

    def method(self) -> str:
        return (f"staggered DiD, ratio form (never- and not-yet-engaged comparison on the same "
                f"calendar windows, pools by cohort month x tenure x segment x country x "
                f"cross-fitted loyalty band x programme status; recent programme joiners "
                f"with customers who joined within {'/'.join(map(str, JOIN_WINDOW_DAYS))}d of "
                f"the same day; {self.weights_text()}acquisition orders out of the "
                f"pre-period); "
                f"horizon {self.H}d, pre-period {self.P}d excluding the last {self.G}d; "
                f"{self.level:.0%} interval: customer-level Poisson multiplier bootstrap, "
                f"B={self.n_boot}")

    def weights_text(self) -> str:
        if not self.weights:
            return ""
        return ("comparison pre-periods weighted by Pareto/NBD P(still a customer)"
                f"{'' if self.pnbd_params is not None else ' (not fitted: weights 1)'}; ")

    def empty(self, reason: str, scopes=None) -> IncrementalityResult:
        rows = scopes if scopes is not None else [("overall", "all", 0)]
        table = pd.DataFrame([{c: np.nan for c in COLUMNS} | {
            "scope": s, "scope_value": v, "engaged_customers": n, "matched_customers": 0,
            "comparison_customers": 0, "method": self.method(), "reason": reason}
            for s, v, n in rows], columns=COLUMNS)
        return IncrementalityResult(table, {}, {}, self.level, self.params())

    def params(self) -> dict:
        return {"period_start": self.ps, "period_end": self.pe, "horizon_days": self.H,
                "pre_days": self.P, "anticipation_days": self.G, "n_boot": self.n_boot,
                "seed": self.seed, "level": self.level, "min_engaged": self.min_engaged,
                "min_pool_controls": self.min_pool}

    # -- the estimation ------------------------------------------------------------------------
    def execute(self) -> IncrementalityResult:
        H, G, P = self.H, self.G, self.P
        con = self.con
        if self.first is None:
            return self.empty("no orders: incrementality cannot be estimated")
        if self.last is not None and self.pe + timedelta(days=H - 1) > self.last:
            return self.empty(
                f"post-period incomplete: cohorts up to {self.pe} need orders through "
                f"{self.pe + timedelta(days=H - 1)}, data ends {self.last}")
        if P - G < 28:
            return self.empty(
                f"pre-period too short: {P} days of history before the period minus the "
                f"{G}-day anticipation gap leaves fewer than 28 days")

        # months of the period (partial first/last months allowed), day index 0 = day0
        ms = pd.date_range(pd.Timestamp(self.ps).to_period("M").to_timestamp(),
                           pd.Timestamp(self.pe), freq="MS")
        months = pd.DataFrame({
            "g": np.arange(len(ms), dtype=np.int32),
            "g_lo": [max(m.date(), self.ps) for m in ms],
            "g_hi": [min((m + pd.offsets.MonthEnd(0)).date(), self.pe) for m in ms]})
        day0 = months.g_lo.min() - timedelta(days=P)
        n_days = (months.g_hi.max() - day0).days + H + 1
        self.day0, self.n_days = day0, n_days
        self.e0 = (day0 - date(1970, 1, 1)).days  # calendar parity: (d + e0) % 2
        con.register(self.t("months_df"), months)
        m_tbl = self.create("m", f"""
            select g::integer as g, g_lo::date as g_lo, g_hi::date as g_hi,
                   date_diff('day', {_lit(day0)}, g_lo::date)::integer as lo,
                   date_diff('day', {_lit(day0)}, g_hi::date)::integer as hi
            from {self.t('months_df')}""")
        con.unregister(self.t("months_df"))

        cols = {r[0] for r in con.execute(f"describe select * from {self.customers}").fetchall()}
        joined = "loyalty_joined_date" if "loyalty_joined_date" in cols else "null"
        c_tbl = self.create("c", f"""
            select (row_number() over (order by customer_id) - 1)::integer as idx,
                   customer_id, created_date, cohort_date,
                   coalesce(first_channel, '{UNKNOWN_LABEL}') as channel,
                   coalesce(first_action_type, '{UNKNOWN_LABEL}') as action_type,
                   coalesce(segment, '{NONE_LABEL}') as seg,
                   coalesce(country, '{NONE_LABEL}') as cty,
                   {joined}::date as joined_date
            from {self.customers} where customer_id is not null""")
        # orders as integer day offsets, only the days any window can reach
        # `rep` = 0 for the acquisition order (first order, within ACQUISITION_DAYS of the
        # account's creation): a one-off, not part of a customer's buying rate, so the
        # pre-period baselines leave it out (else new customers' growth is understated)
        o_tbl = self.create("o", f"""
            select c.idx, date_diff('day', {_lit(day0)}, o.order_date)::integer as d,
                   coalesce(o.gross_margin, 0)::double as m, coalesce(o.revenue, 0)::double as r,
                   case when o.order_date = o.first_date
                         and o.first_date <= c.created_date + {ACQUISITION_DAYS}
                        then 0 else 1 end as rep
            from (select *, min(order_date) over (partition by customer_id) as first_date
                  from {self.orders}) o
            join {c_tbl} c on c.customer_id = o.customer_id
            where o.order_date >= {_lit(day0)}
              and o.order_date < {_lit(day0 + timedelta(days=n_days))}""")

        whens = " ".join(f"when c.created_date <= m.g_lo - {d} then '{name}'"
                         for d, name in TENURE_BANDS)
        band = f"""case when c.created_date is null then '{TENURE_BANDS[0][1]}' {whens}
                        else 'new' end"""
        jdd = f"date_diff('day', {_lit(day0)}, c.joined_date)"

        def join_status(until: str) -> str:
            return (f"case when c.joined_date is null or c.joined_date > {until} then 'n' "
                    f"when c.joined_date < m.g_lo - {JOIN_RECENT_DAYS} then 'jold' else 'w' end")
        # engaged: membership at the cohort date, join day only if recent; comparison: status by
        # the month's last day, join day whenever it is (windows match on it)
        jb_t = (f"{join_status('c.cohort_date')} as jb, case {join_status('c.cohort_date')} "
                f"when 'w' then {jdd} end as jd")
        jb_c = f"{join_status('m.g_hi')} as jb, {jdd} as jd"
        # Loyalty proxy per (month, customer), cross-fitted over calendar-day parity: loyF =
        # the loyalty band (_loyalty_code) of the orders on days of parity F in [lo - P, lo), the
        # acquisition order left out. The band reaches into the anticipation gap (only pre-period
        # margins must stop at cd - G); it ends at lo, before any cohort date. Fold F pools
        # on loyF and takes the pre-period margins (own and pool's) on the other parity only,
        # so matching on the proxy brings no regression to the mean back; averaging the two
        # folds uses every pre-period day (module docstring; docs/methodology.md).
        par = f"(o.d + {self.e0}) % 2"
        rfm = ", ".join(f"""
                   count(distinct o.d) filter (where {par} = {q} and o.rep = 1) as n{q},
                   m.lo - max(o.d) filter (where {par} = {q} and o.rep = 1) as r{q}"""
                       for q in (0, 1))
        codes = ", ".join(f"{_loyalty_code(f'n{q}', f'r{q}')} as loy{q}, "
                          f"{_loyalty_code(f'n{q}', f'r{q}', coarse=True)} as loyc{q}"
                          for q in (0, 1))
        loy = self.create("loy", f"""
            with x as (
                select m.g, o.idx, {rfm}
                from {o_tbl} o join {m_tbl} m on o.d >= m.lo - {P} and o.d < m.lo
                group by m.g, o.idx, m.lo)
            select g, idx, {codes} from x""")
        loy_cols = ", ".join(f"coalesce(l.{c}, 0) as {c}" for c in ("loy0", "loy1", "loyc0",
                                                                       "loyc1"))
        # treated: cohort date in the period; their own windows
        t_tbl = self.create("t", f"""
            select c.idx, m.g, date_diff('day', {_lit(day0)}, c.cohort_date)::integer as cd,
                   {band} as band, {jb_t}, c.seg, c.cty, {loy_cols}, c.channel,
                   c.action_type
            from {c_tbl} c join {m_tbl} m on c.cohort_date between m.g_lo and m.g_hi
            left join {loy} l on l.g = m.g and l.idx = c.idx""")
        n_treated = con.execute(f"select count(*) from {t_tbl}").fetchall()[0][0]
        if n_treated == 0:
            return self.empty("no engaged customer has a cohort date in the period")
        pre = f"o.d < t.cd - {G}"
        ty = self.create("ty", f"""
            select t.idx,
                   coalesce(sum(o.m) filter (where o.d >= t.cd and o.d < t.cd + {H}), 0) as y_m,
                   coalesce(sum(o.r) filter (where o.d >= t.cd and o.d < t.cd + {H}), 0) as y_r,
                   coalesce(sum(o.m * o.rep) filter (where {pre} and {par} = 0), 0) as x_m0,
                   coalesce(sum(o.m * o.rep) filter (where {pre} and {par} = 1), 0) as x_m1,
                   coalesce(sum(o.r * o.rep) filter (where {pre} and {par} = 0), 0) as x_r0,
                   coalesce(sum(o.r * o.rep) filter (where {pre} and {par} = 1), 0) as x_r1
            from {t_tbl} t left join {o_tbl} o
              on o.idx = t.idx and o.d >= t.cd - {P} and o.d < t.cd + {H}
            group by t.idx""")
        # comparison customers per month and fold: never engaged, or engaged only after the
        # latest window of the month ends plus the anticipation buffer
        keys = ", ".join(f"fold || ':' || {expr} as k{lv}" for lv, expr in POOL_LEVELS)
        # window pools are named by the engaged customer's join day (treated side only)
        wins = list(enumerate(JOIN_WINDOW_DAYS, start=1))
        wkeys = ", ".join(f"fold || ':{lv}|' || jd as k{lv}" for lv, _ in wins)
        by_fold = ("case f.fold when 0 then loy0 else loy1 end as loy, "
                   "case f.fold when 0 then loyc0 else loyc1 end as loyc")
        cm_tbl = self.create("cm", f"""
            with cm as (
                select m.g, c.idx, {band} as band, {jb_c}, c.seg, c.cty, {loy_cols}
                from {c_tbl} c cross join {m_tbl} m
                left join {loy} l on l.g = m.g and l.idx = c.idx
                where c.cohort_date is null or c.cohort_date >= m.g_hi + {H + G}),
            cmf as (select cm.*, f.fold, {by_fold} from cm cross join {FOLDS}
                    where band in {RATIO_BANDS})
            select g, idx, fold, jd, {keys} from cmf""")
        tf = self.create("tf", f"""
            with tf as (select t.*, f.fold, {by_fold} from {t_tbl} t cross join {FOLDS}
                        where band in {RATIO_BANDS})
            select idx, g, band, fold, jd, {keys}, {wkeys} from tf""")
        # pool choice per treated stratum and fold: finest level with enough comparison customers
        # (join-day windows first, for recent joiners only; their keys are NULL for the others)
        lvls = [lv for lv, _ in wins] + [lv for lv, _ in POOL_LEVELS]
        ns = ", ".join(f"n{lv} as (select g, k{lv}, count(*) as n from {cm_tbl} group by all)"
                       for lv, _ in POOL_LEVELS)
        # window sizes from comparison counts per join day (a range join of small aggregates)
        counts = ", ".join(f"coalesce(sum(cm.n) filter (where abs(cm.jd - s.jd) <= {w}), 0) "
                           f"as n{lv}" for lv, w in wins)
        nw = f"""cj as (select g, fold, jd, count(*) as n from {cm_tbl} where jd is not null
                        group by all),
                 nw as (select s.g, s.fold, s.jd, {counts}
                        from (select distinct g, fold, jd from {tf} where jd is not null) s
                        join cj cm on cm.g = s.g and cm.fold = s.fold
                         and cm.jd between s.jd - {max(JOIN_WINDOW_DAYS)}
                                       and s.jd + {max(JOIN_WINDOW_DAYS)}
                        group by all)"""
        joins = " ".join(f"left join n{lv} using (g, k{lv})" for lv, _ in POOL_LEVELS)
        whens = " ".join(f"when coalesce(n{lv}.n, 0) >= {self.min_pool} then {lv}"
                         for lv, _ in POOL_LEVELS)
        wwhens = " ".join(f"when coalesce(nw.n{lv}, 0) >= {self.min_pool} then {lv}"
                          for lv, _ in wins)
        pk = " ".join(f"when {lv} then k{lv}" for lv in lvls)
        pools = self.create("pools", f"""
            with {ns}, {nw},
                 strata as (select distinct * exclude (idx) from {tf}),
                 choice as (select s.*, case {wwhens} {whens} end as lvl
                            from strata s {joins}
                            left join nw on nw.g = s.g and nw.fold = s.fold and nw.jd = s.jd)
            select *, case lvl {pk} end as pkey from choice""")
        pid = self.create("pid", f"""
            select (row_number() over (order by g, pkey) - 1)::integer as p, g, pkey,
                   any_value(lvl) as lvl, any_value(band) as band, any_value(fold) as fold,
                   any_value(jd) as jd
            from {pools} where lvl is not null group by g, pkey""")
        memb = self.create("memb", " union all ".join([f"""
            select q.p, cm.idx from {cm_tbl} cm join {pid} q
              on q.g = cm.g and q.lvl = {lv} and q.pkey = cm.k{lv}""" for lv, _ in POOL_LEVELS]
            + [f"""
            select q.p, cm.idx from {cm_tbl} cm join (
                select p, g, fold, unnest(range(jd - {w}, jd + {w + 1})) as jd
                from {pid} where lvl = {lv}) q
              on q.g = cm.g and q.fold = cm.fold and q.jd = cm.jd""" for lv, w in wins]))

        # -- pull the small and per-customer pieces ---------------------------------------------
        k1 = f"k{POOL_LEVELS[0][0]}"   # the finest key, with the join day, names a stratum
        tr = con.execute(f"""
            with tp as (
                select tf.idx, tf.fold, q.p
                from {tf} tf join {pools} s on s.g = tf.g and s.{k1} = tf.{k1}
                 and s.jd is not distinct from tf.jd
                join {pid} q on q.g = s.g and q.pkey = s.pkey)
            select t.idx, t.g, t.cd, t.channel, t.action_type,
                   coalesce(p0.p, -1) as p0, coalesce(p1.p, -1) as p1,
                   ty.y_m, ty.y_r, ty.x_m0, ty.x_m1, ty.x_r0, ty.x_r1
            from {t_tbl} t join {ty} ty using (idx)
            left join tp p0 on p0.idx = t.idx and p0.fold = 0
            left join tp p1 on p1.idx = t.idx and p1.fold = 1
            order by t.idx""").fetchnumpy()
        pool_info = con.execute(f"""
            select q.p, q.g, q.band, q.fold, count(mb.idx) as n
            from {pid} q left join {memb} mb using (p) group by all order by q.p""").fetchnumpy()
        mb = con.execute(f"select p, idx from {memb}").fetchnumpy()
        alive = self.still_active(cm_tbl, c_tbl, o_tbl, m_tbl, day0) if self.weights else None
        # control orders in each pool's reach, summed per (pool, customer, day); with a fitted
        # still-active model the pre-period sums are weighted by P(alive at the month's first day)
        w, join_w = ((" * any_value(coalesce(a.w, 1))",
                      f"left join {alive} a on a.g = q.g and a.idx = mb.idx")
                     if alive else ("", ""))
        rows = con.execute(f"""
            select mb.p, mb.idx, o.d, sum(o.m) as m, sum(o.r) as r,
                   sum(o.m * o.rep){w} as m_pre, sum(o.r * o.rep){w} as r_pre
            from {memb} mb join {pid} q using (p) join {m_tbl} m using (g) {join_w}
            join {o_tbl} o on o.idx = mb.idx and o.d >= m.lo - {P} and o.d < m.hi + {H}
            group by mb.p, mb.idx, o.d""").fetchnumpy()
        # naive comparison: everyone not engaged by the end of the month's latest window
        naive_daily = con.execute(f"""
            with pool as (
                select m.g, c.idx from {c_tbl} c cross join {m_tbl} m
                where (c.cohort_date is null or c.cohort_date >= m.g_hi + {H})
                  and (c.created_date is null or c.created_date < m.g_hi + {H}))
            select p.g, o.d, sum(o.m) as m, sum(o.r) as r
            from pool p join {m_tbl} m using (g)
            join {o_tbl} o on o.idx = p.idx and o.d >= m.lo and o.d < m.hi + {H}
            group by all""").fetchnumpy()
        naive_n = con.execute(f"""
            select m.g, count(c.idx) as n from {m_tbl} m left join {c_tbl} c
              on (c.cohort_date is null or c.cohort_date >= m.g_hi + {H})
             and (c.created_date is null or c.created_date < m.g_hi + {H})
            group by m.g order by m.g""").fetchnumpy()
        n_customers = con.execute(f"select count(*) from {c_tbl}").fetchall()[0][0]
        return self.compute(months, tr, pool_info, mb, rows, naive_daily, naive_n, n_customers)

    def still_active(self, cm_tbl, c_tbl, o_tbl, m_tbl, day0) -> str | None:
        """Table (g, idx, w): each comparison customer's P(alive at lo), from a Pareto/NBD model
        (measure/pnbd.py) of their repeat-order days. Engaging shows an engaged customer is still
        around; a comparison customer with the same history may have left, and one who has left
        buys nothing afterwards, so only their pre-period needs the weight (docs/methodology.md).

        History per (month, customer), in days from day0 (the first day the run reads): born at
        creation (day0 when unknown), seen from max(birth, day0): x repeat-order days in
        [seen, lo), the last one, the age at lo, and the age when first seen (customers older
        than the data: pnbd handles the left truncation). The model is fitted on the last month
        (the longest histories), on at most PNBD_FIT_CUSTOMERS comparison customers picked by a
        hash of their id, days grouped in weeks: the optimiser's cost grows with rows. None when
        the model is not fitted (too few customers, or no convergence): every weight is then 1."""
        con = self.con
        hist = self.create("hist", f"""
            with cmg as (select distinct g, idx from {cm_tbl}),
            b as (select cmg.g, cmg.idx, m.lo, coalesce(
                             date_diff('day', {_lit(day0)}, c.created_date), 0) as birth
                  from cmg join {c_tbl} c using (idx) join {m_tbl} m using (g)),
            days as (select distinct idx, d from {o_tbl} where rep = 1)
            select b.g, b.idx, b.lo - b.birth as t_age, greatest(-b.birth, 0) as t_seen,
                   count(dd.d) as x, coalesce(max(dd.d) - b.birth, 0) as t_last
            from b left join days dd
              on dd.idx = b.idx and dd.d >= greatest(b.birth, 0) and dd.d < b.lo
            where b.birth < b.lo
            group by b.g, b.idx, b.lo, b.birth""")

        def years(x, t_last, t_age, t_seen):  # the last repeat order at mid-day
            x = np.asarray(x, float)
            T, a = np.asarray(t_age, float) / 365.0, np.asarray(t_seen, float) / 365.0
            tx = np.where(x > 0, np.minimum((np.asarray(t_last, float) + 0.5) / 365.0, T), 0.0)
            return x, tx, T, a
        wk = ", ".join(f"round({c} / 7) * 7 as {c}" for c in ("t_last", "t_age", "t_seen"))
        f = con.execute(f"""
            with last as (select * from {hist} where g = (select max(g) from {hist})
                          order by hash(idx) limit {PNBD_FIT_CUSTOMERS})
            select x, {wk}, count(*) as n from last group by all
            order by all""").fetchnumpy()   # a fixed order: the same fit whatever the threads
        if f["n"].sum() >= PNBD_MIN_CUSTOMERS:
            x, tx, T, a = years(f["x"], f["t_last"], f["t_age"], f["t_seen"])
            params, res = pnbd.fit(x, tx, T, f["n"], a)
            if res.success and np.all(np.isfinite(params)):
                self.pnbd_params = params
        if self.pnbd_params is None:
            return None
        cols = "x, t_last, t_age, t_seen"
        u = con.execute(f"select distinct {cols} from {hist}").fetchnumpy()
        w = pnbd.p_alive(self.pnbd_params, *years(u["x"], u["t_last"], u["t_age"], u["t_seen"]))
        con.register(self.t("pal_df"), pd.DataFrame({c: u[c] for c in cols.split(", ")} | {"w": w}))
        alive = self.create("alive", f"""
            select h.g, h.idx, p.w::double as w from {hist} h
            join {self.t('pal_df')} p using ({cols})""")
        con.unregister(self.t("pal_df"))
        self.alive_tbl = alive
        return alive

    # -- numpy part ----------------------------------------------------------------------------
    def compute(self, months, tr, pool_info, mb, rows, naive_daily, naive_n, n_customers):
        H, G, P, D = self.H, self.G, self.P, self.n_days
        # at least one (empty) pool so that indexing works when nobody could be matched
        n_pools = max(len(pool_info["p"]), 1)
        n_p = np.zeros(n_pools)
        n_p[:len(pool_info["n"])] = pool_info["n"]
        pool_band = np.full(n_pools, None, dtype=object)
        pool_band[:len(pool_info["band"])] = pool_info["band"]
        # pre-period days a pool counts: the calendar parity its fold did not pool on
        pool_fold = np.zeros(n_pools, dtype=np.int64)
        pool_fold[:len(pool_info["fold"])] = pool_info["fold"]
        pre_days = (((np.arange(D)[None, :] + self.e0) % 2) == 1 - pool_fold[:, None])

        # daily totals per pool, cumulated along days: C[p, k] = sum over days < k
        def cum(p, d, v, n_rows):
            dense = np.bincount(p.astype(np.int64) * D + d, weights=v, minlength=n_rows * D)
            dense = dense.reshape(n_rows, D)
            return np.concatenate([np.zeros((n_rows, 1)), np.cumsum(dense, axis=1)], axis=1)

        pr, pd_, pidx = rows["p"], rows["d"], rows["idx"]
        cums = {"margin": cum(pr, pd_, rows["m"], n_pools), "revenue": cum(pr, pd_, rows["r"],
                                                                           n_pools)}
        on_pre = pre_days[pr.astype(np.int64), pd_.astype(np.int64)]
        cums_pre = {"margin": cum(pr, pd_, rows["m_pre"] * on_pre, n_pools),
                    "revenue": cum(pr, pd_, rows["r_pre"] * on_pre, n_pools)}
        n_months = len(months)
        ncum = {"margin": cum(naive_daily["g"], naive_daily["d"], naive_daily["m"], n_months),
                "revenue": cum(naive_daily["g"], naive_daily["d"], naive_daily["r"], n_months)}
        naive_cnt = np.maximum(naive_n["n"].astype(float), 1.0)

        # treated arrays
        cd = tr["cd"].astype(np.int64)
        tg = tr["g"].astype(np.int64)
        tps = [np.asarray(tr[f"p{f}"], dtype=np.int64) for f in (0, 1)]
        matched = (tps[0] >= 0) & (tps[1] >= 0)
        tps = [np.where(matched, q, 0) for q in tps]
        t_idx = tr["idx"].astype(np.int64)

        # pool x cohort-day quantities on each treated customer's own calendar window, per fold;
        # the counterfactual is the mean of the two folds' counterfactuals
        A, B, X, LVL = {}, {}, {}, {}   # [meas][fold]
        cf, naive = {}, {}
        for meas, col in (("margin", "m"), ("revenue", "r")):
            C, Cp = cums[meas], cums_pre[meas]
            A[meas], B[meas], X[meas], LVL[meas], cfs = [], [], [], [], []
            for f, tp in enumerate(tps):
                a = C[tp, cd + H] - C[tp, cd]           # comparison margin, post window
                b = Cp[tp, cd - G] - Cp[tp, cd - P]     # comparison margin, pre window (fold days)
                lvl = b <= 0  # no pre-period margin in the pool: compare post-period levels
                ratio = np.divide(a, b, out=np.zeros_like(a), where=b > 0)
                x = tr[f"x_{col}{1 - f}"].astype(float)  # own pre-period margin, same days
                cfs.append(np.where(lvl, a / np.maximum(n_p[tp], 1.0), x * ratio))
                A[meas].append(a), B[meas].append(b), X[meas].append(x), LVL[meas].append(lvl)
            cf[meas] = 0.5 * (cfs[0] + cfs[1])
            Cn = ncum[meas]
            naive[meas] = tr[f"y_{col}"].astype(float) - (Cn[tg, cd + H] - Cn[tg, cd]) \
                / naive_cnt[tg]
        Y = {"margin": tr["y_m"].astype(float), "revenue": tr["y_r"].astype(float)}
        self.per_treated = pd.DataFrame({  # kept for diagnostics and tests
            "idx": tr["idx"], "cohort_day": cd, "pool": np.where(matched, tps[0], -1),
            "band": np.where(matched, pool_band[tps[0]], None),
            "level_comparison": (LVL["margin"][0] | LVL["margin"][1]) & matched,
            "y": Y["margin"], "x": X["margin"][0] + X["margin"][1],
            "cf": np.where(matched, cf["margin"], np.nan), "naive": naive["margin"]})

        # scopes
        scope_defs = [("overall", "all", np.ones(len(t_idx), bool))]
        for scope, col in (("channel", "channel"), ("action_type", "action_type")):
            vals = np.asarray(tr[col], dtype=object)
            for v in sorted(set(vals.tolist())):
                scope_defs.append((scope, v, vals == v))
        S = len(scope_defs)

        # influence functions, one column per scope, per measure
        # day-grid arrays over pools: alpha (post weight) and beta (pre weight) per cohort day
        n_cust = int(n_customers)
        def by_customer(v):  # customer x (pool, day) matrix of one order value
            return sparse.csr_matrix((v, (pidx.astype(np.int64), pr.astype(np.int64) * D + pd_)),
                                     shape=(n_cust, n_pools * D))

        smat = {"margin": (by_customer(rows["m"]), by_customer(rows["m_pre"])),
                "revenue": (by_customer(rows["r"]), by_customer(rows["r_pre"]))}
        memb_mat = sparse.csr_matrix(
            (np.ones(len(mb["p"])), (mb["idx"].astype(np.int64), mb["p"].astype(np.int64))),
            shape=(n_cust, n_pools))
        results, draws = [], {}
        est = {m: np.full(S, np.nan) for m in MEASURES}
        psi = {m: np.zeros((n_cust, S)) for m in MEASURES}
        n_matched = np.zeros(S, dtype=np.int64)
        for s, (_, _, mask) in enumerate(scope_defs):
            mm = mask & matched
            n_matched[s] = mm.sum()
            if n_matched[s] == 0:
                continue
            N = float(n_matched[s])
            for meas in MEASURES:
                eff = Y[meas][mm] - cf[meas][mm]
                att = eff.mean()
                est[meas][s] = att
                psi[meas][t_idx[mm], s] += (eff - att) / N  # one row per treated customer
                # control side: weights on the days of each treated customer's windows, both
                # folds at once (a pool belongs to one fold; each fold weighs 1/2)
                lvl = np.concatenate([LVL[meas][f][mm] for f in (0, 1)])
                p_s = np.concatenate([tps[f][mm] for f in (0, 1)])
                c_s = np.concatenate([cd[mm], cd[mm]])
                a_s = np.concatenate([A[meas][f][mm] for f in (0, 1)])
                b_s = np.concatenate([B[meas][f][mm] for f in (0, 1)])
                x_s = np.concatenate([X[meas][f][mm] for f in (0, 1)])
                ratio_s = np.divide(a_s, b_s, out=np.zeros_like(b_s), where=b_s > 0)
                alpha = 0.5 * np.where(lvl, 1.0 / np.maximum(n_p[p_s], 1.0),
                                       np.divide(x_s, b_s, out=np.zeros_like(b_s), where=b_s > 0))
                beta = np.where(lvl, 0.0, alpha * ratio_s)
                # W[p, d] = sum over treated of alpha*1[c<=d<c+H] - beta*1[c-P<=d<c-G, pre day]
                base = p_s * (D + 1)
                n_pd = n_pools * (D + 1)
                post = np.bincount(np.concatenate([base + c_s, base + c_s + H]),
                                   weights=np.concatenate([alpha, -alpha]), minlength=n_pd)
                pre = np.bincount(np.concatenate([base + c_s - P, base + c_s - G]),
                                  weights=np.concatenate([beta, -beta]), minlength=n_pd)
                w_post = np.cumsum(post.reshape(n_pools, D + 1), axis=1)[:, :D].reshape(-1)
                w_pre = (np.cumsum(pre.reshape(n_pools, D + 1), axis=1)[:, :D]
                         * pre_days).reshape(-1)
                # level comparisons subtract the pool mean from every member (zero-order ones too)
                kappa = 0.5 * np.bincount(p_s[lvl], weights=a_s[lvl]
                                          / np.maximum(n_p[p_s[lvl]], 1.0) ** 2,
                                          minlength=n_pools)
                s_post, s_pre = smat[meas]
                ctrl = s_post @ w_post - s_pre @ w_pre - memb_mat @ kappa
                psi[meas][:, s] -= ctrl / N

        self.influence = {"scopes": [(sc, v) for sc, v, _ in scope_defs],
                          "margin": psi["margin"], "revenue": psi["revenue"],
                          "estimate": {m: est[m].copy() for m in MEASURES},
                          # the pools as built (for tests): members, and each matched treated
                          # customer's cohort day (days after day0) and pool per fold
                          "pools": {"day0": self.day0, "member_pool": mb["p"].astype(np.int64),
                                    "member_idx": mb["idx"].astype(np.int64),
                                    "treated_idx": t_idx[matched], "treated_day": cd[matched],
                                    "treated_pool": [q[matched] for q in tps]}}
        # multiplier bootstrap: Poisson(1) - 1 customer weights, in chunks, deterministic
        # Draws go to every engaged customer of the period and every pool member, in customer
        # order: who gets which draw must not depend on whether an influence value rounded to
        # exactly 0 (that varied with DuckDB's thread scheduling and moved the intervals).
        # Everybody else has a zero influence, so leaving them out changes nothing.
        rng = np.random.default_rng(self.seed)
        active = np.union1d(t_idx, mb["idx"].astype(np.int64))
        Pm, Pr = psi["margin"][active], psi["revenue"][active]
        boot_m = np.empty((self.n_boot, S))
        boot_r = np.empty((self.n_boot, S))
        chunk = max(1, int(2_000_000 // max(len(active), 1)))
        for b0 in range(0, self.n_boot, chunk):
            b1 = min(self.n_boot, b0 + chunk)
            xi = rng.poisson(1.0, size=(b1 - b0, len(active))).astype(float) - 1.0
            boot_m[b0:b1] = xi @ Pm
            boot_r[b0:b1] = xi @ Pr
        boot_m += est["margin"]
        boot_r += est["revenue"]

        # comparison customers per scope: distinct members of the pools its customers use
        a_lo, a_hi = (1 - self.level) / 2, 1 - (1 - self.level) / 2
        memb_csc = memb_mat.tocsc()
        for s, (scope, value, mask) in enumerate(scope_defs):
            n_eng = int(mask.sum())
            used = np.unique(np.concatenate([q[mask & matched] for q in tps]))
            n_comp = int((memb_csc[:, used].sum(axis=1) > 0).sum()) if used.size else 0
            row = {"scope": scope, "scope_value": value, "engaged_customers": n_eng,
                   "matched_customers": int(n_matched[s]), "comparison_customers": n_comp,
                   "method": self.method(), "reason": None}
            nv_m = float(naive["margin"][mask].mean()) if n_eng else np.nan
            nv_r = float(naive["revenue"][mask].mean()) if n_eng else np.nan
            reason = None
            if n_eng < self.min_engaged:
                reason = (f"too few engaged customers: {n_eng} < {self.min_engaged} needed "
                          f"for an estimate")
            elif n_matched[s] < self.min_engaged:
                reason = (f"too few engaged customers with comparable non-engaged customers: "
                          f"{n_matched[s]} of {n_eng} (< {self.min_engaged})")
            if reason:
                row.update({c: np.nan for c in COLUMNS if c not in row})
                row.update(reason=reason, naive_per_customer=nv_m, naive_revenue_per_customer=nv_r)
                results.append(row)
                continue
            pm, pr_ = boot_m[:, s], boot_r[:, s]
            lo_m, hi_m = np.quantile(pm, [a_lo, a_hi])
            lo_r, hi_r = np.quantile(pr_, [a_lo, a_hi])
            row.update({
                "per_customer_estimate": est["margin"][s], "per_customer_low": lo_m,
                "per_customer_high": hi_m,
                "incremental_margin_estimate": est["margin"][s] * n_eng,
                "incremental_margin_low": lo_m * n_eng, "incremental_margin_high": hi_m * n_eng,
                "per_customer_revenue_estimate": est["revenue"][s],
                "incremental_revenue_estimate": est["revenue"][s] * n_eng,
                "incremental_revenue_low": lo_r * n_eng,
                "incremental_revenue_high": hi_r * n_eng,
                "naive_per_customer": nv_m, "naive_revenue_per_customer": nv_r,
            })
            draws[(scope, value)] = (pm * n_eng, pr_ * n_eng)
            results.append(row)
        table = pd.DataFrame(results, columns=COLUMNS)
        return IncrementalityResult(
            table, {k: v[0] for k, v in draws.items()}, {k: v[1] for k, v in draws.items()},
            self.level, self.params())
