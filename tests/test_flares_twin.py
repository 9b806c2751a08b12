"""The synthetic FLAReS twin: design targets, calibration targets, determinism, shipped files."""

import math

import numpy as np
import pandas as pd
import pytest

from lbpkit import simulate
from lbpkit.data import load
from lbpkit.flares_twin import (
    ACTIVITIES,
    FLARES_SCENARIOS,
    NEAR_ONE_BAND,
    flares_twin_estimates,
    main,
    participants_table,
    planted_truth,
    simulate_flares_cohort,
)


def _design(quantity, sample="whole sample"):
    table = load("flares_design")
    return float(table[(table["quantity"] == quantity) & (table["sample"] == sample)]["value"].iloc[0])


@pytest.fixture(scope="module")
def cohorts():
    return {scenario: simulate_flares_cohort(seed=2025, scenario=scenario) for scenario in FLARES_SCENARIOS}


def test_reexported_from_simulate_and_top_level():
    import lbpkit

    assert simulate.simulate_flares_cohort is simulate_flares_cohort
    assert lbpkit.simulate_flares_cohort is simulate_flares_cohort
    assert set(simulate.FLARES_SCENARIOS) == {"sitting_protects", "sitting_displaces"}


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


@pytest.mark.parametrize("scenario", list(FLARES_SCENARIOS))
def test_calibration_targets(cohorts, scenario):
    published = load("flares_published_or").set_index("activity")
    estimates = flares_twin_estimates(cohorts[scenario])
    for activity in ACTIVITIES:
        estimate = estimates.loc[activity, "odds_ratio"]
        if published.loc[activity, "reported"]:
            lower, upper = published.loc[activity, ["ci_lower", "ci_upper"]]
        else:
            lower, upper = NEAR_ONE_BAND
        assert lower <= estimate <= upper, (scenario, activity, estimate, lower, upper)


def test_two_stories_differ_where_it_matters(cohorts):
    assert planted_truth("sitting_displaces").loc["sitting", "odds_ratio"] == 1.0
    assert planted_truth("sitting_protects").loc["sitting", "odds_ratio"] < 0.98
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
    for name in ("flares_twin_synthetic_default", "flares_twin_synthetic_participants", "flares_twin_calibration_synthetic"):
        table = load(name)
        assert table.attrs["synthetic"] is True
        assert "synthetic" in table.attrs["path"]
    assert load("flares_twin_calibration_synthetic")["within_target"].all()


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
