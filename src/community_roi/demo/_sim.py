"""The simulated world: customers, who engages and when, and orders with common random numbers.

Everything here is vectorised over customers and orders; the only loops are over channels,
countries and events.

Causal structure (see the package docstring for the story):

* latent loyalty ``z`` drives the purchase rate, the churn hazard, the engagement hazard and the
  channel a customer first engages on (forum/discord/event attract the most loyal): selection.
* orders are a thinned Poisson process. Every candidate order has one uniform ``u``; it is placed in
  the *actual* world when ``u`` is below the actual rate ratio and in the *counterfactual* world
  (same customer, never engaging) when ``u`` is below the counterfactual ratio. Both worlds share
  every draw, so the incremental orders are exactly those accepted only in the actual world.
* engaging raises the purchase rate by the lift of the channel of the first engagement from the
  cohort day on (full for 90 days, then decaying) and lowers the churn hazard.
* time_varying_confounder: 30% of customers have a life event that raises both their purchases
  (for months) and, for a few weeks, their chance to engage; it is recorded, as the day they
  join the loyalty programme.
* hidden_confounder: the same events, unrecorded, plus customers who drift (a yearly trend in
  their purchase rate that also drives their engagement hazard).
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field

import numpy as np

from ._time import DAY, add_months, epoch_day, sample_tod

# channels the community team runs (a subset of contract.CHANNELS)
CHANNELS_USED = ("instagram", "facebook", "x", "linkedin", "tiktok", "youtube", "forum",
                 "discord", "email", "event")
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
COUNTRIES = ("FR", "BE", "CH", "CA", "US", "GB")
COUNTRY_P = (0.82, 0.06, 0.04, 0.03, 0.02, 0.03)
SALES_CHANNELS = ("online", "store", "app", "marketplace")
STATUSES = ("completed", "refunded", "cancelled")

REALISTIC_LIFTS = {  # relative rise of the purchase rate after the first engagement
    "discord": 0.80, "forum": 0.70, "event": 0.60, "instagram": 0.25, "youtube": 0.20,
    "facebook": 0.18, "email": 0.15, "tiktok": 0.12, "linkedin": 0.10, "x": 0.06,
}
LIFT_BOUND = 0.8          # >= every lift: the thinning envelope
LIFT_FULL_DAYS = 90       # lift at full strength for this many days from the cohort day
LIFT_DECAY_DAYS = 120.0   # then decays as exp(-(k - 90) / 120)


@dataclass(frozen=True)
class ScenarioParams:
    name: str
    lifts: dict[str, float]
    churn_hazard_ratio: float      # churn hazard multiplier after the first engagement
    life_share: float = 0.0        # share of customers with a life event
    life_purchase_boost: float = 0.0   # purchase rate x (1 + boost * exp(-(t - e) / decay))
    life_decay_days: float = 75.0
    life_engage_mult: float = 0.0  # engagement hazard x (1 + mult) for life_window_days
    life_window_days: float = 45.0
    drift_sd: float = 0.0          # sd of the yearly log purchase-rate trend
    drift_engage_beta: float = 0.0  # engagement hazard x exp(beta * log drift)
    life_observed: bool = False    # the life event is recorded: the customer joins the loyalty
                                   # programme then (loyalty_members.joined_at)


SCENARIO_PARAMS = {
    "realistic": ScenarioParams("realistic", dict(REALISTIC_LIFTS), churn_hazard_ratio=0.6),
    "null": ScenarioParams("null", {c: 0.0 for c in CHANNELS_USED}, churn_hazard_ratio=1.0),
    # a measured time-varying confounder: joining the loyalty programme raises purchases for
    # months and makes engaging ten times likelier for 45 days (app onboarding)
    "time_varying_confounder": ScenarioParams(
        "time_varying_confounder", dict(REALISTIC_LIFTS), churn_hazard_ratio=0.6,
        life_share=0.30, life_purchase_boost=1.2, life_decay_days=75.0,
        life_engage_mult=9.0, life_window_days=45.0, life_observed=True),
    # the same events left unrecorded, plus a slow per-customer trend: confounders no method on
    # this data can see (a stress test of the assumptions, not a target; docs/methodology.md)
    "hidden_confounder": ScenarioParams(
        "hidden_confounder", dict(REALISTIC_LIFTS), churn_hazard_ratio=0.6,
        life_share=0.30, life_purchase_boost=1.2, life_decay_days=75.0,
        life_engage_mult=9.0, life_window_days=45.0, drift_sd=0.45, drift_engage_beta=1.5),
}


def stream(seed: int, name: str) -> np.random.Generator:
    """One independent random stream per component, so adding draws to one component never
    changes another (and scenarios share customers, churn draws and text)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(zlib.crc32(name.encode()),)))


