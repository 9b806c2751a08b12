"""Each corrected lesson of notebook 05 holds with its condition, over several master seeds.

The notebook shows one seed (505) with replicate counts chosen so that the conclusion does not
depend on the seed; these tests re-run the same experiments, at the notebook's replicate counts,
on other master seeds and pin the direction of each lesson (issue 21). A Monte Carlo interval
that should include 0 misses it about 1 time in 20 by chance (and the estimator has a
small-sample bias of a fraction of a percent), so "unbiased" is asserted as "interval includes 0
in most seeds and the bias is small in all", not "includes 0 in every seed".
"""

from __future__ import annotations

import pytest

from lbpkit import labs

SEEDS = (11, 12, 13, 14, 15)
CUT = "bidirectional ±7 days, cut at the edges"
UNCUT = "bidirectional ±7 days, onsets with both referents"
STRATIFIED = "time-stratified (same weekday, same month)"


def row(table, start):
    hits = table[table["choice"].str.startswith(start)]
    assert len(hits) == 1, (start, table["choice"].tolist())
    return hits.iloc[0]


def covers_zero(r) -> bool:
    return r["bias_lower"] <= 0 <= r["bias_upper"]


@pytest.mark.parametrize("seed", SEEDS)
def test_shared_series_biases_referents_that_depend_on_the_onset_day(seed):
    """05 §1a: one exposure series shared by everyone, with a seasonal pattern."""
    t = labs.referent_scheme_experiment(seed=seed, replicates=1000, exposure="shared", pattern="rota", strength=0.45,
                                        lifting_prob=0.5)
    assert row(t, CUT)["bias_upper"] < 0  # cut at the edges: below the truth
    assert row(t, UNCUT)["bias_lower"] > 0  # uncut symmetric: above it
    assert row(t, "unidirectional")["bias_upper"] < -50
    assert abs(row(t, STRATIFIED)["bias_percent"]) < 1.5  # localizable: no overlap bias


def test_personal_exposure_leaves_every_scheme_unbiased():
    """05 §1a: a personal exposure with the same distribution at hazard and referent times."""
    covered = {CUT: 0, UNCUT: 0}
    for seed in SEEDS:
        t = labs.referent_scheme_experiment(seed=seed, replicates=1000, exposure="personal", pattern="none",
                                            lifting_prob=0.3)
        for choice in covered:
            r = row(t, choice)
            assert abs(r["bias_percent"]) < 1.5, (seed, choice, r["bias_percent"])
            covered[choice] += covers_zero(r)
        assert abs(row(t, "unidirectional")["bias_percent"]) < 1.5
    assert all(n >= len(SEEDS) - 1 for n in covered.values()), covered


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_cut_and_uncut_bidirectional_like_with_like(seed):
    """05 §1b: neither design is reliably the less biased; the sign depends on the pattern."""
    def run(**kw):
        return labs.referent_scheme_experiment(seed=seed, replicates=400, **kw)

    trend = run(pattern="trend", strength=0.7, lifting_prob=0.15)
    assert row(trend, UNCUT)["bias_upper"] < 0  # the uncut design is biased under the smooth trend...
    assert abs(row(trend, UNCUT)["bias_percent"]) > abs(row(trend, CUT)["bias_percent"])  # ...more than the cut one
    trend_null = run(pattern="trend", strength=0.7, lifting_prob=0.15, odds_ratio=1.0)
    assert row(trend_null, UNCUT)["bias_upper"] < 0
    strong = run(pattern="rota", strength=0.45, lifting_prob=0.5)
    assert row(strong, CUT)["bias_upper"] < 0 < row(strong, UNCUT)["bias_lower"]
    assert abs(row(strong, CUT)["bias_percent"]) > abs(row(strong, UNCUT)["bias_percent"])
    mild = run(pattern="rota", strength=0.15, lifting_prob=0.5)
    assert row(mild, CUT)["bias_upper"] < 0 < row(mild, UNCUT)["bias_lower"]
    # the cut design's bias shrinks with the swing; the uncut design's stays of the same order
    assert abs(row(mild, CUT)["bias_percent"]) < abs(row(strong, CUT)["bias_percent"]) / 2
    assert row(mild, UNCUT)["bias_percent"] > row(strong, UNCUT)["bias_percent"] / 2
    strong_null = run(pattern="rota", strength=0.45, lifting_prob=0.5, odds_ratio=1.0)
    assert row(strong_null, UNCUT)["bias_lower"] > 0  # a false trigger on average
    assert row(strong_null, CUT)["bias_upper"] < 0  # a false protective effect on average
    for table in (trend, trend_null, strong, mild, strong_null):
        assert abs(row(table, STRATIFIED)["bias_percent"]) < 2.5


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_window_chosen_for_its_estimate_more_false_triggers_under_the_null(seed):
    """05 §5b: under the null, more single studies report a CI above 1; at OR 2 coverage stays near 95%."""
    null = labs.window_selection_experiment(seed=seed, replicates=1000, odds_ratio=1.0)
    share = labs.share_ci_above(null).set_index("choice")
    fixed, chosen = share.iloc[0], share.iloc[1]
    assert chosen["share_lower"] > fixed["share_upper"]
    assert fixed["share_lower"] <= 0.025 <= fixed["share_upper"]  # the fixed window: as a sound 95% CI allows
    assert chosen["share_above"] < 0.25  # a shift of the distribution, not a trigger in every study
    assert null["bias_lower"].iloc[1] > 10
    trigger = labs.window_selection_experiment(seed=seed, replicates=400, odds_ratio=2.0)
    assert trigger["bias_lower"].iloc[1] > 0
    assert trigger["coverage_lower"].iloc[1] <= 0.95 <= trigger["coverage_upper"].iloc[1]


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_non_exchangeable_referents_break_the_standard_error(seed):
    """05 §7c: under the null, CLR with 3 autocorrelated referents covers less than 95%."""
    t = labs.exchangeability_experiment(seed=seed, replicates=2000, autocorrelation=0.6, odds_ratio=1.0)
    three = row(t, "conditional logistic, 3 referents")
    assert three["coverage_upper"] < 0.95
    assert abs(three["bias_percent"]) < 2  # the estimate itself is nearly unbiased under the null
    pair = row(t, "conditional logistic, 1 referent")
    assert pair["coverage_lower"] <= 0.95 <= pair["coverage_upper"] + 0.005


