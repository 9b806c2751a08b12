"""Write notebooks/*.ipynb from tools/notebook_src/nbNN_*.py, then execute them in place.

Usage:
    python tools/build_notebooks.py            # every notebook
    python tools/build_notebooks.py 03 04      # only notebooks 03 and 04
    python tools/build_notebooks.py --no-run 03  # write without executing
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path.insert(0, str(TOOLS))

from execute_notebooks import execute  # noqa: E402


def sources(numbers: list[str] | None = None) -> list[Path]:
    found = sorted((TOOLS / "notebook_src").glob("nb[0-9][0-9]_*.py"))
    if numbers:
        found = [path for path in found if path.stem[2:4] in numbers]
    return found


def load_builder(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build()


def main(argv: list[str]) -> int:
    run = "--no-run" not in argv
    numbers = [arg for arg in argv if not arg.startswith("--")]
    for path in sources(numbers):
        written = load_builder(path).write(ROOT / "notebooks")
        if run:
            seconds = execute(written)
            print(f"{written.relative_to(ROOT)}: built and executed in {seconds:.1f} s")
        else:
            print(f"{written.relative_to(ROOT)}: built (not executed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
