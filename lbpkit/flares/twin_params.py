"""The planted truth of the synthetic FLAReS twin: activities, scenario settings, calibrated ORs.

Everything here is an ASSUMPTION of the twin (see :mod:`lbpkit.flares.twin` for the model) except
what the twin reads from ``data/published``. The block between BEGIN/END CALIBRATED is written by
``tools/calibrate_flares_twin.py --write-params``. All names are importable from
:mod:`lbpkit.flares.twin`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = [
    "ACTIVITIES",
    "FLARES_SCENARIOS",
    "DEFAULT_SEED",
    "NEAR_ONE_BAND",
    "CALIBRATION_SEEDS",
    "planted_truth",
    "expected_share_without_flare",
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
# ASSUMPTION: the ORs of climbing, crawling, standing and walking were not reported; their planted
# OR is 1 and the twin is checked so their MEAN one-at-a-time estimate over seeds lies in this band
# ("near 1"), not on any published value.
NEAR_ONE_BAND = (0.97, 1.03)
N_DAYS = 365
EIGHT_WEEKS = 56

FLARES_SCENARIOS: dict[str, str] = {
    "sitting_protects": "Sitting truly lowers flare odds; sitting hours vary independently of active hours, so its one-at-a-time OR is its own effect.",
    "sitting_displaces": "Sitting has no effect of its own (planted OR 1); an active hour excludes sitting, so sitting's lower odds come from time displaced from lifting, bending and the like.",
}

# Probability that an activity is done at least once in an active / a sedentary waking hour,
# on the logit scale at the population median; person-level spread on the logit scale.
# The within-person spread of an activity's hours sets the precision of its estimate. Pushing/
# pulling, bending, twisting and squatting are rarer in an active hour than lifting so that the
# twin's mean SE of each lies inside the SEs its published CI allows given rounding (checked by
# tools/calibrate_flares_twin.py --check); with 0.55/0.70/0.60/0.50 the twin was more precise
# than FLAReS (e.g. pushing/pulling SE 0.0100 against at least 0.0120).
_P_ACTIVE_HOUR = {
    "lifting": 0.60, "pushing_pulling": 0.25, "bending": 0.35, "climbing": 0.12, "twisting": 0.36,
    "squatting": 0.40, "crawling": 0.08, "standing": 0.62, "walking": 0.66,
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
_SITTING_PERSON_SD = 0.5
_FLARES_PER_YEAR_MEAN = 2.6
_FLARES_PER_YEAR_SHAPE = 3.0
# Scheduled-survey completion: a third of participants complete few surveys (dropout-like),
# the others most of them; tuned to the published median of 24 and total of 9757 surveys.
_LOW_COMPLETER_SHARE = 0.34
_COMPLETION_BETA_LOW = (1.0, 3.0)
_COMPLETION_BETA_HIGH = (14.0, 5.2)
_RMDQ_SD = 5.0
# The five manual activities the published table links to flares (each calibrated on its own).
_MANUAL = ("lifting", "pushing_pulling", "bending", "twisting", "squatting")

# The seeds over which tools/calibrate_flares_twin.py averages; the checks use other seeds.
CALIBRATION_SEEDS = range(10_000, 10_100)
# Calibrated by tools/calibrate_flares_twin.py (mean over CALIBRATION_SEEDS, 416 participants):
# planted per-hour log-ORs and the scenario's exposure settings. Do not edit by hand; rerun the
# script with --write-params. BEGIN CALIBRATED
_SCENARIO_PARAMS: dict[str, dict] = {
    "sitting_protects": {
        "sitting_displacement": 0.0,
        "sitting_median": 0.6,
        "sitting_day_sd": 1.0,
        "log_or": {
            "lifting": 0.0174,
            "pushing_pulling": 0.02777,
            "bending": 0.0376,
            "climbing": 0.0,
            "twisting": 0.03212,
            "squatting": 0.01635,
            "crawling": 0.0,
            "sitting": -0.04289,
            "standing": 0.0,
            "walking": 0.0,
        },
    },
    "sitting_displaces": {
        "sitting_displacement": 0.7773,
        "sitting_median": 0.85,
        "sitting_day_sd": 1.0,
        "log_or": {
            "lifting": 0.01712,
            "pushing_pulling": 0.02731,
            "bending": 0.03725,
            "climbing": 0.0,
            "twisting": 0.03184,
            "squatting": 0.01637,
            "crawling": 0.0,
            "sitting": 0.0,
            "standing": 0.0,
            "walking": 0.0,
        },
    },
}
# END CALIBRATED


def expected_share_without_flare() -> float:
    """Expected share of participants with no flare in the year, from the twin's flare model.

    Participant i expects ``lam_i`` flares a year, ``lam_i`` ~ Gamma(shape, mean); given
    ``lam_i`` the count is close to Poisson (many days, each with a small flare probability), so
    the share without a flare is E[exp(-lam)] = (1 + mean/shape)^-shape.

    Returns
    -------
    float
        The share (0–1).

    Examples
    --------
    >>> from lbpkit.flares import expected_share_without_flare
    >>> 0 < expected_share_without_flare() < 1
    True
    """
    return float((1.0 + _FLARES_PER_YEAR_MEAN / _FLARES_PER_YEAR_SHAPE) ** -_FLARES_PER_YEAR_SHAPE)


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
    >>> from lbpkit.flares import planted_truth
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
