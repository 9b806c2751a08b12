"""Estimators for case-crossover data: conditional logistic regression (the kit's own exact,
vectorised engine by default, or statsmodels'), with frequency weights and person-clustered
standard errors; the matched-pair odds ratio with McNemar's test, Mantel–Haenszel, and the
case-time-control estimate.

Every estimator returns a tidy DataFrame with the columns ``log_or``, ``se``, ``odds_ratio``,
``ci_lower``, ``ci_upper`` and ``p_value`` (Wald, normal approximation) and the counts behind it
in ``.attrs``.

References
----------
Gail MH, Lubin JH, Rubinstein LV. Likelihood calculations for matched case-control studies and
survival studies with tied death times. Biometrika 1981;68:703–707.
Breslow NE, Day NE. Statistical Methods in Cancer Research, Vol. 1. IARC, 1980.
Lin DY, Wei LJ. The robust inference for the Cox proportional hazards model. J Am Stat Assoc
1989;84:1074–1078. doi:10.1080/01621459.1989.10478874 (the robust variance R ``survival`` uses).
Suissa S. The case-time-control design. Epidemiology 1995;6:248–253.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import norm

from lbpkit.engine.checks import check_clogit_input
from lbpkit.engine.clogit import SeparationError
from lbpkit.engine.fit_arrays import fit_conditional_logit_arrays
from lbpkit.engine.pairs import discordant_pairs, mantel_haenszel, pair_odds_ratio
from lbpkit.engine.statsmodels_route import fit_statsmodels

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
ENGINES = ("fast", "statsmodels")


def _check_alpha(alpha: float) -> float:
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise ValueError(f"`alpha` must be a number between 0 and 1 (e.g. 0.05 for 95% CIs), got {alpha!r}.")
    return float(alpha)


def _wald_table(names: list[str], log_or: np.ndarray, se: np.ndarray, alpha: float) -> pd.DataFrame:
    z = norm.ppf(1 - alpha / 2)
    log_or, se = np.asarray(log_or, dtype=float), np.asarray(se, dtype=float)
    # An OR per tiny unit (e.g. per 1e-8 hours) can exceed the largest float: report it as inf.
    with np.errstate(over="ignore"):
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


def conditional_logit(
    data: pd.DataFrame,
    outcome: str,
    exposures: str | Sequence[str],
    strata: str,
    *,
    engine: str = "fast",
    alpha: float = 0.05,
    missing: str = "raise",
    weights: str | None = None,
    cluster: str | None = None,
    cluster_df_correction: bool = False,
) -> pd.DataFrame:
    """Conditional logistic regression for case-crossover (or matched case-control) data.

    Parameters
    ----------
    data : DataFrame
        One row per window (or per person in a matched set).
    outcome : str
        0/1 column: 1 for a case (hazard) window, 0 for a referent window.
    exposures : str or list of str
        Numeric exposure column(s), in any unit. No intercept: each stratum's baseline is
        conditioned away.
    strata : str
        Column identifying the matched sets (one event, or one person with several events).
    engine : {"fast", "statsmodels"}, default "fast"
        ``"fast"`` (the default) is the kit's exact conditional likelihood in log space: it gives
        the same answer as R ``survival::clogit(method="exact")`` whatever the unit of an
        exposure, copes with strata of thousands of rows, and is hundreds of times faster.
        ``"statsmodels"`` fits statsmodels' ``ConditionalLogit`` (Newton), for teaching and
        cross-checks; the kit fits it on standardised exposures so it too is right in any unit,
        and it refuses (ValueError) where it cannot be trusted: overflow, no convergence, a
        stratum too large for its recursion, or ``weights``.
    alpha : float, default 0.05
        1 - confidence level of the Wald intervals.
    missing : {"raise", "drop"}, default "raise"
        What to do with rows that have missing values (in any column used, weights and cluster
        included); ``"drop"`` warns and counts them.
    weights : str, optional
        Column of frequency weights, the same in every row of a stratum: a stratum of weight w
        counts as w identical strata (e.g. a case day standing for that day's deaths, as in a
        time-series case-crossover). Weights need not be whole numbers; strata of weight 0 are
        left out with a warning. The SE is model-based (the inverse of the weighted information;
        R ``coxph``/``clogit`` switch to a robust SE by default when weights are not whole
        numbers: compare with ``robust = FALSE`` there). Only with ``engine="fast"``.
    cluster : str, optional
        Column of cluster labels (e.g. ``"participant_id"``), each stratum inside one cluster. The
        ``se`` (and CI and p) are then the cluster-robust sandwich, A⁻¹ (Σ_c U_c U_cᵀ) A⁻¹,
        with A the information and U_c the summed (weighted) scores of cluster c: R
        ``survival``'s robust variance (Lin & Wei 1989), with no small-sample factor. With several
        events in a stratum the scores are those of the exact likelihood (R offers no robust
        variance for its exact method). Unreliable with few clusters (say under 30).
    cluster_df_correction : bool, default False
        Multiply the clustered variance by G / (G - 1) for G clusters (as Stata's
        ``vce(cluster)``), a small-sample correction R does not make.

    Returns
    -------
    DataFrame
        Indexed by exposure, columns ``log_or``, ``se``, ``odds_ratio``, ``ci_lower``,
        ``ci_upper``, ``p_value``; ``.attrs`` holds ``n_obs``, ``n_strata``, ``n_cases``,
        ``n_strata_dropped``, ``n_rows_dropped``, ``n_rows_missing``, ``engine``, ``alpha``,
        ``log_likelihood``, ``se_type`` (``"model-based"`` or ``"cluster-robust"``), and with
        weights ``weighted_n_cases``, ``weighted_n_strata``, ``n_strata_zero_weight``, with a
        cluster ``n_clusters`` and ``model_based_se`` (dict by exposure).

    Raises
    ------
    ValueError
        Missing or duplicated columns, a non-0/1 outcome, missing values, a constant column, an
        exposure that never varies within a stratum, collinear exposures, no informative
        stratum; weights that are negative or vary within a stratum; a stratum spanning clusters.
    TypeError
        A non-numeric or complex exposure.
    SeparationError
        Perfect separation (a subclass of ValueError).

    Notes
    -----
    Strata with several events are handled exactly: the likelihood sums over all subsets of the
    stratum's rows with as many members as it has events (Gail, Lubin & Rubinstein 1981), like R
    ``survival::clogit(method="exact")`` and Stata ``clogit``. Each exposure is divided by its
    within-stratum SD for fitting and the results are transformed back, so rescaling an exposure
    by any factor rescales its log OR and SE exactly; an OR per a tiny unit that exceeds the
    largest float is reported as ``inf`` (its ``log_or`` stays finite). R cannot combine
    ``method="exact"`` with weights or a cluster; with one event per stratum its other methods
    coincide with the exact one, and the kit matches them (tests/fixtures/R).

    Examples
    --------
    The 1:1 pairs of the Breslow–Day bdendo11 data (29 pairs with only the case exposed,
    3 with only the control exposed) give the odds ratio 29/3:

    >>> import numpy as np
    >>> import pandas as pd
    >>> pair_types = [(1, 1)] * 27 + [(1, 0)] * 29 + [(0, 1)] * 3 + [(0, 0)] * 4
    >>> pairs = pd.DataFrame({"pair": np.repeat(np.arange(63), 2), "case": [1, 0] * 63,
    ...                       "oestrogen": np.ravel(pair_types)})
    >>> fit = conditional_logit(pairs, "case", "oestrogen", "pair")
    >>> fit.round(3)  # doctest: +NORMALIZE_WHITESPACE
               log_or     se  odds_ratio  ci_lower  ci_upper  p_value
    exposure
    oestrogen   2.269  0.606       9.667     2.945    31.733      0.0

    Standard errors clustered on a person who contributed several pairs (here 21 people with
    three pairs each):

    >>> pairs["person"] = pairs["pair"] // 3
    >>> robust = conditional_logit(pairs, "case", "oestrogen", "pair", cluster="person")
    >>> robust.attrs["se_type"], robust.attrs["n_clusters"]
    ('cluster-robust', 21)
    """
    if engine not in ENGINES:
        raise ValueError(f"`engine` must be one of {ENGINES}, got {engine!r}.")
    if engine == "statsmodels" and weights is not None:
        raise ValueError(
            "engine='statsmodels' cannot take `weights`: statsmodels' ConditionalLogit has no "
            "frequency weights. Use engine='fast' (the default)."
        )
    alpha = _check_alpha(alpha)
    checked = check_clogit_input(data, outcome, exposures, strata, missing=missing, weights=weights, cluster=cluster)
    n_clusters = None
    try:
        if engine == "fast":
            fit = fit_conditional_logit_arrays(
                checked.y, checked.X, checked.strata, warn=False, weights=checked.weights,
                cluster=checked.cluster, cluster_df_correction=cluster_df_correction,
            )
            params, cov, cov_model, llf, n_clusters = fit["params"], fit["cov"], fit["cov_model"], fit["llf"], fit["n_clusters"]
        else:
            params, cov, cov_model, llf, caught, n_clusters = fit_statsmodels(
                checked.y, checked.X, checked.strata, cluster=checked.cluster
            )
            if cluster is not None and cluster_df_correction:
                cov = cov * n_clusters / (n_clusters - 1)
            for w in caught:  # statsmodels' own warnings, passed on once the fit is known to be sound
                warnings.warn(w.message, w.category, stacklevel=2)
    except np.linalg.LinAlgError:
        raise ValueError(
            f"The information matrix is singular: the exposures {checked.exposures} are (nearly) "
            "collinear within strata, so their effects cannot be separated. Drop one of them."
        ) from None
    out = _wald_table(checked.exposures, params, np.sqrt(np.diag(cov)), alpha)
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
        se_type="model-based" if cluster is None else "cluster-robust",
    )
    if weights is not None:
        w = np.zeros(d.size)
        w[checked.strata] = checked.weights
        out.attrs.update(weights=weights, weighted_n_cases=float(w @ d), weighted_n_strata=float(w.sum()),
                         n_strata_zero_weight=checked.n_strata_zero_weight)
    if cluster is not None:
        out.attrs.update(cluster=cluster, n_clusters=n_clusters, cluster_df_correction=bool(cluster_df_correction),
                         model_based_se=dict(zip(checked.exposures, np.sqrt(np.diag(cov_model)).tolist())))
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
