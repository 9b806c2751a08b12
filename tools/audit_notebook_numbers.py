"""Find every number a notebook shows that depends on floating-point noise.

Usage:
    python tools/audit_notebook_numbers.py                  # every notebook, every configuration
    python tools/audit_notebook_numbers.py 03 05b           # only these notebooks (name prefixes)
    python tools/audit_notebook_numbers.py --configs default,blas1-sandybridge-nosimd
    python tools/audit_notebook_numbers.py --raw 05b        # show numbers unrounded (see below)

Each notebook is executed from its MyST source in a fresh kernel once per numerical configuration
(see ``tools/numerics_env.py``: BLAS threads, OpenBLAS core type, numpy's SIMD dispatch), and
everything a learner reads is compared as text across the runs: printed text, tables (plain and
HTML), error messages, every text drawn in a figure (titles, labels, annotations, tick labels,
legends) and the text that widgets show in their stored state. A line that differs between two
configurations is a number that depends on noise: round it to what is stable.

``--raw`` runs the same notebooks with pandas and numpy showing 17 significant digits and
``DataFrame.round``/``Series.round`` doing nothing, so tables show their unrounded values; a
difference there (expected) shows that a configuration really changed the floating-point path. A
number formatted explicitly (an f-string) is not affected by ``--raw``.

A second check needs no second run: a shown number whose exponent is -13 or smaller (``1e-19``,
``3.2e-14``) is flagged as probably noise in the first configuration's output.

Exits 1 if any shown text differs between configurations (not counting ``--raw`` runs).
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path.insert(0, str(TOOLS))

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CELL_TIMEOUT_S = 120  # as nbval's in pyproject.toml
# 1e-13 and smaller: the size of rounding noise on numbers near 1 (a p-value of 2e-11 is real).
TINY_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?e-(?:1[3-9]|[2-9]\d|\d{3})\b", re.IGNORECASE)

# Runs inside each kernel (an IPython startup file): records the text of every figure when it is
# rendered, after drawing, so tick labels are included.
KERNEL_STARTUP = r'''
import json, os
import matplotlib
from matplotlib.backend_bases import FigureCanvasBase

_log = os.environ["LBPKIT_AUDIT_FIGURE_LOG"]
_original_print_figure = FigureCanvasBase.print_figure


def _print_figure_and_record(self, *args, **kwargs):
    result = _original_print_figure(self, *args, **kwargs)
    from IPython import get_ipython
    texts = [text.get_text() for text in self.figure.findobj(matplotlib.text.Text)
             if text.get_visible() and text.get_text().strip()]
    with open(_log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"execution_count": get_ipython().execution_count, "texts": texts}) + "\n")
    return result


FigureCanvasBase.print_figure = _print_figure_and_record

if os.environ.get("LBPKIT_AUDIT_RAW"):
    import numpy as _np
    import pandas as _pd
    _np.set_printoptions(precision=17)
    _pd.set_option("display.precision", 17)
    # Tables rounded for display show their unrounded values.
    _pd.DataFrame.round = lambda self, *args, **kwargs: self
    _pd.Series.round = lambda self, *args, **kwargs: self
'''


def execute_in_this_process(notebook_paths: list[Path], out_dir: Path, raw: bool) -> None:
    """Execute each notebook from its source into ``out_dir`` (called in a child process whose
    environment carries the configuration, so the kernel inherits it)."""
    from nbclient import NotebookClient
    import nbformat

    from build_notebooks import notebook_from_source

    log = logging.getLogger("audit")
    handler = logging.FileHandler(out_dir / "execution.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)

    with tempfile.TemporaryDirectory() as ipython_dir:
        startup = Path(ipython_dir) / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "00-lbpkit-audit.py").write_text(KERNEL_STARTUP)
        for md_path in notebook_paths:
            figure_log = out_dir / f"{md_path.stem}.figures.jsonl"
            figure_log.unlink(missing_ok=True)
            os.environ.update(IPYTHONDIR=ipython_dir, LBPKIT_AUDIT_FIGURE_LOG=str(figure_log))
            if raw:
                os.environ["LBPKIT_AUDIT_RAW"] = "1"
            notebook = notebook_from_source(md_path)
            with tempfile.TemporaryDirectory() as workdir:
                client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                        resources={"metadata": {"path": workdir}}, allow_errors=True)
                client.log = log
                started = time.monotonic()
                client.execute()
                log.info("%s executed in %.1f s", md_path.name, time.monotonic() - started)
            nbformat.write(notebook, out_dir / f"{md_path.stem}.ipynb")


def _widget_texts(notebook) -> list[str]:
    """What widgets show in the stored state: values, descriptions, readouts and Output contents."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    texts = []
    for model in state.values():
        fields = model.get("state", {})
        shown = {key: fields[key] for key in ("description", "value", "readout_format", "min", "max", "step",
                                               "options", "_options_labels", "placeholder")
                 if key in fields and fields[key] not in ("", None, [])}
        outputs = [_output_lines(output) for output in fields.get("outputs", [])]
        if shown or outputs:
            texts.append(json.dumps({"model": model.get("model_name"), **shown, "outputs": outputs}, sort_keys=True))
    return sorted(texts)


