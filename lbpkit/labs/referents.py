"""Referent selection on a daily calendar: trends and overlap bias (notebook 05). Exposure that
changes after the event, and autocorrelated exposure, on the same calendar: :mod:`lbpkit.labs.exposure_dependence`.

For learners of notebooks 03–05, who see which referent choices bias the estimate, over many studies.

Every study is a daily lifting diary of the four weeks of February 2021 (day 0 = Monday
1 February): lifting on a day raises the risk of a flare the next day by the planted odds ratio,
so the hazard window is the day before onset. Referents lie a whole number of weeks away:

- *unidirectional*: 1 and 2 weeks before; *bidirectional*: 1 week before and 1 week after
  (cut at the record's edges, or keeping only onsets with both referents: "uncut");
- *time-stratified*: every other same weekday of February (Janes, Sheppard & Lumley,
  Epidemiology 2005;16(6):717–726, doi:10.1097/01.ede.0000181315.18836.9d). Its strata
  (weekday × month) partition time **before** any onset happens, and an onset's referents are
  the other days of its stratum, whatever the onset day: the referent selection is
  *localizable*. Conditional logistic regression is then the exact likelihood of "on which
  day of its stratum did the flare happen, given the exposure on those days", whatever the
  exposure pattern (a trend, a rota), as long as the baseline risk is constant within the
  stratum.

When is a scheme whose referents depend on the onset day biased? It depends on the exposure,
not only on the scheme:

- **An exposure series shared by everyone** (air pollution, weather; Lumley & Levy,
  Environmetrics 2000;11(6):689–704, doi:10.1002/1099-095X(200011/12)11:6<689::AID-ENV439>3.0.CO;2-N;
  Janes, Sheppard & Lumley 2005), or a personal exposure whose *distribution* follows a calendar
  pattern common to everyone (a trend, a rota): non-localizable referents (unidirectional,
  bidirectional cut or uncut) are biased. For a fixed shared series this is *overlap bias*: the
  estimating equations of conditional logistic regression are not centred on the truth when
  the referent set depends on the event time. :func:`referent_scheme_experiment` with
  ``exposure="shared"`` shows it; its sign and size depend on the pattern (cut and uncut
  bidirectional referents can be biased in opposite directions, and neither is reliably the
  smaller).
- **A personal exposure with the same distribution at hazard and referent times** (independent
  between people, no calendar pattern; Maclure's assumption, Am J Epidemiol 1991;133(2):144–153,
  doi:10.1093/oxfordjournals.aje.a115853): every scheme is unbiased, cut or not, since the
  referent days are exchangeable with the hazard day whatever onset day chose them.
  :func:`referent_scheme_experiment` with ``exposure="personal", pattern="none"`` shows it, and
  ``trend_experiment(trend_per_week=1.0)`` is the same case.

Each function returns the replicate summary of :mod:`lbpkit.labs` (all synthetic).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lbpkit.engine.batched import fit_matched_sets
from lbpkit.labs._replicate import difference, mantel_haenszel_sets, summarise
from lbpkit.labs._sampler import (
    N_DAYS,
    check_count,
    check_positive,
    check_probability,
    daily_layout,
    daily_windows,
    draw_onsets,
    expit,
    logit,
    start,
)

__all__ = [
    "daily_lifting_probability",
    "trend_experiment",
    "overlap_bias_lab",
    "referent_scheme_experiment",
]

UNI = ("unidirectional", 7, 2)
BI = ("bidirectional", 7, 1)
TS = ("time_stratified", 7, 1)
LABELS = {
    UNI: "unidirectional (1 and 2 weeks before)",
    BI: "bidirectional (1 week before and after)",
    TS: "time-stratified (same weekday, same month)",
}
BI_CUT = "bidirectional ±7 days, cut at the edges"
BI_UNCUT = "bidirectional ±7 days, onsets with both referents"
PATTERNS = ("none", "trend", "rota")
EXPOSURES = ("personal", "shared")


def _daily_cases(rng, n: int, prevalence: np.ndarray, odds_ratio: float) -> dict[str, np.ndarray]:
    """``n`` onsets with their whole-month lifting diaries; onset days 1–27 (day 0's hazard
    window, 31 January, lies outside the record)."""

    def propose(k):
        x = (rng.random((k, N_DAYS)) < prevalence).astype(np.int8)
        day = rng.integers(1, N_DAYS, size=k)
        return {"x": x, "day": day}, odds_ratio ** x[np.arange(k), day - 1]

    return draw_onsets(rng, n, propose, max(odds_ratio, 1.0))


def _hazard_weekday_cases(rng, n: int, prevalence: np.ndarray, odds_ratio: float) -> dict[str, np.ndarray]:
    """As :func:`_daily_cases`, drawing only the days the weekly schemes read: every window of
    the unidirectional, bidirectional and time-stratified schemes (lags of whole weeks) falls on
    the hazard day's weekday, so only those 4 of the 28 days are drawn, as ``"weeks"``
    (column ``w``: that weekday in week ``w``). What the analyses see has the same distribution,
    for a seventh of the random numbers (this lets the bias lab's trend experiment answer
    quickly); :func:`_fit` reads the windows from these columns."""
    weeks = 7 * np.arange(N_DAYS // 7)

    def propose(k):
        day = rng.integers(1, N_DAYS, size=k)
        drawn = (rng.random((k, len(weeks))) < prevalence[((day - 1) % 7)[:, None] + weeks]).astype(np.int8)
        return {"weeks": drawn, "day": day}, np.where(drawn[np.arange(k), (day - 1) // 7] == 1, odds_ratio, 1.0)

    return draw_onsets(rng, n, propose, max(odds_ratio, 1.0))


def _fit(cases: dict, key: tuple, rep: np.ndarray, n_rep: int, *, both: bool = False):
    layout = daily_layout(*key)
    if "weeks" in cases:  # only the hazard day's weekday was drawn: a window on day d is week d // 7
        layout = np.where(layout >= 0, layout // 7, -1)
    X, mask = daily_windows(cases.get("weeks", cases.get("x")), cases["day"], layout)
    if both:  # keep only onsets whose windows all lie inside the record
        mask = mask & mask.all(axis=1, keepdims=True)
    return fit_matched_sets(X, mask, rep, n_rep)


def _control_windows(rng, cases: dict, prevalences: list[np.ndarray], n_controls: int, n_cases: int,
                     n_rep: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Unidirectional windows (exposures, mask) of people without a flare, one per lifting pattern
    in ``prevalences``. Each person gets a pseudo-onset day drawn from the onset days of the cases
    of the same study (so both share the calendar a trend acts on). Flares are rare, so their
    lifting follows the population's. Only the days the windows read are drawn (what a whole
    diary would give there), and every pattern uses the same random numbers, so that groups of
    controls differ only by their trend."""
    pick = np.repeat(np.arange(n_rep), n_controls) * n_cases + rng.integers(0, n_cases, size=n_rep * n_controls)
    day = daily_layout(*UNI)[cases["day"][pick]]
    mask = day >= 0
    u = rng.random(day.shape)
    day = np.where(mask, day, 0)
    return [((u < prevalence[day]) & mask, mask) for prevalence in prevalences]


