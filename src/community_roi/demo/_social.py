"""Community side of the world: handles, actions, engagements, identity links, mentions,
loyalty, costs and fx rates. Canonical values only; presentation (case, '@', formats, dirty rows)
happens in _write.py.

A `Frame` holds one source's rows: plain columns (numpy or pyarrow arrays) and timestamp columns as
(local wall-clock seconds, UTC seconds) pairs, so each file can print them in its own style.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import _text as T
from ._sim import CHANNELS_USED, Calendar, Customers, Event, Orders, stream
from ._time import DAY, local_to_utc, sample_tod, utc_to_local


@dataclass
class Frame:
    cols: dict = field(default_factory=dict)     # name -> np.ndarray | pa.Array
    ts: dict = field(default_factory=dict)       # name -> (local secs, utc secs, valid mask|None)
    n: int = 0

    def take(self, idx: np.ndarray) -> Frame:
        idx = np.asarray(idx, dtype=np.int64)
        pidx = pa.array(idx)
        cols = {k: (v.take(pidx) if isinstance(v, (pa.Array, pa.ChunkedArray)) else v[idx])
                for k, v in self.cols.items()}
        ts = {k: (lo[idx], ut[idx], None if m is None else m[idx]) for k, (lo, ut, m) in self.ts.items()}
        return Frame(cols, ts, idx.size)


def sha256_hex(values: pa.Array) -> pa.Array:
    con = duckdb.connect()
    tbl = pa.table({"v": values})  # noqa: F841  (read by duckdb's replacement scan)
    out = con.sql("select sha256(v) as h from tbl").arrow().read_all().column("h")
    con.close()
    return out.combine_chunks()


def make_handles(rng: np.random.Generator, uniq: np.ndarray) -> pa.Array:
    """Lower-case canonical social handles, unique because each ends with a unique number and
    the prefix has no digit."""
    n = uniq.size
    first = pa.array(T.FIRST_NAMES).take(pa.array(rng.integers(len(T.FIRST_NAMES), size=n)))
    last = pa.array(T.LAST_NAMES).take(pa.array(rng.integers(len(T.LAST_NAMES), size=n)))
    word = pa.array(T.HANDLE_WORDS).take(pa.array(rng.integers(len(T.HANDLE_WORDS), size=n)))
    style = rng.integers(5, size=n)
    sep = pa.array(np.array([".", "_", "", "", "_"])[style])
    second = pc.if_else(pa.array(style >= 3), word, last)
    num = pa.array(uniq.astype(str))
    return pc.binary_join_element_wise(first, sep, second, num, "")


def vary_case(rng: np.random.Generator, h: pa.Array, p_cap=0.15, p_upper=0.05,
              p_at=0.12) -> pa.Array:
    """How handles really arrive: some Capitalised, some UPPER, some with a leading '@'."""
    n = len(h)
    r = rng.random(n)
    out = pc.if_else(pa.array(r < p_cap), pc.utf8_capitalize(h), h)
    out = pc.if_else(pa.array((r >= p_cap) & (r < p_cap + p_upper)), pc.utf8_upper(h), out)
    at = pa.array(rng.random(n) < p_at)
    return pc.if_else(at, pc.binary_join_element_wise(pa.scalar("@"), out, ""), out)


def _ts(cal: Calendar, day: np.ndarray, tod: np.ndarray):
    local = (cal.ed0 + np.asarray(day, dtype=np.int64)) * DAY + np.asarray(tod, dtype=np.int64)
    return local, local_to_utc(local)


def _pick(rng, pool: list[str], n: int) -> np.ndarray:
    return np.array(pool, dtype=object)[rng.integers(len(pool), size=n)]


def _texts(rng, pools, kind: np.ndarray, lang_en: np.ndarray) -> np.ndarray:
    """kind: array of pool names without language suffix."""
    out = np.empty(kind.size, dtype=object)
    for k in np.unique(kind):  # loop over pool kinds
        for en in (False, True):
            m = (kind == k) & (lang_en == en)
            if m.any():
                out[m] = _pick(rng, pools[f"{k}_{'en' if en else 'fr'}"], int(m.sum()))
    return out


def _sentiment_for(rng, polarity: np.ndarray) -> np.ndarray:
    """polarity: +1, 0, -1. Neutral scores are exactly 0 so the sign is never ambiguous."""
    n = polarity.size
    return np.round(np.where(polarity > 0, rng.uniform(0.3, 0.95, n),
                             np.where(polarity < 0, rng.uniform(-0.95, -0.3, n), 0.0)), 2)


# ---------------------------------------------------------------------------------------------
ACTION_RATES_PER_WEEK = {"instagram": 6.0, "facebook": 4.0, "x": 5.0, "linkedin": 2.0,
                         "tiktok": 3.0, "youtube": 0.7, "forum": 8.0, "discord": 6.0,
                         "email": 1.2, "event": 0.35}
ACTION_TYPES = {
    "instagram": (("post", "story", "video", "live", "contest", "ugc_campaign", "reply"),
                  (0.42, 0.30, 0.10, 0.03, 0.05, 0.02, 0.08)),
    "facebook": (("post", "video", "reply", "contest", "event", "live"),
                 (0.60, 0.10, 0.15, 0.05, 0.05, 0.05)),
    "x": (("post", "reply"), (0.6, 0.4)),
    "linkedin": (("post", "video", "event"), (0.8, 0.1, 0.1)),
    "tiktok": (("video", "live", "contest"), (0.85, 0.10, 0.05)),
    "youtube": (("video", "live"), (0.85, 0.15)),
    "forum": (("reply", "moderation", "post", "ama"), (0.45, 0.25, 0.20, 0.10)),
    "discord": (("reply", "moderation", "event", "ama", "live", "contest"),
                (0.35, 0.20, 0.15, 0.10, 0.10, 0.10)),
    "email": (("newsletter",), (1.0,)),
    "event": (("event",), (1.0,)),
}
STAFF_MINUTES = {"post": 15, "story": 5, "video": 60, "live": 45, "reply": 3, "moderation": 8,
                 "event": 150, "contest": 30, "ugc_campaign": 60, "ama": 45, "newsletter": 45,
                 "crisis_response": 20, "other": 15}
TOPICS = ("nouvelle-collection", "coulisses-atelier", "conseils-parfum", "jeu-concours",
          "service-client", "eco-responsabilite", "temoignages-clients", "recettes-maison",
          "ateliers-diy")
AUTHORS = ("cm_lea", "cm_hugo", "cm_sarah", "cm_tom", "cm_ines")


def _campaign(cal: Calendar, day: np.ndarray) -> np.ndarray:
    d = cal.dates[day]
    month = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    name = np.select([month >= 11, (month >= 6) & (month <= 7), month == 9, (month >= 4) & (month <= 5)],
                     ["noel", "soldes-ete", "rentree", "printemps"], "")
    out = np.where(name == "", None, np.char.add(np.char.add(name.astype(str), "-"), year.astype(str)))
    return out.astype(object)


def make_actions(cal: Calendar, events: list[Event], seed: int, scale: float,
                 cost_scale: float) -> Frame:
    """`scale` multiplies how many actions the team publishes, `cost_scale` what each costs."""
    r = stream(seed, "actions")
    D = cal.D
    days_l, ch_l, type_l = [], [], []
    growth = 0.7 + 0.6 * np.arange(D) / max(D - 1, 1)
    for ch in CHANNELS_USED:  # loop over channels
        lam = ACTION_RATES_PER_WEEK[ch] / 7.0 * scale * growth
        if ch == "event":  # events cluster on Saturdays
            lam = np.where(cal.weekday == 5, lam * 7.0, 0.0)
        k = r.poisson(lam)
        d = np.repeat(np.arange(D), k)
        types, p = ACTION_TYPES[ch]
        days_l.append(d)
        ch_l.append(np.full(d.size, ch, dtype=object))
        type_l.append(np.array(types, dtype=object)[r.choice(len(types), size=d.size, p=p)])
    # crisis responses during rumours
    for ev in events:
        if ev.kind == "rumor":
            d = np.repeat(np.arange(ev.start, ev.end + 1), 3)
            chs = np.array(["x", "instagram", "facebook", "forum"], dtype=object)
            days_l.append(d)
            ch_l.append(chs[r.integers(len(chs), size=d.size)])
            type_l.append(np.full(d.size, "crisis_response", dtype=object))
    day = np.concatenate(days_l)
    ch = np.concatenate(ch_l)
    atype = np.concatenate(type_l)
    n = day.size
    tod = sample_tod(r, n, "office")
    tod = np.where(atype == "event", 14 * 3600 + r.integers(0, 4 * 3600, n), tod)
    local, utc = _ts(cal, day, tod)
    order = np.lexsort((ch, utc))
    day, ch, atype, local, utc = day[order], ch[order], atype[order], local[order], utc[order]
    minutes = np.array([STAFF_MINUTES[a] for a in ACTION_TYPES_ALL])[_type_index(atype)]
    minutes = np.where((atype == "event") & (ch != "event"), minutes * 0.4, minutes)  # online
    minutes = np.where((atype == "video") & (ch == "tiktok"), minutes * 0.6, minutes)  # short
    minutes = np.round(minutes * np.exp(r.normal(0, 0.3, n)), 0)
    boost = np.isin(ch, ["instagram", "facebook", "tiktok"]) & np.isin(atype, ["post", "video"]) \
        & (r.random(n) < 0.2)
    cost = np.zeros(n)
    cost = np.where(boost, r.uniform(40, 250, n), cost)
    cost = np.where(atype == "contest", r.uniform(80, 400, n), cost)
    cost = np.where(atype == "event", np.where(ch == "event", r.uniform(600, 2500, n),
                                               r.uniform(0, 150, n)), cost)
    cost = np.where(atype == "ugc_campaign", r.uniform(300, 1200, n), cost)
    cost = np.round(cost * cost_scale, 2)
    # some costs have no value at all (the column is optional), zero stays zero
    cost = np.where((cost == 0) & (r.random(n) < 0.5), np.nan, cost)
    currency = np.where((cost > 0) & (ch == "tiktok") & (r.random(n) < 0.5), "USD", None).astype(object)
    ids = pc.utf8_lpad(pa.array((np.arange(n) + 1).astype(str)), 6, "0")
    ids = pc.binary_join_element_wise(pa.scalar("act-"), ids, "")
    f = Frame(n=n)
    f.cols = {"action_id": ids, "channel": ch, "action_type": atype,
              "staff_minutes": minutes, "direct_cost": cost, "currency": currency,
              "campaign": _campaign(cal, day),
              "topic": np.array(TOPICS, dtype=object)[r.integers(len(TOPICS), size=n)],
              "author_id": np.array(AUTHORS, dtype=object)[r.integers(len(AUTHORS), size=n)],
              "_day": day}
    f.cols["topic"] = np.where(atype == "crisis_response", "rumeur", f.cols["topic"]).astype(object)
    f.ts = {"published_at": (local, utc, None)}
    return f


ACTION_TYPES_ALL = tuple(STAFF_MINUTES)


def _type_index(atype: np.ndarray) -> np.ndarray:
    lookup = {a: i for i, a in enumerate(ACTION_TYPES_ALL)}
    u, inv = np.unique(atype, return_inverse=True)
    return np.array([lookup[x] for x in u])[inv]


# ---------------------------------------------------------------------------------------------
ENG_TYPES = {
    "instagram": (("like", "comment", "share", "save", "view"), (0.55, 0.15, 0.08, 0.12, 0.10)),
    "facebook": (("like", "comment", "share", "click"), (0.55, 0.20, 0.15, 0.10)),
    "x": (("like", "reply", "share", "click"), (0.50, 0.20, 0.20, 0.10)),
    "linkedin": (("like", "comment", "share", "click"), (0.55, 0.15, 0.10, 0.20)),
    "tiktok": (("view", "like", "comment", "share"), (0.40, 0.40, 0.10, 0.10)),
    "youtube": (("view", "like", "comment"), (0.60, 0.25, 0.15)),
    "forum": (("comment", "reply", "review"), (0.45, 0.40, 0.15)),
    "discord": (("reply", "comment", "join", "attend"), (0.60, 0.20, 0.10, 0.10)),
    "email": (("click", "reply"), (0.92, 0.08)),
    "event": (("attend", "join"), (0.85, 0.15)),
}
ACTIVITY = {"discord": 2.5, "forum": 2.0, "event": 0.5, "email": 1.5, "linkedin": 0.6}


@dataclass
class Social:
    handles: dict              # (kind) -> arrays: see make_engagements
    engagements: Frame
    identity_links: Frame
    email_sha256: pa.Array     # per customer, null when no e-mail
    eng_customer: np.ndarray   # true customer behind each engagement row (-1 = anonymous fan)
    eng_linked: np.ndarray     # row visible to the pipeline as a customer's engagement
    handle_rows: dict = field(default_factory=dict)


def make_emails(cu: Customers, seed: int) -> pa.Array:
    r = stream(seed, "emails")
    n = cu.n
    first = pa.array(T.FIRST_NAMES).take(pa.array(r.integers(len(T.FIRST_NAMES), size=n)))
    last = pa.array(T.LAST_NAMES).take(pa.array(r.integers(len(T.LAST_NAMES), size=n)))
    dom = pa.array(T.EMAIL_DOMAINS).take(pa.array(r.integers(len(T.EMAIL_DOMAINS), size=n)))
    num = pa.array((np.arange(n) + 17).astype(str))
    email = pc.binary_join_element_wise(first, pa.scalar("."), last, num, pa.scalar("@"), dom, "")
    h = sha256_hex(pc.utf8_lower(email))
    return pc.if_else(pa.array(cu.has_email), h, pa.nulls(n, pa.string()))


def make_engagements(cal: Calendar, cu: Customers, actions: Frame, email_hash: pa.Array,
                     seed: int, pools: dict) -> Social:
    r = stream(seed, "engagements")
    D = cal.D
    C = len(CHANNELS_USED)
    email_i = CHANNELS_USED.index("email")
    eng = np.flatnonzero(cu.engaged)
    ne = eng.size
    # --- handles: one per (customer, channel used); anonymous fans get their own
    n_anon = round(1.6 * ne + 40)
    total_h = 2 * ne + n_anon
    uniq = r.permutation(np.arange(100, 100 + 40 * max(total_h, 1)))[:total_h]
    social_h = make_handles(r, uniq)
    h_primary = social_h.slice(0, ne)
    h_second = social_h.slice(ne, ne)
    h_anon = social_h.slice(2 * ne, n_anon)
    prim = cu.primary[eng]
    sec = cu.secondary[eng]
    eh = email_hash.take(pa.array(eng))
    h_primary = pc.if_else(pa.array(prim == email_i), eh, h_primary)
    h_second = pc.if_else(pa.array(sec == email_i), eh, h_second)
    anon_ch = r.choice(C, size=n_anon, p=_norm([0.30, 0.12, 0.10, 0.05, 0.15, 0.10, 0.06, 0.05,
                                                 0.05, 0.02]))
    # anonymous e-mail clickers: hashes of e-mails that are not customers'
    anon_mail = sha256_hex(pc.binary_join_element_wise(
        pa.array(np.char.add("fan", uniq[2 * ne:].astype(str))), pa.scalar("@newsletter.example"), ""))
    h_anon = pc.if_else(pa.array(anon_ch == email_i), anon_mail, h_anon)

    # --- engagement rows of customers: first + subsequent
    end_i = np.minimum(float(D), cu.t_churn[eng])
    first_day = cu.cohort_day[eng]
    act_rate = 1.2 * np.exp(0.45 * cu.z[eng]) * np.array([ACTIVITY.get(c, 1.0) for c in CHANNELS_USED])[prim]
    lo = first_day + 1
    hi = np.ceil(end_i).astype(np.int64)
    months_active = np.maximum(hi - lo, 0) / 30.4
    n_more = np.where(hi > lo, r.poisson(act_rate * months_active), 0)
    n_more = np.minimum(n_more, 400)
    rep = np.repeat(np.arange(ne), n_more)
    more_day = lo[rep] + (r.random(rep.size) * (hi[rep] - lo[rep])).astype(np.int64)
    more_day = np.minimum(more_day, D - 1)
    use_sec = (sec[rep] >= 0) & (r.random(rep.size) < 0.3)
    # customer rows: position in eng (ci), channel, handle slot (0 primary / 1 secondary), day
    c_ci = np.concatenate([np.arange(ne), rep])
    c_ch = np.concatenate([prim, np.where(use_sec, sec[rep], prim[rep])])
    c_slot = np.concatenate([np.zeros(ne, dtype=np.int64), use_sec.astype(np.int64)])
    c_day = np.concatenate([first_day, more_day])
    c_first = np.concatenate([np.ones(ne, dtype=bool), np.zeros(rep.size, dtype=bool)])

    # --- anonymous fans' rows
    n_each = 1 + np.minimum(r.poisson(np.exp(r.normal(0.6, 1.0, n_anon))), 80)
    a_rep = np.repeat(np.arange(n_anon), n_each)
    w = cal.prog.copy()
    cw = np.cumsum(w)
    a_first = np.searchsorted(cw, r.uniform(0, cw[-1], n_anon), side="right").clip(0, D - 1)
    a_day = a_first[a_rep] + (r.random(a_rep.size) * (D - a_first[a_rep])).astype(np.int64)
    a_day = np.minimum(a_day, D - 1)

    # --- all rows together
    nc, na = c_ci.size, a_rep.size
    n = nc + na
    ch = np.concatenate([c_ch, anon_ch[a_rep]])
    day = np.concatenate([c_day, a_day])
    tod = sample_tod(r, n, "social")
    local, utc = _ts(cal, day, tod)
    # the first engagement of a customer is the first of that customer's rows on its day
    # (subsequent rows start the next day), so nothing else to enforce here.
    handle_all = pa.concat_arrays([h_primary, h_second, h_anon])
    hidx = np.concatenate([np.where(c_slot == 0, c_ci, ne + c_ci), 2 * ne + a_rep])
    handle = handle_all.take(pa.array(hidx))
    cust = np.concatenate([eng[c_ci], np.full(na, -1)])
    # visible link: customer linked, and the handle is linked (primary always; secondary often)
    sec_linked = r.random(ne) < 0.6
    row_linked = np.concatenate([cu.linked[eng[c_ci]] & ((c_slot == 0) | sec_linked[c_ci]),
                                 np.zeros(na, dtype=bool)])
    # email handles always match through email_sha256
    row_linked |= (cust >= 0) & (ch == email_i)
    etype = np.empty(n, dtype=object)
    for k, c in enumerate(CHANNELS_USED):  # loop over channels
        m = ch == k
        types, p = ENG_TYPES[c]
        etype[m] = np.array(types, dtype=object)[r.choice(len(types), size=int(m.sum()), p=p)]
    # text on comments/replies/reviews
    has_text = np.isin(etype, ["comment", "reply", "review"])
    pol = r.choice(3, size=n, p=[0.6, 0.3, 0.1])            # 0 pos, 1 neu, 2 neg
    kind = np.array(["pos", "neu", "neg"], dtype=object)[pol]
    en = np.concatenate([np.isin(cu.country[eng[c_ci]], [3, 4, 5]) & (r.random(nc) < 0.7),
                         r.random(na) < 0.25])
    text = np.where(has_text, _texts(r, pools, kind, en), None)
    senti = np.where(has_text & (r.random(n) < 0.35),
                     _sentiment_for(r, np.array([1, 0, -1])[pol]), np.nan)
    # the action engaged with: the same channel's latest action before it (sometimes older)
    action_id = np.full(n, None, dtype=object)
    a_ch = actions.cols["channel"]
    a_utc = actions.ts["published_at"][1]
    a_ids = np.array(actions.cols["action_id"].to_pylist(), dtype=object)
    back = r.geometric(0.55, size=n) - 1
    for k, c in enumerate(CHANNELS_USED):  # loop over channels
        am = np.flatnonzero(a_ch == c)
        m = np.flatnonzero(ch == k)
        if am.size == 0 or m.size == 0:
            continue
        pos = np.searchsorted(a_utc[am], utc[m], side="right") - 1 - back[m]
        ok = pos >= 0
        action_id[m[ok]] = a_ids[am[pos[ok]]]
    action_id[r.random(n) < 0.07] = None
    order = np.lexsort((hidx, utc))
    ids = pc.binary_join_element_wise(
        pa.scalar("eng-"), pc.utf8_lpad(pa.array((np.arange(n) + 1).astype(str)), 9, "0"), "")
    f = Frame(n=n)
    f.cols = {"engagement_id": ids,
              "channel": np.array(CHANNELS_USED, dtype=object)[ch[order]],
              "handle": handle.take(pa.array(order)),
              "engagement_type": etype[order], "action_id": action_id[order],
              "text": text[order], "sentiment": senti[order],
              "_day": day[order], "_hidx": hidx[order], "_first": np.concatenate(
                  [c_first, np.zeros(na, dtype=bool)])[order]}
    f.ts = {"occurred_at": (local[order], utc[order], None)}

    # --- identity links
    links = _make_links(cal, cu, r, eng, prim, sec, sec_linked, h_primary, h_second, c_day, c_ci,
                        c_first, email_i, seed)
    return Social(handles={"primary": h_primary, "second": h_second, "anon": h_anon,
                           "anon_channel": anon_ch, "eng": eng},
                  engagements=f, identity_links=links, email_sha256=email_hash,
                  eng_customer=cust[order], eng_linked=row_linked[order])


def _norm(p):
    p = np.asarray(p, dtype=float)
    return p / p.sum()


def _make_links(cal, cu, r, eng, prim, sec, sec_linked, h_primary, h_second, c_day, c_ci,
                c_first, email_i, seed) -> Frame:
    ne = eng.size
    linked = cu.linked[eng]
    # primary: every linked customer, except half of the e-mail ones (matched by email_sha256 only)
    email_no_row = (prim == email_i) & (r.random(ne) < 0.5)
    p_rows = np.flatnonzero(linked & ~email_no_row)
    s_rows = np.flatnonzero(linked & (sec >= 0) & sec_linked & (sec != email_i))
    method_p = np.array(["social_login", "email_match", "loyalty_app", "manual"], dtype=object)
    mp = method_p[r.choice(4, size=p_rows.size, p=[0.4, 0.25, 0.25, 0.1])]
    mp = np.where(prim[p_rows] == email_i, "email_match", mp).astype(object)
    ms = method_p[r.choice(4, size=s_rows.size, p=[0.5, 0.2, 0.2, 0.1])]
    # customers linked at sign-up who never engage (not engaged customers by the definition)
    never = np.flatnonzero(~cu.engaged & (r.random(cu.n) < 0.03))
    n_never = never.size
    uniq = 900_000_000 + r.permutation(n_never * 10 + 10)[:n_never]  # disjoint from fans
    h_never = make_handles(r, uniq)
    never_ch = r.choice([0, 1, 2, 4], size=n_never)
    channel = np.concatenate([prim[p_rows], sec[s_rows], never_ch])
    handle = pa.concat_arrays([h_primary.take(pa.array(p_rows)), h_second.take(pa.array(s_rows)),
                               h_never])
    customer = np.concatenate([eng[p_rows], eng[s_rows], never])
    first_day = np.full(cu.n, cal.D - 1)
    first_day[eng] = c_day[:ne]
    base_day = np.where(np.concatenate([np.zeros(p_rows.size + s_rows.size, bool),
                                        np.ones(n_never, bool)]),
                        np.maximum(np.floor(cu.start_day[customer]), 0),
                        first_day[customer])
    link_day = np.minimum(base_day + r.integers(0, 45, customer.size), cal.D - 1).astype(np.int64)
    tod = sample_tod(r, customer.size, "social")
    local, utc = _ts(cal, link_day, tod)
    method = np.concatenate([mp, ms, np.full(n_never, "social_login", dtype=object)])
    f = Frame(n=customer.size)
    f.cols = {"channel": np.array(CHANNELS_USED, dtype=object)[channel], "handle": handle,
              "_customer": customer, "method": method, "_day": link_day}
    f.ts = {"linked_at": (local, utc, None)}
    return f


# ---------------------------------------------------------------------------------------------
MENTION_CHANNELS = ("x", "instagram", "facebook", "tiktok", "forum", "review_site", "youtube",
                    "blog", "threads")
MENTION_CHANNEL_P = (0.28, 0.22, 0.14, 0.10, 0.08, 0.07, 0.05, 0.03, 0.03)
DOMAINS = {"x": "x.com", "instagram": "instagram.com", "facebook": "facebook.com",
           "tiktok": "tiktok.com", "forum": "communaute.atelierbrume.example",
           "review_site": "avis-clients.example", "youtube": "youtube.com",
           "blog": "blogs.example", "threads": "threads.net", "linkedin": "linkedin.com"}
ANNOUNCE_FR = ("Notre nouvelle collection est en ligne ✨", "Live ce soir 19h, on vous attend !",
               "Jeu concours : tentez de gagner un coffret 🎁", "Merci pour vos 10 000 avis ❤️",
               "Retour en stock de la bougie Figue", "Rencontrez l'équipe samedi à l'atelier")
ANNOUNCE_EN = ("Our new collection is live ✨", "The Fig candle is back in stock!",
               "Giveaway time: win a gift box 🎁")


def spike_profile(ev: Event) -> dict[int, float]:
    """Extra mention volume (multiple of the base volume) on each day of an event."""
    prof = {}
    for d in range(ev.start, ev.end + 1):
        if d < ev.peak:
            prof[d] = 2.5 + 1.5 * (d - ev.start)
        else:
            prof[d] = 7.0 * (0.6 ** (d - ev.peak))
        prof[d] = max(prof[d], 1.2)
    return prof


def make_mentions(cal: Calendar, events: list[Event], seed: int, customers: int, pools: dict):
    r = stream(seed, "mentions")
    D = cal.D
    v0 = 15.0 + customers / 400.0
    wk = np.array([1.05, 1.02, 1.0, 1.0, 0.98, 0.9, 0.85])[cal.weekday]
    base_vol = v0 * wk * (1.0 + 0.35 * np.arange(D) / max(D - 1, 1))
    nb = r.poisson(base_vol)
    b_day = np.repeat(np.arange(D), nb)
    b_kind = np.array(["pos", "neu", "neg"], dtype=object)[r.choice(3, size=b_day.size,
                                                                    p=[0.42, 0.36, 0.22])]
    b_event = np.full(b_day.size, -1)
    days_l, kind_l, ev_l = [b_day], [b_kind], [b_event]
    for ei, ev in enumerate(events):  # loop over events
        prof = spike_profile(ev)
        ds = np.array(sorted(prof))
        loud = 1.3 if ev.kind == "rumor" else 1.0   # outrage travels further than praise
        k = r.poisson(np.array([prof[d] for d in ds]) * base_vol[ds] * loud)
        d = np.repeat(ds, k)
        u = r.random(d.size)
        topic = f"{ev.kind}{ev.topic_idx}"
        if ev.kind == "rumor":
            kind = np.where(u < 0.8, topic, np.where(u < 0.9, "neu", "pos"))
        else:
            kind = np.where(u < 0.8, topic, np.where(u < 0.92, "neu", "neg"))
        days_l.append(d)
        kind_l.append(kind.astype(object))
        ev_l.append(np.full(d.size, ei))
    # brand announcements
    nbr = r.poisson(1.5, size=D)
    br_day = np.repeat(np.arange(D), nbr)
    days_l.append(br_day)
    kind_l.append(np.full(br_day.size, "announce", dtype=object))
    ev_l.append(np.full(br_day.size, -1))
    day = np.concatenate(days_l)
    kind = np.concatenate(kind_l)
    ev_of = np.concatenate(ev_l)
    n = day.size
    is_brand = kind == "announce"
    pol = np.select([np.isin(kind, ["pos"]) | np.char.startswith(kind.astype(str), "buzz"),
                     (kind == "neg") | np.char.startswith(kind.astype(str), "rumor")], [1, -1], 0)
    pol = np.where(is_brand, 1, pol)
    en = r.random(n) < 0.32
    ch = r.choice(len(MENTION_CHANNELS), size=n, p=_norm(MENTION_CHANNEL_P))
    ch = np.where(is_brand, r.choice([0, 1, 2, 3], size=n), ch)
    tod = sample_tod(r, n, "social")
    local, utc = _ts(cal, day, tod)
    text = np.empty(n, dtype=object)
    m = ~is_brand
    text[m] = _texts(r, pools, kind[m], en[m])
    text[is_brand] = np.where(en[is_brand], _pick(r, list(ANNOUNCE_EN), int(is_brand.sum())),
                              _pick(r, list(ANNOUNCE_FR), int(is_brand.sum())))
    # authors: a heavy-tailed pool of listening authors
    n_auth = max(3000, n // 3)
    auth_handles = make_handles(r, 10 + r.permutation(n_auth * 5)[:n_auth])
    author = np.minimum((r.pareto(1.2, size=n) * n_auth / 40).astype(np.int64), n_auth - 1)
    roots = _Mentions(day=day, local=local, utc=utc, ch=ch, pol=pol, en=en, text=text,
                      is_brand=is_brand, author=author, ev=ev_of, kind=kind)
    return _replies(cal, r, roots, pools, auth_handles, n_auth)


@dataclass
class _Mentions:
    day: np.ndarray
    local: np.ndarray
    utc: np.ndarray
    ch: np.ndarray
    pol: np.ndarray
    en: np.ndarray
    text: np.ndarray
    is_brand: np.ndarray
    author: np.ndarray
    ev: np.ndarray
    kind: np.ndarray


def _replies(cal: Calendar, r, m: _Mentions, pools, auth_handles, n_auth) -> Frame:
    n = m.day.size
    end_utc = local_to_utc(np.array([(cal.ed0 + cal.D) * DAY - 1]))[0]
    nb = ~m.is_brand
    rumor_topic = np.char.startswith(m.kind.astype(str), "rumor")
    # during a rumour the brand answers few of the many posts, and outrage spreads
    p_brand = np.where(m.pol < 0, np.where(rumor_topic, 0.15, 0.45), np.where(m.pol == 0, 0.2, 0.12))
    brand_rep = nb & (r.random(n) < p_brand)
    defend = nb & (m.pol < 0) & (r.random(n) < np.where(rumor_topic, 0.2, 0.22))
    pile = nb & (m.pol < 0) & (r.random(n) < np.where(rumor_topic, 0.35, 0.15))
    fan = nb & (m.pol > 0) & (r.random(n) < 0.05)
    d_brand = np.clip(np.exp(r.normal(np.log(45), 1.0, n)), 2, 1200) * 60
    d_def = np.clip(np.exp(r.normal(np.log(30), 1.1, n)), 1, 2000) * 60
    d_pile = np.clip(np.exp(r.normal(np.log(60), 1.0, n)), 1, 2000) * 60
    d_fan = np.clip(np.exp(r.normal(np.log(90), 1.0, n)), 1, 2000) * 60
    t_brand = m.utc + d_brand.astype(np.int64)
    t_def = m.utc + d_def.astype(np.int64)
    t_brand = np.where(brand_rep & defend & (t_brand == t_def), t_brand + 1, t_brand)
    rows = []  # (root index, kind, utc)
    for flag, t, k in ((brand_rep, t_brand, "brand"), (defend, t_def, "defense"),
                       (pile, m.utc + d_pile.astype(np.int64), "pileon"),
                       (fan, m.utc + d_fan.astype(np.int64), "pos")):
        sel = np.flatnonzero(flag & (t <= end_utc))
        rows.append((sel, k, t[sel]))
    rr = np.concatenate([x[0] for x in rows])
    rkind = np.concatenate([np.full(x[0].size, x[1], dtype=object) for x in rows])
    rutc = np.concatenate([x[2] for x in rows])
    nr = rr.size
    rlocal = utc_to_local(rutc)
    rday = rlocal // DAY - cal.ed0
    rpol = np.select([rkind == "brand", rkind == "defense", rkind == "pileon"], [1, 1, -1], 1)
    tkind = np.where(rkind == "brand", np.where(m.pol[rr] < 0, "brandsorry", "brandthanks"),
                     rkind).astype(object)
    rtext = _texts(r, pools, tkind, m.en[rr])
    r_brand = rkind == "brand"
    r_author = np.where(r_brand, -1, r.integers(n_auth, size=nr))
    replied = np.zeros(n, dtype=bool)
    replied[rr] = True
    # sentiment: always on threads (both ends), 60% elsewhere (95% review sites, 30% forums)
    p_sent = np.array([0.6, 0.6, 0.6, 0.6, 0.3, 0.95, 0.6, 0.6, 0.6])[m.ch]
    has_sent = replied | (r.random(n) < p_sent)
    senti = np.where(has_sent, _sentiment_for(r, m.pol), np.nan)
    r_senti = np.where(r_brand, np.round(r.uniform(0.1, 0.6, nr), 2),
                       _sentiment_for(r, rpol))
    reach = np.round(np.exp(r.normal(5.5, 1.5, n))).astype(np.int64)
    reach = np.where(m.is_brand, r.integers(20_000, 150_000, n), reach)
    r_reach = np.where(r_brand, r.integers(20_000, 150_000, nr),
                       np.round(np.exp(r.normal(5.0, 1.3, nr))).astype(np.int64))
    # assemble roots + replies, ordered by time
    N = n + nr
    ch = np.concatenate([m.ch, m.ch[rr]])
    brand = np.concatenate([m.is_brand, r_brand])
    author = np.concatenate([m.author, r_author])
    utc = np.concatenate([m.utc, rutc])
    local = np.concatenate([m.local, rlocal])
    order = np.lexsort((np.arange(N), utc))
    rank = np.empty(N, dtype=np.int64)
    rank[order] = np.arange(N)
    ids_sorted = pc.utf8_lpad(pa.array((np.arange(N) + 1).astype(str)), 10, "0")
    ids_np = np.array(ids_sorted.to_pylist(), dtype=object)
    in_reply = np.concatenate([np.full(n, None, dtype=object), ids_np[rank[rr]]])
    chan_names = np.array(MENTION_CHANNELS, dtype=object)
    brand_handle = np.array([T.BRAND_HANDLES[c] for c in MENTION_CHANNELS], dtype=object)[ch]
    ah = np.array(auth_handles.to_pylist(), dtype=object)
    handle = np.where(brand, brand_handle, ah[np.maximum(author, 0)])
    f = Frame(n=N)
    cols = {
        "channel": chan_names[ch], "handle": handle,
        "text": np.concatenate([m.text, rtext]),
        "sentiment": np.concatenate([senti, r_senti]),
        "reach": np.concatenate([reach, r_reach]),
        "in_reply_to": in_reply, "is_brand": brand,
        "_day": np.concatenate([m.day, rday]), "_event": np.concatenate([m.ev, np.full(nr, -1)]),
        "_pol": np.concatenate([m.pol, rpol]),
    }
    f.cols = {k: v[order] for k, v in cols.items()}
    f.cols["mention_id"] = ids_sorted
    dom = np.array([DOMAINS[c] for c in MENTION_CHANNELS], dtype=object)[ch[order]]
    url = np.char.add(np.char.add(np.char.add("https://", dom.astype(str)), "/p/"),
                      np.array(ids_sorted.to_pylist(), dtype=str))
    f.cols["url"] = url.astype(object)
    f.ts = {"published_at": (local[order], utc[order], None)}
    return f


# ---------------------------------------------------------------------------------------------
def _member_joins(cal: Calendar, cu: Customers, r: np.random.Generator, life_observed: bool):
    """Who joins the loyalty programme, and when (continuous days): more loyal and engaged
    customers join more often, at a uniform time while they are customers. When the scenario
    records life events (`life_observed`), joining *is* the event: the customers who have one
    join then (or at account creation if the event came first), if still customers and before
    the data ends, and nobody else joins. The event is then a measured time-varying confounder."""
    D, n = cal.D, cu.n
    lin = -1.4 + 0.9 * cu.z + 1.2 * cu.engaged
    join = r.random(n) < 1 / (1 + np.exp(-lin))
    join &= cu.t_churn > cu.start_day        # alive at some point in or before the window
    life_join = np.maximum(cu.life_t, cu.c0)
    by_life = (life_observed & np.isfinite(cu.life_t)
               & (life_join < np.minimum(float(D), cu.t_churn)))
    mem = np.flatnonzero(by_life if life_observed else join)
    lo = cu.c0[mem]
    hi = np.minimum(float(D), cu.t_churn[mem])
    jt = lo + r.random(mem.size) * np.maximum(hi - lo, 0.01)
    jt = np.where(by_life[mem], life_join[mem], jt)
    return mem, jt


def loyalty_join_days(cal: Calendar, cu: Customers, seed: int, life_observed: bool) -> np.ndarray:
    """Per customer, the day they join the loyalty programme (days since the start, negative
    before it; NaN = never), exactly as `make_loyalty` draws it (for diagnostics that skip
    writing files)."""
    mem, jt = _member_joins(cal, cu, stream(seed, "loyalty"), life_observed)
    out = np.full(cu.n, np.nan)
    out[mem] = np.floor(jt)
    return out


def make_loyalty(cal: Calendar, cu: Customers, orders: Orders, eng: Frame, eng_customer,
                 seed: int, life_observed: bool = False):
    r = stream(seed, "loyalty")
    D = cal.D
    mem, jt = _member_joins(cal, cu, r, life_observed)
    nm = mem.size
    jday = np.floor(jt).astype(np.int64)
    tier = np.where(cu.z[mem] > 1.2, "gold", np.where(cu.z[mem] > 0.2, "silver", "bronze")).astype(object)
    leaves = (cu.t_churn[mem] < D) & (r.random(nm) < 0.6)
    lt = cu.t_churn[mem] + r.uniform(0, 60, nm)
    leaves &= lt < D
    lday = np.floor(np.where(leaves, lt, 0)).astype(np.int64)
    opt = r.random(nm) < 0.7
    member_of = np.full(cu.n, -1)
    member_of[mem] = np.arange(nm)
    m_ids = pc.binary_join_element_wise(pa.scalar("LM"), pc.utf8_lpad(
        pa.array((np.arange(nm) + 1).astype(str)), 7, "0"), "")
    jlocal = ((cal.ed0 + jday) * DAY + sample_tod(r, nm, "order"))
    llocal = ((cal.ed0 + lday) * DAY + sample_tod(r, nm, "office"))
    members = Frame(n=nm)
    members.cols = {"member_id": m_ids, "_customer": mem, "tier": tier, "marketing_opt_in": opt,
                    "_day": jday}
    members.ts = {"joined_at": (jlocal, local_to_utc(jlocal), None),
                  "left_at": (llocal, local_to_utc(llocal), leaves)}
    # events: an earn per completed order placed while a member; engagement bonuses; redeems...
    o = np.flatnonzero(orders.act & (orders.status == 0))
    om = member_of[orders.cust[o]]
    ok = om >= 0
    o, om = o[ok], om[ok]
    ok = (orders.day[o] >= jday[om]) & (~leaves[om] | (orders.day[o] < lday[om]))
    o, om = o[ok], om[ok]
    e_member = [om]
    e_day = [orders.day[o]]
    e_tod = [np.minimum(orders.tod[o] + 120, DAY - 1)]
    e_type = [np.full(o.size, "earn", dtype=object)]
    e_points = [np.floor(orders.revenue_eur[o]).astype(np.int64)]
    # community bonus: reviews, attendances, comments of members
    ec = eng_customer
    ev_ok = (ec >= 0) & np.isin(eng.cols["engagement_type"], ["review", "attend", "comment"])
    ev_rows = np.flatnonzero(ev_ok)
    em = member_of[ec[ev_rows]]
    keep = (em >= 0) & (r.random(ev_rows.size) < 0.4)
    ev_rows, em = ev_rows[keep], em[keep]
    keep = eng.cols["_day"][ev_rows] >= jday[em]
    ev_rows, em = ev_rows[keep], em[keep]
    e_member.append(em)
    e_day.append(eng.cols["_day"][ev_rows])
    e_tod.append(sample_tod(r, ev_rows.size, "office"))
    e_type.append(np.full(ev_rows.size, "earn", dtype=object))
    e_points.append(np.full(ev_rows.size, 50))
    n_earn = np.bincount(np.concatenate(e_member), minlength=nm)
    start_d = np.maximum(jday, 0)
    stop_d = np.where(leaves, lday, D)
    span = np.maximum(stop_d - start_d, 0)
    n_red = r.poisson(0.25 * n_earn)
    rm = np.repeat(np.arange(nm), n_red)
    e_member.append(rm)
    e_day.append(start_d[rm] + (r.random(rm.size) * span[rm]).astype(np.int64))
    e_tod.append(sample_tod(r, rm.size, "order"))
    e_type.append(np.full(rm.size, "redeem", dtype=object))
    e_points.append(r.choice([500, 1000], size=rm.size))
    exp_m = np.flatnonzero((r.random(nm) < 0.08) & (span > 0))
    up_m = np.flatnonzero((tier != "bronze") & (r.random(nm) < 0.5) & (span > 0))
    down_m = np.flatnonzero((r.random(nm) < 0.03) & (span > 0))
    for sel, typ, pts in ((exp_m, "expire", 300), (up_m, "tier_up", 0), (down_m, "tier_down", 0)):
        e_member.append(sel)
        e_day.append(start_d[sel] + (r.random(sel.size) * span[sel]).astype(np.int64))
        e_tod.append(np.full(sel.size, 3 * 3600 + 5))   # nightly batch, 03:00
        e_type.append(np.full(sel.size, typ, dtype=object))
        e_points.append(np.where(pts > 0, r.integers(100, 800, sel.size), -1))
    mm = np.concatenate(e_member)
    dd = np.minimum(np.concatenate(e_day), D - 1)
    tt = np.concatenate(e_tod)
    ty = np.concatenate(e_type)
    pts = np.concatenate(e_points).astype(np.int64)
    keep = dd >= 0
    mm, dd, tt, ty, pts = mm[keep], dd[keep], tt[keep], ty[keep], pts[keep]
    order = np.lexsort((mm, tt, dd))
    mm, dd, tt, ty, pts = mm[order], dd[order], tt[order], ty[order], pts[order]
    ne_ = mm.size
    local, utc = _ts(cal, dd, tt)
    ev = Frame(n=ne_)
    ev.cols = {"event_id": pc.binary_join_element_wise(pa.scalar("LE"), pc.utf8_lpad(
        pa.array((np.arange(ne_) + 1).astype(str)), 9, "0"), ""),
        "member_id": m_ids.take(pa.array(mm)), "event_type": ty,
        "points": pa.array(pts, mask=pts < 0), "_day": dd}  # integer, empty when not applicable
    ev.ts = {"occurred_at": (local, utc, None)}
    return members, ev


# ---------------------------------------------------------------------------------------------
def make_fx(cal: Calendar, seed: int) -> Frame:
    """Daily USD and GBP rates on business days (ECB-like: none at weekends), a few days missing."""
    r = stream(seed, "fx")
    first = -(cal.start.day - 1) - 10   # from before the first month, for monthly cost rows
    days = np.arange(first, cal.D)
    wd = (cal.ed0 + days + 3) % 7
    bus = wd < 5
    out_days, out_cur, out_rate = [], [], []
    for cur, base, vol in (("USD", 0.92, 0.004), ("GBP", 1.17, 0.003)):  # loop over currencies
        walk = base * np.exp(np.cumsum(r.normal(0, vol, days.size)))
        keep = bus & (r.random(days.size) > 0.012)
        keep[0] = True  # the first day always has a rate
        out_days.append(days[keep])
        out_cur.append(np.full(keep.sum(), cur, dtype=object))
        out_rate.append(np.round(walk[keep], 6))
    f = Frame(n=sum(x.size for x in out_days))
    f.cols = {"date_day": np.concatenate(out_days), "currency": np.concatenate(out_cur),
              "rate_to_reporting": np.concatenate(out_rate)}
    return f


def fx_lookup(fx: Frame, currency: str, days: np.ndarray) -> np.ndarray:
    """Rate of the same day, else the latest earlier one (NaN before the first rate)."""
    m = fx.cols["currency"] == currency
    d = fx.cols["date_day"][m]
    rate = fx.cols["rate_to_reporting"][m]
    o = np.argsort(d, kind="stable")
    d, rate = d[o], rate[o]
    pos = np.searchsorted(d, days, side="right") - 1
    return np.where(pos >= 0, rate[np.maximum(pos, 0)], np.nan)


STAFF_BASE = 2400.0   # monthly shared staff cost at scale 1 (100,000 customers)
COST_LINES = (  # category, channel ('' = shared), monthly amount at scale 1, currency, months
    ("staff", "", STAFF_BASE, "EUR", "all"), ("tools", "", 490.0, "EUR", "all"),
    ("tools", "discord", 45.0, "EUR", "all"), ("ads_boost", "instagram", 500.0, "EUR", "all"),
    ("ads_boost", "facebook", 300.0, "EUR", "all"), ("ads_boost", "tiktok", 250.0, "EUR", "all"),
    ("events", "event", 1200.0, "EUR", "odd"), ("gifts", "discord", 150.0, "EUR", "all"),
    ("gifts", "forum", 100.0, "EUR", "all"), ("agency", "", 1500.0, "EUR", "quarter"),
    ("freelance", "youtube", 600.0, "EUR", "all"), ("tools", "x", 149.0, "USD", "all"),
)


def make_costs(cal: Calendar, seed: int, scale: float) -> Frame:
    r = stream(seed, "costs")
    n_months = int(cal.month_idx[-1]) + 1
    m0 = cal.dates[0].astype("datetime64[M]")
    months, cats, chans, amts, curs = [], [], [], [], []
    for cat, ch, amount, cur, when in COST_LINES:  # loop over cost lines
        mi = np.arange(n_months)
        if when == "odd":
            mi = mi[mi % 2 == 1]
        elif when == "quarter":
            mi = mi[mi % 3 == 0]
        months.append(mi)
        cats.append(np.full(mi.size, cat, dtype=object))
        chans.append(np.full(mi.size, ch, dtype=object))
        noise = np.exp(r.normal(0, 0.08, mi.size)) if cat not in ("staff", "tools") else 1.0
        amts.append(np.round(amount * scale * noise * np.ones(mi.size), 2))
        curs.append(np.full(mi.size, cur, dtype=object))
    mi = np.concatenate(months)
    f = Frame(n=mi.size)
    month_str = np.datetime_as_string(m0 + mi, unit="M").astype(object)
    f.cols = {"month": month_str, "category": np.concatenate(cats), "amount": np.concatenate(amts),
              "currency": np.concatenate(curs), "channel": np.concatenate(chans), "_mi": mi}
    return f