# ---------------------------------------------------------------------------------------------
@dataclass
class Calendar:
    start: dt.date
    end: dt.date
    D: int
    ed0: int                      # epoch day of start
    dates: np.ndarray             # datetime64[D]
    weekday: np.ndarray           # 0 = Monday
    month_idx: np.ndarray         # months since the start month (0..)
    base: np.ndarray              # seasonality x weekday x growth (no events)
    event_mult: np.ndarray        # sales multiplier of the planted events
    prog: np.ndarray              # community programme growth (engagement hazard shape)

    @property
    def g(self) -> np.ndarray:
        return self.base * self.event_mult


def make_calendar(start: dt.date, end: dt.date) -> Calendar:
    D = (end - start).days + 1
    days = np.arange(D)
    dates = np.datetime64(start, "D") + days
    ed = dates.astype(np.int64)
    weekday = (ed + 3) % 7
    months = dates.astype("datetime64[M]").astype(np.int64)
    month = months % 12 + 1
    dom = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    doy = (dates - dates.astype("datetime64[Y]")).astype(np.int64)
    mf = np.array([0.95, 0.82, 0.88, 0.93, 0.98, 0.93, 0.80, 0.72, 0.93, 1.00, 1.22, 1.55])
    knots = 14 + 30.42 * np.arange(12)
    season = np.interp(doy, knots, mf, period=365)
    season = np.where((month == 12) & (dom <= 24), season * (0.85 + 0.35 * dom / 24), season)
    season = np.where((month == 12) & (dom >= 25) & (dom <= 26), season * 0.35, season)
    season = np.where((month == 12) & (dom >= 27), season * 0.7, season)
    # Black Friday (last Friday of November) to Cyber Monday
    bf = (month == 11) & (weekday == 4) & (dom >= 23)
    bf_days = np.flatnonzero(bf)
    bfw = np.zeros(D, dtype=bool)
    for b in bf_days:  # at most two per window
        bfw[max(b - 1, 0):b + 4] = True
    season = np.where(bfw, season * 1.5, season)
    season = np.where((month == 1) & (dom >= 8), season * 1.12, season)      # winter sales
    season = np.where(((month == 6) & (dom >= 25)) | ((month == 7) & (dom <= 20)), season * 1.06,
                      season)
    wk = np.array([0.95, 0.97, 1.0, 1.0, 1.05, 1.15, 0.88])[weekday]
    growth = np.exp(0.12 * days / 365.0)
    prog = 0.55 + 0.9 * days / max(D - 1, 1)
    return Calendar(start, end, D, epoch_day(start), dates, weekday,
                    months - months[0], season * wk * growth, np.ones(D), prog)


# ---------------------------------------------------------------------------------------------
@dataclass
class Event:
    kind: str          # rumor | buzz
    topic_idx: int
    start: int         # day index
    peak: int
    end: int
    sales_mult: float
    sales_start: int
    sales_end: int     # inclusive


