"""lbpkit: the helper package of the LBP case-crossover teaching kit.

The public API is re-exported here (``from lbpkit import conditional_logit``). Where each idea
lives, one hop from here, in the order of the learning path:

Top-level modules, the ones a learner calls directly:

- ``lbpkit.data``: the data catalogue and a schema-checked loader (``catalog``, ``load``)
- ``lbpkit.epi``: burden arithmetic on published figures (Part I, notebooks 01–02)
- ``lbpkit.windows``: hazard and referent windows under each referent scheme; overlap checks
- ``lbpkit.simulate``: truth-known generators (case-crossover studies, hourly diaries)
- ``lbpkit.crossover``: a simulated diary turned into case-crossover (and control-crossover) data
- ``lbpkit.montecarlo``: many simulated studies: sampling distribution and CI coverage
- ``lbpkit.estimate``: pair odds ratio, Mantel–Haenszel, conditional logistic regression,
  case-time-control
- ``lbpkit.poisson`` and ``lbpkit.daily``: conditional Poisson regression, and daily count
  series (time strata, lags named for their lag, weighted case-day sets)
- ``lbpkit.published``: published summary results (SE and p from CIs and the p-value range
  rounding allows, multiplicity, rescaling, E-values)
- ``lbpkit.plots``: forest plots, window timelines, sampling distributions
- ``lbpkit.setup_check``: the environment check of notebook 00

Wings (folders), each with its own map in its ``__init__``:

- ``lbpkit/engine/``: the machinery behind the estimators (exact conditional likelihood and its
  kernels, the array entry point, the batched solver for many studies, sandwich variance, the
  shared input checks, the statsmodels route, conditional Poisson, pair tables)
- ``lbpkit/labs/``: Part II's replicated bias experiments (notebooks 03–05)
- ``lbpkit/flares/``: Part III (notebooks 06–08): the FLAReS synthetic twin, the re-analysis,
  absolute risk, long-term helpers
- ``lbpkit/widgets/``: the ipywidgets explorers of notebooks 03–05
- ``lbpkit/exercises/``: ``check(exercise_id, answer)``, precision, each notebook's exercise bank

Imports go one way: engine at the bottom, then the top-level modules, then labs and flares, then
widgets, then exercises (CONTRIBUTING.md, "Where things live").
"""

__version__ = "0.1.0"

from lbpkit.daily import case_day_sets, lagged_exposures, time_strata
from lbpkit.data import catalog, load
from lbpkit.estimate import (
    FewClustersWarning,
    SeparationError,
    case_time_control,
    conditional_logit,
    discordant_pairs,
    fit_conditional_logit_arrays,
    mantel_haenszel,
    pair_odds_ratio,
)
from lbpkit.exercises import check
from lbpkit.flares.twin import FLARES_SCENARIOS, simulate_flares_cohort
from lbpkit.plots import bias_plot, ci_coverage_plot, forest_plot, sampling_distribution_plot, window_timeline
from lbpkit.montecarlo import monte_carlo
from lbpkit.poisson import conditional_poisson
from lbpkit.crossover import control_crossover_from_diary, diary_to_case_crossover
from lbpkit.simulate import simulate_case_crossover, simulate_diary
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
    "FewClustersWarning",
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

from lbpkit.exercises.friendly_errors import register_error_hints as _register_error_hints  # noqa: E402
from lbpkit.exercises.solutions import register_magics as _register_magics  # noqa: E402

# `%%solution NN.slug` and `%%after_answering NN.slug` cells (a no-op outside IPython/Jupyter).
_register_magics()
# Slips that stop Python before any check can explain them (an unquoted letter, `100 000`, `^`): say what they mean.
_register_error_hints()
