"""Long-term (cohort) analysis helpers for notebook 08: power and a tidy OLS table.

FLAReS aim 2 regressed 1-year functional limitation (RMDQ) on the mean hours of each activity
in the first 8 weeks and found no association. Whether "no association" is informative depends
on how small an effect the sample could have detected; :func:`minimal_detectable_effect`
answers that with statsmodels' F-test power for Cohen's f² (``FTestPowerF2``).
:func:`ols_by_exposure` fits one OLS model per exposure and returns the slopes as a tidy table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.power import FTestPowerF2

__all__ = ["minimal_detectable_effect", "ols_by_exposure", "residual_sd"]


def _check_probability(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number between 0 and 1, not {type(value).__name__}.")
    if not 0 < float(value) < 1:
        percent = f" (for {value:g}% write {float(value) / 100:g})" if 1 < float(value) < 100 else ""
        raise ValueError(f"{name} must lie strictly between 0 and 1, a proportion (got {value}){percent}.")
    return float(value)


def minimal_detectable_effect(
    n: int | Sequence[int],
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    n_covariates: int = 0,
    sd_exposure: float | None = None,
    sd_outcome: float | None = None,
) -> pd.DataFrame:
    """Smallest slope an OLS regression of ``n`` people detects with the given power.

    The test of one slope in a linear model with ``n_covariates`` other terms is an F test with
    1 and ``n - n_covariates - 2`` degrees of freedom. Solving its power for Cohen's f² gives the
    minimal detectable effect, reported as f², as the (partial) correlation
    ``r = sqrt(f² / (1 + f²))`` and, when both standard deviations are given, as a slope in
    outcome units per exposure unit, ``r * sd_outcome / sd_exposure``. With covariates the
    partial correlation converts exactly only with the *residual* SDs (the SDs left after
    regressing outcome and exposure on the covariates, :func:`residual_sd`): adjusting for
    baseline RMDQ removes much of the 1-year RMDQ's spread, so raw SDs overstate the slope.
    By Cohen's conventions r = 0.1, 0.3 and 0.5 are small, medium and large correlations.

    Parameters
    ----------
    n : int or sequence of int
        Sample size(s); one row of output each.
    alpha : float
        Two-sided significance level.
    power : float
        Desired power.
    n_covariates : int
        Number of other terms (e.g. baseline RMDQ) in the model besides the exposure.
    sd_exposure, sd_outcome : float, optional
        Standard deviations used to express the effect as a slope; with covariates, pass the
        residual SDs (see above). They are assumptions unless taken from data; FLAReS did not
        publish them.

    Returns
    -------
    pandas.DataFrame
        Columns ``n``, ``alpha``, ``power``, ``df_denom``, ``f2``, ``partial_r`` and, if both
        SDs are given, ``slope``.

    Raises
    ------
    ValueError
        If a sample size leaves fewer than 1 residual degree of freedom, or alpha/power are not
        in (0, 1).

    Examples
    --------
    >>> from lbpkit.flares.longterm import minimal_detectable_effect
    >>> mde = minimal_detectable_effect([71, 416])
    >>> bool(mde.loc[0, "partial_r"] > mde.loc[1, "partial_r"])
    True
    >>> round(float(mde.loc[0, "partial_r"]), 2)
    0.32
    """
    alpha = _check_probability(alpha, "alpha")
    power = _check_probability(power, "power")
    if isinstance(n_covariates, bool) or not isinstance(n_covariates, (int, np.integer)) or n_covariates < 0:
        raise ValueError(f"n_covariates must be a whole number >= 0 (got {n_covariates!r}).")
    sizes = [n] if np.isscalar(n) else list(n)
    if not sizes:
        raise ValueError("n is empty: give at least one sample size.")
    if (sd_exposure is None) != (sd_outcome is None):
        raise ValueError("Give both sd_exposure and sd_outcome (to express the effect as a slope), or neither.")
    for sd, name in ((sd_exposure, "sd_exposure"), (sd_outcome, "sd_outcome")):
        if sd is not None and not (isinstance(sd, (int, float, np.floating)) and sd > 0):
            raise ValueError(f"{name} must be a positive number (got {sd!r}).")
    rows = []
    solver = FTestPowerF2()
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
            raise TypeError(f"Each sample size in n must be a whole number, not {size!r}.")
        df_denom = int(size) - int(n_covariates) - 2
        if df_denom < 1:
            raise ValueError(
                f"n = {size} leaves {df_denom} residual degrees of freedom with {n_covariates} covariate(s); "
                "a slope cannot be tested. Use a larger n or fewer covariates."
            )
        f2 = float(np.asarray(solver.solve_power(effect_size=None, df_num=1, df_denom=df_denom,
                                                 alpha=alpha, power=power)).item())
        row = {"n": int(size), "alpha": alpha, "power": power, "df_denom": df_denom, "f2": f2,
               "partial_r": math.sqrt(f2 / (1 + f2))}
        if sd_exposure is not None:
            row["slope"] = row["partial_r"] * float(sd_outcome) / float(sd_exposure)
        rows.append(row)
    return pd.DataFrame(rows)


def ols_by_exposure(
    data: pd.DataFrame,
    *,
    outcome: str,
    exposures: Sequence[str],
    covariates: Sequence[str] = (),
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Fit ``outcome ~ exposure + covariates`` by OLS, once per exposure; return the slopes.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person.
    outcome : str
        Column of the outcome (e.g. 1-year RMDQ).
    exposures : sequence of str
        Columns to test one at a time (e.g. mean hours of each activity in weeks 1–8).
    covariates : sequence of str
        Columns added to every model (e.g. baseline RMDQ).
    alpha : float
        1 − confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``exposure``; columns ``slope``, ``se``, ``ci_lower``, ``ci_upper``,
        ``p_value``, ``n``.

    Raises
    ------
    ValueError
        If a column is missing or rows have missing values in the model's columns (drop or
        impute them first; nothing is dropped silently).

    Examples
    --------
    >>> import pandas as pd
    >>> from lbpkit.flares.longterm import ols_by_exposure
    >>> people = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 5.5], "x": [0.0, 1.0, 2.0, 3.0, 4.0]})
    >>> table = ols_by_exposure(people, outcome="y", exposures=["x"])
    >>> round(float(table.loc["x", "slope"]), 2)
    1.1
    """
    alpha = _check_probability(alpha, "alpha")
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}.")
    if isinstance(exposures, str) or isinstance(covariates, str):
        raise TypeError("exposures and covariates must be lists of column names, e.g. ['lifting'].")
    if len(exposures) == 0:
        raise ValueError("exposures is empty: name at least one column.")
    needed = [outcome, *exposures, *covariates]
    missing = [column for column in needed if column not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} not in data; available: {list(data.columns)}.")
    rows = []
    for exposure in exposures:
        columns = [outcome, exposure, *covariates]
        frame = data[columns].astype(float)
        if frame.isna().any().any():
            bad = frame.columns[frame.isna().any()].tolist()
            raise ValueError(f"Missing values in column(s) {bad}; drop or impute those rows before fitting.")
        design = sm.add_constant(frame[[exposure, *covariates]], has_constant="add")
        fit = sm.OLS(frame[outcome], design).fit()
        low, high = fit.conf_int(alpha=alpha).loc[exposure]
        rows.append({"exposure": exposure, "slope": float(fit.params[exposure]), "se": float(fit.bse[exposure]),
                     "ci_lower": float(low), "ci_upper": float(high), "p_value": float(fit.pvalues[exposure]),
                     "n": int(fit.nobs)})
    return pd.DataFrame(rows).set_index("exposure")


