"""The offline HTML site (`make html`, tools/build_site.py): pages, links, maths, solutions.

The site is built once into a temporary folder from the committed notebooks (nothing is
executed), so these tests take seconds.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import build_site  # noqa: E402

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
DOCS = sorted((REPO / "docs").glob("*.md"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


class _Page(HTMLParser):
    """Ids, links and resources of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []  # <a href>, <img src>
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.details_classes: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        for key in ("id", "name"):
            if key in found and tag != "meta":
                self.ids.add(found[key])
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag == "img" and "src" in found:
            self.links.append(found["src"])
        if tag == "script" and "src" in found:
            self.scripts.append(found["src"])
        if tag == "link" and "href" in found:
            self.stylesheets.append(found["href"])
        if tag == "details":
            self.details_classes.append(found.get("class", ""))


def _is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "html"
    report = build_site.build_site(out)
    pages = {
        path.relative_to(out).as_posix(): _Page(path.read_text(encoding="utf-8"))
        for path in out.rglob("*.html")
        if not path.relative_to(out).as_posix().startswith("_static/")
    }
    return out, report, pages


def test_notebooks_exist():
    assert NOTEBOOKS, "no notebooks/*.ipynb found"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_has_a_page_with_its_outputs(site, notebook):
    out, _, _ = site
    page = out / f"{notebook.stem}.html"
    assert page.is_file(), f"no page for {notebook.name}"
    text = page.read_text(encoding="utf-8")
    nb = nbformat.read(notebook, as_version=4)
    title = build_site.read_notebook_info(notebook).title
    assert f"<title>{html.escape(title, quote=False)}</title>" in text
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:  # every stored plot is embedded, unchanged (not re-executed)
                assert png.strip()[:200] in text, f"a plot of {notebook.name} is missing from its page"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_solutions_are_collapsed_and_widgets_explained(site, notebook):
    _, _, pages = site
    page = pages[f"{notebook.stem}.html"]
    cells = nbformat.read(notebook, as_version=4).cells
    solutions = [c for c in cells if "solution" in c.metadata.get("tags", [])]
    assert page.details_classes.count("lbpkit-solution") == len(solutions)
    html_text = (site[0] / f"{notebook.stem}.html").read_text(encoding="utf-8")
    # Closed folds only, and no verdict or solution code on the page outside them.
    assert "<details open" not in html_text
    outside = re.sub(r"<details\b.*?</details>", "", html_text, flags=re.S)
    assert not re.search(r"✔ Exercise [^<]*</b>: Checks passed", outside), "a solution's verdict is outside its fold"
    # the cell's first line, "%%solution NN.slug" (notebook 00's text may name the magic itself)
    assert not re.search(r"%%solution\s+\d", outside), "the hidden input of a solution cell is on the page"
    widget_outputs = sum(
        WIDGET_MIME in output.get("data", {}) for c in cells for output in c.get("outputs", [])
    )
    text = (site[0] / f"{notebook.stem}.html").read_text(encoding="utf-8")
    assert text.count("kit-widget-note") == widget_outputs


def test_index_lists_every_notebook_in_order_and_the_docs(site):
    out, _, pages = site
    index_links = [link for link in pages["index.html"].links if not _is_external(link)]
    notebook_links = [link for link in index_links if link in {f"{nb.stem}.html" for nb in NOTEBOOKS}]
    # first appearance of each notebook page, in learning-path order
    seen = list(dict.fromkeys(notebook_links))
    assert seen == [f"{nb.stem}.html" for nb in NOTEBOOKS]
    index_text = (out / "index.html").read_text(encoding="utf-8")
    for notebook in NOTEBOOKS:
        info = build_site.read_notebook_info(notebook)
        for objective in info.objectives:
            # objectives are rendered Markdown; compare their plain words
            words = [w for w in objective.replace("`", " ").split() if w.isalpha()][:3]
            assert all(w in index_text for w in words), objective
    for doc in DOCS:
        assert f"{doc.stem}.html" in index_links, f"index does not link {doc.name}"
        assert (out / f"{doc.stem}.html").is_file()


def test_every_internal_link_and_anchor_resolves(site):
    out, report, pages = site
    missing = Counter(href.split("#", 1)[0] for _, href in report.unresolved)
    assert not missing, "links to files that do not exist (target: number of links): " + ", ".join(
        f"{target or '(empty)'}: {count}" for target, count in sorted(missing.items())
    ) + f"; first few: {report.unresolved[:5]}"
    broken = []
    for name, page in pages.items():
        base = (out / name).parent
        for link in page.links:
            if not link or _is_external(link):
                continue
            parts = urlsplit(link)
            target = (base / unquote(parts.path)).resolve() if parts.path else (out / name).resolve()
            if not target.is_file() or not target.is_relative_to(out.resolve()):
                broken.append((name, link, "missing file"))
                continue
            if parts.fragment and target.suffix == ".html":
                target_name = target.relative_to(out.resolve()).as_posix()
                # Browsers try the fragment as written, then percent-decoded (HTML "indicated part").
                ids = pages[target_name].ids
                if parts.fragment not in ids and unquote(parts.fragment) not in ids:
                    broken.append((name, link, "missing anchor"))
    assert broken == []


