"""First-order Markov removal-effect attribution over an absorbing chain (docs: the dbt model
`fct_attribution_removal_effects`).

The paths themselves are never seen here: dbt counts the transitions between states set-based
(`int_attribution_transitions`: one row per from_state x to_state with a count), and this module
only turns that small channel x channel table into absorption probabilities.

States: `(start)`, one per channel, and two absorbing states `(conversion)` and `(null)`. With Q the
channel -> channel transition probabilities, s the start -> channel row and c the channel ->
conversion column, the probability of conversion is

    P = s . h,   h = (I - Q)^-1 c      (h_i: probability of ending in conversion from channel i)

Removing channel k sends every transition into k to `(null)`: column k of Q and entry k of s are
zeroed. The removal effect of k is 1 - P_without_k / P. Self-loops (a channel followed by itself)
do not change absorption probabilities, so keeping or collapsing repeated touches gives the same
removal effects.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd

START = "(start)"
CONVERSION = "(conversion)"
NULL = "(null)"
SPECIAL_STATES = (START, CONVERSION, NULL)

COLUMNS = ["channel", "removal_effect", "removal_share", "conversion_probability",
           "conversion_probability_without", "converting_paths", "nonconverting_paths"]


def transition_probabilities(transitions: pd.DataFrame) -> tuple[list[str], np.ndarray,
                                                                 np.ndarray, np.ndarray]:
    """(channels, s, Q, c) from a frame with columns from_state, to_state, transitions (counts).

    Rows are normalised by their total outflow; a channel with no outflow at all (cannot happen
    with paths that always end in conversion or null) behaves as if it went to null.
    """
    t = transitions[["from_state", "to_state", "transitions"]]
    unknown = set(t.from_state) & {CONVERSION, NULL} | set(t.to_state) & {START}
    if unknown:
        raise ValueError(f"absorbing/start states used in the wrong direction: {sorted(unknown)}")
    channels = sorted((set(t.from_state) | set(t.to_state)) - set(SPECIAL_STATES))
    index = {ch: i for i, ch in enumerate(channels)}
    n = len(channels)
    counts = np.zeros((n + 1, n + 2))  # rows: start, channels; cols: channels, conversion, null
    for frm, to, k in t.itertuples(index=False):
        r = 0 if frm == START else 1 + index[frm]
        col = n if to == CONVERSION else n + 1 if to == NULL else index[to]
        counts[r, col] += float(k)
    totals = counts.sum(axis=1, keepdims=True)
    probs = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    return channels, probs[0, :n], probs[1:, :n], probs[1:, n]


def conversion_probability(s: np.ndarray, q: np.ndarray, c: np.ndarray,
                           removed: int | None = None) -> float:
    """Probability that a walk from (start) is absorbed in (conversion), optionally with one
    channel removed (every transition into it redirected to (null))."""
    if removed is not None:
        s = s.copy()
        q = q.copy()
        s[removed] = 0.0
        q[:, removed] = 0.0
    n = len(s)
    if n == 0:
        return 0.0
    h = np.linalg.solve(np.eye(n) - q, c)
    return float(s @ h)


def removal_effects(transitions: pd.DataFrame) -> pd.DataFrame:
    """One row per channel: removal effect, its share of the sum of removal effects, the
    conversion probability with and without the channel, and the path counts behind them."""
    if transitions.empty:
        return pd.DataFrame(columns=COLUMNS)
    channels, s, q, c = transition_probabilities(transitions)
    base = conversion_probability(s, q, c)
    without = np.array([conversion_probability(s, q, c, removed=k) for k in range(len(channels))])
    if base > 0:
        effect = np.clip(1.0 - without / base, 0.0, 1.0)
    else:
        effect = np.zeros(len(channels))
    total = effect.sum()
    share = effect / total if total > 0 else np.zeros(len(channels))
    t = transitions
    converting = float(t.loc[t.to_state == CONVERSION, "transitions"].sum())
    nonconverting = float(t.loc[t.to_state == NULL, "transitions"].sum())
    return pd.DataFrame({
        "channel": channels,
        "removal_effect": effect,
        "removal_share": share,
        "conversion_probability": base,
        "conversion_probability_without": without,
        "converting_paths": int(converting),
        "nonconverting_paths": int(nonconverting),
    }, columns=COLUMNS)


def transitions_from_paths(paths) -> pd.DataFrame:
    """Transition counts from explicit paths: an iterable of (channels, converted) pairs. A
    helper for tests and notebooks; the pipeline counts transitions in SQL."""
    counts: dict[tuple[str, str], int] = {}
    for channels, converted in paths:
        states = [START, *channels, CONVERSION if converted else NULL]
        for frm, to in pairwise(states):
            counts[frm, to] = counts.get((frm, to), 0) + 1
    return pd.DataFrame([(f, t, k) for (f, t), k in sorted(counts.items())],
                        columns=["from_state", "to_state", "transitions"])
