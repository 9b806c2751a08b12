"""Every widget answers within half a second on screen, at every control's extremes (`make test-browser`).

Through the JupyterLab that `make lab` starts (see labkit.py), each notebook that builds an
explorer is run, and every control of every explorer is moved to its extremes as a learner moves
it: a slider with the End and Home keys (maximum, minimum), a dropdown to each of its options, a
button clicked. Each change is timed in the page, from the input event (the key press, the
dropdown's change, the button's pointer-down) to the moment the explorer's new answer is on
screen: a MutationObserver on the explorer's output area stamps every change of the picture,
the line above it and the table, each after its images have decoded and the next animation
frame has run (so the picture has been laid out for painting). The last stamp of a change is its
time on screen.

Sliders end at their maximum, so every later control is timed with the earlier ones at their
slowest setting (e.g. the Monte Carlo explorer's number of simulated studies is moved with 1000
cases per study).

The target (the developers' guide: "every setting of every control gives a sound picture within
half a second"; issue 22, point 7) is for a 2-core machine at load about 2. The machine's
1-minute load average is read before and after each explorer; when it is above 2, each process
gets less than a core and times stretch with it, so the bounds are scaled by
``max(1, load / 2)``. Each control is changed several times. The test fails when

- an explorer's **median** time over all the changes of all its controls exceeds
  ``TARGET_SECONDS`` (0.5 s) × that factor, or
- **any single change** takes longer than ``SINGLE_CHANGE_SECONDS`` (1.0 s) × that factor
  (one change under a burst of load may be slower than the median, but not twice the target).

Every time is printed, with the load and the bounds, and written to
``_build/screenshots/NN_widget_speed.txt``, per control. `make benchmark` prints the kernel's
share of each control's time (benchmarks/bench_widgets.py).
"""

from __future__ import annotations

import os
import statistics

import pytest

if os.environ.get("LBPKIT_BROWSER_TEST") != "1":
    pytest.skip("browser test: run it with `make test-browser`", allow_module_level=True)

from labkit import REPO  # noqa: E402
from test_lab_browser import SCREENSHOTS, _open, _shut_down  # noqa: E402

TARGET_SECONDS = 0.5  # an explorer's median time on screen, over all changes of all its controls
SINGLE_CHANGE_SECONDS = 1.0  # any one change
REFERENCE_LOAD = 2.0  # the target holds on a 2-core machine at this load average
ROUNDS = 3  # changes to each end of a slider (and clicks of a button); dropdowns: every option twice
QUIET_MS = 400  # no further change of the output for this long: the answer is complete
CHANGE_TIMEOUT_MS = 60_000
NOTEBOOKS = sorted(p for p in (REPO / "notebooks").glob("[0-9][0-9]*_*.ipynb")
                   if "_explorer(" in (p.parent / "sources" / p.with_suffix(".md").name).read_text(encoding="utf-8"))

TIMER = """
(root) => {
  const out = root.querySelector('.widget-output');
  const s = {t0: null, marks: [], root};
  const start = () => { if (s.t0 === null) s.t0 = performance.now(); };
  for (const kind of ['keydown', 'pointerdown', 'input', 'change']) root.addEventListener(kind, start, true);
  const stamp = () => {
    const images = [...out.querySelectorAll('img')];
    Promise.all(images.map(i => i.decode().catch(() => null)))
      .then(() => requestAnimationFrame(() => s.marks.push(performance.now())));
  };
  new MutationObserver(stamp).observe(out, {subtree: true, childList: true, attributes: true, characterData: true});
  window.__speed = s;
}
"""


def _load() -> float:
    return os.getloadavg()[0]


def _timed(page, path: str, act) -> float | None:
    """Seconds from the input event ``act`` causes to the explorer's last change on screen."""
    page.evaluate("() => { window.__speed.t0 = null; window.__speed.marks = []; }")
    act()
    page.wait_for_function(
        """([p, quiet]) => {
            const s = window.__speed;
            if (s.t0 === null || !s.marks.length || !window.__kit.kernelIdle(p)) return false;
            return performance.now() - Math.max(...s.marks) > quiet;
        }""",
        arg=[path, QUIET_MS], timeout=CHANGE_TIMEOUT_MS, polling=50,
    )
    t0, last = page.evaluate("() => [window.__speed.t0, Math.max(...window.__speed.marks)]")
    return (last - t0) / 1000


