"""Precision of a numeric answer: significant digits or decimal places, and how to say it.

For instructors writing exercises (how precise an answer must be) and for :func:`lbpkit.check`.

Used by :mod:`lbpkit.exercises`: an exercise declares the precision its prompt asks for, and
an answer within half a unit of the last asked digit passes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Precision", "significant", "decimals", "number_forms"]

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven")


@dataclass(frozen=True)
class Precision:
    """The precision a prompt asks for: ``digits`` significant digits or decimal places.

    Examples
    --------
    >>> significant(3).phrase, decimals(1).phrase, decimals(0).phrase
    ('three significant digits', 'one decimal place', 'a whole number')
    >>> significant(2).rounded(1.4774), decimals(1).rounded(35.672)
    (1.5, 35.7)
    """

    digits: int
    kind: str = "significant"  # or "decimals"

    def __post_init__(self) -> None:
        if self.kind not in ("significant", "decimals"):
            raise ValueError(f"Precision kind must be 'significant' or 'decimals', not {self.kind!r}.")
        if not isinstance(self.digits, int) or self.digits < (1 if self.kind == "significant" else 0):
            raise ValueError(f"Precision digits must be a whole number (>= 1 significant, >= 0 decimals), not {self.digits!r}.")

    def unit(self, value: float) -> float:
        """The size of one unit in the last digit asked for, for an answer near ``value``."""
        if self.kind == "decimals":
            return 10.0 ** -self.digits
        if value == 0:
            return 0.0
        return 10.0 ** (math.floor(math.log10(abs(value))) - self.digits + 1)

    def rounded(self, value: float) -> float:
        """``value`` rounded to this precision."""
        if self.kind == "decimals":
            return round(value, self.digits)
        if value == 0:
            return 0.0
        return round(value, self.digits - 1 - math.floor(math.log10(abs(value))))

    def holds(self, value: float) -> bool:
        """True when ``value`` has no more digits than this precision asks for (6.3 for one decimal place).

        Examples
        --------
        >>> decimals(1).holds(6.3), decimals(1).holds(6.27), significant(3).holds(7.91)
        (True, False, True)
        """
        return math.isclose(self.rounded(value), value, rel_tol=0, abs_tol=1e-9 * max(1.0, abs(value)))

    def coarser(self) -> list[Precision]:
        """Every coarser precision of the same kind (fewer digits), down to one significant digit / whole numbers."""
        lowest = 1 if self.kind == "significant" else 0
        return [Precision(d, self.kind) for d in range(self.digits - 1, lowest - 1, -1)]

    @property
    def phrase(self) -> str:
        word = _NUMBER_WORDS[self.digits] if self.digits < len(_NUMBER_WORDS) else str(self.digits)
        if self.kind == "decimals":
            if self.digits == 0:
                return "a whole number"
            return f"{word} decimal place" + ("s" if self.digits > 1 else "")
        return f"{word} significant digit" + ("s" if self.digits > 1 else "")

    def phrases(self) -> tuple[str, ...]:
        """Ways a prompt may state this precision (lower case), for the prompt test."""
        if self.kind == "decimals" and self.digits == 0:
            return ("whole number", "nearest whole", "whole percent", "an integer")
        word = _NUMBER_WORDS[self.digits] if self.digits < len(_NUMBER_WORDS) else str(self.digits)
        if self.kind == "decimals":
            return tuple(f"{w} decimal" for w in (word, str(self.digits)))
        return tuple(f"{w} significant {unit}" for w in (word, str(self.digits)) for unit in ("digit", "figure"))


def significant(digits: int) -> Precision:
    """Precision of ``digits`` significant digits, e.g. ``Exercise(..., precision=significant(3))``."""
    return Precision(digits, "significant")


def decimals(places: int) -> Precision:
    """Precision of ``places`` decimal places; ``decimals(0)`` asks for a whole number."""
    return Precision(places, "decimals")


def number_forms(value: float) -> set[str]:
    """Ways a number may be written; forms of one or two characters are too common to guard."""
    forms = {f"{value:.{k}g}" for k in range(2, 7)} | {f"{value:.{d}f}" for d in range(0, 5)} | {f"{value:,.0f}"}
    return {form for form in forms if len(form.lstrip("-")) >= 3}