def test_the_rota_pattern_and_the_hazard_days_the_uncut_design_keeps():
    """05 §1a's picture: the uncut design keeps the hazard days whose ±7-day referents both lie in the
    month; under the rota those days lift a little more than the month's mean, its referent days exactly
    as much (each day of the month is the referent of one kept hazard day)."""
    rota = labs.daily_lifting_probability(pattern="rota", strength=0.45, lifting_prob=0.5)
    assert rota["day"].tolist() == list(range(1, 29))
    kept = rota.loc[rota["uncut_hazard_day"], "day"]
    assert kept.tolist() == list(range(8, 22))
    referent_days = sorted([*(kept - 7), *(kept + 7)])
    assert referent_days == list(range(1, 29))
    assert rota["lifting_prob"].mean() == pytest.approx(0.5, abs=1e-12)
    assert rota.loc[rota["uncut_hazard_day"], "lifting_prob"].mean() > rota["lifting_prob"].mean() + 0.02
    flat = labs.daily_lifting_probability(pattern="none", lifting_prob=0.3)
    assert (flat["lifting_prob"] == 0.3).all()
    with pytest.raises(ValueError, match="pattern"):
        labs.daily_lifting_probability(pattern="season")
    with pytest.raises(TypeError, match="strength"):
        labs.daily_lifting_probability(pattern="rota", strength="0.45")


def test_referent_scheme_experiment_rejects_bad_settings():
    with pytest.raises(ValueError, match="exposure"):
        labs.referent_scheme_experiment(seed=1, replicates=2, exposure="common")
    with pytest.raises(ValueError, match="pattern"):
        labs.referent_scheme_experiment(seed=1, replicates=2, pattern="season")
    with pytest.raises(ValueError, match="strength"):
        labs.referent_scheme_experiment(seed=1, replicates=2, pattern="rota", strength=0.6, lifting_prob=0.5)
    with pytest.raises(ValueError, match="strength"):
        labs.referent_scheme_experiment(seed=1, replicates=2, pattern="trend", strength=0.0)
    with pytest.raises(ValueError, match="value"):
        labs.share_ci_above(labs.recall_experiment(seed=1, replicates=3, n_cases=100), value=0)


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_cut_bidirectional_bias_under_the_trend_is_real_but_under_the_flag_line(seed):
    """05 §1 and §6: under the falling trend the cut bidirectional row sits a couple of percent
    above the truth, a real bias (pinned down by many studies) that stays under the 5% flag line."""
    trend = labs.trend_experiment(seed=seed, replicates=2000, trend_per_week=0.7)
    bidirectional = row(trend, "bidirectional")
    assert bidirectional["bias_lower"] > 0 and bidirectional["bias_upper"] < 5
    assert not bidirectional["biased"]


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_shared_series_uncut_estimates_spread_more_than_their_cis_allow(seed):
    """05 §1a: under a shared series the uncut design's estimates vary between studies far more than
    its standard errors say (its overlap bias depends on the series drawn); time-stratified ones do not."""
    import numpy as np

    t = labs.referent_scheme_experiment(seed=seed, replicates=1000, exposure="shared", pattern="rota", strength=0.45,
                                        lifting_prob=0.5)
    spread = {}
    for choice, studies in labs.studies(t).groupby("choice"):
        log_or = np.log(studies["odds_ratio"])
        se = (np.log(studies["ci_upper"]) - np.log(studies["ci_lower"])) / (2 * 1.959964)
        spread[choice] = log_or.std() / se.mean()
    assert spread[UNCUT] > 1.5
    assert 0.85 < spread[STRATIFIED] < 1.15
    assert row(t, UNCUT)["coverage"] < 0.85 and row(t, STRATIFIED)["coverage"] > 0.92
