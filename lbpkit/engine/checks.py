"""Input checks shared by every estimator: the columns of a data frame and what they hold.

For maintainers, and for learners who meet one of its messages. :func:`lbpkit.conditional_logit`,
:func:`lbpkit.conditional_poisson` and the daily helpers (:func:`lbpkit.case_day_sets`) all
check their data here, with the same rules and the same words: a problem gets a message that
names the column and says what to do. Nothing is dropped silently: what is dropped is warned
about and counted. The checks that need the strata (weights, clusters, variation within strata,
separation) are in :mod:`lbpkit.engine.design_checks`.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_complex_dtype, is_numeric_dtype

__all__ = [
    "as_name_list",
    "require_columns",
    "check_alpha",
    "check_frame",
    "outcome_array",
    "count_array",
    "exposure_matrix",
    "weight_values",
]

# How each role's missing value is described, and what to do about it.
_MISSING_WORDS = {
    "outcome": "a missing outcome in {name!r}",
    "count": "a missing count in {name!r} (a missing count is not a zero: fill it in where it is known)",
    "exposures": "a missing exposure in {name!r}",
    "strata": "a missing stratum in {name!r}",
    "weights": "a missing weight in {name!r} (a missing weight is not a zero)",
    "cluster": "a missing cluster in {name!r}",
    "date": "a missing date in {name!r}",
}


def as_name_list(names: str | Sequence[str], argument: str) -> list[str]:
    if isinstance(names, str):
        return [names]
    try:
        names = list(names)
    except TypeError:
        raise TypeError(f"`{argument}` must be a column name or a list of column names, got {names!r}.") from None
    if not names:
        raise ValueError(f"`{argument}` is empty: give at least one column name.")
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"`{argument}` lists {dup} more than once; give each column once.")
    return names


def require_columns(data: pd.DataFrame, columns: dict[str, list[str]]) -> None:
    """Raise a ValueError naming every missing column and the closest existing names."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"`data` must be a pandas DataFrame, got {type(data).__name__}.")
    problems = []
    for argument, names in columns.items():
        for name in names:
            copies = int((data.columns == name).sum()) if name in data.columns else 0
            if copies > 1:
                raise ValueError(
                    f"The data have {copies} columns named {name!r} (used as `{argument}`), so it is "
                    "not clear which one to use. Rename the duplicates, or keep the first with "
                    "`data = data.loc[:, ~data.columns.duplicated()]`."
                )
            if name not in data.columns:
                close = difflib.get_close_matches(str(name), [str(c) for c in data.columns], n=3)
                hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
                problems.append(f"{argument}={name!r}{hint}")
    if problems:
        raise ValueError(
            "Column(s) not found in the data: " + "; ".join(problems)
            + f". The data have columns {list(data.columns)}."
        )


def check_alpha(alpha: float) -> float:
    if isinstance(alpha, bool) or not (isinstance(alpha, (int, float, np.integer, np.floating)) and 0 < alpha < 1):
        raise ValueError(f"`alpha` must be a number between 0 and 1 (e.g. 0.05 for 95% CIs), got {alpha!r}.")
    return float(alpha)


def check_frame(
    data: pd.DataFrame,
    *,
    outcome: str,
    exposures: str | Sequence[str],
    strata: str,
    missing: str = "raise",
    counts: bool = False,
    stacklevel: int = 3,
    **others: str | None,
) -> tuple[pd.DataFrame, list[str], int]:
    """The shared column checks: a DataFrame, each argument a column that exists once, different
    columns for different roles, and missing values refused (or, with ``missing="drop"``,
    dropped with a warning). ``others`` are further single columns (``weights``, ``cluster``,
    ``date``; None = not used). ``counts=True`` describes the outcome as a count.

    Returns the rows kept, the exposures as a list and the number of rows dropped.
    """
    exposures = as_name_list(exposures, "exposures")
    singles = {"outcome": outcome, "strata": strata, **others}
    for argument, name in singles.items():
        if not isinstance(name, str) and not (argument in others and name is None):
            raise TypeError(f"`{argument}` must be one column name (a string), got {name!r}.")
    roles = {"outcome": [outcome], "exposures": exposures, "strata": [strata],
             **{k: [v] for k, v in others.items() if v is not None}}
    require_columns(data, roles)
    used = [name for names in roles.values() for name in names]
    core = [outcome, strata, *exposures]  # a cluster may be the stratum itself (one person, one stratum)
    if len(set(core)) != len(core):
        twice = sorted({n for n in core if core.count(n) > 1})
        raise ValueError(f"`outcome`, `strata` and `exposures` must be different columns; {twice} is used twice.")
    if missing not in ("raise", "drop"):
        raise ValueError(f"`missing` must be 'raise' or 'drop', got {missing!r}.")
    if counts:  # a count stored as text or True/False is a type problem, not a missing value
        _check_count_dtype(data[outcome], outcome)
    columns = list(dict.fromkeys(used))
    na = data[columns].isna()
    n_missing = int(na.any(axis=1).sum())
    if not n_missing:
        return data, exposures, 0
    per_column = {c: int(v) for c, v in na.sum().items() if v}
    role_of = {name: ("count" if role == "outcome" and counts else role) for role, names in roles.items() for name in names}
    what = "; ".join(_MISSING_WORDS[role_of[c]].format(name=c) for c in per_column)
    if missing == "raise":
        raise ValueError(
            f"{n_missing} row(s) have missing values ({per_column} missing per column): {what}. Decide what "
            "they mean first; to analyse complete rows only, pass `missing='drop'` (a warning reports what "
            f"is dropped) or use `data.dropna(subset={columns})`."
        )
    warnings.warn(f"Dropped {n_missing} row(s) with missing values ({per_column} missing per column): {what}.",
                  UserWarning, stacklevel=stacklevel)
    return data.loc[~na.any(axis=1)], exposures, n_missing


