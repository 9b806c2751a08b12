"""Notebook 00's environment check: the packages the kit needs, and the kit itself.

:func:`environment_report` checks that the packages are installed in versions the kit was tested
with; :func:`kit_report` shows the kit's version, checks that the ``lbpkit`` in use is the one
that came with the notebooks and that every data set loads; :func:`advice` says in words what to
do when something is not right, on a computer and on a JupyterHub.
"""

from __future__ import annotations

import hashlib
import platform
import re
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd

__all__ = ["environment_report", "kit_report", "advice", "REQUIRED"]

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


def _fingerprint(package_dir: Path) -> str:
    """A hash of the package's Python sources (names and contents): equal for identical copies."""
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version_in(package_dir: Path) -> str:
    found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""",
                      (package_dir / "__init__.py").read_text(encoding="utf-8"), flags=re.M)
    return found.group(1) if found else "unknown"


def _shown(path: Path, notebooks: Path) -> str:
    """A folder as seen from the notebooks: ``../lbpkit`` inside the kit, the full path elsewhere."""
    try:
        return "../" + path.relative_to(notebooks.parent).as_posix()
    except ValueError:
        return str(path)


def kit_report(notebooks_dir: str | Path = ".") -> pd.DataFrame:
    """Check the kit itself: its version, that the ``lbpkit`` in use matches the notebooks, the data.

    The notebooks come with their own copy of ``lbpkit`` in the folder above them (a clone, or
    the folder an nbgitpuller link made), and their first cell imports that copy. The check
    compares the ``lbpkit`` actually imported with that copy: the same folder, or identical
    sources (a hash of every ``.py`` file), counts as a match.

    Parameters
    ----------
    notebooks_dir : str or Path
        The notebooks' folder; the default, the working directory, is the notebook's folder in
        Jupyter.

    Returns
    -------
    pandas.DataFrame
        Three rows, ``check`` = "lbpkit version", "matches the notebooks" and "data", with
        ``status`` ("ok", "MISMATCH", "MISSING" or "unknown") and ``detail`` (what was found).

    Examples
    --------
    >>> from lbpkit.setup_check import kit_report
    >>> report = kit_report()
    >>> report["check"].tolist()
    ['lbpkit version', 'matches the notebooks', 'data']
    >>> report.loc[2, "status"]
    'ok'
    """
    from lbpkit import data

    # The package this module was imported from: Python loaded lbpkit/__init__ before this module,
    # so it is read from sys.modules rather than imported (a module may not import the root).
    package = sys.modules[__name__.rpartition(".")[0]]
    notebooks = Path(notebooks_dir).resolve()
    in_use = Path(package.__file__).resolve().parent
    rows = [{"check": "lbpkit version", "status": "ok",
             "detail": f"{package.__version__}, imported from {_shown(in_use, notebooks)}"}]
    beside = (notebooks.parent / "lbpkit").resolve()
    if not (beside / "__init__.py").is_file():
        rows.append({"check": "matches the notebooks", "status": "unknown",
                     "detail": f"no lbpkit folder above {notebooks} to compare with"})
    elif beside == in_use:
        rows.append({"check": "matches the notebooks", "status": "ok", "detail": "the kit's own copy, beside the notebooks"})
    elif _fingerprint(beside) == _fingerprint(in_use):
        rows.append({"check": "matches the notebooks", "status": "ok",
                     "detail": f"an installed copy identical to the kit's own ({_shown(beside, notebooks)})"})
    else:
        rows.append({"check": "matches the notebooks", "status": "MISMATCH",
                     "detail": f"the notebooks come with lbpkit {_version_in(beside)} in {_shown(beside, notebooks)}"})
    try:
        names = list(data.catalog().index)
        for name in names:
            data.load(name)
        rows.append({"check": "data", "status": "ok", "detail": f"all {len(names)} data sets load, from {_shown(data.data_dir().resolve(), notebooks)}"})
    except (OSError, ValueError) as error:
        rows.append({"check": "data", "status": "MISSING", "detail": str(error).split(". ")[0]})
    return pd.DataFrame(rows, columns=["check", "status", "detail"])


def advice(packages: pd.DataFrame, kit: pd.DataFrame) -> str:
    """What to do, in words, after :func:`environment_report` and :func:`kit_report`.

    Examples
    --------
    >>> from pathlib import Path
    >>> import lbpkit
    >>> from lbpkit.setup_check import advice, environment_report, kit_report
    >>> notebooks = Path(lbpkit.__file__).resolve().parent.parent / "notebooks"
    >>> advice(environment_report(), kit_report(notebooks)).startswith("Everything the kit needs")
    True
    """
    status = dict(zip(kit["check"], kit["status"]))
    lines = []
    missing = packages.loc[packages["status"] != "ok", "package"].tolist()
    if missing:
        lines.append(
            f"Missing or too old: {', '.join(missing)}. On your computer, run `make lab` from the kit's folder "
            "again (see Troubleshooting in the README). On a JupyterHub, ask its administrators to install "
            "the kit's requirements.txt in the hub's image."
        )
    if status.get("matches the notebooks") == "MISMATCH":
        lines.append(
            "The lbpkit in use is not the one that came with these notebooks, so exercise checks may not match "
            "them. Run Kernel > Restart Kernel and Run All Cells: the first cell puts the kit's own copy first. "
            "On a JupyterHub, if this stays, click your course's nbgitpuller link again and tell your instructor: "
            "the hub's image should hold only the kit's dependencies (requirements.txt), not lbpkit."
        )
    if status.get("data") == "MISSING":
        lines.append(
            "The kit's data did not load. On a JupyterHub, click your course's nbgitpuller link again: it brings "
            "back deleted files. In a clone, `git checkout HEAD -- data/` in the kit's folder restores them."
        )
    if status.get("matches the notebooks") == "unknown":
        lines.append(
            "This notebook is not in the kit's notebooks/ folder, so the check could not compare lbpkit with "
            "the notebooks: open the notebooks where the kit put them."
        )
    if not lines:
        return "Everything the kit needs is installed, and lbpkit matches these notebooks."
    return "\n".join(lines)
