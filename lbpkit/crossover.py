"""From a simulated diary to case-crossover data: the windows of each onset, and the
control-crossover of people without one (for the case-time-control design).

For learners of notebooks 03–05 who simulate a diary (:func:`lbpkit.simulate_diary`) and then
analyse it as a case-crossover study would: hazard and referent windows come from
:mod:`lbpkit.windows`, so the simulated study is built exactly as a real one. Every result is
synthetic (``.attrs["synthetic"]``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from lbpkit.simulate import SeedLike, _rng, events_from_diary, simulate_diary
from lbpkit.windows import case_crossover_windows, window_problems

__all__ = ["diary_to_case_crossover", "control_crossover_from_diary"]


def diary_to_case_crossover(
    diary: pd.DataFrame,
    *,
    scheme: str = "fixed",
    hazard: tuple[int, int] | None = None,
    referents: list[tuple[int, int]] | None = None,
    lag: int | None = None,
    n_referents: int = 1,
    exposure: str = "exposure",
    warn: bool = True,
) -> pd.DataFrame:
    """Turn a simulated diary into case-crossover data (one stratum per onset) via lbpkit.windows.

    The default hazard window is the planted effect period, ``(induction, induction +
    effect_period)`` hours before onset, and exposure is summarised as "any exposure in the
    window", which is what the planted odds ratio refers to.

    Eligibility rule: an onset is analysed only if all its windows lie inside the diary (as
    in a study that records exposure for a run-in period before it counts onsets). Ineligible
    onsets are counted in ``.attrs["n_onsets_ineligible"]`` and reported by a warning
    (``warn=False`` silences the warning in simulation loops; the count stays in attrs).

    Parameters
    ----------
    diary : DataFrame
        From :func:`simulate_diary`.
    scheme, hazard, referents, lag, n_referents
        As in :func:`lbpkit.windows.make_windows`.
    exposure : str, default "exposure"
        Diary column to summarise (``"true_exposure"`` for the error-free exposure).
    warn : bool, default True
        Warn when onsets are ineligible (windows outside the diary).

    Returns
    -------
    DataFrame
        Windows with the exposure summary; ``.attrs["truth"]`` from the diary.

    Examples
    --------
    >>> diary = simulate_diary(30, 500, seed=2, odds_ratio=3.0, event_prob=0.005)
    >>> cc = diary_to_case_crossover(diary, scheme="fixed", referents=[(24, 26)], warn=False)
    >>> sorted(cc["role"].unique()), cc.attrs["truth"]["odds_ratio"]
    (['hazard', 'referent'], 3.0)
    """
    truth = diary.attrs.get("truth", {})
    if hazard is None:
        ind, ep = truth.get("induction", 0), truth.get("effect_period", 2)
        hazard = (ind, ind + ep)
    events = events_from_diary(diary)
    if events.empty:
        raise ValueError("The diary has no onsets (event == 1); raise event_prob, n_people or n_hours.")
    with warnings.catch_warnings():
        # Problem windows are handled by the eligibility rule below and reported there.
        warnings.simplefilter("ignore", UserWarning)
        cc = case_crossover_windows(
            events, diary, exposures=exposure, scheme=scheme, hazard=hazard, referents=referents,
            lag=lag, n_referents=n_referents, how="any", resolution=1.0, problems="warn",
        )
    bad = cc.loc[cc["out_of_record"], "stratum"].unique()
    n_bad = int(bad.size)
    if n_bad:
        cc = cc.loc[~cc["stratum"].isin(bad)].reset_index(drop=True)
        if warn:
            warnings.warn(
                f"{n_bad} of {len(events)} onsets are ineligible (some of their windows fall outside "
                "the diary) and were left out; see attrs['n_onsets_ineligible'].",
                UserWarning,
                stacklevel=2,
            )
    problems = window_problems(cc)["n_windows"].to_dict()
    cc.attrs.update(synthetic=True, truth=truth, n_onsets_ineligible=n_bad, problems=problems)
    return cc


def control_crossover_from_diary(
    diary: pd.DataFrame,
    *,
    seed: SeedLike,
    scheme: str = "fixed",
    hazard: tuple[int, int] | None = None,
    referents: list[tuple[int, int]] | None = None,
    lag: int | None = None,
    n_referents: int = 1,
    exposure: str = "exposure",
    warn: bool = True,
) -> pd.DataFrame:
    """Control-crossover data from the people without an onset, for case-time-control analyses.

    Each person without an onset gets one pseudo-onset, drawn from the cases' onset times (so
    controls and cases share the calendar time that a trend acts on), and the same windows.
    The pseudo-onset's hazard window is marked ``case = 1``.

    Parameters
    ----------
    diary : DataFrame
        From :func:`simulate_diary`.
    seed : int, SeedSequence or Generator
        For drawing the pseudo-onset times.
    scheme, hazard, referents, lag, n_referents, exposure, warn
        As in :func:`diary_to_case_crossover`.

    Returns
    -------
    DataFrame
        Control-crossover windows, ready for :func:`lbpkit.estimate.case_time_control`.

    Examples
    --------
    >>> diary = simulate_diary(60, 400, seed=4, odds_ratio=2.0, event_prob=0.002)
    >>> ctrl = control_crossover_from_diary(diary, seed=5, referents=[(24, 26)], warn=False)
    >>> set(ctrl["case"].unique()) <= {0, 1}
    True
    """
    rng = _rng(seed)
    events = events_from_diary(diary)
    if events.empty:
        raise ValueError("The diary has no onsets to take pseudo-onset times from.")
    never = np.setdiff1d(diary["id"].unique(), events["id"].unique())
    if never.size == 0:
        raise ValueError("Every person in the diary has an onset: there are no controls.")
    pseudo = pd.DataFrame({"id": never, "time": rng.choice(events["time"].to_numpy(), size=never.size)})
    pseudo_diary = diary.loc[diary["id"].isin(never)].copy()
    pseudo_diary["event"] = 0
    marks = pseudo_diary.set_index(["id", "time"]).index.isin(pd.MultiIndex.from_frame(pseudo))
    pseudo_diary.loc[marks, "event"] = 1
    pseudo_diary.attrs = dict(diary.attrs)
    return diary_to_case_crossover(
        pseudo_diary, scheme=scheme, hazard=hazard, referents=referents, lag=lag,
        n_referents=n_referents, exposure=exposure, warn=warn,
    )

