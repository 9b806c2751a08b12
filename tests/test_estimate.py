"""Tests of lbpkit.estimate against published answers, statsmodels, and brute-force enumeration.

Reference numbers come from /work/shared/reference/casecrossover_methods.md §2 (published
answers: Breslow–Day bdendo11 via [Lab7]; Stata toy values via statsmodels' test suite).
"""

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.special import logsumexp
from statsmodels.discrete.conditional_models import ConditionalLogit

import lbpkit
from lbpkit.estimate import (
    case_time_control,
    conditional_logit,
    discordant_pairs,
    fit_conditional_logit_arrays,
    mantel_haenszel,
    pair_odds_ratio,
)

ENGINES = ["statsmodels", "fast"]

# Published pair table of bdendo11 (reference sheet §2): both exposed, case only, control only, neither.
BDENDO11_PAIRS = {"both": 27, "case_only": 29, "referent_only": 3, "neither": 4}
BDENDO11_OR, BDENDO11_CI, BDENDO11_CHI2 = 9.667, (2.945, 31.733), 21.125


@pytest.fixture
def bdendo11() -> pd.DataFrame:
    kinds = {"both": (1, 1), "case_only": (1, 0), "referent_only": (0, 1), "neither": (0, 0)}
    pair_x = [kinds[k] for k, count in BDENDO11_PAIRS.items() for _ in range(count)]
    n_pairs = len(pair_x)
    return pd.DataFrame(
        {
            "set": np.repeat(np.arange(n_pairs), 2),
            "d": np.tile([1, 0], n_pairs),
            "est": np.ravel(pair_x),
        }
    )


def _check_bdendo(res):
    row = res.iloc[0]
    assert row["odds_ratio"] == pytest.approx(BDENDO11_OR, abs=5e-4)
    assert round(row["ci_lower"], 3) == BDENDO11_CI[0]
    assert round(row["ci_upper"], 3) == BDENDO11_CI[1]


def test_bdendo11_pair_formula_and_mcnemar(bdendo11):
    counts = discordant_pairs(bdendo11, "d", "est", "set")
    assert counts.to_dict() == BDENDO11_PAIRS
    res = pair_odds_ratio(int(counts["case_only"]), int(counts["referent_only"]), exposure="est")
    _check_bdendo(res)
    assert res["mcnemar_chi2"].iloc[0] == pytest.approx(BDENDO11_CHI2, abs=5e-4)


def test_bdendo11_mantel_haenszel(bdendo11):
    res = mantel_haenszel(bdendo11, "d", "est", "set")
    _check_bdendo(res)
    assert res["mh_chi2"].iloc[0] == pytest.approx(BDENDO11_CHI2, abs=5e-4)
    assert res.attrs["n_strata"] == 63


@pytest.mark.parametrize("engine", ENGINES)
def test_bdendo11_conditional_logit(bdendo11, engine):
    res = conditional_logit(bdendo11, "d", "est", "set", engine=engine)
    _check_bdendo(res)
    assert list(res.columns) == ["log_or", "se", "odds_ratio", "ci_lower", "ci_upper", "p_value"]
    assert res.attrs["n_obs"] == 126 and res.attrs["n_strata"] == 63 and res.attrs["n_cases"] == 63
    assert res.attrs["n_strata_dropped"] == 0 and res.attrs["engine"] == engine
    # For 1:1 pairs the conditional MLE is log(b/c) with SE sqrt(1/b + 1/c) (reference sheet §2).
    assert res["se"].iloc[0] == pytest.approx(np.sqrt(1 / 29 + 1 / 3), rel=1e-5)


# Stata toy data (statsmodels test_conditional.py, "From Stata"): groups with 1, 2 and 3 cases.
TOY_Y = np.r_[0, 1, 0, 1, 0, 1, 0, 1, 1, 1]
TOY_G = np.r_[0, 0, 0, 1, 1, 1, 2, 2, 2, 2]
TOY_X1 = np.r_[0, 1, 0, 0, 1, 1, 0, 0, 1, 0]
TOY_X2 = np.r_[0, 0, 1, 0, 0, 1, 0, 1, 1, 1]


