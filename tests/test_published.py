"""lbpkit.published against reference values computed by hand or taken from the literature."""

import math

import numpy as np
import pandas as pd
import pytest

from lbpkit.data import load
from lbpkit.flares.absolute_risk import absolute_risk
from lbpkit.published import (
    adjust_pvalues,
    e_value,
    p_from_ci,
    p_value_range,
    published_or_table,
    rescale_or,
    se_from_ci,
)

Z975 = 1.959964  # standard normal 97.5th percentile, from tables


def test_se_from_ci_matches_hand_formula():
    expected = (math.log(1.07) - math.log(1.03)) / (2 * Z975)
    assert se_from_ci(1.03, 1.07) == pytest.approx(expected, rel=1e-6)


def test_se_from_ci_for_90_percent_interval():
    expected = (math.log(2.0) - math.log(0.5)) / (2 * 1.644854)
    assert se_from_ci(0.5, 2.0, alpha=0.10) == pytest.approx(expected, rel=1e-6)


def test_p_from_ci_hand_computed():
    # OR 2 with CI 1-4: log(2) / SE = z(0.975) exactly, so p = 0.05.
    assert p_from_ci(2.0, 1.0, 4.0) == pytest.approx(0.05, rel=1e-6)
    se = (math.log(1.07) - math.log(1.03)) / (2 * Z975)
    z = math.log(1.05) / se
    assert p_from_ci(1.05, 1.03, 1.07) == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-5)


def test_holm_hand_example():
    # sorted 0.005, 0.01, 0.03, 0.04 -> x4, x3, x2, x1 = 0.02, 0.03, 0.06, 0.04 -> running max
    adjusted = adjust_pvalues([0.01, 0.04, 0.03, 0.005], method="holm")
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])


def test_bh_hand_example():
    # p * 4 / rank = 0.02, 0.02, 0.04, 0.04 -> running min from the largest
    adjusted = adjust_pvalues([0.01, 0.04, 0.03, 0.005], method="fdr_bh")
    assert adjusted == pytest.approx([0.02, 0.04, 0.04, 0.02])


def test_adjust_keeps_nan_out_of_the_family_and_keeps_index():
    p = pd.Series([0.01, np.nan, 0.04], index=["a", "b", "c"])
    adjusted = adjust_pvalues(p, method="holm")
    assert list(adjusted.index) == ["a", "b", "c"]
    assert adjusted["a"] == pytest.approx(0.02) and adjusted["c"] == pytest.approx(0.04)
    assert np.isnan(adjusted["b"])


def test_rescale_or_is_power_of_ratio():
    rescaled = rescale_or(1.05, per=1, to=8, ci_lower=1.03, ci_upper=1.07)
    assert rescaled.odds_ratio == pytest.approx(1.05**8)
    assert rescaled.ci_lower == pytest.approx(1.03**8)
    assert rescaled.ci_upper == pytest.approx(1.07**8)
    assert rescale_or(1.5, per=2, to=1).odds_ratio == pytest.approx(math.sqrt(1.5))
    assert math.isnan(rescale_or(1.5, to=2).ci_lower)


def test_absolute_risk_through_odds():
    assert absolute_risk(0.2, 2.0, reading="odds") == pytest.approx(1 / 3)  # odds 0.25 x 2 = 0.5 -> 0.5 / 1.5
    assert absolute_risk(0.01, 1.0, reading="odds") == pytest.approx(0.01)
    assert absolute_risk([0.1, 0.5], 3.0, reading="odds") == pytest.approx([0.25, 0.75])


def test_absolute_risk_reads_a_case_crossover_or_as_a_rate_ratio_by_default():
    # constant rate r0 = -log(1 - p0); the exposure multiplies it: p1 = 1 - exp(-ratio * r0)
    assert absolute_risk(0.2, 2.0) == pytest.approx(1 - math.exp(2 * math.log(0.8)))
    assert absolute_risk(0.2, 1.0) == pytest.approx(0.2)


