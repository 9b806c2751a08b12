"""Working with published summary results: SE and p from a CI, multiplicity, rescaling and
E-values (absolute risk from a published ratio is in :mod:`lbpkit.flares.absolute_risk`).

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
    "rescale_or",
    "e_value",
    "published_or_table",
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


def published_or_table(
    table: pd.DataFrame | None = None,
    *,
    alpha: float = 0.05,
    rare_outcome: bool = True,
    unknown_p: float | None = 1.0,
    decimals: int = 2,
) -> pd.DataFrame:
    """The published FLAReS OR table with recovered SE, p-values, adjusted p-values and E-values.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A table with ``activity``, ``odds_ratio``, ``ci_lower``, ``ci_upper`` (and optionally
        ``note``, ``source``); default ``lbpkit.data.load("flares_published_or")``.
    alpha : float
        1 - confidence level of the published intervals (0.05: 95% CIs).
    rare_outcome : bool
        Passed to :func:`e_value`.
    unknown_p : float or None
        The p-value assumed, for the adjustments only, for each activity whose result was not
        found: the family stays the ten activities tested. 1 (default) is the least favourable
        value for the unknown ones and gives the others the largest Holm penalty. ``None`` adjusts
        over the reported ORs only (a family smaller than the one tested; use for comparison).
    decimals : int
        Decimals the ORs and limits were printed with, for :func:`p_value_range`.

    Returns
    -------
    pandas.DataFrame
        One row per activity (unreported ones kept, with NaN and the ``reason``): ``activity``,
        ``odds_ratio``, ``ci_lower``, ``ci_upper``, ``log_or``, ``se``, ``z``, ``p_value``,
        ``p_min`` and ``p_max`` (the range consistent with rounding, :func:`p_value_range`),
        ``p_holm`` and ``p_fdr_bh`` (over the family set by ``unknown_p``), ``p_holm_max``
        (Holm applied to ``p_max``: the worst case over rounding, since Holm never lowers an
        adjusted p when a raw p rises), ``e_value``, ``e_value_ci``, ``reason`` (why values are
        missing), ``source``. Unreported rows keep NaN in every computed column.
        ``.attrs`` carries ``source``, ``note`` and ``family_size``; the p-values are recovered
        (approximate), not published.

    Examples
    --------
    >>> from lbpkit.published import published_or_table
    >>> tidy = published_or_table()
    >>> len(tidy), int(tidy["p_value"].notna().sum()), tidy.attrs["family_size"]
    (10, 6, 10)
    >>> bool(tidy["p_holm_max"].max() < 0.01)
    True
    """
    if table is None:
        from lbpkit.data import load

        table = load("flares_published_or")
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, not {type(table).__name__}.")
    missing = [c for c in ("activity", "odds_ratio", "ci_lower", "ci_upper") if c not in table.columns]
    if missing:
        raise ValueError(f"table has no column(s) {missing}; pass lbpkit.data.load('flares_published_or').")
    out = pd.DataFrame({"activity": table["activity"].astype("string")})
    for column in ("odds_ratio", "ci_lower", "ci_upper"):
        out[column] = pd.to_numeric(table[column]).astype("float64").to_numpy()
    reported = out[["odds_ratio", "ci_lower", "ci_upper"]].notna().all(axis=1)
    out["log_or"] = np.log(out["odds_ratio"])
    out["se"] = se_from_ci(out["ci_lower"], out["ci_upper"], alpha=alpha)
    out["z"] = out["log_or"] / out["se"]
    out["p_value"] = 2 * norm.sf(np.abs(out["z"]))
    bounds = p_value_range(out["odds_ratio"], out["ci_lower"], out["ci_upper"], decimals=decimals, alpha=alpha)
    out[["p_min", "p_max"]] = bounds.to_numpy()
    if unknown_p is not None and not (isinstance(unknown_p, (int, float)) and not isinstance(unknown_p, bool) and 0 <= unknown_p <= 1):
        raise ValueError(f"unknown_p must be a probability (1 = least favourable) or None, not {unknown_p!r}.")
    for column, raw, method in (("p_holm", "p_value", "holm"), ("p_fdr_bh", "p_value", "fdr_bh"), ("p_holm_max", "p_max", "holm")):
        family = out[raw] if unknown_p is None else out[raw].where(reported, float(unknown_p))
        out[column] = pd.Series(adjust_pvalues(family, method=method), index=out.index).where(reported)
    evalues = [
        e_value(r.odds_ratio, r.ci_lower, r.ci_upper, rare_outcome=rare_outcome) if ok else (np.nan, np.nan)
        for r, ok in zip(out.itertuples(), reported)
    ]
    out["e_value"] = [e for e, _ in evalues]
    out["e_value_ci"] = [c for _, c in evalues]
    notes = table["note"].astype("string") if "note" in table.columns else pd.Series(pd.NA, index=table.index, dtype="string")
    out["reason"] = notes.where(~reported.to_numpy(), "").fillna("not reported").to_numpy()
    out["source"] = table["source"].astype("string").to_numpy() if "source" in table.columns else pd.NA
    family_size = int(reported.sum()) if unknown_p is None else len(out)
    note = ("SE and p recovered from the published CIs (approximate; not published); adjusted over "
            + (f"the {family_size} reported ORs only." if unknown_p is None else
               f"all {family_size} activities, unknown p-values set to {unknown_p:g}."))
    out.attrs = {"source": table.attrs.get("source", ""), "note": note, "family_size": family_size}
    return out