def test_stata_toy_values_fast_engine():
    toy = pd.DataFrame({"y": TOY_Y, "g": TOY_G, "x1": TOY_X1, "x2": TOY_X2})
    one = conditional_logit(toy, "y", "x1", "g", engine="fast")
    assert one["log_or"].iloc[0] == pytest.approx(0.9272407, rel=1e-6)
    assert one["se"].iloc[0] == pytest.approx(1.295155, rel=1e-6)
    two = conditional_logit(toy, "y", ["x1", "x2"], "g", engine="fast")
    np.testing.assert_allclose(two["log_or"], [1.011074, 1.236758], rtol=1e-6)
    np.testing.assert_allclose(two["se"], [1.420784, 1.361738], rtol=1e-6)


def _random_data(seed, *, n_strata, size, events, ties=False, binary=False, p=2):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(size[0], size[1] + 1, n_strata)
    g = np.repeat(np.arange(n_strata), sizes)
    if binary:
        # at most two distinct exposure vectors per stratum: the engine's two-point path
        X = (rng.random((g.size, 1)) < 0.4) * np.linspace(1.0, -0.5, p)[None, :]
    elif ties:
        X = rng.integers(0, 3, (g.size, p)).astype(float)
    else:
        X = rng.normal(size=(g.size, p))
    beta = np.linspace(0.6, -0.4, p)
    y = np.zeros(g.size, dtype=int)
    for s in range(n_strata):
        idx = np.flatnonzero(g == s)
        d = min(rng.integers(events[0], events[1] + 1), idx.size - 1)
        w = np.exp(X[idx] @ beta)
        y[rng.choice(idx, d, replace=False, p=w / w.sum())] = 1
    cols = {f"x{j}": X[:, j] for j in range(p)}
    return pd.DataFrame({"stratum": g, "y": y, **cols})


