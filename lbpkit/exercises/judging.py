"""How an answer is judged: its form, the tolerance, "close" answers and the common slips.

For instructors writing exercises (the helpers :func:`matches`, :func:`is_reciprocal`... are
what a :class:`~lbpkit.exercises.checker.Hint`'s ``when`` usually calls) and for maintainers of
:func:`lbpkit.check`. Nothing here builds a message from the expected value: :func:`_leaks`
guards every message that could.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

import numpy as np
import pandas as pd

from lbpkit.exercises.precision import Precision, decimals, number_forms

# Annotations name lbpkit.exercises.checker.Exercise; it is not imported (checker imports this module).
__all__ = ["misconceptions", "answer_forms", "matches", "matches_or_rounded", "looks_like_proportion_for_percent", "looks_like_percent_for_proportion", "has_wrong_sign",
           "is_reciprocal"]


def _close(a: float, b: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def _single_value(answer: Any) -> tuple[Any, int]:
    """Unwrap a 1-element Series, DataFrame or array; return (value, number of elements)."""
    if isinstance(answer, (pd.Series, pd.DataFrame, pd.Index, np.ndarray)):
        values = np.asarray(answer, dtype=object).ravel()
        return (values[0] if values.size == 1 else answer), int(values.size)
    if isinstance(answer, (list, tuple)) and all(isinstance(item, numbers.Real) for item in answer):
        return (answer[0] if len(answer) == 1 else answer), len(answer)
    return answer, 1


def _labels(answer: Any) -> str | None:
    """The column names of a one-row table, or the text labels of a Series, when few and short enough to
    list; None for anything else (a filtered column's row numbers are not named: their count may be the answer)."""
    if isinstance(answer, pd.DataFrame) and len(answer) == 1 and answer.shape[1] > 1:
        names = list(answer.columns)
    elif isinstance(answer, pd.Series) and len(answer) > 1 and all(isinstance(label, str) for label in answer.index):
        names = list(answer.index)
    else:
        return None
    if len(names) > 8 or any(len(str(name)) > 40 for name in names):
        return None
    return ", ".join(str(name) for name in names)


def _as_number(answer: Any) -> float | None:
    answer, size = _single_value(answer)
    if size != 1 or isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def _answer_parts(answer: Any) -> list[str] | None:
    """The options in a letter or name answer as typed (case kept): split at commas, semicolons and
    spaces, with brackets, quotes and a full stop around each dropped ("'Ben', 'Dina'." is Ben, Dina)."""
    if isinstance(answer, str):
        parts = [part for part in re.split(r"[,;\s]+", answer) if part]
    elif isinstance(answer, (list, tuple, set, frozenset)):
        parts = [str(part) for part in answer]
    else:
        return None
    return [stripped for part in parts if (stripped := part.strip().strip("()'\".").strip())]


def _normalise_letters(answer: Any) -> list[str] | None:
    parts = _answer_parts(answer)
    return None if parts is None else [part.lower() for part in parts]


_JOINING_WORDS = {"and", "&", "+", "or", "og", "eller"}


def _run_together(item: str, valid: list[str]) -> bool:
    """True when ``item`` is two or more valid options written without a comma ("ben/dina", "bendina")."""
    pieces = [piece for piece in re.split(r"[^\w]+", item) if piece]
    if len(pieces) >= 2:
        return all(piece in valid for piece in pieces)
    word = pieces[0] if pieces else ""
    splits = {0: 0}  # end position -> number of options read so far
    for end in range(1, len(word) + 1):
        counts = [splits[start] + 1 for start in list(splits) if start < end and word[start:end] in valid]
        if counts:
            splits[end] = max(counts)
    return splits.get(len(word), 0) >= 2


def _unknown_option_problem(exercise: Exercise, typed: str, valid: list[str], single_letters: bool) -> str:
    """What to say of an option the checker does not know: the slip actually made (a joining word,
    options run together, a word for a letter), else that it is not recognised (a misspelt name)."""
    item = typed.lower()
    listed = ", ".join(repr(o) for o in exercise.options)
    kind_of_option = "letters" if single_letters else "options"
    example = ", ".join(exercise.options[:2])
    if exercise.kind == "choices" and item in _JOINING_WORDS:
        return (f"{typed!r} is not one of the options: separate the {kind_of_option} with commas only, "
                f'e.g. "{example}".')
    if exercise.kind == "choice" and item in _JOINING_WORDS:  # "a and b" for a one-answer question (05b trial)
        return f"{typed!r} joins options, but this question has one answer: give exactly one {kind_of_option[:-1]}."
    separate = f' Separate the {kind_of_option} with commas, e.g. "{example}".' if exercise.kind == "choices" else ""
    if single_letters and len(item) > 1:  # a word, or letters run together ("ps")
        return f"{typed!r} is not one of the options {listed}. Answer with the option's letter, not its words.{separate}"
    if separate and _run_together(item, valid):
        return f"{typed!r} is not one of the options {listed}: it looks like several run together.{separate}"
    if not single_letters and item.isdigit():  # row numbers for names (round-5 trial of 03): not a misspelling
        return (f"{typed!r} is a number, not one of the options {listed}: give the options themselves, "
                "not their row numbers or their count.")
    if not single_letters and len(item) == 1 and item.isalpha():
        # initials for names ("B, D, E, H", round-6 trial of 03): not a misspelling, the names are wanted whole
        initial = [option for option in exercise.options if option.lower().startswith(item)]
        meant = f" (did you mean {initial[0]!r}?)" if len(initial) == 1 else ""
        return (f"{typed!r} is a single letter, not one of the options {listed}{meant}: write each name in full, "
                f'e.g. "{example}".')
    if not single_letters:
        import difflib

        near = difflib.get_close_matches(item, valid, n=1, cutoff=0.6)
        meant = f" (did you mean {exercise.options[valid.index(near[0])]!r}?)" if near else ""
        return (f"{typed!r} is not recognised: it is not one of the options {listed}{meant}. "
                "Check its spelling.")
    return f"{typed!r} is not one of the options {listed}."


def _decimal_comma(answer: Any) -> str | None:
    """"6,2" (text) or 6,2 (Python's pair (6, 2)) as a learner who writes a decimal comma meant it."""
    if isinstance(answer, str) and re.fullmatch(r"\s*-?\d+,\d+\s*", answer):
        return answer.strip().replace(",", ".")
    if (isinstance(answer, tuple) and len(answer) == 2 and all(isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in answer)
            and answer[1] >= 0):
        return f"{answer[0]}.{answer[1]}"
    return None


def _number_problem(answer: Any, *, whole: bool = False, counts: bool = True) -> str:
    """What is wrong with the form of a numeric answer. ``counts`` is False for an exercise that asks for
    decimals, which a table's ``.shape`` (two counts) cannot answer: its pair is not read as one."""
    # the example has the shape of the answer asked for: "12" for a count, not "12.5" (fresh trial of 03)
    example = "12" if whole else "12.5"
    meant = _decimal_comma(answer)
    if meant is not None and isinstance(answer, str):
        return (f"That looks like a decimal comma: Python writes decimals with a point, so `{answer.strip()}` is "
                f"text, not a number. Write `{meant}` (no quotes, a point instead of the comma).")
    if meant is not None:
        # A pair of whole numbers is a decimal comma typed in code, or a table's .shape (rows, columns): a
        # trial of 06 typed `published[...].shape` and was told only to write 6.15. Both readings are named.
        return (f"Your answer is two numbers (a pair), not one. If you typed a decimal comma, `{answer[0]},{answer[1]}`: "
                f"Python writes decimals with a point, so write `{meant}` (a point instead of the comma)"
                # Python reads -0,7 as the pair (0, 7): the minus sign is lost before the check sees it.
                + ("; if you typed a minus sign in front, keep it (Python lost it: `-0` is just 0)"
                   if answer[0] == 0 else "")
                + (". If the pair is a table's `.shape` (rows, columns), its first number is the number of rows "
                   "(`len(table)` gives it directly)." if counts else "."))
    if isinstance(answer, str) and re.fullmatch(r"\s*[-+\u2212]?\s*\d+(?:[.,]\d+)?\s*%\s*", answer):
        # The sign is the learner's to keep, not the form message's to advise: a question about a
        # "reduction" wants it positive, so a minus is mentioned only to one who typed it. The form the
        # question asks for is named too: a learner told only "drop the %" typed the percent where a
        # proportion or a factor was asked, and was wrong a second time (fresh trial of 04).
        signed = answer.strip()[0] in "-\u2212"
        return ("That is text with a % sign: Python needs the number alone, without quotes and without %, "
                + ("e.g. -12.5 for -12.5% (keep your minus sign). " if signed else "e.g. 12.5 for 12.5%. ")
                + "Give it in the form the question asks for: a percentage as above, a proportion between 0 and 1 "
                "as 0.125, a factor (a ratio, where 1 means no change) as 1.125 for 12.5% more.")
    if isinstance(answer, str):
        if re.search(r"\d", answer):
            # "2 h", "0-2": the learner's number with a unit or a range. No example number here: for a
            # question about window lengths "e.g. 12" read as a candidate answer (round-6 trial of 05).
            return ("Your answer is text (in quotes): give one number alone, without quotes, units (such as h "
                    "or %) or a range.")
        return f"Your answer is text (in quotes); answer with a single number without quotes, e.g. {example}."
    if callable(answer):
        # `published["reported"].sum` without brackets (round-5 trial of 06) was told "not text, a list or True/False"
        return ("Your answer is a function or method itself, not its result (Python shows it as `<bound method ...>`): "
                "add the brackets that call it, e.g. `.sum()` rather than `.sum`.")
    if isinstance(answer, complex):
        # ** 0.5 of a negative number gives a complex number (printed with a j), not an error
        return ("Your answer is a complex number (Python writes it with a j): a square root (** 0.5) was taken of "
                "a negative number. Check what is under the square root, and its sign.")
    value, size = _single_value(answer)
    if size > 1 and np.asarray(answer).dtype == bool:
        # How many values an answer holds is not named here or below: in a count exercise the length of a
        # filtered column is often the very count asked for (round-5 trial of 06).
        # The share is named too: in 04.coverage "add .sum()" led to the count, a second wrong try (round-7 trial).
        return ("Your answer is a True/False for each row, not one number: to count the rows that are "
                "True, add `.sum()`; for their share (a proportion between 0 and 1), add `.mean()`.")
    if size == 1 and isinstance(value, numbers.Real) and math.isinf(float(value)):
        return ("Your answer is infinite (inf): a step divided by zero (or took the log of 0). Check each "
                "number you divided by.")
    if size == 1 and (value is pd.NA or (isinstance(value, numbers.Real) and not math.isfinite(float(value)))):
        # Two causes, one NaN: a missing table value, or np.sqrt/np.log of a negative number (round-10 trial
        # of 08: 1/OR inside an E-value's square root was told only about empty cells of a table)
        return ("Your answer is NaN or <NA> (not a number). Either a value it was computed from is missing (shown "
                "as an empty cell, NaN or <NA> in its table: check which rows and columns you used), or a step has "
                "no result, such as the square root or log of a negative number (NumPy then warns \"invalid "
                "value\"): check what is under the square root, and its sign.")
    if (isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[0], numbers.Integral)
            and not isinstance(answer[0], bool) and isinstance(answer[1], numbers.Real)):
        # `3176,6 / 100000 * 20000` is the pair (3176, 1.2): a decimal comma inside a calculation splits it
        # there, and the second number is no longer whole (round-9 trial of 01 was told to pick [0], i.e. 3176)
        return ("Your answer is two numbers (a pair), not one. If you typed a decimal comma inside a calculation "
                "(such as `12,5 / 100`), Python read the comma as a separator and split the calculation there: write "
                "decimals with a point (`12.5 / 100`). If a function returned the pair, give the single number the "
                "question asks for.")
    if size > 1 and isinstance(answer, tuple) and not isinstance(answer[-1], numbers.Integral):
        # A decimal comma leaves whole digits after the comma; (1.279, 1.206) is what a function that returns
        # several results gives (round-6 trial of 08: the kit's e_value was told about decimal commas).
        return (f"Your answer is {size} numbers (a tuple), as a function that returns several results gives "
                "(an estimate and its confidence limit, say): give the single number the question asks for, "
                "picked by its position (`[0]` is the first).")
    if size > 1 and isinstance(answer, tuple):
        # Only a comma makes a tuple: `619 / 1,6` (a decimal comma inside a calculation) is (619.0, 6).
        return (f"Your answer is {size} numbers: Python reads a comma between numbers as a separator. If you wrote "
                "a decimal comma in a calculation (as in `x / 1,5`), write a point instead (`x / 1.5`); otherwise give "
                "the single number the question asks for.")
    if size > 1 and isinstance(answer, (pd.Series, pd.DataFrame)) and bool(answer.isna().all(axis=None)):
        # a / b of two one-row selections pairs rows by their labels: different rows give NaN, one per label
        return ("Your answer holds several values, all NaN: dividing (or subtracting) two selections of a table "
                "pairs their rows by row label, and rows with different labels have no partner. Take the number "
                "out of each selection first (e.g. `.iloc[0]` on each, or `float(...)`), then divide.")
    if isinstance(answer, pd.DataFrame) and len(answer) > 1:
        # a filtered table passed whole (round-5 trial of 06): `.iloc[0]` would pick a row, not a count. Its
        # size is not named: the number of rows of a filtered table is often the very count asked for.
        return ("Your answer is a whole table (several rows and columns), not one number. To count its rows, "
                "take `len(...)` of it; to take one value out of it, pick its row and column (e.g. `.loc[row, column]`).")
    if size > 1 and isinstance(answer, pd.Series) and answer.name in ("count", "proportion"):
        # `.value_counts()` passed whole (round-6 trial of 06): "take len(...)" led to the number of distinct values
        # `.value_counts(normalize=True)` (round-10 trial of 04) holds shares, not counts
        kind = "shares" if answer.name == "proportion" else "counts"
        return (f"Your answer is a table of {kind}, one row per distinct value (what `.value_counts()` gives). "
                f"Take the {kind[:-1]} of the value you need from its row (e.g. `.loc[value]`); `len(...)` of it would "
                "count the distinct values instead.")
    labels = _labels(answer)
    if labels and isinstance(answer, pd.DataFrame):
        # one row of a results table (round-6 trial of 08): `.iloc[0]` would give that row again, not a number
        return (f"Your answer is one row of a table, with the columns {labels}: take the value of the column the "
                "question asks for, e.g. `table[\"column\"].iloc[0]` (`.iloc[0]` alone gives the whole row).")
    if labels:
        return (f"Your answer holds several labelled values ({labels}): pick the one the question asks for by its "
                "label, e.g. `row[\"label\"]`.")
    if size > 1:
        return (
            "Your answer holds several values; give the single number the question asks for (to count the "
            "values, take `len(...)` of it; to pick one element, use e.g. `.iloc[0]`)."
        )
    if isinstance(answer, (bool, np.bool_)):
        # round-6 trial of 04: the column means compared with 2 once (`lo.mean() <= 2 <= hi.mean()`) gave True
        # round-10 trial of 04: `(...).any()` of the row-wise column was told it was "ONE comparison" only
        return ("Your answer is a single True or False (what ONE comparison gives, and also `.any()` or `.all()` of "
                f"a column of them), not the single number asked for (for example {example}). If the question asks "
                "for a share or a count of rows, compare each row (which gives a column of True/False) and take its "
                "`.mean()` (the share) or `.sum()` (the count).")
    return f"Answer with a single number (for example {example}), not text, a list or True/False."


