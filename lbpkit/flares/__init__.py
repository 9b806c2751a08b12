"""Part III, the FLAReS study (notebooks 06–08): the synthetic twin, the re-analysis, absolute risk, long-term helpers.

For learners and instructors of Part III. Every name below is importable from here
(``from lbpkit.flares import simulate_flares_cohort, informative_participants``); each lives in
one module of this folder:

- :mod:`~lbpkit.flares.twin_params`: the twin's planted truth and constants (activities, scenarios,
  seeds; calibrated by ``tools/calibrate_flares_twin.py``)
- :mod:`~lbpkit.flares.twin`: :func:`simulate_flares_cohort`, the synthetic twin of the FLAReS
  cohort, and the assumptions behind it
- :mod:`~lbpkit.flares.twin_analysis`: the participant table, the informative participants and
  the per-activity odds ratios of one cohort
- :mod:`~lbpkit.flares.twin_replicates`: the twin over many seeds (mean estimates, single-draw
  spread, clustered-SE coverage)
- :mod:`~lbpkit.flares.twin_files`: the command line that writes the shipped synthetic CSV files
- :mod:`~lbpkit.flares.reanalysis`: control periods, post-flare avoidance, dose categories
- :mod:`~lbpkit.flares.absolute_risk`: absolute risk and risk difference from a ratio and a baseline
- :mod:`~lbpkit.flares.longterm`: the long-term (1-year disability) question: OLS by exposure,
  minimal detectable effect

Everything simulated here is *synthetic*; the published figures are in ``data/published``.
Modules of this folder import the engine and the top-level modules, never the widgets or the
exercises.
"""

from __future__ import annotations

from lbpkit.flares.absolute_risk import READINGS, absolute_risk, risk_difference, risk_difference_plot
from lbpkit.flares.longterm import minimal_detectable_effect, ols_by_exposure, residual_sd
from lbpkit.flares.reanalysis import CONTROL_RULES, add_post_flare_avoidance, dose_categories, match_control_periods
from lbpkit.flares.twin import simulate_flares_cohort
from lbpkit.flares.twin_analysis import flares_twin_estimates, informative_participants, participants_table
from lbpkit.flares.twin_params import (
    ACTIVITIES,
    CALIBRATION_SEEDS,
    DEFAULT_SEED,
    FLARES_SCENARIOS,
    NEAR_ONE_BAND,
    expected_share_without_flare,
    planted_truth,
)
from lbpkit.flares.twin_replicates import (
    calibration_targets,
    clustered_se_coverage,
    estimates_over_seeds,
    single_draw_spread,
    summarise_over_seeds,
)

__all__ = [
    # the synthetic twin
    "ACTIVITIES",
    "FLARES_SCENARIOS",
    "DEFAULT_SEED",
    "NEAR_ONE_BAND",
    "CALIBRATION_SEEDS",
    "simulate_flares_cohort",
    "planted_truth",
    "expected_share_without_flare",
    "participants_table",
    "informative_participants",
    "flares_twin_estimates",
    "estimates_over_seeds",
    "summarise_over_seeds",
    "calibration_targets",
    "single_draw_spread",
    "clustered_se_coverage",
    # the re-analysis
    "CONTROL_RULES",
    "match_control_periods",
    "add_post_flare_avoidance",
    "dose_categories",
    # absolute risk
    "READINGS",
    "absolute_risk",
    "risk_difference",
    "risk_difference_plot",
    # long term
    "minimal_detectable_effect",
    "ols_by_exposure",
    "residual_sd",
]
