"""Friendly errors and warnings of the estimators: each names the problem and what to do."""

import numpy as np
import pandas as pd
import pytest

from lbpkit.estimate import (
    SeparationError,
    conditional_logit,
    discordant_pairs,
    fit_conditional_logit_arrays,
    mantel_haenszel,
    pair_odds_ratio,
)

ENGINES = ["statsmodels", "fast"]


@pytest.fixture
def cc() -> pd.DataFrame:
    """Small 1:2 case-crossover data with a non-separated exposure."""
    rng = np.random.default_rng(0)
    n = 40
    return pd.DataFrame(
        {
            "stratum": np.repeat(np.arange(n), 3),
            "case": np.tile([1, 0, 0], n),
            "lifting": rng.integers(0, 2, 3 * n),
            "hours_slept": rng.normal(7, 1, 3 * n),
        }
    )


def test_missing_column_named_with_suggestion(cc):
    with pytest.raises(ValueError, match=r"exposures='lifitng'.*did you mean 'lifting'"):
        conditional_logit(cc, "case", "lifitng", "stratum")
    with pytest.raises(ValueError, match="strata='person'"):
        conditional_logit(cc, "case", "lifting", "person")


def test_not_a_dataframe():
    with pytest.raises(TypeError, match="DataFrame"):
        conditional_logit({"case": [1, 0]}, "case", "x", "s")


@pytest.mark.parametrize("bad", [[2, 0, 0], ["case", "control", "control"]])
def test_outcome_not_zero_one(cc, bad):
    cc["case"] = cc["case"].astype(object)
    cc.loc[:2, "case"] = bad
    with pytest.raises(ValueError, match="must be coded 0/1"):
        conditional_logit(cc, "case", "lifting", "stratum")


def test_boolean_outcome_accepted(cc):
    res = conditional_logit(cc.assign(case=cc["case"] == 1), "case", "lifting", "stratum", engine="fast")
    ref = conditional_logit(cc, "case", "lifting", "stratum", engine="fast")
    assert res["log_or"].iloc[0] == ref["log_or"].iloc[0]


def test_missing_values_raise_then_drop_with_warning(cc):
    cc["lifting"] = cc["lifting"].astype(float)
    cc.loc[[4, 7], "lifting"] = np.nan
    with pytest.raises(ValueError, match=r"2 row\(s\) have missing values.*'lifting': 2"):
        conditional_logit(cc, "case", "lifting", "stratum")
    with pytest.warns(UserWarning, match=r"Dropped 2 row\(s\) with missing values"):
        res = conditional_logit(cc, "case", "lifting", "stratum", engine="fast", missing="drop")
    assert res.attrs["n_rows_missing"] == 2 and res.attrs["n_obs"] == len(cc) - 2


def test_exposure_without_within_stratum_variation(cc):
    cc["sex"] = np.repeat(np.arange(40) % 2, 3)
    with pytest.raises(ValueError, match="'sex' never varies within any stratum"):
        conditional_logit(cc, "case", ["lifting", "sex"], "stratum")


def test_constant_column_is_called_an_intercept(cc):
    cc["const"] = 1.0
    with pytest.raises(ValueError, match="'const' is constant.*intercept"):
        conditional_logit(cc, "case", ["const", "lifting"], "stratum")


@pytest.mark.parametrize("engine", ENGINES)
def test_strata_without_events_or_only_events_are_dropped_with_warning(cc, engine):
    extra = pd.DataFrame(
        {"stratum": [100, 100, 101, 101, 102], "case": [0, 0, 1, 1, 0], "lifting": [1, 0, 1, 0, 1],
         "hours_slept": 7.0}
    )
    data = pd.concat([cc, extra], ignore_index=True)
    with pytest.warns(UserWarning, match=r"Dropped 3 of 43 strata \(5 rows\).*2 without any event.*1 with events only"):
        res = conditional_logit(data, "case", "lifting", "stratum", engine=engine)
    assert res.attrs["n_strata_dropped"] == 3 and res.attrs["n_rows_dropped"] == 5
    assert res.attrs["n_strata"] == 40 and res.attrs["n_obs"] == 120


def test_no_informative_stratum():
    df = pd.DataFrame({"s": [1, 1, 2, 2], "y": [0, 0, 0, 0], "x": [1, 0, 1, 0]})
    with pytest.raises(ValueError, match="No stratum .* has both a case window"):
        conditional_logit(df, "y", "x", "s")


@pytest.mark.parametrize("engine", ENGINES)
def test_perfect_separation(engine):
    df = pd.DataFrame(
        {"s": np.repeat(np.arange(5), 3), "y": np.tile([1, 0, 0], 5), "x": [1, 0, 0, 1, 1, 0, 2, 0, 1, 1, 1, 1, 3, 1, 0]}
    )
    with pytest.raises(SeparationError, match="every case window had at least as much exposure"):
        conditional_logit(df, "y", "x", "s", engine=engine)
    with pytest.raises(SeparationError, match="no more exposure than any"):
        conditional_logit(df.assign(x=-df["x"]), "y", "x", "s", engine=engine)


