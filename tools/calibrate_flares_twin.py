"""Calibrate the planted per-hour odds ratios of the synthetic FLAReS twin (deterministic).

Targets: the one-activity-at-a-time conditional logistic estimates of the default synthetic cohort
(seed 2025, 416 participants) should hit the published point estimates and fall inside the
published 95% CIs (read from data/published/flares_published_or.csv) for the six reported
activities, and lie within NEAR_ONE (0.97-1.03) for climbing, crawling, standing and walking.
That band is an ASSUMPTION: those ORs were not reported, and "not named among the activities
linked to flares" is read as "near 1".

Method: a one-at-a-time estimate is, to first order, the planted log-OR of that activity plus
the planted log-ORs of the others weighted by their within-participant regression on it,
m = D^-1 S beta (S = within-participant covariance of the hours, D = its diagonal). Starting from
beta = D S^-1 D m_target, each round simulates the cohort, fits the ten models with
lbpkit.conditional_logit(engine="fast") and moves the free parameters by (D^-1 S)^-1 (target - m).

- "sitting_protects": all ten log-ORs are free (sitting hours do not share time with active
  hours, sitting_displacement = 0).
- An unreported activity whose estimate still misses NEAR_ONE (with planted OR 1) gets its own
  planted log-OR, aimed just inside the band edge (0.01 inside): the smallest change that makes
  the seed-2025 table agree with the published one. It offsets that cohort's sampling error and
  carries no claim about the activity.
- "sitting_displaces": sitting's log-OR is fixed at 0; the other nine are free, and the
  displacement (how strictly an active hour excludes sitting) is chosen on a grid so that the
  displaced time alone brings sitting's one-at-a-time estimate to its published value.

Usage (from the repository root):

    .venv/bin/python tools/calibrate_flares_twin.py                 # calibrate and print
    .venv/bin/python tools/calibrate_flares_twin.py --write-params  # also store in lbpkit/flares_twin.py
    .venv/bin/python tools/calibrate_flares_twin.py --check --report data/synthetic/flares_twin_calibration_synthetic.csv

``--check`` only evaluates the stored parameters (exit status 1 if a target is missed).
"""

from __future__ import annotations

import argparse
import copy
import math
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lbpkit.flares_twin as ft  # noqa: E402
from lbpkit.data import load  # noqa: E402

SEED = ft.DEFAULT_SEED
NEAR_ONE = ft.NEAR_ONE_BAND
DISPLACEMENT_GRID = np.round(np.arange(0.50, 0.9501, 0.05), 3)
ROUNDS = 8


def targets() -> pd.DataFrame:
    """Calibration targets per activity (log scale centre, OR interval, where it comes from)."""
    published = load("flares_published_or").set_index("activity")
    rows = []
    for activity in ft.ACTIVITIES:
        row = published.loc[activity]
        if bool(row["reported"]):
            rows.append((activity, math.log(float(row["odds_ratio"])), float(row["ci_lower"]),
                         float(row["ci_upper"]), "published 95% CI"))
        else:
            rows.append((activity, 0.0, NEAR_ONE[0], NEAR_ONE[1], "assumption: near 1 (not reported)"))
    return pd.DataFrame(rows, columns=["activity", "centre", "lower", "upper", "target_source"]).set_index("activity")


def _estimate(params: dict, scenario: str) -> tuple[pd.DataFrame, np.ndarray]:
    ft._SCENARIO_PARAMS[scenario] = params
    cohort = ft.simulate_flares_cohort(seed=SEED, scenario=scenario)
    fit = ft.flares_twin_estimates(cohort)
    hours = cohort[[f"hours_{a}" for a in ft.ACTIVITIES]].astype(float)
    within = hours - hours.groupby(cohort["participant_id"]).transform("mean")
    cov = np.cov(within.to_numpy(), rowvar=False)
    return fit, cov / np.diag(cov)[:, None]


