"""When model-based standard errors are too small: CI coverage of model-based vs person-clustered
SEs in a truth-known FLAReS-like study (issue 10, notebooks 04 and 07).

For learners of notebook 04, who see why a person's several flares call for clustered SEs.

Each simulated study follows ``n_people`` people. Person ``i`` lifts in a 2-h window with
probability ``p_i`` (people differ: Beta distributed) and answers ``n_control_surveys`` control
surveys (was there lifting in the 2 h before the survey?). Flares cluster within people beyond
what lifting explains: person ``i`` has Poisson(``mean_flares`` · G_i · (1 − p_i + p_i·OR))
flares with a gamma frailty G_i of mean 1 and variance ``frailty_variance``; lifting in the 2 h
before a flare multiplies its risk by the planted odds ratio. Two designs:

- *one matched set per flare reusing the person's control surveys* (as in FLAReS): a person's
  sets share referent windows, so they are not independent and the model-based SE, which treats
  them as independent, is too small;
- *each flare with its own referent windows*: sets of one person are independent given the
  person, and model-based SEs are right.

Over 400 replicates (seeds 101 and 102, defaults) the model-based 95% CIs covered the planted OR
in 0.79–0.81 of studies with reused surveys (0.87 even without frailty: reuse alone shrinks them,
flares clustering within people shrink them further) and in 0.94–0.96 with own referents; the
clustered CIs covered it in 0.93–0.95 in both designs.

Standard errors clustered by person come from
``lbpkit.conditional_logit(..., cluster="participant_id")`` (robust sandwich, no small-sample
factor, as R ``survival::clogit(..., cluster=id)``).

Why not the shared hours of windows? In :func:`lbpkit.simulate.simulate_diary` onsets are
independent given exposure; when one person's onsets fall close together their windows share
hours, yet a methods review measured 95% CI coverage of 0.97 there (the kit: 0.94 over 300
studies with onsets at 1% an hour; tests/test_simulate.py). The SEs shrink when onsets
cluster beyond what exposure explains and the analysis reuses the same referent information.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from lbpkit.estimate import FewClustersWarning, conditional_logit
from lbpkit.engine.batched import Estimates
from lbpkit.labs._replicate import summarise
from lbpkit.labs._sampler import check_count, check_positive, make_rng

__all__ = ["clustered_se_experiment", "flares_like_study"]


def flares_like_study(rng: np.random.Generator, *, n_people: int, n_control_surveys: int, mean_flares: float,
                      frailty_variance: float, odds_ratio: float, reuse_controls: bool,
                      lifting_mean: float = 0.25, lifting_concentration: float = 8.0) -> pd.DataFrame:
    """One synthetic study: one row per window (``participant_id``, ``stratum``, ``case``,
    ``lifting``), one stratum per flare."""
    p = rng.beta(lifting_mean * lifting_concentration, (1 - lifting_mean) * lifting_concentration, size=n_people)
    frailty = rng.gamma(1 / frailty_variance, frailty_variance, size=n_people) if frailty_variance > 0 else np.ones(n_people)
    n_flares = rng.poisson(mean_flares * frailty * (1 - p + p * odds_ratio))
    person = np.repeat(np.arange(n_people), n_flares)
    q = p * odds_ratio / (1 - p + p * odds_ratio)  # lifting before a flare
    hazard = rng.random(person.size) < q[person]
    K = n_control_surveys
    if reuse_controls:
        surveys = rng.random((n_people, K)) < p[:, None]
        referents = surveys[person]
    else:
        referents = rng.random((person.size, K)) < p[person][:, None]
    lifting = np.column_stack([hazard, referents]).astype(np.int8)
    m = K + 1
    return pd.DataFrame({
        "participant_id": np.repeat(person, m),
        "stratum": np.repeat(np.arange(person.size), m),
        "case": np.tile(np.r_[1, np.zeros(K, dtype=int)], person.size),
        "lifting": lifting.ravel(),
    })


def _fit(data: pd.DataFrame) -> tuple[float, float, float, int]:
    try:
        with warnings.catch_warnings():
            # This experiment measures how clustered SEs behave, with few people too: their
            # unreliability is its result (the coverage it reports), not a warning per study.
            warnings.simplefilter("ignore", FewClustersWarning)
            fit = conditional_logit(data, "case", "lifting", "stratum", cluster="participant_id")
    except ValueError:  # no informative set, or separation (SeparationError): no finite estimate
        return np.nan, np.nan, np.nan, 0
    return (float(fit["log_or"].iloc[0]), float(fit.attrs["model_based_se"]["lifting"]), float(fit["se"].iloc[0]),
            int(fit.attrs["n_strata"]))


def clustered_se_experiment(
    *,
    seed: int,
    replicates: int = 200,
    odds_ratio: float = 2.0,
    n_people: int = 100,
    n_control_surveys: int = 6,
    mean_flares: float = 3.0,
    frailty_variance: float = 1.0,
) -> pd.DataFrame:
    """Coverage of model-based vs person-clustered 95% CIs, with and without reused referents.

    Returns the replicate summary (one row per design × SE); the estimates of the two SE rows
    of a design are the same, only the CIs differ. See the module docstring for the model.

    Examples
    --------
    >>> t = clustered_se_experiment(seed=1, replicates=3, n_people=40)
    >>> t["choice"].tolist()[:2]  # doctest: +NORMALIZE_WHITESPACE
    ['reused control surveys: model-based SE', 'reused control surveys: clustered by person']
    """
    odds_ratio = check_positive("odds_ratio", odds_ratio)
    R = check_count("replicates", replicates)
    n_people, K = check_count("n_people", n_people, minimum=2), check_count("n_control_surveys", n_control_surveys)
    mean_flares = check_positive("mean_flares", mean_flares)
    if isinstance(frailty_variance, bool) or not isinstance(frailty_variance, (int, float)) or frailty_variance < 0:
        raise ValueError(f"`frailty_variance` must be a number >= 0, got {frailty_variance!r}.")
    rng = make_rng(seed)
    results = {}
    for reuse, design in ((True, "reused control surveys"), (False, "own referents per flare")):
        fits = np.array([_fit(flares_like_study(rng, n_people=n_people, n_control_surveys=K, mean_flares=mean_flares,
                                                frailty_variance=float(frailty_variance), odds_ratio=odds_ratio,
                                                reuse_controls=reuse)) for _ in range(R)])
        log_or, n_sets = fits[:, 0], fits[:, 3].astype(int)
        results[f"{design}: model-based SE"] = Estimates(log_or=log_or, se=fits[:, 1], n_strata=n_sets)
        results[f"{design}: clustered by person"] = Estimates(log_or=log_or, se=fits[:, 2], n_strata=n_sets)
    return summarise(results, odds_ratio, threat="clustered onsets, reused referents", strength=float(frailty_variance),
                     seed=seed, replicates=R, n_cases=n_people)
