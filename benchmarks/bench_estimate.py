"""Speed of lbpkit's conditional-logit engines, measured side by side in one run.

Usage::

    .venv/bin/python benchmarks/bench_estimate.py            # print the table
    .venv/bin/python benchmarks/bench_estimate.py --markdown benchmarks/RESULTS.md

All data are synthetic (seeded numpy PCG64): shaped like FLAReS (about 350 strata (people),
about 25 rows (surveys) per stratum, several events (flare surveys) per stratum), like a
time-stratified case-crossover of a daily death series (case-day strata weighted by the day's
deaths), and like a case-crossover with several events per person (clustered SEs). Timings are
wall-clock medians from ``time.perf_counter``; they vary with the machine and its load.
R's ``survival::clogit`` is the peer to beat: where ``Rscript`` with survival is installed it is
timed on the same data (inside R, excluding start-up and reading); otherwise that is skipped.
Real-data timings (NMMAPS, conditional Poisson) are in ``bench_real_data.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

import lbpkit
from lbpkit.estimate import conditional_logit, fit_conditional_logit_arrays
from lbpkit import monte_carlo

SEED = 20260101


def flares_like(n_strata: int, seed: int, *, n_exposures: int = 1, continuous: bool = False) -> pd.DataFrame:
    """Synthetic FLAReS-shaped data: strata of 20–30 rows, ~20% of rows events, 0/1 exposures
    (yes/no triggers, as in FLAReS) or standard-normal ones (``continuous=True``)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    sizes = rng.integers(20, 31, n_strata)
    stratum = np.repeat(np.arange(n_strata), sizes)
    if continuous:
        X = rng.normal(size=(stratum.size, n_exposures))
    else:
        X = (rng.random((stratum.size, n_exposures)) < 0.25).astype(float)
    logit = -1.6 + X @ np.linspace(np.log(2.0), 0.0, n_exposures)
    y = (rng.random(stratum.size) < 1 / (1 + np.exp(-logit))).astype(int)
    # every stratum gets at least one event and one non-event (first row event, second not)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    y[starts], y[starts + 1] = 1, 0
    cols = {f"x{j}": X[:, j] for j in range(n_exposures)}
    return pd.DataFrame({"stratum": stratum, "flare": y, **cols})


def daily_case_days(n_years: int, mean_deaths: float, seed: int) -> pd.DataFrame:
    """Synthetic daily deaths with one exposure; case-day strata (year x month x day of week):
    for each day with deaths, that day (case = 1) and the other days of its stratum (case = 0),
    all weighted by the day's deaths."""
    rng = np.random.Generator(np.random.PCG64(seed))
    days = pd.date_range("1987-01-01", periods=round(365.25 * n_years), freq="D")
    season = np.cos(2 * np.pi * days.day_of_year.to_numpy() / 365.25)
    x = 10 * season + rng.normal(scale=5, size=days.size)  # e.g. a pollutant, per unit
    deaths = rng.poisson(mean_deaths * np.exp(0.1 * season + 0.005 * x))
    series = pd.DataFrame({"day": np.arange(days.size), "x": x, "deaths": deaths,
                           "stratum": days.year * 10_000 + days.month * 10 + days.day_of_week})
    case_days = series[series["deaths"] > 0][["day", "stratum", "deaths"]]
    rows = case_days.merge(series[["day", "stratum", "x"]], on="stratum", suffixes=("_case", ""))
    rows["case"] = (rows["day"] == rows["day_case"]).astype(int)
    return rows.rename(columns={"day_case": "set", "deaths": "weight"})[["set", "day", "case", "x", "weight"]]


def expand_weights(data: pd.DataFrame) -> pd.DataFrame:
    """One stratum per death (each weighted stratum repeated as often as its weight)."""
    sets = data.drop_duplicates("set")[["set", "weight"]]
    copies = sets.loc[sets.index.repeat(sets["weight"])].assign(copy=lambda d: np.arange(len(d)))
    return data.drop(columns="weight").merge(copies[["set", "copy"]], on="set")


