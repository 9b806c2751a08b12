"""Estimators for case-crossover data: conditional logistic regression (statsmodels or the kit's
own exact, vectorised engine), the matched-pair odds ratio with McNemar's test, Mantel–Haenszel,
and the case-time-control estimate.

Every estimator returns a tidy DataFrame with the columns ``log_or``, ``se``, ``odds_ratio``,
``ci_lower``, ``ci_upper`` and ``p_value`` (Wald, normal approximation) and the counts behind it
in ``.attrs``.

References
----------
Gail MH, Lubin JH, Rubinstein LV. Likelihood calculations for matched case-control studies and
survival studies with tied death times. Biometrika 1981;68:703–707.
Breslow NE, Day NE. Statistical Methods in Cancer Research, Vol. 1. IARC, 1980.
Suissa S. The case-time-control design. Epidemiology 1995;6:248–253.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.discrete.conditional_models import ConditionalLogit

from lbpkit._checks import check_clogit_input
from lbpkit._clogit import SeparationError, fit_prepared, prepare_arrays
from lbpkit._pairs import discordant_pairs, mantel_haenszel, pair_odds_ratio

__all__ = [
    "conditional_logit",
    "fit_conditional_logit_arrays",
    "pair_odds_ratio",
    "discordant_pairs",
    "mantel_haenszel",
    "case_time_control",
    "SeparationError",
]

RESULT_COLUMNS = ["log_or", "se", "odds_ratio", "ci_lower", "ci_upper", "p_value"]
ENGINES = ("statsmodels", "fast")


def _check_alpha(alpha: float) -> float:
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise ValueError(f"`alpha` must be a number between 0 and 1 (e.g. 0.05 for 95% CIs), got {alpha!r}.")
    return float(alpha)


def _wald_table(names: list[str], log_or: np.ndarray, se: np.ndarray, alpha: float) -> pd.DataFrame:
    z = norm.ppf(1 - alpha / 2)
    log_or, se = np.asarray(log_or, dtype=float), np.asarray(se, dtype=float)
    out = pd.DataFrame(
        {
            "log_or": log_or,
            "se": se,
            "odds_ratio": np.exp(log_or),
            "ci_lower": np.exp(log_or - z * se),
            "ci_upper": np.exp(log_or + z * se),
            "p_value": 2 * norm.sf(np.abs(log_or / se)),
        },
        index=pd.Index(names, name="exposure"),
    )
    return out


def fit_conditional_logit_arrays(
    y: np.ndarray,
    X: np.ndarray,
    strata: np.ndarray,
    *,
    warn: bool = True,
) -> dict:
    """Fit a conditional logistic regression to plain arrays with the fast exact engine.

    The low-level companion of :func:`conditional_logit` for loops over many simulated studies:
    no pandas, light checks. Strata without both an event and a non-event are dropped and
    counted (with a warning unless ``warn=False``).

    Parameters
    ----------
    y : array of 0/1, shape (n,)
        Outcome: 1 for a case window (event), 0 for a referent window.
    X : array, shape (n,) or (n, p)
        Exposures; no intercept column.
    strata : array, shape (n,)
        Stratum labels (any sortable values).
    warn : bool, default True
        Warn when strata are dropped.

    Returns
    -------
    dict
        ``params`` (log odds ratios), ``se``, ``cov``, ``llf``, ``converged``, ``n_iter``,
        ``n_obs``, ``n_strata``, ``n_cases``, ``n_strata_dropped``, ``n_rows_dropped``.

    Raises
    ------
    SeparationError
        If an estimate diverges (perfect or quasi-complete separation).

    Examples
    --------
    Four 1:1 pairs, two with only the case window exposed and one with only the referent window
    exposed: the estimate is log(2/1).

    >>> import numpy as np
    >>> y = np.array([1, 0, 1, 0, 1, 0, 1, 0])
    >>> x = np.array([1, 0, 1, 0, 0, 1, 1, 1])
    >>> s = np.repeat([0, 1, 2, 3], 2)
    >>> fit = fit_conditional_logit_arrays(y, x, s)
    >>> round(float(fit["params"][0]), 4), round(float(np.log(2)), 4), fit["n_strata"]
    (0.6931, 0.6931, 4)
    """
    y = np.asarray(y)
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if not (y.shape[0] == X.shape[0] == np.shape(strata)[0]):
        raise ValueError(f"y, X and strata must have the same length, got {y.shape[0]}, {X.shape[0]}, {np.shape(strata)[0]}.")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y must contain only 0 and 1.")
    if not np.isfinite(X).all():
        raise ValueError("X contains missing or infinite values.")
    prepared = prepare_arrays(y, X, strata)
    if prepared.n_strata == 0:
        raise ValueError("No stratum has both an event (y = 1) and a non-event (y = 0).")
    if warn and prepared.n_strata_dropped:
        warnings.warn(
            f"Dropped {prepared.n_strata_dropped} strata ({prepared.n_rows_dropped} rows) without both "
            "an event and a non-event.",
            UserWarning,
            stacklevel=2,
        )
    res = fit_prepared(prepared)
    return {
        "params": res.params,
        "se": np.sqrt(np.diag(res.cov)),
        "cov": res.cov,
        "llf": res.llf,
        "converged": res.converged,
        "n_iter": res.n_iter,
        "n_obs": prepared.n_obs,
        "n_strata": prepared.n_strata,
        "n_cases": prepared.n_cases,
        "n_strata_dropped": prepared.n_strata_dropped,
        "n_rows_dropped": prepared.n_rows_dropped,
    }


def _fit_statsmodels(y, X, strata) -> tuple[np.ndarray, np.ndarray, float, list]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = ConditionalLogit(y, X, groups=strata).fit(method="newton", maxiter=100, disp=False)
        except RecursionError:
            raise ValueError(
                "statsmodels' ConditionalLogit hit Python's recursion limit: a stratum is too large "
                f"({np.bincount(strata).max()} rows) for its recursive likelihood. Use engine='fast'."
            ) from None
    overflow = [w for w in caught if "overflow" in str(w.message)]
    if overflow or not np.all(np.isfinite(result.params)) or not np.isfinite(result.llf):
        raise ValueError(
            "statsmodels' ConditionalLogit overflowed (its likelihood is not computed in log space; "
            "this happens with large exposure values or large strata). Use engine='fast', or rescale "
            "the exposure (e.g. per 10 units)."
        )
    other = [w for w in caught if not issubclass(w.category, (DeprecationWarning, FutureWarning))]
    return np.asarray(result.params), np.asarray(result.bse), float(result.llf), other


def _check_diverged(params: np.ndarray, se: np.ndarray, checked) -> None:
    """statsmodels stops at a large finite value under separation; apply the fast engine's rule."""
    counts = np.bincount(checked.strata)
    means = np.stack([np.bincount(checked.strata, weights=col) for col in checked.X.T], axis=1) / counts[:, None]
    sd = np.sqrt(((checked.X - means[checked.strata]) ** 2).mean(axis=0))
    if np.any(np.abs(params) * sd > 30) or np.any(~np.isfinite(se)) or np.any(se * sd > 1e3):
        raise SeparationError(
            "The estimates are diverging towards infinity (quasi-complete separation): some "
            "combination of the exposures is always at least as high in the cases as in all their "
            "referents. Check for an exposure recorded only for cases, combine categories, or "
            "report the discordant-pair counts instead."
        )


