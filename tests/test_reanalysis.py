"""Tests of lbpkit.flares.reanalysis: control-period matching, planted avoidance, dose categories."""

import numpy as np
import pandas as pd
import pytest

from lbpkit.flares.reanalysis import add_post_flare_avoidance, dose_categories, match_control_periods


@pytest.fixture
def surveys():
    # person 1: flares on days 50 and 100; person 2: one flare on day 30
    return pd.DataFrame({
        "participant_id": [1, 1, 1, 1, 1, 1, 2, 2, 2],
        "day": [10, 50, 55, 90, 100, 200, 5, 30, 31],
        "flare": [0, 1, 0, 0, 1, 0, 0, 1, 0],
        "hours_lifting": [3, 5, 6, 2, 4, 1, 2, 7, 8],
    })


def _controls_of(sets, flare_day, person):
    set_id = sets.loc[(sets["flare"] == 1) & (sets["day"] == flare_day) & (sets["participant_id"] == person), "matched_set"].item()
    rows = sets[(sets["matched_set"] == set_id) & (sets["flare"] == 0)]
    return sorted(rows["day"].tolist())


def test_all_rule_uses_every_scheduled_survey_of_the_same_person(surveys):
    sets = match_control_periods(surveys, rule="all")
    assert sets["matched_set"].nunique() == 3
    assert _controls_of(sets, 50, 1) == [10, 55, 90, 200]
    assert _controls_of(sets, 30, 2) == [5, 31]
    assert (sets.groupby("matched_set")["flare"].sum() == 1).all()


def test_before_and_around_rules_respect_the_window(surveys):
    before = match_control_periods(surveys, rule="before", days=45)
    assert _controls_of(before, 50, 1) == [10]
    assert _controls_of(before, 100, 1) == [55, 90]
    around = match_control_periods(surveys, rule="around", days=10)
    assert _controls_of(around, 100, 1) == [90]
    assert _controls_of(around, 50, 1) == [55]


def test_flares_without_controls_are_counted_not_silently_lost(surveys):
    sets = match_control_periods(surveys, rule="before", days=3)
    assert sets.attrs["n_flares"] == 3
    assert sets.attrs["n_flares_without_controls"] == 3 - sets["matched_set"].nunique()
    assert sets.attrs["n_flares_without_controls"] >= 1


def test_washout_drops_surveys_just_after_any_flare(surveys):
    sets = match_control_periods(surveys, rule="all", washout=7)
    assert 55 not in _controls_of(sets, 100, 1)  # 5 days after the flare of day 50
    assert 31 not in sets["day"].tolist()
    assert sets.attrs["n_controls_washed_out"] == 2


def test_avoidance_thins_only_scheduled_surveys_after_a_flare(surveys):
    out = add_post_flare_avoidance(surveys, activity="hours_lifting", days=7, keep=0.0, seed=3)
    changed = out["hours_lifting"] != surveys["hours_lifting"]
    assert sorted(out.loc[changed, "day"].tolist()) == [31, 55]
    assert (out.loc[changed, "hours_lifting"] == 0).all()
    kept = add_post_flare_avoidance(surveys, activity="hours_lifting", days=7, keep=1.0, seed=3)
    pd.testing.assert_series_equal(kept["hours_lifting"], surveys["hours_lifting"])


def test_avoidance_keeps_about_the_requested_share():
    n = 4000
    big = pd.DataFrame({"participant_id": np.arange(n) // 2, "day": np.tile([1, 3], n // 2),
                        "flare": np.tile([1, 0], n // 2), "hours_lifting": 10})
    out = add_post_flare_avoidance(big, activity="hours_lifting", days=5, keep=0.3, seed=1)
    share = out.loc[big["flare"] == 0, "hours_lifting"].mean() / 10
    assert share == pytest.approx(0.3, abs=0.02)


def test_dose_categories_partition_the_values():
    values = pd.Series([0, 0, 1, 2, 3, 5, 6, 12])
    table = dose_categories(values, edges=[1, 3, 6])
    assert table.attrs["labels"] == ["<1", "1-2", "3-5", "6+"]
    assert table.sum(axis=1).tolist() == [0, 0, 1, 1, 1, 1, 1, 1]
    assert table.sum().tolist() == [2, 2, 2]


@pytest.mark.parametrize("kwargs", [{"rule": "sideways"}, {"days": 0}, {"washout": -1}])
def test_match_control_periods_rejects_bad_arguments(surveys, kwargs):
    with pytest.raises(ValueError):
        match_control_periods(surveys, **kwargs)


def test_bad_inputs_name_the_problem(surveys):
    with pytest.raises(ValueError, match="not in data"):
        match_control_periods(surveys.drop(columns="day"))
    with pytest.raises(ValueError, match="keep"):
        add_post_flare_avoidance(surveys, activity="hours_lifting", days=7, keep=1.5, seed=1)
    with pytest.raises(ValueError, match="increasing"):
        dose_categories(pd.Series([1, 2]), edges=[3, 1])


def test_avoidance_can_reach_a_flare_soon_after_an_earlier_flare(surveys):
    # person 1 flares on days 50 and 100; a 60-day avoidance reaches the second flare survey
    scheduled_only = add_post_flare_avoidance(surveys, activity="hours_lifting", days=60, keep=0.0, seed=3)
    both = add_post_flare_avoidance(surveys, activity="hours_lifting", days=60, keep=0.0, seed=3, affect_flare_surveys=True)
    second_flare = (surveys["participant_id"] == 1) & (surveys["day"] == 100)
    assert scheduled_only.loc[second_flare, "hours_lifting"].item() == 4
    assert both.loc[second_flare, "hours_lifting"].item() == 0
    first_flare = (surveys["participant_id"] == 1) & (surveys["day"] == 50)
    assert both.loc[first_flare, "hours_lifting"].item() == 5  # no earlier flare: untouched
    assert both.attrs["avoidance"]["affect_flare_surveys"] is True
    with pytest.raises(TypeError):
        add_post_flare_avoidance(surveys, activity="hours_lifting", days=7, keep=0.5, seed=1, affect_flare_surveys="yes")


def test_washout_undershoots_when_avoidance_also_reaches_flare_surveys():
    # the claim of notebook 07, checked over several seeds of the synthetic twin, not one draw
    from lbpkit.estimate import conditional_logit
    from lbpkit.flares import informative_participants, simulate_flares_cohort

    def log_or(data, washout):
        sets = match_control_periods(data, rule="all", days=90, washout=washout)
        return conditional_logit(sets, "flare", "hours_lifting", "matched_set", engine="fast")["log_or"].iloc[0]

    gaps_reaching, gaps_sparing = [], []
    for seed in range(2025, 2031):
        twin = informative_participants(simulate_flares_cohort(seed=seed))
        plain_washout = log_or(twin, 14)  # the same rule without avoidance
        for flag, gaps in ((True, gaps_reaching), (False, gaps_sparing)):
            thinned = add_post_flare_avoidance(twin, activity="hours_lifting", days=14, keep=0.5, seed=seed, affect_flare_surveys=flag)
            gaps.append(log_or(thinned, 14) - plain_washout)
    gaps_reaching, gaps_sparing = np.array(gaps_reaching), np.array(gaps_sparing)
    assert gaps_reaching.mean() + 3 * gaps_reaching.std(ddof=1) / np.sqrt(len(gaps_reaching)) < 0
    assert np.allclose(gaps_sparing, 0, atol=1e-9)  # sparing flare surveys, the washout recovers exactly
