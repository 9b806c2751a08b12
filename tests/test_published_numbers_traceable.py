"""Every number in data/published/ can be found in the kit's reference sheets (no invented figures).

The reference sheets (shared/reference/*.md, beside the repository in the developers' and CI's
layout) hold the facts the kit could establish, each with its source. A published-data file may
only carry numbers that appear there; a sign may differ ("fell 14%" is stored as -14).
"""

import re
from pathlib import Path

import pytest

import lbpkit

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def _numbers_in_references() -> set[float]:
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(REFERENCE.glob("*.md")))
    found = set()
    for token in re.findall(r"\d[\d,\u2009 ]*\.?\d*", text):
        cleaned = token.replace(",", "").replace(" ", "").replace("\u2009", "").rstrip(".")
        try:
            found.add(round(float(cleaned), 9))
        except ValueError:
            continue
    return found


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared/reference/ is not beside this checkout")
def test_every_published_number_is_in_the_reference_sheets():
    known = _numbers_in_references()
    untraced = []
    for name, row in lbpkit.catalog().iterrows():
        if row["synthetic"] or not row["path"].startswith("published/"):
            continue  # real data sets (data/real/) are whole files from a package, not transcribed figures
        table = lbpkit.load(name)
        for column in table.columns:
            if str(table[column].dtype) not in ("Float64", "Int64"):
                continue
            for index, value in table[column].dropna().items():
                value = abs(float(value))
                if round(value, 9) in known or round(value * 100, 9) in known:
                    continue
                untraced.append(f"{name}.{column}[{index}] = {value}")
    assert not untraced, "numbers not found in shared/reference/: " + "; ".join(untraced[:20])
