"""Checks that need the strata, shared by the estimators: weights, clusters, variation within strata.

For maintainers, and for learners who meet one of its messages. The column checks come first
(:mod:`lbpkit.engine.checks`); this module then checks what only the matched sets reveal: that
frequency weights are constant within a stratum, that each stratum lies inside one cluster (and
warns when there are too few clusters for a clustered SE), and that each exposure varies within
strata, on a representable scale, without collinearity or perfect separation.
:func:`check_clogit_input` assembles them for :func:`lbpkit.conditional_logit`;
:func:`lbpkit.conditional_poisson` uses :func:`check_variation` on its days.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lbpkit.engine.checks import _plain, check_frame, exposure_matrix, outcome_array, weight_values
from lbpkit.engine.clogit import SeparationError, column_rms

__all__ = [
    "CheckedData",
    "FewClustersWarning",
    "MIN_RELIABLE_CLUSTERS",
    "check_clogit_input",
    "check_stratum_weights",
    "check_cluster_nesting",
    "check_exposure_scale",
    "check_variation",
    "check_perfect_separation",
    "NEARLY_COLLINEAR",
]


MIN_RELIABLE_CLUSTERS = 30


class FewClustersWarning(UserWarning):
    """Clustered standard errors computed from fewer than about 30 clusters: unreliable (too small)."""


@dataclass
class CheckedData:
    y: np.ndarray
    X: np.ndarray
    strata: np.ndarray  # integer codes
    exposures: list[str]
    n_rows_missing: int
    n_strata_dropped: int
    n_rows_dropped: int
    weights: np.ndarray | None = None  # per row, constant within stratum, > 0
    cluster: np.ndarray | None = None  # integer codes per row, constant within stratum
    n_strata_zero_weight: int = 0


def check_clogit_input(
    data: pd.DataFrame,
    outcome: str,
    exposures: str | Sequence[str],
    strata: str,
    *,
    missing: str = "raise",
    check_separation: bool = True,
    weights: str | None = None,
    cluster: str | None = None,
) -> CheckedData:
    """Validate a case-crossover data frame and return plain arrays ready for fitting."""
    data, exposures, n_rows_missing = check_frame(data, outcome=outcome, exposures=exposures, strata=strata,
                                                  missing=missing, weights=weights, cluster=cluster, stacklevel=4)
    y = outcome_array(data[outcome], outcome)
    X = exposure_matrix(data, exposures)
    codes, labels = pd.factorize(data[strata], sort=True)
    w = None
    if weights is not None:
        w = check_stratum_weights(weight_values(data[weights], weights), codes, labels=labels,
                                  weights_name=weights, strata_name=strata)
    cl = None if cluster is None else pd.factorize(data[cluster], sort=True)[0]

    n = np.bincount(codes)
    d = np.bincount(codes, weights=y, minlength=n.size)
    informative = (d > 0) & (d < n)
    n_no_event = int((d == 0).sum())
    n_all_event = int(((d == n) & (n > 0)).sum()) if (d == n).any() else 0
    n_strata_dropped = int((~informative).sum())
    n_rows_dropped = int((~informative[codes]).sum())
    if not informative.any():
        raise ValueError(
            f"No stratum of {strata!r} has both a case window (outcome 1) and a referent window "
            f"(outcome 0) — {n_no_event} have no event, {n_all_event} have only events. Each stratum "
            "(one person or one event) needs its case window and its referent windows."
        )
    if n_strata_dropped:
        warnings.warn(
            f"Dropped {n_strata_dropped} of {n.size} strata ({n_rows_dropped} rows) that cannot "
            f"inform a conditional analysis: {n_no_event} without any event (outcome 1) and "
            f"{n_all_event} with events only (no referent). They are counted in "
            "attrs['n_strata_dropped'].",
            UserWarning,
            stacklevel=3,
        )
    keep_stratum = informative.copy()
    n_zero = 0
    if w is not None:
        w_stratum = np.zeros(n.size)
        w_stratum[codes] = w
        zero = informative & (w_stratum == 0)
        n_zero = int(zero.sum())
        if n_zero == int(informative.sum()):
            raise ValueError(f"Every informative stratum has weight 0 in {weights!r}: nothing is left to fit.")
        if n_zero:
            warnings.warn(
                f"Left out {n_zero} strata of weight 0 in {weights!r} (they add nothing to the likelihood); "
                "they are counted in attrs['n_strata_zero_weight'].",
                UserWarning,
                stacklevel=3,
            )
        keep_stratum &= ~zero
    if not keep_stratum.all():
        keep = keep_stratum[codes]
        y, X, codes = y[keep], X[keep], np.cumsum(keep_stratum)[codes[keep]] - 1
        w = None if w is None else w[keep]
        cl = None if cl is None else cl[keep]
        labels = labels[keep_stratum]
    if cl is not None:
        # On the strata that enter the fit: dropped strata could leave a single cluster.
        check_cluster_nesting(cl, codes, labels=labels, cluster_name=cluster, strata_name=strata)

    check_variation(X, codes, exposures, strata)
    if check_separation:
        check_perfect_separation(y, X, codes, exposures, strata)
    return CheckedData(
        y=y,
        X=X,
        strata=codes,
        exposures=exposures,
        n_rows_missing=n_rows_missing if missing == "drop" else 0,
        n_strata_dropped=n_strata_dropped,
        n_rows_dropped=n_rows_dropped,
        weights=w,
        cluster=cl,
        n_strata_zero_weight=n_zero,
    )


def check_stratum_weights(weights, codes: np.ndarray, *, labels=None, weights_name: str = "weights",
                          strata_name: str = "strata") -> np.ndarray:
    """Frequency weights: finite, non-negative and the same in every row of a stratum."""
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.shape[0] != codes.shape[0]:
        raise ValueError(f"`{weights_name}` must have one value per row ({codes.shape[0]}), got {w.shape[0]}.")
    if np.isnan(w).any():
        raise ValueError(
            f"{int(np.isnan(w).sum())} weight(s) in {weights_name!r} are missing. A missing weight is "
            "not a zero: fill in the weight of those strata (0 leaves a stratum out)."
        )
    if not np.isfinite(w).all():
        raise ValueError(f"Weights in {weights_name!r} must be finite; {int((~np.isfinite(w)).sum())} are infinite.")
    if (w < 0).any():
        raise ValueError(
            f"{int((w < 0).sum())} weight(s) in {weights_name!r} are negative (smallest {_plain([w.min()])[0]}). "
            "Frequency weights count how many identical strata a stratum stands for, so they must be >= 0."
        )
    lo = np.full(int(codes.max()) + 1 if codes.size else 0, np.inf)
    hi = np.full(lo.size, -np.inf)
    np.minimum.at(lo, codes, w)
    np.maximum.at(hi, codes, w)
    varies = np.flatnonzero(hi > lo)
    if varies.size:
        k = int(varies[0])
        label = _plain([labels[k]])[0] if labels is not None else k
        raise ValueError(
            f"The weights in {weights_name!r} vary within {varies.size} stratum(s) of {strata_name!r} (e.g. "
            f"stratum {label!r} has weights from {_plain([lo[k]])[0]} to {_plain([hi[k]])[0]}). They must be "
            "frequency weights of whole strata (a stratum of weight w counts as w identical strata), so every "
            "row of a stratum needs the same weight."
        )
    return w


def check_exposure_scale(within_sd: np.ndarray, exposures: list[str], *, frame: bool = True) -> None:
    """Variances of estimates per unit must be representable: refuse units beyond 1e±150."""
    extreme = [(name, sd) for name, sd in zip(exposures, within_sd) if sd > 0 and not 1e-150 < sd < 1e150]
    if extreme:
        name, sd = extreme[0]
        raise ValueError(
            f"The exposure {name!r} varies within strata on a scale of {sd:.1e} units: the variance of its "
            "log odds ratio per unit would fall outside the range of double precision. Rescale it "
            + (f"(e.g. `data[{name!r}] / data[{name!r}].std()`) " if frame else "")
            + "and rescale the estimate back."
        )


def check_cluster_nesting(cluster_codes: np.ndarray, codes: np.ndarray, *, labels=None,
                          cluster_name: str = "cluster", strata_name: str = "strata", warn: bool = True) -> None:
    """Each stratum must lie inside one cluster, and there must be at least two clusters; warns
    (:class:`FewClustersWarning`) when there are fewer than :data:`MIN_RELIABLE_CLUSTERS`."""
    cluster_codes = np.asarray(cluster_codes).reshape(-1)
    if cluster_codes.shape[0] != codes.shape[0]:
        raise ValueError(f"`{cluster_name}` must have one value per row ({codes.shape[0]}), got {cluster_codes.shape[0]}.")
    first = np.full(int(codes.max()) + 1 if codes.size else 0, -1, dtype=cluster_codes.dtype)
    first[codes] = cluster_codes
    spans = np.flatnonzero(np.bincount(codes, weights=first[codes] != cluster_codes, minlength=first.size) > 0)
    if spans.size:
        label = _plain([labels[int(spans[0])]])[0] if labels is not None else int(spans[0])
        raise ValueError(
            f"{spans.size} stratum(s) of {strata_name!r} span several values of {cluster_name!r} (e.g. stratum "
            f"{label!r}). Clustered standard errors need each stratum (matched set) inside one cluster, e.g. "
            "the strata are a person's events and the cluster is the person."
        )
    n_clusters = np.unique(cluster_codes).size
    if n_clusters < 2:
        raise ValueError(
            f"The cluster column {cluster_name!r} has a single value: clustered standard errors need "
            f"several clusters (and are unreliable with few, say fewer than {MIN_RELIABLE_CLUSTERS})."
        )
    if warn and n_clusters < MIN_RELIABLE_CLUSTERS:
        warnings.warn(FewClustersWarning(
            f"Clustered standard errors from only {n_clusters} clusters of {cluster_name!r} are unreliable: "
            f"with fewer than about {MIN_RELIABLE_CLUSTERS} clusters the sandwich variance is too small and "
            "its confidence intervals cover too rarely. Report the model-based SEs beside them, or use more "
            "clusters."), stacklevel=4)


# Exposures whose within-stratum spread is this close to a linear combination of the others'
# (smallest over largest singular value, each exposure per its within-stratum SD; a correlation
# within 2e-10 of 1) cannot be told apart: no analysis has information on their separate effects.
NEARLY_COLLINEAR = 1e-5


def _stratum_starts(codes: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])


def check_variation(X: np.ndarray, codes: np.ndarray, exposures: list[str], strata: str, *,
                    rows: np.ndarray | None = None, frame: bool = True) -> None:
    """Each exposure must vary within some stratum (of the ``rows`` that inform the fit), on a
    representable scale, and the exposures must not be (nearly) collinear within strata. Shared
    by :func:`lbpkit.conditional_logit` and :func:`lbpkit.conditional_poisson`."""
    if rows is not None:
        X, codes = X[rows], codes[rows]
    codes = np.unique(codes, return_inverse=True)[1].reshape(-1)
    order = np.argsort(codes, kind="stable")
    X, codes = X[order], codes[order]
    starts = _stratum_starts(codes)
    for j, name in enumerate(exposures):
        x = X[:, j]
        if x.size and np.all(x == x[0]):
            raise ValueError(
                f"The exposure column {name!r} is constant ({x[0]:g} in every row): it looks like an "
                "intercept. Conditional models have no intercept — each stratum's own baseline is "
                f"conditioned away — so remove {name!r} from `exposures`."
            )
        if not x.size or not (np.maximum.reduceat(x, starts) > np.minimum.reduceat(x, starts)).any():
            raise ValueError(
                f"The exposure {name!r} never varies within any stratum of {strata!r}: a conditional "
                "analysis compares the windows (or days) of each stratum with each other, so an exposure "
                "that is the same in all of them (e.g. a fixed personal trait) has no estimate. Remove "
                f"it from `exposures`, or check that {strata!r} really identifies the matched sets."
            )
    size = np.diff(np.r_[starts, codes.size])
    Xc = X - (np.add.reduceat(X, starts, axis=0) / size[:, None])[codes]
    # Unit-free: exposures whose scales differ by 10^14 are not collinear for that reason.
    rms = column_rms(Xc)
    check_exposure_scale(rms, exposures, frame=frame)
    if X.shape[1] > 1:
        singular = np.linalg.svd(Xc / np.where(rms > 0, rms, 1.0), compute_uv=False)
        if singular[-1] <= NEARLY_COLLINEAR * singular[0]:
            exact = singular[-1] <= X.shape[0] * np.finfo(float).eps * singular[0]
            how = ("are collinear within strata (one is a linear combination of the others once each stratum's "
                   "mean is removed)") if exact else (
                   "are nearly collinear within strata: once each stratum's mean is removed, one is a linear "
                   f"combination of the others up to {singular[-1] / singular[0]:.0e} of their spread")
            raise ValueError(
                f"The exposures {exposures} {how}, so their effects cannot be separated. Drop one of them, "
                "e.g. one indicator of a set of indicator columns, or one of two measures of the same thing."
            )


def check_perfect_separation(y, X, codes, exposures, strata) -> None:
    """An exposure that alone separates the cases from their referents: name it before fitting."""
    order = np.argsort(codes, kind="stable")
    y, X, codes = y[order], X[order], codes[order]
    starts = _stratum_starts(codes)
    n_strata = starts.size
    big = np.finfo(float).max
    for j, name in enumerate(exposures):
        x = X[:, j]
        varies = np.maximum.reduceat(x, starts) > np.minimum.reduceat(x, starts)
        case_min = np.minimum.reduceat(np.where(y == 1, x, big), starts)
        case_max = np.maximum.reduceat(np.where(y == 1, x, -big), starts)
        ref_min = np.minimum.reduceat(np.where(y == 0, x, big), starts)
        ref_max = np.maximum.reduceat(np.where(y == 0, x, -big), starts)
        for direction, separated in (
            ("more", np.all(case_min[varies] >= ref_max[varies])),
            ("less", np.all(case_max[varies] <= ref_min[varies])),
        ):
            if separated:
                relation = (
                    "at least as much exposure as all its referent windows" if direction == "more"
                    else "no more exposure than any of its referent windows"
                )
                raise SeparationError(
                    f"Perfect separation in {name!r}: in every one of the {int(varies.sum())} strata "
                    f"where {name!r} varies, every case window had {relation} "
                    f"({n_strata - int(varies.sum())} other strata do not vary). The conditional "
                    "likelihood keeps rising as the odds ratio goes to "
                    f"{'infinity' if direction == 'more' else 'zero'}, so there is no finite estimate. "
                    "Report the discordant counts (see lbpkit.pair_odds_ratio), collect more strata, "
                    "or combine exposure categories."
                )
