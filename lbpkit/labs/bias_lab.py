"""The bias lab of notebook 05: each threat with one "strength" control, replicated.

For learners of notebook 05 (through its widget) and instructors who demonstrate the threats.

:func:`run_bias_experiment` runs the experiment behind a threat at a given strength over
``replicates`` simulated studies and returns the replicate summary of :mod:`lbpkit.labs`. Each
threat's ``replicates`` is the number its widget runs: enough that the "biased" flags at the
threat's default strength and at its no-threat setting, with either planted OR, are the same for
every seed (checked over 20 master seeds; tests/test_bias_flags.py pins several), yet few
enough for the widget to answer within half a second on screen (benchmarks/bench_labs.py and
benchmarks/bench_widgets.py print the slowest settings; tests/browser/test_widget_speed.py
measures it on screen).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lbpkit.labs._sampler import check_count, check_positive
from lbpkit.labs.confounders import confounding_experiment, referent_clock_experiment
from lbpkit.labs.exposure_dependence import event_dependent_exposure_experiment
from lbpkit.labs.referents import overlap_bias_lab, trend_experiment
from lbpkit.labs.reporting import protopathic_experiment, recall_experiment
from lbpkit.labs.window_choice import window_length_experiment

__all__ = ["Threat", "THREATS", "run_bias_experiment"]


@dataclass(frozen=True)
class Threat:
    """One threat of the bias lab: its experiment and the range of its "strength" control."""

    label: str
    strength_label: str
    minimum: float
    maximum: float
    step: float
    default: float
    no_threat: float
    run: Callable[..., pd.DataFrame]  # run(strength, seed=, replicates=, odds_ratio=)
    description: str = ""
    planted_or: float = 2.0
    replicates: int = 100  # what the widget runs; see the module docstring
    no_threat_note: str = ""  # what "no threat" means, where one analysis stays biased even then


THREATS: dict[str, Threat] = {
    "time_trend": Threat(
        "Time trend in exposure", "trend (odds ratio per week)", 0.5, 1.5, 0.05, 0.7, 1.0,
        lambda s, **kw: trend_experiment(trend_per_week=s, n_cases=400, n_controls=1200, **kw),
        "Lifting becomes less (or more) common week by week for everyone; referents 1–2 weeks before "
        "onset then see another level of lifting than the hazard day.",
        # the bidirectional row's small real bias (~2%) and case-time-control's noise need this many
        replicates=300),
    "overlap": Threat(
        "Overlap bias (referents that depend on the onset day)", "swing of the four-week rota (probability)",
        0.0, 0.45, 0.05, 0.45, 0.0,
        # the "onsets with both referents" row (a real bias of about 4% at a planted OR of 2) needs
        # about 1000 replicates to be told from the 5% line: it is left to notebook 05's section 1b
        lambda s, **kw: overlap_bias_lab(amplitude=s, n_cases=500, both_referents_row=False, **kw),
        "Lifting follows a four-week rota; bidirectional referents depend on the onset day, "
        "time-stratified ones are fixed in advance."),
    "confounding": Threat(
        "Time-varying confounder", "confounder odds ratio", 1.0, 6.0, 0.25, 3.0, 1.0,
        lambda s, **kw: confounding_experiment(confounder_or=s, n_cases=400, **kw),
        "On some days (e.g. after a bad night) people lift more and flare more."),
    "recall": Threat(
        "Recall after the flare", "recall inflation (probability)", 0.0, 0.5, 0.05, 0.15, 0.0,
        lambda s, **kw: recall_experiment(recall_inflation=s, n_cases=400, **kw),
        "After a flare, an hour without lifting just before it is remembered as lifting."),
    "window_length": Threat(
        "Wrong window length", "hazard window length (hours)", 1, 12, 1, 8, 2,
        lambda s, **kw: window_length_experiment(hazard_length=int(round(s)), n_cases=400, **kw),
        "Lifting acts for 2 hours; the analysis uses a hazard window of another length.",
        planted_or=3.0, replicates=200),
    "referent_clock": Threat(
        "Referent window at another time of day", "referent offset (hours before onset)", 2, 48, 1, 12, 24,
        lambda s, **kw: referent_clock_experiment(referent_offset=int(round(s)), n_cases=400, **kw),
        "People lift by day and notice flares by day; referents not at the same clock time as the "
        "hazard window compare day with night."),
    "event_dependent": Threat(
        "Exposure changes after the flare", "odds ratio of lifting after a flare", 0.2, 1.0, 0.05, 0.3, 1.0,
        lambda s, **kw: event_dependent_exposure_experiment(post_event_or=s, n_cases=400, **kw),
        "After a flare people lift less, for two weeks; nothing changes before the onset."),
    "protopathic": Threat(
        "Early symptoms change behaviour", "odds ratio of lifting once symptoms start", 0.2, 3.0, 0.1, 0.3, 1.0,
        lambda s, **kw: protopathic_experiment(prodrome_or=s, n_cases=400, **kw),
        "A flare starts 3 hours before it is recognised; the first symptoms change how much people lift.",
        no_threat_note="At 1 the symptoms do not change lifting, but the 0–2 h window still lies inside the "
        "3 hours between the first symptoms and the recognised onset, after the hours in which lifting "
        "acts: lifting in those hours comes after the flare has begun and cannot have caused it. So with a "
        "real trigger that row stays biased, its mean odds ratio near 1 instead of the planted OR: the delay "
        "in recognising a flare is a threat of its own (notebook 05, section 7a). The 3–5 h window is free of bias at every setting."),
}


def run_bias_experiment(threat: str, strength: float, *, seed: int, replicates: int = 100,
                        planted_or: float | None = None) -> pd.DataFrame:
    """Run one threat of the bias lab at a given strength over many simulated studies.

    Parameters
    ----------
    threat : str
        A key of :data:`THREATS`.
    strength : float
        Between ``THREATS[threat].minimum`` and ``.maximum``; ``.no_threat`` switches it off.
    seed : int
    replicates : int, default 100
        Simulated studies.
    planted_or : float, optional
        The odds ratio planted in the simulation (default: the threat's own, 2 or 3). Use 1 to
        see *false triggers*: a trend, recall bias or a misplaced referent window give an
        estimate away from 1 when lifting does nothing.

    Returns
    -------
    DataFrame
        The replicate summary (``lbpkit.labs.SUMMARY_COLUMNS``), ``.attrs["threat"]`` etc.

    Examples
    --------
    >>> t = run_bias_experiment("window_length", 2, seed=3, replicates=20)
    >>> t.attrs["threat"], float(t["planted_or"].iloc[0]), int(t["n_replicates"].iloc[0])
    ('window length', 3.0, 20)
    """
    if threat not in THREATS:
        raise ValueError(f"Unknown threat {threat!r}; choose one of {list(THREATS)}.")
    spec = THREATS[threat]
    if isinstance(strength, bool) or not isinstance(strength, (int, float)) or not spec.minimum <= strength <= spec.maximum:
        raise ValueError(f"strength for {threat!r} ({spec.strength_label}) must be between {spec.minimum} and "
                         f"{spec.maximum}, got {strength!r}.")
    replicates = check_count("replicates", replicates)
    planted = spec.planted_or if planted_or is None else check_positive("planted_or", planted_or)
    table = spec.run(strength, seed=seed, replicates=replicates, odds_ratio=planted)
    table.attrs.update(threat_key=threat, label=spec.label, strength_label=spec.strength_label)
    return table
