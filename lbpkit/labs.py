"""Truth-known experiments of notebooks 03–05: self-matching and the bias lab.

Each experiment simulates hourly diaries with :func:`lbpkit.simulate.simulate_diary` (the planted
odds ratio is known), builds case-crossover data with :mod:`lbpkit.windows`, fits them with
:mod:`lbpkit.estimate`, and returns one row per analysis choice: the estimate, its 95% CI, the
planted odds ratio and the relative bias. All results are synthetic.

Diaries start on Monday 1 February 2021 and, where a calendar is needed, last the four weeks of
that month, so the time-stratified scheme (same weekday, same month) has exactly four candidate
days per onset.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import Table2x2

from lbpkit.estimate import case_time_control, conditional_logit
from lbpkit.simulate import (
    control_crossover_from_diary,
    diary_to_case_crossover,
    events_from_diary,
    simulate_diary,
)
from lbpkit.windows import case_crossover_windows

__all__ = [
    "THREATS",
    "Threat",
    "complete_strata",
    "pair_conditional_loglik",
    "self_matching_experiment",
    "trend_experiment",
    "overlap_bias_lab",
    "confounding_experiment",
    "recall_experiment",
    "window_length_experiment",
    "run_bias_experiment",
]

DIARY_START = pd.Timestamp("2021-02-01")  # a Monday; February 2021 has exactly four weeks
FOUR_WEEKS = 28 * 24
STEFFENS_REFERENTS = [(24, 26), (48, 50)]  # hours before onset (Steffens et al. 2015 protocol)
RESULT_COLUMNS = ["choice", "odds_ratio", "ci_lower", "ci_upper", "n_strata", "planted_or", "bias_percent"]


def _seeds(seed: int, n: int) -> list[int]:
    """Independent integer seeds for the parts of one experiment, fixed by ``seed``."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"`seed` must be an integer, got {seed!r}.")
    return [int(s) for s in np.random.SeedSequence(int(seed)).generate_state(n)]


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not value > 0:
        raise ValueError(f"`{name}` must be a positive number, got {value!r}.")
    return float(value)


def complete_strata(data: pd.DataFrame, exposures: str | Sequence[str], *, strata: str = "stratum", case: str = "case") -> pd.DataFrame:
    """Keep the strata that have a hazard window and at least one referent with known exposure.

    Windows outside the diary (e.g. a referent before the diary starts) have a missing exposure;
    strata left without a referent cannot inform a conditional analysis. The numbers of windows
    and strata removed are stored in ``.attrs["n_windows_removed"]`` and
    ``.attrs["n_strata_removed"]`` so that nothing is dropped silently.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"stratum": [0, 0, 1, 1], "case": [1, 0, 1, 0], "x": [1, 0, 1, None]})
    >>> kept = complete_strata(d, "x")
    >>> kept["stratum"].tolist(), kept.attrs["n_strata_removed"]
    ([0, 0], 1)
    """
    names = [exposures] if isinstance(exposures, str) else list(exposures)
    known = data[names].notna().all(axis=1)
    rows = data.loc[known]
    has_case = rows.groupby(strata)[case].max() == 1
    has_ref = rows.groupby(strata)[case].min() == 0
    good = has_case.index[has_case & has_ref]
    out = rows.loc[rows[strata].isin(good)].reset_index(drop=True)
    out.attrs = dict(data.attrs)
    out.attrs["n_windows_removed"] = int(len(data) - len(out))
    out.attrs["n_strata_removed"] = int(data[strata].nunique() - out[strata].nunique())
    return out


