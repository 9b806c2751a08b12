"""The kit in the JupyterLab that `make lab` starts, driven in headless Chromium (`make test-browser`).

nbval and nbconvert execute each cell once, never follow a link and never touch a slider. Here,
through the server `make lab` starts (see labkit.py), Debian's Chromium (driven by Playwright,
which downloads no browser here):

- every relative link of every notebook is served by the lab, and clicking a glossary link in a
  notebook opens the glossary with that term's heading on screen;
- every notebook runs all its cells with no error output; a screenshot of its first screen is
  saved to ``_build/screenshots/`` (or ``$LBPKIT_SCREENSHOTS``) for a person to look at;
- every widget renders (no "Error displaying widget"), and moving one control of each widget
  changes what it shows, without an error (a screenshot of each widget after the move is
  saved beside the others);
- at a laptop's width (a 1280×800 window, the file browser open beside the notebook) what each
  widget shows fits the notebook panel: no part of it needs horizontal scrolling.

Autosave is off, so the run never saves over a notebook. Environment (set by the Makefile):
``LBPKIT_BROWSER_TEST=1`` runs the tests (otherwise they are skipped, so `make test` stays
browser-free); ``LBPKIT_CHROMIUM``: the Chromium binary (default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.parse
from pathlib import Path

import pytest

if os.environ.get("LBPKIT_BROWSER_TEST") != "1":
    pytest.skip("browser test: run it with `make test-browser`", allow_module_level=True)

from labkit import HELPERS, REPO  # noqa: E402
from playwright.sync_api import Page  # noqa: E402  (installed by make test-browser)

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]*_*.ipynb"))  # 05b too
SCREENSHOTS = Path(os.environ.get("LBPKIT_SCREENSHOTS", REPO / "_build" / "screenshots"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RUN_TIMEOUT_MS = 180_000
CHANGE_TIMEOUT_MS = 60_000
_STABLE_MS = 1000
LAPTOP = {"width": 1280, "height": 800}  # a laptop's browser window; the file browser stays open
# Every part of a widget's output that is wider than the room it has: the widget's own output
# area, each Output widget and everything inside one that scrolls sideways (a wide table does).
OVERFLOW = """
e => [e, ...e.querySelectorAll('.widget-output, .widget-output *')]
  .filter(x => x.clientWidth > 0 && x.scrollWidth > x.clientWidth + 1)
  .filter(x => x === e || x.matches('.widget-output') || ['auto', 'scroll'].includes(getComputedStyle(x).overflowX))
  .map(x => `${x.className.slice(0, 60) || x.tagName}: ${x.scrollWidth} px wide in ${x.clientWidth} px`)
"""
LOCAL_LINK = re.compile(r"\]\(([^)\s#]+)(#[^)\s]*)?\)")


def _widget_cells(path: Path) -> list[int]:
    """Indices (among all cells) of the cells whose stored outputs show a widget."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        index
        for index, cell in enumerate(notebook["cells"])
        if any(WIDGET_MIME in output.get("data", {}) for output in cell.get("outputs", []))
    ]


def _open(browser, lab, path: str) -> tuple[Page, list[str]]:
    # The server must be able to read the document (jupytext refuses a pair whose .ipynb is newer
    # than its .md and differs from it: `make notebooks` fixes that); say so rather than time out.
    status = lab.get(f"api/contents/{urllib.parse.quote(path)}", "content=1")
    assert status == 200, f"the lab cannot open {path} (HTTP {status}); see {lab.log}"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    messages: list[str] = []
    page.on("pageerror", lambda error: messages.append(str(error)))
    page.add_init_script(HELPERS)
    # ?reset starts from an empty workspace: only this document is open.
    page.goto(lab.url(f"lab/tree/{urllib.parse.quote(path)}", "reset"), wait_until="domcontentloaded")
    return page, messages


def _shut_down(page: Page, path: str) -> None:
    try:  # shut the kernel down so the next notebook has the CPU to itself
        page.evaluate("p => window.__kit.panel(p).sessionContext.shutdown()", path)
    except Exception:  # noqa: BLE001 - best effort; stopping the server stops every kernel anyway
        pass
    page.close()


# --- links ---------------------------------------------------------------------------------------


def test_every_relative_link_of_a_notebook_is_served_by_the_lab(lab):
    served = {}
    for notebook in NOTEBOOKS:
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for target, _ in LOCAL_LINK.findall("".join(cell["source"])):
                if re.match(r"[a-z][a-z0-9+.-]*:", target):
                    continue
                path = (notebook.parent / target).resolve().relative_to(REPO).as_posix()
                served.setdefault(path, lab.get(f"api/contents/{urllib.parse.quote(path)}", "content=0"))
    assert "docs/glossary.md" in served, sorted(served)
    assert all(status == 200 for status in served.values()), {p: s for p, s in served.items() if s != 200}


