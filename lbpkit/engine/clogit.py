"""The kit's own exact conditional logistic likelihood (the ``engine="fast"`` of
:func:`lbpkit.conditional_logit`).

For a stratum with ``n`` rows, ``d`` of them events, the conditional likelihood is

    exp(sum of x·β over the events) / e_d(exp(x_1·β), ..., exp(x_n·β))

where ``e_d`` is the elementary symmetric polynomial of degree ``d``: the sum, over every subset of
``d`` rows, of the product of their weights (Gail, Lubin & Rubinstein 1981; the "exact" method of
R ``survival::clogit`` and of Stata ``clogit``). We compute it with the recursion
``e_k(first t rows) = e_k(first t-1 rows) + w_t · e_{k-1}(first t-1 rows)``, written for each
``k`` as a cumulative sum over ``t`` so that numpy does the inner loop, and we carry along the
weighted mean (first derivative) and second moment (second derivative) of the subset sums of x,
so Newton–Raphson has the analytic gradient and Hessian.

Numerical care, because learners will feed it large exposures and strata of thousands of rows:

- everything is in log space or normalised by a per-stratum shift, so ``exp`` never overflows;
- rows are sorted by decreasing x·β inside each stratum, which guarantees that every normaliser
  is within a factor C(n, d) of 1 (see ``_esp_moments``), so nothing underflows to 0/0;
- x is centred within each stratum (the conditional likelihood is unchanged by a per-stratum
  shift of x), which keeps the second moments free of catastrophic cancellation;
- a stratum with more events than non-events is fitted as its complement (non-events as
  "events" with x negated): the likelihood is identical and the recursion is shorter;
- there is no Python recursion, so there is no recursion limit;
- each exposure is divided by its within-stratum SD before fitting and the estimates are
  transformed back, so the fit does not depend on the unit of an exposure (per hour, per
  microgram, per 10^8 anything) and exposures on scales 10^14 apart are handled alike.

Frequency weights constant within a stratum multiply that stratum's log-likelihood, score and
information (a stratum of weight w counts as w identical strata). The per-stratum scores give
the cluster-robust (sandwich) covariance of :mod:`lbpkit.engine.robust`.

Strata whose rows take at most two distinct exposure vectors (a yes/no trigger, say) need no
recursion at all: with ``n_b`` rows equal to the second vector, the subsets containing ``j`` of
them number C(n_b, j)·C(n_a, d - j), so ``e_d`` is a short log-sum-exp over ``j``. These strata
are handled that way; single-event strata use a softmax; the rest use the recursion, grouped
into padded buckets of similar size. The kernels live in :mod:`lbpkit.engine.esp`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import gammaln

from lbpkit.engine.esp import esp_moments, esp_moments_1d, softmax_moments, two_point_moments

__all__ = [
    "ClogitArrays",
    "prepare_arrays",
    "fit_prepared",
    "loglike_grad_hess",
    "stratum_terms",
    "column_rms",
    "SeparationError",
    "FitResult",
]

# exp() of anything below this underflows; log C(n, d) must stay well inside it (see module doc).
_MAX_LOG_SUBSETS = 600.0


class SeparationError(ValueError):
    """The conditional maximum-likelihood estimate does not exist (it is infinite)."""


@dataclass
class _Bucket:
    """Strata of similar size, padded into rectangular arrays."""

    X: np.ndarray  # (B, m, p), centred within stratum and standardised, zero in padding
    XX: np.ndarray  # (B, m, p*p) outer products of the rows of X
    mask: np.ndarray  # (B, m) True for real rows
    d: np.ndarray  # (B,) number of events (after complementing)
    case_sum: np.ndarray  # (B, p) sum of x over the events
    single: bool  # every stratum has exactly one event: softmax fast path
    members: np.ndarray  # (B,) index of each stratum among the kept strata
    w: np.ndarray  # (B,) frequency weight of each stratum


@dataclass
class _TwoPoint:
    """Strata whose rows take at most two distinct exposure vectors a and b (e.g. yes/no).

    A subset of d rows that holds j rows equal to b has subset sum d*a + j*(b - a), and there
    are C(n_b, j) * C(n_a, d - j) such subsets, so e_d is a short sum over j: no recursion.
    """

    a: np.ndarray  # (S, p)
    delta: np.ndarray  # (S, p) = b - a
    d: np.ndarray  # (S,)
    log_count: np.ndarray  # (S, J) log C(n_b, j) + log C(n_a, d - j); -inf where impossible
    case_sum: np.ndarray  # (S, p)
    members: np.ndarray  # (S,)
    w: np.ndarray  # (S,)


@dataclass
class ClogitArrays:
    """Data prepared once for repeated likelihood evaluations."""

    buckets: list[_Bucket]
    two_point: _TwoPoint | None
    n_params: int
    n_obs: int
    n_strata: int
    n_cases: int
    n_strata_dropped: int
    n_rows_dropped: int
    within_sd: np.ndarray = field(default_factory=lambda: np.zeros(0))
    scale: np.ndarray = field(default_factory=lambda: np.ones(0))  # X was divided by this
    stratum_first_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    stratum_weight: np.ndarray = field(default_factory=lambda: np.ones(0))
    n_strata_zero_weight: int = 0
    weighted_n_cases: float = 0.0


@dataclass
class FitResult:
    params: np.ndarray
    cov: np.ndarray
    llf: float
    converged: bool
    n_iter: int


def prepare_arrays(
    y: np.ndarray, X: np.ndarray, strata: np.ndarray, weights: np.ndarray | None = None
) -> ClogitArrays:
    """Sort, centre, standardise, complement and pad the data into buckets of similar stratum size.

    ``y`` must be 0/1, ``X`` a 2-D float array, ``strata`` labels and ``weights`` (optional)
    non-negative row weights already checked to be constant within each stratum. Strata without
    both an event and a non-event are dropped, and so are strata of weight 0 (their counts are
    returned, the caller warns).
    """
    y = np.asarray(y, dtype=np.int8)
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    strata = np.asarray(strata)
    _, codes = np.unique(strata, return_inverse=True)
    codes = codes.reshape(-1)
    order = np.argsort(codes, kind="stable")
    codes, y, X = codes[order], y[order], X[order]
    n_strata_all = int(codes[-1]) + 1 if codes.size else 0
    n = np.bincount(codes, minlength=n_strata_all)
    d = np.bincount(codes, weights=y, minlength=n_strata_all).astype(np.int64)
    informative = (d > 0) & (d < n)
    w_all = np.ones(n_strata_all)
    if weights is not None:
        w_all[codes] = np.asarray(weights, dtype=float)[order]
    keep_stratum = informative & (w_all > 0)
    n_rows_dropped = int((~informative[codes]).sum())
    keep_row = keep_stratum[codes]
    codes, y, X, order = codes[keep_row], y[keep_row], X[keep_row], order[keep_row]
    n, d, w = n[keep_stratum], d[keep_stratum], w_all[keep_stratum]
    codes = np.cumsum(keep_stratum)[codes] - 1
    p = X.shape[1]
    if n.size == 0:  # nothing to fit: the caller says so
        return ClogitArrays(buckets=[], two_point=None, n_params=p, n_obs=0, n_strata=0, n_cases=0,
                            n_strata_dropped=int((~informative).sum()), n_rows_dropped=n_rows_dropped,
                            n_strata_zero_weight=int((informative & (w_all <= 0)).sum()))

    starts = np.concatenate([[0], np.cumsum(n)[:-1]]).astype(np.int64)
    pos = np.arange(codes.size) - starts[codes]
    means = np.stack([np.bincount(codes, weights=col, minlength=n.size) for col in X.T], axis=1) / n[:, None]
    Xc = X - means[codes]
    within_sd = column_rms(Xc)
    # Unit-free coordinates: the fit is then the same whatever unit each exposure is recorded in.
    scale = np.where(within_sd > 0, within_sd, 1.0)
    Xc = Xc / scale

    # A stratum with more events than non-events is fitted as its complement.
    flip = d > n - d
    sign = np.where(flip, -1.0, 1.0)
    Xc = Xc * sign[codes][:, None]
    y_eff = np.where(flip[codes], 1 - y, y)
    d_eff = np.minimum(d, n - d)
    log_subsets = gammaln(n + 1) - gammaln(d_eff + 1) - gammaln(n - d_eff + 1)
    if np.any(log_subsets > _MAX_LOG_SUBSETS):
        worst = int(np.argmax(log_subsets))
        raise ValueError(
            f"A stratum has {int(n[worst])} rows and {int(d[worst])} events: the exact "
            f"conditional likelihood sums over about 10^{log_subsets[worst] / np.log(10):.0f} "
            "subsets, beyond double precision. Split such strata (for example one stratum per "
            "event, as recommended for case-crossover data) or use an approximate method."
        )
    case_sum = np.zeros((n.size, p))
    np.add.at(case_sum, codes[y_eff == 1], Xc[y_eff == 1])

    two_point, is_two = _two_point_strata(Xc, codes, starts, n, d_eff, case_sum, w)

    # Other strata: bucket by size (powers of two) and by single-event vs several events.
    size_class = np.ceil(np.log2(np.maximum(n, 1))).astype(int)
    key = np.where(is_two, -1, size_class * 2 + (d_eff > 1))
    buckets = []
    for k in np.unique(key[key >= 0]):
        members = np.flatnonzero(key == k)
        # Decreasing number of events: the recursion then works on shrinking prefixes.
        members = members[np.argsort(-d_eff[members], kind="stable")]
        m = int(n[members].max())
        B = members.size
        local = np.full(n.size, -1)
        local[members] = np.arange(B)
        rows = local[codes] >= 0
        bi = local[codes[rows]]
        Xb = np.zeros((B, m, p))
        mask = np.zeros((B, m), dtype=bool)
        Xb[bi, pos[rows]] = Xc[rows]
        mask[bi, pos[rows]] = True
        buckets.append(
            _Bucket(
                X=Xb,
                XX=(Xb[:, :, :, None] * Xb[:, :, None, :]).reshape(B, m, p * p),
                mask=mask,
                d=d_eff[members],
                case_sum=case_sum[members],
                single=bool(np.all(d_eff[members] == 1)),
                members=members,
                w=w[members],
            )
        )
    return ClogitArrays(
        buckets=buckets,
        two_point=two_point,
        n_params=p,
        n_obs=int(codes.size),
        n_strata=int(n.size),
        n_cases=int(d.sum()),
        n_strata_dropped=int((~informative).sum()),
        n_rows_dropped=n_rows_dropped,
        within_sd=within_sd,
        scale=scale,
        stratum_first_row=order[starts] if n.size else np.zeros(0, dtype=np.int64),
        stratum_weight=w,
        n_strata_zero_weight=int((informative & (w_all <= 0)).sum()),
        weighted_n_cases=float(w @ d),
    )


def column_rms(X: np.ndarray) -> np.ndarray:
    """Root mean square of each column, without overflow for values beyond 1e154."""
    if X.shape[0] == 0:
        return np.zeros(X.shape[1])
    top = np.abs(X).max(axis=0)
    safe = np.where(top > 0, top, 1.0)
    return top * np.sqrt(((X / safe) ** 2).mean(axis=0))


def _log_choose(n: np.ndarray, k: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        out = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    return np.where((k >= 0) & (k <= n), out, -np.inf)


def _two_point_strata(Xc, codes, starts, n, d, case_sum, w):
    """Find strata whose rows take at most two distinct vectors; precompute their counts."""
    N = codes.size
    a = Xc[starts]
    differs = np.any(Xc != a[codes], axis=1)
    first_diff = np.minimum.reduceat(np.where(differs, np.arange(N), N), starts)
    b = np.where((first_diff < N)[:, None], Xc[np.minimum(first_diff, N - 1)], a)
    is_b = differs & np.all(Xc == b[codes], axis=1)
    is_two = np.logical_and.reduceat(~differs | is_b, starts)
    if not is_two.any():
        return None, is_two
    n_b = np.bincount(codes, weights=is_b, minlength=n.size)[is_two]
    n_a = n[is_two] - n_b
    dd = d[is_two]
    j = np.arange(int(dd.max()) + 1)[None, :]
    log_count = _log_choose(n_b[:, None], j) + _log_choose(n_a[:, None], dd[:, None] - j)
    tp = _TwoPoint(
        a=a[is_two], delta=(b - a)[is_two], d=dd, log_count=log_count, case_sum=case_sum[is_two],
        members=np.flatnonzero(is_two), w=w[is_two],
    )
    return tp, is_two


def stratum_terms(beta_std: np.ndarray, data: ClogitArrays):
    """Per group of strata: (members, weights, log-likelihood, score, information), each
    stratum's own contribution, in the standardised coordinates."""
    p = data.n_params
    if data.two_point is not None:
        tp = data.two_point
        logden, mean, cov = two_point_moments(beta_std, tp)
        yield tp.members, tp.w, tp.case_sum @ beta_std - logden, tp.case_sum - mean, cov
    for b in data.buckets:
        eta = np.where(b.mask, b.X @ beta_std, -np.inf)
        if b.single:
            logden, mean, cov = softmax_moments(eta, b.X)
        elif p == 1:
            logden, mean, cov = esp_moments_1d(eta, b.X[:, :, 0], b.d)
        else:
            logden, mean, cov = esp_moments(eta, b.X, b.XX, b.d)
        yield b.members, b.w, b.case_sum @ beta_std - logden, b.case_sum - mean, cov


