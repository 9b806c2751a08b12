"""A plain-language line under the Python errors a learner typing an answer meets most.

Some slips stop Python before any exercise check can run, so the check cannot explain them: a
choice typed without quotes (``answer = b`` gives ``NameError``), a number written as in a text
(``100 000`` or ``6.2 points`` gives ``SyntaxError``), a formula copied from the text with its
typographic signs (``1 − p``, ``p₁``) or written with ``x`` for times, a power written as on a calculator
(``x ^ 2`` gives ``TypeError``), a table label divided as if it were a number (``TypeError``), a
square root of a negative number with ``math.sqrt`` (``ValueError: math domain error``), a spreadsheet's
function (``mean(scores)`` gives ``NameError``), a module no notebook imports (``math.sqrt(...)``) or a
calculator's bare ``sqrt(...)`` (``NameError``), a table's method used on a plain list (``scores.mean()``
gives ``AttributeError``), two column conditions joined with ``and`` or chained as ``a <= 2 <= b``
(``ValueError``) or with ``&`` but without brackets (``TypeError``), arithmetic written as on paper
(``31 : 5``, ``31/5 = 6.2``, ``6.2.``, ``mean pain = 6.2`` give ``SyntaxError``), an answer stored under a changed
name (``Mean_pain = 6.2`` above ``check(..., mean_pain)`` gives ``NameError``, or, where the old name still holds
an earlier try, a check of that try: :mod:`lbpkit.exercises.renamed` lets the check say so).
:func:`register_error_hints` asks IPython to show, under the usual traceback, what the error
most likely means. The traceback itself is kept, so nothing is hidden
from anyone who reads it, and any other error is shown as Python shows it.

Examples
--------
>>> name_error_hint("b", 'answer = b\\ncheck("02.age-modification", answer)')
'Python read `b` as the name of a variable, and nothing has that name. If `b` is your answer (one of the lettered options), put it in quotes: `"b"`.'
>>> syntax_error_hint("rate / 100 000 * population")
'Python does not read a space inside a number: write `100000` (or `100_000`), not `100 000`.'
"""

from __future__ import annotations

import re
from typing import Any

from lbpkit.exercises.renamed import _renamed, _renamed_message

__all__ = ["name_error_hint", "syntax_error_hint", "register_error_hints"]

_ANSWER_CELL = re.compile(r"\bcheck\s*\(")
_CHECKED_ID = re.compile(r"""\bcheck\s*\(\s*["']([^"']+)["']""")
_NAME = re.compile(r"name '([^']+)' is not defined")
_SPACED_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?: \d{3})+)(?![\w.])")
# the sign is kept with the number: `-0.7%` repeated as "0.7" lost the minus (round-10 trial of 01)
_NUMBER_AND_WORD = re.compile(r"(?<![\w.])((?:(?<![\w)\]])-\s*)?\d+(?:[.,]\d+)?)\s*(%|[A-Za-zæøåÆØÅ]+\b)")
# "342 x 100" or "(1 - p) x 2": an x between two numbers (or brackets) is a times sign, not a unit
_X_FOR_TIMES = re.compile(r"((?<![\w.])\d+(?:\.\d+)?|\))\s*[xX]\s*(\d+(?:\.\d+)?|\()")
# signs that text and formulas use but Python does not read, with what Python writes instead
_TYPOGRAPHIC = {"−": ("minus sign", "-"), "–": ("dash", "-"), "×": ("times sign", "*"), "·": ("times dot", "*"),
                "÷": ("division sign", "/"), "“": ("curly quote", '"'), "”": ("curly quote", '"'),
                "‘": ("curly quote", "'"), "’": ("curly quote", "'")}
_SUBSCRIPT = re.compile(r"([A-Za-z]+)([₀-₉]+)")


def _exercise_in(cell: str) -> Any | None:
    """The exercise the cell checks (``check("03.pair-or", ...)``), or None if there is none."""
    match = _CHECKED_ID.search(cell)
    if not match:
        return None
    from lbpkit.exercises.checker import get_exercise

    try:
        return get_exercise(match.group(1))
    except ValueError:
        return None


def _word_options(exercise: Any) -> bool:
    """True for a choice exercise answered with words (names), not letters."""
    return exercise.kind in ("choice", "choices") and any(len(str(option)) > 1 for option in exercise.options)


