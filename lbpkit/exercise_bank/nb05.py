"""Exercises of notebooks/05_referents_and_bias_lab.ipynb.

Expected values are recomputed from the same seeded experiments as the notebook (``SEED = 505``).
"""

import math
from functools import lru_cache

from lbpkit.exercises import Exercise, Hint, is_reciprocal

SEED = 505  # the notebook's seed


@lru_cache(maxsize=1)
def _rising_choice() -> str:
    from lbpkit.labs import trend_experiment

    t = trend_experiment(seed=SEED, trend_per_week=1.4, n_people=12000, n_controls=3000)
    uni = t.iloc[0]
    if uni["ci_lower"] <= uni["planted_or"] <= uni["ci_upper"]:
        return "c"
    return "a" if uni["odds_ratio"] > uni["planted_or"] else "b"


@lru_cache(maxsize=1)
def _recall_ratio() -> float:
    from lbpkit.labs import recall_experiment

    t = recall_experiment(seed=SEED, recall_inflation=0.15, n_people=6000)
    return float(t["odds_ratio"].iloc[1] / t["odds_ratio"].iloc[0])


@lru_cache(maxsize=1)
def _best_window() -> int:
    from lbpkit.labs import window_length_experiment

    estimates = {h: float(window_length_experiment(seed=SEED, hazard_length=h, n_people=3000)["odds_ratio"].iloc[1])
                 for h in range(1, 13)}
    return min(estimates, key=lambda h: abs(math.log(estimates[h]) - math.log(3.0)))


EXERCISES = [
    Exercise(
        id="05.predict-rising-trend",
        title="Direction of trend bias",
        expected=_rising_choice,
        kind="choice",
        options=("a", "b", "c"),
        hints=(
            Hint(when=lambda answer, expected: str(answer).strip().lower() == "b",
                 message="With a rising trend the referent windows (earlier) have *less* lifting than the hazard window would have without any trigger. Which way does that push b/c?"),
        ),
        default_hint="Compare the exposure in the earlier referent windows with the exposure at onset time when lifting rises over time.",
        on_success="Earlier referents lifted less, so the hazard window looks more exposed than it should: bias away from 1.",
    ),
    Exercise(
        id="05.recall-bias",
        title="Size of the recall bias",
        expected=_recall_ratio,
        hints=(
            Hint(when=is_reciprocal, message="Divide the recalled-exposure OR by the true-exposure OR, not the other way round."),
            Hint(when=lambda answer, expected: isinstance(answer, (int, float)) and abs(answer - 100 * (expected - 1)) < 0.5,
                 message="Give the ratio itself (e.g. 1.5), not the percentage difference."),
        ),
        default_hint="Take the two odds_ratio values of the table and divide the second (recalled) by the first (true).",
        on_success="Recall after the event inflates the hazard-window exposure only, so the odds ratio is pushed away from 1.",
    ),
    Exercise(
        id="05.best-window",
        title="The best window length",
        expected=_best_window,
        abs_tol=0.5,
        rel_tol=0.0,
        hints=(
            Hint(when=lambda answer, expected: isinstance(answer, (int, float)) and answer > 6,
                 message="Long windows dilute the estimate towards 1. Look for the estimate nearest 3."),
        ),
        default_hint="Compute |log(odds_ratio) − log(3)| for each row of `lengths` and find the smallest.",
        on_success="In this study the estimate closest to the truth comes from a window close to the true effect period.",
    ),
    Exercise(
        id="05.which-unbiased",
        title="Referent schemes and trends",
        # A reasoning question: two-sided referents cancel a smooth trend (Bateson & Schwartz
        # 1999; Janes et al. 2005); tests/test_labs.py checks it over several seeds.
        expected=lambda: {"b", "c"},
        kind="choices",
        options=("a", "b", "c"),
        hints=(
            Hint(when=lambda answer, expected: "a" in str(answer).lower(),
                 message="Referents only before the event all lie on one side of a trend."),
        ),
        default_hint="Which schemes have referents on both sides of the event in time?",
    ),
]
