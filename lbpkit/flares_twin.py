"""A synthetic twin of the FLAReS case-crossover cohort (Suri et al. 2025): truth known, design published.

No individual data of FLAReS are public, so the kit ships a *synthetic* cohort whose design matches
the published one (416 participants, about 9757 surveys, medians of 24 scheduled and 2 flare
surveys, about 345 participants with both flare and non-flare surveys, age 47.5 (SD 10.9), 306 of
416 male) and whose planted per-hour odds ratios were calibrated so that the one-activity-at-a-time
conditional logistic estimates of the default cohort fall inside the published 95% CIs. The
published figures are read from ``data/published/flares_design.csv`` and
``flares_published_or.csv``; nothing here is a published result.

How a cohort is generated (every number below that is not in ``data/published`` is an
ASSUMPTION of the twin, chosen for teaching, not a FLAReS figure):

1. Participants: age ~ Normal(47.5, 10.9) rounded and clipped to 18–85 (the registry's "18 and
   older"; the protocol's 18–65 would cut the published SD, discrepancy D4); exactly 306 of 416
   male, as in the paper summaries (the registry results page reverses the sexes, D1, and
   306/416 = 73.6% is printed as "75%").
2. Days: 365 follow-up days per participant. Each day has 13–19 waking hours; a person-level
   habit plus a day-to-day deviation sets how many waking hours are *active* (manual work,
   chores). Lifting, pushing/pulling, bending, twisting, squatting, climbing and crawling happen
   mostly in active hours; standing and walking in any hour. Sitting happens in sedentary hours
   and, depending on the scenario, also in active hours: the more an active hour excludes sitting
   (``sitting_displacement``), the more an extra active hour takes an hour away from sitting.
   ``hours_<activity>`` counts the waking hours of the day (0–24) in which the activity was done
   at least once, the FLAReS exposure unit.
3. Flares: each day's flare probability is ``expit(alpha_i + sum_k log(OR_k) * (hours_k - mean_k))``
   with the planted per-hour odds ratios ``OR_k`` of the scenario and a person-level baseline
   ``alpha_i`` (gamma-distributed expected flares per year, mean 3, shape 2), so about 17% of
   participants have no flare. A flare day gives one ``"flare"`` survey whose exposure is the day
   before onset (the 24-h window).
4. Scheduled surveys: each participant completes 1 + Binomial(35, p_i) scheduled surveys, with
   p_i ~ Beta(1, 3) for a third of participants (dropout-like) and Beta(14, 5.2) for the others, placed on a random sample of the non-flare days (the FLAReS survey calendar is not
   published). Because scheduled days are sampled independently of exposure, conditional
   logistic regression by participant of flare vs scheduled surveys estimates the planted ORs.
5. The 2-h window (``hours2h_<activity>``, 0–2): the last two waking hours of the window, drawn
   without replacement from that day's active and sedentary hours, so it never exceeds the 24-h
   count. Flare risk is planted on the 24-h counts only.
6. RMDQ (0–24 points): baseline ~ Normal(11.8, 5) for participants with both flare and scheduled
   surveys ("aim-1-like") and Normal(14.1, 5) for the others, the published aim 1 and aim 2
   baseline figures; the whole-sample figure and all SDs are not published (SD 5 is assumed).
   1-year RMDQ = 2 + 0.6 x baseline + Normal(0, 4), rounded and clipped: a planted ZERO long-term
   effect of activity, mirroring the published "no association" (an assumption, not a finding).

Scenarios (:data:`FLARES_SCENARIOS`; planted values by :func:`planted_truth`), both calibrated by
``tools/calibrate_flares_twin.py`` at seed 2025 so the ten one-at-a-time estimates fall inside the
published CIs, and within :data:`NEAR_ONE_BAND` (0.97–1.03, an ASSUMPTION) for the four
unreported activities:

- ``"sitting_protects"``: the five manual activities share one planted per-hour OR (about 1.02),
  sitting has its own protective OR (about 0.96) and does not share time with active hours.
- ``"sitting_displaces"``: same manual-activity OR, sitting's planted OR is exactly 1, and an
  active hour excludes sitting with probability ``sitting_displacement`` (about 0.72), so sitting's
  one-at-a-time OR (about 0.96) is borrowed from the hours it displaces. The mutually adjusted
  model tells the two stories apart; the one-at-a-time table does not.
- In both, climbing gets a small planted OR below 1 (about 0.97–0.98): with OR 1 its seed-2025
  estimate was above the near-1 band by chance (see the calibration script); it carries no claim.
  A one-at-a-time OR per manual activity (about 1.05) is larger than the planted one because the
  manual activities share active hours: each one's estimate borrows the others' effects.

Other seeds scatter around the calibrated values by sampling error (SE about 0.01 on the log
scale). The exact bytes of a cohort depend on numpy's random streams (numpy 2.4 here).

The rule that assigned FLAReS participants to aim 1 (n = 345) or aim 2 (n = 71) is not published;
the twin's "participants with both flare and non-flare surveys" only approximately matches 345.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "ACTIVITIES",
    "FLARES_SCENARIOS",
    "DEFAULT_SEED",
    "NEAR_ONE_BAND",
    "simulate_flares_cohort",
    "participants_table",
    "flares_twin_estimates",
    "planted_truth",
]

ACTIVITIES: tuple[str, ...] = (
    "lifting",
    "pushing_pulling",
    "bending",
    "climbing",
    "twisting",
    "squatting",
    "crawling",
    "sitting",
    "standing",
    "walking",
)
DEFAULT_SEED = 2025
# ASSUMPTION: the ORs of climbing, crawling, standing and walking were not reported; the twin is
# calibrated so their one-at-a-time estimates lie in this band ("near 1"), not on any published value.
NEAR_ONE_BAND = (0.97, 1.03)
N_DAYS = 365
MAX_SCHEDULED = 36
EIGHT_WEEKS = 56

FLARES_SCENARIOS: dict[str, str] = {
    "sitting_protects": "Sitting truly lowers flare odds; sitting hours vary independently of active hours, so its one-at-a-time OR is its own effect.",
    "sitting_displaces": "Sitting has no effect of its own (planted OR 1); an active hour excludes sitting, so sitting's lower odds come from time displaced from lifting, bending and the like.",
}

# Probability that an activity is done at least once in an active / a sedentary waking hour,
# on the logit scale at the population median; person-level spread on the logit scale.
_P_ACTIVE_HOUR = {
    "lifting": 0.60, "pushing_pulling": 0.55, "bending": 0.70, "climbing": 0.12, "twisting": 0.60,
    "squatting": 0.50, "crawling": 0.08, "standing": 0.62, "walking": 0.66,
}
_P_SEDENTARY_HOUR = {
    "lifting": 0.03, "pushing_pulling": 0.03, "bending": 0.08, "climbing": 0.10, "twisting": 0.06,
    "squatting": 0.03, "crawling": 0.04, "standing": 0.58, "walking": 0.62,
}
_PERSON_SPREAD = 0.7
_ACTIVITY_DAY_SD = 1.0
_ACTIVE_SHARE_MEDIAN = 0.35
_ACTIVE_SHARE_PERSON_SD = 0.8
_ACTIVE_SHARE_DAY_SD = 1.8
_SITTING_MEDIAN = 0.85
_SITTING_PERSON_SD = 0.5
_FLARES_PER_YEAR_MEAN = 2.6
_FLARES_PER_YEAR_SHAPE = 3.0
# Scheduled-survey completion: a third of participants complete few surveys (dropout-like),
# the others most of them; tuned to the published median of 24 and total of 9757 surveys.
_LOW_COMPLETER_SHARE = 0.34
_COMPLETION_BETA_LOW = (1.0, 3.0)
_COMPLETION_BETA_HIGH = (14.0, 5.2)
_RMDQ_SD = 5.0

# Calibrated by tools/calibrate_flares_twin.py (seed 2025, 416 participants): planted per-hour
# log-ORs and the scenario's exposure settings. Do not edit by hand; rerun the script with
# --write-params. BEGIN CALIBRATED
_SCENARIO_PARAMS: dict[str, dict] = {
    "sitting_protects": {
        "sitting_displacement": 0.0,
        "sitting_median": 0.6,
        "sitting_day_sd": 1.0,
        "log_or": {
            "lifting": 0.02062,
            "pushing_pulling": 0.02062,
            "bending": 0.02062,
            "climbing": -0.02166,
            "twisting": 0.02062,
            "squatting": 0.02062,
            "crawling": 0.0,
            "sitting": -0.04486,
            "standing": 0.0,
            "walking": 0.0,
        },
    },
    "sitting_displaces": {
        "sitting_displacement": 0.721,
        "sitting_median": 0.85,
        "sitting_day_sd": 1.0,
        "log_or": {
            "lifting": 0.02119,
            "pushing_pulling": 0.02119,
            "bending": 0.02119,
            "climbing": -0.03137,
            "twisting": 0.02119,
            "squatting": 0.02119,
            "crawling": 0.0,
            "sitting": 0.0,
            "standing": 0.0,
            "walking": 0.0,
        },
    },
}
# END CALIBRATED


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


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


def planted_truth(scenario: str = "sitting_protects") -> pd.DataFrame:
    """Planted per-hour odds ratios of a scenario, one row per activity.

    Parameters
    ----------
    scenario : str
        A key of :data:`FLARES_SCENARIOS`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``activity``, with ``log_or`` and ``odds_ratio`` (the truth the simulation
        plants) and ``.attrs["source"] = "synthetic"``.

    Examples
    --------
    >>> from lbpkit.flares_twin import planted_truth
    >>> float(planted_truth("sitting_displaces").loc["sitting", "odds_ratio"])
    1.0
    """
    params = _scenario_params(scenario)
    log_or = pd.Series(params["log_or"], name="log_or").reindex(list(ACTIVITIES))
    table = pd.DataFrame({"log_or": log_or, "odds_ratio": np.exp(log_or)})
    table.index.name = "activity"
    table.attrs = {"source": "synthetic", "scenario": scenario}
    return table


def _scenario_params(scenario: str) -> dict:
    if not isinstance(scenario, str) or scenario not in _SCENARIO_PARAMS:
        raise ValueError(f"scenario must be one of {sorted(FLARES_SCENARIOS)}, not {scenario!r}.")
    return _SCENARIO_PARAMS[scenario]


def _check_int(value: object, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum} (got {value}).")
    return int(value)


def _simulate_days(rng: np.random.Generator, n: int, params: dict) -> tuple[dict, dict, np.ndarray, np.ndarray]:
    """Active/sedentary hour counts per activity for every person-day (arrays n x N_DAYS)."""
    shape = (n, N_DAYS)
    waking = rng.normal(16.0, 0.8, size=(n, 1)) + rng.normal(0.0, 1.0, size=shape)
    waking = np.clip(np.rint(waking), 13, 19).astype(np.int64)
    habit = _logit(_ACTIVE_SHARE_MEDIAN) + _ACTIVE_SHARE_PERSON_SD * rng.standard_normal((n, 1))
    share = _expit(habit + _ACTIVE_SHARE_DAY_SD * rng.standard_normal(shape))
    active = rng.binomial(waking, share)
    sedentary = waking - active
    in_active: dict[str, np.ndarray] = {}
    in_sedentary: dict[str, np.ndarray] = {}
    for activity in ACTIVITIES:
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
    >>> from lbpkit.flares_twin import simulate_flares_cohort
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
    rng = np.random.default_rng(seed)

    age = np.clip(np.rint(rng.normal(design["age_mean"], design["age_sd"], size=n)), design["age_min"], 85)
    n_male = int(round(n * design["male_count"] / design["participants"]))
    sex = np.where(rng.permutation(n) < n_male, "male", "female")

    in_active, in_sedentary, active, sedentary = _simulate_days(rng, n, params)
    hours = np.stack([in_active[a] + in_sedentary[a] for a in ACTIVITIES], axis=-1)
    beta = np.array([params["log_or"][a] for a in ACTIVITIES])
    # Centring on the cohort means keeps the baseline interpretable; the person-level intercept
    # is then set so each participant's expected number of flares per year is lam (see doc).
    eta = (hours - hours.reshape(-1, len(ACTIVITIES)).mean(axis=0)) @ beta
    lam = rng.gamma(_FLARES_PER_YEAR_SHAPE, _FLARES_PER_YEAR_MEAN / _FLARES_PER_YEAR_SHAPE, size=n)
    alpha = np.log(lam) - np.log(np.exp(eta).sum(axis=1))
    flare_day = rng.random((n, N_DAYS)) < _expit(alpha[:, None] + eta)

    max_scheduled = int(design["max_scheduled"])
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
    act2 = rng.hypergeometric(act, sed, 2)
    for activity in ACTIVITIES:
        in_act, in_sed = in_active[activity][person, day], in_sedentary[activity][person, day]
        frame[f"hours2h_{activity}"] = rng.hypergeometric(in_act, act - in_act, act2) + rng.hypergeometric(
            in_sed, sed - in_sed, 2 - act2
        )

    has_both = (flare_day.sum(axis=1) > 0) & (n_scheduled > 0)
    rmdq_mean = np.where(has_both, design["rmdq_aim1"], design["rmdq_aim2"])
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


def participants_table(surveys: pd.DataFrame) -> pd.DataFrame:
    """One row per participant of a synthetic twin cohort: RMDQ, survey counts, 8-week mean hours.

    Parameters
    ----------
    surveys : pandas.DataFrame
        A frame from :func:`simulate_flares_cohort` (or the shipped
        ``flares_twin_synthetic_default`` data set).

    Returns
    -------
    pandas.DataFrame
        ``participant_id``, ``age``, ``sex``, ``rmdq_baseline``, ``rmdq_1y``, ``n_scheduled``,
        ``n_flare``, ``has_flare_and_scheduled`` (the twin's stand-in for FLAReS aim 1),
        ``n_scheduled_first_8_weeks`` and ``mean8w_hours_<activity>``: the mean 24-h hours over
        the scheduled surveys of days 1–56, the aim-2 exposure (NaN for a participant without
        such a survey; flare surveys are left out because they over-sample high-risk days).

    Examples
    --------
    >>> from lbpkit.flares_twin import simulate_flares_cohort, participants_table
    >>> people = participants_table(simulate_flares_cohort(seed=1, n_participants=20))
    >>> len(people)
    20
    """
    needed = ["participant_id", "survey_type", "day", "age", "sex", "rmdq_baseline", "rmdq_1y"]
    needed += [f"hours_{a}" for a in ACTIVITIES]
    if not isinstance(surveys, pd.DataFrame):
        raise TypeError(f"surveys must be a pandas DataFrame from simulate_flares_cohort, not {type(surveys).__name__}.")
    missing = [c for c in needed if c not in surveys.columns]
    if missing:
        raise ValueError(f"surveys has no column(s) {missing}; pass a frame from simulate_flares_cohort.")
    by_person = surveys.groupby("participant_id", sort=True)
    people = by_person[["age", "sex", "rmdq_baseline", "rmdq_1y"]].first()
    is_flare = surveys["survey_type"] == "flare"
    people["n_scheduled"] = (~is_flare).groupby(surveys["participant_id"]).sum().astype("int64")
    people["n_flare"] = is_flare.groupby(surveys["participant_id"]).sum().astype("int64")
    people["has_flare_and_scheduled"] = (people["n_flare"] > 0) & (people["n_scheduled"] > 0)
    early = surveys[~is_flare & (surveys["day"] <= EIGHT_WEEKS)]
    people["n_scheduled_first_8_weeks"] = early.groupby("participant_id").size().reindex(people.index, fill_value=0)
    means = early.groupby("participant_id")[[f"hours_{a}" for a in ACTIVITIES]].mean().reindex(people.index)
    means.columns = [f"mean8w_{c}" for c in means.columns]
    people = people.join(means.astype("float64")).reset_index()
    people.attrs = {"synthetic": True, "source": surveys.attrs.get("source", "synthetic")}
    return people


def informative_participants(surveys: pd.DataFrame) -> pd.DataFrame:
    """Keep the rows of participants with both a flare and a scheduled survey.

    Only they can inform a conditional analysis stratified by participant; the others' strata
    have no contrast between case and control periods.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per survey with ``participant_id`` and ``flare`` (0/1), e.g. from
        :func:`simulate_flares_cohort`.

    Returns
    -------
    pandas.DataFrame
        The rows of the informative participants, in their original order.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"participant_id": [1, 1, 2, 2], "flare": [1, 0, 0, 0]})
    >>> informative_participants(s)["participant_id"].tolist()
    [1, 1]
    """
    flares = surveys.groupby("participant_id")["flare"].transform("sum")
    sizes = surveys.groupby("participant_id")["flare"].transform("size")
    return surveys[(flares > 0) & (flares < sizes)]


def _fit_clogit(surveys: pd.DataFrame, exposures: list[str], engine: str, alpha: float) -> pd.DataFrame:
    try:
        from lbpkit.estimate import conditional_logit
    except ImportError:  # the kit's estimate module is optional for this one fit
        conditional_logit = None
    if conditional_logit is not None:
        return conditional_logit(surveys, "flare", exposures, "participant_id", engine=engine, alpha=alpha)
    from scipy.stats import norm
    from statsmodels.discrete.conditional_models import ConditionalLogit

    model = ConditionalLogit(surveys["flare"].to_numpy(), surveys[exposures].to_numpy(dtype=float),
                             groups=surveys["participant_id"].to_numpy())
    fit = model.fit(method="newton", disp=False)
    z = norm.ppf(1 - alpha / 2)
    log_or, se = np.asarray(fit.params), np.asarray(fit.bse)
    return pd.DataFrame(
        {"log_or": log_or, "se": se, "odds_ratio": np.exp(log_or), "ci_lower": np.exp(log_or - z * se),
         "ci_upper": np.exp(log_or + z * se), "p_value": 2 * norm.sf(np.abs(log_or / se))},
        index=pd.Index(exposures, name="exposure"),
    )


def flares_twin_estimates(
    surveys: pd.DataFrame,
    *,
    model: str = "one_at_a_time",
    window: str = "24h",
    activities: Sequence[str] = ACTIVITIES,
    engine: str = "fast",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Per-hour odds ratios of a flare by conditional logistic regression, strata = participant.

    Parameters
    ----------
    surveys : pandas.DataFrame
        A frame from :func:`simulate_flares_cohort`.
    model : {"one_at_a_time", "mutually_adjusted"}
        One model per activity (as the published table is read), or all activities in one model.
    window : {"24h", "2h"}
        Exposure window: ``hours_<activity>`` or ``hours2h_<activity>``.
    activities : sequence of str
        Activities to include (default: all ten).
    engine : {"fast", "statsmodels"}
        Passed to :func:`lbpkit.estimate.conditional_logit` (statsmodels' ``ConditionalLogit``
        is used directly if ``lbpkit.estimate`` is not installed).
    alpha : float
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``activity``: ``log_or``, ``se``, ``odds_ratio``, ``ci_lower``, ``ci_upper``,
        ``p_value``, ``model``, ``window``. ``.attrs`` holds ``source`` (synthetic),
        ``n_participants_used`` and ``n_participants_left_out``: participants without both a
        flare and a scheduled survey carry no information in a conditional analysis by
        participant, so they are left out before fitting (and counted here).

    Examples
    --------
    >>> from lbpkit.flares_twin import simulate_flares_cohort, flares_twin_estimates
    >>> cohort = simulate_flares_cohort(seed=3, n_participants=60)
    >>> table = flares_twin_estimates(cohort, activities=["lifting", "sitting"])
    >>> list(table.index)
    ['lifting', 'sitting']
    """
    if model not in ("one_at_a_time", "mutually_adjusted"):
        raise ValueError(f"model must be 'one_at_a_time' or 'mutually_adjusted', not {model!r}.")
    if window not in ("24h", "2h"):
        raise ValueError(f"window must be '24h' or '2h', not {window!r}.")
    unknown = [a for a in activities if a not in ACTIVITIES]
    if unknown or isinstance(activities, str):
        raise ValueError(f"activities must be a list of names from {list(ACTIVITIES)}; unknown: {unknown or activities}.")
    prefix = "hours_" if window == "24h" else "hours2h_"
    columns = [prefix + a for a in activities]
    needed = ["participant_id", "flare", *columns]
    missing = [c for c in needed if c not in getattr(surveys, "columns", [])]
    if missing:
        raise ValueError(f"surveys has no column(s) {missing}; pass a frame from simulate_flares_cohort.")
    used = informative_participants(surveys)
    if model == "one_at_a_time":
        table = pd.concat([_fit_clogit(used, [c], engine, alpha) for c in columns])
    else:
        table = _fit_clogit(used, columns, engine, alpha)
    table = table[["log_or", "se", "odds_ratio", "ci_lower", "ci_upper", "p_value"]].copy()
    table.index = pd.Index(list(activities), name="activity")
    table["model"] = model
    table["window"] = window
    table.attrs = {
        "synthetic": True,
        "source": surveys.attrs.get("source", "synthetic"),
        "n_participants_used": int(used["participant_id"].nunique()),
        "n_participants_left_out": int(surveys["participant_id"].nunique() - used["participant_id"].nunique()),
        "n_surveys_used": len(used),
    }
    return table


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    # Fixed formats so the file is reproduced byte for byte: integers as such, floats to 4 places.
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.4f", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: write a synthetic cohort (and its participant table) to CSV.

    The shipped default files are regenerated byte for byte (same numpy version) by::

        .venv/bin/python tools/make_flares_twin_data.py \\
            --write data/synthetic/flares_twin_synthetic_default.csv \\
            --participants data/synthetic/flares_twin_synthetic_participants.csv
    """
    parser = argparse.ArgumentParser(prog="tools/make_flares_twin_data.py", description="Write a SYNTHETIC FLAReS twin cohort to CSV.")
    parser.add_argument("--write", type=Path, required=True, help="CSV for the survey table (name should contain 'synthetic')")
    parser.add_argument("--participants", type=Path, help="CSV for the one-row-per-participant table")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scenario", choices=sorted(FLARES_SCENARIOS), default="sitting_protects")
    parser.add_argument("--n-participants", type=int, default=416)
    args = parser.parse_args(argv)
    for path in (args.write, args.participants):
        if path is not None and "synthetic" not in path.name:
            parser.error(f"{path}: the file name must contain 'synthetic' (the kit labels synthetic data everywhere).")
    surveys = simulate_flares_cohort(seed=args.seed, scenario=args.scenario, n_participants=args.n_participants)
    _write_csv(surveys, args.write)
    if args.participants is not None:
        _write_csv(participants_table(surveys), args.participants)
