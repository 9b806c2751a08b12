"""Exercises of notebooks/05b_real_data_time_series_case_crossover.ipynb.

Expected values are computed from the kit's real Chicago NMMAPS file (``chicago_nmmaps_daily``)
with the same lbpkit calls as the notebook, never typed in.
"""

import math
from functools import lru_cache

from lbpkit.exercises.checker import Exercise, Hint, decimals, significant
from lbpkit.exercises.judging import matches

CASE_DAY = "1995-07-13"  # exercise 05b.referents
LAG_DAY = "1995-07-14"  # exercise 05b.lag1


@lru_cache(maxsize=1)
def _days():
    from lbpkit.daily import lagged_exposures, time_strata
    from lbpkit.data import load

    days = load("chicago_nmmaps_daily")
    days["stratum"] = time_strata(days["date"])
    return lagged_exposures(days, ["pm10", "o3", "temp"], lags=(0, 1, 2), moving_averages=[(0, 1)])


def _pm10_on(date: str, shift_days: int = 0, column: str = "pm10") -> float:
    import pandas as pd

    days = _days()
    wanted = (pd.Timestamp(date) + pd.Timedelta(days=shift_days)).strftime("%Y-%m-%d")
    return float(days.loc[days["date"] == wanted, column].iloc[0])


def _lag1_difference() -> float:
    """PM10 of 14 July minus PM10 of 13 July: a "lag-1 difference", not a lag."""
    return _pm10_on(LAG_DAY, 0) - _pm10_on(LAG_DAY, -1)


def _stratum_size() -> int:
    days = _days()
    stratum = days.loc[days["date"] == CASE_DAY, "stratum"].iloc[0]
    return int((days["stratum"] == stratum).sum())


def _deaths_on_case_day() -> int:
    days = _days()
    return int(days.loc[days["date"] == CASE_DAY, "death"].iloc[0])


def _same_weekday_and_month_all_years() -> int:
    """The other days of the case day's weekday and calendar month in every year of the series (not one stratum)."""
    import pandas as pd

    days = _days()
    dates = pd.to_datetime(days["date"].astype(str))
    case = pd.Timestamp(CASE_DAY)
    return int(((dates.dt.month == case.month) & (dates.dt.day_of_week == case.day_of_week)).sum()) - 1


def _years_in_series() -> int:
    days = _days()
    return int(days["date"].astype(str).str[:4].nunique())


def _number_of_strata() -> int:
    """The number of strata in the whole series (printed above the stratum table), not a count of referents."""
    return int(_days()["stratum"].nunique())


def _largest_stratum() -> int:
    return int(_days().groupby("stratum").size().max())


@lru_cache(maxsize=2)
def _pm10_fit(overdispersion: bool):
    from lbpkit.poisson import conditional_poisson

    days = _days().dropna(subset=["pm10_lag0"])
    return conditional_poisson(days, "death", "pm10_lag0", "stratum", overdispersion=overdispersion)


def _percent_per_10() -> float:
    return 100 * (math.exp(10 * float(_pm10_fit(False)["log_rr"].iloc[0])) - 1)


def _percent_per_1() -> float:
    return 100 * (math.exp(float(_pm10_fit(False)["log_rr"].iloc[0])) - 1)


def _log_ratio_per_10() -> float:
    """10 × log_rr: the log of the 10-unit rate ratio, not yet exponentiated nor a percentage."""
    return 10 * float(_pm10_fit(False)["log_rr"].iloc[0])


def _from_displayed_log_rr(answer, expected) -> bool:
    """The right method on log_rr as the tables show it (six decimals), rounded to the asked three decimals."""
    shown = round(float(_pm10_fit(False)["log_rr"].iloc[0]), 6)
    return matches(answer, round(100 * (math.exp(10 * shown) - 1), 3), rel_tol=1e-9)


def _percent_from(column: str) -> float:
    """The percent change per 10 units computed from a CI bound (a rate ratio per unit) instead of the estimate."""
    return 100 * (float(_pm10_fit(False)[column].iloc[0]) ** 10 - 1)