def conditional_logit(
    data: pd.DataFrame,
    outcome: str,
    exposures: str | Sequence[str],
    strata: str,
    *,
    engine: str = "statsmodels",
    alpha: float = 0.05,
    missing: str = "raise",
) -> pd.DataFrame:
    """Conditional logistic regression for case-crossover (or matched case-control) data.

    Parameters
    ----------
    data : DataFrame
        One row per window (or per person in a matched set).
    outcome : str
        0/1 column: 1 for a case (hazard) window, 0 for a referent window.
    exposures : str or list of str
        Numeric exposure column(s). No intercept: each stratum's baseline is conditioned away.
    strata : str
        Column identifying the matched sets (one event, or one person with several events).
    engine : {"statsmodels", "fast"}
        ``"statsmodels"`` fits statsmodels' ``ConditionalLogit`` with Newton's method;
        ``"fast"`` uses the kit's vectorised exact conditional likelihood (the same estimates,
        much faster, and it copes with large strata and large exposure values).
    alpha : float, default 0.05
        1 - confidence level of the Wald intervals.
    missing : {"raise", "drop"}, default "raise"
        What to do with rows that have missing values; ``"drop"`` warns and counts them.

    Returns
    -------
    DataFrame
        Indexed by exposure, columns ``log_or``, ``se``, ``odds_ratio``, ``ci_lower``,
        ``ci_upper``, ``p_value``; ``.attrs`` holds ``n_obs``, ``n_strata``, ``n_cases``,
        ``n_strata_dropped``, ``n_rows_dropped``, ``n_rows_missing``, ``engine``, ``alpha``,
        ``log_likelihood``.

    Raises
    ------
    ValueError
        Missing columns, a non-0/1 outcome, missing values, a constant column, an exposure that
        never varies within a stratum, collinear exposures, no informative stratum.
    TypeError
        A non-numeric exposure.
    SeparationError
        Perfect separation (a subclass of ValueError).

    Notes
    -----
    Strata with several events are handled exactly: the likelihood sums over all subsets of the
    stratum's rows with as many members as it has events (Gail, Lubin & Rubinstein 1981), like R
    ``survival::clogit(method="exact")`` and Stata ``clogit``.

    Examples
    --------
    The 1:1 pairs of the Breslow–Day bdendo11 data (29 pairs with only the case exposed,
    3 with only the control exposed) give the odds ratio 29/3:

    >>> import numpy as np
    >>> import pandas as pd
    >>> pair_types = [(1, 1)] * 27 + [(1, 0)] * 29 + [(0, 1)] * 3 + [(0, 0)] * 4
    >>> pairs = pd.DataFrame({"pair": np.repeat(np.arange(63), 2), "case": [1, 0] * 63,
    ...                       "oestrogen": np.ravel(pair_types)})
    >>> fit = conditional_logit(pairs, "case", "oestrogen", "pair", engine="fast")
    >>> fit.round(3)  # doctest: +NORMALIZE_WHITESPACE
               log_or     se  odds_ratio  ci_lower  ci_upper  p_value
    exposure
    oestrogen   2.269  0.606       9.667     2.945    31.733      0.0
    """
    if engine not in ENGINES:
        raise ValueError(f"`engine` must be one of {ENGINES}, got {engine!r}.")
    alpha = _check_alpha(alpha)
    checked = check_clogit_input(data, outcome, exposures, strata, missing=missing)
    if engine == "fast":
        fit = fit_conditional_logit_arrays(checked.y, checked.X, checked.strata, warn=False)
        params, se, llf = fit["params"], fit["se"], fit["llf"]
    else:
        params, se, llf, caught = _fit_statsmodels(checked.y, checked.X, checked.strata)
        _check_diverged(params, se, checked)
        for w in caught:  # statsmodels' own warnings, passed on once the fit is known to be finite
            warnings.warn(w.message, w.category, stacklevel=2)
    out = _wald_table(checked.exposures, params, se, alpha)
    d = np.bincount(checked.strata, weights=checked.y)
    out.attrs.update(
        n_obs=int(checked.y.size),
        n_strata=int(d.size),
        n_cases=int(checked.y.sum()),
        n_strata_dropped=checked.n_strata_dropped,
        n_rows_dropped=checked.n_rows_dropped,
        n_rows_missing=checked.n_rows_missing,
        max_events_per_stratum=int(d.max()),
        engine=engine,
        alpha=alpha,
        log_likelihood=llf,
        outcome=outcome,
        strata=strata,
    )
    return out