def test_a_glossary_link_in_a_notebook_opens_the_glossary_at_its_term(lab, browser):
    path, anchor, heading = "notebooks/03_case_crossover_logic.ipynb", "mantel-haenszel", "Mantel-Haenszel"
    page, _ = _open(browser, lab, path)
    try:
        page.wait_for_function("p => window.__kit.panel(p) && window.__kit.panel(p).context.isReady", arg=path, timeout=90_000)
        # JupyterLab rewrites a local href to the file's download URL (a query before the #)
        link = page.locator(f'.jp-MarkdownOutput a[href*="glossary.md"][href$="#{anchor}"]').first
        link.wait_for(state="attached", timeout=30_000)
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_function("() => window.__kit.anyPanel('docs/glossary.md')", timeout=30_000)
        # The preview scrolls to the fragment once it has rendered: wait until the term's heading
        # is on screen, well below where the glossary starts (so not merely its top).
        where = """h => {
            const panel = window.__kit.anyPanel('docs/glossary.md');
            const heading = [...panel.node.querySelectorAll('h2')].find(x => x.textContent.replace('\u00b6', '').trim() === h);
            const title = panel.node.querySelector('h1');
            if (!heading || !title || !panel.isVisible) return null;
            return [heading.getBoundingClientRect().top, heading.getBoundingClientRect().bottom,
                    title.getBoundingClientRect().top, window.innerHeight];
        }"""
        page.wait_for_function(f"h => {{ const r = ({where})(h); return r && r[0] >= 0 && r[1] <= r[3]; }}",
                               arg=heading, timeout=30_000)
        top, _, title_top, _ = page.evaluate(where, heading)
        assert top - title_top > 1000, "the glossary opened, but not scrolled to the term"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "glossary_link_from_03.png"))
    finally:
        page.close()


# --- every notebook: run all cells, screenshot, widgets ------------------------------------------


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


def _check_widgets(page: Page, path: str, notebook: Path, panel_id: str) -> None:
    cells = page.locator(f'[id="{panel_id}"] .jp-Notebook .jp-Cell')
    try:  # a view shows "Loading widget..." until its model arrives from the kernel
        page.wait_for_function(
            "p => !window.__kit.panel(p).content.node.innerText.includes('Loading widget')", arg=path, timeout=30_000
        )
    except Exception as error:  # noqa: BLE001 - re-raised as a clear failure
        raise AssertionError(f"{notebook.name}: a widget never finished loading") from error
    assert "Error displaying widget" not in page.locator(f'[id="{panel_id}"] .jp-Notebook').inner_text()
    expected = _widget_cells(notebook)
    rendered = [i for i in range(cells.count()) if cells.nth(i).locator(".jp-OutputArea-output .jupyter-widgets").count()]
    assert set(expected) <= set(rendered), f"widget cells {expected}, rendered {rendered}"
    if "_explorer(" in notebook.read_text(encoding="utf-8"):
        assert rendered, f"{notebook.name} builds an explorer, but no widget rendered"
    # each widget a cell displays (top-level outputs only; Output widgets nest output areas)
    displayed = [
        (index, widget)
        for index in rendered
        for widget in cells.nth(index)
        .locator(".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output:has(.jupyter-widgets)")
        .all()
    ]
    page.set_viewport_size(LAPTOP)
    page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")  # the left sidebar open
    page.wait_for_timeout(500)
    sidebar = page.evaluate("() => document.querySelector('#jp-left-stack').getBoundingClientRect().width")
    assert sidebar > 150, f"the file browser should be open beside the notebook, but the left area is {sidebar} px wide"
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
        widget.scroll_into_view_if_needed()
        too_wide = widget.evaluate(OVERFLOW)
        assert not too_wide, (f"{notebook.name}, cell {index}: at {LAPTOP['width']} px with the file browser open, "
                              f"the widget needs horizontal scrolling: {too_wide}")
        widget.screenshot(path=str(SCREENSHOTS / f"{notebook.stem}_widget_cell{index}.png"))
        print(f"{notebook.name} cell {index}: moved the {moved}; what the widget shows changed")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_the_lab(lab, browser, notebook):
    path = f"notebooks/{notebook.name}"
    page, messages = _open(browser, lab, path)
    try:
        page.wait_for_function("p => window.__kit.kernelIdle(p)", arg=path, timeout=90_000)
        started = time.monotonic()
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_timeout(1000)
        page.wait_for_function("p => window.__kit.allRan(p)", arg=path, timeout=RUN_TIMEOUT_MS, polling=500)
        print(f"{notebook.name}: all cells ran in {time.monotonic() - started:.0f} s")
        assert page.evaluate("p => window.__kit.errors(p)", path) == [], f"{notebook.name} raised errors in JupyterLab"
        panel_id = page.evaluate("p => window.__kit.panel(p).id", path)
        n_cells = len(json.loads(notebook.read_text(encoding="utf-8"))["cells"])
        assert page.locator(f'[id="{panel_id}"] .jp-Notebook .jp-Cell').count() == n_cells
        # the first screen, as a learner sees it after running the notebook
        page.evaluate("p => { const n = window.__kit.panel(p).content; n.activeCellIndex = 0; n.scrollToItem(0, 'start'); }", path)
        page.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{notebook.stem}.png"))
        _check_widgets(page, path, notebook, panel_id)
        assert not [m for m in messages if "widget" in m.lower()], messages
    except BaseException:
        # A picture of the failing page makes a CI failure readable.
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"FAILED_{notebook.stem}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failing page: {shot}; page errors: {messages}")
        raise
    finally:
        _shut_down(page, path)
