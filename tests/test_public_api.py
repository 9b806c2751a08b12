"""The public API survives the move into wings: every name importable before is importable now.

The lists below were written down from ``__all__`` and ``dir()`` of lbpkit, lbpkit.widgets and
lbpkit.labs (and of every module that moved) before ``lbpkit`` was reorganised into wings
(CHANGELOG.md, "Moved"). A name may be added; removing or renaming one is a change of the public
API that needs a CHANGELOG entry and an update of this list.
"""

import importlib

import pytest

LBPKIT = [
    "FLARES_SCENARIOS", "SeparationError", "__version__", "bias_plot", "case_crossover_windows", "case_day_sets",
    "case_time_control", "catalog", "check", "ci_coverage_plot", "conditional_logit", "conditional_poisson",
    "control_crossover_from_diary", "diary_to_case_crossover", "discordant_pairs", "fit_conditional_logit_arrays",
    "forest_plot", "lagged_exposures", "load", "make_windows", "mantel_haenszel", "monte_carlo", "pair_odds_ratio",
    "sampling_distribution_plot", "simulate_case_crossover", "simulate_diary", "simulate_flares_cohort", "time_strata",
    "window_exposure", "window_problems", "window_timeline",
]
WIDGETS = [
    "SettingError", "THREATS", "bias_lab_explorer", "bias_lab_figure", "bias_lab_table", "control_settings",
    "diary_hours_before", "monte_carlo_explorer", "monte_carlo_readout", "monte_carlo_state", "monte_carlo_summary", "sweep",
    "window_explorer", "window_explorer_figure", "window_explorer_state",
]
LABS = [
    "STUDY_COLUMNS", "SUMMARY_COLUMNS", "THREATS", "Threat", "carryover_experiment", "clustered_se_experiment",
    "complete_strata", "confounding_experiment", "event_dependent_exposure_experiment", "exchangeability_experiment",
    "one_study", "overlap_bias_lab", "pair_conditional_loglik", "protopathic_experiment", "recall_experiment",
    "referent_clock_experiment", "run_bias_experiment", "self_matching_experiment", "studies", "summarise",
    "trend_experiment", "window_length_experiment", "window_selection_experiment",
]
# The public names of the modules a learner imports by path: where each now lives.
MODULE_NAMES = {
    "lbpkit.data": ["data_dir", "datapackage", "catalog", "load", "identifier_url"],
    "lbpkit.epi": ["figure", "select", "cite", "percent_change", "percent_change_rounding_range", "implied_start",
                   "rate_per", "shares_from_counts", "combined_attributable_fraction"],
    "lbpkit.windows": ["SCHEMES", "make_windows", "window_exposure", "case_crossover_windows", "window_problems"],
    "lbpkit.simulate": ["simulate_case_crossover", "simulate_diary", "events_from_diary"],
    "lbpkit.crossover": ["diary_to_case_crossover", "control_crossover_from_diary"],  # were in lbpkit.simulate
    "lbpkit.montecarlo": ["monte_carlo"],  # was also lbpkit.simulate.monte_carlo
    "lbpkit.estimate": ["conditional_logit", "fit_conditional_logit_arrays", "pair_odds_ratio", "discordant_pairs",
                        "mantel_haenszel", "case_time_control", "SeparationError"],
    "lbpkit.daily": ["time_strata", "lagged_exposures", "case_day_sets", "SCHEMES"],
    "lbpkit.poisson": ["conditional_poisson"],
    "lbpkit.published": ["ORWithCI", "se_from_ci", "p_from_ci", "p_value_range", "adjust_pvalues", "rescale_or",
                         "e_value"],
    "lbpkit.plots": ["forest_plot", "window_timeline", "sampling_distribution_plot", "ci_coverage_plot", "bias_plot",
                     "referent_calendar"],
    "lbpkit.setup_check": ["environment_report", "REQUIRED"],
    # was lbpkit.flares_twin (+ _analysis, _replicates, _params), reanalysis, longterm, absolute_risk
    "lbpkit.flares": ["ACTIVITIES", "FLARES_SCENARIOS", "DEFAULT_SEED", "NEAR_ONE_BAND", "CALIBRATION_SEEDS",
                      "simulate_flares_cohort", "planted_truth", "expected_share_without_flare", "participants_table",
                      "informative_participants", "flares_twin_estimates", "estimates_over_seeds",
                      "summarise_over_seeds", "calibration_targets", "single_draw_spread", "clustered_se_coverage",
                      "CONTROL_RULES", "match_control_periods", "add_post_flare_avoidance", "dose_categories",
                      "minimal_detectable_effect", "ols_by_exposure", "residual_sd",
                      "READINGS", "absolute_risk", "risk_difference", "risk_difference_plot",
                      "published_or_table"],  # was lbpkit.published.published_or_table
    "lbpkit.flares.twin_files": ["main"],  # was lbpkit.flares_twin.main
    # was lbpkit/exercises.py and lbpkit/_precision.py
    "lbpkit.exercises": ["Exercise", "Hint", "Feedback", "Precision", "significant", "decimals", "number_forms",
                         "check", "reset_attempts", "list_exercises", "get_exercise", "NOT_ANSWERED"],
}


@pytest.mark.parametrize("module, names", [("lbpkit", LBPKIT), ("lbpkit.widgets", WIDGETS), ("lbpkit.labs", LABS)])
def test_every_public_name_is_still_importable(module, names):
    imported = importlib.import_module(module)
    missing = [name for name in names if not hasattr(imported, name)]
    assert missing == []
    assert set(names) - {"__version__"} <= set(imported.__all__)


@pytest.mark.parametrize("module", sorted(MODULE_NAMES))
def test_every_public_name_of_a_module_has_a_home(module):
    imported = importlib.import_module(module)
    assert [name for name in MODULE_NAMES[module] if not hasattr(imported, name)] == []


def test_the_top_level_names_are_the_same_objects_as_in_their_modules():
    import lbpkit
    from lbpkit import estimate, flares, montecarlo, poisson

    assert lbpkit.conditional_logit is estimate.conditional_logit
    assert lbpkit.conditional_poisson is poisson.conditional_poisson
    assert lbpkit.monte_carlo is montecarlo.monte_carlo
    assert lbpkit.simulate_flares_cohort is flares.simulate_flares_cohort


@pytest.mark.parametrize("old", [
    "lbpkit._clogit", "lbpkit._checks", "lbpkit._fit_arrays", "lbpkit._batched_studies", "lbpkit._montecarlo",
    "lbpkit.flares_twin", "lbpkit.reanalysis", "lbpkit.absolute_risk", "lbpkit.exercise_bank", "lbpkit._widget_base",
])
def test_no_shim_is_left_at_an_old_path(old):
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(old)
