"""The one batched solver (lbpkit.engine.batched) against the exact engine and statsmodels, and its
rule for when a study has no finite estimate (lbpkit.engine.separation)."""

import numpy as np
import pytest
from statsmodels.discrete.conditional_models import ConditionalLogit

from lbpkit.engine.batched import expand_study_counts, fit_matched_sets, fit_study_counts, simulate_study_counts
from lbpkit.engine.separation import case_minus_referents, separating_direction
from lbpkit.estimate import SeparationError, fit_conditional_logit_arrays

# A study of four sets of three windows, two exposures: its estimate is finite (the exact engine
# and statsmodels agree) although the second coefficient is large (33 per unit).
LARGE_BUT_FINITE = np.array([
    [[1.3, 3.0], [2.9, 1.0], [0.1, 1.1]], [[0.3, 2.8], [0.8, 2.2], [2.5, 2.4]],
    [[1.3, 2.6], [1.4, 2.6], [2.1, 0.3]], [[2.6, 1.0], [2.8, 0.4], [0.8, 1.3]],
])
# Two sets whose likelihood flattens out along a combination of the exposures: separated.
SEPARATED = np.array([[[0.2, 0.9], [2.5, 2.4]], [[2.4, 0.2], [0.7, 2.4]]])


def _long(sets):
    n, m, p = sets.shape
    return np.tile((np.arange(m) == 0).astype(int), n), sets.reshape(-1, p), np.repeat(np.arange(n), m)


def test_a_large_finite_estimate_is_kept_and_matches_the_engine_and_statsmodels():
    est = fit_matched_sets(LARGE_BUT_FINITE, np.ones((4, 3), bool), np.zeros(4, int), 1)
    y, x, strata = _long(LARGE_BUT_FINITE)
    exact = fit_conditional_logit_arrays(y, x, strata, warn=False)
    sm = ConditionalLogit(y, x, groups=strata).fit(method="bfgs", maxiter=5000, gtol=1e-10, disp=False)
    assert est.log_or[0] == pytest.approx(exact["params"][0], abs=1e-7)
    assert est.se[0] == pytest.approx(exact["se"][0], rel=1e-6)
    assert est.log_or[0] == pytest.approx(sm.params[0], abs=1e-3)
    assert separating_direction(case_minus_referents(y, x, strata)) is None


def test_a_separated_study_has_no_estimate_in_the_batch_and_in_the_engine():
    est = fit_matched_sets(SEPARATED, np.ones((2, 2), bool), np.zeros(2, int), 1)
    y, x, strata = _long(SEPARATED)
    assert est.failed[0]
    direction = separating_direction(case_minus_referents(y, x, strata))
    assert direction is not None and (case_minus_referents(y, x, strata) @ direction >= -1e-12).all()
    with pytest.raises(SeparationError):
        fit_conditional_logit_arrays(y, x, strata, warn=False)


@pytest.mark.parametrize("seed", range(4))
def test_counts_and_sets_are_one_solver(seed):
    counts = simulate_study_counts(30, n_cases=25, odds_ratio=3.0, exposure_prob=0.15, n_referents=2, seed=seed)
    fit = fit_study_counts(counts)
    for s in range(30):
        y, x, strata = expand_study_counts(counts[s])
        sets = x.reshape(-1, 3)
        est = fit_matched_sets(sets, np.ones(sets.shape, bool), np.zeros(len(sets), int), 1)
        np.testing.assert_allclose(est.log_or[0], fit["log_or"][s], atol=1e-9, equal_nan=True)
        # the exact existence rule for one 0/1 exposure: discordant sets with the case exposed and unexposed
        informative = (sets.max(axis=1) > sets.min(axis=1))
        exposed_case = sets[informative, 0] == 1
        assert fit["finite"][s] == (exposed_case.any() and (~exposed_case).any())


def test_a_study_without_informative_sets_has_no_estimate():
    est = fit_matched_sets(np.ones((3, 2)), np.ones((3, 2), bool), np.zeros(3, int), 1)
    assert est.failed[0] and est.n_strata[0] == 0


def test_separation_test_ignores_rounding_noise():
    rng = np.random.default_rng(1)
    diffs = rng.normal(size=(200, 1)) * 1e-12  # noise of both signs: no direction keeps them all >= 0
    assert separating_direction(diffs) is None


@pytest.mark.parametrize("dtype", [np.int8, np.int64, bool, float])
@pytest.mark.parametrize("n_windows", [2, 3, 5])
def test_counting_identical_sets_changes_nothing_but_the_speed(dtype, n_windows):
    # 0/1 exposures are grouped by counting (study, hazard window, exposed and unexposed
    # referents) before the fit; the same sets given with weights of 1 each are not grouped.
    rng = np.random.default_rng(n_windows)
    n_rep, size = 40, 4000
    X = (rng.random((size, n_windows)) < 0.3).astype(dtype)
    mask = rng.random((size, n_windows)) < 0.9
    rep = rng.integers(0, n_rep, size)
    grouped = fit_matched_sets(X, mask, rep, n_rep)
    one_by_one = fit_matched_sets(X, mask, rep, n_rep, weights=np.ones(size))
    assert np.isfinite(grouped.log_or).sum() > n_rep // 2
    for field in ("log_or", "se"):
        np.testing.assert_allclose(getattr(grouped, field), getattr(one_by_one, field), rtol=1e-10, equal_nan=True)
    np.testing.assert_array_equal(grouped.n_strata, one_by_one.n_strata)


def test_exposures_that_are_not_0_or_1_are_not_grouped_by_counting():
    rng = np.random.default_rng(5)
    X = rng.integers(0, 3, size=(600, 3)).astype(float)  # 0, 1, 2: a dose, not a yes/no
    rep = np.repeat(np.arange(3), 200)
    est = fit_matched_sets(X, np.ones(X.shape, bool), rep, 3)
    each = fit_matched_sets(X, np.ones(X.shape, bool), rep, 3, weights=np.ones(600))
    np.testing.assert_allclose(est.log_or, each.log_or, rtol=1e-10)