def pair_conditional_loglik(log_or: float | np.ndarray, case_only: int, referent_only: int) -> np.ndarray:
    """Conditional log-likelihood of 1:1 matched pairs as a function of the log odds ratio.

    Each pair in which only the case window was exposed contributes ``log(OR / (1 + OR))``, each
    pair in which only the referent was exposed ``log(1 / (1 + OR))``; concordant pairs
    contribute nothing. The maximum is at ``log(case_only / referent_only)``.

    Examples
    --------
    >>> import numpy as np
    >>> grid = np.log([3.0, 29 / 3, 30.0])
    >>> ll = pair_conditional_loglik(grid, 29, 3)
    >>> int(np.argmax(ll))
    1
    """
    for name, value in (("case_only", case_only), ("referent_only", referent_only)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"`{name}` must be a whole number of pairs >= 0, got {value!r}.")
    beta = np.asarray(log_or, dtype=float)
    return case_only * (beta - np.logaddexp(0.0, beta)) - referent_only * np.logaddexp(0.0, beta)


def _row(choice: str, fit: pd.DataFrame, exposure: str, planted: float) -> dict:
    est = fit.loc[exposure]
    return {
        "choice": choice,
        "odds_ratio": float(est["odds_ratio"]),
        "ci_lower": float(est["ci_lower"]),
        "ci_upper": float(est["ci_upper"]),
        "n_strata": int(fit.attrs.get("n_strata", fit.attrs.get("cases_n_strata", 0))),
        "planted_or": planted,
        "bias_percent": 100 * (float(est["odds_ratio"]) / planted - 1),
    }


def _table(rows: list[dict], **attrs) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    out.attrs.update(synthetic=True, source="synthetic (lbpkit.simulate, truth known)", **attrs)
    return out


def _clogit(data: pd.DataFrame, exposures: str | list[str]) -> pd.DataFrame:
    kept = complete_strata(data, exposures)
    fit = conditional_logit(kept, "case", exposures, "stratum", engine="fast")
    fit.attrs["n_strata_removed"] = kept.attrs["n_strata_removed"]
    return fit


def _people(diary: pd.DataFrame, *, seed: int | None = None, n_without: int = 0) -> pd.DataFrame:
    """The diary rows of everyone with an onset, plus ``n_without`` random people without one.

    A case-crossover analysis only reads the cases' own diaries (and a case-time-control
    analysis a sample of non-cases), so the rest is left out to keep the widgets fast.
    """
    with_onset = diary.loc[diary["event"] == 1, "id"].unique()
    keep = set(with_onset.tolist())
    if n_without:
        others = np.setdiff1d(diary["id"].unique(), with_onset)
        pick = np.random.default_rng(seed).choice(others, size=min(n_without, others.size), replace=False)
        keep |= set(pick.tolist())
    out = diary.loc[diary["id"].isin(keep)].reset_index(drop=True)
    out.attrs = dict(diary.attrs)
    return out


def _calendar(diary: pd.DataFrame, *, unit: str = "h") -> pd.DataFrame:
    out = diary.copy()
    out["time"] = DIARY_START + pd.to_timedelta(out["time"], unit=unit)
    out.attrs = dict(diary.attrs)
    return out


