"""Make every kernel of this Python environment explain a NameError before the kit is imported.

Usage:
    python tools/install_kernel_hints.py

``lbpkit`` registers its plain-language error hints when a notebook imports it. A learner who
restarts the kernel and runs an answer cell alone never reaches that import, and met a bare
``NameError: name 'check' is not defined``. IPython reads
``<sys.prefix>/etc/ipython/ipython_kernel_config.py`` for every kernel the environment starts; this
tool copies ``tools/kernel_start_hint.py`` beside it and lists it there as a start-up file, so a
fresh kernel says to run the cells above. The start-up file does not import ``lbpkit`` (that would
pin the installed package for a student edition or a pulled copy). Only this environment is
touched, nothing in the user's home directory.

Run by ``make`` (after installing the kit into ``.venv/``) and by ``binder/postBuild``; running it
again changes nothing. A config file that already exists keeps its lines; the kit's line is added
once.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

START_FILE = Path(__file__).resolve().parent / "kernel_start_hint.py"
INSTALLED_NAME = "lbpkit_kernel_start_hint.py"
MARKER = "# lbpkit: explain a NameError before the kit is imported"


def kernel_config_path(prefix: str | Path = sys.prefix) -> Path:
    """The kernel config file IPython reads for every kernel of the environment at ``prefix``."""
    return Path(prefix) / "etc" / "ipython" / "ipython_kernel_config.py"


def install(prefix: str | Path = sys.prefix) -> Path:
    """Copy the start-up file into the environment and list it in its kernel config (once).

    Returns the config file's path.
    """
    path = kernel_config_path(prefix)
    path.parent.mkdir(parents=True, exist_ok=True)
    installed = path.parent / INSTALLED_NAME
    shutil.copyfile(START_FILE, installed)
    existing = path.read_text() if path.exists() else ""
    if MARKER not in existing:
        separator = "" if not existing or existing.endswith("\n") else "\n"
        line = f"c.InteractiveShellApp.exec_files.append({str(installed)!r})  {MARKER}\n"
        path.write_text(existing + separator + line)
    return path


if __name__ == "__main__":
    print(f"Kernel start-up hint: {install()}")
