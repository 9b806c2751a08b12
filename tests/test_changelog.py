"""CHANGELOG.md has an Unreleased section for new entries and a dated entry for the current version."""

import re
from datetime import date
from pathlib import Path

import lbpkit

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"
VERSION_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.M)


def test_there_is_an_unreleased_section_on_top():
    headings = re.findall(r"^## .*$", CHANGELOG.read_text(encoding="utf-8"), flags=re.M)
    assert headings[0] == "## [Unreleased]", "new entries go under ## [Unreleased], the first section"
    assert headings.count("## [Unreleased]") == 1


def test_the_current_version_has_a_dated_entry():
    entries = dict(VERSION_HEADING.findall(CHANGELOG.read_text(encoding="utf-8")))
    assert lbpkit.__version__ in entries, f"add '## [{lbpkit.__version__}] - YYYY-MM-DD' to CHANGELOG.md"
    for version, day in entries.items():
        date.fromisoformat(day)  # a real date


def test_versions_are_listed_newest_first():
    versions = [tuple(map(int, v.split("."))) for v, _ in VERSION_HEADING.findall(CHANGELOG.read_text(encoding="utf-8"))]
    assert versions == sorted(versions, reverse=True)
