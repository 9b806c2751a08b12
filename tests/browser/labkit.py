"""Shared by the browser tests: the kit's JupyterLab as `make lab` starts it, and page helpers.

:func:`start_make_lab` runs ``make lab`` itself (on a free port, with a random token, without a
display), so the tests see the server a learner gets: the repository root served, the notebooks
opened from ``notebooks/``. Only the user-level state is redirected to a temporary folder: the
Jupyter config (which adds ``expose_app_in_browser``, so that the test can ask JupyterLab which
panels are open), the settings (no autosave, so a test run never saves over a notebook; no
news pop-ups; every cell kept attached to the page) and the workspaces.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LBPKIT_CHROMIUM", "/usr/bin/chromium")
# Flags from the machine notes: without the background-networking ones, Chromium keeps trying
# hosts that this closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
LAB_CONFIG = {"LabApp": {"expose_app_in_browser": True}, "ServerApp": {"port_retries": 0}}
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost never via a proxy


@dataclass
class Lab:
    base: str
    token: str
    log: Path

    def url(self, path: str, query: str = "") -> str:
        return f"{self.base}/{path}?{query + '&' if query else ''}token={self.token}"

    def get(self, path: str, query: str = "") -> int:
        """HTTP status of a GET through the server (with the token)."""
        try:
            with NO_PROXY.open(self.url(path, query), timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_make_lab(work: Path):
    """Start `make lab` (a generator: yields a :class:`Lab`, stops the server afterwards)."""
    settings, config = work / "settings", work / "config"
    for name, values in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    config.mkdir(parents=True, exist_ok=True)
    for name in ("jupyter_server_config.json", "jupyter_lab_config.json"):
        (config / name).write_text(json.dumps(LAB_CONFIG), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(24)
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({
        "JUPYTER_TOKEN": token,
        "JUPYTER_CONFIG_DIR": str(config),  # ignore the user's own Jupyter config
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    })
    log_path = work / "lab.log"
    log = log_path.open("w")
    # -o: never (re)install from inside a test run; the environment under test is the one in use
    server = subprocess.Popen(["make", "-o", ".venv/.installed-lab", "lab", f"PORT={port}"], cwd=REPO, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", token, log_path)
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"make lab exited ({server.returncode}):\n{log_path.read_text()[-3000:]}")
            try:
                if lab.get("api/status") == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"make lab did not answer in 90 s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        yield lab
    finally:
        # make, the server and its kernels are in their own process group, which this made.
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


# -- JavaScript helpers, installed in every page before JupyterLab loads --------------------------
# window.jupyterapp is exposed by expose_app_in_browser. A panel is found by its path, not as "the
# current tab", so nothing else the workspace restores can be mistaken for it.
HELPERS = """
window.__kit = {
  anyPanel(path) {
    const app = window.jupyterapp;
    if (!app) return null;
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path) return w;
    }
    return null;
  },
  panel(path) {
    const w = this.anyPanel(path);
    return w && w.content && w.sessionContext ? w : null;
  },
  kernelIdle(path) {
    const p = this.panel(path);
    const kernel = p && p.context.isReady && p.sessionContext.session && p.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') return false;
    if (!p.__kitWatched) {  // count the kernel's busy spells, to know that a change reached it
      p.__kitWatched = true;
      p.__kitBusy = 0;
      p.sessionContext.statusChanged.connect((_, status) => { if (status === 'busy') p.__kitBusy += 1; });
    }
    return true;
  },
  busyCount(path) { return this.panel(path).__kitBusy; },
  allRan(path) {
    const p = this.panel(path);
    if (!this.kernelIdle(path)) return false;
    const code = p.content.widgets.filter(c => c.model.type === 'code');
    const prompts = [...p.content.node.querySelectorAll('.jp-InputArea-prompt')].map(e => e.textContent);
    return code.every(c => c.model.executionCount !== null) && !prompts.some(t => t.includes('*'));
  },
  errors(path) {
    const p = this.panel(path);
    const found = [];
    p.content.widgets.forEach((cell, i) => {
      if (cell.model.type !== 'code') return;
      for (let k = 0; k < cell.model.outputs.length; k++) {
        const out = cell.model.outputs.get(k).toJSON();
        if (out.output_type === 'error') found.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
      }
    });
    p.content.node.querySelectorAll('.widget-output [data-mime-type="application/vnd.jupyter.stderr"]')
      .forEach(e => found.push('widget output: ' + e.textContent.slice(0, 300)));
    return found;
  },
  // What widgets show: Output widgets (plots, printed text, tables), HTML and image widgets; not
  // the controls' read-outs, which move with the control whether or not the callback works.
  // Text and image data only, so random ids in the HTML cannot fake a change.
  shown(path) {
    const p = this.panel(path);
    return [...p.content.node.querySelectorAll('.widget-output, .widget-html-content, .widget-htmlmath-content, img.widget-image')]
      .map(e => e.tagName === 'IMG' ? e.src : e.innerText + [...e.querySelectorAll('img')].map(i => i.src).join(' '))
      .join('\\n');
  },
};
"""
