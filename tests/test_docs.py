"""docs/instructor_guide.md and docs/glossary.md agree with the notebooks and the exercise bank.

- The guide's generated tables (time, objectives -> exercises, hints) equal a fresh rendering
  by tools/build_instructor_tables.py; every notebook appears in them.
- The three plans add up: the journal club to 90 minutes, each course session to 180, and the
  self-study week uses each notebook's own estimate; every exercise id the guide names exists, and
  every exercise with misconception hints is discussed in the misconceptions section.
- Every glossary link in a notebook resolves to a heading of docs/glossary.md; every glossary
  term is linked from some notebook; the terms the kit promises are present; "Introduced in"
  names the first notebook that links the term.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest

from lbpkit.exercises import get_exercise, list_exercises

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
GUIDE = DOCS / "instructor_guide.md"
GLOSSARY = DOCS / "glossary.md"
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]*_*.ipynb"))  # 05b sorts after 05
GLOSSARY_LINK = re.compile(r"\]\(([^)\s]*glossary\.md)(?:#([^)\s]*))?\)")
EXERCISE_ID = re.compile(r"`(\d\d[a-z]?\.[a-z0-9-]+)`")

# The terms the issue for the glossary promises, by the anchor a notebook would link to.
PROMISED_TERMS = {
    "hazard period": "hazard-period",
    "referent/control window": "referent-window",
    "induction time": "induction-time",
    "effect period": "effect-period",
    "discordant pair": "discordant-pair",
    "time-stratified": "time-stratified",
    "overlap bias": "overlap-bias",
    "case-time-control": "case-time-control",
    "conditional likelihood": "conditional-likelihood",
    "YLD": "yld",
    "uncertainty interval": "uncertainty-interval",
    "RMDQ": "rmdq",
    "flare": "flare",
    "E-value": "e-value",
}


def github_anchor(heading: str) -> str:
    """GitHub's heading anchor, written out independently of the site builder."""
    text = heading.strip().lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def _load_tool(name: str):
    path = REPO / "tools" / f"{name}.py"
    sys.path.insert(0, str(path.parent))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up in sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tables():
    return _load_tool("build_instructor_tables")


@pytest.fixture(scope="module")
def fresh(tables):
    return tables.render_all()


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def front_matter(tables):
    return {info.number: info for info in tables.notebooks()}


# --- the instructor guide's generated tables ---------------------------------------------------


def test_generated_blocks_are_up_to_date(tables, fresh, guide):
    current = tables.blocks_in(guide)
    assert set(current) == set(fresh), "the guide needs one marker pair per generated block"
    stale = [name for name in fresh if current[name] != fresh[name]]
    assert not stale, f"out of date: {stale}; run .venv/bin/python tools/build_instructor_tables.py"


def test_every_notebook_is_in_the_generated_tables(fresh):
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        assert f"`{path.stem}`" in fresh["minutes"], f"{path.name} missing from the time table"
        assert f"(`{path.name}`)" in fresh["objectives"], f"{path.name} missing from the objectives map"


def test_every_exercise_is_mapped_to_exactly_one_objective(fresh):
    objectives_block = fresh["objectives"]
    for ex_id in list_exercises()["id"]:
        assert objectives_block.count(f"`{ex_id}`") == 1, ex_id


def test_objective_fragments_must_match_one_objective(tables):
    with pytest.raises(ValueError, match="matches 0 objectives"):
        tables.objective_index("03.pair-or", ("an objective that mentions nothing relevant",))
    with pytest.raises(ValueError, match="not mapped"):
        tables.objective_index("99.unknown", ("anything",))


def test_minutes_totals_are_the_sum_of_the_notebooks(fresh, front_matter):
    totals = re.search(r"\*\*All notebooks\*\* \| \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\*", fresh["minutes"])
    assert totals, "the time table needs its totals row"
    teaching, exercises, total = map(int, totals.groups())
    assert teaching == sum(i.minutes["teaching"] for i in front_matter.values())
    assert exercises == sum(i.minutes["exercises"] for i in front_matter.values())
    assert total == teaching + exercises


def test_update_replaces_only_the_marked_blocks(tables):
    text = "before\n<!-- BEGIN GENERATED: minutes -->\nold\n<!-- END GENERATED: minutes -->\nafter\n"
    new = tables.update(text, {"minutes": "new\n"})
    assert new == "before\n<!-- BEGIN GENERATED: minutes -->\nnew\n<!-- END GENERATED: minutes -->\nafter\n"
    with pytest.raises(ValueError, match="no marker pair"):
        tables.update("no markers here", {"minutes": "x"})


# --- the three plans ---------------------------------------------------------------------------


def _section(text: str, heading_start: str) -> str:
    """The text under the first heading that starts with ``heading_start``, up to the next heading."""
    match = re.search(rf"^(#+) {re.escape(heading_start)}.*$", text, flags=re.MULTILINE)
    assert match, f"no heading starting with {heading_start!r}"
    level = len(match.group(1))
    rest = text[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.MULTILINE)
    return rest[: end.start()] if end else rest


