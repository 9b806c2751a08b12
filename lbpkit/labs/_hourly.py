"""Hourly exposure histories before simulated onsets (shared by the hourly experiments).

For maintainers of the labs: the hourly experiments of :mod:`lbpkit.labs` draw from here.

Column ``a`` of a history is the hour ``[onset - a - 1, onset - a)``. Lifting raises the risk of
an onset by the planted odds ratio while the person is in the *effect period*: lifted at least
once between ``start`` and ``start + length`` hours before the hour in question.
"""

from __future__ import annotations

import numpy as np

from lbpkit.engine.batched import fit_matched_sets
from lbpkit.labs._sampler import draw_onsets, hourly_window

__all__ = ["stationary_cases", "fit_windows", "hours_in", "draw_lifting", "STEFFENS"]

STEFFENS = [(24, 26), (48, 50)]  # referent windows, hours before onset (Steffens et al. 2015 protocol)


def hours_in(*windows: tuple[int, int]) -> np.ndarray:
    """The hours (columns) the given windows cover; the others are never read, so not drawn."""
    return np.unique(np.concatenate([np.arange(s, e) for s, e in windows]))


def draw_lifting(rng, k: int, span: int, hours: np.ndarray, prob) -> np.ndarray:
    """Histories of ``span`` hours with lifting drawn (probability ``prob``, broadcast to
    ``(k, hours.size)``) in the given hours only; the rest stay 0 and are never read."""
    out = np.zeros((k, span), dtype=np.int8)
    out[:, hours] = rng.random((k, hours.size)) < prob
    return out


def stationary_cases(rng, n: int, windows, *, lifting_prob: float, odds_ratio: float,
                     effect: tuple[int, int] = (0, 2)) -> np.ndarray:
    """``n`` onsets' histories under stationary, independent hourly lifting, drawn in the hours
    of ``windows`` (a list of (start, end)) and of the effect period."""
    hours = hours_in(effect, *windows)
    span = int(hours.max()) + 1

    def propose(k):
        history = draw_lifting(rng, k, span, hours, lifting_prob)
        return {"h": history}, odds_ratio ** hourly_window(history, *effect)

    return draw_onsets(rng, n, propose, max(odds_ratio, 1.0))["h"]


def fit_windows(history: np.ndarray, hazard: tuple[int, int], referents, rep: np.ndarray, n_rep: int, extra=None):
    """Fit "any lifting in the window" with the given hazard and referent windows (and, if given,
    a second exposure from ``extra``: a history of the same shape, e.g. a confounder)."""
    windows = [hazard, *referents]
    X = np.stack([hourly_window(history, s, e) for s, e in windows], axis=1)
    if extra is not None:
        X = np.stack([X, np.stack([hourly_window(extra, s, e) for s, e in windows], axis=1)], axis=2)
    return fit_matched_sets(X, np.ones(X.shape[:2], dtype=bool), rep, n_rep)