def plant_events(cal: Calendar, rng: np.random.Generator) -> list[Event]:
    """Two rumours and two buzzes, one per quarter of the window, at least ~60 days apart."""
    D = cal.D
    lo, hi = 35, D - 40
    seg = (hi - lo) / 4
    kinds = list(rng.permutation(["rumor", "rumor", "buzz", "buzz"]))
    events, n_r, n_b = [], 0, 0
    for k in range(4):
        a = lo + seg * k + 0.2 * seg
        b = lo + seg * k + 0.6 * seg
        s = int(rng.uniform(a, b))
        length = int(rng.integers(4, 7))      # 4..6 days
        peak = s + int(rng.integers(1, 3))
        kind = str(kinds[k])
        if kind == "rumor":
            mult, tail, idx = 0.88, 7, n_r
            n_r += 1
        else:
            mult, tail, idx = 1.10, 10, n_b
            n_b += 1
        e = s + length - 1
        events.append(Event(kind, idx, s, peak, e, mult, s, min(e + tail, D - 1)))
    em = np.ones(D)
    for ev in events:
        em[ev.sales_start:ev.sales_end + 1] *= ev.sales_mult
    cal.event_mult = em
    return events


# ---------------------------------------------------------------------------------------------
@dataclass
class Customers:
    n: int
    c0: np.ndarray          # creation time, days since start (negative = before the window)
    country: np.ndarray     # index into COUNTRIES
    region: np.ndarray      # object array of strings
    pro: np.ndarray         # bool
    age: np.ndarray         # index into AGE_BANDS
    has_email: np.ndarray
    z: np.ndarray           # latent loyalty
    rate_day: np.ndarray    # baseline orders per day
    basket: np.ndarray      # mean order value, EUR
    t_churn_cf: np.ndarray  # churn time without engaging (days since start)
    t_churn: np.ndarray     # actual churn time
    life_t: np.ndarray      # life-event time (inf = none)
    drift: np.ndarray       # yearly log-rate trend
    # engagement
    engaged: np.ndarray = field(default=None)        # engages (linked or not) in the window
    t_first: np.ndarray = field(default=None)        # continuous time of the first engagement
    cohort_day: np.ndarray = field(default=None)     # int day index, -1 = never
    primary: np.ndarray = field(default=None)        # channel index into CHANNELS_USED, -1
    secondary: np.ndarray = field(default=None)      # channel index, -1 = none
    linked: np.ndarray = field(default=None)         # engaged and visible to the pipeline

    @property
    def start_day(self) -> np.ndarray:
        return np.maximum(self.c0, 0.0)


def _sample_days(rng, weights: np.ndarray, n: int) -> np.ndarray:
    cw = np.cumsum(weights)
    return np.searchsorted(cw, rng.uniform(0, cw[-1], n), side="right").clip(0, len(weights) - 1)


def make_customers(cal: Calendar, n: int, seed: int, sp: ScenarioParams) -> Customers:
    r = stream(seed, "customers")
    D = cal.D
    pre = r.random(n) < 0.55
    new_day = _sample_days(r, cal.base, n)
    tod = sample_tod(r, n, "order") / DAY
    c0 = np.where(pre, -r.uniform(1.0, 6 * 365.0, n), new_day + tod)
    c0 = np.sort(c0)                       # customer ids follow account creation
    country = r.choice(len(COUNTRIES), size=n, p=COUNTRY_P)
    from ._text import REGIONS
    region = np.empty(n, dtype=object)
    for ci, cc in enumerate(COUNTRIES):     # loop over countries
        m = country == ci
        names = [x[0] for x in REGIONS[cc]]
        p = np.array([x[1] for x in REGIONS[cc]])
        region[m] = np.array(names, dtype=object)[r.choice(len(names), size=m.sum(), p=p / p.sum())]
    pro = r.random(n) < np.where(country <= 1, 0.11, 0.05)
    age_b2c = r.choice(6, size=n, p=[0.10, 0.24, 0.22, 0.18, 0.14, 0.12])
    age_pro = r.choice(6, size=n, p=[0.02, 0.25, 0.33, 0.25, 0.13, 0.02])
    age = np.where(pro, age_pro, age_b2c)
    has_email = r.random(n) < 0.72
    z = r.standard_normal(n)
    mid_age = (age >= 2) & (age <= 3)
    rate_year = np.exp(np.log(2.0) + 0.85 * z + 0.35 * pro + 0.1 * mid_age)
    basket = np.where(pro, 185.0, 52.0) * np.exp(0.08 * z)
    churn_year = 0.33 * np.exp(-0.55 * z) * np.where(pro, 0.75, 1.0)
    e_churn = r.exponential(1.0, n)
    t_churn_cf = c0 + e_churn / (churn_year / 365.0)
    # time-varying confounders (zero in the other scenarios; drawn always, so streams stay aligned)
    life_u = r.random(n)
    life_when = r.uniform(np.maximum(c0, 0.0) - 120.0, D)
    life_t = np.where(life_u < sp.life_share, life_when, np.inf)
    drift = r.standard_normal(n) * sp.drift_sd
    return Customers(n=n, c0=c0, country=country, region=region, pro=pro, age=age,
                     has_email=has_email, z=z, rate_day=rate_year / 365.0, basket=basket,
                     t_churn_cf=t_churn_cf, t_churn=t_churn_cf.copy(), life_t=life_t, drift=drift)


