"""Notebook 04's Monte Carlo explorer: many simulated studies, their spread and CI coverage.

For learners of notebook 04; the fits come from :mod:`lbpkit.engine.batched`.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
from matplotlib.ticker import NullLocator
import numpy as np
import pandas as pd
from scipy.stats import norm

from lbpkit.engine.batched import fit_study_counts, simulate_study_counts
from lbpkit.widgets.base import CONTROL_WIDTH, LABEL_STYLE, SettingError, View, explorer
from lbpkit.plots import ci_coverage_plot, sampling_distribution_plot

__all__ = ["monte_carlo_state", "monte_carlo_summary", "monte_carlo_explorer"]

STUDY_COLUMNS = ["study", "log_or", "se", "odds_ratio", "ci_lower", "ci_upper", "covers", "n_strata",
                 "n_informative", "n_cases", "error"]


def _whole(name: str, value, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"`{name}` must be a whole number >= {low}, got {value!r}.")
    return int(value)


def monte_carlo_state(
    *,
    n_cases: int,
    true_or: float,
    seed: int,
    n_studies: int = 200,
    exposure_prob: float = 0.2,
    n_referents: int = 2,
    chunk: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Simulate ``n_studies`` case-crossover studies and fit each by exact conditional likelihood.

    Each study has ``n_cases`` matched sets: one hazard window, exposed with the probability whose
    odds are ``true_or`` times the odds of ``exposure_prob``, and ``n_referents`` referent windows
    exposed with ``exposure_prob`` (the model of :func:`lbpkit.simulate.simulate_case_crossover`).
    The studies are drawn and fitted together (:mod:`lbpkit.engine.batched`; the fit equals
    :func:`lbpkit.estimate.fit_conditional_logit_arrays` study by study), in chunks of ``chunk``
    studies so that ``progress(done, total)`` can move a progress bar. Chunk ``j`` is seeded by the
    ``j``-th integer of ``SeedSequence(seed)``, so the result does not depend on whether a progress
    bar is shown.

    Returns
    -------
    DataFrame
        One row per study: ``study``, ``log_or``, ``se``, ``odds_ratio``, ``ci_lower``,
        ``ci_upper`` (95% Wald), ``covers`` (the CI contains ``true_or``), ``n_strata`` (matched
        sets), ``n_informative`` (sets with some but not all windows exposed), ``n_cases`` and
        ``error`` ("" or "no finite estimate": every informative set has its hazard window
        exposed, or none has). ``.attrs`` holds ``true_or``, ``n_cases``, ``n_studies``,
        ``n_failed`` and ``coverage`` (over studies with a finite estimate).

    Examples
    --------
    >>> mc = monte_carlo_state(n_cases=100, true_or=2.0, seed=1, n_studies=20)
    >>> len(mc), mc.attrs["true_or"], mc.attrs["n_failed"]
    (20, 2.0, 0)
    """
    n_cases = _whole("n_cases", n_cases, 2)
    n_studies = _whole("n_studies", n_studies, 1)
    chunk = _whole("chunk", chunk, 1)
    n_referents = _whole("n_referents", n_referents, 1)
    if isinstance(true_or, bool) or not isinstance(true_or, (int, float, np.integer, np.floating)) or not true_or > 0:
        raise ValueError(f"`true_or` must be a positive number, got {true_or!r}.")
    if not 0 < exposure_prob < 1:
        raise ValueError(f"`exposure_prob` must be strictly between 0 and 1, got {exposure_prob!r}.")
    n_chunks = -(-n_studies // chunk)
    seeds = np.random.SeedSequence(int(seed)).generate_state(n_chunks)
    parts, done = [], 0
    for j in range(n_chunks):
        size = min(chunk, n_studies - done)
        counts = simulate_study_counts(size, n_cases=n_cases, odds_ratio=float(true_or), exposure_prob=exposure_prob,
                                       n_referents=n_referents, seed=int(seeds[j]))
        parts.append(fit_study_counts(counts))
        done += size
        if progress is not None:
            progress(done, n_studies)
    fit = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    z = norm.ppf(0.975)
    out = pd.DataFrame({"study": np.arange(n_studies), "log_or": fit["log_or"], "se": fit["se"]})
    out["odds_ratio"] = np.exp(out["log_or"])
    out["ci_lower"] = np.exp(out["log_or"] - z * out["se"])
    out["ci_upper"] = np.exp(out["log_or"] + z * out["se"])
    ok = fit["finite"] & fit["converged"]
    out["covers"] = ok & (out["ci_lower"] <= true_or) & (true_or <= out["ci_upper"])
    out["n_strata"] = n_cases
    out["n_informative"] = fit["n_informative"]
    out["n_cases"] = n_cases
    out["error"] = np.where(ok, "", "no finite estimate")
    out.attrs.update(synthetic=True, true_or=float(true_or), n_cases=n_cases, n_studies=n_studies,
                     n_referents=n_referents, exposure_prob=exposure_prob, n_failed=int((~ok).sum()),
                     coverage=float(out.loc[ok, "covers"].mean()) if ok.any() else float("nan"))
    return out[STUDY_COLUMNS]


def monte_carlo_summary(studies: pd.DataFrame) -> pd.DataFrame:
    """One row describing a Monte Carlo run: the centre and spread of the estimates, and coverage.

    Columns: ``n_studies`` (studies with a finite estimate, the ones summarised), ``n_failed``
    (studies without one, left out), ``median_or``, ``mean_log_or_bias`` (mean log OR minus the
    true log OR) with its Monte Carlo 95% interval ``mean_log_or_bias_lower`` to
    ``mean_log_or_bias_upper`` (mean ± 1.96·SD/√n), ``bias_percent`` (the same deviation as a
    percentage of the true OR, ``100 * (exp(mean_log_or_bias) - 1)``), ``empirical_se`` (SD of the
    log ORs), ``mean_model_se`` (mean of the reported SEs), ``coverage`` (share of 95% CIs
    containing the true OR) and ``verdict``. The kit flags a bias only when the Monte Carlo
    interval excludes 0 **and** ``bias_percent`` is at least
    :data:`lbpkit.labs.BIAS_THRESHOLD_PERCENT` (5%) from 0. Every simulated study here follows the
    model exactly (the design is sound), so such a bias can only be the estimator's own
    small-sample bias (few informative matched sets per study), and ``verdict`` says
    ``"small-sample bias"``. A deviation of 5% or more whose interval includes 0 gets ``"too few studies
    to tell"`` (Monte Carlo noise cannot be told from bias: more studies narrow the interval); anything
    else ``"no bias that matters"``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"log_or": [0.5, 0.9, float("nan")], "se": [0.2, 0.2, float("nan")],
    ...                   "covers": [True, False, False], "error": ["", "", "no finite estimate"]})
    >>> s.attrs["true_or"] = 2.0
    >>> row = monte_carlo_summary(s).iloc[0]
    >>> int(row["n_studies"]), int(row["n_failed"]), float(row["coverage"])
    (2, 1, 0.5)
    >>> bool(row["mean_log_or_bias_lower"] < row["mean_log_or_bias"] < row["mean_log_or_bias_upper"])
    True
    """
    from lbpkit.labs import BIAS_THRESHOLD_PERCENT, is_biased  # the kit's one rule (imported when used)

    ok = studies.loc[studies["error"] == ""] if "error" in studies else studies
    truth = float(studies.attrs["true_or"])
    mean_bias = float(ok["log_or"].mean() - np.log(truth))
    mc_half_width = 1.96 * float(ok["log_or"].std(ddof=1)) / np.sqrt(len(ok)) if len(ok) > 1 else float("nan")
    percent = [100 * (np.exp(b) - 1) for b in (mean_bias, mean_bias - mc_half_width, mean_bias + mc_half_width)]
    flagged = is_biased(*percent) if np.isfinite(percent).all() else False
    # A deviation of 5% or more whose interval still includes 0: too few studies to tell noise from bias.
    undecided = (not flagged and np.isfinite(percent).all() and abs(percent[0]) >= BIAS_THRESHOLD_PERCENT
                 and percent[1] <= 0 <= percent[2])
    return pd.DataFrame([{
        "n_studies": int(len(ok)),
        "n_failed": int(len(studies) - len(ok)),
        "median_or": float(np.exp(np.median(ok["log_or"]))) if len(ok) else float("nan"),
        "mean_log_or_bias": mean_bias,
        "mean_log_or_bias_lower": mean_bias - mc_half_width,
        "mean_log_or_bias_upper": mean_bias + mc_half_width,
        "bias_percent": percent[0],
        "empirical_se": float(ok["log_or"].std(ddof=1)),
        "mean_model_se": float(ok["se"].mean()),
        "coverage": float(ok["covers"].mean()),
        "verdict": "small-sample bias" if flagged else "too few studies to tell" if undecided else "no bias that matters",
    }])


# The explorer's readout: one row per summary column, so that it fits a laptop-wide notebook panel.
# Each label says in full what the number is and names the column the notebook's text refers to.
READOUT_ROWS = [
    ("n_studies", "studies summarised, with a finite estimate (n_studies)", "{:d}"),
    ("n_failed", "studies left out, no finite estimate (n_failed)", "{:d}"),
    ("median_or", "median estimated odds ratio (median_or)", "{:.3f}"),
    ("mean_log_or_bias", "mean bias of the log odds ratio (mean_log_or_bias)", "{:+.3f}"),
    ("mean_log_or_bias_lower", "its Monte Carlo 95% interval, lower end (mean_log_or_bias_lower)", "{:+.3f}"),
    ("mean_log_or_bias_upper", "its Monte Carlo 95% interval, upper end (mean_log_or_bias_upper)", "{:+.3f}"),
    ("bias_percent", "mean bias as a percentage of the true odds ratio (bias_percent)", "{:+.1f}%"),
    ("empirical_se", "empirical SE: SD of the estimated log odds ratios (empirical_se)", "{:.3f}"),
    ("mean_model_se", "mean of the SEs the studies reported (mean_model_se)", "{:.3f}"),
    ("coverage", "share of 95% CIs that contain the true odds ratio (coverage)", "{:.3f}"),
    ("verdict", "verdict on bias (verdict)", "{}"),
]


def monte_carlo_readout(summary: pd.DataFrame) -> pd.DataFrame:
    """The one-row :func:`monte_carlo_summary` turned on its side, for the explorer's narrow panel.

    Returns a DataFrame indexed by a full label per summary column (ending with the column's name
    in brackets) with one column, ``value``: the number rounded as text (3 decimals; the
    percentage to 1; a value that rounds to zero without a sign), or the verdict.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"log_or": [0.5, 0.9], "se": [0.2, 0.2], "covers": [True, False], "error": ["", ""]})
    >>> s.attrs["true_or"] = 2.0
    >>> readout = monte_carlo_readout(monte_carlo_summary(s))
    >>> readout.loc["share of 95% CIs that contain the true odds ratio (coverage)", "value"]
    '0.500'
    """
    row = summary.iloc[0]
    values = []
    for column, _, fmt in READOUT_ROWS:
        value = row[column]
        if isinstance(value, (float, np.floating)) and not np.isfinite(value):
            values.append("undefined")
        else:
            text = fmt.format(int(value) if fmt == "{:d}" else value)
            # a tiny negative number rounds to "-0.000": shown without a sign, it is not read as below 0
            values.append(text[1:] if text[:1] in "+-" and float(text.rstrip("%")) == 0 else text)
    return pd.DataFrame({"value": values}, index=[label for _, label, _ in READOUT_ROWS])


def monte_carlo_explorer(*, n_cases: int = 200, true_or: float = 2.0, n_studies: int = 100, seed: int = 2024):
    """Sliders for the number of cases, the true OR and the number of studies; a progress bar.

    Returns an ``ipywidgets.VBox`` with ``.controls`` (``n_cases``, ``true_or``, ``n_studies``),
    ``.progress`` (an ``IntProgress``) and ``.state`` (the latest studies table); see
    :func:`lbpkit.widgets.base.explorer`. Studies without a finite estimate are left out of the
    plots and the summary, and the output says how many.
    """
    import ipywidgets as widgets

    layout = widgets.Layout(width=CONTROL_WIDTH)
    controls = {
        "n_cases": widgets.IntSlider(value=n_cases, min=20, max=1000, step=10, description="cases per study (2 referent windows each)",
                                     style=LABEL_STYLE, layout=layout, continuous_update=False),
        "true_or": widgets.FloatLogSlider(value=true_or, base=10, min=-0.3, max=1, step=0.05, readout_format=".2g",
                                          description="true (planted) odds ratio",
                                          style=LABEL_STYLE, layout=layout, continuous_update=False),
        "n_studies": widgets.IntSlider(value=n_studies, min=50, max=2000, step=50, description="number of simulated studies",
                                       style=LABEL_STYLE, layout=layout, continuous_update=False),
    }
    bar = widgets.IntProgress(value=0, min=0, max=1, description="studies run", style=LABEL_STYLE, layout=layout)

    def progress(done: int, total: int) -> None:
        bar.max, bar.value = total, done

    def update() -> View:
        c = {name: control.value for name, control in controls.items()}
        c["true_or"] = float(f"{c['true_or']:.2g}")  # the log slider's 10 ** -0.3 is 0.501: simulate the 0.5 it shows
        studies = monte_carlo_state(n_cases=c["n_cases"], true_or=c["true_or"], n_studies=c["n_studies"], seed=seed,
                                    progress=progress)
        truth, failed = studies.attrs["true_or"], studies.attrs["n_failed"]
        finite = studies.loc[studies["error"] == ""]
        if finite.empty:
            raise SettingError(f"None of the {len(studies)} simulated studies has a finite estimate.",
                               "use more cases per study or a true odds ratio closer to 1.")
        fig, axes = plt.subplots(1, 2, figsize=(11.5, 3.9))
        plotted = f"{len(finite)} of {len(studies)} synthetic studies" if failed else f"{len(studies)} synthetic studies"
        sampling_distribution_plot(finite, truth=truth, ax=axes[0],
                                   title=f"{plotted}, {c['n_cases']} cases each, true OR {truth:.3g}")
        shown = min(50, len(finite))
        ci_coverage_plot(finite, truth=truth, max_studies=shown, ax=axes[1],
                         title=f"First {shown} CIs; {100 * studies.attrs['coverage']:.1f}% of all {len(finite)} cover the truth")
        for ax in axes:  # the labelled 1-2-5 ticks suffice; unlabelled minor ticks only cost drawing time
            ax.xaxis.set_minor_locator(NullLocator())
        fig.subplots_adjust(wspace=0.3, bottom=0.15, left=0.06, right=0.98)  # cheaper than tight_layout
        summary = (f"{len(studies)} simulated studies of {c['n_cases']} cases each (2 referent windows per case, "
                   f"20% of referent windows exposed), true odds ratio {truth:.3g}.")
        notes = []
        if failed:
            notes.append(f"{failed} of them had no finite estimate (in every informative matched set the hazard "
                         "window was exposed, or in none) and are left out of the plots and the table.")
        else:
            notes.append("Every study had a finite estimate.")
        table = monte_carlo_summary(studies)
        row = table.iloc[0]
        evidence = row["mean_log_or_bias_lower"] > 0 or row["mean_log_or_bias_upper"] < 0
        if row["verdict"] == "small-sample bias":
            notes.append(f"Small-sample bias: the mean estimate lies {row['bias_percent']:+.1f}% from the truth, and its "
                         "Monte Carlo interval excludes 0. Every simulated study follows the model exactly, so this "
                         f"is the estimator's own bias with {c['n_cases']} cases per study (few informative matched "
                         "sets); it shrinks as the cases per study grow. It is not a flaw of the design.")
        elif row["verdict"] == "too few studies to tell":
            notes.append(f"The mean estimate lies {row['bias_percent']:+.1f}% from the truth, but its Monte Carlo "
                         f"interval includes 0: with {len(finite)} studies that deviation cannot be told from Monte "
                         "Carlo noise (more simulated studies narrow the interval).")
        elif evidence:
            notes.append(f"The mean estimate lies {row['bias_percent']:+.1f}% from the truth with a Monte Carlo interval "
                         "that excludes 0: a small-sample bias under 5%, too small to matter (the kit flags a bias "
                         "from 5%).")
        return View(studies, summary, fig, monte_carlo_readout(table), notes)

    box = explorer(controls, update, extra=[bar])
    box.progress = bar
    return box