def test_quasi_separation_in_a_combination_is_caught_while_fitting():
    # Neither exposure separates alone, but x1 + x2 is always highest in the case window.
    df = pd.DataFrame(
        {"s": np.repeat(np.arange(4), 2), "y": np.tile([1, 0], 4),
         "x1": [1, 0, 0, 1, 2, 0, 0, 0], "x2": [0, 0, 2, 0, 0, 1, 1, 0]}
    )
    with pytest.raises(SeparationError, match="diverging"):
        fit_conditional_logit_arrays(df["y"], df[["x1", "x2"]], df["s"])
    for engine in ENGINES:
        with pytest.raises(SeparationError, match="diverging"):
            conditional_logit(df, "y", ["x1", "x2"], "s", engine=engine)


def test_non_numeric_exposure(cc):
    cc["activity"] = np.where(cc["lifting"] == 1, "lifting", "resting")
    with pytest.raises(TypeError, match=r"'activity' is not numeric.*get_dummies"):
        conditional_logit(cc, "case", "activity", "stratum")


def test_collinear_exposures(cc):
    cc["not_lifting"] = 1 - cc["lifting"]
    with pytest.raises(ValueError, match="collinear"):
        conditional_logit(cc, "case", ["lifting", "not_lifting"], "stratum")


def test_bad_engine_alpha_and_reused_column(cc):
    with pytest.raises(ValueError, match="engine"):
        conditional_logit(cc, "case", "lifting", "stratum", engine="R")
    with pytest.raises(ValueError, match="alpha"):
        conditional_logit(cc, "case", "lifting", "stratum", alpha=5)
    with pytest.raises(ValueError, match="used twice"):
        conditional_logit(cc, "case", ["lifting", "case"], "stratum")


def test_pair_odds_ratio_zero_discordant():
    with pytest.raises(ValueError, match="0, infinite or undefined"):
        pair_odds_ratio(5, 0)
    with pytest.raises(ValueError, match="non-negative whole number"):
        pair_odds_ratio(2.5, 1)


def test_discordant_pairs_needs_pairs(cc):
    with pytest.raises(ValueError, match="exactly one case and one referent"):
        discordant_pairs(cc, "case", "lifting", "stratum")


def test_mantel_haenszel_needs_binary_exposure(cc):
    with pytest.raises(ValueError, match="0/1 exposure"):
        mantel_haenszel(cc, "case", "hours_slept", "stratum")


def test_arrays_function_checks():
    with pytest.raises(ValueError, match="same length"):
        fit_conditional_logit_arrays([1, 0], [[1], [0], [1]], [0, 0])
    with pytest.raises(ValueError, match="only 0 and 1"):
        fit_conditional_logit_arrays([2, 0], [1, 0], [0, 0])
    with pytest.warns(UserWarning, match="Dropped 1 strata"):
        fit = fit_conditional_logit_arrays([1, 0, 0, 1, 0, 0, 0], [1, 0, 1, 0, 1, 0, 1], [0, 0, 0, 1, 1, 1, 2])
    assert fit["n_strata_dropped"] == 1 and fit["n_rows_dropped"] == 1
    with pytest.raises(ValueError, match=r"No stratum has both an event \(y = 1\) and a non-event \(y = 0\)\.$"):
        fit_conditional_logit_arrays([0, 0, 1, 1], [1, 0, 1, 0], [0, 0, 1, 1])
    with pytest.raises(ValueError, match=r"\(2 more have weight 0\)"):
        fit_conditional_logit_arrays([1, 0, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], weights=[0, 0, 0, 0])


def test_duplicated_column_names_are_named(cc):
    dup = pd.concat([cc, cc[["lifting"]]], axis=1)
    with pytest.raises(ValueError, match=r"2 columns named 'lifting' \(used as `exposures`\).*duplicated"):
        conditional_logit(dup, "case", "lifting", "stratum")
    dup = pd.concat([cc, cc[["case"]]], axis=1)
    with pytest.raises(ValueError, match=r"2 columns named 'case' \(used as `outcome`\)"):
        conditional_logit(dup, "case", "lifting", "stratum")
    # a duplicate the analysis does not use is harmless
    other = pd.concat([cc, cc[["hours_slept"]]], axis=1)
    assert np.isfinite(conditional_logit(other, "case", "lifting", "stratum")["log_or"].iloc[0])