def self_matching_experiment(
    *,
    seed: int,
    odds_ratio: float = 2.0,
    confounder_strength: float = 4.0,
    n_people: int = 1000,
    n_hours: int = 14 * 24,
) -> pd.DataFrame:
    """A stable between-person confounder biases a naive comparison but not the self-matched one.

    Half of the people have a heavy manual job: the odds of lifting in any hour *and* the odds
    of a flare in any hour are ``confounder_strength`` times those of the other half. Lifting
    has a planted transient effect (``odds_ratio`` in the 2 hours after lifting).

    - *Naive*: the lifting prevalence in the cases' 2-h hazard windows is compared with that in
      one random 2-h window of every person (as in an unmatched comparison with other people).
    - *Self-matched*: each case's hazard window (0–2 h) against his or her own referent windows
      24–26 h and 48–50 h before onset (conditional logistic regression).

    Returns
    -------
    DataFrame
        Rows ``naive`` and ``self-matched`` with ``odds_ratio``, CI, ``planted_or`` and
        ``bias_percent``.

    Examples
    --------
    >>> t = self_matching_experiment(seed=1, n_people=200, confounder_strength=1.0)
    >>> t["choice"].tolist()
    ['naive: cases vs other people', 'self-matched: case-crossover']
    """
    odds_ratio = _positive("odds_ratio", odds_ratio)
    strength = _positive("confounder_strength", confounder_strength)
    s_light, s_heavy, s_pick = _seeds(seed, 3)
    half = int(n_people) // 2
    base = dict(n_hours=int(n_hours), odds_ratio=odds_ratio, effect_period=2)
    light = simulate_diary(half, seed=s_light, exposure_prob=0.05, event_prob=0.0008, **base)
    p_exp = 0.05 * strength / (1 - 0.05 + 0.05 * strength)
    p_ev = 0.0008 * strength / (1 - 0.0008 + 0.0008 * strength)
    heavy = simulate_diary(half, seed=s_heavy, exposure_prob=p_exp, event_prob=p_ev, **base)
    heavy["id"] += half
    diary = pd.concat([light, heavy], ignore_index=True)
    diary.attrs = dict(light.attrs)
    cc = complete_strata(diary_to_case_crossover(_people(diary), referents=STEFFENS_REFERENTS, warn=False), "exposure")

    # Naive comparison: one random 2-h window per person, anywhere in the diary.
    rng = np.random.default_rng(s_pick)
    start = rng.integers(0, int(n_hours) - 2, size=2 * half)
    lifting = diary["exposure"].to_numpy().reshape(2 * half, int(n_hours))
    control_exposed = np.maximum(lifting[np.arange(2 * half), start], lifting[np.arange(2 * half), start + 1])
    case_exposed = cc.loc[cc["case"] == 1, "exposure"].to_numpy()
    table = Table2x2(np.array([[case_exposed.sum(), (1 - case_exposed).sum()],
                               [control_exposed.sum(), (1 - control_exposed).sum()]], dtype=float))
    low, high = table.oddsratio_confint()
    naive = {
        "choice": "naive: cases vs other people",
        "odds_ratio": float(table.oddsratio),
        "ci_lower": float(low),
        "ci_upper": float(high),
        "n_strata": int(case_exposed.size),
        "planted_or": odds_ratio,
        "bias_percent": 100 * (float(table.oddsratio) / odds_ratio - 1),
    }
    fit = conditional_logit(cc, "case", "exposure", "stratum", engine="fast")
    rows = [naive, _row("self-matched: case-crossover", fit, "exposure", odds_ratio)]
    return _table(rows, threat="stable confounder", strength=strength, n_strata_removed=cc.attrs["n_strata_removed"])


def _daily_windows(events: pd.DataFrame, record: pd.DataFrame, **scheme) -> pd.DataFrame:
    """Case-crossover windows on a daily calendar record (hazard = the day before onset)."""
    with warnings.catch_warnings():
        # Referents outside the four weeks are expected; complete_strata counts what is removed.
        warnings.simplefilter("ignore", UserWarning)
        cc = case_crossover_windows(events, record, exposures="exposure", hazard=(0, 1), how="any",
                                    unit="D", resolution=1.0, problems="warn", **scheme)
    return complete_strata(cc, "exposure")


def _pseudo_onsets(diary: pd.DataFrame, onsets: pd.DataFrame, *, seed: int, n: int) -> pd.DataFrame:
    """``n`` people without an onset, each given an onset time drawn from the cases' onsets."""
    rng = np.random.default_rng(seed)
    never = np.setdiff1d(diary["id"].unique(), onsets["id"].unique())
    ids = rng.choice(never, size=min(n, never.size), replace=False)
    return pd.DataFrame({"id": ids, "time": rng.choice(onsets["time"].to_numpy(), size=ids.size)})