def _table(section: str) -> list[dict[str, str]]:
    """The first Markdown table in a section, as a list of rows keyed by column header."""
    lines = [line for line in section.splitlines() if line.startswith("|")]
    assert len(lines) >= 3, "no table found"
    split = lambda line: [cell.strip() for cell in line.strip().strip("|").split("|")]  # noqa: E731
    header = split(lines[0])
    rows = [dict(zip(header, split(line))) for line in lines[2:]]
    assert all(len(row) == len(header) for row in rows)
    return rows


def _notebooks_named(cell: str) -> list[str]:
    return re.findall(r"\b(\d\d[a-z]?)\b", cell)


def test_journal_club_plan_adds_up_to_90_minutes(guide, front_matter):
    rows = _table(_section(guide, "Plan A"))
    assert sum(int(row["Minutes"]) for row in rows) == 90
    for row in rows:
        assert all(n in front_matter for n in _notebooks_named(row["Notebook"])), row


def test_course_module_has_two_sessions_of_three_hours(guide, front_matter):
    rows = _table(_section(guide, "Plan B"))
    sessions: dict[str, int] = {}
    for row in rows:
        sessions[row["Session"]] = sessions.get(row["Session"], 0) + int(row["Minutes"])
        assert all(n in front_matter for n in _notebooks_named(row["Notebook"])), row
    assert sessions == {"1": 180, "2": 180}
    # Every notebook of Parts II and III is taught in a session.
    taught = {n for row in rows for n in _notebooks_named(row["Notebook"])}
    assert {"03", "04", "05", "06", "07", "08"} <= taught
    # No session gives a notebook more time than its own estimate.
    for session in sessions:
        per_notebook: dict[str, int] = {}
        for row in rows:
            named = _notebooks_named(row["Notebook"])
            if row["Session"] == session and len(named) == 1:
                per_notebook[named[0]] = per_notebook.get(named[0], 0) + int(row["Minutes"])
        for number, minutes in per_notebook.items():
            assert minutes <= front_matter[number].total, (session, number, minutes)


def test_self_study_week_uses_each_notebooks_estimate_once(guide, front_matter):
    rows = _table(_section(guide, "Plan C"))
    seen = []
    days: dict[str, int] = {}
    for row in rows:
        days[row["Day"]] = days.get(row["Day"], 0) + int(row["Minutes"])
        named = _notebooks_named(row["Notebook"])
        if named:
            assert len(named) == 1, row
            seen.append(named[0])
            assert int(row["Minutes"]) == front_matter[named[0]].total, (
                f"notebook {named[0]}: the plan gives {row['Minutes']} min, the notebook says "
                f"{front_matter[named[0]].total}"
            )
    assert sorted(seen) == sorted(front_matter), "each notebook once in the self-study week"
    assert len(days) == 5, "a week of five study days"
    assert all(minutes <= 180 for minutes in days.values()), days


def test_exercise_ids_named_in_the_guide_exist(guide):
    for ex_id in set(EXERCISE_ID.findall(guide)):
        get_exercise(ex_id)  # raises ValueError for an unknown id


def test_every_misconception_hint_is_discussed(guide):
    prose = _section(guide, "Common misconceptions")
    cited = set(EXERCISE_ID.findall(prose))
    with_hints = {ex_id for ex_id in list_exercises()["id"] if get_exercise(ex_id).hints}
    assert with_hints, "the bank has misconception hints"
    missing = sorted(with_hints - cited)
    assert not missing, f"exercises whose hints the misconceptions section does not discuss: {missing}"


# --- the glossary ------------------------------------------------------------------------------


def _glossary_headings() -> list[str]:
    return [line[3:].strip() for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]


