"""Confounding in truth-known hourly studies: stable between-person confounders (self-matching,
notebook 03), time-varying ones, and the clock (a referent window at another time of day).

Lifting raises the risk of a flare for 2 hours (the planted odds ratio); the hazard window is
the 2 hours before onset and the referent windows 24–26 h and 48–50 h before (Steffens et al.
2015 protocol) unless a function says otherwise. All results are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lbpkit.labs._hourly import STEFFENS, draw_lifting, fit_windows, hours_in
from lbpkit.labs._replicate import summarise, woolf_odds_ratio
from lbpkit.labs._sampler import (
    check_count,
    check_positive,
    check_probability,
    draw_onsets,
    expit,
    hourly_window,
    logit,
    start,
)
from lbpkit.simulate import _odds_shift

__all__ = ["self_matching_experiment", "confounding_experiment", "referent_clock_experiment"]


def self_matching_experiment(
    *,
    seed: int,
    replicates: int = 200,
    odds_ratio: float = 2.0,
    confounder_strength: float = 4.0,
    n_cases: int = 300,
    lifting_prob: float = 0.05,
) -> pd.DataFrame:
    """A stable between-person confounder biases a comparison with other people, not the
    self-matched one.

    Half of the people have a heavy manual job: their odds of lifting in any hour and their risk
    of a flare are ``confounder_strength`` times those of the others. Rows:

    - *naive: cases vs other people*: lifting in the cases' 2-h hazard windows against one 2-h
      window of each of as many people **without** a flare (an unmatched 2×2 odds ratio; flares
      are rare, so these people's lifting is the population's);
    - *self-matched: case-crossover*: each case's hazard window against his or her own
      referent windows (conditional logistic regression).

    Examples
    --------
    >>> t = self_matching_experiment(seed=1, replicates=10, confounder_strength=1.0)
    >>> t["choice"].tolist()
    ['naive: cases vs other people', 'self-matched: case-crossover']
    """
    strength = check_positive("confounder_strength", confounder_strength)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    p_light = check_probability("lifting_prob", lifting_prob, low=1e-9)
    p_heavy = _odds_shift(p_light, strength)
    hours = hours_in((0, 2), *STEFFENS)
    span = int(hours.max()) + 1

    def person(k):
        heavy = rng.random(k) < 0.5
        return {"heavy": heavy}, strength**heavy

    def propose(k, given):
        history = draw_lifting(rng, k, span, hours, np.where(given["heavy"], p_heavy, p_light)[:, None])
        return {"h": history}, odds_ratio ** hourly_window(history, 0, 2)

    history = draw_onsets(rng, R * n, propose, max(odds_ratio, 1.0), first=person,
                          first_max_weight=max(strength, 1.0))["h"]
    heavy = rng.random(R * n) < 0.5
    p_window = 1 - (1 - np.where(heavy, p_heavy, p_light)) ** 2  # lifted in a 2-h window
    control_exposed = rng.random(R * n) < p_window
    count = np.full(R, n)
    results = {
        "naive: cases vs other people": woolf_odds_ratio(
            np.bincount(rep, weights=hourly_window(history, 0, 2), minlength=R), count,
            np.bincount(rep, weights=control_exposed, minlength=R), count),
        "self-matched: case-crossover": fit_windows(history, (0, 2), STEFFENS, rep, R),
    }
    return summarise(results, odds_ratio, threat="stable confounder", strength=strength, seed=seed, replicates=R,
                     n_cases=n)


def confounding_experiment(
    *,
    seed: int,
    replicates: int = 200,
    confounder_or: float = 3.0,
    odds_ratio: float = 2.0,
    n_cases: int = 400,
    confounder_prob: float = 0.3,
    lifting_prob: float = 0.08,
) -> pd.DataFrame:
    """A time-varying within-person confounder, ignored and adjusted for.

    On some days (24-h blocks of the clock, probability ``confounder_prob``) a person is, say,
    sleep-deprived: the odds of lifting and the risk of a flare are both multiplied by
    ``confounder_or``. Self-matching cannot remove it because it changes within a person;
    adding the measured confounder ("any hour of the window in such a day") to the conditional
    logistic model can.

    Examples
    --------
    >>> t = confounding_experiment(seed=1, replicates=10, confounder_or=1.0)
    >>> t["choice"].tolist()
    ['confounder ignored', 'adjusted for the confounder']
    """
    strength = check_positive("confounder_or", confounder_or)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    q = check_probability("confounder_prob", confounder_prob)
    p = check_probability("lifting_prob", lifting_prob, low=1e-9)
    hours = hours_in((0, 2), *STEFFENS)
    span = int(hours.max()) + 1

    def confounder_days(k):
        clock = rng.integers(0, 24, size=k)  # hour of the day of the onset
        days = (rng.random((k, 2 + span // 24)) < q).astype(np.int8)  # the onset's day, then the days before
        return {"clock": clock, "days": days}, strength ** days[:, 0]

    def propose(k, given):
        block = -np.floor_divide(given["clock"][:, None] - hours[None, :] - 1, 24)  # 0 = the onset's day
        z = np.take_along_axis(given["days"], block, axis=1)
        lifting = draw_lifting(rng, k, span, hours, np.where(z == 1, p_on, p))
        confounder = np.zeros((k, span), dtype=np.int8)
        confounder[:, hours] = z
        return {"h": lifting, "z": confounder}, odds_ratio ** hourly_window(lifting, 0, 2)

    p_on = float(expit(logit(p) + np.log(strength)))
    cases = draw_onsets(rng, R * n, propose, max(odds_ratio, 1.0), first=confounder_days,
                        first_max_weight=max(strength, 1.0))
    results = {
        "confounder ignored": fit_windows(cases["h"], (0, 2), STEFFENS, rep, R),
        "adjusted for the confounder": fit_windows(cases["h"], (0, 2), STEFFENS, rep, R, extra=cases["z"]),
    }
    return summarise(results, odds_ratio, threat="time-varying confounder", strength=strength, seed=seed,
                     replicates=R, n_cases=n)


def referent_clock_experiment(
    *,
    seed: int,
    replicates: int = 200,
    referent_offset: int = 12,
    odds_ratio: float = 2.0,
    n_cases: int = 400,
    day_lifting_prob: float = 0.12,
    night_lifting_prob: float = 0.02,
    day_risk: float = 3.0,
) -> pd.DataFrame:
    """A wrongly placed referent window: not at the same time of day as the hazard window.

    People lift mostly from 08:00 to 18:00 (``day_lifting_prob`` an hour, else
    ``night_lifting_prob``), and flares are noticed mostly while people are up and about: the
    baseline risk of a recognised onset is ``day_risk`` times higher from 08:00 to 20:00. The
    time of day thus affects both exposure and onset. Referents 24 h and 48 h before the hazard
    window share its clock time and remove it; referents ``referent_offset`` and
    ``referent_offset + 24`` hours before do not (unless the offset is a multiple of 24), and
    the estimate moves away from the truth — away from 1 even when the planted odds ratio is 1.

    Examples
    --------
    >>> t = referent_clock_experiment(seed=1, replicates=10, referent_offset=12)
    >>> t["choice"].tolist()[1]
    'referents 12 h and 36 h before'
    """
    offset = check_count("referent_offset", referent_offset, minimum=2)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    p_day = check_probability("day_lifting_prob", day_lifting_prob, low=1e-9)
    p_night = check_probability("night_lifting_prob", night_lifting_prob, low=1e-9)
    risk = check_positive("day_risk", day_risk)
    wrong = [(offset, offset + 2), (offset + 24, offset + 26)]
    hours = hours_in((0, 2), *STEFFENS, *wrong)
    span = int(hours.max()) + 1

    def onset_clock(k):
        clock = rng.integers(0, 24, size=k)
        return {"clock": clock}, risk ** ((clock >= 8) & (clock < 20))

    def propose(k, given):
        hour_of_day = (given["clock"][:, None] - hours[None, :] - 1) % 24
        prob = np.where((hour_of_day >= 8) & (hour_of_day < 18), p_day, p_night)
        lifting = draw_lifting(rng, k, span, hours, prob)
        return {"h": lifting}, odds_ratio ** hourly_window(lifting, 0, 2)

    history = draw_onsets(rng, R * n, propose, max(odds_ratio, 1.0), first=onset_clock,
                          first_max_weight=max(risk, 1.0))["h"]
    results = {
        "referents 24 h and 48 h before (same clock time)": fit_windows(history, (0, 2), STEFFENS, rep, R),
        f"referents {offset} h and {offset + 24} h before": fit_windows(history, (0, 2), wrong, rep, R),
    }
    return summarise(results, odds_ratio, threat="referent at another clock time", strength=offset, seed=seed,
                     replicates=R, n_cases=n)
