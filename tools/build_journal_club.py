"""Build the journal-club pack (docs/journal_club/) in English and Norwegian, and print its PDFs.

Usage:
    python tools/build_journal_club.py            # refresh the generated guide block, print every PDF
    python tools/build_journal_club.py --check    # exit 1 if a committed PDF or the guide is stale
    python tools/build_journal_club.py --no-pdf   # refresh the guide block and write the HTML only

Sources (written by hand) are ``docs/journal_club/src/``: per language (``en``, ``nb``) the
summary, handout, facilitator script, calculator sheet, checklist and deck as Markdown
templates, the questions in ``questions.toml``; the plans in ``plans.toml``. A template names
every number by a placeholder (``{{n_all}}``), filled from ``lbpkit`` by
``journal_club_numbers.py`` and formatted for the language by one function; no number is typed.
Other placeholders: ``{{q:D1}}`` a question, ``{{block:name}}`` a generated table,
``{{figure:name}}`` a figure drawn with matplotlib at print time, ``{{lines:N}}`` N ruled lines
to write on, ``{{slot:segment}}`` a segment's minutes, ``{{pagebreak}}``.

The PDFs are the HTML printed by headless Chromium (A4 portrait; the deck 16:9 landscape), with
their creation dates fixed so that a rebuild of unchanged sources gives the same bytes. They are
committed in ``docs/journal_club/pdf/{en,nb}/`` with ``manifest.json``, which records for each PDF
a hash of what it was printed from (the filled Markdown, the stylesheet, the figures' data and
drawing code) and of the PDF itself; ``tests/test_handouts.py`` recomputes the first without Chromium and fails when a source
changed and the PDF was not rebuilt.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path.insert(0, str(TOOLS))
sys.path.insert(0, str(ROOT))

import journal_club_figures as figures  # noqa: E402
import journal_club_numbers as jc  # noqa: E402
from journal_club_numbers import LANGS, fmt  # noqa: E402
from journal_club_values import answer_key, calculator, or_table, plan_tables, summary_results, terms, values  # noqa: E402

PACK = ROOT / "docs" / "journal_club"
SRC = PACK / "src"
PDF_DIR = PACK / "pdf"
MANIFEST = PDF_DIR / "manifest.json"
GUIDE = ROOT / "docs" / "instructor_guide.md"
BUILD = ROOT / "_build" / "journal_club"
DOCS = ("handout", "summary", "facilitator_script", "calculator_sheet", "checklist", "deck")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--no-pdf-header-footer", "--print-to-pdf-no-header")
FIXED_PDF_DATE = b"20260101000000"  # replaces Chromium's creation and modification dates

PLACEHOLDER = re.compile(r"\{\{(?:(?P<kind>q|block|figure|lines|slot):)?(?P<name>[A-Za-z0-9_]+)\}\}")
SLIDE = re.compile(r"^<!-- slide: (?P<id>[a-z0-9-]+); segment: (?P<segment>[a-z]+); plans: (?P<plans>[0-9 ]+) -->$",
                   re.MULTILINE)

GUIDE_BLOCK = re.compile(r"(<!-- BEGIN GENERATED: journal-club-plan-(?P<plan>90|60) -->\n)(?P<body>.*?)"
                         r"(<!-- END GENERATED: journal-club-plan-(?P=plan) -->)", re.DOTALL)


def plans() -> dict:
    return tomllib.loads((SRC / "plans.toml").read_text(encoding="utf-8"))


def questions(lang: str) -> dict:
    return tomllib.loads((SRC / lang / "questions.toml").read_text(encoding="utf-8"))


# --- filling the templates ------------------------------------------------------------------------


@dataclass
class Doc:
    """One document of the pack in one language, filled in."""

    name: str
    lang: str
    markdown: str
    figures: list[str] = field(default_factory=list)
    slides: list[dict] = field(default_factory=list)  # the deck only: id, segment, plans, markdown


def _write_lines(count: int) -> str:
    return '<div class="write">' + '<div class="line"></div>' * count + "</div>"


def fill(text: str, lang: str, n: dict, *, where: str, used: list[str] | None = None) -> str:
    """Replace every placeholder in ``text``; an unknown name is an error naming ``where``."""
    vals = values(n, lang)
    qs = questions(lang)
    spec = plans()
    blocks = {"or_table": or_table, "summary_results": summary_results, "answer_key": answer_key,
              "calculator": calculator, "plans": plan_tables, "terms": terms}

    def one(match: re.Match) -> str:
        kind, name = match.group("kind"), match.group("name")
        if kind == "q":
            if name not in qs:
                raise ValueError(f"{where}: no question {name!r} in src/{lang}/questions.toml")
            return fill(qs[name], lang, n, where=f"{where} (question {name})")
        if kind == "block":
            if name not in blocks:
                raise ValueError(f"{where}: unknown block {name!r}")
            return blocks[name](n, lang)
        if kind == "figure":
            if name not in figures.FIGURES:
                raise ValueError(f"{where}: unknown figure {name!r}")
            if used is not None:
                used.append(name)
            alt = html.escape(figures.FIGURES[name].alt[lang])
            return f'<img class="figure" src="figures/{lang}-{name}.png" alt="{alt}">'
        if kind == "lines":
            return _write_lines(int(name))
        if kind == "slot":
            segment = next((s for s in spec["segment"] if s["id"] == name), None)
            if segment is None:
                raise ValueError(f"{where}: unknown segment {name!r}")
            m90, m60 = segment["minutes"].get("90", 0), segment["minutes"].get("60", 0)
            word = "min"
            return f"{m90} {word}" + (f" (60: {m60} {word})" if m60 else "")
        if name == "pagebreak":
            return '<div class="page-break"></div>'
        if name not in vals:
            raise ValueError(f"{where}: unknown placeholder {{{{{name}}}}} (known: see journal_club_values.values)")
        return vals[name]

    return PLACEHOLDER.sub(one, text)


def build_doc(name: str, lang: str, n: dict) -> Doc:
    source = SRC / lang / f"{name}.md"
    text = source.read_text(encoding="utf-8")
    used: list[str] = []
    where = str(source.relative_to(ROOT))
    if name != "deck":
        return Doc(name, lang, fill(text, lang, n, where=where, used=used), figures=used)
    marks = list(SLIDE.finditer(text))
    if not marks:
        raise ValueError(f"{where}: no slide markers")
    slides = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        body = fill(text[mark.end():end].strip() + "\n", lang, n, where=f"{where} slide {mark.group('id')}", used=used)
        slides.append({"id": mark.group("id"), "segment": mark.group("segment"),
                       "plans": mark.group("plans").split(), "markdown": body})
    return Doc(name, lang, "\n".join(s["markdown"] for s in slides), figures=used, slides=slides)


def build_all(n: dict | None = None) -> dict[tuple[str, str], Doc]:
    n = n if n is not None else jc.numbers()
    return {(lang, name): build_doc(name, lang, n) for lang in LANGS for name in DOCS}


# --- HTML -----------------------------------------------------------------------------------------

PRINT_CSS = """
@page { size: A4; margin: 16mm 18mm 16mm 18mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.35;
       color: #111; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 6pt; } h2 { font-size: 13pt; margin: 12pt 0 4pt; }
h3 { font-size: 12pt; margin: 10pt 0 3pt; } p, ul, ol { margin: 4pt 0; } li { margin: 2pt 0; }
table { border-collapse: collapse; margin: 6pt 1pt; width: calc(100% - 2pt); }
th, td { border: 0.5pt solid #999; padding: 2pt 5pt; text-align: left; vertical-align: top; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 11pt; }
blockquote { margin: 5pt 0; padding: 2pt 10pt; border-left: 2pt solid #888; }
a { color: #111; text-decoration: none; } .anchor-link { display: none; }
.page-break { break-before: page; }
.write { margin: 2pt 0 10pt; } .write .line { border-bottom: 0.6pt solid #777; height: 9mm; }
.after { border: 1pt solid #111; padding: 4pt 8pt; font-weight: bold; }
h2, h3 { break-after: avoid; } table, li, blockquote, .write { break-inside: avoid; }
p { orphans: 3; widows: 3; }
p:has(+ .write), p:has(+ table), p:has(+ ul), p:has(+ ol) { break-inside: avoid; break-after: avoid; }
"""

DECK_CSS = """
@page { size: 320mm 180mm; margin: 0; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 22pt; line-height: 1.3;
       color: #111; margin: 0; }
.slide { width: 320mm; height: 180mm; box-sizing: border-box; padding: 12mm 18mm; break-after: page;
         overflow: hidden; position: relative; }
.slide:last-child { break-after: auto; }
h1 { font-size: 36pt; margin: 0 0 12pt; } h2 { font-size: 28pt; margin: 0 0 10pt; }
p, ul, ol { margin: 6pt 0; } li { margin: 3pt 0; }
table { border-collapse: collapse; margin: 4pt 1pt; font-size: 17pt; width: calc(100% - 2pt); }
th, td { border: 0.75pt solid #888; padding: 3pt 7pt; text-align: left; vertical-align: top; }
.figure { display: block; margin: 0 auto; max-width: 100%; max-height: 118mm; }
a { color: #111; text-decoration: none; } .anchor-link { display: none; }
.slide-id { position: absolute; right: 8mm; bottom: 5mm; font-size: 11pt; color: #777; }
"""


def html_page(doc: Doc) -> str:
    """The printable HTML of one document (the kit's Markdown renderer)."""
    from build_site import markdown_to_html

    title = next((line[2:] for line in doc.markdown.splitlines() if line.startswith("# ")), doc.name)
    if doc.name == "deck":
        sections = "\n".join(
            f'<section class="slide" id="{s["id"]}">\n{markdown_to_html(s["markdown"])}\n'
            f'<div class="slide-id">{s["id"]} · {index}</div>\n</section>'
            for index, s in enumerate(doc.slides, start=1))
        css, body = DECK_CSS, sections
    else:
        css, body = PRINT_CSS, markdown_to_html(doc.markdown)
    return (f'<!DOCTYPE html>\n<html lang="{doc.lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n'
            f'<body class="{doc.name}">\n{body}\n</body>\n</html>\n')


def input_hash(doc: Doc, n: dict) -> str:
    """A hash of everything a PDF is printed from: the filled Markdown, the print stylesheet and the
    figures' data, labels and drawing code (not the rendered HTML or PNG, which depend on library
    versions, so the check gives the same answer on every machine)."""
    source = {"name": doc.name, "lang": doc.lang, "markdown": doc.markdown,
              "slides": [[s["id"], s["markdown"]] for s in doc.slides],
              "css": DECK_CSS if doc.name == "deck" else PRINT_CSS,
              "page": inspect.getsource(html_page)}
    digest = hashlib.sha256(json.dumps(source, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for name in doc.figures:
        fig = figures.FIGURES[name]
        digest.update(json.dumps(fig.data(n), sort_keys=True, default=str).encode("utf-8"))
        digest.update(inspect.getsource(fig.draw).encode("utf-8"))
        digest.update(json.dumps(fig.labels(doc.lang), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def pdf_path(lang: str, name: str) -> Path:
    return PDF_DIR / lang / f"{name}.pdf"


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale_pdfs(docs: dict[tuple[str, str], Doc] | None = None, n: dict | None = None) -> list[str]:
    """Committed PDFs whose sources changed since they were printed (or that are missing)."""
    n = n if n is not None else jc.numbers()
    docs = docs if docs is not None else build_all(n)
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.is_file() else {}
    stale = []
    for (lang, name), doc in docs.items():
        key = f"{lang}/{name}.pdf"
        entry = manifest.get(key)
        path = pdf_path(lang, name)
        if entry is None or not path.is_file():
            stale.append(f"{key} (missing)")
        elif entry["source_sha256"] != input_hash(doc, n):
            stale.append(f"{key} (sources changed)")
        elif entry["pdf_sha256"] != file_hash(path):
            stale.append(f"{key} (the PDF is not the one the manifest records)")
    return stale


# --- the instructor guide's Plan A block ------------------------------------------------------------


def update_guide(*, check: bool = False) -> bool:
    """Write the plan tables into the instructor guide's Plan A; return True when they were stale."""
    text = GUIDE.read_text(encoding="utf-8")
    matches = {m.group("plan") for m in GUIDE_BLOCK.finditer(text)}
    if matches != {"90", "60"}:
        raise ValueError(f"{GUIDE}: needs the blocks journal-club-plan-90 and journal-club-plan-60, found {sorted(matches)}")
    n = jc.numbers()
    new = GUIDE_BLOCK.sub(lambda m: m.group(1) + plan_tables(n, "en", guide=True, only=m.group("plan")) + m.group(4), text)
    if new == text:
        return False
    if not check:
        GUIDE.write_text(new, encoding="utf-8")
    return True


# --- printing -------------------------------------------------------------------------------------


def chromium() -> str | None:
    """Path of a Chromium to print with (``LBPKIT_CHROMIUM`` or the usual names), or None."""
    for candidate in (os.environ.get("LBPKIT_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def fix_dates(pdf: bytes) -> bytes:
    """Replace Chromium's creation and modification dates (same length, so offsets stay valid)."""
    return re.sub(rb"/(CreationDate|ModDate) \(D:\d{14}", lambda m: b"/" + m.group(1) + b" (D:" + FIXED_PDF_DATE, pdf)


def write_html(docs: dict[tuple[str, str], Doc], n: dict, out: Path) -> dict[tuple[str, str], Path]:
    """Write each document's HTML and its figures to ``out``; return the HTML paths."""
    (out / "figures").mkdir(parents=True, exist_ok=True)
    drawn = set()
    pages = {}
    for (lang, name), doc in docs.items():
        for fig in doc.figures:
            if (lang, fig) not in drawn:
                figures.render(fig, n, lang, out / "figures" / f"{lang}-{fig}.png")
                drawn.add((lang, fig))
        page = out / f"{lang}-{name}.html"
        page.write_text(html_page(doc), encoding="utf-8")
        pages[(lang, name)] = page
    return pages


def print_pdfs(out: Path = PDF_DIR, *, docs=None, n=None, html_dir: Path = BUILD) -> list[Path]:
    """Print every document to ``out/{lang}/{name}.pdf``; update the manifest when ``out`` is the pack's."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("make handouts needs Chromium (/usr/bin/chromium). On Debian/Ubuntu, as root: "
                           "apt-get update && apt-get install -y chromium; or set LBPKIT_CHROMIUM=/path/to/chromium.")
    n = n if n is not None else jc.numbers()
    docs = docs if docs is not None else build_all(n)
    pages = write_html(docs, n, html_dir)
    manifest = {}
    written = []
    with tempfile.TemporaryDirectory(prefix="lbpkit-chromium-") as profile:
        for (lang, name), page in pages.items():
            pdf = out / lang / f"{name}.pdf"
            pdf.parent.mkdir(parents=True, exist_ok=True)
            raw = Path(profile) / "out.pdf"
            raw.unlink(missing_ok=True)
            command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={raw}",
                       page.resolve().as_uri()]
            result = subprocess.run(command, capture_output=True, text=True, timeout=180)
            if not raw.is_file():
                raise RuntimeError(f"Chromium wrote no PDF for {lang}/{name} (exit {result.returncode}): {result.stderr[-800:]}")
            pdf.write_bytes(fix_dates(raw.read_bytes()))
            manifest[f"{lang}/{name}.pdf"] = {"source_sha256": input_hash(docs[(lang, name)], n),
                                              "pdf_sha256": file_hash(pdf)}
            written.append(pdf)
    if out.resolve() == PDF_DIR.resolve():
        MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return written


README = PACK / "README.md"
README_BLOCK = re.compile(r"(<!-- BEGIN GENERATED: pages -->\n)(?P<body>.*?)(<!-- END GENERATED: pages -->)", re.DOTALL)
TITLES = {  # file name: (English, Norwegian)
    "deck": ("projection deck (16:9), no code", "lysark til prosjektor (16:9), uten kode"),
    "handout": ("participant handout, to write on", "arbeidsark til deltakerne, å skrive på"),
    "facilitator_script": ("facilitator script: plans, script, answer key, terms", "manus for møteleder: planer, manus, fasit, ordliste"),
    "calculator_sheet": ("calculator sheet: keys and method, no answers", "kalkulatorark: taster og fremgangsmåte, uten svar"),
    "checklist": ("preparation checklist", "sjekkliste for forberedelse"),
    "summary": ("summary, to hand out after the session", "sammendrag, deles ut etter møtet"),
}


def pdf_pages(path: Path) -> int:
    """Pages of a PDF printed by Chromium (its page objects are not compressed)."""
    return len(re.findall(rb"/Type /Page\b(?!s)", path.read_bytes()))


def update_readme() -> None:
    rows = ["| English | Norsk | Pages · Sider |", "|---|---|---:|"]
    for name in ("deck", "handout", "facilitator_script", "calculator_sheet", "checklist", "summary"):
        en, nb = TITLES[name]
        pages = {lang: pdf_pages(pdf_path(lang, name)) for lang in LANGS}
        count = str(pages["en"]) if pages["en"] == pages["nb"] else f"{pages['en']} · {pages['nb']}"
        rows.append(f"| [{en}](pdf/en/{name}.pdf) | [{nb}](pdf/nb/{name}.pdf) | {count} |")
    text = README.read_text(encoding="utf-8")
    README.write_text(README_BLOCK.sub(lambda m: m.group(1) + "\n".join(rows) + "\n" + m.group(3), text), encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale PDFs or guide block; change nothing")
    parser.add_argument("--no-pdf", action="store_true", help="refresh the guide block and write the HTML only")
    args = parser.parse_args(argv)
    n = jc.numbers()
    docs = build_all(n)
    if args.check:
        problems = stale_pdfs(docs, n) + (["docs/instructor_guide.md (Plan A tables)"] if update_guide(check=True) else [])
        if problems:
            print("stale (run make handouts):", ", ".join(problems))
            return 1
        print("docs/journal_club: PDFs and plan tables are up to date")
        return 0
    if update_guide():
        print("docs/instructor_guide.md: Plan A tables rewritten")
    if args.no_pdf:
        write_html(docs, n, BUILD)
        print(f"wrote the HTML to {BUILD.relative_to(ROOT)}")
        return 0
    for pdf in print_pdfs(docs=docs, n=n):
        print(f"wrote {pdf.relative_to(ROOT)}")
    update_readme()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
