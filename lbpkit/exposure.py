"""How much of each exposure falls in each hazard and referent window, read from an exposure record.

For learners of Part II who have windows (:func:`lbpkit.make_windows`) and an hourly or daily
record of exposure: :func:`window_exposure` sums (or flags) the exposure inside each window,
whatever the units of time. Re-exported by :mod:`lbpkit.windows`, which builds the windows.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas.api.types import is_datetime64_any_dtype, is_numeric_dtype

from lbpkit.engine.checks import as_name_list, require_columns
from lbpkit.engine.intervals import float_times, range_index

__all__ = ["window_exposure"]


def window_exposure(
    windows: pd.DataFrame,
    record: pd.DataFrame,
    *,
    exposures: str | Sequence[str],
    how: str = "mean",
    id_col: str = "id",
    time_col: str = "time",
    resolution: float | None = None,
) -> pd.DataFrame:
    """Summarise an exposure record (diary or time series) over each window.

    Parameters
    ----------
    windows : DataFrame
        Output of :func:`make_windows`.
    record : DataFrame
        One row per person and time point (e.g. one row per diary hour, stamped with the start
        of the hour), with exposure columns. Missing values count as not recorded.
    exposures : str or list of str
        Exposure columns of ``record`` to summarise.
    how : {"mean", "sum", "max", "any"}, default "mean"
        Summary over the record points inside ``[start, end)``; ``"any"`` gives 1 if any point
        is positive.
    id_col, time_col : str
        Person and time columns of ``record`` (times of the same kind as the windows').
    resolution : float, optional
        Spacing of the record (in the windows' unit); by default the smallest gap between
        consecutive points of a person.

    Returns
    -------
    DataFrame
        ``windows`` with one column per exposure, ``n_records`` (points with data inside the
        window) and ``out_of_record`` (the window is not fully inside the person's record, or
        holds no data; its summary is then NaN when empty).

    Examples
    --------
    >>> import pandas as pd
    >>> rec = pd.DataFrame({"id": 1, "time": range(100), "lifting": [0, 1] * 50})
    >>> from lbpkit.windows import make_windows
    >>> w = make_windows(pd.DataFrame({"id": [1], "time": [60]}), scheme="fixed",
    ...                  hazard=(0, 2), referents=[(24, 26), (70, 72)])
    >>> window_exposure(w, rec, exposures="lifting", how="sum")[["role", "lifting", "out_of_record"]]
           role  lifting  out_of_record
    0    hazard      1.0          False
    1  referent      1.0          False
    2  referent      NaN           True
    """
    exposures = as_name_list(exposures, "exposures")
    if how not in ("mean", "sum", "max", "any"):
        raise ValueError(f"`how` must be 'mean', 'sum', 'max' or 'any', got {how!r}.")
    require_columns(windows, {"windows": ["id", "start", "end"]})
    require_columns(record, {"id_col": [id_col], "time_col": [time_col], "exposures": exposures})
    w_dt = is_datetime64_any_dtype(windows["start"].dtype)
    r_dt = is_datetime64_any_dtype(record[time_col].dtype)
    if w_dt != r_dt:
        raise TypeError(
            f"The windows' times are {'datetimes' if w_dt else 'numbers'} but the record's {time_col!r} "
            f"holds {'datetimes' if r_dt else 'numbers'}; use the same kind for both."
        )
    for name in exposures:
        if not (is_numeric_dtype(record[name].dtype)):
            raise TypeError(f"The exposure column {name!r} is not numeric (dtype {record[name].dtype}); code it as numbers.")
    unit = windows.attrs.get("unit") or "h" if w_dt else None
    origin = np.datetime64(pd.Timestamp(min(windows["start"].min(), record[time_col].min()))) if w_dt else None
    ts = float_times(windows["start"].to_numpy(), origin, unit)
    te = float_times(windows["end"].to_numpy(), origin, unit)
    rt = float_times(record[time_col].to_numpy(), origin, unit)
    r_ids = record[id_col].to_numpy()
    order, lo, hi = range_index(windows["id"].to_numpy(), ts, te, r_ids, rt)

    rt_sorted, rid_sorted = rt[order], r_ids[order]
    first = pd.Series(rt_sorted).groupby(rid_sorted).min()
    last = pd.Series(rt_sorted).groupby(rid_sorted).max()
    if resolution is None:
        gaps = pd.Series(rt_sorted).groupby(rid_sorted).diff()
        gaps = gaps[gaps > 0]
        resolution = float(gaps.min()) if len(gaps) else 0.0
    w_ids = windows["id"]
    rec_start = w_ids.map(first).to_numpy(dtype=float, na_value=np.nan)
    rec_end = w_ids.map(last).to_numpy(dtype=float, na_value=np.nan) + resolution

    out = windows.copy()
    any_data = np.zeros(len(out), dtype=int)
    for name in exposures:
        v = record[name].to_numpy(dtype=float, na_value=np.nan)[order]
        ok = ~np.isnan(v)
        csum = np.r_[0.0, np.cumsum(np.where(ok, v, 0.0))]
        ccount = np.r_[0, np.cumsum(ok)]
        n = ccount[hi] - ccount[lo]
        total = csum[hi] - csum[lo]
        if how in ("max", "any"):
            padded = np.r_[v, np.nan]
            idx = np.ravel(np.column_stack([lo, hi]))
            idx = np.minimum(idx, v.size)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                mx = np.fmax.reduceat(padded, idx)[::2] if idx.size else np.zeros(0)
            value = mx if how == "max" else (mx > 0).astype(float)
        elif how == "sum":
            value = total
        else:
            with np.errstate(invalid="ignore", divide="ignore"):
                value = total / n
        out[name] = np.where(n > 0, value, np.nan)
        any_data = np.maximum(any_data, n)
    out["n_records"] = any_data
    inside = (ts >= rec_start) & (te <= rec_end)
    out["out_of_record"] = ~inside | (any_data == 0)
    return out