def test_maths_is_rendered_by_a_local_mathjax_and_nothing_loads_from_the_network(site):
    out, _, pages = site
    assert (out / build_site.MATHJAX_DIR / "MathJax.js").is_file()
    # the configuration and fonts the pages ask for are shipped with it
    mathjax = out / build_site.MATHJAX_DIR
    assert (mathjax / "config" / "TeX-AMS-MML_HTMLorMML-full.js").is_file()
    assert (mathjax / "jax" / "output" / "HTML-CSS" / "fonts" / "STIX-Web" / "fontdata.js").is_file()
    assert list((mathjax / "fonts" / "HTML-CSS" / "STIX-Web" / "woff").glob("*.woff"))
    for name, page in pages.items():
        if name.startswith("_files/"):
            continue
        assert any(src.startswith(f"{build_site.MATHJAX_DIR}/MathJax.js") for src in page.scripts), (
            f"{name} does not load the local MathJax"
        )
        remote = [src for src in page.scripts + page.stylesheets if _is_external(src)]
        assert remote == [], f"{name} loads {remote}: the site must work offline"


def _markdown_cell(text):
    return nbformat.v4.new_markdown_cell(text)


def test_links_are_rewritten_for_the_site_and_unknown_ones_reported(tmp_path):
    root = tmp_path / "kit"
    (root / "notebooks").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "data").mkdir()
    (root / "data" / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "docs" / "glossary.md").write_text(
        "# Glossary\n\n## Hazard period\nThe window $t_0 - h$ to $t_0$ before the event.\n", encoding="utf-8"
    )
    first = nbformat.v4.new_notebook(
        cells=[
            _markdown_cell("# 01 · First\n\n**You will learn to**\n\n- read"),
            _markdown_cell(
                "See the [hazard period](../docs/glossary.md#hazard-period), [the next](02_second.ipynb), "
                "[the data](../data/table.csv) and [nothing](../data/missing.csv)."
            ),
        ],
        metadata={"lbpkit": {"objectives": ["read"], "minutes": {"teaching": 5, "exercises": 5}, "prerequisites": []}},
    )
    second = nbformat.v4.new_notebook(cells=[_markdown_cell("# 02 · Second")])
    nbformat.write(first, root / "notebooks" / "01_first.ipynb")
    nbformat.write(second, root / "notebooks" / "02_second.ipynb")

    report = build_site.build_site(tmp_path / "out", root=root)

    page = _Page((tmp_path / "out" / "01_first.html").read_text(encoding="utf-8"))
    assert "glossary.html#hazard-period" in page.links
    assert "02_second.html" in page.links
    assert "_files/data/table.csv" in page.links
    assert (tmp_path / "out" / "_files" / "data" / "table.csv").read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert report.unresolved == [("01_first.html", "../data/missing.csv")]
    glossary = (tmp_path / "out" / "glossary.html").read_text(encoding="utf-8")
    assert 'id="hazard-period"' in glossary
    assert "$t_0 - h$" in glossary  # maths left intact for MathJax (no <em> from the underscores)
    index = _Page((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert {"01_first.html", "02_second.html", "glossary.html"} <= set(index.links)


def test_a_folder_not_built_by_the_script_is_never_emptied(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="not built by this script"):
        build_site.build_site(tmp_path)
    assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "keep me"


def test_notebook_json_is_what_the_site_reads():
    # The learning path needs the front-matter metadata; a notebook without it would show blanks.
    for notebook in NOTEBOOKS:
        meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("lbpkit", {})
        assert {"objectives", "minutes", "prerequisites"} <= meta.keys(), notebook.name


def test_every_page_names_the_kit_version_and_links_the_changelog(site):
    import lbpkit

    out, _, pages = site
    assert build_site.kit_version(build_site.ROOT) == lbpkit.__version__
    assert f"Version {lbpkit.__version__} of the kit." in (out / "index.html").read_text(encoding="utf-8")
    for name, page in pages.items():
        if name.startswith("_files/"):
            continue
        text = (out / name).read_text(encoding="utf-8")
        assert f"kit version {lbpkit.__version__}" in text, f"{name} does not name the version"
        assert "changelog.html" in page.links, f"{name} does not link the changelog"
    assert (out / "changelog.html").is_file()