def _calibrate_groups(params: dict, scenario: str, groups: list[list[str]], goal: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Weighted least squares (weights 1 / target half-width^2) for one shared log-OR per group."""
    params = copy.deepcopy(params)
    targeted = [a for group in groups for a in group]
    rows = [ft.ACTIVITIES.index(a) for a in targeted]
    weight = 2.0 / (np.log(goal.loc[targeted, "upper"]) - np.log(goal.loc[targeted, "lower"])).to_numpy()
    design = np.zeros((len(ft.ACTIVITIES), len(groups)))
    for g, group in enumerate(groups):
        for activity in group:
            design[ft.ACTIVITIES.index(activity), g] = 1.0
    for _ in range(ROUNDS):
        fit, jac = _estimate(params, scenario)
        residual = goal.loc[targeted, "centre"].to_numpy() - fit.loc[targeted, "log_or"].to_numpy()
        if np.max(np.abs(residual)) < 1e-3:
            break
        step = np.linalg.lstsq((jac @ design)[rows] * weight[:, None], residual * weight, rcond=None)[0]
        for g, group in enumerate(groups):
            for activity in group:
                params["log_or"][activity] += float(step[g])
    for activity in targeted:
        params["log_or"][activity] = round(params["log_or"][activity], 5)
    fit, _ = _estimate(params, scenario)
    return params, fit


def _calibrate_betas(params: dict, scenario: str, groups: list[list[str]], goal: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Calibrate the groups; then free each unreported activity whose estimate misses NEAR_ONE."""
    params, fit = _calibrate_groups(params, scenario, groups, goal)
    unreported = [a for a in ft.ACTIVITIES if goal.loc[a, "target_source"].startswith("assumption")]
    missed = [a for a in unreported if not NEAR_ONE[0] <= fit.loc[a, "odds_ratio"] <= NEAR_ONE[1]]
    if missed:
        # Smallest correction: aim just inside the band edge it missed, not at 1.
        goal = goal.copy()
        for activity in missed:
            edge = NEAR_ONE[1] - 0.01 if fit.loc[activity, "odds_ratio"] > 1 else NEAR_ONE[0] + 0.01
            goal.loc[activity, "centre"] = math.log(edge)
        params, fit = _calibrate_groups(params, scenario, groups + [[a] for a in missed], goal)
    return params, fit


ACTIVE = ["lifting", "pushing_pulling", "bending", "twisting", "squatting"]


def calibrate(scenario: str, goal: pd.DataFrame) -> dict:
    base = copy.deepcopy(ft._SCENARIO_PARAMS[scenario])
    base["log_or"] = {a: 0.0 for a in ft.ACTIVITIES}
    if scenario == "sitting_protects":
        params, _ = _calibrate_betas(base, scenario, [ACTIVE, ["sitting"]], goal)
        return params
    misses = []
    for displacement in DISPLACEMENT_GRID:
        base["sitting_displacement"] = float(displacement)
        params, fit = _calibrate_groups(base, scenario, [ACTIVE], goal)
        misses.append(fit.loc["sitting", "log_or"] - goal.loc["sitting", "centre"])
        print(f"  sitting_displacement {displacement:.2f}: sitting one-at-a-time OR "
              f"{math.exp(fit.loc['sitting', 'log_or']):.4f}", file=sys.stderr)
    misses = np.array(misses)
    best = float(DISPLACEMENT_GRID[int(np.argmin(np.abs(misses)))])
    crossing = np.flatnonzero(np.diff(np.sign(misses)) != 0)
    if crossing.size:  # interpolate where the miss changes sign
        k = int(crossing[0])
        x0, x1, y0, y1 = DISPLACEMENT_GRID[k], DISPLACEMENT_GRID[k + 1], misses[k], misses[k + 1]
        best = float(np.clip(round(x0 - y0 * (x1 - x0) / (y1 - y0), 3), 0.0, 0.99))
    base["sitting_displacement"] = best
    params, _ = _calibrate_betas(base, scenario, [ACTIVE], goal)
    return params


def report(goal: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for scenario in ft.FLARES_SCENARIOS:
        cohort = ft.simulate_flares_cohort(seed=SEED, scenario=scenario)
        one = ft.flares_twin_estimates(cohort)
        adjusted = ft.flares_twin_estimates(cohort, model="mutually_adjusted")
        truth = cohort.attrs["truth"]
        for activity in ft.ACTIVITIES:
            estimate = float(one.loc[activity, "odds_ratio"])
            lower, upper = goal.loc[activity, ["lower", "upper"]]
            rows.append({
                "scenario": scenario, "activity": activity, "planted_or": truth[activity],
                "estimate_or": estimate, "estimate_ci_lower": float(one.loc[activity, "ci_lower"]),
                "estimate_ci_upper": float(one.loc[activity, "ci_upper"]),
                "adjusted_or": float(adjusted.loc[activity, "odds_ratio"]),
                "target_lower": lower, "target_upper": upper,
                "target_source": goal.loc[activity, "target_source"],
                "within_target": bool(lower <= estimate <= upper),
            })
    return pd.DataFrame(rows)


def _params_source(all_params: dict) -> str:
    lines = ["_SCENARIO_PARAMS: dict[str, dict] = {"]
    for scenario, params in all_params.items():
        lines.append(f'    "{scenario}": {{')
        for key in ("sitting_displacement", "sitting_median", "sitting_day_sd"):
            lines.append(f'        "{key}": {params[key]!r},')
        lines.append('        "log_or": {')
        for activity in ft.ACTIVITIES:
            lines.append(f'            "{activity}": {params["log_or"][activity]!r},')
        lines.append("        },")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines)


def write_params(all_params: dict) -> None:
    path = ROOT / "lbpkit" / "flares_twin.py"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"(# --write-params\. BEGIN CALIBRATED\n).*?(\n# END CALIBRATED)", re.S)
    if not pattern.search(text):
        raise SystemExit("BEGIN/END CALIBRATED markers not found in lbpkit/flares_twin.py")
    path.write_text(pattern.sub(lambda m: m.group(1) + _params_source(all_params) + m.group(2), text), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only evaluate the stored parameters")
    parser.add_argument("--write-params", action="store_true", help="store the calibrated parameters in lbpkit/flares_twin.py")
    parser.add_argument("--report", type=Path, help="write the calibration report CSV here")
    args = parser.parse_args()
    goal = targets()
    if not args.check:
        calibrated = {scenario: calibrate(scenario, goal) for scenario in ft.FLARES_SCENARIOS}
        print(_params_source(calibrated))
        for scenario, params in calibrated.items():
            ft._SCENARIO_PARAMS[scenario] = params
        if args.write_params:
            write_params(calibrated)
    table = report(goal)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.drop(columns="target_source").round(4).to_string(index=False))
    if args.report:
        table.to_csv(args.report, index=False, lineterminator="\n", float_format="%.6f")
    missed = table[~table["within_target"]]
    if len(missed):
        print(f"MISSED {len(missed)} target(s):\n{missed[['scenario', 'activity']].to_string(index=False)}")
        return 1
    print("All calibration targets met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
