"""The inner kernels of the exact conditional likelihood (see :mod:`lbpkit.engine.clogit`): for a group
of strata, the log normaliser log e_d and the mean and covariance of the events' summed exposure
under the conditional distribution (the score and information contributions), in log space.

Three kernels, from cheapest to most general: two-point strata (rows take at most two distinct
exposure vectors) by a log-sum-exp over counts; single-event strata by a softmax; several-event
strata by the elementary-symmetric-polynomial recursion of Gail, Lubin & Rubinstein (1981),
written as one cumulative sum per level so numpy does the inner loop.
"""

from __future__ import annotations

import numpy as np

__all__ = ["two_point_moments", "softmax_moments", "esp_moments_1d", "esp_moments"]


def two_point_moments(beta: np.ndarray, tp):
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


def softmax_moments(eta: np.ndarray, X: np.ndarray):
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


def esp_moments_1d(eta: np.ndarray, x: np.ndarray, d: np.ndarray):
    """:func:`esp_moments` for one exposure, on contiguous 2-D arrays (the common case)."""
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


def esp_moments(eta: np.ndarray, X: np.ndarray, XX: np.ndarray, d: np.ndarray):
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
