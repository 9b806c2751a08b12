"""Make every kernel of this Python environment load the kit's plain-language error hints at start.

Usage:
    python tools/install_kernel_hints.py

``lbpkit`` registers its hints (``lbpkit.exercises.friendly_errors``) when a notebook imports it.
A learner who restarts the kernel and runs an answer cell alone never reaches that import, and
met a bare ``NameError: name 'check' is not defined``. IPython reads
``<sys.prefix>/etc/ipython/ipython_kernel_config.py`` for every kernel the environment starts, so
listing the hints as an extension there makes a fresh kernel explain that error too ("run the
cells above"). Only this environment is touched: nothing in the user's home directory.

Run by ``make`` (after installing the kit into ``.venv/``) and by ``binder/postBuild``; running it
again changes nothing. A config file that already exists keeps its lines; the kit's line is added
once.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXTENSION = "lbpkit.exercises.friendly_errors"
LINE = f'c.InteractiveShellApp.extensions.append("{EXTENSION}")  # lbpkit: plain-language error hints\n'


def kernel_config_path(prefix: str | Path = sys.prefix) -> Path:
    """The kernel config file IPython reads for every kernel of the environment at ``prefix``."""
    return Path(prefix) / "etc" / "ipython" / "ipython_kernel_config.py"


def install(prefix: str | Path = sys.prefix) -> Path:
    """Add the hints' extension to the environment's kernel config (once); return the file's path."""
    path = kernel_config_path(prefix)
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text() if path.exists() else ""
    if EXTENSION not in existing:
        separator = "" if not existing or existing.endswith("\n") else "\n"
        path.write_text(existing + separator + LINE)
    return path


if __name__ == "__main__":
    print(f"Kernel error hints: {install()}")
