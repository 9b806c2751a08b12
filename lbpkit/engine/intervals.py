"""Interval helpers for lbpkit.windows: times as floats, per-person range look-ups, the
``shares_hours`` flag."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import is_datetime64_any_dtype

__all__ = ["float_times", "shares_hours_within_stratum", "range_index", "contains_other_event"]


def float_times(values: np.ndarray, origin, unit: str | None) -> np.ndarray:
    """Times as floats in ``unit`` from ``origin`` (datetimes) or as given (numbers)."""
    if unit is None:
        return np.asarray(values, dtype=float)
    delta = (np.asarray(values, dtype="datetime64[ns]") - origin).astype("int64")
    return delta / pd.Timedelta(1, unit).value


def shares_hours_within_stratum(w: pd.DataFrame) -> np.ndarray:
    """True for each window that shares time with another window of the same stratum."""
    order = np.lexsort((w["start"].to_numpy(), w["stratum"].to_numpy()))
    s = w.iloc[order]
    prev_max_end = s.groupby("stratum")["end"].cummax().groupby(s["stratum"]).shift(1)
    next_start = s.groupby("stratum")["start"].shift(-1)
    hit = (s["start"] < prev_max_end).fillna(False) | (next_start < s["end"]).fillna(False)
    out = np.empty(len(w), dtype=bool)
    out[order] = hit.to_numpy(dtype=bool)
    return out


def range_index(w_ids, w_start, w_end, r_ids, r_times):
    """Positions [lo, hi) of the sorted record points that fall in each window, per person."""
    codes, _ = pd.factorize(pd.concat([pd.Series(r_ids), pd.Series(w_ids)], ignore_index=True))
    rc = codes[: len(r_ids)].astype(float)
    wc = codes[len(r_ids) :].astype(float)
    lo_t = min(r_times.min(initial=np.inf), w_start.min(initial=np.inf))
    hi_t = max(r_times.max(initial=-np.inf), w_end.max(initial=-np.inf))
    span = (hi_t - lo_t) + 1.0
    rk = rc * span + (r_times - lo_t)
    order = np.argsort(rk, kind="stable")
    rk = rk[order]
    lo = np.searchsorted(rk, wc * span + (w_start - lo_t), side="left")
    hi = np.searchsorted(rk, wc * span + (w_end - lo_t), side="left")
    return order, lo, hi


def contains_other_event(w: pd.DataFrame, ev_id, onsets) -> np.ndarray:
    unit = "h" if is_datetime64_any_dtype(w["start"].dtype) else None
    origin = np.datetime64(pd.Timestamp(w["start"].min())) if unit else None
    ts = float_times(w["start"].to_numpy(), origin, unit)
    te = float_times(w["end"].to_numpy(), origin, unit)
    to = float_times(onsets, origin, unit)
    own = float_times(w["onset"].to_numpy(), origin, unit)
    _, lo, hi = range_index(w["id"].to_numpy(), ts, te, ev_id, to)
    count = hi - lo - ((ts <= own) & (own < te)).astype(int)
    return count > 0
