"""Many simulated case-crossover studies at once: one exposure, one event per matched set.

With a single 0/1 exposure and one case window per matched set of ``m`` windows, the exact
conditional likelihood of a study depends on its data only through two things: how many matched
sets have ``k`` exposed windows (``k = 0 … m``), and how many case windows are exposed. So a whole
Monte Carlo run can be drawn as multinomial counts (one row per study) and fitted by a Newton
iteration that runs over all studies at once, instead of building and fitting one table per
study. This is what lets the Monte Carlo widget of notebook 04 answer within half a second at
2000 studies of 1000 cases. The fit equals :func:`lbpkit.estimate.fit_conditional_logit_arrays`
on the expanded data (tested to 1e-8); the simulation draws the same distribution as
:func:`lbpkit.simulate.simulate_case_crossover` (the counts of i.i.d. matched sets are
multinomial).

References
----------
Breslow NE, Day NE. *Statistical Methods in Cancer Research, Vol. 1.* IARC, 1980, ch. 7
(conditional likelihood of matched sets).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom

__all__ = ["simulate_study_counts", "fit_study_counts", "expand_study_counts"]


def simulate_study_counts(
    n_studies: int,
    *,
    n_cases: int,
    odds_ratio: float,
    exposure_prob: float,
    n_referents: int,
    seed: int | np.random.Generator,
) -> np.ndarray:
    """Draw ``n_studies`` case-crossover studies as counts of matched-set types.

    Each matched set has one case (hazard) window, exposed with the probability whose odds are
    ``odds_ratio`` times the odds of ``exposure_prob``, and ``n_referents`` referent windows,
    each exposed with ``exposure_prob`` (the model of
    :func:`lbpkit.simulate.simulate_case_crossover`, without a trend).

    Returns
    -------
    ndarray of int, shape (n_studies, 2, n_referents + 1)
        ``counts[s, e, j]``: matched sets of study ``s`` whose case window has exposure ``e``
        and ``j`` of whose referent windows are exposed.

    Examples
    --------
    >>> c = simulate_study_counts(3, n_cases=50, odds_ratio=2.0, exposure_prob=0.2, n_referents=2, seed=1)
    >>> c.shape, c.sum(axis=(1, 2)).tolist()
    ((3, 2, 3), [50, 50, 50])
    """
    p = float(exposure_prob)
    odds = float(odds_ratio) * p / (1 - p)
    p_case = odds / (1 + odds)
    referent = binom.pmf(np.arange(n_referents + 1), n_referents, p)
    cells = np.outer([1 - p_case, p_case], referent).ravel()
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    counts = rng.multinomial(int(n_cases), cells / cells.sum(), size=int(n_studies))
    return counts.reshape(int(n_studies), 2, n_referents + 1)


def fit_study_counts(counts: np.ndarray, *, tol: float = 1e-10, max_iter: int = 100) -> dict:
    """Exact conditional maximum-likelihood log odds ratio of every study in ``counts``.

    Parameters
    ----------
    counts : array of int, shape (n_studies, 2, n_referents + 1)
        As returned by :func:`simulate_study_counts`.

    Returns
    -------
    dict of arrays, one value per study
        ``log_or`` and ``se`` (NaN where there is no finite estimate), ``finite`` (bool: some
        informative matched set has its case window exposed and some has it unexposed; otherwise
        the estimate runs off to plus or minus infinity), ``n_informative`` (matched sets with
        some but not all windows exposed) and ``converged``.

    Examples
    --------
    Three 1:1 pairs exposed in the case window only and one in the referent window only: the
    estimate is log(3/1).

    >>> import numpy as np
    >>> c = np.array([[[5, 1], [3, 2]]])  # [case unexposed: j=0, j=1], [case exposed: j=0, j=1]
    >>> fit = fit_study_counts(c)
    >>> round(float(fit["log_or"][0]), 6) == round(float(np.log(3)), 6), bool(fit["finite"][0])
    (True, True)
    """
    counts = np.asarray(counts, dtype=float)
    if counts.ndim != 3 or counts.shape[1] != 2:
        raise ValueError(f"`counts` must have shape (n_studies, 2, n_referents + 1), got {counts.shape}.")
    m = counts.shape[2]  # windows per matched set
    j = np.arange(m)
    # sets by their number of exposed windows k = e + j
    by_k = np.zeros((counts.shape[0], m + 1))
    by_k[:, :m] += counts[:, 0, :]
    by_k[:, 1:] += counts[:, 1, :]
    k = np.arange(m + 1)[1:m]  # informative totals only
    n_k = by_k[:, 1:m]
    exposed_cases = counts[:, 1, : m - 1].sum(axis=1)  # exposed case windows in informative sets
    n_informative = n_k.sum(axis=1)
    finite = (exposed_cases > 0) & (exposed_cases < n_informative)
    beta = np.zeros(counts.shape[0])
    low, high = np.full_like(beta, -50.0), np.full_like(beta, 50.0)
    converged = ~finite
    info = np.ones_like(beta)
    for _ in range(max_iter):
        w = np.exp(beta)[:, None]
        share = k * w / (k * w + (m - k))  # expected share of the set's exposed windows that is the case's
        score = exposed_cases - (n_k * share).sum(axis=1)
        info = (n_k * share * (m - k) / (k * w + (m - k))).sum(axis=1)
        low = np.where(score > 0, beta, low)
        high = np.where(score <= 0, beta, high)
        step = np.where(finite, score / np.where(info > 0, info, 1.0), 0.0)
        converged = ~finite | (np.abs(step) < tol)
        proposal = beta + step
        outside = ((proposal <= low) | (proposal >= high)) & ~converged
        beta = np.where(outside, (low + high) / 2, proposal)  # bisect when Newton overshoots
        if converged.all():
            break
    w = np.exp(beta)[:, None]
    share = k * w / (k * w + (m - k))
    info = (n_k * share * (m - k) / (k * w + (m - k))).sum(axis=1)
    log_or = np.where(finite, beta, np.nan)
    se = np.where(finite, 1 / np.sqrt(np.where(info > 0, info, np.nan)), np.nan)
    return {"log_or": log_or, "se": se, "finite": finite, "n_informative": n_informative.astype(int),
            "converged": converged}


def expand_study_counts(counts_of_one_study: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One study's counts as long arrays ``(y, exposure, stratum)``, e.g. for the general engine.

    Examples
    --------
    >>> import numpy as np
    >>> y, x, s = expand_study_counts(np.array([[0, 1], [1, 0]]))  # two 1:1 pairs
    >>> y.tolist(), x.tolist(), s.tolist()
    ([1, 0, 1, 0], [0.0, 1.0, 1.0, 0.0], [0, 0, 1, 1])
    """
    counts = np.asarray(counts_of_one_study, dtype=int)
    m = counts.shape[1]
    ys, xs = [], []
    for e in (0, 1):
        for j in range(m):
            for _ in range(counts[e, j]):
                ys.append([1] + [0] * (m - 1))
                xs.append([e] + [1] * j + [0] * (m - 1 - j))
    n = len(ys)
    return (np.array(ys, dtype=int).ravel(), np.array(xs, dtype=float).ravel(), np.repeat(np.arange(n), m))
