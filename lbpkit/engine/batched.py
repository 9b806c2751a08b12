"""One Newton solver for many simulated studies at once: the engine of the widgets and the labs.

For maintainers and curious learners: the Monte Carlo widget of notebook 04 and the bias labs
of notebooks 03–05 fit hundreds of simulated case-crossover studies within a fraction of a
second. Every matched set holds one event (its hazard window, column 0) and a few referent
windows, so its conditional likelihood is a softmax over its windows; :func:`fit_matched_sets`
runs Newton's method on all studies together (a study is a group of sets) and
:func:`fit_study_counts` feeds it studies drawn as counts of matched-set types
(:func:`simulate_study_counts`). Both give the estimates and model-based SEs of
:func:`lbpkit.estimate.fit_conditional_logit_arrays`, study by study (tests/test_labs.py,
tests/test_widgets.py), and agree with statsmodels' ``ConditionalLogit``.

When is there no finite estimate? A study's conditional maximum-likelihood estimate exists
exactly when no combination of the exposures is at least as high in every case window as in its
referents (and higher somewhere). With one exposure this is decided *before* iterating, from the
data: some informative set must have its case window above one of its referents and some set
below one (for a 0/1 exposure: some discordant set with the case exposed and some with it
unexposed). With several exposures the solver applies the exact engine's rule: a study whose
estimate runs off beyond an odds ratio of e**30 per within-set SD of an exposure, or whose
information is singular (collinear exposures), has no estimate. Newton steps are bounded and
halved whenever the log-likelihood would fall, so every study with an estimate converges.

References
----------
Breslow NE, Day NE. *Statistical Methods in Cancer Research, Vol. 1.* IARC, 1980, ch. 7
(conditional likelihood of matched sets).
Albert A, Anderson JA. On the existence of maximum likelihood estimates in logistic regression
models. Biometrika 1984;71(1):1–10. doi:10.1093/biomet/71.1.1
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

from lbpkit.engine.separation import separating_direction

__all__ = ["Estimates", "fit_matched_sets", "simulate_study_counts", "fit_study_counts", "expand_study_counts"]

DIVERGE_AT = 30.0  # |log OR| per within-set SD beyond which an estimate is taken to run off to infinity


@dataclass
class Estimates:
    """One analysis choice over all simulated studies: arrays of length ``n_rep``.

    ``n_strata`` counts the informative matched sets of each study; ``converged`` (when known)
    marks the studies whose Newton iteration settled.
    """

    log_or: np.ndarray
    se: np.ndarray
    n_strata: np.ndarray
    converged: np.ndarray | None = None

    @property
    def failed(self) -> np.ndarray:
        return ~(np.isfinite(self.log_or) & np.isfinite(self.se) & (self.se > 0))


def _by_study(values: np.ndarray, rep: np.ndarray, n_rep: int) -> np.ndarray:
    """Sum the rows of ``values`` (shape (S,) + tail) within each study: shape (n_rep,) + tail."""
    flat = values.reshape(values.shape[0], -1)
    out = np.stack([np.bincount(rep, weights=flat[:, j], minlength=n_rep) for j in range(flat.shape[1])], axis=1)
    return out.reshape((n_rep,) + values.shape[1:])


def _compress(X: np.ndarray, mask: np.ndarray, rep: np.ndarray):
    """Sets of one study with the same windows (as a multiset) have the same likelihood term:
    keep one of each with its count. Only for exposures coded 0/1 (the labs' case); otherwise
    every set is kept with count 1."""
    S, M, p = X.shape
    if S == 0 or not np.isin(X, (0.0, 1.0)).all():
        return X, mask, rep, np.ones(S)
    code = np.where(mask, (X * (2 ** np.arange(p))).sum(axis=2), -1).astype(np.int64) + 1  # 0 = no window
    base = 2**p + 1
    code[:, 1:] = -np.sort(-code[:, 1:], axis=1)  # referents are exchangeable in the likelihood
    key = rep.astype(np.int64)
    for j in range(M):
        key = key * base + code[:, j]
    _, first, count = np.unique(key, return_index=True, return_counts=True)
    return X[first], mask[first], rep[first], count.astype(float)


GROUP_BINS_PER_SET = 4  # counting sets by type pays while the types are fewer than this many per set


def _group_01(X: np.ndarray, mask: np.ndarray, rep: np.ndarray, n_rep: int):
    """The grouping of :func:`_compress`, done first and by counting: for one exposure coded 0/1
    (the labs' case: hundreds of thousands of sets of a handful of types per study), a set's
    type is its hazard window (absent, unexposed or exposed) and how many of its referents are
    exposed and unexposed (referents are exchangeable in the likelihood), a small whole number;
    ``np.bincount`` counts the sets of each (study, type) in one pass, before any array of the
    size of the data is converted to floating point. Returns ``None`` when the exposure is not
    0/1 or the types are too many to count this way.

    Each type comes out as one row (hazard window, then the exposed, unexposed and absent
    referents) with its count: the same sets and counts as :func:`_compress`, so the fit agrees
    with the ungrouped one to rounding (1e-12).
    """
    S, M = mask.shape
    if S == 0 or X.ndim != 2 or X.dtype.kind not in "biuf":
        return None
    bins = n_rep * 3 * M * M
    if bins > GROUP_BINS_PER_SET * S or bins > 2**31:
        return None
    if X.dtype.kind == "f" and not np.isin(X[mask], (0.0, 1.0)).all():
        return None
    if X.dtype.kind in "iu" and not (X.min() >= 0 and X.max() <= 1):
        return None
    exposed = (X == 1) & mask
    unexposed = mask & ~exposed
    key = rep.astype(np.int64) * 3 + exposed[:, 0] * 2 + unexposed[:, 0]  # hazard: 0 absent, 1 unexposed, 2 exposed
    for counted in (exposed, unexposed):  # column by column: numpy's row sums of a narrow array are slow
        key *= M
        for j in range(1, M):
            key += counted[:, j]
    count = np.bincount(key, minlength=bins)
    kept = np.flatnonzero(count)
    n_unexposed, n_exposed, hazard = kept % M, kept // M % M, kept // (M * M) % 3
    position = np.arange(M - 1)
    referents = np.where(position < n_exposed[:, None], 2, np.where(position < (n_exposed + n_unexposed)[:, None], 1, 0))
    code = np.column_stack([hazard, referents])  # 0 absent, 1 unexposed, 2 exposed
    return (code == 2).astype(float), code > 0, kept // (3 * M * M), count[kept].astype(float)


def _evaluate(beta, X, mask, rep, count, n_rep):
    """Log-likelihood, score and information of every study at ``beta`` (shape (n_rep, p))."""
    eta = np.where(mask, np.einsum("smp,sp->sm", X, beta[rep]), -np.inf)
    top = eta.max(axis=1, keepdims=True)
    w = np.exp(eta - top)
    total = w.sum(axis=1, keepdims=True)
    w /= total
    ll_s = (eta[:, 0] - top[:, 0] - np.log(total[:, 0])) * count
    mean = np.einsum("sm,smp->sp", w, X)
    score_s = (X[:, 0, :] - mean) * count[:, None]
    info_s = (np.einsum("sm,smp,smq->spq", w, X, X) - mean[:, :, None] * mean[:, None, :]) * count[:, None, None]
    return (np.bincount(rep, weights=ll_s, minlength=n_rep), _by_study(score_s, rep, n_rep),
            _by_study(info_s, rep, n_rep))


def _one_exposure_finite(X, mask, rep, count, n_rep) -> np.ndarray:
    """The exact existence rule for one exposure: some set has its case above a referent and
    some set has it below one."""
    x = X[:, :, 0]
    case = x[:, 0]
    above = case > np.where(mask, x, np.inf).min(axis=1)
    below = case < np.where(mask, x, -np.inf).max(axis=1)
    has_above = np.bincount(rep, weights=above * count, minlength=n_rep) > 0
    has_below = np.bincount(rep, weights=below * count, minlength=n_rep) > 0
    return has_above & has_below


def fit_matched_sets(
    X: np.ndarray,
    mask: np.ndarray,
    rep: np.ndarray,
    n_rep: int,
    *,
    weights: np.ndarray | None = None,
    max_iter: int = 100,
    tol: float = 1e-10,
) -> Estimates:
    """Conditional logistic regression of every simulated study at once (one event per set).

    Parameters
    ----------
    X : array, shape (S, M) or (S, M, p)
        Exposures of each set's windows; column 0 is the hazard (case) window.
    mask : bool array, shape (S, M)
        Windows that exist; a set needs its hazard window and one referent to count.
    rep : int array, shape (S,)
        Study of each set, 0 .. n_rep - 1.
    n_rep : int
        Number of studies.
    weights : array of whole numbers, shape (S,), optional
        How many identical sets each row stands for (default: one each; 0/1 exposures are then
        grouped into such counts automatically, which changes nothing but the speed).

    Returns
    -------
    Estimates
        Log odds ratios (first exposure), model-based SEs, informative sets per study and
        whether Newton converged; a study with no finite estimate (see the module docstring)
        or no informative set gets NaN.

    Examples
    --------
    Two studies of three 1:1 pairs each; in study 0 two pairs have only the hazard window
    exposed and one only the referent (estimate log 2), in study 1 every discordant pair has
    the hazard window exposed (no finite estimate).

    >>> import numpy as np
    >>> X = np.array([[1, 0], [1, 0], [0, 1], [1, 0], [1, 0], [0, 0]])
    >>> est = fit_matched_sets(X, np.ones_like(X, bool), np.repeat([0, 1], 3), 2)
    >>> round(float(est.log_or[0]), 6) == round(float(np.log(2)), 6), bool(est.failed[1])
    (True, True)
    """
    grouped = None
    if weights is None:
        X, mask, rep = np.asarray(X), np.asarray(mask, dtype=bool), np.asarray(rep, dtype=np.int64)
        grouped = _group_01(X, mask, rep, n_rep) if X.shape[:1] == mask.shape[:1] == rep.shape else None
        if grouped is not None:
            X, mask, rep, weights = grouped
    X = np.asarray(X, dtype=float)
    if X.ndim == 2:
        X = X[:, :, None]
    mask = np.asarray(mask, dtype=bool) & np.isfinite(X).all(axis=2)
    X = np.where(mask[:, :, None], X, 0.0)
    rep = np.asarray(rep, dtype=np.int64)
    count = np.ones(len(X)) if weights is None else np.asarray(weights, dtype=float)
    p = X.shape[2]
    # A set informs the fit if its hazard window exists and some exposure varies across its windows.
    lo = np.where(mask[:, :, None], X, np.inf).min(axis=1)
    hi = np.where(mask[:, :, None], X, -np.inf).max(axis=1)
    informative = mask[:, 0] & (mask.sum(axis=1) >= 2) & (hi > lo).any(axis=1) & (count > 0)
    X, mask, rep, count = X[informative], mask[informative], rep[informative], count[informative]
    n_strata = np.rint(np.bincount(rep, weights=count, minlength=n_rep)).astype(int)
    if weights is None and grouped is None:
        X, mask, rep, count = _compress(X, mask, rep)
    if len(X) == 0:
        nothing = np.full(n_rep, np.nan)
        return Estimates(log_or=nothing, se=nothing.copy(), n_strata=n_strata, converged=np.zeros(n_rep, bool))
    # Divergence is judged per within-set SD of each exposure, as in the exact engine.
    centred = np.where(mask[:, :, None], X - (X * mask[:, :, None]).sum(1, keepdims=True) / mask.sum(1)[:, None, None], 0.0)
    sd = np.sqrt((centred**2 * count[:, None, None]).sum(axis=(0, 1)) / max(float((mask.sum(1) * count).sum()), 1.0))
    bound = DIVERGE_AT / np.where(sd > 0, sd, 1.0)

    active = n_strata > 0
    if p == 1:
        active &= _one_exposure_finite(X, mask, rep, count, n_rep)
    beta = np.zeros((n_rep, p))
    previous, ll_previous = beta.copy(), np.full(n_rep, -np.inf)
    converged = np.zeros(n_rep, dtype=bool)
    singular = np.zeros(n_rep, dtype=bool)
    info = np.zeros((n_rep, p, p))
    for _ in range(max_iter):
        ll, score, new_info = _evaluate(beta, X, mask, rep, count, n_rep)
        worse = active & ~converged & (ll < ll_previous - 1e-12 * np.maximum(1.0, np.abs(ll_previous)))
        beta[worse] = (previous[worse] + beta[worse]) / 2  # the step overshot: halve it
        moving = active & ~converged & ~worse
        previous[moving], ll_previous[moving], info[moving] = beta[moving], ll[moving], new_info[moving]
        singular = active & (np.linalg.cond(info) > 1e12)
        step = np.zeros_like(beta)
        solvable = moving & ~singular
        if solvable.any():
            step[solvable] = np.linalg.solve(info[solvable], score[solvable][:, :, None])[:, :, 0]
        # At most 2 per step, shrunk along the Newton direction (an ascent direction), so that halving
        # an overshooting step always climbs.
        step = step * np.minimum(1.0, 2.0 / np.maximum(np.abs(step).max(axis=1, keepdims=True), 1e-300))
        converged |= solvable & (np.abs(step).max(axis=1) < tol)
        beta = beta + np.where(converged[:, None], 0.0, step)
        running = active & ~converged & ~singular & ~(np.abs(beta) > bound).any(axis=1)
        if not running.any():
            break
    good = active & converged & ~singular & ~(np.abs(beta) > bound).any(axis=1)
    cov = np.full((n_rep, p, p), np.nan)
    if good.any():
        cov[good] = np.linalg.inv(info[good])
    if p > 1:
        # A flat likelihood (an SE beyond 1000 within-set SDs) or an unsettled iteration may be
        # separation or merely near-collinearity: the exact test decides.
        flat = (np.sqrt(np.abs(np.diagonal(cov, axis1=1, axis2=2))) * sd > 1e3).any(axis=1)
        for study in np.flatnonzero(active & (~good | flat)):
            sets = rep == study
            diffs = (X[sets, :1, :] - X[sets, 1:, :])[mask[sets, 1:]]
            if separating_direction(diffs) is not None:
                good[study] = False
    se = np.where(good, np.sqrt(np.abs(cov[:, 0, 0])), np.nan)
    return Estimates(log_or=np.where(good, beta[:, 0], np.nan), se=se, n_strata=n_strata, converged=converged)


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

    With a single 0/1 exposure and one case window per matched set of ``m`` windows, a study's
    conditional likelihood depends on its data only through how many sets of each type it has,
    so a whole Monte Carlo run can be drawn as multinomial counts, one row per study (the counts
    of i.i.d. matched sets are multinomial). Each matched set has one case (hazard) window,
    exposed with the probability whose odds are ``odds_ratio`` times the odds of
    ``exposure_prob``, and ``n_referents`` referent windows, each exposed with ``exposure_prob``
    (the model of :func:`lbpkit.simulate.simulate_case_crossover`, without a trend).

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

    Each of the ``2 * m`` set types of a study becomes one row of :func:`fit_matched_sets`,
    weighted by its count.

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
    counts = np.asarray(counts)
    if counts.ndim != 3 or counts.shape[1] != 2:
        raise ValueError(f"`counts` must have shape (n_studies, 2, n_referents + 1), got {counts.shape}.")
    n_studies, _, m = counts.shape
    j = np.arange(m)
    referents = (j[:, None] > np.arange(m - 1)[None, :]).astype(float)  # type j: its first j referents exposed
    types = np.concatenate([np.column_stack([np.full(m, e, float), referents]) for e in (0, 1)])  # (2m, m)
    weights = counts.reshape(n_studies, 2 * m).astype(float)
    rep, kind = np.nonzero(weights > 0)
    est = fit_matched_sets(types[kind], np.ones((len(kind), m), bool), rep, n_studies, weights=weights[rep, kind],
                           tol=tol, max_iter=max_iter)
    finite = np.isfinite(est.log_or)
    # "converged": the iteration settled, or there was nothing to iterate (no finite estimate)
    return {"log_or": est.log_or, "se": est.se, "finite": finite, "n_informative": est.n_strata,
            "converged": est.converged | ~finite}


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
