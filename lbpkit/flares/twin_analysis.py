"""Analysis helpers for the synthetic FLAReS twin: participant table, informative rows, per-activity ORs.

The twin itself (its assumptions and :func:`~lbpkit.flares.twin.simulate_flares_cohort`) is in
:mod:`lbpkit.flares.twin`, which re-exports the functions defined here. Every table returned is
*synthetic* (``.attrs["synthetic"]`` is True).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lbpkit.estimate import conditional_logit
from lbpkit.flares.twin import ACTIVITIES, EIGHT_WEEKS

__all__ = ["participants_table", "informative_participants", "flares_twin_estimates"]


def participants_table(surveys: pd.DataFrame) -> pd.DataFrame:
    """One row per participant of a synthetic twin cohort: RMDQ, survey counts, 8-week mean hours.

    Parameters
    ----------
    surveys : pandas.DataFrame
        A frame from :func:`simulate_flares_cohort` (or the shipped
        ``flares_twin_synthetic_default`` data set).

    Returns
    -------
    pandas.DataFrame
        ``participant_id``, ``age``, ``sex``, ``rmdq_baseline``, ``rmdq_1y``, ``n_scheduled``,
        ``n_flare``, ``has_flare_and_scheduled`` (the twin's stand-in for FLAReS aim 1),
        ``n_scheduled_first_8_weeks`` and ``mean8w_hours_<activity>``: the mean 24-h hours over
        the scheduled surveys of days 1–56, the aim-2 exposure (NaN for a participant without
        such a survey; flare surveys are left out because they over-sample high-risk days).

    Examples
    --------
    >>> from lbpkit.flares import simulate_flares_cohort, participants_table
    >>> people = participants_table(simulate_flares_cohort(seed=1, n_participants=20))
    >>> len(people)
    20
    """
    needed = ["participant_id", "survey_type", "day", "age", "sex", "rmdq_baseline", "rmdq_1y"]
    needed += [f"hours_{a}" for a in ACTIVITIES]
    if not isinstance(surveys, pd.DataFrame):
        raise TypeError(f"surveys must be a pandas DataFrame from simulate_flares_cohort, not {type(surveys).__name__}.")
    missing = [c for c in needed if c not in surveys.columns]
    if missing:
        raise ValueError(f"surveys has no column(s) {missing}; pass a frame from simulate_flares_cohort.")
    by_person = surveys.groupby("participant_id", sort=True)
    people = by_person[["age", "sex", "rmdq_baseline", "rmdq_1y"]].first()
    is_flare = surveys["survey_type"] == "flare"
    people["n_scheduled"] = (~is_flare).groupby(surveys["participant_id"]).sum().astype("int64")
    people["n_flare"] = is_flare.groupby(surveys["participant_id"]).sum().astype("int64")
    people["has_flare_and_scheduled"] = (people["n_flare"] > 0) & (people["n_scheduled"] > 0)
    early = surveys[~is_flare & (surveys["day"] <= EIGHT_WEEKS)]
    people["n_scheduled_first_8_weeks"] = early.groupby("participant_id").size().reindex(people.index, fill_value=0)
    means = early.groupby("participant_id")[[f"hours_{a}" for a in ACTIVITIES]].mean().reindex(people.index)
    means.columns = [f"mean8w_{c}" for c in means.columns]
    people = people.join(means.astype("float64")).reset_index()
    people.attrs = {"synthetic": True, "source": surveys.attrs.get("source", "synthetic")}
    return people


def informative_participants(surveys: pd.DataFrame, *, stratum: str = "participant_id") -> pd.DataFrame:
    """Keep the rows of participants with both a flare and a scheduled survey.

    Only they can inform a conditional analysis stratified by participant; the others' strata
    have no contrast between case and control periods.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per survey with ``participant_id`` and ``flare`` (0/1), e.g. from
        :func:`simulate_flares_cohort`.
    stratum : str, default "participant_id"
        The matched set: another column (e.g. person × month) keeps the sets that hold both a
        flare and a scheduled survey.

    Returns
    -------
    pandas.DataFrame
        The rows of the informative participants, in their original order.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"participant_id": [1, 1, 2, 2], "flare": [1, 0, 0, 0]})
    >>> informative_participants(s)["participant_id"].tolist()
    [1, 1]
    """
    flares = surveys.groupby(stratum)["flare"].transform("sum")
    sizes = surveys.groupby(stratum)["flare"].transform("size")
    return surveys[(flares > 0) & (flares < sizes)]


def _fit_clogit(surveys: pd.DataFrame, exposures: list[str], engine: str, alpha: float) -> pd.DataFrame:
    return conditional_logit(surveys, "flare", exposures, "participant_id", engine=engine, alpha=alpha)


def flares_twin_estimates(
    surveys: pd.DataFrame,
    *,
    model: str = "one_at_a_time",
    window: str = "24h",
    activities: Sequence[str] = ACTIVITIES,
    engine: str = "fast",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Per-hour odds ratios of a flare by conditional logistic regression, strata = participant.

    Parameters
    ----------
    surveys : pandas.DataFrame
        A frame from :func:`simulate_flares_cohort`.
    model : {"one_at_a_time", "mutually_adjusted"}
        One model per activity (as the published table is read), or all activities in one model.
    window : {"24h", "2h"}
        Exposure window: ``hours_<activity>`` or ``hours2h_<activity>``.
    activities : sequence of str
        Activities to include (default: all ten).
    engine : {"fast", "statsmodels"}
        Passed to :func:`lbpkit.estimate.conditional_logit`.
    alpha : float
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``activity``: ``log_or``, ``se``, ``odds_ratio``, ``ci_lower``, ``ci_upper``,
        ``p_value``, ``model``, ``window``. ``.attrs`` holds ``source`` (synthetic),
        ``n_participants_used`` and ``n_participants_left_out``: participants without both a
        flare and a scheduled survey carry no information in a conditional analysis by
        participant, so they are left out before fitting (and counted here).

    Examples
    --------
    >>> from lbpkit.flares import simulate_flares_cohort, flares_twin_estimates
    >>> cohort = simulate_flares_cohort(seed=3, n_participants=60)
    >>> table = flares_twin_estimates(cohort, activities=["lifting", "sitting"])
    >>> list(table.index)
    ['lifting', 'sitting']
    """
    if model not in ("one_at_a_time", "mutually_adjusted"):
        raise ValueError(f"model must be 'one_at_a_time' or 'mutually_adjusted', not {model!r}.")
    if window not in ("24h", "2h"):
        raise ValueError(f"window must be '24h' or '2h', not {window!r}.")
    unknown = [a for a in activities if a not in ACTIVITIES]
    if unknown or isinstance(activities, str):
        raise ValueError(f"activities must be a list of names from {list(ACTIVITIES)}; unknown: {unknown or activities}.")
    prefix = "hours_" if window == "24h" else "hours2h_"
    columns = [prefix + a for a in activities]
    needed = ["participant_id", "flare", *columns]
    missing = [c for c in needed if c not in getattr(surveys, "columns", [])]
    if missing:
        raise ValueError(f"surveys has no column(s) {missing}; pass a frame from simulate_flares_cohort.")
    used = informative_participants(surveys)
    if model == "one_at_a_time":
        table = pd.concat([_fit_clogit(used, [c], engine, alpha) for c in columns])
    else:
        table = _fit_clogit(used, columns, engine, alpha)
    table = table[["log_or", "se", "odds_ratio", "ci_lower", "ci_upper", "p_value"]].copy()
    table.index = pd.Index(list(activities), name="activity")
    table["model"] = model
    table["window"] = window
    table.attrs = {
        "synthetic": True,
        "source": surveys.attrs.get("source", "synthetic"),
        "n_participants_used": int(used["participant_id"].nunique()),
        "n_participants_left_out": int(surveys["participant_id"].nunique() - used["participant_id"].nunique()),
        "n_surveys_used": len(used),
    }
    return table
