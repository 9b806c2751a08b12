"""Exercises of notebooks/03_case_crossover_logic.ipynb.

Expected values are recomputed from the kit's data and from the same seeded simulations the
notebook runs (``SEED = 303``), never typed in.
"""

from functools import lru_cache

from lbpkit.exercises import Exercise, Hint, is_reciprocal

SEED = 303  # the notebook's seed


@lru_cache(maxsize=1)
def _diary_study():
    from lbpkit.estimate import discordant_pairs
    from lbpkit.simulate import diary_to_case_crossover, events_from_diary, simulate_diary

    diary = simulate_diary(300, 7 * 24, seed=SEED, odds_ratio=3.0, exposure_prob=0.08, event_prob=0.002)
    pairs = diary_to_case_crossover(diary, hazard=(0, 2), referents=[(24, 26)], warn=False)
    return diary, events_from_diary(diary), discordant_pairs(pairs, "case", "exposure", "stratum")


def _pair_or() -> float:
    counts = _diary_study()[2]
    return counts["case_only"] / counts["referent_only"]


def _bdendo11_counts() -> tuple[int, int]:
    from lbpkit.data import load

    t = load("casecrossover_worked_examples").query("example_id == 'bdendo11'").set_index("quantity")["value"]
    return int(t["pairs_case_only_exposed"]), int(t["pairs_control_only_exposed"])


def _mcnemar() -> float:
    b, c = _bdendo11_counts()
    return (b - c) ** 2 / (b + c)


def _no_confounder_choice() -> str:
    from lbpkit.labs import self_matching_experiment

    t = self_matching_experiment(seed=SEED, confounder_strength=1.0)
    covers = (t["ci_lower"] <= t["planted_or"]) & (t["planted_or"] <= t["ci_upper"])
    naive, matched = bool(covers.iloc[0]), bool(covers.iloc[1])
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
        title="Self-matching without a confounder",
        expected=_no_confounder_choice,
        kind="choice",
        options=("a", "b", "c"),
        hints=(
            Hint(when=lambda answer, expected: str(answer).strip().lower() == "b",
                 message="Self-matching protects against confounding by stable traits, but when there is no such confounder a comparison with other people is not biased either."),
        ),
        default_hint="Ask yourself what made the naive comparison biased in the first run, and whether it is still there.",
        on_success="Self-matching is needed because people differ; if they did not, other people would be fine controls.",
    ),
    Exercise(
        id="03.pair-or",
        title="Matched-pair odds ratio b/c",
        expected=_pair_or,
        hints=(
            Hint(when=is_reciprocal, message="You divided the other way round: the numerator is the pairs exposed in the hazard (case) window only."),
            Hint(when=lambda answer, expected: isinstance(answer, (int, float)) and answer > 0
                 and abs(answer - _cross_product()) / _cross_product() < 5e-3,
                 message="That is the odds ratio of an unmatched 2×2 table of windows. In matched pairs only the discordant pairs count."),
        ),
        default_hint="Use only the two kinds of discordant pairs: case_only divided by referent_only.",
        on_success="Concordant pairs do not enter the matched-pair odds ratio at all.",
    ),
    Exercise(
        id="03.bdendo-mcnemar",
        title="McNemar's chi-square for the Breslow–Day pairs",
        expected=_mcnemar,
        hints=(
            Hint(when=lambda answer, expected: isinstance(answer, (int, float)) and abs(answer - abs(_bdendo11_counts()[0] - _bdendo11_counts()[1]) / sum(_bdendo11_counts()) ** 0.5) < 1e-3,
                 message="That is the square root of the statistic (a z value). Square the difference before dividing."),
            Hint(when=lambda answer, expected: isinstance(answer, (int, float)) and abs(answer - (_bdendo11_counts()[0] - _bdendo11_counts()[1]) / sum(_bdendo11_counts())) < 1e-3,
                 message="Square the difference b − c before dividing by b + c."),
        ),
        default_hint="The statistic is (b − c)² / (b + c): only the discordant pairs enter it.",
        on_success="It agrees with the published Mantel–Haenszel chi-square, as it must for 1:1 pairs.",
    ),
    Exercise(
        id="03.predict-long-window",
        title="A hazard window longer than the effect period",
        expected=_long_window_choice,
        kind="choice",
        options=("a", "b", "c"),
        hints=(
            Hint(when=lambda answer, expected: str(answer).strip().lower() == "c",
                 message="A longer window catches more lifting, but it catches more lifting in the referent window too. Which hours can have caused the flare?"),
        ),
        default_hint="Only lifting in the 2 hours before onset can trigger the flare; think about what the other 6 hours add to both windows.",
        on_success="Hours outside the effect period add exposure that is unrelated to the flare, and the contrast is diluted.",
    ),
    Exercise(
        id="03.which-pairs",
        title="Informative pairs",
        expected=lambda: {"b", "c"},
        kind="choices",
        options=("a", "b", "c", "d"),
        hints=(
            Hint(when=lambda answer, expected: "a" in str(answer).lower() or "d" in str(answer).lower(),
                 message="A pair with the same exposure in both windows says nothing about whether the exposure came just before the flare."),
        ),
        default_hint="OR = b/c: which kinds of pair are b and c?",
    ),
]


def _cross_product() -> float:
    """The odds ratio of the unmatched 2x2 table (windows counted as if from different people)."""
    n = _diary_study()[2]
    a, b, c, d = n["both"], n["case_only"], n["referent_only"], n["neither"]
    return ((a + b) * (b + d)) / ((c + d) * (a + c))