def _judge(exercise: Exercise, answer: Any, expected: Any) -> tuple[bool, str | None]:
    """Return (correct, problem) where problem is a message about the answer's form."""
    if exercise.kind == "number":
        value = _as_number(answer)
        if value is None:
            whole = isinstance(expected, numbers.Integral) and not isinstance(expected, bool)
            # a shape is two counts: named only where the answer could be a count (a fresh learner of 00, asked
            # for a mean to one decimal place, typed 6,2 and stopped at the `.shape` she had never met)
            asks_decimals = (exercise.precision is not None and exercise.precision.kind == "decimals"
                             and exercise.precision.digits > 0)
            # nor where the answer is not a whole number (a ratio of 2.81: round-8 trial of 08)
            could_be_count = not asks_decimals and float(expected).is_integer()
            return False, _number_problem(answer, whole=whole, counts=could_be_count)
        within = abs(value - float(expected)) <= exercise.tolerance(float(expected))
        # A whole-number answer that is exactly a whole number (a window's hours, a count of referents) is not
        # met by a number between two of them: the round-8 fresh trials typed 2.5 h (05) and the sum of six ORs
        # near 1, 6.24, for a count of activities (06), and were told they passed.
        if (within and exercise.precision == decimals(0) and isinstance(expected, numbers.Integral)
                and not float(value).is_integer()):
            return False, None
        return within, None
    if exercise.kind in ("choice", "choices", "text"):
        letters = _normalise_letters(answer)
        valid = [opt.lower() for opt in exercise.options]
        single_letters = all(len(v) == 1 for v in valid)
        if not letters and isinstance(answer, numbers.Real) and not isinstance(answer, (bool, np.bool_)):
            # a number worked out for a question about it (the sum of three shares, say) is not an unquoted letter
            if not single_letters:  # options are names: a count answers "how many", not "which"
                many = exercise.kind == "choices"
                return False, (f"Your answer is a number; this question asks {'which options apply' if many else 'which option is right'}, "
                               f"not how many, nor a number computed from them (such as a ratio): answer with the option{'s' if many else ''} in quotes"
                               f"{', separated by commas,' if many else ','} from {', '.join(repr(o) for o in exercise.options)}.")
            # or a row label read off a table (07.control-rule: 7); only a whole number can be one: 1.4, a
            # setting typed as the answer (round-6 trial of 05), was told about row labels it never read
            row_label = float(answer).is_integer() and float(answer) >= 0
            return False, (f"Your answer is a number; this question asks which option is right: answer with its letter "
                           f"in quotes, one of {', '.join(repr(o) for o in exercise.options)}."
                           + (" If you read it off a table, its row labels (0, 1, 2, ...) are not the options' letters."
                              if row_label else ""))
        if not letters:
            unquoted = ("" if isinstance(answer, str) else
                        " Without quotes Python reads a letter as the name of a variable (which may hold anything), "
                        "so put the letter in quotes.")
            return False, f"Answer with one of {', '.join(repr(o) for o in exercise.options)} (a string).{unquoted}"
        if (exercise.kind == "choice" and single_letters and len(letters) == 1 and len(letters[0]) > 1
                and set(letters[0]) <= set(valid)):
            return False, (f"{letters[0]!r} gives {len(letters[0])} options run together; this question has one "
                           "answer: give exactly one letter.")
        if (exercise.kind == "choices" and len(letters) == 1 and len(letters[0]) > 1 and single_letters
                and set(letters[0]) <= set(valid)):
            letters = list(letters[0])  # "bc" means b and c when every option is one letter
        unknown = [typed for typed, item in zip(_answer_parts(answer) or letters, letters) if valid and item not in valid]
        if unknown:
            # The advice on commas only where options ran together ("ps", "Ben/Dina") or were joined by a
            # word; a misspelt name is named as not recognised (round-3 trial of 03: "Hana" was told to use commas).
            typed = unknown[0]
            if (exercise.kind == "choice" and single_letters and isinstance(answer, str)
                    and len(_answer_parts(answer) or []) > 1 and typed.lower() not in _JOINING_WORDS):
                typed = answer.strip()  # a sentence is quoted whole, not by its first word (round-5 trial of 01)
            return False, _unknown_option_problem(exercise, typed, valid, single_letters)
        if exercise.kind in ("choice", "text"):
            if len(letters) != 1:
                return False, "Give exactly one option."
            return letters[0] == str(expected).lower(), None
        wanted = {str(item).lower() for item in expected}
        return set(letters) == wanted, None
    raise ValueError(f"Exercise {exercise.id!r} has an unknown kind {exercise.kind!r}.")


