"""Every refusal names its real cause (issue 18, point 5): each case below once gave a wrong reason.

Where a finite estimate exists it is computed and compared with statsmodels or a Poisson GLM;
where the kit refuses, the message must name the cause and what to do.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.discrete.conditional_models import ConditionalLogit

import lbpkit
from lbpkit import FewClustersWarning, SeparationError, case_day_sets, conditional_logit, conditional_poisson


def _matched_sets(seed=1, n_sets=300, m=4):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n_sets, m))
    # case = the window drawn with probability proportional to exp(0.5 x)
    p = np.exp(0.5 * x)
    case = np.array([rng.choice(m, p=row / row.sum()) for row in p])
    y = (np.arange(m)[None, :] == case[:, None]).astype(int)
    return pd.DataFrame({"set": np.repeat(np.arange(n_sets), m), "case": y.ravel(), "x1": x.ravel()}), rng


def _days(seed=2, n_strata=60, days=4):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n_strata * days)
    counts = rng.poisson(3 * np.exp(0.2 * x))
    return pd.DataFrame({"stratum": np.repeat(np.arange(n_strata), days), "deaths": counts, "x": x})


@pytest.mark.parametrize("noise", [1e-6, 1e-9, 1e-12])
def test_nearly_collinear_exposures_are_called_collinear_not_separated(noise):
    data, rng = _matched_sets()
    data["x2"] = data["x1"] + noise * rng.normal(size=len(data))
    with pytest.raises(ValueError, match="collinear") as refused:
        conditional_logit(data, "case", ["x1", "x2"], "set")
    assert not isinstance(refused.value, SeparationError) and "Drop one" in str(refused.value)
    days = _days()
    days["x2"] = days["x"] + noise * rng.normal(size=len(days))
    with pytest.raises(ValueError, match="collinear"):
        conditional_poisson(days, "deaths", ["x", "x2"], "stratum")


def test_tiny_uniform_weights_give_the_estimate_not_separation():
    data, _ = _matched_sets()
    plain = conditional_logit(data, "case", "x1", "set")
    tiny = conditional_logit(data.assign(w=1e-9), "case", "x1", "set", weights="w")
    reference = ConditionalLogit(data["case"], data[["x1"]], groups=data["set"]).fit(method="newton", disp=False)
    assert tiny["log_or"].iloc[0] == pytest.approx(plain["log_or"].iloc[0], rel=1e-9)
    assert tiny["log_or"].iloc[0] == pytest.approx(reference.params.iloc[0], rel=1e-6)
    # frequency weights of 1e-9 strata: the information shrinks by 1e-9, the SE grows by sqrt(1e9)
    assert tiny["se"].iloc[0] == pytest.approx(plain["se"].iloc[0] * np.sqrt(1e9), rel=1e-6)


def test_separation_is_still_separation_and_names_the_exposure():
    data, _ = _matched_sets(n_sets=40)
    top = data.groupby("set")["x1"].transform("max")
    data["case"] = (data["x1"] == top).astype(int)  # every case window has the highest exposure
    with pytest.raises(SeparationError, match="'x1'"):
        conditional_logit(data, "case", "x1", "set", engine="fast")


@pytest.mark.parametrize("factor", [1e-160, 1e-170, 1e160])
def test_conditional_poisson_refuses_exposures_beyond_double_precision_by_their_scale(factor):
    days = _days()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy overflow warning on the way
        with pytest.raises(ValueError, match=r"'x' varies within strata on a scale of .*Rescale it"):
            conditional_poisson(days.assign(x=days["x"] * factor), "deaths", "x", "stratum")


@pytest.mark.parametrize("factor", [1e-100, 1e-8, 1e8, 1e100])
def test_conditional_poisson_in_tiny_and_huge_units_matches_a_poisson_glm(factor):
    days = _days()
    fit = conditional_poisson(days.assign(x=days["x"] * factor), "deaths", "x", "stratum")
    design = pd.get_dummies(days["stratum"], prefix="s", dtype=float).assign(x=days["x"])
    glm = sm.GLM(days["deaths"], design, family=sm.families.Poisson()).fit()
    assert fit["log_rr"].iloc[0] * factor == pytest.approx(glm.params["x"], rel=1e-7)
    assert fit["se"].iloc[0] * factor == pytest.approx(glm.bse["x"], rel=1e-6)


def test_a_missing_count_is_called_a_missing_count():
    days = _days().astype({"deaths": float})
    days.loc[3, "deaths"] = np.nan
    with pytest.raises(ValueError, match=r"a missing count in 'deaths'") as refused:
        conditional_poisson(days, "deaths", "x", "stratum")
    assert "missing exposure" not in str(refused.value)
    days["date"] = pd.date_range("2000-01-01", periods=len(days)).strftime("%Y-%m-%d")
    with pytest.raises(ValueError, match=r"a missing count in 'deaths'"):
        case_day_sets(days, "deaths", "x", "stratum")


@pytest.mark.parametrize("counts, kind", [
    (lambda c: c > 2, "True/False"),
    (lambda c: c.astype(str), "dtype"),
])
def test_case_day_sets_refuses_counts_that_conditional_poisson_refuses(counts, kind):
    days = _days()
    days["date"] = pd.date_range("2000-01-01", periods=len(days)).strftime("%Y-%m-%d")
    days["deaths"] = counts(days["deaths"])
    for call in (lambda: case_day_sets(days, "deaths", "x", "stratum"),
                 lambda: conditional_poisson(days, "deaths", "x", "stratum")):
        with pytest.raises(TypeError, match=rf"count column 'deaths'.*{kind}.*pd.to_numeric"):
            call()


@pytest.mark.parametrize("n_clusters, warns", [(2, True), (10, True), (29, True), (30, False), (60, False)])
def test_few_clusters_warn_with_their_number(n_clusters, warns):
    data, _ = _matched_sets(n_sets=300)
    data["person"] = data["set"] % n_clusters
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = conditional_logit(data, "case", "x1", "set", cluster="person")
    few = [w for w in caught if issubclass(w.category, FewClustersWarning)]
    assert np.isfinite(fit["se"].iloc[0])  # computed either way
    assert len(few) == (1 if warns else 0)
    if warns:
        assert f"only {n_clusters} clusters of 'person'" in str(few[0].message)
        assert issubclass(FewClustersWarning, UserWarning) and lbpkit.FewClustersWarning is FewClustersWarning
