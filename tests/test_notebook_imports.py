"""Each notebook imports the lbpkit that came with it, and takes its seed from one place.

- The first code cell puts the folder above ``notebooks/`` first on ``sys.path`` before it
  imports anything from lbpkit: on a JupyterHub whose image holds only the dependencies, or an
  older lbpkit, the kit's own copy (matching these notebooks) is the one imported. The kernel's
  working directory is the notebook's folder (JupyterLab, nbval, nbconvert, make notebooks).
- A notebook whose exercise bank module defines ``SEED`` imports it from there and types no seed
  of its own: changing a seed is one edit, and notebook and checks cannot drift apart.
"""

import importlib
import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
PATH_LINE = 'sys.path.insert(0, "..")'


def _first_code_cell(path: Path) -> str:
    return next(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_kits_own_lbpkit_comes_first(path):
    source = _first_code_cell(path)
    assert PATH_LINE in source, f"{path.name}: the first code cell starts with `import sys` and `{PATH_LINE}`"
    first_lbpkit = min(m.start() for m in re.finditer(r"^(import lbpkit|from lbpkit)", source, flags=re.M))
    assert source.index(PATH_LINE) < first_lbpkit, f"{path.name}: put {PATH_LINE} before importing lbpkit"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_seed_the_checks_use_lives_only_in_the_bank(path):
    number = path.stem.split("_", 1)[0]
    try:
        bank = importlib.import_module(f"lbpkit.exercises.bank.nb{number}")
    except ModuleNotFoundError:
        pytest.skip(f"notebook {number} has no exercise bank module")
    source = _first_code_cell(path)
    if not hasattr(bank, "SEED"):
        return
    assert f"from lbpkit.exercises.bank.nb{number} import SEED" in source, (
        f"{path.name}: its checks use lbpkit/exercises/bank/nb{number}.py's SEED; import it from there"
    )
    assert not re.search(r"^SEED\s*=", source, flags=re.M), f"{path.name}: do not type the seed again"