def _glossary_entries() -> dict[str, str]:
    text = GLOSSARY.read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return {github_anchor(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}


def _notebook_links() -> list[tuple[str, str, str]]:
    """(notebook file name, link target, anchor) of every glossary link in markdown cells."""
    links = []
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                links += [(path.name, target, anchor or "") for target, anchor in GLOSSARY_LINK.findall(cell.source)]
    return links


def test_glossary_anchor_rule():
    assert github_anchor("Hazard period") == "hazard-period"
    assert github_anchor("Cohen's f2") == "cohens-f2"
    assert github_anchor("Mantel–Haenszel") == "mantelhaenszel"  # an en dash is dropped, not kept


def jupyterlab_heading_id(heading: str) -> str:
    """The id JupyterLab 4 gives a rendered heading: its text with each space turned into "-".

    Case and punctuation are kept (``createHeaderId`` in @jupyterlab/rendermime, read from the
    bundle in jupyterlab/static); by default it is stored as ``data-jupyter-id``, where JupyterLab
    also moves any ``id`` written in the markdown, and ``setFragment`` looks the link's fragment up
    there, undecoded.
    """
    return heading.strip().replace(" ", "-")


def _jupyterlab_targets() -> set[str]:
    """Every fragment JupyterLab can land on in the glossary: explicit anchors and heading ids."""
    text = GLOSSARY.read_text(encoding="utf-8")
    return set(re.findall(r'<a id="([^"]+)"></a>', text)) | {jupyterlab_heading_id(h) for h in _glossary_headings()}


def test_jupyterlab_heading_id_rule():
    assert jupyterlab_heading_id("Hazard period") == "Hazard-period"  # case kept: not GitHub's anchor
    assert jupyterlab_heading_id("Cohen's f2") == "Cohen's-f2"


def test_every_glossary_heading_has_its_explicit_anchor_just_above():
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("## "):
            assert lines[i - 1] == f'<a id="{github_anchor(line[3:])}"></a>', f"no anchor line above {line!r}"


def test_every_glossary_link_lands_on_a_term_in_jupyterlab():
    targets = _jupyterlab_targets()
    text = GLOSSARY.read_text(encoding="utf-8")
    fragments = [anchor for _, _, anchor in _notebook_links() if anchor] + re.findall(r"\]\(#([^)]+)\)", text)
    for path in [*DOCS.glob("*.md"), REPO / "README.md"]:
        fragments += [anchor for _, anchor in GLOSSARY_LINK.findall(path.read_text(encoding="utf-8")) if anchor]
    missing = sorted({f for f in fragments if f not in targets})
    assert not missing, f"fragments JupyterLab would not find in docs/glossary.md: {missing}"


def test_glossary_headings_are_unique_and_alphabetical():
    headings = _glossary_headings()
    anchors = [github_anchor(h) for h in headings]
    assert len(set(anchors)) == len(anchors), "two terms with the same anchor"
    assert headings == sorted(headings, key=str.lower), "keep the terms in alphabetical order"


def test_site_builder_gives_the_same_anchors():
    slugify = _load_tool("build_site").slugify
    for heading in _glossary_headings():
        assert slugify(heading) == github_anchor(heading), heading


def test_every_notebook_glossary_link_resolves():
    links = _notebook_links()
    assert links, "the notebooks link no glossary terms"
    anchors = set(_glossary_entries())
    for name, target, anchor in links:
        assert (REPO / "notebooks" / target).resolve() == GLOSSARY.resolve(), f"{name}: link to {target}"
        assert anchor in anchors, f"{name} links glossary.md#{anchor}, which is not a heading of docs/glossary.md"


def test_no_link_with_an_unformatted_placeholder():
    # A glossary link written as ({G}#term) in a source that is not an f-string reaches the notebook
    # as a broken link; it does not match GLOSSARY_LINK, so look for it separately.
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                broken = re.findall(r"\]\(([^)\s]*[{}][^)\s]*)\)", cell.source)
                assert not broken, f"{path.name}: unformatted link target(s) {broken}; rebuild from an f-string"


def test_every_glossary_term_is_linked_from_a_notebook():
    linked = {anchor for _, _, anchor in _notebook_links()}
    unlinked = sorted(set(_glossary_entries()) - linked)
    assert not unlinked, f"glossary terms no notebook links to (link them or drop them): {unlinked}"


def test_promised_terms_are_present():
    entries = _glossary_entries()
    missing = [term for term, anchor in PROMISED_TERMS.items() if anchor not in entries]
    assert not missing, missing
    assert "control window" in entries["referent-window"], "the referent window entry names 'control window'"


def test_introduced_in_names_the_first_linking_notebook():
    first: dict[str, str] = {}
    for name, _, anchor in _notebook_links():  # NOTEBOOKS are in learning-path order
        first.setdefault(anchor, name)
    for anchor, body in _glossary_entries().items():
        found = re.findall(r"\*Introduced in:\* \[[^\]]+\]\(\.\./notebooks/([^)]+)\)", body)
        assert found == [first.get(anchor)], f"{anchor}: says {found}, first linked in {first.get(anchor)}"
        assert (REPO / "notebooks" / found[0]).is_file()


def test_glossary_internal_links_resolve():
    text = GLOSSARY.read_text(encoding="utf-8")
    anchors = set(_glossary_entries())
    for anchor in re.findall(r"\]\(#([^)]+)\)", text):
        assert anchor in anchors, anchor
    for anchor, body in _glossary_entries().items():
        assert "*See also:*" in body, f"{anchor} has no 'See also' line"


def test_docs_glossary_links_resolve():
    anchors = set(_glossary_entries())
    for path in [*DOCS.glob("*.md"), REPO / "README.md"]:
        for target, anchor in GLOSSARY_LINK.findall(path.read_text(encoding="utf-8")):
            assert (path.parent / target).resolve() == GLOSSARY.resolve(), f"{path.name}: {target}"
            assert not anchor or anchor in anchors, f"{path.name} links glossary.md#{anchor}"


def test_glossary_fragments_are_merged():
    fragments = sorted(p.name for p in DOCS.glob("glossary_*.md"))
    assert not fragments, f"merge {fragments} into docs/glossary.md, then delete them"