def case_time_control(
    cases: pd.DataFrame,
    controls: pd.DataFrame,
    outcome: str,
    exposures: str | Sequence[str],
    strata: str,
    *,
    engine: str = "fast",
    alpha: float = 0.05,
    detail: bool = False,
) -> pd.DataFrame:
    """Case-time-control estimate: the case-crossover OR divided by the control-crossover OR.

    The control-crossover analysis applies the same hazard and referent windows to people who
    had no event (their "hazard" window is marked 1 in ``outcome``). Its odds ratio measures the
    drift in exposure between hazard-window and referent-window times that has nothing to do with
    the event (e.g. a time trend), and dividing by it removes that drift (Suissa 1995). The two
    fits use disjoint people, so SE = sqrt(SE_cases² + SE_controls²); this equals a single
    conditional logistic fit with an exposure × case-group interaction.

    Parameters
    ----------
    cases, controls : DataFrame
        Case-crossover data of the cases and control-crossover data of the non-cases, with the
        same columns.
    outcome, exposures, strata : str
        As in :func:`conditional_logit`.
    engine : {"fast", "statsmodels"}, default "fast"
    alpha : float, default 0.05
    detail : bool, default False
        If True, return the three analyses (``case-crossover``, ``control-crossover``,
        ``case-time-control``) stacked, indexed by (analysis, exposure).

    Returns
    -------
    DataFrame
        Like :func:`conditional_logit`; ``.attrs`` holds the counts of both fits
        (``cases_n_strata``, ``controls_n_strata``, ...).

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"id": [1, 1, 2, 2, 3, 3, 4, 4], "hazard": [1, 0] * 4,
    ...                       "x": [1, 0, 1, 0, 1, 0, 0, 1]})
    >>> controls = pd.DataFrame({"id": [5, 5, 6, 6, 7, 7], "hazard": [1, 0] * 3,
    ...                          "x": [1, 0, 0, 1, 1, 0]})
    >>> ctc = case_time_control(cases, controls, "hazard", "x", "id")
    >>> round(float(ctc["odds_ratio"].iloc[0]), 3)  # (3/1) / (2/1)
    1.5
    """
    alpha = _check_alpha(alpha)
    fits = {}
    for label, data in (("case-crossover", cases), ("control-crossover", controls)):
        try:
            fits[label] = conditional_logit(data, outcome, exposures, strata, engine=engine, alpha=alpha)
        except ValueError as err:
            who = "cases" if label == "case-crossover" else "controls"
            raise type(err)(f"In the {label} analysis (`{who}`): {err}") from None
    cc, ctrl = fits["case-crossover"], fits["control-crossover"]
    log_or = cc["log_or"] - ctrl["log_or"]
    se = np.sqrt(cc["se"] ** 2 + ctrl["se"] ** 2)
    out = _wald_table(list(cc.index), log_or.to_numpy(), se.to_numpy(), alpha)
    for prefix, fit in (("cases", cc), ("controls", ctrl)):
        for key in ("n_obs", "n_strata", "n_cases", "n_strata_dropped"):
            out.attrs[f"{prefix}_{key}"] = fit.attrs[key]
    out.attrs.update(engine=engine, alpha=alpha, method="case-time-control")
    if detail:
        fits["case-time-control"] = out
        stacked = pd.concat({k: v[RESULT_COLUMNS] for k, v in fits.items()}, names=["analysis", "exposure"])
        stacked.attrs = dict(out.attrs)
        return stacked
    return out