def _asked_for(exercise: Exercise) -> str:
    return exercise.precision.phrase if exercise.precision else "the precision the question asks for"


def _coarser_units(precision: Precision, expected: float) -> list[float]:
    """Rounding units coarser than asked, down to one significant digit (or to a whole number for
    a decimal asked of a value below one: 0.6 given as 1)."""
    if precision.kind == "significant":
        return [p.unit(expected) for p in precision.coarser()]
    leading = -math.floor(math.log10(abs(expected)))  # decimal place of the first significant digit
    return [10.0 ** -places for places in range(precision.digits - 1, min(precision.digits - 1, leading) - 1, -1)]


def _coarser_rounding(exercise: Exercise, value: float, expected: float) -> float | None:
    """The rounding unit, if the answer is the expected value rounded more coarsely than asked.

    Only an exact coarser rounding of the same sign counts, and never one more than half the
    expected value away, so an answer 10% off is not "close" by this rule.
    """
    if exercise.precision is None or value == 0 or expected == 0 or abs(value / expected - 1) > 0.5:
        return None
    # The answer as asked may be rounded once more (25.46 -> 25.5 -> 26: round-10 trial of 06, whose 26 was
    # then taken for a wrong value 26.44 rounded, and told of a mistake not made).
    asked = exercise.precision.unit(expected)
    shown = round(expected / asked) * asked
    for unit in _coarser_units(exercise.precision, expected):
        # A multiple of the unit within half a unit: an exact half (2.25 -> 2.2 or 2.3) counts either way.
        on_grid = math.isclose(value / unit, round(value / unit), rel_tol=0, abs_tol=1e-9)
        if on_grid and min(abs(value - expected), abs(value - shown)) <= 0.5 * unit * (1 + 1e-9):
            return unit
    return None


