"""Exercises of notebooks/03_case_crossover_logic.ipynb.

Expected values are recomputed from the kit's data and from the same seeded simulations the
notebook runs (``SEED`` below), never typed in.
"""

import math
from functools import lru_cache

from lbpkit.exercises.checker import Exercise, Hint, decimals, significant
from lbpkit.exercises.judging import _normalise_letters, matches

# The seed of notebook 03's simulations, in one place: the notebook imports it from here
# (``from lbpkit.exercises.bank.nb03 import SEED``), so notebook and checks always agree.
SEED = 303
# The start of the one referent window of exercise 03.pair-or, in hours before onset (section 4 of the
# notebook uses the same window, 72-74 h).
REFERENT_HOURS_BEFORE = 72
# The odds ratio planted in the lifting diaries of section 4 (the notebook's cell uses the same value).
PLANTED_PAIR_OR = 3.0
# The made-up division that the prompt of 03.pair-or shows as an example of typing an answer by hand
# (`answer_pair_or = 14 / 9`); chosen to be near no answer and no misconception of the exercise, and
# named by its own hint when typed as it stands (round-6 trial: the old example, 12 / 5, was told
# "you subtracted referent_only").
PAIR_OR_EXAMPLE = (14, 9)


# Exercise 03.which-pairs: a small made-up study of gardening before a flare (one referent window per
# person, the same 2 hours three days earlier). The notebook shows this table; the answer is computed from it.
GARDENING_DIARIES = (
    # (name, gardened in the 2 h before the flare, gardened in the same 2 h three days earlier)
    ("Anna", "yes", "yes"),
    ("Ben", "yes", "no"),
    ("Carla", "no", "no"),
    ("Dina", "no", "yes"),
    ("Erik", "yes", "no"),
    ("Frida", "yes", "yes"),
    ("Hanna", "no", "yes"),
)


def gardening_table():
    """GARDENING_DIARIES as the table the notebook shows (one row per person)."""
    import pandas as pd

    return pd.DataFrame(GARDENING_DIARIES, columns=["person", "gardened 0–2 h before the flare",
                                                    "gardened 72–74 h before the flare (3 days earlier)"]).set_index("person")


def _people(keep) -> str:
    return ", ".join(name for name, before, earlier in GARDENING_DIARIES if keep(before, earlier))


def _informative_people() -> set[str]:
    return {name.lower() for name, before, earlier in GARDENING_DIARIES if before != earlier}


def _answer_names(answer) -> list[str]:
    """The names in an answer, read as the checker reads them (commas, quotes, case)."""
    return _normalise_letters(answer) or []


@lru_cache(maxsize=1)
def _diary_study():
    from lbpkit.estimate import discordant_pairs
    from lbpkit.crossover import diary_to_case_crossover
    from lbpkit.simulate import events_from_diary, simulate_diary

    diary = simulate_diary(300, 7 * 24, seed=SEED, odds_ratio=PLANTED_PAIR_OR, exposure_prob=0.08, event_prob=0.002)
    # The exercise's referent is 72-74 h before onset; the window explorer of section 6 opens at a
    # 24-h offset, so nothing below the exercise shows its answer.
    pairs = diary_to_case_crossover(diary, hazard=(0, 2), referents=[(REFERENT_HOURS_BEFORE, REFERENT_HOURS_BEFORE + 2)],
                                    warn=False)
    return diary, events_from_diary(diary), discordant_pairs(pairs, "case", "exposure", "stratum")


def _counts():
    return _diary_study()[2]


def _pair_or() -> float:
    counts = _diary_study()[2]
    return counts["case_only"] / counts["referent_only"]


@lru_cache(maxsize=1)  # read from the data file once: every hint of 03.bdendo-mcnemar asks
def _bdendo11_counts() -> tuple[int, int]:
    from lbpkit.data import load

    t = load("casecrossover_worked_examples").query("example_id == 'bdendo11'").set_index("quantity")["value"]
    return int(t["pairs_case_only_exposed"]), int(t["pairs_control_only_exposed"])


@lru_cache(maxsize=1)
def _bdendo11_pairs() -> int:
    """All pairs of the bdendo11 data (concordant and discordant), as the notebook text says: 63."""
    from lbpkit.data import load

    t = load("casecrossover_worked_examples").query("example_id == 'bdendo11'").set_index("quantity")["value"]
    return int(t[["pairs_both_exposed", "pairs_case_only_exposed", "pairs_control_only_exposed", "pairs_neither_exposed"]].sum())


