"""Tests of lbpkit.widgets: the compute functions, the batched Monte Carlo engine, and each widget
driven through its controls, including a sweep of every control to its extremes."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.discrete.conditional_models import ConditionalLogit

from lbpkit import labs, widgets
from lbpkit.engine import batched
from lbpkit.widgets import montecarlo_widget, windows_widget
from lbpkit.widgets.base import SettingError, control_settings, problem_message
from lbpkit.estimate import fit_conditional_logit_arrays
from lbpkit.simulate import events_from_diary, simulate_case_crossover, simulate_diary


@pytest.fixture(scope="module")
def study():
    diary = simulate_diary(200, 7 * 24, seed=8, odds_ratio=3.0, exposure_prob=0.08, event_prob=0.002)
    return events_from_diary(diary), diary


@pytest.fixture(scope="module")
def notebook_study():
    """The diary study of notebook 03 (same call, same seed), which its window explorer uses."""
    diary = simulate_diary(300, 7 * 24, seed=303, odds_ratio=3.0, exposure_prob=0.08, event_prob=0.002)
    return events_from_diary(diary), diary


def _tiny():
    # person 1 lifts in the 2 hours before onset only; person 2 lifts 24–26 h before onset only;
    # person 3 lifts in both; person 4 never.
    rows = []
    for pid, hours in ((1, {58, 59}), (2, {34, 35}), (3, {58, 35}), (4, set())):
        rows += [{"id": pid, "time": t, "exposure": int(t in hours)} for t in range(60)]
    return pd.DataFrame({"id": [1, 2, 3, 4], "time": [60] * 4}), pd.DataFrame(rows)


# --- notebook 03: the window explorer ----------------------------------------------------------


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


def test_window_explorer_state_says_when_no_diary_reaches_back_far_enough(notebook_study):
    # Issue 13: three referents 56 h apart reach 170 h back in 168-h diaries; this was KeyError: 0.
    events, diary = notebook_study
    with pytest.raises(SettingError, match="No onset has a diary that reaches 170 h back") as caught:
        widgets.window_explorer_state(events, diary, referent_offsets=[56, 112, 168])
    assert "fewer referent windows" in caught.value.change


def test_window_explorer_offset_range_keeps_enough_onsets(notebook_study):
    events, diary = notebook_study
    box = widgets.window_explorer(events, diary, referent_offset=60)
    box.controls["n_referents"].value = 3
    offset = box.controls["referent_offset"]
    assert offset.value == offset.max < 56  # lowered with its maximum, to a setting that works
    assert not box.problem and box.state["n_onsets"] >= windows_widget.MIN_ONSETS
    box.controls["n_referents"].value = 1
    assert offset.max == 72  # the full range comes back


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


def test_every_control_says_what_it_means(study):
    events, diary = study
    boxes = [widgets.window_explorer(events, diary), widgets.monte_carlo_explorer(n_studies=50),
             widgets.bias_lab_explorer(threat="recall", seed=1)]
    for box in boxes:
        for name, control in box.controls.items():
            assert len(control.description.split()) >= 2, f"{name}: {control.description!r} is not a description"
    offset = boxes[0].controls["referent_offset"].description
    assert "from hazard-window start" in offset


# --- failures are shown in words, never as a stale figure ---------------------------------------


def test_a_failed_update_clears_the_state_and_says_what_to_change(study, monkeypatch):
    events, diary = study
    box = widgets.window_explorer(events, diary)
    assert box.state is not None and not box.problem

    def broken(*args, **kwargs):
        raise RuntimeError("simulated breakage")

    monkeypatch.setattr(windows_widget, "window_explorer_state", broken)
    box.controls["hazard_length"].value = 3  # must not raise
    assert box.state is None and box.problem
    assert "RuntimeError: simulated breakage" in box.message and "What to change" in box.message
    monkeypatch.undo()
    box.controls["hazard_length"].value = 4
    assert not box.problem and box.state["windows"]["end"].iloc[0] == 4


def test_problem_messages_are_plain_words():
    message = problem_message(SettingError("No onset is complete.", "use fewer referent windows."))
    assert message == "This setting cannot be shown. No onset is complete. What to change: use fewer referent windows."
    assert "What to change" in problem_message(ValueError("`x` must be positive."))


# --- notebook 04: batched studies and the Monte Carlo explorer ----------------------------------


@pytest.mark.parametrize("n_referents, odds_ratio, n_cases", [(1, 2.0, 30), (2, 10.0, 20), (3, 0.5, 200), (2, 2.0, 1000)])
def test_batched_fit_equals_the_fast_engine_study_by_study(n_referents, odds_ratio, n_cases):
    counts = batched.simulate_study_counts(120, n_cases=n_cases, odds_ratio=odds_ratio, exposure_prob=0.2,
                                                    n_referents=n_referents, seed=5)
    fit = batched.fit_study_counts(counts)
    assert fit["converged"].all()
    for s in range(len(counts)):
        y, x, strata = batched.expand_study_counts(counts[s])
        try:
            engine = fit_conditional_logit_arrays(y, x, strata, warn=False)
        except ValueError:  # SeparationError: no finite estimate
            assert not fit["finite"][s]
            continue
        assert fit["finite"][s]
        assert fit["log_or"][s] == pytest.approx(engine["params"][0], abs=1e-6)
        assert fit["se"][s] == pytest.approx(engine["se"][0], rel=1e-6)


def test_batched_fit_equals_statsmodels():
    counts = batched.simulate_study_counts(3, n_cases=150, odds_ratio=2.5, exposure_prob=0.3, n_referents=3, seed=9)
    fit = batched.fit_study_counts(counts)
    for s in range(3):
        y, x, strata = batched.expand_study_counts(counts[s])
        ref = ConditionalLogit(y, x[:, None], groups=strata).fit(method="newton", disp=0)
        assert fit["log_or"][s] == pytest.approx(ref.params[0], abs=1e-6)
        assert fit["se"][s] == pytest.approx(ref.bse[0], rel=1e-5)


def test_batched_simulation_draws_the_model_of_simulate_case_crossover():
    # Same model, different draws: compare the share of exposed case and referent windows over
    # many studies with the direct simulator's, within Monte Carlo error.
    counts = batched.simulate_study_counts(400, n_cases=100, odds_ratio=3.0, exposure_prob=0.2, n_referents=2, seed=1)
    case_share = counts[:, 1, :].sum() / counts.sum()
    referent_share = (counts.sum(axis=1) * np.arange(3)).sum() / (2 * counts.sum())
    direct = simulate_case_crossover(40_000, odds_ratio=3.0, exposure_prob=0.2, n_referents=2, seed=2)
    assert case_share == pytest.approx(direct.loc[direct["case"] == 1, "exposure"].mean(), abs=0.01)
    assert referent_share == pytest.approx(direct.loc[direct["case"] == 0, "exposure"].mean(), abs=0.01)
    assert case_share == pytest.approx(0.2 * 3 / 0.8 / (1 + 0.2 * 3 / 0.8), abs=0.01)  # odds 3 × 0.25


def test_monte_carlo_state_is_reproducible_and_covers_the_truth():
    a = widgets.monte_carlo_state(n_cases=150, true_or=2.0, n_studies=400, seed=3)
    b = widgets.monte_carlo_state(n_cases=150, true_or=2.0, n_studies=400, seed=3, progress=lambda done, total: None)
    pd.testing.assert_frame_equal(a, b)
    summary = widgets.monte_carlo_summary(a)
    assert 0.92 <= summary["coverage"].iloc[0] <= 0.98
    assert summary["median_or"].iloc[0] == pytest.approx(2.0, rel=0.05)
    # empirical spread agrees with the model-based SE
    assert summary["empirical_se"].iloc[0] == pytest.approx(summary["mean_model_se"].iloc[0], rel=0.15)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_notebook_04s_claims_about_coverage_and_the_two_ses_at_20_cases_hold(seed):
    """Notebook 04 §6, "coverage and the two SEs at 20 cases (checked over 20,000 studies per setting)": coverage
    about 0.96-0.97 at every true OR; mean_model_se about a sixth larger than empirical_se at OR 0.5, about a
    quarter at OR 10, a few percent smaller at OR 2; at 200 cases the two agree and coverage is about 0.95."""
    def summary(n_cases, true_or):
        state = widgets.monte_carlo_state(n_cases=n_cases, true_or=true_or, n_studies=20_000, seed=seed)
        row = widgets.monte_carlo_summary(state).iloc[0]
        return row["mean_model_se"] / row["empirical_se"], row["coverage"]

    bands = {0.5: (1.12, 1.22), 10.0: (1.2, 1.3), 2.0: (0.93, 0.995)}  # a sixth, a quarter, a few percent smaller
    for true_or, (low, high) in bands.items():
        se_ratio, coverage = summary(20, true_or)
        assert low <= se_ratio <= high, (true_or, se_ratio)
        assert 0.955 <= coverage <= 0.98, (true_or, coverage)
    se_ratio, coverage = summary(200, 2.0)
    assert se_ratio == pytest.approx(1, abs=0.03) and coverage == pytest.approx(0.95, abs=0.01)


def test_monte_carlo_state_reports_progress():
    seen = []
    widgets.monte_carlo_state(n_cases=50, true_or=1.5, n_studies=70, seed=1, chunk=25, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(25, 70), (50, 70), (70, 70)]


def test_monte_carlo_state_counts_studies_without_a_finite_estimate():
    mc = widgets.monte_carlo_state(n_cases=20, true_or=0.5, n_studies=300, seed=2)
    failed = mc["error"] != ""
    assert mc.attrs["n_failed"] == failed.sum() > 0
    assert mc.loc[failed, "log_or"].isna().all() and not mc.loc[failed, "covers"].any()
    assert widgets.monte_carlo_summary(mc)[["n_studies", "n_failed"]].iloc[0].tolist() == [300 - failed.sum(), failed.sum()]


def test_monte_carlo_explorer_updates_and_moves_the_progress_bar():
    box = widgets.monte_carlo_explorer(n_cases=100, true_or=2.0, n_studies=50, seed=1)
    before = widgets.monte_carlo_summary(box.state)
    box.controls["n_cases"].value = 400
    after = widgets.monte_carlo_summary(box.state)
    assert box.state.attrs["n_cases"] == 400 and after["empirical_se"].iloc[0] < before["empirical_se"].iloc[0]
    assert box.progress.value == box.progress.max == 50
    box.controls["true_or"].value = 4.0
    assert box.state.attrs["true_or"] == pytest.approx(4.0)


def test_monte_carlo_readout_labels_every_summary_column_and_rounds_it():
    summary = widgets.monte_carlo_summary(widgets.monte_carlo_state(n_cases=100, true_or=2.0, n_studies=60, seed=4))
    readout = montecarlo_widget.monte_carlo_readout(summary)
    assert list(readout.columns) == ["value"]
    assert [label.rsplit("(", 1)[1].rstrip(")") for label in readout.index] == list(summary.columns)
    value = dict(zip(summary.columns, readout["value"]))
    row = summary.iloc[0]
    assert value["coverage"] == f"{row['coverage']:.3f}" and value["verdict"] == row["verdict"]
    assert value["n_studies"] == str(row["n_studies"]) and value["bias_percent"].endswith("%")
    assert float(value["empirical_se"]) == pytest.approx(row["empirical_se"], abs=5e-4)
    assert all(len(v.split(".")[1].rstrip("%")) <= 3 for v in readout["value"] if "." in v)


def test_monte_carlo_readout_shows_a_value_that_rounds_to_zero_without_a_sign():
    """Round-5 trial of 04: a Monte Carlo interval's lower end of -0.0003 was shown as "-0.000"."""
    summary = widgets.monte_carlo_summary(widgets.monte_carlo_state(n_cases=100, true_or=2.0, n_studies=60, seed=4))
    summary = summary.assign(mean_log_or_bias_lower=-0.0003, mean_log_or_bias_upper=0.0004, bias_percent=-0.02)
    value = dict(zip(summary.columns, widgets.monte_carlo_readout(summary)["value"]))
    assert (value["mean_log_or_bias_lower"], value["mean_log_or_bias_upper"], value["bias_percent"]) == ("0.000", "0.000", "0.0%")


