"""Input checks shared by the estimators: each problem gets a message that names the column and
says what to do. Nothing is dropped silently: what is dropped is warned about and counted."""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from lbpkit._clogit import SeparationError

__all__ = ["CheckedData", "check_clogit_input", "as_name_list", "require_columns", "SeparationError"]


@dataclass
class CheckedData:
    y: np.ndarray
    X: np.ndarray
    strata: np.ndarray  # integer codes
    exposures: list[str]
    n_rows_missing: int
    n_strata_dropped: int
    n_rows_dropped: int


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
            if name not in data.columns:
                close = difflib.get_close_matches(str(name), [str(c) for c in data.columns], n=3)
                hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
                problems.append(f"{argument}={name!r}{hint}")
    if problems:
        raise ValueError(
            "Column(s) not found in the data: " + "; ".join(problems)
            + f". The data have columns {list(data.columns)}."
        )


def _outcome_array(values: pd.Series, name: str) -> np.ndarray:
    if is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=np.int8)
    found = pd.unique(values)
    if not is_numeric_dtype(values.dtype) or not set(np.asarray(found, dtype=object)) <= {0, 1}:
        shown = ", ".join(repr(v) for v in list(found)[:6])
        raise ValueError(
            f"The outcome column {name!r} must be coded 0/1 (1 = case window / event, 0 = referent), "
            f"but it contains {shown}. Recode it, e.g. `data[{name!r}] = (data[{name!r}] == 'case').astype(int)`."
        )
    return values.to_numpy(dtype=np.int8)


def _exposure_matrix(data: pd.DataFrame, exposures: list[str]) -> np.ndarray:
    for name in exposures:
        dtype = data[name].dtype
        if not (is_numeric_dtype(dtype) or is_bool_dtype(dtype)):
            raise TypeError(
                f"The exposure column {name!r} is not numeric (dtype {dtype}). Conditional logistic "
                "regression needs numbers: code a yes/no exposure as 0/1, or turn a categorical one "
                f"into indicator columns with `pd.get_dummies(data[{name!r}], drop_first=True, dtype=float)`."
            )
    X = np.column_stack([data[name].to_numpy(dtype=float, na_value=np.nan) for name in exposures])
    bad = ~np.isfinite(X) & ~np.isnan(X)
    if bad.any():
        cols = [exposures[j] for j in np.flatnonzero(bad.any(axis=0))]
        raise ValueError(f"Exposure column(s) {cols} contain infinite values; replace or remove them.")
    return X


def check_clogit_input(
    data: pd.DataFrame,
    outcome: str,
    exposures: str | Sequence[str],
    strata: str,
    *,
    missing: str = "raise",
    check_separation: bool = True,
) -> CheckedData:
    """Validate a case-crossover data frame and return plain arrays ready for fitting."""
    exposures = as_name_list(exposures, "exposures")
    for argument, name in (("outcome", outcome), ("strata", strata)):
        if not isinstance(name, str):
            raise TypeError(f"`{argument}` must be one column name (a string), got {name!r}.")
    require_columns(data, {"outcome": [outcome], "exposures": exposures, "strata": [strata]})
    clash = {outcome, strata} & set(exposures)
    if clash or outcome == strata:
        raise ValueError(
            f"`outcome`, `strata` and `exposures` must be different columns; {sorted(clash or {outcome})} "
            "is used twice."
        )
    if missing not in ("raise", "drop"):
        raise ValueError(f"`missing` must be 'raise' or 'drop', got {missing!r}.")

    columns = [outcome, strata, *exposures]
    na = data[columns].isna()
    n_rows_missing = int(na.any(axis=1).sum())
    if n_rows_missing:
        counts = {c: int(v) for c, v in na.sum().items() if v}
        if missing == "raise":
            raise ValueError(
                f"{n_rows_missing} row(s) have missing values ({counts} missing per column). Decide "
                "what they mean first; to analyse complete rows only, pass `missing='drop'` (a warning "
                f"reports what is dropped) or use `data.dropna(subset={columns})`."
            )
        warnings.warn(
            f"Dropped {n_rows_missing} row(s) with missing values ({counts} missing per column).",
            UserWarning,
            stacklevel=3,
        )
        data = data.loc[~na.any(axis=1)]

    y = _outcome_array(data[outcome], outcome)
    X = _exposure_matrix(data, exposures)
    codes, _ = pd.factorize(data[strata], sort=True)

    n = np.bincount(codes)
    d = np.bincount(codes, weights=y, minlength=n.size)
    informative = (d > 0) & (d < n)
    n_no_event = int((d == 0).sum())
    n_all_event = int(((d == n) & (n > 0)).sum()) if (d == n).any() else 0
    n_strata_dropped = int((~informative).sum())
    n_rows_dropped = int((~informative[codes]).sum())
    if not informative.any():
        raise ValueError(
            f"No stratum of {strata!r} has both a case window (outcome 1) and a referent window "
            f"(outcome 0) — {n_no_event} have no event, {n_all_event} have only events. Each stratum "
            "(one person or one event) needs its case window and its referent windows."
        )
    if n_strata_dropped:
        warnings.warn(
            f"Dropped {n_strata_dropped} of {n.size} strata ({n_rows_dropped} rows) that cannot "
            f"inform a conditional analysis: {n_no_event} without any event (outcome 1) and "
            f"{n_all_event} with events only (no referent). They are counted in "
            "attrs['n_strata_dropped'].",
            UserWarning,
            stacklevel=3,
        )
        keep = informative[codes]
        y, X, codes = y[keep], X[keep], np.cumsum(informative)[codes[keep]] - 1

    _check_variation(y, X, codes, exposures, strata, check_separation)
    return CheckedData(
        y=y,
        X=X,
        strata=codes,
        exposures=exposures,
        n_rows_missing=n_rows_missing if missing == "drop" else 0,
        n_strata_dropped=n_strata_dropped,
        n_rows_dropped=n_rows_dropped,
    )