@pytest.mark.parametrize(
    "kind, kwargs",
    [
        ("single-event", dict(n_strata=80, size=(2, 6), events=(1, 1))),
        ("multi-event", dict(n_strata=60, size=(4, 12), events=(1, 6))),
        ("tied", dict(n_strata=60, size=(3, 10), events=(1, 5), ties=True)),
        ("binary (two-point)", dict(n_strata=60, size=(3, 10), events=(1, 5), binary=True, p=1)),
        ("multi-event, one exposure", dict(n_strata=60, size=(4, 12), events=(1, 6), p=1)),
        ("multi-event, three exposures", dict(n_strata=60, size=(4, 12), events=(1, 6), p=3)),
        ("more events than referents", dict(n_strata=40, size=(4, 8), events=(3, 7))),
    ],
)
def test_engines_agree(kind, kwargs):
    df = _random_data(11, **kwargs)
    cols = [c for c in df.columns if c.startswith("x")]
    a = conditional_logit(df, "y", cols, "stratum", engine="statsmodels")
    b = conditional_logit(df, "y", cols, "stratum", engine="fast")
    np.testing.assert_allclose(b["log_or"], a["log_or"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(b["se"], a["se"], rtol=0, atol=1e-5)
    assert b.attrs["log_likelihood"] == pytest.approx(a.attrs["log_likelihood"], abs=1e-8)


def _brute_loglike(beta, y, X, g):
    """Conditional log-likelihood by enumerating every subset (independent of the engine)."""
    ll = 0.0
    for s in np.unique(g):
        i = g == s
        Xi, yi = X[i], y[i]
        terms = [Xi[list(c)].sum(axis=0) @ beta for c in itertools.combinations(range(yi.size), int(yi.sum()))]
        ll += Xi[yi == 1].sum(axis=0) @ beta - logsumexp(terms)
    return ll


@pytest.mark.parametrize("kind", ["tied", "two-point"])
def test_fast_engine_maximises_the_enumerated_likelihood(kind):
    opts = dict(ties=True) if kind == "tied" else dict(binary=True)
    df = _random_data(3, n_strata=12, size=(3, 9), events=(1, 5), **opts)
    if kind == "two-point":  # two exposures, each stratum's rows take two distinct vectors
        df = df.assign(x0=(df["x0"] != 0).astype(float))
        df["x1"] = df["x0"] * (1 + df["stratum"] % 3)
    y, X, g = df["y"].to_numpy(), df[["x0", "x1"]].to_numpy(float), df["stratum"].to_numpy()
    fit = fit_conditional_logit_arrays(y, X, g)
    f = lambda b: _brute_loglike(b, y, X, g)  # noqa: E731
    assert fit["llf"] == pytest.approx(f(fit["params"]), abs=1e-10)
    h = 1e-5
    for j in range(2):
        e = np.eye(2)[j] * h
        assert (f(fit["params"] + e) - f(fit["params"] - e)) / (2 * h) == pytest.approx(0, abs=1e-6)
    # observed information by finite differences of the enumerated likelihood
    H = np.empty((2, 2))
    for j, k in itertools.product(range(2), range(2)):
        ej, ek = np.eye(2)[j] * 1e-4, np.eye(2)[k] * 1e-4
        b = fit["params"]
        H[j, k] = (f(b + ej + ek) - f(b + ej - ek) - f(b - ej + ek) + f(b - ej - ek)) / 4e-8
    np.testing.assert_allclose(fit["cov"], np.linalg.inv(-H), rtol=1e-4)


@pytest.mark.parametrize("p", [1, 2])
def test_likelihood_at_extreme_linear_predictors(p):
    """Linear predictors spread over thousands of units: no overflow, no underflow to 0/0."""
    from lbpkit.engine.clogit import loglike_grad_hess, prepare_arrays

    df = _random_data(4, n_strata=6, size=(5, 9), events=(2, 4), p=p)
    y, X, g = df["y"].to_numpy(), df[[f"x{j}" for j in range(p)]].to_numpy(float) * 300, df["stratum"].to_numpy()
    prepared = prepare_arrays(y, X, g)
    for beta in (np.full(p, 5.0), np.linspace(-8.0, 3.0, p)):
        ll, grad, hess = loglike_grad_hess(beta, prepared)
        f = lambda b: _brute_loglike(b, y, X, g)  # noqa: E731
        assert ll == pytest.approx(f(beta), rel=1e-12)
        h = 1e-6
        num = [(f(beta + np.eye(p)[j] * h) - f(beta - np.eye(p)[j] * h)) / (2 * h) for j in range(p)]
        np.testing.assert_allclose(grad, num, rtol=1e-6, atol=1e-3)
        assert np.all(np.isfinite(hess))


def _sequential_loglike(beta, y, x, g):
    """Log-space forward recursion, one row at a time (independent of the engine's cumsum form)."""
    ll = 0.0
    for s in np.unique(g):
        xi, yi = x[g == s], y[g == s]
        d = int(yi.sum())
        logE = np.full(d + 1, -np.inf)
        logE[0] = 0.0
        for eta in xi * beta:
            logE[1:] = np.logaddexp(logE[1:], eta + logE[:-1])
        ll += beta * xi[yi == 1].sum() - logE[d]
    return ll


def test_fast_engine_large_stratum_and_statsmodels_message():
    rng = np.random.default_rng(8)
    n = 3000
    x = rng.normal(size=n)
    y = np.zeros(n, dtype=int)
    y[:5] = 1
    x[:5] += 1.0
    df = pd.DataFrame({"s": 0, "y": y, "x": x})
    res = conditional_logit(df, "y", "x", "s", engine="fast")
    b = res["log_or"].iloc[0]
    assert res.attrs["log_likelihood"] == pytest.approx(_sequential_loglike(b, y, x, np.zeros(n)), abs=1e-8)
    h = 1e-5
    slope = (_sequential_loglike(b + h, y, x, np.zeros(n)) - _sequential_loglike(b - h, y, x, np.zeros(n))) / (2 * h)
    assert slope == pytest.approx(0, abs=1e-5)
    with pytest.raises(ValueError, match="engine='fast'"):
        conditional_logit(df, "y", "x", "s", engine="statsmodels")


def test_large_exposure_values_both_engines():
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"s": np.repeat(np.arange(60), 6), "y": np.tile([1, 1, 0, 0, 0, 0], 60)})
    df["x"] = 1e6 + 1000 * rng.normal(size=len(df)) + 1000 * df["y"]
    df["x_thousands"] = (df["x"] - 1e6) / 1000
    small = conditional_logit(df, "y", "x_thousands", "s", engine="statsmodels")
    for engine in ENGINES:  # statsmodels is fitted on standardised exposures, so it copes too
        big = conditional_logit(df, "y", "x", "s", engine=engine)
        assert big["log_or"].iloc[0] * 1000 == pytest.approx(small["log_or"].iloc[0], rel=1e-6)
        assert big["se"].iloc[0] * 1000 == pytest.approx(small["se"].iloc[0], rel=1e-6)
        assert big["p_value"].iloc[0] == pytest.approx(small["p_value"].iloc[0], rel=1e-4)


