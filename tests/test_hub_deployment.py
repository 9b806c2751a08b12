"""The kit runs as hubs deploy it, and as a regular package (slow: builds a Python environment).

One fresh virtual environment per test session (no system site-packages) gets only the
dependencies, from ``requirements.txt``, the file a JupyterHub image installs. Then:

1. **Hub, nothing installed.** A copy of the repository (what an nbgitpuller link puts in a
   learner's home) runs notebooks 00 and 01 with ``jupyter nbconvert --execute``, started from
   another folder: ``lbpkit``, its exercise bank and its data come from the copy, and 00's
   environment check says the package matches the notebooks.
2. **Hub with a stale lbpkit in the image.** An older build of the kit (another version, another
   exercise bank) is installed in the environment; notebook 00 run from the copy still uses the
   copy's own ``lbpkit``.
3. **A regular install.** A wheel built from the copy (``pip wheel``, not editable) is installed;
   a notebook copied to a folder far from any repository runs, reading the data the wheel carries,
   and ``import lbpkit`` works from any folder.

If pip cannot install the dependencies (no network and no cache), the tests are skipped and say so.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
# Building the environment takes minutes on a loaded machine: more than the 10-minute hang guard.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def _load_tool(name: str):
    if name in sys.modules:
        return sys.modules[name]
    path = REPO / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a learner's session: the venv first on PATH, nothing of ours leaking in."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "LBPKIT_DATA_DIR") and not k.startswith(("JUPYTER", "PYTEST"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(command: list[str], *, venv: Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=_clean_env(venv), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def deps_venv(tmp_path_factory) -> Path:
    """A fresh venv holding only requirements.txt (what a hub image installs), made once per session."""
    venv = tmp_path_factory.mktemp("hub") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    result = _run([str(python), "-m", "pip", "install", "--quiet", "--no-compile", "-r", str(REPO / "requirements.txt")],
                  venv=venv, cwd=REPO, timeout=1800)
    if result.returncode != 0:
        pytest.skip(f"pip could not install requirements.txt into a fresh venv (offline, no cache?): {result.stderr[-500:]}")
    probe = _run([str(python), "-c", "import lbpkit"], venv=venv, cwd=venv)
    assert probe.returncode != 0, "the fresh venv must not see an installed lbpkit"
    return venv


@pytest.fixture(scope="session")
def kit_copy(tmp_path_factory) -> Path:
    """The kit as an nbgitpuller link leaves it in a learner's home folder (tracked files only)."""
    home = tmp_path_factory.mktemp("learner-home")
    copy = home / "lbp-course"
    for name in _load_tool("build_student_edition").kit_files(REPO):
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    return copy


def _uninstall_lbpkit(venv: Path) -> None:
    _run([str(venv / "bin" / "python"), "-m", "pip", "uninstall", "--yes", "lbpkit"], venv=venv, cwd=venv)


def _build_wheel(source: Path, out: Path, venv: Path) -> Path:
    result = _run([str(venv / "bin" / "python"), "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
                  venv=venv, cwd=out.parent, timeout=900)
    if result.returncode != 0:
        pytest.skip(f"pip could not build the wheel (its build backend could not be installed?): {result.stderr[-500:]}")
    (wheel,) = out.glob("lbpkit-*.whl")
    return wheel


def _install(wheel: Path, venv: Path) -> None:
    result = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile",
                   "--force-reinstall", str(wheel)], venv=venv, cwd=wheel.parent)
    assert result.returncode == 0, result.stderr