def _check_variation(y, X, codes, exposures, strata, check_separation) -> None:
    order = np.argsort(codes, kind="stable")
    y, X, codes = y[order], X[order], codes[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    n_strata = starts.size
    for j, name in enumerate(exposures):
        x = X[:, j]
        if np.all(x == x[0]):
            raise ValueError(
                f"The exposure column {name!r} is constant ({x[0]:g} in every row): it looks like an "
                "intercept. Conditional models have no intercept — each stratum's own baseline is "
                f"conditioned away — so remove {name!r} from `exposures`."
            )
        lo = np.minimum.reduceat(x, starts)
        hi = np.maximum.reduceat(x, starts)
        varies = hi > lo
        if not varies.any():
            raise ValueError(
                f"The exposure {name!r} never varies within any stratum of {strata!r}: a case-crossover "
                "analysis compares each case window with its own referents, so an exposure that is the "
                "same in all windows of a stratum (e.g. a fixed personal trait) has no estimate. Remove "
                f"it from `exposures`, or check that {strata!r} really identifies the matched sets."
            )
        if not check_separation:
            continue
        big = np.finfo(float).max
        case_min = np.minimum.reduceat(np.where(y == 1, x, big), starts)
        case_max = np.maximum.reduceat(np.where(y == 1, x, -big), starts)
        ref_min = np.minimum.reduceat(np.where(y == 0, x, big), starts)
        ref_max = np.maximum.reduceat(np.where(y == 0, x, -big), starts)
        for direction, separated in (
            ("more", np.all(case_min[varies] >= ref_max[varies])),
            ("less", np.all(case_max[varies] <= ref_min[varies])),
        ):
            if separated:
                relation = (
                    "at least as much exposure as all its referent windows" if direction == "more"
                    else "no more exposure than any of its referent windows"
                )
                raise SeparationError(
                    f"Perfect separation in {name!r}: in every one of the {int(varies.sum())} strata "
                    f"where {name!r} varies, every case window had {relation} "
                    f"({n_strata - int(varies.sum())} other strata do not vary). The conditional "
                    "likelihood keeps rising as the odds ratio goes to "
                    f"{'infinity' if direction == 'more' else 'zero'}, so there is no finite estimate. "
                    "Report the discordant counts (see lbpkit.pair_odds_ratio), collect more strata, "
                    "or combine exposure categories."
                )
    Xc = X - (np.add.reduceat(X, starts, axis=0) / np.diff(np.r_[starts, codes.size])[:, None])[codes]
    if X.shape[1] > 1 and np.linalg.matrix_rank(Xc) < X.shape[1]:
        raise ValueError(
            f"The exposures {exposures} are collinear within strata (one is a linear combination of "
            "the others once each stratum's mean is removed), so their effects cannot be separated. "
            "Drop one of them, e.g. one indicator of a set of indicator columns."
        )