# Functions a spreadsheet has and Python does not (AVERAGE, MEDIAN...): a learner types `mean(scores)`
# (round-5 fresh trial of 00) and is not helped by "run the cells above".
_SPREADSHEET_FUNCTIONS = {"mean", "average", "avg", "median", "mode", "stdev", "std", "sd", "var", "variance"}
_MEAN_LIKE = {"mean", "average", "avg"}


# Spreadsheet functions whose Python namesake is written in small letters (`SUM(7, 4, 9)`, round-10 trial of 00:
# told to run the cells above), and spreadsheet counts, which Python does with len.
_PYTHON_NAMESAKES = {"sum", "min", "max", "round", "abs", "len"}
_SPREADSHEET_COUNTS = {"count", "counta"}


def _spreadsheet_function_hint(name: str, cell: str) -> str | None:
    if not re.search(rf"\b{re.escape(name)}\s*\(", cell):
        return None
    if name.lower() in _PYTHON_NAMESAKES and name != name.lower():
        own = name.lower()
        takes = (f", and takes the numbers as one list in square brackets, `{own}([2, 5, 3])`"
                 if own in ("sum", "len") else "")
        return (f"Python has no `{name}(...)` in capitals as a spreadsheet has: its own is `{own}(...)`, in small "
                f"letters{takes}. Or type the calculation with the numbers themselves.")
    if name.lower() in _SPREADSHEET_COUNTS:
        return (f"Python has no `{name}(...)` as a spreadsheet has: it counts with `len(...)`, which takes the numbers "
                "as one list in square brackets (`len([2, 5, 3])` is 3). Or type the count yourself.")
    if name.lower() not in _SPREADSHEET_FUNCTIONS:
        return None
    how = ("`sum(...)` adds numbers and `len(...)` counts them, so a mean is `sum(...) / len(...)`"
           if name.lower() in _MEAN_LIKE else "work it out step by step with `+`, `-`, `*` and `/`")
    return (f"Python has no ready-made `{name}(...)` as a spreadsheet has: it is not built in, and no cell has "
            f"made it. Use what Python has ({how}), or type the calculation with the numbers themselves.")


# Modules Python has but no notebook imports, and maths functions a calculator has bare (round-8 trial of 08:
# `math.sqrt(...)` was told to run the cells above, which never import math; tests check no notebook imports them).
_UNIMPORTED_MODULES = {"math", "cmath", "statistics"}
_BARE_MATHS = {"sqrt": "sqrt", "exp": "exp", "log": "log", "ln": "log", "log10": "log10"}
_EULER_POWER = re.compile(r"(?<![\w.])e\s*(?:\*\*|\^)")  # e ** x or e ^ x: Euler's number, not a variable


def _unimported_hint(name: str, cell: str) -> str | None:
    if name in _UNIMPORTED_MODULES and re.search(rf"\b{name}\s*\.", cell):
        return (f"`{name}` is a Python module, and a module must be imported before use: none of the kit's notebooks "
                f"imports `{name}`, so running the cells above will not help. Add `import {name}` as the first line "
                "of your cell (or, where the notebook has imported numpy as `np`, use `np.sqrt`, `np.exp`, `np.log`).")
    if name in _BARE_MATHS and re.search(rf"(?<![\w.]){name}\s*\(", cell):
        function = _BARE_MATHS[name]
        start = "Write `x ** 0.5`, or add" if name == "sqrt" else "Add"
        natural = "the natural log; " if function == "log" else ""
        return (f"Python has no built-in `{name}(...)` as a calculator has. {start} `import math` to your cell and "
                f"write `math.{function}(x)` ({natural}or `np.{function}(x)` where the notebook has imported numpy "
                "as `np`).")
    return None