def test_monte_carlo_explorer_says_how_many_studies_are_left_out():
    box = widgets.monte_carlo_explorer(n_cases=20, true_or=0.5, n_studies=300, seed=2)
    failed = box.state.attrs["n_failed"]
    assert failed > 0 and f"{failed} of them had no finite estimate" in box.message
    box.controls["n_cases"].value = 1000
    assert box.state.attrs["n_failed"] == 0 and "Every study had a finite estimate" in box.message


def test_monte_carlo_summary_says_too_few_studies_for_a_large_deviation_within_noise():
    """A mean deviation of 5% or more whose interval includes 0 is not "no bias that matters" (fresh trial of 04)."""
    import numpy as np
    import pandas as pd

    noisy = pd.DataFrame({"log_or": np.log(2.0) + np.array([0.9, -0.6, 0.5, -0.2]), "se": 0.5, "covers": True, "error": ""})
    noisy.attrs["true_or"] = 2.0
    row = widgets.monte_carlo_summary(noisy).iloc[0]
    assert row["bias_percent"] >= 5 and row["mean_log_or_bias_lower"] < 0 < row["mean_log_or_bias_upper"]
    assert row["verdict"] == "too few studies to tell"
    tight = noisy.assign(log_or=np.log(2.0) + np.array([0.01, -0.01, 0.0, 0.005]))
    tight.attrs["true_or"] = 2.0
    assert widgets.monte_carlo_summary(tight)["verdict"].iloc[0] == "no bias that matters"


