"""Notebook 03's window explorer: move the hazard and referent windows over example diaries.

For learners of notebook 03, who see the discordant pairs and the odds ratio follow the windows.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from lbpkit.widgets.base import CONTROL_WIDTH, LABEL_STYLE, SettingError, View, explorer, format_number, wrap_title
from lbpkit.estimate import mantel_haenszel
from lbpkit.plots import window_timeline
from lbpkit.windows import make_windows, window_exposure

__all__ = ["window_explorer_state", "diary_hours_before", "window_explorer_figure", "window_explorer",
           "MIN_ONSETS"]

MIN_ONSETS = 20  # the offset slider stops where fewer onsets than this would keep a full diary
OFFSET_RANGE = (12, 72)  # the shortest offset is at least the longest hazard window: no overlap


def _number(name: str, value: float, minimum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not value >= minimum:
        raise ValueError(f"`{name}` must be a number >= {minimum}, got {value!r}.")
    return float(value)


def _hours_of_diary_before(events: pd.DataFrame, record: pd.DataFrame, id_col: str, time_col: str) -> np.ndarray:
    """For each onset, how many diary hours precede it (its furthest window must fit in them)."""
    first = record.groupby(id_col)[time_col].min()
    return (events[time_col].to_numpy(dtype=float) - events[id_col].map(first).to_numpy(dtype=float))


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
        Each referent window is the hazard window moved this many hours earlier: it starts
        ``hazard_start + offset`` hours before onset.

    Returns
    -------
    dict
        ``windows`` (window, kind, start, end: hours before onset, for plotting),
        ``counts`` (one row per referent: ``both``, ``case_only`` (b), ``referent_only`` (c),
        ``neither``), ``odds_ratio`` (b/c with one referent, Mantel–Haenszel with several; NaN
        when undefined), ``method``, ``n_onsets`` (onsets analysed) and ``n_onsets_left_out``
        (onsets whose diary does not reach back to their furthest window).

    Raises
    ------
    ValueError
        If a referent overlaps the hazard window, or no onset has a diary long enough for all
        its windows (the message says which setting to change).

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
            raise SettingError(
                f"A referent offset of {off:g} h is shorter than the hazard window ({length:g} h): the windows would overlap.",
                "use offsets at least as long as the hazard window.",
            )
    hazard = (start, start + length)
    referents = [(start + off, start + off + length) for off in offsets]
    furthest = max(end for _, end in referents)
    available = _hours_of_diary_before(events, record, id_col, time_col)
    if not (available >= furthest).any():
        raise SettingError(
            f"No onset has a diary that reaches {furthest:g} h back, where the furthest referent window ends "
            f"(the longest reaches {available.max():g} h), so no matched set is complete.",
            "use fewer referent windows, a shorter referent offset or a hazard window that starts closer to onset.",
        )
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
    heading = title or (
        f"Synthetic lifting diaries: {state['n_onsets']} onsets; discordant b = {b}, c = {c}; "
        f"OR ({state['method']}) = {format_number(state['odds_ratio'])}"
    )
    furthest = float(state["windows"]["end"].max())
    horizon = furthest + 4
    if diaries is not None and len(diaries):
        # An onset whose diary does not reach back to the furthest window is left out of the counts: say so.
        diary_hours = diaries.groupby("person", sort=False)["hours_before"].max() + 1
        short = set(diary_hours.index[diary_hours < furthest])
        diaries = diaries.assign(person=[f"{p} (left out)" if p in short else p for p in diaries["person"]])
    heading = wrap_title(heading, 85)
    window_timeline(state["windows"], exposure=diaries, title=heading, horizon=horizon, ax=ax)
    top = 0.9 - 0.06 * heading.count("\n")
    fig.subplots_adjust(left=0.15, right=0.98, bottom=0.14, top=top)  # fixed margins: tight_layout costs a draw
    return fig


def _hours(a: float, b: float) -> str:
    return f"{a:g}–{b:g} h"


def _summary(state: dict) -> str:
    w = state["windows"]
    referents = ", ".join(_hours(s, e) for s, e in w.loc[w["kind"] == "referent", ["start", "end"]].to_numpy())
    counts = state["counts"]
    b, c = int(counts["case_only"].sum()), int(counts["referent_only"].sum())
    text = (f"Hazard window {_hours(*w.loc[0, ['start', 'end']])} before onset; referent window(s) {referents} "
            f"before onset. {state['n_onsets']} onsets analysed")
    if state["n_onsets_left_out"]:
        text += f" ({state['n_onsets_left_out']} left out: their diary does not reach back to the furthest window)"
    n_referents = len(counts)
    summed = f" (summed over the {n_referents} referent windows: each onset paired with each)" if n_referents > 1 else ""
    text += f". Discordant{summed}: b = {b}, c = {c}; odds ratio ({state['method']}) = {format_number(state['odds_ratio'])}."
    if not np.isfinite(state["odds_ratio"]):
        text += (" The odds ratio is undefined here: no matched set has only a referent window exposed, "
                 "so there is nothing to divide by. Try a longer hazard window or more referents.")
    return text


def window_explorer(events: pd.DataFrame, record: pd.DataFrame, *, exposure: str = "exposure",
                    hazard_start: int = 0, hazard_length: int = 2, referent_offset: int = 24,
                    n_referents: int = 1, n_people: int = 8, id_col: str = "id", time_col: str = "time"):
    """An interactive timeline: sliders for the hazard window and the referent windows.

    Referent window ``k`` (k = 1 … ``n_referents``) starts ``k × referent_offset`` hours before the
    start of the hazard window and is as long as it. The windows are drawn over the diaries of the
    first ``n_people`` onsets; the summary and title give the discordant pairs and the odds ratio
    of all onsets whose diary reaches back to the furthest window. The offset slider's maximum
    follows the other sliders, so that at least :data:`MIN_ONSETS` onsets stay in the analysis.
    Returns an ``ipywidgets.VBox`` with ``.controls`` (``hazard_start``, ``hazard_length``,
    ``referent_offset``, ``n_referents``) and ``.state`` (the latest
    :func:`window_explorer_state` result); see :func:`lbpkit.widgets.base.explorer`.
    """
    import ipywidgets as widgets

    available = np.sort(_hours_of_diary_before(events, record, id_col, time_col))[::-1]
    enough = float(available[min(MIN_ONSETS, len(available)) - 1])  # diary hours of the MIN_ONSETS-th onset

    def slider(value, low, high, label):
        return widgets.IntSlider(value=value, min=low, max=high, description=label, style=LABEL_STYLE,
                                 layout=widgets.Layout(width=CONTROL_WIDTH), continuous_update=False)

    controls = {
        "hazard_start": slider(hazard_start, 0, 12, "hazard window starts (h before onset)"),
        "hazard_length": slider(hazard_length, 1, 12, "hazard window length (h)"),
        "referent_offset": slider(referent_offset, *OFFSET_RANGE, "referent offset (h from hazard-window start)"),
        "n_referents": slider(n_referents, 1, 3, "number of referent windows"),
    }

    def prepare() -> None:
        c = controls
        room = enough - c["hazard_start"].value - c["hazard_length"].value
        top = int(np.clip(room // c["n_referents"].value, OFFSET_RANGE[0], OFFSET_RANGE[1]))
        c["referent_offset"].max = top  # ipywidgets lowers the value with it when needed

    def update() -> View:
        c = {name: control.value for name, control in controls.items()}
        offsets = [c["referent_offset"] * (i + 1) for i in range(c["n_referents"])]
        state = window_explorer_state(events, record, exposure=exposure, hazard_start=c["hazard_start"],
                                      hazard_length=c["hazard_length"], referent_offsets=offsets,
                                      id_col=id_col, time_col=time_col)
        horizon = int(state["windows"]["end"].max()) + 4
        diaries = diary_hours_before(events, record, exposure=exposure, n_people=n_people, horizon=horizon)
        summary = _summary(state)
        drawn_hours = diaries.groupby("person")["hours_before"].max() + 1
        if len(drawn_hours) and (drawn_hours < float(state["windows"]["end"].max())).all():
            # Otherwise the picture shows only diaries marked "(left out)" beside a count of onsets analysed.
            summary += (f" None of the {len(drawn_hours)} diaries drawn reaches back that far (all are marked left out): "
                        "the onsets analysed are later ones in the study, not drawn here.")
        return View(state, summary, window_explorer_figure(state, diaries), state["counts"])

    intro = ("<b>Window explorer.</b> Referent window 1 starts one <i>referent offset</i> (in hours) before the "
             "start of the hazard window, window 2 two offsets, window 3 three; each is as long as the hazard "
             "window. The offset slider stops "
             f"where fewer than {MIN_ONSETS} onsets would have a diary long enough for every window.")
    return explorer(controls, update, intro=intro, prepare=prepare)
