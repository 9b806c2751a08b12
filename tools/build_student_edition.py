"""Write the student edition of the kit: the whole kit, with the notebooks' solutions left out.

Usage:
    python tools/build_student_edition.py              # writes _build/student/ (make student)
    python tools/build_student_edition.py --out DIR    # somewhere else

One authored notebook, two editions (the model is otter-grader's ``assign``): the full edition is
the repository itself; the student edition is a copy of it in which every notebook loses

- each code cell tagged ``solution``,
- the Markdown note just before it that announces it ("Solution to NN.slug ..."), and
- each cell tagged ``reveals-answer``: narrative after an exercise that shows its answer (a
  table that prints the share just asked for, say), which belongs with the solution,

and keeps everything else: the prompts, the answer cells (tagged ``exercise``, with their ``...``
placeholder and ``check(...)`` call, and the stored "Not answered yet" output), the narrative,
the plots and the widgets. The ``.ipynb`` keeps its stored outputs (nothing is re-executed); its
paired ``.md`` is written from it, so the pair stays in step. ``check()`` works as before: the
exercise bank in ``lbpkit`` computes each expected value when the check runs and never shows it.

Left out of the copy as well: ``tests/`` and ``.ci/`` (they test the full edition, solutions
included), and the journal-club facilitator script with its answer key, in every language and
as PDF (a short note takes the place of each Markdown source). The copy is a folder to hand out, zip, or publish as its own branch (see the instructor
guide, "A student edition without solutions").
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "_build" / "student"
MARKER = ".lbpkit-student-edition"  # marks a folder this script built, so a rebuild may empty it
LEFT_OUT = ("tests/", ".ci/")
ANSWER_KEY = re.compile(r"^docs/journal_club/(.*/)?facilitator_script\.(md|pdf)$")
SOLUTION_NOTE = re.compile(r"\bsolution to\b", re.IGNORECASE)
REVEALS_ANSWER = "reveals-answer"
_SKIP_DIRS = {".git", ".venv", "_build", "build", "__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


@dataclass
class EditionReport:
    out_dir: Path
    notebooks: dict[str, int] = field(default_factory=dict)  # notebook name -> solution cells removed
    files: int = 0


def solution_cell_indices(notebook: nbformat.NotebookNode) -> list[int]:
    """Indices of the cells the student edition leaves out: each ``solution`` cell, the
    Markdown "Solution to ..." note just before it, and each ``reveals-answer`` cell."""
    drop = []
    for index, cell in enumerate(notebook.cells):
        if REVEALS_ANSWER in cell.metadata.get("tags", []):
            drop.append(index)
        if cell.cell_type == "code" and "solution" in cell.metadata.get("tags", []):
            drop.append(index)
            before = notebook.cells[index - 1] if index > 0 else None
            if before is not None and before.cell_type == "markdown" and SOLUTION_NOTE.search(before.source):
                drop.append(index - 1)
    return sorted(set(drop))


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` without its solutions (see :func:`solution_cell_indices`) and
    without the stored results of its "predict, then run" cells."""
    copy = nbformat.from_dict(notebook)
    drop = set(solution_cell_indices(copy))
    copy.cells = [cell for index, cell in enumerate(copy.cells) if index not in drop]
    for cell in copy.cells:
        # A "predict, then run" result is stored folded in the full edition; a student edition
        # holds none: the learner runs the cell after answering (lbpkit/exercises/solutions.py).
        if cell.cell_type == "code" and cell.source.startswith("%%after_answering "):
            cell.outputs, cell.execution_count = [], None
    copy.metadata.setdefault("lbpkit", {})["edition"] = "student"
    return copy


