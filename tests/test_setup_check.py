"""Notebook 00's check of the kit: version, the lbpkit in use against the notebooks' copy, the data."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

import lbpkit
from lbpkit.setup_check import advice, environment_report, kit_report

REPO = Path(__file__).resolve().parent.parent
OK_PACKAGES = pd.DataFrame({"package": ["python"], "installed": ["3.11"], "minimum": ["3.11"], "status": ["ok"]})


def _status(report: pd.DataFrame) -> dict[str, str]:
    return dict(zip(report["check"], report["status"]))


def test_the_repository_notebooks_use_the_kit_beside_them():
    report = kit_report(REPO / "notebooks")
    assert _status(report) == {"lbpkit version": "ok", "matches the notebooks": "ok", "data": "ok"}
    assert report.loc[0, "detail"] == f"{lbpkit.__version__}, imported from ../lbpkit"
    assert report.loc[2, "detail"].endswith("from ../data")
    assert "Everything the kit needs" in advice(OK_PACKAGES, report)


def _other_kit(tmp_path: Path, change: str | None) -> Path:
    kit = tmp_path / "lbp-course"
    shutil.copytree(REPO / "lbpkit", kit / "lbpkit", ignore=shutil.ignore_patterns("__pycache__"))
    (kit / "notebooks").mkdir()
    if change:
        bank = kit / "lbpkit" / "exercises" / "bank" / "nb00.py"
        bank.write_text(bank.read_text(encoding="utf-8") + change, encoding="utf-8")
    return kit


def test_an_identical_copy_elsewhere_matches(tmp_path):
    kit = _other_kit(tmp_path, change=None)
    report = kit_report(kit / "notebooks")
    assert _status(report)["matches the notebooks"] == "ok"
    assert "identical" in report.loc[1, "detail"]


def test_a_different_lbpkit_is_a_mismatch_with_hub_advice(tmp_path):
    kit = _other_kit(tmp_path, change="\n# a correction the imported copy does not have\n")
    report = kit_report(kit / "notebooks")
    assert _status(report)["matches the notebooks"] == "MISMATCH"
    assert report.loc[1, "detail"].endswith("in ../lbpkit")
    assert str(REPO / "lbpkit") in report.loc[0, "detail"], "the copy in use, elsewhere, is named in full"
    text = advice(OK_PACKAGES, report)
    assert "Restart Kernel and Run All Cells" in text and "nbgitpuller" in text and "requirements.txt" in text


def test_notebooks_outside_the_kit_cannot_be_compared(tmp_path):
    report = kit_report(tmp_path)
    assert _status(report)["matches the notebooks"] == "unknown"
    assert "not in the kit's notebooks/ folder" in advice(OK_PACKAGES, report)


def test_missing_data_are_reported_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("LBPKIT_DATA_DIR", str(tmp_path))
    report = kit_report(REPO / "notebooks")
    assert _status(report)["data"] == "MISSING"
    assert "nbgitpuller link again" in advice(OK_PACKAGES, report)


def test_missing_packages_get_hub_advice():
    packages = environment_report({"a-package-that-is-not-there": "1.0"})
    text = advice(packages, kit_report(REPO / "notebooks"))
    assert "a-package-that-is-not-there" in text and "requirements.txt" in text