@pytest.mark.parametrize(
    "codes, shown, event",
    [((2, 1), "[1, 2]", "2"), (("1", "0"), "['0', '1']", "'1'"), (("case", "control"), "['case', 'control']", "'case'")],
)
def test_outcome_codes_shown_plainly_with_a_recode_that_works(cc, codes, shown, event):
    data = cc.assign(case=np.where(cc["case"] == 1, codes[0], codes[1]))
    with pytest.raises(ValueError, match="must be coded 0/1") as info:
        conditional_logit(data, "case", "lifting", "stratum")
    message = str(info.value)
    assert f"values are {shown}" in message and "np.int64" not in message
    recode = f"(data['case'] == {event}).astype(int)"
    assert recode in message
    data["case"] = eval(recode, {"data": data})  # the suggested recode gives the right analysis
    ref = conditional_logit(cc, "case", "lifting", "stratum")
    assert conditional_logit(data, "case", "lifting", "stratum")["log_or"].iloc[0] == ref["log_or"].iloc[0]


def test_complex_values_are_a_type_error(cc):
    with pytest.raises(TypeError, match="'hours_slept' holds complex numbers"):
        conditional_logit(cc.assign(hours_slept=cc["hours_slept"] + 0j), "case", "hours_slept", "stratum")
    with pytest.raises(TypeError, match="complex"):
        fit_conditional_logit_arrays(cc["case"], cc["hours_slept"].to_numpy() + 1j, cc["stratum"])
    with pytest.raises(TypeError, match="complex"):
        conditional_logit(cc.assign(case=cc["case"] + 0j), "case", "lifting", "stratum")


def test_weights_errors(cc):
    cc["w"] = 1 + cc["stratum"] % 3
    bad = cc.copy()
    bad.loc[4, "w"] = 7
    with pytest.raises(ValueError, match=r"weights in 'w' vary within 1 stratum\(s\) of 'stratum' \(e\.g\. stratum 1 has"):
        conditional_logit(bad, "case", "lifting", "stratum", weights="w")
    with pytest.raises(ValueError, match="negative"):
        conditional_logit(cc.assign(w=-cc["w"]), "case", "lifting", "stratum", weights="w")
    with pytest.raises(ValueError, match=r"missing values .*'w': 3"):
        conditional_logit(cc.assign(w=cc["w"].where(cc["stratum"] != 2)), "case", "lifting", "stratum", weights="w")
    with pytest.raises(TypeError, match="weights column 'w' must hold real numbers"):
        conditional_logit(cc.assign(w="one"), "case", "lifting", "stratum", weights="w")
    with pytest.raises(ValueError, match="weights='wt'.*did you mean 'w'"):
        conditional_logit(cc, "case", "lifting", "stratum", weights="wt")
    with pytest.raises(ValueError, match="engine='statsmodels' cannot take `weights`"):
        conditional_logit(cc, "case", "lifting", "stratum", weights="w", engine="statsmodels")
    with pytest.raises(ValueError, match="vary within"):
        fit_conditional_logit_arrays(bad["case"], bad["lifting"], bad["stratum"], weights=bad["w"])
    with pytest.raises(ValueError, match="missing"):
        fit_conditional_logit_arrays(cc["case"], cc["lifting"], cc["stratum"], weights=np.full(len(cc), np.nan))


def test_cluster_errors(cc):
    with pytest.raises(ValueError, match=r"40 stratum\(s\) of 'stratum' span several values of 'window'"):
        conditional_logit(cc.assign(window=np.tile([0, 1, 2], 40)), "case", "lifting", "stratum", cluster="window")
    with pytest.raises(ValueError, match="single value"):
        conditional_logit(cc.assign(person=1), "case", "lifting", "stratum", cluster="person")
    with pytest.raises(ValueError, match="span several"):
        fit_conditional_logit_arrays(cc["case"], cc["lifting"], cc["stratum"], cluster=np.tile([0, 1, 2], 40))


def test_one_cluster_left_after_dropping_strata_is_refused_by_both_engines(cc):
    """Person B's strata have no event, so they are dropped and only person A is left: both engines
    must say so with the user's column name (statsmodels' engine once returned an infinite SE)."""
    data = cc.assign(person=np.where(cc["stratum"] < 20, "A", "B"))
    data.loc[data["person"] == "B", "case"] = 0
    for engine in ENGINES:
        with pytest.warns(UserWarning, match="Dropped 20 of 40 strata"), \
                pytest.raises(ValueError, match="The cluster column 'person' has a single value"):
            conditional_logit(data, "case", "lifting", "stratum", cluster="person", engine=engine,
                              cluster_df_correction=True)


@pytest.mark.parametrize("factor", [1e-200, 1e200])
def test_units_beyond_double_precision_are_refused(cc, factor):
    for engine in ENGINES:
        with pytest.raises(ValueError, match="'hours_slept' varies within strata on a scale of .*Rescale it"):
            conditional_logit(cc.assign(hours_slept=cc["hours_slept"] * factor), "case", "hours_slept", "stratum",
                              engine=engine)
    with pytest.raises(ValueError, match=r"'X\[:, 0\]' varies within strata"):
        fit_conditional_logit_arrays(cc["case"], cc["hours_slept"] * factor, cc["stratum"])