def _execute(notebook: Path, *, venv: Path, cwd: Path, out: Path) -> nbformat.NotebookNode:
    """``jupyter nbconvert --execute``, started from ``cwd`` (Jupyter runs the kernel in the
    notebook's folder, as JupyterLab does)."""
    out.mkdir(parents=True, exist_ok=True)
    result = _run([str(venv / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                   "--ExecutePreprocessor.timeout=300", "--output-dir", str(out), str(notebook)],
                  venv=venv, cwd=cwd)
    assert result.returncode == 0, f"{notebook.name} failed:\n{result.stderr[-3000:]}"
    executed = nbformat.read(out / notebook.name, as_version=4)
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{notebook.name}: {output.get('ename')}: {output.get('evalue')}"
    return executed


def _text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", "") + output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _kit_check_lines(executed: nbformat.NotebookNode) -> str:
    text = _text(executed)
    assert "lbpkit version" in text, "notebook 00 shows the kit check"
    return text


def test_hub_image_with_only_the_dependencies_runs_the_pulled_kit(deps_venv, kit_copy, tmp_path):
    _uninstall_lbpkit(deps_venv)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name in ("00_start_here", "01_burden_of_low_back_pain"):
        executed = _execute(kit_copy / "notebooks" / f"{name}.ipynb", venv=deps_venv, cwd=elsewhere, out=tmp_path / "out")
        if name == "00_start_here":
            text = _kit_check_lines(executed)
            assert "imported from ../lbpkit" in text and "the kit's own copy" in text, "lbpkit comes from the pulled folder"
            assert "MISMATCH" not in text and "MISSING" not in text, text
            assert "matches these notebooks" in text


def test_a_stale_lbpkit_in_the_image_does_not_win_over_the_pulled_one(deps_venv, kit_copy, tmp_path):
    stale_source = tmp_path / "stale-kit"
    shutil.copytree(kit_copy, stale_source)
    init = stale_source / "lbpkit" / "__init__.py"
    init.write_text(re.sub(r'^__version__ = ".*"$', '__version__ = "0.0.0"', init.read_text(encoding="utf-8"), flags=re.M),
                    encoding="utf-8")
    wheel = _build_wheel(stale_source, tmp_path / "wheels", deps_venv)
    _install(wheel, deps_venv)
    try:
        installed = _run([str(deps_venv / "bin" / "python"), "-c", "import lbpkit; print(lbpkit.__version__)"],
                         venv=deps_venv, cwd=tmp_path)
        assert installed.stdout.strip() == "0.0.0", installed.stderr
        executed = _execute(kit_copy / "notebooks" / "00_start_here.ipynb", venv=deps_venv, cwd=tmp_path, out=tmp_path / "out")
        text = _kit_check_lines(executed)
        version_line = text.split("lbpkit version", 1)[1].splitlines()[0]
        assert "imported from ../lbpkit" in version_line and "0.0.0" not in version_line, version_line
        assert "matches these notebooks" in text
    finally:
        _uninstall_lbpkit(deps_venv)


def test_a_regular_install_from_a_wheel_works_from_any_folder(deps_venv, kit_copy, tmp_path):
    wheel = _build_wheel(kit_copy, tmp_path / "wheels", deps_venv)
    _install(wheel, deps_venv)
    try:
        far_away = tmp_path / "course-notes"  # a notebook saved outside the kit: no lbpkit above it
        far_away.mkdir()
        shutil.copy(kit_copy / "notebooks" / "01_burden_of_low_back_pain.ipynb", far_away)
        _execute(far_away / "01_burden_of_low_back_pain.ipynb", venv=deps_venv, cwd=tmp_path, out=tmp_path / "out")
        probe = _run([str(deps_venv / "bin" / "python"), "-c",
                      "import json, lbpkit; from lbpkit.data import data_dir; from lbpkit import check;"
                      "print(json.dumps({'file': lbpkit.__file__, 'data': str(data_dir()),"
                      " 'rows': len(lbpkit.load('chicago_nmmaps_daily')), 'sets': len(lbpkit.catalog()),"
                      " 'check': check('00.mean-pain', 6.2).passed}))"],
                     venv=deps_venv, cwd=Path("/"))
        assert probe.returncode == 0, probe.stderr
        found = json.loads(probe.stdout)
        site = str(deps_venv / "lib")
        assert found["file"].startswith(site) and found["data"].startswith(site), found
        assert found["rows"] > 4000 and found["sets"] >= 20 and found["check"] is True
    finally:
        _uninstall_lbpkit(deps_venv)
