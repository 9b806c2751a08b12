"""Start a new notebook with the kit's frame, and its exercise bank module (CONTRIBUTING, Recipe 3).

Usage:
    python tools/new_notebook.py 05c_my_topic "05c · My topic"
    make new-notebook NB=05c_my_topic TITLE="05c · My topic"   # the same; TITLE may be left out

Writes ``notebooks/sources/05c_my_topic.md`` (front matter, first cell, imports with the seed, one
worked exercise in the four-cell pattern, key points, further reading) and
``lbpkit/exercises/bank/nb05c.py`` (the seed and that exercise's check), both of which pass the
kit's tests as they are. Then edit them, run ``make notebooks NB=05c`` and follow the rest of
the recipe. Refuses to overwrite an existing file.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"^(\d\d[a-z]?)_[a-z0-9_]+$")

NOTEBOOK = '''---
jupytext:
  formats: ipynb,sources//md:myst
  notebook_metadata_filter: lbpkit,-jupytext.text_representation.jupytext_version
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
lbpkit:
  minutes:
    exercises: 5
    teaching: 10
  objectives: [state the question this notebook answers, compute a summary of a seeded synthetic
      sample, name one limitation of a single synthetic draw]
  prerequisites: [00_start_here]
---

# {title}

**You will learn to**

- state the question this notebook answers
- compute a summary of a seeded synthetic sample
- name one limitation of a single synthetic draw

**Prerequisites:** `00_start_here`

**Estimated time:** 10 min teaching + 5 min exercises

```{{code-cell}} ipython3
import sys

sys.path.insert(0, "..")  # use the lbpkit that came with these notebooks, in the folder above

import numpy as np

from lbpkit import check
from lbpkit.exercises.bank.nb{number} import SEED  # every simulation below, and the checks, use it

rng = np.random.default_rng(SEED)
```

## 1. The question

Replace this section with the notebook's narrative. Numbers come from `lbpkit.load(...)` with
their sources, or from seeded simulations labelled *synthetic*.

A synthetic week of pain scores (0–10), drawn from the notebook's seeded generator:

```{{code-cell}} ipython3
pain_scores = rng.integers(0, 11, size=7)
pain_scores
```

### Exercise {number}.week-mean: the mean of a synthetic week

What is the mean of the seven synthetic pain scores above? Give it to one decimal place.

```{{code-cell}} ipython3
:tags: [exercise]

week_mean = ...  # replace ... with your answer
check("{number}.week-mean", week_mean)
```

Try it first. Solution to {number}.week-mean is folded below: one click on its title opens the code and its result.

```{{code-cell}} ipython3
---
jupyter:
  source_hidden: true
tags: [solution]
---
%%solution {number}.week-mean
week_mean = pain_scores.mean()
check("{number}.week-mean", week_mean)
```

One synthetic week is one draw: another seed gives another mean.

+++

## Key points

- Replace these bullets with the notebook's key points (3–6).
- Every number shown is computed in a cell or read from the kit's data with its source.
- A single synthetic draw shows what one sample looks like, not what holds on average.

+++

## Further reading

- Maclure M. The case-crossover design: a method for studying transient effects on the risk of acute events. *Am J Epidemiol* 1991;133(2):144–153. [PMID 1985444](https://pubmed.ncbi.nlm.nih.gov/1985444/)
'''

BANK = '''"""Exercises of notebooks/{stem}.ipynb.

Expected values are recomputed from the notebook's seeded simulation (``SEED`` below), never
typed in.
"""

import numpy as np

from lbpkit.exercises import Exercise, decimals

# The seed of notebook {number}'s simulations, in one place: the notebook imports it from here
# (``from lbpkit.exercises.bank.nb{number} import SEED``), so notebook and checks always agree.
SEED = {seed}


def _week() -> np.ndarray:
    """The notebook's first draw from ``np.random.default_rng(SEED)``."""
    return np.random.default_rng(SEED).integers(0, 11, size=7)


EXERCISES = [
    Exercise(
        id="{number}.week-mean",
        title="Mean of a synthetic week of pain scores",
        objective="compute a summary of a seeded synthetic sample",
        expected=lambda: float(_week().mean()),
        precision=decimals(1),
        nudge="Use all seven scores printed above.",
        default_hint="Add the seven scores and divide by how many there are.",
    ),
]
'''


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2) or not NAME.match(argv[0]):
        print(__doc__)
        return 2
    stem = argv[0]
    number = NAME.match(stem).group(1)
    title = argv[1] if len(argv) == 2 and argv[1].strip() else f"{number} · " + stem.split("_", 1)[1].replace("_", " ").capitalize()
    notebook = ROOT / "notebooks" / "sources" / f"{stem}.md"
    bank = ROOT / "lbpkit" / "exercises" / "bank" / f"nb{number}.py"
    taken = [str(p.relative_to(ROOT)) for p in (notebook, bank) if p.exists()]
    taken += [str(p.relative_to(ROOT)) for p in (ROOT / "notebooks" / "sources").glob(f"{number}_*.md") if p != notebook]
    taken += [str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob(f"{number}_*.ipynb")]
    if taken:
        print(f"Not written: {', '.join(taken)} already exists; choose another number.")
        return 1
    seed = 100 + zlib.crc32(number.encode()) % 900  # any fixed number will do; distinct per notebook
    notebook.write_text(NOTEBOOK.format(title=title, number=number), encoding="utf-8")
    bank.write_text(BANK.format(stem=stem, number=number, seed=seed), encoding="utf-8")
    print(f"Wrote {notebook.relative_to(ROOT)} and {bank.relative_to(ROOT)}; next: make notebooks NB={number}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
