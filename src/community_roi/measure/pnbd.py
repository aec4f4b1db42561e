"""Pareto/NBD ("buy till you die"): the probability that a customer is still a customer.

Why the estimator needs it (docs/methodology.md, "still active" selection): engaging shows that a
customer is still around on the cohort date, while a comparison customer with the same purchase
history may have stopped buying for good. Weighting each comparison customer's pre-period by
P(alive at the cohort month's first day) compares like with like: a customer who has left buys
nothing afterwards, so only the pre-period side needs the weight. How much of the bias that removes,
and where the model's assumptions (purchase rate and lifetime independent, no seasonality) make it
overshoot, is measured in docs/methodology.md ("still active" selection).

The model (Schmittlein, Morrison & Colombo 1987; Fader, Hardie & Lee 2005, "A Note on Deriving the
Pareto/NBD Model and Related Expressions"): while alive a customer buys as a Poisson process of rate
lambda ~ Gamma(r, alpha) and leaves after an exponential lifetime of rate mu ~ Gamma(s, beta), at
any time (not only at a purchase, as in BG/NBD: customers who simply stop coming are what the
estimator has to see). From x repeat purchases, the last at t_x, observed for T (years):

    L = G(r+x) a^r b^s / G(r) * [ (a+T)^-(r+x) (b+T)^-s  +  s * I ],
    I = integral over t_x < tau < T of (a+tau)^-(r+x) (b+tau)^-(s+1)   (died at tau)

and P(alive at T) = first term / bracket. The usual closed form writes I with two Gauss
hypergeometric functions; scipy's costs about 13 us a call, which made a fit over tens of
thousands of rows take minutes. Here I is computed directly: with m = max(a, b), d = |a - b|,
k = r + s + x and tau -> t by ((m+t_x)/(m+tau))^k = exp(-t),

    I = (m+t_x)^-k / k * integral_0^L exp(-t) (1 - z exp(-t/k))^-p dt,
    z = d / (m+t_x), L = k log((m+T)/(m+t_x)), p = s+1 if a >= b else r+x,

a bounded, smooth, monotone integrand: fixed Gauss-Legendre nodes on [0, min(L, TAIL)] give it
to about 1e-8 in log (tests compare with the hypergeometric form; 2.5e-5 at beta / alpha = 500,
where the integrand is steepest) and a row costs a few multiplications, so a fit on 20,000 rows
takes about 2 seconds. Everything is vectorised over rows; `w` counts how many customers share a
row.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln

START = np.log([1.0, 1.0, 1.0, 3.0])   # (r, alpha, s, beta), in logs
NODES = 48                             # Gauss-Legendre nodes for I
TAIL = 60.0                            # exp(-60) ~ 1e-26: the integral beyond adds nothing
_X, _W = np.polynomial.legendre.leggauss(NODES)
_X, _W = (_X + 1.0) / 2.0, _W / 2.0    # on [0, 1]


def _log_terms(params, x, tx, T, a=None):
    """Log-likelihood components per row: (alive at T, died in (t_x, T), died before a).

    Times from the customer's birth (account creation), in years. `a` = age when observation
    starts (a customer created before the first day the data covers): purchases before it are not
    seen, so x counts those in [a, T) and a customer with none may have left before a. Over
    u = tau - a the two integrals are the textbook ones with beta + a for beta (the lifetime
    still runs from birth, the purchase clock only from a)."""
    r, alpha, s, beta = params
    x, tx, T = (np.asarray(v, dtype=float) for v in (x, tx, T))
    a = np.zeros_like(T) if a is None else np.asarray(a, dtype=float)
    T, tx, b = T - a, np.maximum(tx - a, 0.0), beta + a
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    alive = common - (r + x) * np.log(alpha + T) - s * np.log(b + T)
    m, d = np.maximum(alpha, b), np.abs(alpha - b)
    p = np.where(alpha >= b, s + 1.0, r + x)
    k = r + s + x
    span = np.minimum(k * (np.log(m + T) - np.log(m + tx)), TAIL)      # L, capped
    t = span[..., None] * _X                                           # rows x nodes
    z = (d / (m + tx))[..., None]
    lf = -t - p[..., None] * np.log1p(-z * np.exp(-t / k[..., None]))  # log integrand
    top = lf.max(axis=-1)                   # factored out: no overflow at extreme parameters
    with np.errstate(divide="ignore"):
        log_j = top + np.log(span * (np.exp(lf - top[..., None]) @ _W))  # -inf when t_x = T
        died = common + np.log(s) - k * np.log(m + tx) - np.log(k) + log_j
        before = np.where((x == 0) & (a > 0), np.log(-np.expm1(s * (np.log(beta)
                                                                     - np.log(beta + a)))),
                          -np.inf)
    return alive, died, before


def loglik(params, x, tx, T, w=None, a=None) -> float:
    ll = np.logaddexp.reduce(np.stack(_log_terms(params, x, tx, T, a)), axis=0)
    w = np.ones_like(ll) if w is None else np.asarray(w, dtype=float)
    return float(np.sum(w * ll))


def fit(x, tx, T, w=None, a=None):
    """Maximum-likelihood (r, alpha, s, beta). Returns (params, scipy result)."""
    x, tx, T = (np.asarray(v, dtype=float) for v in (x, tx, T))
    a = np.zeros_like(T) if a is None else np.asarray(a, dtype=float)
    w = np.ones_like(x) if w is None else np.asarray(w, dtype=float)
    scale = w.sum()

    def nll(lp):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            v = -loglik(np.exp(lp), x, tx, T, w, a) / scale
        return v if np.isfinite(v) else 1e300
    # quasi-Newton on numerical gradients: about 130 likelihood evaluations, a fifth of what
    # Nelder-Mead needs here
    res = minimize(nll, START, method="L-BFGS-B", options={"maxiter": 500})
    return np.exp(res.x), res


def p_alive(params, x, tx, T, a=None, chunk: int = 100_000) -> np.ndarray:
    """P(still a customer at T | x repeat purchases seen since a, the last at t_x). In chunks of
    rows: a row takes NODES doubles while it is computed (millions of rows at 1M customers)."""
    x, tx, T = (np.asarray(v, dtype=float) for v in (x, tx, T))
    a = np.zeros_like(T) if a is None else np.asarray(a, dtype=float)
    out = np.empty(x.shape)
    for i in range(0, x.size, chunk):
        part = slice(i, i + chunk)
        terms = np.stack(_log_terms(params, x[part], tx[part], T[part], a[part]))
        out[part] = np.exp(terms[0] - np.logaddexp.reduce(terms, axis=0))
    return out


def simulate(n: int, params=(1.2, 0.6, 0.7, 2.5), seed: int = 1, t_range=(0.5, 3.0),
             a_share: float = 0.0):
    """Planted customers for tests: (x, t_x, T, alive at T, a), ages T uniform in t_range (years).
    Purchases at Poisson rate lambda until an exponential lifetime of rate mu ends. A share
    `a_share` is created before observation starts: a uniform in [0, T), purchases before it
    unseen (left truncation, as for customers older than the data)."""
    rng = np.random.default_rng(seed)
    r, alpha, s, beta = params
    lam, mu = rng.gamma(r, 1 / alpha, n), rng.gamma(s, 1 / beta, n)
    T = rng.uniform(*t_range, n)
    a = np.where(rng.random(n) < a_share, rng.uniform(0.0, 1.0, n) * T, 0.0)
    life = rng.exponential(1.0, n) / mu
    seen = np.maximum(np.minimum(life, T) - a, 0.0)          # time alive and observed
    x = rng.poisson(lam * seen).astype(float)
    # the last of x uniform points on [a, a + seen]: a + seen * U^(1/x)
    tx = np.where(x > 0, a + seen * rng.random(n) ** (1.0 / np.maximum(x, 1.0)), 0.0)
    return x, tx, T, life > T, a
