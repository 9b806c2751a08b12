"""Print how long one update of each widget of notebooks 03–05 takes (target: under 0.5 s).

Run: .venv/bin/python benchmarks/bench_widgets.py

Each widget is built, then one control is changed; the time printed is the recomputation
triggered by that change (compute + figure rendered to PNG, as a notebook front end would show
it), the median of a few repetitions. The figures depend on the machine and on what else runs on
it.
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")

import io  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402

from lbpkit import widgets  # noqa: E402
from lbpkit.simulate import events_from_diary, simulate_diary  # noqa: E402


def _time_update(box, name: str, values: list, repeats: int = 3) -> float:
    times = []
    for r in range(repeats):
        for value in values:
            start = time.perf_counter()
            box.controls[name].value = value
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def _render(output, fig, table=None) -> None:
    """Stand-in for widgets._show outside a kernel: render the PNG a notebook would display."""
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def main() -> None:
    widgets._show = _render
    diary = simulate_diary(300, 7 * 24, seed=303, odds_ratio=3.0, exposure_prob=0.08, event_prob=0.002)
    onsets = events_from_diary(diary)
    rows = []
    box = widgets.window_explorer(onsets, diary)
    rows.append(("window explorer: hazard length", _time_update(box, "hazard_length", [6, 2])))
    rows.append(("window explorer: 3 referents", _time_update(box, "n_referents", [3, 1])))
    box = widgets.monte_carlo_explorer(n_cases=200, true_or=2.0, n_studies=100, seed=404)
    rows.append(("Monte Carlo: 100 studies x 200 cases", _time_update(box, "n_cases", [190, 200])))
    rows.append(("Monte Carlo: 200 studies x 200 cases", _time_update(box, "n_studies", [200], repeats=1)))
    rows.append(("Monte Carlo: 1000 studies x 200 cases (progress bar)", _time_update(box, "n_studies", [1000], repeats=1)))
    box = widgets.bias_lab_explorer(threat="time_trend", seed=505)
    for threat in ("time_trend", "confounding", "recall", "window_length"):
        box.controls["threat"].value = threat
        spec = widgets.THREATS[threat]
        rows.append((f"bias lab: {threat}", _time_update(box, "strength", [spec.maximum, spec.default])))
    width = max(len(name) for name, _ in rows)
    print(f"{'widget update':<{width}}  seconds  (target < 0.5)")
    for name, seconds in rows:
        flag = "" if seconds < 0.5 else "  <- over target"
        print(f"{name:<{width}}  {seconds:7.3f}{flag}")


if __name__ == "__main__":
    main()
