"""A synthetic twin of the FLAReS case-crossover cohort (Suri et al. 2025): truth known, design published.

No individual data of FLAReS are public, so the kit ships a *synthetic* cohort whose design matches
the published one (participants, surveys, medians of scheduled and flare surveys, age, sex, read
from ``data/published/flares_design.csv``) and whose planted per-hour odds ratios were calibrated
ON AVERAGE: over many seeds, the mean one-activity-at-a-time conditional logistic estimate
(averaged on the log scale) rounds to each published OR (``flares_published_or.csv``), and lies
in :data:`NEAR_ONE_BAND` for the activities whose OR was not reported. Its PRECISION is matched
too: over many seeds, the mean model-based SE of each reported activity lies within the SEs its
published 95% CI allows given rounding to two decimals (``calibration_targets``; checked in the
calibration check), so its CIs describe a study about as informative as FLAReS, not a more
informative one. Nothing here is a published result. The numbers quoted below are computed from the code's constants when the
module is imported (they cannot drift from the code).

How a cohort is generated (every number below that is not in ``data/published`` is an
ASSUMPTION of the twin, chosen for teaching, not a FLAReS figure):

1. Participants: age ~ Normal(published mean, published SD) rounded and clipped to the registry's
   minimum age and 85 (the protocol's 18–65 would cut the published SD, discrepancy D4); exactly
   the published number of men (the registry results page reverses the sexes, D1).
2. Days: {n_days} follow-up days per participant. Each day has 13–19 waking hours; a person-level
   habit plus a day-to-day deviation sets how many waking hours are *active* (manual work,
   chores). Lifting, pushing/pulling, bending, twisting, squatting, climbing and crawling happen
   mostly in active hours; standing and walking in any hour. Sitting happens in sedentary hours
   and, depending on the scenario, also in active hours: the more an active hour excludes sitting
   (``sitting_displacement``), the more an extra active hour takes an hour away from sitting.
   ``hours_<activity>`` counts the waking hours of the day (0–24) in which the activity was done
   at least once, the FLAReS exposure unit.
3. Flares: each day's flare probability is ``expit(alpha_i + sum_k log(OR_k) * (hours_k - mean_k))``
   with the planted per-hour odds ratios ``OR_k`` of the scenario and a person-level baseline
   ``alpha_i`` set so that participant i expects ``lam_i`` flares a year,
   ``lam_i`` ~ Gamma(shape {gamma_shape:g}, mean {gamma_mean:g}). About {no_flare_percent:.0f}% of
   participants therefore have no flare in the year (the Poisson–gamma zero probability (1 + mean/shape)^-shape =
   {no_flare_share:.3f}; :func:`expected_share_without_flare`). A flare day gives one ``"flare"``
   survey whose exposure is the day before onset (the 24-h window).
4. Scheduled surveys: each participant completes 1 + Binomial(M - 1, p_i) scheduled surveys (M the
   protocol's maximum), with p_i ~ Beta{beta_low} for {low_percent:.0f}% of participants
   (dropout-like) and Beta{beta_high} for the others, placed on a random sample of the non-flare
   days (the FLAReS survey calendar is not published). Because scheduled days are sampled
   independently of exposure, conditional logistic regression by participant of flare vs
   scheduled surveys estimates the planted ORs when all activities are in the model.
5. The 2-h window (``hours2h_<activity>``, 0–2): the last two waking hours of the window, drawn
   without replacement from that day's active and sedentary hours, so it never exceeds the 24-h
   count. Flare risk is planted on the 24-h counts only.
6. RMDQ (0–24 points): baseline ~ Normal(published aim-1 mean, {rmdq_sd:g}) for participants with
   both flare and scheduled surveys ("aim-1-like") and Normal(published aim-2 mean, {rmdq_sd:g})
   for the others; the whole-sample figure and all SDs are not published (the SD is assumed).
   1-year RMDQ = 2 + 0.6 x baseline + Normal(0, 4), rounded and clipped: a planted ZERO long-term
   effect of activity, mirroring the published "no association" (an assumption, not a finding).

Scenarios (:data:`FLARES_SCENARIOS`; planted values by :func:`planted_truth`), calibrated by
``tools/calibrate_flares_twin.py`` over seeds {calibration_seeds} and checked on other seeds
(``data/synthetic/flares_twin_synthetic_calibration_check.csv``):

- ``"sitting_protects"``: each of the five manual activities has its own planted per-hour OR
  ({manual_protects}), sitting has its own protective OR ({sitting_protects:.4f}) and does not
  share time with active hours.
- ``"sitting_displaces"``: manual activities {manual_displaces}, sitting's planted OR is exactly
  1, and an active hour excludes sitting with probability ``sitting_displacement``
  ({displacement:g}), so sitting's one-at-a-time OR is borrowed from the hours it displaces.
  The mutually adjusted model tells the two stories apart; the one-at-a-time table does not.
- In both, the four unreported activities have planted OR exactly 1 (no claim). A one-at-a-time
  OR is larger than the planted one for the manual activities because they share active hours:
  each one's estimate borrows the others' effects (which is why the planted ORs are smaller
  than the published ones).

A single seed (the documented one is {default_seed}) is one draw: its estimates scatter around
the means by sampling error (the SD over seeds of each estimate is stored in the calibration
check; :func:`single_draw_spread`). The exact bytes of a cohort depend on numpy's random streams.

The rule that assigned FLAReS participants to aim 1 (n = 345) or aim 2 (n = 71) was not found in
the sources available to the kit; the twin's "participants with both flare and non-flare surveys"
only approximately matches 345.

What the twin CANNOT show (its assumptions rule these threats out by construction; see the
assumptions of the person-stratified likelihood in notebook 04): a baseline flare risk that
drifts over the year (season, treatment, the course of the back pain), since ``alpha_i`` is
constant; flares that last (hours to weeks) or a refractory time after a flare, since a flare is
a one-day onset and the next day can start another; control surveys taken during an ongoing
flare, since scheduled surveys never fall on a flare day; and exposure that acts beyond the day
(carry-over) or changes after a flare (unless added, e.g. notebook 07's post-flare avoidance).
A clean result on the twin says nothing about these in FLAReS. How FLAReS counted sitting
(hours with any sitting, as here, or total time sitting, as the news reports quoting its result
word it) is not known to the kit.

Analysis helpers (:func:`~lbpkit.flares.twin_analysis.flares_twin_estimates`,
:func:`~lbpkit.flares.twin_analysis.participants_table`, the replicate summaries and the
clustered-SE coverage experiment) live in :mod:`lbpkit.flares.twin_analysis` and
:mod:`lbpkit.flares.twin_replicates`; every public name of the twin is importable from
:mod:`lbpkit.flares`. The command line that writes the shipped files is
:mod:`lbpkit.flares.twin_files`.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from lbpkit.flares.twin_params import (  # the planted truth and the twin's constants
    _ACTIVE_SHARE_DAY_SD,
    _ACTIVE_SHARE_MEDIAN,
    _ACTIVE_SHARE_PERSON_SD,
    _ACTIVITY_DAY_SD,
    _COMPLETION_BETA_HIGH,
    _COMPLETION_BETA_LOW,
    _FLARES_PER_YEAR_MEAN,
    _FLARES_PER_YEAR_SHAPE,
    _LOW_COMPLETER_SHARE,
    _MANUAL,
    _P_ACTIVE_HOUR,
    _P_SEDENTARY_HOUR,
    _PERSON_SPREAD,
    _RMDQ_SD,
    _SCENARIO_PARAMS,
    _SITTING_PERSON_SD,
    ACTIVITIES,
    CALIBRATION_SEEDS,
    DEFAULT_SEED,
    EIGHT_WEEKS,
    FLARES_SCENARIOS,
    N_DAYS,
    NEAR_ONE_BAND,
    _scenario_params,
    expected_share_without_flare,
    planted_truth,
)

__all__ = [
    "ACTIVITIES",
    "FLARES_SCENARIOS",
    "DEFAULT_SEED",
    "NEAR_ONE_BAND",
    "CALIBRATION_SEEDS",
    "simulate_flares_cohort",
    "planted_truth",
    "expected_share_without_flare",
]


def _doc_numbers() -> dict[str, object]:
    """The numbers quoted in the module docstring, computed from lbpkit.flares.twin_params."""

    def manual(scenario: str) -> str:
        ors = [math.exp(_SCENARIO_PARAMS[scenario]["log_or"][a]) for a in _MANUAL]
        return f"planted ORs {min(ors):.4f}–{max(ors):.4f}"

    share = expected_share_without_flare()
    return {
        "n_days": N_DAYS,
        "gamma_shape": _FLARES_PER_YEAR_SHAPE,
        "gamma_mean": _FLARES_PER_YEAR_MEAN,
        "no_flare_share": share,
        "no_flare_percent": 100 * share,
        "beta_low": _COMPLETION_BETA_LOW,
        "beta_high": _COMPLETION_BETA_HIGH,
        "low_percent": 100 * _LOW_COMPLETER_SHARE,
        "rmdq_sd": _RMDQ_SD,
        "calibration_seeds": f"{CALIBRATION_SEEDS.start}–{CALIBRATION_SEEDS.stop - 1}",
        "manual_protects": manual("sitting_protects"),
        "sitting_protects": math.exp(_SCENARIO_PARAMS["sitting_protects"]["log_or"]["sitting"]),
        "manual_displaces": manual("sitting_displaces"),
        "displacement": _SCENARIO_PARAMS["sitting_displaces"]["sitting_displacement"],
        "default_seed": DEFAULT_SEED,
    }


if __doc__:  # None under python -OO
    __doc__ = __doc__.format(**_doc_numbers())


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@lru_cache(maxsize=1)
def _published_design() -> dict[str, float]:
    """Design figures of FLAReS read from data/published/flares_design.csv (never typed in)."""
    from lbpkit.data import load

    table = load("flares_design")

    def value(quantity: str, sample: str) -> float:
        rows = table[(table["quantity"] == quantity) & (table["sample"] == sample)]
        if len(rows) != 1:
            raise ValueError(
                f"data/published/flares_design.csv should hold exactly one row for {quantity!r} / "
                f"{sample!r}, found {len(rows)}; restore the file from git."
            )
        return float(rows["value"].iloc[0])

    return {
        "participants": value("participants", "whole sample"),
        "age_mean": value("age_mean", "whole sample"),
        "age_sd": value("age_sd", "whole sample"),
        "male_count": value("male_count", "whole sample"),
        "max_scheduled": value("max_scheduled_surveys_per_participant", "protocol"),
        "rmdq_aim1": value("baseline_rmdq_mean", "aim 1"),
        "rmdq_aim2": value("baseline_rmdq_mean", "aim 2"),
        "age_min": value("eligibility_age_min", "registry"),
    }


def _check_int(value: object, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum} (got {value}).")
    return int(value)


def _simulate_days(stream: np.random.SeedSequence, n: int, params: dict) -> tuple[dict, dict, np.ndarray, np.ndarray]:
    """Active/sedentary hour counts per activity for every person-day (arrays n x N_DAYS).

    Each activity draws from its own child stream, so a change of one scenario setting (e.g. the
    sitting displacement) leaves the other activities' hours of a seed unchanged: calibration
    over seeds then compares like with like (common random numbers).
    """
    shape = (n, N_DAYS)
    rng, *per_activity = (np.random.default_rng(s) for s in stream.spawn(1 + len(ACTIVITIES)))
    waking = rng.normal(16.0, 0.8, size=(n, 1)) + rng.normal(0.0, 1.0, size=shape)
    waking = np.clip(np.rint(waking), 13, 19).astype(np.int64)
    habit = _logit(_ACTIVE_SHARE_MEDIAN) + _ACTIVE_SHARE_PERSON_SD * rng.standard_normal((n, 1))
    share = _expit(habit + _ACTIVE_SHARE_DAY_SD * rng.standard_normal(shape))
    active = rng.binomial(waking, share)
    sedentary = waking - active
    in_active: dict[str, np.ndarray] = {}
    in_sedentary: dict[str, np.ndarray] = {}
    for activity, rng in zip(ACTIVITIES, per_activity):
        if activity == "sitting":
            person = _logit(params["sitting_median"]) + _SITTING_PERSON_SD * rng.standard_normal((n, 1))
            prob = _expit(person + params["sitting_day_sd"] * rng.standard_normal(shape))
            in_sedentary[activity] = rng.binomial(sedentary, prob)
            in_active[activity] = rng.binomial(active, prob * (1.0 - params["sitting_displacement"]))
            continue
        # Person habit plus a day-specific deviation, so activities are correlated (they share
        # the active hours) but not interchangeable.
        tendency = _PERSON_SPREAD * rng.standard_normal((n, 1)) + _ACTIVITY_DAY_SD * rng.standard_normal(shape)
        in_active[activity] = rng.binomial(active, _expit(_logit(_P_ACTIVE_HOUR[activity]) + tendency))
        in_sedentary[activity] = rng.binomial(sedentary, _expit(_logit(_P_SEDENTARY_HOUR[activity]) + tendency))
    return in_active, in_sedentary, active, sedentary


def simulate_flares_cohort(
    *,
    seed: int = DEFAULT_SEED,
    scenario: str = "sitting_protects",
    n_participants: int = 416,
) -> pd.DataFrame:
    """Simulate a synthetic FLAReS-like cohort: one row per survey, planted per-hour ORs known.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed, scenario and size give the same
        frame. The shipped default cohort uses ``seed=2025``.
    scenario : str
        A key of :data:`FLARES_SCENARIOS` (``"sitting_protects"`` or ``"sitting_displaces"``).
    n_participants : int
        Number of participants (416 as published).

    Returns
    -------
    pandas.DataFrame
        One row per survey, sorted by participant and day, with ``participant_id``,
        ``survey_id`` (1..N), ``survey_type`` (``"scheduled"`` or ``"flare"``), ``day`` (1–365 of
        follow-up), ``flare`` (1 for flare surveys, else 0), ``hours_<activity>`` (0–24: waking
        hours of the 24-h window in which the activity was done at least once) and
        ``hours2h_<activity>`` (0–2, the 2-h window) for the ten :data:`ACTIVITIES`, and the
        per-participant ``age`` (years), ``sex``, ``rmdq_baseline`` and ``rmdq_1y`` (RMDQ
        points, 0–24) repeated on each of the participant's rows (see
        :func:`participants_table` for one row per participant). ``.attrs`` holds ``truth``
        (planted per-hour odds ratios, dict by activity), ``scenario``, ``seed``,
        ``synthetic`` (True) and ``source``.

    Examples
    --------
    >>> from lbpkit.flares import simulate_flares_cohort
    >>> cohort = simulate_flares_cohort(seed=1, n_participants=20)
    >>> sorted(cohort["survey_type"].unique())
    ['flare', 'scheduled']
    >>> bool(cohort["hours_lifting"].between(0, 24).all())
    True
    >>> cohort.attrs["truth"]["sitting"] < 1
    True
    """
    seed = _check_int(seed, "seed", 0)
    n = _check_int(n_participants, "n_participants", 2)
    params = _scenario_params(scenario)
    design = _published_design()
    # Independent child streams per step (people, days, flares, surveys, 2-h windows, RMDQ).
    people_s, days_s, flares_s, surveys_s, windows_s, rmdq_s = np.random.SeedSequence(seed).spawn(6)
    rng = np.random.default_rng(people_s)

    age = np.clip(np.rint(rng.normal(design["age_mean"], design["age_sd"], size=n)), design["age_min"], 85)
    n_male = int(round(n * design["male_count"] / design["participants"]))
    sex = np.where(rng.permutation(n) < n_male, "male", "female")

    in_active, in_sedentary, active, sedentary = _simulate_days(days_s, n, params)
    hours = np.stack([in_active[a] + in_sedentary[a] for a in ACTIVITIES], axis=-1)
    beta = np.array([params["log_or"][a] for a in ACTIVITIES])
    # Centring on the cohort means keeps the baseline interpretable; the person-level intercept
    # is then set so each participant's expected number of flares per year is lam (see doc).
    eta = (hours - hours.reshape(-1, len(ACTIVITIES)).mean(axis=0)) @ beta
    rng = np.random.default_rng(flares_s)
    lam = rng.gamma(_FLARES_PER_YEAR_SHAPE, _FLARES_PER_YEAR_MEAN / _FLARES_PER_YEAR_SHAPE, size=n)
    alpha = np.log(lam) - np.log(np.exp(eta).sum(axis=1))
    flare_day = rng.random((n, N_DAYS)) < _expit(alpha[:, None] + eta)

    max_scheduled = int(design["max_scheduled"])
    rng = np.random.default_rng(surveys_s)
    low = rng.random(n) < _LOW_COMPLETER_SHARE
    completion = np.where(low, rng.beta(*_COMPLETION_BETA_LOW, size=n), rng.beta(*_COMPLETION_BETA_HIGH, size=n))
    # Everyone analysed completed at least one scheduled survey.
    n_scheduled = 1 + rng.binomial(max_scheduled - 1, completion)
    n_scheduled = np.minimum(n_scheduled, (~flare_day).sum(axis=1))
    keys = np.where(flare_day, np.inf, rng.random((n, N_DAYS)))
    rank = np.argsort(np.argsort(keys, axis=1), axis=1)
    scheduled_day = rank < n_scheduled[:, None]

    person, day = np.nonzero(flare_day | scheduled_day)  # row-major: by participant, then day
    flare = flare_day[person, day].astype(np.int64)
    frame = {
        "participant_id": person + 1,
        "survey_id": np.arange(1, person.size + 1),
        "survey_type": np.where(flare == 1, "flare", "scheduled"),
        "day": day + 1,
        "flare": flare,
    }
    for j, activity in enumerate(ACTIVITIES):
        frame[f"hours_{activity}"] = hours[person, day, j]
    # The 2-h window: two of the window's waking hours, drawn without replacement, first how many
    # of them were active, then for each activity how many of those hours included it.
    act, sed = active[person, day], sedentary[person, day]
    rng = np.random.default_rng(windows_s)
    act2 = rng.hypergeometric(act, sed, 2)
    for activity in ACTIVITIES:
        in_act, in_sed = in_active[activity][person, day], in_sedentary[activity][person, day]
        frame[f"hours2h_{activity}"] = rng.hypergeometric(in_act, act - in_act, act2) + rng.hypergeometric(
            in_sed, sed - in_sed, 2 - act2
        )

    has_both = (flare_day.sum(axis=1) > 0) & (n_scheduled > 0)
    rmdq_mean = np.where(has_both, design["rmdq_aim1"], design["rmdq_aim2"])
    rng = np.random.default_rng(rmdq_s)
    rmdq_base = np.clip(np.rint(rng.normal(rmdq_mean, _RMDQ_SD)), 0, 24)
    rmdq_1y = np.clip(np.rint(2.0 + 0.6 * rmdq_base + rng.normal(0.0, 4.0, size=n)), 0, 24)
    frame["age"] = age[person].astype(np.int64)
    frame["sex"] = sex[person]
    frame["rmdq_baseline"] = rmdq_base[person].astype(np.int64)
    frame["rmdq_1y"] = rmdq_1y[person].astype(np.int64)

    surveys = pd.DataFrame(frame)
    for column in ("survey_type", "sex"):
        surveys[column] = surveys[column].astype("string")
    surveys.attrs = {
        "truth": {a: float(math.exp(params["log_or"][a])) for a in ACTIVITIES},
        "scenario": scenario,
        "seed": seed,
        "synthetic": True,
        "source": f"synthetic (lbpkit.simulate_flares_cohort, scenario {scenario!r}, seed {seed})",
    }
    return surveys

