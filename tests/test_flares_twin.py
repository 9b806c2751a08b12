"""The synthetic FLAReS twin: design targets, calibration on average, determinism, shipped files."""

import math

import numpy as np
import pandas as pd
import pytest

import lbpkit.flares.twin as ft
from lbpkit.data import load
from lbpkit.flares import (
    ACTIVITIES,
    CALIBRATION_SEEDS,
    DEFAULT_SEED,
    FLARES_SCENARIOS,
    NEAR_ONE_BAND,
    clustered_se_coverage,
    estimates_over_seeds,
    expected_share_without_flare,
    flares_twin_estimates,
    participants_table,
    planted_truth,
    simulate_flares_cohort,
    single_draw_spread,
    summarise_over_seeds,
)
from lbpkit.flares.twin_files import main
from lbpkit.flares.twin_replicates import calibration_targets

# Fresh seeds for the test: neither the calibration seeds nor the stored check's seeds.
TEST_SEEDS = range(30_000, 30_020)
# Bonferroni over the 20 activity x scenario comparisons at a 1% family-wise error.
Z_FAMILY = 3.5


def _design(quantity, sample="whole sample"):
    table = load("flares_design")
    return float(table[(table["quantity"] == quantity) & (table["sample"] == sample)]["value"].iloc[0])


@pytest.fixture(scope="module")
def cohorts():
    return {scenario: simulate_flares_cohort(seed=2025, scenario=scenario) for scenario in FLARES_SCENARIOS}


def test_reexported_from_the_flares_wing_and_top_level():
    import lbpkit
    from lbpkit import flares

    assert lbpkit.simulate_flares_cohort is flares.simulate_flares_cohort is ft.simulate_flares_cohort
    assert set(lbpkit.FLARES_SCENARIOS) == {"sitting_protects", "sitting_displaces"}


@pytest.mark.parametrize("scenario", list(FLARES_SCENARIOS))
def test_design_matches_published(cohorts, scenario):
    surveys = cohorts[scenario]
    people = participants_table(surveys)
    assert len(people) == _design("participants")
    assert abs(len(surveys) / _design("surveys_analysed") - 1) < 0.05
    assert abs(people["n_scheduled"].median() - _design("median_scheduled_surveys_per_participant", "unclear")) <= 1
    assert people["n_flare"].median() == _design("median_flare_surveys_per_participant", "unclear")
    assert abs(people["has_flare_and_scheduled"].sum() - _design("participants_aim1_case_crossover", "aim 1")) <= 20
    assert people["n_scheduled"].max() <= _design("max_scheduled_surveys_per_participant", "protocol")
    assert abs(people["age"].mean() - _design("age_mean")) < 1.5
    assert abs(people["age"].std() - _design("age_sd")) < 1.5
    assert (people["sex"] == "male").sum() == _design("male_count")


def test_columns_ranges_and_consistency(cohorts):
    surveys = cohorts["sitting_protects"]
    assert list(surveys.columns[:5]) == ["participant_id", "survey_id", "survey_type", "day", "flare"]
    assert set(surveys["survey_type"]) == {"scheduled", "flare"}
    assert ((surveys["survey_type"] == "flare") == (surveys["flare"] == 1)).all()
    assert surveys["survey_id"].is_unique and surveys["day"].between(1, 365).all()
    assert not surveys.duplicated(["participant_id", "day"]).any()
    for activity in ACTIVITIES:
        h24, h2 = surveys[f"hours_{activity}"], surveys[f"hours2h_{activity}"]
        assert h24.between(0, 24).all() and h2.between(0, 2).all()
        assert (h2 <= h24).all(), activity
    assert surveys[["rmdq_baseline", "rmdq_1y"]].stack().between(0, 24).all()
    # time is shared: in the displacement story sitting falls when the active hours rise
    within = lambda s: s - s.groupby(surveys["participant_id"]).transform("mean")  # noqa: E731
    displaced = cohorts["sitting_displaces"]
    within_d = lambda s: s - s.groupby(displaced["participant_id"]).transform("mean")  # noqa: E731
    assert np.corrcoef(within_d(displaced["hours_sitting"]), within_d(displaced["hours_lifting"]))[0, 1] < -0.3
    assert abs(np.corrcoef(within(surveys["hours_sitting"]), within(surveys["hours_lifting"]))[0, 1]) < 0.1


