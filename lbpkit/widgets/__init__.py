"""Interactive explorers of notebooks 03–05, each a thin ipywidgets layer over a plain function.

Every explorer has a compute function that takes plain values and returns a plain result (a dict
or a DataFrame) and is unit-tested on its own; the builder only wires controls to it. Each
builder returns an ``ipywidgets.VBox`` whose ``.controls`` dict holds its controls, whose
``.state`` holds the latest computed result (``None`` after a failed update), whose ``.message``
holds the words its output area shows (the current settings and result, or what went wrong and
what to change) and whose ``.n_updates`` counts recomputations, so tests (and curious learners)
can drive it by setting ``.controls[name].value``. A failed update never leaves the previous
figure standing. :func:`sweep` moves every control to its extremes (used by the tests and by
``benchmarks/bench_widgets.py``).

- :func:`window_explorer_state` / :func:`window_explorer`: move hazard and referent windows over
  example diaries and watch the discordant pairs and the odds ratio change (notebook 03).
- :func:`monte_carlo_state` / :func:`monte_carlo_explorer`: many simulated studies, their
  sampling distribution and CI coverage, with a progress bar (notebook 04);
  :func:`monte_carlo_readout` labels a :func:`monte_carlo_summary` in full, as the explorer shows it.
- :func:`lbpkit.labs.run_bias_experiment` / :func:`bias_lab_explorer`: turn each threat to the
  design up and down and watch the mean estimate over many simulated studies (notebook 05).
"""

from __future__ import annotations

from lbpkit.widgets.base import SettingError, control_settings, sweep
from lbpkit.widgets.biaslab_widget import bias_lab_explorer, bias_lab_figure, bias_lab_table, bias_lab_verdict
from lbpkit.widgets.montecarlo_widget import monte_carlo_explorer, monte_carlo_readout, monte_carlo_state, monte_carlo_summary
from lbpkit.widgets.windows_widget import diary_hours_before, window_explorer, window_explorer_figure, window_explorer_state

__all__ = [
    "window_explorer_state",
    "window_explorer_figure",
    "window_explorer",
    "diary_hours_before",
    "monte_carlo_state",
    "monte_carlo_summary",
    "monte_carlo_readout",
    "monte_carlo_explorer",
    "bias_lab_explorer",
    "bias_lab_table",
    "bias_lab_figure",
    "bias_lab_verdict",
    "THREATS",
    "SettingError",
    "control_settings",
    "sweep",
]


def __getattr__(name: str):
    if name == "THREATS":  # the bias lab's threats, read from lbpkit.labs when first asked for
        from lbpkit.labs import THREATS

        return THREATS
    raise AttributeError(f"module 'lbpkit.widgets' has no attribute {name!r}")
