"""Many simulated studies, each fitted with the fast exact conditional-logit engine: the
sampling distribution and CI coverage behind Part II (notebook 04), for learners who want to see
an estimator's behaviour over replicates. :func:`monte_carlo` is re-exported as
:func:`lbpkit.monte_carlo`."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.stats import norm

from lbpkit.engine.clogit import SeparationError
from lbpkit.estimate import fit_conditional_logit_arrays
from lbpkit.simulate import SeedLike, simulate_case_crossover

__all__ = ["monte_carlo"]


def monte_carlo(
    n_studies: int,
    *,
    seed: SeedLike,
    simulator: Callable[..., pd.DataFrame] | None = None,
    outcome: str = "case",
    exposure: str = "exposure",
    strata: str = "stratum",
    alpha: float = 0.05,
    true_or: float | None = None,
    **params,
) -> pd.DataFrame:
    """Run many simulated studies and fit each with the fast conditional-logit engine.

    Study ``k`` uses the ``k``-th child of ``SeedSequence(seed)``, so any one study can be
    re-created and adding studies does not change the earlier ones.

    Parameters
    ----------
    n_studies : int
    seed : int
    simulator : callable, optional
        Default :func:`lbpkit.simulate.simulate_case_crossover`. Called as ``simulator(seed=child_generator, **params)``; must return case-crossover data
        with ``.attrs["truth"]["odds_ratio"]`` (or pass ``true_or``).
    outcome, exposure, strata : str
        Columns of the simulated data (only rows where ``group`` is "case", if that column exists).
    alpha : float, default 0.05
    true_or : float, optional
        The planted odds ratio, if the simulator does not report it.
    **params
        Passed to the simulator.

    Returns
    -------
    DataFrame
        One row per study: ``study``, ``log_or``, ``se``, ``odds_ratio``, ``ci_lower``,
        ``ci_upper``, ``covers`` (the CI contains the planted OR), ``n_strata``, ``n_cases``,
        ``error`` ("" or "separation": no finite estimate). ``.attrs`` has ``true_or``,
        ``coverage`` and ``n_failed``.

    Examples
    --------
    >>> mc = monte_carlo(20, seed=7, n_cases=100, odds_ratio=2.0, exposure_prob=0.3)
    >>> len(mc), mc.attrs["true_or"]
    (20, 2.0)
    """
    if simulator is None:
        simulator = simulate_case_crossover
    if not isinstance(n_studies, (int, np.integer)) or n_studies < 1:
        raise ValueError(f"`n_studies` must be a whole number >= 1, got {n_studies!r}.")
    z = norm.ppf(1 - alpha / 2)
    children = np.random.SeedSequence(seed).spawn(n_studies)
    rows = []
    for k, child in enumerate(children):
        data = simulator(seed=np.random.Generator(np.random.PCG64(child)), **params)
        if true_or is None:
            true_or = data.attrs.get("truth", {}).get("odds_ratio")
            if true_or is None:
                raise ValueError("The simulator's data have no attrs['truth']['odds_ratio']; pass `true_or`.")
        if "group" in data.columns:
            data = data.loc[data["group"] == "case"]
        row = {"study": k, "log_or": np.nan, "se": np.nan, "n_strata": 0, "n_cases": 0, "error": ""}
        try:
            fit = fit_conditional_logit_arrays(
                data[outcome].to_numpy(), data[exposure].to_numpy(dtype=float), data[strata].to_numpy(), warn=False
            )
            row.update(log_or=fit["params"][0], se=fit["se"][0], n_strata=fit["n_strata"], n_cases=fit["n_cases"])
        except (SeparationError, np.linalg.LinAlgError):
            row["error"] = "separation"
        except ValueError as err:
            row["error"] = str(err)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["odds_ratio"] = np.exp(out["log_or"])
    out["ci_lower"] = np.exp(out["log_or"] - z * out["se"])
    out["ci_upper"] = np.exp(out["log_or"] + z * out["se"])
    ok = out["error"] == ""
    out["covers"] = ok & (out["ci_lower"] <= true_or) & (true_or <= out["ci_upper"])
    out = out[["study", "log_or", "se", "odds_ratio", "ci_lower", "ci_upper", "covers", "n_strata", "n_cases", "error"]]
    n_failed = int((~ok).sum())
    if n_failed:
        warnings.warn(
            f"{n_failed} of {n_studies} simulated studies had no finite estimate (see column 'error'); "
            "they are excluded from attrs['coverage'].",
            UserWarning,
            stacklevel=2,
        )
    out.attrs.update(
        synthetic=True,
        true_or=float(true_or),
        alpha=alpha,
        coverage=float(out.loc[ok, "covers"].mean()) if ok.any() else float("nan"),
        n_failed=n_failed,
    )
    return out