@lru_cache(maxsize=1)
def _section3_odds_ratios() -> tuple[float, ...]:
    """The odds ratios section 3 shows (heavy-job confounder): its planted 2, both mean estimates over the
    200 studies, and both estimates of the first study, as the notebook computes them."""
    from lbpkit.labs import one_study, self_matching_experiment

    confounded = self_matching_experiment(seed=SEED, replicates=200, odds_ratio=2.0, confounder_strength=4.0)
    return (2.0, *confounded["mean_or"].astype(float), *one_study(confounded)["odds_ratio"].astype(float))


def _lifting_mcnemar() -> float:
    """McNemar's chi-square of the lifting pairs of section 4 (printed in the table above the exercise)."""
    n = _counts()
    return (n["case_only"] - n["referent_only"]) ** 2 / (n["case_only"] + n["referent_only"])


def _lifting_mcnemar_p() -> float:
    """The p-value of McNemar's test on the lifting pairs (the table after 03.pair-or shows it, rounded)."""
    import scipy.stats

    return float(scipy.stats.chi2.sf(_lifting_mcnemar(), df=1))


def _p_values_shown() -> tuple[float, ...]:
    """P-values a learner may take for the statistic: the lifting table's, as computed and as shown, 0.05, and
    the Breslow–Day pairs' own (round-8 trial: computed with scipy and given for the statistic)."""
    import scipy.stats

    p = _lifting_mcnemar_p()
    return p, round(p, 3), 0.05, float(scipy.stats.chi2.sf(_mcnemar(), df=1))


def _chi2_critical() -> float:
    """The chi-square on 1 degree of freedom that gives p = 0.05 (3.84)."""
    import scipy.stats

    return float(scipy.stats.chi2.ppf(0.95, df=1))


def _mcnemar() -> float:
    b, c = _bdendo11_counts()
    return (b - c) ** 2 / (b + c)


def _bd(formula) -> float:
    """A formula of the Breslow–Day counts b and c (for the hints that recognise a slip in McNemar's)."""
    return formula(*_bdendo11_counts())


def _mcnemar_corrected() -> float:
    b, c = _bdendo11_counts()
    return (abs(b - c) - 1) ** 2 / (b + c)


def _no_confounder_choice() -> str:
    from lbpkit.labs import self_matching_experiment

    t = self_matching_experiment(seed=SEED, replicates=200, confounder_strength=1.0)
    unbiased = ~t["biased"]  # replicate means within 5% of the truth, or their Monte Carlo interval includes 0
    naive, matched = bool(unbiased.iloc[0]), bool(unbiased.iloc[1])
    return "c" if naive and matched else ("a" if naive else "b")


def _long_window_choice() -> str:
    from lbpkit.widgets import window_explorer_state

    _, onsets, _ = _diary_study()
    diary = _diary_study()[0]
    short = window_explorer_state(onsets, diary, hazard_length=2, referent_offsets=[24])["odds_ratio"]
    wide = window_explorer_state(onsets, diary, hazard_length=8, referent_offsets=[24])["odds_ratio"]
    if abs(wide / short - 1) < 0.05:
        return "b"
    return "a" if abs(wide - 1) < abs(short - 1) else "c"


