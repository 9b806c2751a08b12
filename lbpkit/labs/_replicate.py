"""Many simulated studies at once: batched estimators and the replicate summary table.

For maintainers of the labs, and for learners who open a lab's result to see every study.

The labs simulate ``replicates`` studies in one go and hold each analysis choice as rectangular
arrays of matched sets: ``X[s, 0]`` is the hazard window of set ``s`` and ``X[s, 1:]`` its
referent windows, ``mask`` marks the windows that exist (inside the record) and ``rep[s]`` says
which simulated study set ``s`` belongs to. The conditional logistic model is fitted to every
study at once by the engine's batched solver, :func:`lbpkit.engine.batched.fit_matched_sets`; this module adds the other batched
estimators (Mantel–Haenszel, Woolf, case-time-control differences) and the replicate summary
table that every lab returns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from lbpkit.engine.batched import Estimates

__all__ = [
    "SUMMARY_COLUMNS",
    "BIAS_THRESHOLD_PERCENT",
    "is_biased",
    "STUDY_COLUMNS",
    "mantel_haenszel_sets",
    "woolf_odds_ratio",
    "difference",
    "summarise",
    "one_study",
    "studies",
    "share_ci_above",
]

Z95 = float(norm.ppf(0.975))
# A mean at least this far from the planted OR (in percent of it) is a bias that matters; below it
# lie the estimator's own small-sample bias in the kit's sound analyses (within about ±2% with a
# few hundred cases per study, checked over 30 seeds) and Monte Carlo noise. Stated in the
# glossary ("Bias"), the notebooks and the widgets.
BIAS_THRESHOLD_PERCENT = 5.0
SUMMARY_COLUMNS = [
    "choice", "planted_or", "mean_or", "mean_or_lower", "mean_or_upper", "bias_percent", "bias_lower",
    "bias_upper", "biased", "coverage", "coverage_lower", "coverage_upper", "n_replicates", "n_failed", "n_strata",
]
STUDY_COLUMNS = ["replicate", "choice", "log_or", "se", "odds_ratio", "ci_lower", "ci_upper", "covers", "n_strata", "failed"]
SOURCE = "synthetic (lbpkit.labs, truth known)"


def mantel_haenszel_sets(X: np.ndarray, mask: np.ndarray, rep: np.ndarray, n_rep: int) -> Estimates:
    """Mantel–Haenszel odds ratio of every study at once (binary exposure, one case per set),
    with the Robins–Breslow–Greenland SE of its log, as :func:`lbpkit.estimate.mantel_haenszel`.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [1, 0, 1]])
    >>> est = mantel_haenszel_sets(X, np.ones_like(X, bool), np.zeros(4, int), 1)
    >>> round(float(np.exp(est.log_or[0])), 4)  # sum of a*d/n over sum of b*c/n: (4/3) / (1/3)
    4.0
    """
    X = np.where(mask, np.asarray(X, dtype=float), 0.0)
    mask = np.asarray(mask, dtype=bool)
    has = mask[:, 0] & (mask.sum(axis=1) >= 2)
    n = mask.sum(axis=1).astype(float)
    a = X[:, 0] * has  # exposed case
    c = (1 - X[:, 0]) * has  # unexposed case
    b = (X[:, 1:] * mask[:, 1:]).sum(axis=1) * has  # exposed referents
    d = (mask[:, 1:].sum(axis=1) - b) * has  # unexposed referents
    n = np.where(has, n, 1.0)
    R, S = a * d / n, b * c / n
    P, Q = (a + d) / n, (b + c) / n
    sums = {k: np.bincount(rep, weights=v, minlength=n_rep) for k, v in
            dict(R=R, S=S, PR=P * R, PS=P * S, QR=Q * R, QS=Q * S).items()}
    with np.errstate(divide="ignore", invalid="ignore"):
        log_or = np.log(sums["R"] / sums["S"])
        var = (sums["PR"] / (2 * sums["R"] ** 2) + (sums["PS"] + sums["QR"]) / (2 * sums["R"] * sums["S"])
               + sums["QS"] / (2 * sums["S"] ** 2))
    informative = has & ((a * d + b * c) > 0)
    ok = np.isfinite(log_or) & np.isfinite(var)
    return Estimates(log_or=np.where(ok, log_or, np.nan), se=np.where(ok, np.sqrt(var), np.nan),
                     n_strata=np.bincount(rep, weights=informative, minlength=n_rep).astype(int))


def woolf_odds_ratio(cases_exposed: np.ndarray, n_cases: np.ndarray, controls_exposed: np.ndarray,
                     n_controls: np.ndarray) -> Estimates:
    """Unmatched 2×2 odds ratio per study with Woolf's SE, as statsmodels' ``Table2x2``.

    Examples
    --------
    >>> import numpy as np
    >>> est = woolf_odds_ratio(np.array([30]), np.array([50]), np.array([20]), np.array([50]))
    >>> round(float(np.exp(est.log_or[0])), 3)  # (30 * 30) / (20 * 20)
    2.25
    """
    a = np.asarray(cases_exposed, float)
    b = np.asarray(n_cases, float) - a
    c = np.asarray(controls_exposed, float)
    d = np.asarray(n_controls, float) - c
    ok = (a > 0) & (b > 0) & (c > 0) & (d > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_or = np.log(a * d / (b * c))
        se = np.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return Estimates(log_or=np.where(ok, log_or, np.nan), se=np.where(ok, se, np.nan),
                     n_strata=np.asarray(n_cases, int))


def difference(cases: Estimates, controls: Estimates) -> Estimates:
    """Case-time-control: the case-crossover log OR minus the control-crossover log OR; the two
    fits use different people, so the variances add (as :func:`lbpkit.estimate.case_time_control`)."""
    return Estimates(log_or=cases.log_or - controls.log_or, se=np.sqrt(cases.se**2 + controls.se**2),
                     n_strata=cases.n_strata)


def _wilson(k: float, n: int) -> tuple[float, float]:
    """Wilson 95% interval of a coverage ``k / n`` (statsmodels); NaN when no study had a fit."""
    if n == 0:
        return float("nan"), float("nan")
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    return float(low), float(high)


class _StudyTable:
    """The per-study table, kept in a summary's ``.attrs["studies"]``. A wrapper rather than the
    DataFrame itself, so that pandas can compare and copy the summary's attrs (``pd.concat``,
    ``.round()``) without comparing or deep-copying every study."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def __deepcopy__(self, memo):
        return self

    def __repr__(self) -> str:
        return f"<{len(self.frame)} rows: one per study and analysis choice; lbpkit.labs.studies(table)>"