def _controls(widget) -> list[tuple[str, object]]:
    """(kind, locator) of every control of the explorer, in page order."""
    found = []
    for element in widget.locator(".noUi-handle, select, button.jupyter-button").all():
        kind = element.evaluate("e => e.classList.contains('noUi-handle') ? 'slider' : e.tagName === 'SELECT' ? 'dropdown' : 'button'")
        label = element.evaluate(
            "e => { const w = e.closest('.widget-inline-hbox, .widget-slider, .widget-dropdown') || e;"
            " const l = w.querySelector('.widget-label'); return l ? l.textContent : e.textContent; }")
        found.append((kind, label.strip(), element))
    return found


def _time_explorer(page, path: str, widget) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    widget.element_handle().evaluate(TIMER)
    for kind, label, control in _controls(widget):
        control.scroll_into_view_if_needed()
        spent = times.setdefault(f"{kind} '{label}'", [])
        if kind == "slider":
            for key in ["Home", "End"] * ROUNDS:  # ends at the maximum: later controls meet the slowest setting
                now, end = control.evaluate(
                    "(e, k) => [e.getAttribute('aria-valuenow'), e.getAttribute(k === 'Home' ? 'aria-valuemin' : 'aria-valuemax')]", key)
                if float(now) == float(end):  # already there: the key would change nothing
                    continue
                control.focus()
                spent.append(_timed(page, path, lambda key=key: page.keyboard.press(key)))
        elif kind == "dropdown":
            options = control.locator("option").all_inner_texts()
            current = control.evaluate("e => e.selectedIndex")
            order = [(current + k) % len(options) for k in range(1, len(options) + 1)] * 2
            for index in order:
                spent.append(_timed(page, path, lambda index=index: control.select_option(index=index)))
        else:
            for _ in range(ROUNDS):
                spent.append(_timed(page, path, lambda: control.click()))
    return times


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_control_answers_on_screen_within_half_a_second(lab, browser, notebook):
    path = f"notebooks/{notebook.name}"
    page, _ = _open(browser, lab, path)
    try:
        page.wait_for_function("p => window.__kit.kernelIdle(p)", arg=path, timeout=90_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_timeout(1000)
        page.wait_for_function("p => window.__kit.allRan(p)", arg=path, timeout=180_000, polling=500)
        panel_id = page.evaluate("p => window.__kit.panel(p).id", path)
        widgets = page.locator(f'[id="{panel_id}"] .jp-Cell-outputArea > .jp-OutputArea-child > '
                               '.jp-OutputArea-output:has(.widget-output)').all()
        assert widgets, f"{notebook.name} builds an explorer, but none is on the page"
        report, failures = [], []
        for number, widget in enumerate(widgets):
            load_before = _load()
            times = _time_explorer(page, path, widget)
            load = (load_before + _load()) / 2
            factor = max(1.0, load / REFERENCE_LOAD)
            every = [t for spent in times.values() for t in spent]
            median = statistics.median(every)
            report.append(f"{notebook.stem} explorer {number}: median {median:.3f} s, max {max(every):.3f} s over "
                          f"{len(every)} changes of {len(times)} controls; load {load:.1f}, bounds: median "
                          f"{TARGET_SECONDS * factor:.2f} s, any change {SINGLE_CHANGE_SECONDS * factor:.2f} s")
            for control, spent in times.items():
                report.append(f"  {control}: median {statistics.median(spent):.3f} s, max {max(spent):.3f} s over "
                              f"{len(spent)} changes ({', '.join(f'{s:.2f}' for s in spent)})")
                slow = [t for t in spent if t > SINGLE_CHANGE_SECONDS * factor]
                if slow:
                    failures.append(f"explorer {number} {control}: a change took {max(slow):.2f} s "
                                    f"(bound {SINGLE_CHANGE_SECONDS * factor:.2f} s at load {load:.1f})")
            if median > TARGET_SECONDS * factor:
                failures.append(f"explorer {number}: median {median:.3f} s over its controls "
                                f"(bound {TARGET_SECONDS * factor:.2f} s at load {load:.1f})")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            widget.screenshot(path=str(SCREENSHOTS / f"{notebook.stem}_explorer{number}_slowest.png"))
        print("\n".join(report))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{notebook.stem}_widget_speed.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
        assert not failures, "too slow on screen:\n" + "\n".join(failures) + "\n\n" + "\n".join(report)
    finally:
        _shut_down(page, path)