def _per_10_linear() -> float:
    """The percent change per 10 units scaled linearly from the log ratio (100 × 10 × log_rr), not exponentiated."""
    return 100 * 10 * float(_pm10_fit(False)["log_rr"].iloc[0])


def _percent_per_100() -> float:
    """The percent change for a contrast of 100 units instead of 10."""
    return 100 * (math.exp(100 * float(_pm10_fit(False)["log_rr"].iloc[0])) - 1)


@lru_cache(maxsize=1)
def _section6_lag0_rate_ratio_per_10() -> float:
    """Section 6's `pm10_lag0` row: per 10 units, on the fewer days with every lag known (not section 4's days)."""
    from lbpkit.poisson import conditional_poisson

    lags = ["pm10_lag0", "pm10_lag1", "pm10_lag2", "pm10_ma01"]
    days = _days().dropna(subset=lags)
    per10 = days.assign(pm10_lag0=days["pm10_lag0"] / 10)
    return float(conditional_poisson(per10, "death", "pm10_lag0", "stratum", overdispersion=True)["rate_ratio"].iloc[0])


def _from_section6_table(answer, expected) -> bool:
    """100 × (rate ratio − 1) of section 6's lag-0 row, as shown there (four decimals) or unrounded."""
    ratio = _section6_lag0_rate_ratio_per_10()
    return any(abs(answer - 100 * (shown - 1)) < 5e-4 for shown in (round(ratio, 4), ratio))


def _se_factor() -> float:
    return float(_pm10_fit(True)["se"].iloc[0] / _pm10_fit(False)["se"].iloc[0])


def _percent_log10() -> float:
    """The percent change per 10 units with 10 ** instead of exp: log_rr read as a base-10 logarithm."""
    return 100 * (10 ** (10 * float(_pm10_fit(False)["log_rr"].iloc[0])) - 1)


def _percent_per_1_times_10() -> float:
    """10 × the percent change per unit: percent changes added up over 10 units instead of compounded."""
    return 10 * _percent_per_1()


def _percent_lower_at_10_less() -> float:
    """100 × (1 − exp(−10 × log_rr)): how much LOWER the rate is 10 units lower (the contrast turned round)."""
    return 100 * (1 - math.exp(-10 * float(_pm10_fit(False)["log_rr"].iloc[0])))


def _percent_from_se() -> float:
    """The percent change per 10 units computed from the SE row of the table instead of the log ratio."""
    return 100 * (math.exp(10 * float(_pm10_fit(False)["se"].iloc[0])) - 1)


def _row_labels(*dates: str) -> set[int]:
    """The index labels (the bold numbers at the left of a table) of the rows of these dates."""
    days = _days()
    return {int(label) for label in days.index[days["date"].isin(dates)]}


def _half_the_extra_variance() -> float:
    """1 + (dispersion − 1) / 2: the first-order approximation of the square root of the dispersion."""
    return 1 + (float(_pm10_fit(True).attrs["dispersion"]) - 1) / 2


def _ci_bound_excess_ratios() -> tuple[float, float]:
    """How far each quasi-Poisson CI bound lies above 1, over the same for the Poisson bound (lower, upper)."""
    quasi, plain = _pm10_fit(True), _pm10_fit(False)
    return tuple(float((quasi[bound].iloc[0] - 1) / (plain[bound].iloc[0] - 1)) for bound in ("ci_lower", "ci_upper"))


def _se_difference() -> float:
    return float(_pm10_fit(True)["se"].iloc[0] - _pm10_fit(False)["se"].iloc[0])


def _about_one(answer, expected) -> bool:
    """A factor of 1 (to the asked three digits): the ratio of the estimates or of the CI bounds."""
    return matches(answer, 1.0, rel_tol=5e-3)


CONTRAST_TURNED_ROUND = (
    "That is 100 × (1 − exp(−10 × log_rr)): the contrast turned round, how much LOWER the rate is at 10 units "
    "LESS PM10. The question compares the other way: the rate at 10 units MORE, relative to the lower level.")