def test_e_value_vanderweele_ding_example():
    # VanderWeele & Ding 2017 (Ann Intern Med): RR 3.9 -> E-value 7.26; lower limit 1.8 -> 3.0
    point, ci = e_value(3.9, 1.8, 8.7)
    assert point == pytest.approx(7.26, abs=0.005)
    assert ci == pytest.approx(1.8 + math.sqrt(1.8 * 0.8))


def test_e_value_protective_common_outcome_and_null_ci():
    assert e_value(0.5)[0] == pytest.approx(2 + math.sqrt(2))  # inverted first
    assert e_value(4.0, rare_outcome=False)[0] == pytest.approx(2 + math.sqrt(2))  # sqrt(OR) = 2
    assert e_value(1.2, 0.9, 1.6)[1] == 1.0
    assert e_value(0.96, 0.94, 0.98)[1] == pytest.approx(1 / 0.98 + math.sqrt(1 / 0.98 * (1 / 0.98 - 1)))


@pytest.mark.parametrize(
    "call",
    [
        lambda: se_from_ci(1.07, 1.03),
        lambda: se_from_ci(-1, 1.03),
        lambda: adjust_pvalues([0.1], method="sidak_typo"),
        lambda: adjust_pvalues([1.5]),
        lambda: absolute_risk(20, 2.0),
        lambda: absolute_risk(0.2, 2.0, reading="risk"),
        lambda: rescale_or(1.05, per=0, to=8),
        lambda: e_value(1.5, 2.0, 1.2),
        lambda: se_from_ci(1.03, 1.07, alpha=5),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_published_or_table_keeps_unreported_rows():
    tidy = published_or_table()
    raw = load("flares_published_or")
    assert list(tidy["activity"]) == list(raw["activity"])
    unreported = tidy[tidy["odds_ratio"].isna()]
    assert set(unreported["activity"]) == {"climbing", "crawling", "standing", "walking"}
    assert unreported[["se", "p_value", "p_holm", "e_value"]].isna().all().all()
    assert (unreported["reason"].str.len() > 0).all()
    lifting = tidy.set_index("activity").loc["lifting"]
    assert lifting["se"] == pytest.approx((math.log(1.07) - math.log(1.03)) / (2 * Z975), rel=1e-6)
    reported = tidy.dropna(subset=["p_value"])
    assert (reported["p_holm"] >= reported["p_value"] - 1e-15).all()
    assert (reported["p_fdr_bh"] <= reported["p_holm"] + 1e-15).all()


def test_published_files_are_consistent():
    table = load("flares_published_or")
    assert list(table["activity"]) == [
        "lifting", "pushing_pulling", "bending", "climbing", "twisting",
        "squatting", "crawling", "sitting", "standing", "walking",
    ]
    reported = table[table["reported"]]
    assert len(reported) == 6
    assert ((reported["ci_lower"] < reported["odds_ratio"]) & (reported["odds_ratio"] < reported["ci_upper"])).all()
    assert reported["read_at"].str.startswith("https://").all()
    assert table.loc[~table["reported"], "odds_ratio"].isna().all()
    assert table.loc[~table["reported"], "note"].str.len().gt(0).all()
    discrepancies = load("flares_discrepancies")
    assert list(discrepancies["discrepancy_id"]) == [f"D{i}" for i in range(1, 10)]
    aim2 = discrepancies.set_index("discrepancy_id").loc["D9"]
    assert aim2["status"] == "open" and "71" in aim2["values"] and "whole cohort" in aim2["values"]
    design = load("flares_design")
    assert design["read_at"].str.startswith("https://").all()
    whole = design[design["sample"] == "whole sample"].set_index("quantity")["value"]
    assert whole["participants"] == 416 and whole["surveys_analysed"] == 9757


def _p_wald(lo, hi):
    # independent of lbpkit: estimate = log-midpoint of the limits, SE from their distance
    a, b = math.log(lo), math.log(hi)
    z = abs(a + b) / 2 / ((b - a) / (2 * Z975))
    return math.erfc(z / math.sqrt(2))


def test_p_value_range_reaches_the_corners_of_the_rounding_box():
    # lifting 1.05 (1.03-1.07): narrowest interval 1.035-1.065, widest 1.025-1.075; both midpoints round to 1.05
    bounds = p_value_range(1.05, 1.03, 1.07)
    assert bounds.loc[0, "p_min"] == pytest.approx(_p_wald(1.035, 1.065), rel=1e-4)
    assert bounds.loc[0, "p_max"] == pytest.approx(_p_wald(1.025, 1.075), rel=1e-4)
    # the review's figures for lifting (issue 11): 2.4e-11 to 6.5e-5
    assert f"{bounds.loc[0, 'p_min']:.2g}" == "2.4e-11" and f"{bounds.loc[0, 'p_max']:.2g}" == "6.5e-05"
    # the point recovery lies inside its own range
    assert bounds.loc[0, "p_min"] <= p_from_ci(1.05, 1.03, 1.07) <= bounds.loc[0, "p_max"]
    # an OR below 1 (sitting 0.96, 0.94-0.98): the corners mirror
    sitting = p_value_range(0.96, 0.94, 0.98)
    assert sitting.loc[0, "p_min"] == pytest.approx(_p_wald(0.945, 0.975), rel=1e-4)
    assert sitting.loc[0, "p_max"] == pytest.approx(_p_wald(0.935, 0.985), rel=1e-4)


def test_p_value_range_excludes_intervals_whose_midpoint_does_not_round_to_the_estimate():
    # 1.10 (1.00-1.20): the box corner 1.005-1.195 has midpoint 1.0959, which rounds to 1.10;
    # but with a printed estimate of 1.09 only intervals whose midpoint rounds to 1.09 count
    wide = p_value_range(1.10, 1.00, 1.20)
    shifted = p_value_range(1.09, 1.00, 1.20)
    assert shifted.loc[0, "p_min"] >= wide.loc[0, "p_min"]
    with pytest.raises(ValueError, match="log-midpoint"):
        p_value_range(1.50, 1.00, 1.20)


def test_p_value_range_keeps_nan_and_the_index():
    table = load("flares_published_or").set_index("activity")
    bounds = p_value_range(table["odds_ratio"], table["ci_lower"], table["ci_upper"])
    assert list(bounds.index) == list(table.index)
    assert bounds.loc[["climbing", "crawling", "standing", "walking"]].isna().all().all()
    assert (bounds["p_min"].dropna() < bounds["p_max"].dropna()).all()


def test_published_or_table_adjusts_over_all_ten_activities():
    from statsmodels.stats.multitest import multipletests

    tidy = published_or_table()
    assert tidy.attrs["family_size"] == 10 and "unknown p-values set to 1" in tidy.attrs["note"]
    reported = tidy["p_value"].notna().to_numpy()
    family = np.where(reported, tidy["p_value"].fillna(1.0), 1.0)
    expected = multipletests(family, method="holm")[1][reported]
    assert tidy.loc[reported, "p_holm"].to_numpy() == pytest.approx(expected, rel=1e-9)
    worst = multipletests(np.where(reported, tidy["p_max"].fillna(1.0), 1.0), method="holm")[1][reported]
    assert tidy.loc[reported, "p_holm_max"].to_numpy() == pytest.approx(worst, rel=1e-9)
    # the review's worst case (issue 11): every reported activity survives Holm at <= 0.0098
    assert tidy["p_holm_max"].max() == pytest.approx(0.0098, abs=5e-5)
    six_only = published_or_table(unknown_p=None)
    assert six_only.attrs["family_size"] == 6
    assert (six_only.loc[reported, "p_holm"] <= tidy.loc[reported, "p_holm"] + 1e-15).all()
    assert tidy.loc[~reported, ["p_min", "p_max", "p_holm", "p_holm_max", "p_fdr_bh"]].isna().all().all()
    with pytest.raises(ValueError, match="unknown_p"):
        published_or_table(unknown_p=2)