def name_error_hint(name: str, cell: str) -> str:
    """The plain-language line shown under ``NameError: name '<name>' is not defined``.

    The advice follows the exercise the cell checks, when it names one: a choice answered with
    a letter, one answered with names, or a number (where a short name is most likely a letter of
    a formula, such as the b of b/c).

    Parameters
    ----------
    name : str
        The undefined name, as Python reports it.
    cell : str
        The source of the cell that raised the error.

    Returns
    -------
    str
        One or two sentences (Markdown backticks for code).

    Examples
    --------
    >>> name_error_hint("a", "check('05.which-unbiased', a)").startswith("Python read `a`")
    True
    >>> "letter of a formula" in name_error_hint("b", 'answer = b / c\\ncheck("03.pair-or", answer)')
    True
    >>> "Run All Above" in name_error_hint("check", 'check("03.pair-or", 1.5)')
    True
    """
    spreadsheet = _spreadsheet_function_hint(name, cell) or _unimported_hint(name, cell)
    if spreadsheet:
        return spreadsheet
    renamed = _renamed(name, cell)
    if renamed:  # `Mean_pain = 6.2` then `check(..., mean_pain)`: not "run the cells above" (round-8 trial of 00)
        return _renamed_message(renamed, name)
    if name in ("check", "lbpkit"):  # what every notebook's first code cell imports
        return (f"`{name}` comes from the kit (`lbpkit`), which the notebook's first code cell loads. A kernel "
                "that has just started or restarted has forgotten it, and every table the cells above made: "
                "run the cells above this one first (Run menu, Run All Above Selected Cell).")
    if name == "e" and _EULER_POWER.search(cell):
        # round-10 trial of 04: `e ** 2.074` (e as in R's and Stata's exp) was told it was a letter of a formula
        return ("Python has no built-in `e` (Euler's number, as in e to the power x): write e to the power x as "
                "`np.exp(x)` (or `np.e ** x`; `math.exp(x)` after `import math`).")
    read_as_variable = f"Python read `{name}` as the name of a variable, and nothing has that name."
    exercise = _exercise_in(cell) if _ANSWER_CELL.search(cell) else None
    short = len(name) <= 2 and name.isalpha() and _ANSWER_CELL.search(cell)
    an_option = exercise is not None and name.lower() in {str(option).lower() for option in exercise.options}
    if exercise is not None and _word_options(exercise) and (an_option or short):
        if exercise.kind == "choice":
            return f'{read_as_variable} This answer is written as text: put it in quotes, `"{name}"`.'
        return (f"{read_as_variable} This answer is written as text: put the whole answer in quotes, the "
                f'names separated by commas, as the exercise shows: `"{name}, …"`.')
    if short and exercise is not None and exercise.kind == "number":
        return (f"{read_as_variable} A letter of a formula (such as the b and c of b/c) is not a variable "
                "in Python: use the names under which the notebook stored the numbers (printed above this "
                "exercise), or type the numbers themselves.")
    if short:
        return (f"{read_as_variable} "
                f'If `{name}` is your answer (one of the lettered options), put it in quotes: `"{name}"`.')
    # Round-10 trial of 03: after a restart, Run All Above stopped at an earlier answer cell that still raised an
    # error, so the name was never made and the learner was sent back to the cells above again and again.
    advice = (f"Python does not know `{name}` in this session. If it is a table or variable made by a cell "
              "further up, run the cells above this one first (Run menu, Run All Above Selected Cell). That run "
              "stops at the first cell that shows an error: if it stopped above, correct that cell (or put its "
              "answer back to `...`) and run them again.")
    if not _ANSWER_CELL.search(cell) or cell.lstrip().startswith("%%"):
        return advice  # a result or solution cell (or any other): the learner typed no answer here
    return advice + " If you typed a word as your answer, give the number itself (or, for an option, its letter in quotes)."


# Paper arithmetic (round-8 trial of 00): `31 : 5` (division as taught in Norwegian schools), `31 \\ 5`,
# `mean_pain = 31/5 = 6.2` (the working and its result), `6.2.` (a full stop), `mean pain = 6.2` (a space in the name).
_OPERAND = r"(?:(?<![\w.])\d+(?:\.\d+)?|\))"
_DIVIDED_AS_ON_PAPER = re.compile(rf"({_OPERAND})\s*([:\\])\s*(\d+(?:\.\d+)?|\()")
_SPACE_IN_NAME = re.compile(r"^\s*([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*=(?!=)")
_KEYWORDS = {"and", "or", "not", "in", "is", "if", "else", "for", "while", "def", "class", "return", "import",
             "from", "as", "with", "lambda", "print", "del", "global", "assert", "elif"}


def _outside_brackets(code: str) -> str:
    """``code`` with everything inside (), [] and {} blanked out, so a slice 1:2 or a keyword argument a=1 is not read."""
    depth, kept = 0, []
    for char in code:
        depth -= depth > 0 and char in ")]}"
        kept.append(char if depth == 0 or char in "()[]{}" else " ")
        depth += char in "([{"
    return "".join(kept)