def _loglike_std(beta_std: np.ndarray, data: ClogitArrays):
    p = data.n_params
    ll = 0.0
    grad = np.zeros(p)
    hess = np.zeros((p, p))
    for _, w, ll_s, score, info in stratum_terms(beta_std, data):
        ll += float(w @ ll_s)
        grad += w @ score
        hess -= np.tensordot(w, info, axes=1)
    return ll, grad, hess


def loglike_grad_hess(beta: np.ndarray, data: ClogitArrays):
    """Conditional log-likelihood, score vector and Hessian at ``beta`` (per unit of each
    exposure as given, weighted by the stratum weights)."""
    scale = data.scale
    ll, grad, hess = _loglike_std(np.asarray(beta, dtype=float) * scale, data)
    return ll, grad * scale, hess * np.outer(scale, scale)


def fit_prepared(
    data: ClogitArrays,
    *,
    start: np.ndarray | None = None,
    tol: float = 1e-7,
    max_iter: int = 100,
    max_halvings: int = 40,
    diverge_at: float = 30.0,
    max_se_ratio: float = 1e3,
) -> FitResult:
    """Newton–Raphson with step halving; covariance = inverse observed information.

    Works in the standardised coordinates of :func:`prepare_arrays` (each exposure per
    within-stratum SD) and returns estimates and covariance per unit of each exposure as given.
    Converged when the Newton step, in those SD units, is below ``tol``; that last step is
    applied, leaving an error of order ``tol**2``.

    Raises :class:`SeparationError` when an estimate runs off towards infinity (the
    coefficient times the within-stratum SD of its exposure exceeds ``diverge_at``, i.e. an odds
    ratio per SD beyond e**30), when Newton does not converge, or when a standard error exceeds
    ``max_se_ratio`` within-stratum SDs (a flat likelihood); raises
    :class:`numpy.linalg.LinAlgError` when the information is singular.
    """
    p = data.n_params
    scale = data.scale
    beta = np.zeros(p) if start is None else np.asarray(start, dtype=float) * scale
    ll, grad, hess = _loglike_std(beta, data)
    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        step = np.linalg.solve(-hess, grad)
        if np.max(np.abs(step)) <= tol:
            # Newton converges quadratically: after this last step the error in beta is
            # O(step**2). The information, though, is from before the step, which would leave the
            # SEs off by about the step (up to tol, 1e-7): above 1e-9 it is evaluated once more.
            beta = beta + step
            if np.max(np.abs(step)) > 1e-9:
                ll, grad, hess = _loglike_std(beta, data)
            else:
                ll = ll + 0.5 * float(grad @ step)
            converged = True
            break
        new = beta + step
        ll_new, g_new, h_new = _loglike_std(new, data)
        halvings = 0
        while not (ll_new >= ll - 1e-12 * max(1.0, abs(ll))) and halvings < max_halvings:
            step = step / 2
            new = beta + step
            ll_new, g_new, h_new = _loglike_std(new, data)
            halvings += 1
        beta, ll, grad, hess = new, ll_new, g_new, h_new
        if np.any(np.abs(beta) > diverge_at):
            raise SeparationError(_DIVERGING)
    cov = np.linalg.inv(-hess)
    # At "infinity" the likelihood is flat: the information collapses and the SE explodes.
    if np.any(np.sqrt(np.abs(np.diag(cov))) > max_se_ratio) or not converged:
        raise SeparationError(_DIVERGING)
    return FitResult(params=beta / scale, cov=cov / np.outer(scale, scale), llf=ll, converged=converged, n_iter=it)


_DIVERGING = (
    "The estimates are diverging towards infinity (quasi-complete separation): some combination "
    "of the exposures is always at least as high in the cases as in all their referents, so the "
    "likelihood keeps rising as the odds ratio grows without bound. Check the data for an "
    "exposure that is recorded only for cases, combine categories, or report the discordant-pair "
    "counts instead."
)
