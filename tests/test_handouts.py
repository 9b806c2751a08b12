"""The journal-club pack (docs/journal_club/): generated numbers, plans, and the printed PDFs.

The PDF tests print with headless Chromium and read the PDFs with poppler's pdfinfo and
pdftotext, or with pypdf (a test dependency) where poppler is missing; they are skipped only when
Chromium is missing. ``make test-browser``, which CI (.ci/run) runs after installing Chromium,
runs this file too, so there they run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "docs" / "journal_club"
sys.path.insert(0, str(ROOT / "tools"))

import build_journal_club as pack  # noqa: E402

from lbpkit.exercises.precision import number_forms  # noqa: E402
from lbpkit.exercises import check, get_exercise, reset_attempts  # noqa: E402

NUMBER = re.compile(r"[-−]?\d+(?:[.,]\d+)*")


def _tokens(text: str) -> set[str]:
    return {token.replace("−", "-") for token in NUMBER.findall(text)}


def _numeric_answers() -> dict[str, set[str]]:
    """Every way each numeric live answer could be written (the key's form included)."""
    answers = {}
    for ex in pack.live_exercises(pack.numbers()):
        exercise = get_exercise(ex.exercise_id)
        if exercise.kind != "number":
            continue
        expected = float(exercise.expected())
        answers[ex.code] = number_forms(expected) | {pack.answer_text(ex.exercise_id)}
    return answers


def _stated_pages() -> dict[str, int]:
    readme = (PACK / "README.md").read_text(encoding="utf-8")
    return {name: int(pages) for name, pages in re.findall(r"`(\w+)\.pdf`, (\d+) pages?", readme)}


def _plan_a_sections() -> str:
    guide = (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
    start = guide.index("### Plan A: a 90-minute journal club")
    return guide[start:guide.index("### Plan B")]


def test_generated_blocks_are_up_to_date():
    assert pack.update(check=True) == [], "run python tools/build_journal_club.py --no-pdf"


def test_answer_key_passes_the_kits_own_checks():
    for ex in pack.live_exercises(pack.numbers()):
        exercise = get_exercise(ex.exercise_id)
        answer = pack.answer_text(ex.exercise_id)
        reset_attempts(ex.exercise_id)
        value = float(answer) if exercise.kind == "number" else answer
        assert check(ex.exercise_id, value).passed, (ex.code, answer)


def test_every_live_exercise_of_plan_a_has_a_calculator_version():
    named = set(re.findall(r"`(\d\d[a-z]?\.[a-z0-9-]+)`", _plan_a_sections()))
    live = {ex.exercise_id for ex in pack.live_exercises(pack.numbers())}
    assert named == live
    sheet = (PACK / "calculator_exercises.md").read_text(encoding="utf-8")
    assert all(f"`{exercise_id}`" in sheet for exercise_id in live)


def test_patient_slot_points_at_the_patient_section():
    patient_rows = [line for line in _plan_a_sections().splitlines() if line.startswith("| What it means for a patient")]
    assert len(patient_rows) == 2  # the 90- and the 60-minute plan
    notebook_08 = (ROOT / "notebooks" / "08_long_term_and_synthesis.md").read_text(encoding="utf-8")
    heading = re.search(r"^## 5\. (.+)$", notebook_08, flags=re.MULTILINE)
    assert heading and "patient" in heading.group(1)
    assert all("08 §5" in row for row in patient_rows)
    assert all('"Absolute risk"' in row for row in patient_rows)
    notebook_07 = (ROOT / "notebooks" / "07_reanalysis_transient_risk.md").read_text(encoding="utf-8")
    assert re.search(r"^## Absolute risk", notebook_07, flags=re.MULTILINE)


def test_handout_source_holds_no_answer():
    handout = (PACK / "handout.md").read_text(encoding="utf-8")
    tokens = _tokens(handout)
    leaked = {code: forms & tokens for code, forms in _numeric_answers().items() if forms & tokens}
    assert not leaked, f"answers in the handout: {leaked}"
    assert "answer key" not in handout.lower()


def test_the_answer_check_would_catch_a_leak():
    # guard against a test that cannot fail: the key's own numbers are found in the script
    script = (PACK / "facilitator_script.md").read_text(encoding="utf-8")
    tokens = _tokens(script)
    assert all(forms & tokens for forms in _numeric_answers().values())


needs_printer = pytest.mark.skipif(pack.chromium() is None, reason="needs Chromium (apt-get install -y chromium)")
POPPLER = bool(shutil.which("pdfinfo") and shutil.which("pdftotext"))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    return {path.stem: path for path in pack.print_pdfs(out)}


def _pdf_pages(path: Path) -> int:
    if POPPLER:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, flags=re.MULTILINE).group(1))
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def _pdf_text(path: Path) -> str:
    if POPPLER:
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@needs_printer
def test_make_handouts_prints_the_three_pdfs_with_the_stated_page_counts(pdfs):
    stated = _stated_pages()
    assert set(stated) == set(pack.PDF_SOURCES) == set(pdfs)
    for name, path in pdfs.items():
        pages = _pdf_pages(path)
        assert pages == stated[name], f"{name}.pdf has {pages} pages; README says {stated[name]}"


@needs_printer
def test_pdf_text_can_be_extracted(pdfs):
    for name, path in pdfs.items():
        text = _pdf_text(path)
        assert "FLAReS" in text, name
        assert len(text.split()) > 300, name
    assert "Answer key" in _pdf_text(pdfs["facilitator_script"])


@needs_printer
def test_printed_handout_contains_none_of_the_answers(pdfs):
    text = _pdf_text(pdfs["handout"])
    assert "C5" in text and "1.05" in text  # the questions and their numbers are there
    tokens = _tokens(text)
    leaked = {code: forms & tokens for code, forms in _numeric_answers().items() if forms & tokens}
    assert not leaked, f"answers in handout.pdf: {leaked}"
    assert "answer key" not in text.lower()
