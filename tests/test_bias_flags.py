"""A "biased" flag means what the text says, and stays the same from seed to seed.

The kit flags an analysis *biased* when the Monte Carlo 95% interval of its mean bias excludes 0
**and** the mean is at least ``lbpkit.labs.BIAS_THRESHOLD_PERCENT`` (5%) from the planted OR
(docs/glossary.md, "Bias"). The expected flags below are what each experiment was designed to
show (which analysis is flawed), not outputs of the code: a sound analysis must not be flagged
and a flawed one must be, for the notebooks' seeds and for other seeds. The replicate counts are
the ones notebooks 03–05 use; they were chosen by checking 20 master seeds (the counts print the
same flags for every one); these tests pin a few of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lbpkit import labs, widgets
from lbpkit.labs._replicate import Estimates, summarise

SEEDS = [303, 404, 505, 7]  # the notebooks' seeds and one more


def _static_tables(seed: int) -> dict[str, tuple[pd.DataFrame, list[bool]]]:
    """The static tables of notebooks 03 and 05 (calls as in the notebooks), each with the flags
    its design implies."""
    false = [(t, s) for t, s in [("time_trend", 0.7), ("recall", 0.15), ("referent_clock", 12)]]
    return {
        "03 confounded": (lambda: labs.self_matching_experiment(seed=seed, replicates=200, odds_ratio=2.0,
                                                                 confounder_strength=4.0), [True, False]),
        "03 no confounder": (lambda: labs.self_matching_experiment(seed=seed, replicates=200, confounder_strength=1.0),
                             [False, False]),
        "05 trend": (lambda: labs.trend_experiment(seed=seed, replicates=500, trend_per_week=0.7),
                     [True, False, False, False, True]),
        "05 overlap": (lambda: labs.overlap_bias_lab(seed=seed, replicates=1000), [True, False, False]),
        "05 rising": (lambda: labs.trend_experiment(seed=seed, trend_per_week=1.4, replicates=200),
                      [True, False, False, False, True]),
        "05 confounding": (lambda: labs.confounding_experiment(seed=seed, replicates=200, confounder_or=3.0), [True, False]),
        "05 recall": (lambda: labs.recall_experiment(seed=seed, replicates=200, recall_inflation=0.15), [False, True]),
        "05 lengths": (lambda: pd.concat([labs.window_length_experiment(seed=seed, replicates=300, hazard_length=h).iloc[[1]]
                                          for h in range(1, 13)], ignore_index=True), [h != 2 for h in range(1, 13)]),
        "05 chosen": (lambda: pd.concat([labs.window_selection_experiment(seed=seed, replicates=n, odds_ratio=p)
                                         for p, n in [(2.0, 2000), (1.0, 1000)]], ignore_index=True),
                      [False, True, False, True]),
        "05 personal exposure": (lambda: labs.referent_scheme_experiment(seed=seed, replicates=1000, exposure="personal",
                                                                         pattern="none", lifting_prob=0.3),
                                 [False, False, False, False]),
        "05 false triggers": (lambda: pd.concat([labs.run_bias_experiment(t, s, seed=seed, replicates=800, planted_or=1.0)
                                                 for t, s in false], ignore_index=True),
                              [True, False, False, False, True, False, True, False, True]),
        "05 protopathic": (lambda: pd.concat([labs.protopathic_experiment(seed=seed, replicates=200, prodrome_or=0.3),
                                              labs.protopathic_experiment(seed=seed, replicates=200, prodrome_or=3.0,
                                                                          odds_ratio=1.0)], ignore_index=True),
                           [True, False, True, False]),
        "05 after event": (lambda: labs.event_dependent_exposure_experiment(seed=seed, replicates=200), [False, True, True]),
        "05 exchangeable": (lambda: labs.exchangeability_experiment(seed=seed, replicates=500, autocorrelation=0.6),
                            [False, True, False]),
        "05 carry-over": (lambda: labs.carryover_experiment(seed=seed, replicates=200, effect_hours=12), [True, True, False]),
    }


TABLES = list(_static_tables(0))


@pytest.mark.parametrize("seed", SEEDS[2:])  # 03's tables are cheap, but all run per seed: keep it to two seeds
@pytest.mark.parametrize("name", TABLES)
def test_every_static_table_flags_the_flawed_analyses_and_only_them(name, seed):
    make, expected = _static_tables(seed)[name]
    table = make()
    flags = table["biased"].tolist()
    shown = table[["choice", "bias_percent", "bias_lower", "bias_upper", "biased"]].round(2).to_string()
    assert flags == expected, f"{name}, seed {seed}:\n{shown}"


@pytest.mark.parametrize("seed", SEEDS[:2])
@pytest.mark.parametrize("name", ["03 confounded", "03 no confounder", "05 trend", "05 recall", "05 after event"])
def test_cheap_static_tables_flag_the_same_with_more_seeds(name, seed):
    make, expected = _static_tables(seed)[name]
    assert make()["biased"].tolist() == expected


# --- the bias lab: its opening view, each threat's default and the no-threat setting ---------------

def _sound_rows(threat: str, strength: float, planted: str, choices: list[str]) -> list[bool]:
    """Which rows the design makes biased at this setting (True) — by design, not by output."""
    spec = labs.THREATS[threat]
    flawed = {
        "time_trend": lambda c: c.startswith("unidirectional") or "half as steep" in c,
        "overlap": lambda c: "cut at the edges" in c,
        "confounding": lambda c: c.startswith("confounder ignored"),
        "recall": lambda c: c.startswith("recalled"),
        "window_length": lambda c: "analysis' choice" in c,
        "referent_clock": lambda c: "same clock" not in c,
        "event_dependent": lambda c: not c.startswith("unidirectional"),
        "protopathic": lambda c: c.startswith("hazard window 0–2 h"),
    }[threat]
    if strength == spec.no_threat:
        # no threat: only the protopathic 0–2 h window (inside the 3 h before recognition) stays
        # flawed, and only when lifting has an effect to miss
        return [threat == "protopathic" and planted == "effect" and flawed(c) for c in choices]
    if threat == "window_length" and planted == "null":
        return [False for _ in choices]  # a wrong window length cannot create a trigger
    if threat == "overlap" and planted == "null":
        return [not c.startswith("time-stratified") for c in choices]
    return [flawed(c) for c in choices]


SETTINGS = [(threat, strength) for threat, spec in labs.THREATS.items() for strength in (spec.default, spec.no_threat)]


@pytest.mark.parametrize("seed", [5, 505, 6])
@pytest.mark.parametrize("threat, strength", SETTINGS)
def test_bias_lab_flags_are_the_designs_at_default_and_no_threat_settings(threat, strength, seed):
    spec = labs.THREATS[threat]
    for planted in ("effect", "null"):
        table = labs.run_bias_experiment(threat, strength, seed=seed, replicates=spec.replicates,
                                         planted_or=1.0 if planted == "null" else None)
        expected = _sound_rows(threat, strength, planted, table["choice"].tolist())
        shown = table[["choice", "bias_percent", "bias_lower", "bias_upper", "biased"]].round(2).to_string()
        assert table["biased"].tolist() == expected, f"{threat} at {strength}, planted {planted}, seed {seed}:\n{shown}"


# --- the rule itself ------------------------------------------------------------------------------

def _one_row(log_or: np.ndarray) -> pd.Series:
    est = Estimates(log_or=log_or, se=np.full(log_or.size, 0.1), n_strata=np.full(log_or.size, 100))
    return summarise({"x": est}, 2.0).iloc[0]


def test_an_interval_that_excludes_zero_is_not_enough_for_a_flag():
    rng = np.random.default_rng(1)
    tiny = _one_row(np.log(2.0 * 1.02) + rng.normal(0, 0.01, 4000))  # +2%, pinned down by 4000 studies
    assert tiny["bias_lower"] > 0 and not tiny["biased"]


def test_a_bias_that_matters_needs_evidence_too():
    rng = np.random.default_rng(2)
    noisy = _one_row(np.log(2.0 * 1.08) + rng.normal(0, 0.5, 20))  # +8% but 20 wildly varying studies
    assert noisy["bias_lower"] < 0 < noisy["bias_upper"] and not noisy["biased"]
    clear = _one_row(np.log(2.0 * 1.08) + rng.normal(0, 0.05, 400))
    assert clear["bias_lower"] > 0 and abs(clear["bias_percent"]) >= labs.BIAS_THRESHOLD_PERCENT and clear["biased"]
    assert labs.BIAS_THRESHOLD_PERCENT == 5.0  # the number the notebooks, glossary and widgets state


# --- notebook 04's Monte Carlo explorer -----------------------------------------------------------

@pytest.mark.parametrize("seed", [404, 1, 2, 3])
def test_monte_carlo_opening_view_and_static_table_show_no_bias(seed):
    opening = widgets.monte_carlo_summary(widgets.monte_carlo_state(n_cases=200, true_or=2.0, n_studies=100, seed=seed))
    static = widgets.monte_carlo_summary(widgets.monte_carlo_state(n_cases=200, true_or=2.0, n_studies=400, seed=seed))
    assert opening["verdict"].iloc[0] == static["verdict"].iloc[0] == "no bias that matters"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_monte_carlo_names_small_sample_bias_as_such(seed):
    # A sound design (each study is the model itself) with 6 cases per study: the estimator's mean,
    # over the studies with a finite estimate, lies far more than 5% from the truth.
    few = widgets.monte_carlo_summary(widgets.monte_carlo_state(n_cases=6, true_or=2.0, n_studies=4000, seed=seed))
    row = few.iloc[0]
    assert row["mean_log_or_bias_upper"] < 0 and row["bias_percent"] <= -5
    assert row["verdict"] == "small-sample bias"


def test_the_bias_lab_states_the_rule_it_flags_by():
    box = widgets.bias_lab_explorer(threat="event_dependent", strength=1.0, seed=5)
    words = " ".join(child.value for child in box.children if hasattr(child, "value") and isinstance(child.value, str))
    assert "at least 5% from the planted OR" in words and "small-sample bias" in words
    assert "No analysis choice is biased here" in box.message  # the no-threat setting shows sound analyses as sound
    assert "within 5% of the truth" in box.message
    assert "biased (interval excludes 0 and |bias| ≥ 5%)" in widgets.bias_lab_table(box.state).columns


@pytest.mark.parametrize("strength", [0.3, 1.0])
def test_the_bias_lab_calls_the_valid_scheme_not_biased_when_exposure_changes_after_the_flare(strength):
    # The read-out next to 05.which-unbiased: over many draws the unidirectional row (referents wholly
    # before the onset) averages near the truth and is listed "Not biased" in every draw, even in a
    # draw (505, the notebook's) where chance puts it a few percent off with an interval missing 0.
    biases = []
    for seed in range(505, 517):
        table = labs.run_bias_experiment("event_dependent", strength, seed=seed,
                                         replicates=labs.THREATS["event_dependent"].replicates)
        verdict, notes = widgets.bias_lab_verdict(table)
        row = table[table["choice"].str.startswith("unidirectional")].iloc[0]
        biases.append(row["bias_percent"])
        assert f"{row['choice']} ({row['bias_percent']:+.1f}%" in verdict.split("Biased")[-1].split("Not biased")[-1]
        assert not row["biased"]
        if (row["bias_lower"] > 0) or (row["bias_upper"] < 0):
            assert any("too small to call a bias" in note for note in notes)
    assert abs(np.mean(biases)) < 1.5


def test_the_bias_lab_verdict_names_every_row_once():
    table = pd.DataFrame({"choice": ["sound", "off", "flawed", "noisy"], "bias_percent": [0.5, 3.0, 40.0, 9.0],
                          "bias_lower": [-1.0, 0.5, 35.0, -2.0], "bias_upper": [2.0, 5.5, 45.0, 20.0],
                          "biased": [False, False, True, False]})
    verdict, notes = widgets.bias_lab_verdict(table)
    assert verdict.index("Biased") < verdict.index("flawed (+40.0%)") < verdict.index("Not biased (within 5%")
    assert "off (+3.0%; its interval misses the truth)" in verdict and "sound (+0.5%)" in verdict
    assert verdict.index("Not pinned down") < verdict.index("noisy (+9.0%)")
    assert all(verdict.count(f"{name} (") == 1 for name in table["choice"])
    assert len(notes) == 1 and "too small to call a bias" in notes[0]


def test_the_bias_lab_names_a_false_protective_effect_and_a_false_trigger_by_their_direction():
    # A fresh MPH trial of 05: with no effect planted, the unidirectional row under a falling trend
    # lies below 1, which the notebook calls a false protective factor; the read-out must not call it a trigger.
    falling = widgets.bias_lab_explorer(threat="time_trend", strength=0.7, seed=505, planted="null").message
    assert "false protective effect (unidirectional" in falling and "false trigger" not in falling
    rising = widgets.bias_lab_explorer(threat="time_trend", strength=1.4, seed=505, planted="null").message
    assert "false trigger (unidirectional" in rising and "protective" not in rising


def test_the_bidirectional_bias_at_the_steepest_trend_lies_near_the_five_percent_line():
    # Notebook 05, section 6: at the slider's steepest falling trend the bidirectional row's bias is
    # real but close to 5%, so its flag comes and goes from draw to draw; the unidirectional row's is far larger.
    steep = labs.THREATS["time_trend"]
    for planted in (None, 1.0):
        tables = [labs.run_bias_experiment("time_trend", steep.minimum, seed=seed, replicates=steep.replicates,
                                           planted_or=planted) for seed in range(505, 517)]
        rows = pd.concat([t[t["choice"].str.startswith("bidirectional")] for t in tables])
        uni = pd.concat([t[t["choice"].str.startswith("unidirectional")] for t in tables])
        assert 2.5 < rows["bias_percent"].mean() < 9
        assert 0 < rows["biased"].sum() < len(rows)  # flagged in some draws, not in others
        assert uni["bias_percent"].abs().min() > 5 * rows["bias_percent"].abs().max()


@pytest.mark.parametrize("true_or", [0.5, 2.0, 10.0])
def test_wald_coverage_at_20_cases_is_conservative_whatever_the_two_mean_ses_say(true_or):
    """04's explorer bullet: at 20 cases coverage is above 0.95 at every true OR (Monte Carlo interval), the mean
    model SE overstates the spread at OR 0.5 and 10 and understates it at OR 2, and at OR 2 the studies far from
    the truth report larger SEs (which is how coverage stays high)."""
    from statsmodels.stats.proportion import proportion_confint

    studies = widgets.monte_carlo_state(n_cases=20, true_or=true_or, n_studies=20000, seed=7)
    finite = studies.loc[studies["error"] == ""]
    low, _ = proportion_confint(int(finite["covers"].sum()), len(finite), method="wilson")
    assert low > 0.95
    ratio = finite["se"].mean() / finite["log_or"].std(ddof=1)
    if true_or == 2.0:
        assert ratio < 0.99  # SE of the SD here is about 1%: 0.96 in runs of 20,000
        distance = (finite["log_or"] - np.log(true_or)).abs()
        assert np.corrcoef(distance, finite["se"])[0, 1] > 0.3
    else:
        assert ratio > 1.1