def trend_experiment(
    *,
    seed: int,
    trend_per_week: float = 0.7,
    odds_ratio: float = 2.0,
    n_people: int = 3000,
    n_controls: int = 1000,
) -> pd.DataFrame:
    """Referent schemes and case-time-control under a time trend in exposure (daily diaries).

    Each of ``n_people`` keeps a daily diary for the four weeks of February 2021 ("did I lift
    heavy loads today?", probability 0.15 a day). The odds of lifting change by the factor
    ``trend_per_week`` each week for everyone (below 1: people lift less as their episode
    settles). Lifting raises the odds of a flare the next day by ``odds_ratio``; the hazard
    window is the day before onset. Referents lie a whole number of weeks away (same weekday):

    - *unidirectional*: 1 and 2 weeks before onset;
    - *bidirectional*: 1 week before and 1 week after, cut at the diary's edges (an onset in the
      first week keeps only its "after" referent), so the referent set depends on when the onset
      happened — the root of overlap bias;
    - *time-stratified*: every other same weekday in February (fixed strata);
    - *case-time-control*: the unidirectional odds ratio divided by the same analysis in
      ``n_controls`` people without a flare (pseudo-onsets drawn from the cases' onset days);
    - the design's pitfall: controls whose trend is only half as steep (log scale) as the cases'.

    Examples
    --------
    >>> t = trend_experiment(seed=1, n_people=600, n_controls=200)
    >>> len(t), bool((t["planted_or"] == 2.0).all())
    (5, True)
    """
    trend = _positive("trend_per_week", trend_per_week)
    odds_ratio = _positive("odds_ratio", odds_ratio)
    s_diary, s_ctrl, s_other, s_other_ctrl = _seeds(seed, 4)
    days = 28
    base = dict(n_hours=days, odds_ratio=odds_ratio, exposure_prob=0.15, event_prob=0.008, effect_period=1)
    full = trend ** ((days - 1) / 7)
    diary = _calendar(simulate_diary(int(n_people), seed=s_diary, exposure_trend_or=full, **base), unit="D")
    onsets = events_from_diary(diary)
    schemes = {
        "unidirectional (1 and 2 weeks before)": dict(scheme="unidirectional", lag=7, n_referents=2),
        "bidirectional (1 week before and after)": dict(scheme="bidirectional", lag=7, n_referents=1),
        "time-stratified (same weekday, same month)": dict(scheme="time_stratified"),
    }
    rows, cases = [], None
    for label, kw in schemes.items():
        cc = _daily_windows(onsets, diary, **kw)
        cases = cc if cases is None else cases
        fit = conditional_logit(cc, "case", "exposure", "stratum", engine="fast")
        rows.append(_row(label, fit, "exposure", odds_ratio))
    uni = schemes["unidirectional (1 and 2 weeks before)"]
    controls = _daily_windows(_pseudo_onsets(diary, onsets, seed=s_ctrl, n=n_controls), diary, **uni)
    ctc = case_time_control(cases, controls, "case", "exposure", "stratum")
    rows.append(_row("case-time-control (unidirectional ÷ controls)", ctc, "exposure", odds_ratio))
    # Pitfall: controls from people whose trend is half as steep (log scale) as the cases'.
    other = _calendar(simulate_diary(int(n_people), seed=s_other, exposure_trend_or=full**0.5, **base), unit="D")
    other_controls = _daily_windows(_pseudo_onsets(other, events_from_diary(other), seed=s_other_ctrl, n=n_controls),
                                    other, **uni)
    ctc_bad = case_time_control(cases, other_controls, "case", "exposure", "stratum")
    rows.append(_row("case-time-control, controls' trend half as steep", ctc_bad, "exposure", odds_ratio))
    return _table(rows, threat="time trend", strength=trend)


def _rota_diary(prevalence: np.ndarray, *, n_people: int, odds_ratio: float, event_prob: float, seed: int) -> pd.DataFrame:
    """Daily diaries from 1 February 2021 with a given lifting prevalence for each calendar day.

    :func:`lbpkit.simulate.simulate_diary` only has a log-linear trend; overlap bias needs an
    exposure pattern that is not a straight line, so this one draws lifting day by day. Lifting
    multiplies the odds of an onset the next day by ``odds_ratio``; the baseline risk of onset
    is the same every day, so calendar time confounds nothing.
    """
    rng = np.random.default_rng(seed)
    n_days = prevalence.size
    lifting = rng.random((n_people, n_days)) < prevalence
    lifted_yesterday = np.zeros_like(lifting)
    lifted_yesterday[:, 1:] = lifting[:, :-1]
    logit = np.log(event_prob / (1 - event_prob)) + np.log(odds_ratio) * lifted_yesterday
    onset = rng.random((n_people, n_days)) < 1 / (1 + np.exp(-logit))
    out = pd.DataFrame({
        "id": np.repeat(np.arange(n_people), n_days),
        "time": DIARY_START + pd.to_timedelta(np.tile(np.arange(n_days), n_people), unit="D"),
        "exposure": lifting.ravel().astype(np.int8),
        "event": onset.ravel().astype(np.int8),
    })
    out.attrs.update(synthetic=True, truth={"odds_ratio": odds_ratio, "event_prob": event_prob})
    return out