def is_biased(bias_percent: float, lower: float, upper: float) -> bool:
    """The kit's flag: the mean bias is at least :data:`BIAS_THRESHOLD_PERCENT` from 0 **and** its
    Monte Carlo 95% interval (``lower`` to ``upper``) excludes 0. Either alone is not enough: an
    interval that excludes 0 only says that the replicates were many (thousands of them pin down
    a percent of small-sample bias), and a large mean with an interval around 0 is noise.

    Examples
    --------
    >>> is_biased(1.5, 0.9, 2.2), is_biased(8.0, -1.0, 17.0), is_biased(-12.0, -14.0, -10.0)
    (False, False, True)
    """
    evidence = bool(lower > 0 or upper < 0)
    return evidence and bool(abs(bias_percent) >= BIAS_THRESHOLD_PERCENT)


def summarise(results: dict[str, Estimates], planted_or: float, **attrs) -> pd.DataFrame:
    """The replicate summary table (one row per analysis choice) with the per-study table in
    ``.attrs["studies"]``. See :data:`SUMMARY_COLUMNS` and lbpkit.labs' module docstring."""
    rows, studies = [], []
    log_truth = float(np.log(planted_or))
    for choice, est in results.items():
        failed = est.failed
        lo = est.log_or[~failed]
        n_ok = int(lo.size)
        lower = np.exp(est.log_or - Z95 * est.se)
        upper = np.exp(est.log_or + Z95 * est.se)
        covers = ~failed & (lower <= planted_or) & (planted_or <= upper)
        mean = float(lo.mean()) if n_ok else float("nan")
        half = Z95 * float(lo.std(ddof=1)) / np.sqrt(n_ok) if n_ok > 1 else float("nan")
        cov_lo, cov_hi = _wilson(float(covers.sum()), n_ok)
        bias = [100 * (np.exp(m - log_truth) - 1) for m in (mean, mean - half, mean + half)]
        rows.append({
            "choice": choice, "planted_or": float(planted_or), "mean_or": float(np.exp(mean)),
            "mean_or_lower": float(np.exp(mean - half)), "mean_or_upper": float(np.exp(mean + half)),
            "bias_percent": bias[0], "bias_lower": bias[1], "bias_upper": bias[2],
            "biased": is_biased(bias[0], bias[1], bias[2]),
            "coverage": float(covers.sum() / n_ok) if n_ok else float("nan"),
            "coverage_lower": cov_lo, "coverage_upper": cov_hi,
            "n_replicates": int(est.log_or.size), "n_failed": int(failed.sum()),
            "n_strata": float(np.mean(est.n_strata)),
        })
        studies.append(pd.DataFrame({
            "replicate": np.arange(est.log_or.size), "choice": choice, "log_or": est.log_or, "se": est.se,
            "odds_ratio": np.exp(est.log_or), "ci_lower": lower, "ci_upper": upper, "covers": covers,
            "n_strata": np.asarray(est.n_strata, int), "failed": failed,
        }))
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    long = pd.concat(studies, ignore_index=True)[STUDY_COLUMNS]
    long.attrs.update(synthetic=True, source=SOURCE, planted_or=float(planted_or))
    out.attrs.update(synthetic=True, source=SOURCE, **attrs, studies=_StudyTable(long))
    return out


