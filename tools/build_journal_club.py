"""Write the generated parts of docs/journal_club/ and print its PDFs (``make handouts``).

Usage:
    python tools/build_journal_club.py             # refresh the generated blocks, then print the PDFs
    python tools/build_journal_club.py --check     # exit 1 (naming the blocks) if any block is stale
    python tools/build_journal_club.py --no-pdf    # refresh the blocks only
    python tools/build_journal_club.py --out DIR   # PDFs somewhere else (default _build/handouts/)

Every number in the pack is computed here from ``lbpkit`` (the published figures in ``data/`` and
the kit's functions), never typed: the numbers participants need, the calculator exercises, the
answer key (each live exercise's expected value from the exercise bank, rounded to the precision
its check asks for) and the summary's results. They are written between marker comments::

    <!-- BEGIN GENERATED: answer-key -->
    ...
    <!-- END GENERATED: answer-key -->

Everything outside the markers is written by hand. The two session plans are copied from the
instructor guide's Plan A sections, so the pack and the guide cannot drift apart.

The PDFs are the kit's own HTML (the Markdown renderer of ``tools/build_site.py``) with a print
stylesheet, printed by headless Chromium (``--print-to-pdf``): no LaTeX. Explicit page breaks fix
the page count; ``tests/test_handouts.py`` checks it against the count stated in the pack's
README, checks that the text can be extracted, and that the handout contains no answer.
"""

from __future__ import annotations

import argparse
import html
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
PACK = ROOT / "docs" / "journal_club"
GUIDE = ROOT / "docs" / "instructor_guide.md"
DEFAULT_OUT = ROOT / "_build" / "handouts"
sys.path.insert(0, str(ROOT))

PDF_SOURCES = ("summary", "handout", "facilitator_script")  # printed by `make handouts`
PAGE_BREAK = '<div class="page-break"></div>'
AFTERNOON_HOURS = 4  # the kit's assumption of "an afternoon" (notebook 07)
WORKDAY_HOURS = 8  # and of "a working day"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--no-pdf-header-footer", "--print-to-pdf-no-header")

BLOCK = re.compile(
    r"(<!-- BEGIN GENERATED: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- END GENERATED: (?P=name) -->)",
    re.DOTALL,
)


# --- the numbers ------------------------------------------------------------------------------


