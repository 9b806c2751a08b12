"""Working with published summary results: SE and p from a CI, multiplicity, rescaling and
E-values (absolute risk from a published ratio is in :mod:`lbpkit.flares.absolute_risk`).

For learners and journal clubs who read a paper's results (notebooks 06–08) and want what it did not print.

Papers (and the news reports that are often all we have) give an odds ratio with a 95% CI, rarely
a standard error or a p-value. Because a Wald CI is symmetric on the log scale,
``log(upper) - log(lower) = 2 z SE``, so the SE and an approximate p-value can be recovered
(Altman & Bland, BMJ 2011;343:d2304). CIs printed to two decimals make that recovery approximate:
1.03–1.07 could be anything from 1.025–1.075 to 1.035–1.065; :func:`p_value_range` gives the
range of p-values over all intervals consistent with the printed figures.

Examples
--------
>>> from lbpkit.published import se_from_ci, p_from_ci
>>> round(se_from_ci(1.03, 1.07), 5)
0.00972
>>> p_from_ci(1.05, 1.03, 1.07) < 0.001
True
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.stats.multitest import multipletests

__all__ = [
    "ORWithCI",
    "se_from_ci",
    "p_from_ci",
    "p_value_range",
    "adjust_pvalues",
    "format_p",
    "rescale_or",
    "e_value",
]

_METHODS = ("holm", "fdr_bh", "bonferroni")


class ORWithCI(NamedTuple):
    """An odds ratio with its confidence limits (NaN when not given)."""

    odds_ratio: float
    ci_lower: float
    ci_upper: float


def _z(alpha: float) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number strictly between 0 and 1 (e.g. 0.05 for a 95% CI), not {alpha!r}.")
    return float(norm.ppf(1 - alpha / 2))


def _positive(value, name: str) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if np.any(array[~np.isnan(array)] <= 0):
        raise ValueError(f"{name} must be a ratio above 0 (odds ratios and their limits are positive); got {value!r}.")
    return array


def _out(array: np.ndarray, like):
    if isinstance(like, pd.Series):
        return pd.Series(array, index=like.index)
    return float(array) if np.ndim(array) == 0 else array


def se_from_ci(lower, upper, *, alpha: float = 0.05):
    """Standard error of the log odds ratio recovered from a Wald confidence interval.

    Parameters
    ----------
    lower, upper : float or array-like
        Confidence limits of the ratio (not logged). NaN gives NaN.
    alpha : float
        1 - confidence level (0.05 for a 95% CI).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        ``(log(upper) - log(lower)) / (2 * z)``, same shape as the input.

    Examples
    --------
    >>> round(se_from_ci(0.94, 0.98), 5)
    0.01063
    """
    lo, hi = _positive(lower, "lower"), _positive(upper, "upper")
    if np.any(lo > hi):
        raise ValueError("lower must not exceed upper; were the limits passed in the wrong order?")
    return _out((np.log(hi) - np.log(lo)) / (2 * _z(alpha)), upper)


def p_from_ci(estimate, lower, upper, *, alpha: float = 0.05):
    """Two-sided Wald p-value of a ratio recovered from its estimate and confidence interval.

    Parameters
    ----------
    estimate, lower, upper : float or array-like
        The ratio and its confidence limits (not logged).
    alpha : float
        1 - confidence level of the interval.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        ``2 * Phi(-|log(estimate)| / SE)`` with SE from :func:`se_from_ci`.

    Examples
    --------
    >>> round(p_from_ci(2.0, 1.0, 4.0), 4)
    0.05
    """
    se = np.asarray(se_from_ci(lower, upper, alpha=alpha), dtype=float)
    log_est = np.log(_positive(estimate, "estimate"))
    return _out(2 * norm.sf(np.abs(log_est) / se), estimate)


def _p_range_one(estimate: float, lower: float, upper: float, half: float, z: float, grid: int) -> tuple[float, float]:
    if np.isnan([estimate, lower, upper]).any():
        return np.nan, np.nan
    lo, hi = np.meshgrid(np.linspace(lower - half, lower + half, grid), np.linspace(upper - half, upper + half, grid))
    keep = (lo > 0) & (hi > lo)
    midpoint = np.sqrt(np.where(keep, lo * hi, 1.0))
    keep &= np.abs(midpoint - estimate) <= half * (1 + 1e-9)
    if not keep.any():
        raise ValueError(f"No interval within rounding of {lower}-{upper} has its log-midpoint within rounding of "
                         f"{estimate}; is this a Wald interval on the log scale, and are `decimals` right?")
    a, b = np.log(lo[keep]), np.log(hi[keep])
    p = 2 * norm.sf(z * np.abs(a + b) / (b - a))
    return float(p.min()), float(p.max())


def p_value_range(estimate, lower, upper, *, decimals: int = 2, alpha: float = 0.05, grid: int = 201) -> pd.DataFrame:
    """Smallest and largest p-value consistent with a ratio and CI printed to ``decimals`` decimals.

    Each printed limit stands for any value within half a unit of its last decimal. A Wald
    interval is symmetric on the log scale, so its estimate is the geometric mean of its limits;
    intervals whose geometric mean does not round to the printed estimate are excluded. Over the
    remaining intervals the p-value ``2 Phi(-z |log lo + log hi| / (log hi - log lo))`` is
    evaluated on a ``grid`` × ``grid`` lattice of the rounding box, edges included. The p-value
    is monotone in each limit, so its extremes lie at corners of the box (exact on the lattice)
    or, when the midpoint condition cuts a corner off, on that boundary (found to within the
    lattice spacing).

    Parameters
    ----------
    estimate, lower, upper : float or array-like
        The ratio and its limits as printed; NaN gives NaN.
    decimals : int
        Number of decimals the figures were printed with.
    alpha : float
        1 - confidence level of the interval.
    grid : int
        Lattice points per limit (at least 3).

    Returns
    -------
    pandas.DataFrame
        Columns ``p_min`` and ``p_max``, one row per input (the index of a Series input).

    References
    ----------
    Altman DG, Bland JM. How to obtain the P value from a confidence interval. BMJ
    2011;343:d2304. doi:10.1136/bmj.d2304

    Examples
    --------
    >>> bounds = p_value_range(1.05, 1.03, 1.07)
    >>> f"{bounds.loc[0, 'p_min']:.2g} to {bounds.loc[0, 'p_max']:.2g}"
    '2.4e-11 to 6.5e-05'
    """
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) or decimals < 0:
        raise ValueError(f"decimals must be a whole number >= 0 (got {decimals!r}).")
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 3:
        raise ValueError(f"grid must be a whole number >= 3 (got {grid!r}).")
    z = _z(alpha)
    values = [np.atleast_1d(_positive(v, name)) for v, name in ((estimate, "estimate"), (lower, "lower"), (upper, "upper"))]
    est, lo, hi = np.broadcast_arrays(*values)
    half = 0.5 * 10.0 ** -int(decimals)
    rows = [_p_range_one(e, a, b, half, z, int(grid)) for e, a, b in zip(est, lo, hi)]
    index = next((v.index for v in (estimate, lower, upper) if isinstance(v, pd.Series)), None)
    return pd.DataFrame(rows, columns=["p_min", "p_max"], index=index)


def adjust_pvalues(p, *, method: str = "holm"):
    """Multiplicity-adjusted p-values (statsmodels ``multipletests``), NaN kept in place.

    Parameters
    ----------
    p : array-like or pandas.Series
        Unadjusted p-values; NaN (e.g. an unreported result) is left out of the family and
        returned as NaN.
    method : {"holm", "fdr_bh", "bonferroni"}
        Holm's step-down family-wise correction, Benjamini–Hochberg false discovery rate, or
        Bonferroni.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Adjusted p-values, same shape (and index) as ``p``.

    Examples
    --------
    >>> adjust_pvalues([0.01, 0.04, 0.03], method="holm").round(3).tolist()
    [0.03, 0.06, 0.06]
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, not {method!r}.")
    values = np.asarray(p, dtype=float)
    present = ~np.isnan(values)
    if np.any((values[present] < 0) | (values[present] > 1)):
        raise ValueError("p must hold probabilities between 0 and 1 (NaN for missing).")
    adjusted = np.full(values.shape, np.nan)
    if present.any():
        adjusted[present] = multipletests(values[present], method=method)[1]
    return pd.Series(adjusted, index=p.index) if isinstance(p, pd.Series) else adjusted


