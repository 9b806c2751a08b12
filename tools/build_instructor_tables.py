"""Write the generated tables of docs/instructor_guide.md from the notebooks and the exercise bank.

Usage:
    python tools/build_instructor_tables.py          # rewrite the generated blocks in place
    python tools/build_instructor_tables.py --check  # exit 1 (and name the blocks) if any is stale

The guide's time table, its objectives -> exercises map and its list of misconception hints must
not drift from the notebooks, so they are never typed by hand. They are read from

- each notebook's MyST source (``notebooks/sources/NN_name.md``): the ``lbpkit`` block of its YAML
  header (objectives, minutes, prerequisites) and the title in its first cell, and
- the exercise bank (``lbpkit.exercises.list_exercises()`` for ids and titles; each exercise's
  ``hints`` for the misconception hints),

and written between marker comments in the guide::

    <!-- BEGIN GENERATED: minutes -->
    ...
    <!-- END GENERATED: minutes -->

Everything outside the markers (the plans, the misconceptions prose, deployment) is written by
hand; ``tests/test_docs.py`` checks that its figures agree with these tables.

Which objective an exercise practises is recorded with the exercise, in the bank:
``Exercise(objective=...)`` holds a distinctive fragment of the objective's wording. A fragment (not
a position) is used so that re-worded or re-ordered objectives make the build fail loudly instead
of silently mapping an exercise to the wrong line.
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
    """0-based index of the objective an exercise practises (its ``Exercise(objective=...)``)."""
    from lbpkit.exercises import get_exercise

    number = exercise_id.split(".", 1)[0]
    where = f"lbpkit/exercises/bank/nb{number}.py"
    try:
        fragment = get_exercise(exercise_id).objective
    except ValueError:
        fragment = ""
    if not fragment:
        raise ValueError(
            f"Exercise {exercise_id!r} is not mapped to a learning objective: give its Exercise(...) in {where} "
            "an objective=\"...\" with a fragment of the wording of the objective it practises."
        )
    hits = [i for i, text in enumerate(objectives) if fragment.lower() in text.lower()]
    if len(hits) != 1:
        raise ValueError(
            f"The objective={fragment!r} of {exercise_id!r} (in {where}) matches {len(hits)} objectives "
            f"of notebook {number} (needs exactly one); its objectives are: {list(objectives)}. "
            "Change the fragment so it names one of them."
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
        # One hint may be written once per wrong answer it catches (e.g. each score left out); list it once.
        shown = dict.fromkeys(f"• {_cell(h.message)}" + (f" *From the 2nd wrong try:* {_cell(h.method)}" if h.method else "")
                              for h in hints)
        text = "<br>".join(shown)
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
