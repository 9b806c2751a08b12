"""Many simulated studies at once: batched estimators and the replicate summary table.

The labs simulate ``replicates`` studies in one go and hold each analysis choice as rectangular
arrays of matched sets: ``X[s, 0]`` is the hazard window of set ``s`` and ``X[s, 1:]`` its
referent windows, ``mask`` marks the windows that exist (inside the record) and ``rep[s]`` says
which simulated study set ``s`` belongs to. :func:`fit_matched_sets` fits the conditional
logistic model to every study at once (Newton's method vectorised over studies; each set holds
one event, so its conditional likelihood is a softmax over its windows). It gives the same
estimates and model-based SEs as :func:`lbpkit.estimate.fit_conditional_logit_arrays`, which
tests/test_labs.py checks study by study; the batch exists because a widget needs hundreds of
fits within a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

__all__ = [
    "SUMMARY_COLUMNS",
    "STUDY_COLUMNS",
    "Estimates",
    "fit_matched_sets",
    "mantel_haenszel_sets",
    "woolf_odds_ratio",
    "difference",
    "summarise",
    "one_study",
    "studies",
    "share_ci_above",
]

Z95 = float(norm.ppf(0.975))
SUMMARY_COLUMNS = [
    "choice", "planted_or", "mean_or", "mean_or_lower", "mean_or_upper", "bias_percent", "bias_lower",
    "bias_upper", "biased", "coverage", "coverage_lower", "coverage_upper", "n_replicates", "n_failed", "n_strata",
]
STUDY_COLUMNS = ["replicate", "choice", "log_or", "se", "odds_ratio", "ci_lower", "ci_upper", "covers", "n_strata", "failed"]
SOURCE = "synthetic (lbpkit.labs, truth known)"


@dataclass
class Estimates:
    """One analysis choice over all simulated studies: arrays of length ``replicates``."""

    log_or: np.ndarray
    se: np.ndarray
    n_strata: np.ndarray

    @property
    def failed(self) -> np.ndarray:
        return ~(np.isfinite(self.log_or) & np.isfinite(self.se) & (self.se > 0))


def fit_matched_sets(
    X: np.ndarray, mask: np.ndarray, rep: np.ndarray, n_rep: int, *, max_iter: int = 60, tol: float = 1e-10
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

    Returns
    -------
    Estimates
        Log odds ratios (first exposure), model-based SEs and informative sets per study; a study
        whose estimate runs off to infinity (separation) or has no informative set gets NaN.

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
    X = np.asarray(X, dtype=float)
    if X.ndim == 2:
        X = X[:, :, None]
    mask = np.asarray(mask, dtype=bool) & np.isfinite(X).all(axis=2)
    X = np.where(mask[:, :, None], X, 0.0)
    rep = np.asarray(rep, dtype=np.int64)
    p = X.shape[2]
    # A set informs the fit if its hazard window exists and some exposure varies across its windows.
    lo = np.where(mask[:, :, None], X, np.inf).min(axis=1)
    hi = np.where(mask[:, :, None], X, -np.inf).max(axis=1)
    informative = mask[:, 0] & (mask.sum(axis=1) >= 2) & (hi > lo).any(axis=1)
    X, mask, rep = X[informative], mask[informative], rep[informative]
    n_strata = np.bincount(rep, minlength=n_rep)
    X, mask, rep, count = _compress(X, mask, rep)
    beta = np.zeros((n_rep, p))
    converged = np.zeros(n_rep, dtype=bool)
    info = np.zeros((n_rep, p, p))
    for _ in range(max_iter):
        eta = np.einsum("smp,sp->sm", X, beta[rep])
        eta = np.where(mask, eta, -np.inf)
        w = np.exp(eta - eta.max(axis=1, keepdims=True))
        w /= w.sum(axis=1, keepdims=True)
        mean = np.einsum("sm,smp->sp", w, X)
        score_s = (X[:, 0, :] - mean) * count[:, None]
        second = (np.einsum("sm,smp,smq->spq", w, X, X) - mean[:, :, None] * mean[:, None, :]) * count[:, None, None]
        score = np.stack([np.bincount(rep, weights=score_s[:, j], minlength=n_rep) for j in range(p)], axis=1)
        info = np.stack([np.stack([np.bincount(rep, weights=second[:, j, k], minlength=n_rep) for k in range(p)], axis=1)
                         for j in range(p)], axis=1)
        ok = np.abs(np.linalg.det(info)) > 1e-12
        step = np.zeros_like(beta)
        if ok.any():
            step[ok] = np.linalg.solve(info[ok], score[ok][:, :, None])[:, :, 0]
        step = np.clip(step, -2.0, 2.0)  # the log-likelihood is concave; a bounded step cannot cycle
        beta = beta + step
        converged = ok & (np.abs(step).max(axis=1) < tol)
        if np.all(converged | ~ok | (np.abs(beta).max(axis=1) > 30)):
            break
    good = converged & (np.abs(beta).max(axis=1) < 30)
    se = np.full(n_rep, np.nan)
    if good.any():
        cov = np.linalg.inv(info[good])
        se[good] = np.sqrt(cov[:, 0, 0])
    log_or = np.where(good, beta[:, 0], np.nan)
    se = np.where(good & (se < 1e3), se, np.nan)
    return Estimates(log_or=log_or, se=se, n_strata=n_strata)


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


def mantel_haenszel_sets(X: np.ndarray, mask: np.ndarray, rep: np.ndarray, n_rep: int) -> Estimates:
    """Mantel–Haenszel odds ratio of every study at once (binary exposure, one case per set),
    with the Robins–Breslow–Greenland SE of its log, as :func:`lbpkit.estimate.mantel_haenszel`.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [1, 0, 1]])
    >>> est = mantel_haenszel_sets(X, np.ones_like(X, bool), np.zeros(4, int), 1)
    >>> round(float(np.exp(est.log_or[0])), 4)  # sum of a*d/n over sum of b*c/n: (4/3) / (1/3)
    4.0
    """
    X = np.where(mask, np.asarray(X, dtype=float), 0.0)
    mask = np.asarray(mask, dtype=bool)
    has = mask[:, 0] & (mask.sum(axis=1) >= 2)
    n = mask.sum(axis=1).astype(float)
    a = X[:, 0] * has  # exposed case
    c = (1 - X[:, 0]) * has  # unexposed case
    b = (X[:, 1:] * mask[:, 1:]).sum(axis=1) * has  # exposed referents
    d = (mask[:, 1:].sum(axis=1) - b) * has  # unexposed referents
    n = np.where(has, n, 1.0)
    R, S = a * d / n, b * c / n
    P, Q = (a + d) / n, (b + c) / n
    sums = {k: np.bincount(rep, weights=v, minlength=n_rep) for k, v in
            dict(R=R, S=S, PR=P * R, PS=P * S, QR=Q * R, QS=Q * S).items()}
    with np.errstate(divide="ignore", invalid="ignore"):
        log_or = np.log(sums["R"] / sums["S"])
        var = (sums["PR"] / (2 * sums["R"] ** 2) + (sums["PS"] + sums["QR"]) / (2 * sums["R"] * sums["S"])
               + sums["QS"] / (2 * sums["S"] ** 2))
    informative = has & ((a * d + b * c) > 0)
    ok = np.isfinite(log_or) & np.isfinite(var)
    return Estimates(log_or=np.where(ok, log_or, np.nan), se=np.where(ok, np.sqrt(var), np.nan),
                     n_strata=np.bincount(rep, weights=informative, minlength=n_rep).astype(int))


def woolf_odds_ratio(cases_exposed: np.ndarray, n_cases: np.ndarray, controls_exposed: np.ndarray,
                     n_controls: np.ndarray) -> Estimates:
    """Unmatched 2×2 odds ratio per study with Woolf's SE, as statsmodels' ``Table2x2``.

    Examples
    --------
    >>> import numpy as np
    >>> est = woolf_odds_ratio(np.array([30]), np.array([50]), np.array([20]), np.array([50]))
    >>> round(float(np.exp(est.log_or[0])), 3)  # (30 * 30) / (20 * 20)
    2.25
    """
    a = np.asarray(cases_exposed, float)
    b = np.asarray(n_cases, float) - a
    c = np.asarray(controls_exposed, float)
    d = np.asarray(n_controls, float) - c
    ok = (a > 0) & (b > 0) & (c > 0) & (d > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_or = np.log(a * d / (b * c))
        se = np.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return Estimates(log_or=np.where(ok, log_or, np.nan), se=np.where(ok, se, np.nan),
                     n_strata=np.asarray(n_cases, int))


def difference(cases: Estimates, controls: Estimates) -> Estimates:
    """Case-time-control: the case-crossover log OR minus the control-crossover log OR; the two
    fits use different people, so the variances add (as :func:`lbpkit.estimate.case_time_control`)."""
    return Estimates(log_or=cases.log_or - controls.log_or, se=np.sqrt(cases.se**2 + controls.se**2),
                     n_strata=cases.n_strata)


def _wilson(k: float, n: int) -> tuple[float, float]:
    """Wilson 95% interval of a coverage ``k / n`` (statsmodels); NaN when no study had a fit."""
    if n == 0:
        return float("nan"), float("nan")
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    return float(low), float(high)


class _StudyTable:
    """The per-study table, kept in a summary's ``.attrs["studies"]``. A wrapper rather than the
    DataFrame itself, so that pandas can compare and copy the summary's attrs (``pd.concat``,
    ``.round()``) without comparing or deep-copying every study."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def __deepcopy__(self, memo):
        return self

    def __repr__(self) -> str:
        return f"<{len(self.frame)} rows: one per study and analysis choice; lbpkit.labs.studies(table)>"


