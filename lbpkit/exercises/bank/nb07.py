"""Exercises of notebooks/07_reanalysis_transient_risk.ipynb.

Expected values are computed from data/ (published figures) or from the seeded synthetic twin.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from lbpkit.data import load
from lbpkit.exercises.checker import Exercise, Hint, decimals, significant
from lbpkit.exercises.judging import matches_or_rounded

AFTERNOON_HOURS = 4  # the notebook's stated assumption of "an afternoon"
WORKDAY_HOURS = 8  # the notebook's stated assumption of "a working day"
CONTROL_DAYS = 90
AVOIDANCE = {"activity": "hours_lifting", "days": 14, "keep": 0.5}
OTHER_ROWS = ("pushing_pulling", "bending", "twisting", "squatting", "sitting")
Z_90 = "1.645 belongs to a 90% CI; these are 95% CIs, so use 1.96."
RATIO_SCALE_SE = ("That is a standard error on the ratio scale (from the limits themselves, or the OR times the SE); "
                  "the question asks for the SE of log(OR): take logs of the limits first, since a ratio's CI is "
                  "symmetric on the log scale.")


def _published_row(activity: str) -> pd.Series:
    return load("flares_published_or").set_index("activity").loc[activity, ["odds_ratio", "ci_lower", "ci_upper"]].astype(float)


def _se_lifting() -> float:
    row = _published_row("lifting")
    return (math.log(row["ci_upper"]) - math.log(row["ci_lower"])) / (2 * 1.96)


def _or_hours(hours: int) -> float:
    return _published_row("lifting")["odds_ratio"] ** hours


def _or_afternoon() -> float:
    return _or_hours(AFTERNOON_HOURS)


def _or_workday() -> float:
    return _or_hours(WORKDAY_HOURS)


def _p_ten() -> pd.Series:
    """The ten p-values recovered from the published CIs, the four unreported ones set to 1 (as in the notebook)."""
    from lbpkit.published import p_from_ci

    table = load("flares_published_or").set_index("activity")
    reported = table["reported"].to_numpy(dtype=bool)
    est, low, high = (table[c].to_numpy(dtype=float, na_value=np.nan) for c in ("odds_ratio", "ci_lower", "ci_upper"))
    p = np.ones(len(table))
    p[reported] = p_from_ci(est[reported], low[reported], high[reported])
    return pd.Series(p, index=table.index)


def _holm_sitting(family: str = "ten", method: str = "holm") -> float:
    """Sitting's adjusted p-value (Holm unless ``method`` says otherwise), in the family of ten (unknown p = 1)
    or of the six reported activities only."""
    from lbpkit.published import adjust_pvalues

    p = _p_ten()
    if family == "six":
        p = p[load("flares_published_or").set_index("activity")["reported"].astype(bool)]
    return float(adjust_pvalues(p, method=method)["sitting"])


def _se_from_row(activity: str) -> float:
    row = _published_row(activity)
    return (math.log(row["ci_upper"]) - math.log(row["ci_lower"])) / (2 * 1.96)


def _sitting_worst_case_p() -> float:
    """Sitting's largest p-value that the two-decimal rounding of its OR and CI allows."""
    from lbpkit.published import p_value_range

    row = _published_row("sitting")
    return float(p_value_range(row[["odds_ratio"]], row[["ci_lower"]], row[["ci_upper"]], decimals=2)["p_max"].iloc[0])


def _design(quantity: str, sample: str) -> float:
    design = load("flares_design").set_index(["quantity", "sample"])["value"]
    return float(design[(quantity, sample)])


def _se_over_root_n(e: float) -> list[float]:
    """The SE divided again by the square root of a FLAReS count (the participants, or those of aim 1)."""
    counts = (_design("participants", "whole sample"), _design("participants_aim1_case_crossover", "aim 1"))
    return [e / math.sqrt(n) for n in counts]


def _sitting_rank() -> int:
    """Sitting's place among the ten p-values sorted from smallest to largest (1 = smallest)."""
    return int(list(_p_ten().sort_values(kind="stable").index).index("sitting")) + 1


def _sitting_p_times(multiplier: int) -> float:
    return multiplier * float(_p_ten()["sitting"])


PRINTED_BOUND = 0.001  # the notebook's tables print every p-value below it as "< 0.001"
# no digits of the bound in the messages: it is also the answer rounded to three decimal places
BOUND_READING = ("a multiplier times the cut-off that the tables print for small p-values ('<' and the cut-off), "
                 "as if it were sitting's p-value: the tables only say that the p-value is below the cut-off, not "
                 "what it is; take sitting's p-value itself from `p_ten` (`print(p_ten.sort_values())` shows it)")
THRESHOLD_READING = ("a Holm threshold (0.05 divided by the number of tests not yet passed), which the raw p is "
                     "compared with; the adjusted p-value is compared with 0.05")


def _times_printed_bound(answer) -> bool:
    """The answer is the tables' display bound for small p-values times a multiplier a learner may use for sitting:
    Holm's at its place, its place itself, one fewer, or Bonferroni's 10 (round-8 trial: 0.005, five times the
    printed bound)."""
    rank = _sitting_rank()
    multipliers = {len(_p_ten()) - rank + 1, rank, len(_p_ten()) - rank, len(_p_ten())}
    return any(math.isclose(float(answer), k * PRINTED_BOUND, rel_tol=1e-6) for k in multipliers)


def _is_holm_threshold(answer) -> bool:
    return any(math.isclose(float(answer), 0.05 / k, rel_tol=1e-3) for k in range(1, len(_p_ten()) + 1))


def _is_worst_case_holm(answer) -> bool:
    """Holm's multiplier at sitting's place applied to its largest p that the rounding allows (as printed or not)."""
    multiplier = len(_p_ten()) - _sitting_rank() + 1
    return any(matches_or_rounded(answer, multiplier * p)
               for p in (_sitting_worst_case_p(), round(_sitting_worst_case_p(), 3)))