@pytest.fixture(scope="module")
def fresh_means():
    runs = pd.concat([estimates_over_seeds(TEST_SEEDS, scenario=s) for s in FLARES_SCENARIOS])
    return summarise_over_seeds(runs, documented_seed=None).set_index(["scenario", "activity"])


@pytest.mark.parametrize("scenario", list(FLARES_SCENARIOS))
def test_mean_over_fresh_seeds_hits_published_or(fresh_means, scenario):
    """Calibrated on average: the fresh-seed mean is within Monte Carlo error of each target.

    The calibration made the mean over 100 calibration seeds equal the target (to 0.0005 on the
    log scale); a mean over n fresh seeds differs from it by sampling error with SD
    sd * sqrt(1/n + 1/100). The seed-2025 calibration this replaced fails here (its lifting mean
    is 1.063 vs 1.05, about 1.3 times this margin).
    """
    targets = calibration_targets()
    for activity in ACTIVITIES:
        row = fresh_means.loc[(scenario, activity)]
        margin = 5e-4 + Z_FAMILY * row["sd_log_or"] * math.sqrt(1 / row["n_seeds"] + 1 / len(CALIBRATION_SEEDS))
        mean_log = math.log(row["mean_or"])
        target = targets.loc[activity]
        if not math.isnan(target["target_or"]):
            assert abs(mean_log - math.log(target["target_or"])) <= margin, (scenario, activity, row["mean_or"])
        else:  # unreported: inside the documented null band, up to Monte Carlo error
            lower, upper = (math.log(b) for b in NEAR_ONE_BAND)
            assert lower - margin <= mean_log <= upper + margin, (scenario, activity, row["mean_or"])
            assert planted_truth(scenario).loc[activity, "odds_ratio"] == 1.0


def test_model_se_matches_spread_over_seeds():
    """Person-stratified fits: the model-based SE of one draw matches the SD over 200 draws."""
    check = load("flares_twin_synthetic_calibration_check")
    ratio = check["mean_se"] / check["sd_log_or"]
    # 200 draws estimate an SD to about +-5% (1 SD); the one-at-a-time models omit correlated
    # activities, so allow a little more than sampling error.
    assert ratio.between(0.75, 1.3).all(), ratio.round(2).tolist()
    assert abs(ratio.median() - 1) < 0.05


def test_shipped_calibration_check(repo_root):
    check = load("flares_twin_synthetic_calibration_check")
    assert check.attrs["synthetic"] is True and "synthetic" in check.attrs["path"]
    calibrated = check[(check["window"] == "24h") & (check["model"] == "one_at_a_time")]
    assert len(calibrated) == len(FLARES_SCENARIOS) * len(ACTIVITIES)
    assert calibrated["within_target"].all()
    assert check["within_target"].isna().sum() == len(check) - len(calibrated)
    assert (calibrated["n_seeds"] >= 50).all()
    # fresh seeds: none of the calibration seeds (nor the documented one) is in the check
    assert (calibrated["seed_first"] > max(CALIBRATION_SEEDS)).all() or (calibrated["seed_last"] < min(CALIBRATION_SEEDS)).all()
    # targets are the published file's figures, within rounding
    published = load("flares_published_or").set_index("activity")
    for _, row in calibrated.iterrows():
        if published.loc[row["activity"], "reported"]:
            assert row["target_or"] == published.loc[row["activity"], "odds_ratio"]
            assert round(row["mean_or"], 2) == pytest.approx(float(published.loc[row["activity"], "odds_ratio"]))
    # the mutually adjusted model is unbiased for the planted ORs (up to Monte Carlo error)
    adjusted = check[(check["window"] == "24h") & (check["model"] == "mutually_adjusted")]
    z = (np.log(adjusted["mean_or"]) - np.log(adjusted["planted_or"])) / (adjusted["sd_log_or"] / np.sqrt(adjusted["n_seeds"]))
    assert (z.abs() <= Z_FAMILY).all(), z.round(2).tolist()
    # the documented seed's row is the code's estimate at that seed (one draw, not averaged)
    one = flares_twin_estimates(simulate_flares_cohort(seed=DEFAULT_SEED, scenario="sitting_displaces"))
    rows = calibrated[calibrated["scenario"] == "sitting_displaces"].set_index("activity")
    assert rows["documented_seed_or"].to_numpy(float) == pytest.approx(one["odds_ratio"].to_numpy(), abs=1e-6)


