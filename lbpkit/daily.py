"""Daily count series for a time-stratified case-crossover: strata, named lags and case-day sets.

A daily series (one row per day: date, count of events, shared exposures such as PM10) is
analysed by comparing each day with the other days of its stratum. Three steps, one function each:

- :func:`time_strata`: the stratum of each day, year × month × day of week by default (the
  time-stratified referent scheme, whose referents are fixed in advance, "localizable", so
  conditional logistic regression is unbiased; Janes, Sheppard & Lumley 2005);
- :func:`lagged_exposures`: exposure columns shifted by calendar days, named for their lag
  (``pm10_lag0`` = the same day, ``pm10_lag1`` = the day before, ``pm10_ma01`` = the mean of the
  two), so no analysis can shift a day silently;
- :func:`case_day_sets`: the data expanded to one matched set per day with events, the day
  itself (``case`` = 1) and the other days of its stratum (``case`` = 0), weighted by that day's
  count, for :func:`lbpkit.conditional_logit` with ``weights="weight"``. It gives the same
  estimate as :func:`lbpkit.conditional_poisson` on the unexpanded days (Lu & Zeger 2007;
  Armstrong, Gasparrini & Tobias 2014).

References
----------
Janes H, Sheppard L, Lumley T. Case-crossover analyses of air pollution exposure data: referent
selection strategies and their implications for bias. Epidemiology 2005;16(6):717–726.
doi:10.1097/01.ede.0000181315.18836.9d
Lu Y, Zeger SL. Biostatistics 2007;8(2):337–344. doi:10.1093/biostatistics/kxl013
Armstrong BG, Gasparrini A, Tobias A. BMC Med Res Methodol 2014;14:122. doi:10.1186/1471-2288-14-122
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from lbpkit.engine.checks import as_name_list, check_frame, count_array, exposure_matrix, require_columns

__all__ = ["time_strata", "lagged_exposures", "case_day_sets", "SCHEMES"]

SCHEMES = ("year-month-dow", "year-month")


def _as_dates(values, argument: str) -> pd.Series:
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    try:
        dates = pd.to_datetime(series.astype("string") if series.dtype == "string" else series, format="ISO8601")
    except (ValueError, TypeError) as err:
        raise ValueError(f"`{argument}` must hold dates (e.g. '1987-01-31'): {err}") from None
    if dates.isna().any():
        raise ValueError(f"`{argument}` has {int(dates.isna().sum())} missing date(s); every day needs its date.")
    if (dates != dates.dt.normalize()).any():
        raise ValueError(f"`{argument}` holds times of day; a daily series needs one date per row.")
    return dates


def time_strata(dates, *, scheme: str = "year-month-dow") -> pd.Series:
    """The time stratum of each day.

    Parameters
    ----------
    dates : Series or array of dates (datetime or ISO strings such as ``"1987-01-31"``)
    scheme : {"year-month-dow", "year-month"}, default "year-month-dow"
        ``"year-month-dow"``: days of the same weekday in the same calendar month (4 or 5 days a
        stratum), which also controls for day-of-week patterns; ``"year-month"``: all days of a
        calendar month.

    Returns
    -------
    Series of str
        Labels such as ``"1987-01-Thu"`` (or ``"1987-01"``), with the index of ``dates``.

    Examples
    --------
    >>> time_strata(["1987-01-01", "1987-01-08", "1987-01-09", "1987-02-05"]).tolist()
    ['1987-01-Thu', '1987-01-Thu', '1987-01-Fri', '1987-02-Thu']
    """
    if scheme not in SCHEMES:
        raise ValueError(f"`scheme` must be one of {SCHEMES}, got {scheme!r}.")
    dates = _as_dates(dates, "dates")
    labels = dates.dt.strftime("%Y-%m")
    if scheme == "year-month-dow":
        labels = labels + "-" + dates.dt.strftime("%a")
    return labels.rename("stratum")


def _lag_name(column: str, first: int, last: int | None = None) -> str:
    if last is None:
        return f"{column}_lag{first}"
    return f"{column}_ma{first}{last}" if last < 10 else f"{column}_ma{first}_{last}"


def _same_values(column: pd.Series, values: np.ndarray) -> bool:
    """True when a column holds exactly these numbers (missing where they are missing)."""
    if not is_numeric_dtype(column.dtype):
        return False
    return bool(np.array_equal(column.to_numpy(dtype=float, na_value=np.nan), values, equal_nan=True))


def lagged_exposures(
    data: pd.DataFrame,
    exposures: str | Sequence[str],
    *,
    lags: Sequence[int] = (0, 1),
    moving_averages: Sequence[tuple[int, int]] = ((0, 1),),
    date: str = "date",
) -> pd.DataFrame:
    """Add exposure columns shifted by calendar days, each named for its lag.

    Parameters
    ----------
    data : DataFrame
        One row per day, with a ``date`` column (each date once; gaps allowed).
    exposures : str or list of str
        Numeric columns to lag.
    lags : sequence of int >= 0, default (0, 1)
        ``x_lag0`` is the same day's value, ``x_lagk`` the value k days before.
    moving_averages : sequence of (first, last), default ((0, 1),)
        ``x_ma01`` is the mean of lags 0 and 1 (``x_ma0_13`` for lags 0 to 13).
    date : str, default "date"

    Returns
    -------
    DataFrame
        A copy of ``data`` with the new columns. A lag reaches back by calendar date, not by row:
        where the day k days earlier is not in the data or has no value, the lag is missing (and a
        moving average is missing if any of its days is). ``.attrs["lags"]`` describes each column.
        A lag column already in ``data`` is accepted only if it holds the same values (so lagging the
        output again, e.g. a notebook cell run twice, returns it unchanged); other values raise.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.DataFrame({"date": ["2000-01-01", "2000-01-02", "2000-01-04"], "pm10": [10.0, 20.0, 40.0]})
    >>> lagged_exposures(days, "pm10")  # 2000-01-03 is absent, so 01-04 has no lag 1
             date  pm10  pm10_lag0  pm10_lag1  pm10_ma01
    0  2000-01-01  10.0       10.0        NaN        NaN
    1  2000-01-02  20.0       20.0       10.0       15.0
    2  2000-01-04  40.0       40.0        NaN        NaN
    """
    exposures = as_name_list(exposures, "exposures")
    require_columns(data, {"date": [date], "exposures": exposures})
    for name in exposures:
        if not is_numeric_dtype(data[name].dtype):
            raise TypeError(f"The exposure column {name!r} is not numeric (dtype {data[name].dtype}).")
    lags = [int(k) for k in lags]
    moving_averages = [(int(a), int(b)) for a, b in moving_averages]
    if any(k < 0 for k in lags) or any(a < 0 or b <= a for a, b in moving_averages):
        raise ValueError(
            "Lags must be >= 0 (lag 1 = the day before) and each moving average (first, last) needs "
            f"0 <= first < last; got lags={lags}, moving_averages={moving_averages}."
        )
    dates = _as_dates(data[date], date)
    if dates.duplicated().any():
        raise ValueError(f"`{date}` lists {dates[dates.duplicated()].iloc[0].date()} more than once; a daily series has one row per day.")
    calendar = pd.date_range(dates.min(), dates.max(), freq="D")
    out = data.copy()
    described = {}
    for name in exposures:
        series = pd.Series(data[name].to_numpy(dtype=float, na_value=np.nan), index=dates.to_numpy()).reindex(calendar)
        needed = sorted(set(lags) | {k for a, b in moving_averages for k in range(a, b + 1)})
        shifted = {k: series.shift(k).reindex(dates.to_numpy()).to_numpy() for k in needed}
        new = {_lag_name(name, k): (shifted[k], f"{name} {k} day(s) before the day (lag {k})") for k in lags}
        for a, b in moving_averages:
            new[_lag_name(name, a, b)] = (
                np.mean([shifted[k] for k in range(a, b + 1)], axis=0),
                f"mean of {name} over lags {a} to {b}",
            )
        # A column already there with the very same values is this function's own output (a notebook
        # cell that lags its result and is run twice): recomputing it changes nothing. Other values
        # would be overwritten, so they stop the call.
        clash = [col for col in new if col in data.columns and not _same_values(data[col], new[col][0])]
        if clash:
            raise ValueError(
                f"`data` already has column(s) {clash} with other values than these lags; drop them or rename "
                "them before lagging."
            )
        for col, (values, text) in new.items():
            out[col] = values
            described[col] = text
    out.attrs = {**data.attrs, "lags": described}
    return out


def case_day_sets(
    data: pd.DataFrame,
    outcome: str,
    exposures: str | Sequence[str],
    strata: str = "stratum",
    *,
    date: str = "date",
    missing: str = "raise",
) -> pd.DataFrame:
    """Expand a daily series to one weighted matched set per day with events.

    Parameters
    ----------
    data : DataFrame
        One row per day: ``date``, the count ``outcome``, the ``exposures`` and ``strata``.
    outcome : str
        Count of events that day (whole numbers >= 0).
    exposures : str or list of str
    strata : str, default "stratum"
        E.g. the output of :func:`time_strata`.
    date : str, default "date"
    missing : {"raise", "drop"}, default "raise"
        Days with a missing count, exposure or stratum cannot be compared; ``"drop"`` leaves them
        out (as case and as referent days), warns and counts them in ``.attrs["n_days_missing"]``.
        The column rules are those of :func:`lbpkit.conditional_poisson` (counts must be numbers,
        not text or True/False).

    Returns
    -------
    DataFrame
        Columns ``case_day`` (the set: the date of its case day), ``date``, ``strata``, ``case``
        (1 for the case day), ``weight`` (the case day's count, the same in every row of the set)
        and the exposures; sorted by set and date. Days with a count of 0 are no case day (they
        remain referents); a day alone in its stratum (e.g. after missing days were left out) has
        no referent and makes no set. ``.attrs`` counts ``n_days``, ``n_sets``, ``n_events``
        (in the sets), ``n_days_zero``, ``n_days_missing``, ``n_days_alone`` and
        ``n_events_alone`` (the events of those lone days, which no conditional analysis uses).

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.DataFrame({"date": ["2000-01-03", "2000-01-10", "2000-01-17"], "deaths": [2, 0, 1],
    ...                      "pm10": [30.0, 10.0, 20.0]})
    >>> days["stratum"] = time_strata(days["date"])
    >>> sets = case_day_sets(days, "deaths", "pm10")
    >>> sets[["case_day", "date", "case", "weight", "pm10"]]
         case_day        date  case  weight  pm10
    0  2000-01-03  2000-01-03     1       2  30.0
    1  2000-01-03  2000-01-10     0       2  10.0
    2  2000-01-03  2000-01-17     0       2  20.0
    3  2000-01-17  2000-01-03     0       1  30.0
    4  2000-01-17  2000-01-10     0       1  10.0
    5  2000-01-17  2000-01-17     1       1  20.0
    """
    reserved = {"case_day", "case", "weight"} & {outcome, strata, date, *as_name_list(exposures, "exposures")}
    if reserved:
        raise ValueError(f"Column name(s) {sorted(reserved)} are used by the output; rename them first.")
    if isinstance(data, pd.DataFrame) and date in data.columns and _as_dates(data[date], date).duplicated().any():
        raise ValueError(f"`{date}` lists a day more than once; a daily series has one row per day.")
    # The same column rules as conditional_poisson (a missing count or exposure is refused, or dropped
    # with missing="drop": that day is then neither a case day nor a referent).
    data, exposures, n_missing = check_frame(data, outcome=outcome, exposures=exposures, strata=strata,
                                             missing=missing, counts=True, date=date)
    counts = count_array(data[outcome], outcome)
    exposure_matrix(data, exposures)  # real numbers, finite
    days = data[[date, strata, *exposures]].copy()
    days["_count"] = counts.astype(np.int64)
    alone = days.groupby(strata, sort=False)[date].transform("size").to_numpy() == 1
    cases = days.loc[(days["_count"] > 0).to_numpy() & ~alone, [strata, date, "_count"]]
    cases = cases.rename(columns={date: "case_day", "_count": "weight"})
    sets = cases.merge(days.drop(columns="_count"), on=strata, how="inner", sort=False)
    sets["case"] = (sets[date] == sets["case_day"]).astype(np.int8)
    sets = sets.sort_values(["case_day", date], kind="stable").reset_index(drop=True)
    sets = sets[["case_day", date, strata, "case", "weight", *exposures]]
    sets.attrs = {
        "n_days": int(len(days)),
        "n_sets": int(len(cases)),
        "n_events": int(cases["weight"].sum()),
        "n_days_zero": int((days["_count"] == 0).sum()),
        "n_days_missing": int(n_missing),
        "n_days_alone": int(alone.sum()),
        "n_events_alone": int(days["_count"].to_numpy()[alone].sum()),
        "outcome": outcome,
        "strata": strata,
    }
    return sets