def studies(table: pd.DataFrame) -> pd.DataFrame:
    """Every simulated study behind a replicate summary: one row per study and analysis choice
    (:data:`STUDY_COLUMNS`).

    Examples
    --------
    >>> from lbpkit.labs import recall_experiment
    >>> t = recall_experiment(seed=1, replicates=3, n_cases=200)
    >>> len(studies(t)), list(studies(t).columns[:3])
    (6, ['replicate', 'choice', 'log_or'])
    """
    held = table.attrs.get("studies")
    if not isinstance(held, _StudyTable):
        raise ValueError("`table` has no studies in attrs['studies']; pass a table an lbpkit.labs experiment "
                         "returned (pd.concat of several experiments keeps no studies).")
    return held.frame.copy()


def one_study(table: pd.DataFrame, replicate: int = 0) -> pd.DataFrame:
    """What one simulated study of a replicated experiment looks like.

    Its deviation from the planted odds ratio (``deviation_percent``) is sampling error unless
    the replicate mean shows the same: show :func:`summarise`'s ``mean_or`` beside it.

    Examples
    --------
    >>> from lbpkit.labs import recall_experiment
    >>> t = recall_experiment(seed=1, replicates=3, n_cases=200)
    >>> list(one_study(t, replicate=2).columns)  # doctest: +NORMALIZE_WHITESPACE
    ['choice', 'odds_ratio', 'ci_lower', 'ci_upper', 'n_strata', 'planted_or', 'deviation_percent']
    """
    every = studies(table)
    n = int(every["replicate"].max()) + 1
    if isinstance(replicate, bool) or not isinstance(replicate, (int, np.integer)) or not 0 <= replicate < n:
        raise ValueError(f"`replicate` must be a whole number from 0 to {n - 1}, got {replicate!r}.")
    one = every.loc[every["replicate"] == replicate].reset_index(drop=True)
    planted = float(every.attrs["planted_or"])
    out = one[["choice", "odds_ratio", "ci_lower", "ci_upper", "n_strata"]].assign(
        planted_or=planted, deviation_percent=100 * (one["odds_ratio"] / planted - 1))
    out.attrs.update(synthetic=True, source=SOURCE, replicate=int(replicate))
    return out


def share_ci_above(table: pd.DataFrame, value: float = 1.0) -> pd.DataFrame:
    """Share of the simulated studies whose 95% CI lies wholly above ``value``, per analysis choice.

    What a reader of *one* study would see: with a planted odds ratio of 1, the share of studies
    that would report a "significant trigger". Failed fits count as not above. The interval is
    Wilson's 95% interval of that share (Monte Carlo error).

    Returns
    -------
    DataFrame
        ``choice``, ``planted_or``, ``share_above``, ``share_lower``, ``share_upper``,
        ``n_replicates`` (synthetic).

    Examples
    --------
    >>> from lbpkit.labs import recall_experiment
    >>> t = recall_experiment(seed=1, replicates=20, n_cases=200, odds_ratio=1.0)
    >>> list(share_ci_above(t).columns)
    ['choice', 'planted_or', 'share_above', 'share_lower', 'share_upper', 'n_replicates']
    """
    every = studies(table)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not value > 0:
        raise ValueError(f"`value` must be a positive odds ratio, got {value!r}.")
    rows = []
    for choice, group in every.groupby("choice", sort=False):
        above = int((~group["failed"] & (group["ci_lower"] > value)).sum())
        low, high = _wilson(float(above), len(group))
        rows.append({"choice": choice, "planted_or": float(every.attrs["planted_or"]), "share_above": above / len(group),
                     "share_lower": low, "share_upper": high, "n_replicates": len(group)})
    out = pd.DataFrame(rows)
    out.attrs.update(synthetic=True, source=SOURCE)
    return out
