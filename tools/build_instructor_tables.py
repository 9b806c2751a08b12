"""Write the generated tables of docs/instructor_guide.md from the notebooks and the exercise bank.

Usage:
    python tools/build_instructor_tables.py          # rewrite the generated blocks in place
    python tools/build_instructor_tables.py --check  # exit 1 (and name the blocks) if any is stale

The guide's time table, its objectives -> exercises map and its list of misconception hints must
not drift from the notebooks, so they are never typed by hand. They are read from

- each notebook's MyST source (``notebooks/NN_name.md``): the ``lbpkit`` block of its YAML
  header (objectives, minutes, prerequisites) and the title in its first cell, and
- the exercise bank (``lbpkit.exercises.list_exercises()`` for ids and titles; each exercise's
  ``hints`` for the misconception hints),

and written between marker comments in the guide::

    <!-- BEGIN GENERATED: minutes -->
    ...
    <!-- END GENERATED: minutes -->

Everything outside the markers (the plans, the misconceptions prose, deployment) is written by
hand; ``tests/test_docs.py`` checks that its figures agree with these tables.

Which objective an exercise practises is the one judgement the sources do not record, so it is
kept here in ``OBJECTIVE_OF``: a distinctive fragment of the objective's wording per exercise id.
A fragment (not a position) is used so that re-worded or re-ordered objectives make the build fail
loudly instead of silently mapping an exercise to the wrong line.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
GUIDE = ROOT / "docs" / "instructor_guide.md"
sys.path.insert(0, str(TOOLS))
sys.path.insert(0, str(ROOT))

from build_notebooks import front_matter, sources  # noqa: E402

# exercise id -> a fragment of the wording of the objective it practises (case-insensitive).
OBJECTIVE_OF: dict[str, str] = {
    "00.mean-pain": "answer an exercise",
    "01.cases-1990": "compute a percentage change",
    "01.rate-to-count": "compute a percentage change",
    "01.shares-add-up": "YLDs and DALYs apart",
    "01.percentage-points": "compute a percentage change",
    "02.dunn-share": "trajectories and episodes",
    "02.recurrence-points": "compare recurrence estimates",
    "02.crude-exposure-odds": "transient triggers from long-term risk factors",
    "02.age-modification": "transient triggers from long-term risk factors",
    "02.relative-reduction": "state the puzzle",
    "03.predict-no-confounder": "self-matching removes stable confounders",
    "03.pair-or": "count discordant pairs",
    "03.bdendo-mcnemar": "count discordant pairs",
    "03.predict-long-window": "move windows",
    "03.which-pairs": "count discordant pairs",
    "04.or-from-coef": "fit a conditional logistic regression",
    "04.per-hour": "per-hour odds ratio",
    "04.predict-small-study": "Monte Carlo",
    "04.coverage": "Monte Carlo",
    "05.predict-rising-trend": "time trend in exposure",
    "05.recall-bias": "recall after a flare",
    "05.best-window": "recall after a flare",
    "05.which-unbiased": "unidirectional, bidirectional and time-stratified",
    "05b.referents": "build time-stratified strata",
    "05b.lag1": "build time-stratified strata",
    "05b.percent-per-10": "weighted conditional logistic",
    "05b.se-factor": "overdispersion",
    "05b.lag-choice": "overdispersion",
    "06.male-percent": "who took part",
    "06.recombined-female": "who took part",
    "06.reported-count": "forest plot",
    "06.sitting-percent": "forest plot",
    "06.fwer": "appraise the study",
    "06.design-claim": "two questions of FLAReS",
    "07.se-lifting": "recover standard errors",
    "07.holm-count": "recover standard errors",
    "07.workday-or": "rescale a per-hour odds ratio",
    "07.risk-difference": "rescale a per-hour odds ratio",
    "07.sitting-story": "mutually adjusted model",
    "07.control-rule": "control-period choice",
    "08.width-ratio": "null result",
    "08.mde-71": "null result",
    "08.habitual-ratio": "myocardial infarction",
    "08.evalue-lifting": "E-values",
}

BLOCK = re.compile(
    r"(<!-- BEGIN GENERATED: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- END GENERATED: (?P=name) -->)",
    re.DOTALL,
)


@dataclass(frozen=True)
class NotebookInfo:
    number: str
    filename: str
    title: str
    objectives: tuple[str, ...]
    minutes: dict
    prerequisites: tuple[str, ...]

    @property
    def part(self) -> str:
        n = int(self.number[:2])  # "05b" is read as 5: it belongs to Part II
        return "—" if n == 0 else ("I" if n <= 2 else ("II" if n <= 5 else "III"))

    @property
    def total(self) -> int:
        return self.minutes["teaching"] + self.minutes["exercises"]


def notebooks() -> list[NotebookInfo]:
    """Front matter of every notebook source, in order."""
    found = []
    for path in sources():
        front = front_matter(path)
        found.append(
            NotebookInfo(
                number=path.stem.split("_", 1)[0],
                filename=path.with_suffix(".ipynb").name,
                title=front["title"],
                objectives=tuple(front["objectives"]),
                minutes=dict(front["minutes"]),
                prerequisites=tuple(front["prerequisites"]),
            )
        )
    return found


def exercise_bank():
    """The exercise bank: a DataFrame (id, notebook, title, kind) and the Exercise objects."""
    from lbpkit.exercises import get_exercise, list_exercises

    table = list_exercises()
    return table, {ex_id: get_exercise(ex_id) for ex_id in table["id"]}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def objective_index(exercise_id: str, objectives: tuple[str, ...]) -> int:
    """0-based index of the objective an exercise practises (see ``OBJECTIVE_OF``)."""
    if exercise_id not in OBJECTIVE_OF:
        raise ValueError(
            f"Exercise {exercise_id!r} is not mapped to a learning objective: add it to OBJECTIVE_OF "
            "in tools/build_instructor_tables.py (a fragment of the objective's wording)."
        )
    fragment = OBJECTIVE_OF[exercise_id].lower()
    hits = [i for i, text in enumerate(objectives) if fragment in text.lower()]
    if len(hits) != 1:
        raise ValueError(
            f"OBJECTIVE_OF[{exercise_id!r}] = {OBJECTIVE_OF[exercise_id]!r} matches {len(hits)} objectives "
            f"of notebook {exercise_id[:2]} (needs exactly one); its objectives are: {list(objectives)}. "
            "Update the fragment in tools/build_instructor_tables.py."
        )
    return hits[0]


def render_minutes(nbs: list[NotebookInfo], bank) -> str:
    table, _ = bank
    lines = [
        "| Notebook | Part | Teaching (min) | Exercises (min) | Total (min) | Checked exercises | Prerequisites |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for info in nbs:
        count = int((table["notebook"] == info.number).sum())
        prereq = ", ".join(f"`{p}`" for p in info.prerequisites) or "none"
        lines.append(
            f"| `{info.filename.removesuffix('.ipynb')}` | {info.part} | {info.minutes['teaching']} | "
            f"{info.minutes['exercises']} | {info.total} | {count} | {prereq} |"
        )
    teaching = sum(i.minutes["teaching"] for i in nbs)
    exercises = sum(i.minutes["exercises"] for i in nbs)
    lines.append(
        f"| **All notebooks** | | **{teaching}** | **{exercises}** | **{teaching + exercises}** | "
        f"**{len(table)}** | |"
    )
    return "\n".join(lines) + "\n"


def render_objectives(nbs: list[NotebookInfo], bank) -> str:
    table, _ = bank
    known = {info.number for info in nbs}
    orphans = sorted(set(table["notebook"]) - known)
    if orphans:
        raise ValueError(f"The exercise bank has exercises for notebooks without a source: {orphans}.")
    stale = sorted(set(OBJECTIVE_OF) - set(table["id"]))
    if stale:
        raise ValueError(f"OBJECTIVE_OF names exercises that are not in the bank: {stale}; remove them.")
    out = []
    for info in nbs:
        by_objective: dict[int, list[str]] = {}
        for row in table[table["notebook"] == info.number].itertuples():
            index = objective_index(row.id, info.objectives)
            by_objective.setdefault(index, []).append(f"`{row.id}` {_cell(row.title)}")
        out += [
            f"#### {_cell(info.title)} (`{info.filename}`)",
            "",
            "| # | The learner will be able to… | Checked exercises |",
            "|---|---|---|",
        ]
        for index, objective in enumerate(info.objectives):
            practised = "; ".join(by_objective.get(index, [])) or "— (worked example and discussion)"
            out.append(f"| {index + 1} | {_cell(objective)} | {practised} |")
        out.append("")
    return "\n".join(out)


def render_hints(nbs: list[NotebookInfo], bank) -> str:
    table, exercises = bank
    lines = ["| Exercise | Misconception hints (shown when a wrong answer matches) |", "|---|---|"]
    without = []
    for ex_id in table["id"]:
        hints = exercises[ex_id].hints
        if not hints:
            without.append(f"`{ex_id}`")
            continue
        text = "<br>".join(f"• {_cell(h.message)}" + (f" *From the 2nd wrong try:* {_cell(h.method)}" if h.method else "")
                           for h in hints)
        lines.append(f"| `{ex_id}` | {text} |")
    lines.append("")
    if without:
        lines.append("Exercises with only a default hint: " + ", ".join(without) + ".")
        lines.append("")
    return "\n".join(lines)


RENDERERS = {"minutes": render_minutes, "objectives": render_objectives, "hints": render_hints}


def render_all() -> dict[str, str]:
    """Every generated block's fresh content, by block name."""
    nbs = notebooks()
    bank = exercise_bank()
    return {name: render(nbs, bank) for name, render in RENDERERS.items()}


