"""Author the kit's notebooks from short Python sources, so every notebook has the same frame.

Each file ``tools/notebook_src/nbNN_*.py`` defines ``build() -> Notebook``. ``make notebooks``
writes ``notebooks/NN_*.ipynb`` from it and executes it; a test checks that the committed
notebooks still match their sources. The frame follows ``shared/DESIGN.md``: a front-matter cell
(title, objectives, prerequisites, time) mirrored in ``metadata["lbpkit"]``, an imports cell with
a seeded generator, exercises as prompt / answer-and-check / collapsed solution, and closing
key points and further reading.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

GLOSSARY_URL = "../docs/glossary.md"


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


@dataclass
class Notebook:
    """A notebook under construction; see the module docstring."""

    filename: str
    title: str
    objectives: list[str]
    prerequisites: list[str]
    minutes: dict[str, int]
    imports: str = ""
    cells: list = field(default_factory=list)

    def __post_init__(self) -> None:
        prereq = ", ".join(f"`{p}`" for p in self.prerequisites) or "none"
        objectives = "\n".join(f"- {item}" for item in self.objectives)
        front = (
            f"# {self.title}\n\n**You will learn to**\n\n{objectives}\n\n"
            f"**Prerequisites:** {prereq}\n\n"
            f"**Estimated time:** {self.minutes['teaching']} min teaching + "
            f"{self.minutes['exercises']} min exercises"
        )
        self.cells.append(new_markdown_cell(front))
        if self.imports:
            self.code(self.imports)

    def md(self, text: str) -> "Notebook":
        self.cells.append(new_markdown_cell(_clean(text)))
        return self

    def code(self, text: str, *, tags: list[str] | None = None, hidden: bool = False) -> "Notebook":
        cell = new_code_cell(_clean(text))
        if tags:
            cell.metadata["tags"] = list(tags)
        if hidden:
            # Hide the output too: a solution's printed answer would otherwise show under the exercise.
            cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
        self.cells.append(cell)
        return self

    def exercise(
        self,
        exercise_id: str,
        title: str,
        prompt: str,
        answer_name: str,
        solution: str,
        *,
        predict: bool = False,
    ) -> "Notebook":
        """Add the four cells of an exercise: prompt, answer + check, solution marker, solution."""
        label = "Predict before you run — " if predict else ""
        self.md(f"### Exercise {exercise_id}: {label}{title}\n\n{_clean(prompt)}")
        self.code(
            f"{answer_name} = ...  # replace ... with your answer\n"
            f'check("{exercise_id}", {answer_name})',
            tags=["exercise"],
        )
        self.md(
            f"<details><summary><b>Solution to {exercise_id}</b> (the hidden cell below; "
            "open it once you have tried)</summary>\n\nClick the collapsed cell below "
            "(or the ⋯ bar) to show the solution code.\n</details>"
        )
        solution = _clean(solution)
        if f'check("{exercise_id}"' not in solution:
            # Every solution ends by passing its own check, so the kit's tests prove it is right.
            solution += f'\ncheck("{exercise_id}", {answer_name})'
        self.code(f"# SOLUTION to {exercise_id}\n{solution}", tags=["solution"], hidden=True)
        return self

    def key_points(self, points: list[str]) -> "Notebook":
        return self.md("## Key points\n\n" + "\n".join(f"- {p}" for p in points))

    def further_reading(self, references: list[str]) -> "Notebook":
        return self.md("## Further reading\n\n" + "\n".join(f"- {r}" for r in references))

    def to_notebook(self) -> nbformat.NotebookNode:
        notebook = new_notebook(cells=[nbformat.from_dict(cell) for cell in self.cells])
        for index, cell in enumerate(notebook.cells):
            cell["id"] = f"cell-{index:03d}"  # stable ids keep re-builds free of diff noise
        notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
        notebook.metadata["language_info"] = {"name": "python"}
        notebook.metadata["lbpkit"] = {
            "objectives": list(self.objectives),
            "minutes": dict(self.minutes),
            "prerequisites": list(self.prerequisites),
        }
        return notebook

    def write(self, folder: Path) -> Path:
        path = Path(folder) / self.filename
        nbformat.write(self.to_notebook(), path)
        return path
