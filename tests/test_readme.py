"""The README's learning path agrees with the notebooks, and its first commands are the two make targets."""

import re

import nbformat


def test_learning_path_lists_every_notebook_with_its_minutes(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| [^|]+ \| `(\d\d[a-z]?_[a-z_]+)` \|[^\n]*\| (\d+) min \|$", readme, flags=re.MULTILINE))
    notebooks = sorted((repo_root / "notebooks").glob("*.ipynb"))
    assert set(rows) == {path.stem for path in notebooks}
    for path in notebooks:
        minutes = nbformat.read(path, as_version=4).metadata["lbpkit"]["minutes"]
        assert int(rows[path.stem]) == minutes["teaching"] + minutes["exercises"], path.stem


def test_notebook_00s_learning_path_gives_every_notebooks_own_minutes(repo_root):
    """00's path table is typed in its source; a notebook's new time estimate must reach it too (08 went 42 -> 50)."""
    source = (repo_root / "notebooks" / "sources" / "00_start_here.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| [^|]+ \| \[(\d\d[a-z]?_[a-z_]+)\.ipynb\]\([^)]*\) \|[^\n]*\| (\d+) min \|$", source,
                           flags=re.MULTILINE))
    notebooks = [path for path in sorted((repo_root / "notebooks").glob("*.ipynb")) if path.stem != "00_start_here"]
    assert set(rows) == {path.stem for path in notebooks}  # 00 lists the notebooks after itself
    for path in notebooks:
        minutes = nbformat.read(path, as_version=4).metadata["lbpkit"]["minutes"]
        assert int(rows[path.stem]) == minutes["teaching"] + minutes["exercises"], path.stem


def test_the_two_commands_come_first(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", readme, flags=re.DOTALL).group(1)
    assert [line.split()[:2] for line in first_block.strip().splitlines()] == [["make", "lab"], ["make", "test"]]


def test_licences_are_stated(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert "MIT" in readme and "CC BY 4.0" in readme and "CITATION.cff" in readme
