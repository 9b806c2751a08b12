"""Input checks shared by the estimators: each problem gets a message that names the column and
says what to do. Nothing is dropped silently: what is dropped is warned about and counted."""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_complex_dtype, is_numeric_dtype

from lbpkit.engine.clogit import SeparationError, column_rms

__all__ = [
    "CheckedData",
    "check_clogit_input",
    "check_stratum_weights",
    "check_cluster_nesting",
    "check_exposure_scale",
    "as_name_list",
    "require_columns",
    "SeparationError",
]


@dataclass
class CheckedData:
    y: np.ndarray
    X: np.ndarray
    strata: np.ndarray  # integer codes
    exposures: list[str]
    n_rows_missing: int
    n_strata_dropped: int
    n_rows_dropped: int
    weights: np.ndarray | None = None  # per row, constant within stratum, > 0
    cluster: np.ndarray | None = None  # integer codes per row, constant within stratum
    n_strata_zero_weight: int = 0


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


def _outcome_array(values: pd.Series, name: str) -> np.ndarray:
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


def _exposure_matrix(data: pd.DataFrame, exposures: list[str]) -> np.ndarray:
    for name in exposures:
        dtype = data[name].dtype
        if is_complex_dtype(dtype):
            raise TypeError(
                f"The exposure column {name!r} holds complex numbers (dtype {dtype}); exposures must be "
                f"real. If the imaginary parts are all zero, use `data[{name!r}] = np.real(data[{name!r}])`."
            )
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
    weights: str | None = None,
    cluster: str | None = None,
) -> CheckedData:
    """Validate a case-crossover data frame and return plain arrays ready for fitting."""
    exposures = as_name_list(exposures, "exposures")
    for argument, name, optional in (("outcome", outcome, False), ("strata", strata, False),
                                     ("weights", weights, True), ("cluster", cluster, True)):
        if not isinstance(name, str) and not (optional and name is None):
            raise TypeError(f"`{argument}` must be one column name (a string), got {name!r}.")
    extra = {k: [v] for k, v in (("weights", weights), ("cluster", cluster)) if v is not None}
    require_columns(data, {"outcome": [outcome], "exposures": exposures, "strata": [strata], **extra})
    clash = {outcome, strata} & set(exposures)
    if clash or outcome == strata:
        raise ValueError(
            f"`outcome`, `strata` and `exposures` must be different columns; {sorted(clash or {outcome})} "
            "is used twice."
        )
    if missing not in ("raise", "drop"):
        raise ValueError(f"`missing` must be 'raise' or 'drop', got {missing!r}.")

    columns = list(dict.fromkeys([outcome, strata, *exposures, *(v[0] for v in extra.values())]))
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
    codes, labels = pd.factorize(data[strata], sort=True)
    w = None
    if weights is not None:
        w = check_stratum_weights(_weight_values(data[weights], weights), codes, labels=labels,
                                  weights_name=weights, strata_name=strata)
    cl = None if cluster is None else pd.factorize(data[cluster], sort=True)[0]

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
    keep_stratum = informative.copy()
    n_zero = 0
    if w is not None:
        w_stratum = np.zeros(n.size)
        w_stratum[codes] = w
        zero = informative & (w_stratum == 0)
        n_zero = int(zero.sum())
        if n_zero == int(informative.sum()):
            raise ValueError(f"Every informative stratum has weight 0 in {weights!r}: nothing is left to fit.")
        if n_zero:
            warnings.warn(
                f"Left out {n_zero} strata of weight 0 in {weights!r} (they add nothing to the likelihood); "
                "they are counted in attrs['n_strata_zero_weight'].",
                UserWarning,
                stacklevel=3,
            )
        keep_stratum &= ~zero
    if not keep_stratum.all():
        keep = keep_stratum[codes]
        y, X, codes = y[keep], X[keep], np.cumsum(keep_stratum)[codes[keep]] - 1
        w = None if w is None else w[keep]
        cl = None if cl is None else cl[keep]
        labels = labels[keep_stratum]
    if cl is not None:
        # On the strata that enter the fit: dropped strata could leave a single cluster.
        check_cluster_nesting(cl, codes, labels=labels, cluster_name=cluster, strata_name=strata)

    _check_variation(y, X, codes, exposures, strata, check_separation)
    return CheckedData(
        y=y,
        X=X,
        strata=codes,
        exposures=exposures,
        n_rows_missing=n_rows_missing if missing == "drop" else 0,
        n_strata_dropped=n_strata_dropped,
        n_rows_dropped=n_rows_dropped,
        weights=w,
        cluster=cl,
        n_strata_zero_weight=n_zero,
    )


def _weight_values(values: pd.Series, name: str) -> np.ndarray:
    dtype = values.dtype
    if is_bool_dtype(dtype) or is_complex_dtype(dtype) or not is_numeric_dtype(dtype):
        raise TypeError(
            f"The weights column {name!r} must hold real numbers (dtype {dtype}): the number of identical "
            "strata each stratum stands for, e.g. the deaths on a case day."
        )
    return values.to_numpy(dtype=float)