def blocks_in(text: str) -> dict[str, str]:
    """The generated blocks currently in a guide's text, by name."""
    return {m.group("name"): m.group("body") for m in BLOCK.finditer(text)}


def update(text: str, fresh: dict[str, str]) -> str:
    """Return ``text`` with every generated block replaced by its fresh content."""
    missing = set(fresh) - set(blocks_in(text))
    if missing:
        raise ValueError(
            f"The guide has no marker pair for {sorted(missing)}: add '<!-- BEGIN GENERATED: NAME -->' "
            "and '<!-- END GENERATED: NAME -->' lines where the table belongs."
        )

    def replace(match: re.Match) -> str:
        name = match.group("name")
        if name not in fresh:
            raise ValueError(f"Unknown generated block {name!r}; known: {sorted(fresh)}.")
        return match.group(1) + fresh[name] + match.group(4)

    return BLOCK.sub(replace, text)


def main(argv: list[str]) -> int:
    text = GUIDE.read_text(encoding="utf-8")
    fresh = render_all()
    if "--check" in argv:
        current = blocks_in(text)
        stale = [name for name in fresh if current.get(name) != fresh[name]]
        if stale:
            print(f"{GUIDE.relative_to(ROOT)}: out of date: {', '.join(stale)}; run {Path(__file__).name}")
            return 1
        print(f"{GUIDE.relative_to(ROOT)}: generated blocks up to date")
        return 0
    new = update(text, fresh)
    if new != text:
        GUIDE.write_text(new, encoding="utf-8")
        print(f"{GUIDE.relative_to(ROOT)}: generated blocks rewritten")
    else:
        print(f"{GUIDE.relative_to(ROOT)}: already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