def _paper_arithmetic_hint(code: str) -> str | None:
    top = _outside_brackets(code)
    divided = _DIVIDED_AS_ON_PAPER.search(top)
    if divided:
        sign = divided.group(2)
        return f"In Python `{sign}` is not a division sign; Python divides with `/`. Type `/` where you typed `{sign}`."
    equals = [m.start() for m in re.finditer(r"(?<![=<>!])=(?!=)", top)]
    if len(equals) >= 2:
        name, working = code[:equals[0]].strip(), code[equals[0] + 1:equals[1]].strip()
        return (f"The line has two `=`: in Python `=` stores what is on its right under the name on its left; "
                f"it is not the equals sign of a calculation on paper. Keep one, `{name} = {working}` "
                f"(Python works out the result itself), or type the result alone.")
    stop = re.search(r"(?<![\w.])(\d+\.\d+)\.\s*$", code)
    if stop:  # `6.2.`: a sentence's full stop
        return f"Remove the full stop after the number: `{stop.group(1)}`, not `{stop.group(0).strip()}`."
    spaced = _SPACE_IN_NAME.search(code)
    if spaced and not {spaced.group(1), spaced.group(2)} & _KEYWORDS:
        return (f"A name in Python has no spaces: write `{spaced.group(1)}_{spaced.group(2)}`, with `_`, as the "
                f"cell had it.")
    return None


_DECIMAL_COMMA_LEADING_ZERO = re.compile(r"(?<![\w.])(\d+),(0\d+)(?![\w.])")

def syntax_error_hint(line: str) -> str | None:
    """The plain-language line for a ``SyntaxError`` in ``line``, or None if it is not a known slip.

    Examples
    --------
    >>> syntax_error_hint("answer = 6.2 points")
    'Give the number alone, without a unit or a word after it: `6.2`, not `6.2 points`.'
    >>> syntax_error_hint("share = 122 / 342 x 100")
    'Python multiplies with `*`, not with `x`: write `342 * 100`, not `342 x 100`.'
    >>> syntax_error_hint("se = 0,0097")
    '`0,0097` looks like a decimal comma: Python writes decimals with a point, so write `0.0097`.'
    >>> syntax_error_hint("answer = (3 + 4") is None
    True
    """
    code = line.split("#", 1)[0]
    if re.search(r"\.\.\.\s*[-\w(]|[\w)]\s*\.\.\.", code):  # `mean_pain = ... 6.2` (round-9 trial of 00)
        return ("The three dots `...` are still in the line: they mark where your answer goes. Delete them and "
                "type your answer in their place, so that only your answer stands after the `=`.")
    # 0,0097: Python reads a pair whose second number has a leading zero, and stops at it (round-6 trial of 07)
    comma = _DECIMAL_COMMA_LEADING_ZERO.search(code)
    if comma:
        return (f"`{comma.group(0)}` looks like a decimal comma: Python writes decimals with a point, so write "
                f"`{comma.group(1)}.{comma.group(2)}`.")
    for sign, (name, python) in _TYPOGRAPHIC.items():
        if sign in code:
            return (f"The line contains `{sign}`, a typographic {name} (as copied from the text), which Python "
                    f"does not read: type it again with the keyboard's `{python}`.")
    subscript = _SUBSCRIPT.search(code)
    if subscript:
        return (f"`{subscript.group(0)}` is the formula's name for a number, and Python cannot read the small "
                f"`{subscript.group(2)}`: put the number itself in its place.")
    times = _X_FOR_TIMES.search(code)
    if times:
        left, right = times.group(1), times.group(2)
        example = f": write `{left} * {right}`, not `{times.group(0)}`" if "(" not in right and ")" not in left else ""
        return f"Python multiplies with `*`, not with `x`{example or ': type `*` where you typed `x`'}."
    spaced = _SPACED_NUMBER.search(line)
    if spaced:
        number = spaced.group(1)
        return (f"Python does not read a space inside a number: write `{number.replace(' ', '')}` "
                f"(or `{number.replace(' ', '_')}`), not `{number}`.")
    worded = _NUMBER_AND_WORD.search(code)
    if worded and worded.group(2) not in ("and", "or", "if", "else", "in", "is", "not", "for"):
        number, shown = re.sub(r"^-\s+", "-", worded.group(1)), worded.group(0)
        if number.startswith("-") and code[:worded.start()].rstrip()[-1:] not in ("", "=", "(", ",", "[", "*", "/", "+"):
            # `8.2 - 7.5%`: the minus is a subtraction, not the number's sign
            number, shown = number.lstrip("-"), re.sub(r"^-\s*", "", shown)
        alone = (f"Give the number alone, without a unit or a word after it: `{number}`, "
                 f"not `{shown}`")
        if worded.group(2) == "%":
            # `p1 = 27.4%` in an odds formula: "write 27.4" alone sent a round-6 trial on to 1 - 27.4 (02)
            proportion = f"{round(float(number.replace(',', '.')) / 100, 10):g}"
            return (f"Python does not read `%` as percent. Where a percentage (or percentage points) is asked for: "
                    f"{alone[0].lower()}{alone[1:]}. "
                    f"Where a formula needs a proportion p between 0 and 1 (as in p / (1 - p)), divide the percent "
                    f"by 100: `{proportion}`.")
        return alone + "."
    return _paper_arithmetic_hint(code)


