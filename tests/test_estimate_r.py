"""lbpkit.conditional_logit against R ``survival::clogit`` (stored answers; R is not needed here).

The answers and the data they were computed on are in tests/fixtures/R/, made by
tests/fixtures/R/make_clogit_reference.R (R 4.2.2, survival 3.5.3): R's infert and logan, and
seeded synthetic sets with several events per stratum, large strata, weights and persons with
several events. Each fit is at the R script's own scale factors (1e-8 .. 1e8, and exposures on
scales 1e14 apart).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lbpkit.estimate import conditional_logit

FIXTURES = Path(__file__).parent / "fixtures" / "R"
REFERENCE = pd.read_csv(FIXTURES / "clogit_reference.csv", keep_default_na=False, na_values=[""])
CASES = list(dict.fromkeys(REFERENCE["case"]))
REL = 1e-6  # issue 14: estimates and SEs within 1e-6 (relative) of R at any scale


def _logan2() -> pd.DataFrame:
    """One row per person x occupation, as in R's ?clogit example; farm is the baseline."""
    logan = pd.read_csv(FIXTURES / "clogit_logan.csv")
    levels = ["farm", "operatives", "craftsmen", "sales", "professional"]
    rows = pd.concat([logan.assign(id=np.arange(1, len(logan) + 1), tocc=lev) for lev in levels], ignore_index=True)
    rows["case"] = (rows["occupation"] == rows["tocc"]).astype(int)
    for lev in levels[1:]:
        rows[f"tocc_{lev}"] = (rows["tocc"] == lev).astype(float)
        rows[f"education_x_{lev}"] = rows["education"] * (rows["tocc"] == lev)
    return rows


def _case_data(spec: pd.Series) -> pd.DataFrame:
    data = _logan2() if spec["data"] == "clogit_logan.csv" else pd.read_csv(FIXTURES / spec["data"])
    if isinstance(spec["subset"], str):
        data = data.query(spec["subset"])
    if isinstance(spec["scales"], str):
        for item in spec["scales"].split(";"):
            column, factor = item.split("=")
            data[column] = data[column] * float(factor)
    return data


def _fit(spec: pd.Series, **kwargs) -> pd.DataFrame:
    return conditional_logit(
        _case_data(spec), "case", spec["exposures"].split(";"), spec["strata"],
        weights=spec["weights"] if isinstance(spec["weights"], str) else None,
        cluster=spec["cluster"] if isinstance(spec["cluster"], str) else None,
        **kwargs,
    )


def _compare(fit: pd.DataFrame, ref: pd.DataFrame, data: pd.DataFrame) -> None:
    terms = list(ref["term"])
    np.testing.assert_allclose(fit.loc[terms, "log_or"], ref["coef"], rtol=REL)
    robust = ref["robust_se"].notna().all()
    np.testing.assert_allclose(fit.loc[terms, "se"], ref["robust_se"] if robust else ref["se"], rtol=REL)
    if robust:
        model_se = [fit.attrs["model_based_se"][t] for t in terms]
        np.testing.assert_allclose(model_se, ref["se"], rtol=REL)
    expected = ref["loglik"].iloc[0]
    spec = ref.iloc[0]
    if isinstance(spec["weights"], str) and spec["method"] == "breslow":
        # R's weighted Cox likelihood also weights the risk-set sum: with a weight w constant in
        # the stratum that adds -w log w per event, which does not depend on the estimates.
        events = data[data["case"] == 1]
        expected += float((events[spec["weights"]] * np.log(events[spec["weights"]])).sum())
    assert fit.attrs["log_likelihood"] == pytest.approx(expected, rel=1e-9)


def test_fixture_covers_what_the_issues_ask():
    factors = {float(f.split("=")[1]) for s in REFERENCE["scales"].dropna() for f in s.split(";")}
    assert min(factors) <= 1e-8 and max(factors) >= 1e8
    assert REFERENCE["weights"].notna().any() and REFERENCE["cluster"].notna().any()
    assert {"infert_scale_1e0", "logan", "large_150_of_200", "multi_weights"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_fast_engine_matches_r(case):
    ref = REFERENCE[REFERENCE["case"] == case]
    fit = _fit(ref.iloc[0])
    assert fit.attrs["engine"] == "fast"
    _compare(fit, ref, _case_data(ref.iloc[0]))
    if ref["data"].iloc[0] != "clogit_multi.csv" or not isinstance(ref["weights"].iloc[0], str):
        assert fit.attrs["n_obs"] == ref["n"].iloc[0] and fit.attrs["n_cases"] == ref["nevent"].iloc[0]


@pytest.mark.parametrize("case", [c for c in CASES if not c.startswith(("large", "logan"))])
def test_statsmodels_engine_matches_r_or_refuses(case):
    ref = REFERENCE[REFERENCE["case"] == case]
    spec = ref.iloc[0]
    if isinstance(spec["weights"], str):
        with pytest.raises(ValueError, match="engine='statsmodels' cannot take `weights`"):
            _fit(spec, engine="statsmodels")
        return
    _compare(_fit(spec, engine="statsmodels"), ref, _case_data(spec))


def test_statsmodels_engine_refuses_a_stratum_of_5000_rows():
    spec = REFERENCE[REFERENCE["case"] == "large_5_of_5000"].iloc[0]
    with pytest.raises(ValueError, match="recursion limit.*engine='fast'"):
        _fit(spec, engine="statsmodels")


def test_logan_help_page_model_is_collinear():
    # ?clogit's tocc + tocc:education has one redundant column (R: SEs near 6e4); we say so.
    data = _logan2()
    data["education_x_farm"] = data["education"] * (data["tocc"] == "farm")
    exposures = [c for c in data.columns if c.startswith(("tocc_", "education_x_"))]
    with pytest.raises(ValueError, match="collinear"):
        conditional_logit(data, "case", exposures, "id")


def test_clustered_se_small_sample_factor():
    spec = REFERENCE[REFERENCE["case"] == "persons_cluster"].iloc[0]
    plain, corrected = _fit(spec), _fit(spec, cluster_df_correction=True)
    g = plain.attrs["n_clusters"]
    assert g == _case_data(spec)["person"].nunique() == 150
    np.testing.assert_allclose(corrected["se"], plain["se"] * np.sqrt(g / (g - 1)), rtol=1e-12)
    np.testing.assert_allclose(corrected["log_or"], plain["log_or"], rtol=0)
