"""The published FLAReS odds-ratio table, made ready to read: recovered SEs and p-values, adjusted
p-values over the ten activities tested, and E-values.

For learners and journal clubs of Part III (notebooks 07–08, the journal-club pack): one call
turns ``data/published/flares_published_or.csv`` into the table the notebooks discuss, with the
general tools of :mod:`lbpkit.published`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from lbpkit.published import adjust_pvalues, e_value, p_value_range, se_from_ci

__all__ = ["published_or_table"]


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
    >>> from lbpkit.flares import published_or_table
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