def format_p(p, *, decimals: int = 3):
    """p-values as a reader should see them: ``"< 0.001"`` below 0.001, else rounded.

    A p-value rounded to ``0.000`` (or printed as ``0.0``) reads as "impossible"; the smallest
    value worth printing is the rounding step, so anything below it is shown as "< 0.001".

    Parameters
    ----------
    p : float or array-like or pandas.Series
        p-values between 0 and 1 (NaN stays empty).
    decimals : int
        Decimal places of the displayed value (3: "0.007", "< 0.001").

    Returns
    -------
    str or pandas.Series of str (a Series keeps its index and name).

    Examples
    --------
    >>> format_p(0.0072), format_p(3e-9), format_p(0.0497)
    ('0.007', '< 0.001', '0.050')
    >>> format_p(pd.Series([0.2, 1e-6], index=["a", "b"])).tolist()
    ['0.200', '< 0.001']
    """
    if not isinstance(decimals, int) or decimals < 1:
        raise ValueError(f"decimals must be a whole number >= 1, not {decimals!r}.")
    floor = 10.0 ** -decimals

    def one(value) -> str:
        value = float(value)
        if np.isnan(value):
            return ""
        if not 0 <= value <= 1:
            raise ValueError(f"p must lie between 0 and 1, not {value!r}.")
        return f"< {floor:.{decimals}f}" if value < floor else f"{value:.{decimals}f}"

    if isinstance(p, pd.Series):
        return p.map(one)
    if np.ndim(p) == 0:
        return one(p)
    return [one(value) for value in np.asarray(p, dtype=float).ravel()]


