"""The synthetic FLAReS twin over many seeds: mean estimates, single-draw spread, SE coverage.

One simulated cohort is one draw. What the twin *is* (its calibration, the borrowing between
activities, whether a confidence interval covers the planted truth) is a property of the mean
over many seeds, with its Monte Carlo interval. This module computes those summaries; the
shipped tables ``flares_twin_synthetic_calibration_check`` and
``flares_twin_synthetic_clustered_coverage`` (``data/synthetic``, both *synthetic*) hold the
heavy runs, written by ``tools/calibrate_flares_twin.py --check`` and
``tools/make_flares_twin_data.py --coverage``.

The functions are re-exported by :mod:`lbpkit.flares.twin`.

References
----------
Lin DY, Wei LJ. The robust inference for the Cox proportional hazards model. J Am Stat Assoc
1989;84:1074-8. doi:10.1080/01621459.1989.10478874 (the sandwich variance clustered by person).
Morris TP, White IR, Crowther MJ. Using simulation studies to evaluate statistical methods.
Stat Med 2019;38:2074-102. doi:10.1002/sim.8086 (Monte Carlo intervals of means and coverages).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from lbpkit.estimate import SeparationError, fit_conditional_logit_arrays
from lbpkit.flares.twin import ACTIVITIES, DEFAULT_SEED, NEAR_ONE_BAND, planted_truth, simulate_flares_cohort
from lbpkit.flares.twin_analysis import flares_twin_estimates, informative_participants

__all__ = [
    "estimates_over_seeds",
    "summarise_over_seeds",
    "calibration_targets",
    "single_draw_spread",
    "clustered_se_coverage",
]

_Z95 = float(norm.ppf(0.975))
# Half the last published digit: a mean that is within this of a published OR rounds to it.
ROUNDING_TOLERANCE = 0.005
_FAILURES = (SeparationError, np.linalg.LinAlgError)
_PER_FLARE = "one set per flare (controls reused)"
_COVERAGE_ROWS = (
    (_PER_FLARE, "model-based"),
    (_PER_FLARE, "clustered by participant"),
    ("one stratum per participant", "model-based"),
)


def _seed_list(seeds: Iterable[int], name: str = "seeds") -> list[int]:
    if isinstance(seeds, (int, np.integer, str)):
        raise TypeError(f"{name} must be a sequence of whole numbers (e.g. range(100)), not {seeds!r}.")
    out = [int(s) for s in seeds]
    if not out:
        raise ValueError(f"{name} must hold at least one seed.")
    return out


def estimates_over_seeds(
    seeds: Iterable[int],
    *,
    scenario: str = "sitting_protects",
    windows: Sequence[str] = ("24h",),
    models: Sequence[str] = ("one_at_a_time",),
    n_participants: int = 416,
) -> pd.DataFrame:
    """Per-activity conditional logistic estimates of one fresh synthetic cohort per seed.

    Parameters
    ----------
    seeds : iterable of int
        One cohort per seed (:func:`~lbpkit.flares.twin.simulate_flares_cohort`).
    scenario : str
        A key of :data:`~lbpkit.flares.twin.FLARES_SCENARIOS`.
    windows : sequence of {"24h", "2h"}
    models : sequence of {"one_at_a_time", "mutually_adjusted"}
    n_participants : int

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per seed x window x model x activity: ``seed``, ``scenario``, ``window``,
        ``model``, ``activity``, ``log_or``, ``se`` (NaN where the fit failed: separation or a
        singular information). ``.attrs["synthetic"]`` is True.

    Examples
    --------
    >>> from lbpkit.flares import estimates_over_seeds
    >>> runs = estimates_over_seeds([1, 2], n_participants=60)
    >>> runs.groupby("seed").size().tolist()
    [10, 10]
    """
    rows = []
    for seed in _seed_list(seeds):
        cohort = simulate_flares_cohort(seed=seed, scenario=scenario, n_participants=n_participants)
        for window in windows:
            for model in models:
                try:
                    fit = flares_twin_estimates(cohort, model=model, window=window)
                    log_or, se = fit["log_or"].to_numpy(), fit["se"].to_numpy()
                except _FAILURES:
                    log_or = se = np.full(len(ACTIVITIES), np.nan)
                rows.append(pd.DataFrame({"seed": seed, "scenario": scenario, "window": window, "model": model,
                                          "activity": list(ACTIVITIES), "log_or": log_or, "se": se}))
    table = pd.concat(rows, ignore_index=True)
    table.attrs = {"synthetic": True, "source": f"synthetic (lbpkit.flares.twin, scenario {scenario!r})"}
    return table


def summarise_over_seeds(per_seed: pd.DataFrame, *, documented_seed: int | None = DEFAULT_SEED) -> pd.DataFrame:
    """Mean estimate over seeds (log scale), its Monte Carlo interval, and the single-draw spread.

    Parameters
    ----------
    per_seed : pandas.DataFrame
        From :func:`estimates_over_seeds` (several may be concatenated, e.g. two scenarios).
    documented_seed : int or None
        If this seed is among the rows, its estimate is reported and placed in units of the SD
        over seeds (``documented_seed_sd_from_mean``); it is *not* used for the mean, so the mean
        describes the other draws.

    Returns
    -------
    pandas.DataFrame
        One row per scenario x window x model x activity: ``planted_or``, ``n_seeds``,
        ``n_failed``, ``seed_first``, ``seed_last``, ``mean_or`` (exp of the mean log-OR),
        ``mc_lower``/``mc_upper`` (95% Monte Carlo interval of that mean), ``sd_log_or`` (SD over
        seeds of the log estimate: how far one draw typically lies from the mean),
        ``mean_se`` (mean model-based SE, comparable with ``sd_log_or``),
        ``single_draw_lower``/``single_draw_upper`` (exp(mean ± 1.96 SD): where about 95% of
        single draws fall), ``share_above_1`` (share of draws with an estimate above 1),
        ``documented_seed_or`` and ``documented_seed_sd_from_mean``.

    Examples
    --------
    >>> import pandas as pd
    >>> runs = pd.DataFrame({"seed": [1, 2, 3], "scenario": "sitting_protects", "window": "24h",
    ...                      "model": "one_at_a_time", "activity": "lifting",
    ...                      "log_or": [0.04, 0.05, 0.06], "se": 0.01})
    >>> row = summarise_over_seeds(runs, documented_seed=None).iloc[0]
    >>> round(float(row["mean_or"]), 4), round(float(row["sd_log_or"]), 3), int(row["n_seeds"])
    (1.0513, 0.01, 3)
    """
    needed = ["seed", "scenario", "window", "model", "activity", "log_or", "se"]
    missing = [c for c in needed if c not in getattr(per_seed, "columns", [])]
    if missing:
        raise ValueError(f"per_seed has no column(s) {missing}; pass a frame from estimates_over_seeds.")
    keys = ["scenario", "window", "model", "activity"]
    documented = per_seed[per_seed["seed"] == documented_seed] if documented_seed is not None else per_seed.iloc[:0]
    draws = per_seed[per_seed["seed"] != documented_seed] if documented_seed is not None else per_seed
    ok = draws[np.isfinite(draws["log_or"])]
    grouped = ok.groupby(keys, sort=False)
    out = grouped["log_or"].agg(n_seeds="size", mean_log_or="mean", sd_log_or="std")
    out["n_failed"] = draws.groupby(keys, sort=False).size().reindex(out.index) - out["n_seeds"]
    out["seed_first"] = draws.groupby(keys, sort=False)["seed"].min().reindex(out.index)
    out["seed_last"] = draws.groupby(keys, sort=False)["seed"].max().reindex(out.index)
    out["mean_se"] = grouped["se"].mean()
    out["share_above_1"] = grouped["log_or"].agg(lambda v: float((v > 0).mean()))
    half = _Z95 * out["sd_log_or"] / np.sqrt(out["n_seeds"])
    out["mean_or"] = np.exp(out["mean_log_or"])
    out["mc_lower"], out["mc_upper"] = np.exp(out["mean_log_or"] - half), np.exp(out["mean_log_or"] + half)
    spread = _Z95 * out["sd_log_or"]
    out["single_draw_lower"] = np.exp(out["mean_log_or"] - spread)
    out["single_draw_upper"] = np.exp(out["mean_log_or"] + spread)
    doc = documented.set_index(keys)["log_or"].reindex(out.index)
    out["documented_seed_or"] = np.exp(doc)
    out["documented_seed_sd_from_mean"] = (doc - out["mean_log_or"]) / out["sd_log_or"]
    out = out.reset_index()
    out["planted_or"] = [float(planted_truth(s).loc[a, "odds_ratio"]) for s, a in zip(out["scenario"], out["activity"])]
    columns = keys + ["planted_or", "n_seeds", "n_failed", "seed_first", "seed_last", "mean_or", "mc_lower",
                      "mc_upper", "sd_log_or", "mean_se", "single_draw_lower", "single_draw_upper",
                      "share_above_1", "documented_seed_or", "documented_seed_sd_from_mean"]
    out = out[columns]
    out.attrs = {"synthetic": True, "documented_seed": documented_seed}
    return out


def calibration_targets() -> pd.DataFrame:
    """What the twin's mean one-at-a-time 24-h estimate must hit, per activity.

    Reported activities: the published OR ± :data:`ROUNDING_TOLERANCE` (the mean rounds to the
    published two-decimal figure). Unreported ones: :data:`~lbpkit.flares.twin.NEAR_ONE_BAND`
    (an ASSUMPTION: "not named among the activities linked to flares" read as "near 1").

    Precision: a published 95% CI (L, U), printed to two decimals, came from true limits within
    ±0.005 of the printed ones. A Wald CI on the log scale has width 2 × 1.96 × SE, so the SEs
    consistent with the printed CI run from (log(U − 0.005) − log(L + 0.005)) / (2 × 1.96) to
    (log(U + 0.005) − log(L − 0.005)) / (2 × 1.96) (``se_lower``, ``se_upper``; NaN where no CI
    was reported). The twin's mean model-based SE over seeds must lie in that interval, so that
    its precision lessons describe a study as informative as FLAReS, not a more informative one.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``activity``: ``target_or`` (published OR, NaN if unreported),
        ``target_lower``, ``target_upper``, ``target_source``, ``se_lower``, ``se_upper``.

    Examples
    --------
    >>> from lbpkit.flares.twin_replicates import calibration_targets
    >>> t = calibration_targets()
    >>> round(float(t.loc["lifting", "target_upper"] - t.loc["lifting", "target_lower"]), 6) == 2 * ROUNDING_TOLERANCE
    True
    """
    from lbpkit.data import load

    published = load("flares_published_or").set_index("activity")
    rows = []
    for activity in ACTIVITIES:
        row = published.loc[activity]
        if bool(row["reported"]):
            value = float(row["odds_ratio"])
            low, high = float(row["ci_lower"]), float(row["ci_upper"])
            se_lower = (np.log(high - ROUNDING_TOLERANCE) - np.log(low + ROUNDING_TOLERANCE)) / (2 * _Z95)
            se_upper = (np.log(high + ROUNDING_TOLERANCE) - np.log(low - ROUNDING_TOLERANCE)) / (2 * _Z95)
            rows.append((activity, value, value - ROUNDING_TOLERANCE, value + ROUNDING_TOLERANCE,
                         "published OR, within rounding (0.005)", se_lower, se_upper))
        else:
            rows.append((activity, np.nan, *NEAR_ONE_BAND, "assumption: near 1 (not reported)", np.nan, np.nan))
    columns = ["activity", "target_or", "target_lower", "target_upper", "target_source", "se_lower", "se_upper"]
    return pd.DataFrame(rows, columns=columns).set_index("activity")


def single_draw_spread(
    scenario: str = "sitting_protects",
    *,
    window: str = "24h",
    model: str = "one_at_a_time",
    summary: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How far one synthetic cohort's estimates typically lie from the mean over seeds.

    Parameters
    ----------
    scenario, window, model : str
        Which rows of the summary to show.
    summary : pandas.DataFrame, optional
        From :func:`summarise_over_seeds`; by default the shipped, *synthetic* calibration check
        (``load("flares_twin_synthetic_calibration_check")``, written by
        ``tools/calibrate_flares_twin.py --check``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``activity``: ``mean_or`` with its Monte Carlo 95% interval (``mc_lower``,
        ``mc_upper``), ``sd_log_or``, ``single_draw_lower``,
        ``single_draw_upper``, ``share_above_1``, ``documented_seed_or``,
        ``documented_seed_sd_from_mean``, ``n_seeds`` (see :func:`summarise_over_seeds`).
        ``.attrs["synthetic"]`` is True.

    Examples
    --------
    >>> from lbpkit.flares import single_draw_spread
    >>> spread = single_draw_spread("sitting_protects")
    >>> bool((spread["single_draw_lower"] < spread["mean_or"]).all())
    True
    """
    if summary is None:
        from lbpkit.data import load

        summary = load("flares_twin_synthetic_calibration_check")
    chosen = summary[(summary["scenario"] == scenario) & (summary["window"] == window) & (summary["model"] == model)]
    if chosen.empty:
        raise ValueError(f"No rows for scenario={scenario!r}, window={window!r}, model={model!r} in the summary.")
    columns = ["mean_or", "mc_lower", "mc_upper", "sd_log_or", "single_draw_lower", "single_draw_upper",
               "share_above_1", "documented_seed_or", "documented_seed_sd_from_mean", "n_seeds"]
    spread = chosen.set_index("activity")[columns].reindex(list(ACTIVITIES))
    spread.attrs = {"synthetic": True, "scenario": scenario, "window": window, "model": model}
    return spread


