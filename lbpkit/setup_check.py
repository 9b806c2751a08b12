"""Check that the packages the kit needs are installed, in versions it was tested with.

For learners setting up the kit (notebook 00) and instructors checking a JupyterHub or Binder image.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata

import pandas as pd

__all__ = ["environment_report", "REQUIRED"]

# Package -> lowest version the kit was tested with (keep in step with pyproject.toml).
REQUIRED = {
    "numpy": "1.24",
    "scipy": "1.10",
    "pandas": "2.2.1",
    "statsmodels": "0.14",
    "matplotlib": "3.9",
    "ipywidgets": "8.1",
    "jupyterlab": "4.1",
    "ipykernel": "6.28",
    "jupytext": "1.16",
}


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def environment_report(required: dict[str, str] | None = None) -> pd.DataFrame:
    """Report Python and the key packages: installed version, the minimum, and whether it is ok.

    Parameters
    ----------
    required : dict, optional
        Package name -> minimum version; defaults to :data:`REQUIRED`.

    Returns
    -------
    pandas.DataFrame
        One row per package (Python first) with columns ``package``, ``installed``,
        ``minimum`` and ``status`` (``"ok"``, ``"too old"`` or ``"MISSING"``).

    Examples
    --------
    >>> from lbpkit.setup_check import environment_report
    >>> report = environment_report({"pandas": "1.0"})
    >>> report["package"].tolist()
    ['python', 'pandas']
    >>> report.loc[1, "status"]
    'ok'
    """
    required = REQUIRED if required is None else required
    rows = [
        {
            "package": "python",
            "installed": platform.python_version(),
            "minimum": "3.11",
            "status": "ok" if sys.version_info >= (3, 11) else "too old",
        }
    ]
    for name, minimum in required.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            rows.append({"package": name, "installed": "", "minimum": minimum, "status": "MISSING"})
            continue
        status = "ok" if _version_tuple(installed) >= _version_tuple(minimum) else "too old"
        rows.append({"package": name, "installed": installed, "minimum": minimum, "status": status})
    return pd.DataFrame(rows, columns=["package", "installed", "minimum", "status"])