PRINTED_4H_OR = ("That uses the 4-hour OR as printed (two decimals) in the `rescaled` table, whose rounding shows at three "
                 "significant digits: compute it from the per-hour OR (to the power 4) and round only the answer.")


def _flares_daily_risk() -> float:
    design = load("flares_design").set_index(["quantity", "sample"])["value"]
    rate = float(design[("median_flare_surveys_per_participant", "unclear")]) / 365
    return 1 - math.exp(-rate)


def _extra_flares_per_1000(reading: str = "rate", hours: int = AFTERNOON_HOURS, or_4h: float | None = None) -> float:
    """Extra flares per 1000 days after ``hours`` of lifting (or at the OR ``or_4h``), at the FLAReS-based baseline."""
    from lbpkit.flares.absolute_risk import risk_difference

    odds_ratio = _or_hours(hours) if or_4h is None else or_4h
    return float(risk_difference(_flares_daily_risk(), odds_ratio, reading=reading, per=1000)["difference"].iloc[0])


def _other_baseline_extra_per_1000(study: str) -> float:
    """Extra flares per 1000 days after an afternoon of lifting at another study's baseline (a wrong row)."""
    from lbpkit.flares.absolute_risk import risk_difference

    freq = load("flare_frequency").set_index("study")
    row = freq.loc[study]
    people = float(row["participants"]) if study == "Suri 2018 feasibility" else 1.0
    rate = float(row["value"]) / (people * float(row["follow_up_days"]))
    return float(risk_difference(1 - math.exp(-rate), _or_afternoon(), per=1000)["difference"].iloc[0])


def _log_half_width(side: str) -> float:
    """One half of the CI on the log scale, over 1.96 (rounded limits make the halves differ)."""
    row = _published_row("lifting")
    limit = row["ci_upper"] if side == "upper" else row["ci_lower"]
    return abs(math.log(limit) - math.log(row["odds_ratio"])) / 1.96


def _holm_of(activity: str) -> float:
    """Another activity's Holm-adjusted p-value in the family of ten (a wrong row for 07.holm-sitting)."""
    from lbpkit.published import adjust_pvalues

    return float(adjust_pvalues(_p_ten(), method="holm")[activity])


def _z(activity: str) -> float:
    """|log(OR)| / SE for one published row: how many standard errors the estimate lies from 1 (log scale)."""
    return abs(math.log(_published_row(activity)["odds_ratio"])) / _se_from_row(activity)


def _rare_event_shortcuts_per_1000() -> tuple[float, float]:
    """1000 × p0 × (OR − 1) and 1000 × r × (OR − 1): p1 ≈ OR × p0, with the daily risk or the daily rate."""
    rate = -math.log(1 - _flares_daily_risk())
    return 1000 * _flares_daily_risk() * (_or_afternoon() - 1), 1000 * rate * (_or_afternoon() - 1)


def _risk_after_per_1000() -> float:
    from lbpkit.flares.absolute_risk import absolute_risk

    return 1000 * float(absolute_risk(_flares_daily_risk(), _or_afternoon()))


@lru_cache(maxsize=4)
def _twin(scenario: str) -> pd.DataFrame:
    from lbpkit.flares import DEFAULT_SEED, informative_participants, simulate_flares_cohort

    return informative_participants(simulate_flares_cohort(seed=DEFAULT_SEED, scenario=scenario))


def _sitting_story() -> str:
    from lbpkit.estimate import conditional_logit
    from lbpkit.flares import ACTIVITIES

    exposures = [f"hours_{a}" for a in ACTIVITIES]
    near_one = []
    for scenario in ("sitting_protects", "sitting_displaces"):
        fit = conditional_logit(_twin(scenario), "flare", exposures, "participant_id", engine="fast")
        near_one.append(bool(fit.loc["hours_sitting", "ci_lower"] <= 1 <= fit.loc["hours_sitting", "ci_upper"]))
    return {(True, False): "a", (False, True): "b", (True, True): "c", (False, False): "d"}[tuple(near_one)]


def _control_rule() -> str:
    from lbpkit.estimate import conditional_logit
    from lbpkit.flares import DEFAULT_SEED
    from lbpkit.flares.reanalysis import add_post_flare_avoidance, match_control_periods

    twin = _twin("sitting_protects")
    avoiding = add_post_flare_avoidance(twin, seed=DEFAULT_SEED, **AVOIDANCE)
    rules = {"a": ("all", 0), "b": ("before", 0), "c": ("around", 0), "d": ("all", AVOIDANCE["days"])}
    shift = {}
    for letter, (rule, washout) in rules.items():
        log_or = [
            conditional_logit(match_control_periods(data, rule=rule, days=CONTROL_DAYS, washout=washout), "flare",
                              "hours_lifting", "matched_set", engine="fast")["log_or"].iloc[0]
            for data in (twin, avoiding)
        ]
        shift[letter] = abs(log_or[1] - log_or[0])
    return min(shift, key=shift.get)


def _close(a, b) -> bool:
    return isinstance(a, (int, float)) and math.isclose(float(a), float(b), rel_tol=5e-3)


