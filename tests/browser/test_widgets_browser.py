"""Widgets proven in a real browser: JupyterLab + headless Chromium (run with `make test-browser`).

nbval and nbconvert execute each cell once and never touch a slider, so a widget that fails to
render in the front end, or whose callback breaks when moved, passes them. This test starts the
kit's JupyterLab on a free localhost port with a random token, opens every notebook that uses
widgets in Debian's Chromium (driven by Playwright, which downloads no browser here), runs all
cells, checks that every widget renders without "Error displaying widget", then moves one control
of each widget and checks that what the widget shows changes.

The notebooks are copied to a temporary folder first, so the run can never save over the
committed files. Environment (set by the Makefile):

- ``LBPKIT_BROWSER_TEST=1`` runs the test (otherwise it is skipped, so `make test` stays
  browser-free);
- ``LBPKIT_CHROMIUM``: the Chromium binary (default ``/usr/bin/chromium``);
- ``LBPKIT_BROWSER_NOTEBOOKS``: a folder to take the notebooks from instead of ``notebooks/``
  (for developing the test itself).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

if os.environ.get("LBPKIT_BROWSER_TEST") != "1":
    pytest.skip("browser test: run it with `make test-browser`", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402  (installed by make test-browser)

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LBPKIT_CHROMIUM", "/usr/bin/chromium")
SOURCE_DIR = Path(os.environ.get("LBPKIT_BROWSER_NOTEBOOKS", REPO / "notebooks"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
USES_WIDGETS = re.compile(r"\bipywidgets\b|\blbpkit\.widgets\b|from lbpkit import [^\n]*\bwidgets\b")
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
RUN_TIMEOUT_MS = 180_000
CHANGE_TIMEOUT_MS = 60_000
# Settings that keep the page free of pop-ups and network calls, never save the copies, and keep
# every cell attached to the page (the default windowing leaves off-screen cells unrendered).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _uses_widgets(path: Path) -> bool:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        if USES_WIDGETS.search(source):
            return True
        if any(WIDGET_MIME in output.get("data", {}) for output in cell.get("outputs", [])):
            return True
    return False


def _widget_cells(path: Path) -> list[int]:
    """Indices (among all cells) of the cells whose stored outputs show a widget."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        index
        for index, cell in enumerate(notebook["cells"])
        if any(WIDGET_MIME in output.get("data", {}) for output in cell.get("outputs", []))
    ]


WIDGET_NOTEBOOKS = [path for path in sorted(SOURCE_DIR.glob("*.ipynb")) if _uses_widgets(path)]