def _drift_mult(cu: Customers, idx, t, D, beta=1.0):
    return np.exp(beta * cu.drift[idx] * (t - D / 2.0) / 365.0)


def _drift_bound(cu: Customers, D, beta=1.0):
    s = cu.start_day
    a = beta * cu.drift * (s - D / 2.0) / 365.0
    b = beta * cu.drift * (D - D / 2.0) / 365.0
    return np.exp(np.maximum(a, b))


# engagement: propensity by attributes, channel choice logits
_ENG_H0 = 0.00050       # per day, for z = 0, before programme growth
ENG_BETA = 1.2          # selection: engagement hazard ~ exp(ENG_BETA * z)


def _channel_logits(cu: Customers) -> np.ndarray:
    n = cu.n
    C = len(CHANNELS_USED)
    ci = {c: i for i, c in enumerate(CHANNELS_USED)}
    L = np.zeros((n, C))
    base = {"instagram": 1.0, "facebook": 0.3, "x": -0.8, "linkedin": -1.6, "tiktok": -0.3,
            "youtube": -0.6, "forum": -0.5, "discord": -0.8, "email": 0.2, "event": -1.4}
    for c, v in base.items():
        L[:, ci[c]] += v
    young = cu.age <= 1
    very_young = cu.age == 0
    older = cu.age >= 3
    L[:, ci["instagram"]] += 0.8 * young - 0.6 * older - 0.5 * cu.pro - 0.1 * cu.z
    L[:, ci["tiktok"]] += 1.3 * very_young + 0.4 * young - 2.0 * older - 1.5 * cu.pro - 0.3 * cu.z
    L[:, ci["discord"]] += 0.6 * young - 1.5 * older + 0.8 * cu.z
    L[:, ci["facebook"]] += 1.2 * older - 0.8 * young
    L[:, ci["email"]] += 0.6 * older
    L[:, ci["linkedin"]] += 3.2 * cu.pro
    L[:, ci["forum"]] += 0.9 * cu.z + 0.3 * older
    L[:, ci["event"]] += 0.7 * cu.z - 2.5 * (cu.country > 1)
    L[:, ci["x"]] += 0.3 * cu.pro
    L[~cu.has_email, ci["email"]] = -np.inf
    return L


