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
- there is no Python recursion, so there is no recursion limit.

Strata whose rows take at most two distinct exposure vectors (a yes/no trigger, say) need no
recursion at all: with ``n_b`` rows equal to the second vector, the subsets containing ``j`` of
them number C(n_b, j)·C(n_a, d - j), so ``e_d`` is a short log-sum-exp over ``j``. These strata
are handled that way; single-event strata use a softmax; the rest use the recursion, grouped
into padded buckets of similar size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import gammaln

__all__ = ["ClogitArrays", "prepare_arrays", "fit_prepared", "SeparationError", "FitResult"]

# exp() of anything below this underflows; log C(n, d) must stay well inside it (see module doc).
_MAX_LOG_SUBSETS = 600.0


class SeparationError(ValueError):
    """The conditional maximum-likelihood estimate does not exist (it is infinite)."""


@dataclass
class _Bucket:
    """Strata of similar size, padded into rectangular arrays."""

    X: np.ndarray  # (B, m, p), centred within stratum, zero in padding
    XX: np.ndarray  # (B, m, p*p) outer products of the rows of X
    mask: np.ndarray  # (B, m) True for real rows
    d: np.ndarray  # (B,) number of events (after complementing)
    case_sum: np.ndarray  # (B, p) sum of x over the events
    single: bool  # every stratum has exactly one event: softmax fast path


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


@dataclass
class FitResult:
    params: np.ndarray
    cov: np.ndarray
    llf: float
    converged: bool
    n_iter: int


def prepare_arrays(y: np.ndarray, X: np.ndarray, strata: np.ndarray) -> ClogitArrays:
    """Sort, centre, complement and pad the data into buckets of similar stratum size.

    ``y`` must be 0/1, ``X`` a 2-D float array and ``strata`` integer codes; strata without both
    an event and a non-event are dropped (their count is returned, the caller warns).
    """
    y = np.asarray(y, dtype=np.int8)
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    strata = np.asarray(strata)
    _, codes = np.unique(strata, return_inverse=True)
    order = np.argsort(codes, kind="stable")
    codes, y, X = codes[order], y[order], X[order]
    n_strata_all = int(codes[-1]) + 1 if codes.size else 0
    n = np.bincount(codes, minlength=n_strata_all)
    d = np.bincount(codes, weights=y, minlength=n_strata_all).astype(np.int64)
    keep_stratum = (d > 0) & (d < n)
    keep_row = keep_stratum[codes]
    n_rows_dropped = int((~keep_row).sum())
    codes, y, X = codes[keep_row], y[keep_row], X[keep_row]
    n, d = n[keep_stratum], d[keep_stratum]
    codes = np.cumsum(keep_stratum)[codes] - 1
    p = X.shape[1]

    starts = np.concatenate([[0], np.cumsum(n)[:-1]])
    pos = np.arange(codes.size) - starts[codes]
    means = np.zeros((n.size, p))
    np.add.at(means, codes, X)
    means /= n[:, None]
    Xc = X - means[codes]
    within_sd = np.sqrt((Xc**2).sum(axis=0) / max(codes.size, 1))

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

    two_point, is_two = _two_point_strata(Xc, codes, starts, n, d_eff, case_sum)

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
            )
        )
    return ClogitArrays(
        buckets=buckets,
        two_point=two_point,
        n_params=p,
        n_obs=int(codes.size),
        n_strata=int(n.size),
        n_cases=int(d.sum()),
        n_strata_dropped=int((~keep_stratum).sum()),
        n_rows_dropped=n_rows_dropped,
        within_sd=within_sd,
    )