def summarise(results: dict[str, Estimates], planted_or: float, **attrs) -> pd.DataFrame:
    """The replicate summary table (one row per analysis choice) with the per-study table in
    ``.attrs["studies"]``. See :data:`SUMMARY_COLUMNS` and lbpkit.labs' module docstring."""
    rows, studies = [], []
    log_truth = float(np.log(planted_or))
    for choice, est in results.items():
        failed = est.failed
        lo = est.log_or[~failed]
        n_ok = int(lo.size)
        lower = np.exp(est.log_or - Z95 * est.se)
        upper = np.exp(est.log_or + Z95 * est.se)
        covers = ~failed & (lower <= planted_or) & (planted_or <= upper)
        mean = float(lo.mean()) if n_ok else float("nan")
        half = Z95 * float(lo.std(ddof=1)) / np.sqrt(n_ok) if n_ok > 1 else float("nan")
        cov_lo, cov_hi = _wilson(float(covers.sum()), n_ok)
        bias = [100 * (np.exp(m - log_truth) - 1) for m in (mean, mean - half, mean + half)]
        rows.append({
            "choice": choice, "planted_or": float(planted_or), "mean_or": float(np.exp(mean)),
            "mean_or_lower": float(np.exp(mean - half)), "mean_or_upper": float(np.exp(mean + half)),
            "bias_percent": bias[0], "bias_lower": bias[1], "bias_upper": bias[2],
            "biased": bool(bias[1] > 0 or bias[2] < 0),
            "coverage": float(covers.sum() / n_ok) if n_ok else float("nan"),
            "coverage_lower": cov_lo, "coverage_upper": cov_hi,
            "n_replicates": int(est.log_or.size), "n_failed": int(failed.sum()),
            "n_strata": float(np.mean(est.n_strata)),
        })
        studies.append(pd.DataFrame({
            "replicate": np.arange(est.log_or.size), "choice": choice, "log_or": est.log_or, "se": est.se,
            "odds_ratio": np.exp(est.log_or), "ci_lower": lower, "ci_upper": upper, "covers": covers,
            "n_strata": np.asarray(est.n_strata, int), "failed": failed,
        }))
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    long = pd.concat(studies, ignore_index=True)[STUDY_COLUMNS]
    long.attrs.update(synthetic=True, source=SOURCE, planted_or=float(planted_or))
    out.attrs.update(synthetic=True, source=SOURCE, **attrs, studies=_StudyTable(long))
    return out