_TEXT_ARITHMETIC = re.compile(r"unsupported operand type\(s\) for [-/]: '(str|float|int)' and '(str|float|int)'")


# `sum(7, 4, 9, 1, 10)` as in a spreadsheet (round-9 trial of 00): Python's sum and len take one list
_MANY_ARGUMENTS = re.compile(r"\b(sum|len)\(\) takes (?:at most|exactly) (?:\d+|one) arguments? \(\d+ given\)")


def _caret_hint(message: str) -> str | None:
    many = _MANY_ARGUMENTS.search(message)
    if many:
        function = many.group(1)
        return (f"`{function}(...)` takes the numbers as ONE list, in square brackets: `{function}([2, 5, 3])`, "
                f"not `{function}(2, 5, 3)`." + (" Or add the numbers with `+`." if function == "sum" else ""))
    if "'Index' object is not callable" in message:
        # `p_ten.sort_values().index("sitting")` (round-10 trial of 07): a table's index is its row labels
        return ("`.index` of a pandas table is its row labels, not a function to call. To find a label's place, "
                "turn the labels into a list first: `list(table.index).index(label)` (which counts from 0).")
    # numpy numbers (a value taken from a table) word it as a ufunc (round-10 trial of 07)
    if "unsupported operand type(s) for ^" in message or "ufunc 'bitwise_xor' not supported" in message:
        return "In Python `^` is not a power: write a power with `**`, so `x ** 2` is x squared."
    if _UNBRACKETED.search(message):
        return ("Python applies `&` and `|` before `<=` or `>=`, so without brackets it tried to combine a number "
                "with a column. " + _COMBINE[0].upper() + _COMBINE[1:])
    text = _TEXT_ARITHMETIC.search(message)
    # a number divided by text taken from a pandas table fails inside numpy, with its own wording
    numpy_text = re.search(r"ufunc '(divide|subtract)' not supported for the input types", message)
    if (text and "str" in text.groups()) or numpy_text:
        # a table cell picked by position (iloc[row, 5]) can hold a label, not the number shown in that place
        return ("A value you divided or subtracted is text (a word or label from a table), not a number. If you "
                "picked a table cell by its position, pick the column by its name instead, e.g. "
                '`table.loc[row, "column name"]`: positions count every column stored, not only those shown.')
    return None


# `p1 = 0,274` is the pair (0, 274), so `1 - p1` fails (round-8 fresh trial of 02): a digit, a comma, a digit
_DECIMAL_COMMA_IN_CELL = re.compile(r"(?<![\w.])(\d+),(\d+)(?![\w.])")


