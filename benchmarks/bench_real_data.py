"""Speed of the time-stratified case-crossover on real daily data, side by side (issue 14, point 7).

Usage::

    .venv/bin/python benchmarks/bench_real_data.py

Data: Chicago NMMAPS 1987–2000 (data/real/chicago_nmmaps_daily.csv, real, GPL-2.0-or-later),
strata year × month × day of week, days with a missing exposure left out. For each model it times

- lbpkit: ``case_day_sets`` (the expansion), ``conditional_logit(..., weights="weight")`` on the
  weighted case-day sets, ``conditional_poisson`` (fast engine) on the days;
- statsmodels: ``ConditionalPoisson`` (Newton) on the days, and ``ConditionalLogit`` on the
  unweighted expansion (one matched set per death) of January 1995 only, as the full series would
  be millions of rows;
- R (when ``Rscript`` with survival and gnm is on the PATH; skipped otherwise): ``gnm`` Poisson
  with the stratum eliminated and weighted ``survival::clogit``, timed inside R (no start-up).

The target is a weighted conditional logistic fit under 0.1 s on the 2-core machine. Times are
wall-clock medians of repeats from ``time.perf_counter``; they vary with the machine and its load.
Nothing is written to disk.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from statsmodels.discrete.conditional_models import ConditionalLogit, ConditionalPoisson

import lbpkit

REPO = Path(__file__).resolve().parent.parent
MODELS = {"pm10_lag0": ["pm10_lag0"], "pm10_ma01 + temp_lag0": ["pm10_ma01", "temp_lag0"]}
TARGET_SECONDS = 0.1

R_SCRIPT = r"""
suppressPackageStartupMessages({library(survival); library(gnm)})
args <- commandArgs(trailingOnly = TRUE)
days <- read.csv(args[1]); sets <- read.csv(args[2]); rhs <- args[3]; reps <- as.integer(args[4])
days$stratum <- factor(days$stratum)
med <- function(expr) median(replicate(reps, system.time(eval(expr))[["elapsed"]]))
g <- med(quote(gnm(as.formula(paste("death ~", rhs)), family = poisson, eliminate = stratum, data = days)))
q <- med(quote(gnm(as.formula(paste("death ~", rhs)), family = quasipoisson, eliminate = stratum, data = days)))
c <- med(quote(clogit(as.formula(paste("case ~", rhs, "+ strata(case_day)")), weights = weight,
                      method = "breslow", data = sets)))
cat(sprintf("%.6f %.6f %.6f\n", g, q, c))
"""


def timed(fn, repeats: int):
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def prepared_days() -> pd.DataFrame:
    days = lbpkit.load("chicago_nmmaps_daily")
    days["stratum"] = lbpkit.time_strata(days["date"])
    return lbpkit.lagged_exposures(days, ["pm10", "temp"], lags=(0, 1), moving_averages=[(0, 1)])


def r_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    probe = subprocess.run(["Rscript", "-e", "library(survival); library(gnm)"], capture_output=True)
    return probe.returncode == 0


def time_r(days: pd.DataFrame, sets: pd.DataFrame, exposures: list[str], repeats: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = [os.path.join(tmp, name) for name in ("days.csv", "sets.csv", "bench.R")]
        days[["death", "stratum", *exposures]].to_csv(paths[0], index=False)
        sets[["case_day", "case", "weight", *exposures]].astype({"case_day": str}).to_csv(paths[1], index=False)
        Path(paths[2]).write_text(R_SCRIPT)
        run = subprocess.run(["Rscript", paths[2], paths[0], paths[1], " + ".join(exposures), str(repeats)],
                             capture_output=True, text=True, check=True)
    gnm_s, quasi_s, clogit_s = (float(v) for v in run.stdout.split())
    return gnm_s, quasi_s, clogit_s


def per_death_sets(sets: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    rows = sets.loc[sets.index.repeat(sets["weight"])].copy()
    copy = rows.groupby(["case_day", "date"]).cumcount()
    return rows, pd.factorize(rows["case_day"].astype(str) + "#" + copy.astype(str))[0]


def main() -> None:
    print("Time-stratified case-crossover on real daily data: Chicago NMMAPS 1987-2000 (dlnm, GPL-2.0-or-later)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    import statsmodels

    print(f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"statsmodels {statsmodels.__version__}, lbpkit {lbpkit.__version__}")
    have_r = r_available()
    print("R: " + ("Rscript with survival and gnm found; timed inside R" if have_r else "not installed; skipped"))
    days_all = prepared_days()
    for label, exposures in MODELS.items():
        days = days_all.dropna(subset=exposures)
        print(f"\n## {label}: {len(days)} days, {days['stratum'].nunique()} strata, {int(days['death'].sum())} deaths")
        t_sets, sets = timed(lambda: lbpkit.case_day_sets(days, "death", exposures), 10)
        t_clr, clr = timed(lambda: lbpkit.conditional_logit(sets, "case", exposures, "case_day", weights="weight"), 10)
        t_cp, cp = timed(lambda: lbpkit.conditional_poisson(days, "death", exposures, "stratum"), 20)
        t_cpq, _ = timed(lambda: lbpkit.conditional_poisson(days, "death", exposures, "stratum", overdispersion=True), 20)
        y, X = days["death"].to_numpy(float), days[exposures].to_numpy(float)
        groups = pd.factorize(days["stratum"])[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_smcp, sm = timed(lambda: ConditionalPoisson(y, X, groups=groups).fit(method="newton", disp=False), 3)
        rows = [
            ("lbpkit case_day_sets (expansion)", t_sets, f"{len(sets)} rows, {sets.attrs['n_sets']} sets"),
            ("lbpkit conditional_logit, weighted", t_clr, f"log OR {clr['log_or'].iloc[0]:.10f}"),
            ("lbpkit conditional_poisson", t_cp, f"log RR {cp['log_rr'].iloc[0]:.10f}"),
            ("lbpkit conditional_poisson, overdispersion", t_cpq, f"dispersion {cp.attrs['pearson_dispersion']:.4f}"),
            ("statsmodels ConditionalPoisson (Newton)", t_smcp, f"log RR {np.asarray(sm.params)[0]:.10f}"),
        ]
        year = days[days["date"].str.startswith("1995-01")]
        year_sets = lbpkit.case_day_sets(year, "death", exposures)
        per_death, set_id = per_death_sets(year_sets)
        t_smcl, _ = timed(lambda: ConditionalLogit(per_death["case"].to_numpy(), per_death[exposures].to_numpy(float),
                                                    groups=set_id).fit(method="newton", disp=False), 1)
        rows.append(("statsmodels ConditionalLogit, Jan 1995 only, one set per death", t_smcl,
                     f"{len(per_death)} rows, {set_id.max() + 1} sets"))
        if have_r:
            gnm_s, quasi_s, clogit_s = time_r(days, sets, exposures, 5)
            rows += [("R gnm poisson, eliminate = stratum", gnm_s, ""), ("R gnm quasipoisson", quasi_s, ""),
                     ("R survival::clogit, weighted sets", clogit_s, "")]
        width = max(len(name) for name, _, _ in rows)
        for name, seconds, note in rows:
            print(f"{name:<{width}}  {seconds * 1000:9.1f} ms  {note}")
        verdict = "meets" if t_clr < TARGET_SECONDS else "MISSES"
        print(f"weighted conditional_logit {t_clr:.3f} s: {verdict} the {TARGET_SECONDS} s target; "
              f"|log OR - log RR| = {abs(clr['log_or'].iloc[0] - cp['log_rr'].iloc[0]):.1e}")


if __name__ == "__main__":
    sys.exit(main())