def test_monte_carlo_explorer_simulates_the_odds_ratio_its_slider_shows():
    """The log slider's lowest stop is 10 ** -0.3 = 0.501; the explorer simulates (and names) 0.5."""
    box = widgets.monte_carlo_explorer(n_cases=100, true_or=2.0, n_studies=50, seed=1)
    slider = box.controls["true_or"]
    slider.value = slider.base ** slider.min
    assert box.state.attrs["true_or"] == 0.5 and "true odds ratio 0.5." in box.message


# --- notebook 05: the bias lab ------------------------------------------------------------------


def test_bias_lab_explorer_switches_threat_and_strength():
    box = widgets.bias_lab_explorer(threat="window_length", strength=2, seed=1)
    assert not box.problem, box.message
    box.controls["strength"].value = 10
    assert box.state.attrs["strength"] == 10
    n = box.n_updates
    box.controls["threat"].value = "recall"
    assert box.state.attrs["threat_key"] == "recall"
    assert box.controls["strength"].value == widgets.THREATS["recall"].default
    assert box.n_updates == n + 1  # one recomputation per threat change, not one per slider reset


def test_bias_lab_threat_change_shows_a_slider_with_that_threats_range():
    # The browser's slider keeps the range it was drawn with for Home/End (a round-4 trial: End on
    # the confounder slider stopped at the time trend's 1.5), so a threat change shows that threat's slider.
    box = widgets.bias_lab_explorer(threat="time_trend", seed=1)
    old = box.controls["strength"]
    box.controls["threat"].value = "confounding"
    slider, spec = box.controls["strength"], widgets.THREATS["confounding"]
    slot = box.children[1]  # under the threat dropdown: the box that holds the slider shown
    assert slider is not old and slot.children == (slider,)
    assert box.children[0] is box.controls["threat"] and box.children[2] is box.controls["planted"]
    assert (slider.min, slider.max, slider.step, slider.value) == (spec.minimum, spec.maximum, spec.step, spec.default)
    n = box.n_updates
    slider.value = spec.maximum
    assert box.n_updates == n + 1 and box.state.attrs["strength"] == spec.maximum
    box.controls["threat"].value = "time_trend"  # back: its own slider again, at its default
    assert box.controls["strength"] is old and slot.children == (old,) and box.children[1] is slot
    assert old.value == widgets.THREATS["time_trend"].default and box.n_updates == n + 2