def test_default_engine_is_the_fast_one(bdendo11):
    assert conditional_logit(bdendo11, "d", "est", "set").attrs["engine"] == "fast"


@pytest.mark.parametrize("engine", ENGINES)
def test_rescaling_an_exposure_rescales_its_estimate_exactly(engine):
    """Issue 14: any unit from 1e-8 to 1e8, and exposures on scales 1e14 apart, give the same fit."""
    df = _random_data(21, n_strata=40, size=(4, 9), events=(1, 4))
    ref = conditional_logit(df, "y", ["x0", "x1"], "stratum", engine=engine)
    rtol = 1e-9 if engine == "fast" else 1e-7  # statsmodels' own Newton tolerance is looser
    factors = [(1e-8, 1e-8), (1e-4, 1e-4), (1e4, 1e4), (1e8, 1e8), (1e-7, 1e7), (1e7, 1e-7)]
    for f0, f1 in factors:
        scaled = df.assign(x0=df["x0"] * f0, x1=df["x1"] * f1)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no overflow warning even where the OR per unit is inf
            fit = conditional_logit(scaled, "y", ["x0", "x1"], "stratum", engine=engine)
        np.testing.assert_allclose(fit["log_or"] * [f0, f1], ref["log_or"], rtol=rtol)
        np.testing.assert_allclose(fit["se"] * [f0, f1], ref["se"], rtol=rtol)
        np.testing.assert_allclose(fit["p_value"], ref["p_value"], rtol=1e-7)
        assert fit.attrs["log_likelihood"] == pytest.approx(ref.attrs["log_likelihood"], rel=1e-12)


def test_tiny_unit_gives_an_infinite_odds_ratio_without_warnings():
    df = _random_data(22, n_strata=60, size=(3, 3), events=(1, 1), p=1)
    df["x0"] = df["x0"] * 1e-8  # per 1e-8 units: log OR ~ 6e7, OR beyond the largest float
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = conditional_logit(df, "y", "x0", "stratum")
    row = fit.iloc[0]
    assert np.isfinite(row["log_or"]) and abs(row["log_or"]) > 1e6
    assert {row["odds_ratio"], row["ci_lower"], row["ci_upper"]} <= {0.0, np.inf}
    assert 0 <= row["p_value"] <= 1


def _replicate_strata(df, weights, strata="stratum"):
    """Each stratum repeated as many times as its (whole-number) weight, as separate strata."""
    w = df.groupby(strata)[weights].first()
    parts = [df[df[strata] == s].assign(**{strata: f"{s}-{k}"}) for s, n in w.items() for k in range(int(n))]
    return pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize("kind", ["single-event", "multi-event", "two-point"])
