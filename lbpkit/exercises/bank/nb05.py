"""Exercises of notebooks/05_referents_and_bias_lab.ipynb.

Expected values are recomputed from the same seeded experiments as the notebook (``SEED`` below).
"""

import math
from functools import lru_cache

from lbpkit.exercises.checker import Exercise, Hint, decimals, significant

# The seed of notebook 05's simulations, in one place: the notebook imports it from here
# (``from lbpkit.exercises.bank.nb05 import SEED``), so notebook and checks always agree.
SEED = 505
REPLICATES = 200  # simulated studies per experiment, as in the notebook's calls
# where the notebook runs more, so that its flags are the same for every seed (notebook 05)
REPLICATES_TREND, REPLICATES_OVERLAP, REPLICATES_LENGTHS = 500, 1000, 300


@lru_cache(maxsize=1)
def _rising_choice() -> str:
    """The direction of the unidirectional scheme's bias over replicated studies (not one study's CI)."""
    from lbpkit.labs import trend_experiment

    t = trend_experiment(seed=SEED, trend_per_week=1.4, replicates=REPLICATES)
    uni = t[t["choice"].str.startswith("unidirectional")].iloc[0]
    if not bool(uni["biased"]):  # not flagged: within 5% of the truth, or its Monte Carlo interval includes 0
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


def _excess_ratio() -> float:
    """The two mean ORs' distances from 1 divided: (recalled - 1) / (true - 1), a wrong way to compare them."""
    t = _recall_table()
    return float((t["mean_or"].iloc[1] - 1) / (t["mean_or"].iloc[0] - 1))


def _bias_percent_ratio(answer) -> bool:
    """The two rows' bias_percent divided (recalled / true), from the table's two-decimal display or unrounded.

    The true-exposure row's bias_percent lies near 0, so the quotient swings widely with its rounding: the
    range covers every value its displayed two decimals allow (round-6 fresh trial of 05 typed 144.66 / -0.24).
    """
    recalled, true = (float(v) for v in _recall_table()["bias_percent"].iloc[[1, 0]])
    shown = round(true, 2)
    ends = [recalled / t for t in (true, shown - 0.005, shown + 0.005) if abs(t) > 1e-9]
    if min(ends) < 0 < max(ends):  # the displayed value straddles 0: no bounded range to compare with
        return False
    sizes = [abs(e) for e in ends]
    return (float(answer) < 0) == (ends[0] < 0) and min(sizes) * (1 - 2e-3) <= abs(float(answer)) <= max(sizes) * (1 + 2e-3)


def _probability_ratio() -> float:
    """Each mean OR turned into a probability, OR / (1 + OR), then divided: an odds ratio treated as an odds."""
    recalled, true = (float(v) for v in _recall_table()["mean_or"].iloc[[1, 0]])
    return (recalled / (1 + recalled)) / (true / (1 + true))


def _true_over_planted() -> float:
    """The true-exposure row's mean OR divided by the planted OR (a comparison the question does not ask for)."""
    t = _recall_table()
    return float(t["mean_or"].iloc[0] / t["planted_or"].iloc[0])


def _log_ratio() -> float:
    """The two mean ORs' logs divided: ln(recalled) / ln(true), a ratio taken on the log scale."""
    t = _recall_table()
    return float(math.log(t["mean_or"].iloc[1]) / math.log(t["mean_or"].iloc[0]))


@lru_cache(maxsize=1)
def _window_estimates() -> dict[int, float]:
    """The mean OR of each hazard window length, 1 to 12 hours (the notebook's `lengths` table)."""
    from lbpkit.labs import window_length_experiment

    return {h: float(window_length_experiment(seed=SEED, replicates=REPLICATES_LENGTHS, hazard_length=h)["mean_or"].iloc[1])
            for h in range(1, 13)}


def _window_nearest(target: float) -> int:
    estimates = _window_estimates()
    return min(estimates, key=lambda h: abs(math.log(estimates[h]) - math.log(target)))


def _is_log_distance(answer) -> bool:
    """``answer`` is one row's |log(mean_or) − log(3)| (as computed, or typed with two or more decimals)."""
    distances = [abs(math.log(value) - math.log(3.0)) for value in _window_estimates().values()]
    return any(abs(float(answer) - d) <= 0.0051 for d in distances) and abs(float(answer) - round(float(answer))) > 1e-9