EXERCISES = [
    Exercise(
        id="07.se-lifting",
        objective="recover standard errors",
        title="SE of log(OR) for lifting from its 95% CI",
        expected=_se_lifting,
        precision=significant(2),  # limits printed to two decimals: more digits would be spurious
        nudge="The SE of log(OR) comes from the width of the CI on the log scale: take natural logs of the two "
              "limits, then use the formula above the table.",
        hints=(
            # Width over 1.96 only (2 × SE) and half the log width (1.96 × SE, the margin of error; round-6 trial:
            # 0.019) are one number at two significant digits: the hint names both.
            Hint(wrong=lambda e: 2 * e,
                 message="Two slips give this number. (1) The log width divided by 1.96 only. (2) Half the log width, "
                         "(log(upper) − log(lower)) / 2: that is the margin of error, 1.96 standard errors, not one. "
                         "Either way, divide the whole width by 2 × 1.96: the CI spans 1.96 standard errors on EACH "
                         "side of log(OR)."),
            Hint(wrong=lambda e: -e,
                 message="A standard error is never negative: the logs were subtracted the other way round. Take "
                         "log(upper) − log(lower)."),
            Hint(wrong=lambda e: _z("lifting"),
                 message="That is z, log(OR) divided by its SE: how many standard errors the estimate lies from 1. The "
                         "question asks for the SE itself, from the width of the CI."),
            # round-3 trial: the logs taken, the width not yet divided
            Hint(wrong=lambda e: 2 * 1.96 * e,
                 message="You have the width on the log scale, log(upper) − log(lower): good. It spans 1.96 standard "
                         "errors on each side of log(OR), so divide it by 2 × 1.96."),
            Hint(wrong=lambda e: _log_half_width("lower"),
                 message="You used only the distance from the lower limit to the OR. The printed OR and limits are rounded, "
                         "so the two halves differ on the log scale: use the whole width, log(upper) − log(lower), over 2 × 1.96."),
            # round-3 trial: 0.01 typed. It is the answer rounded to two decimal places (one significant digit), and
            # also the ratio-scale SE at two significant digits (0.010): the number alone cannot tell which, so the
            # hint names both, the rounding first. An unrounded ratio-scale SE (0.0102) gets the ratio-scale hint below.
            Hint(when=lambda a, e: float(a) == round(e, 2) != round(e, 4),
                 message="Two slips give this number. (1) You rounded to two decimal places, which keeps only one "
                         "significant digit here (digits count from the first non-zero one): give two significant digits. "
                         "(2) " + RATIO_SCALE_SE),
            # OR × SE (the delta-method SE of the OR itself) lands on the same two digits as the ratio-scale width
            Hint(wrong=lambda e: (_published_row("lifting")["ci_upper"] - _published_row("lifting")["ci_lower"]) / (2 * 1.96),
                 message=RATIO_SCALE_SE),
            Hint(wrong=lambda e: e * 2 * 1.96 / 4,
                 message="You divided the log width by 4, rounding 1.96 to 2; at two significant digits that shows. Use 2 × 1.96."),
            Hint(wrong=lambda e: math.log(_published_row("lifting")["odds_ratio"]),
                 message="That is log(OR), the estimate itself on the log scale; its standard error comes from the width of "
                         "the CI, not from the OR."),
            Hint(wrong=lambda e: (math.log10(_published_row("lifting")["ci_upper"]) - math.log10(_published_row("lifting")["ci_lower"])) / (2 * 1.96),
                 message="Use natural logs (np.log), not log10."),
            # fresh round-4 trial: 0.012 typed, the SE of bending's row (twisting and squatting give the same). At two
            # significant digits it is also the 90%-CI slip (1.645), so that number gets a hint naming both.
            Hint(when=lambda a, e: float(a) == float(f"{1.96 * e / 1.645:.2g}")
                 and any(float(a) == float(f"{_se_from_row(other):.2g}") for other in OTHER_ROWS),
                 message="Two slips give this number. (1) That is the SE of another activity's row (bending, twisting "
                         "and squatting give it): the question asks for lifting's, from its own limits. (2) " + Z_90),
            Hint(when=lambda a, e: any(matches_or_rounded(a, _se_from_row(other)) for other in OTHER_ROWS),
                 message="That is the SE of another activity's row (bending, twisting, squatting, pushing/pulling or "
                         "sitting): the question asks for lifting's, from its own limits."),
            Hint(wrong=lambda e: 100 * e,
                 message="That is the standard error written as a percent (× 100); give it as a plain number on the "
                         "log-OR scale, as the formula returns it."),
            Hint(wrong=lambda e: e * 1.96 / 2.576,
                 message="2.576 belongs to a 99% CI; these are 95% CIs, so divide the log width by 2 × 1.96."),
            Hint(wrong=lambda e: 1.96 * e / 1.645, message=Z_90),
            Hint(wrong=lambda e: _log_half_width("upper"),
                 message="You used only the distance from the OR to the upper limit. The printed OR and limits are rounded, "
                         "so the two halves differ on the log scale: use the whole width, log(upper) − log(lower), over 2 × 1.96."),
            # round-10 trial: a / 2 * 1.96 typed for a / (2 * 1.96) (Python divides by 2, then MULTIPLIES by 1.96),
            # and the brackets round the difference of the logs left out
            Hint(wrong=lambda e: e * 1.96 ** 2,
                 message="Brackets: in Python, `a / 2 * 1.96` is (a / 2) × 1.96, so it divided the log width by 2 and "
                         "then multiplied by 1.96. Put the whole denominator in brackets: `/ (2 * 1.96)`."),
            Hint(wrong=lambda e: math.log(_published_row("lifting")["ci_upper"])
                 - math.log(_published_row("lifting")["ci_lower"]) / (2 * 1.96),
                 message="Brackets: Python divides before it subtracts, so `np.log(upper) - np.log(lower) / (2 * 1.96)` "
                         "divides only log(lower). Put the difference in brackets first: "
                         "`(np.log(upper) - np.log(lower)) / (2 * 1.96)`."),
            Hint(when=lambda a, e: any(matches_or_rounded(a, v) for v in _se_over_root_n(e)),
                 message="That divides by the square root of a sample size as well, as for the SE of a mean (SD / √n). "
                         "A CI's width already reflects the sample size: the SE of log(OR) is the log width over "
                         "2 × 1.96, with no n."),
            Hint(wrong=lambda e: e ** 2,
                 message="That is the variance of log(OR), the SE squared; give the standard error itself."),
            # round-8 trial: the SE exponentiated "back to the ratio scale" (1.0 at two significant digits), and
            # log(OR) / 1.96, the estimate taken for the half-width
            Hint(when=lambda a, e: matches_or_rounded(a, math.exp(e)),
                 message="That is e to the power of the SE, back on the ratio scale. A standard error of log(OR) stays "
                         "on the log scale: do not exponentiate it (only an estimate and its CI limits go back to the "
                         "ratio scale)."),
            Hint(wrong=lambda e: math.log(_published_row("lifting")["odds_ratio"]) / 1.96,
                 # round-10 count: the two logs added, (log(u) + log(l)) / (2 x 1.96), is the same number at two digits
                 message="Two readings give this number. (1) log(OR) divided by 1.96, which starts from the estimate. "
                         "(2) The two logs ADDED, (log(upper) + log(lower)) / (2 × 1.96): their mean is close to log(OR). "
                         "The standard error comes from the width of the CI, the DIFFERENCE log(upper) − log(lower) on "
                         "the log scale."),
        ),
        default_hint="SE = (log(upper) − log(lower)) / (2 × 1.96), with natural logs; in Python keep both brackets: "
                     "`(np.log(upper) - np.log(lower)) / (2 * 1.96)`.",
    ),
    Exercise(
        id="07.holm-sitting",
        objective="recover standard errors",
        title="Sitting's Holm-adjusted p-value (family of ten)",
        expected=_holm_sitting,
        # Two digits of arithmetic on a recovered p-value (not a precise p: rounding of the CI moves it a lot);
        # they are enough to tell Holm from the raw p, Bonferroni and the family of six.
        precision=significant(2),
        nudge="Sort the ten p-values in `p_ten` from smallest to largest and find sitting's place: Holm's multiplier "
              "depends on that place.",
        hints=(
            # round-8 trial: Holm over the six reported p-values without the step to the place before gives the
            # raw p too (sitting is last of six: multiplier 1), and was told "before any adjustment": both named
            Hint(wrong=lambda e: float(_p_ten()["sitting"]),
                 message="Two readings give this number. (1) Sitting's raw (recovered) p-value, before any "
                         "adjustment. (2) Holm over the six reported p-values only, where sitting comes last and "
                         "its multiplier is 1. The question keeps all ten in the family (the four unknown p-values, "
                         "set to 1, sort last): Holm multiplies sitting's p by the number of tests not yet passed "
                         "out of ten at its place in the sorted list.",
                 method="At place r of m sorted p-values, the Holm-adjusted p is (m − r + 1) × p, or the adjusted p of "
                        "the place before it if that is larger."),
            Hint(wrong=lambda e: min(1.0, _sitting_p_times(10)),
                 message="That is the Bonferroni adjustment (p × 10, every p multiplied by the whole family). Holm "
                         "multiplies only the smallest p by 10, the next by 9, and so on: use sitting's place in the "
                         "sorted list."),
            Hint(wrong=lambda e: _holm_sitting("six"),
                 message="That is Holm over the six reported activities only. The question keeps all ten in the family, "
                         "with the four unknown p-values set to 1: they sort last, so sitting's multiplier comes from ten "
                         "tests, not six."),
            # sitting's p times its rank, times the multiplier of the place before it, or Bonferroni over the six
            # reported ones: with sitting sixth of ten, all three are the same number
            Hint(wrong=lambda e: _sitting_p_times(_sitting_rank()),
                 # round-10 trial: r from Python's list.index(), which counts from 0, gives this number too
                 message="Several slips give this multiplier, one too large. (1) Python counts from 0: "
                         "`list(...).index(\"sitting\")` gives sitting's place minus one, so add 1 to it before using "
                         "m − r + 1. (2) Places counted in a list sorted from LARGEST to smallest (sort from smallest; "
                         "the four p-values set to 1 come last). (3) Sitting's p times its own place, or the multiplier "
                         "of the place before it, or Bonferroni over the six reported tests. Holm's multiplier counts "
                         "the tests not yet passed, sitting's own included: at place r of m (r = 1 for the smallest) "
                         "it is m − r + 1."),
            Hint(wrong=lambda e: _sitting_p_times(10 - _sitting_rank()),
                 message="One off in the multiplier: at place r of m, the number of tests not yet passed is m − r + 1, "
                         "counting sitting's own test."),
            Hint(wrong=lambda e: _holm_sitting(method="fdr_bh"),
                 message="That is the Benjamini–Hochberg adjusted p-value (false discovery rate); the question asks "
                         "for Holm's (family-wise error rate)."),
            # Fresh round-4 trial: 0.01 typed, the worst-case p of the rounding table (0.002) × Holm's multiplier 5,
            # which is also the Holm threshold 0.05 / 5. Round-8 trial: 0.005, Holm's multiplier times the printed
            # "< 0.001", was told "a Holm threshold" (0.05 / 10 is the same number); 0.01 is also ten times that
            # bound. A number that several mistakes give names every one of them; each hint below matches only the
            # numbers of its own mistake(s).
            Hint(when=lambda a, e: _times_printed_bound(a) and _is_worst_case_holm(a) and _is_holm_threshold(a),
                 message="Three readings give this number. (1) " + BOUND_READING[0].upper() + BOUND_READING[1:]
                         + ". (2) Holm's multiplier applied to sitting's LARGEST p that the rounding allows (the "
                         "worst case of the rounding table), not the p in `p_ten`. (3) " + THRESHOLD_READING[0].upper()
                         + THRESHOLD_READING[1:] + "."),
            Hint(when=lambda a, e: _times_printed_bound(a) and _is_holm_threshold(a),
                 message="Two readings give this number. (1) " + BOUND_READING[0].upper() + BOUND_READING[1:]
                         + ". (2) " + THRESHOLD_READING[0].upper() + THRESHOLD_READING[1:] + "."),
            Hint(when=lambda a, e: _times_printed_bound(a),
                 message="That is " + BOUND_READING + "."),
            # a worst case that is also a threshold (0.01) got the three readings above: this one names its own
            Hint(when=lambda a, e: _is_worst_case_holm(a) and not _is_holm_threshold(a),
                 message="That is Holm's multiplier applied to sitting's LARGEST p that the rounding allows (the worst "
                         "case of the rounding table): the question asks for the p recovered from the printed CI, the "
                         "one in `p_ten`."),
            Hint(when=lambda a, e: _is_worst_case_holm(a),
                 message="Two readings give this number. (1) Holm's multiplier applied to sitting's LARGEST p that the "
                         "rounding allows (the worst case of the rounding table): the question asks for the p recovered "
                         "from the printed CI, the one in `p_ten`. (2) " + THRESHOLD_READING[0].upper()
                         + THRESHOLD_READING[1:] + "."),
            Hint(when=lambda a, e: _is_holm_threshold(a),
                 message="That is a Holm threshold (0.05 divided by the number of tests not yet passed), which the raw p "
                         "is compared with; the question asks for the adjusted p-value, which is compared with 0.05."),
            # round-10 trials: the adjusted p rounded to three decimal places, or worked out from a rounded SE, give this number too
            Hint(when=lambda a, e: math.isclose(float(a), PRINTED_BOUND, rel_tol=1e-9),
                 message="Three readings give this number. (1) The cut-off of the tables, which print small p-values only "
                         "as a bound ('<' and the cut-off), not as their value: compute the adjusted p-value itself from "
                         "`p_ten`. (2) A p-value rounded to three decimal places, which keeps only one digit of it: give "
                         "two significant digits, counting from the first non-zero digit. (3) A p-value worked out from "
                         "a rounded input, such as an SE as printed in a table: take "
                         "sitting's p from `p_ten`, which keeps every digit."),
            Hint(when=lambda a, e: float(a).is_integer() and 2 <= float(a) <= 10,
                 message="That looks like a count of activities; the question asks for sitting's Holm-adjusted "
                         "p-value, a number between 0 and 1."),
            # round-6 trial: sitting's p divided by Holm's multiplier; another row's adjusted p; the answer in percent;
            # sitting's |z| from the recovered table
            Hint(wrong=lambda e: float(_p_ten()["sitting"]) / (11 - _sitting_rank()),
                 message="That divides sitting's p by Holm's multiplier. Dividing belongs to the thresholds (0.05 over "
                         "the number of tests not yet passed); the adjusted p-value multiplies the raw p instead."),
            Hint(when=lambda a, e: any(matches_or_rounded(a, _holm_of(other))
                                       for other in ("lifting", "bending", "squatting", "pushing_pulling")),
                 message="That is the Holm-adjusted p-value of another activity (another row of the sorted list); the "
                         "question asks for sitting's, at sitting's own place."),
            # round-8 trial: sitting's p read from e-notation one power of ten off (1.23e-04 as 0.00123)
            Hint(wrong=lambda e: 10 * e,
                 message="That is ten times too large: a power of ten went astray, most often in reading e-notation. "
                         "In 1.5e-04, 'e-04' means × 10⁻⁴: 0.00015, with three zeros after the point."),
            Hint(wrong=lambda e: 100 * e,
                 message="That is the adjusted p-value × 100, a percent; give it as a proportion, the way p-values are "
                         "written and compared with 0.05."),
            Hint(wrong=lambda e: _z("sitting"),
                 message="That is sitting's |z| (`abs_z` in the `recovered` table: standard errors from 1), not a "
                         "p-value; the question asks for its Holm-adjusted p-value, a number between 0 and 1."),
            # round-10 trial: round(adjusted, 2) gave 0.0 and was told to multiply, which it had done
            Hint(when=lambda a, e: float(a) == 0.0,
                 message="0 is what a small p-value becomes when rounded to two or three decimal places (no non-zero "
                         "digit is left there); no p-value is exactly 0. Give two significant digits, counting from the "
                         "first non-zero digit (e-notation such as 1.5e-04 is fine)."),
            Hint(when=lambda a, e: float(a) == 1.0,
                 message="1 is the value set for the four unknown p-values (and the cap of Holm's adjustment), not "
                         "sitting's: sitting's own p-value is small, so multiply it by Holm's multiplier at its place "
                         "in the sorted list."),
            # round-10 trial: sitting's LARGEST p from the rounding table, not adjusted (0.0017, printed 0.002)
            Hint(when=lambda a, e: matches_or_rounded(a, _sitting_worst_case_p())
                 or float(a) == float(f"{_sitting_worst_case_p():.1g}"),
                 message="That is sitting's LARGEST p-value that the rounding allows (the rounding table), before any "
                         "adjustment. The question asks for the p recovered from the printed CI (the one in `p_ten`), "
                         "adjusted by Holm: multiplied by the number of tests not yet passed at sitting's place."),
        ),
        default_hint="Sort the ten p-values (the four unknown ones, set to 1, come last). At place r of m = 10 (r = 1 "
                     "for the smallest; Python's `.index()` counts from 0, so add 1), the Holm-adjusted p is "
                     "(m − r + 1) × p, or the adjusted p of the place before it if that is larger (and at most 1).",
        on_success="Far below 0.05 even with all ten tests in the family and the unknown p-values at their least "
                   "favourable value: chance alone is an unlikely explanation for sitting; bias is a separate question.",
    ),
    Exercise(
        id="07.workday-or",
        objective="rescale a per-hour odds ratio",
        title="OR for a working day (8 h) of lifting",
        expected=_or_workday,
        # Three digits of arithmetic on the printed 1.05 (not extra precision of the estimate): with two,
        # the approximation e^(8 × 0.05) would pass.
        precision=significant(3),
        nudge="Start from the per-hour OR for lifting; think about what one more hour does to the odds.",
        hints=(
            # 1.05 ** 7 and the additive 1 + 8 × 0.05 both round to 1.4: typed with more digits, it is the power slip
            Hint(when=lambda a, e: any(abs(float(a) - _or_hours(WORKDAY_HOURS + k)) <= 0.0051 for k in (-1, 1))
                 and abs(float(a) - (1 + WORKDAY_HOURS * (_published_row("lifting")["odds_ratio"] - 1))) > 0.0049,
                 message="That is the OR for one hour fewer (or more) than asked: the power is the number of extra hours."),
            Hint(wrong=lambda e: 1 + WORKDAY_HOURS * (_published_row("lifting")["odds_ratio"] - 1),
                 message="Odds ratios multiply, they do not add: each extra hour multiplies the odds again.",
                 method="k extra hours multiply the odds by the per-hour OR raised to the power k."),
            Hint(wrong=lambda e: WORKDAY_HOURS * _published_row("lifting")["odds_ratio"],
                 message="Multiplying the OR by the hours is not the same as raising it to the power of the hours."),
            Hint(when=lambda a, e: abs(float(a) - float(_published_row("lifting")["odds_ratio"])) <= 0.0051,
                 message="That is the per-hour OR itself, the OR for ONE extra hour; the question asks for 8 extra hours.",
                 method="k extra hours multiply the odds by the per-hour OR raised to the power k."),
            Hint(wrong=lambda e: WORKDAY_HOURS * (_published_row("lifting")["odds_ratio"] - 1),
                 message="That is the additive guess's distance above 1 (8 × 0.05), not an odds ratio; the question asks "
                 "for the OR itself, computed by compounding."),
            Hint(wrong=lambda e: 100 * (e - 1),
                 message="That is a percent increase in the odds; the question asks for the odds ratio (1 means no change)."),
            Hint(wrong=lambda e: e - 1,
                 message="That is how far the OR lies above 1; the question asks for the odds ratio itself."),
            Hint(wrong=lambda e: 1.0,
                 message="An OR of 1 would mean that 8 extra hours leave the odds unchanged (no effect), yet each hour "
                 "multiplies them by a number above 1. If you rounded, give three significant digits."),
            Hint(wrong=lambda e: math.exp(WORKDAY_HOURS * (_published_row("lifting")["odds_ratio"] - 1)),
                 message="That is e^(8 × 0.05): it treats 0.05 as the log of the OR, but log(1.05) is a little smaller "
                         "than 0.05. Raise the OR itself to the power of the hours."),
            Hint(wrong=lambda e: _or_hours(24),
                 message="That is the OR for 24 hours, a whole day and night; the question's working day is 8 hours."),
            Hint(wrong=lambda e: _published_row("lifting")["odds_ratio"] ** (1 / WORKDAY_HOURS),
                 message="That takes the 8th root of the per-hour OR (power 1/8), as if 1.05 were the OR for 8 hours; it "
                         "is the OR for ONE hour, and 8 hours raise it to the power 8."),
            Hint(wrong=lambda e: _or_hours(AFTERNOON_HOURS),
                 message="That is the OR for 4 hours (an afternoon); the question asks for a working day of 8 hours."),
            # round-6 trial: 0.72, sitting's per-hour OR to the power 8 (pushing/pulling, bending, twisting give 1.59)
            Hint(when=lambda a, e: any(matches_or_rounded(a, _published_row(other)["odds_ratio"] ** WORKDAY_HOURS, d)
                                       for other in ("sitting", "pushing_pulling", "bending", "twisting") for d in (2, 3)),
                 message="That compounds another activity's per-hour OR (sitting's, or that of pushing/pulling, bending "
                         "or twisting); the question asks for lifting's row."),
            Hint(wrong=lambda e: 1 / e,
                 message="That is the inverse, below 1: the OR for 8 FEWER hours. Lifting's per-hour OR is above 1, so "
                         "8 extra hours give an OR above 1."),
            Hint(wrong=lambda e: math.log(e),
                 message="That is on the log scale (8 × log OR); an odds ratio is back on the ratio scale: exponentiate it."),
            Hint(wrong=lambda e: _published_row("lifting")["ci_upper"] ** WORKDAY_HOURS,
                 message="That compounds the upper CI limit; the estimate compounds the `odds_ratio` itself."),
            Hint(wrong=lambda e: _published_row("lifting")["ci_lower"] ** WORKDAY_HOURS,
                 message="That compounds the lower CI limit; the estimate compounds the `odds_ratio` itself."),
            # round-8 trial: the 8-h OR turned into a probability, OR / (1 + OR), as if an odds ratio were odds
            Hint(wrong=lambda e: e / (1 + e),
                 message="That turns the odds ratio into a probability, OR / (1 + OR), as if it were odds. An odds "
                         "ratio compares two odds and is neither odds nor a risk: the question asks for the OR itself."),
        ),
        default_hint="k extra hours multiply the odds by the per-hour OR raised to the power k.",
        on_success="Clearly more than the additive guess, because the effect compounds; and its CI is much wider than the per-hour one.",
    ),
    Exercise(
        id="07.risk-difference",
        objective="rescale a per-hour odds ratio",
        title="Extra flares per 1000 days after an afternoon of lifting (FLAReS-based baseline)",
        expected=_extra_flares_per_1000,
        # Three digits of arithmetic (rate and odds readings agree to three): at two, the RATIO p1 / p0 (about the
        # 4-h OR) rounds to the same number as the difference per 1000 at this baseline, and passed (round-6 trial).
        precision=significant(3),
        nudge="You need two things: the FLAReS-based daily risk from `baseline` and the OR for 4 hours of lifting; "
              "then the day's risk with the lifting minus the risk without, per 1000 days.",
        hints=(
            Hint(wrong=lambda e: e / 1000,
                 message="That is the extra risk per day, as a proportion; the question asks for extra flares per 1000 "
                 "days (multiply the risk difference by 1000)."),
            Hint(wrong=lambda e: _extra_flares_per_1000() / 10,
                 message="That is in percentage points; the question asks for extra flares per 1000 days (multiply the risk difference by 1000)."),
            Hint(wrong=lambda e: _risk_after_per_1000(),
                 message="That is the risk after an afternoon of lifting, per 1000 days; subtract the baseline risk to get the EXTRA flares."),
            Hint(wrong=lambda e: _extra_flares_per_1000(hours=1),
                 message="That uses the per-hour OR; an afternoon is 4 hours, so use the OR for 4 hours."),
            Hint(wrong=lambda e: _extra_flares_per_1000(hours=WORKDAY_HOURS),
                 message="That uses the OR for 8 hours (a working day); an afternoon is 4 hours."),
            Hint(wrong=lambda e: _other_baseline_extra_per_1000("Suri 2011 pilot"),
                 message="That uses the Suri 2011 pilot's baseline (acute low back pain); the question asks for the "
                         "FLAReS-based row of `baseline`."),
            Hint(wrong=lambda e: _other_baseline_extra_per_1000("Suri 2018 feasibility"),
                 message="That uses the Suri 2018 study's baseline (acute low back pain); the question asks for the "
                         "FLAReS-based row of `baseline`."),
            Hint(wrong=lambda e: 1000 / e,
                 message="That is 1 divided by the risk difference: how many afternoons of lifting go with one extra flare "
                         "(a number needed to harm). The question asks for extra flares per 1000 days: 1000 × (p1 − p0)."),
            Hint(wrong=lambda e: _extra_flares_per_1000(or_4h=_published_row("lifting")["ci_upper"] ** AFTERNOON_HOURS),
                 message="That uses the upper CI limit compounded over 4 hours; the estimate uses the `odds_ratio` itself "
                         "(the limits give the interval shown after the exercise)."),
            Hint(wrong=lambda e: _extra_flares_per_1000(or_4h=_published_row("lifting")["ci_lower"] ** AFTERNOON_HOURS),
                 message="That uses the lower CI limit compounded over 4 hours; the estimate uses the `odds_ratio` itself "
                         "(the limits give the interval shown after the exercise)."),
            Hint(wrong=lambda e: _extra_flares_per_1000(or_4h=1 + AFTERNOON_HOURS * (_published_row("lifting")["odds_ratio"] - 1)),
                 # round-10d count: 4 x the one-hour risk difference adds the hours too (1.09, the same digits)
                 message="That adds the hours' effects: 1 + 4 × 0.05 as the OR for 4 hours, or 4 × the one-hour risk "
                         "difference. Odds ratios multiply: the OR for 4 hours is the per-hour OR to the power 4."),
            Hint(wrong=lambda e: 1000 * _flares_daily_risk(),
                 message="That is the baseline itself, flares per 1000 days WITHOUT the afternoon of lifting; the question "
                         "asks for the extra ones: the risk with it minus the risk without."),
            Hint(wrong=lambda e: e * 365 / 1000,
                 message="That is per 365 days (a year of such days); the question asks per 1000 days: 1000 × (p1 − p0)."),
            # (OR − 1) × 100 and 100 × (p1 − p0) / p0 differ in the second digit (22 and 21): both are the percent rise
            Hint(when=lambda a, e: any(matches_or_rounded(a, v) for v in (100 * e / (1000 * _flares_daily_risk()),
                                                                             100 * (_or_afternoon() - 1))),
                 message="That is the relative increase in percent (extra risk over baseline risk × 100); the question asks "
                         "for an absolute difference: extra flares per 1000 days, 1000 × (p1 − p0)."),
            # round-6 trial: the 4-h OR (or p1 / p0, the same at this baseline), a ratio typed for a difference
            Hint(when=lambda a, e: any(abs(float(a) - v) <= 0.006 for v in (_or_afternoon(), (e / 1000 + _flares_daily_risk())
                                                                             / _flares_daily_risk())),
                 # round-10 count: 1000 x (odds1 - p0), the odds with lifting not turned back into a risk, lies
                 # within 0.002 of the 4-h OR: both readings named
                 message="Two readings give this number. (1) A ratio: the OR for 4 hours, or the risk with lifting over "
                         "the risk without (p1 / p0), about the same at this low baseline; the question asks for an "
                         "absolute difference, extra flares per 1000 days, 1000 × (p1 − p0). (2) The odds with lifting, "
                         "odds1 = OR × p0 / (1 − p0), used as if it were a risk: turn it back into a risk first, "
                         "p1 = odds1 / (1 + odds1)."),
            Hint(wrong=lambda e: -e,
                 message="Negative: that subtracts the other way round (risk without minus risk with). Lifting's OR is "
                         "above 1, so the risk with it is larger: 1000 × (p1 − p0)."),
            Hint(when=lambda a, e: any(matches_or_rounded(a, v, 3) for v in _rare_event_shortcuts_per_1000()),
                 # round-10 trial: the daily risk rounded to two significant digits before computing gives this
                 # number too, and was told about the shortcut: both named
                 # round-10d count: a difference of odds, 1000 x (OR x odds0 - odds0), lands on the same digits
                 message="Three slips give this number. (1) The rare-event shortcut p1 ≈ OR × p0 (or with the daily rate "
                         "in place of the risk): close, but at three significant digits the shortcut shows; use the "
                         "formula of the text, p1 = 1 − (1 − p0) ** OR, with p0 the daily risk. (2) An input rounded "
                         "before the end, such as the daily risk rounded to two significant digits: take the unrounded "
                         "value from `baseline` and round only the answer. (3) A difference of odds, odds1 − odds0: "
                         "the question asks for a difference of risks, so turn odds1 into a risk first, "
                         "p1 = odds1 / (1 + odds1)."),
            # round-8 trial: 4 × the per-hour OR taken for the 4-h OR; p0 ** OR and (1 − p0) ** OR for p1
            Hint(wrong=lambda e: _extra_flares_per_1000(or_4h=AFTERNOON_HOURS * _published_row("lifting")["odds_ratio"]),
                 message="That uses 4 × the per-hour OR as the OR for 4 hours, multiplying the OR by the hours; odds "
                         "ratios compound: the OR for 4 hours is the per-hour OR to the power 4."),
            Hint(wrong=lambda e: 1000 * (_flares_daily_risk() ** _or_afternoon() - _flares_daily_risk()),
                 message="That raises the baseline risk p0 itself to the power OR. The rate-ratio reading raises the "
                         "chance of NO flare, 1 − p0, to the power OR: p1 = 1 − (1 − p0) ** OR."),
            Hint(wrong=lambda e: 1000 * ((1 - _flares_daily_risk()) ** _or_afternoon() - _flares_daily_risk()),
                 message="That uses (1 − p0) ** OR, the chance of NO flare on a day with the lifting, as if it were p1; "
                         "the chance of a flare is 1 minus it: p1 = 1 − (1 − p0) ** OR."),
            Hint(wrong=lambda e: 1000 * (_or_afternoon() - 1),
                 message="That is the RELATIVE increase, (OR − 1) × 1000, as if it were absolute. The OR multiplies the "
                         "baseline rate: compute the day's risk with and without lifting, then subtract."),
            # round-10 trial: an afternoon counted as 5 hours (1 pm to 5 pm, both ends) or 3; the 4-h OR as printed
            # (two decimals) in the `rescaled` table; another activity's per-hour OR compounded
            Hint(wrong=lambda e: _extra_flares_per_1000(hours=AFTERNOON_HOURS + 1),
                 message="That uses the OR for 5 hours, one hour more than the afternoon: the power is the number of "
                         "hours, 4 here (the notebook's assumption for an afternoon)."),
            Hint(wrong=lambda e: _extra_flares_per_1000(hours=AFTERNOON_HOURS - 1),
                 message="That uses the OR for 3 hours, one hour fewer than the afternoon: the power is the number of "
                         "hours, 4 here (the notebook's assumption for an afternoon)."),
            # its value at three significant digits is also the answer at two: that number names both readings
            Hint(when=lambda a, e: float(a) == float(f"{e:.2g}")
                 and matches_or_rounded(a, _extra_flares_per_1000(or_4h=round(_or_afternoon(), 2)), 3),
                 message="Two readings give this number. (1) The answer rounded to fewer digits than asked: give three "
                         "significant digits, rounding only at the end. (2) " + PRINTED_4H_OR),
            Hint(when=lambda a, e: matches_or_rounded(a, _extra_flares_per_1000(or_4h=round(_or_afternoon(), 2)), 3),
                 message=PRINTED_4H_OR),
            Hint(when=lambda a, e: any(matches_or_rounded(a, _extra_flares_per_1000(or_4h=_published_row(other)["odds_ratio"]
                                                                                      ** AFTERNOON_HOURS), 3)
                                       for other in ("pushing_pulling", "bending", "twisting", "sitting")),
                 message="That compounds another activity's per-hour OR (pushing/pulling, bending, twisting or sitting); "
                         "the question asks for lifting's row."),
        ),
        default_hint="p0 is the FLAReS-based daily risk from `baseline`; the OR for an afternoon is lifting's per-hour "
                     "OR to the power 4 (hours); p1 = 1 − (1 − p0) ** OR (rate-ratio reading), or through the odds; "
                     "answer 1000 × (p1 − p0).",
        on_success="At this low baseline the rate-ratio and odds readings agree to three significant digits; the "
                   "difference is far below the precision of the inputs.",
    ),
    Exercise(
        id="07.sitting-story",
        predict=True,
        objective="mutually adjusted model",
        title="Which scenario does mutual adjustment expose? (synthetic)",
        expected=_sitting_story,
        kind="choice",
        options=("a", "b", "c", "d"),
        nudge="Read the two scenario descriptions: which one gives sitting no effect of its own?",
        hints=(
            Hint(wrong=lambda e: "a",
                 message="In that scenario sitting has a planted effect of its own; adjustment should keep it."),
            Hint(wrong=lambda e: "c",
                 message="Not both: in `sitting_protects` sitting has a planted effect of its own (OR below 1), which "
                         "adjustment keeps."),
            Hint(wrong=lambda e: "d",
                 message="In one scenario sitting has no effect of its own (planted OR 1). Once the activities it displaces "
                         "are in the model, what is left for sitting?"),
        ),
        default_hint="In which scenario does sitting have a planted effect of its own, and in which does its OR below 1 only borrow the effects of the activities it replaces?",
    ),
    Exercise(
        id="07.control-rule",
        objective="control-period choice",
        title="Control rule robust to post-flare avoidance (synthetic)",
        expected=_control_rule,
        kind="choice",
        options=("a", "b", "c", "d"),
        nudge="Compare each rule's two rows: as simulated and with avoidance.",
        hints=(
            Hint(wrong=lambda e: "a",
                 message="Every scheduled survey includes those just after a flare, when the planted avoidance lowers lifting hours."),
            Hint(wrong=lambda e: "c",
                 message="'Around' uses surveys just after a flare, when the planted avoidance lowers lifting hours."),
            Hint(when=lambda a, e: str(a).strip().lower() in ("a", "c"),
                 message="That rule uses surveys just after a flare, when the planted avoidance lowers lifting hours."),
            Hint(wrong=lambda e: "b",
                 message="Better, but most people have several flares: a survey before one flare can be just after another."),
        ),
        default_hint="Which surveys does the avoidance change, and which rule never uses them?",
        on_success="Here the recovery is built in: only scheduled surveys were thinned, and the washout removes exactly "
                   "those. When a flare soon after another flare is also affected (event-dependent exposure), no rule recovers it fully.",
    ),
]
