"""Simulating the onsets of many studies at once, and laying out their windows.

For maintainers of the labs: how every experiment of :mod:`lbpkit.labs` draws its studies.

A case-crossover analysis reads only each onset's own exposure history. So instead of simulating
every person-hour of a cohort and keeping the rare hours with an onset, the labs draw onsets
directly, exactly: a candidate onset time and its exposure history are drawn from the exposure
process, and the candidate is kept with probability proportional to its risk of onset (the
planted odds ratio when the effect period was exposed, times any other risk factor). Kept
candidates are onsets drawn from the cohort's distribution of onsets under a rare outcome, where
the planted odds ratio and the rate ratio coincide (Maclure 1991). This costs a few dozen random
numbers per onset instead of thousands, which lets a widget simulate 100 studies in a blink.

Daily diaries cover the four weeks of February 2021 (day 0 = Monday 1 February); their windows
are laid out by :func:`lbpkit.windows.make_windows` itself, once per scheme. Hourly histories are
indexed by hours before onset: column ``a`` is the hour ``[onset - a - 1, onset - a)``, so the
window ``(24, 26)`` is columns 24 and 25.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.special import expit, logit  # re-exported for the experiments

from lbpkit.windows import make_windows

__all__ = ["DIARY_START", "N_DAYS", "make_rng", "start", "draw_onsets", "daily_layout", "daily_windows", "hourly_window",
           "expit", "logit", "check_positive", "check_count", "check_probability"]

DIARY_START = pd.Timestamp("2021-02-01")  # a Monday; February 2021 has exactly four weeks
N_DAYS = 28


def make_rng(seed: int) -> np.random.Generator:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"`seed` must be an integer, got {seed!r}.")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed))))


def start(seed: int, replicates, n_cases, odds_ratio):
    """Check the arguments every experiment shares; return ``(replicates, n_cases, odds_ratio,
    rng, rep)`` with ``rep`` the study of each of the ``replicates * n_cases`` onsets."""
    R, n = check_count("replicates", replicates), check_count("n_cases", n_cases)
    odds_ratio = check_positive("odds_ratio", odds_ratio)
    return R, n, odds_ratio, make_rng(seed), np.repeat(np.arange(R), n)


def check_positive(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not (
            np.isfinite(value) and value > 0):
        raise ValueError(f"`{name}` must be a positive number, got {value!r}.")
    return float(value)


def check_count(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"`{name}` must be a whole number >= {minimum}, got {value!r}.")
    return int(value)


def check_probability(name: str, value, *, low: float = 0.0, high: float = 1.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not low <= value < high:
        raise ValueError(f"`{name}` must be a number in [{low:g}, {high:g}), got {value!r}.")
    return float(value)


def draw_onsets(rng: np.random.Generator, n: int, propose: Callable[..., tuple[dict, np.ndarray]],
                max_weight: float, *, first: Callable[[int], tuple[dict, np.ndarray]] | None = None,
                first_max_weight: float = 1.0) -> dict[str, np.ndarray]:
    """Exactly ``n`` onsets by rejection sampling.

    ``propose(k)`` returns ``k`` candidates (a dict of arrays) and their relative risks of onset
    (at most ``max_weight``). With ``first``, candidates are drawn in two stages: ``first(k)``
    draws the cheap part of each candidate (e.g. the person's type) with its own risk factor (at
    most ``first_max_weight``); the survivors are completed by ``propose(k, given)``. A candidate
    is kept only if it survives both stages, so the kept ones follow the product of the two
    risks exactly, and the costly part is drawn for fewer candidates.
    """
    parts, have, rate = [], 0, 1.0 / (max_weight * (first_max_weight if first else 1.0))
    while have < n:
        k = int(1.1 * (n - have) / rate) + 32
        if not parts:
            k = min(k, 8192)  # a pilot batch measures the acceptance rate
        if first is None:
            draws, weight = propose(k)
        else:
            given, w1 = first(k)
            keep1 = rng.random(k) * first_max_weight < w1
            draws, weight = propose(int(keep1.sum()), {key: v[keep1] for key, v in given.items()})
            draws = {**{key: v[keep1] for key, v in given.items()}, **draws}
        keep = rng.random(weight.size) * max_weight < weight
        rate = max(float(keep.sum()) / k, 1e-3)
        parts.append({key: value[keep] for key, value in draws.items()})
        have += int(keep.sum())
    return {key: np.concatenate([p[key] for p in parts])[:n] for key in parts[0]}


@lru_cache(maxsize=16)
def daily_layout(scheme: str, lag: int = 7, n_referents: int = 1) -> np.ndarray:
    """Window days of an onset on each day of February 2021, from :func:`make_windows`.

    Row ``d`` holds, for an onset on day ``d``, the day of its hazard window (the day before
    onset) in column 0 and the days of its referent windows after it; -1 marks a window outside
    the four weeks (it is left out, as :func:`lbpkit.labs.complete_strata` does).
    """
    onsets = pd.DataFrame({"id": np.arange(N_DAYS), "time": DIARY_START + pd.to_timedelta(np.arange(N_DAYS), unit="D")})
    kw = {} if scheme == "time_stratified" else dict(lag=lag, n_referents=n_referents)
    w = make_windows(onsets, scheme=scheme, hazard=(0, 1), unit="D", **kw)
    day = ((w["start"] - DIARY_START) / pd.Timedelta(1, "D")).round().astype(int).to_numpy()
    day = np.where((day >= 0) & (day < N_DAYS), day, -1)
    width = int(w.groupby("stratum").size().max())
    out = np.full((N_DAYS, width), -1)
    for stratum, rows in w.groupby("stratum").indices.items():
        out[stratum, : len(rows)] = day[rows]  # make_windows puts the hazard window first
    out.setflags(write=False)
    return out


def daily_windows(x: np.ndarray, onset_day: np.ndarray, layout: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exposure of each onset's windows (hazard first) and the mask of windows inside the record."""
    idx = layout[onset_day]
    mask = idx >= 0
    values = np.take_along_axis(x, np.where(mask, idx, 0), axis=1)
    return np.where(mask, values, 0), mask


def hourly_window(history: np.ndarray, start: int, end: int) -> np.ndarray:
    """1 if any hour of the window ``(start, end)`` hours before onset was exposed."""
    return history[:, start:end].max(axis=1)