def _best_window() -> int:
    return _window_nearest(3.0)


# The exercise's options, by the first word of the rows of ``labs.event_dependent_exposure_experiment``.
_SCHEMES = {"a": "unidirectional", "b": "bidirectional", "c": "time-stratified"}


@lru_cache(maxsize=1)
def _unbiased_schemes() -> set[str]:
    """The schemes not flagged biased (labs.is_biased) when exposure changes after the flare."""
    from lbpkit.labs import event_dependent_exposure_experiment

    t = event_dependent_exposure_experiment(seed=SEED, replicates=REPLICATES)
    return {letter for letter, word in _SCHEMES.items() if not t.loc[t["choice"].str.startswith(word), "biased"].any()}


EXERCISES = [
    Exercise(
        id="05.predict-rising-trend",
        predict=True,
        objective="time trend in exposure",
        title="Direction of trend bias",
        expected=_rising_choice,
        kind="choice",
        options=("a", "b", "c"),
        hints=(
            Hint(wrong=lambda expected: "b",
                 message="With a rising trend the referent windows (earlier) have *less* lifting than the hazard window would have without any trigger.",
                 method="Fewer exposed referents mean more pairs with only the hazard window exposed than with only the referent "
                 "exposed: which way does that push the ratio of these two kinds of discordant pairs?"),
            Hint(wrong=lambda expected: "c",
                 message="Self-matching removes what is *stable* within a person; a trend is not stable: referents a week "
                 "or two before onset see another level of lifting than the hazard window, for everybody.",
                 method="Ask whether the earlier referents see more or less lifting than the hazard window when lifting "
                 "rises, and what that does to the count of pairs with only the hazard window exposed."),
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
        # Four digits: the true-exposure mean OR lies so near the planted 2 that dividing by the planted OR
        # instead agrees to three digits; the table prints mean_or to three decimals, enough for four.
        precision=significant(4),
        hints=(
            Hint(wrong=lambda expected: 1 / expected, message="The ratio is upside down.",
                 method="Divide the recalled-exposure OR by the true-exposure OR, not the other way round."),
            Hint(wrong=lambda expected: float(_recall_table()["mean_or"].iloc[1] / _recall_table()["planted_or"].iloc[1]),
                 message="That divides the recalled-exposure OR by the planted OR; the question compares it with the mean OR "
                 "from the true diary exposure (the other row of `mean_or`), so that only recall differs.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or."),
            Hint(wrong=lambda expected: float(_recall_table()["mean_or"].iloc[1] - _recall_table()["mean_or"].iloc[0]),
                 message="That is the difference of the two mean ORs; odds ratios are compared as a ratio (one divided by "
                 "the other), so that 1 means no recall bias.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or."),
            Hint(wrong=lambda expected: math.log(expected),
                 message="That is the (natural) log of the ratio, a number on the log scale; the question asks for the "
                 "ratio itself, where 1 would mean no recall bias.",
                 method="Leave out np.log: divide the two mean_or values."),
            Hint(wrong=lambda expected: expected - 1,
                 message="That is how far the ratio lies above 1 (the relative increase); the question asks for the ratio "
                 "itself, where 1 would mean no recall bias."),
            Hint(wrong=lambda expected: 100 * expected,
                 message="That is the ratio multiplied by 100, as if it were a percentage; the question asks for the ratio "
                 "itself, a number near 1 when recall changes little.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or, and leave out the × 100."),
            Hint(when=_percent_for_ratio,
                 message="That is a percentage (like the `bias_percent` column, which compares an estimate with the planted OR), not a ratio.",
                 method="Give the ratio of the two mean_or values itself, a number such as 1.5."),
            # A fresh MPH trial's wrong answers (issue 22, point 9)
            Hint(wrong=lambda expected: float(_recall_table()["mean_or"].iloc[1]),
                 message="That is the recalled row's mean OR on its own; the question asks how it compares with the "
                 "true-exposure row's mean OR, as a ratio of the two.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or."),
            Hint(wrong=lambda expected: float(_recall_table()["mean_or"].iloc[1] - _recall_table()["planted_or"].iloc[1]),
                 message="That subtracts the planted OR from the recalled mean OR: odds ratios are compared as a ratio, "
                 "and the question compares with the true-exposure row's mean OR, not with the planted OR.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or."),
            Hint(wrong=lambda expected: math.log10(expected),
                 message="That is the base-10 log of the ratio, a number on a log scale; the question asks for the "
                 "ratio itself, where 1 would mean no recall bias.",
                 method="Leave out the log: divide the two mean_or values."),
            Hint(wrong=lambda expected: 0.15,
                 message="0.15 is the experiment's setting (the chance that an hour without lifting before the flare "
                 "is recalled as lifting), not a result: the question asks what that recall did to the mean odds "
                 "ratio, read from the table.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or."),
            # the round-4 fresh MPH trial of 05 (issue 22, point 9)
            # computed from the table's rounded mean_or values too, so a relative tolerance: (OR - 1) moves more
            Hint(when=lambda answer, expected: math.isclose(float(answer), _excess_ratio(), rel_tol=2e-3),
                 message="That divides the two odds ratios' distances from 1 (OR − 1, the excess over no effect); "
                 "odds ratios are compared as they are, one divided by the other, so that 1 means no recall bias.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or, without subtracting 1."),
            # the round-5 fresh MPH trial of 05: the ratio taken on the log scale, from the table's rounded values
            Hint(when=lambda answer, expected: math.isclose(float(answer), _log_ratio(), rel_tol=2e-3),
                 message="That divides the two log odds ratios, ln(recalled) ÷ ln(true): a ratio taken on the log "
                 "scale. The question asks for the ratio of the odds ratios themselves, where 1 would mean no "
                 "recall bias.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or, without taking logs."),
            Hint(wrong=lambda expected: float(_recall_table()["bias_percent"].iloc[1] / 100),
                 message="That is the recalled row's `bias_percent` divided by 100: how far its mean OR lies from the "
                 "planted OR, as a fraction. The question compares the two rows' mean ORs with each other, as a ratio.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or."),
            # the round-6 fresh MPH trial of 05: the bias_percent column divided, and the ORs made into
            # probabilities first (an odds ratio treated as an odds)
            Hint(when=lambda answer, expected: _bias_percent_ratio(answer),
                 message="That divides the two rows' `bias_percent` values. Each of them compares a row's mean OR "
                 "with the planted OR, and the true-exposure row's is almost 0, so the quotient is huge and swings "
                 "with rounding. The question compares the two rows' mean ORs with each other.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or."),
            # the round-8 fresh MPH trial of 05: the share of the recalled OR that recall added, 1 − true ÷
            # recalled (the form of an attributable fraction among the exposed); the true-exposure row's mean
            # OR divided by the planted OR (three decimals at least, so that 1, "no bias", is not taken for it)
            Hint(wrong=lambda expected: 1 - 1 / expected,
                 message="That is 1 − true ÷ recalled (or (recalled − true) ÷ recalled): the share of the recalled "
                 "odds ratio that recall added, the form of an attributable fraction. The question asks for the "
                 "plain ratio of the two mean ORs, where 1 would mean no recall bias.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or, and stop there."),
            Hint(when=lambda answer, expected: float(answer) != 1 and math.isclose(
                     float(answer), _true_over_planted(), rel_tol=0, abs_tol=6e-4),
                 message="That divides the true-exposure row's mean OR by the planted OR: how close the diary "
                 "analysis comes to the truth. The question compares the *recalled* row's mean OR with the "
                 "true-exposure row's mean OR.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or."),
            Hint(wrong=lambda expected: _probability_ratio(),
                 message="That first turns each mean OR into OR ÷ (1 + OR), the formula that turns an *odds* into a "
                 "probability, and then divides. An odds ratio is not an odds: the question asks for the ratio of "
                 "the two odds ratios as they are.",
                 method="Divide the recalled row's mean_or by the true-exposure row's mean_or, without converting them."),
        ),
        nudge="Use the `mean_or` column of the `recall` table: one row per kind of exposure data.",
        default_hint="Take the two mean_or values of the table and divide the second (recalled) by the first (true).",
        on_success="Recall after the event inflates the hazard-window exposure only, so the odds ratio is pushed away from 1.",
    ),
    Exercise(
        id="05.best-window",
        objective="window length",
        title="The best window length",
        expected=_best_window,
        precision=decimals(0),
        answer_forms=("effect period of lifting is 2", "effect period (2 h)", "2-h effect period", "acts for 2 hours",
                      "effect period is 2"),
        hints=(
            # the round-8 fresh MPH trial of 05: "2 hours before the onset" typed with a minus sign
            Hint(when=lambda answer, expected: answer < 0,
                 message="A window length is never negative: `hours` counts how far the hazard window reaches back "
                 "before the onset, as a positive number of hours (the table's index runs from 1 to 12).",
                 method="Find the row whose mean_or is nearest 3 on the log scale and give its `hours`."),
            Hint(when=lambda answer, expected: answer in (24, 48),
                 message="24 and 48 hours are where the referent windows lie (a day and two days before onset), not "
                 "hazard window lengths: the answer is a window length from the table's index, `hours` (1 to 12).",
                 method="Find the row whose mean_or is nearest 3 on the log scale and give its `hours`."),
            # A length between two rows (2.5 h) is not an odds ratio: it gets its own message (round-8 trial).
            Hint(when=lambda answer, expected: math.isclose(2 * answer, round(2 * answer), abs_tol=1e-9)
                 and abs(answer - round(answer)) > 1e-9,
                 message="The table has whole hours only (1 to 12): a length between two rows is not one of its "
                 "windows. Pick the row itself, and give its `hours`.",
                 method="Find the row whose mean_or is nearest 3 on the log scale and give its `hours`."),
            # round-10 count: the smallest distance itself (`.min()` where `.idxmin()` was meant) was told "an odds
            # ratio"; each reading now has its own message, and any other fraction a neutral one
            Hint(when=lambda answer, expected: _is_log_distance(answer),
                 message="That is a distance |log(mean_or) − log(3)|, how far a row's estimate lies from 3 (`.min()` "
                 "gives the smallest distance itself). The question asks WHICH row it belongs to: its `hours`.",
                 method="Use `.idxmin()` instead of `.min()`: it gives the index (`hours`) of the smallest distance."),
            Hint(when=lambda answer, expected: any(abs(answer - value) <= 0.005 for value in _window_estimates().values()),
                 message="That looks like an odds ratio (a `mean_or` value), not a window length: the question asks for "
                 "the number of hours, the `hours` of the chosen row (the table's index)."),
            Hint(when=lambda answer, expected: abs(answer - round(answer)) > 1e-9,
                 message="A window length in this table is a whole number of hours (its index, `hours`, runs from 1 to "
                 "12), so the answer has no decimals: it is the `hours` of the chosen row."),
            Hint(wrong=lambda expected: expected - 1,
                 # a round-4 trial: idxmin on a table numbered from 0 gives the row's position, not its hours
                 message="Did you take a row's position (argmin, or idxmin on a table whose rows are numbered from "
                 "0)? Positions count from 0; the answer is the `hours` of that row. If you chose the 1-h window "
                 "itself: a window shorter than the effect period leaves part of the effect outside it, so its mean "
                 "lies below the planted 3.",
                 method="Find the row whose mean_or is nearest 3 on the log scale and give its `hours` (the "
                 "`lengths` table's index)."),
            Hint(when=lambda answer, expected: answer >= 60 and answer % 60 == 0,
                 message="That looks like minutes; the table's index, `hours`, gives the window length in hours.",
                 method="Read the `hours` value of the row whose mean_or is nearest 3 on the log scale."),
            Hint(when=lambda answer, expected: answer == 3 and expected != 3,
                 message="3 is the planted odds ratio, the value the mean_or column is compared with, not a window "
                 "length: the answer is a number of hours from the table's index, `hours`.",
                 method="Find the row whose mean_or is nearest 3 on the log scale and give its `hours`."),
            # the round-5 fresh MPH trial of 05: the window nearest 2, the planted OR of the notebook's other
            # experiments, and 0, where the hazard window starts
            Hint(when=lambda answer, expected: answer == _window_nearest(2.0) != expected,
                 message="That window's mean is nearest 2, the planted odds ratio of most experiments in this "
                 "notebook. This experiment planted an odds ratio of 3 (the red line of the plot).",
                 method="Find the row whose mean_or is nearest 3 on the log scale and give its `hours`."),
            Hint(when=lambda answer, expected: answer == 0,
                 message="0 is where a hazard window starts (at the onset), not a length: the table's index, "
                 "`hours`, runs from 1 to 12.",
                 method="Find the row whose mean_or is nearest 3 on the log scale and give its `hours`."),
            Hint(when=lambda answer, expected: answer > 6,
                 message="Long windows dilute the estimate towards 1.",
                 method="Look for the estimate nearest 3 on the log scale."),
        ),
        nudge="Take the row of `lengths` whose mean_or is nearest the planted 3 of this experiment, and give its `hours`.",
        default_hint="Compute |log(mean_or) − log(3)| for each row of `lengths`, find the row where it is smallest, and "
        "give that row's `hours`.",
        on_success="Over many studies the estimate closest to the truth comes from the window equal to the true effect "
        "period. (Here it is also the largest mean; but choosing, in one study, the window with the largest "
        "estimate is another rule, and section 5b shows that it is biased.)",
    ),
    Exercise(
        id="05.which-unbiased",
        # A prediction: the bias lab of section 6, just after it, shows the answer ("Exposure changes after
        # the flare"), so the exercise comes before the lab and the lab is the check.
        predict=True,
        objective="unidirectional, bidirectional and time-stratified",
        title="Referent schemes when exposure changes after the flare",
        # Computed from the replicated experiment of section 7b (the schemes with no row flagged biased).
        expected=_unbiased_schemes,
        kind="choices",
        options=("a", "b", "c"),
        answer_forms=("only referents before the event are valid", "Only referents before the event",
                      "only the unidirectional", "only unidirectional referents",
                      # how a glossary entry would state it
                      "possible when the event changes later", "assume the event does not change later exposure",
                      "assumes the event does not change later exposure"),
        hints=(
            Hint(wrong=lambda expected: "none",
                 message="'none' says that every scheme is biased here. Behaviour that changes after the flare can "
                 "only reach referent days that lie after the onset.",
                 method="For each scheme, ask whether any of its referent days can fall in the two weeks after the "
                 "onset; give the letters of the schemes whose referents never do."),
            Hint(wrong=lambda expected: ", ".join(sorted(set(_SCHEMES) - set(expected))),
                 message="That is the answer for a time trend (section 1), where the unidirectional scheme was the "
                 "biased one. Here lifting has no trend and no calendar pattern: what changes is lifting in the two "
                 "weeks *after* a flare. (Or did you list the schemes that are biased? The question asks for those "
                 "free of bias.)",
                 method="For each scheme, ask whether any of its referent days can fall in the two weeks after the "
                 "onset, when people lift less."),
            Hint(wrong=lambda expected: "a, b, c",
                 # a round-3 trial found the old message named the two biased schemes: it now asks, not tells
                 message="Not all three: at least one scheme compares the onset with days when people's lifting has "
                 "already changed because of the flare.",
                 method="For each scheme, ask whether any of its referent days can fall in the two weeks after the "
                 "onset, when people lift less."),
            Hint(wrong=lambda expected: "c",
                 message="Fixed strata protect against a trend and a calendar pattern, but a flare early in a month has "
                 "its time-stratified referents after it, in the weeks when people lift less.",
                 method="Ask, for each scheme, whether any of its referent days can fall after the onset."),
            Hint(when=lambda answer, expected: "b" in str(answer).lower(),
                 message="The bidirectional scheme's referent a week after the onset falls in the two weeks when people "
                 "lift less, so the hazard window looks more exposed than it should.",
                 method="Ask, for each scheme, whether any of its referent days can fall after the onset."),
            Hint(when=lambda answer, expected: "c" in str(answer).lower(),
                 message="A time-stratified referent can fall after the onset (a flare early in the month has all its "
                 "referents after it), in the weeks when people lift less.",
                 method="Ask, for each scheme, whether any of its referent days can fall after the onset."),
        ),
        nudge="Where do each scheme's referent days lie relative to the onset, and how much do people lift then?",
        default_hint="Keep the schemes whose referent days can never fall in the two weeks after the onset.",
        on_success="Only referents before the onset are untouched by behaviour that changes after it; a trend then has "
        "to be handled another way (case-time-control).",
    ),
]