def test_weights_count_a_stratum_as_identical_strata(kind):
    opts = {"single-event": dict(events=(1, 1)), "multi-event": dict(events=(1, 5)),
            "two-point": dict(events=(1, 5), binary=True, p=1)}[kind]
    df = _random_data(31, n_strata=30, size=(3, 8), **opts)
    df["w"] = 1 + df["stratum"] % 3
    cols = [c for c in df.columns if c.startswith("x")]
    weighted = conditional_logit(df, "y", cols, "stratum", weights="w")
    copies = conditional_logit(_replicate_strata(df, "w"), "y", cols, "stratum")
    np.testing.assert_allclose(weighted["log_or"], copies["log_or"], rtol=1e-10)
    np.testing.assert_allclose(weighted["se"], copies["se"], rtol=1e-8)
    assert weighted.attrs["log_likelihood"] == pytest.approx(copies.attrs["log_likelihood"], rel=1e-12)
    assert weighted.attrs["n_strata"] == 30 and weighted.attrs["weighted_n_strata"] == copies.attrs["n_strata"]
    assert weighted.attrs["weighted_n_cases"] == copies.attrs["n_cases"]


def test_weights_scale_free_and_zero_weight_strata_left_out():
    df = _random_data(32, n_strata=40, size=(3, 6), events=(1, 3))
    df["w"] = 0.5 + (df["stratum"] % 4) / 3
    one = conditional_logit(df, "y", ["x0", "x1"], "stratum", weights="w")
    four = conditional_logit(df.assign(w=df["w"] * 4), "y", ["x0", "x1"], "stratum", weights="w")
    np.testing.assert_allclose(four["log_or"], one["log_or"], rtol=1e-10)
    np.testing.assert_allclose(four["se"] * 2, one["se"], rtol=1e-10)  # 4x the information
    df.loc[df["stratum"] < 5, "w"] = 0
    with pytest.warns(UserWarning, match="Left out 5 strata of weight 0"):
        zero = conditional_logit(df, "y", ["x0", "x1"], "stratum", weights="w")
    rest = conditional_logit(df[df["stratum"] >= 5], "y", ["x0", "x1"], "stratum", weights="w")
    np.testing.assert_allclose(zero["log_or"], rest["log_or"], rtol=1e-12)
    assert zero.attrs["n_strata_zero_weight"] == 5 and zero.attrs["n_strata"] == 35


def test_clustered_se_agrees_between_engines_with_several_events_per_stratum():
    """The fast engine's scores against statsmodels' own per-group scores (an independent code)."""
    df = _random_data(41, n_strata=90, size=(4, 9), events=(1, 4))
    df["person"] = df["stratum"] // 3
    fast = conditional_logit(df, "y", ["x0", "x1"], "stratum", cluster="person")
    sm = conditional_logit(df, "y", ["x0", "x1"], "stratum", cluster="person", engine="statsmodels")
    np.testing.assert_allclose(fast["se"], sm["se"], rtol=1e-6)
    assert fast.attrs["se_type"] == "cluster-robust" and fast.attrs["n_clusters"] == 30
    np.testing.assert_allclose(list(fast.attrs["model_based_se"].values()), list(sm.attrs["model_based_se"].values()),
                               rtol=1e-6)
    plain = conditional_logit(df, "y", ["x0", "x1"], "stratum")
    np.testing.assert_allclose(list(fast.attrs["model_based_se"].values()), plain["se"], rtol=1e-12)
    np.testing.assert_allclose(fast["log_or"], plain["log_or"], rtol=0)