def overlap_bias_lab(
    *,
    seed: int,
    odds_ratio: float = 2.0,
    mean_prevalence: float = 0.5,
    amplitude: float = 0.45,
    n_people: int = 30000,
    event_prob: float = 0.005,
) -> pd.DataFrame:
    """Overlap bias made visible: bidirectional referents cut at the study's edges vs fixed strata.

    Everyone keeps a daily lifting diary for the four weeks of February 2021 and works a
    four-week rota: the probability of lifting on calendar day ``d`` (0–27) is
    ``mean_prevalence + amplitude * sin(2 pi d / 28)`` — rising in week 1, falling through weeks
    2–3, rising again in week 4. Lifting raises the odds of a flare the next day by
    ``odds_ratio`` (hazard window = the day before onset). The baseline risk of a flare is the
    same every day, so nothing but the referent scheme can bias the estimate.

    - *bidirectional ±7 days, cut at the edges*: referents 1 week before and 1 week after;
      onsets in the first and last week keep only the referent inside February, so the
      referent set depends on when the onset happened;
    - *bidirectional ±7 days, onsets with both referents*: the same, keeping only onsets whose
      two referents both lie in February (no cutting, but the sets still depend on the onset);
    - *time-stratified*: every other same weekday in February (strata fixed in advance).

    Returns
    -------
    DataFrame
        One row per scheme with ``odds_ratio``, CI, ``n_strata``, ``planted_or`` and
        ``bias_percent``; ``.attrs["n_onsets"]`` is the number of onsets simulated.

    Examples
    --------
    >>> t = overlap_bias_lab(seed=1, n_people=2000)
    >>> len(t), bool((t["planted_or"] == 2.0).all())
    (3, True)
    """
    odds_ratio = _positive("odds_ratio", odds_ratio)
    for name, value in (("mean_prevalence", mean_prevalence), ("amplitude", amplitude)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"`{name}` must be a number, got {value!r}.")
    if not 0 <= amplitude < mean_prevalence < 1 - amplitude:
        raise ValueError(
            f"The daily lifting probability mean_prevalence ± amplitude must stay inside (0, 1) with "
            f"amplitude >= 0; got mean_prevalence={mean_prevalence!r}, amplitude={amplitude!r}."
        )
    if isinstance(event_prob, bool) or not 0 < event_prob < 1:
        raise ValueError(f"`event_prob` must be a probability in (0, 1), got {event_prob!r}.")
    if isinstance(n_people, bool) or not isinstance(n_people, (int, np.integer)) or n_people < 1:
        raise ValueError(f"`n_people` must be a whole number >= 1, got {n_people!r}.")
    (s_diary,) = _seeds(seed, 1)
    days = np.arange(28)
    prevalence = mean_prevalence + amplitude * np.sin(2 * np.pi * days / 28)
    diary = _rota_diary(prevalence, n_people=int(n_people), odds_ratio=odds_ratio, event_prob=float(event_prob), seed=s_diary)
    onsets = events_from_diary(diary)
    bidirectional = _daily_windows(onsets, diary, scheme="bidirectional", lag=7, n_referents=1)
    # A stratum with the hazard window and both referents has three rows.
    both = bidirectional.loc[bidirectional.groupby("stratum")["case"].transform("size") == 3].reset_index(drop=True)
    stratified = _daily_windows(onsets, diary, scheme="time_stratified")
    rows = [
        _row(label, conditional_logit(cc, "case", "exposure", "stratum", engine="fast"), "exposure", odds_ratio)
        for label, cc in (
            ("bidirectional ±7 days, cut at the edges", bidirectional),
            ("bidirectional ±7 days, onsets with both referents", both),
            ("time-stratified (same weekday, same month)", stratified),
        )
    ]
    return _table(rows, threat="overlap bias", strength=float(amplitude), n_onsets=int(len(onsets)))


