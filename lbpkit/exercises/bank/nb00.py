"""Exercises of notebooks/00_start_here.ipynb.

For instructors who adapt notebook 00's exercises; learners meet them through :func:`lbpkit.check`.
"""

from statistics import mean, median

from lbpkit.exercises.checker import Exercise, Hint, decimals

# A made-up example diary for the worked exercise (not study data). Its mean differs from its
# median (also once rounded), and from the midpoint of the lowest and highest score (also once
# rounded: the midpoint of (4, 7, 3, 9, 8) was 6, which is also the mean to a whole number), so
# the check can tell them apart.
EXAMPLE_PAIN_SCORES = (7, 4, 9, 1, 10)


def _left_out_one(expected: float) -> tuple[float, ...]:
    """The total of four of the five scores divided by five, where that is not the mean rounded."""
    n = len(EXAMPLE_PAIN_SCORES)
    return tuple(v for v in sorted({(sum(EXAMPLE_PAIN_SCORES) - s) / n for s in EXAMPLE_PAIN_SCORES})
                 if round(v) != round(expected))


def _divided_one_score_only() -> tuple[float, ...]:
    """What ``7+4+9+1+10/5`` gives, for each score that can come last: Python divides before it adds,
    so only that score is divided and the other four are added whole."""
    n = len(EXAMPLE_PAIN_SCORES)
    return tuple(sorted({sum(EXAMPLE_PAIN_SCORES) - s + s / n for s in EXAMPLE_PAIN_SCORES}))


def _total_slightly_off(expected: float) -> tuple[float, ...]:
    """The total miscounted by one or two, divided by five; not where that is the mean rounded to a whole
    number (a total one short gives 6.0 for 6.2, which keeps its "Close" near-miss message)."""
    n, total = len(EXAMPLE_PAIN_SCORES), sum(EXAMPLE_PAIN_SCORES)
    return tuple(v for v in ((total + d) / n for d in (-2, -1, 1, 2)) if v != round(expected))


def _lowest_left_out() -> float:
    """The mean of the other four scores, with the lowest day dropped as an "outlier" (the 1 among 4 to 10)."""
    kept = sorted(EXAMPLE_PAIN_SCORES)[1:]
    return sum(kept) / len(kept)


def _highest_left_out() -> float:
    """The mean of the other four scores, with the highest day (the worst) dropped as an "outlier"."""
    kept = sorted(EXAMPLE_PAIN_SCORES)[:-1]
    return sum(kept) / len(kept)


def _total_by_six() -> float:
    """The total divided by 6, one more than the number of days."""
    return sum(EXAMPLE_PAIN_SCORES) / (len(EXAMPLE_PAIN_SCORES) + 1)


def _near_highest_left_out(answer: float) -> bool:
    """Within rounding (half a unit of the asked decimal) of the mean with the highest day left out (5.25: 5.25, 5.3)."""
    return abs(answer - _highest_left_out()) <= decimals(1).unit(answer) / 2 * (1 + 1e-9)


def _near_both_highest_left_out_and_total_by_six(answer: float) -> bool:
    """Within rounding of both readings: 5.2 here, a rounding of 5.25 and of 5.17 alike."""
    return _near_highest_left_out(answer) and abs(answer - _total_by_six()) <= decimals(1).unit(answer) / 2 * (1 + 1e-9)


_TOTAL_BY_SIX = "That divides the total by 6, one more than the number of scores; the diary has five days."


def _mean_day_to_day_change() -> float:
    """The mean of the changes from one day to the next (day 2 minus day 1, and so on)."""
    changes = [later - earlier for earlier, later in zip(EXAMPLE_PAIN_SCORES, EXAMPLE_PAIN_SCORES[1:])]
    return sum(changes) / len(changes)


