"""Hazard and referent windows for case-crossover studies, under the referent schemes a learner
meets in the literature, with checks for windows that share hours, contain another onset or lie outside the record.

Windows are given as offsets *before* onset: ``hazard=(0, 2)`` is the window from 2 h before
onset up to onset; ``(24, 26)`` runs from 26 h to 24 h before onset. Negative offsets lie after
onset (used by the bidirectional scheme). A window covers ``[onset - end, onset - start)``.

Schemes
-------
``"fixed"``
    Referent windows listed explicitly, e.g. case 0–2 h, referents 24–26 h and 48–50 h before
    onset (Steffens et al. 2015).
``"unidirectional"``
    ``n_referents`` copies of the hazard window, ``lag``, ``2*lag``, ... earlier.
``"bidirectional"``
    Symmetric bidirectional: copies ``lag``, ``2*lag``, ... before *and* after the hazard window
    (Navidi 1998; Bateson & Schwartz 1999). The referent set depends on when the onset happened
    (and is cut at the record's edges), so conditional logistic regression is not an exact
    likelihood for it. That biases the estimate when the exposure is a series shared by everyone
    or follows a calendar pattern all share (*overlap bias*; Lumley & Levy 2000; Janes, Sheppard
    & Lumley 2005), not for a personal exposure with the same distribution at hazard and
    referent times (:func:`lbpkit.labs.referent_scheme_experiment`).
``"time_stratified"``
    Every other time with the same weekday and clock time in the same calendar month as onset
    (Janes, Sheppard & Lumley 2005); needs datetime times. The strata (weekday × month) partition
    time before any onset happens and every onset of a stratum gets the same referent times:
    the selection is *localizable*, so conditional logistic regression is exact and free of
    overlap bias, and a smooth trend is matched away within each month. Referents need not lie
    on both sides of the onset (an onset on the first Monday of a month has all its referents
    after it).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas.api.types import is_datetime64_any_dtype, is_numeric_dtype

from lbpkit.engine.checks import as_name_list, require_columns
from lbpkit.engine.intervals import contains_other_event, float_times, range_index, shares_hours_within_stratum

__all__ = ["SCHEMES", "make_windows", "window_exposure", "case_crossover_windows", "window_problems"]

SCHEMES = ("fixed", "unidirectional", "bidirectional", "time_stratified")
PROBLEM_COLUMNS = ("shares_hours", "other_event", "out_of_record")


def _offsets(scheme, hazard, referents, lag, n_referents) -> list[tuple[float, float]]:
    """Referent windows as (start, end) before onset, for the non-calendar schemes."""
    a, b = hazard
    if scheme == "fixed":
        if referents is None or len(referents) == 0:
            raise ValueError("scheme='fixed' needs `referents`, e.g. referents=[(24, 26), (48, 50)].")
        out = []
        for r in referents:
            if len(r) != 2 or not r[0] < r[1]:
                raise ValueError(f"Each referent window must be (start, end) with start < end, got {r!r}.")
            out.append((float(r[0]), float(r[1])))
        return out
    if lag is None or not lag > 0:
        raise ValueError(f"scheme={scheme!r} needs a positive `lag` (time between windows), got {lag!r}.")
    if not (isinstance(n_referents, (int, np.integer)) and n_referents >= 1):
        raise ValueError(f"`n_referents` must be a whole number >= 1, got {n_referents!r}.")
    ks = range(1, n_referents + 1)
    before = [(a + k * lag, b + k * lag) for k in ks]
    if scheme == "unidirectional":
        return before
    return [w for k in ks for w in ((a + k * lag, b + k * lag), (a - k * lag, b - k * lag))]


def make_windows(
    events: pd.DataFrame,
    *,
    scheme: str = "fixed",
    hazard: tuple[float, float] = (0, 2),
    referents: Sequence[tuple[float, float]] | None = None,
    lag: float | None = None,
    n_referents: int = 1,
    id_col: str = "id",
    time_col: str = "time",
    unit: str = "h",
) -> pd.DataFrame:
    """Build the hazard and referent windows of every event.

    Parameters
    ----------
    events : DataFrame
        One row per event (onset) with a person column and an onset-time column. Times are
        numbers (in any unit; offsets are then in the same unit) or datetimes.
    scheme : {"fixed", "unidirectional", "bidirectional", "time_stratified"}
    hazard : (start, end)
        Hazard window as offsets before onset, ``start < end``.
    referents : list of (start, end), optional
        Referent windows for ``scheme="fixed"``.
    lag : float, optional
        Spacing of referent windows for the unidirectional and bidirectional schemes.
    n_referents : int, default 1
        Referents per direction for the unidirectional and bidirectional schemes.
    id_col, time_col : str
        Column names in ``events``.
    unit : str, default "h"
        Unit of the offsets when times are datetimes (any pandas Timedelta unit, e.g. "h", "D").

    Returns
    -------
    DataFrame
        One row per window: ``stratum`` (one per event), ``id``, ``event`` (the person's event
        number), ``onset``, ``role`` ("hazard"/"referent"), ``window`` (0 for the hazard
        window), ``shift`` (referent minus hazard window, in ``unit``; negative = earlier),
        ``start``, ``end``, ``case`` (1 hazard, 0 referent), and flags ``shares_hours`` (the
        window shares hours with another window of the same event) and ``other_event`` (another
        onset of the same person falls inside the window). ``shares_hours`` is about windows
        touching each other; it has nothing to do with *overlap bias* (referent sets that
        depend on when the events happened).

    Examples
    --------
    Steffens-style windows: case 0–2 h, referents 24–26 h and 48–50 h before onset.

    >>> import pandas as pd
    >>> ev = pd.DataFrame({"id": [1], "time": [100.0]})
    >>> w = make_windows(ev, scheme="fixed", hazard=(0, 2), referents=[(24, 26), (48, 50)])
    >>> w[["stratum", "role", "start", "end", "case"]]  # doctest: +NORMALIZE_WHITESPACE
       stratum      role  start   end  case
    0        0    hazard   98.0 100.0     1
    1        0  referent   74.0  76.0     0
    2        0  referent   50.0  52.0     0
    """
    if scheme not in SCHEMES:
        raise ValueError(f"`scheme` must be one of {SCHEMES}, got {scheme!r}.")
    require_columns(events, {"id_col": [id_col], "time_col": [time_col]})
    if len(hazard) != 2 or not hazard[0] < hazard[1]:
        raise ValueError(f"`hazard` must be (start, end) before onset with start < end, got {hazard!r}.")
    times = events[time_col]
    is_dt = is_datetime64_any_dtype(times.dtype)
    if not (is_dt or is_numeric_dtype(times.dtype)):
        raise TypeError(f"The time column {time_col!r} must be numeric or datetime, got dtype {times.dtype}.")
    if events[[id_col, time_col]].isna().any().any():
        raise ValueError(f"`events` has missing values in {id_col!r} or {time_col!r}; remove or fix those rows.")
    ev = events[[id_col, time_col]].sort_values([id_col, time_col], kind="stable").reset_index(drop=True)
    ev_id, onset = ev[id_col].to_numpy(), ev[time_col]
    event_no = ev.groupby(id_col, sort=False).cumcount().to_numpy() + 1
    n_ev = len(ev)
    a, b = float(hazard[0]), float(hazard[1])

    if scheme == "time_stratified":
        if not is_dt:
            raise TypeError(
                "scheme='time_stratified' needs datetime onset times (it matches weekday and calendar "
                f"month); {time_col!r} is numeric. Convert it, e.g. with pd.to_datetime."
            )
        # Shifts of whole weeks that keep the onset in its calendar month: at most 4 each way.
        week = pd.Timedelta(7, "D")
        shifted = {k: onset + k * week for k in range(-4, 5) if k != 0}
        rows = []
        for k, t in shifted.items():
            same = (t.dt.year == onset.dt.year) & (t.dt.month == onset.dt.month)
            for i in np.flatnonzero(same.to_numpy()):
                rows.append((i, k * 7 * pd.Timedelta(1, "D") / pd.Timedelta(1, unit)))
        rows.sort()
        ref_event = np.array([r[0] for r in rows], dtype=int)
        ref_shift = np.array([r[1] for r in rows], dtype=float)
    else:
        offs = _offsets(scheme, (a, b), referents, lag, n_referents)
        ref_event = np.repeat(np.arange(n_ev), len(offs))
        # shift = how far the referent window lies from the hazard window (negative = earlier)
        ref_shift = np.tile([a - s for s, _ in offs], n_ev)
        ref_width = np.tile([e - s for s, e in offs], n_ev)

    ev_idx = np.r_[np.arange(n_ev), ref_event]
    shift = np.r_[np.zeros(n_ev), ref_shift]
    if scheme == "time_stratified":
        width = np.full(ev_idx.size, b - a)
    else:
        width = np.r_[np.full(n_ev, b - a), ref_width]
    end_before = a - shift  # offsets before onset of each window's end
    start_before = end_before + width
    order = np.lexsort((np.r_[np.zeros(n_ev), np.ones(ref_event.size)], ev_idx))
    ev_idx, shift, start_before, end_before = ev_idx[order], shift[order], start_before[order], end_before[order]
    is_case = np.r_[np.ones(n_ev, dtype=int), np.zeros(ref_event.size, dtype=int)][order]
    onset_v = onset.to_numpy()[ev_idx]
    if is_dt:
        start = onset_v - pd.to_timedelta(start_before, unit=unit).to_numpy()
        end = onset_v - pd.to_timedelta(end_before, unit=unit).to_numpy()
    else:
        start = onset_v - start_before
        end = onset_v - end_before
    window_no = np.where(is_case == 1, 0, pd.Series(1 - is_case).groupby(ev_idx).cumsum().to_numpy())
    out = pd.DataFrame(
        {
            "stratum": ev_idx,
            "id": ev_id[ev_idx],
            "event": event_no[ev_idx],
            "onset": onset_v,
            "role": np.where(is_case == 1, "hazard", "referent"),
            "window": window_no,
            "shift": shift,
            "start": start,
            "end": end,
            "case": is_case,
        }
    )
    out["shares_hours"] = shares_hours_within_stratum(out)
    out["other_event"] = contains_other_event(out, ev_id, onset.to_numpy())
    out.attrs.update(scheme=scheme, hazard=(a, b), unit=unit if is_dt else None)
    return out


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


def window_problems(windows: pd.DataFrame) -> pd.DataFrame:
    """Count the windows and strata flagged by each check.

    Parameters
    ----------
    windows : DataFrame
        Output of :func:`make_windows`, :func:`window_exposure` or :func:`case_crossover_windows`.

    Returns
    -------
    DataFrame
        Indexed by problem (``shares_hours``, ``other_event``, ``out_of_record``): ``n_windows``,
        ``n_strata`` and ``meaning`` (what the flag means for the analysis).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"id": [1, 1], "time": [100.0, 125.0]})
    >>> w = make_windows(ev, scheme="fixed", hazard=(0, 2), referents=[(1, 3), (24, 26)])
    >>> window_problems(w)[["n_windows", "n_strata"]]  # doctest: +NORMALIZE_WHITESPACE
                  n_windows  n_strata
    problem
    shares_hours          4         2
    other_event           1         1
    out_of_record         0         0
    """
    meaning = {
        "shares_hours": "window shares hours with another window of the same event (shared exposure time biases the OR towards 1)",
        "other_event": "another onset of the same person falls inside the window",
        "out_of_record": "window not fully covered by the exposure record (summary missing or partial)",
    }
    rows = []
    for col in PROBLEM_COLUMNS:
        flagged = windows[col].to_numpy(dtype=bool) if col in windows else np.zeros(len(windows), bool)
        rows.append(
            {
                "problem": col,
                "n_windows": int(flagged.sum()),
                "n_strata": int(windows.loc[flagged, "stratum"].nunique()),
                "meaning": meaning[col],
            }
        )
    return pd.DataFrame(rows).set_index("problem")


def case_crossover_windows(
    events: pd.DataFrame,
    record: pd.DataFrame,
    *,
    exposures: str | Sequence[str],
    scheme: str = "fixed",
    hazard: tuple[float, float] = (0, 2),
    referents: Sequence[tuple[float, float]] | None = None,
    lag: float | None = None,
    n_referents: int = 1,
    how: str = "mean",
    id_col: str = "id",
    time_col: str = "time",
    unit: str = "h",
    resolution: float | None = None,
    problems: str = "warn",
) -> pd.DataFrame:
    """Case-crossover data in one call: windows from :func:`make_windows`, exposure from
    :func:`window_exposure`, and a report of problem windows.

    Parameters
    ----------
    events, record : DataFrame
        Onsets (``id_col``, ``time_col``) and the exposure record.
    exposures, how, resolution
        As in :func:`window_exposure`.
    scheme, hazard, referents, lag, n_referents, unit
        As in :func:`make_windows`.
    problems : {"warn", "raise", "drop"}, default "warn"
        Flagged windows always keep their flag columns. ``"warn"`` warns with the counts;
        ``"raise"`` raises a ValueError; ``"drop"`` also drops out-of-record windows (and
        warns how many). Windows that share hours are never dropped: they are a design choice.

    Returns
    -------
    DataFrame
        One row per window (see :func:`make_windows`), with exposure summaries; ``.attrs``
        holds ``problems`` (counts per check) and ``n_windows_dropped``.

    Examples
    --------
    >>> import pandas as pd
    >>> rec = pd.DataFrame({"id": 1, "time": range(200), "lifting": [0] * 150 + [1] * 50})
    >>> cc = case_crossover_windows(pd.DataFrame({"id": [1], "time": [160]}), rec,
    ...                             exposures="lifting", scheme="unidirectional", lag=24,
    ...                             n_referents=2, how="any")
    >>> cc[["stratum", "case", "lifting"]]
       stratum  case  lifting
    0        0     1      1.0
    1        0     0      0.0
    2        0     0      0.0
    """
    if problems not in ("warn", "raise", "drop"):
        raise ValueError(f"`problems` must be 'warn', 'raise' or 'drop', got {problems!r}.")
    w = make_windows(
        events, scheme=scheme, hazard=hazard, referents=referents, lag=lag,
        n_referents=n_referents, id_col=id_col, time_col=time_col, unit=unit,
    )
    attrs = dict(w.attrs)
    w = window_exposure(w, record, exposures=exposures, how=how, id_col=id_col, time_col=time_col, resolution=resolution)
    report = window_problems(w)
    flagged = report[report["n_windows"] > 0]
    n_dropped = 0
    if len(flagged):
        text = "; ".join(f"{r.n_windows} window(s) in {r.n_strata} strata: {r.meaning}" for r in flagged.itertuples())
        if problems == "raise":
            raise ValueError(f"Problem windows found — {text}. See window_problems().")
        if problems == "drop" and w["out_of_record"].any():
            n_dropped = int(w["out_of_record"].sum())
            w = w.loc[~w["out_of_record"]].reset_index(drop=True)
            text += f". Dropped the {n_dropped} out-of-record window(s)"
        warnings.warn(f"Problem windows found — {text}. The flags are columns of the result.", UserWarning, stacklevel=2)
    w.attrs.update(attrs, problems=report["n_windows"].to_dict(), n_windows_dropped=n_dropped)
    return w