def _coverage_rows(covered: np.ndarray, estimates: np.ndarray, se: np.ndarray) -> list[dict]:
    """covered/estimates/se: replicates x activities (NaN rows = failed fits)."""
    ok = np.isfinite(estimates).all(axis=1)
    n = int(ok.sum())
    rows = []
    for k, activity in enumerate(ACTIVITIES):
        hits = int(covered[ok, k].sum())
        lower, upper = proportion_confint(hits, n, alpha=0.05, method="wilson") if n else (np.nan, np.nan)
        rows.append({"activity": activity, "coverage": hits / n if n else np.nan, "mc_lower": lower, "mc_upper": upper,
                     "mean_se": float(se[ok, k].mean()) if n else np.nan,
                     "sd_estimate": float(estimates[ok, k].std(ddof=1)) if n > 1 else np.nan})
    # Pooled: each replicate's share of the ten CIs that cover; replicates are independent.
    share = covered[ok].mean(axis=1)
    half = _Z95 * float(share.std(ddof=1)) / np.sqrt(n) if n > 1 else np.nan
    rows.append({"activity": "all ten (mean)", "coverage": float(share.mean()) if n else np.nan,
                 "mc_lower": float(share.mean()) - half if n else np.nan, "mc_upper": float(share.mean()) + half if n else np.nan,
                 "mean_se": float(np.mean([r["mean_se"] for r in rows])),
                 "sd_estimate": float(np.mean([r["sd_estimate"] for r in rows]))})
    for row in rows:
        row.update(n_replicates=n, n_failed=int((~ok).sum()))
    return rows


