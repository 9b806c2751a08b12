"""Part I published data (data/published/lbp_*.csv): shape, sources, transcription and arithmetic.

Expected numbers in this file are copied from the kit's reference sheet
(shared/reference/lbp_epidemiology.md), never computed by lbpkit.
"""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from lbpkit.data import load
from lbpkit.epi import figure, percent_change, shares_from_counts

FIGURE_TABLES = ["lbp_burden", "lbp_course", "lbp_recurrence", "lbp_triggers", "lbp_flares",
                 "lbp_prevention_treatment", "lbp_norway"]
OTHER_TABLES = ["lbp_flare_definitions", "lbp_trigger_windows"]
SOURCE_TYPES = {"paper", "abstract", "registry record", "official statistic", "guideline", "report",
                "news report", "secondary summary", "teaching material", "not reported"}
NOTEBOOKS = ["01_burden_of_low_back_pain.ipynb", "02_course_flares_and_triggers.ipynb"]


@pytest.mark.parametrize("name", FIGURE_TABLES + OTHER_TABLES)
def test_each_table_loads_with_sources(name):
    table = load(name)
    assert len(table) > 0
    assert table.attrs["synthetic"] is False
    assert table.attrs["sources"], f"{name} lists no sources in datapackage.json"
    for column in ("source", "read_at", "source_type"):
        assert table[column].notna().all(), f"{name}: a row has no {column}"
    assert table["read_at"].str.match(r"https?://").all(), f"{name}: every read_at must be a web address"
    kinds = {kind for value in table["source_type"] for kind in value.split("; ")}
    assert kinds <= SOURCE_TYPES, f"{name}: unknown source_type(s) {kinds - SOURCE_TYPES}"


def test_figure_ids_are_unique_across_part_one():
    ids = pd.concat([load(name)["figure_id"] for name in FIGURE_TABLES])
    duplicated = sorted(set(ids[ids.duplicated()]))
    assert not duplicated, f"duplicated figure_id(s): {duplicated}"


@pytest.mark.parametrize("name", FIGURE_TABLES)
def test_bounds_bracket_the_value(name):
    table = load(name)
    has_all = table[["value", "lower", "upper"]].notna().all(axis=1)
    rows = table[has_all]
    bad = rows[(rows["lower"] > rows["value"]) | (rows["value"] > rows["upper"])]
    assert bad.empty, f"{name}: lower <= value <= upper fails for {list(bad['figure_id'])}"
    with_bounds = table[table["lower"].notna() | table["upper"].notna()]
    assert with_bounds["interval"].notna().all(), f"{name}: rows with bounds must say what the bounds are"


@pytest.mark.parametrize(
    "name, figure_id, expected",
    [
        ("lbp_burden", "gbd21_cases_2020", (619, 554, 694)),
        ("lbp_burden", "gbd21_cases_2050", (843, 759, 933)),
        ("lbp_burden", "gbd21_yld_rate_2020", (832, 578, 1070)),
        ("lbp_burden", "gbd21_asprev_change_1990_2020", (-10.4, -10.9, -10.0)),
        ("lbp_burden", "gbd21_attr_combined_2020", (38.8, 28.7, 47.0)),
        ("lbp_burden", "gbdrf_attr_high_bmi_2021", (11.9, 1.2, 23.2)),
        ("lbp_recurrence", "dasilva19_recur_1y", (69, 62, 74)),
        ("lbp_triggers", "suri18_or_sitting_uni", (4.4, 2.0, 9.7)),
        ("lbp_triggers", "suri18_or_pt_multi", (0.4, 0.1, 1.0)),
        ("lbp_prevention_treatment", "steffens16_rr_exedu_episode", (0.55, 0.41, 0.74)),
        ("lbp_prevention_treatment", "hayden21_pain_md", (15, 12, 18)),
        ("lbp_norway", "heuch17_rr_women", (1.30, 1.00, 1.71)),
    ],
)
def test_transcribed_figures_match_the_reference_sheet(name, figure_id, expected):
    table = load(name)
    got = tuple(figure(table, figure_id, column=col) for col in ("value", "lower", "upper"))
    assert got == pytest.approx(expected)


