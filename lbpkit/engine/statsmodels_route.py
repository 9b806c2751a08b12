"""The ``engine="statsmodels"`` of :func:`lbpkit.conditional_logit`: statsmodels'
``ConditionalLogit``, made safe for exposures in any unit.

statsmodels evaluates the conditional likelihood with ``exp(x·β)`` outside log space, and its
Newton steps and convergence test are in the units of the exposures as given. Exposures in large
units overflow; exposures in tiny units (×1e-8) or on very different scales stop Newton early with
a wrong answer or SEs that are several percent off. We therefore fit it on exposures centred
within each stratum (the conditional likelihood is unchanged by a per-stratum shift) and divided
by their within-stratum SD, and transform the estimates and covariance back. Where it still cannot
be trusted (overflow, Newton not converged, a stratum too large for its recursion) it refuses
with a message that points to the kit's own engine.
"""

from __future__ import annotations

import warnings

import numpy as np
from statsmodels.discrete.conditional_models import ConditionalLogit
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from lbpkit.engine.clogit import SeparationError, column_rms

__all__ = ["fit_statsmodels"]

_DIVERGE_AT = 30.0  # the fast engine's rule: an OR per within-stratum SD beyond e**30
_MAX_SE_RATIO = 1e3
_DIVERGING = (
    "The estimates are diverging towards infinity (quasi-complete separation): some combination "
    "of the exposures is always at least as high in the cases as in all their referents. Check for "
    "an exposure recorded only for cases, combine categories, or report the discordant-pair counts "
    "instead."
)


def _standardise(X: np.ndarray, strata: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    counts = np.bincount(strata)
    means = np.stack([np.bincount(strata, weights=col, minlength=counts.size) for col in X.T], axis=1)
    Xc = X - (means / counts[:, None])[strata]
    sd = column_rms(Xc)
    scale = np.where(sd > 0, sd, 1.0)
    return Xc / scale, scale


def fit_statsmodels(y: np.ndarray, X: np.ndarray, strata: np.ndarray, *, cluster: np.ndarray | None = None):
    """Fit with statsmodels on standardised exposures.

    ``strata`` and ``cluster`` are integer codes per row (every stratum informative, each inside
    one cluster). Returns ``(params, cov, cov_model, llf, caught_warnings, n_clusters)`` per unit
    of each exposure as given; ``cov`` is the cluster-robust covariance when ``cluster`` is
    given (R's, no small-sample factor), else ``cov_model``.
    """
    Xs, scale = _standardise(np.asarray(X, dtype=float), strata)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = ConditionalLogit(y, Xs, groups=strata)
            result = model.fit(method="newton", maxiter=100, disp=False)
        except RecursionError:
            raise ValueError(
                "statsmodels' ConditionalLogit hit Python's recursion limit: a stratum is too large "
                f"({np.bincount(strata).max()} rows) for its recursive likelihood. Use engine='fast'."
            ) from None
        except np.linalg.LinAlgError:
            # Exact collinearity was ruled out before fitting: a flat likelihood at infinity is left.
            raise SeparationError(_DIVERGING + " (statsmodels' Newton met a singular information matrix.)") from None
    params_std = np.asarray(result.params, dtype=float)
    overflow = [w for w in caught if "overflow" in str(w.message)]
    if overflow or not np.all(np.isfinite(params_std)) or not np.isfinite(result.llf):
        raise ValueError(
            "statsmodels' ConditionalLogit overflowed (its likelihood is not computed in log space; "
            "this happens with large strata holding many events). Use engine='fast'."
        )
    cov_std = np.asarray(result.cov_params(), dtype=float)
    se_std = np.sqrt(np.abs(np.diag(cov_std)))
    if np.any(np.abs(params_std) > _DIVERGE_AT) or np.any(~np.isfinite(se_std)) or np.any(se_std > _MAX_SE_RATIO):
        raise SeparationError(_DIVERGING)
    # Converged means the Newton step left at the estimate is negligible (in SD units).
    remaining = cov_std @ np.asarray(model.score(params_std), dtype=float)
    not_converged = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    if not_converged or not np.all(np.abs(remaining) < 1e-6):
        raise ValueError(
            "statsmodels' ConditionalLogit did not converge (Newton, 100 steps), so its estimate "
            "cannot be trusted. Use engine='fast' (the default)."
        )
    other = [w for w in caught if not issubclass(w.category, (DeprecationWarning, FutureWarning))]
    back = np.outer(scale, scale)
    cov_model = cov_std / back
    cov, n_clusters = cov_model, None
    if cluster is not None:
        # statsmodels numbers the groups in order of first appearance.
        _, first = np.unique(strata, return_index=True)
        group_cluster = np.asarray(cluster)[np.sort(first)]
        scores = np.array([model.score_grp(g, params_std) for g in range(model._n_groups)])
        labels, index = np.unique(group_cluster, return_inverse=True)
        U = np.zeros((labels.size, scores.shape[1]))
        np.add.at(U, index, scores)
        robust = cov_std @ (U.T @ U) @ cov_std
        cov, n_clusters = (robust + robust.T) / 2 / back, int(labels.size)
    return params_std / scale, cov, cov_model, float(result.llf), other, n_clusters