def confounding_experiment(
    *,
    seed: int,
    confounder_or: float = 3.0,
    odds_ratio: float = 2.0,
    n_people: int = 2000,
) -> pd.DataFrame:
    """A time-varying within-person confounder, ignored and adjusted for.

    On some days (a 24-h block, probability 0.3) a person is, say, sleep-deprived: the odds of
    lifting *and* the odds of a flare are both multiplied by ``confounder_or``. Self-matching
    cannot remove it because it changes within a person; adding the (measured) confounder to the
    conditional logistic model can. Windows: 0–2 h vs 24–26 h and 48–50 h before onset.

    Examples
    --------
    >>> t = confounding_experiment(seed=1, n_people=200, confounder_or=1.0)
    >>> t["choice"].tolist()
    ['confounder ignored', 'adjusted for the confounder']
    """
    strength = _positive("confounder_or", confounder_or)
    odds_ratio = _positive("odds_ratio", odds_ratio)
    (s_diary,) = _seeds(seed, 1)
    diary = simulate_diary(
        int(n_people), 14 * 24, seed=s_diary, odds_ratio=odds_ratio, exposure_prob=0.08, event_prob=0.0008,
        effect_period=2, confounder_prob=0.3, confounder_exposure_or=strength, confounder_event_or=strength,
        confounder_block=24,
    )
    with warnings.catch_warnings():
        # Windows before the diary starts are expected; complete_strata counts what is removed.
        warnings.simplefilter("ignore", UserWarning)
        cc = case_crossover_windows(
            events_from_diary(diary), _people(diary), exposures=["exposure", "confounder"], scheme="fixed",
            hazard=(0, 2), referents=STEFFENS_REFERENTS, how="any", resolution=1.0, problems="drop",
        )
    rows = [
        _row("confounder ignored", _clogit(cc, "exposure"), "exposure", odds_ratio),
        _row("adjusted for the confounder", _clogit(cc, ["exposure", "confounder"]), "exposure", odds_ratio),
    ]
    return _table(rows, threat="time-varying confounder", strength=strength)


def recall_experiment(
    *,
    seed: int,
    recall_inflation: float = 0.15,
    odds_ratio: float = 2.0,
    n_people: int = 2000,
) -> pd.DataFrame:
    """Differential recall: lifting "remembered" in the hours just before a flare.

    Exposure is reported after the flare. In the 2 hours before onset an hour without lifting
    is reported as lifting with probability ``recall_inflation`` (the flare prompts a search for
    a cause); hours far from onset are reported correctly. The true-exposure analysis is what a
    perfect diary would give.

    Examples
    --------
    >>> t = recall_experiment(seed=1, n_people=200, recall_inflation=0.0)
    >>> bool(abs(t["odds_ratio"].iloc[0] - t["odds_ratio"].iloc[1]) < 1e-9)
    True
    """
    if isinstance(recall_inflation, bool) or not 0 <= recall_inflation < 1:
        raise ValueError(f"`recall_inflation` must be a probability in [0, 1), got {recall_inflation!r}.")
    odds_ratio = _positive("odds_ratio", odds_ratio)
    (s_diary,) = _seeds(seed, 1)
    diary = simulate_diary(
        int(n_people), 14 * 24, seed=s_diary, odds_ratio=odds_ratio, exposure_prob=0.08, event_prob=0.0008,
        effect_period=2, recall_inflation=float(recall_inflation), recall_window=2,
    )
    rows = []
    cases = _people(diary)
    for label, column in (("true exposure (diary kept at the time)", "true_exposure"), ("recalled after the flare", "exposure")):
        cc = diary_to_case_crossover(cases, referents=STEFFENS_REFERENTS, exposure=column, warn=False)
        rows.append(_row(label, _clogit(cc, column), column, odds_ratio))
    return _table(rows, threat="recall bias", strength=float(recall_inflation))