def _log_choose(n: np.ndarray, k: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        out = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    return np.where((k >= 0) & (k <= n), out, -np.inf)


def _two_point_strata(Xc, codes, starts, n, d, case_sum):
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
    tp = _TwoPoint(a=a[is_two], delta=(b - a)[is_two], d=dd, log_count=log_count, case_sum=case_sum[is_two])
    return tp, is_two


def _two_point_moments(beta: np.ndarray, tp: _TwoPoint):
    """log e_d, gradient and Hessian for two-point strata: a log-sum-exp over j."""
    step = tp.delta @ beta
    j = np.arange(tp.log_count.shape[1])
    terms = tp.log_count + j[None, :] * step[:, None]
    c = terms.max(axis=1, keepdims=True)
    w = np.exp(terms - c)
    tot = w.sum(axis=1)
    pi = w / tot[:, None]
    mean_j = pi @ j
    var_j = (pi * (j[None, :] - mean_j[:, None]) ** 2).sum(axis=1)
    logden = tp.d * (tp.a @ beta) + np.log(tot) + c[:, 0]
    grad = tp.d[:, None] * tp.a + mean_j[:, None] * tp.delta
    hess = var_j[:, None, None] * tp.delta[:, :, None] * tp.delta[:, None, :]
    return logden, grad, hess


def _softmax_moments(eta: np.ndarray, X: np.ndarray):
    """log e_1, its gradient and Hessian for single-event strata (padding has eta = -inf)."""
    c = eta.max(axis=1, keepdims=True)
    w = np.exp(eta - c)
    tot = w.sum(axis=1)
    logden = np.log(tot) + c[:, 0]
    pi = w / tot[:, None]
    mean = np.einsum("bm,bmp->bp", pi, X)
    dev = X - mean[:, None, :]
    cov = np.einsum("bm,bmp,bmq->bpq", pi, dev, dev)
    return logden, mean, cov


def _esp_moments_1d(eta: np.ndarray, x: np.ndarray, d: np.ndarray):
    """:func:`_esp_moments` for one exposure, on contiguous 2-D arrays (the common case)."""
    B, m = x.shape
    dmax = int(d.max())
    lo = np.where(np.isfinite(eta), eta, np.inf).min(axis=1)
    if float(np.max(eta.max(axis=1) - lo)) * (dmax + 1) > 500.0:
        order = np.argsort(-eta, axis=1, kind="stable")
        eta = np.take_along_axis(eta, order, axis=1)
        x = np.take_along_axis(x, order, axis=1)
    A = np.zeros((B, m + 1))
    G = np.zeros((B, m + 1))
    H = np.zeros((B, m + 1))
    out = np.empty((3, B))
    n = np.isfinite(eta).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in range(1, dmax + 1):
            Bk = int(np.searchsorted(-d, -k, side="right"))
            j = k - 1
            a = eta[:Bk, j:] + A[:Bk, j:m]
            c = a.max(axis=1, keepdims=True)
            w = np.exp(a - c)
            den = np.cumsum(w, axis=1)
            xk, g = x[:Bk, j:], G[:Bk, j:m]
            cg = np.cumsum(w * (g + xk), axis=1)
            ch = np.cumsum(w * (H[:Bk, j:m] + xk * (g + g + xk)), axis=1)
            inv = 1.0 / np.where(den > 0, den, 1.0)
            A = np.empty((Bk, m + 1))
            G = np.empty((Bk, m + 1))
            H = np.empty((Bk, m + 1))
            A[:, : j + 1] = -np.inf
            G[:, : j + 1] = 0.0
            H[:, : j + 1] = 0.0
            A[:, j + 1 :] = np.log(den) + c
            np.multiply(cg, inv, out=G[:, j + 1 :])
            np.multiply(ch, inv, out=H[:, j + 1 :])
            done = np.flatnonzero(d[:Bk] == k)
            if done.size:
                t = n[done]
                out[0, done] = A[done, t]
                out[1, done] = G[done, t]
                out[2, done] = H[done, t]
    g = out[1][:, None]
    return out[0], g, (out[2] - out[1] ** 2)[:, None, None]


def _esp_moments(eta: np.ndarray, X: np.ndarray, XX: np.ndarray, d: np.ndarray):
    """log e_d, its gradient and Hessian for strata with several events.

    At level k, ``A[t]`` is log e_k over the first t rows and ``M[t]`` holds the weighted first
    and second moments of the subset sums of x (flattened: p first moments, then p*p second
    moments). One cumulative sum per level carries the normaliser and all moments together.

    Stability: with c the largest term at level k, ``A[t] - c`` lies in [-log C(n, k), log n]
    for every t >= k when rows are sorted by decreasing eta, so no normaliser under- or
    overflows (positions t < k are exactly zero and carry no weight). Sorting is only needed
    when eta spreads widely within a stratum; otherwise no term can underflow and we skip it.
    """
    B, m, p = X.shape
    dmax = int(d.max())
    lo = np.where(np.isfinite(eta), eta, np.inf).min(axis=1)
    spread = float(np.max(eta.max(axis=1) - lo))
    if spread * (dmax + 1) > 500.0:
        order = np.argsort(-eta, axis=1, kind="stable")
        eta = np.take_along_axis(eta, order, axis=1)
        X = np.take_along_axis(X, order[:, :, None], axis=1)
        XX = np.take_along_axis(XX, order[:, :, None], axis=1)
    # Channel-first layout (channel, stratum, row) keeps every cumulative sum contiguous.
    # Second moments: upper triangle only (the Hessian is symmetric).
    iu, ju = np.triu_indices(p)
    C = p + iu.size
    Xc = np.ascontiguousarray(np.moveaxis(X, 2, 0))  # (p, B, m)
    XXu = np.ascontiguousarray(np.moveaxis(XX.reshape(B, m, p, p)[:, :, iu, ju], 2, 0))  # (q, B, m)
    A = np.zeros((B, m + 1))
    M = np.zeros((C, B, m + 1))
    out_A = np.empty(B)
    out_M = np.empty((C, B))
    n = np.isfinite(eta).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in range(1, dmax + 1):
            # Strata are sorted by decreasing d, so those still needing level k are a prefix;
            # rows before the k-th cannot complete a k-subset, so the work starts at row k.
            Bk = int(np.searchsorted(-d, -k, side="right"))
            j = k - 1
            a = eta[:Bk, j:] + A[:Bk, j:m]
            c = a.max(axis=1, keepdims=True)
            w = np.exp(a - c)
            den = np.cumsum(w, axis=1)
            xk = Xc[:, :Bk, j:]
            g = M[:p, :Bk, j:m]
            V = np.empty((C, Bk, m - j))
            np.add(g, xk, out=V[:p])
            V[p:] = M[p:, :Bk, j:m] + XXu[:, :Bk, j:] + xk[iu] * g[ju] + g[iu] * xk[ju]
            V *= w
            cum = np.cumsum(V, axis=2)
            inv = 1.0 / np.where(den > 0, den, 1.0)
            A = np.empty((Bk, m + 1))
            A[:, : j + 1] = -np.inf
            A[:, j + 1 :] = np.log(den) + c
            M = np.empty((C, Bk, m + 1))
            M[:, :, : j + 1] = 0.0
            np.multiply(cum, inv, out=M[:, :, j + 1 :])
            done = np.flatnonzero(d[:Bk] == k)
            if done.size:
                t = n[done]
                out_A[done] = A[done, t]
                out_M[:, done] = M[:, done, t]
    out_M = out_M.T
    G = out_M[:, :p]
    second = np.empty((B, p, p))
    second[:, iu, ju] = out_M[:, p:]
    second[:, ju, iu] = out_M[:, p:]
    H = second - G[:, :, None] * G[:, None, :]
    return out_A, G, H


def loglike_grad_hess(beta: np.ndarray, data: ClogitArrays):
    """Conditional log-likelihood, score vector and Hessian at ``beta``."""
    p = data.n_params
    ll = 0.0
    grad = np.zeros(p)
    hess = np.zeros((p, p))
    if data.two_point is not None:
        tp = data.two_point
        logden, mean, cov = _two_point_moments(beta, tp)
        ll += float((tp.case_sum @ beta).sum() - logden.sum())
        grad += (tp.case_sum - mean).sum(axis=0)
        hess -= cov.sum(axis=0)
    for b in data.buckets:
        eta = b.X @ beta
        eta = np.where(b.mask, eta, -np.inf)
        if b.single:
            logden, mean, cov = _softmax_moments(eta, b.X)
        elif p == 1:
            logden, mean, cov = _esp_moments_1d(eta, b.X[:, :, 0], b.d)
        else:
            logden, mean, cov = _esp_moments(eta, b.X, b.XX, b.d)
        ll += float((b.case_sum @ beta).sum() - logden.sum())
        grad += (b.case_sum - mean).sum(axis=0)
        hess -= cov.sum(axis=0)
    return ll, grad, hess


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

    Converged when the Newton step, in units of each exposure's within-stratum SD, is below
    ``tol``; that last step is applied, leaving an error of order ``tol**2``.

    Raises :class:`SeparationError` when an estimate runs off towards infinity (the
    coefficient times the within-stratum SD of its exposure exceeds ``diverge_at``, i.e. an odds
    ratio per SD beyond e**30), when Newton does not converge, or when a standard error exceeds
    ``max_se_ratio`` within-stratum SDs (a flat likelihood); raises
    :class:`numpy.linalg.LinAlgError` when the information is singular.
    """
    p = data.n_params
    beta = np.zeros(p) if start is None else np.asarray(start, dtype=float).copy()
    ll, grad, hess = loglike_grad_hess(beta, data)
    converged = False
    it = 0
    scale = np.where(data.within_sd > 0, data.within_sd, 1.0)
    for it in range(1, max_iter + 1):
        step = np.linalg.solve(-hess, grad)
        if np.max(np.abs(step) * scale) <= tol:
            # Newton converges quadratically: after this last step the error is O(step**2), so
            # take it without another evaluation (the log-likelihood by its quadratic model).
            beta = beta + step
            ll = ll + 0.5 * float(grad @ step)
            converged = True
            break
        new = beta + step
        ll_new, g_new, h_new = loglike_grad_hess(new, data)
        halvings = 0
        while not (ll_new >= ll - 1e-12 * max(1.0, abs(ll))) and halvings < max_halvings:
            step = step / 2
            new = beta + step
            ll_new, g_new, h_new = loglike_grad_hess(new, data)
            halvings += 1
        beta, ll, grad, hess = new, ll_new, g_new, h_new
        if np.any(np.abs(beta) * scale > diverge_at):
            raise SeparationError(_DIVERGING)
    cov = np.linalg.inv(-hess)
    # At "infinity" the likelihood is flat: the information collapses and the SE explodes.
    if np.any(np.sqrt(np.abs(np.diag(cov))) * scale > max_se_ratio) or not converged:
        raise SeparationError(_DIVERGING)
    return FitResult(params=beta, cov=cov, llf=ll, converged=converged, n_iter=it)


_DIVERGING = (
    "The estimates are diverging towards infinity (quasi-complete separation): some combination "
    "of the exposures is always at least as high in the cases as in all their referents, so the "
    "likelihood keeps rising as the odds ratio grows without bound. Check the data for an "
    "exposure that is recorded only for cases, combine categories, or report the discordant-pair "
    "counts instead."
)
