"""lbpkit.conditional_poisson against R (gnm, glm) on the real Chicago NMMAPS data, against
statsmodels, at any exposure scale, and with bad input.

The R answers are in tests/fixtures/R/nmmaps_*.csv, made by tests/fixtures/R/nmmaps_reference.R
from data/real/chicago_nmmaps_daily.csv; R is not needed to run these tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lbpkit import conditional_poisson
from nmmaps_models import FIXTURES, MODELS, complete_days, nmmaps_days, r_coefficients, r_fits


@pytest.fixture(scope="module")
def days() -> pd.DataFrame:
    return nmmaps_days()


@pytest.fixture(scope="module")
def r_fit_table() -> pd.DataFrame:
    return r_fits()


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("overdispersion, method", [(False, "gnm_poisson"), (True, "gnm_quasipoisson")])
def test_matches_r_gnm_on_nmmaps(days, r_fit_table, model, overdispersion, method):
    data, outcome, exposures = complete_days(days, model)
    fit = conditional_poisson(data, outcome, exposures, "stratum", overdispersion=overdispersion)
    ref = r_coefficients(model, method).loc[exposures]
    np.testing.assert_allclose(fit["log_rr"], ref["estimate"], rtol=1e-8)
    np.testing.assert_allclose(fit["se"], ref["se"], rtol=1e-8)
    r = r_fit_table.loc[(model, method)]
    assert fit.attrs["n_obs"] == r["n_obs"] and fit.attrs["n_strata"] == r["n_strata"]
    assert fit.attrs["df_residual"] == r["df_residual"]
    np.testing.assert_allclose(fit["dispersion"], r["dispersion"], rtol=1e-8)
    np.testing.assert_allclose(fit.attrs["deviance"], r["deviance"], rtol=1e-8)
    if not overdispersion:
        quasi = r_fit_table.loc[(model, "gnm_quasipoisson"), "dispersion"]
        np.testing.assert_allclose(fit.attrs["pearson_dispersion"], quasi, rtol=1e-8)


@pytest.mark.parametrize("model", MODELS)
def test_matches_r_glm_with_stratum_dummies(days, model):
    data, outcome, exposures = complete_days(days, model)
    fit = conditional_poisson(data, outcome, exposures, "stratum")
    ref = r_coefficients(model, "glm_poisson").loc[exposures]
    np.testing.assert_allclose(fit["log_rr"], ref["estimate"], rtol=1e-8)
    np.testing.assert_allclose(fit["se"], ref["se"], rtol=1e-8)


def test_the_nmmaps_pm10_data_are_overdispersed(days):
    data, outcome, exposures = complete_days(days, "pm10_lag0")
    plain = conditional_poisson(data, outcome, exposures, "stratum")
    quasi = conditional_poisson(data, outcome, exposures, "stratum", overdispersion=True)
    assert quasi.attrs["dispersion"] > 1.2  # R: 1.35
    np.testing.assert_allclose(quasi["log_rr"], plain["log_rr"], rtol=0)
    np.testing.assert_allclose(quasi["se"] / plain["se"], np.sqrt(quasi.attrs["dispersion"]), rtol=1e-12)
    assert (quasi["ci_upper"] - quasi["ci_lower"] > plain["ci_upper"] - plain["ci_lower"]).all()


@pytest.mark.parametrize("factor", [1e-8, 1e-4, 1e4, 1e8])
def test_right_at_any_exposure_scale(days, factor):
    data, outcome, exposures = complete_days(days, "pm10_ma01_temp")
    scaled = data.assign(**{x: data[x] * factor for x in exposures})
    fit = conditional_poisson(scaled, outcome, exposures, "stratum", overdispersion=True)
    ref = r_coefficients("pm10_ma01_temp", "gnm_quasipoisson").loc[exposures]
    np.testing.assert_allclose(fit["log_rr"] * factor, ref["estimate"], rtol=1e-6)
    np.testing.assert_allclose(fit["se"] * factor, ref["se"], rtol=1e-6)


def test_exposures_on_scales_1e14_apart_are_not_collinear(days):
    data, outcome, exposures = complete_days(days, "pm10_ma01_temp")
    scaled = data.assign(pm10_ma01=data["pm10_ma01"] * 1e7, temp_lag0=data["temp_lag0"] * 1e-7)
    fit = conditional_poisson(scaled, outcome, exposures, "stratum")
    ref = r_coefficients("pm10_ma01_temp", "gnm_poisson").loc[exposures]
    np.testing.assert_allclose(fit["log_rr"] * [1e7, 1e-7], ref["estimate"], rtol=1e-6)


def test_statsmodels_engine_agrees_where_it_keeps_every_stratum(days):
    data, outcome, exposures = complete_days(days, "o3_lag0_temp")
    fast = conditional_poisson(data, outcome, exposures, "stratum", overdispersion=True)
    sm = conditional_poisson(data, outcome, exposures, "stratum", overdispersion=True, engine="statsmodels")
    np.testing.assert_allclose(sm["log_rr"], fast["log_rr"], rtol=1e-6)
    np.testing.assert_allclose(sm["se"], fast["se"], rtol=1e-6)
    assert sm.attrs["engine"] == "statsmodels"


def test_statsmodels_engine_refuses_where_it_would_drop_equal_count_strata(days):
    """statsmodels drops strata whose days have equal counts; R keeps them, and so does 'fast'."""
    data, outcome, exposures = complete_days(days, "smallcounts")
    stratum_counts = data.groupby("stratum")[outcome]
    assert ((stratum_counts.nunique() == 1) & (stratum_counts.size() > 1)).sum() > 100
    with pytest.raises(ValueError, match="drops the .* strata whose days all have the same count"):
        conditional_poisson(data, outcome, exposures, "stratum", engine="statsmodels")
    from statsmodels.discrete.conditional_models import ConditionalPoisson

    with pytest.warns(Warning, match="Dropped"):
        raw = ConditionalPoisson(data[outcome].to_numpy(float), data[exposures].to_numpy(float),
                                 groups=pd.factorize(data["stratum"])[0]).fit(method="newton", disp=False)
    r_estimate = r_coefficients("smallcounts", "gnm_poisson").loc["pm10_lag0", "estimate"]
    assert abs(raw.params[0] / r_estimate - 1) > 1e-3  # what the refusal protects against


EDGE_CASES = {  # the inputs of tests/fixtures/R/poisson_edge_cases.R
    "zero_stratum": {"stratum": [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], "y": [3, 5, 9, 2, 4, 6, 0, 0, 0, 1, 0, 2],
                     "x": [0, 1, 2, 0, 1, 3, 1, 2, 0, 2, 0, 1], "z": [1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0]},
    "equal_counts": {"stratum": [1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 5, 5, 5], "y": [4, 4, 4, 2, 2, 1, 5, 3, 7, 6, 3, 3, 8],
                     "x": [0.5, 1.5, 3, 1, 2, 0, 2, 1, 3, 9, 1, 0, 2], "z": [0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1]},
}


@pytest.mark.parametrize("case", EDGE_CASES)
@pytest.mark.parametrize("exposures", ["x", "x + z"])
@pytest.mark.parametrize("family", ["poisson", "quasipoisson"])
def test_edge_cases_match_r_gnm(case, exposures, family):
    """A stratum of zeros, a one-day stratum and equal-count strata count as gnm counts them."""
    ref = pd.read_csv(FIXTURES / "poisson_edge_cases.csv")
    ref = ref[(ref.case == case) & (ref.exposures == exposures) & (ref.family == family)].set_index("term")
    terms = exposures.split(" + ")
    fit = conditional_poisson(pd.DataFrame(EDGE_CASES[case]), "y", terms, "stratum",
                              overdispersion=family == "quasipoisson")
    np.testing.assert_allclose(fit["log_rr"], ref.loc[terms, "estimate"], rtol=1e-8)
    np.testing.assert_allclose(fit["se"], ref.loc[terms, "se"], rtol=1e-8)
    np.testing.assert_allclose(fit["dispersion"], ref.loc[terms, "dispersion"], rtol=1e-8)
    assert fit.attrs["df_residual"] == ref["df_residual"].iloc[0]


def test_closed_form_with_two_day_strata():
    """2-day strata with x = 0 and x = 1: exp(beta) = events on x=1 days / events on x=0 days."""
    days = pd.DataFrame({"s": [1, 1, 2, 2, 3, 3], "y": [4, 6, 2, 4, 5, 5], "x": [0, 1, 0, 1, 0, 1]})
    fit = conditional_poisson(days, "y", "x", "s", overdispersion=True)
    np.testing.assert_allclose(fit["rate_ratio"], 15 / 11, rtol=1e-12)
    total, exposed = np.array([10, 6, 10]), np.array([6, 4, 5])
    mu_exposed, mu_unexposed = total * 15 / 26, total * 11 / 26
    pearson = ((exposed - mu_exposed) ** 2 / mu_exposed + (exposed - mu_exposed) ** 2 / mu_unexposed).sum()
    np.testing.assert_allclose(fit.attrs["pearson_chi2"], pearson, rtol=1e-10)
    assert fit.attrs["df_residual"] == 6 - 3 - 1
    np.testing.assert_allclose(fit["dispersion"], pearson / 2, rtol=1e-10)
    np.testing.assert_allclose(fit["se"], np.sqrt((1 / 15 + 1 / 11) * pearson / 2), rtol=1e-10)


def test_table_has_the_columns_of_conditional_logit_with_the_ratio_named():
    days = pd.DataFrame({"s": [1, 1, 2, 2], "y": [4, 6, 2, 4], "x": [0, 1, 0, 1]})
    fit = conditional_poisson(days, "y", "x", "s")
    assert list(fit.columns) == ["log_rr", "se", "rate_ratio", "ci_lower", "ci_upper", "p_value", "dispersion"]
    assert fit.index.name == "exposure" and fit.loc["x", "ci_lower"] < fit.loc["x", "rate_ratio"] < fit.loc["x", "ci_upper"]


# --- bad input -------------------------------------------------------------------------------------

@pytest.fixture
def small():
    return pd.DataFrame({"s": [1, 1, 1, 2, 2, 2], "y": [3, 5, 9, 2, 4, 6], "x": [0.0, 1, 2, 0, 1, 3],
                         "z": [1.0, 0, 2, 1, 1, 0]})


def test_duplicated_column_names_are_named(small):
    # the rule of every estimator: a column used twice over is ambiguous, an unused duplicate is not
    data = pd.concat([small, small[["x"]]], axis=1)
    with pytest.raises(ValueError, match=r"2 columns named 'x' \(used as `exposures`\)"):
        conditional_poisson(data, "y", "x", "s")
    assert len(conditional_poisson(data, "y", "z", "s")) == 1


@pytest.mark.parametrize(
    "values, error, fragment",
    [
        ([3, 5, -1, 2, 4, 6], ValueError, "whole numbers >= 0.*-1"),
        ([3, 5, 9.5, 2, 4, 6], ValueError, "whole numbers >= 0.*9.5"),
        (["3", "5", "9", "2", "4", "6"], TypeError, "pd.to_numeric"),
        ([True, False, True, False, True, True], TypeError, "counts"),
    ],
)
def test_outcome_must_be_counts(small, values, error, fragment):
    with pytest.raises(error, match=fragment):
        conditional_poisson(small.assign(y=values), "y", "x", "s")


def test_complex_exposure_is_refused_not_cast(small):
    with pytest.raises(TypeError, match="complex numbers.*must be real"):
        conditional_poisson(small.assign(x=small["x"] + 1j), "y", "x", "s")


def test_missing_values_raise_or_are_dropped_and_counted(small):
    data = small.assign(x=[0.0, np.nan, 2, 0, 1, 3])
    with pytest.raises(ValueError, match="missing='drop'"):
        conditional_poisson(data, "y", "x", "s")
    with pytest.warns(UserWarning, match="Dropped 1 row"):
        fit = conditional_poisson(data, "y", "x", "s", missing="drop")
    assert fit.attrs["n_rows_missing"] == 1 and fit.attrs["n_obs"] == 5


def test_exposure_constant_within_strata_and_collinear_exposures(small):
    with pytest.raises(ValueError, match="never varies within any stratum"):
        conditional_poisson(small.assign(x=[1, 1, 1, 2, 2, 2]), "y", "x", "s")
    with pytest.raises(ValueError, match="collinear"):
        conditional_poisson(small.assign(w=2 * small["x"] + 3), "y", ["x", "w"], "s")


def test_argument_errors(small):
    with pytest.raises(ValueError, match="did you mean 'x'"):
        conditional_poisson(small, "y", "xx", "s")
    with pytest.raises(ValueError, match="engine"):
        conditional_poisson(small, "y", "x", "s", engine="gnm")
    with pytest.raises(TypeError, match="overdispersion"):
        conditional_poisson(small, "y", "x", "s", overdispersion="yes")
    with pytest.raises(ValueError, match="alpha"):
        conditional_poisson(small, "y", "x", "s", alpha=5)
    with pytest.raises(ValueError, match="different columns"):
        conditional_poisson(small, "y", "y", "s")
