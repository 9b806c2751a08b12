"""What happens close to the onset: recall after the flare, and symptoms before the recognised
flare that change behaviour (protopathic bias). Hourly, truth-known, synthetic.

For learners of notebook 05, who see recall and protopathic bias over many simulated studies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lbpkit.labs._hourly import STEFFENS, draw_lifting, fit_windows, hours_in, stationary_cases
from lbpkit.labs._replicate import summarise
from lbpkit.labs._sampler import check_count, check_positive, check_probability, draw_onsets, expit, hourly_window, logit, start

__all__ = ["recall_experiment", "protopathic_experiment"]


def recall_experiment(
    *,
    seed: int,
    replicates: int = 200,
    recall_inflation: float = 0.15,
    odds_ratio: float = 2.0,
    n_cases: int = 400,
    recall_window: int = 2,
    lifting_prob: float = 0.08,
) -> pd.DataFrame:
    """Differential recall: lifting "remembered" in the hours just before a flare.

    Exposure is reported after the flare. An hour without lifting in the ``recall_window``
    hours before onset is reported as lifting with probability ``recall_inflation`` (the flare
    prompts a search for a cause); hours far from onset are reported correctly. The true-exposure
    row is what a diary kept at the time would give.

    Examples
    --------
    >>> t = recall_experiment(seed=1, replicates=5, recall_inflation=0.0)
    >>> bool(np.allclose(t["mean_or"].iloc[0], t["mean_or"].iloc[1]))
    True
    """
    r = check_probability("recall_inflation", recall_inflation)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    w = check_count("recall_window", recall_window)
    p = check_probability("lifting_prob", lifting_prob, low=1e-9)
    history = stationary_cases(rng, R * n, [(0, 2), *STEFFENS], lifting_prob=p, odds_ratio=odds_ratio)
    recalled = history.copy()
    recalled[:, :w] |= (rng.random((R * n, w)) < r).astype(np.int8)
    results = {
        "true exposure (diary kept at the time)": fit_windows(history, (0, 2), STEFFENS, rep, R),
        "recalled after the flare": fit_windows(recalled, (0, 2), STEFFENS, rep, R),
    }
    return summarise(results, odds_ratio, threat="recall bias", strength=r, seed=seed, replicates=R, n_cases=n)


def protopathic_experiment(
    *,
    seed: int,
    replicates: int = 200,
    prodrome_or: float = 0.3,
    prodrome_hours: int = 3,
    odds_ratio: float = 2.0,
    n_cases: int = 400,
    lifting_prob: float = 0.1,
) -> pd.DataFrame:
    """Protopathic bias (reverse causation): early symptoms change behaviour before the flare is
    recognised.

    A flare starts ``prodrome_hours`` before the person recognises it (and reports its onset).
    Lifting raises the risk of a flare starting in the 2 hours after it (the planted odds
    ratio). Once the first symptoms are felt, the odds of lifting are multiplied by
    ``prodrome_or`` (below 1: people spare their back; above 1 for an exposure such as resting
    or a painkiller, which symptoms prompt). A hazard window of the 2 hours before the
    *recognised* onset then measures the symptoms' effect on behaviour, not the activity's
    effect on the flare; moving the hazard window to before the first symptoms (if their timing
    is known) removes it.

    Examples
    --------
    >>> t = protopathic_experiment(seed=1, replicates=5)
    >>> t["choice"].tolist()[1]
    'hazard window 3–5 h before the recognised onset (before the first symptoms)'
    """
    change = check_positive("prodrome_or", prodrome_or)
    P = check_count("prodrome_hours", prodrome_hours)
    if P > 20:
        raise ValueError(f"`prodrome_hours` must be at most 20 (the referents lie a day apart), got {P!r}.")
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    p = check_probability("lifting_prob", lifting_prob, low=1e-9)
    windows = [(0, 2), *STEFFENS, (P, P + 2), *[(s + P, e + P) for s, e in STEFFENS]]
    hours = hours_in(*windows)
    span = int(hours.max()) + 1
    prob = np.where(hours < P, expit(logit(p) + np.log(change)), p)  # lifting changes during the prodrome

    def propose(k):
        history = draw_lifting(rng, k, span, hours, prob)
        return {"h": history}, odds_ratio ** hourly_window(history, P, P + 2)

    history = draw_onsets(rng, R * n, propose, max(odds_ratio, 1.0))["h"]
    results = {
        "hazard window 0–2 h before the recognised onset": fit_windows(history, (0, 2), STEFFENS, rep, R),
        f"hazard window {P}–{P + 2} h before the recognised onset (before the first symptoms)": fit_windows(
            history, (P, P + 2), [(s + P, e + P) for s, e in STEFFENS], rep, R),
    }
    return summarise(results, odds_ratio, threat="protopathic bias", strength=change, seed=seed, replicates=R,
                     n_cases=n)
