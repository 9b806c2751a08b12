"""The journal-club pack's numbers, their formatting per language, the live exercises and figures.

Every number the pack prints is computed here from ``lbpkit`` (the published figures in
``data/`` and the kit's functions) and formatted by one function, :func:`fmt`, for English
(decimal point) or Norwegian bokmål (decimal comma, a space before %). Templates in
``docs/journal_club/src/`` refer to them by name (``{{n_all}}``); nothing is typed twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "nb")
AFTERNOON_HOURS = 4  # the kit's assumption of "an afternoon" (notebook 07)
WORKDAY_HOURS = 8  # and of "a working day"
KG_PER_LB = 0.45359237  # the international pound, exact by definition
NBSP = "\u00a0"




# --- formatting -----------------------------------------------------------------------------------


def fmt(value: float, digits: int = 2, lang: str = "en", *, percent: bool = False, sign: bool = False) -> str:
    """Format a number for the pack: ``digits`` decimals, decimal comma in Norwegian.

    Integers of five or more digits are grouped with a no-break space (30 850), as both
    languages' style guides allow; four-digit numbers are not grouped (9757). ``sign`` writes a
    true minus (−) or a plus; ``percent`` appends % (with a no-break space in Norwegian).
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}.")
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} for print")
    text = f"{abs(value):.{digits}f}"
    whole, _, frac = text.partition(".")
    if len(whole) >= 5:
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = NBSP.join(groups)
    text = whole + (("," if lang == "nb" else ".") + frac if frac else "")
    if value < 0 and float(text.replace(",", ".").replace(NBSP, "")) != 0:
        text = "−" + text
    elif sign and value > 0:
        text = "+" + text
    if percent:
        text += (NBSP + "%") if lang == "nb" else "%"
    return text


def fmt_sig(value: float, significant: int, lang: str = "en") -> str:
    """``value`` to ``significant`` significant digits, in the pack's format."""
    if value == 0:
        return fmt(0, 0, lang)
    digits = max(0, significant - 1 - math.floor(math.log10(abs(value))))
    return fmt(value, digits, lang)


def fmt_ci(estimate: float, lower: float, upper: float, digits: int = 2, lang: str = "en") -> str:
    return f"{fmt(estimate, digits, lang)} ({fmt(lower, digits, lang)}–{fmt(upper, digits, lang)})"


# --- the numbers ----------------------------------------------------------------------------------


def numbers() -> dict:
    """Published inputs and the kit's results, each computed from lbpkit."""
    from lbpkit import load
    from lbpkit import published as pub
    from lbpkit.flares.absolute_risk import risk_difference
    from lbpkit.flares.longterm import minimal_detectable_effect

    design = load("flares_design")

    def fig(quantity: str, sample: str = "whole sample") -> float:
        rows = design[(design["quantity"] == quantity) & (design["sample"] == sample)]
        if len(rows) != 1:
            raise ValueError(f"flares_design has {len(rows)} rows for {quantity!r} / {sample!r}; expected one.")
        return float(rows["value"].iloc[0])

    table = pub.published_or_table()
    reported = table[table["odds_ratio"].notna()].set_index("activity")
    lifting = reported.loc["lifting"]
    sitting = reported.loc["sitting"]
    day = pub.rescale_or(lifting["odds_ratio"], to=WORKDAY_HOURS, ci_lower=lifting["ci_lower"], ci_upper=lifting["ci_upper"])
    afternoon = pub.rescale_or(lifting["odds_ratio"], to=AFTERNOON_HOURS, ci_lower=lifting["ci_lower"],
                               ci_upper=lifting["ci_upper"])
    sitting_day = pub.rescale_or(sitting["odds_ratio"], to=WORKDAY_HOURS, ci_lower=sitting["ci_lower"],
                                 ci_upper=sitting["ci_upper"])
    flares_per_year = fig("median_flare_surveys_per_participant", "unclear")
    baselines = flare_baselines(flares_per_year)
    extra = {name: risk_difference(1 - math.exp(-rate), afternoon.odds_ratio, ci_lower=afternoon.ci_lower,
                                   ci_upper=afternoon.ci_upper).iloc[0] for name, rate in baselines.items()}
    mde = minimal_detectable_effect(
        [int(fig("participants_aim2_cohort", "aim 2")), int(fig("participants"))], power=0.8, n_covariates=1)
    prevention = load("lbp_prevention_treatment").set_index("figure_id")
    p_max = float(lifting["p_max"])
    return {
        "published": load("flares_published_or").set_index("activity"),
        "reported": reported,
        "n_activities": len(table),
        "n_reported": len(reported),
        "n_all": fig("participants"),
        "n_pain2025": fig("participants", "Pain 2025 paper"),
        "n_planned": fig("participants_planned", "protocol/registry"),
        "n_surveys": fig("surveys_analysed"),
        "n_aim1": fig("participants_aim1_case_crossover", "aim 1"),
        "n_aim2": fig("participants_aim2_cohort", "aim 2"),
        "female_aim1": fig("female_percent", "aim 1"),
        "female_aim2": fig("female_percent", "aim 2"),
        "female_all": fig("female_percent"),
        "age_all": fig("age_mean"),
        "rmdq_aim1": fig("baseline_rmdq_mean", "aim 1"),
        "rmdq_aim2": fig("baseline_rmdq_mean", "aim 2"),
        "male": fig("male_count"),
        "male_printed": fig("male_percent"),
        "sex_recorded": fig("sex_recorded_count", "registry results"),
        "female_registry": fig("female_count", "registry results"),
        "flares_per_year": flares_per_year,
        "scheduled_median": fig("median_scheduled_surveys_per_participant", "unclear"),
        "scheduled_max": fig("max_scheduled_surveys_per_participant", "protocol"),
        "window_hours": fig("exposure_window_primary", "protocol/paper"),
        "window_short": fig("exposure_window_secondary", "protocol"),
        "lifting": lifting,
        "sitting": sitting,
        "day": day,
        "sitting_day": sitting_day,
        "afternoon": afternoon,
        "baselines": baselines,
        "extra": extra,
        "p_max_lifting": p_max,
        "p_bound": 10.0 ** math.ceil(math.log10(p_max)),
        "holm_worst": float(reported["p_holm_max"].max()),
        "holm_worst_significant": int((reported["p_holm_max"] < 0.05).sum()),
        "mde_aim2": float(mde["partial_r"].iloc[0]),
        "mde_all": float(mde["partial_r"].iloc[1]),
        "lb": 10.0,
        "kg": 10.0 * KG_PER_LB,
        "steffens_exedu": prevention.loc["steffens16_rr_exedu_episode"],
        "steffens_ex": prevention.loc["steffens16_rr_ex_episode"],
        "steffens_n": float(prevention.loc["steffens16_n_participants", "value"]),
    }


