"""Cluster-robust (sandwich) covariance for the fast conditional-logit engine
(:mod:`lbpkit.engine.clogit`), from each stratum's score at the estimate.

Reference: Lin DY, Wei LJ. The robust inference for the Cox proportional hazards model. J Am
Stat Assoc 1989;84:1074–1078. doi:10.1080/01621459.1989.10478874 (the variance R ``survival``
reports for ``clogit(..., cluster = id)``).
"""

from __future__ import annotations

import numpy as np

from lbpkit.engine.clogit import ClogitArrays, FitResult, stratum_terms

__all__ = ["stratum_scores", "cluster_robust_cov"]


def stratum_scores(beta: np.ndarray, data: ClogitArrays) -> np.ndarray:
    """Each kept stratum's unweighted score vector at ``beta``, shape (n_strata, p), per unit of
    each exposure as given; row k belongs to the stratum whose first row is
    ``data.stratum_first_row[k]``."""
    out = np.empty((data.n_strata, data.n_params))
    for members, _, _, score, _ in stratum_terms(np.asarray(beta, dtype=float) * data.scale, data):
        out[members] = score
    return out * data.scale


def cluster_robust_cov(
    fit: FitResult, data: ClogitArrays, cluster_of_stratum: np.ndarray, *, df_correction: bool = False
) -> tuple[np.ndarray, int]:
    """Sandwich covariance V = A⁻¹ B A⁻¹ clustered on ``cluster_of_stratum`` (integer codes,
    one per kept stratum, each stratum inside one cluster).

    A is the (weighted) observed information and B = Σ_c U_c U_cᵀ with U_c the weighted sum of
    the scores of the strata in cluster c. This is R ``survival``'s robust variance (the sum of
    the dfbeta residuals' outer products, no small-sample factor); ``df_correction=True``
    multiplies it by G / (G - 1) for G clusters, as Stata does. Returns (V, G).
    """
    scores = stratum_scores(fit.params, data) * data.stratum_weight[:, None]
    codes, cluster_index = np.unique(np.asarray(cluster_of_stratum), return_inverse=True)
    n_clusters = codes.size
    U = np.stack([np.bincount(cluster_index, weights=col, minlength=n_clusters) for col in scores.T], axis=1)
    cov = fit.cov @ (U.T @ U) @ fit.cov
    if df_correction:
        if n_clusters < 2:
            raise ValueError("A small-sample correction G / (G - 1) needs at least two clusters.")
        cov = cov * n_clusters / (n_clusters - 1)
    return (cov + cov.T) / 2, int(n_clusters)
