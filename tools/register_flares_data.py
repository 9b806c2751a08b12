"""Add or replace the FLAReS resources of ``data/datapackage.json`` (read-modify-write).

The script touches only the published FLAReS resources named below and keeps every other resource
as it is. The synthetic twin's resources (data/synthetic/) are described in datapackage.json
itself, next to the tools that write them (tools/make_flares_twin_data.py,
tools/calibrate_flares_twin.py). Run it after changing a published FLAReS data file's columns:

    .venv/bin/python tools/register_flares_data.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
PAPER = "Suri et al. 2025, JAMA Netw Open 8(12):e2547915"
REFERENCE_NOTE = (
    "Transcribed from the kit's reference sheet on FLAReS (news reports, registry pages and abstracts; "
    "the full text of the JAMA article was not available)."
)
LICENCE = [
    {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "The kit's compilation; published figures remain facts from their cited sources",
    }
]


def _sources_from_csv(path: Path) -> list[dict[str, str]]:
    """One source per distinct (citation, URL) pair found in the file's source/url columns."""
    seen: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            titles = [t.strip() for t in row["source"].split("; ")]
            urls = row["read_at"].split()
            if len(titles) != len(urls):
                continue  # rows with "not found" have no URL
            for title, url in zip(titles, urls):
                seen.setdefault(url, title.removeprefix("OR not found in: "))
    return [{"title": title, "path": url} for url, title in seen.items()]


def _field(name, kind, description, unit=None, **constraints):
    field = {"name": name, "type": kind, "description": description}
    if unit:
        field["unit"] = unit
    if constraints:
        field["constraints"] = constraints
    return field


SOURCE_FIELDS = [
    _field("source", "string", "Full citation(s) of the row's source(s), '; '-separated (same order as url)."),
    _field("source_key", "string", "Source key(s) of the reference sheet, e.g. [MD] [MIMS]."),
    _field("read_at", "string", 'Address(es) where the figure was actually read, space-separated (the paper, an abstract copy, a registry mirror or a news report: see source_type). Not the primary record: that is primary_id.'),
]
# Appended after each file's own columns (see tests/test_published_sources.py for what they must hold).
ID_FIELDS = [
    _field('source_type', "string", "What was read, one per read_at address ('; '-separated): paper, abstract (at the publisher, PubMed, a repository or an abstract copy), registry record, official statistic, guideline, report, news report (incl. press releases and clinic news pages), secondary summary (a later paper, handbook page or summary quoting the figure), teaching material; 'not reported' for rows that record a figure the sources did not give."),
    _field('primary_id', "string", 'Primary identifier(s) of the work the figure comes from, space-separated: doi:10.NNNN/..., pmid:N, pmcid:PMCN, a registry id (NCT04828330), isbn:..., or the official address of a guideline or statistics table. Empty only when no_id_reason says why. lbpkit.data.identifier_url() turns one into a link.'),
    _field('id_verified_by', "string", "The record(s) that show each identifier together with the cited title (' | '-separated, one per work)."),
    _field('no_id_reason', "string", 'Why a work of the row has no primary identifier (empty when every work has one).'),
]

ACTIVITIES = [
    "lifting", "pushing_pulling", "bending", "climbing", "twisting",
    "squatting", "crawling", "sitting", "standing", "walking",
]