def _cut_off(exercise: Exercise, value: float, expected: float) -> bool:
    """True when the answer is the expected value cut off at the asked digit instead of rounded
    (7.95 for 7.957 to three significant digits), a slip the round-8 trial of 04 met."""
    if exercise.precision is None or expected == 0:
        return False
    unit = exercise.precision.unit(expected)
    cut = math.trunc(expected / unit + math.copysign(1e-9, expected)) * unit
    return math.isclose(value, cut, rel_tol=0, abs_tol=1e-9 * unit) and abs(cut - expected) > exercise.tolerance(expected)


def _cut_off_message(exercise: Exercise) -> str:
    # A second reading: a correct rounding of a result worked out from figures rounded for display can land on
    # the cut-off value (05b.percent-per-10 from the six-decimal log_rr).
    return (f"Close — this looks like the answer cut off at the last digit rather than rounded. Round to the nearer "
            f"value instead (a next digit of 5 or more rounds up) and give {_asked_for(exercise)}. If you did not cut "
            "it off, the figures you started from may have been rounded for display: redo it with the unrounded "
            "values (from the table or variable itself), or recheck the numbers you used.")


def _coarser_message(exercise: Exercise, unit: float, expected: float) -> str:
    # The answer may be a coincidence (1.0, "no effect", is also 1.48 to one digit), so the
    # message says what it looks like, not that the method is right.
    # Trials met both: 3 typed for 2.95 (the planted OR, not a rounding) and 6.0 for 6.2 (a slip in the
    # sum). So the message names both readings and claims neither.
    asked = _asked_for(exercise)
    otherwise = " If you did not round, it is a near miss: recheck the numbers you used."
    text = (f"Close — this matches the answer rounded to fewer digits than asked. If you rounded, give {asked}, "
            f"rounding only at the end.{otherwise}")
    if exercise.precision == decimals(0) and unit >= 10:  # a whole number rounded to tens or more
        text = (f"Close — this matches the answer rounded to the nearest {unit:,.0f}. If you rounded, "
                f"give {asked} (to the nearest 1), rounding only at the end.{otherwise}")
    return text if not _leaks(text, expected) else f"Close — give {asked}.{otherwise}"