def _other_day_scores() -> tuple[int, ...]:
    """The days' scores that no other hint names (not the median, the lowest, the highest or the middle one
    of the list as written): typed, each is one day's score, which the nudge no longer says."""
    named = {median(EXAMPLE_PAIN_SCORES), min(EXAMPLE_PAIN_SCORES), max(EXAMPLE_PAIN_SCORES),
             EXAMPLE_PAIN_SCORES[len(EXAMPLE_PAIN_SCORES) // 2]}
    return tuple(s for s in EXAMPLE_PAIN_SCORES if s not in named)


def _middle_three() -> float:
    """The mean with the lowest and the highest score left out (a trimmed mean)."""
    kept = sorted(EXAMPLE_PAIN_SCORES)[1:-1]
    return sum(kept) / len(kept)


EXERCISES = [
    Exercise(
        id="00.mean-pain",
        objective="answer an exercise",
        title="Mean of a small pain diary",
        expected=lambda: mean(EXAMPLE_PAIN_SCORES),
        precision=decimals(1),
        hints=(
            # round-9 fresh trial: the division done by hand with its remainder written after the point
            Hint(
                wrong=lambda expected: (sum(EXAMPLE_PAIN_SCORES) // len(EXAMPLE_PAIN_SCORES)
                                        + (sum(EXAMPLE_PAIN_SCORES) % len(EXAMPLE_PAIN_SCORES)) / 10),
                message="That looks like a division done by hand with the remainder written after the point. A "
                "remainder is not the decimal part: 7 ÷ 2 is 3 remainder 1, but as a decimal it is 3.5. Let Python "
                "divide: `/`.",
            ),
            Hint(
                wrong=lambda expected: median(EXAMPLE_PAIN_SCORES),
                message="That is the middle value (the median), not the mean.",
                method="The mean adds all scores and divides by how many there are.",
            ),
            Hint(
                wrong=lambda expected: sum(EXAMPLE_PAIN_SCORES),
                message="That is the total of the scores, not their mean.",
                method="Divide the total by the number of days.",
            ),
            Hint(
                wrong=lambda expected: sum(EXAMPLE_PAIN_SCORES) / (len(EXAMPLE_PAIN_SCORES) - 1),
                message="That divides the total by 4, one fewer than the number of scores; count the days in the diary again.",
                method="Divide the total by the number of scores, which is the number of days.",
            ),
            Hint(
                wrong=lambda expected: expected / 10,
                message="That looks like the mean divided by 10, the top of the 0-10 scale (a share of the maximum score); "
                "give the mean as a score on the 0-10 scale itself.",
                method="Add the five scores and divide by the number of days only.",
            ),
            Hint(
                wrong=lambda expected: (min(EXAMPLE_PAIN_SCORES) + max(EXAMPLE_PAIN_SCORES)) / 2,
                message="That is halfway between the lowest and the highest score; the mean uses all five scores, "
                "not only the two extremes.",
                method="Add all five scores and divide by the number of days.",
            ),
            Hint(
                wrong=lambda expected: EXAMPLE_PAIN_SCORES[len(EXAMPLE_PAIN_SCORES) // 2],
                # 9 is also the range (10 - 1) of this diary: the message names both, claims neither
                message="That is one day's score (the one in the middle of the list as written), and also the range "
                "(highest minus lowest); the mean combines all five days.",
                method="Add all five scores and divide by the number of days.",
            ),
            Hint(
                wrong=lambda expected: expected * 10,
                message="That looks like the mean as a percentage of the top of the 0-10 scale; give the mean as a "
                "score on the 0-10 scale itself.",
                method="Add the five scores and divide by the number of days; do not multiply by 10.",
            ),
            *(
                Hint(
                    wrong=lambda expected, k=k: _left_out_one(expected)[k],
                    message="That looks like the total of only four of the scores, divided by five: check that your "
                    "sum includes every one of the five.",
                    method="Add all five scores, then divide by five.",
                )
                for k in range(len(_left_out_one(mean(EXAMPLE_PAIN_SCORES))))
            ),
            *(
                Hint(
                    wrong=lambda expected, k=k: _divided_one_score_only()[k],
                    message="That looks like a sum typed without brackets, such as a + b + c + d + e / 5: Python "
                    "divides before it adds, so only the last score was divided by five.",
                    method="Put the whole sum in brackets before dividing: (a + b + c + d + e) / 5, with the five scores for a to e.",
                )
                for k in range(len(_divided_one_score_only()))
            ),
            # The round-5 fresh trial of 00 (physiotherapy student): the worst day, the best day, the first
            # and the last day averaged, the total shared over the scale's top (10) instead of the days,
            # the middle of the 0-10 scale, a total miscounted by one or two.
            Hint(
                wrong=lambda expected: max(EXAMPLE_PAIN_SCORES),
                message="That is the highest score, the worst day; the mean combines all five days, the milder ones too.",
                method="Add all five scores and divide by the number of days.",
            ),
            Hint(
                wrong=lambda expected: min(EXAMPLE_PAIN_SCORES),
                message="That is the lowest score, the best day; the mean combines all five days, the worse ones too.",
                method="Add all five scores and divide by the number of days.",
            ),
            Hint(
                wrong=lambda expected: (EXAMPLE_PAIN_SCORES[0] + EXAMPLE_PAIN_SCORES[-1]) / 2,
                message="That looks like the first and the last day averaged; the mean uses the three days in "
                "between as well.",
                method="Add all five scores and divide by the number of days.",
            ),
            Hint(
                wrong=lambda expected: sum(EXAMPLE_PAIN_SCORES) / 10,
                message="That looks like the total divided by 10, the top of the 0-10 scale; divide by how many "
                "scores were added, the number of days in the diary.",
                method="Divide the total by the number of days.",
            ),
            # 5 is both the middle of the 0-10 scale (round-5 trial) and the number of days in the diary
            # (round-8 trial, a learner who typed the count): the message names both, claims neither.
            Hint(
                wrong=lambda expected: 5,
                message="That is the number of days in the diary, and also the middle of the 0-10 scale; the mean is "
                "worked out from the five scores themselves, not from how many there are or from the scale.",
                method="Add all five scores and divide by the number of days.",
            ),
            *(
                Hint(
                    wrong=lambda expected, k=k: _total_slightly_off(expected)[k],
                    message="Divided by five, as it should be, but the total looks a little off: add the five "
                    "scores again, one at a time.",
                    method="Add all five scores (a calculation such as 1 + 2 in the cell is fine), then divide by five.",
                )
                for k in range(len(_total_slightly_off(mean(EXAMPLE_PAIN_SCORES))))
            ),
            # Round-10 fresh trial of 00: 5.2 is the total divided by 6 and also, rounded, the mean with the highest
            # day left out (5.25): it names both. (The highest day left out, typed unrounded, has its own hint below.)
            Hint(
                when=lambda answer, expected: _near_both_highest_left_out_and_total_by_six(answer),
                message=f"{_TOTAL_BY_SIX} It is also, rounded, the mean of four scores with the highest day left out; "
                "the mean keeps all five.",
                method="Add all five scores, the highest one too, and divide by the number of days.",
            ),
            Hint(
                wrong=lambda expected: _total_by_six(),
                message=_TOTAL_BY_SIX,
                method="Divide the total by the number of scores, which is the number of days.",
            ),
            Hint(
                wrong=lambda expected: _middle_three(),
                message="That looks like the mean of the three middle scores, with the lowest and the highest day left "
                "out; the mean keeps every day, the extreme ones too.",
                method="Add all five scores and divide by five.",
            ),
            # The round-6 fresh trial of 00 (physiotherapy student): the lowest day dropped as an "outlier"
            # (the mean of the other four), a minus sign typed, the total shared over the 11 points of the
            # 0-10 scale, the mean change from one day to the next.
            Hint(
                wrong=lambda expected: _lowest_left_out(),
                message="That looks like the mean of four scores, with the lowest day left out as if it were an "
                "outlier; a bad or a good day is part of the diary, so the mean keeps all five.",
                method="Add all five scores, the lowest one too, and divide by five.",
            ),
            # Round-10 fresh trial of 00 (physiotherapy student): the highest day dropped, the division turned
            # round, a multiplication for the division, the mean as a percentage (times 100).
            Hint(  # a test of the answer, not wrong=: rounded to one decimal, 5.25 is 5.2, the hint above naming both
                when=lambda answer, expected: _near_highest_left_out(answer),
                message="That looks like the mean of four scores, with the highest day (the worst) left out as if it "
                "were an outlier; a bad day is part of the diary, so the mean keeps all five.",
                method="Add all five scores, the highest one too, and divide by five.",
            ),
            Hint(
                wrong=lambda expected: len(EXAMPLE_PAIN_SCORES) / sum(EXAMPLE_PAIN_SCORES),
                message="That looks like the division turned round: the number of days divided by the total. A mean "
                "pain score lies between the lowest and the highest score of the diary.",
                method="Divide the total of the five scores by the number of days, not the other way round.",
            ),
            Hint(
                wrong=lambda expected: sum(EXAMPLE_PAIN_SCORES) * len(EXAMPLE_PAIN_SCORES),
                message="That looks like the total multiplied by the number of days; a mean shares the total out over "
                "the days, so it lies between the lowest and the highest score.",
                method="Divide the total by the number of days: Python's division sign is `/` (`*` multiplies).",
            ),
            Hint(
                wrong=lambda expected: expected * 100,
                message="That looks like the mean multiplied by 100, as if it were a percentage; give the mean as a "
                "score on the 0-10 scale itself.",
                method="Add the five scores and divide by the number of days; do not multiply by 100.",
            ),
            Hint(
                wrong=lambda expected: -expected,
                message="Your answer is negative, but every score is 0 or more, so their mean cannot be below 0; "
                "check the sign of what you typed.",
                method="Add the five scores (none is negative) and divide by the number of days.",
            ),
            Hint(
                wrong=lambda expected: sum(EXAMPLE_PAIN_SCORES) / 11,
                message="That looks like the total divided by 11, the number of points on the 0-10 scale (0, 1, ..., 10); "
                "divide by how many scores were added, the number of days in the diary.",
                method="Divide the total by the number of days.",
            ),
            Hint(
                wrong=lambda expected: _mean_day_to_day_change(),
                message="That looks like the mean change from one day to the next (day 2 minus day 1, and so on); "
                "the question asks for the mean of the scores themselves.",
                method="Add the five scores (not their differences) and divide by the number of days.",
            ),
            # The round-8 fresh trial of 00 (physiotherapy student): a day's score that no hint above names.
            *(
                Hint(
                    wrong=lambda expected, k=k: _other_day_scores()[k],
                    message="That is one day's score; the mean combines all five days.",
                    method="Add all five scores and divide by the number of days.",
                )
                for k in range(len(_other_day_scores()))
            ),
        ),
        # The nudge names no mistake: a learner who typed one day's score read "a typical single day's
        # score" as approval (round-5 fresh trial), and "it is usually not the score of any one day" read as
        # a diagnosis to a learner who had typed no day's score (round-8 trial); one day's score has its hints.
        nudge="The mean uses all five scores above together: check how you combined them.",
        default_hint="Add the five scores and divide by five.",
        # The reason "the scores are whole numbers, so" stopped a learner (round-10 trial): the check says what to redo.
        near_hint="Close, but not exactly: recheck your sum of the five scores and the division",
        on_success="The mean is the sum divided by the number of values.",
    ),
]
