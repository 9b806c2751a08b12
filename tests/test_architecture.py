"""lbpkit's folders are its architecture: imports go down the wings, never up, and never in a circle.

The wings, bottom to top (CONTRIBUTING.md, "Where things live"):

0. ``lbpkit/engine/``: the estimators' machinery; imports nothing else from lbpkit.
1. the top-level modules (``lbpkit/data.py``, ``estimate.py``, ``simulate.py``...): what a
   learner calls; they may use the engine and each other (without circles).
2. ``lbpkit/labs/`` and ``lbpkit/flares/``: Part II's experiments and Part III's study; they use
   the engine and the top-level modules, never each other.
3. ``lbpkit/widgets/``: the explorers, over the labs and the top-level modules.
4. ``lbpkit/exercises/``: the checks and each notebook's exercise bank, which may compute with
   anything below.
5. ``lbpkit/__init__.py``: the public API, re-exported; nothing inside lbpkit imports it.

Every import statement counts, including those inside functions (a lazy import hides a circle,
it does not remove it). The graph is read from the source with :mod:`ast`; nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lbpkit"
WING_RANK = {"engine": 0, "labs": 2, "flares": 2, "widgets": 3, "exercises": 4}
TOP_LEVEL_RANK = 1
ROOT_RANK = 5


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def wing(module: str) -> str:
    """The wing a module belongs to: a folder name, "top" for a top-level module, "root" for lbpkit."""
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    if parts[1] in WING_RANK:
        return parts[1]
    return "top"


def rank(module: str) -> int:
    found = wing(module)
    return {"root": ROOT_RANK, "top": TOP_LEVEL_RANK}.get(found, WING_RANK.get(found, -1))


def _imports(module: str) -> set[str]:
    """The lbpkit modules that ``module`` imports (the most specific module each import names)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{module}: relative import; lbpkit uses absolute imports only")
        else:
            continue
        for name in names:
            if not name.startswith("lbpkit"):
                continue
            while name not in MODULES:  # `from lbpkit.x import name`: the module is lbpkit.x
                name = name.rpartition(".")[0]
            found.add(name)
    found.discard(module)
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_every_module_is_in_a_known_wing():
    assert all(rank(module) >= 0 for module in MODULES), [m for m in MODULES if rank(m) < 0]


def test_no_import_circles():
    assert _cycles(GRAPH) == [], "import circles between lbpkit modules (break them; see CONTRIBUTING.md)"


def test_imports_go_down_the_wings():
    upward = [
        f"{source} ({wing(source)}) imports {target} ({wing(target)})"
        for source, targets in GRAPH.items()
        for target in sorted(targets)
        if wing(source) != wing(target) and rank(target) >= rank(source)
    ]
    assert upward == [], "imports must go down the wings (CONTRIBUTING.md, 'Where things live'):\n" + "\n".join(upward)


def test_the_engine_imports_nothing_above_it():
    assert all(wing(target) == "engine" for module, targets in GRAPH.items() if wing(module) == "engine"
               for target in targets)


def test_a_module_inside_a_wing_does_not_import_its_own_wing_package():
    # e.g. lbpkit.flares.twin importing lbpkit.flares: the package's __init__ imports the module back
    offenders = [f"{m} imports {t}" for m, targets in GRAPH.items() for t in targets
                 if t != "lbpkit" and m.startswith(t + ".")]
    assert offenders == []


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
])
def test_the_circle_finder_finds_circles(graph, expected):
    assert _cycles(graph) == expected


def test_the_rank_of_each_wing_is_as_documented():
    assert [rank(m) for m in ("lbpkit.engine.clogit", "lbpkit.estimate", "lbpkit.labs.referents", "lbpkit.flares.twin",
                              "lbpkit.widgets.base", "lbpkit.exercises.bank.nb03", "lbpkit")] == [0, 1, 2, 2, 3, 4, 5]
