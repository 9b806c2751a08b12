"""lbpkit.flares.absolute_risk against hand formulas: the rate-ratio and odds readings of a ratio."""

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

from lbpkit.flares.absolute_risk import absolute_risk, risk_difference, risk_difference_plot

matplotlib.use("Agg")


def test_rate_reading_multiplies_the_constant_rate():
    for p0, ratio in [(0.005, 1.2), (0.1, 3.0), (0.5, 0.5)]:
        rate = -math.log(1 - p0)
        assert absolute_risk(p0, ratio) == pytest.approx(1 - math.exp(-ratio * rate), rel=1e-12)


def test_both_readings_agree_for_rare_events_and_differ_for_common_ones():
    rare = [absolute_risk(0.001, 1.5, reading=r) for r in ("rate", "odds")]
    assert rare[0] == pytest.approx(rare[1], rel=1e-3)
    common = [absolute_risk(0.4, 3.0, reading=r) for r in ("rate", "odds")]
    assert abs(common[0] - common[1]) > 0.02


def test_series_input_keeps_its_index():
    baseline = pd.Series([0.01, 0.05], index=["low", "high"])
    out = absolute_risk(baseline, 2.0)
    assert list(out.index) == ["low", "high"]


def test_risk_difference_interval_comes_from_the_ratio_limits():
    table = risk_difference([0.005, 0.05], 1.2, ci_lower=1.1, ci_upper=1.3, per=1000)
    for row in table.itertuples():
        by_hand = [1000 * (1 - (1 - row.baseline_risk) ** r - row.baseline_risk) for r in (1.1, 1.2, 1.3)]
        assert [row.difference_lower, row.difference, row.difference_upper] == pytest.approx(by_hand, rel=1e-10)
    assert (table["difference_lower"] < table["difference"]).all() and (table["difference"] < table["difference_upper"]).all()
    assert table["difference"].iloc[1] > table["difference"].iloc[0]  # grows with the baseline
    assert np.isnan(risk_difference(0.01, 1.2)["difference_lower"]).all()


def test_flares_afternoon_of_lifting_at_the_flares_baseline():
    # the review's figure (issue 11): about +1.17 extra flares per 1000 days through the odds;
    # the rate reading differs only in the third digit
    p0 = 1 - math.exp(-2 / 365)
    odds = risk_difference(p0, 1.05**4, reading="odds")["difference"].iloc[0]
    rate = risk_difference(p0, 1.05**4)["difference"].iloc[0]
    assert f"{odds:.3g}" == "1.17"
    assert rate == pytest.approx(odds, rel=0.01)


@pytest.mark.parametrize("call", [
    lambda: absolute_risk(20, 2.0),
    lambda: absolute_risk(0.1, -1.0),
    lambda: absolute_risk(0.1, 2.0, reading="risk"),
    lambda: risk_difference(0.1, 2.0, ci_lower=2.5, ci_upper=3.0),
    lambda: risk_difference(0.1, 2.0, ci_lower=1.5),
    lambda: risk_difference(0.1, 2.0, per=0),
])
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_plot_draws_both_readings_and_the_band():
    ax = risk_difference_plot(1.2, ci_lower=1.1, ci_upper=1.3, baselines={"a baseline": 0.02}, title="t")
    labels = [line.get_label() for line in ax.get_lines()]
    assert "rate-ratio reading" in labels and "odds reading (sensitivity)" in labels
    assert len(ax.collections) == 1  # the interval band
    assert ax.get_title() == "t"


def test_notebook_07_check_accepts_both_readings_at_the_asked_precision():
    from lbpkit.exercises.bank.nb07 import _extra_flares_per_1000, _flares_daily_risk, _or_afternoon
    from lbpkit.exercises import check, reset_attempts

    rate, odds = _extra_flares_per_1000("rate"), _extra_flares_per_1000("odds")
    assert rate != odds  # the readings differ, but below three significant digits
    for value in (rate, odds):
        reset_attempts("07.risk-difference")
        assert check("07.risk-difference", value).passed
    reset_attempts("07.risk-difference")
    assert not check("07.risk-difference", rate / 10).passed  # percentage points instead of per 1000
    for ratio in (_or_afternoon(), 1 + rate / 1000 / _flares_daily_risk()):  # the 4-h OR and p1 / p0: ratios
        reset_attempts("07.risk-difference")
        assert not check("07.risk-difference", float(f"{ratio:.3g}")).passed
    reset_attempts("07.risk-difference")