def published_resources() -> list[dict]:
    or_fields = [
        _field("activity", "string", "Activity (short name; matches hours_<activity> in the synthetic twin).", required=True, enum=ACTIVITIES),
        _field("activity_label", "string", "Activity as worded in the sources (lifting threshold: see note and discrepancy D5)."),
        _field("odds_ratio", "number", "Published odds ratio of a flare per additional hour; empty when not reported.", "odds ratio per hour"),
        _field("ci_lower", "number", "Lower limit of the published 95% confidence interval; empty when not reported.", "odds ratio per hour"),
        _field("ci_upper", "number", "Upper limit of the published 95% confidence interval; empty when not reported.", "odds ratio per hour"),
        _field("reported", "boolean", "True if an OR with CI was found in the sources available.", required=True),
        _field("exposure_unit", "string", "Unit of the exposure the OR refers to."),
        *SOURCE_FIELDS,
        _field("note", "string", "Why a figure is missing, and open discrepancies (D3, D5)."),
    ]
    design_fields = [
        _field("quantity", "string", "What the figure is (snake_case).", required=True),
        _field("sample", "string", "The sample or document the figure refers to (whole sample, aim 1, aim 2, registry results, protocol, Pain 2025 paper...).", required=True),
        _field("value", "number", "The published figure; empty for dates (see value_text)."),
        _field("value_text", "string", "Dates (ISO 8601) and other non-numeric figures."),
        _field("unit", "string", "Unit of value (varies by row)."),
        *SOURCE_FIELDS,
        _field("note", "string", "Caveats and the open discrepancy (D1-D8) a figure belongs to."),
    ]
    discrepancy_fields = [
        _field("discrepancy_id", "string", "D1-D8 as in the reference sheet; D9 (aim-2 sample size) from the kit's reading of the same sources.", required=True),
        _field("topic", "string", "What the sources disagree about."),
        _field("values", "string", "The disagreeing values, each with its source key."),
        _field("status", "string", "Whether it is resolved in the sources available.", enum=["open", "resolved"]),
        *SOURCE_FIELDS,
    ]
    specs = [
        ("flares_published_or", "published/flares_published_or.csv",
         "FLAReS (Suri et al. 2025): published per-hour odds ratios of a low back pain flare, ten activities",
         "Aim 1 (case-crossover, n = 345) of the FLAReS study: odds of a subsequent flare per additional hour, in the "
         "past 24 h, in which the activity was performed at least once, with 95% CIs exactly as published. One row per "
         "activity for all ten activities; climbing, crawling, standing and walking were not reported in the sources "
         "available (empty values, reported = false, note says why). P-values were not found. " + REFERENCE_NOTE,
         or_fields),
        ("flares_design", "published/flares_design.csv",
         "FLAReS (Suri et al. 2025): design figures and baseline characteristics as published",
         "Sample sizes, survey counts, follow-up, eligibility, dates, age and sex per sample and source (including the "
         "registry's reversed sex counts, D1, and the Pain 2025 figures, D2), baseline RMDQ and pain of aims 1 and 2. "
         "One row per figure with its sample, unit and source. " + REFERENCE_NOTE,
         design_fields),
        ("flares_discrepancies", "published/flares_discrepancies.csv",
         "FLAReS: open discrepancies between published sources (D1-D9)",
         "Disagreements between the sources on FLAReS, none resolved in the sources available. " + REFERENCE_NOTE,
         discrepancy_fields),
    ]
    resources = []
    for name, path, title, description, fields in specs:
        resources.append({
            "name": name, "path": path, "title": title, "description": description,
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "synthetic": False,
            "sources": _sources_from_csv(DATA / path), "licenses": LICENCE,
            "schema": {"fields": fields + ID_FIELDS, "missingValues": [""]},
        })
    return resources


def main() -> None:
    package_path = DATA / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    ours = published_resources()
    ours = [res for res in ours if (DATA / res["path"]).exists()]
    by_name = {res["name"]: res for res in ours}
    kept = [res for res in package["resources"] if res["name"] not in by_name]
    replaced = [by_name.get(res["name"]) for res in package["resources"] if res["name"] in by_name]
    added = [res for res in ours if res["name"] not in {r["name"] for r in package["resources"]}]
    # Keep the order of the file: replaced resources stay where they were, new ones go at the end.
    order = [res["name"] for res in package["resources"]]
    merged = [by_name[name] if name in by_name else next(r for r in kept if r["name"] == name) for name in order]
    # never drop a source already listed (e.g. the primary records with their DOIs, added by hand)
    for old in package["resources"]:
        if old["name"] in by_name:
            listed = {src["path"] for src in by_name[old["name"]]["sources"]}
            by_name[old["name"]]["sources"] += [src for src in old.get("sources", []) if src["path"] not in listed]
    package["resources"] = merged + added
    package_path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"datapackage.json: {len(replaced)} FLAReS resource(s) replaced, {len(added)} added, "
          f"{len(kept)} other resource(s) kept.")


if __name__ == "__main__":
    main()
