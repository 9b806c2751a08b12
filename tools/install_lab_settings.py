"""Set this environment's JupyterLab defaults for a course: no pop-up asking to fetch Jupyter news.

Usage:
    python tools/install_lab_settings.py

A learner's first `make lab` showed a notification asking whether to fetch "official Jupyter news"
from the internet: a question about the network, beside the first notebook, that the kit never needs.
JupyterLab reads ``<sys.prefix>/share/jupyter/lab/settings/overrides.json`` as the environment's
defaults; this tool sets ``fetchNews`` to "false" (Never) and ``checkForUpdates`` to false there. A
learner can still change either in Settings. Keys already in the file are kept; running it again
changes nothing. Only this environment is touched, nothing in the user's home directory.

Run by ``make`` (after installing the kit into ``.venv/``) and by ``binder/postBuild``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

NOTIFICATION_PLUGIN = "@jupyterlab/apputils-extension:notification"
COURSE_DEFAULTS = {NOTIFICATION_PLUGIN: {"fetchNews": "false", "checkForUpdates": False}}


def overrides_path(prefix: str | Path = sys.prefix) -> Path:
    """The file of JupyterLab defaults for the environment at ``prefix``."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def install(prefix: str | Path = sys.prefix) -> Path:
    """Merge the course defaults into the environment's ``overrides.json``; return its path."""
    path = overrides_path(prefix)
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text()) if path.exists() else {}
    for plugin, values in COURSE_DEFAULTS.items():
        settings.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(settings, indent=2, sort_keys=True) + "\n")
    return path


if __name__ == "__main__":
    print(f"JupyterLab course defaults: {install()}")