def _tuple_hint(message: str, cell: str) -> str | None:
    """Arithmetic on a pair made by a decimal comma (``p1 = 0,274`` then ``1 - p1``): name the comma.

    Also ``check("08.mde-71", 0,365)``: the comma makes a third argument of check (round-10 trial of 08).
    """
    extra_argument = "check() takes 2 positional arguments" in message
    if "'tuple'" not in message and not extra_argument:
        return None
    code = "\n".join(line.split("#", 1)[0] for line in cell.splitlines())
    comma = _DECIMAL_COMMA_IN_CELL.search(code)
    if not comma:
        return ("`check(...)` takes two things: the exercise id and your answer. Put your answer in the variable "
                "of the line above and leave the `check` line as it was.") if extra_argument else None
    if extra_argument:
        return (f"`{comma.group(0)}` looks like a decimal comma: inside `check(...)` Python reads it as two numbers, "
                f"so `check` got three things, and it takes only two: the exercise id and your answer. Write "
                f"decimals with a point: `{comma.group(1)}.{comma.group(2)}`.")
    return (f"`{comma.group(0)}` looks like a decimal comma: Python reads it as two numbers (a pair, which Python calls "
            f"a tuple), and cannot do arithmetic with a pair. Write decimals with a point: `{comma.group(1)}.{comma.group(2)}`"
            " (and the same for any other decimal comma in the cell).")


_LIST_ATTRIBUTE = re.compile(r"'(tuple|list)' object has no attribute '(\w+)'")


def _attribute_error_hint(message: str) -> str | None:
    """``scores.mean()`` on a plain list of numbers (round-5 fresh trial of 00): a table's method on a list."""
    found = _LIST_ATTRIBUTE.search(message)
    if not found or found.group(2).lower() not in _SPREADSHEET_FUNCTIONS | {"sum", "count", "max", "min"}:
        return None
    kind, method = found.groups()
    how = ("`sum(...) / len(...)` gives a mean" if method.lower() in _MEAN_LIKE
           else "Python's own `sum(...)`, `len(...)`, `min(...)` and `max(...)` work on it")
    return (f"These numbers are a plain list (Python calls it a {kind}), and a plain list has no `.{method}()`: "
            f"that belongs to tables. Here {how}; or type the calculation with the numbers themselves.")


# `and`/`or`/`not`, or a chained `a <= 2 <= b`, on table columns: Python asks one True/False of a whole column
_AMBIGUOUS = re.compile(r"The truth value of an? (Series|DataFrame|array with more than one element) is ambiguous")
# `col <= 2 & other >= 2` without brackets: `&`/`|` bind first, so Python computes `2 & other`
_UNBRACKETED = re.compile(r"Cannot perform '(r?and_|r?or_)' with a dtyped|ufunc 'bitwise_(and|or)' not supported")
_COMBINE = ("combine column conditions with `&` (and) or `|` (or), each comparison in its own brackets: "
            "`(table[\"a\"] <= 2) & (table[\"b\"] >= 2)`.")


def _value_error_hint(message: str) -> str | None:
    if message == "math domain error":
        return ("A `math` function got a number outside its range: the square root (or log) of a negative "
                "number, or the log of 0. Check the value you passed, and its sign.")
    if _AMBIGUOUS.search(message):
        return ("A comparison of a column gives one True or False per row, but `and`, `or`, `not` and a chained "
                "comparison such as `a <= 2 <= b` need a single True or False. For a condition on every row, "
                + _COMBINE)
    return None


def register_error_hints(shell: Any | None = None) -> None:
    """Show a plain-language line under the errors above in the running IPython (no-op outside it).

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell, optional
        The shell to register with; the running one by default.
    """
    from lbpkit.exercises.solutions import running_shell

    shell = running_shell(shell, needs="set_custom_exc")
    if shell is None:
        return

    def explain(ip: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> None:
        if issubclass(etype, SyntaxError):
            ip.showsyntaxerror()
            hint = syntax_error_hint(value.text or "")
        else:
            ip.showtraceback((etype, value, tb), tb_offset=tb_offset)
            match = _NAME.search(str(value)) if issubclass(etype, NameError) else None
            cell = ip.user_ns["_ih"][-1] if ip.user_ns.get("_ih") else ""
            if match:
                hint = name_error_hint(match.group(1), cell)
            elif issubclass(etype, ValueError):
                hint = _value_error_hint(str(value))
            elif issubclass(etype, AttributeError):
                hint = _attribute_error_hint(str(value))
            else:
                hint = _tuple_hint(str(value), cell) if issubclass(etype, TypeError) else None
                hint = hint or _caret_hint(str(value))
        if hint:
            from IPython.display import Markdown, display

            display(Markdown("**What this means:** " + hint))

    shell.set_custom_exc((NameError, SyntaxError, TypeError, ValueError, AttributeError), explain)