def clustered_se_coverage(
    *,
    replicates: int = 200,
    first_seed: int = 50_000,
    scenario: str = "sitting_protects",
    n_participants: int = 416,
) -> pd.DataFrame:
    """CI coverage of model-based vs person-clustered SEs when each flare gets its own matched set.

    A common way to set up the twin's data is one matched set per flare: the flare survey plus
    all of that participant's scheduled surveys
    (:func:`lbpkit.flares.reanalysis.match_control_periods`, ``rule="all"``). A participant with
    several flares then contributes several sets that *reuse the same control surveys*, so the
    sets are not independent and the model-based SEs (which treat them as independent) are too
    small. Robust SEs clustered by participant allow for it. Each replicate simulates a fresh
    cohort, fits the mutually adjusted model (all ten activities; its estimand is the planted
    per-hour OR) on the per-flare sets, and records whether each 95% CI covers the planted OR.
    For reference it also fits the usual design, one stratum per participant (each survey used
    once), with model-based SEs.

    Parameters
    ----------
    replicates : int
        Number of synthetic cohorts (seeds ``first_seed``, ``first_seed + 1``, ...).
    first_seed : int
    scenario : str
        A key of :data:`~lbpkit.flares.twin.FLARES_SCENARIOS`.
    n_participants : int

    Returns
    -------
    pandas.DataFrame
        One row per ``design`` x ``standard_error`` (per-flare sets with ``"model-based"`` or
        ``"clustered by participant"`` SEs; one stratum per participant, model-based) x
        activity (plus ``"all ten (mean)"``, the mean over activities of each replicate's share
        of covering CIs): ``scenario``, ``coverage`` of the nominal 95% CI, its 95% Monte Carlo
        interval ``mc_lower``/``mc_upper``, ``mean_se`` and ``sd_estimate`` (the SD of the
        estimates over replicates: the SE a method should match), ``n_replicates``,
        ``n_failed``, ``seed_first``, ``seed_last``. ``.attrs`` holds ``seeds``, ``scenario``,
        ``design`` and ``synthetic``.

    Examples
    --------
    >>> from lbpkit.flares import clustered_se_coverage
    >>> table = clustered_se_coverage(replicates=2, n_participants=80)
    >>> table.groupby(["design", "standard_error"], sort=False).size().to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {('one set per flare (controls reused)', 'model-based'): 11,
     ('one set per flare (controls reused)', 'clustered by participant'): 11,
     ('one stratum per participant', 'model-based'): 11}
    """
    from lbpkit.flares.twin import _check_int
    from lbpkit.flares.reanalysis import match_control_periods

    replicates = _check_int(replicates, "replicates", 2)
    first_seed = _check_int(first_seed, "first_seed", 0)
    truth = planted_truth(scenario)["log_or"].to_numpy()
    columns = [f"hours_{a}" for a in ACTIVITIES]
    shape = (replicates, len(ACTIVITIES))
    results = {key: (np.full(shape, np.nan), np.full(shape, np.nan)) for key in _COVERAGE_ROWS}
    for r in range(replicates):
        cohort = informative_participants(simulate_flares_cohort(seed=first_seed + r, scenario=scenario,
                                                                 n_participants=n_participants))
        sets = match_control_periods(cohort, rule="all")
        try:
            per_flare = fit_conditional_logit_arrays(
                sets["flare"].to_numpy(), sets[columns].to_numpy(float), sets["matched_set"].to_numpy(),
                cluster=sets["participant_id"].to_numpy(), warn=False)
            per_person = fit_conditional_logit_arrays(
                cohort["flare"].to_numpy(), cohort[columns].to_numpy(float), cohort["participant_id"].to_numpy(), warn=False)
        except _FAILURES:
            continue
        for key, fit, se in ((_COVERAGE_ROWS[0], per_flare, "se_model"), (_COVERAGE_ROWS[1], per_flare, "se"),
                             (_COVERAGE_ROWS[2], per_person, "se_model")):
            results[key][0][r], results[key][1][r] = fit["params"], fit[se]
    rows = []
    for (design, label), (est, se) in results.items():
        covered = np.abs(est - truth) <= _Z95 * se
        rows += [{"design": design, "standard_error": label, **row} for row in _coverage_rows(covered, est, se)]
    table = pd.DataFrame(rows)
    table.insert(0, "scenario", scenario)
    table["seed_first"], table["seed_last"] = first_seed, first_seed + replicates - 1
    table.attrs = {"synthetic": True, "scenario": scenario, "seeds": (first_seed, first_seed + replicates - 1),
                   "design": "one matched set per flare, all of the participant's scheduled surveys as controls"}
    return table