def _near(exercise: Exercise, value: float, expected: float) -> bool:
    return expected != 0 and abs(value - expected) <= exercise.close_rel * abs(expected)


def _leaks(message: str, expected: Any) -> bool:
    if isinstance(expected, numbers.Real) and not isinstance(expected, bool):
        # a form counts as a whole number only: "0.9" is not leaked by "0.95"
        return any(re.search(rf"(?<![\d.]){re.escape(form)}(?!\d)", message) for form in number_forms(float(expected)))
    return False


def matches(answer: Any, value: float, *, rel_tol: float = 5e-3) -> bool:
    """The answer is a number within ``rel_tol`` (relative) of ``value``: for hints that recognise a
    known wrong value (e.g. "that is the Mantel–Haenszel estimate").

    Examples
    --------
    >>> matches(8.46, 8.4615), matches(8.0, 8.4615), matches(True, 1.0)
    (True, False, False)
    """
    return (isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, (bool, np.bool_))
            and value != 0 and abs(answer / value - 1) < rel_tol)


def matches_or_rounded(answer: Any, value: float, digits: int = 2, *, rel_tol: float = 5e-3) -> bool:
    """The answer is ``value`` (within ``rel_tol``) or ``value`` typed rounded to ``digits`` significant digits:
    for hints whose wrong value a learner types rounded more coarsely than ``rel_tol`` allows.

    Examples
    --------
    >>> matches_or_rounded(346.0, 346.25), matches_or_rounded(350, 346.25), matches_or_rounded(342, 346.25)
    (True, True, False)
    """
    typed = float(answer)
    return math.isclose(typed, value, rel_tol=rel_tol) or typed == float(f"{value:.{digits}g}")