def test_single_draw_spread_reads_the_check():
    spread = single_draw_spread("sitting_displaces", window="2h")
    assert spread.attrs["synthetic"] is True
    assert list(spread.index) == list(ACTIVITIES)
    assert (spread["single_draw_lower"] < spread["mean_or"]).all() and (spread["mean_or"] < spread["single_draw_upper"]).all()
    # the 2-h window is far noisier than the 24-h one (per hour)
    assert (spread["sd_log_or"] > single_draw_spread("sitting_displaces")["sd_log_or"]).all()
    with pytest.raises(ValueError, match="No rows"):
        single_draw_spread("sitting_displaces", window="8h")


def test_docstring_numbers_come_from_the_code(cohorts):
    doc = ft.__doc__
    share = expected_share_without_flare()
    assert f"Gamma(shape {ft._FLARES_PER_YEAR_SHAPE:g}, mean {ft._FLARES_PER_YEAR_MEAN:g})" in doc
    assert f"About {100 * share:.0f}% of" in doc
    assert f"{share:.3f}" in doc
    # the formula is what the simulation does: share of participants without a flare
    people = pd.concat([participants_table(c) for c in cohorts.values()])
    observed = (people["n_flare"] == 0).mean()
    assert abs(observed - share) <= 3.5 * math.sqrt(share * (1 - share) / len(people)), (observed, share)
    displacement = ft._SCENARIO_PARAMS["sitting_displaces"]["sitting_displacement"]
    assert f"({displacement:g})" in doc


def test_clustered_se_coverage_small_run():
    table = clustered_se_coverage(replicates=3, first_seed=31_000)
    per_flare = table[table["design"].str.startswith("one set per flare")].set_index(["standard_error", "activity"])
    overall = per_flare.xs("all ten (mean)", level="activity")
    # sets that reuse a participant's controls: the clustered SE is the larger one
    assert overall.loc["clustered by participant", "mean_se"] > overall.loc["model-based", "mean_se"]
    assert (table["n_replicates"] + table["n_failed"] == 3).all()
    assert table["coverage"].between(0, 1).all()


def test_shipped_clustered_coverage_shows_the_lesson():
    coverage = load("flares_twin_synthetic_clustered_coverage")
    assert coverage.attrs["synthetic"] is True
    overall = coverage[coverage["activity"] == "all ten (mean)"].set_index(["design", "standard_error"])
    assert (overall["n_replicates"] >= 100).all()
    per_flare = "one set per flare (controls reused)"
    model, clustered = overall.loc[(per_flare, "model-based")], overall.loc[(per_flare, "clustered by participant")]
    person = overall.loc[("one stratum per participant", "model-based")]
    assert model["mc_upper"] < 0.95, "model-based SEs should under-cover when sets reuse controls"
    for row in (clustered, person):  # nominal coverage, up to Monte Carlo error
        assert row["mc_lower"] - 0.01 <= 0.95 <= row["mc_upper"] + 0.01