EXERCISES = [
    Exercise(
        id="03.predict-no-confounder",
        predict=True,
        objective="self-matching removes stable confounders",
        title="Self-matching without a confounder",
        expected=_no_confounder_choice,
        kind="choice",
        options=("a", "b", "c"),
        answer_forms=("both, up to sampling error", "not biased either"),
        hints=(
            Hint(wrong=lambda expected: "b",
                 message="Self-matching protects against confounding by stable traits. With confounder_strength=1.0, what made the naive "
                 "comparison of cases with other people biased in the first run?",
                 method="Ask whether, with the job making no difference, the people without a flare still lift less than the cases usually do."),
            Hint(wrong=lambda expected: "a",
                 message="Would the self-matched analysis become biased when the job stops mattering? It compares each case with "
                 "his or her own earlier hours, whatever the job does."),
        ),
        nudge="Ask yourself what made the naive comparison biased in the first run, and whether it is still there.",
        default_hint="With confounder_strength=1.0 heavy-job workers lift and flare like everyone else: is there still anything "
        "for the naive comparison of different people to be confounded by?",
        on_success="Self-matching is needed because people differ; if they did not, other people would be fine controls.",
    ),
    Exercise(
        id="03.pair-or",
        objective="count discordant pairs",
        title="Matched-pair odds ratio b/c",
        expected=_pair_or,
        precision=significant(3),
        hints=(
            # First: 3 is also 3.375 rounded to one digit, but typed as the truth it is not a rounding.
            # Round-8 trial: 3 was also typed as this study's b/c rounded to a whole number, and was told
            # only "that is the planted odds ratio": the message names both ways of arriving at it.
            Hint(wrong=lambda expected: PLANTED_PAIR_OR,
                 message="That is the planted odds ratio, the truth built into the simulation; if you did compute "
                 "this study's estimate, a whole number rounds it more coarsely than asked (three significant "
                 "digits). The exercise asks for this one study's estimate, computed from its four counts; one "
                 "study lands near the truth, seldom on it (sampling error).",
                 method="Use the counts printed above: which two kinds of pair enter b/c?"),
            Hint(wrong=lambda expected: _counts()["neither"] / _counts()["both"],
                 message="You divided the two concordant counts (neither by both): those people did the same in both "
                 "windows, so they say nothing about a trigger.",
                 method="Use the discordant pairs instead: exposed in the hazard window only, and in the referent window only."),
            Hint(wrong=lambda expected: _counts()["both"] / _counts()["neither"],
                 message="You divided the two concordant counts (both by neither): those people did the same in both "
                 "windows, so they say nothing about a trigger.",
                 method="Use the discordant pairs instead: exposed in the hazard window only, and in the referent window only."),
            Hint(wrong=lambda expected: math.log(expected),
                 message="That looks like the logarithm of the odds ratio (the log scale), not the odds ratio itself.",
                 method="Give the plain ratio of the two discordant counts, without taking its log."),
            Hint(wrong=lambda expected: 1 / expected, message="You divided the other way round.",
                 method="The numerator is the pairs exposed in the hazard (case) window only."),
            Hint(wrong=lambda expected: _cross_product(),
                 message="That is the odds ratio of an unmatched 2×2 table of windows, which ignores the pairing.",
                 method="In matched pairs only the discordant pairs count."),
            Hint(wrong=lambda expected: _counts()["case_only"] / _counts()["neither"],
                 message="The denominator is the pairs exposed in neither window; those are concordant and say nothing "
                 "about a trigger.",
                 method="Divide by the other kind of discordant pair: exposed in the referent window only."),
            Hint(wrong=lambda expected: (_counts()["both"] + _counts()["case_only"]) / (_counts()["both"] + _counts()["referent_only"]),
                 message="That compares all exposed hazard windows with all exposed referent windows, so the pairs exposed "
                 "in both windows are counted on both sides.",
                 method="Leave out the concordant pairs: only case_only and referent_only enter."),
            Hint(wrong=lambda expected: _counts()["case_only"] - _counts()["referent_only"],
                 message="That is a difference of counts; an odds ratio divides one count by the other."),
            Hint(wrong=lambda expected: _counts()["case_only"] / (_counts()["case_only"] + _counts()["referent_only"]),
                 message="That is the share of the discordant pairs that are case_only (a proportion of all discordant "
                 "pairs); the odds ratio compares the two kinds of discordant pair with each other.",
                 method="Divide case_only by referent_only, not by their sum."),
            Hint(wrong=lambda expected: (_counts()["both"] + _counts()["case_only"]) / _counts().sum(),
                 message="That is the proportion of hazard windows with lifting (a percentage-like share), not an odds ratio; "
                 "it ignores the referent windows.",
                 method="Compare the two kinds of discordant pair: case_only against referent_only."),
            Hint(wrong=lambda expected: expected * 100,
                 message="An odds ratio is a plain ratio, not a percentage: do not multiply by 100."),
            # Round-4 fresh trial: the wrong row or a denominator of all pairs.
            Hint(wrong=lambda expected: _counts()["case_only"] / _counts()["both"],
                 message="Your denominator is `both`, the pairs with lifting in both windows: those people did the "
                 "same at both times (concordant), so they say nothing about a trigger.",
                 method="Divide by the other kind of discordant pair: exposed in the referent window only."),
            Hint(wrong=lambda expected: _counts()["case_only"] / _counts().sum(),
                 message="Your denominator is all the pairs, concordant ones included: that is a share of all "
                 "pairs, not an odds ratio.",
                 method="The odds ratio compares the two kinds of discordant pair with each other."),
            Hint(wrong=lambda expected: (_counts()["case_only"] + _counts()["referent_only"]) / _counts().sum(),
                 message="That is the share of all pairs that are discordant (b + c out of all pairs); the odds "
                 "ratio compares the two kinds of discordant pair with each other.",
                 method="Divide one kind of discordant pair by the other, b by c."),
            Hint(wrong=lambda expected: _bd(lambda b, c: b / c),
                 message="Those are the Breslow–Day pairs of the published check further down, another study.",
                 method="Use the four counts printed just above this exercise: case_only divided by referent_only."),
            # Round-5 fresh trial: the wrong row of the 2x2 table on top, and the excess (OR - 1).
            Hint(wrong=lambda expected: _counts()["both"] / _counts()["referent_only"],
                 message="Your numerator is `both`, the pairs with lifting in both windows: those people did the "
                 "same at both times (concordant), so they say nothing about a trigger. The denominator is right.",
                 method="Put the other kind of discordant pair on top: exposed in the hazard window only."),
            Hint(wrong=lambda expected: (_counts()["case_only"] - _counts()["referent_only"]) / _counts()["referent_only"],
                 message="You subtracted referent_only before dividing: (b − c) / c measures how much b exceeds c, "
                 "relative to c (an excess), not the odds ratio itself.",
                 method="The odds ratio is the plain ratio of the two discordant counts: nothing is subtracted."),
            # Round-6 fresh trial: the prompt's example typed as it stands, the excess in percent, the share of the
            # discordant pairs that are referent_only, the odds of exposure in the hazard windows, and two
            # ratios of a concordant and a discordant count read off the wrong row or column.
            # when=, not wrong=: the example is copied as typed (14 / 9); a coarser 1.6 is another slip
            # (round-10 trial: referent_only / both, 8 / 5, was told it was the example)
            Hint(when=lambda answer, expected: matches(answer, PAIR_OR_EXAMPLE[0] / PAIR_OR_EXAMPLE[1], rel_tol=5e-3),
                 message=f"That is the example from the instructions ({PAIR_OR_EXAMPLE[0]} / {PAIR_OR_EXAMPLE[1]}), "
                 "which only shows how to type a division: its numbers are made up.",
                 method="Put this study's own counts, printed above the exercise, in their place."),
            Hint(wrong=lambda expected: 100 * (_counts()["case_only"] - _counts()["referent_only"]) / _counts()["referent_only"],
                 message="That is how many percent more pairs are case_only than referent_only, 100 × (b − c) / c "
                 "(an excess in percent); the odds ratio is the plain ratio, with nothing subtracted and no × 100.",
                 method="Divide case_only by referent_only and leave it as a ratio."),
            Hint(wrong=lambda expected: _counts()["referent_only"] / (_counts()["case_only"] + _counts()["referent_only"]),
                 message="That is the share of the discordant pairs that are referent_only, c / (b + c): a proportion, "
                 "and of the wrong kind on top. The odds ratio compares the two kinds of discordant pair with each other.",
                 method="Put the pairs exposed in the hazard window only on top, and referent_only (alone) below."),
            Hint(wrong=lambda expected: _counts()["referent_only"] / _counts()["neither"],
                 message="Your denominator is `neither`, the pairs with no lifting in either window: concordant pairs "
                 "say nothing about a trigger. The numerator is the wrong kind of discordant pair, too.",
                 method="Only the two discordant counts enter: case_only on top, referent_only below."),
            Hint(wrong=lambda expected: (_counts()["both"] + _counts()["case_only"]) / (_counts()["referent_only"] + _counts()["neither"]),
                 message="That is the odds of lifting in the hazard windows (exposed against unexposed hazard windows); "
                 "it leaves out the referent windows, and an odds ratio compares two odds.",
                 method="In matched pairs the odds ratio is simply b/c: case_only divided by referent_only."),
            Hint(wrong=lambda expected: _counts()["both"] / _counts()["case_only"],
                 message="Your numerator is `both`, a concordant count (lifting in both windows), and case_only is "
                 "below instead of on top.",
                 method="Use the two discordant counts only: case_only on top, referent_only below."),
            Hint(wrong=lambda expected: _counts()["neither"] / _counts()["referent_only"],
                 message="Your numerator is `neither`, a concordant count (no lifting in either window): those people "
                 "did the same at both times, so they say nothing about a trigger. The denominator is right.",
                 method="Put the other kind of discordant pair on top: exposed in the hazard window only."),
            # Round-7 fresh trial: the cross-product a·d / (b·c) of an ordinary 2x2 table of people, and
            # case_only over every pair whose hazard window had no lifting, b / (c + d).
            Hint(wrong=lambda expected: _counts()["both"] * _counts()["neither"] / (_counts()["case_only"] * _counts()["referent_only"]),
                 message="That is the cross-product a·d / (b·c) (both × neither, divided by case_only × referent_only), "
                 "the odds ratio formula of an ordinary 2×2 table of people. This table counts pairs of windows of "
                 "the same person: both and neither are concordant pairs, which say nothing about a trigger.",
                 method="In a table of matched pairs the odds ratio uses only the two discordant counts, one divided by the other."),
            Hint(wrong=lambda expected: _counts()["case_only"] / (_counts()["referent_only"] + _counts()["neither"]),
                 message="Your denominator is referent_only + neither, all the pairs without lifting in the hazard "
                 "window; `neither` is a concordant count (no lifting at either time) and says nothing about a trigger.",
                 method="Leave `neither` out of the denominator: only the two kinds of discordant pair enter."),
            # Round-8 fresh trial: the two discordant counts added, case_only over all pairs with lifting in the
            # hazard window, and an odds ratio read off section 3's tables (another simulation).
            Hint(wrong=lambda expected: _counts()["case_only"] + _counts()["referent_only"],
                 message="That is b + c, the number of discordant pairs (case_only + referent_only) added up; the "
                 "odds ratio compares the two kinds of discordant pair with each other.",
                 method="Put the two discordant counts in a ratio, not a sum."),
            Hint(wrong=lambda expected: _counts()["case_only"] / (_counts()["both"] + _counts()["case_only"]),
                 message="That is the share of the pairs with lifting in the hazard window that are case_only, "
                 "b / (a + b); `both` is a concordant count (lifting at both times) and says nothing about a trigger.",
                 method="The odds ratio compares the two kinds of discordant pair with each other."),
            # Round-10 fresh trial: the wrong kind of discordant pair over a concordant count (c / a), a concordant
            # count over case_only (d / b), and the difference of the shares of exposed windows, (b − c) / all pairs,
            # as a proportion and in percentage points.
            Hint(wrong=lambda expected: _counts()["referent_only"] / _counts()["both"],
                 message="Your numerator is referent_only, the discordant pairs of the wrong kind, and your "
                 "denominator is `both`, a concordant count (lifting at both times) that says nothing about a trigger.",
                 method="Use the two discordant counts only: case_only on top, referent_only below."),
            Hint(wrong=lambda expected: _counts()["neither"] / _counts()["case_only"],
                 message="Your numerator is `neither`, a concordant count (no lifting at either time) that says "
                 "nothing about a trigger, and case_only is below instead of on top.",
                 method="Use the two discordant counts only: case_only on top, referent_only below."),
            Hint(wrong=lambda expected: (_counts()["case_only"] - _counts()["referent_only"]) / _counts().sum(),
                 message="That is a difference of two shares: the share of hazard windows with lifting minus the "
                 "share of referent windows with lifting, (b − c) / all pairs. An odds ratio divides instead of "
                 "subtracting, and uses the discordant pairs only.",
                 method="Divide one kind of discordant pair by the other: case_only by referent_only."),
            Hint(wrong=lambda expected: 100 * (_counts()["case_only"] - _counts()["referent_only"]) / _counts().sum(),
                 message="That is a difference in percentage points: the percent of hazard windows with lifting "
                 "minus the percent of referent windows with lifting. An odds ratio is a plain ratio (no %), and "
                 "it divides one discordant count by the other instead of subtracting.",
                 method="Divide case_only by referent_only and leave it as a ratio."),
            Hint(when=lambda answer, expected: any(matches(answer, value, rel_tol=0.01) for value in _section3_odds_ratios()),
                 message="That looks like an odds ratio from section 3's simulation (the heavy-job studies, planted "
                 "odds ratio 2), another study: this exercise is about the lifting diaries of section 4.",
                 method="Use the four counts printed just above this exercise: which two kinds of pair enter b/c?"),
        ),
        nudge="Which of the four kinds of pair can tell you whether exposure came just before the flare?",
        default_hint="Use only the two kinds of discordant pairs: case_only divided by referent_only.",
        on_success="Concordant pairs do not enter the matched-pair odds ratio at all.",
    ),
    Exercise(
        id="03.bdendo-mcnemar",
        objective="count discordant pairs",
        title="McNemar's chi-square for the Breslow–Day pairs",
        expected=_mcnemar,
        precision=decimals(1),
        hints=(
            Hint(wrong=lambda expected: _bd(lambda b, c: abs(b - c) / (b + c) ** 0.5),
                 message="That is the square root of the statistic (a z value), not the chi-square.",
                 method="Square the difference before dividing by b + c."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) / (b + c)),
                 message="The difference b − c is not squared in that value (b and c themselves look right).",
                 method="Square the difference b − c before dividing by b + c; in Python a square is `** 2` (`^` is not a power)."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) ** 2),
                 message="That is (b − c)² without dividing by b + c.",
                 method="Divide the squared difference by the number of discordant pairs, b + c."),
            Hint(wrong=lambda expected: _bd(lambda b, c: b / c),
                 message="That is b / c, the matched-pair odds ratio, not McNemar's chi-square.",
                 method="The chi-square is (b − c)² / (b + c)."),
            # b² − c² = (b − c)(b + c), so squaring b and c separately also lands on b − c (round-5 trial)
            Hint(wrong=lambda expected: _bd(lambda b, c: b - c),
                 message="That equals b − c. Three slips give it: stopping after the first step; dividing (b − c)² by "
                 "b − c instead of by b + c; or squaring b and c each on their own (b² − c², divided by b + c, "
                 "is b − c again). McNemar's squares the difference, not each count.",
                 method="Square b − c and divide by the sum b + c, in brackets: "
                 "`(bd_case_only - bd_control_only) ** 2 / (bd_case_only + bd_control_only)`."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) ** 2 / b + c),
                 message="Python divided by b and then added c: without brackets, `/ b + c` is not `/ (b + c)`.",
                 method="Put the denominator in brackets: `/ (b + c)`."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) ** 2 / (b * c)),
                 message="b and c look right, but the denominator multiplies them (b × c); McNemar's divides by their sum, b + c.",
                 method="(b − c)² / (b + c)."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) ** 2) / _bdendo11_pairs(),
                 message="Your denominator is all the pairs, concordant ones included; McNemar's divides by the discordant "
                 "pairs only (b + c).",
                 method="(b − c)² / (b + c)."),
            # Round-6 fresh trial: the lifting odds ratio, read off the table just above the Breslow–Day counts.
            Hint(wrong=lambda expected: _pair_or(),
                 message="That is the odds ratio b/c of the lifting pairs of section 4 (the table after 03.pair-or), "
                 "not a chi-square, and of another study: this exercise is about the Breslow–Day pairs.",
                 method="Compute (b − c)² / (b + c) with bd_case_only (b) and bd_control_only (c)."),
            Hint(wrong=lambda expected: _lifting_mcnemar(),
                 message="That is McNemar's chi-square of the lifting pairs of section 4 (the table after 03.pair-or); "
                 "this exercise is about the Breslow–Day pairs.",
                 method="Use bd_case_only (b) and bd_control_only (c), printed just above the exercise."),
            # Round-7 fresh trial: b and c squared each on their own and the squares added, (b² + c²) / (b + c).
            Hint(wrong=lambda expected: _bd(lambda b, c: (b ** 2 + c ** 2) / (b + c)),
                 message="You squared b and c each on their own and added the squares (b² + c²); McNemar's squares "
                 "the difference of the two counts, b − c, in one go.",
                 method="Subtract first, then square: `(bd_case_only - bd_control_only) ** 2`, then divide by the sum b + c."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b + c) ** 2 / (b - c)),
                 message="Numerator and denominator are swapped: you squared the sum b + c and divided by the difference.",
                 method="Square the difference b − c, then divide by the sum b + c."),
            Hint(wrong=lambda expected: _chi2_critical(),
                 message="That is the chi-square that gives p = 0.05 on 1 degree of freedom, the yardstick a statistic is "
                 "compared with, not the statistic of these pairs.",
                 method="Compute (b − c)² / (b + c) from the two Breslow–Day counts."),
            # Formula slips of the round-3 trial and the round-4 review, each named (b and c right, a step wrong).
            Hint(wrong=lambda expected: _bd(lambda b, c: (c - b) / (b + c)),
                 message="The difference b − c is not squared in that value (b and c themselves look right); "
                 "squared, its sign would not matter.",
                 method="Square the difference b − c before dividing by b + c; in Python a square is `** 2`."),
            # when=: to one decimal this is the unsquared value's 0.8, which the hint above names
            Hint(when=lambda answer, expected: matches(answer, _bd(lambda b, c: ((b - c) ^ 2) / (b + c)), rel_tol=0.01),
                 message="In Python `^` is not a power (it compares the bits of two whole numbers), so b − c was "
                 "not squared.",
                 method="Write the square as `** 2`: `(b - c) ** 2`."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) * 2 / (b + c)),
                 message="You doubled b − c (`* 2`) instead of squaring it.",
                 method="A square is `** 2` (two stars)."),
            Hint(wrong=lambda expected: _bd(lambda b, c: b - c ** 2 / (b + c)),
                 message="Only c was squared and divided: without brackets around b − c, Python squares and divides "
                 "before it subtracts.",
                 method="Put the difference in brackets before squaring: `(b - c) ** 2`."),
            Hint(wrong=lambda expected: _bd(lambda b, c: b + c),
                 message="That equals b + c, the number of discordant pairs: the difference b − c is what is squared "
                 "(or the square was divided away again).",
                 method="(b − c)² / (b + c)."),
            Hint(wrong=lambda expected: _bd(lambda b, c: b - c / b + c),
                 message="Without brackets Python divided c by b and then subtracted and added: both the difference "
                 "and the sum need brackets.",
                 method="`(b - c) ** 2 / (b + c)`."),
            # when=, not wrong=: at one decimal place every value below 0.05 would be "0.0" and match
            Hint(when=lambda answer, expected: matches(answer, _bd(lambda b, c: (b - c) / (b + c) ** 2), rel_tol=0.05),
                 message="You squared the denominator b + c instead of the difference b − c.",
                 method="Square b − c, and divide by b + c unsquared."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) ** 2 / (b + c) ** 2),
                 message="You squared the denominator b + c as well; only the difference b − c is squared.",
                 method="Divide (b − c)² by b + c itself."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) ** 2 / b),
                 message="You divided by b alone; McNemar's divides by the sum b + c.",
                 method="Put the sum in brackets: `/ (b + c)`."),
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) ** 2 / c),
                 message="You divided by c alone; McNemar's divides by the sum b + c.",
                 method="Put the sum in brackets: `/ (b + c)`."),
            Hint(wrong=lambda expected: _bd(lambda b, c: c / b),
                 message="That is c / b, the matched-pair odds ratio turned upside down, not McNemar's chi-square.",
                 method="The chi-square is (b − c)² / (b + c)."),
            # when=: at one decimal place every value below 0.05 would be "0.0" and match
            Hint(when=lambda answer, expected: matches(answer, _bd(lambda b, c: (b + c) / (b - c) ** 2), rel_tol=0.05),
                 message="Numerator and denominator are the wrong way round: you divided the sum b + c by the "
                 "squared difference.",
                 method="Put the squared difference (b − c)² on top and the sum b + c below."),
            # when=: at one decimal place every value below 0.05 would be "0.0" and match (round-5 trial:
            # the lifting table's mcnemar_p, printed just above, typed as the statistic)
            Hint(when=lambda answer, expected: any(matches(answer, p, rel_tol=0.05) for p in _p_values_shown()),
                 message="That looks like a p-value (a probability, between 0 and 1), such as the `mcnemar_p` of "
                 "the lifting table above. The exercise asks for the chi-square statistic itself, which the "
                 "p-value is computed from.",
                 method="Compute (b − c)² / (b + c) from the two Breslow–Day counts."),
            # Round-8 fresh trial: the concordant pairs (all 63 minus b + c) as the denominator.
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) ** 2 / (_bdendo11_pairs() - b - c)),
                 message="Your denominator is the concordant pairs (all the pairs minus b + c); McNemar's divides by "
                 "the discordant pairs, b + c.",
                 method="(b − c)² / (b + c)."),
            # Round-10 fresh trial: half and twice the statistic (one cell's Pearson term, or (b − c)² over half of b + c).
            Hint(wrong=lambda expected: _bd(lambda b, c: (b - c) ** 2 / (2 * (b + c))),
                 message="That is half the statistic: (b − c)² divided by 2 × (b + c), or the term (O − E)² / E of "
                 "only one of the two discordant cells (E = (b + c) / 2). McNemar's counts both cells, which gives "
                 "(b − c)² / (b + c).",
                 method="Divide (b − c)² by b + c itself, once."),
            Hint(wrong=lambda expected: _bd(lambda b, c: 2 * (b - c) ** 2 / (b + c)),
                 message="That is twice the statistic: (b − c)² divided by half of b + c (or the result doubled). "
                 "McNemar's divides by the whole sum b + c.",
                 method="Divide (b − c)² by b + c itself, once."),
            Hint(wrong=lambda expected: _mcnemar_corrected(),
                 message="That is the continuity-corrected statistic, (|b − c| − 1)² / (b + c), a valid variant; "
                 "the question asks for the uncorrected (b − c)² / (b + c), which the published value uses."),
        ),
        # The first try no hint recognises: most such answers had b and c right and a formula step
        # wrong (round 3 trial), so the nudge walks the formula, not the counts.
        nudge="Check your working one step at a time: b − c first, then its square (`** 2`), then that square "
        "divided by the sum b + c (in brackets). b and c are the two printed Breslow–Day counts.",
        near_hint="Close, but not within rounding of the answer: round only at the end, and divide with `/` "
        "(`//` drops the decimals)",
        default_hint="The statistic is (b − c)² / (b + c): only the discordant pairs enter it. In Python: "
        "`(bd_case_only - bd_control_only) ** 2 / (bd_case_only + bd_control_only)`.",
        on_success="It agrees with the published Mantel–Haenszel chi-square, as it must for 1:1 pairs.",
    ),
    Exercise(
        id="03.predict-long-window",
        predict=True,
        objective="move windows",
        title="A hazard window longer than the effect period",
        expected=_long_window_choice,
        kind="choice",
        options=("a", "b", "c"),
        answer_forms=("towards 1", "toward 1", "odds ratio is diluted"),
        hints=(
            Hint(wrong=lambda expected: "b",
                 message="The window now holds 6 hours in which lifting cannot have triggered the flare. Can adding them leave the contrast unchanged?"),
            Hint(wrong=lambda expected: "c",
                 message="A longer window catches more lifting, but it catches more lifting in the referent window too. Which hours can have caused the flare?"),
        ),
        nudge="In how many of the 8 hours of the wider window can lifting have triggered the flare?",
        default_hint="Only lifting in the 2 hours before onset can trigger the flare; think about what the other 6 hours add to both windows.",
        on_success="Hours outside the effect period add exposure that is unrelated to the flare, and the contrast is diluted.",
    ),
    Exercise(
        id="03.which-pairs",
        objective="count discordant pairs",
        title="Whose diary carries the information?",
        # An application, not recall: a new small study (GARDENING_DIARIES) in which the learner
        # decides, person by person, whose two windows differ. The answer is computed from the table.
        expected=lambda: _informative_people(),
        kind="choices",
        options=tuple(name for name, _, _ in GARDENING_DIARIES),
        answer_forms=(", ".join(sorted(_informative_people())),
                      ", ".join(name for name, before, earlier in GARDENING_DIARIES if before != earlier)),
        hints=(
            Hint(wrong=lambda expected: _people(lambda before, earlier: before == "yes"),
                 message="You picked everyone who gardened just before the flare. But some of them also gardened at the same "
                 "time three days earlier: for them, gardening before the flare was nothing unusual.",
                 method="For each person compare the two columns: only a person whose two answers differ tells you anything."),
            Hint(wrong=lambda expected: _people(lambda before, earlier: before == "yes" and earlier == "no"),
                 message="Those people are informative, but they are not the only ones: the odds ratio b/c has a "
                 "denominator too.",
                 method="Also look for people whose two answers differ the other way round."),
            Hint(wrong=lambda expected: _people(lambda before, earlier: before == "no" and earlier == "yes"),
                 message="Those people are informative, but they are not the only ones: the odds ratio b/c has a "
                 "numerator too.",
                 method="Also look for people whose two answers differ the other way round."),
            Hint(wrong=lambda expected: _people(lambda before, earlier: "yes" in (before, earlier)),
                 message="You picked everyone who gardened at some time. Someone who gardened at both times did the same "
                 "before the flare as usual: that person's pair is concordant and leaves b/c unchanged.",
                 method="Keep only the people whose two answers differ."),
            Hint(wrong=lambda expected: _people(lambda before, earlier: before == earlier),
                 message="Those are the people who did the same at both times (concordant pairs): they say nothing about "
                 "whether gardening came just before the flare.",
                 method="Pick the others: the people whose two answers differ."),
            Hint(wrong=lambda expected: _people(lambda before, earlier: True),
                 message="Not everyone: some people did the same at both times, and the odds ratio b/c leaves them out.",
                 method="Keep only the people whose two answers differ."),
            Hint(wrong=lambda expected: _people(lambda before, earlier: before == "no"),
                 message="You picked everyone who did not garden just before the flare. Someone who did not garden at "
                 "either time did the same as usual, and that says nothing about a trigger.",
                 method="For each person compare the two columns: only a person whose two answers differ tells you anything."),
            Hint(wrong=lambda expected: "b, c",
                 message="b and c are the labels of the two kinds of discordant pair in the 2×2 table. The question "
                 "asks for the people: give the names of those whose pair would be counted in b or in c."),
            Hint(when=lambda answer, expected: bool(set(_answer_names(answer)) & {name.lower() for name, before, earlier
                                                                    in GARDENING_DIARIES if before == earlier}),
                 message="Your answer includes someone who did the same at both times (gardened at both, or at neither): "
                 "that person's pair says nothing about whether gardening came just before the flare."),
            Hint(when=lambda answer, expected: set(_answer_names(answer)) < set(expected),
                 message="Everyone you named carries information, but not everyone who does: someone else's two answers "
                 "differ too."),
        ),
        nudge="For each person, ask: did they do something different just before the flare from what they did three "
        "days earlier?",
        default_hint="The matched-pair odds ratio b/c uses only pairs whose two windows differ in exposure; a person who "
        "did the same at both times leaves it unchanged.",
        on_success="Only the people whose two windows differ are counted in b or c; leaving out anyone else leaves b/c as it is.",
    ),
]


def _cross_product() -> float:
    """The odds ratio of the unmatched 2x2 table (windows counted as if from different people)."""
    n = _diary_study()[2]
    a, b, c, d = n["both"], n["case_only"], n["referent_only"], n["neither"]
    return ((a + b) * (b + d)) / ((c + d) * (a + c))
