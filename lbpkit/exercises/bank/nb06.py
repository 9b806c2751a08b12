"""Exercises of notebooks/06_reading_the_flares_study.ipynb (expected values read from data/)."""

from __future__ import annotations

import math

from lbpkit.data import load
from lbpkit.exercises.checker import Exercise, Hint, decimals, significant


def _design_value(quantity: str, sample: str = "whole sample") -> float:
    design = load("flares_design")
    rows = design[(design["quantity"] == quantity) & (design["sample"] == sample)]
    if len(rows) != 1:
        raise ValueError(f"flares_design should hold exactly one {quantity!r} row for {sample!r}; found {len(rows)}.")
    return float(rows["value"].iloc[0])


def _male_percent() -> float:
    return 100 * _design_value("male_count") / _design_value("participants")


def _registry_male_percent() -> float:
    return 100 * _design_value("male_count") / _design_value("sex_recorded_count", "registry results")


def _recombined(quantity: str) -> float:
    """A quantity of aims 1 and 2 together, their values weighted by group size (reading B of D9)."""
    n1 = _design_value("participants_aim1_case_crossover", "aim 1")
    n2 = _design_value("participants_aim2_cohort", "aim 2")
    return (n1 * _design_value(quantity, "aim 1") + n2 * _design_value(quantity, "aim 2")) / (n1 + n2)


def _swapped_weights(quantity: str) -> float:
    """Each group's value weighted by the OTHER group's size (a learner trial's slip)."""
    n1 = _design_value("participants_aim1_case_crossover", "aim 1")
    n2 = _design_value("participants_aim2_cohort", "aim 2")
    return (n2 * _design_value(quantity, "aim 1") + n1 * _design_value(quantity, "aim 2")) / (n1 + n2)


def _weighted_sum(quantity: str) -> float:
    """n1 × p1 + n2 × p2, before dividing by the total size."""
    n1 = _design_value("participants_aim1_case_crossover", "aim 1")
    n2 = _design_value("participants_aim2_cohort", "aim 2")
    return n1 * _design_value(quantity, "aim 1") + n2 * _design_value(quantity, "aim 2")


def _all_for_aim1(quantity: str) -> float:
    """The aim-1 value weighted by ALL participants instead of the aim-1 size (a round-5 trial's slip)."""
    n_all = _design_value("participants")
    n2 = _design_value("participants_aim2_cohort", "aim 2")
    return (n_all * _design_value(quantity, "aim 1") + n2 * _design_value(quantity, "aim 2")) / (n_all + n2)


def _unbracketed(quantity: str) -> float:
    """n1 × p1 + n2 × p2 / (n1 + n2): the weighted mean typed without brackets round its sum."""
    n1 = _design_value("participants_aim1_case_crossover", "aim 1")
    n2 = _design_value("participants_aim2_cohort", "aim 2")
    return n1 * _design_value(quantity, "aim 1") + n2 * _design_value(quantity, "aim 2") / (n1 + n2)


def _sitting_row(column: str) -> float:
    return float(load("flares_published_or").set_index("activity").loc["sitting", column])


def _plain_average(quantity: str) -> float:
    return (_design_value(quantity, "aim 1") + _design_value(quantity, "aim 2")) / 2


def _reported_count() -> int:
    return int(load("flares_published_or")["reported"].sum())


def _sitting_percent_change() -> float:
    table = load("flares_published_or").set_index("activity")
    return 100 * (float(table.loc["sitting", "odds_ratio"]) - 1)


def _fwer_percent() -> float:
    return 100 * (1 - 0.95 ** len(load("flares_published_or")))


def _n_activities() -> int:
    return len(load("flares_published_or"))


def _other_activity_changes() -> list[float]:
    """100 × (OR − 1) of every published activity except sitting (a row read by mistake)."""
    table = load("flares_published_or")
    others = table[table["reported"].astype(bool) & (table["activity"] != "sitting")]
    return [100 * (float(value) - 1) for value in others["odds_ratio"]]


def _sitting_log_or() -> float:
    return math.log(_sitting_row("odds_ratio"))


def _pushing_over_8_hours_change() -> float:
    """100 × (OR⁸ − 1) of pushing or pulling: the rescaling example in the cell above 06.sitting-percent."""
    return 100 * (float(load("flares_published_or").set_index("activity").loc["pushing_pulling", "odds_ratio"]) ** 8 - 1)


def _distinct_reported_values() -> int:
    return int(load("flares_published_or")["reported"].nunique())


def _one_group_from_whole_sample(quantity: str) -> list[float]:
    """One group's value replaced by the whole sample's (figure() called without its sample for one group)."""
    n1 = _design_value("participants_aim1_case_crossover", "aim 1")
    n2 = _design_value("participants_aim2_cohort", "aim 2")
    whole = _design_value(quantity)
    return [(n1 * whole + n2 * _design_value(quantity, "aim 2")) / (n1 + n2),
            (n1 * _design_value(quantity, "aim 1") + n2 * whole) / (n1 + n2)]


def _relative_gaps(value: float, printed: float) -> list[float]:
    """The gap between a computed and a printed percentage as a percent of either (both signs)."""
    return [sign * 100 * (value - printed) / base for base in (value, printed) for sign in (1, -1)]


def _relative_gap_hint(printed_row: str, *, give: str) -> Hint:
    """The answer is the gap between the learner's percentage and the printed one, as a percent of either."""
    return Hint(when=lambda answer, expected: any(abs(answer - gap) < 0.05
                                                  for gap in _relative_gaps(expected, _design_value(printed_row))),
                message="That looks like the RELATIVE gap between your percentage and the printed one (their "
                        f"difference as a percent of one of them). Give {give}; the comparison with the printed "
                        "figure comes after.")


def _fwer_with_tests(tests: int) -> float:
    return 100 * (1 - 0.95 ** tests)