def kit_files(root: Path) -> list[str]:
    """The kit's files, relative to ``root``: what git tracks plus new files it does not ignore
    (a lecturer's uncommitted notebook counts); without git, every file outside build folders."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, check=True, capture_output=True,
        ).stdout.decode().split("\0")
        return sorted(name for name in listed if name and (root / name).is_file())
    except (OSError, subprocess.CalledProcessError):
        found = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info")]
            found += [Path(folder, name).relative_to(root).as_posix() for name in files]
        return sorted(found)


def _notebook_of(source: str) -> str:
    """``notebooks/NN_name.ipynb`` for its paired MyST source ``notebooks/sources/NN_name.md``."""
    return "notebooks/" + Path(source).with_suffix(".ipynb").name


def _version(root: Path) -> str:
    found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""",
                      (root / "lbpkit" / "__init__.py").read_text(encoding="utf-8"), flags=re.M)
    return found.group(1) if found else "unknown"


def _banner(version: str) -> str:
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    return (
        f"> **Student edition** of kit version {version}, made on {today} with `make student`. The\n"
        "> notebooks hold every prompt, answer cell and `check(...)`, but no solutions: your\n"
        "> instructor shares those later. The kit's tests are in the full edition.\n\n"
    )


def _facilitator_note(name: str) -> str:
    return (
        "# Facilitator script (not in the student edition)\n\n"
        "The facilitator script holds the journal club's answer key, so the student edition leaves it\n"
        f"out. It is in the full edition of the kit, `{name}`.\n"
    )


def build_student_edition(out_dir: Path = DEFAULT_OUT, *, root: Path = ROOT) -> EditionReport:
    """Write the student edition of the kit in ``root`` into ``out_dir`` and say what was done.

    ``out_dir`` is emptied first if an earlier run made it; a non-empty folder that this script
    did not make is refused, so a wrong ``--out`` cannot delete anything else.
    """
    root, out_dir = Path(root).resolve(), Path(out_dir).resolve()
    if out_dir == root or root in out_dir.parents and not str(out_dir.relative_to(root)).startswith("_build"):
        raise ValueError(f"Write the student edition outside the kit's sources (e.g. {DEFAULT_OUT}), not to {out_dir}.")
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / MARKER).is_file():
            raise ValueError(f"{out_dir} is not empty and was not made by this script; choose another --out.")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = EditionReport(out_dir=out_dir)
    notebooks = []
    for name in kit_files(root):
        if name.startswith(LEFT_OUT):
            continue
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        answer_key = ANSWER_KEY.match(name)
        if answer_key and answer_key.group(2) == "pdf":
            continue
        if answer_key:
            target.write_text(_facilitator_note(name), encoding="utf-8")
        elif name.startswith("notebooks/") and name.endswith(".ipynb"):
            notebooks.append(name)
            continue
        elif name.startswith("notebooks/sources/") and name.endswith(".md") and (root / _notebook_of(name)).is_file():
            continue  # written from the student .ipynb below
        elif name == "README.md":
            target.write_text(_banner(_version(root)) + (root / name).read_text(encoding="utf-8"), encoding="utf-8")
        else:
            shutil.copy2(root / name, target)
        report.files += 1
    for name in notebooks:
        full = nbformat.read(root / name, as_version=4)
        student = student_notebook(full)
        ipynb = out_dir / name
        nbformat.write(student, ipynb)
        # The paired source, written as JupyterLab's jupytext would save it; left the newer file.
        source = ipynb.parent / "sources" / ipynb.with_suffix(".md").name
        source.parent.mkdir(exist_ok=True)
        jupytext.write(student, source, fmt="md:myst")
        os.utime(source)
        report.notebooks[Path(name).stem] = len(full.cells) - len(student.cells)
        report.files += 2
    (out_dir / MARKER).write_text("made by tools/build_student_edition.py\n", encoding="utf-8")
    return report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: _build/student)")
    args = parser.parse_args(argv)
    report = build_student_edition(args.out)
    removed = sum(report.notebooks.values())
    print(f"Wrote the student edition ({report.files} files, {len(report.notebooks)} notebooks, "
          f"{removed} solution and note cells left out) to {report.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