def rescale_or(odds_ratio: float, *, per: float = 1, to: float, ci_lower: float | None = None, ci_upper: float | None = None) -> ORWithCI:
    """Re-express a per-unit odds ratio for another exposure difference: OR ** (to / per).

    Valid when the log-odds is linear in the exposure (as a per-hour OR assumes); the limits of a
    Wald CI rescale the same way.

    Parameters
    ----------
    odds_ratio : float
        The published OR per ``per`` units.
    per : float
        The exposure difference the OR refers to (e.g. 1 hour).
    to : float
        The exposure difference wanted (e.g. 8 hours).
    ci_lower, ci_upper : float, optional
        Confidence limits to rescale with it.

    Returns
    -------
    ORWithCI
        ``(odds_ratio, ci_lower, ci_upper)``; limits NaN when not given.

    Examples
    --------
    >>> rescaled = rescale_or(1.05, per=1, to=8, ci_lower=1.03, ci_upper=1.07)
    >>> round(rescaled.odds_ratio, 3), round(rescaled.ci_lower, 3), round(rescaled.ci_upper, 3)
    (1.477, 1.267, 1.718)
    """
    for value, name in ((per, "per"), (to, "to")):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value == 0:
            raise ValueError(f"{name} must be a non-zero number of exposure units, not {value!r}.")
    power = to / per
    values = [odds_ratio, np.nan if ci_lower is None else ci_lower, np.nan if ci_upper is None else ci_upper]
    rescaled = _positive(values, "odds_ratio and its limits") ** power
    return ORWithCI(*(float(v) for v in rescaled))


def _e_value_rr(rr: np.ndarray) -> np.ndarray:
    rr = np.where(rr < 1, 1 / rr, rr)
    return rr + np.sqrt(rr * (rr - 1))


def e_value(estimate: float, ci_lower: float | None = None, ci_upper: float | None = None, *, rare_outcome: bool = True) -> tuple[float, float]:
    """E-value of a ratio and of its confidence limit closer to 1 (VanderWeele & Ding 2017).

    The E-value is the minimum strength of association, on the risk-ratio scale, that an
    unmeasured confounder would need with both exposure and outcome to explain the estimate
    away: ``RR + sqrt(RR * (RR - 1))`` (ratios below 1 are inverted first).

    An odds ratio is first turned into a risk ratio. With ``rare_outcome=True`` (outcome risk
    below about 15%) OR ≈ RR and it is used as is; otherwise the square root of the OR
    approximates the RR (VanderWeele & Ding's approximation for common outcomes). The
    case-crossover odds ratios of FLAReS compare short windows in which a flare is rare, and a
    case-crossover OR estimates a rate ratio, so the default is ``True``.

    Parameters
    ----------
    estimate : float
        The ratio (RR, or OR, see above).
    ci_lower, ci_upper : float, optional
        Its confidence limits.
    rare_outcome : bool
        Whether the outcome is rare enough for OR ≈ RR.

    Returns
    -------
    tuple of float
        ``(e_value_estimate, e_value_ci)``; the CI's E-value is 1 when the CI includes 1 and
        NaN when no limits are given.

    References
    ----------
    VanderWeele TJ, Ding P. Sensitivity analysis in observational research: introducing the
    E-value. Ann Intern Med 2017;167(4):268-274.

    Examples
    --------
    >>> round(e_value(3.9)[0], 2)
    7.26
    >>> e_value(1.2, 0.9, 1.6)[1]
    1.0
    """
    if not isinstance(rare_outcome, bool):
        raise TypeError("rare_outcome must be True or False.")
    transform = (lambda r: r) if rare_outcome else np.sqrt
    est = transform(_positive(estimate, "estimate"))
    point = float(_e_value_rr(est))
    if ci_lower is None or ci_upper is None:
        return point, float("nan")
    lo, hi = (transform(_positive(v, name)) for v, name in ((ci_lower, "ci_lower"), (ci_upper, "ci_upper")))
    if lo > hi:
        raise ValueError("ci_lower must not exceed ci_upper.")
    if lo <= 1 <= hi:
        return point, 1.0
    closer = lo if est > 1 else hi
    return point, float(_e_value_rr(closer))
