"""Calendar and timestamp helpers (vectorised).

Times are carried as int64 seconds: `local` = Europe/Paris wall-clock seconds counted as if they
were UTC epoch seconds (so `local // 86400` is the local calendar day), `utc` = true epoch seconds.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TZ = "Europe/Paris"
DAY = 86400


def add_months(d: dt.date, months: int) -> dt.date:
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def month_end(d: dt.date) -> dt.date:
    return add_months(d.replace(day=1), 1) - dt.timedelta(days=1)


def epoch_day(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def day_to_date(epoch_days: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(epoch_days))


def local_to_utc(local_s: np.ndarray) -> np.ndarray:
    """Paris wall clock -> UTC epoch seconds. Generated wall-clock times avoid 02:00-03:00, so
    neither the non-existent spring hour nor the repeated autumn hour occurs."""
    local_s = np.asarray(local_s, dtype=np.int64)
    if local_s.size == 0:
        return local_s.copy()
    idx = pd.DatetimeIndex(local_s.astype("datetime64[s]"))
    aware = idx.tz_localize(TZ, ambiguous=np.ones(len(idx), dtype=bool),
                            nonexistent="shift_forward")
    return aware.tz_convert("UTC").tz_localize(None).values.astype("datetime64[s]").astype(np.int64)


def utc_to_local(utc_s: np.ndarray) -> np.ndarray:
    utc_s = np.asarray(utc_s, dtype=np.int64)
    if utc_s.size == 0:
        return utc_s.copy()
    idx = pd.DatetimeIndex(utc_s.astype("datetime64[s]")).tz_localize("UTC")
    return idx.tz_convert(TZ).tz_localize(None).values.astype("datetime64[s]").astype(np.int64)


def _iso(secs: np.ndarray) -> pa.Array:
    return pa.array(np.datetime_as_string(np.asarray(secs, dtype=np.int64).astype("datetime64[s]"),
                                          unit="s"))


STYLES = ("naive", "naive_space", "offset", "z")


def format_ts(local_s: np.ndarray, utc_s: np.ndarray, style: str) -> pa.Array:
    """ISO-8601 strings in one of the styles a real export uses:
    naive        2025-03-04T14:22:10        (Paris wall clock, no offset)
    naive_space  2025-03-04 14:22:10
    offset       2025-03-04T14:22:10+01:00  (Paris wall clock with its offset)
    z            2025-03-04T13:22:10Z       (UTC)
    """
    if style == "naive":
        return _iso(local_s)
    if style == "naive_space":
        return pc.replace_substring(_iso(local_s), "T", " ", max_replacements=1)
    if style == "offset":
        off = (np.asarray(local_s) - np.asarray(utc_s)) // 60
        sign = np.where(off >= 0, "+", "-")
        hh = np.abs(off) // 60
        mm = np.abs(off) % 60
        suffix = pa.array(np.char.add(np.char.add(sign, np.char.zfill(hh.astype(str), 2)),
                                      np.char.add(":", np.char.zfill(mm.astype(str), 2))))
        return pc.binary_join_element_wise(_iso(local_s), suffix, "")
    if style == "z":
        return pc.binary_join_element_wise(_iso(utc_s), pa.scalar("Z"), "")
    raise ValueError(style)


def sample_tod(rng: np.random.Generator, n: int, kind: str = "order") -> np.ndarray:
    """Seconds after local midnight, never within 02:00-03:00 (see local_to_utc)."""
    if kind == "order":  # lunch and evening peaks, daytime background
        comp = rng.choice(3, size=n, p=[0.25, 0.45, 0.30])
        h = np.where(comp == 0, rng.normal(12.6, 1.1, n),
                     np.where(comp == 1, rng.normal(20.6, 1.5, n), rng.uniform(7.5, 23.5, n)))
        h = np.clip(h, 6.0, 23.999)
    elif kind == "store":
        h = rng.uniform(10.0, 19.0, n)
    elif kind == "social":  # morning commute, lunch, evening; a little at night
        comp = rng.choice(4, size=n, p=[0.2, 0.25, 0.45, 0.10])
        h = np.where(comp == 0, rng.normal(8.3, 0.8, n),
                     np.where(comp == 1, rng.normal(13.0, 1.0, n),
                              np.where(comp == 2, rng.normal(21.0, 1.6, n),
                                       rng.uniform(0.0, 6.0, n))))
        h = np.mod(h, 24.0)
    elif kind == "office":
        h = rng.uniform(9.0, 18.5, n)
    else:
        raise ValueError(kind)
    s = (h * 3600).astype(np.int64)
    bad = (s >= 7200) & (s < 10800)
    s[bad] += 3600
    return np.clip(s, 0, DAY - 1)
