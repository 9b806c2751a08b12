"""Cost of the synthetic FLAReS twin over seeds: one draw, a replicate summary, the coverage run.

Usage::

    .venv/bin/python benchmarks/bench_flares_twin.py              # timings only (about a minute)
    .venv/bin/python benchmarks/bench_flares_twin.py --seeds 50   # also the >=50-seed mean table

Prints wall-clock times (they vary with the machine's load) and, with ``--seeds``, the mean
one-at-a-time 24-h estimate over that many fresh seeds next to the published OR, i.e. a
lighter re-run of ``tools/calibrate_flares_twin.py --check``. All data are synthetic.
"""

from __future__ import annotations

import argparse
import os
import time

import pandas as pd

from lbpkit.flares import (
    FLARES_SCENARIOS,
    clustered_se_coverage,
    estimates_over_seeds,
    flares_twin_estimates,
    simulate_flares_cohort,
    summarise_over_seeds,
)
from lbpkit.flares.twin_replicates import calibration_targets


def _timed(label: str, call, repeats: int = 3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    print(f"- {label}: {min(times) * 1000:,.0f} ms (best of {repeats})")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=0, help="also average over this many fresh seeds per scenario")
    args = parser.parse_args()
    print(f"# Synthetic FLAReS twin benchmark (load average at start {os.getloadavg()[0]:.1f})")
    cohort = _timed("simulate one synthetic cohort of 416", lambda: simulate_flares_cohort(seed=1))
    _timed("ten one-at-a-time fits (24 h)", lambda: flares_twin_estimates(cohort))
    _timed("mutually adjusted fit (24 h)", lambda: flares_twin_estimates(cohort, model="mutually_adjusted"))
    _timed("clustered-SE coverage, 2 replicates", lambda: clustered_se_coverage(replicates=2), repeats=1)
    if args.seeds:
        start = time.perf_counter()
        seeds = range(40_000, 40_000 + args.seeds)
        runs = pd.concat([estimates_over_seeds(seeds, scenario=s) for s in FLARES_SCENARIOS])
        summary = summarise_over_seeds(runs, documented_seed=None)
        targets = calibration_targets()
        summary = summary.join(targets[["target_or", "target_lower", "target_upper"]], on="activity")
        print(f"\nSYNTHETIC: mean one-at-a-time 24-h OR over seeds {seeds.start}-{seeds.stop - 1} "
              f"({time.perf_counter() - start:.0f} s)")
        columns = ["scenario", "activity", "mean_or", "mc_lower", "mc_upper", "sd_log_or", "target_or",
                   "target_lower", "target_upper"]
        print(summary[columns].round(4).to_string(index=False))


if __name__ == "__main__":
    main()