def test_bias_lab_shows_replicate_means_the_planted_truth_and_a_fresh_draw():
    box = widgets.bias_lab_explorer(threat="time_trend", seed=1)
    table = box.state
    assert {"mean_or", "bias_lower", "bias_upper", "n_replicates", "n_failed"} <= set(table.columns)
    assert (table["n_replicates"] > 1).all()
    assert f"planted odds ratio {table['planted_or'].iloc[0]:g}" in box.message
    box.controls["planted"].value = "null"
    assert (box.state["planted_or"] == 1.0).all() and "planted odds ratio 1" in box.message
    first = box.state["mean_or"].to_numpy()
    box.controls["fresh_draw"].click()
    assert box.seed() == 2 and not np.allclose(box.state["mean_or"].to_numpy(), first)


@pytest.mark.parametrize("threat", list(widgets.THREATS))
def test_bias_lab_figure_shows_every_text_whole(threat):
    # long row labels, the title and the x label are broken into lines and the margins follow
    # them: no text may reach beyond the figure's edge (the "Early symptoms" labels once cut
    # the title and the x label at the right).
    import matplotlib.pyplot as plt

    spec = widgets.THREATS[threat]
    summary = labs.run_bias_experiment(threat, spec.default, seed=1, replicates=10)
    fig = widgets.bias_lab_figure(summary, title=f"{spec.label}: {spec.strength_label} = {spec.maximum:.3g}; planted OR 2 "
                                                 f"(synthetic, {spec.replicates} studies per choice)")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    edge = fig.bbox
    ax = fig.axes[0]
    low, high = ax.get_xlim()
    shown_ticks = [t for t, x in zip(ax.get_xticklabels(), ax.get_xticks()) if low <= x <= high]  # the drawn ones
    texts = [fig._suptitle, ax.xaxis.label, *ax.get_yticklabels(), *shown_ticks, ax.get_legend()]
    for text in texts:
        box = text.get_window_extent(renderer)
        assert edge.x0 - 0.5 <= box.x0 and box.x1 <= edge.x1 + 0.5 and edge.y0 - 0.5 <= box.y0 and box.y1 <= edge.y1 + 0.5, \
            (threat, getattr(text, "get_text", lambda: "legend")(), box, edge)
    title_box = fig._suptitle.get_window_extent(renderer)
    assert title_box.y0 > ax.get_window_extent(renderer).y1  # the title above the plot, not over it
    plt.close(fig)


