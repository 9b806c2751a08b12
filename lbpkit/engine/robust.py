"""The cluster-robust (sandwich) covariance, one for the whole kit: the fast conditional-logit
engine (:mod:`lbpkit.engine.clogit`, from each stratum's score at the estimate) and the
statsmodels route (:mod:`lbpkit.engine.statsmodels_route`) both use :func:`sandwich`. For
maintainers and for learners who want to see what ``cluster=`` computes.

Reference: Lin DY, Wei LJ. The robust inference for the Cox proportional hazards model. J Am
Stat Assoc 1989;84:1074–1078. doi:10.1080/01621459.1989.10478874 (the variance R ``survival``
reports for ``clogit(..., cluster = id)``).
"""

from __future__ import annotations

import numpy as np

from lbpkit.engine.clogit import ClogitArrays, FitResult, stratum_terms

__all__ = ["sandwich", "stratum_scores", "cluster_robust_cov"]


def stratum_scores(beta: np.ndarray, data: ClogitArrays) -> np.ndarray:
    """Each kept stratum's unweighted score vector at ``beta``, shape (n_strata, p), per unit of
    each exposure as given; row k belongs to the stratum whose first row is
    ``data.stratum_first_row[k]``."""
    out = np.empty((data.n_strata, data.n_params))
    for members, _, _, score, _ in stratum_terms(np.asarray(beta, dtype=float) * data.scale, data):
        out[members] = score
    return out * data.scale


def sandwich(bread: np.ndarray, scores: np.ndarray, cluster_of_stratum: np.ndarray, *,
             df_correction: bool = False) -> tuple[np.ndarray, int]:
    """The one sandwich variance of the kit: V = A⁻¹ B A⁻¹ with B = Σ_c U_c U_cᵀ.

    ``bread`` is A⁻¹ (the model-based covariance), ``scores`` each stratum's (weighted) score,
    shape (n_strata, p), and ``cluster_of_stratum`` the cluster of each stratum; U_c sums the
    scores of cluster c. This is R ``survival``'s robust variance (the sum of the dfbeta
    residuals' outer products, no small-sample factor); ``df_correction=True`` multiplies it by
    G / (G - 1) for G clusters, as Stata does. Returns (V, G).

    Examples
    --------
    >>> import numpy as np
    >>> V, G = sandwich(np.eye(1), np.array([[1.0], [-1.0], [2.0]]), np.array([0, 0, 1]))
    >>> float(V[0, 0]), G  # clusters sum to 0 and 2: B = 0 + 4
    (4.0, 2)
    """
    codes, cluster_index = np.unique(np.asarray(cluster_of_stratum), return_inverse=True)
    n_clusters = codes.size
    scores = np.asarray(scores, dtype=float)
    U = np.stack([np.bincount(cluster_index.reshape(-1), weights=col, minlength=n_clusters) for col in scores.T], axis=1)
    cov = bread @ (U.T @ U) @ bread
    if df_correction:
        if n_clusters < 2:
            raise ValueError("A small-sample correction G / (G - 1) needs at least two clusters.")
        cov = cov * n_clusters / (n_clusters - 1)
    return (cov + cov.T) / 2, int(n_clusters)


def cluster_robust_cov(
    fit: FitResult, data: ClogitArrays, cluster_of_stratum: np.ndarray, *, df_correction: bool = False
) -> tuple[np.ndarray, int]:
    """The :func:`sandwich` of the fast engine's fit, clustered on ``cluster_of_stratum`` (integer
    codes, one per kept stratum, each stratum inside one cluster); A is the (weighted) observed
    information, the scores are each stratum's at the estimate times its weight. Returns (V, G)."""
    scores = stratum_scores(fit.params, data) * data.stratum_weight[:, None]
    return sandwich(fit.cov, scores, cluster_of_stratum, df_correction=df_correction)
