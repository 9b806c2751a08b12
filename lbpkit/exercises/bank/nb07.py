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


def _extra_flares_per_1000(reading: str = "rate", hours: int = AFTERNOON_HOURS) -> float:
    """Extra flares per 1000 days after ``hours`` of lifting, at the FLAReS-based baseline."""
    from lbpkit.flares.absolute_risk import risk_difference

    return float(risk_difference(_flares_daily_risk(), _or_hours(hours), reading=reading, per=1000)["difference"].iloc[0])


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
            Hint(wrong=lambda e: (_published_row("lifting")["ci_upper"] - _published_row("lifting")["ci_lower"]) / (2 * 1.96),
                 message="Take logs of the limits first: a ratio's CI is symmetric on the log scale, not on the ratio scale."),
            Hint(wrong=lambda e: (math.log10(_published_row("lifting")["ci_upper"]) - math.log10(_published_row("lifting")["ci_lower"])) / (2 * 1.96),
                 message="Use natural logs (np.log), not log10."),
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
        ),
        default_hint="Count the activities whose Holm-adjusted p-value (family of ten) is below 0.05.",
        on_success="Chance alone is an unlikely explanation, even in the worst case over rounding; bias is a separate question.",
    ),
    Exercise(
        id="07.workday-or",
        objective="rescale a per-hour odds ratio",
        title="OR for a working day (8 h) of lifting",
        expected=_or_workday,
        precision=significant(2),  # the per-hour OR is printed as 1.05: two significant digits at most
        nudge="Start from the per-hour OR for lifting; think about what one more hour does to the odds.",
        hints=(
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
                 "multiplies them by a number above 1. If you rounded, give two significant digits."),
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
        ),
        default_hint="p1 = 1 − (1 − p0) ** OR (rate-ratio reading), or through the odds; answer 1000 × (p1 − p0).",
        on_success="At this low baseline the rate-ratio and odds readings agree to two significant digits; the difference is far below the precision of the inputs.",
    ),
    Exercise(
        id="07.sitting-story",
        objective="mutually adjusted model",
        title="Which scenario does mutual adjustment expose? (synthetic)",
        expected=_sitting_story,
        kind="choice",
        options=("a", "b", "c", "d"),
        nudge="Read the two scenario descriptions: which one gives sitting no effect of its own?",
        hints=(
            Hint(wrong=lambda e: "a",
                 message="In that scenario sitting has a planted effect of its own; adjustment should keep it."),
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
