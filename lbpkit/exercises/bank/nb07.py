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

AFTERNOON_HOURS = 4  # the notebook's stated assumption of "an afternoon"
WORKDAY_HOURS = 8  # the notebook's stated assumption of "a working day"
CONTROL_DAYS = 90
AVOIDANCE = {"activity": "hours_lifting", "days": 14, "keep": 0.5}


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


def _holm_count() -> int:
    from lbpkit.published import adjust_pvalues, p_from_ci

    table = load("flares_published_or")
    reported = table["reported"].to_numpy(dtype=bool)
    est, low, high = (table[c].to_numpy(dtype=float, na_value=np.nan) for c in ("odds_ratio", "ci_lower", "ci_upper"))
    p = np.ones(len(table))
    p[reported] = p_from_ci(est[reported], low[reported], high[reported])
    return int((np.asarray(adjust_pvalues(p, method="holm")) < 0.05).sum())


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
        nudge="Work on the log scale: take natural logs of the two limits first.",
        hints=(
            Hint(wrong=lambda e: 2 * e,
                 message="Divide by 2 × 1.96: the CI spans 1.96 standard errors on EACH side of log(OR)."),
            Hint(wrong=lambda e: _log_half_width("lower"),
                 message="You used only the distance from the lower limit to the OR. The printed OR and limits are rounded, "
                         "so the two halves differ on the log scale: use the whole width, log(upper) − log(lower), over 2 × 1.96."),
            # OR × SE (the delta-method SE of the OR itself) lands on the same two digits as the ratio-scale width
            Hint(wrong=lambda e: (_published_row("lifting")["ci_upper"] - _published_row("lifting")["ci_lower"]) / (2 * 1.96),
                 message="That is a standard error on the ratio scale (from the limits themselves, or the OR times the SE); "
                         "the question asks for the SE of log(OR): take logs of the limits first, since a ratio's CI is "
                         "symmetric on the log scale."),
            Hint(wrong=lambda e: e * 2 * 1.96 / 4,
                 message="You divided the log width by 4, rounding 1.96 to 2; at two significant digits that shows. Use 2 × 1.96."),
            Hint(wrong=lambda e: math.log(_published_row("lifting")["odds_ratio"]),
                 message="That is log(OR), the estimate itself on the log scale; its standard error comes from the width of "
                         "the CI, not from the OR."),
            Hint(wrong=lambda e: (math.log10(_published_row("lifting")["ci_upper"]) - math.log10(_published_row("lifting")["ci_lower"])) / (2 * 1.96),
                 message="Use natural logs (np.log), not log10."),
            Hint(wrong=lambda e: 1.96 * e / 1.645,
                 message="1.645 belongs to a 90% CI; these are 95% CIs, so use 1.96."),
            Hint(wrong=lambda e: _log_half_width("upper"),
                 message="You used only the distance from the OR to the upper limit. The printed OR and limits are rounded, "
                         "so the two halves differ on the log scale: use the whole width, log(upper) − log(lower), over 2 × 1.96."),
            Hint(wrong=lambda e: e ** 2,
                 message="That is the variance of log(OR), the SE squared; give the standard error itself."),
        ),
        default_hint="SE = (log(upper) − log(lower)) / (2 × 1.96), with natural logs.",
    ),
    Exercise(
        id="07.holm-count",
        objective="recover standard errors",
        title="Activities significant after Holm (family of ten)",
        expected=_holm_count,
        precision=decimals(0),
        nudge="Use the column adjusted over all ten activities.",
        hints=(
            Hint(wrong=lambda e: 10, message="Four activities have no published result; with p = 1 they cannot be significant."),
            Hint(wrong=lambda e: int((~load("flares_published_or")["reported"]).sum()),
                 message="That counts the activities WITHOUT a published result (p set to 1); the question asks how many "
                 "stay significant."),
            Hint(wrong=lambda e: e - 1,
                 message="Did you leave out sitting? A significant association below 1 counts as significant "
                 "too: the test is two-sided.",
                 method="Count every activity with adjusted['holm_of_10'] < 0.05, whatever the direction of its OR."),
            Hint(when=lambda a, e: math.isclose(float(a), 0.05 / 10, rel_tol=1e-3),
                 message="That is Holm's threshold for the smallest p-value (0.05 / 10); the question asks how many "
                         "activities stay significant: count the Holm-adjusted p-values below 0.05."),
            Hint(when=lambda a, e: 0 < float(a) < 1,
                 message="That is a share of the ten activities; the question asks for a count (a whole number)."),
            Hint(wrong=lambda e: e + 1,
                 message="One too many: an activity without a published OR (crawling too, despite its mention in the news) "
                         "has its p-value set to 1 and cannot pass."),
            Hint(wrong=lambda e: 1,
                 message="Holm does not stop after the smallest p-value: the next one is compared with 0.05/9, then "
                         "0.05/8, and so on, until one fails. Count every activity whose Holm-adjusted p is below 0.05."),
        ),
        default_hint="Count the activities whose Holm-adjusted p-value (family of ten) is below 0.05.",
        on_success="Chance alone is an unlikely explanation, even in the worst case over rounding; bias is a separate question.",
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
            Hint(wrong=lambda e: _or_hours(AFTERNOON_HOURS),
                 message="That is the OR for 4 hours (an afternoon); the question asks for a working day of 8 hours."),
            Hint(wrong=lambda e: 1 / e,
                 message="That is the inverse, below 1: the OR for 8 FEWER hours. Lifting's per-hour OR is above 1, so "
                         "8 extra hours give an OR above 1."),
            Hint(wrong=lambda e: math.log(e),
                 message="That is on the log scale (8 × log OR); an odds ratio is back on the ratio scale: exponentiate it."),
            Hint(wrong=lambda e: _published_row("lifting")["ci_upper"] ** WORKDAY_HOURS,
                 message="That compounds the upper CI limit; the estimate compounds the `odds_ratio` itself."),
            Hint(wrong=lambda e: _published_row("lifting")["ci_lower"] ** WORKDAY_HOURS,
                 message="That compounds the lower CI limit; the estimate compounds the `odds_ratio` itself."),
        ),
        default_hint="k extra hours multiply the odds by the per-hour OR raised to the power k.",
        on_success="Clearly more than the additive guess, because the effect compounds; and its CI is much wider than the per-hour one.",
    ),
    Exercise(
        id="07.risk-difference",
        objective="rescale a per-hour odds ratio",
        title="Extra flares per 1000 days after an afternoon of lifting (FLAReS-based baseline)",
        expected=_extra_flares_per_1000,
        precision=significant(2),  # rate and odds readings differ only in the third digit
        nudge="You need two things: the FLAReS-based daily risk from `baseline` and the OR for 4 hours of lifting.",
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
            Hint(wrong=lambda e: 1000 * (_or_afternoon() - 1),
                 message="That is the RELATIVE increase, (OR − 1) × 1000, as if it were absolute. The OR multiplies the "
                         "baseline rate: compute the day's risk with and without lifting, then subtract."),
        ),
        default_hint="p1 = 1 − (1 − p0) ** OR (rate-ratio reading), or through the odds; answer 1000 × (p1 − p0).",
        on_success="At this low baseline the rate-ratio and odds readings agree to two significant digits; the difference is far below the precision of the inputs.",
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