def _fmt(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def numbers() -> dict:
    """Published inputs and the kit's results, each computed from lbpkit."""
    from lbpkit import load
    from lbpkit.flares.absolute_risk import risk_difference
    from lbpkit.flares.longterm import minimal_detectable_effect
    from lbpkit.published import published_or_table, rescale_or

    design = load("flares_design")

    def fig(quantity: str, sample: str = "whole sample") -> float:
        rows = design[(design["quantity"] == quantity) & (design["sample"] == sample)]
        if len(rows) != 1:
            raise ValueError(f"flares_design has {len(rows)} rows for {quantity!r} / {sample!r}; expected one.")
        return float(rows["value"].iloc[0])

    table = published_or_table()
    reported = table[table["odds_ratio"].notna()].set_index("activity")
    lifting = reported.loc["lifting"]
    day = rescale_or(lifting["odds_ratio"], to=WORKDAY_HOURS, ci_lower=lifting["ci_lower"], ci_upper=lifting["ci_upper"])
    afternoon = rescale_or(lifting["odds_ratio"], to=AFTERNOON_HOURS, ci_lower=lifting["ci_lower"], ci_upper=lifting["ci_upper"])
    flares_per_year = fig("median_flare_surveys_per_participant", "unclear")
    daily_risk = 1 - math.exp(-flares_per_year / 365)
    extra = risk_difference(daily_risk, afternoon.odds_ratio, ci_lower=afternoon.ci_lower, ci_upper=afternoon.ci_upper).iloc[0]
    mde = minimal_detectable_effect([int(fig("participants_aim2_cohort", "aim 2")), int(fig("participants"))],
                                    power=0.8, n_covariates=1)
    return {
        "published": load("flares_published_or").set_index("activity"),
        "reported": reported,
        "n_activities": len(table),
        "n_reported": len(reported),
        "n_all": fig("participants"),
        "n_surveys": fig("surveys_analysed"),
        "n_aim1": fig("participants_aim1_case_crossover", "aim 1"),
        "n_aim2": fig("participants_aim2_cohort", "aim 2"),
        "female_aim1": fig("female_percent", "aim 1"),
        "female_aim2": fig("female_percent", "aim 2"),
        "female_all": fig("female_percent"),
        "age_all": fig("age_mean"),
        "age_aim1": fig("age_mean", "aim 1"),
        "age_aim2": fig("age_mean", "aim 2"),
        "rmdq_aim1": fig("baseline_rmdq_mean", "aim 1"),
        "rmdq_aim2": fig("baseline_rmdq_mean", "aim 2"),
        "male": fig("male_count"),
        "male_printed": fig("male_percent"),
        "sex_recorded": fig("sex_recorded_count", "registry results"),
        "flares_per_year": flares_per_year,
        "scheduled_median": fig("median_scheduled_surveys_per_participant", "unclear"),
        "scheduled_max": fig("max_scheduled_surveys_per_participant", "protocol"),
        "daily_risk": daily_risk,
        "lifting": lifting,
        "day": day,
        "extra": extra,
        "p_min_lifting": float(lifting["p_min"]),
        "p_max_lifting": float(lifting["p_max"]),
        "holm_worst": float(reported["p_holm_max"].max()),
        "holm_worst_significant": int((reported["p_holm_max"] < 0.05).sum()),
        "mde_71": float(mde["partial_r"].iloc[0]),
        "mde_all": float(mde["partial_r"].iloc[1]),
    }


# --- the live exercises -------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveExercise:
    code: str  # as on the handout: C1 ... (calculator) or H1 ... (show of hands)
    exercise_id: str  # the notebook's checked exercise it mirrors
    section: str  # where it sits in the kit
    question: str  # the handout's question, with the numbers it needs
    steps: str  # the calculator method (the facilitator's and the calculator sheet's; not the answer)


def live_exercises(n: dict) -> list[LiveExercise]:
    """The exercises of the session plans, in order, with the numbers from ``n``."""
    sitting = n["published"].loc["sitting"]
    return [
        LiveExercise("H1", "03.which-pairs", "notebook 03, end of §6 (discordant pairs: §4)",
                     "In a study with one hazard and one referent window per person, which pairs change the odds "
                     "ratio if you add one more of them? (p) exposed in the hazard window only; (q) exposed in both; "
                     "(r) exposed in neither; (s) exposed in the referent window only.",
                     "Write the matched-pair odds ratio as a ratio of two of the four counts; which counts appear in it?"),
        LiveExercise("H2", "06.design-claim", "notebook 06, §6.6",
                     "Which statement does the case-crossover aim of FLAReS support? (a) People who lift a lot have "
                     "more flares over the year than people who lift little. (b) Within the same person, a flare is "
                     "more likely after hours with lifting than after hours without. (c) Lifting causes long-term "
                     "damage to the back. (d) Sitting all day protects the back in the long run.",
                     "Ask who is compared with whom, and over what time span."),
        LiveExercise("C1", "06.male-percent", "notebook 06, §3",
                     f"News summaries print \"{n['male']:g} ({n['male_printed']:g}%) male\" for the {n['n_all']:g} "
                     f"participants. What percent of all {n['n_all']:g} participants is {n['male']:g}? Three "
                     f"significant digits. Then: the registry recorded sex for {n['sex_recorded']:g} people. Which "
                     "denominator is the printed percentage consistent with?",
                     "Percent = 100 × count ÷ denominator. Try both denominators."),
        LiveExercise("C2", "06.recombined-female", "notebook 06, §3",
                     f"The case-crossover group had {n['n_aim1']:g} people, {n['female_aim1']:g}% of them women; the "
                     f"other group {n['n_aim2']:g} people, {n['female_aim2']:g}% women. What percent of the two groups "
                     f"together were women, to one decimal place? Compare it with the whole sample's {n['female_all']:g}%. "
                     f"Then: mean ages were {n['age_aim1']:g} and {n['age_aim2']:g} years ({n['age_all']:g} in the whole "
                     f"sample), and the case-crossover group had lower disability (RMDQ {n['rmdq_aim1']:g} vs "
                     f"{n['rmdq_aim2']:g}; news report). Were the {n['n_aim2']:g} a separate aim-2 group, or the people "
                     "left out of the case-crossover analysis? What would settle it?",
                     "Weighted mean = (n1 × p1 + n2 × p2) ÷ (n1 + n2); a plain average of the two percentages ignores "
                     "the group sizes."),
        LiveExercise("C3", "06.sitting-percent", "notebook 06, §4",
                     f"The per-hour OR for sitting is {_fmt(sitting['odds_ratio'])}. By what percent do the odds of a "
                     "flare change per extra hour with sitting? A signed whole number (a decrease is negative).",
                     "Percent change in odds = 100 × (OR − 1)."),
        LiveExercise("C4", "06.fwer", "notebook 06, §6.4",
                     f"If none of the {n['n_activities']} activities truly affected flares and each were tested "
                     "independently at the 5% level, what is the chance (a percent, three significant digits) that "
                     "at least one comes out \"significant\"?",
                     f"P(at least one) = 1 − P(none) = 1 − 0.95 to the power {n['n_activities']}, times 100."),
        LiveExercise("C5", "07.risk-difference", "notebook 07, \"Absolute risk\"",
                     f"A news report gives a median of {n['flares_per_year']:g} flare surveys per participant over "
                     "the year (which participants the median covers is unclear); take it as the flares per year: a "
                     f"daily risk p0 = 1 − e^(−{n['flares_per_year']:g}/365) ≈ {n['flares_per_year']:g}/365 (the "
                     "shortcut: for a small x, 1 − e^(−x) ≈ x). The per-hour OR for lifting is "
                     f"{_fmt(n['lifting']['odds_ratio'])}; an afternoon is {AFTERNOON_HOURS} hours. Reading the OR as a "
                     "rate ratio, how many extra flares per 1000 days does an afternoon of lifting imply? Two "
                     "significant digits.",
                     f"OR for {AFTERNOON_HOURS} h = OR^{AFTERNOON_HOURS} (multiply OR by itself {AFTERNOON_HOURS} "
                     f"times); risk after p1 = 1 − (1 − p0)^(OR for {AFTERNOON_HOURS} h); extra per 1000 days = "
                     "1000 × (p1 − p0). Shortcut without powers of fractions: at so small a p0, p1 − p0 ≈ p0 × (OR for "
                     f"{AFTERNOON_HOURS} h − 1), which gives the same two digits; so does the odds route "
                     "(odds1 = OR × p0/(1 − p0), p1 = odds1/(1 + odds1))."),
    ]


def answer_text(exercise_id: str) -> str:
    """The expected answer of a checked exercise, as the answer key prints it."""
    from lbpkit.exercises import get_exercise

    exercise = get_exercise(exercise_id)
    expected = exercise.expected()
    if exercise.kind == "choices":
        return ", ".join(sorted(expected))
    if exercise.kind in ("choice", "text"):
        return str(expected)
    value = exercise.precision.rounded(float(expected)) if exercise.precision else float(expected)
    if exercise.precision and exercise.precision.kind == "decimals":
        return f"{value:.{exercise.precision.digits}f}"
    if exercise.precision:
        return f"{value:.{exercise.precision.digits}g}"
    return f"{value:.3g}"


# --- the blocks ---------------------------------------------------------------------------------


def _or_cell(row) -> str:
    import pandas as pd

    if pd.isna(row["odds_ratio"]):
        return "not in the kit's sources: check the paper"
    return f"{_fmt(row['odds_ratio'])} ({_fmt(row['ci_lower'])}–{_fmt(row['ci_upper'])})"


def render_handout_numbers(n: dict) -> str:
    rows = "\n".join(f"| {row['activity_label']} | {_or_cell(row)} |" for _, row in n["published"].iterrows())
    return (
        f"| Activity | OR per extra hour (95% CI) |\n|---|---|\n{rows}\n\n"
        f"Participants {n['n_all']:g}; surveys analysed {n['n_surveys']:g}; case-crossover analysis "
        f"{n['n_aim1']:g}; the other group {n['n_aim2']:g} (who they were is not settled by the kit's sources: "
        f"discrepancy D9, check the paper). Median scheduled surveys completed {n['scheduled_median']:g} of up to "
        f"{n['scheduled_max']:g} (news report; sample unclear).\n"
    )


def render_handout_exercises(n: dict) -> str:
    return "\n".join(f"- **{ex.code}** {ex.question}" for ex in live_exercises(n)) + "\n"


def render_calculator(n: dict) -> str:
    parts = []
    for ex in live_exercises(n):
        kind = "show of hands" if ex.code.startswith("H") else "calculator"
        parts.append(f"### {ex.code} ({kind}; `{ex.exercise_id}`, {ex.section})\n\n{ex.question}\n\n"
                     f"*How to work it out:* {ex.steps}\n")
    return "\n".join(parts)


def render_answer_key(n: dict) -> str:
    rows = "\n".join(f"| {ex.code} | `{ex.exercise_id}` | {answer_text(ex.exercise_id)} |" for ex in live_exercises(n))
    return f"| Handout | Exercise in the kit | Answer |\n|---|---|---|\n{rows}\n"


def render_summary_results(n: dict) -> str:
    labels = n["published"]["activity_label"]
    reported = n["reported"]
    above = ", ".join(f"{labels[a].lower()} {_or_cell(row)}" for a, row in reported.iterrows() if row["odds_ratio"] > 1)
    below = ", ".join(f"{labels[a].lower()} {_or_cell(row)}" for a, row in reported.iterrows() if row["odds_ratio"] < 1)
    extra = n["extra"]
    return (
        "| | |\n|---|---|\n"
        f"| Per-hour ORs above 1 (published) | {above} |\n"
        f"| Below 1 (published) | {below} |\n"
        f"| Not in the kit's sources (check the paper) | {n['n_activities'] - n['n_reported']} of {n['n_activities']} ORs; every p-value |\n"
        f"| Lifting over {WORKDAY_HOURS} h (kit, rescaled) | OR {_fmt(n['day'].odds_ratio)} "
        f"({_fmt(n['day'].ci_lower)}–{_fmt(n['day'].ci_upper)}), not published: wider on the ratio scale, same z (the per-hour CI looks narrow because the unit is small) |\n"
        f"| Lifting p-value (kit, recovered) | between {n['p_min_lifting']:.1e} and {n['p_max_lifting']:.1e}, "
        "depending on how the printed CI was rounded |\n"
        f"| Multiplicity (kit) | worst case over rounding, Holm over all {n['n_activities']} (unknown p = 1): "
        f"{n['holm_worst_significant']} of {n['n_reported']} stay below 0.05 (largest {n['holm_worst']:.2g}) |\n"
        f"| Absolute risk (kit) | {AFTERNOON_HOURS} h of lifting at a baseline of {n['flares_per_year']:g} flares a year "
        "(a news report's median of flare surveys, sample unclear): "
        f"{extra['difference']:.1f} extra flares per 1000 days (95% CI {extra['difference_lower']:.1f} to "
        f"{extra['difference_upper']:.1f}; baseline treated as known) |\n"
        f"| Aim 2, smallest detectable correlation (kit, 80% power) | {n['mde_71']:.2f} if {n['n_aim2']:g} people; "
        f"{n['mde_all']:.2f} if the whole cohort of {n['n_all']:g} |\n"
    )


def render_plans(n: dict) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    out = []
    for heading in ("### Plan A: a 90-minute journal club", "### Plan A, 60-minute variant"):
        start = text.index(heading)
        rest = text[start:]
        table = [line for line in rest.split("\n### ", 1)[0].splitlines() if line.startswith("|")]
        out.append(f"**{heading.removeprefix('### ')}** (from the instructor guide)\n\n" + "\n".join(table) + "\n")
    return "\n".join(out)


RENDERERS = {
    ("handout.md", "numbers"): render_handout_numbers,
    ("handout.md", "exercises"): render_handout_exercises,
    ("calculator_exercises.md", "exercises"): render_calculator,
    ("facilitator_script.md", "answer-key"): render_answer_key,
    ("facilitator_script.md", "plans"): render_plans,
    ("summary.md", "results"): render_summary_results,
}


def update(*, check: bool = False) -> list[str]:
    """Rewrite (or, with ``check``, compare) every generated block; return the stale ones."""
    n = numbers()
    stale = []
    for filename in sorted({f for f, _ in RENDERERS}):
        path = PACK / filename
        text = path.read_text(encoding="utf-8")
        names = {m.group("name") for m in BLOCK.finditer(text)}
        wanted = {name for f, name in RENDERERS if f == filename}
        if names != wanted:
            raise ValueError(f"{path}: generated blocks {sorted(names)}, expected {sorted(wanted)}.")

        def replace(match: re.Match) -> str:
            body = RENDERERS[(filename, match.group("name"))](n)
            if body != match.group("body"):
                stale.append(f"{filename}:{match.group('name')}")
            return match.group(1) + body + match.group(4)

        new = BLOCK.sub(replace, text)
        if not check and new != text:
            path.write_text(new, encoding="utf-8")
    return stale


# --- printing -----------------------------------------------------------------------------------

PRINT_CSS = """
@page { size: A4; margin: 13mm 14mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.2pt; line-height: 1.3;
       color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 4pt; } h2 { font-size: 11.5pt; margin: 9pt 0 3pt; }
h3 { font-size: 10pt; margin: 7pt 0 2pt; } p, ul, ol { margin: 3pt 0; } li { margin: 1pt 0; }
table { border-collapse: collapse; margin: 4pt 0; width: 100%; }
th, td { border: 0.5pt solid #999; padding: 1.5pt 4pt; text-align: left; vertical-align: top; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.6pt; }
blockquote { margin: 4pt 0; padding: 2pt 8pt; border-left: 2pt solid #888; }
a { color: #111; text-decoration: none; } .anchor-link { display: none; }
.page-break { break-before: page; }
body.summary { font-size: 8.7pt; }  /* one page, with room to spare for wider fonts */
.write-in { border-bottom: 0.5pt solid #999; min-height: 14pt; }
"""


def html_page(source: Path) -> str:
    """The kit's HTML for one pack page, with the print stylesheet."""
    from build_site import markdown_to_html

    body = markdown_to_html(source.read_text(encoding="utf-8"))
    title = next((line[2:] for line in source.read_text(encoding="utf-8").splitlines() if line.startswith("# ")), source.stem)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f'<style>{PRINT_CSS}</style>\n</head>\n<body class="{source.stem}">\n{body}\n</body>\n</html>\n')