def looks_like_proportion_for_percent(answer: Any, expected: Any) -> bool:
    """The answer is the expected percentage divided by 100 (a proportion given for a percent)."""
    value = _as_number(answer)
    return value is not None and expected != 0 and _close(value * 100, float(expected), 5e-3, 0)


def looks_like_percent_for_proportion(answer: Any, expected: Any) -> bool:
    """The answer is the expected proportion times 100 (a percent given for a proportion)."""
    value = _as_number(answer)
    return value is not None and expected != 0 and _close(value / 100, float(expected), 5e-3, 0)


def has_wrong_sign(answer: Any, expected: Any) -> bool:
    """The answer has the right size but the opposite sign."""
    value = _as_number(answer)
    return value is not None and expected != 0 and _close(-value, float(expected), 5e-3, 0)


def is_reciprocal(answer: Any, expected: Any) -> bool:
    """The answer is 1/expected (a ratio turned upside down)."""
    value = _as_number(answer)
    return value is not None and value != 0 and _close(1 / value, float(expected), 5e-3, 0)


def _is_wrong_answer(exercise: Exercise, answer: Any, wrong: Any, expected: Any) -> bool:
    """The answer is the misconception's wrong value, as given or rounded (at or below the asked
    precision, to at least one significant digit); for choices, the same option(s)."""
    if exercise.kind != "number":
        letters = _normalise_letters(answer)
        if letters is None:
            return False
        if isinstance(wrong, str):
            return sorted(letters) == sorted(_normalise_letters(wrong) or [])
        return set(letters) == {str(item).lower() for item in wrong}
    value = _as_number(answer)
    if value is None or wrong is None:
        return False
    wrong = float(wrong)
    if exercise.precision is None:
        return math.isclose(value, wrong, rel_tol=5e-3, abs_tol=1e-12)
    if (exercise.precision == decimals(0) and wrong.is_integer() and not float(value).is_integer()
            and isinstance(expected, numbers.Integral)):
        return False  # 2.5 is not a whole-number wrong answer (2 or 3) given more precisely (see _judge)
    if abs(value - wrong) <= exercise.tolerance(wrong):  # the wrong value, at the asked precision or finer
        return True
    if exercise.precision is not None and wrong != 0:
        # the wrong value rounded more coarsely than asked, but to two significant digits at least
        # (a coarse value that is also the right answer coarsely rounded stays "Close": it is ambiguous)
        unit = _coarser_rounding(exercise, value, wrong)
        return (unit is not None and unit <= 10.0 ** (math.floor(math.log10(abs(wrong))) - 1) * (1 + 1e-9)
                and _coarser_rounding(exercise, value, float(expected)) is None)
    return False


