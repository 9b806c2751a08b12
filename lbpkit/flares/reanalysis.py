"""Helpers for re-analysing case-crossover survey data (notebook 07): control periods and doses.

The FLAReS paper does not publish which non-flare surveys served as control periods for which
flare. :func:`match_control_periods` builds one matched set per flare under a stated rule, so a
sensitivity analysis can compare rules; :func:`add_post_flare_avoidance` plants a behaviour
(people do less of an activity for some days after a flare) that makes the rules disagree;
:func:`dose_categories` turns hour counts into indicator columns for a dose-response model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["CONTROL_RULES", "match_control_periods", "add_post_flare_avoidance", "dose_categories"]

CONTROL_RULES: dict[str, str] = {
    "all": "every scheduled survey of the same participant, before or after the flare",
    "before": "scheduled surveys of the same participant in the `days` days before the flare",
    "around": "scheduled surveys of the same participant within `days` days before or after the flare",
}


def _require(data: pd.DataFrame, columns: Sequence[str]) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}.")
    missing = [column for column in columns if column not in data.columns]
    if missing:
        raise ValueError(f"Column(s) {missing} not in data; expected survey rows with {list(columns)}.")


def _soon_after_a_flare(frame: pd.DataFrame, *, days: int, person: str, day: str, flare: str,
                        include_flares: bool = False) -> np.ndarray:
    """Boolean mask of rows lying 1..days days after a flare of the same person (non-flare rows
    only, unless ``include_flares``: then a flare survey soon after an earlier flare counts too)."""
    flares = frame.loc[frame[flare] == 1, [person, day]]
    pairs = frame[[person, day]].reset_index(names="row").merge(flares, on=person, suffixes=("", "_flare"))
    gap = pairs[day] - pairs[f"{day}_flare"]
    rows = pairs.loc[(gap > 0) & (gap <= days), "row"].unique()
    mask = np.zeros(len(frame), dtype=bool)
    mask[frame.index.get_indexer(rows)] = True
    return mask if include_flares else mask & (frame[flare].to_numpy() == 0)


def _check_days(value: object, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum} (got {value!r}).")
    return int(value)


def match_control_periods(
    surveys: pd.DataFrame,
    *,
    rule: str = "all",
    days: int = 90,
    washout: int = 0,
    person: str = "participant_id",
    day: str = "day",
    flare: str = "flare",
) -> pd.DataFrame:
    """One matched set per flare: the flare survey plus the control surveys the rule allows.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per survey with a participant column, a day column and a 0/1 flare column.
    rule : {"all", "before", "around"}
        Which scheduled (non-flare) surveys of the same participant serve as controls; see
        :data:`CONTROL_RULES`.
    days : int
        The window of the ``"before"`` and ``"around"`` rules, in days (ignored by ``"all"``).
    washout : int
        Scheduled surveys within this many days AFTER any flare of the participant are not used
        as controls (0 = use them). With several flares per person, a control "before" one flare
        can fall just after an earlier one; a washout removes those too.
    person, day, flare : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        The survey rows, a control survey repeated once per flare it serves, with a new column
        ``matched_set`` (one per flare). Flares without any allowed control are left out (they
        carry no information in a conditional analysis); ``.attrs`` reports ``n_flares``,
        ``n_flares_without_controls``, ``n_controls_washed_out`` and the ``rule``.

    Examples
    --------
    >>> import pandas as pd
    >>> from lbpkit.flares.reanalysis import match_control_periods
    >>> s = pd.DataFrame({"participant_id": [1, 1, 1, 1], "day": [5, 10, 20, 40], "flare": [0, 1, 0, 0]})
    >>> sets = match_control_periods(s, rule="before", days=30)
    >>> sets[["day", "flare", "matched_set"]].to_dict("list")
    {'day': [5, 10], 'flare': [0, 1], 'matched_set': [1, 1]}
    >>> len(match_control_periods(s, rule="around", days=15))
    3
    >>> match_control_periods(s, rule="all", washout=15)["day"].tolist()
    [5, 10, 40]
    """
    _require(surveys, [person, day, flare])
    if rule not in CONTROL_RULES:
        raise ValueError(f"rule must be one of {sorted(CONTROL_RULES)}, not {rule!r}.")
    days = _check_days(days, "days", 1)
    washout = _check_days(washout, "washout", 0)
    if not surveys[flare].isin([0, 1]).all():
        raise ValueError(f"Column {flare!r} must hold only 0 and 1.")
    frame = surveys.reset_index(drop=True)
    cases = frame[frame[flare] == 1]
    washed = _soon_after_a_flare(frame, days=washout, person=person, day=day, flare=flare) if washout else np.zeros(len(frame), bool)
    controls = frame[(frame[flare] == 0).to_numpy() & ~washed]
    pairs = cases[[person, day]].reset_index(names="case_row").merge(
        controls[[person, day]].reset_index(names="control_row"), on=person, suffixes=("_case", "_control")
    )
    gap = pairs[f"{day}_control"] - pairs[f"{day}_case"]  # negative = control before the flare
    if rule == "before":
        pairs = pairs[(gap < 0) & (gap >= -days)]
    elif rule == "around":
        pairs = pairs[gap.abs() <= days]
    kept_cases = pairs["case_row"].drop_duplicates().sort_values()
    set_id = pd.Series(np.arange(1, len(kept_cases) + 1), index=kept_cases.to_numpy())
    case_rows = frame.loc[kept_cases].assign(matched_set=set_id.to_numpy())
    control_rows = frame.loc[pairs["control_row"].to_numpy()].assign(
        matched_set=set_id.loc[pairs["case_row"].to_numpy()].to_numpy()
    )
    matched = pd.concat([case_rows, control_rows]).sort_values(["matched_set", day, flare], kind="stable")
    matched = matched.reset_index(drop=True)
    matched.attrs = {
        **surveys.attrs,
        "rule": rule,
        "days": days,
        "n_flares": int(len(cases)),
        "n_flares_without_controls": int(len(cases) - len(kept_cases)),
        "washout": washout,
        "n_controls_washed_out": int(washed.sum()),
    }
    return matched


def add_post_flare_avoidance(
    surveys: pd.DataFrame,
    *,
    activity: str,
    days: int,
    keep: float,
    seed: int,
    affect_flare_surveys: bool = False,
    person: str = "participant_id",
    day: str = "day",
    flare: str = "flare",
) -> pd.DataFrame:
    """Plant avoidance: after a flare, people do less of an activity for a few days.

    Each activity hour of a scheduled survey within ``days`` days after one of the participant's
    flares is kept with probability ``keep`` (binomial thinning), so those control periods look
    less exposed. This is *event-dependent exposure*: the event changes later exposure.

    By default flare surveys are not changed, so a washout of ``days`` after every flare removes
    exactly the thinned surveys and recovers the estimate by construction. With
    ``affect_flare_surveys=True`` a flare survey within ``days`` after an earlier flare is thinned
    too (the avoidance also lowers the exposure before a quick second flare), which a washout of
    control surveys cannot undo.

    Parameters
    ----------
    surveys : pandas.DataFrame
        Survey rows (e.g. from ``simulate_flares_cohort``).
    activity : str
        The hour-count column to thin, e.g. ``"hours_lifting"``.
    days : int
        How many days after a flare the avoidance lasts.
    keep : float
        Share of activity hours kept during avoidance (0–1).
    seed : int
        Seed of the thinning.
    affect_flare_surveys : bool
        Also thin flare surveys that fall within ``days`` after an earlier flare.

    Returns
    -------
    pandas.DataFrame
        A copy with the thinned column; ``.attrs["avoidance"]`` records the settings and
        ``.attrs["synthetic"]`` stays True.

    Examples
    --------
    >>> import pandas as pd
    >>> from lbpkit.flares.reanalysis import add_post_flare_avoidance
    >>> s = pd.DataFrame({"participant_id": [1, 1, 1], "day": [1, 3, 30], "flare": [1, 0, 0],
    ...                   "hours_lifting": [4, 4, 4]})
    >>> add_post_flare_avoidance(s, activity="hours_lifting", days=7, keep=0.0, seed=1)["hours_lifting"].tolist()
    [4, 0, 4]
    """
    _require(surveys, [person, day, flare, activity])
    if not 0 <= keep <= 1:
        raise ValueError(f"keep must lie between 0 and 1 (got {keep}).")
    days = _check_days(days, "days", 1)
    out = surveys.copy()
    if not isinstance(affect_flare_surveys, bool):
        raise TypeError("affect_flare_surveys must be True or False.")
    mask = _soon_after_a_flare(out, days=days, person=person, day=day, flare=flare, include_flares=affect_flare_surveys)
    rng = np.random.default_rng(seed)
    hours = out[activity].to_numpy(dtype=np.int64, copy=True)
    hours[mask] = rng.binomial(hours[mask], keep)
    out[activity] = hours
    out.attrs = {**surveys.attrs, "avoidance": {"activity": activity, "days": days, "keep": keep, "seed": seed,
                                                "affect_flare_surveys": affect_flare_surveys}}
    return out


def dose_categories(
    values: pd.Series,
    *,
    edges: Sequence[float],
    prefix: str = "dose",
) -> pd.DataFrame:
    """Indicator columns for categories of an hour count; the first category is the reference.

    Parameters
    ----------
    values : pandas.Series
        Hour counts (e.g. ``hours_lifting``).
    edges : sequence of float
        Lower edges of the categories after the reference, increasing; e.g. ``[1, 3, 6]`` gives
        0, 1–2, 3–5 and 6+ hours for whole-number counts.
    prefix : str
        Prefix of the new column names.

    Returns
    -------
    pandas.DataFrame
        One float 0/1 column per non-reference category, named ``"{prefix}_{label}"``;
        ``.attrs["labels"]`` lists all category labels, reference first.

    Examples
    --------
    >>> import pandas as pd
    >>> from lbpkit.flares.reanalysis import dose_categories
    >>> dose_categories(pd.Series([0, 1, 4, 9]), edges=[1, 3, 6], prefix="lift").to_dict("list")
    {'lift_1-2': [0.0, 1.0, 0.0, 0.0], 'lift_3-5': [0.0, 0.0, 1.0, 0.0], 'lift_6+': [0.0, 0.0, 0.0, 1.0]}
    """
    if not isinstance(values, pd.Series):
        raise TypeError(f"values must be a pandas Series, not {type(values).__name__}.")
    edges = [float(edge) for edge in edges]
    if not edges or any(b <= a for a, b in zip(edges, edges[1:])):
        raise ValueError(f"edges must be a non-empty increasing list (got {edges}).")
    if values.isna().any():
        raise ValueError("values has missing entries; drop or impute them first.")
    numbers = values.to_numpy(dtype=float)
    bounds = [-np.inf, *edges, np.inf]
    labels = [f"<{edges[0]:g}"]
    for low, high in zip(edges, edges[1:]):
        labels.append(f"{low:g}-{high - 1:g}" if float(low).is_integer() and float(high).is_integer() else f"{low:g}-<{high:g}")
    labels.append(f"{edges[-1]:g}+")
    code = np.searchsorted(np.array(bounds[1:-1]), numbers, side="right")
    columns = {f"{prefix}_{label}": (code == k).astype(float) for k, label in enumerate(labels) if k > 0}
    table = pd.DataFrame(columns, index=values.index)
    table.attrs = {"labels": labels}
    return table