def studies(table: pd.DataFrame) -> pd.DataFrame:
    """Every simulated study behind a replicate summary: one row per study and analysis choice
    (:data:`STUDY_COLUMNS`).

    Examples
    --------
    >>> from lbpkit.labs import recall_experiment
    >>> t = recall_experiment(seed=1, replicates=3, n_cases=200)
    >>> len(studies(t)), list(studies(t).columns[:3])
    (6, ['replicate', 'choice', 'log_or'])
    """
    held = table.attrs.get("studies")
    if not isinstance(held, _StudyTable):
        raise ValueError("`table` has no studies in attrs['studies']; pass a table an lbpkit.labs experiment "
                         "returned (pd.concat of several experiments keeps no studies).")
    return held.frame.copy()


def one_study(table: pd.DataFrame, replicate: int = 0) -> pd.DataFrame:
    """What one simulated study of a replicated experiment looks like.

    Its deviation from the planted odds ratio (``deviation_percent``) is sampling error unless
    the replicate mean shows the same: show :func:`summarise`'s ``mean_or`` beside it.

    Examples
    --------
    >>> from lbpkit.labs import recall_experiment
    >>> t = recall_experiment(seed=1, replicates=3, n_cases=200)
    >>> list(one_study(t, replicate=2).columns)  # doctest: +NORMALIZE_WHITESPACE
    ['choice', 'odds_ratio', 'ci_lower', 'ci_upper', 'n_strata', 'planted_or', 'deviation_percent']
    """
    every = studies(table)
    n = int(every["replicate"].max()) + 1
    if isinstance(replicate, bool) or not isinstance(replicate, (int, np.integer)) or not 0 <= replicate < n:
        raise ValueError(f"`replicate` must be a whole number from 0 to {n - 1}, got {replicate!r}.")
    one = every.loc[every["replicate"] == replicate].reset_index(drop=True)
    planted = float(every.attrs["planted_or"])
    out = one[["choice", "odds_ratio", "ci_lower", "ci_upper", "n_strata"]].assign(
        planted_or=planted, deviation_percent=100 * (one["odds_ratio"] / planted - 1))
    out.attrs.update(synthetic=True, source=SOURCE, replicate=int(replicate))
    return out