def trend_experiment(
    *,
    seed: int,
    replicates: int = 200,
    trend_per_week: float = 0.7,
    odds_ratio: float = 2.0,
    n_cases: int = 500,
    n_controls: int = 500,
    lifting_prob: float = 0.15,
) -> pd.DataFrame:
    """Referent schemes and case-time-control under a time trend in lifting.

    The odds of lifting change by ``trend_per_week`` each week for everyone (below 1: people
    lift less as their episode settles). Rows: unidirectional, bidirectional and time-stratified
    referents; case-time-control (the unidirectional odds ratio divided by the same analysis in
    ``n_controls`` people without a flare, pseudo-onsets drawn from the cases' onset days); and
    the design's pitfall, controls whose trend is half as steep (log scale) as the cases'.

    Parameters
    ----------
    seed : int
    replicates : int, default 200
        Simulated studies.
    trend_per_week, odds_ratio : float
        Trend (odds ratio of lifting per week) and planted odds ratio.
    n_cases, n_controls : int
        Onsets and people without a flare per study.
    lifting_prob : float, default 0.15
        Probability of lifting on day 0.

    Returns
    -------
    DataFrame
        The replicate summary (``lbpkit.labs.SUMMARY_COLUMNS``); ``.attrs["studies"]`` holds
        every study.

    Examples
    --------
    >>> t = trend_experiment(seed=1, replicates=20, n_cases=300, n_controls=300)
    >>> t["choice"].tolist()[2], int(t["n_replicates"].iloc[0])
    ('time-stratified (same weekday, same month)', 20)
    """
    trend = check_positive("trend_per_week", trend_per_week)
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    m = check_count("n_controls", n_controls)
    p0 = check_probability("lifting_prob", lifting_prob, low=1e-9)
    days = np.arange(N_DAYS)
    prevalence = expit(logit(p0) + np.log(trend) * days / 7)
    cases = _hazard_weekday_cases(rng, R * n, prevalence, odds_ratio)
    results = {LABELS[key]: _fit(cases, key, rep, R) for key in (UNI, BI, TS)}
    rep_c = np.repeat(np.arange(R), m)
    flatter = expit(logit(p0) + 0.5 * np.log(trend) * days / 7)
    (same, mask), (flat, _) = _control_windows(rng, cases, [prevalence, flatter], m, n, R)
    controls = fit_matched_sets(same, mask, rep_c, R)
    results["case-time-control (unidirectional ÷ controls)"] = difference(results[LABELS[UNI]], controls)
    other = fit_matched_sets(flat, mask, rep_c, R)
    results["case-time-control, controls' trend half as steep"] = difference(results[LABELS[UNI]], other)
    return summarise(results, odds_ratio, threat="time trend", strength=trend, seed=seed, replicates=R, n_cases=n)