def _output_lines(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return f"{output.get('ename')}: {output.get('evalue')}"
    data = output.get("data", {})
    return "\n".join(str(data[key]) for key in ("text/plain", "text/html", "text/markdown") if key in data)


def learner_text(out_dir: Path, stem: str) -> list[str]:
    """Every line a learner reads, each prefixed with where it is shown."""
    import nbformat

    notebook = nbformat.read(out_dir / f"{stem}.ipynb", as_version=4)
    lines = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        shown, streams = [], {}
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":  # how printed text is split into chunks varies
                streams[output["name"]] = streams.get(output["name"], "") + output.get("text", "")
            elif WIDGET_VIEW not in output.get("data", {}):
                shown.append(_output_lines(output))
        for text in [*streams.values(), *shown]:
            lines.extend(f"cell {index}: {line}" for line in text.splitlines() if line.strip())
    figure_log = out_dir / f"{stem}.figures.jsonl"
    if figure_log.exists():
        for number, record in enumerate(map(json.loads, figure_log.read_text().splitlines())):
            lines.extend(f"figure {number} (execution {record['execution_count']}): {text!r}" for text in record["texts"])
    lines.extend(f"widget: {text}" for text in _widget_texts(notebook))
    return lines


def run_configuration(name: str, md_paths: list[Path], out_dir: Path, raw: bool) -> None:
    from numerics_env import configuration

    out_dir.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key not in configuration("all-keys")}
    env.update(configuration(name))
    command = [sys.executable, __file__, "--execute-into", str(out_dir), *(["--raw"] if raw else []),
               *[str(path) for path in md_paths]]
    subprocess.run(command, env=env, check=True, cwd=ROOT)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="name prefixes such as 03 or 05b (default: all)")
    parser.add_argument("--configs", default="default,default-again,blas1-sandybridge-nosimd,haswell-noavx512")
    parser.add_argument("--raw", action="store_true", help="show tables with 17 significant digits")
    parser.add_argument("--out", default=str(ROOT / "_build" / "audit"), help="where executed copies go")
    parser.add_argument("--execute-into", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.execute_into:
        execute_in_this_process([Path(p) for p in args.notebooks], Path(args.execute_into), args.raw)
        return 0

    from build_notebooks import sources

    md_paths = sources(args.notebooks or None)
    names = args.configs.split(",")
    mode = "raw" if args.raw else "shown"
    for name in names:
        print(f"executing {len(md_paths)} notebook(s) under configuration '{name}' ({mode}) ...", flush=True)
        run_configuration(name, md_paths, Path(args.out) / mode / name, args.raw)

    differing = 0
    for md_path in md_paths:
        reference = learner_text(Path(args.out) / mode / names[0], md_path.stem)
        for line in reference:
            if TINY_NUMBER.search(line.split(": ", 1)[-1]):
                print(f"{md_path.stem}: probably noise (tiny number shown): {line}")
        for name in names[1:]:
            other = learner_text(Path(args.out) / mode / name, md_path.stem)
            diff = [line for line in difflib.unified_diff(reference, other, names[0], name, n=0, lineterm="")
                    if line[:1] in "+-" and not line.startswith(("+++", "---"))]
            if diff:
                differing += 1
                print(f"{md_path.stem}: {names[0]} vs {name}: {len(diff)} line(s) differ")
                print("\n".join(f"    {line}" for line in diff[:40]))
            else:
                print(f"{md_path.stem}: {names[0]} vs {name}: same shown text ({len(reference)} lines)")
    return 1 if differing and not args.raw else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
