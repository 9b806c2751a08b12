"""Exercises of notebooks/04_conditional_logistic_regression.ipynb.

Expected values come from the kit's data files and from the notebook's seeded simulations
(``SEED`` below), never typed in.
"""

import math
from functools import lru_cache

from lbpkit.exercises import Exercise, Hint, decimals, looks_like_percent_for_proportion, matches, significant

# The seed of notebook 04's simulations, in one place: the notebook imports it from here
# (``from lbpkit.exercises.bank.nb04 import SEED``), so notebook and checks always agree.
SEED = 404
HOURS = 8  # the exercise's "working day" of lifting hours


def _bdendo_or() -> float:
    from lbpkit.data import load

    t = load("casecrossover_worked_examples")
    coef = t.query("example_id == 'bdendo' and quantity == 'clogit_log_or'")["value"].iloc[0]
    return math.exp(float(coef))


def _bdendo_mh_or() -> float:
    from lbpkit.data import load

    t = load("casecrossover_worked_examples")
    return float(t.query("example_id == 'bdendo' and quantity == 'mh_odds_ratio'")["value"].iloc[0])


def _lifting_per_hour() -> float:
    from lbpkit.data import load

    return float(load("flares_published_or").set_index("activity").loc["lifting", "odds_ratio"])


@lru_cache(maxsize=2)
def _mc(n_cases: int):
    from lbpkit.widgets import monte_carlo_state, monte_carlo_summary

    return monte_carlo_summary(monte_carlo_state(n_cases=n_cases, true_or=2.0, n_studies=400, seed=SEED))


def _se_factor() -> float:
    # The rule the exercise teaches: the SE scales with 1/sqrt(n). The simulation printed in the
    # notebook's solution shows how close a finite Monte Carlo run comes to it.
    return math.sqrt(200 / 50)


EXERCISES = [
    Exercise(
        id="04.or-from-coef",
        objective="fit a conditional logistic regression",
        title="Odds ratio from a conditional logistic coefficient",
        expected=_bdendo_or,
        # The coefficient is published with four significant digits; three survive exp().
        precision=significant(3),
        hints=(
            Hint(when=lambda answer, expected: matches(answer, math.log(expected)),
                 message="That is the coefficient itself (a log odds ratio), not the odds ratio.",
                 method="Exponentiate it: np.exp(coefficient)."),
            Hint(when=lambda answer, expected: matches(answer, 10 ** math.log(expected)),
                 message="The coefficient is a natural logarithm, not a base-10 one.",
                 method="Use np.exp, not 10 to the power."),
            Hint(when=lambda answer, expected: matches(answer, _bdendo_mh_or(), rel_tol=2e-3),
                 message="That is the Mantel–Haenszel odds ratio of the same data (the `mh_odds_ratio` row), "
                 "a different estimator; the question asks for the conditional logistic one.",
                 method="Start from the `clogit_log_or` row and convert that coefficient."),
        ),
        nudge="Take the `clogit_log_or` row of the bdendo example: on which scale is that number?",
        default_hint="Conditional logistic coefficients are natural-log odds ratios; the odds ratio is e to the power of the coefficient.",
        on_success="Note it differs a little from the published Mantel–Haenszel estimate of the same 1:4 data.",
    ),
    Exercise(
        id="04.per-hour",
        objective="per-hour odds ratio",
        title="A per-hour odds ratio over 8 hours",
        expected=lambda: _lifting_per_hour() ** HOURS,
        # The per-hour OR is published as 1.05 (anything from 1.045 to 1.055), which moves the
        # 8-hour factor by about +-4%: two significant digits are all it supports.
        precision=significant(2),
        hints=(
            Hint(when=lambda answer, expected: matches(answer, 1 + HOURS * (_lifting_per_hour() - 1)),
                 message="Odds ratios multiply, they do not add.",
                 method="8 extra hours means the per-hour OR times itself 8 times."),
            Hint(when=lambda answer, expected: matches(answer, HOURS * _lifting_per_hour()),
                 message="Multiplying the OR by 8 is not the same as multiplying the odds by the OR eight times.",
                 method="Use a power: OR ** 8."),
            Hint(when=lambda answer, expected: matches(answer, _lifting_per_hour() ** 4),
                 message="That is 4 hours; the question asks about 8 extra hours."),
            Hint(when=lambda answer, expected: matches(answer, 1.0, rel_tol=1e-3),
                 message="A factor of 1 would mean that 8 extra hours leave the odds unchanged (no effect), yet each "
                 "hour multiplies them by a number above 1. If you rounded, give two significant digits.",
                 method="Raise the per-hour OR to the power 8."),
        ),
        nudge="Each extra hour multiplies the odds of a flare by the per-hour OR. What happens to the odds after a second hour?",
        default_hint="If each extra hour multiplies the odds by OR, eight extra hours multiply them by OR to the power 8.",
        on_success="Small per-hour ORs compound: that is why 'OR 1.05 per hour' can matter over a working day.",
    ),
    Exercise(
        id="04.predict-small-study",
        objective="Monte Carlo",
        title="Standard error and sample size",
        expected=_se_factor,
        precision=decimals(1),
        hints=(
            Hint(when=lambda answer, expected: matches(answer, 4.0, rel_tol=0.03),
                 message="The SE does not grow in proportion to the loss of cases.",
                 method="It follows the square root of the sample size."),
            Hint(when=lambda answer, expected: matches(answer, 0.5, rel_tol=0.03) or matches(answer, 0.25, rel_tol=0.03),
                 message="Fewer cases give a larger spread, so the factor is above 1."),
        ),
        nudge="With fewer cases, does the spread of the estimates grow or shrink, and is it in proportion to the number of cases?",
        default_hint="Standard errors scale with 1 / sqrt(number of cases). How does sqrt(200) compare with sqrt(50)?",
        on_success="A quarter of the cases doubles the standard error: sqrt(4) = 2.",
    ),
    Exercise(
        id="04.coverage",
        objective="Monte Carlo",
        title="Coverage of 95% confidence intervals",
        expected=lambda: float(_mc(200)["coverage"].iloc[0]),
        precision=decimals(3),
        hints=(
            Hint(when=looks_like_percent_for_proportion,
                 message="Give a proportion between 0 and 1, not a percentage."),
            Hint(when=lambda answer, expected: matches(answer, 0.95, rel_tol=1e-9) and not matches(expected, 0.95, rel_tol=1e-9),
                 message="That is the nominal level of a 95% interval; the question asks what share actually covered the truth in these 400 studies."),
        ),
        nudge="Look at the ci_lower and ci_upper columns of `studies`: in how many rows does the interval contain 2, out of how many?",
        default_hint="Mark each study whose CI has ci_lower <= 2 <= ci_upper, then take the share of marked studies (the mean of a True/False column).",
        on_success="With about 400 studies, coverage is known to within roughly ±2 percentage points.",
    ),
]