def misconceptions(exercise: Exercise) -> list[tuple[Hint, Any]]:
    """Each listed misconception of an exercise with its wrong answer (computed now)."""
    expected = exercise.expected()
    return [(hint, hint.wrong(expected)) for hint in exercise.hints if hint.wrong is not None]


def answer_forms(exercise: Exercise) -> list[str]:
    """Strings that would give the answer away: the expected number at the asked precision and with
    one or two digits more (point and comma; forms of fewer than three characters are too common to
    search for), and the exercise's ``answer_forms`` phrases.

    Examples
    --------
    >>> from lbpkit.exercises.checker import get_exercise
    >>> answer_forms(get_exercise("00.mean-pain"))
    ['6,2', '6,20', '6,200', '6.2', '6.20', '6.200']
    """
    found = set(exercise.answer_forms)
    if exercise.kind == "number" and exercise.precision is not None:
        value = float(exercise.expected())
        extras = (0,) if exercise.precision == decimals(0) else (0, 1, 2)
        for extra in extras:
            if exercise.precision.kind == "decimals":
                places = exercise.precision.digits + extra
            else:
                places = max(0, exercise.precision.digits + extra - 1 - math.floor(math.log10(abs(value)))) if value else 0
            text = f"{round(value, places):.{places}f}"
            if len(text.lstrip("-").replace(".", "")) >= 2 and len(text.lstrip("-")) >= 3:
                found |= {text, text.replace(".", ",")}
    return sorted(found)
