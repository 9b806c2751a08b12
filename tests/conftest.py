"""Shared test settings: a non-interactive matplotlib backend and the repository root."""

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


# --doctest-modules would import each conftest.py once more as a module named "conftest", and the two
# (here and tests/browser/) clash; pytest still loads both as conftests, they are just not doctested.
collect_ignore = ["conftest.py", "browser/conftest.py"]
