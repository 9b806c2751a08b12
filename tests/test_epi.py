"""lbpkit.epi: percentage change, rounding ranges, rates, shares, lookups."""

import pandas as pd
import pytest

from lbpkit import epi
from lbpkit.data import load


def test_percent_change_known_values():
    assert epi.percent_change(200, 150) == -25.0
    assert epi.percent_change(50, 100) == 100.0
    assert epi.percent_change(4, 5) == pytest.approx(25.0)


def test_percent_change_needs_a_positive_start():
    with pytest.raises(ValueError, match="start"):
        epi.percent_change(0, 5)
    with pytest.raises(TypeError, match="start"):
        epi.percent_change("619", 843)


def test_rounding_range_brackets_the_rounded_change():
    low, high = epi.percent_change_rounding_range(100, 150)
    # 149.5 / 100.5 and 150.5 / 99.5, by hand
    assert low == pytest.approx(48.756, abs=1e-3)
    assert high == pytest.approx(51.256, abs=1e-3)
    assert low < epi.percent_change(100, 150) < high


def test_rounding_range_rejects_a_half_unit_too_large():
    with pytest.raises(ValueError, match="half_unit"):
        epi.percent_change_rounding_range(0.3, 1, half_unit=0.5)


def test_implied_start_inverts_a_change():
    assert epi.implied_start(160, 60) == pytest.approx(100)
    with pytest.raises(ValueError, match="change_percent"):
        epi.implied_start(10, -100)


def test_rate_per():
    assert epi.rate_per(3, 300, per=100) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="population"):
        epi.rate_per(3, 0)


def test_shares_from_counts():
    shares = epi.shares_from_counts(pd.Series({"a": 1, "b": 1, "c": 2}))
    assert shares.tolist() == [25.0, 25.0, 50.0]
    with pytest.raises(ValueError, match="non-negative"):
        epi.shares_from_counts(pd.Series([1, -1]))
    with pytest.raises(TypeError, match="Series"):
        epi.shares_from_counts([1, 2])


def test_combined_attributable_fraction_is_less_than_the_sum():
    assert epi.combined_attributable_fraction([0.2, 0.1]) == pytest.approx(1 - 0.8 * 0.9)
    with pytest.raises(ValueError, match="proportions"):
        epi.combined_attributable_fraction([20, 10])


def test_figure_and_select():
    burden = load("lbp_burden")
    assert epi.figure(burden, "gbd21_cases_2050", column="upper") == 933
    with pytest.raises(ValueError, match="absent"):
        epi.figure(burden, "no_such_figure")
    with pytest.raises(ValueError, match="no 'value'"):
        epi.figure(load("lbp_recurrence"), "cochrane_protocol_recur_range")
    picked = epi.select(burden, ["gbd21_cases_2020"])
    assert "atlas.chiro.org" in picked.attrs["source"]
    assert epi.cite(picked).startswith("Source: ")
    with pytest.raises(TypeError):
        epi.select(burden, "gbd21_cases_2020")


@pytest.mark.parametrize("call", [lambda: epi.implied_start(619, "60%"), lambda: epi.rate_per("3176.6", 20_000),
                                  lambda: epi.percent_change(619, "843")])
def test_a_number_typed_as_text_is_named_with_its_argument(call):
    """Round-10 trial of 01: implied_start(619, "60%") ended in "could not convert string to float"."""
    with pytest.raises(TypeError, match=r"must be a number such as [\d.]+, not the text"):
        call()