def _other_tests_count(answer: float) -> bool:
    """The answer is 1 − 0.95 ** k (in percent) for a number of tests k other than the activities in the table."""
    def within_rounding(value: float) -> bool:  # as asked (three significant digits) or more precisely
        return abs(answer - value) <= 0.5 * 10.0 ** (math.floor(math.log10(value)) - 2) * (1 + 1e-9)
    return any(within_rounding(_fwer_with_tests(tests)) for tests in range(1, 61) if tests != _n_activities())


def _sitting_over_others() -> list[float]:
    """100 × (sitting's OR / another activity's OR − 1): sitting compared with another activity's row."""
    table = load("flares_published_or")
    others = table[table["reported"].astype(bool) & (table["activity"] != "sitting")]
    return [100 * (_sitting_row("odds_ratio") / float(value) - 1) for value in others["odds_ratio"]]


def _close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=5e-3)


EXERCISES = [
    Exercise(
        id="06.male-percent",
        objective="who took part",
        title="Male share of all 416 participants, recomputed",
        expected=_male_percent,
        precision=significant(3),
        close_rel=0.005,  # 306/410, a different denominator, lies within 3%: it needs its own hint
        nudge="Use two rows of the design table, both for the sample `whole sample`.",
        hints=(
            Hint(wrong=lambda expected: expected / 100,
                 message="That looks like a proportion; the question asks for a percent (multiply by 100)."),
            Hint(wrong=lambda expected: _design_value("male_percent"),
                 message="That is the printed figure. Recompute it yourself from the two counts in the design table."),
            Hint(wrong=lambda expected: _registry_male_percent(),
                 message="You divided by the people with sex recorded (the registry's denominator). That is a fair "
                         "denominator, and the printed percentage is consistent with it, but this question asks "
                         "for a share of all participants."),
            Hint(wrong=lambda expected: 100 - expected,
                 message="That is the share of the 416 who were NOT counted as male (the complement); the question asks "
                         "for the male share."),
            Hint(wrong=lambda expected: 100 * _design_value("male_count", "registry results") / _design_value("participants"),
                 message="That uses a row of another sample: the registry results' male count, which disagrees with the "
                         "news reports (discrepancy D1), or the printed female share. Use `male_count` with sample `whole sample`."),
            Hint(wrong=lambda expected: _design_value("male_percent", "aim 1"),
                 # round-5 trial: int(...) or // cuts the share to this same whole number, so both are named
                 message="That equals the male share printed for the aim-1 group (sample `aim 1`). If you took that row: "
                         "the question asks about all 416 participants, from the whole-sample counts. If you computed "
                         "the share yourself: keep its decimals (int() and // cut them off) and give three significant "
                         "digits."),
            # round-6 fresh trial (MPH student): the aim-2 row; the gap printed minus computed
            Hint(wrong=lambda expected: _design_value("male_percent", "aim 2"),
                 message="That is the male share printed for the aim-2 group (sample `aim 2`, the group of 71). The "
                         "question asks about all 416 participants: compute it from the two whole-sample counts."),
            Hint(wrong=lambda expected: _design_value("male_percent") - expected,
                 message="That looks like the gap between the printed percentage and your share (printed minus yours). "
                         "Give the share itself; the comparison with the printed figure comes after."),
            # fresh trial (MPH student): the method of the exercise before, reused
            Hint(wrong=lambda expected: _recombined("male_percent"),
                 message="You recombined the two groups' printed male percentages (the method of the exercise before). "
                         "Those percentages are rounded, and their denominators are not stated; this question asks you "
                         "to recompute the share from the two whole-sample counts."),
            Hint(wrong=lambda expected: _design_value("male_count") / (_design_value("participants") - _design_value("male_count")),
                 message="You divided the men by the people who were not counted as men: that is an odds (men per "
                         "non-man), not a share. A share divides by everyone, as a percent."),
            Hint(wrong=lambda expected: 100 * _design_value("male_count") / (_design_value("participants") - _design_value("male_count")),
                 message="You divided the men by the people who were not counted as men: that is an odds (men per "
                         "non-man, here times 100), not a share. A share divides by everyone."),
            Hint(wrong=lambda expected: 100 * _design_value("male_count") / _design_value("participants_aim1_case_crossover", "aim 1"),
                 message="You divided by the size of the aim-1 group; the whole-sample male count is a count among all "
                         "participants (`participants`, sample `whole sample`)."),
            # round-7 fresh trial (MPH student): another `participants` row as the denominator
            Hint(wrong=lambda expected: 100 * _design_value("male_count") / _design_value("participants", "Pain 2025 paper"),
                 message="You divided by 465, the participants of the Pain 2025 paper (sample `Pain 2025 paper`, "
                         "discrepancy D2): another paper's sample. The 306 men are counted among the 416 of this paper "
                         "(`participants`, sample `whole sample`)."),
            Hint(wrong=lambda expected: 100 * _design_value("male_count") / _design_value("participants_planned", "protocol/registry"),
                 message="You divided by 550, the PLANNED number of participants (`participants_planned`, discrepancy "
                         "D8). The share is among the people who took part (`participants`, sample `whole sample`)."),
            # round-2 fresh trial (MPH student)
            Hint(wrong=lambda expected: 100 * _design_value("participants") / _design_value("male_count"),
                 message="The right two rows, but the ratio is upside down: you divided all participants by the men. "
                         "A share puts the part (the men) over the whole (all participants)."),
            Hint(wrong=lambda expected: expected - _design_value("male_percent"),
                 message="That looks like the DIFFERENCE between your share and the printed percentage. Give the share itself; "
                         "the comparison with the printed figure comes after."),
            # round-4 fresh trial (MPH student)
            Hint(wrong=lambda expected: _design_value("male_percent") / 100 * _design_value("participants"),
                 message="That is a number of PEOPLE: the count the printed percentage implies (printed percent × "
                         "participants). The question runs the other way: start from the `male_count` row and give the "
                         "share of all participants as a percent."),
            Hint(wrong=lambda expected: 100 * _design_value("male_count", "registry results")
                 / _design_value("sex_recorded_count", "registry results"),
                 message="That uses the registry's rows (sample `registry results`): its male count, which disagrees with "
                         "the news reports (discrepancy D1), over its people with sex recorded. Use `male_count` and "
                         "`participants` with sample `whole sample`."),
            # round-8 fresh trial (MPH student): the gap to the printed figure as a percent of it (was given the
            # nudge "Use two rows", which the learner had done)
            _relative_gap_hint("male_percent", give="the share itself"),
            # round-10 fresh trial (MPH student): the count divided by the printed share (was given the nudge "Use
            # two rows", which says nothing of what went wrong)
            Hint(wrong=lambda expected: _design_value("male_count") / (_design_value("male_percent") / 100),
                 message="That is a number of PEOPLE: the denominator the printed percentage implies (the male count "
                         "divided by the printed share). The question runs the other way: divide the male count by all "
                         "participants (`participants`, sample `whole sample`) and give the share as a percent."),
        ),
        default_hint="Divide the whole-sample male count by the whole-sample number of participants, then multiply by 100.",
        on_success=lambda: (
            f"It differs from the printed {_design_value('male_percent'):.0f}%. "
            f"{_design_value('male_count'):.0f} of the {_design_value('sex_recorded_count', 'registry results'):.0f} "
            f"people with sex recorded rounds to {_registry_male_percent():.0f}%, so the printed figure is consistent "
            "with a denominator of people with sex recorded: the kit's inference, so check the paper's Table 1. "
            f"Discrepancy D1 is a different matter: the registry reports "
            f"{_design_value('female_count', 'registry results'):.0f} women and "
            f"{_design_value('male_count', 'registry results'):.0f} men."),
    ),
    Exercise(
        id="06.recombined-female",
        objective="who took part",
        title="Female share of the aim-1 and aim-2 groups together",
        expected=lambda: _recombined("female_percent"),
        precision=decimals(1),
        nudge="You need four rows of the design table: the two group sizes and the two female percentages, each "
              "with its group's sample (`aim 1`, `aim 2`).",
        hints=(
            # round-6 fresh trial (MPH student): figure("female_percent") without a sample reads the whole-sample
            # row for both groups, and recombines it to this same number
            Hint(wrong=lambda expected: _design_value("female_percent"),
                 message="That equals the whole sample's printed female share (a whole percent). Three ways to get it: "
                 "taking that row; calling `figure(\"female_percent\")` with no sample, which reads the `whole sample` "
                 "row (figure()'s default) for both groups, so pass the sample, e.g. `figure(\"female_percent\", "
                 "\"aim 1\")`; or rounding your result to a whole number. Recombine the two groups' own shares, to one "
                 "decimal place.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 rows."),
            Hint(wrong=lambda expected: _plain_average("female_percent"),
                 message="That is the plain average of the two percentages. The groups differ a lot in size: weight each by its group's size.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2)."),
            Hint(wrong=lambda expected: expected / 100,
                 message="That looks like a proportion; give a percent."),
            Hint(wrong=lambda expected: _recombined("male_percent"),
                 message="That is the MALE share of the two groups together: you used the `male_percent` rows. The "
                         "question asks for women (`female_percent`)."),
            Hint(wrong=lambda expected: _swapped_weights("female_percent"),
                 message="The weights are swapped: weight the aim-1 percentage by the aim-1 size (n_aim1) and the aim-2 "
                         "percentage by the aim-2 size (n_aim2)."),
            Hint(wrong=lambda expected: _weighted_sum("female_percent") / 100,
                 message="That is a NUMBER of women (percent × size / 100), not a percentage. Divide the weighted sum by "
                         "the total size of the two groups instead.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2)."),
            Hint(wrong=lambda expected: _weighted_sum("female_percent") / _design_value("participants_aim1_case_crossover", "aim 1"),
                 message="Check the denominator: you divided by the aim-1 size only. The two groups together have n_aim1 + n_aim2 people."),
            # fresh trial (MPH student)
            Hint(wrong=lambda expected: 100 - _male_percent(),
                 message="That is 100 minus the whole sample's male share (306 men among all participants): it uses the "
                         "whole-sample counts, so it checks nothing about the two groups. Recombine the groups' own "
                         "female percentages (samples `aim 1` and `aim 2`).",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 rows."),
            Hint(wrong=lambda expected: _design_value("female_percent", "aim 1"),
                 message="That is the aim-1 group's share alone. The question asks for the two groups together: the aim-2 "
                         "group belongs to the 416 too, weighted by its size."),
            # round-2 fresh trial (MPH student): the registry's `female_count` row, found by its name
            Hint(wrong=lambda expected: 100 * _design_value("female_count", "registry results") / _design_value("participants"),
                 message="That divides the registry's `female_count` (sample `registry results`, which disagrees with the "
                         "news reports, D1), or the whole sample's men, by all participants. This exercise recombines the two "
                         "groups' own percentages: `female_percent` with samples `aim 1` and `aim 2`.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 rows."),
            Hint(wrong=lambda expected: 100 * _design_value("female_count", "registry results")
                 / _design_value("sex_recorded_count", "registry results"),
                 message="That is the registry's share of women among those with sex recorded (sample `registry "
                         "results`, which disagrees with the news reports, D1). This exercise recombines the two groups' "
                         "own percentages: `female_percent` with samples `aim 1` and `aim 2`.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 rows."),
            Hint(wrong=lambda expected: expected - _design_value("female_percent"),
                 message="That looks like the DIFFERENCE between your recombined share and the printed one. Give the "
                         "recombined percentage itself; the comparison comes after."),
            # round-4 fresh trial (MPH student)
            Hint(wrong=lambda expected: _design_value("female_percent", "aim 1") + _design_value("female_percent", "aim 2"),
                 message="You added the two percentages. Percentages of different groups do not add up: the share of the "
                         "two groups together lies between the two groups' own shares.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 rows."),
            Hint(wrong=lambda expected: _design_value("female_percent", "aim 2"),
                 message="That is the share of the group of 71 (sample `aim 2`) alone. The question asks for the two "
                         "groups together, each weighted by its size."),
            Hint(wrong=lambda expected: _weighted_sum("female_percent") / (_design_value("participants") + _design_value(
                     "participants_aim1_case_crossover", "aim 1") + _design_value("participants_aim2_cohort", "aim 2")),
                 # round-7 fresh trial (MPH student): the same number from each group's part over n_all, averaged
                 message="You divided by twice the total: either by n_all + n_aim1 + n_aim2, which counts everyone "
                         "twice (the 416 ARE the 345 and the 71), or by averaging the two groups' parts after dividing "
                         "each by n_all. Those two parts, each over the total, already ADD UP to the share of the two "
                         "groups together: do not average them.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 rows."),
            # round-5 fresh trial (MPH student): all participants as the aim-1 weight (was called "Close");
            # the brackets round the weighted sum left out
            Hint(wrong=lambda expected: _all_for_aim1("female_percent"),
                 message="Check the group sizes: you weighted the aim-1 percentage by all participants (n_all) instead of "
                         "by the size of the aim-1 group (n_aim1). The 416 already include the 71, so they are counted "
                         "twice.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 rows."),
            # round-6 fresh trial (MPH student): all participants as the aim-1 weight and as the denominator
            Hint(wrong=lambda expected: (_design_value("participants") * _design_value("female_percent", "aim 1")
                                         + _design_value("participants_aim2_cohort", "aim 2")
                                         * _design_value("female_percent", "aim 2")) / _design_value("participants"),
                 message="Check the aim-1 weight: you weighted the aim-1 percentage by all participants (n_all), so the "
                         "71 of aim 2 are counted twice (the 416 already include them). Weight each group's share by its "
                         "own size.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 rows."),
            # round-7 fresh trial (MPH student): age_together of the cell above copied; n1 × p1 + n2 × p2 not divided
            Hint(wrong=lambda expected: _recombined("age_mean"),
                 message="That is the MEAN AGE of the two groups recombined (`age_together`, the cell above): it uses the "
                         "`age_mean` rows. Do the same recombination with the `female_percent` rows."),
            Hint(wrong=lambda expected: _weighted_sum("female_percent"),
                 message="That is the weighted SUM n_aim1 × p1 + n_aim2 × p2 (percent × people): it still has to be "
                         "divided by the number of people in the two groups together.",
                 method="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 rows."),
            Hint(wrong=lambda expected: _unbracketed("female_percent"),
                 message="Check the brackets: as written, Python divides only n_aim2 × p2 by the total size and adds "
                         "n_aim1 × p1 undivided. Put the whole weighted sum in brackets before dividing."),
            # round-8 fresh trial (MPH student): the sample left out of ONE figure() call (was given the nudge "You
            # need four rows", then the weighted-mean method, both of which the learner had followed)
            Hint(when=lambda answer, expected: any(abs(answer - value) < 0.05
                                                   for value in _one_group_from_whole_sample("female_percent")),
                 message="The method is right, but one of your two percentages is the whole sample's: "
                         "`figure(\"female_percent\")` with no sample reads the `whole sample` row (figure()'s "
                         "default). Pass each group's sample, `\"aim 1\"` and `\"aim 2\"`, in both calls."),
            _relative_gap_hint("female_percent", give="the recombined percentage itself"),
            # round-10 fresh trial (MPH student): slips that were given only the nudge or the method
            Hint(wrong=lambda expected: _design_value("female_percent") - expected,
                 message="That looks like the gap between the printed percentage and your recombined share (printed "
                         "minus yours). Give the recombined percentage itself; the comparison comes after."),
            Hint(wrong=lambda expected: expected * 100,
                 message="Check the units: the `female_percent` rows are already percents (27 means 27%), so the "
                         "weighted mean of them is a percent too; multiplying by 100 again makes it 100 times too big."),
            Hint(wrong=lambda expected: 100 * expected / (100 - expected),
                 message="That is the ODDS of being a woman (women per man, here times 100): you divided the women's "
                         "share by the men's. A share divides by everyone: the weighted mean of the two percentages "
                         "is already the answer."),
            Hint(wrong=lambda expected: (_design_value("participants_aim1_case_crossover", "aim 1")
                                         * _design_value("female_percent", "aim 1")
                                         + _design_value("female_percent", "aim 2"))
                 / (_design_value("participants_aim1_case_crossover", "aim 1")
                    + _design_value("participants_aim2_cohort", "aim 2")),
                 message="The aim-2 percentage has no weight: you added it as it is, while the aim-1 percentage was "
                         "multiplied by its group's size. Multiply each group's percentage by its own size."),
        ),
        default_hint="Weighted mean = (n1 × p1 + n2 × p2) / (n1 + n2), with the aim-1 and aim-2 sizes and female percentages.",
        on_success="The two groups recombine to the whole sample's printed share within rounding: the group percentages "
                   "are themselves printed as whole numbers, so even a recombined value that rounds to the next whole "
                   "percent would still fit. They agree, as their mean ages do. As the text says, "
                   "that holds under reading A and reading B of D9 alike (it is arithmetic): it checks that the figures "
                   "fit together, not who was in aim 2.",
    ),
    Exercise(
        id="06.reported-count",
        objective="forest plot",
        title="Activities with a published OR",
        expected=_reported_count,
        precision=decimals(0),
        nudge="Look at the `reported` column of the published table.",
        hints=(
            Hint(wrong=lambda expected: len(load("flares_published_or")),
                 message="That is the number of activities asked about (also what `.count()` gives: it counts every "
                         "value that is not missing, False as well as True). Count only those whose `reported` value is True."),
            Hint(wrong=lambda expected: len(load("flares_published_or")) - expected,
                 message="That is the number of activities WITHOUT a published OR."),
            Hint(wrong=lambda expected: expected - 1,
                 message="One short: did you count only the ORs above 1? An OR below 1 (sitting) is a published OR too."),
            # round-8 fresh trial (MPH student): the last reported row's LABEL (sitting's) was told about crawling
            Hint(wrong=lambda expected: expected + 1,
                 message="One too many. Two ways to get it: counting crawling, which has source keys but no OR "
                         "(discrepancy D3), so its `reported` is False; or reading a row label (the number at the left "
                         "of a row, counted from 0), which is the row's position in the whole table, not a count. "
                         "Count only the rows where `reported` is True."),
            # fresh trial (MPH student): .mean() of a True/False column
            Hint(wrong=lambda expected: expected / _n_activities(),
                 message="That is the SHARE of activities with a published OR (the mean of a True/False column); the "
                         "question asks for their number."),
            Hint(wrong=lambda expected: 100 * expected / _n_activities(),
                 message="That is the PERCENTAGE of activities with a published OR; the question asks for their number."),
            # round-6 fresh trial (MPH student): len() of value_counts()
            Hint(wrong=lambda expected: _distinct_reported_values(),
                 message="That is the number of DIFFERENT values in `reported` (True and False), what `len()` of "
                         "`.value_counts()` or `.unique()` gives. Count the rows whose value is True."),
            # round-2 fresh trial (MPH student): `published["reported"] == "True"` finds nothing
            Hint(when=lambda answer, expected: answer == 0,
                 message="You counted none. Two ways to get 0: comparing the column with the text \"True\" (in quotes), "
                         "which no row equals because `reported` holds the values True and False themselves, not text; or "
                         "counting the rows left by `.dropna()`, which drops a row if ANY of its columns is empty (every "
                         "row of `published` has an empty column). Count the True values of `reported` itself."),
            # round-8 fresh trial (MPH student): .sum() of the odds_ratio column (a sum of values) passed as a count
            Hint(when=lambda answer, expected: not float(answer).is_integer(),
                 message="A count is a whole number, and yours has decimals: it is not a count of rows. `.sum()` of a "
                         "column of numbers (such as `odds_ratio`) adds up their values; a True/False column sums to "
                         "the number of True values. Count the rows whose `reported` is True."),
        ),
        default_hint="Sum the boolean `reported` column (True counts as 1).",
        on_success="The others were not found in the sources available: unknown, not null.",
    ),
    Exercise(
        id="06.sitting-percent",
        objective="forest plot",
        title="Percent change in flare odds per hour with sitting",
        expected=_sitting_percent_change,
        # One decimal although the two-decimal OR supports only a whole percent: at whole percents the
        # log-scale shortcut 100 × ln(OR) (-4.08) passed as the answer (round-4 trial); the prompt says so.
        precision=decimals(1),
        nudge="Start from the sitting row's odds ratio; an OR below 1 is a decrease.",
        hints=(
            Hint(wrong=lambda expected: -expected,
                 message="Your change is positive, but sitting's OR is below 1: its odds go down. Ways to a positive "
                         "number: 100 × (1 − OR) (the sign flipped); 1/OR (the comparison turned round: use the published "
                         "OR as it is); the width of the CI, upper minus lower (precision, not a change); or the mean of "
                         "the whole `odds_ratio` column (the five ORs above 1 outweigh sitting's: use the sitting row "
                         "alone)."),
            # round-6 fresh trial (MPH student): ln(OR) itself, -0.041 (was told "a proportion"); checked before the
            # proportion hint, with a tolerance narrow enough to leave (OR - 1) = -0.04 to it
            Hint(when=lambda answer, expected: abs(answer - _sitting_log_or()) < 0.0005,
                 message="That is ln(OR), the log odds ratio: the scale a model's coefficient is on, not a change in "
                         "the odds. The percent change compares the odds after one more hour with the odds before it, "
                         "on the ratio scale of the OR itself."),
            Hint(wrong=lambda expected: expected / 100,
                 message="That looks like a proportion; give the change as a percent."),
            Hint(wrong=lambda expected: expected / 100 + 1,
                 message="That is the OR itself. The change in percent is 100 × (OR − 1)."),
            Hint(wrong=lambda expected: 100 + expected,
                 message="That is the OR as a percent. The change is 100 × (OR − 1)."),
            Hint(wrong=lambda expected: 100 * (_sitting_row("ci_lower") - 1),
                 message="That uses a limit of the 95% CI (`ci_lower`); the estimate is the `odds_ratio` column."),
            Hint(wrong=lambda expected: 100 * (_sitting_row("ci_upper") - 1),
                 message="That uses a limit of the 95% CI (`ci_upper`); the estimate is the `odds_ratio` column."),
            Hint(wrong=lambda expected: 100 * (_sitting_row("odds_ratio") ** 8 - 1),
                 message="That is the change over 8 hours (a working day); the question asks per additional hour."),
            # fresh trial (MPH student): "per additional hour in the past 24 h" read as per 24 hours
            Hint(wrong=lambda expected: 100 * (_sitting_row("odds_ratio") ** 24 - 1),
                 message="That compounds the OR over 24 hours. The 24 h is the window the hours are counted in; the OR "
                         "is per ONE additional hour, and so is the question."),
            # round-4 fresh trial (MPH student): another activity's row read instead of sitting's
            Hint(when=lambda answer, expected: any(abs(answer - change) <= 0.5 for change in _other_activity_changes()),
                 message="That is the change for an activity with an OR above 1 (lifting, pushing or pulling, bending, "
                         "twisting or squatting): another row of the table. Use the sitting row."),
            # round-4 trial: at whole percents the log-scale shortcut passed; now asked to one decimal
            # round-7 fresh trial (MPH student): the logarithm to base 10
            Hint(wrong=lambda expected: 100 * math.log10(_sitting_row("odds_ratio")),
                 message="That is 100 × log10(OR), a logarithm to base 10: the log scale, not a change in the odds. "
                         "The percent change compares the odds after one more hour with the odds before it, on the "
                         "ratio scale of the OR itself."),
            Hint(wrong=lambda expected: 100 * math.log(_sitting_row("odds_ratio")),
                 message="That is 100 × ln(OR), the log odds ratio in percent: a shortcut that is close only for an OR "
                         "near 1. The percent change in the odds themselves compares the odds after one more hour with "
                         "the odds before it."),
            # round-6 fresh trial (MPH student): exp() of the OR (read as a coefficient); the pushing example of the cell
            # above; the per-hour change divided again by the hours of the window or of a working day
            Hint(wrong=lambda expected: 100 * (math.exp(_sitting_row("odds_ratio")) - 1),
                 message="You took exp() of the OR. exp() turns a log odds ratio (a model coefficient) into an OR; the "
                         "published figure is already an OR, so use it as it is."),
            Hint(wrong=lambda expected: _pushing_over_8_hours_change(),
                 message="That is the change over 8 hours for pushing or pulling, the example in the cell above the "
                         "exercise. The question asks about sitting, per one hour."),
            # round-7 fresh trial (MPH student): the 8th or 24th ROOT of the OR gives nearly the same numbers
            Hint(when=lambda answer, expected: any(min(abs(answer - expected / hours),
                                                       abs(answer - 100 * (_sitting_row("odds_ratio") ** (1 / hours) - 1)))
                                                   < 0.01 for hours in (8, 24)),
                 message="You divided the change by a number of hours (8 or 24), or took that root of the OR, as if "
                         "the OR were for the whole window or working day. The OR is already per ONE additional "
                         "hour, so the change it gives is per hour as it stands."),
            # round-5 fresh trial (MPH student): the wrong denominator, the inverse ratio, the OR read as a percent
            Hint(wrong=lambda expected: 100 * (1 - 1 / _sitting_row("odds_ratio")),
                 message="You divided the change by the OR itself, (OR − 1) / OR (the same as 1 − 1/OR): that measures "
                         "the change against the odds AFTER the extra hour. A percent change is measured against where "
                         "you start, the odds without the extra hour."),
            Hint(wrong=lambda expected: 100 * (1 / _sitting_row("odds_ratio") - 1),
                 message="You turned the OR round (1/OR): that compares one hour LESS of sitting with one more, and makes "
                         "the change positive. Use the published OR as it is."),
            Hint(wrong=lambda expected: -_sitting_row("odds_ratio"),
                 message="That is the OR itself with a minus sign, read as a percent. An OR is a ratio of odds in which 1 "
                         "means no change: the percent change is how far the OR lies from 1, times 100."),
            # round-8 fresh trial (MPH student): 24 × the per-hour change gives this same number, and was told only
            # about the OR as a percent
            Hint(wrong=lambda expected: -100 * _sitting_row("odds_ratio"),
                 message="Two ways to this number: the per-hour change multiplied by the 24 hours of the window, or "
                         "the OR as a percent with a minus sign. The OR is per ONE additional hour, so its change is "
                         "per hour as it stands (over several hours, ORs multiply, they do not add); and the change is "
                         "the gap between the OR as a percent and 100%, not the OR itself."),
            Hint(when=lambda answer, expected: any(abs(answer - hours * expected) < 0.05 for hours in (2, 8)),
                 message="You multiplied the per-hour change by a number of hours (the 2-h window or a working day "
                         "of 8). The OR is per ONE additional hour, so its change is per hour as it stands; over "
                         "several hours ORs multiply (OR to the power of the hours), they do not add."),
            # round-10 fresh trial (MPH student): the OR turned into a probability; sitting over another activity's OR
            Hint(wrong=lambda expected: 100 * _sitting_row("odds_ratio") / (1 + _sitting_row("odds_ratio")),
                 message="You used OR / (1 + OR), which turns ODDS into a probability. An odds ratio is not odds: it is "
                         "a ratio of two odds (with and without the extra hour), so it gives no probability. The "
                         "question asks how much the odds change: how far the OR lies from 1, as a percent."),
            Hint(when=lambda answer, expected: any(abs(answer - change) < 0.05 for change in _sitting_over_others()),
                 message="You divided sitting's OR by another activity's OR, comparing sitting with that activity. "
                         "Each OR already compares one more hour of its activity with one hour less in the same "
                         "person: use sitting's OR on its own."),
        ),
        default_hint="Percent change in odds = 100 × (OR − 1).",
        on_success="A per-hour change; several hours compound it multiplicatively.",
    ),
    Exercise(
        id="06.fwer",
        objective="appraise the study",
        title="Family-wise error rate for ten independent tests",
        expected=_fwer_percent,
        precision=significant(3),
        nudge="Think about the chance that none of the tests is significant.",
        hints=(
            Hint(wrong=lambda expected: expected * 100,
                 message="Check the units: give a percent such as 12.3, not 1230."),
            Hint(wrong=lambda expected: expected / 100,
                 message="That looks like a proportion; the question asks for a percent."),
            Hint(wrong=lambda expected: 5 * len(load("flares_published_or")),
                 # round-7 fresh trial (MPH student): the text's expected number, 0.5, written as 50%
                 message="That is 5% added once per test, which is also the expected NUMBER of false positives "
                         "(tests × 0.05 = 0.5, as in the text) written as a percent. An expected number is not a "
                         "probability (with 30 tests it would be 150%); adding gives only an upper bound (Bonferroni's). "
                         "Work with the chance that NO test is significant.",
                 method="P(at least one) = 1 − P(none)."),
            # round-5 fresh trial (MPH student): "six of ten reported as significant" taken as the chance; the
            # chance of none rounded to two digits gives the same number, so the message names both readings
            Hint(when=lambda answer, expected: abs(answer - 100 * _reported_count() / _n_activities()) < 0.05,
                 message="That is the SHARE of the activities reported as significant (what the news reports found), or "
                         "the chance that NONE of the tests comes out significant, rounded. The question asks for a chance "
                         "computed under 'no activity has an effect': the chance of at least one false positive.",
                 method="P(at least one) = 1 − P(none)."),
            Hint(wrong=lambda expected: 100 * 0.95 ** len(load("flares_published_or")),
                 message="That is the chance that NONE of the tests comes out significant; the question asks for the "
                 "chance of at least one.",
                 method="P(at least one) = 1 − P(none)."),
            Hint(wrong=lambda expected: 100 * (1 - 0.95 ** int(load("flares_published_or")["reported"].sum())),
                 message="That uses only the activities with a published OR. FLAReS asked about, and tested, all the "
                 "activities in `published`, reported or not: use len(published)."),
            Hint(wrong=lambda expected: 5,
                 message="5% is the error rate of ONE test. With several tests the chance of at least one false positive grows."),
            Hint(wrong=lambda expected: 100 * (1 - (1 - 0.05 / len(load("flares_published_or"))) ** len(load("flares_published_or"))),
                 message="You tested each activity at the Bonferroni level 0.05 / (number of tests): that is the corrected "
                         "family-wise rate. The question asks about UNADJUSTED tests, each at the 5% level."),
            Hint(wrong=lambda expected: 100 * (1 - 0.95 ** (len(load("flares_published_or")) - 1)),
                 message="That is for one test fewer than the activities in `published`: use len(published) as the number of tests."),
            # round-2 fresh trial (MPH student)
            Hint(wrong=lambda expected: 100 * (1 - 0.975 ** _n_activities()),
                 message="You used 2.5% per test (half of 5%, one tail). A test at the 5% level is two-sided with 5% in "
                         "total: if an activity has no effect, its test comes out significant with probability 0.05."),
            Hint(wrong=lambda expected: 100 * (1 - 0.95 ** (_n_activities() - _reported_count())),
                 message="That counts only the activities WITHOUT a published OR. The question supposes that every activity "
                         "in `published` was tested, reported or not: use len(published) as the number of tests."),
            # fresh trial (MPH student)
            Hint(wrong=lambda expected: 100 * _n_activities() * 0.05 * 0.95 ** (_n_activities() - 1),
                 message="That is the chance of EXACTLY one false positive (the binomial term for one). 'At least one' "
                         "also counts two, three or more: work with the chance that none is significant.",
                 method="P(at least one) = 1 − P(none)."),
            # round-7 fresh trial (MPH student): 1 − P(none) − P(exactly one)
            Hint(wrong=lambda expected: 100 * (1 - 0.95 ** _n_activities()
                                               - _n_activities() * 0.05 * 0.95 ** (_n_activities() - 1)),
                 message="That is the chance of TWO OR MORE false positives: you also took away the chance of exactly "
                         "one. 'At least one' includes exactly one.",
                 method="P(at least one) = 1 − P(none)."),
            Hint(wrong=lambda expected: 0.05 * _n_activities(),
                 # 0.5 is also Bonferroni's per-test level in percent (5% / 10): the message names both readings
                 message="That is the expected NUMBER of false positives (tests × 0.05, as in the text), or Bonferroni's "
                         "per-test level in percent (5% / 10). Neither is the chance asked for: the chance of at least one "
                         "false positive among the tests, as a percent."),
            Hint(wrong=lambda expected: 100 * (1 - 0.05 ** _n_activities()),
                 message="0.05 to the power of the number of tests is the chance that ALL tests are significant. You need "
                         "the chance that NONE is: each test stays non-significant with probability 0.95."),
            # round-4 fresh trial (MPH student)
            Hint(wrong=lambda expected: 100 * (1 - 0.99 ** _n_activities()),
                 message="You used 1% per test (0.99 to stay non-significant). The question tests each activity at the 5% level."),
            Hint(wrong=lambda expected: 100 * (1 - 0.90 ** _n_activities()),
                 message="You used 10% per test (0.90 to stay non-significant), perhaps doubling 5% for two sides. A "
                         "two-sided test at the 5% level has 5% in total: 0.95 to stay non-significant."),
            Hint(wrong=lambda expected: 100 * (1 - 0.95 ** (2 * _n_activities())),
                 message="That is for twice as many tests as activities (two per activity: the 24-h and the 2-h window, "
                         "say). The question supposes one test per activity in `published`: use len(published)."),
            # round-6 fresh trial (MPH student): 0.95 multiplied by the number of tests (R's ^ retyped as *); one test more
            Hint(when=lambda answer, expected: any(abs(answer - scale * (1 - 0.95 * _n_activities())) < 0.05 * scale
                                                   for scale in (1, 100)),
                 message="You multiplied 0.95 by the number of tests, which gives a negative 'probability'. The chance "
                         "that several independent tests ALL stay non-significant is 0.95 × 0.95 × … once per test: a "
                         "power (written ** in Python).",
                 method="P(at least one) = 1 − P(none)."),
            Hint(wrong=lambda expected: 100 * (1 - 0.95 ** (_n_activities() + 1)),
                 message="That is for one test more than the activities in `published`: use len(published) as the "
                         "number of tests."),
            # round-5 fresh trial (MPH student): Šidák's per-test level; P(none) as a proportion
            Hint(wrong=lambda expected: 100 * (1 - 0.95 ** (1 / _n_activities())),
                 message="That is Šidák's per-test level in percent: the level each test would need for the whole family "
                         "to stay at 5%, a correction. The question asks for the unadjusted chance of at least one false "
                         "positive when each test is run at the 5% level."),
            Hint(wrong=lambda expected: 0.95 ** _n_activities(),
                 message="That is, as a proportion, the chance that NONE of the tests comes out significant (or the share "
                         "of the activities reported as significant). The question asks for the chance of at least one "
                         "false positive, as a percent.",
                 method="P(at least one) = 1 − P(none)."),
            # round-8 fresh trial (MPH student): the Poisson approximation was called "Close … rounded figures";
            # 100 minus P(none) as a proportion, and five tests (the ORs above 1), got no hint
            Hint(wrong=lambda expected: 100 * (1 - math.exp(-0.05 * _n_activities())),
                 message="That is the Poisson approximation, 1 − e^(−expected number of false positives): close when "
                         "each chance is small, but not exact. For independent tests the chance that none is "
                         "significant is exactly 0.95 multiplied once per test.",
                 method="P(at least one) = 1 − P(none)."),
            Hint(wrong=lambda expected: 100 - 0.95 ** _n_activities(),
                 message="You subtracted a proportion from a percent: 0.95 to the power of the number of tests is the "
                         "chance that none is significant as a proportion (between 0 and 1), while 100 is a percent. "
                         "Subtract from 1 first, then turn the result into a percent.",
                 method="P(at least one) = 1 − P(none)."),
            Hint(wrong=lambda expected: 100 * (1 - 0.95 ** (_reported_count() - 1)),
                 message="That is for the activities with an OR above 1 only. Every activity in `published` was "
                         "tested, whatever its result: use len(published) as the number of tests."),
            Hint(wrong=lambda expected: 100 * 0.05 ** _n_activities(),
                 message="Check the brackets: (1 − 0.95) ** m is 0.05 to the power m, the chance that ALL tests come out "
                         "significant. The power belongs to 0.95 alone (the chance that one test stays non-significant), "
                         "and 1 minus comes after."),
            # round-10 fresh trial (MPH student): P(at most one), a binomial cdf at 1
            Hint(wrong=lambda expected: 100 * (0.95 ** _n_activities()
                                               + _n_activities() * 0.05 * 0.95 ** (_n_activities() - 1)),
                 message="That is the chance of AT MOST one false positive (none or exactly one, what a binomial "
                         "cdf at 1 gives). The question asks for at least one: the complement of none alone.",
                 method="P(at least one) = 1 − P(none)."),
            # round-10 fresh trial (MPH student): the number of tests from the table's COLUMNS (`published.shape[1]`,
            # R's length() of a data frame; round 9: len(design)) got the nudge and the method, which the learner
            # had followed. After the slips named above, which also use another number of tests.
            Hint(when=lambda answer, expected: _other_tests_count(answer),
                 message="Your formula, 1 − 0.95 to the power of the number of tests, is the right one, but your "
                         "number of tests is not the number of activities in `published`. Each activity is one ROW "
                         "of the table: len(published) counts its rows (`.shape[1]`, like R's length() of a data "
                         "frame, counts its columns)."),
            # round-9 fresh trial: 100 * (0.95 ** m - 1) and 1 - 0.95 ** m * 100 got the nudge and the method, which
            # describe what the learner had written. Last, so that the negative slips named above come first.
            Hint(when=lambda answer, expected: answer < 0,
                 message="A chance cannot be negative. Check the order of the subtraction (1 minus the chance of none, "
                 "not the other way round) and the brackets: the whole of 1 − P(none) is multiplied by 100, so it "
                 "needs brackets around it."),
        ),
        default_hint="P(at least one) = 1 − P(none); with independent tests P(none) = 0.95 to the power of the number of tests.",
    ),
    Exercise(
        id="06.design-claim",
        objective="two questions of FLAReS",
        title="What a case-crossover study can claim",
        expected=lambda: "b",
        kind="choice",
        options=("a", "b", "c", "d"),
        nudge="Ask who is compared with whom, and over what time span.",
        hints=(
            Hint(wrong=lambda expected: "a",
                 message="That compares different people over a year, a between-person cohort question; the case-crossover compares each person with themselves."),
            Hint(wrong=lambda expected: "c",
                 message="That is a long-term claim. A case-crossover estimates short-term (transient) risk only."),
            Hint(wrong=lambda expected: "d",
                 message="That is a long-term claim (and about sitting). A case-crossover estimates short-term (transient) risk only."),
            # fresh trial (MPH student): "both, since more hours of lifting means more flares"
            Hint(wrong=lambda expected: "a, b",
                 message="Only one holds. (a) compares people who lift a lot with people who lift little over a year: "
                         "the case-crossover never makes that comparison between people, so it cannot support it."),
            # round-2 fresh trial (MPH student): the sitting OR below 1 read as long-term protection
            Hint(wrong=lambda expected: "b, d",
                 message="Only one holds. (d) is a long-term claim: the sitting OR below 1 compares hours within a "
                         "person in the 24 h before a flare or a survey, and says nothing about the back in the long run."),
            # round-5 fresh trial (MPH student): "lifting triggers flares, so it damages the back too"
            Hint(wrong=lambda expected: "b, c",
                 message="Only one holds. (c) is a long-term claim about damage: the case-crossover compares hours "
                         "within a person in the day before a flare or a survey, so it speaks to short-term flare risk, "
                         "not to lasting harm."),
        ),
        default_hint="Ask: who is compared with whom, and over what time span?",
    ),
]
