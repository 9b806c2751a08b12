"""A built install holds every package folder of lbpkit and the kit's data.

pyproject.toml lists the packages by name (``packages.find`` cannot also map data/ into the
package), so a new wing folder must be added there; this test names the one that is missing.
"""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_folder_is_listed():
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "lbpkit").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    listed = {name for name in _config()["packages"] if not name.startswith("lbpkit._data")}
    assert listed == on_disk, f"add to (or remove from) packages in pyproject.toml: {sorted(on_disk ^ listed)}"


def test_the_data_folder_and_every_data_file_are_packaged():
    config = _config()
    assert config["package-dir"] == {"": ".", "lbpkit._data": "data"}
    data = REPO / "data"
    patterns = config["package-data"]
    packaged = set()
    for package, globs in patterns.items():
        folder = data.joinpath(*package.split(".")[2:])
        assert package in config["packages"]
        for pattern in globs:
            packaged |= {path.relative_to(data).as_posix() for path in folder.glob(pattern)}
    on_disk = {path.relative_to(data).as_posix() for path in data.rglob("*") if path.is_file()}
    assert packaged == on_disk, f"data files a wheel would leave out: {sorted(on_disk - packaged)}"
    subfolders = {path.name for path in data.iterdir() if path.is_dir()}
    assert {f"lbpkit._data.{name}" for name in subfolders} <= set(config["packages"])
