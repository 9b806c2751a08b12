"""Tests of lbpkit.widgets: the compute functions, and each widget driven through its controls."""

import numpy as np
import pandas as pd
import pytest

from lbpkit import widgets
from lbpkit.simulate import events_from_diary, simulate_diary


@pytest.fixture(scope="module")
def study():
    diary = simulate_diary(200, 7 * 24, seed=8, odds_ratio=3.0, exposure_prob=0.08, event_prob=0.002)
    return events_from_diary(diary), diary


def _tiny():
    # person 1 lifts in the 2 hours before onset only; person 2 lifts 24–26 h before onset only;
    # person 3 lifts in both; person 4 never.
    rows = []
    for pid, hours in ((1, {58, 59}), (2, {34, 35}), (3, {58, 35}), (4, set())):
        rows += [{"id": pid, "time": t, "exposure": int(t in hours)} for t in range(60)]
    return pd.DataFrame({"id": [1, 2, 3, 4], "time": [60] * 4}), pd.DataFrame(rows)


def test_window_explorer_state_counts_pairs_by_hand():
    events, record = _tiny()
    s = widgets.window_explorer_state(events, record, hazard_length=2, referent_offsets=[24])
    assert s["counts"].iloc[0][["both", "case_only", "referent_only", "neither"]].tolist() == [1, 1, 1, 1]
    assert s["odds_ratio"] == 1.0 and s["method"] == "matched pairs b/c"
    assert s["windows"][["start", "end"]].values.tolist() == [[0, 2], [24, 26]]


def test_window_explorer_state_moves_with_the_hazard_window(study):
    events, diary = study
    s2 = widgets.window_explorer_state(events, diary, hazard_length=2, referent_offsets=[24])
    s8 = widgets.window_explorer_state(events, diary, hazard_length=8, referent_offsets=[24])
    assert s8["odds_ratio"] < s2["odds_ratio"]  # dilution of a 2-h effect
    b, c = s2["counts"].loc[0, ["case_only", "referent_only"]]
    assert s2["odds_ratio"] == pytest.approx(b / c)
    assert s2["n_onsets"] + s2["n_onsets_left_out"] == len(events)


def test_window_explorer_state_several_referents_uses_mantel_haenszel(study):
    events, diary = study
    s = widgets.window_explorer_state(events, diary, referent_offsets=[24, 48])
    assert s["method"] == "Mantel–Haenszel" and len(s["counts"]) == 2 and np.isfinite(s["odds_ratio"])


def test_window_explorer_state_rejects_overlapping_windows(study):
    events, diary = study
    with pytest.raises(ValueError, match="overlap"):
        widgets.window_explorer_state(events, diary, hazard_length=6, referent_offsets=[4])


def test_diary_hours_before_counts_back_from_onset():
    events, record = _tiny()
    d = widgets.diary_hours_before(events, record, n_people=1, horizon=3)
    assert d["hours_before"].tolist() == [2, 1, 0] and d["exposed"].tolist() == [0, 1, 1]


def test_window_explorer_widget_updates_when_controls_change(study):
    events, diary = study
    box = widgets.window_explorer(events, diary)
    first = box.state["odds_ratio"]
    box.controls["hazard_length"].value = 8
    assert box.n_updates == 2
    assert box.state["windows"]["end"].iloc[0] == 8 and box.state["odds_ratio"] != first
    box.controls["n_referents"].value = 2
    assert box.state["method"] == "Mantel–Haenszel"


def test_monte_carlo_state_is_reproducible_and_covers_the_truth():
    a = widgets.monte_carlo_state(n_cases=150, true_or=2.0, n_studies=120, seed=3)
    b = widgets.monte_carlo_state(n_cases=150, true_or=2.0, n_studies=120, seed=3, chunk=50,
                                  progress=lambda done, total: None)
    pd.testing.assert_frame_equal(a, b)
    summary = widgets.monte_carlo_summary(a)
    assert 0.85 <= summary["coverage"].iloc[0] <= 1.0
    assert summary["median_or"].iloc[0] == pytest.approx(2.0, rel=0.15)
    # empirical spread agrees with the model-based SE
    assert summary["empirical_se"].iloc[0] == pytest.approx(summary["mean_model_se"].iloc[0], rel=0.25)


def test_monte_carlo_state_reports_progress():
    seen = []
    widgets.monte_carlo_state(n_cases=50, true_or=1.5, n_studies=70, seed=1, chunk=25, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(25, 70), (50, 70), (70, 70)]


def test_monte_carlo_explorer_updates_and_moves_the_progress_bar():
    box = widgets.monte_carlo_explorer(n_cases=100, true_or=2.0, n_studies=50, seed=1)
    before = widgets.monte_carlo_summary(box.state)
    box.controls["n_cases"].value = 400
    after = widgets.monte_carlo_summary(box.state)
    assert box.state.attrs["n_cases"] == 400 and after["empirical_se"].iloc[0] < before["empirical_se"].iloc[0]
    assert box.progress.value == box.progress.max == 50
    box.controls["true_or"].value = 4.0
    assert box.state.attrs["true_or"] == pytest.approx(4.0)


def test_bias_lab_explorer_switches_threat_and_strength():
    box = widgets.bias_lab_explorer(threat="window_length", strength=2, seed=1)
    same = box.state
    assert same["odds_ratio"].iloc[0] == pytest.approx(same["odds_ratio"].iloc[1])
    box.controls["strength"].value = 10
    assert box.state["odds_ratio"].iloc[1] < box.state["odds_ratio"].iloc[0]
    n = box.n_updates
    box.controls["threat"].value = "recall"
    assert box.state.attrs["threat"] == "recall bias"
    assert box.controls["strength"].value == widgets.THREATS["recall"].default
    assert box.n_updates == n + 1  # one recomputation per threat change, not one per slider reset


def test_bias_lab_explorer_rejects_unknown_threat():
    with pytest.raises(ValueError, match="Unknown threat"):
        widgets.bias_lab_explorer(threat="weather")
