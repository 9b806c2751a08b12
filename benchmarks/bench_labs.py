"""Print how long the replicated experiments of lbpkit.labs take.

Run: .venv/bin/python benchmarks/bench_labs.py [--repeats N] > benchmarks/RESULTS_labs.md

1. The bias lab (notebook 05's widget): every threat of ``lbpkit.labs.THREATS`` at its minimum,
   middle, maximum, default and no-threat strength, with its own planted OR and with a planted
   OR of 1, at the threat's suggested number of replicates. Per threat: the median and the
   slowest call, flagged if over the 0.3 s budget (the widget's 0.5 s includes drawing).
2. The notebook experiments at 200 replicates (their default), once each.

Each setting is timed ``--repeats`` times and the smallest time is kept (other load on the
machine only adds time). The first call of a daily threat also builds its window layout once;
that is included in the first setting. Run `uptime` alongside: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from lbpkit import labs

BUDGET_SECONDS = 0.3


def _time(call, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def bias_lab(repeats: int) -> None:
    print(f"## Bias lab: labs.run_bias_experiment (budget {BUDGET_SECONDS} s per call)\n")
    print("| threat | replicates | settings | median | slowest | slowest setting |")
    print("|---|---:|---:|---:|---:|---|")
    for key, spec in labs.THREATS.items():
        strengths = sorted({spec.minimum, (spec.minimum + spec.maximum) / 2, spec.maximum, spec.default, spec.no_threat})
        if float(spec.step).is_integer():
            strengths = sorted({round(s) for s in strengths})
        times = {}
        for s in strengths:
            for planted in (None, 1.0):
                times[(s, planted)] = _time(lambda: labs.run_bias_experiment(
                    key, s, seed=1, replicates=spec.replicates, planted_or=planted), repeats)
        worst = max(times, key=times.get)
        flag = " **over budget**" if times[worst] > BUDGET_SECONDS else ""
        print(f"| {key} | {spec.replicates} | {len(times)} | {statistics.median(times.values()):.3f} s | "
              f"{times[worst]:.3f} s{flag} | strength {worst[0]:g}, planted OR {worst[1] or spec.planted_or:g} |")


def experiments() -> None:
    print("\n## Notebook experiments, 200 replicates (default sizes)\n")
    print("| experiment | seconds |")
    print("|---|---:|")
    for name in ("self_matching_experiment", "trend_experiment", "overlap_bias_lab", "confounding_experiment",
                 "recall_experiment", "window_length_experiment", "referent_clock_experiment",
                 "protopathic_experiment", "event_dependent_exposure_experiment", "exchangeability_experiment",
                 "carryover_experiment", "window_selection_experiment", "clustered_se_experiment"):
        fn = getattr(labs, name)
        print(f"| {name} | {_time(lambda: fn(seed=1, replicates=200), 1):.2f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    import platform

    import numpy

    print(f"# lbpkit.labs benchmark ({time.strftime('%Y-%m-%d')})\n")
    print(f"- machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
          f"numpy {numpy.__version__}")
    print(f"- load average at start (the machine is shared): {os.getloadavg()[0]:.2f}\n")
    bias_lab(args.repeats)
    experiments()
