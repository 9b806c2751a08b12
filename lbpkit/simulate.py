"""Truth-known simulation: synthetic exposure diaries and case-crossover data with a planted
transient effect, and a Monte Carlo helper that runs many simulated studies.

All generators take an explicit ``seed`` and draw from ``numpy.random.Generator(PCG64(seed))``,
so the same seed gives the same data on every machine. Every result is synthetic and says so in
``.attrs["synthetic"]``; the planted parameters are in ``.attrs["truth"]``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from lbpkit.windows import case_crossover_windows, window_problems

__all__ = [
    "simulate_case_crossover",
    "simulate_diary",
    "events_from_diary",
    "diary_to_case_crossover",
    "control_crossover_from_diary",
]

SeedLike = int | np.random.SeedSequence | np.random.Generator


def _rng(seed: SeedLike) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer, np.random.SeedSequence)):
        raise TypeError(f"`seed` must be an integer (or a numpy SeedSequence/Generator), got {seed!r}.")
    return np.random.Generator(np.random.PCG64(seed))


def _check_prob(name: str, value: float, *, open_: bool = True) -> float:
    ok = 0 < value < 1 if open_ else 0 <= value <= 1
    if not (isinstance(value, (int, float)) and ok):
        raise ValueError(f"`{name}` must be a probability {'strictly ' if open_ else ''}between 0 and 1, got {value!r}.")
    return float(value)


def _check_positive(name: str, value: float) -> float:
    if not (isinstance(value, (int, float)) and value > 0 and np.isfinite(value)):
        raise ValueError(f"`{name}` must be a positive number (an odds ratio), got {value!r}.")
    return float(value)


def _odds_shift(p: float, odds_ratio: float) -> float:
    """Probability whose odds are ``odds_ratio`` times the odds of ``p``."""
    return p * odds_ratio / (1 - p + p * odds_ratio)


def simulate_case_crossover(
    n_cases: int,
    *,
    odds_ratio: float,
    exposure_prob: float,
    seed: SeedLike,
    n_referents: int = 1,
    trend_or: float = 1.0,
    n_controls: int = 0,
) -> pd.DataFrame:
    """Simulate case-crossover data directly, one stratum per case (synthetic).

    Under a transient effect with a rare outcome and stationary exposure, a case's hazard
    window is exposed with the probability whose odds are ``odds_ratio`` times the odds of
    ``exposure_prob``; its referent windows are exposed with ``exposure_prob``. A time trend in
    exposure multiplies the odds in hazard-window time by ``trend_or`` for everyone — it biases
    the case-crossover OR by that factor, and non-cases ("controls", for a case-time-control
    analysis) show it on their own.

    Parameters
    ----------
    n_cases : int
        Number of cases (strata).
    odds_ratio : float
        Planted odds ratio of the exposure for the outcome.
    exposure_prob : float
        Probability that a referent window is exposed.
    seed : int, SeedSequence or Generator
        Seed of the PCG64 generator.
    n_referents : int, default 1
        Referent windows per case.
    trend_or : float, default 1.0
        Odds ratio of exposure in hazard-window time vs referent time, unrelated to the outcome.
    n_controls : int, default 0
        Non-cases with the same windows, for a control-crossover / case-time-control analysis.

    Returns
    -------
    DataFrame
        ``stratum``, ``group`` ("case"/"control"), ``case`` (1 = hazard window),
        ``exposure`` (0/1); ``.attrs["truth"]`` holds the planted parameters.

    Examples
    --------
    >>> d = simulate_case_crossover(3, odds_ratio=2.0, exposure_prob=0.3, seed=1)
    >>> d.shape, list(d.columns)
    ((6, 4), ['stratum', 'group', 'case', 'exposure'])
    >>> d.attrs["truth"]["odds_ratio"]
    2.0
    """
    for name, value in (("n_cases", n_cases), ("n_referents", n_referents), ("n_controls", n_controls)):
        if not isinstance(value, (int, np.integer)) or value < (0 if name == "n_controls" else 1):
            raise ValueError(f"`{name}` must be a whole number >= {0 if name == 'n_controls' else 1}, got {value!r}.")
    odds_ratio = _check_positive("odds_ratio", odds_ratio)
    trend_or = _check_positive("trend_or", trend_or)
    p = _check_prob("exposure_prob", exposure_prob)
    rng = _rng(seed)
    m = n_referents + 1
    n_strata = n_cases + n_controls
    p_hazard = np.r_[
        np.full(n_cases, _odds_shift(p, odds_ratio * trend_or)),
        np.full(n_controls, _odds_shift(p, trend_or)),
    ]
    probs = np.column_stack([p_hazard, np.full((n_strata, n_referents), p)])
    exposure = (rng.random((n_strata, m)) < probs).astype(np.int8)
    out = pd.DataFrame(
        {
            "stratum": np.repeat(np.arange(n_strata), m),
            "group": np.repeat(np.where(np.arange(n_strata) < n_cases, "case", "control"), m),
            "case": np.tile(np.r_[1, np.zeros(n_referents, dtype=np.int8)], n_strata).astype(np.int8),
            "exposure": exposure.ravel(),
        }
    )
    out.attrs.update(
        synthetic=True,
        truth={
            "odds_ratio": odds_ratio,
            "log_or": float(np.log(odds_ratio)),
            "exposure_prob": p,
            "trend_or": trend_or,
            "n_referents": n_referents,
        },
    )
    return out


def simulate_diary(
    n_people: int,
    n_hours: int,
    *,
    seed: SeedLike,
    odds_ratio: float,
    exposure_prob: float = 0.1,
    event_prob: float = 0.002,
    effect_period: int = 2,
    induction: int = 0,
    exposure_trend_or: float = 1.0,
    confounder_prob: float = 0.0,
    confounder_exposure_or: float = 1.0,
    confounder_event_or: float = 1.0,
    confounder_block: int = 24,
    sensitivity: float = 1.0,
    specificity: float = 1.0,
    recall_inflation: float = 0.0,
    recall_window: int = 2,
) -> pd.DataFrame:
    """Simulate hourly exposure diaries and flare onsets with a planted transient effect (synthetic).

    Each person-hour is exposed (0/1) with probability ``exposure_prob`` (on the odds scale,
    multiplied by ``exposure_trend_or`` across follow-up, and by ``confounder_exposure_or`` while
    the confounder is on). An hour is in the *effect period* if the person was exposed at least
    once between ``induction + effect_period`` and ``induction`` hours earlier
    (``[t - induction - effect_period, t - induction)``). A flare starts in an hour with
    probability ``event_prob``, its odds multiplied by ``odds_ratio`` in the effect period and by
    ``confounder_event_or`` while the confounder is on. Onsets may recur, independently of each
    other given exposure. When one person's onsets fall within a few days of each other their
    windows share exposure hours; in this model that does not make the model-based SEs too
    small (a methods review measured 95% CI coverage of 0.97 there; with onsets at 1% an hour
    the kit measured 0.94 over 300 studies, and tests/test_simulate.py checks it). Model-based SEs are too small when onsets cluster in time beyond what exposure
    explains, or when matched sets reuse the same referent information (recurrent events; Luo &
    Sorock, Stat Med, doi 10.1002/sim.3171): see :func:`lbpkit.labs.clustered_se_experiment`.

    Reporting error: each hour is reported exposed with ``sensitivity`` if exposed and
    ``1 - specificity`` if not (non-differential), and unexposed hours in the ``recall_window``
    hours before an onset are reported exposed with probability ``recall_inflation``
    (differential recall after the event).

    Parameters
    ----------
    n_people, n_hours : int
        Diary size.
    seed : int, SeedSequence or Generator
    odds_ratio : float
        Planted odds ratio for being in the effect period.
    exposure_prob, event_prob : float
        Baseline hourly probabilities.
    effect_period, induction : int
        In hours.
    exposure_trend_or : float
        Odds ratio of exposure at the last hour vs the first (log-linear in time).
    confounder_prob, confounder_exposure_or, confounder_event_or, confounder_block
        A time-varying confounder, on in blocks of ``confounder_block`` hours with probability
        ``confounder_prob``, that raises the odds of both exposure and onset.
    sensitivity, specificity, recall_inflation, recall_window
        Reporting error, as above.

    Returns
    -------
    DataFrame
        One row per person-hour: ``id``, ``time`` (hour), ``exposure`` (as reported),
        ``true_exposure``, ``effect_period`` (1 in the effect period), ``confounder``, ``event``
        (1 in an onset hour). ``.attrs["truth"]`` holds the planted parameters.

    Examples
    --------
    >>> diary = simulate_diary(5, 48, seed=3, odds_ratio=3.0)
    >>> diary.shape
    (240, 7)
    >>> diary.attrs["truth"]["odds_ratio"], diary.attrs["synthetic"]
    (3.0, True)
    """
    for name, value in (("n_people", n_people), ("n_hours", n_hours), ("effect_period", effect_period)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"`{name}` must be a whole number >= 1, got {value!r}.")
    for name, value in (("induction", induction), ("recall_window", recall_window), ("confounder_block", confounder_block)):
        if not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"`{name}` must be a whole number of hours >= 0, got {value!r}.")
    odds_ratio = _check_positive("odds_ratio", odds_ratio)
    for name in ("exposure_trend_or", "confounder_exposure_or", "confounder_event_or"):
        _check_positive(name, locals()[name])
    p_exp = _check_prob("exposure_prob", exposure_prob)
    p_ev = _check_prob("event_prob", event_prob)
    for name in ("confounder_prob", "sensitivity", "specificity", "recall_inflation"):
        _check_prob(name, locals()[name], open_=False)
    rng = _rng(seed)
    logit = lambda q: np.log(q / (1 - q))  # noqa: E731
    expit = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731

    t = np.arange(n_hours)
    n_blocks = -(-n_hours // max(confounder_block, 1))
    z_block = rng.random((n_people, n_blocks)) < confounder_prob
    z = np.repeat(z_block, max(confounder_block, 1), axis=1)[:, :n_hours]
    frac = t / max(n_hours - 1, 1)
    exp_logit = logit(p_exp) + np.log(exposure_trend_or) * frac + np.log(confounder_exposure_or) * z
    true_x = rng.random((n_people, n_hours)) < expit(exp_logit)

    cs = np.concatenate([np.zeros((n_people, 1), dtype=np.int64), np.cumsum(true_x, axis=1)], axis=1)
    hi = np.clip(t - induction, 0, n_hours)
    lo = np.clip(t - induction - effect_period, 0, n_hours)
    in_effect = (cs[:, hi] - cs[:, lo]) > 0
    ev_logit = logit(p_ev) + np.log(odds_ratio) * in_effect + np.log(confounder_event_or) * z
    event = rng.random((n_people, n_hours)) < expit(ev_logit)

    u = rng.random((n_people, n_hours))
    reported = np.where(true_x, u < sensitivity, u < 1 - specificity)
    if recall_inflation > 0 and recall_window > 0:
        ev_cs = np.concatenate([np.zeros((n_people, 1), dtype=np.int64), np.cumsum(event, axis=1)], axis=1)
        upper = np.clip(t + recall_window + 1, 0, n_hours)
        # hours within recall_window hours before an onset (the onset hour itself excluded)
        before_onset = (ev_cs[:, upper] - ev_cs[:, t + 1]) > 0
        flip = before_onset & ~reported & (rng.random((n_people, n_hours)) < recall_inflation)
        reported = reported | flip

    out = pd.DataFrame(
        {
            "id": np.repeat(np.arange(n_people), n_hours),
            "time": np.tile(t, n_people),
            "exposure": reported.ravel().astype(np.int8),
            "true_exposure": true_x.ravel().astype(np.int8),
            "effect_period": in_effect.ravel().astype(np.int8),
            "confounder": z.ravel().astype(np.int8),
            "event": event.ravel().astype(np.int8),
        }
    )
    out.attrs.update(
        synthetic=True,
        truth={
            "odds_ratio": odds_ratio,
            "log_or": float(np.log(odds_ratio)),
            "effect_period": int(effect_period),
            "induction": int(induction),
            "exposure_prob": p_exp,
            "event_prob": p_ev,
            "exposure_trend_or": float(exposure_trend_or),
            "confounder_prob": float(confounder_prob),
            "confounder_exposure_or": float(confounder_exposure_or),
            "confounder_event_or": float(confounder_event_or),
            "sensitivity": float(sensitivity),
            "specificity": float(specificity),
            "recall_inflation": float(recall_inflation),
            "recall_window": int(recall_window),
        },
    )
    return out


def events_from_diary(diary: pd.DataFrame) -> pd.DataFrame:
    """Onsets (``id``, ``time``) of a diary from :func:`simulate_diary`.

    Parameters
    ----------
    diary : DataFrame
        With columns ``id``, ``time`` and ``event`` (1 in an onset hour).

    Returns
    -------
    DataFrame
        One row per onset, with the diary's ``truth`` in ``.attrs``.

    Examples
    --------
    >>> diary = simulate_diary(20, 200, seed=1, odds_ratio=2.0, event_prob=0.01)
    >>> ev = events_from_diary(diary)
    >>> list(ev.columns), len(ev) == int(diary["event"].sum())
    (['id', 'time'], True)
    """
    ev = diary.loc[diary["event"] == 1, ["id", "time"]].reset_index(drop=True)
    ev.attrs = {"synthetic": diary.attrs.get("synthetic", True), "truth": diary.attrs.get("truth", {})}
    return ev


def diary_to_case_crossover(
    diary: pd.DataFrame,
    *,
    scheme: str = "fixed",
    hazard: tuple[int, int] | None = None,
    referents: list[tuple[int, int]] | None = None,
    lag: int | None = None,
    n_referents: int = 1,
    exposure: str = "exposure",
    warn: bool = True,
) -> pd.DataFrame:
    """Turn a simulated diary into case-crossover data (one stratum per onset) via lbpkit.windows.

    The default hazard window is the planted effect period, ``(induction, induction +
    effect_period)`` hours before onset, and exposure is summarised as "any exposure in the
    window", which is what the planted odds ratio refers to.

    Eligibility rule: an onset is analysed only if all its windows lie inside the diary (as
    in a study that records exposure for a run-in period before it counts onsets). Ineligible
    onsets are counted in ``.attrs["n_onsets_ineligible"]`` and reported by a warning
    (``warn=False`` silences the warning in simulation loops; the count stays in attrs).

    Parameters
    ----------
    diary : DataFrame
        From :func:`simulate_diary`.
    scheme, hazard, referents, lag, n_referents
        As in :func:`lbpkit.windows.make_windows`.
    exposure : str, default "exposure"
        Diary column to summarise (``"true_exposure"`` for the error-free exposure).
    warn : bool, default True
        Warn when onsets are ineligible (windows outside the diary).

    Returns
    -------
    DataFrame
        Windows with the exposure summary; ``.attrs["truth"]`` from the diary.

    Examples
    --------
    >>> diary = simulate_diary(30, 500, seed=2, odds_ratio=3.0, event_prob=0.005)
    >>> cc = diary_to_case_crossover(diary, scheme="fixed", referents=[(24, 26)], warn=False)
    >>> sorted(cc["role"].unique()), cc.attrs["truth"]["odds_ratio"]
    (['hazard', 'referent'], 3.0)
    """
    truth = diary.attrs.get("truth", {})
    if hazard is None:
        ind, ep = truth.get("induction", 0), truth.get("effect_period", 2)
        hazard = (ind, ind + ep)
    events = events_from_diary(diary)
    if events.empty:
        raise ValueError("The diary has no onsets (event == 1); raise event_prob, n_people or n_hours.")
    with warnings.catch_warnings():
        # Problem windows are handled by the eligibility rule below and reported there.
        warnings.simplefilter("ignore", UserWarning)
        cc = case_crossover_windows(
            events, diary, exposures=exposure, scheme=scheme, hazard=hazard, referents=referents,
            lag=lag, n_referents=n_referents, how="any", resolution=1.0, problems="warn",
        )
    bad = cc.loc[cc["out_of_record"], "stratum"].unique()
    n_bad = int(bad.size)
    if n_bad:
        cc = cc.loc[~cc["stratum"].isin(bad)].reset_index(drop=True)
        if warn:
            warnings.warn(
                f"{n_bad} of {len(events)} onsets are ineligible (some of their windows fall outside "
                "the diary) and were left out; see attrs['n_onsets_ineligible'].",
                UserWarning,
                stacklevel=2,
            )
    problems = window_problems(cc)["n_windows"].to_dict()
    cc.attrs.update(synthetic=True, truth=truth, n_onsets_ineligible=n_bad, problems=problems)
    return cc


def control_crossover_from_diary(
    diary: pd.DataFrame,
    *,
    seed: SeedLike,
    scheme: str = "fixed",
    hazard: tuple[int, int] | None = None,
    referents: list[tuple[int, int]] | None = None,
    lag: int | None = None,
    n_referents: int = 1,
    exposure: str = "exposure",
    warn: bool = True,
) -> pd.DataFrame:
    """Control-crossover data from the people without an onset, for case-time-control analyses.

    Each person without an onset gets one pseudo-onset, drawn from the cases' onset times (so
    controls and cases share the calendar time that a trend acts on), and the same windows.
    The pseudo-onset's hazard window is marked ``case = 1``.

    Parameters
    ----------
    diary : DataFrame
        From :func:`simulate_diary`.
    seed : int, SeedSequence or Generator
        For drawing the pseudo-onset times.
    scheme, hazard, referents, lag, n_referents, exposure, warn
        As in :func:`diary_to_case_crossover`.

    Returns
    -------
    DataFrame
        Control-crossover windows, ready for :func:`lbpkit.estimate.case_time_control`.

    Examples
    --------
    >>> diary = simulate_diary(60, 400, seed=4, odds_ratio=2.0, event_prob=0.002)
    >>> ctrl = control_crossover_from_diary(diary, seed=5, referents=[(24, 26)], warn=False)
    >>> set(ctrl["case"].unique()) <= {0, 1}
    True
    """
    rng = _rng(seed)
    events = events_from_diary(diary)
    if events.empty:
        raise ValueError("The diary has no onsets to take pseudo-onset times from.")
    never = np.setdiff1d(diary["id"].unique(), events["id"].unique())
    if never.size == 0:
        raise ValueError("Every person in the diary has an onset: there are no controls.")
    pseudo = pd.DataFrame({"id": never, "time": rng.choice(events["time"].to_numpy(), size=never.size)})
    pseudo_diary = diary.loc[diary["id"].isin(never)].copy()
    pseudo_diary["event"] = 0
    marks = pseudo_diary.set_index(["id", "time"]).index.isin(pd.MultiIndex.from_frame(pseudo))
    pseudo_diary.loc[marks, "event"] = 1
    pseudo_diary.attrs = dict(diary.attrs)
    return diary_to_case_crossover(
        pseudo_diary, scheme=scheme, hazard=hazard, referents=referents, lag=lag,
        n_referents=n_referents, exposure=exposure, warn=warn,
    )

