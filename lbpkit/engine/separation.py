"""Does a finite estimate exist? The exact test for (quasi-complete) separation, as a linear program.

For maintainers, and for learners who meet :class:`~lbpkit.SeparationError`: the conditional
maximum-likelihood estimate of a matched design is infinite exactly when some combination ``d``
of the exposures is at least as high in every case as in each of its referents, and higher in at
least one (Albert & Anderson 1984, for the conditional likelihood). Then the likelihood keeps
rising along ``d`` and no finite estimate exists. When no such ``d`` exists, the estimate is
finite, however flat the likelihood (nearly collinear exposures give a finite estimate with a
large standard error, not separation). :func:`separating_direction` decides this with one small
linear program (scipy's HiGHS), so the engine can name the real cause of a failed fit.

References
----------
Albert A, Anderson JA. On the existence of maximum likelihood estimates in logistic regression
models. Biometrika 1984;71(1):1–10. doi:10.1093/biomet/71.1.1
Konis K. Linear programming algorithms for detecting separated data in binary logistic
regression models. DPhil thesis, University of Oxford, 2007 (the LP formulation).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from lbpkit.engine.clogit import SeparationError

__all__ = ["separating_direction", "case_minus_referents", "explain_no_estimate", "FLAT_LIKELIHOOD"]

# In the LP the exposures are scaled to a largest difference of 1 and d lies in [-1, 1]: a margin
# below _STRICT is rounding, not separation; a violation above _SLACK is not separation either.
_STRICT = 1e-7
_SLACK = 1e-9


def case_minus_referents(y: np.ndarray, X: np.ndarray, strata: np.ndarray, *, counts: bool = False) -> np.ndarray:
    """Rows ``x_case - x_other`` for every case and every non-case row of its stratum.

    With ``counts=True`` (conditional Poisson: ``y`` holds counts) every day with events is
    compared with every other day of its stratum, event days included: each event is a draw
    among the stratum's days, so the likelihood rises for ever only if all event days tie at the
    top.

    Examples
    --------
    >>> import numpy as np
    >>> case_minus_referents(np.array([1, 0, 0]), np.array([[2.0], [1.0], [0.0]]), np.array([0, 0, 0])).ravel().tolist()
    [1.0, 2.0]
    """
    y = np.asarray(y)
    X = np.asarray(X, dtype=float).reshape(len(y), -1)
    strata = np.asarray(strata)
    order = np.argsort(strata, kind="stable")
    y, X, strata = y[order], X[order], strata[order]
    starts = np.flatnonzero(np.r_[True, strata[1:] != strata[:-1]])
    ends = np.r_[starts[1:], len(strata)]
    parts = []
    for a, b in zip(starts, ends):
        is_case = y[a:b] > 0 if counts else y[a:b] == 1
        cases, others = X[a:b][is_case], (X[a:b] if counts else X[a:b][~is_case])
        if len(cases) and len(others) > (1 if counts else 0):
            parts.append((cases[:, None, :] - others[None, :, :]).reshape(-1, X.shape[1]))
    return np.concatenate(parts) if parts else np.zeros((0, X.shape[1]))


def separating_direction(diffs: np.ndarray) -> np.ndarray | None:
    """A direction along which the conditional likelihood rises for ever, or None if there is none.

    Parameters
    ----------
    diffs : array, shape (n_rows, p)
        ``x_case - x_referent`` for every case and each of its referents (one event per set: its
        hazard window minus each referent window).

    Returns
    -------
    ndarray of shape (p,) or None
        ``d`` with ``diffs @ d >= 0`` in every row and ``> 0`` in some row (the data are
        separated: no finite estimate), or None (a finite estimate exists if the exposures are
        not exactly collinear).

    Examples
    --------
    Every case is more exposed than its referent: separated.

    >>> import numpy as np
    >>> separating_direction(np.array([[1.0], [2.0]])) is not None
    True
    >>> separating_direction(np.array([[1.0], [-1.0]])) is None
    True
    """
    D = np.asarray(diffs, dtype=float)
    if D.ndim == 1:
        D = D[:, None]
    D = D[np.isfinite(D).all(axis=1)]
    scale = np.abs(D).max(axis=0) if len(D) else np.zeros(D.shape[1])
    used = scale > 0
    if not used.any():
        return None
    Ds = D[:, used] / scale[used]
    result = linprog(-Ds.sum(axis=0), A_ub=-Ds, b_ub=np.zeros(len(Ds)), bounds=[(-1.0, 1.0)] * Ds.shape[1],
                     method="highs")
    if result.status != 0 or result.x is None:
        return None
    margins = Ds @ result.x
    if margins.max() <= _STRICT or margins.min() < -_SLACK:
        return None
    direction = np.zeros(D.shape[1])
    direction[used] = result.x / scale[used]
    return direction


# An SE beyond this many within-stratum SDs of its exposure means a flat likelihood: either the
# estimate is infinite (separation) or the data hold almost no information on it.
FLAT_LIKELIHOOD = 1e3

_SEPARATED = (
    "The estimates are diverging towards infinity (quasi-complete separation): {what} is always at "
    "least as high in the cases as in all their referents (and higher in some), so the likelihood keeps "
    "rising as the odds ratio grows without bound. Check the data for an exposure that is recorded only "
    "for cases, combine categories, or report the discordant-pair counts instead."
)


def explain_no_estimate(y, X, strata, exposures: list[str], *, weights=None, counts: bool = False) -> None:
    """Raise the error that names why a fit found no estimate: :class:`SeparationError` when the data
    are separated (naming the exposure or combination), else a ValueError for a likelihood too flat
    to locate a finite estimate (too little information: nearly collinear exposures, tiny weights)."""
    y = np.asarray(y)
    X = np.asarray(X, dtype=float).reshape(len(y), -1)
    strata = np.asarray(strata)
    if weights is not None:
        keep = np.asarray(weights, dtype=float) > 0
        y, X, strata = y[keep], X[keep], strata[keep]
    direction = separating_direction(case_minus_referents(y, X, strata, counts=counts))
    if direction is not None:
        used = np.flatnonzero(np.abs(direction) > 1e-9 * np.abs(direction).max())
        if used.size == 1:
            what = f"the exposure {exposures[int(used[0])]!r}" + (" (alone)" if direction[used[0]] > 0 else " (reversed)")
        else:
            what = "the combination " + " ".join(f"{direction[j]:+.3g}*{exposures[j]}" for j in used)
        raise SeparationError(_SEPARATED.format(what=what))
    raise ValueError(
        f"The data are not separated, so a finite estimate of {exposures} exists, but the likelihood is too "
        "flat to locate it reliably: the data carry almost no information on these exposures (nearly collinear "
        "exposures within strata, an exposure that varies in very few strata, or frequency weights that add up "
        "to a tiny number of strata). Drop or combine exposures, or check the weights."
    )
