"""Tests of lbpkit.labs: the batched estimators agree with the kit's reference estimators, the
simulated onsets follow the planted model, and the replicated experiments show what the
methods literature says — as replicate means with Monte Carlo intervals, not one draw."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.contingency_tables import Table2x2

from lbpkit import labs
from lbpkit.estimate import SeparationError, fit_conditional_logit_arrays, mantel_haenszel
from lbpkit.labs._hourly import stationary_cases
from lbpkit.engine.batched import fit_matched_sets
from lbpkit.labs._replicate import mantel_haenszel_sets, woolf_odds_ratio
from lbpkit.labs._sampler import DIARY_START, N_DAYS, daily_layout, daily_windows, make_rng
from lbpkit.labs.referents import _daily_cases
from lbpkit.windows import case_crossover_windows


def row(table, start):
    """The row whose choice starts with ``start``."""
    hits = table[table["choice"].str.startswith(start)]
    assert len(hits) == 1, (start, table["choice"].tolist())
    return hits.iloc[0]


def covers_zero(r):
    return r["bias_lower"] <= 0 <= r["bias_upper"]


# --- the small exact helpers --------------------------------------------------------------------
def test_pair_conditional_loglik_peaks_at_b_over_c():
    grid = np.linspace(-1, 4, 2001)
    ll = labs.pair_conditional_loglik(grid, 29, 3)
    assert np.exp(grid[np.argmax(ll)]) == pytest.approx(29 / 3, rel=5e-3)
    assert labs.pair_conditional_loglik(0.0, 29, 3) == pytest.approx(32 * np.log(0.5))
    with pytest.raises(ValueError, match="case_only"):
        labs.pair_conditional_loglik(0.0, -1, 3)


def test_complete_strata_removes_and_counts():
    d = pd.DataFrame({"stratum": [0, 0, 1, 1, 2, 2], "case": [1, 0, 1, 0, 1, 0], "x": [1, 0, np.nan, 1, 1, np.nan]})
    kept = labs.complete_strata(d, "x")
    assert kept["stratum"].unique().tolist() == [0]
    assert kept.attrs["n_strata_removed"] == 2 and kept.attrs["n_windows_removed"] == 4


# --- batched estimators against the reference estimators ----------------------------------------
def _random_sets(seed, n_rep=6, n_sets=60, M=4, p=1, binary=True):
    rng = np.random.default_rng(seed)
    X = rng.random((n_rep * n_sets, M, p))
    X = (X < 0.35).astype(float) if binary else X * 3
    X[:, 0, 0] = np.where(rng.random(n_rep * n_sets) < 0.5, 1.0, X[:, 0, 0]) if binary else X[:, 0, 0] + 0.5
    mask = rng.random((n_rep * n_sets, M)) < 0.85
    mask[:, 0] = rng.random(n_rep * n_sets) < 0.95
    return X, mask, np.repeat(np.arange(n_rep), n_sets)


@pytest.mark.parametrize("p, binary", [(1, True), (2, True), (1, False)])
def test_fit_matched_sets_matches_the_kit_engine_study_by_study(p, binary):
    X, mask, rep = _random_sets(3 + p, p=p, binary=binary)
    est = fit_matched_sets(X if p > 1 else X[:, :, 0], mask, rep, 6)
    for r in range(6):
        sets = np.flatnonzero(rep == r)
        s, w = np.nonzero(mask[sets])
        fit = fit_conditional_logit_arrays((w == 0).astype(int), X[sets][s, w], sets[s], warn=False)
        assert est.log_or[r] == pytest.approx(fit["params"][0], abs=1e-7)
        assert est.se[r] == pytest.approx(fit["se"][0], rel=1e-6)
        varies = [np.ptp(X[k][mask[k]], axis=0).max() > 0 for k in sets if mask[k, 0] and mask[k].sum() >= 2]
        assert est.n_strata[r] == sum(varies)  # informative sets: exposure varies within the set


def test_fit_matched_sets_matches_statsmodels_conditional_logit():
    from statsmodels.discrete.conditional_models import ConditionalLogit

    X, mask, rep = _random_sets(12, n_rep=1, n_sets=150, M=3)
    est = fit_matched_sets(X[:, :, 0], mask, rep, 1)
    s, w = np.nonzero(mask)
    keep = pd.Series(s).groupby(s).transform("size").to_numpy() >= 2
    keep &= pd.Series(w == 0).groupby(s).transform("max").to_numpy()
    fit = ConditionalLogit((w == 0)[keep].astype(float), X[s, w, 0][keep][:, None], groups=s[keep]).fit(method="newton", disp=False)
    assert est.log_or[0] == pytest.approx(fit.params[0], abs=1e-6)
    assert est.se[0] == pytest.approx(fit.bse[0], rel=1e-5)


def test_fit_matched_sets_flags_separation_like_the_engine():
    X = np.array([[1, 0], [1, 0], [0, 0], [1, 0], [0, 1], [1, 1]], dtype=float)
    rep = np.array([0, 0, 0, 1, 1, 1])
    est = fit_matched_sets(X, np.ones_like(X, bool), rep, 2)
    with pytest.raises(SeparationError):
        fit_conditional_logit_arrays(np.tile([1, 0], 3), X[:3].ravel(), np.repeat([0, 1, 2], 2), warn=False)
    assert est.failed.tolist() == [True, False]


def test_mantel_haenszel_sets_matches_lbpkit_mantel_haenszel():
    X, mask, rep = _random_sets(9, n_rep=3, M=3)
    est = mantel_haenszel_sets(X[:, :, 0], mask, rep, 3)
    for r in range(3):
        sets = np.flatnonzero(rep == r)
        s, w = np.nonzero(mask[sets])
        data = pd.DataFrame({"stratum": sets[s], "case": (w == 0).astype(int), "x": X[sets][s, w, 0].astype(int)})
        data = data[data.groupby("stratum")["case"].transform("min") == 0]
        data = data[data.groupby("stratum")["case"].transform("max") == 1]
        mh = mantel_haenszel(data, "case", "x", "stratum")
        assert est.log_or[r] == pytest.approx(mh["log_or"].iloc[0], abs=1e-9)
        assert est.se[r] == pytest.approx(mh["se"].iloc[0], rel=1e-6)


def test_woolf_odds_ratio_matches_statsmodels():
    est = woolf_odds_ratio(np.array([37]), np.array([100]), np.array([21]), np.array([120]))
    table = Table2x2(np.array([[37, 63], [21, 99]]))
    assert np.exp(est.log_or[0]) == pytest.approx(table.oddsratio)
    assert est.se[0] == pytest.approx(table.log_oddsratio_se)


# --- the simulated onsets follow the planted model ----------------------------------------------
def test_daily_windows_match_case_crossover_windows():
    rng = make_rng(4)
    cases = _daily_cases(rng, 60, np.full(N_DAYS, 0.4), 2.0)
    record = pd.DataFrame({"id": np.repeat(np.arange(60), N_DAYS),
                           "time": np.tile(DIARY_START + pd.to_timedelta(np.arange(N_DAYS), unit="D"), 60),
                           "lifting": cases["x"].ravel()})
    onsets = pd.DataFrame({"id": np.arange(60), "time": DIARY_START + pd.to_timedelta(cases["day"], unit="D")})
    for scheme, kw in (("time_stratified", {}), ("bidirectional", dict(lag=7, n_referents=1)),
                       ("unidirectional", dict(lag=7, n_referents=2))):
        with pytest.warns(UserWarning):
            cc = case_crossover_windows(onsets, record, exposures="lifting", scheme=scheme, hazard=(0, 1), unit="D",
                                        how="any", resolution=1.0, **kw)
        X, mask = daily_windows(cases["x"], cases["day"], daily_layout(scheme, kw.get("lag", 7), kw.get("n_referents", 1)))
        for stratum, rows in cc.groupby("stratum"):
            ok = rows.loc[~rows["out_of_record"], "lifting"].to_numpy()
            assert ok.tolist() == X[stratum][mask[stratum]].tolist()


def test_simulated_hazard_windows_are_exposed_as_the_planted_or_says():
    # Under stationary lifting (probability p an hour), a 2-h window is lifted in with probability
    # q = 1 - (1 - p)^2; before an onset its odds are OR times the odds of q.
    p, odds_ratio, n = 0.05, 3.0, 60000
    history = stationary_cases(make_rng(8), n, [(0, 2), (24, 26)], lifting_prob=p, odds_ratio=odds_ratio)
    q = 1 - (1 - p) ** 2
    expected = odds_ratio * q / (1 - q + odds_ratio * q)
    hazard, referent = history[:, :2].max(axis=1).mean(), history[:, 24:26].max(axis=1).mean()
    assert hazard == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / n))
    assert referent == pytest.approx(q, abs=4 * np.sqrt(q * (1 - q) / n))


# --- the summary table --------------------------------------------------------------------------
def test_summary_columns_one_study_and_reproducibility():
    t = labs.recall_experiment(seed=5, replicates=30, n_cases=200)
    assert list(t.columns) == labs.SUMMARY_COLUMNS and t.attrs["synthetic"] is True
    studies = labs.studies(t)
    ok = studies.loc[~studies["failed"] & (studies["choice"] == t["choice"].iloc[0])]
    assert t["mean_or"].iloc[0] == pytest.approx(np.exp(ok["log_or"].mean()))
    assert t["bias_percent"].iloc[0] == pytest.approx(100 * (t["mean_or"].iloc[0] / 2.0 - 1))
    assert t["coverage"].iloc[0] == pytest.approx(ok["covers"].mean())
    one = labs.one_study(t, replicate=4)
    assert np.allclose(one["deviation_percent"], 100 * (one["odds_ratio"] / 2.0 - 1))
    pd.testing.assert_frame_equal(t, labs.recall_experiment(seed=5, replicates=30, n_cases=200))
    assert not t.equals(labs.recall_experiment(seed=6, replicates=30, n_cases=200))
    with pytest.raises(ValueError, match="replicate"):
        labs.one_study(t, replicate=30)
    both = pd.concat([t, t.round(2)])  # summaries combine like any table
    assert len(both) == 4 and len(labs.studies(t.round(2))) == 60


# --- what the experiments show, over replicates -------------------------------------------------
def test_self_matching_removes_a_stable_confounder():
    t = labs.self_matching_experiment(seed=11, replicates=300, confounder_strength=4.0)
    naive, matched = row(t, "naive"), row(t, "self-matched")
    assert naive["bias_lower"] > 20
    assert covers_zero(matched) and matched["coverage_lower"] <= 0.95 <= matched["coverage_upper"]


def test_trend_biases_unidirectional_and_not_time_stratified():
    for trend, sign in ((0.7, -1), (1.4, 1)):
        t = labs.trend_experiment(seed=3, replicates=300, trend_per_week=trend)
        uni = row(t, "unidirectional")
        assert (uni["bias_upper"] < 0) if sign < 0 else (uni["bias_lower"] > 0)
        assert covers_zero(row(t, "time-stratified"))
        ctc = row(t, "case-time-control (unidirectional")  # removes the trend (up to a few %)
        assert abs(ctc["bias_percent"]) < 5 and ctc["coverage"] >= 0.9
        pitfall = row(t, "case-time-control, controls' trend")
        assert not covers_zero(pitfall)


def test_overlap_bias_symmetric_bidirectional_is_biased_time_stratified_is_not():
    t = labs.overlap_bias_lab(seed=200, replicates=400)
    assert row(t, "bidirectional ±7 days, cut")["bias_upper"] < -5
    both = row(t, "bidirectional ±7 days, onsets with both")
    assert both["bias_lower"] > 0  # no cutting, yet referents depend on the onset day
    assert covers_zero(row(t, "time-stratified"))


def test_adjusting_for_a_measured_time_varying_confounder_helps():
    t = labs.confounding_experiment(seed=2, replicates=300, confounder_or=4.0)
    assert row(t, "confounder ignored")["bias_lower"] > 10
    assert covers_zero(row(t, "adjusted"))


def test_recall_inflates_and_zero_recall_changes_nothing():
    none = labs.recall_experiment(seed=4, replicates=20, recall_inflation=0.0)
    assert none["mean_or"].iloc[0] == pytest.approx(none["mean_or"].iloc[1])
    some = labs.recall_experiment(seed=4, replicates=300, recall_inflation=0.15)
    assert row(some, "recalled")["bias_lower"] > 10 and covers_zero(row(some, "true exposure"))


def test_wrong_window_length_dilutes_but_cannot_create_an_effect():
    t = labs.window_length_experiment(seed=5, replicates=300, hazard_length=8)
    assert covers_zero(row(t, "hazard window 0–2 h (="))
    assert 1.0 < row(t, "hazard window 0–8 h")["mean_or"] and row(t, "hazard window 0–8 h")["bias_upper"] < -20
    null = labs.window_length_experiment(seed=5, replicates=300, hazard_length=8, odds_ratio=1.0)
    assert null["bias_lower"].le(0).all() and null["bias_upper"].ge(0).all()


@pytest.mark.parametrize("threat, strength, wrong, right", [
    ("time_trend", 0.6, "unidirectional", "time-stratified"),
    ("recall", 0.2, "recalled", "true exposure"),
    ("referent_clock", 12, "referents 12 h", "referents 24 h"),
    ("event_dependent", 0.3, "bidirectional", "unidirectional"),
])
def test_false_triggers_when_the_planted_or_is_one(threat, strength, wrong, right):
    t = labs.run_bias_experiment(threat, strength, seed=21, replicates=300, planted_or=1.0)
    assert (t["planted_or"] == 1.0).all()
    assert not covers_zero(row(t, wrong))
    assert covers_zero(row(t, right))


def test_protopathic_bias_and_its_remedy():
    t = labs.protopathic_experiment(seed=6, replicates=300, prodrome_or=0.3)
    assert row(t, "hazard window 0–2 h")["bias_upper"] < -30  # lifting looks protective
    assert covers_zero(row(t, "hazard window 3–5 h"))


def test_several_referents_under_autocorrelation_bias_clr_not_mantel_haenszel():
    t = labs.exchangeability_experiment(seed=7, replicates=400, autocorrelation=0.6)
    assert row(t, "conditional logistic, 3")["bias_lower"] > 0
    assert covers_zero(row(t, "Mantel"))
    assert covers_zero(row(t, "conditional logistic, 1"))


def test_carryover_into_adjacent_referents_pulls_towards_one():
    t = labs.carryover_experiment(seed=8, replicates=300)
    adjacent, day_apart = row(t, "hazard 0–2 h, referents 2–4"), row(t, "hazard 0–2 h, referents 24")
    assert adjacent["bias_upper"] < day_apart["bias_lower"] < 0
    assert covers_zero(row(t, "hazard 0–12 h"))


def test_choosing_the_window_with_the_largest_estimate_biases_it_upwards():
    for planted in (2.0, 1.0):
        t = labs.window_selection_experiment(seed=9, replicates=300, odds_ratio=planted)
        assert row(t, "hazard window (1–12 h) with the largest")["bias_lower"] > 0
        assert covers_zero(row(t, "hazard window fixed in advance"))


def test_reused_referents_make_model_based_ses_too_small_and_clustering_fixes_it():
    t = labs.clustered_se_experiment(seed=10, replicates=200)
    model, clustered = row(t, "reused control surveys: model"), row(t, "reused control surveys: clustered")
    assert model["coverage_upper"] < 0.93 and clustered["coverage"] > model["coverage"] + 0.06
    assert clustered["coverage_upper"] >= 0.95 - 0.02
    own = row(t, "own referents per flare: model")
    assert own["coverage_lower"] <= 0.95 <= own["coverage_upper"]


# --- the bias lab -------------------------------------------------------------------------------
def test_every_threat_runs_at_its_extremes_without_failed_fits():
    for key, spec in labs.THREATS.items():
        for strength in (spec.minimum, spec.maximum, spec.no_threat):
            t = labs.run_bias_experiment(key, strength, seed=1, replicates=20)
            assert np.isfinite(t["mean_or"]).all() and (t["n_failed"] <= 1).all(), (key, strength)
            assert (t["n_replicates"] == 20).all()


def test_run_bias_experiment_checks_its_arguments():
    with pytest.raises(ValueError, match="Unknown threat"):
        labs.run_bias_experiment("weather", 1.0, seed=1, replicates=5)
    with pytest.raises(ValueError, match="between"):
        labs.run_bias_experiment("recall", 0.9, seed=1, replicates=5)
    with pytest.raises(ValueError, match="replicates"):
        labs.run_bias_experiment("recall", 0.1, seed=1, replicates=0)
    with pytest.raises(ValueError, match="planted_or"):
        labs.run_bias_experiment("recall", 0.1, seed=1, replicates=5, planted_or=0)
    with pytest.raises(TypeError, match="seed"):
        labs.self_matching_experiment(seed=1.5, replicates=5)
    with pytest.raises(ValueError, match="amplitude"):
        labs.overlap_bias_lab(seed=1, replicates=5, mean_prevalence=0.5, amplitude=0.6)


def test_the_weekly_referent_schemes_read_only_the_hazard_days_weekday():
    # trend_experiment draws only the hazard day's weekday of each case's four weeks
    # (lbpkit.labs.referents._hazard_weekday_cases): every window of its schemes must fall on it.
    from lbpkit.labs._sampler import daily_layout
    from lbpkit.labs.referents import BI, TS, UNI

    for key in (UNI, BI, TS):
        layout = daily_layout(*key)
        inside = layout >= 0
        assert inside[1:, 0].all()  # every onset from day 1 on has its hazard day inside the record
        assert ((layout - layout[:, :1]) % 7 == 0)[inside].all(), key