def test_clustered_se_by_hand_for_matched_pairs():
    """1:1 pairs: a pair's score is diff * (1 - P(case)) with diff = case x - referent x, its
    information diff**2 P (1 - P); the sandwich A^-1 (sum_c U_c^2) A^-1 written out by hand."""
    df = _random_data(42, n_strata=120, size=(2, 2), events=(1, 1), p=1)
    df["person"] = df["stratum"] // 4
    fit = conditional_logit(df, "y", "x0", "stratum", cluster="person")
    b = fit["log_or"].iloc[0]
    wide = df.pivot_table(index="stratum", columns="y", values="x0")
    diff = (wide[1] - wide[0]).to_numpy()  # case minus referent
    p_case = 1 / (1 + np.exp(-b * diff))
    score = diff * (1 - p_case)
    info = (diff**2 * p_case * (1 - p_case)).sum()
    U = pd.Series(score, index=wide.index).groupby(wide.index // 4).sum()
    assert fit["se"].iloc[0] == pytest.approx(np.sqrt((U**2).sum()) / info, rel=1e-9)
    assert fit.attrs["model_based_se"]["x0"] == pytest.approx(1 / np.sqrt(info), rel=1e-9)


def test_arrays_entry_point_weights_and_cluster_match_the_table():
    df = _random_data(43, n_strata=50, size=(3, 7), events=(1, 3))
    df["w"], df["person"] = 1 + df["stratum"] % 2, df["stratum"] // 5
    table = conditional_logit(df, "y", ["x0", "x1"], "stratum", weights="w", cluster="person")
    fit = fit_conditional_logit_arrays(df["y"], df[["x0", "x1"]], df["stratum"], weights=df["w"], cluster=df["person"])
    np.testing.assert_allclose(fit["params"], table["log_or"], rtol=1e-12)
    np.testing.assert_allclose(fit["se"], table["se"], rtol=1e-12)
    assert fit["se_type"] == "cluster-robust" and fit["n_clusters"] == 10
    plain = fit_conditional_logit_arrays(df["y"], df[["x0", "x1"]], df["stratum"])
    assert plain["se_type"] == "model-based" and plain["n_clusters"] is None
    np.testing.assert_array_equal(plain["se"], plain["se_model"])


def test_case_time_control_equals_interaction_model():
    cases = _random_data(5, n_strata=80, size=(3, 3), events=(1, 1), p=1)
    controls = _random_data(6, n_strata=70, size=(3, 3), events=(1, 1), p=1)
    ctc = case_time_control(cases, controls, "y", "x0", "stratum")
    # One statsmodels fit with an exposure x group interaction gives the same contrast.
    both = pd.concat([cases.assign(grp=1), controls.assign(grp=0, stratum=controls["stratum"] + 1000)])
    X = np.column_stack([both["x0"], both["x0"] * both["grp"]])
    sm = ConditionalLogit(both["y"].to_numpy(), X, groups=both["stratum"].to_numpy()).fit(method="newton")
    assert ctc["log_or"].iloc[0] == pytest.approx(sm.params[1], abs=1e-6)
    assert ctc["se"].iloc[0] == pytest.approx(sm.bse[1], abs=1e-5)
    detail = case_time_control(cases, controls, "y", "x0", "stratum", detail=True)
    assert list(detail.index.get_level_values("analysis")) == ["case-crossover", "control-crossover", "case-time-control"]


def test_top_level_reexports():
    for name in ("conditional_logit", "pair_odds_ratio", "mantel_haenszel", "case_time_control",
                 "fit_conditional_logit_arrays", "make_windows", "simulate_diary", "monte_carlo"):
        assert callable(getattr(lbpkit, name)) and name in lbpkit.__all__


def test_alpha_changes_interval_width(bdendo11):
    wide = conditional_logit(bdendo11, "d", "est", "set", engine="fast", alpha=0.01)
    narrow = conditional_logit(bdendo11, "d", "est", "set", engine="fast", alpha=0.10)
    assert wide["ci_lower"].iloc[0] < narrow["ci_lower"].iloc[0] < narrow["ci_upper"].iloc[0] < wide["ci_upper"].iloc[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        conditional_logit(bdendo11, "d", "est", "set", engine="statsmodels")
