"""Shared by tests/test_poisson.py and tests/test_daily.py: the models of
tests/fixtures/R/nmmaps_reference.R, the R answers it wrote, and the real data prepared as it does."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

import lbpkit

FIXTURES = lbpkit.data.data_dir().parent / "tests" / "fixtures" / "R"
# model name in nmmaps_reference.R: (outcome, exposures)
MODELS = {
    "pm10_lag0": ("death", ["pm10_lag0"]),
    "pm10_ma01_temp": ("death", ["pm10_ma01", "temp_lag0"]),
    "o3_lag0_temp": ("death", ["o3_lag0", "temp_lag0"]),
    "smallcounts": ("smallcounts", ["pm10_lag0"]),
}


@lru_cache(maxsize=1)
def _days() -> pd.DataFrame:
    daily = lbpkit.load("chicago_nmmaps_daily")
    daily["stratum"] = lbpkit.time_strata(daily["date"])
    daily = lbpkit.lagged_exposures(daily, ["pm10", "temp", "o3"], lags=(0, 1), moving_averages=[(0, 1)])
    daily["smallcounts"] = daily["death"] // 40  # the test-only series of nmmaps_reference.R
    return daily


def nmmaps_days() -> pd.DataFrame:
    """The Chicago days with strata year-month-weekday and the lags of the R script (a fresh copy)."""
    return _days().copy()


def complete_days(days: pd.DataFrame, model: str) -> tuple[pd.DataFrame, str, list[str]]:
    """The days a model uses (no missing outcome or exposure), its outcome and its exposures."""
    outcome, exposures = MODELS[model]
    return days.dropna(subset=[outcome, *exposures]), outcome, exposures


def r_coefficients(model: str, method: str) -> pd.DataFrame:
    """R's estimates and SEs of one model and method, indexed by term."""
    table = pd.read_csv(FIXTURES / "nmmaps_coefficients.csv")
    return table[(table.model == model) & (table.method == method)].set_index("term")


def r_fits() -> pd.DataFrame:
    """R's fit summaries (n, strata, df, dispersion, deviance...), indexed by (model, method)."""
    return pd.read_csv(FIXTURES / "nmmaps_fits.csv").set_index(["model", "method"])
