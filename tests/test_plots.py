"""Tests of lbpkit.plots: what is drawn follows the data, and bad input is refused clearly."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from lbpkit import plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _table():
    return pd.DataFrame({"name": ["lifting", "sitting", "bending"], "odds_ratio": [1.05, 0.96, 1.06],
                         "ci_lower": [1.03, 0.94, 1.03], "ci_upper": [1.07, 0.98, 1.08], "source": ["published", "twin", "twin"]})


def test_forest_plot_draws_one_point_per_row_in_order():
    ax = plots.forest_plot(_table(), label="name", title="FLAReS per-hour ORs (test)")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["lifting", "sitting", "bending"]
    points = np.concatenate([line.get_xdata() for line in ax.lines if len(line.get_xdata()) == 3 or line.get_marker() == "s"])
    assert sorted(np.round(points[:3], 2)) == [0.96, 1.05, 1.06]
    assert ax.get_xscale() == "log"


def test_forest_plot_groups_get_a_legend_and_reference_line():
    ax = plots.forest_plot(_table(), label="name", group="source", reference=1.02, title="t")
    labels = ax.get_legend_handles_labels()[1]
    assert "published" in labels and "twin" in labels and "truth = 1.02" in labels


@pytest.mark.parametrize("kwargs, message", [
    ({"estimate": "or"}, "no column"),
    ({"title": ""}, "title"),
])
def test_forest_plot_rejects_bad_input(kwargs, message):
    args = {"title": "t", **kwargs}
    with pytest.raises(ValueError, match=message):
        plots.forest_plot(_table(), **args)


def test_forest_plot_refuses_log_axis_for_non_positive_values():
    table = pd.DataFrame({"odds_ratio": [-0.2], "ci_lower": [-0.5], "ci_upper": [0.1]})
    with pytest.raises(ValueError, match="log=False"):
        plots.forest_plot(table, title="differences")
    plots.forest_plot(table, title="differences", log=False, null=0)


def test_window_timeline_places_windows_before_onset():
    windows = pd.DataFrame({"window": ["hazard", "ref"], "kind": ["hazard", "referent"], "start": [0, 24], "end": [2, 26]})
    ax = plots.window_timeline(windows, title="t")
    spans = sorted((round(p.get_x(), 6), round(p.get_x() + p.get_width(), 6)) for p in ax.patches)
    assert spans == [(-26, -24), (-2, 0)]


def test_window_timeline_draws_exposed_hours_only():
    windows = pd.DataFrame({"window": ["hazard"], "kind": ["hazard"], "start": [0], "end": [2]})
    diary = pd.DataFrame({"person": ["p1"] * 4, "hours_before": [3, 2, 1, 0], "exposed": [1, 0, 0, 1]})
    ax = plots.window_timeline(windows, exposure=diary, title="t")
    bars = [c for c in ax.collections]
    xs = sorted(x for c in bars for (x, w) in [(p.get_extents().x0, None) for p in c.get_paths()])
    assert len(bars) == 1 and len(bars[0].get_paths()) == 2
    assert xs  # two exposed hours drawn


def test_window_timeline_rejects_bad_windows():
    bad = pd.DataFrame({"window": ["h"], "kind": ["case"], "start": [0], "end": [2]})
    with pytest.raises(ValueError, match="hazard"):
        plots.window_timeline(bad, title="t")
    reversed_ = pd.DataFrame({"window": ["h"], "kind": ["hazard"], "start": [2], "end": [0]})
    with pytest.raises(ValueError, match="start < end"):
        plots.window_timeline(reversed_, title="t")


def test_sampling_distribution_counts_every_study():
    values = np.exp(np.random.default_rng(0).normal(0.7, 0.2, 150))
    ax = plots.sampling_distribution_plot(values, truth=2.0, title="t")
    assert sum(p.get_height() for p in ax.patches) == 150


def test_ci_coverage_plot_splits_covering_and_missing_intervals():
    t = pd.DataFrame({"odds_ratio": [2.0, 3.5, 1.9], "ci_lower": [1.5, 2.6, 1.2], "ci_upper": [2.7, 4.7, 2.4]})
    ax = plots.ci_coverage_plot(t, truth=2.0, title="t")
    covering, missing = ax.collections[0], ax.collections[1]
    assert len(covering.get_segments()) == 2 and len(missing.get_segments()) == 1


def test_bias_plot_annotates_relative_bias():
    t = pd.DataFrame({"choice": ["a", "b"], "odds_ratio": [3.0, 1.0], "ci_lower": [2.0, 0.8], "ci_upper": [4.0, 1.3]})
    ax = plots.bias_plot(t, truth=2.0, title="t")
    assert [x.get_text() for x in ax.texts] == ["bias +50%", "bias -50%"]
    with pytest.raises(ValueError, match="positive"):
        plots.bias_plot(t, truth=0, title="t")


def test_referent_calendar_marks_each_schemes_referent_days():
    from lbpkit.plots import referent_calendar

    ax = referent_calendar(title="Referent days (schematic)", onset_days=(3, 17), days=28)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "unidirectional: hazard day 3" and labels[0] == "time-stratified: hazard day 17"
    # one hazard marker per row; time-stratified rows share the same four days of the weekday
    rows = {}
    for collection in ax.collections:
        for x, y in collection.get_offsets():
            rows.setdefault(int(round(y)), set()).add(int(round(x)))
    assert rows[0] == rows[1] == {3, 10, 17, 24}
    assert rows[3] == {-4, 3, 10} and rows[2] == {10, 17, 24}  # bidirectional; day -4 is drawn as dropped
    crosses = [c for c in ax.collections if c.get_label().startswith("referent dropped")]
    assert len(crosses) == 1 and [tuple(p) for p in crosses[0].get_offsets()] == [(-4.0, 3.0)]
    with pytest.raises(ValueError, match="onset_days"):
        referent_calendar(title="x", onset_days=(30,))
