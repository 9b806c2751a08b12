"""Choosing the hazard and referent windows: length, carry-over into referent windows, and
picking the window that gives the largest estimate. Hourly, truth-known, synthetic."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lbpkit.labs._hourly import fit_windows, stationary_cases
from lbpkit.labs._replicate import Estimates, summarise
from lbpkit.labs._sampler import check_probability, start

__all__ = ["window_length_experiment", "carryover_experiment", "window_selection_experiment"]


def _hours(name: str, value, high: int = 23) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= high:
        raise ValueError(f"`{name}` must be a whole number of hours from 1 to {high}, got {value!r}.")
    return int(value)


def _same_length(hazard_length: int):
    return (0, hazard_length), [(24, 24 + hazard_length), (48, 48 + hazard_length)]


def window_length_experiment(
    *,
    seed: int,
    replicates: int = 200,
    hazard_length: int = 8,
    effect_period: int = 2,
    odds_ratio: float = 3.0,
    n_cases: int = 400,
    lifting_prob: float = 0.05,
) -> pd.DataFrame:
    """A hazard window longer or shorter than the true effect period.

    Lifting raises the risk of a flare for ``effect_period`` hours. The analysis uses a hazard
    window of ``hazard_length`` hours before onset and referent windows of the same length 24 h
    and 48 h earlier. The first row uses the true effect period. A window of the wrong length
    moves the estimate towards 1; it cannot create an effect where there is none.

    Examples
    --------
    >>> t = window_length_experiment(seed=1, replicates=5, hazard_length=2)
    >>> bool(np.allclose(t["mean_or"].iloc[0], t["mean_or"].iloc[1]))
    True
    """
    h, e = _hours("hazard_length", hazard_length), _hours("effect_period", effect_period)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    p = check_probability("lifting_prob", lifting_prob, low=1e-9)
    windows = [w for length in (e, h) for w in (_same_length(length)[0], *_same_length(length)[1])]
    history = stationary_cases(rng, R * n, windows, lifting_prob=p, odds_ratio=odds_ratio, effect=(0, e))
    results = {}
    for length, label in ((e, f"hazard window 0–{e} h (= true effect period)"),
                          (h, f"hazard window 0–{h} h (the analysis' choice)")):
        results[label] = fit_windows(history, *_same_length(length), rep, R)
    return summarise(results, odds_ratio, threat="window length", strength=h, seed=seed, replicates=R, n_cases=n)


def carryover_experiment(
    *,
    seed: int,
    replicates: int = 200,
    effect_hours: int = 12,
    odds_ratio: float = 2.0,
    n_cases: int = 400,
    lifting_prob: float = 0.05,
) -> pd.DataFrame:
    """Carry-over: the effect of lifting outlasts the hazard window and reaches into referent
    windows placed just before it.

    Lifting raises the risk of a flare for ``effect_hours`` hours. With a 2-h hazard window,
    lifting 2–4 h or 4–6 h before onset still raises the risk at onset, so referent windows
    there are not "unexposed time" and the estimate is pulled towards 1 (more than the short
    window alone does: compare the referents a day apart). A hazard window as long as the effect
    period, with referents beyond it, recovers the truth.

    Examples
    --------
    >>> t = carryover_experiment(seed=1, replicates=5)
    >>> len(t)
    3
    """
    E = _hours("effect_hours", effect_hours)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    p = check_probability("lifting_prob", lifting_prob, low=1e-9)
    windows = [(0, 2), (2, 4), (4, 6), *_same_length(2)[1], (0, E), *_same_length(E)[1]]
    history = stationary_cases(rng, R * n, windows, lifting_prob=p, odds_ratio=odds_ratio, effect=(0, E))
    results = {
        "hazard 0–2 h, referents 2–4 h and 4–6 h before (inside the effect period)": fit_windows(
            history, (0, 2), [(2, 4), (4, 6)], rep, R),
        "hazard 0–2 h, referents 24–26 h and 48–50 h before": fit_windows(history, *_same_length(2), rep, R),
        f"hazard 0–{E} h (= effect period), referents a day and two days before": fit_windows(
            history, *_same_length(E), rep, R),
    }
    return summarise(results, odds_ratio, threat="carry-over", strength=E, seed=seed, replicates=R, n_cases=n)


def window_selection_experiment(
    *,
    seed: int,
    replicates: int = 200,
    effect_period: int = 2,
    odds_ratio: float = 2.0,
    max_length: int = 12,
    n_cases: int = 300,
    lifting_prob: float = 0.05,
) -> pd.DataFrame:
    """Choosing, after seeing the data, the hazard window that gives the largest estimate.

    Each study fits hazard windows of 1 to ``max_length`` hours (referents of the same length
    24 h and 48 h earlier) and reports the largest odds ratio. Rows: the window fixed in advance
    at the true effect period, and the window chosen for its largest estimate. The chosen one's
    mean is biased upwards, with a real trigger and with none. What that does to one study
    depends on the truth: with a planted odds ratio of 1 more studies report a CI wholly above 1
    than with the window fixed in advance (:func:`lbpkit.labs.share_ci_above`), and fewer CIs
    cover 1; with a real trigger (planted OR 2, the defaults) the coverage of the chosen
    window's CI stays close to the fixed window's, because the upward pull is small beside the
    CI's width. Notebook 05, section 5b, shows both over many studies.

    Examples
    --------
    >>> t = window_selection_experiment(seed=1, replicates=5, max_length=4)
    >>> t["choice"].tolist()[1]
    'hazard window (1–4 h) with the largest estimate'
    """
    e = _hours("effect_period", effect_period)
    L = _hours("max_length", max_length)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    p = check_probability("lifting_prob", lifting_prob, low=1e-9)
    windows = [(0, max(L, e)), *_same_length(max(L, e))[1]]
    history = stationary_cases(rng, R * n, windows, lifting_prob=p, odds_ratio=odds_ratio, effect=(0, e))
    fits = [fit_windows(history, *_same_length(length), rep, R) for length in range(1, L + 1)]
    log_or = np.stack([f.log_or for f in fits])  # (lengths, studies)
    best = np.argmax(np.where(np.isfinite(log_or), log_or, -np.inf), axis=0)
    pick = np.arange(R)
    chosen = Estimates(log_or=log_or[best, pick], se=np.stack([f.se for f in fits])[best, pick],
                       n_strata=np.stack([f.n_strata for f in fits])[best, pick])
    results = {
        f"hazard window fixed in advance: 0–{e} h (= true effect period)": fits[e - 1] if e <= L else
        fit_windows(history, *_same_length(e), rep, R),
        f"hazard window (1–{L} h) with the largest estimate": chosen,
    }
    return summarise(results, odds_ratio, threat="window chosen for its estimate", strength=L, seed=seed,
                     replicates=R, n_cases=n)