def r_timing(data: pd.DataFrame, call: str, repeats: int) -> tuple[float, list[float]] | None:
    """Median seconds of an R ``clogit`` call on ``data`` (as ``d``) and its coefficients and SEs,
    or None if Rscript with survival is not available."""
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.csv"
        data.to_csv(path, index=False)
        code = (
            "suppressPackageStartupMessages(library(survival)); "
            f"d <- read.csv('{path}'); t <- numeric({repeats}); "
            f"for (i in 1:{repeats}) t[i] <- system.time(f <- {call})[['elapsed']]; "
            "cat('ELAPSED', median(t), '\\n'); cat('COEF', coef(f), '\\n'); cat('SE', sqrt(diag(f$var)), '\\n')"
        )
        try:
            out = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, timeout=600, check=True).stdout
        except (subprocess.SubprocessError, OSError):
            return None
    values = {line.split()[0]: [float(v) for v in line.split()[1:]] for line in out.splitlines() if line.strip()}
    return values["ELAPSED"][0], values["COEF"] + values["SE"]


def timed(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def compare(data: pd.DataFrame, exposures: list[str], repeats_fast: int, repeats_sm: int) -> dict:
    fast_t, fast = timed(lambda: conditional_logit(data, "flare", exposures, "stratum", engine="fast"), repeats_fast)
    sm_t, sm = timed(lambda: conditional_logit(data, "flare", exposures, "stratum", engine="statsmodels"), repeats_sm)
    return {
        "rows": len(data),
        "strata": data["stratum"].nunique(),
        "mean_events": data.groupby("stratum")["flare"].sum().mean(),
        "exposures": len(exposures),
        "fast_s": fast_t,
        "statsmodels_s": sm_t,
        "speedup": sm_t / fast_t,
        "max_diff_log_or": float(np.max(np.abs(fast["log_or"] - sm["log_or"]))),
        "max_diff_se": float(np.max(np.abs(fast["se"] - sm["se"]))),
        "repeats": f"{repeats_fast} / {repeats_sm}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", help="also write the results as Markdown to this path")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and no 10x statsmodels fit")
    args = parser.parse_args(argv)
    warnings.simplefilter("error", RuntimeWarning)
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say(f"# Conditional-logit benchmark ({dt.date.today().isoformat()})")
    say()
    say(f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}")
    say(f"- Python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"statsmodels {__import__('statsmodels').__version__}, lbpkit {lbpkit.__version__}")
    say("- data: synthetic, FLAReS-shaped (strata of 20–30 rows, several events each), seed "
        f"{SEED}; times are medians of wall-clock repeats (fast / statsmodels)")
    say(f"- load average at start (the machine is shared): {os.getloadavg()[0]:.1f}")
    has_r = shutil.which("Rscript") is not None and subprocess.run(
        ["Rscript", "-e", "library(survival)"], capture_output=True).returncode == 0
    say("- R `survival::clogit`: " + ("timed where shown (inside R, after reading the data)" if has_r else
                                      "not timed (Rscript with survival is not installed)"))
    say()

    rows = []
    sm_repeats = 1 if args.quick else 3
    cases = [
        ("FLAReS size, 1 yes/no exposure", flares_like(350, SEED), ["x0"], sm_repeats),
        ("FLAReS size, 1 continuous exposure", flares_like(350, SEED, continuous=True), ["x0"], sm_repeats),
        ("FLAReS size, 3 yes/no exposures", flares_like(350, SEED + 1, n_exposures=3), ["x0", "x1", "x2"], sm_repeats),
        ("10x FLAReS size, 1 yes/no exposure", flares_like(3500, SEED + 2), ["x0"], 1),
        ("10x FLAReS size, 1 continuous exposure", flares_like(3500, SEED + 2, continuous=True), ["x0"], 1),
    ]
    for label, data, cols, reps in cases:
        if args.quick and label.startswith("10x"):
            t, _ = timed(lambda: conditional_logit(data, "flare", cols, "stratum", engine="fast"), 5)
            rows.append({"data set": label, "rows": len(data), "strata": data["stratum"].nunique(), "fast_s": t})
        else:
            rows.append({"data set": label, **compare(data, cols, 30 if len(data) < 20000 else 10, reps)})
    say("## Fast engine vs statsmodels (whole `conditional_logit` call, checks included)")
    say()
    say("| data set | rows | strata | mean events per stratum | fast | statsmodels (Newton) | speed-up | max abs diff log OR | max abs diff SE | repeats (fast / statsmodels) |")
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        if "statsmodels_s" in r:
            say(f"| {r['data set']} | {r['rows']:,} | {r['strata']:,} | {r['mean_events']:.1f} | "
                f"{r['fast_s'] * 1000:,.1f} ms | {r['statsmodels_s'] * 1000:,.0f} ms | {r['speedup']:,.0f}x | "
                f"{r['max_diff_log_or']:.1e} | {r['max_diff_se']:.1e} | {r['repeats']} |")
        else:
            say(f"| {r['data set']} | {r['rows']:,} | {r['strata']:,} | | {r['fast_s'] * 1000:,.1f} ms | "
                "not run (--quick) | | | | |")
    say()

    # 1000 single-exposure fits of FLAReS-sized data sets (each a fresh synthetic data set)
    n_fits = 200 if args.quick else 1000
    say(f"## {n_fits} single-exposure fits of FLAReS-sized synthetic data sets (fast engine)")
    say()
    for label, continuous in (("yes/no exposure", False), ("continuous exposure", True)):
        sets = [flares_like(350, SEED + 100 + k, continuous=continuous) for k in range(n_fits)]
        arrays = [(d["flare"].to_numpy(), d["x0"].to_numpy(), d["stratum"].to_numpy()) for d in sets]
        t0 = time.perf_counter()
        for y, x, s in arrays:
            fit_conditional_logit_arrays(y, x, s)
        t_arrays = time.perf_counter() - t0
        n_df = min(100, n_fits)
        t0 = time.perf_counter()
        for d in sets[:n_df]:
            conditional_logit(d, "flare", "x0", "stratum", engine="fast")
        t_df = (time.perf_counter() - t0) / n_df * n_fits
        say(f"- {label}: `fit_conditional_logit_arrays` {t_arrays:.2f} s in total "
            f"({t_arrays / n_fits * 1000:.1f} ms per fit); `conditional_logit(engine='fast')` with its "
            f"DataFrame checks {t_df:.2f} s (extrapolated from {n_df} fits)")
    say()

    # Monte Carlo widget budget: simulate + fit one small study
    t0 = time.perf_counter()
    mc = monte_carlo(200, seed=SEED, n_cases=200, odds_ratio=2.0, exposure_prob=0.2, n_referents=3)
    t_mc = time.perf_counter() - t0
    say("## Monte Carlo helper (simulate + fit), as a Part II widget uses it")
    say()
    say(f"- `monte_carlo(200, n_cases=200, n_referents=3)`: {t_mc:.2f} s ({t_mc / 200 * 1000:.2f} ms per study), "
        f"coverage {mc.attrs['coverage']:.3f}")
    say()

    # One very large stratum: statsmodels' recursive likelihood cannot do it
    rng = np.random.Generator(np.random.PCG64(SEED + 3))
    n = 5000
    one = pd.DataFrame({"stratum": 0, "flare": np.r_[np.ones(5, int), np.zeros(n - 5, int)], "x0": rng.normal(size=n)})
    t, _ = timed(lambda: conditional_logit(one, "flare", "x0", "stratum", engine="fast"), 5)
    try:
        conditional_logit(one, "flare", "x0", "stratum", engine="statsmodels")
        sm_msg = "fitted"
    except ValueError as err:
        sm_msg = f"fails: {str(err).split(':')[0]}"
    say("## One stratum of 5 000 rows with 5 events")
    say()
    say(f"- fast: {t * 1000:.1f} ms; statsmodels: {sm_msg}")
    say()
    weighted_section(say, args.quick)
    clustered_section(say, args.quick)

    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    return 0


def say_r(say, data: pd.DataFrame, option: str, fit: pd.DataFrame, note: str) -> None:
    """Time R's clogit with one extra option on the same data and print how far it is from ``fit``."""
    call = f"clogit(case ~ x + strata(set), {option}, method = 'breslow')"
    r = r_timing(data, call.replace("method", "data = d, method"), 5)
    if r is not None:
        say(f"- R `{call}` {note}: {r[0] * 1000:.0f} ms; differences from the kit: log OR "
            f"{abs(r[1][0] - fit['log_or'].iloc[0]):.1e}, SE {abs(r[1][1] - fit['se'].iloc[0]):.1e}")


def weighted_section(say, quick: bool) -> None:
    """Frequency weights: case-day strata of a daily series vs one stratum per death, and R."""
    data = daily_case_days(14, 30.0 if not quick else 10.0, SEED + 4)
    say("## Weighted conditional logistic regression (time-series case-crossover shape)")
    say()
    n_deaths = int(data.drop_duplicates("set")["weight"].sum())
    say(f"- synthetic daily series, 14 years; {data['set'].nunique():,} case days (strata) in {len(data):,} rows, "
        f"weights = deaths per day ({n_deaths:,} deaths); exposure x per unit")
    t_w, fit_w = timed(lambda: conditional_logit(data, "case", "x", "set", weights="weight"), 10)
    arrays = (data["case"].to_numpy(), data["x"].to_numpy(), data["set"].to_numpy(), data["weight"].to_numpy())
    t_a, _ = timed(lambda: fit_conditional_logit_arrays(*arrays[:3], weights=arrays[3]), 10)
    say(f"- `conditional_logit(..., weights='weight')`: {t_w * 1000:.1f} ms (log OR {fit_w['log_or'].iloc[0]:.6f}, "
        f"SE {fit_w['se'].iloc[0]:.6f}); `fit_conditional_logit_arrays(..., weights=...)`: {t_a * 1000:.1f} ms")
    expanded = expand_weights(data)
    t_e, fit_e = timed(lambda: conditional_logit(expanded, "case", "x", "copy"), 1)
    say(f"- the same without weights, one stratum per death ({len(expanded):,} rows): {t_e * 1000:,.0f} ms; "
        f"differences: log OR {abs(fit_e['log_or'].iloc[0] - fit_w['log_or'].iloc[0]):.1e}, "
        f"SE {abs(fit_e['se'].iloc[0] - fit_w['se'].iloc[0]):.1e}")
    say_r(say, data, "weights = weight", fit_w, "(the exact likelihood with one event per stratum; R's exact "
          "method ignores weights)")
    say()


def clustered_section(say, quick: bool) -> None:
    """Person-clustered SEs: several events per person, one stratum (1 case + 3 referents) per event."""
    rng = np.random.Generator(np.random.PCG64(SEED + 5))
    n_people, per_person = (1000, 5) if not quick else (300, 5)
    n_sets = n_people * per_person
    person = np.repeat(np.arange(n_people), per_person * 4)
    x = rng.normal(size=n_sets * 4) + np.repeat(rng.normal(size=n_people), per_person * 4)
    eta = (np.log(1.5) + np.repeat(rng.normal(scale=0.5, size=n_people), per_person * 4)) * x
    u = np.exp(eta).reshape(n_sets, 4)
    chosen = (rng.random(n_sets)[:, None] > np.cumsum(u / u.sum(axis=1, keepdims=True), axis=1)).sum(axis=1)
    case = np.zeros((n_sets, 4), dtype=int)
    case[np.arange(n_sets), chosen] = 1
    data = pd.DataFrame({"person": person, "set": np.repeat(np.arange(n_sets), 4), "case": case.ravel(), "x": x})
    say("## Person-clustered standard errors")
    say()
    say(f"- synthetic: {n_people:,} people x {per_person} events, one stratum (1 case + 3 referents) per event "
        f"({len(data):,} rows); the effect varies between people, so events cluster within people")
    t_m, fit_m = timed(lambda: conditional_logit(data, "case", "x", "set"), 10)
    t_c, fit_c = timed(lambda: conditional_logit(data, "case", "x", "set", cluster="person"), 10)
    t_s, fit_s = timed(lambda: conditional_logit(data, "case", "x", "set", cluster="person", engine="statsmodels"), 1)
    say(f"- fast, model-based SE {fit_m['se'].iloc[0]:.5f}: {t_m * 1000:.1f} ms; fast, clustered SE "
        f"{fit_c['se'].iloc[0]:.5f}: {t_c * 1000:.1f} ms; statsmodels engine, clustered: {t_s * 1000:,.0f} ms "
        f"(SE difference {abs(fit_s['se'].iloc[0] - fit_c['se'].iloc[0]):.1e})")
    say_r(say, data, "cluster = person", fit_c, "(robust SE)")
    say()


if __name__ == "__main__":
    raise SystemExit(main())