def residual_sd(data: pd.DataFrame, column: str, *, covariates: Sequence[str]) -> float:
    """Standard deviation of ``column`` left after an OLS regression on ``covariates``.

    The partial correlation of an outcome and an exposure given covariates turns into their
    adjusted OLS slope as ``partial_r * residual_sd(outcome) / residual_sd(exposure)`` (both
    residuals with ``n - 1 - len(covariates)`` degrees of freedom); pass these SDs to
    :func:`minimal_detectable_effect` to express a detectable effect in outcome units.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person, no missing values in the columns used.
    column : str
        The variable whose residual spread is wanted.
    covariates : sequence of str
        The adjustment variables (an empty list gives the ordinary SD).

    Returns
    -------
    float

    Examples
    --------
    >>> import pandas as pd
    >>> from lbpkit.flares.longterm import residual_sd
    >>> people = pd.DataFrame({"y": [1.0, 2.0, 3.0, 5.0], "base": [1.0, 2.0, 3.0, 4.0]})
    >>> round(residual_sd(people, "y", covariates=[]), 3), round(residual_sd(people, "y", covariates=["base"]), 3)
    (1.708, 0.387)
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}.")
    if isinstance(covariates, str):
        raise TypeError("covariates must be a list of column names, e.g. ['rmdq_baseline'].")
    missing = [c for c in (column, *covariates) if c not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} not in data; available: {list(data.columns)}.")
    frame = data[[column, *covariates]].astype(float)
    if frame.isna().any().any():
        raise ValueError(f"Missing values in column(s) {frame.columns[frame.isna().any()].tolist()}; drop or impute those rows first.")
    df_resid = len(frame) - 1 - len(covariates)
    if df_resid < 1:
        raise ValueError(f"{len(frame)} rows leave no residual degrees of freedom with {len(covariates)} covariate(s).")
    fit = sm.OLS(frame[column], sm.add_constant(frame[list(covariates)], has_constant="add")).fit()
    return float(math.sqrt(float(np.sum(fit.resid ** 2)) / df_resid))
