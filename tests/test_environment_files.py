"""pyproject.toml, environment.yml, binder/ and the environment check list the same dependencies."""

import re
import tomllib

import yaml

from lbpkit.setup_check import REQUIRED


def _split(requirement: str) -> tuple[str, str]:
    name, _, bound = re.match(r"^([A-Za-z0-9_.\-]+)\s*(>=)?\s*([^,;\s]*)", requirement).groups()
    return name.lower(), bound


def _pyproject(repo_root):
    project = tomllib.loads((repo_root / "pyproject.toml").read_text())["project"]
    runtime = dict(_split(req) for req in project["dependencies"])
    extras = project["optional-dependencies"]
    # The conda environments carry what `make test` installs: the test extra and the extras it names.
    test = {}
    for req in extras["test"]:
        if req.startswith("lbpkit["):
            for extra in req[len("lbpkit[") : -1].split(","):
                test.update(_split(r) for r in extras[extra.strip()])
        else:
            test.update([_split(req)])
    return runtime, test


def _conda(path):
    env = yaml.safe_load(path.read_text())
    assert env["channels"] == ["conda-forge"]
    plain = [dep for dep in env["dependencies"] if isinstance(dep, str)]
    pip = [dep for dep in env["dependencies"] if isinstance(dep, dict)]
    packages = dict(_split(dep.replace("=", ">=", 1) if "=" in dep and ">=" not in dep else dep) for dep in plain)
    python = packages.pop("python")
    packages.pop("pip")
    return packages, python, pip


def test_environment_yml_matches_pyproject(repo_root):
    runtime, test = _pyproject(repo_root)
    packages, python, pip = _conda(repo_root / "environment.yml")
    assert packages == {**runtime, **test}
    assert python.startswith("3.1") and int(python.split(".")[1]) >= 11
    assert pip == [{"pip": ["-e ."]}], "the conda environment installs the kit itself"


def test_binder_environment_matches_root_and_installs_the_kit(repo_root):
    root, root_python, _ = _conda(repo_root / "environment.yml")
    binder, binder_python, binder_pip = _conda(repo_root / "binder" / "environment.yml")
    assert binder == root and binder_python == root_python
    assert binder_pip == []
    post_build = (repo_root / "binder" / "postBuild").read_text()
    assert "pip install" in post_build and "-e ." in post_build and "set -e" in post_build


def test_environment_check_uses_the_pyproject_bounds(repo_root):
    runtime, _ = _pyproject(repo_root)
    assert REQUIRED == runtime


def test_version_is_exposed():
    import lbpkit

    assert re.fullmatch(r"\d+\.\d+\.\d+", lbpkit.__version__)


def test_requirements_txt_lists_exactly_the_runtime_dependencies(repo_root):
    """requirements.txt is what a JupyterHub image installs: the dependencies, not the kit."""
    project = tomllib.loads((repo_root / "pyproject.toml").read_text())["project"]
    lines = (repo_root / "requirements.txt").read_text().splitlines()
    listed = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    declared = [re.sub(r"\s*#.*", "", req).strip() for req in project["dependencies"]]
    assert listed == declared
    assert not any(req.lower().startswith(("lbpkit", "-e", ".")) for req in listed)