def test_some_notebooks_use_widgets():
    assert WIDGET_NOTEBOOKS, f"no notebook in {SOURCE_DIR} uses ipywidgets; the kit's Part II should"


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost never via a proxy


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on copies of the notebooks: yields (base_url, token)."""
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: apt-get install -y chromium chromium-driver"
    work = tmp_path_factory.mktemp("lab")
    root = work / "root"
    shutil.copytree(SOURCE_DIR, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = work / "settings"
    for name, values in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(24)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(work / "config"),  # ignore the user's own Jupyter config
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = (work / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({server.returncode}):\n{(work / 'lab.log').read_text()[-3000:]}")
            try:
                with _NO_PROXY.open(f"{base}/api/status?token={token}", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterLab did not answer in 90 s:\n{(work / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield base, token
    finally:
        # The server and its kernels are in their own process group, which this fixture made.
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# -- JavaScript helpers, installed in every page before JupyterLab loads --------------------------
# window.jupyterapp is exposed by --LabApp.expose_app_in_browser. The notebook is found by its path,
# not as "the current tab", so nothing else the workspace restores can be mistaken for it.
_HELPERS = """
window.__kit = {
  panel(path) {
    const app = window.jupyterapp;
    if (!app) return null;
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
    }
    return null;
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
_STABLE_MS = 1000


def _cells(page: Page, panel_id: str):
    return page.locator(f'[id="{panel_id}"] .jp-Notebook .jp-Cell')


def _settled_view(page: Page, path: str, busy_before: int) -> str:
    """Wait until the kernel has handled the change and the widgets stop changing; return their view."""
    try:  # a change that reaches the kernel makes it busy at least once
        page.wait_for_function("([p, n]) => window.__kit.busyCount(p) > n", arg=[path, busy_before], timeout=10_000)
    except Exception:  # noqa: BLE001 - a front-end-only widget never calls the kernel; compare anyway
        pass
    page.wait_for_function("p => window.__kit.kernelIdle(p)", arg=path, timeout=CHANGE_TIMEOUT_MS)
    view = page.evaluate("p => window.__kit.shown(p)", path)
    deadline = time.monotonic() + CHANGE_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        page.wait_for_timeout(_STABLE_MS)
        again = page.evaluate("p => window.__kit.shown(p)", path)
        if again == view:
            return view
        view = again
    return view


_CONTROLS = ", ".join([
    ".noUi-handle",  # ipywidgets 8 sliders
    "select",
    "input[type=checkbox]",
    ".widget-toggle-buttons button",
    ".widget-toggle-button",
    ".widget-radio-box input",
    "input[type=number]",
    "input[type=text]",
    "textarea",
    "button.jupyter-button",
])


def _move_one_control(page: Page, widget) -> str:
    """Move the widget's first control (in page order); return a description of the move."""
    controls = widget.locator(_CONTROLS)
    assert controls.count(), "the widget has no control this test knows how to move"
    control = controls.first
    control.scroll_into_view_if_needed()
    kind = control.evaluate(
        "e => e.classList.contains('noUi-handle') ? 'slider' : e.tagName === 'SELECT' ? 'dropdown'"
        " : e.type === 'checkbox' ? 'checkbox' : e.type === 'number' ? 'number'"
        " : (e.tagName === 'TEXTAREA' || e.type === 'text') ? 'text' : 'button'"
    )
    if kind == "slider":
        readout = control.locator("xpath=ancestor::div[contains(@class, 'widget-slider')][1]").locator(".widget-readout")
        before = readout.inner_text() if readout.count() else "?"
        control.focus()
        for key in ("ArrowRight", "ArrowLeft", "ArrowLeft"):  # a slider at its maximum goes left
            page.keyboard.press(key)
            page.wait_for_timeout(200)
            if readout.count() and readout.inner_text() != before:
                break
        return f"slider {before} -> {readout.inner_text() if readout.count() else '?'}"
    if kind == "dropdown":
        options = control.locator("option").all_inner_texts()
        current = control.evaluate("e => e.selectedIndex")
        control.select_option(index=(current + 1) % len(options))
        return f"dropdown {options[current]!r} -> {options[(current + 1) % len(options)]!r}"
    if kind == "number":
        value = float(control.input_value() or 0)
        control.fill(f"{value + 1:g}")
        control.press("Enter")
        return f"number {value:g} -> {value + 1:g}"
    if kind == "text":
        control.fill(control.input_value() + " x")
        control.press("Enter")
        return "text box"
    control.click()
    return kind


@pytest.mark.parametrize("notebook", WIDGET_NOTEBOOKS, ids=lambda p: p.stem)
def test_widgets_render_and_respond(lab, browser, notebook, tmp_path):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    messages: list[str] = []
    page.on("pageerror", lambda error: messages.append(str(error)))
    path = f"notebooks/{notebook.name}"
    page.add_init_script(_HELPERS)
    try:
        # ?reset starts from an empty workspace: only this notebook is open.
        page.goto(f"{base}/lab/tree/{path}?reset&token={token}", wait_until="domcontentloaded")
        page.wait_for_function("p => window.__kit.kernelIdle(p)", arg=path, timeout=90_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_timeout(1000)
        page.wait_for_function("p => window.__kit.allRan(p)", arg=path, timeout=RUN_TIMEOUT_MS, polling=500)

        assert page.evaluate("p => window.__kit.errors(p)", path) == [], f"{notebook.name} raised errors in JupyterLab"
        panel_id = page.evaluate("p => window.__kit.panel(p).id", path)
        cells = _cells(page, panel_id)
        try:  # a view shows "Loading widget..." until its model arrives from the kernel
            page.wait_for_function(
                "p => !window.__kit.panel(p).content.node.innerText.includes('Loading widget')", arg=path, timeout=30_000
            )
        except Exception as error:  # noqa: BLE001 - re-raised as a clear failure
            raise AssertionError(f"{notebook.name}: a widget never finished loading") from error
        assert "Error displaying widget" not in page.locator(f'[id="{panel_id}"] .jp-Notebook').inner_text()

        expected = _widget_cells(notebook)
        assert cells.count() == len(json.loads(notebook.read_text(encoding="utf-8"))["cells"])
        rendered = [i for i in range(cells.count()) if cells.nth(i).locator(".jp-OutputArea-output .jupyter-widgets").count()]
        assert rendered, f"{notebook.name}: no widget rendered"
        if expected:  # every cell that stored a widget view shows one in the browser
            assert set(expected) <= set(rendered), f"widget cells {expected}, rendered {rendered}"

        # each widget a cell displays (top-level outputs only; Output widgets nest output areas)
        displayed = [
            (index, widget)
            for index in rendered
            for widget in cells.nth(index)
            .locator(".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output:has(.jupyter-widgets)")
            .all()
        ]
        for index, widget in displayed:
            before = page.evaluate("p => window.__kit.shown(p)", path)
            busy = page.evaluate("p => window.__kit.busyCount(p)", path)
            moved = _move_one_control(page, widget)
            after = _settled_view(page, path, busy)
            assert page.evaluate("p => window.__kit.errors(p)", path) == [], (
                f"{notebook.name}, cell {index}: error after moving the {moved}"
            )
            assert after != before, f"{notebook.name}, cell {index}: moving the {moved} changed nothing the widget shows"
            assert "Error displaying widget" not in cells.nth(index).inner_text()
            print(f"{notebook.name} cell {index}: moved the {moved}; what the widget shows changed")
        if os.environ.get("LBPKIT_BROWSER_SCREENSHOTS"):
            page.screenshot(path=str(Path(os.environ["LBPKIT_BROWSER_SCREENSHOTS"]) / f"{notebook.stem}.png"), full_page=True)
        assert not [m for m in messages if "widget" in m.lower()], messages
    except BaseException:
        # A picture of the page makes a CI failure readable; pytest keeps its temp folders.
        shot = tmp_path / f"{notebook.stem}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failing page: {shot}; page errors: {messages}")
        raise
    finally:
        try:  # shut the kernel down so the next notebook has the CPU to itself
            page.evaluate("p => window.__kit.panel(p).sessionContext.shutdown()", path)
        except Exception:  # noqa: BLE001 - best effort; the server fixture stops every kernel anyway
            pass
        page.close()