def window_length_experiment(
    *,
    seed: int,
    hazard_length: int = 8,
    effect_period: int = 2,
    odds_ratio: float = 3.0,
    n_people: int = 2000,
) -> pd.DataFrame:
    """A hazard window longer or shorter than the true effect period.

    Lifting raises the odds of a flare for ``effect_period`` hours. The analysis uses a hazard
    window of ``hazard_length`` hours before onset and referent windows of the same length 24 h
    and 48 h earlier. The first row uses the true effect period.

    Examples
    --------
    >>> t = window_length_experiment(seed=1, n_people=200, hazard_length=2)
    >>> bool(abs(t["odds_ratio"].iloc[0] - t["odds_ratio"].iloc[1]) < 1e-9)
    True
    """
    for name, value in (("hazard_length", hazard_length), ("effect_period", effect_period)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= 23:
            raise ValueError(f"`{name}` must be a whole number of hours from 1 to 23, got {value!r}.")
    odds_ratio = _positive("odds_ratio", odds_ratio)
    (s_diary,) = _seeds(seed, 1)
    diary = simulate_diary(
        int(n_people), 14 * 24, seed=s_diary, odds_ratio=odds_ratio, exposure_prob=0.05, event_prob=0.0008,
        effect_period=int(effect_period),
    )
    rows = []
    cases = _people(diary)
    for length in (int(effect_period), int(hazard_length)):
        cc = diary_to_case_crossover(
            cases, hazard=(0, length), referents=[(24, 24 + length), (48, 48 + length)], warn=False
        )
        label = f"hazard window 0–{length} h" + (" (= true effect period)" if length == effect_period else "")
        rows.append(_row(label, _clogit(cc, "exposure"), "exposure", odds_ratio))
    return _table(rows, threat="window length", strength=int(hazard_length))


@dataclass(frozen=True)
class Threat:
    """One threat of the bias lab: how to run it and the range of its "strength" control."""

    label: str
    strength_label: str
    minimum: float
    maximum: float
    step: float
    default: float
    no_threat: float
    run: object


THREATS: dict[str, Threat] = {
    "time_trend": Threat("Time trend in exposure", "trend (odds ratio per week)", 0.5, 1.5, 0.05, 0.7, 1.0,
                         lambda s, seed: trend_experiment(seed=seed, trend_per_week=s, n_people=2000, n_controls=600)),
    "confounding": Threat("Time-varying confounder", "confounder odds ratio", 1.0, 6.0, 0.25, 3.0, 1.0,
                          lambda s, seed: confounding_experiment(seed=seed, confounder_or=s)),
    "recall": Threat("Recall after the flare", "recall inflation (probability)", 0.0, 0.5, 0.05, 0.15, 0.0,
                     lambda s, seed: recall_experiment(seed=seed, recall_inflation=s)),
    "window_length": Threat("Wrong window length", "hazard window length (hours)", 1, 12, 1, 8, 2,
                            lambda s, seed: window_length_experiment(seed=seed, hazard_length=int(round(s)))),
}


def run_bias_experiment(threat: str, strength: float, *, seed: int) -> pd.DataFrame:
    """Run one threat of the bias lab at a given strength (see :data:`THREATS`).

    Examples
    --------
    >>> t = run_bias_experiment("window_length", 2, seed=3)
    >>> t.attrs["threat"], float(t["planted_or"].iloc[0])
    ('window length', 3.0)
    """
    if threat not in THREATS:
        raise ValueError(f"Unknown threat {threat!r}; choose one of {list(THREATS)}.")
    spec = THREATS[threat]
    if not spec.minimum <= strength <= spec.maximum:
        raise ValueError(f"strength for {threat!r} ({spec.strength_label}) must be between {spec.minimum} and {spec.maximum}, got {strength!r}.")
    return spec.run(strength, seed)
