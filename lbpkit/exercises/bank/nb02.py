"""Exercises of notebooks/02_course_flares_and_triggers.ipynb.

Every expected value is computed from the published figures in ``data/published/`` when the
check runs; none is typed in here.
"""

from __future__ import annotations

import math
import re

from lbpkit.data import load
from lbpkit.epi import figure, percent_change, shares_from_counts
from lbpkit.exercises.checker import Exercise, Hint, decimals, significant


def _close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=5e-3)


def _value(table: str, figure_id: str) -> float:
    return figure(load(table), figure_id)


def _bound(table: str, figure_id: str, column: str) -> float:
    rows = load(table)
    return float(rows.loc[rows["figure_id"] == figure_id, column].iloc[0])


# The risk ratio used as an example in section 5's text (not a study result); a test checks the text still uses it.
TEXT_EXAMPLE_RISK_RATIO = 0.8

_PROGRAMMES_COMPARED = ("You divided the risk ratio for exercise with education by the one for exercise alone: that "
                        "compares two programmes with each other. The reduction compares exercise with education against "
                        "the control group, whose risk ratio is 1.")
_PROGRAMMES_METHOD = "Reduction (%) = (1 - risk ratio) x 100, with the pooled risk ratio for exercise with education."


def _programmes_ratio_hint(*, scale: float) -> Hint:
    """Exercise with education over exercise alone given as the reduction, as a ratio (scale 1) or times 100."""
    def ratio() -> float:
        return (_value("lbp_prevention_treatment", "steffens16_rr_exedu_episode")
                / _value("lbp_prevention_treatment", "steffens16_rr_ex_episode"))

    return Hint(when=lambda answer, expected: abs(float(answer) - scale * ratio()) < 0.006 * scale,
                message=_PROGRAMMES_COMPARED, method=_PROGRAMMES_METHOD)


def _dunn_raw_counts():
    course = load("lbp_course")
    rows = course[course["figure_id"].str.startswith("dunn06_n_") & (course["group"] != "all")]
    return rows.set_index("group")["value"]


def _dunn_counts():
    course = load("lbp_course")
    rows = course[course["figure_id"].str.startswith("dunn06_n_") & (course["group"] != "all")]
    return shares_from_counts(rows.set_index("group")["value"])


def _dunn_size_of_other_cohort() -> float:
    """n of Dunn's 2009-10 cohort, which the trajectory plot shows just below the 2001-03 one."""
    traj = load("lbp_course")
    traj = traj[traj["figure_id"].str.startswith("traj_")]
    (population,) = [name for name in traj["population"].unique() if name.startswith("Dunn, UK 2009")]
    return float(population.rsplit("n = ", 1)[1].rstrip(")"))


def _dunn_row_total() -> float:
    """The sum of Kongsted's percentages for Dunn's 2001-03 cohort (the row total printed under the plot)."""
    traj = load("lbp_course")
    return float(traj.loc[traj["figure_id"].str.startswith("traj_dunn0103_"), "value"].sum())


def _dunn_share_of(group: str) -> float:
    return float(_dunn_counts()[group])


def _dunn_persistent_mild() -> float:
    return float(_dunn_counts()["persistent mild"])


def _sample_size(figure_id: str) -> float:
    """The number of people behind a recurrence estimate, read from its population column ("n = 250 ...")."""
    rows = load("lbp_recurrence")
    population = rows.loc[rows["figure_id"] == figure_id, "population"].iloc[0]
    return float(re.search(r"\d+", population).group(0))


def _recurrence_points() -> float:
    return _value("lbp_recurrence", "dasilva19_recur_1y") - _value("lbp_recurrence", "machado17_recur_1y")


def _mean_any_recurrence() -> float:
    return (_value("lbp_recurrence", "dasilva19_recur_1y") + _value("lbp_recurrence", "machado17_recur_1y")) / 2


def _heavy_load_direction() -> str:
    young = _value("lbp_triggers", "steffens15_or_heavy_age20")
    old = _value("lbp_triggers", "steffens15_or_heavy_age60")
    if _close(young, old):
        return "c"
    return "a" if young > old else "b"


def _odds(percent: float) -> float:
    p = percent / 100
    return p / (1 - p)


def _crude_exposure_or() -> float:
    case = _value("lbp_triggers", "steffens15_exp_awkward_case")
    control = _value("lbp_triggers", "steffens15_exp_awkward_ctrl24")
    return _odds(case) / _odds(control)


def _odds_ratio_of_rounded_odds(decimal_places: int = 2) -> float:
    """The crude odds ratio with each window's odds rounded before dividing, as on a calculator."""
    case = _value("lbp_triggers", "steffens15_exp_awkward_case")
    control = _value("lbp_triggers", "steffens15_exp_awkward_ctrl24")
    return round(_odds(case), decimal_places) / round(_odds(control), decimal_places)


_SUBTRACTED_ONE = ("You subtracted 1 (as in \"so many times MORE\"): that is how far the odds ratio lies above 1, "
                   "not the odds ratio. Give the ratio itself, the case window's odds divided by the control window's.")

# The tick of section 5's risk-ratio plot nearest the exercise-with-education point (log axis, ticks 0.1, 0.2, 0.5, 1):
# a learner reading the point off the plot by eye takes this value (round-10 fresh trial of 02).
PLOT_TICK_NEAR_RISK_RATIO = 0.5


def _exercise_education_reduction() -> float:
    return (1 - _value("lbp_prevention_treatment", "steffens16_rr_exedu_episode")) * 100