def share_ci_above(table: pd.DataFrame, value: float = 1.0) -> pd.DataFrame:
    """Share of the simulated studies whose 95% CI lies wholly above ``value``, per analysis choice.

    What a reader of *one* study would see: with a planted odds ratio of 1, the share of studies
    that would report a "significant trigger". Failed fits count as not above. The interval is
    Wilson's 95% interval of that share (Monte Carlo error).

    Returns
    -------
    DataFrame
        ``choice``, ``planted_or``, ``share_above``, ``share_lower``, ``share_upper``,
        ``n_replicates`` (synthetic).

    Examples
    --------
    >>> from lbpkit.labs import recall_experiment
    >>> t = recall_experiment(seed=1, replicates=20, n_cases=200, odds_ratio=1.0)
    >>> list(share_ci_above(t).columns)
    ['choice', 'planted_or', 'share_above', 'share_lower', 'share_upper', 'n_replicates']
    """
    every = studies(table)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not value > 0:
        raise ValueError(f"`value` must be a positive odds ratio, got {value!r}.")
    rows = []
    for choice, group in every.groupby("choice", sort=False):
        above = int((~group["failed"] & (group["ci_lower"] > value)).sum())
        low, high = _wilson(float(above), len(group))
        rows.append({"choice": choice, "planted_or": float(every.attrs["planted_or"]), "share_above": above / len(group),
                     "share_lower": low, "share_upper": high, "n_replicates": len(group)})
    out = pd.DataFrame(rows)
    out.attrs.update(synthetic=True, source=SOURCE)
    return out