def test_bias_lab_explorer_rejects_unknown_threat():
    with pytest.raises(ValueError, match="Unknown threat"):
        widgets.bias_lab_explorer(threat="weather")


# --- the sweep: every control to its minimum, middle and maximum, and the corners of pairs -----


def _check_window(setting, state, message):
    start, length, k = setting["hazard_start"], setting["hazard_length"], setting["n_referents"]
    w = state["windows"]
    assert w[["start", "end"]].iloc[0].tolist() == [start, start + length]
    assert w["start"].iloc[1:].tolist() == [start + setting["referent_offset"] * (i + 1) for i in range(k)]
    assert len(state["counts"]) == k
    assert f"Hazard window {start:g}–{start + length:g} h before onset" in message


def _check_monte_carlo(setting, state, message):
    assert len(state) == setting["n_studies"] and state.attrs["n_cases"] == setting["n_cases"]
    shown = float(f"{setting['true_or']:.2g}")  # the slider reads and simulates two significant digits (0.501 -> 0.5)
    assert state.attrs["true_or"] == pytest.approx(shown)
    assert f"{setting['n_studies']} simulated studies of {setting['n_cases']} cases each" in message
    assert f"true odds ratio {shown:.3g}" in message


def _check_bias_lab(setting, state, message):
    assert state.attrs["strength"] == pytest.approx(setting["strength"])
    assert f"= {setting['strength']:.3g}; planted odds ratio" in message
    assert (setting["planted"] == "null") == bool((state["planted_or"] == 1.0).all())


SWEEPS = {
    "window": (lambda study: widgets.window_explorer(*study), _check_window),
    "monte_carlo": (lambda study: widgets.monte_carlo_explorer(n_cases=200, true_or=2.0, n_studies=100, seed=404), _check_monte_carlo),
    "bias_lab": (lambda study: widgets.bias_lab_explorer(threat="time_trend", seed=505), _check_bias_lab),
}


@pytest.mark.parametrize("name", list(SWEEPS))
def test_sweep_every_control_to_its_extremes(name, notebook_study):
    build, check = SWEEPS[name]
    box = build(notebook_study)
    records = list(widgets.sweep(box))  # no exception may escape an update
    n_controls = sum(1 for c in box.controls.values() if hasattr(c, "value"))
    assert len(records) >= 3 * n_controls
    for record in records:
        if "recomputed" in record:
            assert record["recomputed"], f"pressing a button did not recompute: {record['values_asked']}"
        if record["problem"]:  # allowed only with words that say what to change, and no stale state
            assert record["state"] is None and "What to change" in record["message"], record
            continue
        check(record["setting"], record["state"], record["message"])
    assert sum(r["problem"] for r in records) == 0, [r["message"] for r in records if r["problem"]]


def test_control_settings_are_minimum_middle_maximum():
    import ipywidgets

    assert control_settings(ipywidgets.IntSlider(min=20, max=1000, step=10)) == [20, 510, 1000]
    values = control_settings(ipywidgets.FloatLogSlider(base=10, min=-0.3, max=1, step=0.05))
    assert values[0] == pytest.approx(10 ** -0.3) and values[-1] == pytest.approx(10.0)
    assert control_settings(ipywidgets.Dropdown(options=[("one", 1), ("two", 2)])) == [1, 2]
