"""Interactive explorers of notebooks 03–05, each a thin ipywidgets layer over a plain function.

Every explorer has a compute function that takes plain values and returns a plain result (a dict
or a DataFrame) and is unit-tested on its own; the builder only wires controls to it. Each
builder returns an ``ipywidgets.VBox`` whose ``.controls`` dict holds its controls, whose
``.state`` holds the latest computed result and whose ``.n_updates`` counts recomputations, so
tests (and curious learners) can drive it by setting ``.controls[name].value``.

- :func:`window_explorer_state` / :func:`window_explorer`: move hazard and referent windows over
  example diaries and watch the discordant pairs and the odds ratio change (notebook 03).
- :func:`monte_carlo_state` / :func:`monte_carlo_explorer`: many simulated studies, their
  sampling distribution and CI coverage, with a progress bar (notebook 04).
- :func:`lbpkit.labs.run_bias_experiment` / :func:`bias_lab_explorer`: turn each threat of the
  design up and down and watch the bias (notebook 05).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from lbpkit.estimate import mantel_haenszel
from lbpkit.labs import THREATS, run_bias_experiment
from lbpkit.plots import bias_plot, ci_coverage_plot, sampling_distribution_plot, window_timeline
from lbpkit.simulate import monte_carlo
from lbpkit.windows import make_windows, window_exposure

__all__ = [
    "window_explorer_state",
    "window_explorer_figure",
    "window_explorer",
    "monte_carlo_state",
    "monte_carlo_summary",
    "monte_carlo_explorer",
    "bias_lab_explorer",
    "diary_hours_before",
]


def _number(name: str, value: float, minimum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not value >= minimum:
        raise ValueError(f"`{name}` must be a number >= {minimum}, got {value!r}.")
    return float(value)


# ---------------------------------------------------------------------------------------------
# Notebook 03: the window explorer
# ---------------------------------------------------------------------------------------------
def window_explorer_state(
    events: pd.DataFrame,
    record: pd.DataFrame,
    *,
    exposure: str = "exposure",
    hazard_start: float = 0,
    hazard_length: float = 2,
    referent_offsets: Sequence[float] = (24,),
    id_col: str = "id",
    time_col: str = "time",
) -> dict:
    """Exposure in a hazard window and its referent windows, the pair counts and the odds ratio.

    Parameters
    ----------
    events : DataFrame
        One row per onset (``id_col``, ``time_col``).
    record : DataFrame
        The hourly diaries (``id_col``, ``time_col``, ``exposure`` coded 0/1).
    exposure : str
        The diary column.
    hazard_start, hazard_length : float
        The hazard window runs from ``hazard_start`` to ``hazard_start + hazard_length`` hours
        before onset (``hazard_start`` > 0 allows for an induction time).
    referent_offsets : sequence of float
        Each referent window is the hazard window moved this many hours earlier.

    Returns
    -------
    dict
        ``windows`` (window, kind, start, end: hours before onset, for plotting),
        ``counts`` (one row per referent: ``both``, ``case_only`` (b), ``referent_only`` (c),
        ``neither``), ``odds_ratio`` (b/c with one referent, Mantel–Haenszel with several; NaN
        when undefined), ``method``, ``n_onsets`` (onsets analysed) and ``n_onsets_left_out``
        (windows outside the diary or overlapping another window).

    Examples
    --------
    >>> import pandas as pd
    >>> rec = pd.DataFrame({"id": [1] * 60 + [2] * 60, "time": list(range(60)) * 2,
    ...                     "exposure": [0] * 58 + [1, 1] + [0] * 60})
    >>> ev = pd.DataFrame({"id": [1, 2], "time": [60, 59]})
    >>> s = window_explorer_state(ev, rec, hazard_length=2, referent_offsets=[24])
    >>> s["counts"][["both", "case_only", "referent_only", "neither"]].iloc[0].tolist()
    [0, 1, 0, 1]
    """
    start = _number("hazard_start", hazard_start, 0)
    length = _number("hazard_length", hazard_length, 1)
    offsets = [float(o) for o in referent_offsets]
    if not offsets:
        raise ValueError("`referent_offsets` needs at least one offset, e.g. [24].")
    for off in offsets:
        if off < length:
            raise ValueError(
                f"A referent offset of {off:g} h is shorter than the hazard window ({length:g} h): the windows "
                "would overlap. Use offsets at least as long as the window."
            )
    hazard = (start, start + length)
    referents = [(start + off, start + off + length) for off in offsets]
    windows = make_windows(events, scheme="fixed", hazard=hazard, referents=referents, id_col=id_col, time_col=time_col)
    data = window_exposure(windows, record, exposures=exposure, how="any", id_col=id_col, time_col=time_col, resolution=1.0)
    incomplete = data.groupby("stratum")["out_of_record"].transform("max").astype(bool)
    n_all = int(data["stratum"].nunique())
    data = data.loc[~incomplete]
    wide = data.pivot(index="stratum", columns="window", values=exposure).astype(int)
    case = wide[0].to_numpy()
    rows = []
    for k in range(1, len(offsets) + 1):
        ref = wide[k].to_numpy()
        rows.append({
            "referent": f"{referents[k - 1][0]:g}–{referents[k - 1][1]:g} h",
            "both": int(np.sum((case == 1) & (ref == 1))),
            "case_only": int(np.sum((case == 1) & (ref == 0))),
            "referent_only": int(np.sum((case == 0) & (ref == 1))),
            "neither": int(np.sum((case == 0) & (ref == 0))),
        })
    counts = pd.DataFrame(rows)
    if len(offsets) == 1:
        b, c = counts.loc[0, "case_only"], counts.loc[0, "referent_only"]
        odds_ratio = float(b / c) if c > 0 else float("nan")
        method = "matched pairs b/c"
    else:
        method = "Mantel–Haenszel"
        try:
            odds_ratio = float(mantel_haenszel(data, "case", exposure, "stratum")["odds_ratio"].iloc[0])
        except ValueError:
            odds_ratio = float("nan")
    table = pd.DataFrame({
        "window": ["hazard"] + [f"referent {k}" for k in range(1, len(offsets) + 1)],
        "kind": ["hazard"] + ["referent"] * len(offsets),
        "start": [hazard[0]] + [r[0] for r in referents],
        "end": [hazard[1]] + [r[1] for r in referents],
    })
    return {
        "windows": table,
        "counts": counts,
        "odds_ratio": odds_ratio,
        "method": method,
        "n_onsets": int(wide.shape[0]),
        "n_onsets_left_out": n_all - int(wide.shape[0]),
    }


def diary_hours_before(events: pd.DataFrame, record: pd.DataFrame, *, exposure: str = "exposure",
                       n_people: int = 8, horizon: int = 60) -> pd.DataFrame:
    """The first ``n_people`` onsets' diaries in hours before onset, for :func:`window_timeline`.

    An hour stamped ``t`` covers ``[t, t + 1)``; before an onset at ``T`` it is
    ``T - t - 1`` hours before onset (0 = the last hour before onset).

    Examples
    --------
    >>> import pandas as pd
    >>> rec = pd.DataFrame({"id": 1, "time": range(10), "exposure": [0] * 9 + [1]})
    >>> diary_hours_before(pd.DataFrame({"id": [1], "time": [10]}), rec, horizon=3)["hours_before"].tolist()
    [2, 1, 0]
    """
    first = events.drop_duplicates("id").head(int(n_people))
    merged = record.merge(first.rename(columns={"time": "onset"}), on="id")
    merged["hours_before"] = merged["onset"] - merged["time"] - 1
    keep = merged["hours_before"].between(0, horizon - 1)
    out = merged.loc[keep, ["id", "hours_before", exposure]].rename(columns={"id": "person", exposure: "exposed"})
    out["person"] = "onset " + (out["person"].map({v: i + 1 for i, v in enumerate(first["id"])})).astype(str)
    return out.sort_values(["person", "hours_before"], ascending=[True, False]).reset_index(drop=True)


def window_explorer_figure(state: dict, diaries: pd.DataFrame | None = None, *, title: str | None = None) -> plt.Figure:
    """Draw a :func:`window_explorer_state` result: windows over example diaries, and the counts.

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"window": ["hazard", "referent 1"], "kind": ["hazard", "referent"],
    ...                   "start": [0, 24], "end": [2, 26]})
    >>> state = {"windows": w, "counts": pd.DataFrame({"case_only": [5], "referent_only": [2]}),
    ...          "odds_ratio": 2.5, "method": "matched pairs b/c", "n_onsets": 20}
    >>> fig = window_explorer_figure(state)
    >>> len(fig.axes)
    1
    """
    fig, ax = plt.subplots(figsize=(8.5, 3.8))
    b = int(state["counts"]["case_only"].sum())
    c = int(state["counts"]["referent_only"].sum())
    odds = state["odds_ratio"]
    odds_text = f"{odds:.3g}" if np.isfinite(odds) else "undefined"
    heading = title or (
        f"Synthetic lifting diaries: {state['n_onsets']} onsets; discordant b = {b}, c = {c}; "
        f"OR ({state['method']}) = {odds_text}"
    )
    horizon = float(state["windows"]["end"].max()) + 4
    window_timeline(state["windows"], exposure=diaries, title=heading, horizon=horizon, ax=ax)
    fig.tight_layout()
    return fig


def _show(output, fig: plt.Figure, table: pd.DataFrame | None = None) -> None:
    from IPython import get_ipython
    from IPython.display import clear_output, display

    if get_ipython() is None:  # plain Python (tests, scripts): nothing to display into
        plt.close(fig)
        return
    with output:
        clear_output(wait=True)
        display(fig)
        if table is not None:
            display(table)
    plt.close(fig)


def _explorer(children: list, controls: dict, output, update: Callable[[], None]):
    import ipywidgets as widgets

    box = widgets.VBox(children + [output])
    box.controls = controls
    box.output = output
    box.state = None
    box.n_updates = 0

    def refresh(_change=None) -> None:
        result = update()
        if result is None:  # the builder is mid-way through resetting its controls
            return
        box.state = result
        box.n_updates += 1

    for control in controls.values():
        if hasattr(control, "observe") and not isinstance(control, widgets.Button):
            control.observe(refresh, names="value")
    refresh()
    return box


def window_explorer(events: pd.DataFrame, record: pd.DataFrame, *, exposure: str = "exposure",
                    hazard_start: int = 0, hazard_length: int = 2, referent_offset: int = 24,
                    n_referents: int = 1, n_people: int = 8):
    """An interactive timeline: sliders for the hazard window and the referent windows.

    The hazard window and the referents are drawn over the diaries of the first ``n_people``
    onsets; the title shows the discordant pairs and the odds ratio of all onsets. Returns an
    ``ipywidgets.VBox`` with ``.controls`` (``hazard_start``, ``hazard_length``,
    ``referent_offset``, ``n_referents``) and ``.state`` (the latest
    :func:`window_explorer_state` result).
    """
    import ipywidgets as widgets

    style = {"description_width": "150px"}
    layout = widgets.Layout(width="480px")
    controls = {
        "hazard_start": widgets.IntSlider(value=hazard_start, min=0, max=12, description="hazard starts (h before)", style=style, layout=layout, continuous_update=False),
        "hazard_length": widgets.IntSlider(value=hazard_length, min=1, max=12, description="hazard length (h)", style=style, layout=layout, continuous_update=False),
        "referent_offset": widgets.IntSlider(value=referent_offset, min=12, max=72, step=1, description="referent offset (h)", style=style, layout=layout, continuous_update=False),
        "n_referents": widgets.IntSlider(value=n_referents, min=1, max=3, description="referent windows", style=style, layout=layout, continuous_update=False),
    }
    output = widgets.Output()

    def update() -> dict:
        offset, k = controls["referent_offset"].value, controls["n_referents"].value
        length = controls["hazard_length"].value
        if offset < length:
            controls["referent_offset"].value = length  # observe() will recompute with the fixed value
            offset = length
        state = window_explorer_state(
            events, record, exposure=exposure, hazard_start=controls["hazard_start"].value,
            hazard_length=length, referent_offsets=[offset * (i + 1) for i in range(k)],
        )
        horizon = int(state["windows"]["end"].max()) + 4
        diaries = diary_hours_before(events, record, exposure=exposure, n_people=n_people, horizon=horizon)
        _show(output, window_explorer_figure(state, diaries), state["counts"])
        return state

    return _explorer(list(controls.values()), controls, output, update)


# ---------------------------------------------------------------------------------------------
# Notebook 04: the Monte Carlo explorer
# ---------------------------------------------------------------------------------------------
def monte_carlo_state(
    *,
    n_cases: int,
    true_or: float,
    seed: int,
    n_studies: int = 200,
    exposure_prob: float = 0.2,
    n_referents: int = 2,
    chunk: int = 50,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Run ``n_studies`` simulated case-crossover studies and fit each (fast engine).

    Uses :func:`lbpkit.simulate.monte_carlo` with :func:`lbpkit.simulate.simulate_case_crossover`,
    in chunks of ``chunk`` studies so that ``progress(done, total)`` can move a progress bar.
    Chunk ``j`` is seeded by the ``j``-th integer of ``SeedSequence(seed)``, so the result does not
    depend on whether a progress bar is shown.

    Returns
    -------
    DataFrame
        One row per study (see :func:`lbpkit.simulate.monte_carlo`); ``.attrs`` holds
        ``true_or``, ``n_cases`` and ``coverage``.

    Examples
    --------
    >>> mc = monte_carlo_state(n_cases=100, true_or=2.0, seed=1, n_studies=20)
    >>> len(mc), mc.attrs["true_or"]
    (20, 2.0)
    """
    for name, value, low in (("n_cases", n_cases, 2), ("n_studies", n_studies, 1), ("chunk", chunk, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"`{name}` must be a whole number >= {low}, got {value!r}.")
    true_or = _number("true_or", true_or, 1e-9)
    n_chunks = -(-int(n_studies) // int(chunk))
    seeds = np.random.SeedSequence(int(seed)).generate_state(n_chunks)
    parts, done = [], 0
    for j in range(n_chunks):
        size = min(int(chunk), int(n_studies) - done)
        part = monte_carlo(size, seed=int(seeds[j]), n_cases=int(n_cases), odds_ratio=true_or,
                           exposure_prob=exposure_prob, n_referents=int(n_referents))
        parts.append(part)
        done += size
        if progress is not None:
            progress(done, int(n_studies))
    out = pd.concat(parts, ignore_index=True)
    out["study"] = np.arange(len(out))
    ok = out["error"] == ""
    out.attrs.update(synthetic=True, true_or=true_or, n_cases=int(n_cases), n_referents=int(n_referents),
                     exposure_prob=exposure_prob, coverage=float(out.loc[ok, "covers"].mean()),
                     n_failed=int((~ok).sum()))
    return out


def monte_carlo_summary(studies: pd.DataFrame) -> pd.DataFrame:
    """One row describing a Monte Carlo run: the centre and spread of the estimates, and coverage.

    Columns: ``n_studies``, ``median_or``, ``mean_log_or_bias`` (mean log OR minus the true log
    OR), ``empirical_se`` (SD of the log ORs), ``mean_model_se`` (mean of the reported SEs) and
    ``coverage`` (share of 95% CIs containing the true OR).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"log_or": [0.5, 0.9], "se": [0.2, 0.2], "covers": [True, False], "error": ["", ""]})
    >>> s.attrs["true_or"] = 2.0
    >>> float(monte_carlo_summary(s)["coverage"].iloc[0])
    0.5
    """
    ok = studies.loc[studies["error"] == ""] if "error" in studies else studies
    truth = float(studies.attrs["true_or"])
    return pd.DataFrame([{
        "n_studies": int(len(ok)),
        "median_or": float(np.exp(np.median(ok["log_or"]))),
        "mean_log_or_bias": float(ok["log_or"].mean() - np.log(truth)),
        "empirical_se": float(ok["log_or"].std(ddof=1)),
        "mean_model_se": float(ok["se"].mean()),
        "coverage": float(ok["covers"].mean()),
    }])


def monte_carlo_explorer(*, n_cases: int = 200, true_or: float = 2.0, n_studies: int = 100, seed: int = 2024):
    """Sliders for the number of cases, the true OR and the number of studies; a progress bar.

    Returns an ``ipywidgets.VBox`` with ``.controls`` (``n_cases``, ``true_or``, ``n_studies``),
    ``.progress`` (an ``IntProgress``) and ``.state`` (the latest studies table).
    """
    import ipywidgets as widgets

    style = {"description_width": "150px"}
    layout = widgets.Layout(width="480px")
    controls = {
        "n_cases": widgets.IntSlider(value=n_cases, min=20, max=1000, step=10, description="cases per study", style=style, layout=layout, continuous_update=False),
        "true_or": widgets.FloatLogSlider(value=true_or, base=10, min=-0.3, max=1, step=0.05, description="true odds ratio", style=style, layout=layout, continuous_update=False),
        "n_studies": widgets.IntSlider(value=n_studies, min=50, max=2000, step=50, description="simulated studies", style=style, layout=layout, continuous_update=False),
    }
    bar = widgets.IntProgress(value=0, min=0, max=1, description="studies run", style=style, layout=layout)
    output = widgets.Output()

    def progress(done: int, total: int) -> None:
        bar.max = total
        bar.value = done

    def update() -> pd.DataFrame:
        studies = monte_carlo_state(n_cases=controls["n_cases"].value, true_or=controls["true_or"].value,
                                    n_studies=controls["n_studies"].value, seed=seed, progress=progress)
        fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
        label = f"{len(studies)} synthetic studies, {controls['n_cases'].value} cases each"
        sampling_distribution_plot(studies.loc[studies["error"] == ""], truth=studies.attrs["true_or"], title=label, ax=axes[0])
        ci_coverage_plot(studies.loc[studies["error"] == ""], truth=studies.attrs["true_or"], max_studies=50,
                         title=f"First 50 CIs: coverage {100 * studies.attrs['coverage']:.1f}% overall", ax=axes[1])
        fig.subplots_adjust(wspace=0.3, bottom=0.15)  # cheaper than tight_layout on every update
        _show(output, fig, monte_carlo_summary(studies).round(3))
        return studies

    box = _explorer(list(controls.values()) + [bar], controls, output, update)
    box.progress = bar
    return box


# ---------------------------------------------------------------------------------------------
# Notebook 05: the bias lab
# ---------------------------------------------------------------------------------------------
def bias_lab_explorer(*, threat: str = "time_trend", strength: float | None = None, seed: int = 5):
    """A dropdown of threats and a slider for the strength of the chosen threat.

    Each update runs :func:`lbpkit.labs.run_bias_experiment` and draws a :func:`bias_plot`.
    Returns an ``ipywidgets.VBox`` with ``.controls`` (``threat``, ``strength``) and ``.state``
    (the latest results table).
    """
    import ipywidgets as widgets

    if threat not in THREATS:
        raise ValueError(f"Unknown threat {threat!r}; choose one of {list(THREATS)}.")
    spec = THREATS[threat]
    style = {"description_width": "150px"}
    layout = widgets.Layout(width="520px")
    controls = {
        "threat": widgets.Dropdown(options=[(t.label, key) for key, t in THREATS.items()], value=threat,
                                   description="threat", style=style, layout=layout),
        "strength": widgets.FloatSlider(value=spec.default if strength is None else strength, min=spec.minimum,
                                        max=spec.maximum, step=spec.step, description=spec.strength_label,
                                        style=style, layout=layout, continuous_update=False),
    }
    output = widgets.Output()
    syncing = {"on": False}

    def on_threat(change) -> None:
        new = THREATS[change["new"]]
        syncing["on"] = True
        slider = controls["strength"]
        slider.min, slider.max = -1e9, 1e9  # widen first so the new range is always valid
        slider.min, slider.max, slider.step = new.minimum, new.maximum, new.step
        slider.description = new.strength_label
        slider.value = new.default
        syncing["on"] = False

    controls["threat"].observe(on_threat, names="value")

    def update() -> pd.DataFrame | None:
        if syncing["on"]:
            # The slider is being reset for a new threat; the threat's own event recomputes.
            return None
        key = controls["threat"].value
        table = run_bias_experiment(key, controls["strength"].value, seed=seed)
        fig, ax = plt.subplots(figsize=(9, 0.55 * len(table) + 1.8))
        bias_plot(table, truth=float(table["planted_or"].iloc[0]), ax=ax,
                  title=f"{THREATS[key].label}: {THREATS[key].strength_label} = {controls['strength'].value:.3g} (synthetic)")
        fig.tight_layout()
        _show(output, fig, table.round(3))
        return table

    return _explorer(list(controls.values()), controls, output, update)