CONTRAST_METHOD = "The ratio for 10 units more is exp(+10 × log_rr); the percent change is 100 × (ratio − 1)."


EXERCISES = [
    Exercise(
        id="05b.referents",
        objective="build time-stratified strata",
        title="Referent days in a time stratum",
        expected=lambda: _stratum_size() - 1,
        precision=decimals(0),
        hints=(
            # round-8 fresh trial (MPH student): 3.5, "a month holds four or five of a weekday", passed as 3 before
            # main judged a non-whole count wrong; it then got only the nudge
            Hint(when=lambda answer, expected: not float(answer).is_integer() and 0 < answer < 20,
                 message="A count of referent days is a whole number: each day of the stratum is a referent or it is "
                 "not. An average over months (some hold four of a weekday, some five) is not asked: this death has "
                 "one stratum, the Thursdays of July 1995.",
                 method="Count the rows of the table above (the stratum 1995-07-Thu), then leave out the case day."),
            Hint(wrong=lambda expected: expected + 1,
                 # round-10 count: a ±14-day two-sided window (29 June; 6, 20, 27 July) gives the same number
                 message="Two readings give this number. If you counted the case day itself: it is the 'hazard' day, "
                 "not one of its referents. If you took the Thursdays two weeks either side (a ±14-day window, which "
                 "reaches 29 June): a time stratum stays inside its calendar month, July 1995.",
                 method="Count the Thursdays of July 1995 in the table above, then leave out the case day."),
            Hint(wrong=lambda expected: expected * _deaths_on_case_day(),
                 message="That multiplies by the deaths of 13 July: it counts referent days over all the day's deaths. "
                 "The question asks about ONE death: how many days is its case day compared with?",
                 method="Count the other days of the stratum of 13 July 1995, once."),
            Hint(wrong=lambda expected: _same_weekday_and_month_all_years(),
                 message="That counts the same weekday of July in every year of the series. A stratum is one month of "
                 "ONE year: the label 1995-07-Thu holds only the Thursdays of July 1995.",
                 method="Count the rows of the table above (the stratum 1995-07-Thu), then leave out the case day."),
            Hint(wrong=lambda expected: _largest_stratum(),
                 message="Five is the size of the largest strata (months with five of a weekday), with their case day "
                 "included; count the stratum of this death.",
                 method="Count the rows of the table above (the stratum 1995-07-Thu), then leave out the case day."),
            Hint(wrong=lambda expected: 0,
                 message="Sharing the day's exposure with the whole city does not remove the referents: each death's "
                 "case day is still compared with the other days of its stratum.",
                 method="Count the other days of the stratum of 13 July 1995."),
            Hint(wrong=lambda expected: _number_of_strata(),
                 message="That is the number of strata in the whole series (printed above the table). The question "
                 "asks how many days ONE death's case day is compared with: the other days of its own stratum.",
                 method="Count the rows of the table above (the stratum 1995-07-Thu), then leave out the case day."),
            Hint(when=lambda answer, expected: answer >= 20,
                 message="That is a large number for a count of referent DAYS: a stratum holds only the days of one "
                 "month that share the case day's weekday (four or five days). Count days, not deaths, and not every "
                 "day of the month.",
                 method="Count the days of July 1995 that share the weekday of 13 July, then leave out the case day."),
            Hint(wrong=lambda expected: 1,
                 message="Only the Thursday before it? In a time-stratified design the referents are ALL the other days "
                 "of the stratum, after the case day as well as before it.",
                 method="Count all the other Thursdays of July 1995 in the table above."),
            Hint(wrong=lambda expected: 7,
                 message="7 is the number of days BETWEEN two referent days (the same weekday comes back every 7 "
                 "days), not the number of referent days.",
                 method="Count the other Thursdays of July 1995 in the table above."),
            Hint(wrong=lambda expected: _years_in_series() - 1,
                 message="That is the day of the month of the case day (13 July), or one referent in each other year "
                 "of the series (1987–2000). A stratum is one month of ONE year: the Thursdays of July 1995.",
                 method="Count the other Thursdays of July 1995 in the table above."),
            Hint(wrong=lambda expected: 6,
                 message="That is the other days of the same week; a stratum holds the same weekday across the month "
                 "(the Thursdays of July 1995), not the days of one week.",
                 method="Count the other Thursdays of July 1995 in the table above."),
            Hint(wrong=lambda expected: 2,
                 message="Only the Thursdays one week either side of 13 July (a ±7-day, bidirectional window), or only "
                 "those after it? A time stratum is the whole calendar month: every other Thursday of July 1995 is a "
                 "referent, before or after the case day, however far from it.",
                 method="Count all the other Thursdays of July 1995 in the table above."),
        ),
        nudge="Look at the `stratum` label of 1995-07-13 and at the other days with the same label.",
        default_hint="Count the rows of `days` whose stratum equals that of 1995-07-13, and subtract the case day.",
        on_success="Every death on that day is compared with the same few days: the other same-weekday days of its month.",
    ),
    Exercise(
        id="05b.lag1",
        shown_before="a look-up: the answer is the PM10 of 13 July, read from the table above",
        objective="build time-stratified strata",
        title="What lag 1 means",
        expected=lambda: _pm10_on(LAG_DAY, -1),
        precision=decimals(1),
        hints=(
            Hint(wrong=lambda expected: _pm10_on(LAG_DAY, 0),
                 message="That is the PM10 of 14 July itself: lag 0, the same day.",
                 method="Lag 1 reaches back one calendar day."),
            Hint(wrong=lambda expected: _pm10_on(LAG_DAY, 1),
                 message="That is the day after 14 July (a lead, not a lag).",
                 method="Lag 1 reaches back one calendar day."),
            Hint(wrong=lambda expected: (_pm10_on(LAG_DAY, 0) + _pm10_on(LAG_DAY, -1)) / 2,
                 message="That is `pm10_ma01` of 14 July, the mean of lag 0 and lag 1; the question asks for the "
                 "lag 1 column alone.",
                 method="Read the column `pm10_lag1`."),
            Hint(wrong=lambda expected: _pm10_on(LAG_DAY, -2),
                 message="That is the PM10 of 12 July, two days before 14 July: the lag-1 value of the 13 July row "
                 "(or lag 2 of 14 July). The question asks for the row of 14 July.",
                 method="Select the row whose date is 1995-07-14, then its `pm10_lag1`."),
            Hint(wrong=lambda expected: _pm10_on(LAG_DAY, -3),
                 message="That is the `pm10_lag1` of the 12 July row (the PM10 of 11 July): the right column, but the "
                 "wrong row. The table above shows 12 and 13 July; the question asks about 14 July, one row further "
                 "down, which the table does not show.",
                 method="Lag 1 of 14 July is the PM10 of the calendar day before 14 July: find that day's PM10 in the "
                 "table, or select the row of 1995-07-14 in `days`."),
            Hint(wrong=lambda expected: (_pm10_on(LAG_DAY, -1) + _pm10_on(LAG_DAY, -2)) / 2,
                 message="That is `pm10_ma01` of 13 July, the mean of 12 and 13 July: a moving average, not a single "
                 "day's PM10.",
                 method="Lag 1 of 14 July is the PM10 of one calendar day: the day before 14 July."),
            # either sign, from the unrounded values or from the one-decimal ones in the tables
            Hint(when=lambda answer, expected: abs(abs(answer) - abs(_lag1_difference())) < 0.15,
                 message="That is a difference between two days' PM10 (a 'lag-1 difference' of time-series courses). "
                 "Here a lag is not a difference: `pm10_lag1` is the PM10 value of an earlier day itself.",
                 method="Lag 1 of 14 July is the PM10 of the calendar day before 14 July, unchanged."),
            Hint(wrong=lambda expected: _pm10_on(LAG_DAY, 0) + _pm10_on(LAG_DAY, -1),
                 message="That adds the PM10 of 13 and 14 July. `pm10_lag1` is not a sum over days: it is the PM10 "
                 "of one day, the calendar day before.",
                 method="Lag 1 of 14 July is the PM10 of 13 July, unchanged."),
            Hint(wrong=lambda expected: (_pm10_on(LAG_DAY, -2) + _pm10_on(LAG_DAY, -3)) / 2,
                 message="That is `pm10_ma01` of the 12 July row: a moving average, and of the wrong row. The "
                 "question asks for `pm10_lag1` of 14 July, a row the table does not show.",
                 method="Lag 1 of 14 July is the PM10 of the calendar day before 14 July: find that day's PM10 in the "
                 "table."),
            Hint(wrong=lambda expected: _pm10_on(LAG_DAY, -1, column="temp"),
                 message="That is the temperature (`temp`, °C) of 13 July, not its PM10.",
                 method="Read a PM10 column: the question asks for `pm10_lag1`."),
            Hint(wrong=lambda expected: _pm10_on(LAG_DAY, -1, column="o3"),
                 message="That is ozone, not PM10: the `o3` of 13 July (which is `o3_lag1` of 14 July).",
                 method="Read a PM10 column: the question asks for `pm10_lag1`."),
            Hint(wrong=lambda expected: _pm10_on(LAG_DAY, -1, column="death"),
                 message="That is the number of deaths on 13 July (the `death` column), not an air pollution value.",
                 method="Read a PM10 column: the question asks for `pm10_lag1`."),
            Hint(when=lambda answer, expected: answer in _row_labels("1995-07-12", "1995-07-13", "1995-07-14"),
                 message="That is a row's index label (the bold number at the left of the table, the row's position "
                 "in the file), not a value of the row.",
                 method="Select the row whose date is 1995-07-14 and read its `pm10_lag1` column."),
        ),
        nudge="Find the row of 14 July 1995 and read the column whose name says lag 1.",
        default_hint="`days.loc[days['date'] == '1995-07-14', 'pm10_lag1']`, or PM10 of the day before.",
        on_success="pm10_lag1 on a day is the PM10 of the calendar day before: the name says the shift.",
    ),
    Exercise(
        id="05b.percent-per-10",
        objective="weighted conditional logistic",
        title="Percent change in the death rate per 10 units of PM10",
        expected=_percent_per_10,
        # three decimals: at two, the linear approximation 100 × 10 × log_rr would pass
        precision=decimals(3),
        hints=(
            # round-8 fresh trial (MPH student): log_rr as the tables show it (0.000682), the method right and the
            # result rounded right, was told "cut off at the last digit": both readings give this number
            Hint(when=_from_displayed_log_rr,
                 message="That is what the right method gives from `log_rr` as the tables show it, rounded for display "
                 "to six decimals; at three decimals of the answer that rounding shows. Use all of its "
                 "digits: `poisson[\"log_rr\"].iloc[0]`. (If you did use all of them, you cut the answer off at "
                 "the third decimal: round it to the nearer value instead.)",
                 method="100 × (np.exp(10 × poisson[\"log_rr\"].iloc[0]) − 1), rounded only at the end."),
            Hint(wrong=lambda expected: _percent_per_1(),
                 message="That is the change per 1 unit of PM10, not per 10.",
                 method="Multiply log_rr by 10 before exponentiating: 100 × (exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: 1 + expected / 100,
                 message="That is a rate ratio, not a percentage.",
                 method="Turn a rate ratio RR into a percent change with 100 × (RR − 1)."),
            # round-8 fresh trial (MPH student): 10 × log_rr typed unrounded was told "a proportion ... or log_rr
            # divided by 10"; unrounded it is told apart (0.3% from the proportion); rounded, all readings are named
            Hint(when=lambda answer, expected: matches(answer, _log_ratio_per_10(), rel_tol=1e-3),
                 message="That is about 100 times too small. It is 10 × log_rr, the LOG of the 10-unit rate ratio, "
                 "still on the log scale and not yet a percent change (or, the same number, the percent change "
                 "computed with log_rr divided by 10).",
                 method="Exponentiate the 10-unit log ratio, then turn the ratio into a percent change: "
                 "100 × (exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: expected / 100,
                 message="That is about 100 times too small: a proportion where the question asks for a percentage, "
                 "10 × log_rr left on the log scale (not exponentiated, not a percentage), or log_rr divided by 10 "
                 "where a 10-unit contrast multiplies it by 10.",
                 method="Per 10 units the log ratio is 10 × log_rr; a ratio RR is a change of 100 × (RR − 1) percent."),
            Hint(wrong=lambda expected: 10 * (1 + _percent_per_1() / 100),
                 message="That multiplies the per-unit rate ratio by 10. Ratios do not add up that way: each of the 10 "
                 "units multiplies the rate by the per-unit ratio again.",
                 method="The ratio for 10 units is exp(10 × log_rr) (the per-unit ratio to the 10th power); then "
                 "100 × (ratio − 1)."),
            Hint(wrong=lambda expected: _per_10_linear(),
                 message="That scales linearly: 100 × 10 × log_rr (or 10 × the change per unit) is only the "
                 "small-effect approximation, and the question asks for three decimals, where it falls short. (If you "
                 "did exponentiate, you started from log_rr cut to two significant digits: use all of its digits.)",
                 method="Exponentiate first: 100 × (exp(10 × log_rr) − 1)."),
            # 10 x the per-unit change (0.683 at three decimals) sits within rounding of 100 x 10 x log_rr
            # (0.682) unrounded, whose hint names both; typed at the asked three decimals it is told apart
            Hint(when=lambda answer, expected: (abs(answer - _percent_per_1_times_10()) <= 5e-4
                                                and abs(answer - _per_10_linear()) > 5e-4),
                 message="That is 10 × the percent change per 1 unit: it adds the same percentage for each unit. "
                 "Each unit MULTIPLIES the rate by the per-unit ratio, so over 10 units the changes compound (a "
                 "little more than 10 times as much), which shows at three decimals.",
                 method="Exponentiate the 10-unit log ratio: 100 × (exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: _percent_from_se(),
                 message="That is computed from the SE row of the table (the standard error of log_rr), not from "
                 "the log ratio itself.",
                 method="Use the row 'log ratio per unit of PM10' (`log_rr`): 100 × (exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: float(_pm10_fit(False)["log_rr"].iloc[0]),
                 message="That is `log_rr` itself: the log of the rate ratio for ONE unit of PM10, not yet a "
                 "percentage, and not yet for 10 units.",
                 method="Multiply by 10, exponentiate, subtract 1 and multiply by 100: 100 × (exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: -_percent_lower_at_10_less(),
                 message="That uses the inverse ratio, exp(−10 × log_rr) = 1 / RR: the change from the higher level "
                 "down to the lower one (a fall, hence the minus sign). The question asks how much HIGHER the rate is "
                 "at the higher level, so the ratio is higher over lower.",
                 method="Use exp(+10 × log_rr): 100 × (exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: -expected,
                 message="The sign is flipped: a positive log_rr means the death rate is HIGHER on days with more "
                 "PM10, so the percent change is positive.",
                 method="Use +10 × log_rr: 100 × (exp(10 × log_rr) − 1)."),
            # typed to three decimals, the turned-round contrast ends in 0 and equals the right answer at two
            # decimals: the hint then names both readings (its first part is the specific hint below)
            Hint(when=lambda answer, expected: (abs(answer - round(expected, 2)) < 1e-9
                                                and abs(answer - _percent_lower_at_10_less()) <= 5e-4),
                 message="That is the right method rounded to two decimal places: give three. If you did not round: "
                 + CONTRAST_TURNED_ROUND,
                 method=CONTRAST_METHOD),
            Hint(wrong=lambda expected: _percent_lower_at_10_less(), message=CONTRAST_TURNED_ROUND,
                 method=CONTRAST_METHOD),
            Hint(wrong=lambda expected: 100 + expected,
                 message="That is the rate ratio times 100 (100 × exp(10 × log_rr)), not the percent change: a ratio "
                 "of 1 means no change, so its excess over 1 is the change.",
                 method="Subtract 1 from the ratio before multiplying by 100: 100 × (exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: _percent_per_100(),
                 message="That is the change for 100 units of PM10 (exp(100 × log_rr)); the question asks about a "
                 "10-unit higher PM10.",
                 method="Multiply log_rr by 10: 100 × (exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: 10 * expected,
                 message="That is 10 times too large: the 10 of the 10-unit contrast belongs inside exp (10 × log_rr) "
                 "only, not once more outside it (and a percentage is 100 × (ratio − 1), not 1000 ×).",
                 method="100 × (exp(10 × log_rr) − 1), with no further factor."),
            Hint(when=_from_section6_table,
                 message="That is read from section 6's table (its `pm10_lag0` row, per 10 units). Those fits use "
                 "fewer days (every lag known), so they differ a little from section 4's fit, which the question asks "
                 "about.",
                 method="Start from `log_rr` of `poisson` (section 4): 100 × (exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: _percent_log10(),
                 message="That raises 10 to the power: `log_rr` is a natural logarithm (base e), so it is undone with "
                 "exp, not with 10 ** ….",
                 method="Use np.exp: 100 × (np.exp(10 × log_rr) − 1)."),
            Hint(wrong=lambda expected: _percent_from("ci_upper"),
                 message="That comes from the upper bound of the CI (`ci_upper`), not from the estimate.",
                 method="Start from `log_rr` (or `rate_ratio`), the point estimate."),
            Hint(wrong=lambda expected: _percent_from("ci_lower"),
                 message="That comes from the lower bound of the CI (`ci_lower`), not from the estimate.",
                 method="Start from `log_rr` (or `rate_ratio`), the point estimate."),
        ),
        nudge="Start from the `log_rr` of the conditional Poisson fit, which is per 1 unit of PM10.",
        default_hint="A change of 10 units multiplies the rate by exp(10 × log_rr); the percent change is 100 × (that − 1).",
        on_success="A small relative change per day, applied to a whole city's deaths every day.",
    ),
    Exercise(
        id="05b.se-factor",
        objective="overdispersion",
        title="What overdispersion does to the standard error",
        expected=_se_factor,
        precision=significant(3),
        hints=(
            Hint(wrong=lambda expected: expected ** 2,
                 message="That is the dispersion itself; the SE does not grow by that factor.",
                 method="The variance is multiplied by the dispersion, so the SE by its square root."),
            Hint(wrong=lambda expected: expected ** 4,
                 message="That is the dispersion squared. The variance is multiplied by the dispersion, and the SE, "
                 "the square root of the variance, grows less than the variance, not more.",
                 method="The SE is multiplied by the square root of the dispersion (or: quasi-Poisson se / Poisson se)."),
            Hint(wrong=lambda expected: 1 / expected ** 2,
                 message="That is 1 / dispersion: upside down (allowing for overdispersion makes the SE larger, so the "
                 "factor is above 1), and not yet turned from a variance factor into an SE factor.",
                 method="Divide the quasi-Poisson `se` by the Poisson `se`."),
            Hint(wrong=lambda expected: 1 / expected, message="The ratio is upside down: the quasi-Poisson SE is the larger one."),
            Hint(wrong=lambda expected: expected ** 0.5,
                 message="That is the square root of the SE ratio: the root is taken twice. The SE ratio is already "
                 "the square root of the variance factor (the dispersion); it needs no second root.",
                 method="Divide the quasi-Poisson `se` by the Poisson `se`, and leave the ratio as it is."),
            Hint(wrong=lambda expected: 1.96 * expected,
                 message="That multiplies the SE ratio by 1.96. The 1.96 turns an SE into the half-width of a 95% CI; "
                 "it multiplies both SEs alike, so it is not part of the factor between them.",
                 method="Divide the quasi-Poisson `se` by the Poisson `se`, and leave the ratio as it is."),
            Hint(wrong=lambda expected: expected ** 2 / 2,
                 # round-10 count: `dispersion ** 1/2`, meant as a square root, gives this number
                 message="That is half the dispersion. If you wrote `x ** 1/2` for a square root: Python (and R) "
                 "reads it as (x ** 1) / 2, so write `x ** 0.5` or `np.sqrt(x)`. The SE is multiplied by the square "
                 "root of the dispersion, √φ, not by half of it.",
                 method="Take the square root of the dispersion (or divide the quasi-Poisson `se` by the Poisson `se`)."),
            Hint(wrong=lambda expected: _se_difference(),
                 message="That is the difference between the two SEs; the question asks for the factor (a ratio) by "
                 "which the SE is multiplied.",
                 method="Divide the quasi-Poisson SE by the Poisson SE."),
            Hint(wrong=lambda expected: expected ** 2 - 1,
                 message="That is how far the dispersion lies above 1; the SE is multiplied by a factor, not "
                 "increased by this amount.",
                 method="The variance is multiplied by the dispersion, so the SE by its square root."),
            Hint(wrong=lambda expected: 100 * (expected - 1),
                 message="That is the percentage by which the SE grows; the question asks for the factor that "
                 "multiplies it (quasi-Poisson SE = factor × Poisson SE).",
                 method="Divide the quasi-Poisson `se` by the Poisson `se`, and leave the ratio as it is."),
            Hint(wrong=lambda expected: expected - 1,
                 message="That is how much the SE grows, as a fraction of the Poisson SE; the question asks for the "
                 "factor that multiplies it (quasi-Poisson SE = factor × Poisson SE).",
                 method="Divide the quasi-Poisson `se` by the Poisson `se`, and leave the ratio as it is."),
            Hint(wrong=lambda expected: _half_the_extra_variance(),
                 message="That is 1 + (dispersion − 1)/2: half the extra variance added to 1. It is only an "
                 "approximation of the square root, good for a dispersion near 1, and at three significant digits "
                 "it is off here.",
                 method="Take the square root of the dispersion itself (or divide the quasi-Poisson `se` by the "
                 "Poisson `se`)."),
            Hint(when=lambda answer, expected: any(matches(answer, ratio) for ratio in _ci_bound_excess_ratios()),
                 message="That compares how far a CI bound lies above 1 in the two fits. The bounds move by "
                 "the SE times 1.96 on the log scale, away from the estimate, so the lower bound comes closer to 1 "
                 "and the upper moves away: neither ratio is the SE's factor.",
                 method="Divide the quasi-Poisson `se` by the Poisson `se`."),
            Hint(when=_about_one,
                 message="A factor of about 1 would leave the SE unchanged. The estimate (log_rr) is indeed unchanged, "
                 "and ratios of the CI bounds (rate ratios, all close to 1) barely move; compare the `se` column.",
                 method="Divide the quasi-Poisson `se` by the Poisson `se`."),
        ),
        nudge="Compare the `se` column of the fit with `overdispersion=True` and the one without.",
        default_hint="Divide the quasi-Poisson SE by the Poisson SE (or take the square root of the dispersion).",
        on_success="The estimate is unchanged; only its uncertainty, and so the CI, is widened.",
    ),
    Exercise(
        id="05b.lag-choice",
        objective="overdispersion",
        title="Choosing the lag after seeing the results",
        # A reasoning question: reporting only the strongest of several fitted lags (the largest
        # rate ratio) is a multiple-comparison (selection) problem; b ("no problem, the data support
        # it best") ignores the selection, and c is false because the fits ran.
        expected=lambda: "a",
        kind="choice",
        answer_forms=("settled before the results", "before the results are seen", "best of several"),
        options=("a", "b", "c"),
        hints=(
            Hint(wrong=lambda expected: "b",
                 message="Largest in these data, yes. But with four lags to pick from, one of them comes out "
                 "largest partly by chance, even if all four had the same true effect; its CI and p-value are "
                 "computed as if it had been the only lag ever fitted."),
            Hint(wrong=lambda expected: "c",
                 message="Every lag above was fitted without trouble: a lag is just another exposure column."),
        ),
        default_hint="What happens to an estimate, its p-value and its CI when you report only the strongest of several tries?",
        on_success="Decide the lag (or a moving average, or a distributed lag model) before looking at the results, "
        "as this notebook did with same-day PM10 in section 4.",
    ),
]
