"""lbpkit.daily (time strata, named lags, weighted case-day sets) and the real Chicago NMMAPS
data: the weighted conditional logistic fit of the case-day sets equals conditional Poisson on the
days, R's weighted clogit (tests/fixtures/R/nmmaps_*.csv) and statsmodels' ConditionalLogit on
the sets written out one row per death.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.discrete.conditional_models import ConditionalLogit

import lbpkit
from lbpkit import case_day_sets, conditional_logit, conditional_poisson, lagged_exposures, time_strata
from nmmaps_models import MODELS, complete_days, nmmaps_days, r_coefficients, r_fits


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return lbpkit.load("chicago_nmmaps_daily")


@pytest.fixture(scope="module")
def days() -> pd.DataFrame:
    return nmmaps_days()


# --- the data set ------------------------------------------------------------------------------------

def test_nmmaps_file_is_the_real_daily_series_with_its_licence(raw, repo_root):
    assert raw.shape == (5114, 6)
    dates = pd.to_datetime(raw["date"].astype(str))
    assert dates.iloc[0] == pd.Timestamp("1987-01-01") and dates.iloc[-1] == pd.Timestamp("2000-12-31")
    assert (dates.diff().dropna() == pd.Timedelta(days=1)).all()
    assert (dates.dt.day_name() == raw["dow"].astype(str)).all()
    assert int(raw["pm10"].isna().sum()) == 251 and not raw[["death", "temp", "o3"]].isna().any().any()
    assert raw.attrs["synthetic"] is False and raw.attrs["licence"] == "GPL-2.0-or-later"
    licence = (repo_root / "data" / "real" / "LICENSE-chicago_nmmaps_daily.txt").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in licence and "Version 2, June 1991" in licence
    assert "26f5377151a90c1eb49d51f4d89c4a05fb7ff5a60376e15c04401437aff11f80" in licence


# --- time strata and lags --------------------------------------------------------------------------

def test_time_strata_are_one_weekday_of_one_month(days):
    dates = pd.to_datetime(days["date"].astype(str))
    groups = dates.groupby(days["stratum"])
    assert groups.size().isin([4, 5]).all() and groups.ngroups == 1176
    assert (groups.apply(lambda d: d.dt.day_name().nunique()) == 1).all()
    assert (groups.apply(lambda d: d.dt.to_period("M").nunique()) == 1).all()
    assert time_strata(["1987-01-31"], scheme="year-month").tolist() == ["1987-01"]


def test_time_strata_errors():
    with pytest.raises(ValueError, match="scheme"):
        time_strata(["1987-01-01"], scheme="week")
    with pytest.raises(ValueError, match="must hold dates"):
        time_strata(["not a day"])
    with pytest.raises(ValueError, match="missing date"):
        time_strata(pd.Series(["1987-01-01", None]))


def test_lags_reach_back_by_calendar_date(days):
    by_date = days.set_index(pd.to_datetime(days["date"].astype(str)))["pm10"]
    day = pd.Timestamp("1990-06-15")
    row = days.loc[pd.to_datetime(days["date"].astype(str)) == day].iloc[0]
    assert row["pm10_lag0"] == by_date[day]
    assert row["pm10_lag1"] == by_date[day - pd.Timedelta(days=1)]
    assert row["pm10_ma01"] == pytest.approx((by_date[day] + by_date[day - pd.Timedelta(days=1)]) / 2)
    assert np.isnan(days["pm10_lag1"].iloc[0])  # no day before the first
    assert set(days.attrs["lags"]) >= {"pm10_lag0", "pm10_lag1", "pm10_ma01", "temp_lag0", "o3_lag1"}


def test_a_gap_in_the_dates_gives_a_missing_lag_not_a_shifted_one():
    series = pd.DataFrame({"date": ["2000-01-01", "2000-01-02", "2000-01-04", "2000-01-05"], "x": [1.0, 2, 4, 5]})
    out = lagged_exposures(series.sample(frac=1, random_state=1), "x", lags=(1, 2), moving_averages=[(0, 2)])
    out = out.sort_values("date")
    np.testing.assert_array_equal(out["x_lag1"], [np.nan, 1, np.nan, 4])
    np.testing.assert_array_equal(out["x_lag2"], [np.nan, np.nan, 2, np.nan])
    np.testing.assert_array_equal(out["x_ma02"], [np.nan, np.nan, np.nan, np.nan])


def test_lagging_the_output_again_returns_it_unchanged_and_other_values_still_stop_it():
    """A notebook cell `days = lagged_exposures(days, ...)` run twice must not fail; a column of that name
    holding other values must not be overwritten silently."""
    series = pd.DataFrame({"date": ["2000-01-01", "2000-01-02", "2000-01-04"], "x": [1.0, 2.0, 4.0]})
    once = lagged_exposures(series, "x", lags=(0, 1, 2))
    pd.testing.assert_frame_equal(lagged_exposures(once, "x", lags=(0, 1, 2)), once)
    with pytest.raises(ValueError, match=r"\['x_lag0'\] with other values"):
        lagged_exposures(once.assign(x=[1.0, 2.0, 5.0]), "x", lags=(0, 1, 2))
    with pytest.raises(ValueError, match="x_lag1"):  # text in a lag column is not this function's output
        lagged_exposures(once.assign(x_lag1="a"), "x", lags=(1,), moving_averages=())


def test_lag_errors():
    series = pd.DataFrame({"date": ["2000-01-01", "2000-01-02"], "x": [1.0, 2.0], "x_lag1": [0.0, 0.0]})
    with pytest.raises(ValueError, match="already has column"):
        lagged_exposures(series, "x", lags=(1,), moving_averages=())
    with pytest.raises(ValueError, match="Lags must be >= 0"):
        lagged_exposures(series, "x", lags=(-1,))
    with pytest.raises(ValueError, match="more than once"):
        lagged_exposures(series.assign(date="2000-01-01"), "x", lags=(0,), moving_averages=())
    with pytest.raises(TypeError, match="not numeric"):
        lagged_exposures(series.assign(x=["a", "b"]), "x")
    assert list(lagged_exposures(series, "x", lags=(), moving_averages=[(0, 13)]).columns)[-1] == "x_ma0_13"


# --- case-day sets -----------------------------------------------------------------------------------

def test_each_set_is_a_case_day_and_the_other_days_of_its_stratum(days):
    complete = days.dropna(subset=["pm10_lag0"])
    sets = case_day_sets(complete, "death", "pm10_lag0")
    per_set = sets.groupby("case_day")
    assert (per_set["case"].sum() == 1).all() and (per_set["weight"].nunique() == 1).all()
    cases = sets[sets["case"] == 1]
    assert (cases["case_day"] == cases["date"]).all()
    deaths = complete.set_index("date")["death"]
    np.testing.assert_array_equal(cases["weight"].to_numpy(), deaths.loc[cases["date"]].to_numpy())
    size = complete.groupby("stratum").size()
    np.testing.assert_array_equal(per_set.size().to_numpy(), size.loc[per_set["stratum"].first()].to_numpy())
    assert sets.attrs["n_events"] + sets.attrs["n_events_alone"] == int(complete["death"].sum())


@pytest.mark.parametrize("model", MODELS)
def test_sets_match_r_and_weighted_clogit_equals_conditional_poisson(days, model):
    complete, outcome, exposures = complete_days(days, model)
    sets = case_day_sets(complete, outcome, exposures)
    r = r_fits().loc[(model, "clogit_weighted")]
    # R also builds one-row sets for days alone in their stratum; they carry no information
    assert len(sets) + sets.attrs["n_days_alone"] == r["n_obs"]
    assert sets.attrs["n_sets"] + sets.attrs["n_days_alone"] == r["n_sets"]
    clr = conditional_logit(sets, "case", exposures, "case_day", weights="weight")
    pois = conditional_poisson(complete, outcome, exposures, "stratum")
    ref = r_coefficients(model, "clogit_weighted").loc[exposures]
    np.testing.assert_allclose(clr["log_or"], ref["estimate"], rtol=1e-6)
    np.testing.assert_allclose(clr["se"], ref["se"], rtol=1e-6)
    np.testing.assert_allclose(clr["log_or"], pois["log_rr"], rtol=1e-8)
    np.testing.assert_allclose(clr["se"], pois["se"], rtol=1e-6)


def test_sets_written_out_per_death_give_the_same_estimate_in_statsmodels(days):
    """Independent of any weights code: one unweighted matched set per event (a 1995 subset)."""
    complete = days[days["date"].str.startswith("1995")].dropna(subset=["pm10_lag0"])
    sets = case_day_sets(complete, "smallcounts", "pm10_lag0")
    per_death = sets.loc[sets.index.repeat(sets["weight"])].copy()
    per_death["copy"] = per_death.groupby(["case_day", "date"]).cumcount()
    groups = pd.factorize(per_death["case_day"].astype(str) + "#" + per_death["copy"].astype(str))[0]
    sm = ConditionalLogit(per_death["case"].to_numpy(), per_death[["pm10_lag0"]].to_numpy(), groups=groups)
    sm = sm.fit(method="newton", disp=False)
    pois = conditional_poisson(complete, "smallcounts", "pm10_lag0", "stratum")
    np.testing.assert_allclose(sm.params[0], pois["log_rr"].iloc[0], rtol=1e-6)
    np.testing.assert_allclose(sm.bse[0], pois["se"].iloc[0], rtol=1e-5)


def test_zero_count_days_are_referents_only_and_missing_days_are_reported():
    series = pd.DataFrame({"date": ["2000-01-03", "2000-01-10", "2000-01-17", "2000-01-24"],
                           "deaths": [2, 0, 1, 3], "x": [1.0, 2.0, np.nan, 4.0]})
    series["stratum"] = time_strata(series["date"])
    with pytest.raises(ValueError, match="missing='drop'"):
        case_day_sets(series, "deaths", "x")
    with pytest.warns(UserWarning, match="Dropped 1 row.*a missing exposure in .x."):
        sets = case_day_sets(series, "deaths", "x", missing="drop")
    assert sets.attrs["n_sets"] == 2 and sets.attrs["n_days_zero"] == 1 and sets.attrs["n_days_missing"] == 1
    assert len(sets) == 6 and sets.loc[sets["date"] == "2000-01-10", "case"].eq(0).all()


def test_case_day_set_errors():
    series = pd.DataFrame({"date": ["2000-01-03", "2000-01-10"], "deaths": [2, 1], "x": [1.0, 2.0], "stratum": ["a", "a"]})
    with pytest.raises(ValueError, match="whole numbers"):
        case_day_sets(series.assign(deaths=[2.5, 1]), "deaths", "x")
    with pytest.raises(ValueError, match="more than once"):
        case_day_sets(series.assign(date="2000-01-03"), "deaths", "x")
    with pytest.raises(ValueError, match="used by the output"):
        case_day_sets(series.rename(columns={"x": "weight"}), "deaths", "weight")
    with pytest.raises(ValueError, match="did you mean 'stratum'"):
        case_day_sets(series, "deaths", "x", strata="stratun")