def test_figures_read_in_news_reports_are_marked_as_such():
    # lbp_epidemiology.md gives these three GBD 2021 figures only from press coverage (S)
    burden = load("lbp_burden").set_index("figure_id")
    for figure_id in ("gbd21_attr_combined_2020", "gbd21_cases_change_2020_2050", "gbd21_asprev_change_1990_2020"):
        assert burden.loc[figure_id, "source_type"] == "news report"
    assert burden.loc["gbd21_cases_2020", "source_type"] == "abstract"
    # the paper is still the record: same DOI whichever copy the figure was read in
    assert burden.loc[["gbd21_cases_2020", "gbd21_attr_combined_2020"], "primary_id"].nunique() == 1


def test_dunn_counts_give_the_reference_sheet_percentages():
    course = load("lbp_course")
    counts = course[course["figure_id"].str.startswith("dunn06_n_") & (course["group"] != "all")]
    counts = counts.set_index("group")["value"]
    assert counts.sum() == figure(course, "dunn06_n_total") == 342
    shares = shares_from_counts(counts).round(1)
    expected = {"persistent mild": 35.7, "recovering": 30.4, "severe chronic": 20.8, "fluctuating": 13.2}
    assert shares.to_dict() == pytest.approx(expected)


def test_trajectory_shares_are_percentages_of_whole_cohorts():
    course = load("lbp_course")
    traj = course[course["figure_id"].str.startswith("traj_")]
    totals = traj.groupby("population")["value"].sum()
    # Rounding in the published table allows a few points; the Dunn 2001-03 row sums to 95.
    assert ((totals >= 94) & (totals <= 101)).all(), totals.to_dict()


def test_nav_back_share_matches_the_reference_sheet_arithmetic():
    norway = load("lbp_norway")
    for year, expected in ((2004, 12.5), (2013, 10.2)):
        share = figure(norway, f"nav_q3_back_{year}") / figure(norway, f"nav_q3_total_{year}") * 100
        assert round(share, 1) == expected


def test_gbd_case_change_by_hand_is_36_2_not_the_published_36_4():
    burden = load("lbp_burden")
    by_hand = percent_change(figure(burden, "gbd21_cases_2020"), figure(burden, "gbd21_cases_2050"))
    assert round(by_hand, 1) == 36.2
    assert figure(burden, "gbd21_cases_change_2020_2050") == 36.4


def test_suri_2011_percentage_matches_its_counts():
    flares = load("lbp_flares")
    share = figure(flares, "suri11_n_with_flares") / figure(flares, "suri11_n") * 100
    assert round(share) == figure(flares, "suri11_pct_with_flares") == 89


def test_trigger_windows_are_ordered_and_steffens_matches_the_protocol():
    windows = load("lbp_trigger_windows")
    assert (windows["start"] < windows["end"]).all()
    steffens = windows[windows["study"] == "Steffens et al. 2015"].set_index("kind")
    assert sorted(zip(steffens["start"], steffens["end"])) == [(0, 2), (24, 26), (48, 50)]


# --- figures quoted in notebook prose ---------------------------------------------------------
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
# "30 850" (thousands grouped by a space, as the kit writes them) is one number.
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.])|(?<![\w.])\d+(?:\.\d+)?")


def _quoted_numbers(notebook_path) -> list[tuple[str, float]]:
    cells = json.loads(notebook_path.read_text(encoding="utf-8"))["cells"]
    found = []
    for cell in cells[1:]:  # the front matter holds times, not figures
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        if text.startswith("## Key points") or text.startswith("## Further reading"):
            continue
        for span in _BOLD.findall(text):
            for number in _NUMBER.findall(span):
                found.append((span, float(re.sub(r"[ \u00a0\u202f]", "", number))))
    return found


def _published_numbers() -> set[float]:
    numbers = set()
    for name in FIGURE_TABLES:
        table = load(name)
        for column in ("value", "lower", "upper"):
            numbers |= {abs(float(v)) for v in table[column].dropna()}
    # Notebook 02 quotes the exertion-MI estimates (Mittleman 1993) that it loads from this file.
    mi = load("exertion_mi_triggers")
    for column in ("estimate", "ci_lower", "ci_upper"):
        numbers |= {abs(float(v)) for v in mi[column].dropna()}
    return numbers


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_bold_figures_in_prose_are_in_the_data(repo_root, notebook):
    path = repo_root / "notebooks" / notebook
    quoted = _quoted_numbers(path)
    assert len(quoted) >= 10, "the notebook should quote its key published figures in bold"
    published = _published_numbers()
    missing = [(span, n) for span, n in quoted if not any(math.isclose(n, p, abs_tol=1e-9) for p in published)]
    assert not missing, f"{notebook}: bold figures not found in data/published: {missing}"