def flare_baselines(flares_per_year: float) -> dict[str, float]:
    """Flares per day at the baselines the kit has sources for (notebook 07's table)."""
    from lbpkit import load

    freq = load("flare_frequency").set_index("study")
    pilot = freq.loc["Suri 2011 pilot"]
    feasibility = freq.loc["Suri 2018 feasibility"]
    return {
        "flares": flares_per_year / 365,
        "suri2011": float(pilot["value"]) / float(pilot["follow_up_days"]),
        "suri2018": float(feasibility["value"]) / float(feasibility["participants"]) / float(feasibility["follow_up_days"]),
    }


# --- the live exercises ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveExercise:
    code: str  # as on the handout: H1 (show of hands), C1 (calculator)
    exercise_id: str  # the notebook's checked exercise it mirrors
    keys: str  # the calculator keys, space-separated tokens ("" for a show of hands)


LIVE = (  # in the order of the 90-minute plan
    LiveExercise("C1", "06.sitting-percent", "( {sitting_or} − 1 ) × 100 ="),
    LiveExercise("H1", "03.which-pairs", ""),
    LiveExercise("H2", "06.design-claim", ""),
    LiveExercise("C2", "06.male-percent", "{male} ÷ {n_all} × 100 ="),
    LiveExercise("C3", "06.fwer", "( 1 − 0.95 xʸ {n_activities} ) × 100 ="),
    LiveExercise("C4", "07.risk-difference", "{lifting_or} xʸ {hours} − 1 = × {flares} ÷ 365 × 1000 ="),
)


def keypresses(keys: str) -> int:
    """Keys pressed: one per digit and decimal point, one per operator or function key."""
    count = 0
    for token in keys.split():
        if any(ch.isdigit() for ch in token):
            count += sum(ch.isdigit() or ch in ".," for ch in token)
        else:
            count += 1
    return count


def key_sequence(ex: LiveExercise, n: dict, lang: str) -> str:
    values = {
        "male": fmt(n["male"], 0, lang), "n_all": fmt(n["n_all"], 0, lang),
        "sitting_or": fmt(n["sitting"]["odds_ratio"], 2, lang), "lifting_or": fmt(n["lifting"]["odds_ratio"], 2, lang),
        "n_activities": fmt(n["n_activities"], 0, lang), "hours": fmt(AFTERNOON_HOURS, 0, lang),
        "flares": fmt(n["flares_per_year"], 0, lang),
    }
    text = ex.keys.format(**values)
    return text.replace("0.95", fmt(0.95, 2, lang))


def answer_value(exercise_id: str):
    """The exercise bank's expected answer, rounded as its check asks."""
    from lbpkit.exercises import get_exercise

    exercise = get_exercise(exercise_id)
    expected = exercise.expected()
    if exercise.kind == "choices":
        return sorted(expected)
    if exercise.kind in ("choice", "text"):
        return str(expected)
    return exercise.precision.rounded(float(expected)) if exercise.precision else float(expected)


def answer_text(exercise_id: str, lang: str = "en") -> str:
    from lbpkit.exercises import get_exercise

    exercise = get_exercise(exercise_id)
    value = answer_value(exercise_id)
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, str):
        return value
    precision = exercise.precision
    if precision and precision.kind == "decimals":
        return fmt(value, precision.digits, lang)
    if precision:
        return fmt_sig(value, precision.digits, lang)
    return fmt_sig(value, 3, lang)
