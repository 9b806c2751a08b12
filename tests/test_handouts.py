"""The journal-club pack (docs/journal_club/): committed PDFs, both languages, timing, print, answers.

Everything here runs in ``make test`` without Chromium: the committed PDFs are read with pypdf
(a test dependency) or poppler where installed, and the manifest check rebuilds the HTML in memory.
The last tests re-print with Chromium (``make test-browser``) and are skipped without it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "docs" / "journal_club"
SRC = PACK / "src"
sys.path.insert(0, str(ROOT / "tools"))

import build_journal_club as pack  # noqa: E402
import journal_club_numbers as jc  # noqa: E402
import journal_club_values as jv  # noqa: E402
import time_journal_club as timing  # noqa: E402

LANGS = jc.LANGS
NUMBER = re.compile(r"[-−]?\d+(?:[\u00a0 ]\d{3})*(?:[.,]\d+)*")
POPPLER = bool(shutil.which("pdftotext"))


@pytest.fixture(scope="module")
def n():
    return jc.numbers()


@pytest.fixture(scope="module")
def docs(n):
    return pack.build_all(n)


def _tokens(text: str, lang: str) -> list[str]:
    """Number tokens, normalised: true minus to '-', grouping spaces removed, decimal comma to point."""
    out = []
    for token in NUMBER.findall(text):
        token = token.replace("−", "-").replace("\u00a0", "").replace(" ", "")
        if lang == "nb":
            token = token.replace(",", ".")
        out.append(token)
    return out


def _answer_forms(lang: str) -> dict[str, set[str]]:
    """Every way each numeric answer of the live exercises could be written (3+ characters)."""
    from lbpkit.exercises.precision import number_forms

    forms = {}
    for ex in jc.LIVE:
        value = jc.answer_value(ex.exercise_id)
        if isinstance(value, float):
            forms[ex.code] = {f.replace("−", "-") for f in number_forms(value) | {jc.answer_text(ex.exercise_id, "en")}}
    return forms


def _pdf_text(path: Path) -> str:
    if POPPLER:
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _pdf_pages(path: Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]


# --- 1. ready to print and project: committed PDFs, not stale ----------------------------------


def test_every_document_is_committed_as_a_pdf_in_both_languages():
    for lang in LANGS:
        for name in pack.DOCS:
            path = pack.pdf_path(lang, name)
            assert path.is_file(), f"{path} missing: run make handouts"
            assert path.read_bytes().startswith(b"%PDF"), path


def test_committed_pdfs_are_printed_from_the_current_sources(docs, n):
    assert pack.stale_pdfs(docs, n) == [], "run make handouts and commit docs/journal_club/pdf/"


def test_the_staleness_check_sees_a_changed_source(docs, n):
    # guard against a check that cannot fail: one changed word changes the recorded hash
    lang, name = "nb", "handout"
    doc = docs[(lang, name)]
    changed = pack.Doc(doc.name, doc.lang, doc.markdown.replace("kalkulator", "regnemaskin", 1), doc.figures, doc.slides)
    manifest = json.loads(pack.MANIFEST.read_text(encoding="utf-8"))
    assert manifest[f"{lang}/{name}.pdf"]["source_sha256"] != pack.input_hash(changed, n)
    tampered = dict(docs)
    tampered[(lang, name)] = changed
    assert f"{lang}/{name}.pdf (sources changed)" in pack.stale_pdfs(tampered, n)


def test_a_changed_figure_input_changes_the_hash(docs, n):
    doc = docs[("en", "deck")]
    assert "forest" in doc.figures
    other = dict(n)
    published = n["published"].copy()
    published.loc["lifting", "odds_ratio"] = 1.5
    other["published"] = published
    assert pack.input_hash(doc, other) != pack.input_hash(doc, n)


def test_pdf_dates_are_fixed():
    for lang in LANGS:
        for name in pack.DOCS:
            data = pack.pdf_path(lang, name).read_bytes()
            dates = set(re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{14})", data))
            assert dates <= {pack.FIXED_PDF_DATE}, (lang, name, dates)


def test_page_sizes_a4_and_deck_landscape():
    for lang in LANGS:
        for name in pack.DOCS:
            for width, height in _pdf_pages(pack.pdf_path(lang, name)):
                if name == "deck":
                    assert abs(width / height - 16 / 9) < 0.01, (lang, name, width, height)
                else:  # A4 is 595 x 842 points
                    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, (lang, name, width, height)


def test_readme_states_the_page_counts_of_the_committed_pdfs():
    readme = (PACK / "README.md").read_text(encoding="utf-8")
    for name in pack.DOCS:
        row = next(line for line in readme.splitlines() if f"(pdf/en/{name}.pdf)" in line)
        stated = row.rsplit("|", 2)[1].strip()
        counts = [len(_pdf_pages(pack.pdf_path(lang, name))) for lang in LANGS]
        expected = str(counts[0]) if counts[0] == counts[1] else f"{counts[0]} · {counts[1]}"
        assert stated == expected, (name, stated, counts)


def test_readmes_say_in_both_languages_where_the_pack_is():
    readme = (PACK / "README.md").read_text(encoding="utf-8")
    assert "pdf/nb/" in readme and "pdf/en/" in readme
    assert "Den norske utgaven" in readme and "Norwegian edition" in readme
    main = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/journal_club/pdf/nb/" in main and "docs/journal_club/pdf/en/" in main
    assert "norsk" in main.lower()


def test_deck_shows_no_code_and_no_raw_tables(docs):
    for lang in LANGS:
        deck = docs[(lang, "deck")]
        for slide in deck.slides:
            text = re.sub(r"<img [^>]+>", "", slide["markdown"])
            assert "`" not in text and "```" not in text, (lang, slide["id"])
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), (lang, slide["id"], "snake_case name on a slide")
            rows = [line for line in text.splitlines() if line.startswith("|")]
            assert len(rows) <= 9, (lang, slide["id"], "a table of more than seven rows")


def test_deck_follows_the_plan_order(docs):
    order = [seg["id"] for seg in pack.plans()["segment"]]
    for lang in LANGS:
        segments = [s["segment"] for s in docs[(lang, "deck")].slides]
        assert segments == sorted(segments, key=order.index), lang
        assert set(segments) == set(order)


def test_checklist_asks_only_for_a_pdf_reader_and_a_projector(docs):
    words = {"en": ("PDF reader", "projector", "Optional"), "nb": ("PDF-leser", "prosjektor", "Valgfritt")}
    for lang in LANGS:
        text = docs[(lang, "checklist")].markdown
        reader, projector, optional = words[lang]
        assert reader in text and projector in text
        required = text.split(f"*{optional}")[0]
        assert "make " not in required and "jupyter" not in required.lower(), lang
        assert "_build" not in text and "html" not in text.lower(), "the pre-reading must not send the HTML pages"


# --- 2. the Norwegian edition: the same numbers, formatted for Norway ------------------------------


def test_fmt_writes_norwegian_numbers():
    assert jc.fmt(1.05, 2, "nb") == "1,05" and jc.fmt(1.05, 2, "en") == "1.05"
    assert jc.fmt(-4, 0, "nb") == "−4"
    assert jc.fmt(75, 0, "nb", percent=True) == "75\u00a0%" and jc.fmt(75, 0, "en", percent=True) == "75%"
    assert jc.fmt(30850, 0, "nb") == "30\u00a0850" and jc.fmt(9757, 0, "nb") == "9757"
    assert jc.fmt(-0.001, 2, "en") == "0.00"
    with pytest.raises(ValueError, match="lang"):
        jc.fmt(1, 0, "de")


def test_kilograms_are_computed_beside_pounds(n):
    assert abs(n["kg"] - 4.536) < 0.001
    for lang, text in (("en", "(≈4.5 kg)"), ("nb", "(≈4,5 kg)")):
        assert text in jv.or_table(n, lang)


def test_both_languages_print_the_same_numbers(docs):
    for name in pack.DOCS:
        en = sorted(_tokens(docs[("en", name)].markdown, "en"))
        nb = sorted(_tokens(docs[("nb", name)].markdown, "nb"))
        assert en == nb, (name, sorted(set(en) ^ set(nb)))


def test_norwegian_decimals_use_a_comma(docs):
    for name in pack.DOCS:
        text = re.sub(r"doi:\S+|https?://\S+|`[^`]*`", "", docs[("nb", name)].markdown)
        text = re.sub(r"\d{4};\d+\(\d+\):e?\d+", "", text)  # journal volume(issue):page
        assert not re.search(r"\d\.\d", text), (name, re.findall(r".{20}\d\.\d.{10}", text)[:3])


def test_templates_type_no_numbers(n):
    data_integers = {str(int(v)) for k, v in n.items() if isinstance(v, float) and v == int(v) and v >= 10}
    assert {"416", "345", "71", "9757", "306"} <= data_integers
    for path in sorted(SRC.glob("*/*.md")) + sorted(SRC.glob("*/questions.toml")):
        text = PLACEHOLDERS.sub("", path.read_text(encoding="utf-8"))
        assert not re.search(r"\d[.,]\d", text), (path.name, "a decimal number typed in a template")
        assert not re.search(r"\d\s?%", text), (path.name, "a percentage typed in a template")
        typed = set(re.findall(r"\b\d+\b", text)) & data_integers
        assert not typed, (path, typed)


PLACEHOLDERS = re.compile(r"\{\{[^}]+\}\}")


def test_funksjonshemming_is_only_quoted_from_the_summary(docs):
    for name in pack.DOCS:
        text = docs[("nb", name)].markdown
        for match in re.finditer(r"funksjonshemming", text, flags=re.IGNORECASE):
            before = text[max(0, match.start() - 1)]
            assert before in "«\"*", (name, text[match.start() - 40:match.end() + 10])
    terms = jv.terms(jc.numbers(), "nb")
    assert "| functional limitation | funksjonsbegrensning |" in terms
    assert "| flare | oppbluss |" in terms


# --- 3. it fits, by a method anyone can repeat ------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("plan,limit", [("90", 80), ("60", 52)])
def test_each_segment_fits_its_slot(docs, n, lang, plan, limit):
    spec = pack.plans()["plans"][plan]
    rows = timing.estimate(plan, lang, docs, n)
    over = [(r.segment, round(r.minutes, 1), r.slot) for r in rows if r.minutes > r.slot]
    assert not over, f"segments over their slot: {over}"
    assert sum(r.slot for r in rows) + spec["reserve"] == spec["total"] == int(plan)
    assert sum(r.slot for r in rows) <= limit
    assert sum(r.minutes for r in rows) <= limit


def test_timing_counts_what_is_projected_and_read(docs, n):
    # guard: 1300 more projected words add ten minutes to that segment
    before = {r.segment: r.minutes for r in timing.estimate("90", "en", docs, n)}
    deck = docs[("en", "deck")]
    padded = [dict(s) for s in deck.slides]
    padded[0]["markdown"] += " word" * 1300
    changed = dict(docs)
    changed[("en", "deck")] = pack.Doc(deck.name, deck.lang, deck.markdown, deck.figures, padded)
    after = {r.segment: r.minutes for r in timing.estimate("90", "en", changed, n)}
    assert after[padded[0]["segment"]] == pytest.approx(before[padded[0]["segment"]] + 10)
    assert timing.words("one two-three 1,05 **bold** <b>x</b>") == 5


def test_projected_words_are_few(docs, n):
    for lang in LANGS:
        rows = timing.estimate("90", lang, docs, n)
        assert sum(r.projected for r in rows) <= 1000, lang


def test_every_task_in_the_plans_is_a_live_exercise_with_a_calculator_version(docs):
    codes = {ex.code for ex in jc.LIVE}
    named = set()
    for seg in pack.plans()["segment"]:
        for key in ("tasks", "hands"):
            for plan_codes in seg.get(key, {}).values():
                named |= set(plan_codes)
    assert named == codes
    for lang in LANGS:
        sheet = docs[(lang, "calculator_sheet")].markdown
        assert all(f"### {c} (`" in sheet for c in codes if c.startswith("C"))


def test_guide_plan_tables_are_generated_from_the_plans():
    assert not pack.update_guide(check=True), "run python tools/build_journal_club.py --no-pdf"


# --- 4. it starts from what the participants read ------------------------------------------------


def test_the_summary_segment_comes_early_and_discusses_sitting_in_the_room(docs):
    segments = pack.plans()["segment"]
    assert [s["id"] for s in segments][:2] == ["welcome", "read"]
    read = segments[1]
    assert read["minutes"]["90"] >= 15 and read["minutes"]["60"] >= 12
    assert read["voices"]["90"] >= 4 and read["voices"]["60"] >= 4
    for lang in LANGS:
        slides = {s["id"]: s["markdown"] for s in docs[(lang, "deck")].slides if s["segment"] == "read"}
        assert "D2" in slides["read-sitting"]
        text = " ".join(slides.values())
        for needle in ("NHI.no", "Steffens 2016", "RMDQ", jc.fmt(jc.numbers()["n_aim1"], 0, lang)):
            assert needle in text, (lang, needle)
        assert ("total" in text) if lang == "en" else ("samlet tid" in text)  # the unit of "per hour"
        handout = docs[(lang, "handout")].markdown
        assert "to take home" not in handout and "ta med hjem" not in handout.lower()


def test_steffens_grades_come_from_the_data(n):
    assert "moderate" in str(n["steffens_exedu"]["note"]).lower()
    assert "very low" in str(n["steffens_ex"]["note"]).lower()
    values = jv.values(n, "nb")
    assert "moderat kvalitet" in values["steffens_exedu_grade"] and "svært lav" in values["steffens_ex_grade"]


# --- 5. a handout people write on, with no answers -----------------------------------------------


def test_print_css_is_at_least_11pt():
    sizes = [(float(v), u) for v, u in re.findall(r"font-size:\s*([\d.]+)(pt|px)", pack.PRINT_CSS)]
    assert sizes and all((v if u == "pt" else v * 0.75) >= 11 for v, u in sizes), sizes


@pytest.mark.skipif(not POPPLER, reason="needs poppler's pdftotext for word boxes")
def test_printed_handout_text_is_at_least_11pt():
    for lang in LANGS:
        out = subprocess.run(["pdftotext", "-bbox", str(pack.pdf_path(lang, "handout")), "-"],
                             capture_output=True, text=True, check=True).stdout
        heights = sorted(float(y2) - float(y1) for y1, y2 in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', out))
        assert len(heights) > 300
        # a DejaVu word box is about 1.16 times the font size; the 5th percentile covers body text
        assert heights[len(heights) // 20] >= 11 * 1.1, (lang, heights[len(heights) // 20])


def test_every_handout_question_has_room_to_write():
    for lang in LANGS:
        text = (SRC / lang / "handout.md").read_text(encoding="utf-8")
        questions = re.findall(r"^\*\*([CDH]\d)\*\* \{\{q:\1\}\}\n\n(\{\{lines:(\d+)\}\})?", text, flags=re.MULTILINE)
        assert len(questions) >= 12, lang
        assert all(lines and int(count) >= 1 for _, lines, count in questions), (lang, questions)


@pytest.mark.parametrize("name", ["handout", "calculator_sheet", "checklist"])
def test_pre_reading_and_handout_hold_no_answer(docs, name):
    for lang in LANGS:
        tokens = set(_tokens(docs[(lang, name)].markdown, lang))
        leaked = {code: forms & tokens for code, forms in _answer_forms(lang).items() if forms & tokens}
        assert not leaked, (lang, name, leaked)
        pdf_tokens = set(_tokens(_pdf_text(pack.pdf_path(lang, name)), lang))
        leaked = {code: forms & pdf_tokens for code, forms in _answer_forms(lang).items() if forms & pdf_tokens}
        assert not leaked, (lang, f"{name}.pdf", leaked)
        if name != "checklist":  # the checklist says when to hand out the answer key
            lower = docs[(lang, name)].markdown.lower()
            assert "answer key" not in lower and "fasit" not in lower


def test_the_answer_check_would_catch_a_leak(docs):
    for lang in LANGS:
        tokens = set(_tokens(docs[(lang, "facilitator_script")].markdown, lang))
        assert all(forms & tokens for forms in _answer_forms(lang).values()), lang


def test_questions_do_not_give_their_answer_away(n):
    for lang in LANGS:
        qs = pack.questions(lang)
        # C2 must not hand over the denominator that explains the printed percentage
        assert jc.fmt(n["sex_recorded"], 0, lang) not in qs["C2"]
        # D4 must not state that the shares recombine
        assert "recombine" not in qs["D4"] and "25" not in qs["D4"]


def test_summary_is_marked_for_after_the_session():
    for lang, words in (("en", "To hand out after the session"), ("nb", "Deles ut etter møtet")):
        text = _pdf_text(pack.pdf_path(lang, "summary"))
        assert words in " ".join(text.split()[:40]), lang


def test_answer_key_passes_the_kits_own_checks():
    from lbpkit.exercises import check, get_exercise, reset_attempts

    for ex in jc.LIVE:
        exercise = get_exercise(ex.exercise_id)
        value = jc.answer_value(ex.exercise_id)
        reset_attempts(ex.exercise_id)
        answer = value if isinstance(value, float) else jc.answer_text(ex.exercise_id)
        assert check(ex.exercise_id, answer).passed, (ex.code, value, exercise.kind)


def test_summary_has_no_shorthand(docs):
    for lang in LANGS:
        text = docs[(lang, "summary")].markdown
        assert "| | |" not in text, "empty header row"
        assert not re.search(r"\de-\d", text), "computer notation such as 2.4e-11"
        assert "same z" not in text and "unknown p" not in text


# --- re-printing (make test-browser) ---------------------------------------------------------------

needs_printer = pytest.mark.skipif(pack.chromium() is None, reason="needs Chromium (apt-get install -y chromium)")


@needs_printer
def test_reprinting_gives_the_committed_bytes(tmp_path, docs, n):
    one = {key: docs[key] for key in (("nb", "checklist"), ("en", "summary"))}
    for path in pack.print_pdfs(tmp_path / "pdf", docs=one, n=n, html_dir=tmp_path / "html"):
        lang, name = path.parent.name, path.stem
        assert path.read_bytes() == pack.pdf_path(lang, name).read_bytes(), f"{lang}/{name}.pdf is not reproducible"