def check_stratum_weights(weights, codes: np.ndarray, *, labels=None, weights_name: str = "weights",
                          strata_name: str = "strata") -> np.ndarray:
    """Frequency weights: finite, non-negative and the same in every row of a stratum."""
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.shape[0] != codes.shape[0]:
        raise ValueError(f"`{weights_name}` must have one value per row ({codes.shape[0]}), got {w.shape[0]}.")
    if np.isnan(w).any():
        raise ValueError(
            f"{int(np.isnan(w).sum())} weight(s) in {weights_name!r} are missing. A missing weight is "
            "not a zero: fill in the weight of those strata (0 leaves a stratum out)."
        )
    if not np.isfinite(w).all():
        raise ValueError(f"Weights in {weights_name!r} must be finite; {int((~np.isfinite(w)).sum())} are infinite.")
    if (w < 0).any():
        raise ValueError(
            f"{int((w < 0).sum())} weight(s) in {weights_name!r} are negative (smallest {_plain([w.min()])[0]}). "
            "Frequency weights count how many identical strata a stratum stands for, so they must be >= 0."
        )
    lo = np.full(int(codes.max()) + 1 if codes.size else 0, np.inf)
    hi = np.full(lo.size, -np.inf)
    np.minimum.at(lo, codes, w)
    np.maximum.at(hi, codes, w)
    varies = np.flatnonzero(hi > lo)
    if varies.size:
        k = int(varies[0])
        label = _plain([labels[k]])[0] if labels is not None else k
        raise ValueError(
            f"The weights in {weights_name!r} vary within {varies.size} stratum(s) of {strata_name!r} (e.g. "
            f"stratum {label!r} has weights from {_plain([lo[k]])[0]} to {_plain([hi[k]])[0]}). They must be "
            "frequency weights of whole strata (a stratum of weight w counts as w identical strata), so every "
            "row of a stratum needs the same weight."
        )
    return w


def check_exposure_scale(within_sd: np.ndarray, exposures: list[str], *, frame: bool = True) -> None:
    """Variances of estimates per unit must be representable: refuse units beyond 1e±150."""
    extreme = [(name, sd) for name, sd in zip(exposures, within_sd) if sd > 0 and not 1e-150 < sd < 1e150]
    if extreme:
        name, sd = extreme[0]
        raise ValueError(
            f"The exposure {name!r} varies within strata on a scale of {sd:.1e} units: the variance of its "
            "log odds ratio per unit would fall outside the range of double precision. Rescale it "
            + (f"(e.g. `data[{name!r}] / data[{name!r}].std()`) " if frame else "")
            + "and rescale the estimate back."
        )


def check_cluster_nesting(cluster_codes: np.ndarray, codes: np.ndarray, *, labels=None,
                          cluster_name: str = "cluster", strata_name: str = "strata") -> None:
    """Each stratum must lie inside one cluster, and there must be at least two clusters."""
    cluster_codes = np.asarray(cluster_codes).reshape(-1)
    if cluster_codes.shape[0] != codes.shape[0]:
        raise ValueError(f"`{cluster_name}` must have one value per row ({codes.shape[0]}), got {cluster_codes.shape[0]}.")
    first = np.full(int(codes.max()) + 1 if codes.size else 0, -1, dtype=cluster_codes.dtype)
    first[codes] = cluster_codes
    spans = np.flatnonzero(np.bincount(codes, weights=first[codes] != cluster_codes, minlength=first.size) > 0)
    if spans.size:
        label = _plain([labels[int(spans[0])]])[0] if labels is not None else int(spans[0])
        raise ValueError(
            f"{spans.size} stratum(s) of {strata_name!r} span several values of {cluster_name!r} (e.g. stratum "
            f"{label!r}). Clustered standard errors need each stratum (matched set) inside one cluster, e.g. "
            "the strata are a person's events and the cluster is the person."
        )
    if np.unique(cluster_codes).size < 2:
        raise ValueError(
            f"The cluster column {cluster_name!r} has a single value: clustered standard errors need "
            "several clusters (and are unreliable with few, say fewer than 30)."
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
    # Unit-free: exposures whose scales differ by 10^14 are not collinear for that reason.
    rms = column_rms(Xc)
    check_exposure_scale(rms, exposures)
    if X.shape[1] > 1 and np.linalg.matrix_rank(Xc / np.where(rms > 0, rms, 1.0)) < X.shape[1]:
        raise ValueError(
            f"The exposures {exposures} are collinear within strata (one is a linear combination of "
            "the others once each stratum's mean is removed), so their effects cannot be separated. "
            "Drop one of them, e.g. one indicator of a set of indicator columns."
        )
