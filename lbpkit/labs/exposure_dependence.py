"""When the exposure itself depends on time: exposure that changes after the event, and exposure
that is autocorrelated from day to day (notebook 05), on the daily calendar of
:mod:`lbpkit.labs.referents`.

For learners of notebook 05, who see when referents after the onset mislead and when day-to-day
dependence in exposure does not. Each function returns the replicate summary of
:mod:`lbpkit.labs` (all synthetic).

References
----------
Vines SK, Farrington CP. Within-subject exposure dependency in case-crossover studies. Stat Med
2001. doi:10.1002/sim.960
"""

from __future__ import annotations

import numpy as np

from lbpkit.engine.batched import fit_matched_sets
from lbpkit.labs._replicate import mantel_haenszel_sets, summarise
from lbpkit.labs._sampler import N_DAYS, check_count, check_positive, check_probability, draw_onsets, expit, logit, start
from lbpkit.labs.referents import BI, LABELS, TS, UNI, _daily_cases, _fit

__all__ = ["event_dependent_exposure_experiment", "exchangeability_experiment"]


def event_dependent_exposure_experiment(
    *,
    seed: int,
    replicates: int = 200,
    post_event_or: float = 0.3,
    post_event_days: int = 14,
    odds_ratio: float = 2.0,
    n_cases: int = 500,
    lifting_prob: float = 0.3,
) -> pd.DataFrame:
    """Exposure that changes after the event: why referents after the onset mislead.

    After a flare people lift less: for ``post_event_days`` days from the onset day their odds
    of lifting are multiplied by ``post_event_or``. Before the onset nothing changes. Referents
    before the onset (unidirectional) see the behaviour the hazard window is compared with;
    referents after it (bidirectional, and most time-stratified referents) see the changed
    behaviour, and the estimate is pushed up — with a planted odds ratio of 1, a false trigger.
    (For event-dependent exposures in the self-controlled case series see Farrington, Whitaker &
    Hocine, Biostatistics 2009; its DOI was not confirmed, so none is given.)

    Examples
    --------
    >>> t = event_dependent_exposure_experiment(seed=1, replicates=10, n_cases=200)
    >>> t["choice"].tolist()[0]
    'unidirectional (1 and 2 weeks before)'
    """
    change = check_positive("post_event_or", post_event_or)
    k_days = check_count("post_event_days", post_event_days)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    p0 = check_probability("lifting_prob", lifting_prob, low=1e-9)
    cases = _daily_cases(rng, R * n, np.full(N_DAYS, p0), odds_ratio)
    # The onset depends only on the day before; days from the onset on are redrawn as changed.
    days = np.arange(N_DAYS)
    after = (days[None, :] >= cases["day"][:, None]) & (days[None, :] < cases["day"][:, None] + k_days)
    redrawn = rng.random(after.shape) < expit(logit(p0) + np.log(change))
    cases["x"] = np.where(after, redrawn, cases["x"]).astype(np.int8)
    results = {LABELS[key]: _fit(cases, key, rep, R) for key in (UNI, BI, TS)}
    return summarise(results, odds_ratio, threat="event-dependent exposure", strength=change, seed=seed,
                     replicates=R, n_cases=n)


def exchangeability_experiment(
    *,
    seed: int,
    replicates: int = 200,
    autocorrelation: float = 0.6,
    odds_ratio: float = 2.0,
    n_referents: int = 3,
    n_cases: int = 500,
    lifting_prob: float = 0.3,
) -> pd.DataFrame:
    """Autocorrelated exposure: conditional logistic vs Mantel–Haenszel with several referents.

    Lifting follows a stationary two-state Markov chain from day to day (probability
    ``lifting_prob``, lag-1 correlation ``autocorrelation``): a person who lifted yesterday is
    more likely to lift today. Referents are the ``n_referents`` days just before the hazard day.
    The hazard day is then more alike the nearest referent than the farthest, so the windows are
    not *exchangeable*; with one referent (a pair) they are, whatever the correlation. Vines &
    Farrington (Stat Med 2001, doi:10.1002/sim.960) showed that conditional logistic regression
    with several referents is then biased while the Mantel–Haenszel estimate stays approximately unbiased
    for stationary exposure (it only compares the hazard window with one referent at a time).

    Examples
    --------
    >>> t = exchangeability_experiment(seed=1, replicates=10, n_cases=200)
    >>> len(t)
    3
    """
    rho = check_probability("autocorrelation", autocorrelation)
    M = check_count("n_referents", n_referents)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    p = check_probability("lifting_prob", lifting_prob, low=1e-9)
    stay_on, turn_on = p + rho * (1 - p), p * (1 - rho)
    span = M + 1  # columns: referents M .. 1 days before the hazard day, then the hazard day

    def propose(k):
        x = np.empty((k, span), dtype=np.int8)
        x[:, 0] = rng.random(k) < p
        for t in range(1, span):
            x[:, t] = rng.random(k) < np.where(x[:, t - 1] == 1, stay_on, turn_on)
        return {"x": x}, odds_ratio ** x[:, -1]

    x = draw_onsets(rng, R * n, propose, max(odds_ratio, 1.0))["x"][:, ::-1]  # hazard day first
    full = np.ones((R * n, span), dtype=bool)
    pair = full.copy()
    pair[:, 2:] = False
    results = {
        "conditional logistic, 1 referent (the day before)": fit_matched_sets(x, pair, rep, R),
        f"conditional logistic, {M} referents (the {M} days before)": fit_matched_sets(x, full, rep, R),
        f"Mantel–Haenszel, {M} referents": mantel_haenszel_sets(x, full, rep, R),
    }
    return summarise(results, odds_ratio, threat="autocorrelated exposure", strength=rho, seed=seed, replicates=R,
                     n_cases=n)