def test_two_stories_differ_where_it_matters(cohorts):
    assert planted_truth("sitting_displaces").loc["sitting", "odds_ratio"] == 1.0
    assert planted_truth("sitting_protects").loc["sitting", "odds_ratio"] < 0.98
    # over seeds (the shipped check): the adjusted model recovers each story's planted sitting OR
    check = load("flares_twin_synthetic_calibration_check")
    adjusted = check[(check["model"] == "mutually_adjusted") & (check["window"] == "24h")].set_index(["scenario", "activity"])
    for scenario in FLARES_SCENARIOS:
        row = adjusted.loc[(scenario, "sitting")]
        assert row["mc_lower"] <= row["planted_or"] <= row["mc_upper"], (scenario, row["mean_or"])
    # the documented draw (notebook 07's exercise 07.sitting-story reads it) tells them apart too
    adjusted_d = flares_twin_estimates(cohorts["sitting_displaces"], model="mutually_adjusted")
    adjusted_p = flares_twin_estimates(cohorts["sitting_protects"], model="mutually_adjusted")
    assert adjusted_d.loc["sitting", "ci_lower"] <= 1 <= adjusted_d.loc["sitting", "ci_upper"]
    assert adjusted_p.loc["sitting", "ci_upper"] < 1


def test_truth_in_attrs_matches_planted(cohorts):
    surveys = cohorts["sitting_displaces"]
    truth = planted_truth("sitting_displaces")["odds_ratio"]
    assert surveys.attrs["synthetic"] is True
    assert surveys.attrs["truth"] == pytest.approx(truth.to_dict())


def test_deterministic_given_seed():
    a = simulate_flares_cohort(seed=7, n_participants=40)
    b = simulate_flares_cohort(seed=7, n_participants=40)
    c = simulate_flares_cohort(seed=8, n_participants=40)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_participants_table_8_week_means(cohorts):
    surveys = cohorts["sitting_protects"]
    people = participants_table(surveys).set_index("participant_id")
    no_early = people["n_scheduled_first_8_weeks"] == 0
    assert people.loc[no_early, "mean8w_hours_lifting"].isna().all()
    assert people.loc[~no_early, "mean8w_hours_lifting"].notna().all()
    pid = int(people.index[~no_early][0])
    rows = surveys[(surveys["participant_id"] == pid) & (surveys["survey_type"] == "scheduled") & (surveys["day"] <= 56)]
    assert people.loc[pid, "mean8w_hours_sitting"] == pytest.approx(rows["hours_sitting"].mean())


def test_shipped_csvs_regenerate_byte_for_byte(repo_root, tmp_path):
    surveys_csv, people_csv = tmp_path / "a_synthetic.csv", tmp_path / "b_synthetic.csv"
    main(["--write", str(surveys_csv), "--participants", str(people_csv)])
    shipped = repo_root / "data" / "synthetic"
    assert surveys_csv.read_bytes() == (shipped / "flares_twin_synthetic_default.csv").read_bytes()
    assert people_csv.read_bytes() == (shipped / "flares_twin_synthetic_participants.csv").read_bytes()


def test_shipped_files_load_as_synthetic():
    for name in ("flares_twin_synthetic_default", "flares_twin_synthetic_participants"):
        table = load(name)
        assert table.attrs["synthetic"] is True
        assert "synthetic" in table.attrs["path"]


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"scenario": "sitting_is_magic"}, ValueError),
        ({"n_participants": 1}, ValueError),
        ({"seed": "abc"}, TypeError),
        ({"n_participants": 10.5}, TypeError),
    ],
)
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        simulate_flares_cohort(**kwargs)


def test_estimates_reject_bad_model():
    surveys = simulate_flares_cohort(seed=1, n_participants=30)
    with pytest.raises(ValueError, match="model"):
        flares_twin_estimates(surveys, model="crude")
    with pytest.raises(ValueError, match="activities"):
        flares_twin_estimates(surveys, activities=["jogging"])
    assert math.isfinite(flares_twin_estimates(surveys, activities=["lifting"], window="2h").loc["lifting", "se"])


