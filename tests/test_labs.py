"""Tests of lbpkit.labs: the truth-known experiments behave as the methods literature says."""

import numpy as np
import pandas as pd
import pytest

from lbpkit import labs


def test_pair_conditional_loglik_peaks_at_b_over_c():
    grid = np.linspace(-1, 4, 2001)
    ll = labs.pair_conditional_loglik(grid, 29, 3)
    assert np.exp(grid[np.argmax(ll)]) == pytest.approx(29 / 3, rel=5e-3)
    # by hand for one value: 29*log(OR/(1+OR)) + 3*log(1/(1+OR)) at OR = 1
    assert labs.pair_conditional_loglik(0.0, 29, 3) == pytest.approx(32 * np.log(0.5))


def test_pair_conditional_loglik_rejects_negative_counts():
    with pytest.raises(ValueError, match="case_only"):
        labs.pair_conditional_loglik(0.0, -1, 3)


def test_complete_strata_removes_and_counts():
    d = pd.DataFrame({"stratum": [0, 0, 1, 1, 2, 2], "case": [1, 0, 1, 0, 1, 0], "x": [1, 0, np.nan, 1, 1, np.nan]})
    kept = labs.complete_strata(d, "x")
    assert kept["stratum"].unique().tolist() == [0]
    assert kept.attrs["n_strata_removed"] == 2 and kept.attrs["n_windows_removed"] == 4


def test_self_matching_removes_a_stable_confounder():
    t = labs.self_matching_experiment(seed=11, confounder_strength=5.0, n_people=1500)
    naive, matched = t["odds_ratio"]
    assert naive > 2.0 * 1.2  # the confounder inflates the between-person comparison
    assert t["ci_lower"].iloc[1] <= 2.0 <= t["ci_upper"].iloc[1]


def test_trend_biases_unidirectional_in_the_direction_of_the_trend():
    falling = labs.trend_experiment(seed=3, trend_per_week=0.6, n_people=6000, n_controls=1500)
    rising = labs.trend_experiment(seed=3, trend_per_week=1.5, n_people=6000, n_controls=1500)
    assert falling["odds_ratio"].iloc[0] < 2.0 < rising["odds_ratio"].iloc[0]
    assert falling["ci_upper"].iloc[0] < 2.0 and rising["ci_lower"].iloc[0] > 2.0
    # bidirectional referents balance the trend
    for t in (falling, rising):
        assert t["ci_lower"].iloc[1] <= 2.0 <= t["ci_upper"].iloc[1]


def test_two_sided_referents_are_unbiased_on_average_under_a_trend():
    # One study can miss the planted OR by sampling error (notebook 05 shows one); averaged over
    # independent studies the bidirectional and time-stratified estimates centre on it.
    log_or = np.array([np.log(labs.trend_experiment(seed=s, trend_per_week=0.7, n_people=12000, n_controls=200)
                              ["odds_ratio"].iloc[:3].to_numpy()) for s in range(20, 26)])
    uni, bi, ts = log_or.mean(axis=0)
    assert abs(bi - np.log(2.0)) < 0.1 and abs(ts - np.log(2.0)) < 0.1
    assert uni < np.log(2.0) - 0.3


def test_adjusting_for_a_measured_time_varying_confounder_helps():
    t = labs.confounding_experiment(seed=2, confounder_or=5.0, n_people=4000)
    ignored, adjusted = t["odds_ratio"]
    assert ignored > adjusted
    assert t["ci_lower"].iloc[1] <= 2.0 <= t["ci_upper"].iloc[1]
    assert t["ci_lower"].iloc[0] > 2.0


def test_recall_inflation_pushes_the_or_up_and_zero_recall_changes_nothing():
    none = labs.recall_experiment(seed=4, recall_inflation=0.0, n_people=800)
    assert none["odds_ratio"].iloc[0] == pytest.approx(none["odds_ratio"].iloc[1])
    some = labs.recall_experiment(seed=4, recall_inflation=0.3, n_people=800)
    assert some["odds_ratio"].iloc[1] > some["odds_ratio"].iloc[0]


def test_long_window_dilutes_towards_one():
    t = labs.window_length_experiment(seed=5, hazard_length=10, n_people=3000)
    right, long_ = t["odds_ratio"]
    assert 1 < long_ < right


def test_bias_column_is_relative_to_the_planted_or():
    t = labs.window_length_experiment(seed=5, hazard_length=4, n_people=500)
    assert np.allclose(t["bias_percent"], 100 * (t["odds_ratio"] / t["planted_or"] - 1))
    assert t.attrs["synthetic"] is True


def test_run_bias_experiment_checks_its_arguments():
    with pytest.raises(ValueError, match="Unknown threat"):
        labs.run_bias_experiment("weather", 1.0, seed=1)
    with pytest.raises(ValueError, match="between"):
        labs.run_bias_experiment("recall", 0.9, seed=1)
    with pytest.raises(TypeError, match="seed"):
        labs.self_matching_experiment(seed=1.5)


def test_overlap_bias_edge_cut_bidirectional_is_biased_and_time_stratified_is_not():
    # Over independent studies: the edge-cut bidirectional estimate falls below the planted OR in
    # (nearly) every study, while the time-stratified estimates centre on it. A mean log OR over
    # 8 studies has a standard error of about 0.01 here; the edge-cut bias is about -0.13.
    log_or = np.array([np.log(labs.overlap_bias_lab(seed=s)["odds_ratio"].to_numpy()) for s in range(200, 208)])
    cut, _, stratified = log_or.T
    assert cut.mean() < np.log(2.0) - 0.07
    assert (cut < np.log(2.0)).sum() >= 7
    assert abs(stratified.mean() - np.log(2.0)) < 0.035


def test_overlap_bias_lab_checks_its_arguments():
    with pytest.raises(ValueError, match="amplitude"):
        labs.overlap_bias_lab(seed=1, mean_prevalence=0.5, amplitude=0.6)
    with pytest.raises(ValueError, match="n_people"):
        labs.overlap_bias_lab(seed=1, n_people=0)
