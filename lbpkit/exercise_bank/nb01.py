"""Exercises of notebooks/01_burden_of_low_back_pain.ipynb.

Every expected value is computed from the published figures in ``data/published/lbp_burden.csv``
when the check runs; none is typed in here.
"""

from __future__ import annotations

import math

from lbpkit.data import load
from lbpkit.epi import figure, implied_start, percent_change, rate_per
from lbpkit.exercises import Exercise, Hint, has_wrong_sign, looks_like_proportion_for_percent

# A hypothetical town, used only to turn a rate into a count (not a real population).
TOWN_POPULATION = 20_000


def _burden(figure_id: str) -> float:
    return figure(load("lbp_burden"), figure_id)


def _close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=5e-3)


def _cases_1990() -> float:
    return implied_start(_burden("gbd21_cases_2020"), _burden("who_cases_change_1990_2020"))


def _town_cases() -> float:
    return rate_per(_burden("li24_asir_2021"), 100_000, per=TOWN_POPULATION)


def _factor_sum_vs_combined() -> str:
    factors = sum(_burden(f"gbdrf_attr_{name}_2021") for name in ("occupational", "smoking", "high_bmi"))
    combined = _burden("gbd21_attr_combined_2020")
    if _close(factors, combined):
        return "a"
    return "b" if factors > combined else "c"


def _prevalence_points() -> float:
    return _burden("wu20_point_prev_2017") - _burden("wu20_point_prev_1990")


EXERCISES = [
    Exercise(
        id="01.cases-1990",
        title="Back-calculate the 1990 case count from a percentage rise",
        expected=_cases_1990,
        hints=(
            Hint(
                when=lambda answer, expected: _close(answer, _burden("gbd21_cases_2020") * (1 - _burden("who_cases_change_1990_2020") / 100)),
                message="You took 60% off the 2020 count. The rise is 60% of the 1990 count, so 2020 = 1990 x 1.6: divide instead.",
            ),
            Hint(
                when=lambda answer, expected: _close(answer, _burden("gbd21_cases_2020") * (1 + _burden("who_cases_change_1990_2020") / 100)),
                message="That goes forward from 2020. Go backwards: which number, increased by 60%, gives the 2020 count?",
            ),
        ),
        default_hint="Write 2020 count = 1990 count x (1 + change/100) and solve for the 1990 count (in million).",
        on_success="This is arithmetic on two published figures, not a published 1990 count; "
        "a different GBD round gives a different 1990 figure.",
    ),
    Exercise(
        id="01.rate-to-count",
        title="Turn a rate per 100 000 into an expected count",
        expected=_town_cases,
        hints=(
            Hint(
                when=lambda answer, expected: _close(answer, expected * 1000),
                message="A rate 'per 100 000' is not a percentage: divide by 100 000, not by 100.",
            ),
            Hint(
                when=lambda answer, expected: _close(answer, _burden("li24_asir_2021")),
                message="That is the rate itself. Scale it to the town: rate / 100 000 x town population.",
            ),
        ),
        default_hint="Expected new cases = rate / 100 000 x population of the town.",
        on_success="An age-standardised rate gives the right count only for a town whose age structure "
        "matches the standard population; an older town would have more cases.",
    ),
    Exercise(
        id="01.shares-add-up",
        title="Do attributable shares add up?",
        expected=_factor_sum_vs_combined,
        kind="choice",
        options=("a", "b", "c"),
        hints=(
            Hint(
                when=lambda answer, expected: str(answer).strip().lower() == "a",
                message="Shares of the same YLDs can overlap: a case may be avoidable by removing either of two risks. Add the three shares and compare.",
            ),
        ),
        default_hint="Add the three factor-specific shares and compare the total with the combined share.",
        on_success="Attributable fractions overlap, so they need not add up; here they also come from different analyses and years.",
    ),
    Exercise(
        id="01.percentage-points",
        title="Percentage points versus percent",
        expected=_prevalence_points,
        hints=(
            Hint(
                when=lambda answer, expected: _close(answer, percent_change(_burden("wu20_point_prev_1990"), _burden("wu20_point_prev_2017"))),
                message="That is the relative change in percent. The question asks for the difference in percentage points: subtract one prevalence from the other.",
            ),
            Hint(when=has_wrong_sign, message="Check the sign: prevalence fell, so the change is negative."),
            Hint(when=looks_like_proportion_for_percent, message="Both prevalences are already in percent; keep the answer in percentage points, not as a proportion."),
        ),
        default_hint="Percentage points = later prevalence (%) minus earlier prevalence (%).",
        on_success="A fall of under one percentage point is a relative fall of several percent.",
    ),
]