EXERCISES = [
    Exercise(
        id="02.dunn-share",
        objective="trajectories and episodes",
        title="Trajectory share from counts",
        expected=_dunn_persistent_mild,
        precision=decimals(1),
        hints=(
            Hint(
                wrong=lambda expected: _value("lbp_course", "traj_dunn0103_persistent_mild"),
                message="That is the percentage printed in Kongsted's table, not one computed from Dunn's counts.",
                method="Compute the share from Dunn's own counts instead.",
            ),
            Hint(wrong=lambda expected: expected / 100, message="Give a percentage (0-100), not a proportion (0-1)."),
            Hint(
                wrong=lambda expected: expected / (100 - expected) * 100,
                message="You divided by the people *outside* the class; a share divides by everyone in the cohort.",
                method="Use the whole cohort (all four classes together) as the denominator.",
            ),
            Hint(
                wrong=lambda expected: 100 / expected,
                message="The division is upside down: the class goes on top, the whole cohort below.",
            ),
            Hint(
                # the trial's physiotherapy student: 342 / 122 x 100, a "share" above 100%
                wrong=lambda expected: 100 / expected * 100,
                message="Your counts are the right ones, but the division is upside down: the whole cohort over the "
                "class gives more than 100%, and no share of a cohort can. The class goes on top, the whole cohort below.",
                method="Count in the class / number of people in the cohort x 100.",
            ),
            *(
                Hint(
                    wrong=lambda expected, left_out=left_out: _dunn_raw_counts()["persistent mild"]
                    / (_dunn_raw_counts().sum() - _dunn_raw_counts()[left_out]) * 100,
                    message="Your denominator leaves out one of the four classes; the share divides by the whole cohort "
                    "(all four classes together, 342 people).",
                    method="Divide the persistent-mild count by the sum of all four counts.",
                )
                for left_out in ("recovering", "severe chronic", "fluctuating")
            ),
            Hint(
                wrong=lambda expected: expected - _value("lbp_course", "traj_dunn0103_persistent_mild"),
                message="That is the gap between the share from the counts and Kongsted's percentage; the question asks "
                "for the share itself.",
                method="Count in the class / number of people in the cohort x 100.",
            ),
            Hint(
                wrong=lambda expected: _dunn_raw_counts()["persistent mild"] / _dunn_size_of_other_cohort() * 100,
                message="You divided by the size of Dunn's *other* cohort (UK 2009-10, the second row of the plot); "
                "the counts 122, 104, 71 and 45 are from the 2001-03 cohort of 342 people.",
                method="Divide the persistent-mild count by the size of the cohort those counts come from.",
            ),
            Hint(
                wrong=lambda expected: _value("lbp_course", "traj_dunn0103_persistent_mild") / _dunn_row_total() * 100,
                message="You rescaled Kongsted's printed percentage to its row total; the question asks for the share "
                "computed from Dunn's own counts, which needs no percentage from the plot.",
                method="Count in the class / number of people in the cohort x 100.",
            ),
            # round-4 fresh trial: another class's share, the count itself, the other cohort's printed share
            *(
                Hint(
                    wrong=lambda expected, group=group: _dunn_share_of(group),
                    message=f"That is the share of another class ({group}); the question asks for the persistent-mild "
                    "class (the first of Dunn's four counts).",
                    method="Divide the persistent-mild count by the number of people in the cohort, times 100.",
                )
                for group in ("recovering", "severe chronic", "fluctuating")
            ),
            Hint(
                wrong=lambda expected: _dunn_raw_counts()["persistent mild"],
                message="That is the number of people in the class, not their share of the cohort: a share divides the "
                "count by everyone in the cohort.",
                method="Count in the class / number of people in the cohort x 100.",
            ),
            Hint(
                wrong=lambda expected: _value("lbp_course", "traj_dunn0910_persistent_mild"),
                message="That is the persistent-mild share printed for Dunn's *other* cohort (UK 2009-10, the second row "
                "of the plot); the question asks for the 2001-03 cohort of 342 people, computed from its counts.",
                method="Count in the class / number of people in the cohort x 100.",
            ),
            # round-5 fresh trial: Kongsted's printed share turned into a head count; the two shares divided
            Hint(
                wrong=lambda expected: _value("lbp_course", "traj_dunn0103_persistent_mild") / 100 * _dunn_raw_counts().sum(),
                message="That is a number of people (Kongsted's printed percentage of the 342 people), not a percentage. "
                "Dunn's own count of the class is given: the question asks what share of the cohort it is.",
                method="Count in the class / number of people in the cohort x 100.",
            ),
            *(
                Hint(
                    wrong=lambda expected, scale=scale: expected / _value("lbp_course", "traj_dunn0103_persistent_mild") * scale,
                    message="You divided the share from the counts by Kongsted's printed share: that compares the two "
                    "(how many times as large), but the question asks for the share itself.",
                    method="Count in the class / number of people in the cohort x 100, and stop there.",
                )
                for scale in (1, 100)
            ),
            # round-6 fresh trial (physiotherapy student): the share of everyone else; Kongsted's printed
            # percentage divided by the cohort size as if it were a count
            Hint(
                wrong=lambda expected: 100 - expected,
                message="That is the share of the people NOT in the persistent-mild class (the other three classes "
                "together). The question asks for the persistent-mild class itself: its own count goes on top.",
                method="Count in the persistent-mild class / number of people in the cohort x 100.",
            ),
            Hint(
                wrong=lambda expected: _value("lbp_course", "traj_dunn0103_persistent_mild") / _dunn_raw_counts().sum() * 100,
                message="You divided Kongsted's printed percentage by the number of people, as if it were a count. A "
                "percentage is already a share of the cohort; the question starts from Dunn's own count of the class.",
                method="Count in the persistent-mild class (from Dunn's paper) / number of people in the cohort x 100.",
            ),
            # round-7 fresh trial: the class added to the cohort again (342 + 122 as the denominator)
            Hint(
                wrong=lambda expected: _dunn_raw_counts()["persistent mild"]
                / (_dunn_raw_counts().sum() + _dunn_raw_counts()["persistent mild"]) * 100,
                message="You added the class to the cohort again: the cohort's 342 people already include the "
                "persistent-mild class, so the denominator is the cohort alone.",
                method="Count in the persistent-mild class / number of people in the cohort x 100.",
            ),
        ),
        # round-8 fresh trial: 122 / 341 (a count mistyped, no rounding at all) was told only how to round. A value
        # cut off instead of rounded (35.6) is named by the checker's own rule before this hint is reached.
        near_hint="Close, but not within rounding: one number or step differs a little. Check the two counts you typed "
        "against Dunn's (the class's count and the whole cohort's), and divide without rounding on the way, rounding "
        "only at the end",
        nudge="Use Dunn's own counts: the people in the persistent-mild class and everyone in the cohort.",
        default_hint="Share = count in the class / number of people in the cohort x 100.",
        on_success="The share computed from the original counts differs from the table in the review: say so when you cite it.",
    ),
    Exercise(
        id="02.recurrence-points",
        objective="compare recurrence estimates",
        title="Two recurrence estimates, in percentage points",
        expected=_recurrence_points,
        precision=decimals(0),
        hints=(
            Hint(
                wrong=lambda expected: percent_change(_value("lbp_recurrence", "machado17_recur_1y"), _value("lbp_recurrence", "dasilva19_recur_1y")),
                message="That is the relative difference in percent; the question asks for percentage points.",
                method="Subtract the two percentages.",
            ),
            # any negative gap (round-10 fresh trial: 33 - 40, the sign flipped and a narrower figure) is named as a
            # sign, not only -36; the second sentence asks to check the figures without saying which is wrong
            Hint(when=lambda answer, expected: float(answer) < 0,
                 message="Your answer is negative: the question asks by how much da Silva's estimate EXCEEDS Machado's, "
                 "so subtract the smaller estimate from the larger: the answer is positive. Check also that both "
                 "figures are for *any* recurrence."),
            *(
                Hint(wrong=lambda expected, bound=bound: _bound("lbp_recurrence", "dasilva19_recur_1y", bound)
                     - _value("lbp_recurrence", "machado17_recur_1y"),
                     message="That uses an end of da Silva's 95% confidence interval; compare the two estimates "
                     "themselves (69% is the estimate, the numbers in brackets its interval).",
                     method="Subtract Machado's estimate from da Silva's estimate.")
                for bound in ("upper",)
            ),
            # The lower end (62) gives the same gap as da Silva's any recurrence minus its activity-limiting
            # one (69 - 40): one hint names both.
            Hint(wrong=lambda expected: _bound("lbp_recurrence", "dasilva19_recur_1y", "lower")
                 - _value("lbp_recurrence", "machado17_recur_1y"),
                 message="One of your two figures is not an estimate of *any* recurrence: either the lower end of da "
                 "Silva's 95% confidence interval (the first number in brackets) or da Silva's activity-limiting "
                 "recurrence. Compare the two estimates of any recurrence themselves.",
                 method="Subtract Machado's estimate of any recurrence from da Silva's."),
            Hint(wrong=lambda expected: _value("lbp_recurrence", "dasilva19_recur_care_1y") - _value("lbp_recurrence", "machado17_recur_care_1y"),
                 message="Both of your figures are for care-seeking recurrence; the question compares *any* recurrence "
                 "(the first bar of each study).",
                 method="Subtract Machado's estimate of any recurrence from da Silva's."),
            Hint(wrong=lambda expected: _value("lbp_recurrence", "dasilva19_recur_activity_1y") - _value("lbp_recurrence", "machado17_recur_care_1y"),
                 message="Both of your figures are for narrower kinds of recurrence (activity-limiting, care-seeking); the "
                 "question compares *any* recurrence (the first bar of each study).",
                 method="Subtract Machado's estimate of any recurrence from da Silva's."),
            Hint(wrong=lambda expected: _value("lbp_recurrence", "dasilva19_recur_1y") / _value("lbp_recurrence", "machado17_recur_1y") * 100,
                 message="You divided one estimate by the other and wrote the ratio as a percentage; percentage points "
                 "are a difference, not a ratio.",
                 method="Subtract one percentage from the other."),
            Hint(wrong=lambda expected: _value("lbp_recurrence", "dasilva19_recur_1y") / _value("lbp_recurrence", "machado17_recur_1y"),
                 message="That is a ratio (how many times as large); percentage points are a difference.",
                 method="Subtract one percentage from the other."),
            Hint(wrong=lambda expected: expected / 100,
                 message="Both estimates are in percent; a difference in percentage points stays on that scale, not as a proportion."),
            *(
                Hint(wrong=lambda expected, a=a, b=b: _value("lbp_recurrence", a) - _value("lbp_recurrence", b),
                     message="One of the two figures is for a narrower kind of recurrence (one that limited activity or led "
                     "to care), or both come from the same study. Use *any* recurrence, once from da Silva 2019 and once "
                     "from Machado 2017.")
                for a, b in (("dasilva19_recur_1y", "dasilva19_recur_care_1y"),
                             ("dasilva19_recur_care_1y", "machado17_recur_1y"),
                             ("machado17_recur_1y", "machado17_recur_care_1y"))  # round-4 trial: both Machado's
            ),
            # da Silva's any minus Machado's care-seeking (69 - 18) equals the mean of the two estimates of any
            # recurrence ((69 + 33) / 2): one hint names both.
            Hint(wrong=lambda expected: _value("lbp_recurrence", "dasilva19_recur_1y") - _value("lbp_recurrence", "machado17_recur_care_1y"),
                 message="Either one of your two figures is for a narrower kind of recurrence (Machado's care-seeking "
                 "recurrence, the second bar), or you averaged the two estimates of any recurrence. The question asks "
                 "how far apart they are: any recurrence in da Silva 2019 minus any recurrence in Machado 2017.",
                 method="Subtract Machado's estimate of any recurrence from da Silva's."),
            Hint(wrong=lambda expected: expected / _value("lbp_recurrence", "dasilva19_recur_1y") * 100,
                 message="Your two figures are right, but you divided their difference by da Silva's estimate: that is a "
                 "relative difference in percent. Percentage points are the difference itself, with no division.",
                 method="Subtract one percentage from the other and stop there."),
            # round-3 trial: the middle of da Silva's 95% CI ((62 + 74) / 2) used as its estimate; it lands
            # within 3% of the answer, so without this hint it was called a rounding slip
            Hint(wrong=lambda expected: (_bound("lbp_recurrence", "dasilva19_recur_1y", "lower")
                                         + _bound("lbp_recurrence", "dasilva19_recur_1y", "upper")) / 2
                 - _value("lbp_recurrence", "machado17_recur_1y"),
                 # round-4 trial: the same number comes from da Silva's bar read off the plot (about 68)
                 message="That is not a rounding slip. It is what you get from the middle of da Silva's 95% confidence "
                 "interval used in place of its estimate (an interval need not be centred on its estimate), or from "
                 "da Silva's bar read off the plot by eye. Use the estimate printed in the text before the brackets, "
                 "as it stands.",
                 method="Subtract Machado's estimate of any recurrence from da Silva's estimate (not from its interval)."),
            # da Silva's activity-limiting recurrence (40%) typed as the answer: a figure from the text, not the
            # answer rounded to tens, though it would otherwise be called "Close"
            Hint(wrong=lambda expected: _value("lbp_recurrence", "dasilva19_recur_activity_1y"),
                 message="That is one figure from the text, da Silva's activity-limiting recurrence, not a gap between two "
                 "studies. If you meant a rounded gap instead, give a whole number to the nearest 1. The question asks for "
                 "any recurrence in da Silva 2019 minus any recurrence in Machado 2017.",
                 method="Subtract Machado's estimate of any recurrence from da Silva's."),
            # round-4 trial: the two estimates added
            Hint(wrong=lambda expected: _value("lbp_recurrence", "dasilva19_recur_1y") + _value("lbp_recurrence", "machado17_recur_1y"),
                 message="You added the two estimates; a gap in percentage points is one estimate minus the other.",
                 method="Subtract Machado's estimate of any recurrence from da Silva's."),
            # round-5 fresh trial: da Silva's activity-limiting recurrence against Machado's any recurrence
            Hint(wrong=lambda expected: _value("lbp_recurrence", "dasilva19_recur_activity_1y") - _value("lbp_recurrence", "machado17_recur_1y"),
                  # round-7 fresh trial: da Silva's estimate minus the lower end of its own CI gives the same number
                 message="Either your da Silva figure is activity-limiting recurrence (the second da Silva bar), a narrower "
                 "kind, or you took the lower end of da Silva's 95% confidence interval (the first number in brackets) "
                 "from da Silva's own estimate, which is how far the estimate lies from that end of its interval, not a gap "
                 "between the two studies. The question compares *any* recurrence in da Silva 2019 with *any* recurrence in Machado 2017.",
                 method="Subtract Machado's estimate of any recurrence from da Silva's estimate of any recurrence."),
            # round-5 fresh trial: the gap in numbers of people (69% of 250 minus 33% of 469); it rounds to the same
            # whole number as half the gap and as Machado's care-seeking recurrence alone: one hint names all three
            Hint(wrong=lambda expected: _value("lbp_recurrence", "dasilva19_recur_1y") / 100 * _sample_size("dasilva19_recur_1y")
                 - _value("lbp_recurrence", "machado17_recur_1y") / 100 * _sample_size("machado17_recur_1y"),
                 # round-10 count: 69 - (33 + 18), Machado's two figures added, gives the same number too
                 message="Several readings give this number: a gap in numbers of people (da Silva's share of its 250 "
                 "people minus Machado's share of its 469), half the gap, Machado's care-seeking recurrence alone, or "
                 "Machado's two figures added before subtracting (the people who sought care are part of that study's any-recurrence "
                 "figure, not a separate group). Percentage points compare the two percentages of any recurrence directly: "
                 "nothing multiplied by the sample sizes, nothing halved, nothing added.",
                 method="Subtract Machado's estimate of any recurrence (in percent) from da Silva's, and stop there."),
            # round-6 fresh trial: Machado's estimate as a percent of da Silva's (the ratio the other way round);
            # the difference of the two sample sizes
            Hint(wrong=lambda expected: _value("lbp_recurrence", "machado17_recur_1y") / _value("lbp_recurrence", "dasilva19_recur_1y") * 100,
                 message="Your two figures are the right ones, but you divided Machado's estimate by da Silva's (how "
                 "large one is as a percent of the other). Percentage points are a difference, not a ratio.",
                 method="Subtract Machado's estimate of any recurrence from da Silva's."),
            # round-7 fresh trial: the relative difference written as a proportion ((69 - 33) / 33)
            Hint(when=lambda answer, expected: abs(float(answer) - expected / _value("lbp_recurrence", "machado17_recur_1y")) < 0.02,
                 message="You divided the gap by Machado's estimate: that is a relative difference (how many times "
                 "Machado's estimate the gap is). Percentage points are the gap itself, with no division.",
                 method="Subtract Machado's estimate of any recurrence from da Silva's, and stop there."),
            # round-8 fresh trial: a "percent difference", the gap divided by the mean of the two estimates (x 100)
            Hint(wrong=lambda expected: expected / _mean_any_recurrence() * 100,
                 message="Your two figures are right, but you divided their gap by their average (a \"percent "
                 "difference\"): that is a relative difference. Percentage points are the gap itself, with no division.",
                 method="Subtract Machado's estimate of any recurrence from da Silva's, and stop there."),
            Hint(wrong=lambda expected: _sample_size("machado17_recur_1y") - _sample_size("dasilva19_recur_1y"),
                 message="That is the difference between the numbers of people in the two studies (469 and 250). The "
                 "question compares the two recurrence percentages, not the sample sizes.",
                 method="Subtract Machado's estimate of any recurrence (in percent) from da Silva's."),
        ),
        near_hint="Not a rounding slip: both estimates are whole numbers, so their difference needs no rounding. Check "
        "that you used the two estimates as printed, not a number worked out from a confidence interval (such as its "
        "middle or an end) or read off the plot",
        # round-8 fresh trial: the nudge sent a learner with the right two figures (and a wrong division) to look for
        # other figures; it now names both things to check, without the method
        nudge="Check both parts of your answer: the two one-year figures for *any* recurrence of LBP (not activity-limiting "
        "or care-seeking), one from da Silva 2019 and one from Machado 2017, both in percent; and what you did with them.",
        default_hint="Percentage points = one percentage minus the other.",
        on_success="A gap this large comes from different definitions of recurrence and different samples, not from chance alone.",
    ),
    Exercise(
        id="02.age-modification",
        predict=True,
        objective="transient triggers from long-term risk factors",
        title="Heavy loads as a trigger at different ages",
        expected=_heavy_load_direction,
        kind="choice",
        options=("a", "b", "c"),
        answer_forms=("larger in younger people", "stronger trigger in younger"),
        hints=(
            # round-10 fresh trial: the hint guessed a reason ("older backs may be more fragile") the learner did not
            # have (hers: older people lift less often, so one load is a bigger shock); a prediction names no reason
            Hint(wrong=lambda expected: "b",
                 message="Whatever your reason, this is not what Steffens et al. found. The question is about the odds "
                 "ratio: how many times a heavy load multiplies the odds of pain starting, compared with the same "
                 "person's usual hours, not who is more at risk of back pain in general.",
                 method="Run the cell that starts with %%after_answering 02.age-modification (it shows the result once you have answered) "
                 "and compare the odds ratios at 20 and at 60."),
            Hint(wrong=lambda expected: "c",
                 message="Steffens et al. reported the heavy-load odds ratio separately by age because it was not the same at every age.",
                 method="Run the cell that starts with %%after_answering 02.age-modification (it shows the result once you have answered) "
                 "and compare the three odds ratios."),
        ),
        nudge="Answer first; then the plot cell that starts with %%after_answering 02.age-modification shows the three "
        "age-specific odds ratios.",
        default_hint="Compare the odds ratio at the youngest age with the one at the oldest: which is larger?",
        on_success="Age modified the effect: the same load is a stronger trigger in younger people (Steffens 2015).",
    ),
    Exercise(
        id="02.crude-exposure-odds",
        objective="transient triggers from long-term risk factors",
        title="Odds of exposure in case and control windows",
        expected=_crude_exposure_or,
        # 7.0% has two significant digits, so the odds ratio has two as well.
        precision=significant(2),
        hints=(
            Hint(
                wrong=lambda expected: _value("lbp_triggers", "steffens15_exp_awkward_case") / _value("lbp_triggers", "steffens15_exp_awkward_ctrl24"),
                # round-7 fresh trial: p / (100 - p) with p a proportion (0.274) lands on the same number
                message="That is (nearly) the ratio of the proportions, not of odds: either you divided the two "
                "proportions without turning them into odds, or you wrote each odds as p / (100 − p) while p was a "
                "proportion. The share NOT exposed is 1 − p when p is a proportion (100 − p only when p is in percent).",
                method="Turn each proportion p into odds p / (1 - p) first, with p and 1 - p on the same scale.",
            ),
            # odds "against", (1 − p) / p in both windows, gives the same number as the ratio turned over
            Hint(wrong=lambda expected: 1 / expected,
                 message="That is the odds ratio upside down: either the control window is on top, or each odds was "
                 "written as (1 − p) / p, the odds AGAINST exposure. The odds of exposure are p / (1 − p), and the case "
                 "window goes on top."),
            Hint(wrong=lambda expected: expected * 100, message="An odds ratio has no percent unit; check whether you multiplied by 100."),
            Hint(
                wrong=lambda expected: _value("lbp_triggers", "steffens15_exp_awkward_case") - _value("lbp_triggers", "steffens15_exp_awkward_ctrl24"),
                message="That is a difference in percentage points; an odds ratio divides one odds by the other.",
            ),
            Hint(
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_case")) / _odds(_value("lbp_triggers", "steffens15_exp_awkward_ctrl48")),
                message="That uses the 48-hour control window (5.4%); the question compares the case window with the 24-hour one (7.0%).",
            ),
            Hint(
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_case")) / (_value("lbp_triggers", "steffens15_exp_awkward_ctrl24") / 100),
                message="You turned only the case window's proportion into odds; turn the control window's 7.0% into odds too.",
            ),
            Hint(
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_case")) - _odds(_value("lbp_triggers", "steffens15_exp_awkward_ctrl24")),
                message="Both odds look right, but you subtracted them; an odds ratio divides the case window's odds by the "
                "control window's.",
            ),
            Hint(
                wrong=lambda expected: math.log(expected),
                message="That looks like the natural log of the odds ratio; give the odds ratio itself (no log).",
            ),
            Hint(
                wrong=lambda expected: (_value("lbp_triggers", "steffens15_exp_awkward_case") / (1 - _value("lbp_triggers", "steffens15_exp_awkward_case")))
                / (_value("lbp_triggers", "steffens15_exp_awkward_ctrl24") / (1 - _value("lbp_triggers", "steffens15_exp_awkward_ctrl24"))),
                message="You put the percentages (27.4, 7.0) into p / (1 - p); p must be a proportion between 0 and 1 "
                "(27.4% is 0.274), or 1 - p is negative.",
                method="Odds = p / (1 - p) with p = 0.274 and p = 0.070.",
            ),
            Hint(
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_case"))
                / _odds((_value("lbp_triggers", "steffens15_exp_awkward_ctrl24") + _value("lbp_triggers", "steffens15_exp_awkward_ctrl48")) / 2),
                message="Your odds are right, but you averaged the two control windows (24 and 48 hours); the question "
                "compares the case window with the 24-hour control window alone (7.0%).",
            ),
            Hint(
                wrong=lambda expected: (1 - _value("lbp_triggers", "steffens15_exp_awkward_case") / 100)
                / (1 - _value("lbp_triggers", "steffens15_exp_awkward_ctrl24") / 100),
                message="You divided the shares *not* exposed (1 - p); the odds of exposure put the exposed share over "
                "the not-exposed share, p / (1 - p), in each window.",
            ),
            Hint(
                # 0.274/1-0.274 in Python is (0.274 / 1) - 0.274: the brackets around 1 - p were left out.
                wrong=lambda expected: 0.0,
                message="An odds ratio of 0 usually means missing brackets: Python reads 0.274/1-0.274 as "
                "(0.274 / 1) - 0.274, which is 0. Put brackets around 1 - p: p / (1 - p).",
            ),
            Hint(
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_case")),
                message="That is the odds of exposure in the case window alone, which is only half of the ratio: divide it "
                "by the odds of exposure in the 24-hour control window.",
                method="Odds ratio = (case window's odds) / (control window's odds), each odds p / (1 - p).",
            ),
            Hint(
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_ctrl24")),
                message="That is the odds of exposure in the control window alone; the odds ratio divides the case "
                "window's odds by it.",
                method="Odds ratio = (case window's odds) / (control window's odds), each odds p / (1 - p).",
            ),
            Hint(
                # 7.0% typed as 0.70: a percent turned into a proportion by one decimal place too few
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_case"))
                / _odds(_value("lbp_triggers", "steffens15_exp_awkward_ctrl24") * 10),
                message="Check how you turned 7.0% into a proportion: a percent is divided by 100, so 7.0% is seven "
                "hundredths, not seven tenths.",
                method="Write each percentage divided by 100 (27.4% is 0.274), then odds = p / (1 - p).",
            ),
            # round-4 fresh trial of 02 (physiotherapy student)
            Hint(
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_case"))
                * _odds(_value("lbp_triggers", "steffens15_exp_awkward_ctrl24")),
                # round-8 fresh trial: (0.274 * 0.07) / (0.726 * 0.93), a cross-product mixed up, is the same number
                message="You multiplied where the odds ratio divides: either the two odds multiplied, or (the same "
                "number) the two windows' exposed shares multiplied together over their not-exposed shares, "
                "(p1 × p2) / ((1 − p1) × (1 − p2)). An odds ratio divides the case window's odds by the control window's.",
            ),
            # round-10 count: 0.4 / 0.1, each odds rounded to one decimal (as a spreadsheet shows them), is the odds
            # ratio minus 1 at the asked digits: typed so, it gets both readings
            Hint(
                when=lambda answer, expected: abs(float(answer) - _odds_ratio_of_rounded_odds(1)) <= 0.005,
                message=f"{_SUBTRACTED_ONE} Or, if you rounded the two odds to one decimal before dividing, keep every "
                "digit until the end: the control window's odds are small, so rounding them changes the ratio a lot.",
                method="Type the whole calculation in one line, (p1 / (1 - p1)) / (p2 / (1 - p2)), and round only the result.",
            ),
            Hint(wrong=lambda expected: expected - 1, message=_SUBTRACTED_ONE),
            *(
                Hint(
                    wrong=lambda expected, scale=scale: (_value("lbp_triggers", "steffens15_exp_awkward_case")
                                                         / _value("lbp_triggers", "steffens15_exp_awkward_ctrl24") - 1) * scale,
                    message="That is how much larger the case window's proportion is than the control window's (a "
                    "relative increase of the percentages); an odds ratio divides one odds by the other, with no "
                    "minus 1 and no percent.",
                    method="Odds = p / (1 - p) in each window; odds ratio = case window's odds / control window's odds.",
                )
                for scale in (1, 100)
            ),
            Hint(
                # 0.274/0.726 / 0.07/0.93: without brackets Python divides by 0.93 instead of multiplying by it
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_case"))
                / (_value("lbp_triggers", "steffens15_exp_awkward_ctrl24") / 100)
                / (1 - _value("lbp_triggers", "steffens15_exp_awkward_ctrl24") / 100),
                message="Missing brackets: a / b / c / d divides by each number in turn, so Python divided by the "
                "control window's 1 - p instead of multiplying by it. Put the control window's odds in its own "
                "brackets: (a / b) / (c / d).",
            ),
            # round-5 fresh trial of 02 (physiotherapy student)
            Hint(
                wrong=lambda expected: _value("lbp_triggers", "steffens15_exp_awkward_ctrl24") / _value("lbp_triggers", "steffens15_exp_awkward_case"),
                message="That divides the proportions themselves, and upside down (the control window on top). An odds "
                "ratio divides odds, p / (1 − p), with the case window's on top.",
            ),
            Hint(
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_ctrl24")) / _odds(_value("lbp_triggers", "steffens15_exp_awkward_ctrl48")),
                message="You compared the two control windows with each other (24 hours and 48 hours before onset); the "
                "question compares the case window (27.4%) with the 24-hour control window (7.0%).",
            ),
            Hint(
                wrong=lambda expected: (_value("lbp_triggers", "steffens15_exp_awkward_case") / (100 + _value("lbp_triggers", "steffens15_exp_awkward_case")))
                / (_value("lbp_triggers", "steffens15_exp_awkward_ctrl24") / (100 + _value("lbp_triggers", "steffens15_exp_awkward_ctrl24"))),
                message="Check the sign inside each odds: the odds are p / (1 − p), the exposed share over the share NOT "
                "exposed, with a minus; you seem to have used 1 + p.",
            ),
            # round-10 fresh trial: the proportions divided (no odds) AND the 48-hour window (27.4 / 5.4); it lies
            # within 2% of the answer and was called "Close, but not within rounding"
            Hint(
                wrong=lambda expected: _value("lbp_triggers", "steffens15_exp_awkward_case")
                / _value("lbp_triggers", "steffens15_exp_awkward_ctrl48"),
                message="Not a rounding slip: you divided the two proportions themselves, not their odds, and used the "
                "48-hour control window (5.4%). The question compares the case window (27.4%) with the 24-hour control "
                "window (7.0%), each turned into odds p / (1 − p) first.",
                method="Odds = p / (1 - p) in each of the two windows; odds ratio = case window's odds / control window's odds.",
            ),
            # round-10 fresh trial: each odds rounded to two decimals before dividing (a calculator habit)
            Hint(
                when=lambda answer, expected: abs(float(answer) - _odds_ratio_of_rounded_odds()) <= 0.051,
                message="Your method looks right, but you seem to have rounded the two odds (to two decimals) before "
                "dividing. The control window's odds are small, so rounding them changes the ratio a lot: keep every "
                "digit until the end, and round only the odds ratio.",
                method="Type the whole calculation in one line, (p1 / (1 - p1)) / (p2 / (1 - p2)), and round the result.",
            ),
            # round-8 fresh trial: the two control windows added into one (7.0% + 5.4%); the same two digits are the
            # published odds ratio of moderate or vigorous activity in the text: one hint names both
            Hint(
                wrong=lambda expected: _odds(_value("lbp_triggers", "steffens15_exp_awkward_case"))
                / _odds(_value("lbp_triggers", "steffens15_exp_awkward_ctrl24") + _value("lbp_triggers", "steffens15_exp_awkward_ctrl48")),
                message="That is what adding the two control windows together gives (7.0% + 5.4% as one control window), "
                "or the published odds ratio for moderate or vigorous physical activity from the text. The question "
                "compares the case window (27.4%) with the 24-hour control window alone (7.0%), for an awkward posture.",
                method="Odds = p / (1 - p) in each of the two windows; odds ratio = case window's odds / control window's odds.",
            ),
            # round-6 fresh trial: each window's p over the OTHER window's 1 - p
            Hint(
                wrong=lambda expected: (_value("lbp_triggers", "steffens15_exp_awkward_case") / (100 - _value("lbp_triggers", "steffens15_exp_awkward_ctrl24")))
                / (_value("lbp_triggers", "steffens15_exp_awkward_ctrl24") / (100 - _value("lbp_triggers", "steffens15_exp_awkward_case"))),
                message="Your 1 − p's are swapped between the windows: each window's odds use its OWN proportion twice, "
                "p / (1 − p) with the same p on top and below (the case window's 27.4% with 1 − 0.274).",
            ),
            # 0.274/1-0.274 / 0.07/1-0.07 with no brackets at all; any negative answer is a bracket slip here
            Hint(
                when=lambda answer, expected: float(answer) < 0,
                message="An odds ratio is never negative (odds are never below 0): a minus result usually means "
                "Python subtracted where you meant 1 − p. Without brackets 0.274/1-0.274 is (0.274 / 1) − 0.274; write each "
                "odds as p / (1 - p) and each odds in its own brackets.",
            ),
        ),
        nudge="Check each step: the odds of exposure in each window, p / (1 − p) with p as a proportion (a percent "
        "divided by 100); then the case window's odds divided by the control window's, with brackets around each odds.",
        default_hint="Convert 27.4% and 7.0% to proportions, then each to odds p / (1 - p), then divide: "
        "(p_case / (1 - p_case)) / (p_control / (1 - p_control)).",
        on_success="This crude ratio ignores the pairing of windows within a person; Part II shows the matched odds ratio.",
    ),
    Exercise(
        id="02.relative-reduction",
        objective="state the puzzle",
        title="From a risk ratio to a relative risk reduction",
        expected=_exercise_education_reduction,
        precision=decimals(0),
        hints=(
            # a round-3 trial typed the risk ratio itself (0.55), which the proportion hint below caught
            # matched exactly: at whole-percent precision 0.55 and the proportion 0.45 would both match
            Hint(when=lambda answer, expected: abs(float(answer) - _value("lbp_prevention_treatment", "steffens16_rr_exedu_episode")) < 0.005,
                 message="That is the risk ratio itself: the share of the risk that REMAINS with exercise and education. "
                 "The reduction is the part removed, in percent.",
                 method="Reduction (%) = (1 - risk ratio) x 100."),
            # round-7 fresh trial: exercise with education over exercise alone, as a ratio; matched exactly and tried
            # before the proportion hint below, whose whole-percent tolerance would otherwise take it
            _programmes_ratio_hint(scale=1),
            Hint(wrong=lambda expected: expected / 100, message="Give the reduction in percent (0-100), not as a proportion."),
            Hint(
                wrong=lambda expected: _value("lbp_prevention_treatment", "steffens16_rr_exedu_episode") * 100,
                message="That is the risk ratio written as a percentage: the risk that remains, not the part removed.",
                method="The reduction is 1 minus the risk ratio.",
            ),
            Hint(wrong=lambda expected: -expected, message="A reduction is given as a positive percentage: the risk fell by that much."),
            *(
                Hint(wrong=lambda expected, row=row: (1 - _value("lbp_prevention_treatment", row)) * 100,
                     message="That uses another row of the table. The question is about a new LBP *episode* with exercise "
                     "*combined with education*.")
                for row in ("steffens16_rr_ex_episode", "steffens16_rr_ex_sickleave")
            ),
            # 0.74 is both the upper end of the episode CI and the sick-leave risk ratio with education: one hint names both.
            Hint(wrong=lambda expected: (1 - _value("lbp_prevention_treatment", "steffens16_rr_exedu_sickleave")) * 100,
                 message="You used 0.74: that is the upper end of the 95% confidence interval for an episode, and also "
                 "the sick-leave risk ratio in another row of the table. The reduction comes from the pooled risk "
                 "ratio itself for a new LBP *episode* with exercise *combined with education*.",
                 method="Reduction (%) = (1 - pooled risk ratio) x 100."),
            *(
                Hint(wrong=lambda expected, bound=bound: (1 - _bound("lbp_prevention_treatment", "steffens16_rr_exedu_episode", bound)) * 100,
                     message="That uses an end of the 95% confidence interval; the reduction comes from the pooled risk "
                     "ratio itself (the estimate, not the numbers in brackets).",
                     method="Reduction (%) = (1 - pooled risk ratio) x 100.")
                # the upper end (0.74) gives the same reduction as the sick-leave row, hinted above with both readings
                for bound in ("lower",)
            ),
            Hint(wrong=lambda expected: (1 - (_bound("lbp_prevention_treatment", "steffens16_rr_exedu_episode", "lower")
                                              + _bound("lbp_prevention_treatment", "steffens16_rr_exedu_episode", "upper")) / 2) * 100,
                 message="You averaged the two ends of the 95% confidence interval. The interval of a ratio is not centred "
                 "on the estimate, and the estimate is printed: use the pooled risk ratio itself (the first number, not "
                 "the two in brackets).",
                 method="Reduction (%) = (1 - pooled risk ratio) x 100."),
            Hint(wrong=lambda expected: (1 / _value("lbp_prevention_treatment", "steffens16_rr_exedu_episode") - 1) * 100,
                 # (1 − RR) / RR is the same number as 1 / RR − 1
                 message="You divided by the risk ratio, or turned it upside down: (1 − RR) / RR and (1 / RR) − 1 are the "
                 "same number, how much higher the risk is WITHOUT exercise. The reduction is relative to the risk "
                 "without exercise: (1 − RR) × 100.",
                 method="Reduction (%) = (1 - risk ratio) x 100, with the risk ratio as published."),
            # round-4 fresh trial: 100 - 0.55, a percent and a ratio mixed
            Hint(wrong=lambda expected: 100 - _value("lbp_prevention_treatment", "steffens16_rr_exedu_episode"),
                 message="You took the risk ratio from 100, but the risk ratio is not in percent: 0.5 would be half the "
                 "risk, not 0.5%. Take it from 1 (the whole risk), then turn the result into percent.",
                 method="Reduction (%) = (1 - risk ratio) x 100."),
            # round-5 fresh trial: the risk ratio turned upside down (as it is, and x 100); two programmes compared
            *(
                Hint(wrong=lambda expected, scale=scale: scale / _value("lbp_prevention_treatment", "steffens16_rr_exedu_episode"),
                     message="You turned the risk ratio upside down (1 divided by it): that says how many times higher the "
                     "risk is WITHOUT exercise, not how much exercise removed. The reduction is the part of the risk "
                     "that exercise and education took away.",
                     method="Reduction (%) = (1 - risk ratio) x 100.")
                for scale in (1, 100)
            ),
            Hint(wrong=lambda expected: (_value("lbp_prevention_treatment", "steffens16_rr_ex_episode")
                                         - _value("lbp_prevention_treatment", "steffens16_rr_exedu_episode")) * 100,
                 message="You subtracted one risk ratio from another (exercise alone minus exercise with education): that "
                 "compares two programmes. The reduction compares exercise with education against the control group, "
                 "whose risk ratio is 1.",
                 method="Reduction (%) = (1 - risk ratio) x 100, with the pooled risk ratio for exercise with education."),
            # round-6 fresh trial: the risk ratio minus 1 (a negative proportion); exercise with education against
            # exercise alone as a ratio
            # matched exactly, like the risk ratio itself above: at whole-percent precision it would round to 0
            Hint(when=lambda answer, expected: abs(float(answer) - (_value("lbp_prevention_treatment", "steffens16_rr_exedu_episode") - 1)) < 0.005,
                 message="You took 1 from the risk ratio (risk ratio − 1): that is the change as a negative proportion. "
                 "The question asks for the reduction as a positive percentage.",
                 method="Reduction (%) = (1 - risk ratio) x 100."),
            Hint(wrong=lambda expected: (1 - _value("lbp_prevention_treatment", "steffens16_rr_exedu_episode")
                                         / _value("lbp_prevention_treatment", "steffens16_rr_ex_episode")) * 100,
                 message=_PROGRAMMES_COMPARED, method=_PROGRAMMES_METHOD),
            # round-7 fresh trial: the two episode risk ratios averaged (would be "Close, rounded to tens"); a missing
            # bracket (1 - 0.55 * 100); the two programmes compared as a ratio, as it is and in percent
            Hint(wrong=lambda expected: (1 - (_value("lbp_prevention_treatment", "steffens16_rr_exedu_episode")
                                              + _value("lbp_prevention_treatment", "steffens16_rr_ex_episode")) / 2) * 100,
                 message="That is not a rounding slip: it is what you get from the average of the two risk ratios for a "
                 "new episode (exercise with education, and exercise alone). The question asks about exercise "
                 "*combined with education* only: use its risk ratio alone.",
                 method="Reduction (%) = (1 - risk ratio) x 100, with the pooled risk ratio for exercise with education."),
            Hint(when=lambda answer, expected: abs(float(answer) - (1 - _value("lbp_prevention_treatment", "steffens16_rr_exedu_episode") * 100)) < 0.5,
                 message="Missing brackets: Python multiplies before it subtracts, so 1 - risk ratio * 100 takes the "
                 "risk ratio times 100 from 1. Put the subtraction in brackets first, then multiply by 100.",
                 method="Reduction (%) = (1 - risk ratio) x 100, with the brackets."),
            _programmes_ratio_hint(scale=100),
            # round-8 fresh trial: the example in section 5's text ("0.8 would mean ... 80% of") used for the estimate
            Hint(wrong=lambda expected: (1 - TEXT_EXAMPLE_RISK_RATIO) * 100,
                 message=f"That uses {TEXT_EXAMPLE_RISK_RATIO}, the example in the text that explains what a risk ratio "
                 "means, not a result of the study. The question asks about the pooled risk ratio for a new LBP episode "
                 "with exercise combined with education (in the table).",
                 method="Reduction (%) = (1 - risk ratio) x 100, with the pooled risk ratio from the table."),
            # round-10 fresh trial: the risk ratio read off the plot by eye (the tick at 0.5); it was called "Close,
            # rounded to tens"
            Hint(wrong=lambda expected: (1 - PLOT_TICK_NEAR_RISK_RATIO) * 100,
                 message=f"Not within rounding of a whole percent: that is what a risk ratio of {PLOT_TICK_NEAR_RISK_RATIO} "
                 "gives, as when the point is read off the plot by eye (its axis is a log scale, with few ticks). If you "
                 "rounded to tens instead, give a whole percent. Take the risk ratio printed in the table.",
                 method="Reduction (%) = (1 - risk ratio) x 100, with the risk ratio from the table."),
        ),
        nudge="Start from the pooled risk ratio for exercise with education: what share of the risk does it leave?",
        default_hint="Relative risk reduction (%) = (1 - risk ratio) x 100.",
        on_success="A relative reduction says nothing about absolute risk: that needs the risk without exercise.",
    ),
]
