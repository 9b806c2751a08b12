"""Exercises of notebooks/05_referents_and_bias_lab.ipynb.

Expected values are recomputed from the same seeded experiments as the notebook (``SEED`` below).
"""

import math
from functools import lru_cache

from lbpkit.exercises import Exercise, Hint, decimals, is_reciprocal, significant

# The seed of notebook 05's simulations, in one place: the notebook imports it from here
# (``from lbpkit.exercises.bank.nb05 import SEED``), so notebook and checks always agree.
SEED = 505
REPLICATES = 200  # simulated studies per experiment, as in the notebook's calls


@lru_cache(maxsize=1)
def _rising_choice() -> str:
    """The direction of the unidirectional scheme's bias over replicated studies (not one study's CI)."""
    from lbpkit.labs import trend_experiment

    t = trend_experiment(seed=SEED, trend_per_week=1.4, replicates=REPLICATES)
    uni = t[t["choice"].str.startswith("unidirectional")].iloc[0]
    if not bool(uni["biased"]):  # the Monte Carlo interval of the mean bias includes 0
        return "c"
    return "a" if uni["bias_percent"] > 0 else "b"


@lru_cache(maxsize=1)
def _recall_table():
    from lbpkit.labs import recall_experiment

    return recall_experiment(seed=SEED, recall_inflation=0.15, replicates=REPLICATES)


def _recall_ratio() -> float:
    t = _recall_table()
    return float(t["mean_or"].iloc[1] / t["mean_or"].iloc[0])


def _percent_for_ratio(answer, expected) -> bool:
    """A percentage given for the ratio: the table's own bias_percent, or 100 x (ratio - 1)."""
    candidates = [*_recall_table()["bias_percent"], 100 * (expected - 1)]
    return any(abs(float(c)) > 10 and math.isclose(answer, float(c), rel_tol=0.02, abs_tol=0.5) for c in candidates)


@lru_cache(maxsize=1)
def _best_window() -> int:
    from lbpkit.labs import window_length_experiment

    estimates = {h: float(window_length_experiment(seed=SEED, replicates=100, hazard_length=h)["mean_or"].iloc[1])
                 for h in range(1, 13)}
    return min(estimates, key=lambda h: abs(math.log(estimates[h]) - math.log(3.0)))


_SCHEMES = {"a": ("unidirectional",), "b": ("bidirectional",), "c": ("time-stratified",)}


@lru_cache(maxsize=1)
def _unbiased_schemes() -> set[str]:
    from lbpkit.labs import overlap_bias_lab, trend_experiment

    tables = [trend_experiment(seed=SEED, replicates=REPLICATES, trend_per_week=0.7),
              overlap_bias_lab(seed=SEED, replicates=REPLICATES)]
    biased = {letter for letter, (word,) in _SCHEMES.items() for t in tables
              if t.loc[t["choice"].str.startswith(word), "biased"].any()}
    return set(_SCHEMES) - biased


EXERCISES = [
    Exercise(
        id="05.predict-rising-trend",
        objective="time trend in exposure",
        title="Direction of trend bias",
        expected=_rising_choice,
        kind="choice",
        options=("a", "b", "c"),
        hints=(
            Hint(when=lambda answer, expected: str(answer).strip().lower() == "b",
                 message="With a rising trend the referent windows (earlier) have *less* lifting than the hazard window would have without any trigger.",
                 method="Fewer exposed referents mean more 'hazard window only' pairs: which way does that push b/c?"),
        ),
        nudge="Where do the unidirectional referents lie in time, and how much lifting is there then when lifting rises?",
        default_hint="Compare the exposure in the earlier referent windows with the exposure at onset time when lifting rises over time.",
        on_success="Earlier referents lifted less, so the hazard window looks more exposed than it should: bias away from 1.",
    ),
    Exercise(
        id="05.recall-bias",
        objective="recall after a flare",
        title="Size of the recall bias",
        expected=_recall_ratio,
        precision=significant(3),
        hints=(
            Hint(when=is_reciprocal, message="The ratio is upside down.",
                 method="Divide the recalled-exposure OR by the true-exposure OR, not the other way round."),
            Hint(when=_percent_for_ratio,
                 message="That is a percentage (like the `bias_percent` column, which compares an estimate with the planted OR), not a ratio.",
                 method="Give the ratio of the two mean_or values itself, a number such as 1.5."),
        ),
        nudge="Use the `mean_or` column of the `recall` table: one row per kind of exposure data.",
        default_hint="Take the two mean_or values of the table and divide the second (recalled) by the first (true).",
        on_success="Recall after the event inflates the hazard-window exposure only, so the odds ratio is pushed away from 1.",
    ),
    Exercise(
        id="05.best-window",
        objective="recall after a flare",
        title="The best window length",
        expected=_best_window,
        precision=decimals(0),
        hints=(
            Hint(when=lambda answer, expected: answer > 6,
                 message="Long windows dilute the estimate towards 1.",
                 method="Look for the estimate nearest 3 on the log scale."),
        ),
        nudge="Compare each row's mean_or in `lengths` with the planted 3, as a ratio (on the log scale), not as a difference.",
        default_hint="Compute |log(mean_or) − log(3)| for each row of `lengths` and find the smallest.",
        on_success="Over many studies the estimate closest to the truth comes from the window equal to the true effect period.",
    ),
    Exercise(
        id="05.which-unbiased",
        objective="unidirectional, bidirectional and time-stratified",
        title="Referent schemes: trend and overlap bias",
        # Computed from the notebook's replicated tables: the schemes unbiased (Monte Carlo
        # interval of the mean bias includes 0) both under the trend and in the overlap lab.
        expected=_unbiased_schemes,
        kind="choices",
        options=("a", "b", "c"),
        hints=(
            Hint(when=lambda answer, expected: "a" in str(answer).lower(),
                 message="Referents only before the event all lie on one side of a trend.",
                 method="Look at the unidirectional row of the `trend` table: is its Monte Carlo interval near 0?"),
            Hint(when=lambda answer, expected: "b" in str(answer).lower(),
                 message="Symmetric bidirectional referents roughly cancel a linear trend, but which days they are depends on when the onset happened.",
                 method="Look at the two bidirectional rows of the `overlap` table and their `biased` column."),
        ),
        nudge="Ask of each scheme: are its referent days fixed before any onset happens, whatever day the onset falls on?",
        default_hint="Keep the schemes whose rows have `biased` False in both the `trend` and the `overlap` tables.",
        on_success="Fixed strata (localizable referents) make conditional logistic regression an exact likelihood: no trend bias, no overlap bias.",
    ),
]