def chromium() -> str | None:
    """Path of a Chromium to print with (``LBPKIT_CHROMIUM`` or the usual names), or None."""
    for candidate in (os.environ.get("LBPKIT_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def print_pdfs(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    """Print summary, handout and facilitator script to ``out_dir`` as PDFs; return their paths."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("make handouts needs Chromium (/usr/bin/chromium). On Debian/Ubuntu, as root: "
                           "apt-get update && apt-get install -y chromium; or set LBPKIT_CHROMIUM=/path/to/chromium.")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="lbpkit-chromium-") as profile:
        for name in PDF_SOURCES:
            page = out_dir / f"{name}.html"
            page.write_text(html_page(PACK / f"{name}.md"), encoding="utf-8")
            pdf = out_dir / f"{name}.pdf"
            pdf.unlink(missing_ok=True)
            command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.resolve().as_uri()]
            result = subprocess.run(command, capture_output=True, text=True, timeout=120)
            if not pdf.is_file():
                raise RuntimeError(f"Chromium wrote no {pdf.name} (exit {result.returncode}): {result.stderr[-800:]}")
            written.append(pdf)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale generated blocks")
    parser.add_argument("--no-pdf", action="store_true", help="refresh the blocks, print no PDFs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PDFs")
    args = parser.parse_args(argv)
    stale = update(check=args.check)
    if args.check:
        if stale:
            print("stale generated blocks (run python tools/build_journal_club.py --no-pdf):", ", ".join(stale))
            return 1
        print("docs/journal_club: generated blocks are up to date")
        return 0
    print(f"docs/journal_club: {len(stale)} generated block(s) rewritten" if stale else "docs/journal_club: blocks up to date")
    if not args.no_pdf:
        for pdf in print_pdfs(args.out):
            print(f"wrote {pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