def simulate_engagement(cal: Calendar, cu: Customers, seed: int, sp: ScenarioParams) -> None:
    """First engagement time by thinning the engagement hazard; channel; linkage; retention."""
    r = stream(seed, "engagement")
    D, n = cal.D, cu.n
    young = cu.age <= 1
    base_h = _ENG_H0 * np.exp(ENG_BETA * cu.z + 0.25 * young + 0.2 * cu.pro - 0.3 * (cu.country > 1))
    life_max = np.where(np.isfinite(cu.life_t), 1.0 + sp.life_engage_mult, 1.0)
    drift_max = _drift_bound(cu, D, sp.drift_engage_beta)
    prog_max = cal.prog.max()
    hmax = base_h * prog_max * life_max * drift_max
    s = cu.start_day
    stop = np.minimum(float(D), cu.t_churn_cf)
    span = np.maximum(stop - s, 0.0)
    k = r.poisson(hmax * span)
    idx = np.repeat(np.arange(n), k)
    t = s[idx] + r.random(idx.size) * span[idx]
    u = r.random(idx.size)
    day = np.minimum(t.astype(np.int64), D - 1)
    lt = cu.life_t[idx]
    life = np.where((t >= lt) & (t < lt + sp.life_window_days), 1.0 + sp.life_engage_mult, 1.0)
    h = base_h[idx] * cal.prog[day] * life * _drift_mult(cu, idx, t, D, sp.drift_engage_beta)
    acc = u < h / hmax[idx]
    t_first = np.full(n, np.inf)
    np.minimum.at(t_first, idx[acc], t[acc])
    engaged = np.isfinite(t_first)
    cu.engaged = engaged
    cu.t_first = t_first
    cu.cohort_day = np.where(engaged, np.floor(np.where(engaged, t_first, 0)).astype(np.int64), -1)
    # channel of the first engagement and an optional second channel (Gumbel-max draws)
    L = _channel_logits(cu)
    g1 = r.gumbel(size=L.shape)
    primary = np.argmax(L + g1, axis=1)
    L2 = L.copy()
    L2[np.arange(n), primary] = -np.inf
    g2 = r.gumbel(size=L.shape)
    secondary = np.argmax(L2 + g2, axis=1)
    has_second = (r.random(n) < 0.35) & np.isfinite(L2[np.arange(n), secondary])
    cu.primary = np.where(engaged, primary, -1)
    cu.secondary = np.where(engaged & has_second, secondary, -1)
    email_i = CHANNELS_USED.index("email")
    # 7% of engaged customers engage only through handles nobody links to them (invisible);
    # an e-mail engagement always matches through email_sha256
    lk = r.random(n) < 0.93
    cu.linked = engaged & (lk | (primary == email_i))
    # retention: lower churn hazard from the first engagement on
    ratio = sp.churn_hazard_ratio
    after = engaged & (cu.t_churn_cf > t_first)
    tc = cu.t_churn_cf.copy()
    tc[after] = t_first[after] + (cu.t_churn_cf[after] - t_first[after]) / ratio
    cu.t_churn = tc


# ---------------------------------------------------------------------------------------------
@dataclass
class Orders:
    """Candidate orders kept because some world places them."""
    cust: np.ndarray
    day: np.ndarray
    tod: np.ndarray          # seconds after local midnight
    revenue_eur: np.ndarray  # simulated value in EUR
    margin_rate: np.ndarray
    status: np.ndarray       # index into STATUSES
    sales_channel: np.ndarray
    act: np.ndarray          # placed in the actual world (= written)
    cf: np.ndarray           # placed in the counterfactual world (no engagement)
    no_event: list           # per event: placed in the world without that event's sales effect
    welcome: np.ndarray      # first order at account creation


def lift_factor(cu: Customers, sp: ScenarioParams, idx: np.ndarray, day: np.ndarray) -> np.ndarray:
    lifts = np.array([sp.lifts.get(c, 0.0) for c in CHANNELS_USED] + [0.0])
    ch = cu.primary[idx]
    lift = lifts[np.where(ch >= 0, ch, len(CHANNELS_USED))]
    k = day - cu.cohort_day[idx]
    on = (cu.cohort_day[idx] >= 0) & (k >= 0)
    decay = np.where(k < LIFT_FULL_DAYS, 1.0, np.exp(-(k - LIFT_FULL_DAYS) / LIFT_DECAY_DAYS))
    return np.where(on, 1.0 + lift * decay, 1.0)


