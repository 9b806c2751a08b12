"""Table-based estimators: the matched-pair odds ratio (b/c) with McNemar's test, and the
Mantel–Haenszel odds ratio through statsmodels' ``StratifiedTable``. Re-exported by
:mod:`lbpkit.estimate`."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.stats.contingency_tables import StratifiedTable, mcnemar

from lbpkit.engine.checks import check_clogit_input

__all__ = ["pair_odds_ratio", "discordant_pairs", "mantel_haenszel"]


def _result_frame(name: str, log_or: float, se: float, alpha: float, **extra) -> pd.DataFrame:
    z = norm.ppf(1 - alpha / 2)
    row = {
        "log_or": log_or,
        "se": se,
        "odds_ratio": np.exp(log_or),
        "ci_lower": np.exp(log_or - z * se),
        "ci_upper": np.exp(log_or + z * se),
        "p_value": 2 * norm.sf(abs(log_or / se)),
        **extra,
    }
    return pd.DataFrame([row], index=pd.Index([name], name="exposure"))


def pair_odds_ratio(
    case_only: int,
    referent_only: int,
    *,
    alpha: float = 0.05,
    exposure: str = "exposure",
) -> pd.DataFrame:
    """Matched-pair odds ratio from the discordant pairs, with its CI and McNemar's test.

    In 1:1 matched data (one case window and one referent window per person) only discordant
    pairs are informative: OR = b / c, where b pairs had the exposure in the case window only
    and c in the referent window only.

    Parameters
    ----------
    case_only, referent_only : int
        Discordant pair counts b and c (both must be positive).
    alpha : float, default 0.05
        1 - confidence level.
    exposure : str, default "exposure"
        Row label of the result.

    Returns
    -------
    DataFrame
        One row: ``log_or``, ``se`` = sqrt(1/b + 1/c), ``odds_ratio``, ``ci_lower``,
        ``ci_upper``, ``p_value`` (Wald), ``mcnemar_chi2`` and ``mcnemar_p`` (without continuity
        correction, via statsmodels' ``mcnemar``), ``case_only``, ``referent_only``.

    Examples
    --------
    Breslow–Day's bdendo11 pairs: 29 with only the case exposed to oestrogen, 3 with only the
    control exposed.

    >>> res = pair_odds_ratio(29, 3, exposure="oestrogen")
    >>> res[["odds_ratio", "ci_lower", "ci_upper", "mcnemar_chi2"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
               odds_ratio  ci_lower  ci_upper  mcnemar_chi2
    exposure
    oestrogen       9.667     2.945    31.733        21.125
    """
    for name, value in (("case_only", case_only), ("referent_only", referent_only)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 0:
            raise ValueError(f"`{name}` must be a non-negative whole number of pairs, got {value!r}.")
    if case_only == 0 or referent_only == 0:
        raise ValueError(
            f"With {case_only} case-only and {referent_only} referent-only discordant pairs the odds "
            "ratio is 0, infinite or undefined and has no Wald interval. Report the counts, or use an "
            "exact (binomial) interval for b / (b + c)."
        )
    if not 0 < alpha < 1:
        raise ValueError(f"`alpha` must be between 0 and 1, got {alpha!r}.")
    test = mcnemar(np.array([[0, case_only], [referent_only, 0]]), exact=False, correction=False)
    log_or = float(np.log(case_only / referent_only))
    se = float(np.sqrt(1 / case_only + 1 / referent_only))
    out = _result_frame(
        exposure, log_or, se, alpha,
        mcnemar_chi2=float(test.statistic), mcnemar_p=float(test.pvalue),
        case_only=int(case_only), referent_only=int(referent_only),
    )
    out.attrs.update(n_pairs_discordant=int(case_only + referent_only), alpha=alpha, method="matched pairs b/c")
    return out


def discordant_pairs(data: pd.DataFrame, outcome: str, exposure: str, strata: str) -> pd.Series:
    """Count the four kinds of pairs in 1:1 matched data with a 0/1 exposure.

    Parameters
    ----------
    data : DataFrame
        Exactly two rows per stratum: one with ``outcome`` 1, one with 0.
    outcome, exposure, strata : str
        Column names; ``exposure`` must be coded 0/1.

    Returns
    -------
    Series
        ``both``, ``case_only``, ``referent_only``, ``neither`` (pair counts).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"id": [1, 1, 2, 2, 3, 3], "case": [1, 0, 1, 0, 1, 0],
    ...                   "lifting": [1, 0, 1, 1, 0, 1]})
    >>> discordant_pairs(d, "case", "lifting", "id").to_dict()
    {'both': 1, 'case_only': 1, 'referent_only': 1, 'neither': 0}
    """
    checked = check_clogit_input(data, outcome, exposure, strata, check_separation=False)
    x = checked.X[:, 0]
    if not np.isin(x, (0, 1)).all():
        raise ValueError(f"The exposure {exposure!r} must be coded 0/1 for a pair table.")
    n = np.bincount(checked.strata)
    if not np.all(n == 2):
        raise ValueError(
            f"A pair table needs exactly one case and one referent window per stratum, but {int((n != 2).sum())} "
            f"strata of {strata!r} have {sorted(set(n.tolist()) - {2})} rows. Use mantel_haenszel or "
            "conditional_logit for 1:M or several-event strata."
        )
    xc = np.bincount(checked.strata, weights=x * checked.y).astype(int)
    xr = np.bincount(checked.strata, weights=x * (1 - checked.y)).astype(int)
    return pd.Series(
        {
            "both": int(np.sum((xc == 1) & (xr == 1))),
            "case_only": int(np.sum((xc == 1) & (xr == 0))),
            "referent_only": int(np.sum((xc == 0) & (xr == 1))),
            "neither": int(np.sum((xc == 0) & (xr == 0))),
        },
        name="pairs",
    )


def mantel_haenszel(
    data: pd.DataFrame,
    outcome: str,
    exposure: str,
    strata: str,
    *,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Mantel–Haenszel odds ratio over matched sets, via statsmodels' ``StratifiedTable``.

    Each stratum gives a 2×2 table of exposure (0/1) by window role (case/referent); the
    pooled odds ratio, its Robins–Breslow–Greenland standard error and the Mantel–Haenszel test
    (no continuity correction) come from ``StratifiedTable(tables, shift_zeros=False)``.

    Parameters
    ----------
    data : DataFrame
    outcome : str
        0/1 column, 1 for the case window.
    exposure : str
        0/1 exposure column.
    strata : str
        Matched-set column.
    alpha : float, default 0.05

    Returns
    -------
    DataFrame
        One row: the standard result columns plus ``mh_chi2`` and ``mh_p``; ``.attrs`` has
        ``n_obs``, ``n_strata``, ``n_cases``, ``n_strata_dropped``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"id": [1, 1, 1, 2, 2, 2, 3, 3, 3], "case": [1, 0, 0] * 3,
    ...                   "lifting": [1, 0, 0, 1, 1, 0, 0, 1, 0]})
    >>> round(float(mantel_haenszel(d, "case", "lifting", "id")["odds_ratio"].iloc[0]), 3)
    3.0
    """
    checked = check_clogit_input(data, outcome, exposure, strata, check_separation=False)
    x = checked.X[:, 0]
    if not np.isin(x, (0, 1)).all():
        raise ValueError(
            f"Mantel–Haenszel needs a 0/1 exposure, but {exposure!r} has other values; use "
            "conditional_logit for a continuous exposure."
        )
    k = int(checked.strata.max()) + 1
    tables = np.zeros((2, 2, k))
    for i, xv in enumerate((1, 0)):
        for j, yv in enumerate((1, 0)):
            tables[i, j] = np.bincount(checked.strata, weights=(x == xv) & (checked.y == yv), minlength=k)
    st = StratifiedTable(tables, shift_zeros=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        log_or = float(st.logodds_pooled)
        se = float(st.logodds_pooled_se)
    if not (np.isfinite(log_or) and np.isfinite(se)):
        raise ValueError(
            f"The Mantel–Haenszel odds ratio for {exposure!r} is 0 or infinite: no stratum has the "
            "exposure in the case window only, or none in a referent window only. Report the counts."
        )
    test = st.test_null_odds(correction=False)
    out = _result_frame(exposure, log_or, se, alpha, mh_chi2=float(test.statistic), mh_p=float(test.pvalue))
    out.attrs.update(
        n_obs=int(x.size), n_strata=k, n_cases=int(checked.y.sum()),
        n_strata_dropped=checked.n_strata_dropped, alpha=alpha, method="Mantel-Haenszel",
    )
    return out