def overlap_bias_lab(
    *,
    seed: int,
    replicates: int = 200,
    odds_ratio: float = 2.0,
    mean_prevalence: float = 0.5,
    amplitude: float = 0.45,
    n_cases: int = 1000,
    both_referents_row: bool = True,
) -> pd.DataFrame:
    """Overlap bias: referents that depend on the onset day vs strata fixed in advance.

    Everyone works a four-week rota: the probability of lifting on day ``d`` is
    ``mean_prevalence + amplitude * sin(2 pi d / 28)`` for everyone (personal lifting, drawn
    independently per person, but its distribution follows a calendar pattern all share); the
    baseline risk of a flare is the same every day, so only the referent scheme can bias the
    estimate. With ``amplitude=0`` the distribution is the same on every day and no scheme is
    biased (see :func:`referent_scheme_experiment`). Rows: bidirectional ±7
    days cut at the edges (onsets in the first and last week keep one referent); bidirectional
    keeping only onsets with both referents (nothing cut, yet the referent set still depends on
    the onset day: not localizable; with a planted OR of 2 its bias is real but small, about 4%,
    so telling it from the 5% line takes about 1000 replicates: ``both_referents_row=False``
    leaves the row out where fewer are run); time-stratified (localizable: no overlap bias).

    Examples
    --------
    >>> t = overlap_bias_lab(seed=1, replicates=10, n_cases=300)
    >>> len(t), bool((t["planted_or"] == 2.0).all())
    (3, True)
    """
    for name, value in (("mean_prevalence", mean_prevalence), ("amplitude", amplitude)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"`{name}` must be a number, got {value!r}.")
    if not 0 <= amplitude < mean_prevalence < 1 - amplitude:
        raise ValueError(
            f"The daily lifting probability mean_prevalence ± amplitude must stay inside (0, 1) with "
            f"amplitude >= 0; got mean_prevalence={mean_prevalence!r}, amplitude={amplitude!r}."
        )
    if not isinstance(both_referents_row, (bool, np.bool_)):
        raise TypeError(f"`both_referents_row` must be True or False, got {both_referents_row!r}.")
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    prevalence = mean_prevalence + amplitude * np.sin(2 * np.pi * np.arange(N_DAYS) / N_DAYS)
    cases = _daily_cases(rng, R * n, prevalence, odds_ratio)
    results = {BI_CUT: _fit(cases, BI, rep, R)}
    if both_referents_row:
        results[BI_UNCUT] = _fit(cases, BI, rep, R, both=True)
    results["time-stratified (same weekday, same month)"] = _fit(cases, TS, rep, R)
    return summarise(results, odds_ratio, threat="overlap bias", strength=float(amplitude), seed=seed, replicates=R,
                     n_cases=n)


