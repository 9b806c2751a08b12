"""Exercises of notebooks/00_start_here.ipynb."""

from statistics import mean

from lbpkit.exercises import Exercise, Hint

# A made-up example diary for the worked exercise (not study data).
EXAMPLE_PAIN_SCORES = (4, 6, 3, 7, 5)

EXERCISES = [
    Exercise(
        id="00.mean-pain",
        title="Mean of a small pain diary",
        expected=lambda: mean(EXAMPLE_PAIN_SCORES),
        hints=(
            Hint(
                when=lambda answer, expected: answer == sorted(EXAMPLE_PAIN_SCORES)[len(EXAMPLE_PAIN_SCORES) // 2]
                and answer != expected,
                message="That is the middle value (the median). The mean adds all scores and divides by how many there are.",
            ),
            Hint(
                when=lambda answer, expected: answer == sum(EXAMPLE_PAIN_SCORES),
                message="That is the total. Divide it by the number of days.",
            ),
        ),
        default_hint="Add the five scores and divide by five.",
        on_success="The mean is the sum divided by the number of values.",
    ),
]
