"""Print how long the widgets of notebooks 03–05 take to update, over the sweep the tests use.

Run: .venv/bin/python benchmarks/bench_widgets.py [--no-pairs] [--repeats N]

Each widget is built as its notebook builds it, then :func:`lbpkit.widgets.sweep` moves every
control to its minimum, middle and maximum (one at a time) and then to the extreme corners of
every pair of controls, as ``tests/test_widgets.py`` does. Each update is timed from the control
change to the PNG of its figure and the HTML of its table (rendered as the kernel renders them
for the front end; the trip through the browser is not included). The script prints, per widget, the number of settings,
the median and the slowest update, each as wall-clock time and as this process's CPU time, with
the slowest setting, and flags anything over the 0.5 s target; then the same per control, over
the settings where that control alone was changed (a button: its presses). (The time on screen, which adds
the trip through the browser, is measured by tests/browser/test_widget_speed.py.)
With ``--repeats N`` the sweep runs N times and the slowest update of each setting is the
smallest of its N timings (the machine's other load only adds time). Figures depend on the
machine and on what else runs on it: run `uptime` alongside.
"""

from __future__ import annotations

import argparse
import os
import statistics

import matplotlib

matplotlib.use("Agg")

from lbpkit import widgets  # noqa: E402
from lbpkit.widgets import base as widget_base  # noqa: E402
from lbpkit.simulate import events_from_diary, simulate_diary  # noqa: E402

TARGET_SECONDS = 0.5


def build_widgets() -> dict:
    """The widgets as notebooks 03–05 build them (same data and seeds)."""
    diary = simulate_diary(300, 7 * 24, seed=303, odds_ratio=3.0, exposure_prob=0.08, event_prob=0.002)
    onsets = events_from_diary(diary)
    return {
        "window explorer (03)": lambda: widgets.window_explorer(onsets, diary),
        "Monte Carlo (04)": lambda: widgets.monte_carlo_explorer(n_cases=200, true_or=2.0, n_studies=100, seed=404),
        "bias lab (05)": lambda: widgets.bias_lab_explorer(threat="time_trend", seed=505),
    }


def _describe(setting: dict) -> str:
    return ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in setting.items())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pairs", action="store_true", help="one control at a time only")
    parser.add_argument("--repeats", type=int, default=1, help="run each sweep this many times")
    parser.add_argument("--only", default="", help="run the widgets whose name contains this text")
    args = parser.parse_args(argv)
    widget_base.RENDER_OUTSIDE_KERNEL = True  # time the PNG the front end would be sent
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores; other work on the machine adds time)")
    print("wall = seconds from the control change to the PNG; cpu = this process's CPU seconds for it")
    print(f"{'widget':<22} {'settings':>8} {'median wall':>11} {'median cpu':>10} {'slowest wall':>12} "
          f"{'slowest cpu':>11}  slowest setting (by wall)")
    for name, build in build_widgets().items():
        if args.only and args.only not in name:
            continue
        wall: dict[str, float] = {}
        cpu: dict[str, float] = {}
        by_control: dict[str, set[str]] = {}  # control -> the settings where it alone was changed
        problems = set()
        for _ in range(args.repeats):
            box = build()
            for record in widgets.sweep(box, pairs=not args.no_pairs):
                key = _describe(record["setting"] | {k: v for k, v in record["values_asked"].items() if v == "pressed"})
                wall[key] = min(wall.get(key, float("inf")), record["seconds"])
                cpu[key] = min(cpu.get(key, float("inf")), record["cpu_seconds"])
                if len(record["values_asked"]) == 1:
                    by_control.setdefault(next(iter(record["values_asked"])), set()).add(key)
                if record["problem"]:
                    problems.add(key)
        slowest = max(wall, key=wall.get)
        flag = "  <- over target" if wall[slowest] > TARGET_SECONDS else ""
        print(f"{name:<22} {len(wall):>8} {statistics.median(wall.values()):>11.3f} {statistics.median(cpu.values()):>10.3f} "
              f"{wall[slowest]:>12.3f} {max(cpu.values()):>11.3f}  {slowest}{flag}")
        for control, keys in by_control.items():  # each control alone: its minimum, middle, maximum (or options)
            worst = max(keys, key=wall.get)
            flag = "  <- over target" if wall[worst] > TARGET_SECONDS else ""
            print(f"  {control:<20} {len(keys):>8} {statistics.median(wall[k] for k in keys):>11.3f} "
                  f"{statistics.median(cpu[k] for k in keys):>10.3f} {wall[worst]:>12.3f} {max(cpu[k] for k in keys):>11.3f}"
                  f"  {worst}{flag}")
        for key in sorted(problems):
            print(f"{'':<22} failure message shown at: {key}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