def simulate_orders(cal: Calendar, cu: Customers, events: list[Event], seed: int,
                    sp: ScenarioParams) -> Orders:
    r = stream(seed, "orders")
    D, n = cal.D, cu.n
    g = cal.g
    G = g.max()
    life_max = np.where(np.isfinite(cu.life_t), 1.0 + sp.life_purchase_boost, 1.0)
    drift_max = _drift_bound(cu, D)
    lb = np.where(cu.engaged, LIFT_BOUND, 0.0)
    M = cu.rate_day * G * life_max * drift_max * (1.0 + lb)
    s = cu.start_day
    stop = np.minimum(float(D), cu.t_churn)       # t_churn >= t_churn_cf: envelope for both worlds
    span = np.maximum(stop - s, 0.0)
    k = r.poisson(M * span)
    idx = np.repeat(np.arange(n), k)
    t = s[idx] + r.random(idx.size) * span[idx]
    u = r.random(idx.size)
    # welcome orders: 70% of the accounts created in the window order at creation (both worlds)
    wmask = (cu.c0 >= 0) & (r.random(n) < 0.7)
    widx = np.flatnonzero(wmask)
    idx = np.concatenate([idx, widx])
    t = np.concatenate([t, cu.c0[widx]])
    u = np.concatenate([u, np.full(widx.size, -1.0)])
    welcome = np.concatenate([np.zeros(k.sum(), dtype=bool), np.ones(widx.size, dtype=bool)])
    day = np.minimum(t.astype(np.int64), D - 1)
    lt = cu.life_t[idx]
    since = np.where(t >= lt, t - np.where(np.isfinite(lt), lt, 0.0), 0.0)
    life = np.where(t >= lt, 1.0 + sp.life_purchase_boost * np.exp(-since / sp.life_decay_days), 1.0)
    base_ratio = (g[day] / G) * (life / life_max[idx]) * (_drift_mult(cu, idx, t, D) / drift_max[idx]) \
        / (1.0 + lb[idx])
    lf = lift_factor(cu, sp, idx, day)
    act = (u < base_ratio * lf) & (t < cu.t_churn[idx])
    cf = (u < base_ratio) & (t < cu.t_churn_cf[idx])
    no_event = []
    for ev in events:
        m = cal.event_mult[day] / np.where((day >= ev.sales_start) & (day <= ev.sales_end),
                                            ev.sales_mult, 1.0)
        ne = (u < (g[day] / cal.event_mult[day] * m / G) * (life / life_max[idx])
              * (_drift_mult(cu, idx, t, D) / drift_max[idx]) / (1.0 + lb[idx]) * lf) \
            & (t < cu.t_churn[idx])
        no_event.append(ne)
    keep = act | cf
    for ne in no_event:
        keep |= ne
    idx, day, act, cf, welcome = idx[keep], day[keep], act[keep], cf[keep], welcome[keep]
    no_event = [ne[keep] for ne in no_event]
    # order after (day, customer) so ids follow time
    m = idx.size
    pro = cu.pro[idx]
    rev = cu.basket[idx] * np.exp(r.normal(-0.18, 0.6, m))
    rev = np.round(np.maximum(rev, 4.9), 2)
    mr = np.clip(np.where(pro, r.normal(0.34, 0.05, m), r.normal(0.44, 0.07, m)), 0.12, 0.68)
    status = r.choice(3, size=m, p=[0.93, 0.045, 0.025])
    sc = np.where(pro, r.choice(4, size=m, p=[0.68, 0.30, 0.02, 0.0]),
                  r.choice(4, size=m, p=[0.55, 0.22, 0.13, 0.10]))
    tod = np.where(sc == 1, sample_tod(r, m, "store"), sample_tod(r, m, "order"))
    # welcome orders happen at account creation time
    wk = welcome
    tod = np.where(wk, np.minimum(((cu.c0[idx] - np.floor(cu.c0[idx])) * DAY).astype(np.int64) + 90,
                                  DAY - 1), tod)
    order = np.lexsort((tod, idx, day))
    return Orders(cust=idx[order], day=day[order], tod=tod[order], revenue_eur=rev[order],
                  margin_rate=mr[order], status=status[order], sales_channel=sc[order],
                  act=act[order], cf=cf[order], no_event=[ne[order] for ne in no_event],
                  welcome=wk[order])


def window(end: dt.date, months: int) -> tuple[dt.date, dt.date]:
    start = add_months(end, -months) + dt.timedelta(days=1)
    return start, end