_EVENT_WORDS = {"1", "case", "cases", "event", "yes", "y", "true", "t", "hazard", "exposed"}


def _plain(values) -> list:
    """Python scalars (1, not np.int64(1)), sorted when they can be, for messages."""
    out = [v.item() if isinstance(v, np.generic) else v for v in values]
    try:
        return sorted(out)
    except TypeError:
        return out


def _event_guess(found: list):
    """The value most likely to mark the case windows, for a recode suggestion."""
    words = [v for v in found if isinstance(v, str) and v.strip().lower() in _EVENT_WORDS]
    if words:
        return words[0]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in found):
        return max(found)
    return found[-1]


def outcome_array(values: pd.Series, name: str) -> np.ndarray:
    if is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=np.int8)
    if is_complex_dtype(values.dtype):
        raise TypeError(f"The outcome column {name!r} holds complex numbers; it must be coded 0/1.")
    found = _plain(pd.unique(values))
    is_number = all(isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, complex)) for v in found)
    if is_number and set(found) <= {0, 1}:
        return values.to_numpy(dtype=np.int8)
    shown = found[:8]
    more = f" (and {len(found) - 8} more)" if len(found) > 8 else ""
    if len(found) == 2:
        event = _event_guess(found)
        hint = (f"If {event!r} marks the case windows, recode with "
                f"`data[{name!r}] = (data[{name!r}] == {event!r}).astype(int)`.")
    else:
        hint = (f"Recode it with `data[{name!r}] = (data[{name!r}] == CASE).astype(int)`, where CASE is "
                "the value that marks the case windows.")
    raise ValueError(
        f"The outcome column {name!r} must be coded 0/1 (1 = case window / event, 0 = referent), "
        f"but its values are {shown}{more}. {hint}"
    )


def _check_count_dtype(values: pd.Series, name: str) -> None:
    if is_bool_dtype(values.dtype) or not is_numeric_dtype(values.dtype) or is_complex_dtype(values.dtype):
        kind = "True/False values" if is_bool_dtype(values.dtype) else f"values of dtype {values.dtype}"
        raise TypeError(
            f"The count column {name!r} must hold counts (whole numbers >= 0, e.g. deaths per day), but it "
            f"holds {kind}. Convert it to numbers first, e.g. `data[{name!r}] = pd.to_numeric(data[{name!r}])` "
            "for numbers stored as text."
        )


def count_array(values: pd.Series, name: str) -> np.ndarray:
    """Counts of events (whole numbers >= 0) from a numeric column; bool and text are refused."""
    _check_count_dtype(values, name)
    y = values.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(y).any():
        raise ValueError(
            f"{int(np.isnan(y).sum())} count(s) in {name!r} are missing. A missing count is not a zero: fill "
            "it in where it is known, or pass `missing='drop'` to leave those days out."
        )
    bad = ~np.isfinite(y) | (y < 0) | (y != np.round(y))
    if bad.any():
        shown = ", ".join(f"{v:g}" for v in pd.unique(y[bad])[:5])
        raise ValueError(f"The count column {name!r} must hold counts (whole numbers >= 0), but it holds {shown}.")
    return y


def exposure_matrix(data: pd.DataFrame, exposures: list[str]) -> np.ndarray:
    """The exposure columns as a float matrix: real numbers (or bool), finite or missing."""
    for name in exposures:
        dtype = data[name].dtype
        if is_complex_dtype(dtype):
            raise TypeError(
                f"The exposure column {name!r} holds complex numbers (dtype {dtype}); exposures must be "
                f"real. If the imaginary parts are all zero, use `data[{name!r}] = np.real(data[{name!r}])`."
            )
        if not (is_numeric_dtype(dtype) or is_bool_dtype(dtype)):
            raise TypeError(
                f"The exposure column {name!r} is not numeric (dtype {dtype}). A conditional "
                "model needs numbers: code a yes/no exposure as 0/1, or turn a categorical one "
                f"into indicator columns with `pd.get_dummies(data[{name!r}], drop_first=True, dtype=float)`."
            )
    X = np.column_stack([data[name].to_numpy(dtype=float, na_value=np.nan) for name in exposures])
    bad = ~np.isfinite(X) & ~np.isnan(X)
    if bad.any():
        cols = [exposures[j] for j in np.flatnonzero(bad.any(axis=0))]
        raise ValueError(f"Exposure column(s) {cols} contain infinite values; replace or remove them.")
    return X


def weight_values(values: pd.Series, name: str) -> np.ndarray:
    dtype = values.dtype
    if is_bool_dtype(dtype) or is_complex_dtype(dtype) or not is_numeric_dtype(dtype):
        raise TypeError(
            f"The weights column {name!r} must hold real numbers (dtype {dtype}): the number of identical "
            "strata each stratum stands for, e.g. the deaths on a case day."
        )
    return values.to_numpy(dtype=float)