# --- precision: the twin is as informative as FLAReS, not more (issue 21) -------------------------
def test_precision_targets_come_from_the_published_cis():
    """The SE interval of each reported activity is what its printed CI allows given rounding."""
    targets = calibration_targets()
    published = load("flares_published_or").set_index("activity")
    for activity in ACTIVITIES:
        row = published.loc[activity]
        if not bool(row["reported"]):
            assert math.isnan(targets.loc[activity, "se_lower"])
            continue
        low, high = float(row["ci_lower"]), float(row["ci_upper"])
        widest = (math.log(high + 0.005) - math.log(low - 0.005)) / (2 * 1.959964)
        narrowest = (math.log(high - 0.005) - math.log(low + 0.005)) / (2 * 1.959964)
        assert targets.loc[activity, "se_lower"] == pytest.approx(narrowest, rel=1e-4)
        assert targets.loc[activity, "se_upper"] == pytest.approx(widest, rel=1e-4)
    # pushing/pulling: the published CI 1.03-1.09 needs an SE of at least 0.012
    assert targets.loc["pushing_pulling", "se_lower"] > 0.012


def test_shipped_check_meets_the_precision_targets_and_is_fresh(fresh_means):
    """Over 200 fresh seeds, the mean model-based SE lies inside each published CI's SE interval.

    The check CSV is written by tools/calibrate_flares_twin.py --check; it is fresh if its planted
    ORs are the code's (tested below), its SE targets are today's calibration_targets(), and a few
    fresh seeds recomputed here give a mean SE within Monte Carlo error of the stored one.
    """
    check = load("flares_twin_synthetic_calibration_check")
    calibrated = check[(check["window"] == "24h") & (check["model"] == "one_at_a_time")]
    targets = calibration_targets()
    for _, row in calibrated.iterrows():
        assert row["planted_or"] == pytest.approx(float(planted_truth(row["scenario"]).loc[row["activity"], "odds_ratio"]),
                                                  abs=1e-6)
        target = targets.loc[row["activity"]]
        if math.isnan(target["se_lower"]):
            assert pd.isna(row["within_se_target"])
            continue
        assert row["target_se_lower"] == pytest.approx(target["se_lower"], abs=1e-6)
        assert row["target_se_upper"] == pytest.approx(target["se_upper"], abs=1e-6)
        assert row["within_se_target"] == True  # noqa: E712 (pandas boolean)
        assert target["se_lower"] <= row["mean_se"] <= target["se_upper"], (row["scenario"], row["activity"])
    # fresh seeds (the fixture's): the stored mean SE is the code's (an SE varies little by seed)
    stored = calibrated.set_index(["scenario", "activity"])
    ratio = fresh_means["mean_se"] / stored.loc[fresh_means.index, "mean_se"]
    assert ratio.between(0.97, 1.03).all(), ratio.round(3).to_dict()
    for (scenario, activity), row in fresh_means.iterrows():
        target = targets.loc[activity]
        if not math.isnan(target["se_lower"]):
            assert target["se_lower"] <= row["mean_se"] <= target["se_upper"], (scenario, activity, row["mean_se"])


def test_two_hour_unit_scales_each_activitys_own_effect(cohorts):
    """07's 2-h window: one 2-h hour stands for several hours of the 24-h count, so over 200 seeds
    each activity's 2-h OR lies further from 1 than its 24-h OR, in its own direction (sitting too)."""
    check = load("flares_twin_synthetic_calibration_check")
    one = check[(check["scenario"] == "sitting_protects") & (check["model"] == "one_at_a_time")]
    by = one.pivot(index="activity", columns="window", values="mean_or")
    for activity in ["lifting", "pushing_pulling", "bending", "twisting", "squatting", "sitting"]:
        ratio = math.log(by.loc[activity, "2h"]) / math.log(by.loc[activity, "24h"])
        assert 2 < ratio < 6, (activity, ratio)
    surveys = cohorts["sitting_protects"]
    for activity in ("lifting", "sitting"):
        slope = np.polyfit(surveys[f"hours2h_{activity}"], surveys[f"hours_{activity}"], 1)[0]
        assert slope > 2, (activity, slope)