def _prevalence(pattern: str, strength: float, lifting_prob: float) -> np.ndarray:
    days = np.arange(N_DAYS)
    if pattern == "none":
        return np.full(N_DAYS, lifting_prob)
    if pattern == "trend":
        return expit(logit(lifting_prob) + np.log(check_positive("strength", strength)) * days / 7)
    if not 0 <= strength < min(lifting_prob, 1 - lifting_prob):
        raise ValueError(f"For pattern='rota', `strength` (the swing) must be >= 0 and below both lifting_prob and "
                         f"1 - lifting_prob; got strength={strength!r}, lifting_prob={lifting_prob!r}.")
    return lifting_prob + strength * np.sin(2 * np.pi * days / N_DAYS)


def daily_lifting_probability(*, pattern: str, strength: float = 0.0, lifting_prob: float = 0.3) -> pd.DataFrame:
    """The probability of lifting on each day of the study month, as :func:`referent_scheme_experiment` draws it.

    Parameters
    ----------
    pattern : {"none", "trend", "rota"}
    strength : float, default 0.0
        Trend (odds ratio per week) or the rota's swing (probability); ignored for ``"none"``.
    lifting_prob : float, default 0.3
        Probability of lifting (day 1 for a trend; the mean for a rota).

    Returns
    -------
    DataFrame
        One row per day of February 2021: ``day`` (1–28), ``lifting_prob`` and ``uncut_hazard_day``,
        True where a hazard day has both bidirectional referents (a week before and a week after) inside
        the month: the hazard days the uncut bidirectional design keeps (notebook 05, section 1a).

    Examples
    --------
    >>> rota = daily_lifting_probability(pattern="rota", strength=0.45, lifting_prob=0.5)
    >>> int(rota.loc[rota["uncut_hazard_day"], "day"].min()), int(rota.loc[rota["uncut_hazard_day"], "day"].max())
    (8, 21)
    """
    if pattern not in PATTERNS:
        raise ValueError(f"`pattern` must be one of {PATTERNS}, got {pattern!r}.")
    if isinstance(strength, bool) or not isinstance(strength, (int, float, np.integer, np.floating)):
        raise TypeError(f"`strength` must be a number, got {strength!r}.")
    probability = _prevalence(pattern, float(strength), check_probability("lifting_prob", lifting_prob, low=1e-9))
    layout = daily_layout(*BI)[1:]  # onsets on days 1-27 of the record, as the experiments draw them
    kept = layout[(layout >= 0).all(axis=1), 0]  # the hazard day (column 0) of onsets with both referents
    return pd.DataFrame({"day": np.arange(1, N_DAYS + 1), "lifting_prob": probability,
                         "uncut_hazard_day": np.isin(np.arange(N_DAYS), kept)})


def _shared_cases(rng, R: int, n: int, prevalence: np.ndarray, odds_ratio: float) -> dict[str, np.ndarray]:
    """One exposure series per study, the same for everyone in it; ``n`` onsets per study on days
    1–27 with probability proportional to ``odds_ratio ** series[day - 1]`` (constant baseline)."""
    series = (rng.random((R, N_DAYS)) < prevalence).astype(np.int8)
    weight = odds_ratio ** series[:, :-1].astype(float)
    cumulative = np.cumsum(weight, axis=1)
    cumulative /= cumulative[:, -1:]
    day = np.empty((R, n), dtype=np.int64)
    for r in range(R):  # inverse CDF per study
        day[r] = np.searchsorted(cumulative[r], rng.random(n), side="right") + 1
    return {"x": series[np.repeat(np.arange(R), n)], "day": np.minimum(day.ravel(), N_DAYS - 1)}


