"""lbpkit: the helper package of the LBP case-crossover teaching kit.

The public API is re-exported here; each idea lives in its own module:

- ``lbpkit.data``: the data catalogue and a schema-checked loader
- ``lbpkit.epi``: burden arithmetic on published figures (Part I)
- ``lbpkit.windows``: hazard and referent windows under each referent scheme
- ``lbpkit.simulate``: truth-known generators (and ``lbpkit.flares_twin``, the FLAReS synthetic twin)
- ``lbpkit.estimate``: pair odds ratio, Mantel–Haenszel, conditional logistic regression,
  case-time-control
- ``lbpkit.poisson`` and ``lbpkit.daily``: conditional Poisson regression, and daily count
  series (time strata, lags named for their lag, weighted case-day sets)
- ``lbpkit.labs``: the truth-known bias experiments of Part II
- ``lbpkit.published``: working with published summary results (SE and p from CIs and the
  p-value range rounding allows, multiplicity, rescaling, E-values)
- ``lbpkit.absolute_risk``: absolute risk and risk difference from a ratio and a baseline
  (rate-ratio reading of a case-crossover OR, odds reading as a sensitivity)
- ``lbpkit.reanalysis`` and ``lbpkit.longterm``: the FLAReS re-analysis helpers of Part III
- ``lbpkit.plots``: forest plots, window timelines, sampling distributions
- ``lbpkit.widgets``: ipywidgets explorers around plain, tested functions
- ``lbpkit.exercises``: ``check(exercise_id, answer)``
- ``lbpkit.setup_check``: the environment check of notebook 00
"""

__version__ = "0.1.0"

from lbpkit.daily import case_day_sets, lagged_exposures, time_strata
from lbpkit.data import catalog, load
from lbpkit.estimate import (
    SeparationError,
    case_time_control,
    conditional_logit,
    discordant_pairs,
    fit_conditional_logit_arrays,
    mantel_haenszel,
    pair_odds_ratio,
)
from lbpkit.exercises import check
from lbpkit.flares_twin import FLARES_SCENARIOS, simulate_flares_cohort
from lbpkit.plots import bias_plot, ci_coverage_plot, forest_plot, sampling_distribution_plot, window_timeline
from lbpkit.poisson import conditional_poisson
from lbpkit.simulate import (
    control_crossover_from_diary,
    diary_to_case_crossover,
    monte_carlo,
    simulate_case_crossover,
    simulate_diary,
)
from lbpkit.windows import case_crossover_windows, make_windows, window_exposure, window_problems

__all__ = [
    "__version__",
    # data and exercises
    "catalog",
    "load",
    "check",
    # estimation
    "conditional_logit",
    "fit_conditional_logit_arrays",
    "pair_odds_ratio",
    "discordant_pairs",
    "mantel_haenszel",
    "case_time_control",
    "SeparationError",
    # daily count series: time-stratified case-crossover, conditional Poisson
    "conditional_poisson",
    "time_strata",
    "lagged_exposures",
    "case_day_sets",
    # windows
    "make_windows",
    "window_exposure",
    "case_crossover_windows",
    "window_problems",
    # simulation
    "simulate_case_crossover",
    "simulate_diary",
    "diary_to_case_crossover",
    "control_crossover_from_diary",
    "monte_carlo",
    "simulate_flares_cohort",
    "FLARES_SCENARIOS",
    # plots
    "forest_plot",
    "window_timeline",
    "sampling_distribution_plot",
    "ci_coverage_plot",
    "bias_plot",
]

from lbpkit._solution_cells import register_magics as _register_magics  # noqa: E402

# `%%solution NN.slug` and `%%after_answering NN.slug` cells (a no-op outside IPython/Jupyter).
_register_magics()
