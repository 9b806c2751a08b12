"""Two small helpers for matched sets: keeping the strata a conditional analysis can use, and the
conditional log-likelihood of 1:1 pairs (notebook 04 draws it)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["complete_strata", "pair_conditional_loglik"]


def complete_strata(data: pd.DataFrame, exposures: str | Sequence[str], *, strata: str = "stratum", case: str = "case") -> pd.DataFrame:
    """Keep the strata that have a hazard window and at least one referent with known exposure.

    Windows outside the diary (e.g. a referent before the diary starts) have a missing exposure;
    strata left without a referent cannot inform a conditional analysis. The numbers of windows
    and strata removed are stored in ``.attrs["n_windows_removed"]`` and
    ``.attrs["n_strata_removed"]`` so that nothing is dropped silently.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"stratum": [0, 0, 1, 1], "case": [1, 0, 1, 0], "x": [1, 0, 1, None]})
    >>> kept = complete_strata(d, "x")
    >>> kept["stratum"].tolist(), kept.attrs["n_strata_removed"]
    ([0, 0], 1)
    """
    names = [exposures] if isinstance(exposures, str) else list(exposures)
    known = data[names].notna().all(axis=1)
    rows = data.loc[known]
    has_case = rows.groupby(strata)[case].max() == 1
    has_ref = rows.groupby(strata)[case].min() == 0
    good = has_case.index[has_case & has_ref]
    out = rows.loc[rows[strata].isin(good)].reset_index(drop=True)
    out.attrs = dict(data.attrs)
    out.attrs["n_windows_removed"] = int(len(data) - len(out))
    out.attrs["n_strata_removed"] = int(data[strata].nunique() - out[strata].nunique())
    return out


def pair_conditional_loglik(log_or: float | np.ndarray, case_only: int, referent_only: int) -> np.ndarray:
    """Conditional log-likelihood of 1:1 matched pairs as a function of the log odds ratio.

    Each pair in which only the case window was exposed contributes ``log(OR / (1 + OR))``, each
    pair in which only the referent was exposed ``log(1 / (1 + OR))``; concordant pairs
    contribute nothing. The maximum is at ``log(case_only / referent_only)``.

    Examples
    --------
    >>> import numpy as np
    >>> grid = np.log([3.0, 29 / 3, 30.0])
    >>> ll = pair_conditional_loglik(grid, 29, 3)
    >>> int(np.argmax(ll))
    1
    """
    for name, value in (("case_only", case_only), ("referent_only", referent_only)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"`{name}` must be a whole number of pairs >= 0, got {value!r}.")
    beta = np.asarray(log_or, dtype=float)
    return case_only * (beta - np.logaddexp(0.0, beta)) - referent_only * np.logaddexp(0.0, beta)