def referent_scheme_experiment(
    *,
    seed: int,
    replicates: int = 400,
    exposure: str = "personal",
    pattern: str = "none",
    strength: float = 0.0,
    odds_ratio: float = 2.0,
    n_cases: int = 500,
    lifting_prob: float = 0.3,
) -> pd.DataFrame:
    """Which referent schemes are biased depends on the exposure: shared series vs personal exposure.

    Exposure on day ``d`` has probability ``p(d)`` set by ``pattern``: ``"none"`` (``lifting_prob``
    every day), ``"trend"`` (odds multiplied by ``strength`` per week from ``lifting_prob`` on day 0)
    or ``"rota"`` (``lifting_prob + strength * sin(2 pi d / 28)``). With ``exposure="personal"``
    each person's days are drawn independently (lifting); with ``exposure="shared"`` one series
    is drawn per study and is the same for everyone in it (a common exposure such as weather or
    air pollution). The baseline risk of a flare is the same every day. Rows: unidirectional,
    bidirectional cut at the edges, bidirectional keeping only onsets with both referents
    (uncut), time-stratified.

    What it shows (over replicates): a personal exposure with ``pattern="none"`` (the same
    distribution at hazard and referent times, Maclure 1991) leaves every scheme unbiased; a
    shared series with a calendar pattern biases the schemes whose referents depend on the
    onset day (overlap bias, Lumley & Levy 2000; Janes, Sheppard & Lumley 2005), and so does a
    personal exposure whose distribution follows a common calendar pattern; time-stratified
    referents stay unbiased in every case. Compare cut and uncut bidirectional referents like
    with like: same data, same pattern.

    Parameters
    ----------
    seed : int
    replicates : int, default 400
    exposure : {"personal", "shared"}
    pattern : {"none", "trend", "rota"}
    strength : float
        Trend (odds ratio per week; must be positive) or the rota's swing (probability);
        ignored for ``"none"``.
    odds_ratio : float, default 2.0
    n_cases : int, default 500
        Onsets per study.
    lifting_prob : float, default 0.3
        Probability of exposure (day 0 for a trend; the mean for a rota).

    Returns
    -------
    DataFrame
        The replicate summary (``lbpkit.labs.SUMMARY_COLUMNS``); ``.attrs`` name the exposure
        and pattern.

    References
    ----------
    Maclure M. Am J Epidemiol 1991;133(2):144–153. doi:10.1093/oxfordjournals.aje.a115853
    Lumley T, Levy D. Environmetrics 2000;11(6):689–704.
    doi:10.1002/1099-095X(200011/12)11:6<689::AID-ENV439>3.0.CO;2-N
    Janes H, Sheppard L, Lumley T. Epidemiology 2005;16(6):717–726.
    doi:10.1097/01.ede.0000181315.18836.9d

    Examples
    --------
    >>> t = referent_scheme_experiment(seed=1, replicates=10, exposure="shared", pattern="rota", strength=0.2)
    >>> t["choice"].tolist()[1:3]
    ['bidirectional ±7 days, cut at the edges', 'bidirectional ±7 days, onsets with both referents']
    """
    if exposure not in EXPOSURES:
        raise ValueError(f"`exposure` must be one of {EXPOSURES}, got {exposure!r}.")
    if pattern not in PATTERNS:
        raise ValueError(f"`pattern` must be one of {PATTERNS}, got {pattern!r}.")
    if isinstance(strength, bool) or not isinstance(strength, (int, float, np.integer, np.floating)):
        raise TypeError(f"`strength` must be a number, got {strength!r}.")
    R, n, odds_ratio, rng, rep = start(seed, replicates, n_cases, odds_ratio)
    p0 = check_probability("lifting_prob", lifting_prob, low=1e-9)
    prevalence = _prevalence(pattern, float(strength), p0)
    if exposure == "personal":
        cases = _daily_cases(rng, R * n, prevalence, odds_ratio)
    else:
        cases = _shared_cases(rng, R, n, prevalence, odds_ratio)
    results = {
        LABELS[UNI]: _fit(cases, UNI, rep, R),
        BI_CUT: _fit(cases, BI, rep, R),
        BI_UNCUT: _fit(cases, BI, rep, R, both=True),
        LABELS[TS]: _fit(cases, TS, rep, R),
    }
    return summarise(results, odds_ratio, threat=f"{exposure} exposure, pattern {pattern}", strength=float(strength),
                     exposure=exposure, pattern=pattern, seed=seed, replicates=R, n_cases=n)
